//! `HostLink`: the board's end of the UART host link (`docs/host_link.md`), driving one core's host
//! interface (`hdl/README.md`).
//!
//! Blocks: `UartRx`/`UartTx` (`uart.rs`), two bit-serial [`Crc`] units of 16 bits (command and reply) and one of 32 (the load checksum), the
//! 26-byte frame buffer (a shift register in flip-flops: every byte enters at the top, so after 26
//! bytes byte `k` sits at bits `8k..8k+8` and every field has a fixed place, with no decoder or
//! multiplexer), the command engine, the spike buffer (`BlockRam`, the ids of the neurons that
//! spiked in the last `STEP`, from `aer_out_*`) and the reply sequencer.
//!
//! **Receiving.** Between frames the board waits for `0xA5`; it starts a frame, the CRC of bytes
//! 0..24 is computed one bit per clock while the next byte arrives, and after 26 bytes the frame is
//! complete. The buffer then takes no more bytes until the engine has checked it. While a frame is
//! incomplete, a gap of `IDLE_BYTES` byte times (`40 * CLOCKS_PER_BIT` clocks since the middle of the
//! last stop bit) drops it with `NAK` 2. The receiver works while a reply is being sent, so a host
//! that resynchronises does not lose the start of its next frame.
//!
//! **Engine** (`Listen` → `Check` → [`Tick` → `Run` →] `Reply` → `Listen`). `Check` (one cycle)
//! decides from the complete frame: a bad CRC is `NAK` 1, an unknown command (or a `RESEND` before
//! the first `STEP`) `NAK` 3, a `seq` equal
//! to that of the last applied frame is a retry (the stored reply again, nothing applied);
//! otherwise the command is applied in this cycle (`cfg_we` for `WRITE`, `aer_in_valid` for `EVENT`,
//! the debug address registers for `READ`; `PING` clears and `WRITE` counts the write count that
//! `STATUS` returns) or starts a timestep (`tick` in `Tick`). With `BURST`s (preset field `burst`)
//! an applied `WRITE` or `BURST` goes on to `Feed` and `Put` instead: `Feed` shifts the complete
//! frame down a byte every 8 clocks into the load checksum (`mem`, `addr`, then each word's lane),
//! `Put` writes the lane that has reached byte 3 at the held address and counts it up, and the
//! buffer takes the next frame only after the last lane (`flux_sim::link::burst::hold_clocks`).
//! `Run` counts the
//! cycles until `busy` falls, as `hdl/README.md` defines them: the `tick` edge is 1. The engine takes
//! the next frame only once the previous reply has been handed to the sequencer and the sequencer
//! is idle.
//!
//! **Stored reply.** The reply of the last applied frame is its kind plus state that nothing but a
//! new applied frame changes: `DATA` re-reads the core's debug port at the address held since the
//! `READ` (the memories change only through applied frames), `REPORT` re-reads `t`, `cycles`, the
//! spike count and the spike buffer held since the `STEP`. So a retry costs no extra storage.
//!
//! **Replies** go out byte by byte: `0x5A`, kind, seq, length, payload, CRC (computed bit-serially
//! while each byte is on the line, which takes 10 bit times).

use crate::host_interface::{
    ADDR_W, AER_IN_ADDR_W, AER_IN_VALUE_W, DATA_W, MEM_W, NEURON_ID_W, T_W,
};
use crate::input_gen::{ENTRY_W, GB, InputGen, LB, QB};
use crate::memory::BlockRam;
use crate::uart::{UartConfig, UartRx, UartTx};
use rust_hdl::prelude::*;

// The protocol's constants live once, in the model crate (`flux_sim::link`), shared with the host.
use flux_sim::input_gen;
pub use flux_sim::link::{
    BITS_PER_BYTE, CHECKSUM_INIT, CHECKSUM_POLY, COMMAND_SYNC, CRC_INIT, CRC_POLY, FRAME_BYTES,
    IDLE_BYTES, REPLY_SYNC, REPORT_HEADER_BYTES, STATUS_BOOT_IMAGE_BIT, STATUS_BURST_BIT,
    STATUS_CHECKSUM_LSB, STATUS_GENERATORS_BIT, STATUS_LISTS_BIT, STATUS_WRITTEN_BIT, burst, cmd,
    crc16, field, kind, nak, stream,
};
use flux_sim::spec::Preset;
/// Bits in a command frame.
pub const FRAME_BITS: usize = 8 * FRAME_BYTES;

/// Bit-serial CRC of `W` bits (no reflection, no final xor): a byte given with `start` is folded
/// in over the next 8 clocks, MSB first. `clear` (alone or with `start`) restarts it at its initial
/// value. The register holds the CRC xor the initial value, so that a power-up (all flip-flops 0)
/// leaves the initial value too, as `clear` does.
#[derive(LogicBlock)]
pub struct Crc<const W: usize> {
    /// The clock.
    pub clock: Signal<In, Clock>,
    /// Restart at the initial value.
    pub clear: Signal<In, bool>,
    /// Fold `data` in (taken at this edge; needs 8 clocks before the next `start`).
    pub start: Signal<In, bool>,
    /// The byte.
    pub data: Signal<In, Bits<8>>,
    /// The CRC of the bytes folded in so far (final 8 clocks after the last `start`).
    pub crc: Signal<Out, Bits<W>>,

    crc_r: DFF<Bits<W>>,
    shreg: DFF<Bits<8>>,
    bits_left: DFF<Bits<4>>,
    /// The CRC (`crc_r` xor `init`).
    cur: Signal<Local, Bits<W>>,
    poly: Constant<Bits<W>>,
    init: Constant<Bits<W>>,
    /// `W - 1`, the top bit (rust-hdl writes `W` itself into the Verilog, where it is unknown).
    top: Constant<Bits<8>>,
}

impl<const W: usize> Crc<W> {
    /// A CRC with generator polynomial `poly` (its `x^W` term implied) and initial value `init`.
    pub fn new(poly: u64, init: u64) -> Self {
        Self {
            clock: Default::default(),
            clear: Default::default(),
            start: Default::default(),
            data: Default::default(),
            crc: Default::default(),
            crc_r: Default::default(),
            shreg: Default::default(),
            bits_left: Default::default(),
            cur: Default::default(),
            poly: Constant::new(Bits::<W>::from(poly)),
            init: Constant::new(Bits::<W>::from(init)),
            top: Constant::new(Bits::<8>::from(W as u64 - 1)),
        }
    }
}

impl<const W: usize> Logic for Crc<W> {
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(self, clock, crc_r, shreg, bits_left);
        self.cur.next = self.crc_r.q.val() ^ self.init.val();
        self.crc.next = self.cur.val();
        if self.bits_left.q.val().any() {
            self.bits_left.d.next = self.bits_left.q.val() - 1;
            self.shreg.d.next = self.shreg.q.val() << 1;
            self.crc_r.d.next = (self.cur.val() << 1) ^ self.init.val();
            if self.cur.val().get_bit(self.top.val().index()) ^ self.shreg.q.val().get_bit(7) {
                self.crc_r.d.next = (self.cur.val() << 1) ^ self.poly.val() ^ self.init.val();
            }
        }
        if self.clear.val() {
            self.crc_r.d.next = 0.into();
        }
        if self.start.val() {
            self.shreg.d.next = self.data.val();
            self.bits_left.d.next = 8.into();
        }
    }
}

/// The frames' CRC-16/CCITT-FALSE (`docs/host_link.md` §2).
pub fn frame_crc() -> Crc<16> {
    Crc::new(u64::from(CRC_POLY), u64::from(CRC_INIT))
}

