//! The memory primitives of the Flux core: a simple dual-port block RAM, the synapse memory (one
//! shared port or two) and a small register file.
//!
//! All are written as explicit Verilog templates (like rust-hdl's own `RAM`) rather than with
//! rust-hdl's `RAM` widget, for two reasons: they take an optional `$readmemh` init file (so a
//! board boots into a network, `emit::emit_with_image`), and the Verilog is the plain template that
//! yosys maps to iCE40 `SB_RAM40_4K` (`BlockRam`), to the UP5K's `SB_SPRAM256KA` with
//! `synth_ice40 -spram` (`SynapseRam` with `RamPorts::Shared`), or to logic (`RegFile`,
//! asynchronous read).
//! The simulation models below implement exactly the Verilog semantics.

use rust_hdl::prelude::*;
use std::collections::BTreeMap;

/// Simple dual-port block RAM of `2^A` words of type `D`, one clock.
///
/// Latency: the word at `read_address` (sampled at an edge) appears on `read_data` after that edge.
/// A read and a write of the same address at one edge return the *old* word in simulation and in
/// Verilog; the FPGA flow synthesises with `-no-rw-check` (don't-care), so the core never depends on
/// that case (see the read-during-write notes in `core_top.rs` and `synapse_router.rs`).
#[derive(LogicBlock, Default)]
pub struct BlockRam<D: Synth, const A: usize> {
    /// Clock of both ports.
    pub clock: Signal<In, Clock>,
    /// Read address, sampled at the edge.
    pub read_address: Signal<In, Bits<A>>,
    /// The word read at the previous edge.
    pub read_data: Signal<Out, D>,
    /// Write address, sampled at the edge.
    pub write_address: Signal<In, Bits<A>>,
    /// Word written at the edge when `write_enable` is high.
    pub write_data: Signal<In, D>,
    /// Write strobe.
    pub write_enable: Signal<In, bool>,
    _contents: BTreeMap<u64, D>,
    _init_file: Option<String>,
}

impl<D: Synth, const A: usize> BlockRam<D, A> {
    /// A RAM whose simulation contents are `words` (address order) and whose Verilog loads
    /// `init_file` with `$readmemh` when given.
    pub fn new(words: impl IntoIterator<Item = D>, init_file: Option<String>) -> Self {
        Self {
            _contents: by_address(words),
            _init_file: init_file,
            ..Default::default()
        }
    }

    /// The simulated word at `address` (tests and debug).
    pub fn peek(&self, address: u64) -> D {
        self._contents.get(&address).copied().unwrap_or_default()
    }
}

/// A memory's simulation contents: `words` in address order.
fn by_address<D>(words: impl IntoIterator<Item = D>) -> BTreeMap<u64, D> {
    words
        .into_iter()
        .enumerate()
        .map(|(a, w)| (a as u64, w))
        .collect()
}

fn init_block(init_file: &Option<String>) -> String {
    match init_file {
        Some(f) => format!("initial begin\n   $readmemh(\"{f}\", mem);\nend\n"),
        None => String::new(),
    }
}

/// The Verilog of a memory of `2^A` words of `D`: the array `mem`, loaded from `init_file` when
/// given, then `ports`, the always blocks that read and write it.
fn memory_verilog<D: Synth, const A: usize>(init_file: &Option<String>, ports: &str) -> Verilog {
    Verilog::Custom(format!(
        "reg [{msb}:0] mem [0:{last}];\n{init}\n{ports}",
        msb = D::BITS - 1,
        last = (1u64 << A) - 1,
        init = init_block(init_file)
    ))
}

/// The write port of `BlockRam`, `SynapseRam` with `RamPorts::ReadAndWrite` and `RegFile`.
const WRITE_PORT: &str = "\
always @(posedge clock) begin
   if (write_enable) begin
      mem[write_address] <= write_data;
   end
end
";

/// A synchronous read port and a write port on one clock (`BlockRam`, `RamPorts::ReadAndWrite`).
fn read_and_write_ports() -> String {
    format!(
        "always @(posedge clock) begin\n   read_data <= mem[read_address];\nend\n\n{WRITE_PORT}"
    )
}

