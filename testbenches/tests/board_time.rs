//! How long loading an image and running a network take on the `up5k` board top, measured in
//! board time (clock cycles of the Verilated board top at 12 MHz, the iCEBreaker's clock) through
//! the simulated serial line at 3,000,000 baud (4 clocks per bit, `UartConfig::for_clock`): the
//! fastest line rate `flux fpga build --baud` builds for. The clock count is exact, so the issue's
//! targets (issue 12: the cpg image in under 2 s, a full `up5k` image in under 10 s, cpg at 100,000
//! timesteps per second) are asserted, not timed.

use std::path::Path;
use std::sync::OnceLock;

use flux_hdl::board_top::{board_module_name, emit_board_to_dir};
use flux_hdl::uart::UartConfig;
use flux_host::session::{image_writes, nonzero_image_writes};
use flux_host::{BoardRecorder, Session, SessionConfig};
use flux_sim::compile::{Compiled, compile_file};
use flux_sim::spec::{Preset, UP5K};
use flux_sim::trace::{Record, Recorder};
use flux_testbenches::board_rtl::{BoardDesign, BoardRtl};
use flux_testbenches::sim_serial::SimSerial;
use flux_testbenches::verilate::{self, RtlBuild, Shim};

/// The iCEBreaker's clock.
const CLOCK_HZ: u64 = 12_000_000;
const BAUD: u64 = 3_000_000;

/// The board top of `preset` at 3,000,000 baud with `uart`'s clocks per bit, emitted and
/// verilated; and its clocks per bit.
fn build_board(preset: &Preset, uart: UartConfig) -> (RtlBuild, u32) {
    let dir = verilate::cache_root()
        .join("verilog")
        .join(format!("{}-board-3mbaud", preset.name));
    std::fs::create_dir_all(&dir).unwrap();
    let path = emit_board_to_dir(preset, uart, &dir).expect("the board top emits");
    let design = BoardDesign::from_file(path, board_module_name(preset)).unwrap();
    let build = verilate::build_shim(&design.spec, Shim::Board).expect("it verilates");
    (build, design.clocks_per_bit)
}

/// A fresh `up5k` board top at 3,000,000 baud on a 12 MHz clock, verilated once per process.
fn board() -> BoardRtl {
    static BUILD: OnceLock<(RtlBuild, u32)> = OnceLock::new();
    let (build, clocks_per_bit) = BUILD.get_or_init(|| {
        let uart = UartConfig::for_clock(CLOCK_HZ, BAUD).expect("3 Mbaud at 12 MHz is exact");
        assert_eq!(uart.clocks_per_bit(), 4);
        build_board(&UP5K, uart)
    });
    BoardRtl::open(build, *clocks_per_bit, None).expect("the board top loads")
}

