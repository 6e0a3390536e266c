//! The whole host link in simulation: the host session of `flux board run` (crate `flux-host`)
//! drives the Verilated board top `flux_board_small` (`rtl-out/`) through a simulated serial line
//! (`sim_serial`), and the trace it records must be the model's, record for record: spikes, cycles
//! and probed state words. Then again with seeded damage on the line in both directions (flipped
//! bits, dropped bytes, cut frames): frames are rejected and retried, and the trace is still the
//! model's.

use std::path::Path;
use std::sync::OnceLock;
use std::time::Instant;

use flux_host::fault::{Direction, Fault, FaultPlan, ResetBefore, Tap, first_frame_ending_in_sync};
use flux_host::session::{LinkStats, Phase, image_writes};
use flux_host::{BoardRecorder, Session, SessionConfig};
use flux_sim::compile::{Compiled, compile_file};
use flux_sim::core::Core;
use flux_sim::input_gen::Plan;
use flux_sim::spec::{SMALL, mem};
use flux_sim::trace::{ProbeState, Record, Recorder};
use flux_testbenches::board_rtl::{BoardDesign, BoardRtl};
use flux_testbenches::random::{RandomNet, random_board_network};
use flux_testbenches::sim_serial::SimSerial;
use flux_testbenches::verilate::{self, RtlBuild, Shim};

/// About one fault per this many bytes in each direction: a command and its reply are about 35
/// bytes (a 26-byte frame, a 7-byte ACK), so roughly one command in eight is hit.
const FAULT_SPACING: u64 = 300;

/// A fresh `small` board top: `rtl-out/flux_board_small.v`, emitted at the simulation bit time
/// (`CLOCKS_PER_BIT` 8) and kept fresh by `hdl/tests`; verilated once per process.
fn board() -> BoardRtl {
    static BUILD: OnceLock<(RtlBuild, u32)> = OnceLock::new();
    let (build, clocks_per_bit) = BUILD.get_or_init(|| {
        let design = BoardDesign::rtl_out(SMALL.name).expect("rtl-out/flux_board_small.v");
        let build =
            verilate::build_shim(&design.spec, Shim::Board).expect("the board top verilates");
        (build, design.clocks_per_bit)
    });
    BoardRtl::open(build, *clocks_per_bit, None).expect("the board top loads")
}

/// A session on a fresh board, with `plan` on the line.
fn session(plan: FaultPlan) -> Session<SimSerial<BoardRtl>> {
    let board = board();
    let config = SessionConfig::new(board.clocks_per_bit());
    Session::new(SimSerial::with_faults(board, plan), config)
}

fn assert_same(model: &[Record], board: &[Record], what: &str) {
    assert_eq!(model.len(), board.len(), "{what}: record count");
    for (m, b) in model.iter().zip(board) {
        assert_eq!(m, b, "{what}: first differing record at t = {}", m.t);
    }
}

/// What a run on the board did, for the test's output.
fn report(what: &str, line: &SimSerial<BoardRtl>, stats: &LinkStats, seconds: f64) {
    let faults = line.faults();
    println!(
        "{what}: {} clocks in {seconds:.2} s; {} frames, {} retries, {} NAKs, {} damaged replies, \
         {} timeouts; faults injected: {} to the board, {} to the host",
        line.clocks(),
        stats.frames,
        stats.retries,
        stats.naks,
        stats.garbled,
        stats.timeouts,
        faults.to_board,
        faults.to_host
    );
}

