//! `hdl/src/board/host_link.rs`: `HostLink` alone, its UART pins driven through the line model of
//! `testbenches/src/sim_serial.rs` and its core ports answered by a stand-in core in Rust
//! ([`StandInCore`]: an ideal memory behind `cfg_*`/`dbg_*` with the core's two-edge debug read, a
//! small input FIFO behind `aer_in_*`, and timesteps of random length and spikes behind
//! `tick`/`busy`/`aer_out_*`, with the timing of `hdl/README.md`). The twin is the frame engine of
//! the emulated board (`host/src/emulated.rs`, `docs/host_link.md`), restated in [`Engine`] over
//! the stand-in core because the emulated board runs a whole model core: frames from the host's
//! `CommandFrame::encode`, checked with `CommandFrame::decode`, answered with `Reply::encode`.
//! Compared per frame: every reply byte, and what reached the core (writes, events, ticks).
//! Random frames of every command, retries (a repeated `seq`), corrupted bits (`NAK` 1),
//! truncated frames (`NAK` 2), unknown commands (`NAK` 3), a full input FIFO (`NAK` 4) and junk
//! between frames.

use std::collections::{HashMap, VecDeque};

use flux_hdl::board_top::SIM_CLOCKS_PER_BIT;
use flux_hdl::host_link::HostLink;
use flux_hdl::uart::UartConfig;
use flux_host::frame::{Command, CommandFrame, NakReason, Reply, ReplyBody, Report, Stream};
use flux_host::session::BoardStatus;
use flux_sim::input_gen;
use flux_sim::link::{
    BITS_PER_BYTE, COMMAND_SYNC, FRAME_BYTES, IDLE_BYTES, LoadChecksum, burst, cmd, stream,
};
use flux_sim::spec::SMALL;
use flux_sim::testing::{SplitMix64, seed};
use flux_testbenches::block::{self, Block, BlockDesign, block_for_test};
use flux_testbenches::sim_serial::{Receiver, serialise};

use crate::design;

/// The small preset's link: `NB = log2(256)`, `NB1 = NB + 1`.
const NB: usize = 8;
const NB1: usize = NB + 1;
const _: () = assert!(SMALL.neurons == 1 << NB);

/// The stand-in core's input FIFO: small, so that `NAK` 4 comes up often.
const FIFO_DEPTH: usize = 2;

/// The most timesteps a random `RUN` asks for: enough that the stream buffer (512 tokens) fills
/// before some of them end (a random timestep spikes about 16 neurons).
const RUN_STEPS: usize = 40;

/// The link, telling `STATUS` that the core's memories power up holding an image or not.
fn host_link(boot_image: bool) -> BlockDesign {
    design(
        if boot_image {
            "host_link_small_boot"
        } else {
            "host_link_small"
        },
        HostLink::<NB, NB1>::new(UartConfig::new(SIM_CLOCKS_PER_BIT).unwrap())
            .with_boot_image(boot_image)
            .with_burst(Some(&SMALL)),
    )
}

/// What reached the core through its host interface.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Action {
    Write { mem: u8, addr: u32, data: u128 },
    Event { inj: bool, addr: u16, value: u16 },
    Tick,
}

/// A timestep the stand-in core will run at its next `tick`: `cycles` edges from the `tick` edge
/// until `busy` is seen low, and the neurons that spike (ascending, one per clock).
#[derive(Clone, Debug)]
struct Timestep {
    cycles: u32,
    spikes: Vec<u16>,
}

impl Timestep {
    fn random(rng: &mut SplitMix64) -> Self {
        // Rarely one at the edge of what an end record holds (`stream::LONG_CYCLES`): from it on, the
        // timestep ends its `RUN`.
        if rng.below(96) == 0 {
            return Self {
                cycles: u32::from(stream::LONG_CYCLES) - 1 + rng.below(3) as u32,
                spikes: Vec::new(),
            };
        }
        // Half of them quiet and of one length, so that a `RUN` packs runs of them into one end
        // record (`flux_sim::link::stream`).
        if rng.below(2) == 0 {
            return Self {
                cycles: 11 + rng.below(2) as u32,
                spikes: Vec::new(),
            };
        }
        // At least the fixed 11 cycles of a real timestep (`timing::FIXED_CYCLES`).
        let cycles = 11 + rng.below(60) as u32;
        let mut spikes: Vec<u16> = (0..SMALL.neurons as u16)
            .filter(|_| rng.below(16) == 0)
            .collect();
        spikes.truncate(cycles as usize - 2);
        Self { cycles, spikes }
    }
}

