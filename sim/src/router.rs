//! The synapse router and the dendritic ring (`docs/model.md` §2 and §5): the model's twin of
//! `hdl/src/core/synapse_router.rs`.
//!
//! A routed spike from source `s` streams the synapses `fanout[s].start .. + fanout[s].count` in
//! address order; each lands in slot `(t + delay) mod D` of its target with a saturating add.
//!
//! Built for speed: routing is one sequential read and one scattered read-modify-write per synapse,
//! and both are kept as small as the network allows, since at 40,000 neurons they miss the caches.
//! - The synapse memory is decoded once into records ([`Records`]): 4 bytes per synapse when every
//!   synapse is direct, 8 otherwise.
//! - The ring is struct-of-arrays (`a_in`, `m_in`, `e`), slot-major, and holds only the slots the
//!   network's delays can reach ([`Ring`]); `m_in` and `e` exist only if some synapse writes them.
//!   The hardware's `D`-slot view is rebuilt on demand ([`Ring::input`]).

use crate::image::CoreImage;
use crate::neuron::{I24_MAX, SlotInput, sat16, sat24};
use crate::spec::profile;
use crate::synapse::{self, Stream, SynKind};

/// One decoded synapse word (the general record).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Synapse {
    /// `delay * N + target`: the ring offset relative to the start of the stored slot that the
    /// routing timestep reads.
    offset: u32,
    weight: i16,
    kind: SynKind,
}

/// The synapse memory as the router streams it, in address order.
#[derive(Clone, Debug)]
enum Records {
    /// Every synapse is direct: one `u32` each, the ring offset in the high 16 bits and the weight
    /// (i16, two's complement) in the low 16. Chosen when every synapse is direct and the ring has at
    /// most 2^16 entries; half the bytes of [`Records::General`].
    Direct(Vec<u32>),
    General(Vec<Synapse>),
}

/// The weight of a [`Records::Direct`] record.
#[inline(always)]
fn direct_weight(record: u32) -> i16 {
    record as u16 as i16
}

/// The ring offset of a [`Records::Direct`] record.
#[inline(always)]
fn direct_offset(record: u32) -> u32 {
    record >> 16
}

/// A [`Records::Direct`] record, `offset < 2^16`.
fn direct_record(offset: u32, weight: i16) -> u32 {
    (offset << 16) | u32::from(weight as u16)
}

/// The dendritic ring: `D` slots of `N` neurons, each slot holding `a_in` (i24), `m_in` (i16), `e`.
///
/// Only `S = max_delay + 1` slots are stored (`max_delay` the largest delay of a synapse that has an
/// effect, `1 <= S <= D`), and timestep `t` reads stored slot `t mod S`. This gives the hardware's
/// results: a synapse routed in timestep `t` with delay `d <= max_delay` lands in stored slot
/// `(t + d) mod S` and is read, and cleared, in timestep `t + d`, as in the `D`-slot ring, because
/// the timesteps `t + 1 .. t + d - 1` read other stored slots (`d < S`) and timestep `t` reads its
/// slot before it clears it. A current injection is a delay 0. [`Ring::input`] maps the `D` slots
/// back (see there). With every delay 0 (the CUBA benchmark) the ring is one slot of `N`.
///
/// That holds for the neurons that are updated (`n < n_neurons`), whose slots are read and cleared.
/// The slots of the others keep adding up, slot `(t + d) mod D` for ever, so for them the ring needs
/// all `D` slots: if a synapse targets one, `S = D`; otherwise only current injections reach them,
/// and those go to `dead`, `D` slots of `a_in` for the neurons `n_neurons .. N`.
#[derive(Clone, Debug)]
pub struct Ring {
    neurons: usize,
    /// `n_neurons`: the neurons updated, whose slots are read and cleared.
    live: usize,
    /// `D`, the hardware's slots.
    slots: usize,
    /// `S`, the slots stored.
    stored: usize,
    pub(crate) a_in: Vec<i32>,
    /// Empty when no synapse is modulatory (then every `m_in` is 0).
    pub(crate) m_in: Vec<i16>,
    /// Empty when no synapse is electric (then every `e` is 0).
    pub(crate) e: Vec<u8>,
    /// `a_in` of the neurons `live .. neurons` in all `D` slots (slot-major), when `S < D`.
    dead: Vec<i32>,
    /// The neuron ranges the ring is cut into, `bounds[p] .. bounds[p + 1]`, one per thread of a
    /// parallel step (`docs/model.md` §14): part `p` holds its `S` slots of its neurons, slot-major,
    /// at `bounds[p] * S`. With one part (`[0, N]`) this is the plain slot-major ring.
    bounds: Vec<usize>,
}

