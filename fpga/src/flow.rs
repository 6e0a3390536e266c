//! The board flow: board top (pins `clock`, `reset`, `rx`, `tx`) in the board's pin wrapper → yosys →
//! nextpnr → pack, with the report; and the gate-level netlist of a core for post-synthesis
//! cosimulation.
//!
//! Every product goes to one output directory: `board_top.v`, the constraint file, `yosys.log`,
//! `synth.json`, `stat.json`, `nextpnr.log`, `nextpnr-report.json`, the bitstream (`board.bin` or
//! `board.bit`) and `fpga-report.json` (the [`BuildReport`]).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::board::{Board, Family};
use crate::clock::ClockPlan;
use crate::report::{self, BuildReport, ReportError, StageSeconds, UartRate};
use crate::tools::{Tool, ToolError, Toolchain};
use crate::top;

/// `synth_ice40` options, shared by the board build and the gate-level netlist so that the netlist
/// cosimulated is the one that goes on the chip. `-dsp` maps multipliers to the UP5K's SB_MAC16;
/// `-spram` lets yosys put single-port memories into the 256 kbit SPRAMs; `-no-rw-check` because
/// `hdl/README.md` (section 7, "Memories") documents that no result of the core depends on a
/// read-during-write of one address (so the block RAMs need no bypass logic).
pub const SYNTH_ICE40_OPTIONS: &str = "-dsp -spram -no-rw-check";

/// The Verilog design to build.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Design {
    /// Verilog sources.
    pub sources: Vec<PathBuf>,
    /// The top module: for a board build, a board top with the pins `clock`, `reset`, `rx`, `tx`
    /// (`flux_board_<preset>`, `hdl/src/board/board_top.rs`); for a netlist, a core (`hdl/README.md`).
    pub top: String,
    /// `$readmemh` files the sources name (copied beside the build, where yosys runs).
    pub data_files: Vec<PathBuf>,
    /// The UART the board top was emitted with (recorded in the report), if Flux emitted it.
    pub uart: Option<UartRate>,
    /// The board top's clock (`crate::clock`); `None`: the board oscillator.
    pub clock: Option<ClockPlan>,
}

impl Design {
    /// One Verilog file with the given top module.
    pub fn new(source: impl Into<PathBuf>, top: impl Into<String>) -> Self {
        Self {
            sources: vec![source.into()],
            top: top.into(),
            data_files: Vec::new(),
            uart: None,
            clock: None,
        }
    }

    /// The board top's clock in MHz as nextpnr's `--freq` takes it: the plan's, else `board`'s
    /// oscillator.
    pub fn clock_mhz(&self, board: &Board) -> String {
        self.clock
            .as_ref()
            .map_or_else(|| board.clock_mhz.to_string(), ClockPlan::mhz)
    }
}

/// Why a build failed. Each message says what went wrong and where to look.
#[derive(Debug, thiserror::Error)]
pub enum FlowError {
    #[error(transparent)]
    Tool(#[from] ToolError),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("running {program}: {source}")]
    Spawn {
        program: String,
        source: std::io::Error,
    },
    #[error("{stage} failed (full log: {log}):\n{tail}")]
    Stage {
        stage: &'static str,
        log: PathBuf,
        tail: String,
    },
    #[error("the design does not fit the {chip}: {}; full log: {log}", overflow_text(.overflows))]
    DoesNotFit {
        chip: &'static str,
        overflows: Vec<(String, u64, u64)>,
        log: PathBuf,
    },
    #[error(transparent)]
    Report(#[from] ReportError),
    #[error(
        "yosys' data directory (with ice40/cells_sim.v) not found beside {yosys}: install `yosys-dev` for yosys-config"
    )]
    NoDatdir { yosys: PathBuf },
}

