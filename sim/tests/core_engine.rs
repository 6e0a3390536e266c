//! The timestep engine (`docs/model.md` §2, §5) on hand-made networks whose outcomes are derived in
//! comments, and against a word-level transcription of the spec on seeded random networks.

use flux_sim::core::{Core, EventError, ImageError, validate};
use flux_sim::image::{CoreImage, Event};
use flux_sim::neuron::{update_word_count, xylo_carry};
use flux_sim::spec::{self, Field, Preset, profile as pf, slot, state, syn_type};
use flux_sim::timing::{EVENT_CYCLES, FIXED_CYCLES, INJECTION_CYCLES};

/// A hand-made network: profile and state words from field lists, fan-outs laid out contiguously.
struct Net {
    image: CoreImage,
    next_synapse: usize,
}

/// A synapse: target, weight, delay, type.
type Syn = (u32, i64, u32, i64);

impl Net {
    fn new(preset: Preset, n_neurons: u32) -> Self {
        let mut image = CoreImage::empty(preset);
        image.n_neurons = n_neurons;
        // Profile 0: a relay, FLUX with threshold 1 and no leak: any positive input spikes it.
        image.profiles[0] = words(&[(pf::THR, 1)]);
        Net {
            image,
            next_synapse: 0,
        }
    }

    fn profile(mut self, index: usize, fields: &[(Field, i64)]) -> Self {
        self.image.profiles[index] = words(fields);
        self
    }

    fn state(mut self, neuron: usize, fields: &[(Field, i64)]) -> Self {
        self.image.state[neuron] = words(fields);
        self
    }

    /// Gives `source` (neuron `n`, or channel `c` as `N + c`) the synapses `syns`, in this order.
    fn fanout(mut self, source: u32, syns: &[Syn]) -> Self {
        let p = self.image.preset;
        let start = self.next_synapse;
        for &(target, weight, delay, ty) in syns {
            let w = p.syn_target().set(0, target.into());
            let w = p.syn_weight().set(w, weight);
            let w = p.syn_delay().set(w, delay.into());
            self.image.synapses[self.next_synapse] = p.syn_type().set(w, ty) as u64;
            self.next_synapse += 1;
        }
        let f = p.fanout_start().set(0, start as i64);
        self.image.fanout[source as usize] = p.fanout_count().set(f, syns.len() as i64) as u64;
        self
    }

    fn core(&self) -> Core {
        Core::try_new(&self.image).expect("a valid hand-made image")
    }
}

fn words(fields: &[(Field, i64)]) -> u128 {
    fields.iter().fold(0, |w, &(f, v)| {
        assert!(f.fits(v), "{} = {v} does not fit", f.name);
        f.set(w, v)
    })
}

/// Runs `steps` timesteps with `events(t)` and returns the spikes of each.
fn run(core: &mut Core, steps: u64, events: impl Fn(u64) -> Vec<Event>) -> Vec<Vec<u32>> {
    (0..steps)
        .map(|t| {
            core.try_step(&events(t))
                .expect("valid events")
                .spikes
                .to_vec()
        })
        .collect()
}

/// The timesteps in which neuron `n` spiked.
fn spike_times(spikes: &[Vec<u32>], n: u32) -> Vec<usize> {
    spikes
        .iter()
        .enumerate()
        .filter(|(_, s)| s.contains(&n))
        .map(|(t, _)| t)
        .collect()
}

fn inject(neuron: u32, value: i16) -> Event {
    Event::Current { neuron, value }
}

const DIRECT: i64 = syn_type::DIRECT;
const MODULATORY: i64 = syn_type::MODULATORY;
const ELECTRIC: i64 = syn_type::ELECTRIC;
const CURRENT: i64 = syn_type::CURRENT;

#[test]
fn neuron_spike_at_t_with_delay_d_is_integrated_at_t_plus_1_plus_d() {
    // Neuron 0 spikes at t = 0 (an injection of 1 reaches its threshold 1). Its spike is routed in the
    // route phase of t = 1 into slot (1 + d) mod D, which neuron 1 reads at t = 1 + d.
    let d_max = spec::SMALL.delay_slots - 1;
    for d in [0, 1, d_max] {
        let mut core = Net::new(spec::SMALL, 2)
            .fanout(0, &[(1, 1, d, DIRECT)])
            .core();
        let spikes = run(&mut core, 12, |t| {
            if t == 0 { vec![inject(0, 1)] } else { vec![] }
        });
        assert_eq!(spike_times(&spikes, 0), [0], "delay {d}");
        assert_eq!(spike_times(&spikes, 1), [1 + d as usize], "delay {d}");
    }
}

