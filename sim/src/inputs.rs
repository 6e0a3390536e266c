//! Input generators: the host side that produces, for every timestep, the ordered list of external
//! events of `docs/model.md` §2 (current injections by ascending neuron, then channel spikes by
//! ascending channel). Integer-only and reproducible; every rule is written in `docs/model.md` §9.
//!
//! The compiler (`compile/`, its `generators.rs`) builds an [`InputSet`] from the `[[input]]` tables of a network file
//! and guarantees that no timestep can carry more than `preset.input_fifo` events.

use crate::image::Event;

/// The `xorshift32` generator of `docs/model.md` §9: the only random number source of Flux (Poisson
/// inputs and probabilistic connectivity).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Xorshift32 {
    state: u32,
}

impl Xorshift32 {
    /// Replaces a zero state, and spreads generator indices apart (`docs/model.md` §9).
    pub const GOLDEN: u32 = 0x9E37_79B9;

    /// Generator number `index` of a source with seed `seed`:
    /// state `seed ^ (0x9E3779B9 * (index + 1))` (wrapping), a zero state replaced by `0x9E3779B9`.
    pub const fn seeded(seed: u32, index: u32) -> Self {
        let x = seed ^ Self::GOLDEN.wrapping_mul(index.wrapping_add(1));
        Self {
            state: if x == 0 { Self::GOLDEN } else { x },
        }
    }

    /// A generator in state `state` (the table of the board's generators stores it, `input_gen`).
    pub const fn from_state(state: u32) -> Self {
        Self { state }
    }

    /// The current state.
    pub const fn state(&self) -> u32 {
        self.state
    }

    /// The shifts of one step, `[a, b, c]`: `x ^= x << a; x ^= x >> b; x ^= x << c`. The
    /// hardware's generators (`input_gen.rs`, the core's noise) shift by these.
    pub const SHIFTS: [u32; 3] = [13, 17, 5];

    /// The next state, which is also the drawn value: `x ^= x << 13; x ^= x >> 17; x ^= x << 5`.
    #[allow(clippy::should_implement_trait)]
    pub const fn next(&mut self) -> u32 {
        let [a, b, c] = Self::SHIFTS;
        let mut x = self.state;
        x ^= x << a;
        x ^= x >> b;
        x ^= x << c;
        self.state = x;
        x
    }

    /// One Bernoulli draw with probability `p16 / 65536` (`p16` in `0..=65536`): true iff
    /// `(next() >> 16) < p16`. Always consumes exactly one `next()`.
    pub const fn draw(&mut self, p16: u32) -> bool {
        hit(self.next(), p16)
    }

    /// `draws` calls of [`Xorshift32::draw`] with `p16`, calling `f(i)` for every draw `i` (from 0)
    /// that is true, in order; the generator ends where the single draws would leave it.
    ///
    /// The same draws, 8 at a time: a step of xorshift is linear over GF(2) (shifts and xors), so
    /// the next 8 states are `M^k x` for `k = 1..=8`, and each is the xor of 4 table words, one per
    /// byte of `x` ([`JumpTable`]). That takes the serial chain of 6 dependent operations per draw
    /// out of the compiler's `fixed_probability` projections (1.6 billion draws for the 40,000-neuron
    /// benchmark network). `tests` compare it with the single draws.
    pub fn draws(&mut self, p16: u32, draws: u64, mut f: impl FnMut(u64)) {
        let table = JumpTable::get();
        let mut i = 0;
        while draws - i >= JUMP as u64 {
            let lanes = table.next8(self.state);
            // Most blocks hit nothing at the usual probabilities: one test for the 8.
            if lanes.iter().fold(0, |m, &x| m | u32::from(hit(x, p16))) != 0 {
                for (k, &x) in lanes.iter().enumerate() {
                    if hit(x, p16) {
                        f(i + k as u64);
                    }
                }
            }
            // The same state as `lanes[JUMP - 1]`, from its own table: the next block does not wait
            // for the vector of 8 to be built and its last lane taken out.
            self.state = table.jump(self.state);
            i += JUMP as u64;
        }
        for i in i..draws {
            if self.draw(p16) {
                f(i);
            }
        }
    }
}

/// The Bernoulli rule of §9: a drawn value `x` is a success with probability `p16 / 65536` iff
/// `(x >> 16) < p16`.
#[inline(always)]
const fn hit(x: u32, p16: u32) -> bool {
    (x >> 16) < p16
}

