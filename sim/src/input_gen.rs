//! The board's on-chip input generators (`docs/model.md` §9.1): a table of [`ENTRIES`] generators
//! beside the host link, Poisson draws or latency countdowns, walked before every timestep the
//! board runs, so that a network's rate- and latency-coded channels need no traffic on the line. The hardware twin is
//! `flux_hdl::input_gen::InputGen`; this module is its reference ([`Table`]) and the rule that maps
//! a network's inputs onto it ([`Plan`]).
//!
//! The walk draws exactly as [`crate::inputs`] does (the same `xorshift32`, one draw per enabled
//! entry per timestep), so a network whose rate-coded channels run on the chip sees the events of
//! the host-side generators, in the same order: the host's events (current injections, then its
//! channels) are queued first, and the chip serves a suffix of the channels.

use crate::image::Event;
use crate::inputs::{InputSet, Source, Xorshift32};
use crate::spec::{Field, Preset};
use std::collections::BTreeMap;

/// Entries of the generator table of a board whose preset carries generators.
pub const ENTRIES: u32 = 64;
/// `WRITE` memory code of a table entry (`addr` = the entry, modulo [`ENTRIES`]): beyond the
/// core's codes 0..=7 (`docs/host_link.md` §3).
pub const MEM_TABLE: u8 = 8;
/// `WRITE` memory code of the generator register ([`REG_BASE`], [`REG_COUNT`]; `addr` ignored).
pub const MEM_REGS: u8 = 9;
/// Width of a table entry word.
pub const ENTRY_BITS: u32 = 51;
/// The entry's state: a rate entry's `xorshift32` state (the drawn value becomes the new state), a
/// countdown entry's timesteps until its next spike.
pub const STATE: Field = Field::new("state", 0, 32, false);
/// A rate entry's spike probability `p16` (`0..=65536`); a countdown entry's period (0: it spikes
/// once).
pub const P16: Field = Field::new("p16", 32, 17, false);
/// The entry is walked in this timestep (the host sets it at the source's `start`, clears it at
/// `stop`; a countdown entry without a period clears it when it spikes).
pub const ENABLED: Field = Field::new("enabled", 49, 1, false);
/// The entry's kind: [`Kind::Rate`] (0) or [`Kind::Countdown`] (1).
pub const KIND: Field = Field::new("kind", 50, 1, false);
/// The longest period a countdown entry holds (the [`P16`] field's 17 bits).
pub const MAX_PERIOD: u64 = (1 << 17) - 1;
/// The register word: the channel of entry 0.
pub const REG_BASE: Field = Field::new("base", 0, 16, false);
/// The register word: entries walked (`0..=ENTRIES`; 0 switches the generators off).
pub const REG_COUNT: Field = Field::new("count", 16, 16, false);

/// Board clock cycles the walk of `count` entries adds before a timestep's `tick` (two per entry:
/// read, then draw and write back; plus the start and the hand-over); none while `count` is 0, when
/// the board goes straight to the `tick`. Not part of the core's cycle count (`docs/model.md` §7),
/// which starts at the `tick`.
pub const fn walk_cycles(count: u32) -> u64 {
    if count == 0 { 0 } else { 2 + 2 * count as u64 }
}

/// What an entry generates.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Kind {
    /// Rate coding (`poisson`, data-set rates): one `xorshift32` draw per timestep, a spike with
    /// probability `p16 / 65536`.
    #[default]
    Rate,
    /// Latency coding: `state` counts the timesteps down to a spike; then it restarts from
    /// `period - 1`, or, without a period, the entry switches itself off.
    Countdown,
}

/// One generator of the table.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Entry {
    pub state: u32,
    /// `p16` of a rate entry, the period of a countdown entry.
    pub p16: u32,
    pub enabled: bool,
    pub kind: Kind,
}

impl Entry {
    /// Generator `index` of `seed` (`Xorshift32::seeded`), drawing with `p16`.
    pub fn seeded(seed: u32, index: u32, p16: u32) -> Self {
        Self {
            state: Xorshift32::seeded(seed, index).state(),
            p16,
            enabled: true,
            kind: Kind::Rate,
        }
    }

