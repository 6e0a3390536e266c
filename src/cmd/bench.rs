//! `flux bench`: times the bit-exact model on a network and prints its throughput (neuron updates/s
//! and synaptic events/s), for the side-by-side comparison with Brian2 in `bench/run.sh`.
//!
//! Only the simulation loop is timed: per timestep, the input generators' events
//! (`InputSet::events_at`) and `Core::step`. Compiling the network, building the core and writing
//! anything are outside the clock, as Brian2's `run_seconds` (the main loop of its generated
//! binary) excludes its code generation, compilation and synapse creation. Each repeat starts from
//! timestep 0 on a fresh core; the fastest repeat is reported, since on a loaded machine the
//! minimum is the figure least disturbed by other processes. Beside the wall time it reports the
//! CPU time of the simulating thread (unix), which other processes sharing the cores disturb far
//! less: `bench/brian2_cuba.py` measures Brian2's loop the same way.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Result, bail};
use flux_sim::compile::Compiled;
use flux_sim::core::Core;

#[derive(clap::Args)]
pub struct Args {
    /// The network file (TOML).
    pub network: PathBuf,
    /// Timesteps per repeat [default: the file's `[run] steps`].
    #[arg(long)]
    pub steps: Option<u64>,
    /// Times to run the simulation; the fastest run is reported.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..))]
    pub repeat: u32,
    /// Core to compile for: small, up5k, ulx3s, large, or fit [default: the file's `[core] preset`, else
    /// the smallest preset that fits].
    #[arg(long, value_name = "P")]
    pub preset: Option<String>,
    /// Print one JSON object on one line instead of the table.
    #[arg(long)]
    pub json: bool,
    /// Threads the model steps on (docs/model.md §14; the results are identical for any count).
    /// With more than one, the CPU time is that of the whole process.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=256))]
    pub threads: u32,
}