/// One part of the ring ([`Ring::parts_mut`]): neurons `start .. start + len`, `S` slots of them,
/// slot-major; index `slot * len + (n - start)`. A thread owns it while it routes and updates.
pub(crate) struct RingPart<'a> {
    pub(crate) start: usize,
    pub(crate) len: usize,
    pub(crate) a_in: &'a mut [i32],
    /// Empty when the ring stores no `m_in`.
    pub(crate) m_in: &'a mut [i16],
    /// Empty when the ring stores no `e`.
    pub(crate) e: &'a mut [u8],
}

impl RingPart<'_> {
    /// Adds a current injection into neuron `n` (of this part) in stored slot `slot` (§5).
    pub(crate) fn inject(&mut self, slot: usize, n: usize, value: i16) {
        let a = &mut self.a_in[slot * self.len + n - self.start];
        *a = sat24(*a + i32::from(value));
    }
}

/// `v` cut at the lengths `lens` in order, one piece per length (pieces past the end of `v` are
/// empty, so an empty `v` gives empty pieces). Lazy: a timestep cuts its vectors without
/// allocating.
pub(crate) fn cut<T>(
    v: &mut [T],
    lens: impl Iterator<Item = usize>,
) -> impl Iterator<Item = &mut [T]> {
    cut_spaced(v, lens, 0)
}

/// [`cut`] with `gap` entries skipped after each piece (the core's spaced state fields).
pub(crate) fn cut_spaced<T>(
    mut v: &mut [T],
    lens: impl Iterator<Item = usize>,
    gap: usize,
) -> impl Iterator<Item = &mut [T]> {
    lens.map(move |len| {
        let at = len.min(v.len());
        let (head, tail) = std::mem::take(&mut v).split_at_mut(at);
        v = tail.get_mut(gap.min(tail.len())..).unwrap_or_default();
        head
    })
}

impl Ring {
    /// An all-zero ring of `slots` slots (`D`) of `neurons` neurons, `live` of them updated, that
    /// stores `stored` of them (`max_delay + 1`, clipped to `1..=D`). A ring has at least one slot,
    /// so that `t mod D` is defined even for a (refused) preset with `D = 0`.
    fn new(
        neurons: usize,
        live: usize,
        slots: usize,
        stored: usize,
        modulatory: bool,
        electric: bool,
        bounds: Vec<usize>,
    ) -> Self {
        let slots = slots.max(1);
        let stored = stored.clamp(1, slots);
        let live = live.min(neurons);
        let len = neurons * stored;
        let dead = if stored < slots {
            (neurons - live) * slots
        } else {
            0
        };
        Self {
            neurons,
            live,
            slots,
            stored,
            a_in: vec![0; len],
            m_in: vec![0; if modulatory { len } else { 0 }],
            e: vec![0; if electric { len } else { 0 }],
            dead: vec![0; dead],
            bounds,
        }
    }

    /// The index of neuron `n`'s entry in stored slot `slot` (`n < neurons`, `slot < S`).
    fn index(&self, slot: usize, n: usize) -> usize {
        let p = self.bounds.partition_point(|&b| b <= n) - 1;
        let (a, b) = (self.bounds[p], self.bounds[p + 1]);
        a * self.stored + slot * (b - a) + (n - a)
    }

