//! `StdpTail`: the learning unit of `docs/model.md` §12 — the tail of the last K spike events, and
//! the learning phase (tail pass, then the fading/consolidation sweep) that rewrites synapse words.
//!
//! **Tail** (§12.1, §12.2): K slots `{valid, src, age}` in flip-flops, slot 0 the newest. At the
//! edge that samples `tick` (`age_step`) every slot ages by one and a slot whose age reaches L
//! becomes invalid; at every spike-event header edge of the router (`push`) the slots shift one
//! place toward K-1, a slot holding the same source is invalidated, and slot 0 takes the event with
//! age 0. Writing `n_neurons` (`clear`) invalidates every slot and resets the sweep pointer.
//!
//! **Learning phase** (§12.3, while `run`), one cycle per step, in this order:
//! - `Start` (1 cycle): the fan-out address of slot 0 is presented;
//! - `Slot` (1 cycle per slot, K of them): the fan-out word of the slot's source is on the read
//!   port (its address was presented at the previous edge, whatever that cycle was doing: the
//!   address is always the source of the slot the *next* `Slot` cycle looks at); a slot that is
//!   valid and eligible (age 0, or some neuron spiked in `t`) with a non-zero count starts its
//!   synapses;
//! - `Syn` (the slot's synapses, then the drain): a synapse is read (`issue`) in every cycle
//!   and goes down the pipeline, `at<k>` high `k` cycles after its read: at 1 its word registers
//!   (`syn_r`) and its target goes to the state and `last` memories; at 2 the target's words index
//!   the learning rule by its profile, decide LTP/LTD, give the rate before its saturation (one
//!   16x16 multiply) and the learning table address, and the rule's bounds register; at 3 the rate
//!   is saturated and, with the table word, gives the change (one 16x16 multiply), registered; at 4
//!   `e` and the new `stw` give the word to write, registered (`word_r`, only written if it is a
//!   plastic direct synapse and LTP or LTD applies); at 5 it is written, through the memory's
//!   write port, while the read port reads a synapse 5 places on. After the slot's last synapse is
//!   written the sequencer goes back to `Slot`: `n + 5` cycles for `n` synapses;
//! - `Sweep` (`sweep_step` addresses from `sp`, through the same pipeline: at 2 the decision,
//!   consolidation or fading, registers; at 4 the new word, written at 5 only if it changed: a
//!   plastic direct synapse that consolidates or has `stw != 0`): `sweep_step + 5` cycles, or,
//!   round fewer than 6 addresses (`sweep_len < 6`, where an address comes back before its write
//!   lands), one address at a time, 6 cycles each;
//! - `Done` (1 cycle): `done` is high; the controller leaves the phase.
//!
//! So the phase takes `flux_sim::timing::learn_cycles` (`docs/model.md` §12.4; its constants are
//! checked below). The synapse memory has a read and a write port (`memory::RamPorts::ReadAndWrite`,
//! block RAM): a synapse is read while the one read 5 cycles before is written. No edge reads the
//! address it writes, so the FPGA flow's `-no-rw-check` is safe: a slot's synapses are distinct
//! addresses (its fan-out range); the pipeline drains between slots, so a synapse streamed twice
//! in one pass (two sources sharing a fan-out range) is read after its first update is written, as
//! in the model; a pipelined sweep reads an address again `sweep_len >= 6` reads later, after its
//! write. Until session 20 each synapse was read, updated and written before the next (5 cycles
//! per streamed synapse, 4 per swept one); until session 24 a synapse was read every other cycle
//! through one shared port (2 cycles each, `2n + 4` per slot). The read and write ports cost no
//! block RAM (a 16-kbit block holds the same words either way), about 100 more flip-flops for the
//! deeper stage registers, and keep the synapse memory of learning presets out of the UP5K's
//! single-port SPRAMs (the `up5k` preset has no learning).
//!
//! Signed arithmetic is done on two's-complement `Bits`: sign extension is `(x ^ s) - s` with `s`
//! the field's sign bit, and a signed comparison is an unsigned comparison of both sides with their
//! sign bit flipped (`x ^ 2^(w-1)`).

use crate::neuron_core::STATE_W;
use flux_sim::spec::{self, LEARN_RULE_BITS, LEARN_TABLE_BITS, Preset, learn_rule, learn_table};
use flux_sim::timing;
use rust_hdl::prelude::*;

/// Width of a learning rule word (memory 6).
pub const RULE_W: usize = LEARN_RULE_BITS as usize;
/// Width of a learning table word (memory 7).
pub const TABLE_W: usize = LEARN_TABLE_BITS as usize;
/// Width of the weight arithmetic: `weight + stw + change` needs W + 3 bits (W <= 16), `change`
/// at most 13 bits (`|base * rate| <= 255 * 2048`, shifted by 8).
pub const ARITH_W: usize = 20;
/// Width of the rate arithmetic: `256 + asr(m * lr_gain, 8)` fits 24 bits.
const RATE_W: usize = 24;

// The phase's cycle count is the model's (`docs/model.md` §12.4).
const _: () = assert!(timing::LEARN_FIXED_CYCLES == 2);
const _: () = assert!(timing::TAIL_SLOT_CYCLES == 1);
const _: () = assert!(timing::LEARN_SYN_CYCLES == 1);
const _: () = assert!(timing::LEARN_DRAIN_CYCLES == 5);
const _: () = assert!(timing::SWEEP_CYCLES == 1);
const _: () = assert!(timing::SWEEP_DRAIN_CYCLES == 5);
const _: () = assert!(timing::SWEEP_PIPELINE_MIN_LEN == 6);
const _: () = assert!(timing::SWEEP_SERIAL_CYCLES == 6);

/// Step of the learning phase.
#[derive(Copy, Clone, Debug, PartialEq, LogicState)]
pub enum LearnMode {
    Start,
    Slot,
    Syn,
    Sweep,
    Done,
}

