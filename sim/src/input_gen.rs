//! The board's on-chip input generators (`docs/model.md` §9.1): a table of [`ENTRIES`] generators
//! beside the host link, Poisson draws, latency countdowns or spike lists (their gaps in a list
//! memory of [`LIST_WORDS`] words), walked before every timestep the board runs, so that a
//! network's rate-coded, latency-coded, spike-list and delta-coded channels need no traffic on the
//! line. The hardware twin is
//! `flux_hdl::input_gen::InputGen`; this module is its reference ([`Table`]) and the rule that maps
//! a network's inputs onto it ([`Plan`]).
//!
//! The walk draws exactly as [`crate::inputs`] does (the same `xorshift32`, one draw per enabled
//! entry per timestep), so a network whose rate-coded channels run on the chip sees the events of
//! the host-side generators, in the same order: the host's events (current injections, then its
//! channels) are queued first, and the chip serves a suffix of the channels.

use crate::image::Event;
use crate::inputs::{InputSet, Schedule, Source, Xorshift32};
use crate::spec::{Field, Preset};
use std::collections::BTreeMap;

/// Entries of the generator table of a board whose preset carries generators.
pub const ENTRIES: u32 = 64;
/// `WRITE` memory code of a table entry (`addr` = the entry, modulo [`ENTRIES`]): beyond the
/// core's codes 0..=7 (`docs/host_link.md` §3).
pub const MEM_TABLE: u8 = 8;
/// `WRITE` memory code of the generator register ([`REG_BASE`], [`REG_COUNT`]; `addr` ignored).
pub const MEM_REGS: u8 = 9;
/// `WRITE` memory code of the list memory (`addr` = the word, modulo [`LIST_WORDS`]; the low 32
/// bits of `data`), on a board whose preset has `spike_lists`.
pub const MEM_LIST: u8 = 10;
/// Words of the list memory: the gaps of the spike-list entries, each list ended by a 0.
pub const LIST_WORDS: u32 = 1024;
/// Width of a list memory word (a gap in timesteps).
pub const LIST_BITS: u32 = 32;
/// `WRITE` memory code of the injection schedule (`addr` = the word, modulo [`SCHEDULE_WORDS`];
/// the low 64 bits of `data`), on a board whose preset has `spike_lists`.
pub const MEM_SCHEDULE: u8 = 11;
/// Words of the injection schedule: the current injections, by timestep.
pub const SCHEDULE_WORDS: u32 = 1024;
/// Width of a schedule word.
pub const SCHEDULE_BITS: u32 = 64;
/// A schedule word's timestep (compared with the core's 32-bit `t`).
pub const SCHED_T: Field = Field::new("t", 0, 32, false);
/// A schedule word's neuron.
pub const SCHED_NEURON: Field = Field::new("neuron", 32, 16, false);
/// A schedule word's injected value.
pub const SCHED_VALUE: Field = Field::new("value", 48, 16, true);
/// Width of a table entry word.
pub const ENTRY_BITS: u32 = 52;
/// The entry's state: a rate entry's `xorshift32` state (the drawn value becomes the new state), a
/// countdown entry's timesteps until its next spike.
pub const STATE: Field = Field::new("state", 0, 32, false);
/// A rate entry's spike probability `p16` (`0..=65536`); a countdown entry's period (0: it spikes
/// once); a list entry's pointer to its next gap in the list memory.
pub const P16: Field = Field::new("p16", 32, 17, false);
/// The entry is walked in this timestep (the host sets it at the source's `start`, clears it at
/// `stop`; a countdown entry without a period clears it when it spikes).
pub const ENABLED: Field = Field::new("enabled", 49, 1, false);
/// The entry's kind: [`Kind::Rate`] (0), [`Kind::Countdown`] (1) or [`Kind::List`] (2; 3 acts as
/// 2).
pub const KIND: Field = Field::new("kind", 50, 2, false);
/// The longest period a countdown entry holds (the [`P16`] field's 17 bits).
pub const MAX_PERIOD: u64 = (1 << 17) - 1;
/// The register word: the channel of entry 0.
pub const REG_BASE: Field = Field::new("base", 0, 16, false);
/// The register word: entries walked (`0..=ENTRIES`; 0 switches the table off).
pub const REG_COUNT: Field = Field::new("count", 16, 16, false);
/// The register word: the injection schedule's length (`0..=SCHEDULE_WORDS`, larger values
/// clamped; 0 switches it off); writing the register restarts the schedule at word 0.
pub const REG_SCHEDULE: Field = Field::new("schedule", 32, 16, false);

