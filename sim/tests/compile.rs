//! The network compiler (`docs/model.md` §8, §10): memory contents derived by hand, the refusal
//! messages, robustness against garbage, and the behaviour of the shipped examples.

use std::path::Path;

use flux_sim::compile::{CoreChoice, MODEL_ONLY, compile_file, compile_str, compile_str_for};
use flux_sim::core::{Core, validate};
use flux_sim::inputs::Xorshift32;
use flux_sim::spec::{self, LARGE, SMALL};

fn error_of(text: &str) -> String {
    match compile_str(text, "net.toml", None) {
        Ok(_) => panic!("expected a refusal for:\n{text}"),
        Err(e) => e.to_string(),
    }
}

const HAND: &str = r#"
[[profile]]
name = "p"
kind = "flux"
thr = 50
leak = 2

[[population]]
name = "a"
size = 2
profile = "p"
v = 5

[[population]]
name = "b"
size = 1
profile = "p"

[[input]]
name = "in"
kind = "spikes"
times = [1, 4]

[[projection]]
from = "a"
to = "b"
connect = "all_to_all"
weight = 3
delay = 1

[[projection]]
from = "b"
to = "a"
connect = [[0, 1]]
type = "electric"

[[projection]]
from = "in"
to = "a"
connect = [[0, 0], [0, 1, -2, 2]]
weight = 7
"#;

#[test]
fn hand_made_network_memory_contents() {
    let c = compile_str(HAND, "hand.toml", None).unwrap();
    let img = &c.image;
    // Fits small, the first shipped preset.
    assert_eq!(img.preset, SMALL);
    validate(img).unwrap();
    assert_eq!(img.n_neurons, 3);

    // Profile 0, FLUX (kind 0): thr at bit 44, leak at bit 60 (§6); every other field default 0.
    assert_eq!(img.profiles[0], (50u128 << 44) | (2u128 << 60));
    assert!(img.profiles[1..].iter().all(|&w| w == 0));

    // State: a[0], a[1] have v = 5 (bits 0..24) and profile 0; b is all zero.
    assert_eq!(img.state[0], 5);
    assert_eq!(img.state[1], 5);
    assert_eq!(img.state[2], 0);

    // small synapse word: target 0..8, weight 8..16, delay 16..19, type 19..21, plastic 21.
    let syn = |target: u64, weight: i64, delay: u64, ty: u64| {
        target | (((weight as u64) & 0xFF) << 8) | (delay << 16) | (ty << 19)
    };
    // Sources in ascending id: neuron 0 (a[0]) and 1 (a[1]) each one synapse to b = neuron 2;
    // neuron 2 (b) one electric synapse to a[1] (weight stored as 0); channel 0 = source 256 two.
    let expected = [
        syn(2, 3, 1, 0),
        syn(2, 3, 1, 0),
        syn(1, 0, 0, 2),
        syn(0, 7, 0, 0),
        syn(1, -2, 2, 0),
    ];
    assert_eq!(&img.synapses[..5], &expected);
    assert!(img.synapses[5..].iter().all(|&w| w == 0));

    // Fan-out word: start in bits 0..12, count in bits 12..25. Unused sources are 0.
    let fan = |start: u64, count: u64| start | (count << 12);
    assert_eq!(img.fanout[0], fan(0, 1));
    assert_eq!(img.fanout[1], fan(1, 1));
    assert_eq!(img.fanout[2], fan(2, 1));
    assert_eq!(img.fanout[256], fan(3, 2));
    let used = [0usize, 1, 2, 256];
    assert!(
        img.fanout
            .iter()
            .enumerate()
            .all(|(i, &w)| used.contains(&i) || w == 0)
    );

    assert_eq!(c.neurons[0].ids(), 0..2);
    assert_eq!(c.neurons[1].ids(), 2..3);
    assert_eq!(c.channels[0].channels(), 0..1);
}

#[test]
fn initial_state_fields_land_in_their_bits() {
    let text = r#"
[[profile]]
name = "f"
kind = "flux"
thr_off_max = 100
[[profile]]
name = "c"
kind = "cuba"
[[population]]
name = "x"
size = 2
profile = "f"
v = [-1, 7]
thr_off = -3
mod_level = 9
ref_cnt = 4
quiet_cnt = 255
[[population]]
name = "y"
size = 1
profile = "c"
u = 8388608
v = -8388607
"#;
    let c = compile_str(text, "s.toml", None).unwrap();
    let s = &c.image.state;
    let m = |bits: u32| (1u128 << bits) - 1;
    // v = -1 in 24 bits, thr_off -3 in 16 bits at 49, mod_level 9 at 65, ref_cnt 4 at 81,
    // quiet_cnt 255 at 89, profile 0 at 97.
    let common = (((-3i128) as u128 & m(16)) << 49) | (9 << 65) | (4 << 81) | (255 << 89);
    assert_eq!(s[0], m(24) | common);
    assert_eq!(s[1], 7 | common);
    // y: u = 2^23 (25-bit field at 24), v = -(2^23 - 1) = 0x800001 in 24 bits, profile 1 at 97.
    assert_eq!(s[2], 0x80_0001 | (1u128 << 23 << 24) | (1 << 97));
}