    /// The neuron ranges of the parts ([`Ring::parts_mut`]): `bounds[p] .. bounds[p + 1]`.
    pub(crate) fn bounds(&self) -> &[usize] {
        &self.bounds
    }

    /// The ring cut into its parts, in neuron order, each a disjoint borrow.
    pub(crate) fn parts_mut(&mut self) -> impl Iterator<Item = RingPart<'_>> {
        let stored = self.stored;
        let lens = || self.bounds.windows(2).map(move |w| (w[1] - w[0]) * stored);
        let a_in = cut(&mut self.a_in, lens());
        let m_in = cut(&mut self.m_in, lens());
        let e = cut(&mut self.e, lens());
        let parts = self.bounds.windows(2).zip(a_in).zip(m_in).zip(e);
        parts.map(|(((w, a_in), m_in), e)| RingPart {
            start: w[0],
            len: w[1] - w[0],
            a_in,
            m_in,
            e,
        })
    }

    /// Whether neuron `n`'s slots are in `dead`.
    pub(crate) fn is_dead(&self, n: usize) -> bool {
        n >= self.live && self.stored < self.slots
    }

    /// Index of neuron `n`'s hardware slot `slot` in `dead`.
    fn dead_index(&self, slot: usize, n: usize) -> usize {
        slot * (self.neurons - self.live) + (n - self.live)
    }

    /// Zeroes every slot: the reset drops the inputs in flight (`docs/model.md` §7.1).
    pub(crate) fn clear(&mut self) {
        self.a_in.fill(0);
        self.m_in.fill(0);
        self.e.fill(0);
        self.dead.fill(0);
    }

    /// Number of slots `D` of the hardware's ring.
    pub fn slots(&self) -> usize {
        self.slots
    }

    /// Number of slots stored, `S`.
    pub fn stored(&self) -> usize {
        self.stored
    }

    /// The stored slot that timestep `t` reads: `t mod S`.
    pub fn slot_of(&self, t: u64) -> usize {
        (t % self.stored as u64) as usize
    }

    /// The contents of the hardware's slot `slot` of neuron `n` between timesteps, when `t`
    /// timesteps have run (zero outside the ring).
    ///
    /// Hardware slot `slot` then holds what timestep `t + k` will read, `k = (slot - t) mod D`:
    /// whatever was routed for an earlier timestep has been read and cleared, and nothing routed so
    /// far is due later than `t - 1 + max_delay`. So for `k < S` it is stored slot `(t + k) mod S`,
    /// which holds nothing for another timestep (`t + k - S` is past, `t + k + S` too far ahead), and
    /// for `k >= S` (beyond every delay) it is empty.
    pub fn input(&self, t: u64, slot: usize, n: usize) -> SlotInput {
        if slot >= self.slots || n >= self.neurons {
            return SlotInput::default();
        }
        if self.is_dead(n) {
            return SlotInput {
                a_in: self.dead[self.dead_index(slot, n)],
                ..SlotInput::default()
            };
        }
        let d = self.slots as u64;
        let k = (slot as u64 + d - t % d) % d;
        if k >= self.stored as u64 {
            return SlotInput::default();
        }
        let i = self.index(self.slot_of(t + k), n);
        SlotInput {
            a_in: self.a_in[i],
            m_in: self.m_in.get(i).map_or(0, |&m| m.into()),
            e: self.e.get(i).is_some_and(|&e| e != 0),
            noise: 0,
        }
    }

    /// Adds a current injection of timestep `t` into neuron `n`'s slot `t mod D`
    /// (`a_in = sat24(a_in + value)`, §5); nothing for a neuron outside the ring.
    pub fn inject(&mut self, t: u64, n: usize, value: i16) {
        if n >= self.neurons {
            return;
        }
        let a = if self.is_dead(n) {
            let i = self.dead_index((t % self.slots as u64) as usize, n);
            &mut self.dead[i]
        } else {
            let i = self.index(self.slot_of(t), n);
            &mut self.a_in[i]
        };
        *a = sat24(*a + i32::from(value));
    }
}

