//! What a run on a board costs, predicted without a board: the bytes on the line, command by
//! command as [`crate::session`] sends them, and the core's clock cycles as the model counts them
//! (`docs/model.md` §7). `flux estimate` turns them into times at a board's clock and baud rate.
//!
//! The frame lengths come from the encoders of [`crate::frame`], so the prediction is exact for the
//! protocol as it is; a test compares it with the bytes an emulated board run puts on the line.

use flux_sim::compile::Compiled;
use flux_sim::core::Core;
use flux_sim::image::Event;
use flux_sim::input_gen::{self, Plan, Table};

use crate::frame::{BITS_PER_BYTE, COMMAND_LEN, Reply, ReplyBody, Report, Stream};
use crate::session::{LoadFrame, RUN_CHUNK, image_writes, load_frames, nonzero_image_writes};
use flux_sim::link::{burst, stream};
use flux_sim::trace::probes_due;

/// Bytes on the line, each way.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Traffic {
    pub to_board: u64,
    pub to_host: u64,
}

impl Traffic {
    /// Commands answered by replies of `reply_len` bytes.
    fn commands(n: u64, reply_len: usize) -> Self {
        Self {
            to_board: n * COMMAND_LEN as u64,
            to_host: n * reply_len as u64,
        }
    }

    /// Both ways: the host waits for each reply before its next command, so the line carries
    /// one direction at a time.
    pub fn bytes(&self) -> u64 {
        self.to_board + self.to_host
    }

    /// Seconds on a line of `baud` bits per second.
    pub fn seconds(&self, baud: f64) -> f64 {
        (self.bytes() * u64::from(BITS_PER_BYTE)) as f64 / baud
    }
}

impl std::ops::AddAssign for Traffic {
    fn add_assign(&mut self, o: Self) {
        self.to_board += o.to_board;
        self.to_host += o.to_host;
    }
}

/// A run of `steps` timesteps, predicted.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Estimate {
    pub steps: u64,
    /// Words of the full image (`Session::load`) and the frames that write them (`WRITE`s, and
    /// `BURST`s on a preset with `burst`).
    pub writes: u64,
    pub frames: u64,
    /// The same for the image's non-zero words and registers (`Session::load_nonzero`).
    pub fresh_writes: u64,
    pub fresh_frames: u64,
    /// Board clocks the link holds those frames to take them apart before each `ACK`
    /// (`flux_sim::link::burst::hold_clocks`; none without `burst`).
    pub hold_clocks: u64,
    pub fresh_hold_clocks: u64,
    /// What `flux board run` sends on a board whose memories hold their power-up zeros (a fresh
    /// one): connect (`PING`), `STATUS`, the non-zero words, `STATUS` (`Session::load_fresh`).
    pub load: Traffic,
    /// The same on a board written since power-up: every word.
    pub reload: Traffic,
    /// The timesteps with their events and probe reads, and the final `STATUS`, with `probes`
    /// read every `probe_every` timesteps: stepped when that is every timestep, else streamed
    /// between the reads.
    pub run: Traffic,
    /// The same run without probes, streamed as `flux board run --no-probes` does it
    /// ([`crate::BoardRecorder::run`]): per timestep with events its `EVENT`s, and `RUN`s
    /// answered by `STREAM`s.
    pub run_streamed: Traffic,
    /// Core clock cycles over the run, and of the longest timestep.
    pub cycles: u64,
    pub max_cycles: u64,
    pub spikes: u64,
    /// Input events the host sends (`EVENT`s).
    pub events: u64,
    /// The channels on the board's input generators (`base`, `count`; `docs/model.md` §9.1), the
    /// injections on their schedule, their events (channel spikes and injections) over the run,
    /// and the board cycles their walks add before the timesteps (none on a board without
    /// generators).
    pub generators: Option<(u32, u32)>,
    pub schedule: u32,
    pub chip_events: u64,
    pub walk_cycles: u64,
}

/// The bytes of one reply with `body`.
fn reply_len(body: ReplyBody) -> usize {
    Reply { seq: 0, body }.encode().len()
}

/// The `RUN`s and `STREAM`s of a streamed run ([`crate::BoardRecorder::run`]), timestep by
/// timestep: a new `RUN` where the recorder starts one, and where the board's stream buffer or the
/// step count ends one.
struct Streamed {
    neurons: u32,
    packed: Option<stream::Encoder>,
    traffic: Traffic,
}

impl Streamed {
    fn new(neurons: u32) -> Self {
        Self {
            neurons,
            packed: None,
            traffic: Traffic::default(),
        }
    }

    /// Timestep `cycles`, `spikes` with `events` before it; `fresh`: the recorder starts a `RUN`.
    fn timestep(&mut self, fresh: bool, events: u64, cycles: u32, spikes: &[u16]) {
        if let Some(p) = self
            .packed
            .take_if(|p| fresh || !p.has_room() || p.steps() == stream::MAX_STEPS)
        {
            self.traffic += run_traffic(p);
        }
        self.traffic += Traffic::commands(events, reply_len(ReplyBody::Ack));
        self.packed
            .get_or_insert_with(|| stream::Encoder::new(self.neurons))
            .push(cycles, spikes);
    }

    fn finish(mut self) -> Traffic {
        if let Some(p) = self.packed.take() {
            self.traffic += run_traffic(p);
        }
        self.traffic
    }
}

