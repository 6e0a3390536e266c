//! `FluxCore`: the memories, the host interface (`hdl/README.md`) and the blocks wired together.
//!
//! Memories (all `memory::BlockRam`, one read and one write port, except the profile table and
//! the synapse memory): profile table (`RegFile`, P words, read combinationally with the state word
//! that indexes it), neuron state (N), fan-out table (2N: sources `0..N+M`), synapse memory (S,
//! `SynapseRam`: written by the host while idle and by the learning phase, read by the router,
//! the learning phase and debug reads; with learning it has a read and a write port, since the
//! learning unit reads a synapse and writes another in every cycle; without, no edge both reads
//! and writes it, so one shared port serves all and it fits the UP5K's SPRAMs), dendritic ring
//! (D×N, address `{slot, neuron}`), spike buffer (N neuron ids that spiked in the previous
//! timestep), input FIFO (`input_fifo` external events for the next timestep); for learning
//! (`docs/model.md` §12, `stdp_tail.rs`): `last[]` (N × 32), the learning rule table (`RegFile`, P
//! words) and the learning table (P × L words).
//!
//! **Learning phase** (after `Flush`, with `learn_en`): `StdpTail` drives the fan-out and state
//! read ports, the synapse memory, `last[]`, the rule table and the learning table. No state or
//! `last[]` write happens in it (the last neuron's state and `last` were written before `Flush`
//! ended), so its reads see the update phase's results.
//!
//! **Update phase** (one neuron per clock): in cycle `k` the controller reads neuron `n`'s state
//! word and ring slot `{t mod D, n}`; in cycle `k+1` the profile table is indexed by the state word,
//! and the three words enter `NeuronCore`; `NEURON_CORE_LATENCY` cycles later the state is written
//! back, the ring is written (0 into the neuron's slot `{t mod D, n}`, or, for a Xylo neuron, its
//! decayed currents into `{(t+1) mod D, n}`, `docs/model.md` §4.2), and a spike goes to the spike
//! buffer (its count to the spike-count buffer) and (registered) to `aer_out_*`.
//!
//! **Read-during-write.** Neuron `n`'s state and ring word are written at the edge that reads
//! neuron `n + 1 + NEURON_CORE_LATENCY`: a write always trails its read and neuron addresses only
//! increase within the phase (a Xylo carry into slot `t + 1` is a slot no read of the phase
//! touches, or, with `D = 1`, a lower neuron address), so no edge reads and writes one address of
//! the state memory or the ring in the update phase. The route phase ends
//! its ring writes before the update phase reads (the drain). In the route phase the ring's
//! read-modify-write may read the address it writes at the same edge, but that read is replaced
//! by forwarding (`synapse_router.rs`). Host writes and debug reads only happen while idle, and
//! `aer_in_ready` is low in the `tick` cycle so the FIFO is never written at the edge that reads
//! its first word. The reset's ring clear (`controller.rs`) writes one ring word per clock while
//! no one uses the ring's read data (the router and the datapath are idle). So no result depends
//! on a read-during-write, and the FPGA flow can use yosys `-no-rw-check`.

use crate::controller::Controller;
use crate::host_interface::{
    ADDR_W, AER_IN_ADDR_W, AER_IN_VALUE_W, DATA_W, MEM_W, NEURON_ID_W, T_W,
};
use crate::memory::{BlockRam, RamPorts, RegFile, SynapseRam};
use crate::neuron_core::{KIND_W, NeuronCore, PROFILE_W, STATE_W, w};
use crate::noise_gen::{NoiseGen, PROFILE_INDEX_W};
use crate::stdp_tail::{RULE_W, StdpTail, TABLE_W};
use crate::synapse_router::{FIFO_W, SLOT_W, SynapseRouter};
use crate::xylo_datapath::COUNT_W;
use flux_sim::image::CoreImage;
use flux_sim::spec::{self, Preset, fifo};
use rust_hdl::prelude::*;
use rust_hdl::widgets::prelude::DFFWithInit;

/// Errors building a core.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CoreError {
    #[error("preset `{preset}`: {what} is {got} but the core type was built for {expected}")]
    WidthMismatch {
        preset: &'static str,
        what: &'static str,
        expected: usize,
        got: usize,
    },
    #[error("image was compiled for preset `{image}`, not `{core}`")]
    ImagePreset {
        image: &'static str,
        core: &'static str,
    },
    #[error("preset `{preset}`: {what}")]
    Unsupported { preset: &'static str, what: String },
}

/// Memory code `code` (`flux_sim::spec::mem`) as a constant of the `cfg_mem` width.
fn mem_code(code: u32) -> Constant<Bits<MEM_W>> {
    assert!(code < 1 << MEM_W, "memory code {code} does not fit cfg_mem");
    Constant::new(Bits::<MEM_W>::from(code as u64))
}

/// Register address `addr` (`flux_sim::spec::reg`) as a constant of the `cfg_addr` width.
fn reg_addr(addr: u32) -> Constant<Bits<ADDR_W>> {
    Constant::new(Bits::<ADDR_W>::from(addr as u64))
}

/// The `$readmemh` file of memory `name` of a core called `module` (e.g. `flux_core_up5k_state.hex`).
pub fn init_file_name(module: &str, name: &str) -> String {
    format!("{module}_{name}.hex")
}