/// The fan-out table and the synapse memory, decoded once, and the dendritic ring they write.
///
/// For a parallel step the ring is cut into parts by target neuron ([`Ring::parts_mut`]), and the
/// synapse memory with it: part `p` keeps, in address order, the synapses whose target is in its
/// neurons, so a thread that routes every spike of the timestep in order into its part adds into
/// each ring entry exactly what one thread adds, in the same order (`docs/model.md` §14).
#[derive(Clone, Debug)]
pub struct Router {
    /// Per source (neurons, then channels): the synapse address range it streams.
    fanout: Vec<(u32, u32)>,
    /// One per part of the ring.
    parts: Vec<Routes>,
    /// Synapse address -> (part, index in its records); empty with one part (the identity).
    place: Vec<(u32, u32)>,
    pub(crate) ring: Ring,
    /// Per neuron: how far its `a_in` can move in one slot when each source delivers one spike
    /// ([`Router::a_in_reach`]).
    reach: Vec<u64>,
    /// Per source: the most one spike of it adds into one neuron's `a_in` ([`Router::spike_reach`]).
    spike_reach: Vec<u64>,
    /// A weight has grown since the image was loaded (learning): the reach no longer holds.
    grown: bool,
}

/// The router's fan-out table, read while its parts are borrowed ([`Router::parts_mut`]).
#[derive(Clone, Copy)]
pub(crate) struct Fanout<'a>(&'a [(u32, u32)]);

impl Fanout<'_> {
    /// Number of synapse words `source` streams (0 for a source outside the table).
    pub(crate) fn count(self, source: usize) -> u64 {
        self.0
            .get(source)
            .map_or(0, |&(start, end)| u64::from(end - start))
    }

    /// Asks for the cache line of `source`'s entry. A hint only.
    #[inline]
    pub(crate) fn prefetch(self, source: usize) {
        #[cfg(target_arch = "x86_64")]
        if let Some(entry) = self.0.get(source) {
            // SAFETY: a prefetch never faults and writes nothing; `entry` is inside the table.
            unsafe {
                use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
                _mm_prefetch::<_MM_HINT_T0>(std::ptr::from_ref(entry).cast::<i8>());
            }
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = source;
    }
}

/// The synapses that target one part of the ring, in address order.
#[derive(Clone, Debug)]
pub(crate) struct Routes {
    /// Per source: the range of `records` it streams into this part.
    fanout: Vec<(u32, u32)>,
    records: Records,
    /// `S * len` of the part: ring offsets wrap at this value.
    ring_len: u32,
    /// Direct records only, and every target's [`Router::a_in_reach`] within 24 bits (and no Xylo
    /// neuron, no target that is never updated): in a timestep that injects no current and reads
    /// a slot that only events of one spike added into, no sum saturates.
    pub(crate) exact: bool,
}

/// Cache lines of a source's records [`Routes::prefetch`] asks for (an 80-synapse fan-out of direct
/// records is 5).
const PREFETCH_LINES: usize = 8;

/// The bytes of `v` (only their addresses are used, for prefetching).
fn as_bytes<T>(v: &[T]) -> &[u8] {
    // SAFETY: any initialised memory may be viewed as bytes; the length is that of `v` in bytes.
    unsafe { std::slice::from_raw_parts(v.as_ptr().cast::<u8>(), std::mem::size_of_val(v)) }
}