/// States [`Xorshift32::draws`] computes at once.
const JUMP: usize = 8;

/// `M^k` of the xorshift step for `k = 1..=JUMP`, by byte: `lanes[j][b][k - 1]` is `M^k` applied to
/// byte value `b` in byte `j` of the state (32 KiB).
struct JumpTable {
    lanes: [[[u32; JUMP]; 256]; 4],
    /// `lanes[j][b][JUMP - 1]` alone (4 KiB).
    last: [[u32; 256]; 4],
}

impl JumpTable {
    fn get() -> &'static JumpTable {
        static TABLE: std::sync::OnceLock<Box<JumpTable>> = std::sync::OnceLock::new();
        TABLE.get_or_init(|| {
            // `M^k` of each state bit, by stepping it (the step is linear: no zero-state rule in
            // `next`, which only `seeded` applies).
            let mut columns = [[0u32; JUMP]; 32];
            for (bit, column) in columns.iter_mut().enumerate() {
                let mut g = Xorshift32::from_state(1 << bit);
                for lane in column.iter_mut() {
                    *lane = g.next();
                }
            }
            let mut table = Box::new(JumpTable {
                lanes: [[[0; JUMP]; 256]; 4],
                last: [[0; 256]; 4],
            });
            for (j, bytes) in table.lanes.iter_mut().enumerate() {
                for (b, lanes) in bytes.iter_mut().enumerate() {
                    for bit in (0..8).filter(|bit| b >> bit & 1 == 1) {
                        for (lane, column) in lanes.iter_mut().zip(columns[8 * j + bit]) {
                            *lane ^= column;
                        }
                    }
                    table.last[j][b] = lanes[JUMP - 1];
                }
            }
            table
        })
    }

    /// The state `JUMP` steps after `x`.
    #[inline(always)]
    fn jump(&self, x: u32) -> u32 {
        let byte = |j: usize| (x >> (8 * j)) as usize & 0xFF;
        (self.last[0][byte(0)] ^ self.last[1][byte(1)])
            ^ (self.last[2][byte(2)] ^ self.last[3][byte(3)])
    }

    /// The next `JUMP` states after `x`.
    #[inline(always)]
    fn next8(&self, x: u32) -> [u32; JUMP] {
        let mut lanes = [0u32; JUMP];
        for (j, bytes) in self.lanes.iter().enumerate() {
            let row = &bytes[(x >> (8 * j)) as usize & 0xFF];
            for (lane, word) in lanes.iter_mut().zip(row) {
                *lane ^= word;
            }
        }
        lanes
    }
}

/// The probability scale: `p16 = 65536` is certainty.
pub const P16_ONE: u32 = 1 << 16;

/// When a current injection fires.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Schedule {
    /// At these timesteps, strictly ascending.
    Times(Vec<u64>),
    /// Every timestep `start <= t < stop` (`stop = None`: forever).
    Range { start: u64, stop: Option<u64> },
}

impl Schedule {
    fn contains(&self, t: u64) -> bool {
        match self {
            Schedule::Times(times) => times.binary_search(&t).is_ok(),
            Schedule::Range { start, stop } => t >= *start && stop.is_none_or(|s| t < s),
        }
    }
}

/// One input source, as compiled. Channel sources own the channels
/// `first_channel .. first_channel + channel_count()`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// Explicit spike times: channel `first_channel + c` spikes at every time of `times[c]`
    /// (strictly ascending).
    Spikes {
        first_channel: u32,
        times: Vec<Vec<u64>>,
    },
    /// Rate coding: in every timestep `start <= t < stop`, channel `k` spikes iff its own generator
    /// (`Xorshift32::seeded(seed, k)`) draws true with probability `p16 / 65536`.
    Poisson {
        first_channel: u32,
        channels: u32,
        p16: u32,
        seed: u32,
        start: u64,
        stop: Option<u64>,
    },
    /// Latency coding: channel `c` spikes at `start + offsets[c]` (no spike for `None`), and again
    /// every `period` timesteps if a period is given.
    Latency {
        first_channel: u32,
        offsets: Vec<Option<u64>>,
        start: u64,
        period: Option<u64>,
    },
    /// Delta modulation, precomputed: `(t, 0)` is an UP spike (channel `first_channel`), `(t, 1)` a
    /// DOWN spike (channel `first_channel + 1`), ascending in `t`, at most one per timestep.
    Delta {
        first_channel: u32,
        events: Vec<(u64, u32)>,
    },
    /// Rate coding of one data sample (`flux eval`, `docs/model.md` §9): like `Poisson`, with a
    /// probability per channel: in every timestep `start <= t < stop`, channel `k` spikes iff
    /// generator `k` of `seed` draws true with `p16[k] / 65536`.
    Rates {
        first_channel: u32,
        p16: Vec<u32>,
        seed: u32,
        start: u64,
        stop: Option<u64>,
    },
    /// Current injection of `value` into each of `neurons` (global ids, ascending) when `schedule`
    /// says so. Uses no channel.
    Current {
        neurons: Vec<u32>,
        value: i16,
        schedule: Schedule,
    },
}