/// One `RUN` frame and its `STREAM`.
fn run_traffic(packed: stream::Encoder) -> Traffic {
    let (_, cycles, tokens) = packed.finish();
    Traffic::commands(
        1,
        reply_len(ReplyBody::Stream(Stream {
            t: 0,
            cycles,
            tokens,
        })),
    )
}

/// Runs the network on the model for `steps` timesteps and counts what `flux board run` would send
/// and receive, probing `probes` every `probe_every` timesteps (at least 1), with the rate- and latency-coded
/// channels on the board's input generators where its preset has them (as `flux board run` by
/// default).
pub fn estimate(compiled: &Compiled, probes: &[u32], probe_every: u64, steps: u64) -> Estimate {
    estimate_with(compiled, probes, probe_every, steps, true)
}

/// As [`estimate`]; `generators` false: every input driven by the host
/// (`flux board run --host-inputs`).
pub fn estimate_with(
    compiled: &Compiled,
    probes: &[u32],
    probe_every: u64,
    steps: u64,
    generators: bool,
) -> Estimate {
    let ack = reply_len(ReplyBody::Ack);
    let data = reply_len(ReplyBody::Data(0));
    let preset = compiled.image.preset;
    let writes = image_writes(&compiled.image).count() as u64;
    let fresh_writes = nonzero_image_writes(&compiled.image).count() as u64;
    let frames = load_frames(&preset, image_writes(&compiled.image), preset.burst);
    let fresh = load_frames(&preset, nonzero_image_writes(&compiled.image), preset.burst);
    let load_of = |frames: usize| {
        let mut t = Traffic::commands(1 + frames as u64, ack);
        t += Traffic::commands(2, data);
        t
    };
    let hold = |frames: &[LoadFrame]| -> u64 {
        if !preset.burst {
            return 0;
        }
        frames
            .iter()
            .map(|f| match f {
                LoadFrame::Write(_) => burst::hold_clocks(1, burst::DATA_BYTES),
                LoadFrame::Burst { mem, words, .. } => {
                    burst::hold_clocks(words.len() as u32, burst::lane_bytes(&preset, *mem))
                }
            })
            .map(u64::from)
            .sum()
    };

    let mut core = Core::new(&compiled.image);
    let mut inputs = compiled.inputs.clone();
    inputs.reset();
    let plan = Plan::new(&inputs, &preset).filter(|_| generators);
    let mut host_inputs = input_gen::host_inputs(plan.as_ref(), &inputs);
    // The board's table, walked as the board walks it: its cycles depend on the list spikes.
    let mut table = Table::with_lists(preset.spike_lists);
    let mut events: Vec<Event> = Vec::new();
    let mut host_events: Vec<Event> = Vec::new();
    let mut est = Estimate {
        steps,
        writes,
        frames: frames.len() as u64,
        fresh_writes,
        fresh_frames: fresh.len() as u64,
        hold_clocks: hold(&frames),
        fresh_hold_clocks: hold(&fresh),
        load: load_of(fresh.len()),
        reload: load_of(frames.len()),
        generators: plan.as_ref().map(|p| (p.base(), p.count())),
        schedule: plan.as_ref().map_or(0, Plan::schedule_len),
        ..Estimate::default()
    };
    let mut stepped = Traffic::default();
    let neurons = compiled.image.preset.neurons;
    let mut streamed = Streamed::new(neurons);
    let mut probed = Streamed::new(neurons);
    let mut reads = 0;
    for t in 0..steps {
        inputs.events_at(t, &mut events);
        host_inputs.events_at(t, &mut host_events);
        let report = core.step(&events);
        est.cycles += report.cycles;
        est.max_cycles = est.max_cycles.max(report.cycles);
        est.spikes += report.spikes.len() as u64;
        est.events += host_events.len() as u64;
        est.chip_events += (events.len() - host_events.len()) as u64;
        let gen_writes = input_gen::writes_before(plan.as_ref(), preset.generators, t);
        for &(mem, addr, data) in &gen_writes {
            table.write(mem, addr, data);
        }
        let gen_writes = gen_writes.len() as u64;
        est.walk_cycles += table.walk(t, &mut Vec::new());
        let n = host_events.len() as u64 + gen_writes;
        stepped += Traffic::commands(n, ack);
        stepped += Traffic::commands(
            1,
            reply_len(ReplyBody::Report(Report {
                t: 0,
                cycles: 0,
                spikes: vec![0; report.spikes.len()],
            })),
        );
        // A new RUN at each timestep with events and each recording chunk; with probes also after
        // each timestep whose probes are read.
        let fresh = n > 0 || t % RUN_CHUNK == 0;
        let after_read = !probes.is_empty() && t > 0 && probes_due(t - 1, probe_every);
        let spikes: Vec<u16> = report.spikes.iter().map(|&n| n as u16).collect();
        let cycles = report.cycles as u32;
        streamed.timestep(fresh, n, cycles, &spikes);
        probed.timestep(fresh || after_read, n, cycles, &spikes);
        reads += u64::from(probes_due(t, probe_every));
    }
    let reads = Traffic::commands(reads * probes.len() as u64, data);
    // What `BoardRecorder::run` does: stepped only when probes are read every timestep.
    est.run = if probe_every == 1 && !probes.is_empty() {
        stepped
    } else {
        probed.finish()
    };
    est.run += reads;
    est.run += Traffic::commands(1, data);
    est.run_streamed = streamed.finish();
    est.run_streamed += Traffic::commands(1, data);
    est
}
