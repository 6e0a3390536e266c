//! Cosimulation: the RTL and the model run side by side on the same image and the same external
//! events, compared every timestep — spike set (and order), cycle count, the `t` counter, and the
//! state word of every neuron and every synapse word in use (learning changes `weight` and `stw`,
//! `docs/model.md` §12) through the debug port on the timesteps [`StateCheck`] picks (and at the
//! end of a [`Cosim::run`]).
//!
//! A difference is a typed [`Mismatch`]: the first diverging timestep, the RTL edge it started at
//! (VCD time is twice that), and what differs — for state, the neuron, the field (decoded with
//! [`state::ALL`]) and both values. [`record_window`] re-runs a failing window with a VCD.

use std::fmt;
use std::path::Path;
use std::time::{Duration, Instant};

use flux_sim::chip::{CORE_SHIFT, Chip, ChipImage};
use flux_sim::core::Core;
use flux_sim::image::{CoreImage, Event};
use flux_sim::inputs::InputSet;
use flux_sim::spec::{Field, Preset, state};
use flux_sim::timing::StepWork;

use crate::random::RandomNet;
use crate::rtl::{Mem, Rtl, RtlError};
use crate::verilate::RtlBuild;

/// When the neuron state words are compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StateCheck {
    /// After every timestep (small networks).
    EveryStep,
    /// After every `k`-th timestep (`t % k == k - 1`) and at the end.
    Every(u64),
    /// Only at the end of the run.
    AtEnd,
}

impl StateCheck {
    /// Whether the state is compared after timestep `t`.
    pub fn due(self, t: u64) -> bool {
        match self {
            StateCheck::EveryStep => true,
            StateCheck::Every(k) => k > 0 && t % k == k - 1,
            StateCheck::AtEnd => false,
        }
    }
}

/// What differs between the model and the RTL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Difference {
    /// Different spike sets (both ascending).
    Spikes { model: Vec<u32>, rtl: Vec<u32> },
    /// The same spikes, emitted by the RTL out of ascending order.
    SpikeOrder { rtl: Vec<u32> },
    /// An `aer_out` event stamped with the wrong timestep.
    SpikeStamp { neuron: u32, rtl_t: u32 },
    /// Different cycle counts; `work` is what the model's count is made of.
    Cycles {
        model: u64,
        rtl: u64,
        work: StepWork,
    },
    /// The RTL's `t` output after the timestep is not `t + 1`.
    Counter { rtl_t_after: u32 },
    /// A field of a neuron's state word differs.
    State {
        neuron: u32,
        field: Field,
        model: i64,
        rtl: i64,
        model_word: u128,
        rtl_word: u128,
    },
    /// A field of a synapse word differs.
    Synapse {
        addr: u32,
        field: Field,
        model: i64,
        rtl: i64,
        model_word: u64,
        rtl_word: u64,
    },
    /// A reset (`docs/model.md` §7.1) took another cycle count, let an `aer_out` event through,
    /// or left `t` other than 0.
    Reset {
        model_cycles: u64,
        rtl_cycles: u64,
        spikes: u64,
        rtl_t: u32,
    },
    /// A dendritic-ring word differs (compared after a reset).
    Ring {
        slot: u32,
        neuron: u32,
        model_word: u128,
        rtl_word: u128,
    },
    /// The RTL failed the timestep (watchdog, protocol).
    Fault(String),
}

