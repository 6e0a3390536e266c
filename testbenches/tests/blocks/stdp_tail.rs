//! `hdl/src/core/stdp_tail.rs`: `StdpTail` alone, in two tests.
//!
//! - Its tail (§12.1-12.2: aging at the `tick` edge, a push per routed spike event, duplicates
//!   invalidated, the window L, `clear`) against the model's `flux_sim::learn::Tail`, observed
//!   through the learning phase's tail pass (§12.3): every source has a fan-out of exactly one
//!   synapse at its own address, so the pass streams, in slot order, one synapse per valid eligible
//!   slot (age 0, or any slot when some neuron spiked), and the phase takes `timing::learn_cycles`
//!   of that count. The synapse words are not plastic, so nothing is written.
//! - Its learning arithmetic (§12.3 A and B: which words change and how) against
//!   `flux_sim::learn::Learner::learning_phase`: seeded random plastic networks
//!   (`flux_testbenches::random::random_plastic_network`), with every memory the unit reads
//!   modelled in Rust as `core_top.rs` wires it (fan-out table, neuron state, `last[]` and the
//!   learning table: `BlockRam`s, the word out one edge after its address; the synapse memory: a
//!   `SynapseRam` with a read and a write port, junk read at an edge that writes the address read
//!   (`-no-rw-check`); the learning rules: a `RegFile`, read
//!   combinationally) and the unit's synapse writes applied to the Rust synapse memory. After every
//!   phase, every synapse word and the phase's cycle count are compared with the model's.

use flux_hdl::core_top::{age_bits, learn_table_addr_bits};
use flux_hdl::neuron_core::STATE_W;
use flux_hdl::stdp_tail::{StdpTail, TABLE_W};
use flux_sim::learn::{Learner, Post, Tail as TailModel};
use flux_sim::router::Router;
use flux_sim::spec::{Preset, SMALL, learn_rule, state};
use flux_sim::testing::{SplitMix64, seed};
use flux_sim::timing::{self, StepWork};
use flux_testbenches::block::{self, Block, BlockDesign, block_for_test};
use flux_testbenches::random::random_plastic_network;

use crate::{bits, design};

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
    { age_bits(&P) as usize },
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
        let addr = b.get("syn_rd_addr");
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
            // Each source has one synapse.
            learn_sources: want.len() as u64,
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

/// The memories `core_top.rs` gives the learning unit, as plain words.
struct Memories {
    fanout: Vec<u64>,
    synapses: Vec<u64>,
    state: Vec<u128>,
    last: Vec<u32>,
    rules: Vec<u64>,
    table: Vec<u16>,
}

/// One synapse write of the unit: the phase cycle it was presented in (1-based), the address, the
/// word before and the word written.
struct SynWrite {
    cycle: u64,
    addr: usize,
    old: u64,
    new: u64,
}

