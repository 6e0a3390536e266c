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
use crate::spec::{self, Field, Preset, profile, state, syn_type};

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
    let synapses = resolve_projections(text, &file.projections, &populations, &inputs, &names)?;
    // `[run] probes` take the selectors of `--probe` (crate::probe).
    let ranges: Vec<PopulationRange> = populations.iter().map(|p| p.range.clone()).collect();
    let n_neurons = ranges.last().map_or(0, |p| p.first + p.size);
    for probe in file.run.iter().flat_map(|r| r.probes.iter().flatten()) {
        crate::probe::select(&ranges, n_neurons, probe.get_ref())
            .map_err(|e| Problem::at(probe.span(), e))?;
    }

    let learning = resolve_learning_regs(&file, &profiles, &populations, &synapses)?;
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

    let image = lay_out(&preset, &profiles, &populations, &synapses, &learning);
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

/// Reads an integer key and checks it against `lo..=hi`.
fn int_in(v: &Spanned<i64>, what: impl Fn() -> String, lo: i64, hi: i64) -> Checked<i64> {
    let x = *v.get_ref();
    if x < lo || x > hi {
        return Err(Problem::at(
            v.span(),
            format!("{} {x} is outside {lo}..={hi}", what()),
        ));
    }
    Ok(x)
}

/// A non-negative plain decimal literal (`12`, `0.02`, `1_000.5`) as `(digits, scale)`, meaning
/// `digits / 10^scale`. Exponents, signs and specials are refused so that the value is exact.
fn plain_decimal(literal: &str) -> Option<(u128, u32)> {
    let (int, frac) = literal.split_once('.').unwrap_or((literal, ""));
    let ok = |s: &str| s.bytes().all(|b| b.is_ascii_digit() || b == b'_');
    if int.is_empty() || !ok(int) || !ok(frac) || (literal.contains('.') && frac.is_empty()) {
        return None;
    }
    let digits: String = int
        .chars()
        .chain(frac.chars())
        .filter(|c| *c != '_')
        .collect();
    if digits.len() > 20 {
        return None;
    }
    let scale = frac.chars().filter(|c| *c != '_').count() as u32;
    Some((digits.parse().ok()?, scale))
}

/// `round(num / den)`, halves rounded up (`docs/model.md` §9).
fn round_half_up(num: u128, den: u128) -> u128 {
    (2 * num + den) / (2 * den)
}

/// A probability written as a plain decimal in `[0, 1]`, converted exactly to
/// `p16 = round_half_up(p * 65536)`.
fn decimal_p16(text: &str, v: &Spanned<toml::Value>, what: &str) -> Checked<u32> {
    let literal = text.get(v.span()).unwrap_or("");
    let Some((digits, scale)) = plain_decimal(literal.trim()) else {
        return Err(Problem::at(
            v.span(),
            format!("{what} must be a plain decimal such as 0.02 (got {literal})"),
        ));
    };
    let p16 = round_half_up(digits * P16_ONE as u128, 10u128.pow(scale));
    if p16 > P16_ONE as u128 || digits > 10u128.pow(scale) {
        return Err(Problem::at(
            v.span(),
            format!("{what} {literal} is outside 0..=1"),
        ));
    }
    Ok(p16 as u32)
}

/// Reads an integer-valued TOML value.
fn as_int(v: &Spanned<toml::Value>, what: &str) -> Checked<i64> {
    match v.get_ref() {
        toml::Value::Integer(i) => Ok(*i),
        other => Err(Problem::at(
            v.span(),
            format!("{what} must be an integer, not {other}"),
        )),
    }
}

/// A scalar or an array of `n` integers, expanded to `n` values.
fn per_neuron(v: &Spanned<toml::Value>, n: usize, what: &str) -> Checked<Vec<i64>> {
    match v.get_ref() {
        toml::Value::Integer(i) => Ok(vec![*i; n]),
        toml::Value::Array(items) => {
            if items.len() != n {
                return Err(Problem::at(
                    v.span(),
                    format!(
                        "{what} has {} values but the population has {n} neurons",
                        items.len()
                    ),
                ));
            }
            items
                .iter()
                .map(|x| match x {
                    toml::Value::Integer(i) => Ok(*i),
                    other => Err(Problem::at(
                        v.span(),
                        format!("{what} must hold integers, not {other}"),
                    )),
                })
                .collect()
        }
        other => Err(Problem::at(
            v.span(),
            format!("{what} must be an integer or an array of integers, not {other}"),
        )),
    }
}

fn describe_field(f: &Field) -> String {
    format!(
        "{}-bit {}",
        f.width,
        if f.signed { "signed" } else { "unsigned" }
    )
}

// ---------------------------------------------------------------------------------------------
// Resolve

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

/// A resolved profile: its packed word and what populations need to know.
struct ProfileDef {
    name: String,
    span: Range<usize>,
    kind: i64,
    word: u128,
    thr_off_max: i64,
    /// `[profile.learning]`, if given.
    learning: Option<LearningDef>,
}

/// A profile's `[profile.learning]` (`docs/model.md` §10, §12): the rule word's fields and the two
/// tables. `w_min` / `w_max` default to the chosen preset's weight range.
#[derive(Clone, Debug)]
struct LearningDef {
    span: Range<usize>,
    lr_gain: i64,
    lr_reverse: i64,
    w_min: Option<i64>,
    w_max: Option<i64>,
    fade_shift: i64,
    cons_thr: i64,
    ltp: LearnTable,
    ltd: LearnTable,
}

/// One column of the learning table (`ltp` or `ltd`).
#[derive(Clone, Debug, PartialEq, Eq)]
enum LearnTable {
    /// Given entry by entry; entries past the list are 0.
    Explicit(Vec<i64>),
    /// `table[0] = amp`, `table[k] = (table[k-1] * decay) >> 8`.
    Decay { amp: i64, decay: i64 },
}

impl LearnTable {
    /// The `window` entries of the column (the list is at most `window` long, checked by `fit`).
    fn entries(&self, window: usize) -> Vec<i64> {
        match self {
            LearnTable::Explicit(v) => (0..window)
                .map(|k| v.get(k).copied().unwrap_or(0))
                .collect(),
            LearnTable::Decay { amp, decay } => {
                let mut out = Vec::with_capacity(window);
                let mut x = *amp;
                for _ in 0..window {
                    out.push(x);
                    x = (x * decay) >> 8;
                }
                out
            }
        }
    }

    /// Entries given explicitly (0 for a generated column).
    fn explicit_len(&self) -> usize {
        match self {
            LearnTable::Explicit(v) => v.len(),
            LearnTable::Decay { .. } => 0,
        }
    }
}

/// Keys of `[profile.learning]`.
const LEARNING_KEYS: [&str; 12] = [
    "lr_gain",
    "lr_reverse",
    "w_min",
    "w_max",
    "fade_shift",
    "cons_thr",
    "ltp",
    "ltd",
    "ltp_amp",
    "ltp_decay",
    "ltd_amp",
    "ltd_decay",
];

/// Largest `ltp_decay` / `ltd_decay` (256: no decay).
const MAX_TABLE_DECAY: i64 = 256;

