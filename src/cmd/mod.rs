//! One module per subcommand: its clap `Args` and its `run`.

pub mod bench;
pub mod board;
pub mod cosim;
pub mod diff;
pub mod emit;
pub mod estimate;
pub mod eval;
pub mod fpga;
pub mod image;
pub mod import;
pub mod mutate;
pub mod output;
pub mod place;
pub mod plot;
pub mod run;
pub mod sim;

use std::path::Path;

use anyhow::{Context, Result};
use flux_sim::compile::{self, Compiled, CoreChoice};

/// The core a `--preset` option names (`None`: the network file decides).
pub fn core_choice(preset: Option<&str>) -> Result<Option<CoreChoice>> {
    preset
        .map(|name| {
            CoreChoice::from_name(name).with_context(|| {
                format!(
                    "unknown preset {name:?}: use {} or fit",
                    flux_sim::spec::preset_names()
                )
            })
        })
        .transpose()
}

/// The preset named by a `--preset` argument, or an error that lists the presets.
pub fn preset_arg(name: &str) -> Result<flux_sim::spec::Preset> {
    flux_sim::spec::preset(name).ok_or_else(|| {
        anyhow::anyhow!(
            "unknown preset {name:?} (choose {})",
            flux_sim::spec::preset_names()
        )
    })
}

/// Compiles the network at `path` for `core` (`None`: the file decides). The one entry point every
/// command uses to read a network, so that a NIR graph (`.nir`) is accepted wherever a network file
/// is, imported in memory exactly as `flux import` writes it.
pub fn load_network(path: &Path, core: Option<CoreChoice>) -> Result<Compiled> {
    if import::is_nir(path) {
        let imported = flux_nir::import_file(path, &flux_nir::Options::default())?;
        return compile::compile_str_for(&imported.text, &path.display().to_string(), core)
            .context("cannot compile the imported network");
    }
    compile::compile_file_for(path, core).context("cannot compile the network")
}