impl Source {
    /// The spike probability (`p16`) of channel `k` of a `Poisson` or `Rates` source (0 otherwise).
    pub fn channel_p16(&self, k: usize) -> u32 {
        match self {
            Source::Poisson { p16, .. } => *p16,
            Source::Rates { p16, .. } => p16.get(k).copied().unwrap_or(0),
            _ => 0,
        }
    }

    /// Channels this source occupies.
    pub fn channel_count(&self) -> u32 {
        match self {
            Source::Spikes { times, .. } => times.len() as u32,
            Source::Poisson { channels, .. } => *channels,
            Source::Rates { p16, .. } => p16.len() as u32,
            Source::Latency { offsets, .. } => offsets.len() as u32,
            Source::Delta { .. } => 2,
            Source::Current { .. } => 0,
        }
    }
}

/// Per-source generator state that advances with time.
#[derive(Clone, Debug)]
enum Progress {
    /// Next index into each channel's time list (`Spikes`) or into the event list (`Delta`).
    Cursors(Vec<usize>),
    /// One generator per channel (`Poisson`).
    Generators(Vec<Xorshift32>),
    /// Nothing to remember (`Latency`, `Current`).
    Stateless,
}

impl Progress {
    fn initial(source: &Source) -> Self {
        match source {
            Source::Spikes { times, .. } => Progress::Cursors(vec![0; times.len()]),
            Source::Delta { .. } => Progress::Cursors(vec![0]),
            Source::Poisson { channels, seed, .. } => Progress::Generators(
                (0..*channels)
                    .map(|k| Xorshift32::seeded(*seed, k))
                    .collect(),
            ),
            Source::Rates { p16, seed, .. } => Progress::Generators(
                (0..p16.len() as u32)
                    .map(|k| Xorshift32::seeded(*seed, k))
                    .collect(),
            ),
            Source::Latency { .. } | Source::Current { .. } => Progress::Stateless,
        }
    }
}

/// All input sources of a network, producing the external events of each timestep.
#[derive(Clone, Debug)]
pub struct InputSet {
    sources: Vec<Source>,
    progress: Vec<Progress>,
    /// The timestep the next call is expected for.
    next_t: u64,
    /// Scratch list of (neuron, value) injections of one timestep.
    currents: Vec<(u32, i16)>,
}

impl InputSet {
    /// An input set from compiled sources. Channel sources must come in ascending channel order
    /// (the compiler gives channels out in file order).
    pub fn new(sources: Vec<Source>) -> Self {
        let progress = sources.iter().map(Progress::initial).collect();
        Self {
            sources,
            progress,
            next_t: 0,
            currents: Vec::new(),
        }
    }

    /// No input at all.
    pub fn empty() -> Self {
        Self::new(Vec::new())
    }

    /// The compiled sources, in file order.
    pub fn sources(&self) -> &[Source] {
        &self.sources
    }

    /// The same inputs with source `index` replaced by `source` (which must own the same channels),
    /// rewound to timestep 0.
    pub fn with_source(&self, index: usize, source: Source) -> Self {
        let mut sources = self.sources.clone();
        sources[index] = source;
        Self::new(sources)
    }

    /// Back to timestep 0: every generator reseeded, every cursor rewound.
    pub fn reset(&mut self) {
        self.progress = self.sources.iter().map(Progress::initial).collect();
        self.next_t = 0;
    }

    /// Clears `out` and fills it with the external events stamped `t`, in the order of
    /// `docs/model.md` §2. Meant to be called with `t = 0, 1, 2, ...`; any other order gives the
    /// same events (a smaller `t` rewinds, a larger one skips ahead), just more slowly.
    pub fn events_at(&mut self, t: u64, out: &mut Vec<Event>) {
        if t < self.next_t {
            self.reset();
        }
        while self.next_t < t {
            let skipped = self.next_t;
            self.generate(skipped, out);
        }
        self.generate(t, out);
    }

