//! Learning at the network level (`docs/model.md` §10, §12): the compiler's learning keys and their
//! refusals, and the classic checks with measured outcomes, each derived in comments: the STDP
//! window, a pair of neurons learning a causal link (and unlearning the reversed one), and
//! modulation turning learning off, on, and consolidating.

use flux_sim::compile::{Compiled, compile_str};
use flux_sim::core::Core;
use flux_sim::inputs::InputSet;
use flux_sim::learn::{LearnRule, WindowPoint, measure_window, table_word};
use flux_sim::spec::{Preset, SMALL, UP5K, state};
use flux_sim::synapse;

fn compile(text: &str) -> Compiled {
    compile_str(text, "test.toml", None).unwrap_or_else(|e| panic!("{e}"))
}

fn refuse(text: &str) -> String {
    match compile_str(text, "test.toml", None) {
        Ok(_) => panic!("compiled:\n{text}"),
        Err(e) => e.to_string(),
    }
}

/// Runs `steps` timesteps with the events of `inputs`.
fn run(inputs: &mut InputSet, core: &mut Core, steps: u64) {
    let mut events = Vec::new();
    for _ in 0..steps {
        events.clear();
        inputs.events_at(core.t(), &mut events);
        core.step(&events);
    }
}

/// `(weight, stw)` of synapse `addr`.
fn syn(p: &Preset, core: &Core, addr: u32) -> (i64, i64) {
    let w = u128::from(core.synapse_word(addr));
    (p.syn_weight().get(w), p.syn_stw().get(w))
}

const LEARNING_NET: &str = r#"
[core]
preset = "small"

[[profile]]
name = "plain"
kind = "flux"

[[profile]]
name = "learner"
kind = "flux"
thr = 1000
leak = 0
[profile.learning]
lr_gain = 16
lr_reverse = true
w_min = -20
w_max = 100
fade_shift = 3
cons_thr = 500
ltp_amp = 64
ltp_decay = 192
ltd = [30, 20, 10]

[[population]]
name = "post"
size = 2
profile = "learner"

[[input]]
name = "pre"
kind = "spikes"
times = [[1], [2]]

[[projection]]
from = "pre"
to = "post"
connect = "all_to_all"
weight = 10
plastic = true

[[projection]]
from = "pre"
to = "post"
connect = "one_to_one"
weight = 5

[learning]
sweep_step = 2
"#;

#[test]
fn compiler_writes_rules_tables_plastic_bits_and_registers() {
    let c = compile(LEARNING_NET);
    let img = &c.image;
    let p = img.preset;
    // Profile 1 ("learner") has the rule; profile 0 none (a zero word).
    let rule = LearnRule {
        lr_gain: 16,
        lr_reverse: true,
        w_min: -20,
        w_max: 100,
        fade_shift: 3,
        cons_thr: 500,
    };
    assert_eq!(img.learn_rules[1], rule.to_word());
    assert_eq!(img.learn_rules[0], 0);
    // ltp: 64, then (64 * 192) >> 8 = 48, (48 * 192) >> 8 = 36, (36 * 192) >> 8 = 27, 20, 15, ...
    // ltd: the list [30, 20, 10], then 0.
    let l = p.stdp_window as usize;
    let row = &img.learn_table[l..2 * l];
    let mut ltp = 64i64;
    for (k, &w) in row.iter().enumerate() {
        let ltd = [30, 20, 10].get(k).copied().unwrap_or(0);
        assert_eq!(w, table_word(ltp as u8, ltd), "window step {k}");
        ltp = (ltp * 192) >> 8;
    }
    assert_eq!(
        &row[..4],
        &[
            table_word(64, 30),
            table_word(48, 20),
            table_word(36, 10),
            table_word(27, 0)
        ]
    );
    // Six synapses: per channel, the plastic all_to_all pair (to post 0 and 1) first, then the
    // one_to_one one.
    let plastic: Vec<i64> = (0..6)
        .map(|a| p.syn_plastic().get(img.synapses[a].into()))
        .collect();
    assert_eq!(plastic, [1, 1, 0, 1, 1, 0]);
    assert!(
        img.learn_en,
        "a plastic projection turns learning on by default"
    );
    // sweep_len: every synapse of the network.
    assert_eq!((img.sweep_len, img.sweep_step), (6, 2));
    assert_eq!(flux_sim::core::validate(img), Ok(()));
}