/// The command engine's state.
#[derive(Copy, Clone, Debug, PartialEq, LogicState)]
pub enum Engine {
    /// Waiting for a complete frame or a truncation (and for the sequencer to be idle).
    Listen,
    /// The frame is checked and applied.
    Check,
    /// `WRITE`, `BURST`: bytes of the frame go into the load checksum, one every 8 clocks, each
    /// shifting the frame down by a byte (the next word's lane to `cfg_data`).
    Feed,
    /// `WRITE`, `BURST`: a word is written (`cfg_we`) at the next address.
    Put,
    /// The input generators' walk is started (`InputGen`; only on a board that has them).
    GenStart,
    /// The walk runs; its channel spikes go to the core.
    GenWait,
    /// `tick` is high.
    Tick,
    /// The timestep runs; cycles are counted.
    Run,
    /// `RUN`: the timestep ended; it joins the open end record or closes it.
    Gap,
    /// `RUN`: a new end record's tokens are written into the stream buffer.
    Flush,
    /// `RUN`: another timestep, or the end of the run.
    Next,
    /// The reply is handed to the sequencer.
    Reply,
}

/// The reply sequencer's state: the byte being sent next.
#[derive(Copy, Clone, Debug, PartialEq, LogicState)]
pub enum Sending {
    Idle,
    Sync,
    Kind,
    Seq,
    LenLo,
    LenHi,
    Payload,
    CrcLo,
    CrcHi,
}

/// The board's end of the host link. `NB` = log2(N) (neuron id bits), `NB1 = NB + 1` (spike
/// counts `0..=N`). Core-side ports are the host interface of `flux_sim::spec::host` mirrored (but
/// `aer_out_t`), with the core's names and timing (`hdl/README.md`; checked in `host_interface.rs`).
#[derive(LogicBlock)]
pub struct HostLink<const NB: usize, const NB1: usize> {
    /// The clock.
    pub clock: Signal<In, Clock>,
    /// Synchronous reset, with the core's (`docs/host_link.md` §5): the link returns to its
    /// power-up state (no frame half-received, no reply pending, no sequence number known, write
    /// count 0); a byte on either line finishes.
    pub reset: Signal<In, bool>,
    /// The UART line from the host (asynchronous; idle high).
    pub rx: Signal<In, bool>,
    /// The UART line to the host (registered; idle high).
    pub tx: Signal<Out, bool>,

    /// To the core: write strobe (one cycle, only while the core is idle).
    pub cfg_we: Signal<Out, bool>,
    /// To the core: memory code, the frame's `mem` bits 2..0 unchanged.
    pub cfg_mem: Signal<Out, Bits<MEM_W>>,
    /// To the core: word address (the frame's `addr`).
    pub cfg_addr: Signal<Out, Bits<ADDR_W>>,
    /// To the core: the word (the frame's `data`).
    pub cfg_data: Signal<Out, Bits<DATA_W>>,
    /// To the core: an event is offered (one cycle).
    pub aer_in_valid: Signal<Out, bool>,
    /// From the core: the event is taken at this edge.
    pub aer_in_ready: Signal<In, bool>,
    /// To the core: 1 injection, 0 channel spike (the frame's `mem` bit 0).
    pub aer_in_inj: Signal<Out, bool>,
    /// To the core: neuron or channel (the frame's `addr` bits 15..0).
    pub aer_in_addr: Signal<Out, Bits<AER_IN_ADDR_W>>,
    /// To the core: injection value (the frame's `data` bits 15..0).
    pub aer_in_value: Signal<Out, Bits<AER_IN_VALUE_W>>,
    /// To the core: one-cycle pulse, run a timestep.
    pub tick: Signal<Out, bool>,
    /// From the core: a timestep is running.
    pub busy: Signal<In, bool>,
    /// From the core: a neuron spiked.
    pub aer_out_valid: Signal<In, bool>,
    /// From the core: the neuron.
    pub aer_out_addr: Signal<In, Bits<NEURON_ID_W>>,
    /// From the core: timesteps completed.
    pub t: Signal<In, Bits<T_W>>,
    /// To the core: debug memory (held since the last applied `READ`).
    pub dbg_mem: Signal<Out, Bits<MEM_W>>,
    /// To the core: debug address (held since the last applied `READ`).
    pub dbg_addr: Signal<Out, Bits<ADDR_W>>,
    /// From the core: the debug word.
    pub dbg_data: Signal<In, Bits<DATA_W>>,

    uart_rx: UartRx,
    uart_tx: UartTx,
    rx_crc: Crc<16>,
    tx_crc: Crc<16>,
    /// The load checksum (`flux_sim::link::LoadChecksum`) of the `WRITE`s and `BURST`s applied
    /// since the last `PING` or reset, when `has_burst`.
    load_crc: Crc<32>,
    /// The stream buffer: `2N` tokens (`flux_sim::link::stream`); a `STEP` fills it with the ids
    /// of the neurons that spiked, a `RUN` with the packed stream.
    spike_ram: BlockRam<Bits<16>, NB1>,
    /// The on-chip input generators (`docs/model.md` §9.1), walked before every timestep when
    /// `has_gen`; without them a `WRITE` to memory 8 or 9 is `NAK` 5 and synthesis drops the table.
    input_gen: InputGen,
    has_gen: Constant<bool>,
    /// The generators have their list memory (`has_lists`); without it a `WRITE` to memory 10 is
    /// `NAK` 5.
    has_lists: Constant<bool>,
    /// The link takes `BURST`s and keeps the load checksum (`STATUS` bit `STATUS_BURST_BIT`);
    /// without it a `BURST` is `NAK` 3 and synthesis drops the checksum.
    has_burst: Constant<bool>,
    /// Per core memory code `m`, at bits `8m..8m+8`: the bytes of its lane in a `BURST`
    /// (`flux_sim::link::burst::lane_bytes`), and the most words a `BURST` carries minus one.
    lane_table: Constant<Bits<64>>,
    words_table: Constant<Bits<64>>,

    // ---- Receiving.
    /// The frame, byte `k` at bits `8k..8k+8` once complete.
    frame: DFF<Bits<FRAME_BITS>>,
    /// Bytes of the frame received so far (0: between frames; 26: complete).
    count: DFF<Bits<5>>,
    /// Byte 2 of the frame being received (0 until it arrives), for a truncation `NAK`.
    rx_seq: DFF<Bits<8>>,
    /// Clocks since the last byte of an incomplete frame.
    gap: DFF<Bits<GAP_W>>,
    /// A frame was dropped for a gap; its `NAK` is still to be sent.
    trunc_pending: DFF<bool>,
    trunc_seq: DFF<Bits<8>>,
    gap_limit: Constant<Bits<GAP_W>>,