/// Runs a compiled network on the board for `steps` timesteps with `BoardRecorder::run`: with
/// probes one `STEP` at a time, without them in `RUN`s answered by `STREAM`s. The stats count the
/// frames of the run alone (not of the load).
fn run_compiled(
    compiled: &Compiled,
    (probes, every): (&[u32], u64),
    steps: u64,
    plan: FaultPlan,
    what: &str,
) -> (Vec<Record>, LinkStats) {
    let mut session = session(plan);
    let start = Instant::now();
    session.connect().unwrap_or_else(|e| panic!("{what}: {e}"));
    // A fresh board top's memories are zero (the check is the trace itself): only the non-zero
    // words are sent, which keeps the test's wall time down.
    session
        .load_nonzero(&compiled.image)
        .unwrap_or_else(|e| panic!("{what}: {e}"));
    let before = session.stats().frames;
    let mut rec = BoardRecorder::resume(&mut session, compiled, probes).with_probe_every(every);
    let records = rec.run(steps).unwrap_or_else(|e| panic!("{what}: {e}"));
    drop(rec);
    let mut stats = *session.stats();
    stats.frames -= before;
    report(what, session.link(), &stats, start.elapsed().as_secs_f64());
    (records, stats)
}

#[test]
fn cpg_on_the_board_top_matches_the_model() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/cpg.toml");
    let compiled = compile_file(&path, None).expect("examples/cpg.toml compiles");
    assert_eq!(compiled.image.preset, SMALL);
    // One neuron of each half-centre: every READ costs a frame and a 23-byte reply.
    let probes = [0, 8];
    let steps = 300;
    let model = model_trace(&compiled, &probes, 1, steps);
    // Not vacuous: the half-centres alternate (period 82, examples/cpg.toml).
    assert!(model.iter().filter(|r| !r.spikes.is_empty()).count() >= 6);

    let (clean, stats) = run_compiled(
        &compiled,
        (&probes, 1),
        steps,
        FaultPlan::none(),
        "cpg clean",
    );
    assert_same(&model, &clean, "cpg, clean line");
    assert_eq!(stats.retries, 0, "a clean line needs no retry");

    let seed = 0xC9_5EED;
    println!("cpg fault plan seed {seed:#x}");
    let plan = FaultPlan::seeded(seed, 1 << 24, FAULT_SPACING);
    let (damaged, stats) = run_compiled(&compiled, (&probes, 1), steps, plan, "cpg damaged");
    assert_same(
        &model,
        &damaged,
        &format!("cpg, damaged line (seed {seed:#x})"),
    );
    assert!(
        stats.naks > 0,
        "seed {seed:#x}: the board rejected no frame"
    );
    assert!(
        stats.garbled + stats.timeouts > 0,
        "seed {seed:#x}: no reply was lost"
    );
}

/// The model's records of `compiled`'s first `steps` timesteps, probing `probes` every `every`.
fn model_trace(compiled: &Compiled, probes: &[u32], every: u64, steps: u64) -> Vec<Record> {
    let mut r = Recorder::new(compiled, probes).with_probe_every(every);
    (0..steps).map(|_| r.step()).collect()
}

/// The model's records of a random network: every event list fed in order, `probes` read after
/// each timestep.
fn model_records(net: &RandomNet, probes: &[u32]) -> Vec<Record> {
    let mut core = Core::new(&net.image);
    net.stimulus
        .iter()
        .enumerate()
        .map(|(t, events)| {
            let r = core.step(events);
            let (spikes, cycles) = (r.spikes.to_vec(), r.cycles);
            Record {
                t: t as u64,
                spikes,
                cycles,
                probes: probes
                    .iter()
                    .map(|&neuron| ProbeState {
                        neuron,
                        word: core.state_word(neuron),
                    })
                    .collect(),
            }
        })
        .collect()
}

fn board_records(
    net: &RandomNet,
    probes: &[u32],
    plan: FaultPlan,
    what: &str,
) -> (Vec<Record>, LinkStats) {
    let mut session = session(plan);
    let start = Instant::now();
    session.connect().unwrap_or_else(|e| panic!("{what}: {e}"));
    session
        .load(&net.image)
        .unwrap_or_else(|e| panic!("{what}: {e}"));
    let records = net
        .stimulus
        .iter()
        .map(|events| {
            session
                .step(events, probes)
                .unwrap_or_else(|e| panic!("{what}: {e}"))
        })
        .collect();
    let stats = *session.stats();
    report(what, session.link(), &stats, start.elapsed().as_secs_f64());
    (records, stats)
}