/// Board clock cycles the walk adds before a timestep's `tick`: with a schedule, two per schedule
/// word read (`injections` due, and the one after them that is not); then two per entry of the
/// `count` walked (read, then draw and write back) and one more for each spike of a list entry
/// (which reads its next gap); plus the start and the hand-over; none while `count` is 0 and there
/// is no schedule (`injections` `None`), when the board goes straight to the `tick`. Not part of
/// the core's cycle count (`docs/model.md` §7), which starts at the `tick`.
pub const fn walk_cycles(count: u32, list_spikes: u32, injections: Option<u32>) -> u64 {
    let schedule = match injections {
        Some(n) => 2 * (n as u64 + 1),
        None => 0,
    };
    if count == 0 && schedule == 0 {
        0
    } else {
        2 + schedule + 2 * count as u64 + list_spikes as u64
    }
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
    /// A spike list (spike times, delta coding): `state` counts the timesteps down to a spike;
    /// then the gap `g` at the list pointer (the `p16` field) is read: the entry restarts from
    /// `g - 1` with the pointer one on, or, when `g` is 0 (the list's end), switches itself off.
    List,
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

    /// A spike list that spikes in `first` timesteps' time (0: in the next walk), then after each
    /// gap of the list memory from word `pointer` on, up to the 0 that ends it.
    pub fn list(first: u32, pointer: u32) -> Self {
        Self {
            state: first,
            p16: pointer,
            enabled: true,
            kind: Kind::List,
        }
    }

    /// The entry word (`WRITE` to [`MEM_TABLE`]).
    pub fn word(&self) -> u128 {
        let w = STATE.set(0, i64::from(self.state));
        let w = P16.set(w, i64::from(self.p16));
        let w = ENABLED.set(w, i64::from(self.enabled));
        let kind = match self.kind {
            Kind::Rate => 0,
            Kind::Countdown => 1,
            Kind::List => 2,
        };
        KIND.set(w, kind)
    }

    /// The entry a word holds.
    pub fn from_word(word: u128) -> Self {
        Self {
            state: STATE.get(word) as u32,
            p16: P16.get(word) as u32,
            enabled: ENABLED.get(word) != 0,
            kind: match KIND.get(word) {
                0 => Kind::Rate,
                1 => Kind::Countdown,
                _ => Kind::List,
            },
        }
    }

    /// One walk of an enabled entry: its spike, and its next state. A list entry that spikes
    /// reads its next gap from `list`.
    fn step(&mut self, list: &[u32]) -> bool {
        match self.kind {
            Kind::List if self.state == 0 => {
                let gap = list[(self.p16 % LIST_WORDS) as usize];
                if gap == 0 {
                    self.enabled = false;
                } else {
                    self.state = gap - 1;
                    self.p16 = (self.p16 + 1) & MAX_PERIOD as u32;
                }
                true
            }
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
            Kind::Countdown | Kind::List => {
                self.state -= 1;
                false
            }
        }
    }
}

/// The register word (`WRITE` to [`MEM_REGS`]) without an injection schedule.
pub fn regs_word(base: u32, count: u32) -> u128 {
    regs_word_with_schedule(base, count, 0)
}

/// The register word with an injection schedule of `schedule` words.
pub fn regs_word_with_schedule(base: u32, count: u32, schedule: u32) -> u128 {
    let w = REG_COUNT.set(REG_BASE.set(0, i64::from(base)), i64::from(count));
    REG_SCHEDULE.set(w, i64::from(schedule))
}

/// A schedule word: inject `value` into `neuron` before timestep `t`.
pub fn schedule_word(t: u32, neuron: u32, value: i16) -> u128 {
    let w = SCHED_T.set(0, i64::from(t));
    SCHED_VALUE.set(SCHED_NEURON.set(w, i64::from(neuron)), i64::from(value))
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
    /// The list memory ([`LIST_WORDS`] words; empty on a board without it, which has no list
    /// entries: see [`Table::write`]).
    list: Vec<u32>,
    /// The injection schedule ([`SCHEDULE_WORDS`] words; empty on a board without the list
    /// memory), its length and the next word.
    schedule: Vec<u64>,
    schedule_len: u32,
    schedule_next: u32,
    base: u32,
    count: u32,
}

impl Default for Table {
    fn default() -> Self {
        Self::new()
    }
}

