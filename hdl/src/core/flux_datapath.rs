//! `FluxDatapath`: the FLUX modulated LIF of `docs/model.md` §3, stages 1 to 5 of `NeuronCore`'s
//! pipeline. The bit-exact twin is `flux_sim::neuron::flux_update`.
//!
//! `NeuronCore` decodes the words and carries what both kinds share (`kind`, `v`, `u`, `ref_cnt`,
//! `e`, the profile index, and `thr_off`, `mod_level`, `quiet_cnt`) in its own stage registers; this
//! block holds the FLUX-only registers. Its results are combinational outputs of its registers:
//! the stage-1 registers of `thr_off`, `mod_level`, `quiet_cnt` (which hold a CUBA neuron's kept
//! values too), and `spike`, `v_next`, `ref_clear`, `ref_load` in stage 5 (into the output
//! registers). Every output is a function of this block's registers only: a combinational path from
//! its inputs to its outputs would close a loop through `NeuronCore`'s one `always` block, which
//! Verilator cannot order (`UNOPTFLAT`). The stage plan is in
//! `neuron_core.rs`; the arithmetic conventions (two's-complement `Bits`, `ext_*` masks, sized
//! constants) are the same.

use crate::neuron_core::{
    D_W, INDEX_W, M_W, MOD_SHIFT, NOISE_W, T_W, V_W, V25_W, VA_W, ext, k, pattern, w,
};
use flux_sim::neuron::{FLUX_THR_EFF_MIN, I16_MAX, I16_MIN, QUIET_CNT_MAX};
use flux_sim::spec::{profile, slot, state};
use rust_hdl::prelude::*;

#[derive(LogicBlock)]
pub struct FluxDatapath {
    /// The clock.
    pub clock: Signal<In, Clock>,

    // Inputs: the decoded fields of the neuron entering the pipeline (valid with its `in_valid`).
    /// The profile kind is CUBA (these neurons keep `thr_off`, `mod_level`, `quiet_cnt`).
    pub pf_kind: Signal<In, Bit>,
    pub pf_hab_rate: Signal<In, Bits<{ w(profile::HAB_RATE) }>>,
    pub pf_leak: Signal<In, Bits<{ w(profile::LEAK) }>>,
    pub pf_leak_mode: Signal<In, Bit>,
    pub pf_mod_gain: Signal<In, Bits<{ w(profile::MOD_GAIN) }>>,
    pub pf_mod_relax: Signal<In, Bits<{ w(profile::MOD_RELAX) }>>,
    pub pf_pot_rate: Signal<In, Bits<{ w(profile::POT_RATE) }>>,
    pub pf_quiet_steps: Signal<In, Bits<{ w(profile::QUIET_STEPS) }>>,
    pub pf_reset_mode: Signal<In, Bit>,
    pub pf_thr: Signal<In, Bits<{ w(profile::THR) }>>,
    pub pf_thr_off_max: Signal<In, Bits<{ w(profile::THR_OFF_MAX) }>>,
    pub pf_v_reset: Signal<In, Bits<{ w(profile::V_RESET) }>>,
    pub pf_v_rest: Signal<In, Bits<{ w(profile::V_REST) }>>,
    pub refr: Signal<In, Bit>,
    pub sl_a_in: Signal<In, Bits<{ w(slot::A_IN) }>>,
    pub sl_m_in: Signal<In, Bits<{ w(slot::M_IN) }>>,
    pub st_mod_level: Signal<In, Bits<{ w(state::MOD_LEVEL) }>>,
    pub st_quiet_cnt: Signal<In, Bits<{ w(state::QUIET_CNT) }>>,
    pub st_thr_off: Signal<In, Bits<{ w(state::THR_OFF) }>>,
    pub st_v: Signal<In, Bits<{ w(state::V) }>>,
    /// The noise term `η` of §3.1, 16-bit two's complement (0 without noise).
    pub noise: Signal<In, Bits<NOISE_W>>,
    // Inputs: registers of the shared pipeline (`NeuronCore`), at the stage that reads them.
    /// The neuron was refractory at the start of its update (shared register after edge 2).
    pub refr2: Signal<In, Bit>,
    /// The neuron's `v` at the start of its update (shared register after edge 2).
    pub v2: Signal<In, Bits<24>>,
    /// The slot's forced-spike bit `e` (shared register after edge 3).
    pub e3: Signal<In, Bit>,
    /// Refractory at the start of the update (shared register after edge 3).
    pub refr3: Signal<In, Bit>,

