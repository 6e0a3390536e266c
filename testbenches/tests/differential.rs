//! Differential random testing: seeded random networks (`flux_testbenches::random`) run on the model
//! and the RTL, compared after every timestep (spikes, cycle count, every state word).
//!
//! `FLUX_SEED=<u64>` replays from another base seed, `FLUX_COSIM_NETWORKS=<n>` changes how
//! many networks run. A failure names the seed; `random_network(SMALL, seed, steps)` rebuilds it.

mod common;

use flux_sim::spec::{Preset, SMALL, ULX3S, UP5K};
use flux_testbenches::cosim::{Cosim, CosimError, CosimStats};
use flux_testbenches::random::random_network;
use flux_testbenches::rtl::Mem;

const BASE_SEED: u64 = 0xF1_0C05;
const NETWORKS: u64 = 100;
const STEPS: u64 = 300;

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
fn random_networks_on_small_are_bit_exact() {
    let base = flux_sim::testing::seed(BASE_SEED);
    let networks = env_u64("FLUX_COSIM_NETWORKS", NETWORKS);
    let build = common::core_build(SMALL);
    let mut total = CosimStats::default();
    let (mut cuba, mut flux, mut electric, mut modulatory) = (0, 0, 0, 0);
    let (mut izh, mut izh_spikes) = (0, 0u64);
    let (mut xylo, mut xylo_spikes, mut bursts, mut current) = (0, 0u64, 0u64, 0);
    eprintln!(
        "differential: base seed {base:#x}, {networks} networks x {STEPS} timesteps on small"
    );
    for k in 0..networks {
        let seed = base.wrapping_add(k);
        let net = random_network(SMALL, seed, STEPS);
        let kinds: Vec<i64> = net
            .image
            .profiles
            .iter()
            .map(|&w| flux_sim::spec::profile::KIND.get(w))
            .collect();
        cuba += kinds.iter().filter(|&&k| k == 1).count();
        flux += kinds.iter().filter(|&&k| k == 0).count();
        izh += kinds.iter().filter(|&&k| k == 2).count();
        xylo += kinds.iter().filter(|&&k| k == 3).count();
        // The Izhikevich neurons must fire, or the comparison would only see their subthreshold
        // arithmetic: count their spikes on the model.
        let mut model = flux_sim::core::Core::new(&net.image);
        for events in &net.stimulus {
            let report = model.step(events);
            izh_spikes += report
                .spikes
                .iter()
                .filter(|&&n| {
                    let p = flux_sim::spec::state::PROFILE.get(net.image.state[n as usize]);
                    kinds[p as usize] == 2
                })
                .count() as u64;
            // The Xylo neurons' spikes, and their bursts of several in one timestep (a neuron
            // listed more than once): the router's counted delivery.
            let of_xylo = |n: u32| {
                let p = flux_sim::spec::state::PROFILE.get(net.image.state[n as usize]);
                kinds[p as usize] == 3
            };
            xylo_spikes += report.spikes.iter().filter(|&&n| of_xylo(n)).count() as u64;
            bursts += report
                .spikes
                .chunk_by(|a, b| a == b)
                .filter(|r| r.len() > 1)
                .count() as u64;
        }
        let ty = SMALL.syn_type();
        electric += net
            .image
            .synapses
            .iter()
            .filter(|&&w| ty.get(w.into()) == 2)
            .count();
        modulatory += net
            .image
            .synapses
            .iter()
            .filter(|&&w| ty.get(w.into()) == 1)
            .count();
        current += net
            .image
            .synapses
            .iter()
            .filter(|&&w| ty.get(w.into()) == 3)
            .count();

        let mut cosim =
            Cosim::new(&build, &net.image).unwrap_or_else(|e| panic!("seed {seed:#x}: {e}"));
        for events in &net.stimulus {
            if let Err(e) = cosim.step(events, true) {
                panic!(
                    "seed {seed:#x} (network {k} of base {base:#x}, n_neurons {}): {e}\n\
                     replay: FLUX_SEED={seed} FLUX_COSIM_NETWORKS=1",
                    net.image.n_neurons
                );
            }
        }
        total.add(cosim.stats());
    }
    eprintln!(
        "differential: {networks} networks (seeds {base:#x}..{:#x}), {} timesteps, {} spikes, {} cycles, \
         {} events, {} state words compared; {flux} FLUX, {cuba} CUBA, {izh} Izhikevich and {xylo} \
         Xylo profiles ({izh_spikes} Izhikevich spikes, {xylo_spikes} Xylo spikes in {bursts} \
         multi-spike events), {modulatory} modulatory, {electric} electric and {current} current \
         synapses; zero mismatches",
        base.wrapping_add(networks),
        total.timesteps,
        total.spikes,
        total.cycles,
        total.events,
        total.state_words
    );
    assert_eq!(total.timesteps, networks * STEPS);
    // A generator that never makes neurons fire would compare nothing interesting.
    assert!(
        total.spikes > networks * STEPS,
        "too few spikes: {}",
        total.spikes
    );
    assert!(cuba > 0 && flux > 0 && izh > 0 && xylo > 0 && electric > 0 && modulatory > 0);
    assert!(
        current > 0 && xylo_spikes > networks * 10 && bursts > networks,
        "too little Xylo activity: {current} current synapses, {xylo_spikes} spikes, {bursts} bursts"
    );
    assert!(
        izh_spikes > networks * 10,
        "too few Izhikevich spikes: {izh_spikes}"
    );
}

