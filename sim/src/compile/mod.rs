//! The compiler: a network file (`network.rs`, `docs/model.md` §10) to a [`CoreImage`] and an
//! [`InputSet`] (`docs/model.md` §8, §9).
//!
//! It works in three passes. (1) Resolve: every table is checked on its own (names, kinds, parameter
//! ranges that do not depend on the core) and turned into profile words, state words, synapses and
//! input sources. (2) Size: the needs of the network are compared with a preset (the one asked for,
//! or the first shipped one that fits, or a model-only core sized to the network). (3) Lay out: the
//! memories are filled exactly as `docs/model.md` §8 prescribes. Every refusal is one
//! [`CompileError`] naming the file, the line, the value and the limit.

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use toml::Spanned;

use crate::error::{Checked, CompileError, Problem, check_name, quote_name};
use crate::image::CoreImage;
use crate::inputs::{self, InputSet, P16_ONE, Schedule, Source, Xorshift32};
use crate::learn::{LearnRule, table_word};
use crate::network::{
    self, Connect, InputTable, NetworkFile, PopulationTable, ProfileTable, ProjectionTable,
};
use crate::noise::NOISE_K_MAX;
use crate::spec::{self, Field, Preset, profile, state, syn_type};

mod generators;
mod layout;
mod populations;
mod profiles;
mod projections;
mod values;

use self::generators::*;
use self::layout::*;
use self::populations::*;
use self::profiles::*;
use self::projections::*;
use self::values::*;

/// Name of the preset of a core sized to the network (`preset = "fit"`): usable by the model only;
/// hardware commands refuse it.
pub const MODEL_ONLY: &str = "model-only";

/// Largest model-only core: neurons, channels (the host interface addresses 16 bits), synapse words,
/// delay slots.
pub const MODEL_ONLY_MAX_NEURONS: u32 = 1 << 16;
pub const MODEL_ONLY_MAX_CHANNELS: u32 = 1 << 16;
pub const MODEL_ONLY_MAX_SYNAPSES: u32 = 1 << 24;
pub const MODEL_ONLY_MAX_DELAY_SLOTS: u32 = 64;
/// Most neuron pairs one generated projection may consider (`all_to_all`, `fixed_probability`).
pub const MAX_PAIRS_PER_PROJECTION: u64 = 1 << 30;
/// Widest synapse weight a core can have (`docs/model.md` §1).
pub const MAX_WEIGHT_BITS: u32 = 16;

/// Which core to compile for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CoreChoice {
    /// A shipped preset.
    Preset(Preset),
    /// A model-only core sized to the network ([`MODEL_ONLY`]).
    Fit,
}

impl CoreChoice {
    /// `small`, `up5k`, `large` or `fit`.
    pub fn from_name(name: &str) -> Option<Self> {
        if name == "fit" {
            Some(CoreChoice::Fit)
        } else {
            spec::preset(name).map(CoreChoice::Preset)
        }
    }
}

/// The neurons of one population: ids `first .. first + size`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PopulationRange {
    pub name: String,
    pub first: u32,
    pub size: u32,
    /// Profile name and its index in the profile table.
    pub profile: String,
    pub profile_index: u32,
}

impl PopulationRange {
    /// The neuron ids.
    pub fn ids(&self) -> Range<u32> {
        self.first..self.first + self.size
    }
}

/// The channels of one input: `first .. first + count` (`count = 0` for current injection).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChannelRange {
    pub name: String,
    /// `spikes`, `poisson`, `latency`, `delta` or `current`.
    pub kind: String,
    pub first: u32,
    pub count: u32,
}

impl ChannelRange {
    /// The channel numbers (source `N + channel`).
    pub fn channels(&self) -> Range<u32> {
        self.first..self.first + self.count
    }
}

/// `[run]` defaults for the command line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RunDefaults {
    pub steps: Option<u64>,
    pub dt_us: Option<u32>,
    /// Populations to record, by name (checked to exist).
    pub probes: Vec<String>,
}

