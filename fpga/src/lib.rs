//! Board builds of the Flux core and its gate-level netlist.
//!
//! - [`board`]: the boards (iCEBreaker, ULX3S): chip, clock, UART pins, constraint files.
//! - [`clock`]: the board top's clock for a line rate (the oscillator, or an ECP5 PLL).
//! - [`contract`]: the core's host-interface ports (`hdl/README.md`), as the board top wires them.
//! - [`top`]: the board top around the core.
//! - [`tools`]: finding (or, for the ECP5, installing) yosys, nextpnr and the bitstream packers.
//! - [`flow`]: synthesis, place and route, packing; the gate-level netlist for cosimulation.
//! - [`report`]: resources, Fmax and the timing verdict of a build.

pub mod board;
pub mod clock;
pub mod contract;
pub mod flow;
pub mod report;
pub mod tools;
pub mod top;