#[test]
fn channel_spike_at_t_with_delay_d_is_integrated_at_t_plus_d() {
    // A channel spike stamped t = 2 is routed in the route phase of t = 2, into slot (2 + d) mod D:
    // with delay 0 the neuron integrates it in the same timestep.
    let n = spec::SMALL.neurons;
    for d in [0, 3, spec::SMALL.delay_slots - 1] {
        let mut core = Net::new(spec::SMALL, 1)
            .fanout(n, &[(0, 1, d, DIRECT)])
            .core();
        let spikes = run(&mut core, 12, |t| {
            if t == 2 {
                vec![Event::Spike { channel: 0 }]
            } else {
                vec![]
            }
        });
        assert_eq!(spike_times(&spikes, 0), [2 + d as usize], "delay {d}");
    }
}

#[test]
fn injection_lands_in_its_own_timestep_and_slot() {
    // An injection stamped t = 3 goes into slot 3 mod 8 and is integrated at t = 3.
    let mut core = Net::new(spec::SMALL, 1).core();
    let spikes = run(&mut core, 6, |t| {
        if t == 3 { vec![inject(0, 5)] } else { vec![] }
    });
    assert_eq!(spike_times(&spikes, 0), [3]);
    // A neuron not updated (n_neurons = 1, neuron 1) keeps what lands in its slot: slot 5 mod 8.
    let mut core = Net::new(spec::SMALL, 1).core();
    run(&mut core, 6, |t| {
        if t == 5 { vec![inject(1, -9)] } else { vec![] }
    });
    assert_eq!(slot::A_IN.get(core.slot_word(5, 1)), -9);
    assert_eq!(core.slot_word(4, 1), 0);
}

#[test]
fn accumulators_saturate_at_every_addition() {
    // Neuron 1 is not updated (n_neurons = 1), so its slot keeps what arrived.
    // a_in: 300 injections of 32767 sum to 9830100 but saturate at 2^23 - 1 = 8388607 (at the 257th);
    // then -32768 gives 8355839. Saturating only at the end would give sat24(9797332) = 8388607.
    let mut events = vec![inject(1, i16::MAX); 300];
    events.push(inject(1, i16::MIN));
    // m_in: channel 0 lands 300 modulatory synapses of weight 127 (38100, saturating at 32767), then
    // channel 1 one of weight -128: 32639. Electric: e = 1 however often it lands.
    let n = spec::SMALL.neurons;
    let many = vec![(1, 127, 0, MODULATORY); 300];
    let net = Net::new(spec::SMALL, 1).fanout(n, &many).fanout(
        n + 1,
        &[
            (1, -128, 0, MODULATORY),
            (1, 0, 0, ELECTRIC),
            (1, 0, 0, ELECTRIC),
        ],
    );
    events.push(Event::Spike { channel: 0 });
    events.push(Event::Spike { channel: 1 });
    let mut core = net.core();
    // 302 events exceed the input FIFO of 256: the checked entry point refuses them...
    assert_eq!(
        core.try_step(&events).unwrap_err(),
        EventError::TooMany {
            count: 303,
            capacity: 256
        }
    );
    assert_eq!(core.t(), 0, "a refused timestep changes nothing");
    // ...the unchecked one runs them (the FIFO is the host's limit, not the ring's).
    core.step(&events);
    let w = core.slot_word(0, 1);
    assert_eq!(slot::A_IN.get(w), (1 << 23) - 1 - 32768);
    assert_eq!(slot::M_IN.get(w), 32767 - 128);
    assert_eq!(slot::E.get(w), 1);
    // The negative side: -300 * 32768 saturates at -2^23.
    let mut core = Net::new(spec::SMALL, 1).core();
    core.step(&vec![inject(1, i16::MIN); 300]);
    assert_eq!(slot::A_IN.get(core.slot_word(0, 1)), -(1 << 23));
}

#[test]
fn electric_synapse_forces_a_spike_when_it_lands() {
    // Neuron 0 has the highest threshold (32767) and no input but the electric synapse, delay 2,
    // from channel 0 spiking at t = 1: spike at t = 3 only, with the hard reset to v_reset = -5.
    let n = spec::SMALL.neurons;
    let mut core = Net::new(spec::SMALL, 1)
        .profile(0, &[(pf::THR, 32767), (pf::V_RESET, -5)])
        .fanout(n, &[(0, 0, 2, ELECTRIC)])
        .core();
    let spikes = run(&mut core, 6, |t| {
        if t == 1 {
            vec![Event::Spike { channel: 0 }]
        } else {
            vec![]
        }
    });
    assert_eq!(spike_times(&spikes, 0), [3]);
    assert_eq!(state::V.get(core.state_word(0)), -5);
}