/// `path` (relative to this crate, a `small` network) streamed for `steps` timesteps through the
/// board top with its inputs on the input generators, which must take channels `generators`:
/// the network, the model's records and the board's.
fn on_the_generators(
    path: &str,
    steps: u64,
    generators: (u32, u32),
) -> (Compiled, Vec<Record>, Vec<Record>) {
    let compiled = compile_file(&Path::new(env!("CARGO_MANIFEST_DIR")).join(path), None)
        .unwrap_or_else(|e| panic!("{path}: {e}"));
    assert_eq!(compiled.image.preset, SMALL);
    let model = model_trace(&compiled, &[], 1, steps);
    let mut session = session(FaultPlan::none());
    let mut rec = BoardRecorder::start(&mut session, &compiled, &[]).unwrap();
    assert_eq!(rec.generators(), Some(generators), "{path}");
    let records = rec.run(steps).unwrap();
    rec.finish().unwrap();
    (compiled, model, records)
}

/// `examples/learn.toml` (learning on) streamed through the board top with both its inputs on the
/// input generators (`docs/model.md` §9.1): the latency-coded pattern (period 40) counts down on
/// the chip, the Poisson background draws there, and the host sends no `EVENT`. The trace, spikes
/// and cycles of every timestep, must be the model's; the cycles count every input spike (§7), so
/// each timestep's channel events are checked, not only the network's few output spikes.
#[test]
fn learn_with_its_latency_and_poisson_inputs_on_the_generators_matches_the_model() {
    // The pattern's 8 channels and the background's 24, all on the chip.
    let (_, model, records) = on_the_generators("../examples/learn.toml", 400, (0, 32));
    let spikes: usize = model.iter().map(|r| r.spikes.len()).sum();
    assert!(spikes > 0, "learn.toml never spiked");
    println!("learn.toml through the board top, inputs on the generators: {spikes} spikes");
    assert_same(&model, &records, "learn, inputs on the generators");
}

/// Spike lists and delta coding on the generators' list memory (`docs/model.md` §9.1): their
/// channels count down to each spike on the chip and read the next gap from the list memory, with
/// a Poisson source on the table beside them, and the current injection comes from the injection
/// schedule: the host sends no `EVENT`. The trace, spikes and cycles of every timestep (which
/// count every channel spike and injection, §7), must be the model's.
#[test]
fn spike_lists_and_delta_coding_on_the_list_memory_match_the_model() {
    // The 4 listed channels, delta's 2 and the Poisson 2, all on the chip, and the injections.
    let (compiled, model, records) = on_the_generators("tests/fixtures/lists.toml", 300, (0, 8));
    let plan = Plan::new(&compiled.inputs, &SMALL).unwrap();
    assert!(plan.host_inputs().sources().is_empty() && plan.schedule_len() == 40);
    let spikes: usize = model.iter().map(|r| r.spikes.len()).sum();
    let cycles: u64 = model.iter().map(|r| r.cycles).sum();
    println!("lists through the board top: {spikes} spikes, {cycles} core cycles");
    assert!(spikes > 50, "the network hardly spiked ({spikes})");
    assert_same(
        &model,
        &records,
        "spike lists, delta coding and injections on the generators",
    );
}

