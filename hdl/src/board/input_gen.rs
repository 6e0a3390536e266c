//! `InputGen`: the board's on-chip input generators (`docs/model.md` §9.1), a table of
//! [`ENTRIES`] generators (Poisson draws or latency countdowns) that `HostLink` walks before every
//! timestep it starts. The bit-exact twin is `flux_sim::input_gen::Table`.
//!
//! The table is one `BlockRam` of [`ENTRY_W`]-bit words (`flux_sim::input_gen`: `state`, `p16`,
//! `enabled`, `kind`), written by the host (`WRITE` to memory 8) and by the walk. The registers `base` and
//! `count` (`WRITE` to memory 9) say which channel entry 0 drives and how many entries are walked.
//! The list memory (`LIST_WORDS` gaps, `WRITE` to memory 10; preset field `spike_lists`) holds the
//! gaps of the spike-list entries; the injection schedule (`SCHEDULE_WORDS` 64-bit words, `WRITE`
//! to memory 11, its length in the register word) the current injections by timestep.
//!
//! **Walk** (after `start`, while `busy`): first, with a schedule, `SRead` presents its next word
//! and `SCheck` has it: while the word is within the schedule's length and its timestep is the
//! core's `t`, its injection is offered (`ev_inj`) and the next word read; then per entry, `Read` presents its address, `Draw` has the
//! word: an enabled rate entry computes `x = xorshift32(state)`, offers a spike on channel
//! `base + g` when `(x >> 16) < p16` (`ev_valid` until `ev_ready`, the core's input FIFO), and
//! writes `x` back as the entry's state; an enabled countdown entry offers a spike when its state
//! is 0 and then restarts from `p16 - 1` (its period) or, with period 0, clears its `enabled`,
//! else writes back its state minus 1; a list entry counts down as a countdown entry does, and when
//! it spikes, `Gap` has the gap `g` its pointer (the `p16` field) addresses: the entry restarts
//! from `g - 1` with the pointer one on, or, at the list's end (`g` = 0), clears its `enabled`; a
//! disabled entry is skipped unchanged. So a walk of `count` entries takes `2 * count` cycles,
//! plus one per list spike, when the FIFO takes every event at once (`flux_sim::input_gen::
//! walk_cycles` adds `HostLink`'s two cycles around it).
//!
//! The host writes the table only between timesteps (the link applies frames only while the engine
//! is idle), so the walk's write-back and the host's writes never meet; the read and the write of
//! one entry are one edge apart.

use flux_sim::input_gen::{
    ENABLED, ENTRIES, ENTRY_BITS, KIND, LIST_BITS, LIST_WORDS, P16, REG_BASE, REG_COUNT,
    REG_SCHEDULE, SCHED_NEURON, SCHED_T, SCHED_VALUE, SCHEDULE_BITS, SCHEDULE_WORDS, STATE,
};
use flux_sim::inputs::Xorshift32;
use rust_hdl::prelude::*;

use crate::host_interface::AER_IN_ADDR_W;
use crate::memory::BlockRam;

/// Width of a table entry word.
pub const ENTRY_W: usize = ENTRY_BITS as usize;
/// Address bits of the table.
pub const GB: usize = ENTRIES.trailing_zeros() as usize;
/// Width of the entry counter and of `count` (`0..=ENTRIES`).
pub const GB1: usize = GB + 1;
/// Address bits of the list memory.
pub const LB: usize = LIST_WORDS.trailing_zeros() as usize;
const _: () = assert!(ENTRIES == 1 << GB && LIST_WORDS == 1 << LB && LB <= 17);
const _: () = assert!(STATE.lsb == 0 && STATE.width == 32 && LIST_BITS == 32);
/// Address bits of the injection schedule.
pub const QB: usize = SCHEDULE_WORDS.trailing_zeros() as usize;
/// Width of the schedule's length and pointer (`0..=SCHEDULE_WORDS`).
pub const QB1: usize = QB + 1;
const _: () = assert!(SCHEDULE_WORDS == 1 << QB && SCHEDULE_BITS == 64);
const _: () = assert!(SCHED_T.lsb == 0 && SCHED_T.width == 32);
const _: () = assert!(SCHED_NEURON.width as usize == AER_IN_ADDR_W && SCHED_VALUE.width == 16);
const _: () = assert!(REG_SCHEDULE.width == 16);
const _: () = assert!(P16.width == 17 && ENABLED.width == 1 && KIND.width == 2);
const _: () = assert!(KIND.end() == ENTRY_BITS);

