//! The board top's host link (`hdl/src/board/host_link.rs`, `docs/host_link.md`) under Verilator, through
//! the board bridge: the `small` board at a simulation bit time, emitted by `flux_hdl::board_top`.
//! A minimal serialiser lives here; the host's own (`flux-host`) is tested by its owner.
//!
//! Covered: PING/WRITE/READ round trip; a bad CRC is `NAK` 1 and not applied; a truncated frame is
//! `NAK` 2 after the idle gap and not applied, and the next frame works; an unknown command is
//! `NAK` 3; a retried `seq` is answered again but not re-applied (`EVENT`, `STEP`); `RESEND`;
//! `REPORT`s of a seeded random network equal the model's (spikes, `t`, cycles).

use std::sync::OnceLock;

use flux_hdl::board_top::{self, SIM_CLOCKS_PER_BIT};
use flux_hdl::host_link::{
    BITS_PER_BYTE, COMMAND_SYNC, FRAME_BYTES, IDLE_BYTES, REPLY_SYNC, cmd, crc16, kind, nak,
};
use flux_hdl::uart::UartConfig;
use flux_sim::core::Core;
use flux_sim::image::{CoreImage, Event};
use flux_sim::input_gen;
use flux_sim::spec;
use flux_testbenches::board_rtl::{BoardDesign, BoardRtl};
use flux_testbenches::random::random_network;
use flux_testbenches::verilate::{self, RtlBuild, Shim};

/// The `small` board top, emitted and verilated once per process.
fn board() -> BoardRtl {
    static BUILD: OnceLock<RtlBuild> = OnceLock::new();
    let build = BUILD.get_or_init(|| {
        let dir = verilate::cache_root().join("verilog").join("board_small");
        let uart = UartConfig::new(SIM_CLOCKS_PER_BIT).unwrap();
        let path = board_top::emit_board_to_dir(&spec::SMALL, uart, &dir).expect("emits");
        let design = BoardDesign::from_file(path, board_top::board_module_name(&spec::SMALL))
            .expect("the emitted board top has a CLOCKS_PER_BIT header");
        assert_eq!(design.clocks_per_bit, SIM_CLOCKS_PER_BIT);
        verilate::build_shim(&design.spec, Shim::Board).expect("the board top verilates")
    });
    BoardRtl::open(build, SIM_CLOCKS_PER_BIT, None).expect("loads")
}

/// A command frame with a correct CRC.
fn frame(command: u8, seq: u8, mem: u8, addr: u32, data: u128) -> [u8; FRAME_BYTES] {
    let mut f = [0u8; FRAME_BYTES];
    f[0] = COMMAND_SYNC;
    f[1] = command;
    f[2] = seq;
    f[3] = mem;
    f[4..8].copy_from_slice(&addr.to_le_bytes());
    f[8..24].copy_from_slice(&data.to_le_bytes());
    let crc = crc16(&f[..24]);
    f[24..26].copy_from_slice(&crc.to_le_bytes());
    f
}

/// A decoded reply frame.
#[derive(Debug, PartialEq, Eq)]
struct Reply {
    kind: u8,
    seq: u8,
    payload: Vec<u8>,
}

/// The test's end of the serial line.
struct Host {
    board: BoardRtl,
    cpb: usize,
    tx: Vec<u8>,
    /// Index into `tx` up to which bytes have been decoded.
    read: usize,
}

impl Host {
    fn new() -> Self {
        let board = board();
        let cpb = board.clocks_per_bit() as usize;
        Self {
            board,
            cpb,
            tx: Vec::new(),
            read: 0,
        }
    }

    fn send(&mut self, bytes: &[u8]) {
        let mut rx = Vec::with_capacity(bytes.len() * 10 * self.cpb);
        for &b in bytes {
            let bits = std::iter::once(0u8)
                .chain((0..8).map(|i| (b >> i) & 1))
                .chain(std::iter::once(1));
            for bit in bits {
                rx.extend(std::iter::repeat_n(bit, self.cpb));
            }
        }
        self.board.run_bits(&rx, &mut self.tx);
    }

    fn idle(&mut self, clocks: usize) {
        self.board.run_idle(clocks, &mut self.tx);
    }