/// `BURST` on the board top with its core (`docs/host_link.md` §2): every word of a random
/// network's full image, runs of consecutive words packed into their lanes, lands where a `WRITE`
/// would have put it. The load is confirmed by the board's load checksum (`Session::load` fails
/// otherwise), and every word of every readable memory is read back and compared with the image,
/// as the core keeps it.
#[test]
fn a_full_image_in_bursts_reads_back_word_for_word() {
    let seed = 0x0B0A_4D02;
    let net = random_board_network(SMALL, seed, 10);
    println!("random network seed {seed:#x}");
    let mut session = session(FaultPlan::none());
    session.connect().unwrap();
    assert!(
        session.status(Phase::Load).unwrap().burst,
        "small takes BURSTs"
    );
    session.load(&net.image).unwrap();
    let words = image_writes(&net.image).count() as u64;
    let frames = session.stats().frames - 3;
    println!("{words} words in {frames} frames");
    assert!(3 * frames < words, "{frames} frames for {words} words");
    let mut checked = 0;
    for w in image_writes(&net.image).filter(|w| w.mem != mem::REGISTERS) {
        let want = if w.mem == mem::STATE {
            SMALL.stored_state(w.data)
        } else {
            w.data
        };
        let got = session.read(w.mem, w.addr).unwrap();
        assert_eq!(
            got, want,
            "seed {seed:#x}: memory {} word {}: board {got:#x}, image {want:#x}",
            w.mem, w.addr
        );
        checked += 1;
    }
    let registers = image_writes(&net.image)
        .filter(|w| w.mem == mem::REGISTERS)
        .count() as u64;
    assert_eq!(checked + registers, words, "every word but the registers");
}

#[test]
fn random_network_on_the_board_top_matches_the_model() {
    // A seed whose network updates a good share of the core and gets events most timesteps;
    // printed so a failure can be replayed.
    let seed = 0x0B0A_4D01;
    let steps = 100;
    let net = random_board_network(SMALL, seed, steps);
    println!(
        "random network seed {seed:#x}: {} neurons, {} events over {steps} timesteps",
        net.image.n_neurons,
        net.stimulus.iter().map(Vec::len).sum::<usize>()
    );
    // The first, a middle and the last updated neuron (none when no neuron is updated).
    let n = net.image.n_neurons;
    let mut probes: Vec<u32> = [0, n / 2, n.saturating_sub(1)]
        .into_iter()
        .filter(|&p| p < n)
        .collect();
    probes.dedup();
    let model = model_records(&net, &probes);

    let (clean, stats) = board_records(&net, &probes, FaultPlan::none(), "random clean");
    assert_same(&model, &clean, "random network, clean line");
    assert_eq!(stats.retries, 0);

    let fault_seed = seed ^ 0xFA17;
    println!("random network fault plan seed {fault_seed:#x}");
    let plan = FaultPlan::seeded(fault_seed, 1 << 24, FAULT_SPACING);
    let (damaged, stats) = board_records(&net, &probes, plan, "random damaged");
    assert_same(
        &model,
        &damaged,
        &format!("random network, damaged line (seed {fault_seed:#x})"),
    );
    assert!(
        stats.naks > 0,
        "seed {fault_seed:#x}: the board rejected no frame"
    );
    assert!(
        stats.garbled + stats.timeouts > 0,
        "seed {fault_seed:#x}: no reply was lost"
    );
}

/// A byte duplicated in a frame whose last byte is `0xA5`, on the Verilated board top: the board
/// answers the shifted frame with a `NAK`, begins a frame with the leftover `0xA5` and drops it after
/// `IDLE_BYTES` byte times; the host stays silent for `RESYNC_BYTES` (longer) and its retry is
/// applied (`docs/host_link.md` §2). The same case runs on the emulated board in `host/tests`.
#[test]
fn a_duplicated_byte_before_a_frame_ending_in_the_sync_byte_is_recovered() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/cpg.toml");
    let compiled = compile_file(&path, None).expect("examples/cpg.toml compiles");
    let probes = [0, 8];
    let steps = 60;
    let model = model_trace(&compiled, &probes, 1, steps);
    let run = |plan: FaultPlan, what: &str| {
        let board = board();
        let config = SessionConfig::new(board.clocks_per_bit());
        let mut tap = Tap {
            link: SimSerial::with_faults(board, plan),
            sent: Vec::new(),
        };
        let start = Instant::now();
        let mut session = Session::new(&mut tap, config);
        session.connect().unwrap_or_else(|e| panic!("{what}: {e}"));
        session
            .load_nonzero(&compiled.image)
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        let mut rec = BoardRecorder::resume(&mut session, &compiled, &probes);
        let records: Vec<Record> = (0..steps)
            .map(|_| rec.step().unwrap_or_else(|e| panic!("{what}: {e}")))
            .collect();
        drop(rec);
        let stats = *session.stats();
        report(what, &tap.link, &stats, start.elapsed().as_secs_f64());
        (records, stats, tap.sent, tap.link.faults())
    };
    let (clean, _, sent, _) = run(FaultPlan::none(), "clean");
    assert_same(&model, &clean, "cpg, clean line");
    let frame = first_frame_ending_in_sync(&sent)
        .expect("the cpg run sends a frame ending in 0xA5 (else run more timesteps)");
    let plan = FaultPlan::one(Direction::ToBoard, frame + 3, Fault::Duplicate);
    let what = format!("byte {} duplicated (frame at {frame})", frame + 3);
    let (board, stats, _, faults) = run(plan, &what);
    assert_same(&model, &board, &what);
    assert_eq!(faults.to_board, 1, "{what}");
    assert!(stats.naks >= 1 && stats.retries >= 1, "{what}: {stats:?}");
}

