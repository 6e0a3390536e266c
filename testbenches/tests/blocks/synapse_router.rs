//! `hdl/src/core/synapse_router.rs`: `SynapseRouter` alone, its memories modelled in Rust around it as
//! `core_top.rs` wires them (input FIFO, spike buffer, fan-out table, synapse memory and the
//! dendritic ring, each a read port whose word is out one edge after its address, the ring's read
//! returning the old word when the same edge writes it: `BlockRam`'s semantics), against
//! `flux_sim::router` (`Router::route` and `Ring::inject` in the order `Core::step` delivers the
//! events: the FIFO in host order, then last timestep's spikes ascending). The model's twin exists
//! at route-phase level, so that is the granularity: after each route phase (and the drain), every
//! word of the ring (`D * N` slots, `Ring::input(t, slot, n).to_word()`), the route-phase cycle
//! count (`flux_sim::timing`) and the sources pushed to the learning tail. Random networks of every
//! synapse type (the Xylo current synapse, type 3, included, with every shift), weights and
//! short-term weights at their edges, spikes with counts from 1 to 31 (a Xylo neuron's burst,
//! `docs/model.md` §4.2), and one case in four piling every synapse onto one target and delay
//! (back-to-back read-modify-writes of one ring word, saturation of `m_in`).

use flux_hdl::synapse_router::SynapseRouter;
use flux_sim::image::{CoreImage, Event};
use flux_sim::router::Router;
use flux_sim::spec::{Preset, SMALL};
use flux_sim::testing::{SplitMix64, seed};
use flux_sim::timing::{EVENT_CYCLES, INJECTION_CYCLES, RING_DRAIN_CYCLES, ROUTE_END_CYCLES};
use flux_testbenches::block::{self, Block, BlockDesign, block_for_test};

use crate::design;

const P: Preset = SMALL;
const NB: usize = P.neuron_bits() as usize;
const SB: usize = P.synapse_addr_bits() as usize;
const DB: usize = P.delay_bits() as usize;
const FB: usize = P.input_fifo.trailing_zeros() as usize;

/// The small preset's router, every width from `flux_sim::spec` (as `core_top::preset_widths!`).
type Router_ = SynapseRouter<
    NB,
    { NB + 1 },
    SB,
    { SB + 1 },
    DB,
    { DB + NB },
    { P.weight_bits as usize },
    { P.weight_bits as usize + 1 },
    { P.synapse_bits() as usize },
    { P.fanout_bits() as usize },
    FB,
    { FB + 1 },
>;

fn router() -> BlockDesign {
    design("synapse_router_small", Router_::new(&P))
}

/// One route phase's inputs: a network image, the FIFO's events, last timestep's spikes, `t`.
struct Case {
    image: CoreImage,
    events: Vec<Event>,
    spikes: Vec<u32>,
    /// The spike count of each entry of `spikes` (1 ..= 31).
    counts: Vec<u8>,
    t: u64,
}

fn random_case(rng: &mut SplitMix64) -> Case {
    let mut image = CoreImage::empty(P);
    image.n_neurons = P.neurons;
    let pile = rng.below(4) == 0;
    let (pile_target, pile_delay) = (rng.below(u64::from(P.neurons)), rng.below(2));
    let words = image.synapses.len() as u64;
    for w in image.synapses.iter_mut() {
        let mut word = 0u128;
        word = P.syn_type().set(word, rng.below(4) as i64);
        word = P.syn_plastic().set(word, rng.below(2) as i64);
        word = P.syn_stw().set(word, rng.field_or_edge(P.syn_stw()));
        if pile {
            word = P.syn_target().set(word, pile_target as i64);
            word = P.syn_delay().set(word, pile_delay as i64);
            word = P.syn_weight().set(word, P.syn_weight().max());
        } else {
            word = P.syn_target().set(word, rng.field(P.syn_target()));
            word = P.syn_delay().set(word, rng.field(P.syn_delay()));
            word = P.syn_weight().set(word, rng.field_or_edge(P.syn_weight()));
        }
        *w = word as u64;
    }
    for f in image.fanout.iter_mut() {
        // Half the sources have no synapse; the others up to 24 (a pile: up to 400), in the memory.
        let count = match (rng.below(2), pile) {
            (0, _) => 0,
            (_, false) => rng.below(25),
            (_, true) => rng.below(401),
        };
        let start = rng.below(words - count + 1);
        let word = P.fanout_start().set(0, start as i64);
        *f = P.fanout_count().set(word, count as i64) as u64;
    }
    let events = (0..rng.below(24))
        .map(|_| {
            if rng.below(3) == 0 {
                Event::Current {
                    neuron: rng.below(u64::from(P.neurons)) as u32,
                    value: match rng.below(4) {
                        0 => i16::MAX,
                        1 => i16::MIN,
                        _ => rng.next() as i16,
                    },
                }
            } else {
                Event::Spike {
                    channel: rng.below(u64::from(P.channels)) as u32,
                }
            }
        })
        .collect();
    let spikes: Vec<u32> = (0..P.neurons).filter(|_| rng.below(24) == 0).collect();
    let counts = spikes
        .iter()
        .map(|_| match rng.below(4) {
            0 => 31,
            1 => 1 + rng.below(31) as u8,
            _ => 1,
        })
        .collect();
    Case {
        image,
        events,
        spikes,
        counts,
        t: rng.below(1000),
    }
}

