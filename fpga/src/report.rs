//! The build report: resources used against what the chip has, Fmax per clock against the board
//! clock, and how long each stage took. Built from nextpnr's `--report` JSON and yosys' `stat -json`.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::board::Family;
use crate::clock::Pll;

/// One resource row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resource {
    /// What it is, for people (`block RAM (4 kbit)`).
    pub name: String,
    /// Where the number comes from: a nextpnr BEL type (`ICESTORM_RAM`) or yosys cell types.
    pub source: String,
    pub used: u64,
    pub available: u64,
}

impl Resource {
    /// Whether the design fits this resource.
    pub fn fits(&self) -> bool {
        self.used <= self.available
    }
}

/// Timing of one clock domain.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClockTiming {
    /// nextpnr's name of the clock net.
    pub clock: String,
    /// The highest frequency the routed design runs at.
    pub fmax_mhz: f64,
    /// The frequency asked for (the board clock).
    pub constraint_mhz: f64,
}

impl ClockTiming {
    pub fn met(&self) -> bool {
        self.fmax_mhz >= self.constraint_mhz
    }
}

/// Wall-clock seconds per stage.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct StageSeconds {
    pub synth: f64,
    pub place_and_route: f64,
    pub pack: f64,
}

/// The report of one board build (written as `fpga-report.json` beside the bitstream).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BuildReport {
    pub board: String,
    pub chip: String,
    pub family: Family,
    /// The core module inside the board top.
    pub core: String,
    pub resources: Vec<Resource>,
    pub clocks: Vec<ClockTiming>,
    /// Every clock reaches its constraint (false when nextpnr reported no clock at all).
    pub timing_met: bool,
    pub seconds: StageSeconds,
    /// The bitstream, when one was written (not when timing failed).
    pub bitstream: Option<PathBuf>,
    /// The board top's UART, when Flux emitted it (not for `--rtl`): `flux board run` takes its
    /// baud rate from here.
    #[serde(default)]
    pub uart: Option<UartRate>,
}

/// The line rate a board top was built for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UartRate {
    /// The baud rate asked for.
    pub baud: u32,
    /// The board top's clock divided by it, rounded (`UartConfig::for_clock`).
    pub clocks_per_bit: u32,
    /// The PLL that clocks the board top where the oscillator cannot make the rate
    /// (`crate::clock`), and the clock it makes, in Hz.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pll: Option<crate::clock::Pll>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clock_hz: Option<u64>,
}

impl BuildReport {
    /// The resource row with the given name.
    pub fn resource(&self, name: &str) -> Option<&Resource> {
        self.resources.iter().find(|r| r.name == name)
    }
}

/// Row names, shared by both families so reports compare across boards.
pub mod rows {
    pub const LOGIC_CELLS: &str = "logic cells";
    pub const LUT4: &str = "LUT4";
    pub const FLIP_FLOPS: &str = "flip-flops";
    pub const BLOCK_RAM: &str = "block RAM";
    pub const SPRAM: &str = "SPRAM (256 kbit)";
    pub const DSP: &str = "DSP";
    pub const IO: &str = "I/O pins";
}

/// Why a report could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("{what} is not the JSON expected: {detail}")]
    Format { what: String, detail: String },
}

fn format_err(what: &str, detail: impl fmt::Display) -> ReportError {
    ReportError::Format {
        what: what.to_string(),
        detail: detail.to_string(),
    }
}

#[derive(Deserialize)]
struct Used {
    used: u64,
    available: u64,
}

#[derive(Deserialize)]
struct Fmax {
    achieved: f64,
    constraint: f64,
}

#[derive(Deserialize)]
struct NextpnrReport {
    utilization: BTreeMap<String, Used>,
    #[serde(default)]
    fmax: BTreeMap<String, Fmax>,
}

/// yosys `stat -json`: cell counts of the whole design by type.
pub fn cell_counts(stat_json: &str) -> Result<BTreeMap<String, u64>, ReportError> {
    let v: serde_json::Value =
        serde_json::from_str(stat_json).map_err(|e| format_err("yosys stat", e))?;
    let cells = v
        .get("design")
        .and_then(|d| d.get("num_cells_by_type"))
        .ok_or_else(|| format_err("yosys stat", "no design.num_cells_by_type"))?;
    serde_json::from_value(cells.clone()).map_err(|e| format_err("yosys stat", e))
}