#[test]
fn learning_defaults() {
    // No w_min/w_max: the preset's weight range; no tables: zeros; no [learning]: sweep_step 1.
    let text = LEARNING_NET
        .replace("w_min = -20\n", "")
        .replace("w_max = 100\n", "")
        .replace("[learning]\nsweep_step = 2\n", "");
    let c = compile(&text);
    let rule = LearnRule::from_word(c.image.learn_rules[1]);
    assert_eq!((rule.w_min, rule.w_max), (-128, 127));
    assert_eq!(c.image.sweep_step, 1);
    // No plastic projection: learning stays off unless [learning] enabled = true.
    let off = compile(&LEARNING_NET.replace("plastic = true", "plastic = false"));
    assert!(!off.image.learn_en);
    let on = compile(
        &LEARNING_NET
            .replace("plastic = true", "")
            .replace("[learning]", "[learning]\nenabled = true"),
    );
    assert!(on.image.learn_en);
}

#[test]
fn compiler_refuses_bad_learning_keys() {
    let cases: [(&str, &str, &str); 8] = [
        (
            "weight = 10\nplastic = true",
            "weight = 10\nplastic = true\ntype = \"modulatory\"",
            "is plastic but not direct",
        ),
        (
            "profile = \"learner\"",
            "profile = \"plain\"",
            "has no [profile.learning]",
        ),
        (
            "w_max = 100",
            "w_max = 200",
            "learning w_max 200 does not fit the 8-bit signed weight of preset small (-128..=127)",
        ),
        (
            "w_min = -20",
            "w_min = 101",
            "learning w_min 101 is above w_max 100",
        ),
        (
            "ltd = [30, 20, 10]",
            "ltd = [30, 20, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]",
            "ltd has 17 entries, more than the 16-timestep learning window of preset small",
        ),
        (
            "ltd = [30, 20, 10]",
            "ltd = [30, 256]",
            "ltd[1] = 256 is not an integer in 0..=255",
        ),
        (
            "ltp_amp = 64",
            "ltp = [1]\nltp_amp = 64",
            "gives both `ltp` and `ltp_amp`",
        ),
        (
            "cons_thr = 500",
            "cons_thr = 500\nlearn_rate = 3",
            "learning has no key `learn_rate`",
        ),
    ];
    for (from, to, want) in cases {
        let text = LEARNING_NET.replacen(from, to, 1);
        assert_ne!(text, LEARNING_NET, "{from}");
        let err = refuse(&text);
        assert!(err.contains(want), "{to}: {err}");
        assert!(err.starts_with("test.toml:"), "{err}");
    }
    let err = refuse(&LEARNING_NET.replace("sweep_step = 2", "sweep_step = 256"));
    assert!(
        err.contains("[learning] sweep_step 256 is outside 0..=255"),
        "{err}"
    );
}

/// The table of the window tests: `ltp[k] = 100 - 6k`, `ltd[k] = 50 - 3k`.
fn window_table(l: u32) -> Vec<u16> {
    (0..l)
        .map(|k| table_word((100 - 6 * k) as u8, (50 - 3 * k) as u8))
        .collect()
}

#[test]
fn stdp_window_is_the_table_measured() {
    // §12.3: a pre spike routed dt timesteps before the post spike (0 <= dt < L) potentiates by
    // ltp[dt]; a post spike -dt timesteps before the pre (1 <= -dt <= L) depresses by ltd[-dt - 1];
    // outside the window nothing changes. Measured on two window sizes (small L = 16, and small with
    // L = 8).
    let rule = LearnRule {
        w_min: -128,
        w_max: 127,
        ..LearnRule::default()
    };
    let short = Preset {
        name: "small-l8",
        stdp_window: 8,
        ..SMALL
    };
    for p in [SMALL, short] {
        let l = i64::from(p.stdp_window);
        let points = measure_window(p, rule, &window_table(p.stdp_window), -l - 3..=l + 3);
        for WindowPoint { dt, change } in points {
            let want = if (0..l).contains(&dt) {
                100 - 6 * dt
            } else if (-l..0).contains(&dt) {
                -(50 - 3 * (-dt - 1))
            } else {
                0
            };
            assert_eq!(change, want, "preset {}, dt {dt}", p.name);
        }
    }
}

