//! `flux run`: the whole flow on one network. Simulates it on the model (trace under `--out`,
//! default `target/flux-run/<network>/` in the current directory), emits the Verilog of its core, cosimulates the two, plots the spike
//! raster, and prints the verdict and where everything is.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use flux_sim::compile::Compiled;
use flux_sim::trace::{Recorder, TraceWriter, header_for};

use super::cosim::{self, Job, Verdict};
use super::plot;

/// The network `flux run` uses when none is given.
const DEFAULT_NETWORK: &str = "examples/cpg.toml";

#[derive(clap::Args)]
pub struct Args {
    /// The network file (TOML) [default: examples/cpg.toml].
    pub network: Option<PathBuf>,
    /// Timesteps to run [default: the file's `[run] steps`].
    #[arg(long)]
    pub steps: Option<u64>,
    /// Core preset: small, up5k, ulx3s or large [default: the file's `[core] preset`].
    #[arg(long, value_name = "P")]
    pub preset: Option<String>,
    /// Where the trace, the Verilog, the raster and a mismatch's waveform go [default:
    /// target/flux-run/<network> under the current directory].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// `examples/cpg.toml` from the current directory, else from the workspace this flux was built in.
fn default_network() -> PathBuf {
    let here = PathBuf::from(DEFAULT_NETWORK);
    if here.is_file() {
        return here;
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join(DEFAULT_NETWORK)
}

pub fn run(args: Args) -> Result<ExitCode> {
    let network = args.network.clone().unwrap_or_else(default_network);
    let compiled = cosim::compile_for_hardware(&network, args.preset.as_deref())?;
    let steps = cosim::steps_of(&network, args.steps, &compiled)?;
    let preset = compiled.image.preset;
    let stem = network
        .file_stem()
        .map_or("network".into(), |s| s.to_string_lossy().into_owned());
    // Relative to the current directory, wherever flux was built (issue 10).
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| Path::new("target").join("flux-run").join(&stem));
    super::output::check_dir(&out)?;
    std::fs::create_dir_all(&out).with_context(|| format!("cannot create {}", out.display()))?;
    let trace = out.join("trace.jsonl");
    let raster = out.join("raster.svg");
    for file in [&trace, &raster] {
        super::output::check_file(file, &[&network])?;
    }

    // 1. The model, with a trace of the probed populations.
    let (spikes, cycles) = simulate(&compiled, &network, steps, &trace)?;
    println!(
        "model:    {steps} timesteps, {spikes} spikes, {cycles} predicted cycles -> {}",
        trace.display()
    );

    // 2. The Verilog of the core.
    let verilog = cosim::emit(&preset, &out.join("rtl"))?;
    println!(
        "verilog:  {} (top module {})",
        verilog.display(),
        flux_hdl::emit::module_name(&preset)
    );

    // 3. Cosimulation.
    let job = Job {
        compiled: &compiled,
        network: &network,
        steps,
        verilog: &verilog,
        vcd: None,
        check: cosim::state_check(None, preset),
        trace: None,
        progress: true,
        window_dir: out.clone(),
    };
    let verdict = cosim::cosimulate(&job)?;

    // 4. The raster (flux plot's drawing).
    plot::run(plot::Args {
        trace: Some(trace.clone()),
        output: raster.clone(),
        max_panels: 4,
        stdp_window: None,
        izhikevich: false,
        profile: None,
        dt_us: None,
        network: Some(network.clone()),
    })?;

    println!("{verdict}");
    if let Verdict::BitExact(s) = &verdict
        && s.spikes != spikes
    {
        anyhow::bail!(
            "internal: the cosimulation counted {} spikes, the traced model run {spikes}",
            s.spikes
        );
    }
    println!("raster:   {}", raster.display());
    Ok(verdict.exit_code())
}

/// Runs the model for `steps` timesteps, writing the trace of the file's `[run] probes` to `trace`
/// (through a temporary file, renamed when complete). Returns the spike and cycle totals.
fn simulate(compiled: &Compiled, network: &Path, steps: u64, trace: &Path) -> Result<(u64, u64)> {
    let probes = compiled.run_probe_ids();
    let name = network
        .file_name()
        .map_or("network".into(), |s| s.to_string_lossy().into_owned());
    let header = header_for(compiled, &name, &probes);
    let tmp = super::output::temp_beside(trace, super::sim::TRACE_TEMP_PREFIX)?;
    let mut writer = TraceWriter::new(tmp, &header)
        .with_context(|| format!("cannot write {}", trace.display()))?;
    let threads = flux_sim::core::Core::auto_threads(compiled.image.n_neurons);
    let mut recorder = Recorder::with_threads(compiled, &probes, threads)?;
    let (mut spikes, mut cycles) = (0, 0);
    for _ in 0..steps {
        let record = recorder.step();
        spikes += record.spikes.len() as u64;
        cycles += record.cycles;
        writer
            .write(&record)
            .with_context(|| format!("cannot write {}", trace.display()))?;
    }
    let tmp = writer
        .finish()
        .with_context(|| format!("cannot write {}", trace.display()))?;
    tmp.persist(trace)
        .with_context(|| format!("cannot write {}", trace.display()))?;
    Ok((spikes, cycles))
}
