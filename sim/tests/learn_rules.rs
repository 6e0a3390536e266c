//! The learning rules of `docs/model.md` §12, one at a time, on hand-made images whose outcomes are
//! derived in comments: the pair rule (LTP, LTD, the window's edges, same-timestep pairs), the
//! three-factor gate, the W+1-bit short-term component's bounds, fading, consolidation, the tail's K
//! limit, the learning switch and the learning phase's cycles; and `validate`'s new refusals.

use flux_sim::core::{Core, ImageError, validate};
use flux_sim::image::{CoreImage, Event};
use flux_sim::learn::{self, LearnRule, table_word};
use flux_sim::spec::{self, Field, Preset, SMALL, profile as pf, state, syn_type};
use flux_sim::synapse;
use flux_sim::timing::{self, StepWork};

const P: Preset = SMALL;
/// Source id of input channel `c`.
const fn ch(c: u32) -> u32 {
    P.neurons + c
}
/// A current that makes the post neuron (threshold [`THR`]) spike in the timestep it lands.
const KICK: i16 = 2000;
const THR: i64 = 1000;

/// `ltp[k] = 100 - 5k`, `ltd[k] = 60 - 3k`: every window step has its own value, so a test sees which
/// step was used.
fn ltp(k: u32) -> i32 {
    100 - 5 * k as i32
}
fn ltd(k: u32) -> i32 {
    60 - 3 * k as i32
}

fn rule() -> LearnRule {
    LearnRule {
        lr_gain: 0,
        lr_reverse: false,
        w_min: -128,
        w_max: 127,
        fade_shift: 0,
        cons_thr: 0,
    }
}

/// A hand-made learning network on `small`: neurons 0 and 1 (FLUX, threshold 1000, no leak, profile
/// 0), learning on, the table above for profile 0, no sweep.
struct Net {
    image: CoreImage,
    next: usize,
}

impl Net {
    fn new(rule: LearnRule) -> Self {
        let mut image = CoreImage::empty(P);
        image.n_neurons = 2;
        image.profiles[0] = pf::THR.set(0, THR);
        image.learn_rules[0] = rule.to_word();
        for k in 0..P.stdp_window {
            image.learn_table[k as usize] = table_word(ltp(k) as u8, ltd(k) as u8);
        }
        image.learn_en = true;
        Net { image, next: 0 }
    }

    /// Gives `source` one synapse to `target` with `weight` and `stw`, plastic or not.
    fn synapse(mut self, source: u32, target: u32, weight: i64, stw: i64, plastic: bool) -> Self {
        let w = P.syn_target().set(0, target.into());
        let w = P.syn_weight().set(w, weight);
        let w = P.syn_type().set(w, syn_type::DIRECT);
        let w = P.syn_plastic().set(w, plastic.into());
        self.image.synapses[self.next] = P.syn_stw().set(w, stw) as u64;
        let f = P.fanout_start().set(0, self.next as i64);
        self.image.fanout[source as usize] = P.fanout_count().set(f, 1) as u64;
        self.next += 1;
        self
    }

    fn mod_level(mut self, neuron: usize, m: i64) -> Self {
        self.image.state[neuron] = state::MOD_LEVEL.set(self.image.state[neuron], m);
        self
    }

    fn core(&self) -> Core {
        Core::try_new(&self.image).expect("a valid hand-made image")
    }
}

/// Runs `steps` timesteps; `events(t)` gives the external events of timestep `t`.
fn run(core: &mut Core, steps: u64, events: impl Fn(u64) -> Vec<Event>) {
    for _ in 0..steps {
        let t = core.t();
        core.step(&events(t));
    }
}

fn pre(c: u32) -> Event {
    Event::Spike { channel: c }
}
fn kick(n: u32) -> Event {
    Event::Current {
        neuron: n,
        value: KICK,
    }
}

/// `(weight, stw)` of synapse `addr`.
fn syn(core: &Core, addr: u32) -> (i64, i64) {
    let w = u128::from(core.synapse_word(addr));
    (P.syn_weight().get(w), P.syn_stw().get(w))
}

