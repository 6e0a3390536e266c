//! `flux cosim --trace` and `flux run --out` (issue 10): the RTL's own trace diffs identical with
//! the model's, and `flux run` writes where it is told, relative to the current directory.

mod common;

use common::{example, flux, path, stderr, stdout};

#[test]
fn the_rtl_trace_of_cosim_is_the_model_trace() {
    let dir = tempfile::tempdir().unwrap();
    let rtl = dir.path().join("rtl.jsonl");
    let model = dir.path().join("model.jsonl");
    let o = flux(&[
        "cosim",
        &example("cpg.toml"),
        "--steps",
        "300",
        "--trace",
        path(&rtl),
        "--probe",
        "left[0]",
        "--probe",
        "right[2]",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = flux(&[
        "sim",
        &example("cpg.toml"),
        "--steps",
        "300",
        "--trace",
        path(&model),
        "--probe",
        "left[0],right[2]",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = flux(&["diff", path(&model), path(&rtl)]);
    assert_eq!(stdout(&o), "identical (300 timesteps)\n");
    // A whole trace: the header and one record per timestep, probes named.
    let text = std::fs::read_to_string(&rtl).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 301);
    assert!(lines[0].contains("\"name\":\"right[2]\""));
}

#[test]
fn run_writes_into_out_relative_to_the_current_directory() {
    let dir = tempfile::tempdir().unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_flux"))
        .args([
            "run",
            &example("cpg.toml"),
            "--steps",
            "100",
            "--out",
            "mine",
        ])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    for f in ["trace.jsonl", "raster.svg"] {
        assert!(dir.path().join("mine").join(f).is_file(), "{f}");
    }
    // Without --out: target/flux-run/<network>/ under the current directory.
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_flux"))
        .args(["run", &example("cpg.toml"), "--steps", "100"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(dir.path().join("target/flux-run/cpg/trace.jsonl").is_file());
}
