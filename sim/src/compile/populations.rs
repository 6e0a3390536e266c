//! `[[population]]` tables: neuron ids and initial state words; the one namespace of population
//! and input names.

use super::*;
use crate::izh::{self, IzhReal};

/// A resolved population: its ids and initial state words.
pub(super) struct PopulationDef {
    pub(super) range: PopulationRange,
    pub(super) span: Range<usize>,
    pub(super) state: Vec<u128>,
}

pub(super) fn resolve_populations(
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
        if let Some(izh) = &prof.izh {
            izh_state(&mut state, t, izh, name)?;
        }
        for (field_name, value) in t.state_fields() {
            if prof.izh.is_some() && (field_name == "v" || field_name == "u") {
                continue;
            }
            let Some(value) = value else { continue };
            let field = state::ALL
                .iter()
                .find(|f| f.name == field_name)
                .expect("state field names come from spec");
            let what = format!("population \"{name}\" {field_name}");
            // Valid initial values per kind (docs/model.md §3, §4, §4.2).
            let range = match (prof.kind, field_name) {
                (profile::KIND_FLUX, "v") => Some((i16::MIN as i64, i16::MAX as i64)),
                (profile::KIND_FLUX, "thr_off") => Some((-prof.thr_off_max, prof.thr_off_max)),
                (profile::KIND_FLUX, "mod_level") => Some((i16::MIN as i64, i16::MAX as i64)),
                (profile::KIND_CUBA, "v") => Some((-((1 << 23) - 1), (1 << 23) - 1)),
                (profile::KIND_CUBA, "u") => Some((-(1 << 23) + 1, 1 << 23)),
                (profile::KIND_XYLO, "v") => Some((i16::MIN as i64, i16::MAX as i64)),
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

/// The initial `v` (mV) and `u` (mV/ms) of an Izhikevich population, numbers or arrays of them
/// (`docs/model.md` §10): by default `v = c` and `u = b v`, Izhikevich's own start.
fn izh_state(state: &mut [u128], t: &PopulationTable, p: &IzhReal, name: &str) -> Checked<()> {
    let n = state.len();
    let reals = |value: Option<&Spanned<toml::Value>>, key: &str| {
        value
            .map(|v| per_neuron_real(v, n, &format!("population \"{name}\" {key}")))
            .transpose()
    };
    let vs = reals(t.v.as_ref(), "v")?.unwrap_or_else(|| vec![p.c; n]);
    let us = reals(t.u.as_ref(), "u")?.unwrap_or_else(|| vs.iter().map(|v| p.b * v).collect());
    for (i, (w, (v, u))) in state.iter_mut().zip(vs.into_iter().zip(us)).enumerate() {
        let at = |key: &str, x: f64, range: &str| {
            let span = match key {
                "v" => t.v.as_ref(),
                _ => t.u.as_ref(),
            }
            .map(|s| s.span());
            Problem {
                span,
                message: format!(
                    "population \"{name}\" {key} of neuron {i} ({x}) is outside {range} (docs/model.md §4.1)"
                ),
            }
        };
        let vq = izh::v_state(v).ok_or_else(|| at("v", v, "-512..512 mV"))?;
        let uq = izh::u_state(u, p.dt).ok_or_else(|| at("u", u, "the 25-bit u * dt field"))?;
        *w = state::U.set(state::V.set(*w, vq.into()), uq.into());
    }
    Ok(())
}

/// What a name in `from`/`to` refers to.
#[derive(Clone, Copy)]
pub(super) enum Endpoint {
    Population(usize),
    Input(usize),
}

pub(super) struct Names(pub(super) HashMap<String, Endpoint>);

impl Names {
    pub(super) fn new(populations: &[PopulationDef], file: &NetworkFile) -> Checked<Self> {
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
