//! The frames of the host link (`docs/host_link.md` §2-3): fixed 26-byte command frames from the
//! host, variable-length reply frames from the board, each closed by a CRC-16/CCITT-FALSE.
//!
//! Both directions are encoded *and* decoded here: the host encodes commands and decodes replies,
//! the emulated board ([`crate::emulated`]) does the reverse, so the two sides cannot drift apart.

use crc::{CRC_16_IBM_3740, Crc};
use flux_sim::image::Event;

/// CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, no final xor) over every byte of a
/// frame before its CRC (§2).
pub const CRC: Crc<u16> = Crc::<u16>::new(&CRC_16_IBM_3740);

// The protocol's constants live once, in the model crate, shared with the hardware (`flux_sim::link`).
pub use flux_sim::link::{
    BITS_PER_BYTE, COMMAND_SYNC, EVENT_INJECTION, IDLE_BYTES, REPLY_SYNC, RESYNC_BYTES,
};
use flux_sim::link::{burst, cmd, kind, nak, stream};
use flux_sim::spec::Preset;
/// Length of every command frame: sync, cmd, seq, mem, addr (4), data (16), crc (2).
pub const COMMAND_LEN: usize = flux_sim::link::FRAME_BYTES;
/// Bytes of a reply before its payload: sync, kind, seq, len (2).
pub const REPLY_HEADER_LEN: usize = flux_sim::link::REPLY_HEADER_BYTES;
/// Bytes of the CRC that closes every frame.
pub const CRC_LEN: usize = flux_sim::link::CRC_BYTES;
/// Bytes of a REPORT payload before its neuron ids: `t` (4), `cycles` (4), `count` (2).
pub const REPORT_FIXED_LEN: usize = flux_sim::link::REPORT_HEADER_BYTES as usize;

/// The CRC of `bytes`, as sent: little-endian.
pub fn crc_bytes(bytes: &[u8]) -> [u8; 2] {
    CRC.checksum(bytes).to_le_bytes()
}

/// A command code (`cmd`, §2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Command {
    Write = cmd::WRITE as isize,
    Read = cmd::READ as isize,
    Event = cmd::EVENT as isize,
    Step = cmd::STEP as isize,
    Resend = cmd::RESEND as isize,
    Ping = cmd::PING as isize,
    Status = cmd::STATUS as isize,
    Run = cmd::RUN as isize,
    Burst = cmd::BURST as isize,
}

impl Command {
    /// The command with code `code`, if there is one.
    pub fn from_code(code: u8) -> Option<Self> {
        Some(match code {
            cmd::WRITE => Command::Write,
            cmd::READ => Command::Read,
            cmd::EVENT => Command::Event,
            cmd::STEP => Command::Step,
            cmd::RESEND => Command::Resend,
            cmd::PING => Command::Ping,
            cmd::STATUS => Command::Status,
            cmd::RUN => Command::Run,
            cmd::BURST => Command::Burst,
            _ => return None,
        })
    }

    /// The name the protocol document uses.
    pub fn name(self) -> &'static str {
        match self {
            Command::Write => "WRITE",
            Command::Read => "READ",
            Command::Event => "EVENT",
            Command::Step => "STEP",
            Command::Resend => "RESEND",
            Command::Ping => "PING",
            Command::Status => "STATUS",
            Command::Run => "RUN",
            Command::Burst => "BURST",
        }
    }
}

/// One command frame's fields (all but `sync` and `crc`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CommandFrame {
    pub cmd: Command,
    pub seq: u8,
    /// Memory code (`cfg_mem`) for WRITE and READ; flags for EVENT.
    pub mem: u8,
    pub addr: u32,
    /// The 128-bit word, right-aligned.
    pub data: u128,
}

impl CommandFrame {
    /// A command with no operands.
    pub fn bare(cmd: Command, seq: u8) -> Self {
        Self {
            cmd,
            seq,
            mem: 0,
            addr: 0,
            data: 0,
        }
    }

    /// The EVENT frame of one external event: an injection carries its i16 in `data[0..2]`.
    pub fn event(seq: u8, event: Event) -> Self {
        let (mem, addr, data) = match event {
            Event::Spike { channel } => (0, channel, 0),
            Event::Current { neuron, value } => (
                EVENT_INJECTION,
                neuron,
                u128::from(u16::from_le_bytes(value.to_le_bytes())),
            ),
        };
        Self {
            cmd: Command::Event,
            seq,
            mem,
            addr,
            data,
        }
    }