/// What one timed run did. Every repeat runs the same deterministic model, so all but the wall
/// time must agree between repeats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Counts {
    spikes: u64,
    /// Synapse words streamed (`StepWork::synapses`), i.e. synaptic events delivered.
    synapses: u64,
    /// External events (input spikes and current injections) the generators produced.
    input_events: u64,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let core = super::core_choice(args.preset.as_deref())?;
    let compile_start = Instant::now();
    let compiled = super::load_network(&args.network, core)?;
    let compile_wall = compile_start.elapsed();
    let Some(steps) = args.steps.or(compiled.run.steps) else {
        bail!(
            "{}: no [run] steps in the file; give --steps N",
            args.network.display()
        );
    };

    let mut walls = Vec::with_capacity(args.repeat as usize);
    let mut cpus = Vec::with_capacity(args.repeat as usize);
    let mut counts: Option<Counts> = None;
    for repeat in 0..args.repeat {
        let (wall, cpu, c) = timed_run(&compiled, steps, args.threads as usize)?;
        match counts {
            None => counts = Some(c),
            Some(first) if first != c => bail!(
                "repeat {repeat} of the deterministic model differs from the first \
                 ({c:?} against {first:?}): the engine is not reproducible"
            ),
            Some(_) => {}
        }
        walls.push(wall.as_secs_f64());
        cpus.extend(cpu.map(|d| d.as_secs_f64()));
    }
    let counts = counts.expect("at least one repeat (clap checks --repeat >= 1)");
    let report = Report {
        cpus,
        ..Report::new(&args, &compiled, steps, counts, &walls, compile_wall)
    };
    if args.json {
        println!("{}", report.json());
    } else {
        print!("{}", report.table());
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs `steps` timesteps of `compiled` from timestep 0 on a fresh core; times only the loop (wall
/// time, and the thread's CPU time where it can be read).
fn timed_run(
    compiled: &Compiled,
    steps: u64,
    threads: usize,
) -> Result<(Duration, Option<Duration>, Counts)> {
    let mut core = Core::with_threads(&compiled.image, threads)?;
    // One thread: the simulating thread's CPU time; several: the whole process's.
    let clock = if threads > 1 {
        libc_clock::PROCESS
    } else {
        libc_clock::THREAD
    };
    let mut inputs = compiled.inputs.clone();
    inputs.reset();
    let mut events = Vec::new();
    let mut c = Counts {
        spikes: 0,
        synapses: 0,
        input_events: 0,
    };
    let cpu_start = cpu_time(clock);
    let (wall, c) = {
        let start = Instant::now();
        for t in 0..steps {
            inputs.events_at(t, &mut events);
            c.input_events += events.len() as u64;
            let report = core.step(&events);
            c.spikes += report.spikes.len() as u64;
            c.synapses += report.work.synapses;
        }
        (start.elapsed(), c)
    };
    let cpu = cpu_time(clock)
        .zip(cpu_start)
        .map(|(end, start)| end.saturating_sub(start));
    Ok((wall, cpu, c))
}

/// The CPU-time clocks read.
#[cfg(unix)]
mod libc_clock {
    pub const THREAD: libc::clockid_t = libc::CLOCK_THREAD_CPUTIME_ID;
    pub const PROCESS: libc::clockid_t = libc::CLOCK_PROCESS_CPUTIME_ID;
}

#[cfg(not(unix))]
mod libc_clock {
    pub const THREAD: i32 = 0;
    pub const PROCESS: i32 = 1;
}

/// CPU time used so far by the calling thread or the process (`clock`).
#[cfg(unix)]
fn cpu_time(clock: libc::clockid_t) -> Option<Duration> {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec; the call only writes it.
    let rc = unsafe { libc::clock_gettime(clock, &mut ts) };
    (rc == 0).then(|| Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32))
}

#[cfg(not(unix))]
fn cpu_time(_clock: i32) -> Option<Duration> {
    None
}

/// The figures of a benchmark. Floats here are only for the printed rates, never for the model.
struct Report {
    network: String,
    core: &'static str,
    neurons: u32,
    /// Synapses stored in the image (sum of the fan-out counts of all sources).
    synapses: u64,
    steps: u64,
    dt_us: Option<u32>,
    counts: Counts,
    /// Wall time of each repeat, seconds.
    walls: Vec<f64>,
    /// CPU time of each repeat, seconds (empty where it cannot be read).
    cpus: Vec<f64>,
    compile_s: f64,
    threads: u32,
}

impl Report {
    fn new(
        args: &Args,
        compiled: &Compiled,
        steps: u64,
        counts: Counts,
        walls: &[f64],
        compile_wall: Duration,
    ) -> Self {
        let core = Core::new(&compiled.image);
        let sources = compiled.image.preset.sources();
        let synapses = (0..sources).map(|s| core.fanout_count(s)).sum();
        Self {
            network: args.network.display().to_string(),
            core: compiled.image.preset.name,
            neurons: compiled.image.n_neurons,
            synapses,
            steps,
            dt_us: compiled.run.dt_us,
            counts,
            walls: walls.to_vec(),
            cpus: Vec::new(),
            compile_s: compile_wall.as_secs_f64(),
            threads: args.threads,
        }
    }

    /// The fastest repeat, seconds.
    fn wall(&self) -> f64 {
        self.walls.iter().copied().fold(f64::INFINITY, f64::min)
    }

    /// The least CPU time of a repeat, seconds.
    fn cpu(&self) -> Option<f64> {
        self.cpus.iter().copied().reduce(f64::min)
    }

    fn neuron_updates(&self) -> u64 {
        self.steps * u64::from(self.neurons)
    }

    fn per_second(&self, count: u64) -> f64 {
        count as f64 / self.wall()
    }

    fn per_cpu_second(&self, count: u64) -> Option<f64> {
        self.cpu().map(|cpu| count as f64 / cpu)
    }

    /// Spikes per neuron per second of model time, if the file gives the timestep length.
    fn mean_rate_hz(&self) -> Option<f64> {
        let dt = self.dt_us.filter(|&dt| dt > 0)?;
        let seconds = self.steps as f64 * f64::from(dt) * 1e-6;
        (self.neurons > 0 && self.steps > 0)
            .then(|| self.counts.spikes as f64 / f64::from(self.neurons) / seconds)
    }

    fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "simulator": "flux-model",
            "network": self.network,
            "core": self.core,
            "neurons": self.neurons,
            "synapses": self.synapses,
            "steps": self.steps,
            "dt_us": self.dt_us,
            "spikes": self.counts.spikes,
            "mean_rate_hz": self.mean_rate_hz(),
            "synaptic_events": self.counts.synapses,
            "input_events": self.counts.input_events,
            "run_seconds": self.wall(),
            "run_seconds_all": self.walls,
            "cpu_seconds": self.cpu(),
            "cpu_seconds_all": self.cpus,
            "compile_seconds": self.compile_s,
            "threads": self.threads,
            "neuron_updates_per_s": self.per_second(self.neuron_updates()),
            "synaptic_events_per_s": self.per_second(self.counts.synapses),
            "neuron_updates_per_cpu_s": self.per_cpu_second(self.neuron_updates()),
            "synaptic_events_per_cpu_s": self.per_cpu_second(self.counts.synapses),
        })
    }

    fn table(&self) -> String {
        let rate = match self.mean_rate_hz() {
            Some(hz) => format!("{hz:.2} Hz"),
            None => "unknown (no [run] dt_us)".to_string(),
        };
        let walls: Vec<String> = self.walls.iter().map(|w| format!("{w:.4}")).collect();
        let mut s = String::new();
        s += &format!(
            "network:            {} ({} neurons, {} synapses, core {})\n",
            self.network, self.neurons, self.synapses, self.core
        );
        s += &format!("timesteps:          {}\n", self.steps);
        s += &format!("threads:            {}\n", self.threads);
        s += &format!("spikes:             {}\n", self.counts.spikes);
        s += &format!("mean rate:          {rate}\n");
        s += &format!("synaptic events:    {}\n", self.counts.synapses);
        s += &format!("input events:       {}\n", self.counts.input_events);
        s += &format!(
            "wall time:          {:.4} s (fastest of {}: {} s; compile {:.2} s, not timed)\n",
            self.wall(),
            self.walls.len(),
            walls.join(", "),
            self.compile_s
        );
        if let Some(cpu) = self.cpu() {
            let cpus: Vec<String> = self.cpus.iter().map(|c| format!("{c:.4}")).collect();
            s += &format!(
                "CPU time:           {cpu:.4} s (least of {}: {} s)\n",
                cpus.len(),
                cpus.join(", ")
            );
        }
        let per_cpu = |count| match self.per_cpu_second(count) {
            Some(r) => format!(" ({r:.3e} per CPU second)"),
            None => String::new(),
        };
        s += &format!(
            "neuron updates/s:   {:.3e}{}\n",
            self.per_second(self.neuron_updates()),
            per_cpu(self.neuron_updates())
        );
        s += &format!(
            "synaptic events/s:  {:.3e}{}\n",
            self.per_second(self.counts.synapses),
            per_cpu(self.counts.synapses)
        );
        s
    }
}
