//! Cycle counts: how many clock cycles the hardware takes for one timestep (`docs/model.md` §7).
//! This is the single definition; the hardware's controller (`hdl/src/core/controller.rs`) is built to
//! produce exactly this count, and cosimulation checks it every timestep.
//!
//! The count starts at the edge that samples `tick` (counted as 1) and ends with the edge after
//! which `busy` is low. A timestep costs
//!
//! ```text
//! FIXED_CYCLES + injections + spike_events + synapses + neurons      (FIXED_CYCLES = 11)
//! ```
//!
//! i.e. one cycle per current injection, one header cycle per spike event (its fan-out lookup)
//! plus one cycle per synapse streamed, one cycle per neuron updated, and a fixed overhead.
//!
//! With `learn_en = 1` the learning phase (`docs/model.md` §12.4) adds
//!
//! ```text
//! LEARN_FIXED_CYCLES + K * TAIL_SLOT_CYCLES
//!     + LEARN_SYN_CYCLES * learn_streamed + LEARN_DRAIN_CYCLES * learn_sources
//!     + sweep_cycles(swept, sweep_serial)
//! ```

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
    /// The learning phase ran (`learn_en = 1`, §12.3); the fields below count only then.
    pub learn: bool,
    /// Tail slots K examined by the tail pass.
    pub tail_slots: u64,
    /// Synapse words streamed by the tail pass (plastic or not).
    pub learn_streamed: u64,
    /// Tail slots whose synapses the tail pass streamed (each drains the pipeline after them).
    pub learn_sources: u64,
    /// Synapse addresses visited by the sweep (`sweep_step`).
    pub swept: u64,
    /// The sweep goes round fewer than [`SWEEP_PIPELINE_MIN_LEN`] addresses (`sweep_len`), so it
    /// could read an address again before its write lands: it visits one address at a time.
    pub sweep_serial: bool,
}

/// The edge that samples `tick`.
pub const TICK_CYCLES: u64 = 1;
/// The route cycle in which the router sees that no event is left.
pub const ROUTE_END_CYCLES: u64 = 1;
/// Cycles after that until the last dendritic-ring write has landed (the ring read-modify-write
/// pipeline writes two edges after it reads), so that the update phase reads settled slots.
pub const RING_DRAIN_CYCLES: u64 = 2;
/// Cycles after the last neuron's read: one for the state/slot memory read, the neuron datapath
/// (`NEURON_CORE_LATENCY` = 5 in `hdl/src/core/neuron_core.rs`), one for the `aer_out` register.
pub const UPDATE_FLUSH_CYCLES: u64 = 1 + 5 + 1;
/// Fixed cycles per timestep.
pub const FIXED_CYCLES: u64 =
    TICK_CYCLES + ROUTE_END_CYCLES + RING_DRAIN_CYCLES + UPDATE_FLUSH_CYCLES;
/// Cycles per spike event beyond its synapses: the header cycle that looks its fan-out pointer up
/// (the event word itself is prefetched, so there is no further per-event cost).
pub const EVENT_CYCLES: u64 = 1;
/// Cycles per current injection: its header cycle, in which it enters the ring pipeline.
pub const INJECTION_CYCLES: u64 = 1;

/// Fixed cycles of the learning phase (`docs/model.md` §12.4).
pub const LEARN_FIXED_CYCLES: u64 = 2;
/// Cycles per tail slot examined.
pub const TAIL_SLOT_CYCLES: u64 = 1;
/// Cycles per synapse word streamed by the tail pass: the pass is a pipeline that reads a synapse
/// in every cycle and writes it five cycles after its read (the synapse memory of a learning core
/// has a read and a write port).
pub const LEARN_SYN_CYCLES: u64 = 1;
/// Cycles per tail slot that streams synapses: the pipeline drains after the slot's last synapse
/// (written 5 cycles after its read), so that the next slot, whose fan-out may share synapses with
/// this one, reads them written.
pub const LEARN_DRAIN_CYCLES: u64 = 5;
/// Cycles per synapse address visited by the sweep, pipelined as the tail pass.
pub const SWEEP_CYCLES: u64 = 1;
/// Cycles after the sweep's last read until its write has landed.
pub const SWEEP_DRAIN_CYCLES: u64 = 5;
/// The fewest addresses (`sweep_len`) a pipelined sweep may go round: it reads an address per
/// cycle and a write lands 5 cycles after its read, so an address must come back 6 reads later at
/// the earliest (the read at the edge of its write would be a read-during-write).
pub const SWEEP_PIPELINE_MIN_LEN: u32 = 6;
/// Cycles per address visited by a sweep round fewer addresses: read, wait, write, one at a time.
pub const SWEEP_SERIAL_CYCLES: u64 = 6;