    /// A countdown that spikes in `offset` timesteps' time (0: in the next walk), then every
    /// `period` timesteps (0: never again; at most [`MAX_PERIOD`]).
    pub fn countdown(offset: u32, period: u32) -> Self {
        Self {
            state: offset,
            p16: period,
            enabled: true,
            kind: Kind::Countdown,
        }
    }

    /// The entry word (`WRITE` to [`MEM_TABLE`]).
    pub fn word(&self) -> u128 {
        let w = STATE.set(0, i64::from(self.state));
        let w = P16.set(w, i64::from(self.p16));
        let w = ENABLED.set(w, i64::from(self.enabled));
        KIND.set(w, i64::from(self.kind == Kind::Countdown))
    }

    /// The entry a word holds.
    pub fn from_word(word: u128) -> Self {
        Self {
            state: STATE.get(word) as u32,
            p16: P16.get(word) as u32,
            enabled: ENABLED.get(word) != 0,
            kind: if KIND.get(word) != 0 {
                Kind::Countdown
            } else {
                Kind::Rate
            },
        }
    }

    /// One walk of an enabled entry: its spike, and its next state.
    fn step(&mut self) -> bool {
        match self.kind {
            Kind::Rate => {
                let mut g = Xorshift32::from_state(self.state);
                let spike = g.draw(self.p16);
                self.state = g.state();
                spike
            }
            Kind::Countdown if self.state == 0 => {
                if self.p16 == 0 {
                    self.enabled = false;
                } else {
                    self.state = self.p16 - 1;
                }
                true
            }
            Kind::Countdown => {
                self.state -= 1;
                false
            }
        }
    }
}

/// The register word (`WRITE` to [`MEM_REGS`]).
pub fn regs_word(base: u32, count: u32) -> u128 {
    REG_COUNT.set(REG_BASE.set(0, i64::from(base)), i64::from(count))
}

/// The `WRITE` that switches a board's generators off (`count` 0): what a host that drives every
/// input itself sends first, since a run before it may have left them walking.
pub fn off_writes() -> Vec<(u8, u32, u128)> {
    vec![(MEM_REGS, 0, regs_word(0, 0))]
}

/// The table `WRITE`s (memory, address, data) a host sends before timestep `t` of a run that starts
/// at 0 with `plan`: before the first, the plan's setup ([`Plan::load`]), or, on a board with
/// generators that the run leaves unused, [`off_writes`]; before a later one, the plan's enables and
/// disables due then ([`Plan::writes_at`]). The one rule `flux board run` and `flux estimate` follow.
pub fn writes_before(plan: Option<&Plan>, board_generators: bool, t: u64) -> Vec<(u8, u32, u128)> {
    match plan {
        Some(p) if t == 0 => p.load(),
        Some(p) => p.writes_at(t),
        None if board_generators && t == 0 => off_writes(),
        None => Vec::new(),
    }
}

/// The inputs the host drives itself: all of `inputs` without a plan, else those the plan leaves
/// on the host ([`Plan::host_inputs`]).
pub fn host_inputs(plan: Option<&Plan>, inputs: &InputSet) -> InputSet {
    plan.map_or_else(|| inputs.clone(), |p| p.host_inputs().clone())
}

/// The generator table as the board holds it; powers up (and resets) with no entry walked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    entries: Vec<Entry>,
    base: u32,
    count: u32,
}

impl Default for Table {
    fn default() -> Self {
        Self::new()
    }
}

impl Table {
    /// Power-up: every entry zero, `count` 0.
    pub fn new() -> Self {
        Self {
            entries: vec![Entry::default(); ENTRIES as usize],
            base: 0,
            count: 0,
        }
    }

    /// The registers after a board reset (`docs/host_link.md` §5); the entries are kept.
    pub fn reset(&mut self) {
        self.base = 0;
        self.count = 0;
    }

