//! `hdl/src/board/uart.rs`: `UartRx` and `UartTx` alone against the line model of
//! `testbenches/src/sim_serial.rs` (`serialise` for the levels a sender puts on the line, `Receiver`
//! for the host's receiver), at the iCEBreaker's real bit time (`ICEBREAKER_CLOCKS_PER_BIT`, 12 MHz
//! at 115,200 baud) and at an odd one (half a bit rounds down). Compared per byte: the bytes and the
//! clock at which each arrives, derived from the timing the module documents.

use flux_hdl::board_top::ICEBREAKER_CLOCKS_PER_BIT;
use flux_hdl::uart::{UartConfig, UartRx, UartTx};
use flux_sim::testing::{SplitMix64, seed};
use flux_testbenches::block::{self, Block, BlockDesign, block_for_test};
use flux_testbenches::sim_serial::{Receiver, serialise};

use crate::design;

/// An odd bit time: `cpb / 2` rounds down, so the middle of a bit is early by half a clock.
const ODD_CLOCKS_PER_BIT: u32 = 7;

fn rx_design(cpb: u32) -> BlockDesign {
    design(
        &format!("uart_rx_cpb{cpb}"),
        UartRx::new(UartConfig::new(cpb).unwrap()),
    )
}

fn tx_design(cpb: u32) -> BlockDesign {
    design(
        &format!("uart_tx_cpb{cpb}"),
        UartTx::new(UartConfig::new(cpb).unwrap()),
    )
}

/// A byte at clock `clock` (the clock after which it is out).
type Arrival = (u64, u8);

/// The first difference of two arrival lists, as a message naming the byte's index, its clock and
/// its value on both sides.
fn first_difference(seed: u64, what: &str, block: &[Arrival], model: &[Arrival]) -> Option<String> {
    let show = |a: Option<&Arrival>| match a {
        Some((c, b)) => format!("{b:#04x} at clock {c}"),
        None => "nothing".into(),
    };
    (0..block.len().max(model.len()))
        .find(|&i| block.get(i) != model.get(i))
        .map(|i| {
            format!(
                "seed {seed:#x}, {what}: byte {i}: block {}, model {}",
                show(block.get(i)),
                show(model.get(i))
            )
        })
}

/// The line levels of `bytes` random bytes, one per clock, with random idle gaps, glitches (a low
/// pulse shorter than half a bit) and bytes whose stop bit is low (framing errors); and the bytes
/// a receiver must deliver, each with the clock that began its start bit.
fn random_line(rng: &mut SplitMix64, cpb: u32, bytes: usize) -> (Vec<u8>, Vec<Arrival>) {
    let c = cpb as usize;
    let mut levels = vec![1u8; c];
    let mut sent = Vec::new();
    for _ in 0..bytes {
        levels.extend(std::iter::repeat_n(1, rng.below(3 * cpb as u64) as usize));
        match rng.below(10) {
            0 if cpb / 2 > 1 => {
                // Low for 1..cpb/2 clocks: high again at the start bit's middle, so no byte.
                let low = 1 + rng.below(u64::from(cpb / 2 - 1)) as usize;
                levels.extend(std::iter::repeat_n(0, low));
                levels.extend(std::iter::repeat_n(1, c));
            }
            1 => {
                // A low stop bit, then two idle bit times (the receiver drops the byte and finds
                // the line high at the middle of what follows).
                let start = levels.len();
                serialise(rng.next() as u8, c, &mut levels);
                levels[start + 9 * c..].fill(0);
                levels.extend(std::iter::repeat_n(1, 2 * c));
            }
            _ => {
                let b = rng.next() as u8;
                sent.push((levels.len() as u64, b));
                serialise(b, c, &mut levels);
            }
        }
    }
    levels.extend(std::iter::repeat_n(1, 2 * c));
    (levels, sent)
}

fn rx_receives_what_the_line_carries(cpb: u32, default_seed: u64) {
    let seed = seed(default_seed);
    let mut rng = SplitMix64(seed);
    let Some(mut rx) = block_for_test(&rx_design(cpb)) else {
        return;
    };
    let (levels, sent) = random_line(&mut rng, cpb, 60);
    let mut twin = Receiver::new(cpb);
    let (mut block_got, mut twin_got) = (Vec::new(), Vec::new());
    for (clock, &level) in levels.iter().enumerate() {
        let clock = clock as u64;
        rx.set("rx", level.into());
        rx.tick();
        if rx.get_bool("valid") {
            block_got.push((clock, rx.get("data") as u8));
        }
        if let Some(b) = twin.clock(level) {
            twin_got.push((clock, b));
        }
    }
    // The twin and the block agree on the bytes; the clocks differ by the block's synchroniser.
    let strip = |a: &[Arrival]| a.iter().map(|&(_, b)| b).collect::<Vec<u8>>();
    assert_eq!(
        strip(&block_got),
        strip(&twin_got),
        "seed {seed:#x}: bytes of UartRx (left) and of the line model's receiver (right) differ"
    );
    // `valid` follows the clock of the start bit's first low level by 2 (the synchroniser: the
    // level reaches `sync2` two edges later) + cpb/2 (to the start bit's middle) + 9 bit times (to
    // the stop bit's middle): the "2 + 9.5 bit times" of `uart.rs`.
    let want: Vec<Arrival> = sent
        .iter()
        .map(|&(start, b)| (start + 2 + u64::from(cpb / 2 + 9 * cpb), b))
        .collect();
    if let Some(d) = first_difference(seed, "UartRx", &block_got, &want) {
        panic!("{d}");
    }
}

