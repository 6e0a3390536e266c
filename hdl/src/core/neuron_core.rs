//! `NeuronCore`: the pipelined neuron datapath, both profile kinds (`docs/model.md` §3 FLUX
//! modulated LIF, §4 CUBA LIF). The bit-exact twin is `flux_sim::neuron::update_word`.
//!
//! One neuron per clock, no stalls, a [`NEURON_CORE_LATENCY`]-cycle pipeline. Every stage computes
//! both kinds and the `kind` bit selects; the widths and bit positions of every word come from
//! `flux_sim::spec` (the decode slices the inputs by the spec's `Field`s, see [`lsb`] and [`w`]).
//!
//! Stage plan (each stage ends in registers; `sN_*` are the registers after edge N):
//!
//! | stage | FLUX (§3) | CUBA (§4) |
//! |---|---|---|
//! | 1 | `refr`; `mod_level'` (relax, add `m_in`, sat16); `thr_off'`, `quiet_cnt'` (habituation, potentiation); `d = v - v_rest` as sign and magnitude; `v + a_in` | `\|u\|`, `\|v\|` and their signs; decay factors; `a` clamped to `±2^17`, times 64; `bias` |
//! | 2 | leak step (`min(\|d\|, leak)` or `\|d\| >> leak`); `mod_level' * mod_gain` (DSP); `thr + thr_off'` | the four 16×16 partial products of the two decays (DSP); `bias - vth*64 - 1`, `bias + 2^23 - 1` |
//! | 3 | `v' = sat16(v + a_in - sgn(d) * step)` (or `v` if refractory); `thr_eff` | decay magnitudes `hi*f + (lo*f >> 12)` |
//! | 4 | spike test `v' >= thr_eff`; `v' - thr_eff`; burst end as the sign of `v' - 2*thr_eff` | `u1` and its wrap to `(-2^23, 2^23]`; the three bias sums plus `sgn(v) * rtz(v*f)` |
//! | 5 | subtract-reset saturation, reset selects → output registers | adding `u'` to all three: `v'`, its clamp and the spike test as sign bits, reset → output registers |
//!
//! Each stage holds about one carry chain between registers, so that the block closes timing on
//! an iCE40 UP5K at 30 MHz or more.
//!
//! rust-hdl 0.46 constraints that shape the code: kernels cannot call functions or hold `let`s (every
//! intermediate is a `Local` signal), integer literals would come out 32 bits wide (constants are
//! sized `Constant`s instead), only `Bits<16> * Bits<16>` multiplies, and there is no signed shift.
//! All arithmetic is on `Bits` in two's complement; sign extension ORs in an `ext_*` mask, and a
//! signed comparison with a non-negative bound tests the sign bit first.

use flux_sim::neuron::{
    CUBA_A_MAX, CUBA_A_MIN, CUBA_ACT_SHIFT, CUBA_DECAY_BASE, CUBA_DECAY_SHIFT, CUBA_U_WRAP,
    FLUX_MOD_SHIFT, FLUX_THR_EFF_MIN, I16_MAX, I16_MIN, I24_MAX, QUIET_CNT_MAX,
};
use flux_sim::spec::{Field, PROFILE_BITS, SLOT_BITS, STATE_BITS, profile, slot, state};
use rust_hdl::prelude::*;

/// Width of the neuron state word, as a `Bits` width.
pub const STATE_W: usize = STATE_BITS as usize;
/// Width of the profile word, as a `Bits` width.
pub const PROFILE_W: usize = PROFILE_BITS as usize;
/// Width of the dendritic slot word, as a `Bits` width.
pub const SLOT_W: usize = SLOT_BITS as usize;
/// Width of the neuron id tag carried through the pipeline.
pub const TAG_W: usize = 16;

/// Cycles from `in_valid` to the matching `out_valid` (fixed; the controller relies on it): inputs
/// presented in cycle `k` (sampled by the rising edge that ends it) are on `out_*` in cycle
/// `k + NEURON_CORE_LATENCY`, i.e. after `NEURON_CORE_LATENCY` rising edges.
pub const NEURON_CORE_LATENCY: usize = 5;

/// Width of a spec field, usable as a `Bits` width.
pub const fn w(f: Field) -> usize {
    f.width as usize
}

/// Width of a bit index into the widest word (the profile word, 126 bits).
const INDEX_W: usize = 7;

/// The position of a spec field as a sized constant: kernels slice with
/// `word.get_bits::<{ w(F) }>(self.lsb_f.val().index())`, so no bit position is restated here.
pub fn lsb(f: Field) -> Constant<Bits<INDEX_W>> {
    Constant::new((f.lsb as u64).to_bits())
}

/// A sized constant.
fn k<const N: usize>(value: u64) -> Constant<Bits<N>> {
    Constant::new(value.to_bits())
}

/// The `N`-bit two's-complement pattern of `value` as a sized constant (a signed `Constant` would
/// come out as an unranged `localparam signed`, which yosys reads as unsigned).
fn pattern<const N: usize>(value: i32) -> Constant<Bits<N>> {
    k(value as i64 as u64 & ((1u64 << N) - 1))
}

/// The mask that sign-extends an `n`-bit value to `N` bits when ORed in: ones in bits `n..N`.
fn ext<const N: usize>(n: usize) -> Constant<Bits<N>> {
    Constant::new((((1u64 << N) - 1) & !((1u64 << n) - 1)).to_bits())
}

/// Working width of the 16-bit FLUX quantities (`mod_level`, `thr_off`, sums of two of them).
const M_W: usize = 18;
/// Width of `thr + thr_off' - asr(mod_level' * mod_gain, 8)` (within `[-65534, 131037]`).
const T_W: usize = 19;
/// Working width of the membrane sums: `v` (24 bits) plus `a_in` (24 bits) minus a step (25 bits)
/// stays within `±(2^24 + 2^25)`; the CUBA sums stay within `±2^25`.
const V_W: usize = 27;
/// Width of a leak step and of `|v - v_rest|` (`< 2^24 + 2^15`).
const D_W: usize = 25;
/// Width of `v + a_in` and `v - v_rest` (26-bit two's complement).
const VA_W: usize = 26;
/// Width of a clamped CUBA input `a` (`[-2^17, 2^17 - 1]`).
const A_W: usize = 18;
/// Width of `bias_mant * 2^bias_exp`: the mantissa shifted by at most `2^bias_exp - 1` = 7
/// (`|bias| <= 2^19`).
const BIAS_W: usize = w(profile::BIAS_MANT) + (1 << w(profile::BIAS_EXP)) - 1;
/// Width of a CUBA decay factor (`4096 - dv` reaches 4096).
const F_W: usize = DEC_SHIFT + 1;
/// Width of a CUBA decay magnitude `hi*f + (lo*f >> 12)` (`< 2^24 + 2^13`).
const DEC_W: usize = 25;
/// Low bits of a magnitude in the CUBA decay split (`hi = m >> 12`, `lo = m & 4095`;
/// `flux_sim::neuron::decay`).
const DEC_SHIFT: usize = CUBA_DECAY_SHIFT as usize;
/// High bits of `|u|` and `|v|` in the decay split.
const DEC_HI_U: usize = w(state::U) - DEC_SHIFT;
const DEC_HI_V: usize = w(state::V) - DEC_SHIFT;
/// The FLUX modulation scale: `asr(mod_level' * mod_gain, 8)` (§3 step 4).
const MOD_SHIFT: usize = FLUX_MOD_SHIFT as usize;
// The current factor `4096 - (du + 1)` is taken as the complement of `du`, and `4096 - dv` is
// `DEC_SHIFT + 1` bits wide: both need the decay fields to be `DEC_SHIFT` bits wide.
const _: () = assert!(w(profile::DU) == DEC_SHIFT && w(profile::DV) == DEC_SHIFT);
/// Width of the FLUX spike and reset arithmetic: `v'` (24 bits) minus `thr_eff`.
const V25_W: usize = w(state::V) + 1;

/// The neuron datapath: one neuron update per clock.
#[derive(LogicBlock)]
pub struct NeuronCore {
    /// The clock.
    pub clock: Signal<In, Clock>,
    /// Synchronous reset: the neurons in the pipeline are dropped (no `out_valid` for them).
    pub reset: Signal<In, Bit>,
    /// A neuron enters the pipeline in this cycle.
    pub in_valid: Signal<In, Bit>,
    /// Neuron id, passed through unchanged (16 bits).
    pub in_tag: Signal<In, Bits<TAG_W>>,
    /// The neuron's profile word (`docs/model.md` §6), valid with `in_valid`.
    pub in_profile: Signal<In, Bits<PROFILE_W>>,
    /// The neuron's state word at the start of the update, valid with `in_valid`.
    pub in_state: Signal<In, Bits<STATE_W>>,
    /// The neuron's dendritic slot word for this timestep, valid with `in_valid`.
    pub in_slot: Signal<In, Bits<SLOT_W>>,
    /// `out_*` carry an updated neuron in this cycle.
    pub out_valid: Signal<Out, Bit>,
    /// The `in_tag` of the neuron on `out_*`.
    pub out_tag: Signal<Out, Bits<TAG_W>>,
    /// The updated state word (the `profile` field is kept).
    pub out_state: Signal<Out, Bits<STATE_W>>,
    /// The neuron spiked in this update.
    pub out_spike: Signal<Out, Bit>,