/// The walk's state.
#[derive(Copy, Clone, Debug, PartialEq, LogicState)]
pub enum Walk {
    /// No walk.
    Idle,
    /// The entry's address is presented.
    Read,
    /// The entry's word is on the read port: draw, offer the spike, write the state back (a list
    /// entry that spikes writes in `Gap`).
    Draw,
    /// A list entry spiked: its next gap is on the list memory's read port; write the entry back.
    Gap,
    /// The schedule's next word's address is presented.
    SRead,
    /// The schedule's word is on the read port: offer its injection if it is due.
    SCheck,
}

/// The generator table and its walk.
#[derive(LogicBlock)]
pub struct InputGen {
    /// The clock.
    pub clock: Signal<In, Clock>,
    /// Synchronous reset: no walk, `base` and `count` 0 (the entries are kept).
    pub reset: Signal<In, bool>,
    /// Host write of entry `host_addr` (one cycle, never during a walk).
    pub host_we: Signal<In, bool>,
    pub host_addr: Signal<In, Bits<GB>>,
    pub host_data: Signal<In, Bits<ENTRY_W>>,
    /// Host write of the register word (`REG_BASE`, `REG_COUNT`; a count above `ENTRIES` walks
    /// `ENTRIES`).
    pub reg_we: Signal<In, bool>,
    pub reg_data: Signal<In, Bits<48>>,
    /// Host write of list word `list_addr` (one cycle, never during a walk).
    pub list_we: Signal<In, bool>,
    pub list_addr: Signal<In, Bits<LB>>,
    pub list_data: Signal<In, Bits<32>>,
    /// Host write of schedule word `sched_addr` (one cycle, never during a walk).
    pub sched_we: Signal<In, bool>,
    pub sched_addr: Signal<In, Bits<QB>>,
    pub sched_data: Signal<In, Bits<64>>,
    /// The core's `t`: the timestep the walk comes before.
    pub t: Signal<In, Bits<32>>,
    /// Start a walk (one cycle, while idle).
    pub start: Signal<In, bool>,
    /// A walk is running (registered: high from the edge after `start`).
    pub busy: Signal<Out, bool>,
    /// `count` is not 0: a `start` would walk (`HostLink` skips the walk otherwise).
    pub armed: Signal<Out, bool>,
    /// A channel spike is offered to the core's input FIFO.
    pub ev_valid: Signal<Out, bool>,
    /// Its channel, `base + g`; or the neuron of an injection.
    pub ev_addr: Signal<Out, Bits<AER_IN_ADDR_W>>,
    /// The event is an injection (from the schedule) of `ev_value`.
    pub ev_inj: Signal<Out, bool>,
    pub ev_value: Signal<Out, Bits<16>>,
    /// The core takes the event at this edge.
    pub ev_ready: Signal<In, bool>,

    /// The entries (not `table`: a Verilog keyword).
    ram: BlockRam<Bits<ENTRY_W>, GB>,
    /// The list memory: the gaps of the list entries.
    list_ram: BlockRam<Bits<32>, LB>,
    /// The injection schedule.
    sched_ram: BlockRam<Bits<64>, QB>,
    /// The schedule's length and its next word.
    sched_len: DFF<Bits<QB1>>,
    sched_next: DFF<Bits<QB1>>,
    /// The schedule's word on the read port is due: within the length, its timestep `t`.
    sched_due: Signal<Local, bool>,
    reg_sched: Signal<Local, Bits<16>>,
    sched_words: Constant<Bits<QB1>>,
    sched_lsb: Constant<Bits<8>>,
    sched_neuron_lsb: Constant<Bits<8>>,
    sched_value_lsb: Constant<Bits<8>>,
    /// The board has the generators (preset field `generators`); without them every output is
    /// constant and synthesis drops the block.
    present: Constant<bool>,
    /// The generators have the list memory (preset field `spike_lists`); without it there are no
    /// list entries (the kind's high bit is ignored) and synthesis drops the memory and `Gap`.
    lists: Constant<bool>,
    walk: DFF<Walk>,
    /// The entry walked.
    g: DFF<Bits<GB1>>,
    base: DFF<Bits<AER_IN_ADDR_W>>,
    count: DFF<Bits<GB1>>,

