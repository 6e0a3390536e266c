//! A chip: several Flux cores and the spike exchange between them (`docs/model.md` §15).
//!
//! A network compiled for one core (its [`CoreImage`], the reference) is *placed* on the cores of
//! a [`ChipPreset`]: the neurons are cut into contiguous ranges of the reference's ids, one per
//! core, and each core gets the synapses that end in its range. A spike from a neuron reaches
//! another core through that core's *axon* (one of its input channels, source `N + a`), which
//! the core's fan-out table points at the synapses the spike has there; a spike inside a core
//! uses the neuron's own fan-out entry. After every timestep the *exchange* walks the cores'
//! spikes in ascending chip order, which is the reference's order, and pushes each one into the
//! spike buffer of every core its route table names (register `spike_push`, §2.1). So every
//! core routes, in the next timestep, its external events and then the same spikes, in the same
//! order, with the same synapses in the same order as the reference core: every dendritic slot
//! takes the same saturating additions in the same order, and the spikes and states are the
//! reference's (`docs/model.md` §15 argues it; `tests/chip.rs` checks it).

use std::fmt;
use std::ops::Range;

use crate::core::{Core, EventError};
use crate::image::{CoreImage, Event, LoadBlock};
use crate::spec::{self, Field, Preset, mem, profile, reg, spike_push, state};
use crate::timing;

/// Bits 31..24 of `cfg_addr` and `dbg_addr` select the core (`docs/model.md` §15.4).
pub const CORE_SHIFT: u32 = 24;
/// The core-local part of an address: bits 23..0.
pub const LOCAL_ADDR_MASK: u32 = (1 << CORE_SHIFT) - 1;
/// Register address of route table entry 0 (memory 4): entry `g` is `ROUTE_BASE + g`.
pub const ROUTE_BASE: u32 = 1 << 16;

/// A route table word: the source that chip neuron `g`'s spikes take in this core.
pub mod route {
    use super::Field;
    /// The source in the core: its own neuron `n`, or its axon `a` as `N + a`.
    pub const SOURCE: Field = Field::new("source", 0, 16, false);
    /// 1: the spikes of chip neuron `g` reach this core.
    pub const VALID: Field = Field::new("valid", 16, 1, false);
    /// Width of the word.
    pub const BITS: u32 = VALID.end();

    /// The valid word of `source`.
    pub fn word(source: u32) -> u32 {
        VALID.set(SOURCE.set(0, i64::from(source)), 1) as u32
    }
}

/// Cycles of a chip timestep beyond its slowest core and its exchange: the edge at which the
/// chip sees every core idle and starts the exchange.
pub const BARRIER_CYCLES: u64 = 1;
/// Cycles of the exchange per core (the cycle that finds its list ended) and per spike event.
pub const EXCHANGE_CORE_CYCLES: u64 = 1;
pub const EXCHANGE_EVENT_CYCLES: u64 = 1;
/// Cycles after the exchange: the last event's route lookup, then its `spike_push` into the cores
/// and its `aer_out`.
pub const EXCHANGE_DRAIN_CYCLES: u64 = 2;

/// Cycles of a chip timestep (`docs/model.md` §15.3): the slowest core, the barrier, the exchange
/// (one cycle per core and one per spike event of the timestep) and its drain.
pub fn timestep_cycles(core_cycles: &[u64], events: u64) -> u64 {
    core_cycles.iter().copied().max().unwrap_or(0)
        + BARRIER_CYCLES
        + EXCHANGE_CORE_CYCLES * core_cycles.len() as u64
        + EXCHANGE_EVENT_CYCLES * events
        + EXCHANGE_DRAIN_CYCLES
}

/// A chip: `cores` identical cores of preset `core`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChipPreset {
    pub name: &'static str,
    pub core: Preset,
    pub cores: u32,
}

impl ChipPreset {
    /// Neuron slots of the chip: chip neuron `g` is neuron `g mod N` of core `g / N`.
    pub const fn neurons(&self) -> u32 {
        self.cores * self.core.neurons
    }
    /// Bits of a chip neuron id (and of `aer_in_addr`'s core and local parts).
    pub const fn core_bits(&self) -> u32 {
        self.cores.next_power_of_two().trailing_zeros()
    }
}

/// The core of [`DUO`]: `small`'s kinds and sizes in 128 neurons with as many axons, without the
/// learning unit and the board's units.
pub const DUO_CORE: Preset = Preset {
    name: "duo-core",
    neurons: 128,
    channels: 128,
    learning: false,
    generators: false,
    spike_lists: false,
    burst: false,
    net: true,
    ..spec::SMALL
};

/// Two small cores: for fast cosimulation and the gate-level run.
pub const DUO: ChipPreset = ChipPreset {
    name: "duo",
    core: DUO_CORE,
    cores: 2,
};

/// The core of [`ULX3S_QUAD`]: every kind, 512 neurons and axons, 8,192 synapses.
pub const QUAD_CORE: Preset = Preset {
    name: "quad-core",
    neurons: 512,
    channels: 512,
    synapses: 8192,
    input_fifo: 512,
    ..DUO_CORE
};

