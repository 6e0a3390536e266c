//! The timestep engine: runs a [`CoreImage`] one timestep at a time exactly as `docs/model.md` §2
//! says (route phase, then update phase) and predicts the cycle count of each timestep
//! ([`crate::timing`]). The model's twin of `hdl/src/core/core_top.rs` with `hdl/src/core/controller.rs`.
//!
//! It is built for speed as well as exactness. The neuron state is kept as struct-of-arrays (one
//! vector per field), the profile table is decoded once, and the update phase runs over *runs* of
//! consecutive neurons that share a profile: for each run one loop applies
//! [`crate::neuron::flux_update`] or [`crate::neuron::cuba_update`] with the profile's parameters as
//! loop constants, which the compiler vectorises (compiled for AVX-512 and AVX2 and picked at run
//! time). Grouping by runs does not change the result: a neuron's update reads only its own state
//! and slot, and the spike list is produced in ascending order afterwards. The packed words
//! ([`Core::state_word`], [`Core::slot_word`]) are produced on demand.
//!
//! A core can run on several threads ([`Core::with_threads`], `docs/model.md` §14): the neurons are
//! cut into equal ranges, the dendritic ring and the synapse memory with them (by target), and each
//! thread routes every event of the timestep, in order, into its range and then updates its
//! neurons. Each ring entry receives the same additions in the same order as on one thread, and a
//! neuron's update reads only its own state and entry, so the results are identical for any thread
//! count. What is sequential stays so: the noise draws (made in neuron order before the threads
//! start), the spike list, and learning.
//!
//! Events with an out-of-range address: [`Core::try_step`] refuses the timestep before changing
//! anything ([`EventError`]); [`Core::step`] is for callers that have already checked their events
//! (the input generators make only valid ones) and skips such an event without counting it.

use crate::image::{CoreImage, Event};
use crate::learn::{Learner, Post};
use crate::neuron::{
    CUBA_A_MAX, CUBA_ACT_SHIFT, CUBA_DECAY_BASE, CUBA_U_WRAP, CubaParams, FluxParams, IzhParams,
    NeuronState, Profile, SlotInput, XyloProfile, cuba_update, cuba_update_near_unity,
    cuba_update_near_unity_in_domain, cuba_update_near_unity_in_domain_unwrapped, flux_update,
    izh_update, xylo_update,
};
use crate::noise::NoiseGen;
use std::sync::{Arc, Mutex};

use crate::gang::Gang;
use crate::router::{Fanout, Layout, RingPart, Router, Routes, cut, cut_spaced};
use crate::spec::{Preset, profile as pf, spike_push, state};
use crate::timing::{self, StepWork};
// Image validation lives in its own module; these paths are kept for callers.
pub use crate::validate::{ImageError, validate};

/// An external event the core cannot take (`docs/model.md` §2, `hdl/README.md`).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EventError {
    #[error("event {index}: channel {channel} does not exist (the core has {channels} channels)")]
    Channel {
        index: usize,
        channel: u32,
        channels: u32,
    },
    #[error("event {index}: neuron {neuron} does not exist (the core has {neurons} neurons)")]
    Neuron {
        index: usize,
        neuron: u32,
        neurons: u32,
    },
    #[error("{count} events in one timestep exceed the input FIFO of {capacity}")]
    TooMany { count: usize, capacity: u32 },
}

/// Updated neurons per thread below which a further thread does not pay ([`Core::auto_threads`]):
/// splitting a timestep costs about 1.5 µs here (the threads' meeting, the serial work around it,
/// and each range walking every spike), more than 4,000 CUBA neurons take on one thread (the 4k
/// CUBA benchmark runs 0.64-0.69× as fast on 2 threads, the 40k one 1.34-1.45× faster, session 25;
/// `bench/README.md`).
pub const AUTO_NEURONS_PER_THREAD: usize = 16_384;

/// What one timestep did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StepReport<'a> {
    /// The timestep that ran (the `aer_out_t` of its spikes).
    pub t: u64,
    /// The neurons that spiked in it, ascending.
    pub spikes: &'a [u32],
    /// Clock cycles the hardware takes for it ([`timing::timestep_cycles`]).
    pub cycles: u64,
    /// The work that the cycle count is made of.
    pub work: StepWork,
}

/// A run of consecutive neurons `start..end` that share profile `profile`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Run {
    start: usize,
    end: usize,
    profile: usize,
    /// Every neuron's [`Router::a_in_reach`] lies in the CUBA input domain (`CUBA_A_MAX`): in a
    /// timestep where the reach bounds the sums ([`Shared::sums_in_reach`]), the clamp of §4
    /// step 1 changes nothing for them.
    in_domain: bool,
}

/// Instruction set the update loops were compiled for, picked once at construction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Isa {
    Generic,
    #[cfg(target_arch = "x86_64")]
    Avx2,
    #[cfg(target_arch = "x86_64")]
    Avx512,
}

impl Isa {
    fn detect() -> Self {
        #[cfg(target_arch = "x86_64")]
        {
            if std::is_x86_feature_detected!("avx512f") && std::is_x86_feature_detected!("avx512bw")
            {
                return Isa::Avx512;
            }
            if std::is_x86_feature_detected!("avx2") {
                return Isa::Avx2;
            }
        }
        Isa::Generic
    }
}

/// One Flux core running an image: neuron state, dendritic ring, synapses, and the timestep counter.
#[derive(Clone, Debug)]
pub struct Core {
    preset: Preset,
    n_neurons: usize,
    t: u64,
    // Neuron state, one vector per field of the state word, `N` long.
    v: Vec<i32>,
    u: Vec<i32>,
    thr_off: Vec<i16>,
    mod_level: Vec<i16>,
    ref_cnt: Vec<u8>,
    quiet_cnt: Vec<u8>,
    profile_index: Vec<u8>,
    /// The profile table, decoded (`P` entries, at least one).
    profiles: Vec<Profile>,
    runs: Vec<Run>,
    /// The runs cut at the part boundaries, per part (one part per thread).
    part_runs: Vec<Vec<Run>>,
    /// The updated neurons of each part (the state vectors are `N` long).
    part_lens: Vec<usize>,
    /// The spikes of each part's neurons in the last update, ascending (`spikes` is their
    /// concatenation).
    part_spikes: Vec<Vec<u32>>,
    router: Router,
    /// Spike flag per updated neuron, written by the update loops.
    fired: Vec<u8>,
    /// The spikes of the last timestep, ascending (a neuron that fired `k` spikes `k` times).
    spikes: Vec<u32>,
    /// The spike buffer: the events the next route phase routes after the external ones, as
    /// (source, count) (`docs/model.md` §2.1). The update phase fills it with its spikes, unless
    /// register `extern_spikes` is set; the host (a chip's exchange) appends with `spike_push`.
    routed: Vec<(u32, u32)>,
    /// Register `extern_spikes` (§2.1).
    extern_spikes: bool,
    /// Synapse words, tail, `last[]` and the learning registers (`docs/model.md` §12).
    learner: Learner,
    /// Registers `noise` and `noise_bits` (§3.1).
    noise: NoiseGen,
    /// The `η` of every neuron of a noisy run, drawn in ascending neuron order before the update
    /// phase (`n_neurons` long once a run has noise; the other entries are not read).
    noise_draws: Vec<i32>,
    /// Per profile: its FLUX runs draw noise this timestep (`noise_draws` holds their `η`).
    noisy: Vec<bool>,
    isa: Isa,
    /// Slots read before this timestep may hold an event of several spikes or a source routed
    /// twice (routed into the `S` stored slots from its timestep on, [`Core::routes_repeat`]),
    /// which [`Router::a_in_reach`] does not cover.
    several_until: u64,
    /// The sources of a timestep's spike events (reused by [`Core::routes_repeat`]).
    event_sources: Vec<u32>,
    /// Bounds `|u|` of the CUBA neurons, which may prove the wrap of their current away.
    current_bound: CurrentBound,
    /// Where each neuron's entry lies in the state fields the parts update (`v`, `u`, `thr_off`,
    /// `ref_cnt`, `quiet_cnt`, `fired`): a gap between the parts.
    spacing: Spacing,
    /// The threads of a parallel step; `None` runs on the calling thread. Shared by clones of
    /// the core, which then step one at a time.
    gang: Option<Arc<Gang>>,
}

impl Core {
    /// Loads `image`. Never panics: an image that fails [`validate`] still loads, with missing
    /// memory words read as zero, `n_neurons` clipped to `N`, a profile index past the table read
    /// modulo `P` (the index bits the hardware's table decodes), fan-out ranges clipped to the synapse
    /// memory and out-of-core synapses ignored. Such an image is not cosimulated; use
    /// [`Core::try_new`] to refuse it.
    pub fn new(image: &CoreImage) -> Core {
        Self::build(image, 1)
    }

    /// [`Core::new`] running each timestep on `threads` threads (`0` and `1` both mean the calling
    /// thread). The results are identical for every thread count (`docs/model.md` §14); the
    /// speed-up needs thousands of neurons per thread, since the threads meet once per timestep.
    pub fn with_threads(image: &CoreImage, threads: usize) -> Result<Core, ThreadError> {
        let mut core = Self::build(image, threads.max(1));
        if threads > 1 {
            let gang = Gang::new(threads).map_err(|e| ThreadError(e.to_string()))?;
            core.gang = Some(Arc::new(gang));
        }
        Ok(core)
    }

    /// The thread count the command line picks when none is given: one per
    /// [`AUTO_NEURONS_PER_THREAD`] updated neurons, at least one, at most the CPUs available.
    pub fn auto_threads(n_neurons: u32) -> usize {
        let cpus = std::thread::available_parallelism().map_or(1, usize::from);
        (n_neurons as usize / AUTO_NEURONS_PER_THREAD).clamp(1, cpus)
    }

    /// Threads the core steps on.
    pub fn threads(&self) -> usize {
        self.part_runs.len()
    }