#[test]
fn modulatory_synapse_lowers_the_threshold() {
    // thr 100, mod_gain 255, no relax; v starts at 90 (no leak, no input): no spike at t = 0.
    // At t = 1 channel 0 lands m_in = 12 (delay 0): mod_level' = 12,
    // thr_eff = 100 - asr(12 * 255, 8) = 100 - 11 = 89 <= 90: spike. The level stays 12 afterwards.
    let n = spec::SMALL.neurons;
    let mut core = Net::new(spec::SMALL, 1)
        .profile(0, &[(pf::THR, 100), (pf::MOD_GAIN, 255)])
        .state(0, &[(state::V, 90)])
        .fanout(n, &[(0, 12, 0, MODULATORY)])
        .core();
    let spikes = run(&mut core, 2, |t| {
        if t == 1 {
            vec![Event::Spike { channel: 0 }]
        } else {
            vec![]
        }
    });
    assert_eq!(spike_times(&spikes, 0), [1]);
    assert_eq!(state::MOD_LEVEL.get(core.state_word(0)), 12);
}

/// The smallest core: one neuron, one channel, one synapse word, one delay slot, one profile.
const ONE: Preset = Preset {
    name: "one",
    neurons: 1,
    channels: 1,
    synapses: 1,
    delay_slots: 1,
    profiles: 1,
    weight_bits: 8,
    input_fifo: 1,
    tail: 1,
    stdp_window: 1,
    cuba: true,
    izh: true,
    xylo: true,
    learning: true,
    generators: false,
    spike_lists: false,
    burst: false,
    net: false,
};

#[test]
fn one_neuron_that_excites_itself() {
    // Neuron 0 relays to itself with delay 0 (the only delay when D = 1). An injection at t = 0
    // spikes it; the spike is routed at t = 1 into slot (1 + 0) mod 1 = 0 and spikes it again at t = 1,
    // and so on every timestep.
    let mut core = Net::new(ONE, 1).fanout(0, &[(0, 1, 0, DIRECT)]).core();
    let spikes = run(&mut core, 5, |t| {
        if t == 0 { vec![inject(0, 1)] } else { vec![] }
    });
    assert_eq!(spike_times(&spikes, 0), [0, 1, 2, 3, 4]);
    // Without the injection it never starts.
    let mut core = Net::new(ONE, 1).fanout(0, &[(0, 1, 0, DIRECT)]).core();
    assert_eq!(
        spike_times(&run(&mut core, 5, |_| vec![]), 0),
        Vec::<usize>::new()
    );
}

#[test]
fn empty_network_runs_and_costs_the_fixed_cycles() {
    // n_neurons = 0: nothing is updated, nothing spikes. An injection into neuron 0 and a channel
    // spike with an empty fan-out still cost their header cycles.
    let mut core = Net::new(spec::SMALL, 0).core();
    let r = core
        .try_step(&[inject(0, 7), Event::Spike { channel: 3 }])
        .unwrap();
    assert!(r.spikes.is_empty());
    assert_eq!(r.cycles, FIXED_CYCLES + INJECTION_CYCLES + EVENT_CYCLES);
    assert_eq!(
        slot::A_IN.get(core.slot_word(0, 0)),
        7,
        "nobody reads the slot"
    );
    let r = core.step(&[]);
    assert_eq!((r.t, r.cycles), (1, FIXED_CYCLES));
}

#[test]
fn a_core_without_cuba_does_not_store_u() {
    // docs/model.md §1: without the CUBA datapath the state word's `u` is not stored and reads 0;
    // with it, a FLUX neuron keeps whatever `u` it was given (§3). Neuron 0 rests, neuron 1 spikes.
    for preset in [spec::SMALL, spec::UP5K] {
        let u = -(1 << 23) + 5;
        let net = Net::new(preset, 2)
            .state(0, &[(state::V, -7), (state::U, u), (state::THR_OFF, 3)])
            .state(1, &[(state::V, 1), (state::U, u)]);
        let mut core = Core::new(&net.image);
        let kept = if preset.cuba { u } else { 0 };
        let u_of = |core: &Core| [0, 1].map(|n| state::U.get(core.state_word(n)));
        assert_eq!(u_of(&core), [kept; 2], "{} after the load", preset.name);
        assert_eq!(state::V.get(core.state_word(0)), -7);
        assert_eq!(state::THR_OFF.get(core.state_word(0)), 3);
        let spikes = run(&mut core, 3, |_| vec![]);
        assert_eq!(spikes[0], vec![1], "{}", preset.name);
        assert_eq!(u_of(&core), [kept; 2], "{} after 3 timesteps", preset.name);
    }
}