/// A pair network: channel 0 -> neuron 0, weight 10, plastic; channel 0 spikes at `t_pre`, neuron 0
/// is made to spike at `t_post`. Returns `(weight, stw)` after `steps` timesteps.
fn pair(t_pre: u64, t_post: u64, steps: u64) -> (i64, i64) {
    let mut core = Net::new(rule()).synapse(ch(0), 0, 10, 0, true).core();
    run(&mut core, steps, |t| {
        let mut e = vec![];
        if t == t_post {
            e.push(kick(0));
        }
        if t == t_pre {
            e.push(pre(0));
        }
        e
    });
    syn(&core, 0)
}

#[test]
fn rate_follows_the_modulation() {
    let mut r = rule();
    r.lr_gain = 128;
    // m = 0: the base rate 256.
    assert_eq!(learn::rate(&r, 0), 256);
    // 256 + asr(100 * 128, 8) = 256 + 50.
    assert_eq!(learn::rate(&r, 100), 306);
    // 256 + asr(-1 * 128, 8) = 256 + floor(-0.5) = 255 (toward minus infinity).
    assert_eq!(learn::rate(&r, -1), 255);
    // 256 + asr(-512 * 128, 8) = 256 - 256 = 0: learning off.
    assert_eq!(learn::rate(&r, -512), 0);
    // 256 - 512 = -256, held at 0 without lr_reverse, kept with it.
    assert_eq!(learn::rate(&r, -1024), 0);
    r.lr_reverse = true;
    assert_eq!(learn::rate(&r, -1024), -256);
    // Extremes: 256 + asr(-32768 * 255, 8) = 256 - 32640 -> -2048; 256 + asr(32767 * 255, 8) =
    // 256 + 32639 -> 2047.
    r.lr_gain = 255;
    assert_eq!(learn::rate(&r, -32768), -2048);
    assert_eq!(learn::rate(&r, 32767), 2047);
    r.lr_reverse = false;
    assert_eq!(learn::rate(&r, -32768), 0);
}

#[test]
fn change_rounds_toward_minus_infinity() {
    let mut r = rule();
    // m = 0: rate 256, change = base.
    assert_eq!(learn::pair_change(&r, 85, 0), 85);
    assert_eq!(learn::pair_change(&r, -54, 0), -54);
    // rate 128 (m = -256, gain 128: 256 - 128): 3 * 128 / 256 = 1.5 -> 1, -3 * 128 / 256 = -1.5 -> -2.
    r.lr_gain = 128;
    assert_eq!(learn::pair_change(&r, 3, -256), 1);
    assert_eq!(learn::pair_change(&r, -3, -256), -2);
}

#[test]
fn short_term_component_is_bounded_by_w_min_w_max_and_its_width() {
    let r = rule();
    let stw = P.syn_stw();
    // W = 8: stw is 9 bits, -256..=255.
    assert_eq!((stw.min(), stw.max()), (-256, 255));
    // 100 + 0 + 50 = 150 -> 127 (w_max): stw = 127 - 100 = 27.
    assert_eq!(learn::apply_pair(&r, 100, 0, 50, stw), 27);
    // From the lowest weight to the highest: e = 127, stw = 127 - (-128) = 255, the widest stw.
    assert_eq!(learn::apply_pair(&r, -128, 0, 255, stw), 255);
    assert_eq!(learn::apply_pair(&r, 127, 0, -255, stw), -255);
    // Narrower bounds: w_min = -20, w_max = 30, weight 10, stw 15, change -100: e = -20, stw = -30.
    let narrow = LearnRule {
        w_min: -20,
        w_max: 30,
        ..r
    };
    assert_eq!(learn::apply_pair(&narrow, 10, 15, -100, stw), -30);
}

#[test]
fn effective_weight_saturates_to_w_bits() {
    let word = |w: i64, s: i64| P.syn_stw().set(P.syn_weight().set(0, w), s) as u64;
    // sat8(100 + 100) = 127, sat8(-100 - 100) = -128, 10 - 54 = -44.
    assert_eq!(synapse::effective_weight(&P, word(100, 100)), 127);
    assert_eq!(synapse::effective_weight(&P, word(-100, -100)), -128);
    assert_eq!(synapse::effective_weight(&P, word(10, -54)), -44);
}

