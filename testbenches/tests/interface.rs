//! The memories against their twin, `flux_sim::image::CoreImage`'s arrays (issue 11): every readable
//! memory of each preset's core holds what the cfg port wrote, every bit of its width, read back
//! through the debug port pipelined and one address at a time, also under addresses with bits above
//! the memory's address width set (`hdl/README.md`: addresses are truncated). And writes to register
//! addresses the contract does not define change nothing: a random network runs identically to the
//! model after them.

mod common;

use flux_sim::spec::{Preset, SMALL, ULX3S, UP5K};
use flux_testbenches::cosim::Cosim;
use flux_testbenches::interface::{memory_round_trip, write_undefined_registers};
use flux_testbenches::random::random_plastic_network;
use flux_testbenches::rtl::Rtl;

const SEED: u64 = 0x1F_ACE0;

fn round_trip(preset: Preset) {
    let build = common::core_build(preset);
    for k in 0..3 {
        let seed = SEED + k;
        let mut rtl = Rtl::open(&build, None).unwrap();
        eprintln!("{} memory round trip, seed {seed:#x}", preset.name);
        memory_round_trip(&mut rtl, &preset, seed)
            .unwrap_or_else(|e| panic!("{} seed {seed:#x}: {e}", preset.name));
    }
}

#[test]
fn every_memory_of_small_holds_what_was_written() {
    round_trip(SMALL);
}

#[test]
fn every_memory_of_up5k_and_ulx3s_holds_what_was_written() {
    round_trip(UP5K);
    round_trip(ULX3S);
}

#[test]
fn writes_to_undefined_registers_change_nothing() {
    let build = common::core_build(SMALL);
    for seed in SEED..SEED + 4 {
        let net = random_plastic_network(SMALL, seed, 120);
        let mut cosim = Cosim::new(&build, &net.image).unwrap();
        write_undefined_registers(cosim.rtl(), seed);
        for (t, events) in net.stimulus.iter().enumerate() {
            if t == 60 {
                write_undefined_registers(cosim.rtl(), !seed);
            }
            cosim
                .step(events, true)
                .unwrap_or_else(|e| panic!("seed {seed:#x}: {e}"));
        }
    }
}
