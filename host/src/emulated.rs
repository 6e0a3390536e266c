//! A board in software: the frame engine of `docs/host_link.md` on top of the model
//! ([`flux_sim::core::Core`]), behind the [`Link`] trait. It lets the session, its retries and its
//! trace be tested in milliseconds, without Verilator, and with the same [`FaultPlan`] as the
//! simulated serial line of the testbenches.
//!
//! Time is counted in byte times, as the [`Link`] trait does: a byte sent or received takes one; a
//! `recv_byte` that finds nothing to receive lets its whole timeout pass. The board's rules are the
//! document's: a frame starts at a `0xA5` received between frames, is checked whole (sync, CRC, known
//! command) and answered with a `NAK` otherwise, a frame that pauses for [`IDLE_BYTES`] byte times
//! is dropped with `NAK` 2, and a valid frame with the `seq` of the last
//! applied one is answered with the stored reply and not applied again.
//!
//! The memories are loaded as `WRITE`s arrive; the core starts running at the first `STEP`. A
//! `WRITE` after that is not emulated (the model cannot change its memories under a running core)
//! and fails the link.

use std::collections::VecDeque;

use flux_sim::core::Core;
use flux_sim::image::{CoreImage, Event};
use flux_sim::input_gen::{self, Table};
use flux_sim::link::{LoadChecksum, burst, stream};
use flux_sim::spec::{Preset, mem, reg};

use crate::fault::{FaultCounts, FaultInjector, FaultPlan};
use crate::frame::{
    COMMAND_LEN, COMMAND_SYNC, Command, CommandFrame, IDLE_BYTES, NakReason, Reply, ReplyBody,
    Report, Stream,
};
use crate::link::{Link, LinkError};
use crate::session::BoardStatus;

/// The board side of the link, emulated.
pub struct EmulatedBoard {
    /// The memories as written.
    image: CoreImage,
    /// The running core, from the first `STEP` on.
    core: Option<Core>,
    /// Register `t` as written: the first timestep the core runs (`docs/model.md` §7).
    first_t: u32,
    /// Events queued for the next timestep.
    fifo: Vec<Event>,
    /// The on-chip input generators (`docs/model.md` §9.1), on a preset that carries them.
    generators: Table,
    /// The `seq` of the last applied frame and the bytes of its reply.
    last: Option<(u8, Vec<u8>)>,
    /// The last `REPORT` or `STREAM` sent, for `RESEND`.
    last_report: Option<Reply>,
    /// The frame being received.
    frame: Vec<u8>,
    /// Byte times since the last byte of `frame` arrived.
    quiet: u32,
    /// Bytes on their way to the host.
    tx: VecDeque<u8>,
    faults: FaultInjector,
    /// `WRITE`s applied since the last applied `PING` or reset (`STATUS`).
    writes: u32,
    /// A `WRITE` was applied since power-up (`STATUS` bit `STATUS_WRITTEN_BIT`).
    written: bool,
    /// The load checksum of the `WRITE`s and `BURST`s applied since then (`STATUS`).
    checksum: LoadChecksum,
    /// Frames applied (a retry answered from memory is not).
    applied: u64,
    naks: u64,
}

impl EmulatedBoard {
    /// A board with a core of `preset`, all memories zero, as after reset.
    pub fn new(preset: Preset) -> Self {
        Self::with_faults(preset, FaultPlan::none())
    }

    /// As [`EmulatedBoard::new`], with the line damaged as `plan` says.
    pub fn with_faults(preset: Preset, plan: FaultPlan) -> Self {
        Self {
            image: CoreImage::empty(preset),
            core: None,
            first_t: 0,
            fifo: Vec::new(),
            generators: Table::with_lists(preset.spike_lists),
            last: None,
            last_report: None,
            frame: Vec::with_capacity(COMMAND_LEN),
            quiet: 0,
            tx: VecDeque::new(),
            faults: FaultInjector::new(plan),
            writes: 0,
            written: false,
            checksum: LoadChecksum::default(),
            applied: 0,
            naks: 0,
        }
    }

