//! Neuron updates: the FLUX modulated LIF (`docs/model.md` §3), the Loihi-compatible CUBA LIF (§4),
//! the integer Izhikevich neuron (§4.1) and the Xylo-compatible IAF (§4.2).
//!
//! Each rule lives once, as a function on unpacked fields ([`flux_update`], [`cuba_update`],
//! [`izh_update`], [`xylo_update`] on [`crate::xylo`]'s rules). The
//! word-level entry point [`update_word`] (what the hardware tests compare against) and the fast engine
//! in [`crate::core`] both call these functions; the engine inlines them into a loop over
//! struct-of-arrays state that the compiler vectorises, which is why the rules are written as
//! straight-line `i32` code with selects instead of early returns, and why no product needs 64 bits
//! (see [`decay`]).

use crate::spec::{Preset, profile as pf, slot, state};

/// Lowest value of a signed 16-bit field.
pub const I16_MIN: i32 = i16::MIN as i32;
/// Highest value of a signed 16-bit field.
pub const I16_MAX: i32 = i16::MAX as i32;
/// Lowest value of a signed 24-bit quantity (`a_in`, the CUBA `v` and `u` ranges).
pub const I24_MIN: i32 = -(1 << 23);
/// Highest value of a signed 24-bit quantity.
pub const I24_MAX: i32 = (1 << 23) - 1;

/// `sat(x, lo, hi)`: clamps `x` to `[lo, hi]`.
#[inline(always)]
pub fn sat(x: i32, lo: i32, hi: i32) -> i32 {
    x.max(lo).min(hi)
}

/// `sat16(x)`: signed 16-bit saturation.
#[inline(always)]
pub fn sat16(x: i32) -> i32 {
    sat(x, I16_MIN, I16_MAX)
}

/// `sat24(x)`: signed 24-bit saturation (the dendritic `a_in` accumulator).
#[inline(always)]
pub fn sat24(x: i32) -> i32 {
    sat(x, I24_MIN, I24_MAX)
}

/// `asr(x, k)`: arithmetic shift right, `floor(x / 2^k)` (rounds toward minus infinity).
/// Shifts of 31 or more give the sign (0 or -1), as `floor` does for any `|x| < 2^31`.
#[inline(always)]
pub fn asr(x: i32, k: u32) -> i32 {
    x >> k.min(31)
}

/// `rtz_shift(x, k)` = `sgn(x) * (|x| >> k)`: shift right rounding toward zero (Loihi, Lava).
/// Shifts of 32 or more give 0.
#[inline(always)]
pub fn rtz_shift(x: i32, k: u32) -> i32 {
    let magnitude = x.unsigned_abs().checked_shr(k).unwrap_or(0) as i32;
    if x < 0 {
        magnitude.wrapping_neg()
    } else {
        magnitude
    }
}

/// The CUBA decays' fixed point: a factor `f` scales by `f / 2^12` (`docs/model.md` §4, Lava's
/// `decay_unity = 4096`).
pub const CUBA_DECAY_SHIFT: u32 = 12;
/// `2^CUBA_DECAY_SHIFT` = 4096, the decay unity: the factors are `4096 - (du + 1)` and `4096 - dv`.
pub const CUBA_DECAY_BASE: i32 = 1 << CUBA_DECAY_SHIFT;

/// `rtz_shift(x * f, 12)` for `|x| < 2^25` and `0 <= f <= 4096` (the CUBA decays, §4), computed
/// without a 64-bit product and without a select, so that the engine's loop vectorises on 32-bit
/// lanes with two multiplies per decay.
///
/// Why it is equal: write `x = 4096 * hi + lo` with `hi = x >> 12` (arithmetic, `floor`) and
/// `lo = x & 4095` (`0 <= lo < 4096`), so `x * f = 4096 * hi * f + lo * f`. Rounding toward zero is
/// `floor` for `x >= 0` and `ceil(n / 4096) = floor((n + 4095) / 4096)` for `x < 0` (`x * f <= 0`,
/// and `f = 0` gives 0 both ways). Since `4096 * hi * f` is a multiple of `4096`, it leaves the
/// `floor`: `rtz_shift(x * f, 12) = hi * f + ((lo * f + b) >> 12)` with `b = 4095` if `x < 0`, else
/// 0. Both products fit 32 bits: `|hi * f| <= 2^13 * 2^12`, `lo * f + b < 2^12 * 2^13`.
/// `tests/neuron_rules.rs` checks it against the 64-bit formula at the edges and on random values.
#[inline(always)]
pub fn decay(x: i32, f: i32) -> i32 {
    let hi = x >> CUBA_DECAY_SHIFT;
    let lo = x & (CUBA_DECAY_BASE - 1);
    // 4095 for a negative `x`, else 0: the sign, spread over the low 12 bits.
    let b = ((x >> 31) as u32 >> (u32::BITS - CUBA_DECAY_SHIFT)) as i32;
    hi * f + ((lo * f + b) >> CUBA_DECAY_SHIFT)
}

