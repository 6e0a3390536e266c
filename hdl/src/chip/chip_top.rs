//! `FluxChip`: `C` Flux cores and the spike exchange between them (`docs/model.md` §15), behind
//! the host interface of one core (`hdl/README.md`), so that the cosimulation shim and the host
//! drive it as they drive a core.
//!
//! **Addresses** (§15.4): bits 31..24 of `cfg_addr` and `dbg_addr` select the core, bits 23..0
//! are the address in it; register addresses `ROUTE_BASE + g` (memory 4) are the core's route
//! table entry for chip neuron `g`. `aer_in_addr`'s bits above the core's neuron bits select the
//! core, those below are its neuron or axon. `aer_out_addr` is a chip neuron `k·N + n`.
//!
//! **A timestep** (`flux_sim::chip::timestep_cycles`): `tick` starts every core at the same edge
//! (`Run`); when the last is idle the chip starts the exchange one edge later (the barrier). The
//! exchange (`Exchange`) reads each core's spike list (what its `aer_out` reported), one event per
//! clock and one more cycle per core; two edges later the event's chip neuron has looked up every
//! core's route table, and every core it reaches takes it as a `spike_push` on its `cfg` port
//! (the cores are idle), while the chip reports it on `aer_out`. `Drain` (two cycles) waits for the last one.
//!
//! **Why no event is lost and nothing deadlocks** (§15.3): the exchange runs while every core is
//! idle and writes at most one event per core per clock into a spike buffer of `N` entries; the
//! placement gives a core at most `N` sources that can reach it, each once per timestep, so the
//! buffer never refuses one. Nothing waits on anything but the cores' `busy`, which always falls.

use crate::core_top::FluxCore;
use crate::host_interface::{
    ADDR_W, AER_IN_ADDR_W, AER_IN_VALUE_W, DATA_W, MEM_W, NEURON_ID_W, T_W,
};
use crate::memory::BlockRam;
use crate::xylo_datapath::COUNT_W;
use flux_sim::chip::{self, ChipPreset};
use flux_sim::spec::{self, spike_push};
use rust_hdl::prelude::*;

/// The `spike_push` word of an event (`flux_sim::spec::spike_push`): `src` and `count`.
#[derive(LogicBlock)]
pub struct PushWord<const NB1: usize> {
    pub src: Signal<In, Bits<NB1>>,
    pub count: Signal<In, Bits<COUNT_W>>,
    pub word: Signal<Out, Bits<DATA_W>>,
    count_lsb: Constant<Bits<8>>,
}

impl<const NB1: usize> PushWord<NB1> {
    fn new() -> Self {
        Self {
            src: Default::default(),
            count: Default::default(),
            word: Default::default(),
            count_lsb: Constant::new(Bits::<8>::from(u64::from(spike_push::COUNT.lsb))),
        }
    }
}

impl<const NB1: usize> Logic for PushWord<NB1> {
    #[hdl_gen]
    fn update(&mut self) {
        self.word.next = bit_cast::<DATA_W, NB1>(self.src.val())
            | (bit_cast::<DATA_W, COUNT_W>(self.count.val()) << self.count_lsb.val());
    }
}

/// Phase of the chip's timestep.
#[derive(Copy, Clone, Debug, PartialEq, LogicState)]
pub enum ChipPhase {
    Idle,
    Run,
    Exchange,
    /// Two cycles: the last event's route lookup, then its `spike_push` and `aer_out`.
    Drain,
    Drain2,
}

/// The chip. The first sixteen const parameters are its core's widths (as [`FluxCore`] takes
/// them); `C` cores, `CB` bits of a core index, `GB = CB + NB` bits of a chip neuron. Use the
/// per-chip aliases ([`FluxChipDuo`], [`FluxChipUlx3sQuad`]).
#[derive(LogicBlock)]
pub struct FluxChip<
    const NB: usize,
    const NB1: usize,
    const SB: usize,
    const SB1: usize,
    const DB: usize,
    const RB: usize,
    const PB: usize,
    const W: usize,
    const W1: usize,
    const SYNW: usize,
    const FANW: usize,
    const FB: usize,
    const FB1: usize,
    const K: usize,
    const TB: usize,
    const AB: usize,
    const C: usize,
    const CB: usize,
    const GB: usize,
