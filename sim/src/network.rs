//! The network file: a TOML description of one network (`docs/model.md` §10).
//!
//! This module only reads the file into typed tables, keeping the position of every value
//! ([`Spanned`]) so that the compiler (`compile/`) can name the line of whatever it refuses.
//! Unknown keys are refused here (`deny_unknown_fields`), ranges and cross-references in the compiler.

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use toml::Spanned;

use crate::error::{Checked, Problem};

/// A whole network file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NetworkFile {
    /// `[core]`: the core size.
    #[serde(default)]
    pub core: Option<CoreSection>,
    /// `[run]`: defaults for the command line.
    #[serde(default)]
    pub run: Option<RunSection>,
    /// `[[profile]]` tables, in file order (profile index = position).
    #[serde(default, rename = "profile")]
    pub profiles: Vec<ProfileTable>,
    /// `[[population]]` tables, in file order (neuron ids are given out in this order).
    #[serde(default, rename = "population")]
    pub populations: Vec<PopulationTable>,
    /// `[[input]]` tables, in file order (channels are given out in this order).
    #[serde(default, rename = "input")]
    pub inputs: Vec<InputTable>,
    /// `[[projection]]` tables, in file order (synapse order within a source follows it).
    #[serde(default, rename = "projection")]
    pub projections: Vec<ProjectionTable>,
    /// `[learning]`: the learning registers (`docs/model.md` §12).
    #[serde(default)]
    pub learning: Option<LearningSection>,
    /// `[noise]`: the noise generator (`docs/model.md` §3.1).
    #[serde(default)]
    pub noise: Option<NoiseSection>,
}

/// `[noise]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoiseSection {
    /// Register `noise`: the generator's starting state, `1..=2^32-1` (default 1).
    pub seed: Option<Spanned<i64>>,
}

/// `[learning]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LearningSection {
    /// Register `learn_en` (default: on when some projection is plastic).
    pub enabled: Option<Spanned<bool>>,
    /// Register `sweep_step`: synapses faded per timestep (default 1).
    pub sweep_step: Option<Spanned<i64>>,
}

/// `[core]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CoreSection {
    /// `small`, `up5k`, `large` or `fit` (a model-only core sized to the network).
    pub preset: Option<Spanned<String>>,
}

/// `[run]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunSection {
    /// Default number of timesteps.
    pub steps: Option<Spanned<i64>>,
    /// Length of one timestep in microseconds; needed by `rate_hz`.
    pub dt_us: Option<Spanned<i64>>,
    /// Populations the command line records by default.
    pub probes: Option<Vec<Spanned<String>>>,
}

/// `[[profile]]`: `name`, `kind` and the parameters named as in `docs/model.md` §6, and an optional
/// `learning` sub-table (`[profile.learning]`, §10). Read as a map because the valid keys depend on
/// `kind` and come from `spec::profile`.
pub type ProfileTable = Spanned<BTreeMap<Spanned<String>, Spanned<toml::Value>>>;

/// `[[population]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PopulationTable {
    pub name: Spanned<String>,
    pub size: Spanned<i64>,
    pub profile: Spanned<String>,
    /// Initial state fields (`docs/model.md` §6 names): one integer for every neuron, or an array
    /// with one integer per neuron.
    pub v: Option<Spanned<toml::Value>>,
    pub u: Option<Spanned<toml::Value>>,
    pub thr_off: Option<Spanned<toml::Value>>,
    pub mod_level: Option<Spanned<toml::Value>>,
    pub ref_cnt: Option<Spanned<toml::Value>>,
    pub quiet_cnt: Option<Spanned<toml::Value>>,
}

