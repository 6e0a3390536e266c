//! `flux cosim`: runs a network on the emitted Verilog under Verilator and on the model side by side,
//! compared every timestep; prints one verdict line and exits 1 on the first mismatch.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use flux_sim::compile::{Compiled, CoreChoice};
use flux_sim::spec::{self, Preset};
use flux_sim::trace::{ProbeState, Record, TraceWriter, header_for};
use flux_testbenches::cosim::{self, Cosim, CosimError, CosimStats, Mismatch, StateCheck};
use flux_testbenches::rtl::Rtl;
use flux_testbenches::verilate::{self, RtlBuild, VerilateSpec};

#[derive(clap::Args)]
pub struct Args {
    /// The network file (TOML).
    pub network: PathBuf,
    /// Timesteps to run [default: the file's `[run] steps`].
    #[arg(long)]
    pub steps: Option<u64>,
    /// Core preset: small, up5k, ulx3s or large [default: the file's `[core] preset`, else the smallest
    /// that fits].
    #[arg(long, value_name = "P")]
    pub preset: Option<String>,
    /// Write a waveform of the whole run to this VCD file (verilates a traced model, slower). Without
    /// it, a mismatch still records its window under `target/flux-cosim/` in the current directory.
    #[arg(long, value_name = "FILE")]
    pub vcd: Option<PathBuf>,
    /// Cosimulate this Verilog instead of the emitted core (top module `flux_core_<preset>`).
    #[arg(long, value_name = "FILE.v")]
    pub rtl: Option<PathBuf>,
    /// Compare every neuron's state word every K timesteps (and at the end) [default: 1 on cores of
    /// up to 256 neurons, else 50].
    #[arg(long, value_name = "K")]
    pub check_every: Option<u64>,
    /// Write the RTL's trace (its spikes, its cycle counts and the probed neurons' state words read
    /// from the hardware) in `flux sim`'s format, for `flux diff` against the model's.
    #[arg(long, value_name = "FILE")]
    pub trace: Option<PathBuf>,
    /// Neurons the RTL trace records (as `flux sim --probe`) [default: the file's `[run] probes`].
    #[arg(long = "probe", value_name = "P")]
    pub probes: Vec<String>,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let inputs: Vec<&Path> = std::iter::once(args.network.as_path())
        .chain(args.rtl.as_deref())
        .collect();
    for out in args.vcd.iter().chain(&args.trace) {
        super::output::check_file(out, &inputs)?;
    }
    if args.vcd.is_some() && args.vcd == args.trace {
        bail!("--vcd and --trace name the same file: give two");
    }
    let compiled = compile_for_hardware(&args.network, args.preset.as_deref())?;
    let steps = steps_of(&args.network, args.steps, &compiled)?;
    let trace = match &args.trace {
        None => None,
        Some(path) => {
            let probes = super::sim::probes_arg(&args.network, &compiled, &args.probes)?;
            Some(TraceJob {
                path: path.clone(),
                probes,
            })
        }
    };
    let verilog = match &args.rtl {
        Some(path) => path.clone(),
        None => emit(
            &compiled.image.preset,
            &verilate::cache_root().join("verilog"),
        )?,
    };
    let job = Job {
        compiled: &compiled,
        network: &args.network,
        steps,
        verilog: &verilog,
        vcd: args.vcd.as_deref(),
        check: state_check(args.check_every, compiled.image.preset),
        trace,
        progress: true,
        // Relative to the current directory (issue 10).
        window_dir: Path::new("target").join("flux-cosim"),
    };
    let verdict = cosimulate(&job)?;
    println!("{verdict}");
    Ok(verdict.exit_code())
}

/// Compiles `network` for a shipped preset (`preset` overrides the file's), refusing model-only cores.
pub fn compile_for_hardware(network: &Path, preset: Option<&str>) -> Result<Compiled> {
    let core =
        match preset {
            None => None,
            Some("fit") => bail!(
                "preset `fit` is model-only: cosimulation needs one of {}",
                spec::preset_names()
            ),
            Some(name) => Some(CoreChoice::from_name(name).with_context(|| {
                format!("unknown preset {name:?}: use {}", spec::preset_names())
            })?),
        };
    let compiled = super::load_network(network, core)?;
    if compiled.is_model_only() {
        bail!(
            "{}: the network is compiled for a model-only core; give --preset {}",
            network.display(),
            spec::preset_names()
        );
    }
    Ok(compiled)
}

/// `--steps`, else the file's `[run] steps`.
pub fn steps_of(network: &Path, steps: Option<u64>, compiled: &Compiled) -> Result<u64> {
    steps.or(compiled.run.steps).with_context(|| {
        format!(
            "{}: no [run] steps in the file; give --steps N",
            network.display()
        )
    })
}

