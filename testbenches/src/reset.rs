//! The reset checks (`docs/model.md` §7.1), shared by `tests/reset.rs` and `flux mutate`: one
//! random network run with resets between timesteps (some with events queued in the input FIFO,
//! which the reset drops), then a reset in the middle of a timestep followed by a reload of the
//! image, compared with a fresh model core. Every reset is compared in its cycle count, the
//! absence of `aer_out` events, `t = 0`, every dendritic-ring word and every state word; every
//! timestep as [`Cosim::step`] compares it.

use flux_sim::testing::SplitMix64;

use crate::cosim::{Cosim, CosimError};
use crate::random::RandomNet;

/// What [`run_with_resets`] did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ResetRun {
    /// Resets between timesteps.
    pub between: u64,
    /// Of those, resets with events queued in the input FIFO.
    pub with_queued: u64,
    /// Resets in the middle of a timestep (then a reload).
    pub mid: u64,
    /// Timesteps compared.
    pub timesteps: u64,
}

/// Timesteps run after the mid-timestep reset and the reload.
pub const AFTER_RELOAD_STEPS: usize = 40;

/// Runs `net` on `cosim` (loaded with `net.image`) with resets, from the choices of a generator
/// seeded with `net.seed`: resets between timesteps at a third and two thirds of the stimulus
/// (`reset` held 1 to 3 edges, the next timestep's events queued first half the time), then
/// one cut into a timestep at a random edge (the `tick` edge up to the last busy one) followed by
/// a reload of `net.image` and [`AFTER_RELOAD_STEPS`] timesteps from the start of the stimulus.
pub fn run_with_resets(cosim: &mut Cosim, net: &RandomNet) -> Result<ResetRun, CosimError> {
    let mut rng = SplitMix64(net.seed ^ 0x5E5E_7000_0000_0000);
    let mut run = ResetRun::default();
    let steps = net.stimulus.len();
    let cuts = [steps / 3, 2 * steps / 3];
    for (i, events) in net.stimulus.iter().enumerate() {
        if cuts.contains(&i) {
            if rng.below(2) == 0 && !events.is_empty() {
                cosim.rtl().push(events)?;
                run.with_queued += 1;
            }
            cosim.reset(1 + rng.below(3))?;
            run.between += 1;
        }
        cosim.step(events, true)?;
        run.timesteps += 1;
    }
    if steps > 0 {
        let events = &net.stimulus[rng.below(steps as u64) as usize];
        // The timestep's length, from a copy of the model: cut it anywhere while `busy` is high.
        let cycles = cosim.model().clone().step(events).cycles;
        let edges = 1 + rng.below(cycles - 1);
        cosim.reset_mid_timestep(events, edges, 1 + rng.below(3), &net.image)?;
        run.mid += 1;
        for events in net.stimulus.iter().take(AFTER_RELOAD_STEPS) {
            cosim.step(events, true)?;
            run.timesteps += 1;
        }
        cosim.check_state()?;
    }
    Ok(run)
}