/// A board top that resets during the load, between the load and the first `STEP`, mid-run or
/// after the last `REPORT` stops the run with one error line (`STATUS`'s write count or the
/// `REPORT`'s timestep, `docs/host_link.md` §4); a reset before the first `WRITE` loses nothing.
/// Both kinds of reset: a power-up (a fresh board: memories as configured) and the `reset` pin
/// (memories kept, `docs/model.md` §7.1), held for one clock or for a byte time.
#[test]
fn a_board_reset_anywhere_is_reported_never_a_wrong_trace() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/cpg.toml");
    let compiled = compile_file(&path, None).expect("examples/cpg.toml compiles");
    let probes = [0, 8];
    let steps = 12;
    let model = model_trace(&compiled, &probes, 1, steps);
    // How the board resets: a power-up, or its `reset` pin held for this many clocks.
    #[derive(Clone, Copy, Debug)]
    enum How {
        PowerUp,
        Pin(usize),
    }
    let run = |at: u64, how: How| {
        let first = board();
        let config = SessionConfig::new(first.clocks_per_bit());
        let byte = (10 * first.clocks_per_bit()) as usize;
        // The board top resets just before the host sends frame `at`.
        let mut link = ResetBefore {
            link: SimSerial::new(first),
            at,
            sent: 0,
            reset: |line: &mut SimSerial<BoardRtl>| match how {
                How::PowerUp => line.power_cycle(board()),
                How::Pin(clocks) => line.press_reset(clocks.min(byte)),
            },
        };
        let mut session = Session::new(&mut link, config);
        let result = (|| {
            session.connect()?;
            session.load_nonzero(&compiled.image)?;
            let mut rec = BoardRecorder::resume(&mut session, &compiled, &probes);
            let records = (0..steps)
                .map(|_| rec.step())
                .collect::<Result<Vec<_>, _>>()?;
            rec.finish()?;
            Ok::<_, flux_host::SessionError>(records)
        })();
        (result, link.sent)
    };
    let (clean, frames) = run(u64::MAX, How::PowerUp);
    assert_same(&model, &clean.expect("clean run"), "cpg, clean line");
    // The frames: the PING, the non-zero writes, the load's STATUS, the run, the final STATUS.
    let writes = image_writes(&compiled.image)
        .filter(|w| w.data != 0 || w.mem == mem::REGISTERS)
        .count() as u64;
    let load_status = writes + 1;
    let points = [
        1,
        2,
        writes / 2,
        load_status,
        load_status + 1,
        load_status + 6,
        frames - 1,
    ];
    for how in [How::PowerUp, How::Pin(1), How::Pin(usize::MAX)] {
        for at in points {
            let (result, _) = run(at, how);
            match result {
                Ok(records) => {
                    assert!(
                        at <= 1,
                        "{how:?}: reset before frame {at} of {frames} went unnoticed"
                    );
                    assert_same(&model, &records, &format!("{how:?} before frame {at}"));
                }
                Err(e) => {
                    let msg = e.to_string();
                    println!("{how:?}: reset before frame {at} of {frames}: {msg}");
                    assert!(at >= 2, "{how:?}: reset before frame {at}: {msg}");
                    assert!(!msg.contains('\n'), "one line: {msg}");
                }
            }
        }
    }
}