    /// The RUN frame of `steps` timesteps (the board refuses 0 and more than
    /// [`stream::MAX_STEPS`] with `NAK` 5).
    pub fn run(seq: u8, steps: u32) -> Self {
        Self {
            cmd: Command::Run,
            seq,
            mem: 0,
            addr: steps,
            data: 0,
        }
    }

    /// The BURST frame that writes `words` (1 up to `burst::max_words`) into memory `mem` at
    /// `addr..`, each in its lane for a core of `preset` (`flux_sim::link::burst`).
    pub fn burst(seq: u8, preset: &Preset, mem: u32, addr: u32, words: &[u128]) -> Self {
        Self {
            cmd: Command::Burst,
            seq,
            mem: burst::mem_byte(mem, words.len() as u32),
            addr,
            data: burst::pack(words, burst::lane_bytes(preset, mem)),
        }
    }

    /// The external event an EVENT frame carries.
    pub fn to_event(&self) -> Event {
        if self.mem & EVENT_INJECTION != 0 {
            let bytes = self.data.to_le_bytes();
            Event::Current {
                neuron: self.addr,
                value: i16::from_le_bytes([bytes[0], bytes[1]]),
            }
        } else {
            Event::Spike { channel: self.addr }
        }
    }

    /// The 26 bytes on the line.
    pub fn encode(&self) -> [u8; COMMAND_LEN] {
        let mut b = [0u8; COMMAND_LEN];
        b[0] = COMMAND_SYNC;
        b[1] = self.cmd as u8;
        b[2] = self.seq;
        b[3] = self.mem;
        b[4..8].copy_from_slice(&self.addr.to_le_bytes());
        b[8..24].copy_from_slice(&self.data.to_le_bytes());
        let crc = crc_bytes(&b[..COMMAND_LEN - CRC_LEN]);
        b[COMMAND_LEN - CRC_LEN..].copy_from_slice(&crc);
        b
    }

    /// Decodes a whole frame as the board checks it (§2): sync, CRC, then the command code. The
    /// error is the NAK the board answers with and the `seq` it names.
    pub fn decode(b: &[u8; COMMAND_LEN]) -> Result<Self, (NakReason, u8)> {
        let seq = b[2];
        if b[0] != COMMAND_SYNC {
            // The board only starts a frame at a sync byte; a caller that hands over another frame
            // has lost the framing, which is what a CRC failure reports too.
            return Err((NakReason::BadCrc, seq));
        }
        let crc = crc_bytes(&b[..COMMAND_LEN - CRC_LEN]);
        if crc != b[COMMAND_LEN - CRC_LEN..] {
            return Err((NakReason::BadCrc, seq));
        }
        let cmd = Command::from_code(b[1]).ok_or((NakReason::UnknownCommand, seq))?;
        let frame = Self {
            cmd,
            seq,
            mem: b[3],
            addr: u32::from_le_bytes(b[4..8].try_into().expect("4 bytes")),
            data: u128::from_le_bytes(b[8..24].try_into().expect("16 bytes")),
        };
        if cmd == Command::Run && !(1..=stream::MAX_STEPS).contains(&frame.addr) {
            return Err((NakReason::BadArgument, seq));
        }
        Ok(frame)
    }
}

/// Why the board refused a frame (the `NAK` payload, §3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NakReason {
    BadCrc = nak::BAD_CRC as isize,
    Truncated = nak::TRUNCATED as isize,
    UnknownCommand = nak::UNKNOWN_COMMAND as isize,
    FifoFull = nak::FIFO_FULL as isize,
    BadArgument = nak::BAD_ARGUMENT as isize,
}

impl NakReason {
    pub fn from_code(code: u8) -> Option<Self> {
        Some(match code {
            nak::BAD_CRC => NakReason::BadCrc,
            nak::TRUNCATED => NakReason::Truncated,
            nak::UNKNOWN_COMMAND => NakReason::UnknownCommand,
            nak::FIFO_FULL => NakReason::FifoFull,
            nak::BAD_ARGUMENT => NakReason::BadArgument,
            _ => return None,
        })
    }

