//! `[[profile]]` tables and their `[profile.learning]` (`docs/model.md` §10, §12): profile words,
//! learning rule words and learning table rows.

use super::*;
use crate::izh::{self, IzhReal};

/// A resolved profile: its packed word and what populations need to know.
pub(super) struct ProfileDef {
    pub(super) name: String,
    pub(super) span: Range<usize>,
    pub(super) kind: i64,
    pub(super) word: u128,
    pub(super) thr_off_max: i64,
    /// The noise width `k` of §3.1 (`noise_bits`, FLUX only; 0: no noise).
    pub(super) noise_k: u32,
    /// `[profile.learning]`, if given.
    pub(super) learning: Option<LearningDef>,
    /// The real parameters of an Izhikevich profile (kind `izh`, `docs/model.md` §4.1).
    pub(super) izh: Option<IzhReal>,
}

/// A profile's `[profile.learning]` (`docs/model.md` §10, §12): the rule word's fields and the two
/// tables. `w_min` / `w_max` default to the chosen preset's weight range.
#[derive(Clone, Debug)]
pub(super) struct LearningDef {
    pub(super) span: Range<usize>,
    pub(super) lr_gain: i64,
    pub(super) lr_reverse: i64,
    pub(super) w_min: Option<i64>,
    pub(super) w_max: Option<i64>,
    pub(super) fade_shift: i64,
    pub(super) cons_thr: i64,
    pub(super) ltp: LearnTable,
    pub(super) ltd: LearnTable,
}

/// One column of the learning table (`ltp` or `ltd`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum LearnTable {
    /// Given entry by entry; entries past the list are 0.
    Explicit(Vec<i64>),
    /// `table[0] = amp`, `table[k] = (table[k-1] * decay) >> 8`.
    Decay { amp: i64, decay: i64 },
}