    // ---- Engine and stored reply.
    engine: DFF<Engine>,
    seq_known: DFF<bool>,
    last_seq: DFF<Bits<8>>,
    last_kind: DFF<Bits<3>>,
    /// A `STEP` has run since power-up: there is a `REPORT` for `RESEND` to repeat.
    stepped: DFF<bool>,
    /// `WRITE`s applied since the last applied `PING` or power-up (the `STATUS` word).
    writes: DFF<Bits<32>>,
    /// A `WRITE` was applied since power-up (`STATUS` bit `STATUS_WRITTEN_BIT`): set by every
    /// applied `WRITE`, cleared by nothing but a power-up.
    written: DFF<bool>,
    /// The last applied `DATA` command was `STATUS` (else `READ`).
    status_r: DFF<bool>,
    /// The memory and address of the last applied `READ`, `WRITE` or `BURST`: the debug port's
    /// (held for a `READ`'s retry, which only a `READ` can be) and the `cfg` port's, counting up
    /// a word per `Put`.
    dbg_mem_r: DFF<Bits<MEM_W>>,
    dbg_addr_r: DFF<Bits<ADDR_W>>,
    /// `Feed`/`Put`: the frame's words go to the core (else to the generators, in `Check`).
    to_core: DFF<bool>,
    /// Words still to `Put`; bytes still to `Feed` before the next `Put` (or the `ACK`); bytes
    /// of one word's lane; the clock within a fed byte (one byte every 8).
    put_left: DFF<Bits<5>>,
    feed_left: DFF<Bits<5>>,
    lane: DFF<Bits<5>>,
    feed_clk: DFF<Bits<3>>,
    report_t: DFF<Bits<T_W>>,
    cycles: DFF<Bits<32>>,
    /// Tokens in the stream buffer (the spike count of a `STEP`), its next write address; below
    /// `2N` (`stream::Encoder::has_room`).
    wp: DFF<Bits<NB1>>,

    // ---- `RUN` (`flux_sim::link::stream`).
    /// The last `STEP` or `RUN` applied was a `RUN` (`RESEND` repeats a `STREAM`).
    run_mode: DFF<bool>,
    /// Timesteps the `RUN` may still run.
    run_left: DFF<Bits<16>>,
    /// A neuron spiked in the timestep running.
    ts_spiked: DFF<bool>,
    /// The `RUN` wrote an end record: `open_k` timesteps of `open_c` cycles, its first token at
    /// `rec_at`.
    open: DFF<bool>,
    open_k: DFF<Bits<8>>,
    open_c: DFF<Bits<16>>,
    rec_at: DFF<Bits<NB1>>,
    /// `Flush` writes the second token of a new end record (`stream::end_record`).
    flush_hi: DFF<bool>,

    // ---- Reply.
    sending: DFF<Sending>,
    r_kind: DFF<Bits<3>>,
    r_seq: DFF<Bits<8>>,
    r_reason: DFF<Bits<3>>,
    r_len: DFF<Bits<16>>,
    /// Payload byte index.
    pos: DFF<Bits<16>>,
    /// Spike buffer read address (the id whose bytes go out next).
    spike_rd: DFF<Bits<NB1>>,

    // ---- Combinational helpers.
    f_cmd: Signal<Local, Bits<8>>,
    f_seq: Signal<Local, Bits<8>>,
    f_mem: Signal<Local, Bits<8>>,
    f_addr: Signal<Local, Bits<32>>,
    f_data: Signal<Local, Bits<128>>,
    f_crc: Signal<Local, Bits<16>>,
    /// The frame's lane (bytes per word) and word count as a `BURST`, from the tables.
    f_lane: Signal<Local, Bits<5>>,
    f_words_max: Signal<Local, Bits<4>>,
    /// The frame buffer shifts down by a byte: a received byte enters, or `Feed` takes one.
    shift_in: Signal<Local, bool>,
    /// The word of a `DATA` reply: the debug word, or the `STATUS` word.
    data_word: Signal<Local, Bits<DATA_W>>,
    report_head: Signal<Local, Bits<80>>,
    /// The end-record token `Flush` writes.
    end_token: Signal<Local, Bits<16>>,
    /// The timestep's cycles do not fit an end record (`stream::is_long`): the `RUN` ends.
    cycles_long: Signal<Local, bool>,
    /// The complete frame's checks (`docs/host_link.md` §2): its CRC matches, its command is
    /// known, its argument is in range, it repeats the last applied frame; it is applied.
    crc_ok: Signal<Local, bool>,
    cmd_known: Signal<Local, bool>,
    arg_ok: Signal<Local, bool>,
    retry: Signal<Local, bool>,
    applies: Signal<Local, bool>,
    payload: Signal<Local, Bits<8>>,
    out_byte: Signal<Local, Bits<8>>,
    spike_id: Signal<Local, Bits<16>>,
    /// The sequencer hands a byte to the transmitter in this cycle.
    free: Signal<Local, bool>,
    // ---- The protocol's codes (`flux_sim::link`), one definition for model, host and hardware.
    c_write: Constant<Bits<8>>,
    c_read: Constant<Bits<8>>,
    c_event: Constant<Bits<8>>,
    c_step: Constant<Bits<8>>,
    c_resend: Constant<Bits<8>>,
    c_ping: Constant<Bits<8>>,
    c_status: Constant<Bits<8>>,
    c_run: Constant<Bits<8>>,
    c_burst: Constant<Bits<8>>,
    /// The `WRITE` memory codes of the generator table and register (`flux_sim::input_gen`); the
    /// core's codes lie below the first.
    m_gen_table: Constant<Bits<8>>,
    m_gen_regs: Constant<Bits<8>>,
    m_gen_list: Constant<Bits<8>>,
    m_gen_sched: Constant<Bits<8>>,
    /// The core's memories power up holding an image (`STATUS` bit `STATUS_BOOT_IMAGE_BIT`).
    boot_image: Constant<bool>,
    written_bit: Constant<Bits<8>>,
    boot_image_bit: Constant<Bits<8>>,
    generators_bit: Constant<Bits<8>>,
    lists_bit: Constant<Bits<8>>,
    burst_bit: Constant<Bits<8>>,
    checksum_lsb: Constant<Bits<8>>,
    /// Bytes of the frame before `data` the checksum takes (`mem`, `addr`), and of a `WRITE`'s
    /// one lane.
    head_bytes: Constant<Bits<5>>,
    data_bytes: Constant<Bits<5>>,
    k_ack: Constant<Bits<3>>,
    k_nak: Constant<Bits<3>>,
    k_data: Constant<Bits<3>>,
    k_report: Constant<Bits<3>>,
    k_stream: Constant<Bits<3>>,
    n_bad_crc: Constant<Bits<3>>,
    n_truncated: Constant<Bits<3>>,
    n_unknown: Constant<Bits<3>>,
    n_fifo_full: Constant<Bits<3>>,
    n_bad_argument: Constant<Bits<3>>,
    end_flag: Constant<Bits<16>>,
    max_run: Constant<Bits<8>>,
    /// The largest `wp` at which another timestep starts: `N` spikes and its end record still fit
    /// the `2N` tokens.
    room_limit: Constant<Bits<NB1>>,
    long_cycles: Constant<Bits<16>>,
    /// The first token of an end record of one timestep.
    end_one: Constant<Bits<16>>,
    sync_cmd: Constant<Bits<8>>,
    frame_len: Constant<Bits<5>>,
    crc_at: Constant<Bits<5>>,
    seq_at: Constant<Bits<5>>,
    sync_reply: Constant<Bits<8>>,
    report_head_len: Constant<Bits<16>>,
}

// `Flush` writes an end record's two tokens; `open_k` counts to `MAX_RUN` in 8 bits.
const _: () = assert!(stream::END_TOKENS == 2 && stream::MAX_RUN == 0xFF);

/// Width of the gap counter: `IDLE_BYTES * BITS_PER_BYTE * MAX_CLOCKS_PER_BIT` fits.
pub const GAP_W: usize = 18;
const _: () = assert!(
    (IDLE_BYTES as u64 * BITS_PER_BYTE as u64 * crate::uart::MAX_CLOCKS_PER_BIT as u64)
        < (1 << GAP_W)
);