    // Field positions (from flux_sim::spec).
    lsb_v: Constant<Bits<INDEX_W>>,
    lsb_u: Constant<Bits<INDEX_W>>,
    lsb_thr_off: Constant<Bits<INDEX_W>>,
    lsb_mod_level: Constant<Bits<INDEX_W>>,
    lsb_ref_cnt: Constant<Bits<INDEX_W>>,
    lsb_quiet_cnt: Constant<Bits<INDEX_W>>,
    lsb_profile: Constant<Bits<INDEX_W>>,
    lsb_kind: Constant<Bits<INDEX_W>>,
    /// The CUBA datapath exists (preset `cuba`); without it every profile runs as FLUX
    /// (`docs/model.md` §1) and yosys drops the CUBA-only logic.
    has_cuba: Constant<bool>,
    lsb_ref_period: Constant<Bits<INDEX_W>>,
    lsb_reset_mode: Constant<Bits<INDEX_W>>,
    lsb_leak_mode: Constant<Bits<INDEX_W>>,
    lsb_v_rest: Constant<Bits<INDEX_W>>,
    lsb_v_reset: Constant<Bits<INDEX_W>>,
    lsb_thr: Constant<Bits<INDEX_W>>,
    lsb_leak: Constant<Bits<INDEX_W>>,
    lsb_hab_rate: Constant<Bits<INDEX_W>>,
    lsb_pot_rate: Constant<Bits<INDEX_W>>,
    lsb_quiet_steps: Constant<Bits<INDEX_W>>,
    lsb_thr_off_max: Constant<Bits<INDEX_W>>,
    lsb_mod_relax: Constant<Bits<INDEX_W>>,
    lsb_mod_gain: Constant<Bits<INDEX_W>>,
    lsb_du: Constant<Bits<INDEX_W>>,
    lsb_dv: Constant<Bits<INDEX_W>>,
    lsb_vth: Constant<Bits<INDEX_W>>,
    lsb_bias_mant: Constant<Bits<INDEX_W>>,
    lsb_bias_exp: Constant<Bits<INDEX_W>>,
    lsb_a_in: Constant<Bits<INDEX_W>>,
    lsb_m_in: Constant<Bits<INDEX_W>>,
    lsb_e: Constant<Bits<INDEX_W>>,

    // Sized constants of the rules.
    /// 1, to count `ref_cnt` down.
    one_8: Constant<Bits<8>>,
    /// 255, the `quiet_cnt` ceiling (§3 step 3).
    max_8: Constant<Bits<8>>,
    /// 4096, the CUBA decay base (§4: `4096 - dv`).
    decay_base: Constant<Bits<F_W>>,
    /// `-2^17` and `2^17 - 1`, the CUBA input clamp (§4 step 1).
    a_min: Constant<Bits<A_W>>,
    a_max: Constant<Bits<A_W>>,
    /// -32768 and 32767: the sat16 bounds, as 16-bit patterns.
    s16_min: Constant<Bits<16>>,
    s16_max: Constant<Bits<16>>,
    /// 1, the lower bound of `thr_eff` (§3 step 4).
    thr_eff_min: Constant<Bits<16>>,
    /// `2^23`: the one 24-bit pattern whose wrap is `+2^23` (§4 step 2), and which `v` clamps away from.
    v_edge: Constant<Bits<24>>,
    /// `-(2^23 - 1)` and `2^23 - 1`, the CUBA `v` clamp (§4 step 3), as 24-bit patterns.
    v_min: Constant<Bits<24>>,
    v_max: Constant<Bits<24>>,
    /// Sign-flip of an `M_W`-bit word: signed `a < b` is unsigned `a ^ s < b ^ s`.
    flip_m: Constant<Bits<M_W>>,
    /// Sign-bit positions of the working widths and fields (`msb_<width>`).
    msb_16: Constant<Bits<INDEX_W>>,
    msb_m: Constant<Bits<INDEX_W>>,
    msb_t: Constant<Bits<INDEX_W>>,
    msb_va: Constant<Bits<INDEX_W>>,
    msb_v: Constant<Bits<INDEX_W>>,
    msb_v25: Constant<Bits<INDEX_W>>,
    msb_a: Constant<Bits<INDEX_W>>,
    msb_bias: Constant<Bits<INDEX_W>>,
    msb_bias_mant: Constant<Bits<INDEX_W>>,
    msb_st_u: Constant<Bits<INDEX_W>>,
    msb_st_v: Constant<Bits<INDEX_W>>,
    msb_a_in: Constant<Bits<INDEX_W>>,
    /// The CUBA decay split `hi = m >> 12` (`flux_sim::neuron::decay`).
    dec_shift: Constant<Bits<INDEX_W>>,
    /// Lava's `act_shift`/`vth_shift` (`flux_sim::neuron::CUBA_ACT_SHIFT`): `a * 64`, `vth * 64`.
    act_shift: Constant<Bits<INDEX_W>>,
    /// The 8 of `asr(mod_level' * mod_gain, 8)` (§3 step 4).
    mod_shift: Constant<Bits<INDEX_W>>,
    // Sign-extension masks, named `ext_<to>_<from>`.
    ext_m_16: Constant<Bits<M_W>>,
    ext_t_m: Constant<Bits<T_W>>,
    ext_t_16: Constant<Bits<T_W>>,
    ext_va_24: Constant<Bits<VA_W>>,
    ext_va_16: Constant<Bits<VA_W>>,
    ext_v_va: Constant<Bits<V_W>>,
    ext_v_24: Constant<Bits<V_W>>,
    ext_v_25: Constant<Bits<V_W>>,
    ext_v_bias: Constant<Bits<V_W>>,
    ext_24_16: Constant<Bits<24>>,
    ext_24_a: Constant<Bits<24>>,
    ext_25_24: Constant<Bits<25>>,
    ext_v25_24: Constant<Bits<V25_W>>,
    ext_bias_13: Constant<Bits<BIAS_W>>,

    // Decoded input fields (wires).
    st_v: Signal<Local, Bits<{ w(state::V) }>>,
    st_u: Signal<Local, Bits<{ w(state::U) }>>,
    st_thr_off: Signal<Local, Bits<{ w(state::THR_OFF) }>>,
    st_mod_level: Signal<Local, Bits<{ w(state::MOD_LEVEL) }>>,
    st_ref_cnt: Signal<Local, Bits<{ w(state::REF_CNT) }>>,
    st_quiet_cnt: Signal<Local, Bits<{ w(state::QUIET_CNT) }>>,
    st_profile: Signal<Local, Bits<{ w(state::PROFILE) }>>,
    pf_kind: Signal<Local, Bit>,
    pf_ref_period: Signal<Local, Bits<{ w(profile::REF_PERIOD) }>>,
    pf_reset_mode: Signal<Local, Bit>,
    pf_leak_mode: Signal<Local, Bit>,
    pf_v_rest: Signal<Local, Bits<{ w(profile::V_REST) }>>,
    pf_v_reset: Signal<Local, Bits<{ w(profile::V_RESET) }>>,
    pf_thr: Signal<Local, Bits<{ w(profile::THR) }>>,
    pf_leak: Signal<Local, Bits<{ w(profile::LEAK) }>>,
    pf_hab_rate: Signal<Local, Bits<{ w(profile::HAB_RATE) }>>,
    pf_pot_rate: Signal<Local, Bits<{ w(profile::POT_RATE) }>>,
    pf_quiet_steps: Signal<Local, Bits<{ w(profile::QUIET_STEPS) }>>,
    pf_thr_off_max: Signal<Local, Bits<{ w(profile::THR_OFF_MAX) }>>,
    pf_mod_relax: Signal<Local, Bits<{ w(profile::MOD_RELAX) }>>,
    pf_mod_gain: Signal<Local, Bits<{ w(profile::MOD_GAIN) }>>,
    pf_du: Signal<Local, Bits<{ w(profile::DU) }>>,
    pf_dv: Signal<Local, Bits<{ w(profile::DV) }>>,
    pf_vth: Signal<Local, Bits<{ w(profile::VTH) }>>,
    pf_bias_mant: Signal<Local, Bits<{ w(profile::BIAS_MANT) }>>,
    pf_bias_exp: Signal<Local, Bits<{ w(profile::BIAS_EXP) }>>,
    sl_a_in: Signal<Local, Bits<{ w(slot::A_IN) }>>,
    sl_m_in: Signal<Local, Bits<{ w(slot::M_IN) }>>,
    sl_e: Signal<Local, Bit>,

    // Stage 1 wires.
    refr: Signal<Local, Bit>,
    mod_level_m: Signal<Local, Bits<M_W>>,
    mod_relax_m: Signal<Local, Bits<M_W>>,
    mod_toward: Signal<Local, Bits<M_W>>,
    mod_relaxed: Signal<Local, Bits<M_W>>,
    m_in_m: Signal<Local, Bits<M_W>>,
    mod_sum: Signal<Local, Bits<M_W>>,
    mod_next: Signal<Local, Bits<16>>,
    active: Signal<Local, Bit>,
    quiet_q: Signal<Local, Bits<8>>,
    potentiate: Signal<Local, Bit>,
    thr_off_m: Signal<Local, Bits<M_W>>,
    thr_off_max_m: Signal<Local, Bits<M_W>>,
    neg_thr_off_max_m: Signal<Local, Bits<M_W>>,
    habituated: Signal<Local, Bits<M_W>>,
    potentiated: Signal<Local, Bits<M_W>>,
    thr_off_next: Signal<Local, Bits<16>>,
    v_va: Signal<Local, Bits<VA_W>>,
    v_rest_va: Signal<Local, Bits<VA_W>>,
    a_in_va: Signal<Local, Bits<VA_W>>,
    d_pos: Signal<Local, Bits<VA_W>>,
    d_neg: Signal<Local, Bits<VA_W>>,
    u_neg: Signal<Local, Bits<{ w(state::U) }>>,
    v_neg: Signal<Local, Bits<{ w(state::V) }>>,
    a_clamped: Signal<Local, Bits<A_W>>,
    a_ext: Signal<Local, Bits<24>>,
    bias_mant_ext: Signal<Local, Bits<BIAS_W>>,

    // Stage 2 wires.
    exp_step: Signal<Local, Bits<D_W>>,
    mod_prod: Signal<Local, Bits<32>>,
    bias_v2: Signal<Local, Bits<V_W>>,
    leak_d: Signal<Local, Bits<D_W>>,
    thr_off_t: Signal<Local, Bits<M_W>>,

    // Stage 3 wires.
    va_v: Signal<Local, Bits<V_W>>,
    v_leaked: Signal<Local, Bits<V_W>>,
    v_sat16: Signal<Local, Bits<16>>,
    mod_term: Signal<Local, Bits<16>>,
    mod_term_t: Signal<Local, Bits<T_W>>,
    thr_base_t: Signal<Local, Bits<T_W>>,
    thr_sum: Signal<Local, Bits<T_W>>,

    // Stage 4 wires.
    v_int_25: Signal<Local, Bits<V25_W>>,
    thr_eff_25: Signal<Local, Bits<V25_W>>,
    v_sub_25: Signal<Local, Bits<V25_W>>,
    v_burst_25: Signal<Local, Bits<V25_W>>,
    a64_v: Signal<Local, Bits<V_W>>,
    bias_v: Signal<Local, Bits<V_W>>,
    u1: Signal<Local, Bits<V_W>>,
    u_wrapped: Signal<Local, Bits<{ w(state::U) }>>,

