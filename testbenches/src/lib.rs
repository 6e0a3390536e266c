//! Cosimulation of the Flux Verilog under Verilator, compared with the model every timestep.
//!
//! - [`verilate`]: builds a Verilated model with the C ABI shim into a shared library, on demand and
//!   cached by content hash under `<target>/flux-cosim/`.
//! - [`rtl`]: the built model behind a safe API ([`rtl::Rtl`]): load a core image, run whole
//!   timesteps, read state words.
//! - [`block`]: any one rust-hdl block alone under Verilator, its ports driven by name (a shim
//!   generated from its port list), for the block-level tests against the model's twins.
//! - [`board_rtl`]: a Verilated board top (`flux_board_<preset>`: pins `clock`, `rx`, `tx`), driven
//!   one clock at a time, for the host link (`docs/host_link.md`) in simulation.
//! - [`cosim`]: the model and the RTL in lockstep, compared every timestep; typed [`cosim::Mismatch`].
//! - [`golden`]: golden traces replayed against the RTL.
//! - [`interface`]: host-interface checks beyond running networks: memory round trips, undefined
//!   register writes.
//! - [`mutate`]: mutation testing of an emitted core (`flux mutate`): yosys mutants in one
//!   Verilated design behind `mutsel`, each run against the differential checks.
//! - [`random`]: seeded random networks and stimulus for differential testing.
//! - [`reset`]: the reset checks (`docs/model.md` §7.1), for the tests and `flux mutate`.
//! - [`sim_serial`]: a simulated serial line to a board top's UART pins, a host-link `Link`.

pub mod block;
pub mod board_rtl;
pub mod cosim;
pub mod golden;
pub mod interface;
pub mod mutate;
pub mod random;
pub mod reset;
pub mod rtl;
pub mod sim_serial;
pub mod verilate;
