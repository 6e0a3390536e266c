//! `NeuronCore`: the pipelined neuron datapath (`docs/model.md` §3 FLUX, §4 CUBA).
//!
//! INTERFACE ONLY (first commit): the ports and the latency are final, but the body is a plain delay
//! line that returns `in_state` unchanged and never spikes. It is NOT yet the datapath.
//!
//! One neuron per clock, no stalls, [`NEURON_CORE_LATENCY`]-cycle pipeline.

use flux_sim::spec::{PROFILE_BITS, SLOT_BITS, STATE_BITS};
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

/// The neuron datapath: one neuron update per clock.
#[derive(LogicBlock)]
pub struct NeuronCore {
    /// The clock.
    pub clock: Signal<In, Clock>,
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
    /// `out_*` carry an updated neuron in this cycle.
    pub out_valid: Signal<Out, Bit>,
    /// The `in_tag` of the neuron on `out_*`.
    pub out_tag: Signal<Out, Bits<TAG_W>>,
    /// The updated state word.
    pub out_state: Signal<Out, Bits<STATE_W>>,
    /// The neuron spiked in this update.
    pub out_spike: Signal<Out, Bit>,
    valid_pipe: [DFF<Bit>; NEURON_CORE_LATENCY],
    tag_pipe: [DFF<Bits<TAG_W>>; NEURON_CORE_LATENCY],
    state_pipe: [DFF<Bits<STATE_W>>; NEURON_CORE_LATENCY],
}

impl Default for NeuronCore {
    fn default() -> Self {
        Self {
            clock: Default::default(),
            in_valid: Default::default(),
            in_tag: Default::default(),
            in_profile: Default::default(),
            in_state: Default::default(),
            in_slot: Default::default(),
            out_valid: Default::default(),
            out_tag: Default::default(),
            out_state: Default::default(),
            out_spike: Default::default(),
            valid_pipe: std::array::from_fn(|_| Default::default()),
            tag_pipe: std::array::from_fn(|_| Default::default()),
            state_pipe: std::array::from_fn(|_| Default::default()),
        }
    }
}

impl Logic for NeuronCore {
    #[hdl_gen]
    fn update(&mut self) {
        for i in 0..NEURON_CORE_LATENCY {
            self.valid_pipe[i].clock.next = self.clock.val();
            self.tag_pipe[i].clock.next = self.clock.val();
            self.state_pipe[i].clock.next = self.clock.val();
        }
        self.valid_pipe[0].d.next = self.in_valid.val();
        self.tag_pipe[0].d.next = self.in_tag.val();
        self.state_pipe[0].d.next = self.in_state.val();
        for i in 1..NEURON_CORE_LATENCY {
            self.valid_pipe[i].d.next = self.valid_pipe[i - 1].q.val();
            self.tag_pipe[i].d.next = self.tag_pipe[i - 1].q.val();
            self.state_pipe[i].d.next = self.state_pipe[i - 1].q.val();
        }
        self.out_valid.next = self.valid_pipe[NEURON_CORE_LATENCY - 1].q.val();
        self.out_tag.next = self.tag_pipe[NEURON_CORE_LATENCY - 1].q.val();
        self.out_state.next = self.state_pipe[NEURON_CORE_LATENCY - 1].q.val();
        self.out_spike.next = false;
    }
}
