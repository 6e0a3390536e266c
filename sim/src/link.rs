//! The UART host link's protocol constants (`docs/host_link.md`): the one definition that the
//! hardware (`flux_hdl::host_link`), the host (`flux_host::frame`) and the document share.
//! `sim/tests/doc_tables.rs` checks the document's code tables against it.

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
    /// Every command: code and name, as `docs/host_link.md` lists them.
    pub const ALL: [(u8, &str); 7] = [
        (WRITE, "WRITE"),
        (READ, "READ"),
        (EVENT, "EVENT"),
        (STEP, "STEP"),
        (RESEND, "RESEND"),
        (PING, "PING"),
        (STATUS, "STATUS"),
    ];
    /// The largest command code.
    pub const LAST: u8 = STATUS;
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

/// Reply kinds (`kind`, byte 1).
pub mod kind {
    pub const ACK: u8 = 1;
    pub const NAK: u8 = 2;
    pub const DATA: u8 = 3;
    pub const REPORT: u8 = 4;
    /// Every kind: code and name.
    pub const ALL: [(u8, &str); 4] = [
        (ACK, "ACK"),
        (NAK, "NAK"),
        (DATA, "DATA"),
        (REPORT, "REPORT"),
    ];
}

/// `NAK` reasons (the payload byte).
pub mod nak {
    pub const BAD_CRC: u8 = 1;
    pub const TRUNCATED: u8 = 2;
    pub const UNKNOWN_COMMAND: u8 = 3;
    pub const FIFO_FULL: u8 = 4;
    /// Every reason: code and the words `docs/host_link.md` uses.
    pub const ALL: [(u8, &str); 4] = [
        (BAD_CRC, "bad CRC"),
        (TRUNCATED, "truncated frame"),
        (UNKNOWN_COMMAND, "unknown command"),
        (FIFO_FULL, "input FIFO full"),
    ];
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
    let mut crc = CRC_INIT;
    for &b in bytes {
        crc ^= (b as u16) << 8;
        for _ in 0..8 {
            crc = if crc & 0x8000 != 0 {
                (crc << 1) ^ CRC_POLY
            } else {
                crc << 1
            };
        }
    }
    crc
}