#[test]
fn cycle_count_follows_the_work_of_each_timestep() {
    // n_neurons = 3. Neuron 0 fans out to 2 synapses, channel 0 to 3.
    // t = 0: one injection (spikes neuron 0), one channel spike streaming 3 synapses, 3 neurons:
    //        FIXED + 1 + 1 + 3 + 3.
    // t = 1: neuron 0's spike, 2 synapses, 3 neurons: FIXED + 1 + 2 + 3. Its synapses (weight 0) do
    //        not spike anybody, and channel 0's synapses land on neuron 2 with weight 0 as well.
    let n = spec::SMALL.neurons;
    let mut core = Net::new(spec::SMALL, 3)
        .fanout(0, &[(1, 0, 0, DIRECT), (2, 0, 1, DIRECT)])
        .fanout(
            n,
            &[(2, 0, 0, DIRECT), (2, 0, 4, DIRECT), (1, 0, 7, DIRECT)],
        )
        .core();
    let r = core
        .try_step(&[inject(0, 1), Event::Spike { channel: 0 }])
        .unwrap();
    assert_eq!(r.spikes, [0]);
    assert_eq!(
        (
            r.work.injections,
            r.work.spike_events,
            r.work.synapses,
            r.work.neurons
        ),
        (1, 1, 3, 3)
    );
    assert_eq!(
        r.cycles,
        FIXED_CYCLES + INJECTION_CYCLES + EVENT_CYCLES + 3 + 3
    );
    let r = core.try_step(&[]).unwrap();
    assert!(r.spikes.is_empty());
    assert_eq!(r.cycles, FIXED_CYCLES + EVENT_CYCLES + 2 + 3);
}

#[test]
fn spikes_are_reported_in_ascending_order_across_profile_runs() {
    // Profiles alternate 0, 1, 1, 0, ... so the engine updates many short runs; all neurons get an
    // injection of 1 and both profiles are relays (FLUX threshold 1; CUBA vth 0, du = dv = 4095, so
    // v' = 64 > 0). Every updated neuron spikes, reported 0, 1, 2, ... in order.
    let mut net = Net::new(spec::SMALL, 37).profile(
        1,
        &[
            (pf::KIND, pf::KIND_CUBA),
            (pf::DU, 4095),
            (pf::DV, 4095),
            (pf::VTH, 0),
        ],
    );
    for i in 0..37 {
        net = net.state(i, &[(state::PROFILE, [0, 1, 1, 0][i % 4])]);
    }
    let mut core = net.core();
    let events: Vec<Event> = (0..40).rev().map(|n| inject(n, 1)).collect();
    assert_eq!(
        core.try_step(&events).unwrap().spikes,
        (0..37).collect::<Vec<u32>>()
    );
}

#[test]
fn out_of_range_events_are_refused_by_try_step_and_skipped_by_step() {
    let mut core = Net::new(spec::SMALL, 1).core();
    let bad_channel = [inject(0, 1), Event::Spike { channel: 64 }];
    assert_eq!(
        core.try_step(&bad_channel).unwrap_err(),
        EventError::Channel {
            index: 1,
            channel: 64,
            channels: 64
        }
    );
    let bad_neuron = [inject(256, 1)];
    let err = core.try_step(&bad_neuron).unwrap_err();
    assert_eq!(
        err.to_string(),
        "event 0: neuron 256 does not exist (the core has 256 neurons)"
    );
    assert_eq!(core.t(), 0);
    // step skips the bad event (not counted) and delivers the good one: neuron 0 spikes.
    let r = core.step(&bad_channel);
    assert_eq!(r.spikes, [0]);
    assert_eq!(r.work.spike_events, 0);
}