/// `x` as a `w`-bit two's-complement pattern with the sign bit flipped (for unsigned compares).
fn biased<const N: usize>(x: i64) -> Bits<N> {
    let mask = if N >= 64 { u64::MAX } else { (1u64 << N) - 1 };
    Bits::<N>::from((x as u64 & mask) ^ (1u64 << (N - 1)))
}

/// The tail and the learning phase. Const parameters are the preset's widths: `NB` neuron bits,
/// `NB1 = NB + 1` (source ids), `SB` synapse address bits, `SB1 = SB + 1`, `W` weight bits,
/// `W1 = W + 1` (`stw`), `SYNW` synapse word bits, `FANW` fan-out word bits, `PB` profile bits,
/// `K` tail entries, `TB` learning table address bits, `AB` age bits (`core_top::age_bits`: a valid
/// slot's age is below the window; an invalid slot's keeps counting, wrapping, and is never read).
#[derive(LogicBlock)]
pub struct StdpTail<
    const NB: usize,
    const NB1: usize,
    const SB: usize,
    const SB1: usize,
    const W: usize,
    const W1: usize,
    const SYNW: usize,
    const FANW: usize,
    const PB: usize,
    const K: usize,
    const TB: usize,
    const AB: usize,
> {
    /// The core clock.
    pub clock: Signal<In, Clock>,
    /// Invalidate every slot and reset the sweep pointer at this edge (host wrote `n_neurons`).
    pub clear: Signal<In, bool>,
    /// Age every slot at this edge (the edge that samples `tick`).
    pub age_step: Signal<In, bool>,
    /// A spike event from source `push_src` is routed at this edge.
    pub push: Signal<In, bool>,
    /// Source id of the pushed event (`N + c` for channel `c`).
    pub push_src: Signal<In, Bits<NB1>>,
    /// High in every cycle of the learning phase (from the controller).
    pub run: Signal<In, bool>,
    /// The last cycle of the learning phase (combinational).
    pub done: Signal<Out, bool>,
    /// The timestep being run (32 bits, as `last[]`).
    pub t: Signal<In, Bits<32>>,
    /// Some neuron spiked in this timestep's update phase.
    pub spiked: Signal<In, bool>,
    /// Register `sweep_len`.
    pub sweep_len: Signal<In, Bits<SB1>>,
    /// Register `sweep_step`.
    pub sweep_step: Signal<In, Bits<8>>,
    /// Fan-out table read port (source id; word one edge later).
    pub fanout_rd_addr: Signal<Out, Bits<NB1>>,
    pub fanout_rd_data: Signal<In, Bits<FANW>>,
    /// Synapse memory: read address and word (one edge after it), write address, word and strobe
    /// (`memory::RamPorts::ReadAndWrite`: a read and a write at every edge).
    pub syn_rd_addr: Signal<Out, Bits<SB>>,
    pub syn_rd_data: Signal<In, Bits<SYNW>>,
    pub syn_wr_addr: Signal<Out, Bits<SB>>,
    pub syn_wr_data: Signal<Out, Bits<SYNW>>,
    pub syn_we: Signal<Out, bool>,
    /// Neuron state memory read port (word one edge later).
    pub state_rd_addr: Signal<Out, Bits<NB>>,
    pub state_rd_data: Signal<In, Bits<STATE_W>>,
    /// `last[]` memory read port (word one edge later).
    pub last_rd_addr: Signal<Out, Bits<NB>>,
    pub last_rd_data: Signal<In, Bits<32>>,
    /// Learning rule table (combinational read).
    pub rule_addr: Signal<Out, Bits<PB>>,
    pub rule_data: Signal<In, Bits<RULE_W>>,
    /// Learning table read port (word one edge later).
    pub table_rd_addr: Signal<Out, Bits<TB>>,
    pub table_rd_data: Signal<In, Bits<TABLE_W>>,

    // The tail.
    valid: [DFF<bool>; K],
    src: [DFF<Bits<NB1>>; K],
    age: [DFF<Bits<AB>>; K],
    // Sequencer.
    mode: DFF<LearnMode>,
    slot: DFF<Bits<8>>,
    ptr: DFF<Bits<SB>>,
    left: DFF<Bits<SB1>>,
    sweeps_left: DFF<Bits<8>>,
    sp: DFF<Bits<SB>>,
    cur_age: DFF<Bits<AB>>,
    // The pipeline: a synapse read `k` cycles ago is in flight while `at<k>`, with its address
    // (`adr<k>`); a synapse per stage, one read per cycle.
    at1: DFF<bool>,
    at2: DFF<bool>,
    at3: DFF<bool>,
    at4: DFF<bool>,
    at5: DFF<bool>,
    adr1: DFF<Bits<SB>>,
    adr2: DFF<Bits<SB>>,
    adr3: DFF<Bits<SB>>,
    adr4: DFF<Bits<SB>>,
    adr5: DFF<Bits<SB>>,
    // Datapath registers: the word read, at 2, 3 and 4 (for the new word at 4).
    syn_r: DFF<Bits<SYNW>>,
    syn_r2: DFF<Bits<SYNW>>,
    syn_r3: DFF<Bits<SYNW>>,
    /// `256 + asr(m * lr_gain, 8)` and the rule's `lr_reverse`, registered at 2; the saturation
    /// to the rate is done at 3, beside the learning table's read (it was the end of the longest
    /// path at 2, after the state memory, the rule table and the multiplier).
    rate_raw_r: DFF<Bits<RATE_W>>,
    rev_r: DFF<bool>,
    ltp_r: DFF<bool>,
    ltd_r: DFF<bool>,
    /// `change` of the synapse being streamed, registered at 3 (the product's cycle) for the sum
    /// and saturations at 4.
    change_r: DFF<Bits<ARITH_W>>,
    /// The rule's bounds, from the target's words at 2, and again at 3 for 4.
    w_min_r: DFF<Bits<ARITH_W>>,
    w_max_r: DFF<Bits<ARITH_W>>,
    w_min_r2: DFF<Bits<ARITH_W>>,
    w_max_r2: DFF<Bits<ARITH_W>>,
    /// LTP or LTD applies (at 4).
    pair_r2: DFF<bool>,
    /// The sweep's decision (consolidation) and the rule's `fade_shift`, from the target's words
    /// at 2, and again at 3 for 4.
    cons_r: DFF<bool>,
    fade_r: DFF<Bits<4>>,
    cons_r2: DFF<bool>,
    fade_r2: DFF<Bits<4>>,
    /// The word written at 5, and whether it is.
    word_r: DFF<Bits<SYNW>>,
    we_r: DFF<bool>,

    // Combinational intermediates.
    issue: Signal<Local, bool>,
    drained: Signal<Local, bool>,
    serial: Signal<Local, bool>,
    sweep_word: Signal<Local, Bits<SYNW>>,
    sweep_we: Signal<Local, bool>,
    slot_next: Signal<Local, Bits<8>>,
    sel_valid: Signal<Local, bool>,
    sel_age: Signal<Local, Bits<AB>>,
    fan_count: Signal<Local, Bits<SB1>>,
    sp_next: Signal<Local, Bits<SB>>,
    learnable: Signal<Local, bool>,
    w_cur: Signal<Local, Bits<ARITH_W>>,
    stw_cur: Signal<Local, Bits<ARITH_W>>,
    m_level: Signal<Local, Bits<16>>,
    last_v: Signal<Local, Bits<32>>,
    g1: Signal<Local, Bits<32>>,
    ltp: Signal<Local, bool>,
    ltd: Signal<Local, bool>,
    idx: Signal<Local, Bits<16>>,
    p3: Signal<Local, Bits<3>>,
    pl0: Signal<Local, Bits<16>>,
    pl1: Signal<Local, Bits<16>>,
    pl2: Signal<Local, Bits<16>>,
    p_times_l: Signal<Local, Bits<16>>,
    table_sum: Signal<Local, Bits<16>>,
    gain: Signal<Local, Bits<16>>,
    m_prod: Signal<Local, Bits<32>>,
    m_prod_s: Signal<Local, Bits<32>>,
    rate_raw: Signal<Local, Bits<RATE_W>>,
    rate_lo: Signal<Local, Bits<RATE_W>>,
    rate16: Signal<Local, Bits<16>>,
    rate: Signal<Local, Bits<RATE_W>>,
    rule_w_min: Signal<Local, Bits<ARITH_W>>,
    rule_w_max: Signal<Local, Bits<ARITH_W>>,
    mag: Signal<Local, Bits<16>>,
    b_prod: Signal<Local, Bits<32>>,
    b_prod_s: Signal<Local, Bits<32>>,
    b_corr: Signal<Local, Bits<32>>,
    change: Signal<Local, Bits<ARITH_W>>,
    e_sum: Signal<Local, Bits<ARITH_W>>,
    e_sat: Signal<Local, Bits<ARITH_W>>,
    d_stw: Signal<Local, Bits<ARITH_W>>,
    stw_new: Signal<Local, Bits<ARITH_W>>,
    tail_word: Signal<Local, Bits<SYNW>>,
    consolidate: Signal<Local, bool>,
    c_sum: Signal<Local, Bits<ARITH_W>>,
    c_sat: Signal<Local, Bits<ARITH_W>>,
    stw_mag: Signal<Local, Bits<ARITH_W>>,
    fade_raw: Signal<Local, Bits<ARITH_W>>,
    fade_d: Signal<Local, Bits<ARITH_W>>,
    faded: Signal<Local, Bits<ARITH_W>>,

    // Layout and rule constants (`docs/model.md` §6, §12).
    k_last: Constant<Bits<8>>,
    /// `timing::SWEEP_PIPELINE_MIN_LEN`.
    min_len: Constant<Bits<SB1>>,
    arith_msb: Constant<Bits<8>>,
    window: Constant<Bits<32>>,
    window_8: Constant<Bits<8>>,
    /// The last age of a valid slot, `L - 1`: the aging edge that passes it invalidates the slot
    /// (compared as is: `age + 1` would be 32 bits wide in the Verilog).
    age_last: Constant<Bits<AB>>,
    syn_weight_lsb: Constant<Bits<8>>,
    syn_type_lsb: Constant<Bits<8>>,
    syn_plastic_lsb: Constant<Bits<8>>,
    syn_stw_lsb: Constant<Bits<8>>,
    syn_weight_mask: Constant<Bits<SYNW>>,
    syn_stw_mask: Constant<Bits<SYNW>>,
    fan_count_lsb: Constant<Bits<8>>,
    profile_lsb: Constant<Bits<8>>,
    mod_level_lsb: Constant<Bits<8>>,
    lr_gain_lsb: Constant<Bits<8>>,
    lr_reverse_lsb: Constant<Bits<8>>,
    w_min_lsb: Constant<Bits<8>>,
    w_max_lsb: Constant<Bits<8>>,
    fade_shift_lsb: Constant<Bits<8>>,
    cons_thr_lsb: Constant<Bits<8>>,
    ltd_lsb: Constant<Bits<8>>,
    weight_sign: Constant<Bits<ARITH_W>>,
    stw_sign: Constant<Bits<ARITH_W>>,
    sign_16: Constant<Bits<ARITH_W>>,
    bias: Constant<Bits<ARITH_W>>,
    stw_max_b: Constant<Bits<ARITH_W>>,
    stw_min_b: Constant<Bits<ARITH_W>>,
    rate_bias: Constant<Bits<RATE_W>>,
    rate_base: Constant<Bits<RATE_W>>,
    rate_max_b: Constant<Bits<RATE_W>>,
    rate_rev_b: Constant<Bits<RATE_W>>,
    rate_zero_b: Constant<Bits<RATE_W>>,
    type_direct: Constant<Bits<2>>,
}