/// The largest `4096 - f` [`decay_near_unity`] takes: `|x| * 127 + 4095 < 2^31` for every `x` of a
/// 25-bit field (`|x| <= 2^24`), the widest state a CUBA decay reads (`u`).
pub const CUBA_NEAR_UNITY_MAX_D: i32 = 127;

/// [`decay`] for a factor near unity, `f >= 4096 - CUBA_NEAR_UNITY_MAX_D`, and `|x| <= 2^24`: one
/// 32-bit product instead of two, for the engine's loop (`docs/model.md` §4, widths). A slow decay
/// (a time constant of 33 steps or more) is the common case, and the CUBA loop is bound by the
/// vector unit that multiplies and shifts.
///
/// Why it is equal: with `d = 4096 - f`, `x * f / 4096 = x - x * d / 4096`, and `x` is an integer,
/// so rounding toward zero gives `x - ceil(x * d / 4096)` for `x >= 0` and `x - floor(x * d / 4096)`
/// for `x < 0`; `ceil(n / 4096) = floor((n + 4095) / 4096)`. `|x * d| <= 2^24 * 127`, so the product
/// and the rounding addend fit 32 bits. `tests/neuron_rules.rs` checks it against the 64-bit formula
/// over the whole domain's edges and on random values.
#[inline(always)]
pub fn decay_near_unity(x: i32, f: i32) -> i32 {
    let d = CUBA_DECAY_BASE - f;
    let round_up = if x >= 0 { CUBA_DECAY_BASE - 1 } else { 0 };
    x - ((x * d + round_up) >> CUBA_DECAY_SHIFT)
}

/// The inputs a neuron reads from its dendritic slot `t mod D` (the slot word of §6, unpacked).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SlotInput {
    /// Direct input, i24.
    pub a_in: i32,
    /// Modulatory input, i16.
    pub m_in: i32,
    /// An electric synapse landed: the neuron is forced to spike.
    pub e: bool,
    /// The noise term `η` the update drew (§3.1; 0 without noise). Not part of the slot word: the
    /// core draws it from its noise generator ([`crate::noise::NoiseGen`]). Only the FLUX kind
    /// adds it.
    pub noise: i32,
}

impl SlotInput {
    /// Unpacks a dendritic slot word.
    pub fn from_word(word: u128) -> Self {
        Self {
            a_in: slot::A_IN.get(word) as i32,
            m_in: slot::M_IN.get(word) as i32,
            e: slot::E.get(word) != 0,
            noise: 0,
        }
    }

    /// Packs a dendritic slot word (`noise` is not part of it).
    pub fn to_word(self) -> u128 {
        let w = slot::A_IN.set(0, self.a_in.into());
        let w = slot::M_IN.set(w, self.m_in.into());
        slot::E.set(w, self.e.into())
    }
}

/// The dynamic fields of a neuron state word (§6), unpacked and sign-extended. The `profile`
/// index is not part of it: it selects the parameters and never changes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NeuronState {
    pub v: i32,
    pub u: i32,
    pub thr_off: i32,
    pub mod_level: i32,
    pub ref_cnt: i32,
    pub quiet_cnt: i32,
}

impl NeuronState {
    /// Unpacks the dynamic fields of a state word.
    pub fn from_word(word: u128) -> Self {
        Self {
            v: state::V.get(word) as i32,
            u: state::U.get(word) as i32,
            thr_off: state::THR_OFF.get(word) as i32,
            mod_level: state::MOD_LEVEL.get(word) as i32,
            ref_cnt: state::REF_CNT.get(word) as i32,
            quiet_cnt: state::QUIET_CNT.get(word) as i32,
        }
    }

