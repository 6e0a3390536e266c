//! `XyloDatapath`: the Xylo-compatible IAF neuron of `docs/model.md` §4.2 (xylosim 0.1.3's
//! `XyloIAFNeuron::evolve`), shaped as stages 1 to 5 of `NeuronCore`'s pipeline. The bit-exact
//! twin is `flux_sim::xylo::evolve` on `flux_sim::xylo::core_state` (the membrane from the state
//! word's `v`, the currents from the slot's `a_in` and `m_in`).
//!
//! One neuron per clock, no stalls. The outputs are functions of this block's registers only (as
//! the other kinds' blocks, so that `NeuronCore`'s one `always` block has no combinational loop):
//! the currents after edge 4, the spike count and the membrane in stage 5, for `NeuronCore`'s
//! edge 5. Not yet instantiated by `NeuronCore` (the core still refuses kind 3); checked alone
//! under Verilator by `testbenches/tests/blocks/xylo_datapath.rs`.
//!
//! | stage | work |
//! |---|---|
//! | 1 | `sat16` of `v`, `a_in`; the three arithmetic shifts `asr(x, dash)` |
//! | 2 | decay steps (at least 1 toward zero): `i1'`, `i2'`, the leak `-step(v)` (16-bit wrap) |
//! | 3 | `dv = sat16(sat16(leak + i1' + i2') + bias)`, `v' = sat16(v + dv)` |
//! | 4 | `v' >= 32 v_th`, quotient bits 4..2 of `v' / v_th` (restoring); `cap * v_th` (shift-and-add) |
//! | 5 | quotient bits 1..0; `k = min(cap, q)`, `v'' = v' - k v_th` (the remainder, or `v' - cap v_th`) |
//!
//! A spike count needs no divider and no multiplier: it is at most 31, so five compare-subtract
//! steps give the quotient, a quotient of 32 or more is only compared with the cap, and
//! `cap * v_th` is five shifted additions.

use crate::neuron_core::{INDEX_W, ext, k, pattern, w};
use flux_sim::spec::{profile, slot, state};
use rust_hdl::prelude::*;

/// Width of the sums of 16-bit values (three of them, or two).
const S_W: usize = 18;
/// Width of the division's remainders and shifted thresholds: `v_th * 2^5 < 2^20`, plus a sign.
const R_W: usize = 21;
/// Width of the spike count and the cap.
pub const COUNT_W: usize = w(profile::XYLO_CAP);
const _: () = assert!(COUNT_W == flux_sim::spec::host::COUNT_BITS as usize);
const TH_W: usize = w(profile::XYLO_V_TH);

#[derive(LogicBlock)]
pub struct XyloDatapath {
    /// The clock.
    pub clock: Signal<In, Clock>,

    // Inputs: the decoded fields of the neuron entering the pipeline (valid with its `in_valid`).
    pub pf_dash_mem: Signal<In, Bits<{ w(profile::XYLO_DASH_MEM) }>>,
    pub pf_dash_syn1: Signal<In, Bits<{ w(profile::XYLO_DASH_SYN1) }>>,
    pub pf_dash_syn2: Signal<In, Bits<{ w(profile::XYLO_DASH_SYN2) }>>,
    pub pf_v_th: Signal<In, Bits<TH_W>>,
    pub pf_bias: Signal<In, Bits<{ w(profile::XYLO_BIAS) }>>,
    pub pf_cap: Signal<In, Bits<COUNT_W>>,
    pub sl_a_in: Signal<In, Bits<{ w(slot::A_IN) }>>,
    pub sl_m_in: Signal<In, Bits<{ w(slot::M_IN) }>>,
    pub st_v: Signal<In, Bits<{ w(state::V) }>>,

    /// After edge 4: the decayed first current `i1'` (16-bit two's complement).
    pub cur1: Signal<Out, Bits<16>>,
    /// After edge 4: the decayed second current `i2'`.
    pub cur2: Signal<Out, Bits<16>>,
    /// Stage 5: the spike count `k` (0 ..= cap).
    pub count: Signal<Out, Bits<COUNT_W>>,
    /// Stage 5: the membrane after the subtractive reset, sign-extended to the state field.
    pub v_next: Signal<Out, Bits<{ w(state::V) }>>,