/// Four cores on the ECP5-85F (ULX3S): 2,048 neurons, 32,768 synapses.
pub const ULX3S_QUAD: ChipPreset = ChipPreset {
    name: "ulx3s-quad",
    core: QUAD_CORE,
    cores: 4,
};

/// Every shipped chip.
pub const CHIPS: [ChipPreset; 2] = [DUO, ULX3S_QUAD];

/// Looks a chip up by name.
pub fn chip(name: &str) -> Option<ChipPreset> {
    CHIPS.iter().copied().find(|c| c.name == name)
}

/// The shipped chips' names, for messages.
pub fn chip_names() -> String {
    CHIPS.map(|c| c.name).join(", ")
}

/// Why a network cannot be placed on a chip.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PlaceError {
    #[error("chip `{chip}`: {what} is not supported on a chip yet (docs/model.md §15.5)")]
    Unsupported { chip: &'static str, what: String },
    #[error("chip `{chip}`: {what} does not fit its cores ({limit})")]
    DoesNotFit {
        chip: &'static str,
        what: String,
        limit: String,
    },
}

/// What one core of a placement holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CorePlace {
    /// The reference's neuron ids it holds (its neuron `n` is `neurons.start + n`).
    pub neurons: Range<u32>,
    /// Synapse words used.
    pub synapses: u32,
    /// Axons for input channels, and for neurons of other cores.
    pub channel_axons: u32,
    pub neuron_axons: u32,
}

/// A network placed on a chip: one image per core and the tables of the exchange.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChipImage {
    pub chip: ChipPreset,
    /// The reference's preset (its neuron and channel numbering).
    pub reference: Preset,
    /// Per core: its image (register `extern_spikes` is set at load) and what it holds.
    pub cores: Vec<CoreImage>,
    pub places: Vec<CorePlace>,
    /// `routes[k][g]`: the route table word of chip neuron `g` in core `k` ([`route`]).
    pub routes: Vec<Vec<u32>>,
    /// `axons[k][c]`: the axon of the reference's channel `c` in core `k`, if it has one.
    pub axons: Vec<Vec<Option<u32>>>,
}

/// Per source of the reference (neurons, then channels): the synapse words of its fan-out range.
fn fanout_range(image: &CoreImage, source: u32) -> Range<u32> {
    let p = &image.preset;
    let r = p.fanout_range(
        image
            .fanout
            .get(source as usize)
            .copied()
            .unwrap_or(0)
            .into(),
    );
    let size = u64::from(p.synapses);
    r.start.min(size) as u32..r.end.min(size) as u32
}

/// The reference's synapses, decoded once: target and the other fields.
#[derive(Clone, Copy, Debug)]
struct Syn {
    target: u32,
    weight: i64,
    delay: i64,
    kind: i64,
    plastic: i64,
    stw: i64,
}

impl ChipImage {
    /// Places `image` (compiled for one core) on `chip`, cutting its neurons only at the ids in
    /// `cuts` (population boundaries; more are added a quarter of a core apart inside longer
    /// stretches), on exactly `cores` non-empty cores if given. Among the cuttings that fit, the
    /// one with the fewest (neuron, other core) routes is taken, then the most even
    /// (`docs/model.md` §15.1).
    pub fn place(
        image: &CoreImage,
        chip: ChipPreset,
        cuts: &[u32],
        cores: Option<u32>,
    ) -> Result<Self, PlaceError> {
        let sources = decode(image, chip)?;
        let n = image.n_neurons.min(image.preset.neurons);
        let ranges = cut(n, &sources, image.preset.neurons, chip, cuts, cores)?;
        Ok(build(image, chip, &sources, &ranges))
    }

    /// Places `image` on `chip` with core `k` holding the reference's neurons `ranges[k]` (in
    /// order, contiguous from 0 to `n_neurons`; the other cores stay empty).
    pub fn with_ranges(
        image: &CoreImage,
        chip: ChipPreset,
        ranges: &[Range<u32>],
    ) -> Result<Self, PlaceError> {
        let sources = decode(image, chip)?;
        let n = image.n_neurons.min(image.preset.neurons);
        let contiguous = ranges.windows(2).all(|w| w[0].end == w[1].start)
            && ranges.first().is_none_or(|r| r.start == 0)
            && ranges.last().map_or(0, |r| r.end) == n
            && ranges.len() <= chip.cores as usize;
        if !contiguous {
            return Err(PlaceError::DoesNotFit {
                chip: chip.name,
                what: format!("the cut {ranges:?}"),
                limit: format!("contiguous ranges covering 0..{n} on {} cores", chip.cores),
            });
        }
        for range in ranges {
            let need = needs_of(&sources, range.clone(), n, image.preset.neurons);
            if !need.fits(&chip.core) {
                return Err(need.error(chip, range));
            }
        }
        Ok(build(image, chip, &sources, ranges))
    }
}

