//! The host interface of `flux_core_<preset>`, declared once: [`flux_sim::spec::host::PORTS`]
//! (name, direction seen from the core, width), in the model crate because `flux-fpga`, which
//! checks the board flows against it, does not depend on this crate. Its two rust-hdl users are
//! `FluxCore` (`core_top.rs`) and `HostLink` (`host_link.rs`, the same ports mirrored, less
//! [`NOT_ON_HOST_LINK`]); `hdl/README.md` documents it.
//!
//! **Why a table and a check, not a shared rust-hdl interface.** rust-hdl's `LogicInterface` would
//! declare the bundle once, but it names the Verilog ports `iface$field`, and the emitted port
//! names (`cfg_we`, ..., `dbg_data`) are the contract with the Verilator shims
//! (`testbenches/shim/*.cpp`) and the FPGA flows, so they must stay as they are. A macro cannot
//! write the fields either (struct fields cannot come from a macro call, and `#[derive(LogicBlock)]`
//! must see them). So both blocks declare their ports as plain fields, each with its `///` line,
//! and [`ports`] reads them back through rust-hdl's own introspection (the `Probe` the Verilog
//! generator uses): the tests below fail unless `FluxCore`'s ports are the table, row for row
//! (name, direction, width, order), `HostLink`'s core-side ports are the table mirrored, and
//! `hdl/README.md`'s table is the table. The widths of the Rust fields are written from the
//! table's constants (`spec::host::MEM_BITS` and so on) where a port has a named width.

use flux_sim::spec::host::{self, Dir};
pub use flux_sim::spec::host::{NOT_ON_HOST_LINK, PORTS, Port};
use rust_hdl::prelude::*;

/// Width of `cfg_mem`/`dbg_mem`, as a `Bits` width.
pub const MEM_W: usize = host::MEM_BITS as usize;
/// Width of `cfg_addr`/`dbg_addr`.
pub const ADDR_W: usize = host::ADDR_BITS as usize;
/// Width of `cfg_data`/`dbg_data`.
pub const DATA_W: usize = host::DATA_BITS as usize;
/// Width of `aer_out_addr`.
pub const NEURON_ID_W: usize = host::NEURON_ID_BITS as usize;
/// Width of `t`/`aer_out_t`.
pub const T_W: usize = host::T_BITS as usize;
/// Width of `aer_in_addr`.
pub const AER_IN_ADDR_W: usize = host::AER_IN_ADDR.width as usize;
/// Width of `aer_in_value`.
pub const AER_IN_VALUE_W: usize = host::AER_IN_VALUE.width as usize;

/// The direction the other end of a port sees.
pub fn mirror(dir: Dir) -> Dir {
    match dir {
        Dir::In => Dir::Out,
        Dir::Out => Dir::In,
    }
}

/// One port of a block as rust-hdl sees it: name, direction, width.
pub type BlockPort = (String, Dir, u32);