impl Routes {
    /// Delivers `count` spikes of `source` into `ring` (this routes' part), read slot `slot`: the
    /// synapses in address order, `count * weight` with one saturation each (§5). `exact`: the
    /// timestep is one where [`Routes::exact`] proves that no sum saturates, so the additions are
    /// plain.
    #[inline]
    pub(crate) fn deliver(
        &self,
        ring: &mut RingPart,
        slot: usize,
        source: usize,
        count: u32,
        exact: bool,
    ) {
        let Some(&(start, end)) = self.fanout.get(source) else {
            return;
        };
        let (start, end) = (start as usize, end as usize);
        let base = (slot * ring.len) as u32;
        let ring_len = self.ring_len;
        // base < S*len and offset < S*len, so one conditional subtraction is the `mod S` of the slot.
        let index = |offset: u32| {
            let i = base + offset;
            (if i >= ring_len { i - ring_len } else { i }) as usize
        };
        let k = count as i32;
        match &self.records {
            Records::Direct(records) if exact => {
                debug_assert!(self.exact && count == 1);
                let a_in = &mut ring.a_in[..];
                for &r in &records[start..end] {
                    let i = index(direct_offset(r));
                    a_in[i] += i32::from(direct_weight(r));
                    debug_assert!(a_in[i].unsigned_abs() <= I24_MAX as u32, "{}", a_in[i]);
                }
            }
            Records::Direct(records) => {
                let a_in = &mut ring.a_in[..];
                for &r in &records[start..end] {
                    let i = index(direct_offset(r));
                    a_in[i] = sat24(a_in[i] + k * i32::from(direct_weight(r)));
                }
            }
            Records::General(records) => {
                for syn in &records[start..end] {
                    let i = index(syn.offset);
                    let kw = k * i32::from(syn.weight);
                    match syn.kind {
                        SynKind::Direct => ring.a_in[i] = sat24(ring.a_in[i] + kw),
                        SynKind::Current1 => ring.a_in[i] = sat16(ring.a_in[i] + kw),
                        SynKind::Modulatory | SynKind::Current2 => {
                            ring.m_in[i] = sat16(i32::from(ring.m_in[i]) + kw) as i16
                        }
                        SynKind::Electric => ring.e[i] = 1,
                        SynKind::Inert => {}
                    }
                }
            }
        }
    }

    /// Asks the CPU to start loading `source`'s fan-out entry in this part (its range of
    /// records), which [`Routes::prefetch`] and [`Routes::deliver`] read. A hint only.
    #[inline]
    pub(crate) fn prefetch_entry(&self, source: usize) {
        Fanout(&self.fanout).prefetch(source);
    }

    /// Asks the CPU to start loading the first records of `source`, which will be delivered next:
    /// at 40,000 neurons the records (13 MB) are far outside the caches, and a spike's records
    /// are contiguous, so the first miss is the one that waits. A hint only: nothing changes.
    #[inline]
    pub(crate) fn prefetch(&self, source: usize) {
        let Some(&(start, end)) = self.fanout.get(source) else {
            return;
        };
        if start == end {
            return;
        }
        let bytes = match &self.records {
            Records::Direct(r) => as_bytes(&r[start as usize..end as usize]),
            Records::General(r) => as_bytes(&r[start as usize..end as usize]),
        };
        // Every cache line of them, up to PREFETCH_LINES.
        for line in bytes.chunks(64).take(PREFETCH_LINES) {
            #[cfg(target_arch = "x86_64")]
            // SAFETY: a prefetch never faults and writes nothing; `line` is inside `records`.
            unsafe {
                use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
                _mm_prefetch::<_MM_HINT_T0>(line.as_ptr().cast::<i8>());
            }
            #[cfg(not(target_arch = "x86_64"))]
            let _ = line;
        }
    }

    fn weight(&self, index: usize) -> i16 {
        match &self.records {
            Records::Direct(r) => r.get(index).map_or(0, |&w| direct_weight(w)),
            Records::General(r) => r.get(index).map_or(0, |s| s.weight),
        }
    }

    fn set_weight(&mut self, index: usize, weight: i16) {
        match &mut self.records {
            Records::Direct(r) => {
                if let Some(w) = r.get_mut(index) {
                    *w = direct_record(direct_offset(*w), weight);
                }
            }
            Records::General(r) => {
                if let Some(s) = r.get_mut(index) {
                    s.weight = weight;
                }
            }
        }
    }
}