    /// Writes the dynamic fields into `word`, keeping its other bits (the `profile` index).
    pub fn to_word(self, word: u128) -> u128 {
        let w = state::V.set(word, self.v.into());
        let w = state::U.set(w, self.u.into());
        let w = state::THR_OFF.set(w, self.thr_off.into());
        let w = state::MOD_LEVEL.set(w, self.mod_level.into());
        let w = state::REF_CNT.set(w, self.ref_cnt.into());
        state::QUIET_CNT.set(w, self.quiet_cnt.into())
    }
}

/// Parameters of a FLUX modulated LIF profile (kind 0, §3), decoded from a profile word.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FluxParams {
    pub ref_period: i32,
    /// `reset_mode = 1`: subtract the threshold on a spike (bursts) instead of a hard reset.
    pub reset_subtract: bool,
    /// `leak_mode = 1`: exponential leak (`leak` is a shift) instead of linear.
    pub leak_exp: bool,
    pub v_rest: i32,
    pub v_reset: i32,
    pub thr: i32,
    pub leak: i32,
    pub hab_rate: i32,
    pub pot_rate: i32,
    pub quiet_steps: i32,
    pub thr_off_max: i32,
    pub mod_relax: i32,
    pub mod_gain: i32,
}

impl FluxParams {
    /// Decodes the FLUX fields of a profile word (the `kind` bit is not looked at).
    pub fn from_word(word: u128) -> Self {
        let f = |field: crate::spec::Field| field.get(word) as i32;
        Self {
            ref_period: f(pf::REF_PERIOD),
            reset_subtract: f(pf::RESET_MODE) != 0,
            leak_exp: f(pf::LEAK_MODE) != 0,
            v_rest: f(pf::V_REST),
            v_reset: f(pf::V_RESET),
            thr: f(pf::THR),
            leak: f(pf::LEAK),
            hab_rate: f(pf::HAB_RATE),
            pot_rate: f(pf::POT_RATE),
            quiet_steps: f(pf::QUIET_STEPS),
            thr_off_max: f(pf::THR_OFF_MAX),
            mod_relax: f(pf::MOD_RELAX),
            mod_gain: f(pf::MOD_GAIN),
        }
    }
}

/// Parameters of a CUBA LIF profile (kind 1, §4), decoded from a profile word into the constants
/// the update uses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CubaParams {
    pub ref_period: i32,
    /// `4096 - (du + 1)`: the factor of the current decay (Lava's `ds_offset = 1`), 0..=4095.
    pub decay_u: i32,
    /// `4096 - dv`: the factor of the voltage decay (Lava's `dm_offset = 0`), 1..=4096.
    pub decay_v: i32,
    /// `vth * 64`: the threshold, MSB-aligned as in Lava (`vth_shift = 6`).
    pub vth_scaled: i32,
    /// `bias_mant * 2^bias_exp`.
    pub bias: i32,
}

impl CubaParams {
    /// Decodes the CUBA fields of a profile word (the `kind` bit is not looked at).
    pub fn from_word(word: u128) -> Self {
        let f = |field: crate::spec::Field| field.get(word) as i32;
        Self {
            ref_period: f(pf::REF_PERIOD),
            decay_u: CUBA_DECAY_BASE - (f(pf::DU) + 1),
            decay_v: CUBA_DECAY_BASE - f(pf::DV),
            vth_scaled: f(pf::VTH) << CUBA_ACT_SHIFT,
            bias: f(pf::BIAS_MANT) << f(pf::BIAS_EXP),
        }
    }

    /// Whether both decays may take [`decay_near_unity`]: `du + 1` and `dv` at most
    /// [`CUBA_NEAR_UNITY_MAX_D`].
    pub fn near_unity(&self) -> bool {
        let near = |f: i32| CUBA_DECAY_BASE - f <= CUBA_NEAR_UNITY_MAX_D;
        near(self.decay_u) && near(self.decay_v)
    }
}

/// Parameters of an Izhikevich profile (kind 2, §4.1), the fields of the profile word as they are
/// (each in its own fixed point, see the constants `IZH_*_FRAC`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct IzhParams {
    /// `0.04 dt`, unsigned, 20 fraction bits.
    pub k2: i32,
    /// `k1 dt` (5 dt), 12 fraction bits.
    pub k1: i32,
    /// `k0 dt` (140 dt) in mV, 7 fraction bits.
    pub k0: i32,
    /// `a dt`, 16 fraction bits (0 drops the `-u` term of the recovery, as Izhikevich's
    /// accommodation does).
    pub a: i32,
    /// `a b dt^2`, 20 fraction bits.
    pub ab: i32,
    /// The recovery's constant per step, `-a b dt^2 v_u` in mV, 16 fraction bits.
    pub ub: i32,
    /// The reset level `c` in mV, 2 fraction bits.
    pub c: i32,
    /// The recovery jump `d dt` in mV, 11 fraction bits.
    pub d: i32,
    /// The input's extra fraction bits: `a_in` is in units of `2^-(8 + in_shift)` mV per step.
    pub in_shift: i32,
}

