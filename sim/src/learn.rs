//! Spike-timing plasticity with the tail unit (`docs/model.md` §12): the model's twin of
//! `hdl/src/core/stdp_tail.rs`. Every learning rule lives here once:
//! - the three-factor pair rule ([`rate`], [`pair_change`], [`apply_pair`]), §12.3 A;
//! - fading and consolidation ([`sweep_synapse`]), §12.3 B;
//! - the tail of recently routed spike events ([`Tail`]), §12.1-12.2;
//! - the per-core learning state and the learning phase ([`Learner`]), §12.3.
//!
//! The synapse words themselves live here too ([`Learner::synapses`]): learning changes their
//! `stw` and `weight` fields, and each change is passed on to the router as the new effective weight
//! ([`effective_weight`]), which the router delivers from the next timestep on.

use crate::image::CoreImage;
use crate::spec::{Field, Preset, learn_rule, learn_table, reg, syn_type};
use crate::synapse::{self, Stream, effective_weight, is_plastic};

/// Width of register `sweep_len`: `log2 S + 1` bits (it may hold `S`, §12.1).
pub const fn sweep_len_bits(p: &Preset) -> u32 {
    p.synapse_addr_bits() + 1
}

/// One decoded learning rule word (`docs/model.md` §6, one per profile).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LearnRule {
    /// Gain of the modulation on the learning rate (`rate = 256 + asr(m * lr_gain, 8)`).
    pub lr_gain: i32,
    /// Negative modulation may reverse the change (rate down to -2048) instead of stopping it at 0.
    pub lr_reverse: bool,
    /// Bounds of the effective weight (`w_min <= w_max`, both within W bits signed).
    pub w_min: i32,
    pub w_max: i32,
    /// Fading step `max(1, |stw| >> fade_shift)`.
    pub fade_shift: u32,
    /// Modulation level at which the sweep consolidates `stw` into `weight`; 0: never.
    pub cons_thr: i32,
}

impl LearnRule {
    /// Decodes a rule word (bits above the layout are ignored).
    pub fn from_word(word: u64) -> Self {
        let w = u128::from(word);
        Self {
            lr_gain: learn_rule::LR_GAIN.get(w) as i32,
            lr_reverse: learn_rule::LR_REVERSE.get(w) != 0,
            w_min: learn_rule::W_MIN.get(w) as i32,
            w_max: learn_rule::W_MAX.get(w) as i32,
            fade_shift: learn_rule::FADE_SHIFT.get(w) as u32,
            cons_thr: learn_rule::CONS_THR.get(w) as i32,
        }
    }

    /// Packs the rule word. Each value must fit its field ([`Field::fits`]); a value that does not
    /// is truncated.
    pub fn to_word(&self) -> u64 {
        let mut w = 0u128;
        w = learn_rule::LR_GAIN.set(w, self.lr_gain.into());
        w = learn_rule::LR_REVERSE.set(w, self.lr_reverse.into());
        w = learn_rule::W_MIN.set(w, self.w_min.into());
        w = learn_rule::W_MAX.set(w, self.w_max.into());
        w = learn_rule::FADE_SHIFT.set(w, self.fade_shift.into());
        w = learn_rule::CONS_THR.set(w, self.cons_thr.into());
        w as u64
    }
}

/// Packs one learning table word (`ltp`, `ltd`: 0..=255 each).
pub fn table_word(ltp: u8, ltd: u8) -> u16 {
    let w = learn_table::LTP.set(0, ltp.into());
    learn_table::LTD.set(w, ltd.into()) as u16
}

/// `sat(x, lo, hi)` = `min(max(x, lo), hi)`: for the `lo > hi` of an image that `validate`
/// refuses (`w_min > w_max`) it gives `hi` instead of panicking.
fn sat(x: i32, lo: i32, hi: i32) -> i32 {
    x.max(lo).min(hi)
}

/// `satN(x)` for the signed field `f`.
fn sat_field(x: i32, f: Field) -> i32 {
    sat(x, f.min() as i32, f.max() as i32)
}

/// The learning rate for modulation level `m` (§12.3): `sat(256 + asr(m * lr_gain, 8), lo, 2047)`,
/// `lo = -2048` with `lr_reverse`, else 0. 256 is a rate of 1.0.
pub fn rate(rule: &LearnRule, m: i32) -> i32 {
    let lo = if rule.lr_reverse { -2048 } else { 0 };
    // |m * lr_gain| <= 32768 * 255: fits i32; `>>` on i32 is the arithmetic shift (asr).
    sat(256 + ((m * rule.lr_gain) >> 8), lo, 2047)
}

