//! The core image: exactly the memory contents the hardware holds (`docs/model.md` §8), and the
//! external events the host feeds it each timestep (§2).

use crate::spec::Preset;

/// The contents of every memory of one core. Unused entries are zero.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CoreImage {
    /// The core size this image was compiled for.
    pub preset: Preset,
    /// Neurons updated per timestep (`0..n_neurons`), at most `preset.neurons`.
    pub n_neurons: u32,
    /// `preset.profiles` profile words.
    pub profiles: Vec<u128>,
    /// `preset.neurons` neuron state words (initial state).
    pub state: Vec<u128>,
    /// `preset.sources()` fan-out words: neurons first, then input channels.
    pub fanout: Vec<u64>,
    /// `preset.synapses` synapse words.
    pub synapses: Vec<u64>,
}

impl CoreImage {
    /// An all-zero image of the given size with no neuron updated.
    pub fn empty(preset: Preset) -> Self {
        Self {
            preset,
            n_neurons: 0,
            profiles: vec![0; preset.profiles as usize],
            state: vec![0; preset.neurons as usize],
            fanout: vec![0; preset.sources() as usize],
            synapses: vec![0; preset.synapses as usize],
        }
    }
}

/// One external event, delivered in the route phase of the timestep it is stamped with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Event {
    /// A spike on input channel `channel` (source `N + channel`), fanned out through its synapses.
    Spike { channel: u32 },
    /// `value` added to the dendritic slot `t mod D` of `neuron`.
    Current { neuron: u32, value: i16 },
}