    /// `thr_off'` after edge 1 (a CUBA neuron's `thr_off`, kept).
    pub thr_off_1: Signal<Out, Bits<{ w(state::THR_OFF) }>>,
    /// `mod_level'` after edge 1 (a CUBA neuron's, kept).
    pub mod_level_1: Signal<Out, Bits<{ w(state::MOD_LEVEL) }>>,
    /// `quiet_cnt'` after edge 1 (a CUBA neuron's, kept).
    pub quiet_cnt_1: Signal<Out, Bits<{ w(state::QUIET_CNT) }>>,
    /// After edge 4: the neuron spikes.
    pub spike: Signal<Out, Bit>,
    /// After edge 4: `v'`, the reset applied.
    pub v_next: Signal<Out, Bits<{ w(state::V) }>>,
    /// After edge 4: `ref_cnt'` is 0 (a subtract reset inside a burst).
    pub ref_clear: Signal<Out, Bit>,
    /// After edge 4: `ref_cnt'` is `ref_period` (a hard reset, or the end of a burst).
    pub ref_load: Signal<Out, Bit>,

    // Field widths and constants of the rules.
    ext_24_16: Constant<Bits<24>>,
    ext_m_16: Constant<Bits<M_W>>,
    ext_t_16: Constant<Bits<T_W>>,
    ext_t_m: Constant<Bits<T_W>>,
    ext_v25_24: Constant<Bits<V25_W>>,
    ext_v_va: Constant<Bits<V_W>>,
    ext_va_16: Constant<Bits<VA_W>>,
    ext_va_24: Constant<Bits<VA_W>>,
    /// Sign-flip of an `M_W`-bit word: signed `a < b` is unsigned `a ^ s < b ^ s`.
    flip_m: Constant<Bits<M_W>>,
    /// 255, the `quiet_cnt` ceiling (§3 step 3).
    max_8: Constant<Bits<8>>,
    /// The 8 of `asr(mod_level' * mod_gain, 8)` (§3 step 4).
    mod_shift: Constant<Bits<INDEX_W>>,
    /// Sign-bit positions of the working widths and fields (`msb_<width>`).
    msb_16: Constant<Bits<INDEX_W>>,
    msb_a_in: Constant<Bits<INDEX_W>>,
    msb_m: Constant<Bits<INDEX_W>>,
    msb_st_v: Constant<Bits<INDEX_W>>,
    msb_t: Constant<Bits<INDEX_W>>,
    msb_v: Constant<Bits<INDEX_W>>,
    msb_v25: Constant<Bits<INDEX_W>>,
    msb_va: Constant<Bits<INDEX_W>>,
    /// 1, to count `ref_cnt` down.
    one_8: Constant<Bits<8>>,
    s16_max: Constant<Bits<16>>,
    /// -32768 and 32767: the sat16 bounds, as 16-bit patterns.
    s16_min: Constant<Bits<16>>,
    /// 1, the lower bound of `thr_eff` (§3 step 4).
    thr_eff_min: Constant<Bits<16>>,