impl<D: Synth, const A: usize> Logic for BlockRam<D, A> {
    fn update(&mut self) {
        if self.clock.pos_edge() {
            let ra = self.read_address.val().to_u64();
            self.read_data.next = self._contents.get(&ra).copied().unwrap_or_default();
            if self.write_enable.val() {
                self._contents
                    .insert(self.write_address.val().to_u64(), self.write_data.val());
            }
        }
    }

    fn connect(&mut self) {
        self.read_data.connect();
    }

    fn hdl(&self) -> Verilog {
        memory_verilog::<D, A>(&self._init_file, &read_and_write_ports())
    }

    fn timing(&self) -> Vec<TimingInfo> {
        vec![
            TimingInfo {
                name: "bram_read".into(),
                clock: "clock".into(),
                inputs: vec!["read_address".into()],
                outputs: vec!["read_data".into()],
            },
            TimingInfo {
                name: "bram_write".into(),
                clock: "clock".into(),
                inputs: vec![
                    "write_address".into(),
                    "write_data".into(),
                    "write_enable".into(),
                ],
                outputs: vec![],
            },
        ]
    }
}

/// How [`SynapseRam`] is built: one port shared by reads and writes, or a read port and a write port.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RamPorts {
    /// One address for the read and the write: at an edge with `write_enable` high, `write_data`
    /// is written at `write_address` and `read_data` keeps its value; at any other edge the word at
    /// `read_address` is read. This is the "no change" port of the iCE40 UP5K's 16k x 16
    /// `SB_SPRAM256KA` (yosys 0.23 `ice40/spram.txt`: `rdwr no_change`), so `synth_ice40 -spram`
    /// infers SPRAMs from this template without bypass logic (checked in `hdl/tests/emit.rs`). The
    /// SPRAM has no power-up contents: with an init file yosys cannot use it and builds the memory
    /// from block RAM instead.
    #[default]
    Shared,
    /// A read port and a write port, as [`BlockRam`]: one read and one write at every edge (a
    /// read of the address the same edge writes returns the old word, and is don't-care with
    /// `-no-rw-check`). Block RAM only: the learning unit reads one synapse and writes another in
    /// every cycle (`stdp_tail.rs`).
    ReadAndWrite,
}

/// The synapse memory: `2^A` words of type `D`, one clock, built with one shared port (to fit the
/// UP5K's SPRAMs, for presets without learning) or with a read and a write port (block RAM, for the
/// learning unit's one synapse per clock), as [`RamPorts`] says. The ports are the same either way;
/// with `Shared` the user never needs a read at an edge that writes.
///
/// Latency: the word at `read_address` (sampled at an edge) appears on `read_data` after that edge.
#[derive(LogicBlock, Default)]
pub struct SynapseRam<D: Synth, const A: usize> {
    /// Clock.
    pub clock: Signal<In, Clock>,
    /// Read address, sampled at the edge.
    pub read_address: Signal<In, Bits<A>>,
    /// The word read at the last edge that read.
    pub read_data: Signal<Out, D>,
    /// Write address, sampled at the edge.
    pub write_address: Signal<In, Bits<A>>,
    /// Word written at the edge when `write_enable` is high.
    pub write_data: Signal<In, D>,
    /// Write strobe (with `RamPorts::Shared`, no read at that edge).
    pub write_enable: Signal<In, bool>,
    _contents: BTreeMap<u64, D>,
    _init_file: Option<String>,
    _ports: RamPorts,
}

impl<D: Synth, const A: usize> SynapseRam<D, A> {
    /// A RAM built as `ports` says, whose simulation contents are `words` (address order) and whose
    /// Verilog loads `init_file` with `$readmemh` when given.
    pub fn new(
        ports: RamPorts,
        words: impl IntoIterator<Item = D>,
        init_file: Option<String>,
    ) -> Self {
        Self {
            _contents: by_address(words),
            _init_file: init_file,
            _ports: ports,
            ..Default::default()
        }
    }

