//! `hdl/src/core/memory.rs`: `BlockRam`, `SynapseRam` (both ways) and `RegFile` alone against a `Vec`
//! of words, compared every clock at the latency each block documents: `BlockRam` and `SynapseRam`
//! with `RamPorts::ReadAndWrite` return the word at the read address one edge later (the old word
//! when the same edge writes it), `SynapseRam` with `RamPorts::Shared` the same on edges without a
//! write and holds `read_data` on a write edge, `RegFile` reads combinationally
//! and its write lands at the edge. Memory contents power up at 0 (`--x-initial 0`), as the model's
//! zeroed `CoreImage` memories. One shape per Verilator width class: 72-bit words (`VlWide`),
//! 16-bit (`SData`, the UP5K's SPRAM shape, 16k x 16), 40-bit (`QData`).

use flux_hdl::memory::{BlockRam, RamPorts, RegFile, SynapseRam};
use flux_sim::testing::{SplitMix64, seed};
use flux_testbenches::block::{self, BlockDesign, block_for_test, cell_count};
use rust_hdl::prelude::Bits;

use crate::{bits, design};

const BRAM_W: u32 = 72;
const BRAM_A: usize = 6;
const SPRAM_W: u32 = 16;
const SPRAM_A: usize = 14;
const REGFILE_W: u32 = 40;
const REGFILE_A: usize = 3;

fn block_ram() -> BlockDesign {
    design(
        "block_ram_72x6",
        BlockRam::<Bits<{ BRAM_W as usize }>, BRAM_A>::default(),
    )
}

fn synapse_ram_shared() -> BlockDesign {
    design(
        "synapse_ram_shared_16x14",
        SynapseRam::<Bits<{ SPRAM_W as usize }>, SPRAM_A>::new(RamPorts::Shared, [], None),
    )
}

fn synapse_ram_two_ports() -> BlockDesign {
    design(
        "synapse_ram_two_ports_72x6",
        SynapseRam::<Bits<{ BRAM_W as usize }>, BRAM_A>::new(RamPorts::ReadAndWrite, [], None),
    )
}

fn reg_file() -> BlockDesign {
    design(
        "reg_file_40x3",
        RegFile::<Bits<{ REGFILE_W as usize }>, REGFILE_A>::default(),
    )
}

/// An address of `a` bits: the first and last address one time in eight each, else uniform
/// (with 2^6 words, 4,000 cycles hit every word many times, and reads of just-written words).
fn address(rng: &mut SplitMix64, a: usize) -> u64 {
    match rng.below(8) {
        0 => 0,
        1 => (1 << a) - 1,
        _ => rng.below(1 << a),
    }
}

#[test]
fn block_ram_reads_the_old_word_one_edge_later() {
    reads_the_old_word_one_edge_later(&block_ram(), 0xB10C_0001);
}

#[test]
fn synapse_ram_with_two_ports_reads_the_old_word_one_edge_later() {
    reads_the_old_word_one_edge_later(&synapse_ram_two_ports(), 0xB10C_0004);
}

/// `design` (72-bit words, `BRAM_A` address bits, a read and a write port) returns the word at the
/// read address one edge later, the old word when the same edge writes it.
fn reads_the_old_word_one_edge_later(design: &BlockDesign, default_seed: u64) {
    let seed = seed(default_seed);
    let mut rng = SplitMix64(seed);
    let Some(mut ram) = block_for_test(design) else {
        return;
    };
    let mut model = vec![0u128; 1 << BRAM_A];
    for cycle in 0..4000u64 {
        let ra = address(&mut rng, BRAM_A);
        let we = rng.below(2) == 1;
        // One write in four goes to the address being read: read-during-write returns the old word.
        let wa = if rng.below(4) == 0 {
            ra
        } else {
            address(&mut rng, BRAM_A)
        };
        let wd = bits(&mut rng, BRAM_W);
        ram.set("read_address", ra.into());
        ram.set("write_address", wa.into());
        ram.set("write_data", wd);
        ram.set("write_enable", we.into());
        ram.tick();
        let want = model[ra as usize];
        if we {
            model[wa as usize] = wd;
        }
        let got = ram.get("read_data");
        assert_eq!(
            got, want,
            "seed {seed:#x}, cycle {cycle}: read_data of address {ra}: block {got:#x}, model {want:#x} \
             (write_enable {we}, write_address {wa})"
        );
    }
}