impl<const NB: usize, const NB1: usize> HostLink<NB, NB1> {
    /// The same link, telling the host (`STATUS`) that the core's memories power up holding an
    /// image rather than zeros.
    pub fn with_boot_image(mut self, boot_image: bool) -> Self {
        self.boot_image = Constant::new(boot_image);
        self
    }

    /// The same link with the on-chip input generators (preset field `generators`) and their list
    /// memory (`spike_lists`).
    pub fn with_generators(mut self, generators: bool, spike_lists: bool) -> Self {
        self.has_gen = Constant::new(generators);
        self.has_lists = Constant::new(generators && spike_lists);
        self.input_gen = InputGen::new(generators, spike_lists);
        self
    }

    /// The same link with `BURST`s and the load checksum, its lanes those of a core of `preset`
    /// (`flux_sim::link::burst`); `None`: without them.
    pub fn with_burst(mut self, preset: Option<&Preset>) -> Self {
        self.has_burst = Constant::new(preset.is_some());
        if let Some(preset) = preset {
            let (mut lanes, mut words) = (0u64, 0u64);
            for code in 0..burst::CORE_CODES {
                lanes |= u64::from(burst::lane_bytes(preset, code)) << (8 * code);
                words |= u64::from(burst::max_words(preset, code) - 1) << (8 * code);
            }
            self.lane_table = Constant::new(lanes.into());
            self.words_table = Constant::new(words.into());
        }
        self
    }

    /// A host link at `uart`'s bit time.
    pub fn new(uart: UartConfig) -> Self {
        let gap = IDLE_BYTES * BITS_PER_BYTE * uart.clocks_per_bit();
        // `stream::Encoder::has_room` with `wp` tokens written: `wp + N + END_TOKENS < 2N`.
        let neurons = 1usize << NB;
        assert!(NB1 == NB + 1 && neurons > 2 * stream::END_TOKENS);
        assert_eq!(stream::buffer_tokens(neurons as u32), 1 << NB1);
        let room_limit = stream::buffer_tokens(neurons as u32) - stream::END_TOKENS - neurons - 1;
        Self {
            clock: Default::default(),
            reset: Default::default(),
            rx: Default::default(),
            tx: Default::default(),
            cfg_we: Default::default(),
            cfg_mem: Default::default(),
            cfg_addr: Default::default(),
            cfg_data: Default::default(),
            aer_in_valid: Default::default(),
            aer_in_ready: Default::default(),
            aer_in_inj: Default::default(),
            aer_in_addr: Default::default(),
            aer_in_value: Default::default(),
            tick: Default::default(),
            busy: Default::default(),
            aer_out_valid: Default::default(),
            aer_out_addr: Default::default(),
            t: Default::default(),
            dbg_mem: Default::default(),
            dbg_addr: Default::default(),
            dbg_data: Default::default(),
            uart_rx: UartRx::new(uart),
            uart_tx: UartTx::new(uart),
            rx_crc: frame_crc(),
            tx_crc: frame_crc(),
            load_crc: Crc::new(u64::from(CHECKSUM_POLY), u64::from(CHECKSUM_INIT)),
            spike_ram: BlockRam::new(std::iter::empty(), None),
            input_gen: InputGen::new(false, false),
            has_gen: Constant::new(false),
            has_lists: Constant::new(false),
            has_burst: Constant::new(false),
            lane_table: Constant::new(0.into()),
            words_table: Constant::new(0.into()),
            frame: Default::default(),
            count: Default::default(),
            rx_seq: Default::default(),
            gap: Default::default(),
            trunc_pending: Default::default(),
            trunc_seq: Default::default(),
            gap_limit: Constant::new(Bits::<GAP_W>::from(gap as u64 - 1)),
            engine: Default::default(),
            seq_known: Default::default(),
            last_seq: Default::default(),
            last_kind: Default::default(),
            stepped: Default::default(),
            writes: Default::default(),
            written: Default::default(),
            status_r: Default::default(),
            dbg_mem_r: Default::default(),
            dbg_addr_r: Default::default(),
            to_core: Default::default(),
            put_left: Default::default(),
            feed_left: Default::default(),
            lane: Default::default(),
            feed_clk: Default::default(),
            report_t: Default::default(),
            cycles: Default::default(),
            wp: Default::default(),
            run_mode: Default::default(),
            run_left: Default::default(),
            ts_spiked: Default::default(),
            open: Default::default(),
            open_k: Default::default(),
            open_c: Default::default(),
            rec_at: Default::default(),
            flush_hi: Default::default(),
            sending: Default::default(),
            r_kind: Default::default(),
            r_seq: Default::default(),
            r_reason: Default::default(),
            r_len: Default::default(),
            pos: Default::default(),
            spike_rd: Default::default(),
            f_cmd: Default::default(),
            f_seq: Default::default(),
            f_mem: Default::default(),
            f_addr: Default::default(),
            f_data: Default::default(),
            f_crc: Default::default(),
            f_lane: Default::default(),
            f_words_max: Default::default(),
            shift_in: Default::default(),
            data_word: Default::default(),
            c_write: Constant::new(Bits::<8>::from(cmd::WRITE as u64)),
            c_read: Constant::new(Bits::<8>::from(cmd::READ as u64)),
            c_event: Constant::new(Bits::<8>::from(cmd::EVENT as u64)),
            c_step: Constant::new(Bits::<8>::from(cmd::STEP as u64)),
            c_resend: Constant::new(Bits::<8>::from(cmd::RESEND as u64)),
            c_ping: Constant::new(Bits::<8>::from(cmd::PING as u64)),
            c_status: Constant::new(Bits::<8>::from(cmd::STATUS as u64)),
            c_run: Constant::new(Bits::<8>::from(cmd::RUN as u64)),
            c_burst: Constant::new(Bits::<8>::from(cmd::BURST as u64)),
            m_gen_table: Constant::new(Bits::<8>::from(u64::from(input_gen::MEM_TABLE))),
            m_gen_regs: Constant::new(Bits::<8>::from(u64::from(input_gen::MEM_REGS))),
            m_gen_list: Constant::new(Bits::<8>::from(u64::from(input_gen::MEM_LIST))),
            m_gen_sched: Constant::new(Bits::<8>::from(u64::from(input_gen::MEM_SCHEDULE))),
            boot_image: Constant::new(false),
            written_bit: Constant::new(Bits::<8>::from(STATUS_WRITTEN_BIT as u64)),
            boot_image_bit: Constant::new(Bits::<8>::from(STATUS_BOOT_IMAGE_BIT as u64)),
            generators_bit: Constant::new(Bits::<8>::from(STATUS_GENERATORS_BIT as u64)),
            lists_bit: Constant::new(Bits::<8>::from(STATUS_LISTS_BIT as u64)),
            burst_bit: Constant::new(Bits::<8>::from(STATUS_BURST_BIT as u64)),
            checksum_lsb: Constant::new(Bits::<8>::from(STATUS_CHECKSUM_LSB as u64)),
            head_bytes: Constant::new(Bits::<5>::from(u64::from(burst::HEAD_BYTES))),
            data_bytes: Constant::new(Bits::<5>::from(u64::from(burst::DATA_BYTES))),
            k_ack: Constant::new(Bits::<3>::from(kind::ACK as u64)),
            k_nak: Constant::new(Bits::<3>::from(kind::NAK as u64)),
            k_data: Constant::new(Bits::<3>::from(kind::DATA as u64)),
            k_report: Constant::new(Bits::<3>::from(kind::REPORT as u64)),
            k_stream: Constant::new(Bits::<3>::from(kind::STREAM as u64)),
            n_bad_crc: Constant::new(Bits::<3>::from(nak::BAD_CRC as u64)),
            n_truncated: Constant::new(Bits::<3>::from(nak::TRUNCATED as u64)),
            n_unknown: Constant::new(Bits::<3>::from(nak::UNKNOWN_COMMAND as u64)),
            n_fifo_full: Constant::new(Bits::<3>::from(nak::FIFO_FULL as u64)),
            n_bad_argument: Constant::new(Bits::<3>::from(nak::BAD_ARGUMENT as u64)),
            end_flag: Constant::new(Bits::<16>::from(u64::from(stream::END_FLAG))),
            max_run: Constant::new(Bits::<8>::from(u64::from(stream::MAX_RUN))),
            room_limit: Constant::new(Bits::<NB1>::from(room_limit as u64)),
            long_cycles: Constant::new(Bits::<16>::from(u64::from(stream::LONG_CYCLES))),
            end_one: Constant::new(Bits::<16>::from(u64::from(stream::end_record(1, 0)[0]))),
            sync_cmd: Constant::new(Bits::<8>::from(COMMAND_SYNC as u64)),
            frame_len: Constant::new(Bits::<5>::from(FRAME_BYTES as u64)),
            crc_at: Constant::new(Bits::<5>::from(field::CRC as u64)),
            seq_at: Constant::new(Bits::<5>::from(field::SEQ as u64)),
            sync_reply: Constant::new(Bits::<8>::from(REPLY_SYNC as u64)),
            report_head_len: Constant::new(Bits::<16>::from(u64::from(REPORT_HEADER_BYTES))),
            report_head: Default::default(),
            end_token: Default::default(),
            cycles_long: Default::default(),
            crc_ok: Default::default(),
            cmd_known: Default::default(),
            arg_ok: Default::default(),
            retry: Default::default(),
            applies: Default::default(),
            payload: Default::default(),
            out_byte: Default::default(),
            spike_id: Default::default(),
            free: Default::default(),
        }
    }
}