#[test]
fn validate_refuses_images_the_hardware_would_not_run_alike() {
    let n = spec::SMALL.neurons;
    let ok = Net::new(spec::SMALL, 2).fanout(n, &[(0, 1, 0, DIRECT)]);
    assert_eq!(validate(&ok.image), Ok(()));

    let mut img = ok.image.clone();
    img.fanout[0] = spec::SMALL
        .fanout_count()
        .set(spec::SMALL.fanout_start().set(0, 4000), 100) as u64;
    let err = validate(&img).unwrap_err();
    assert_eq!(
        err.to_string(),
        "fan-out of source 0 covers synapses 4000..4100, past the 4096 of preset small"
    );
    // Core::new still loads it, clipping the range to the memory: 96 synapses streamed.
    assert_eq!(Core::new(&img).fanout_count(0), 96);

    let mut img = ok.image.clone();
    img.state[1] = state::PROFILE.set(0, 3);
    img.preset.profiles = 2;
    img.profiles.truncate(2);
    img.learn_rules.truncate(2);
    img.learn_table
        .truncate(img.preset.learn_table_words() as usize);
    assert_eq!(
        validate(&img),
        Err(ImageError::Profile {
            preset: "small",
            neuron: 1,
            profile: 3,
            profiles: 2
        })
    );

    // Type 3 is the current synapse in a core with the Xylo unit, reserved without (§5).
    let mut img = ok.image.clone();
    img.synapses[0] = spec::SMALL.syn_type().set(img.synapses[0].into(), 3) as u64;
    assert_eq!(validate(&img), Ok(()));
    img.preset.xylo = false;
    assert_eq!(validate(&img), Err(ImageError::SynapseType { index: 0 }));

    // Every kind is valid (docs/model.md §6): one the preset lacks runs as FLUX.
    let mut img = ok.image.clone();
    for kind in [pf::KIND_CUBA, pf::KIND_IZH, pf::KIND_XYLO] {
        img.profiles[1] = pf::KIND.set(img.profiles[1], kind);
        assert_eq!(validate(&img), Ok(()));
    }

    let mut img = ok.image.clone();
    img.n_neurons = 257;
    assert!(
        validate(&img)
            .unwrap_err()
            .to_string()
            .contains("n_neurons = 257")
    );

    let mut img = ok.image.clone();
    img.state[0] |= 1 << spec::STATE_BITS;
    assert_eq!(
        validate(&img),
        Err(ImageError::StrayBits {
            memory: "state",
            index: 0,
            width: 100
        })
    );
}

// The stimulus kit's seeded generator.
use flux_sim::testing::SplitMix64 as Rng;

#[test]
fn any_image_loads_and_runs_without_panicking() {
    // Random words in every memory, odd presets (sizes 0, 3, not powers of two, huge weight widths):
    // Core::new must load, step and read back without a panic, whatever validate says.
    let seed = 0xBAD_1A6E;
    println!("seed {seed:#x}");
    let mut rng = Rng(seed);
    for _ in 0..200 {
        let size = |rng: &mut Rng| [0, 1, 3, 4, 16][rng.below(5) as usize];
        let preset = Preset {
            name: "odd",
            neurons: size(&mut rng),
            channels: size(&mut rng),
            synapses: size(&mut rng),
            delay_slots: size(&mut rng),
            profiles: size(&mut rng),
            weight_bits: [0, 1, 8, 16, 17, 200][rng.below(6) as usize],
            input_fifo: size(&mut rng),
            tail: size(&mut rng),
            stdp_window: size(&mut rng),
            cuba: rng.below(2) == 1,
            izh: false,
            xylo: rng.below(2) == 1,
            learning: rng.below(2) == 1,
            generators: false,
            spike_lists: false,
            burst: false,
            net: false,
        };
        let len = |rng: &mut Rng| rng.below(20) as usize;
        let image = CoreImage {
            preset,
            n_neurons: rng.below(40) as u32,
            profiles: (0..len(&mut rng))
                .map(|_| u128::from(rng.next()) << 64 | u128::from(rng.next()))
                .collect(),
            state: (0..len(&mut rng))
                .map(|_| u128::from(rng.next()) << 64 | u128::from(rng.next()))
                .collect(),
            fanout: (0..len(&mut rng)).map(|_| rng.next()).collect(),
            synapses: (0..len(&mut rng)).map(|_| rng.next()).collect(),
            learn_rules: (0..len(&mut rng)).map(|_| rng.next()).collect(),
            learn_table: (0..len(&mut rng)).map(|_| rng.next() as u16).collect(),
            learn_en: rng.below(2) == 1,
            sweep_len: rng.next() as u32,
            sweep_step: rng.next() as u32,
            noise: rng.next() as u32,
            noise_bits: rng.next() as u32,
        };
        let _ = validate(&image);
        let mut core = Core::new(&image);
        for _ in 0..3 {
            let events: Vec<Event> = (0..4)
                .map(|_| match rng.below(2) {
                    0 => Event::Spike {
                        channel: rng.below(20) as u32,
                    },
                    _ => inject(rng.below(20) as u32, rng.next() as i16),
                })
                .collect();
            let _ = core.try_step(&events);
            core.step(&events);
        }
        for n in 0..20 {
            core.state_word(n);
            core.slot_word(n % 5, n);
        }
    }
}