/// The first divergence of a cosimulation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mismatch {
    /// The timestep.
    pub t: u64,
    /// RTL rising edges clocked before the timestep started (all traffic included); the VCD time of
    /// that edge is `2 * edge + 1`.
    pub edge: u64,
    /// Timestep cycles the RTL ran before this timestep.
    pub cycles_before: u64,
    pub difference: Difference,
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "timestep {} (RTL edge {}): ", self.t, self.edge)?;
        match &self.difference {
            Difference::Spikes { model, rtl } => {
                let first = first_difference(model, rtl);
                write!(
                    f,
                    "spikes differ (first at neuron {first}): model {model:?}, RTL {rtl:?}"
                )
            }
            Difference::SpikeOrder { rtl } => {
                write!(f, "RTL spikes not in ascending order: {rtl:?}")
            }
            Difference::SpikeStamp { neuron, rtl_t } => {
                write!(
                    f,
                    "neuron {neuron} spike stamped aer_out_t = {rtl_t}, model t = {}",
                    self.t
                )
            }
            Difference::Cycles { model, rtl, work } => write!(
                f,
                "cycle count: model {model}, RTL {rtl} (injections {}, spike events {}, synapses {}, neurons {})",
                work.injections, work.spike_events, work.synapses, work.neurons
            ),
            Difference::Counter { rtl_t_after } => {
                write!(
                    f,
                    "RTL `t` after the timestep is {rtl_t_after}, expected {}",
                    self.t + 1
                )
            }
            Difference::State {
                neuron,
                field,
                model,
                rtl,
                model_word,
                rtl_word,
            } => write!(
                f,
                "neuron {neuron} field `{}`: model {model}, RTL {rtl} (words {model_word:#027x} / {rtl_word:#027x})",
                field.name
            ),
            Difference::Synapse {
                addr,
                field,
                model,
                rtl,
                model_word,
                rtl_word,
            } => write!(
                f,
                "synapse {addr} field `{}`: model {model}, RTL {rtl} (words {model_word:#x} / {rtl_word:#x})",
                field.name
            ),
            Difference::Reset {
                model_cycles,
                rtl_cycles,
                spikes,
                rtl_t,
            } => write!(
                f,
                "reset: cycle count model {model_cycles}, RTL {rtl_cycles}; {spikes} aer_out events \
                 during it (expected none); RTL `t` after it {rtl_t} (expected 0)"
            ),
            Difference::Ring {
                slot,
                neuron,
                model_word,
                rtl_word,
            } => write!(
                f,
                "ring slot {slot} neuron {neuron}: model {model_word:#x}, RTL {rtl_word:#x}"
            ),
            Difference::Fault(e) => write!(f, "RTL fault: {e}"),
        }
    }
}

impl std::error::Error for Mismatch {}

/// The smallest neuron in exactly one of two ascending lists.
fn first_difference(a: &[u32], b: &[u32]) -> u32 {
    let (mut i, mut j) = (0, 0);
    loop {
        match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) if x == y => {
                i += 1;
                j += 1;
            }
            (Some(x), Some(y)) => return *x.min(y),
            (Some(x), None) | (None, Some(x)) => return *x,
            (None, None) => return u32::MAX,
        }
    }
}

/// The first state field that differs between two words, in layout order.
pub fn state_difference(model: u128, rtl: u128) -> Option<(Field, i64, i64)> {
    state::ALL
        .iter()
        .find(|f| f.get(model) != f.get(rtl))
        .map(|f| (*f, f.get(model), f.get(rtl)))
}

/// The first field of a synapse word of `preset` that differs, in layout order.
pub fn synapse_difference(preset: &Preset, model: u64, rtl: u64) -> Option<(Field, i64, i64)> {
    let fields = [
        preset.syn_target(),
        preset.syn_weight(),
        preset.syn_delay(),
        preset.syn_type(),
        preset.syn_plastic(),
        preset.syn_stw(),
    ];
    let (m, r) = (u128::from(model), u128::from(rtl));
    fields
        .into_iter()
        .find(|f| f.get(m) != f.get(r))
        .map(|f| (f, f.get(m), f.get(r)))
}