/// Reads `[profile.learning]` of profile `profile` (the value `v`). Nested TOML values carry no
/// position of their own, so every message points at the sub-table and names the key.
fn resolve_learning(profile: &str, v: &Spanned<toml::Value>) -> Checked<LearningDef> {
    let span = v.span();
    let at = |message: String| Problem::at(span.clone(), message);
    let toml::Value::Table(table) = v.get_ref() else {
        return Err(at(format!(
            "profile \"{profile}\" learning must be a table ([profile.learning])"
        )));
    };
    for key in table.keys() {
        if !LEARNING_KEYS.contains(&key.as_str()) {
            return Err(at(format!(
                "profile \"{profile}\" learning has no key `{key}`; its keys are {}",
                LEARNING_KEYS.join(", ")
            )));
        }
    }
    let int = |key: &str, lo: i64, hi: i64| -> Checked<Option<i64>> {
        let Some(value) = table.get(key) else {
            return Ok(None);
        };
        let x = match value {
            toml::Value::Integer(i) => *i,
            toml::Value::Boolean(b) if key == "lr_reverse" => i64::from(*b),
            other => {
                return Err(at(format!(
                    "profile \"{profile}\" learning {key} must be an integer, not {other}"
                )));
            }
        };
        if !(lo..=hi).contains(&x) {
            return Err(at(format!(
                "profile \"{profile}\" learning {key} {x} is outside {lo}..={hi}"
            )));
        }
        Ok(Some(x))
    };
    let field = |f: Field| int(f.name, f.min(), f.max());
    let entry = learn_table_field();
    let column = |name: &str| -> Checked<LearnTable> {
        let amp_key = format!("{name}_amp");
        let decay_key = format!("{name}_decay");
        match (table.get(name), table.get(&amp_key)) {
            (Some(_), Some(_)) => Err(at(format!(
                "profile \"{profile}\" learning gives both `{name}` and `{amp_key}`; use one"
            ))),
            (Some(list), None) => {
                if table.contains_key(&decay_key) {
                    return Err(at(format!(
                        "profile \"{profile}\" learning `{decay_key}` goes with `{amp_key}`, not with a `{name}` list"
                    )));
                }
                let toml::Value::Array(items) = list else {
                    return Err(at(format!(
                        "profile \"{profile}\" learning {name} must be a list of integers"
                    )));
                };
                let mut out = Vec::with_capacity(items.len());
                for (k, item) in items.iter().enumerate() {
                    match item {
                        toml::Value::Integer(i) if entry.fits(*i) => out.push(*i),
                        other => {
                            return Err(at(format!(
                                "profile \"{profile}\" learning {name}[{k}] = {other} is not an integer in {}..={}",
                                entry.min(),
                                entry.max()
                            )));
                        }
                    }
                }
                Ok(LearnTable::Explicit(out))
            }
            (None, Some(_)) => Ok(LearnTable::Decay {
                amp: int(&amp_key, entry.min(), entry.max())?.unwrap_or(0),
                decay: int(&decay_key, 0, MAX_TABLE_DECAY)?.unwrap_or(0),
            }),
            (None, None) => {
                if table.contains_key(&decay_key) {
                    return Err(at(format!(
                        "profile \"{profile}\" learning `{decay_key}` needs `{amp_key}`"
                    )));
                }
                Ok(LearnTable::Explicit(Vec::new()))
            }
        }
    };
    use spec::learn_rule as lr;
    let def = LearningDef {
        span: span.clone(),
        lr_gain: field(lr::LR_GAIN)?.unwrap_or(0),
        lr_reverse: field(lr::LR_REVERSE)?.unwrap_or(0),
        w_min: field(lr::W_MIN)?,
        w_max: field(lr::W_MAX)?,
        fade_shift: field(lr::FADE_SHIFT)?.unwrap_or(0),
        cons_thr: field(lr::CONS_THR)?.unwrap_or(0),
        ltp: column("ltp")?,
        ltd: column("ltd")?,
    };
    if let (Some(lo), Some(hi)) = (def.w_min, def.w_max)
        && lo > hi
    {
        return Err(at(format!(
            "profile \"{profile}\" learning w_min {lo} is above w_max {hi}"
        )));
    }
    Ok(def)
}

/// The field of one learning table entry (`ltp` and `ltd` have the same width).
fn learn_table_field() -> Field {
    spec::learn_table::LTP
}

/// Documented defaults of the profile parameters (`docs/model.md` §10).
fn profile_default(kind: i64, name: &str) -> i64 {
    match (kind, name) {
        (profile::KIND_FLUX, "thr") => 64,
        (profile::KIND_FLUX, "leak") => 1,
        (profile::KIND_CUBA, "vth") => 10,
        _ => 0,
    }
}

fn kind_name(kind: i64) -> &'static str {
    if kind == profile::KIND_FLUX {
        "flux"
    } else {
        "cuba"
    }
}

fn resolve_profiles(tables: &[ProfileTable]) -> Checked<Vec<ProfileDef>> {
    let mut out: Vec<ProfileDef> = Vec::new();
    for table in tables {
        let get = |key: &str| table.get_ref().iter().find(|(k, _)| k.get_ref() == key);
        let string = |key: &str| -> Checked<Spanned<String>> {
            match get(key) {
                Some((_, v)) => match v.get_ref() {
                    toml::Value::String(s) => Ok(Spanned::new(v.span(), s.clone())),
                    other => Err(Problem::at(
                        v.span(),
                        format!("profile {key} must be a string, not {other}"),
                    )),
                },
                None => Err(Problem::at(
                    table.span(),
                    format!("a [[profile]] needs a `{key}`"),
                )),
            }
        };
        let name = string("name")?;
        if out.iter().any(|p| p.name == *name.get_ref()) {
            return Err(Problem::at(
                name.span(),
                format!("profile \"{}\" is defined twice", name.get_ref()),
            ));
        }
        let kind_s = string("kind")?;
        let (kind, fields): (i64, &[Field]) = match kind_s.get_ref().as_str() {
            "flux" => (profile::KIND_FLUX, &profile::FLUX),
            "cuba" => (profile::KIND_CUBA, &profile::CUBA),
            other => {
                return Err(Problem::at(
                    kind_s.span(),
                    format!(
                        "profile \"{}\" kind \"{other}\" is not \"flux\" or \"cuba\"",
                        name.get_ref()
                    ),
                ));
            }
        };
        let params: Vec<Field> = std::iter::once(profile::REF_PERIOD)
            .chain(fields.iter().copied())
            .collect();
        for key in table.get_ref().keys() {
            let k = key.get_ref().as_str();
            if k != "name" && k != "kind" && k != "learning" && !params.iter().any(|f| f.name == k)
            {
                let list: Vec<&str> = params.iter().map(|f| f.name).collect();
                return Err(Problem::at(
                    key.span(),
                    format!(
                        "profile \"{}\" (kind {}) has no parameter `{k}`; its parameters are {}",
                        name.get_ref(),
                        kind_s.get_ref(),
                        list.join(", ")
                    ),
                ));
            }
        }
        let mut word = profile::KIND.set(0, kind);
        let mut values = HashMap::new();
        for f in &params {
            let (value, span) = match get(f.name) {
                Some((_, v)) => (
                    as_int(v, &format!("profile \"{}\" {}", name.get_ref(), f.name))?,
                    v.span(),
                ),
                None => (profile_default(kind, f.name), name.span()),
            };
            if !f.fits(value) {
                return Err(Problem::at(
                    span,
                    format!(
                        "profile \"{}\" {} {value} does not fit its {} field ({}..={})",
                        name.get_ref(),
                        f.name,
                        describe_field(f),
                        f.min(),
                        f.max()
                    ),
                ));
            }
            values.insert(f.name, (value, span));
            word = f.set(word, value);
        }
        if kind == profile::KIND_FLUX {
            // Extra ranges of docs/model.md §6.
            let (thr, span) = values["thr"].clone();
            if !(1..=32767).contains(&thr) {
                return Err(Problem::at(
                    span,
                    format!(
                        "profile \"{}\" thr {thr} is outside 1..=32767",
                        name.get_ref()
                    ),
                ));
            }
            let (leak, span) = values["leak"].clone();
            if values["leak_mode"].0 == 1 && leak > 15 {
                return Err(Problem::at(
                    span,
                    format!(
                        "profile \"{}\" leak {leak} is outside 0..=15 (a shift, since leak_mode = 1)",
                        name.get_ref()
                    ),
                ));
            }
        }
        out.push(ProfileDef {
            name: name.get_ref().clone(),
            span: name.span(),
            kind,
            word,
            thr_off_max: values.get("thr_off_max").map_or(0, |v| v.0),
            learning: match get("learning") {
                Some((_, v)) => Some(resolve_learning(name.get_ref(), v)?),
                None => None,
            },
        });
    }
    Ok(out)
}