fn overflow_text(rows: &[(String, u64, u64)]) -> String {
    rows.iter()
        .map(|(bel, used, avail)| format!("{bel} {used} used of {avail}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> FlowError + '_ {
    move |source| FlowError::Io {
        path: path.to_owned(),
        source,
    }
}

fn write(path: &Path, text: &str) -> Result<(), FlowError> {
    std::fs::write(path, text).map_err(io_err(path))
}

fn read(path: &Path) -> Result<String, FlowError> {
    std::fs::read_to_string(path).map_err(io_err(path))
}

/// The last lines of a log that say something (errors last).
fn tail(log: &str, n: usize) -> String {
    let lines: Vec<&str> = log.lines().filter(|l| !l.trim().is_empty()).collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}

/// Runs `cmd` in `dir`, its output to `log`; fails with the log's tail.
fn run(
    stage: &'static str,
    tool: &Tool,
    cmd: &mut Command,
    dir: &Path,
    log: &Path,
) -> Result<String, FlowError> {
    let out = cmd
        .current_dir(dir)
        .output()
        .map_err(|source| FlowError::Spawn {
            program: tool.program.display().to_string(),
            source,
        })?;
    let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&out.stderr));
    // Tools that write their own log (`-l`) leave it there; otherwise their output is the log.
    if !log.is_file() || !out.status.success() {
        let mut full = if log.is_file() {
            read(log)?
        } else {
            String::new()
        };
        full.push_str(&text);
        write(log, &full)?;
        text = full;
    } else {
        text = read(log)?;
    }
    if !out.status.success() {
        return Err(FlowError::Stage {
            stage,
            log: log.to_owned(),
            tail: tail(&text, 15),
        });
    }
    Ok(text)
}

fn absolute(p: &Path) -> Result<PathBuf, FlowError> {
    std::path::absolute(p).map_err(io_err(p))
}

/// `read_verilog` lines for the design's sources, and copies its data files into `out`. The paths
/// are relative to `out`, where yosys runs: the YoWASP tools of the ECP5 flow reach only the
/// directories their WebAssembly runtime opens for them, and an absolute path under `/tmp` is not
/// among them (`File '/tmp/...' not found`), while `..` from the working directory always is.
fn read_sources(design: &Design, out: &Path) -> Result<String, FlowError> {
    let mut script = String::new();
    let base = absolute(out)?;
    for s in &design.sources {
        let source = absolute(s)?;
        let path = pathdiff::diff_paths(&source, &base).unwrap_or(source);
        script.push_str(&format!("read_verilog -sv {}\n", path.display()));
    }
    for d in &design.data_files {
        let name = d.file_name().ok_or_else(|| FlowError::Io {
            path: d.clone(),
            source: std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a file"),
        })?;
        let dest = out.join(name);
        if absolute(d)? != absolute(&dest)? {
            std::fs::copy(d, &dest).map_err(io_err(d))?;
        }
    }
    Ok(script)
}

fn prepare(out: &Path) -> Result<PathBuf, FlowError> {
    std::fs::create_dir_all(out).map_err(io_err(out))?;
    absolute(out)
}