/// Checks that `image` can run on a chip's cores and decodes its synapses: per source of the
/// reference (neurons, then channels), those onto updated neurons, in address order.
fn decode(image: &CoreImage, chip: ChipPreset) -> Result<Vec<Vec<Syn>>, PlaceError> {
    let r = &image.preset;
    let c = &chip.core;
    let unsupported = |what: String| PlaceError::Unsupported {
        chip: chip.name,
        what,
    };
    let n = image.n_neurons.min(r.neurons);
    if image.learn_en
        || image
            .synapses
            .iter()
            .any(|&w| r.syn_plastic().get(w.into()) != 0)
    {
        return Err(unsupported(
            "learning (a plastic synapse or `learn_en`)".into(),
        ));
    }
    for i in 0..n as usize {
        let p = state::PROFILE.get(image.state[i]) as u32;
        let word = image.profiles.get(p as usize).copied().unwrap_or(0);
        let kind = profile::KIND.get(word);
        if p >= c.profiles {
            return Err(PlaceError::DoesNotFit {
                chip: chip.name,
                what: format!("profile index {p} of neuron {i}"),
                limit: format!("{} profiles", c.profiles),
            });
        }
        if r.runs_as(kind) != c.runs_as(kind) {
            return Err(unsupported(format!(
                "neuron {i}'s kind {kind}, which `{}` runs as {} and `{}` as {}",
                r.name,
                r.runs_as(kind),
                c.name,
                c.runs_as(kind)
            )));
        }
        if r.stored_noise_bits(image.noise_bits) >> (4 * p) & 0xF != 0
            && r.runs_as(kind) == profile::KIND_FLUX
        {
            return Err(unsupported(format!(
                "noise (neuron {i}'s profile {p} draws it)"
            )));
        }
    }
    // Decode every synapse of every source once.
    let sources: Vec<Vec<Syn>> = (0..r.neurons + r.channels)
        .map(|s| {
            fanout_range(image, s)
                .map(|a| {
                    let w = u128::from(image.synapses[a as usize]);
                    Syn {
                        target: r.syn_target().get(w) as u32,
                        weight: r.syn_weight().get(w),
                        delay: r.syn_delay().get(w),
                        kind: r.syn_type().get(w),
                        plastic: r.syn_plastic().get(w),
                        stw: r.syn_stw().get(w),
                    }
                })
                .filter(|s| s.target < n)
                .collect()
        })
        .collect();
    for (s, syns) in sources.iter().enumerate() {
        for y in syns {
            let bad = if y.delay >= i64::from(c.delay_slots) {
                Some(format!("delay {}", y.delay))
            } else if !c.syn_weight().fits(y.weight) {
                Some(format!("weight {}", y.weight))
            } else if !c.syn_stw().fits(y.stw) {
                Some(format!("short-term weight {}", y.stw))
            } else {
                None
            };
            if let Some(what) = bad {
                return Err(PlaceError::DoesNotFit {
                    chip: chip.name,
                    what: format!("a synapse of source {s}: {what}"),
                    limit: format!(
                        "{} delay slots, {}-bit weights",
                        c.delay_slots, c.weight_bits
                    ),
                });
            }
        }
    }
    Ok(sources)
}

impl ChipImage {
    /// The core and local neuron of the reference's neuron `id`.
    pub fn locate(&self, id: u32) -> Option<(usize, u32)> {
        self.places
            .iter()
            .position(|p| p.neurons.contains(&id))
            .map(|k| (k, id - self.places[k].neurons.start))
    }

    /// The reference's neuron id of chip neuron `g`.
    pub fn reference_id(&self, g: u32) -> Option<u32> {
        let k = (g / self.chip.core.neurons) as usize;
        let n = g % self.chip.core.neurons;
        let place = self.places.get(k)?;
        (n < place.neurons.len() as u32).then_some(place.neurons.start + n)
    }

    /// The chip neuron id of the reference's neuron `id`.
    pub fn chip_id(&self, id: u32) -> Option<u32> {
        self.locate(id)
            .map(|(k, n)| k as u32 * self.chip.core.neurons + n)
    }

    /// The external events of one timestep (the reference's numbering) as the chip takes them:
    /// (core, event in the core's numbering), in the order the host sends them. A channel event
    /// goes to every core with an axon for it, in ascending core order.
    pub fn core_events(&self, events: &[Event]) -> Result<Vec<(usize, Event)>, EventError> {
        let mut out = Vec::with_capacity(events.len());
        for (index, &event) in events.iter().enumerate() {
            match event {
                // An injection into a neuron the reference does not update reaches nothing
                // there either (a slot never read, §2): the chip has no such neuron and drops it.
                Event::Current { neuron, value } => match self.locate(neuron) {
                    Some((k, n)) => out.push((k, Event::Current { neuron: n, value })),
                    None if neuron < self.reference.neurons => {}
                    None => {
                        return Err(EventError::Neuron {
                            index,
                            neuron,
                            neurons: self.reference.neurons,
                        });
                    }
                },
                Event::Spike { channel } => {
                    if channel >= self.reference.channels {
                        return Err(EventError::Channel {
                            index,
                            channel,
                            channels: self.reference.channels,
                        });
                    }
                    for (k, axons) in self.axons.iter().enumerate() {
                        if let Some(a) = axons[channel as usize] {
                            out.push((k, Event::Spike { channel: a }));
                        }
                    }
                }
            }
        }
        for k in 0..self.cores.len() {
            let count = out.iter().filter(|e| e.0 == k).count();
            if count > self.chip.core.input_fifo as usize {
                return Err(EventError::TooMany {
                    count,
                    capacity: self.chip.core.input_fifo,
                });
            }
        }
        Ok(out)
    }

