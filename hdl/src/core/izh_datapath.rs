//! `IzhDatapath`: the integer Izhikevich neuron of `docs/model.md` §4.1, stages 1 to 5 of
//! `NeuronCore`'s pipeline. The bit-exact twin is `flux_sim::neuron::izh_update`.
//!
//! Seven 16×16 products (the DSP blocks of an ECP5): `|vc|^2`, its two pieces times `k2`,
//! `k1 * vc`, the two pieces of `a * u`, and `ab` times the low piece of `v' >> 4`.
//!
//! | stage | work |
//! |---|---|
//! | 1 | `vc = sat16(asr(v, 4))` and `\|vc\|`; `k0 * 2^13 + a_in * 2^(12 - in_shift) + v * 2^8 + 2^7` |
//! | 2 | `\|vc\|^2`, then `(vc^2 >> 16) * k2`, `(vc^2 & 0xFFFF) * k2`; `k1 * vc`, `a * uh`, `a * ul` (DSP); minus `u * 4` |
//! | 3 | plus `k1 * vc` and `q`; `v' >= 30 mV` as a sign; `u * 2^10 + ub * 2^12 - asr(a u, 6) + 2^9` |
//! | 4 | `v' = sat22(asr(Sv + v * 2^8 + 2^7, 8))` |
//! | 5 | `ab * asr(v', 4)` (DSP and a select), `u'' = sat25(asr(.., 10))`, `sat25(u'' + d * 2^7)` |
//!
//! Like the other kinds' blocks, every output is a function of this block's registers only (a
//! combinational path from an input to an output would close a loop through `NeuronCore`'s one
//! `always` block); `NeuronCore` applies the forced spike (`e`) by choosing between the outputs.
//! A preset without `izh` never selects them and synthesis drops the block.

use crate::neuron_core::{INDEX_W, ext, k, pattern, w};
use flux_sim::neuron::{
    IZH_A_FRAC, IZH_C_FRAC, IZH_D_FRAC, IZH_K0_FRAC, IZH_SQ_SPLIT, IZH_SU_FRAC, IZH_SV_FRAC,
    IZH_U_FRAC, IZH_UB_FRAC, IZH_V_FRAC, IZH_V_MAX, IZH_V_MIN, IZH_V_PEAK, IZH_VC_FRAC,
};
use flux_sim::spec::{profile, slot, state};
use rust_hdl::prelude::*;

/// Working width of the two sums (`|Sv| < 2^36`, `|Su| < 2^34`, plus the folded-in state).
pub(crate) const IZ_W: usize = 40;
/// Width of `v'` (`[-2^21, 2^21)`, 22 bits) and of `asr(v', 4)` (18 bits).
const VN_W: usize = 22;
const VCN_W: usize = VN_W - (IZH_V_FRAC - IZH_VC_FRAC) as usize;
/// Width of `asr(v, 4)` before the clamp to 16 bits.
const VS_W: usize = w(state::V) - (IZH_V_FRAC - IZH_VC_FRAC) as usize;
/// The high piece of `u` in `a * u` (`u = uh * 2^16 + ul`): 9 bits signed.
const UH_W: usize = w(state::U) - 16;
/// `asr(Sv, 8)`: the v sum after its rounding shift.
const SV_SHIFT: usize = (IZH_SV_FRAC - IZH_V_FRAC) as usize;
/// `asr(Su, 10)`.
const SU_SHIFT: usize = (IZH_SU_FRAC - IZH_U_FRAC) as usize;
/// `u + (d << 7)` before its clamp (26 bits).
const UD_W: usize = w(state::U) + 1;
const _: () = assert!(IZH_SQ_SPLIT == 16 && VCN_W == 18);

#[derive(LogicBlock)]
pub struct IzhDatapath {
    /// The clock.
    pub clock: Signal<In, Clock>,

    // Inputs: the decoded fields of the neuron entering the pipeline (valid with its `in_valid`).
    pub pf_k2: Signal<In, Bits<{ w(profile::IZH_K2) }>>,
    pub pf_k1: Signal<In, Bits<{ w(profile::IZH_K1) }>>,
    pub pf_k0: Signal<In, Bits<{ w(profile::IZH_K0) }>>,
    pub pf_a: Signal<In, Bits<{ w(profile::IZH_A) }>>,
    pub pf_ab: Signal<In, Bits<{ w(profile::IZH_AB) }>>,
    pub pf_ub: Signal<In, Bits<{ w(profile::IZH_UB) }>>,
    pub pf_c: Signal<In, Bits<{ w(profile::IZH_C) }>>,
    pub pf_d: Signal<In, Bits<{ w(profile::IZH_D) }>>,
    pub pf_in_shift: Signal<In, Bits<{ w(profile::IZH_IN_SHIFT) }>>,
    pub sl_a_in: Signal<In, Bits<{ w(slot::A_IN) }>>,
    pub st_u: Signal<In, Bits<{ w(state::U) }>>,
    pub st_v: Signal<In, Bits<{ w(state::V) }>>,

