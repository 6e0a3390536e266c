//! `hdl/src/core/controller.rs`: `Controller` alone against `flux_sim::timing` (`docs/model.md` §2, §7):
//! for random work per timestep (injections, spike events, synapses, neurons, learning), the test
//! plays the router and the learning unit (`events_done` after the route work, `learn_done` after
//! `learn_cycles`) and checks, cycle by cycle, the phase outputs against the phase sequence
//! Idle → Route → Drain → Update → Flush → (Learn) → Idle, and per timestep the cycle count
//! against `timestep_cycles`. Resets land between timesteps and in the middle of them
//! (`docs/model.md` §7.1): the ring clear visits every ring word once, in order, `t` restarts at
//! 0, and the cycle count is `reset_cycles`.

use flux_hdl::controller::Controller;
use flux_sim::spec::SMALL;
use flux_sim::testing::{SplitMix64, seed};
use flux_sim::timing::{
    self, EVENT_CYCLES, INJECTION_CYCLES, RING_DRAIN_CYCLES, ROUTE_END_CYCLES, StepWork,
};
use flux_testbenches::block::{self, Block, BlockDesign, block_for_test};

use crate::design;

/// The small preset's controller: `NB1 = log2(256) + 1`, `DB = log2(8)`, `RB = DB + log2(256)`.
const NB1: usize = 9;
const DB: usize = 3;
const RB: usize = DB + NB1 - 1;
const _: () = assert!(SMALL.neurons == 1 << (NB1 - 1) && SMALL.delay_slots == 1 << DB);

fn controller() -> BlockDesign {
    design("controller_small", Controller::<NB1, DB, RB>::default())
}

/// What the controller's outputs showed during one timestep.
#[derive(Debug, Default, PartialEq)]
struct Seen {
    /// From the edge that samples `tick` (1) to the edge after which `busy` is low.
    cycles: u64,
    route: u64,
    /// The neuron read in each update cycle, in order.
    update_neurons: Vec<u64>,
    learn: u64,
    route_end_pulses: u64,
}

/// A count in `0..=max`: 0 and 1 one time in eight each (the empty and single edges).
fn count(rng: &mut SplitMix64, max: u64) -> u64 {
    match rng.below(8) {
        0 => 0,
        1 => 1,
        _ => rng.below(max + 1),
    }
}

/// Random work for one timestep, neurons up to the preset's 256 (all of them one time in eight).
fn random_work(rng: &mut SplitMix64) -> StepWork {
    let neurons = match rng.below(8) {
        0 => u64::from(SMALL.neurons),
        _ => count(rng, u64::from(SMALL.neurons)),
    };
    let learn = rng.below(2) == 1;
    StepWork {
        injections: count(rng, 20),
        spike_events: count(rng, 20),
        synapses: count(rng, 60),
        neurons,
        learn,
        // The tail pass examines every slot; the streamed and swept counts vary.
        tail_slots: if learn { u64::from(SMALL.tail) } else { 0 },
        learn_streamed: if learn { count(rng, 10) } else { 0 },
        learn_sources: if learn { count(rng, 3) } else { 0 },
        swept: if learn { count(rng, 4) } else { 0 },
        sweep_serial: learn && rng.below(2) == 1,
    }
}