    /// The board resets (a power glitch, a reconfiguration): memories zero, `t` 0, no `seq`
    /// remembered, write count 0, nothing queued or half received. The line, its faults and the
    /// counts of [`EmulatedBoard::applied`] and [`EmulatedBoard::naks`] go on.
    pub fn reset(&mut self) {
        let preset = self.image.preset;
        let faults = std::mem::take(&mut self.faults);
        let (applied, naks) = (self.applied, self.naks);
        *self = Self::new(preset);
        self.faults = faults;
        self.applied = applied;
        self.naks = naks;
    }

    /// Faults injected so far.
    pub fn faults(&self) -> FaultCounts {
        self.faults.counts()
    }

    /// Bytes that entered the line so far: (to the board, to the host), as [`FaultPlan`]
    /// positions count them.
    pub fn line_position(&self) -> (u64, u64) {
        self.faults.position()
    }

    /// Replaces the fault plan; its positions count from [`EmulatedBoard::line_position`] on.
    pub fn set_faults(&mut self, plan: FaultPlan) {
        let (sent, received) = self.faults.position();
        self.faults = FaultInjector::starting_at(plan, sent, received);
    }

    /// Frames the board applied.
    pub fn applied(&self) -> u64 {
        self.applied
    }

    /// NAKs the board sent.
    pub fn naks(&self) -> u64 {
        self.naks
    }

    /// Timesteps run.
    pub fn t(&self) -> u64 {
        self.core.as_ref().map_or(0, Core::t)
    }

    fn reply(&mut self, seq: u8, body: ReplyBody) -> Vec<u8> {
        let reply = Reply { seq, body };
        if let ReplyBody::Report(_) | ReplyBody::Stream(_) = reply.body {
            self.last_report = Some(reply.clone());
        }
        reply.encode()
    }

    fn nak(&mut self, reason: NakReason, seq: u8) {
        self.naks += 1;
        let bytes = Reply {
            seq,
            body: ReplyBody::Nak(reason),
        }
        .encode();
        self.tx.extend(bytes);
    }

    /// One byte from the line.
    fn receive(&mut self, b: u8) -> Result<(), LinkError> {
        self.quiet = 0;
        if self.frame.is_empty() && b != COMMAND_SYNC {
            return Ok(());
        }
        self.frame.push(b);
        if self.frame.len() == COMMAND_LEN {
            let bytes: [u8; COMMAND_LEN] = self.frame[..].try_into().expect("a whole frame");
            self.frame.clear();
            match CommandFrame::decode(&bytes) {
                Err((reason, seq)) => self.nak(reason, seq),
                Ok(f) => self.apply(f)?,
            }
        }
        Ok(())
    }

    /// Lets `n` byte times pass with nothing received.
    fn pass(&mut self, n: u32) {
        if self.frame.is_empty() {
            return;
        }
        self.quiet = self.quiet.saturating_add(n);
        if self.quiet >= IDLE_BYTES {
            let seq = self.frame.get(2).copied().unwrap_or(0);
            self.frame.clear();
            self.nak(NakReason::Truncated, seq);
        }
    }

