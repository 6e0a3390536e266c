//! `[[projection]]` tables: synapses by connect rule, in the order `docs/model.md` §8 lays them out.

use super::*;

/// A resolved synapse, before layout.
#[derive(Clone, Debug)]
pub(super) struct Syn {
    /// `false, n`: neuron n; `true, c`: input channel c.
    pub(super) from_channel: bool,
    pub(super) from: u32,
    pub(super) target: u32,
    pub(super) weight: i64,
    pub(super) delay: i64,
    pub(super) kind: i64,
    /// A current synapse's current (0: `a_in`, 1: `m_in`) and weight shift (`docs/model.md` §5).
    pub(super) current: i64,
    pub(super) shift: i64,
    /// Learning may change it (`docs/model.md` §12).
    pub(super) plastic: bool,
    /// The projection it comes from (index into the resolved list) and where its weight and delay
    /// were written.
    pub(super) projection: usize,
    pub(super) weight_at: Range<usize>,
    pub(super) delay_at: Range<usize>,
}

pub(super) struct ProjectionInfo {
    pub(super) name: String,
    pub(super) span: Range<usize>,
    /// Where `plastic = true` was written, if it was.
    pub(super) plastic_at: Option<Range<usize>>,
}

pub(super) struct Synapses {
    pub(super) list: Vec<Syn>,
    pub(super) projections: Vec<ProjectionInfo>,
}

pub(super) fn resolve_projections(
    text: &str,
    tables: &[ProjectionTable],
    populations: &[PopulationDef],
    profiles: &[ProfileDef],
    inputs: &[InputDef],
    names: &Names,
) -> Checked<Synapses> {
    let mut list = Vec::new();
    let mut infos = Vec::new();
    for (index, t) in tables.iter().enumerate() {
        let pname = projection_name(tables, index);
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
            Some("current") => syn_type::CURRENT,
            Some(other) => {
                let span = t.kind.as_ref().map(|k| k.span()).unwrap_or_default();
                return Err(Problem::at(
                    span,
                    format!(
                        "{what} type \"{other}\" is not direct, modulatory, electric or current"
                    ),
                ));
            }
        };
        // Xylo populations take current synapses only, and only they do (docs/model.md §4.2, §5).
        let target_kind = populations[to_pop]
            .state
            .first()
            .and_then(|&w| profiles.get(state::PROFILE.get(w) as usize))
            .map(|p| p.kind);
        let xylo_target = target_kind == Some(profile::KIND_XYLO);
        if xylo_target != (kind == syn_type::CURRENT) {
            let span = t.kind.as_ref().map_or(t.to.span(), |k| k.span());
            return Err(Problem::at(
                span,
                if xylo_target {
                    format!(
                        "{what} goes to Xylo population \"{}\": it needs type = \"current\" (with current = 1 or 2)",
                        t.to.get_ref()
                    )
                } else {
                    format!(
                        "{what} is type current, which only Xylo populations take; \"{}\" is not one",
                        t.to.get_ref()
                    )
                },
            ));
        }
        let (current, shift) = if kind == syn_type::CURRENT {
            let current = match &t.current {
                Some(c) => int_in(c, || format!("{what} current"), 1, 2)? - 1,
                None => 0,
            };
            let shift = match &t.shift {
                Some(s) => int_in(s, || format!("{what} shift"), 0, 15)?,
                None => 0,
            };
            (current, shift)
        } else {
            if let Some(k) = t
                .current
                .as_ref()
                .map(|c| c.span())
                .or(t.shift.as_ref().map(|s| s.span()))
            {
                return Err(Problem::at(
                    k,
                    format!(
                        "{what} is not type current: `current` and `shift` belong to current synapses"
                    ),
                ));
            }
            (0, 0)
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
        if kind == syn_type::CURRENT && delay.0 != 0 {
            return Err(Problem::at(
                delay.1.clone(),
                format!(
                    "{what} is type current with delay {}: Xylo synapses have no delay (docs/model.md §4.2)",
                    delay.0
                ),
            ));
        }
        let make = |pre: u32, post: u32, w: (i64, Range<usize>), d: (i64, Range<usize>)| Syn {
            from_channel,
            from: pre_first + pre,
            target: post_first + post,
            weight: w.0,
            delay: d.0,
            kind,
            current,
            shift,
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
                // a skipped self pair consumes no draw. Draw `d` is pair `d` of the rows of `row`
                // pairs; without self pairs, row `i` skips column `i`.
                let skip_self = same && !allow_self;
                let row = n_post - u32::from(skip_self);
                let mut rng = Xorshift32::seeded(seed, 0);
                // The list stops growing one past the limit, which is then refused.
                rng.draws(p16, n_pre as u64 * row as u64, |d| {
                    let (i, k) = ((d / row as u64) as u32, (d % row as u64) as u32);
                    let j = if skip_self && k >= i { k + 1 } else { k };
                    if list.len() <= MODEL_ONLY_MAX_SYNAPSES as usize {
                        list.push(make(i, j, w.clone(), delay.clone()));
                    }
                });
                if list.len() > MODEL_ONLY_MAX_SYNAPSES as usize {
                    return Err(Problem::at(
                        t.connect.span(),
                        format!(
                            "{what} makes more than the {MODEL_ONLY_MAX_SYNAPSES} synapses any core can hold"
                        ),
                    ));
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
    // A connect list may give each synapse its own delay.
    if let Some(s) = list
        .iter()
        .find(|s: &&Syn| s.kind == syn_type::CURRENT && s.delay != 0)
    {
        return Err(Problem::at(
            s.delay_at.clone(),
            format!(
                "projection \"{}\" is type current with delay {}: Xylo synapses have no delay (docs/model.md §4.2)",
                projection_name(tables, s.projection),
                s.delay
            ),
        ));
    }
    Ok(Synapses {
        list,
        projections: infos,
    })
}

/// The name a projection goes by in messages.
fn projection_name(tables: &[ProjectionTable], index: usize) -> String {
    let t = &tables[index];
    match &t.name {
        Some(n) => n.get_ref().clone(),
        None => format!("{}->{}", t.from.get_ref(), t.to.get_ref()),
    }
}
