//! `flux board run`: runs a network on a Flux board over its serial port (`docs/host_link.md`) and
//! writes the trace in the format of `flux sim`, so that `flux diff` compares the board with the
//! model and the cosimulation directly.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use flux_fpga::board;
use flux_fpga::report::BuildReport;
use flux_hdl::board_top;
use flux_host::serial::SerialLink;
use flux_host::session::RUN_CHUNK;
use flux_host::{BoardRecorder, Session, SessionConfig};
use flux_sim::spec::Preset;

use super::{cosim, sim};

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub command: BoardCommand,
}

#[derive(clap::Subcommand)]
pub enum BoardCommand {
    /// Run a network on a board flashed with the Flux board top (`flux fpga build`): load its image
    /// over the serial port, run the timesteps with the network's inputs and record the trace.
    Run(RunArgs),
}

#[derive(clap::Args)]
pub struct RunArgs {
    /// The network file (TOML).
    pub network: PathBuf,
    /// The board's serial port (the iCEBreaker's FTDI exposes two; the UART is the second,
    /// usually /dev/ttyUSB1).
    #[arg(long, value_name = "PATH")]
    pub port: String,
    /// Timesteps to run [default: the file's `[run] steps`].
    #[arg(long)]
    pub steps: Option<u64>,
    /// Write the trace (JSON Lines, as `flux sim --trace`) to this file.
    #[arg(long, value_name = "FILE")]
    pub trace: Option<PathBuf>,
    /// Neurons whose state the trace records, as for `flux sim --probe` [default: the file's
    /// `[run] probes`]. Each probe costs one READ per timestep, and a run with probes goes one
    /// timestep at a time (STEP).
    #[arg(long = "probe", value_name = "SPEC", value_delimiter = ',')]
    pub probes: Vec<String>,
    /// Probe nothing (not even the file's `[run] probes`): the trace holds spikes and cycles, and
    /// the board runs on its own from one input event to the next (RUN), streaming its spikes back
    /// compactly (docs/host_link.md §3).
    #[arg(long, conflicts_with = "probes")]
    pub no_probes: bool,
    /// Read the probes after every K-th timestep only (t = K-1, 2K-1, ...; `flux sim
    /// --probe-every K` writes the same trace): the board runs on its own in between (RUN).
    #[arg(long, value_name = "K", default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..))]
    pub probe_every: u64,
    /// Send every input event from the host, even where the board's input generators could draw
    /// the network's rate-coded, latency-coded, spike-list and delta-coded channels on the chip (docs/model.md §9.1; they do by default on a
    /// board whose STATUS says it has them).
    #[arg(long)]
    pub host_inputs: bool,
    /// Core preset the board was built with: small, up5k, ulx3s or large [default: the file's
    /// `[core] preset`, else the smallest that fits].
    #[arg(long, value_name = "P")]
    pub preset: Option<String>,
    /// The board: icebreaker or ulx3s (its clock sets how long a timestep may take).
    #[arg(long, default_value = "icebreaker")]
    pub board: String,
    /// Baud rate of the board's UART [default: the rate in the build report (see --build), else
    /// 115200]. A rate that differs from the report's is refused: the board would never answer.
    #[arg(long)]
    pub baud: Option<u32>,
    /// The `flux fpga build` output directory of the flashed bitstream, whose `fpga-report.json`
    /// gives the board, the core and the baud rate [default: target/fpga/<board>-<preset>, when it
    /// holds a report].
    #[arg(long, value_name = "DIR")]
    pub build: Option<PathBuf>,
    /// Tries per command before giving up.
    #[arg(long, default_value_t = 8, value_name = "N")]
    pub tries: u32,
}

pub fn run(args: Args) -> Result<ExitCode> {
    match args.command {
        BoardCommand::Run(a) => run_network(a),
    }
}

/// The board named `--board`, or a clear error.
pub fn board_arg(name: &str) -> Result<board::Board> {
    board::board(name).with_context(|| {
        format!(
            "unknown board {name:?}: use one of {}",
            board::board_names()
        )
    })
}

/// The board top's clocks per UART bit at `baud`: one rounding rule, the hardware's
/// (`UartConfig::for_clock`, nearest clock), not a second one here (issue 11).
fn clocks_per_bit(board: &board::Board, baud: u32) -> Result<u32> {
    if baud == 0 {
        bail!("--baud must be positive");
    }
    Ok(flux_hdl::uart::UartConfig::for_clock(
        u64::from(board.clock_mhz) * 1_000_000,
        u64::from(baud),
    )
    .map_err(|e| {
        anyhow::anyhow!(
            "--baud {baud} does not fit the {} MHz board clock: {e}",
            board.clock_mhz
        )
    })?
    .clocks_per_bit())
}

/// The fastest `--clock-mhz` takes (the iCE40 PLL's output reaches 275 MHz, the ECP5's more; no
/// Flux core comes near either).
pub const MAX_CLOCK_MHZ: f64 = 250.0;

