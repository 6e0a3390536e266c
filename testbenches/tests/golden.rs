//! Golden traces of the examples (`testbenches/golden/*.snap`): the model must still produce them,
//! and the RTL must reproduce them. They are insta snapshots, like the model's own in
//! `sim/tests/snapshots/` (one golden mechanism, issue 11): a change shows as a diff and is accepted
//! only after review, with `cargo insta review` or
//! `INSTA_UPDATE=always cargo test -p flux-testbenches --test golden`.

mod common;

use std::path::PathBuf;

use flux_sim::compile::Compiled;
use flux_sim::spec::{LARGE, Preset, SMALL};
use flux_sim::trace::{Recorder, Trace, header_for};
use flux_testbenches::golden;

struct Scenario {
    network: &'static str,
    preset: Preset,
    steps: u64,
    /// Probed neurons; `None`: the file's `[run] probes`.
    probes: Option<&'static [u32]>,
}

/// Where the golden snapshots live, and the name of a scenario's.
fn golden(s: &Scenario) -> (PathBuf, String) {
    let stem = s.network.trim_end_matches(".toml");
    (
        common::workspace().join("testbenches/golden"),
        format!("{stem}_{}", s.preset.name),
    )
}

fn model_trace(s: &Scenario, compiled: &Compiled) -> Trace {
    let probes: Vec<u32> = match s.probes {
        Some(p) => p.to_vec(),
        None => compiled.run_probe_ids(),
    };
    let header = header_for(compiled, s.network, &probes);
    let mut recorder = Recorder::new(compiled, &probes);
    let records = (0..s.steps).map(|_| recorder.step()).collect();
    Trace { header, records }
}

fn check(s: &Scenario) {
    let compiled = common::example(s.network, s.preset);
    let (dir, name) = golden(s);
    let model = model_trace(s, &compiled);
    // The model's trace must be the stored one, byte for byte; then the RTL must reproduce it.
    insta::with_settings!({
        snapshot_path => dir.clone(),
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!(name.clone(), model.to_text());
    });
    let stored = model;
    let path = dir.join(format!("{name}.snap"));
    let spikes: usize = stored.records.iter().map(|r| r.spikes.len()).sum();
    let build = common::core_build(s.preset);
    let n = golden::replay(&build, &compiled, &stored)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    eprintln!(
        "{}: RTL reproduces {n} records, {spikes} spikes",
        path.display()
    );
    assert_eq!(n, s.steps);
}

#[test]
fn cpg_small_golden() {
    // 400 timesteps: almost five periods of the unmodulated rhythm (82 timesteps).
    check(&Scenario {
        network: "cpg.toml",
        preset: SMALL,
        steps: 400,
        probes: None,
    });
}

#[test]
fn cuba_large_golden() {
    // A few neurons at the edges of each population (exc 0..1600, inh 1600..2000).
    check(&Scenario {
        network: "cuba.toml",
        preset: LARGE,
        steps: 400,
        probes: Some(&[0, 1, 1599, 1600, 1999]),
    });
}

#[test]
fn learn_small_golden() {
    // examples/learn.toml with learning on: 600 timesteps, 15 repeats of the hidden pattern (every
    // 40 timesteps). The RTL replays it with its own learning unit changing the weights, so a
    // drift in any learned weight shows up in the detector's spikes or state (issue 11).
    check(&Scenario {
        network: "learn.toml",
        preset: SMALL,
        steps: 600,
        probes: None,
    });
}