    reg_count: Signal<Local, Bits<16>>,
    x1: Signal<Local, Bits<32>>,
    x2: Signal<Local, Bits<32>>,
    x3: Signal<Local, Bits<32>>,
    spike: Signal<Local, bool>,
    /// The walk's state after entry `g`: the next entry's `Read`, or `Idle` after the last.
    after_entry: Signal<Local, Walk>,
    /// The entry word's fields on the read port.
    rd_state: Signal<Local, Bits<32>>,
    rd_p16: Signal<Local, Bits<17>>,
    rd_countdown: Signal<Local, bool>,
    /// The entry is a list entry (`kind` 2 or 3, with the list memory).
    rd_list: Signal<Local, bool>,
    /// A countdown or list entry's state is 0: it spikes.
    cnt_zero: Signal<Local, bool>,
    /// The gap on the list memory's read port.
    gap: Signal<Local, Bits<32>>,
    /// The entry's state and `enabled` after this walk.
    next_state: Signal<Local, Bits<32>>,
    next_enabled: Signal<Local, bool>,
    /// Every bit of an entry word but the state and `enabled`.
    keep_mask: Constant<Bits<ENTRY_W>>,
    /// Every bit of an entry word but the state, `p16` and `enabled`.
    list_keep_mask: Constant<Bits<ENTRY_W>>,
    entries: Constant<Bits<GB1>>,
    p16_lsb: Constant<Bits<8>>,
    enabled_lsb: Constant<Bits<8>>,
    kind_lsb: Constant<Bits<8>>,
    count_lsb: Constant<Bits<8>>,
    base_lsb: Constant<Bits<8>>,
    sh13: Constant<Bits<8>>,
    sh17: Constant<Bits<8>>,
    sh5: Constant<Bits<8>>,
}

const _: () = assert!(REG_BASE.width as usize == AER_IN_ADDR_W && REG_COUNT.width == 16);

