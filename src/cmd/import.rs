//! `flux import`: a trained network in NIR (`.nir`, HDF5) becomes a Flux network file, quantised by
//! the rules of `docs/model.md` §13, with every derivation and the quantisation report in its header.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Result, bail};
use flux_nir::{Kind, Options, Reset};

#[derive(clap::Args)]
pub struct Args {
    /// The NIR file (written by the `nir` package, e.g. snnTorch's export_to_nir).
    pub model: PathBuf,
    /// The Flux network file to write (TOML).
    #[arg(short, long)]
    pub output: PathBuf,
    #[command(flatten)]
    pub import: ImportArgs,
}

/// The options that decide how a NIR graph becomes integers; also taken by `flux eval`.
#[derive(clap::Args, Clone, Debug)]
pub struct ImportArgs {
    /// Timestep in seconds (NIR is continuous-time; snnTorch exports with 1e-4).
    #[arg(long, default_value_t = 1e-4)]
    pub dt: f64,
    /// Signed weight width (default: the preset's; above 8 needs --preset fit).
    #[arg(long)]
    pub weight_bits: Option<u32>,
    /// The core to compile for (default: the first preset that holds the network).
    #[arg(long)]
    pub preset: Option<String>,
    /// The Flux kind that runs LIF, IF and LI nodes (`xylo`: LIF, IF and CubaLIF run as Xylo
    /// neurons, with --reset subtract).
    #[arg(long, value_enum, default_value_t = KindArg::Flux)]
    pub kind: KindArg,
    /// What a neuron does after a spike: `zero` (NIR: v = v_reset; Norse, Lava-DL, Sinabs) or
    /// `subtract` (v = v - threshold; snnTorch's default, Rockpool).
    #[arg(long, value_enum, default_value_t = ResetArg::Zero)]
    pub reset: ResetArg,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum KindArg {
    Flux,
    Cuba,
    Xylo,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum ResetArg {
    Zero,
    Subtract,
}

impl ImportArgs {
    pub fn options(&self) -> Options {
        Options {
            dt: self.dt,
            weight_bits: self.weight_bits,
            preset: self.preset.clone(),
            kind: match self.kind {
                KindArg::Flux => Kind::Flux,
                KindArg::Cuba => Kind::Cuba,
                KindArg::Xylo => Kind::Xylo,
            },
            reset: match self.reset {
                ResetArg::Zero => Reset::Zero,
                ResetArg::Subtract => Reset::Subtract,
            },
        }
    }
}

/// Whether `path` names a NIR file (by its extension), which every command imports in memory.
pub fn is_nir(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("nir"))
}

pub fn run(args: Args) -> Result<ExitCode> {
    if is_nir(&args.output) {
        bail!(
            "{}: the output is a Flux network file (TOML), not NIR: name it .toml",
            args.output.display()
        );
    }
    super::output::check_file(&args.output, &[&args.model])?;
    let imported = flux_nir::import_file(&args.model, &args.import.options())?;
    super::output::write_file(&args.output, imported.text.as_bytes())?;
    print!("{}", flux_nir::quantise::report_table(&imported.layers));
    println!("wrote {}", args.output.display());
    Ok(ExitCode::SUCCESS)
}