/// Runs one learning phase on `b` (its tail, `t`, `spiked` and sweep registers already set), with
/// `m` as the core's memories around it; returns the phase's cycles and the synapse writes, which
/// are applied to `m.synapses`. The read ports start the phase holding junk (in the core they hold
/// whatever the route and update phases read last).
///
/// Port timing, as `core_top.rs` wires each memory (while `learn_run`, the unit owns every one of
/// these ports): the fan-out table, the state memory, `last[]` and the learning table are
/// `BlockRam`s: the address sampled at an edge, its word out after it. The synapse memory is a
/// `SynapseRam` with a read and a write port (`RamPorts::ReadAndWrite`): the word at `syn_rd_addr`
/// is read at every edge, and `syn_wr_data` written at `syn_wr_addr` with `syn_we`; a read of the
/// address the same edge writes gives junk (the FPGA flow's `-no-rw-check`), so the test fails if
/// the unit ever uses such a read. The rule table is a `RegFile`: `rule_data` is the word at
/// `rule_addr` in the same cycle (`rule_addr` follows from `state_rd_data` alone, so one settle is
/// enough). A latency of two edges on `last[]` makes the test fail; the learning table's latency
/// is not observable, since the unit holds `table_rd_addr` from `ph 2` through `ph 3`.
fn run_phase(
    b: &mut Block,
    m: &mut Memories,
    rng: &mut SplitMix64,
    at: &str,
) -> (u64, Vec<SynWrite>) {
    let junk = [
        ("fanout_rd_data", P.fanout_bits()),
        ("syn_rd_data", P.synapse_bits()),
        ("state_rd_data", STATE_W as u32),
        ("last_rd_data", 32),
        ("table_rd_data", TABLE_W as u32),
    ];
    for (port, width) in junk {
        b.set(port, bits(rng, width));
    }
    let read = |v: &[u64], a: u128| v.get(a as usize).copied().unwrap_or(0);
    b.set("run", 1);
    let (mut cycles, mut writes) = (0u64, Vec::new());
    loop {
        cycles += 1;
        let rule_addr = b.get("rule_addr");
        b.set("rule_data", read(&m.rules, rule_addr).into());
        let done = b.get_bool("done");
        let fanout_addr = b.get("fanout_rd_addr");
        let syn_rd_addr = b.get("syn_rd_addr") as usize;
        let syn_wr_addr = b.get("syn_wr_addr") as usize;
        let state_addr = b.get("state_rd_addr") as usize;
        let last_addr = b.get("last_rd_addr") as usize;
        let table_addr = b.get("table_rd_addr") as usize;
        let write = b.get_bool("syn_we").then(|| b.get("syn_wr_data") as u64);
        b.tick();
        b.set("fanout_rd_data", read(&m.fanout, fanout_addr).into());
        b.set("state_rd_data", m.state[state_addr]);
        b.set("last_rd_data", m.last[last_addr].into());
        b.set(
            "table_rd_data",
            m.table.get(table_addr).copied().unwrap_or(0).into(),
        );
        // A read of the address the same edge writes is undefined with `-no-rw-check`: junk.
        if write.is_some() && syn_rd_addr == syn_wr_addr {
            b.set("syn_rd_data", bits(rng, P.synapse_bits()));
        } else {
            b.set("syn_rd_data", m.synapses[syn_rd_addr].into());
        }
        if let Some(new) = write {
            let old = std::mem::replace(&mut m.synapses[syn_wr_addr], new);
            writes.push(SynWrite {
                cycle: cycles,
                addr: syn_wr_addr,
                old,
                new,
            });
        }
        assert!(cycles < 100_000, "{at}: done never came");
        if done {
            break;
        }
    }
    b.set("run", 0);
    (cycles, writes)
}

/// A synapse word's fields, for a mismatch message.
fn synapse_fields(word: u64) -> String {
    let w = u128::from(word);
    format!(
        "{word:#x} (target {}, weight {}, stw {}, delay {}, type {}, plastic {})",
        P.syn_target().get(w),
        P.syn_weight().get(w),
        P.syn_stw().get(w),
        P.syn_delay().get(w),
        P.syn_type().get(w),
        P.syn_plastic().get(w)
    )
}

/// A `mod_level`: 0, small (the rate near 1.0), anywhere, or at an edge (the rate and the
/// consolidation threshold at their ends).
fn mod_level(rng: &mut SplitMix64) -> i64 {
    match rng.below(4) {
        0 => 0,
        1 => rng.range(-300, 300),
        2 => rng.field(state::MOD_LEVEL),
        _ => rng.field_or_edge(state::MOD_LEVEL),
    }
}

/// What the unit's writes did, over all phases (each write classified by its phase part: the
/// sweep's writes are in its last `timing::sweep_cycles` cycles before `done`).
#[derive(Debug, Default)]
struct Tally {
    phases: u64,
    /// Tail pass: `stw` raised, lowered, rewritten unchanged (a change of 0, or a bound reached).
    up: u64,
    down: u64,
    same: u64,
    /// Sweep: `weight` changed (consolidated), only `stw` changed (faded, or consolidated at a
    /// bound), rewritten unchanged.
    consolidated: u64,
    faded: u64,
    swept_same: u64,
}