/// Synapse words worth comparing in `image`: up to the end of the last fan-out range and of the
/// sweep (`sweep_len`), within the memory. Words past both are never read or written.
pub fn synapses_in_use(image: &CoreImage) -> u32 {
    let p = &image.preset;
    let fan_end = image
        .fanout
        .iter()
        .map(|&w| p.fanout_range(w.into()).end)
        .max()
        .unwrap_or(0);
    let sweep_end = u64::from(image.sweep_len.max(1));
    fan_end.max(sweep_end).min(u64::from(p.synapses)) as u32
}

/// Totals of a cosimulation.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct CosimStats {
    pub timesteps: u64,
    pub spikes: u64,
    /// Timestep cycles (the cycle counts compared, without host traffic).
    pub cycles: u64,
    /// State words compared.
    pub state_words: u64,
    /// Synapse words compared.
    pub synapse_words: u64,
    /// External events fed.
    pub events: u64,
    /// Resets compared ([`Cosim::reset`], [`Cosim::reset_mid_timestep`]).
    pub resets: u64,
    /// Time spent in RTL timesteps (`Rtl::step`) only.
    pub rtl_time: Duration,
    /// Time spent in model timesteps only.
    pub model_time: Duration,
}

impl CosimStats {
    /// RTL timestep cycles per second of wall time spent in the RTL.
    pub fn rtl_cycles_per_second(&self) -> f64 {
        self.cycles as f64 / self.rtl_time.as_secs_f64().max(1e-9)
    }

    /// Adds another run's totals.
    pub fn add(&mut self, o: &CosimStats) {
        self.timesteps += o.timesteps;
        self.spikes += o.spikes;
        self.cycles += o.cycles;
        self.state_words += o.state_words;
        self.synapse_words += o.synapse_words;
        self.events += o.events;
        self.resets += o.resets;
        self.rtl_time += o.rtl_time;
        self.model_time += o.model_time;
    }
}

/// Why a cosimulation could not run (as opposed to a [`Mismatch`]).
#[derive(Debug, thiserror::Error)]
pub enum CosimError {
    #[error(transparent)]
    Rtl(#[from] RtlError),
    #[error("the core image is invalid: {0}")]
    Image(String),
    #[error("timestep {t}: invalid external events: {message}")]
    Events { t: u64, message: String },
    #[error("{0}")]
    Mismatch(Box<Mismatch>),
}

impl From<Mismatch> for CosimError {
    fn from(m: Mismatch) -> Self {
        CosimError::Mismatch(Box::new(m))
    }
}

/// The model and the RTL in lockstep.
pub struct Cosim {
    model: Core,
    rtl: Rtl,
    /// Neurons whose state words are compared (`N`, every slot: untouched ones must stay put too).
    neurons: u32,
    /// Synapse words compared ([`synapses_in_use`]).
    synapses: u32,
    stats: CosimStats,
    /// The RTL's spikes (ascending) and cycles of the last timestep it ran, compared or not.
    last_rtl: (Vec<u32>, u64),
    /// Whether the state checks of [`Cosim::step`] read the synapse words too.
    step_synapses: bool,
}

impl Cosim {
    /// Loads `image` into a fresh model and a fresh RTL instance of `build`.
    pub fn new(build: &RtlBuild, image: &CoreImage) -> Result<Self, CosimError> {
        Self::with_rtl(Rtl::open(build, None)?, image)
    }

    /// Loads `image` into a fresh model and into `rtl` (just opened).
    pub fn with_rtl(mut rtl: Rtl, image: &CoreImage) -> Result<Self, CosimError> {
        let model = Core::try_new(image).map_err(|e| CosimError::Image(e.to_string()))?;
        rtl.load_image(image);
        Ok(Self {
            model,
            rtl,
            neurons: image.preset.neurons,
            synapses: synapses_in_use(image),
            stats: CosimStats::default(),
            last_rtl: (Vec::new(), 0),
            step_synapses: true,
        })
    }

    /// Whether the state check of each [`Cosim::step`] also compares every synapse word in use (on
    /// by default). Without learning they cannot change, so a run may compare them only at the end
    /// ([`Cosim::check_state`] always does): the synapse words cost one debug read each.
    pub fn set_step_synapses(&mut self, on: bool) {
        self.step_synapses = on;
    }