impl IzhParams {
    /// Decodes the Izhikevich fields of a profile word (the `kind` field is not looked at).
    pub fn from_word(word: u128) -> Self {
        let f = |field: crate::spec::Field| field.get(word) as i32;
        Self {
            k2: f(pf::IZH_K2),
            k1: f(pf::IZH_K1),
            k0: f(pf::IZH_K0),
            a: f(pf::IZH_A),
            ab: f(pf::IZH_AB),
            ub: f(pf::IZH_UB),
            c: f(pf::IZH_C),
            d: f(pf::IZH_D),
            in_shift: f(pf::IZH_IN_SHIFT),
        }
    }
}

/// One profile table entry, decoded once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Profile {
    Flux(FluxParams),
    Cuba(CubaParams),
    Izh(IzhParams),
    Xylo(XyloProfile),
}

/// The Xylo kind's parameters (§4.2) and its spike cap.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct XyloProfile {
    pub params: crate::xylo::Params,
    pub cap: u8,
}

impl Profile {
    /// Decodes a profile word by its `kind` field, as a core with every datapath runs it. Every
    /// word decodes.
    pub fn from_word(word: u128) -> Self {
        Self::decode(word, pf::KIND.get(word))
    }

    /// Decodes a profile word as a core of preset `p` runs it: by its `kind` field, except that a
    /// kind whose datapath the preset leaves out runs as FLUX (`Preset::runs_as`, `docs/model.md`
    /// §1).
    pub fn for_core(word: u128, p: &Preset) -> Self {
        Self::decode(word, p.runs_as(pf::KIND.get(word)))
    }

    fn decode(word: u128, kind: i64) -> Self {
        match kind {
            pf::KIND_CUBA => Profile::Cuba(CubaParams::from_word(word)),
            pf::KIND_IZH => Profile::Izh(IzhParams::from_word(word)),
            pf::KIND_XYLO => {
                let (params, cap) = crate::xylo::profile_params(word);
                Profile::Xylo(XyloProfile { params, cap })
            }
            _ => Profile::Flux(FluxParams::from_word(word)),
        }
    }

    /// Updates one neuron with this profile; returns its spike count (0 or 1, up to the cap for
    /// the Xylo kind).
    #[inline(always)]
    pub fn update(&self, s: &mut NeuronState, input: SlotInput) -> u8 {
        match self {
            Profile::Flux(p) => flux_update(p, s, input).into(),
            Profile::Cuba(p) => cuba_update(p, s, input).into(),
            Profile::Izh(p) => izh_update(p, s, input).into(),
            Profile::Xylo(p) => xylo_update(p, s, input),
        }
    }
}

/// The FLUX modulation scale of §3 step 4: `asr(mod_level * mod_gain, 8)`.
pub const FLUX_MOD_SHIFT: u32 = 8;
/// The lowest FLUX effective threshold (§3 step 4): `thr_eff` saturates to `[1, 32767]`.
pub const FLUX_THR_EFF_MIN: i32 = 1;
/// The FLUX quiet counter saturates at its field's maximum (§3 step 3).
pub const QUIET_CNT_MAX: i32 = state::QUIET_CNT.max() as i32;

/// `relax(m)` of §3 step 2: moves the modulation level toward 0 by `r`, never past it.
#[inline(always)]
pub fn relax(m: i32, r: i32) -> i32 {
    if m > 0 {
        (m - r).max(0)
    } else {
        (m + r).min(0)
    }
}

/// Linear leak of §3 step 5: moves `v` toward `v_rest` by `leak`, never past it.
#[inline(always)]
pub fn leak_linear(v: i32, v_rest: i32, leak: i32) -> i32 {
    let d = v - v_rest;
    if d > 0 {
        v - d.min(leak)
    } else {
        v + (-d).min(leak)
    }
}

