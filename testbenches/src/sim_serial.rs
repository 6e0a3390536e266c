//! A simulated serial line: the host's bytes serialised into UART bit levels on a Verilated board
//! top's `rx` pin, its `tx` pin deserialised back into bytes (`docs/host_link.md` §1: 8 data bits,
//! no parity, 1 stop bit, LSB first, idle high), behind the host's [`Link`] trait, so the host
//! session that drives a real board through `serialport` drives the RTL unchanged.
//!
//! Time is the board's clock: a byte time is `10 * clocks_per_bit` clocks, and a `recv_byte`
//! timeout of `n` byte times clocks the board (with `rx` idle) for up to that many. Damage from a
//! [`FaultPlan`] is applied to the bytes, before serialisation towards the board and after
//! deserialisation towards the host.

use std::collections::VecDeque;

use flux_host::fault::{FaultCounts, FaultInjector, FaultPlan};
use flux_host::frame::BITS_PER_BYTE;
use flux_host::{Link, LinkError};

use crate::board_rtl::BoardRtl;

/// The two pins of a board's UART, clocked together: what the simulated line drives.
pub trait SerialPins {
    /// Clocks per UART bit.
    fn clocks_per_bit(&self) -> u32;
    /// Runs one clock per entry of `rx` with `rx` at that level, appending the `tx` level after
    /// each clock to `tx`.
    fn run_bits(&mut self, rx: &[u8], tx: &mut Vec<u8>);
    /// Runs `n` clocks with `rx` high, appending the `tx` levels.
    fn run_idle(&mut self, n: usize, tx: &mut Vec<u8>);
}

impl SerialPins for BoardRtl {
    fn clocks_per_bit(&self) -> u32 {
        BoardRtl::clocks_per_bit(self)
    }
    fn run_bits(&mut self, rx: &[u8], tx: &mut Vec<u8>) {
        BoardRtl::run_bits(self, rx, tx)
    }
    fn run_idle(&mut self, n: usize, tx: &mut Vec<u8>) {
        BoardRtl::run_idle(self, n, tx)
    }
}

/// The host's UART receiver on the board's `tx`: finds a start bit (a falling edge), samples each
/// bit in its middle, and keeps the byte when its stop bit is high. Public as the twin of the
/// board's `UartRx` in the block tests (`tests/blocks.rs`).
#[derive(Clone, Debug)]
pub struct Receiver {
    clocks_per_bit: u32,
    /// Clocks since the start bit's falling edge, while a byte is coming in.
    since_start: Option<u32>,
    byte: u8,
    /// After a low stop bit: wait for the line to go high before looking for a start bit.
    wait_high: bool,
    framing_errors: u64,
}

impl Receiver {
    /// A receiver for a bit time of `clocks_per_bit` clocks, the line idle.
    pub fn new(clocks_per_bit: u32) -> Self {
        Self {
            clocks_per_bit,
            since_start: None,
            byte: 0,
            wait_high: false,
            framing_errors: 0,
        }
    }

    /// One clock's `tx` level; a whole byte when this clock completed one.
    pub fn clock(&mut self, level: u8) -> Option<u8> {
        let high = level != 0;
        let Some(since) = self.since_start else {
            if self.wait_high {
                self.wait_high = !high;
            } else if !high {
                self.since_start = Some(0);
                self.byte = 0;
            }
            return None;
        };
        let since = since + 1;
        self.since_start = Some(since);
        let cpb = self.clocks_per_bit;
        // The first level seen low is the start bit's first clock, so bit `k` (start = 0, data
        // 1..=8, stop 9) is mid-way at `k * cpb + cpb / 2` clocks after it.
        if since < cpb / 2 || !(since - cpb / 2).is_multiple_of(cpb) {
            return None;
        }
        match (since - cpb / 2) / cpb {
            0 if high => {
                // A glitch, not a start bit.
                self.since_start = None;
                None
            }
            0 => None,
            k @ 1..=8 => {
                self.byte |= u8::from(high) << (k - 1);
                None
            }
            _ => {
                self.since_start = None;
                if high {
                    Some(self.byte)
                } else {
                    self.framing_errors += 1;
                    self.wait_high = true;
                    None
                }
            }
        }
    }

    /// A byte is coming in.
    pub fn busy(&self) -> bool {
        self.since_start.is_some()
    }

