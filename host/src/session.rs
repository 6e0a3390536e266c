//! The host's side of a conversation with a board (`docs/host_link.md` §4): connect with `PING`,
//! load a core image with `WRITE`s, then per timestep the external events (`EVENT`), `STEP`, and the
//! probed neurons' state words (`READ`), turned into the records of a `flux sim` trace.
//!
//! Every command is one frame and one reply. A reply that does not come, does not decode, names
//! another `seq`, or is a `NAK` is recovered by staying silent for [`RESYNC_BYTES`] byte times
//! (discarding whatever arrives) and sending the *same* frame again, `seq` included: the board
//! applies a frame at most once and answers a retry with its stored reply (§2). After
//! [`SessionConfig::max_tries`] tries the session stops with a [`SessionError`] that names the
//! command, the timestep and the last failure.
//!
//! A `STEP` whose `REPORT` was lost is recovered the same way, by its own frame again rather than
//! with `RESEND` (§3 offers both): if the `STEP` itself never reached the board, `RESEND` would
//! return the previous timestep's report, while the same `STEP` frame is run if it was not, and
//! answered from memory if it was.

use std::fmt;

use flux_sim::compile::Compiled;
use flux_sim::image::{CoreImage, Event};
use flux_sim::input_gen::{self, Plan};
use flux_sim::inputs::InputSet;
use flux_sim::spec::{self, Preset};
use flux_sim::timing::{StepWork, timestep_cycles};
use flux_sim::trace::{ProbeState, Record, probes_due};

use crate::frame::{
    BITS_PER_BYTE, COMMAND_LEN, CRC_LEN, Command, CommandFrame, IDLE_BYTES, NakReason,
    REPLY_HEADER_LEN, REPLY_SYNC, REPORT_FIXED_LEN, RESYNC_BYTES, Reply, ReplyBody, ReplyError,
};
use crate::link::{Link, LinkError};
use flux_sim::link::stream;
use flux_sim::link::{
    LoadChecksum, STATUS_BOOT_IMAGE_BIT, STATUS_BURST_BIT, STATUS_CHECKSUM_LSB,
    STATUS_GENERATORS_BIT, STATUS_LISTS_BIT, STATUS_WRITES_BITS, STATUS_WRITTEN_BIT, burst,
};

/// The board's `STATUS` word (`docs/host_link.md` §3), decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BoardStatus {
    /// `WRITE`s applied since the last applied `PING` or reset.
    pub writes: u32,
    /// A `WRITE` was applied since power-up: the memories may no longer hold their power-up
    /// contents.
    pub written: bool,
    /// The memories power up holding an image (the bitstream's), not zeros.
    pub boot_image: bool,
    /// The board top has the on-chip input generators (`docs/model.md` §9.1).
    pub generators: bool,
    /// The generators have their list memory (spike lists and delta coding on the chip).
    pub spike_lists: bool,
    /// The board takes `BURST`s and keeps the load checksum.
    pub burst: bool,
    /// The load checksum of the `WRITE`s and `BURST`s applied since the last applied `PING`
    /// (meaningful with `burst`).
    pub checksum: u32,
}

impl BoardStatus {
    /// Decodes a `STATUS` word.
    pub fn from_word(word: u128) -> Self {
        Self {
            writes: (word & ((1 << STATUS_WRITES_BITS) - 1)) as u32,
            written: word >> STATUS_WRITTEN_BIT & 1 == 1,
            boot_image: word >> STATUS_BOOT_IMAGE_BIT & 1 == 1,
            generators: word >> STATUS_GENERATORS_BIT & 1 == 1,
            spike_lists: word >> STATUS_LISTS_BIT & 1 == 1,
            burst: word >> STATUS_BURST_BIT & 1 == 1,
            checksum: (word >> STATUS_CHECKSUM_LSB) as u32,
        }
    }

    /// The `STATUS` word that says this (the other bits 0): what the emulated board and the block
    /// test's twin of `HostLink` reply.
    pub fn to_word(&self) -> u128 {
        u128::from(self.writes)
            | u128::from(self.written) << STATUS_WRITTEN_BIT
            | u128::from(self.boot_image) << STATUS_BOOT_IMAGE_BIT
            | u128::from(self.generators) << STATUS_GENERATORS_BIT
            | u128::from(self.spike_lists) << STATUS_LISTS_BIT
            | u128::from(self.burst) << STATUS_BURST_BIT
            | u128::from(self.checksum) << STATUS_CHECKSUM_LSB
    }

    /// Whether the memories are known to hold zeros: never written since a power-up that
    /// left them zero.
    pub fn memories_zero(&self) -> bool {
        !self.written && !self.boot_image
    }
}

/// How [`Session::load_fresh`] loaded an image.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ImageLoad {
    /// Words written (retries not counted).
    pub words: u64,
    /// `WRITE` and `BURST` frames that wrote them.
    pub frames: u64,
    /// Every word (`true`), or only those that differ from the memories' power-up zeros.
    pub full: bool,
    /// The board's `STATUS` says it has the on-chip input generators.
    pub generators: bool,
    /// The board's `STATUS` says the generators have their list memory.
    pub spike_lists: bool,
    /// The board's `STATUS` says it takes `BURST`s (the load used them) and keeps the load
    /// checksum (the load was confirmed by it).
    pub burst: bool,
}

/// One word written through the `cfg` port: memory code ([`flux_sim::spec::mem`]), address, word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CfgWrite {
    pub mem: u32,
    pub addr: u32,
    pub data: u128,
}