/// `docs/model.md` §2 and §5 transcribed on packed words, one neuron and one synapse at a time,
/// with [`update_word`] for the neuron rule: what the fast engine must equal.
struct WordModel {
    p: Preset,
    image: CoreImage,
    ring: Vec<u128>,
    spikes: Vec<u32>,
    t: u64,
    /// Register `noise` (§3.1).
    noise: u32,
}

impl WordModel {
    fn new(image: &CoreImage) -> Self {
        let p = image.preset;
        let mut image = image.clone();
        // §1: a core without `cuba` does not store `u`.
        if !p.cuba {
            for w in image.state.iter_mut() {
                *w = state::U.set(*w, 0);
            }
        }
        Self {
            p,
            noise: image.noise,
            image,
            ring: vec![0; (p.neurons * p.delay_slots) as usize],
            spikes: vec![],
            t: 0,
        }
    }

    /// §3.1 transcribed: `η` of a neuron whose profile (index `profile`, word `pw` as the core
    /// runs it) has `k > 0` and is FLUX is the low `k` bits of the state as a `k`-bit two's
    /// complement number, and the state takes one `xorshift32` step; any other neuron draws nothing.
    fn draw_noise(&mut self, profile: u64, pw: u128) -> i32 {
        let k = (self.image.noise_bits >> (4 * profile)) & 0xF;
        if k == 0 || pf::KIND.get(pw) != pf::KIND_FLUX {
            return 0;
        }
        let low = i64::from(self.noise & ((1 << k) - 1));
        let eta = if low >= 1 << (k - 1) {
            low - (1 << k)
        } else {
            low
        };
        let mut x = self.noise;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        self.noise = x;
        eta as i32
    }

    fn slot_index(&self, t: u64, n: u64) -> usize {
        ((t % u64::from(self.p.delay_slots)) * u64::from(self.p.neurons) + n) as usize
    }

    fn add(&mut self, i: usize, f: Field, value: i64) {
        let sum = (f.get(self.ring[i]) + value).clamp(f.min(), f.max());
        self.ring[i] = f.set(self.ring[i], sum);
    }

    /// `count` spikes of `source`: each synapse adds `count * weight`, saturating once (§5).
    fn route(&mut self, source: usize, count: i64) -> u64 {
        let (p, t) = (self.p, self.t);
        let fo = u128::from(self.image.fanout[source]);
        let (start, len) = (
            p.fanout_start().get(fo) as usize,
            p.fanout_count().get(fo) as usize,
        );
        for a in start..start + len {
            let w = u128::from(self.image.synapses[a]);
            let i = self.slot_index(
                t + p.syn_delay().get(w) as u64,
                p.syn_target().get(w) as u64,
            );
            let weight = count * p.syn_weight().get(w);
            match p.syn_type().get(w) {
                syn_type::DIRECT => self.add(i, slot::A_IN, weight),
                syn_type::MODULATORY => self.add(i, slot::M_IN, weight),
                syn_type::CURRENT => {
                    // §5: the weight shifted, truncated to 16 bits; the sum saturated to 16 bits.
                    let w16 = i64::from((p.syn_weight().get(w) << p.syn_shift().get(w)) as i16);
                    let f = [slot::A_IN, slot::M_IN][p.syn_current().get(w) as usize];
                    let sum = (f.get(self.ring[i]) + count * w16).clamp(-32768, 32767);
                    self.ring[i] = f.set(self.ring[i], sum);
                }
                _ => self.ring[i] = slot::E.set(self.ring[i], 1),
            }
        }
        len as u64
    }