/// State words every timestep on small cores, every 50 on larger ones (a read of every word costs
/// about as many cycles as a timestep of a quiet network).
pub fn state_check(every: Option<u64>, preset: Preset) -> StateCheck {
    match every {
        Some(0) => StateCheck::AtEnd,
        Some(1) => StateCheck::EveryStep,
        Some(k) => StateCheck::Every(k),
        None if preset.neurons <= 256 => StateCheck::EveryStep,
        None => StateCheck::Every(50),
    }
}

/// Emits `preset`'s core into `dir/<preset>/`; returns the Verilog file.
pub fn emit(preset: &Preset, dir: &Path) -> Result<PathBuf> {
    flux_hdl::emit::emit_to_dir(preset, &dir.join(preset.name))
        .with_context(|| format!("cannot emit the Verilog of preset `{}`", preset.name))
}

/// One cosimulation to run.
pub struct Job<'a> {
    pub compiled: &'a Compiled,
    pub network: &'a Path,
    pub steps: u64,
    /// The Verilog of the core (top module `flux_core_<preset>`).
    pub verilog: &'a Path,
    /// A VCD of the whole run.
    pub vcd: Option<&'a Path>,
    pub check: StateCheck,
    /// The RTL's trace, if one is wanted.
    pub trace: Option<TraceJob>,
    /// A progress bar on long runs (on a terminal).
    pub progress: bool,
    /// Where a mismatch's waveform goes.
    pub window_dir: PathBuf,
}

/// An RTL trace to write: where, and which neurons' state words.
pub struct TraceJob {
    pub path: PathBuf,
    pub probes: Vec<u32>,
}

/// How a cosimulation ended.
pub enum Verdict {
    BitExact(CosimStats),
    Mismatch {
        mismatch: Box<Mismatch>,
        stats: CosimStats,
        /// The failing window's waveform, if it could be recorded.
        vcd: Option<PathBuf>,
    },
}

impl Verdict {
    pub fn exit_code(&self) -> ExitCode {
        match self {
            Verdict::BitExact(_) => ExitCode::SUCCESS,
            Verdict::Mismatch { .. } => ExitCode::from(1),
        }
    }
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Verdict::BitExact(s) => write!(
                f,
                "bit-exact: {} timesteps, {} spikes, {} cycles, {:.1} M cycles/s",
                s.timesteps,
                s.spikes,
                s.cycles,
                s.rtl_cycles_per_second() / 1e6
            ),
            Verdict::Mismatch {
                mismatch,
                stats,
                vcd,
            } => {
                write!(
                    f,
                    "MISMATCH at {mismatch} (after {} bit-exact timesteps)",
                    stats.timesteps
                )?;
                if let Some(v) = vcd {
                    write!(f, "\nwaveform of the failing window: {}", v.display())?;
                }
                Ok(())
            }
        }
    }
}

fn build(verilog: &Path, preset: &Preset, trace: bool) -> Result<RtlBuild> {
    let spec = VerilateSpec::new(verilog, flux_hdl::emit::module_name(preset)).with_trace(trace);
    eprintln!("verilating {} ...", verilog.display());
    let build = verilate::build(&spec)?;
    if !build.cached {
        eprintln!(
            "verilated in {:.0} s (cached as {})",
            build.seconds,
            build.dir.display()
        );
    }
    Ok(build)
}

