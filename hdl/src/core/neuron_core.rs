//! `NeuronCore`: the pipelined neuron datapath, every profile kind (`docs/model.md` §3 FLUX
//! modulated LIF, §4 CUBA LIF, §4.1 Izhikevich). The bit-exact twin is
//! `flux_sim::neuron::update_word`.
//!
//! One neuron per clock, no stalls, a [`NEURON_CORE_LATENCY`]-cycle pipeline. This block decodes
//! the three words, carries what the kinds share through the stages (`kind`, `v`, `u`, `ref_cnt`,
//! `e`, the profile index, `thr_off`, `mod_level`, `quiet_cnt`), applies the CUBA refractory and
//! reset rules and the Izhikevich forced spike, selects by `kind` (as the preset runs it,
//! `Preset::runs_as`) and reassembles the state word. The arithmetic of each kind is its own
//! block, the twin of its model function: [`crate::flux_datapath::FluxDatapath`]
//! (`flux_update`), [`crate::cuba_datapath::CubaDatapath`] (`cuba_update`) and
//! [`crate::izh_datapath::IzhDatapath`] (`izh_update`). All see every neuron; the widths and bit positions of every word come from `flux_sim::spec` (the decode slices
//! the inputs by the spec's `Field`s, see [`lsb`] and [`w`]).
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

use crate::cuba_datapath::CubaDatapath;
use crate::flux_datapath::FluxDatapath;
use crate::izh_datapath::IzhDatapath;
use crate::xylo_datapath::{COUNT_W, XyloDatapath};
use flux_sim::neuron::{CUBA_DECAY_SHIFT, FLUX_MOD_SHIFT};
use flux_sim::noise::NOISE_K_MAX;
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

/// Width of the profile word's `kind` field.
pub const KIND_W: usize = w(profile::KIND);

/// Width of a bit index into the widest word (the profile word, 126 bits).
pub(crate) const INDEX_W: usize = 7;

/// The position of a spec field as a sized constant: kernels slice with
/// `word.get_bits::<{ w(F) }>(self.lsb_f.val().index())`, so no bit position is restated here.
pub fn lsb(f: Field) -> Constant<Bits<INDEX_W>> {
    Constant::new((f.lsb as u64).to_bits())
}

/// A sized constant.
pub(crate) fn k<const N: usize>(value: u64) -> Constant<Bits<N>> {
    Constant::new(value.to_bits())
}

/// The `N`-bit two's-complement pattern of `value` as a sized constant (a signed `Constant` would
/// come out as an unranged `localparam signed`, which yosys reads as unsigned).
pub(crate) fn pattern<const N: usize>(value: i32) -> Constant<Bits<N>> {
    k(value as i64 as u64 & ((1u64 << N) - 1))
}

/// The mask that sign-extends an `n`-bit value to `N` bits when ORed in: ones in bits `n..N`.
pub(crate) fn ext<const N: usize>(n: usize) -> Constant<Bits<N>> {
    Constant::new((((1u64 << N) - 1) & !((1u64 << n) - 1)).to_bits())
}

