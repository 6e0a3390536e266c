//! `SynapseRouter`: the route phase of a timestep (`docs/model.md` §2, §5).
//!
//! It walks the events of the timestep (the input FIFO in host order, then the spike buffer,
//! ascending), looks each spike source up in the fan-out table, streams its synapse words one per
//! clock, and applies every synapse (and every current injection) to the dendritic ring with a
//! read-modify-write pipeline.
//!
//! **Cost** (what `flux_sim::timing` counts): one *header* cycle per event (a current injection is
//! applied in its header cycle; a spike event looks its fan-out pointer up), then one cycle per
//! synapse. After the last event, one cycle to see that no event is left (`events_done`), and the
//! ring pipeline drains in `flux_sim::timing::RING_DRAIN_CYCLES` (2) more cycles: the last op is in
//! `S0` in the `events_done` cycle and written at the end of the second cycle after it, so the
//! controller's `Drain` state waits that long before the update phase reads the ring. (The one
//! definition is the model's; an unused copy here said 3.)
//!
//! **Sequencing.** The event memories (FIFO, spike buffer) are addressed with the *next* event
//! index, so the current event's word is always on their read ports. In a header cycle the source
//! goes to the fan-out table; in the next cycle (`First`) the fan-out word is on the read port: a
//! zero count makes that cycle the next event's header at once, otherwise it issues the first
//! synapse read at `start` and the following cycles (`Stream`) read `start+1 ..`.
//!
//! **Ring read-modify-write** (three stages, one op per clock): `S0` presents the ring read address
//! `{(t+d) mod D, target}` (the op comes from the synapse word on the synapse memory's read port, or
//! from the injection registered in its header cycle); `S1` registers the ring word; `S2` adds and
//! writes. An op read at edge `k` is written at edge `k+2`, so the two ops ahead of it (written at
//! edges `k+1` and `k`, the latter colliding with its read) are not in the word it read: `S2`
//! forwards their results (`r1`, the newer, then `r2`) when the address matches, so back-to-back
//! synapses to one target and slot never stall and never lose an update. The two address compares
//! are made a cycle early, in `S1`, against the ops that will then be `r1` and `r2` (those in `S2`
//! and `r1`), and registered (`s2_hit1`, `s2_hit2`): the same decision, off the path from the
//! ring word through the adders to the write (the `up5k` build's longest path before).

use crate::neuron_core::w;
use crate::xylo_datapath::COUNT_W;
use flux_sim::spec::{self, FIFO_BITS, SLOT_BITS, fifo};
use rust_hdl::prelude::*;

/// Width of the ring slot word.
pub const SLOT_W: usize = SLOT_BITS as usize;
/// Width of an input-FIFO word (`flux_sim::spec::fifo`: `value`, `addr`, `inj`).
pub const FIFO_W: usize = FIFO_BITS as usize;
/// Width of an injection value (the FIFO word's `value`).
const INJ_W: usize = w(fifo::VALUE);

/// Width of the effective-weight sum `weight + stw`: W (at most 16) plus W + 1 bits need W + 2,
/// with room to spare.
pub const EFF_W: usize = 20;
/// `2^(EFF_W - 1)`: XOR with it maps two's-complement order to unsigned order.
const EFF_BIAS: u64 = 1 << (EFF_W - 1);

/// Width of a delivered value `k * w` (`k <= 31` spikes of a 16-bit weight: `|k w| < 2^20`).
const KW_W: usize = 22;

/// `x` as an EFF_W-bit two's-complement pattern with the sign bit flipped (for unsigned compares).
fn biased(x: i64) -> Bits<EFF_W> {
    Bits::<EFF_W>::from((x as u64 & ((1 << EFF_W) - 1)) ^ EFF_BIAS)
}

/// Sequencer state of the router.
#[derive(Copy, Clone, Debug, PartialEq, LogicState)]
pub enum RouteMode {
    /// This cycle is an event header (or, with no event left, `events_done`).
    Header,
    /// The fan-out word of the event of the previous cycle is on the fan-out read port.
    First,
    /// Streaming synapse words.
    Stream,
}