impl Table {
    /// Power-up of a board with the list memory: every entry and list word zero, `count` 0.
    pub fn new() -> Self {
        Self::with_lists(true)
    }

    /// Power-up of a board with the list memory or (`lists` false: preset field `spike_lists`)
    /// without it.
    pub fn with_lists(lists: bool) -> Self {
        Self {
            entries: vec![Entry::default(); ENTRIES as usize],
            list: if lists {
                vec![0; LIST_WORDS as usize]
            } else {
                Vec::new()
            },
            schedule: if lists {
                vec![0; SCHEDULE_WORDS as usize]
            } else {
                Vec::new()
            },
            schedule_len: 0,
            schedule_next: 0,
            base: 0,
            count: 0,
        }
    }

    /// The registers after a board reset (`docs/host_link.md` §5); the entries, the list memory
    /// and the schedule's words are kept.
    pub fn reset(&mut self) {
        self.base = 0;
        self.count = 0;
        self.schedule_len = 0;
        self.schedule_next = 0;
    }

    /// A `WRITE` to [`MEM_TABLE`], [`MEM_REGS`], [`MEM_LIST`] or [`MEM_SCHEDULE`] (other codes
    /// are not the table's and change nothing, and so do the last two without the list memory,
    /// where an entry's kind 2 acts as 0 and 3 as 1: the kind's high bit is not kept). Addresses
    /// wrap at [`ENTRIES`], [`LIST_WORDS`] and [`SCHEDULE_WORDS`]; a count above [`ENTRIES`] walks [`ENTRIES`] (the
    /// hardware's counter stops there).
    pub fn write(&mut self, mem: u8, addr: u32, data: u128) {
        match mem {
            MEM_TABLE => {
                let mut entry = Entry::from_word(data);
                // Without the list memory the kind's high bit is not kept: 2 acts as 0, 3 as 1.
                if self.list.is_empty() && entry.kind == Kind::List {
                    entry.kind = if KIND.get(data) & 1 == 1 {
                        Kind::Countdown
                    } else {
                        Kind::Rate
                    };
                }
                self.entries[(addr % ENTRIES) as usize] = entry;
            }
            MEM_REGS => {
                self.base = REG_BASE.get(data) as u32;
                self.count = (REG_COUNT.get(data) as u32).min(ENTRIES);
                if !self.schedule.is_empty() {
                    self.schedule_len = (REG_SCHEDULE.get(data) as u32).min(SCHEDULE_WORDS);
                }
                self.schedule_next = 0;
            }
            MEM_LIST if !self.list.is_empty() => {
                self.list[(addr % LIST_WORDS) as usize] = data as u32;
            }
            MEM_SCHEDULE if !self.schedule.is_empty() => {
                self.schedule[(addr % SCHEDULE_WORDS) as usize] = data as u64;
            }
            _ => {}
        }
    }

    /// Entries walked before each timestep.
    pub fn count(&self) -> u32 {
        self.count
    }

    /// The injection schedule's length.
    pub fn schedule_len(&self) -> u32 {
        self.schedule_len
    }

    /// Entry `index`.
    pub fn entry(&self, index: u32) -> Entry {
        self.entries[index as usize]
    }

    /// The walk before timestep `t` (the core's `t`, modulo 2^32): first, with a schedule, its
    /// words from the next on while their timestep is `t`, each an injection (appended as an
    /// [`Event::Current`]); then entries `0..count` in order: an enabled entry steps (a rate entry
    /// draws once, the new state stored; a countdown or list entry counts down, or spikes and
    /// restarts or switches itself off) and, on a spike, appends one on channel `base + index` (16
    /// bits, wrapping, as the `aer_in_addr` port). Returns the walk's board clock cycles
    /// ([`walk_cycles`]).
    pub fn walk(&mut self, t: u64, out: &mut Vec<Event>) -> u64 {
        let mut injections = None;
        if self.schedule_len > 0 {
            let mut n = 0;
            while self.schedule_next < self.schedule_len {
                let word = u128::from(self.schedule[self.schedule_next as usize]);
                if SCHED_T.get(word) != (t & 0xFFFF_FFFF) as i64 {
                    break;
                }
                out.push(Event::Current {
                    neuron: SCHED_NEURON.get(word) as u32,
                    value: SCHED_VALUE.get(word) as i16,
                });
                self.schedule_next += 1;
                n += 1;
            }
            injections = Some(n);
        }
        let mut list_spikes = 0;
        for (k, e) in self.entries[..self.count as usize].iter_mut().enumerate() {
            if e.enabled && e.step(&self.list) {
                list_spikes += u32::from(e.kind == Kind::List);
                out.push(Event::Spike {
                    channel: (self.base + k as u32) & 0xFFFF,
                });
            }
        }
        walk_cycles(self.count, list_spikes, injections)
    }
}