/// Exponential leak of §3 step 5: `v - rtz_shift(v - v_rest, shift)`. A shift of 0 drops `v`
/// straight to `v_rest`; a shift of 24 or more leaves `v` unchanged (`|v - v_rest| < 2^24`).
#[inline(always)]
pub fn leak_exponential(v: i32, v_rest: i32, shift: i32) -> i32 {
    v - rtz_shift(v - v_rest, shift as u32)
}

/// One FLUX modulated LIF update (`docs/model.md` §3), in place; returns whether the neuron spiked.
#[inline(always)]
pub fn flux_update(p: &FluxParams, s: &mut NeuronState, input: SlotInput) -> bool {
    // 1. Refractory at the start of the update.
    let refr = s.ref_cnt > 0;

    // 2. Modulation.
    let mod_level = sat16(relax(s.mod_level, p.mod_relax) + input.m_in);

    // 3. Habituation (input while refractory) and potentiation (after `quiet_steps` quiet steps).
    let active = input.a_in != 0;
    let q = (s.quiet_cnt + 1).min(QUIET_CNT_MAX);
    let potentiate = !active & (p.quiet_steps > 0) & (q >= p.quiet_steps);
    let habituated = (s.thr_off + p.hab_rate).min(p.thr_off_max);
    let potentiated = (s.thr_off - p.pot_rate).max(-p.thr_off_max);
    let thr_off = if active & refr {
        habituated
    } else if potentiate {
        potentiated
    } else {
        s.thr_off
    };
    let quiet_cnt = if active | potentiate { 0 } else { q };

    // 4. Effective threshold: positive modulation lowers it.
    let thr_eff = sat(
        p.thr + thr_off - asr(mod_level * p.mod_gain, FLUX_MOD_SHIFT),
        FLUX_THR_EFF_MIN,
        I16_MAX,
    );

    // 5. Leak and integrate; a refractory neuron ignores its direct input.
    let leaked = if p.leak_exp {
        leak_exponential(s.v, p.v_rest, p.leak)
    } else {
        leak_linear(s.v, p.v_rest, p.leak)
    };
    let v_int = if refr {
        s.v
    } else {
        sat16(leaked + input.a_in + input.noise)
    };
    let ref_held = if refr { s.ref_cnt - 1 } else { s.ref_cnt };

    // 6. Spike when forced or when `v` reaches the threshold (`>=`), then reset.
    let spike = input.e | (!refr & (v_int >= thr_eff));
    let (v_spiked, ref_spiked) = if p.reset_subtract {
        let v_sub = sat16(v_int - thr_eff);
        // The burst goes on while what is left still reaches the threshold.
        (v_sub, if v_sub < thr_eff { p.ref_period } else { 0 })
    } else {
        (p.v_reset, p.ref_period)
    };

    s.v = if spike { v_spiked } else { v_int };
    s.ref_cnt = if spike { ref_spiked } else { ref_held };
    s.thr_off = thr_off;
    s.mod_level = mod_level;
    s.quiet_cnt = quiet_cnt;
    spike
}

/// Lava's `act_shift` and `vth_shift`: inputs and the threshold are MSB-aligned by 6 bits.
pub const CUBA_ACT_SHIFT: u32 = 6;
/// Lava's valid input domain: `a_in` is clamped to `[-2^17, 2^17 - 1]` (§4 step 1).
pub const CUBA_A_MIN: i32 = -(1 << 17);
/// Highest CUBA input after the clamp.
pub const CUBA_A_MAX: i32 = (1 << 17) - 1;
// The highest CUBA threshold, `vth * 64` with `vth` 17-bit unsigned, lies below the top of `v`'s
// range: a `v'` that the upper saturation of §4 step 3 would cut spikes and is reset to 0 whether
// cut or not, so `cuba_update` leaves that bound out.
const _: () = assert!((pf::VTH.max() << CUBA_ACT_SHIFT) < I24_MAX as i64);
/// The CUBA `u` wrap: values above `2^23` or at or below `-2^23` wrap by `2^24` (§4 step 2).
pub const CUBA_U_WRAP: i32 = 1 << 23;

