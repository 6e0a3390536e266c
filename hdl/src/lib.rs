//! The Flux core hardware in rust-hdl: one module per block (see `hdl/README.md`).

pub mod board_top;
pub mod controller;
pub mod core_top;
pub mod emit;
pub mod host_interface;
pub mod host_link;
pub mod memory;
pub mod neuron_core;
pub mod stdp_tail;
pub mod synapse_router;
pub mod uart;