#[test]
fn synapse_ram_with_one_port_reads_without_write_and_holds_on_write() {
    let seed = seed(0xB10C_0002);
    let mut rng = SplitMix64(seed);
    let Some(mut ram) = block_for_test(&synapse_ram_shared()) else {
        return;
    };
    let mut model = vec![0u128; 1 << SPRAM_A];
    let mut read_data = 0u128;
    // A window of 32 addresses most of the time, so reads find written words.
    let near = |rng: &mut SplitMix64| {
        if rng.below(4) == 0 {
            address(rng, SPRAM_A)
        } else {
            rng.below(32)
        }
    };
    for cycle in 0..4000u64 {
        let (ra, wa) = (near(&mut rng), near(&mut rng));
        let we = rng.below(2) == 1;
        let wd = bits(&mut rng, SPRAM_W);
        ram.set("read_address", ra.into());
        ram.set("write_address", wa.into());
        ram.set("write_data", wd);
        ram.set("write_enable", we.into());
        ram.tick();
        if we {
            model[wa as usize] = wd;
        } else {
            read_data = model[ra as usize];
        }
        let got = ram.get("read_data");
        assert_eq!(
            got, read_data,
            "seed {seed:#x}, cycle {cycle}: read_data (read_address {ra}, write_address {wa}, \
             write_enable {we}): block {got:#x}, model {read_data:#x}"
        );
    }
}

#[test]
fn reg_file_reads_in_the_same_cycle_and_writes_at_the_edge() {
    let seed = seed(0xB10C_0003);
    let mut rng = SplitMix64(seed);
    let Some(mut rf) = block_for_test(&reg_file()) else {
        return;
    };
    let mut model = [0u128; 1 << REGFILE_A];
    for cycle in 0..4000u64 {
        let ra = address(&mut rng, REGFILE_A);
        let wa = address(&mut rng, REGFILE_A);
        let we = rng.below(2) == 1;
        let wd = bits(&mut rng, REGFILE_W);
        rf.set("read_address", ra.into());
        rf.set("write_address", wa.into());
        rf.set("write_data", wd);
        rf.set("write_enable", we.into());
        let mismatch = |when: &str, got: u128, want: u128| {
            format!(
                "seed {seed:#x}, cycle {cycle}: read_data of address {ra} {when} the edge: block \
                 {got:#x}, model {want:#x} (write_enable {we}, write_address {wa})"
            )
        };
        // Combinational: the word at the new read address, before any edge.
        let (got, want) = (rf.get("read_data"), model[ra as usize]);
        assert_eq!(got, want, "{}", mismatch("before", got, want));
        rf.tick();
        if we {
            model[wa as usize] = wd;
        }
        let (got, want) = (rf.get("read_data"), model[ra as usize]);
        assert_eq!(got, want, "{}", mismatch("after", got, want));
    }
}

#[test]
fn memories_lint_with_verilator() {
    for d in [
        block_ram(),
        synapse_ram_shared(),
        synapse_ram_two_ports(),
        reg_file(),
    ] {
        if block::lint(&d, &[]).is_none() {
            return;
        }
    }
}

/// iCE40 mapping, as the memory module documents: `BlockRam` in `SB_RAM40_4K` (64 words deep fits
/// one 256 x 16 block, so the 72-bit word takes ceil(72 / 16) = 5 blocks, and so does `SynapseRam`
/// with two ports, even with `-spram`), `SynapseRam` with one port of 16k x 16 in exactly one
/// `SB_SPRAM256KA` with `-spram` (its capacity), `RegFile` never in a RAM
/// block (its read is asynchronous).
#[test]
fn memories_synthesize_to_their_ice40_primitives() {
    let Some(stat) = block::synth_ice40(&block_ram(), "") else {
        return;
    };
    assert_eq!(
        cell_count(&stat, "SB_RAM40_4K"),
        u64::from(BRAM_W.div_ceil(16)),
        "{stat}"
    );
    let stat = block::synth_ice40(&synapse_ram_shared(), "-spram").unwrap();
    assert_eq!(cell_count(&stat, "SB_SPRAM256KA"), 1, "{stat}");
    assert_eq!(cell_count(&stat, "SB_RAM40_4K"), 0, "{stat}");
    let stat = block::synth_ice40(&synapse_ram_two_ports(), "-spram").unwrap();
    assert_eq!(cell_count(&stat, "SB_SPRAM256KA"), 0, "{stat}");
    assert_eq!(
        cell_count(&stat, "SB_RAM40_4K"),
        u64::from(BRAM_W.div_ceil(16)),
        "{stat}"
    );
    let stat = block::synth_ice40(&reg_file(), "").unwrap();
    assert_eq!(cell_count(&stat, "SB_RAM40_4K"), 0, "{stat}");
}