/// The core, as its host interface shows it (`hdl/README.md`).
#[derive(Default)]
struct StandInCore {
    memory: HashMap<(u8, u32), u128>,
    fifo: usize,
    t: u32,
    /// Edges left until `busy` falls, while a timestep runs.
    busy_left: u32,
    /// The timesteps the next `tick`s run, and the spikes of the one running (with their clocks).
    next: VecDeque<Timestep>,
    running: VecDeque<u16>,
    /// `dbg_data` for the (`dbg_mem`, `dbg_addr`) of one and two edges ago.
    dbg_pipe: [u128; 2],
    actions: Vec<Action>,
}

impl StandInCore {
    fn busy(&self) -> bool {
        self.busy_left > 0
    }

    /// Drives the core's outputs into `link` for the coming edge, samples the link's strobes as
    /// the core does at that edge, and applies them.
    fn clock(&mut self, link: &mut Block) {
        let ready = !self.busy() && self.fifo < FIFO_DEPTH;
        let spike = if self.busy() {
            self.running.pop_front()
        } else {
            None
        };
        link.set("busy", self.busy().into());
        link.set("t", self.t.into());
        link.set("aer_out_valid", spike.is_some().into());
        link.set("aer_out_addr", spike.unwrap_or(0).into());
        link.set("dbg_data", self.dbg_pipe[1]);
        // `aer_in_ready` is low in the cycle of `tick` too; the link never offers both at once.
        let tick = link.get_bool("tick");
        link.set("aer_in_ready", (ready && !tick).into());
        let (cfg_we, valid) = (link.get_bool("cfg_we"), link.get_bool("aer_in_valid"));
        let dbg = (link.get("dbg_mem") as u8, link.get("dbg_addr") as u32);
        if cfg_we {
            let (mem, addr, data) = (
                link.get("cfg_mem") as u8,
                link.get("cfg_addr") as u32,
                link.get("cfg_data"),
            );
            assert!(!self.busy(), "cfg_we while busy");
            // The core keeps its memory's width (a `BURST` leaves the next lanes above it).
            let data = kept(mem, data);
            self.memory.insert((mem, addr), data);
            self.actions.push(Action::Write { mem, addr, data });
        }
        if valid && ready && !tick {
            self.fifo += 1;
            self.actions.push(Action::Event {
                inj: link.get_bool("aer_in_inj"),
                addr: link.get("aer_in_addr") as u16,
                value: link.get("aer_in_value") as u16,
            });
        }
        self.dbg_pipe = [
            self.memory.get(&dbg).copied().unwrap_or(0),
            self.dbg_pipe[0],
        ];
        if self.busy() {
            self.busy_left -= 1;
            if self.busy_left == 0 {
                self.t = self.t.wrapping_add(1);
            }
        } else if tick {
            let step = self
                .next
                .pop_front()
                .expect("a tick the engine did not predict");
            self.actions.push(Action::Tick);
            self.fifo = 0;
            // `busy` is high after the tick edge (cycle 1) and seen low after edge `cycles`.
            self.busy_left = step.cycles - 1;
            self.running = step.spikes.into();
        }
    }
}

/// The bits of a word of memory `mem` that the `small` core keeps.
fn kept(mem: u8, data: u128) -> u128 {
    let bits = SMALL.word_bits(u32::from(mem));
    if bits >= 128 {
        data
    } else {
        data & ((1 << bits) - 1)
    }
}