/// The board top's clock for `baud` on `board` (`flux_fpga::clock`): the fastest at or below
/// `max_mhz` (`--clock-mhz`; default the clock `core`'s board top closes timing under,
/// `board::default_ceiling_hz`, else the oscillator) from the oscillator or a PLL that makes the
/// rate; else the oscillator's error, or one naming the ceiling.
pub fn clock_plan(
    board: &board::Board,
    baud: u32,
    max_mhz: Option<f64>,
    core: Option<&str>,
) -> Result<flux_fpga::clock::ClockPlan> {
    let fits = |hz| {
        flux_hdl::uart::UartConfig::for_clock(hz, u64::from(baud))
            .ok()
            .map(|c| c.clocks_per_bit())
    };
    let plan = match max_mhz {
        None => flux_fpga::clock::plan_up_to(board, board::default_ceiling_hz(board, core), fits),
        Some(mhz) if mhz.is_finite() && mhz > 0.0 && mhz <= MAX_CLOCK_MHZ => {
            flux_fpga::clock::plan_up_to(board, (mhz * 1e6).round() as u64, fits)
        }
        Some(mhz) => bail!("--clock-mhz {mhz}: give a clock above 0 and up to {MAX_CLOCK_MHZ} MHz"),
    };
    match (plan, max_mhz) {
        (Some(plan), _) => Ok(plan),
        (None, Some(mhz)) => bail!(
            "--baud {baud}: no clock of the {} at or below {mhz} MHz makes it (its oscillator is \
             {} MHz; a PLL output must come within 2 % of a whole number of clocks per bit)",
            board.name,
            board.clock_mhz
        ),
        (None, None) => {
            // The oscillator's error names the rate it would make.
            clocks_per_bit(board, baud)?;
            bail!("--baud {baud}: no clock of the {} makes it", board.name)
        }
    }
}

/// The baud rate of the flashed board top and its clocks per bit: its build report's (`flux fpga
/// build`, which may clock the board top from a PLL), which must be for this board and this core;
/// `--baud` may only repeat it. Without a report, `--baud` or [`board_top::HOST_BAUD`] at the
/// board oscillator (`None`).
fn line_rate(
    board: &board::Board,
    preset: &Preset,
    build: Option<&Path>,
    baud: Option<u32>,
) -> Result<(u32, Option<u32>)> {
    let dir = build.map_or_else(
        || super::fpga::default_out(board, preset.name),
        Path::to_path_buf,
    );
    let path = dir.join("fpga-report.json");
    let report: BuildReport = match std::fs::read_to_string(&path) {
        Ok(text) => serde_json::from_str(&text)
            .with_context(|| format!("{}: not a `flux fpga build` report", path.display()))?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && build.is_none() => {
            return Ok((baud.unwrap_or(board_top::HOST_BAUD), None));
        }
        Err(e) => bail!("cannot read {}: {e}", path.display()),
    };
    let module = board_top::board_module_name(preset);
    if report.board != board.name || report.core != module {
        bail!(
            "{}: the bitstream is {} for the {}, not {module} for the {}: give --board and \
             --preset of the build, or its --build directory",
            path.display(),
            report.core,
            report.board,
            board.name
        );
    }
    match (report.uart, baud) {
        (Some(u), Some(b)) if u.baud != b => bail!(
            "--baud {b}: the bitstream was built for {} baud ({}), so the board would never answer; \
             drop --baud, or rebuild with `flux fpga build --baud {b}`",
            u.baud,
            path.display()
        ),
        (Some(u), _) => Ok((u.baud, Some(u.clocks_per_bit))),
        (None, b) => Ok((b.unwrap_or(board_top::HOST_BAUD), None)),
    }
}