impl<const NB: usize, const NB1: usize> Logic for HostLink<NB, NB1> {
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(
            self,
            clock,
            frame,
            count,
            rx_seq,
            gap,
            trunc_pending,
            trunc_seq,
            engine,
            seq_known,
            last_seq,
            last_kind,
            stepped,
            writes,
            written,
            status_r,
            dbg_mem_r,
            dbg_addr_r,
            to_core,
            put_left,
            feed_left,
            lane,
            feed_clk,
            report_t,
            cycles,
            wp,
            run_mode,
            run_left,
            ts_spiked,
            open,
            open_k,
            open_c,
            rec_at,
            flush_hi,
            sending,
            r_kind,
            r_seq,
            r_reason,
            r_len,
            pos,
            spike_rd
        );
        self.uart_rx.clock.next = self.clock.val();
        self.uart_tx.clock.next = self.clock.val();
        self.rx_crc.clock.next = self.clock.val();
        self.tx_crc.clock.next = self.clock.val();
        self.load_crc.clock.next = self.clock.val();
        self.spike_ram.clock.next = self.clock.val();
        self.input_gen.clock.next = self.clock.val();
        self.input_gen.reset.next = self.reset.val();
        self.uart_rx.rx.next = self.rx.val();
        self.tx.next = self.uart_tx.tx.val();

        // ---- The frame's fields (meaningful once `count` is 26).
        self.f_cmd.next = self.frame.q.val().get_bits::<8>(8);
        self.f_seq.next = self.frame.q.val().get_bits::<8>(16);
        self.f_mem.next = self.frame.q.val().get_bits::<8>(24);
        self.f_addr.next = self.frame.q.val().get_bits::<32>(32);
        self.f_data.next = self.frame.q.val().get_bits::<128>(64);
        self.f_crc.next = self.frame.q.val().get_bits::<16>(192);
        self.f_lane.next = self
            .lane_table
            .val()
            .get_bits::<5>((bit_cast::<6, 3>(self.f_mem.val().get_bits::<3>(0)) << 3).index());
        self.f_words_max.next = self
            .words_table
            .val()
            .get_bits::<4>((bit_cast::<6, 3>(self.f_mem.val().get_bits::<3>(0)) << 3).index());

        // ---- Core ports: fields straight from the buffer; strobes from the engine below.
        self.cfg_we.next = false;
        // With `BURST`s, words go out from `Put`, at the held address, once `Feed` has shifted the
        // frame so that the word's lane begins at byte 3; without, a `WRITE` goes out from `Check`
        // straight from the frame's fields (the constant lets synthesis keep one of the two).
        self.cfg_mem.next = self.f_mem.val().get_bits::<3>(0);
        self.cfg_addr.next = self.f_addr.val();
        self.cfg_data.next = self.f_data.val();
        if self.has_burst.val() {
            self.cfg_mem.next = self.dbg_mem_r.q.val();
            self.cfg_addr.next = self.dbg_addr_r.q.val();
            self.cfg_data.next = self.frame.q.val().get_bits::<128>(24);
        }
        self.aer_in_valid.next = false;
        self.aer_in_inj.next = self.f_mem.val().get_bit(0);
        self.aer_in_addr.next = self.f_addr.val().get_bits::<16>(0);
        self.aer_in_value.next = self.f_data.val().get_bits::<16>(0);
        self.tick.next = false;
        self.dbg_mem.next = self.dbg_mem_r.q.val();
        self.dbg_addr.next = self.dbg_addr_r.q.val();
        // The input generators: table and register writes from the frame, strobes from the engine.
        self.input_gen.host_we.next = false;
        self.input_gen.host_addr.next = self.f_addr.val().get_bits::<GB>(0);
        self.input_gen.host_data.next = self.f_data.val().get_bits::<ENTRY_W>(0);
        self.input_gen.reg_we.next = false;
        self.input_gen.reg_data.next = self.f_data.val().get_bits::<48>(0);
        self.input_gen.list_we.next = false;
        self.input_gen.list_addr.next = self.f_addr.val().get_bits::<LB>(0);
        self.input_gen.list_data.next = self.f_data.val().get_bits::<32>(0);
        self.input_gen.sched_we.next = false;
        self.input_gen.sched_addr.next = self.f_addr.val().get_bits::<QB>(0);
        self.input_gen.sched_data.next = self.f_data.val().get_bits::<64>(0);
        self.input_gen.t.next = self.t.val();
        self.input_gen.start.next = false;
        self.input_gen.ev_ready.next = self.aer_in_ready.val();