    /// After edge 4: `v' >= 30 mV`.
    pub over: Signal<Out, Bit>,
    /// After edge 4: `v'`, sign-extended to the state field (no spike).
    pub v_keep: Signal<Out, Bits<{ w(state::V) }>>,
    /// After edge 4: `c * 2^10` (a spike).
    pub v_spiked: Signal<Out, Bits<{ w(state::V) }>>,
    /// Stage 5: `u'' = sat25(u + rnd(Su, 10))` (no spike).
    pub u_keep: Signal<Out, Bits<{ w(state::U) }>>,
    /// Stage 5: `sat25(u'' + d * 2^7)` (a spike).
    pub u_spiked: Signal<Out, Bits<{ w(state::U) }>>,

    // Constants of the rules (flux_sim::neuron's IZH_*).
    /// `k0 * 2^13`: the shift from k0's 7 fraction bits to the sum's 20.
    k0_shift: Constant<Bits<INDEX_W>>,
    /// `a_in * 2^(12 - in_shift)`: 12.
    in_base: Constant<Bits<INDEX_W>>,
    /// `v * 2^8`, `u * 4`, `u * 2^10`, `ub * 2^12`, `c * 2^10`, `d * 2^7`.
    v_up: Constant<Bits<INDEX_W>>,
    u_sv: Constant<Bits<INDEX_W>>,
    u_su: Constant<Bits<INDEX_W>>,
    ub_su: Constant<Bits<INDEX_W>>,
    c_v: Constant<Bits<INDEX_W>>,
    d_u: Constant<Bits<INDEX_W>>,
    /// `asr(v, 4)`, `asr(Sv, 8)`, `asr(a u, 6)`, `asr(Su, 10)`, the 16-bit pieces.
    vc_shift: Constant<Bits<INDEX_W>>,
    sv_shift: Constant<Bits<INDEX_W>>,
    au_shift: Constant<Bits<INDEX_W>>,
    au_up: Constant<Bits<INDEX_W>>,
    su_shift: Constant<Bits<INDEX_W>>,
    piece: Constant<Bits<INDEX_W>>,
    /// The rounding halves `2^7` (of `Sv`) and `2^9` (of `Su`), in the sum width.
    half_v: Constant<Bits<IZ_W>>,
    half_u: Constant<Bits<IZ_W>>,
    /// `30 mV * 2^8` in the sum: `v' >= 30 mV` is `Sv + v 2^8 + 2^7 - peak 2^8 >= 0`.
    peak_sum: Constant<Bits<IZ_W>>,
    /// The clamps: 16 bits for `vc`, 22 for `v'`, 25 for `u`.
    vc_min: Constant<Bits<16>>,
    vc_max: Constant<Bits<16>>,
    vn_min: Constant<Bits<VN_W>>,
    vn_max: Constant<Bits<VN_W>>,
    u_min: Constant<Bits<25>>,
    u_max: Constant<Bits<25>>,
    /// Sign extensions (`ext_<to>_<from>`) and sign-bit positions (`msb_<width>`).
    ext_w_16: Constant<Bits<IZ_W>>,
    ext_w_24: Constant<Bits<IZ_W>>,
    ext_w_25: Constant<Bits<IZ_W>>,
    ext_w_32: Constant<Bits<IZ_W>>,
    ext_w_k0: Constant<Bits<IZ_W>>,
    ext_w_ub: Constant<Bits<IZ_W>>,
    /// `a`'s and `uh`'s pattern widths (15, 9), and `2^24` (both negative).
    a_bits: Constant<Bits<INDEX_W>>,
    h_bits: Constant<Bits<INDEX_W>>,
    both_neg: Constant<Bits<32>>,
    ext_24_c: Constant<Bits<24>>,
    ext_24_vn: Constant<Bits<24>>,
    ext_ud_25: Constant<Bits<UD_W>>,
    ext_ud_d: Constant<Bits<UD_W>>,
    ext_vs: Constant<Bits<VS_W>>,
    msb_16: Constant<Bits<INDEX_W>>,
    msb_24: Constant<Bits<INDEX_W>>,
    msb_25: Constant<Bits<INDEX_W>>,
    msb_32: Constant<Bits<INDEX_W>>,
    msb_a: Constant<Bits<INDEX_W>>,
    msb_c: Constant<Bits<INDEX_W>>,
    msb_d: Constant<Bits<INDEX_W>>,
    msb_k0: Constant<Bits<INDEX_W>>,
    msb_ub: Constant<Bits<INDEX_W>>,
    msb_ud: Constant<Bits<INDEX_W>>,
    msb_vs: Constant<Bits<INDEX_W>>,
    msb_w: Constant<Bits<INDEX_W>>,
    msb_vcn: Constant<Bits<INDEX_W>>,
    msb_vn: Constant<Bits<INDEX_W>>,
    /// The ones an arithmetic `asr(.., 6)` of a sum shifts in.
    ext_w_au: Constant<Bits<IZ_W>>,
    /// Bit positions of `asr(Sv, 8)` and `asr(Su, 10)` that must agree with the sign for no clamp.
    vn_top: Constant<Bits<INDEX_W>>,
    un_top: Constant<Bits<INDEX_W>>,
    vcn_hi: Constant<Bits<INDEX_W>>,