/// The route-phase datapath. Const parameters are the preset's widths (`flux_sim::spec::Preset`):
/// `NB` neuron id bits, `NB1 = NB + 1` (source ids, spike counts), `SB` synapse address bits,
/// `SB1 = SB + 1` (fan-out counts), `DB` delay bits, `RB = DB + NB` ring address bits, `W` weight
/// bits, `W1 = W + 1` short-term weight (`stw`) bits, `SYNW` synapse word bits, `FANW` fan-out word bits, `FB` input-FIFO address bits, `FB1 = FB + 1`.
#[derive(LogicBlock)]
pub struct SynapseRouter<
    const NB: usize,
    const NB1: usize,
    const SB: usize,
    const SB1: usize,
    const DB: usize,
    const RB: usize,
    const W: usize,
    const W1: usize,
    const SYNW: usize,
    const FANW: usize,
    const FB: usize,
    const FB1: usize,
> {
    /// The core clock.
    pub clock: Signal<In, Clock>,
    /// High during the route phase (from the cycle after the `tick` edge until `events_done`).
    pub run: Signal<In, bool>,
    /// `t mod D`, the current timestep's ring slot.
    pub t_slot: Signal<In, Bits<DB>>,
    /// External events queued for this timestep.
    pub fifo_count: Signal<In, Bits<FB1>>,
    /// Neurons that spiked in the previous timestep.
    pub spike_count: Signal<In, Bits<NB1>>,
    /// Input-FIFO read port (address, word one edge later).
    pub fifo_rd_addr: Signal<Out, Bits<FB>>,
    pub fifo_rd_data: Signal<In, Bits<FIFO_W>>,
    /// Spike-buffer read port.
    pub spike_rd_addr: Signal<Out, Bits<NB>>,
    /// The source id of the event (a neuron, or a channel pushed through `spike_push`, §2.1).
    pub spike_rd_data: Signal<In, Bits<NB1>>,
    /// The spike count of the neuron on `spike_rd_data` (a Xylo neuron fires up to 31, §4.2; the
    /// other kinds 1), from the spike-count buffer at the same address.
    pub spike_rd_count: Signal<In, Bits<COUNT_W>>,
    /// Fan-out table read port (address: source id).
    pub fanout_rd_addr: Signal<Out, Bits<NB1>>,
    pub fanout_rd_data: Signal<In, Bits<FANW>>,
    /// Synapse memory read port.
    pub syn_rd_addr: Signal<Out, Bits<SB>>,
    pub syn_rd_data: Signal<In, Bits<SYNW>>,
    /// Dendritic ring read port (address `{slot, neuron}`).
    pub ring_rd_addr: Signal<Out, Bits<RB>>,
    pub ring_rd_data: Signal<In, Bits<SLOT_W>>,
    /// Dendritic ring write port.
    pub ring_wr_addr: Signal<Out, Bits<RB>>,
    pub ring_wr_data: Signal<Out, Bits<SLOT_W>>,
    pub ring_we: Signal<Out, bool>,
    /// High in the cycle in which the router sees that no event is left (combinational).
    pub events_done: Signal<Out, bool>,
    /// A spike event (not an injection) is routed at this edge: its header cycle (combinational;
    /// the learning tail records it, `docs/model.md` §12.2).
    pub push_valid: Signal<Out, bool>,
    /// The source id of that event (`N + c` for channel `c`).
    pub push_src: Signal<Out, Bits<NB1>>,

    // Sequencer.
    mode: DFF<RouteMode>,
    fifo_idx: DFF<Bits<FB1>>,
    spike_idx: DFF<Bits<NB1>>,
    syn_ptr: DFF<Bits<SB>>,
    syn_left: DFF<Bits<SB1>>,
    inj_pending: DFF<bool>,
    inj_target: DFF<Bits<NB>>,
    inj_value: DFF<Bits<INJ_W>>,
    syn_pending: DFF<bool>,
    /// The spike count `k` of the event being streamed (1 for an input channel).
    ev_count: DFF<Bits<COUNT_W>>,
    // Ring pipeline.
    s1_valid: DFF<bool>,
    s1_addr: DFF<Bits<RB>>,
    s1_kind: DFF<Bits<2>>,
    s1_value: DFF<Bits<16>>,
    s1_count: DFF<Bits<COUNT_W>>,
    s1_sel: DFF<bool>,
    s2_valid: DFF<bool>,
    s2_addr: DFF<Bits<RB>>,
    s2_kind: DFF<Bits<2>>,
    s2_value: DFF<Bits<KW_W>>,
    s2_sel: DFF<bool>,
    s2_word: DFF<Bits<SLOT_W>>,
    /// The op in `S2` is the one `S2` wrote one (`hit1`) or two (`hit2`) edges ago: registered in
    /// `S1`, so that no address compare sits in front of `S2`'s adders.
    s2_hit1: DFF<bool>,
    s2_hit2: DFF<bool>,
    r1_valid: DFF<bool>,
    r1_addr: DFF<Bits<RB>>,
    r1_word: DFF<Bits<SLOT_W>>,
    r2_word: DFF<Bits<SLOT_W>>,

    // Combinational intermediates.
    has_fifo: Signal<Local, bool>,
    has_spike: Signal<Local, bool>,
    is_header: Signal<Local, bool>,
    header_go: Signal<Local, bool>,
    cur_inj: Signal<Local, bool>,
    fifo_idx_next: Signal<Local, Bits<FB1>>,
    spike_idx_next: Signal<Local, Bits<NB1>>,
    fan_start: Signal<Local, Bits<SB>>,
    fan_count: Signal<Local, Bits<SB1>>,
    op_target: Signal<Local, Bits<NB>>,
    op_slot: Signal<Local, Bits<DB>>,
    base: Signal<Local, Bits<SLOT_W>>,
    a_sum: Signal<Local, Bits<25>>,
    m_sum: Signal<Local, Bits<23>>,
    a_sat: Signal<Local, Bits<24>>,
    c_sat: Signal<Local, Bits<16>>,
    m_sat: Signal<Local, Bits<16>>,
    /// A current synapse's weight sign-extended to 16 bits, and `k * value` (S1).
    w_sext: Signal<Local, Bits<16>>,
    kw: Signal<Local, Bits<32>>,
    result: Signal<Local, Bits<SLOT_W>>,
    eff_sum: Signal<Local, Bits<EFF_W>>,
    eff_weight: Signal<Local, Bits<EFF_W>>,

    // Layout constants (offsets of the synapse and fan-out word fields, `docs/model.md` §6).
    neuron_bits: Constant<Bits<8>>,
    syn_weight_lsb: Constant<Bits<8>>,
    syn_delay_lsb: Constant<Bits<8>>,
    syn_type_lsb: Constant<Bits<8>>,
    fan_count_lsb: Constant<Bits<8>>,
    syn_stw_lsb: Constant<Bits<8>>,
    /// The current synapse's fields in the `stw` bits: current (bit 0) and shift (bits 1..5).
    syn_shift_lsb: Constant<Bits<8>>,
    /// The core has the Xylo unit (preset `xylo`): spike counts and current synapses.
    has_xylo: Constant<bool>,
    type_current: Constant<Bits<2>>,
    w_sign_16: Constant<Bits<16>>,
    kw_sign_25: Constant<Bits<25>>,
    kw_sign_23: Constant<Bits<23>>,
    s16_sign_23: Constant<Bits<23>>,
    s16_sign_22: Constant<Bits<KW_W>>,
    piece: Constant<Bits<8>>,
    weight_sign: Constant<Bits<EFF_W>>,
    stw_sign: Constant<Bits<EFF_W>>,
    eff_bias: Constant<Bits<EFF_W>>,
    eff_max: Constant<Bits<EFF_W>>,
    eff_min: Constant<Bits<EFF_W>>,
    a_sign_25: Constant<Bits<25>>,
    a_max: Constant<Bits<24>>,
    a_min: Constant<Bits<24>>,
    m_max: Constant<Bits<16>>,
    m_min: Constant<Bits<16>>,
    m_lsb: Constant<Bits<8>>,
    e_mask: Constant<Bits<SLOT_W>>,
    type_direct: Constant<Bits<2>>,
    type_modulatory: Constant<Bits<2>>,
    type_electric: Constant<Bits<2>>,
    source_channel_base: Constant<Bits<NB1>>,
    // The input-FIFO word's fields (`flux_sim::spec::fifo`).
    fifo_value_lsb: Constant<Bits<8>>,
    fifo_addr_lsb: Constant<Bits<8>>,
    fifo_inj_lsb: Constant<Bits<8>>,
}