    /// `aer_in_addr` of an event for core `k` (`docs/model.md` §15.4): the core in the bits
    /// above the neuron bits, the neuron or axon below.
    pub fn aer_in_addr(&self, k: usize, event: &Event) -> u32 {
        let local = match *event {
            Event::Current { neuron, .. } => neuron,
            Event::Spike { channel } => channel,
        };
        ((k as u32) << self.chip.core.neuron_bits()) | local
    }

    /// `events` (of the reference's numbering) as the chip's `aer_in` port takes them, in the
    /// order of [`ChipImage::core_events`], each address [`ChipImage::aer_in_addr`]: what a host
    /// driving the chip sends.
    pub fn aer_in_events(&self, events: &[Event]) -> Result<Vec<Event>, EventError> {
        Ok(self
            .core_events(events)?
            .into_iter()
            .map(|(k, e)| {
                let addr = self.aer_in_addr(k, &e);
                match e {
                    Event::Spike { .. } => Event::Spike { channel: addr },
                    Event::Current { value, .. } => Event::Current {
                        neuron: addr,
                        value,
                    },
                }
            })
            .collect())
    }

    /// How a host loads the chip: per core, its image's load sequence and register
    /// `extern_spikes`, then its route table (`cfg_addr` bits 31..24 select the core).
    pub fn load_sequence(&self) -> Vec<LoadBlock> {
        let mut blocks = Vec::new();
        for (k, image) in self.cores.iter().enumerate() {
            let high = (k as u32) << CORE_SHIFT;
            let mut seq = image.load_sequence();
            // `n_neurons` stays last (it clears the learning tail).
            let last = seq.pop();
            blocks.extend(seq.into_iter().map(|b| LoadBlock {
                addr: high | b.addr,
                ..b
            }));
            blocks.push(LoadBlock {
                mem: mem::REGISTERS,
                addr: high | reg::EXTERN_SPIKES,
                words: vec![1],
            });
            blocks.push(LoadBlock {
                mem: mem::REGISTERS,
                addr: high | ROUTE_BASE,
                words: self.routes[k].iter().map(|&w| u128::from(w)).collect(),
            });
            blocks.extend(last.map(|b| LoadBlock {
                addr: high | b.addr,
                ..b
            }));
        }
        blocks
    }

    /// Neuron-to-core routes: (reference neuron, other core) pairs an exchange may push.
    pub fn remote_routes(&self) -> u32 {
        self.places.iter().map(|p| p.neuron_axons).sum()
    }
}

impl fmt::Display for ChipImage {
    /// The placement, one line per core.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = &self.chip.core;
        for (k, p) in self.places.iter().enumerate() {
            if p.neurons.is_empty() {
                writeln!(f, "core {k}: empty")?;
                continue;
            }
            writeln!(
                f,
                "core {k}: neurons {}..{} ({} of {}), {} of {} synapses, axons {} for channels + {} for other cores' neurons (of {})",
                p.neurons.start,
                p.neurons.end,
                p.neurons.len(),
                c.neurons,
                p.synapses,
                c.synapses,
                p.channel_axons,
                p.neuron_axons,
                c.channels
            )?;
        }
        write!(
            f,
            "{} neuron-to-core routes between cores",
            self.remote_routes()
        )
    }
}

/// What a core holding reference neurons `a..b` needs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Needs {
    neurons: u32,
    synapses: u64,
    channel_axons: u32,
    neuron_axons: u32,
    /// Sources whose spikes enter its spike buffer: its neurons with a synapse inside it, and
    /// the neuron axons.
    buffered: u32,
}

/// What a core holding the reference's neurons `range` needs (`n` neurons are updated).
fn needs_of(sources: &[Vec<Syn>], range: Range<u32>, n: u32, ref_neurons: u32) -> Needs {
    let mut need = Needs {
        neurons: range.len() as u32,
        ..Needs::default()
    };
    for (s, syns) in sources.iter().enumerate() {
        let inside = syns.iter().filter(|y| range.contains(&y.target)).count() as u64;
        if inside == 0 {
            continue;
        }
        need.synapses += inside;
        need.count_source(s as u32, &range, n, ref_neurons);
    }
    need
}

impl Needs {
    /// Counts source `s`, which has a synapse into the core holding `range`.
    fn count_source(&mut self, s: u32, range: &Range<u32>, n: u32, ref_neurons: u32) {
        if s >= ref_neurons {
            self.channel_axons += 1;
        } else if range.contains(&s) {
            self.buffered += 1;
        } else if s < n {
            self.neuron_axons += 1;
            self.buffered += 1;
        }
    }