    fn build(image: &CoreImage, parts: usize) -> Core {
        let preset = image.preset;
        let n = preset.neurons as usize;
        let n_neurons = (image.n_neurons as usize).min(n);
        let word = |i: usize| preset.stored_state(image.state.get(i).copied().unwrap_or(0));
        let table = preset.profiles.max(1) as usize;
        let profiles: Vec<Profile> = (0..table)
            .map(|i| Profile::for_core(image.profiles.get(i).copied().unwrap_or(0), &preset))
            .collect();
        let profile_index: Vec<u8> = (0..n).map(|i| state::PROFILE.get(word(i)) as u8).collect();
        let states: Vec<NeuronState> = (0..n).map(|i| NeuronState::from_word(word(i))).collect();

        let mut runs: Vec<Run> = Vec::new();
        for (i, &p) in profile_index.iter().enumerate().take(n_neurons) {
            let profile = p as usize % table;
            match runs.last_mut() {
                Some(run) if run.profile == profile => run.end = i + 1,
                _ => runs.push(Run {
                    start: i,
                    end: i + 1,
                    profile,
                    in_domain: false,
                }),
            }
        }

        let router = Router::with_layout(image, Layout::Compact, parts);
        for run in &mut runs {
            run.in_domain = (run.start..run.end).all(|n| router.a_in_reach(n) <= CUBA_A_MAX as u64);
        }
        let cuba_runs = || {
            runs.iter().filter_map(|r| match &profiles[r.profile] {
                Profile::Cuba(p) => Some((r, p)),
                _ => None,
            })
        };
        let current_bound = CurrentBound::new(
            cuba_runs()
                .flat_map(|(r, _)| &states[r.start..r.end])
                .map(|s| u64::from(s.u.unsigned_abs()))
                .max()
                .unwrap_or(0),
            cuba_runs()
                .map(|(_, p)| (CUBA_DECAY_BASE - p.decay_u) as u64)
                .min()
                .unwrap_or(CUBA_DECAY_BASE as u64),
            router.ring.stored(),
        );
        let spacing = Spacing::new(router.ring.bounds());
        let part_runs: Vec<Vec<Run>> = router
            .ring
            .bounds()
            .windows(2)
            .map(|w| clip_runs(&runs, w[0], w[1]))
            .collect();
        Core {
            preset,
            n_neurons,
            t: 0,
            v: spacing.lay_out(states.iter().map(|s| s.v)),
            u: spacing.lay_out(states.iter().map(|s| s.u)),
            thr_off: spacing.lay_out(states.iter().map(|s| s.thr_off as i16)),
            mod_level: states.iter().map(|s| s.mod_level as i16).collect(),
            ref_cnt: spacing.lay_out(states.iter().map(|s| s.ref_cnt as u8)),
            quiet_cnt: spacing.lay_out(states.iter().map(|s| s.quiet_cnt as u8)),
            profile_index,
            profiles,
            runs,
            part_spikes: vec![Vec::new(); part_runs.len()],
            part_lens: (router.ring.bounds().windows(2))
                .map(|w| w[1].min(n_neurons).saturating_sub(w[0].min(n_neurons)))
                .collect(),
            part_runs,
            router,
            fired: spacing.lay_out((0..n_neurons).map(|_| 0)),
            spacing,
            spikes: Vec::with_capacity(n_neurons),
            routed: Vec::with_capacity(n_neurons),
            extern_spikes: false,
            learner: Learner::new(image),
            noise: NoiseGen::new(preset, image.noise, image.noise_bits),
            noise_draws: Vec::new(),
            noisy: vec![false; table],
            isa: Isa::detect(),
            several_until: 0,
            event_sources: Vec::new(),
            current_bound,
            gang: None,
        }
    }

    /// Loads `image` after [`validate`] accepts it.
    pub fn try_new(image: &CoreImage) -> Result<Core, ImageError> {
        validate(image)?;
        Ok(Core::new(image))
    }

    /// The preset the image was built for.
    pub fn preset(&self) -> Preset {
        self.preset
    }

    /// Neurons updated per timestep.
    pub fn n_neurons(&self) -> u32 {
        self.n_neurons as u32
    }

    /// Timesteps completed (the index of the next timestep).
    pub fn t(&self) -> u64 {
        self.t
    }

    /// The spikes of the last timestep, ascending (empty before the first).
    pub fn last_spikes(&self) -> &[u32] {
        &self.spikes
    }

    /// The packed state word of neuron `n`, as the hardware's debug port returns it (0 past `N`).
    pub fn state_word(&self, n: u32) -> u128 {
        let n = n as usize;
        if n >= self.mod_level.len() {
            return 0;
        }
        let at = self.spacing.at(n);
        let s = NeuronState {
            v: self.v[at],
            u: self.u[at],
            thr_off: self.thr_off[at].into(),
            mod_level: self.mod_level[n].into(),
            ref_cnt: self.ref_cnt[at].into(),
            quiet_cnt: self.quiet_cnt[at].into(),
        };
        s.to_word(state::PROFILE.set(0, self.profile_index[n].into()))
    }

    /// The packed dendritic slot word of slot `slot`, neuron `n` (0 outside the ring).
    pub fn slot_word(&self, slot: u32, n: u32) -> u128 {
        self.router
            .ring
            .input(self.t, slot as usize, n as usize)
            .to_word()
    }

    /// Synapse word `addr` as learning has left it, as the hardware's debug port returns it (0
    /// outside the memory).
    pub fn synapse_word(&self, addr: u32) -> u64 {
        self.learner
            .synapses()
            .get(addr as usize)
            .copied()
            .unwrap_or(0)
    }

    /// Every synapse word as learning has left it (the image's `S` words).
    pub fn synapse_words(&self) -> &[u64] {
        self.learner.synapses()
    }

    /// The learning state: tail, `last[]`, sweep pointer, registers (`docs/model.md` §12).
    pub fn learner(&self) -> &Learner {
        &self.learner
    }

    /// Writes register `learn_en` between timesteps (the host switches learning on or off).
    pub fn set_learn_en(&mut self, on: bool) {
        self.learner.set_learn_en(on);
    }

    /// Writes register `t` between timesteps: the next timestep is `t` (`docs/model.md` §7). The
    /// register is 32 bits wide; the ring and `last[]` are left as they are.
    pub fn set_t(&mut self, t: u32) {
        // Slots that may hold an event of several spikes keep it for `S` timesteps of the new count.
        if self.several_until > self.t {
            self.several_until = u64::from(t) + self.router.ring.stored() as u64;
        }
        self.t = u64::from(t);
    }

    /// Writes register `extern_spikes` between timesteps (`docs/model.md` §2.1): when set, the
    /// update phase no longer fills the spike buffer with its spikes (they are still reported);
    /// only [`Core::push_spike`] does. A core without the `net` unit ignores the write.
    pub fn set_extern_spikes(&mut self, on: bool) {
        self.extern_spikes = on && self.preset.net;
    }

    /// Writes register `spike_push` between timesteps (`docs/model.md` §2.1): appends an event of
    /// `count` spikes of `source` (a neuron `n`, or channel `c` as `N + c`) to the spike buffer,
    /// routed in the next timestep after the external events. A core without the `net` unit, a
    /// full buffer (`N` events), a source past `N + M` and a count of 0 ignore the write.
    pub fn push_spike(&mut self, source: u32, count: u32) {
        let p = &self.preset;
        if p.net
            && self.routed.len() < p.neurons as usize
            && source < p.sources()
            && (1..=spike_push::COUNT.max() as u32).contains(&count)
        {
            self.routed.push((source, count));
        }
    }

    /// The spike buffer: the (source, count) events the next timestep routes after its external
    /// events (§2.1).
    pub fn spike_buffer(&self) -> &[(u32, u32)] {
        &self.routed
    }

    /// Register `noise`: the noise generator's state (`docs/model.md` §3.1).
    pub fn noise(&self) -> u32 {
        self.noise.state()
    }

    /// The synchronous reset (`docs/model.md` §7.1), between timesteps: `t = 0`, the last
    /// timestep's spikes and the queued inputs are dropped (the dendritic ring is zeroed, the tail
    /// emptied, the sweep pointer set to 0). The memories the host loads (profiles, state,
    /// fan-out, synapses, learning tables), the registers and `last[]` are kept. Returns the cycles
    /// the hardware is busy for it ([`timing::reset_cycles`]).
    pub fn reset(&mut self) -> u64 {
        self.t = 0;
        self.spikes.clear();
        self.routed.clear();
        self.router.ring.clear();
        self.several_until = 0;
        self.learner.reset();
        timing::reset_cycles(&self.preset)
    }

    /// Number of synapse words source `source` (neuron `n`, or channel `c` as `N + c`) streams.
    pub fn fanout_count(&self, source: u32) -> u64 {
        self.router.fanout_count(source as usize)
    }