/// The CUBA current wrap of §4 step 2 (Lava: "wrapping around modulo 2 ** 23"): `u1 - 2^24` above
/// `2^23`, `u1 + 2^24` at or below `-2^23`.
///
/// Computed as the residue of `u1` modulo `2^24` in `(-2^23, 2^23]`, with no compare: shifted up
/// by `2^23 - 1` the range starts at 0, so 24 bits of the sum are the residue. It equals the two
/// branches wherever one wrap lands in the range, i.e. for `-2^24 - 2^23 < u1 <= 2^24 + 2^23`; the
/// rule's `u1` stays inside (`|rtz_shift(u * f, 12)| <= 2^24 - 2^12` for a 25-bit `u` and
/// `f <= 4095`, `|a * 64| <= 2^23`). `tests/neuron_rules.rs` checks it against the branches.
#[inline(always)]
pub fn cuba_wrap_u(u1: i32) -> i32 {
    const LOW: i32 = CUBA_U_WRAP - 1;
    ((u1 + LOW) & (2 * CUBA_U_WRAP - 1)) - LOW
}

/// One CUBA LIF update (`docs/model.md` §4, Lava's `PyLifModelBitAcc`), in place; returns whether
/// the neuron spiked. `thr_off`, `mod_level` and `quiet_cnt` are not touched.
#[inline(always)]
pub fn cuba_update(p: &CubaParams, s: &mut NeuronState, input: SlotInput) -> bool {
    cuba_update_with(p, s, input, decay, true, true)
}

/// [`cuba_update`] with [`decay_near_unity`], for a profile whose [`CubaParams::near_unity`] holds
/// (the engine's loop picks it; the result is the same).
#[inline(always)]
pub fn cuba_update_near_unity(p: &CubaParams, s: &mut NeuronState, input: SlotInput) -> bool {
    debug_assert!(p.near_unity());
    cuba_update_with(p, s, input, decay_near_unity, true, true)
}

/// [`cuba_update_near_unity`] for an input already in Lava's domain, `CUBA_A_MIN..=CUBA_A_MAX`,
/// where the clamp of §4 step 1 is the identity and is left out (the engine's loop takes it where
/// the synapses prove it, `Run::in_domain` in `core.rs`; the result is the same).
#[inline(always)]
pub fn cuba_update_near_unity_in_domain(
    p: &CubaParams,
    s: &mut NeuronState,
    input: SlotInput,
) -> bool {
    cuba_update_with(p, s, input, decay_near_unity, false, true)
}

/// [`cuba_update_near_unity_in_domain`] where the current is known not to wrap: `u1` of §4 step 2
/// lies in `(-2^23, 2^23]`, where the wrap is the identity and is left out (the engine's loop takes
/// it where its bound on `|u|` proves it, `CurrentBound` in `core.rs`; the result is the same).
#[inline(always)]
pub fn cuba_update_near_unity_in_domain_unwrapped(
    p: &CubaParams,
    s: &mut NeuronState,
    input: SlotInput,
) -> bool {
    cuba_update_with(p, s, input, decay_near_unity, false, false)
}

/// The CUBA rule of §4 on a given form of the decay (`rtz_shift(x * f, 12)`); without `clamp`,
/// for an `a_in` known to lie in the domain of step 1; without `wrap`, for a `u1` known to lie in
/// the range of step 2.
#[inline(always)]
fn cuba_update_with(
    p: &CubaParams,
    s: &mut NeuronState,
    input: SlotInput,
    decay: impl Fn(i32, i32) -> i32,
    clamp: bool,
    wrap: bool,
) -> bool {
    // 1. Lava's valid input domain.
    let a = if clamp {
        sat(input.a_in, CUBA_A_MIN, CUBA_A_MAX)
    } else {
        debug_assert!(
            (CUBA_A_MIN..=CUBA_A_MAX).contains(&input.a_in),
            "{}",
            input.a_in
        );
        input.a_in
    };
    // 2. Current: decay rounding toward zero, add the MSB-aligned input, wrap.
    let u1 = decay(s.u, p.decay_u) + (a << CUBA_ACT_SHIFT);
    let u = if wrap {
        cuba_wrap_u(u1)
    } else {
        debug_assert!((-CUBA_U_WRAP + 1..=CUBA_U_WRAP).contains(&u1), "{u1}");
        u1
    };
    // 3. Voltage, held while refractory.
    let refr = s.ref_cnt > 0;
    // Saturated below only: the upper bound 2^23 - 1 of §4 step 3 never shows, since every threshold
    // lies under it (asserted after `CUBA_A_MAX`), so a `v'` above it spikes and is reset to 0 anyway.
    let v_int = if refr {
        s.v
    } else {
        (decay(s.v, p.decay_v) + u + p.bias).max(-I24_MAX)
    };
    // 4. Spike strictly above the threshold, or when forced.
    let spike = input.e | (!refr & (v_int > p.vth_scaled));
    s.u = u;
    s.v = if spike { 0 } else { v_int };
    // Counts down while refractory. `ref_cnt` and `ref_period` are u8 fields, so this is done on
    // their bytes ("minus one if refractory" is a saturating subtraction), which lets the engine's
    // loop keep them as bytes instead of widening them to 32-bit lanes and back.
    let (r, period) = (s.ref_cnt as u8, p.ref_period as u8);
    s.ref_cnt = i32::from(if spike { period } else { r.saturating_sub(1) });
    spike
}