/// The Flux core. Its ports are the host interface, declared once in `flux_sim::spec::host`
/// (`host_interface.rs` checks these fields against it). The const parameters are the preset's widths; use the per-preset aliases
/// ([`FluxCoreSmall`], [`FluxCoreUp5k`], [`FluxCoreUlx3s`], [`FluxCoreLarge`]), which derive them
/// from `flux_sim::spec`.
/// `NB` neuron bits, `NB1 = NB + 1`, `SB` synapse address bits, `SB1 = SB + 1`, `DB` delay bits,
/// `RB = DB + NB`, `PB` profile bits, `W` weight bits, `W1 = W + 1`, `SYNW`/`FANW` synapse and fan-out word bits,
/// `FB` input-FIFO address bits, `FB1 = FB + 1`, `K` tail entries, `TB` learning table address bits
/// ([`learn_table_addr_bits`]), `AB` tail age bits ([`age_bits`]).
#[derive(LogicBlock)]
pub struct FluxCore<
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
> {
    /// The clock; everything is synchronous to its rising edge.
    pub clock: Signal<In, Clock>,
    /// Synchronous reset, active high (`docs/model.md` §7.1): at an edge that samples it high the
    /// core drops the timestep in progress, the queued events, the last timestep's spikes and the
    /// tail, sets `t = 0` and starts clearing the dendritic ring (`busy` stays high for
    /// `flux_sim::timing::reset_cycles`); `cfg_we`, `aer_in_valid` and `tick` are ignored at it.
    /// The loaded memories and the registers are kept.
    pub reset: Signal<In, bool>,
    /// Host write strobe (only while `busy` is low).
    pub cfg_we: Signal<In, bool>,
    /// Memory code (`flux_sim::spec::mem`; the table is in `hdl/README.md`); for `REGISTERS`, the
    /// address is a register of `flux_sim::spec::reg`.
    pub cfg_mem: Signal<In, Bits<MEM_W>>,
    /// Word address.
    pub cfg_addr: Signal<In, Bits<ADDR_W>>,
    /// The word, right-aligned.
    pub cfg_data: Signal<In, Bits<DATA_W>>,
    /// An external event for the next timestep is offered.
    pub aer_in_valid: Signal<In, bool>,
    /// The event is accepted at this edge (low while busy, full, or in the `tick` cycle).
    pub aer_in_ready: Signal<Out, bool>,
    /// 1: current injection; 0: channel spike.
    pub aer_in_inj: Signal<In, bool>,
    /// Neuron (injection) or channel (spike).
    pub aer_in_addr: Signal<In, Bits<AER_IN_ADDR_W>>,
    /// Injection value (signed 16-bit).
    pub aer_in_value: Signal<In, Bits<AER_IN_VALUE_W>>,
    /// One-cycle pulse while idle: run a timestep.
    pub tick: Signal<In, bool>,
    /// High from the edge that samples `tick` until the timestep is done.
    pub busy: Signal<Out, bool>,
    /// A neuron spiked (registered; at most one per clock, only while busy).
    pub aer_out_valid: Signal<Out, bool>,
    /// The neuron that spiked.
    pub aer_out_addr: Signal<Out, Bits<NEURON_ID_W>>,
    /// The timestep it spiked in.
    pub aer_out_t: Signal<Out, Bits<T_W>>,
    /// How many spikes it fired: 1, or up to 31 for a Xylo neuron (`docs/model.md` §4.2).
    pub aer_out_count: Signal<Out, Bits<COUNT_W>>,
    /// Timesteps completed since reset.
    pub t: Signal<Out, Bits<T_W>>,
    /// Debug read memory, a `cfg_mem` code; `REGISTERS` reads 0, and so do `LEARN_RULES` and
    /// `LEARN_TABLE` in a core without the learning unit.
    pub dbg_mem: Signal<In, Bits<MEM_W>>,
    /// Debug read address.
    pub dbg_addr: Signal<In, Bits<ADDR_W>>,
    /// The word at (`dbg_mem`, `dbg_addr`) two edges after they were set, while idle.
    pub dbg_data: Signal<Out, Bits<DATA_W>>,

    controller: Controller<NB1, DB, RB>,
    router: SynapseRouter<NB, NB1, SB, SB1, DB, RB, W, W1, SYNW, FANW, FB, FB1>,
    neuron_core: NeuronCore,
    profile_table: RegFile<Bits<PROFILE_W>, PB>,
    state_ram: BlockRam<Bits<STATE_W>, NB>,
    fanout_ram: BlockRam<Bits<FANW>, NB1>,
    synapse_ram: SynapseRam<Bits<SYNW>, SB>,
    ring_ram: BlockRam<Bits<SLOT_W>, RB>,
    /// Source ids (`NB1` bits: a pushed event may come from an input channel, §2.1).
    spike_ram: BlockRam<Bits<NB1>, NB>,
    /// The spike count of each entry of `spike_ram` (same address; unread, and dropped by
    /// synthesis, in a core without the Xylo unit, whose counts are all 1).
    spike_cnt_ram: BlockRam<Bits<COUNT_W>, NB>,
    fifo_ram: BlockRam<Bits<FIFO_W>, FB>,
    stdp: StdpTail<NB, NB1, SB, SB1, W, W1, SYNW, FANW, PB, K, TB, AB>,
    learn_rules: RegFile<Bits<RULE_W>, PB>,
    learn_table: BlockRam<Bits<TABLE_W>, TB>,
    last_ram: BlockRam<Bits<32>, NB>,
    learn_en: DFFWithInit<bool>,
    /// Register `extern_spikes` (§2.1; only with the `net` unit).
    extern_spikes: DFFWithInit<bool>,
    sweep_len: DFFWithInit<Bits<SB1>>,
    sweep_step: DFFWithInit<Bits<8>>,
    /// Registers `noise` and `noise_bits` and the draw of `η` (`docs/model.md` §3.1).
    noise: NoiseGen,
    dbg_rule_r: DFF<Bits<RULE_W>>,

    n_neurons: DFFWithInit<Bits<NB1>>,
    fifo_count: DFF<Bits<FB1>>,
    spike_count: DFF<Bits<NB1>>,
    rd_valid: DFF<bool>,
    rd_neuron: DFF<Bits<NB>>,
    out_valid_r: DFF<bool>,
    out_addr_r: DFF<Bits<NEURON_ID_W>>,
    out_t_r: DFF<Bits<T_W>>,
    out_count_r: DFF<Bits<COUNT_W>>,
    dbg_mem_r: DFF<Bits<MEM_W>>,
    dbg_addr_r: DFF<Bits<ADDR_W>>,
    dbg_mem_rr: DFF<Bits<MEM_W>>,
    dbg_profile_r: DFF<Bits<PROFILE_W>>,

    host_write: Signal<Local, bool>,
    ready: Signal<Local, bool>,
    /// The core has the learning unit (preset `learning`); without it the learning phase never
    /// runs and yosys drops the unit and its memories (`docs/model.md` §1). Gated where each use
    /// reads the controller's `learn_run` (a shared local would join those statements into one
    /// combinational block, which Verilator reports as a loop through the unit).
    has_learning: Constant<bool>,
    /// The core has the `net` unit (registers `spike_push` and `extern_spikes`, §2.1).
    has_net: Constant<bool>,
    /// A host write to register `spike_push` that appends an event (§2.1).
    push_we: Signal<Local, bool>,
    /// The update phase puts a spike into the spike buffer (not with `extern_spikes`).
    own_we: Signal<Local, bool>,
    /// `N + M`: the sources a pushed event may name.
    n_sources: Constant<Bits<16>>,
    push_count_lsb: Constant<Bits<8>>,
    /// The state-word bits the core stores (`Preset::stored_state`, `docs/model.md` §1): without
    /// the CUBA datapath `u` is not stored, and yosys drops its block RAM bits and its pipeline
    /// registers, which every read and write of the state memory passes through this mask.
    state_kept: Constant<Bits<STATE_W>>,
    /// The state word read, in the layout of `flux_sim::spec::state` ([`from_ram_layout`]).
    state_rd: Signal<Local, Bits<STATE_W>>,
    /// The state word to write, in that layout ([`to_ram_layout`] stores it).
    state_wr: Signal<Local, Bits<STATE_W>>,
    state_wr_kept: Signal<Local, Bits<STATE_W>>,
    /// The profile word's `kind` field (the noise generator skips CUBA and Izhikevich profiles).
    kind_lsb: Constant<Bits<8>>,
    profile_lsb: Constant<Bits<8>>,
    neuron_bits: Constant<Bits<8>>,
    /// A Xylo neuron's carry into the next ring slot (§4.2): `a_in` = its `thr_off` sign-extended
    /// to 24 bits, `m_in` = its `mod_level`, `e` = 0.
    carry: Signal<Local, Bits<SLOT_W>>,
    one_db: Constant<Bits<DB>>,
    carry_thr_off_lsb: Constant<Bits<8>>,
    carry_mod_level_lsb: Constant<Bits<8>>,
    carry_thr_off_msb: Constant<Bits<8>>,
    carry_m_lsb: Constant<Bits<8>>,
    carry_a_ext: Constant<Bits<SLOT_W>>,
    fifo_full_bit: Constant<Bits<8>>,
    fifo_value_lsb: Constant<Bits<8>>,
    fifo_addr_lsb: Constant<Bits<8>>,
    fifo_inj_lsb: Constant<Bits<8>>,
    // The memory codes of `cfg_mem`/`dbg_mem` and the register addresses, from `flux_sim::spec`
    // (`#[hdl_gen]` cannot name a Rust const, so each is a sized constant).
    mem_profiles: Constant<Bits<MEM_W>>,
    mem_state: Constant<Bits<MEM_W>>,
    mem_fanout: Constant<Bits<MEM_W>>,
    mem_synapses: Constant<Bits<MEM_W>>,
    mem_registers: Constant<Bits<MEM_W>>,
    mem_ring: Constant<Bits<MEM_W>>,
    mem_learn_rules: Constant<Bits<MEM_W>>,
    mem_learn_table: Constant<Bits<MEM_W>>,
    reg_n_neurons: Constant<Bits<ADDR_W>>,
    reg_learn_en: Constant<Bits<ADDR_W>>,
    reg_sweep_len: Constant<Bits<ADDR_W>>,
    reg_sweep_step: Constant<Bits<ADDR_W>>,
    reg_t: Constant<Bits<ADDR_W>>,
    reg_noise: Constant<Bits<ADDR_W>>,
    reg_noise_bits: Constant<Bits<ADDR_W>>,
    reg_spike_push: Constant<Bits<ADDR_W>>,
    reg_extern_spikes: Constant<Bits<ADDR_W>>,
}