#[test]
fn refusals_name_file_line_value_and_limit() {
    let base = "[[profile]]\nname = \"p\"\nkind = \"flux\"\n[[population]]\nname = \"e\"\nsize = 4\nprofile = \"p\"\n";
    let proj = |extra: &str| {
        format!(
            "{base}[[projection]]\nname = \"e_to_i\"\nfrom = \"e\"\nto = \"e\"\nconnect = \"all_to_all\"\n{extra}"
        )
    };

    // Line 13 holds the weight (7 lines of base, 5 of the projection head).
    assert_eq!(
        error_of(&proj("weight = 300\n")),
        "net.toml:13: projection \"e_to_i\" weight 300 does not fit the 8-bit signed weight of preset large (-128..=127) \
         (the largest shipped preset; set [core] preset = \"fit\" for a model-only core)"
    );
    let with_preset = |t: String| format!("[core]\npreset = \"small\"\n{t}");
    assert_eq!(
        error_of(&with_preset(proj("weight = 1\ndelay = 8\n"))),
        "net.toml:16: projection \"e_to_i\" delay 8 does not fit the 8 delay slots of preset small (0..=7)"
    );
    assert_eq!(
        error_of(&with_preset(proj("weight = -129\n"))),
        "net.toml:15: projection \"e_to_i\" weight -129 does not fit the 8-bit signed weight of preset small (-128..=127)"
    );
    assert_eq!(
        error_of(&proj("type = \"electric\"\nweight = 3\n")),
        "net.toml:14: projection \"e_to_i\" is electric and carries no weight; remove `weight`"
    );
    assert_eq!(
        error_of(&proj("wieght = 3\n")),
        "net.toml:13: unknown field `wieght`, expected one of `name`, `from`, `to`, `connect`, `weight`, `delay`, `type`, `allow_self`, `plastic`, `current`, `shift`"
    );
    assert_eq!(
        error_of(&format!(
            "{base}[[population]]\nname = \"big\"\nsize = 300\nprofile = \"p\"\n[core]\npreset = \"small\"\n"
        )),
        "net.toml:9: population \"big\" (neurons 4..=303) does not fit the 256 neurons of preset small (the network needs 304)"
    );
    assert_eq!(
        error_of("[[profile]]\nname = \"p\"\nkind = \"flux\"\nthr = 0\n"),
        "net.toml:4: profile \"p\" thr 0 is outside 1..=32767"
    );
    assert_eq!(
        error_of("[[profile]]\nname = \"p\"\nkind = \"flux\"\nhab_rate = 256\n"),
        "net.toml:4: profile \"p\" hab_rate 256 does not fit its 8-bit unsigned field (0..=255)"
    );
    assert_eq!(
        error_of("[[profile]]\nname = \"p\"\nkind = \"cuba\"\nthr = 5\n"),
        "net.toml:4: profile \"p\" (kind cuba) has no parameter `thr`; its parameters are ref_period, du, dv, vth, bias_mant, bias_exp"
    );
    assert_eq!(
        error_of("[[profile]]\nname = \"p\"\nkind = \"flux\"\nleak_mode = 1\nleak = 16\n"),
        "net.toml:5: profile \"p\" leak 16 is outside 0..=15 (a shift, since leak_mode = 1)"
    );
    assert_eq!(
        error_of(&format!(
            "{base}[[input]]\nname = \"kick\"\nkind = \"current\"\nto = \"e\"\nvalue = 40000\nstart = 0\n"
        )),
        "net.toml:12: input \"kick\" value 40000 does not fit a current injection (i16: -32768..=32767)"
    );
    assert_eq!(
        error_of(&proj("weight = 1\nconnect = 2\n").replace("connect = \"all_to_all\"\n", "")),
        "net.toml:13: invalid type: integer `2`, expected \"one_to_one\", \"all_to_all\", { fixed_probability = p, seed = s } or a list of [pre, post] / [pre, post, weight, delay]"
    );
    assert_eq!(
        error_of(
            &proj("weight = 1\n")
                .replace("\"all_to_all\"", "{ fixed_probability = 1.5, seed = 1 }")
        ),
        "net.toml:12: projection \"e_to_i\" fixed_probability 1.5 is outside 0..=1"
    );
    assert_eq!(
        error_of(
            &proj("weight = 1\n")
                .replace("\"all_to_all\"", "{ fixed_probability = 2e-2, seed = 1 }")
        ),
        "net.toml:12: projection \"e_to_i\" fixed_probability must be a plain decimal such as 0.02 (got 2e-2)"
    );
    assert_eq!(
        error_of(&proj("weight = 1\n").replace("to = \"e\"", "to = \"nowhere\"")),
        "net.toml:11: projection \"e_to_i\" goes to \"nowhere\", which is not a population"
    );
    assert_eq!(
        error_of(&proj("weight = 1\n").replace("\"all_to_all\"", "\"one_to_one\"")),
        "net.toml:12: projection \"e_to_i\" is one_to_one from a population to itself: every synapse is a self-connection; set allow_self = true"
    );
    assert_eq!(
        error_of("[core]\npreset = \"huge\"\n"),
        "net.toml:2: unknown preset \"huge\" (small, up5k, ulx3s, large or fit)"
    );
    assert_eq!(
        error_of(&format!(
            "{base}[[input]]\nname = \"d\"\nkind = \"poisson\"\nrate_hz = 5\nseed = 1\n"
        )),
        "net.toml:11: input \"d\" rate_hz needs the timestep length: set [run] dt_us"
    );
    // A TOML syntax error is located too.
    assert!(error_of("[[population]\nname = 1\n").starts_with("net.toml:1: "));
    // The input FIFO: 64 Poisson channels and 200 injections in one timestep exceed small's 256.
    let fifo = "[core]\npreset = \"small\"\n[[profile]]\nname = \"p\"\nkind = \"flux\"\n[[population]]\nname = \"e\"\nsize = 200\nprofile = \"p\"\n\
                [[input]]\nname = \"n\"\nkind = \"poisson\"\nchannels = 64\np16 = 1\nseed = 1\n\
                [[input]]\nname = \"k\"\nkind = \"current\"\nto = \"e\"\nvalue = 1\ntimes = [3]\n";
    assert_eq!(
        error_of(fifo),
        "net.toml: the inputs can put 264 events into one timestep (64 channels, up to 200 current injections), \
         more than the 256-event input FIFO of preset small"
    );
}