    /// Bytes dropped for a low stop bit.
    pub fn framing_errors(&self) -> u64 {
        self.framing_errors
    }
}

/// Appends the line levels of one byte, one per clock: start bit (low), 8 data bits LSB first,
/// stop bit (high), each held for `clocks_per_bit` clocks.
pub fn serialise(byte: u8, clocks_per_bit: usize, levels: &mut Vec<u8>) {
    let bits = std::iter::once(0)
        .chain((0..8).map(|k| (byte >> k) & 1))
        .chain(std::iter::once(1));
    for bit in bits {
        levels.extend(std::iter::repeat_n(bit, clocks_per_bit));
    }
}

/// A [`Link`] to a board through its UART pins.
pub struct SimSerial<P: SerialPins> {
    pins: P,
    receiver: Receiver,
    /// Bytes received and not yet handed to the host.
    received: VecDeque<u8>,
    /// Scratch for `tx` levels.
    tx: Vec<u8>,
    faults: FaultInjector,
    /// Clocks run.
    clocks: u64,
}

impl<P: SerialPins> SimSerial<P> {
    /// A clean line to `pins`.
    pub fn new(pins: P) -> Self {
        Self::with_faults(pins, FaultPlan::none())
    }

    /// A line that damages bytes as `plan` says.
    pub fn with_faults(pins: P, plan: FaultPlan) -> Self {
        let receiver = Receiver::new(pins.clocks_per_bit());
        Self {
            pins,
            receiver,
            received: VecDeque::new(),
            tx: Vec::new(),
            faults: FaultInjector::new(plan),
            clocks: 0,
        }
    }

    /// Replaces the fault plan; its positions count from the bytes carried so far.
    pub fn set_faults(&mut self, plan: FaultPlan) {
        let (sent, received) = self.faults.position();
        self.faults = FaultInjector::starting_at(plan, sent, received);
    }

    /// Faults applied since the plan was set.
    pub fn faults(&self) -> FaultCounts {
        self.faults.counts()
    }

    /// Clocks the board has run through this line.
    pub fn clocks(&self) -> u64 {
        self.clocks
    }

    /// Bytes from the board with a bad stop bit, dropped.
    pub fn framing_errors(&self) -> u64 {
        self.receiver.framing_errors
    }

    pub fn pins(&self) -> &P {
        &self.pins
    }

    /// The board resets: `pins` (a board just powered up, at the same bit time) takes the old
    /// one's place on the line. What the old board was sending is lost.
    pub fn power_cycle(&mut self, pins: P) {
        assert_eq!(pins.clocks_per_bit(), self.pins.clocks_per_bit());
        self.pins = pins;
        self.tx.clear();
    }

    fn clocks_per_byte(&self) -> u64 {
        u64::from(self.pins.clocks_per_bit() * BITS_PER_BYTE)
    }

    /// Feeds the `tx` levels of the last clocks to the receiver.
    fn take_tx(&mut self) {
        self.clocks += self.tx.len() as u64;
        for &level in &self.tx {
            if let Some(b) = self.receiver.clock(level) {
                self.received.push_back(b);
            }
        }
        self.tx.clear();
    }

    /// The next received byte that survives the fault plan.
    fn pop(&mut self) -> Option<u8> {
        if let Some(b) = self.faults.take_repeat() {
            return Some(b);
        }
        while let Some(b) = self.received.pop_front() {
            if let Some(b) = self.faults.to_host(b) {
                return Some(b);
            }
        }
        None
    }
}

impl SimSerial<BoardRtl> {
    /// The board's `reset` pin is held high for `clocks` clocks, the line idle: the board keeps its
    /// memories (unlike [`SimSerial::power_cycle`]) and restarts its link and its core's sequencing
    /// (`docs/host_link.md` §5). What it was sending is cut off.
    pub fn press_reset(&mut self, clocks: usize) {
        self.pins.set_reset(true);
        self.pins.run_idle(clocks, &mut self.tx);
        self.pins.set_reset(false);
        self.take_tx();
    }
}

