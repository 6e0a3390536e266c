//! The Flux core hardware in rust-hdl: one module per block (see `hdl/README.md`).
//!
//! The files show the architecture: `core/` holds the core (`flux_core_<preset>`) and its blocks,
//! `board/` the board top (`flux_board_<preset>`) that puts the core behind a UART host link, and
//! `emit.rs` writes the Verilog. The module paths stay flat (`flux_hdl::neuron_core`, ...).

// The core and its blocks.
#[path = "core/controller.rs"]
pub mod controller;
#[path = "core/core_top.rs"]
pub mod core_top;
#[path = "core/cuba_datapath.rs"]
pub mod cuba_datapath;
#[path = "core/flux_datapath.rs"]
pub mod flux_datapath;
#[path = "core/host_interface.rs"]
pub mod host_interface;
#[path = "core/izh_datapath.rs"]
pub mod izh_datapath;
#[path = "core/memory.rs"]
pub mod memory;
#[path = "core/neuron_core.rs"]
pub mod neuron_core;
#[path = "core/noise_gen.rs"]
pub mod noise_gen;
#[path = "core/stdp_tail.rs"]
pub mod stdp_tail;
#[path = "core/synapse_router.rs"]
pub mod synapse_router;
#[path = "core/xylo_datapath.rs"]
pub mod xylo_datapath;

// The board top and its blocks.
#[path = "board/board_top.rs"]
pub mod board_top;
#[path = "board/host_link.rs"]
pub mod host_link;
#[path = "board/input_gen.rs"]
pub mod input_gen;
#[path = "board/uart.rs"]
pub mod uart;

#[path = "chip/chip_board.rs"]
pub mod chip_board;
#[path = "chip/chip_top.rs"]
pub mod chip_top;

pub mod emit;