    // Wires.
    vs: Signal<Local, Bits<VS_W>>,
    vc: Signal<Local, Bits<16>>,
    a_in_w: Signal<Local, Bits<IZ_W>>,
    k0_w: Signal<Local, Bits<IZ_W>>,
    v_w: Signal<Local, Bits<IZ_W>>,
    u_w1: Signal<Local, Bits<IZ_W>>,
    p_k1vc: Signal<Local, Bits<32>>,
    p_auh: Signal<Local, Bits<32>>,
    p_aul: Signal<Local, Bits<32>>,
    k1vc_w: Signal<Local, Bits<IZ_W>>,
    gap: Signal<Local, Bits<IZ_W>>,
    auh_w: Signal<Local, Bits<IZ_W>>,
    aul_w: Signal<Local, Bits<IZ_W>>,
    aul_asr: Signal<Local, Bits<IZ_W>>,
    u_w2: Signal<Local, Bits<IZ_W>>,
    ub_w: Signal<Local, Bits<IZ_W>>,
    sum_v: Signal<Local, Bits<IZ_W>>,
    sq: Signal<Local, Bits<32>>,
    q_w: Signal<Local, Bits<IZ_W>>,
    vn: Signal<Local, Bits<VN_W>>,
    vcn: Signal<Local, Bits<VCN_W>>,
    p_abvl: Signal<Local, Bits<32>>,
    abvl_w: Signal<Local, Bits<IZ_W>>,
    ab_w: Signal<Local, Bits<IZ_W>>,
    abvh_w: Signal<Local, Bits<IZ_W>>,
    sum_u: Signal<Local, Bits<IZ_W>>,
    un: Signal<Local, Bits<25>>,
    d_ud: Signal<Local, Bits<UD_W>>,
    ud: Signal<Local, Bits<UD_W>>,

    // Stage registers (`sN_*`: after edge N).
    s1_vc: DFF<Bits<16>>,
    s1_vc_mag: DFF<Bits<16>>,
    s1_base: DFF<Bits<IZ_W>>,
    s1_u: DFF<Bits<25>>,
    s1_k1: DFF<Bits<16>>,
    s1_k2: DFF<Bits<16>>,
    s1_a15: DFF<Bits<{ w(profile::IZH_A) }>>,
    s1_ab: DFF<Bits<16>>,
    s1_ub: DFF<Bits<16>>,
    s1_c: DFF<Bits<{ w(profile::IZH_C) }>>,
    s1_d: DFF<Bits<16>>,
    s2_qh: DFF<Bits<32>>,
    s2_ql: DFF<Bits<32>>,
    s2_k1vc: DFF<Bits<32>>,
    s2_auh: DFF<Bits<32>>,
    s2_aul: DFF<Bits<32>>,
    s2_base: DFF<Bits<IZ_W>>,
    s2_u: DFF<Bits<25>>,
    s2_ab: DFF<Bits<16>>,
    s2_ub: DFF<Bits<16>>,
    s2_c: DFF<Bits<{ w(profile::IZH_C) }>>,
    s2_d: DFF<Bits<16>>,
    s3_base: DFF<Bits<IZ_W>>,
    /// The sign of the spike test's difference to the peak (`Sv + v * 2^8 + 2^7 - 30 mV * 2^8`),
    /// all that is read of it, so all that is kept.
    s3_neg: DFF<bool>,
    s3_ubase: DFF<Bits<IZ_W>>,
    s3_ab: DFF<Bits<16>>,
    s3_c: DFF<Bits<{ w(profile::IZH_C) }>>,
    s3_d: DFF<Bits<16>>,
    s4_vn: DFF<Bits<VN_W>>,
    s4_over: DFF<Bit>,
    s4_ubase: DFF<Bits<IZ_W>>,
    s4_ab: DFF<Bits<16>>,
    s4_c: DFF<Bits<{ w(profile::IZH_C) }>>,
    s4_d: DFF<Bits<16>>,
}