/// Eight random plastic networks (direct synapses plastic or not, modulatory and electric ones,
/// `stw` at its edges, random rules and tables), 50 timesteps each: every timestep ages the tail,
/// pushes up to K + 3 sources, lets some neurons spike (`last[n] = t + 1`, so pairs of both signs
/// over the whole window) or none (`spiked` low: only age-0 slots are streamed), moves some
/// `mod_level`s, then runs the learning phase on the block and on `Learner::learning_phase` and
/// compares every synapse word and the cycle count.
#[test]
fn stdp_tail_learns_as_the_model_does() {
    let seed = seed(0x57D9_0002);
    let mut rng = SplitMix64(seed);
    let Some(mut b) = block_for_test(&stdp_tail()) else {
        return;
    };
    let start = std::time::Instant::now();
    let mut tally = Tally::default();
    let (stw, weight) = (P.syn_stw(), P.syn_weight());
    for case in 0..8u64 {
        let net_seed = rng.next();
        let mut image = random_plastic_network(P, net_seed, 0).image;
        image.learn_en = true;
        // The sweep: off, 255 steps (the most the register holds), or a few; over the synapses in
        // use (where learning writes), or in one case of four the network's own `sweep_len`
        // (0: address 0 only, all of the memory, anywhere).
        image.sweep_step = match case % 3 {
            0 => 0,
            1 => 255,
            _ => 1 + rng.below(16) as u32,
        };
        if case % 4 != 3 {
            image.sweep_len = image
                .fanout
                .iter()
                .map(|&w| P.fanout_start().get(w.into()) + P.fanout_count().get(w.into()))
                .max()
                .unwrap_or(0) as u32;
        }
        // Round 6 addresses (pipelined, each read again 6 reads later: the closest the pipeline
        // allows) and round 1 to 5 (the sweep visits one address at a time, §12.4).
        match case {
            2 => image.sweep_len = timing::SWEEP_PIPELINE_MIN_LEN,
            5 => image.sweep_len = 1 + rng.below(5) as u32,
            _ => {}
        }
        for w in image.state.iter_mut() {
            *w = state::MOD_LEVEL.set(*w, mod_level(&mut rng));
        }
        // Half the rules get a low consolidation threshold, which a good share of the
        // `mod_level`s reach (the network's own thresholds are 0, never, for half the rules, and
        // up to 32767 for a quarter: too rare a consolidation to count on).
        for r in image.learn_rules.iter_mut() {
            if rng.below(2) == 0 {
                *r = learn_rule::CONS_THR.set((*r).into(), rng.range(1, 300)) as u64;
            }
        }
        // `t` near the 32-bit wrap in one case (`last[] = t + 1` wraps to 0, "never spiked").
        let t0 = if case == 4 {
            u64::from(u32::MAX) - 20
        } else {
            rng.below(1 << 20)
        };
        let mut model = Learner::new(&image);
        let mut router = Router::new(&image);
        let mut m = Memories {
            fanout: image.fanout.clone(),
            synapses: image.synapses.clone(),
            state: image.state.clone(),
            last: vec![0; P.neurons as usize],
            rules: image.learn_rules.clone(),
            table: image.learn_table.clone(),
        };
        // The tail is empty and the sweep pointer 0, as for a fresh `Learner`.
        b.set("clear", 1);
        b.tick();
        b.set("clear", 0);
        b.set("sweep_len", image.sweep_len.into());
        b.set("sweep_step", image.sweep_step.into());
        // Sources that stream something, and the neurons synapses reach.
        let sources: Vec<u64> = (0..u64::from(P.sources()))
            .filter(|&s| P.fanout_count().get(image.fanout[s as usize].into()) > 0)
            .collect();
        let targets = u64::from(image.n_neurons.max(1));
        for step in 0..50u64 {
            let t = t0 + step;
            // The `tick` edge ages every slot.
            b.set("age_step", 1);
            b.tick();
            b.set("age_step", 0);
            model.begin_step();
            // The route phase's pushes: none in some timesteps (the slots age toward the window),
            // else up to K + 3.
            let pushes = if rng.below(4) == 0 {
                0
            } else {
                rng.below(u64::from(P.tail) + 4)
            };
            for _ in 0..pushes {
                let src = if sources.is_empty() || rng.below(8) == 0 {
                    rng.below(u64::from(P.sources()))
                } else {
                    sources[rng.below(sources.len() as u64) as usize]
                };
                b.set("push", 1);
                b.set("push_src", src.into());
                b.tick();
                b.set("push", 0);
                model.push(src as u32);
            }
            // The update phase: in two timesteps of three some neurons spike (`last[n] = t + 1`),
            // and some `mod_level`s move.
            let spiked = rng.below(3) != 0;
            if spiked {
                let first = rng.below(targets) as u32;
                for n in 0..P.neurons {
                    if n == first || (u64::from(n) < targets && rng.below(4) == 0) {
                        m.last[n as usize] = (t as u32).wrapping_add(1);
                        model.spiked(t, n);
                    }
                }
            }
            for w in m.state.iter_mut() {
                if rng.below(8) == 0 {
                    *w = state::MOD_LEVEL.set(*w, mod_level(&mut rng));
                }
            }
            let profile: Vec<u8> = m
                .state
                .iter()
                .map(|&w| state::PROFILE.get(w) as u8)
                .collect();
            let mod_levels: Vec<i16> = m
                .state
                .iter()
                .map(|&w| state::MOD_LEVEL.get(w) as i16)
                .collect();
            let post = Post {
                profile: &profile,
                mod_level: &mod_levels,
                any_spike: spiked,
            };
            let learned = model.learning_phase(t, &post, &mut router);

            let at = format!(
                "seed {seed:#x}, case {case} (network seed {net_seed:#x}), timestep {step} \
                 (t {t}, spiked {spiked}, sweep_len {}, sweep_step {})",
                image.sweep_len, image.sweep_step
            );
            b.set("t", u128::from(t as u32));
            b.set("spiked", spiked.into());
            let (cycles, writes) = run_phase(&mut b, &mut m, &mut rng, &at);

            if let Some(a) = (0..m.synapses.len()).find(|&a| m.synapses[a] != model.synapses()[a]) {
                panic!(
                    "{at}: synapse {a} after the learning phase: block {}, model {}; \
                     the unit wrote it {} time(s); model tail {:?}",
                    synapse_fields(m.synapses[a]),
                    synapse_fields(model.synapses()[a]),
                    writes.iter().filter(|w| w.addr == a).count(),
                    model.tail().slots()
                );
            }
            let work = StepWork {
                learn: true,
                tail_slots: P.tail.into(),
                learn_streamed: learned.streamed,
                learn_sources: learned.sources,
                swept: learned.swept,
                sweep_serial: learned.sweep_serial,
                ..StepWork::default()
            };
            assert_eq!(
                cycles,
                timing::learn_cycles(&work),
                "{at}: learning-phase cycles: block (left), flux_sim::timing (right) for {learned:?}"
            );

            tally.phases += 1;
            let sweep_from = cycles - timing::sweep_cycles(learned.swept, learned.sweep_serial);
            for w in &writes {
                let (old, new) = (u128::from(w.old), u128::from(w.new));
                let bucket = if w.cycle < sweep_from {
                    match stw.get(new).cmp(&stw.get(old)) {
                        std::cmp::Ordering::Greater => &mut tally.up,
                        std::cmp::Ordering::Less => &mut tally.down,
                        std::cmp::Ordering::Equal => &mut tally.same,
                    }
                } else if weight.get(new) != weight.get(old) {
                    &mut tally.consolidated
                } else if stw.get(new) != stw.get(old) {
                    &mut tally.faded
                } else {
                    &mut tally.swept_same
                };
                *bucket += 1;
            }
        }
    }
    println!("{tally:?} in {:?}", start.elapsed());
    // Not vacuous: both directions of the pair rule, and both outcomes of the sweep, many times.
    let Tally {
        up,
        down,
        consolidated,
        faded,
        ..
    } = tally;
    assert!(
        up >= 200 && down >= 200 && consolidated >= 20 && faded >= 200,
        "seed {seed:#x}: too few changes to mean much: {tally:?}"
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