    // Stage 5 wires.
    v_sub16: Signal<Local, Bits<16>>,
    u_v: Signal<Local, Bits<V_W>>,
    v_sum: Signal<Local, Bits<V_W>>,
    v_over: Signal<Local, Bits<V_W>>,
    v_under: Signal<Local, Bits<V_W>>,
    v_clamped: Signal<Local, Bits<24>>,
    cuba_v_int: Signal<Local, Bits<24>>,
    cuba_spike: Signal<Local, Bit>,
    v_reset_24: Signal<Local, Bits<24>>,

    // Valid and tag travel alongside the data.
    valid_pipe: [DFF<Bit>; NEURON_CORE_LATENCY],
    tag_pipe: [DFF<Bits<TAG_W>>; NEURON_CORE_LATENCY],

    // Stage 1 registers: carried by both kinds.
    s1_kind: DFF<Bit>,
    s1_refr: DFF<Bit>,
    s1_ref_held: DFF<Bits<8>>,
    s1_ref_period: DFF<Bits<8>>,
    s1_e: DFF<Bit>,
    s1_v: DFF<Bits<24>>,
    s1_u: DFF<Bits<25>>,
    s1_profile: DFF<Bits<{ w(state::PROFILE) }>>,
    /// FLUX: `thr_off'`, `mod_level'`, `quiet_cnt'`; CUBA: the inputs, kept.
    s1_thr_off: DFF<Bits<16>>,
    s1_mod_level: DFF<Bits<16>>,
    s1_quiet_cnt: DFF<Bits<8>>,
    // Stage 1 registers: FLUX.
    s1_d_mag: DFF<Bits<D_W>>,
    s1_d_is_neg: DFF<Bit>,
    s1_va: DFF<Bits<VA_W>>,
    s1_leak: DFF<Bits<12>>,
    s1_leak_mode: DFF<Bit>,
    s1_reset_mode: DFF<Bit>,
    s1_v_reset: DFF<Bits<16>>,
    s1_thr: DFF<Bits<16>>,
    s1_mod_gain: DFF<Bits<8>>,
    // Stage 1 registers: CUBA.
    s1_mag_u: DFF<Bits<25>>,
    s1_u_is_neg: DFF<Bit>,
    s1_mag_v: DFF<Bits<24>>,
    s1_v_is_neg: DFF<Bit>,
    s1_factor_u: DFF<Bits<{ w(profile::DU) }>>,
    s1_factor_v: DFF<Bits<F_W>>,
    s1_a64: DFF<Bits<24>>,
    s1_bias: DFF<Bits<BIAS_W>>,
    s1_vth: DFF<Bits<{ w(profile::VTH) }>>,

    // Stage 2.
    s2_kind: DFF<Bit>,
    s2_refr: DFF<Bit>,
    s2_ref_held: DFF<Bits<8>>,
    s2_ref_period: DFF<Bits<8>>,
    s2_e: DFF<Bit>,
    s2_v: DFF<Bits<24>>,
    s2_u: DFF<Bits<25>>,
    s2_profile: DFF<Bits<{ w(state::PROFILE) }>>,
    s2_thr_off: DFF<Bits<16>>,
    s2_mod_level: DFF<Bits<16>>,
    s2_quiet_cnt: DFF<Bits<8>>,
    s2_step: DFF<Bits<D_W>>,
    s2_step_sub: DFF<Bit>,
    s2_va: DFF<Bits<VA_W>>,
    s2_thr_base: DFF<Bits<M_W>>,
    /// Bits 8..24 of the unsigned product (stage 3 corrects them for the sign).
    s2_mod_prod: DFF<Bits<16>>,
    s2_mod_is_neg: DFF<Bit>,
    s2_mod_gain: DFF<Bits<8>>,
    s2_reset_mode: DFF<Bit>,
    s2_v_reset: DFF<Bits<16>>,
    s2_pu_hi: DFF<Bits<32>>,
    s2_pu_lo: DFF<Bits<32>>,
    s2_pv_hi: DFF<Bits<32>>,
    s2_pv_lo: DFF<Bits<32>>,
    s2_u_is_neg: DFF<Bit>,
    s2_v_is_neg: DFF<Bit>,
    s2_a64: DFF<Bits<24>>,
    s2_bias: DFF<Bits<BIAS_W>>,
    s2_bias_gap: DFF<Bits<V_W>>,
    s2_bias_floor: DFF<Bits<V_W>>,

    // Stage 3.
    s3_kind: DFF<Bit>,
    s3_refr: DFF<Bit>,
    s3_ref_held: DFF<Bits<8>>,
    s3_ref_period: DFF<Bits<8>>,
    s3_e: DFF<Bit>,
    s3_v: DFF<Bits<24>>,
    s3_u: DFF<Bits<25>>,
    s3_profile: DFF<Bits<{ w(state::PROFILE) }>>,
    s3_thr_off: DFF<Bits<16>>,
    s3_mod_level: DFF<Bits<16>>,
    s3_quiet_cnt: DFF<Bits<8>>,
    /// FLUX `v'` after leak and integration (or `v` while refractory).
    s3_v_int: DFF<Bits<24>>,
    s3_thr_eff: DFF<Bits<16>>,
    s3_reset_mode: DFF<Bit>,
    s3_v_reset: DFF<Bits<16>>,
    s3_dec_u: DFF<Bits<DEC_W>>,
    s3_dec_v: DFF<Bits<DEC_W>>,
    s3_u_is_neg: DFF<Bit>,
    s3_v_is_neg: DFF<Bit>,
    s3_a64: DFF<Bits<24>>,
    s3_bias: DFF<Bits<BIAS_W>>,
    s3_bias_gap: DFF<Bits<V_W>>,
    s3_bias_floor: DFF<Bits<V_W>>,

    // Stage 4.
    s4_kind: DFF<Bit>,
    s4_refr: DFF<Bit>,
    s4_ref_held: DFF<Bits<8>>,
    s4_ref_period: DFF<Bits<8>>,
    s4_e: DFF<Bit>,
    s4_v: DFF<Bits<24>>,
    /// FLUX: `u`, kept; CUBA: `u'`.
    s4_u: DFF<Bits<25>>,
    s4_profile: DFF<Bits<{ w(state::PROFILE) }>>,
    s4_thr_off: DFF<Bits<16>>,
    s4_mod_level: DFF<Bits<16>>,
    s4_quiet_cnt: DFF<Bits<8>>,
    s4_v_int: DFF<Bits<24>>,
    s4_flux_spike: DFF<Bit>,
    s4_v_sub: DFF<Bits<V25_W>>,
    s4_burst_end: DFF<Bit>,
    s4_reset_mode: DFF<Bit>,
    s4_v_reset: DFF<Bits<16>>,
    s4_v_base: DFF<Bits<V_W>>,
    s4_v_gap: DFF<Bits<V_W>>,
    s4_v_floor: DFF<Bits<V_W>>,

    // Stage 5: the output registers.
    s5_spike: DFF<Bit>,
    s5_v: DFF<Bits<{ w(state::V) }>>,
    s5_u: DFF<Bits<{ w(state::U) }>>,
    s5_thr_off: DFF<Bits<{ w(state::THR_OFF) }>>,
    s5_mod_level: DFF<Bits<{ w(state::MOD_LEVEL) }>>,
    s5_ref_cnt: DFF<Bits<{ w(state::REF_CNT) }>>,
    s5_quiet_cnt: DFF<Bits<{ w(state::QUIET_CNT) }>>,
    s5_profile: DFF<Bits<{ w(state::PROFILE) }>>,
}

impl Default for NeuronCore {
    /// The datapath with both kinds.
    fn default() -> Self {
        Self::new(true)
    }
}