impl<P: SerialPins> Link for SimSerial<P> {
    fn send(&mut self, bytes: &[u8]) -> Result<(), LinkError> {
        let cpb = self.pins.clocks_per_bit() as usize;
        let bytes = self.faults.to_board(bytes);
        let mut rx = Vec::with_capacity(bytes.len() * BITS_PER_BYTE as usize * cpb);
        for b in bytes {
            serialise(b, cpb, &mut rx);
        }
        self.pins.run_bits(&rx, &mut self.tx);
        self.take_tx();
        Ok(())
    }

    fn recv_byte(&mut self, timeout: u32) -> Result<Option<u8>, LinkError> {
        let byte_clocks = self.clocks_per_byte();
        let budget = u64::from(timeout) * byte_clocks;
        let mut waited = 0;
        loop {
            if let Some(b) = self.pop() {
                return Ok(Some(b));
            }
            // A byte that began within the timeout is waited for to its end.
            if waited >= budget && !self.receiver.busy() {
                return Ok(None);
            }
            self.pins.run_idle(byte_clocks as usize, &mut self.tx);
            waited += byte_clocks;
            self.take_tx();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `tx` follows `rx` one clock later: the line loops back.
    struct Loopback {
        cpb: u32,
        last: u8,
        /// Extra clocks of delay before an echoed byte appears, as levels queued.
        queued: VecDeque<u8>,
    }

    impl SerialPins for Loopback {
        fn clocks_per_bit(&self) -> u32 {
            self.cpb
        }
        fn run_bits(&mut self, rx: &[u8], tx: &mut Vec<u8>) {
            for &level in rx {
                self.queued.push_back(level);
                let out = self.queued.pop_front().unwrap_or(1);
                tx.push(self.last);
                self.last = out;
            }
        }
        fn run_idle(&mut self, n: usize, tx: &mut Vec<u8>) {
            self.run_bits(&vec![1; n], tx)
        }
    }

    fn loopback(cpb: u32) -> Loopback {
        Loopback {
            cpb,
            last: 1,
            queued: VecDeque::new(),
        }
    }

    #[test]
    fn bytes_come_back_through_a_loopback() {
        for cpb in [3, 4, 8, 104] {
            let mut line = SimSerial::new(loopback(cpb));
            let bytes: Vec<u8> = (0..=255).collect();
            line.send(&bytes).unwrap();
            let mut got = Vec::new();
            while let Some(b) = line.recv_byte(2).unwrap() {
                got.push(b);
            }
            assert_eq!(got, bytes, "clocks per bit {cpb}");
            assert_eq!(line.framing_errors(), 0);
            // 256 bytes of 10 bits of `cpb` clocks, then idle byte times until the timeout.
            assert!(line.clocks() >= 256 * 10 * u64::from(cpb));
        }
    }

    #[test]
    fn a_timeout_clocks_that_many_byte_times() {
        let mut line = SimSerial::new(loopback(8));
        assert_eq!(line.recv_byte(5).unwrap(), None);
        // Whole byte times are clocked: 5 of 80 clocks, plus the first check before any clock.
        assert_eq!(line.clocks(), 5 * 80);
    }

    #[test]
    fn faults_damage_the_echo() {
        use flux_host::fault::{Direction, Fault};
        let mut line = SimSerial::with_faults(
            loopback(8),
            FaultPlan::one(Direction::ToBoard, 1, Fault::Flip { bit: 0 }),
        );
        line.send(&[0x10, 0x20, 0x30]).unwrap();
        let got: Vec<u8> = std::iter::from_fn(|| line.recv_byte(2).unwrap()).collect();
        assert_eq!(got, [0x10, 0x21, 0x30]);
        line.set_faults(FaultPlan::one(Direction::ToHost, 0, Fault::Drop));
        line.send(&[1, 2]).unwrap();
        let got: Vec<u8> = std::iter::from_fn(|| line.recv_byte(2).unwrap()).collect();
        assert_eq!(got, [2]);
    }

    #[test]
    fn a_low_stop_bit_drops_the_byte() {
        let mut r = Receiver::new(4);
        // Start bit, eight 1s, a low stop bit, then idle.
        let mut levels = vec![0u8; 4];
        levels.extend([1u8; 32]);
        levels.extend([0u8; 4]);
        levels.extend([1u8; 8]);
        let got: Vec<u8> = levels.iter().filter_map(|&l| r.clock(l)).collect();
        assert!(got.is_empty());
        assert_eq!(r.framing_errors, 1);
    }
}
