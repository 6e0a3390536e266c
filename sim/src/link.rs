//! The UART host link's protocol constants (`docs/host_link.md`): the one definition that the
//! hardware (`flux_hdl::host_link`), the host (`flux_host::frame`) and the document share.
//! `sim/tests/doc_tables.rs` checks the document's code tables against it.

use crate::spec::Preset;

/// Bytes in a command frame: sync, cmd, seq, mem, addr (4), data (16), CRC (2).
pub const FRAME_BYTES: usize = 26;
/// First byte of a command frame.
pub const COMMAND_SYNC: u8 = 0xA5;
/// First byte of a reply frame.
pub const REPLY_SYNC: u8 = 0x5A;
/// Bytes of a reply before its payload: sync, kind, seq, len (2).
pub const REPLY_HEADER_BYTES: usize = 5;
/// Bytes of a frame's CRC.
pub const CRC_BYTES: usize = 2;
/// Byte times of silence that drop an incomplete frame: the board drops it once the line has been
/// quiet for this long (a gap `>= IDLE_BYTES`).
pub const IDLE_BYTES: u32 = 4;
/// Byte times of silence with which the host resynchronises: strictly longer than
/// [`IDLE_BYTES`], so any frame the board had begun is dropped before the host sends again
/// (`docs/host_link.md` §2).
pub const RESYNC_BYTES: u32 = IDLE_BYTES + 1;
const _: () = assert!(RESYNC_BYTES > IDLE_BYTES);
/// Bits on the line per byte (start, 8 data, stop).
pub const BITS_PER_BYTE: u32 = 10;
/// Bytes of the `REPORT` payload before the spike ids: `t` (4), `cycles` (4), `count` (2).
pub const REPORT_HEADER_BYTES: u16 = 10;
/// `EVENT`'s `mem` bit 0: the event is a current injection (else a channel spike).
pub const EVENT_INJECTION: u8 = 1;

/// CRC-16/CCITT-FALSE generator polynomial.
pub const CRC_POLY: u16 = 0x1021;
/// CRC-16/CCITT-FALSE initial value.
pub const CRC_INIT: u16 = 0xFFFF;

/// Command codes (`cmd`, byte 1).
pub mod cmd {
    pub const WRITE: u8 = 1;
    pub const READ: u8 = 2;
    pub const EVENT: u8 = 3;
    pub const STEP: u8 = 4;
    pub const RESEND: u8 = 5;
    pub const PING: u8 = 6;
    pub const STATUS: u8 = 7;
    pub const RUN: u8 = 8;
    pub const BURST: u8 = 9;
    /// Every command: code and name, as `docs/host_link.md` lists them.
    pub const ALL: [(u8, &str); 9] = [
        (WRITE, "WRITE"),
        (READ, "READ"),
        (EVENT, "EVENT"),
        (STEP, "STEP"),
        (RESEND, "RESEND"),
        (PING, "PING"),
        (STATUS, "STATUS"),
        (RUN, "RUN"),
        (BURST, "BURST"),
    ];
    /// The largest command code.
    pub const LAST: u8 = BURST;
}