/// A compiled network.
#[derive(Clone, Debug)]
pub struct Compiled {
    /// The memory contents (its `preset` says which core; [`MODEL_ONLY`] for a fitted one).
    pub image: CoreImage,
    /// The input generators.
    pub inputs: InputSet,
    /// Populations in file order with their neuron ids.
    pub neurons: Vec<PopulationRange>,
    /// Inputs in file order with their channels.
    pub channels: Vec<ChannelRange>,
    pub run: RunDefaults,
    /// Profile names in file order (profile index = position).
    pub profiles: Vec<String>,
}

impl Compiled {
    /// Whether the core is model-only (`preset = "fit"`), which hardware commands refuse.
    pub fn is_model_only(&self) -> bool {
        self.image.preset.name == MODEL_ONLY
    }

    /// The population that holds neuron `n`.
    pub fn population_of(&self, n: u32) -> Option<&PopulationRange> {
        self.neurons.iter().find(|p| p.ids().contains(&n))
    }

    /// The neurons the file's `[run] probes` select, ascending and unique (checked at compile time).
    pub fn run_probe_ids(&self) -> Vec<u32> {
        crate::probe::resolve(&self.neurons, self.image.n_neurons, &self.run.probes)
            .expect("[run] probes are checked when the network is compiled")
    }
}

/// Compiles the network file at `path`. `preset` overrides `[core] preset`.
pub fn compile_file(path: &Path, preset: Option<Preset>) -> Result<Compiled, CompileError> {
    compile_file_for(path, preset.map(CoreChoice::Preset))
}

/// Like [`compile_file`], also accepting [`CoreChoice::Fit`].
pub fn compile_file_for(path: &Path, core: Option<CoreChoice>) -> Result<Compiled, CompileError> {
    let origin = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| CompileError::Read {
        path: origin.clone(),
        source,
    })?;
    compile_str_for(&text, &origin, core)
}

/// Compiles network text; `origin` names it in errors (usually the file name).
pub fn compile_str(
    text: &str,
    origin: &str,
    preset: Option<Preset>,
) -> Result<Compiled, CompileError> {
    compile_str_for(text, origin, preset.map(CoreChoice::Preset))
}

/// Like [`compile_str`], also accepting [`CoreChoice::Fit`].
pub fn compile_str_for(
    text: &str,
    origin: &str,
    core: Option<CoreChoice>,
) -> Result<Compiled, CompileError> {
    compile_checked(text, core).map_err(|p| p.locate(origin, text))
}

/// Refuses, before anything quotes them in a message, names and references to names that are not
/// printable or too long ([`check_name`]).
fn check_names(file: &NetworkFile) -> Checked<()> {
    let check = |name: &Spanned<String>, what: &str| check_name(name.get_ref(), name.span(), what);
    for table in &file.profiles {
        for (key, value) in table.get_ref() {
            if key.get_ref() == "name"
                && let toml::Value::String(s) = value.get_ref()
            {
                check_name(s, value.span(), "profile name")?;
            }
        }
    }
    for p in &file.populations {
        check(&p.name, "population name")?;
        check(&p.profile, "population profile")?;
    }
    for i in &file.inputs {
        check(&i.name, "input name")?;
        if let Some(to) = &i.to {
            check(to, "input to")?;
        }
    }
    for p in &file.projections {
        if let Some(name) = &p.name {
            check(name, "projection name")?;
        }
        check(&p.from, "projection from")?;
        check(&p.to, "projection to")?;
    }
    for probe in file.run.iter().flat_map(|r| r.probes.iter().flatten()) {
        check(probe, "probe")?;
    }
    Ok(())
}