/// `flux board run`'s load on the board top (`Session::load_fresh`, `docs/host_link.md` §4): a
/// fresh board says its memories hold their power-up zeros and gets the non-zero words only; after
/// its `reset` pin (memories kept, `STATUS` still says written) a new session writes every word,
/// and the run is the model's again: reset and a full reload make a fresh core
/// (`docs/model.md` §7.1) on the board too.
#[test]
fn after_the_reset_pin_a_full_reload_runs_as_a_fresh_board() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/cpg.toml");
    let compiled = compile_file(&path, None).expect("examples/cpg.toml compiles");
    let probes = [0, 8];
    let steps = 100;
    let model = model_trace(&compiled, &probes, 1, steps);
    let first = board();
    let config = SessionConfig::new(first.clocks_per_bit());
    let mut line = SimSerial::new(first);
    let all = image_writes(&compiled.image).count() as u64;
    for (round, full) in [(0, false), (1, true)] {
        if round == 1 {
            // Mid-way through nothing in particular: the last run left state, spikes and ring
            // inputs behind, which the reset and the reload must clear.
            line.press_reset(1);
        }
        let mut session = Session::new(&mut line, config);
        let mut rec = BoardRecorder::start(&mut session, &compiled, &probes)
            .unwrap_or_else(|e| panic!("round {round}: {e}"));
        let loaded = rec.loaded().expect("start loads");
        assert_eq!(loaded.full, full, "round {round}: {loaded:?}");
        assert_eq!(
            loaded.words == all,
            full,
            "round {round}: {loaded:?} of {all}"
        );
        let records: Vec<Record> = (0..steps)
            .map(|_| rec.step().unwrap_or_else(|e| panic!("round {round}: {e}")))
            .collect();
        rec.finish()
            .unwrap_or_else(|e| panic!("round {round}: {e}"));
        assert_same(&model, &records, &format!("round {round}"));
    }
}

/// `RUN` and `STREAM` on the board top: cpg across the start of its modulator input (t = 1000:
/// before it one `RUN` covers hundreds of timesteps, after it every timestep has an `EVENT` and a
/// `RUN` of one), on a clean and on a damaged line; the records are the model's, cycles included.
#[test]
fn streamed_cpg_on_the_board_top_matches_the_model() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/cpg.toml");
    let compiled = compile_file(&path, None).expect("examples/cpg.toml compiles");
    let steps = 1100;
    let model = model_trace(&compiled, &[], 1, steps);
    let (clean, stats) = run_compiled(
        &compiled,
        (&[], 1),
        steps,
        FaultPlan::none(),
        "cpg streamed",
    );
    assert_same(&model, &clean, "cpg streamed, clean line");
    assert_eq!(stats.retries, 0, "a clean line needs no retry");
    // t < 1000: a STREAM holds about 250 tokens, some 600 timesteps of cpg; t >= 1000: an EVENT
    // and a RUN per timestep.
    assert!(stats.frames <= 10 + 2 * (steps - 1000), "{stats:?}");

    // A STREAM is up to 1 KB: at one fault per FAULT_SPACING bytes nearly every try of a long
    // one would be hit. One per 1,500 bytes still hits the long STREAMs and many frames.
    // Probes every 100 timesteps: RUNs end at t = 99, 199, ..., where the state words are read.
    let probes = [0, 8];
    let model_every = model_trace(&compiled, &probes, 100, steps);
    let (every, _) = run_compiled(
        &compiled,
        (&probes, 100),
        steps,
        FaultPlan::none(),
        "cpg streamed, probes every 100",
    );
    assert_same(&model_every, &every, "cpg streamed, probes every 100");

    let seed = 0x5_7EA4;
    println!("streamed cpg fault plan seed {seed:#x}");
    let plan = FaultPlan::seeded(seed, 1 << 24, 1_500);
    let (damaged, stats) = run_compiled(&compiled, (&[], 1), steps, plan, "cpg streamed, damaged");
    assert_same(
        &model,
        &damaged,
        &format!("cpg streamed, damaged line (seed {seed:#x})"),
    );
    assert!(stats.retries > 0, "seed {seed:#x}: nothing was retried");
}

