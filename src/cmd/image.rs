//! `flux image`: a compiled network's core image as files any host or testbench can load: one
//! `$readmemh` file per memory (`flux_core_<preset>_<memory>.hex`, the files `flux emit --network`
//! boots from) and the write list `writes.hex` (every word of the load sequence, `docs/model.md`
//! §8), so a design that embeds the core loads it through the configuration port without Rust.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use flux_sim::compile;

/// File name of the write list.
pub const WRITE_LIST: &str = "writes.hex";

#[derive(clap::Args)]
pub struct Args {
    /// Network file (TOML).
    pub network: PathBuf,
    /// Core preset: small, up5k, ulx3s or large.
    #[arg(long, value_name = "P")]
    pub preset: String,
    /// Output directory (created if needed).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let preset = super::preset_arg(&args.preset)?;
    super::output::check_dir(&args.out)?;
    let compiled = super::load_network(&args.network, Some(compile::CoreChoice::Preset(preset)))
        .with_context(|| {
            format!(
                "compiling {} for preset `{}`",
                args.network.display(),
                preset.name
            )
        })?;
    // All or nothing, as `flux emit`: written beside DIR, moved in once complete.
    let staging = super::output::staging_dir(&args.out)?;
    let module = flux_hdl::emit::module_name(&preset);
    let mut written =
        flux_hdl::emit::write_init_files(&module, &preset, &compiled.image, staging.path())
            .context("writing the memory files")?;
    let list = staging.path().join(WRITE_LIST);
    super::output::write_file(&list, compiled.image.write_list().as_bytes())?;
    written.push(list);
    let inputs: [&Path; 1] = [&args.network];
    for path in super::output::move_into(&written, &args.out, &inputs)? {
        println!("{}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}
