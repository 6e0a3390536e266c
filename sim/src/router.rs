//! The synapse router and the dendritic ring (`docs/model.md` §2 and §5): the model's twin of
//! `hdl/src/synapse_router.rs`.
//!
//! A routed spike from source `s` streams the synapses `fanout[s].start .. + fanout[s].count` in
//! address order; each lands in slot `(t + delay) mod D` of its target with a saturating add. The
//! ring is kept as struct-of-arrays (`a_in`, `m_in`, `e`, each `D * N` long, slot-major) and the
//! synapse memory is decoded once into compact records, so that routing is one sequential read and
//! one scattered read-modify-write per synapse.

use crate::image::CoreImage;
use crate::neuron::{SlotInput, sat16, sat24};
use crate::spec::{Preset, syn_type};

/// One decoded synapse word.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Synapse {
    /// `delay * N + target`: the ring offset relative to slot `t mod D`.
    offset: u32,
    weight: i16,
    kind: SynKind,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[repr(u8)]
enum SynKind {
    #[default]
    Direct,
    Modulatory,
    Electric,
    /// A word the hardware streams but that has no effect: the reserved type 3, or (in an image
    /// that fails [`crate::core::validate`]) a target or delay outside the core.
    Inert,
}

/// The dendritic ring: `D` slots of `N` neurons, each slot holding `a_in` (i24), `m_in` (i16), `e`.
#[derive(Clone, Debug)]
pub struct Ring {
    neurons: usize,
    slots: usize,
    pub(crate) a_in: Vec<i32>,
    pub(crate) m_in: Vec<i16>,
    pub(crate) e: Vec<u8>,
}

impl Ring {
    /// An all-zero ring of `slots` slots of `neurons` neurons. A ring has at least one slot, so that
    /// `t mod D` is defined even for a (refused) preset with `D = 0`.
    pub fn new(neurons: usize, slots: usize) -> Self {
        let slots = slots.max(1);
        Self {
            neurons,
            slots,
            a_in: vec![0; neurons * slots],
            m_in: vec![0; neurons * slots],
            e: vec![0; neurons * slots],
        }
    }

    /// Number of slots `D`.
    pub fn slots(&self) -> usize {
        self.slots
    }

    /// The slot that timestep `t` reads: `t mod D`.
    pub fn slot_of(&self, t: u64) -> usize {
        (t % self.slots as u64) as usize
    }

    /// The contents of slot `slot` of neuron `n` (zero outside the ring).
    pub fn input(&self, slot: usize, n: usize) -> SlotInput {
        let i = slot * self.neurons + n;
        if slot >= self.slots || n >= self.neurons {
            return SlotInput::default();
        }
        SlotInput {
            a_in: self.a_in[i],
            m_in: self.m_in[i].into(),
            e: self.e[i] != 0,
        }
    }

    /// Adds a current injection into slot `slot` of neuron `n` (`a_in = sat24(a_in + value)`, §5).
    pub fn inject(&mut self, slot: usize, n: usize, value: i16) {
        let i = slot * self.neurons + n;
        if let Some(a) = self.a_in.get_mut(i) {
            *a = sat24(*a + i32::from(value));
        }
    }
}

/// The fan-out table and the synapse memory, decoded once, and the dendritic ring they write.
#[derive(Clone, Debug)]
pub struct Router {
    /// Per source (neurons, then channels): the synapse address range it streams.
    fanout: Vec<(u32, u32)>,
    synapses: Vec<Synapse>,
    /// `D * N`: ring offsets wrap at this value.
    ring_len: u32,
    pub(crate) ring: Ring,
}

impl Router {
    /// Decodes the fan-out table and the synapse memory of `image`. Never panics: an image that fails
    /// [`crate::core::validate`] is decoded with its fan-out ranges clipped to the synapse memory and
    /// its out-of-core synapses made inert.
    pub fn new(image: &CoreImage) -> Self {
        let p = image.preset;
        let neurons = p.neurons as usize;
        let ring = Ring::new(neurons, p.delay_slots as usize);
        let synapses: Vec<Synapse> = if synapse_fields_usable(&p) {
            image
                .synapses
                .iter()
                .map(|&w| decode_synapse(&p, w, ring.slots))
                .collect()
        } else {
            Vec::new()
        };
        let sources = (p.neurons as usize).saturating_add(p.channels as usize);
        let fanout = (0..sources)
            .map(|s| {
                let word = image.fanout.get(s).copied().unwrap_or(0) as u128;
                let start = (p.fanout_start().get(word) as u64).min(synapses.len() as u64);
                let end = (start + p.fanout_count().get(word) as u64).min(synapses.len() as u64);
                (start as u32, end as u32)
            })
            .collect();
        Self {
            fanout,
            synapses,
            ring_len: (ring.neurons * ring.slots) as u32,
            ring,
        }
    }

    /// Number of sources (`N + M`).
    pub fn sources(&self) -> usize {
        self.fanout.len()
    }

    /// Number of synapse words source `source` streams (0 for a source outside the table).
    pub fn fanout_count(&self, source: usize) -> u64 {
        self.fanout
            .get(source)
            .map_or(0, |&(start, end)| u64::from(end - start))
    }

    /// Delivers one spike of `source` in timestep `t` (§2): its synapses in address order, each into
    /// slot `(t + delay) mod D` of its target. Returns the number of synapse words streamed.
    #[inline]
    pub fn route(&mut self, t: u64, source: usize) -> u64 {
        let Some(&(start, end)) = self.fanout.get(source) else {
            return 0;
        };
        let base = (self.ring.slot_of(t) * self.ring.neurons) as u32;
        let ring_len = self.ring_len;
        let ring = &mut self.ring;
        for syn in &self.synapses[start as usize..end as usize] {
            // base < D*N and offset < D*N, so one conditional subtraction is the `mod D` of the slot.
            let i = base + syn.offset;
            let i = (if i >= ring_len { i - ring_len } else { i }) as usize;
            match syn.kind {
                SynKind::Direct => ring.a_in[i] = sat24(ring.a_in[i] + i32::from(syn.weight)),
                SynKind::Modulatory => {
                    ring.m_in[i] = sat16(i32::from(ring.m_in[i]) + i32::from(syn.weight)) as i16
                }
                SynKind::Electric => ring.e[i] = 1,
                SynKind::Inert => {}
            }
        }
        u64::from(end - start)
    }
}

/// Whether the preset's synapse word fields can be decoded at all (widths that fit a 64-bit word).
fn synapse_fields_usable(p: &Preset) -> bool {
    p.neurons > 0
        && p.delay_slots > 0
        && (1..=16).contains(&p.weight_bits)
        && p.synapse_bits() <= 64
}

fn decode_synapse(p: &Preset, word: u64, slots: usize) -> Synapse {
    let word = u128::from(word);
    let target = p.syn_target().get(word) as u64;
    let delay = p.syn_delay().get(word) as u64;
    let kind = match p.syn_type().get(word) {
        _ if target >= u64::from(p.neurons) || delay >= slots as u64 => SynKind::Inert,
        syn_type::DIRECT => SynKind::Direct,
        syn_type::MODULATORY => SynKind::Modulatory,
        syn_type::ELECTRIC => SynKind::Electric,
        _ => SynKind::Inert,
    };
    Synapse {
        offset: (delay * u64::from(p.neurons) + target) as u32,
        weight: p.syn_weight().get(word) as i16,
        kind,
    }
}
