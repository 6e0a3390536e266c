//! `CubaDatapath`: the Loihi-compatible CUBA LIF of `docs/model.md` §4, stages 1 to 5 of
//! `NeuronCore`'s pipeline. The bit-exact twin is `flux_sim::neuron::cuba_update`.
//!
//! `NeuronCore` decodes the words and carries what both kinds share in its own stage registers; this
//! block holds the CUBA-only registers (decay products and magnitudes, `a * 64`, the bias sums) and
//! the stage-4 register of `u` (which holds a FLUX neuron's kept `u` too). Its outputs are functions
//! of its registers only (see `flux_datapath.rs` for why): `u_4`, and the clamped `v'` and the spike
//! test `v' > vth * 64` in stage 5, to which `NeuronCore` applies the refractory, forced-spike and
//! reset rules (§4 steps 3-4) that it holds the inputs of. A preset without `cuba` never selects
//! the results and synthesis drops all but the `u` register.

use crate::neuron_core::{
    A_W, BIAS_W, DEC_HI_U, DEC_HI_V, DEC_SHIFT, DEC_W, F_W, INDEX_W, V_W, ext, k, pattern, w,
};
use flux_sim::neuron::{
    CUBA_A_MAX, CUBA_A_MIN, CUBA_ACT_SHIFT, CUBA_DECAY_BASE, CUBA_U_WRAP, I24_MAX,
};
use flux_sim::spec::{profile, slot, state};
use rust_hdl::prelude::*;

#[derive(LogicBlock)]
pub struct CubaDatapath {
    /// The clock.
    pub clock: Signal<In, Clock>,

    // Inputs: the decoded fields of the neuron entering the pipeline (valid with its `in_valid`).
    pub pf_bias_exp: Signal<In, Bits<{ w(profile::BIAS_EXP) }>>,
    pub pf_bias_mant: Signal<In, Bits<{ w(profile::BIAS_MANT) }>>,
    pub pf_du: Signal<In, Bits<{ w(profile::DU) }>>,
    pub pf_dv: Signal<In, Bits<{ w(profile::DV) }>>,
    pub pf_vth: Signal<In, Bits<{ w(profile::VTH) }>>,
    pub sl_a_in: Signal<In, Bits<{ w(slot::A_IN) }>>,
    pub st_u: Signal<In, Bits<{ w(state::U) }>>,
    pub st_v: Signal<In, Bits<{ w(state::V) }>>,
    // Inputs: registers of the shared pipeline (`NeuronCore`), at the stage that reads them.
    /// `u` after edge 3 (the shared register), which a FLUX neuron keeps.
    pub u3: Signal<In, Bits<{ w(state::U) }>>,
    /// The neuron after edge 3 is CUBA.
    pub kind3: Signal<In, Bit>,

    /// `u'` after edge 4 (a FLUX neuron's `u`, kept).
    pub u_4: Signal<Out, Bits<{ w(state::U) }>>,
    /// After edge 4: `v' = sat(sgn(v) * dec_v + bias + u', -(2^23 - 1), 2^23 - 1)`, before the
    /// refractory and spike rules (`NeuronCore` applies them).
    pub v_clamped: Signal<Out, Bits<{ w(state::V) }>>,
    /// After edge 4: `v' > vth * 64`.
    pub over: Signal<Out, Bit>,

    // Field widths and constants of the rules.
    a_max: Constant<Bits<A_W>>,
    /// `-2^17` and `2^17 - 1`, the CUBA input clamp (§4 step 1).
    a_min: Constant<Bits<A_W>>,
    /// Lava's `act_shift`/`vth_shift` (`flux_sim::neuron::CUBA_ACT_SHIFT`): `a * 64`, `vth * 64`.
    act_shift: Constant<Bits<INDEX_W>>,
    /// The CUBA decay split `hi = m >> 12` (`flux_sim::neuron::decay`).
    dec_shift: Constant<Bits<INDEX_W>>,
    /// 4096, the CUBA decay base (§4: `4096 - dv`).
    decay_base: Constant<Bits<F_W>>,
    ext_24_a: Constant<Bits<24>>,
    ext_25_24: Constant<Bits<25>>,
    ext_bias_13: Constant<Bits<BIAS_W>>,
    ext_v_24: Constant<Bits<V_W>>,
    ext_v_25: Constant<Bits<V_W>>,
    ext_v_bias: Constant<Bits<V_W>>,
    msb_a: Constant<Bits<INDEX_W>>,
    msb_a_in: Constant<Bits<INDEX_W>>,
    msb_bias: Constant<Bits<INDEX_W>>,
    msb_bias_mant: Constant<Bits<INDEX_W>>,
    msb_st_u: Constant<Bits<INDEX_W>>,
    msb_st_v: Constant<Bits<INDEX_W>>,
    msb_v: Constant<Bits<INDEX_W>>,
    /// `2^23`: the one 24-bit pattern whose wrap is `+2^23` (§4 step 2), and which `v` clamps away from.
    v_edge: Constant<Bits<24>>,
    v_max: Constant<Bits<24>>,
    /// `-(2^23 - 1)` and `2^23 - 1`, the CUBA `v` clamp (§4 step 3), as 24-bit patterns.
    v_min: Constant<Bits<24>>,