    /// The next byte on `tx`, clocking up to `limit` more clocks for it.
    fn byte(&mut self, limit: usize) -> Option<u8> {
        let deadline = self.tx.len() + limit;
        loop {
            // Find the start bit, then sample each bit in its middle.
            while self.read < self.tx.len() && self.tx[self.read] == 1 {
                self.read += 1;
            }
            let need = self.read + self.cpb / 2 + 9 * self.cpb + 1;
            if self.read < self.tx.len() && need <= self.tx.len() {
                let mid = self.read + self.cpb / 2;
                let mut b = 0u8;
                for i in 0..8 {
                    b |= self.tx[mid + (i + 1) * self.cpb] << i;
                }
                assert_eq!(self.tx[mid + 9 * self.cpb], 1, "stop bit");
                self.read = mid + 9 * self.cpb;
                return Some(b);
            }
            if self.tx.len() >= deadline {
                return None;
            }
            self.idle(self.cpb * 10);
        }
    }

    /// The next reply frame, checking its sync byte, length and CRC.
    fn reply(&mut self) -> Reply {
        let limit = 200_000;
        let mut bytes = Vec::new();
        for _ in 0..5 {
            bytes.push(self.byte(limit).expect("a reply header"));
        }
        assert_eq!(bytes[0], REPLY_SYNC, "reply sync");
        let len = u16::from_le_bytes([bytes[3], bytes[4]]) as usize;
        for _ in 0..len + 2 {
            bytes.push(self.byte(limit).expect("the rest of the reply"));
        }
        let n = bytes.len();
        let crc = u16::from_le_bytes([bytes[n - 2], bytes[n - 1]]);
        assert_eq!(crc, crc16(&bytes[..n - 2]), "reply CRC of {bytes:02x?}");
        Reply {
            kind: bytes[1],
            seq: bytes[2],
            payload: bytes[5..n - 2].to_vec(),
        }
    }

    fn command(&mut self, command: u8, seq: u8, mem: u8, addr: u32, data: u128) -> Reply {
        self.send(&frame(command, seq, mem, addr, data));
        self.reply()
    }

    /// Nothing more on `tx` for `clocks` clocks.
    fn assert_silent(&mut self, clocks: usize) {
        assert_eq!(self.byte(clocks), None, "unexpected byte on tx");
    }
}

fn ack(seq: u8) -> Reply {
    Reply {
        kind: kind::ACK,
        seq,
        payload: vec![],
    }
}

fn nak_reply(seq: u8, reason: u8) -> Reply {
    Reply {
        kind: kind::NAK,
        seq,
        payload: vec![reason],
    }
}

fn data(seq: u8, word: u128) -> Reply {
    Reply {
        kind: kind::DATA,
        seq,
        payload: word.to_le_bytes().to_vec(),
    }
}

/// A `REPORT`'s fields: `t`, `cycles`, spike ids.
fn report(r: &Reply) -> (u32, u32, Vec<u16>) {
    assert_eq!(r.kind, kind::REPORT, "{r:?}");
    let p = &r.payload;
    let t = u32::from_le_bytes(p[0..4].try_into().unwrap());
    let cycles = u32::from_le_bytes(p[4..8].try_into().unwrap());
    let count = u16::from_le_bytes(p[8..10].try_into().unwrap()) as usize;
    assert_eq!(p.len(), 10 + 2 * count, "REPORT length");
    let ids = p[10..]
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect();
    (t, cycles, ids)
}

const STATE: u8 = 1;
const REGISTERS: u8 = 4;

