//! The Xylo-compatible IAF neuron (`docs/model.md` §4.2): SynSense Xylo v2 as its bit-accurate
//! simulator computes it (xylosim 0.1.3, `xylosim.v2.XyloLayer`, `src/v2/cpp` of its sdist).
//!
//! Two parts:
//! - the integer rules of one neuron ([`decay_step`], [`shifted_weight`], [`receive`],
//!   [`evolve`]), the ones the core's Xylo kind will run;
//! - [`Layer`], a Xylo layer (input channels, hidden neurons, readout neurons) run the way
//!   xylosim's `XyloLayer::evolve` runs it, delivery order included. `sim/tests/xylo.rs` replays
//!   xylosim's own recordings through it (`sim/tests/xylo/`), so every rule here is checked against
//!   xylosim itself, without Python.
//!
//! Not modelled: xylosim's *aliases* (a neuron copying its spikes to another; Rockpool's mapper
//! does not use them for trained networks) and its *hibernation* flag (a power-saving mode that
//! changes no state and no spike).

/// Synaptic currents per neuron (`XyloIAFNeuron::i_syns`; Xylo v2 has one or two).
pub const SYNS: usize = 2;
/// Cap on the spikes one input channel delivers in a timestep (`MAX_NUM_INP_SPIKES`).
pub const MAX_INPUT_SPIKES: u8 = 15;
/// Cap on the spikes a hidden neuron fires in a timestep (`MAX_NUM_SPIKES`); also the cap on what
/// it delivers.
pub const MAX_SPIKES: u8 = 31;
/// Cap on the spikes a readout neuron fires in a timestep (`MAX_NUM_OUT_SPIKES`).
pub const MAX_OUT_SPIKES: u8 = 1;
/// Largest decay shift (`dash_mem`, `dash_syn`: 4 bits on Xylo).
pub const DASH_MAX: u8 = 15;
/// Largest weight shift (Flux stores it in 4 bits; xylosim's int8 shift of an int8 weight,
/// truncated to int16, means nothing beyond 15).
pub const SHIFT_MAX: u8 = 15;

/// `x` saturated to `i16` (xylosim's `safe_add(.., BITS_STATE)`, whose result is exactly the sum
/// clamped to `[-2^15, 2^15 - 1]` when the first operand is in that range).
pub fn sat16(x: i64) -> i16 {
    x.clamp(i16::MIN as i64, i16::MAX as i64) as i16
}

/// `x` taken modulo 2^16 as an `i16` (C++'s conversion of an `int` to `int16_t`).
pub fn wrap16(x: i64) -> i16 {
    x as i16
}

/// xylosim's `decay(v, dash)`: the step a bit-shift decay takes, `asr(v, dash)`, and at least 1
/// toward zero for a non-zero `v`. The new value is `v - decay_step(v, dash)`.
pub fn decay_step(v: i16, dash: u8) -> i16 {
    let dv = v >> dash;
    if dv == 0 { v.signum() } else { dv }
}

/// The current a synapse adds per spike: its int8 weight shifted left by the layer's weight
/// shift, truncated to 16 bits (xylosim passes `weight << shift` as an `int16_t`).
pub fn shifted_weight(weight: i8, shift: u8) -> i16 {
    wrap16((weight as i64) << shift)
}

/// `count` spikes through one synapse of (shifted) weight `w` onto a current `i`: xylosim adds `w`
/// `count` times, saturating each time. The additions all have the sign of `w`, so once the sum
/// reaches a bound it stays there, and the result is the total saturated once.
pub fn receive(i: i16, w: i16, count: u8) -> i16 {
    sat16(i as i64 + count as i64 * w as i64)
}