/// Builds `design` for `board` into `out` with `tools`. Returns the report (also written as
/// `fpga-report.json`) whether or not timing was met; the caller decides what a miss means. A design
/// that does not fit is an error naming each overflowing resource.
pub fn build(
    board: &Board,
    design: &Design,
    tools: &Toolchain,
    out: &Path,
) -> Result<BuildReport, FlowError> {
    let out = prepare(out)?;
    // A report from an earlier run must not survive a failed one.
    for stale in [
        "fpga-report.json",
        "nextpnr-report.json",
        "board.bin",
        "board.bit",
        "yosys.log",
        "nextpnr.log",
    ] {
        let _ = std::fs::remove_file(out.join(stale));
    }
    write(
        &out.join("board_top.v"),
        &top::pin_top(board, &design.top, design.clock.as_ref()),
    )?;
    let freq = design.clock_mhz(board);
    write(&out.join(board.constraints_name), board.constraints)?;

    let mut script = read_sources(design, &out)?;
    script.push_str("read_verilog board_top.v\n");
    match board.family {
        Family::Ice40 => script.push_str(&format!(
            "synth_ice40 {SYNTH_ICE40_OPTIONS} -top {} -json synth.json\n",
            top::TOP_MODULE
        )),
        Family::Ecp5 => script.push_str(&format!(
            "synth_ecp5 -no-rw-check -top {} -json synth.json\n",
            top::TOP_MODULE
        )),
    }
    script.push_str("tee -q -o stat.json stat -json\n");
    write(&out.join("synth.ys"), &script)?;
    let start = Instant::now();
    run(
        "yosys",
        &tools.yosys,
        tools
            .yosys
            .command()
            .args(["-q", "-l", "yosys.log", "-s", "synth.ys"]),
        &out,
        &out.join("yosys.log"),
    )?;
    let synth = start.elapsed().as_secs_f64();

    let start = Instant::now();
    let mut pnr = tools.nextpnr.command();
    pnr.args(board.nextpnr_args)
        .args(["--freq", &freq, "--json", "synth.json"]);
    pnr.args([
        "--report",
        "nextpnr-report.json",
        "--timing-allow-fail",
        "--log",
        "nextpnr.log",
        "-q",
    ]);
    let (routed, bitstream) = match board.family {
        Family::Ice40 => {
            pnr.args(["--pcf", board.constraints_name, "--asc", "board.asc"]);
            ("board.asc", "board.bin")
        }
        Family::Ecp5 => {
            pnr.args(["--lpf", board.constraints_name, "--textcfg", "board.config"]);
            ("board.config", "board.bit")
        }
    };
    let log = out.join("nextpnr.log");
    if let Err(e) = run("nextpnr", &tools.nextpnr, &mut pnr, &out, &log) {
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        let overflows: Vec<_> = report::log_utilisation(&text)
            .into_iter()
            .filter(|(_, u, a)| u > a)
            .collect();
        if !overflows.is_empty() {
            return Err(FlowError::DoesNotFit {
                chip: board.chip,
                overflows,
                log,
            });
        }
        return Err(e);
    }
    let place_and_route = start.elapsed().as_secs_f64();

    let cells = report::cell_counts(&read(&out.join("stat.json"))?)?;
    let (resources, clocks) = report::parse(
        board.family,
        &read(&out.join("nextpnr-report.json"))?,
        &cells,
    )?;
    let timing_met = !clocks.is_empty() && clocks.iter().all(|c| c.met());

    // No bitstream for a design that misses timing: it would run, but not reliably.
    let start = Instant::now();
    let bitstream = if timing_met {
        let mut pack = tools.pack.command();
        match board.family {
            Family::Ice40 => pack.args([routed, bitstream]),
            Family::Ecp5 => pack.args(["--compress", routed, bitstream]),
        };
        run("pack", &tools.pack, &mut pack, &out, &out.join("pack.log"))?;
        Some(out.join(bitstream))
    } else {
        None
    };
    let pack = start.elapsed().as_secs_f64();

    let report = BuildReport {
        board: board.name.to_string(),
        chip: board.chip.to_string(),
        family: board.family,
        core: design.top.clone(),
        resources,
        clocks,
        timing_met,
        seconds: StageSeconds {
            synth,
            place_and_route,
            pack,
        },
        bitstream,
        uart: design.uart,
    };
    let json = serde_json::to_string_pretty(&report).map_err(|e| ReportError::Format {
        what: "the build report".into(),
        detail: e.to_string(),
    })?;
    write(&out.join("fpga-report.json"), &json)?;
    Ok(report)
}

/// A gate-level netlist: the core synthesised for the iCE40 exactly as the board build does,
/// written back as Verilog over the iCE40 primitives, with the simulation models of those primitives.
#[derive(Clone, Debug, PartialEq)]
pub struct Netlist {
    /// `write_verilog -noattr` of the synthesised core; its top keeps the core's module name and ports.
    pub verilog: PathBuf,
    /// yosys' `ice40/cells_sim.v`.
    pub cells_sim: PathBuf,
    /// Defines read before `cells_sim.v` ([`CELLS_SIM_DEFINES`]).
    pub defines: PathBuf,
    /// Wall-clock seconds of the synthesis.
    pub seconds: f64,
}

impl Netlist {
    /// The sources to simulate, in order: the defines, the primitives' models, then the netlist.
    pub fn sources(&self) -> Vec<PathBuf> {
        vec![
            self.defines.clone(),
            self.cells_sim.clone(),
            self.verilog.clone(),
        ]
    }
}