/// Resources and clocks from nextpnr's report and yosys' cell counts.
pub fn parse(
    family: Family,
    nextpnr_json: &str,
    cells: &BTreeMap<String, u64>,
) -> Result<(Vec<Resource>, Vec<ClockTiming>), ReportError> {
    let r: NextpnrReport =
        serde_json::from_str(nextpnr_json).map_err(|e| format_err("nextpnr report", e))?;
    let bel = |name: &str, key: &str| -> Result<Resource, ReportError> {
        let u = r
            .utilization
            .get(key)
            .ok_or_else(|| format_err("nextpnr report", format!("no {key} utilization")))?;
        Ok(Resource {
            name: name.to_string(),
            source: key.to_string(),
            used: u.used,
            available: u.available,
        })
    };
    let count = |prefix: &str| {
        cells
            .iter()
            .filter(|(k, _)| k.starts_with(prefix))
            .map(|(_, n)| n)
            .sum::<u64>()
    };
    let from_cells = |name: &str, source: &str, prefix: &str, of: &Resource| Resource {
        name: name.to_string(),
        source: source.to_string(),
        used: count(prefix),
        available: of.available,
    };
    let resources = match family {
        Family::Ice40 => {
            // An iCE40 logic cell is one LUT4 and one flip-flop: both are bounded by the cells.
            let lc = bel(rows::LOGIC_CELLS, "ICESTORM_LC")?;
            vec![
                from_cells(rows::LUT4, "yosys SB_LUT4", "SB_LUT4", &lc),
                from_cells(rows::FLIP_FLOPS, "yosys SB_DFF*", "SB_DFF", &lc),
                lc,
                bel(&format!("{} (4 kbit)", rows::BLOCK_RAM), "ICESTORM_RAM")?,
                bel(rows::SPRAM, "ICESTORM_SPRAM")?,
                bel(&format!("{} (16x16 MAC)", rows::DSP), "ICESTORM_DSP")?,
                bel(rows::IO, "SB_IO")?,
            ]
        }
        Family::Ecp5 => {
            // TRELLIS_COMB is a LUT4 site (carry cells use two); TRELLIS_FF a flip-flop site.
            vec![
                bel(rows::LUT4, "TRELLIS_COMB")?,
                bel(rows::FLIP_FLOPS, "TRELLIS_FF")?,
                bel(&format!("{} (18 kbit)", rows::BLOCK_RAM), "DP16KD")?,
                bel(&format!("{} (18x18 multiplier)", rows::DSP), "MULT18X18D")?,
                bel(rows::IO, "TRELLIS_IO")?,
            ]
        }
    };
    let clocks = r
        .fmax
        .into_iter()
        .map(|(clock, f)| ClockTiming {
            clock,
            fmax_mhz: f.achieved,
            constraint_mhz: f.constraint,
        })
        .collect();
    Ok((resources, clocks))
}

/// The "Device utilisation" block of a nextpnr log: `(BEL type, used, available)` per line. nextpnr
/// prints it before placing, so it is there even when the design does not fit.
pub fn log_utilisation(log: &str) -> Vec<(String, u64, u64)> {
    let mut rows = Vec::new();
    let mut inside = false;
    for line in log.lines() {
        let text = line.trim_start_matches("Info:").trim();
        if text.starts_with("Device utilisation") {
            inside = true;
            rows.clear();
            continue;
        }
        if !inside {
            continue;
        }
        // `ICESTORM_LC:  6000/ 5280   113%`
        let parsed = text.split_once(':').and_then(|(name, rest)| {
            let (used, rest) = rest.split_once('/')?;
            let available = rest.split_whitespace().next()?;
            Some((
                name.trim().to_string(),
                used.trim().parse().ok()?,
                available.parse().ok()?,
            ))
        });
        match parsed {
            Some(row) => rows.push(row),
            None if rows.is_empty() => {}
            None => inside = false,
        }
    }
    rows
}

