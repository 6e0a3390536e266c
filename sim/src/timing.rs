//! Cycle counts: how many clock cycles the hardware takes for one timestep (`docs/model.md` §7).
//! This is the single definition; the hardware's controller is built to produce exactly this count,
//! and cosimulation checks it every timestep.

/// The work of one timestep, as counted by the router and the controller.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StepWork {
    /// External current injections delivered.
    pub injections: u64,
    /// Spike events routed (external channel spikes plus last timestep's neuron spikes).
    pub spike_events: u64,
    /// Synapse words streamed (sum of the fan-out counts of the routed spike events).
    pub synapses: u64,
    /// Neurons updated (`n_neurons`).
    pub neurons: u64,
}

/// Fixed cycles per timestep: the tick cycle, phase changes and pipeline drains. PROVISIONAL: the
/// hardware owner sets the final value.
pub const FIXED_CYCLES: u64 = 8;
/// Cycles per routed spike event beyond its synapses (the fan-out pointer lookup). PROVISIONAL.
pub const EVENT_CYCLES: u64 = 1;
/// Cycles per current injection. PROVISIONAL.
pub const INJECTION_CYCLES: u64 = 1;

/// Clock cycles of one timestep, from the edge that samples `tick` to the edge after which `busy` is low.
pub const fn timestep_cycles(w: &StepWork) -> u64 {
    FIXED_CYCLES + w.injections * INJECTION_CYCLES + w.spike_events * EVENT_CYCLES + w.synapses + w.neurons
}