/// The input-FIFO word of an event (`synapse_router.rs`: value at 0, addr at 16, inj at 32).
fn fifo_word(e: &Event) -> u128 {
    let (inj, addr, value) = match *e {
        Event::Current { neuron, value } => (1u128, neuron, value as u16),
        Event::Spike { channel } => (0, channel, 0),
    };
    u128::from(value) | u128::from(addr) << 16 | inj << 32
}

/// What the model's route phase produces.
struct Expected {
    ring: Vec<u128>,
    route_cycles: u64,
    pushed: Vec<u64>,
}

fn model(case: &Case) -> Expected {
    let mut r = Router::new(&case.image);
    let n = P.neurons as usize;
    let (mut synapses, mut pushed) = (0, Vec::new());
    for e in &case.events {
        match *e {
            Event::Current { neuron, value } => r.ring_mut().inject(case.t, neuron as usize, value),
            Event::Spike { channel } => {
                let source = n + channel as usize;
                synapses += r.route(case.t, source, 1);
                pushed.push(source as u64);
            }
        }
    }
    for (&s, &k) in case.spikes.iter().zip(&case.counts) {
        synapses += r.route(case.t, s as usize, k.into());
        pushed.push(u64::from(s));
    }
    let injections = case
        .events
        .iter()
        .filter(|e| matches!(e, Event::Current { .. }))
        .count() as u64;
    let spike_events = pushed.len() as u64;
    // Ring address `{slot, neuron}`.
    let ring = (0..P.delay_slots as usize * n)
        .map(|a| r.ring().input(case.t, a / n, a % n).to_word())
        .collect();
    Expected {
        ring,
        route_cycles: injections * INJECTION_CYCLES
            + spike_events * EVENT_CYCLES
            + synapses
            + ROUTE_END_CYCLES,
        pushed,
    }
}

/// The memories around the router, with their read ports' registered words.
struct Memories {
    fifo: Vec<u128>,
    spikes: Vec<u128>,
    counts: Vec<u128>,
    ring: Vec<u128>,
}

