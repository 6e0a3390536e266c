//! The core's reset in cosimulation (`docs/model.md` §7.1, `flux_testbenches::reset`): seeded random
//! networks, plain and plastic, run with resets between timesteps (some with events queued, which
//! the reset drops) and one in the middle of a timestep followed by a reload of the image. Every
//! reset is compared in its cycle count (`timing::reset_cycles`), the absence of `aer_out` events,
//! `t = 0`, every dendritic-ring word and every state word; every timestep in spikes, cycles,
//! counter and state.
//!
//! `FLUX_SEED=<u64>` replays from another base seed. A failure names the seed;
//! `random_network(preset, seed, steps)` or `random_plastic_network` rebuilds it.

mod common;

use flux_sim::spec::{Preset, SMALL, UP5K};
use flux_testbenches::cosim::Cosim;
use flux_testbenches::random::{RandomNet, random_network, random_plastic_network};
use flux_testbenches::reset::{ResetRun, run_with_resets};

const BASE_SEED: u64 = 0x5E5E_7001;
const STEPS: u64 = 90;

/// Runs `networks` networks made by `generate` on `preset` with resets; returns the totals.
fn resets(
    preset: Preset,
    networks: u64,
    generate: fn(Preset, u64, u64) -> RandomNet,
    what: &str,
) -> ResetRun {
    let base = flux_sim::testing::seed(BASE_SEED);
    let build = common::core_build(preset);
    let mut total = ResetRun::default();
    eprintln!(
        "reset: base seed {base:#x}, {networks} {what} x {STEPS} timesteps on {}",
        preset.name
    );
    for k in 0..networks {
        let seed = base.wrapping_add(k);
        let net = generate(preset, seed, STEPS);
        let mut cosim =
            Cosim::new(&build, &net.image).unwrap_or_else(|e| panic!("seed {seed:#x}: {e}"));
        let run = run_with_resets(&mut cosim, &net).unwrap_or_else(|e| {
            panic!(
                "{what} seed {seed:#x} on {} (network {k} of base {base:#x}): {e}",
                preset.name
            )
        });
        total.between += run.between;
        total.with_queued += run.with_queued;
        total.mid += run.mid;
        total.timesteps += run.timesteps;
    }
    eprintln!("reset: {total:?}, zero mismatches");
    // The checks ran: resets of each kind, some with events queued.
    assert_eq!(total.between, 2 * networks);
    assert_eq!(total.mid, networks);
    assert!(
        total.with_queued > 0,
        "no reset had events queued: {total:?}"
    );
    total
}

#[test]
fn resets_on_small_are_bit_exact() {
    resets(SMALL, 12, random_network, "random networks");
}

#[test]
fn resets_with_learning_on_small_are_bit_exact() {
    resets(SMALL, 8, random_plastic_network, "random plastic networks");
}

#[test]
fn resets_on_up5k_are_bit_exact() {
    resets(UP5K, 4, random_network, "random networks");
}