    /// Totals so far.
    pub fn stats(&self) -> &CosimStats {
        &self.stats
    }

    /// The model.
    pub fn model(&self) -> &Core {
        &self.model
    }

    /// The RTL.
    pub fn rtl(&mut self) -> &mut Rtl {
        &mut self.rtl
    }

    /// Switches learning on or off on both sides, between timesteps (register `learn_en`).
    pub fn set_learn_en(&mut self, on: bool) {
        self.model.set_learn_en(on);
        self.rtl.set_learn_en(on);
    }

    /// Writes register `extern_spikes` on both sides, between timesteps (`docs/model.md` §2.1).
    pub fn set_extern_spikes(&mut self, on: bool) {
        self.model.set_extern_spikes(on);
        self.rtl.cfg_write(
            crate::rtl::Mem::Register,
            flux_sim::spec::reg::EXTERN_SPIKES,
            &[u128::from(on)],
        );
    }

    /// Writes register `spike_push` on both sides, between timesteps (`docs/model.md` §2.1): the
    /// word's `source` and `count` as given, unchecked (the core ignores what it cannot take).
    pub fn push_spike(&mut self, source: u32, count: u32) {
        use flux_sim::spec::spike_push;
        self.model.push_spike(source, count);
        let word = spike_push::COUNT.set(
            spike_push::SOURCE.set(0, i64::from(source)),
            i64::from(count),
        );
        self.rtl.cfg_write(
            crate::rtl::Mem::Register,
            flux_sim::spec::reg::SPIKE_PUSH,
            &[word],
        );
    }

    /// Writes register `t` on both sides, between timesteps: the next timestep is `t`
    /// (`docs/model.md` §7).
    pub fn set_t(&mut self, t: u32) {
        self.model.set_t(t);
        self.rtl.set_t(t);
    }

    /// The next timestep.
    pub fn t(&self) -> u64 {
        self.model.t()
    }

    fn mismatch(&self, edge: u64, cycles_before: u64, difference: Difference) -> Mismatch {
        Mismatch {
            t: self.model.t(),
            edge,
            cycles_before,
            difference,
        }
    }

    /// Runs one timestep on both sides with `events` (stamped with the current timestep, in
    /// delivery order) and compares spikes, cycles and the counter; then every state word if
    /// `check_state`.
    pub fn step(&mut self, events: &[Event], check_state: bool) -> Result<(), CosimError> {
        let t = self.model.t();
        self.model
            .check_events(events)
            .map_err(|e| CosimError::Events {
                t,
                message: e.to_string(),
            })?;
        let edge = self.rtl.edges();
        let cycles_before = self.stats.cycles;

        let start = Instant::now();
        let rtl = self.rtl.step(events);
        self.stats.rtl_time += start.elapsed();
        let rtl = match rtl {
            Ok(r) => r,
            Err(e @ RtlError::Step { .. }) => {
                return Err(self
                    .mismatch(edge, cycles_before, Difference::Fault(e.to_string()))
                    .into());
            }
            Err(e) => return Err(e.into()),
        };

        let start = Instant::now();
        let report = self.model.step(events);
        self.stats.model_time += start.elapsed();
        let (model_spikes, model_cycles, work) =
            (report.spikes.to_vec(), report.cycles, report.work);
        // `mismatch` stamps the model's `t`, which has advanced: stamp `t` explicitly.
        let fail = |difference| Mismatch {
            t,
            edge,
            cycles_before,
            difference,
        };

        // The hardware's counter is 32 bits wide and wraps; the model's counts on (§7).
        if let Some(s) = rtl.spikes.iter().find(|s| s.t != t as u32) {
            return Err(fail(Difference::SpikeStamp {
                neuron: s.neuron,
                rtl_t: s.t,
            })
            .into());
        }
        let rtl_order: Vec<u32> = rtl.spikes.iter().map(|s| s.neuron).collect();
        let mut rtl_set = rtl_order.clone();
        rtl_set.sort_unstable();
        self.last_rtl = (rtl_set.clone(), rtl.cycles);
        if rtl_set != model_spikes {
            return Err(fail(Difference::Spikes {
                model: model_spikes,
                rtl: rtl_set,
            })
            .into());
        }
        if rtl_order != rtl_set {
            return Err(fail(Difference::SpikeOrder { rtl: rtl_order }).into());
        }
        if rtl.cycles != model_cycles {
            return Err(fail(Difference::Cycles {
                model: model_cycles,
                rtl: rtl.cycles,
                work,
            })
            .into());
        }
        if rtl.t_after != (t + 1) as u32 {
            return Err(fail(Difference::Counter {
                rtl_t_after: rtl.t_after,
            })
            .into());
        }
        self.stats.timesteps += 1;
        self.stats.spikes += model_spikes.len() as u64;
        self.stats.cycles += rtl.cycles;
        self.stats.events += events.len() as u64;
        if check_state {
            self.compare_state(t, edge, cycles_before, self.step_synapses)?;
        }
        Ok(())
    }