/// The writes that load `image`, one per word, in the order of [`CoreImage::load_sequence`] (the
/// single definition of the load order, which the cosimulation driver follows through the `cfg`
/// port too).
pub fn image_writes(image: &CoreImage) -> impl Iterator<Item = CfgWrite> {
    image.load_sequence().into_iter().flat_map(|block| {
        let (mem, addr) = (block.mem, block.addr);
        block
            .words
            .into_iter()
            .enumerate()
            .map(move |(i, data)| CfgWrite {
                mem,
                addr: addr + i as u32,
                data,
            })
    })
}

/// The writes of [`image_writes`] that a board whose memories hold zeros needs: the non-zero
/// words and every register ([`Session::load_nonzero`]).
pub fn nonzero_image_writes(image: &CoreImage) -> impl Iterator<Item = CfgWrite> {
    image_writes(image).filter(|w| w.data != 0 || w.mem == spec::mem::REGISTERS)
}

/// One frame of a load.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoadFrame {
    Write(CfgWrite),
    /// Consecutive words of one core memory, from `addr` on.
    Burst {
        mem: u32,
        addr: u32,
        words: Vec<u128>,
    },
}

/// The frames that write `writes` to a core of `preset`, in order: where the board takes `BURST`s
/// (`burst`), each run of consecutive addresses of one core memory in `BURST`s of as many words as
/// fit a frame (`flux_sim::link::burst`); every other word in a `WRITE`. What [`Session`] sends
/// and `flux estimate` counts.
pub fn load_frames(
    preset: &Preset,
    writes: impl IntoIterator<Item = CfgWrite>,
    burst: bool,
) -> Vec<LoadFrame> {
    let mut frames = Vec::new();
    let mut run: Vec<CfgWrite> = Vec::new();
    for w in writes {
        let joins = run.last().is_some_and(|last| {
            last.mem == w.mem
                && last.addr.checked_add(1) == Some(w.addr)
                && (run.len() as u32) < burst::max_words(preset, w.mem)
        });
        if !joins {
            close_run(&mut run, &mut frames);
        }
        run.push(w);
        if !burst || w.mem >= burst::CORE_CODES {
            close_run(&mut run, &mut frames);
        }
    }
    close_run(&mut run, &mut frames);
    frames
}

/// Ends a run of [`load_frames`]: one word is a `WRITE`, more a `BURST`.
fn close_run(run: &mut Vec<CfgWrite>, frames: &mut Vec<LoadFrame>) {
    match run.as_slice() {
        [] => {}
        [one] => frames.push(LoadFrame::Write(*one)),
        [first, ..] => frames.push(LoadFrame::Burst {
            mem: first.mem,
            addr: first.addr,
            words: run.iter().map(|w| w.data).collect(),
        }),
    }
    run.clear();
}

/// The `mem` byte of a frame: memory codes are small (`spec::mem`), a wider one is a caller's bug.
fn mem_code(mem: u32) -> u8 {
    u8::try_from(mem).expect("memory codes fit the frame's mem byte")
}

/// How the session talks to the board.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SessionConfig {
    /// The board's `CLOCKS_PER_BIT` (its clock over the baud rate): turns the clock cycles a
    /// timestep may take into byte times to wait for its `REPORT`.
    pub clocks_per_bit: u32,
    /// Tries of one command, the first included, before the session gives up.
    pub max_tries: u32,
    /// Byte times a reply may take to begin after a command, beyond a timestep's run time.
    pub reply_timeout: u32,
}

impl SessionConfig {
    /// Defaults for a board with `clocks_per_bit`.
    pub fn new(clocks_per_bit: u32) -> Self {
        Self {
            clocks_per_bit,
            max_tries: 8,
            reply_timeout: 4 * IDLE_BYTES,
        }
    }
}

/// Why one try of a command failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// No reply began within this many byte times (or it stopped for as long).
    Timeout { byte_times: u32 },
    /// A reply arrived but does not decode.
    Garbled(ReplyError),
    /// A reply whose `len` is impossible for this core.
    Length { len: usize },
    /// The board refused the frame.
    Nak(NakReason),
    /// A reply to another command.
    WrongSeq { got: u8, want: u8 },
    /// A reply of the wrong kind for the command.
    WrongKind { got: &'static str },
    /// The line kept sending bytes but never a reply's sync byte (a chattering or stuck line).
    NoSync { bytes: usize },
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Timeout { byte_times } => {
                write!(f, "no reply within {byte_times} byte times")
            }
            Failure::Garbled(e) => write!(f, "damaged reply ({e})"),
            Failure::Length { len } => {
                write!(f, "reply announces an impossible {len}-byte payload")
            }
            Failure::Nak(r) => write!(f, "NAK {} ({})", *r as u8, r.describe()),
            Failure::WrongSeq { got, want } => {
                write!(f, "reply to seq {got}, expected seq {want}")
            }
            Failure::WrongKind { got } => write!(f, "unexpected {got} reply"),
            Failure::NoSync { bytes } => {
                write!(
                    f,
                    "{bytes} bytes without a reply's sync byte (a chattering line?)"
                )
            }
        }
    }
}

/// Where in the session a command was sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    Connect,
    Load,
    /// Timestep `t` (its events, its step, its probe reads).
    Timestep(u64),
    /// After the last timestep: the final check that the board was not reset.
    End,
}

impl fmt::Display for Phase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Phase::Connect => write!(f, "while connecting"),
            Phase::Load => write!(f, "while loading the image"),
            Phase::Timestep(t) => write!(f, "at timestep {t}"),
            Phase::End => write!(f, "after the last timestep"),
        }
    }
}