    // Constants.
    msb_16: Constant<Bits<INDEX_W>>,
    msb_24: Constant<Bits<INDEX_W>>,
    msb_s: Constant<Bits<INDEX_W>>,
    msb_r: Constant<Bits<INDEX_W>>,
    ones_16: Constant<Bits<16>>,
    one_16: Constant<Bits<16>>,
    min_16: Constant<Bits<16>>,
    max_16: Constant<Bits<16>>,
    ext_s_16: Constant<Bits<S_W>>,
    ext_24_16: Constant<Bits<24>>,
    /// Shift amounts of `v_th * 2^j`.
    sh: [Constant<Bits<INDEX_W>>; 5],

    // Wires.
    v16: Signal<Local, Bits<16>>,
    i1: Signal<Local, Bits<16>>,
    step_v: Signal<Local, Bits<16>>,
    step_1: Signal<Local, Bits<16>>,
    step_2: Signal<Local, Bits<16>>,
    sum3: Signal<Local, Bits<S_W>>,
    dv1: Signal<Local, Bits<16>>,
    sum_b: Signal<Local, Bits<S_W>>,
    dv: Signal<Local, Bits<16>>,
    sum_v: Signal<Local, Bits<S_W>>,
    th_r: Signal<Local, Bits<R_W>>,
    r: Signal<Local, Bits<R_W>>,
    t: Signal<Local, Bits<R_W>>,
    q: Signal<Local, Bits<COUNT_W>>,
    vout: Signal<Local, Bits<16>>,
    p_capth: Signal<Local, Bits<16>>,

    // Stage registers (`sN_*`: after edge N).
    s1_v: DFF<Bits<16>>,
    s1_i1: DFF<Bits<16>>,
    s1_i2: DFF<Bits<16>>,
    s1_sv: DFF<Bits<16>>,
    s1_s1: DFF<Bits<16>>,
    s1_s2: DFF<Bits<16>>,
    s1_th: DFF<Bits<TH_W>>,
    s1_bias: DFF<Bits<16>>,
    s1_cap: DFF<Bits<COUNT_W>>,
    s2_v: DFF<Bits<16>>,
    s2_i1: DFF<Bits<16>>,
    s2_i2: DFF<Bits<16>>,
    s2_leak: DFF<Bits<16>>,
    s2_th: DFF<Bits<TH_W>>,
    s2_bias: DFF<Bits<16>>,
    s2_cap: DFF<Bits<COUNT_W>>,
    s3_v: DFF<Bits<16>>,
    s3_i1: DFF<Bits<16>>,
    s3_i2: DFF<Bits<16>>,
    s3_th: DFF<Bits<TH_W>>,
    s3_cap: DFF<Bits<COUNT_W>>,
    s4_v: DFF<Bits<16>>,
    s4_i1: DFF<Bits<16>>,
    s4_i2: DFF<Bits<16>>,
    s4_th: DFF<Bits<TH_W>>,
    s4_cap: DFF<Bits<COUNT_W>>,
    s4_q: DFF<Bits<COUNT_W>>,
    s4_r: DFF<Bits<R_W>>,
    s4_capth: DFF<Bits<16>>,
}

impl XyloDatapath {
    /// The datapath with its constants.
    pub fn new() -> Self {
        Self {
            clock: Default::default(),
            pf_dash_mem: Default::default(),
            pf_dash_syn1: Default::default(),
            pf_dash_syn2: Default::default(),
            pf_v_th: Default::default(),
            pf_bias: Default::default(),
            pf_cap: Default::default(),
            sl_a_in: Default::default(),
            sl_m_in: Default::default(),
            st_v: Default::default(),
            cur1: Default::default(),
            cur2: Default::default(),
            count: Default::default(),
            v_next: Default::default(),
            msb_16: k(15),
            msb_24: k(23),
            msb_s: k(S_W as u64 - 1),
            msb_r: k(R_W as u64 - 1),
            ones_16: k(0xFFFF),
            one_16: k(1),
            min_16: pattern(i16::MIN.into()),
            max_16: pattern(i16::MAX.into()),
            ext_s_16: ext(16),
            ext_24_16: ext(16),
            sh: [k(0), k(1), k(2), k(3), k(4)],
            v16: Default::default(),
            i1: Default::default(),
            step_v: Default::default(),
            step_1: Default::default(),
            step_2: Default::default(),
            sum3: Default::default(),
            dv1: Default::default(),
            sum_b: Default::default(),
            dv: Default::default(),
            sum_v: Default::default(),
            th_r: Default::default(),
            r: Default::default(),
            t: Default::default(),
            q: Default::default(),
            vout: Default::default(),
            p_capth: Default::default(),
            s1_v: Default::default(),
            s1_i1: Default::default(),
            s1_i2: Default::default(),
            s1_sv: Default::default(),
            s1_s1: Default::default(),
            s1_s2: Default::default(),
            s1_th: Default::default(),
            s1_bias: Default::default(),
            s1_cap: Default::default(),
            s2_v: Default::default(),
            s2_i1: Default::default(),
            s2_i2: Default::default(),
            s2_leak: Default::default(),
            s2_th: Default::default(),
            s2_bias: Default::default(),
            s2_cap: Default::default(),
            s3_v: Default::default(),
            s3_i1: Default::default(),
            s3_i2: Default::default(),
            s3_th: Default::default(),
            s3_cap: Default::default(),
            s4_v: Default::default(),
            s4_i1: Default::default(),
            s4_i2: Default::default(),
            s4_th: Default::default(),
            s4_cap: Default::default(),
            s4_q: Default::default(),
            s4_r: Default::default(),
            s4_capth: Default::default(),
        }
    }
}