    /// Checks `events` for one timestep without running it.
    pub fn check_events(&self, events: &[Event]) -> Result<(), EventError> {
        let p = &self.preset;
        if events.len() > p.input_fifo as usize {
            return Err(EventError::TooMany {
                count: events.len(),
                capacity: p.input_fifo,
            });
        }
        for (index, &event) in events.iter().enumerate() {
            match event {
                Event::Spike { channel } if channel >= p.channels => {
                    return Err(EventError::Channel {
                        index,
                        channel,
                        channels: p.channels,
                    });
                }
                Event::Current { neuron, .. } if neuron >= p.neurons => {
                    return Err(EventError::Neuron {
                        index,
                        neuron,
                        neurons: p.neurons,
                    });
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Runs one timestep after checking `events` ([`Core::check_events`]); on an error nothing has
    /// changed.
    pub fn try_step(&mut self, events: &[Event]) -> Result<StepReport<'_>, EventError> {
        self.check_events(events)?;
        Ok(self.step(events))
    }

    /// Runs timestep `t` (`docs/model.md` §2) with the external events stamped `t`, in order.
    /// An event with an out-of-range address is skipped and not counted (see [`Core::try_step`]);
    /// the input FIFO limit is not enforced here.
    pub fn step(&mut self, events: &[Event]) -> StepReport<'_> {
        let t = self.t;
        let mut work = StepWork {
            neurons: self.n_neurons as u64,
            ..StepWork::default()
        };
        let neurons = self.preset.neurons;
        let slot = self.router.ring.slot_of(t);
        self.learner.begin_step();

        // Route phase, bookkeeping: external events in the host's order here, then last
        // timestep's spikes (`SpikeBook`, in `route_and_update`). The deliveries themselves are
        // made per part in `route_and_update`.
        for &event in events {
            match event {
                Event::Current { neuron, value } if neuron < neurons => {
                    // A neuron that is never updated keeps its own ring, which no synapse reaches.
                    if self.router.ring.is_dead(neuron as usize) {
                        self.router.ring.inject(t, neuron as usize, value);
                    }
                    work.injections += 1;
                }
                Event::Spike { channel } if channel < self.preset.channels => {
                    work.synapses += self.router.fanout_count((neurons + channel) as usize);
                    work.spike_events += 1;
                    self.learner.push(neurons + channel);
                }
                _ => {}
            }
        }

        // Update phase (the noise draws first, in neuron order, §3.1).
        self.draw_noise();
        self.route_and_update(slot, events, &mut work);
        self.spikes.clear();
        for part in &self.part_spikes {
            self.spikes.extend_from_slice(part);
        }
        self.routed.clear();
        // A neuron that fired `k` spikes (the Xylo kind, §4.2) is listed `k` times: one event.
        for run in self.spikes.chunk_by(|a, b| a == b) {
            self.learner.spiked(t, run[0]);
            if !self.extern_spikes {
                self.routed.push((run[0], run.len() as u32));
            }
        }

        // Learning phase (§12.3), when learn_en is on.
        if self.learner.learn_en() {
            let post = Post {
                profile: &self.profile_index,
                mod_level: &self.mod_level,
                // The hardware asks whether its spike buffer holds an event (§12.3).
                any_spike: !self.routed.is_empty(),
            };
            let learned = self.learner.learning_phase(t, &post, &mut self.router);
            work.learn = true;
            work.tail_slots = self.learner.tail_slots().into();
            work.learn_streamed = learned.streamed;
            work.learn_sources = learned.sources;
            work.swept = learned.swept;
            work.sweep_serial = learned.sweep_serial;
        }

        self.t += 1;
        StepReport {
            t,
            spikes: &self.spikes,
            cycles: timing::timestep_cycles(&work),
            work,
        }
    }

    /// Draws `η` for every neuron of a noisy FLUX run, in ascending neuron order (§3.1: each neuron
    /// takes `η` from the generator's state and steps it), into `noise_draws`.
    fn draw_noise(&mut self) {
        for (p, noisy) in self.noisy.iter_mut().enumerate() {
            *noisy = matches!(self.profiles[p], Profile::Flux(_))
                && self.noise.width(p, pf::KIND_FLUX) > 0;
        }
        for run in &self.runs {
            if self.noisy[run.profile] {
                let k = self.noise.width(run.profile, pf::KIND_FLUX);
                self.noise_draws.resize(self.n_neurons, 0);
                for i in run.start..run.end {
                    self.noise_draws[i] = self.noise.draw(k);
                }
            }
        }
    }

    /// Whether this timestep may add a synapse into a slot more than once or more than one spike at
    /// a time, beyond what [`Router::a_in_reach`] counts: an event of several spikes, or a source
    /// routed twice (the spike buffer out of ascending order, which only [`Core::push_spike`] can
    /// do; a channel in two spike events, or in one and in the buffer).
    fn routes_repeat(&mut self, events: &[Event]) -> bool {
        let buffer = &self.routed;
        if buffer.iter().any(|&(_, count)| count > 1) || !buffer.is_sorted_by(|a, b| a.0 < b.0) {
            return true;
        }
        let (neurons, channels) = (self.preset.neurons, self.preset.channels);
        self.event_sources.clear();
        self.event_sources
            .extend(events.iter().filter_map(|&e| match e {
                Event::Spike { channel } if channel < channels => Some(neurons + channel),
                _ => None,
            }));
        self.event_sources.sort_unstable();
        self.event_sources.windows(2).any(|w| w[0] == w[1])
            || self.event_sources.iter().any(|s| {
                buffer
                    .binary_search_by_key(s, |&(source, _)| source)
                    .is_ok()
            })
    }

    /// A bound on what this timestep's route phase adds into the `a_in` of one neuron: each spike
    /// event its source's [`Router::spike_reach`] times its spikes, each current its magnitude;
    /// no bound (`u64::MAX`) once a weight has grown.
    fn added_at_most(&self, events: &[Event]) -> u64 {
        if !self.router.reach_holds() {
            return u64::MAX;
        }
        let (neurons, channels) = (self.preset.neurons, self.preset.channels);
        let external = events.iter().map(|&e| match e {
            Event::Spike { channel } if channel < channels => {
                self.router.spike_reach((neurons + channel) as usize)
            }
            Event::Current { value, .. } => u64::from(value.unsigned_abs()),
            _ => 0,
        });
        let buffer = (self.routed.iter())
            .map(|&(source, count)| u64::from(count) * self.router.spike_reach(source as usize));
        external
            .chain(buffer)
            .fold(0u64, |sum, x| sum.saturating_add(x))
    }

    /// Delivers `events` and the last timestep's spikes, then updates neurons `0..n_neurons` from
    /// stored ring slot `slot`, part by part: on the pool's threads when there is one.
    fn route_and_update(&mut self, slot: usize, events: &[Event], work: &mut StepWork) {
        // An event of several spikes, or a source routed twice, adds into the slots this timestep
        // and the next `S - 1` read.
        if self.routes_repeat(events) {
            let until = self.t + self.router.ring.stored() as u64;
            self.several_until = self.several_until.max(until);
        }
        let shared = Shared {
            slot,
            next: (slot + 1) % self.router.ring.stored(),
            neurons: self.preset.neurons,
            channels: self.preset.channels,
            events,
            spikes: &self.routed,
            profiles: &self.profiles,
            noisy: &self.noisy,
            noise: &self.noise_draws,
            isa: self.isa,
            // The condition of [`Run::in_domain`] and `Routes::exact`: no current injected, one
            // spike per event in every timestep that routed into a slot of the ring, and no weight
            // grown since the reach was computed.
            sums_in_reach: work.injections == 0
                && self.t >= self.several_until
                && self.router.reach_holds(),
            unwrapped: self.current_bound.step(self.added_at_most(events)),
        };
        let lens = || self.part_lens.iter().copied();
        let gap = self.spacing.gap;
        let mut v = cut_spaced(&mut self.v, lens(), gap);
        let mut u = cut_spaced(&mut self.u, lens(), gap);
        let mut thr_off = cut_spaced(&mut self.thr_off, lens(), gap);
        let mut mod_level = cut(&mut self.mod_level, lens());
        let mut ref_cnt = cut_spaced(&mut self.ref_cnt, lens(), gap);
        let mut quiet_cnt = cut_spaced(&mut self.quiet_cnt, lens(), gap);
        let mut fired = cut_spaced(&mut self.fired, lens(), gap);
        let (routes, fanout, rings) = self.router.parts_mut();
        let book = SpikeBook {
            spikes: &self.routed,
            fanout,
            learner: &mut self.learner,
            work,
        };
        // Lazy, so that a timestep allocates nothing on one thread.
        let parts = rings
            .zip(routes)
            .zip(&self.part_runs)
            .zip(&mut self.part_spikes)
            .map(|(((ring, routes), runs), spikes)| Part {
                routes,
                ring,
                runs,
                spikes,
                v: v.next().unwrap_or_default(),
                u: u.next().unwrap_or_default(),
                thr_off: thr_off.next().unwrap_or_default(),
                mod_level: mod_level.next().unwrap_or_default(),
                ref_cnt: ref_cnt.next().unwrap_or_default(),
                quiet_cnt: quiet_cnt.next().unwrap_or_default(),
                fired: fired.next().unwrap_or_default(),
            });
        match &self.gang {
            // One part per thread of the gang, run at once; `run` returns when all are done (the
            // timestep's barrier).
            Some(gang) => {
                let parts: Vec<Mutex<Option<Part>>> = parts.map(|p| Mutex::new(Some(p))).collect();
                // The leader keeps the books while the helpers start on their parts.
                let book = Mutex::new(Some(book));
                gang.run(&|i| {
                    if i == 0
                        && let Ok(Some(book)) = book.lock().map(|mut b| b.take())
                    {
                        book.run();
                    }
                    let part = parts[i].lock().map(|mut p| p.take());
                    if let Ok(Some(part)) = part {
                        part.run(&shared);
                    }
                });
            }
            None => {
                book.run();
                parts.for_each(|p| p.run(&shared));
            }
        }
    }
}

/// `runs` cut to the neurons `a..b`, with neuron indices relative to `a`.
fn clip_runs(runs: &[Run], a: usize, b: usize) -> Vec<Run> {
    runs.iter()
        .filter(|r| r.start < b && r.end > a)
        .map(|r| Run {
            start: r.start.max(a) - a,
            end: r.end.min(b) - a,
            ..*r
        })
        .collect()
}

/// Entries left between two parts in the state fields the update phase writes: a page of the byte
/// fields, so that the processor updating one part does not read ahead into the next part's lines
/// (its prefetchers follow a stream to the end of a 4 KB page). Without it the upper of two parts of
/// the 40k CUBA benchmark took 15 % longer than alone while the lower one ran beside it, all of it
/// in its first 4,096 neurons (`bench/README.md`). `mod_level` stays unspaced: the learning phase
/// reads it by neuron number.
const PART_GAP: usize = 4096;

/// The place of neuron `n`'s entry in a spaced state field: `n + gap * p` for a neuron of part `p`
/// (the parts as the ring cuts them); one part has no gap.
#[derive(Clone, Debug)]
struct Spacing {
    /// The parts' first neurons after the first part's.
    starts: Vec<usize>,
    gap: usize,
}

impl Spacing {
    fn new(bounds: &[usize]) -> Self {
        let parts = bounds.len().saturating_sub(1);
        Self {
            starts: bounds.get(1..parts).unwrap_or_default().to_vec(),
            gap: if parts > 1 { PART_GAP } else { 0 },
        }
    }

    fn at(&self, n: usize) -> usize {
        n + self.gap * self.starts.partition_point(|&s| s <= n)
    }

    /// A field whose entry `n` is `values[n]`, laid out with the gaps (filled with the default).
    fn lay_out<T: Clone + Default>(&self, values: impl ExactSizeIterator<Item = T>) -> Vec<T> {
        let mut field = vec![T::default(); values.len() + self.gap * self.starts.len()];
        for (n, x) in values.enumerate() {
            field[self.at(n)] = x;
        }
        field
    }
}

/// The thread pool could not be started.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("cannot start the model's threads: {0}")]
pub struct ThreadError(String);

/// A bound on `|u|` of every CUBA neuron, kept from timestep to timestep: where it shows that
/// `u1` of `docs/model.md` §4 step 2 stays within `(-2^23, 2^23]`, the wrap is the identity and the
/// engine's loop leaves it out (3 of about 28 vector instructions per 16 neurons).
///
/// With `d = du + 1` (at least 1) the decay gives `|rtz_shift(u * (4096 - d), 12)| =
/// |u| - ceil(|u| d / 4096)`, which grows with `|u|` and shrinks with `d`; so if `|u| <= U` and the
/// input is `|a| <= A`, then `|u1| <= U - ceil(U d / 4096) + 64 A` with the smallest `d` of the
/// core's CUBA profiles. `A` is the sum of what the route phases of the last `S` timesteps (the
/// stored slots) added into one neuron (the slot a timestep reads was cleared when last read, `S`
/// timesteps before, and received nothing else), at most `2^17` (the clamp of step 1; where the
/// loop leaves the clamp out, `|a_in| < 2^17` is proven). After a timestep that may wrap, `|u'| <=
/// 2^23` still holds.
#[derive(Clone, Debug)]
struct CurrentBound {
    /// Every CUBA neuron's `|u|` is at most this before the next update.
    u: u64,
    /// The smallest `du + 1` of the CUBA profiles in use (the slowest decay).
    d: u64,
    /// What each of the last `S` route phases added into one neuron at most, oldest first from `at`.
    added: Vec<u64>,
    at: usize,
}

impl CurrentBound {
    fn new(u: u64, d: u64, slots: usize) -> Self {
        Self {
            u,
            d: d.max(1),
            added: vec![0; slots.max(1)],
            at: 0,
        }
    }

    /// Takes a timestep whose route phase added at most `added` into one neuron; returns whether
    /// its update's `u1` stays within the range where the wrap is the identity.
    fn step(&mut self, added: u64) -> bool {
        const WRAP: u64 = CUBA_U_WRAP as u64;
        self.added[self.at] = added;
        self.at = (self.at + 1) % self.added.len();
        let a = (self.added.iter())
            .fold(0u64, |sum, &x| sum.saturating_add(x))
            .min(1 << 17);
        let u1 =
            self.u - (self.u * self.d).div_ceil(CUBA_DECAY_BASE as u64) + (a << CUBA_ACT_SHIFT);
        self.u = u1.min(WRAP);
        u1 < WRAP
    }
}

/// What every part of a step reads.
struct Shared<'a> {
    /// The stored slot the timestep reads, and the next one (a Xylo neuron's carry).
    slot: usize,
    next: usize,
    neurons: u32,
    channels: u32,
    events: &'a [Event],
    /// The spike buffer's events, (source, count).
    spikes: &'a [(u32, u32)],
    profiles: &'a [Profile],
    /// Per profile: its FLUX runs take their `η` from `noise`.
    noisy: &'a [bool],
    /// `η` per updated neuron (read for the noisy runs only).
    noise: &'a [i32],
    isa: Isa,
    /// The timestep injects no current, every event routed in the last `S` timesteps, this one
    /// included, was one spike of a source routed once in its timestep (every slot of the ring
    /// holds sums that [`Router::a_in_reach`] counts), and the reach holds.
    sums_in_reach: bool,
    /// No CUBA neuron's current wraps in this timestep's update ([`CurrentBound`]).
    unwrapped: bool,
}

/// The route phase's bookkeeping of the spike buffer's events, after the external ones: the
/// synapse words each streams and the tail's pushes, in buffer order (§12.2). The deliveries
/// themselves are made per part.
struct SpikeBook<'a> {
    spikes: &'a [(u32, u32)],
    fanout: Fanout<'a>,
    learner: &'a mut Learner,
    work: &'a mut StepWork,
}

