//! `flux estimate` as a user runs it: its figures agree with the model's trace and with each other,
//! it names the inputs the board makes on the chip, and a baud rate the board clock cannot make is
//! refused in one line.

mod common;

use common::{example, flux, path, stderr, stdout};

/// The number after `key` in the line that starts with `label`.
fn figure(out: &str, label: &str, key: &str) -> f64 {
    let line = out
        .lines()
        .find(|l| l.starts_with(label))
        .unwrap_or_else(|| panic!("no {label:?} line in\n{out}"));
    let before = &line[..line
        .find(key)
        .unwrap_or_else(|| panic!("no {key:?} in {line:?}"))];
    let word = before.split_whitespace().last().unwrap();
    word.trim_start_matches('(')
        .parse()
        .unwrap_or_else(|e| panic!("{word:?} in {line:?}: {e}"))
}

/// `flux estimate NET --board icebreaker <extra>`, which must succeed: its output.
fn estimate_on_icebreaker(net: &str, extra: &[&str]) -> String {
    let mut args = vec!["estimate", net, "--board", "icebreaker"];
    args.extend_from_slice(extra);
    let out = flux(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
}

#[test]
fn the_estimate_agrees_with_the_model_trace_and_adds_up() {
    let dir = tempfile::tempdir().unwrap();
    let trace = dir.path().join("cpg.jsonl");
    let cpg = example("cpg.toml");
    let sim = flux(&["sim", &cpg, "--steps", "300", "--trace", path(&trace)]);
    assert!(sim.status.success(), "{}", stderr(&sim));
    let records: Vec<serde_json::Value> = std::fs::read_to_string(&trace)
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), 300);
    let cycles: u64 = records.iter().map(|r| r["cycles"].as_u64().unwrap()).sum();

    // `flux estimate` of cpg's 300 timesteps on the iCEBreaker, probing `probes`.
    let estimate = |probes: &str| {
        let out = flux(&[
            "estimate",
            &cpg,
            "--board",
            "icebreaker",
            "--steps",
            "300",
            "--probe",
            probes,
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
        stdout(&out)
    };
    let out = estimate("left[0]");
    println!("{out}");
    let per_step = figure(&out, "core:", "cycles per timestep");
    assert!(
        (per_step - cycles as f64 / 300.0).abs() < 0.05,
        "{per_step} vs {cycles}/300"
    );
    // 12 MHz: microseconds per timestep are cycles / 12.
    let us = figure(&out, "core:", "us per timestep");
    assert!((us - per_step / 12.0).abs() < 0.01, "{us}");
    // Each probe read every timestep: a READ frame (26 bytes) and its DATA reply (23) more per
    // timestep than one probe fewer. Without probes the run streams, cheaper than stepping.
    let probed = figure(&out, "link, probed:", "bytes per timestep");
    let probed_two = figure(
        &estimate("left[0],right[0]"),
        "link, probed:",
        "bytes per timestep",
    );
    assert!(
        (probed_two - probed - 49.0).abs() < 0.05,
        "{probed_two} {probed}"
    );
    let spikes_only = figure(&out, "link, spikes:", "bytes per timestep");
    assert!(spikes_only < probed - 49.0, "{spikes_only} {probed}");
    // End to end: the line time (10 bits per byte at 12 MHz / 104) plus the core time and the
    // walk of the board's input generators (cpg's `small` board draws its modulator on the chip).
    let baud = 12e6 / 104.0;
    let rate = figure(&out, "link, spikes:", "timesteps/s end to end");
    let walk = figure(
        &out,
        "generators:",
        "board cycles per timestep for the walk",
    );
    assert_eq!(walk, 4.0, "one entry: 2 + 2 cycles");
    let want = 1.0 / (spikes_only * 10.0 / baud + (us + walk / 12.0) * 1e-6);
    assert!((rate - want).abs() / want < 0.01, "{rate} vs {want}");
    let ms = figure(&out, "link, spikes:", "ms per timestep");
    // (bytes per timestep are printed to 0.005: 0.005 * 10 / baud is 0.00043 ms)
    assert!((ms - spikes_only * 10.0 / baud * 1e3).abs() < 0.005, "{ms}");

    // `--host-inputs`: no generators, and cpg's modulator (from t = 1000) as EVENTs: over 2,000
    // timesteps an EVENT (26 bytes) and its ACK (7) per timestep of its second half more, and a
    // RUN per timestep instead of long ones.
    let chip = estimate_on_icebreaker(&cpg, &[]);
    let host = estimate_on_icebreaker(&cpg, &["--host-inputs"]);
    assert!(chip.contains("generators:   channels 0..1"), "{chip}");
    assert!(!host.contains("generators:"), "{host}");
    let bytes = |out: &str| figure(out, "link, spikes:", "bytes per timestep");
    assert!(bytes(&host) > bytes(&chip) + 33.0 / 2.0, "{host}{chip}");
}

#[test]
fn a_baud_rate_the_clock_cannot_make_is_refused() {
    // 12 MHz / 2.5 Mbaud: 5 clocks per bit, 2.4 Mbaud; the iCE40 build has no PLL plan.
    let out = flux(&[
        "estimate",
        &example("cpg.toml"),
        "--board",
        "icebreaker",
        "--baud",
        "2500000",
    ]);
    let err = stderr(&out);
    assert!(!out.status.success());
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("--baud 2500000 does not fit the 12 MHz board clock"),
        "{err}"
    );
    assert!(err.contains("40 per mille"), "{err}");
    // cpg's estimate for 20 timesteps at 3 Mbaud on `board`, with `extra` arguments.
    let at_3_mbaud = |board: &str, extra: &[&str]| {
        let cpg = example("cpg.toml");
        let mut args = vec!["estimate", &cpg, "--board", board];
        args.extend(["--baud", "3000000", "--steps", "20"]);
        args.extend(extra);
        let out = flux(&args);
        assert!(out.status.success(), "{}", stderr(&out));
        stdout(&out)
    };
    // The ULX3S's 25 MHz cannot make 3 Mbaud (41 per mille); with the oscillator as the ceiling
    // `flux fpga build` clocks it from the PLL at 20.833 MHz, 7 clocks per bit, and the estimate
    // follows.
    let text = at_3_mbaud("ulx3s", &["--clock-mhz", "25"]);
    assert!(text.contains("ulx3s at 20.8333 MHz"), "{text}");
    assert!(
        text.contains("(7 clocks per bit, 2976190 baud on the line)"),
        "{text}"
    );
    // The iCEBreaker's 12 MHz makes 3 Mbaud exactly (4 clocks per bit).
    let at_12 = at_3_mbaud("icebreaker", &[]);
    assert!(at_12.contains("(4 clocks per bit, 3000000 baud on the line)"));
    // `--clock-mhz 21`, as `flux fpga build --clock-mhz 21`: the iCEBreaker's PLL makes 21 MHz,
    // 7 clocks per bit, and the core's time per timestep shrinks by 12 / 21.
    let at_21 = at_3_mbaud("icebreaker", &["--clock-mhz", "21"]);
    assert!(at_21.contains("icebreaker at 21 MHz"), "{at_21}");
    assert!(
        at_21.contains("(7 clocks per bit, 3000000 baud on the line)"),
        "{at_21}"
    );
    let us = |text: &str| figure(text, "core:", "us per timestep");
    assert!(
        (us(&at_21) - us(&at_12) * 12.0 / 21.0).abs() < 0.01,
        "{at_12}{at_21}"
    );
    // Without --clock-mhz, as `flux fpga build`: the clock each shipped board top was measured to
    // close timing under (`board::CLOSED_CLOCKS`), `up5k` at 21 MHz and `ulx3s` at 35.714 MHz;
    // on the iCEBreaker cpg's own preset, `small`, has none and stays at the oscillator (above),
    // and on the ULX3S it has one, 36 MHz, as `ulx3s`.
    let small = at_3_mbaud("ulx3s", &[]);
    assert!(small.contains("on core small"), "{small}");
    assert!(
        small.contains("ulx3s at 35.7143 MHz; UART 3000000 baud (12 clocks per bit"),
        "{small}"
    );
    let up5k = at_3_mbaud("icebreaker", &["--preset", "up5k"]);
    assert!(up5k.contains("on core up5k"), "{up5k}");
    assert!(
        up5k.contains("icebreaker at 21 MHz; UART 3000000 baud (7 clocks per bit"),
        "{up5k}"
    );
    let ulx3s = at_3_mbaud("ulx3s", &["--preset", "ulx3s"]);
    assert!(
        ulx3s.contains("ulx3s at 35.7143 MHz; UART 3000000 baud (12 clocks per bit"),
        "{ulx3s}"
    );
}

/// A network whose every input can run on the chip (`testbenches/tests/fixtures/lists.toml`:
/// spike lists, delta coding, Poisson and a finite injection): on a board with the generators'
/// list memory and schedule the host sends no event and the estimate says what went where; on
/// `up5k`, without them, only the Poisson channels (6 and 7, the suffix) are on the chip and the
/// rest are `EVENT`s.
#[test]
fn the_estimate_names_the_inputs_on_the_list_memory_and_the_schedule() {
    let net = format!(
        "{}/testbenches/tests/fixtures/lists.toml",
        env!("CARGO_MANIFEST_DIR")
    );
    let lists = estimate_on_icebreaker(&net, &[]);
    assert!(
        lists.contains(
            "generators:   channels 0..8 on the board's input generators and 40 current \
             injections on their schedule"
        ),
        "{lists}"
    );
    assert_eq!(figure(&lists, "traffic:", "events and"), 0.0, "{lists}");
    let up5k = estimate_on_icebreaker(&net, &["--preset", "up5k"]);
    assert!(
        up5k.contains("generators:   channels 6..8 on the board's input generators:"),
        "{up5k}"
    );
    assert!(figure(&up5k, "traffic:", "events and") > 0.0, "{up5k}");
}