    pub fn describe(self) -> &'static str {
        match self {
            NakReason::BadCrc => "bad CRC",
            NakReason::Truncated => "truncated frame",
            NakReason::UnknownCommand => "unknown command",
            NakReason::FifoFull => "input FIFO full",
            NakReason::BadArgument => "bad argument",
        }
    }
}

/// The payload of a REPORT: what one timestep did on the board.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    /// The timestep that ran (the board's 32-bit counter).
    pub t: u32,
    /// Clock edges from `tick` until `busy` fell.
    pub cycles: u32,
    /// The neurons that spiked, ascending.
    pub spikes: Vec<u16>,
}

/// The payload of a STREAM: the timesteps one RUN ran, packed as [`stream`] says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stream {
    /// The first timestep that ran (the board's 32-bit counter).
    pub t: u32,
    /// The cycles of the last timestep that ran.
    pub cycles: u32,
    /// The packed spikes and cycles of the timesteps that ran (1..=the RUN's `addr`; fewer when
    /// the board's stream buffer filled), [`stream::decode`].
    pub tokens: Vec<u16>,
}

/// A reply frame's kind and payload.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReplyBody {
    Ack,
    Nak(NakReason),
    Data(u128),
    Report(Report),
    Stream(Stream),
}

impl ReplyBody {
    /// The `kind` byte (§3).
    pub fn kind(&self) -> u8 {
        match self {
            ReplyBody::Ack => kind::ACK,
            ReplyBody::Nak(_) => kind::NAK,
            ReplyBody::Data(_) => kind::DATA,
            ReplyBody::Report(_) => kind::REPORT,
            ReplyBody::Stream(_) => kind::STREAM,
        }
    }

    /// A short name for messages.
    pub fn name(&self) -> &'static str {
        match self {
            ReplyBody::Ack => "ACK",
            ReplyBody::Nak(_) => "NAK",
            ReplyBody::Data(_) => "DATA",
            ReplyBody::Report(_) => "REPORT",
            ReplyBody::Stream(_) => "STREAM",
        }
    }
}

/// One reply frame.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reply {
    pub seq: u8,
    pub body: ReplyBody,
}

/// A reply that does not decode (the host recovers by sending the command again, §3).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ReplyError {
    #[error("reply CRC mismatch")]
    BadCrc,
    #[error("unknown reply kind {0}")]
    UnknownKind(u8),
    #[error("{kind} reply with a {len}-byte payload")]
    BadLength { kind: &'static str, len: usize },
    #[error("unknown NAK reason {0}")]
    UnknownNak(u8),
    #[error("REPORT neuron ids are not ascending")]
    SpikeOrder,
}

impl Reply {
    /// The bytes on the line.
    pub fn encode(&self) -> Vec<u8> {
        let payload: Vec<u8> = match &self.body {
            ReplyBody::Ack => Vec::new(),
            ReplyBody::Nak(reason) => vec![*reason as u8],
            ReplyBody::Data(word) => word.to_le_bytes().to_vec(),
            ReplyBody::Report(r) => report_payload(r.t, r.cycles, &r.spikes),
            ReplyBody::Stream(s) => report_payload(s.t, s.cycles, &s.tokens),
        };
        let mut b = Vec::with_capacity(REPLY_HEADER_LEN + payload.len() + CRC_LEN);
        b.push(REPLY_SYNC);
        b.push(self.body.kind());
        b.push(self.seq);
        b.extend_from_slice(&(payload.len() as u16).to_le_bytes());
        b.extend_from_slice(&payload);
        let crc = crc_bytes(&b);
        b.extend_from_slice(&crc);
        b
    }

    /// The payload length a reply header announces (bytes 3..5).
    pub fn payload_len(header: &[u8; REPLY_HEADER_LEN]) -> usize {
        usize::from(u16::from_le_bytes([header[3], header[4]]))
    }

