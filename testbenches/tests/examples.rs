//! The example networks, cosimulated: RTL and model compared every timestep.

mod common;

use flux_sim::spec::{LARGE, SMALL, ULX3S, UP5K};
use flux_testbenches::cosim::{Cosim, StateCheck};
use flux_testbenches::rtl::Mem;

#[test]
fn cpg_on_small_is_bit_exact() {
    let compiled = common::example("cpg.toml", SMALL);
    let build = common::core_build(SMALL);
    let mut cosim = Cosim::new(&build, &compiled.image).unwrap();
    let mut inputs = compiled.inputs.clone();
    // 1200 timesteps: more than ten periods of 82 (docs in examples/cpg.toml) and the switch to the
    // modulated rhythm at t = 1000. Every state word after every timestep.
    let stats = cosim
        .run(&mut inputs, 1200, StateCheck::EveryStep)
        .unwrap_or_else(|e| panic!("{e}"));
    eprintln!("cpg/small: {stats:?}");
    assert_eq!(stats.timesteps, 1200);
    assert!(
        stats.spikes > 0,
        "the CPG fires: a silent run would compare nothing"
    );
    assert_eq!(stats.state_words, 1200 * u64::from(SMALL.neurons));
}

#[test]
fn noise_on_small_and_up5k_is_bit_exact() {
    // examples/noise.toml: every spike comes from the noise drawn on the core (§3.1); the same
    // seed gives the same draws on a core with the CUBA datapath and on one without.
    for preset in [SMALL, UP5K] {
        let compiled = common::example("noise.toml", preset);
        let build = common::core_build(preset);
        let mut cosim = Cosim::new(&build, &compiled.image).unwrap();
        let mut inputs = compiled.inputs.clone();
        let stats = cosim
            .run(&mut inputs, 2000, StateCheck::EveryStep)
            .unwrap_or_else(|e| panic!("{e}"));
        eprintln!("noise/{}: {stats:?}", preset.name);
        // The model's count (sim/tests/compile.rs: 376, all of them noise-driven).
        assert_eq!(stats.spikes, 376, "{}", preset.name);
    }
}

#[test]
fn izhikevich_on_small_and_ulx3s_is_bit_exact() {
    // examples/izhikevich.toml: 50 Izhikevich neurons (docs/model.md §4.1) driven by Poisson
    // channels, every state word compared every timestep on both presets with the datapath.
    for preset in [SMALL, ULX3S] {
        let compiled = common::example("izhikevich.toml", preset);
        let build = common::core_build(preset);
        let mut cosim = Cosim::new(&build, &compiled.image).unwrap();
        let mut inputs = compiled.inputs.clone();
        let stats = cosim
            .run(&mut inputs, 1000, StateCheck::EveryStep)
            .unwrap_or_else(|e| panic!("{e}"));
        eprintln!("izhikevich/{}: {stats:?}", preset.name);
        // The model's count (sim/tests/compile.rs: 200 regular-spiking + 189 fast-spiking).
        assert_eq!(stats.spikes, 389, "{}", preset.name);
    }
}

#[test]
fn xylo_on_small_and_ulx3s_is_bit_exact() {
    // examples/xylo.toml: a Xylo layer (docs/model.md §4.2, equal to xylosim's semantics by
    // sim/tests/xylo.rs), hidden neurons bursting up to 9 spikes in a timestep, every state word
    // compared every timestep on both presets with the datapath.
    for preset in [SMALL, ULX3S] {
        let compiled = common::example("xylo.toml", preset);
        let build = common::core_build(preset);
        let mut cosim = Cosim::new(&build, &compiled.image).unwrap();
        let mut inputs = compiled.inputs.clone();
        let stats = cosim
            .run(&mut inputs, 500, StateCheck::EveryStep)
            .unwrap_or_else(|e| panic!("{e}"));
        eprintln!("xylo/{}: {stats:?}", preset.name);
        // The model's count (`flux sim examples/xylo.toml`: 6,878 hidden + 1,029 readout spikes).
        assert_eq!(stats.spikes, 7907, "{}", preset.name);
    }
}

#[test]
fn cuba_on_large_is_bit_exact() {
    let compiled = common::example("cuba.toml", LARGE);
    let build = common::core_build(LARGE);
    let mut cosim = Cosim::new(&build, &compiled.image).unwrap();
    let mut inputs = compiled.inputs.clone();
    let stats = cosim
        .run(&mut inputs, 600, StateCheck::Every(50))
        .unwrap_or_else(|e| panic!("{e}"));
    eprintln!("cuba/large: {stats:?}");
    assert_eq!(stats.timesteps, 600);
    assert!(stats.events > 0, "the Poisson drive delivers events");
    assert!(stats.spikes > 0, "the network fires within 600 timesteps");
    // Checked after t = 49, 99, ..., 599: twelve times every neuron slot.
    assert_eq!(stats.state_words, 12 * u64::from(LARGE.neurons));
}

#[test]
fn pipelined_debug_reads_match_single_reads() {
    // The shim streams one debug address per edge; check that against holding each address for the
    // two edges hdl/README.md promises, on every memory the debug port reads.
    let compiled = common::example("cpg.toml", SMALL);
    let build = common::core_build(SMALL);
    let mut cosim = Cosim::new(&build, &compiled.image).unwrap();
    let mut inputs = compiled.inputs.clone();
    cosim
        .run(&mut inputs, 50, StateCheck::AtEnd)
        .unwrap_or_else(|e| panic!("{e}"));
    let rtl = cosim.rtl();
    for (mem, n) in [
        (Mem::Profile, SMALL.profiles),
        (Mem::State, 32),
        (Mem::Fanout, 32),
        (Mem::Synapse, 300),
    ] {
        let fast = rtl.dbg_read(mem, 0, n as usize);
        let slow = rtl.dbg_read_unpipelined(mem, 0, n as usize);
        assert_eq!(fast, slow, "{mem:?}");
    }
    // The image went in through the cfg port and comes back out of the debug port unchanged.
    let image = &compiled.image;
    assert_eq!(
        rtl.dbg_read(Mem::Profile, 0, image.profiles.len()),
        image.profiles
    );
    let synapses: Vec<u128> = image.synapses.iter().map(|&w| w.into()).collect();
    assert_eq!(rtl.dbg_read(Mem::Synapse, 0, synapses.len()), synapses);
}