impl NeuronCore {
    /// The datapath, with the CUBA kind when `cuba` (preset field `cuba`).
    pub fn new(cuba: bool) -> Self {
        Self {
            clock: Default::default(),
            reset: Default::default(),
            in_valid: Default::default(),
            in_tag: Default::default(),
            in_profile: Default::default(),
            in_state: Default::default(),
            in_slot: Default::default(),
            out_valid: Default::default(),
            out_tag: Default::default(),
            out_state: Default::default(),
            out_spike: Default::default(),

            lsb_v: lsb(state::V),
            lsb_u: lsb(state::U),
            lsb_thr_off: lsb(state::THR_OFF),
            lsb_mod_level: lsb(state::MOD_LEVEL),
            lsb_ref_cnt: lsb(state::REF_CNT),
            lsb_quiet_cnt: lsb(state::QUIET_CNT),
            lsb_profile: lsb(state::PROFILE),
            lsb_kind: lsb(profile::KIND),
            has_cuba: Constant::new(cuba),
            lsb_ref_period: lsb(profile::REF_PERIOD),
            lsb_reset_mode: lsb(profile::RESET_MODE),
            lsb_leak_mode: lsb(profile::LEAK_MODE),
            lsb_v_rest: lsb(profile::V_REST),
            lsb_v_reset: lsb(profile::V_RESET),
            lsb_thr: lsb(profile::THR),
            lsb_leak: lsb(profile::LEAK),
            lsb_hab_rate: lsb(profile::HAB_RATE),
            lsb_pot_rate: lsb(profile::POT_RATE),
            lsb_quiet_steps: lsb(profile::QUIET_STEPS),
            lsb_thr_off_max: lsb(profile::THR_OFF_MAX),
            lsb_mod_relax: lsb(profile::MOD_RELAX),
            lsb_mod_gain: lsb(profile::MOD_GAIN),
            lsb_du: lsb(profile::DU),
            lsb_dv: lsb(profile::DV),
            lsb_vth: lsb(profile::VTH),
            lsb_bias_mant: lsb(profile::BIAS_MANT),
            lsb_bias_exp: lsb(profile::BIAS_EXP),
            lsb_a_in: lsb(slot::A_IN),
            lsb_m_in: lsb(slot::M_IN),
            lsb_e: lsb(slot::E),

            one_8: k(1),
            max_8: pattern(QUIET_CNT_MAX),
            decay_base: pattern(CUBA_DECAY_BASE),
            a_min: pattern(CUBA_A_MIN),
            a_max: pattern(CUBA_A_MAX),
            s16_min: pattern(I16_MIN),
            s16_max: pattern(I16_MAX),
            thr_eff_min: pattern(FLUX_THR_EFF_MIN),
            v_edge: pattern(CUBA_U_WRAP),
            v_min: pattern(-I24_MAX),
            v_max: pattern(I24_MAX),
            flip_m: k(1 << (M_W - 1)),
            msb_16: k(15),
            msb_m: k(M_W as u64 - 1),
            msb_t: k(T_W as u64 - 1),
            msb_va: k(VA_W as u64 - 1),
            msb_v: k(V_W as u64 - 1),
            msb_v25: k(V25_W as u64 - 1),
            msb_a: k(A_W as u64 - 1),
            msb_bias: k(BIAS_W as u64 - 1),
            msb_bias_mant: k(profile::BIAS_MANT.width as u64 - 1),
            msb_st_u: k(state::U.width as u64 - 1),
            msb_st_v: k(state::V.width as u64 - 1),
            msb_a_in: k(slot::A_IN.width as u64 - 1),
            dec_shift: k(DEC_SHIFT as u64),
            act_shift: k(CUBA_ACT_SHIFT as u64),
            mod_shift: k(MOD_SHIFT as u64),
            ext_m_16: ext(16),
            ext_t_m: ext(M_W),
            ext_t_16: ext(16),
            ext_va_24: ext(24),
            ext_va_16: ext(16),
            ext_v_va: ext(VA_W),
            ext_v_24: ext(24),
            ext_v_25: ext(25),
            ext_v_bias: ext(BIAS_W),
            ext_24_16: ext(16),
            ext_24_a: ext(A_W),
            ext_25_24: ext(24),
            ext_v25_24: ext(24),
            ext_bias_13: ext(w(profile::BIAS_MANT)),

            st_v: Default::default(),
            st_u: Default::default(),
            st_thr_off: Default::default(),
            st_mod_level: Default::default(),
            st_ref_cnt: Default::default(),
            st_quiet_cnt: Default::default(),
            st_profile: Default::default(),
            pf_kind: Default::default(),
            pf_ref_period: Default::default(),
            pf_reset_mode: Default::default(),
            pf_leak_mode: Default::default(),
            pf_v_rest: Default::default(),
            pf_v_reset: Default::default(),
            pf_thr: Default::default(),
            pf_leak: Default::default(),
            pf_hab_rate: Default::default(),
            pf_pot_rate: Default::default(),
            pf_quiet_steps: Default::default(),
            pf_thr_off_max: Default::default(),
            pf_mod_relax: Default::default(),
            pf_mod_gain: Default::default(),
            pf_du: Default::default(),
            pf_dv: Default::default(),
            pf_vth: Default::default(),
            pf_bias_mant: Default::default(),
            pf_bias_exp: Default::default(),
            sl_a_in: Default::default(),
            sl_m_in: Default::default(),
            sl_e: Default::default(),

            refr: Default::default(),
            mod_level_m: Default::default(),
            mod_relax_m: Default::default(),
            mod_toward: Default::default(),
            mod_relaxed: Default::default(),
            m_in_m: Default::default(),
            mod_sum: Default::default(),
            mod_next: Default::default(),
            active: Default::default(),
            quiet_q: Default::default(),
            potentiate: Default::default(),
            thr_off_m: Default::default(),
            thr_off_max_m: Default::default(),
            neg_thr_off_max_m: Default::default(),
            habituated: Default::default(),
            potentiated: Default::default(),
            thr_off_next: Default::default(),
            v_va: Default::default(),
            v_rest_va: Default::default(),
            a_in_va: Default::default(),
            d_pos: Default::default(),
            d_neg: Default::default(),
            u_neg: Default::default(),
            v_neg: Default::default(),
            a_clamped: Default::default(),
            a_ext: Default::default(),
            bias_mant_ext: Default::default(),
            exp_step: Default::default(),
            mod_prod: Default::default(),
            bias_v2: Default::default(),
            leak_d: Default::default(),
            thr_off_t: Default::default(),
            va_v: Default::default(),
            v_leaked: Default::default(),
            v_sat16: Default::default(),
            mod_term: Default::default(),
            mod_term_t: Default::default(),
            thr_base_t: Default::default(),
            thr_sum: Default::default(),
            v_int_25: Default::default(),
            thr_eff_25: Default::default(),
            v_sub_25: Default::default(),
            v_burst_25: Default::default(),
            a64_v: Default::default(),
            bias_v: Default::default(),
            u1: Default::default(),
            u_wrapped: Default::default(),
            v_sub16: Default::default(),
            u_v: Default::default(),
            v_sum: Default::default(),
            v_over: Default::default(),
            v_under: Default::default(),
            v_clamped: Default::default(),
            cuba_v_int: Default::default(),
            cuba_spike: Default::default(),
            v_reset_24: Default::default(),

            valid_pipe: std::array::from_fn(|_| Default::default()),
            tag_pipe: std::array::from_fn(|_| Default::default()),

            s1_kind: Default::default(),
            s1_refr: Default::default(),
            s1_ref_held: Default::default(),
            s1_ref_period: Default::default(),
            s1_e: Default::default(),
            s1_v: Default::default(),
            s1_u: Default::default(),
            s1_profile: Default::default(),
            s1_thr_off: Default::default(),
            s1_mod_level: Default::default(),
            s1_quiet_cnt: Default::default(),
            s1_d_mag: Default::default(),
            s1_d_is_neg: Default::default(),
            s1_va: Default::default(),
            s1_leak: Default::default(),
            s1_leak_mode: Default::default(),
            s1_reset_mode: Default::default(),
            s1_v_reset: Default::default(),
            s1_thr: Default::default(),
            s1_mod_gain: Default::default(),
            s1_mag_u: Default::default(),
            s1_u_is_neg: Default::default(),
            s1_mag_v: Default::default(),
            s1_v_is_neg: Default::default(),
            s1_factor_u: Default::default(),
            s1_factor_v: Default::default(),
            s1_a64: Default::default(),
            s1_bias: Default::default(),
            s1_vth: Default::default(),

            s2_kind: Default::default(),
            s2_refr: Default::default(),
            s2_ref_held: Default::default(),
            s2_ref_period: Default::default(),
            s2_e: Default::default(),
            s2_v: Default::default(),
            s2_u: Default::default(),
            s2_profile: Default::default(),
            s2_thr_off: Default::default(),
            s2_mod_level: Default::default(),
            s2_quiet_cnt: Default::default(),
            s2_step: Default::default(),
            s2_step_sub: Default::default(),
            s2_va: Default::default(),
            s2_thr_base: Default::default(),
            s2_mod_prod: Default::default(),
            s2_mod_is_neg: Default::default(),
            s2_mod_gain: Default::default(),
            s2_reset_mode: Default::default(),
            s2_v_reset: Default::default(),
            s2_pu_hi: Default::default(),
            s2_pu_lo: Default::default(),
            s2_pv_hi: Default::default(),
            s2_pv_lo: Default::default(),
            s2_u_is_neg: Default::default(),
            s2_v_is_neg: Default::default(),
            s2_a64: Default::default(),
            s2_bias: Default::default(),
            s2_bias_gap: Default::default(),
            s2_bias_floor: Default::default(),

            s3_kind: Default::default(),
            s3_refr: Default::default(),
            s3_ref_held: Default::default(),
            s3_ref_period: Default::default(),
            s3_e: Default::default(),
            s3_v: Default::default(),
            s3_u: Default::default(),
            s3_profile: Default::default(),
            s3_thr_off: Default::default(),
            s3_mod_level: Default::default(),
            s3_quiet_cnt: Default::default(),
            s3_v_int: Default::default(),
            s3_thr_eff: Default::default(),
            s3_reset_mode: Default::default(),
            s3_v_reset: Default::default(),
            s3_dec_u: Default::default(),
            s3_dec_v: Default::default(),
            s3_u_is_neg: Default::default(),
            s3_v_is_neg: Default::default(),
            s3_a64: Default::default(),
            s3_bias: Default::default(),
            s3_bias_gap: Default::default(),
            s3_bias_floor: Default::default(),

            s4_kind: Default::default(),
            s4_refr: Default::default(),
            s4_ref_held: Default::default(),
            s4_ref_period: Default::default(),
            s4_e: Default::default(),
            s4_v: Default::default(),
            s4_u: Default::default(),
            s4_profile: Default::default(),
            s4_thr_off: Default::default(),
            s4_mod_level: Default::default(),
            s4_quiet_cnt: Default::default(),
            s4_v_int: Default::default(),
            s4_flux_spike: Default::default(),
            s4_v_sub: Default::default(),
            s4_burst_end: Default::default(),
            s4_reset_mode: Default::default(),
            s4_v_reset: Default::default(),
            s4_v_base: Default::default(),
            s4_v_gap: Default::default(),
            s4_v_floor: Default::default(),

            s5_spike: Default::default(),
            s5_v: Default::default(),
            s5_u: Default::default(),
            s5_thr_off: Default::default(),
            s5_mod_level: Default::default(),
            s5_ref_cnt: Default::default(),
            s5_quiet_cnt: Default::default(),
            s5_profile: Default::default(),
        }
    }
}