/// The `STATUS` reply's word (a `DATA` payload): bits 31..0 count the `WRITE` frames the board
/// applied since the last applied `PING` (or since reset), wrapping at 2^32; the rest is 0. A board
/// that was reset counts from 0 again, so the host detects a reset by comparing this count with the
/// writes it sent (`docs/host_link.md` §4).
pub const STATUS_WRITES_BITS: u32 = 32;
/// Bit of the `STATUS` word that is 1 once the board applied a `WRITE` since power-up (its
/// configuration); neither `PING` nor the reset pin clears it. While it is 0 the core's memories
/// hold their power-up contents, so a host may write only the words that differ from them
/// (`docs/host_link.md` §4).
pub const STATUS_WRITTEN_BIT: u32 = 32;
/// Bit of the `STATUS` word that is 1 when the bitstream initialised the core's memories with an
/// image (`flux emit --board --network`); 0: they power up zero.
pub const STATUS_BOOT_IMAGE_BIT: u32 = 33;
/// Bit of the `STATUS` word that is 1 when the board top has the on-chip input generators
/// (`docs/model.md` §9.1; `WRITE`s to memories 8 and 9). A host uses them only when it is set, so
/// a bitstream built before them (which reads 0 here) is driven by `EVENT`s alone.
pub const STATUS_GENERATORS_BIT: u32 = 34;
/// Bit of the `STATUS` word that is 1 when the input generators have their list memory (preset
/// field `spike_lists`, `docs/model.md` §9.1; `WRITE`s to memory 10). A host puts spike lists and
/// delta coding on the chip only when it is set.
pub const STATUS_LISTS_BIT: u32 = 35;
/// Bit of the `STATUS` word that is 1 when the board takes `BURST` frames and keeps the load
/// checksum in bits [`STATUS_CHECKSUM_LSB`].. (every board top built since; a host falls back to
/// `WRITE`s and the write count alone when it is 0).
pub const STATUS_BURST_BIT: u32 = 36;
/// The `STATUS` word's bits `64..96`: the load checksum ([`LoadChecksum`]) of the `WRITE` and
/// `BURST` frames the board applied since the last applied `PING` or reset.
pub const STATUS_CHECKSUM_LSB: u32 = 64;

/// CRC-32/MPEG-2 generator polynomial, of the load checksum.
pub const CHECKSUM_POLY: u32 = 0x04C1_1DB7;
/// CRC-32/MPEG-2 initial value: the load checksum after a `PING` or reset.
pub const CHECKSUM_INIT: u32 = 0xFFFF_FFFF;

/// The load checksum (`docs/host_link.md` §2): CRC-32/MPEG-2 (poly 0x04C11DB7, init 0xFFFFFFFF, no
/// reflection, no final xor) over the [`burst::checksum_bytes`] of every `WRITE` and `BURST` frame
/// the board applied since the last applied `PING` or reset, in order. The board computes it one
/// bit per clock while it applies a frame; the host computes it over the frames it had
/// acknowledged and compares. Unlike the frames' own CRC it covers the whole load and every word
/// as the board took it apart, so a frame that passed its CRC damaged, a word that went into the
/// wrong lane or a board whose memories have other widths (another preset) are all caught.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LoadChecksum(u32);

impl Default for LoadChecksum {
    fn default() -> Self {
        Self(CHECKSUM_INIT)
    }
}

impl LoadChecksum {
    /// The checksum after `bytes` more.
    pub fn push(&mut self, bytes: &[u8]) {
        self.0 = crc_msb_first(self.0, 32, CHECKSUM_POLY, bytes);
    }

    /// The checksum after an applied `WRITE`: all 16 bytes of `data` (one lane, whatever its
    /// memory).
    pub fn push_write(&mut self, mem: u8, addr: u32, data: u128) {
        self.push(&burst::checksum_bytes(mem, addr, data, burst::DATA_BYTES));
    }

    /// The checksum after a `BURST` applied by a board of `preset`: the lanes it wrote (the
    /// frame must [`burst::fits`]).
    pub fn push_burst(&mut self, preset: &Preset, mem: u8, addr: u32, data: u128) {
        assert!(
            burst::fits(preset, mem),
            "a BURST the board applied fits its memory"
        );
        let (code, words) = burst::decode(mem);
        let taken = words * burst::lane_bytes(preset, code);
        self.push(&burst::checksum_bytes(mem, addr, data, taken));
    }

    /// Its value, as `STATUS` reports it.
    pub fn value(self) -> u32 {
        self.0
    }
}

/// `BURST`: several consecutive words of one core memory in one frame (`docs/host_link.md` §2).
/// Each word takes a *lane* of `data`: its memory's word width rounded up to whole bytes (a
/// synapse word of 29 bits takes 4 bytes, so a frame carries 4 synapses); word `i` is `data`'s
/// bytes `i * lane .. (i + 1) * lane`, zero-extended, written at `addr + i`. The `mem` byte holds
/// the memory code in bits 3..0 (a core memory, 0..=7) and the number of words minus one in bits
/// 7..4; a frame with more words than fit `data`, or another memory code, is `NAK` 5.
pub mod burst {
    use crate::spec::{Preset, host};