/// Why a session stopped.
#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error("{command} {phase}: no good reply after {tries} tries; last failure: {last}")]
    Exhausted {
        command: &'static str,
        phase: Phase,
        tries: u32,
        last: Failure,
    },
    #[error("{command} {phase}: the board refused it: {}", reason.describe())]
    Refused {
        command: &'static str,
        phase: Phase,
        reason: NakReason,
    },
    #[error("STEP {phase}: the board reports {what}")]
    Report { phase: Phase, what: String },
    #[error(
        "the board was reset (found {phase}): it applied {board} WRITEs since the session began, \
         the host sent {host}; its memories no longer hold the image"
    )]
    Reset { phase: Phase, board: u32, host: u32 },
    #[error(
        "the board's load checksum is {board:#010x}, the host's {host:#010x} (found {phase}): a \
         frame it applied is not the one sent, or its bitstream was built for another preset; \
         its memories do not hold the image"
    )]
    Checksum { phase: Phase, board: u32, host: u32 },
    #[error("the core image is invalid: {0}")]
    Image(#[from] flux_sim::core::ImageError),
    #[error("no image is loaded: load one before running timesteps")]
    NotLoaded,
    #[error(transparent)]
    Link(#[from] LinkError),
}

/// Counts of the traffic and of what went wrong on it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LinkStats {
    /// Command frames sent, retries included.
    pub frames: u64,
    /// Frames sent again (after a NAK, a damaged reply, a timeout or a stray reply).
    pub retries: u64,
    /// NAKs received.
    pub naks: u64,
    /// Replies that did not decode.
    pub garbled: u64,
    /// Replies that did not come.
    pub timeouts: u64,
    /// Replies to another `seq` or of the wrong kind.
    pub stray: u64,
    /// Bytes discarded while resynchronising or before a reply's sync byte.
    pub discarded: u64,
}

/// What the session knows of the loaded image: enough to bound a timestep's run time.
#[derive(Clone, Debug)]
struct Loaded {
    preset: Preset,
    n_neurons: u32,
    /// Synapses streamed if every updated neuron spikes.
    neuron_synapses: u64,
    /// Fan-out count of each channel.
    channel_synapses: Vec<u64>,
    /// The channels the board's input generators drive (`base`, `count`), once loaded.
    generators: Option<(u32, u32)>,
}

impl Loaded {
    fn new(image: &CoreImage) -> Self {
        let p = image.preset;
        let count = |w: u64| p.fanout_count().get(w.into()) as u64;
        let (neurons, channels) = image.fanout.split_at(p.neurons as usize);
        Self {
            preset: p,
            n_neurons: image.n_neurons,
            neuron_synapses: neurons[..image.n_neurons as usize]
                .iter()
                .map(|&w| count(w))
                .sum(),
            channel_synapses: channels.iter().map(|&w| count(w)).collect(),
            generators: None,
        }
    }

    /// The most cycles a timestep with `events` can take (`docs/model.md` §7): every updated
    /// neuron spiked in the timestep before.
    fn cycle_bound(&self, events: &[Event]) -> u64 {
        let mut work = StepWork {
            spike_events: u64::from(self.n_neurons),
            synapses: self.neuron_synapses,
            neurons: u64::from(self.n_neurons),
            ..StepWork::default()
        };
        // The generators' walk comes before the `tick`, and every channel on the chip may spike
        // (a list entry's spike reads its next gap: a cycle more), and the whole injection
        // schedule may be due.
        let mut walk = 0;
        if let Some((base, count)) = self.generators {
            let schedule = input_gen::SCHEDULE_WORDS;
            walk = input_gen::walk_cycles(count, count, Some(schedule));
            work.injections += u64::from(schedule);
            work.spike_events += u64::from(count);
            work.synapses += (base..base + count)
                .filter_map(|c| self.channel_synapses.get(c as usize))
                .sum::<u64>();
        }
        for e in events {
            match *e {
                Event::Current { .. } => work.injections += 1,
                Event::Spike { channel } => {
                    work.spike_events += 1;
                    work.synapses += self
                        .channel_synapses
                        .get(channel as usize)
                        .copied()
                        .unwrap_or(0);
                }
            }
        }
        timestep_cycles(&work) + walk
    }
}

/// A conversation with one board over a [`Link`].
pub struct Session<L: Link> {
    link: L,
    config: SessionConfig,
    /// The `seq` of the last command sent.
    seq: u8,
    stats: LinkStats,
    loaded: Option<Loaded>,
    /// The next timestep.
    t: u64,
    /// `WRITE`s and `BURST`s acknowledged since the last `PING` (the board's write count, §4),
    /// their load checksum (the board's, when it keeps one) and the words they wrote.
    writes: u32,
    checksum: LoadChecksum,
    words: u64,
    /// The last `STATUS` said the board takes `BURST`s: loads use them.
    burst: bool,
    /// The most timesteps the next `RUN` asks for: halved after a `RUN` that needed a retry (a
    /// long `STREAM` on a noisy line is hit again on every try), doubled after a clean one.
    run_ask: u32,
}

impl<L: Link> Session<L> {
    pub fn new(link: L, config: SessionConfig) -> Self {
        Self {
            link,
            config,
            seq: 0,
            stats: LinkStats::default(),
            loaded: None,
            t: 0,
            writes: 0,
            checksum: LoadChecksum::default(),
            words: 0,
            burst: false,
            run_ask: stream::MAX_STEPS,
        }
    }

    pub fn stats(&self) -> &LinkStats {
        &self.stats
    }

    pub fn link(&self) -> &L {
        &self.link
    }

