//! `FluxCore` in rust-hdl's simulator (slow, ~25k cycles/s: tiny networks only; the full
//! comparison against the model runs under Verilator in `testbenches/`).
//! - the router's read-modify-write forwarding: back-to-back synapses to one ring word, with
//!   saturation, against hand-derived values;
//! - whole timesteps of a small seeded random network against `flux_sim::core::Core`: cycle count,
//!   spikes, every state word and every ring word.

use flux_hdl::core_top::FluxCoreSmall;
use flux_sim::core::Core;
use flux_sim::image::{CoreImage, Event};
use flux_sim::spec::{self, SMALL, profile, slot, state};
use flux_sim::timing::{self, StepWork};
use rust_hdl::prelude::*;

struct Bench {
    uut: FluxCoreSmall,
}

impl Bench {
    fn new(image: &CoreImage) -> Self {
        let mut uut = FluxCoreSmall::build(&SMALL, image, None).expect("core builds");
        uut.connect_all();
        let mut b = Self { uut };
        b.settle();
        b
    }

    fn settle(&mut self) {
        assert!(
            simulate(&mut self.uut, 10_000),
            "the core's logic did not settle"
        );
    }

    /// One rising edge with the inputs as they are, then the clock falls again.
    fn edge(&mut self) {
        self.uut.clock.next = Clock { clk: true };
        self.settle();
        self.uut.clock.next = Clock { clk: false };
        self.settle();
    }

    /// Host write of `word` at (`mem`, `addr`) (one edge).
    fn cfg_write(&mut self, mem: u64, addr: u64, word: u128) {
        self.uut.cfg_we.next = true;
        self.uut.cfg_mem.next = mem.into();
        self.uut.cfg_addr.next = addr.into();
        self.uut.cfg_data.next =
            (Bits::<128>::from((word >> 64) as u64) << 64) | Bits::<128>::from(word as u64);
        self.settle();
        self.edge();
        self.uut.cfg_we.next = false;
        self.settle();
    }

    /// Queues one external event (one edge).
    fn offer(&mut self, e: Event) {
        let (inj, addr, value) = match e {
            Event::Spike { channel } => (false, channel as u64, 0u64),
            Event::Current { neuron, value } => (true, neuron as u64, value as u16 as u64),
        };
        self.uut.aer_in_valid.next = true;
        self.uut.aer_in_inj.next = inj;
        self.uut.aer_in_addr.next = addr.into();
        self.uut.aer_in_value.next = value.into();
        self.settle();
        assert!(
            self.uut.aer_in_ready.val(),
            "input FIFO refused an event while idle"
        );
        self.edge();
        self.uut.aer_in_valid.next = false;
        self.settle();
    }

    /// Runs one timestep: queues `events`, pulses `tick`, counts edges until `busy` is low
    /// (the tick edge counts as 1, `hdl/README.md`). Returns the count and the `(neuron, t)` spikes.
    fn step(&mut self, events: &[Event]) -> (u64, Vec<(u64, u64)>) {
        for &e in events {
            self.offer(e);
        }
        self.uut.tick.next = true;
        self.settle();
        self.edge();
        self.uut.tick.next = false;
        self.settle();
        let mut cycles = 1;
        let mut spikes = Vec::new();
        loop {
            if self.uut.aer_out_valid.val() {
                assert!(self.uut.busy.val(), "aer_out_valid while not busy");
                spikes.push((
                    self.uut.aer_out_addr.val().to_u64(),
                    self.uut.aer_out_t.val().to_u64(),
                ));
            }
            if !self.uut.busy.val() {
                return (cycles, spikes);
            }
            assert!(cycles < 100_000, "timestep does not end");
            self.edge();
            cycles += 1;
        }
    }
}

/// Synapse word of `SMALL`.
fn synapse(target: u32, weight: i64, delay: u32, kind: i64) -> u64 {
    let p = SMALL;
    let mut w = 0u128;
    w = p.syn_target().set(w, target as i64);
    w = p.syn_weight().set(w, weight);
    w = p.syn_delay().set(w, delay as i64);
    w = p.syn_type().set(w, kind);
    w as u64
}