/// Verilates (cached), runs the model and the RTL side by side, and on a mismatch records the
/// failing window (two timesteps before it, and it) as a VCD under `target/flux-cosim/`.
pub fn cosimulate(job: &Job) -> Result<Verdict> {
    let preset = job.compiled.image.preset;
    let build = build(job.verilog, &preset, job.vcd.is_some())?;
    // Verilator writes the waveform under a temporary name beside it, renamed once the run ends.
    let vcd_tmp = job
        .vcd
        .map(|path| super::output::temp_beside(path, ".flux-vcd-"))
        .transpose()?;
    let rtl = Rtl::open(&build, vcd_tmp.as_ref().map(|t| t.path()))?;
    let mut cosim = Cosim::with_rtl(rtl, &job.compiled.image)?;
    let mut inputs = job.compiled.inputs.clone();
    inputs.reset();
    let mut trace = match &job.trace {
        None => None,
        Some(tj) => {
            let header = header_for(
                job.compiled,
                &super::sim::file_name(job.network),
                &tj.probes,
            );
            let tmp = super::output::temp_beside(&tj.path, super::sim::TRACE_TEMP_PREFIX)?;
            let writer = TraceWriter::new(tmp, &header)
                .with_context(|| format!("cannot write {}", tj.path.display()))?;
            Some((writer, tj))
        }
    };
    let bar = if job.progress {
        super::sim::progress_bar(job.steps)
    } else {
        None
    };
    let outcome = run_steps(&mut cosim, &mut inputs, job, &mut trace, bar.as_ref());
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    let stats = *cosim.stats();
    // Closes the VCD.
    drop(cosim);
    // The RTL trace: complete, or up to and including the timestep that did not match.
    if let Some((writer, tj)) = trace
        && matches!(outcome, Ok(_) | Err(CosimError::Mismatch(_)))
    {
        let tmp = writer
            .finish()
            .with_context(|| format!("cannot write {}", tj.path.display()))?;
        tmp.persist(&tj.path)
            .with_context(|| format!("cannot write {}", tj.path.display()))?;
        eprintln!("RTL trace: {}", tj.path.display());
    }
    if let (Some(tmp), Some(path)) = (vcd_tmp, job.vcd)
        && matches!(outcome, Ok(_) | Err(CosimError::Mismatch(_)))
    {
        keep_vcd(tmp, path)?;
    }
    let mismatch = match outcome {
        Ok(stats) => return Ok(Verdict::BitExact(stats)),
        Err(CosimError::Mismatch(m)) => m,
        Err(e) => return Err(e.into()),
    };

    let stem = job
        .network
        .file_stem()
        .map_or("network".into(), |s| s.to_string_lossy().into_owned());
    let path = job.window_dir.join(format!("{stem}-t{}.vcd", mismatch.t));
    std::fs::create_dir_all(&job.window_dir)
        .with_context(|| format!("cannot create {}", job.window_dir.display()))?;
    eprintln!(
        "mismatch at timestep {}: recording the window in {} ...",
        mismatch.t,
        path.display()
    );
    let recorded = build_window(job, &preset, &path, mismatch.t);
    let vcd = match recorded {
        Ok(()) => Some(path),
        Err(e) => {
            eprintln!("could not record the failing window: {e:#}");
            None
        }
    };
    Ok(Verdict::Mismatch {
        mismatch,
        stats,
        vcd,
    })
}

type TraceOut<'a> = Option<(TraceWriter<tempfile::NamedTempFile>, &'a TraceJob)>;

/// Runs the job's timesteps in lockstep (the loop of `Cosim::run`), recording the RTL's side of each
/// timestep into the trace when there is one.
fn run_steps(
    cosim: &mut Cosim,
    inputs: &mut flux_sim::inputs::InputSet,
    job: &Job,
    trace: &mut TraceOut,
    bar: Option<&indicatif::ProgressBar>,
) -> Result<CosimStats, CosimError> {
    let mut events = Vec::new();
    for _ in 0..job.steps {
        let t = cosim.model().t();
        inputs.events_at(t, &mut events);
        let stepped = cosim.step(&events, job.check.due(t));
        if let Some((writer, tj)) = trace.as_mut() {
            let (spikes, cycles) = cosim.last_rtl_step();
            let spikes = spikes.to_vec();
            let n = tj.probes.last().map_or(0, |&p| p + 1);
            let words = if n > 0 {
                cosim.rtl().state_words(n)
            } else {
                Vec::new()
            };
            let record = Record {
                t,
                spikes,
                cycles,
                probes: tj
                    .probes
                    .iter()
                    .map(|&neuron| ProbeState {
                        neuron,
                        word: words[neuron as usize],
                    })
                    .collect(),
            };
            writer
                .write(&record)
                .map_err(|e| CosimError::Image(format!("cannot write the RTL trace: {e}")))?;
        }
        stepped?;
        if let Some(b) = bar {
            b.inc(1);
        }
    }
    if job.steps > 0 && !job.check.due(cosim.model().t() - 1) {
        cosim.check_state()?;
    }
    Ok(*cosim.stats())
}

/// Renames the finished waveform over `path`; refuses an empty one (Verilator could not write it).
fn keep_vcd(tmp: tempfile::NamedTempFile, path: &Path) -> Result<()> {
    let written = std::fs::metadata(tmp.path()).map_or(0, |m| m.len());
    if written == 0 {
        bail!(
            "cannot write {}: Verilator wrote no waveform into {}",
            path.display(),
            tmp.path().display()
        );
    }
    tmp.persist(path)
        .map_err(|e| anyhow::anyhow!("cannot write {}: {}", path.display(), e.error))?;
    Ok(())
}

fn build_window(job: &Job, preset: &Preset, vcd: &Path, t: u64) -> Result<()> {
    let traced = build(job.verilog, preset, true)?;
    let mut inputs = job.compiled.inputs.clone();
    inputs.reset();
    cosim::record_window(
        &traced,
        &job.compiled.image,
        &mut inputs,
        t.saturating_sub(2),
        t,
        vcd,
    )?;
    Ok(())
}