#[test]
fn uart_rx_receives_what_the_line_carries_at_the_real_bit_time() {
    rx_receives_what_the_line_carries(ICEBREAKER_CLOCKS_PER_BIT, 0x0A27_0001);
}

#[test]
fn uart_rx_receives_what_the_line_carries_at_an_odd_bit_time() {
    rx_receives_what_the_line_carries(ODD_CLOCKS_PER_BIT, 0x0A27_0002);
}

/// Clocks `tx` with random bytes offered at random times (and offered again while busy, which must
/// be ignored): the levels of `tx` after each clock, and each byte with the clock that took it.
fn run_tx(tx: &mut Block, rng: &mut SplitMix64, cpb: u32, bytes: usize) -> (Vec<u8>, Vec<Arrival>) {
    let mut levels = Vec::new();
    let mut taken = Vec::new();
    while taken.len() < bytes {
        let busy = tx.get_bool("busy");
        // Offer a byte one clock in three (also while busy: ignored).
        let offer = rng.below(3) == 0;
        let b = rng.next() as u8;
        tx.set("start", offer.into());
        tx.set("data", b.into());
        tx.tick();
        if offer && !busy {
            taken.push((levels.len() as u64, b));
        }
        levels.push(tx.get("tx") as u8);
    }
    tx.set("start", 0);
    for _ in 0..11 * cpb {
        tx.tick();
        levels.push(tx.get("tx") as u8);
    }
    (levels, taken)
}

fn tx_sends_what_the_line_model_receives(cpb: u32, default_seed: u64) {
    let seed = seed(default_seed);
    let mut rng = SplitMix64(seed);
    let Some(mut tx) = block_for_test(&tx_design(cpb)) else {
        return;
    };
    assert!(tx.get_bool("tx"), "the line idles high after power-up");
    let (levels, taken) = run_tx(&mut tx, &mut rng, cpb, 60);
    let mut twin = Receiver::new(cpb);
    let got: Vec<Arrival> = levels
        .iter()
        .enumerate()
        .filter_map(|(clock, &l)| twin.clock(l).map(|b| (clock as u64, b)))
        .collect();
    // The start bit is on `tx` right after the edge that takes the byte (a registered output), so
    // the line model's receiver has the byte at the middle of its stop bit, 9 bit times + cpb/2
    // after that edge. Bytes offered while busy never appear.
    let want: Vec<Arrival> = taken
        .iter()
        .map(|&(clock, b)| (clock + u64::from(9 * cpb + cpb / 2), b))
        .collect();
    if let Some(d) = first_difference(seed, "UartTx", &got, &want) {
        panic!("{d}");
    }
    assert_eq!(
        twin.framing_errors(),
        0,
        "seed {seed:#x}: UartTx sent a low stop bit"
    );
}

#[test]
fn uart_tx_sends_what_the_line_model_receives_at_the_real_bit_time() {
    tx_sends_what_the_line_model_receives(ICEBREAKER_CLOCKS_PER_BIT, 0x0A27_0003);
}

#[test]
fn uart_tx_sends_what_the_line_model_receives_at_an_odd_bit_time() {
    tx_sends_what_the_line_model_receives(ODD_CLOCKS_PER_BIT, 0x0A27_0004);
}

/// `UartTx`'s line into `UartRx`: every byte taken comes out. `rx` sees at its edge `k` the level
/// `tx` had after the transmitter's edge `k` (a wire between two registers), so the start bit's
/// first low level enters the receiver at the edge that took the byte, and `valid` follows
/// 2 + cpb/2 + 9 bit times later (as `uart_rx_receives_what_the_line_carries`).
#[test]
fn uart_tx_into_rx_loops_back() {
    let seed = seed(0x0A27_0005);
    let mut rng = SplitMix64(seed);
    let cpb = ICEBREAKER_CLOCKS_PER_BIT;
    let (Some(mut tx), Some(mut rx)) = (
        block_for_test(&tx_design(cpb)),
        block_for_test(&rx_design(cpb)),
    ) else {
        return;
    };
    let (levels, taken) = run_tx(&mut tx, &mut rng, cpb, 40);
    let mut got = Vec::new();
    for (clock, &level) in levels.iter().enumerate() {
        rx.set("rx", level.into());
        rx.tick();
        if rx.get_bool("valid") {
            got.push((clock as u64, rx.get("data") as u8));
        }
    }
    let want: Vec<Arrival> = taken
        .iter()
        .map(|&(clock, b)| (clock + 2 + u64::from(cpb / 2 + 9 * cpb), b))
        .collect();
    if let Some(d) = first_difference(seed, "UartTx into UartRx", &got, &want) {
        panic!("{d}");
    }
}

#[test]
fn uarts_lint_with_verilator() {
    for cpb in [ICEBREAKER_CLOCKS_PER_BIT, ODD_CLOCKS_PER_BIT] {
        for d in [rx_design(cpb), tx_design(cpb)] {
            if block::lint(&d, &[]).is_none() {
                return;
            }
        }
    }
}

#[test]
fn uarts_synthesize_for_ice40() {
    for d in [
        rx_design(ICEBREAKER_CLOCKS_PER_BIT),
        tx_design(ICEBREAKER_CLOCKS_PER_BIT),
    ] {
        let Some(stat) = block::synth_ice40(&d, "") else {
            return;
        };
        // Counters and shift registers only: no RAM, no multiplier.
        assert_eq!(
            block::cell_count(&stat, "SB_RAM40_4K"),
            0,
            "{}: {stat}",
            d.name
        );
        assert!(
            block::cell_count(&stat, "SB_LUT4") > 0,
            "{}: {stat}",
            d.name
        );
    }
}