fn fanout(start: u32, count: u32) -> u64 {
    let p = SMALL;
    p.fanout_count()
        .set(p.fanout_start().set(0, start as i64), count as i64) as u64
}

#[test]
fn back_to_back_synapses_to_one_slot_forward_and_saturate() {
    // Channel 0 (source N) has 8 synapses, all delay 1, to neurons 2 and 3, streamed one per clock:
    // every op reads the ring word its predecessor (distance 1) or the one before (distance 2) is
    // still writing, so a lost forward shows up as a lost update.
    let mut image = CoreImage::empty(SMALL);
    let d = spec::syn_type::DIRECT;
    let m = spec::syn_type::MODULATORY;
    let e = spec::syn_type::ELECTRIC;
    let syns = [
        synapse(2, 60, 1, d),
        synapse(2, 60, 1, d),
        synapse(2, 8, 1, m),
        synapse(3, 5, 1, d),
        synapse(2, 8, 1, m),
        synapse(3, 5, 1, d),
        synapse(2, -128, 1, d),
        synapse(2, 0, 1, e),
    ];
    image.synapses[..syns.len()].copy_from_slice(&syns);
    image.fanout[SMALL.neurons as usize] = fanout(0, syns.len() as u32);
    let mut b = Bench::new(&image);
    // Neuron 2's word in slot (t + 1) mod D = 1 starts near saturation.
    let a0: i64 = slot::A_IN.max() - 99;
    let m0: i64 = slot::M_IN.max() - 10;
    b.cfg_write(
        5,
        (1 << SMALL.neuron_bits()) | 2,
        slot::M_IN.set(slot::A_IN.set(0, a0), m0),
    );
    let (cycles, spikes) = b.step(&[Event::Spike { channel: 0 }]);
    // a: a0 + 60 = max - 39; + 60 saturates to max; - 128 = max - 128.
    // m: m0 + 8 = max - 2; + 8 saturates to max.  e: set by the electric synapse.
    let w2 = b.uut.peek_ring(1, 2);
    assert_eq!(
        slot::A_IN.get(w2),
        slot::A_IN.max() - 128,
        "a_in of neuron 2"
    );
    assert_eq!(slot::M_IN.get(w2), slot::M_IN.max(), "m_in of neuron 2");
    assert_eq!(slot::E.get(w2), 1, "e of neuron 2");
    // Neuron 3: 5 + 5, interleaved with neuron 2's ops (forwarded at distance 2).
    let w3 = b.uut.peek_ring(1, 3);
    assert_eq!(
        (slot::A_IN.get(w3), slot::M_IN.get(w3), slot::E.get(w3)),
        (10, 0, 0),
        "neuron 3"
    );
    // n_neurons = 0: no update, no spike; the count is the model's for 1 event and 8 synapses.
    assert!(spikes.is_empty());
    let work = StepWork {
        spike_events: 1,
        synapses: 8,
        ..Default::default()
    };
    assert_eq!(cycles, timing::timestep_cycles(&work));
}

/// The stimulus kit's seeded generator (`flux_sim::testing`), drawing `u32`s for this test.
struct Rng(flux_sim::testing::SplitMix64);
impl Rng {
    fn new(seed: u32) -> Self {
        Self(flux_sim::testing::SplitMix64(u64::from(seed)))
    }
    fn below(&mut self, n: u32) -> u32 {
        self.0.below(u64::from(n)) as u32
    }
}

