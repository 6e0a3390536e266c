//! `hdl/src/stdp_tail.rs`: `StdpTail` alone. Its tail (§12.1-12.2: aging at the `tick` edge, a push
//! per routed spike event, duplicates invalidated, the window L, `clear`) against the model's
//! `flux_sim::learn::Tail`, observed through the learning phase's tail pass (§12.3): every source
//! has a fan-out of exactly one synapse at its own address, so the pass streams, in slot order, one
//! synapse per valid eligible slot (age 0, or any slot when some neuron spiked), and the phase takes
//! `timing::learn_cycles` of that count. The synapse words are not plastic, so nothing is written.
//! The learning arithmetic (which words change and how) is compared at core level only
//! (`testbenches/tests/learning.rs`, every synapse word of random plastic networks); a block-level
//! test of it, with the state, `last`, rule and table memories modelled in Rust, is left to do.

use flux_hdl::core_top::learn_table_addr_bits;
use flux_hdl::stdp_tail::StdpTail;
use flux_sim::learn::Tail as TailModel;
use flux_sim::spec::{Preset, SMALL};
use flux_sim::testing::{SplitMix64, seed};
use flux_sim::timing::{self, StepWork};
use flux_testbenches::block::{self, Block, BlockDesign, block_for_test};

use crate::design;

const P: Preset = SMALL;
const NB: usize = P.neuron_bits() as usize;
const SB: usize = P.synapse_addr_bits() as usize;
const W: usize = P.weight_bits as usize;

/// The small preset's learning unit, every width from `flux_sim::spec` (as
/// `core_top::preset_widths!`).
type Tail = StdpTail<
    NB,
    { NB + 1 },
    SB,
    { SB + 1 },
    W,
    { W + 1 },
    { P.synapse_bits() as usize },
    { P.fanout_bits() as usize },
    { P.profile_bits() as usize },
    { P.tail as usize },
    { learn_table_addr_bits(&P) as usize },
>;

fn stdp_tail() -> BlockDesign {
    design("stdp_tail_small", Tail::new(&P))
}

/// The synapse address of source `src`'s one synapse: odd, so it is told apart from the idle sweep
/// pointer (0) and from the stream pointer after it has moved on (the even address after it).
fn synapse_of(src: u64) -> u128 {
    2 * u128::from(src) + 1
}

/// Runs one learning phase (`spiked`: some neuron spiked in this timestep) and returns the synapse
/// addresses streamed, in order, and the phase's cycles.
fn learning_phase(b: &mut Block, spiked: bool, t: u64, at: &str) -> (Vec<u128>, u64) {
    b.set("spiked", spiked.into());
    b.set("t", t.into());
    b.set("run", 1);
    let (mut streamed, mut cycles) = (Vec::<u128>::new(), 0u64);
    loop {
        cycles += 1;
        let addr = b.get("syn_addr");
        if addr % 2 == 1 && streamed.last() != Some(&addr) {
            streamed.push(addr);
        }
        assert!(
            !b.get_bool("syn_we"),
            "{at}, cycle {cycles}: a synapse write, but no word is plastic"
        );
        let done = b.get_bool("done");
        // The fan-out table's read port: every source has one synapse, at `synapse_of(src)`.
        let src = b.get("fanout_rd_addr") as u64;
        b.tick();
        let word = P.fanout_start().set(0, synapse_of(src) as i64);
        b.set("fanout_rd_data", P.fanout_count().set(word, 1));
        assert!(cycles < 10_000, "{at}: done never came");
        if done {
            break;
        }
    }
    b.set("run", 0);
    (streamed, cycles)
}

#[test]
fn stdp_tail_keeps_the_tail_as_the_model_does() {
    let seed = seed(0x57D9_0001);
    let mut rng = SplitMix64(seed);
    let Some(mut b) = block_for_test(&stdp_tail()) else {
        return;
    };
    let mut model = TailModel::new(P.tail, P.stdp_window);
    let sources = u64::from(P.sources());
    let (mut quiet, mut expired) = (false, 0);
    for step in 0..400u64 {
        let at = format!("seed {seed:#x}, timestep {step}");
        // Now and then the host writes `n_neurons` between timesteps: the tail is cleared.
        if rng.below(40) == 0 {
            b.set("clear", 1);
            b.tick();
            b.set("clear", 0);
            model.clear();
        }
        // The `tick` edge ages every slot.
        b.set("age_step", 1);
        b.tick();
        b.set("age_step", 0);
        let valid = |m: &TailModel| m.slots().iter().filter(|s| s.valid).count();
        let before = valid(&model);
        model.age();
        expired += before - valid(&model);
        // The route phase's spike events, some cycles apart; a few sources half the time, so that
        // a source comes again while its older slot is still in the tail (up to K + 3, so that
        // slots fall off the end). Quiet epochs (about 20 timesteps) let slots reach the window.
        if rng.below(20) == 0 {
            quiet = !quiet;
        }
        let pushes = if quiet {
            0
        } else {
            rng.below(u64::from(P.tail) + 4)
        };
        for _ in 0..pushes {
            let src = if rng.below(2) == 0 {
                rng.below(8)
            } else {
                rng.below(sources)
            };
            b.ticks(rng.below(3));
            b.set("push", 1);
            b.set("push_src", src.into());
            b.tick();
            b.set("push", 0);
            model.push(src as u32);
        }
        b.ticks(1 + rng.below(3));
        let spiked = rng.below(2) == 0;
        let (got, cycles) = learning_phase(&mut b, spiked, step, &at);
        let want: Vec<u128> = model
            .slots()
            .iter()
            .filter(|s| s.valid && (s.age == 0 || spiked))
            .map(|s| synapse_of(s.src.into()))
            .collect();
        assert_eq!(
            got,
            want,
            "{at} (spiked {spiked}): synapses streamed by the tail pass (2 * source + 1, slot order): \
             block (left), model tail {:?} (right)",
            model.slots()
        );
        let work = StepWork {
            learn: true,
            tail_slots: P.tail.into(),
            learn_streamed: want.len() as u64,
            ..StepWork::default()
        };
        assert_eq!(
            cycles,
            timing::learn_cycles(&work),
            "{at}: learning-phase cycles: block (left), flux_sim::timing (right)"
        );
    }
    println!("{expired} slots reached the window");
    assert!(
        expired > 0,
        "seed {seed:#x}: no slot reached the window L; lengthen the quiet epochs"
    );
}

/// UNUSEDSIGNAL is waived, for bits unused by design: the state word's fields other than the ones
/// learning reads (its profile and `mod_level`), and the spare top and bottom bits of the wide
/// intermediate sums and products (kept wide so that every shift and clamp is exact).
#[test]
fn stdp_tail_lints_with_verilator() {
    block::lint(&stdp_tail(), &["UNUSEDSIGNAL"]);
}

/// The two 16 x 16 multiplies (the rate at `ph 2`, the change at `ph 3`) map to one `SB_MAC16` each
/// with `-dsp`; the unit has no RAM of its own (its memories are the core's).
#[test]
fn stdp_tail_synthesizes_for_ice40() {
    let Some(stat) = block::synth_ice40(&stdp_tail(), "-dsp") else {
        return;
    };
    assert_eq!(block::cell_count(&stat, "SB_RAM40_4K"), 0, "{stat}");
    assert_eq!(block::cell_count(&stat, "SB_MAC16"), 2, "{stat}");
}