/// Bits of a tail slot's age in the learning unit.
pub const fn age_bits(p: &Preset) -> u32 {
    // A valid tail slot's age is below the window L (`docs/model.md` §12.2): `ceil(log2 L)` bits,
    // at least one.
    if p.stdp_window <= 2 {
        1
    } else {
        u32::BITS - (p.stdp_window - 1).leading_zeros()
    }
}

/// Address bits of the learning table memory (`P * L` words, memory 7), at least 1.
pub const fn learn_table_addr_bits(p: &Preset) -> u32 {
    let words = p.learn_table_words();
    if words <= 2 {
        1
    } else {
        u32::BITS - (words - 1).leading_zeros()
    }
}

/// Checks that the const widths `got` equal the preset's.
fn check_width(
    preset: &Preset,
    what: &'static str,
    expected: u32,
    got: usize,
) -> Result<(), CoreError> {
    if expected as usize == got {
        Ok(())
    } else {
        Err(CoreError::WidthMismatch {
            preset: preset.name,
            what,
            expected: expected as usize,
            got,
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
> FluxCore<NB, NB1, SB, SB1, DB, RB, PB, W, W1, SYNW, FANW, FB, FB1, K, TB, AB>
{
    /// An empty core for `preset` (all memories zero, `n_neurons` 0).
    pub fn new(preset: &Preset) -> Result<Self, CoreError> {
        Self::build(preset, &CoreImage::empty(*preset), None)
    }

    /// A core whose memories hold `image` (in simulation, and in Verilog through `$readmemh` of the
    /// files [`init_file_name`]`(module, ..)` when `module` is given).
    pub fn build(
        preset: &Preset,
        image: &CoreImage,
        module: Option<&str>,
    ) -> Result<Self, CoreError> {
        let p = preset;
        check_width(p, "neuron bits", p.neuron_bits(), NB)?;
        check_width(p, "neuron count bits", p.neuron_bits() + 1, NB1)?;
        check_width(p, "synapse address bits", p.synapse_addr_bits(), SB)?;
        check_width(p, "synapse count bits", p.synapse_addr_bits() + 1, SB1)?;
        check_width(p, "delay bits", p.delay_bits(), DB)?;
        check_width(p, "ring address bits", p.delay_bits() + p.neuron_bits(), RB)?;
        check_width(p, "profile bits", p.profile_bits(), PB)?;
        check_width(p, "weight bits", p.weight_bits, W)?;
        check_width(p, "short-term weight bits", p.weight_bits + 1, W1)?;
        check_width(p, "tail entries", p.tail, K)?;
        check_width(
            p,
            "learning table address bits",
            learn_table_addr_bits(p),
            TB,
        )?;
        check_width(p, "tail age bits", age_bits(p), AB)?;
        check_width(p, "synapse word bits", p.synapse_bits(), SYNW)?;
        check_width(p, "fan-out word bits", p.fanout_bits(), FANW)?;
        check_width(
            p,
            "input FIFO address bits",
            p.input_fifo.trailing_zeros(),
            FB,
        )?;
        check_width(
            p,
            "input FIFO count bits",
            p.input_fifo.trailing_zeros() + 1,
            FB1,
        )?;
        if image.preset != *p {
            return Err(CoreError::ImagePreset {
                image: image.preset.name,
                core: p.name,
            });
        }
        if p.channels > p.neurons || p.neurons > 1 << 16 {
            return Err(CoreError::Unsupported {
                preset: p.name,
                what:
                    "the core needs channels <= neurons <= 65536 (sources fit in log2(N) + 1 bits)"
                        .into(),
            });
        }
        let file = |name: &str| module.map(|m| init_file_name(m, name));
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
            controller: Default::default(),
            router: SynapseRouter::new(p),
            neuron_core: NeuronCore::new(p.cuba, p.izh, p.xylo),
            profile_table: RegFile::new(
                image.profiles.iter().map(|&w| wide::<PROFILE_W>(w)),
                file("profiles"),
            ),
            state_ram: BlockRam::new(
                image
                    .state
                    .iter()
                    .map(|&w| wide::<STATE_W>(to_ram_layout(p.stored_state(w)))),
                file("state"),
            ),
            fanout_ram: BlockRam::new(
                image.fanout.iter().map(|&w| Bits::<FANW>::from(w)),
                file("fanout"),
            ),
            synapse_ram: SynapseRam::new(
                if p.learning {
                    RamPorts::ReadAndWrite
                } else {
                    RamPorts::Shared
                },
                image.synapses.iter().map(|&w| Bits::<SYNW>::from(w)),
                file("synapses"),
            ),
            ring_ram: BlockRam::new(std::iter::empty(), None),
            spike_ram: BlockRam::new(std::iter::empty(), None),
            spike_cnt_ram: BlockRam::new(std::iter::empty(), None),
            fifo_ram: BlockRam::new(std::iter::empty(), None),
            stdp: StdpTail::new(p),
            learn_rules: RegFile::new(
                image.learn_rules.iter().map(|&w| Bits::<RULE_W>::from(w)),
                file("learn_rules"),
            ),
            learn_table: BlockRam::new(
                image
                    .learn_table
                    .iter()
                    .map(|&w| Bits::<TABLE_W>::from(w as u64)),
                file("learn_table"),
            ),
            last_ram: BlockRam::new(std::iter::empty(), None),
            learn_en: DFFWithInit::new(image.learn_en),
            extern_spikes: DFFWithInit::new(false),
            sweep_len: DFFWithInit::new(Bits::<SB1>::from(
                image.sweep_len as u64 & ((1u64 << SB1) - 1),
            )),
            sweep_step: DFFWithInit::new(Bits::<8>::from(image.sweep_step as u64 & 0xff)),
            noise: NoiseGen::new(p, image.noise, image.noise_bits),
            dbg_rule_r: Default::default(),
            n_neurons: DFFWithInit::new(Bits::<NB1>::from(image.n_neurons as u64)),
            fifo_count: Default::default(),
            spike_count: Default::default(),
            rd_valid: Default::default(),
            rd_neuron: Default::default(),
            out_valid_r: Default::default(),
            out_addr_r: Default::default(),
            out_t_r: Default::default(),
            out_count_r: Default::default(),
            dbg_mem_r: Default::default(),
            dbg_addr_r: Default::default(),
            dbg_mem_rr: Default::default(),
            dbg_profile_r: Default::default(),
            host_write: Default::default(),
            ready: Default::default(),
            has_learning: Constant::new(p.learning),
            has_net: Constant::new(p.net),
            push_we: Default::default(),
            own_we: Default::default(),
            n_sources: Constant::new(Bits::<16>::from(u64::from(p.sources()))),
            push_count_lsb: Constant::new(Bits::<8>::from(u64::from(spec::spike_push::COUNT.lsb))),
            state_kept: Constant::new(wide::<STATE_W>(p.stored_state(u128::MAX))),
            state_rd: Default::default(),
            state_wr: Default::default(),
            state_wr_kept: Default::default(),
            kind_lsb: Constant::new(Bits::<8>::from(u64::from(spec::profile::KIND.lsb))),
            profile_lsb: Constant::new(Bits::<8>::from(spec::state::PROFILE.lsb as u64)),
            neuron_bits: Constant::new(Bits::<8>::from(NB as u64)),
            carry: Default::default(),
            one_db: Constant::new(Bits::<DB>::from(1u64)),
            carry_thr_off_lsb: Constant::new(Bits::<8>::from(u64::from(spec::state::THR_OFF.lsb))),
            carry_mod_level_lsb: Constant::new(Bits::<8>::from(u64::from(
                spec::state::MOD_LEVEL.lsb,
            ))),
            carry_thr_off_msb: Constant::new(Bits::<8>::from(u64::from(
                spec::state::THR_OFF.lsb + 15,
            ))),
            carry_m_lsb: Constant::new(Bits::<8>::from(u64::from(spec::slot::M_IN.lsb))),
            carry_a_ext: Constant::new(Bits::<SLOT_W>::from(0xFF_0000u64)),
            fifo_full_bit: Constant::new(Bits::<8>::from(FB as u64)),
            fifo_value_lsb: Constant::new(Bits::<8>::from(fifo::VALUE.lsb as u64)),
            fifo_addr_lsb: Constant::new(Bits::<8>::from(fifo::ADDR.lsb as u64)),
            fifo_inj_lsb: Constant::new(Bits::<8>::from(fifo::INJ.lsb as u64)),
            mem_profiles: mem_code(spec::mem::PROFILES),
            mem_state: mem_code(spec::mem::STATE),
            mem_fanout: mem_code(spec::mem::FANOUT),
            mem_synapses: mem_code(spec::mem::SYNAPSES),
            mem_registers: mem_code(spec::mem::REGISTERS),
            mem_ring: mem_code(spec::mem::RING),
            mem_learn_rules: mem_code(spec::mem::LEARN_RULES),
            mem_learn_table: mem_code(spec::mem::LEARN_TABLE),
            reg_n_neurons: reg_addr(spec::reg::N_NEURONS),
            reg_learn_en: reg_addr(spec::reg::LEARN_EN),
            reg_sweep_len: reg_addr(spec::reg::SWEEP_LEN),
            reg_sweep_step: reg_addr(spec::reg::SWEEP_STEP),
            reg_t: reg_addr(spec::reg::T),
            reg_noise: reg_addr(spec::reg::NOISE),
            reg_noise_bits: reg_addr(spec::reg::NOISE_BITS),
            reg_spike_push: reg_addr(spec::reg::SPIKE_PUSH),
            reg_extern_spikes: reg_addr(spec::reg::EXTERN_SPIKES),
        })
    }

    /// The simulated neuron state word of `neuron` (tests).
    pub fn peek_state(&self, neuron: u64) -> u128 {
        from_ram_layout(self.state_ram.peek(neuron).to_u128())
    }

    /// The simulated ring slot word at `{slot, neuron}` (tests).
    pub fn peek_ring(&self, slot: u64, neuron: u64) -> u128 {
        self.ring_ram.peek((slot << NB) | neuron).to_u128()
    }
}

/// The block RAM's layout of a state word: `spec::state`'s with `u` moved to the top bits, so that
/// a core that does not store it (`Preset::stored_state`) leaves whole block RAMs unused. The
/// kernel of [`FluxCore`] applies the same permutation to every write and its inverse
/// ([`from_ram_layout`]) to every read; these two serve the initial image and `peek_state`.
fn to_ram_layout(w: u128) -> u128 {
    let low = w & ((1 << U_LSB) - 1);
    let u = (w >> U_LSB) & ((1 << U_BITS) - 1);
    low | ((w >> U_END) << U_LSB) | (u << RAM_U_LSB)
}

/// The inverse of [`to_ram_layout`].
fn from_ram_layout(r: u128) -> u128 {
    let low = r & ((1 << U_LSB) - 1);
    let rest = (r >> U_LSB) & ((1 << (RAM_U_LSB - U_LSB)) - 1);
    let u = (r >> RAM_U_LSB) & ((1 << U_BITS) - 1);
    low | (u << U_LSB) | (rest << U_END)
}

const U_LSB: u32 = spec::state::U.lsb;
const U_BITS: u32 = spec::state::U.width;
const U_END: u32 = spec::state::U.end();
/// Where `u` sits in the block RAM's word: its top `U_BITS` bits.
const RAM_U_LSB: u32 = STATE_W as u32 - U_BITS;
// The kernel's literals (24, 25, 49, 51, 75) are these.
const _: () = assert!(U_LSB == 24 && U_BITS == 25 && U_END == 49 && RAM_U_LSB == 75);
const _: () = assert!(STATE_W as u32 - U_END == 51);

/// A `Bits<N>` holding the low `N` bits of `w` (words wider than 64 bits).
fn wide<const N: usize>(w: u128) -> Bits<N> {
    let lo = Bits::<N>::from(w as u64);
    if N > 64 {
        (Bits::<N>::from((w >> 64) as u64) << 64) | lo
    } else {
        lo
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
> Logic for FluxCore<NB, NB1, SB, SB1, DB, RB, PB, W, W1, SYNW, FANW, FB, FB1, K, TB, AB>
{
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(
            self,
            clock,
            fifo_count,
            spike_count,
            rd_valid,
            rd_neuron,
            out_valid_r,
            out_addr_r,
            out_t_r,
            out_count_r,
            dbg_mem_r,
            dbg_addr_r,
            dbg_mem_rr,
            dbg_profile_r,
            dbg_rule_r
        );
        // The state word read, from the block RAM's layout (see the write below) back to
        // `spec::state`'s, and what the core does not store (`state_kept`) read as 0.
        self.state_rd.next =
            (bit_cast::<STATE_W, 24>(self.state_ram.read_data.val().get_bits::<24>(0))
                | (bit_cast::<STATE_W, 25>(self.state_ram.read_data.val().get_bits::<25>(75))
                    << 24)
                | (bit_cast::<STATE_W, 51>(self.state_ram.read_data.val().get_bits::<51>(24))
                    << 49))
                & self.state_kept.val();
        self.n_neurons.clock.next = self.clock.val();
        self.n_neurons.d.next = self.n_neurons.q.val();
        self.controller.clock.next = self.clock.val();
        self.router.clock.next = self.clock.val();
        self.neuron_core.clock.next = self.clock.val();
        self.profile_table.clock.next = self.clock.val();
        self.state_ram.clock.next = self.clock.val();
        self.fanout_ram.clock.next = self.clock.val();
        self.synapse_ram.clock.next = self.clock.val();
        self.ring_ram.clock.next = self.clock.val();
        self.spike_ram.clock.next = self.clock.val();
        self.spike_cnt_ram.clock.next = self.clock.val();
        self.fifo_ram.clock.next = self.clock.val();
        self.stdp.clock.next = self.clock.val();
        self.learn_rules.clock.next = self.clock.val();
        self.learn_table.clock.next = self.clock.val();
        self.last_ram.clock.next = self.clock.val();
        self.learn_en.clock.next = self.clock.val();
        self.learn_en.d.next = self.learn_en.q.val();
        self.extern_spikes.clock.next = self.clock.val();
        self.extern_spikes.d.next = self.extern_spikes.q.val();
        self.sweep_len.clock.next = self.clock.val();
        self.sweep_len.d.next = self.sweep_len.q.val();
        self.sweep_step.clock.next = self.clock.val();
        self.sweep_step.d.next = self.sweep_step.q.val();
        self.noise.clock.next = self.clock.val();
        self.noise.reset.next = self.reset.val();

        // ---- Controller.
        self.controller.reset.next = self.reset.val();
        self.neuron_core.reset.next = self.reset.val();
        self.controller.tick.next = self.tick.val();
        self.controller.events_done.next = self.router.events_done.val();
        self.controller.n_neurons.next = self.n_neurons.q.val();
        self.controller.learn_en.next = self.learn_en.q.val() && self.has_learning.val();
        self.controller.learn_done.next = self.stdp.done.val() && self.has_learning.val();
        // Register `t`: the next timestep (`docs/model.md` §7).
        self.controller.t_load.next = self.cfg_we.val()
            && !self.reset.val()
            && !self.controller.busy.val()
            && (self.cfg_mem.val() == self.mem_registers.val())
            && (self.cfg_addr.val() == self.reg_t.val());
        self.controller.t_load_value.next = self.cfg_data.val().get_bits::<32>(0);
        self.busy.next = self.controller.busy.val();
        self.t.next = self.controller.t.val();

        // ---- Host writes (only while idle).
        self.host_write.next =
            self.cfg_we.val() && !self.controller.busy.val() && !self.reset.val();
        if self.host_write.val()
            && (self.cfg_mem.val() == self.mem_registers.val())
            && (self.cfg_addr.val() == self.reg_n_neurons.val())
        {
            self.n_neurons.d.next = self.cfg_data.val().get_bits::<NB1>(0);
        }
        if self.host_write.val()
            && (self.cfg_mem.val() == self.mem_registers.val())
            && (self.cfg_addr.val() == self.reg_learn_en.val())
        {
            self.learn_en.d.next = self.cfg_data.val().get_bit(0);
        }
        if self.host_write.val()
            && (self.cfg_mem.val() == self.mem_registers.val())
            && (self.cfg_addr.val() == self.reg_sweep_len.val())
        {
            self.sweep_len.d.next = self.cfg_data.val().get_bits::<SB1>(0);
        }
        if self.host_write.val()
            && (self.cfg_mem.val() == self.mem_registers.val())
            && (self.cfg_addr.val() == self.reg_sweep_step.val())
        {
            self.sweep_step.d.next = self.cfg_data.val().get_bits::<8>(0);
        }
        if self.host_write.val()
            && self.has_net.val()
            && (self.cfg_mem.val() == self.mem_registers.val())
            && (self.cfg_addr.val() == self.reg_extern_spikes.val())
        {
            self.extern_spikes.d.next = self.cfg_data.val().get_bit(0);
        }
        // `spike_push` (§2.1): a source the core has, a count of 1..=31, room in the buffer.
        self.push_we.next = self.host_write.val()
            && self.has_net.val()
            && (self.cfg_mem.val() == self.mem_registers.val())
            && (self.cfg_addr.val() == self.reg_spike_push.val())
            && (self.cfg_data.val().get_bits::<16>(0) < self.n_sources.val())
            && (self
                .cfg_data
                .val()
                .get_bits::<COUNT_W>(self.push_count_lsb.val().index())
                .any())
            && !self
                .spike_count
                .q
                .val()
                .get_bit(self.neuron_bits.val().index());
        self.noise.cfg_we_state.next = self.host_write.val()
            && (self.cfg_mem.val() == self.mem_registers.val())
            && (self.cfg_addr.val() == self.reg_noise.val());
        self.noise.cfg_we_bits.next = self.host_write.val()
            && (self.cfg_mem.val() == self.mem_registers.val())
            && (self.cfg_addr.val() == self.reg_noise_bits.val());
        self.noise.cfg_value.next = self.cfg_data.val().get_bits::<32>(0);

        // ---- Learning unit (`docs/model.md` §12): the tail records every timestep; the learning
        // phase owns the fan-out, synapse, state, `last`, rule and table ports while it runs.
        self.stdp.clear.next = self.reset.val()
            || (self.host_write.val()
                && (self.cfg_mem.val() == self.mem_registers.val())
                && (self.cfg_addr.val() == self.reg_n_neurons.val()));
        self.stdp.age_step.next = self.controller.tick_taken.val();
        self.stdp.push.next = self.router.push_valid.val();
        self.stdp.push_src.next = self.router.push_src.val();
        self.stdp.run.next = self.controller.learn_run.val() && self.has_learning.val();
        self.stdp.t.next = self.controller.t.val();
        self.stdp.spiked.next = self.spike_count.q.val().any();
        self.stdp.sweep_len.next = self.sweep_len.q.val();
        self.stdp.sweep_step.next = self.sweep_step.q.val();
        self.stdp.fanout_rd_data.next = self.fanout_ram.read_data.val();
        self.stdp.syn_rd_data.next = self.synapse_ram.read_data.val();
        self.stdp.state_rd_data.next = self.state_rd.val();
        self.stdp.last_rd_data.next = self.last_ram.read_data.val();
        self.stdp.rule_data.next = self.learn_rules.read_data.val();
        self.stdp.table_rd_data.next = self.learn_table.read_data.val();
        self.learn_rules.read_address.next = self.dbg_addr_r.q.val().get_bits::<PB>(0);
        self.learn_table.read_address.next = self.dbg_addr_r.q.val().get_bits::<TB>(0);
        if self.controller.busy.val() {
            self.learn_rules.read_address.next = self.stdp.rule_addr.val();
            self.learn_table.read_address.next = self.stdp.table_rd_addr.val();
        }
        self.learn_rules.write_address.next = self.cfg_addr.val().get_bits::<PB>(0);
        self.learn_rules.write_data.next = self.cfg_data.val().get_bits::<RULE_W>(0);
        self.learn_rules.write_enable.next =
            self.host_write.val() && (self.cfg_mem.val() == self.mem_learn_rules.val());
        self.learn_table.write_address.next = self.cfg_addr.val().get_bits::<TB>(0);
        self.learn_table.write_data.next = self.cfg_data.val().get_bits::<TABLE_W>(0);
        self.learn_table.write_enable.next =
            self.host_write.val() && (self.cfg_mem.val() == self.mem_learn_table.val());
        self.dbg_rule_r.d.next = self.learn_rules.read_data.val();
        // last[n] = t + 1 when neuron n spikes (written with its state); loading n's state word
        // clears it (§12.1).
        self.last_ram.read_address.next = self.stdp.last_rd_addr.val();
        self.last_ram.write_address.next = self.cfg_addr.val().get_bits::<NB>(0);
        self.last_ram.write_data.next = 0.into();
        self.last_ram.write_enable.next =
            self.host_write.val() && (self.cfg_mem.val() == self.mem_state.val());
        if self.neuron_core.out_valid.val() && self.neuron_core.out_spike.val() {
            self.last_ram.write_address.next = self.neuron_core.out_tag.val().get_bits::<NB>(0);
            self.last_ram.write_data.next = self.controller.t.val() + 1;
            self.last_ram.write_enable.next = true;
        }

        // ---- Input FIFO: accepted while idle, not full, and not in the tick cycle.
        self.ready.next = !self.controller.busy.val()
            && !self.tick.val()
            && !self.reset.val()
            && !self
                .fifo_count
                .q
                .val()
                .get_bit(self.fifo_full_bit.val().index());
        self.aer_in_ready.next = self.ready.val();
        self.fifo_ram.write_address.next = self.fifo_count.q.val().get_bits::<FB>(0);
        // The word of `flux_sim::spec::fifo`, each `aer_in_*` port in the field of its name.
        self.fifo_ram.write_data.next =
            (bit_cast::<FIFO_W, { w(fifo::VALUE) }>(self.aer_in_value.val())
                << self.fifo_value_lsb.val())
                | (bit_cast::<FIFO_W, { w(fifo::ADDR) }>(self.aer_in_addr.val())
                    << self.fifo_addr_lsb.val())
                | (bit_cast::<FIFO_W, { w(fifo::INJ) }>(self.aer_in_inj.val().into())
                    << self.fifo_inj_lsb.val());
        self.fifo_ram.write_enable.next = self.aer_in_valid.val() && self.ready.val();
        if self.aer_in_valid.val() && self.ready.val() {
            self.fifo_count.d.next = self.fifo_count.q.val() + 1;
        }
        if self.controller.route_end.val() || self.reset.val() {
            self.fifo_count.d.next = 0.into();
        }
        self.fifo_ram.read_address.next = self.router.fifo_rd_addr.val();

        // ---- Router.
        self.router.run.next = self.controller.route_run.val();
        self.router.t_slot.next = self.controller.t_slot.val();
        self.router.fifo_count.next = self.fifo_count.q.val();
        self.router.spike_count.next = self.spike_count.q.val();
        self.router.fifo_rd_data.next = self.fifo_ram.read_data.val();
        self.router.spike_rd_data.next = self.spike_ram.read_data.val();
        self.router.spike_rd_count.next = self.spike_cnt_ram.read_data.val();
        self.router.fanout_rd_data.next = self.fanout_ram.read_data.val();
        self.router.syn_rd_data.next = self.synapse_ram.read_data.val();
        self.router.ring_rd_data.next = self.ring_ram.read_data.val();
        self.spike_ram.read_address.next = self.router.spike_rd_addr.val();
        self.spike_cnt_ram.read_address.next = self.router.spike_rd_addr.val();

        // ---- Debug reads: inputs registered at the first edge, memories read at the second.
        self.dbg_mem_r.d.next = self.dbg_mem.val();
        self.dbg_addr_r.d.next = self.dbg_addr.val();
        self.dbg_mem_rr.d.next = self.dbg_mem_r.q.val();

        // ---- Fan-out table and synapse memory: router while busy, debug while idle.
        self.fanout_ram.read_address.next = self.dbg_addr_r.q.val().get_bits::<NB1>(0);
        self.synapse_ram.read_address.next = self.dbg_addr_r.q.val().get_bits::<SB>(0);
        if self.controller.busy.val() {
            self.fanout_ram.read_address.next = self.router.fanout_rd_addr.val();
            self.synapse_ram.read_address.next = self.router.syn_rd_addr.val();
        }
        if self.controller.learn_run.val() && self.has_learning.val() {
            self.fanout_ram.read_address.next = self.stdp.fanout_rd_addr.val();
            self.synapse_ram.read_address.next = self.stdp.syn_rd_addr.val();
        }
        self.fanout_ram.write_address.next = self.cfg_addr.val().get_bits::<NB1>(0);
        self.fanout_ram.write_data.next = self.cfg_data.val().get_bits::<FANW>(0);
        self.fanout_ram.write_enable.next =
            self.host_write.val() && (self.cfg_mem.val() == self.mem_fanout.val());
        // Host writes happen only while idle (`host_write`), when the router does not read the
        // synapse memory; with one shared port a write takes the address from a debug read (whose
        // `dbg_data` is then undefined, `hdl/README.md`). The learning phase reads and writes it
        // alone, never one address at one edge (`stdp_tail.rs`).
        self.synapse_ram.write_address.next = self.cfg_addr.val().get_bits::<SB>(0);
        self.synapse_ram.write_data.next = self.cfg_data.val().get_bits::<SYNW>(0);
        self.synapse_ram.write_enable.next =
            self.host_write.val() && (self.cfg_mem.val() == self.mem_synapses.val());
        if self.controller.learn_run.val() && self.has_learning.val() {
            self.synapse_ram.write_address.next = self.stdp.syn_wr_addr.val();
            self.synapse_ram.write_data.next = self.stdp.syn_wr_data.val();
            self.synapse_ram.write_enable.next = self.stdp.syn_we.val();
        }

        // ---- Update phase: read state and slot (cycle k), feed the datapath (cycle k+1).
        self.rd_valid.d.next = self.controller.update_read.val() && !self.reset.val();
        self.rd_neuron.d.next = self.controller.update_neuron.val().get_bits::<NB>(0);
        self.state_ram.read_address.next = self.dbg_addr_r.q.val().get_bits::<NB>(0);
        self.ring_ram.read_address.next = self.dbg_addr_r.q.val().get_bits::<RB>(0);
        if self.controller.busy.val() {
            self.ring_ram.read_address.next = self.router.ring_rd_addr.val();
        }
        if self.controller.learn_run.val() && self.has_learning.val() {
            self.state_ram.read_address.next = self.stdp.state_rd_addr.val();
        }
        if self.controller.update_read.val() {
            self.state_ram.read_address.next =
                self.controller.update_neuron.val().get_bits::<NB>(0);
            self.ring_ram.read_address.next = (bit_cast::<RB, DB>(self.controller.t_slot.val())
                << self.neuron_bits.val())
                | bit_cast::<RB, NB>(self.controller.update_neuron.val().get_bits::<NB>(0));
        }
        self.profile_table.read_address.next = self.dbg_addr_r.q.val().get_bits::<PB>(0);
        if self.controller.busy.val() {
            self.profile_table.read_address.next = self
                .state_rd
                .val()
                .get_bits::<PB>(self.profile_lsb.val().index());
        }
        self.dbg_profile_r.d.next = self.profile_table.read_data.val();
        self.neuron_core.in_valid.next = self.rd_valid.q.val();
        self.neuron_core.in_tag.next = bit_cast::<16, NB>(self.rd_neuron.q.val());
        self.neuron_core.in_profile.next = self.profile_table.read_data.val();
        self.neuron_core.in_state.next = self.state_rd.val();
        self.neuron_core.in_slot.next = self.ring_ram.read_data.val();

        // ---- Noise (`docs/model.md` §3.1): the neuron entering the datapath draws `η`.
        self.noise.in_valid.next = self.rd_valid.q.val();
        self.noise.in_profile.next = bit_cast::<PROFILE_INDEX_W, PB>(
            self.state_rd
                .val()
                .get_bits::<PB>(self.profile_lsb.val().index()),
        );
        self.noise.in_kind.next = self
            .profile_table
            .read_data
            .val()
            .get_bits::<KIND_W>(self.kind_lsb.val().index());
        self.neuron_core.in_noise.next = self.noise.eta.val();

        // Ring writes: the update phase's clear, the router, or the host.
        self.ring_ram.write_address.next = self.cfg_addr.val().get_bits::<RB>(0);
        self.ring_ram.write_data.next = self.cfg_data.val().get_bits::<SLOT_W>(0);
        self.ring_ram.write_enable.next =
            self.host_write.val() && (self.cfg_mem.val() == self.mem_ring.val());
        if self.router.ring_we.val() {
            self.ring_ram.write_address.next = self.router.ring_wr_addr.val();
            self.ring_ram.write_data.next = self.router.ring_wr_data.val();
            self.ring_ram.write_enable.next = true;
        }
        self.carry.next = bit_cast::<SLOT_W, 16>(
            self.neuron_core
                .out_state
                .val()
                .get_bits::<16>(self.carry_thr_off_lsb.val().index()),
        ) | (bit_cast::<SLOT_W, 16>(
            self.neuron_core
                .out_state
                .val()
                .get_bits::<16>(self.carry_mod_level_lsb.val().index()),
        ) << self.carry_m_lsb.val());
        if self
            .neuron_core
            .out_state
            .val()
            .get_bit(self.carry_thr_off_msb.val().index())
        {
            self.carry.next = self.carry.val() | self.carry_a_ext.val();
        }
        // The update phase writes a neuron's slot as its result leaves the datapath: 0 into its
        // slot `t mod D`, or, for a Xylo neuron, its decayed currents (the new state's `thr_off`
        // and `mod_level`) into slot `(t + 1) mod D`, leaving its own slot as it is (§4.2).
        if self.neuron_core.out_valid.val() {
            self.ring_ram.write_address.next = (bit_cast::<RB, DB>(self.controller.t_slot.val())
                << self.neuron_bits.val())
                | bit_cast::<RB, NB>(self.neuron_core.out_tag.val().get_bits::<NB>(0));
            self.ring_ram.write_data.next = 0.into();
            if self.neuron_core.out_xylo.val() {
                self.ring_ram.write_address.next =
                    (bit_cast::<RB, DB>(self.controller.t_slot.val() + self.one_db.val())
                        << self.neuron_bits.val())
                        | bit_cast::<RB, NB>(self.neuron_core.out_tag.val().get_bits::<NB>(0));
                self.ring_ram.write_data.next = self.carry.val();
            }
            self.ring_ram.write_enable.next = true;
        }
        // The reset's clear comes last: a router or update write still in flight when `reset`
        // was sampled loses the port to it (and lands nowhere).
        if self.controller.clear_run.val() {
            self.ring_ram.write_address.next = self.controller.clear_addr.val();
            self.ring_ram.write_data.next = 0.into();
            self.ring_ram.write_enable.next = true;
        }

        // State writes: the datapath's result, or the host.
        self.state_ram.write_address.next = self.cfg_addr.val().get_bits::<NB>(0);
        self.state_wr.next = self.cfg_data.val().get_bits::<STATE_W>(0);
        self.state_ram.write_enable.next =
            self.host_write.val() && (self.cfg_mem.val() == self.mem_state.val());
        if self.neuron_core.out_valid.val() {
            self.state_ram.write_address.next = self.neuron_core.out_tag.val().get_bits::<NB>(0);
            self.state_wr.next = self.neuron_core.out_state.val();
            self.state_ram.write_enable.next = true;
        }
        // Stored in the block RAM's layout: `u` in the top bits, where, in a core without the CUBA
        // datapath (`state_kept`), its constant bits leave whole block RAMs unused (yosys drops them).
        self.state_wr_kept.next = self.state_wr.val() & self.state_kept.val();
        self.state_ram.write_data.next =
            bit_cast::<STATE_W, 24>(self.state_wr_kept.val().get_bits::<24>(0))
                | (bit_cast::<STATE_W, 51>(self.state_wr_kept.val().get_bits::<51>(49)) << 24)
                | (bit_cast::<STATE_W, 25>(self.state_wr_kept.val().get_bits::<25>(24)) << 75);
        self.profile_table.write_address.next = self.cfg_addr.val().get_bits::<PB>(0);
        self.profile_table.write_data.next = self.cfg_data.val().get_bits::<PROFILE_W>(0);
        self.profile_table.write_enable.next =
            self.host_write.val() && (self.cfg_mem.val() == self.mem_profiles.val());

        // Spikes: into the spike buffer (routed next timestep; not with `extern_spikes`) and out
        // on aer_out. A `spike_push` appends its event while idle (§2.1).
        self.own_we.next = self.neuron_core.out_valid.val()
            && self.neuron_core.out_spike.val()
            && !self.extern_spikes.q.val();
        self.spike_ram.write_address.next = self.spike_count.q.val().get_bits::<NB>(0);
        self.spike_ram.write_data.next =
            bit_cast::<NB1, NB>(self.neuron_core.out_tag.val().get_bits::<NB>(0));
        self.spike_cnt_ram.write_address.next = self.spike_count.q.val().get_bits::<NB>(0);
        self.spike_cnt_ram.write_data.next = self.neuron_core.out_count.val();
        if self.push_we.val() {
            self.spike_ram.write_data.next = self.cfg_data.val().get_bits::<NB1>(0);
            self.spike_cnt_ram.write_data.next = self
                .cfg_data
                .val()
                .get_bits::<COUNT_W>(self.push_count_lsb.val().index());
        }
        self.spike_ram.write_enable.next = self.own_we.val() || self.push_we.val();
        self.spike_cnt_ram.write_enable.next = self.own_we.val() || self.push_we.val();
        if self.own_we.val() || self.push_we.val() {
            self.spike_count.d.next = self.spike_count.q.val() + 1;
        }
        if self.controller.route_end.val() || self.reset.val() {
            self.spike_count.d.next = 0.into();
        }
        self.out_valid_r.d.next = self.neuron_core.out_valid.val()
            && self.neuron_core.out_spike.val()
            && !self.reset.val();
        self.out_addr_r.d.next = self.neuron_core.out_tag.val();
        self.out_t_r.d.next = self.controller.t.val();
        self.out_count_r.d.next = self.neuron_core.out_count.val();
        self.aer_out_count.next = self.out_count_r.q.val();
        self.aer_out_valid.next = self.out_valid_r.q.val();
        self.aer_out_addr.next = self.out_addr_r.q.val();
        self.aer_out_t.next = self.out_t_r.q.val();

        // ---- Debug read mux.
        self.dbg_data.next = 0.into();
        if self.dbg_mem_rr.q.val() == self.mem_profiles.val() {
            self.dbg_data.next = bit_cast::<128, PROFILE_W>(self.dbg_profile_r.q.val());
        }
        if self.dbg_mem_rr.q.val() == self.mem_state.val() {
            self.dbg_data.next = bit_cast::<128, STATE_W>(self.state_rd.val());
        }
        if self.dbg_mem_rr.q.val() == self.mem_fanout.val() {
            self.dbg_data.next = bit_cast::<128, FANW>(self.fanout_ram.read_data.val());
        }
        if self.dbg_mem_rr.q.val() == self.mem_synapses.val() {
            self.dbg_data.next = bit_cast::<128, SYNW>(self.synapse_ram.read_data.val());
        }
        if self.dbg_mem_rr.q.val() == self.mem_ring.val() {
            self.dbg_data.next = bit_cast::<128, SLOT_W>(self.ring_ram.read_data.val());
        }
        if (self.dbg_mem_rr.q.val() == self.mem_learn_rules.val()) && self.has_learning.val() {
            self.dbg_data.next = bit_cast::<128, RULE_W>(self.dbg_rule_r.q.val());
        }
        if (self.dbg_mem_rr.q.val() == self.mem_learn_table.val()) && self.has_learning.val() {
            self.dbg_data.next = bit_cast::<128, TABLE_W>(self.learn_table.read_data.val());
        }
    }
}

/// The generic widths of a preset's core, in the order `FluxCore` and `FluxBoard` take them, every
/// one derived from `flux_sim::spec`: `preset_widths!(P, Type)` is `Type<{...}, ...>` for preset
/// `P`. The one list behind [`crate::preset_core`] and [`crate::preset_board`] (issue 11).
#[macro_export]
#[doc(hidden)]
macro_rules! preset_widths {
    // With `extra` const arguments after the core's (a chip's: `C`, `CB`, `GB`, ...).
    ($p:expr, [$($extra:tt)*], $($ty:tt)+) => {
        $($ty)+<
            { $p.neuron_bits() as usize },
            { $p.neuron_bits() as usize + 1 },
            { $p.synapse_addr_bits() as usize },
            { $p.synapse_addr_bits() as usize + 1 },
            { $p.delay_bits() as usize },
            { ($p.delay_bits() + $p.neuron_bits()) as usize },
            { $p.profile_bits() as usize },
            { $p.weight_bits as usize },
            { $p.weight_bits as usize + 1 },
            { $p.synapse_bits() as usize },
            { $p.fanout_bits() as usize },
            { $p.input_fifo.trailing_zeros() as usize },
            { $p.input_fifo.trailing_zeros() as usize + 1 },
            { $p.tail as usize },
            { $crate::core_top::learn_table_addr_bits(&$p) as usize },
            { $crate::core_top::age_bits(&$p) as usize },
            $($extra)*
        >
    };
    ($p:expr, $($ty:tt)+) => {
        $crate::preset_widths!($p, [], $($ty)+)
    };
}

/// Declares the core type of a preset (a `const` [`Preset`]), every width derived from
/// `flux_sim::spec`. Exported so that tests can build cores of presets that are not shipped.
#[macro_export]
macro_rules! preset_core {
    ($(#[$doc:meta])* $alias:ident, $p:path) => {
        $(#[$doc])*
        pub type $alias = $crate::preset_widths!($p, $crate::core_top::FluxCore);
    };
}

preset_core!(
    /// The core of preset `small`.
    FluxCoreSmall,
    spec::SMALL
);
preset_core!(
    /// The core of preset `up5k`.
    FluxCoreUp5k,
    spec::UP5K
);
preset_core!(
    /// The core of preset `ulx3s`.
    FluxCoreUlx3s,
    spec::ULX3S
);
preset_core!(
    /// The core of preset `large`.
    FluxCoreLarge,
    spec::LARGE
);