impl SpikeBook<'_> {
    fn run(self) {
        // The fan-out entries are scattered (320 kB at 40,000 neurons): ask for all first.
        for &(source, _) in self.spikes {
            self.fanout.prefetch(source as usize);
        }
        for &(source, _) in self.spikes {
            self.work.synapses += self.fanout.count(source as usize);
            self.learner.push(source);
            self.work.spike_events += 1;
        }
    }
}

/// One part of a step: a range of neurons with its ring, its synapses and its state.
struct Part<'a> {
    routes: &'a Routes,
    ring: RingPart<'a>,
    /// The runs of this part, relative to its first neuron.
    runs: &'a [Run],
    /// Receives the spikes of this part's neurons (core neuron numbers), ascending.
    spikes: &'a mut Vec<u32>,
    v: &'a mut [i32],
    u: &'a mut [i32],
    thr_off: &'a mut [i16],
    mod_level: &'a mut [i16],
    ref_cnt: &'a mut [u8],
    quiet_cnt: &'a mut [u8],
    fired: &'a mut [u8],
}

impl Part<'_> {
    /// Routes the timestep's events and spikes into this part, in order, then updates its neurons.
    fn run(mut self, sh: &Shared) {
        let ring = &mut self.ring;
        let range = ring.start..ring.start + ring.len;
        // No sum saturates (`Routes::exact`); the timestep's currents are injected first, so a
        // timestep with one is not.
        let exact = self.routes.exact && sh.sums_in_reach;
        for &event in sh.events {
            match event {
                Event::Current { neuron, value } if range.contains(&(neuron as usize)) => {
                    ring.inject(sh.slot, neuron as usize, value);
                }
                Event::Spike { channel } if channel < sh.channels => {
                    let source = (sh.neurons + channel) as usize;
                    self.routes.deliver(ring, sh.slot, source, 1, exact);
                }
                _ => {}
            }
        }
        // Every spike's fan-out entry in this part first (40,000 sources: 320 kB of entries, and
        // the next spike's is read to prefetch its records): 4 % of a 40,000-neuron timestep.
        for &(source, _) in sh.spikes {
            self.routes.prefetch_entry(source as usize);
        }
        let mut events = sh.spikes.iter().peekable();
        while let Some(&(source, count)) = events.next() {
            // The next spike's records are asked for while this one's are delivered.
            if let Some(next) = events.peek() {
                self.routes.prefetch(next.0 as usize);
            }
            self.routes
                .deliver(ring, sh.slot, source as usize, count, exact);
        }
        self.update(sh);
    }

    /// Updates this part's neurons from stored ring slot `sh.slot`, clearing it (a Xylo neuron
    /// instead carries its currents into the next slot), and sets `fired` to the spike counts.
    fn update(self, sh: &Shared) {
        let mut ring = self.ring;
        let len = ring.len;
        let (row, next_row) = (sh.slot * len, sh.next * len);
        let first = ring.start;
        self.spikes.clear();
        for run in self.runs {
            let (a, b) = (run.start, run.end);
            let (ra, rb) = (row + a, row + b);
            let fired = &mut self.fired[a..b];
            if let Profile::Xylo(p) = &sh.profiles[run.profile] {
                let st = XyloSlices {
                    v: &mut self.v[a..b],
                    thr_off: &mut self.thr_off[a..b],
                    mod_level: &mut self.mod_level[a..b],
                };
                xylo_loop(p, st, &mut ring, ra, next_row + a, fired);
                continue;
            }
            let input = Inputs {
                a_in: &mut ring.a_in[ra..rb],
                m_in: stored(ring.m_in, ra..rb),
                e: stored(ring.e, ra..rb),
                in_domain: run.in_domain && sh.sums_in_reach,
                unwrapped: sh.unwrapped,
            };
            match &sh.profiles[run.profile] {
                Profile::Flux(p) => {
                    let st = FluxSlices {
                        v: &mut self.v[a..b],
                        thr_off: &mut self.thr_off[a..b],
                        mod_level: &mut self.mod_level[a..b],
                        ref_cnt: &mut self.ref_cnt[a..b],
                        quiet_cnt: &mut self.quiet_cnt[a..b],
                    };
                    if sh.noisy[run.profile] {
                        let noise = &sh.noise[first + a..first + b];
                        flux_noisy_loop(p, st, input, noise, fired);
                    } else {
                        dispatch_flux(sh.isa, p, st, input, fired);
                    }
                }
                Profile::Cuba(p) => {
                    let st = CubaSlices {
                        v: &mut self.v[a..b],
                        u: &mut self.u[a..b],
                        ref_cnt: &mut self.ref_cnt[a..b],
                    };
                    dispatch_cuba(sh.isa, p, st, input, fired);
                }
                Profile::Izh(p) => {
                    let st = CubaSlices {
                        v: &mut self.v[a..b],
                        u: &mut self.u[a..b],
                        ref_cnt: &mut self.ref_cnt[a..b],
                    };
                    izh_loop(p, st, input, fired);
                }
                Profile::Xylo(_) => unreachable!("updated above"),
            }
        }
        collect_spikes(sh.isa, self.fired, first as u32, self.spikes);
    }
}

/// The state a Xylo run updates: the membrane and the copies of its currents (§4.2).
struct XyloSlices<'a> {
    v: &'a mut [i32],
    thr_off: &'a mut [i16],
    mod_level: &'a mut [i16],
}

/// The Xylo update loop over one run (§4.2): [`xylo_update`] per neuron on the currents in ring
/// index `from + i`, which it leaves as they are (the hardware does not clear them), and the
/// decayed currents written whole into index `to + i`, the next slot (`e` cleared).
fn xylo_loop(
    p: &XyloProfile,
    st: XyloSlices,
    ring: &mut RingPart,
    from: usize,
    to: usize,
    fired: &mut [u8],
) {
    for (i, f) in fired.iter_mut().enumerate() {
        let (r, nx) = (from + i, to + i);
        let input = SlotInput {
            a_in: ring.a_in[r],
            m_in: ring.m_in.get(r).map_or(0, |&m| m.into()),
            ..SlotInput::default()
        };
        let mut s = NeuronState {
            v: st.v[i],
            thr_off: st.thr_off[i].into(),
            mod_level: st.mod_level[i].into(),
            ..NeuronState::default()
        };
        *f = xylo_update(p, &mut s, input);
        st.v[i] = s.v;
        st.thr_off[i] = s.thr_off as i16;
        st.mod_level[i] = s.mod_level as i16;
        ring.a_in[nx] = s.thr_off;
        if let Some(m) = ring.m_in.get_mut(nx) {
            *m = s.mod_level as i16;
        }
        if let Some(e) = ring.e.get_mut(nx) {
            *e = 0;
        }
    }
}

