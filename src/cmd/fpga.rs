//! `flux fpga build`: the board top of a core (`flux_board_<preset>`: the core behind the UART host
//! link, `docs/host_link.md`), or any Verilog with its pins `clock`, `rx`, `tx`, on a board:
//! synthesis, place and route, bitstream, and the resource and timing report.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use flux_fpga::board::{Board, Family};
use flux_fpga::flow::{self, Design};
use flux_fpga::report::UartRate;
use flux_fpga::tools;
use flux_hdl::board_top;
use flux_hdl::uart::UartConfig;
use flux_sim::compile;
use flux_sim::spec::{self, Preset};

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub command: Fpga,
}

#[derive(clap::Subcommand)]
pub enum Fpga {
    /// Synthesize, place and route the board top (core and UART host link) for a board, write the
    /// bitstream and print the report.
    /// Exits 1 when timing is not met at the board clock, 2 on errors (including a design that does
    /// not fit the chip).
    Build(BuildArgs),
}

#[derive(clap::Args)]
pub struct BuildArgs {
    /// The board: icebreaker (iCE40UP5K, 12 MHz) or ulx3s (ECP5-85F, 25 MHz).
    #[arg(long)]
    pub board: String,
    /// Core preset: small, up5k, ulx3s or large [default: up5k on the icebreaker, ulx3s on the
    /// ulx3s].
    #[arg(long, value_name = "P")]
    pub preset: Option<String>,
    /// Build the board top of a chip of several cores instead (`docs/model.md` §15): duo or
    /// ulx3s-quad.
    #[arg(long, value_name = "CHIP", conflicts_with_all = ["preset", "net", "rtl"])]
    pub chip: Option<String>,
    /// Boot the core holding this network (its memories initialised from the compiled image).
    /// ECP5 only: the iCE40 build keeps the synapses in SPRAM, which a bitstream cannot initialise.
    #[arg(long, value_name = "NET")]
    pub net: Option<PathBuf>,
    /// Build this Verilog file instead of the emitted board top (its top must have the board top's
    /// pins: clock, rx, tx).
    #[arg(long, value_name = "FILE.v", conflicts_with_all = ["preset", "net"])]
    pub rtl: Option<PathBuf>,
    /// The top module of --rtl [default: the file name without `.v`].
    #[arg(long, value_name = "MODULE", requires = "rtl")]
    pub top: Option<String>,
    /// Output directory [default: target/fpga/<board>-<preset>].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Baud rate of the board top's UART, up to 3,000,000; the board clock divided by it must
    /// come within 2 % (recorded in the report, where `flux board run` reads it).
    #[arg(long, default_value_t = board_top::HOST_BAUD, conflicts_with = "rtl")]
    pub baud: u32,
    /// Clock the board top as fast as this many MHz allows: the fastest clock at or below it, from
    /// the oscillator or the FPGA's PLL, that makes --baud. nextpnr is constrained at that clock,
    /// and `flux board run` reads it from the report [default: the clock the core's board top was
    /// measured to close timing under (README, "Clocks"); else, for a board top not measured and
    /// for --rtl, the board's oscillator].
    #[arg(long, value_name = "MHZ", conflicts_with = "rtl")]
    pub clock_mhz: Option<f64>,
}

pub fn run(args: Args) -> Result<ExitCode> {
    match args.command {
        Fpga::Build(a) => build(a),
    }
}

fn default_preset(board: &Board) -> &'static str {
    match board.family {
        Family::Ice40 => spec::UP5K.name,
        Family::Ecp5 => spec::ULX3S.name,
    }
}

