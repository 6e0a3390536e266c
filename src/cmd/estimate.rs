//! `flux estimate`: what a network costs on a board, predicted on the model: the core's cycles and
//! time per timestep at the board clock, the bytes and time the host link needs per timestep
//! (with and without the probe reads), the image load, and timesteps/s for the core alone and end
//! to end with `flux board run`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use flux_host::estimate::{Traffic, estimate_with};

use super::{board, cosim, sim};

#[derive(clap::Args)]
pub struct Args {
    /// The network file (TOML or .nir).
    pub network: PathBuf,
    /// The board: icebreaker or ulx3s (its clock and UART).
    #[arg(long)]
    pub board: String,
    /// Timesteps to run the model for [default: the file's `[run] steps`].
    #[arg(long)]
    pub steps: Option<u64>,
    /// Neurons read, as for `flux board run --probe` [default: the file's `[run] probes`].
    #[arg(long = "probe", value_name = "SPEC", value_delimiter = ',')]
    pub probes: Vec<String>,
    /// Read the probes after every K-th timestep, as `flux board run --probe-every K`.
    #[arg(long, value_name = "K", default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..))]
    pub probe_every: u64,
    /// As `flux board run --host-inputs`: every input event from the host, none drawn on the
    /// board's input generators.
    #[arg(long)]
    pub host_inputs: bool,
    /// Core preset: small, up5k, ulx3s or large [default: the file's `[core] preset`, else the
    /// smallest that fits].
    #[arg(long, value_name = "P")]
    pub preset: Option<String>,
    /// Baud rate of the board's UART.
    #[arg(long, default_value_t = 115_200)]
    pub baud: u32,
    /// The board top's clock ceiling, as `flux fpga build --clock-mhz` [default: as `flux fpga
    /// build`, the clock the core's board top closes timing under, else the board's oscillator].
    #[arg(long, value_name = "MHZ")]
    pub clock_mhz: Option<f64>,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let board = board::board_arg(&args.board)?;
    let compiled = cosim::compile_for_hardware(&args.network, args.preset.as_deref())?;
    // As `flux fpga build` clocks the core's board top for this rate and ceiling (a PLL where
    // needed).
    let clock = board::clock_plan(
        &board,
        args.baud,
        args.clock_mhz,
        Some(compiled.image.preset.name),
    )?;
    let clocks_per_bit = clock.clocks_per_bit;
    let steps = cosim::steps_of(&args.network, args.steps, &compiled)?;
    if steps == 0 {
        anyhow::bail!("--steps must be at least 1");
    }
    let probes = sim::probes_arg(&args.network, &compiled, &args.probes)?;

    let est = estimate_with(
        &compiled,
        &probes,
        args.probe_every,
        steps,
        !args.host_inputs,
    );
    let clock_hz = clock.clock_hz as f64;
    // The line's real rate: the board divides its clock by a whole number of clocks per bit.
    let line_baud = clock_hz / f64::from(clocks_per_bit);
    let n = steps as f64;
    let core_s = est.cycles as f64 / clock_hz;
    // The board's time: the core's cycles and the input generators' walks before each tick.
    let board_s = (est.cycles + est.walk_cycles) as f64 / clock_hz;
    let per_step = |t: &Traffic| t.bytes() as f64 / n;
    let end_to_end = |t: &Traffic| n / (t.seconds(line_baud) + board_s);

    println!(
        "network:      {} on core {} ({} neurons), {steps} timesteps on the model",
        sim::file_name(&args.network),
        compiled.image.preset.name,
        compiled.image.n_neurons
    );
    println!(
        "board:        {} at {} MHz; UART {} baud ({clocks_per_bit} clocks per bit, {:.0} baud \
         on the line)",
        board.name,
        clock.mhz(),
        args.baud,
        line_baud
    );
    println!(
        "core:         {:.1} cycles per timestep (longest {}): {:.2} us per timestep, {:.0} \
         timesteps/s",
        est.cycles as f64 / n,
        est.max_cycles,
        core_s / n * 1e6,
        n / core_s
    );
    println!(
        "traffic:      {:.2} events and {:.2} spikes per timestep",
        est.events as f64 / n,
        est.spikes as f64 / n
    );
    if let Some((base, count)) = est.generators {
        let schedule = if est.schedule > 0 {
            format!(" and {} current injections on their schedule", est.schedule)
        } else {
            String::new()
        };
        println!(
            "generators:   channels {base}..{} on the board's input generators{schedule}: {:.2} \
             events per timestep made on the chip, {:.0} board cycles per timestep for the walk",
            base + count,
            est.chip_events as f64 / n,
            est.walk_cycles as f64 / n
        );
    }
    println!(
        "link, probed: {:.2} bytes per timestep ({} probes every {} timesteps): {:.3} ms per \
         timestep, {:.1} timesteps/s end to end",
        per_step(&est.run),
        probes.len(),
        args.probe_every,
        est.run.seconds(line_baud) / n * 1e3,
        end_to_end(&est.run)
    );
    println!(
        "link, spikes: {:.2} bytes per timestep (--no-probes: RUN and STREAM): {:.3} ms per \
         timestep, {:.1} timesteps/s end to end",
        per_step(&est.run_streamed),
        est.run_streamed.seconds(line_baud) / n * 1e3,
        end_to_end(&est.run_streamed)
    );
    // `BURST`s where the preset's link takes them; the board holds each frame a while to take it
    // apart (`burst::hold_clocks`).
    let frames = if compiled.image.preset.burst {
        "frames (WRITE and BURST)"
    } else {
        "WRITEs"
    };
    let load_s = est.load.seconds(line_baud) + est.fresh_hold_clocks as f64 / clock_hz;
    let reload_s = est.reload.seconds(line_baud) + est.hold_clocks as f64 / clock_hz;
    println!(
        "image load:   {} words in {} {frames}, {} bytes: {load_s:.2} s on a fresh board (its \
         memories at their power-up zeros: the non-zero words only)",
        est.fresh_writes,
        est.fresh_frames,
        est.load.bytes(),
    );
    println!(
        "image reload: {} words in {} {frames}, {} bytes: {reload_s:.2} s on a board written since \
         power-up (every word)",
        est.writes,
        est.frames,
        est.reload.bytes(),
    );
    println!(
        "whole run:    {:.2} s with the probes (line time only: a USB serial adapter adds its \
         latency to every reply)",
        load_s + est.run.seconds(line_baud) + board_s
    );
    Ok(ExitCode::SUCCESS)
}