/// The gated change of one pair (§12.3): `asr(base * rate(m), 8)`, `base` = `+ltp` or `-ltd`.
pub fn pair_change(rule: &LearnRule, base: i32, m: i32) -> i32 {
    (base * rate(rule, m)) >> 8
}

/// `stw'` after a pair change (§12.3): `e = sat(weight + stw + change, w_min, w_max)`,
/// `stw' = sat(W+1)(e - weight)`; `stw` is the field `stw_field` (W + 1 bits).
pub fn apply_pair(rule: &LearnRule, weight: i32, stw: i32, change: i32, stw_field: Field) -> i32 {
    let e = sat(weight + stw + change, rule.w_min, rule.w_max);
    sat_field(e - weight, stw_field)
}

/// `(weight', stw')` after one sweep visit (§12.3 B) of a plastic synapse whose target has
/// modulation level `m`: consolidation if `cons_thr != 0` and `m >= cons_thr`, else fading.
pub fn sweep_synapse(rule: &LearnRule, m: i32, weight: i32, stw: i32) -> (i32, i32) {
    if rule.cons_thr != 0 && m >= rule.cons_thr {
        (sat(weight + stw, rule.w_min, rule.w_max), 0)
    } else if stw != 0 {
        let d = (stw.unsigned_abs() >> rule.fade_shift).max(1) as i32;
        (weight, stw - stw.signum() * d)
    } else {
        (weight, stw)
    }
}

/// A plastic synapse as the learning phase sees it ([`Learner::plastic_synapse`]).
struct PlasticSynapse {
    target: usize,
    profile: usize,
    rule: LearnRule,
    m: i32,
    weight: i32,
    stw: i32,
}

/// One tail slot: a routed spike event of source `src`, `age` timesteps ago.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TailSlot {
    pub valid: bool,
    pub src: u32,
    pub age: u32,
}

/// The tail: the last K spike events routed, slot 0 the newest (§12.1-12.2).
///
/// Held as a ring rather than as the hardware's shift register: a push moves the ring's start
/// instead of every slot, and a slot records the count of agings at its push instead of its age,
/// so aging at the start of a timestep is one increment. The slots read the same
/// ([`Tail::slots`]); this is what the route phase costs per spike event, learning or not (5 % of a
/// 4,000-neuron CUBA timestep as a shift register).
#[derive(Clone, Debug)]
pub struct Tail {
    /// Per ring position: the source pushed there.
    src: Vec<u32>,
    /// Per ring position: `clock` when it was pushed.
    pushed: Vec<u64>,
    /// Per ring position: pushed and not invalidated by a later push of its source (nor cleared).
    /// A live slot is valid while its age is below the window.
    live: Vec<bool>,
    /// The ring position of slot 0.
    head: usize,
    /// The agings so far (64 bits: it never wraps, so an expired slot stays expired).
    clock: u64,
    /// The window L: a slot whose age reaches it becomes invalid. At least 1 here: a slot is valid
    /// in the timestep of its push whatever L, as the first aging comes after it.
    window: u64,
}

impl Tail {
    /// An empty tail of `k` slots and window `window`.
    pub fn new(k: u32, window: u32) -> Self {
        let k = k as usize;
        Self {
            src: vec![0; k],
            pushed: vec![0; k],
            live: vec![false; k],
            head: 0,
            clock: 0,
            window: u64::from(window.max(1)),
        }
    }

    /// Slot `i` (0 the newest). An invalid slot keeps its source and reads age 0 (its age is not
    /// kept; nothing reads it).
    fn slot(&self, i: usize) -> TailSlot {
        let k = self.src.len();
        let at = (self.head + i) % k;
        let age = self.clock - self.pushed[at];
        let valid = self.live[at] && age < self.window;
        TailSlot {
            valid,
            src: self.src[at],
            age: if valid { age as u32 } else { 0 },
        }
    }

    /// The slots, slot 0 (the newest) first.
    pub fn slots(&self) -> Vec<TailSlot> {
        let mut slots = Vec::new();
        self.slots_into(&mut slots);
        slots
    }

