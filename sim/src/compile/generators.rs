//! `[[input]]` tables: input generators (`docs/model.md` §9) and their channels.

use super::*;

/// A resolved input.
pub(super) struct InputDef {
    pub(super) range: ChannelRange,
    pub(super) span: Range<usize>,
    pub(super) source: Source,
}

/// Keys each input kind takes besides `name` and `kind` (`docs/model.md` §10).
pub(super) fn input_keys(kind: &str) -> Option<&'static [&'static str]> {
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
pub(super) fn time_list(
    items: &[toml::Value],
    span: &Range<usize>,
    what: &str,
) -> Checked<Vec<u64>> {
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

pub(super) fn resolve_inputs(
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

pub(super) fn need_value(
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
pub(super) fn rate_p16(
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
