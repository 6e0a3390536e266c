//! `flux emit`: writes the Verilog of a core preset (`flux_core_<preset>.v`) or, with `--board`, of
//! its board top (`flux_board_<preset>.v`: the core behind the UART host link), optionally holding
//! a compiled network so that a board boots into it (plus one `$readmemh` file per memory).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use flux_sim::compile;
use flux_sim::spec;

#[derive(clap::Args)]
pub struct Args {
    /// Core preset: small, up5k, ulx3s or large.
    #[arg(long, value_name = "P")]
    pub preset: String,
    /// Output directory (created if needed).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Network file (TOML) compiled into the memories' initial contents (`$readmemh` files
    /// beside the Verilog; run the FPGA tools in DIR).
    #[arg(long, value_name = "FILE")]
    pub network: Option<PathBuf>,
    /// Emit the board top (`flux_board_<preset>`: pins clock, rx, tx; docs/host_link.md) instead
    /// of the bare core.
    #[arg(long)]
    pub board: bool,
    /// The board top's UART bit time in clocks [default: as committed in rtl-out/: 104 (12 MHz,
    /// 115,200 baud) for up5k, 8 (simulation) for the others].
    #[arg(long, value_name = "N", requires = "board")]
    pub clocks_per_bit: Option<u32>,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let preset = super::preset_arg(&args.preset)?;
    super::output::check_dir(&args.out)?;
    // All or nothing: the files are written into a directory beside DIR and moved into it only
    // once every one is complete (a failed emission used to leave two networks' files mixed).
    let staging = super::output::staging_dir(&args.out)?;
    let written = if args.board {
        emit_board(&args, &preset, staging.path())?
    } else {
        emit_core(&args, &preset, staging.path())?
    };
    let inputs: Vec<&Path> = args.network.iter().map(|p| p.as_path()).collect();
    for path in super::output::move_into(&written, &args.out, &inputs)? {
        println!("{}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes the core's files into `dir`; returns them.
fn emit_core(args: &Args, preset: &spec::Preset, dir: &Path) -> Result<Vec<PathBuf>> {
    let preset = *preset;
    let written = match &args.network {
        None => vec![
            flux_hdl::emit::emit_to_dir(&preset, dir)
                .with_context(|| format!("emitting preset `{}`", preset.name))?,
        ],
        Some(net) => {
            let compiled = super::load_network(net, Some(compile::CoreChoice::Preset(preset)))
                .with_context(|| {
                    format!("compiling {} for preset `{}`", net.display(), preset.name)
                })?;
            flux_hdl::emit::emit_with_image(&preset, &compiled.image, dir).with_context(|| {
                format!("emitting preset `{}` with {}", preset.name, net.display())
            })?
        }
    };
    Ok(written)
}

/// Writes the board top's files into `dir`; returns them.
fn emit_board(args: &Args, preset: &spec::Preset, dir: &Path) -> Result<Vec<PathBuf>> {
    use flux_hdl::board_top;
    let cpb = args
        .clocks_per_bit
        .unwrap_or_else(|| board_top::rtl_out_clocks_per_bit(preset));
    let uart = flux_hdl::uart::UartConfig::new(cpb).context("--clocks-per-bit")?;
    let written = match &args.network {
        None => vec![
            board_top::emit_board_to_dir(preset, uart, dir)
                .with_context(|| format!("emitting the board top of preset `{}`", preset.name))?,
        ],
        Some(net) => {
            let compiled = super::load_network(net, Some(compile::CoreChoice::Preset(*preset)))
                .with_context(|| {
                    format!("compiling {} for preset `{}`", net.display(), preset.name)
                })?;
            board_top::emit_board_with_image(preset, &compiled.image, uart, dir).with_context(
                || {
                    format!(
                        "emitting the board top of preset `{}` with {}",
                        preset.name,
                        net.display()
                    )
                },
            )?
        }
    };
    Ok(written)
}