#[test]
fn ping_write_read_round_trip() {
    let mut h = Host::new();
    assert_eq!(h.command(cmd::PING, 1, 0, 0, 0), ack(1));
    // A 100-bit state word with bits at both ends and in the middle of the 128-bit field.
    let word = (1u128 << 99) | (0xABCD << 40) | 1;
    assert_eq!(h.command(cmd::WRITE, 2, STATE, 3, word), ack(2));
    assert_eq!(h.command(cmd::READ, 3, STATE, 3, 0), data(3, word));
    assert_eq!(h.command(cmd::READ, 4, STATE, 4, 0), data(4, 0));
    // The generators' memory codes: the table (8), the register (9) and, on `small`, the list
    // memory (10) and the injection schedule (11) take a `WRITE`; the next code is a bad
    // argument, and is not counted.
    const { assert!(spec::SMALL.generators && spec::SMALL.spike_lists) };
    assert_eq!(h.command(cmd::PING, 5, 0, 0, 0), ack(5));
    let codes = [
        input_gen::MEM_TABLE,
        input_gen::MEM_REGS,
        input_gen::MEM_LIST,
        input_gen::MEM_SCHEDULE,
    ];
    for (seq, code) in (6..).zip(codes) {
        assert_eq!(
            h.command(cmd::WRITE, seq, code, 1, 0),
            ack(seq),
            "code {code}"
        );
    }
    assert_eq!(
        h.command(cmd::WRITE, 10, input_gen::MEM_SCHEDULE + 1, 1, 0),
        nak_reply(10, nak::BAD_ARGUMENT)
    );
    let status = h.command(cmd::STATUS, 11, 0, 0, 0);
    assert_eq!(status.payload[0], 4, "four WRITEs applied: {status:?}");
    h.assert_silent(2000);
}

/// `BURST` (`docs/host_link.md` §2) on the `small` board top: four synapse words in their 4-byte
/// lanes land at four addresses, a `BURST` with one word too many or a generator's memory code is
/// `NAK` 5 and not applied, and `STATUS` counts the applied frames and holds the load checksum of
/// exactly these frames (`LoadChecksum`, computed here as the host does).
#[test]
fn burst_writes_its_lanes_and_the_checksum_covers_them() {
    use flux_sim::link::{LoadChecksum, STATUS_CHECKSUM_LSB, burst};
    use flux_sim::spec::{SMALL, mem};
    let mut h = Host::new();
    let mut sum = LoadChecksum::default();
    assert_eq!(h.command(cmd::PING, 1, 0, 0, 0), ack(1));
    let lane = burst::lane_bytes(&SMALL, mem::SYNAPSES);
    let most = burst::max_words(&SMALL, mem::SYNAPSES);
    assert_eq!((lane, most), (4, 4), "a 31-bit synapse word takes 4 bytes");
    // Words with their top and bottom bits set, so that a lane off by a byte shows.
    let words: Vec<u128> = (0..most)
        .map(|i| (1 << (SMALL.synapse_bits() - 1)) | u128::from(0x11 * (i + 1)))
        .collect();
    let (byte, addr) = (burst::mem_byte(mem::SYNAPSES, most), 100);
    let packed = burst::pack(&words, lane);
    assert_eq!(h.command(cmd::BURST, 2, byte, addr, packed), ack(2));
    sum.push_burst(&SMALL, byte, addr, packed);
    // A WRITE after it, in the same checksum.
    assert_eq!(h.command(cmd::WRITE, 3, STATE, 9, 0x77), ack(3));
    sum.push_write(STATE, 9, 0x77);
    // Refused, not applied, not in the checksum: one word too many; a generator's memory code.
    let too_many = burst::mem_byte(mem::SYNAPSES, 1) | ((most as u8) << burst::CODE_BITS);
    assert_eq!(
        h.command(cmd::BURST, 4, too_many, 0, u128::MAX),
        nak_reply(4, nak::BAD_ARGUMENT)
    );
    assert_eq!(
        h.command(cmd::BURST, 5, input_gen::MEM_TABLE, 0, 1),
        nak_reply(5, nak::BAD_ARGUMENT)
    );
    for (i, &w) in words.iter().enumerate() {
        let seq = 6 + i as u8;
        let got = h.command(cmd::READ, seq, mem::SYNAPSES as u8, addr + i as u32, 0);
        assert_eq!(got, data(seq, w), "synapse {}", addr + i as u32);
    }
    assert_eq!(
        h.command(cmd::READ, 10, mem::SYNAPSES as u8, addr + most, 0),
        data(10, 0),
        "the word after the burst is untouched"
    );
    let status = h.command(cmd::STATUS, 11, 0, 0, 0);
    let word = u128::from_le_bytes(status.payload[..16].try_into().unwrap());
    assert_eq!(word as u32, 2, "two frames applied");
    assert_eq!((word >> STATUS_CHECKSUM_LSB) as u32, sum.value());
    // A PING starts the checksum again.
    assert_eq!(h.command(cmd::PING, 12, 0, 0, 0), ack(12));
    let status = h.command(cmd::STATUS, 13, 0, 0, 0);
    let word = u128::from_le_bytes(status.payload[..16].try_into().unwrap());
    assert_eq!(
        (word >> STATUS_CHECKSUM_LSB) as u32,
        LoadChecksum::default().value()
    );
}