impl PopulationTable {
    /// The initial-state keys given, by their state-word field name.
    pub fn state_fields(&self) -> [(&'static str, Option<&Spanned<toml::Value>>); 6] {
        [
            ("v", self.v.as_ref()),
            ("u", self.u.as_ref()),
            ("thr_off", self.thr_off.as_ref()),
            ("mod_level", self.mod_level.as_ref()),
            ("ref_cnt", self.ref_cnt.as_ref()),
            ("quiet_cnt", self.quiet_cnt.as_ref()),
        ]
    }
}

/// `[[input]]`: one external source. The keys a kind takes are listed in `docs/model.md` §10; the
/// compiler refuses keys that do not belong to the kind.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InputTable {
    pub name: Spanned<String>,
    /// `spikes`, `poisson`, `latency`, `delta` or `current`.
    pub kind: Spanned<String>,
    pub times: Option<Spanned<toml::Value>>,
    pub channels: Option<Spanned<i64>>,
    pub p16: Option<Spanned<i64>>,
    pub rate_hz: Option<Spanned<toml::Value>>,
    pub seed: Option<Spanned<i64>>,
    pub start: Option<Spanned<i64>>,
    pub stop: Option<Spanned<i64>>,
    pub values: Option<Spanned<Vec<i64>>>,
    pub max: Option<Spanned<i64>>,
    pub window: Option<Spanned<i64>>,
    pub period: Option<Spanned<i64>>,
    pub samples: Option<Spanned<Vec<i64>>>,
    pub threshold: Option<Spanned<i64>>,
    pub step: Option<Spanned<i64>>,
    pub to: Option<Spanned<String>>,
    pub neurons: Option<Spanned<Vec<i64>>>,
    pub value: Option<Spanned<i64>>,
}

impl InputTable {
    /// Every optional key with whether it is present, for the per-kind check.
    pub fn given_keys(&self) -> Vec<(&'static str, std::ops::Range<usize>)> {
        fn s<T>(
            name: &'static str,
            v: &Option<Spanned<T>>,
        ) -> Option<(&'static str, std::ops::Range<usize>)> {
            v.as_ref().map(|x| (name, x.span()))
        }
        [
            s("times", &self.times),
            s("channels", &self.channels),
            s("p16", &self.p16),
            s("rate_hz", &self.rate_hz),
            s("seed", &self.seed),
            s("start", &self.start),
            s("stop", &self.stop),
            s("values", &self.values),
            s("max", &self.max),
            s("window", &self.window),
            s("period", &self.period),
            s("samples", &self.samples),
            s("threshold", &self.threshold),
            s("step", &self.step),
            s("to", &self.to),
            s("neurons", &self.neurons),
            s("value", &self.value),
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

/// `[[projection]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectionTable {
    /// Optional name used in messages; defaults to `from->to`.
    pub name: Option<Spanned<String>>,
    /// A population or a channel input.
    pub from: Spanned<String>,
    /// A population.
    pub to: Spanned<String>,
    pub connect: Spanned<Connect>,
    pub weight: Option<Spanned<i64>>,
    pub delay: Option<Spanned<i64>>,
    #[serde(rename = "type")]
    pub kind: Option<Spanned<String>>,
    pub allow_self: Option<Spanned<bool>>,
    /// Learning may change the synapses (direct only; the target's profile needs a
    /// `[profile.learning]`).
    pub plastic: Option<Spanned<bool>>,
    /// `type = "current"` (onto a Xylo population): which synaptic current, 1 or 2.
    pub current: Option<Spanned<i64>>,
    /// `type = "current"`: the weight shift, 0..=15.
    pub shift: Option<Spanned<i64>>,
}

/// The `connect` value of a projection, as written.
#[derive(Debug)]
pub enum Connect {
    /// `"one_to_one"`, `"all_to_all"` (or anything else, refused by the compiler).
    Rule(String),
    /// `{ fixed_probability = 0.02, seed = 7 }` or `{ p16 = 1311, seed = 7 }`.
    Table(Vec<(Spanned<String>, Spanned<toml::Value>)>),
    /// `[[pre, post], [pre, post, weight, delay], ...]`.
    List(Vec<Spanned<Vec<i64>>>),
}

impl<'de> Deserialize<'de> for Connect {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct ConnectVisitor;
        impl<'de> Visitor<'de> for ConnectVisitor {
            type Value = Connect;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "\"one_to_one\", \"all_to_all\", { fixed_probability = p, seed = s } \
                     or a list of [pre, post] / [pre, post, weight, delay]",
                )
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Connect, E> {
                Ok(Connect::Rule(s.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Connect, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = map.next_key::<Spanned<String>>()? {
                    entries.push((key, map.next_value()?));
                }
                Ok(Connect::Table(entries))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Connect, A::Error> {
                let mut pairs = Vec::new();
                while let Some(p) = seq.next_element()? {
                    pairs.push(p);
                }
                Ok(Connect::List(pairs))
            }
        }
        d.deserialize_any(ConnectVisitor)
    }
}

/// Reads a network file's text into its tables. Syntax errors, wrong types and unknown keys are
/// refused here, located at the offending text.
pub(crate) fn parse(text: &str) -> Checked<NetworkFile> {
    toml::from_str(text).map_err(|e| Problem {
        span: e.span(),
        message: e.message().to_string(),
    })
}