impl<
    const NB: usize,
    const NB1: usize,
    const SB: usize,
    const SB1: usize,
    const W: usize,
    const W1: usize,
    const SYNW: usize,
    const FANW: usize,
    const PB: usize,
    const K: usize,
    const TB: usize,
    const AB: usize,
> StdpTail<NB, NB1, SB, SB1, W, W1, SYNW, FANW, PB, K, TB, AB>
{
    /// The unit for `preset`, whose widths must equal the const parameters (checked by the
    /// caller, `core_top::FluxCore::build`).
    pub fn new(preset: &Preset) -> Self {
        let p = preset;
        let c8 = |x: u32| Constant::new(Bits::<8>::from(x as u64));
        let mask =
            |f: spec::Field| Constant::new(Bits::<SYNW>::from(((1u64 << f.width) - 1) << f.lsb));
        let w = p.weight_bits;
        Self {
            clock: Default::default(),
            clear: Default::default(),
            age_step: Default::default(),
            push: Default::default(),
            push_src: Default::default(),
            run: Default::default(),
            done: Default::default(),
            t: Default::default(),
            spiked: Default::default(),
            sweep_len: Default::default(),
            sweep_step: Default::default(),
            fanout_rd_addr: Default::default(),
            fanout_rd_data: Default::default(),
            syn_rd_addr: Default::default(),
            syn_rd_data: Default::default(),
            syn_wr_addr: Default::default(),
            syn_wr_data: Default::default(),
            syn_we: Default::default(),
            state_rd_addr: Default::default(),
            state_rd_data: Default::default(),
            last_rd_addr: Default::default(),
            last_rd_data: Default::default(),
            rule_addr: Default::default(),
            rule_data: Default::default(),
            table_rd_addr: Default::default(),
            table_rd_data: Default::default(),
            valid: std::array::from_fn(|_| Default::default()),
            src: std::array::from_fn(|_| Default::default()),
            age: std::array::from_fn(|_| Default::default()),
            mode: Default::default(),
            slot: Default::default(),
            ptr: Default::default(),
            left: Default::default(),
            sweeps_left: Default::default(),
            sp: Default::default(),
            cur_age: Default::default(),
            at1: Default::default(),
            at2: Default::default(),
            at3: Default::default(),
            at4: Default::default(),
            at5: Default::default(),
            adr1: Default::default(),
            adr2: Default::default(),
            adr3: Default::default(),
            adr4: Default::default(),
            adr5: Default::default(),
            syn_r: Default::default(),
            syn_r2: Default::default(),
            syn_r3: Default::default(),
            rate_raw_r: Default::default(),
            rev_r: Default::default(),
            change_r: Default::default(),
            ltp_r: Default::default(),
            ltd_r: Default::default(),
            w_min_r: Default::default(),
            w_max_r: Default::default(),
            w_min_r2: Default::default(),
            w_max_r2: Default::default(),
            pair_r2: Default::default(),
            cons_r: Default::default(),
            fade_r: Default::default(),
            cons_r2: Default::default(),
            fade_r2: Default::default(),
            word_r: Default::default(),
            we_r: Default::default(),
            issue: Default::default(),
            drained: Default::default(),
            serial: Default::default(),
            sweep_word: Default::default(),
            sweep_we: Default::default(),
            slot_next: Default::default(),
            sel_valid: Default::default(),
            sel_age: Default::default(),
            fan_count: Default::default(),
            sp_next: Default::default(),
            learnable: Default::default(),
            w_cur: Default::default(),
            stw_cur: Default::default(),
            m_level: Default::default(),
            last_v: Default::default(),
            g1: Default::default(),
            ltp: Default::default(),
            ltd: Default::default(),
            idx: Default::default(),
            p3: Default::default(),
            pl0: Default::default(),
            pl1: Default::default(),
            pl2: Default::default(),
            p_times_l: Default::default(),
            table_sum: Default::default(),
            gain: Default::default(),
            m_prod: Default::default(),
            m_prod_s: Default::default(),
            rate_raw: Default::default(),
            rate_lo: Default::default(),
            rate16: Default::default(),
            rate: Default::default(),
            rule_w_min: Default::default(),
            rule_w_max: Default::default(),
            mag: Default::default(),
            b_prod: Default::default(),
            b_prod_s: Default::default(),
            b_corr: Default::default(),
            change: Default::default(),
            e_sum: Default::default(),
            e_sat: Default::default(),
            d_stw: Default::default(),
            stw_new: Default::default(),
            tail_word: Default::default(),
            consolidate: Default::default(),
            c_sum: Default::default(),
            c_sat: Default::default(),
            stw_mag: Default::default(),
            fade_raw: Default::default(),
            fade_d: Default::default(),
            faded: Default::default(),
            k_last: c8(p.tail - 1),
            min_len: Constant::new(Bits::<SB1>::from(u64::from(timing::SWEEP_PIPELINE_MIN_LEN))),
            arith_msb: c8(ARITH_W as u32 - 1),
            window: Constant::new(Bits::<32>::from(p.stdp_window as u64)),
            window_8: c8(p.stdp_window),
            age_last: Constant::new(Bits::<AB>::from(u64::from(p.stdp_window.max(1) - 1))),
            syn_weight_lsb: c8(p.syn_weight().lsb),
            syn_type_lsb: c8(p.syn_type().lsb),
            syn_plastic_lsb: c8(p.syn_plastic().lsb),
            syn_stw_lsb: c8(p.syn_stw().lsb),
            syn_weight_mask: mask(p.syn_weight()),
            syn_stw_mask: mask(p.syn_stw()),
            fan_count_lsb: c8(p.fanout_count().lsb),
            profile_lsb: c8(spec::state::PROFILE.lsb),
            mod_level_lsb: c8(spec::state::MOD_LEVEL.lsb),
            lr_gain_lsb: c8(learn_rule::LR_GAIN.lsb),
            lr_reverse_lsb: c8(learn_rule::LR_REVERSE.lsb),
            w_min_lsb: c8(learn_rule::W_MIN.lsb),
            w_max_lsb: c8(learn_rule::W_MAX.lsb),
            fade_shift_lsb: c8(learn_rule::FADE_SHIFT.lsb),
            cons_thr_lsb: c8(learn_rule::CONS_THR.lsb),
            ltd_lsb: c8(learn_table::LTD.lsb),
            weight_sign: Constant::new(Bits::<ARITH_W>::from(1u64 << (w - 1))),
            stw_sign: Constant::new(Bits::<ARITH_W>::from(1u64 << w)),
            sign_16: Constant::new(Bits::<ARITH_W>::from(1u64 << 15)),
            bias: Constant::new(Bits::<ARITH_W>::from(1u64 << (ARITH_W - 1))),
            stw_max_b: Constant::new(biased::<ARITH_W>(p.syn_stw().max())),
            stw_min_b: Constant::new(biased::<ARITH_W>(p.syn_stw().min())),
            rate_bias: Constant::new(Bits::<RATE_W>::from(1u64 << (RATE_W - 1))),
            rate_base: Constant::new(Bits::<RATE_W>::from(256u64)),
            rate_max_b: Constant::new(biased::<RATE_W>(2047)),
            rate_rev_b: Constant::new(biased::<RATE_W>(-2048)),
            rate_zero_b: Constant::new(biased::<RATE_W>(0)),
            type_direct: Constant::new(Bits::<2>::from(spec::syn_type::DIRECT as u64)),
        }
    }

    /// The simulated tail, slot 0 first: `(valid, src, age)` (tests).
    pub fn peek_tail(&self) -> Vec<(bool, u64, u64)> {
        (0..K)
            .map(|k| {
                (
                    self.valid[k].q.val(),
                    self.src[k].q.val().to_u64(),
                    self.age[k].q.val().to_u64(),
                )
            })
            .collect()
    }
}