/// A resolved population: its ids and initial state words.
struct PopulationDef {
    range: PopulationRange,
    span: Range<usize>,
    state: Vec<u128>,
}

fn resolve_populations(
    tables: &[PopulationTable],
    profiles: &[ProfileDef],
) -> Checked<Vec<PopulationDef>> {
    let mut out: Vec<PopulationDef> = Vec::new();
    let mut next: u64 = 0;
    for t in tables {
        let name = t.name.get_ref();
        let size = int_in(
            &t.size,
            || format!("population \"{name}\" size"),
            1,
            MODEL_ONLY_MAX_NEURONS as i64,
        )?;
        if next + size as u64 > MODEL_ONLY_MAX_NEURONS as u64 {
            return Err(Problem::at(
                t.size.span(),
                format!(
                    "population \"{name}\" brings the network above {MODEL_ONLY_MAX_NEURONS} neurons, the most any core can have"
                ),
            ));
        }
        let Some(index) = profiles.iter().position(|p| p.name == *t.profile.get_ref()) else {
            return Err(Problem::at(
                t.profile.span(),
                format!(
                    "population \"{name}\" uses profile \"{}\", which is not defined",
                    t.profile.get_ref()
                ),
            ));
        };
        let prof = &profiles[index];
        let n = size as usize;
        let mut state = vec![state::PROFILE.set(0, index as i64); n];
        for (field_name, value) in t.state_fields() {
            let Some(value) = value else { continue };
            let field = state::ALL
                .iter()
                .find(|f| f.name == field_name)
                .expect("state field names come from spec");
            let what = format!("population \"{name}\" {field_name}");
            // Valid initial values per kind (docs/model.md §3, §4).
            let range = match (prof.kind, field_name) {
                (profile::KIND_FLUX, "v") => Some((i16::MIN as i64, i16::MAX as i64)),
                (profile::KIND_FLUX, "thr_off") => Some((-prof.thr_off_max, prof.thr_off_max)),
                (profile::KIND_FLUX, "mod_level") => Some((i16::MIN as i64, i16::MAX as i64)),
                (profile::KIND_CUBA, "v") => Some((-((1 << 23) - 1), (1 << 23) - 1)),
                (profile::KIND_CUBA, "u") => Some((-(1 << 23) + 1, 1 << 23)),
                (_, "ref_cnt") | (profile::KIND_FLUX, "quiet_cnt") => Some((0, 255)),
                _ => None,
            };
            let Some((lo, hi)) = range else {
                return Err(Problem::at(
                    value.span(),
                    format!(
                        "population \"{name}\" sets {field_name}, which profile \"{}\" (kind {}) does not use",
                        prof.name,
                        kind_name(prof.kind)
                    ),
                ));
            };
            for (i, x) in per_neuron(value, n, &what)?.into_iter().enumerate() {
                if x < lo || x > hi {
                    let which = if matches!(value.get_ref(), toml::Value::Array(_)) {
                        format!("[{i}]")
                    } else {
                        String::new()
                    };
                    return Err(Problem::at(
                        value.span(),
                        format!("{what}{which} {x} is outside {lo}..={hi}"),
                    ));
                }
                state[i] = field.set(state[i], x);
            }
        }
        out.push(PopulationDef {
            range: PopulationRange {
                name: name.clone(),
                first: next as u32,
                size: size as u32,
                profile: prof.name.clone(),
                profile_index: index as u32,
            },
            span: t.name.span(),
            state,
        });
        next += size as u64;
    }
    Ok(out)
}

/// What a name in `from`/`to` refers to.
#[derive(Clone, Copy)]
enum Endpoint {
    Population(usize),
    Input(usize),
}

struct Names(HashMap<String, Endpoint>);

impl Names {
    fn new(populations: &[PopulationDef], file: &NetworkFile) -> Checked<Self> {
        let mut map = HashMap::new();
        let pops = file
            .populations
            .iter()
            .enumerate()
            .map(|(i, t)| (&t.name, Endpoint::Population(i)));
        let ins = file
            .inputs
            .iter()
            .enumerate()
            .map(|(i, t)| (&t.name, Endpoint::Input(i)));
        for (name, ep) in pops.chain(ins) {
            if map.insert(name.get_ref().clone(), ep).is_some() {
                return Err(Problem::at(
                    name.span(),
                    format!(
                        "the name \"{}\" is used twice (populations and inputs share one namespace)",
                        name.get_ref()
                    ),
                ));
            }
        }
        debug_assert_eq!(populations.len(), file.populations.len());
        Ok(Names(map))
    }
}

/// A resolved input.
struct InputDef {
    range: ChannelRange,
    span: Range<usize>,
    source: Source,
}

/// Keys each input kind takes besides `name` and `kind` (`docs/model.md` §10).
fn input_keys(kind: &str) -> Option<&'static [&'static str]> {
    Some(match kind {
        "spikes" => &["times"],
        "poisson" => &["channels", "p16", "rate_hz", "seed", "start", "stop"],
        "latency" => &["values", "max", "window", "start", "period"],
        "delta" => &["samples", "threshold", "start", "step"],
        "current" => &["to", "neurons", "value", "times", "start", "stop"],
        _ => return None,
    })
}

/// A list of timesteps, strictly ascending.
fn time_list(items: &[toml::Value], span: &Range<usize>, what: &str) -> Checked<Vec<u64>> {
    let mut out: Vec<u64> = Vec::with_capacity(items.len());
    for x in items {
        let toml::Value::Integer(t) = x else {
            return Err(Problem::at(
                span.clone(),
                format!("{what} must hold integer timesteps, not {x}"),
            ));
        };
        if *t < 0 {
            return Err(Problem::at(
                span.clone(),
                format!("{what} has the negative timestep {t}"),
            ));
        }
        if let Some(&prev) = out.last()
            && *t as u64 <= prev
        {
            return Err(Problem::at(
                span.clone(),
                format!("{what} must be strictly ascending ({t} follows {prev})"),
            ));
        }
        out.push(*t as u64);
    }
    Ok(out)
}