#[test]
fn file_errors_name_the_path() {
    let e = compile_file(Path::new("/nonexistent/net.toml"), None)
        .unwrap_err()
        .to_string();
    assert!(
        e.starts_with("/nonexistent/net.toml: cannot read the network file: "),
        "{e}"
    );
}

#[test]
fn preset_choice_auto_explicit_and_fit() {
    let net = |n: u32| {
        format!(
            "[[profile]]\nname = \"p\"\nkind = \"cuba\"\n[[population]]\nname = \"x\"\nsize = {n}\nprofile = \"p\"\n"
        )
    };
    // 256 neurons fit small; 257 need ulx3s (up5k also has 256, and no CUBA datapath), 1025 large.
    assert_eq!(
        compile_str(&net(256), "n", None).unwrap().image.preset,
        SMALL
    );
    assert_eq!(
        compile_str(&net(257), "n", None).unwrap().image.preset,
        spec::ULX3S
    );
    assert_eq!(
        compile_str(&net(1025), "n", None).unwrap().image.preset,
        LARGE
    );
    // The caller's preset overrides the file.
    let c = compile_str(
        &format!("[core]\npreset = \"large\"\n{}", net(3)),
        "n",
        Some(SMALL),
    )
    .unwrap();
    assert_eq!(c.image.preset, SMALL);
    // More than large holds: refused unless fitted; fitted rounds up to a power of two.
    assert!(error_of(&net(5000)).contains("does not fit the 4096 neurons of preset large"));
    let c = compile_str_for(&net(5000), "n", Some(CoreChoice::Fit)).unwrap();
    assert_eq!(c.image.preset.name, MODEL_ONLY);
    assert_eq!(c.image.preset.neurons, 8192);
    assert!(c.is_model_only());
    validate(&c.image).unwrap();
    let c = compile_str(&format!("[core]\npreset = \"fit\"\n{}", net(3)), "n", None).unwrap();
    // Never below small's sizes.
    assert_eq!(c.image.preset.neurons, SMALL.neurons);
}

#[test]
fn a_network_without_populations_is_refused() {
    // An empty or cut-short file would otherwise run as a 0-neuron network (issue 11).
    let want = "net.toml: the network has no [[population]]: nothing to simulate (is the file empty or cut short?)";
    assert_eq!(error_of(""), want);
    assert_eq!(
        error_of("[[profile]]\nname = \"p\"\nkind = \"flux\"\n"),
        want
    );
    assert_eq!(
        compile_str_for("", "net.toml", Some(CoreChoice::Fit))
            .unwrap_err()
            .to_string(),
        want
    );
}

/// An independent xorshift32 (docs/model.md §9) to check the compiler's draws.
fn xorshift(x: &mut u32) -> u32 {
    *x ^= *x << 13;
    *x ^= *x >> 17;
    *x ^= *x << 5;
    *x
}

#[test]
fn fixed_probability_follows_the_documented_draws() {
    let text = "[[profile]]\nname = \"p\"\nkind = \"flux\"\n[[population]]\nname = \"x\"\nsize = 40\nprofile = \"p\"\n\
                [[projection]]\nfrom = \"x\"\nto = \"x\"\nconnect = { fixed_probability = 0.25, seed = 99 }\nweight = 1\n";
    let c = compile_str(text, "p.toml", None).unwrap();
    // p16 = round(0.25 * 65536) = 16384; generator 0 of seed 99: 99 ^ 0x9E3779B9; pre-major order,
    // self pairs skipped without a draw.
    let mut x = 99u32 ^ 0x9E37_79B9;
    let mut expected = Vec::new();
    for i in 0..40u64 {
        for j in 0..40u64 {
            if i != j && (xorshift(&mut x) >> 16) < 16384 {
                expected.push((i, j));
            }
        }
    }
    let p = SMALL;
    let mut got = Vec::new();
    for src in 0..40usize {
        let w = c.image.fanout[src] as u128;
        let (start, count) = (p.fanout_start().get(w), p.fanout_count().get(w));
        for a in start..start + count {
            got.push((
                src as u64,
                p.syn_target().get(c.image.synapses[a as usize] as u128) as u64,
            ));
        }
    }
    assert_eq!(got, expected);
    // About a quarter of the 1560 pairs.
    assert!((300..480).contains(&got.len()), "{}", got.len());
}