/// The frame engine of the emulated board over the stand-in core: the reply to each frame and
/// what it does to the core.
#[derive(Default)]
struct Engine {
    /// The `seq` of the last applied frame and its reply.
    last: Option<(u8, Vec<u8>)>,
    /// The last `REPORT` or `STREAM`, for `RESEND`.
    last_report: Option<ReplyBody>,
    /// The core as the engine expects it: memory, queued events, timesteps run.
    memory: HashMap<(u8, u32), u128>,
    fifo: usize,
    t: u32,
    /// `WRITE`s and `BURST`s applied since the last applied `PING`, and their load checksum (the
    /// `STATUS` word).
    writes: u32,
    checksum: LoadChecksum,
    /// `BURST`s applied.
    bursts: u32,
    /// A `WRITE` was applied since power-up, and the memories power up holding an image (the
    /// `STATUS` word's bits `STATUS_WRITTEN_BIT` and `STATUS_BOOT_IMAGE_BIT`).
    written: bool,
    boot_image: bool,
    /// `STATUS` frames applied.
    statuses: u32,
    /// Frames answered with the stored reply.
    retries: u32,
    /// `STREAM`s cut short by the stream buffer, with an end record of several timesteps, and
    /// with a four-token one.
    cut: u32,
    joined: u32,
    long: u32,
}

impl Engine {
    /// The reply bytes to a whole frame, the core actions it causes and the timesteps it ran:
    /// `steps` are the timesteps the core runs next, in order (a `STEP` runs the first; a `RUN`
    /// as many as it asks for and the stream buffer holds).
    fn frame(
        &mut self,
        bytes: &[u8; FRAME_BYTES],
        steps: &[Timestep],
    ) -> (Vec<u8>, Vec<Action>, usize) {
        let f = match CommandFrame::decode(bytes) {
            Err((reason, seq)) => return (nak(reason, seq), vec![], 0),
            Ok(f) => f,
        };
        // This link has no input generators: a `WRITE` beyond the core's memory codes is a bad
        // argument (checked before a retry, as the hardware's argument check is).
        if (f.cmd == Command::Write && f.mem >= input_gen::MEM_TABLE)
            || (f.cmd == Command::Burst && !burst::fits(&SMALL, f.mem))
        {
            return (nak(NakReason::BadArgument, f.seq), vec![], 0);
        }
        if let Some((seq, reply)) = &self.last
            && *seq == f.seq
        {
            self.retries += 1;
            return (reply.clone(), vec![], 0);
        }
        let mut ran = 0;
        let mem = f.mem & 7;
        let mut actions = vec![];
        let body = match f.cmd {
            Command::Ping => {
                self.writes = 0;
                self.checksum = LoadChecksum::default();
                ReplyBody::Ack
            }
            Command::Status => {
                self.statuses += 1;
                ReplyBody::Data(
                    BoardStatus {
                        writes: self.writes,
                        written: self.written,
                        boot_image: self.boot_image,
                        generators: false,
                        spike_lists: false,
                        burst: true,
                        checksum: self.checksum.value(),
                    }
                    .to_word(),
                )
            }
            Command::Write => {
                self.writes = self.writes.wrapping_add(1);
                self.written = true;
                self.checksum.push_write(f.mem, f.addr, f.data);
                let data = kept(mem, f.data);
                self.memory.insert((mem, f.addr), data);
                actions.push(Action::Write {
                    mem,
                    addr: f.addr,
                    data,
                });
                ReplyBody::Ack
            }
            Command::Burst => {
                self.writes = self.writes.wrapping_add(1);
                self.written = true;
                self.bursts += 1;
                self.checksum.push_burst(&SMALL, f.mem, f.addr, f.data);
                let (code, words) = burst::decode(f.mem);
                let lane = burst::lane_bytes(&SMALL, code);
                for i in 0..words {
                    let (mem, addr) = (code as u8, f.addr.wrapping_add(i));
                    let data = kept(mem, burst::word(f.data, lane, i));
                    self.memory.insert((mem, addr), data);
                    actions.push(Action::Write { mem, addr, data });
                }
                ReplyBody::Ack
            }
            Command::Read => ReplyBody::Data(self.memory.get(&(mem, f.addr)).copied().unwrap_or(0)),
            Command::Event => {
                if self.fifo >= FIFO_DEPTH {
                    // Not applied, so not remembered.
                    return (nak(NakReason::FifoFull, f.seq), vec![], 0);
                }
                self.fifo += 1;
                actions.push(Action::Event {
                    inj: f.mem & 1 != 0,
                    addr: f.addr as u16,
                    value: f.data as u16,
                });
                ReplyBody::Ack
            }
            Command::Step => {
                let body = ReplyBody::Report(Report {
                    t: self.t,
                    cycles: steps[0].cycles,
                    spikes: steps[0].spikes.clone(),
                });
                self.t += 1;
                self.fifo = 0;
                ran = 1;
                self.last_report = Some(body.clone());
                actions.push(Action::Tick);
                body
            }
            Command::Run => {
                let t = self.t;
                let mut packed = stream::Encoder::new(SMALL.neurons);
                while packed.steps() < f.addr && packed.has_room() {
                    let step = &steps[ran];
                    packed.push(step.cycles, &step.spikes);
                    actions.push(Action::Tick);
                    ran += 1;
                }
                self.t += ran as u32;
                self.fifo = 0;
                let (steps, cycles, tokens) = packed.finish();
                self.cut += u32::from(steps < f.addr);
                let records = records(&tokens);
                self.joined += u32::from(records.iter().any(|&(k, _)| k > 1));
                self.long += u32::from(records.iter().any(|&(_, c)| c == stream::LONG_CYCLES));
                let body = ReplyBody::Stream(Stream { t, cycles, tokens });
                self.last_report = Some(body.clone());
                body
            }
            Command::Resend => match &self.last_report {
                Some(r) => r.clone(),
                // Nothing ran yet: `NAK` 3, not applied, so not remembered.
                None => return (nak(NakReason::UnknownCommand, f.seq), vec![], 0),
            },
        };
        let reply = Reply { seq: f.seq, body }.encode();
        self.last = Some((f.seq, reply.clone()));
        (reply, actions, ran)
    }
}