    /// The error of a core holding `range` that does not fit.
    fn error(&self, chip: ChipPreset, range: &Range<u32>) -> PlaceError {
        let c = &chip.core;
        PlaceError::DoesNotFit {
            chip: chip.name,
            what: format!(
                "neurons {}..{} on one core ({} neurons, {} synapses, {} axons, {} buffered sources)",
                range.start,
                range.end,
                self.neurons,
                self.synapses,
                self.channel_axons + self.neuron_axons,
                self.buffered
            ),
            limit: format!(
                "{} neurons, {} synapses, {} axons, {} buffered sources",
                c.neurons, c.synapses, c.channels, c.neurons
            ),
        }
    }

    fn fits(&self, c: &Preset) -> bool {
        self.neurons <= c.neurons
            && self.synapses <= u64::from(c.synapses)
            && self.channel_axons + self.neuron_axons <= c.channels
            && self.buffered <= c.neurons
    }
}

/// Most intervals the placement considers (one bit each in a source's mask).
const MAX_INTERVALS: usize = 64;

/// Cuts neurons `0..n` into at most `chip.cores` contiguous ranges (`docs/model.md` §15.2).
fn cut(
    n: u32,
    sources: &[Vec<Syn>],
    ref_neurons: u32,
    chip: ChipPreset,
    cuts: &[u32],
    cores_wanted: Option<u32>,
) -> Result<Vec<Range<u32>>, PlaceError> {
    let c = &chip.core;
    if let Some(k) = cores_wanted
        && !(1..=chip.cores).contains(&k)
    {
        return Err(PlaceError::DoesNotFit {
            chip: chip.name,
            what: format!("{k} cores"),
            limit: format!("1 to {} cores", chip.cores),
        });
    }
    if n > chip.neurons() {
        return Err(PlaceError::DoesNotFit {
            chip: chip.name,
            what: format!("{n} neurons"),
            limit: format!("{} cores of {} neurons", chip.cores, c.neurons),
        });
    }
    // Candidate cut points: the given ones, and a quarter core apart inside longer stretches.
    let mut points: Vec<u32> = cuts.iter().copied().filter(|&x| x < n).collect();
    points.extend([0, n]);
    points.sort_unstable();
    points.dedup();
    // A quarter of a core apart, finer for a small network (at least four points per core).
    let quarter = (c.neurons / 4).min(n.div_ceil(4 * chip.cores)).max(1);
    let mut fine = Vec::new();
    for w in points.windows(2) {
        let mut x = w[0];
        while x < w[1] {
            fine.push(x);
            x += quarter;
        }
    }
    fine.push(n);
    if fine.len() > MAX_INTERVALS + 1 {
        let step = n.div_ceil(MAX_INTERVALS as u32).max(1);
        fine = (0..n).step_by(step as usize).chain([n]).collect();
    }
    let points = fine;
    let m = points.len() - 1;
    let interval = |x: u32| points.partition_point(|&p| p <= x) - 1;
    // Per source: the intervals its synapses end in; per interval: synapses ending in it.
    let mut masks = vec![0u64; sources.len()];
    let mut syn_in = vec![0u64; m];
    for (s, syns) in sources.iter().enumerate() {
        for y in syns {
            let i = interval(y.target);
            masks[s] |= 1 << i;
            syn_in[i] += 1;
        }
    }
    let needs = |i: usize, j: usize| -> Needs {
        let range = if j - i == 64 {
            u64::MAX
        } else {
            ((1u64 << (j - i)) - 1) << i
        };
        let (a, b) = (points[i], points[j]);
        let mut need = Needs {
            neurons: b - a,
            synapses: syn_in[i..j].iter().sum(),
            ..Needs::default()
        };
        for (s, &mask) in masks.iter().enumerate() {
            if mask & range != 0 {
                need.count_source(s as u32, &(a..b), n, ref_neurons);
            }
        }
        need
    };
    // best[k][j]: the least (routes, sum of squared sizes) covering intervals 0..j with k cores.
    type Cost = (u64, u64);
    let cores = chip.cores as usize;
    let mut best: Vec<Vec<Option<(Cost, usize)>>> = vec![vec![None; m + 1]; cores + 1];
    best[0][0] = Some(((0, 0), 0));
    let (mut worst, mut worst_at) = (Needs::default(), 0..0);
    for j in 1..=m {
        for i in 0..j {
            let need = needs(i, j);
            if !need.fits(c) {
                if j - i == 1 {
                    worst = need;
                    worst_at = points[i]..points[j];
                }
                continue;
            }
            let cost = (u64::from(need.neuron_axons), u64::from(need.neurons).pow(2));
            for k in 1..=cores {
                if let Some(((r, q), _)) = best[k - 1][i] {
                    let cand = ((r + cost.0, q + cost.1), i);
                    if best[k][j].is_none_or(|b| cand.0 < b.0) {
                        best[k][j] = Some(cand);
                    }
                }
            }
        }
    }
    let k_best = (1..=cores)
        .filter(|&k| cores_wanted.is_none_or(|w| w as usize == k))
        .filter_map(|k| best[k][m].map(|b| (b.0, k)))
        .min()
        .map(|(_, k)| k);
    let Some(mut k) = k_best else {
        let what = if worst != Needs::default() {
            format!(
                "the network ({n} neurons; neurons {}..{} alone need {} synapses, {} axons, {} buffered sources)",
                worst_at.start,
                worst_at.end,
                worst.synapses,
                worst.channel_axons + worst.neuron_axons,
                worst.buffered
            )
        } else {
            match cores_wanted {
                Some(k) => format!(
                    "the network ({n} neurons) cut into exactly {k} cores at population boundaries and steps of {quarter}"
                ),
                None => format!("the network ({n} neurons) cut into at most {cores} cores"),
            }
        };
        return Err(PlaceError::DoesNotFit {
            chip: chip.name,
            what,
            limit: format!(
                "{} cores of {} neurons, {} synapses, {} axons",
                chip.cores, c.neurons, c.synapses, c.channels
            ),
        });
    };
    let mut ranges = Vec::new();
    let mut j = m;
    while k > 0 {
        let (_, i) = best[k][j].expect("a step of the best placement");
        ranges.push(points[i]..points[j]);
        j = i;
        k -= 1;
    }
    ranges.reverse();
    Ok(ranges)
}