/// How a network's inputs run on a board with generators: the longest suffix of its channel
/// sources that the table can hold ([`on_the_table`]: rate-coded, `poisson` and data-set rates;
/// latency-coded; with the list memory, spike lists and delta coding) and fits [`ENTRIES`] entries
/// and [`LIST_WORDS`] list words goes onto it; the host keeps every other source. `None` when no
/// such channel exists or the preset has no generators.
#[derive(Clone, Debug)]
pub struct Plan {
    base: u32,
    count: u32,
    host: InputSet,
    /// Table writes due before timestep `t` (entry, word): a source's entries at its `start`
    /// (seeded, enabled), and at its `stop` (disabled). Those at `t = 0` are in [`Plan::load`].
    writes: BTreeMap<u64, Vec<(u32, Entry)>>,
    at_zero: Vec<(u32, Entry)>,
    /// The list memory from word 0: the gaps of every list entry, each list ended by a 0.
    list: Vec<u32>,
    /// The injection schedule's words (the network's current injections, when they run on the
    /// chip).
    schedule: Vec<u128>,
}

/// The schedule words of the current injections among `sources` (in the order of `docs/model.md`
/// §9: by timestep, then as the host-side generators make them), when every one is finite, all
/// fit [`SCHEDULE_WORDS`] and their timesteps 32 bits; else `None`.
fn schedule_words(sources: &[Source]) -> Option<Vec<u128>> {
    let current: Vec<Source> = sources
        .iter()
        .filter(|s| matches!(s, Source::Current { .. }))
        .cloned()
        .collect();
    let mut times = Vec::new();
    let mut words = 0u64;
    for s in &current {
        let Source::Current {
            neurons, schedule, ..
        } = s
        else {
            unreachable!("filtered above")
        };
        let at: Vec<u64> = match schedule {
            Schedule::Times(ts) => ts.clone(),
            Schedule::Range {
                start,
                stop: Some(stop),
            } => {
                let n = stop.saturating_sub(*start);
                if n > u64::from(SCHEDULE_WORDS) {
                    return None;
                }
                (*start..*stop).collect()
            }
            Schedule::Range { stop: None, .. } => return None,
        };
        words += at.len() as u64 * neurons.len() as u64;
        if words > u64::from(SCHEDULE_WORDS) {
            return None;
        }
        times.extend(at);
    }
    times.sort_unstable();
    times.dedup();
    if times.last().is_some_and(|&t| t > u64::from(u32::MAX)) {
        return None;
    }
    let mut set = InputSet::new(current);
    let mut events = Vec::new();
    let mut out = Vec::new();
    for t in times {
        set.events_at(t, &mut events);
        for e in &events {
            if let Event::Current { neuron, value } = *e {
                out.push(schedule_word(t as u32, neuron, value));
            }
        }
    }
    Some(out)
}

/// The spike times of each channel of a spike-list or delta-coded source (`None` for other
/// kinds).
fn channel_times(source: &Source) -> Option<Vec<Vec<u64>>> {
    match source {
        Source::Spikes { times, .. } => Some(times.clone()),
        Source::Delta { events, .. } => {
            let mut times = vec![Vec::new(), Vec::new()];
            for &(t, channel) in events {
                times[channel as usize & 1].push(t);
            }
            Some(times)
        }
        _ => None,
    }
}

/// How one channel's spike times run on an entry: none (an entry that stays disabled), one (a
/// countdown without a period), or more (a list entry whose gaps, and the 0 that ends them, take
/// list words). `None` when a time or gap does not fit the entry's 32-bit count.
fn list_entry(times: &[u64]) -> Option<(u32, Vec<u32>)> {
    let Some(&first) = times.first() else {
        return Some((0, Vec::new()));
    };
    let first = u32::try_from(first).ok()?;
    if times.len() == 1 {
        return Some((first, Vec::new()));
    }
    let mut words = times
        .windows(2)
        .map(|w| u32::try_from(w[1] - w[0]).ok())
        .collect::<Option<Vec<u32>>>()?;
    words.push(0);
    Some((first, words))
}