/// Runs one timestep of `w` on `c` (idle on entry) and records what its outputs showed; checks
/// `tick_taken`, `t` and `t_slot` on the way. `t` is the timestep's number. With `stop_at`, it
/// stops before the edge of that cycle, `busy` still high (a reset is to land there).
fn run_timestep(
    c: &mut Block,
    w: &StepWork,
    t: u64,
    seed: u64,
    step: usize,
    stop_at: Option<u64>,
) -> Seen {
    let at =
        |cycle: u64, what: &str| format!("seed {seed:#x}, timestep {step}, cycle {cycle}: {what}");
    let route_work = w.injections * INJECTION_CYCLES + w.spike_events * EVENT_CYCLES + w.synapses;
    let learn_work = timing::learn_cycles(w);
    c.set("n_neurons", w.neurons.into());
    c.set("learn_en", w.learn.into());
    c.set("events_done", 0);
    c.set("learn_done", 0);
    c.set("tick", 1);
    assert!(
        c.get_bool("tick_taken"),
        "{}",
        at(0, "tick_taken low while idle with tick high")
    );
    c.tick();
    c.set("tick", 0);
    let mut seen = Seen {
        cycles: 1,
        ..Seen::default()
    };
    let mut route_end_at = None;
    while c.get_bool("busy") {
        let cycle = seen.cycles;
        if stop_at == Some(cycle) {
            c.set("tick", 0);
            c.set("t_load", 0);
            return seen;
        }
        let (t_out, t_slot) = (c.get("t") as u64, c.get("t_slot") as u64);
        assert_eq!(
            t_out,
            t,
            "{}",
            at(cycle, &format!("t: block {t_out}, model {t}"))
        );
        assert_eq!(
            t_slot,
            t % (1 << DB),
            "{}",
            at(cycle, &format!("t_slot {t_slot}, t {t}"))
        );
        // A tick while busy is ignored; offer one every third cycle to make sure. So is a write
        // of register `t` (the core never passes one while busy; the controller must not take it
        // either): one every fifth cycle, with a value `t` never has here.
        c.set("tick", cycle.is_multiple_of(3).into());
        c.set("t_load", cycle.is_multiple_of(5).into());
        c.set("t_load_value", (t as u32 ^ 0x5555_0000).into());
        assert!(
            !c.get_bool("tick_taken"),
            "{}",
            at(cycle, "tick_taken while busy")
        );
        let route = c.get_bool("route_run");
        let learn = c.get_bool("learn_run");
        let update = c.get_bool("update_read");
        assert!(
            u8::from(route) + u8::from(learn) + u8::from(update) <= 1,
            "{}",
            at(cycle, "two phases at once")
        );
        if route {
            // The router reports `events_done` in the cycle after its last work cycle.
            c.set("events_done", (seen.route == route_work).into());
            seen.route += 1;
        }
        if learn {
            seen.learn += 1;
            c.set("learn_done", (seen.learn == learn_work).into());
        }
        if update {
            seen.update_neurons.push(c.get("update_neuron") as u64);
        }
        if c.get_bool("route_end") {
            seen.route_end_pulses += 1;
            route_end_at = Some((cycle, seen.route));
        }
        c.tick();
        c.set("events_done", 0);
        c.set("learn_done", 0);
        seen.cycles += 1;
        assert!(
            seen.cycles <= 2 * timing::timestep_cycles(w) + 16,
            "{}",
            at(cycle, "busy never falls")
        );
    }
    c.set("tick", 0);
    c.set("t_load", 0);
    // `route_end` pulses once, in the last drain cycle: RING_DRAIN_CYCLES after the route phase.
    if let Some((cycle, route)) = route_end_at {
        assert_eq!(
            cycle,
            1 + route + RING_DRAIN_CYCLES - 1,
            "{}",
            at(cycle, "route_end is not the last drain cycle")
        );
    }
    seen
}

/// Holds `reset` for `hold` edges (offering `tick` and a `t` write with it, which it must ignore)
/// and checks the ring clear that follows: `clear_addr` visits `0..D×N` once in order, no other
/// phase runs, `t` is 0, and `busy` falls after `reset_cycles` (the last reset edge counted as 1).
fn run_reset(c: &mut Block, hold: u64, seed: u64, step: usize) {
    let at = |cycle: u64, what: &str| {
        format!("seed {seed:#x}, reset before timestep {step}, cycle {cycle}: {what}")
    };
    c.set("reset", 1);
    c.set("tick", 1);
    c.set("t_load", 1);
    c.set("t_load_value", 0x1234_5678u32.into());
    for _ in 0..hold {
        assert!(
            !c.get_bool("tick_taken"),
            "{}",
            at(0, "tick_taken with reset high")
        );
        c.tick();
    }
    c.set("reset", 0);
    c.set("t_load", 0);
    let mut cycles = 1;
    let mut cleared = Vec::new();
    while c.get_bool("busy") {
        // A tick while clearing is ignored.
        c.set("tick", (cycles % 7 == 0).into());
        assert_eq!(
            c.get("t"),
            0,
            "{}",
            at(cycles, "t is not 0 after the reset")
        );
        assert!(
            !(c.get_bool("route_run") || c.get_bool("update_read") || c.get_bool("learn_run")),
            "{}",
            at(cycles, "a timestep phase runs during the ring clear")
        );
        if c.get_bool("clear_run") {
            cleared.push(c.get("clear_addr") as u64);
        }
        c.tick();
        cycles += 1;
        assert!(
            cycles <= timing::reset_cycles(&SMALL) + 16,
            "{}",
            at(cycles, "busy never falls")
        );
    }
    c.set("tick", 0);
    assert_eq!(
        cycles,
        timing::reset_cycles(&SMALL),
        "{}",
        at(cycles, "reset cycle count")
    );
    assert!(
        cleared.iter().copied().eq(0..1u64 << RB),
        "{}",
        at(
            cycles,
            "the clear did not visit every ring word once, in order"
        )
    );
    assert!(
        !c.get_bool("clear_run"),
        "{}",
        at(cycles, "clear_run while idle")
    );
}