impl Default for InputGen {
    fn default() -> Self {
        let c8 = |v: u32| Constant::new(Bits::<8>::from(u64::from(v)));
        Self {
            clock: Default::default(),
            reset: Default::default(),
            host_we: Default::default(),
            host_addr: Default::default(),
            host_data: Default::default(),
            reg_we: Default::default(),
            reg_data: Default::default(),
            list_we: Default::default(),
            list_addr: Default::default(),
            list_data: Default::default(),
            sched_we: Default::default(),
            sched_addr: Default::default(),
            sched_data: Default::default(),
            t: Default::default(),
            start: Default::default(),
            busy: Default::default(),
            armed: Default::default(),
            ev_valid: Default::default(),
            ev_addr: Default::default(),
            ev_inj: Default::default(),
            ev_value: Default::default(),
            ev_ready: Default::default(),
            ram: BlockRam::new(std::iter::empty(), None),
            list_ram: BlockRam::new(std::iter::empty(), None),
            sched_ram: BlockRam::new(std::iter::empty(), None),
            sched_len: Default::default(),
            sched_next: Default::default(),
            sched_due: Default::default(),
            reg_sched: Default::default(),
            sched_words: Constant::new(Bits::<QB1>::from(u64::from(SCHEDULE_WORDS))),
            sched_lsb: c8(REG_SCHEDULE.lsb),
            sched_neuron_lsb: c8(SCHED_NEURON.lsb),
            sched_value_lsb: c8(SCHED_VALUE.lsb),
            present: Constant::new(true),
            lists: Constant::new(true),
            walk: Default::default(),
            g: Default::default(),
            base: Default::default(),
            count: Default::default(),
            reg_count: Default::default(),
            x1: Default::default(),
            x2: Default::default(),
            x3: Default::default(),
            spike: Default::default(),
            after_entry: Default::default(),
            rd_state: Default::default(),
            rd_p16: Default::default(),
            rd_countdown: Default::default(),
            rd_list: Default::default(),
            cnt_zero: Default::default(),
            gap: Default::default(),
            next_state: Default::default(),
            next_enabled: Default::default(),
            keep_mask: Constant::new(Bits::<ENTRY_W>::from(
                ((1u128 << ENTRY_W) - 1) as u64 & !0xFFFF_FFFFu64 & !(1u64 << ENABLED.lsb),
            )),
            list_keep_mask: Constant::new(Bits::<ENTRY_W>::from(
                ((1u128 << ENTRY_W) - 1) as u64
                    & !0xFFFF_FFFFu64
                    & !(((1u64 << P16.width) - 1) << P16.lsb)
                    & !(1u64 << ENABLED.lsb),
            )),
            entries: Constant::new(Bits::<GB1>::from(u64::from(ENTRIES))),
            p16_lsb: c8(P16.lsb),
            enabled_lsb: c8(ENABLED.lsb),
            kind_lsb: c8(KIND.lsb),
            count_lsb: c8(REG_COUNT.lsb),
            base_lsb: c8(REG_BASE.lsb),
            sh13: c8(Xorshift32::SHIFTS[0]),
            sh17: c8(Xorshift32::SHIFTS[1]),
            sh5: c8(Xorshift32::SHIFTS[2]),
        }
    }
}

impl InputGen {
    /// The block, or (`present` false) a stand-in whose outputs are constant: no walk, no event;
    /// with the list memory or (`lists` false) without it.
    pub fn new(present: bool, lists: bool) -> Self {
        Self {
            present: Constant::new(present),
            lists: Constant::new(present && lists),
            ..Default::default()
        }
    }
}

impl Logic for InputGen {
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(self, clock, walk, g, base, count, sched_len, sched_next);
        self.ram.clock.next = self.clock.val();
        self.list_ram.clock.next = self.clock.val();
        self.list_ram.write_address.next = self.list_addr.val();
        self.list_ram.write_data.next = self.list_data.val();
        self.list_ram.write_enable.next = self.list_we.val() && self.lists.val();
        self.sched_ram.clock.next = self.clock.val();
        self.sched_ram.write_address.next = self.sched_addr.val();
        self.sched_ram.write_data.next = self.sched_data.val();
        self.sched_ram.write_enable.next = self.sched_we.val() && self.lists.val();

        // Host writes: entries, and the register word (`count` clamped to `ENTRIES`).
        self.ram.write_address.next = self.host_addr.val();
        self.ram.write_data.next = self.host_data.val();
        self.ram.write_enable.next = self.host_we.val() && self.present.val();
        self.reg_count.next = self
            .reg_data
            .val()
            .get_bits::<16>(self.count_lsb.val().index());
        self.reg_sched.next = self
            .reg_data
            .val()
            .get_bits::<16>(self.sched_lsb.val().index());
        if self.reg_we.val() {
            self.base.d.next = self
                .reg_data
                .val()
                .get_bits::<AER_IN_ADDR_W>(self.base_lsb.val().index());
            self.count.d.next = self.reg_count.val().get_bits::<GB1>(0);
            if self.reg_count.val() > bit_cast::<16, GB1>(self.entries.val()) {
                self.count.d.next = self.entries.val();
            }
            // The schedule's length (clamped), restarted at word 0.
            self.sched_next.d.next = 0.into();
            self.sched_len.d.next = self.reg_sched.val().get_bits::<QB1>(0);
            if self.reg_sched.val() > bit_cast::<16, QB1>(self.sched_words.val()) {
                self.sched_len.d.next = self.sched_words.val();
            }
        }