/// The list words `source` takes on the table, when the table can run it ([`on_the_table`]).
fn list_words(source: &Source) -> u32 {
    channel_times(source).map_or(0, |times| {
        times
            .iter()
            .filter_map(|t| list_entry(t))
            .map(|(_, words)| words.len() as u32)
            .sum()
    })
}

/// Whether the table can run `source`: rate-coded sources (`poisson`, data-set rates) always;
/// latency-coded ones whose period fits an entry ([`MAX_PERIOD`]) and whose offsets fit its
/// countdown (32 bits); with the list memory (`lists`), spike lists and delta coding whose times
/// and gaps fit 32 bits (whether their lists fit [`LIST_WORDS`] is the plan's cumulative check).
/// Current injections stay on the host.
pub fn on_the_table(source: &Source, lists: bool) -> bool {
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
        Source::Spikes { .. } | Source::Delta { .. } => {
            lists
                && channel_times(source)
                    .is_some_and(|times| times.iter().all(|t| list_entry(t).is_some()))
        }
        Source::Current { .. } => false,
    }
}

impl Plan {
    /// The plan for `inputs` on a board of `preset` (its `generators` and `spike_lists`).
    pub fn new(inputs: &InputSet, preset: &Preset) -> Option<Self> {
        Self::for_board(inputs, preset.generators, preset.spike_lists)
    }