/// Runs one route phase and its drain on `r`; the ring afterwards, the route cycles and the pushed
/// sources.
fn run(r: &mut Block, case: &Case, seed: u64, index: usize) -> Expected {
    let mut m = Memories {
        fifo: case.events.iter().map(fifo_word).collect(),
        spikes: case.spikes.iter().map(|&s| u128::from(s)).collect(),
        counts: case.counts.iter().map(|&k| u128::from(k)).collect(),
        ring: vec![0; 1 << (DB + NB)],
    };
    m.fifo.resize(1 << FB, 0);
    m.spikes.resize(1 << NB, 0);
    m.counts.resize(1 << NB, 0);
    let fanout: Vec<u128> = case.image.fanout.iter().map(|&w| w.into()).collect();
    let synapses: Vec<u128> = case.image.synapses.iter().map(|&w| w.into()).collect();
    let read = |v: &[u128], a: u128| v.get(a as usize).copied().unwrap_or(0);
    r.set("t_slot", (case.t % u64::from(P.delay_slots)).into());
    r.set("fifo_count", case.events.len() as u128);
    r.set("spike_count", case.spikes.len() as u128);
    let (mut route_cycles, mut pushed, mut drain) = (0u64, Vec::new(), None::<u64>);
    let mut run = false;
    // Cycle 0 is the `tick` edge (the router idle, its event memories addressed with event 0);
    // then the route phase until `events_done`, then the drain and one idle cycle more, in which
    // no ring write may come.
    for cycle in 0.. {
        r.set("run", run.into());
        let done = run && r.get_bool("events_done");
        if run {
            route_cycles += 1;
            if r.get_bool("push_valid") {
                pushed.push(r.get("push_src") as u64);
            }
        }
        let addrs = [
            r.get("fifo_rd_addr"),
            r.get("spike_rd_addr"),
            r.get("fanout_rd_addr"),
            r.get("syn_rd_addr"),
            r.get("ring_rd_addr"),
        ];
        let write = r
            .get_bool("ring_we")
            .then(|| (r.get("ring_wr_addr"), r.get("ring_wr_data")));
        if let Some(d) = drain {
            assert!(
                d <= RING_DRAIN_CYCLES || write.is_none(),
                "seed {seed:#x}, case {index}, cycle {cycle}: ring write {} cycles after events_done",
                d
            );
            if d > RING_DRAIN_CYCLES {
                break;
            }
        }
        assert!(
            route_cycles < 100_000,
            "seed {seed:#x}, case {index}: events_done never came"
        );
        r.tick();
        // The read ports' words for the next cycle; the ring's read sees the word before the write.
        r.set("fifo_rd_data", read(&m.fifo, addrs[0]));
        r.set("spike_rd_data", read(&m.spikes, addrs[1]));
        r.set("spike_rd_count", read(&m.counts, addrs[1]));
        r.set("fanout_rd_data", read(&fanout, addrs[2]));
        r.set("syn_rd_data", read(&synapses, addrs[3]));
        r.set("ring_rd_data", read(&m.ring, addrs[4]));
        if let Some((a, w)) = write {
            m.ring[a as usize] = w;
        }
        drain = match (drain, done) {
            (Some(d), _) => Some(d + 1),
            (None, true) => Some(1),
            (None, false) => None,
        };
        run = drain.is_none();
    }
    Expected {
        ring: m.ring,
        route_cycles,
        pushed,
    }
}

#[test]
fn synapse_router_fills_the_ring_as_the_model_routes() {
    let seed = seed(0x5947_0001);
    let mut rng = SplitMix64(seed);
    let Some(mut r) = block_for_test(&router()) else {
        return;
    };
    let n = P.neurons as usize;
    for index in 0..40 {
        let case = random_case(&mut rng);
        let want = model(&case);
        let got = run(&mut r, &case, seed, index);
        let at = format!(
            "seed {seed:#x}, case {index} (t {}, {} events, {} spikes)",
            case.t,
            case.events.len(),
            case.spikes.len()
        );
        assert_eq!(
            got.pushed, want.pushed,
            "{at}: sources pushed to the tail: block (left), model (right)"
        );
        assert_eq!(
            got.route_cycles, want.route_cycles,
            "{at}: route-phase cycles: block (left), model (right)"
        );
        if let Some(a) = (0..want.ring.len()).find(|&a| got.ring[a] != want.ring[a]) {
            let field = |w: u128| flux_sim::neuron::SlotInput::from_word(w);
            panic!(
                "{at}: ring slot {} neuron {}: block {:?} ({:#x}), model {:?} ({:#x})",
                a / n,
                a % n,
                field(got.ring[a]),
                got.ring[a],
                field(want.ring[a]),
                want.ring[a]
            );
        }
    }
}

/// UNUSEDSIGNAL is waived, for bits unused by design: the FIFO word's address bits above `NB` (the
/// FIFO holds the 16-bit interface address), the synapse word's `plastic` bit (learning's, not the
/// router's) and the spare top bits of the effective-weight sum (`EFF_W`, saturated to `W`).
#[test]
fn synapse_router_lints_with_verilator() {
    block::lint(&router(), &["UNUSEDSIGNAL"]);
}

#[test]
fn synapse_router_synthesizes_for_ice40() {
    let Some(stat) = block::synth_ice40(&router(), "") else {
        return;
    };
    // The memories are outside the block: no RAM inside.
    assert_eq!(block::cell_count(&stat, "SB_RAM40_4K"), 0, "{stat}");
}
