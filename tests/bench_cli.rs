//! `flux bench`, run as a user runs it: its JSON line must report what the model does (spikes and
//! synaptic events counted independently here with `flux_sim`), and its rates must follow from its
//! own counts and times.

use std::path::Path;

use flux_sim::compile::compile_file;
use flux_sim::core::Core;
use serde_json::Value;

mod common;
use common::{example, flux};

/// Spikes and synapse words streamed in the first `steps` timesteps, straight from the engine.
fn model_counts(path: &str, steps: u64) -> (u64, u64) {
    let compiled = compile_file(Path::new(path), None).expect("the example compiles");
    let mut core = Core::new(&compiled.image);
    let mut inputs = compiled.inputs.clone();
    let mut events = Vec::new();
    let (mut spikes, mut synapses) = (0, 0);
    for t in 0..steps {
        inputs.events_at(t, &mut events);
        let report = core.step(&events);
        spikes += report.spikes.len() as u64;
        synapses += report.work.synapses;
    }
    (spikes, synapses)
}

#[test]
fn json_reports_the_model_run_and_consistent_rates() {
    let path = example("cuba.toml");
    let steps = 1500;
    let out = flux(&[
        "bench",
        &path,
        "--steps",
        &steps.to_string(),
        "--repeat",
        "2",
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert_eq!(text.lines().count(), 1, "one JSON line: {text}");
    let j: Value = serde_json::from_str(&text).expect("valid JSON");

    let (spikes, synapses) = model_counts(&path, steps);
    assert!(spikes > 0 && synapses > 0, "the example is active");
    assert_eq!(j["spikes"], spikes);
    assert_eq!(j["synaptic_events"], synapses);
    assert_eq!(j["steps"], steps);
    assert_eq!(
        j["neurons"], 2000,
        "examples/cuba.toml has 1,600 + 400 neurons"
    );

    let all: Vec<f64> = j["run_seconds_all"]
        .as_array()
        .expect("an array")
        .iter()
        .map(|v| v.as_f64().expect("seconds"))
        .collect();
    assert_eq!(all.len(), 2, "one wall time per repeat");
    let wall = j["run_seconds"].as_f64().expect("seconds");
    assert_eq!(wall, all.iter().copied().fold(f64::INFINITY, f64::min));
    // updates/s = steps * neurons / fastest wall time; events/s = synaptic events / the same.
    let updates = j["neuron_updates_per_s"].as_f64().expect("rate");
    assert!((updates * wall / (steps as f64 * 2000.0) - 1.0).abs() < 1e-9);
    let events = j["synaptic_events_per_s"].as_f64().expect("rate");
    assert!((events * wall / synapses as f64 - 1.0).abs() < 1e-9);
    // 1,500 timesteps of 100 us = 0.15 s.
    let rate = j["mean_rate_hz"].as_f64().expect("the file gives dt_us");
    assert!((rate - spikes as f64 / 2000.0 / 0.15).abs() < 1e-9);
}

#[test]
fn refuses_zero_repeats_and_a_file_without_steps() {
    let out = flux(&["bench", &example("cuba.toml"), "--repeat", "0"]);
    assert!(!out.status.success());

    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("no_steps.toml");
    std::fs::write(
        &file,
        "[[profile]]\nname = \"a\"\nkind = \"flux\"\n\n\
         [[population]]\nname = \"p\"\nsize = 1\nprofile = \"a\"\n",
    )
    .expect("write");
    let out = flux(&["bench", &file.display().to_string()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no [run] steps"), "{err}");
}