#[test]
fn a_one_bit_weight_change_is_caught() {
    // The same random network, but the RTL's direct synapses onto updated neurons have the lowest
    // weight bit flipped: the comparison must notice (it would not if, say, spikes or state were
    // never compared).
    // The first seed from the base whose network updates at least 32 neurons.
    let (seed, net) = (BASE_SEED..)
        .map(|s| (s, random_network(SMALL, s, STEPS)))
        .find(|(_, n)| n.image.n_neurons >= 32)
        .unwrap();
    let build = common::core_build(SMALL);
    let mut cosim = Cosim::new(&build, &net.image).unwrap();
    let (ty, target, weight) = (SMALL.syn_type(), SMALL.syn_target(), SMALL.syn_weight());
    let mutated: Vec<u128> = net
        .image
        .synapses
        .iter()
        .map(|&w| {
            let w = u128::from(w);
            let direct = ty.get(w) == 0 && (target.get(w) as u32) < net.image.n_neurons;
            if direct { w ^ (1 << weight.lsb) } else { w }
        })
        .collect();
    assert_ne!(
        mutated,
        net.image
            .synapses
            .iter()
            .map(|&w| u128::from(w))
            .collect::<Vec<_>>()
    );
    cosim.rtl().cfg_write(Mem::Synapse, 0, &mutated);
    let mut found = None;
    for events in &net.stimulus {
        if let Err(e) = cosim.step(events, true) {
            found = Some(e);
            break;
        }
    }
    match found {
        Some(CosimError::Mismatch(m)) => eprintln!("seed {seed:#x}: mutation caught: {m}"),
        other => panic!("seed {seed:#x}: the flipped weights went unnoticed: {other:?}"),
    }
}

/// `networks` random networks of `steps` timesteps on `preset`, every state word compared every
/// timestep; base seed `FLUX_SEED ^ salt`.
fn random_networks_on(preset: Preset, salt: u64, networks: u64, steps: u64) {
    let base = flux_sim::testing::seed(BASE_SEED) ^ salt;
    let build = common::core_build(preset);
    let mut total = CosimStats::default();
    for k in 0..networks {
        let seed = base.wrapping_add(k);
        let net = random_network(preset, seed, steps);
        let mut cosim =
            Cosim::new(&build, &net.image).unwrap_or_else(|e| panic!("seed {seed:#x}: {e}"));
        for events in &net.stimulus {
            if let Err(e) = cosim.step(events, true) {
                panic!("{} seed {seed:#x}: {e}", preset.name);
            }
        }
        total.add(cosim.stats());
    }
    eprintln!(
        "differential {}: {networks} networks (seeds {base:#x}..{:#x}), {} timesteps, {} spikes, {} cycles; zero mismatches",
        preset.name,
        base.wrapping_add(networks),
        total.timesteps,
        total.spikes,
        total.cycles
    );
    assert!(total.spikes > 0);
}

#[test]
fn random_networks_on_up5k_are_bit_exact() {
    // The iCEBreaker preset: 4 delay slots, 4 profiles, 32768 synapse words (other field widths
    // than small), FLUX only.
    random_networks_on(UP5K, 0x5_0000, 20, 200);
}

#[test]
fn random_networks_on_ulx3s_are_bit_exact() {
    // The ULX3S preset: 1024 neurons, 256 channels, 32768 synapse words (10-bit targets).
    random_networks_on(ULX3S, 0x6_0000, 4, 150);
}