/// Appends `first +` the indices of the non-zero flags, ascending, each as many times as its count
/// (a Xylo neuron's spikes, §4.2): 64 flags at a time, from the mask of the non-zero ones. On
/// AVX-512 that mask is one compare, so a block without a spike costs a load, a compare and a
/// branch (most blocks: 3 % of a CUBA 4,000-neuron timestep went to the scan before).
fn collect_spikes(isa: Isa, fired: &[u8], first: u32, spikes: &mut Vec<u32>) {
    #[cfg(target_arch = "x86_64")]
    if isa == Isa::Avx512 {
        #[target_feature(enable = "avx512f,avx512bw")]
        fn avx512(fired: &[u8], first: u32, spikes: &mut Vec<u32>) {
            use std::arch::x86_64::{_mm512_loadu_si512, _mm512_test_epi8_mask};
            collect_blocks(fired, first, spikes, |block| {
                // SAFETY: `block` is 64 bytes to read (the load needs no alignment).
                let flags = unsafe { _mm512_loadu_si512(block.as_ptr().cast()) };
                _mm512_test_epi8_mask(flags, flags)
            });
        }
        // SAFETY: `Isa::detect` chose AVX-512 only after the CPU reported avx512f and avx512bw.
        return unsafe { avx512(fired, first, spikes) };
    }
    let _ = isa;
    collect_blocks(fired, first, spikes, nonzero_bits);
}

/// [`collect_spikes`] with `bits(block)` the mask of a block's non-zero flags (bit `i`: flag `i`).
#[inline(always)]
fn collect_blocks(
    fired: &[u8],
    first: u32,
    spikes: &mut Vec<u32>,
    bits: impl Fn(&[u8; 64]) -> u64,
) {
    let (blocks, rest) = fired.as_chunks::<64>();
    // The last flags, padded with zeros to a block (a flag at a time cost 2 % of a 4,000-neuron
    // timestep: 32 flags after 62 blocks).
    let mut last = [0; 64];
    last[..rest.len()].copy_from_slice(rest);
    let tail = (!rest.is_empty()).then_some(&last);
    let mut base = first;
    for block in blocks.iter().chain(tail) {
        let mut mask = bits(block);
        while mask != 0 {
            let i = mask.trailing_zeros();
            spikes.extend(std::iter::repeat_n(base + i, block[i as usize].into()));
            mask &= mask - 1;
        }
        base += 64;
    }
}

/// The mask of the non-zero flags of `block`, portably: a block of zeros (most are) is seen by the
/// OR of its flags, which compiles to a few vector instructions.
#[inline(always)]
fn nonzero_bits(block: &[u8; 64]) -> u64 {
    if block.iter().fold(0, |acc, &f| acc | f) == 0 {
        return 0;
    }
    block
        .iter()
        .enumerate()
        .fold(0, |mask, (i, &f)| mask | (u64::from(f != 0) << i))
}

/// `v[range]`, or nothing when `v` is empty: `m_in` and `e` are stored only if some synapse writes
/// them ([`Router`]), and the loops read an empty slice as all zeros.
fn stored<T>(v: &mut [T], range: std::ops::Range<usize>) -> &mut [T] {
    if v.is_empty() { &mut [] } else { &mut v[range] }
}

/// One run's slice of the ring row being read (and cleared); `m_in` and `e` may be empty (all
/// zeros, nothing to clear).
struct Inputs<'a> {
    a_in: &'a mut [i32],
    m_in: &'a mut [i16],
    e: &'a mut [u8],
    /// Every `a_in` lies in the CUBA input domain ([`Run::in_domain`]).
    in_domain: bool,
    /// No CUBA current wraps ([`CurrentBound`]).
    unwrapped: bool,
}

/// One run's slice of the fields a FLUX neuron uses.
struct FluxSlices<'a> {
    v: &'a mut [i32],
    thr_off: &'a mut [i16],
    mod_level: &'a mut [i16],
    ref_cnt: &'a mut [u8],
    quiet_cnt: &'a mut [u8],
}

/// One run's slice of the fields a CUBA or an Izhikevich neuron uses.
struct CubaSlices<'a> {
    v: &'a mut [i32],
    u: &'a mut [i32],
    ref_cnt: &'a mut [u8],
}

/// The FLUX update loop over one run: [`flux_update`] per neuron, on the unpacked fields. `u` is not
/// read or written (the rule keeps it). `M` / `E`: whether `input.m_in` / `input.e` are stored (else
/// they are empty and read as 0).
#[inline(always)]
fn flux_loop<const M: bool, const E: bool>(
    p: &FluxParams,
    st: FluxSlices,
    input: Inputs,
    fired: &mut [u8],
) {
    flux_loop_with::<M, E, false>(p, st, input, &[], fired)
}

/// The FLUX loop of a run whose profile has noise (§3.1): `noise[i]` is neuron `i`'s `η`. Not
/// vectorised (a noisy run is the exception), so the stored inputs are picked at run time.
fn flux_noisy_loop(p: &FluxParams, st: FluxSlices, input: Inputs, noise: &[i32], fired: &mut [u8]) {
    match (!input.m_in.is_empty(), !input.e.is_empty()) {
        (false, false) => flux_loop_with::<false, false, true>(p, st, input, noise, fired),
        (true, false) => flux_loop_with::<true, false, true>(p, st, input, noise, fired),
        (false, true) => flux_loop_with::<false, true, true>(p, st, input, noise, fired),
        (true, true) => flux_loop_with::<true, true, true>(p, st, input, noise, fired),
    }
}

/// [`flux_loop`], with `η` from `noise` when `N` (else 0 and `noise` is unused).
#[inline(always)]
fn flux_loop_with<const M: bool, const E: bool, const N: bool>(
    p: &FluxParams,
    st: FluxSlices,
    input: Inputs,
    noise: &[i32],
    fired: &mut [u8],
) {
    let len = fired.len();
    let (v, thr_off, mod_level) = (
        &mut st.v[..len],
        &mut st.thr_off[..len],
        &mut st.mod_level[..len],
    );
    let (ref_cnt, quiet_cnt) = (&mut st.ref_cnt[..len], &mut st.quiet_cnt[..len]);
    let (a_in, m_in, e) = (
        &mut input.a_in[..len],
        &mut input.m_in[..if M { len } else { 0 }],
        &mut input.e[..if E { len } else { 0 }],
    );
    for i in 0..len {
        let mut s = NeuronState {
            v: v[i],
            u: 0,
            thr_off: thr_off[i].into(),
            mod_level: mod_level[i].into(),
            ref_cnt: ref_cnt[i].into(),
            quiet_cnt: quiet_cnt[i].into(),
        };
        let x = SlotInput {
            a_in: a_in[i],
            m_in: if M { m_in[i].into() } else { 0 },
            e: E && e[i] != 0,
            noise: if N { noise[i] } else { 0 },
        };
        let spiked = flux_update(p, &mut s, x);
        // Every result fits its field (tests/neuron_rules.rs checks it on random words), so the
        // narrowing stores lose nothing.
        v[i] = s.v;
        thr_off[i] = s.thr_off as i16;
        mod_level[i] = s.mod_level as i16;
        ref_cnt[i] = s.ref_cnt as u8;
        quiet_cnt[i] = s.quiet_cnt as u8;
        a_in[i] = 0;
        if M {
            m_in[i] = 0;
        }
        if E {
            e[i] = 0;
        }
        fired[i] = spiked as u8;
    }
}

/// The CUBA update loop over one run: [`cuba_update`] per neuron, or [`cuba_update_near_unity`]
/// (the same results) when the profile's decays are near unity: one product per decay instead of
/// two, and the loop is bound by the vector port that multiplies and shifts. `thr_off`,
/// `mod_level` and `quiet_cnt` are not touched (the rule keeps them) and `m_in` is cleared unread.
/// `M` / `E` as in [`flux_loop`].
#[inline(always)]
fn cuba_loop<const M: bool, const E: bool>(
    p: &CubaParams,
    st: CubaSlices,
    input: Inputs,
    fired: &mut [u8],
) {
    match (p.near_unity(), input.in_domain, input.unwrapped) {
        (true, true, true) => cuba_loop_with::<M, E>(
            p,
            st,
            input,
            fired,
            cuba_update_near_unity_in_domain_unwrapped,
        ),
        (true, true, false) => {
            cuba_loop_with::<M, E>(p, st, input, fired, cuba_update_near_unity_in_domain)
        }
        (true, false, _) => cuba_loop_with::<M, E>(p, st, input, fired, cuba_update_near_unity),
        (false, ..) => cuba_loop_with::<M, E>(p, st, input, fired, cuba_update),
    }
}

/// The body of [`cuba_loop`], on the form of the rule `update`.
#[inline(always)]
fn cuba_loop_with<const M: bool, const E: bool>(
    p: &CubaParams,
    st: CubaSlices,
    input: Inputs,
    fired: &mut [u8],
    update: impl Fn(&CubaParams, &mut NeuronState, SlotInput) -> bool,
) {
    let len = fired.len();
    let (v, u, ref_cnt) = (&mut st.v[..len], &mut st.u[..len], &mut st.ref_cnt[..len]);
    let (a_in, m_in, e) = (
        &mut input.a_in[..len],
        &mut input.m_in[..if M { len } else { 0 }],
        &mut input.e[..if E { len } else { 0 }],
    );
    for i in 0..len {
        let mut s = NeuronState {
            v: v[i],
            u: u[i],
            ref_cnt: ref_cnt[i].into(),
            ..NeuronState::default()
        };
        let x = SlotInput {
            a_in: a_in[i],
            m_in: 0,
            e: E && e[i] != 0,
            noise: 0,
        };
        let spiked = update(p, &mut s, x);
        v[i] = s.v;
        u[i] = s.u;
        ref_cnt[i] = s.ref_cnt as u8;
        a_in[i] = 0;
        if M {
            m_in[i] = 0;
        }
        if E {
            e[i] = 0;
        }
        fired[i] = spiked as u8;
    }
}

/// The Izhikevich update loop over one run: [`izh_update`] per neuron on `v` and `u` (its products
/// need 64 bits, so it is not vectorised); the other fields are kept and `m_in` is cleared unread.
fn izh_loop(p: &IzhParams, st: CubaSlices, input: Inputs, fired: &mut [u8]) {
    let len = fired.len();
    let (v, u) = (&mut st.v[..len], &mut st.u[..len]);
    for i in 0..len {
        let mut s = NeuronState {
            v: v[i],
            u: u[i],
            ..NeuronState::default()
        };
        let x = SlotInput {
            a_in: input.a_in[i],
            e: input.e.get(i).is_some_and(|&e| e != 0),
            ..SlotInput::default()
        };
        fired[i] = izh_update(p, &mut s, x) as u8;
        v[i] = s.v;
        u[i] = s.u;
        input.a_in[i] = 0;
    }
    input.m_in.iter_mut().for_each(|m| *m = 0);
    input.e.iter_mut().for_each(|e| *e = 0);
}