#[test]
fn stdp_window_gated_by_bounds() {
    // w_min = -10, w_max = 30: the measurement starts at (-10 + 30) >> 1 = 10, so one pair moves
    // the weight by +20 at most and by -20 at least.
    let rule = LearnRule {
        w_min: -10,
        w_max: 30,
        ..LearnRule::default()
    };
    let points = measure_window(SMALL, rule, &window_table(16), [0, 12, -1, -16]);
    let changes: Vec<i64> = points.iter().map(|p| p.change).collect();
    // ltp[0] = 100 -> +20, ltp[12] = 28 -> +20, -ltd[0] = -50 -> -20, -ltd[15] = -5.
    assert_eq!(changes, [20, 20, -20, -5]);
}

/// Two neurons: `a` (source) -> `b` (target), plastic, weight 10; `a` is made to spike at each time
/// of `a_times`, `b` at each of `b_times`. Returns the synapse's `(weight, stw)` at the end.
fn neuron_pair(a_times: &str, b_times: &str) -> (i64, i64) {
    let text = format!(
        r#"
[[profile]]
name = "n"
kind = "flux"
thr = 1000
leak = 0
[profile.learning]
ltp = [40, 30, 20, 10]
ltd = [20, 15, 10, 5]

[[population]]
name = "a"
size = 1
profile = "n"

[[population]]
name = "b"
size = 1
profile = "n"

[[input]]
name = "kick_a"
kind = "current"
to = "a"
value = 2000
times = {a_times}

[[input]]
name = "kick_b"
kind = "current"
to = "b"
value = 2000
times = {b_times}

[[projection]]
from = "a"
to = "b"
connect = "one_to_one"
weight = 10
plastic = true

[learning]
sweep_step = 0
"#
    );
    let c = compile(&text);
    let mut core = Core::new(&c.image);
    run(&mut c.inputs.clone(), &mut core, 100);
    syn(&c.image.preset, &core, 0)
}

#[test]
fn causal_pair_strengthens_and_reversed_pair_weakens() {
    // Causal: a spikes at 10, 30, 50, 70 (routed at 11, 31, ...), b at 13, 33, ...: in each b
    // spike's timestep a's slot has age 2, LTP by ltp[2] = 20. The next a spike (routed 18 steps
    // after b's) is outside the window (g = 18 > L = 16), so no LTD: 4 x 20 = 80, effective 90.
    let (w, stw) = neuron_pair("[10, 30, 50, 70]", "[13, 33, 53, 73]");
    println!("causal: weight {w}, stw {stw}, effective {}", w + stw);
    assert_eq!((w, stw), (10, 80));
    // Reversed: b at 10, a at 13 (routed at 14): post age g = 14 + 1 - 11 = 4, LTD by ltd[3] = 5
    // each time; b's next spike (30) finds a's slot aged out (30 - 14 = 16 = L). 4 x -5 = -20.
    let (w, stw) = neuron_pair("[13, 33, 53, 73]", "[10, 30, 50, 70]");
    println!("anti-causal: weight {w}, stw {stw}, effective {}", w + stw);
    assert_eq!((w, stw), (10, -20));
}

const MODULATION_NET: &str = r#"
[core]
preset = "small"

[[profile]]
name = "post"
kind = "flux"
thr = 1000
leak = 0
[profile.learning]
lr_gain = 255
fade_shift = 15
cons_thr = 500
ltp = [100]

[[population]]
name = "post"
size = 1
profile = "post"
mod_level = -1000

[[input]]
name = "pre"
kind = "spikes"
times = [50, 150, 250]

[[input]]
name = "kick"
kind = "current"
to = "post"
value = 2000
times = [50, 150, 250]

[[input]]
name = "reward"
kind = "spikes"
times = [[100, 200], [100, 200], [100, 200], [100, 200], [100], [100], [100], [100]]

[[projection]]
from = "pre"
to = "post"
connect = "all_to_all"
weight = 10
plastic = true

[[projection]]
from = "reward"
to = "post"
connect = "all_to_all"
weight = 125
type = "modulatory"

[learning]
sweep_step = 9
"#;

