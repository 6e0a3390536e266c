//! The serial line of the board top (`docs/host_link.md` §1): 8 data bits, no parity, 1 stop bit,
//! LSB first, idle high. `UartRx` and `UartTx` share one generator parameter, the bit time in
//! clocks ([`UartConfig`]).
//!
//! `UartRx` synchronises `rx` through two flip-flops, finds a start bit at its falling edge and
//! samples every bit in its middle (a countdown from the start edge: `CLOCKS_PER_BIT / 2` to the
//! middle of the start bit, then `CLOCKS_PER_BIT` per bit). A start bit that is high again at its
//! middle is a glitch and ignored; a byte whose stop bit is low is dropped (framing error). The
//! receiver is ready for the next start bit right after the middle of a stop bit, so it follows a
//! sender whose clock is a little faster. Latency: `valid` pulses 2 (synchroniser) + 9.5 bit times
//! after the start edge; throughput one byte per 10 bit times.
//!
//! `UartTx` sends `data` when `start` is high while `busy` is low: start bit, 8 data bits, stop bit,
//! each `CLOCKS_PER_BIT` clocks, `tx` straight from a flip-flop.

use rust_hdl::prelude::*;

/// Width of the bit-time counters: `CLOCKS_PER_BIT` is at most `2^BIT_TIME_W - 1`.
pub const BIT_TIME_W: usize = 12;

/// The smallest bit time: the receiver needs a distinct middle of the start bit.
pub const MIN_CLOCKS_PER_BIT: u32 = 4;

/// The largest bit time the counters hold.
pub const MAX_CLOCKS_PER_BIT: u32 = (1 << BIT_TIME_W) - 1;

/// Errors of a UART configuration.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum UartError {
    #[error(
        "clocks_per_bit is {0}; it must be in {MIN_CLOCKS_PER_BIT}..={MAX_CLOCKS_PER_BIT} (clock / baud rate, e.g. 104 for 12 MHz at 115,200 baud)"
    )]
    ClocksPerBit(u32),
    #[error(
        "{clock_hz} Hz / {clocks_per_bit} clocks per bit is {actual} baud, {permille} per mille from {baud}: more than the {MAX_RATE_ERROR_PERMILLE} per mille a UART tolerates (use a clock that divides better, e.g. from a PLL)"
    )]
    RateError {
        clock_hz: u64,
        baud: u64,
        clocks_per_bit: u32,
        actual: u64,
        permille: u64,
    },
}

/// The largest error of the line rate against the asked baud rate, in per mille: both ends sample
/// in the middle of each bit, so 10 bits may drift by less than half a bit between them, shared by
/// the two clocks' errors; under 2 % per end leaves margin (`docs/host_link.md` §1).
pub const MAX_RATE_ERROR_PERMILLE: u64 = 20;

/// The validated bit time of a UART.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UartConfig {
    clocks_per_bit: u32,
}

impl UartConfig {
    /// A bit time of `clocks_per_bit` clocks (the clock frequency over the baud rate, rounded).
    pub fn new(clocks_per_bit: u32) -> Result<Self, UartError> {
        if (MIN_CLOCKS_PER_BIT..=MAX_CLOCKS_PER_BIT).contains(&clocks_per_bit) {
            Ok(Self { clocks_per_bit })
        } else {
            Err(UartError::ClocksPerBit(clocks_per_bit))
        }
    }

    /// The bit time that a `clock_hz` clock gives at `baud` (rounded to the nearest clock),
    /// refused when the line rate it gives is [`MAX_RATE_ERROR_PERMILLE`] or more off `baud`.
    pub fn for_clock(clock_hz: u64, baud: u64) -> Result<Self, UartError> {
        let baud = baud.max(1);
        let cpb = (clock_hz + baud / 2) / baud;
        let config = Self::new(u32::try_from(cpb).unwrap_or(u32::MAX))?;
        let actual = clock_hz / cpb;
        // |actual - baud| / baud >= 2 %, in integers.
        let permille = actual.abs_diff(baud) * 1000 / baud;
        if actual.abs_diff(baud) * 1000 >= MAX_RATE_ERROR_PERMILLE * baud {
            return Err(UartError::RateError {
                clock_hz,
                baud,
                clocks_per_bit: config.clocks_per_bit,
                actual,
                permille,
            });
        }
        Ok(config)
    }

    /// Clocks per bit.
    pub fn clocks_per_bit(self) -> u32 {
        self.clocks_per_bit
    }

    fn bits(v: u32) -> Bits<BIT_TIME_W> {
        Bits::<BIT_TIME_W>::from(v as u64)
    }
}