    // Wires.
    a64_v: Signal<Local, Bits<V_W>>,
    a_clamped: Signal<Local, Bits<A_W>>,
    a_ext: Signal<Local, Bits<24>>,
    bias_mant_ext: Signal<Local, Bits<BIAS_W>>,
    bias_v: Signal<Local, Bits<V_W>>,
    bias_v2: Signal<Local, Bits<V_W>>,
    u1: Signal<Local, Bits<V_W>>,
    u_neg: Signal<Local, Bits<{ w(state::U) }>>,
    u_v: Signal<Local, Bits<V_W>>,
    u_wrapped: Signal<Local, Bits<{ w(state::U) }>>,
    v_neg: Signal<Local, Bits<{ w(state::V) }>>,
    v_over: Signal<Local, Bits<V_W>>,
    v_sum: Signal<Local, Bits<V_W>>,
    v_under: Signal<Local, Bits<V_W>>,

    // Stage registers (`sN_*`: after edge N).
    s1_a64: DFF<Bits<24>>,
    s1_bias: DFF<Bits<BIAS_W>>,
    s1_factor_u: DFF<Bits<{ w(profile::DU) }>>,
    s1_factor_v: DFF<Bits<F_W>>,
    s1_mag_u: DFF<Bits<25>>,
    s1_mag_v: DFF<Bits<24>>,
    s1_u_is_neg: DFF<Bit>,
    s1_v_is_neg: DFF<Bit>,
    s1_vth: DFF<Bits<{ w(profile::VTH) }>>,
    s2_a64: DFF<Bits<24>>,
    s2_bias: DFF<Bits<BIAS_W>>,
    s2_bias_floor: DFF<Bits<V_W>>,
    s2_bias_gap: DFF<Bits<V_W>>,
    s2_pu_hi: DFF<Bits<32>>,
    s2_pu_lo: DFF<Bits<32>>,
    s2_pv_hi: DFF<Bits<32>>,
    s2_pv_lo: DFF<Bits<32>>,
    s2_u_is_neg: DFF<Bit>,
    s2_v_is_neg: DFF<Bit>,
    s3_a64: DFF<Bits<24>>,
    s3_bias: DFF<Bits<BIAS_W>>,
    s3_bias_floor: DFF<Bits<V_W>>,
    s3_bias_gap: DFF<Bits<V_W>>,
    s3_dec_u: DFF<Bits<DEC_W>>,
    s3_dec_v: DFF<Bits<DEC_W>>,
    s3_u_is_neg: DFF<Bit>,
    s3_v_is_neg: DFF<Bit>,
    s4_v_base: DFF<Bits<V_W>>,
    s4_v_floor: DFF<Bits<V_W>>,
    /// CUBA: `u'`; FLUX: `u`, kept.
    s4_u: DFF<Bits<{ w(state::U) }>>,
    s4_v_gap: DFF<Bits<V_W>>,
}