    /// Bytes of `data`: the most lanes a frame has.
    pub const DATA_BYTES: u32 = host::DATA_BITS / 8;
    /// Bits of the `mem` byte below the word count: the memory code.
    pub const CODE_BITS: u32 = 4;
    /// The most words of one memory a frame can carry.
    pub const MAX_WORDS: u32 = DATA_BYTES;
    /// Bytes of the frame before `data` that the load checksum takes: `mem` and `addr`.
    pub const HEAD_BYTES: u32 = 5;
    /// The memory codes a `BURST` writes: the core's.
    pub const CORE_CODES: u32 = 1 << host::MEM_BITS;

    /// Board clocks a `WRITE` (1 word, lane 16) or `BURST` (`words` of `lane` bytes) holds its frame
    /// before the `ACK` begins, beyond the two of any frame: 8 per byte the load checksum takes
    /// (`mem`, `addr`, the lanes), 2 per word written and 1 (`HostLink`'s `Feed` and `Put`).
    pub const fn hold_clocks(words: u32, lane: u32) -> u32 {
        8 * HEAD_BYTES + 1 + words * (8 * lane + 2)
    }

    /// Bytes of a word of memory `mem` in a `BURST`: its width rounded up to bytes.
    pub const fn lane_bytes(preset: &Preset, mem: u32) -> u32 {
        preset.word_bits(mem).div_ceil(8)
    }

    /// The most words of memory `mem` one `BURST` carries.
    pub const fn max_words(preset: &Preset, mem: u32) -> u32 {
        DATA_BYTES / lane_bytes(preset, mem)
    }

    /// The `mem` byte of a `BURST` of `words` (1..=16) words into memory `mem`.
    pub const fn mem_byte(mem: u32, words: u32) -> u8 {
        assert!(mem < CORE_CODES && words >= 1 && words <= MAX_WORDS);
        (mem | (words - 1) << CODE_BITS) as u8
    }

    /// The memory code and the number of words of a `BURST`'s `mem` byte.
    pub const fn decode(mem_byte: u8) -> (u32, u32) {
        let code = mem_byte as u32 & ((1 << CODE_BITS) - 1);
        (code, (mem_byte as u32 >> CODE_BITS) + 1)
    }

    /// Whether a board of `preset` takes a `BURST` with this `mem` byte: a core memory, and its
    /// words fit `data`.
    pub const fn fits(preset: &Preset, mem_byte: u8) -> bool {
        let (code, words) = decode(mem_byte);
        code < CORE_CODES && words <= max_words(preset, code)
    }

    /// Word `i` of a `BURST`'s `data`, lanes of `lane` bytes.
    pub const fn word(data: u128, lane: u32, i: u32) -> u128 {
        let bits = 8 * lane;
        let word = data >> (bits * i);
        if bits >= 128 {
            word
        } else {
            word & ((1 << bits) - 1)
        }
    }

    /// The `data` of a `BURST` carrying `words` in lanes of `lane` bytes (each word must fit its
    /// lane, all of them `data`).
    pub fn pack(words: &[u128], lane: u32) -> u128 {
        assert!(
            words.len() as u32 * lane <= DATA_BYTES,
            "the words fit the frame"
        );
        words.iter().enumerate().fold(0, |data, (i, &w)| {
            assert!(
                lane >= DATA_BYTES || w >> (8 * lane) == 0,
                "a word fits its lane"
            );
            data | w << (8 * lane * i as u32)
        })
    }

    /// The bytes of an applied `WRITE` or `BURST` frame that the load checksum takes, in order:
    /// `mem`, `addr` (little-endian), then the first `taken` bytes of `data`, those the board took
    /// words from (the board shifts each through one place: `docs/host_link.md` §2).
    pub fn checksum_bytes(mem: u8, addr: u32, data: u128, taken: u32) -> Vec<u8> {
        let mut bytes = vec![mem];
        bytes.extend(addr.to_le_bytes());
        bytes.extend(&data.to_le_bytes()[..taken as usize]);
        bytes
    }
}