/// The core images and exchange tables of the placement `ranges` (`docs/model.md` §15.1).
fn build(
    image: &CoreImage,
    chip: ChipPreset,
    sources: &[Vec<Syn>],
    ranges: &[Range<u32>],
) -> ChipImage {
    let r = &image.preset;
    let c = &chip.core;
    let cores = chip.cores as usize;
    let mut images = Vec::with_capacity(cores);
    let mut places = Vec::with_capacity(cores);
    let mut routes = vec![vec![0u32; chip.neurons() as usize]; cores];
    let mut axons = vec![vec![None; r.channels as usize]; cores];
    let chip_id = |id: u32| {
        let k = ranges.iter().position(|q| q.contains(&id)).expect("placed");
        k as u32 * c.neurons + (id - ranges[k].start)
    };
    for k in 0..cores {
        let range = ranges.get(k).cloned().unwrap_or(0..0);
        let mut core = CoreImage::empty(*c);
        core.n_neurons = range.len() as u32;
        for (i, w) in core.profiles.iter_mut().enumerate() {
            *w = image.profiles.get(i).copied().unwrap_or(0);
        }
        for id in range.clone() {
            core.state[(id - range.start) as usize] = c.stored_state(image.state[id as usize]);
        }
        core.noise = image.noise;
        let inside = |y: &Syn| range.contains(&y.target);
        // The core's sources in order: its neurons, then axons (channels, other cores' neurons).
        let mut order: Vec<(u32, u32)> = range.clone().map(|id| (id, id - range.start)).collect();
        let mut next_axon = 0;
        let mut place = CorePlace {
            neurons: range.clone(),
            synapses: 0,
            channel_axons: 0,
            neuron_axons: 0,
        };
        for ch in 0..r.channels {
            if sources[(r.neurons + ch) as usize].iter().any(inside) {
                axons[k][ch as usize] = Some(next_axon);
                order.push((r.neurons + ch, c.neurons + next_axon));
                next_axon += 1;
                place.channel_axons += 1;
            }
        }
        for id in (0..image.n_neurons.min(r.neurons)).filter(|id| !range.contains(id)) {
            if sources[id as usize].iter().any(inside) {
                routes[k][chip_id(id) as usize] = route::word(c.neurons + next_axon);
                order.push((id, c.neurons + next_axon));
                next_axon += 1;
                place.neuron_axons += 1;
            }
        }
        for id in range.clone() {
            if sources[id as usize].iter().any(inside) {
                routes[k][chip_id(id) as usize] = route::word(id - range.start);
            }
        }
        let mut cursor = 0u32;
        for (ref_source, source) in order {
            let start = cursor;
            for y in sources[ref_source as usize].iter().filter(|y| inside(y)) {
                let mut w = c.syn_target().set(0, i64::from(y.target - range.start));
                w = c.syn_weight().set(w, y.weight);
                w = c.syn_delay().set(w, y.delay);
                w = c.syn_type().set(w, y.kind);
                w = c.syn_plastic().set(w, y.plastic);
                w = c.syn_stw().set(w, y.stw);
                core.synapses[cursor as usize] = w as u64;
                cursor += 1;
            }
            let f = c.fanout_start().set(0, i64::from(start));
            core.fanout[source as usize] =
                c.fanout_count().set(f, i64::from(cursor - start)) as u64;
        }
        place.synapses = cursor;
        images.push(core);
        places.push(place);
    }
    ChipImage {
        chip,
        reference: *r,
        cores: images,
        places,
        routes,
        axons,
    }
}

/// What one chip timestep did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChipStep {
    pub t: u64,
    /// The spikes in the reference's numbering, ascending (a neuron that fired `k` spikes `k`
    /// times): the reference core's `StepReport::spikes`.
    pub spikes: Vec<u32>,
    /// The exchange's events in order: (chip neuron, count), as the chip's `aer_out` reports them.
    pub events: Vec<(u32, u32)>,
    /// Cycles of each core's timestep, and of the chip's ([`timestep_cycles`]).
    pub core_cycles: Vec<u64>,
    pub cycles: u64,
}