/// The part boundaries for `parts` parts of the updated neurons `0..live` of `neurons`: equal
/// ranges in multiples of 64 neurons (whole cache lines of every field), the last one also holding
/// the neurons past `live`. Parts may be empty.
pub(crate) fn part_bounds(neurons: usize, live: usize, parts: usize) -> Vec<usize> {
    let parts = parts.max(1);
    let chunk = live.div_ceil(parts).next_multiple_of(64);
    let mut bounds: Vec<usize> = (0..parts).map(|p| (p * chunk).min(live)).collect();
    bounds.push(neurons);
    bounds
}

impl Router {
    /// The most neuron `n`'s `a_in` can hold in a timestep that injects no current and in which
    /// every source delivers one spike: the sum of `|weight|` over the synapses that add into its
    /// `a_in` (direct and current type 1), per source that streams them, a plastic one counted at
    /// the largest magnitude of a weight. Each adds at most once into a slot (its source's one
    /// spike `delay` timesteps before), and a saturation never moves a sum away from 0, so
    /// `|a_in| <= reach` (§5).
    pub(crate) fn a_in_reach(&self, n: usize) -> u64 {
        self.reach.get(n).copied().unwrap_or(0)
    }

    /// The most one spike of `source` adds into the `a_in` of one neuron: the largest sum of
    /// `|weight|` over its synapses (direct and current 1) into one target, a plastic synapse at the
    /// largest weight magnitude. `k` spikes add at most `k` times that, since a saturation never
    /// moves a sum away from 0 (§5). Holds while [`Router::reach_holds`].
    pub(crate) fn spike_reach(&self, source: usize) -> u64 {
        self.spike_reach.get(source).copied().unwrap_or(0)
    }

    /// Whether [`Router::a_in_reach`] still bounds the sums: no weight has grown in magnitude
    /// since the image was loaded.
    pub(crate) fn reach_holds(&self) -> bool {
        !self.grown
    }

    /// Decodes the fan-out table and the synapse memory of `image`. Never panics: an image that fails
    /// [`crate::core::validate`] is decoded with its fan-out ranges clipped to the synapse memory and
    /// its out-of-core synapses made inert.
    pub fn new(image: &CoreImage) -> Self {
        Self::with_layout(image, Layout::Compact, 1)
    }

