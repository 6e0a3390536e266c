//! The plain SystemVerilog testbench of `embed/` (issue 12), run as a user runs it: `flux image`
//! writes an image and a model run of `examples/cpg.toml`, and `embed/flux_embed_tb.sv` loads it
//! into the committed core of `rtl-out/` through the configuration port, runs it and compares every
//! spike, under Icarus Verilog and under `verilator --binary`, without Rust in the loop. `small`
//! and `up5k` (whose synapse memory is the SPRAM of the iCE40 build, loaded only this way).
//!
//! A missing `iverilog`, `vvp` or `verilator` fails the test (`.ci/setup` installs them) unless
//! `FLUX_ALLOW_MISSING_TOOLS=1`.

use std::fs;
use std::path::{Path, PathBuf};

use flux_sim::spec::Preset;
use flux_testbenches::block::tool;

mod common;
use common::{example, flux, path, stderr};

/// 1100 timesteps: cpg's input channel spikes in every timestep from t = 1000 (`examples/cpg.toml`),
/// so the run feeds 100 events through `aer_in_*` as well as the 1000 timesteps without input.
const STEPS: u64 = 1100;

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// `flux image examples/cpg.toml --preset P --steps STEPS --out dir/image`.
fn image(preset: &Preset, dir: &Path) -> PathBuf {
    let out = dir.join("image");
    let steps = STEPS.to_string();
    let o = flux(&[
        "image",
        &example("cpg.toml"),
        "--preset",
        preset.name,
        "--steps",
        &steps,
        "--out",
        path(&out),
    ]);
    assert!(o.status.success(), "flux image failed: {}", stderr(&o));
    out
}

/// Spikes the model computes for the run, from `flux_sim` directly (not from the file under test).
fn model_spikes(preset: &Preset) -> u64 {
    let compiled =
        flux_sim::compile::compile_file(Path::new(&example("cpg.toml")), Some(*preset)).unwrap();
    let mut core = flux_sim::core::Core::new(&compiled.image);
    let mut inputs = compiled.inputs;
    let mut events = Vec::new();
    let mut spikes = 0;
    for t in 0..STEPS {
        inputs.events_at(t, &mut events);
        spikes += core.step(&events).spikes.len() as u64;
    }
    spikes
}

/// The sources of the testbench for `preset`: the testbench, the example top and the core.
fn sources(preset: &Preset) -> Vec<String> {
    [
        "embed/flux_embed_tb.sv".to_string(),
        "embed/flux_embed_top.sv".to_string(),
        format!("rtl-out/flux_core_{}.v", preset.name),
    ]
    .iter()
    .map(|f| repo(f).display().to_string())
    .collect()
}

/// The ring words the example top clears: D x N of the preset (`docs/core_interface.md`).
fn ring_words(preset: &Preset) -> u32 {
    preset.delay_slots * preset.neurons
}

/// Compiles the testbench with iverilog; `None` if iverilog is missing and allowed to be.
fn iverilog(preset: &Preset, dir: &Path) -> Option<PathBuf> {
    let vvp = dir.join("tb.vvp");
    let define = format!("-DFLUX_CORE=flux_core_{}", preset.name);
    let ring = format!("-Pflux_embed_tb.RING_WORDS={}", ring_words(preset));
    let mut args = vec!["-g2012", &define, &ring, "-o", path(&vvp)];
    let sources = sources(preset);
    args.extend(sources.iter().map(String::as_str));
    let (ok, out) = tool("iverilog", &args)?;
    assert!(ok, "iverilog failed:\n{out}");
    Some(vvp)
}

/// Builds the testbench with `verilator --binary` (`--timing` is part of it in Verilator 5) and
/// `--x-initial unique`, so that `+verilator+rand+reset+2` starts every memory random: the run
/// then also checks that the example top leaves nothing to the simulator's power-up zeros but
/// what the core relies on (`docs/core_interface.md`, "Power-up state").
fn verilator(preset: &Preset, dir: &Path) -> Option<PathBuf> {
    let mdir = dir.join("obj_dir");
    let define = format!("-DFLUX_CORE=flux_core_{}", preset.name);
    let ring = format!("-GRING_WORDS={}", ring_words(preset));
    let mut args = vec![
        "--binary",
        "-j",
        "2",
        "-Wno-fatal",
        "-Wno-lint",
        "-Wno-style",
        "--x-initial",
        "unique",
        &define,
        &ring,
        "--top-module",
        "flux_embed_tb",
        "--Mdir",
        path(&mdir),
    ];
    let sources = sources(preset);
    args.extend(sources.iter().map(String::as_str));
    let (ok, out) = tool("verilator", &args)?;
    assert!(ok, "verilator failed:\n{out}");
    Some(mdir.join("Vflux_embed_tb"))
}