/// A chip running a [`ChipImage`]: its cores and the exchange between them.
#[derive(Clone, Debug)]
pub struct Chip {
    image: ChipImage,
    cores: Vec<Core>,
}

impl Chip {
    /// Loads `image` into its cores (register `extern_spikes` set).
    pub fn new(image: &ChipImage) -> Chip {
        let cores = image
            .cores
            .iter()
            .map(|img| {
                let mut core = Core::new(img);
                core.set_extern_spikes(true);
                core
            })
            .collect();
        Chip {
            image: image.clone(),
            cores,
        }
    }

    pub fn image(&self) -> &ChipImage {
        &self.image
    }

    /// Core `k`.
    pub fn core(&self, k: usize) -> &Core {
        &self.cores[k]
    }

    /// The state word of the reference's neuron `id`.
    pub fn state_word(&self, id: u32) -> Option<u128> {
        self.image
            .locate(id)
            .map(|(k, n)| self.cores[k].state_word(n))
    }

    /// Runs one timestep with the external events stamped `t` (the reference's numbering); on an
    /// error nothing has changed.
    pub fn try_step(&mut self, events: &[Event]) -> Result<ChipStep, EventError> {
        let routed = self.image.core_events(events)?;
        let mut per_core: Vec<Vec<Event>> = vec![Vec::new(); self.cores.len()];
        for (k, e) in routed {
            per_core[k].push(e);
        }
        let mut core_cycles = Vec::with_capacity(self.cores.len());
        let mut local: Vec<Vec<u32>> = Vec::with_capacity(self.cores.len());
        let mut t = 0;
        for (core, events) in self.cores.iter_mut().zip(&per_core) {
            let report = core.step(events);
            t = report.t;
            core_cycles.push(report.cycles);
            local.push(report.spikes.to_vec());
        }
        // The exchange: every core's spike events in chip order, into the cores they reach.
        let n = self.image.chip.core.neurons;
        let mut spikes = Vec::new();
        let mut exchanged = Vec::new();
        for (j, list) in local.iter().enumerate() {
            for run in list.chunk_by(|a, b| a == b) {
                let g = j as u32 * n + run[0];
                let count = run.len() as u32;
                exchanged.push((g, count));
                let id = self.image.places[j].neurons.start + run[0];
                spikes.extend(std::iter::repeat_n(id, run.len()));
                for (k, core) in self.cores.iter_mut().enumerate() {
                    let word = u128::from(self.image.routes[k][g as usize]);
                    if route::VALID.get(word) == 1 {
                        core.push_spike(route::SOURCE.get(word) as u32, count);
                    }
                }
            }
        }
        let cycles = timestep_cycles(&core_cycles, exchanged.len() as u64);
        Ok(ChipStep {
            t,
            spikes,
            events: exchanged,
            core_cycles,
            cycles,
        })
    }

    /// The chip's reset (`docs/model.md` §15.3), between timesteps: every core's (§7.1), at once
    /// (the spike buffers emptied, the route tables and `extern_spikes` kept). Returns the cycles
    /// the chip is busy for it: a core's.
    pub fn reset(&mut self) -> u64 {
        for core in &mut self.cores {
            core.reset();
        }
        timing::reset_cycles(&self.image.chip.core)
    }
}