// The kernel's `get_bits::<{ w(F) }>` widths need braces as generic arguments; `#[hdl_gen]` copies
// them into function arguments of the generated `hdl()`, where rustc calls them unnecessary.
#[allow(unused_braces)]
impl Logic for NeuronCore {
    #[hdl_gen]
    fn update(&mut self) {
        for i in 0..NEURON_CORE_LATENCY {
            self.valid_pipe[i].clock.next = self.clock.val();
            self.tag_pipe[i].clock.next = self.clock.val();
        }
        clock!(
            self,
            clock,
            s1_kind,
            s1_refr,
            s1_ref_held,
            s1_ref_period,
            s1_e,
            s1_v,
            s1_u,
            s1_profile,
            s1_thr_off,
            s1_mod_level,
            s1_quiet_cnt,
            s1_d_mag,
            s1_d_is_neg,
            s1_va,
            s1_leak,
            s1_leak_mode,
            s1_reset_mode,
            s1_v_reset,
            s1_thr,
            s1_mod_gain,
            s1_mag_u,
            s1_u_is_neg,
            s1_mag_v,
            s1_v_is_neg,
            s1_factor_u,
            s1_factor_v,
            s1_a64,
            s1_bias,
            s1_vth,
            s2_kind,
            s2_refr,
            s2_ref_held,
            s2_ref_period,
            s2_e,
            s2_v,
            s2_u,
            s2_profile,
            s2_thr_off,
            s2_mod_level,
            s2_quiet_cnt,
            s2_step,
            s2_step_sub,
            s2_va,
            s2_thr_base,
            s2_mod_prod,
            s2_mod_is_neg,
            s2_mod_gain,
            s2_reset_mode,
            s2_v_reset,
            s2_pu_hi,
            s2_pu_lo,
            s2_pv_hi,
            s2_pv_lo,
            s2_u_is_neg,
            s2_v_is_neg,
            s2_a64,
            s2_bias,
            s2_bias_gap,
            s2_bias_floor,
            s3_kind,
            s3_refr,
            s3_ref_held,
            s3_ref_period,
            s3_e,
            s3_v,
            s3_u,
            s3_profile,
            s3_thr_off,
            s3_mod_level,
            s3_quiet_cnt,
            s3_v_int,
            s3_thr_eff,
            s3_reset_mode,
            s3_v_reset,
            s3_dec_u,
            s3_dec_v,
            s3_u_is_neg,
            s3_v_is_neg,
            s3_a64,
            s3_bias,
            s3_bias_gap,
            s3_bias_floor,
            s4_kind,
            s4_refr,
            s4_ref_held,
            s4_ref_period,
            s4_e,
            s4_v,
            s4_u,
            s4_profile,
            s4_thr_off,
            s4_mod_level,
            s4_quiet_cnt,
            s4_v_int,
            s4_flux_spike,
            s4_v_sub,
            s4_burst_end,
            s4_reset_mode,
            s4_v_reset,
            s4_v_base,
            s4_v_gap,
            s4_v_floor,
            s5_spike,
            s5_v,
            s5_u,
            s5_thr_off,
            s5_mod_level,
            s5_ref_cnt,
            s5_quiet_cnt,
            s5_profile
        );

        // Valid and tag: a plain delay line.
        self.valid_pipe[0].d.next = self.in_valid.val();
        self.tag_pipe[0].d.next = self.in_tag.val();
        for i in 1..NEURON_CORE_LATENCY {
            self.valid_pipe[i].d.next = self.valid_pipe[i - 1].q.val();
            self.tag_pipe[i].d.next = self.tag_pipe[i - 1].q.val();
        }
        if self.reset.val() {
            for i in 0..NEURON_CORE_LATENCY {
                self.valid_pipe[i].d.next = false;
            }
        }

        // ---- Decode (docs/model.md §6): slice every field at its spec position. ----
        self.st_v.next = self
            .in_state
            .val()
            .get_bits::<{ w(state::V) }>(self.lsb_v.val().index());
        self.st_u.next = self
            .in_state
            .val()
            .get_bits::<{ w(state::U) }>(self.lsb_u.val().index());
        self.st_thr_off.next = self
            .in_state
            .val()
            .get_bits::<{ w(state::THR_OFF) }>(self.lsb_thr_off.val().index());
        self.st_mod_level.next = self
            .in_state
            .val()
            .get_bits::<{ w(state::MOD_LEVEL) }>(self.lsb_mod_level.val().index());
        self.st_ref_cnt.next = self
            .in_state
            .val()
            .get_bits::<{ w(state::REF_CNT) }>(self.lsb_ref_cnt.val().index());
        self.st_quiet_cnt.next = self
            .in_state
            .val()
            .get_bits::<{ w(state::QUIET_CNT) }>(self.lsb_quiet_cnt.val().index());
        self.st_profile.next = self
            .in_state
            .val()
            .get_bits::<{ w(state::PROFILE) }>(self.lsb_profile.val().index());
        self.pf_kind.next =
            self.in_profile.val().get_bit(self.lsb_kind.val().index()) && self.has_cuba.val();
        self.pf_ref_period.next = self
            .in_profile
            .val()
            .get_bits::<{ w(profile::REF_PERIOD) }>(self.lsb_ref_period.val().index());
        self.pf_reset_mode.next = self
            .in_profile
            .val()
            .get_bit(self.lsb_reset_mode.val().index());
        self.pf_leak_mode.next = self
            .in_profile
            .val()
            .get_bit(self.lsb_leak_mode.val().index());
        self.pf_v_rest.next = self
            .in_profile
            .val()
            .get_bits::<{ w(profile::V_REST) }>(self.lsb_v_rest.val().index());
        self.pf_v_reset.next = self
            .in_profile
            .val()
            .get_bits::<{ w(profile::V_RESET) }>(self.lsb_v_reset.val().index());
        self.pf_thr.next = self
            .in_profile
            .val()
            .get_bits::<{ w(profile::THR) }>(self.lsb_thr.val().index());
        self.pf_leak.next = self
            .in_profile
            .val()
            .get_bits::<{ w(profile::LEAK) }>(self.lsb_leak.val().index());
        self.pf_hab_rate.next = self
            .in_profile
            .val()
            .get_bits::<{ w(profile::HAB_RATE) }>(self.lsb_hab_rate.val().index());
        self.pf_pot_rate.next = self
            .in_profile
            .val()
            .get_bits::<{ w(profile::POT_RATE) }>(self.lsb_pot_rate.val().index());
        self.pf_quiet_steps.next = self
            .in_profile
            .val()
            .get_bits::<{ w(profile::QUIET_STEPS) }>(self.lsb_quiet_steps.val().index());
        self.pf_thr_off_max.next = self
            .in_profile
            .val()
            .get_bits::<{ w(profile::THR_OFF_MAX) }>(self.lsb_thr_off_max.val().index());
        self.pf_mod_relax.next = self
            .in_profile
            .val()
            .get_bits::<{ w(profile::MOD_RELAX) }>(self.lsb_mod_relax.val().index());
        self.pf_mod_gain.next = self
            .in_profile
            .val()
            .get_bits::<{ w(profile::MOD_GAIN) }>(self.lsb_mod_gain.val().index());
        self.pf_du.next = self
            .in_profile
            .val()
            .get_bits::<{ w(profile::DU) }>(self.lsb_du.val().index());
        self.pf_dv.next = self
            .in_profile
            .val()
            .get_bits::<{ w(profile::DV) }>(self.lsb_dv.val().index());
        self.pf_vth.next = self
            .in_profile
            .val()
            .get_bits::<{ w(profile::VTH) }>(self.lsb_vth.val().index());
        self.pf_bias_mant.next = self
            .in_profile
            .val()
            .get_bits::<{ w(profile::BIAS_MANT) }>(self.lsb_bias_mant.val().index());
        self.pf_bias_exp.next = self
            .in_profile
            .val()
            .get_bits::<{ w(profile::BIAS_EXP) }>(self.lsb_bias_exp.val().index());
        self.sl_a_in.next = self
            .in_slot
            .val()
            .get_bits::<{ w(slot::A_IN) }>(self.lsb_a_in.val().index());
        self.sl_m_in.next = self
            .in_slot
            .val()
            .get_bits::<{ w(slot::M_IN) }>(self.lsb_m_in.val().index());
        self.sl_e.next = self.in_slot.val().get_bit(self.lsb_e.val().index());

        // ---- Stage 1 ----
        // §3 step 1 / §4 step 3: refractory at the start of the update; the held count.
        self.refr.next = self.st_ref_cnt.val().any();
        self.s1_refr.d.next = self.refr.val();
        self.s1_ref_held.d.next = self.st_ref_cnt.val();
        if self.refr.val() {
            self.s1_ref_held.d.next = self.st_ref_cnt.val() - self.one_8.val();
        }
        self.s1_kind.d.next = self.pf_kind.val();
        self.s1_ref_period.d.next = self.pf_ref_period.val();
        self.s1_e.d.next = self.sl_e.val();
        self.s1_v.d.next = self.st_v.val();
        self.s1_u.d.next = self.st_u.val();
        self.s1_profile.d.next = self.st_profile.val();

        // §3 step 2: mod_level' = sat16(relax(mod_level) + m_in), in M_W bits. relax moves toward 0
        // by mod_relax and stops at 0: the subtraction (positive level) or addition (negative
        // level) is taken only if it keeps the level's sign.
        self.mod_level_m.next = bit_cast::<M_W, 16>(self.st_mod_level.val());
        if self.st_mod_level.val().get_bit(self.msb_16.val().index()) {
            self.mod_level_m.next =
                bit_cast::<M_W, 16>(self.st_mod_level.val()) | self.ext_m_16.val();
        }
        self.mod_relax_m.next = bit_cast::<M_W, 8>(self.pf_mod_relax.val());
        self.mod_relaxed.next = bits::<M_W>(0);
        if self.st_mod_level.val().get_bit(self.msb_16.val().index()) {
            self.mod_toward.next = self.mod_level_m.val() + self.mod_relax_m.val();
            if self.mod_toward.val().get_bit(self.msb_m.val().index()) {
                self.mod_relaxed.next = self.mod_toward.val();
            }
        } else {
            self.mod_toward.next = self.mod_level_m.val() - self.mod_relax_m.val();
            if !self.mod_toward.val().get_bit(self.msb_m.val().index()) {
                self.mod_relaxed.next = self.mod_toward.val();
            }
        }
        self.m_in_m.next = bit_cast::<M_W, 16>(self.sl_m_in.val());
        if self.sl_m_in.val().get_bit(self.msb_16.val().index()) {
            self.m_in_m.next = bit_cast::<M_W, 16>(self.sl_m_in.val()) | self.ext_m_16.val();
        }
        self.mod_sum.next = self.mod_relaxed.val() + self.m_in_m.val();
        // sat16: the sum fits when its bits 15..M_W agree.
        self.mod_next.next = self.mod_sum.val().get_bits::<16>(0);
        if self
            .mod_sum
            .val()
            .get_bits::<{ M_W - 15 }>(self.msb_16.val().index())
            .any()
            & !self
                .mod_sum
                .val()
                .get_bits::<{ M_W - 15 }>(self.msb_16.val().index())
                .all()
        {
            if self.mod_sum.val().get_bit(self.msb_m.val().index()) {
                self.mod_next.next = self.s16_min.val();
            } else {
                self.mod_next.next = self.s16_max.val();
            }
        }

        // §3 step 3: habituation (input while refractory) and potentiation (quiet_steps quiet
        // updates), in M_W bits; thr_off_max is non-negative.
        self.active.next = self.sl_a_in.val().any();
        self.quiet_q.next = self.st_quiet_cnt.val() + self.one_8.val();
        if self.st_quiet_cnt.val().all() {
            self.quiet_q.next = self.max_8.val();
        }
        self.potentiate.next = !self.active.val()
            & self.pf_quiet_steps.val().any()
            & (self.quiet_q.val() >= self.pf_quiet_steps.val());
        self.thr_off_m.next = bit_cast::<M_W, 16>(self.st_thr_off.val());
        if self.st_thr_off.val().get_bit(self.msb_16.val().index()) {
            self.thr_off_m.next = bit_cast::<M_W, 16>(self.st_thr_off.val()) | self.ext_m_16.val();
        }
        self.thr_off_max_m.next = bit_cast::<M_W, 15>(self.pf_thr_off_max.val());
        self.neg_thr_off_max_m.next = bits::<M_W>(0) - self.thr_off_max_m.val();
        // habituated = min(thr_off + hab_rate, thr_off_max)
        self.habituated.next = self.thr_off_m.val() + bit_cast::<M_W, 8>(self.pf_hab_rate.val());
        if (self.habituated.val() ^ self.flip_m.val())
            > (self.thr_off_max_m.val() ^ self.flip_m.val())
        {
            self.habituated.next = self.thr_off_max_m.val();
        }
        // potentiated = max(thr_off - pot_rate, -thr_off_max)
        self.potentiated.next = self.thr_off_m.val() - bit_cast::<M_W, 8>(self.pf_pot_rate.val());
        if (self.potentiated.val() ^ self.flip_m.val())
            < (self.neg_thr_off_max_m.val() ^ self.flip_m.val())
        {
            self.potentiated.next = self.neg_thr_off_max_m.val();
        }
        self.thr_off_next.next = self.st_thr_off.val();
        if self.active.val() & self.refr.val() {
            self.thr_off_next.next = self.habituated.val().get_bits::<16>(0);
        } else if self.potentiate.val() {
            self.thr_off_next.next = self.potentiated.val().get_bits::<16>(0);
        }
        // CUBA keeps thr_off, mod_level and quiet_cnt (§4 names none of them).
        self.s1_thr_off.d.next = self.st_thr_off.val();
        self.s1_mod_level.d.next = self.st_mod_level.val();
        self.s1_quiet_cnt.d.next = self.st_quiet_cnt.val();
        if !self.pf_kind.val() {
            self.s1_thr_off.d.next = self.thr_off_next.val();
            self.s1_mod_level.d.next = self.mod_next.val();
            self.s1_quiet_cnt.d.next = self.quiet_q.val();
            if self.active.val() | self.potentiate.val() {
                self.s1_quiet_cnt.d.next = bits::<8>(0);
            }
        }

        // §3 step 5 (first half): d = v - v_rest as sign and magnitude, and v + a_in, in VA_W bits.
        self.v_va.next = bit_cast::<VA_W, 24>(self.st_v.val());
        if self.st_v.val().get_bit(self.msb_st_v.val().index()) {
            self.v_va.next = bit_cast::<VA_W, 24>(self.st_v.val()) | self.ext_va_24.val();
        }
        self.v_rest_va.next = bit_cast::<VA_W, 16>(self.pf_v_rest.val());
        if self.pf_v_rest.val().get_bit(self.msb_16.val().index()) {
            self.v_rest_va.next = bit_cast::<VA_W, 16>(self.pf_v_rest.val()) | self.ext_va_16.val();
        }
        self.a_in_va.next = bit_cast::<VA_W, 24>(self.sl_a_in.val());
        if self.sl_a_in.val().get_bit(self.msb_a_in.val().index()) {
            self.a_in_va.next = bit_cast::<VA_W, 24>(self.sl_a_in.val()) | self.ext_va_24.val();
        }
        self.d_pos.next = self.v_va.val() - self.v_rest_va.val();
        self.d_neg.next = self.v_rest_va.val() - self.v_va.val();
        self.s1_d_is_neg.d.next = self.d_pos.val().get_bit(self.msb_va.val().index());
        self.s1_d_mag.d.next = bit_cast::<D_W, VA_W>(self.d_pos.val());
        if self.d_pos.val().get_bit(self.msb_va.val().index()) {
            self.s1_d_mag.d.next = bit_cast::<D_W, VA_W>(self.d_neg.val());
        }
        self.s1_va.d.next = self.v_va.val() + self.a_in_va.val();
        self.s1_leak.d.next = self.pf_leak.val();
        self.s1_leak_mode.d.next = self.pf_leak_mode.val();
        self.s1_reset_mode.d.next = self.pf_reset_mode.val();
        self.s1_v_reset.d.next = self.pf_v_reset.val();
        self.s1_thr.d.next = self.pf_thr.val();
        self.s1_mod_gain.d.next = self.pf_mod_gain.val();

        // §4 steps 2-3 (first part): magnitudes and signs of u and v for the round-toward-zero
        // decays; the factors 4096 - (du + 1) = 4095 - du (the 12-bit complement of du) and
        // 4096 - dv.
        self.u_neg.next = bits::<{ w(state::U) }>(0) - self.st_u.val();
        self.v_neg.next = bits::<{ w(state::V) }>(0) - self.st_v.val();
        self.s1_u_is_neg.d.next = self.st_u.val().get_bit(self.msb_st_u.val().index());
        self.s1_mag_u.d.next = self.st_u.val();
        if self.st_u.val().get_bit(self.msb_st_u.val().index()) {
            self.s1_mag_u.d.next = self.u_neg.val();
        }
        self.s1_v_is_neg.d.next = self.st_v.val().get_bit(self.msb_st_v.val().index());
        self.s1_mag_v.d.next = self.st_v.val();
        if self.st_v.val().get_bit(self.msb_st_v.val().index()) {
            self.s1_mag_v.d.next = self.v_neg.val();
        }
        self.s1_factor_u.d.next = !self.pf_du.val();
        self.s1_factor_v.d.next =
            self.decay_base.val() - bit_cast::<F_W, { w(profile::DV) }>(self.pf_dv.val());
        // §4 step 1: a = sat(a_in, -2^17, 2^17 - 1): a_in fits when its bits 17..24 agree. Then
        // a * 64 as a 24-bit pattern.
        self.a_clamped.next = self.sl_a_in.val().get_bits::<A_W>(0);
        if self
            .sl_a_in
            .val()
            .get_bits::<{ w(slot::A_IN) - (A_W - 1) }>(self.msb_a.val().index())
            .any()
            & !self
                .sl_a_in
                .val()
                .get_bits::<{ w(slot::A_IN) - (A_W - 1) }>(self.msb_a.val().index())
                .all()
        {
            if self.sl_a_in.val().get_bit(self.msb_a_in.val().index()) {
                self.a_clamped.next = self.a_min.val();
            } else {
                self.a_clamped.next = self.a_max.val();
            }
        }
        self.a_ext.next = bit_cast::<24, A_W>(self.a_clamped.val());
        if self.a_clamped.val().get_bit(self.msb_a.val().index()) {
            self.a_ext.next = bit_cast::<24, A_W>(self.a_clamped.val()) | self.ext_24_a.val();
        }
        self.s1_a64.d.next = self.a_ext.val() << self.act_shift.val();
        // bias = bias_mant * 2^bias_exp (|bias| <= 4096 * 128 = 2^19).
        self.bias_mant_ext.next =
            bit_cast::<BIAS_W, { w(profile::BIAS_MANT) }>(self.pf_bias_mant.val());
        if self
            .pf_bias_mant
            .val()
            .get_bit(self.msb_bias_mant.val().index())
        {
            self.bias_mant_ext.next =
                bit_cast::<BIAS_W, { w(profile::BIAS_MANT) }>(self.pf_bias_mant.val())
                    | self.ext_bias_13.val();
        }
        self.s1_bias.d.next = self.bias_mant_ext.val() << self.pf_bias_exp.val();
        self.s1_vth.d.next = self.pf_vth.val();

        // ---- Stage 2 ----
        self.s2_kind.d.next = self.s1_kind.q.val();
        self.s2_refr.d.next = self.s1_refr.q.val();
        self.s2_ref_held.d.next = self.s1_ref_held.q.val();
        self.s2_ref_period.d.next = self.s1_ref_period.q.val();
        self.s2_e.d.next = self.s1_e.q.val();
        self.s2_v.d.next = self.s1_v.q.val();
        self.s2_u.d.next = self.s1_u.q.val();
        self.s2_profile.d.next = self.s1_profile.q.val();
        self.s2_thr_off.d.next = self.s1_thr_off.q.val();
        self.s2_mod_level.d.next = self.s1_mod_level.q.val();
        self.s2_quiet_cnt.d.next = self.s1_quiet_cnt.q.val();
        self.s2_reset_mode.d.next = self.s1_reset_mode.q.val();
        self.s2_v_reset.d.next = self.s1_v_reset.q.val();

        // §3 step 5 (leak step): the leak moves v toward v_rest by `step`, subtracting when
        // d = v - v_rest > 0. Linear: step = min(|d|, leak). Exponential: step = |d| >> leak
        // (= |rtz_shift(d, leak)|), which is 0 for shifts of 25 or more since |d| < 2^25.
        self.exp_step.next = self.s1_d_mag.q.val() >> self.s1_leak.q.val().get_bits::<5>(0);
        if self
            .s1_leak
            .q
            .val()
            .get_bits::<{ w(profile::LEAK) - 5 }>(5)
            .any()
        {
            self.exp_step.next = bits::<D_W>(0);
        }
        self.leak_d.next = bit_cast::<D_W, 12>(self.s1_leak.q.val());
        self.s2_step.d.next = self.s1_d_mag.q.val();
        if self.s1_leak_mode.q.val() {
            self.s2_step.d.next = self.exp_step.val();
        } else if self.s1_d_mag.q.val() > self.leak_d.val() {
            self.s2_step.d.next = self.leak_d.val();
        }
        self.s2_step_sub.d.next = !self.s1_d_is_neg.q.val();
        self.s2_va.d.next = self.s1_va.q.val();

        // §3 step 4 (first part): thr + thr_off', and mod_level' * mod_gain on the unsigned 16-bit
        // pattern of mod_level' (corrected for its sign in stage 3).
        self.thr_off_t.next = bit_cast::<M_W, 16>(self.s1_thr_off.q.val());
        if self.s1_thr_off.q.val().get_bit(self.msb_16.val().index()) {
            self.thr_off_t.next =
                bit_cast::<M_W, 16>(self.s1_thr_off.q.val()) | self.ext_m_16.val();
        }
        self.s2_thr_base.d.next = bit_cast::<M_W, 16>(self.s1_thr.q.val()) + self.thr_off_t.val();
        self.mod_prod.next =
            self.s1_mod_level.q.val() * bit_cast::<16, 8>(self.s1_mod_gain.q.val());
        self.s2_mod_prod.d.next = bit_cast::<16, 32>(self.mod_prod.val() >> self.mod_shift.val());
        self.s2_mod_is_neg.d.next = self.s1_mod_level.q.val().get_bit(self.msb_16.val().index());
        self.s2_mod_gain.d.next = self.s1_mod_gain.q.val();

        // §4: the decays rtz_shift(x * f, 12) as sgn(x) * (hi * f + ((lo * f) >> 12)) with
        // hi = |x| >> 12, lo = |x| & 4095 (the identity `flux_sim::neuron::decay` documents);
        // each partial product is one 16x16 multiply.
        self.s2_pu_hi.d.next = bit_cast::<16, DEC_HI_U>(
            self.s1_mag_u
                .q
                .val()
                .get_bits::<DEC_HI_U>(self.dec_shift.val().index()),
        ) * bit_cast::<16, { w(profile::DU) }>(self.s1_factor_u.q.val());
        self.s2_pu_lo.d.next =
            bit_cast::<16, DEC_SHIFT>(self.s1_mag_u.q.val().get_bits::<DEC_SHIFT>(0))
                * bit_cast::<16, { w(profile::DU) }>(self.s1_factor_u.q.val());
        self.s2_pv_hi.d.next = bit_cast::<16, DEC_HI_V>(
            self.s1_mag_v
                .q
                .val()
                .get_bits::<DEC_HI_V>(self.dec_shift.val().index()),
        ) * bit_cast::<16, F_W>(self.s1_factor_v.q.val());
        self.s2_pv_lo.d.next =
            bit_cast::<16, DEC_SHIFT>(self.s1_mag_v.q.val().get_bits::<DEC_SHIFT>(0))
                * bit_cast::<16, F_W>(self.s1_factor_v.q.val());
        self.s2_u_is_neg.d.next = self.s1_u_is_neg.q.val();
        self.s2_v_is_neg.d.next = self.s1_v_is_neg.q.val();
        self.s2_a64.d.next = self.s1_a64.q.val();
        self.s2_bias.d.next = self.s1_bias.q.val();
        // §4 step 4 (first part): bias - vth * 64 - 1 (adding the complement of vth * 64 subtracts
        // it and 1), so that stage 5 tests v' > vth * 64 as the sign of a sum rather than with a
        // comparison after the sum.
        self.bias_v2.next = bit_cast::<V_W, BIAS_W>(self.s1_bias.q.val());
        if self.s1_bias.q.val().get_bit(self.msb_bias.val().index()) {
            self.bias_v2.next =
                bit_cast::<V_W, BIAS_W>(self.s1_bias.q.val()) | self.ext_v_bias.val();
        }
        self.s2_bias_gap.d.next = self.bias_v2.val()
            + !(bit_cast::<V_W, { w(profile::VTH) }>(self.s1_vth.q.val()) << self.act_shift.val());
        self.s2_bias_floor.d.next = self.bias_v2.val() + bit_cast::<V_W, 24>(self.v_max.val());

        // ---- Stage 3 ----
        self.s3_kind.d.next = self.s2_kind.q.val();
        self.s3_refr.d.next = self.s2_refr.q.val();
        self.s3_ref_held.d.next = self.s2_ref_held.q.val();
        self.s3_ref_period.d.next = self.s2_ref_period.q.val();
        self.s3_e.d.next = self.s2_e.q.val();
        self.s3_v.d.next = self.s2_v.q.val();
        self.s3_u.d.next = self.s2_u.q.val();
        self.s3_profile.d.next = self.s2_profile.q.val();
        self.s3_thr_off.d.next = self.s2_thr_off.q.val();
        self.s3_mod_level.d.next = self.s2_mod_level.q.val();
        self.s3_quiet_cnt.d.next = self.s2_quiet_cnt.q.val();
        self.s3_reset_mode.d.next = self.s2_reset_mode.q.val();
        self.s3_v_reset.d.next = self.s2_v_reset.q.val();

        // §3 step 5: v' = sat16(leak(v) + a_in) = sat16((v + a_in) -/+ step), in V_W bits; a
        // refractory neuron keeps v.
        self.va_v.next = bit_cast::<V_W, VA_W>(self.s2_va.q.val());
        if self.s2_va.q.val().get_bit(self.msb_va.val().index()) {
            self.va_v.next = bit_cast::<V_W, VA_W>(self.s2_va.q.val()) | self.ext_v_va.val();
        }
        if self.s2_step_sub.q.val() {
            self.v_leaked.next = self.va_v.val() - bit_cast::<V_W, D_W>(self.s2_step.q.val());
        } else {
            self.v_leaked.next = self.va_v.val() + bit_cast::<V_W, D_W>(self.s2_step.q.val());
        }
        self.v_sat16.next = self.v_leaked.val().get_bits::<16>(0);
        if self
            .v_leaked
            .val()
            .get_bits::<{ V_W - 15 }>(self.msb_16.val().index())
            .any()
            & !self
                .v_leaked
                .val()
                .get_bits::<{ V_W - 15 }>(self.msb_16.val().index())
                .all()
        {
            if self.v_leaked.val().get_bit(self.msb_v.val().index()) {
                self.v_sat16.next = self.s16_min.val();
            } else {
                self.v_sat16.next = self.s16_max.val();
            }
        }
        self.s3_v_int.d.next = self.s2_v.q.val();
        if !self.s2_refr.q.val() {
            self.s3_v_int.d.next = bit_cast::<24, 16>(self.v_sat16.val());
            if self.v_sat16.val().get_bit(self.msb_16.val().index()) {
                self.s3_v_int.d.next =
                    bit_cast::<24, 16>(self.v_sat16.val()) | self.ext_24_16.val();
            }
        }

        // §3 step 4: thr_eff = sat(thr + thr_off' - asr(mod_level' * mod_gain, 8), 1, 32767).
        // The product of the unsigned pattern is mod_level' * mod_gain + 2^16 * mod_gain when
        // mod_level' < 0, so asr(.., 8) is bits 8..24 of it minus 2^8 * mod_gain (the true value
        // lies in [-32640, 32766], so 16 bits hold it).
        self.mod_term.next = self.s2_mod_prod.q.val();
        if self.s2_mod_is_neg.q.val() {
            self.mod_term.next = self.s2_mod_prod.q.val()
                - (bit_cast::<16, 8>(self.s2_mod_gain.q.val()) << self.mod_shift.val());
        }
        self.mod_term_t.next = bit_cast::<T_W, 16>(self.mod_term.val());
        if self.mod_term.val().get_bit(self.msb_16.val().index()) {
            self.mod_term_t.next = bit_cast::<T_W, 16>(self.mod_term.val()) | self.ext_t_16.val();
        }
        self.thr_base_t.next = bit_cast::<T_W, M_W>(self.s2_thr_base.q.val());
        if self.s2_thr_base.q.val().get_bit(self.msb_m.val().index()) {
            self.thr_base_t.next =
                bit_cast::<T_W, M_W>(self.s2_thr_base.q.val()) | self.ext_t_m.val();
        }
        self.thr_sum.next = self.thr_base_t.val() - self.mod_term_t.val();
        self.s3_thr_eff.d.next = self.thr_sum.val().get_bits::<16>(0);
        if self.thr_sum.val().get_bit(self.msb_t.val().index()) | !self.thr_sum.val().any() {
            self.s3_thr_eff.d.next = self.thr_eff_min.val();
        } else if self
            .thr_sum
            .val()
            .get_bits::<{ T_W - 15 }>(self.msb_16.val().index())
            .any()
        {
            self.s3_thr_eff.d.next = self.s16_max.val();
        }

        // §4: decay magnitudes.
        self.s3_dec_u.d.next = bit_cast::<DEC_W, 32>(self.s2_pu_hi.q.val())
            + bit_cast::<DEC_W, 32>(self.s2_pu_lo.q.val() >> self.dec_shift.val());
        self.s3_dec_v.d.next = bit_cast::<DEC_W, 32>(self.s2_pv_hi.q.val())
            + bit_cast::<DEC_W, 32>(self.s2_pv_lo.q.val() >> self.dec_shift.val());
        self.s3_u_is_neg.d.next = self.s2_u_is_neg.q.val();
        self.s3_v_is_neg.d.next = self.s2_v_is_neg.q.val();
        self.s3_a64.d.next = self.s2_a64.q.val();
        self.s3_bias.d.next = self.s2_bias.q.val();
        self.s3_bias_gap.d.next = self.s2_bias_gap.q.val();
        self.s3_bias_floor.d.next = self.s2_bias_floor.q.val();

        // ---- Stage 4 ----
        self.s4_kind.d.next = self.s3_kind.q.val();
        self.s4_refr.d.next = self.s3_refr.q.val();
        self.s4_ref_held.d.next = self.s3_ref_held.q.val();
        self.s4_ref_period.d.next = self.s3_ref_period.q.val();
        self.s4_e.d.next = self.s3_e.q.val();
        self.s4_v.d.next = self.s3_v.q.val();
        self.s4_profile.d.next = self.s3_profile.q.val();
        self.s4_thr_off.d.next = self.s3_thr_off.q.val();
        self.s4_mod_level.d.next = self.s3_mod_level.q.val();
        self.s4_quiet_cnt.d.next = self.s3_quiet_cnt.q.val();
        self.s4_reset_mode.d.next = self.s3_reset_mode.q.val();
        self.s4_v_reset.d.next = self.s3_v_reset.q.val();
        self.s4_v_int.d.next = self.s3_v_int.q.val();

        // §3 step 6: spike when forced or when v' >= thr_eff (thr_eff > 0, so a negative v' never
        // reaches it); the subtract reset's v' - thr_eff, and its burst-end test
        // sat16(v' - thr_eff) < thr_eff, which equals v' - thr_eff < thr_eff, i.e. v' < 2 * thr_eff,
        // before saturating (below -32768 both hold; above 32767 neither does, as thr_eff <= 32767).
        self.v_int_25.next = bit_cast::<V25_W, 24>(self.s3_v_int.q.val());
        if self.s3_v_int.q.val().get_bit(self.msb_st_v.val().index()) {
            self.v_int_25.next =
                bit_cast::<V25_W, 24>(self.s3_v_int.q.val()) | self.ext_v25_24.val();
        }
        self.thr_eff_25.next = bit_cast::<V25_W, 16>(self.s3_thr_eff.q.val());
        self.s4_flux_spike.d.next = self.s3_e.q.val()
            | (!self.s3_refr.q.val()
                & !self.s3_v_int.q.val().get_bit(self.msb_st_v.val().index())
                & (self.v_int_25.val() >= self.thr_eff_25.val()));
        self.v_sub_25.next = self.v_int_25.val() - self.thr_eff_25.val();
        self.s4_v_sub.d.next = self.v_sub_25.val();
        // The burst-end test as the sign of v' - 2 * thr_eff, an adder beside v' - thr_eff rather
        // than a comparison after it.
        self.v_burst_25.next = self.v_int_25.val() - (self.thr_eff_25.val() << 1);
        self.s4_burst_end.d.next = self.v_burst_25.val().get_bit(self.msb_v25.val().index());

        // §4 step 2: u1 = sgn(u) * dec_u + a * 64, then the wrap: u1 lies in
        // (-2^24 - 2^23, 2^24 + 2^23), so one wrap by 2^24 lands in (-2^23, 2^23], which is u1
        // modulo 2^24 with the pattern 0x800000 read as +2^23 and every other one sign-extended.
        self.a64_v.next = bit_cast::<V_W, 24>(self.s3_a64.q.val());
        if self.s3_a64.q.val().get_bit(self.msb_st_v.val().index()) {
            self.a64_v.next = bit_cast::<V_W, 24>(self.s3_a64.q.val()) | self.ext_v_24.val();
        }
        if self.s3_u_is_neg.q.val() {
            self.u1.next = self.a64_v.val() - bit_cast::<V_W, DEC_W>(self.s3_dec_u.q.val());
        } else {
            self.u1.next = self.a64_v.val() + bit_cast::<V_W, DEC_W>(self.s3_dec_u.q.val());
        }
        self.u_wrapped.next = bit_cast::<25, 24>(self.u1.val().get_bits::<24>(0));
        if self.u1.val().get_bit(self.msb_st_v.val().index())
            & (self.u1.val().get_bits::<24>(0) != self.v_edge.val())
        {
            self.u_wrapped.next =
                bit_cast::<25, 24>(self.u1.val().get_bits::<24>(0)) | self.ext_25_24.val();
        }
        self.s4_u.d.next = self.s3_u.q.val();
        if self.s3_kind.q.val() {
            self.s4_u.d.next = self.u_wrapped.val();
        }
        // §4 step 3 (first part): sgn(v) * dec_v + bias.
        self.bias_v.next = bit_cast::<V_W, BIAS_W>(self.s3_bias.q.val());
        if self.s3_bias.q.val().get_bit(self.msb_bias.val().index()) {
            self.bias_v.next =
                bit_cast::<V_W, BIAS_W>(self.s3_bias.q.val()) | self.ext_v_bias.val();
        }
        if self.s3_v_is_neg.q.val() {
            self.s4_v_base.d.next =
                self.bias_v.val() - bit_cast::<V_W, DEC_W>(self.s3_dec_v.q.val());
        } else {
            self.s4_v_base.d.next =
                self.bias_v.val() + bit_cast::<V_W, DEC_W>(self.s3_dec_v.q.val());
        }
        if self.s3_v_is_neg.q.val() {
            self.s4_v_gap.d.next =
                self.s3_bias_gap.q.val() - bit_cast::<V_W, DEC_W>(self.s3_dec_v.q.val());
        } else {
            self.s4_v_gap.d.next =
                self.s3_bias_gap.q.val() + bit_cast::<V_W, DEC_W>(self.s3_dec_v.q.val());
        }
        if self.s3_v_is_neg.q.val() {
            self.s4_v_floor.d.next =
                self.s3_bias_floor.q.val() - bit_cast::<V_W, DEC_W>(self.s3_dec_v.q.val());
        } else {
            self.s4_v_floor.d.next =
                self.s3_bias_floor.q.val() + bit_cast::<V_W, DEC_W>(self.s3_dec_v.q.val());
        }

        // ---- Stage 5: finish both kinds into the output registers ----
        self.s5_u.d.next = self.s4_u.q.val();
        self.s5_profile.d.next = self.s4_profile.q.val();
        self.s5_thr_off.d.next = self.s4_thr_off.q.val();
        self.s5_mod_level.d.next = self.s4_mod_level.q.val();
        self.s5_quiet_cnt.d.next = self.s4_quiet_cnt.q.val();

        // §4 step 3: v' = sat(sgn(v) * dec_v + bias + u', -(2^23 - 1), 2^23 - 1): the sum fits
        // the clamp range -(2^23 - 1)..=2^23 - 1. Step 4: spike when v' > vth * 64;
        // since vth * 64 lies inside the clamp range the test can use the unclamped sum, and it
        // does so through the parallel sum (bias - vth * 64 - 1) + sgn(v) * dec_v + u'.
        self.u_v.next = bit_cast::<V_W, 25>(self.s4_u.q.val());
        if self.s4_u.q.val().get_bit(self.msb_st_u.val().index()) {
            self.u_v.next = bit_cast::<V_W, 25>(self.s4_u.q.val()) | self.ext_v_25.val();
        }
        self.v_sum.next = self.s4_v_base.q.val() + self.u_v.val();
        // The clamp: below -(2^23 - 1) exactly when (bias + 2^23 - 1 + sgn(v) * dec_v) + u' < 0,
        // a third parallel sum; above 2^23 - 1 when the non-negative sum has a bit at 23 or up.
        self.v_under.next = self.s4_v_floor.q.val() + self.u_v.val();
        self.v_clamped.next = self.v_sum.val().get_bits::<24>(0);
        if self.v_under.val().get_bit(self.msb_v.val().index()) {
            self.v_clamped.next = self.v_min.val();
        } else if !self.v_sum.val().get_bit(self.msb_v.val().index())
            & self
                .v_sum
                .val()
                .get_bits::<{ V_W - 24 }>(self.msb_st_v.val().index())
                .any()
        {
            self.v_clamped.next = self.v_max.val();
        }
        self.cuba_v_int.next = self.v_clamped.val();
        if self.s4_refr.q.val() {
            self.cuba_v_int.next = self.s4_v.q.val();
        }
        // v' > vth * 64 is v_sum - vth * 64 - 1 >= 0.
        self.v_over.next = self.s4_v_gap.q.val() + self.u_v.val();
        self.cuba_spike.next = self.s4_e.q.val()
            | (!self.s4_refr.q.val() & !self.v_over.val().get_bit(self.msb_v.val().index()));

        // §3 step 6: the resets. Subtract: v' = sat16(v' - thr_eff), refractory only when the
        // burst ends. Hard: v' = v_reset.
        self.v_sub16.next = self.s4_v_sub.q.val().get_bits::<16>(0);
        if self
            .s4_v_sub
            .q
            .val()
            .get_bits::<{ V25_W - 15 }>(self.msb_16.val().index())
            .any()
            & !self
                .s4_v_sub
                .q
                .val()
                .get_bits::<{ V25_W - 15 }>(self.msb_16.val().index())
                .all()
        {
            if self.s4_v_sub.q.val().get_bit(self.msb_v25.val().index()) {
                self.v_sub16.next = self.s16_min.val();
            } else {
                self.v_sub16.next = self.s16_max.val();
            }
        }
        self.v_reset_24.next = bit_cast::<24, 16>(self.s4_v_reset.q.val());
        if self.s4_v_reset.q.val().get_bit(self.msb_16.val().index()) {
            self.v_reset_24.next =
                bit_cast::<24, 16>(self.s4_v_reset.q.val()) | self.ext_24_16.val();
        }

        self.s5_ref_cnt.d.next = self.s4_ref_held.q.val();
        if self.s4_kind.q.val() {
            // CUBA: on a spike v' = 0 and ref_cnt' = ref_period.
            self.s5_spike.d.next = self.cuba_spike.val();
            self.s5_v.d.next = self.cuba_v_int.val();
            if self.cuba_spike.val() {
                self.s5_v.d.next = bits::<24>(0);
                self.s5_ref_cnt.d.next = self.s4_ref_period.q.val();
            }
        } else {
            self.s5_spike.d.next = self.s4_flux_spike.q.val();
            self.s5_v.d.next = self.s4_v_int.q.val();
            if self.s4_flux_spike.q.val() {
                if self.s4_reset_mode.q.val() {
                    self.s5_v.d.next = bit_cast::<24, 16>(self.v_sub16.val());
                    if self.v_sub16.val().get_bit(self.msb_16.val().index()) {
                        self.s5_v.d.next =
                            bit_cast::<24, 16>(self.v_sub16.val()) | self.ext_24_16.val();
                    }
                    self.s5_ref_cnt.d.next = bits::<8>(0);
                    if self.s4_burst_end.q.val() {
                        self.s5_ref_cnt.d.next = self.s4_ref_period.q.val();
                    }
                } else {
                    self.s5_v.d.next = self.v_reset_24.val();
                    self.s5_ref_cnt.d.next = self.s4_ref_period.q.val();
                }
            }
        }

        // ---- Outputs: the state word reassembled at the spec positions ----
        // A one-pass loop: the generator can only evaluate a loop variable as an array index.
        for last in (NEURON_CORE_LATENCY - 1)..NEURON_CORE_LATENCY {
            self.out_valid.next = self.valid_pipe[last].q.val();
            self.out_tag.next = self.tag_pipe[last].q.val();
        }
        self.out_spike.next = self.s5_spike.q.val();
        self.out_state.next = (bit_cast::<STATE_W, { w(state::V) }>(self.s5_v.q.val())
            << self.lsb_v.val())
            | (bit_cast::<STATE_W, { w(state::U) }>(self.s5_u.q.val()) << self.lsb_u.val())
            | (bit_cast::<STATE_W, { w(state::THR_OFF) }>(self.s5_thr_off.q.val())
                << self.lsb_thr_off.val())
            | (bit_cast::<STATE_W, { w(state::MOD_LEVEL) }>(self.s5_mod_level.q.val())
                << self.lsb_mod_level.val())
            | (bit_cast::<STATE_W, { w(state::REF_CNT) }>(self.s5_ref_cnt.q.val())
                << self.lsb_ref_cnt.val())
            | (bit_cast::<STATE_W, { w(state::QUIET_CNT) }>(self.s5_quiet_cnt.q.val())
                << self.lsb_quiet_cnt.val())
            | (bit_cast::<STATE_W, { w(state::PROFILE) }>(self.s5_profile.q.val())
                << self.lsb_profile.val());
    }
}
