//! How long loading an image takes on the `up5k` board top, measured in board time (clock cycles
//! of the Verilated board top at 12 MHz, the iCEBreaker's clock) through the simulated serial line
//! at 3,000,000 baud (4 clocks per bit, `UartConfig::for_clock`): the fastest line rate `flux fpga
//! build --baud` builds for. The clock count is exact, so the targets (issue 12: the cpg
//! image in under 2 s, a full `up5k` image in under 10 s) are asserted, not timed.

use std::path::Path;
use std::sync::OnceLock;

use flux_hdl::board_top::{board_module_name, emit_board_to_dir};
use flux_hdl::uart::UartConfig;
use flux_host::session::{image_writes, nonzero_image_writes};
use flux_host::{Session, SessionConfig};
use flux_sim::compile::{Compiled, compile_file};
use flux_sim::spec::UP5K;
use flux_testbenches::board_rtl::{BoardDesign, BoardRtl};
use flux_testbenches::sim_serial::SimSerial;
use flux_testbenches::verilate::{self, RtlBuild, Shim};

/// The iCEBreaker's clock.
const CLOCK_HZ: u64 = 12_000_000;
const BAUD: u64 = 3_000_000;

/// A fresh `up5k` board top at 3,000,000 baud on a 12 MHz clock, verilated once per process.
fn board() -> BoardRtl {
    static BUILD: OnceLock<(RtlBuild, u32)> = OnceLock::new();
    let (build, clocks_per_bit) = BUILD.get_or_init(|| {
        let uart = UartConfig::for_clock(CLOCK_HZ, BAUD).expect("3 Mbaud at 12 MHz is exact");
        assert_eq!(uart.clocks_per_bit(), 4);
        let dir = verilate::cache_root()
            .join("verilog")
            .join("up5k-board-3mbaud");
        std::fs::create_dir_all(&dir).unwrap();
        let path = emit_board_to_dir(&UP5K, uart, &dir).expect("the up5k board top emits");
        let design = BoardDesign::from_file(path, board_module_name(&UP5K)).unwrap();
        let build = verilate::build_shim(&design.spec, Shim::Board).expect("it verilates");
        (build, design.clocks_per_bit)
    });
    BoardRtl::open(build, *clocks_per_bit, None).expect("the board top loads")
}

fn cpg() -> Compiled {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/cpg.toml");
    compile_file(&path, Some(UP5K)).expect("examples/cpg.toml compiles for up5k")
}

/// Connects to a fresh board and loads `compiled` as `flux board run` does (`load_fresh`), or
/// every word with `full`; returns the words written and the board seconds it took.
fn load(compiled: &Compiled, full: bool) -> (u64, f64) {
    let board = board();
    let config = SessionConfig::new(board.clocks_per_bit());
    let mut line = SimSerial::new(board);
    let mut session = Session::new(&mut line, config);
    session.connect().unwrap();
    let words = if full {
        session.load(&compiled.image).unwrap();
        image_writes(&compiled.image).count() as u64
    } else {
        let loaded = session.load_fresh(&compiled.image).unwrap();
        assert!(!loaded.full, "a fresh board holds zeros");
        loaded.words
    };
    assert_eq!(session.stats().retries, 0, "a clean line needs no retry");
    drop(session);
    (words, line.clocks() as f64 / CLOCK_HZ as f64)
}

/// The cpg image as `flux board run` loads it on a fresh board: its non-zero words.
#[test]
fn the_cpg_image_loads_in_under_two_seconds_at_3_mbaud() {
    let compiled = cpg();
    let (words, seconds) = load(&compiled, false);
    assert_eq!(words, nonzero_image_writes(&compiled.image).count() as u64);
    println!("cpg on up5k at 3,000,000 baud: {words} WRITEs in {seconds:.3} s of board time");
    assert!(seconds < 2.0, "{seconds} s");
}

/// Every word of a full `up5k` image (a board written since power-up gets it, §4); slow tier:
/// about 44 million board clocks.
#[test]
#[ignore = "slow tier: tens of millions of board clocks"]
fn a_full_up5k_image_loads_in_under_ten_seconds_at_3_mbaud() {
    let compiled = cpg();
    let (words, seconds) = load(&compiled, true);
    println!("full up5k image at 3,000,000 baud: {words} WRITEs in {seconds:.3} s of board time");
    assert!(seconds < 10.0, "{seconds} s");
}