impl Default for XyloDatapath {
    fn default() -> Self {
        Self::new()
    }
}

#[allow(unused_braces)]
impl Logic for XyloDatapath {
    #[hdl_gen]
    fn update(&mut self) {
        clock!(
            self, clock, s1_v, s1_i1, s1_i2, s1_sv, s1_s1, s1_s2, s1_th, s1_bias, s1_cap, s2_v,
            s2_i1, s2_i2, s2_leak, s2_th, s2_bias, s2_cap, s3_v, s3_i1, s3_i2, s3_th, s3_cap, s4_v,
            s4_i1, s4_i2, s4_th, s4_cap, s4_q, s4_r, s4_capth
        );

        // ---- Stage 1 ----
        // sat16 of the 24-bit v and a_in (flux_sim::xylo::core_state): in range when bits 15..23
        // agree.
        self.v16.next = self.st_v.val().get_bits::<16>(0);
        if self
            .st_v
            .val()
            .get_bits::<9>(self.msb_16.val().index())
            .any()
            & !self
                .st_v
                .val()
                .get_bits::<9>(self.msb_16.val().index())
                .all()
        {
            self.v16.next = self.max_16.val();
            if self.st_v.val().get_bit(self.msb_24.val().index()) {
                self.v16.next = self.min_16.val();
            }
        }
        self.i1.next = self.sl_a_in.val().get_bits::<16>(0);
        if self
            .sl_a_in
            .val()
            .get_bits::<9>(self.msb_16.val().index())
            .any()
            & !self
                .sl_a_in
                .val()
                .get_bits::<9>(self.msb_16.val().index())
                .all()
        {
            self.i1.next = self.max_16.val();
            if self.sl_a_in.val().get_bit(self.msb_24.val().index()) {
                self.i1.next = self.min_16.val();
            }
        }
        self.s1_v.d.next = self.v16.val();
        self.s1_i1.d.next = self.i1.val();
        self.s1_i2.d.next = self.sl_m_in.val();
        // asr(x, dash): the logical shift, with the sign's ones ORed into the vacated top bits.
        self.s1_sv.d.next = self.v16.val() >> self.pf_dash_mem.val();
        if self.v16.val().get_bit(self.msb_16.val().index()) {
            self.s1_sv.d.next = (self.v16.val() >> self.pf_dash_mem.val())
                | !(self.ones_16.val() >> self.pf_dash_mem.val());
        }
        self.s1_s1.d.next = self.i1.val() >> self.pf_dash_syn1.val();
        if self.i1.val().get_bit(self.msb_16.val().index()) {
            self.s1_s1.d.next = (self.i1.val() >> self.pf_dash_syn1.val())
                | !(self.ones_16.val() >> self.pf_dash_syn1.val());
        }
        self.s1_s2.d.next = self.sl_m_in.val() >> self.pf_dash_syn2.val();
        if self.sl_m_in.val().get_bit(self.msb_16.val().index()) {
            self.s1_s2.d.next = (self.sl_m_in.val() >> self.pf_dash_syn2.val())
                | !(self.ones_16.val() >> self.pf_dash_syn2.val());
        }
        self.s1_th.d.next = self.pf_v_th.val();
        self.s1_bias.d.next = self.pf_bias.val();
        self.s1_cap.d.next = self.pf_cap.val();

        // ---- Stage 2 ----
        // decay_step: the shifted value, or sgn(x) where it is 0 (a shift of -1 is never 0, so a
        // zero shift with the sign bit set cannot happen).
        self.step_v.next = self.s1_sv.q.val();
        if !self.s1_sv.q.val().any() & self.s1_v.q.val().any() {
            self.step_v.next = self.one_16.val();
        }
        self.step_1.next = self.s1_s1.q.val();
        if !self.s1_s1.q.val().any() & self.s1_i1.q.val().any() {
            self.step_1.next = self.one_16.val();
        }
        self.step_2.next = self.s1_s2.q.val();
        if !self.s1_s2.q.val().any() & self.s1_i2.q.val().any() {
            self.step_2.next = self.one_16.val();
        }
        // x - step (no wrap can happen) and the leak -step(v), which wraps for -32768 as xylosim's
        // int16 does.
        self.s2_i1.d.next = self.s1_i1.q.val() - self.step_1.val();
        self.s2_i2.d.next = self.s1_i2.q.val() - self.step_2.val();
        self.s2_leak.d.next = bits::<16>(0) - self.step_v.val();
        self.s2_v.d.next = self.s1_v.q.val();
        self.s2_th.d.next = self.s1_th.q.val();
        self.s2_bias.d.next = self.s1_bias.q.val();
        self.s2_cap.d.next = self.s1_cap.q.val();

        // ---- Stage 3 ----
        // dv = sat16(sat16(leak + i1' + i2') + bias); v' = sat16(v + dv), each sum 18 bits.
        self.sum3.next = bit_cast::<S_W, 16>(self.s2_leak.q.val())
            + bit_cast::<S_W, 16>(self.s2_i1.q.val())
            + bit_cast::<S_W, 16>(self.s2_i2.q.val());
        if self.s2_leak.q.val().get_bit(self.msb_16.val().index()) {
            self.sum3.next = self.sum3.val() + self.ext_s_16.val();
        }
        if self.s2_i1.q.val().get_bit(self.msb_16.val().index()) {
            self.sum3.next = self.sum3.val() + self.ext_s_16.val();
        }
        if self.s2_i2.q.val().get_bit(self.msb_16.val().index()) {
            self.sum3.next = self.sum3.val() + self.ext_s_16.val();
        }
        self.dv1.next = self.sum3.val().get_bits::<16>(0);
        if self
            .sum3
            .val()
            .get_bits::<3>(self.msb_16.val().index())
            .any()
            & !self
                .sum3
                .val()
                .get_bits::<3>(self.msb_16.val().index())
                .all()
        {
            self.dv1.next = self.max_16.val();
            if self.sum3.val().get_bit(self.msb_s.val().index()) {
                self.dv1.next = self.min_16.val();
            }
        }
        self.sum_b.next =
            bit_cast::<S_W, 16>(self.dv1.val()) + bit_cast::<S_W, 16>(self.s2_bias.q.val());
        if self.dv1.val().get_bit(self.msb_16.val().index()) {
            self.sum_b.next = self.sum_b.val() + self.ext_s_16.val();
        }
        if self.s2_bias.q.val().get_bit(self.msb_16.val().index()) {
            self.sum_b.next = self.sum_b.val() + self.ext_s_16.val();
        }
        self.dv.next = self.sum_b.val().get_bits::<16>(0);
        if self
            .sum_b
            .val()
            .get_bits::<3>(self.msb_16.val().index())
            .any()
            & !self
                .sum_b
                .val()
                .get_bits::<3>(self.msb_16.val().index())
                .all()
        {
            self.dv.next = self.max_16.val();
            if self.sum_b.val().get_bit(self.msb_s.val().index()) {
                self.dv.next = self.min_16.val();
            }
        }
        self.sum_v.next =
            bit_cast::<S_W, 16>(self.s2_v.q.val()) + bit_cast::<S_W, 16>(self.dv.val());
        if self.s2_v.q.val().get_bit(self.msb_16.val().index()) {
            self.sum_v.next = self.sum_v.val() + self.ext_s_16.val();
        }
        if self.dv.val().get_bit(self.msb_16.val().index()) {
            self.sum_v.next = self.sum_v.val() + self.ext_s_16.val();
        }
        self.s3_v.d.next = self.sum_v.val().get_bits::<16>(0);
        if self
            .sum_v
            .val()
            .get_bits::<3>(self.msb_16.val().index())
            .any()
            & !self
                .sum_v
                .val()
                .get_bits::<3>(self.msb_16.val().index())
                .all()
        {
            self.s3_v.d.next = self.max_16.val();
            if self.sum_v.val().get_bit(self.msb_s.val().index()) {
                self.s3_v.d.next = self.min_16.val();
            }
        }
        self.s3_i1.d.next = self.s2_i1.q.val();
        self.s3_i2.d.next = self.s2_i2.q.val();
        self.s3_th.d.next = self.s2_th.q.val();
        self.s3_cap.d.next = self.s2_cap.q.val();

        // ---- Stage 4 ----
        // The quotient of v' (taken as 15 bits unsigned; a negative v' is handled in stage 5)
        // by v_th, restoring, bits 4, 3, 2 here (1 and 0 in stage 5). Where v' >= 32 v_th every
        // step subtracts, so the quotient comes out 31, at least every cap (5 bits), and the
        // count is the cap as it should be: no test of 32 v_th is needed (it was one until session
        // 20, which `flux mutate` showed to change nothing).
        self.th_r.next = bit_cast::<R_W, TH_W>(self.s3_th.q.val());
        self.r.next = bit_cast::<R_W, 15>(self.s3_v.q.val().get_bits::<15>(0));
        self.q.next = bits::<COUNT_W>(0);
        self.t.next = self.r.val() - (self.th_r.val() << self.sh[4].val());
        if !self.t.val().get_bit(self.msb_r.val().index()) {
            self.r.next = self.t.val();
            self.q.next = self.q.val() | bits::<COUNT_W>(16);
        }
        self.t.next = self.r.val() - (self.th_r.val() << self.sh[3].val());
        if !self.t.val().get_bit(self.msb_r.val().index()) {
            self.r.next = self.t.val();
            self.q.next = self.q.val() | bits::<COUNT_W>(8);
        }
        self.t.next = self.r.val() - (self.th_r.val() << self.sh[2].val());
        if !self.t.val().get_bit(self.msb_r.val().index()) {
            self.r.next = self.t.val();
            self.q.next = self.q.val() | bits::<COUNT_W>(4);
        }
        self.s4_r.d.next = self.r.val();
        self.s4_q.d.next = self.q.val();
        // cap * v_th (< 2^20), for a quotient above the cap.
        // cap * v_th by shift-and-add, modulo 2^16: the membrane needs only its low 16 bits
        // (v' - cap * v_th lies in [0, v'] when it is used).
        self.p_capth.next = bits::<16>(0);
        for j in 0..COUNT_W {
            if self.s3_cap.q.val().get_bit(self.sh[j].val().index()) {
                self.p_capth.next = self.p_capth.val()
                    + (bit_cast::<16, TH_W>(self.s3_th.q.val()) << self.sh[j].val());
            }
        }
        self.s4_capth.d.next = self.p_capth.val();
        self.s4_v.d.next = self.s3_v.q.val();
        self.s4_i1.d.next = self.s3_i1.q.val();
        self.s4_i2.d.next = self.s3_i2.q.val();
        self.s4_th.d.next = self.s3_th.q.val();
        self.s4_cap.d.next = self.s3_cap.q.val();

        // ---- Stage 5 (outputs) ----
        self.cur1.next = self.s4_i1.q.val();
        self.cur2.next = self.s4_i2.q.val();
        self.q.next = self.s4_q.q.val();
        self.r.next = self.s4_r.q.val();
        self.th_r.next = bit_cast::<R_W, TH_W>(self.s4_th.q.val());
        self.t.next = self.r.val() - (self.th_r.val() << self.sh[1].val());
        if !self.t.val().get_bit(self.msb_r.val().index()) {
            self.r.next = self.t.val();
            self.q.next = self.q.val() | bits::<COUNT_W>(2);
        }
        self.t.next = self.r.val() - self.th_r.val();
        if !self.t.val().get_bit(self.msb_r.val().index()) {
            self.r.next = self.t.val();
            self.q.next = self.q.val() | bits::<COUNT_W>(1);
        }
        // k = min(cap, q): a negative v' (below every threshold) fires nothing and keeps v'.
        self.count.next = self.q.val();
        self.vout.next = self.r.val().get_bits::<16>(0);
        if self.q.val() > self.s4_cap.q.val() {
            self.count.next = self.s4_cap.q.val();
            self.vout.next = self.s4_v.q.val() - self.s4_capth.q.val();
        }
        if self.s4_v.q.val().get_bit(self.msb_16.val().index()) {
            self.count.next = bits::<COUNT_W>(0);
            self.vout.next = self.s4_v.q.val();
        }
        self.v_next.next = bit_cast::<24, 16>(self.vout.val());
        if self.vout.val().get_bit(self.msb_16.val().index()) {
            self.v_next.next = bit_cast::<24, 16>(self.vout.val()) | self.ext_24_16.val();
        }
    }
}