> {
    pub clock: Signal<In, Clock>,
    pub reset: Signal<In, bool>,
    pub cfg_we: Signal<In, bool>,
    pub cfg_mem: Signal<In, Bits<MEM_W>>,
    pub cfg_addr: Signal<In, Bits<ADDR_W>>,
    pub cfg_data: Signal<In, Bits<DATA_W>>,
    pub aer_in_valid: Signal<In, bool>,
    pub aer_in_ready: Signal<Out, bool>,
    pub aer_in_inj: Signal<In, bool>,
    pub aer_in_addr: Signal<In, Bits<AER_IN_ADDR_W>>,
    pub aer_in_value: Signal<In, Bits<AER_IN_VALUE_W>>,
    pub tick: Signal<In, bool>,
    pub busy: Signal<Out, bool>,
    pub aer_out_valid: Signal<Out, bool>,
    pub aer_out_addr: Signal<Out, Bits<NEURON_ID_W>>,
    pub aer_out_t: Signal<Out, Bits<T_W>>,
    pub aer_out_count: Signal<Out, Bits<COUNT_W>>,
    pub t: Signal<Out, Bits<T_W>>,
    pub dbg_mem: Signal<In, Bits<MEM_W>>,
    pub dbg_addr: Signal<In, Bits<ADDR_W>>,
    pub dbg_data: Signal<Out, Bits<DATA_W>>,

    cores: [FluxCore<NB, NB1, SB, SB1, DB, RB, PB, W, W1, SYNW, FANW, FB, FB1, K, TB, AB>; C],
    /// Per core: the neurons its `aer_out` reported this timestep, their counts, how many.
    list_id: [BlockRam<Bits<NB>, NB>; C],
    list_cnt: [BlockRam<Bits<COUNT_W>, NB>; C],
    list_len: [DFF<Bits<NB1>>; C],
    /// Per core: the route table (`flux_sim::chip::route`), source and valid bit.
    route_src: [BlockRam<Bits<NB1>, GB>; C],
    route_ok: [BlockRam<Bits<1>, GB>; C],
    /// Per core: the `spike_push` word of the event in stage 2.
    push_word: [PushWord<NB1>; C],

    phase: DFF<ChipPhase>,
    /// The exchange's read pointer: core `xj`, entry `xi`.
    xj: DFF<Bits<CB>>,
    xi: DFF<Bits<NB1>>,
    /// Stage 1: the list word is on the read ports of core `p1_j`'s list.
    p1_valid: DFF<bool>,
    p1_j: DFF<Bits<CB>>,
    /// Stage 2: chip neuron `p2_g`'s route words are on the route tables' read ports.
    p2_valid: DFF<bool>,
    p2_g: DFF<Bits<GB>>,
    p2_cnt: DFF<Bits<COUNT_W>>,
    t_run: DFF<Bits<T_W>>,
    out_valid_r: DFF<bool>,
    out_addr_r: DFF<Bits<NEURON_ID_W>>,
    out_count_r: DFF<Bits<COUNT_W>>,

    any_busy: Signal<Local, bool>,
    cur_len: Signal<Local, Bits<NB1>>,
    p1_id: Signal<Local, Bits<NB>>,
    p1_cnt: Signal<Local, Bits<COUNT_W>>,
    p1_g: Signal<Local, Bits<GB>>,
    cfg_core: Signal<Local, Bits<CB>>,
    dbg_core: Signal<Local, Bits<CB>>,
    in_core: Signal<Local, Bits<CB>>,
    route_write: Signal<Local, bool>,
    last_core: Constant<Bits<CB>>,
    core_shift: Constant<Bits<8>>,
    neuron_bits: Constant<Bits<8>>,
    local_mask: Constant<Bits<ADDR_W>>,
    in_mask: Constant<Bits<AER_IN_ADDR_W>>,
    route_page: Constant<Bits<8>>,
    route_valid_bit: Constant<Bits<8>>,
    mem_registers: Constant<Bits<MEM_W>>,
    reg_spike_push: Constant<Bits<ADDR_W>>,
}

impl<
    const NB: usize,
    const NB1: usize,
    const SB: usize,
    const SB1: usize,
    const DB: usize,
    const RB: usize,
    const PB: usize,
    const W: usize,
    const W1: usize,
    const SYNW: usize,
    const FANW: usize,
    const FB: usize,
    const FB1: usize,
    const K: usize,
    const TB: usize,
    const AB: usize,
    const C: usize,
    const CB: usize,
    const GB: usize,