/// Fraction bits of the Izhikevich membrane `v` (mV) in the state: `v = 1` is 1/4096 mV.
pub const IZH_V_FRAC: u32 = 12;
/// Fraction bits of the `v` the products see: `vc = sat16(asr(v, 4))`, 1/256 mV.
pub const IZH_VC_FRAC: u32 = 8;
/// Fraction bits of the Izhikevich recovery `u`, held as `u dt` (mV per step).
pub const IZH_U_FRAC: u32 = 18;
/// Fraction bits of the profile fields `k2`, `k1`, `k0`, `a`, `ab`, `ub`, `c` and `d` (§4.1).
pub const IZH_K2_FRAC: u32 = 20;
pub const IZH_K1_FRAC: u32 = 12;
pub const IZH_K0_FRAC: u32 = 7;
pub const IZH_A_FRAC: u32 = 16;
pub const IZH_AB_FRAC: u32 = 20;
pub const IZH_UB_FRAC: u32 = 16;
pub const IZH_C_FRAC: u32 = 2;
pub const IZH_D_FRAC: u32 = 11;
/// Fraction bits of the membrane sum of §4.1 (`vc^2 k2 / 2^16` and `k1 vc` have 20).
pub const IZH_SV_FRAC: u32 = IZH_K1_FRAC + IZH_VC_FRAC;
/// Fraction bits of the recovery sum of §4.1 (`ab vc'` has 28).
pub const IZH_SU_FRAC: u32 = IZH_AB_FRAC + IZH_VC_FRAC;
/// The range of `v'` (22 bits: `[-512, 512)` mV): one step overshoots the peak by up to ~200 mV,
/// and the recovery sees that overshoot.
pub const IZH_V_MIN: i32 = -(1 << 21);
pub const IZH_V_MAX: i32 = (1 << 21) - 1;
/// `v >= 30 mV` is a spike (Izhikevich's peak), in the `v` fixed point.
pub const IZH_V_PEAK: i32 = 30 << IZH_V_FRAC;
/// The low half of `vc^2` that §4.1's `floor(vc^2 k2 / 2^16)` splits off (the hardware's 16-bit
/// multiplier pieces).
pub const IZH_SQ_SPLIT: u32 = 16;
/// The Izhikevich `u` range: the 25-bit `u` field saturates (`sat25`).
pub const IZH_U_MIN: i32 = -(1 << 24);
pub const IZH_U_MAX: i32 = (1 << 24) - 1;

/// `asr(x + 2^(k-1), k)`: `x / 2^k` rounded to nearest, halves up (§4.1's rounding).
#[inline(always)]
pub fn round_shift(x: i64, k: u32) -> i64 {
    (x + (1 << (k - 1))) >> k
}