/// The end records of a stream: (timesteps, cycles token) of each.
fn records(tokens: &[u16]) -> Vec<(u16, u16)> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < tokens.len() {
        if tokens[at] & stream::END_FLAG == 0 {
            at += 1;
            continue;
        }
        out.push((tokens[at] & !stream::END_FLAG, tokens[at + 1]));
        at += stream::END_TOKENS;
    }
    out
}

fn nak(reason: NakReason, seq: u8) -> Vec<u8> {
    Reply {
        seq,
        body: ReplyBody::Nak(reason),
    }
    .encode()
}

/// One thing the host puts on the line.
enum Stimulus {
    Frame([u8; FRAME_BYTES]),
    /// The first bytes of a frame, then silence past `IDLE_BYTES` byte times.
    Truncated(Vec<u8>),
}

/// A random frame: each command, a repeated `seq` one time in six, a corrupted bit or an unknown
/// command now and then. `RESEND` also before the first `STEP` (`NAK` 3, `docs/host_link.md`).
fn random_stimulus(rng: &mut SplitMix64, seq: &mut u8) -> Stimulus {
    if rng.below(6) != 0 {
        *seq = seq.wrapping_add(1);
    }
    // EVENT and RUN twice as often as the others, so that the FIFO fills between two STEPs and
    // RUNs of every length come up.
    let cmd = match rng.below(11) {
        0 | 10 => Command::Write,
        1 => Command::Read,
        2 | 3 => Command::Event,
        4 => Command::Step,
        5 => Command::Ping,
        6 => Command::Status,
        7 => Command::Resend,
        _ => Command::Run,
    };
    // Few memories and addresses, so that reads find written words; `mem` above 7 too (a `READ`'s
    // bits 2..0 reach the core; a `WRITE` there is refused, this link having no generators).
    let f = CommandFrame {
        cmd,
        seq: *seq,
        mem: if rng.below(8) == 0 {
            rng.next() as u8
        } else {
            rng.below(8) as u8
        },
        addr: if rng.below(8) == 0 {
            rng.next() as u32
        } else {
            rng.below(4) as u32
        },
        data: u128::from(rng.next()) | u128::from(rng.next()) << 64,
    };
    // A RUN of up to `RUN_STEPS` timesteps, long enough to fill the stream buffer; one in eight
    // out of range (`NAK` 5): 0, or above `stream::MAX_STEPS` by a power of two.
    let f = match (cmd, rng.below(8)) {
        (Command::Run, 0) => CommandFrame {
            addr: [0, stream::MAX_STEPS + 1, 1 << (16 + rng.below(16))][rng.below(3) as usize],
            ..f
        },
        (Command::Run, _) => CommandFrame {
            addr: 1 + rng.below(RUN_STEPS as u64) as u32,
            ..f
        },
        // Half the `WRITE`s are `BURST`s: of 1 up to as many words as fit, one in eight too many
        // words or a memory code past the core's (`NAK` 5).
        (Command::Write, 0..4) => {
            let code = rng.below(u64::from(burst::CORE_CODES)) as u32;
            let most = burst::max_words(&SMALL, code);
            let words = 1 + rng.below(u64::from(most)) as u32;
            let mem = match rng.below(8) {
                0 if most < burst::MAX_WORDS => burst::mem_byte(code, most + 1),
                1 => burst::mem_byte(code, words) | 8,
                _ => burst::mem_byte(code, words),
            };
            CommandFrame {
                cmd: Command::Burst,
                mem,
                ..f
            }
        }
        _ => f,
    };
    let mut bytes = f.encode();
    match rng.below(16) {
        0 => {
            // Any bit but the sync byte's: a bad CRC (`NAK` 1 naming the seq byte as received).
            let bit = 8 + rng.below(8 * (FRAME_BYTES as u64 - 1));
            bytes[bit as usize / 8] ^= 1 << (bit % 8);
        }
        1 => {
            // An unknown command with a good CRC (`NAK` 3): 0 or above `cmd::LAST`.
            bytes[1] = [0, cmd::LAST + 1, 0xFF][rng.below(3) as usize];
            let crc = flux_host::frame::crc_bytes(&bytes[..FRAME_BYTES - 2]);
            bytes[FRAME_BYTES - 2..].copy_from_slice(&crc);
        }
        2 => {
            let n = 1 + rng.below(FRAME_BYTES as u64 - 1) as usize;
            return Stimulus::Truncated(bytes[..n].to_vec());
        }
        _ => {}
    }
    Stimulus::Frame(bytes)
}