impl LearnTable {
    /// The `window` entries of the column (the list is at most `window` long, checked by `fit`).
    pub(super) fn entries(&self, window: usize) -> Vec<i64> {
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
    pub(super) fn explicit_len(&self) -> usize {
        match self {
            LearnTable::Explicit(v) => v.len(),
            LearnTable::Decay { .. } => 0,
        }
    }
}

/// Keys of `[profile.learning]`.
pub(super) const LEARNING_KEYS: [&str; 12] = [
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
pub(super) const MAX_TABLE_DECAY: i64 = 256;

/// Reads `[profile.learning]` of profile `profile` (the value `v`). Nested TOML values carry no
/// position of their own, so every message points at the sub-table and names the key.
pub(super) fn resolve_learning(profile: &str, v: &Spanned<toml::Value>) -> Checked<LearningDef> {
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
pub(super) fn learn_table_field() -> Field {
    spec::learn_table::LTP
}

/// Documented defaults of the profile parameters (`docs/model.md` §10).
pub(super) fn profile_default(kind: i64, name: &str) -> i64 {
    match (kind, name) {
        (profile::KIND_FLUX, "thr") => 64,
        (profile::KIND_FLUX, "leak") => 1,
        (profile::KIND_CUBA, "vth") => 10,
        (profile::KIND_XYLO, "v_th") => 64,
        (profile::KIND_XYLO, "cap") => i64::from(crate::xylo::MAX_SPIKES),
        _ => 0,
    }
}

pub(super) fn kind_name(kind: i64) -> &'static str {
    match kind {
        profile::KIND_FLUX => "flux",
        profile::KIND_CUBA => "cuba",
        profile::KIND_IZH => "izh",
        _ => "xylo",
    }
}

/// The keys of an `izh` profile: Izhikevich's real parameters (`docs/model.md` §10), required
/// first.
const IZH_REQUIRED: [&str; 5] = ["a", "b", "c", "d", "dt"];
const IZH_OPTIONAL: [&str; 6] = ["k2", "k1", "k0", "v_u", "u_leak", "in_shift"];

/// An `izh` profile's word and real parameters, or the first key that is missing, of the wrong
/// type or out of range.
fn resolve_izh(table: &ProfileTable, name: &Spanned<String>) -> Checked<(u128, IzhReal)> {
    let get = |key: &str| table.get_ref().iter().find(|(k, _)| k.get_ref() == key);
    let what = |key: &str| format!("profile \"{}\" {key}", name.get_ref());
    let real = |key: &str| -> Checked<Option<f64>> {
        get(key).map(|(_, v)| as_real(v, &what(key))).transpose()
    };
    let mut required = [0.0; 5];
    for (slot, key) in required.iter_mut().zip(IZH_REQUIRED) {
        *slot = real(key)?.ok_or_else(|| {
            Problem::at(
                name.span(),
                format!(
                    "profile \"{}\" (kind izh) needs `{key}` (it needs {})",
                    name.get_ref(),
                    IZH_REQUIRED.join(", ")
                ),
            )
        })?;
    }
    let [a, b, c, d, dt] = required;
    let mut p = IzhReal::new(a, b, c, d, dt);
    p.k2 = real("k2")?.unwrap_or(p.k2);
    p.k1 = real("k1")?.unwrap_or(p.k1);
    p.k0 = real("k0")?.unwrap_or(p.k0);
    p.v_u = real("v_u")?.unwrap_or(p.v_u);
    if let Some((_, v)) = get("u_leak") {
        p.u_leak = match v.get_ref() {
            toml::Value::Boolean(x) => *x,
            other => {
                return Err(Problem::at(
                    v.span(),
                    format!("{} must be true or false, not {other}", what("u_leak")),
                ));
            }
        };
    }
    if let Some((_, v)) = get("in_shift") {
        let k = as_int(v, &what("in_shift"))?;
        let max = profile::IZH_IN_SHIFT.max();
        if !(0..=max).contains(&k) {
            return Err(Problem::at(
                v.span(),
                format!("{} {k} is outside 0..={max}", what("in_shift")),
            ));
        }
        p.in_shift = k as u32;
    }
    let fields = p.fields().map_err(|e| {
        Problem::at(
            table.span(),
            format!("profile \"{}\": {e} (docs/model.md §4.1)", name.get_ref()),
        )
    })?;
    Ok((izh::profile_word(&fields), p))
}

/// The FLUX profile key of the noise width `k` (§3.1, register `noise_bits`).
const NOISE_KEY: &str = "noise_bits";

pub(super) fn resolve_profiles(tables: &[ProfileTable]) -> Checked<Vec<ProfileDef>> {
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
            "izh" => (profile::KIND_IZH, &[]),
            "xylo" => (profile::KIND_XYLO, &profile::XYLO),
            other => {
                return Err(Problem::at(
                    kind_s.span(),
                    format!(
                        "profile \"{}\" kind \"{other}\" is not \"flux\", \"cuba\", \"izh\" or \"xylo\"",
                        name.get_ref()
                    ),
                ));
            }
        };
        if kind == profile::KIND_IZH {
            for key in table.get_ref().keys() {
                let k = key.get_ref().as_str();
                if !["name", "kind", "learning"].contains(&k)
                    && !IZH_REQUIRED.contains(&k)
                    && !IZH_OPTIONAL.contains(&k)
                {
                    return Err(Problem::at(
                        key.span(),
                        format!(
                            "profile \"{}\" (kind izh) has no parameter `{k}`; its parameters are {}, {}",
                            name.get_ref(),
                            IZH_REQUIRED.join(", "),
                            IZH_OPTIONAL.join(", ")
                        ),
                    ));
                }
            }
            let (word, real) = resolve_izh(table, &name)?;
            out.push(ProfileDef {
                name: name.get_ref().clone(),
                span: name.span(),
                kind,
                word,
                thr_off_max: 0,
                noise_k: 0,
                learning: match get("learning") {
                    Some((_, v)) => Some(resolve_learning(name.get_ref(), v)?),
                    None => None,
                },
                izh: Some(real),
            });
            continue;
        }
        // The Xylo kind has no refractory period: its fields lie over `ref_period` (§6).
        let params: Vec<Field> = std::iter::once(profile::REF_PERIOD)
            .filter(|_| kind != profile::KIND_XYLO)
            .chain(fields.iter().copied())
            .collect();
        for key in table.get_ref().keys() {
            let k = key.get_ref().as_str();
            if k == NOISE_KEY && kind != profile::KIND_FLUX {
                return Err(Problem::at(
                    key.span(),
                    format!(
                        "profile \"{}\" (kind {}) cannot have `{NOISE_KEY}`: noise is part of the flux kind only (docs/model.md §3.1)",
                        name.get_ref(),
                        kind_s.get_ref()
                    ),
                ));
            }
            if k != "name"
                && k != "kind"
                && k != "learning"
                && k != NOISE_KEY
                && !params.iter().any(|f| f.name == k)
            {
                let mut list: Vec<&str> = params.iter().map(|f| f.name).collect();
                if kind == profile::KIND_FLUX {
                    list.push(NOISE_KEY);
                }
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
        if kind == profile::KIND_XYLO {
            // §4.2: Flux's range of the threshold (xylosim takes any int16).
            let (v_th, span) = values["v_th"].clone();
            if v_th < 1 {
                return Err(Problem::at(
                    span,
                    format!(
                        "profile \"{}\" v_th {v_th} is outside 1..=32767",
                        name.get_ref()
                    ),
                ));
            }
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
            noise_k: match get(NOISE_KEY) {
                Some((_, v)) => {
                    let what = format!("profile \"{}\" {NOISE_KEY}", name.get_ref());
                    let k = as_int(v, &what)?;
                    if !(0..=i64::from(NOISE_K_MAX)).contains(&k) {
                        return Err(Problem::at(
                            v.span(),
                            format!("{what} {k} is outside 0..={NOISE_K_MAX}"),
                        ));
                    }
                    k as u32
                }
                None => 0,
            },
            learning: match get("learning") {
                Some((_, v)) => Some(resolve_learning(name.get_ref(), v)?),
                None => None,
            },
            izh: None,
        });
    }
    Ok(out)
}