#[test]
fn controller_phases_and_cycle_count_match_timing() {
    let seed = seed(0xC0_0001);
    let mut rng = SplitMix64(seed);
    let Some(mut c) = block_for_test(&controller()) else {
        return;
    };
    // Idle after power-up: nothing runs, `t` is 0.
    c.tick();
    assert!(!c.get_bool("busy") && c.get("t") == 0);
    // The timestep counter as the model keeps it (32 bits in the hardware, `docs/model.md` §7).
    let mut t: u32 = 0;
    let mut loads = 0;
    let mut resets = [0; 2];
    for step in 0..200 {
        // Now and then a reset: between timesteps, or in the middle of one (it ends it).
        if rng.below(10) == 0 {
            let hold = 1 + rng.below(3);
            if rng.below(2) == 0 {
                let w = random_work(&mut rng);
                let stop = 1 + rng.below(timing::timestep_cycles(&w) - 1);
                run_timestep(&mut c, &w, t.into(), seed, step, Some(stop));
                resets[1] += 1;
            } else {
                resets[0] += 1;
            }
            run_reset(&mut c, hold, seed, step);
            t = 0;
        }
        // Now and then the host writes register `t` while idle: near the wrap, or anywhere.
        if rng.below(8) == 0 {
            t = if rng.below(2) == 0 {
                u32::MAX - rng.below(3) as u32
            } else {
                rng.next() as u32
            };
            c.set("t_load", 1);
            c.set("t_load_value", t.into());
            c.tick();
            c.set("t_load", 0);
            loads += 1;
        }
        let w = random_work(&mut rng);
        let seen = run_timestep(&mut c, &w, t.into(), seed, step, None);
        t = t.wrapping_add(1);
        let want = Seen {
            cycles: timing::timestep_cycles(&w),
            route: w.injections * INJECTION_CYCLES
                + w.spike_events * EVENT_CYCLES
                + w.synapses
                + ROUTE_END_CYCLES,
            update_neurons: (0..w.neurons).collect(),
            learn: timing::learn_cycles(&w),
            route_end_pulses: 1,
        };
        assert_eq!(
            seen, want,
            "seed {seed:#x}, timestep {step} of {w:?}: the controller (left) against flux_sim::timing \
             (right)"
        );
        // Idle clocks between timesteps do not count.
        c.ticks(rng.below(3));
    }
    // `t` counts the timesteps run since the last write.
    assert_eq!(
        c.get("t"),
        u128::from(t),
        "seed {seed:#x}: t after 200 timesteps"
    );
    assert!(loads > 0, "seed {seed:#x}: register t was never written");
    assert!(
        resets.iter().all(|&r| r > 0),
        "seed {seed:#x}: resets between and within timesteps: {resets:?}"
    );
}

#[test]
fn controller_lints_with_verilator() {
    block::lint(&controller(), &[]);
}

#[test]
fn controller_synthesizes_for_ice40() {
    let Some(stat) = block::synth_ice40(&controller(), "") else {
        return;
    };
    assert_eq!(block::cell_count(&stat, "SB_RAM40_4K"), 0, "{stat}");
}
