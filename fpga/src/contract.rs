//! The host interface of `flux_core_<preset>` as the board top sees it: the port table of
//! `hdl/README.md` ("Host interface"), which is the contract between `hdl/`, `testbenches/` and
//! `fpga/`. A test checks this table against the ports yosys reads from the design
//! ([`crate::flow::design_ports`]), so a drift in either fails the suite.

/// A port's direction, seen from the core.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dir {
    In,
    Out,
}

/// One port of the core.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Port {
    pub name: &'static str,
    pub dir: Dir,
    pub width: u32,
}

const fn port(name: &'static str, dir: Dir, width: u32) -> Port {
    Port { name, dir, width }
}

/// The clock port, driven by the board oscillator.
pub const CLOCK: &str = "clock";

/// Every port of the contract, in `hdl/README.md`'s order.
pub const PORTS: [Port; 19] = [
    port(CLOCK, Dir::In, 1),
    port("cfg_we", Dir::In, 1),
    port("cfg_mem", Dir::In, 3),
    port("cfg_addr", Dir::In, 32),
    port("cfg_data", Dir::In, 128),
    port("aer_in_valid", Dir::In, 1),
    port("aer_in_ready", Dir::Out, 1),
    port("aer_in_inj", Dir::In, 1),
    port("aer_in_addr", Dir::In, 16),
    port("aer_in_value", Dir::In, 16),
    port("tick", Dir::In, 1),
    port("busy", Dir::Out, 1),
    port("aer_out_valid", Dir::Out, 1),
    port("aer_out_addr", Dir::Out, 16),
    port("aer_out_t", Dir::Out, 32),
    port("t", Dir::Out, 32),
    port("dbg_mem", Dir::In, 3),
    port("dbg_addr", Dir::In, 32),
    port("dbg_data", Dir::Out, 128),
];

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_readme_table_is_the_contract() {
        // Every row of the table in hdl/README.md is `| name | dir | width | ... |`: compare names,
        // directions and widths, row for row.
        let readme = include_str!("../../hdl/README.md");
        let rows: Vec<(String, String, u32)> = readme
            .lines()
            .filter_map(|l| {
                let cells: Vec<&str> = l.split('|').map(str::trim).collect();
                let name = cells.get(1)?.strip_prefix('`')?.strip_suffix('`')?;
                let dir = *cells.get(2)?;
                let width = cells.get(3)?.parse().ok()?;
                Some((name.to_string(), dir.to_string(), width))
            })
            .collect();
        let ours: Vec<(String, String, u32)> = PORTS
            .iter()
            .map(|p| {
                (
                    p.name.to_string(),
                    if p.dir == Dir::In { "in" } else { "out" }.to_string(),
                    p.width,
                )
            })
            .collect();
        assert_eq!(rows, ours);
    }
}