#[test]
fn garbage_and_truncated_files_are_refused_without_panic() {
    let seed = 0x5EED_1234u32;
    println!("seed {seed:#x}");
    let mut rng = Xorshift32::seeded(seed, 0);
    let sources = [
        include_str!("../../examples/cpg.toml"),
        include_str!("../../examples/cuba.toml"),
        HAND,
    ];
    let alphabet = b"[]{}=\"., \n#abcdefgxyz0123456789-_+eE";
    for round in 0..400 {
        let src = sources[round % sources.len()].as_bytes();
        let mut bytes = src[..(rng.next() as usize % (src.len() + 1))].to_vec();
        if round % 2 == 1 {
            for _ in 0..1 + rng.next() % 4 {
                if bytes.is_empty() {
                    break;
                }
                let at = rng.next() as usize % bytes.len();
                bytes[at] = alphabet[rng.next() as usize % alphabet.len()];
            }
        }
        let text = String::from_utf8_lossy(&bytes);
        // Must return (either way), never panic.
        let _ = compile_str(&text, "fuzz.toml", None);
    }
    for _ in 0..200 {
        let len = rng.next() % 200;
        let text: String = (0..len)
            .map(|_| alphabet[rng.next() as usize % alphabet.len()] as char)
            .collect();
        let _ = compile_str(&text, "fuzz.toml", None);
    }
}

#[test]
fn examples_compile_for_their_presets() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let cpg = compile_file(&root.join("examples/cpg.toml"), None).unwrap();
    assert_eq!(cpg.image.preset, SMALL);
    validate(&cpg.image).unwrap();
    let cuba = compile_file(&root.join("examples/cuba.toml"), None).unwrap();
    assert_eq!(cuba.image.preset, LARGE);
    assert_eq!(cuba.image.n_neurons, 2000);
    validate(&cuba.image).unwrap();
}

/// Timesteps at which the left half-centre starts a burst (fires after the right one did).
fn left_onsets(steps: u64) -> Vec<u64> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let c = compile_file(&root.join("examples/cpg.toml"), None).unwrap();
    let (left, right) = (c.neurons[0].ids(), c.neurons[1].ids());
    let mut core = Core::new(&c.image);
    let mut inputs = c.inputs.clone();
    let mut events = Vec::new();
    let (mut onsets, mut last_left) = (Vec::new(), None);
    for t in 0..steps {
        inputs.events_at(t, &mut events);
        let r = core.step(&events);
        let l = r.spikes.iter().any(|n| left.contains(n));
        let rt = r.spikes.iter().any(|n| right.contains(n));
        if l && last_left != Some(true) {
            onsets.push(t);
        }
        if l || rt {
            last_left = Some(l);
        }
    }
    onsets
}

#[test]
fn cpg_example_period_changes_under_modulation() {
    let onsets = left_onsets(2000);
    let periods: Vec<u64> = onsets.windows(2).map(|w| w[1] - w[0]).collect();
    println!("left onsets {onsets:?}");
    // Unmodulated (modulator off until t = 1000): a regular period of 82 from t = 0.
    assert_eq!(
        &onsets[..13],
        &(0..13).map(|k| 82 * k).collect::<Vec<_>>()[..]
    );
    // Modulated: after the transition a regular period of 42.
    let late: Vec<u64> = onsets
        .iter()
        .zip(&periods)
        .filter(|(t, _)| **t >= 1200)
        .map(|(_, p)| *p)
        .collect();
    assert!(
        late.len() >= 15 && late.iter().all(|&p| p == 42),
        "{late:?}"
    );
}

#[test]
fn cuba_example_mean_rate_is_about_5_hz() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let c = compile_file(&root.join("examples/cuba.toml"), None).unwrap();
    let mut core = Core::new(&c.image);
    let mut inputs = c.inputs.clone();
    let mut events = Vec::new();
    let steps = c.run.steps.unwrap();
    let mut spikes = 0u64;
    for t in 0..steps {
        inputs.events_at(t, &mut events);
        spikes += core.step(&events).spikes.len() as u64;
    }
    // Rate in mHz: spikes / (neurons * steps * dt); dt = 100 us.
    let mhz = spikes * 1_000_000_000 / (2000 * steps * c.run.dt_us.unwrap() as u64);
    println!("{spikes} spikes, {mhz} mHz");
    assert!((4000..6000).contains(&mhz), "{mhz} mHz");
}