    // Wires.
    thr_off_next: Signal<Local, Bits<16>>,
    mod_next: Signal<Local, Bits<16>>,
    a_in_va: Signal<Local, Bits<VA_W>>,
    /// `η` sign-extended to `VA_W` bits (stage 2).
    noise_va: Signal<Local, Bits<VA_W>>,
    active: Signal<Local, Bit>,
    d_neg: Signal<Local, Bits<VA_W>>,
    d_pos: Signal<Local, Bits<VA_W>>,
    exp_step: Signal<Local, Bits<D_W>>,
    habituated: Signal<Local, Bits<M_W>>,
    leak_d: Signal<Local, Bits<D_W>>,
    m_in_m: Signal<Local, Bits<M_W>>,
    mod_level_m: Signal<Local, Bits<M_W>>,
    mod_prod: Signal<Local, Bits<32>>,
    mod_relax_m: Signal<Local, Bits<M_W>>,
    mod_relaxed: Signal<Local, Bits<M_W>>,
    mod_sum: Signal<Local, Bits<M_W>>,
    mod_term: Signal<Local, Bits<16>>,
    mod_term_t: Signal<Local, Bits<T_W>>,
    mod_toward: Signal<Local, Bits<M_W>>,
    neg_thr_off_max_m: Signal<Local, Bits<M_W>>,
    potentiate: Signal<Local, Bit>,
    potentiated: Signal<Local, Bits<M_W>>,
    quiet_q: Signal<Local, Bits<8>>,
    thr_base_t: Signal<Local, Bits<T_W>>,
    thr_eff_25: Signal<Local, Bits<V25_W>>,
    thr_off_m: Signal<Local, Bits<M_W>>,
    thr_off_max_m: Signal<Local, Bits<M_W>>,
    thr_off_t: Signal<Local, Bits<M_W>>,
    thr_sum: Signal<Local, Bits<T_W>>,
    v_burst_25: Signal<Local, Bits<V25_W>>,
    v_int_25: Signal<Local, Bits<V25_W>>,
    v_leaked: Signal<Local, Bits<V_W>>,
    v_reset_24: Signal<Local, Bits<24>>,
    v_rest_va: Signal<Local, Bits<VA_W>>,
    v_sat16: Signal<Local, Bits<16>>,
    v_sub16: Signal<Local, Bits<16>>,
    v_sub_25: Signal<Local, Bits<V25_W>>,
    v_va: Signal<Local, Bits<VA_W>>,
    va_v: Signal<Local, Bits<V_W>>,

    // Stage registers (`sN_*`: after edge N).
    /// FLUX: `thr_off'`, `mod_level'`, `quiet_cnt'`; CUBA: the inputs, kept.
    s1_thr_off: DFF<Bits<16>>,
    s1_mod_level: DFF<Bits<16>>,
    s1_quiet_cnt: DFF<Bits<8>>,
    s1_d_is_neg: DFF<Bit>,
    s1_d_mag: DFF<Bits<D_W>>,
    s1_leak: DFF<Bits<12>>,
    s1_leak_mode: DFF<Bit>,
    s1_mod_gain: DFF<Bits<8>>,
    s1_reset_mode: DFF<Bit>,
    s1_thr: DFF<Bits<16>>,
    s1_v_reset: DFF<Bits<16>>,
    s1_va: DFF<Bits<VA_W>>,
    s1_noise: DFF<Bits<NOISE_W>>,
    s2_mod_gain: DFF<Bits<8>>,
    s2_mod_is_neg: DFF<Bit>,
    /// Bits 8..24 of the unsigned product (stage 3 corrects them for the sign).
    s2_mod_prod: DFF<Bits<16>>,
    s2_reset_mode: DFF<Bit>,
    s2_step: DFF<Bits<D_W>>,
    s2_step_sub: DFF<Bit>,
    s2_thr_base: DFF<Bits<M_W>>,
    s2_v_reset: DFF<Bits<16>>,
    s2_va: DFF<Bits<VA_W>>,
    s3_reset_mode: DFF<Bit>,
    s3_thr_eff: DFF<Bits<16>>,
    /// FLUX `v'` after leak and integration (or `v` while refractory).
    s3_v_int: DFF<Bits<24>>,
    s3_v_reset: DFF<Bits<16>>,
    s4_burst_end: DFF<Bit>,
    s4_flux_spike: DFF<Bit>,
    s4_reset_mode: DFF<Bit>,
    s4_v_int: DFF<Bits<24>>,
    s4_v_reset: DFF<Bits<16>>,
    s4_v_sub: DFF<Bits<V25_W>>,
}