    /// Decodes a whole reply frame (`sync` through `crc`).
    pub fn decode(b: &[u8]) -> Result<Self, ReplyError> {
        if b.len() < REPLY_HEADER_LEN + CRC_LEN || b[0] != REPLY_SYNC {
            return Err(ReplyError::BadCrc);
        }
        let (body, crc) = b.split_at(b.len() - CRC_LEN);
        if crc_bytes(body) != crc {
            return Err(ReplyError::BadCrc);
        }
        let header: &[u8; REPLY_HEADER_LEN] = body[..REPLY_HEADER_LEN].try_into().expect("5");
        let payload = &body[REPLY_HEADER_LEN..];
        if payload.len() != Self::payload_len(header) {
            return Err(ReplyError::BadCrc);
        }
        let code = b[1];
        let bad = |kind| ReplyError::BadLength {
            kind,
            len: payload.len(),
        };
        let body = match code {
            kind::ACK if payload.is_empty() => ReplyBody::Ack,
            kind::ACK => return Err(bad("ACK")),
            kind::NAK if payload.len() == 1 => ReplyBody::Nak(
                NakReason::from_code(payload[0]).ok_or(ReplyError::UnknownNak(payload[0]))?,
            ),
            kind::NAK => return Err(bad("NAK")),
            kind::DATA if payload.len() == 16 => {
                ReplyBody::Data(u128::from_le_bytes(payload.try_into().expect("16 bytes")))
            }
            kind::DATA => return Err(bad("DATA")),
            kind::REPORT => {
                let (t, cycles, spikes) = decode_report(payload).ok_or_else(|| bad("REPORT"))?;
                if spikes.windows(2).any(|w| w[0] >= w[1]) {
                    return Err(ReplyError::SpikeOrder);
                }
                ReplyBody::Report(Report { t, cycles, spikes })
            }
            kind::STREAM => {
                let (t, cycles, tokens) = decode_report(payload).ok_or_else(|| bad("STREAM"))?;
                ReplyBody::Stream(Stream { t, cycles, tokens })
            }
            k => return Err(ReplyError::UnknownKind(k)),
        };
        Ok(Reply { seq: b[2], body })
    }
}

/// A REPORT or STREAM payload: two u32 words, a u16 count, then `count` u16 words.
fn report_payload(a: u32, b: u32, words: &[u16]) -> Vec<u8> {
    let mut p = Vec::with_capacity(REPORT_FIXED_LEN + 2 * words.len());
    p.extend_from_slice(&a.to_le_bytes());
    p.extend_from_slice(&b.to_le_bytes());
    p.extend_from_slice(&(words.len() as u16).to_le_bytes());
    for w in words {
        p.extend_from_slice(&w.to_le_bytes());
    }
    p
}

