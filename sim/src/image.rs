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
    /// `preset.profiles` learning rule words (`docs/model.md` §12, memory 6).
    pub learn_rules: Vec<u64>,
    /// `preset.learn_table_words()` learning table words, address `profile * L + k` (memory 7).
    pub learn_table: Vec<u16>,
    /// Register `learn_en`: the learning phase runs (§12.3).
    pub learn_en: bool,
    /// Register `sweep_len`: synapse addresses the fading sweep cycles through.
    pub sweep_len: u32,
    /// Register `sweep_step`: synapse addresses swept per timestep.
    pub sweep_step: u32,
    /// Register `noise`: the noise generator's starting state (§3.1; 0 draws only zeros).
    pub noise: u32,
    /// Register `noise_bits`: the noise width `k` of each profile, 4 bits each (§3.1).
    pub noise_bits: u32,
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
            learn_rules: vec![0; preset.profiles as usize],
            learn_table: vec![0; preset.learn_table_words() as usize],
            learn_en: false,
            sweep_len: 0,
            sweep_step: 0,
            noise: 0,
            noise_bits: 0,
        }
    }
}

/// One block of consecutive words written through the host interface (`cfg` port or `WRITE`
/// frames): memory code ([`crate::spec::mem`]), first address, the words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadBlock {
    pub mem: u32,
    pub addr: u32,
    pub words: Vec<u128>,
}

impl CoreImage {
    /// How a host loads this image into a core: every memory, then the registers, `n_neurons` last
    /// (writing it clears the learning tail, `docs/model.md` §12.1). The single definition of the
    /// load order, used by the cosimulation driver and the board host.
    pub fn load_sequence(&self) -> Vec<LoadBlock> {
        use crate::spec::{mem, reg};
        let block = |mem, addr, words: Vec<u128>| LoadBlock { mem, addr, words };
        let wide = |ws: &[u64]| ws.iter().map(|&w| u128::from(w)).collect();
        vec![
            block(mem::PROFILES, 0, self.profiles.clone()),
            block(mem::STATE, 0, self.state.clone()),
            block(mem::FANOUT, 0, wide(&self.fanout)),
            block(mem::SYNAPSES, 0, wide(&self.synapses)),
            block(mem::LEARN_RULES, 0, wide(&self.learn_rules)),
            block(
                mem::LEARN_TABLE,
                0,
                self.learn_table.iter().map(|&w| u128::from(w)).collect(),
            ),
            block(
                mem::REGISTERS,
                reg::LEARN_EN,
                vec![u128::from(self.learn_en)],
            ),
            block(
                mem::REGISTERS,
                reg::SWEEP_LEN,
                vec![u128::from(self.sweep_len)],
            ),
            block(
                mem::REGISTERS,
                reg::SWEEP_STEP,
                vec![u128::from(self.sweep_step)],
            ),
            block(mem::REGISTERS, reg::NOISE, vec![u128::from(self.noise)]),
            block(
                mem::REGISTERS,
                reg::NOISE_BITS,
                vec![u128::from(self.noise_bits)],
            ),
            block(
                mem::REGISTERS,
                reg::N_NEURONS,
                vec![u128::from(self.n_neurons)],
            ),
        ]
    }
}

/// Hex digits of one line of [`CoreImage::write_list`]: memory (1), address (8), data (32).
pub const WRITE_LIST_DIGITS: usize = 1 + 8 + 32;

impl CoreImage {
    /// The load sequence as a write list (`docs/model.md` §8): one line per word written, in load
    /// order, each [`WRITE_LIST_DIGITS`] hex digits `MAAAAAAAADDDD...` (memory code, word address,
    /// the word right-aligned in 128 bits), so a Verilog testbench can `$readmemh` it into a
    /// `[163:0]` array; after the last write a line of `f`s (memory 15, which does not exist) ends
    /// it.
    pub fn write_list(&self) -> String {
        let mut out = String::new();
        for block in self.load_sequence() {
            for (i, word) in block.words.iter().enumerate() {
                let addr = block.addr + i as u32;
                out.push_str(&format!("{:x}{addr:08x}{word:032x}\n", block.mem));
            }
        }
        out.push_str(&"f".repeat(WRITE_LIST_DIGITS));
        out.push('\n');
        out
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

/// Hex digits of one line of an event list ([`RunLists`]): timestep (8), kind (1: 0 channel spike,
/// 1 current injection), channel or neuron (4), value (4, the injection's `i16`; 0 for a spike).
pub const EVENT_LIST_DIGITS: usize = 8 + 1 + 4 + 4;
/// Hex digits of one line of an expected-spike list ([`RunLists`]): timestep (8), neuron (4).
pub const SPIKE_LIST_DIGITS: usize = 8 + 4;

/// A run as two line lists a Verilog testbench reads with `$readmemh` (`docs/model.md` §8): the
/// external events fed before each `tick` (event list) and the spikes the core emits (expected-spike
/// list), both by timestep in delivery and emission order. Each ends with a line whose timestep
/// field is the number of timesteps and whose other digits are all `f` (kind 15 and neuron 65535
/// exist in no core), so a testbench knows how many timesteps to run after the last line. Timesteps
/// are the hardware's 32-bit counter (`docs/model.md` §7).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RunLists {
    /// The event list so far, without its end line.
    pub events: String,
    /// The expected-spike list so far, without its end line.
    pub spikes: String,
    /// Timesteps added.
    pub steps: u64,
    /// Events added.
    pub n_events: u64,
    /// Spikes added.
    pub n_spikes: u64,
}

impl RunLists {
    /// Adds the next timestep: the events fed before its `tick` and the neurons that spiked in it.
    pub fn push_step(&mut self, events: &[Event], spikes: &[u32]) {
        use std::fmt::Write;
        let t = self.steps as u32;
        for event in events {
            let (kind, addr, value) = match *event {
                Event::Spike { channel } => (0, channel, 0),
                Event::Current { neuron, value } => (1, neuron, value as u16),
            };
            // `aer_in_addr` is 16 bits (`spec::host::AER_IN_ADDR`); every preset's channels and
            // neurons fit, and the compiler makes no event outside the core.
            let _ = writeln!(self.events, "{t:08x}{kind:x}{:04x}{value:04x}", addr as u16);
        }
        for &n in spikes {
            let _ = writeln!(self.spikes, "{t:08x}{:04x}", n as u16);
        }
        self.steps += 1;
        self.n_events += events.len() as u64;
        self.n_spikes += spikes.len() as u64;
    }

    /// The event list with its end line.
    pub fn event_list(&self) -> String {
        format!(
            "{}{:08x}{}\n",
            self.events,
            self.steps as u32,
            "f".repeat(EVENT_LIST_DIGITS - 8)
        )
    }

    /// The expected-spike list with its end line.
    pub fn spike_list(&self) -> String {
        format!(
            "{}{:08x}{}\n",
            self.spikes,
            self.steps as u32,
            "f".repeat(SPIKE_LIST_DIGITS - 8)
        )
    }
}