impl FluxDatapath {
    /// The datapath with its constants.
    pub fn new() -> Self {
        Self {
            clock: Default::default(),
            pf_kind: Default::default(),
            pf_hab_rate: Default::default(),
            pf_leak: Default::default(),
            pf_leak_mode: Default::default(),
            pf_mod_gain: Default::default(),
            pf_mod_relax: Default::default(),
            pf_pot_rate: Default::default(),
            pf_quiet_steps: Default::default(),
            pf_reset_mode: Default::default(),
            pf_thr: Default::default(),
            pf_thr_off_max: Default::default(),
            pf_v_reset: Default::default(),
            pf_v_rest: Default::default(),
            refr: Default::default(),
            sl_a_in: Default::default(),
            noise: Default::default(),
            sl_m_in: Default::default(),
            st_mod_level: Default::default(),
            st_quiet_cnt: Default::default(),
            st_thr_off: Default::default(),
            st_v: Default::default(),
            refr2: Default::default(),
            v2: Default::default(),
            e3: Default::default(),
            refr3: Default::default(),
            thr_off_1: Default::default(),
            mod_level_1: Default::default(),
            quiet_cnt_1: Default::default(),
            spike: Default::default(),
            v_next: Default::default(),
            ref_clear: Default::default(),
            ref_load: Default::default(),
            ext_24_16: ext(16),
            ext_m_16: ext(16),
            ext_t_16: ext(16),
            ext_t_m: ext(M_W),
            ext_v25_24: ext(24),
            ext_v_va: ext(VA_W),
            ext_va_16: ext(16),
            ext_va_24: ext(24),
            flip_m: k(1 << (M_W - 1)),
            max_8: pattern(QUIET_CNT_MAX),
            mod_shift: k(MOD_SHIFT as u64),
            msb_16: k(15),
            msb_a_in: k(slot::A_IN.width as u64 - 1),
            msb_m: k(M_W as u64 - 1),
            msb_st_v: k(state::V.width as u64 - 1),
            msb_t: k(T_W as u64 - 1),
            msb_v: k(V_W as u64 - 1),
            msb_v25: k(V25_W as u64 - 1),
            msb_va: k(VA_W as u64 - 1),
            one_8: k(1),
            s16_max: pattern(I16_MAX),
            s16_min: pattern(I16_MIN),
            thr_eff_min: pattern(FLUX_THR_EFF_MIN),
            a_in_va: Default::default(),
            noise_va: Default::default(),
            active: Default::default(),
            d_neg: Default::default(),
            d_pos: Default::default(),
            exp_step: Default::default(),
            habituated: Default::default(),
            leak_d: Default::default(),
            m_in_m: Default::default(),
            mod_level_m: Default::default(),
            mod_prod: Default::default(),
            mod_relax_m: Default::default(),
            mod_relaxed: Default::default(),
            mod_sum: Default::default(),
            mod_term: Default::default(),
            mod_term_t: Default::default(),
            mod_toward: Default::default(),
            neg_thr_off_max_m: Default::default(),
            potentiate: Default::default(),
            potentiated: Default::default(),
            quiet_q: Default::default(),
            thr_off_next: Default::default(),
            mod_next: Default::default(),
            thr_base_t: Default::default(),
            thr_eff_25: Default::default(),
            thr_off_m: Default::default(),
            thr_off_max_m: Default::default(),
            thr_off_t: Default::default(),
            thr_sum: Default::default(),
            v_burst_25: Default::default(),
            v_int_25: Default::default(),
            v_leaked: Default::default(),
            v_reset_24: Default::default(),
            v_rest_va: Default::default(),
            v_sat16: Default::default(),
            v_sub16: Default::default(),
            v_sub_25: Default::default(),
            v_va: Default::default(),
            va_v: Default::default(),
            s1_d_is_neg: Default::default(),
            s1_thr_off: Default::default(),
            s1_mod_level: Default::default(),
            s1_quiet_cnt: Default::default(),
            s1_d_mag: Default::default(),
            s1_leak: Default::default(),
            s1_leak_mode: Default::default(),
            s1_mod_gain: Default::default(),
            s1_reset_mode: Default::default(),
            s1_thr: Default::default(),
            s1_v_reset: Default::default(),
            s1_va: Default::default(),
            s1_noise: Default::default(),
            s2_mod_gain: Default::default(),
            s2_mod_is_neg: Default::default(),
            s2_mod_prod: Default::default(),
            s2_reset_mode: Default::default(),
            s2_step: Default::default(),
            s2_step_sub: Default::default(),
            s2_thr_base: Default::default(),
            s2_v_reset: Default::default(),
            s2_va: Default::default(),
            s3_reset_mode: Default::default(),
            s3_thr_eff: Default::default(),
            s3_v_int: Default::default(),
            s3_v_reset: Default::default(),
            s4_burst_end: Default::default(),
            s4_flux_spike: Default::default(),
            s4_reset_mode: Default::default(),
            s4_v_int: Default::default(),
            s4_v_reset: Default::default(),
            s4_v_sub: Default::default(),
        }
    }
}

impl Default for FluxDatapath {
    fn default() -> Self {
        Self::new()
    }
}

