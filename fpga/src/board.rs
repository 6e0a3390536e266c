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

/// A clock a shipped board top closes timing under with this flow: `flux fpga build` clocks that
/// board top as fast as `ceiling_mhz` allows when `--clock-mhz` is not given, so that the board
/// runs at the speed of its core rather than its oscillator's.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ClosedClock {
    pub board: &'static str,
    /// The preset (`flux_board_<preset>`) or the chip (`--chip`).
    pub core: &'static str,
    /// The ceiling: the build takes the fastest clock at or below it that makes the baud rate.
    pub ceiling_mhz: u32,
    /// nextpnr's Fmax of the board top built at that ceiling and 3 Mbaud, when it was measured
    /// (for people: the margin the ceiling leaves).
    pub measured_fmax_mhz: f64,
}

/// The measured ceilings (2026-12-05: yosys 0.23 and nextpnr-ice40 0.4 from Debian, the YoWASP
/// nextpnr-ecp5). Each is a little under the Fmax so that a placement that lands differently
/// still meets it, and each is guarded by a build in the slow tier (`tests/board_cli.rs`). A
/// board top not listed (a user's `--rtl`, a preset not measured on that board) keeps the
/// oscillator: a faster clock is only as good as the design's timing.
pub const CLOSED_CLOCKS: &[ClosedClock] = &[
    // 7 clocks per bit at 3 Mbaud; 24 MHz, the next clock that makes it, is above the Fmax.
    ClosedClock {
        board: "icebreaker",
        core: "up5k",
        ceiling_mhz: 21,
        measured_fmax_mhz: 22.71,
    },
    // 35.714 MHz (12 clocks per bit) at 3 Mbaud and at 115,200. Session 24 (learning at one
    // synapse per clock): 42.97 MHz at 35.714, 41.41 at 39.286 (13 clocks per bit), but 38.86 at
    // 40 MHz (the 115,200-baud clock under a 40 MHz ceiling): the ceiling stays.
    ClosedClock {
        board: "ulx3s",
        core: "ulx3s",
        ceiling_mhz: 36,
        measured_fmax_mhz: 42.97,
    },
    // The same clocks; session 24: 41.37 MHz at 35.714, 43.29 at 39.286.
    ClosedClock {
        board: "ulx3s",
        core: "small",
        ceiling_mhz: 36,
        measured_fmax_mhz: 41.37,
    },
    // The chips of several cores (`--chip`, `docs/model.md` §15), measured the same way.
    ClosedClock {
        board: "ulx3s",
        core: "duo",
        ceiling_mhz: 36,
        measured_fmax_mhz: 42.92,
    },
    ClosedClock {
        board: "ulx3s",
        core: "ulx3s-quad",
        ceiling_mhz: 36,
        measured_fmax_mhz: 42.06,
    },
];

/// The clock ceiling of `core`'s board top on `board` without `--clock-mhz`, in Hz: its
/// [`CLOSED_CLOCKS`] entry, else the oscillator (`core` is `None` for a user's Verilog).
pub fn default_ceiling_hz(board: &Board, core: Option<&str>) -> u64 {
    let mhz = CLOSED_CLOCKS
        .iter()
        .find(|c| c.board == board.name && Some(c.core) == core)
        .map_or(board.clock_mhz, |c| c.ceiling_mhz);
    u64::from(mhz) * 1_000_000
}

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

    /// Every ceiling is for a board that exists, above its oscillator (else the entry changes
    /// nothing) and under the Fmax it was measured at; one entry per board top.
    #[test]
    fn closed_clocks_are_above_the_oscillator_and_under_their_fmax() {
        for (i, c) in CLOSED_CLOCKS.iter().enumerate() {
            let b = board(c.board).unwrap_or_else(|| panic!("{c:?}: no such board"));
            assert!(c.ceiling_mhz > b.clock_mhz, "{c:?}");
            assert!(f64::from(c.ceiling_mhz) < c.measured_fmax_mhz, "{c:?}");
            assert_eq!(
                default_ceiling_hz(&b, Some(c.core)),
                u64::from(c.ceiling_mhz) * 1_000_000
            );
            assert!(
                CLOSED_CLOCKS[..i]
                    .iter()
                    .all(|d| (d.board, d.core) != (c.board, c.core)),
                "{c:?} twice"
            );
        }
        // Not listed: the oscillator.
        assert_eq!(default_ceiling_hz(&ICEBREAKER, None), 12_000_000);
        assert_eq!(default_ceiling_hz(&ICEBREAKER, Some("ulx3s")), 12_000_000);
        assert_eq!(default_ceiling_hz(&ULX3S, Some("up5k")), 25_000_000);
    }

    #[test]
    fn lookup_by_name() {
        assert_eq!(board("ulx3s"), Some(ULX3S));
        assert_eq!(board("icebreaker"), Some(ICEBREAKER));
        assert_eq!(board("arty"), None);
        assert_eq!(board_names(), "icebreaker, ulx3s");
    }
}