/// The link, its stand-in core and the host's receiver, clocked together.
struct Bench {
    link: Block,
    core: StandInCore,
    host: Receiver,
    received: Vec<u8>,
}

impl Bench {
    fn clock(&mut self, rx: u8) {
        self.core.clock(&mut self.link);
        self.link.set("rx", rx.into());
        self.link.tick();
        if let Some(b) = self.host.clock(self.link.get("tx") as u8) {
            self.received.push(b);
        }
    }

    /// Sends `bytes`, each after a gap of up to two bit times (well inside `IDLE_BYTES`).
    fn send(&mut self, rng: &mut SplitMix64, bytes: &[u8]) {
        let cpb = SIM_CLOCKS_PER_BIT as usize;
        let mut levels = Vec::new();
        for &b in bytes {
            levels.extend(std::iter::repeat_n(1, rng.below(2 * cpb as u64) as usize));
            serialise(b, cpb, &mut levels);
        }
        for l in levels {
            self.clock(l);
        }
    }

    /// Clocks with the line idle until `n` reply bytes have arrived (or `limit` byte times pass),
    /// then two more byte times, so that a byte too many would show.
    fn await_reply(&mut self, n: usize, limit: u32) {
        let byte = SIM_CLOCKS_PER_BIT * BITS_PER_BYTE;
        let mut waited = 0;
        while self.received.len() < n && waited < limit * byte {
            self.clock(1);
            waited += 1;
        }
        for _ in 0..2 * byte {
            self.clock(1);
        }
    }
}

