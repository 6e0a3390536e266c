//! The synapse word (`docs/model.md` §5, §6 "Synapse word", §12): its decoding, the effective
//! weight the router delivers, and whether learning may change it. The router
//! (`crate::router`) and the learning phase (`crate::learn`) both read synapse words through this
//! module, and learning sees the router only through [`Stream`], so neither depends on the other.
//! The hardware's twin of these rules is the synapse word handling in `hdl/src/core/synapse_router.rs`
//! and `hdl/src/core/stdp_tail.rs`.

use std::ops::Range;

use crate::spec::{Preset, syn_type};

/// What a synapse word does when it is routed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[repr(u8)]
pub enum SynKind {
    #[default]
    Direct,
    Modulatory,
    Electric,
    /// A Xylo current synapse onto `a_in` (current 1), saturating at 16 bits (§5).
    Current1,
    /// A Xylo current synapse onto `m_in` (current 2).
    Current2,
    /// A word the hardware streams but that has no effect: type 3 without the Xylo unit, or (in an image
    /// that fails [`crate::core::validate`]) a target or delay outside the core.
    Inert,
}

/// Whether the preset's synapse word fields can be decoded at all (widths that fit a 64-bit word).
pub fn fields_usable(p: &Preset) -> bool {
    p.neurons > 0
        && p.delay_slots > 0
        && (1..=16).contains(&p.weight_bits)
        && p.synapse_bits() <= 64
}

/// `(target, delay, weight, kind)` of a synapse word, for a ring of `slots` slots (`D`); `weight` is
/// the effective weight `satW(weight + stw)` (§5).
pub fn decode(p: &Preset, word: u64, slots: usize) -> (u64, u64, i16, SynKind) {
    let word = u128::from(word);
    let target = p.syn_target().get(word) as u64;
    let delay = p.syn_delay().get(word) as u64;
    let kind = match p.syn_type().get(word) {
        _ if target >= u64::from(p.neurons) || delay >= slots as u64 => SynKind::Inert,
        syn_type::DIRECT => SynKind::Direct,
        syn_type::MODULATORY => SynKind::Modulatory,
        syn_type::ELECTRIC => SynKind::Electric,
        syn_type::CURRENT if p.xylo && p.syn_current().get(word) == 0 => SynKind::Current1,
        syn_type::CURRENT if p.xylo => SynKind::Current2,
        _ => SynKind::Inert,
    };
    let weight = match kind {
        SynKind::Current1 | SynKind::Current2 => current_weight(p, word as u64),
        _ => effective_weight(p, word as u64) as i16,
    };
    (target, delay, weight, kind)
}

/// The weight a current synapse delivers per spike (§5, §4.2): its `weight` field shifted left by
/// its `shift`, truncated to 16 bits (xylosim's `int16_t` of `weight << shift`).
pub fn current_weight(p: &Preset, word: u64) -> i16 {
    let w = u128::from(word);
    crate::xylo::wrap16(p.syn_weight().get(w) << p.syn_shift().get(w))
}
/// The effective weight the router delivers (§5, §12): `satW(weight + stw)`.
pub fn effective_weight(p: &Preset, word: u64) -> i32 {
    let w = u128::from(word);
    let sum = p.syn_weight().get(w) + p.syn_stw().get(w);
    sum.clamp(p.syn_weight().min(), p.syn_weight().max()) as i32
}

/// Whether learning may change synapse `word`: its `plastic` bit is set and it is direct (§5: the
/// bit is ignored on other types).
pub fn is_plastic(p: &Preset, word: u64) -> bool {
    let w = u128::from(word);
    p.syn_plastic().get(w) != 0 && p.syn_type().get(w) == syn_type::DIRECT
}

/// The synapse memory as the router streams it: the addresses a source streams, and the effective
/// weight delivered for an address. The learning phase reads and changes the router only through
/// this (`crate::router::Router` implements it).
pub trait Stream {
    /// The synapse addresses source `source` streams, `fanout[source].start .. + count` clipped to
    /// the synapse memory (empty for a source outside the table).
    fn fanout_range(&self, source: usize) -> Range<usize>;
    /// Makes the router deliver `weight` for synapse `address` from now on (nothing outside the
    /// memory): learning passes the new effective weight `satW(weight + stw)` of a word it changed.
    fn set_weight(&mut self, address: usize, weight: i16);
}