> FluxChip<NB, NB1, SB, SB1, DB, RB, PB, W, W1, SYNW, FANW, FB, FB1, K, TB, AB, C, CB, GB>
{
    /// An empty chip of `chip`'s cores (the host loads it, `ChipImage::load_sequence`).
    pub fn new(chip: &ChipPreset) -> Result<Self, crate::core_top::CoreError> {
        assert_eq!(C, chip.cores as usize, "the chip type's core count");
        assert_eq!(CB, chip.core_bits() as usize, "the chip type's core bits");
        assert_eq!(GB, CB + NB, "the chip type's neuron bits");
        let empty = flux_sim::image::CoreImage::empty(chip.core);
        let mut cores = Vec::with_capacity(C);
        for _ in 0..C {
            cores.push(FluxCore::build(&chip.core, &empty, None)?);
        }
        let cores: [_; C] = cores.try_into().ok().expect("C cores");
        Ok(Self {
            clock: Default::default(),
            reset: Default::default(),
            cfg_we: Default::default(),
            cfg_mem: Default::default(),
            cfg_addr: Default::default(),
            cfg_data: Default::default(),
            aer_in_valid: Default::default(),
            aer_in_ready: Default::default(),
            aer_in_inj: Default::default(),
            aer_in_addr: Default::default(),
            aer_in_value: Default::default(),
            tick: Default::default(),
            busy: Default::default(),
            aer_out_valid: Default::default(),
            aer_out_addr: Default::default(),
            aer_out_t: Default::default(),
            aer_out_count: Default::default(),
            t: Default::default(),
            dbg_mem: Default::default(),
            dbg_addr: Default::default(),
            dbg_data: Default::default(),
            cores,
            list_id: std::array::from_fn(|_| BlockRam::default()),
            list_cnt: std::array::from_fn(|_| BlockRam::default()),
            list_len: std::array::from_fn(|_| Default::default()),
            route_src: std::array::from_fn(|_| BlockRam::default()),
            route_ok: std::array::from_fn(|_| BlockRam::default()),
            push_word: std::array::from_fn(|_| PushWord::new()),
            phase: Default::default(),
            xj: Default::default(),
            xi: Default::default(),
            p1_valid: Default::default(),
            p1_j: Default::default(),
            p2_valid: Default::default(),
            p2_g: Default::default(),
            p2_cnt: Default::default(),
            t_run: Default::default(),
            out_valid_r: Default::default(),
            out_addr_r: Default::default(),
            out_count_r: Default::default(),
            any_busy: Default::default(),
            cur_len: Default::default(),
            p1_id: Default::default(),
            p1_cnt: Default::default(),
            p1_g: Default::default(),
            cfg_core: Default::default(),
            dbg_core: Default::default(),
            in_core: Default::default(),
            route_write: Default::default(),
            last_core: Constant::new(Bits::<CB>::from((C - 1) as u64)),
            core_shift: Constant::new(Bits::<8>::from(u64::from(chip::CORE_SHIFT))),
            neuron_bits: Constant::new(Bits::<8>::from(NB as u64)),
            local_mask: Constant::new(Bits::<ADDR_W>::from(u64::from(chip::LOCAL_ADDR_MASK))),
            in_mask: Constant::new(Bits::<AER_IN_ADDR_W>::from((1u64 << NB) - 1)),
            route_page: Constant::new(Bits::<8>::from(u64::from(chip::ROUTE_BASE >> 16))),
            route_valid_bit: Constant::new(Bits::<8>::from(u64::from(chip::route::VALID.lsb))),
            mem_registers: Constant::new(Bits::<MEM_W>::from(u64::from(spec::mem::REGISTERS))),
            reg_spike_push: Constant::new(Bits::<ADDR_W>::from(u64::from(spec::reg::SPIKE_PUSH))),
        })
    }
}

impl<
    const NB: usize,
    const NB1: usize,
    const SB: usize,
    const SB1: usize,
    const DB: usize,
    const RB: usize,
    const PB: usize,
    const W: usize,
    const W1: usize,
    const SYNW: usize,
    const FANW: usize,
    const FB: usize,
    const FB1: usize,
    const K: usize,
    const TB: usize,
    const AB: usize,
    const C: usize,
    const CB: usize,
    const GB: usize,