/// Runs a testbench (`vvp FILE` or the Verilated binary) with `args`: success and output.
fn run(program: &str, args: &[&str]) -> (bool, String) {
    tool(program, args).expect("the simulator was just built, so its runner exists")
}

/// Runs the testbench on `image` and on a copy of it whose first expected spike at timestep
/// `corrupt_from` or later is corrupted, and checks both verdicts.
fn check(
    preset: &Preset,
    sim: &str,
    runner: &[&str],
    image: &Path,
    dir: &Path,
    spikes: u64,
    corrupt_from: u32,
) {
    let image_arg = format!("+image={}", image.display());
    let args = |extra: &[&str]| -> Vec<String> {
        runner[1..]
            .iter()
            .chain([image_arg.as_str()].iter())
            .chain(extra.iter())
            .map(|s| s.to_string())
            .collect()
    };
    let random = ["+verilator+rand+reset+2", "+verilator+seed+12"];
    let extra: &[&str] = if sim == "verilator" { &random } else { &[] };
    let good = args(extra);
    let (ok, out) = run(
        runner[0],
        &good.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    let pass = format!(
        "PASS: {STEPS} timesteps, {spikes} spikes match {}/expected.hex",
        image.display()
    );
    assert!(
        ok && out.contains(&pass),
        "{} under {sim}:\n{out}",
        preset.name
    );

    // Neuron 200 is none of cpg's 16, so the testbench must stop at that timestep, naming both
    // neurons.
    let text = fs::read_to_string(image.join("expected.hex")).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let k = lines
        .iter()
        .position(|l| u32::from_str_radix(&l[..8], 16).unwrap() >= corrupt_from)
        .unwrap();
    let t = u32::from_str_radix(&lines[k][..8], 16).unwrap();
    let neuron = u32::from_str_radix(&lines[k][8..], 16).unwrap();
    assert!(neuron < 16, "{}", lines[k]);
    lines[k] = format!("{t:08x}{:04x}", 200);
    let corrupt = dir.join(format!("corrupt-{sim}.hex"));
    fs::write(&corrupt, lines.join("\n") + "\n").unwrap();
    let expected_arg = format!("+expected={}", corrupt.display());
    let bad = args(&[extra, &[expected_arg.as_str()]].concat());
    let (ok, out) = run(
        runner[0],
        &bad.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    let mismatch = format!("MISMATCH: timestep {t}: expected neuron 200, got neuron {neuron}");
    assert!(
        !ok && out.contains(&mismatch),
        "{} under {sim}: want a failure with {mismatch:?}:\n{out}",
        preset.name
    );
    assert!(!out.contains("PASS"), "{out}");
}

fn embed_runs(preset: &Preset) {
    let dir = tempfile::tempdir().unwrap();
    let image = image(preset, dir.path());
    let spikes = model_spikes(preset);
    assert!(spikes > 0);
    let start = std::time::Instant::now();
    if let Some(vvp) = iverilog(preset, dir.path()) {
        // The corrupted run fails at the first spike (t = 0): Icarus runs about 5,000 cycles per
        // second here, so a failure late in the run would cost as much as the run itself.
        let runner = ["vvp", "-n", path(&vvp)];
        check(preset, "iverilog", &runner, &image, dir.path(), spikes, 0);
        println!(
            "{}: iverilog {:.1} s",
            preset.name,
            start.elapsed().as_secs_f64()
        );
    }
    let start = std::time::Instant::now();
    if let Some(binary) = verilator(preset, dir.path()) {
        // The first spike of the modulated part of the run (t >= 1000), after channel events.
        let runner = [path(&binary)];
        check(
            preset,
            "verilator",
            &runner,
            &image,
            dir.path(),
            spikes,
            1000,
        );
        println!(
            "{}: verilator {:.1} s",
            preset.name,
            start.elapsed().as_secs_f64()
        );
    }
}

#[test]
fn embed_testbench_runs_small() {
    embed_runs(&flux_sim::spec::SMALL);
}

#[test]
fn embed_testbench_runs_up5k() {
    embed_runs(&flux_sim::spec::UP5K);
}