fn run_network(args: RunArgs) -> Result<ExitCode> {
    if let Some(trace) = &args.trace {
        super::output::check_file(trace, &[&args.network])?;
    }
    let board = board_arg(&args.board)?;
    if args.tries == 0 {
        bail!("--tries must be at least 1");
    }
    let compiled = cosim::compile_for_hardware(&args.network, args.preset.as_deref())?;
    refuse_spike_counts(&compiled)?;
    let (baud, built) = line_rate(
        &board,
        &compiled.image.preset,
        args.build.as_deref(),
        args.baud,
    )?;
    // Without a report, the clock `flux fpga build` gives this core by default.
    let clocks_per_bit = match built {
        Some(cpb) => cpb,
        None => clock_plan(&board, baud, None, Some(compiled.image.preset.name))?.clocks_per_bit,
    };
    let steps = cosim::steps_of(&args.network, args.steps, &compiled)?;
    let probes = if args.no_probes {
        Vec::new()
    } else {
        sim::probes_arg(&args.network, &compiled, &args.probes)?
    };

    let network_name = sim::file_name(&args.network);
    let mut sink = sim::TraceSink::new(
        args.trace.as_deref(),
        &compiled,
        &network_name,
        &probes,
        args.probe_every,
    )?;

    let link = SerialLink::open(&args.port, baud).with_context(|| {
        format!(
            "no board on {}: is it plugged in, flashed with `flux fpga build --board {}`, and is \
             this its UART?",
            args.port, board.name
        )
    })?;
    let mut config = SessionConfig::new(clocks_per_bit);
    config.max_tries = args.tries;
    let mut session = Session::new(link, config);
    let start = Instant::now();
    let mut recorder = BoardRecorder::start(&mut session, &compiled, &probes)
        .with_context(|| format!("cannot start {} on the board", network_name))?
        .with_probe_every(args.probe_every)
        .with_generators(!args.host_inputs);
    let generators = recorder.generators();
    let schedule = recorder.schedule_len();
    let loaded = start.elapsed();
    let image = match recorder.loaded() {
        Some(l) => {
            let which = if l.full {
                "every one"
            } else {
                "the non-zero ones (the board's memories held their power-up zeros)"
            };
            let how = if l.burst {
                "confirmed by the board's load checksum"
            } else {
                "confirmed by the board's write count"
            };
            format!("{} words in {} frames, {which}, {how}", l.words, l.frames)
        }
        None => "loaded before".to_string(),
    };
    let bar = sim::progress_bar(steps);
    let mut done = 0;
    while done < steps {
        let chunk = (steps - done).min(RUN_CHUNK);
        for record in recorder.run(chunk).context("the board run failed")? {
            sink.take(&record)?;
        }
        done += chunk;
        if let Some(bar) = &bar {
            bar.set_position(done);
        }
    }
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    // A board reset before the first STEP or after the last REPORT is found only here: no trace
    // is written before it passes (docs/host_link.md §4).
    recorder.finish().context("the board run failed")?;
    let wall = start.elapsed();
    let stats = *session.stats();
    let (spikes, cycles) = (sink.spikes, sink.cycles);
    sink.finish()?;

    println!(
        "board:        {} on {} at {} baud, core {}",
        board.name, args.port, baud, compiled.image.preset.name
    );
    println!("image:        {image}");
    println!(
        "mode:         {}",
        if probes.is_empty() || args.probe_every > 1 {
            "streamed (RUN from one input event or probe read to the next, STREAM replies)"
        } else {
            "stepped (STEP and a READ per probe every timestep; --no-probes or --probe-every K \
             streams)"
        }
    );
    match generators {
        Some((base, count)) if schedule > 0 => println!(
            "inputs:       channels {base}..{} drawn on the board's input generators and \
             {schedule} current injections from their schedule: no EVENTs",
            base + count
        ),
        Some((base, count)) => println!(
            "inputs:       channels {base}..{} drawn on the board's input generators, the rest \
             sent as EVENTs",
            base + count
        ),
        None => println!("inputs:       every input event sent as an EVENT"),
    }
    println!("timesteps:    {steps}");
    println!("spikes:       {spikes}");
    println!("cycles:       {cycles} measured on the board");
    println!(
        "link:         {} frames, {} retries ({} NAKs, {} damaged replies, {} timeouts)",
        stats.frames, stats.retries, stats.naks, stats.garbled, stats.timeouts
    );
    println!(
        "wall time:    {:.3} s ({:.3} s connect and image load)",
        wall.as_secs_f64(),
        loaded.as_secs_f64()
    );
    if let Some(path) = &args.trace {
        println!(
            "trace:        {} ({} probed neurons)",
            path.display(),
            probes.len()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The board link carries one id per spiking neuron and timestep (`docs/host_link.md` §3): a Xylo
/// neuron that may fire several spikes in a timestep (`cap > 1`, `docs/model.md` §4.2) would be
/// reported as one, so such a network is refused before anything runs.
fn refuse_spike_counts(compiled: &flux_sim::compile::Compiled) -> Result<()> {
    use flux_sim::spec::{profile as pf, state};
    let image = &compiled.image;
    let p = image.preset;
    let used = image.state.iter().take(image.n_neurons as usize);
    for index in used.map(|&w| state::PROFILE.get(w) as usize) {
        let Some(&word) = image.profiles.get(index) else {
            continue;
        };
        if p.runs_as(pf::KIND.get(word)) == pf::KIND_XYLO && pf::XYLO_CAP.get(word) > 1 {
            let name = compiled.profiles.get(index).map_or("?", String::as_str);
            bail!(
                "profile \"{name}\" is a Xylo profile with cap {}: the board link reports one spike per neuron and timestep, so it runs only Xylo profiles with cap 0 or 1 (run the network with flux cosim or flux sim)",
                pf::XYLO_CAP.get(word)
            );
        }
    }
    Ok(())
}