    /// [`Router::new`] with the layout chosen and the ring cut into `parts` parts (at least one);
    /// [`Layout::Full`] is the plain layout that the compact one must equal (tests compare them).
    pub(crate) fn with_layout(image: &CoreImage, layout: Layout, parts: usize) -> Self {
        let p = image.preset;
        let neurons = p.neurons as usize;
        let slots = (p.delay_slots as usize).max(1);
        let decoded: Vec<(u64, u64, i16, SynKind)> = if synapse::fields_usable(&p) {
            image
                .synapses
                .iter()
                .map(|&w| synapse::decode(&p, w, slots))
                .collect()
        } else {
            Vec::new()
        };
        let updated = (image.n_neurons as usize).min(neurons);
        let live = || decoded.iter().filter(|s| s.3 != SynKind::Inert);
        // A Xylo neuron carries its currents into the next slot and leaves its slot unread-but-
        // uncleared (§4.2): then the ring keeps all `D` slots, and `m_in`.
        let xylo = image
            .profiles
            .iter()
            .any(|&w| p.runs_as(profile::KIND.get(w)) == profile::KIND_XYLO);
        // A synapse targets a neuron that is never updated (its slots are never read or cleared).
        let dead_targets = live().any(|s| s.0 as usize >= updated);
        let (stored, modulatory, electric) = match layout {
            Layout::Full => (slots, true, true),
            Layout::Compact => (
                // All `D` slots if a synapse targets a neuron that is not updated ([`Ring`]).
                if xylo || dead_targets {
                    slots
                } else {
                    live().map(|s| s.1 as usize + 1).max().unwrap_or(1)
                },
                xylo || live().any(|s| matches!(s.3, SynKind::Modulatory | SynKind::Current2)),
                live().any(|s| s.3 == SynKind::Electric),
            ),
        };
        let bounds = part_bounds(neurons, updated, parts);
        let ring = Ring::new(
            neurons,
            updated,
            slots,
            stored,
            modulatory,
            electric,
            bounds.clone(),
        );
        let stored = ring.stored;
        let part_of = |target: u64| bounds.partition_point(|&b| b as u64 <= target) - 1;
        // Each synapse's part (an inert one stays in part 0, where it does nothing).
        let part: Vec<u32> = decoded
            .iter()
            .map(|s| {
                if s.3 == SynKind::Inert {
                    0
                } else {
                    part_of(s.0) as u32
                }
            })
            .collect();
        let all_direct = decoded.iter().all(|s| s.3 == SynKind::Direct);
        let len = decoded.len() as u64;
        let sources = neurons.saturating_add(p.channels as usize);
        let fanout: Vec<(u32, u32)> = (0..sources)
            .map(|s| {
                let r = p.fanout_range(image.fanout.get(s).copied().unwrap_or(0).into());
                (r.start.min(len) as u32, r.end.min(len) as u32)
            })
            .collect();
        // Per source, the synapses it streams (a word two sources stream counts twice) that add into
        // `a_in`: the weight it delivers, or any a weight can take if learning may change it.
        // Per source also the most one of its spikes adds into one neuron's `a_in`
        // ([`Router::spike_reach`]), summed per target in `into` (zeroed again after each source).
        let mut reach = vec![0u64; neurons];
        let mut spike_reach = vec![0u64; fanout.len()];
        let mut into = vec![0u64; neurons];
        // (Only a preset with usable fields, 1 to 16 weight bits, decodes synapses.)
        let weight_reach = 1u64 << p.weight_bits.clamp(1, 16).saturating_sub(1);
        for (source, &(start, end)) in fanout.iter().enumerate() {
            let range = start as usize..end as usize;
            for (&(target, _, weight, kind), &word) in decoded[range.clone()]
                .iter()
                .zip(&image.synapses[range.clone()])
            {
                if matches!(kind, SynKind::Direct | SynKind::Current1) {
                    let w = if synapse::is_plastic(&p, word) {
                        weight_reach
                    } else {
                        u64::from(weight.unsigned_abs())
                    };
                    reach[target as usize] += w;
                    into[target as usize] += w;
                    spike_reach[source] = spike_reach[source].max(into[target as usize]);
                }
            }
            for &(target, ..) in &decoded[range] {
                into[target as usize] = 0;
            }
        }
        // No sum of the ring can saturate in a timestep of one-spike events without currents where
        // every target's reach is within 24 bits, if nothing else adds into the ring: a Xylo
        // neuron's carry does, and a neuron that is never updated accumulates forever.
        let exact_core = !xylo && !dead_targets;
        let routes = (0..bounds.len() - 1)
            .map(|q| {
                let (a, b) = (bounds[q], bounds[q + 1]);
                let ring_len = ((b - a) * stored) as u32;
                let offset =
                    |target: u64, delay: u64| (delay * (b - a) as u64 + (target - a as u64)) as u32;
                let mine = || {
                    decoded
                        .iter()
                        .zip(&part)
                        .filter(move |&(_, &pt)| pt as usize == q)
                        .map(|(s, _)| s)
                };
                let records = if layout == Layout::Compact && all_direct && ring_len <= 1 << 16 {
                    Records::Direct(
                        mine()
                            .map(|&(target, delay, weight, _)| {
                                direct_record(offset(target, delay), weight)
                            })
                            .collect(),
                    )
                } else {
                    Records::General(
                        mine()
                            .map(|&(target, delay, weight, kind)| Synapse {
                                offset: if kind == SynKind::Inert {
                                    0
                                } else {
                                    offset(target, delay)
                                },
                                weight,
                                kind,
                            })
                            .collect(),
                    )
                };
                // rank[a]: how many of this part's synapses lie below address `a`.
                let mut rank = Vec::with_capacity(part.len() + 1);
                let mut below = 0u32;
                rank.push(0);
                for &pt in &part {
                    below += u32::from(pt as usize == q);
                    rank.push(below);
                }
                let fanout = fanout
                    .iter()
                    .map(|&(s, e)| (rank[s as usize], rank[e as usize]))
                    .collect();
                let exact = exact_core
                    && matches!(records, Records::Direct(_))
                    && (a..b).all(|n| reach[n] <= I24_MAX as u64);
                Routes {
                    fanout,
                    records,
                    ring_len,
                    exact,
                }
            })
            .collect::<Vec<_>>();
        let place = if routes.len() > 1 {
            let mut next = vec![0u32; routes.len()];
            part.iter()
                .map(|&pt| {
                    let i = next[pt as usize];
                    next[pt as usize] += 1;
                    (pt, i)
                })
                .collect()
        } else {
            Vec::new()
        };
        Self {
            fanout,
            parts: routes,
            place,
            ring,
            reach,
            spike_reach,
            grown: false,
        }
    }

