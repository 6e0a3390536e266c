//! The plain SystemVerilog testbench of `embed/` (issue 12), run as a user runs it: `flux image`
//! writes an image and a model run, and `embed/flux_embed_tb.sv` loads it into the committed core
//! of `rtl-out/` through the configuration port, runs it and compares every spike, under Icarus
//! Verilog and under `verilator --binary`, without Rust in the loop: `examples/cpg.toml` on `small`
//! and on `up5k` (whose synapse memory is the SPRAM of the iCE40 build, loaded only this way), and
//! `tests/fixtures/embed_inputs.toml` (current injections of both signs beside channel spikes) on
//! `small`.
//!
//! A missing `iverilog`, `vvp` or `verilator` fails the test (`.ci/setup` installs them) unless
//! `FLUX_ALLOW_MISSING_TOOLS=1`.

use std::fs;
use std::path::{Path, PathBuf};

use flux_sim::spec::Preset;
use flux_testbenches::block::tool;

mod common;
use common::{example, flux, path, stderr};

/// A network and the run the testbench checks.
struct Run {
    network: PathBuf,
    steps: u64,
    /// Under Verilator, the corrupted expected spike is the first at this timestep or later.
    corrupt_from: u32,
}

/// cpg for 1100 timesteps: its input channel spikes in every timestep from t = 1000
/// (`examples/cpg.toml`), so the run feeds 100 events through `aer_in_*` besides the 1000
/// timesteps without input; the corrupted spike is the first of that part.
fn cpg() -> Run {
    Run {
        network: PathBuf::from(example("cpg.toml")),
        steps: 1100,
        corrupt_from: 1000,
    }
}

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// `flux image NET --preset P --steps N --out dir/image`.
fn image(preset: &Preset, run: &Run, dir: &Path) -> PathBuf {
    let out = dir.join("image");
    let steps = run.steps.to_string();
    let o = flux(&[
        "image",
        path(&run.network),
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
fn model_spikes(preset: &Preset, run: &Run) -> u64 {
    let compiled = flux_sim::compile::compile_file(&run.network, Some(*preset)).unwrap();
    let mut core = flux_sim::core::Core::new(&compiled.image);
    let mut inputs = compiled.inputs;
    let mut events = Vec::new();
    let mut spikes = 0;
    for t in 0..run.steps {
        inputs.events_at(t, &mut events);
        spikes += core.step(&events).spikes.len() as u64;
    }
    spikes
}

/// The testbench and the example top.
fn testbench() -> Vec<String> {
    ["embed/flux_embed_tb.sv", "embed/flux_embed_top.sv"]
        .iter()
        .map(|f| repo(f).display().to_string())
        .collect()
}

/// The sources of the testbench for `preset`: the testbench, the example top and the core.
fn sources(preset: &Preset) -> Vec<String> {
    let core = repo(&format!("rtl-out/flux_core_{}.v", preset.name));
    let mut sources = testbench();
    sources.push(core.display().to_string());
    sources
}

/// Compiles the testbench with iverilog; `None` if iverilog is missing and allowed to be.
fn iverilog(preset: &Preset, dir: &Path) -> Option<PathBuf> {
    let vvp = dir.join("tb.vvp");
    let define = format!("-DFLUX_CORE=flux_core_{}", preset.name);
    let mut args = vec!["-g2012", &define, "-o", path(&vvp)];
    let sources = sources(preset);
    args.extend(sources.iter().map(String::as_str));
    let (ok, out) = tool("iverilog", &args)?;
    assert!(ok, "iverilog failed:\n{out}");
    Some(vvp)
}

/// Builds the testbench over `sources` with `verilator --binary` (`--timing` is part of it in
/// Verilator 5) and `--x-initial unique`, so that `+verilator+rand+reset+2` starts every memory
/// random: the run then also checks that the example top leaves nothing to the simulator's
/// power-up zeros but what the core relies on (`docs/core_interface.md`, "Power-up state").
fn verilator(preset: &Preset, sources: &[String], mdir: &Path) -> Option<PathBuf> {
    let define = format!("-DFLUX_CORE=flux_core_{}", preset.name);
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
        "--top-module",
        "flux_embed_tb",
        "--Mdir",
        path(mdir),
    ];
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
    (steps, spikes): (u64, u64),
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
        "PASS: {steps} timesteps, {spikes} spikes match {}/expected.hex",
        image.display()
    );
    assert!(
        ok && out.contains(&pass),
        "{} under {sim}:\n{out}",
        preset.name
    );

    // Neuron 200 is none of the networks' (at most 16), so the testbench must stop at that
    // timestep, naming both neurons.
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

fn embed_runs(preset: &Preset, run: &Run) {
    let dir = tempfile::tempdir().unwrap();
    let image = image(preset, run, dir.path());
    let counts = (run.steps, model_spikes(preset, run));
    assert!(counts.1 > 0);
    let start = std::time::Instant::now();
    if let Some(vvp) = iverilog(preset, dir.path()) {
        // The corrupted run fails at the first spike: Icarus runs about 5,000 cycles per second
        // here, so a failure late in the run would cost as much as the run itself.
        let runner = ["vvp", "-n", path(&vvp)];
        check(preset, "iverilog", &runner, &image, dir.path(), counts, 0);
        println!(
            "{}: iverilog {:.1} s",
            preset.name,
            start.elapsed().as_secs_f64()
        );
    }
    let start = std::time::Instant::now();
    verilator_checks(preset, &sources(preset), run, &image, dir.path(), counts);
    println!(
        "{}: verilator {:.1} s",
        preset.name,
        start.elapsed().as_secs_f64()
    );
}

/// Builds the testbench over `sources` with Verilator and checks `image` with it.
fn verilator_checks(
    preset: &Preset,
    sources: &[String],
    run: &Run,
    image: &Path,
    dir: &Path,
    counts: (u64, u64),
) {
    if let Some(binary) = verilator(preset, sources, &dir.join("obj_dir")) {
        let runner = [path(&binary)];
        check(
            preset,
            "verilator",
            &runner,
            image,
            dir,
            counts,
            run.corrupt_from,
        );
    }
}

#[test]
fn embed_testbench_runs_cpg_on_small() {
    embed_runs(&flux_sim::spec::SMALL, &cpg());
}

#[test]
fn embed_testbench_runs_cpg_on_up5k() {
    embed_runs(&flux_sim::spec::UP5K, &cpg());
}

#[test]
fn embed_testbench_feeds_injections_and_channel_spikes() {
    let run = Run {
        network: repo("tests/fixtures/embed_inputs.toml"),
        steps: 200,
        // After the first negative injection (t = 30).
        corrupt_from: 30,
    };
    // The run feeds both kinds of event: `drive` injects +40 (0x0028) into 4 neurons in each of
    // timesteps 0..150 and `brake` -200 (0xff38) into one neuron at 4 times: 604 injections.
    let dir = tempfile::tempdir().unwrap();
    let events =
        fs::read_to_string(image(&flux_sim::spec::SMALL, &run, dir.path()).join("events.hex"))
            .unwrap();
    let injections: Vec<&str> = events.lines().filter(|l| &l[8..9] == "1").collect();
    assert_eq!(injections.len(), 4 * 150 + 4);
    assert_eq!(injections.iter().filter(|l| l.ends_with("ff38")).count(), 4);
    assert!(events.lines().any(|l| &l[8..9] == "0"), "no channel spike");
    embed_runs(&flux_sim::spec::SMALL, &run);
}

/// The `up5k` core as the iCE40 build synthesises it (`flow::ice40_netlist`: `synth_ice40 -dsp
/// -spram -no-rw-check`, the netlist over the iCE40 primitives), its synapse memory in the four
/// `SB_SPRAM256KA` of the UP5K simulated by yosys' `ice40/cells_sim.v`, which start undefined: the
/// testbench loads them through the configuration port and the run matches the model. Verilator
/// only (Icarus takes minutes over the netlist).
#[test]
fn embed_testbench_runs_cpg_on_the_up5k_netlist() {
    use flux_fpga::flow::{self, Design};
    let preset = flux_sim::spec::UP5K;
    let yosys = match flux_fpga::tools::yosys() {
        Ok(y) => y,
        Err(e) if flux_testbenches::block::missing_tools_allowed() => {
            println!("{e}: skipped (FLUX_ALLOW_MISSING_TOOLS=1)");
            return;
        }
        Err(e) => panic!("{e} (or set FLUX_ALLOW_MISSING_TOOLS=1 to skip)"),
    };
    let dir = tempfile::tempdir().unwrap();
    let start = std::time::Instant::now();
    let design = Design::new(repo("rtl-out/flux_core_up5k.v"), "flux_core_up5k");
    let netlist = flow::ice40_netlist(&design, &yosys, &dir.path().join("netlist")).unwrap();
    let text = fs::read_to_string(&netlist.verilog).unwrap();
    assert_eq!(
        text.matches("SB_SPRAM256KA").count(),
        4,
        "hdl/README.md: all four SPRAMs"
    );
    let mut sources = testbench();
    sources.extend(netlist.sources().iter().map(|p| p.display().to_string()));
    let run = cpg();
    let image = image(&preset, &run, dir.path());
    let counts = (run.steps, model_spikes(&preset, &run));
    verilator_checks(&preset, &sources, &run, &image, dir.path(), counts);
    println!("up5k netlist: {:.1} s", start.elapsed().as_secs_f64());
}