/// A random network whose events come every 16th timestep, streamed: timesteps of many spikes
/// fill the stream buffer, so `RUN`s end early and the host asks again.
#[test]
fn streamed_random_network_on_the_board_top_matches_the_model() {
    let seed = 0x0B0A_4D02;
    let mut net = random_board_network(SMALL, seed, 96);
    for (t, events) in net.stimulus.iter_mut().enumerate() {
        if t % 16 != 0 {
            events.clear();
        }
    }
    let model = model_records(&net, &[]);
    let spikes: usize = model.iter().map(|r| r.spikes.len()).sum();
    println!(
        "random network seed {seed:#x}: {} neurons, {spikes} spikes in {} timesteps",
        net.image.n_neurons,
        model.len()
    );
    let mut session = session(FaultPlan::none());
    session.connect().unwrap();
    session.load(&net.image).unwrap();
    let before = session.stats().frames;
    let mut board = Vec::new();
    let mut events = 0;
    for chunk in net.stimulus.chunks(16) {
        events += chunk[0].len() as u64;
        board.extend(session.run(&chunk[0], chunk.len() as u64).unwrap());
    }
    assert_same(
        &model,
        &board,
        &format!("random network {seed:#x}, streamed"),
    );
    let runs = session.stats().frames - before - events;
    println!("{runs} RUN frames for {} chunks", net.stimulus.len() / 16);
    // Not vacuous: some STREAM was cut short by the buffer (more RUNs than chunks).
    assert!(
        runs > (net.stimulus.len() / 16) as u64,
        "no RUN was cut short"
    );
}

/// A silent network asked for more than the longest `RUN`: its 65,538 timesteps of equal cycles
/// come back as end records of `MAX_RUN` (255) timesteps, many to a `STREAM`, in as many `RUN`s as
/// the board's stream buffer needs (`stream::Encoder`).
#[test]
fn the_longest_runs_come_back_whole() {
    use flux_sim::link::stream::{Encoder, MAX_RUN, MAX_STEPS};
    let compiled = flux_sim::compile::compile_str(
        "[[profile]]\nname = \"p\"\nkind = \"flux\"\nthr = 100\n\n\
         [[population]]\nname = \"a\"\nsize = 2\nprofile = \"p\"\n",
        "silent.toml",
        Some(SMALL),
    )
    .unwrap();
    let steps = u64::from(MAX_STEPS) + 3;
    let model = model_trace(&compiled, &[], 1, steps);
    assert!(model.iter().all(|r| r.spikes.is_empty()));
    let cycles = model[0].cycles as u32;
    assert!(model.iter().all(|r| r.cycles == u64::from(cycles)));
    // The RUNs the board needs: each as long as the buffer holds, at most MAX_STEPS.
    let (mut runs, mut left) = (0, steps);
    while left > 0 {
        let mut e = Encoder::new(SMALL.neurons);
        while u64::from(e.steps()) < left.min(u64::from(MAX_STEPS)) && e.has_room() {
            e.push(cycles, &[]);
        }
        let ran = u64::from(e.steps());
        assert!(
            ran == left || ran > 10 * u64::from(MAX_RUN),
            "a STREAM holds many records"
        );
        left -= ran;
        runs += 1;
    }
    let (board, stats) = run_compiled(&compiled, (&[], 1), steps, FaultPlan::none(), "silent");
    assert_same(&model, &board, "silent network, streamed");
    // And first, on a board with the input generators, the WRITE that switches them off (this
    // network has no input to put on them; `input_gen::off_writes`).
    let off = flux_sim::input_gen::off_writes().len() as u64 * u64::from(SMALL.generators);
    assert_eq!(stats.frames, runs + off, "{stats:?}");
}