fn resolve_inputs(
    text: &str,
    tables: &[InputTable],
    populations: &[PopulationDef],
    names: &Names,
    dt_us: Option<u32>,
) -> Checked<Vec<InputDef>> {
    let mut out = Vec::new();
    let mut next_channel: u64 = 0;
    for t in tables {
        let name = t.name.get_ref();
        let kind = t.kind.get_ref().as_str();
        let Some(allowed) = input_keys(kind) else {
            return Err(Problem::at(
                t.kind.span(),
                format!(
                    "input \"{name}\" kind \"{kind}\" is not spikes, poisson, latency, delta or current"
                ),
            ));
        };
        for (key, span) in t.given_keys() {
            if !allowed.contains(&key) {
                return Err(Problem::at(
                    span,
                    format!(
                        "input \"{name}\" (kind {kind}) does not take `{key}`; it takes {}",
                        allowed.join(", ")
                    ),
                ));
            }
        }
        let need = |v: Option<&Spanned<i64>>, key: &str| -> Checked<Spanned<i64>> {
            v.cloned().ok_or_else(|| {
                Problem::at(
                    t.name.span(),
                    format!("input \"{name}\" (kind {kind}) needs `{key}`"),
                )
            })
        };
        let time = |v: &Option<Spanned<i64>>, key: &str, default: u64| -> Checked<u64> {
            match v {
                Some(s) => Ok(int_in(s, || format!("input \"{name}\" {key}"), 0, i64::MAX)? as u64),
                None => Ok(default),
            }
        };
        let stop = |start: u64| -> Checked<Option<u64>> {
            match &t.stop {
                Some(s) => Ok(Some(int_in(
                    s,
                    || format!("input \"{name}\" stop"),
                    start as i64,
                    i64::MAX,
                )? as u64)),
                None => Ok(None),
            }
        };
        let first_channel = next_channel as u32;
        let source = match kind {
            "spikes" => {
                let times = need_value(&t.times, name, kind, "times", t.name.span())?;
                let what = format!("input \"{name}\" times");
                let lists = match times.get_ref() {
                    toml::Value::Array(items)
                        if items.iter().all(|x| matches!(x, toml::Value::Array(_)))
                            && !items.is_empty() =>
                    {
                        items
                            .iter()
                            .enumerate()
                            .map(|(c, x)| {
                                let toml::Value::Array(inner) = x else {
                                    unreachable!("checked all arrays")
                                };
                                time_list(inner, &times.span(), &format!("{what}[{c}]"))
                            })
                            .collect::<Checked<Vec<_>>>()?
                    }
                    toml::Value::Array(items) => vec![time_list(items, &times.span(), &what)?],
                    other => {
                        return Err(Problem::at(
                            times.span(),
                            format!("{what} must be an array, not {other}"),
                        ));
                    }
                };
                Source::Spikes {
                    first_channel,
                    times: lists,
                }
            }
            "poisson" => {
                let channels = match &t.channels {
                    Some(c) => int_in(
                        c,
                        || format!("input \"{name}\" channels"),
                        1,
                        MODEL_ONLY_MAX_CHANNELS as i64,
                    )? as u32,
                    None => 1,
                };
                let p16 = match (&t.p16, &t.rate_hz) {
                    (Some(p), None) => {
                        int_in(p, || format!("input \"{name}\" p16"), 0, P16_ONE as i64)? as u32
                    }
                    (None, Some(r)) => rate_p16(text, r, dt_us, name)?,
                    _ => {
                        return Err(Problem::at(
                            t.name.span(),
                            format!(
                                "input \"{name}\" (kind poisson) needs exactly one of `p16` and `rate_hz`"
                            ),
                        ));
                    }
                };
                let seed = int_in(
                    &need(t.seed.as_ref(), "seed")?,
                    || format!("input \"{name}\" seed"),
                    0,
                    u32::MAX as i64,
                )? as u32;
                let start = time(&t.start, "start", 0)?;
                Source::Poisson {
                    first_channel,
                    channels,
                    p16,
                    seed,
                    start,
                    stop: stop(start)?,
                }
            }
            "latency" => {
                let values = t.values.as_ref().ok_or_else(|| {
                    Problem::at(
                        t.name.span(),
                        format!("input \"{name}\" (kind latency) needs `values`"),
                    )
                })?;
                let max = int_in(
                    &need(t.max.as_ref(), "max")?,
                    || format!("input \"{name}\" max"),
                    1,
                    i64::MAX,
                )? as u64;
                let window = int_in(
                    &need(t.window.as_ref(), "window")?,
                    || format!("input \"{name}\" window"),
                    1,
                    i64::MAX,
                )? as u64;
                let period = t
                    .period
                    .as_ref()
                    .map(|p| {
                        int_in(
                            p,
                            || format!("input \"{name}\" period (at least the window)"),
                            window as i64,
                            i64::MAX,
                        )
                    })
                    .transpose()?
                    .map(|p| p as u64);
                if values.get_ref().is_empty() {
                    return Err(Problem::at(
                        values.span(),
                        format!("input \"{name}\" values is empty"),
                    ));
                }
                let mut offsets = Vec::new();
                for (c, &v) in values.get_ref().iter().enumerate() {
                    if v < 0 || v as u64 > max {
                        return Err(Problem::at(
                            values.span(),
                            format!("input \"{name}\" values[{c}] {v} is outside 0..={max}"),
                        ));
                    }
                    offsets.push(inputs::latency_offset(v as u64, max, window));
                }
                Source::Latency {
                    first_channel,
                    offsets,
                    start: time(&t.start, "start", 0)?,
                    period,
                }
            }
            "delta" => {
                let samples = t.samples.as_ref().ok_or_else(|| {
                    Problem::at(
                        t.name.span(),
                        format!("input \"{name}\" (kind delta) needs `samples`"),
                    )
                })?;
                let threshold = int_in(
                    &need(t.threshold.as_ref(), "threshold")?,
                    || format!("input \"{name}\" threshold"),
                    1,
                    i64::MAX,
                )?;
                let step = match &t.step {
                    Some(s) => {
                        int_in(s, || format!("input \"{name}\" step"), 1, u32::MAX as i64)? as u64
                    }
                    None => 1,
                };
                let start = time(&t.start, "start", 0)?;
                if start
                    .checked_add(step.saturating_mul(samples.get_ref().len() as u64))
                    .is_none()
                {
                    return Err(Problem::at(
                        samples.span(),
                        format!("input \"{name}\" runs past the last timestep"),
                    ));
                }
                Source::Delta {
                    first_channel,
                    events: inputs::delta_events(samples.get_ref(), threshold, start, step),
                }
            }
            _ => {
                // current
                let to = t.to.as_ref().ok_or_else(|| {
                    Problem::at(
                        t.name.span(),
                        format!("input \"{name}\" (kind current) needs `to`"),
                    )
                })?;
                let pop = match names.0.get(to.get_ref()) {
                    Some(Endpoint::Population(i)) => &populations[*i].range,
                    _ => {
                        return Err(Problem::at(
                            to.span(),
                            format!(
                                "input \"{name}\" to \"{}\" is not a population",
                                to.get_ref()
                            ),
                        ));
                    }
                };
                let neurons = match &t.neurons {
                    Some(list) => {
                        let mut ids: Vec<u32> = Vec::new();
                        for &i in list.get_ref() {
                            if i < 0 || i >= pop.size as i64 {
                                return Err(Problem::at(
                                    list.span(),
                                    format!(
                                        "input \"{name}\" neuron {i} is outside population \"{}\" (0..={})",
                                        pop.name,
                                        pop.size - 1
                                    ),
                                ));
                            }
                            if ids.last().is_some_and(|&last| pop.first + i as u32 <= last) {
                                return Err(Problem::at(
                                    list.span(),
                                    format!("input \"{name}\" neurons must be strictly ascending"),
                                ));
                            }
                            ids.push(pop.first + i as u32);
                        }
                        ids
                    }
                    None => pop.ids().collect(),
                };
                let value = need(t.value.as_ref(), "value")?;
                if !(i16::MIN as i64..=i16::MAX as i64).contains(value.get_ref()) {
                    return Err(Problem::at(
                        value.span(),
                        format!(
                            "input \"{name}\" value {} does not fit a current injection (i16: -32768..=32767)",
                            value.get_ref()
                        ),
                    ));
                }
                let schedule = match &t.times {
                    Some(times) => {
                        if let Some(s) = t.start.as_ref().or(t.stop.as_ref()) {
                            return Err(Problem::at(
                                s.span(),
                                format!(
                                    "input \"{name}\" takes either `times` or `start`/`stop`, not both"
                                ),
                            ));
                        }
                        let toml::Value::Array(items) = times.get_ref() else {
                            return Err(Problem::at(
                                times.span(),
                                format!("input \"{name}\" times must be an array"),
                            ));
                        };
                        Schedule::Times(time_list(
                            items,
                            &times.span(),
                            &format!("input \"{name}\" times"),
                        )?)
                    }
                    None => {
                        let start = time(&t.start, "start", 0)?;
                        Schedule::Range {
                            start,
                            stop: stop(start)?,
                        }
                    }
                };
                Source::Current {
                    neurons,
                    value: *value.get_ref() as i16,
                    schedule,
                }
            }
        };
        let count = source.channel_count();
        next_channel += count as u64;
        if next_channel > MODEL_ONLY_MAX_CHANNELS as u64 {
            return Err(Problem::at(
                t.name.span(),
                format!(
                    "input \"{name}\" brings the network above {MODEL_ONLY_MAX_CHANNELS} channels, the most any core can have"
                ),
            ));
        }
        out.push(InputDef {
            range: ChannelRange {
                name: name.clone(),
                kind: kind.to_string(),
                first: first_channel,
                count,
            },
            span: t.name.span(),
            source,
        });
    }
    Ok(out)
}