/// Reply kinds (`kind`, byte 1).
pub mod kind {
    pub const ACK: u8 = 1;
    pub const NAK: u8 = 2;
    pub const DATA: u8 = 3;
    pub const REPORT: u8 = 4;
    pub const STREAM: u8 = 5;
    /// Every kind: code and name.
    pub const ALL: [(u8, &str); 5] = [
        (ACK, "ACK"),
        (NAK, "NAK"),
        (DATA, "DATA"),
        (REPORT, "REPORT"),
        (STREAM, "STREAM"),
    ];
}

/// `NAK` reasons (the payload byte).
pub mod nak {
    pub const BAD_CRC: u8 = 1;
    pub const TRUNCATED: u8 = 2;
    pub const UNKNOWN_COMMAND: u8 = 3;
    pub const FIFO_FULL: u8 = 4;
    pub const BAD_ARGUMENT: u8 = 5;
    /// Every reason: code and the words `docs/host_link.md` uses.
    pub const ALL: [(u8, &str); 5] = [
        (BAD_CRC, "bad CRC"),
        (TRUNCATED, "truncated frame"),
        (UNKNOWN_COMMAND, "unknown command"),
        (FIFO_FULL, "input FIFO full"),
        (BAD_ARGUMENT, "bad argument"),
    ];
}

/// The compact spike stream of a `RUN` (`docs/host_link.md` §3.1, `STREAM`): the one definition
/// of how the board packs the timesteps it ran into 16-bit tokens, which the board's hardware
/// (`flux_hdl::host_link`), the emulated board and the host's decoder all follow.
///
/// A token with bit 15 clear is the id of a neuron that spiked. A token with bit 15 set begins a
/// two-token *end record* `END_FLAG | k`, `cycles`: it closes `k` timesteps (1..=[`MAX_RUN`]) that
/// each took `cycles` cycles (below [`LONG_CYCLES`]); the ids since the previous end record are the
/// spikes of the first of them, and the other `k - 1` had none. A timestep of [`LONG_CYCLES`] cycles
/// or more gets the record `END_FLAG | 1`, `LONG_CYCLES` and ends the `RUN`: its cycles are the
/// `STREAM` header's, which always holds the cycles of the last timestep that ran.
pub mod stream {
    /// Most timesteps one `RUN` may ask for; `addr` = 0 or above this is `NAK` 5.
    pub const MAX_STEPS: u32 = 0xFFFF;
    /// Bit 15 of a token: it begins an end record (else it is a neuron id).
    pub const END_FLAG: u16 = 0x8000;
    /// An end record's second token for a timestep whose cycles do not fit it (the last of its
    /// `STREAM`; the header holds them).
    pub const LONG_CYCLES: u16 = 0xFFFF;
    /// Tokens of an end record.
    pub const END_TOKENS: usize = 2;
    /// Most timesteps one end record closes (8 bits beside [`END_FLAG`]).
    pub const MAX_RUN: u32 = 0xFF;

    /// Most clock cycles the board spends between two timesteps of a `RUN` beyond the core's own
    /// (`Gap`, an end record's tokens in `Flush`, `Next`): what a host adds per timestep to the
    /// time it waits for a `STREAM`.
    pub const MAX_GAP_CYCLES: u64 = 2 + END_TOKENS as u64;

    /// Tokens the board's stream buffer holds for a core of `neurons` neurons: two timesteps of
    /// every neuron spiking, so that a `RUN` always covers at least one.
    pub const fn buffer_tokens(neurons: u32) -> usize {
        2 * neurons as usize
    }

    /// Whether a timestep of `cycles` cycles is too long for an end record's cycles token.
    pub const fn is_long(cycles: u32) -> bool {
        cycles >= LONG_CYCLES as u32
    }