    /// The dendritic ring the router writes (the hardware router's block test reads it).
    pub fn ring(&self) -> &Ring {
        &self.ring
    }

    /// The dendritic ring, for current injections ([`Ring::inject`]) in event order, as
    /// [`crate::core::Core::step`] delivers them.
    pub fn ring_mut(&mut self) -> &mut Ring {
        &mut self.ring
    }

    /// The routes of each part and the ring cut into the same parts, for a parallel step.
    pub(crate) fn parts_mut(
        &mut self,
    ) -> (&[Routes], Fanout<'_>, impl Iterator<Item = RingPart<'_>>) {
        (&self.parts, Fanout(&self.fanout), self.ring.parts_mut())
    }

    /// Number of sources (`N + M`).
    pub fn sources(&self) -> usize {
        self.fanout.len()
    }

    /// Number of synapse words source `source` streams (0 for a source outside the table).
    pub fn fanout_count(&self, source: usize) -> u64 {
        Fanout(&self.fanout).count(source)
    }

    /// Where synapse `address` is kept: (part, index in the part's records).
    fn locate(&self, address: usize) -> (usize, usize) {
        match self.place.get(address) {
            Some(&(part, index)) => (part as usize, index as usize),
            None if self.parts.len() == 1 => (0, address),
            None => (0, usize::MAX),
        }
    }

    /// The (effective) weight the router delivers for synapse `address` (0 outside the memory).
    pub fn weight(&self, address: usize) -> i16 {
        let (part, index) = self.locate(address);
        self.parts[part].weight(index)
    }

    /// Delivers `count` spikes of `source` in timestep `t` (§2): its synapses in address order, each
    /// into slot `(t + delay) mod D` of its target (stored slot `(t + delay) mod S`), adding
    /// `count * weight` with one saturation, which equals `count` deliveries (§5). Returns the
    /// number of synapse words streamed.
    #[inline]
    pub fn route(&mut self, t: u64, source: usize, count: u32) -> u64 {
        let slot = self.ring.slot_of(t);
        let (routes, _, rings) = self.parts_mut();
        for (routes, mut ring) in routes.iter().zip(rings) {
            routes.deliver(&mut ring, slot, source, count, false);
        }
        self.fanout_count(source)
    }
}

impl Stream for Router {
    fn fanout_range(&self, source: usize) -> std::ops::Range<usize> {
        self.fanout
            .get(source)
            .map_or(0..0, |&(start, end)| start as usize..end as usize)
    }

    fn set_weight(&mut self, address: usize, weight: i16) {
        let (part, index) = self.locate(address);
        // A weight that grows may take a sum past the reach computed from the loaded weights.
        let old = self.parts[part].weight(index);
        self.grown |= weight.unsigned_abs() > old.unsigned_abs();
        self.parts[part].set_weight(index, weight);
    }
}

/// How [`Router`] lays out its records and ring.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Layout {
    /// As small as the network allows (what [`Router::new`] builds).
    Compact,
    /// All `D` slots, `m_in` and `e` always, general records (built by the tests only).
    #[cfg_attr(not(test), allow(dead_code))]
    Full,
}