fn compile_checked(text: &str, core_arg: Option<CoreChoice>) -> Checked<Compiled> {
    let file = network::parse(text)?;
    check_names(&file)?;
    let run = resolve_run(&file)?;
    let profiles = resolve_profiles(&file.profiles)?;
    let populations = resolve_populations(&file.populations, &profiles)?;
    let choice = match core_arg {
        Some(c) => Some((c, None)),
        None => match file.core.as_ref().and_then(|c| c.preset.as_ref()) {
            Some(name) => match CoreChoice::from_name(name.get_ref()) {
                Some(c) => Some((c, Some(name.span()))),
                None => {
                    return Err(Problem::at(
                        name.span(),
                        format!(
                            "unknown preset {} ({} or fit)",
                            quote_name(name.get_ref()),
                            spec::preset_names()
                        ),
                    ));
                }
            },
            None => None,
        },
    };
    // The neuron count is checked against a chosen preset before any synapse is made: a network
    // far too large for it is refused at once, and for what is wrong (issue 11).
    if let Some((CoreChoice::Preset(p), _)) = &choice {
        populations_fit(&populations, p)?;
    }
    let names = Names::new(&populations, &file)?;
    let inputs = resolve_inputs(text, &file.inputs, &populations, &names, run.dt_us)?;
    let synapses = resolve_projections(
        text,
        &file.projections,
        &populations,
        &profiles,
        &inputs,
        &names,
    )?;
    // `[run] probes` take the selectors of `--probe` (crate::probe).
    let ranges: Vec<PopulationRange> = populations.iter().map(|p| p.range.clone()).collect();
    let n_neurons = ranges.last().map_or(0, |p| p.first + p.size);
    for probe in file.run.iter().flat_map(|r| r.probes.iter().flatten()) {
        crate::probe::select(&ranges, n_neurons, probe.get_ref())
            .map_err(|e| Problem::at(probe.span(), e))?;
    }

    let learning = resolve_learning_regs(&file, &profiles, &populations, &synapses)?;
    let noise_seed = resolve_noise_seed(&file)?;
    let needs = Needs {
        profiles: &profiles,
        populations: &populations,
        inputs: &inputs,
        synapses: &synapses,
    };
    // An empty or cut-short file parses as a network of nothing; running it as a 0-neuron core
    // would pass every check vacuously. Checked after every table, so a more specific refusal wins.
    if populations.is_empty() {
        return Err(Problem::whole_file(
            "the network has no [[population]]: nothing to simulate (is the file empty or cut short?)",
        ));
    }
    let preset = match choice {
        Some((CoreChoice::Preset(p), _)) => {
            needs.fit(&p)?;
            p
        }
        Some((CoreChoice::Fit, span)) => needs.model_only_preset(span)?,
        None => {
            let mut last = None;
            for p in spec::PRESETS {
                match needs.fit(&p) {
                    Ok(()) => {
                        last = None;
                        break;
                    }
                    Err(e) => last = Some(e),
                }
            }
            if let Some(mut e) = last {
                e.message.push_str(
                    " (the largest shipped preset; set [core] preset = \"fit\" for a model-only core)",
                );
                return Err(e);
            }
            spec::PRESETS
                .into_iter()
                .find(|p| needs.fit(p).is_ok())
                .expect("checked above")
        }
    };

    let image = lay_out(
        &preset,
        &profiles,
        &populations,
        &synapses,
        &learning,
        noise_seed,
    );
    Ok(Compiled {
        profiles: profiles.iter().map(|p| p.name.clone()).collect(),
        image,
        inputs: InputSet::new(inputs.iter().map(|i| i.source.clone()).collect()),
        neurons: populations.into_iter().map(|p| p.range).collect(),
        channels: inputs.into_iter().map(|i| i.range).collect(),
        run,
    })
}

// ---------------------------------------------------------------------------------------------
// Values

fn resolve_run(file: &NetworkFile) -> Checked<RunDefaults> {
    let Some(run) = &file.run else {
        return Ok(RunDefaults::default());
    };
    let steps = run
        .steps
        .as_ref()
        .map(|s| int_in(s, || "[run] steps".into(), 0, i64::MAX))
        .transpose()?;
    let dt_us = run
        .dt_us
        .as_ref()
        .map(|s| int_in(s, || "[run] dt_us".into(), 1, u32::MAX as i64))
        .transpose()?;
    Ok(RunDefaults {
        steps: steps.map(|s| s as u64),
        dt_us: dt_us.map(|d| d as u32),
        probes: run
            .probes
            .iter()
            .flatten()
            .map(|p| p.get_ref().clone())
            .collect(),
    })
}
