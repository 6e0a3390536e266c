//! `flux`: spiking neural networks to verified FPGA hardware.

use clap::{Parser, Subcommand};

mod cmd;

#[derive(Parser)]
#[command(
    name = "flux",
    version,
    about = "Spiking neural networks to verified FPGA hardware"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Simulate a network with the bit-exact model and write a trace.
    Sim(cmd::sim::Args),
    /// Compare two traces: the first diverging timestep, neuron and field, or "identical".
    Diff(cmd::diff::Args),
    /// Plot a trace: spike raster and the state of probed neurons over time (SVG).
    Plot(cmd::plot::Args),
    /// Emit the Verilog of a core preset (optionally booting into a compiled network).
    Emit(cmd::emit::Args),
    /// Write a network's core image: one `$readmemh` file per memory and the write list a host or
    /// testbench replays through the configuration port.
    Image(cmd::image::Args),
    /// Time the model's simulation loop on a network: neuron updates/s, synaptic events/s.
    Bench(cmd::bench::Args),
    /// Cosimulate a network: the emitted Verilog under Verilator against the model, every timestep.
    Cosim(cmd::cosim::Args),
    /// The whole flow on a network: model trace, Verilog, cosimulation verdict, raster plot.
    Run(cmd::run::Args),
    /// Build the core for an FPGA board: bitstream plus resource and timing report.
    Fpga(cmd::fpga::Args),
    /// Run a network on a Flux board over its serial port and write the trace, as `flux sim` does.
    Board(cmd::board::Args),
    /// Predict a network's speed on a board: cycles and time per timestep, link time, image load,
    /// timesteps/s for the core alone and end to end.
    Estimate(cmd::estimate::Args),
    /// Import a trained network from NIR (.nir) into a Flux network file, with a quantisation report.
    Import(cmd::import::Args),
    /// Run a labelled data set through a network on the model: accuracy, confusion, cycles.
    Eval(cmd::eval::Args),
    /// Place a network on the cores of a chip and check it runs as on one core.
    Place(cmd::place::Args),
    /// Mutation testing of the emitted core: yosys mutants against the differential checks, score.
    Mutate(cmd::mutate::Args),
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Sim(a) => cmd::sim::run(a),
        Command::Place(a) => cmd::place::run(a),
        Command::Diff(a) => cmd::diff::run(a),
        Command::Plot(a) => cmd::plot::run(a),
        Command::Emit(a) => cmd::emit::run(a),
        Command::Image(a) => cmd::image::run(a),
        Command::Estimate(a) => cmd::estimate::run(a),
        Command::Bench(a) => cmd::bench::run(a),
        Command::Cosim(a) => cmd::cosim::run(a),
        Command::Run(a) => cmd::run::run(a),
        Command::Fpga(a) => cmd::fpga::run(a),
        Command::Board(a) => cmd::board::run(a),
        Command::Import(a) => cmd::import::run(a),
        Command::Eval(a) => cmd::eval::run(a),
        Command::Mutate(a) => cmd::mutate::run(a),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {}", one_line(&e));
            std::process::ExitCode::from(2)
        }
    }
}

/// The error and its causes on one line, `outer: cause: cause`, each cause once: many typed errors
/// show their cause in their own message and also return it as their source, and `{:#}` would
/// print it a second time.
fn one_line(e: &anyhow::Error) -> String {
    let mut line = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if line.is_empty() {
            line = text;
        } else if !line.contains(&text) {
            line = format!("{line}: {text}");
        }
    }
    line
}