#[test]
fn up5k_refuses_cuba_profiles_and_the_automatic_choice_skips_it() {
    // docs/model.md §1: up5k has no CUBA datapath. 100 x 100 all-to-all is 10000 synapses: more
    // than small's 4096, within up5k's 32768. The FLUX network lands on up5k, the same network with
    // a CUBA profile on the next preset that holds it, ulx3s; forced onto up5k it is refused at the profile (its name, line 2).
    let net = |kind: &str| {
        format!(
            "[[profile]]\nname = \"p\"\nkind = \"{kind}\"\n\
             [[population]]\nname = \"x\"\nsize = 100\nprofile = \"p\"\n\
             [[projection]]\nfrom = \"x\"\nto = \"x\"\nconnect = \"all_to_all\"\nweight = 1\n"
        )
    };
    let flux = compile_str(&net("flux"), "n", None).unwrap();
    assert!(flux.image.synapses.iter().filter(|&&w| w != 0).count() > 4096);
    assert_eq!(flux.image.preset, spec::UP5K);
    assert_eq!(
        compile_str(&net("cuba"), "n", None).unwrap().image.preset,
        spec::ULX3S
    );
    let e = compile_str(&net("cuba"), "n.toml", Some(spec::UP5K))
        .map(|_| ())
        .unwrap_err()
        .to_string();
    assert!(
        e.starts_with("n.toml:2:")
            && e.contains("profile \"p\" is kind \"cuba\" but preset up5k has no CUBA datapath"),
        "{e}"
    );
}

#[test]
fn names_that_are_not_printable_or_too_long_are_refused_quoted() {
    // A name holding a newline would forge a line of the error; a very long one made an 8 MB line
    // (issue 11). Refused where defined or referred to, quoted with escapes, cut after 80 characters.
    let net = |pop: &str, to: &str| {
        format!(
            "[[profile]]\nname = \"p\"\nkind = \"flux\"\n[[population]]\nname = \"{pop}\"\nsize = 2\nprofile = \"p\"\n\
             [[projection]]\nfrom = \"a\"\nto = \"{to}\"\nconnect = \"all_to_all\"\nweight = 1\n"
        )
    };
    assert_eq!(
        error_of(&net("a\\nerror: forged", "a")),
        "net.toml:5: population name \"a\\nerror: forged\" is not printable: a name may hold no control characters"
    );
    let e = error_of(&net("a", "a\\u0007"));
    assert_eq!(
        e,
        "net.toml:10: projection to \"a\\u{7}\" is not printable: a name may hold no control characters"
    );
    let long = "x".repeat(100_000);
    let e = error_of(&net(&long, "a"));
    assert_eq!(
        e,
        format!(
            "net.toml:5: population name \"{}…\" has 100000 characters, more than the 64 a name may have",
            "x".repeat(80)
        )
    );
    assert_eq!(e.lines().count(), 1);
    // 64 characters are fine.
    let ok = "y".repeat(64);
    compile_str(
        &net(&ok, &ok).replace("from = \"a\"", &format!("from = \"{ok}\"")),
        "n",
        None,
    )
    .unwrap();
    // An unknown preset is quoted the same way.
    assert_eq!(
        error_of("[core]\npreset = \"a\\nb\"\n"),
        "net.toml:2: unknown preset \"a\\nb\" (small, up5k, ulx3s, large or fit)"
    );
}

#[test]
fn a_population_too_large_for_the_preset_is_refused_before_synapses_are_made() {
    // 8,192 neurons on small (256): the neuron count is the problem, named before the 67 M synapses
    // of an all_to_all projection are counted or made (issue 11).
    let text = "[core]\npreset = \"small\"\n[[profile]]\nname = \"p\"\nkind = \"flux\"\n\
                [[population]]\nname = \"big\"\nsize = 8192\nprofile = \"p\"\n\
                [[projection]]\nfrom = \"big\"\nto = \"big\"\nconnect = \"all_to_all\"\nweight = 1\nallow_self = true\n";
    assert_eq!(
        error_of(text),
        "net.toml:7: population \"big\" (neurons 0..=8191) does not fit the 256 neurons of preset small (the network needs 8192)"
    );
    // The same for a preset given by the caller.
    let e = compile_str(
        &text.replace("preset = \"small\"", "preset = \"large\""),
        "net.toml",
        Some(SMALL),
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.contains("does not fit the 256 neurons of preset small"),
        "{e}"
    );
}