    pub fn link_mut(&mut self) -> &mut L {
        &mut self.link
    }

    /// The next timestep.
    pub fn t(&self) -> u64 {
        self.t
    }

    fn next_seq(&mut self) -> u8 {
        self.seq = self.seq.wrapping_add(1);
        self.seq
    }

    /// Byte times that `bytes` take on the line.
    fn byte_times_of_cycles(&self, cycles: u64) -> u32 {
        let per_byte = u64::from(self.config.clocks_per_bit.max(1) * BITS_PER_BYTE);
        u32::try_from(cycles.div_ceil(per_byte)).unwrap_or(u32::MAX)
    }

    /// The largest reply payload this core can send: a STREAM filling the board's stream buffer
    /// (a REPORT naming every neuron is shorter).
    fn max_payload(&self) -> usize {
        let neurons = self.loaded.as_ref().map_or(1 << 15, |l| l.preset.neurons);
        REPORT_FIXED_LEN + 2 * stream::buffer_tokens(neurons)
    }

    /// `PING` until the board acknowledges (§4.1). Each try uses a new `seq`: a board that was not
    /// reset may remember the `seq` of an earlier session and answer it with that session's stored
    /// reply, which a new `seq` gets past.
    pub fn connect(&mut self) -> Result<(), SessionError> {
        let mut last = Failure::Timeout {
            byte_times: self.config.reply_timeout,
        };
        for attempt in 0..self.config.max_tries {
            if attempt > 0 {
                self.stats.retries += 1;
                self.resync()?;
            }
            let frame = CommandFrame::bare(Command::Ping, self.next_seq());
            match self.try_once(&frame, self.config.reply_timeout)? {
                Ok(ReplyBody::Ack) => {
                    // The board cleared its write count and its load checksum.
                    self.writes = 0;
                    self.checksum = LoadChecksum::default();
                    return Ok(());
                }
                Ok(other) => {
                    self.stats.stray += 1;
                    last = Failure::WrongKind { got: other.name() };
                }
                Err(f) => last = f,
            }
        }
        Err(SessionError::Exhausted {
            command: Command::Ping.name(),
            phase: Phase::Connect,
            tries: self.config.max_tries,
            last,
        })
    }

    /// Loads `image` ([`image_writes`]; in `BURST`s where the last `STATUS` said the board takes
    /// them) and starts counting timesteps from 0. The image must pass
    /// [`flux_sim::core::validate`], as for cosimulation.
    pub fn load(&mut self, image: &CoreImage) -> Result<(), SessionError> {
        flux_sim::core::validate(image)?;
        self.write_words(&image.preset, image_writes(image), Phase::Load)?;
        self.check_not_reset(Phase::Load)?;
        self.loaded = Some(Loaded::new(image));
        self.t = 0;
        Ok(())
    }

    /// As [`Session::load`], but skips the zero words of the memories (the registers are always
    /// written): for a board whose memories are known to hold zeros, as after power-up of a core
    /// without an initial image. It cuts a sparse image's load to a fraction (the `small` core has
    /// 4,681 words, `examples/cpg.toml` fewer than 600 non-zero ones). On any other board the result
    /// is wrong: [`Session::load_fresh`] asks the board first.
    pub fn load_nonzero(&mut self, image: &CoreImage) -> Result<(), SessionError> {
        flux_sim::core::validate(image)?;
        self.write_words(&image.preset, nonzero_image_writes(image), Phase::Load)?;
        self.check_not_reset(Phase::Load)?;
        self.loaded = Some(Loaded::new(image));
        self.t = 0;
        Ok(())
    }

    /// The channels the board's input generators drive from now on (`base`, `count`;
    /// `docs/model.md` §9.1), for the reply timeouts. After [`Session::load`] (or its variants).
    pub fn set_generators(&mut self, generators: Option<(u32, u32)>) -> Result<(), SessionError> {
        let loaded = self.loaded.as_mut().ok_or(SessionError::NotLoaded)?;
        loaded.generators = generators;
        Ok(())
    }

    /// `WRITE`s of (memory, address, word) in order.
    pub fn write_all(
        &mut self,
        writes: Vec<(u8, u32, u128)>,
        phase: Phase,
    ) -> Result<(), SessionError> {
        for (mem, addr, data) in writes {
            let mem = u32::from(mem);
            self.write(CfgWrite { mem, addr, data }, phase)?;
        }
        Ok(())
    }

    /// `writes` to a core of `preset`, in the frames of [`load_frames`] (`BURST`s where the last
    /// `STATUS` said the board takes them).
    pub fn write_words(
        &mut self,
        preset: &Preset,
        writes: impl IntoIterator<Item = CfgWrite>,
        phase: Phase,
    ) -> Result<(), SessionError> {
        for frame in load_frames(preset, writes, self.burst) {
            match frame {
                LoadFrame::Write(w) => self.write(w, phase)?,
                LoadFrame::Burst { mem, addr, words } => {
                    self.burst_words(preset, mem, addr, &words, phase)?
                }
            }
        }
        Ok(())
    }

    /// One `BURST`: `words` into memory `mem` from `addr` on.
    fn burst_words(
        &mut self,
        preset: &Preset,
        mem: u32,
        addr: u32,
        words: &[u128],
        phase: Phase,
    ) -> Result<(), SessionError> {
        let frame = CommandFrame::burst(self.next_seq(), preset, mem, addr, words);
        self.command(&frame, phase, self.config.reply_timeout, |b| {
            matches!(b, ReplyBody::Ack)
        })?;
        self.writes = self.writes.wrapping_add(1);
        self.words += words.len() as u64;
        self.checksum
            .push_burst(preset, frame.mem, frame.addr, frame.data);
        Ok(())
    }