#[test]
fn bad_crc_is_nak_1_and_not_applied() {
    let mut h = Host::new();
    let mut f = frame(cmd::WRITE, 7, STATE, 5, 0x1234);
    f[12] ^= 0x10; // a data bit flipped after the CRC was computed
    h.send(&f);
    assert_eq!(h.reply(), nak_reply(7, nak::BAD_CRC));
    // Not applied: the word is still 0. The retry with the same seq is a new frame (seq 7 was
    // never applied), so it is written.
    assert_eq!(h.command(cmd::READ, 8, STATE, 5, 0), data(8, 0));
    assert_eq!(h.command(cmd::WRITE, 7, STATE, 5, 0x1234), ack(7));
    assert_eq!(h.command(cmd::READ, 9, STATE, 5, 0), data(9, 0x1234));
}

#[test]
fn truncated_frame_is_nak_2_after_the_gap_and_the_next_frame_works() {
    let mut h = Host::new();
    let f = frame(cmd::WRITE, 0x33, STATE, 6, 0x55);
    h.send(&f[..10]);
    // No reply before IDLE_BYTES byte times of silence (a little less: nothing yet) ...
    let byte_time = BITS_PER_BYTE as usize * h.cpb;
    h.assert_silent(IDLE_BYTES as usize * byte_time - 2 * h.cpb);
    // ... then NAK 2 with the seq received (byte 2 of the truncated frame).
    assert_eq!(h.reply(), nak_reply(0x33, nak::TRUNCATED));
    assert_eq!(
        h.command(cmd::READ, 1, STATE, 6, 0),
        data(1, 0),
        "not applied"
    );
    // A frame cut after two bytes has no seq yet: NAK 2 with seq 0.
    h.send(&f[..2]);
    assert_eq!(h.reply(), nak_reply(0, nak::TRUNCATED));
    assert_eq!(h.command(cmd::WRITE, 0x33, STATE, 6, 0x55), ack(0x33));
    assert_eq!(h.command(cmd::READ, 2, STATE, 6, 0), data(2, 0x55));
}

#[test]
fn garbage_between_frames_is_ignored_and_unknown_commands_are_nak_3() {
    let mut h = Host::new();
    // Bytes other than 0xA5 between frames start nothing.
    h.send(&[0x00, 0xFF, 0x5A, 0x12]);
    h.assert_silent(IDLE_BYTES as usize * 12 * h.cpb);
    assert_eq!(h.command(0, 5, 0, 0, 0), nak_reply(5, nak::UNKNOWN_COMMAND));
    assert_eq!(
        h.command(cmd::LAST + 1, 6, 0, 0, 0),
        nak_reply(6, nak::UNKNOWN_COMMAND)
    );
    assert_eq!(h.command(cmd::PING, 6, 0, 0, 0), ack(6));
    // STATUS is known: the write count since that PING, 0, as DATA, the bits that say this board
    // top has the input generators, their list memory and `BURST` (`small` does), and the load
    // checksum of no frame: CRC-32/MPEG-2's initial value.
    const { assert!(spec::SMALL.generators && spec::SMALL.spike_lists && spec::SMALL.burst) };
    assert_eq!(
        h.command(cmd::STATUS, 7, 0, 0, 0),
        data(
            7,
            1 << flux_sim::link::STATUS_GENERATORS_BIT
                | 1 << flux_sim::link::STATUS_LISTS_BIT
                | 1 << flux_sim::link::STATUS_BURST_BIT
                | u128::from(flux_sim::link::CHECKSUM_INIT) << flux_sim::link::STATUS_CHECKSUM_LSB
        )
    );
}