#[test]
fn sweep_fades_toward_zero_and_consolidates() {
    let mut r = rule();
    r.fade_shift = 2;
    // d = max(1, |stw| >> 2): 40 -> 30, 3 -> 2 (d = 1), -3 -> -2, -40 -> -30, 0 stays.
    assert_eq!(learn::sweep_synapse(&r, 0, 10, 40), (10, 30));
    assert_eq!(learn::sweep_synapse(&r, 0, 10, 3), (10, 2));
    assert_eq!(learn::sweep_synapse(&r, 0, 10, -3), (10, -2));
    assert_eq!(learn::sweep_synapse(&r, 0, 10, -40), (10, -30));
    assert_eq!(learn::sweep_synapse(&r, 0, 10, 0), (10, 0));
    // fade_shift 0: d = |stw|, straight to 0.
    assert_eq!(learn::sweep_synapse(&rule(), 0, 10, 77), (10, 0));
    // cons_thr 0 never consolidates, whatever the modulation.
    assert_eq!(learn::sweep_synapse(&r, 32767, 10, 40), (10, 30));
    r.cons_thr = 200;
    // m = 199 < 200: fading; m = 200: weight = 10 + 40, stw = 0.
    assert_eq!(learn::sweep_synapse(&r, 199, 10, 40), (10, 30));
    assert_eq!(learn::sweep_synapse(&r, 200, 10, 40), (50, 0));
    // Consolidation saturates at w_max (here 40): 10 + 40 -> 40.
    r.w_max = 40;
    assert_eq!(learn::sweep_synapse(&r, 200, 10, 40), (40, 0));
}

#[test]
fn causal_pair_potentiates_by_the_table_step_of_the_pre_age() {
    // Pre routed at 2, post spikes at 5: in timestep 5 the pre's slot has age 3, the post age is 0:
    // LTP by ltp[3] = 85 at rate 256: stw = 85 (10 + 85 <= 127).
    assert_eq!(pair(2, 5, 7), (10, i64::from(ltp(3))));
    // A channel spike stamped t and a post spike in t are causal: age 0, ltp[0] = 100.
    assert_eq!(pair(4, 4, 6), (10, i64::from(ltp(0))));
    // The last step of the window: age L - 1 = 15, ltp[15] = 25.
    assert_eq!(pair(0, 15, 17), (10, i64::from(ltp(15))));
    // One step later the pre's slot has aged out (age 16 = L at the start of timestep 16).
    assert_eq!(pair(0, 16, 18), (10, 0));
}

#[test]
fn anti_causal_pair_depresses_by_the_table_step_of_the_post_age() {
    // Post spikes at 2 (last = 3), pre routed at 5: g = 5 + 1 - 3 = 3, LTD by ltd[g - 1] = ltd[2] = 54:
    // stw = -54.
    assert_eq!(pair(5, 2, 7), (10, -i64::from(ltd(2))));
    // g = L = 16 (post at 0, pre at 16): ltd[15] = 15.
    assert_eq!(pair(16, 0, 18), (10, -i64::from(ltd(15))));
    // g = 17 > L: no change.
    assert_eq!(pair(17, 0, 19), (10, 0));
}

#[test]
fn learned_weight_is_delivered_from_the_next_timestep() {
    // Pair (2, 5) leaves effective weight 10 + 85 = 95. Neuron 0 resets to 0 when it spikes at 5; a
    // pre spike at 6 then brings 95 (delay 0, no leak), where the weight before learning was 10.
    let mut core = Net::new(rule()).synapse(ch(0), 0, 10, 0, true).core();
    run(&mut core, 7, |t| match t {
        2 | 6 => vec![pre(0)],
        5 => vec![kick(0)],
        _ => vec![],
    });
    assert_eq!(state::V.get(core.state_word(0)), 95);
}

#[test]
fn neuron_spikes_in_the_same_timestep_are_anti_causal() {
    // Neurons 1 and 0 both spike at 3. Neuron 1's spike is routed at 4 (age 0), when neuron 0's post
    // age is g = 4 + 1 - 4 = 1: LTD by ltd[0] = 60. (It also delivers 10 to neuron 0, which does
    // not spike.)
    let mut core = Net::new(rule()).synapse(1, 0, 10, 0, true).core();
    run(&mut core, 6, |t| {
        if t == 3 {
            vec![kick(0), kick(1)]
        } else {
            vec![]
        }
    });
    assert_eq!(syn(&core, 0), (10, -i64::from(ltd(0))));
}