        // ---- Receiving: bytes into the buffer, CRC of bytes 0..24, the gap timer.
        self.rx_crc.clear.next = false;
        self.rx_crc.start.next = false;
        self.rx_crc.data.next = self.uart_rx.data.val();
        // The load checksum takes byte 3 of the frame as `Feed` shifts it down (the frame stays
        // complete, so no byte is received meanwhile).
        self.load_crc.clear.next = false;
        self.load_crc.start.next = false;
        self.load_crc.data.next = self.frame.q.val().get_bits::<8>(24);
        self.shift_in.next = false;
        if self.has_burst.val()
            && (self.engine.q.val() == Engine::Feed)
            && !self.feed_clk.q.val().any()
            && self.feed_left.q.val().any()
        {
            self.shift_in.next = true;
            self.load_crc.start.next = self.has_burst.val();
        }
        if self.uart_rx.valid.val() && (self.count.q.val() != self.frame_len.val()) {
            if (self.count.q.val() != 0) || (self.uart_rx.data.val() == self.sync_cmd.val()) {
                self.shift_in.next = true;
                self.count.d.next = self.count.q.val() + 1;
                self.gap.d.next = 0.into();
                self.rx_crc.start.next = self.count.q.val() < self.crc_at.val();
            }
            if self.count.q.val() == 0 {
                self.rx_crc.clear.next = true;
                self.rx_seq.d.next = 0.into();
            }
            if self.count.q.val() == self.seq_at.val() {
                self.rx_seq.d.next = self.uart_rx.data.val();
            }
        } else if (self.count.q.val() != 0) && (self.count.q.val() != self.frame_len.val()) {
            self.gap.d.next = self.gap.q.val() + 1;
            if self.gap.q.val() == self.gap_limit.val() {
                self.count.d.next = 0.into();
                self.trunc_pending.d.next = true;
                self.trunc_seq.d.next = self.rx_seq.q.val();
            }
        }
        // One shifter for both: the top byte is the received one (`Feed` leaves garbage there,
        // past the last lane it reads).
        if self.shift_in.val() {
            self.frame.d.next = (self.frame.q.val() >> 8)
                | (bit_cast::<FRAME_BITS, 8>(self.uart_rx.data.val()) << 200);
        }

        // ---- Stream buffer: the ids of this timestep's `aer_out` events, in order (ascending),
        // at `wp`; `Gap` and `Flush` write end records while the core is idle.
        self.spike_ram.write_address.next = self.wp.q.val();
        self.spike_ram.write_data.next = self.aer_out_addr.val();
        self.spike_ram.write_enable.next = self.aer_out_valid.val();
        if self.aer_out_valid.val() {
            self.wp.d.next = self.wp.q.val() + 1;
            self.ts_spiked.d.next = true;
        }
        self.spike_ram.read_address.next = self.spike_rd.q.val();
        // A new end record (`stream::end_record(1, cycles)`): `END_FLAG | 1`, then the cycles, or
        // `LONG_CYCLES` when they do not fit 16 bits below it.
        self.cycles_long.next = self.cycles.q.val().get_bits::<16>(16).any()
            || (self.cycles.q.val().get_bits::<16>(0) == self.long_cycles.val());
        self.end_token.next = self.end_one.val();
        if self.flush_hi.q.val() {
            self.end_token.next = self.cycles.q.val().get_bits::<16>(0);
            if self.cycles_long.val() {
                self.end_token.next = self.long_cycles.val();
            }
        }
        self.crc_ok.next = self.rx_crc.crc.val() == self.f_crc.val();
        self.cmd_known.next = (self.f_cmd.val() != 0)
            && ((self.f_cmd.val() <= self.c_run.val())
                || (self.has_burst.val() && (self.f_cmd.val() == self.c_burst.val())));
        // `RUN` takes 1..=65535 timesteps; a `WRITE` goes to a core memory (codes below the
        // generators') or, on a board with them, to the generator table or register.
        self.arg_ok.next = ((self.f_cmd.val() != self.c_run.val())
            || ((self.f_addr.val() != 0) && !self.f_addr.val().get_bits::<16>(16).any()))
            && ((self.f_cmd.val() != self.c_write.val())
                || (self.f_mem.val() < self.m_gen_table.val())
                || (self.has_gen.val() && (self.f_mem.val() <= self.m_gen_regs.val()))
                || (self.has_lists.val()
                    && ((self.f_mem.val() == self.m_gen_list.val())
                        || (self.f_mem.val() == self.m_gen_sched.val()))))
            // A `BURST` writes a core memory (codes 0..=7), as many words as its lanes fit.
            && ((self.f_cmd.val() != self.c_burst.val())
                || (!self.f_mem.val().get_bit(3)
                    && (self.f_mem.val().get_bits::<4>(4) <= self.f_words_max.val())));
        self.retry.next = self.crc_ok.val()
            && self.cmd_known.val()
            && self.arg_ok.val()
            && self.seq_known.q.val()
            && (self.f_seq.val() == self.last_seq.q.val());
        self.applies.next =
            self.crc_ok.val() && self.cmd_known.val() && self.arg_ok.val() && !self.retry.val();