/// A neuron's parameters (`XyloIAFNeuron`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Params {
    /// Membrane decay shift, `0..=15`.
    pub dash_mem: u8,
    /// Decay shift of each synaptic current, `0..=15`.
    pub dash_syn: [u8; SYNS],
    /// Threshold: `1..=32767` in Flux's range, where the spike count has a closed form; the
    /// reference takes any `i16` as xylosim does ([`spikes`]).
    pub v_th: i16,
    /// Added to the membrane every timestep (0 without bias: adding 0 changes nothing).
    pub bias: i16,
}

/// A neuron's state: the membrane and the synaptic currents, all `i16`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct State {
    pub v_mem: i16,
    pub i_syn: [i16; SYNS],
}

/// One timestep of a neuron after its inputs have been received (`XyloIAFNeuron::evolve`):
/// 1. each current decays: `i' = i - decay_step(i, dash_syn)`;
/// 2. `dv = wrap16(-decay_step(v, dash_mem))` (the negation of -32768 wraps, as in xylosim);
///    `dv = sat16(dv + i1' + i2')` (one saturation of the sum); `dv = sat16(dv + bias)`;
/// 3. `v' = sat16(v + dv)`;
/// 4. spikes: `k = min(cap, floor(v' / v_th))` if `v' >= v_th`, else 0; `v' = v' - k v_th`
///    (subtractive reset, xylosim's loop of `k` subtractions).
///
/// Returns `k`.
pub fn evolve(p: &Params, s: &mut State, cap: u8) -> u8 {
    for (i, &dash) in s.i_syn.iter_mut().zip(&p.dash_syn) {
        *i = wrap16(*i as i64 - decay_step(*i, dash) as i64);
    }
    let leak = wrap16(-(decay_step(s.v_mem, p.dash_mem) as i64));
    let currents: i64 = s.i_syn.iter().map(|&i| i as i64).sum();
    let dv = sat16(sat16(leak as i64 + currents) as i64 + p.bias as i64);
    let v = sat16(s.v_mem as i64 + dv as i64);
    let (k, v) = spikes(v, p.v_th, cap);
    s.v_mem = v;
    k
}

/// Step 4 of [`evolve`]: the spike count and the membrane after the subtractive reset. For a
/// threshold of 1 or more, `k = min(cap, floor(v / v_th))` when `v >= v_th`; below 1 (outside
/// Flux's range, kept so the reference equals xylosim for every `int16`) xylosim's loop: subtract
/// while `v >= v_th` and fewer than `cap`, each subtraction wrapping to 16 bits.
pub fn spikes(v: i16, v_th: i16, cap: u8) -> (u8, i16) {
    if v_th >= 1 {
        let k = if v >= v_th {
            (v / v_th).min(cap as i16)
        } else {
            0
        };
        return (k as u8, v - k * v_th);
    }
    let (mut k, mut v) = (0, v);
    while v >= v_th && k < cap {
        k += 1;
        v = wrap16(v as i64 - v_th as i64);
    }
    (k, v)
}

/// A synapse of a [`Layer`]: its target neuron, which of its currents, and the int8 weight.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Synapse {
    pub post: usize,
    pub syn: usize,
    pub weight: i8,
}

/// A Xylo layer as `XyloLayer` holds it: input channels, hidden neurons and readout neurons, each
/// source with its synapses in delivery order, and one weight shift per synapse group.
#[derive(Clone, Debug, Default)]
pub struct Layer {
    pub inputs: usize,
    pub hidden: Vec<Params>,
    pub out: Vec<Params>,
    /// Per input channel, its synapses onto hidden neurons.
    pub syn_in: Vec<Vec<Synapse>>,
    /// Per hidden neuron, its synapses onto hidden neurons.
    pub syn_rec: Vec<Vec<Synapse>>,
    /// Per hidden neuron, its synapses onto readout neurons.
    pub syn_out: Vec<Vec<Synapse>>,
    /// Weight shifts of the input, recurrent and readout synapses.
    pub shift_in: u8,
    pub shift_rec: u8,
    pub shift_out: u8,
}