fn need_value(
    v: &Option<Spanned<toml::Value>>,
    name: &str,
    kind: &str,
    key: &str,
    at: Range<usize>,
) -> Checked<Spanned<toml::Value>> {
    v.clone()
        .ok_or_else(|| Problem::at(at, format!("input \"{name}\" (kind {kind}) needs `{key}`")))
}

/// `rate_hz` at `[run] dt_us`: `p16 = round_half_up(rate_hz * dt_us * 65536 / 1_000_000)` computed
/// exactly from the decimal literal (`docs/model.md` §9).
fn rate_p16(
    text: &str,
    rate: &Spanned<toml::Value>,
    dt_us: Option<u32>,
    name: &str,
) -> Checked<u32> {
    let Some(dt_us) = dt_us else {
        return Err(Problem::at(
            rate.span(),
            format!("input \"{name}\" rate_hz needs the timestep length: set [run] dt_us"),
        ));
    };
    let literal = text.get(rate.span()).unwrap_or("").trim();
    let Some((digits, scale)) = plain_decimal(literal) else {
        return Err(Problem::at(
            rate.span(),
            format!(
                "input \"{name}\" rate_hz must be a plain decimal such as 5 or 2.5 (got {literal})"
            ),
        ));
    };
    let p16 = round_half_up(
        digits * dt_us as u128 * P16_ONE as u128,
        10u128.pow(scale) * 1_000_000,
    );
    if p16 > P16_ONE as u128 {
        return Err(Problem::at(
            rate.span(),
            format!(
                "input \"{name}\" rate_hz {literal} at dt_us = {dt_us} is more than one spike per timestep"
            ),
        ));
    }
    Ok(p16 as u32)
}

/// A resolved synapse, before layout.
#[derive(Clone, Debug)]
struct Syn {
    /// `false, n`: neuron n; `true, c`: input channel c.
    from_channel: bool,
    from: u32,
    target: u32,
    weight: i64,
    delay: i64,
    kind: i64,
    /// Learning may change it (`docs/model.md` §12).
    plastic: bool,
    /// The projection it comes from (index into the resolved list) and where its weight and delay
    /// were written.
    projection: usize,
    weight_at: Range<usize>,
    delay_at: Range<usize>,
}

struct ProjectionInfo {
    name: String,
    span: Range<usize>,
    /// Where `plastic = true` was written, if it was.
    plastic_at: Option<Range<usize>>,
}

struct Synapses {
    list: Vec<Syn>,
    projections: Vec<ProjectionInfo>,
}