// The kernel's `get_bits::<{ w(F) }>` widths need braces as generic arguments; `#[hdl_gen]` copies
// them into function arguments of the generated `hdl()`, where rustc calls them unnecessary.
#[allow(unused_braces)]
impl Logic for FluxDatapath {
    #[hdl_gen]
    fn update(&mut self) {
        clock!(
            self,
            clock,
            s1_thr_off,
            s1_mod_level,
            s1_quiet_cnt,
            s1_d_is_neg,
            s1_d_mag,
            s1_leak,
            s1_leak_mode,
            s1_mod_gain,
            s1_reset_mode,
            s1_thr,
            s1_v_reset,
            s1_va,
            s1_noise,
            s2_mod_gain,
            s2_mod_is_neg,
            s2_mod_prod,
            s2_reset_mode,
            s2_step,
            s2_step_sub,
            s2_thr_base,
            s2_v_reset,
            s2_va,
            s3_reset_mode,
            s3_thr_eff,
            s3_v_int,
            s3_v_reset,
            s4_burst_end,
            s4_flux_spike,
            s4_reset_mode,
            s4_v_int,
            s4_v_reset,
            s4_v_sub
        );

        // ---- Stage 1 ----
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
        self.thr_off_1.next = self.s1_thr_off.q.val();
        self.mod_level_1.next = self.s1_mod_level.q.val();
        self.quiet_cnt_1.next = self.s1_quiet_cnt.q.val();

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
        self.s1_noise.d.next = self.noise.val();
        self.s1_leak.d.next = self.pf_leak.val();
        self.s1_leak_mode.d.next = self.pf_leak_mode.val();
        self.s1_reset_mode.d.next = self.pf_reset_mode.val();
        self.s1_v_reset.d.next = self.pf_v_reset.val();
        self.s1_thr.d.next = self.pf_thr.val();
        self.s1_mod_gain.d.next = self.pf_mod_gain.val();

        // ---- Stage 2 ----
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
        // §3.1: the noise joins the direct input, v + a_in + η (|η| <= 2^14 keeps it in VA_W bits).
        self.noise_va.next = bit_cast::<VA_W, NOISE_W>(self.s1_noise.q.val());
        if self.s1_noise.q.val().get_bit(self.msb_16.val().index()) {
            self.noise_va.next =
                bit_cast::<VA_W, NOISE_W>(self.s1_noise.q.val()) | self.ext_va_16.val();
        }
        self.s2_va.d.next = self.s1_va.q.val() + self.noise_va.val();

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

        // ---- Stage 3 ----
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
        self.s3_v_int.d.next = self.v2.val();
        if !self.refr2.val() {
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

        // ---- Stage 4 ----
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
        self.s4_flux_spike.d.next = self.e3.val()
            | (!self.refr3.val()
                & !self.s3_v_int.q.val().get_bit(self.msb_st_v.val().index())
                & (self.v_int_25.val() >= self.thr_eff_25.val()));
        self.v_sub_25.next = self.v_int_25.val() - self.thr_eff_25.val();
        self.s4_v_sub.d.next = self.v_sub_25.val();
        // The burst-end test as the sign of v' - 2 * thr_eff, an adder beside v' - thr_eff rather
        // than a comparison after it.
        self.v_burst_25.next = self.v_int_25.val() - (self.thr_eff_25.val() << 1);
        self.s4_burst_end.d.next = self.v_burst_25.val().get_bit(self.msb_v25.val().index());

        // ---- Stage 5 (combinational, into the shared output registers) ----
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
        // §3 step 6 (end): the results, from this block's registers only. Subtract reset:
        // v' = sat16(v' - thr_eff), refractory only when the burst ends; hard reset: v' = v_reset,
        // refractory.
        self.spike.next = self.s4_flux_spike.q.val();
        self.v_next.next = self.s4_v_int.q.val();
        self.ref_clear.next = false;
        self.ref_load.next = false;
        if self.s4_flux_spike.q.val() {
            if self.s4_reset_mode.q.val() {
                self.v_next.next = bit_cast::<24, 16>(self.v_sub16.val());
                if self.v_sub16.val().get_bit(self.msb_16.val().index()) {
                    self.v_next.next =
                        bit_cast::<24, 16>(self.v_sub16.val()) | self.ext_24_16.val();
                }
                if self.s4_burst_end.q.val() {
                    self.ref_load.next = true;
                } else {
                    self.ref_clear.next = true;
                }
            } else {
                self.v_next.next = self.v_reset_24.val();
                self.ref_load.next = true;
            }
        }
    }
}