impl<
    const NB: usize,
    const NB1: usize,
    const SB: usize,
    const SB1: usize,
    const DB: usize,
    const RB: usize,
    const W: usize,
    const W1: usize,
    const SYNW: usize,
    const FANW: usize,
    const FB: usize,
    const FB1: usize,
> SynapseRouter<NB, NB1, SB, SB1, DB, RB, W, W1, SYNW, FANW, FB, FB1>
{
    /// The router for `preset`, whose widths must equal the const parameters (checked by the caller,
    /// `core_top::FluxCore::new`).
    pub fn new(preset: &spec::Preset) -> Self {
        let c8 = |x: u32| Constant::new(Bits::<8>::from(x as u64));
        Self {
            clock: Default::default(),
            run: Default::default(),
            t_slot: Default::default(),
            fifo_count: Default::default(),
            spike_count: Default::default(),
            fifo_rd_addr: Default::default(),
            fifo_rd_data: Default::default(),
            spike_rd_addr: Default::default(),
            spike_rd_data: Default::default(),
            spike_rd_count: Default::default(),
            fanout_rd_addr: Default::default(),
            fanout_rd_data: Default::default(),
            syn_rd_addr: Default::default(),
            syn_rd_data: Default::default(),
            ring_rd_addr: Default::default(),
            ring_rd_data: Default::default(),
            ring_wr_addr: Default::default(),
            ring_wr_data: Default::default(),
            ring_we: Default::default(),
            events_done: Default::default(),
            push_valid: Default::default(),
            push_src: Default::default(),
            mode: Default::default(),
            fifo_idx: Default::default(),
            spike_idx: Default::default(),
            syn_ptr: Default::default(),
            syn_left: Default::default(),
            inj_pending: Default::default(),
            inj_target: Default::default(),
            inj_value: Default::default(),
            syn_pending: Default::default(),
            ev_count: Default::default(),
            s1_valid: Default::default(),
            s1_addr: Default::default(),
            s1_kind: Default::default(),
            s1_value: Default::default(),
            s1_count: Default::default(),
            s1_sel: Default::default(),
            s2_valid: Default::default(),
            s2_addr: Default::default(),
            s2_kind: Default::default(),
            s2_value: Default::default(),
            s2_sel: Default::default(),
            s2_word: Default::default(),
            s2_hit1: Default::default(),
            s2_hit2: Default::default(),
            r1_valid: Default::default(),
            r1_addr: Default::default(),
            r1_word: Default::default(),
            r2_word: Default::default(),
            has_fifo: Default::default(),
            has_spike: Default::default(),
            is_header: Default::default(),
            header_go: Default::default(),
            cur_inj: Default::default(),
            fifo_idx_next: Default::default(),
            spike_idx_next: Default::default(),
            fan_start: Default::default(),
            fan_count: Default::default(),
            op_target: Default::default(),
            op_slot: Default::default(),
            base: Default::default(),
            a_sum: Default::default(),
            m_sum: Default::default(),
            a_sat: Default::default(),
            c_sat: Default::default(),
            w_sext: Default::default(),
            kw: Default::default(),
            m_sat: Default::default(),
            result: Default::default(),
            eff_sum: Default::default(),
            eff_weight: Default::default(),
            neuron_bits: c8(preset.neuron_bits()),
            syn_weight_lsb: c8(preset.syn_weight().lsb),
            syn_delay_lsb: c8(preset.syn_delay().lsb),
            syn_type_lsb: c8(preset.syn_type().lsb),
            fan_count_lsb: c8(preset.fanout_count().lsb),
            syn_stw_lsb: c8(preset.syn_stw().lsb),
            syn_shift_lsb: c8(preset.syn_shift().lsb),
            has_xylo: Constant::new(preset.xylo),
            type_current: Constant::new(Bits::<2>::from(spec::syn_type::CURRENT as u64)),
            w_sign_16: Constant::new(Bits::<16>::from(1u64 << (preset.weight_bits - 1))),
            kw_sign_25: Constant::new(Bits::<25>::from(1u64 << (KW_W - 1))),
            kw_sign_23: Constant::new(Bits::<23>::from(1u64 << (KW_W - 1))),
            s16_sign_23: Constant::new(Bits::<23>::from(1u64 << 15)),
            s16_sign_22: Constant::new(Bits::<KW_W>::from(1u64 << 15)),
            piece: c8(16),
            weight_sign: Constant::new(Bits::<EFF_W>::from(1u64 << (preset.weight_bits - 1))),
            stw_sign: Constant::new(Bits::<EFF_W>::from(1u64 << preset.weight_bits)),
            eff_bias: Constant::new(Bits::<EFF_W>::from(EFF_BIAS)),
            eff_max: Constant::new(biased(preset.syn_weight().max())),
            eff_min: Constant::new(biased(preset.syn_weight().min())),
            a_sign_25: Constant::new(Bits::<25>::from(1u64 << 23)),
            a_max: Constant::new(Bits::<24>::from(spec::slot::A_IN.max() as u64)),
            a_min: Constant::new(Bits::<24>::from(1u64 << 23)),
            m_max: Constant::new(Bits::<16>::from(spec::slot::M_IN.max() as u64)),
            m_min: Constant::new(Bits::<16>::from(1u64 << 15)),
            m_lsb: c8(spec::slot::M_IN.lsb),
            e_mask: Constant::new(Bits::<SLOT_W>::from(1u64 << spec::slot::E.lsb)),
            type_direct: Constant::new(Bits::<2>::from(spec::syn_type::DIRECT as u64)),
            type_modulatory: Constant::new(Bits::<2>::from(spec::syn_type::MODULATORY as u64)),
            type_electric: Constant::new(Bits::<2>::from(spec::syn_type::ELECTRIC as u64)),
            source_channel_base: Constant::new(Bits::<NB1>::from(preset.neurons as u64)),
            fifo_value_lsb: c8(fifo::VALUE.lsb),
            fifo_addr_lsb: c8(fifo::ADDR.lsb),
            fifo_inj_lsb: c8(fifo::INJ.lsb),
        }
    }
}

