//! Golden traces of the examples (`testbenches/golden/*.jsonl`): the model must still produce them,
//! and the RTL must reproduce them. They change only through an explicit update, after review:
//! `FLUX_UPDATE_GOLDEN=1 cargo test -p flux-testbenches --test golden`.

mod common;

use std::path::PathBuf;

use flux_sim::compile::Compiled;
use flux_sim::spec::{LARGE, Preset, SMALL};
use flux_sim::trace::{self, Recorder, Trace, header_for};
use flux_testbenches::golden;

struct Scenario {
    network: &'static str,
    preset: Preset,
    steps: u64,
    /// Probed neurons; `None`: the file's `[run] probes`.
    probes: Option<&'static [u32]>,
}

fn golden_path(s: &Scenario) -> PathBuf {
    let stem = s.network.trim_end_matches(".toml");
    common::workspace()
        .join("testbenches/golden")
        .join(format!("{stem}_{}.jsonl", s.preset.name))
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
    let path = golden_path(s);
    let model = model_trace(s, &compiled);
    if std::env::var_os("FLUX_UPDATE_GOLDEN").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, model.to_text()).unwrap();
        eprintln!("updated {}", path.display());
    }
    let stored = Trace::read(&path).unwrap_or_else(|e| {
        panic!("{e}\n(create it after review with FLUX_UPDATE_GOLDEN=1 cargo test -p flux-testbenches --test golden)")
    });
    assert_eq!(
        stored.header,
        model.header,
        "{}: header changed",
        path.display()
    );
    assert_eq!(
        stored.records.len(),
        model.records.len(),
        "{}: length changed",
        path.display()
    );
    if let Some(d) = stored
        .records
        .iter()
        .zip(&model.records)
        .find_map(|(a, b)| trace::first_difference(a, b))
    {
        panic!(
            "{}: the model no longer reproduces the golden trace (A = golden, B = model): {d}\n\
             if the change is intended, review it and update with FLUX_UPDATE_GOLDEN=1",
            path.display()
        );
    }
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
