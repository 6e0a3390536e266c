//! `flux sim`: runs a network on the bit-exact model, optionally writes its trace, prints a summary.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use flux_sim::compile::Compiled;
use flux_sim::core::Core;
use flux_sim::trace::{Recorder, TraceWriter, header_for};

#[derive(clap::Args)]
pub struct Args {
    /// The network file (TOML).
    pub network: PathBuf,
    /// Timesteps to run [default: the file's `[run] steps`].
    #[arg(long)]
    pub steps: Option<u64>,
    /// Write the trace (JSON Lines, one record per timestep) to this file.
    #[arg(long, value_name = "FILE")]
    pub trace: Option<PathBuf>,
    /// Neurons whose state the trace records: an id (`3`), an id range (`3..8`, `3..=7`), a
    /// population (`flexor`), one of its neurons (`flexor[2]`) or a range of them (`flexor[0..4]`).
    /// Repeat the option or separate specs with commas [default: the file's `[run] probes`].
    #[arg(long = "probe", value_name = "SPEC", value_delimiter = ',')]
    pub probes: Vec<String>,
    /// Probe nothing, not even the file's `[run] probes` (as `flux board run --no-probes`).
    #[arg(long, conflicts_with = "probes")]
    pub no_probes: bool,
    /// Read the probes after every K-th timestep only (t = K-1, 2K-1, ...), as `flux board run
    /// --probe-every K` does.
    #[arg(long, value_name = "K", default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..))]
    pub probe_every: u64,
    /// Core to compile for: small, up5k, ulx3s, large, or fit (a model-only core sized to the network)
    /// [default: the file's `[core] preset`, else the smallest preset that fits].
    #[arg(long, value_name = "P")]
    pub preset: Option<String>,
    /// Threads the model steps on; the trace is identical for any count (docs/model.md §14)
    /// [default: one per 16,384 neurons, at most the CPUs available].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=256))]
    pub threads: Option<u32>,
}

/// Bytes one probed neuron adds to a record, about (`"7":{"v":-120,"u":0,"thr_off":4,...},`).
const PROBE_BYTES: u64 = 100;
/// Trace size above which `flux sim` warns before writing it.
const LARGE_TRACE_BYTES: u64 = 1 << 30;

/// Runs this many timesteps or more before a progress bar is worth drawing.
const PROGRESS_MIN_STEPS: u64 = 1000;

