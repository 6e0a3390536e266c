//! Learning in cosimulation (`docs/model.md` §12, `hdl/src/core/stdp_tail.rs`): seeded random networks
//! with plasticity (`flux_testbenches::random::random_plastic_network`) on the model and the RTL,
//! compared every timestep (spikes, cycle count with the learning phase) and, on chosen
//! timesteps and at the end, every neuron state word and every synapse word in use (`weight` and
//! `stw`); and the host switching learning off and on between timesteps.
//!
//! `FLUX_SEED=<u64>` replays from another base seed, `FLUX_COSIM_NETWORKS=<n>` changes how
//! many networks run. A failure names the seed; `random_plastic_network(preset, seed, steps)`
//! rebuilds it.

mod common;

use flux_sim::spec::{Preset, SMALL, ULX3S, UP5K};
use flux_testbenches::cosim::{Cosim, CosimStats};
use flux_testbenches::random::random_plastic_network;

const BASE_SEED: u64 = 0x57D9_0001;

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Runs `networks` random plastic networks of `steps` timesteps on `preset`; state and synapses are
/// compared every `check_every` timesteps and at the end.
fn differential(preset: Preset, networks: u64, steps: u64, check_every: u64) -> CosimStats {
    let base = flux_sim::testing::seed(BASE_SEED);
    let networks = env_u64("FLUX_COSIM_NETWORKS", networks);
    let build = common::core_build(preset);
    let mut total = CosimStats::default();
    let (mut changed, mut learning) = (0, 0);
    eprintln!(
        "learning: base seed {base:#x}, {networks} networks x {steps} timesteps on {}",
        preset.name
    );
    for k in 0..networks {
        let seed = base.wrapping_add(k);
        let net = random_plastic_network(preset, seed, steps);
        learning += net.image.learn_en as u64;
        let mut cosim =
            Cosim::new(&build, &net.image).unwrap_or_else(|e| panic!("seed {seed:#x}: {e}"));
        let fail = |e| -> ! {
            panic!(
                "{} seed {seed:#x} (network {k} of base {base:#x}): {e}\n\
                 replay: FLUX_SEED={seed} FLUX_COSIM_NETWORKS=1",
                preset.name
            )
        };
        for (t, events) in net.stimulus.iter().enumerate() {
            let t = t as u64;
            let check = t % check_every == check_every - 1 || t + 1 == steps;
            if let Err(e) = cosim.step(events, check) {
                fail(e);
            }
        }
        changed += (cosim.model().synapse_words() != net.image.synapses.as_slice()) as u64;
        total.add(cosim.stats());
    }
    eprintln!(
        "learning on {}: {networks} networks ({learning} with learn_en, {changed} changed synapses), \
         {} timesteps, {} spikes, {} cycles, {} state and {} synapse words compared; zero mismatches",
        preset.name,
        total.timesteps,
        total.spikes,
        total.cycles,
        total.state_words,
        total.synapse_words
    );
    // A differential test in which nothing learned would compare nothing new.
    assert!(
        changed * 2 >= networks,
        "only {changed} of {networks} networks changed a synapse word"
    );
    total
}

#[test]
fn random_plastic_networks_on_small_are_bit_exact() {
    differential(SMALL, 40, 300, 25);
}

/// `up5k` has neither the learning unit nor the CUBA datapath (`docs/model.md` §1). Random plastic
/// networks with `learn_en` on and every other profile word marked CUBA run, in the model and the
/// RTL alike (compared every timestep), exactly as the same image with FLUX profiles and learning
/// off runs on the model: the same cycles and, at the end, the same state words and unchanged
/// synapse words.
#[test]
fn up5k_runs_learning_and_cuba_images_as_flux_without_learning() {
    use flux_sim::core::Core;
    use flux_sim::spec::profile as pf;
    let base = flux_sim::testing::seed(BASE_SEED);
    let build = common::core_build(UP5K);
    let (mut marked, mut plastic) = (0, 0);
    eprintln!("up5k without learning and CUBA: base seed {base:#x}, 6 networks x 150 timesteps");
    for k in 0..6 {
        let seed = base.wrapping_add(k);
        let mut net = random_plastic_network(UP5K, seed, 150);
        net.image.learn_en = true;
        for w in net.image.profiles.iter_mut().skip(1).step_by(2) {
            *w = pf::KIND.set(*w, pf::KIND_CUBA);
            marked += 1;
        }
        let p = UP5K;
        plastic += net
            .image
            .synapses
            .iter()
            .filter(|&&w| p.syn_plastic().get(w.into()) == 1)
            .count();
        let mut plain = net.image.clone();
        for w in plain.profiles.iter_mut() {
            *w = pf::KIND.set(*w, pf::KIND_FLUX);
        }
        plain.learn_en = false;
        let mut reference = Core::new(&plain);
        let mut reference_cycles = 0;
        let mut cosim =
            Cosim::new(&build, &net.image).unwrap_or_else(|e| panic!("seed {seed:#x}: {e}"));
        for (t, events) in net.stimulus.iter().enumerate() {
            cosim
                .step(events, t % 25 == 24)
                .unwrap_or_else(|e| panic!("seed {seed:#x}: {e}"));
            reference_cycles += reference.step(events).cycles;
        }
        cosim
            .check_state()
            .unwrap_or_else(|e| panic!("seed {seed:#x}: {e}"));
        let model = cosim.model();
        assert_eq!(
            cosim.stats().cycles,
            reference_cycles,
            "seed {seed:#x}: cycles differ from learning off"
        );
        for n in 0..p.neurons {
            assert_eq!(
                model.state_word(n),
                reference.state_word(n),
                "seed {seed:#x}: neuron {n} differs from its FLUX run"
            );
        }
        assert_eq!(
            model.synapse_words(),
            net.image.synapses.as_slice(),
            "seed {seed:#x}: a synapse word changed without a learning unit"
        );
    }
    // The test means something only with CUBA-marked profiles and plastic synapses in it.
    assert!(
        marked > 0 && plastic > 0,
        "{marked} marked profiles, {plastic} plastic synapses"
    );
}