    /// The end record of `k` timesteps of `cycles` cycles (of one timestep when it is long).
    pub fn end_record(k: u32, cycles: u32) -> [u16; END_TOKENS] {
        let c = if is_long(cycles) {
            LONG_CYCLES
        } else {
            cycles as u16
        };
        [END_FLAG | k as u16, c]
    }

    /// One timestep as a `STREAM` gives it back.
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub struct Timestep {
        /// Cycles from `tick` until `busy` fell (as a `REPORT` counts them).
        pub cycles: u32,
        /// The neurons that spiked, ascending.
        pub spikes: Vec<u16>,
    }

    /// The board's packing rule, timestep by timestep, as the hardware does it. A timestep's spikes
    /// are written as they come; when it ends, it joins the last end record if it had no spikes,
    /// took the record's cycles and the record is below [`MAX_RUN`] (the record's first token is
    /// rewritten in place with `k + 1`); else its own record of one timestep is written after its
    /// spikes. A record is never written ahead of the spikes it follows, and the stream is whole
    /// after every timestep.
    #[derive(Clone, Debug)]
    pub struct Encoder {
        neurons: u32,
        tokens: Vec<u16>,
        /// The last end record: where it starts, its timesteps and cycles.
        last: Option<(usize, u32, u32)>,
        steps: u32,
    }

    impl Encoder {
        /// An empty stream for a core of `neurons` neurons.
        pub fn new(neurons: u32) -> Self {
            Self {
                neurons,
                tokens: Vec::new(),
                last: None,
                steps: 0,
            }
        }

        /// Whether the board starts another timestep: always the first; never after a long one;
        /// else while every neuron spiking and its end record fit in the buffer with a token to
        /// spare (so the token count stays below `2N` and fits the buffer's address).
        pub fn has_room(&self) -> bool {
            match self.last {
                None => true,
                Some((_, _, c)) if is_long(c) => false,
                Some(_) => {
                    self.tokens.len() + self.neurons as usize + END_TOKENS
                        < buffer_tokens(self.neurons)
                }
            }
        }

        /// Timesteps packed so far.
        pub fn steps(&self) -> u32 {
            self.steps
        }

        /// Packs one timestep: `cycles` and its spikes (ascending).
        pub fn push(&mut self, cycles: u32, spikes: &[u16]) {
            self.tokens.extend_from_slice(spikes);
            self.steps += 1;
            if let Some((at, k, c)) = &mut self.last
                && spikes.is_empty()
                && *c == cycles
                && !is_long(cycles)
                && *k < MAX_RUN
            {
                *k += 1;
                self.tokens[*at] = END_FLAG | *k as u16;
                return;
            }
            self.last = Some((self.tokens.len(), 1, cycles));
            self.tokens.extend(end_record(1, cycles));
        }

        /// The timesteps packed, the cycles of the last one (the `STREAM` header's) and the
        /// tokens.
        pub fn finish(self) -> (u32, u32, Vec<u16>) {
            let cycles = self.last.map_or(0, |(_, _, c)| c);
            (self.steps, cycles, self.tokens)
        }
    }

    /// Why tokens are not a stream the board could have sent.
    #[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
    pub enum StreamError {
        #[error("token {at}: neuron {id} is not below the {neurons} neurons")]
        Neuron { at: usize, id: u16, neurons: u32 },
        #[error("token {at}: neuron {id} does not follow {prev} in ascending order")]
        Order { at: usize, id: u16, prev: u16 },
        #[error("token {at}: an end record of 0 timesteps")]
        EmptyRun { at: usize },
        #[error("token {at}: an end record cut short by the end of the stream")]
        Cut { at: usize },
        #[error("token {at}: a long timestep's record that is not of one timestep, or not last")]
        Long { at: usize },
        #[error("the header says the last timestep took {header} cycles, its record {record}")]
        LastCycles { header: u32, record: u32 },
        #[error("{count} spikes after the last end record")]
        Unclosed { count: usize },
        #[error("no end record")]
        Empty,
    }