/// A `WRITE` or `BURST` holds its frame while the load checksum takes it apart: its reply begins
/// exactly `burst::hold_clocks` clocks later than a `PING`'s (`docs/host_link.md` §2), the figure
/// `flux estimate` adds to a load.
#[test]
fn a_write_or_burst_is_answered_hold_clocks_after_a_ping() {
    use flux_sim::spec::mem;
    let Some(link) = block_for_test(&host_link(false)) else {
        return;
    };
    let mut bench = Bench {
        link,
        core: StandInCore::default(),
        host: Receiver::new(SIM_CLOCKS_PER_BIT),
        received: Vec::new(),
    };
    bench.clock(1);
    let lane = burst::lane_bytes(&SMALL, mem::SYNAPSES);
    let frames = [
        (CommandFrame::bare(Command::Ping, 1), 0),
        (
            CommandFrame {
                cmd: Command::Write,
                seq: 2,
                mem: mem::STATE as u8,
                addr: 3,
                data: 5,
            },
            burst::hold_clocks(1, burst::DATA_BYTES),
        ),
        (
            CommandFrame::burst(3, &SMALL, mem::SYNAPSES, 0, &[1, 2, 3]),
            burst::hold_clocks(3, lane),
        ),
        (CommandFrame::bare(Command::Ping, 4), 0),
    ];
    let mut waits = Vec::new();
    for (frame, _) in &frames {
        // Back to back, with no gap: the clocks from the last stop bit to the reply's start bit.
        let mut levels = Vec::new();
        for b in frame.encode() {
            serialise(b, SIM_CLOCKS_PER_BIT as usize, &mut levels);
        }
        for l in levels {
            bench.clock(l);
        }
        let mut wait = 0u32;
        while bench.link.get("tx") == 1 {
            bench.clock(1);
            wait += 1;
            assert!(wait < 10_000, "{:?}: no reply", frame.cmd);
        }
        waits.push(wait);
        bench.received.clear();
        bench.await_reply(7, 20);
    }
    let base = waits[0];
    assert_eq!(waits[3], base, "a PING waits the same each time");
    for ((frame, hold), wait) in frames.iter().zip(&waits) {
        assert_eq!(
            wait - base,
            *hold,
            "{:?}: {wait} clocks, a PING's {base}",
            frame.cmd
        );
    }
}

#[test]
fn host_link_answers_as_the_emulated_board_does() {
    answers_as_the_engine(false, 150);
}

/// A link built for a core that boots holding an image says so in `STATUS` (bit
/// `STATUS_BOOT_IMAGE_BIT`), so that a host never skips its words.
#[test]
fn a_boot_image_link_says_so_in_status() {
    let statuses = answers_as_the_engine(true, 60);
    assert!(statuses > 0, "no STATUS frame was applied");
}

