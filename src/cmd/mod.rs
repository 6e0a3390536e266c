//! One module per subcommand: its clap `Args` and its `run`.

pub mod bench;
pub mod board;
pub mod cosim;
pub mod diff;
pub mod emit;
pub mod fpga;
pub mod plot;
pub mod run;
pub mod sim;

use anyhow::{Context, Result};
use flux_sim::compile::CoreChoice;

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
