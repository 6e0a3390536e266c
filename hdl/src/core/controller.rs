//! `Controller`: the phases of a timestep (`docs/model.md` §2) and the cycle count of
//! `flux_sim::timing::timestep_cycles`.
//!
//! `Idle` → (`tick`) → `Route` → `Drain` → `Update` → `Flush` → (`Learn` when `learn_en`) → `Idle`;
//! `reset` → `Clear` → `Idle` from any phase.
//! With `k` the edge that samples `tick` (edge 1 of the count), the phases take:
//! - `Route`: one cycle per injection, one per spike event plus one per synapse (the router's
//!   header and stream cycles), plus the cycle in which the router reports `events_done`;
//! - `Drain`: [`timing::RING_DRAIN_CYCLES`] cycles, until the last ring write has landed;
//! - `Update`: one cycle per neuron (`n_neurons`; none when it is 0);
//! - `Flush`: [`timing::UPDATE_FLUSH_CYCLES`] cycles: the memory read, the neuron datapath
//!   ([`NEURON_CORE_LATENCY`]) and the `aer_out` register of the last neuron;
//! - `Learn` (only with `learn_en`, `docs/model.md` §12.3): until the learning unit reports
//!   `learn_done` (`stdp_tail.rs`: `timing::learn_cycles` cycles). The timestep counter `t` moves
//!   on when the phase ends, so the learning unit sees the timestep it learns from.
//!
//! `busy` is the registered "not idle", so it rises after edge 1 and falls after the edge that ends
//! `Flush`: the count is exactly `timestep_cycles` (checked in `hdl/tests/`).
//!
//! **Reset** (`docs/model.md` §7.1): an edge that samples `reset` high sets `t = 0` and enters
//! `Clear` from any phase (`tick` and `t_load` are ignored at it). `Clear` writes 0 to every
//! dendritic-ring word, address `clear_addr` = 0, 1, .., `D × N − 1`, one per edge, and ends with
//! the last: `timing::reset_cycles` counts the reset edge and those `D × N` edges.

use crate::neuron_core::NEURON_CORE_LATENCY;
use flux_sim::timing;
use rust_hdl::prelude::*;

/// Phase of the timestep.
#[derive(Copy, Clone, Debug, PartialEq, LogicState)]
pub enum Phase {
    Idle,
    Route,
    Drain,
    Update,
    Flush,
    Learn,
    Clear,
}

/// The timestep sequencer. `NB1 = log2(N) + 1` (neuron counts `0..=N`), `DB = log2(D)`,
/// `RB = DB + log2(N)` (ring addresses).
#[derive(LogicBlock)]
pub struct Controller<const NB1: usize, const DB: usize, const RB: usize> {
    /// The core clock.
    pub clock: Signal<In, Clock>,
    /// Synchronous reset: `t = 0` and the ring clear start at this edge, whatever the phase.
    pub reset: Signal<In, bool>,
    /// One-cycle pulse from the host: start a timestep (ignored unless idle).
    pub tick: Signal<In, bool>,
    /// From the router: no event is left (combinational, during `Route`).
    pub events_done: Signal<In, bool>,
    /// Neurons updated per timestep (`0..=N`).
    pub n_neurons: Signal<In, Bits<NB1>>,
    /// Register `learn_en`: run the learning phase after the update phase.
    pub learn_en: Signal<In, bool>,
    /// From the learning unit: the last cycle of the learning phase (combinational, during `Learn`).
    pub learn_done: Signal<In, bool>,
    /// A host write of register `t` at this edge (only while idle): the next timestep is
    /// `t_load_value` (`docs/model.md` §7).
    pub t_load: Signal<In, bool>,
    /// The timestep counter's new value, with `t_load`.
    pub t_load_value: Signal<In, Bits<32>>,
    /// The learning phase runs in this cycle.
    pub learn_run: Signal<Out, bool>,
    /// The edge that samples `tick` (the tail ages at it, `docs/model.md` §12.2).
    pub tick_taken: Signal<Out, bool>,
    /// High from the edge that samples `tick` until the timestep is done (registered).
    pub busy: Signal<Out, bool>,
    /// The router runs in this cycle.
    pub route_run: Signal<Out, bool>,
    /// The update phase reads neuron `update_neuron` in this cycle.
    pub update_read: Signal<Out, bool>,
    /// The neuron read in this cycle.
    pub update_neuron: Signal<Out, Bits<NB1>>,
    /// Last cycle before the update phase: clear the spike count and the input-FIFO count.
    pub route_end: Signal<Out, bool>,
    /// Timesteps completed since reset; during a timestep, the timestep being run.
    pub t: Signal<Out, Bits<32>>,
    /// `t mod D`.
    pub t_slot: Signal<Out, Bits<DB>>,
    /// The reset's ring clear writes 0 to ring word `clear_addr` in this cycle.
    pub clear_run: Signal<Out, bool>,
    /// The ring word the clear writes.
    pub clear_addr: Signal<Out, Bits<RB>>,