    /// [`Tail::slots`] into `slots` (cleared first), which keeps its allocation.
    pub fn slots_into(&self, slots: &mut Vec<TailSlot>) {
        slots.clear();
        slots.extend((0..self.src.len()).map(|i| self.slot(i)));
    }

    /// Invalidates every slot (writing `n_neurons`, §12.1).
    pub fn clear(&mut self) {
        self.live.fill(false);
    }

    /// Aging at the start of a timestep: each valid slot grows one timestep older and becomes
    /// invalid when its age reaches L. Slots do not move.
    pub fn age(&mut self) {
        self.clock += 1;
    }

    /// Pushes a routed spike event of source `src`: the source's older slot (if any) is
    /// invalidated, every slot moves one place toward K-1 (the last is dropped), slot 0 becomes
    /// `{ valid, src, age 0 }`.
    pub fn push(&mut self, src: u32) {
        let k = self.src.len();
        if k == 0 {
            return;
        }
        // An expired slot of the source is invalid already, so every position may be cleared.
        for (s, live) in self.src.iter().zip(self.live.iter_mut()) {
            *live &= *s != src;
        }
        self.head = self.head.checked_sub(1).unwrap_or(k - 1);
        self.src[self.head] = src;
        self.pushed[self.head] = self.clock;
        self.live[self.head] = true;
    }
}

/// The post-synaptic side of the learning phase: every neuron's state after the update of `t`.
pub struct Post<'a> {
    /// Profile index per neuron (`N` entries); read modulo the profile table, as the core does.
    pub profile: &'a [u8],
    /// `mod_level` per neuron (`N` entries).
    pub mod_level: &'a [i16],
    /// Whether some neuron spiked in `t`.
    pub any_spike: bool,
}

/// The work of one learning phase, for the cycle count (§12.4).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LearnWork {
    /// Synapse words streamed by the tail pass (plastic or not).
    pub streamed: u64,
    /// Tail slots that streamed synapses (a non-empty fan-out).
    pub sources: u64,
    /// Synapse addresses visited by the sweep (`sweep_step`).
    pub swept: u64,
    /// The sweep went round fewer than `timing::SWEEP_PIPELINE_MIN_LEN` addresses, one at a time.
    pub sweep_serial: bool,
}

/// The learning state of one core: synapse words, rules, tail, `last[]`, the sweep pointer and the
/// learning registers (§12.1).
#[derive(Clone, Debug)]
pub struct Learner {
    preset: Preset,
    /// The synapse memory (`S` words), as learning leaves it.
    synapses: Vec<u64>,
    /// One decoded rule per profile table entry.
    rules: Vec<LearnRule>,
    /// The learning table, address `profile * L + k`.
    table: Vec<u16>,
    tail: Tail,
    /// The tail's slots read out for the learning phase's tail pass (kept for its allocation).
    tail_read: Vec<TailSlot>,
    /// Per neuron: 0 if it has not spiked, else `1 +` the timestep of its latest spike (wrapping).
    last: Vec<u32>,
    /// The sweep pointer.
    sp: u32,
    learn_en: bool,
    sweep_len: u32,
    sweep_step: u32,
    /// Whether the preset's synapse fields can be decoded at all (see the router); when not, the
    /// learning phase changes nothing.
    usable: bool,
}

impl Learner {
    /// The learning state of a freshly loaded `image`: its synapse words, rules, table and
    /// registers, an empty tail, `last[] = 0`, `sp = 0`. Never panics: missing words read as 0, and
    /// the registers keep only the bits the hardware's registers hold (`sweep_len`: `log2 S + 1`,
    /// `sweep_step`: 8), as a write through the host interface would.
    pub fn new(image: &CoreImage) -> Self {
        let p = image.preset;
        let profiles = p.profiles.max(1) as usize;
        let bits = |x: u32, width: u32| x & 1u32.checked_shl(width).map_or(u32::MAX, |b| b - 1);
        let mut learner = Self {
            preset: p,
            synapses: image.synapses.clone(),
            rules: (0..profiles)
                .map(|i| LearnRule::from_word(image.learn_rules.get(i).copied().unwrap_or(0)))
                .collect(),
            table: image.learn_table.clone(),
            tail: Tail::new(p.tail, p.stdp_window),
            tail_read: Vec::new(),
            last: vec![0; p.neurons as usize],
            sp: 0,
            learn_en: false,
            sweep_len: bits(image.sweep_len, sweep_len_bits(&p)),
            sweep_step: bits(image.sweep_step, reg::SWEEP_STEP_BITS),
            usable: synapse::fields_usable(&p),
        };
        learner.set_learn_en(image.learn_en);
        learner
    }