/// What a [`Layer`] records in one timestep (xylosim's `rec_*`), after its neurons evolved.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Step {
    pub hidden_spikes: Vec<u8>,
    pub out_spikes: Vec<u8>,
    pub hidden: Vec<State>,
    pub out: Vec<State>,
}

impl Layer {
    /// Runs the layer from rest (all states 0, no spikes pending) over `inputs` (per timestep, the
    /// spike count of each input channel). Each timestep, in xylosim's order:
    /// 1. input channels in ascending order deliver `min(count, 15)` spikes through each of their
    ///    synapses in list order ([`receive`], with `shift_in`);
    /// 2. hidden neurons in ascending order deliver last timestep's spikes (at most 31) to hidden
    ///    neurons (`shift_rec`), then the same spikes to readout neurons (`shift_out`);
    /// 3. hidden neurons evolve (cap 31), then readout neurons (cap 1).
    ///
    /// Panics if a synapse names a neuron or current the layer lacks (the test vectors never do).
    pub fn run(&self, inputs: &[Vec<u8>]) -> Vec<Step> {
        let mut hidden = vec![State::default(); self.hidden.len()];
        let mut out = vec![State::default(); self.out.len()];
        let mut spikes = vec![0u8; self.hidden.len()];
        let mut steps = Vec::with_capacity(inputs.len());
        for counts in inputs {
            deliver(
                counts,
                &self.syn_in,
                &mut hidden,
                MAX_INPUT_SPIKES,
                self.shift_in,
            );
            deliver(
                &spikes,
                &self.syn_rec,
                &mut hidden,
                MAX_SPIKES,
                self.shift_rec,
            );
            deliver(&spikes, &self.syn_out, &mut out, MAX_SPIKES, self.shift_out);
            for ((p, s), k) in self.hidden.iter().zip(&mut hidden).zip(&mut spikes) {
                *k = evolve(p, s, MAX_SPIKES);
            }
            let out_spikes = self
                .out
                .iter()
                .zip(&mut out)
                .map(|(p, s)| evolve(p, s, MAX_OUT_SPIKES));
            steps.push(Step {
                hidden_spikes: spikes.clone(),
                out_spikes: out_spikes.collect(),
                hidden: hidden.clone(),
                out: out.clone(),
            });
        }
        steps
    }
}

/// `XyloLayer::deliver_spikes`: each source's capped count through each of its synapses, sources
/// in ascending order, synapses in list order.
fn deliver(counts: &[u8], synapses: &[Vec<Synapse>], targets: &mut [State], cap: u8, shift: u8) {
    for (&count, row) in counts.iter().zip(synapses) {
        let count = count.min(cap);
        for s in row {
            let i = &mut targets[s.post].i_syn[s.syn];
            *i = receive(*i, shifted_weight(s.weight, shift), count);
        }
    }
}

/// The parameters and the spike cap of a Xylo profile word (`docs/model.md` §6, `profile::XYLO`).
pub fn profile_params(word: u128) -> (Params, u8) {
    use crate::spec::profile as pf;
    let params = Params {
        dash_mem: pf::XYLO_DASH_MEM.get(word) as u8,
        dash_syn: [
            pf::XYLO_DASH_SYN1.get(word) as u8,
            pf::XYLO_DASH_SYN2.get(word) as u8,
        ],
        v_th: pf::XYLO_V_TH.get(word) as i16,
        bias: pf::XYLO_BIAS.get(word) as i16,
    };
    (params, pf::XYLO_CAP.get(word) as u8)
}

/// The state a Xylo neuron's update starts from in the core (§4.2, *Mapping onto the core*): the
/// membrane from the state word's `v` field and the currents from the slot, each saturated to 16
/// bits (`m_in` is 16 bits already).
pub fn core_state(v: i32, a_in: i32, m_in: i16) -> State {
    State {
        v_mem: sat16(v.into()),
        i_syn: [sat16(a_in.into()), m_in],
    }
}
