//! The boards Flux builds for: chip, package, clock and the USB-UART pins, with their constraint
//! files (`fpga/icebreaker.pcf`, `fpga/ulx3s.lpf`, compiled into the binary so an installed `flux`
//! needs no source tree).

/// The FPGA family, which decides the tool chain.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Family {
    /// Lattice iCE40: Debian's yosys, nextpnr-ice40 and icestorm.
    Ice40,
    /// Lattice ECP5: the YoWASP builds of yosys and nextpnr-ecp5 (with ecppack) from PyPI.
    Ecp5,
}

/// One board.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Board {
    /// The name on the command line.
    pub name: &'static str,
    pub family: Family,
    /// The chip, for people.
    pub chip: &'static str,
    /// nextpnr's device and package arguments.
    pub nextpnr_args: &'static [&'static str],
    /// The board oscillator, the clock the core runs at.
    pub clock_mhz: u32,
    /// The constraint file's name (written beside the build products) and text.
    pub constraints_name: &'static str,
    pub constraints: &'static str,
    /// The board top's port names: the clock pin, the UART line into the FPGA and out of it, exactly
    /// as the constraint file names them.
    pub clock_port: &'static str,
    pub rx_port: &'static str,
    pub tx_port: &'static str,
    /// The button that resets the board top (`docs/host_link.md` §5): low while pressed on both
    /// boards, so the pin wrapper inverts it (after synchronising it).
    pub reset_button: &'static str,
}

/// iCEBreaker: iCE40UP5K-SG48, 12 MHz.
pub const ICEBREAKER: Board = Board {
    name: "icebreaker",
    family: Family::Ice40,
    chip: "iCE40UP5K-SG48",
    nextpnr_args: &["--up5k", "--package", "sg48"],
    clock_mhz: 12,
    constraints_name: "icebreaker.pcf",
    constraints: include_str!("../icebreaker.pcf"),
    clock_port: "clk_12mhz",
    rx_port: "rx",
    tx_port: "tx",
    reset_button: "BTN_N",
};

/// ULX3S: LFE5U-85F in the CABGA381 package, 25 MHz.
pub const ULX3S: Board = Board {
    name: "ulx3s",
    family: Family::Ecp5,
    chip: "LFE5U-85F-6BG381C",
    nextpnr_args: &["--85k", "--package", "CABGA381"],
    clock_mhz: 25,
    constraints_name: "ulx3s.lpf",
    constraints: include_str!("../ulx3s.lpf"),
    clock_port: "clk_25mhz",
    rx_port: "ftdi_txd",
    tx_port: "ftdi_rxd",
    reset_button: "btn_pwr_n",
};

/// Every supported board.
pub const BOARDS: [Board; 2] = [ICEBREAKER, ULX3S];

/// Looks a board up by name.
pub fn board(name: &str) -> Option<Board> {
    BOARDS.iter().copied().find(|b| b.name == name)
}

/// The board names, for error messages: `icebreaker, ulx3s`.
pub fn board_names() -> String {
    BOARDS.iter().map(|b| b.name).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The constraint file must name exactly the pin wrapper's four ports, or nextpnr either
    /// leaves a pin unplaced or (with `-nowarn`) silently ignores a typo.
    #[test]
    fn constraint_files_name_the_board_top_ports() {
        for b in BOARDS {
            for port in [b.clock_port, b.rx_port, b.tx_port, b.reset_button] {
                let named = b
                    .constraints
                    .lines()
                    .filter(|l| !l.trim_start().starts_with('#'))
                    .any(|l| {
                        l.split(|c: char| c.is_whitespace() || c == '"')
                            .any(|w| w == port)
                    });
                assert!(
                    named,
                    "{}: {} does not constrain port {port}",
                    b.name, b.constraints_name
                );
            }
        }
    }

    #[test]
    fn pins_match_the_board_files() {
        // iCEBreaker: clock 35, RX 6, TX 9, the user button 10 (icestorm's icebreaker.pcf).
        for (port, pin) in [
            ("clk_12mhz", "35"),
            ("rx", "6"),
            ("tx", "9"),
            ("BTN_N", "10"),
        ] {
            assert!(
                ICEBREAKER.constraints.lines().any(|l| {
                    let w: Vec<&str> = l.split_whitespace().collect();
                    w.len() >= 3
                        && w[0] == "set_io"
                        && w[w.len() - 2] == port
                        && w[w.len() - 1] == pin
                }),
                "icebreaker: {port} not on pin {pin}"
            );
        }
        // ULX3S: clock G2, FPGA input M1 (`ftdi_txd`), FPGA output L4 (`ftdi_rxd`), the power
        // button D6 (ulx3s_v20.lpf names it `btn[0]`, BTN_PWRn).
        for (port, site) in [
            ("clk_25mhz", "G2"),
            ("ftdi_txd", "M1"),
            ("ftdi_rxd", "L4"),
            ("btn_pwr_n", "D6"),
        ] {
            let line = format!("LOCATE COMP \"{port}\" SITE \"{site}\";");
            assert!(
                ULX3S.constraints.contains(&line),
                "ulx3s: {port} not at {site}"
            );
        }
    }

    #[test]
    fn lookup_by_name() {
        assert_eq!(board("ulx3s"), Some(ULX3S));
        assert_eq!(board("icebreaker"), Some(ICEBREAKER));
        assert_eq!(board("arty"), None);
        assert_eq!(board_names(), "icebreaker, ulx3s");
    }
}