/// Instantiates an update loop for each instruction set and for each combination of stored inputs
/// (`m_in`, `e`), and a dispatcher that picks one.
macro_rules! dispatched {
    ($dispatch:ident, $lp:ident, $params:ty, $slices:ident) => {
        fn $dispatch(isa: Isa, p: &$params, st: $slices, input: Inputs, fired: &mut [u8]) {
            match (!input.m_in.is_empty(), !input.e.is_empty()) {
                (false, false) => on_isa::<false, false>(isa, p, st, input, fired),
                (true, false) => on_isa::<true, false>(isa, p, st, input, fired),
                (false, true) => on_isa::<false, true>(isa, p, st, input, fired),
                (true, true) => on_isa::<true, true>(isa, p, st, input, fired),
            }

            fn on_isa<const M: bool, const E: bool>(
                isa: Isa,
                p: &$params,
                st: $slices,
                input: Inputs,
                fired: &mut [u8],
            ) {
                #[cfg(target_arch = "x86_64")]
                {
                    #[target_feature(enable = "avx512f,avx512bw,avx512vl,avx512dq,avx2,bmi1,bmi2")]
                    fn avx512<const M: bool, const E: bool>(
                        p: &$params,
                        st: $slices,
                        input: Inputs,
                        fired: &mut [u8],
                    ) {
                        $lp::<M, E>(p, st, input, fired)
                    }
                    #[target_feature(enable = "avx2,bmi1,bmi2")]
                    fn avx2<const M: bool, const E: bool>(
                        p: &$params,
                        st: $slices,
                        input: Inputs,
                        fired: &mut [u8],
                    ) {
                        $lp::<M, E>(p, st, input, fired)
                    }
                    match isa {
                        // SAFETY: `Isa::detect` chose these only after the CPU reported the features.
                        Isa::Avx512 => return unsafe { avx512::<M, E>(p, st, input, fired) },
                        // SAFETY: as above.
                        Isa::Avx2 => return unsafe { avx2::<M, E>(p, st, input, fired) },
                        Isa::Generic => {}
                    }
                }
                let _ = isa;
                $lp::<M, E>(p, st, input, fired)
            }
        }
    };
}