impl fmt::Display for BuildReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} ({}), core {}", self.board, self.chip, self.core)?;
        writeln!(
            f,
            "  {:<28} {:>8} {:>10} {:>6}",
            "resource", "used", "available", "use"
        )?;
        for r in &self.resources {
            let pct = if r.available == 0 {
                0.0
            } else {
                100.0 * r.used as f64 / r.available as f64
            };
            let over = if r.fits() { "" } else { "  DOES NOT FIT" };
            writeln!(
                f,
                "  {:<28} {:>8} {:>10} {:>5.0}%{over}",
                r.name, r.used, r.available, pct
            )?;
        }
        for c in &self.clocks {
            let verdict = if c.met() { "met" } else { "FAILED" };
            // A PLL's clock is fractional (20.8333 MHz); an oscillator's whole.
            let clock = format!("{:.4}", c.constraint_mhz);
            let clock = clock.trim_end_matches('0').trim_end_matches('.');
            writeln!(
                f,
                "  Fmax {:.2} MHz at a {clock} MHz board clock: timing {verdict} ({})",
                c.fmax_mhz, c.clock
            )?;
        }
        if self.clocks.is_empty() {
            writeln!(f, "  no clock was timed: timing FAILED")?;
        }
        if let Some(u) = &self.uart {
            write!(
                f,
                "  UART {} baud ({} clocks per bit",
                u.baud, u.clocks_per_bit
            )?;
            match (u.pll, u.clock_hz) {
                (Some(Pll::Ecp5(p)), Some(hz)) => writeln!(
                    f,
                    " of a {:.4} MHz clock from the PLL: CLKI_DIV {}, CLKFB_DIV {}, CLKOP_DIV {})",
                    hz as f64 / 1e6,
                    p.clki_div,
                    p.clkfb_div,
                    p.clkop_div
                )?,
                (Some(Pll::Ice40(p)), Some(hz)) => writeln!(
                    f,
                    " of a {:.4} MHz clock from the PLL: DIVR {}, DIVF {}, DIVQ {}, FILTER_RANGE {})",
                    hz as f64 / 1e6,
                    p.divr,
                    p.divf,
                    p.divq,
                    p.filter_range
                )?,
                _ => writeln!(f, ")")?,
            }
        }
        let s = &self.seconds;
        write!(
            f,
            "  time: synthesis {:.0} s, place and route {:.0} s, pack {:.0} s",
            s.synth, s.place_and_route, s.pack
        )?;
        if let Some(b) = &self.bitstream {
            write!(f, "\n  bitstream: {}", b.display())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utilisation_block_of_a_failed_placement() {
        let log = "Info: Packing constants..\nInfo: Device utilisation:\nInfo: \t         ICESTORM_LC:  6000/ 5280   113%\n\
                   Info: \t        ICESTORM_RAM:    31/   30   103%\nInfo: \t               SB_IO:     3/   96     3%\n\
                   Info: \nInfo: Placed 3 cells based on constraints.\nERROR: Unable to place cell\n";
        assert_eq!(
            log_utilisation(log),
            vec![
                ("ICESTORM_LC".to_string(), 6000, 5280),
                ("ICESTORM_RAM".to_string(), 31, 30),
                ("SB_IO".to_string(), 3, 96)
            ]
        );
    }

    #[test]
    fn ice40_rows_and_a_failed_clock() {
        let json = r#"{"utilization": {"ICESTORM_LC": {"used": 100, "available": 5280},
            "ICESTORM_RAM": {"used": 31, "available": 30}, "ICESTORM_SPRAM": {"used": 0, "available": 4},
            "ICESTORM_DSP": {"used": 1, "available": 8}, "SB_IO": {"used": 3, "available": 96}},
            "fmax": {"clk": {"achieved": 11.5, "constraint": 12}}}"#;
        let cells: BTreeMap<String, u64> = [
            ("SB_LUT4", 90),
            ("SB_DFF", 10),
            ("SB_DFFE", 5),
            ("SB_CARRY", 7),
        ]
        .map(|(k, v)| (k.to_string(), v))
        .into();
        let (res, clocks) = parse(Family::Ice40, json, &cells).unwrap();
        let by = |n: &str| res.iter().find(|r| r.name == n).unwrap().clone();
        assert_eq!(by(rows::LUT4).used, 90);
        // SB_DFF + SB_DFFE; the carry cells are not flip-flops.
        assert_eq!(by(rows::FLIP_FLOPS).used, 15);
        assert!(!by("block RAM (4 kbit)").fits());
        assert!(!clocks[0].met(), "11.5 MHz does not reach 12 MHz");
    }
}
