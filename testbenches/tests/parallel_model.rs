//! The parallel model (`docs/model.md` §14, `Core::with_threads`): seeded random networks of every
//! kind, with and without learning, run on 1, 2 and 3 threads, compared after every timestep
//! (spikes, cycle count and its work, every state word, every synapse word, the noise register)
//! and at the end (every slot of the dendritic ring, the learning state).
//!
//! `FLUX_SEED=<u64>` replays from another base seed. A failure names the seed and the network.

use flux_sim::core::Core;
use flux_sim::spec::{LARGE, Preset, ULX3S};
use flux_testbenches::random::{RandomNet, random_network, random_plastic_network};

const BASE_SEED: u64 = 0x7_4EAD_5000;
const STEPS: u64 = 200;

/// Runs `net` on 1, 2 and 3 threads in lockstep and compares them; returns (spikes, synapse
/// words that learning changed) of the run, to show the comparison covered activity.
fn compare(preset: Preset, net: &RandomNet, what: &str) -> (usize, usize) {
    let mut cores: Vec<Core> = [1, 2, 3]
        .iter()
        .map(|&threads| Core::with_threads(&net.image, threads).expect("threads start"))
        .collect();
    assert_eq!(
        cores.iter().map(Core::threads).collect::<Vec<_>>(),
        [1, 2, 3]
    );
    let mut spikes = 0;
    for (t, events) in net.stimulus.iter().enumerate() {
        let at = format!(
            "{what} (seed {:#x}) on {}, timestep {t}",
            net.seed, preset.name
        );
        let reports: Vec<_> = cores
            .iter_mut()
            .map(|c| {
                let r = c.try_step(events).expect("valid events");
                (r.spikes.to_vec(), r.cycles, r.work)
            })
            .collect();
        spikes += reports[0].0.len();
        for (k, r) in reports.iter().enumerate().skip(1) {
            assert_eq!(
                r,
                &reports[0],
                "{at}: {} threads: spikes, cycles, work",
                k + 1
            );
        }
        for (k, c) in cores.iter().enumerate().skip(1) {
            let one = &cores[0];
            assert_eq!(c.noise(), one.noise(), "{at}: {} threads: noise", k + 1);
            for n in 0..preset.neurons {
                let (got, want) = (c.state_word(n), one.state_word(n));
                assert_eq!(got, want, "{at}: {} threads: neuron {n} state", k + 1);
            }
            if let Some(a) = (0..one.synapse_words().len())
                .find(|&a| c.synapse_words()[a] != one.synapse_words()[a])
            {
                panic!(
                    "{at}: {} threads: synapse {a}: {:#x}, one thread {:#x}",
                    k + 1,
                    c.synapse_words()[a],
                    one.synapse_words()[a]
                );
            }
        }
    }
    for (k, c) in cores.iter().enumerate().skip(1) {
        let one = &cores[0];
        let at = format!(
            "{what} (seed {:#x}) at the end, {} threads",
            net.seed,
            k + 1
        );
        for s in 0..preset.delay_slots {
            for n in 0..preset.neurons {
                assert_eq!(
                    c.slot_word(s, n),
                    one.slot_word(s, n),
                    "{at}: slot {s}, {n}"
                );
            }
        }
        assert_eq!(
            format!("{:?}", c.learner()),
            format!("{:?}", one.learner()),
            "{at}: learning state"
        );
    }
    let learned = cores[0]
        .synapse_words()
        .iter()
        .zip(&net.image.synapses)
        .filter(|(a, b)| a != b)
        .count();
    (spikes, learned)
}

#[test]
fn one_two_and_three_threads_give_identical_runs() {
    let base = flux_sim::testing::seed(BASE_SEED);
    eprintln!("parallel model: base seed {base:#x}, {STEPS} timesteps per network");
    let (mut spikes, mut learned) = (0, 0);
    for (k, preset) in [ULX3S, LARGE, ULX3S, LARGE].into_iter().enumerate() {
        let seed = base.wrapping_add(k as u64);
        let (s, _) = compare(
            preset,
            &random_network(preset, seed, STEPS),
            "random network",
        );
        spikes += s;
        let plastic = random_plastic_network(preset, seed, STEPS);
        let (s, l) = compare(preset, &plastic, "plastic network");
        spikes += s;
        learned += l;
    }
    eprintln!("parallel model: {spikes} spikes, {learned} synapse words changed by learning");
    // The comparison means something only if the networks spiked and learned.
    assert!(spikes > 10_000, "only {spikes} spikes");
    assert!(learned > 100, "only {learned} synapse words learned");
}