    /// A `WRITE` to [`MEM_TABLE`] or [`MEM_REGS`] (other codes are not the table's and change
    /// nothing). Addresses wrap at [`ENTRIES`]; a count above [`ENTRIES`] walks [`ENTRIES`]
    /// (the hardware's counter stops there).
    pub fn write(&mut self, mem: u8, addr: u32, data: u128) {
        match mem {
            MEM_TABLE => self.entries[(addr % ENTRIES) as usize] = Entry::from_word(data),
            MEM_REGS => {
                self.base = REG_BASE.get(data) as u32;
                self.count = (REG_COUNT.get(data) as u32).min(ENTRIES);
            }
            _ => {}
        }
    }

    /// Entries walked before each timestep.
    pub fn count(&self) -> u32 {
        self.count
    }

    /// Entry `index`.
    pub fn entry(&self, index: u32) -> Entry {
        self.entries[index as usize]
    }

    /// The walk before a timestep: entries `0..count` in order; an enabled entry steps (a rate
    /// entry draws once, the new state stored; a countdown entry counts down, or spikes and
    /// restarts or switches itself off) and, on a spike, appends one on channel `base + index` (16
    /// bits, wrapping, as the `aer_in_addr` port).
    pub fn walk(&mut self, out: &mut Vec<Event>) {
        for (k, e) in self.entries[..self.count as usize].iter_mut().enumerate() {
            if e.enabled && e.step() {
                out.push(Event::Spike {
                    channel: (self.base + k as u32) & 0xFFFF,
                });
            }
        }
    }
}

/// How a network's inputs run on a board with generators: the longest suffix of its channel
/// sources that the table can hold ([`on_the_table`]: rate-coded, `poisson` and data-set rates,
/// or latency-coded) and fits [`ENTRIES`] goes onto it; the host keeps every other source. `None`
/// when no such channel exists or the preset has no generators.
#[derive(Clone, Debug)]
pub struct Plan {
    base: u32,
    count: u32,
    host: InputSet,
    /// Table writes due before timestep `t` (entry, word): a source's entries at its `start`
    /// (seeded, enabled), and at its `stop` (disabled). Those at `t = 0` are in [`Plan::load`].
    writes: BTreeMap<u64, Vec<(u32, Entry)>>,
    at_zero: Vec<(u32, Entry)>,
}

/// Whether the table can run `source`: rate-coded sources (`poisson`, data-set rates) always;
/// latency-coded ones whose period fits an entry ([`MAX_PERIOD`]) and whose offsets fit its
/// countdown (32 bits). Spike lists, delta coding and current injections stay on the host.
pub fn on_the_table(source: &Source) -> bool {
    match source {
        Source::Poisson { .. } | Source::Rates { .. } => true,
        Source::Latency {
            offsets, period, ..
        } => {
            period.is_none_or(|p| p <= MAX_PERIOD)
                && offsets
                    .iter()
                    .flatten()
                    .all(|&off| off <= u64::from(u32::MAX))
        }
        _ => false,
    }
}