    /// The RTL's spikes (ascending) and cycle count of the last timestep it ran, also when that
    /// timestep did not match the model (for an RTL trace).
    pub fn last_rtl_step(&self) -> (&[u32], u64) {
        (&self.last_rtl.0, self.last_rtl.1)
    }

    /// Compares every neuron's state word now (after timestep `t() - 1`).
    pub fn check_state(&mut self) -> Result<(), CosimError> {
        let t = self.model.t().saturating_sub(1);
        let edge = self.rtl.edges();
        self.compare_state(t, edge, self.stats.cycles, true)
    }

    fn compare_state(
        &mut self,
        t: u64,
        edge: u64,
        cycles_before: u64,
        synapses: bool,
    ) -> Result<(), CosimError> {
        let words = self.rtl.state_words(self.neurons);
        self.stats.state_words += words.len() as u64;
        for (n, &rtl_word) in words.iter().enumerate() {
            let model_word = self.model.state_word(n as u32);
            if let Some((field, model, rtl)) = state_difference(model_word, rtl_word) {
                let difference = Difference::State {
                    neuron: n as u32,
                    field,
                    model,
                    rtl,
                    model_word,
                    rtl_word,
                };
                return Err(Mismatch {
                    t,
                    edge,
                    cycles_before,
                    difference,
                }
                .into());
            }
        }
        if !synapses {
            return Ok(());
        }
        let preset = self.model.preset();
        let words = self.rtl.synapse_words(self.synapses);
        self.stats.synapse_words += words.len() as u64;
        for (addr, &rtl_word) in words.iter().enumerate() {
            let model_word = self.model.synapse_word(addr as u32);
            if let Some((field, model, rtl)) = synapse_difference(&preset, model_word, rtl_word) {
                let difference = Difference::Synapse {
                    addr: addr as u32,
                    field,
                    model,
                    rtl,
                    model_word,
                    rtl_word,
                };
                return Err(Mismatch {
                    t,
                    edge,
                    cycles_before,
                    difference,
                }
                .into());
            }
        }
        Ok(())
    }

    /// Resets both sides between timesteps (`docs/model.md` §7.1), `reset` held for `hold` edges
    /// on the RTL, and compares the reset's cycle count, that no `aer_out` event appears during it,
    /// that `t` is 0, then every dendritic-ring word and every state word. Events the RTL has
    /// queued ([`Rtl::push`]) are dropped; the model never saw them.
    pub fn reset(&mut self, hold: u64) -> Result<(), CosimError> {
        let (t, edge, cycles_before) = (self.model.t(), self.rtl.edges(), self.stats.cycles);
        self.reset_both(hold, t, edge, cycles_before)?;
        self.compare_ring(t, edge, cycles_before)?;
        self.compare_state(t, edge, cycles_before, self.step_synapses)
    }