        // The entry on the read port: a rate entry draws (xorshift32, then `(x >> 16) < p16`), a
        // countdown or list entry spikes at 0; the gap its pointer addresses is read meanwhile.
        self.ram.read_address.next = self.g.q.val().get_bits::<GB>(0);
        self.rd_state.next = self.ram.read_data.val().get_bits::<32>(0);
        self.rd_p16.next = self
            .ram
            .read_data
            .val()
            .get_bits::<17>(self.p16_lsb.val().index());
        // Without the list memory the kind's high bit is not kept: 2 acts as 0, 3 as 1.
        self.rd_list.next = self
            .ram
            .read_data
            .val()
            .get_bit(self.kind_lsb.val().index() + 1)
            && self.lists.val();
        self.rd_countdown.next = self
            .ram
            .read_data
            .val()
            .get_bit(self.kind_lsb.val().index())
            && !self.rd_list.val();
        self.list_ram.read_address.next = self.rd_p16.val().get_bits::<LB>(0);
        self.gap.next = self.list_ram.read_data.val();
        // The schedule's next word.
        self.sched_ram.read_address.next = self.sched_next.q.val().get_bits::<QB>(0);
        self.sched_due.next = (self.sched_next.q.val() < self.sched_len.q.val())
            && (self.sched_ram.read_data.val().get_bits::<32>(0) == self.t.val());
        self.x1.next = self.rd_state.val() ^ (self.rd_state.val() << self.sh13.val());
        self.x2.next = self.x1.val() ^ (self.x1.val() >> self.sh17.val());
        self.x3.next = self.x2.val() ^ (self.x2.val() << self.sh5.val());
        self.cnt_zero.next = !self.rd_state.val().any();
        self.spike.next = self
            .ram
            .read_data
            .val()
            .get_bit(self.enabled_lsb.val().index())
            && ((!self.rd_countdown.val()
                && !self.rd_list.val()
                && (bit_cast::<17, 16>(self.x3.val().get_bits::<16>(16)) < self.rd_p16.val()))
                || ((self.rd_countdown.val() || self.rd_list.val()) && self.cnt_zero.val()));
        // The state written back: the draw; or the countdown's next count, `period - 1` after a
        // spike (a period of 0 keeps the state and clears `enabled`: the entry spiked once).
        self.next_state.next = self.x3.val();
        self.next_enabled.next = true;
        if self.rd_countdown.val() || self.rd_list.val() {
            self.next_state.next = self.rd_state.val() - 1;
            if self.cnt_zero.val() {
                self.next_state.next = self.rd_state.val();
                if self.rd_p16.val().any() {
                    self.next_state.next = bit_cast::<32, 17>(self.rd_p16.val() - 1);
                } else {
                    self.next_enabled.next = false;
                }
            }
        }
        // Offered in `Draw` (a statement of its own, apart from the one that reads `ev_ready`, so
        // that Verilator sees no loop through `HostLink`).
        self.ev_valid.next = ((self.walk.q.val() == Walk::Draw) && self.spike.val())
            || (self.lists.val() && (self.walk.q.val() == Walk::SCheck) && self.sched_due.val());
        self.ev_addr.next = self.base.q.val() + bit_cast::<AER_IN_ADDR_W, GB1>(self.g.q.val());
        self.ev_inj.next = false;
        self.ev_value.next = 0.into();
        if self.lists.val() && (self.walk.q.val() == Walk::SCheck) {
            self.ev_inj.next = true;
            self.ev_addr.next = self
                .sched_ram
                .read_data
                .val()
                .get_bits::<AER_IN_ADDR_W>(self.sched_neuron_lsb.val().index());
            self.ev_value.next = self
                .sched_ram
                .read_data
                .val()
                .get_bits::<16>(self.sched_value_lsb.val().index());
        }
        self.busy.next = self.walk.q.val() != Walk::Idle;
        self.armed.next = (self.count.q.val().any()
            || (self.lists.val() && self.sched_len.q.val().any()))
            && self.present.val();
        self.after_entry.next = Walk::Read;
        if (self.g.q.val() + 1) == self.count.q.val() {
            self.after_entry.next = Walk::Idle;
        }