    /// The plan for `inputs` on a board with the generators (`generators`) and their list memory
    /// (`lists`) or without, as its `STATUS` says.
    pub fn for_board(inputs: &InputSet, generators: bool, lists: bool) -> Option<Self> {
        if !generators {
            return None;
        }
        let sources = inputs.sources();
        let mut first = sources.len();
        let mut count = 0u32;
        let mut words = 0u32;
        for (i, s) in sources.iter().enumerate().rev() {
            if matches!(s, Source::Current { .. }) {
                continue;
            }
            if !on_the_table(s, lists) || count + s.channel_count() > ENTRIES {
                break;
            }
            let w = list_words(s);
            if words + w > LIST_WORDS {
                break;
            }
            count += s.channel_count();
            words += w;
            first = i;
        }
        // The current injections go onto the schedule when the host is left nothing else: every
        // channel source on the table (the host's events are queued before the walk's, and
        // injections come first in a timestep).
        let all_channels = sources[..first]
            .iter()
            .all(|s| matches!(s, Source::Current { .. }));
        let schedule = if lists && all_channels {
            schedule_words(sources).unwrap_or_default()
        } else {
            Vec::new()
        };
        if count == 0 && schedule.is_empty() {
            return None;
        }
        let mut base = None;
        let mut entries = Vec::new(); // (entry, start, stop, the entry while enabled, if ever)
        let mut host = Vec::new();
        let mut list = Vec::new();
        for (i, s) in sources.iter().enumerate() {
            let on_chip = match s {
                Source::Current { .. } => !schedule.is_empty(),
                _ => i >= first,
            };
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
                Source::Spikes { first_channel, .. } | Source::Delta { first_channel, .. } => {
                    (*first_channel, 0, None)
                }
                // On the schedule, which `schedule` holds already.
                Source::Current { .. } => continue,
            };
            let times = channel_times(s);
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
                    // A channel's list: its first spike counted down from load, then its gaps.
                    _ => {
                        let times = times.as_ref().expect("a spike-list or delta source");
                        let (first, words) =
                            list_entry(&times[k as usize]).expect("`on_the_table` checked it");
                        match (times[k as usize].len(), words.is_empty()) {
                            (0, _) => None,
                            (_, true) => Some(Entry::countdown(first, 0)),
                            (_, false) => {
                                let entry = Entry::list(first, list.len() as u32);
                                list.extend(words);
                                Some(entry)
                            }
                        }
                    }
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
            base: base.unwrap_or(0),
            count,
            host: InputSet::new(host),
            writes,
            at_zero,
            list,
            schedule,
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

    /// Injections on the schedule (the network's current injections, when on the chip).
    pub fn schedule_len(&self) -> u32 {
        self.schedule.len() as u32
    }

    /// Words of the list memory the plan uses (from word 0).
    pub fn list_words(&self) -> u32 {
        self.list.len() as u32
    }

    /// The `WRITE`s (memory, address, data) that set the table up before timestep 0: the register
    /// word, the list memory's words, then every entry as timestep 0 needs it.
    pub fn load(&self) -> Vec<(u8, u32, u128)> {
        let schedule_len = self.schedule.len() as u32;
        let mut out = vec![(
            MEM_REGS,
            0,
            regs_word_with_schedule(self.base, self.count, schedule_len),
        )];
        out.extend(
            self.schedule
                .iter()
                .enumerate()
                .map(|(i, &word)| (MEM_SCHEDULE, i as u32, word)),
        );
        out.extend(
            self.list
                .iter()
                .enumerate()
                .map(|(i, &gap)| (MEM_LIST, i as u32, u128::from(gap))),
        );
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
    use crate::spec::{Preset, SMALL, UP5K};

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
    /// then the walk, with the plan's writes applied before each timestep; on a board with the
    /// list memory or (`lists` false) without it.
    fn assert_same_events_on(inputs: &InputSet, steps: u64, lists: bool) -> Plan {
        let plan = Plan::for_board(inputs, true, lists).expect("a plan");
        let mut reference = inputs.clone();
        let mut host = plan.host_inputs().clone();
        let mut table = Table::with_lists(lists);
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
            table.walk(t, &mut got);
            assert_eq!(got, want, "t = {t}");
            spikes += want.len();
        }
        assert!(spikes > 0, "the inputs never spiked");
        plan
    }

    /// [`assert_same_events_on`] a board without the list memory (as `up5k`).
    fn assert_same_events(inputs: &InputSet, steps: u64) -> Plan {
        assert_same_events_on(inputs, steps, false)
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
        let l = Entry::list(5, 3);
        assert_eq!(Entry::from_word(l.word()), l);
        assert_eq!(l.word(), (0b101 << 49) | (3 << 32) | 5);
        // Kind 3 acts as a list entry (the hardware decodes the kind's high bit).
        assert_eq!(Entry::from_word(0b111 << 49).kind, Kind::List);
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
        t.walk(0, &mut out);
        assert_eq!(out, vec![Event::Spike { channel: 10 }]);
        let mut g = Xorshift32::seeded(1, 1);
        g.next();
        assert_eq!(t.entry(1).state, g.state());
        // A disabled entry does not draw; entries past `count` are not walked.
        t.write(MEM_TABLE, 0, Entry::default().word());
        t.write(MEM_REGS, 0, regs_word(10, 1));
        let before = t.clone();
        out.clear();
        t.walk(0, &mut out);
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
            t.walk(0, &mut out);
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
        assert!(Plan::for_board(&inputs, true, false).is_none());
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
        assert!(Plan::for_board(&ends_in_spikes, true, false).is_none());
        assert!(
            Plan::new(&ends_in_spikes, &UP5K).is_none(),
            "up5k has no list memory"
        );
        assert!(Plan::new(&InputSet::empty(), &SMALL).is_none());
    }

    #[test]
    fn a_list_entry_spikes_after_each_gap_and_switches_itself_off_at_the_end() {
        // Entry 0: first spike in walk 2, then gaps 3 and 1 from word 4 (spikes in walks 2, 5, 6);
        // entry 1: a rate entry at certainty between them; entry 2: a list whose first gap is the
        // end (one spike, in walk 0).
        let mut t = Table::new();
        t.write(MEM_REGS, 0, regs_word(7, 3));
        for (addr, gap) in [(4, 3), (5, 1), (6, 0)] {
            t.write(MEM_LIST, addr, gap);
        }
        t.write(MEM_LIST, 6 + LIST_WORDS, 0); // addresses wrap
        t.write(MEM_TABLE, 0, Entry::list(2, 4).word());
        t.write(MEM_TABLE, 1, Entry::seeded(1, 0, 65536).word());
        t.write(MEM_TABLE, 2, Entry::list(0, 6).word());
        let mut spikes = Vec::new();
        let mut cycles = Vec::new();
        for walk in 0..9 {
            let mut out = Vec::new();
            cycles.push(t.walk(walk, &mut out));
            spikes.extend(
                out.iter()
                    .filter(|e| **e != Event::Spike { channel: 8 })
                    .map(|e| (walk, *e)),
            );
        }
        let at = |walk, channel| (walk, Event::Spike { channel });
        assert_eq!(spikes, vec![at(0, 9), at(2, 7), at(5, 7), at(6, 7)]);
        assert!(!t.entry(0).enabled && !t.entry(2).enabled);
        assert_eq!(t.entry(0).p16, 6, "the pointer stops at the list's end");
        // Two cycles per entry, two around the walk, one per list spike.
        assert_eq!(cycles, vec![9, 8, 9, 8, 8, 9, 9, 8, 8]);
        // A board without the list memory keeps no kind's high bit: a list entry's word (kind 2)
        // is a rate entry's, kind 3 a countdown's; list writes change nothing.
        let mut bare = Table::with_lists(false);
        bare.write(MEM_LIST, 4, 3);
        bare.write(MEM_TABLE, 0, Entry::list(1, 4).word());
        bare.write(MEM_TABLE, 1, Entry::list(1, 4).word() | 1 << KIND.lsb);
        assert_eq!(
            (bare.entry(0), bare.entry(1)),
            (
                Entry {
                    kind: Kind::Rate,
                    ..Entry::list(1, 4)
                },
                Entry::countdown(1, 4)
            )
        );
        assert_eq!(bare, {
            let mut t = Table::with_lists(false);
            t.write(MEM_TABLE, 0, Entry::list(1, 4).word());
            t.write(MEM_TABLE, 1, Entry::countdown(1, 4).word());
            t
        });
    }

    #[test]
    fn spike_lists_and_delta_coding_run_on_the_list_memory() {
        // A current injection (host), spike lists (a channel without spikes, one with one spike,
        // lists of several, one past 2^16), delta coding, and a Poisson source.
        let inputs = InputSet::new(vec![
            Source::Current {
                neurons: vec![2],
                value: 9,
                schedule: Schedule::Range {
                    start: 1,
                    stop: Some(4),
                },
            },
            Source::Spikes {
                first_channel: 0,
                times: vec![vec![], vec![3], vec![0, 1, 2, 9, 30], vec![5, 70_000]],
            },
            Source::Delta {
                first_channel: 4,
                events: vec![(2, 0), (3, 1), (6, 1), (11, 0), (12, 0)],
            },
            poisson(6, 2, 20_000, 3, 0, None),
        ]);
        let plan = assert_same_events_on(&inputs, 80, true);
        assert_eq!((plan.base(), plan.count()), (0, 8));
        // Lists of 5 and 2 spikes, delta's UP of 3 and DOWN of 2: a word per gap and one for each
        // list's end, one per spike.
        assert_eq!(plan.list_words(), 5 + 2 + 3 + 2);
        // Every channel is on the chip, so the injection goes onto the schedule: neuron 2 at
        // timesteps 1, 2 and 3. The host sends nothing.
        assert_eq!(plan.schedule_len(), 3);
        assert!(plan.host_inputs().sources().is_empty());
        // The 70,000 is reached too.
        let mut table = Table::new();
        for (mem, addr, data) in plan.load() {
            table.write(mem, addr, data);
        }
        let mut out = Vec::new();
        for _ in 0..=70_000 {
            out.clear();
            table.walk(0, &mut out);
        }
        out.retain(|e| *e != Event::Spike { channel: 6 } && *e != Event::Spike { channel: 7 });
        assert_eq!(
            out,
            vec![Event::Spike { channel: 3 }],
            "the lists' spikes at 70,000"
        );
    }

    #[test]
    fn spike_lists_go_onto_the_chip_only_while_the_list_memory_holds_them() {
        let long = |first_channel, n: u64| Source::Spikes {
            first_channel,
            times: vec![(0..n).map(|k| 2 * k).collect()],
        };
        // 1,024 words: a list of 1,024 spikes takes 1,024 (1,023 gaps and the end).
        let fits = InputSet::new(vec![long(0, 10), long(1, u64::from(LIST_WORDS))]);
        let plan = assert_same_events_on(&fits, 40, true);
        assert_eq!(
            (plan.base(), plan.count()),
            (1, 1),
            "the first list no longer fits"
        );
        assert_eq!(plan.list_words(), LIST_WORDS);
        let too_long = InputSet::new(vec![long(0, u64::from(LIST_WORDS) + 1)]);
        assert!(Plan::new(&too_long, &SMALL).is_none());
        // A gap of 2^32 timesteps does not fit the entry's count.
        let far = InputSet::new(vec![Source::Spikes {
            first_channel: 0,
            times: vec![vec![1, 2 + u64::from(u32::MAX)]],
        }]);
        assert!(Plan::new(&far, &SMALL).is_none());
    }

    #[test]
    fn the_schedule_injects_its_words_at_their_timesteps_before_the_channel_spikes() {
        // Two injections before timestep 3, one before 5 (into neuron 7 with -300), one before 2^32
        // + 5 (the core's 32-bit `t`) that the schedule's length leaves out; a countdown entry.
        let mut t = Table::new();
        let words = [
            schedule_word(3, 1, 20),
            schedule_word(3, 4, -2),
            schedule_word(5, 7, -300),
            schedule_word(5, 9, 1),
        ];
        for (i, &w) in words.iter().enumerate() {
            t.write(MEM_SCHEDULE, i as u32, w);
        }
        t.write(MEM_TABLE, 0, Entry::countdown(3, 2).word());
        t.write(MEM_REGS, 0, regs_word_with_schedule(10, 1, 3));
        let mut seen = Vec::new();
        for step in 0..8 {
            let mut out = Vec::new();
            let cycles = t.walk(step, &mut out);
            seen.push((step, out, cycles));
        }
        let inj = |neuron, value| Event::Current { neuron, value };
        let spike = Event::Spike { channel: 10 };
        // Two cycles per schedule word read (the due ones and the next, also once the schedule is
        // used up), two per entry, two around.
        let want = vec![
            (0, vec![], 6),
            (1, vec![], 6),
            (2, vec![], 6),
            (3, vec![inj(1, 20), inj(4, -2), spike], 10),
            (4, vec![], 6),
            (5, vec![inj(7, -300), spike], 8),
            (6, vec![], 6),
            (7, vec![spike], 6),
        ];
        assert_eq!(seen, want);
        assert_eq!(SCHED_VALUE.get(schedule_word(0, 0, -1)), -1);
        // Writing the register restarts the schedule; a reset clears its length.
        t.write(MEM_REGS, 0, regs_word_with_schedule(10, 0, 1));
        let mut out = Vec::new();
        assert_eq!(t.walk(3, &mut out), 6);
        assert_eq!(out, vec![inj(1, 20)]);
        t.reset();
        assert_eq!((t.schedule_len(), t.walk(3, &mut Vec::new())), (0, 0));
        // Without the list memory there is no schedule.
        let mut bare = Table::with_lists(false);
        bare.write(MEM_SCHEDULE, 0, words[0]);
        bare.write(MEM_REGS, 0, regs_word_with_schedule(0, 0, 1));
        assert_eq!((bare.schedule_len(), bare.walk(3, &mut Vec::new())), (0, 0));
    }

    #[test]
    fn injections_go_onto_the_schedule_only_when_the_host_is_left_nothing() {
        let current = |neurons: Vec<u32>, schedule| Source::Current {
            neurons,
            value: -7,
            schedule,
        };
        let range = |start, stop| Schedule::Range { start, stop };
        // Two injecting sources into one neuron keep their file order; all channels on the chip.
        let inputs = InputSet::new(vec![
            current(vec![1, 3], range(2, Some(6))),
            poisson(0, 3, 20_000, 9, 0, None),
            current(vec![3], Schedule::Times(vec![0, 4, 9])),
        ]);
        let plan = assert_same_events_on(&inputs, 20, true);
        assert_eq!((plan.count(), plan.schedule_len()), (3, 11));
        assert!(plan.host_inputs().sources().is_empty());
        // Only injections: a plan without table entries.
        let only = InputSet::new(vec![current(vec![0], Schedule::Times(vec![1, 2]))]);
        let plan = assert_same_events_on(&only, 5, true);
        assert_eq!((plan.count(), plan.schedule_len()), (0, 2));
        // A channel source left on the host keeps the injections there too; so does an endless
        // injection, or more than the schedule holds; and a board without the list memory.
        let mut sources = inputs.sources().to_vec();
        sources.insert(
            0,
            Source::Latency {
                first_channel: 10,
                offsets: vec![Some(1)],
                start: 0,
                period: Some(MAX_PERIOD + 1),
            },
        );
        for (what, inputs, lists) in [
            ("a channel on the host", InputSet::new(sources), true),
            (
                "endless",
                InputSet::new(vec![current(vec![0], range(3, None))]),
                true,
            ),
            (
                "too many",
                InputSet::new(vec![current(vec![0, 1], range(0, Some(513)))]),
                true,
            ),
            ("no list memory", inputs.clone(), false),
        ] {
            let plan = Plan::for_board(&inputs, true, lists);
            assert_eq!(plan.map_or(0, |p| p.schedule_len()), 0, "{what}");
        }
        let fits = InputSet::new(vec![current(vec![0, 1], range(0, Some(512)))]);
        assert_eq!(
            Plan::new(&fits, &SMALL).unwrap().schedule_len(),
            SCHEDULE_WORDS
        );
    }
}