#[test]
fn modulation_turns_learning_off_on_and_consolidates() {
    let c = compile(MODULATION_NET);
    let p = c.image.preset;
    // 1 plastic synapse + 8 modulatory: sweep_len 9, so sweep_step 9 visits each once a timestep.
    assert_eq!(c.image.sweep_len, 9);
    // The plastic synapse comes first (channel 0 is "pre").
    let mut core = Core::new(&c.image);
    let m = |core: &Core| state::MOD_LEVEL.get(core.state_word(0));
    let mut log = vec![];
    let mut inputs = c.inputs.clone();
    for until in [51, 101, 151, 200, 201, 251] {
        let steps = until - core.t();
        run(&mut inputs, &mut core, steps);
        log.push((core.t() - 1, m(&core), syn(&p, &core, 0)));
    }
    for (t, m, (w, s)) in &log {
        println!("after timestep {t}: mod_level {m}, weight {w}, stw {s}");
    }
    // Off: mod_level -1000 (mod_relax 0 keeps it): rate = sat(256 + asr(-1000 * 255, 8), 0, 2047)
    // = sat(256 - 997) = 0, so the pair at 50 (same-timestep channel pair, ltp[0] = 100) changes
    // nothing.
    assert_eq!(log[0], (50, -1000, (10, 0)));
    // At 100 the eight reward channels bring 8 x 125 = 1000: mod_level 0, rate 256.
    assert_eq!(log[1], (100, 0, (10, 0)));
    // On: the pair at 150 sets stw = 100; the same timestep's sweep fades it by
    // max(1, 100 >> 15) = 1: 99.
    assert_eq!(log[2], (150, 0, (10, 99)));
    // 49 more visits (151..=199), one each: 99 - 49 = 50.
    assert_eq!(log[3], (199, 0, (10, 50)));
    // At 200 four reward channels bring 500 = cons_thr: the sweep consolidates: weight 10 + 50 =
    // 60, stw 0. The effective weight (60) is what it was just before (10 + 50).
    assert_eq!(log[4], (200, 500, (60, 0)));
    // The pair at 250 is learned at the raised rate 256 + asr(500 * 255, 8) = 754:
    // change = asr(100 * 754, 8) = 294, bounded by w_max 127: stw 67; and consolidated in the same
    // timestep (mod_level 500 >= cons_thr): weight 127, stw 0.
    assert_eq!(log[5], (250, 500, (127, 0)));
    assert_eq!(synapse::effective_weight(&p, core.synapse_word(0)), 127);
}

#[test]
fn up5k_has_no_learning_unit() {
    // docs/model.md §1: up5k leaves the learning unit out. The compiler refuses what needs it,
    // naming the line.
    let on_up5k = LEARNING_NET.replace("preset = \"small\"", "preset = \"up5k\"");
    let e = refuse(&on_up5k);
    assert!(
        e.contains(
            "profile \"learner\" has [profile.learning] but preset up5k has no learning unit"
        ),
        "{e}"
    );
    assert!(e.starts_with("test.toml:"), "no line in: {e}");
    let (head, tail) = on_up5k.split_once("[profile.learning]").unwrap();
    let without_rule = format!("{head}{}", &tail[tail.find("[[population]]").unwrap()..]);
    // An up5k image that asks for learning anyway (plastic bits, a rule, learn_en): learn_en
    // reads 0 and stays 0, and no synapse word changes while the network spikes.
    let plain = without_rule
        .replace("plastic = true", "")
        .replace("thr = 1000", "thr = 5");
    let compiled = compile(&plain);
    let mut image = compiled.image.clone();
    assert_eq!(image.preset, UP5K);
    let p = UP5K;
    for w in image.synapses.iter_mut() {
        *w = p.syn_plastic().set(u128::from(*w), 1) as u64;
    }
    image.learn_rules[1] = LearnRule {
        w_min: -128,
        w_max: 127,
        ..LearnRule::default()
    }
    .to_word();
    image.learn_table.fill(table_word(100, 50));
    image.learn_en = true;
    let mut core = Core::new(&image);
    assert!(!core.learner().learn_en());
    core.set_learn_en(true);
    assert!(!core.learner().learn_en());
    let mut inputs = compiled.inputs;
    let mut spikes = 0;
    let mut events = Vec::new();
    for _ in 0..20 {
        events.clear();
        inputs.events_at(core.t(), &mut events);
        spikes += core.step(&events).spikes.len();
    }
    assert!(
        spikes > 0,
        "the post neurons never fired: nothing to learn from"
    );
    assert_eq!(core.synapse_words(), image.synapses.as_slice());
}