#[test]
fn random_plastic_networks_on_ulx3s_are_bit_exact() {
    differential(ULX3S, 4, 150, 50);
}

#[test]
fn learning_switched_off_and_on_by_the_host_stays_bit_exact() {
    let build = common::core_build(SMALL);
    let mut checked = 0;
    for k in 0..8 {
        let seed = BASE_SEED ^ 0xA5A5 ^ k;
        let mut net = random_plastic_network(SMALL, seed, 120);
        net.image.learn_en = true;
        let mut cosim =
            Cosim::new(&build, &net.image).unwrap_or_else(|e| panic!("seed {seed:#x}: {e}"));
        let mut frozen: Option<Vec<u64>> = None;
        for (t, events) in net.stimulus.iter().enumerate() {
            // Off for timesteps 40..80: no synapse word may change then.
            if t == 40 {
                cosim.set_learn_en(false);
                frozen = Some(cosim.model().synapse_words().to_vec());
            }
            if t == 80 {
                cosim.set_learn_en(true);
            }
            cosim
                .step(events, t % 20 == 19)
                .unwrap_or_else(|e| panic!("seed {seed:#x}: {e}"));
            if (40..80).contains(&t) {
                assert_eq!(
                    Some(cosim.model().synapse_words()),
                    frozen.as_deref(),
                    "seed {seed:#x}: a synapse changed at timestep {t} with learning off"
                );
                checked += 1;
            }
        }
        cosim
            .check_state()
            .unwrap_or_else(|e| panic!("seed {seed:#x}: {e}"));
    }
    assert_eq!(checked, 8 * 40);
}

/// Register `t` (`docs/model.md` §7): the host writes the timestep counter, and the run goes on
/// across its wrap from 2^32 - 1 to 0 with learning on (`last[]` and the post ages wrap with it),
/// then resumes at a written value that moves the ring slot (`t mod D`) while inputs are in flight.
#[test]
fn the_timestep_counter_written_by_the_host_wraps_and_resumes_bit_exact() {
    let build = common::core_build(SMALL);
    let base = flux_sim::testing::seed(BASE_SEED ^ 0x7_0000);
    let mut spikes_after_wrap = 0;
    for k in 0..4 {
        let seed = base.wrapping_add(k);
        let mut net = random_plastic_network(SMALL, seed, 160);
        net.image.learn_en = true;
        let mut cosim =
            Cosim::new(&build, &net.image).unwrap_or_else(|e| panic!("seed {seed:#x}: {e}"));
        // 60 timesteps before the wrap, 60 after it, then 40 from an arbitrary timestep.
        let near_wrap = u32::MAX - 59;
        let resume = 0x1234_5677 ^ (seed as u32 & 0xffff);
        cosim.set_t(near_wrap);
        for (t, events) in net.stimulus.iter().enumerate() {
            if t == 120 {
                cosim.set_t(resume);
            }
            cosim
                .step(events, t % 10 == 9)
                .unwrap_or_else(|e| panic!("seed {seed:#x}, timestep {t} of the run: {e}"));
            if (60..120).contains(&t) {
                spikes_after_wrap += cosim.model().last_spikes().len();
            }
            if t == 59 {
                // The last timestep before the wrap was 2^32 - 1: the counter reads 0.
                assert_eq!(cosim.rtl().t(), 0, "seed {seed:#x}");
            }
        }
        assert_eq!(cosim.rtl().t(), resume + 40, "seed {seed:#x}");
        cosim
            .check_state()
            .unwrap_or_else(|e| panic!("seed {seed:#x}: {e}"));
    }
    assert!(
        spikes_after_wrap > 0,
        "no spike after the wrap: nothing was compared there"
    );
}

#[test]
fn a_wrong_stw_in_the_rtl_is_reported_with_its_synapse_and_field() {
    use flux_testbenches::cosim::{CosimError, Difference};
    use flux_testbenches::rtl::Mem;
    let build = common::core_build(SMALL);
    let net = random_plastic_network(SMALL, BASE_SEED, 10);
    let mut cosim = Cosim::new(&build, &net.image).expect("loads");
    for events in &net.stimulus {
        cosim.step(events, false).expect("bit-exact");
    }
    // Synapse 0's stw plus one (wrapping within its field) in the RTL only.
    let stw = SMALL.syn_stw();
    let word = u128::from(cosim.model().synapse_word(0));
    let wrong = stw.set(word, stw.get(word) + 1);
    cosim.rtl().cfg_write(Mem::Synapse, 0, &[wrong]);
    match cosim.check_state() {
        Err(CosimError::Mismatch(m)) => match m.difference {
            Difference::Synapse { addr, field, .. } => {
                assert_eq!((addr, field.name), (0, "stw"), "{m}");
            }
            other => panic!("expected a synapse difference, got {other:?}"),
        },
        other => panic!("expected a mismatch, got {other:?}"),
    }
}