/// Phase of the receiver.
#[derive(Copy, Clone, Debug, PartialEq, LogicState)]
pub enum RxPhase {
    Idle,
    Start,
    Data,
    Stop,
}

/// UART receiver.
#[derive(LogicBlock)]
pub struct UartRx {
    /// The clock.
    pub clock: Signal<In, Clock>,
    /// The serial input (asynchronous to `clock`; idle high).
    pub rx: Signal<In, bool>,
    /// A byte arrived: `data` is valid in this cycle only.
    pub valid: Signal<Out, bool>,
    /// The byte (valid with `valid`; held until the next byte).
    pub data: Signal<Out, Bits<8>>,

    sync1: DFF<bool>,
    sync2: DFF<bool>,
    phase: DFF<RxPhase>,
    countdown: DFF<Bits<BIT_TIME_W>>,
    bit_idx: DFF<Bits<3>>,
    shift: DFF<Bits<8>>,
    valid_r: DFF<bool>,
    /// `CLOCKS_PER_BIT - 1`: a full bit counted down to 0.
    full_bit: Constant<Bits<BIT_TIME_W>>,
    /// `CLOCKS_PER_BIT / 2 - 1`: from the start edge to the middle of the start bit.
    half_bit: Constant<Bits<BIT_TIME_W>>,
}

impl UartRx {
    /// A receiver for `config`'s bit time.
    pub fn new(config: UartConfig) -> Self {
        let cpb = config.clocks_per_bit;
        Self {
            clock: Default::default(),
            rx: Default::default(),
            valid: Default::default(),
            data: Default::default(),
            sync1: Default::default(),
            sync2: Default::default(),
            phase: Default::default(),
            countdown: Default::default(),
            bit_idx: Default::default(),
            shift: Default::default(),
            valid_r: Default::default(),
            full_bit: Constant::new(UartConfig::bits(cpb - 1)),
            half_bit: Constant::new(UartConfig::bits(cpb / 2 - 1)),
        }
    }
}

impl Logic for UartRx {
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(
            self, clock, sync1, sync2, phase, countdown, bit_idx, shift, valid_r
        );
        // The synchroniser's flip-flops power up high (idle), so reset does not look like a start.
        self.sync1.d.next = !self.rx.val();
        self.sync2.d.next = self.sync1.q.val();
        self.valid.next = self.valid_r.q.val();
        self.data.next = self.shift.q.val();
        self.valid_r.d.next = false;
        // `sync2` holds the inverted line, so its power-up 0 is "idle high".
        match self.phase.q.val() {
            RxPhase::Idle => {
                if self.sync2.q.val() {
                    self.phase.d.next = RxPhase::Start;
                    self.countdown.d.next = self.half_bit.val();
                }
            }
            RxPhase::Start => {
                self.countdown.d.next = self.countdown.q.val() - 1;
                if !self.countdown.q.val().any() {
                    if self.sync2.q.val() {
                        self.phase.d.next = RxPhase::Data;
                        self.countdown.d.next = self.full_bit.val();
                        self.bit_idx.d.next = 0.into();
                    } else {
                        self.phase.d.next = RxPhase::Idle;
                    }
                }
            }
            RxPhase::Data => {
                self.countdown.d.next = self.countdown.q.val() - 1;
                if !self.countdown.q.val().any() {
                    self.countdown.d.next = self.full_bit.val();
                    // LSB first: each bit enters at the top and moves down.
                    self.shift.d.next = (self.shift.q.val() >> 1)
                        | (bit_cast::<8, 1>((!self.sync2.q.val()).into()) << 7);
                    self.bit_idx.d.next = self.bit_idx.q.val() + 1;
                    if self.bit_idx.q.val().all() {
                        self.phase.d.next = RxPhase::Stop;
                    }
                }
            }
            RxPhase::Stop => {
                self.countdown.d.next = self.countdown.q.val() - 1;
                if !self.countdown.q.val().any() {
                    self.phase.d.next = RxPhase::Idle;
                    self.valid_r.d.next = !self.sync2.q.val();
                }
            }
        }
    }
}

/// UART transmitter.
#[derive(LogicBlock)]
pub struct UartTx {
    /// The clock.
    pub clock: Signal<In, Clock>,
    /// Send `data` (taken at this edge when `busy` is low).
    pub start: Signal<In, bool>,
    /// The byte to send.
    pub data: Signal<In, Bits<8>>,
    /// A byte is being sent (a new `start` is ignored).
    pub busy: Signal<Out, bool>,
    /// The serial output (registered; idle high).
    pub tx: Signal<Out, bool>,