/// A random network of `n` neurons and 4 channels: a FLUX profile (0) and a CUBA profile (1).
fn random_image(seed: u32, n: u32) -> CoreImage {
    let mut r = Rng::new(seed);
    let mut image = CoreImage::empty(SMALL);
    image.n_neurons = n;
    let mut flux = 0u128;
    for (f, v) in [
        (profile::KIND, profile::KIND_FLUX),
        (profile::REF_PERIOD, 1),
        (profile::V_REST, 0),
        (profile::V_RESET, -20),
        (profile::THR, 200),
        (profile::LEAK, 3),
        (profile::HAB_RATE, 4),
        (profile::POT_RATE, 2),
        (profile::QUIET_STEPS, 3),
        (profile::THR_OFF_MAX, 100),
        (profile::MOD_RELAX, 1),
        (profile::MOD_GAIN, 16),
    ] {
        flux = f.set(flux, v);
    }
    let mut cuba = 0u128;
    for (f, v) in [
        (profile::KIND, profile::KIND_CUBA),
        (profile::DU, 410),
        (profile::DV, 205),
        (profile::VTH, 40),
        (profile::BIAS_MANT, 3),
        (profile::BIAS_EXP, 2),
    ] {
        cuba = f.set(cuba, v);
    }
    image.profiles[0] = flux;
    image.profiles[1] = cuba;
    for i in 0..n as usize {
        image.state[i] = state::PROFILE.set(0, (i % 2) as i64);
    }
    let mut next = 0u32;
    for source in (0..n).chain(SMALL.neurons..SMALL.neurons + 4) {
        let count = r.below(5);
        image.fanout[source as usize] = fanout(next, count);
        for _ in 0..count {
            let kind = [0, 0, 0, 1, 2][r.below(5) as usize];
            let weight = if kind == 2 {
                0
            } else {
                r.below(256) as i64 - 128
            };
            image.synapses[next as usize] =
                synapse(r.below(n), weight, r.below(SMALL.delay_slots), kind);
            next += 1;
        }
    }
    image
}

fn random_events(r: &mut Rng, n: u32) -> Vec<Event> {
    let mut events = Vec::new();
    for _ in 0..r.below(4) {
        events.push(Event::Current {
            neuron: r.below(n),
            value: (r.below(4000) as i32 - 1000) as i16,
        });
    }
    for _ in 0..r.below(3) {
        events.push(Event::Spike {
            channel: r.below(4),
        });
    }
    events
}

#[test]
fn random_tiny_network_matches_the_model_every_timestep() {
    for (seed, n) in [(0x5EED_0001, 6), (0x5EED_0002, 16), (0x5EED_0003, 1)] {
        run_random(seed, n, 24);
    }
}

fn run_random(seed: u32, n: u32, steps: u64) {
    println!("seed {seed:#x}, {n} neurons");
    let image = random_image(seed, n);
    let mut model = Core::try_new(&image).expect("the random image is valid");
    let mut b = Bench::new(&image);
    let mut r = Rng::new(seed ^ 0xABCD);
    let mut total_spikes = 0;
    for step in 0..steps {
        let events = random_events(&mut r, n);
        let report = model.step(&events);
        let want_spikes: Vec<(u64, u64)> = report
            .spikes
            .iter()
            .map(|&s| (s as u64, report.t))
            .collect();
        let want_cycles = report.cycles;
        let (cycles, spikes) = b.step(&events);
        assert_eq!(
            spikes, want_spikes,
            "seed {seed:#x} timestep {step}: spikes (neuron, t)"
        );
        assert_eq!(
            cycles, want_cycles,
            "seed {seed:#x} timestep {step}: cycles (work {:?})",
            report.work
        );
        assert_eq!(b.uut.t.val().to_u64(), step + 1, "t after timestep {step}");
        for i in 0..n {
            let (got, want) = (b.uut.peek_state(i as u64), model.state_word(i));
            assert_eq!(
                got, want,
                "seed {seed:#x} timestep {step}: state word of neuron {i}: {got:#x} != {want:#x}"
            );
            for s in 0..SMALL.delay_slots {
                let (got, want) = (b.uut.peek_ring(s as u64, i as u64), model.slot_word(s, i));
                assert_eq!(
                    got, want,
                    "seed {seed:#x} timestep {step}: ring slot {s} of neuron {i}"
                );
            }
        }
        total_spikes += spikes.len();
    }
    // The network must exercise the spike path for the comparison to mean something.
    assert!(
        total_spikes > 0,
        "seed {seed:#x}: no neuron spiked; pick stronger weights"
    );
}