/// Clock cycles of the sweep (`docs/model.md` §12.4).
pub const fn sweep_cycles(swept: u64, serial: bool) -> u64 {
    if swept == 0 {
        0
    } else if serial {
        swept * SWEEP_SERIAL_CYCLES
    } else {
        swept * SWEEP_CYCLES + SWEEP_DRAIN_CYCLES
    }
}

/// The edge that samples `reset` high (the last one, when it is held longer): the core's reset
/// (`docs/model.md` §7.1).
pub const RESET_CYCLES: u64 = 1;

/// Clock cycles of a reset, from the last edge that samples `reset` high to the edge after which
/// `busy` is low: that edge, then one cycle per dendritic-ring word (`D × N`), which the reset
/// clears (`docs/model.md` §7.1).
pub const fn reset_cycles(p: &crate::spec::Preset) -> u64 {
    // `D × N`: the ring's `2^(log2 D + log2 N)` words (both are powers of two).
    RESET_CYCLES + (1u64 << (p.delay_bits() + p.neuron_bits()))
}

/// Clock cycles of the learning phase, 0 when it does not run (`docs/model.md` §12.4).
pub const fn learn_cycles(w: &StepWork) -> u64 {
    if !w.learn {
        return 0;
    }
    LEARN_FIXED_CYCLES
        + w.tail_slots * TAIL_SLOT_CYCLES
        + w.learn_streamed * LEARN_SYN_CYCLES
        + w.learn_sources * LEARN_DRAIN_CYCLES
        + sweep_cycles(w.swept, w.sweep_serial)
}

/// Clock cycles of one timestep, from the edge that samples `tick` to the edge after which `busy` is low.
pub const fn timestep_cycles(w: &StepWork) -> u64 {
    FIXED_CYCLES
        + w.injections * INJECTION_CYCLES
        + w.spike_events * EVENT_CYCLES
        + w.synapses
        + w.neurons
        + learn_cycles(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_timestep_costs_the_fixed_overhead() {
        // 1 tick + 1 route end + 2 drain + (1 read + 5 datapath + 1 output register) = 11.
        assert_eq!(timestep_cycles(&StepWork::default()), 11);
    }

    #[test]
    fn each_kind_of_work_adds_its_cycles() {
        let w = StepWork {
            injections: 3,
            spike_events: 2,
            synapses: 7,
            neurons: 256,
            ..StepWork::default()
        };
        // 11 fixed + 3 injections + 2 headers + 7 synapses + 256 neurons.
        assert_eq!(timestep_cycles(&w), 11 + 3 + 2 + 7 + 256);
    }

    #[test]
    fn learning_adds_its_phase_only_when_on() {
        let mut w = StepWork {
            neurons: 4,
            tail_slots: 16,
            learn_streamed: 5,
            learn_sources: 2,
            swept: 2,
            ..StepWork::default()
        };
        // Off: the learning counts do not matter, 11 + 4 neurons.
        assert_eq!(timestep_cycles(&w), 11 + 4);
        w.learn = true;
        // The tail pass: 2 + 16 slots, 5 synapses of 2 sources, each source's drain.
        let tail = LEARN_FIXED_CYCLES
            + 16 * TAIL_SLOT_CYCLES
            + 5 * LEARN_SYN_CYCLES
            + 2 * LEARN_DRAIN_CYCLES;
        assert_eq!(tail, 2 + 16 + 5 + 10);
        // A pipelined sweep of 2 addresses, then its drain.
        assert_eq!(
            timestep_cycles(&w),
            11 + 4 + tail + 2 * SWEEP_CYCLES + SWEEP_DRAIN_CYCLES
        );
        // A sweep round fewer than 6 addresses visits one at a time.
        w.sweep_serial = true;
        assert_eq!(timestep_cycles(&w), 11 + 4 + tail + 2 * SWEEP_SERIAL_CYCLES);
        // No sweep, no drain.
        w.swept = 0;
        assert_eq!(learn_cycles(&w), tail);
    }
}