    /// The frame still to send, LSB next: `{stop, data, start}`, shifted right once per bit.
    frame: DFF<Bits<10>>,
    bits_left: DFF<Bits<4>>,
    countdown: DFF<Bits<BIT_TIME_W>>,
    /// The inverted line, so that its power-up 0 is idle high.
    tx_n: DFF<bool>,
    full_bit: Constant<Bits<BIT_TIME_W>>,
    /// Bit 9 of `frame`: the stop bit.
    stop_bit: Constant<Bits<10>>,
}

impl UartTx {
    /// A transmitter for `config`'s bit time.
    pub fn new(config: UartConfig) -> Self {
        Self {
            clock: Default::default(),
            start: Default::default(),
            data: Default::default(),
            busy: Default::default(),
            tx: Default::default(),
            frame: Default::default(),
            bits_left: Default::default(),
            countdown: Default::default(),
            tx_n: Default::default(),
            full_bit: Constant::new(UartConfig::bits(config.clocks_per_bit - 1)),
            stop_bit: Constant::new(Bits::<10>::from(0x200)),
        }
    }
}

impl Logic for UartTx {
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(self, clock, frame, bits_left, countdown, tx_n);
        self.tx.next = !self.tx_n.q.val();
        self.busy.next = self.bits_left.q.val().any();
        if self.bits_left.q.val().any() {
            self.countdown.d.next = self.countdown.q.val() - 1;
            if !self.countdown.q.val().any() {
                self.countdown.d.next = self.full_bit.val();
                self.bits_left.d.next = self.bits_left.q.val() - 1;
                self.frame.d.next = self.frame.q.val() >> 1;
                // After the stop bit the line stays high (frame is 0 then, but `tx_n` is cleared).
                self.tx_n.d.next = !self.frame.q.val().get_bit(1);
                if self.bits_left.q.val() == 1 {
                    self.tx_n.d.next = false;
                }
            }
        } else if self.start.val() {
            // Start bit now; the data bits and the stop bit follow, one per bit time.
            self.frame.d.next = (bit_cast::<10, 8>(self.data.val()) << 1) | self.stop_bit.val();
            self.bits_left.d.next = 10.into();
            self.countdown.d.next = self.full_bit.val();
            self.tx_n.d.next = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bit_time_is_validated_with_a_message_naming_the_range() {
        assert_eq!(UartConfig::new(3), Err(UartError::ClocksPerBit(3)));
        assert_eq!(
            UartConfig::new(MAX_CLOCKS_PER_BIT + 1),
            Err(UartError::ClocksPerBit(MAX_CLOCKS_PER_BIT + 1))
        );
        assert!(UartError::ClocksPerBit(3).to_string().contains("4..=4095"));
        // 12 MHz / 115,200 = 104.17 -> 104; 25 MHz / 115,200 = 217.01 -> 217 (docs/host_link.md §1).
        assert_eq!(
            UartConfig::for_clock(12_000_000, 115_200)
                .unwrap()
                .clocks_per_bit(),
            104
        );
        assert_eq!(
            UartConfig::for_clock(25_000_000, 115_200)
                .unwrap()
                .clocks_per_bit(),
            217
        );
        // 12 MHz / 3 Mbaud = 4 exactly; 12 MHz at 1 Mbaud is 12 exactly.
        assert_eq!(
            UartConfig::for_clock(12_000_000, 3_000_000)
                .unwrap()
                .clocks_per_bit(),
            4
        );
        // 25 MHz / 3 Mbaud = 8.33 -> 8: 3.125 Mbaud, 4.1 % fast: refused.
        let err = UartConfig::for_clock(25_000_000, 3_000_000).unwrap_err();
        assert!(
            matches!(
                err,
                UartError::RateError {
                    clocks_per_bit: 8,
                    actual: 3_125_000,
                    permille: 41,
                    ..
                }
            ),
            "{err:?}"
        );
        assert!(err.to_string().contains("41 per mille"), "{err}");
        // 12 MHz at 230,400 baud: 52.08 -> 52, 0.16 % off; at 921,600: 13.02 -> 13, 0.16 %.
        assert!(UartConfig::for_clock(12_000_000, 230_400).is_ok());
        assert!(UartConfig::for_clock(12_000_000, 921_600).is_ok());
        // 12 MHz at 2 Mbaud = 6 exactly; at 2.5 Mbaud 4.8 -> 5: 2.4 Mbaud, 4 % slow: refused.
        assert!(UartConfig::for_clock(12_000_000, 2_000_000).is_ok());
        assert!(UartConfig::for_clock(12_000_000, 2_500_000).is_err());
    }
}