    fn apply(&mut self, f: CommandFrame) -> Result<(), LinkError> {
        // A `WRITE` beyond the core's memories needs the generators (checked before a retry, as
        // the hardware's argument check is).
        let gen_write = f.cmd == Command::Write && f.mem >= input_gen::MEM_TABLE;
        let preset = self.image.preset;
        let gen_known = preset.generators
            && (f.mem <= input_gen::MEM_REGS
                || (preset.spike_lists
                    && (f.mem == input_gen::MEM_LIST || f.mem == input_gen::MEM_SCHEDULE)));
        // A board without `BURST` knows no such command (`NAK` 3, as before it existed).
        if f.cmd == Command::Burst && !preset.burst {
            self.nak(NakReason::UnknownCommand, f.seq);
            return Ok(());
        }
        if (gen_write && !gen_known) || (f.cmd == Command::Burst && !burst::fits(&preset, f.mem)) {
            self.nak(NakReason::BadArgument, f.seq);
            return Ok(());
        }
        if let Some((seq, bytes)) = &self.last
            && *seq == f.seq
        {
            let bytes = bytes.clone();
            self.tx.extend(bytes);
            return Ok(());
        }
        let body = match f.cmd {
            Command::Ping => {
                self.writes = 0;
                self.checksum = LoadChecksum::default();
                ReplyBody::Ack
            }
            Command::Write | Command::Burst => {
                if gen_write {
                    self.generators.write(f.mem, f.addr, f.data);
                } else if f.cmd == Command::Write {
                    self.write(f.mem, f.addr, f.data)?;
                } else {
                    let (code, words) = burst::decode(f.mem);
                    let lane = burst::lane_bytes(&preset, code);
                    for i in 0..words {
                        let word = burst::word(f.data, lane, i);
                        self.write(code as u8, f.addr.wrapping_add(i), word)?;
                    }
                }
                self.writes = self.writes.wrapping_add(1);
                self.written = true;
                if f.cmd == Command::Write {
                    self.checksum.push_write(f.mem, f.addr, f.data);
                } else {
                    self.checksum.push_burst(&preset, f.mem, f.addr, f.data);
                }
                ReplyBody::Ack
            }
            // Its memories power up zero: no boot image.
            Command::Status => ReplyBody::Data(
                BoardStatus {
                    writes: self.writes,
                    written: self.written,
                    boot_image: false,
                    generators: self.image.preset.generators,
                    spike_lists: self.image.preset.generators && self.image.preset.spike_lists,
                    burst: preset.burst,
                    checksum: if preset.burst {
                        self.checksum.value()
                    } else {
                        0
                    },
                }
                .to_word(),
            ),
            Command::Read => ReplyBody::Data(self.read(f.mem, f.addr)),
            Command::Event => {
                if self.fifo.len() >= self.image.preset.input_fifo as usize {
                    // Not applied, so not remembered.
                    self.nak(NakReason::FifoFull, f.seq);
                    return Ok(());
                }
                self.fifo.push(f.to_event());
                ReplyBody::Ack
            }
            Command::Step => {
                let mut events = std::mem::take(&mut self.fifo);
                let t = self.running_core().t();
                self.generators.walk(t, &mut events);
                let report = self.running_core().step(&events);
                ReplyBody::Report(Report {
                    t: report.t as u32,
                    cycles: report.cycles as u32,
                    spikes: report.spikes.iter().map(|&n| n as u16).collect(),
                })
            }
            // The queued events go into the first timestep; the board runs on while its stream
            // buffer has room (`flux_sim::link::stream`).
            Command::Run => {
                let neurons = self.image.preset.neurons;
                let mut events = std::mem::take(&mut self.fifo);
                let t = self.running_core().t() as u32;
                let mut packed = stream::Encoder::new(neurons);
                while packed.steps() < f.addr && packed.has_room() {
                    let now = self.running_core().t();
                    self.generators.walk(now, &mut events);
                    let report = self.running_core().step(&events);
                    events.clear();
                    let spikes: Vec<u16> = report.spikes.iter().map(|&n| n as u16).collect();
                    packed.push(report.cycles as u32, &spikes);
                }
                let (_, cycles, tokens) = packed.finish();
                ReplyBody::Stream(Stream { t, cycles, tokens })
            }
            Command::Resend => match &self.last_report {
                Some(r) => r.body.clone(),
                // Nothing ran yet: an empty report of timestep 0 would be a lie; say so. Not
                // applied, so not remembered (`docs/host_link.md`).
                None => {
                    self.nak(NakReason::UnknownCommand, f.seq);
                    return Ok(());
                }
            },
        };
        self.applied += 1;
        let bytes = self.reply(f.seq, body);
        self.tx.extend(bytes.iter().copied());
        self.last = Some((f.seq, bytes));
        Ok(())
    }

    /// The core, started from the memories as written at the first `STEP` or `RUN`.
    fn running_core(&mut self) -> &mut Core {
        self.core.get_or_insert_with(|| {
            let mut core = Core::new(&self.image);
            core.set_t(self.first_t);
            core
        })
    }