dispatched!(dispatch_flux, flux_loop, FluxParams, FluxSlices);
dispatched!(dispatch_cuba, cuba_loop, CubaParams, CubaSlices);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::neuron::I24_MAX;
    use crate::neuron::Profile;
    use crate::router::Layout;
    use crate::spec::{SMALL, profile as pf, slot, syn_type};
    use crate::synapse::Stream;

    // The stimulus kit's seeded generator (`range` is inclusive).
    use crate::testing::SplitMix64 as Rng;

    /// A random valid image of the small preset whose synapses have delays up to `max_delay` and
    /// types from `types`; active profiles (low thresholds, a positive CUBA bias) so that it spikes.
    /// 254 to 256 neurons are updated (at most 255 with `dead_targets`); synapses target only those
    /// unless `dead_targets`.
    fn image(rng: &mut Rng, max_delay: u64, types: &[i64], dead_targets: bool) -> CoreImage {
        let p = SMALL;
        let mut image = CoreImage::empty(p);
        image.n_neurons = p.neurons - rng.below(3) as u32 - u32::from(dead_targets);
        let targets = if dead_targets {
            p.neurons
        } else {
            image.n_neurons
        };
        for w in image.profiles.iter_mut() {
            let word = pf::REF_PERIOD.set(0, rng.range(0, 3));
            *w = if rng.below(2) == 0 {
                let word = pf::KIND.set(word, pf::KIND_CUBA);
                let word = pf::DU.set(word, rng.range(0, 4095));
                let word = pf::DV.set(word, rng.range(0, 299));
                let word = pf::BIAS_MANT.set(word, rng.range(0, 199));
                pf::VTH.set(word, rng.range(0, 299))
            } else {
                let word = pf::THR.set(word, rng.range(1, 99));
                let word = pf::LEAK.set(word, rng.range(0, 9));
                pf::MOD_GAIN.set(word, rng.range(0, 63))
            };
        }
        for w in image.state.iter_mut() {
            let word = state::PROFILE.set(0, rng.below(p.profiles.into()) as i64);
            *w = state::V.set(word, rng.range(-100, 99));
        }
        let mut next = 0u64;
        for s in 0..p.sources() as usize {
            let count = rng.below(10).min(u64::from(p.synapses) - next);
            for a in next..next + count {
                let w = p.syn_target().set(0, rng.below(targets.into()) as i64);
                let w = p.syn_weight().set(w, rng.range(-60, 127));
                let w = p.syn_delay().set(w, rng.below(max_delay + 1) as i64);
                let ty = types[rng.below(types.len() as u64) as usize];
                image.synapses[a as usize] = p.syn_type().set(w, ty) as u64;
            }
            image.fanout[s] = fanout(&p, next, count);
            next += count;
        }
        validate(&image).expect("the test images are valid");
        image
    }

    /// `Core::reset` (`docs/model.md` §7.1): after timesteps that leave inputs in flight in the
    /// ring, spikes to route and a filled tail, it drops all of them and sets `t = 0`, and keeps the
    /// state words and `last[]`; it reports `1 + D × N` cycles.
    #[test]
    fn reset_drops_what_is_queued_and_keeps_the_memories() {
        let seed = 0x5E5E_7000_2026;
        println!("seed {seed:#x}");
        let mut rng = Rng(seed);
        let (d, m) = (syn_type::DIRECT, syn_type::MODULATORY);
        let image = image(&mut rng, 7, &[d, d, m], false);
        let p = image.preset;
        let mut core = Core::new(&image);
        for t in 0..20 {
            let events = [
                Event::Current {
                    neuron: rng.below(p.neurons.into()) as u32,
                    value: 50,
                },
                Event::Spike {
                    channel: t % p.channels,
                },
            ];
            core.step(&events);
        }
        let ring = |c: &Core| {
            (0..p.delay_slots)
                .flat_map(|s| (0..p.neurons).map(move |n| (s, n)))
                .filter(|&(s, n)| c.slot_word(s, n) != 0)
                .count()
        };
        let valid = |c: &Core| {
            c.learner()
                .tail()
                .slots()
                .iter()
                .filter(|s| s.valid)
                .count()
        };
        let (state, last): (Vec<u128>, Vec<u32>) = (0..p.neurons)
            .map(|n| (core.state_word(n), core.learner().last(n)))
            .unzip();
        assert!(ring(&core) > 0 && !core.last_spikes().is_empty() && valid(&core) > 0);
        assert!(
            last.iter().any(|&l| l != 0),
            "no neuron spiked: the test shows nothing"
        );

        let cycles = core.reset();
        assert_eq!(cycles, 1 + u64::from(p.delay_slots * p.neurons));
        assert_eq!(core.t(), 0);
        assert!(core.last_spikes().is_empty());
        assert_eq!(ring(&core), 0, "a ring word survived the reset");
        assert_eq!(valid(&core), 0, "a tail slot survived the reset");
        assert_eq!(core.learner().sweep_pointer(), 0);
        for n in 0..p.neurons {
            assert_eq!(core.state_word(n), state[n as usize], "state word {n}");
            assert_eq!(core.learner().last(n), last[n as usize], "last[{n}]");
        }
    }

    /// A fan-out entry of `count` synapse words from address `start`.
    fn fanout(p: &Preset, start: u64, count: u64) -> u64 {
        let f = p.fanout_start().set(0, start as i64);
        p.fanout_count().set(f, count as i64) as u64
    }

    /// A synapse word of type `ty` to `target` with `weight` and delay 0.
    fn synapse(p: &Preset, target: u32, weight: i64, ty: i64) -> u64 {
        let w = p.syn_target().set(0, target.into());
        let w = p.syn_weight().set(w, weight);
        p.syn_type().set(w, ty) as u64
    }

    #[test]
    fn a_in_reach_sums_what_the_sources_can_add() {
        let p = SMALL;
        let mut image = CoreImage::empty(p);
        image.n_neurons = p.neurons;
        let plastic = |w: u64| p.syn_plastic().set(w.into(), 1) as u64;
        image.synapses[..7].copy_from_slice(&[
            synapse(&p, 3, 100, syn_type::DIRECT),
            synapse(&p, 3, -50, syn_type::DIRECT),
            synapse(&p, 3, 70, syn_type::MODULATORY),
            synapse(&p, 3, 90, syn_type::ELECTRIC),
            plastic(synapse(&p, 3, 10, syn_type::DIRECT)),
            synapse(&p, 4, -128, syn_type::DIRECT),
            // No source streams this one.
            synapse(&p, 5, 120, syn_type::DIRECT),
        ]);
        // Source 0 streams words 0..5, neuron 9 word 5, channel 2 word 1 again.
        image.fanout[0] = fanout(&p, 0, 5);
        image.fanout[9] = fanout(&p, 5, 1);
        image.fanout[p.neurons as usize + 2] = fanout(&p, 1, 1);
        validate(&image).expect("the test image is valid");
        let router = Router::new(&image);
        let reach: Vec<u64> = (0..7).map(|n| router.a_in_reach(n)).collect();
        // A plastic synapse counts as the largest weight magnitude, 2^7 on small.
        assert_eq!(reach, [0, 0, 0, 100 + 50 + 128 + 50, 128, 0, 0]);
        // Per source, the most one spike adds into one neuron: source 0's three words into
        // neuron 3 together.
        let spike_reach = |s: usize| router.spike_reach(s);
        let channel = p.neurons as usize + 2;
        assert_eq!(
            [0, 1, 9, channel].map(spike_reach),
            [100 + 50 + 128, 0, 128, 50]
        );
    }

    /// A core of `sources` CUBA neurons that spike every timestep, each with `each` synapses of
    /// weight 127 and delay `delay` to neuron `sources`, a slow CUBA neuron that never spikes.
    fn fan_in_core(sources: u32, each: u32, delay: i64) -> Core {
        let p = Preset {
            neurons: 2048,
            synapses: 1 << 17,
            ..SMALL
        };
        let mut image = CoreImage::empty(p);
        image.n_neurons = sources + 1;
        let cuba = pf::KIND.set(0, pf::KIND_CUBA);
        // Profile 0: `v` grows by the bias each timestep, above a threshold of 0.
        image.profiles[0] = pf::BIAS_EXP.set(pf::BIAS_MANT.set(cuba, 4095), 7);
        // Profile 1: slow decays (the one-product form), the highest threshold.
        image.profiles[1] = pf::VTH.set(pf::DU.set(cuba, 20), pf::VTH.max());
        assert!(CubaParams::from_word(image.profiles[1]).near_unity());
        let w = synapse(&p, sources, 127, syn_type::DIRECT);
        let w = p.syn_delay().set(w.into(), delay) as u64;
        for s in 0..sources {
            let start = (s * each) as usize;
            image.synapses[start..start + each as usize].fill(w);
            image.fanout[s as usize] = fanout(&p, start as u64, each.into());
        }
        image.state[sources as usize] = state::PROFILE.set(0, 1);
        validate(&image).expect("the test image is valid");
        Core::new(&image)
    }

    /// §4 step 1 clamps `a_in` to `2^17 - 1`; the engine leaves the clamp out of a run only where
    /// the synapses prove `|a_in| < 2^17` and the timestep injects no current and reads a slot
    /// that only events of one spike added into. Each case is checked against the rule with the
    /// `a_in` the target sums.
    #[test]
    fn cuba_engine_leaves_the_clamp_out_only_where_the_synapses_prove_it() {
        // (sources, delay, target's run in the domain, current injected, spikes per event)
        for (sources, delay, proven, current, count) in [
            // 127,000: in the domain, the clamp left out.
            (1000, 0, true, 0, 1),
            // 139,700: beyond it.
            (1100, 0, false, 0, 1),
            // 127,000 + 32,767: a current breaks the proof.
            (1000, 0, true, 32767, 1),
            // 600 * 2 * 127 = 152,400: events of two spikes break it, in the timestep that
            // routes them and, with a delay, in the one that reads them.
            (600, 0, true, 0, 2),
            (600, 1, true, 0, 2),
        ] {
            let mut core = fan_in_core(sources, 1, delay);
            let target = sources;
            let run = *core.runs.last().expect("the target's run");
            let case = format!("{sources} sources, delay {delay}, count {count}");
            assert_eq!(
                (run.start, run.in_domain),
                (target as usize, proven),
                "{case}"
            );
            core.step(&[]); // every source spikes
            if count > 1 {
                // The spike buffer, as another core fills it (§2.1).
                core.set_extern_spikes(true);
                core.routed.clear();
                (0..sources).for_each(|s| core.push_spike(s, count));
            }
            let events = if current == 0 {
                vec![]
            } else {
                vec![Event::Current {
                    neuron: target,
                    value: current,
                }]
            };
            // The slot the sums land in is read `delay` timesteps later, without new events.
            for t in 0..=delay {
                let before = core.state_word(target);
                core.step(if t == 0 { &events } else { &[] });
                let a_in = if t == delay {
                    (sources * count * 127) as i32 + i32::from(current)
                } else {
                    0
                };
                assert_follows_the_rule(&core, target, before, a_in, &case);
            }
        }
    }

    /// Asserts that neuron `target` of `core` went from state word `before` as the rule of its
    /// profile takes it with input `a_in` (and nothing else); returns the state the rule gives.
    fn assert_follows_the_rule(
        core: &Core,
        target: u32,
        before: u128,
        a_in: i32,
        case: &str,
    ) -> NeuronState {
        let mut s = NeuronState::from_word(before);
        let input = SlotInput {
            a_in,
            ..SlotInput::default()
        };
        let profile = state::PROFILE.get(before) as usize % core.profiles.len();
        core.profiles[profile].update(&mut s, input);
        assert_eq!(
            core.state_word(target),
            s.to_word(before),
            "{case}, a_in {a_in}"
        );
        s
    }

    /// The spaced fields: each part's entries in order, a gap after each part but the last, and the
    /// cut handing each part its own entries.
    #[test]
    fn spaced_fields_keep_each_part_in_order_with_a_gap_between() {
        let spacing = Spacing::new(&[0, 64, 64, 192, 256]);
        let field = spacing.lay_out(0..300u32);
        assert_eq!(field.len(), 300 + 3 * PART_GAP);
        for n in 0..300 {
            let part = [64, 64, 192].partition_point(|&s| s <= n);
            assert_eq!(spacing.at(n as usize), n as usize + part * PART_GAP, "{n}");
            assert_eq!(field[spacing.at(n as usize)], n);
        }
        let mut field = field;
        let parts: Vec<Vec<u32>> = cut_spaced(&mut field, [64, 0, 128, 44].into_iter(), PART_GAP)
            .map(|p| p.to_vec())
            .collect();
        assert_eq!(
            parts,
            [
                (0..64).collect(),
                vec![],
                (64..192).collect(),
                (192..236).collect::<Vec<u32>>()
            ]
        );
        // One part: no gap.
        assert_eq!(Spacing::new(&[0, 300]).lay_out(0..5u32), [0, 1, 2, 3, 4]);
    }

    /// §4 step 2 wraps the current; the engine leaves the wrap out only where [`CurrentBound`]
    /// proves `u1` within `(-2^23, 2^23]`. 1,000 sources, each spiking every timestep, add 127,000
    /// into the target: its `u1` is 8,128,000 after the first sum (in the range, proven) and about
    /// 16.2 million after the second (wrapped: the bound no longer proves it). Checked against the
    /// rule with the `a_in` the target sums, with and without a delay (`S` = 1 and 2 slots; with
    /// `S = 2` the bound counts the sums of two route phases, so it stops proving a timestep
    /// earlier, at the one that reads the first sum).
    #[test]
    fn cuba_engine_leaves_the_wrap_out_only_where_the_bound_proves_it() {
        const WRAP: u64 = CUBA_U_WRAP as u64;
        for delay in [0, 1] {
            let mut core = fan_in_core(1000, 1, delay);
            let target = 1000;
            // The timestep whose route phase delivers the first spikes (t = 1) reads them `delay`
            // timesteps later.
            let first = 1 + delay as u64;
            for t in 0..first + 4 {
                let before = core.state_word(target);
                core.step(&[]);
                let a_in = if t >= first { 127_000 } else { 0 };
                let case = format!("delay {delay}, t {t}");
                let s = assert_follows_the_rule(&core, target, before, a_in, &case);
                // Proven up to the route phase of the first sums (t = 1), not from the second.
                assert_eq!(core.current_bound.u < WRAP, t <= 1, "delay {delay}, t {t}");
                if t == first + 1 {
                    assert!(s.u < 0, "the second sum wraps: u {}", s.u);
                }
            }
        }
    }

    /// [`CurrentBound`] against the currents it bounds: neurons driven by the rule's decay with
    /// inputs up to the bound on `|a|` (most at its ends, the worst case), over random decays and
    /// input sequences. Whenever the bound proves a timestep, no `u1` leaves `(-2^23, 2^23]`, and
    /// every `|u|` stays within the bound.
    #[test]
    fn current_bound_holds_for_the_currents_it_bounds() {
        let seed = 0xB00D_2026_u64;
        println!("seed {seed:#x}");
        let mut rng = Rng(seed);
        let (mut proven, mut unproven) = (0, 0);
        for case in 0..200 {
            let d = if case % 2 == 0 {
                rng.range(1, 127)
            } else {
                rng.range(1, 4096)
            };
            let slots = rng.range(1, 4) as usize;
            let mut u: Vec<i32> = (0..16)
                .map(|_| rng.range(-3_000_000, 3_000_000) as i32)
                .collect();
            let u0 = u
                .iter()
                .map(|x| u64::from(x.unsigned_abs()))
                .max()
                .unwrap_or(0);
            let mut bound = CurrentBound::new(u0, d as u64, slots);
            let mut window = vec![0i64; slots];
            for t in 0..300 {
                let added = match rng.below(4) {
                    0 => 0,
                    1 => rng.range(0, 2_000),
                    2 => rng.range(0, 40_000),
                    _ => rng.range(0, 1 << 18),
                };
                window[t % slots] = added;
                let a_max = window.iter().sum::<i64>().min(1 << 17) as i32;
                let unwrapped = bound.step(added as u64);
                for x in u.iter_mut() {
                    let a = match rng.below(3) {
                        0 => a_max,
                        1 => -a_max,
                        _ => rng.range((-a_max).into(), a_max.into()) as i32,
                    };
                    let u1 = crate::neuron::decay(*x, CUBA_DECAY_BASE - d as i32)
                        + (a << CUBA_ACT_SHIFT);
                    let in_range = (-CUBA_U_WRAP + 1..=CUBA_U_WRAP).contains(&u1);
                    assert!(
                        !unwrapped || in_range,
                        "case {case}, t {t}: u1 {u1} (seed {seed:#x})"
                    );
                    *x = crate::neuron::cuba_wrap_u(u1);
                    assert!(
                        u64::from(x.unsigned_abs()) <= bound.u,
                        "case {case}, t {t}: |u| {} above the bound {} (seed {seed:#x})",
                        x.unsigned_abs(),
                        bound.u
                    );
                }
                if unwrapped {
                    proven += 1;
                } else {
                    unproven += 1;
                }
            }
        }
        // Both outcomes were exercised.
        assert!(
            proven > 1_000 && unproven > 1_000,
            "{proven} proven, {unproven} not"
        );
    }

    /// The reach counts each synapse once per source; a source routed twice in a timestep (two
    /// spike events of a channel, one and a spike buffer entry, or two buffer entries) adds twice,
    /// so the engine clamps. Channel 0 streams 600 synapses of weight 127 into neuron 0 (reach
    /// 76,200, in the domain); twice they add 152,400.
    #[test]
    fn a_source_routed_twice_in_a_timestep_is_clamped() {
        let p = Preset {
            neurons: 2048,
            synapses: 1 << 17,
            ..SMALL
        };
        let mut image = CoreImage::empty(p);
        image.n_neurons = 1;
        let cuba = pf::KIND.set(0, pf::KIND_CUBA);
        image.profiles[0] = pf::VTH.set(pf::DU.set(cuba, 20), pf::VTH.max());
        image.synapses[..600].fill(synapse(&p, 0, 127, syn_type::DIRECT));
        let channel = p.neurons as usize;
        image.fanout[channel] = fanout(&p, 0, 600);
        validate(&image).expect("the test image is valid");
        let spike = Event::Spike { channel: 0 };
        // (spike events, channel 0's entries in the spike buffer, a_in)
        for (events, pushed, a_in) in [
            (vec![spike], 0, 76_200),
            (vec![spike, spike], 0, 152_400),
            (vec![spike], 1, 152_400),
            (vec![], 2, 152_400),
        ] {
            let mut core = Core::new(&image);
            assert!(core.runs[0].in_domain);
            for _ in 0..pushed {
                core.push_spike(channel as u32, 1);
            }
            let before = core.state_word(0);
            core.step(&events);
            let mut s = NeuronState::from_word(before);
            let input = SlotInput {
                a_in,
                ..SlotInput::default()
            };
            core.profiles[0].update(&mut s, input);
            assert_eq!(core.state_word(0), s.to_word(before), "a_in {a_in}");
        }
    }

    /// §5: every addition into `a_in` saturates at 24 bits; the router leaves the saturation out
    /// only where the reach proves no sum gets there. The sums are read in the ring before the
    /// timestep that reads them.
    #[test]
    fn deliveries_saturate_unless_the_reach_proves_they_cannot() {
        // 1000 * 61 * 127 = 7,747,000 is within 24 bits; 1100 * 61 * 127 = 8,521,700 is not.
        for (sources, a_in) in [(1000, 7_747_000), (1100, I24_MAX)] {
            let mut core = fan_in_core(sources, 61, 1);
            let target = sources;
            let in_reach = core.router.a_in_reach(target as usize) <= I24_MAX as u64;
            assert_eq!(in_reach, sources == 1000);
            core.step(&[]); // every source spikes
            core.step(&[]); // and its synapses add into slot 2, read in timestep 2
            assert_eq!(
                slot::A_IN.get(core.slot_word(2, target)),
                i64::from(a_in),
                "{sources}"
            );
        }
    }

    #[test]
    fn collect_spikes_lists_each_flag_count_times_on_every_instruction_set() {
        let seed = 0xC011_EC75_2026;
        println!("seed {seed:#x}");
        let mut rng = Rng(seed);
        let mut isas = vec![Isa::Generic];
        if Isa::detect() != Isa::Generic {
            isas.push(Isa::detect());
        }
        let mut spikes_seen = 0;
        for len in [0, 1, 63, 64, 65, 128, 191, 1000, 4096] {
            // Blocks with no flag, one, a few and all (counts up to 3, as a Xylo neuron's).
            for density in [0, 1, 8, 64] {
                let fired: Vec<u8> = (0..len)
                    .map(|_| {
                        if (rng.below(64) as usize) < density {
                            rng.range(1, 3) as u8
                        } else {
                            0
                        }
                    })
                    .collect();
                let first = rng.below(1 << 20) as u32;
                let expected: Vec<u32> =
                    [7].into_iter()
                        .chain(
                            fired.iter().enumerate().flat_map(|(i, &f)| {
                                std::iter::repeat_n(first + i as u32, f.into())
                            }),
                        )
                        .collect();
                spikes_seen += expected.len() - 1;
                for &isa in &isas {
                    // Appended after what the list held.
                    let mut spikes = vec![7];
                    collect_spikes(isa, &fired, first, &mut spikes);
                    assert_eq!(
                        spikes, expected,
                        "{isa:?}, {len} flags, density {density}/64"
                    );
                }
            }
        }
        assert!(spikes_seen > 5000, "{spikes_seen} spikes");
    }

    /// The compact layout (ring of `max_delay + 1` slots, `m_in` / `e` only if written, 4-byte
    /// records when every synapse is direct) gives what the full layout gives (all `D` slots, every
    /// input, general records; `tests/core_engine.rs` checks that one against a word-level
    /// transcription of the spec): spikes, cycles, every state word and every one of the `D * N`
    /// slot words of the hardware's ring, after every timestep, with injections and channel spikes,
    /// and with weights changed halfway ([`crate::synapse::Stream::set_weight`]). Injections reach every neuron,
    /// also those that are not updated, whose slots keep adding up in all `D` slots.
    #[test]
    fn compact_layout_equals_the_full_ring() {
        let seed = 0xC0_4AC7_2026;
        println!("seed {seed:#x}");
        let mut rng = Rng(seed);
        let (d, m) = (syn_type::DIRECT, syn_type::MODULATORY);
        let e = syn_type::ELECTRIC;
        let mut spikes = 0;
        let mut stored_seen = Vec::new();
        for (case, (max_delay, types, dead_targets)) in [
            (0, &[d][..], false),
            (1, &[d], false),
            (3, &[d, d, m], false),
            (2, &[d, e], false),
            (0, &[d, m, e], false),
            (7, &[d], false),
            (5, &[d, d, m, e], false),
            (2, &[d], true),
        ]
        .into_iter()
        .enumerate()
        {
            let image = image(&mut rng, max_delay, types, dead_targets);
            let mut compact = Core::new(&image);
            let mut full = Core::new(&image);
            full.router = Router::with_layout(&image, Layout::Full, 1);
            stored_seen.push(compact.router.ring.stored());
            for t in 0..120u64 {
                let events: Vec<Event> = (0..rng.below(5))
                    .map(|_| match rng.below(2) {
                        0 => Event::Spike {
                            channel: rng.below(SMALL.channels.into()) as u32,
                        },
                        _ => Event::Current {
                            neuron: rng.below(SMALL.neurons.into()) as u32,
                            value: rng.range(-200, 399) as i16,
                        },
                    })
                    .collect();
                if t == 60 {
                    for _ in 0..200 {
                        let a = rng.below(SMALL.synapses.into()) as usize;
                        let w = rng.range(-128, 127) as i16;
                        compact.router.set_weight(a, w);
                        full.router.set_weight(a, w);
                        assert_eq!(compact.router.weight(a), w, "case {case}: synapse {a}");
                    }
                }
                let at =
                    format!("case {case} (max delay {max_delay}), timestep {t}, seed {seed:#x}");
                let want = full.step(&events);
                let (want_spikes, want_cycles) = (want.spikes.to_vec(), want.cycles);
                let got = compact.step(&events);
                assert_eq!(got.spikes, &want_spikes[..], "{at}: spikes");
                assert_eq!(got.cycles, want_cycles, "{at}: cycles");
                spikes += want_spikes.len();
                for n in 0..SMALL.neurons {
                    assert_eq!(
                        compact.state_word(n),
                        full.state_word(n),
                        "{at}: neuron {n}"
                    );
                    for s in 0..SMALL.delay_slots + 1 {
                        assert_eq!(
                            compact.slot_word(s, n),
                            full.slot_word(s, n),
                            "{at}: slot {s} neuron {n}"
                        );
                    }
                }
            }
        }
        // The stored slots follow the largest delay (all 8 when a synapse targets a neuron that is
        // not updated), and the networks were active.
        assert_eq!(stored_seen, [1, 2, 4, 3, 1, 8, 6, 8]);
        assert!(spikes > 5000, "only {spikes} spikes");
    }

    /// The CUBA engine loops (vectorised; [`cuba_update_near_unity`] for slow decays, else
    /// [`cuba_update`]) against the rule applied neuron by neuron ([`Profile::update`]), on states
    /// anywhere in their fields and injected currents, so that the loops' lanes, their tails and
    /// both decay forms are all compared with the rule as §4 writes it.
    #[test]
    fn cuba_engine_loops_equal_the_rule_neuron_by_neuron() {
        let seed = 0xC0BA_1007_2026;
        println!("seed {seed:#x}");
        let mut rng = Rng(seed);
        let p = SMALL;
        let (mut spikes, mut near) = (0, 0);
        for case in 0..6 {
            let mut image = CoreImage::empty(p);
            image.n_neurons = p.neurons - rng.below(20) as u32;
            for (i, w) in image.profiles.iter_mut().enumerate() {
                // Even profiles decay slowly (du + 1 <= 127, dv <= 127), odd ones anyhow.
                let (du, dv) = if i % 2 == 0 {
                    (rng.range(0, 126), rng.range(0, 127))
                } else {
                    (rng.range(0, 4095), rng.range(0, 4095))
                };
                let word = pf::KIND.set(0, pf::KIND_CUBA);
                let word = pf::REF_PERIOD.set(word, rng.range(0, 4));
                let word = pf::DU.set(word, du);
                let word = pf::DV.set(word, dv);
                let word = pf::BIAS_MANT.set(word, rng.range(-4096, 4095));
                let word = pf::BIAS_EXP.set(word, rng.range(0, 7));
                *w = pf::VTH.set(word, rng.range(0, 1 << 16));
                let params = CubaParams::from_word(*w);
                near += usize::from(params.near_unity());
            }
            for w in image.state.iter_mut() {
                let word = state::PROFILE.set(0, rng.below(p.profiles.into()) as i64);
                let word = state::V.set(word, rng.range(-(1 << 23) + 1, (1 << 23) - 1));
                let word = state::U.set(word, rng.range(-(1 << 24), (1 << 24) - 1));
                *w = state::REF_CNT.set(word, rng.range(0, 3));
            }
            validate(&image).expect("the test image is valid");
            let mut core = Core::new(&image);
            let profiles: Vec<Profile> = image
                .profiles
                .iter()
                .map(|&w| Profile::from_word(w))
                .collect();
            let mut words: Vec<u128> = (0..p.neurons).map(|n| core.state_word(n)).collect();
            for t in 0..60 {
                // At most one current per neuron, so that its `a_in` is the value itself.
                let mut a_in = vec![0i32; p.neurons as usize];
                let mut events = Vec::new();
                for neuron in 0..p.neurons {
                    if rng.below(3) == 0 {
                        let value = rng.range(i16::MIN.into(), i16::MAX.into()) as i16;
                        a_in[neuron as usize] = value.into();
                        events.push(Event::Current { neuron, value });
                    }
                }
                let got: Vec<u32> = core.step(&events).spikes.to_vec();
                let mut want = Vec::new();
                for n in 0..image.n_neurons {
                    let word = words[n as usize];
                    let profile = &profiles[state::PROFILE.get(word) as usize];
                    let mut s = NeuronState::from_word(word);
                    let input = SlotInput {
                        a_in: a_in[n as usize],
                        ..SlotInput::default()
                    };
                    if profile.update(&mut s, input) > 0 {
                        want.push(n);
                    }
                    words[n as usize] = s.to_word(word);
                }
                let at = format!("case {case}, timestep {t}, seed {seed:#x}");
                assert_eq!(got, want, "{at}: spikes");
                for n in 0..p.neurons {
                    assert_eq!(core.state_word(n), words[n as usize], "{at}: neuron {n}");
                }
                spikes += want.len();
            }
        }
        // Both forms ran, and both outcomes of the threshold.
        assert!(near >= 20, "{near} slow profiles");
        assert!((2_000..80_000).contains(&spikes), "{spikes} spikes");
    }
}