    /// The synapse memory as learning has left it.
    pub fn synapses(&self) -> &[u64] {
        &self.synapses
    }

    /// The tail.
    pub fn tail(&self) -> &Tail {
        &self.tail
    }

    /// `last[n]` (0 past `N`).
    pub fn last(&self, n: u32) -> u32 {
        self.last.get(n as usize).copied().unwrap_or(0)
    }

    /// The sweep pointer.
    pub fn sweep_pointer(&self) -> u32 {
        self.sp
    }

    /// Register `learn_en`.
    pub fn learn_en(&self) -> bool {
        self.learn_en
    }

    /// Writes register `learn_en` (the host switches learning on or off between timesteps). A core
    /// without the learning unit has no such register: it reads 0 (`docs/model.md` §1).
    pub fn set_learn_en(&mut self, on: bool) {
        self.learn_en = on && self.preset.learning;
    }

    /// Register `sweep_step`.
    pub fn sweep_step(&self) -> u32 {
        self.sweep_step
    }

    /// Tail slots K.
    pub fn tail_slots(&self) -> u32 {
        self.tail.src.len() as u32
    }

    /// The reset (`docs/model.md` §7.1): an empty tail and `sp = 0`. The synapse words, `last[]`
    /// and the registers are memories and registers the reset keeps.
    pub fn reset(&mut self) {
        self.tail.clear();
        self.sp = 0;
    }

    /// Start of timestep `t`: aging (§12.2 step 1).
    pub fn begin_step(&mut self) {
        self.tail.age();
    }

    /// A spike event of `src` is routed (§12.2 step 2).
    #[inline]
    pub fn push(&mut self, src: u32) {
        self.tail.push(src);
    }

    /// Neuron `n` spiked in timestep `t` (§12.2 step 3): `last[n] = t + 1`, wrapping at 2^32.
    pub fn spiked(&mut self, t: u64, n: u32) {
        if let Some(l) = self.last.get_mut(n as usize) {
            *l = (t as u32).wrapping_add(1);
        }
    }

    /// `(ltp, ltd)` of profile `profile`, window step `k` (0 outside the table).
    fn table_entry(&self, profile: usize, k: u32) -> (i32, i32) {
        let addr = profile * self.preset.stdp_window as usize + k as usize;
        let w = u128::from(self.table.get(addr).copied().unwrap_or(0));
        (
            learn_table::LTP.get(w) as i32,
            learn_table::LTD.get(w) as i32,
        )
    }

    /// What learning needs of synapse `word` (§12.3): `None` unless it is plastic and its target is
    /// a neuron of the core; else the target, its profile and rule, its modulation level after the
    /// update, and the synapse's `weight` and `stw`.
    fn plastic_synapse(&self, post: &Post, word: u64) -> Option<PlasticSynapse> {
        let p = self.preset;
        if !is_plastic(&p, word) {
            return None;
        }
        let w = u128::from(word);
        let target = p.syn_target().get(w) as usize;
        if target >= self.last.len() {
            return None;
        }
        let profile = post.profile.get(target).map_or(0, |&p| p as usize) % self.rules.len();
        Some(PlasticSynapse {
            target,
            profile,
            rule: self.rules[profile],
            m: post.mod_level.get(target).map_or(0, |&m| m.into()),
            weight: p.syn_weight().get(w) as i32,
            stw: p.syn_stw().get(w) as i32,
        })
    }

    /// Writes synapse `addr`'s new `weight` and `stw` and hands the effective weight to the router.
    fn store(&mut self, router: &mut impl Stream, addr: usize, weight: i32, stw: i32) {
        let p = self.preset;
        let word = u128::from(self.synapses[addr]);
        let word = p
            .syn_stw()
            .set(p.syn_weight().set(word, weight.into()), stw.into()) as u64;
        self.synapses[addr] = word;
        router.set_weight(addr, effective_weight(&p, word) as i16);
    }