#[test]
fn run_probes_take_the_selectors_of_the_command_line() {
    // left is neurons 0..4, right 4..8: left[1] is 1, right[0..=1] is 4 and 5, 7 is 7.
    let net = |probes: &str| {
        format!(
            "[run]\nprobes = {probes}\n[[profile]]\nname = \"p\"\nkind = \"flux\"\n\
             [[population]]\nname = \"left\"\nsize = 4\nprofile = \"p\"\n\
             [[population]]\nname = \"right\"\nsize = 4\nprofile = \"p\"\n"
        )
    };
    let c = compile_str(
        &net(r#"["left[1]", "right[0..=1]", "7"]"#),
        "net.toml",
        None,
    )
    .unwrap();
    assert_eq!(c.run_probe_ids(), vec![1, 4, 5, 7]);
    let e = compile_str(&net(r#"["right[4]"]"#), "net.toml", None).unwrap_err();
    assert_eq!(
        e.to_string(),
        "net.toml:2: probe \"right[4]\": population right has 4 neurons (0..4)"
    );
    let e = compile_str(&net(r#"["middle"]"#), "net.toml", None).unwrap_err();
    assert!(e.to_string().contains("no population \"middle\""), "{e}");
}

#[test]
fn noise_widths_and_seed_land_in_their_registers() {
    // §3.1, §10: `noise_bits` of the k-th profile lands in bits 4k .. 4k + 4 of register
    // noise_bits; `[noise] seed` is register noise's starting state. Profiles 0 and 2 have k = 3
    // and 15, so noise_bits = 3 | 15 << 8 = 0xF03.
    let text = r#"
[core]
preset = "small"
[noise]
seed = 4000000000
[[profile]]
name = "a"
kind = "flux"
noise_bits = 3
[[profile]]
name = "b"
kind = "cuba"
[[profile]]
name = "c"
kind = "flux"
noise_bits = 15
[[population]]
name = "x"
size = 3
profile = "c"
"#;
    let net = compile_str(text, "net.toml", None).expect("compiles");
    assert_eq!(
        (net.image.noise, net.image.noise_bits),
        (4_000_000_000, 0xF03)
    );
    // Without [noise] the seed is 1 (a non-zero state: 0 would draw only zeros).
    let plain = text.replace("[noise]\nseed = 4000000000\n", "");
    let net = compile_str(&plain, "net.toml", None).expect("compiles");
    assert_eq!(net.image.noise, 1);
}

#[test]
fn noise_refusals_name_the_line_and_the_range() {
    let profile = |kind: &str, extra: &str| {
        format!(
            "[[profile]]\nname = \"p\"\nkind = \"{kind}\"\n{extra}[[population]]\nname = \"e\"\nsize = 1\nprofile = \"p\"\n"
        )
    };
    assert_eq!(
        error_of(&profile("flux", "noise_bits = 16\n")),
        "net.toml:4: profile \"p\" noise_bits 16 is outside 0..=15"
    );
    assert_eq!(
        error_of(&profile("flux", "noise_bits = -1\n")),
        "net.toml:4: profile \"p\" noise_bits -1 is outside 0..=15"
    );
    assert_eq!(
        error_of(&profile("cuba", "noise_bits = 2\n")),
        "net.toml:4: profile \"p\" (kind cuba) cannot have `noise_bits`: noise is part of the flux kind only (docs/model.md §3.1)"
    );
    assert_eq!(
        error_of(&format!("[noise]\nseed = 0\n{}", profile("flux", ""))),
        "net.toml:2: [noise] seed 0 is outside 1..=4294967295"
    );
    assert_eq!(
        error_of(&format!("[noise]\nsede = 3\n{}", profile("flux", ""))),
        "net.toml:2: unknown field `sede`, expected `seed`"
    );
    // The unknown-parameter message lists noise_bits among a FLUX profile's parameters.
    assert!(
        error_of(&profile("flux", "nosie_bits = 2\n")).ends_with("mod_relax, mod_gain, noise_bits"),
        "{}",
        error_of(&profile("flux", "nosie_bits = 2\n"))
    );
}

/// The spikes of `examples/noise.toml` (with its text changed by `edit`) in 2000 timesteps, as
/// their timesteps' phases against the beat (period 20, at t = 0, 20, ...).
fn noise_example_phases(edit: impl Fn(String) -> String) -> Vec<u64> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let text = edit(std::fs::read_to_string(root.join("examples/noise.toml")).unwrap());
    let c = compile_str(&text, "noise.toml", None).unwrap();
    let mut core = Core::new(&c.image);
    let mut inputs = c.inputs.clone();
    let mut events = Vec::new();
    let mut phases = Vec::new();
    for t in 0..2000 {
        inputs.events_at(t, &mut events);
        let r = core.step(&events);
        phases.extend(r.spikes.iter().map(|_| t % 20));
    }
    phases
}

#[test]
fn noise_example_fires_with_the_beat_only_with_noise() {
    // The numbers its comment derives: about 24 % of the 1,600 beat-neuron pairs fire (measured
    // 376 spikes), nearly all in the beat's own timestep (phase 0).
    let phases = noise_example_phases(|t| t);
    let on_beat = phases.iter().filter(|&&p| p == 0).count();
    assert_eq!((phases.len(), on_beat), (376, 368), "spikes, on the beat");
    assert!(phases.iter().all(|&p| p <= 2), "{phases:?}");
    // Without noise the beat (80) stays below the threshold (100): silence.
    let quiet = noise_example_phases(|t| t.replace("noise_bits = 6", "noise_bits = 0"));
    assert!(quiet.is_empty(), "{} spikes without noise", quiet.len());
    // Another seed: other spikes, the same statistics (within a few percent of 23.5 %).
    let other = noise_example_phases(|t| t.replace("seed = 2026", "seed = 7"));
    assert_ne!(other.len(), 0);
    assert!((300..=450).contains(&other.len()), "{} spikes", other.len());
}

/// An Izhikevich network of 100 neurons all-to-all (10,000 synapses: past small, within up5k).
fn izh_net(extra: &str) -> String {
    format!(
        "[[profile]]\nname = \"rs\"\nkind = \"izh\"\na = 0.02\nb = 0.2\nc = -65\nd = 8\ndt = 0.5\n{extra}\n\
         [[population]]\nname = \"x\"\nsize = 100\nprofile = \"rs\"\n\
         [[projection]]\nfrom = \"x\"\nto = \"x\"\nconnect = \"all_to_all\"\nweight = 1\n"
    )
}

#[test]
fn izh_profiles_compile_to_their_fields_and_up5k_refuses_them() {
    // docs/model.md §4.1: the fields are round(x * 2^frac) of the dt-scaled coefficients.
    let c = compile_str(&izh_net(""), "n", None).unwrap();
    // up5k has no Izhikevich datapath: the automatic choice skips it for ulx3s.
    assert_eq!(c.image.preset, spec::ULX3S);
    let p = flux_sim::neuron::IzhParams::from_word(c.image.profiles[0]);
    assert_eq!(
        spec::profile::KIND.get(c.image.profiles[0]),
        spec::profile::KIND_IZH
    );
    // k2 = 0.04 * 0.5 * 2^20 = 20971.52; k1 = 5 * 0.5 * 2^12; k0 = 140 * 0.5 * 2^7;
    // a = 0.02 * 0.5 * 2^16 = 655.36; ab = 0.02 * 0.2 * 0.25 * 2^20 = 1048.576; c = -65 * 4;
    // d = 8 * 0.5 * 2^11.
    assert_eq!(
        (p.k2, p.k1, p.k0, p.a, p.ab, p.ub, p.c, p.d, p.in_shift),
        (20972, 10240, 8960, 655, 1049, 0, -260, 8192, 0)
    );
    // Initial state by default: v = c = -65 mV (12 fraction bits), u * dt = b v dt (18).
    let s = c.image.state[0];
    assert_eq!(spec::state::V.get(s), -65 * 4096);
    assert_eq!(
        spec::state::U.get(s),
        (-65.0f64 * 0.2 * 0.5 * 262144.0).round() as i64
    );
    // Forced onto up5k: refused at the profile, naming the presets that have the datapath.
    let e = compile_str(&izh_net(""), "n.toml", Some(spec::UP5K))
        .map(|_| ())
        .unwrap_err()
        .to_string();
    assert!(
        e.starts_with("n.toml:2:")
            && e.contains("profile \"rs\" is kind \"izh\" but preset up5k has no Izhikevich datapath (small, ulx3s and large have one)"),
        "{e}"
    );
}

#[test]
fn izh_refusals_name_the_key_and_the_range() {
    let refused = |extra: &str, want: &str| {
        let text = izh_net(extra);
        let e = compile_str(&text, "n.toml", None)
            .map(|_| ())
            .unwrap_err()
            .to_string();
        assert!(e.contains(want), "{extra}: {e}");
    };
    refused("k3 = 1", "(kind izh) has no parameter `k3`");
    refused("in_shift = 8", "in_shift 8 is outside 0..=7");
    refused("u_leak = 1", "u_leak must be true or false");
    refused("k2 = \"x\"", "k2 must be a number");
    // k1 * dt = 20 * 0.5 = 10 is past the 16-bit field's 8 - 2^-12 (12 fraction bits).
    refused(
        "k1 = 20",
        "k1 * dt = 10 does not fit field k1 (-8 to 7.999755859375)",
    );
    let text = izh_net("").replace("dt = 0.5\n", "");
    let e = compile_str(&text, "n.toml", None)
        .map(|_| ())
        .unwrap_err()
        .to_string();
    assert!(e.contains("(kind izh) needs `dt`"), "{e}");
    let text = izh_net("").replace("size = 100\n", "size = 100\nv = 600\n");
    let e = compile_str(&text, "n.toml", None)
        .map(|_| ())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("v of neuron 0 (600) is outside -512..512 mV"),
        "{e}"
    );
}

#[test]
fn izhikevich_example_fast_spiking_neurons_fire_faster() {
    // examples/izhikevich.toml: 40 regular-spiking and 10 fast-spiking neurons under the same
    // thalamic drive. The fast-spiking ones (a = 0.1: a quick recovery, d = 2: little
    // adaptation) must fire more often per neuron than the adapting regular-spiking ones.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let text = std::fs::read_to_string(root.join("examples/izhikevich.toml")).unwrap();
    let c = compile_str(&text, "izhikevich.toml", None).unwrap();
    assert_eq!(c.image.preset, SMALL);
    let mut core = Core::new(&c.image);
    let mut inputs = c.inputs.clone();
    let mut events = Vec::new();
    let (mut rs, mut fs) = (0u64, 0u64);
    for t in 0..1000 {
        inputs.events_at(t, &mut events);
        for &n in core.step(&events).spikes {
            if n < 40 { rs += 1 } else { fs += 1 }
        }
    }
    println!("regular spiking {rs} spikes (40 neurons), fast spiking {fs} (10 neurons)");
    assert!(rs > 0 && fs * 40 > rs * 10 * 2, "rs {rs}, fs {fs}");
}

/// A Xylo layer of 8 inputs and 20 neurons (docs/model.md §4.2), `extra` appended to its profile
/// and `proj` to its projection.
fn xylo_net(extra: &str, proj: &str) -> String {
    format!(
        "[run]\ndt_us = 1000\n[[profile]]\nname = \"h\"\nkind = \"xylo\"\ndash_mem = 3\nv_th = 900\n{extra}\n\
         [[population]]\nname = \"x\"\nsize = 20\nprofile = \"h\"\n\
         [[input]]\nname = \"in\"\nkind = \"poisson\"\nchannels = 8\nrate_hz = 100\nseed = 1\n\
         [[projection]]\nfrom = \"in\"\nto = \"x\"\nconnect = \"all_to_all\"\nweight = -7\n\
         type = \"current\"\ncurrent = 2\nshift = 9\n{proj}\n"
    )
}

#[test]
fn xylo_profiles_and_current_synapses_compile_to_their_fields() {
    let c = compile_str(&xylo_net("", ""), "n", None).unwrap();
    // up5k has no Xylo datapath: the automatic choice skips it.
    assert_eq!(c.image.preset, SMALL);
    let (p, cap) = flux_sim::xylo::profile_params(c.image.profiles[0]);
    assert_eq!(
        spec::profile::KIND.get(c.image.profiles[0]),
        spec::profile::KIND_XYLO
    );
    // The keys given, the defaults (docs/model.md §10: dashes 0, bias 0, cap 31) for the rest.
    assert_eq!(
        (p.dash_mem, p.dash_syn, p.v_th, p.bias, cap),
        (3, [0, 0], 900, 0, 31)
    );
    // Current 2 is bit 0 of the stw field set; the shift in bits 1..5; type 3; delay 0.
    let w = u128::from(c.image.synapses[0]);
    let s = c.image.preset;
    assert_eq!(
        (
            s.syn_type().get(w),
            s.syn_current().get(w),
            s.syn_shift().get(w),
            s.syn_weight().get(w)
        ),
        (spec::syn_type::CURRENT, 1, 9, -7)
    );
    // -7 << 9 = -3584 per spike.
    assert_eq!(flux_sim::synapse::current_weight(&s, w as u64), -3584);
    // 100 neurons all-to-all (10,000 synapses: past small, within up5k): the automatic choice
    // skips up5k, which has no Xylo datapath, for ulx3s.
    let big = xylo_net("", "").replace("size = 20", "size = 100")
        + "[[projection]]\nfrom = \"x\"\nto = \"x\"\nconnect = \"all_to_all\"\nallow_self = true\n\
           weight = 1\ntype = \"current\"\n";
    let c = compile_str(&big, "n", None).unwrap();
    assert_eq!(c.image.preset, spec::ULX3S);
}

#[test]
fn xylo_refusals_name_the_rule() {
    let refused = |text: &str, preset: Option<spec::Preset>| {
        compile_str(text, "n.toml", preset)
            .map(|_| ())
            .unwrap_err()
            .to_string()
    };
    let e = refused(&xylo_net("", ""), Some(spec::UP5K));
    assert!(
        e.contains("profile \"h\" is kind \"xylo\" but preset up5k has no Xylo datapath"),
        "{e}"
    );
    let e = refused(&xylo_net("v_th = 0", "").replace("v_th = 900\n", ""), None);
    assert!(
        e.contains("profile \"h\" v_th 0 is outside 1..=32767"),
        "{e}"
    );
    let e = refused(&xylo_net("cap = 32", ""), None);
    assert!(e.contains("profile \"h\" cap 32 does not fit"), "{e}");
    let e = refused(&xylo_net("noise_bits = 3", ""), None);
    assert!(e.contains("(kind xylo) cannot have `noise_bits`"), "{e}");
    let e = refused(&xylo_net("", "delay = 1"), None);
    assert!(
        e.contains("is type current with delay 1: Xylo synapses have no delay"),
        "{e}"
    );
    let e = refused(&xylo_net("", "").replace("shift = 9", "shift = 16"), None);
    assert!(e.contains("shift 16"), "{e}");
    let e = refused(
        &xylo_net("", "").replace("current = 2", "current = 3"),
        None,
    );
    assert!(e.contains("current 3"), "{e}");
    let e = refused(
        &xylo_net("", "").replace("type = \"current\"\ncurrent = 2\nshift = 9\n", ""),
        None,
    );
    assert!(
        e.contains("goes to Xylo population \"x\": it needs type = \"current\""),
        "{e}"
    );
    let flux = xylo_net("", "").replace(
        "kind = \"xylo\"\ndash_mem = 3\nv_th = 900",
        "kind = \"flux\"",
    );
    let e = refused(&flux, None);
    assert!(
        e.contains("is type current, which only Xylo populations take"),
        "{e}"
    );
}

#[test]
fn fixed_probability_beyond_any_core_is_refused() {
    // 4097 x 4097 pairs with p = 1 (self pairs allowed): 16,785,409 synapses, above the 2^24 =
    // 16,777,216 any core holds; the draws stop collecting at one past the limit.
    let text = "[[profile]]\nname = \"p\"\nkind = \"flux\"\n[[population]]\nname = \"x\"\nsize = 4097\nprofile = \"p\"\n\
                [[projection]]\nfrom = \"x\"\nto = \"x\"\nallow_self = true\nconnect = { fixed_probability = 1.0, seed = 7 }\nweight = 1\n";
    assert_eq!(
        error_of(text),
        "net.toml:12: projection \"x->x\" makes more than the 16777216 synapses any core can hold"
    );
    // 4096 x 4096 = 2^24 exactly is not refused by the projection; the network is then too big for
    // every shipped preset, which the next check says.
    let e = error_of(&text.replace("size = 4097", "size = 4096"));
    assert!(
        e.starts_with("net.toml:12: projection \"x->x\" brings the network to 16777216 synapses; "),
        "{e}"
    );
}