    /// One `WRITE`.
    pub fn write(&mut self, w: CfgWrite, phase: Phase) -> Result<(), SessionError> {
        let frame = CommandFrame {
            cmd: Command::Write,
            seq: self.next_seq(),
            mem: mem_code(w.mem),
            addr: w.addr,
            data: w.data,
        };
        self.command(&frame, phase, self.config.reply_timeout, |b| {
            matches!(b, ReplyBody::Ack)
        })?;
        self.writes = self.writes.wrapping_add(1);
        self.words += 1;
        self.checksum.push_write(frame.mem, frame.addr, frame.data);
        Ok(())
    }

    /// `STATUS`: the board's write count and what its memories hold (§3).
    pub fn status(&mut self, phase: Phase) -> Result<BoardStatus, SessionError> {
        let frame = CommandFrame::bare(Command::Status, self.next_seq());
        match self.command(&frame, phase, self.config.reply_timeout, |b| {
            matches!(b, ReplyBody::Data(_))
        })? {
            ReplyBody::Data(word) => {
                let status = BoardStatus::from_word(word);
                self.burst = status.burst;
                Ok(status)
            }
            _ => unreachable!("command returns only the accepted kind"),
        }
    }

    /// Loads `image` with as few `WRITE`s as is safe (§4): when `STATUS` says the memories still
    /// hold their power-up zeros (no `WRITE` since power-up, no boot image), only the non-zero
    /// words and the registers ([`Session::load_nonzero`]); otherwise every word
    /// ([`Session::load`]).
    pub fn load_fresh(&mut self, image: &CoreImage) -> Result<ImageLoad, SessionError> {
        let (before, words) = (self.writes, self.words);
        let status = self.status(Phase::Load)?;
        let full = !status.memories_zero();
        if full {
            self.load(image)?;
        } else {
            self.load_nonzero(image)?;
        }
        Ok(ImageLoad {
            words: self.words - words,
            frames: u64::from(self.writes.wrapping_sub(before)),
            full,
            generators: status.generators,
            spike_lists: status.spike_lists,
            burst: status.burst,
        })
    }

    /// `STATUS`: the board's write count must be the number of `WRITE`s and `BURST`s
    /// acknowledged since the session's `PING`, and where it keeps the load checksum, that must be
    /// the host's. A board that was reset counts from 0 again, so a reset after the first `WRITE`
    /// is found here (§4); the checksum confirms what the frames wrote.
    pub fn check_not_reset(&mut self, phase: Phase) -> Result<(), SessionError> {
        let status = self.status(phase)?;
        if status.writes != self.writes {
            return Err(SessionError::Reset {
                phase,
                board: status.writes,
                host: self.writes,
            });
        }
        if status.burst && status.checksum != self.checksum.value() {
            return Err(SessionError::Checksum {
                phase,
                board: status.checksum,
                host: self.checksum.value(),
            });
        }
        Ok(())
    }

    /// One `READ`: the word of memory `mem` ([`flux_sim::spec::mem`]) at `addr`.
    pub fn read(&mut self, mem: u32, addr: u32) -> Result<u128, SessionError> {
        let frame = CommandFrame {
            cmd: Command::Read,
            seq: self.next_seq(),
            mem: mem_code(mem),
            addr,
            data: 0,
        };
        let phase = Phase::Timestep(self.t.saturating_sub(1));
        match self.command(&frame, phase, self.config.reply_timeout, |b| {
            matches!(b, ReplyBody::Data(_))
        })? {
            ReplyBody::Data(word) => Ok(word),
            _ => unreachable!("command returns only the accepted kind"),
        }
    }

    /// Runs the next timestep with `events` (in delivery order) and reads the state words of
    /// `probes` after it: the timestep's trace record.
    pub fn step(&mut self, events: &[Event], probes: &[u32]) -> Result<Record, SessionError> {
        let loaded = self.loaded.clone().ok_or(SessionError::NotLoaded)?;
        let t = self.t;
        let phase = Phase::Timestep(t);
        self.queue(events)?;
        let frame = CommandFrame::bare(Command::Step, self.next_seq());
        let timeout =
            self.config.reply_timeout + self.byte_times_of_cycles(loaded.cycle_bound(events));
        let report = match self.command(&frame, phase, timeout, |b| {
            matches!(b, ReplyBody::Report(_))
        })? {
            ReplyBody::Report(r) => r,
            _ => unreachable!("command returns only the accepted kind"),
        };
        // The board's counter is 32 bits wide (`hdl/README.md`, port `t`).
        if report.t != t as u32 {
            return Err(SessionError::Report {
                phase,
                what: format!("timestep {} ran, expected {}", report.t, t as u32),
            });
        }
        if let Some(&n) = report
            .spikes
            .iter()
            .find(|&&n| u32::from(n) >= loaded.n_neurons)
        {
            return Err(SessionError::Report {
                phase,
                what: format!(
                    "a spike of neuron {n}, outside the {} neurons",
                    loaded.n_neurons
                ),
            });
        }
        self.t += 1;
        Ok(Record {
            t,
            spikes: report.spikes.iter().map(|&n| u32::from(n)).collect(),
            cycles: u64::from(report.cycles),
            probes: self.read_probes(probes)?,
        })
    }