    /// The learning phase of timestep `t` (§12.3), after its update phase has recorded the spikes
    /// ([`Learner::spiked`]). Does nothing when `learn_en` is 0.
    pub fn learning_phase(&mut self, t: u64, post: &Post, router: &mut impl Stream) -> LearnWork {
        let mut work = LearnWork::default();
        if !self.learn_en || !self.usable {
            return work;
        }
        let p = self.preset;
        let now = (t as u32).wrapping_add(1);
        let window = p.stdp_window;

        // A. Tail pass, slot 0 first. (The slots are read out for the pass, which changes only
        // synapse words, into a buffer kept between timesteps.)
        let mut slots = std::mem::take(&mut self.tail_read);
        self.tail.slots_into(&mut slots);
        for &slot in &slots {
            if !slot.valid || !(slot.age == 0 || post.any_spike) {
                continue;
            }
            let range = router.fanout_range(slot.src as usize);
            work.streamed += range.len() as u64;
            work.sources += u64::from(!range.is_empty());
            for addr in range {
                let Some(s) = self.plastic_synapse(post, self.synapses[addr]) else {
                    continue;
                };
                let last = self.last[s.target];
                // Post age g = t + 1 - last[j] (0: j spiked in t); none while last[j] = 0.
                let g = now.wrapping_sub(last);
                let base = if last != 0 && g == 0 {
                    self.table_entry(s.profile, slot.age).0
                } else if slot.age == 0 && last != 0 && (1..=window).contains(&g) {
                    -self.table_entry(s.profile, g - 1).1
                } else {
                    continue;
                };
                let change = pair_change(&s.rule, base, s.m);
                let stw = apply_pair(&s.rule, s.weight, s.stw, change, p.syn_stw());
                self.store(router, addr, s.weight, stw);
            }
        }
        self.tail_read = slots;

        // B. Sweep.
        for _ in 0..self.sweep_step {
            let a = self.sp as usize;
            self.sp = if self.sp.saturating_add(1) >= self.sweep_len {
                0
            } else {
                self.sp + 1
            };
            let Some(s) = self
                .synapses
                .get(a)
                .and_then(|&word| self.plastic_synapse(post, word))
            else {
                continue;
            };
            let (weight, stw) = sweep_synapse(&s.rule, s.m, s.weight, s.stw);
            if (weight, stw) != (s.weight, s.stw) {
                self.store(router, a, weight, stw);
            }
        }
        work.swept = u64::from(self.sweep_step);
        work.sweep_serial = self.sweep_len < crate::timing::SWEEP_PIPELINE_MIN_LEN;
        work
    }
}

/// One point of the STDP window ([`measure_window`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WindowPoint {
    /// Post spike timestep minus the timestep the pre spike was routed in.
    pub dt: i64,
    /// Change of the effective weight caused by the one pair.
    pub change: i64,
}