/// Working width of the 16-bit FLUX quantities (`mod_level`, `thr_off`, sums of two of them).
pub(crate) const M_W: usize = 18;
/// Width of `thr + thr_off' - asr(mod_level' * mod_gain, 8)` (within `[-65534, 131037]`).
pub(crate) const T_W: usize = 19;
/// Working width of the membrane sums: `v` (24 bits) plus `a_in` (24 bits) minus a step (25 bits)
/// stays within `±(2^24 + 2^25)`; the CUBA sums stay within `±2^25`.
pub(crate) const V_W: usize = 27;
/// Width of a leak step and of `|v - v_rest|` (`< 2^24 + 2^15`).
pub(crate) const D_W: usize = 25;
/// Width of the noise term `η` (`docs/model.md` §3.1): `k <= 15` bits, sign-extended to 16.
pub const NOISE_W: usize = NOISE_K_MAX as usize + 1;
/// Width of `v + a_in + η` and `v - v_rest` (26-bit two's complement).
pub(crate) const VA_W: usize = 26;
/// Width of a clamped CUBA input `a` (`[-2^17, 2^17 - 1]`).
pub(crate) const A_W: usize = 18;
/// Width of `bias_mant * 2^bias_exp`: the mantissa shifted by at most `2^bias_exp - 1` = 7
/// (`|bias| <= 2^19`).
pub(crate) const BIAS_W: usize = w(profile::BIAS_MANT) + (1 << w(profile::BIAS_EXP)) - 1;
/// Width of a CUBA decay factor (`4096 - dv` reaches 4096).
pub(crate) const F_W: usize = DEC_SHIFT + 1;
/// Width of a CUBA decay magnitude `hi*f + (lo*f >> 12)` (`< 2^24 + 2^13`).
pub(crate) const DEC_W: usize = 25;
/// Low bits of a magnitude in the CUBA decay split (`hi = m >> 12`, `lo = m & 4095`;
/// `flux_sim::neuron::decay`).
pub(crate) const DEC_SHIFT: usize = CUBA_DECAY_SHIFT as usize;
/// High bits of `|u|` and `|v|` in the decay split.
pub(crate) const DEC_HI_U: usize = w(state::U) - DEC_SHIFT;
pub(crate) const DEC_HI_V: usize = w(state::V) - DEC_SHIFT;
/// The FLUX modulation scale: `asr(mod_level' * mod_gain, 8)` (§3 step 4).
pub(crate) const MOD_SHIFT: usize = FLUX_MOD_SHIFT as usize;
// The current factor `4096 - (du + 1)` is taken as the complement of `du`, and `4096 - dv` is
// `DEC_SHIFT + 1` bits wide: both need the decay fields to be `DEC_SHIFT` bits wide.
const _: () = assert!(w(profile::DU) == DEC_SHIFT && w(profile::DV) == DEC_SHIFT);
/// Width of the FLUX spike and reset arithmetic: `v'` (24 bits) minus `thr_eff`.
pub(crate) const V25_W: usize = w(state::V) + 1;

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
    /// The noise term `η` the core drew for the neuron (`docs/model.md` §3.1), 16-bit two's
    /// complement, valid with `in_valid`; 0 without noise. Only the FLUX kind adds it.
    pub in_noise: Signal<In, Bits<NOISE_W>>,
    /// `out_*` carry an updated neuron in this cycle.
    pub out_valid: Signal<Out, Bit>,
    /// The `in_tag` of the neuron on `out_*`.
    pub out_tag: Signal<Out, Bits<TAG_W>>,
    /// The updated state word (the `profile` field is kept).
    pub out_state: Signal<Out, Bits<STATE_W>>,
    /// The neuron spiked in this update.
    pub out_spike: Signal<Out, Bit>,
    /// How many spikes it fired (1 for a spike of the FLUX, CUBA and Izhikevich kinds, up to the
    /// cap for the Xylo kind; 0 without a spike).
    pub out_count: Signal<Out, Bits<COUNT_W>>,
    /// The neuron ran as the Xylo kind (§4.2): the core writes its currents (`out_state`'s
    /// `thr_off` and `mod_level`) into the next ring slot instead of clearing its slot.
    pub out_xylo: Signal<Out, Bit>,

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
    /// The Izhikevich datapath exists (preset `izh`).
    has_izh: Constant<bool>,
    /// The Xylo datapath exists (preset `xylo`).
    has_xylo: Constant<bool>,
    /// The `kind` codes (`flux_sim::spec::profile::KIND_*`).
    kind_cuba: Constant<Bits<KIND_W>>,
    kind_izh: Constant<Bits<KIND_W>>,
    kind_xylo: Constant<Bits<KIND_W>>,
    lsb_dash_mem: Constant<Bits<INDEX_W>>,
    lsb_dash_syn1: Constant<Bits<INDEX_W>>,
    lsb_dash_syn2: Constant<Bits<INDEX_W>>,
    lsb_xylo_v_th: Constant<Bits<INDEX_W>>,
    lsb_xylo_bias: Constant<Bits<INDEX_W>>,
    lsb_cap: Constant<Bits<INDEX_W>>,
    lsb_k2: Constant<Bits<INDEX_W>>,
    lsb_k1: Constant<Bits<INDEX_W>>,
    lsb_k0: Constant<Bits<INDEX_W>>,
    lsb_a: Constant<Bits<INDEX_W>>,
    lsb_ab: Constant<Bits<INDEX_W>>,
    lsb_ub: Constant<Bits<INDEX_W>>,
    lsb_c: Constant<Bits<INDEX_W>>,
    lsb_d: Constant<Bits<INDEX_W>>,
    lsb_in_shift: Constant<Bits<INDEX_W>>,
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

    // Decoded input fields (wires).
    st_v: Signal<Local, Bits<{ w(state::V) }>>,
    st_u: Signal<Local, Bits<{ w(state::U) }>>,
    st_thr_off: Signal<Local, Bits<{ w(state::THR_OFF) }>>,
    st_mod_level: Signal<Local, Bits<{ w(state::MOD_LEVEL) }>>,
    st_ref_cnt: Signal<Local, Bits<{ w(state::REF_CNT) }>>,
    st_quiet_cnt: Signal<Local, Bits<{ w(state::QUIET_CNT) }>>,
    st_profile: Signal<Local, Bits<{ w(state::PROFILE) }>>,
    /// The kind the neuron runs as (`Preset::runs_as`): 0 FLUX, 1 CUBA, 2 Izhikevich.
    pf_kind: Signal<Local, Bits<KIND_W>>,
    pf_kind_raw: Signal<Local, Bits<KIND_W>>,
    pf_k2: Signal<Local, Bits<{ w(profile::IZH_K2) }>>,
    pf_k1: Signal<Local, Bits<{ w(profile::IZH_K1) }>>,
    pf_k0: Signal<Local, Bits<{ w(profile::IZH_K0) }>>,
    pf_a: Signal<Local, Bits<{ w(profile::IZH_A) }>>,
    pf_ab: Signal<Local, Bits<{ w(profile::IZH_AB) }>>,
    pf_ub: Signal<Local, Bits<{ w(profile::IZH_UB) }>>,
    pf_c: Signal<Local, Bits<{ w(profile::IZH_C) }>>,
    pf_d: Signal<Local, Bits<{ w(profile::IZH_D) }>>,
    pf_in_shift: Signal<Local, Bits<{ w(profile::IZH_IN_SHIFT) }>>,
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

    // Wires.
    /// Refractory at the start of the update (stage 1).
    refr: Signal<Local, Bit>,
    /// CUBA: the neuron spikes (stage 5).
    cuba_spike: Signal<Local, Bit>,
    /// The kind's spike (stage 5).
    spike5: Signal<Local, Bit>,

    // Valid and tag travel alongside the data.
    valid_pipe: [DFF<Bit>; NEURON_CORE_LATENCY],
    tag_pipe: [DFF<Bits<TAG_W>>; NEURON_CORE_LATENCY],

    // Stage 1 (the registers the kinds share; each datapath holds its own).
    s1_kind: DFF<Bits<KIND_W>>,
    s1_refr: DFF<Bit>,
    s1_ref_held: DFF<Bits<8>>,
    s1_ref_period: DFF<Bits<8>>,
    s1_e: DFF<Bit>,
    s1_v: DFF<Bits<24>>,
    s1_u: DFF<Bits<25>>,
    s1_profile: DFF<Bits<{ w(state::PROFILE) }>>,

    // Stage 2.
    s2_kind: DFF<Bits<KIND_W>>,
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

    // Stage 3.
    s3_kind: DFF<Bits<KIND_W>>,
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

    // Stage 4.
    s4_kind: DFF<Bits<KIND_W>>,
    s4_refr: DFF<Bit>,
    s4_ref_held: DFF<Bits<8>>,
    s4_ref_period: DFF<Bits<8>>,
    s4_e: DFF<Bit>,
    s4_v: DFF<Bits<24>>,
    s4_profile: DFF<Bits<{ w(state::PROFILE) }>>,
    s4_thr_off: DFF<Bits<16>>,
    s4_mod_level: DFF<Bits<16>>,
    s4_quiet_cnt: DFF<Bits<8>>,

    // Stage 5: the output registers.
    s5_spike: DFF<Bit>,
    s5_count: DFF<Bits<COUNT_W>>,
    s5_xylo: DFF<Bit>,
    s5_v: DFF<Bits<{ w(state::V) }>>,
    s5_u: DFF<Bits<{ w(state::U) }>>,
    s5_thr_off: DFF<Bits<{ w(state::THR_OFF) }>>,
    s5_mod_level: DFF<Bits<{ w(state::MOD_LEVEL) }>>,
    s5_ref_cnt: DFF<Bits<{ w(state::REF_CNT) }>>,
    s5_quiet_cnt: DFF<Bits<{ w(state::QUIET_CNT) }>>,
    s5_profile: DFF<Bits<{ w(state::PROFILE) }>>,

    // The datapaths of the three kinds.
    flux: FluxDatapath,
    cuba: CubaDatapath,
    izh: IzhDatapath,
    xylo: XyloDatapath,
}