impl IzhDatapath {
    /// The datapath with its constants.
    pub fn new() -> Self {
        let iz = |x: i64| Constant::new(((x as u64) & ((1u64 << IZ_W) - 1)).to_bits());
        Self {
            clock: Default::default(),
            pf_k2: Default::default(),
            pf_k1: Default::default(),
            pf_k0: Default::default(),
            pf_a: Default::default(),
            pf_ab: Default::default(),
            pf_ub: Default::default(),
            pf_c: Default::default(),
            pf_d: Default::default(),
            pf_in_shift: Default::default(),
            sl_a_in: Default::default(),
            st_u: Default::default(),
            st_v: Default::default(),
            over: Default::default(),
            v_keep: Default::default(),
            v_spiked: Default::default(),
            u_keep: Default::default(),
            u_spiked: Default::default(),
            k0_shift: k((IZH_SV_FRAC - IZH_K0_FRAC).into()),
            in_base: k((IZH_SV_FRAC - IZH_VC_FRAC).into()),
            v_up: k((IZH_SV_FRAC - IZH_V_FRAC).into()),
            u_sv: k((IZH_SV_FRAC - IZH_U_FRAC).into()),
            u_su: k((IZH_SU_FRAC - IZH_U_FRAC).into()),
            ub_su: k((IZH_SU_FRAC - IZH_UB_FRAC).into()),
            c_v: k((IZH_V_FRAC - IZH_C_FRAC).into()),
            d_u: k((IZH_U_FRAC - IZH_D_FRAC).into()),
            vc_shift: k((IZH_V_FRAC - IZH_VC_FRAC).into()),
            sv_shift: k(SV_SHIFT as u64),
            au_shift: k((IZH_A_FRAC + IZH_U_FRAC - IZH_SU_FRAC).into()),
            au_up: k((16 - (IZH_A_FRAC + IZH_U_FRAC - IZH_SU_FRAC)).into()),
            su_shift: k(SU_SHIFT as u64),
            piece: k(16),
            half_v: iz(1 << (SV_SHIFT - 1)),
            half_u: iz(1 << (SU_SHIFT - 1)),
            peak_sum: iz(i64::from(IZH_V_PEAK) << SV_SHIFT),
            vc_min: pattern(i16::MIN.into()),
            vc_max: pattern(i16::MAX.into()),
            vn_min: pattern(IZH_V_MIN),
            vn_max: pattern(IZH_V_MAX),
            u_min: pattern(flux_sim::neuron::IZH_U_MIN),
            u_max: pattern(flux_sim::neuron::IZH_U_MAX),
            ext_w_16: ext(16),
            ext_w_24: ext(24),
            ext_w_25: ext(25),
            ext_w_32: ext(32),
            ext_w_k0: ext(w(profile::IZH_K0)),
            ext_w_ub: ext(w(profile::IZH_UB)),
            a_bits: k(w(profile::IZH_A) as u64),
            h_bits: k(UH_W as u64),
            both_neg: k(1 << (w(profile::IZH_A) + UH_W)),
            ext_24_c: ext(w(profile::IZH_C) + (IZH_V_FRAC - IZH_C_FRAC) as usize),
            ext_24_vn: ext(VN_W),
            ext_ud_25: ext(25),
            ext_ud_d: ext(16 + (IZH_U_FRAC - IZH_D_FRAC) as usize),
            ext_vs: ext(VS_W),
            msb_16: k(15),
            msb_24: k(23),
            msb_25: k(24),
            msb_32: k(31),
            msb_a: k(w(profile::IZH_A) as u64 - 1),
            msb_c: k(w(profile::IZH_C) as u64 - 1),
            msb_d: k(w(profile::IZH_D) as u64 - 1),
            msb_k0: k(w(profile::IZH_K0) as u64 - 1),
            msb_ub: k(w(profile::IZH_UB) as u64 - 1),
            msb_ud: k(UD_W as u64 - 1),
            msb_vs: k(VS_W as u64 - 1),
            msb_w: k(IZ_W as u64 - 1),
            msb_vcn: k(VCN_W as u64 - 1),
            msb_vn: k(VN_W as u64 - 1),
            ext_w_au: ext(IZ_W - (IZH_A_FRAC + IZH_U_FRAC - IZH_SU_FRAC) as usize),
            vn_top: k((SV_SHIFT + VN_W - 1) as u64),
            un_top: k((SU_SHIFT + 24) as u64),
            vcn_hi: k(16),
            vs: Default::default(),
            vc: Default::default(),
            a_in_w: Default::default(),
            k0_w: Default::default(),
            v_w: Default::default(),
            u_w1: Default::default(),
            p_k1vc: Default::default(),
            p_auh: Default::default(),
            p_aul: Default::default(),
            k1vc_w: Default::default(),
            gap: Default::default(),
            auh_w: Default::default(),
            aul_w: Default::default(),
            aul_asr: Default::default(),
            u_w2: Default::default(),
            ub_w: Default::default(),
            sum_v: Default::default(),
            sq: Default::default(),
            q_w: Default::default(),
            vn: Default::default(),
            vcn: Default::default(),
            p_abvl: Default::default(),
            abvl_w: Default::default(),
            ab_w: Default::default(),
            abvh_w: Default::default(),
            sum_u: Default::default(),
            un: Default::default(),
            d_ud: Default::default(),
            ud: Default::default(),
            s1_vc: Default::default(),
            s1_vc_mag: Default::default(),
            s1_base: Default::default(),
            s1_u: Default::default(),
            s1_k1: Default::default(),
            s1_k2: Default::default(),
            s1_a15: Default::default(),
            s1_ab: Default::default(),
            s1_ub: Default::default(),
            s1_c: Default::default(),
            s1_d: Default::default(),
            s2_qh: Default::default(),
            s2_ql: Default::default(),
            s2_k1vc: Default::default(),
            s2_auh: Default::default(),
            s2_aul: Default::default(),
            s2_base: Default::default(),
            s2_u: Default::default(),
            s2_ab: Default::default(),
            s2_ub: Default::default(),
            s2_c: Default::default(),
            s2_d: Default::default(),
            s3_base: Default::default(),
            s3_neg: Default::default(),
            s3_ubase: Default::default(),
            s3_ab: Default::default(),
            s3_c: Default::default(),
            s3_d: Default::default(),
            s4_vn: Default::default(),
            s4_over: Default::default(),
            s4_ubase: Default::default(),
            s4_ab: Default::default(),
            s4_c: Default::default(),
            s4_d: Default::default(),
        }
    }
}