fn resolve_projections(
    text: &str,
    tables: &[ProjectionTable],
    populations: &[PopulationDef],
    inputs: &[InputDef],
    names: &Names,
) -> Checked<Synapses> {
    let mut list = Vec::new();
    let mut infos = Vec::new();
    for (index, t) in tables.iter().enumerate() {
        let pname = match &t.name {
            Some(n) => n.get_ref().clone(),
            None => format!("{}->{}", t.from.get_ref(), t.to.get_ref()),
        };
        let what = format!("projection \"{pname}\"");
        // Source side: (first id, count, is channel).
        let (pre_first, n_pre, from_channel, from_pop) = match names.0.get(t.from.get_ref()) {
            Some(Endpoint::Population(i)) => {
                let r = &populations[*i].range;
                (r.first, r.size, false, Some(*i))
            }
            Some(Endpoint::Input(i)) => {
                let r = &inputs[*i].range;
                if r.count == 0 {
                    return Err(Problem::at(
                        t.from.span(),
                        format!(
                            "{what} comes from input \"{}\", which injects current and has no channels",
                            r.name
                        ),
                    ));
                }
                (r.first, r.count, true, None)
            }
            None => {
                return Err(Problem::at(
                    t.from.span(),
                    format!(
                        "{what} comes from \"{}\", which is neither a population nor an input",
                        t.from.get_ref()
                    ),
                ));
            }
        };
        let (post_first, n_post, to_pop) = match names.0.get(t.to.get_ref()) {
            Some(Endpoint::Population(i)) => {
                let r = &populations[*i].range;
                (r.first, r.size, *i)
            }
            _ => {
                return Err(Problem::at(
                    t.to.span(),
                    format!(
                        "{what} goes to \"{}\", which is not a population",
                        t.to.get_ref()
                    ),
                ));
            }
        };
        let same = from_pop == Some(to_pop);
        let allow_self = t.allow_self.as_ref().is_some_and(|a| *a.get_ref());
        let kind = match t.kind.as_ref().map(|k| k.get_ref().as_str()) {
            None | Some("direct") => syn_type::DIRECT,
            Some("modulatory") => syn_type::MODULATORY,
            Some("electric") => syn_type::ELECTRIC,
            Some(other) => {
                let span = t.kind.as_ref().map(|k| k.span()).unwrap_or_default();
                return Err(Problem::at(
                    span,
                    format!("{what} type \"{other}\" is not direct, modulatory or electric"),
                ));
            }
        };
        let weight = match (&t.weight, kind == syn_type::ELECTRIC) {
            (Some(w), true) => {
                return Err(Problem::at(
                    w.span(),
                    format!("{what} is electric and carries no weight; remove `weight`"),
                ));
            }
            (Some(w), false) => Some((*w.get_ref(), w.span())),
            (None, true) => Some((0, t.from.span())),
            (None, false) => None,
        };
        let plastic = t.plastic.as_ref().is_some_and(|p| *p.get_ref());
        if plastic && kind != syn_type::DIRECT {
            let span = t.plastic.as_ref().map(|p| p.span()).unwrap_or_default();
            return Err(Problem::at(
                span,
                format!("{what} is plastic but not direct: only direct synapses learn"),
            ));
        }
        let delay = match &t.delay {
            Some(d) => (
                int_in(d, || format!("{what} delay"), 0, i64::MAX)?,
                d.span(),
            ),
            None => (0, t.from.span()),
        };
        let make = |pre: u32, post: u32, w: (i64, Range<usize>), d: (i64, Range<usize>)| Syn {
            from_channel,
            from: pre_first + pre,
            target: post_first + post,
            weight: w.0,
            delay: d.0,
            kind,
            plastic,
            projection: index,
            weight_at: w.1,
            delay_at: d.1,
        };
        let needs_weight = || {
            weight
                .clone()
                .ok_or_else(|| Problem::at(t.from.span(), format!("{what} needs a `weight`")))
        };
        let pairs_limit = |pairs: u64| -> Checked<()> {
            if pairs > MAX_PAIRS_PER_PROJECTION {
                return Err(Problem::at(
                    t.connect.span(),
                    format!(
                        "{what} considers {pairs} neuron pairs, more than the {MAX_PAIRS_PER_PROJECTION} the compiler allows"
                    ),
                ));
            }
            Ok(())
        };
        match t.connect.get_ref() {
            Connect::Rule(rule) if rule == "one_to_one" => {
                if n_pre != n_post {
                    return Err(Problem::at(
                        t.connect.span(),
                        format!(
                            "{what} is one_to_one but \"{}\" has {n_pre} and \"{}\" has {n_post}",
                            t.from.get_ref(),
                            t.to.get_ref()
                        ),
                    ));
                }
                if same && !allow_self {
                    return Err(Problem::at(
                        t.connect.span(),
                        format!(
                            "{what} is one_to_one from a population to itself: every synapse is a self-connection; set allow_self = true"
                        ),
                    ));
                }
                let w = needs_weight()?;
                for i in 0..n_pre {
                    list.push(make(i, i, w.clone(), delay.clone()));
                }
            }
            Connect::Rule(rule) if rule == "all_to_all" => {
                pairs_limit(n_pre as u64 * n_post as u64)?;
                if n_pre as u64 * n_post as u64 > MODEL_ONLY_MAX_SYNAPSES as u64 {
                    return Err(Problem::at(
                        t.connect.span(),
                        format!(
                            "{what} makes {} synapses, more than the {MODEL_ONLY_MAX_SYNAPSES} any core can hold",
                            n_pre as u64 * n_post as u64
                        ),
                    ));
                }
                let w = needs_weight()?;
                for i in 0..n_pre {
                    for j in 0..n_post {
                        if !(same && i == j && !allow_self) {
                            list.push(make(i, j, w.clone(), delay.clone()));
                        }
                    }
                }
            }
            Connect::Rule(other) => {
                return Err(Problem::at(
                    t.connect.span(),
                    format!(
                        "{what} connect \"{other}\" is not one_to_one, all_to_all, {{ fixed_probability = p, seed = s }} or a list of pairs"
                    ),
                ));
            }
            Connect::Table(entries) => {
                let mut p16 = None;
                let mut seed = None;
                for (key, value) in entries {
                    match key.get_ref().as_str() {
                        "fixed_probability" => {
                            p16 = Some(decimal_p16(
                                text,
                                value,
                                &format!("{what} fixed_probability"),
                            )?)
                        }
                        "p16" => {
                            let p = as_int(value, &format!("{what} p16"))?;
                            p16 = Some(int_in(
                                &Spanned::new(value.span(), p),
                                || format!("{what} p16"),
                                0,
                                P16_ONE as i64,
                            )? as u32);
                        }
                        "seed" => {
                            let s = as_int(value, &format!("{what} seed"))?;
                            seed = Some(int_in(
                                &Spanned::new(value.span(), s),
                                || format!("{what} seed"),
                                0,
                                u32::MAX as i64,
                            )? as u32);
                        }
                        other => {
                            return Err(Problem::at(
                                key.span(),
                                format!(
                                    "{what} connect has no key `{other}` (fixed_probability or p16, and seed)"
                                ),
                            ));
                        }
                    }
                }
                let (Some(p16), Some(seed)) = (p16, seed) else {
                    return Err(Problem::at(
                        t.connect.span(),
                        format!("{what} connect needs `fixed_probability` (or `p16`) and `seed`"),
                    ));
                };
                pairs_limit(n_pre as u64 * n_post as u64)?;
                let w = needs_weight()?;
                // docs/model.md §9: one generator per projection, index 0; pairs in pre-major order,
                // a skipped self pair consumes no draw.
                let mut rng = Xorshift32::seeded(seed, 0);
                for i in 0..n_pre {
                    for j in 0..n_post {
                        if same && i == j && !allow_self {
                            continue;
                        }
                        if rng.draw(p16) {
                            list.push(make(i, j, w.clone(), delay.clone()));
                        }
                    }
                    if list.len() > MODEL_ONLY_MAX_SYNAPSES as usize {
                        return Err(Problem::at(
                            t.connect.span(),
                            format!(
                                "{what} makes more than the {MODEL_ONLY_MAX_SYNAPSES} synapses any core can hold"
                            ),
                        ));
                    }
                }
            }
            Connect::List(entries) => {
                for e in entries {
                    let v = e.get_ref();
                    let (pre, post) = match v.as_slice() {
                        [pre, post] | [pre, post, _, _] => (*pre, *post),
                        _ => {
                            return Err(Problem::at(
                                e.span(),
                                format!(
                                    "{what} connect entries are [pre, post] or [pre, post, weight, delay], not {v:?}"
                                ),
                            ));
                        }
                    };
                    if pre < 0 || pre >= n_pre as i64 {
                        return Err(Problem::at(
                            e.span(),
                            format!(
                                "{what} pre {pre} is outside \"{}\" (0..={})",
                                t.from.get_ref(),
                                n_pre - 1
                            ),
                        ));
                    }
                    if post < 0 || post >= n_post as i64 {
                        return Err(Problem::at(
                            e.span(),
                            format!(
                                "{what} post {post} is outside \"{}\" (0..={})",
                                t.to.get_ref(),
                                n_post - 1
                            ),
                        ));
                    }
                    if same && pre == post && !allow_self {
                        return Err(Problem::at(
                            e.span(),
                            format!(
                                "{what} connects neuron {pre} to itself; set allow_self = true"
                            ),
                        ));
                    }
                    let (w, d) = match v.as_slice() {
                        [_, _, w, d] => {
                            if kind == syn_type::ELECTRIC && *w != 0 {
                                return Err(Problem::at(
                                    e.span(),
                                    format!(
                                        "{what} is electric and carries no weight; write 0 (got {w})"
                                    ),
                                ));
                            }
                            if *d < 0 {
                                return Err(Problem::at(
                                    e.span(),
                                    format!("{what} delay {d} is negative"),
                                ));
                            }
                            ((*w, e.span()), (*d, e.span()))
                        }
                        _ => (needs_weight()?, delay.clone()),
                    };
                    list.push(make(pre as u32, post as u32, w, d));
                }
            }
        }
        if list.len() > MODEL_ONLY_MAX_SYNAPSES as usize {
            return Err(Problem::at(
                t.connect.span(),
                format!(
                    "{what} brings the network above {MODEL_ONLY_MAX_SYNAPSES} synapses, the most any core can hold"
                ),
            ));
        }
        infos.push(ProjectionInfo {
            name: pname,
            span: t.connect.span(),
            plastic_at: t
                .plastic
                .as_ref()
                .filter(|p| *p.get_ref())
                .map(|p| p.span()),
        });
    }
    Ok(Synapses {
        list,
        projections: infos,
    })
}

/// The learning registers the compiler sets (`docs/model.md` §12.1); `sweep_len` is the number of
/// synapses.
struct LearningRegs {
    enabled: bool,
    sweep_step: u32,
}