    /// Queues `events` (in delivery order) for the next timestep: one `EVENT` each.
    fn queue(&mut self, events: &[Event]) -> Result<(), SessionError> {
        let phase = Phase::Timestep(self.t);
        for &event in events {
            let frame = CommandFrame::event(self.next_seq(), event);
            self.command(&frame, phase, self.config.reply_timeout, |b| {
                matches!(b, ReplyBody::Ack)
            })?;
        }
        Ok(())
    }

    /// The state words of `probes` now (`READ`, memory 1): the probes of the last timestep's record.
    pub fn read_probes(&mut self, probes: &[u32]) -> Result<Vec<ProbeState>, SessionError> {
        probes
            .iter()
            .map(|&neuron| {
                let word = self.read(spec::mem::STATE, neuron)?;
                Ok(ProbeState { neuron, word })
            })
            .collect()
    }

    /// Runs the next `steps` timesteps without stopping, `events` (in delivery order) queued for
    /// the first: `RUN` frames, each answered by a `STREAM` of the timesteps the board ran (as many
    /// as its stream buffer holds, `docs/host_link.md` §3), until all have run. Their records carry
    /// no probes.
    pub fn run(&mut self, events: &[Event], steps: u64) -> Result<Vec<Record>, SessionError> {
        let loaded = self.loaded.clone().ok_or(SessionError::NotLoaded)?;
        self.queue(events)?;
        let end = self.t + steps;
        let mut records = Vec::with_capacity(usize::try_from(steps).unwrap_or(0));
        while self.t < end {
            let phase = Phase::Timestep(self.t);
            let ask = u32::try_from(end - self.t).map_or(self.run_ask, |n| n.min(self.run_ask));
            let frame = CommandFrame::run(self.next_seq(), ask);
            let retries = self.stats.retries;
            // Only the first timestep has events; every one may spike every neuron.
            let first = loaded.cycle_bound(if records.is_empty() { events } else { &[] });
            let rest = loaded.cycle_bound(&[]) * u64::from(ask - 1)
                + stream::MAX_GAP_CYCLES * u64::from(ask);
            let timeout = self.config.reply_timeout + self.byte_times_of_cycles(first + rest);
            let got = match self.command(&frame, phase, timeout, |b| {
                matches!(b, ReplyBody::Stream(_))
            })? {
                ReplyBody::Stream(s) => s,
                _ => unreachable!("command returns only the accepted kind"),
            };
            self.run_ask = if self.stats.retries > retries {
                (self.run_ask / 2).max(1)
            } else {
                self.run_ask.saturating_mul(2).min(stream::MAX_STEPS)
            };
            let bad = |what: String| SessionError::Report { phase, what };
            if got.t != self.t as u32 {
                return Err(bad(format!(
                    "timestep {} ran first, expected {}",
                    got.t, self.t as u32
                )));
            }
            let timesteps = stream::decode(&got.tokens, loaded.n_neurons, got.cycles)
                .map_err(|e| bad(format!("the STREAM is damaged: {e}")))?;
            if timesteps.len() > ask as usize {
                return Err(bad(format!(
                    "{} timesteps ran of the {ask} asked",
                    timesteps.len()
                )));
            }
            for step in timesteps {
                records.push(Record {
                    t: self.t,
                    spikes: step.spikes.iter().map(|&n| u32::from(n)).collect(),
                    cycles: u64::from(step.cycles),
                    probes: Vec::new(),
                });
                self.t += 1;
            }
        }
        Ok(records)
    }

    /// Sends `frame` until a reply that `accept`s arrives; retries as the module doc says.
    fn command(
        &mut self,
        frame: &CommandFrame,
        phase: Phase,
        timeout: u32,
        accept: impl Fn(&ReplyBody) -> bool,
    ) -> Result<ReplyBody, SessionError> {
        let mut last = Failure::Timeout {
            byte_times: timeout,
        };
        for attempt in 0..self.config.max_tries {
            if attempt > 0 {
                self.stats.retries += 1;
                self.resync()?;
            }
            match self.try_once(frame, timeout)? {
                Ok(body) if accept(&body) => return Ok(body),
                Ok(body) => {
                    self.stats.stray += 1;
                    last = Failure::WrongKind { got: body.name() };
                }
                // Neither goes away by sending the frame again: the FIFO only empties at a STEP,
                // and a command the board does not know stays unknown.
                Err(Failure::Nak(
                    reason @ (NakReason::FifoFull
                    | NakReason::UnknownCommand
                    | NakReason::BadArgument),
                )) => {
                    return Err(SessionError::Refused {
                        command: frame.cmd.name(),
                        phase,
                        reason,
                    });
                }
                Err(f) => last = f,
            }
        }
        Err(SessionError::Exhausted {
            command: frame.cmd.name(),
            phase,
            tries: self.config.max_tries,
            last,
        })
    }

    /// Sends `frame` once and reads one reply: its body when it answers this frame's `seq`, else
    /// why not (a NAK is a failure whatever `seq` it names: it never means that anything was
    /// applied).
    fn try_once(
        &mut self,
        frame: &CommandFrame,
        timeout: u32,
    ) -> Result<Result<ReplyBody, Failure>, SessionError> {
        self.stats.frames += 1;
        self.link.send(&frame.encode())?;
        let reply = match self.read_reply(timeout)? {
            Ok(r) => r,
            Err(f) => {
                match f {
                    Failure::Timeout { .. } => self.stats.timeouts += 1,
                    _ => self.stats.garbled += 1,
                }
                return Ok(Err(f));
            }
        };
        if let ReplyBody::Nak(reason) = reply.body {
            self.stats.naks += 1;
            return Ok(Err(Failure::Nak(reason)));
        }
        if reply.seq != frame.seq {
            self.stats.stray += 1;
            return Ok(Err(Failure::WrongSeq {
                got: reply.seq,
                want: frame.seq,
            }));
        }
        Ok(Ok(reply.body))
    }