impl Default for IzhDatapath {
    fn default() -> Self {
        Self::new()
    }
}

// The kernel's `get_bits::<{ w(F) }>` widths need braces as generic arguments; `#[hdl_gen]` copies
// them into function arguments of the generated `hdl()`, where rustc calls them unnecessary.
#[allow(unused_braces)]
impl Logic for IzhDatapath {
    #[hdl_gen]
    fn update(&mut self) {
        clock!(
            self, clock, s1_vc, s1_vc_mag, s1_base, s1_u, s1_k1, s1_k2, s1_a15, s1_ab, s1_ub, s1_c,
            s1_d, s2_qh, s2_ql, s2_k1vc, s2_auh, s2_aul, s2_base, s2_u, s2_ab, s2_ub, s2_c, s2_d,
            s3_base, s3_neg, s3_ubase, s3_ab, s3_c, s3_d, s4_vn, s4_over, s4_ubase, s4_ab, s4_c,
            s4_d
        );

        // ---- Stage 1 ----
        // §4.1 step 1: vc = sat16(asr(v, 4)): asr(v, 4) is 20 bits; it fits 16 when its bits
        // 15..20 agree.
        self.vs.next = self
            .st_v
            .val()
            .get_bits::<VS_W>(self.vc_shift.val().index());
        if self.st_v.val().get_bit(self.msb_24.val().index()) {
            self.vs.next = self
                .st_v
                .val()
                .get_bits::<VS_W>(self.vc_shift.val().index())
                | self.ext_vs.val();
        }
        self.vc.next = self.vs.val().get_bits::<16>(0);
        if self
            .vs
            .val()
            .get_bits::<{ VS_W - 15 }>(self.msb_16.val().index())
            .any()
            & !self
                .vs
                .val()
                .get_bits::<{ VS_W - 15 }>(self.msb_16.val().index())
                .all()
        {
            if self.vs.val().get_bit(self.msb_vs.val().index()) {
                self.vc.next = self.vc_min.val();
            } else {
                self.vc.next = self.vc_max.val();
            }
        }
        self.s1_vc.d.next = self.vc.val();
        // |vc| <= 2^15 fits 16 bits unsigned.
        self.s1_vc_mag.d.next = self.vc.val();
        if self.vc.val().get_bit(self.msb_16.val().index()) {
            self.s1_vc_mag.d.next = bits::<16>(0) - self.vc.val();
        }
        // Step 3 (first part): k0 * 2^13 + a_in * 2^(12 - in_shift), and v * 2^8 + 2^7 of step 4
        // (v + rnd(Sv, 8) = asr(Sv + v * 2^8 + 2^7, 8)).
        self.a_in_w.next = bit_cast::<IZ_W, 24>(self.sl_a_in.val());
        if self.sl_a_in.val().get_bit(self.msb_24.val().index()) {
            self.a_in_w.next = bit_cast::<IZ_W, 24>(self.sl_a_in.val()) | self.ext_w_24.val();
        }
        self.k0_w.next = bit_cast::<IZ_W, { w(profile::IZH_K0) }>(self.pf_k0.val());
        if self.pf_k0.val().get_bit(self.msb_k0.val().index()) {
            self.k0_w.next =
                bit_cast::<IZ_W, { w(profile::IZH_K0) }>(self.pf_k0.val()) | self.ext_w_k0.val();
        }
        self.v_w.next = bit_cast::<IZ_W, 24>(self.st_v.val());
        if self.st_v.val().get_bit(self.msb_24.val().index()) {
            self.v_w.next = bit_cast::<IZ_W, 24>(self.st_v.val()) | self.ext_w_24.val();
        }
        self.s1_base.d.next = (self.k0_w.val() << self.k0_shift.val())
            + (self.a_in_w.val()
                << (self.in_base.val()
                    - bit_cast::<INDEX_W, { w(profile::IZH_IN_SHIFT) }>(self.pf_in_shift.val())))
            + (self.v_w.val() << self.v_up.val())
            + self.half_v.val();
        self.s1_u.d.next = self.st_u.val();
        self.s1_k1.d.next = self.pf_k1.val();
        self.s1_k2.d.next = self.pf_k2.val();
        self.s1_a15.d.next = self.pf_a.val();
        self.s1_ab.d.next = self.pf_ab.val();
        self.s1_ub.d.next = self.pf_ub.val();
        self.s1_c.d.next = self.pf_c.val();
        self.s1_d.d.next = self.pf_d.val();

        // ---- Stage 2 ----
        // Step 2: vc^2 = |vc|^2 (unsigned). Step 3: k1 * vc, signed, from the unsigned product of
        // the patterns: a negative factor's pattern is its value + 2^16, so subtract the other
        // pattern * 2^16 once for each negative factor (mod 2^32, where the true product lies).
        // Step 2: q's two products chained onto the square in this stage. (With the square in a
        // register between them, yosys 0.23's ice40_dsp packed that register both as the first
        // DSP's pipeline register and as the next one's input register, and left the input
        // undefined; the gate-level test caught it.)
        self.sq.next = self.s1_vc_mag.q.val() * self.s1_vc_mag.q.val();
        self.s2_qh.d.next =
            self.sq.val().get_bits::<16>(self.piece.val().index()) * self.s1_k2.q.val();
        self.s2_ql.d.next = self.sq.val().get_bits::<16>(0) * self.s1_k2.q.val();
        self.p_k1vc.next = self.s1_k1.q.val() * self.s1_vc.q.val();
        if self.s1_k1.q.val().get_bit(self.msb_16.val().index()) {
            self.p_k1vc.next =
                self.p_k1vc.val() - (bit_cast::<32, 16>(self.s1_vc.q.val()) << self.piece.val());
        }
        if self.s1_vc.q.val().get_bit(self.msb_16.val().index()) {
            self.p_k1vc.next =
                self.p_k1vc.val() - (bit_cast::<32, 16>(self.s1_k1.q.val()) << self.piece.val());
        }
        self.s2_k1vc.d.next = self.p_k1vc.val();
        // Step 5 (a * u in pieces): u = uh * 2^16 + ul with uh = asr(u, 16) (9 bits) and ul
        // unsigned. The multipliers see only zero-extended patterns: a = A - 2^15 [a < 0] with A
        // its 15-bit pattern, uh = H - 2^9 [u < 0] with H = u[24:16]. (A sign-extended operand,
        // whose top bits are one wire, is what yosys' ice40_dsp pass pads back with zeros:
        // YosysHQ/yosys#2648; the gate-level test caught it.) So
        // a * uh = A H - 2^9 [u < 0] A - 2^15 [a < 0] H + 2^24 [a < 0][u < 0], and
        // a * ul = A ul - 2^15 [a < 0] ul, both within 32 bits signed.
        self.p_auh.next = bit_cast::<16, { w(profile::IZH_A) }>(self.s1_a15.q.val())
            * bit_cast::<16, UH_W>(self.s1_u.q.val().get_bits::<UH_W>(self.piece.val().index()));
        if self.s1_u.q.val().get_bit(self.msb_25.val().index()) {
            self.p_auh.next = self.p_auh.val()
                - (bit_cast::<32, { w(profile::IZH_A) }>(self.s1_a15.q.val()) << self.h_bits.val());
        }
        if self.s1_a15.q.val().get_bit(self.msb_a.val().index()) {
            self.p_auh.next = self.p_auh.val()
                - (bit_cast::<32, UH_W>(
                    self.s1_u.q.val().get_bits::<UH_W>(self.piece.val().index()),
                ) << self.a_bits.val());
            if self.s1_u.q.val().get_bit(self.msb_25.val().index()) {
                self.p_auh.next = self.p_auh.val() + self.both_neg.val();
            }
        }
        self.s2_auh.d.next = self.p_auh.val();
        self.p_aul.next = bit_cast::<16, { w(profile::IZH_A) }>(self.s1_a15.q.val())
            * self.s1_u.q.val().get_bits::<16>(0);
        if self.s1_a15.q.val().get_bit(self.msb_a.val().index()) {
            self.p_aul.next = self.p_aul.val()
                - (bit_cast::<32, 16>(self.s1_u.q.val().get_bits::<16>(0)) << self.a_bits.val());
        }
        self.s2_aul.d.next = self.p_aul.val();
        // Step 3: minus u * 4.
        self.u_w1.next = bit_cast::<IZ_W, 25>(self.s1_u.q.val());
        if self.s1_u.q.val().get_bit(self.msb_25.val().index()) {
            self.u_w1.next = bit_cast::<IZ_W, 25>(self.s1_u.q.val()) | self.ext_w_25.val();
        }
        self.s2_base.d.next = self.s1_base.q.val() - (self.u_w1.val() << self.u_sv.val());
        self.s2_u.d.next = self.s1_u.q.val();
        self.s2_ab.d.next = self.s1_ab.q.val();
        self.s2_ub.d.next = self.s1_ub.q.val();
        self.s2_c.d.next = self.s1_c.q.val();
        self.s2_d.d.next = self.s1_d.q.val();

        // ---- Stage 3 ----
        // Steps 2-4: Sv + v * 2^8 + 2^7 = base + k1 * vc + q with
        // q = (vc^2 >> 16) * k2 + ((vc^2 & 0xFFFF) * k2 >> 16); and the same minus 30 mV * 2^8
        // for the spike test.
        self.k1vc_w.next = bit_cast::<IZ_W, 32>(self.s2_k1vc.q.val());
        if self.s2_k1vc.q.val().get_bit(self.msb_32.val().index()) {
            self.k1vc_w.next = bit_cast::<IZ_W, 32>(self.s2_k1vc.q.val()) | self.ext_w_32.val();
        }
        self.q_w.next = bit_cast::<IZ_W, 32>(self.s2_qh.q.val())
            + bit_cast::<IZ_W, 32>(self.s2_ql.q.val() >> self.piece.val());
        self.s3_base.d.next = self.s2_base.q.val() + self.k1vc_w.val() + self.q_w.val();
        self.gap.next =
            self.s2_base.q.val() + self.k1vc_w.val() + self.q_w.val() - self.peak_sum.val();
        self.s3_neg.d.next = self.gap.val().get_bit(self.msb_w.val().index());
        // Steps 5-6: u + rnd(Su, 10) = asr(Su + u * 2^10 + 2^9, 10); here everything but
        // ab * asr(v', 4): u * 2^10 + ub * 2^12 - asr(a u, 6) + 2^9, where
        // asr(a u, 6) = a * uh * 2^10 + asr(a * ul, 6) (a * uh * 2^16 is a multiple of 2^6).
        self.auh_w.next = bit_cast::<IZ_W, 32>(self.s2_auh.q.val());
        if self.s2_auh.q.val().get_bit(self.msb_32.val().index()) {
            self.auh_w.next = bit_cast::<IZ_W, 32>(self.s2_auh.q.val()) | self.ext_w_32.val();
        }
        self.aul_w.next = bit_cast::<IZ_W, 32>(self.s2_aul.q.val());
        if self.s2_aul.q.val().get_bit(self.msb_32.val().index()) {
            self.aul_w.next = bit_cast::<IZ_W, 32>(self.s2_aul.q.val()) | self.ext_w_32.val();
        }
        self.aul_asr.next = self.aul_w.val() >> self.au_shift.val();
        if self.s2_aul.q.val().get_bit(self.msb_32.val().index()) {
            self.aul_asr.next = (self.aul_w.val() >> self.au_shift.val()) | self.ext_w_au.val();
        }
        self.u_w2.next = bit_cast::<IZ_W, 25>(self.s2_u.q.val());
        if self.s2_u.q.val().get_bit(self.msb_25.val().index()) {
            self.u_w2.next = bit_cast::<IZ_W, 25>(self.s2_u.q.val()) | self.ext_w_25.val();
        }
        self.ub_w.next = bit_cast::<IZ_W, 16>(self.s2_ub.q.val());
        if self.s2_ub.q.val().get_bit(self.msb_ub.val().index()) {
            self.ub_w.next = bit_cast::<IZ_W, 16>(self.s2_ub.q.val()) | self.ext_w_ub.val();
        }
        self.s3_ubase.d.next = (self.u_w2.val() << self.u_su.val())
            + (self.ub_w.val() << self.ub_su.val())
            - (self.auh_w.val() << self.au_up.val())
            - self.aul_asr.val()
            + self.half_u.val();
        self.s3_ab.d.next = self.s2_ab.q.val();
        self.s3_c.d.next = self.s2_c.q.val();
        self.s3_d.d.next = self.s2_d.q.val();

        // ---- Stage 4 ----
        // Step 4: v' = sat(asr(Sv + v * 2^8 + 2^7, 8), -2^21, 2^21 - 1); the spike test
        // v' >= 30 mV on the unclamped sum (30 mV lies inside the clamp range).
        self.sum_v.next = self.s3_base.q.val();
        self.s4_over.d.next = !self.s3_neg.q.val();
        self.vn.next = self
            .sum_v
            .val()
            .get_bits::<VN_W>(self.sv_shift.val().index());
        if self.sum_v.val().get_bit(self.msb_w.val().index()) {
            if !self
                .sum_v
                .val()
                .get_bits::<{ IZ_W - SV_SHIFT - VN_W + 1 }>(self.vn_top.val().index())
                .all()
            {
                self.vn.next = self.vn_min.val();
            }
        } else if self
            .sum_v
            .val()
            .get_bits::<{ IZ_W - SV_SHIFT - VN_W + 1 }>(self.vn_top.val().index())
            .any()
        {
            self.vn.next = self.vn_max.val();
        }
        self.s4_vn.d.next = self.vn.val();
        self.s4_ubase.d.next = self.s3_ubase.q.val();
        self.s4_ab.d.next = self.s3_ab.q.val();
        self.s4_c.d.next = self.s3_c.q.val();
        self.s4_d.d.next = self.s3_d.q.val();

        // ---- Stage 5 (combinational, from this block's registers only) ----
        // Step 5: ab * asr(v', 4), with asr(v', 4) = vh * 2^16 + vl (vh in -2..=1, vl unsigned):
        // ab * vl by the sign-corrected unsigned product, ab * vh by a select.
        self.vcn.next = self
            .s4_vn
            .q
            .val()
            .get_bits::<VCN_W>(self.vc_shift.val().index());
        self.p_abvl.next = self.s4_ab.q.val() * self.vcn.val().get_bits::<16>(0);
        if self.s4_ab.q.val().get_bit(self.msb_16.val().index()) {
            self.p_abvl.next = self.p_abvl.val()
                - (bit_cast::<32, 16>(self.vcn.val().get_bits::<16>(0)) << self.piece.val());
        }
        self.abvl_w.next = bit_cast::<IZ_W, 32>(self.p_abvl.val());
        if self.p_abvl.val().get_bit(self.msb_32.val().index()) {
            self.abvl_w.next = bit_cast::<IZ_W, 32>(self.p_abvl.val()) | self.ext_w_32.val();
        }
        self.ab_w.next = bit_cast::<IZ_W, 16>(self.s4_ab.q.val());
        if self.s4_ab.q.val().get_bit(self.msb_16.val().index()) {
            self.ab_w.next = bit_cast::<IZ_W, 16>(self.s4_ab.q.val()) | self.ext_w_16.val();
        }
        // vh: bit 17 is the sign, bit 16 the magnitude bit (-2, -1, 0, 1).
        self.abvh_w.next = bits::<IZ_W>(0);
        if self.vcn.val().get_bit(self.vcn_hi.val().index()) {
            self.abvh_w.next = self.ab_w.val() << self.piece.val();
        }
        if self.vcn.val().get_bit(self.msb_vcn.val().index()) {
            self.abvh_w.next = (self.abvh_w.val() - (self.ab_w.val() << self.piece.val()))
                - (self.ab_w.val() << self.piece.val());
        }
        // Step 6: u'' = sat25(asr(Su + u * 2^10 + 2^9, 10)).
        self.sum_u.next = self.s4_ubase.q.val() + self.abvl_w.val() + self.abvh_w.val();
        self.un.next = self.sum_u.val().get_bits::<25>(self.su_shift.val().index());
        if self.sum_u.val().get_bit(self.msb_w.val().index()) {
            if !self
                .sum_u
                .val()
                .get_bits::<{ IZ_W - SU_SHIFT - 24 }>(self.un_top.val().index())
                .all()
            {
                self.un.next = self.u_min.val();
            }
        } else if self
            .sum_u
            .val()
            .get_bits::<{ IZ_W - SU_SHIFT - 24 }>(self.un_top.val().index())
            .any()
        {
            self.un.next = self.u_max.val();
        }
        self.u_keep.next = self.un.val();
        // Step 7: a spike adds d * 2^7 and saturates again.
        self.d_ud.next = bit_cast::<UD_W, 16>(self.s4_d.q.val()) << self.d_u.val();
        if self.s4_d.q.val().get_bit(self.msb_d.val().index()) {
            self.d_ud.next =
                (bit_cast::<UD_W, 16>(self.s4_d.q.val()) << self.d_u.val()) | self.ext_ud_d.val();
        }
        self.ud.next = bit_cast::<UD_W, 25>(self.un.val()) + self.d_ud.val();
        if self.un.val().get_bit(self.msb_25.val().index()) {
            self.ud.next =
                (bit_cast::<UD_W, 25>(self.un.val()) | self.ext_ud_25.val()) + self.d_ud.val();
        }
        self.u_spiked.next = self.ud.val().get_bits::<25>(0);
        if self.ud.val().get_bit(self.msb_ud.val().index())
            != self.ud.val().get_bit(self.msb_25.val().index())
        {
            if self.ud.val().get_bit(self.msb_ud.val().index()) {
                self.u_spiked.next = self.u_min.val();
            } else {
                self.u_spiked.next = self.u_max.val();
            }
        }
        self.over.next = self.s4_over.q.val();
        self.v_keep.next = bit_cast::<24, VN_W>(self.s4_vn.q.val());
        if self.s4_vn.q.val().get_bit(self.msb_vn.val().index()) {
            self.v_keep.next = bit_cast::<24, VN_W>(self.s4_vn.q.val()) | self.ext_24_vn.val();
        }
        self.v_spiked.next =
            bit_cast::<24, { w(profile::IZH_C) }>(self.s4_c.q.val()) << self.c_v.val();
        if self.s4_c.q.val().get_bit(self.msb_c.val().index()) {
            self.v_spiked.next = (bit_cast::<24, { w(profile::IZH_C) }>(self.s4_c.q.val())
                << self.c_v.val())
                | self.ext_24_c.val();
        }
    }
}
