//! Probe selectors: which neurons a trace records. One parser for `--probe` on the command line and
//! `[run] probes` in a network file (`docs/model.md` §10): `left` (a population), `left[2]`,
//! `left[0..4]`, `left[0..=3]` (neurons within it), `3`, `3..8`, `3..=7` (neuron ids).

use std::ops::Range;

use crate::compile::PopulationRange;

/// The neurons `specs` select, ascending and unique; `n_neurons` bounds the ids. The error is one
/// line naming the selector.
pub fn resolve(
    populations: &[PopulationRange],
    n_neurons: u32,
    specs: &[String],
) -> Result<Vec<u32>, String> {
    let mut ids = Vec::new();
    for spec in specs {
        ids.extend(select(populations, n_neurons, spec)?);
    }
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// The neurons one selector names, checked against the network.
pub fn select(
    populations: &[PopulationRange],
    n_neurons: u32,
    spec: &str,
) -> Result<Range<u32>, String> {
    let spec = spec.trim();
    let range = parse(populations, spec)?;
    if range.is_empty() {
        return Err(format!("probe {spec:?} selects no neuron"));
    }
    if range.end > n_neurons {
        return Err(format!(
            "probe {spec:?} reaches neuron {}, but the network has {n_neurons} neurons (0..{n_neurons})",
            range.end - 1
        ));
    }
    Ok(range)
}

fn parse(populations: &[PopulationRange], spec: &str) -> Result<Range<u32>, String> {
    if spec.starts_with(|c: char| c.is_ascii_digit()) {
        return parse_range(spec).map_err(|e| {
            format!("probe {spec:?}: {e}: expected an id (3) or a range (3..8, 3..=7)")
        });
    }
    let (name, index) = match spec.split_once('[') {
        None => (spec, None),
        Some((name, rest)) => match rest.strip_suffix(']') {
            Some(index) => (name, Some(index)),
            None => return Err(format!("probe {spec:?}: expected population[index]")),
        },
    };
    let Some(pop) = populations.iter().find(|p| p.name == name) else {
        let names: Vec<String> = populations
            .iter()
            .map(|p| format!("{:?}", p.name))
            .collect();
        return Err(format!(
            "probe {spec:?}: no population {name:?} (the network has {})",
            names.join(", ")
        ));
    };
    let Some(index) = index else {
        return Ok(pop.ids());
    };
    let local = parse_range(index).map_err(|e| {
        format!(
            "probe {spec:?}: {e}: expected an index (2) or a range (0..4, 0..=3) inside the brackets"
        )
    })?;
    if local.end > pop.size {
        return Err(format!(
            "probe {spec:?}: population {name} has {} neurons (0..{})",
            pop.size, pop.size
        ));
    }
    Ok(pop.first + local.start..pop.first + local.end)
}

/// `3` -> 3..4, `3..8` -> 3..8, `3..=7` -> 3..8.
fn parse_range(s: &str) -> Result<Range<u32>, String> {
    let num = |t: &str| {
        t.trim()
            .parse::<u32>()
            .map_err(|_| format!("{t:?} is not a neuron number"))
    };
    if let Some((a, b)) = s.split_once("..=") {
        let (a, b) = (num(a)?, num(b)?);
        return Ok(a..b.checked_add(1).ok_or("range end too large")?);
    }
    if let Some((a, b)) = s.split_once("..") {
        return Ok(num(a)?..num(b)?);
    }
    let a = num(s)?;
    Ok(a..a.checked_add(1).ok_or("neuron number too large")?)
}