    /// Reads one reply frame: skips bytes up to a sync byte, which must begin within `timeout`
    /// byte times; the rest may pause at most [`IDLE_BYTES`] byte times between bytes.
    /// A line that keeps sending other bytes ends the search after twice the longest reply: the
    /// board's own reply would have begun by then.
    fn read_reply(&mut self, timeout: u32) -> Result<Result<Reply, Failure>, SessionError> {
        let limit = 2 * (REPLY_HEADER_LEN + self.max_payload() + CRC_LEN);
        let mut skipped = 0;
        loop {
            match self.link.recv_byte(timeout)? {
                None => {
                    return Ok(Err(Failure::Timeout {
                        byte_times: timeout,
                    }));
                }
                Some(REPLY_SYNC) => break,
                Some(_) => {
                    self.stats.discarded += 1;
                    skipped += 1;
                    if skipped > limit {
                        return Ok(Err(Failure::NoSync { bytes: skipped }));
                    }
                }
            }
        }
        let mut bytes = vec![REPLY_SYNC];
        if let Err(f) = self.read_more(&mut bytes, REPLY_HEADER_LEN - 1)? {
            return Ok(Err(f));
        }
        let header: &[u8; REPLY_HEADER_LEN] = bytes[..].try_into().expect("header read");
        let len = Reply::payload_len(header);
        if len > self.max_payload() {
            return Ok(Err(Failure::Length { len }));
        }
        if let Err(f) = self.read_more(&mut bytes, len + CRC_LEN)? {
            return Ok(Err(f));
        }
        Ok(Reply::decode(&bytes).map_err(Failure::Garbled))
    }

    fn read_more(
        &mut self,
        bytes: &mut Vec<u8>,
        n: usize,
    ) -> Result<Result<(), Failure>, LinkError> {
        for _ in 0..n {
            match self.link.recv_byte(IDLE_BYTES)? {
                Some(b) => bytes.push(b),
                None => {
                    return Ok(Err(Failure::Timeout {
                        byte_times: IDLE_BYTES,
                    }));
                }
            }
        }
        Ok(Ok(()))
    }

    /// Stays silent until the line has been quiet for [`RESYNC_BYTES`] byte times, discarding what
    /// arrives (§2: longer than the board's [`IDLE_BYTES`], so after it the board is between frames,
    /// and any reply to a damaged frame is gone).
    fn resync(&mut self) -> Result<(), LinkError> {
        // A board that keeps talking for longer than a frame of every kind cannot be resynchronised.
        let limit = 4 * (COMMAND_LEN + self.max_payload()) as u64;
        let mut discarded = 0;
        while self.link.recv_byte(RESYNC_BYTES)?.is_some() {
            discarded += 1;
            if discarded > limit {
                return Err(LinkError::Board(format!(
                    "the line did not fall quiet after {discarded} bytes"
                )));
            }
        }
        self.stats.discarded += discarded;
        Ok(())
    }
}

/// Timesteps `flux board run` records with one [`BoardRecorder::run`] call (its progress bar moves
/// between two): each call starts a new `RUN`.
pub const RUN_CHUNK: u64 = 1024;

/// Runs a compiled network on a board one timestep at a time: the board's twin of
/// [`flux_sim::trace::Recorder`], with the same input generators and the same records.
pub struct BoardRecorder<'a, L: Link> {
    session: &'a mut Session<L>,
    /// The inputs the host drives: all of them, or those the board's generators do not
    /// (`plan`).
    inputs: InputSet,
    /// Every input of the network (for [`BoardRecorder::with_generators`]).
    all_inputs: InputSet,
    /// How the network's rate-coded, latency-coded, spike-list and delta-coded channels run on the board's generators, if they do.
    plan: Option<Plan>,
    /// The board has the generators (its `STATUS`, or its preset): without a plan they must be
    /// switched off, since a run before this one may have left them walking.
    board_generators: bool,
    probes: Vec<u32>,
    /// The probes are read after every `probe_every`-th timestep ([`probes_due`]).
    probe_every: u64,
    /// The events of timestep `.0`, generated ahead by [`BoardRecorder::run`].
    ahead: Option<(u64, Vec<Event>)>,
    loaded: Option<ImageLoad>,
}

impl<'a, L: Link> BoardRecorder<'a, L> {
    /// Connects, loads the network's image, and prepares to run it from timestep 0 probing
    /// `probes` (ascending, below `n_neurons`).
    pub fn start(
        session: &'a mut Session<L>,
        compiled: &Compiled,
        probes: &[u32],
    ) -> Result<Self, SessionError> {
        session.connect()?;
        let loaded = session.load_fresh(&compiled.image)?;
        // A board whose `STATUS` does not say it has the generators (one built before them) gets
        // every input as `EVENT`s, and one without their list memory its spike lists.
        let mut recorder = Self::resume(session, compiled, probes)
            .with_board_units(loaded.generators, loaded.spike_lists);
        recorder.board_generators = loaded.generators;
        recorder.loaded = Some(loaded);
        Ok(recorder)
    }

    /// How [`BoardRecorder::start`] loaded the image (`None` after [`BoardRecorder::resume`]).
    pub fn loaded(&self) -> Option<ImageLoad> {
        self.loaded
    }