    phase: DFF<Phase>,
    countdown: DFF<Bits<8>>,
    neuron: DFF<Bits<NB1>>,
    t_count: DFF<Bits<32>>,
    clear_ptr: DFF<Bits<RB>>,
    drain_wait: Constant<Bits<8>>,
    flush_wait: Constant<Bits<8>>,
}

impl<const NB1: usize, const DB: usize, const RB: usize> Default for Controller<NB1, DB, RB> {
    fn default() -> Self {
        // The counters count down to 0, so a phase of k cycles loads k - 1.
        Self {
            clock: Default::default(),
            reset: Default::default(),
            tick: Default::default(),
            events_done: Default::default(),
            n_neurons: Default::default(),
            learn_en: Default::default(),
            learn_done: Default::default(),
            t_load: Default::default(),
            t_load_value: Default::default(),
            learn_run: Default::default(),
            tick_taken: Default::default(),
            busy: Default::default(),
            route_run: Default::default(),
            update_read: Default::default(),
            update_neuron: Default::default(),
            route_end: Default::default(),
            t: Default::default(),
            t_slot: Default::default(),
            clear_run: Default::default(),
            clear_addr: Default::default(),
            phase: Default::default(),
            countdown: Default::default(),
            neuron: Default::default(),
            t_count: Default::default(),
            clear_ptr: Default::default(),
            drain_wait: Constant::new(Bits::<8>::from(timing::RING_DRAIN_CYCLES - 1)),
            flush_wait: Constant::new(Bits::<8>::from(timing::UPDATE_FLUSH_CYCLES - 1)),
        }
    }
}

/// The flush phase covers the read latency, the datapath and the output register.
const _: () = assert!(timing::UPDATE_FLUSH_CYCLES == NEURON_CORE_LATENCY as u64 + 2);

impl<const NB1: usize, const DB: usize, const RB: usize> Logic for Controller<NB1, DB, RB> {
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(self, clock, phase, countdown, neuron, t_count, clear_ptr);
        self.busy.next = self.phase.q.val() != Phase::Idle;
        self.route_run.next = self.phase.q.val() == Phase::Route;
        self.update_read.next = self.phase.q.val() == Phase::Update;
        self.update_neuron.next = self.neuron.q.val();
        self.route_end.next = false;
        self.learn_run.next = self.phase.q.val() == Phase::Learn;
        self.tick_taken.next =
            (self.phase.q.val() == Phase::Idle) && self.tick.val() && !self.reset.val();
        self.clear_run.next = self.phase.q.val() == Phase::Clear;
        self.clear_addr.next = self.clear_ptr.q.val();
        self.t.next = self.t_count.q.val();
        self.t_slot.next = self.t_count.q.val().get_bits::<DB>(0);
        match self.phase.q.val() {
            Phase::Idle => {
                // The host writes registers between timesteps (`hdl/README.md`); were a write and
                // a tick sampled at one edge, the timestep would run with the written `t`, which
                // `Route` reads from the register after this edge.
                if self.t_load.val() {
                    self.t_count.d.next = self.t_load_value.val();
                }
                if self.tick.val() {
                    self.phase.d.next = Phase::Route;
                }
            }
            Phase::Route => {
                if self.events_done.val() {
                    self.phase.d.next = Phase::Drain;
                    self.countdown.d.next = self.drain_wait.val();
                }
            }
            Phase::Drain => {
                self.countdown.d.next = self.countdown.q.val() - 1;
                if !self.countdown.q.val().any() {
                    self.route_end.next = true;
                    self.neuron.d.next = 0.into();
                    if self.n_neurons.val().any() {
                        self.phase.d.next = Phase::Update;
                    } else {
                        self.phase.d.next = Phase::Flush;
                        self.countdown.d.next = self.flush_wait.val();
                    }
                }
            }
            Phase::Update => {
                self.neuron.d.next = self.neuron.q.val() + 1;
                if (self.neuron.q.val() + 1) == self.n_neurons.val() {
                    self.phase.d.next = Phase::Flush;
                    self.countdown.d.next = self.flush_wait.val();
                }
            }
            Phase::Flush => {
                self.countdown.d.next = self.countdown.q.val() - 1;
                if !self.countdown.q.val().any() {
                    if self.learn_en.val() {
                        self.phase.d.next = Phase::Learn;
                    } else {
                        self.phase.d.next = Phase::Idle;
                        self.t_count.d.next = self.t_count.q.val() + 1;
                    }
                }
            }
            Phase::Learn => {
                if self.learn_done.val() {
                    self.phase.d.next = Phase::Idle;
                    self.t_count.d.next = self.t_count.q.val() + 1;
                }
            }
            Phase::Clear => {
                // Ends with the last ring word (all ones: `D × N` is a power of two).
                self.clear_ptr.d.next = self.clear_ptr.q.val() + 1;
                if !(!self.clear_ptr.q.val()).any() {
                    self.phase.d.next = Phase::Idle;
                }
            }
        }
        if self.reset.val() {
            self.phase.d.next = Phase::Clear;
            self.clear_ptr.d.next = 0.into();
            self.t_count.d.next = 0.into();
            self.countdown.d.next = 0.into();
            self.neuron.d.next = 0.into();
        }
    }
}