    fn step(&mut self, events: &[Event]) -> (Vec<u32>, u64) {
        let mut cycles = FIXED_CYCLES;
        for &e in events {
            match e {
                Event::Current { neuron, value } => {
                    let i = self.slot_index(self.t, neuron.into());
                    self.add(i, slot::A_IN, value.into());
                    cycles += INJECTION_CYCLES;
                }
                Event::Spike { channel } => {
                    cycles += EVENT_CYCLES + self.route((self.p.neurons + channel) as usize, 1);
                }
            }
        }
        // A neuron listed k times fired k spikes: one event delivering k each (§4.2).
        let spikes = std::mem::take(&mut self.spikes);
        for run in spikes.chunk_by(|a, b| a == b) {
            cycles += EVENT_CYCLES + self.route(run[0] as usize, run.len() as i64);
        }
        for n in 0..self.image.n_neurons {
            let i = self.slot_index(self.t, n.into());
            let sw = self.image.state[n as usize];
            let mut pw = self.image.profiles[state::PROFILE.get(sw) as usize];
            // §1: a kind the preset lacks runs as FLUX.
            pw = pf::KIND.set(pw, self.p.runs_as(pf::KIND.get(pw)));
            let eta = self.draw_noise(state::PROFILE.get(sw) as u64, pw);
            let (next, count) = update_word_count(pw, sw, self.ring[i], eta);
            self.image.state[n as usize] = next;
            if pf::KIND.get(pw) == pf::KIND_XYLO {
                // §4.2: the slot is left as it is; the decayed currents go to the next slot.
                let j = self.slot_index(self.t + 1, n.into());
                self.ring[j] = xylo_carry(next);
            } else {
                self.ring[i] = 0;
            }
            self.spikes.extend(std::iter::repeat_n(n, count.into()));
            cycles += 1;
        }
        self.t += 1;
        (self.spikes.clone(), cycles)
    }
}

/// A random valid image of `preset`: random profiles with low thresholds (so that neurons spike),
/// random states in range, random fan-outs of up to 12 synapses of every type.
fn random_image(rng: &mut Rng, preset: Preset, n_neurons: u32, blocks: bool) -> CoreImage {
    let mut image = CoreImage::empty(preset);
    image.n_neurons = n_neurons;
    for w in image.profiles.iter_mut() {
        let mut word = 0;
        for f in pf::COMMON.iter().chain(&pf::FLUX) {
            word = f.set(word, rng.field(*f));
        }
        if rng.below(4) == 0 {
            // §4.2: thresholds low enough for bursts, any cap.
            for f in pf::XYLO {
                word = f.set(word, rng.field(f));
            }
            word = pf::KIND.set(word, pf::KIND_XYLO);
            word = pf::XYLO_V_TH.set(word, rng.range(1, 200));
            word = pf::XYLO_BIAS.set(word, rng.range(-100, 200));
        } else if rng.below(2) == 1 {
            for f in pf::CUBA {
                word = f.set(word, rng.field(f));
            }
            word = pf::KIND.set(word, pf::KIND_CUBA);
            word = pf::VTH.set(word, rng.range(0, 300));
        } else {
            word = pf::KIND.set(word, pf::KIND_FLUX);
            word = pf::THR.set(word, rng.range(1, 300));
            word = pf::THR_OFF_MAX.set(word, rng.range(0, 200));
            if pf::LEAK_MODE.get(word) == 1 {
                word = pf::LEAK.set(word, rng.range(0, 15));
            } else {
                word = pf::LEAK.set(word, rng.range(0, 40));
            }
            word = pf::MOD_GAIN.set(word, rng.range(0, 64));
        }
        word = pf::REF_PERIOD.set(word, rng.range(0, 4));
        *w = word;
    }
    let mut profile = 0;
    for (i, w) in image.state.iter_mut().enumerate() {
        if !blocks || rng.below(40) == 0 {
            profile = rng.below(preset.profiles.into()) as i64;
        }
        let mut word = state::PROFILE.set(0, profile);
        for f in [
            state::THR_OFF,
            state::MOD_LEVEL,
            state::REF_CNT,
            state::QUIET_CNT,
        ] {
            word = f.set(word, if rng.below(4) == 0 { rng.field(f) } else { 0 });
        }
        word = state::V.set(word, rng.range(-300, 300));
        word = state::U.set(word, rng.range(-(1 << 23) + 1, 1 << 23));
        *w = word;
        let _ = i;
    }
    let mut next = 0;
    for s in 0..preset.sources() as usize {
        let count = rng.below(13);
        if next + count > u64::from(preset.synapses) {
            break;
        }
        for a in next..next + count {
            let w = preset
                .syn_target()
                .set(0, rng.below(preset.neurons.into()) as i64);
            let w = preset.syn_weight().set(w, rng.field(preset.syn_weight()));
            let w = preset
                .syn_delay()
                .set(w, rng.below(preset.delay_slots.into()) as i64);
            let ty = [DIRECT, DIRECT, DIRECT, MODULATORY, ELECTRIC, CURRENT][rng.below(6) as usize];
            let ty = if ty == CURRENT && !preset.xylo {
                DIRECT
            } else {
                ty
            };
            let w = if ty == CURRENT {
                let w = preset.syn_current().set(w, rng.below(2) as i64);
                preset.syn_shift().set(w, rng.below(16) as i64)
            } else {
                w
            };
            image.synapses[a as usize] = preset.syn_type().set(w, ty) as u64;
        }
        let f = preset.fanout_start().set(0, next as i64);
        image.fanout[s] = preset.fanout_count().set(f, count as i64) as u64;
        next += count;
    }
    // Noise (§3.1) in half of the images: every width from 0 to 15 per profile, any state.
    if rng.below(2) == 0 {
        image.noise = rng.below(1 << 32) as u32;
        image.noise_bits =
            (0..preset.profiles).fold(0, |bits, p| bits | (rng.below(16) as u32) << (4 * p));
    }
    validate(&image).expect("random images are valid");
    image
}