/// Reads `[learning]` and checks that every plastic synapse's target has a learning rule.
fn resolve_learning_regs(
    file: &NetworkFile,
    profiles: &[ProfileDef],
    populations: &[PopulationDef],
    synapses: &Synapses,
) -> Checked<LearningRegs> {
    for s in synapses.list.iter().filter(|s| s.plastic) {
        let Some(pop) = populations
            .iter()
            .find(|p| p.range.ids().contains(&s.target))
        else {
            continue;
        };
        let index = state::PROFILE.get(pop.state[0]) as usize;
        let prof = &profiles[index];
        if prof.learning.is_none() {
            let info = &synapses.projections[s.projection];
            return Err(Problem::at(
                info.plastic_at.clone().unwrap_or(info.span.clone()),
                format!(
                    "projection \"{}\" is plastic but profile \"{}\" of population \"{}\" has no [profile.learning]",
                    info.name, prof.name, pop.range.name
                ),
            ));
        }
    }
    let any_plastic = synapses.list.iter().any(|s| s.plastic);
    let section = file.learning.as_ref();
    let enabled = section
        .and_then(|l| l.enabled.as_ref())
        .map_or(any_plastic, |e| *e.get_ref());
    let sweep_step = match section.and_then(|l| l.sweep_step.as_ref()) {
        Some(v) => int_in(
            v,
            || "[learning] sweep_step".to_string(),
            0,
            (1 << spec::reg::SWEEP_STEP_BITS) - 1,
        )? as u32,
        None => 1,
    };
    Ok(LearningRegs {
        enabled,
        sweep_step,
    })
}

// ---------------------------------------------------------------------------------------------
// Size

/// The network's demands on a core.
struct Needs<'a> {
    profiles: &'a [ProfileDef],
    populations: &'a [PopulationDef],
    inputs: &'a [InputDef],
    synapses: &'a Synapses,
}

impl Needs<'_> {
    fn neurons(&self) -> u32 {
        self.populations
            .last()
            .map_or(0, |p| p.range.first + p.range.size)
    }

    fn channels(&self) -> u32 {
        self.inputs
            .last()
            .map_or(0, |i| i.range.first + i.range.count)
    }

    fn max_delay(&self) -> Option<&Syn> {
        self.synapses.list.iter().max_by_key(|s| s.delay)
    }

    /// Most events any timestep can carry: every channel spiking once, plus the most current
    /// injections that are scheduled for one timestep.
    fn fifo_bound(&self) -> (u64, u64) {
        // (time, change in the number of injections), swept in time order.
        let mut changes: Vec<(u64, i64)> = Vec::new();
        for i in self.inputs {
            if let Source::Current {
                neurons, schedule, ..
            } = &i.source
            {
                let n = neurons.len() as i64;
                match schedule {
                    Schedule::Times(ts) => {
                        for &t in ts {
                            changes.push((t, n));
                            changes.push((t + 1, -n));
                        }
                    }
                    Schedule::Range { start, stop } => {
                        changes.push((*start, n));
                        if let Some(s) = stop {
                            changes.push((*s, -n));
                        }
                    }
                }
            }
        }
        changes.sort_unstable();
        let (mut now, mut most) = (0i64, 0i64);
        let mut k = 0;
        while k < changes.len() {
            let t = changes[k].0;
            while k < changes.len() && changes[k].0 == t {
                now += changes[k].1;
                k += 1;
            }
            most = most.max(now);
        }
        (self.channels() as u64, most as u64)
    }

    /// Whether the network fits `p`; the first thing that does not fit, otherwise.
    fn fit(&self, p: &Preset) -> Checked<()> {
        if let Some(extra) = self.profiles.get(p.profiles as usize) {
            return Err(Problem::at(
                extra.span.clone(),
                format!(
                    "profile \"{}\" is profile number {} but preset {} has {} profile slots",
                    extra.name,
                    p.profiles + 1,
                    p.name,
                    p.profiles
                ),
            ));
        }
        if !p.cuba
            && let Some(prof) = self.profiles.iter().find(|x| x.kind == profile::KIND_CUBA)
        {
            return Err(Problem::at(
                prof.span.clone(),
                format!(
                    "profile \"{}\" is kind \"cuba\" but preset {} has no CUBA datapath (FLUX profiles only; small, ulx3s and large have both)",
                    prof.name, p.name
                ),
            ));
        }
        // Every plastic projection's target has a `[profile.learning]` (checked before), so this
        // also refuses every plastic projection.
        if !p.learning
            && let Some((prof, l)) = self
                .profiles
                .iter()
                .find_map(|x| x.learning.as_ref().map(|l| (x, l)))
        {
            return Err(Problem::at(
                l.span.clone(),
                format!(
                    "profile \"{}\" has [profile.learning] but preset {} has no learning unit (small, ulx3s and large have one)",
                    prof.name, p.name
                ),
            ));
        }
        populations_fit(self.populations, p)?;
        if let Some(inp) = self
            .inputs
            .iter()
            .find(|x| x.range.first + x.range.count > p.channels)
        {
            return Err(Problem::at(
                inp.span.clone(),
                format!(
                    "input \"{}\" (channels {}..={}) does not fit the {} input channels of preset {} (the network needs {})",
                    inp.range.name,
                    inp.range.first,
                    inp.range.first + inp.range.count - 1,
                    p.channels,
                    p.name,
                    self.channels()
                ),
            ));
        }
        if self.synapses.list.len() > p.synapses as usize {
            let s = &self.synapses.list[p.synapses as usize];
            let info = &self.synapses.projections[s.projection];
            return Err(Problem::at(
                info.span.clone(),
                format!(
                    "projection \"{}\" brings the network to {} synapses; preset {} has {} synapse words",
                    info.name,
                    self.synapses
                        .list
                        .iter()
                        .filter(|x| x.projection <= s.projection)
                        .count(),
                    p.name,
                    p.synapses
                ),
            ));
        }
        if let Some(s) = self
            .synapses
            .list
            .iter()
            .find(|s| s.delay >= p.delay_slots as i64)
        {
            return Err(Problem::at(
                s.delay_at.clone(),
                format!(
                    "projection \"{}\" delay {} does not fit the {} delay slots of preset {} (0..={})",
                    self.synapses.projections[s.projection].name,
                    s.delay,
                    p.delay_slots,
                    p.name,
                    p.delay_slots - 1
                ),
            ));
        }
        let wf = p.syn_weight();
        if let Some(s) = self.synapses.list.iter().find(|s| !wf.fits(s.weight)) {
            return Err(Problem::at(
                s.weight_at.clone(),
                format!(
                    "projection \"{}\" weight {} does not fit the {}-bit signed weight of preset {} ({}..={})",
                    self.synapses.projections[s.projection].name,
                    s.weight,
                    p.weight_bits,
                    p.name,
                    wf.min(),
                    wf.max()
                ),
            ));
        }
        for prof in self.profiles {
            let Some(l) = &prof.learning else { continue };
            for (key, bound) in [("w_min", l.w_min), ("w_max", l.w_max)] {
                if let Some(b) = bound.filter(|b| !wf.fits(*b)) {
                    return Err(Problem::at(
                        l.span.clone(),
                        format!(
                            "profile \"{}\" learning {key} {b} does not fit the {}-bit signed weight of preset {} ({}..={})",
                            prof.name,
                            p.weight_bits,
                            p.name,
                            wf.min(),
                            wf.max()
                        ),
                    ));
                }
            }
            for (key, column) in [("ltp", &l.ltp), ("ltd", &l.ltd)] {
                if column.explicit_len() > p.stdp_window as usize {
                    return Err(Problem::at(
                        l.span.clone(),
                        format!(
                            "profile \"{}\" learning {key} has {} entries, more than the {}-timestep learning window of preset {}",
                            prof.name,
                            column.explicit_len(),
                            p.stdp_window,
                            p.name
                        ),
                    ));
                }
            }
        }
        let (channels, injections) = self.fifo_bound();
        if channels + injections > p.input_fifo as u64 {
            return Err(Problem::whole_file(format!(
                "the inputs can put {} events into one timestep ({channels} channels, up to {injections} current injections), \
                 more than the {}-event input FIFO of preset {}",
                channels + injections,
                p.input_fifo,
                p.name
            )));
        }
        Ok(())
    }

    /// A model-only core sized to the network: each size the smallest power of two that holds the
    /// network and at least the `small` preset's (`docs/model.md` §10).
    fn model_only_preset(&self, at: Option<Range<usize>>) -> Checked<Preset> {
        let fit = |need: u64, floor: u32| (need.max(1).next_power_of_two() as u32).max(floor);
        let max_delay = self.max_delay().map_or(0, |s| s.delay);
        if max_delay >= MODEL_ONLY_MAX_DELAY_SLOTS as i64 {
            let s = self.max_delay().expect("a delay exists");
            return Err(Problem::at(
                s.delay_at.clone(),
                format!(
                    "projection \"{}\" delay {} does not fit even a model-only core (0..={})",
                    self.synapses.projections[s.projection].name,
                    s.delay,
                    MODEL_ONLY_MAX_DELAY_SLOTS - 1
                ),
            ));
        }
        // Weight bits: the smallest W >= 8 whose signed range holds every weight.
        let mut weight_bits = spec::SMALL.weight_bits;
        for s in &self.synapses.list {
            while weight_bits <= MAX_WEIGHT_BITS
                && !Field::new("weight", 0, weight_bits, true).fits(s.weight)
            {
                weight_bits += 1;
            }
            if weight_bits > MAX_WEIGHT_BITS {
                return Err(Problem::at(
                    s.weight_at.clone(),
                    format!(
                        "projection \"{}\" weight {} does not fit the widest weight a core can have ({MAX_WEIGHT_BITS}-bit signed: -32768..=32767)",
                        self.synapses.projections[s.projection].name, s.weight
                    ),
                ));
            }
        }
        let bounds = self
            .profiles
            .iter()
            .filter_map(|p| p.learning.as_ref())
            .flat_map(|l| [l.w_min, l.w_max])
            .flatten();
        for b in bounds {
            while weight_bits < MAX_WEIGHT_BITS
                && !Field::new("weight", 0, weight_bits, true).fits(b)
            {
                weight_bits += 1;
            }
        }
        let (channels, injections) = self.fifo_bound();
        let preset = Preset {
            name: MODEL_ONLY,
            neurons: fit(self.neurons() as u64, spec::SMALL.neurons),
            channels: fit(self.channels() as u64, spec::SMALL.channels),
            synapses: fit(self.synapses.list.len() as u64, spec::SMALL.synapses),
            delay_slots: fit(max_delay as u64 + 1, spec::SMALL.delay_slots),
            profiles: spec::SMALL.profiles,
            weight_bits,
            input_fifo: fit(channels + injections, spec::SMALL.input_fifo),
            tail: spec::SMALL.tail,
            stdp_window: spec::SMALL.stdp_window,
            cuba: true,
            learning: true,
        };
        // Only the profile count can still fail (at most 8 profiles: the 3-bit profile field).
        self.fit(&preset).map_err(|mut e| {
            if e.span.is_none() {
                e.span = at;
            }
            e
        })?;
        Ok(preset)
    }
}