    fn write(&mut self, mem: u8, addr: u32, data: u128) -> Result<(), LinkError> {
        if self.core.is_some() {
            return Err(LinkError::Board(
                "the emulated board takes WRITEs only before its first STEP".into(),
            ));
        }
        let addr = addr as usize;
        // An address past a memory is ignored here; the hardware truncates it to the memory's
        // address width (`hdl/README.md`), which the host never relies on.
        let image = &mut self.image;
        match (u32::from(mem), addr as u32) {
            (mem::PROFILES, _) => set(&mut image.profiles, addr, data),
            (mem::STATE, _) => set(&mut image.state, addr, image.preset.stored_state(data)),
            (mem::FANOUT, _) => set(&mut image.fanout, addr, data as u64),
            (mem::SYNAPSES, _) => set(&mut image.synapses, addr, data as u64),
            (mem::LEARN_RULES, _) => set(&mut image.learn_rules, addr, data as u64),
            (mem::LEARN_TABLE, _) => set(&mut image.learn_table, addr, data as u16),
            (mem::REGISTERS, reg::N_NEURONS) => image.n_neurons = data as u32,
            (mem::REGISTERS, reg::LEARN_EN) => image.learn_en = data & 1 != 0,
            (mem::REGISTERS, reg::SWEEP_LEN) => image.sweep_len = data as u32,
            (mem::REGISTERS, reg::SWEEP_STEP) => image.sweep_step = data as u32,
            (mem::REGISTERS, reg::T) => self.first_t = data as u32,
            (mem::REGISTERS, reg::NOISE) => image.noise = data as u32,
            (mem::REGISTERS, reg::NOISE_BITS) => {
                image.noise_bits = image.preset.stored_noise_bits(data as u32)
            }
            _ => {}
        }
        Ok(())
    }

    fn read(&self, mem: u8, addr: u32) -> u128 {
        let at = addr as usize;
        let get = |v: &[u128]| v.get(at).copied().unwrap_or(0);
        let get64 = |v: &[u64]| v.get(at).copied().map_or(0, u128::from);
        let preset = self.image.preset;
        match (u32::from(mem), &self.core) {
            (mem::STATE, Some(core)) if addr < preset.neurons => core.state_word(addr),
            (mem::RING, Some(core)) if addr / preset.neurons < preset.delay_slots => {
                core.slot_word(addr / preset.neurons, addr % preset.neurons)
            }
            (mem::STATE, None) => get(&self.image.state),
            (mem::PROFILES, _) => get(&self.image.profiles),
            (mem::FANOUT, _) => get64(&self.image.fanout),
            (mem::SYNAPSES, _) => get64(&self.image.synapses),
            // A core without the learning unit reads 0 there (docs/model.md §1).
            (mem::LEARN_RULES, _) if preset.learning => get64(&self.image.learn_rules),
            _ => 0,
        }
    }
}

fn set<T>(memory: &mut [T], addr: usize, value: T) {
    if let Some(w) = memory.get_mut(addr) {
        *w = value;
    }
}

impl Link for EmulatedBoard {
    fn send(&mut self, bytes: &[u8]) -> Result<(), LinkError> {
        for b in self.faults.to_board(bytes) {
            self.receive(b)?;
        }
        Ok(())
    }

    fn recv_byte(&mut self, timeout: u32) -> Result<Option<u8>, LinkError> {
        loop {
            if let Some(b) = self.faults.take_repeat() {
                return Ok(Some(b));
            }
            while let Some(b) = self.tx.pop_front() {
                if let Some(b) = self.faults.to_host(b) {
                    return Ok(Some(b));
                }
            }
            // Nothing to send: the quiet lets a stopped frame time out, and its NAK is what
            // arrives (within the timeout: the board answers after IDLE_BYTES).
            let pending = !self.frame.is_empty();
            self.pass(timeout);
            if !pending || self.tx.is_empty() {
                return Ok(None);
            }
        }
    }
}