impl Default for NeuronCore {
    /// The datapath with every kind.
    fn default() -> Self {
        Self::new(true, true, true)
    }
}

impl NeuronCore {
    /// The datapath, with the CUBA kind when `cuba`, the Izhikevich kind when `izh` and the Xylo
    /// kind when `xylo` (preset fields `cuba`, `izh`, `xylo`).
    pub fn new(cuba: bool, izh: bool, xylo: bool) -> Self {
        Self {
            clock: Default::default(),
            reset: Default::default(),
            in_valid: Default::default(),
            in_tag: Default::default(),
            in_profile: Default::default(),
            in_state: Default::default(),
            in_slot: Default::default(),
            in_noise: Default::default(),
            out_valid: Default::default(),
            out_tag: Default::default(),
            out_state: Default::default(),
            out_spike: Default::default(),
            out_count: Default::default(),
            out_xylo: Default::default(),

            lsb_v: lsb(state::V),
            lsb_u: lsb(state::U),
            lsb_thr_off: lsb(state::THR_OFF),
            lsb_mod_level: lsb(state::MOD_LEVEL),
            lsb_ref_cnt: lsb(state::REF_CNT),
            lsb_quiet_cnt: lsb(state::QUIET_CNT),
            lsb_profile: lsb(state::PROFILE),
            lsb_kind: lsb(profile::KIND),
            has_cuba: Constant::new(cuba),
            has_izh: Constant::new(izh),
            has_xylo: Constant::new(xylo),
            kind_xylo: k(profile::KIND_XYLO as u64),
            lsb_dash_mem: lsb(profile::XYLO_DASH_MEM),
            lsb_dash_syn1: lsb(profile::XYLO_DASH_SYN1),
            lsb_dash_syn2: lsb(profile::XYLO_DASH_SYN2),
            lsb_xylo_v_th: lsb(profile::XYLO_V_TH),
            lsb_xylo_bias: lsb(profile::XYLO_BIAS),
            lsb_cap: lsb(profile::XYLO_CAP),
            kind_cuba: k(profile::KIND_CUBA as u64),
            kind_izh: k(profile::KIND_IZH as u64),
            lsb_k2: lsb(profile::IZH_K2),
            lsb_k1: lsb(profile::IZH_K1),
            lsb_k0: lsb(profile::IZH_K0),
            lsb_a: lsb(profile::IZH_A),
            lsb_ab: lsb(profile::IZH_AB),
            lsb_ub: lsb(profile::IZH_UB),
            lsb_c: lsb(profile::IZH_C),
            lsb_d: lsb(profile::IZH_D),
            lsb_in_shift: lsb(profile::IZH_IN_SHIFT),
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

            st_v: Default::default(),
            st_u: Default::default(),
            st_thr_off: Default::default(),
            st_mod_level: Default::default(),
            st_ref_cnt: Default::default(),
            st_quiet_cnt: Default::default(),
            st_profile: Default::default(),
            pf_kind: Default::default(),
            pf_kind_raw: Default::default(),
            pf_k2: Default::default(),
            pf_k1: Default::default(),
            pf_k0: Default::default(),
            pf_a: Default::default(),
            pf_ab: Default::default(),
            pf_ub: Default::default(),
            pf_c: Default::default(),
            pf_d: Default::default(),
            pf_in_shift: Default::default(),
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

            cuba_spike: Default::default(),
            spike5: Default::default(),
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

            s4_kind: Default::default(),
            s4_refr: Default::default(),
            s4_ref_held: Default::default(),
            s4_ref_period: Default::default(),
            s4_e: Default::default(),
            s4_v: Default::default(),
            s4_profile: Default::default(),
            s4_thr_off: Default::default(),
            s4_mod_level: Default::default(),
            s4_quiet_cnt: Default::default(),

            s5_spike: Default::default(),
            s5_count: Default::default(),
            s5_xylo: Default::default(),
            s5_v: Default::default(),
            s5_u: Default::default(),
            s5_thr_off: Default::default(),
            s5_mod_level: Default::default(),
            s5_ref_cnt: Default::default(),
            s5_quiet_cnt: Default::default(),
            s5_profile: Default::default(),
            flux: FluxDatapath::new(),
            cuba: CubaDatapath::new(),
            izh: IzhDatapath::new(),
            xylo: XyloDatapath::new(),
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
            s4_kind,
            s4_refr,
            s4_ref_held,
            s4_ref_period,
            s4_e,
            s4_v,
            s4_profile,
            s4_thr_off,
            s4_mod_level,
            s4_quiet_cnt,
            s5_spike,
            s5_count,
            s5_xylo,
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
        // The kind the neuron runs as: a kind whose datapath the preset leaves out, and the
        // reserved kind 3, run as FLUX (`docs/model.md` §1).
        self.pf_kind_raw.next = self
            .in_profile
            .val()
            .get_bits::<KIND_W>(self.lsb_kind.val().index());
        self.pf_kind.next = bits::<KIND_W>(0);
        if (self.pf_kind_raw.val() == self.kind_cuba.val()) && self.has_cuba.val() {
            self.pf_kind.next = self.kind_cuba.val();
        }
        if (self.pf_kind_raw.val() == self.kind_izh.val()) && self.has_izh.val() {
            self.pf_kind.next = self.kind_izh.val();
        }
        if (self.pf_kind_raw.val() == self.kind_xylo.val()) && self.has_xylo.val() {
            self.pf_kind.next = self.kind_xylo.val();
        }
        self.pf_k2.next = self
            .in_profile
            .val()
            .get_bits::<{ w(profile::IZH_K2) }>(self.lsb_k2.val().index());
        self.pf_k1.next = self
            .in_profile
            .val()
            .get_bits::<{ w(profile::IZH_K1) }>(self.lsb_k1.val().index());
        self.pf_k0.next = self
            .in_profile
            .val()
            .get_bits::<{ w(profile::IZH_K0) }>(self.lsb_k0.val().index());
        self.pf_a.next = self
            .in_profile
            .val()
            .get_bits::<{ w(profile::IZH_A) }>(self.lsb_a.val().index());
        self.pf_ab.next = self
            .in_profile
            .val()
            .get_bits::<{ w(profile::IZH_AB) }>(self.lsb_ab.val().index());
        self.pf_ub.next = self
            .in_profile
            .val()
            .get_bits::<{ w(profile::IZH_UB) }>(self.lsb_ub.val().index());
        self.pf_c.next = self
            .in_profile
            .val()
            .get_bits::<{ w(profile::IZH_C) }>(self.lsb_c.val().index());
        self.pf_d.next = self
            .in_profile
            .val()
            .get_bits::<{ w(profile::IZH_D) }>(self.lsb_d.val().index());
        self.pf_in_shift.next = self
            .in_profile
            .val()
            .get_bits::<{ w(profile::IZH_IN_SHIFT) }>(self.lsb_in_shift.val().index());
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
        // §4.1, §4.2: the Izhikevich and Xylo kinds have no refractory period and keep ref_cnt.
        if self.refr.val()
            && (self.pf_kind.val() != self.kind_izh.val())
            && (self.pf_kind.val() != self.kind_xylo.val())
        {
            self.s1_ref_held.d.next = self.st_ref_cnt.val() - self.one_8.val();
        }
        self.s1_kind.d.next = self.pf_kind.val();
        self.s1_ref_period.d.next = self.pf_ref_period.val();
        self.s1_e.d.next = self.sl_e.val();
        self.s1_v.d.next = self.st_v.val();
        self.s1_u.d.next = self.st_u.val();
        self.s1_profile.d.next = self.st_profile.val();

        // ---- The datapaths of the kinds: decoded fields in, shared registers back ----
        self.flux.clock.next = self.clock.val();
        self.flux.pf_kind.next = self.pf_kind.val().any();
        self.flux.pf_hab_rate.next = self.pf_hab_rate.val();
        self.flux.pf_leak.next = self.pf_leak.val();
        self.flux.pf_leak_mode.next = self.pf_leak_mode.val();
        self.flux.pf_mod_gain.next = self.pf_mod_gain.val();
        self.flux.pf_mod_relax.next = self.pf_mod_relax.val();
        self.flux.pf_pot_rate.next = self.pf_pot_rate.val();
        self.flux.pf_quiet_steps.next = self.pf_quiet_steps.val();
        self.flux.pf_reset_mode.next = self.pf_reset_mode.val();
        self.flux.pf_thr.next = self.pf_thr.val();
        self.flux.pf_thr_off_max.next = self.pf_thr_off_max.val();
        self.flux.pf_v_reset.next = self.pf_v_reset.val();
        self.flux.pf_v_rest.next = self.pf_v_rest.val();
        self.flux.refr.next = self.refr.val();
        self.flux.sl_a_in.next = self.sl_a_in.val();
        self.flux.noise.next = self.in_noise.val();
        self.flux.sl_m_in.next = self.sl_m_in.val();
        self.flux.st_mod_level.next = self.st_mod_level.val();
        self.flux.st_quiet_cnt.next = self.st_quiet_cnt.val();
        self.flux.st_thr_off.next = self.st_thr_off.val();
        self.flux.st_v.next = self.st_v.val();
        self.flux.refr2.next = self.s2_refr.q.val();
        self.flux.v2.next = self.s2_v.q.val();
        self.flux.e3.next = self.s3_e.q.val();
        self.flux.refr3.next = self.s3_refr.q.val();
        self.cuba.clock.next = self.clock.val();
        self.cuba.pf_bias_exp.next = self.pf_bias_exp.val();
        self.cuba.pf_bias_mant.next = self.pf_bias_mant.val();
        self.cuba.pf_du.next = self.pf_du.val();
        self.cuba.pf_dv.next = self.pf_dv.val();
        self.cuba.pf_vth.next = self.pf_vth.val();
        self.cuba.sl_a_in.next = self.sl_a_in.val();
        self.cuba.st_u.next = self.st_u.val();
        self.cuba.st_v.next = self.st_v.val();
        self.cuba.u3.next = self.s3_u.q.val();
        self.cuba.kind3.next = self.s3_kind.q.val() == self.kind_cuba.val();
        self.izh.clock.next = self.clock.val();
        self.izh.pf_k2.next = self.pf_k2.val();
        self.izh.pf_k1.next = self.pf_k1.val();
        self.izh.pf_k0.next = self.pf_k0.val();
        self.izh.pf_a.next = self.pf_a.val();
        self.izh.pf_ab.next = self.pf_ab.val();
        self.izh.pf_ub.next = self.pf_ub.val();
        self.izh.pf_c.next = self.pf_c.val();
        self.izh.pf_d.next = self.pf_d.val();
        self.izh.pf_in_shift.next = self.pf_in_shift.val();
        self.izh.sl_a_in.next = self.sl_a_in.val();
        self.izh.st_u.next = self.st_u.val();
        self.izh.st_v.next = self.st_v.val();
        self.xylo.clock.next = self.clock.val();
        self.xylo.pf_dash_mem.next = self
            .in_profile
            .val()
            .get_bits::<{ w(profile::XYLO_DASH_MEM) }>(self.lsb_dash_mem.val().index());
        self.xylo.pf_dash_syn1.next = self
            .in_profile
            .val()
            .get_bits::<{ w(profile::XYLO_DASH_SYN1) }>(self.lsb_dash_syn1.val().index());
        self.xylo.pf_dash_syn2.next = self
            .in_profile
            .val()
            .get_bits::<{ w(profile::XYLO_DASH_SYN2) }>(self.lsb_dash_syn2.val().index());
        self.xylo.pf_v_th.next = self
            .in_profile
            .val()
            .get_bits::<{ w(profile::XYLO_V_TH) }>(self.lsb_xylo_v_th.val().index());
        self.xylo.pf_bias.next = self
            .in_profile
            .val()
            .get_bits::<{ w(profile::XYLO_BIAS) }>(self.lsb_xylo_bias.val().index());
        self.xylo.pf_cap.next = self
            .in_profile
            .val()
            .get_bits::<COUNT_W>(self.lsb_cap.val().index());
        self.xylo.sl_a_in.next = self.sl_a_in.val();
        self.xylo.sl_m_in.next = self.sl_m_in.val();
        self.xylo.st_v.next = self.st_v.val();

        // ---- Stage 2 ----
        self.s2_kind.d.next = self.s1_kind.q.val();
        self.s2_refr.d.next = self.s1_refr.q.val();
        self.s2_ref_held.d.next = self.s1_ref_held.q.val();
        self.s2_ref_period.d.next = self.s1_ref_period.q.val();
        self.s2_e.d.next = self.s1_e.q.val();
        self.s2_v.d.next = self.s1_v.q.val();
        self.s2_u.d.next = self.s1_u.q.val();
        self.s2_profile.d.next = self.s1_profile.q.val();
        // FLUX's thr_off', mod_level', quiet_cnt' (CUBA keeps them) leave the FLUX datapath here.
        self.s2_thr_off.d.next = self.flux.thr_off_1.val();
        self.s2_mod_level.d.next = self.flux.mod_level_1.val();
        self.s2_quiet_cnt.d.next = self.flux.quiet_cnt_1.val();

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

        // ---- Stage 5: finish every kind into the output registers ----
        // CUBA's u' (FLUX keeps u) leaves the CUBA datapath here.
        self.s5_u.d.next = self.cuba.u_4.val();
        self.s5_profile.d.next = self.s4_profile.q.val();
        self.s5_thr_off.d.next = self.s4_thr_off.q.val();
        self.s5_mod_level.d.next = self.s4_mod_level.q.val();
        self.s5_quiet_cnt.d.next = self.s4_quiet_cnt.q.val();

        // The kind selects the results. FLUX: the datapath applied §3 step 6. CUBA (§4 steps 3-4): a
        // refractory neuron keeps v; it spikes when forced or when v' > vth * 64; a spike sets
        // v' = 0 and ref_cnt' = ref_period.
        self.cuba_spike.next = self.s4_e.q.val() | (!self.s4_refr.q.val() & self.cuba.over.val());
        self.s5_ref_cnt.d.next = self.s4_ref_held.q.val();
        self.s5_xylo.d.next = false;
        if self.s4_kind.q.val() == self.kind_xylo.val() {
            // §4.2: the spike count, the membrane after the subtractive reset, the decayed
            // currents (copied into thr_off and mod_level); `e` is not used, ref_cnt is kept.
            self.spike5.next = self.xylo.count.val().any();
            self.s5_v.d.next = self.xylo.v_next.val();
            self.s5_thr_off.d.next = self.xylo.cur1.val();
            self.s5_mod_level.d.next = self.xylo.cur2.val();
            self.s5_xylo.d.next = true;
        } else if self.s4_kind.q.val() == self.kind_cuba.val() {
            self.spike5.next = self.cuba_spike.val();
            self.s5_v.d.next = self.cuba.v_clamped.val();
            if self.s4_refr.q.val() {
                self.s5_v.d.next = self.s4_v.q.val();
            }
            if self.cuba_spike.val() {
                self.s5_v.d.next = bits::<24>(0);
                self.s5_ref_cnt.d.next = self.s4_ref_period.q.val();
            }
        } else if self.s4_kind.q.val() == self.kind_izh.val() {
            // §4.1 step 7: a spike (forced or v' >= 30 mV) resets v to c and adds d to u;
            // ref_cnt is kept (stage 1 did not count it down).
            self.spike5.next = self.s4_e.q.val() | self.izh.over.val();
            self.s5_v.d.next = self.izh.v_keep.val();
            self.s5_u.d.next = self.izh.u_keep.val();
            if self.s4_e.q.val() | self.izh.over.val() {
                self.s5_v.d.next = self.izh.v_spiked.val();
                self.s5_u.d.next = self.izh.u_spiked.val();
            }
        } else {
            self.spike5.next = self.flux.spike.val();
            self.s5_v.d.next = self.flux.v_next.val();
            if self.flux.ref_clear.val() {
                self.s5_ref_cnt.d.next = bits::<8>(0);
            } else if self.flux.ref_load.val() {
                self.s5_ref_cnt.d.next = self.s4_ref_period.q.val();
            }
        }

        self.s5_spike.d.next = self.spike5.val();
        self.s5_count.d.next = bits::<COUNT_W>(0);
        if self.spike5.val() {
            self.s5_count.d.next = bits::<COUNT_W>(1);
        }
        if self.s4_kind.q.val() == self.kind_xylo.val() {
            self.s5_count.d.next = self.xylo.count.val();
        }

        // ---- Outputs: the state word reassembled at the spec positions ----
        // A one-pass loop: the generator can only evaluate a loop variable as an array index.
        for last in (NEURON_CORE_LATENCY - 1)..NEURON_CORE_LATENCY {
            self.out_valid.next = self.valid_pipe[last].q.val();
            self.out_tag.next = self.tag_pipe[last].q.val();
        }
        self.out_spike.next = self.s5_spike.q.val();
        self.out_count.next = self.s5_count.q.val();
        self.out_xylo.next = self.s5_xylo.q.val();
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