#[test]
fn causal_neuron_pair_potentiates() {
    // Neuron 1 spikes at 2 (routed at 3), neuron 0 at 5: age 5 - 3 = 2, ltp[2] = 90.
    let mut core = Net::new(rule()).synapse(1, 0, 10, 0, true).core();
    run(&mut core, 7, |t| match t {
        2 => vec![kick(1)],
        5 => vec![kick(0)],
        _ => vec![],
    });
    assert_eq!(syn(&core, 0), (10, i64::from(ltp(2))));
}

#[test]
fn only_plastic_synapses_change() {
    let mut core = Net::new(rule()).synapse(ch(0), 0, 10, 0, false).core();
    run(&mut core, 7, |t| match t {
        2 => vec![pre(0)],
        5 => vec![kick(0)],
        _ => vec![],
    });
    assert_eq!(syn(&core, 0), (10, 0));
}

#[test]
fn modulation_scales_stops_and_reverses_learning() {
    let with = |gain: i32, reverse: bool, m: i64| {
        let r = LearnRule {
            lr_gain: gain,
            lr_reverse: reverse,
            ..rule()
        };
        let mut core = Net::new(r)
            .synapse(ch(0), 0, 0, 0, true)
            .mod_level(0, m)
            .core();
        // Same-timestep channel pair: base ltp[0] = 100. (mod_relax = 0: the level stays.)
        run(&mut core, 2, |t| {
            if t == 1 {
                vec![pre(0), kick(0)]
            } else {
                vec![]
            }
        });
        syn(&core, 0).1
    };
    // rate 256 + asr(100 * 128, 8) = 306: change = floor(100 * 306 / 256) = floor(119.5) = 119.
    assert_eq!(with(128, false, 100), 119);
    // rate 256 - 256 = 0: no change.
    assert_eq!(with(128, false, -512), 0);
    // rate -256 with lr_reverse: change = -100, the causal pair depresses.
    assert_eq!(with(128, true, -1024), -100);
    // Gain 0: modulation has no effect.
    assert_eq!(with(0, false, -1024), 100);
}

#[test]
fn repeated_pairs_saturate_at_w_max() {
    // Weight -128, a same-timestep pair every timestep, ltp[0] = 100: stw 100, 200, then e = min(-128
    // + 300, 127) = 127, stw = 255 (the widest 9-bit value) and it stays there.
    let mut core = Net::new(rule()).synapse(ch(0), 0, -128, 0, true).core();
    let mut seen = vec![];
    for _ in 0..5 {
        core.step(&[pre(0), kick(0)]);
        seen.push(syn(&core, 0).1);
    }
    assert_eq!(seen, vec![100, 200, 255, 255, 255]);
    assert_eq!(synapse::effective_weight(&P, core.synapse_word(0)), 127);
}

#[test]
fn the_tail_holds_only_k_spike_events() {
    // Channel 0 (the pre, synapse to neuron 0) spikes at 2; at 3, `others` more channels spike
    // (no synapses); neuron 0 spikes at 4. With K = 16, 15 others leave the pre in slot 15 (LTP,
    // age 2: ltp[2] = 90); 16 push it out.
    let run_with = |others: u32| {
        let mut core = Net::new(rule()).synapse(ch(0), 0, 10, 0, true).core();
        run(&mut core, 5, |t| match t {
            2 => vec![pre(0)],
            3 => (1..=others).map(pre).collect(),
            4 => vec![kick(0)],
            _ => vec![],
        });
        syn(&core, 0).1
    };
    assert_eq!(P.tail, 16);
    assert_eq!(run_with(15), i64::from(ltp(2)));
    assert_eq!(run_with(16), 0);
}

#[test]
fn the_tail_records_while_learning_is_off() {
    // Learning off at load; pre at 2; on from timestep 4; post at 5: LTP ltp[3], as if on throughout.
    let mut net = Net::new(rule()).synapse(ch(0), 0, 10, 0, true);
    net.image.learn_en = false;
    let mut core = net.core();
    run(&mut core, 7, |t| match t {
        2 => vec![pre(0)],
        5 => vec![kick(0)],
        _ => vec![],
    });
    assert_eq!(syn(&core, 0), (10, 0), "learning off changes nothing");
    let mut core = net.core();
    run(&mut core, 4, |t| if t == 2 { vec![pre(0)] } else { vec![] });
    core.set_learn_en(true);
    run(
        &mut core,
        3,
        |t| if t == 5 { vec![kick(0)] } else { vec![] },
    );
    assert_eq!(syn(&core, 0), (10, i64::from(ltp(3))));
}