impl<
    const NB: usize,
    const NB1: usize,
    const SB: usize,
    const SB1: usize,
    const W: usize,
    const W1: usize,
    const SYNW: usize,
    const FANW: usize,
    const PB: usize,
    const K: usize,
    const TB: usize,
    const AB: usize,
> Logic for StdpTail<NB, NB1, SB, SB1, W, W1, SYNW, FANW, PB, K, TB, AB>
{
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(
            self,
            clock,
            mode,
            slot,
            ptr,
            left,
            sweeps_left,
            sp,
            cur_age,
            at1,
            at2,
            at3,
            at4,
            at5,
            adr1,
            adr2,
            adr3,
            adr4,
            adr5,
            syn_r,
            syn_r2,
            syn_r3,
            rate_raw_r,
            rev_r,
            ltp_r,
            ltd_r,
            change_r,
            w_min_r,
            w_max_r,
            w_min_r2,
            w_max_r2,
            pair_r2,
            cons_r,
            fade_r,
            cons_r2,
            fade_r2,
            word_r,
            we_r
        );

        // ---- The tail (§12.2): aging at the tick edge, pushes in the route phase, clear.
        for i in 0..K {
            self.valid[i].clock.next = self.clock.val();
            self.src[i].clock.next = self.clock.val();
            self.age[i].clock.next = self.clock.val();
            self.valid[i].d.next = self.valid[i].q.val();
            self.src[i].d.next = self.src[i].q.val();
            self.age[i].d.next = self.age[i].q.val();
        }
        if self.age_step.val() {
            for i in 0..K {
                self.age[i].d.next = self.age[i].q.val() + 1;
                if self.age[i].q.val() == self.age_last.val() {
                    self.valid[i].d.next = false;
                }
            }
        }
        if self.push.val() {
            for i in 1..K {
                self.valid[i].d.next =
                    self.valid[i - 1].q.val() && (self.src[i - 1].q.val() != self.push_src.val());
                self.src[i].d.next = self.src[i - 1].q.val();
                self.age[i].d.next = self.age[i - 1].q.val();
            }
            self.valid[0].d.next = true;
            self.src[0].d.next = self.push_src.val();
            self.age[0].d.next = 0.into();
        }
        if self.clear.val() {
            for i in 0..K {
                self.valid[i].d.next = false;
            }
            self.sp.d.next = 0.into();
        }

        // ---- The slot the sequencer looks at, and the fan-out address of the next `Slot` cycle.
        self.sel_valid.next = false;
        self.sel_age.next = 0.into();
        for i in 0..K {
            if self.slot.q.val().index() == i {
                self.sel_valid.next = self.valid[i].q.val();
                self.sel_age.next = self.age[i].q.val();
            }
        }
        self.slot_next.next = self.slot.q.val();
        if self.mode.q.val() == LearnMode::Slot {
            self.slot_next.next = self.slot.q.val() + 1;
        }
        if !self.run.val() {
            self.slot_next.next = 0.into();
        }
        self.slot.d.next = self.slot_next.val();
        self.fanout_rd_addr.next = 0.into();
        for i in 0..K {
            if self.slot_next.val().index() == i {
                self.fanout_rd_addr.next = self.src[i].q.val();
            }
        }
        self.fan_count.next = self
            .fanout_rd_data
            .val()
            .get_bits::<SB1>(self.fan_count_lsb.val().index());
        self.sp_next.next = self.sp.q.val() + 1;
        if (bit_cast::<SB1, SB>(self.sp.q.val()) + 1) >= self.sweep_len.val() {
            self.sp_next.next = 0.into();
        }

        // ---- The synapse word at 4 (`syn_r3`), and, at 1 and 2, its target's words.
        self.learnable.next = self
            .syn_r3
            .q
            .val()
            .get_bit(self.syn_plastic_lsb.val().index())
            && (self
                .syn_r3
                .q
                .val()
                .get_bits::<2>(self.syn_type_lsb.val().index())
                == self.type_direct.val());
        self.w_cur.next = (bit_cast::<ARITH_W, W>(
            self.syn_r3
                .q
                .val()
                .get_bits::<W>(self.syn_weight_lsb.val().index()),
        ) ^ self.weight_sign.val())
            - self.weight_sign.val();
        self.stw_cur.next = (bit_cast::<ARITH_W, W1>(
            self.syn_r3
                .q
                .val()
                .get_bits::<W1>(self.syn_stw_lsb.val().index()),
        ) ^ self.stw_sign.val())
            - self.stw_sign.val();
        self.state_rd_addr.next = self.syn_rd_data.val().get_bits::<NB>(0);
        self.last_rd_addr.next = self.syn_rd_data.val().get_bits::<NB>(0);
        self.rule_addr.next = self
            .state_rd_data
            .val()
            .get_bits::<PB>(self.profile_lsb.val().index());
        self.m_level.next = self
            .state_rd_data
            .val()
            .get_bits::<16>(self.mod_level_lsb.val().index());
        self.rule_w_min.next = (bit_cast::<ARITH_W, 16>(
            self.rule_data
                .val()
                .get_bits::<16>(self.w_min_lsb.val().index()),
        ) ^ self.sign_16.val())
            - self.sign_16.val();
        self.rule_w_max.next = (bit_cast::<ARITH_W, 16>(
            self.rule_data
                .val()
                .get_bits::<16>(self.w_max_lsb.val().index()),
        ) ^ self.sign_16.val())
            - self.sign_16.val();

        // ---- Tail pass, at 2: LTP or LTD (§12.3 A), table address, rate.
        // Post age g = t + 1 - last (mod 2^32); g = 0 iff last = t + 1; g - 1 = t - last.
        self.last_v.next = self.last_rd_data.val();
        self.g1.next = self.t.val() - self.last_v.val();
        self.ltp.next = self.last_v.val().any() && (self.last_v.val() == (self.t.val() + 1));
        self.ltd.next = !self.ltp.val()
            && !self.cur_age.q.val().any()
            && self.last_v.val().any()
            && (self.g1.val() < self.window.val());
        self.idx.next = bit_cast::<16, 8>(self.g1.val().get_bits::<8>(0));
        if self.ltp.val() {
            self.idx.next = bit_cast::<16, AB>(self.cur_age.q.val());
        }
        // profile * L by shift-and-add (P <= 8: at most three terms).
        self.p3.next = bit_cast::<3, PB>(self.rule_addr.val());
        self.pl0.next = 0.into();
        self.pl1.next = 0.into();
        self.pl2.next = 0.into();
        if self.p3.val().get_bit(0) {
            self.pl0.next = bit_cast::<16, 8>(self.window_8.val());
        }
        if self.p3.val().get_bit(1) {
            self.pl1.next = bit_cast::<16, 8>(self.window_8.val()) << 1;
        }
        if self.p3.val().get_bit(2) {
            self.pl2.next = bit_cast::<16, 8>(self.window_8.val()) << 2;
        }
        self.p_times_l.next = self.pl0.val() + self.pl1.val() + self.pl2.val();
        self.table_sum.next = self.p_times_l.val() + self.idx.val();
        self.table_rd_addr.next = self.table_sum.val().get_bits::<TB>(0);
        // rate = sat(256 + asr(m * lr_gain, 8), lo, 2047): the unsigned product of m's 16-bit
        // pattern, minus gain * 2^16 when m < 0, is the signed product mod 2^32.
        self.gain.next = bit_cast::<16, 8>(
            self.rule_data
                .val()
                .get_bits::<8>(self.lr_gain_lsb.val().index()),
        );
        self.m_prod.next = self.m_level.val() * self.gain.val();
        self.m_prod_s.next = self.m_prod.val();
        if self.m_level.val().get_bit(15) {
            self.m_prod_s.next = self.m_prod.val() - (bit_cast::<32, 16>(self.gain.val()) << 16);
        }
        self.rate_raw.next = self.m_prod_s.val().get_bits::<RATE_W>(8) + self.rate_base.val();
        // At 3, from the registers of 2.
        self.rate_lo.next = self.rate_zero_b.val();
        if self.rev_r.q.val() {
            self.rate_lo.next = self.rate_rev_b.val();
        }
        self.rate.next = self.rate_raw_r.q.val();
        if (self.rate_raw_r.q.val() ^ self.rate_bias.val()) > self.rate_max_b.val() {
            self.rate.next = self.rate_max_b.val() ^ self.rate_bias.val();
        }
        if (self.rate_raw_r.q.val() ^ self.rate_bias.val()) < self.rate_lo.val() {
            self.rate.next = self.rate_lo.val() ^ self.rate_bias.val();
        }
        self.rate16.next = self.rate.val().get_bits::<16>(0);

        // ---- Tail pass, at 3: change = asr(base * rate, 8).
        self.mag.next = bit_cast::<16, 8>(self.table_rd_data.val().get_bits::<8>(0));
        if !self.ltp_r.q.val() {
            self.mag.next = bit_cast::<16, 8>(
                self.table_rd_data
                    .val()
                    .get_bits::<8>(self.ltd_lsb.val().index()),
            );
        }
        // The signed product mod 2^32 is the unsigned one minus `mag * 2^16` when rate < 0; LTD
        // (base = -ltd) negates it: `corr - b_prod` instead of `b_prod - corr`, one carry chain
        // either way (this is the learning unit's longest path, ending at the synapse memory).
        self.b_prod.next = self.mag.val() * self.rate16.val();
        self.b_corr.next = 0.into();
        if self.rate16.val().get_bit(15) {
            self.b_corr.next = bit_cast::<32, 16>(self.mag.val()) << 16;
        }
        self.b_prod_s.next = self.b_prod.val() - self.b_corr.val();
        if self.ltd_r.q.val() {
            self.b_prod_s.next = self.b_corr.val() - self.b_prod.val();
        }
        self.change.next = self.b_prod_s.val().get_bits::<ARITH_W>(8);
        // ---- Tail pass, at 4: e = sat(w + stw + change), stw', the word written.
        self.e_sum.next = self.w_cur.val() + self.stw_cur.val() + self.change_r.q.val();
        self.e_sat.next = self.e_sum.val();
        if (self.e_sum.val() ^ self.bias.val()) > (self.w_max_r2.q.val() ^ self.bias.val()) {
            self.e_sat.next = self.w_max_r2.q.val();
        }
        if (self.e_sum.val() ^ self.bias.val()) < (self.w_min_r2.q.val() ^ self.bias.val()) {
            self.e_sat.next = self.w_min_r2.q.val();
        }
        self.d_stw.next = self.e_sat.val() - self.w_cur.val();
        self.stw_new.next = self.d_stw.val();
        if (self.d_stw.val() ^ self.bias.val()) > self.stw_max_b.val() {
            self.stw_new.next = self.stw_max_b.val() ^ self.bias.val();
        }
        if (self.d_stw.val() ^ self.bias.val()) < self.stw_min_b.val() {
            self.stw_new.next = self.stw_min_b.val() ^ self.bias.val();
        }
        self.tail_word.next = (self.syn_r3.q.val() & !self.syn_stw_mask.val())
            | (bit_cast::<SYNW, W1>(self.stw_new.val().get_bits::<W1>(0))
                << self.syn_stw_lsb.val());

        // ---- Sweep: consolidation or fading (§12.3 B), decided at 2 (`cons_r`, from the target's
        // modulation and rule), the new word at 4.
        self.consolidate.next = self
            .rule_data
            .val()
            .get_bits::<15>(self.cons_thr_lsb.val().index())
            .any()
            && !self.m_level.val().get_bit(15)
            && (self.m_level.val()
                >= bit_cast::<16, 15>(
                    self.rule_data
                        .val()
                        .get_bits::<15>(self.cons_thr_lsb.val().index()),
                ));
        self.c_sum.next = self.w_cur.val() + self.stw_cur.val();
        self.c_sat.next = self.c_sum.val();
        if (self.c_sum.val() ^ self.bias.val()) > (self.w_max_r2.q.val() ^ self.bias.val()) {
            self.c_sat.next = self.w_max_r2.q.val();
        }
        if (self.c_sum.val() ^ self.bias.val()) < (self.w_min_r2.q.val() ^ self.bias.val()) {
            self.c_sat.next = self.w_min_r2.q.val();
        }
        self.stw_mag.next = self.stw_cur.val();
        if self.stw_cur.val().get_bit(self.arith_msb.val().index()) {
            self.stw_mag.next = !self.stw_cur.val() + 1;
        }
        self.fade_raw.next = self.stw_mag.val() >> bit_cast::<8, 4>(self.fade_r2.q.val());
        self.fade_d.next = self.fade_raw.val();
        if !self.fade_raw.val().any() {
            self.fade_d.next = 1.into();
        }
        self.faded.next = self.stw_cur.val() - self.fade_d.val();
        if self.stw_cur.val().get_bit(self.arith_msb.val().index()) {
            self.faded.next = self.stw_cur.val() + self.fade_d.val();
        }
        self.sweep_word.next = self.syn_r3.q.val();
        self.sweep_we.next = false;
        if self.learnable.val() {
            if self.cons_r2.q.val() {
                self.sweep_word.next = (self.syn_r3.q.val()
                    & !(self.syn_stw_mask.val() | self.syn_weight_mask.val()))
                    | (bit_cast::<SYNW, W>(self.c_sat.val().get_bits::<W>(0))
                        << self.syn_weight_lsb.val());
                self.sweep_we.next = true;
            } else if self.stw_cur.val().any() {
                self.sweep_word.next = (self.syn_r3.q.val() & !self.syn_stw_mask.val())
                    | (bit_cast::<SYNW, W1>(self.faded.val().get_bits::<W1>(0))
                        << self.syn_stw_lsb.val());
                self.sweep_we.next = true;
            }
        }

        // ---- Sequencer.
        self.done.next = self.run.val() && (self.mode.q.val() == LearnMode::Done);
        // The pipeline (§12.4): a synapse read in the cycle of `issue` is `k` cycles on while
        // `at<k>`: its word registers at 1 (`syn_r`, its target's state and `last` addresses
        // presented); its target's words give LTP/LTD, the rate, the rule's bounds and the sweep's
        // decision at 2 (the table address presented); its change registers at 3; its new word at
        // 4; it is written at 5. A read per cycle: the memory's write port writes one synapse while
        // its read port reads another (never the same: see the module's notes).
        self.at2.d.next = self.at1.q.val();
        self.at3.d.next = self.at2.q.val();
        self.at4.d.next = self.at3.q.val();
        self.at5.d.next = self.at4.q.val();
        self.drained.next =
            !(self.at1.q.val() || self.at2.q.val() || self.at3.q.val() || self.at4.q.val());
        self.serial.next = self.sweep_len.val() < self.min_len.val();
        self.issue.next = false;
        if self.run.val() && (self.mode.q.val() == LearnMode::Syn) {
            self.issue.next = self.left.q.val().any();
        }
        if self.run.val() && (self.mode.q.val() == LearnMode::Sweep) {
            self.issue.next = self.sweeps_left.q.val().any();
            // Round fewer than 6 addresses, one at a time: its next read may be this address.
            if self.serial.val() {
                self.issue.next =
                    self.sweeps_left.q.val().any() && self.drained.val() && !self.at5.q.val();
            }
        }
        self.at1.d.next = self.issue.val();
        // The ports' addresses depend on registers only (the write address selects the block RAM a
        // write enables): the next address to read (the tail's `ptr` or the sweep's `sp`: a cycle
        // that does not `issue` reads it unused), and the address written at 5.
        self.syn_rd_addr.next = self.ptr.q.val();
        if self.mode.q.val() == LearnMode::Sweep {
            self.syn_rd_addr.next = self.sp.q.val();
        }
        self.syn_wr_addr.next = self.adr5.q.val();
        self.syn_wr_data.next = self.word_r.q.val();
        self.syn_we.next = self.at5.q.val() && self.we_r.q.val();
        if self.at1.q.val() {
            self.syn_r.d.next = self.syn_rd_data.val();
            self.adr2.d.next = self.adr1.q.val();
        }
        if self.at2.q.val() {
            self.syn_r2.d.next = self.syn_r.q.val();
            self.ltp_r.d.next = self.ltp.val();
            self.ltd_r.d.next = self.ltd.val();
            self.rate_raw_r.d.next = self.rate_raw.val();
            self.rev_r.d.next = self
                .rule_data
                .val()
                .get_bit(self.lr_reverse_lsb.val().index());
            self.w_min_r.d.next = self.rule_w_min.val();
            self.w_max_r.d.next = self.rule_w_max.val();
            self.cons_r.d.next = self.consolidate.val();
            self.fade_r.d.next = self
                .rule_data
                .val()
                .get_bits::<4>(self.fade_shift_lsb.val().index());
            self.adr3.d.next = self.adr2.q.val();
        }
        if self.at3.q.val() {
            self.change_r.d.next = self.change.val();
            self.syn_r3.d.next = self.syn_r2.q.val();
            self.w_min_r2.d.next = self.w_min_r.q.val();
            self.w_max_r2.d.next = self.w_max_r.q.val();
            self.pair_r2.d.next = self.ltp_r.q.val() || self.ltd_r.q.val();
            self.cons_r2.d.next = self.cons_r.q.val();
            self.fade_r2.d.next = self.fade_r.q.val();
            self.adr4.d.next = self.adr3.q.val();
        }
        if self.at4.q.val() {
            self.word_r.d.next = self.tail_word.val();
            self.we_r.d.next = self.learnable.val() && self.pair_r2.q.val();
            if self.mode.q.val() == LearnMode::Sweep {
                self.word_r.d.next = self.sweep_word.val();
                self.we_r.d.next = self.sweep_we.val();
            }
            self.adr5.d.next = self.adr4.q.val();
        }
        if self.issue.val() {
            self.adr1.d.next = self.ptr.q.val();
            if self.mode.q.val() == LearnMode::Sweep {
                self.adr1.d.next = self.sp.q.val();
            }
        }
        // The sweep's count is loaded whenever it is not in use (so it holds no stale value).
        if self.mode.q.val() != LearnMode::Sweep {
            self.sweeps_left.d.next = self.sweep_step.val();
        }
        if !self.run.val() {
            self.mode.d.next = LearnMode::Start;
            self.at1.d.next = false;
            self.at2.d.next = false;
            self.at3.d.next = false;
            self.at4.d.next = false;
            self.at5.d.next = false;
        }
        if self.run.val() {
            match self.mode.q.val() {
                LearnMode::Start => {
                    self.mode.d.next = LearnMode::Slot;
                }
                LearnMode::Slot => {
                    if self.sel_valid.val()
                        && (!self.sel_age.val().any() || self.spiked.val())
                        && self.fan_count.val().any()
                    {
                        self.mode.d.next = LearnMode::Syn;
                        self.ptr.d.next = self.fanout_rd_data.val().get_bits::<SB>(0);
                        self.left.d.next = self.fan_count.val();
                        self.cur_age.d.next = self.sel_age.val();
                    } else if self.slot.q.val() == self.k_last.val() {
                        self.mode.d.next = LearnMode::Done;
                        if self.sweep_step.val().any() {
                            self.mode.d.next = LearnMode::Sweep;
                        }
                    }
                }
                LearnMode::Syn => {
                    if self.issue.val() {
                        self.ptr.d.next = self.ptr.q.val() + 1;
                        self.left.d.next = self.left.q.val() - 1;
                    }
                    // The slot's last synapse is written: the next slot may read it.
                    if self.at5.q.val() && self.drained.val() && !self.left.q.val().any() {
                        self.mode.d.next = LearnMode::Slot;
                        // The slot counter has moved past the slot being streamed.
                        if self.slot.q.val() == (self.k_last.val() + 1) {
                            self.mode.d.next = LearnMode::Done;
                            if self.sweep_step.val().any() {
                                self.mode.d.next = LearnMode::Sweep;
                            }
                        }
                    }
                }
                LearnMode::Sweep => {
                    if self.issue.val() {
                        self.sp.d.next = self.sp_next.val();
                        self.sweeps_left.d.next = self.sweeps_left.q.val() - 1;
                    }
                    if self.at5.q.val() && self.drained.val() && !self.sweeps_left.q.val().any() {
                        self.mode.d.next = LearnMode::Done;
                    }
                }
                LearnMode::Done => {}
            }
        }
        if self.clear.val() {
            self.sp.d.next = 0.into();
        }
    }
}