        // An `if` chain rather than a `match`: Verilator splits the statements of an `if` apart
        // (so `ev_valid` above stays free of `ev_ready`), not those of a `case`.
        if self.walk.q.val() == Walk::Idle {
            // (`armed`'s condition written out: reading the output here, or a local that both
            // share, joins its statement to this one, which reads `ev_ready`, and Verilator sees
            // a loop through `HostLink`.)
            if self.start.val()
                && self.present.val()
                && (self.count.q.val().any() || (self.lists.val() && self.sched_len.q.val().any()))
            {
                self.g.d.next = 0.into();
                self.walk.d.next = Walk::Read;
                if self.lists.val() && self.sched_len.q.val().any() {
                    self.walk.d.next = Walk::SRead;
                }
            }
        } else if self.lists.val() && (self.walk.q.val() == Walk::SRead) {
            self.walk.d.next = Walk::SCheck;
        } else if self.lists.val() && (self.walk.q.val() == Walk::SCheck) {
            // A due injection, once taken, moves the schedule on; the first word not due ends it.
            if self.sched_due.val() {
                if self.ev_ready.val() {
                    self.sched_next.d.next = self.sched_next.q.val() + 1;
                    self.walk.d.next = Walk::SRead;
                }
            } else {
                self.walk.d.next = Walk::Idle;
                if self.count.q.val().any() {
                    self.walk.d.next = Walk::Read;
                }
            }
        } else if self.walk.q.val() == Walk::Read {
            self.walk.d.next = Walk::Draw;
        } else if self.lists.val() && (self.walk.q.val() == Walk::Gap) {
            // The list entry's next gap: restart from `gap - 1` with the pointer one on, or at the
            // list's end switch off (state and pointer kept).
            self.ram.write_address.next = self.g.q.val().get_bits::<GB>(0);
            self.ram.write_data.next = self.ram.read_data.val()
                & !(bit_cast::<ENTRY_W, 1>(true.into()) << self.enabled_lsb.val());
            if self.gap.val().any() {
                self.ram.write_data.next = (self.ram.read_data.val() & self.list_keep_mask.val())
                    | bit_cast::<ENTRY_W, 32>(self.gap.val() - 1)
                    | (bit_cast::<ENTRY_W, 17>(self.rd_p16.val() + 1) << self.p16_lsb.val())
                    | (bit_cast::<ENTRY_W, 1>(true.into()) << self.enabled_lsb.val());
            }
            self.ram.write_enable.next = true;
            self.g.d.next = self.g.q.val() + 1;
            self.walk.d.next = self.after_entry.val();
        } else if (self.walk.q.val() == Walk::Draw)
            && self.spike.val()
            && self.ev_ready.val()
            && self.rd_list.val()
        {
            self.walk.d.next = Walk::Gap;
        } else if (self.walk.q.val() == Walk::Draw) && (!self.spike.val() || self.ev_ready.val()) {
            if self
                .ram
                .read_data
                .val()
                .get_bit(self.enabled_lsb.val().index())
            {
                self.ram.write_address.next = self.g.q.val().get_bits::<GB>(0);
                self.ram.write_data.next = (self.ram.read_data.val() & self.keep_mask.val())
                    | bit_cast::<ENTRY_W, 32>(self.next_state.val())
                    | (bit_cast::<ENTRY_W, 1>(self.next_enabled.val().into())
                        << self.enabled_lsb.val());
                self.ram.write_enable.next = true;
            }
            self.g.d.next = self.g.q.val() + 1;
            self.walk.d.next = self.after_entry.val();
        }

        if self.reset.val() || !self.present.val() {
            self.walk.d.next = Walk::Idle;
            self.base.d.next = 0.into();
            self.count.d.next = 0.into();
            self.sched_len.d.next = 0.into();
            self.sched_next.d.next = 0.into();
        }
    }
}
