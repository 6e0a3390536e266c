//! `flux place`: a network placed on the cores of a chip (`docs/model.md` §15): which neurons each
//! core holds, its synapses and axons, the routes between cores; then the network run on the
//! model of one core and of the chip, which must agree on every spike and state.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use flux_sim::chip::{self, Chip, ChipImage};
use flux_sim::compile::CoreChoice;
use flux_sim::core::Core;

use super::{cosim, sim};

#[derive(clap::Args)]
pub struct Args {
    /// The network file (TOML or .nir).
    pub network: PathBuf,
    /// The chip: duo or ulx3s-quad.
    #[arg(long)]
    pub chip: String,
    /// The one-core reference it is compiled for: a preset, or `fit` (a model-only core sized to
    /// the network) [default: fit].
    #[arg(long, value_name = "P")]
    pub preset: Option<String>,
    /// Use exactly this many cores [default: as few routes between cores as fit, then the most
    /// even cut].
    #[arg(long, value_name = "K")]
    pub cores: Option<u32>,
    /// Timesteps to run on one core and on the chip, compared [default: the file's `[run] steps`].
    #[arg(long)]
    pub steps: Option<u64>,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let target = chip::chip(&args.chip)
        .with_context(|| format!("unknown chip {:?}: use {}", args.chip, chip::chip_names()))?;
    let name = args.preset.as_deref().unwrap_or("fit");
    let core = CoreChoice::from_name(name).with_context(|| {
        format!(
            "unknown preset {name:?}: use fit or {}",
            flux_sim::spec::preset_names()
        )
    })?;
    let compiled = super::load_network(&args.network, Some(core))?;
    let cuts: Vec<u32> = compiled.neurons.iter().map(|p| p.first).collect();
    let placed =
        ChipImage::place(&compiled.image, target, &cuts, args.cores).with_context(|| {
            format!(
                "cannot place {} on chip {}",
                sim::file_name(&args.network),
                target.name
            )
        })?;
    println!(
        "{} ({} neurons, reference core {}) on chip {}: {} cores of {}",
        sim::file_name(&args.network),
        compiled.image.n_neurons,
        compiled.image.preset.name,
        target.name,
        target.cores,
        target.core.name
    );
    for (line, place) in placed.to_string().lines().zip(&placed.places) {
        let pops: Vec<String> = compiled
            .neurons
            .iter()
            .filter_map(|p| {
                let a = p.first.max(place.neurons.start);
                let b = (p.first + p.size).min(place.neurons.end);
                (a < b).then(|| {
                    if b - a == p.size {
                        p.name.clone()
                    } else {
                        format!("{}[{}..{}]", p.name, a - p.first, b - p.first)
                    }
                })
            })
            .collect();
        if pops.is_empty() {
            println!("{line}");
        } else {
            println!("{line}; populations: {}", pops.join(", "));
        }
    }
    println!(
        "{} neuron-to-core routes between cores",
        placed.remote_routes()
    );

    let steps = cosim::steps_of(&args.network, args.steps, &compiled)?;
    let mut reference = Core::new(&compiled.image);
    let mut on_chip = Chip::new(&placed);
    let mut inputs = compiled.inputs.clone();
    let mut events = Vec::new();
    let (mut spikes, mut core_cycles, mut chip_cycles) = (0u64, 0u64, 0u64);
    for t in 0..steps {
        events.clear();
        inputs.events_at(t, &mut events);
        let want = reference
            .try_step(&events)
            .with_context(|| format!("timestep {t} on one core"))?;
        let got = on_chip
            .try_step(&events)
            .with_context(|| format!("timestep {t} on the chip"))?;
        let (want_spikes, want_cycles) = (want.spikes.len() as u64, want.cycles);
        if got.spikes != want.spikes {
            bail!(
                "timestep {t}: the chip's spikes differ from one core's (a bug: please report it)"
            );
        }
        for id in 0..compiled.image.n_neurons {
            if on_chip.state_word(id) != Some(reference.state_word(id)) {
                bail!(
                    "timestep {t}: neuron {id}'s state on the chip differs from one core's (a bug: please report it)"
                );
            }
        }
        spikes += want_spikes;
        core_cycles += want_cycles;
        chip_cycles += got.cycles;
    }
    println!(
        "{steps} timesteps: identical on one core and on the chip ({spikes} spikes, every state \
         word); cycles: {core_cycles} on one core, {chip_cycles} on the chip ({:.2}x)",
        core_cycles as f64 / chip_cycles.max(1) as f64
    );
    Ok(ExitCode::SUCCESS)
}