#[test]
fn a_retried_seq_is_answered_again_but_not_applied_again() {
    let mut h = Host::new();
    // n_neurons stays 0 and nothing is connected, so a timestep's cycle count is
    // FIXED_CYCLES + injections (flux_sim::timing::timestep_cycles, hdl/README.md §7).
    let inject = 1u8; // mem bit 0: current injection
    assert_eq!(h.command(cmd::EVENT, 10, inject, 0, 5), ack(10));
    assert_eq!(h.command(cmd::EVENT, 10, inject, 0, 5), ack(10), "retry");
    let first = h.command(cmd::STEP, 11, 0, 0, 0);
    let (t, cycles, ids) = report(&first);
    assert_eq!(t, 0);
    assert_eq!(
        cycles as u64,
        flux_sim::timing::FIXED_CYCLES + flux_sim::timing::INJECTION_CYCLES,
        "one injection queued, not two"
    );
    assert!(ids.is_empty());
    // The STEP retried: the same REPORT, and no timestep ran (the next one is t = 1).
    assert_eq!(h.command(cmd::STEP, 11, 0, 0, 0), first);
    // RESEND (new seq) sends it again too, under its own seq.
    let resent = h.command(cmd::RESEND, 12, 0, 0, 0);
    assert_eq!((resent.seq, &resent.payload), (12, &first.payload));
    let (t, cycles, _) = report(&h.command(cmd::STEP, 13, 0, 0, 0));
    assert_eq!((t, cycles as u64), (1, flux_sim::timing::FIXED_CYCLES));
    // A READ retried answers the word at the address of the applied READ.
    assert_eq!(h.command(cmd::WRITE, 14, STATE, 2, 99), ack(14));
    assert_eq!(h.command(cmd::READ, 15, STATE, 2, 0), data(15, 99));
    assert_eq!(h.command(cmd::READ, 15, STATE, 2, 0), data(15, 99));
}

/// Loads `image` through `WRITE` frames (only the nonzero words: the board powers up with zero
/// memories), as the host does (`docs/host_link.md` §4).
fn load(h: &mut Host, image: &CoreImage, seq: &mut u8) {
    let mut write = |h: &mut Host, mem: u8, addr: usize, word: u128| {
        if word != 0 {
            *seq = seq.wrapping_add(1);
            assert_eq!(
                h.command(cmd::WRITE, *seq, mem, addr as u32, word),
                ack(*seq)
            );
        }
    };
    for (a, &w) in image.profiles.iter().enumerate() {
        write(h, 0, a, w);
    }
    for (a, &w) in image.state.iter().enumerate() {
        write(h, STATE, a, w);
    }
    for (a, &w) in image.fanout.iter().enumerate() {
        write(h, 2, a, w as u128);
    }
    for (a, &w) in image.synapses.iter().enumerate() {
        write(h, 3, a, w as u128);
    }
    write(h, REGISTERS, 0, image.n_neurons as u128);
}

#[test]
fn reports_of_a_random_network_equal_the_model() {
    let seed = 0xB0A2D;
    let steps = 12;
    let net = random_network(spec::SMALL, seed, steps);
    eprintln!(
        "seed {seed:#x}: n_neurons {}, {steps} timesteps",
        net.image.n_neurons
    );
    let mut model = Core::new(&net.image);
    let mut h = Host::new();
    let mut seq = 0u8;
    load(&mut h, &net.image, &mut seq);
    let mut spiked = 0;
    for (t, events) in net.stimulus.iter().enumerate() {
        for &e in events {
            let (mem, addr, value) = match e {
                Event::Spike { channel } => (0, channel, 0),
                Event::Current { neuron, value } => (1, neuron, value as u16 as u128),
            };
            seq = seq.wrapping_add(1);
            assert_eq!(h.command(cmd::EVENT, seq, mem, addr, value), ack(seq));
        }
        seq = seq.wrapping_add(1);
        let got = report(&h.command(cmd::STEP, seq, 0, 0, 0));
        let want = model.step(events);
        let want = (
            want.t as u32,
            want.cycles as u32,
            want.spikes.iter().map(|&n| n as u16).collect::<Vec<_>>(),
        );
        assert_eq!(
            got, want,
            "seed {seed:#x}, timestep {t}: (t, cycles, spikes)"
        );
        spiked += want.2.len();
    }
    assert!(
        spiked > 0,
        "seed {seed:#x}: no neuron spiked, the test shows little"
    );
}