impl CubaDatapath {
    /// The datapath with its constants.
    pub fn new() -> Self {
        Self {
            clock: Default::default(),
            pf_bias_exp: Default::default(),
            pf_bias_mant: Default::default(),
            pf_du: Default::default(),
            pf_dv: Default::default(),
            pf_vth: Default::default(),
            sl_a_in: Default::default(),
            st_u: Default::default(),
            st_v: Default::default(),
            u3: Default::default(),
            kind3: Default::default(),
            u_4: Default::default(),
            over: Default::default(),
            a_max: pattern(CUBA_A_MAX),
            a_min: pattern(CUBA_A_MIN),
            act_shift: k(CUBA_ACT_SHIFT as u64),
            dec_shift: k(DEC_SHIFT as u64),
            decay_base: pattern(CUBA_DECAY_BASE),
            ext_24_a: ext(A_W),
            ext_25_24: ext(24),
            ext_bias_13: ext(w(profile::BIAS_MANT)),
            ext_v_24: ext(24),
            ext_v_25: ext(25),
            ext_v_bias: ext(BIAS_W),
            msb_a: k(A_W as u64 - 1),
            msb_a_in: k(slot::A_IN.width as u64 - 1),
            msb_bias: k(BIAS_W as u64 - 1),
            msb_bias_mant: k(profile::BIAS_MANT.width as u64 - 1),
            msb_st_u: k(state::U.width as u64 - 1),
            msb_st_v: k(state::V.width as u64 - 1),
            msb_v: k(V_W as u64 - 1),
            v_edge: pattern(CUBA_U_WRAP),
            v_max: pattern(I24_MAX),
            v_min: pattern(-I24_MAX),
            a64_v: Default::default(),
            a_clamped: Default::default(),
            a_ext: Default::default(),
            bias_mant_ext: Default::default(),
            bias_v: Default::default(),
            bias_v2: Default::default(),
            u1: Default::default(),
            u_neg: Default::default(),
            u_v: Default::default(),
            u_wrapped: Default::default(),
            v_clamped: Default::default(),
            v_neg: Default::default(),
            v_over: Default::default(),
            v_sum: Default::default(),
            v_under: Default::default(),
            s1_a64: Default::default(),
            s1_bias: Default::default(),
            s1_factor_u: Default::default(),
            s1_factor_v: Default::default(),
            s1_mag_u: Default::default(),
            s1_mag_v: Default::default(),
            s1_u_is_neg: Default::default(),
            s1_v_is_neg: Default::default(),
            s1_vth: Default::default(),
            s2_a64: Default::default(),
            s2_bias: Default::default(),
            s2_bias_floor: Default::default(),
            s2_bias_gap: Default::default(),
            s2_pu_hi: Default::default(),
            s2_pu_lo: Default::default(),
            s2_pv_hi: Default::default(),
            s2_pv_lo: Default::default(),
            s2_u_is_neg: Default::default(),
            s2_v_is_neg: Default::default(),
            s3_a64: Default::default(),
            s3_bias: Default::default(),
            s3_bias_floor: Default::default(),
            s3_bias_gap: Default::default(),
            s3_dec_u: Default::default(),
            s3_dec_v: Default::default(),
            s3_u_is_neg: Default::default(),
            s3_v_is_neg: Default::default(),
            s4_v_base: Default::default(),
            s4_v_floor: Default::default(),
            s4_u: Default::default(),
            s4_v_gap: Default::default(),
        }
    }
}

impl Default for CubaDatapath {
    fn default() -> Self {
        Self::new()
    }
}

// The kernel's `get_bits::<{ w(F) }>` widths need braces as generic arguments; `#[hdl_gen]` copies
// them into function arguments of the generated `hdl()`, where rustc calls them unnecessary.
#[allow(unused_braces)]
impl Logic for CubaDatapath {
    #[hdl_gen]
    fn update(&mut self) {
        clock!(
            self,
            clock,
            s4_u,
            s1_a64,
            s1_bias,
            s1_factor_u,
            s1_factor_v,
            s1_mag_u,
            s1_mag_v,
            s1_u_is_neg,
            s1_v_is_neg,
            s1_vth,
            s2_a64,
            s2_bias,
            s2_bias_floor,
            s2_bias_gap,
            s2_pu_hi,
            s2_pu_lo,
            s2_pv_hi,
            s2_pv_lo,
            s2_u_is_neg,
            s2_v_is_neg,
            s3_a64,
            s3_bias,
            s3_bias_floor,
            s3_bias_gap,
            s3_dec_u,
            s3_dec_v,
            s3_u_is_neg,
            s3_v_is_neg,
            s4_v_base,
            s4_v_floor,
            s4_v_gap
        );

        // ---- Stage 1 ----
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
        self.s4_u.d.next = self.u3.val();
        if self.kind3.val() {
            self.s4_u.d.next = self.u_wrapped.val();
        }
        self.u_4.next = self.s4_u.q.val();

        // ---- Stage 5 (combinational, from this block's registers only) ----
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
        // v' > vth * 64 is v_sum - vth * 64 - 1 >= 0.
        self.v_over.next = self.s4_v_gap.q.val() + self.u_v.val();
        self.over.next = !self.v_over.val().get_bit(self.msb_v.val().index());
    }
}