    /// The simulated word at `address` (tests and debug).
    pub fn peek(&self, address: u64) -> D {
        self._contents.get(&address).copied().unwrap_or_default()
    }
}

impl<D: Synth, const A: usize> Logic for SynapseRam<D, A> {
    fn update(&mut self) {
        if self.clock.pos_edge() {
            let we = self.write_enable.val();
            if !we || self._ports == RamPorts::ReadAndWrite {
                let ra = self.read_address.val().to_u64();
                self.read_data.next = self._contents.get(&ra).copied().unwrap_or_default();
            }
            if we {
                self._contents
                    .insert(self.write_address.val().to_u64(), self.write_data.val());
            }
        }
    }

    fn connect(&mut self) {
        self.read_data.connect();
    }

    fn hdl(&self) -> Verilog {
        let ports = match self._ports {
            RamPorts::Shared => format!(
                "\
wire [{amsb}:0] address = write_enable ? write_address : read_address;
always @(posedge clock) begin
   if (write_enable) begin
      mem[address] <= write_data;
   end else begin
      read_data <= mem[address];
   end
end
",
                amsb = A - 1
            ),
            RamPorts::ReadAndWrite => read_and_write_ports(),
        };
        memory_verilog::<D, A>(&self._init_file, &ports)
    }

    fn timing(&self) -> Vec<TimingInfo> {
        vec![TimingInfo {
            name: "synapse_ram_access".into(),
            clock: "clock".into(),
            inputs: vec![
                "read_address".into(),
                "write_address".into(),
                "write_data".into(),
                "write_enable".into(),
            ],
            outputs: vec!["read_data".into()],
        }]
    }
}

/// Register file of `2^A` words: synchronous write, asynchronous (combinational) read. For small
/// tables read in the same cycle as the word that indexes them (the profile table); yosys builds it
/// from flip-flops and multiplexers, never from block RAM.
#[derive(LogicBlock, Default)]
pub struct RegFile<D: Synth, const A: usize> {
    /// Write clock.
    pub clock: Signal<In, Clock>,
    /// Read address (combinational).
    pub read_address: Signal<In, Bits<A>>,
    /// The word at `read_address`, in the same cycle.
    pub read_data: Signal<Out, D>,
    /// Write address, sampled at the edge.
    pub write_address: Signal<In, Bits<A>>,
    /// Word written at the edge when `write_enable` is high.
    pub write_data: Signal<In, D>,
    /// Write strobe.
    pub write_enable: Signal<In, bool>,
    _contents: BTreeMap<u64, D>,
    _init_file: Option<String>,
}

impl<D: Synth, const A: usize> RegFile<D, A> {
    /// A register file holding `words` (address order), loaded from `init_file` in Verilog when given.
    pub fn new(words: impl IntoIterator<Item = D>, init_file: Option<String>) -> Self {
        Self {
            _contents: by_address(words),
            _init_file: init_file,
            ..Default::default()
        }
    }
}

impl<D: Synth, const A: usize> Logic for RegFile<D, A> {
    fn update(&mut self) {
        if self.clock.pos_edge() && self.write_enable.val() {
            self._contents
                .insert(self.write_address.val().to_u64(), self.write_data.val());
        }
        let ra = self.read_address.val().to_u64();
        self.read_data.next = self._contents.get(&ra).copied().unwrap_or_default();
    }

    fn connect(&mut self) {
        self.read_data.connect();
    }

    fn hdl(&self) -> Verilog {
        memory_verilog::<D, A>(
            &self._init_file,
            &format!("always @(*) begin\n   read_data = mem[read_address];\nend\n\n{WRITE_PORT}"),
        )
    }

    fn timing(&self) -> Vec<TimingInfo> {
        vec![TimingInfo {
            name: "regfile_write".into(),
            clock: "clock".into(),
            inputs: vec![
                "write_address".into(),
                "write_data".into(),
                "write_enable".into(),
            ],
            outputs: vec![],
        }]
    }
}