// The push word carries every source a core has, and the route word every source of a core.
const _: () = {
    assert!(spike_push::SOURCE.width >= route::SOURCE.width);
    assert!(QUAD_CORE.neurons + QUAD_CORE.channels <= 1 << route::SOURCE.width);
    assert!(DUO_CORE.neurons + DUO_CORE.channels <= 1 << route::SOURCE.width);
    assert!(ULX3S_QUAD.cores * QUAD_CORE.neurons <= 1 << spec::host::NEURON_ID_BITS);
    assert!(ROUTE_BASE > reg::EXTERN_SPIKES);
    assert!(ULX3S_QUAD.cores <= 1 << (32 - CORE_SHIFT));
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::{LARGE, SMALL};

    /// Two populations of `size` neurons, each all-to-all inside itself, one synapse from the
    /// first neuron of A to the first of B; channel 0 onto every neuron of A.
    fn two_populations(size: u32) -> CoreImage {
        let p = LARGE;
        let mut image = CoreImage::empty(p);
        image.n_neurons = 2 * size;
        let mut next = 0u32;
        let mut add = |image: &mut CoreImage, source: u32, targets: &[u32]| {
            let start = next;
            for &t in targets {
                image.synapses[next as usize] =
                    p.syn_weight().set(p.syn_target().set(0, i64::from(t)), 5) as u64;
                next += 1;
            }
            image.fanout[source as usize] = p.fanout_count().set(
                p.fanout_start().set(0, i64::from(start)),
                i64::from(next - start),
            ) as u64;
        };
        for pop in 0..2 {
            let ids: Vec<u32> = (pop * size..(pop + 1) * size).collect();
            for &s in &ids {
                let mut targets = ids.clone();
                if s == 0 {
                    targets.push(size);
                }
                add(&mut image, s, &targets);
            }
        }
        add(&mut image, p.neurons, &(0..size).collect::<Vec<_>>());
        image
    }

    #[test]
    fn the_cut_falls_on_the_population_boundary_with_the_fewest_routes() {
        // 2 x 60 neurons on duo's cores: one core cannot hold both populations' 7,200 synapses,
        // and only the cut at 60 leaves a single route between the cores (neuron 0 into core 1).
        let image = two_populations(60);
        let placed = ChipImage::place(&image, DUO, &[0, 60], None).unwrap();
        assert_eq!(placed.places[0].neurons, 0..60);
        assert_eq!(placed.places[1].neurons, 60..120);
        assert_eq!(placed.remote_routes(), 1);
        assert_eq!(placed.places[0].channel_axons, 1);
        assert_eq!(placed.places[1].channel_axons, 0);
        // Without the boundary among the cuts, the steps inside the stretch (15 neurons apart for
        // 120 neurons on 2 cores) still find it.
        let coarse = ChipImage::place(&image, DUO, &[], None).unwrap();
        assert_eq!(coarse.places, placed.places);
        // The route of neuron 0 into core 1 is an axon after the core's channel axons.
        let g = placed.chip_id(0).unwrap();
        let word = u128::from(placed.routes[1][g as usize]);
        assert_eq!(route::VALID.get(word), 1);
        assert_eq!(route::SOURCE.get(word), i64::from(DUO_CORE.neurons));
        assert_eq!(placed.reference_id(DUO_CORE.neurons + 3), Some(63));
    }

    #[test]
    fn a_small_network_stays_on_one_core_unless_asked() {
        let image = two_populations(20);
        let placed = ChipImage::place(&image, DUO, &[0, 20], None).unwrap();
        assert_eq!(placed.places[0].neurons, 0..40);
        assert!(placed.places[1].neurons.is_empty());
        let split = ChipImage::place(&image, DUO, &[0, 20], Some(2)).unwrap();
        assert_eq!(split.places[1].neurons, 20..40);
        assert!(ChipImage::place(&image, DUO, &[], Some(3)).is_err());
    }

    #[test]
    fn what_a_chip_cannot_run_is_refused_by_name() {
        let mut image = two_populations(10);
        image.learn_en = true;
        let e = ChipImage::place(&image, DUO, &[], None).unwrap_err();
        assert!(e.to_string().contains("learning"), "{e}");
        let mut image = two_populations(10);
        image.noise_bits = 3;
        image.noise = 1;
        let e = ChipImage::place(&image, DUO, &[], None).unwrap_err();
        assert!(e.to_string().contains("noise"), "{e}");
        let image = two_populations(200);
        let e = ChipImage::place(&image, DUO, &[], None).unwrap_err();
        assert!(e.to_string().contains("400 neurons"), "{e}");
        // A delay the chip's cores do not have.
        let mut image = CoreImage::empty(crate::spec::ULX3S);
        image.n_neurons = 2;
        let p = image.preset;
        image.synapses[0] = p.syn_delay().set(p.syn_target().set(0, 1), 7) as u64;
        image.fanout[0] = p.fanout_count().set(0, 1) as u64;
        let few_slots = ChipPreset {
            core: Preset {
                delay_slots: 4,
                ..DUO_CORE
            },
            ..DUO
        };
        let e = ChipImage::place(&image, few_slots, &[], None).unwrap_err();
        assert!(e.to_string().contains("delay 7"), "{e}");
    }

    #[test]
    fn events_go_to_the_cores_that_hold_their_targets() {
        let image = two_populations(60);
        let placed = ChipImage::place(&image, DUO, &[0, 60], None).unwrap();
        let events = [
            Event::Current {
                neuron: 110,
                value: -3,
            },
            Event::Spike { channel: 0 },
            Event::Spike { channel: 5 },
            Event::Current {
                neuron: 4000,
                value: 1,
            },
        ];
        // Channel 5 reaches no neuron, and neuron 4000 is not updated: both reach nothing.
        assert_eq!(
            placed.core_events(&events).unwrap(),
            [
                (
                    1,
                    Event::Current {
                        neuron: 50,
                        value: -3
                    }
                ),
                (0, Event::Spike { channel: 0 })
            ]
        );
        assert_eq!(
            placed.aer_in_addr(
                1,
                &Event::Current {
                    neuron: 50,
                    value: 0
                }
            ),
            128 + 50
        );
        // What the chip's `aer_in` takes: the core in the bits above the neuron bits.
        assert_eq!(
            placed.aer_in_events(&events).unwrap(),
            [
                Event::Current {
                    neuron: 128 + 50,
                    value: -3
                },
                Event::Spike { channel: 0 }
            ]
        );
        assert!(
            placed
                .core_events(&[Event::Spike {
                    channel: LARGE.channels
                }])
                .is_err()
        );
        let too_many = vec![Event::Spike { channel: 0 }; DUO_CORE.input_fifo as usize + 1];
        assert!(placed.core_events(&too_many).is_err());
        // The chip's cycle count: slowest core, barrier, one per core, one per event, drain.
        assert_eq!(timestep_cycles(&[30, 40], 5), 40 + 1 + 2 + 5 + 2);
        let _ = SMALL;
    }
}