/// Whether the populations fit the neurons of `p`; the first that does not, otherwise.
fn populations_fit(populations: &[PopulationDef], p: &Preset) -> Checked<()> {
    let needed = populations
        .last()
        .map_or(0, |x| x.range.first + x.range.size);
    match populations
        .iter()
        .find(|x| x.range.first + x.range.size > p.neurons)
    {
        None => Ok(()),
        Some(pop) => Err(Problem::at(
            pop.span.clone(),
            format!(
                "population \"{}\" (neurons {}..={}) does not fit the {} neurons of preset {} (the network needs {needed})",
                pop.range.name,
                pop.range.first,
                pop.range.first + pop.range.size - 1,
                p.neurons,
                p.name,
            ),
        )),
    }
}

// ---------------------------------------------------------------------------------------------
// Lay out

/// Fills the memories (`docs/model.md` §8). The network has been checked to fit `p`.
fn lay_out(
    p: &Preset,
    profiles: &[ProfileDef],
    populations: &[PopulationDef],
    synapses: &Synapses,
    learning: &LearningRegs,
) -> CoreImage {
    let mut image = CoreImage::empty(*p);
    for (slot, prof) in image.profiles.iter_mut().zip(profiles) {
        *slot = prof.word;
    }
    // Learning (§12): one rule word per profile, its table rows at `profile * L + k`.
    let wf = p.syn_weight();
    let window = p.stdp_window as usize;
    for (index, prof) in profiles.iter().enumerate() {
        let Some(l) = &prof.learning else { continue };
        let rule = LearnRule {
            lr_gain: l.lr_gain as i32,
            lr_reverse: l.lr_reverse != 0,
            w_min: l.w_min.unwrap_or(wf.min()) as i32,
            w_max: l.w_max.unwrap_or(wf.max()) as i32,
            fade_shift: l.fade_shift as u32,
            cons_thr: l.cons_thr as i32,
        };
        image.learn_rules[index] = rule.to_word();
        let (ltp, ltd) = (l.ltp.entries(window), l.ltd.entries(window));
        for k in 0..window {
            image.learn_table[index * window + k] = table_word(ltp[k] as u8, ltd[k] as u8);
        }
    }
    // A core without the learning unit has no `learn_en` register (docs/model.md §1).
    image.learn_en = learning.enabled && p.learning;
    image.sweep_len = synapses.list.len() as u32;
    image.sweep_step = learning.sweep_step;
    for pop in populations {
        let first = pop.range.first as usize;
        image.state[first..first + pop.state.len()].copy_from_slice(&pop.state);
    }
    image.n_neurons = populations
        .last()
        .map_or(0, |x| x.range.first + x.range.size);

    // Source id: neuron n is n, channel c is N + c. A stable sort keeps, within one source, the
    // synapses in projection order and, within a projection, in generation order.
    let source = |s: &Syn| {
        if s.from_channel {
            p.neurons + s.from
        } else {
            s.from
        }
    };
    let mut order: Vec<&Syn> = synapses.list.iter().collect();
    order.sort_by_key(|s| source(s));
    let (start_f, count_f) = (p.fanout_start(), p.fanout_count());
    let mut addr = 0usize;
    while addr < order.len() {
        let src = source(order[addr]);
        let start = addr;
        while addr < order.len() && source(order[addr]) == src {
            let s = order[addr];
            let weight = if s.kind == syn_type::ELECTRIC {
                0
            } else {
                s.weight
            };
            let mut w = p.syn_target().set(0, s.target as i64);
            w = p.syn_weight().set(w, weight);
            w = p.syn_delay().set(w, s.delay);
            w = p.syn_type().set(w, s.kind);
            w = p.syn_plastic().set(w, s.plastic.into());
            image.synapses[addr] = w as u64;
            addr += 1;
        }
        let word = count_f.set(start_f.set(0, start as i64), (addr - start) as i64);
        image.fanout[src as usize] = word as u64;
    }
    image
}