> Logic
    for FluxChip<NB, NB1, SB, SB1, DB, RB, PB, W, W1, SYNW, FANW, FB, FB1, K, TB, AB, C, CB, GB>
{
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(
            self,
            clock,
            phase,
            xj,
            xi,
            p1_valid,
            p1_j,
            p2_valid,
            p2_g,
            p2_cnt,
            t_run,
            out_valid_r,
            out_addr_r,
            out_count_r
        );
        self.cfg_core.next = self
            .cfg_addr
            .val()
            .get_bits::<CB>(self.core_shift.val().index());
        self.dbg_core.next = self
            .dbg_addr
            .val()
            .get_bits::<CB>(self.core_shift.val().index());
        self.in_core.next = self
            .aer_in_addr
            .val()
            .get_bits::<CB>(self.neuron_bits.val().index());
        // A route table write: memory 4, addresses `ROUTE_BASE + g` of the selected core.
        self.route_write.next = self.cfg_we.val()
            && (self.phase.q.val() == ChipPhase::Idle)
            && (self.cfg_mem.val() == self.mem_registers.val())
            && (self.cfg_addr.val().get_bits::<8>(16) == self.route_page.val());

        self.any_busy.next = false;
        self.cur_len.next = 0.into();
        self.p1_id.next = 0.into();
        self.p1_cnt.next = 0.into();
        self.aer_in_ready.next = false;
        self.dbg_data.next = 0.into();
        // The muxes over the cores first (a value is not read before it is written).
        for k in 0..C {
            if self.cores[k].busy.val() {
                self.any_busy.next = true;
            }
            if self.xj.q.val().index() == k {
                self.cur_len.next = self.list_len[k].q.val();
            }
            if self.p1_j.q.val().index() == k {
                self.p1_id.next = self.list_id[k].read_data.val();
                self.p1_cnt.next = self.list_cnt[k].read_data.val();
            }
        }
        // Stage 1: the chip neuron `{core, neuron}` of the list word.
        self.p1_g.next = bit_cast::<GB, NB>(self.p1_id.val())
            | (bit_cast::<GB, CB>(self.p1_j.q.val()) << self.neuron_bits.val());
        for k in 0..C {
            self.cores[k].clock.next = self.clock.val();
            self.list_id[k].clock.next = self.clock.val();
            self.list_cnt[k].clock.next = self.clock.val();
            self.list_len[k].clock.next = self.clock.val();
            self.route_src[k].clock.next = self.clock.val();
            self.route_ok[k].clock.next = self.clock.val();
            self.cores[k].reset.next = self.reset.val();
            // Host side: the selected core's ports, while the chip is idle.
            self.cores[k].cfg_we.next = self.cfg_we.val()
                && (self.phase.q.val() == ChipPhase::Idle)
                && (self.cfg_core.val().index() == k)
                && !self.route_write.val();
            self.cores[k].cfg_mem.next = self.cfg_mem.val();
            self.cores[k].cfg_addr.next = self.cfg_addr.val() & self.local_mask.val();
            self.cores[k].cfg_data.next = self.cfg_data.val();
            self.cores[k].aer_in_valid.next = self.aer_in_valid.val()
                && (self.phase.q.val() == ChipPhase::Idle)
                && (self.in_core.val().index() == k);
            self.cores[k].aer_in_inj.next = self.aer_in_inj.val();
            self.cores[k].aer_in_addr.next = self.aer_in_addr.val() & self.in_mask.val();
            self.cores[k].aer_in_value.next = self.aer_in_value.val();
            if (self.in_core.val().index() == k) && (self.phase.q.val() == ChipPhase::Idle) {
                self.aer_in_ready.next = self.cores[k].aer_in_ready.val();
            }
            self.cores[k].tick.next = self.tick.val() && (self.phase.q.val() == ChipPhase::Idle);
            self.cores[k].dbg_mem.next = self.dbg_mem.val();
            self.cores[k].dbg_addr.next = self.dbg_addr.val() & self.local_mask.val();
            if self.dbg_core.val().index() == k {
                self.dbg_data.next = self.cores[k].dbg_data.val();
            }
            // The spike list: what the core's `aer_out` reports.
            self.list_id[k].write_address.next = self.list_len[k].q.val().get_bits::<NB>(0);
            self.list_id[k].write_data.next = self.cores[k].aer_out_addr.val().get_bits::<NB>(0);
            self.list_id[k].write_enable.next = self.cores[k].aer_out_valid.val();
            self.list_cnt[k].write_address.next = self.list_len[k].q.val().get_bits::<NB>(0);
            self.list_cnt[k].write_data.next = self.cores[k].aer_out_count.val();
            self.list_cnt[k].write_enable.next = self.cores[k].aer_out_valid.val();
            self.list_len[k].d.next = self.list_len[k].q.val();
            if self.cores[k].aer_out_valid.val() {
                self.list_len[k].d.next = self.list_len[k].q.val() + 1;
            }
            if self.reset.val() || (self.tick.val() && (self.phase.q.val() == ChipPhase::Idle)) {
                self.list_len[k].d.next = 0.into();
            }
            self.list_id[k].read_address.next = self.xi.q.val().get_bits::<NB>(0);
            self.list_cnt[k].read_address.next = self.xi.q.val().get_bits::<NB>(0);
            // The route table: written by the host, read by the exchange's stage 1.
            self.route_src[k].write_address.next = self.cfg_addr.val().get_bits::<GB>(0);
            self.route_src[k].write_data.next = self.cfg_data.val().get_bits::<NB1>(0);
            self.route_src[k].write_enable.next =
                self.route_write.val() && (self.cfg_core.val().index() == k);
            self.route_ok[k].write_address.next = self.cfg_addr.val().get_bits::<GB>(0);
            self.route_ok[k].write_data.next = self
                .cfg_data
                .val()
                .get_bits::<1>(self.route_valid_bit.val().index());
            self.route_ok[k].write_enable.next =
                self.route_write.val() && (self.cfg_core.val().index() == k);
            self.route_src[k].read_address.next = self.p1_g.val();
            self.route_ok[k].read_address.next = self.p1_g.val();
            self.push_word[k].src.next = self.route_src[k].read_data.val();
            self.push_word[k].count.next = self.p2_cnt.q.val();
            // Stage 2: the event into every core it reaches, as a `spike_push`.
            if self.p2_valid.q.val() && self.route_ok[k].read_data.val().any() {
                self.cores[k].cfg_we.next = true;
                self.cores[k].cfg_mem.next = self.mem_registers.val();
                self.cores[k].cfg_addr.next = self.reg_spike_push.val();
                self.cores[k].cfg_data.next = self.push_word[k].word.val();
            }
        }
        self.p2_valid.d.next = self.p1_valid.q.val();
        self.p2_g.d.next = self.p1_g.val();
        self.p2_cnt.d.next = self.p1_cnt.val();
        self.p1_valid.d.next = false;

        // The timestep.
        match self.phase.q.val() {
            ChipPhase::Idle => {
                if self.tick.val() && !self.reset.val() {
                    self.phase.d.next = ChipPhase::Run;
                    self.t_run.d.next = self.cores[0].t.val();
                }
            }
            ChipPhase::Run => {
                if !self.any_busy.val() {
                    self.phase.d.next = ChipPhase::Exchange;
                    self.xj.d.next = 0.into();
                    self.xi.d.next = 0.into();
                }
            }
            ChipPhase::Exchange => {
                if self.xi.q.val() < self.cur_len.val() {
                    self.p1_valid.d.next = true;
                    self.p1_j.d.next = self.xj.q.val();
                    self.xi.d.next = self.xi.q.val() + 1;
                } else if self.xj.q.val() == self.last_core.val() {
                    self.phase.d.next = ChipPhase::Drain;
                } else {
                    self.xj.d.next = self.xj.q.val() + 1;
                    self.xi.d.next = 0.into();
                }
            }
            ChipPhase::Drain => {
                self.phase.d.next = ChipPhase::Drain2;
            }
            ChipPhase::Drain2 => {
                self.phase.d.next = ChipPhase::Idle;
            }
        }
        if self.reset.val() {
            self.phase.d.next = ChipPhase::Idle;
            self.p1_valid.d.next = false;
            self.p2_valid.d.next = false;
        }

        // The chip's outputs: the exchange's events, stamped with the timestep that made them.
        self.out_valid_r.d.next = self.p2_valid.q.val() && !self.reset.val();
        self.out_addr_r.d.next = bit_cast::<NEURON_ID_W, GB>(self.p2_g.q.val());
        self.out_count_r.d.next = self.p2_cnt.q.val();
        self.aer_out_valid.next = self.out_valid_r.q.val();
        self.aer_out_addr.next = self.out_addr_r.q.val();
        self.aer_out_count.next = self.out_count_r.q.val();
        self.aer_out_t.next = self.t_run.q.val();
        self.t.next = self.cores[0].t.val();
        self.busy.next = (self.phase.q.val() != ChipPhase::Idle) || self.any_busy.val();
    }
}

/// Declares the type of a chip (a `const` [`ChipPreset`]): its core's widths
/// ([`crate::preset_widths`]), then `C`, `CB`, `GB`.
#[macro_export]
macro_rules! chip_type {
    ($(#[$doc:meta])* $alias:ident, $chip:path) => {
        $(#[$doc])*
        pub type $alias = $crate::preset_widths!(
            $chip.core,
            [
                { $chip.cores as usize },
                { $chip.core_bits() as usize },
                { ($chip.core_bits() + $chip.core.neuron_bits()) as usize },
            ],
            $crate::chip_top::FluxChip
        );
    };
}

chip_type!(
    /// The chip `duo`: two `duo-core` cores.
    FluxChipDuo,
    flux_sim::chip::DUO
);
chip_type!(
    /// The chip `ulx3s-quad`: four `quad-core` cores.
    FluxChipUlx3sQuad,
    flux_sim::chip::ULX3S_QUAD
);