/// Measures the STDP window of learning rule `rule` with table rows `table` (`L` words, `ltp`/`ltd`
/// of window steps `0..L`) on core `preset` (K >= 2), by running the model: for each `dt` in `dts`,
/// a fresh core with one plastic synapse from input channel 0 to neuron 0, starting at the middle
/// of the rule's range, `(w_min + w_max) >> 1`, one pre spike (a channel spike, routed in the
/// timestep it is stamped) and one post spike `dt` timesteps later (earlier when negative), at
/// modulation 0. The change is the synapse's effective weight afterwards minus the start.
///
/// The post spike is forced by an electric synapse from channel 1; neuron 0 is a CUBA neuron with
/// full decay and the largest threshold, so the pre spike alone can never make it spike.
///
/// By §12.3 the result is `+ltp[dt]` for `0 <= dt < L`, `-ltd[-dt - 1]` for `-L <= dt < 0`, and 0
/// outside, each bounded by `w_min..=w_max`.
pub fn measure_window(
    preset: Preset,
    rule: LearnRule,
    table: &[u16],
    dts: impl IntoIterator<Item = i64>,
) -> Vec<WindowPoint> {
    use crate::core::Core;
    use crate::image::Event;
    use crate::spec::profile;

    let mut image = CoreImage::empty(preset);
    image.n_neurons = 1;
    // CUBA (§4), du = dv = 4095: u and v keep nothing from one timestep to the next, and one
    // synapse (|a| * 64 <= 2^21) stays far below vth * 64 = (2^17 - 1) * 64.
    let mut word = profile::KIND.set(0, profile::KIND_CUBA);
    word = profile::DU.set(word, profile::DU.max());
    word = profile::DV.set(word, profile::DV.max());
    image.profiles[0] = profile::VTH.set(word, profile::VTH.max());
    image.learn_rules[0] = rule.to_word();
    let l = (preset.stdp_window as usize).min(table.len());
    image.learn_table[..l].copy_from_slice(&table[..l]);
    image.learn_en = true;
    let start = (rule.w_min + rule.w_max) >> 1;
    let channel = preset.neurons as usize;
    let plastic = preset.syn_weight().set(0, start.into());
    let plastic = preset.syn_plastic().set(plastic, 1);
    image.synapses[0] = preset.syn_type().set(plastic, syn_type::DIRECT) as u64;
    image.synapses[1] = preset.syn_type().set(0, syn_type::ELECTRIC) as u64;
    image.fanout[channel] = preset.fanout_count().set(0, 1) as u64;
    let kick = preset.fanout_start().set(0, 1);
    image.fanout[channel + 1] = preset.fanout_count().set(kick, 1) as u64;

    dts.into_iter()
        .map(|dt| {
            let mut core = Core::new(&image);
            // Both spikes at least one timestep after the start.
            let (t_pre, t_post) = if dt >= 0 {
                (1, 1 + dt as u64)
            } else {
                (1 + dt.unsigned_abs(), 1)
            };
            for t in 0..=t_pre.max(t_post) {
                let mut events = Vec::new();
                if t == t_post {
                    events.push(Event::Spike { channel: 1 });
                }
                if t == t_pre {
                    events.push(Event::Spike { channel: 0 });
                }
                core.step(&events);
            }
            WindowPoint {
                dt,
                change: i64::from(effective_weight(&preset, core.synapse_word(0)) - start),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_word_round_trips() {
        let r = LearnRule {
            lr_gain: 255,
            lr_reverse: true,
            w_min: -32768,
            w_max: 32767,
            fade_shift: 15,
            cons_thr: 32767,
        };
        assert_eq!(LearnRule::from_word(r.to_word()), r);
        assert_eq!(LearnRule::from_word(0), LearnRule::default());
    }

    #[test]
    fn tail_keeps_the_latest_spike_of_a_source() {
        let mut t = Tail::new(3, 4);
        t.push(5);
        t.push(6);
        t.push(5);
        // 5 was invalidated in its old place (slot 1 before the shift, slot 2 after).
        let srcs: Vec<_> = t.slots().iter().map(|s| (s.valid, s.src)).collect();
        assert_eq!(srcs, vec![(true, 5), (true, 6), (false, 5)]);
    }

    /// The tail as §12.2 words it, a shift register of `{ valid, src, age }` slots that all age.
    struct ShiftTail {
        slots: Vec<TailSlot>,
        window: u32,
    }

    impl ShiftTail {
        fn age(&mut self) {
            for s in self.slots.iter_mut().filter(|s| s.valid) {
                s.age += 1;
                s.valid = s.age < self.window;
            }
        }

        fn push(&mut self, src: u32) {
            for s in self.slots.iter_mut().filter(|s| s.src == src) {
                s.valid = false;
            }
            self.slots.rotate_right(1);
            self.slots[0] = TailSlot {
                valid: true,
                src,
                age: 0,
            };
        }
    }

    #[test]
    fn tail_ring_reads_as_the_shift_register() {
        let seed = 0x7A11_u64;
        println!("seed {seed:#x}");
        let mut rng = crate::testing::SplitMix64(seed);
        for (k, window) in [(1, 1), (2, 0), (3, 4), (16, 16), (16, 1), (5, 40)] {
            let mut ring = Tail::new(k, window);
            let mut reference = ShiftTail {
                slots: vec![TailSlot::default(); k as usize],
                window,
            };
            for step in 0..3_000 {
                match rng.below(20) {
                    0 => {
                        ring.clear();
                        reference.slots.iter_mut().for_each(|s| s.valid = false);
                    }
                    1..=7 => {
                        ring.age();
                        reference.age();
                    }
                    _ => {
                        let src = rng.below(u64::from(k) + 3) as u32;
                        ring.push(src);
                        reference.push(src);
                    }
                }
                // Invalid slots: the source is kept, the age is not.
                let read = |s: &TailSlot| (s.valid, s.src, if s.valid { s.age } else { 0 });
                let want: Vec<_> = reference.slots.iter().map(read).collect();
                let got: Vec<_> = ring.slots().iter().map(read).collect();
                assert_eq!(got, want, "K {k}, L {window}, step {step} (seed {seed:#x})");
            }
        }
    }
}
