//! The memories against their twin, `flux_sim::image::CoreImage`'s arrays (issue 11): every readable
//! memory of each preset's core holds what the cfg port wrote, every bit of its width, read back
//! through the debug port pipelined and one address at a time, also under addresses with bits above
//! the memory's address width set (`hdl/README.md`: addresses are truncated). And writes to register
//! addresses the contract does not define change nothing: a random network runs identically to the
//! model after them.

mod common;

use flux_sim::spec::{Preset, SMALL, ULX3S, UP5K};
use flux_testbenches::cosim::Cosim;
use flux_testbenches::interface::{memory_round_trip, run_with_pushes, write_undefined_registers};
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

/// `up5k` has no `net` unit (`docs/model.md` §2.1): writes to `spike_push` and `extern_spikes`
/// change nothing there, as the model says (`Core::push_spike` ignores them too).
#[test]
fn a_core_without_the_net_unit_ignores_spike_push_and_extern_spikes() {
    use flux_sim::spec::reg;
    use flux_testbenches::random::random_network;
    use flux_testbenches::rtl::Mem;
    let build = common::core_build(UP5K);
    for seed in SEED..SEED + 2 {
        let net = random_network(UP5K, seed, 80);
        let mut cosim = Cosim::new(&build, &net.image).unwrap();
        for (t, events) in net.stimulus.iter().enumerate() {
            let rtl = cosim.rtl();
            rtl.cfg_write(Mem::Register, reg::EXTERN_SPIKES, &[1]);
            // Source 1 with 1 spike, and a channel source with 31.
            rtl.cfg_write(Mem::Register, reg::SPIKE_PUSH, &[1 | 1 << 16]);
            rtl.cfg_write(Mem::Register, reg::SPIKE_PUSH, &[(256 + 3) | 31 << 16]);
            cosim
                .step(events, true)
                .unwrap_or_else(|e| panic!("seed {seed:#x}, timestep {t}: {e}"));
        }
    }
}

/// `spike_push` and `extern_spikes` on `small` (`docs/model.md` §2.1), against the model every
/// timestep ([`run_with_pushes`]), on learning networks (the learning phase asks whether the buffer
/// holds an event).
#[test]
fn spike_push_and_extern_spikes_match_the_model() {
    let build = common::core_build(SMALL);
    let mut pushed = 0;
    for seed in SEED..SEED + 4 {
        let net = random_plastic_network(SMALL, seed, 100);
        let mut cosim = Cosim::new(&build, &net.image).unwrap();
        pushed +=
            run_with_pushes(&mut cosim, &net).unwrap_or_else(|e| panic!("seed {seed:#x}: {e}"));
    }
    assert!(pushed > 2_000, "{pushed} events in the spike buffers");
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