impl<
    const NB: usize,
    const NB1: usize,
    const SB: usize,
    const SB1: usize,
    const DB: usize,
    const RB: usize,
    const W: usize,
    const W1: usize,
    const SYNW: usize,
    const FANW: usize,
    const FB: usize,
    const FB1: usize,
> Logic for SynapseRouter<NB, NB1, SB, SB1, DB, RB, W, W1, SYNW, FANW, FB, FB1>
{
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(
            self,
            clock,
            mode,
            fifo_idx,
            spike_idx,
            syn_ptr,
            syn_left,
            inj_pending,
            inj_target,
            inj_value,
            syn_pending,
            ev_count,
            s1_valid,
            s1_addr,
            s1_kind,
            s1_value,
            s1_count,
            s1_sel,
            s2_valid,
            s2_addr,
            s2_kind,
            s2_value,
            s2_sel,
            s2_word,
            s2_hit1,
            s2_hit2,
            r1_valid,
            r1_addr,
            r1_word,
            r2_word
        );

        // ---- Sequencer: which event, which synapse.
        self.has_fifo.next = self.fifo_idx.q.val() < self.fifo_count.val();
        self.has_spike.next = self.spike_idx.q.val() < self.spike_count.val();
        self.fan_start.next = self.fanout_rd_data.val().get_bits::<SB>(0);
        self.fan_count.next = self
            .fanout_rd_data
            .val()
            .get_bits::<SB1>(self.fan_count_lsb.val().index());
        self.is_header.next = self.run.val()
            && ((self.mode.q.val() == RouteMode::Header)
                || ((self.mode.q.val() == RouteMode::First) && !self.fan_count.val().any()));
        self.header_go.next = self.is_header.val() && (self.has_fifo.val() || self.has_spike.val());
        self.events_done.next =
            self.is_header.val() && !(self.has_fifo.val() || self.has_spike.val());
        self.cur_inj.next = self.has_fifo.val()
            && self
                .fifo_rd_data
                .val()
                .get_bit(self.fifo_inj_lsb.val().index());

        // The source of the current event: channel `addr` is source N + addr.
        if self.has_fifo.val() {
            self.fanout_rd_addr.next = self.source_channel_base.val()
                | bit_cast::<NB1, NB>(
                    self.fifo_rd_data
                        .val()
                        .get_bits::<NB>(self.fifo_addr_lsb.val().index()),
                );
        } else {
            self.fanout_rd_addr.next = self.spike_rd_data.val();
        }

        self.push_valid.next = self.header_go.val() && !self.cur_inj.val();
        self.push_src.next = self.fanout_rd_addr.val();

        // Event memories are addressed with the next index, so the current event is on their ports.
        self.fifo_rd_addr.next = self.fifo_idx.q.val().get_bits::<FB>(0);
        self.spike_rd_addr.next = self.spike_idx.q.val().get_bits::<NB>(0);
        self.fifo_idx_next.next = self.fifo_idx.q.val() + 1;
        self.spike_idx_next.next = self.spike_idx.q.val() + 1;
        self.inj_pending.d.next = false;
        if self.header_go.val() {
            // §4.2: a spike event delivers its count (1 for an input channel, and in a core
            // without the Xylo unit, where every count is 1).
            self.ev_count.d.next = bits::<COUNT_W>(1);
            if !self.has_fifo.val() && self.has_xylo.val() {
                self.ev_count.d.next = self.spike_rd_count.val();
            }
            if self.has_fifo.val() {
                self.fifo_idx.d.next = self.fifo_idx_next.val();
                self.fifo_rd_addr.next = self.fifo_idx_next.val().get_bits::<FB>(0);
            } else {
                self.spike_idx.d.next = self.spike_idx_next.val();
                self.spike_rd_addr.next = self.spike_idx_next.val().get_bits::<NB>(0);
            }
            if self.cur_inj.val() {
                self.inj_pending.d.next = true;
                self.inj_target.d.next = self
                    .fifo_rd_data
                    .val()
                    .get_bits::<NB>(self.fifo_addr_lsb.val().index());
                self.inj_value.d.next = self
                    .fifo_rd_data
                    .val()
                    .get_bits::<INJ_W>(self.fifo_value_lsb.val().index());
                self.mode.d.next = RouteMode::Header;
            } else {
                self.mode.d.next = RouteMode::First;
            }
        }

        self.syn_rd_addr.next = self.syn_ptr.q.val();
        self.syn_pending.d.next = false;
        if self.run.val() && (self.mode.q.val() == RouteMode::First) && self.fan_count.val().any() {
            self.syn_rd_addr.next = self.fan_start.val();
            self.syn_pending.d.next = true;
            self.syn_ptr.d.next = self.fan_start.val() + 1;
            self.syn_left.d.next = self.fan_count.val() - 1;
            if self.fan_count.val() == 1 {
                self.mode.d.next = RouteMode::Header;
            } else {
                self.mode.d.next = RouteMode::Stream;
            }
        }
        if self.run.val() && (self.mode.q.val() == RouteMode::Stream) {
            self.syn_pending.d.next = true;
            self.syn_ptr.d.next = self.syn_ptr.q.val() + 1;
            self.syn_left.d.next = self.syn_left.q.val() - 1;
            if self.syn_left.q.val() == 1 {
                self.mode.d.next = RouteMode::Header;
            }
        }
        if !self.run.val() {
            self.mode.d.next = RouteMode::Header;
            self.fifo_idx.d.next = 0.into();
            self.spike_idx.d.next = 0.into();
            self.fifo_rd_addr.next = 0.into();
            self.spike_rd_addr.next = 0.into();
        }

        // The effective weight satW(weight + stw) of the synapse word on the read port
        // (`docs/model.md` §5, §12): both fields sign-extended to EFF_W bits ((x ^ s) - s with s
        // the field's sign bit), added, and clamped to W bits by comparing with the sign bit
        // flipped (an unsigned compare of `x ^ 2^(EFF_W-1)` orders two's-complement values).
        self.eff_sum.next = ((bit_cast::<EFF_W, W>(
            self.syn_rd_data
                .val()
                .get_bits::<W>(self.syn_weight_lsb.val().index()),
        ) ^ self.weight_sign.val())
            - self.weight_sign.val())
            + ((bit_cast::<EFF_W, W1>(
                self.syn_rd_data
                    .val()
                    .get_bits::<W1>(self.syn_stw_lsb.val().index()),
            ) ^ self.stw_sign.val())
                - self.stw_sign.val());
        self.eff_weight.next = self.eff_sum.val();
        if (self.eff_sum.val() ^ self.eff_bias.val()) > self.eff_max.val() {
            self.eff_weight.next = self.eff_max.val() ^ self.eff_bias.val();
        }
        if (self.eff_sum.val() ^ self.eff_bias.val()) < self.eff_min.val() {
            self.eff_weight.next = self.eff_min.val() ^ self.eff_bias.val();
        }

        // ---- S0: the op of this cycle (a synapse word or an injection) reads its ring word.
        self.op_target.next = self.inj_target.q.val();
        self.op_slot.next = self.t_slot.val();
        self.s1_kind.d.next = self.type_direct.val();
        self.s1_value.d.next = self.inj_value.q.val();
        self.s1_count.d.next = bits::<COUNT_W>(1);
        self.s1_sel.d.next = false;
        // A current synapse's weight: sign-extended to 16 bits, shifted, truncated (§5).
        self.w_sext.next = (bit_cast::<16, W>(
            self.syn_rd_data
                .val()
                .get_bits::<W>(self.syn_weight_lsb.val().index()),
        ) ^ self.w_sign_16.val())
            - self.w_sign_16.val();
        if self.syn_pending.q.val() {
            self.op_target.next = self.syn_rd_data.val().get_bits::<NB>(0);
            self.op_slot.next = self.t_slot.val()
                + self
                    .syn_rd_data
                    .val()
                    .get_bits::<DB>(self.syn_delay_lsb.val().index());
            self.s1_kind.d.next = self
                .syn_rd_data
                .val()
                .get_bits::<2>(self.syn_type_lsb.val().index());
            // The effective weight, sign-extended to 16 bits.
            self.s1_value.d.next = self.eff_weight.val().get_bits::<16>(0);
            self.s1_count.d.next = self.ev_count.q.val();
            if self.has_xylo.val()
                && (self
                    .syn_rd_data
                    .val()
                    .get_bits::<2>(self.syn_type_lsb.val().index())
                    == self.type_current.val())
            {
                self.s1_value.d.next = self.w_sext.val()
                    << self
                        .syn_rd_data
                        .val()
                        .get_bits::<4>(self.syn_shift_lsb.val().index());
                self.s1_sel.d.next = self
                    .syn_rd_data
                    .val()
                    .get_bit(self.syn_stw_lsb.val().index());
            }
        }
        self.ring_rd_addr.next = (bit_cast::<RB, DB>(self.op_slot.val()) << self.neuron_bits.val())
            | bit_cast::<RB, NB>(self.op_target.val());
        self.s1_valid.d.next = self.syn_pending.q.val() || self.inj_pending.q.val();
        self.s1_addr.d.next = self.ring_rd_addr.val();

        // ---- S1: the ring word arrives; register it with the op.
        self.s2_valid.d.next = self.s1_valid.q.val();
        self.s2_addr.d.next = self.s1_addr.q.val();
        self.s2_kind.d.next = self.s1_kind.q.val();
        self.s2_sel.d.next = self.s1_sel.q.val();
        // k * value (§5: k deliveries saturate like one of k * value): the unsigned product of
        // the patterns, minus k * 2^16 for a negative value. Without the Xylo unit k is 1.
        self.kw.next = bit_cast::<16, COUNT_W>(self.s1_count.q.val()) * self.s1_value.q.val();
        if self.s1_value.q.val().get_bit(15) {
            self.kw.next = self.kw.val()
                - (bit_cast::<32, COUNT_W>(self.s1_count.q.val()) << self.piece.val());
        }
        self.s2_value.d.next = self.kw.val().get_bits::<KW_W>(0);
        if !self.has_xylo.val() {
            self.s2_value.d.next = (bit_cast::<KW_W, 16>(self.s1_value.q.val())
                ^ self.s16_sign_22.val())
                - self.s16_sign_22.val();
        }
        self.s2_word.d.next = self.ring_rd_data.val();
        // When this op reaches S2, the op now in S2 is the one written one edge before (`r1`)
        // and the op now in `r1` the one written two edges before (`r2`).
        self.s2_hit1.d.next =
            self.s2_valid.q.val() && (self.s2_addr.q.val() == self.s1_addr.q.val());
        self.s2_hit2.d.next =
            self.r1_valid.q.val() && (self.r1_addr.q.val() == self.s1_addr.q.val());

        // ---- S2: forward the two ops ahead (newest first), add with saturation, write.
        self.base.next = self.s2_word.q.val();
        if self.s2_hit2.q.val() {
            self.base.next = self.r2_word.q.val();
        }
        if self.s2_hit1.q.val() {
            self.base.next = self.r1_word.q.val();
        }
        // a_in + value in 25 bits (both sign-extended: (x ^ s) - s), then clamp to 24 bits.
        self.a_sum.next = ((bit_cast::<25, 24>(self.base.val().get_bits::<24>(0))
            ^ self.a_sign_25.val())
            - self.a_sign_25.val())
            + ((bit_cast::<25, KW_W>(self.s2_value.q.val()) ^ self.kw_sign_25.val())
                - self.kw_sign_25.val());
        self.a_sat.next = self.a_sum.val().get_bits::<24>(0);
        if self.a_sum.val().get_bit(24) != self.a_sum.val().get_bit(23) {
            if self.a_sum.val().get_bit(24) {
                self.a_sat.next = self.a_min.val();
            } else {
                self.a_sat.next = self.a_max.val();
            }
        }
        // The current synapse onto a_in saturates the same sum to 16 bits (§5).
        self.c_sat.next = self.a_sum.val().get_bits::<16>(0);
        if self.a_sum.val().get_bits::<10>(15).any() & !self.a_sum.val().get_bits::<10>(15).all() {
            if self.a_sum.val().get_bit(24) {
                self.c_sat.next = self.m_min.val();
            } else {
                self.c_sat.next = self.m_max.val();
            }
        }
        self.m_sum.next =
            ((bit_cast::<23, 16>(self.base.val().get_bits::<16>(self.m_lsb.val().index()))
                ^ self.s16_sign_23.val())
                - self.s16_sign_23.val())
                + ((bit_cast::<23, KW_W>(self.s2_value.q.val()) ^ self.kw_sign_23.val())
                    - self.kw_sign_23.val());
        self.m_sat.next = self.m_sum.val().get_bits::<16>(0);
        if self.m_sum.val().get_bits::<8>(15).any() & !self.m_sum.val().get_bits::<8>(15).all() {
            if self.m_sum.val().get_bit(22) {
                self.m_sat.next = self.m_min.val();
            } else {
                self.m_sat.next = self.m_max.val();
            }
        }
        self.result.next = self.base.val();
        if self.s2_kind.q.val() == self.type_direct.val() {
            self.result.next = (self.base.val()
                & !bit_cast::<SLOT_W, 24>(self.a_max.val() | self.a_min.val()))
                | bit_cast::<SLOT_W, 24>(self.a_sat.val());
        }
        if self.s2_kind.q.val() == self.type_modulatory.val() {
            self.result.next = (self.base.val()
                & !(bit_cast::<SLOT_W, 16>(self.m_max.val() | self.m_min.val())
                    << self.m_lsb.val()))
                | (bit_cast::<SLOT_W, 16>(self.m_sat.val()) << self.m_lsb.val());
        }
        if self.s2_kind.q.val() == self.type_electric.val() {
            self.result.next = self.base.val() | self.e_mask.val();
        }
        if self.has_xylo.val() && (self.s2_kind.q.val() == self.type_current.val()) {
            if self.s2_sel.q.val() {
                self.result.next = (self.base.val()
                    & !(bit_cast::<SLOT_W, 16>(self.m_max.val() | self.m_min.val())
                        << self.m_lsb.val()))
                    | (bit_cast::<SLOT_W, 16>(self.m_sat.val()) << self.m_lsb.val());
            } else {
                // sat16 of a_in + k w, sign-extended into the 24-bit a_in field.
                self.result.next = (self.base.val()
                    & !bit_cast::<SLOT_W, 24>(self.a_max.val() | self.a_min.val()))
                    | bit_cast::<SLOT_W, 16>(self.c_sat.val());
                if self.c_sat.val().get_bit(15) {
                    self.result.next = self.result.val()
                        | (bit_cast::<SLOT_W, 24>(self.a_max.val() | self.a_min.val())
                            ^ bit_cast::<SLOT_W, 16>(self.m_max.val() | self.m_min.val()));
                }
            }
        }
        self.ring_wr_addr.next = self.s2_addr.q.val();
        self.ring_wr_data.next = self.result.val();
        self.ring_we.next = self.s2_valid.q.val();
        self.r1_valid.d.next = self.s2_valid.q.val();
        self.r1_addr.d.next = self.s2_addr.q.val();
        self.r1_word.d.next = self.result.val();
        self.r2_word.d.next = self.r1_word.q.val();
    }
}