    /// Starts timestep `t()` on the RTL with `events`, cuts it after `edges` edges (the `tick`
    /// edge included) with a reset held for `hold` edges, and reloads `image` through the
    /// configuration port; the model starts afresh from `image` (`Core::new`). What `docs/model.md`
    /// §7.1 promises: the two are then equal, compared here in every ring and state word and from
    /// then on by [`Cosim::step`].
    pub fn reset_mid_timestep(
        &mut self,
        events: &[Event],
        edges: u64,
        hold: u64,
        image: &CoreImage,
    ) -> Result<(), CosimError> {
        let (t, edge, cycles_before) = (self.model.t(), self.rtl.edges(), self.stats.cycles);
        self.rtl.push(events)?;
        self.rtl.start(edges);
        self.reset_both(hold, t, edge, cycles_before)?;
        self.rtl.load_image(image);
        self.model = Core::try_new(image).map_err(|e| CosimError::Image(e.to_string()))?;
        self.compare_ring(t, edge, cycles_before)?;
        self.compare_state(t, edge, cycles_before, true)
    }

    fn reset_both(
        &mut self,
        hold: u64,
        t: u64,
        edge: u64,
        cycles_before: u64,
    ) -> Result<(), CosimError> {
        let rtl = self.rtl.reset(hold)?;
        let model_cycles = self.model.reset();
        let rtl_t = self.rtl.t();
        if rtl.cycles != model_cycles || rtl.spikes != 0 || rtl_t != 0 {
            return Err(Mismatch {
                t,
                edge,
                cycles_before,
                difference: Difference::Reset {
                    model_cycles,
                    rtl_cycles: rtl.cycles,
                    spikes: rtl.spikes,
                    rtl_t,
                },
            }
            .into());
        }
        self.stats.resets += 1;
        Ok(())
    }

    /// Compares every word of the dendritic ring (`D × N`, address `slot * N + neuron`).
    fn compare_ring(&mut self, t: u64, edge: u64, cycles_before: u64) -> Result<(), CosimError> {
        let p = self.model.preset();
        let words = self
            .rtl
            .dbg_read(Mem::Ring, 0, (p.delay_slots * p.neurons) as usize);
        for (i, &rtl_word) in words.iter().enumerate() {
            let (slot, neuron) = (i as u32 / p.neurons, i as u32 % p.neurons);
            let model_word = self.model.slot_word(slot, neuron);
            if model_word != rtl_word {
                return Err(Mismatch {
                    t,
                    edge,
                    cycles_before,
                    difference: Difference::Ring {
                        slot,
                        neuron,
                        model_word,
                        rtl_word,
                    },
                }
                .into());
            }
        }
        Ok(())
    }

