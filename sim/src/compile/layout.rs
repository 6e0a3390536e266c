//! Sizing and laying out: the learning registers, the network's needs against a preset (or a
//! model-only core fitted to it), and the memories filled as `docs/model.md` §8 prescribes.

use super::*;

/// The learning registers the compiler sets (`docs/model.md` §12.1); `sweep_len` is the number of
/// synapses.
pub(super) struct LearningRegs {
    pub(super) enabled: bool,
    pub(super) sweep_step: u32,
}

/// Reads `[learning]` and checks that every plastic synapse's target has a learning rule.
pub(super) fn resolve_learning_regs(
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
pub(super) struct Needs<'a> {
    pub(super) profiles: &'a [ProfileDef],
    pub(super) populations: &'a [PopulationDef],
    pub(super) inputs: &'a [InputDef],
    pub(super) synapses: &'a Synapses,
}

impl Needs<'_> {
    pub(super) fn neurons(&self) -> u32 {
        self.populations
            .last()
            .map_or(0, |p| p.range.first + p.range.size)
    }

    pub(super) fn channels(&self) -> u32 {
        self.inputs
            .last()
            .map_or(0, |i| i.range.first + i.range.count)
    }

    pub(super) fn max_delay(&self) -> Option<&Syn> {
        self.synapses.list.iter().max_by_key(|s| s.delay)
    }

    /// Most events any timestep can carry: every channel spiking once, plus the most current
    /// injections that are scheduled for one timestep.
    pub(super) fn fifo_bound(&self) -> (u64, u64) {
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
    pub(super) fn fit(&self, p: &Preset) -> Checked<()> {
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
        // A kind whose datapath the preset leaves out (docs/model.md §1): the unit and the presets
        // that have it, for the message.
        let units = [
            (
                p.cuba,
                profile::KIND_CUBA,
                "CUBA",
                "FLUX profiles only; small, ulx3s and large have both",
            ),
            (
                p.izh,
                profile::KIND_IZH,
                "Izhikevich",
                "small, ulx3s and large have one",
            ),
            (
                p.xylo,
                profile::KIND_XYLO,
                "Xylo",
                "small, ulx3s and large have one",
            ),
        ];
        for (present, kind, unit, where_) in units {
            if !present && let Some(prof) = self.profiles.iter().find(|x| x.kind == kind) {
                return Err(Problem::at(
                    prof.span.clone(),
                    format!(
                        "profile \"{}\" is kind \"{}\" but preset {} has no {unit} datapath ({where_})",
                        prof.name,
                        kind_name(kind),
                        p.name
                    ),
                ));
            }
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
    pub(super) fn model_only_preset(&self, at: Option<Range<usize>>) -> Checked<Preset> {
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
            izh: true,
            xylo: true,
            learning: true,
            generators: false,
            spike_lists: false,
            burst: false,
            net: true,
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
pub(super) fn populations_fit(populations: &[PopulationDef], p: &Preset) -> Checked<()> {
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

/// Reads `[noise] seed`: register `noise`'s starting state (§3.1), 1 when not given. A seed of 0
/// is refused: `xorshift32` stays at 0, so every draw would be 0.
pub(super) fn resolve_noise_seed(file: &NetworkFile) -> Checked<u32> {
    match file.noise.as_ref().and_then(|n| n.seed.as_ref()) {
        Some(v) => Ok(int_in(v, || "[noise] seed".to_string(), 1, u32::MAX.into())? as u32),
        None => Ok(1),
    }
}

/// Fills the memories (`docs/model.md` §8). The network has been checked to fit `p`.
pub(super) fn lay_out(
    p: &Preset,
    profiles: &[ProfileDef],
    populations: &[PopulationDef],
    synapses: &Synapses,
    learning: &LearningRegs,
    noise_seed: u32,
) -> CoreImage {
    let mut image = CoreImage::empty(*p);
    for (slot, prof) in image.profiles.iter_mut().zip(profiles) {
        *slot = prof.word;
    }
    // Noise (§3.1): profile `i`'s `k` in bits `4i .. 4i + 4` of `noise_bits`.
    image.noise = noise_seed;
    image.noise_bits = profiles.iter().enumerate().fold(0, |bits, (i, prof)| {
        bits | prof.noise_k << (i as u32 * spec::reg::NOISE_BITS_PER_PROFILE)
    });
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
            if s.kind == syn_type::CURRENT {
                w = p.syn_current().set(w, s.current);
                w = p.syn_shift().set(w, s.shift);
            }
            image.synapses[addr] = w as u64;
            addr += 1;
        }
        let word = count_f.set(start_f.set(0, start as i64), (addr - start) as i64);
        image.fanout[src as usize] = word as u64;
    }
    image
}