impl Plan {
    /// The plan for `inputs` on a board of `preset`.
    pub fn new(inputs: &InputSet, preset: &Preset) -> Option<Self> {
        if !preset.generators {
            return None;
        }
        let sources = inputs.sources();
        let mut first = sources.len();
        let mut count = 0u32;
        for (i, s) in sources.iter().enumerate().rev() {
            match s {
                Source::Current { .. } => continue,
                _ if on_the_table(s) && count + s.channel_count() <= ENTRIES => {
                    count += s.channel_count();
                    first = i;
                }
                _ => break,
            }
        }
        if count == 0 {
            return None;
        }
        let mut base = None;
        let mut entries = Vec::new(); // (entry, start, stop, the entry while enabled, if ever)
        let mut host = Vec::new();
        for (i, s) in sources.iter().enumerate() {
            let on_chip = i >= first && !matches!(s, Source::Current { .. });
            if !on_chip {
                host.push(s.clone());
                continue;
            }
            let (first_channel, start, stop) = match s {
                Source::Poisson {
                    first_channel,
                    start,
                    stop,
                    ..
                }
                | Source::Rates {
                    first_channel,
                    start,
                    stop,
                    ..
                } => (*first_channel, *start, *stop),
                Source::Latency {
                    first_channel,
                    start,
                    ..
                } => (*first_channel, *start, None),
                _ => unreachable!("only the sources `on_the_table` accepts are on the chip"),
            };
            let base = *base.get_or_insert(first_channel);
            for k in 0..s.channel_count() {
                let enabled = match s {
                    Source::Poisson { seed, .. } | Source::Rates { seed, .. } => {
                        Some(Entry::seeded(*seed, k, s.channel_p16(k as usize)))
                    }
                    // Channel `k` spikes at `start + offset` and every `period` after; an offset
                    // of a period or more never matches (`inputs`), and such a channel never spikes.
                    Source::Latency {
                        offsets, period, ..
                    } => offsets[k as usize]
                        .filter(|&off| period.is_none_or(|p| off < p))
                        .map(|off| Entry::countdown(off as u32, period.unwrap_or(0) as u32)),
                    _ => unreachable!("only the sources `on_the_table` accepts are on the chip"),
                };
                entries.push((first_channel + k - base, start, stop, enabled));
            }
        }
        let mut writes: BTreeMap<u64, Vec<(u32, Entry)>> = BTreeMap::new();
        let mut at_zero = Vec::new();
        for (entry, start, stop, enabled) in entries {
            let Some(seeded) = enabled else {
                at_zero.push((entry, Entry::default()));
                continue;
            };
            let active = stop.is_none_or(|s| start < s);
            if start == 0 && active {
                at_zero.push((entry, seeded));
            } else {
                at_zero.push((entry, Entry::default()));
                if active {
                    writes.entry(start).or_default().push((entry, seeded));
                }
            }
            if let Some(stop) = stop.filter(|&s| active && s > 0) {
                writes
                    .entry(stop)
                    .or_default()
                    .push((entry, Entry::default()));
            }
        }
        Some(Self {
            base: base.expect("count > 0"),
            count,
            host: InputSet::new(host),
            writes,
            at_zero,
        })
    }

    /// The channel of entry 0.
    pub fn base(&self) -> u32 {
        self.base
    }

    /// Entries on the chip.
    pub fn count(&self) -> u32 {
        self.count
    }

    /// The sources the host still drives (events queued with `EVENT`).
    pub fn host_inputs(&self) -> &InputSet {
        &self.host
    }

    /// The `WRITE`s (memory, address, data) that set the table up before timestep 0: the register
    /// word, then every entry as timestep 0 needs it.
    pub fn load(&self) -> Vec<(u8, u32, u128)> {
        let mut out = vec![(MEM_REGS, 0, regs_word(self.base, self.count))];
        out.extend(
            self.at_zero
                .iter()
                .map(|(entry, e)| (MEM_TABLE, *entry, e.word())),
        );
        out
    }

    /// The table `WRITE`s due before timestep `t > 0` (none at 0: see [`Plan::load`]).
    pub fn writes_at(&self, t: u64) -> Vec<(u8, u32, u128)> {
        self.writes.get(&t).map_or_else(Vec::new, |w| {
            w.iter()
                .map(|(entry, e)| (MEM_TABLE, *entry, e.word()))
                .collect()
        })
    }

    /// Whether table writes are due before timestep `t > 0`.
    pub fn has_writes_at(&self, t: u64) -> bool {
        self.writes.contains_key(&t)
    }

    /// The timesteps with table writes due, ascending.
    pub fn write_times(&self) -> impl Iterator<Item = u64> + '_ {
        self.writes.keys().copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inputs::Schedule;
    use crate::spec::{Preset, SMALL};

    fn poisson(
        first_channel: u32,
        channels: u32,
        p16: u32,
        seed: u32,
        start: u64,
        stop: Option<u64>,
    ) -> Source {
        Source::Poisson {
            first_channel,
            channels,
            p16,
            seed,
            start,
            stop,
        }
    }