        // ---- Engine.
        match self.engine.q.val() {
            Engine::Listen => {
                if self.sending.q.val() == Sending::Idle {
                    if self.trunc_pending.q.val() {
                        self.trunc_pending.d.next = false;
                        self.r_kind.d.next = self.k_nak.val();
                        self.r_reason.d.next = self.n_truncated.val();
                        self.r_seq.d.next = self.trunc_seq.q.val();
                        self.engine.d.next = Engine::Reply;
                    } else if self.count.q.val() == self.frame_len.val() {
                        self.engine.d.next = Engine::Check;
                    }
                }
            }
            Engine::Check => {
                self.count.d.next = 0.into();
                self.r_seq.d.next = self.f_seq.val();
                self.engine.d.next = Engine::Reply;
                // The checks in order: CRC, command, argument, retry (one flag each, so that every
                // register the applied frame changes sits behind a single condition).
                self.r_kind.d.next = self.k_nak.val();
                self.r_reason.d.next = self.n_bad_argument.val();
                if !self.cmd_known.val() {
                    self.r_reason.d.next = self.n_unknown.val();
                }
                if !self.crc_ok.val() {
                    self.r_reason.d.next = self.n_bad_crc.val();
                }
                if self.retry.val() {
                    self.r_kind.d.next = self.last_kind.q.val();
                }
                if self.applies.val() {
                    // Applied (unless an EVENT finds the FIFO full).
                    self.seq_known.d.next = true;
                    self.last_seq.d.next = self.f_seq.val();
                    self.r_kind.d.next = self.k_ack.val();
                    self.last_kind.d.next = self.k_ack.val();
                    if (self.f_cmd.val() == self.c_write.val())
                        || (self.f_cmd.val() == self.c_burst.val())
                    {
                        self.writes.d.next = self.writes.q.val() + 1;
                        self.written.d.next = true;
                    }
                    if self.has_burst.val()
                        && ((self.f_cmd.val() == self.c_write.val())
                            || (self.f_cmd.val() == self.c_burst.val()))
                    {
                        // The frame stays in the buffer until `Feed` has taken it apart.
                        self.count.d.next = self.count.q.val();
                        self.engine.d.next = Engine::Feed;
                        self.feed_clk.d.next = 0.into();
                        self.feed_left.d.next = self.head_bytes.val();
                        self.put_left.d.next = 1.into();
                        self.lane.d.next = self.data_bytes.val();
                        self.to_core.d.next = true;
                        self.dbg_mem_r.d.next = self.f_mem.val().get_bits::<3>(0);
                        self.dbg_addr_r.d.next = self.f_addr.val();
                    }
                    if self.f_cmd.val() == self.c_burst.val() {
                        self.put_left.d.next =
                            bit_cast::<5, 4>(self.f_mem.val().get_bits::<4>(4)) + 1;
                        self.lane.d.next = self.f_lane.val();
                    }
                    if self.f_cmd.val() == self.c_write.val() {
                        if self.has_gen.val() && (self.f_mem.val() == self.m_gen_table.val()) {
                            self.input_gen.host_we.next = true;
                        } else if self.has_gen.val() && (self.f_mem.val() == self.m_gen_regs.val())
                        {
                            self.input_gen.reg_we.next = true;
                        } else if self.has_lists.val()
                            && (self.f_mem.val() == self.m_gen_list.val())
                        {
                            self.input_gen.list_we.next = true;
                        } else if self.has_lists.val()
                            && (self.f_mem.val() == self.m_gen_sched.val())
                        {
                            self.input_gen.sched_we.next = true;
                        } else if !self.has_burst.val() {
                            self.cfg_we.next = true;
                        }
                        // Codes 8 and up are the generators' (their words written above).
                        if self.f_mem.val() >= self.m_gen_table.val() {
                            self.to_core.d.next = false;
                        }
                    }
                    if self.f_cmd.val() == self.c_ping.val() {
                        self.writes.d.next = 0.into();
                        self.load_crc.clear.next = true;
                    }
                    if self.f_cmd.val() == self.c_status.val() {
                        self.status_r.d.next = true;
                        self.r_kind.d.next = self.k_data.val();
                        self.last_kind.d.next = self.k_data.val();
                    }
                    if self.f_cmd.val() == self.c_read.val() {
                        self.status_r.d.next = false;
                        self.dbg_mem_r.d.next = self.f_mem.val().get_bits::<3>(0);
                        self.dbg_addr_r.d.next = self.f_addr.val();
                        self.r_kind.d.next = self.k_data.val();
                        self.last_kind.d.next = self.k_data.val();
                    }
                    if self.f_cmd.val() == self.c_event.val() {
                        self.aer_in_valid.next = true;
                        if !self.aer_in_ready.val() {
                            self.seq_known.d.next = self.seq_known.q.val();
                            self.last_seq.d.next = self.last_seq.q.val();
                            self.last_kind.d.next = self.last_kind.q.val();
                            self.r_kind.d.next = self.k_nak.val();
                            self.r_reason.d.next = self.n_fifo_full.val();
                        }
                    }
                    if (self.f_cmd.val() == self.c_step.val())
                        || (self.f_cmd.val() == self.c_run.val())
                    {
                        self.last_kind.d.next = self.k_report.val();
                        self.engine.d.next = Engine::Tick;
                        if self.has_gen.val() && self.input_gen.armed.val() {
                            self.engine.d.next = Engine::GenStart;
                        }
                        self.run_mode.d.next = false;
                        self.wp.d.next = 0.into();
                        self.report_t.d.next = self.t.val();
                        self.open.d.next = false;
                        self.run_left.d.next = self.f_addr.val().get_bits::<16>(0);
                        if self.f_cmd.val() == self.c_run.val() {
                            self.last_kind.d.next = self.k_stream.val();
                            self.run_mode.d.next = true;
                        }
                    }
                    if self.f_cmd.val() == self.c_resend.val() {
                        self.r_kind.d.next = self.k_report.val();
                        self.last_kind.d.next = self.k_report.val();
                        if self.run_mode.q.val() {
                            self.r_kind.d.next = self.k_stream.val();
                            self.last_kind.d.next = self.k_stream.val();
                        }
                        // Before the first `STEP` there is no report to repeat: `NAK` 3, not
                        // applied (`docs/host_link.md`), as an unknown command.
                        if !self.stepped.q.val() {
                            self.seq_known.d.next = self.seq_known.q.val();
                            self.last_seq.d.next = self.last_seq.q.val();
                            self.last_kind.d.next = self.last_kind.q.val();
                            self.r_kind.d.next = self.k_nak.val();
                            self.r_reason.d.next = self.n_unknown.val();
                        }
                    }
                }
            }
            // `Feed` and `Put` are reached only with `has_burst`; the constant lets synthesis drop
            // them (and their counters) on a board without `BURST`s.
            Engine::Feed => {
                // A byte every 8 clocks (the checksum's pace); then the next word, or the `ACK`.
                if self.has_burst.val() {
                    self.feed_clk.d.next = self.feed_clk.q.val() + 1;
                    if !self.feed_clk.q.val().any() {
                        if self.feed_left.q.val().any() {
                            self.feed_left.d.next = self.feed_left.q.val() - 1;
                        } else if self.put_left.q.val().any() {
                            self.engine.d.next = Engine::Put;
                        } else {
                            self.count.d.next = 0.into();
                            self.engine.d.next = Engine::Reply;
                        }
                    }
                }
            }
            Engine::Put => {
                if self.has_burst.val() {
                    self.cfg_we.next = self.to_core.q.val();
                    self.dbg_addr_r.d.next = self.dbg_addr_r.q.val() + 1;
                    self.put_left.d.next = self.put_left.q.val() - 1;
                    self.feed_left.d.next = self.lane.q.val();
                    self.feed_clk.d.next = 0.into();
                    self.engine.d.next = Engine::Feed;
                }
            }
            // Both `Gen` states are reached only with `has_gen`; the constant lets synthesis drop
            // them (and their `aer_in_*` multiplexers) on a board without the generators.
            Engine::GenStart => {
                if self.has_gen.val() {
                    self.input_gen.start.next = true;
                    self.engine.d.next = Engine::GenWait;
                }
            }
            Engine::GenWait => {
                // The walk's channel spikes, after the host's queued events (§2's order).
                if self.has_gen.val() {
                    self.aer_in_valid.next = self.input_gen.ev_valid.val();
                    self.aer_in_inj.next = self.input_gen.ev_inj.val();
                    self.aer_in_addr.next = self.input_gen.ev_addr.val();
                    self.aer_in_value.next = self.input_gen.ev_value.val();
                    if !self.input_gen.busy.val() {
                        self.engine.d.next = Engine::Tick;
                    }
                }
            }
            Engine::Tick => {
                // The edge that samples `tick` is cycle 1 of the count (`hdl/README.md`).
                self.tick.next = true;
                self.stepped.d.next = true;
                self.cycles.d.next = 1.into();
                self.ts_spiked.d.next = false;
                self.engine.d.next = Engine::Run;
            }
            Engine::Run => {
                if self.busy.val() {
                    self.cycles.d.next = self.cycles.q.val() + 1;
                } else if self.run_mode.q.val() {
                    self.engine.d.next = Engine::Gap;
                } else {
                    self.r_kind.d.next = self.k_report.val();
                    self.engine.d.next = Engine::Reply;
                }
            }
            Engine::Gap => {
                self.run_left.d.next = self.run_left.q.val() - 1;
                self.engine.d.next = Engine::Next;
                if self.open.q.val()
                    && !self.ts_spiked.q.val()
                    && !self.cycles_long.val()
                    && (self.cycles.q.val().get_bits::<16>(0) == self.open_c.q.val())
                    && (self.open_k.q.val() != self.max_run.val())
                {
                    // Joins the last record: its first token again, with `k + 1`.
                    self.open_k.d.next = self.open_k.q.val() + 1;
                    self.spike_ram.write_address.next = self.rec_at.q.val();
                    self.spike_ram.write_data.next =
                        self.end_flag.val() | bit_cast::<16, 8>(self.open_k.q.val() + 1);
                    self.spike_ram.write_enable.next = true;
                } else {
                    // Its own record, after its spikes.
                    self.open.d.next = true;
                    self.open_k.d.next = 1.into();
                    self.open_c.d.next = self.cycles.q.val().get_bits::<16>(0);
                    self.rec_at.d.next = self.wp.q.val();
                    self.flush_hi.d.next = false;
                    self.engine.d.next = Engine::Flush;
                }
            }
            Engine::Flush => {
                self.spike_ram.write_data.next = self.end_token.val();
                self.spike_ram.write_enable.next = true;
                self.wp.d.next = self.wp.q.val() + 1;
                self.flush_hi.d.next = true;
                if self.flush_hi.q.val() {
                    self.engine.d.next = Engine::Next;
                }
            }
            Engine::Next => {
                // A long timestep's cycles are only in the reply's head: it ends the `RUN`.
                if !self.run_left.q.val().any()
                    || (self.wp.q.val() > self.room_limit.val())
                    || self.cycles_long.val()
                {
                    self.r_kind.d.next = self.k_stream.val();
                    self.engine.d.next = Engine::Reply;
                } else {
                    self.engine.d.next = Engine::Tick;
                    if self.has_gen.val() && self.input_gen.armed.val() {
                        self.engine.d.next = Engine::GenStart;
                    }
                }
            }
            Engine::Reply => {
                // Payload lengths: ACK 0, NAK 1, DATA 16, REPORT and STREAM 10 + 2 * count.
                self.r_len.d.next = 0.into();
                if self.r_kind.q.val() == self.k_nak.val() {
                    self.r_len.d.next = 1.into();
                }
                if self.r_kind.q.val() == self.k_data.val() {
                    self.r_len.d.next = 16.into();
                }
                if (self.r_kind.q.val() == self.k_report.val())
                    || (self.r_kind.q.val() == self.k_stream.val())
                {
                    self.r_len.d.next =
                        (bit_cast::<16, NB1>(self.wp.q.val()) << 1) + self.report_head_len.val();
                }
                self.pos.d.next = 0.into();
                self.spike_rd.d.next = 0.into();
                self.sending.d.next = Sending::Sync;
                self.engine.d.next = Engine::Listen;
            }
        }

