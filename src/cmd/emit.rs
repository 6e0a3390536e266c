//! `flux emit`: writes the Verilog of a core preset (`flux_core_<preset>.v`), optionally holding a
//! compiled network so that a board boots into it (plus one `$readmemh` file per memory).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use flux_sim::compile;
use flux_sim::spec;

#[derive(clap::Args)]
pub struct Args {
    /// Core preset: small, up5k or large.
    #[arg(long, value_name = "P")]
    pub preset: String,
    /// Output directory (created if needed).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Network file (TOML) compiled into the memories' initial contents (`$readmemh` files
    /// beside the Verilog; run the FPGA tools in DIR).
    #[arg(long, value_name = "FILE")]
    pub network: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let Some(preset) = spec::preset(&args.preset) else {
        bail!(
            "unknown preset `{}` (choose small, up5k or large)",
            args.preset
        );
    };
    let written = match &args.network {
        None => vec![
            flux_hdl::emit::emit_to_dir(&preset, &args.out)
                .with_context(|| format!("emitting preset `{}`", preset.name))?,
        ],
        Some(net) => {
            let compiled = compile::compile_file(net, Some(preset)).with_context(|| {
                format!("compiling {} for preset `{}`", net.display(), preset.name)
            })?;
            flux_hdl::emit::emit_with_image(&preset, &compiled.image, &args.out).with_context(
                || format!("emitting preset `{}` with {}", preset.name, net.display()),
            )?
        }
    };
    for path in written {
        println!("{}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}