    fn generate(&mut self, t: u64, out: &mut Vec<Event>) {
        out.clear();
        self.next_t = t + 1;

        // Current injections by ascending neuron; two sources injecting into the same neuron keep
        // their file order (a stable sort), which matters because each addition saturates (§5).
        self.currents.clear();
        for source in &self.sources {
            if let Source::Current {
                neurons,
                value,
                schedule,
            } = source
                && schedule.contains(t)
            {
                self.currents.extend(neurons.iter().map(|&n| (n, *value)));
            }
        }
        self.currents.sort_by_key(|&(n, _)| n);
        out.extend(
            self.currents
                .iter()
                .map(|&(neuron, value)| Event::Current { neuron, value }),
        );

        // Channel spikes by ascending channel: sources own ascending, disjoint channel ranges.
        for (source, progress) in self.sources.iter().zip(&mut self.progress) {
            match (source, progress) {
                (
                    Source::Spikes {
                        first_channel,
                        times,
                    },
                    Progress::Cursors(cursors),
                ) => {
                    for (c, (list, cursor)) in times.iter().zip(cursors.iter_mut()).enumerate() {
                        while *cursor < list.len() && list[*cursor] < t {
                            *cursor += 1;
                        }
                        if *cursor < list.len() && list[*cursor] == t {
                            out.push(Event::Spike {
                                channel: first_channel + c as u32,
                            });
                            *cursor += 1;
                        }
                    }
                }
                (
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
                    },
                    Progress::Generators(gens),
                ) if t >= *start && stop.is_none_or(|s| t < s) => {
                    for (k, g) in gens.iter_mut().enumerate() {
                        if g.draw(source.channel_p16(k)) {
                            out.push(Event::Spike {
                                channel: first_channel + k as u32,
                            });
                        }
                    }
                }
                (
                    Source::Latency {
                        first_channel,
                        offsets,
                        start,
                        period,
                    },
                    _,
                ) if t >= *start => {
                    let r = match period {
                        Some(p) => (t - start) % p,
                        None => t - start,
                    };
                    for (c, off) in offsets.iter().enumerate() {
                        if *off == Some(r) {
                            out.push(Event::Spike {
                                channel: first_channel + c as u32,
                            });
                        }
                    }
                }
                (
                    Source::Delta {
                        first_channel,
                        events,
                    },
                    Progress::Cursors(cursor),
                ) => {
                    let i = &mut cursor[0];
                    while *i < events.len() && events[*i].0 < t {
                        *i += 1;
                    }
                    if *i < events.len() && events[*i].0 == t {
                        out.push(Event::Spike {
                            channel: first_channel + events[*i].1,
                        });
                        *i += 1;
                    }
                }
                _ => {}
            }
        }
    }
}

/// Delta modulation of integer samples (`docs/model.md` §9): the reference starts at `samples[0]`;
/// sample `k >= 1` (timestep `start + k * step`) emits UP (channel offset 0) when
/// `s_k - ref >= threshold`, DOWN (channel offset 1) when `ref - s_k >= threshold`, and then sets
/// `ref = s_k`; otherwise nothing. Returns `(t, channel offset)` ascending in `t`.
pub fn delta_events(samples: &[i64], threshold: i64, start: u64, step: u64) -> Vec<(u64, u32)> {
    let mut events = Vec::new();
    let Some(&first) = samples.first() else {
        return events;
    };
    let mut reference = first as i128;
    for (k, &s) in samples.iter().enumerate().skip(1) {
        let s = s as i128;
        let t = start + k as u64 * step;
        if s - reference >= threshold as i128 {
            events.push((t, 0));
            reference = s;
        } else if reference - s >= threshold as i128 {
            events.push((t, 1));
            reference = s;
        }
    }
    events
}

/// Latency coding of one value (`docs/model.md` §9): `value` in `0..=max` spikes at offset
/// `(max - value) * (window - 1) / max` (floor) within the window, so the largest value spikes first
/// (offset 0) and the smallest non-zero one last; `0` does not spike. Needs `max >= 1`, `window >= 1`.
pub fn latency_offset(value: u64, max: u64, window: u64) -> Option<u64> {
    if value == 0 {
        return None;
    }
    Some(((max - value) as u128 * (window - 1) as u128 / max as u128) as u64)
}