        // ---- Reply sequencer: one byte whenever the transmitter is free.
        // `REPORT` and `STREAM` alike: `t` (the first that ran), the cycles of the last, the count.
        self.report_head.next = bit_cast::<80, 32>(self.report_t.q.val())
            | (bit_cast::<80, 32>(self.cycles.q.val()) << 32)
            | (bit_cast::<80, NB1>(self.wp.q.val()) << 64);
        self.spike_id.next = self.spike_ram.read_data.val();
        self.payload.next = bit_cast::<8, 3>(self.r_reason.q.val());
        self.data_word.next = self.dbg_data.val();
        if self.status_r.q.val() {
            self.data_word.next = bit_cast::<DATA_W, 32>(self.writes.q.val())
                | (bit_cast::<DATA_W, 1>(self.written.q.val().into()) << self.written_bit.val())
                | (bit_cast::<DATA_W, 1>(self.boot_image.val().into())
                    << self.boot_image_bit.val())
                | (bit_cast::<DATA_W, 1>(self.has_gen.val().into()) << self.generators_bit.val())
                | (bit_cast::<DATA_W, 1>(self.has_lists.val().into()) << self.lists_bit.val())
                | (bit_cast::<DATA_W, 1>(self.has_burst.val().into()) << self.burst_bit.val());
            if self.has_burst.val() {
                self.data_word.next = self.data_word.val()
                    | (bit_cast::<DATA_W, 32>(self.load_crc.crc.val()) << self.checksum_lsb.val());
            }
        }
        if self.r_kind.q.val() == self.k_data.val() {
            self.payload.next = self
                .data_word
                .val()
                .get_bits::<8>((bit_cast::<7, 4>(self.pos.q.val().get_bits::<4>(0)) << 3).index());
        }
        if (self.r_kind.q.val() == self.k_report.val())
            || (self.r_kind.q.val() == self.k_stream.val())
        {
            if self.pos.q.val() < self.report_head_len.val() {
                self.payload.next = self.report_head.val().get_bits::<8>(
                    (bit_cast::<7, 4>(self.pos.q.val().get_bits::<4>(0)) << 3).index(),
                );
            } else if self.pos.q.val().get_bit(0) {
                self.payload.next = self.spike_id.val().get_bits::<8>(8);
            } else {
                self.payload.next = self.spike_id.val().get_bits::<8>(0);
            }
        }
        self.out_byte.next = self.sync_reply.val();
        match self.sending.q.val() {
            Sending::Idle => {}
            Sending::Sync => {}
            Sending::Kind => {
                self.out_byte.next = bit_cast::<8, 3>(self.r_kind.q.val());
            }
            Sending::Seq => {
                self.out_byte.next = self.r_seq.q.val();
            }
            Sending::LenLo => {
                self.out_byte.next = self.r_len.q.val().get_bits::<8>(0);
            }
            Sending::LenHi => {
                self.out_byte.next = self.r_len.q.val().get_bits::<8>(8);
            }
            Sending::Payload => {
                self.out_byte.next = self.payload.val();
            }
            Sending::CrcLo => {
                self.out_byte.next = self.tx_crc.crc.val().get_bits::<8>(0);
            }
            Sending::CrcHi => {
                self.out_byte.next = self.tx_crc.crc.val().get_bits::<8>(8);
            }
        }
        self.free.next = (self.sending.q.val() != Sending::Idle) && !self.uart_tx.busy.val();
        self.uart_tx.data.next = self.out_byte.val();
        self.uart_tx.start.next = self.free.val();
        self.tx_crc.data.next = self.out_byte.val();
        self.tx_crc.clear.next = self.free.val() && (self.sending.q.val() == Sending::Sync);
        self.tx_crc.start.next = self.free.val()
            && (self.sending.q.val() != Sending::CrcLo)
            && (self.sending.q.val() != Sending::CrcHi);
        if self.free.val() {
            match self.sending.q.val() {
                Sending::Idle => {}
                Sending::Sync => {
                    self.sending.d.next = Sending::Kind;
                }
                Sending::Kind => {
                    self.sending.d.next = Sending::Seq;
                }
                Sending::Seq => {
                    self.sending.d.next = Sending::LenLo;
                }
                Sending::LenLo => {
                    self.sending.d.next = Sending::LenHi;
                }
                Sending::LenHi => {
                    self.sending.d.next = Sending::CrcLo;
                    if self.r_len.q.val().any() {
                        self.sending.d.next = Sending::Payload;
                    }
                }
                Sending::Payload => {
                    self.pos.d.next = self.pos.q.val() + 1;
                    // After the high byte of a spike id, read the next one.
                    if self.pos.q.val().get_bit(0)
                        && (self.pos.q.val() >= self.report_head_len.val())
                    {
                        self.spike_rd.d.next = self.spike_rd.q.val() + 1;
                    }
                    if (self.pos.q.val() + 1) == self.r_len.q.val() {
                        self.sending.d.next = Sending::CrcLo;
                    }
                }
                Sending::CrcLo => {
                    self.sending.d.next = Sending::CrcHi;
                }
                Sending::CrcHi => {
                    self.sending.d.next = Sending::Idle;
                }
            }
        }

        // ---- Reset: the power-up state of everything a later frame depends on.
        if self.reset.val() {
            self.count.d.next = 0.into();
            self.gap.d.next = 0.into();
            self.trunc_pending.d.next = false;
            self.engine.d.next = Engine::Listen;
            self.seq_known.d.next = false;
            self.stepped.d.next = false;
            self.writes.d.next = 0.into();
            self.load_crc.clear.next = true;
            self.status_r.d.next = false;
            self.wp.d.next = 0.into();
            self.run_mode.d.next = false;
            self.open.d.next = false;
            self.sending.d.next = Sending::Idle;
            self.cfg_we.next = false;
            self.aer_in_valid.next = false;
            self.tick.next = false;
        }
    }
}
