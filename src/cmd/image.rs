//! `flux image`: a compiled network's core image as files any host or testbench can load: one
//! `$readmemh` file per memory (`flux_core_<preset>_<memory>.hex`, the files `flux emit --network`
//! boots from) and the write list `writes.hex` (every word of the load sequence, `docs/model.md`
//! §8), so a design that embeds the core loads it through the configuration port without Rust;
//! and a run of the model on it: the external events of every timestep (`events.hex`) and the
//! spikes the model computes (`expected.hex`), which `embed/flux_embed_tb.sv` feeds and checks.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use flux_sim::compile::{self, Compiled};
use flux_sim::core::Core;
use flux_sim::image::RunLists;

/// File name of the write list.
pub const WRITE_LIST: &str = "writes.hex";
/// File name of the event list (`docs/model.md` §8).
pub const EVENT_LIST: &str = "events.hex";
/// File name of the expected-spike list (`docs/model.md` §8).
pub const SPIKE_LIST: &str = "expected.hex";

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
    /// Timesteps of the run written to events.hex and expected.hex [default: the file's `[run]
    /// steps`]; 0 writes both with their end line only.
    #[arg(long, value_name = "N")]
    pub steps: Option<u64>,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let preset = super::preset_arg(&args.preset)?;
    super::output::check_dir(&args.out)?;
    let mut compiled =
        super::load_network(&args.network, Some(compile::CoreChoice::Preset(preset)))
            .with_context(|| {
                format!(
                    "compiling {} for preset `{}`",
                    args.network.display(),
                    preset.name
                )
            })?;
    let steps = super::cosim::steps_of(&args.network, args.steps, &compiled)?;
    // The lists stamp timesteps with the core's 32-bit counter (`docs/model.md` §7), and their end
    // line holds the count.
    if steps > u64::from(u32::MAX) {
        bail!(
            "--steps {steps}: at most {} (the core counts timesteps in 32 bits)",
            u32::MAX
        );
    }
    let run = model_run(&mut compiled, steps);
    // All or nothing, as `flux emit`: written beside DIR, moved in once complete.
    let staging = super::output::staging_dir(&args.out)?;
    let module = flux_hdl::emit::module_name(&preset);
    let mut written =
        flux_hdl::emit::write_init_files(&module, &preset, &compiled.image, staging.path())
            .context("writing the memory files")?;
    let list = staging.path().join(WRITE_LIST);
    super::output::write_file(&list, compiled.image.write_list().as_bytes())?;
    written.push(list);
    for (name, text) in [
        (EVENT_LIST, run.event_list()),
        (SPIKE_LIST, run.spike_list()),
    ] {
        let path = staging.path().join(name);
        super::output::write_file(&path, text.as_bytes())?;
        written.push(path);
    }
    let inputs: [&Path; 1] = [&args.network];
    for path in super::output::move_into(&written, &args.out, &inputs)? {
        println!("{}", path.display());
    }
    println!(
        "{steps} timesteps: {} input events, {} spikes expected",
        run.n_events, run.n_spikes
    );
    Ok(ExitCode::SUCCESS)
}

/// Runs the model on the compiled image for `steps` timesteps with the network's inputs, as the
/// cosimulation drives the core (`Cosim::run`: the events of timestep `t`, then `tick`).
fn model_run(compiled: &mut Compiled, steps: u64) -> RunLists {
    let mut core = Core::new(&compiled.image);
    let mut lists = RunLists::default();
    let mut events = Vec::new();
    for t in 0..steps {
        compiled.inputs.events_at(t, &mut events);
        let report = core.step(&events);
        lists.push_step(&events, report.spikes);
    }
    lists
}