    /// The chip's events equal the host-side generators' for every timestep: host events first,
    /// then the walk, with the plan's writes applied before each timestep.
    fn assert_same_events(inputs: &InputSet, steps: u64) -> Plan {
        let plan = Plan::new(inputs, &SMALL).expect("a plan");
        let mut reference = inputs.clone();
        let mut host = plan.host_inputs().clone();
        let mut table = Table::new();
        for (mem, addr, data) in plan.load() {
            table.write(mem, addr, data);
        }
        let (mut want, mut got) = (Vec::new(), Vec::new());
        let mut spikes = 0;
        for t in 0..steps {
            for (mem, addr, data) in plan.writes_at(t) {
                table.write(mem, addr, data);
            }
            reference.events_at(t, &mut want);
            host.events_at(t, &mut got);
            table.walk(&mut got);
            assert_eq!(got, want, "t = {t}");
            spikes += want.len();
        }
        assert!(spikes > 0, "the inputs never spiked");
        plan
    }

    #[test]
    fn entry_words_round_trip_and_fields_do_not_overlap() {
        assert_eq!(STATE.end(), P16.lsb);
        assert_eq!(P16.end(), ENABLED.lsb);
        assert_eq!(ENABLED.end(), KIND.lsb);
        assert_eq!(KIND.end(), ENTRY_BITS);
        let e = Entry {
            state: 0xDEAD_BEEF,
            p16: 65536,
            enabled: true,
            kind: Kind::Rate,
        };
        assert_eq!(Entry::from_word(e.word()), e);
        assert_eq!(e.word() >> 32, (1 << 17) | 65536);
        let c = Entry::countdown(7, MAX_PERIOD as u32);
        assert_eq!(Entry::from_word(c.word()), c);
        assert_eq!(c.word(), (0b11 << 49) | (MAX_PERIOD << 32) as u128 | 7);
        assert_eq!(regs_word(3, 64), 3 | (64 << 16));
    }

    #[test]
    fn a_walk_draws_as_the_host_generators_do() {
        // One entry of seed 1 at certainty, one never: the first spikes, both states advance.
        let mut t = Table::new();
        t.write(MEM_REGS, 0, regs_word(10, 2));
        t.write(MEM_TABLE, 0, Entry::seeded(1, 0, 65536).word());
        t.write(MEM_TABLE, 1, Entry::seeded(1, 1, 0).word());
        let mut out = Vec::new();
        t.walk(&mut out);
        assert_eq!(out, vec![Event::Spike { channel: 10 }]);
        let mut g = Xorshift32::seeded(1, 1);
        g.next();
        assert_eq!(t.entry(1).state, g.state());
        // A disabled entry does not draw; entries past `count` are not walked.
        t.write(MEM_TABLE, 0, Entry::default().word());
        t.write(MEM_REGS, 0, regs_word(10, 1));
        let before = t.clone();
        out.clear();
        t.walk(&mut out);
        assert!(out.is_empty());
        assert_eq!(t, before);
    }

    #[test]
    fn a_countdown_spikes_at_its_offset_then_every_period_or_once() {
        // Entry 0: offset 2, period 3 (spikes in walks 2, 5, 8); entry 1: offset 0, no period
        // (spikes in walk 0, then switches itself off); entry 2: disabled.
        let mut t = Table::new();
        t.write(MEM_REGS, 0, regs_word(4, 3));
        t.write(MEM_TABLE, 0, Entry::countdown(2, 3).word());
        t.write(MEM_TABLE, 1, Entry::countdown(0, 0).word());
        t.write(
            MEM_TABLE,
            2,
            Entry {
                enabled: false,
                ..Entry::countdown(0, 1)
            }
            .word(),
        );
        let mut spikes = Vec::new();
        for walk in 0..9 {
            let mut out = Vec::new();
            t.walk(&mut out);
            spikes.extend(out.iter().map(|e| (walk, *e)));
        }
        let at = |walk, channel| (walk, Event::Spike { channel });
        assert_eq!(spikes, vec![at(0, 5), at(2, 4), at(5, 4), at(8, 4)]);
        assert!(
            !t.entry(1).enabled,
            "a countdown without a period spikes once"
        );
        assert_eq!(
            t.entry(0).state,
            2,
            "restarted from period - 1 after walk 8"
        );
    }