/// What Verilator needs before yosys' `ice40/cells_sim.v`: its primitives give unconnected inputs a
/// default with `input x = 1'b0` port declarations, which Verilator 5.006 does not parse; the
/// netlist yosys writes connects every input of the primitives it instantiates (checked with
/// Verilator's PINMISSING lint on the fixture), so the defaults are switched off by the models' own
/// `ifndef`.
pub const CELLS_SIM_DEFINES: &str = "`define NO_ICE40_DEFAULT_ASSIGNMENTS\n";

/// Synthesises `design` for the iCE40 (no board top: the netlist has the core's own ports) and
/// writes `netlist.v` into `out`.
pub fn ice40_netlist(design: &Design, yosys: &Tool, out: &Path) -> Result<Netlist, FlowError> {
    let out = prepare(out)?;
    let datdir = crate::tools::yosys_datdir(yosys).ok_or_else(|| FlowError::NoDatdir {
        yosys: yosys.program.clone(),
    })?;
    let cells_sim = datdir.join("ice40/cells_sim.v");
    if !cells_sim.is_file() {
        return Err(FlowError::NoDatdir {
            yosys: yosys.program.clone(),
        });
    }
    let mut script = read_sources(design, &out)?;
    script.push_str(&format!(
        "synth_ice40 {SYNTH_ICE40_OPTIONS} -top {}\n",
        design.top
    ));
    script.push_str("write_verilog -noattr netlist.v\n");
    write(&out.join("netlist.ys"), &script)?;
    let _ = std::fs::remove_file(out.join("netlist.log"));
    let start = Instant::now();
    run(
        "yosys",
        yosys,
        yosys
            .command()
            .args(["-q", "-l", "netlist.log", "-s", "netlist.ys"]),
        &out,
        &out.join("netlist.log"),
    )?;
    let defines = out.join("cells_sim_defines.v");
    write(&defines, CELLS_SIM_DEFINES)?;
    Ok(Netlist {
        verilog: out.join("netlist.v"),
        cells_sim,
        defines,
        seconds: start.elapsed().as_secs_f64(),
    })
}

/// The ports yosys reads from the design's top module: `(name, is_input, width)`, sorted by name.
/// Used to check a design against the contract.
pub fn design_ports(
    design: &Design,
    yosys: &Tool,
    out: &Path,
) -> Result<Vec<(String, bool, u32)>, FlowError> {
    let out = prepare(out)?;
    let mut script = read_sources(design, &out)?;
    script.push_str(&format!(
        "hierarchy -top {}\nproc\nwrite_json ports.json\n",
        design.top
    ));
    write(&out.join("ports.ys"), &script)?;
    let _ = std::fs::remove_file(out.join("ports.log"));
    run(
        "yosys",
        yosys,
        yosys
            .command()
            .args(["-q", "-l", "ports.log", "-s", "ports.ys"]),
        &out,
        &out.join("ports.log"),
    )?;
    let json: serde_json::Value =
        serde_json::from_str(&read(&out.join("ports.json"))?).map_err(|e| ReportError::Format {
            what: "yosys write_json".into(),
            detail: e.to_string(),
        })?;
    let ports = json["modules"][&design.top]["ports"]
        .as_object()
        .ok_or_else(|| ReportError::Format {
            what: "yosys write_json".into(),
            detail: format!("no module {}", design.top),
        })?;
    Ok(ports
        .iter()
        .map(|(name, p)| {
            let width = p["bits"].as_array().map_or(0, |b| b.len() as u32);
            (name.clone(), p["direction"] == "input", width)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yosys_reads_the_sources_by_paths_relative_to_its_directory() {
        // A source in the output directory (the board top Flux emits there) and one beside it
        // (`--rtl`): neither by an absolute path, which the YoWASP tools cannot open under /tmp.
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("build");
        let mut design = Design::new(out.join("core.v"), "top");
        design.sources.push(dir.path().join("rtl").join("top.v"));
        let script = read_sources(&design, &out).unwrap();
        assert_eq!(
            script,
            "read_verilog -sv core.v\nread_verilog -sv ../rtl/top.v\n"
        );
    }
}