/// A REPORT or STREAM payload's two words and its u16 words; `None` when its length does not match
/// its `count`.
fn decode_report(p: &[u8]) -> Option<(u32, u32, Vec<u16>)> {
    if p.len() < REPORT_FIXED_LEN {
        return None;
    }
    let t = u32::from_le_bytes(p[0..4].try_into().ok()?);
    let cycles = u32::from_le_bytes(p[4..8].try_into().ok()?);
    let count = usize::from(u16::from_le_bytes([p[8], p[9]]));
    let ids = &p[REPORT_FIXED_LEN..];
    if ids.len() != 2 * count {
        return None;
    }
    let words: Vec<u16> = ids
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    Some((t, cycles, words))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc_is_ccitt_false() {
        // The catalogue check value of CRC-16/CCITT-FALSE (alias IBM-3740) over "123456789".
        assert_eq!(CRC.checksum(b"123456789"), 0x29B1);
    }

    #[test]
    fn command_layout_is_the_documented_one() {
        let f = CommandFrame {
            cmd: Command::Write,
            seq: 7,
            mem: 3,
            addr: 0x0403_0201,
            data: 0x1122_3344_5566_7788_99AA_BBCC_DDEE_FF00,
        };
        let b = f.encode();
        assert_eq!(b[0], 0xA5);
        assert_eq!(b[1], 1, "WRITE is command 1");
        assert_eq!(b[2], 7);
        assert_eq!(b[3], 3);
        // addr little-endian in bytes 4..8, data little-endian in 8..24.
        assert_eq!(b[4..8], [1, 2, 3, 4]);
        assert_eq!(b[8], 0x00);
        assert_eq!(b[23], 0x11);
        let crc = CRC.checksum(&b[..24]);
        assert_eq!(b[24..26], crc.to_le_bytes());
        assert_eq!(CommandFrame::decode(&b), Ok(f));
    }

    #[test]
    fn command_decode_names_the_nak() {
        let mut b = CommandFrame::bare(Command::Ping, 9).encode();
        b[10] ^= 0x10;
        assert_eq!(CommandFrame::decode(&b), Err((NakReason::BadCrc, 9)));
        let mut b = CommandFrame::bare(Command::Ping, 9).encode();
        b[1] = 0;
        let crc = crc_bytes(&b[..24]);
        b[24..].copy_from_slice(&crc);
        assert_eq!(
            CommandFrame::decode(&b),
            Err((NakReason::UnknownCommand, 9))
        );
    }

    #[test]
    fn run_takes_one_to_max_steps_timesteps() {
        for (steps, ok) in [(0, false), (1, true), (stream::MAX_STEPS, true)] {
            let got = CommandFrame::decode(&CommandFrame::run(3, steps).encode());
            assert_eq!(got.is_ok(), ok, "RUN {steps}");
        }
        let got = CommandFrame::decode(&CommandFrame::run(3, stream::MAX_STEPS + 1).encode());
        assert_eq!(got, Err((NakReason::BadArgument, 3)));
    }

    #[test]
    fn events_round_trip_at_the_i16_limits() {
        for event in [
            Event::Current {
                neuron: 255,
                value: i16::MIN,
            },
            Event::Current {
                neuron: 0,
                value: i16::MAX,
            },
            Event::Current {
                neuron: 1,
                value: -1,
            },
            Event::Spike { channel: 63 },
        ] {
            let f = CommandFrame::event(1, event);
            let back = CommandFrame::decode(&f.encode()).unwrap();
            assert_eq!(back.to_event(), event);
        }
        // -1 as i16 is 0xFFFF in data[0..2] and nothing above.
        let f = CommandFrame::event(
            0,
            Event::Current {
                neuron: 0,
                value: -1,
            },
        );
        assert_eq!(f.data, 0xFFFF);
        assert_eq!(f.mem, 1);
    }

    #[test]
    fn replies_round_trip() {
        for body in [
            ReplyBody::Ack,
            ReplyBody::Nak(NakReason::FifoFull),
            ReplyBody::Data(u128::MAX - 5),
            ReplyBody::Report(Report {
                t: u32::MAX,
                cycles: 11,
                spikes: vec![],
            }),
            ReplyBody::Report(Report {
                t: 3,
                cycles: 300,
                spikes: vec![0, 1, 255, 65535],
            }),
            ReplyBody::Stream(Stream {
                t: 7,
                cycles: 40_000,
                tokens: vec![3, 0x8001, 0xFFFF, 0x0001],
            }),
            ReplyBody::Nak(NakReason::BadArgument),
        ] {
            let r = Reply { seq: 200, body };
            let b = r.encode();
            assert_eq!(Reply::decode(&b), Ok(r));
        }
    }

    #[test]
    fn reply_layout_is_the_documented_one() {
        let b = Reply {
            seq: 4,
            body: ReplyBody::Report(Report {
                t: 2,
                cycles: 27,
                spikes: vec![5],
            }),
        }
        .encode();
        // sync, kind 4, seq, len = 10 + 2 * 1 = 12, t, cycles, count 1, id 5, crc.
        assert_eq!(
            b[..17],
            [0x5A, 4, 4, 12, 0, 2, 0, 0, 0, 27, 0, 0, 0, 1, 0, 5, 0]
        );
        assert_eq!(b.len(), 5 + 12 + 2);
        assert_eq!(b[17..], CRC.checksum(&b[..17]).to_le_bytes());
    }

    #[test]
    fn damaged_replies_are_refused() {
        let good = Reply {
            seq: 1,
            body: ReplyBody::Data(42),
        }
        .encode();
        for i in 0..good.len() {
            for bit in 0..8 {
                let mut b = good.clone();
                b[i] ^= 1 << bit;
                // CRC-16 detects every single-bit error (and a changed sync or length too).
                assert!(Reply::decode(&b).is_err(), "byte {i} bit {bit}");
            }
        }
        assert!(Reply::decode(&good[..good.len() - 1]).is_err());
        // A REPORT whose ids are not ascending is refused even with a good CRC.
        let b = Reply {
            seq: 1,
            body: ReplyBody::Report(Report {
                t: 0,
                cycles: 11,
                spikes: vec![3, 3],
            }),
        }
        .encode();
        assert_eq!(Reply::decode(&b), Err(ReplyError::SpikeOrder));
    }
}