    #[test]
    fn latency_coded_sources_run_on_the_chip_with_the_rate_coded_ones() {
        // A spike list (host), then latency codes: once from t = 3 (a channel without a spike),
        // periodic from t = 0 (one offset a period or more: never), then a Poisson source, then a
        // periodic latency code from t = 7.
        let inputs = InputSet::new(vec![
            Source::Spikes {
                first_channel: 0,
                times: vec![vec![1, 2]],
            },
            Source::Latency {
                first_channel: 1,
                offsets: vec![Some(0), None, Some(4)],
                start: 3,
                period: None,
            },
            Source::Latency {
                first_channel: 4,
                offsets: vec![Some(1), Some(5), Some(0), Some(4)],
                start: 0,
                period: Some(5),
            },
            poisson(8, 2, 30_000, 11, 2, Some(20)),
            Source::Latency {
                first_channel: 10,
                offsets: vec![Some(2)],
                start: 7,
                period: Some(1 << 17),
            },
        ]);
        // The last source's period does not fit an entry: it stays on the host, and with it every
        // source before it (the chip serves a suffix).
        assert!(Plan::new(&inputs, &SMALL).is_none());
        let mut sources = inputs.sources().to_vec();
        sources[4] = Source::Latency {
            first_channel: 10,
            offsets: vec![Some(2)],
            start: 7,
            period: Some(3),
        };
        let plan = assert_same_events(&InputSet::new(sources), 40);
        assert_eq!((plan.base(), plan.count()), (1, 10));
        assert_eq!(plan.write_times().collect::<Vec<_>>(), vec![2, 3, 7, 20]);
        assert_eq!(plan.host_inputs().sources().len(), 1);
    }

    #[test]
    fn rate_coded_suffixes_run_on_the_chip_with_the_host_events_unchanged() {
        // Spike lists first (host), then two Poisson sources with windows, then data-set rates,
        // with a current injection between them (host, and first in every timestep anyway).
        let inputs = InputSet::new(vec![
            Source::Spikes {
                first_channel: 0,
                times: vec![vec![1, 4, 9], vec![2, 3]],
            },
            poisson(2, 3, 20_000, 7, 5, Some(30)),
            Source::Current {
                neurons: vec![3, 1],
                value: -5,
                schedule: Schedule::Range {
                    start: 2,
                    stop: Some(8),
                },
            },
            poisson(5, 1, 65536, 1, 0, None),
            Source::Rates {
                first_channel: 6,
                p16: vec![0, 30_000, 65536, 5],
                seed: 99,
                start: 3,
                stop: Some(3), // an empty window: never draws
            },
            Source::Rates {
                first_channel: 10,
                p16: vec![40_000; 3],
                seed: 5,
                start: 0,
                stop: Some(12),
            },
        ]);
        let plan = assert_same_events(&inputs, 40);
        assert_eq!((plan.base(), plan.count()), (2, 11));
        assert_eq!(plan.write_times().collect::<Vec<_>>(), vec![5, 12, 30]);
    }

    #[test]
    fn only_a_suffix_that_fits_the_table_goes_onto_the_chip() {
        // 70 channels: the last source (10) fits, the one before (60) would not.
        let inputs = InputSet::new(vec![
            poisson(0, 60, 9_000, 3, 0, None),
            poisson(60, 10, 9_000, 4, 0, None),
        ]);
        let plan = assert_same_events(&inputs, 20);
        assert_eq!((plan.base(), plan.count()), (60, 10));
        assert_eq!(plan.host_inputs().sources().len(), 1);
    }

    #[test]
    fn no_plan_without_generators_or_rate_coded_channels_at_the_end() {
        let rates = InputSet::new(vec![poisson(0, 4, 100, 1, 0, None)]);
        let without = Preset {
            generators: false,
            ..SMALL
        };
        assert!(
            Plan::new(&rates, &without).is_none(),
            "a preset without generators has no plan"
        );
        let ends_in_spikes = InputSet::new(vec![
            poisson(0, 4, 100, 1, 0, None),
            Source::Spikes {
                first_channel: 4,
                times: vec![vec![1]],
            },
        ]);
        assert!(Plan::new(&ends_in_spikes, &SMALL).is_none());
        assert!(Plan::new(&InputSet::empty(), &SMALL).is_none());
    }
}