    /// Runs `steps` timesteps with the events of `inputs`, comparing state as `check` says and at
    /// the end.
    pub fn run(
        &mut self,
        inputs: &mut InputSet,
        steps: u64,
        check: StateCheck,
    ) -> Result<CosimStats, CosimError> {
        let mut events = Vec::new();
        for _ in 0..steps {
            let t = self.model.t();
            inputs.events_at(t, &mut events);
            self.step(&events, check.due(t))?;
        }
        if steps > 0 && !check.due(self.model.t() - 1) {
            self.check_state()?;
        }
        Ok(self.stats)
    }
}

/// Re-runs timesteps `0..=last` of `image` with `inputs` on a traced build, writing VCD samples only
/// for timesteps `first..=last` into `vcd` (the model is not involved: the window is for reading).
pub fn record_window(
    trace_build: &RtlBuild,
    image: &CoreImage,
    inputs: &mut InputSet,
    first: u64,
    last: u64,
    vcd: &Path,
) -> Result<(), RtlError> {
    let mut rtl = Rtl::open(trace_build, Some(vcd))?;
    rtl.set_dump(false);
    rtl.load_image(image);
    let mut events = Vec::new();
    for t in 0..=last {
        if t == first {
            rtl.set_dump(true);
        }
        inputs.events_at(t, &mut events);
        match rtl.step(&events) {
            Ok(_) => {}
            // A fault inside the window (a watchdog) is what the waveform is for: keep it.
            Err(RtlError::Step { .. }) if t >= first => {
                rtl.flush();
                return Ok(());
            }
            Err(e) => return Err(e),
        }
    }
    // The state after the window, read through the debug port, is in the VCD too.
    rtl.state_words(image.preset.neurons);
    rtl.flush();
    Ok(())
}

// ---- A chip of several cores (`docs/model.md` §15) against its model.

/// Loads `placed` into the Verilated chip (`ChipImage::load_sequence`).
pub fn load_chip(rtl: &mut Rtl, placed: &ChipImage) {
    for block in placed.load_sequence() {
        let mem = Mem::from_code(block.mem).expect("a core memory");
        rtl.cfg_write(mem, block.addr, &block.words);
    }
}

/// What the chip's cosimulation compared.
#[derive(Clone, Copy, Debug, Default)]
pub struct ChipCompared {
    pub timesteps: u64,
    pub events: u64,
    pub cycles: u64,
}

/// Runs `net`'s stimulus on the model chip and the Verilated one; every timestep compares the
/// `aer_out` events, the cycle count and every core's state words. Before timestep index
/// `reset_at`, if given, both are reset (`Chip::reset`) and the reset's cycle count compared.
pub fn chip_cosim(
    rtl: &mut Rtl,
    net: &RandomNet,
    placed: &ChipImage,
    seed: u64,
    reset_at: Option<usize>,
) -> ChipCompared {
    load_chip(rtl, placed);
    let mut chip = Chip::new(placed);
    let mut done = ChipCompared::default();
    let n = placed.chip.core.neurons;
    for (t, events) in net.stimulus.iter().enumerate() {
        if reset_at == Some(t) {
            let want = chip.reset();
            let got = rtl
                .reset(1)
                .unwrap_or_else(|e| panic!("seed {seed:#x}, reset before index {t}: {e}"));
            assert_eq!(got.cycles, want, "seed {seed:#x}: the reset's cycles");
        }
        let want = chip.try_step(events).expect("the chip takes the stimulus");
        let encoded = placed.aer_in_events(events).expect("checked");
        let got = rtl
            .step(&encoded)
            .unwrap_or_else(|e| panic!("seed {seed:#x}, timestep {t}: {e}"));
        let want_out: Vec<(u32, u32)> = want
            .events
            .iter()
            .flat_map(|&(g, k)| std::iter::repeat_n((g, want.t as u32), k as usize))
            .collect();
        let got_out: Vec<(u32, u32)> = got.spikes.iter().map(|s| (s.neuron, s.t)).collect();
        assert_eq!(
            got_out, want_out,
            "seed {seed:#x}, timestep {t}: aer_out events"
        );
        assert_eq!(
            got.cycles, want.cycles,
            "seed {seed:#x}, timestep {t}: cycles (cores {:?})",
            want.core_cycles
        );
        for (k, place) in placed.places.iter().enumerate() {
            let len = place.neurons.len();
            let words = rtl.dbg_read(Mem::State, (k as u32) << CORE_SHIFT, len);
            for (i, w) in words.into_iter().enumerate() {
                assert_eq!(
                    w,
                    chip.core(k).state_word(i as u32),
                    "seed {seed:#x}, timestep {t}: state of core {k} neuron {i} (chip neuron {})",
                    k as u32 * n + i as u32
                );
            }
        }
        done.timesteps += 1;
        done.events += want.events.len() as u64;
        done.cycles += want.cycles;
    }
    done
}