#[test]
fn sweep_visits_addresses_in_a_ring_and_fades() {
    // Three plastic synapses with stw 40, fade_shift 2 (d = max(1, |stw| >> 2)), sweep_len 3,
    // sweep_step 2: timestep 0 visits 0, 1; timestep 1 visits 2, 0; timestep 2 visits 1, 2.
    // So after timestep 2: address 0 faded twice (40 -> 30 -> 23), 1 twice, 2 twice.
    let r = LearnRule {
        fade_shift: 2,
        ..rule()
    };
    let mut net = Net::new(r)
        .synapse(ch(0), 0, 10, 40, true)
        .synapse(ch(1), 0, 10, 40, true)
        .synapse(ch(2), 0, 10, 40, true);
    net.image.sweep_len = 3;
    net.image.sweep_step = 2;
    let mut core = net.core();
    core.step(&[]);
    assert_eq!(
        [syn(&core, 0).1, syn(&core, 1).1, syn(&core, 2).1],
        [30, 30, 40]
    );
    assert_eq!(core.learner().sweep_pointer(), 2);
    core.step(&[]);
    assert_eq!(
        [syn(&core, 0).1, syn(&core, 1).1, syn(&core, 2).1],
        [23, 30, 30]
    );
    core.step(&[]);
    assert_eq!(
        [syn(&core, 0).1, syn(&core, 1).1, syn(&core, 2).1],
        [23, 23, 23]
    );
    assert_eq!(core.learner().sweep_pointer(), 0);
}

#[test]
fn sweep_len_zero_visits_address_zero() {
    let r = LearnRule {
        fade_shift: 15,
        ..rule()
    };
    let mut net = Net::new(r)
        .synapse(ch(0), 0, 10, 5, true)
        .synapse(ch(1), 0, 10, 5, true);
    net.image.sweep_step = 3;
    let mut core = net.core();
    core.step(&[]);
    // Address 0 visited three times: 5 -> 4 -> 3 -> 2 (d = max(1, 5 >> 15) = 1); address 1 untouched.
    assert_eq!((syn(&core, 0).1, syn(&core, 1).1), (2, 5));
}

#[test]
fn strong_modulation_consolidates() {
    // stw 50, cons_thr 200, neuron 0 at mod_level 200: one sweep visit moves it into weight: 60, 0.
    let r = LearnRule {
        cons_thr: 200,
        ..rule()
    };
    let mut net = Net::new(r)
        .synapse(ch(0), 0, 10, 50, true)
        .mod_level(0, 200);
    net.image.sweep_len = 1;
    net.image.sweep_step = 1;
    let mut core = net.core();
    core.step(&[]);
    assert_eq!(syn(&core, 0), (60, 0));
    // The effective weight did not change: 10 + 50 = 60 + 0.
    assert_eq!(synapse::effective_weight(&P, core.synapse_word(0)), 60);
}

#[test]
fn learning_phase_cycles() {
    // Pair (2, 5) with sweep_step 3: timestep 5 streams the pre's one synapse (its slot is valid and
    // a neuron spiked), so it costs 2 + K * 1 + (1 * 1 + 5) + 3 * 6 on top of section 7 (one slot
    // streamed, then drained; a sweep round sweep_len = 1 address visits it one at a time, 6 cycles
    // each); timestep 3 (no spike, slot age 1) streams nothing.
    let mut net = Net::new(rule()).synapse(ch(0), 0, 10, 0, true);
    net.image.sweep_len = 1;
    net.image.sweep_step = 3;
    let mut core = net.core();
    let mut cycles = vec![];
    for t in 0..6u64 {
        let e = match t {
            2 => vec![pre(0)],
            5 => vec![kick(0)],
            _ => vec![],
        };
        cycles.push(core.step(&e).cycles);
    }
    let base = |w: StepWork| {
        timing::timestep_cycles(&StepWork {
            neurons: 2,
            learn: true,
            tail_slots: P.tail.into(),
            swept: 3,
            sweep_serial: true,
            ..w
        })
    };
    assert_eq!(cycles[3], base(StepWork::default()));
    assert_eq!(
        cycles[3],
        11 + 2
            + timing::LEARN_FIXED_CYCLES
            + 16 * timing::TAIL_SLOT_CYCLES
            + 3 * timing::SWEEP_SERIAL_CYCLES
    );
    assert_eq!(
        cycles[5],
        base(StepWork {
            injections: 1,
            learn_streamed: 1,
            learn_sources: 1,
            ..StepWork::default()
        })
    );
    // Timestep 2 routes the pre (1 event, 1 synapse) and streams it in the tail pass (age 0).
    assert_eq!(
        cycles[2],
        base(StepWork {
            spike_events: 1,
            synapses: 1,
            learn_streamed: 1,
            learn_sources: 1,
            ..StepWork::default()
        })
    );
}