/// The ports of `block` (its own `In`/`Out` signals, not those of its sub-blocks), in declaration
/// order, as the Verilog generator emits them.
pub fn ports(block: &dyn Block) -> Vec<BlockPort> {
    struct Ports {
        depth: usize,
        found: Vec<BlockPort>,
    }
    impl Probe for Ports {
        fn visit_start_scope(&mut self, _name: &str, _node: &dyn Block) {
            self.depth += 1;
        }
        fn visit_end_scope(&mut self, _name: &str, _node: &dyn Block) {
            self.depth -= 1;
        }
        fn visit_atom(&mut self, name: &str, signal: &dyn Atom) {
            let dir = match signal.kind() {
                AtomKind::InputParameter => Dir::In,
                AtomKind::OutputParameter => Dir::Out,
                _ => return,
            };
            if self.depth == 1 {
                self.found
                    .push((name.to_string(), dir, signal.bits() as u32));
            }
        }
    }
    let mut probe = Ports {
        depth: 0,
        found: Vec::new(),
    };
    block.accept("top", &mut probe);
    probe.found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core_top::FluxCoreSmall;
    use crate::host_link::HostLink;
    use crate::uart::{MIN_CLOCKS_PER_BIT, UartConfig};
    use flux_sim::spec::{self, host};

    fn table(ports: &[Port]) -> Vec<BlockPort> {
        ports
            .iter()
            .map(|p| (p.name.to_string(), p.dir, p.width))
            .collect()
    }

    #[test]
    fn the_core_has_the_table_ports() {
        let core = FluxCoreSmall::new(&spec::SMALL).unwrap();
        assert_eq!(ports(&core), table(&PORTS));
    }

    #[test]
    fn the_host_link_has_the_table_ports_mirrored() {
        let link = HostLink::<8, 9>::new(UartConfig::new(MIN_CLOCKS_PER_BIT).unwrap());
        let board_side = ["rx", "tx"];
        let got: Vec<BlockPort> = ports(&link)
            .into_iter()
            .filter(|(name, ..)| !board_side.contains(&name.as_str()))
            .collect();
        // The clock and the reset are inputs of both; every other port is seen from the other end.
        let want: Vec<BlockPort> = PORTS
            .iter()
            .filter(|p| !NOT_ON_HOST_LINK.contains(p))
            .map(|p| {
                let dir = if *p == host::CLOCK || *p == host::RESET {
                    p.dir
                } else {
                    mirror(p.dir)
                };
                (p.name.to_string(), dir, p.width)
            })
            .collect();
        assert_eq!(got, want);
    }

    /// The rows of the first table in `doc` whose header starts `| port | dir | width |`, as
    /// (name, dir, width, the cells after the width).
    fn doc_port_rows(doc: &str) -> Vec<(String, String, u32, Vec<String>)> {
        let lines = doc
            .lines()
            .skip_while(|l| !l.replace(' ', "").starts_with("|port|dir|width|"))
            .skip(2);
        let mut rows = Vec::new();
        for l in lines.take_while(|l| l.starts_with('|')) {
            let cells: Vec<&str> = l.trim_matches('|').split('|').map(str::trim).collect();
            let name = cells[0].trim_matches('`').to_string();
            let width = cells[2]
                .parse()
                .unwrap_or_else(|_| panic!("{l:?}: width is not a number"));
            let rest = cells[3..].iter().map(|c| c.to_string()).collect();
            rows.push((name, cells[1].to_string(), width, rest));
        }
        rows
    }

    /// The table as doc rows: (name, `in`/`out`, width).
    fn table_rows() -> Vec<(String, String, u32)> {
        PORTS
            .iter()
            .map(|p| {
                let dir = if p.dir == Dir::In { "in" } else { "out" };
                (p.name.to_string(), dir.to_string(), p.width)
            })
            .collect()
    }

    #[test]
    fn the_readme_table_is_the_table() {
        // Every row of the table in hdl/README.md is `| name | dir | width | meaning |`: compare
        // names, directions and widths, row for row.
        let rows: Vec<(String, String, u32)> = doc_port_rows(include_str!("../../README.md"))
            .into_iter()
            .map(|(name, dir, width, _)| (name, dir, width))
            .collect();
        assert_eq!(rows, table_rows());
    }

    #[test]
    fn the_core_interface_table_is_the_table() {
        // docs/core_interface.md: `| port | dir | width | signed | valid | meaning |`, row for row;
        // the one signed port is the injection value, signed as the input-FIFO field it fills.
        let rows = doc_port_rows(include_str!("../../../docs/core_interface.md"));
        let names: Vec<(String, String, u32)> = rows
            .iter()
            .map(|(name, dir, width, _)| (name.clone(), dir.clone(), *width))
            .collect();
        assert_eq!(names, table_rows());
        for (port, (_, _, _, rest)) in PORTS.iter().zip(&rows) {
            let signed = *port == host::AER_IN_VALUE && spec::fifo::VALUE.signed;
            let want = if signed { "yes" } else { "no" };
            assert_eq!(rest[0], want, "signed column of `{}`", port.name);
        }
    }

    /// Every memory code of `spec::mem` with the name the docs give it.
    const MEMORIES: [(u32, &str); 8] = {
        use spec::mem;
        [
            (mem::PROFILES, "profile table"),
            (mem::STATE, "neuron state"),
            (mem::FANOUT, "fan-out table"),
            (mem::SYNAPSES, "synapse memory"),
            (mem::REGISTERS, "registers"),
            (mem::RING, "dendritic ring"),
            (mem::LEARN_RULES, "learning rule words"),
            (mem::LEARN_TABLE, "learning table"),
        ]
    };

    /// Every register of `spec::reg` with its name.
    const REGISTERS: [(u32, &str); 7] = {
        use spec::reg;
        [
            (reg::N_NEURONS, "n_neurons"),
            (reg::LEARN_EN, "learn_en"),
            (reg::SWEEP_LEN, "sweep_len"),
            (reg::SWEEP_STEP, "sweep_step"),
            (reg::T, "t"),
            (reg::NOISE, "noise"),
            (reg::NOISE_BITS, "noise_bits"),
        ]
    };

    #[test]
    fn the_readme_memory_codes_are_the_spec() {
        // The `cfg_mem` row names every code of `spec::mem` and every register of `spec::reg`:
        // "0 profile table, 1 neuron state (...), ..., 4 registers (addr 0: `n_neurons`, ...".
        let readme = include_str!("../../README.md");
        let row = readme
            .lines()
            .find(|l| l.starts_with("| `cfg_mem` |"))
            .expect("hdl/README.md has a cfg_mem row");
        for (code, name) in MEMORIES {
            assert!(row.contains(&format!("{code} {name}")), "{code} {name}");
        }
        for (addr, name) in REGISTERS {
            assert!(row.contains(&format!("{addr}: `{name}`")), "{addr}: {name}");
        }
    }

    #[test]
    fn the_core_interface_memory_codes_are_the_spec() {
        // docs/core_interface.md: one row `| code | name | ...` per memory, in code order; the
        // registers row names each register as "ADDR `name`".
        let doc = include_str!("../../../docs/core_interface.md");
        let rows: Vec<(u32, &str)> = doc
            .lines()
            .skip_while(|l| !l.replace(' ', "").starts_with("|code|memory|"))
            .skip(2)
            .take_while(|l| l.starts_with('|'))
            .map(|l| {
                let cells: Vec<&str> = l.trim_matches('|').split('|').map(str::trim).collect();
                (cells[0].parse().expect("a memory code"), cells[1])
            })
            .collect();
        assert_eq!(rows, MEMORIES);
        let registers = doc
            .lines()
            .find(|l| l.starts_with(&format!("| {} | registers |", spec::mem::REGISTERS)))
            .expect("a registers row");
        for (addr, name) in REGISTERS {
            assert!(
                registers.contains(&format!("{addr} `{name}`")),
                "{addr} {name}"
            );
        }
    }
}