#[test]
fn engine_equals_the_word_level_model_on_random_networks() {
    let seed = 0x5EED_C0DE;
    println!("seed {seed:#x}");
    let mut rng = Rng(seed);
    let small_n = |rng: &mut Rng| rng.range(1, 256) as u32;
    let (mut total_spikes, mut bursts) = (0, 0);
    let cases = [
        (spec::SMALL, 256, false),
        (spec::SMALL, 255, true),
        (spec::UP5K, 1, false),
        (ONE, 1, true),
    ];
    for (case, &(preset, n_neurons, blocks)) in
        cases.iter().chain(&[(spec::SMALL, 0, true)]).enumerate()
    {
        let n_neurons = if case == 4 {
            small_n(&mut rng)
        } else {
            n_neurons
        };
        let image = random_image(&mut rng, preset, n_neurons, blocks);
        let mut fast = Core::new(&image);
        // The parallel step (§14) on 3 threads: on 256 neurons its parts are 0..128, 128..256
        // and an empty one; on a 1-neuron core two are empty.
        let mut threaded = Core::with_threads(&image, 3).expect("threads");
        let mut reference = WordModel::new(&image);
        for t in 0..150u64 {
            let events: Vec<Event> = (0..rng.below(6).min(preset.input_fifo.into()))
                .map(|_| match rng.below(2) {
                    0 => Event::Spike {
                        channel: rng.below(preset.channels.into()) as u32,
                    },
                    _ => inject(
                        rng.below(preset.neurons.into()) as u32,
                        rng.range(-300, 600) as i16,
                    ),
                })
                .collect();
            let (spikes, cycles) = reference.step(&events);
            let r3 = threaded.try_step(&events).expect("valid events");
            let r3 = (r3.spikes.to_vec(), r3.cycles);
            let r = fast.try_step(&events).expect("valid events");
            total_spikes += spikes.len();
            // Xylo neurons firing several spikes in one timestep (listed once per spike).
            bursts += spikes
                .chunk_by(|a, b| a == b)
                .filter(|r| r.len() > 1)
                .count();
            let at = format!(
                "case {case} ({}, n_neurons {n_neurons}), timestep {t} (seed {seed:#x})",
                preset.name
            );
            assert_eq!(
                (r.spikes, r.cycles),
                (&spikes[..], cycles),
                "{at}: spikes, cycles"
            );
            assert_eq!(
                r3,
                (spikes.clone(), cycles),
                "{at}: 3 threads: spikes, cycles"
            );
            assert_eq!(fast.noise(), reference.noise, "{at}: register noise");
            assert_eq!(threaded.noise(), reference.noise, "{at}: 3 threads: noise");
            for n in 0..preset.neurons {
                let want = reference.image.state[n as usize];
                assert_eq!(threaded.state_word(n), want, "{at}: 3 threads: neuron {n}");
                let got = fast.state_word(n);
                if got != want {
                    let field = state::ALL
                        .iter()
                        .find(|f| f.get(got) != f.get(want))
                        .unwrap();
                    panic!(
                        "{at}: neuron {n} field {}: engine {} model {}",
                        field.name,
                        field.get(got),
                        field.get(want)
                    );
                }
            }
            for s in 0..preset.delay_slots {
                for n in 0..preset.neurons {
                    let i = (s * preset.neurons + n) as usize;
                    assert_eq!(
                        fast.slot_word(s, n),
                        reference.ring[i],
                        "{at}: slot {s} neuron {n}"
                    );
                    assert_eq!(
                        threaded.slot_word(s, n),
                        reference.ring[i],
                        "{at}: 3 threads: slot {s} neuron {n}"
                    );
                }
            }
        }
    }
    // The comparison means something only if the networks were active.
    assert!(
        total_spikes > 1000 && bursts > 100,
        "only {total_spikes} spikes, {bursts} multi-spike bursts"
    );
}