/// One integer Izhikevich update (`docs/model.md` §4.1), in place; returns whether the neuron
/// spiked. Izhikevich's own order (figure 1's script): `v` steps from the old `v` and `u`, then `u`
/// steps from the old `u` and the new `v` (before the reset). `ref_cnt`, `thr_off`, `mod_level` and
/// `quiet_cnt` are kept; `m_in` and `η` are not used.
#[inline(always)]
pub fn izh_update(p: &IzhParams, s: &mut NeuronState, input: SlotInput) -> bool {
    let v = i64::from(s.v);
    let u = i64::from(s.u);
    let vc = i64::from(sat16((v >> (IZH_V_FRAC - IZH_VC_FRAC)) as i32));
    // vc^2 k2 / 2^16, rounded down, in two 16-bit pieces of vc^2 (the hardware's multipliers):
    // the high piece's product is a multiple of 2^16, so the floor only sees the low one.
    let sq = vc * vc;
    let q = (sq >> IZH_SQ_SPLIT) * i64::from(p.k2)
        + (((sq & ((1 << IZH_SQ_SPLIT) - 1)) * i64::from(p.k2)) >> IZH_SQ_SPLIT);
    // Every term with SV_FRAC fraction bits.
    let sum_v = q
        + i64::from(p.k1) * vc
        + (i64::from(p.k0) << (IZH_SV_FRAC - IZH_K0_FRAC))
        + (i64::from(input.a_in) << (IZH_SV_FRAC - IZH_VC_FRAC - p.in_shift as u32))
        + -(u << (IZH_SV_FRAC - IZH_U_FRAC));
    let v_next = (v + round_shift(sum_v, IZH_SV_FRAC - IZH_V_FRAC))
        .clamp(IZH_V_MIN.into(), IZH_V_MAX.into());
    // Every term with SU_FRAC fraction bits; `a u` is rounded down to them.
    let vc_next = v_next >> (IZH_V_FRAC - IZH_VC_FRAC);
    let sum_u = i64::from(p.ab) * vc_next + (i64::from(p.ub) << (IZH_SU_FRAC - IZH_UB_FRAC))
        - ((i64::from(p.a) * u) >> (IZH_A_FRAC + IZH_U_FRAC - IZH_SU_FRAC));
    let u_next = sat_u(u + round_shift(sum_u, IZH_SU_FRAC - IZH_U_FRAC));
    let spike = input.e | (v_next >= i64::from(IZH_V_PEAK));
    if spike {
        s.v = p.c << (IZH_V_FRAC - IZH_C_FRAC);
        s.u = sat_u(i64::from(u_next) + (i64::from(p.d) << (IZH_U_FRAC - IZH_D_FRAC)));
    } else {
        s.v = v_next as i32;
        s.u = u_next;
    }
    spike
}

/// `sat25`: the Izhikevich `u` saturates to its 25-bit field.
#[inline(always)]
pub fn sat_u(x: i64) -> i32 {
    x.clamp(IZH_U_MIN.into(), IZH_U_MAX.into()) as i32
}

/// The Xylo IAF (§4.2) in the core: the membrane from `v`, the currents from the slot (both
/// saturated to 16 bits, [`crate::xylo::core_state`]); afterwards `v` holds the membrane and
/// `thr_off`, `mod_level` the decayed currents (which the core also carries into the next slot,
/// [`xylo_carry`]). `u`, `ref_cnt`, `quiet_cnt` keep their values; `e` and the noise are not used.
/// Returns the spike count.
pub fn xylo_update(p: &XyloProfile, s: &mut NeuronState, input: SlotInput) -> u8 {
    let mut x = crate::xylo::core_state(s.v, input.a_in, input.m_in as i16);
    let k = crate::xylo::evolve(&p.params, &mut x, p.cap);
    s.v = x.v_mem.into();
    s.thr_off = x.i_syn[0].into();
    s.mod_level = x.i_syn[1].into();
    k
}

/// The slot word a Xylo neuron's update writes into slot `(t + 1) mod D` (§4.2): its decayed
/// currents, from the new state word's `thr_off` (into `a_in`) and `mod_level` (into `m_in`).
pub fn xylo_carry(state_word: u128) -> u128 {
    SlotInput {
        a_in: state::THR_OFF.get(state_word) as i32,
        m_in: state::MOD_LEVEL.get(state_word) as i32,
        e: false,
        noise: 0,
    }
    .to_word()
}

/// Updates one neuron: returns the new state word and whether it spiked (docs/model.md §3/§4).
///
/// `profile_word` is the profile table entry the state word's `profile` field selects; the
/// `profile` field and any bits above the state word are kept.
/// `noise` is the `η` the core drew for this update (§3.1; 0 without noise; CUBA ignores it).
pub fn update_word(
    profile_word: u128,
    state_word: u128,
    slot_word: u128,
    noise: i32,
) -> (u128, bool) {
    let (word, spikes) = update_word_count(profile_word, state_word, slot_word, noise);
    (word, spikes > 0)
}

/// [`update_word`] with the spike count (the Xylo kind fires up to its cap, §4.2).
pub fn update_word_count(
    profile_word: u128,
    state_word: u128,
    slot_word: u128,
    noise: i32,
) -> (u128, u8) {
    let mut s = NeuronState::from_word(state_word);
    let input = SlotInput {
        noise,
        ..SlotInput::from_word(slot_word)
    };
    let spikes = Profile::from_word(profile_word).update(&mut s, input);
    (s.to_word(state_word), spikes)
}