pub fn run(args: Args) -> Result<ExitCode> {
    if let Some(trace) = &args.trace {
        super::output::check_file(trace, &[&args.network])?;
    }
    let core = super::core_choice(args.preset.as_deref())?;
    let compiled = super::load_network(&args.network, core)?;
    let steps = match args.steps.or(compiled.run.steps) {
        Some(s) => s,
        None => bail!(
            "{}: no [run] steps in the file; give --steps N",
            args.network.display()
        ),
    };
    let probes = if args.no_probes {
        Vec::new()
    } else {
        probes_arg(&args.network, &compiled, &args.probes)?
    };

    if args.trace.is_some() {
        let bytes = (probes.len() as u64)
            .saturating_mul(steps)
            .saturating_mul(PROBE_BYTES);
        if bytes > LARGE_TRACE_BYTES {
            eprintln!(
                "warning: {} probed neurons over {steps} timesteps make a trace of about {} MB; \
                 choose fewer with --probe",
                probes.len(),
                bytes / 1_000_000
            );
        }
    }
    let mut sink = TraceSink::new(
        args.trace.as_deref(),
        &compiled,
        &file_name(&args.network),
        &probes,
        args.probe_every,
    )?;

    let bar = progress_bar(steps);
    let start = Instant::now();
    let threads = args.threads.map_or_else(
        || Core::auto_threads(compiled.image.n_neurons),
        |n| n as usize,
    );
    let mut recorder =
        Recorder::with_threads(&compiled, &probes, threads)?.with_probe_every(args.probe_every);
    for _ in 0..steps {
        let record = recorder.step();
        sink.take(&record)?;
        if let Some(bar) = &bar
            && record.t.is_multiple_of(256)
        {
            bar.set_position(record.t);
        }
    }
    let wall = start.elapsed();
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let (spikes, cycles) = (sink.spikes, sink.cycles);
    sink.finish()?;

    let summary = Summary {
        steps,
        neurons: compiled.image.n_neurons,
        spikes,
        cycles,
        dt_us: compiled.run.dt_us,
        threads,
    };
    print!("{}", summary.render(&compiled, wall.as_secs_f64()));
    if let Some(path) = &args.trace {
        println!(
            "trace:        {} ({} probed neurons)",
            path.display(),
            probes.len()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Where a run's records go: counted, and written to the trace file when one was asked for (into
/// a temporary file beside it, which [`TraceSink::finish`] puts in its place: a run that fails
/// leaves no half trace).
pub(super) struct TraceSink<'a> {
    output: Option<(&'a Path, TraceWriter<tempfile::NamedTempFile>)>,
    pub spikes: u64,
    pub cycles: u64,
}

impl<'a> TraceSink<'a> {
    pub fn new(
        trace: Option<&'a Path>,
        compiled: &Compiled,
        network_name: &str,
        probes: &[u32],
        probe_every: u64,
    ) -> Result<Self> {
        let output = match trace {
            None => None,
            Some(path) => {
                let header =
                    header_for(compiled, network_name, probes).with_probe_every(probe_every);
                let tmp = super::output::temp_beside(path, TRACE_TEMP_PREFIX)?;
                let writer = TraceWriter::new(tmp, &header)
                    .with_context(|| format!("cannot write {}", path.display()))?;
                Some((path, writer))
            }
        };
        Ok(Self {
            output,
            spikes: 0,
            cycles: 0,
        })
    }

    pub fn take(&mut self, record: &flux_sim::trace::Record) -> Result<()> {
        self.spikes += record.spikes.len() as u64;
        self.cycles += record.cycles;
        if let Some((path, writer)) = &mut self.output {
            writer
                .write(record)
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        Ok(())
    }

    /// Puts the trace in its place.
    pub fn finish(self) -> Result<()> {
        if let Some((path, writer)) = self.output {
            let tmp = writer
                .finish()
                .with_context(|| format!("cannot write {}", path.display()))?;
            tmp.persist(path)
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        Ok(())
    }
}

/// What a run did, for the closing summary.
struct Summary {
    steps: u64,
    neurons: u32,
    spikes: u64,
    cycles: u64,
    dt_us: Option<u32>,
    threads: usize,
}

impl Summary {
    /// A few aligned lines. Floats here are only for the human summary, never for the model.
    fn render(&self, compiled: &Compiled, wall_s: f64) -> String {
        let neuron_steps = self.steps * u64::from(self.neurons);
        let per_step = if neuron_steps == 0 {
            0.0
        } else {
            self.spikes as f64 / neuron_steps as f64
        };
        let rate = match self.dt_us {
            Some(dt) if dt > 0 => format!(
                "{per_step:.4} spikes/neuron/step ({:.2} Hz at dt={dt} us)",
                per_step * 1e6 / f64::from(dt)
            ),
            _ => format!("{per_step:.4} spikes/neuron/step"),
        };
        let updates = if wall_s > 0.0 {
            neuron_steps as f64 / wall_s
        } else {
            f64::INFINITY
        };
        let mut s = String::new();
        s += &format!(
            "network:      {} neurons, core {}\n",
            self.neurons, compiled.image.preset.name
        );
        s += &format!("timesteps:    {}\n", self.steps);
        s += &format!("spikes:       {}\n", self.spikes);
        s += &format!("mean rate:    {rate}\n");
        s += &format!(
            "cycles:       {} predicted ({:.1} per timestep)\n",
            self.cycles,
            self.cycles as f64 / self.steps.max(1) as f64
        );
        s += &format!(
            "wall time:    {wall_s:.3} s ({:.3e} neuron updates/s, {} thread{})\n",
            updates,
            self.threads,
            if self.threads == 1 { "" } else { "s" }
        );
        s
    }
}

/// A progress bar on stderr when stderr is a terminal and the run is long enough to wait for.
pub(super) fn progress_bar(steps: u64) -> Option<indicatif::ProgressBar> {
    if steps < PROGRESS_MIN_STEPS || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(steps);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} timesteps, eta {eta}")
            .expect("the template is valid"),
    );
    Some(bar)
}

/// The name prefix of a trace being written (`super::output::temp_beside`): renamed over the
/// trace once complete, removed if the run fails, so no run leaves half a trace behind.
pub(super) const TRACE_TEMP_PREFIX: &str = ".flux-trace-";

/// The file name of a path, for the trace header.
pub(super) fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Resolves probe specs to ascending, unique neuron ids.
/// The neurons a `--probe` option names, else those of the file's `[run] probes`; an error names
/// the network file.
pub(super) fn probes_arg(
    network: &std::path::Path,
    compiled: &Compiled,
    specs: &[String],
) -> Result<Vec<u32>> {
    let specs = if specs.is_empty() {
        &compiled.run.probes
    } else {
        specs
    };
    resolve_probes(compiled, specs).with_context(|| format!("{}: bad probe", network.display()))
}

pub(super) fn resolve_probes(compiled: &Compiled, specs: &[String]) -> Result<Vec<u32>> {
    flux_sim::probe::resolve(&compiled.neurons, compiled.image.n_neurons, specs)
        .map_err(anyhow::Error::msg)
}