/// Runs `frames` random frames (after a first `RESEND`) through the link built with `boot_image`,
/// each reply and core action against the engine; with 150 frames or more, every kind of reply
/// must have come up. Returns the `STATUS` frames applied.
fn answers_as_the_engine(boot_image: bool, frames: u32) -> u32 {
    let seed = seed(0x4057_0001);
    let mut rng = SplitMix64(seed);
    let Some(link) = block_for_test(&host_link(boot_image)) else {
        return 0;
    };
    let mut bench = Bench {
        link,
        core: StandInCore::default(),
        host: Receiver::new(SIM_CLOCKS_PER_BIT),
        received: Vec::new(),
    };
    bench.send(&mut rng, &[]);
    let mut engine = Engine {
        boot_image,
        ..Engine::default()
    };
    let mut seq = 0u8;
    // Replies by kind (NAKs by reason) and retries, so that a stimulus change that stops
    // exercising one of them fails the test.
    let mut tally: HashMap<String, u32> = HashMap::new();
    for frame in 0..frames {
        // Junk between frames (never the sync byte) is ignored.
        if rng.below(8) == 0 {
            let junk: Vec<u8> = (0..1 + rng.below(3))
                .map(|_| (rng.next() as u8) | 1)
                .filter(|&b| b != COMMAND_SYNC)
                .collect();
            bench.send(&mut rng, &junk);
        }
        let steps: Vec<Timestep> = (0..RUN_STEPS).map(|_| Timestep::random(&mut rng)).collect();
        bench.core.actions.clear();
        bench.received.clear();
        let mut run_cycles = 0;
        // Frame 0 is a `RESEND` before any `STEP`: `NAK` 3, nothing applied; the next frames may
        // use the same `seq` and must be applied.
        let stimulus = if frame == 0 {
            let resend = CommandFrame {
                cmd: Command::Resend,
                seq,
                mem: 0,
                addr: 0,
                data: 0,
            };
            Stimulus::Frame(resend.encode())
        } else {
            random_stimulus(&mut rng, &mut seq)
        };
        let (what, want, actions) = match stimulus {
            Stimulus::Frame(bytes) => {
                let (reply, actions, ran) = engine.frame(&bytes, &steps);
                bench.core.next = steps[..ran].iter().cloned().collect();
                run_cycles = steps[..ran].iter().map(|s| s.cycles).sum();
                bench.send(&mut rng, &bytes);
                (format!("frame {bytes:02x?}"), reply, actions)
            }
            Stimulus::Truncated(bytes) => {
                bench.send(&mut rng, &bytes);
                // The seq byte if it arrived, else 0.
                let seq = bytes.get(2).copied().unwrap_or(0);
                (
                    format!("truncated frame {bytes:02x?}"),
                    nak(NakReason::Truncated, seq),
                    vec![],
                )
            }
        };
        // A timestep runs up to 70 cycles (and 6 more between two of a RUN), under a byte time;
        // the reply follows; a truncated frame is dropped after IDLE_BYTES byte times.
        let run_bytes = run_cycles / (SIM_CLOCKS_PER_BIT * BITS_PER_BYTE);
        bench.await_reply(
            want.len(),
            IDLE_BYTES + 2 + want.len() as u32 + 10 + RUN_STEPS as u32 + run_bytes,
        );
        assert!(
            bench.core.next.is_empty(),
            "seed {seed:#x}, frame {frame}: the link ran fewer timesteps than the engine"
        );
        let at = format!("seed {seed:#x}, frame {frame} ({what})");
        assert_eq!(
            bench.core.actions, actions,
            "{at}: what reached the core: block (left), engine (right)"
        );
        if bench.received != want {
            let decoded = |b: &[u8]| match Reply::decode(b) {
                Ok(r) => format!("{r:?}"),
                Err(e) => format!("undecodable: {e}"),
            };
            panic!(
                "{at}: reply\n  block  {:02x?} = {}\n  engine {:02x?} = {}",
                bench.received,
                decoded(&bench.received),
                want,
                decoded(&want)
            );
        }
        let reply = Reply::decode(&want).expect("the engine's reply decodes");
        let name = match reply.body {
            ReplyBody::Nak(r) => format!("NAK {}", r.describe()),
            b => b.name().to_string(),
        };
        *tally.entry(name).or_default() += 1;
    }
    *tally.entry("retries".into()).or_default() = engine.retries;
    *tally.entry("BURST applied".into()).or_default() = engine.bursts;
    *tally.entry("STREAM cut by the buffer".into()).or_default() = engine.cut;
    *tally.entry("STREAM joining timesteps".into()).or_default() = engine.joined;
    *tally.entry("STREAM with a long record".into()).or_default() = engine.long;
    let mut kinds: Vec<_> = tally.iter().collect();
    kinds.sort();
    println!("replies: {kinds:?}");
    if frames < 150 {
        return engine.statuses;
    }
    for kind in [
        "ACK",
        "DATA",
        "REPORT",
        "STREAM",
        "NAK bad CRC",
        "NAK truncated frame",
        "NAK unknown command",
        "NAK input FIFO full",
        "NAK bad argument",
        "retries",
        "STREAM cut by the buffer",
        "STREAM joining timesteps",
        "STREAM with a long record",
        "BURST applied",
    ] {
        assert!(
            tally.get(kind).is_some_and(|&n| n > 0),
            "seed {seed:#x}: no {kind} reply in {frames} frames: {kinds:?}"
        );
    }
    engine.statuses
}

/// UNUSEDSIGNAL is waived: the link uses bits 2..0 of the frame's `mem` byte (the memory code,
/// `docs/host_link.md` §2) and bits 15..0 of a `RUN`'s `addr` once bits 31..16 are known to be 0;
/// both by design.
#[test]
fn host_link_lints_with_verilator() {
    // UNOPTFLAT: rust-hdl writes each module's logic as one always block, so the linter sees a loop
    // link -> input_gen (its table write port) -> input_gen's ev_valid -> link; ev_valid depends
    // only on the walk state and the table word (`input_gen.rs`), as `hdl/lint.vlt` says for the
    // board tops.
    block::lint(&host_link(false), &["UNUSEDSIGNAL", "UNOPTFLAT"]);
}

/// The stream buffer is the link's only block RAM: `2N` 16-bit tokens, 256 per 4-kbit
/// `SB_RAM40_4K` (`hdl/README.md`: 2 block RAMs for the link on `small` and `up5k`).
#[test]
fn host_link_synthesizes_for_ice40() {
    let Some(stat) = block::synth_ice40(&host_link(false), "") else {
        return;
    };
    let brams = (stream::buffer_tokens(SMALL.neurons) * 16 / 4096) as u64;
    assert_eq!(block::cell_count(&stat, "SB_RAM40_4K"), brams, "{stat}");
}