fn cpg() -> Compiled {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/cpg.toml");
    compile_file(&path, Some(UP5K)).expect("examples/cpg.toml compiles")
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

/// Runs cpg's first `steps` timesteps on a fresh board, streamed (`RUN`/`STREAM`, no probes), and
/// returns the records and the board seconds the run took (after the load). `host_inputs`: every
/// input from the host (`flux board run --host-inputs`), else the modulator channel on the board's
/// input generators.
fn stream_cpg(steps: u64, host_inputs: bool) -> (Vec<Record>, f64) {
    let compiled = cpg();
    let board = board();
    let config = SessionConfig::new(board.clocks_per_bit());
    let mut line = SimSerial::new(board);
    let mut session = Session::new(&mut line, config);
    let mut rec = BoardRecorder::start(&mut session, &compiled, &[])
        .unwrap()
        .with_generators(!host_inputs);
    assert_eq!(
        rec.generators(),
        (!host_inputs).then_some((0, 1)),
        "cpg's one channel on the generators"
    );
    let start = rec.session().link().clocks();
    let records = rec.run(steps).unwrap();
    rec.finish().unwrap();
    let clocks = session.link().clocks() - start;
    assert_eq!(session.stats().retries, 0, "a clean line needs no retry");
    let model: Vec<Record> = {
        let mut r = Recorder::new(&compiled, &[]);
        (0..steps).map(|_| r.step()).collect()
    };
    assert_eq!(records.len(), model.len());
    for (m, b) in model.iter().zip(&records) {
        assert_eq!(m, b, "first differing record at t = {}", m.t);
    }
    (records, clocks as f64 / CLOCK_HZ as f64)
}

/// cpg's first 1,000 timesteps have no input event (its modulator starts at t = 1000): the board
/// runs them on its own and streams the spikes back, at well over 100,000 timesteps per second.
#[test]
fn cpg_without_inputs_streams_over_100k_timesteps_per_second_at_3_mbaud() {
    let steps = 1000;
    let (records, seconds) = stream_cpg(steps, false);
    let rate = steps as f64 / seconds;
    let spikes: usize = records.iter().map(|r| r.spikes.len()).sum();
    println!(
        "cpg on up5k at 3,000,000 baud, streamed: {steps} timesteps ({spikes} spikes) in \
         {seconds:.5} s of board time: {rate:.0} timesteps/s"
    );
    assert!(rate >= 100_000.0, "{rate:.0} timesteps/s");
}

/// The whole cpg run (2,000 timesteps) on the `up5k` board with every input from the host
/// (`--host-inputs`): from t = 1000 every timestep has an `EVENT` from the host and a `RUN` of one
/// timestep, so the second half runs at the link's pace; reported, and held above the best a
/// stepped run could do.
#[test]
fn cpg_with_host_inputs_streams_faster_than_stepping() {
    let steps = 2000;
    let (_, seconds) = stream_cpg(steps, true);
    let rate = steps as f64 / seconds;
    println!(
        "cpg on up5k at 3,000,000 baud, streamed with host events from t = 1000: {steps} \
         timesteps in {seconds:.4} s of board time: {rate:.0} timesteps/s"
    );
    // Stepping costs a STEP (26 bytes) and a REPORT (17 bytes and more) per timestep, and an EVENT
    // (26) and its ACK (7) from t = 1000: at least 43 * 2000 + 33 * 1000 bytes of 10 bits, so it
    // cannot beat this rate even with the core taking no time at all.
    let stepped = steps as f64 / ((43.0 * 2000.0 + 33.0 * 1000.0) * 10.0 / BAUD as f64);
    assert!(
        rate > stepped,
        "{rate:.0} timesteps/s, stepping at most {stepped:.0}"
    );
}

/// The whole cpg run (2,000 timesteps) on the `up5k` board top, whose input generators
/// (`docs/model.md` §9.1) draw cpg's modulator channel on the chip: the host sends two `WRITE`s
/// (setup, and the channel's `start` at t = 1000) and no `EVENT`, and the board streams the whole
/// run at over 100,000 timesteps per second, its trace the model's.
#[test]
fn cpg_with_on_chip_inputs_streams_over_100k_timesteps_per_second_at_3_mbaud() {
    let steps = 2000;
    let (records, seconds) = stream_cpg(steps, false);
    let rate = steps as f64 / seconds;
    let spikes: usize = records.iter().map(|r| r.spikes.len()).sum();
    println!(
        "cpg on up5k at 3,000,000 baud, streamed, its modulator on the input generators: \
         {steps} timesteps ({spikes} spikes) in {seconds:.5} s of board time: {rate:.0} \
         timesteps/s"
    );
    assert!(rate >= 100_000.0, "{rate:.0} timesteps/s");
}

/// A full image on the `ulx3s` board top at 3,000,000 baud, clocked as `flux fpga build --board
/// ulx3s --baud 3000000` clocks it (the PLL's 20.833 MHz, 7 clocks per bit: `fpga/src/clock.rs`):
/// runs of consecutive words go in `BURST`s (preset field `burst`, `docs/host_link.md` §2), the
/// load is confirmed by the board's load checksum, and it takes under 40 % of the frames, and of
/// the board time, that one `WRITE` per word would (its frame and `ACK` on the line and the clocks
/// the board holds it, `burst::hold_clocks`). Slow tier: about 40 million clocks of a
/// 1,024-neuron board top.
#[test]
#[ignore = "slow tier: tens of millions of board clocks"]
fn a_full_ulx3s_image_loads_in_bursts_at_3_mbaud() {
    use flux_fpga::{board::ULX3S, clock};
    use flux_host::frame::{BITS_PER_BYTE, COMMAND_LEN, Reply, ReplyBody};
    use flux_host::session::Phase;
    use flux_sim::link::burst;
    use flux_sim::spec::ULX3S as PRESET;
    let plan = clock::plan(&ULX3S, |hz| {
        UartConfig::for_clock(hz, BAUD)
            .ok()
            .map(|u| u.clocks_per_bit())
    })
    .expect("the ULX3S makes 3 Mbaud with its PLL");
    let uart = UartConfig::new(plan.clocks_per_bit).unwrap();
    let (build, clocks_per_bit) = build_board(&PRESET, uart);
    let board = BoardRtl::open(&build, clocks_per_bit, None).expect("it loads");

    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/cpg.toml");
    let compiled = compile_file(&path, Some(PRESET)).expect("examples/cpg.toml compiles");
    let mut line = SimSerial::new(board);
    let mut session = Session::new(&mut line, SessionConfig::new(plan.clocks_per_bit));
    session.connect().unwrap();
    assert!(session.status(Phase::Load).unwrap().burst);
    session.load(&compiled.image).unwrap();
    let frames = session.stats().frames - 3;
    assert_eq!(session.stats().retries, 0, "a clean line needs no retry");
    drop(session);
    let seconds = line.clocks() as f64 / plan.clock_hz as f64;
    let words = image_writes(&compiled.image).count() as u64;
    // One WRITE per word: a frame and its ACK on the line, and the clocks the board holds it.
    let write_bytes = (COMMAND_LEN
        + Reply::encode(&Reply {
            seq: 0,
            body: ReplyBody::Ack,
        })
        .len()) as f64;
    let hold = f64::from(burst::hold_clocks(1, burst::DATA_BYTES));
    let word_by_word = words as f64
        * (write_bytes * f64::from(BITS_PER_BYTE) * f64::from(plan.clocks_per_bit) + hold)
        / plan.clock_hz as f64;
    println!(
        "full ulx3s image at 3,000,000 baud ({} MHz): {words} words in {frames} frames, \
         {seconds:.3} s of board time (one WRITE per word: at least {word_by_word:.3} s)",
        plan.mhz()
    );
    // Three synapse words (5 bytes each) per frame, two ring slots, four fan-out words: 2.5 times
    // fewer frames at least, and as much less time.
    assert!(5 * frames < 2 * words, "{frames} frames");
    assert!(2.5 * seconds < word_by_word, "{seconds} s");
}