#[test]
fn validate_refuses_bad_learning_images() {
    let ok = Net::new(rule()).synapse(ch(0), 0, 10, 0, true).image;
    assert_eq!(validate(&ok), Ok(()));

    let mut img = ok.clone();
    let modulatory = P
        .syn_type()
        .set(u128::from(img.synapses[0]), syn_type::MODULATORY);
    img.synapses[0] = modulatory as u64;
    assert_eq!(validate(&img), Err(ImageError::Plastic { index: 0 }));

    let bounds = |w_min: i32, w_max: i32| {
        let mut img = ok.clone();
        img.learn_rules[1] = LearnRule {
            w_min,
            w_max,
            ..rule()
        }
        .to_word();
        validate(&img)
    };
    assert_eq!(bounds(-128, 127), Ok(()));
    assert_eq!(bounds(5, 5), Ok(()));
    let err = bounds(6, 5).unwrap_err();
    assert_eq!(
        err.to_string(),
        "learning rule 1: w_min = 6, w_max = 5 must satisfy w_min <= w_max within -128..=127 (W bits)"
    );
    assert!(matches!(
        bounds(-129, 0),
        Err(ImageError::LearnBounds { .. })
    ));
    assert!(matches!(
        bounds(0, 128),
        Err(ImageError::LearnBounds { .. })
    ));

    let mut img = ok.clone();
    img.sweep_len = P.synapses;
    assert_eq!(validate(&img), Ok(()));
    img.sweep_len = P.synapses + 1;
    assert_eq!(
        validate(&img).unwrap_err().to_string(),
        "register sweep_len = 4097 exceeds its largest value 4096"
    );
    let mut img = ok.clone();
    img.sweep_step = 256;
    assert!(matches!(validate(&img), Err(ImageError::Register { .. })));

    let mut img = ok.clone();
    img.learn_table.pop();
    assert!(matches!(validate(&img), Err(ImageError::Length { .. })));
    let mut img = ok.clone();
    img.learn_rules[0] |= 1 << spec::LEARN_RULE_BITS;
    assert!(matches!(validate(&img), Err(ImageError::StrayBits { .. })));

    for (tail, window) in [(0, 16), (16, 0), (16, 256), (257, 16)] {
        let mut img = ok.clone();
        img.preset.tail = tail;
        img.preset.stdp_window = window;
        img.learn_table = vec![0; img.preset.learn_table_words() as usize];
        assert!(
            matches!(validate(&img), Err(ImageError::LearnSize { .. })),
            "tail {tail}, window {window}"
        );
    }
}

#[test]
fn doc_rule_word_fields_are_the_spec_fields() {
    // The rule word packs what LearnRule holds, field by field, at the §6 layout.
    let r = LearnRule {
        lr_gain: 7,
        lr_reverse: true,
        w_min: -3,
        w_max: 9,
        fade_shift: 4,
        cons_thr: 300,
    };
    let w = u128::from(r.to_word());
    let get = |f: Field| f.get(w);
    use spec::learn_rule as lr;
    assert_eq!(
        [
            get(lr::LR_GAIN),
            get(lr::LR_REVERSE),
            get(lr::W_MIN),
            get(lr::W_MAX),
            get(lr::FADE_SHIFT),
            get(lr::CONS_THR)
        ],
        [7, 1, -3, 9, 4, 300]
    );
}
