//! The host interface of `flux_core_<preset>` as the board top sees it: the contract between
//! `hdl/`, `testbenches/` and `fpga/`, declared once in `flux_sim::spec::host` (the hardware's
//! ports and `hdl/README.md`'s table are tested against it in `hdl/src/core/host_interface.rs`). A test
//! checks it against the ports yosys reads from a design ([`crate::flow::design_ports`]).

pub use flux_sim::spec::host::{Dir, PORTS, Port};

/// The clock port, driven by the board oscillator.
pub const CLOCK: &str = flux_sim::spec::host::CLOCK.name;

/// The ports other than the clock with the given direction, in table order.
pub fn data_ports(dir: Dir) -> impl Iterator<Item = Port> {
    PORTS
        .into_iter()
        .filter(move |p| p.dir == dir && p.name != CLOCK)
}

/// Total width of the non-clock ports with the given direction.
pub fn total_width(dir: Dir) -> u32 {
    data_ports(dir).map(|p| p.width).sum()
}