    /// Prepares to run the network from timestep 0 on a session that is connected and holds its
    /// image already (loaded with [`Session::load_nonzero`], say).
    /// The network's rate-coded, latency-coded, spike-list and delta-coded channels run on the board's input generators when its preset
    /// carries them ([`Plan`]; [`BoardRecorder::with_generators`] turns that off).
    pub fn resume(session: &'a mut Session<L>, compiled: &Compiled, probes: &[u32]) -> Self {
        let mut all_inputs = compiled.inputs.clone();
        all_inputs.reset();
        let plan = Plan::new(&all_inputs, &compiled.image.preset);
        let inputs = input_gen::host_inputs(plan.as_ref(), &all_inputs);
        Self {
            session,
            inputs,
            all_inputs,
            board_generators: compiled.image.preset.generators,
            plan,
            probes: probes.to_vec(),
            probe_every: 1,
            ahead: None,
            loaded: None,
        }
    }

    /// The same recorder, reading the probes after every `probe_every`-th timestep only (as
    /// [`flux_sim::trace::Recorder::with_probe_every`]; at least 1).
    pub fn with_probe_every(mut self, probe_every: u64) -> Self {
        assert!(probe_every >= 1, "probe_every must be at least 1");
        self.probe_every = probe_every;
        self
    }

    /// The same recorder with every input driven by the host (`generators` false), or, as by
    /// default, the rate-coded, latency-coded, spike-list and delta-coded channels on the board's generators where it has them.
    pub fn with_generators(mut self, generators: bool) -> Self {
        if !generators {
            self.plan = None;
            self.inputs = self.all_inputs.clone();
        }
        self
    }

    /// The same recorder, planned for a board with the generators (`generators`) and their list
    /// memory (`spike_lists`) or without, as its `STATUS` says.
    fn with_board_units(mut self, generators: bool, spike_lists: bool) -> Self {
        self.plan = Plan::for_board(&self.all_inputs, generators, spike_lists);
        self.inputs = input_gen::host_inputs(self.plan.as_ref(), &self.all_inputs);
        self
    }

    /// The current injections on the board's injection schedule (0 when they are `EVENT`s).
    pub fn schedule_len(&self) -> u32 {
        self.plan.as_ref().map_or(0, Plan::schedule_len)
    }

    /// The channels on the board's generators (`base`, `count`), if any.
    pub fn generators(&self) -> Option<(u32, u32)> {
        self.plan.as_ref().map(|p| (p.base(), p.count()))
    }

    /// Runs the next timestep on the board and returns its record (probes read every timestep).
    pub fn step(&mut self) -> Result<Record, SessionError> {
        let t = self.session.t();
        self.prepare_generators(t)?;
        let events = self.events_at(t);
        self.session.step(&events, &self.probes)
    }

    /// The generator writes due before timestep `t` (`input_gen::writes_before`: before the first,
    /// timestep 0, the whole setup, or the write that switches unused generators off).
    fn prepare_generators(&mut self, t: u64) -> Result<(), SessionError> {
        let writes = input_gen::writes_before(self.plan.as_ref(), self.board_generators, t);
        if t == 0 {
            let generators = self.plan.as_ref().map(|p| (p.base(), p.count()));
            self.session.set_generators(generators)?;
            return self.session.write_all(writes, Phase::Load);
        }
        self.session.write_all(writes, Phase::Timestep(t))
    }

    /// Runs the next `steps` timesteps and returns their records, as the model's recorder would
    /// (probes every `probe_every` timesteps). With probes read every timestep, one `STEP` (and
    /// `READ`s) per timestep; else each timestep with input events and the event-free timesteps
    /// after it, up to the next timestep whose probes are due, go to the board as one
    /// [`Session::run`] (`RUN`/`STREAM`), and the due probes are read after it.
    pub fn run(&mut self, steps: u64) -> Result<Vec<Record>, SessionError> {
        let end = self.session.t() + steps;
        let probing = !self.probes.is_empty();
        if probing && self.probe_every == 1 {
            return (self.session.t()..end).map(|_| self.step()).collect();
        }
        let every = self.probe_every;
        let due = move |t: u64| probing && probes_due(t, every);
        let mut records = Vec::with_capacity(usize::try_from(steps).unwrap_or(0));
        while self.session.t() < end {
            let t = self.session.t();
            self.prepare_generators(t)?;
            let events = self.events_at(t);
            let mut next = t + 1;
            while next < end && !due(next - 1) {
                let upcoming = self.events_at(next);
                let writes = self.plan.as_ref().is_some_and(|p| p.has_writes_at(next));
                if !upcoming.is_empty() || writes {
                    self.ahead = Some((next, upcoming));
                    break;
                }
                next += 1;
            }
            let mut ran = self.session.run(&events, next - t)?;
            if due(next - 1)
                && let Some(last) = ran.last_mut()
            {
                last.probes = self.session.read_probes(&self.probes)?;
            }
            records.extend(ran);
        }
        Ok(records)
    }

    /// The input events of timestep `t` (generated ahead, or now).
    fn events_at(&mut self, t: u64) -> Vec<Event> {
        match self.ahead.take() {
            Some((at, events)) if at == t => events,
            _ => {
                let mut events = Vec::new();
                self.inputs.events_at(t, &mut events);
                events
            }
        }
    }

    /// Ends the run: checks that the board was not reset since the load (a reset before the
    /// first `STEP` or after the last `REPORT` leaves every `REPORT` plausible). The records are
    /// the board's only if this succeeds.
    pub fn finish(self) -> Result<(), SessionError> {
        self.session.check_not_reset(Phase::End)
    }

    pub fn session(&self) -> &Session<L> {
        self.session
    }

    pub fn session_mut(&mut self) -> &mut Session<L> {
        self.session
    }
}