    /// The timesteps of a stream whose header gives `last_cycles` for its last timestep, in
    /// order, checked: ids below `neurons` and ascending within a timestep, every end record
    /// whole and closing at least one timestep, a long record only last and of one timestep, the
    /// last timestep's cycles those of the header, no spikes left over.
    pub fn decode(
        tokens: &[u16],
        neurons: u32,
        last_cycles: u32,
    ) -> Result<Vec<Timestep>, StreamError> {
        let mut out = Vec::new();
        let mut spikes: Vec<u16> = Vec::new();
        let mut at = 0;
        while at < tokens.len() {
            let token = tokens[at];
            if token & END_FLAG == 0 {
                if u32::from(token) >= neurons {
                    return Err(StreamError::Neuron {
                        at,
                        id: token,
                        neurons,
                    });
                }
                if let Some(&prev) = spikes.last().filter(|&&p| p >= token) {
                    return Err(StreamError::Order {
                        at,
                        id: token,
                        prev,
                    });
                }
                spikes.push(token);
                at += 1;
                continue;
            }
            let k = u32::from(token & !END_FLAG);
            if k == 0 {
                return Err(StreamError::EmptyRun { at });
            }
            let Some(&c) = tokens.get(at + 1) else {
                return Err(StreamError::Cut { at });
            };
            let cycles = if c == LONG_CYCLES {
                if k != 1 || at + END_TOKENS != tokens.len() || !is_long(last_cycles) {
                    return Err(StreamError::Long { at });
                }
                last_cycles
            } else {
                u32::from(c)
            };
            out.push(Timestep {
                cycles,
                spikes: std::mem::take(&mut spikes),
            });
            out.extend((1..k).map(|_| Timestep {
                cycles,
                spikes: Vec::new(),
            }));
            at += END_TOKENS;
        }
        if !spikes.is_empty() {
            return Err(StreamError::Unclosed {
                count: spikes.len(),
            });
        }
        match out.last() {
            None => Err(StreamError::Empty),
            Some(t) if t.cycles != last_cycles => Err(StreamError::LastCycles {
                header: last_cycles,
                record: t.cycles,
            }),
            Some(_) => Ok(out),
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        fn pack(neurons: u32, steps: &[(u32, &[u16])]) -> (u32, u32, Vec<u16>) {
            let mut e = Encoder::new(neurons);
            for &(cycles, spikes) in steps {
                assert!(e.has_room());
                e.push(cycles, spikes);
            }
            e.finish()
        }

        #[test]
        fn silent_timesteps_of_equal_cycles_share_one_record() {
            // t0: spikes 1, 4 in 20 cycles; t1..t3 silent in 12; t4 silent in 13; t5 spike 2 in 12.
            let (steps, last, tokens) = pack(
                64,
                &[
                    (20, &[1, 4]),
                    (12, &[]),
                    (12, &[]),
                    (12, &[]),
                    (13, &[]),
                    (12, &[2]),
                ],
            );
            assert_eq!((steps, last), (6, 12));
            let mut want = vec![1, 4];
            want.extend(end_record(1, 20));
            want.extend(end_record(3, 12));
            want.extend(end_record(1, 13));
            want.push(2);
            want.extend(end_record(1, 12));
            assert_eq!(tokens, want);
            let back = decode(&tokens, 64, last).unwrap();
            let cycles: Vec<u32> = back.iter().map(|t| t.cycles).collect();
            assert_eq!(cycles, [20, 12, 12, 12, 13, 12]);
            assert_eq!(back[0].spikes, [1, 4]);
            assert_eq!(back[5].spikes, [2]);
            assert!(back[1..5].iter().all(|t| t.spikes.is_empty()));
        }

        #[test]
        fn the_example_of_the_protocol_document() {
            // docs/host_link.md §3.1.
            let (steps, last, tokens) = pack(
                64,
                &[(20, &[1, 4]), (12, &[]), (12, &[]), (12, &[]), (12, &[2])],
            );
            assert_eq!((steps, last), (5, 12));
            assert_eq!(tokens, [1, 4, 0x8001, 20, 0x8003, 12, 2, 0x8001, 12]);
        }

        #[test]
        fn a_timestep_with_spikes_never_joins_a_record() {
            // Equal cycles, but t1 spiked: it has its own record after t0's.
            let (_, _, tokens) = pack(64, &[(9, &[]), (9, &[0])]);
            let mut want = end_record(1, 9).to_vec();
            want.push(0);
            want.extend(end_record(1, 9));
            assert_eq!(tokens, want);
        }

        #[test]
        fn a_record_closes_at_most_max_run_timesteps() {
            let mut e = Encoder::new(64);
            for _ in 0..MAX_RUN + 2 {
                e.push(0x7FFE, &[]);
            }
            let (steps, last, tokens) = e.finish();
            assert_eq!(steps, MAX_RUN + 2);
            let mut want = end_record(MAX_RUN, 0x7FFE).to_vec();
            want.extend(end_record(2, 0x7FFE));
            assert_eq!(tokens, want);
            assert_eq!(
                decode(&tokens, 64, last).unwrap().len(),
                (MAX_RUN + 2) as usize
            );
        }

        #[test]
        fn a_long_timestep_ends_the_stream_and_the_header_holds_its_cycles() {
            let below = u32::from(LONG_CYCLES) - 1;
            assert_eq!(end_record(3, below), [END_FLAG | 3, LONG_CYCLES - 1]);
            assert_eq!(end_record(1, 70_000), [END_FLAG | 1, LONG_CYCLES]);
            let mut e = Encoder::new(64);
            e.push(12, &[3]);
            assert!(e.has_room());
            e.push(70_000, &[5]);
            assert!(!e.has_room(), "a long timestep ends the RUN");
            let (steps, last, tokens) = e.finish();
            assert_eq!((steps, last), (2, 70_000));
            assert_eq!(tokens, [3, 0x8001, 12, 5, 0x8001, LONG_CYCLES]);
            let back = decode(&tokens, 64, last).unwrap();
            assert_eq!(back[1].cycles, 70_000);
            assert_eq!(back[1].spikes, [5]);
        }

        #[test]
        fn the_buffer_stops_a_run_before_it_could_overflow() {
            // 8 neurons: 16 tokens. Every timestep spikes all 8: the first one fits (8 + 2
            // tokens), the second would need 10 + 8 + 2 tokens, not below 16.
            let all: Vec<u16> = (0..8).collect();
            let mut e = Encoder::new(8);
            assert!(e.has_room());
            e.push(30, &all);
            assert!(!e.has_room());
            let (steps, _, tokens) = e.finish();
            assert_eq!(steps, 1);
            assert!(tokens.len() < buffer_tokens(8));
            // Silent timesteps in one record leave room for many more.
            let mut e = Encoder::new(8);
            for _ in 0..100 {
                assert!(e.has_room());
                e.push(11, &[]);
            }
        }

        #[test]
        fn decode_refuses_what_the_board_cannot_send() {
            let end = end_record(1, 5);
            let long = end_record(1, 70_000);
            let cases: [(Vec<u16>, u32, StreamError); 9] = [
                (
                    vec![9, end[0], end[1]],
                    5,
                    StreamError::Neuron {
                        at: 0,
                        id: 9,
                        neurons: 8,
                    },
                ),
                (
                    vec![3, 3, end[0], end[1]],
                    5,
                    StreamError::Order {
                        at: 1,
                        id: 3,
                        prev: 3,
                    },
                ),
                (vec![END_FLAG, 0], 5, StreamError::EmptyRun { at: 0 }),
                (vec![end[0]], 5, StreamError::Cut { at: 0 }),
                (
                    vec![long[0], long[1], end[0], end[1]],
                    5,
                    StreamError::Long { at: 0 },
                ),
                (
                    vec![END_FLAG | 2, LONG_CYCLES],
                    70_000,
                    StreamError::Long { at: 0 },
                ),
                (
                    vec![end[0], end[1]],
                    6,
                    StreamError::LastCycles {
                        header: 6,
                        record: 5,
                    },
                ),
                (
                    vec![end[0], end[1], 1],
                    5,
                    StreamError::Unclosed { count: 1 },
                ),
                (vec![], 5, StreamError::Empty),
            ];
            for (tokens, last, want) in cases {
                assert_eq!(decode(&tokens, 8, last), Err(want), "{tokens:?}");
            }
        }
    }
}

/// Byte offsets of the command frame's fields.
pub mod field {
    pub const CMD: usize = 1;
    pub const SEQ: usize = 2;
    pub const MEM: usize = 3;
    pub const ADDR: usize = 4;
    pub const DATA: usize = 8;
    pub const CRC: usize = 24;
}

/// CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, no final xor) of `bytes`, bit by
/// bit as the hardware computes it: the reference both ends are tested against.
pub fn crc16(bytes: &[u8]) -> u16 {
    crc_msb_first(u32::from(CRC_INIT), 16, u32::from(CRC_POLY), bytes) as u16
}

/// A CRC of `width` bits (16 or 32; no reflection, no final xor) continued from `crc` over
/// `bytes`, one bit at a time, most significant first: as the hardware's bit-serial `Crc` unit
/// computes it.
fn crc_msb_first(crc: u32, width: u32, poly: u32, bytes: &[u8]) -> u32 {
    let top = 1u64 << (width - 1);
    let mask = (1u64 << width) - 1;
    let mut crc = u64::from(crc);
    for &b in bytes {
        crc ^= u64::from(b) << (width - 8);
        for _ in 0..8 {
            crc = if crc & top != 0 {
                ((crc << 1) ^ u64::from(poly)) & mask
            } else {
                (crc << 1) & mask
            };
        }
    }
    crc as u32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::{PRESETS, mem};

    /// The catalogue's check values ("123456789"): CRC-16/CCITT-FALSE 0x29B1, CRC-32/MPEG-2
    /// 0x0376E6E7.
    #[test]
    fn crcs_match_their_catalogue_check_values() {
        assert_eq!(crc16(b"123456789"), 0x29B1);
        let mut sum = LoadChecksum::default();
        sum.push(b"1234");
        sum.push(b"56789");
        assert_eq!(sum.value(), 0x0376_E6E7);
    }

    #[test]
    fn a_burst_packs_each_word_into_its_lane() {
        for preset in &PRESETS {
            // A synapse word rounds up to whole bytes, and the lanes fill `data` and no more.
            let lane = burst::lane_bytes(preset, mem::SYNAPSES);
            assert_eq!(lane, preset.synapse_bits().div_ceil(8));
            let words = burst::max_words(preset, mem::SYNAPSES);
            assert!(words * lane <= 16 && (words + 1) * lane > 16);
            let all: Vec<u128> = (0..words)
                .map(|i| (1 << (8 * lane - 1)) | u128::from(i))
                .collect();
            let data = burst::pack(&all, lane);
            for (i, &w) in all.iter().enumerate() {
                assert_eq!(burst::word(data, lane, i as u32), w);
            }
            let byte = burst::mem_byte(mem::SYNAPSES, words);
            assert_eq!(burst::decode(byte), (mem::SYNAPSES, words));
            assert!(burst::fits(preset, byte));
            assert!(!burst::fits(
                preset,
                burst::mem_byte(mem::SYNAPSES, words + 1)
            ));
            // The registers are never packed: a word each.
            assert_eq!(burst::max_words(preset, mem::REGISTERS), 1);
            // Codes 8..=15 (the generators' memories) are not the core's.
            assert!(!burst::fits(preset, 8));
            // The checksum takes `mem`, `addr` and the lanes written, no more.
            let (mut a, mut b) = (LoadChecksum::default(), LoadChecksum::default());
            a.push_burst(preset, byte, 7, data);
            b.push(&[byte, 7, 0, 0, 0]);
            b.push(&data.to_le_bytes()[..(words * lane) as usize]);
            assert_eq!(a, b);
            let (mut a, mut b) = (LoadChecksum::default(), LoadChecksum::default());
            a.push_write(3, 7, data);
            b.push(&[3, 7, 0, 0, 0]);
            b.push(&data.to_le_bytes());
            assert_eq!(a, b);
        }
    }
}