fn build(args: BuildArgs) -> Result<ExitCode> {
    let board = super::board::board_arg(&args.board)?;
    if args.baud > MAX_BAUD {
        bail!(
            "--baud {} is above {MAX_BAUD}, the fastest the boards' USB UARTs carry",
            args.baud
        );
    }
    // Everything the user gave is checked before the tools are looked for or installed (the ECP5
    // tools are 0.5 GB) and before anything is emitted.
    let (source, out) = match (&args.rtl, &args.chip) {
        (_, Some(name)) => {
            let chip = flux_sim::chip::chip(name).with_context(|| {
                format!(
                    "unknown chip {name:?}: use {}",
                    flux_sim::chip::chip_names()
                )
            })?;
            let out = args
                .out
                .clone()
                .unwrap_or_else(|| default_out(&board, chip.name));
            (Source::Chip(chip), out)
        }
        (Some(file), None) => {
            if let Err(e) = std::fs::File::open(file) {
                bail!(
                    "cannot read {}: {e}: give an existing Verilog file to --rtl",
                    file.display()
                );
            }
            let top = match &args.top {
                Some(t) => t.clone(),
                None => file
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .with_context(|| format!("{}: give the top module with --top", file.display()))?
                    .to_string(),
            };
            let out = args
                .out
                .clone()
                .unwrap_or_else(|| default_out(&board, &top));
            (Source::Rtl(Design::new(file, top)), out)
        }
        (None, None) => {
            let name = args.preset.as_deref().unwrap_or(default_preset(&board));
            let preset = spec::preset(name).with_context(|| {
                format!("unknown preset {name:?}: use {}", spec::preset_names())
            })?;
            // The iCE40 flow puts the synapse memory (the core's one single-port RAM) into SPRAM
            // (`synth_ice40 -spram`), and an SPRAM has no initial contents: with an image yosys
            // would build it from block RAM instead, which does not fit.
            if board.family == Family::Ice40
                && let Some(net) = &args.net
            {
                bail!(
                    "--net does not work on the {}: the {} core keeps its synapses in SPRAM, which a \
                     bitstream cannot initialise. Build without --net; `flux board run {} --port ...` \
                     loads the whole network over the UART before it runs.",
                    board.name,
                    preset.name,
                    net.display()
                );
            }
            let out = args
                .out
                .clone()
                .unwrap_or_else(|| default_out(&board, preset.name));
            (Source::Preset(preset), out)
        }
    };
    // The oscillator, or a PLL where the oscillator cannot make the rate, or where --clock-mhz or
    // the core's measured timing (`board::CLOSED_CLOCKS`) allows a faster clock.
    let core = match &source {
        Source::Rtl(_) => None,
        Source::Preset(preset) => Some(preset.name),
        Source::Chip(chip) => Some(chip.name),
    };
    let clock = super::board::clock_plan(&board, args.baud, args.clock_mhz, core)?;
    let uart = UartRate {
        baud: args.baud,
        clocks_per_bit: clock.clocks_per_bit,
        pll: clock.pll,
        clock_hz: clock.pll.map(|_| clock.clock_hz),
    };
    super::output::check_dir(&out)?;
    if out.is_dir() {
        let inputs: Vec<&Path> = args
            .net
            .iter()
            .chain(&args.rtl)
            .map(|p| p.as_path())
            .collect();
        super::output::check_file(&out.join("fpga-report.json"), &inputs)?;
    }
    let tools = match board.family {
        Family::Ice40 => tools::ice40()?,
        Family::Ecp5 => tools::ecp5(&target_dir().join("fpga-venv"))?,
    };
    let design = match source {
        Source::Rtl(design) => design,
        Source::Preset(preset) => {
            let mut design = emit_board(&board, &preset, uart, args.net.as_deref(), &out)?;
            design.clock = Some(clock);
            design
        }
        Source::Chip(chip) => {
            let uart_config = UartConfig::new(uart.clocks_per_bit)
                .with_context(|| format!("the UART of the {}", board.name))?;
            let file = flux_hdl::chip_board::emit_chip_board_to_dir(&chip, uart_config, &out)
                .with_context(|| format!("emitting the board top of chip {}", chip.name))?;
            let mut design = Design::new(file, flux_hdl::chip_board::chip_board_module_name(&chip));
            design.uart = Some(uart);
            design.clock = Some(clock);
            design
        }
    };

    eprintln!(
        "building {} for the {} ({}) in {} ...",
        design.top,
        board.name,
        board.chip,
        out.display()
    );
    let clock_mhz = design.clock_mhz(&board);
    let report = flow::build(&board, &design, &tools, &out)
        .with_context(|| format!("building {} for the {}", design.top, board.name))?;
    println!("{report}");
    if report.timing_met {
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!(
            "error: timing not met at the {} MHz board clock: no bitstream written (report: {})",
            clock_mhz,
            out.join("fpga-report.json").display()
        );
        Ok(ExitCode::from(1))
    }
}

/// What `flux fpga build` builds.
enum Source {
    /// A Verilog file of the user's.
    Rtl(Design),
    /// The board top of a preset, emitted once the tools are there.
    Preset(Preset),
    /// The board top of a chip (`docs/model.md` §15).
    Chip(flux_sim::chip::ChipPreset),
}

/// The fastest line rate `--baud` takes: the FT2232H of the iCEBreaker and the FT231X of the
/// ULX3S both carry 3 Mbaud.
pub const MAX_BAUD: u32 = 3_000_000;

/// Where `flux fpga build` writes a build for `board` by default (`label`: the preset).
pub fn default_out(board: &Board, label: &str) -> PathBuf {
    target_dir()
        .join("fpga")
        .join(format!("{}-{label}", board.name))
}

/// Emits the preset's board top into `out`, its UART at `rate` (booting into `net` when given),
/// and returns it as a design.
fn emit_board(
    board: &Board,
    preset: &Preset,
    rate: UartRate,
    net: Option<&Path>,
    out: &Path,
) -> Result<Design> {
    let module = board_top::board_module_name(preset);
    let uart = UartConfig::new(rate.clocks_per_bit)
        .with_context(|| format!("the UART of the {}", board.name))?;
    match net {
        None => {
            let file = board_top::emit_board_to_dir(preset, uart, out)
                .with_context(|| format!("emitting the {} board top", preset.name))?;
            let mut design = Design::new(file, module);
            design.uart = Some(rate);
            Ok(design)
        }
        Some(net) => {
            let compiled = super::load_network(net, Some(compile::CoreChoice::Preset(*preset)))
                .with_context(|| {
                    format!(
                        "cannot compile {} for the {} core",
                        net.display(),
                        preset.name
                    )
                })?;
            let files = board_top::emit_board_with_image(preset, &compiled.image, uart, out)
                .with_context(|| {
                    format!(
                        "emitting the {} board top holding {}",
                        preset.name,
                        net.display()
                    )
                })?;
            let (sources, data_files) = files
                .into_iter()
                .partition(|f| f.extension().is_some_and(|e| e == "v"));
            Ok(Design {
                sources,
                top: module,
                data_files,
                uart: Some(rate),
                clock: None,
            })
        }
    }
}

/// The workspace's `target/`: `CARGO_TARGET_DIR` if set, else `target/` beside the nearest
/// `Cargo.toml` that declares a workspace, else `./target`.
fn target_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    let cwd = std::env::current_dir().unwrap_or_default();
    cwd.ancestors()
        .find(|d| {
            std::fs::read_to_string(d.join("Cargo.toml"))
                .is_ok_and(|t| t.lines().any(|l| l.trim() == "[workspace]"))
        })
        .unwrap_or(&cwd)
        .join("target")
}
