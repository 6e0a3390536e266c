//! The host session against the emulated board: the records it produces are the model's, with and
//! without damage on the line, and what cannot be recovered stops with an error that names the
//! command, the timestep and the last failure.

use std::path::Path;

use flux_host::emulated::EmulatedBoard;
use flux_host::fault::{Direction, Fault, FaultPlan, ResetBefore, Tap, first_frame_ending_in_sync};
use flux_host::frame::{
    COMMAND_LEN, Command, CommandFrame, NakReason, Reply, ReplyBody, crc_bytes,
};
use flux_host::link::LinkError;
use flux_host::session::{Failure, Phase, image_writes, load_frames, nonzero_image_writes};
use flux_host::{BoardRecorder, Link, Session, SessionConfig, SessionError};
use flux_sim::compile::{Compiled, compile_file, compile_str};
use flux_sim::image::Event;
use flux_sim::input_gen::{self, Plan};
use flux_sim::spec::mem;
use flux_sim::spec::{Preset, SMALL, UP5K};
use flux_sim::trace::{Record, Recorder};

/// A FLUX network with a poisson input and current injections, one of them (`hold`, a 0 into
/// neuron 1) endless, which keeps every injection off the chip's schedule (`docs/model.md` §9.1):
/// the host sends `EVENT`s in every timestep, the board's generators draw the Poisson channels.
const NET: &str = r#"
[[profile]]
name = "p"
kind = "flux"
thr = 60
leak = 2
ref_period = 1

[[population]]
name = "a"
size = 12
profile = "p"

[[input]]
name = "noise"
kind = "poisson"
channels = 3
p16 = 30000
seed = 11

[[input]]
name = "kick"
kind = "current"
to = "a"
neurons = [0, 5, 11]
value = -32768
start = 3
stop = 9

[[input]]
name = "push"
kind = "current"
to = "a"
value = 32767
times = [1, 4, 20]

[[input]]
name = "hold"
kind = "current"
to = "a"
neurons = [1]
value = 0

[[projection]]
from = "noise"
to = "a"
connect = "all_to_all"
weight = 40

[[projection]]
from = "a"
to = "a"
connect = { fixed_probability = 0.3, seed = 5 }
weight = -20
delay = 2
"#;

/// The emulated board runs at the simulation's bit time; only timeouts depend on it.
const CLOCKS_PER_BIT: u32 = 8;

fn net() -> Compiled {
    compile_str(NET, "net.toml", Some(SMALL)).expect("the test network compiles")
}

fn model_records(compiled: &Compiled, probes: &[u32], steps: u64) -> Vec<Record> {
    model_records_every(compiled, probes, 1, steps)
}

/// The model's records, the probes read every `every` timesteps.
fn model_records_every(compiled: &Compiled, probes: &[u32], every: u64, steps: u64) -> Vec<Record> {
    let mut r = Recorder::new(compiled, probes).with_probe_every(every);
    (0..steps).map(|_| r.step()).collect()
}

fn board_records(
    session: &mut Session<EmulatedBoard>,
    compiled: &Compiled,
    probes: &[u32],
    steps: u64,
) -> Result<Vec<Record>, SessionError> {
    let mut r = BoardRecorder::start(session, compiled, probes)?;
    (0..steps).map(|_| r.step()).collect()
}

/// The frames the recorder sends before each of the first `steps` timesteps: its `EVENT`s and,
/// on a board with input generators, their `WRITE`s (`input_gen::writes_before`).
fn events_per_timestep(compiled: &Compiled, steps: u64) -> Vec<u64> {
    let preset = compiled.image.preset;
    let plan = Plan::new(&compiled.inputs, &preset);
    let mut inputs = input_gen::host_inputs(plan.as_ref(), &compiled.inputs);
    let mut events = Vec::new();
    (0..steps)
        .map(|t| {
            inputs.events_at(t, &mut events);
            let writes = input_gen::writes_before(plan.as_ref(), preset.generators, t).len();
            (events.len() + writes) as u64
        })
        .collect()
}

/// The first record that differs, for a readable failure.
fn assert_same(model: &[Record], board: &[Record], what: &str) {
    assert_eq!(model.len(), board.len(), "{what}: record count");
    for (m, b) in model.iter().zip(board) {
        assert_eq!(m, b, "{what}: first differing record at t = {}", m.t);
    }
}

#[test]
fn clean_line_gives_the_model_trace() {
    let compiled = net();
    let probes: Vec<u32> = (0..compiled.image.n_neurons).collect();
    let steps = 40;
    let model = model_records(&compiled, &probes, steps);
    // Not vacuous: the network spikes and its events arrive.
    assert!(model.iter().map(|r| r.spikes.len()).sum::<usize>() > 10);

    let mut session = Session::new(
        EmulatedBoard::new(compiled.image.preset),
        SessionConfig::new(CLOCKS_PER_BIT),
    );
    let board = board_records(&mut session, &compiled, &probes, steps).unwrap();
    assert_same(&model, &board, "clean line");
    let stats = *session.stats();
    assert_eq!(stats.retries, 0);
    assert_eq!(stats.naks, 0);
    // One PING, a STATUS (the board is fresh: its memories hold zeros), the image's non-zero words
    // (runs of consecutive ones in BURSTs) and a STATUS, then per timestep its events, one STEP and
    // one READ per probe.
    let n_events: u64 = events_per_timestep(&compiled, steps).iter().sum();
    let preset = compiled.image.preset;
    assert!(preset.burst);
    let nonzero = nonzero_image_writes(&compiled.image).count() as u64;
    let writes = load_frames(&preset, nonzero_image_writes(&compiled.image), true).len() as u64;
    assert!(writes < nonzero, "some BURSTs");
    assert!(nonzero < image_writes(&compiled.image).count() as u64);
    assert_eq!(
        stats.frames,
        1 + 1 + writes + 1 + n_events + steps * (1 + probes.len() as u64)
    );
    assert_eq!(session.link().applied(), stats.frames);
}

#[test]
fn cpg_example_matches_the_model() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/cpg.toml");
    let compiled = compile_file(&path, None).unwrap();
    let probes = compiled.run_probe_ids();
    let steps = 120;
    let model = model_records(&compiled, &probes, steps);
    let mut session = Session::new(
        EmulatedBoard::new(compiled.image.preset),
        SessionConfig::new(CLOCKS_PER_BIT),
    );
    let board = board_records(&mut session, &compiled, &probes, steps).unwrap();
    assert_same(&model, &board, "cpg");
}

#[test]
fn damaged_line_still_gives_the_model_trace() {
    let compiled = net();
    let probes = [0, 5, 11];
    let steps = 60;
    let model = model_records(&compiled, &probes, steps);
    for seed in [1u64, 2, 3, 4] {
        println!("fault plan seed {seed}");
        // About one fault per 300 bytes each way: a frame and its reply are ~35 bytes, so roughly
        // one command in ten is hit, in either direction.
        let plan = FaultPlan::seeded(seed, 1 << 20, 300);
        let mut session = Session::new(
            EmulatedBoard::with_faults(compiled.image.preset, plan),
            SessionConfig::new(CLOCKS_PER_BIT),
        );
        let board = board_records(&mut session, &compiled, &probes, steps)
            .unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        assert_same(&model, &board, &format!("seed {seed}"));
        let stats = *session.stats();
        let faults = session.link().faults();
        println!("  {stats:?}, {faults:?}");
        assert!(faults.to_board > 0 && faults.to_host > 0, "seed {seed}");
        assert!(
            stats.retries > 0 && stats.naks > 0,
            "seed {seed}: {stats:?}"
        );
        // Every retry answered a failure; the board applied each command exactly once.
        assert!(stats.retries >= stats.naks);
        assert_eq!(session.link().t(), steps);
    }
}

/// Runs connect and load on a clean line, then damages the byte at `at` (counted from the end of
/// the load) with `fault`, and runs the timesteps.
fn run_with_one_fault(
    compiled: &Compiled,
    probes: &[u32],
    steps: u64,
    direction: Direction,
    at: u64,
    fault: Fault,
) -> (Vec<Record>, Session<EmulatedBoard>) {
    let what = format!("{fault:?} {direction:?} at run byte {at}");
    let mut session = Session::new(
        EmulatedBoard::new(compiled.image.preset),
        SessionConfig::new(CLOCKS_PER_BIT),
    );
    let mut rec = BoardRecorder::start(&mut session, compiled, probes).unwrap();
    rec.session_mut()
        .link_mut()
        .set_faults(FaultPlan::one(direction, at, fault));
    let records = (0..steps)
        .map(|_| rec.step().unwrap_or_else(|e| panic!("{what}: {e}")))
        .collect();
    drop(rec);
    (records, session)
}

/// One fault at every few bytes of a run, each kind, each way: wherever it lands (an EVENT, a
/// STEP, a READ, their replies) the trace is the model's, and no timestep runs twice. A reply lost
/// after the board applied its frame is answered from memory on the retry, so a STEP is not run
/// twice and an EVENT is not queued twice.
#[test]
fn one_fault_anywhere_in_a_run_is_recovered() {
    let compiled = net();
    let probes = [0u32, 7];
    let steps = 8;
    let model = model_records(&compiled, &probes, steps);
    // The bytes a clean run puts on the line, each way.
    let (clean, session) = run_with_one_fault(
        &compiled,
        &probes,
        steps,
        Direction::ToHost,
        u64::MAX,
        Fault::Drop,
    );
    assert_same(&model, &clean, "clean");
    let start = {
        let mut s = Session::new(
            EmulatedBoard::new(SMALL),
            SessionConfig::new(CLOCKS_PER_BIT),
        );
        BoardRecorder::start(&mut s, &compiled, &probes).unwrap();
        s.link().line_position()
    };
    let end = session.link().line_position();
    let run_bytes = [end.0 - start.0, end.1 - start.1];
    let mut recovered = 0;
    for (d, direction) in [Direction::ToBoard, Direction::ToHost]
        .into_iter()
        .enumerate()
    {
        // Every 7th byte: coprime with the 26-byte frames and the 7-byte ACKs, so the faults
        // visit every position within a frame.
        for (i, at) in (0..run_bytes[d]).step_by(7).enumerate() {
            let fault = match i % 3 {
                0 => Fault::Flip { bit: (i % 8) as u8 },
                1 => Fault::Drop,
                _ => Fault::Truncate {
                    len: 1 + (i % 30) as u32,
                },
            };
            let (board, session) =
                run_with_one_fault(&compiled, &probes, steps, direction, at, fault);
            let what = format!("{fault:?} {direction:?} at run byte {at}");
            assert_same(&model, &board, &what);
            assert_eq!(session.link().t(), steps, "{what}: a timestep ran twice");
            assert!(
                session.stats().retries >= 1,
                "{what}: the fault went unnoticed"
            );
            recovered += 1;
        }
    }
    println!("{recovered} single faults recovered over {run_bytes:?} run bytes");
}

#[test]
fn a_dead_line_names_command_phase_and_failure() {
    let compiled = net();
    // Every byte to the board dropped: PING never gets an answer.
    let mut plan = FaultPlan::none();
    for i in 0..10_000 {
        plan.to_board.insert(i, Fault::Drop);
    }
    let mut config = SessionConfig::new(CLOCKS_PER_BIT);
    config.max_tries = 3;
    let mut session = Session::new(EmulatedBoard::with_faults(SMALL, plan), config);
    let err = BoardRecorder::start(&mut session, &compiled, &[])
        .err()
        .expect("no reply can come");
    assert!(
        matches!(
            &err,
            SessionError::Exhausted {
                command: "PING",
                phase: Phase::Connect,
                tries: 3,
                last: Failure::Timeout { .. },
            }
        ),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        format!(
            "PING while connecting: no good reply after 3 tries; last failure: no reply within {} byte times",
            config.reply_timeout
        )
    );
}

#[test]
fn a_line_that_damages_every_reply_stops_at_the_first_command_of_the_timestep() {
    let compiled = net();
    let mut session = Session::new(
        EmulatedBoard::new(SMALL),
        SessionConfig::new(CLOCKS_PER_BIT),
    );
    let mut rec = BoardRecorder::start(&mut session, &compiled, &[]).unwrap();
    rec.step().unwrap();
    rec.step().unwrap();
    // From timestep 2 on, bit 0 of byte 1 of every reply (its `kind`) flips: 2048 faults cover
    // far more replies than 8 tries send.
    let mut plan = FaultPlan::none();
    let mut pos = 0;
    for _ in 0..2048 {
        plan.to_host.insert(pos + 1, Fault::Flip { bit: 0 });
        // Every reply here is a 7-byte ACK or NAK, or a REPORT; flipping `kind` damages the CRC
        // whatever follows, and the next reply starts 7 bytes on for an ACK.
        pos += 7;
    }
    rec.session_mut().link_mut().set_faults(plan);
    let err = rec.step().unwrap_err();
    // Timestep 2 of the network has events ("push" at 1 and 4 only, but the poisson channels
    // spike with p = 30000/65536), so its first command is an EVENT or, without any, the STEP.
    let text = err.to_string();
    assert!(
        text.contains(" at timestep 2: no good reply after 8 tries; last failure: "),
        "{text}"
    );
    assert!(
        text.starts_with("EVENT") || text.starts_with("STEP"),
        "{text}"
    );
}

#[test]
fn a_full_input_fifo_is_refused_not_retried() {
    let compiled = net();
    let mut session = Session::new(
        EmulatedBoard::new(SMALL),
        SessionConfig::new(CLOCKS_PER_BIT),
    );
    session.connect().unwrap();
    session.load(&compiled.image).unwrap();
    // One event more than the FIFO holds: the last EVENT gets NAK 4.
    let events = vec![Event::Spike { channel: 0 }; SMALL.input_fifo as usize + 1];
    let err = session.step(&events, &[]).unwrap_err();
    assert!(
        matches!(
            err,
            SessionError::Refused {
                command: "EVENT",
                phase: Phase::Timestep(0),
                reason: NakReason::FifoFull,
            }
        ),
        "{err:?}"
    );
    assert_eq!(session.stats().retries, 0);
    assert_eq!(
        err.to_string(),
        "EVENT at timestep 0: the board refused it: input FIFO full"
    );
}

#[test]
fn connect_gets_past_a_seq_remembered_from_an_earlier_session() {
    let mut board = EmulatedBoard::new(SMALL);
    // An earlier session's last command: STEP with seq 1, the seq a new session's first PING uses.
    board
        .send(&CommandFrame::bare(Command::Step, 1).encode())
        .unwrap();
    while board.recv_byte(1).unwrap().is_some() {}
    assert_eq!(board.t(), 1);
    let mut session = Session::new(&mut board, SessionConfig::new(CLOCKS_PER_BIT));
    session.connect().unwrap();
    // The first PING was answered with the stored REPORT; the second, with seq 2, with an ACK.
    assert_eq!(session.stats().frames, 2);
    assert_eq!(session.stats().stray, 1);
    assert_eq!(board.t(), 1, "the stored STEP was not run again");
}

#[test]
fn reads_return_the_memories() {
    let compiled = net();
    let mut session = Session::new(
        EmulatedBoard::new(SMALL),
        SessionConfig::new(CLOCKS_PER_BIT),
    );
    session.connect().unwrap();
    session.load(&compiled.image).unwrap();
    let image = &compiled.image;
    assert_eq!(session.read(mem::PROFILES, 0).unwrap(), image.profiles[0]);
    assert_eq!(session.read(mem::STATE, 3).unwrap(), image.state[3]);
    let last = image.preset.sources() - 1;
    assert_eq!(
        session.read(mem::FANOUT, last).unwrap(),
        u128::from(image.fanout[last as usize])
    );
    assert_eq!(
        session.read(mem::SYNAPSES, 1).unwrap(),
        u128::from(image.synapses[1])
    );
}

#[test]
fn steps_before_a_load_are_refused() {
    let mut session = Session::new(
        EmulatedBoard::new(SMALL),
        SessionConfig::new(CLOCKS_PER_BIT),
    );
    assert!(matches!(
        session.step(&[], &[]),
        Err(SessionError::NotLoaded)
    ));
}

/// A line that chatters (bytes keep arriving, never a reply's sync byte) ends the session with one
/// error within the retry budget instead of a search without end.
#[test]
fn a_chattering_line_ends_the_session_with_an_error() {
    struct Chatter {
        sent: usize,
        received: u64,
    }
    impl Link for Chatter {
        fn send(&mut self, bytes: &[u8]) -> Result<(), flux_host::LinkError> {
            self.sent += bytes.len();
            Ok(())
        }
        fn recv_byte(&mut self, _timeout: u32) -> Result<Option<u8>, flux_host::LinkError> {
            self.received += 1;
            // Anything but the reply sync byte, without a pause.
            Ok(Some(0x55))
        }
    }
    let mut line = Chatter {
        sent: 0,
        received: 0,
    };
    let err = Session::new(&mut line, SessionConfig::new(CLOCKS_PER_BIT))
        .connect()
        .unwrap_err()
        .to_string();
    eprintln!("{err} ({} bytes read)", line.received);
    assert!(!err.contains('\n'), "one line: {err}");
    assert!(
        err.contains("sync byte") || err.contains("did not fall quiet"),
        "{err}"
    );
    // Bounded: a few frames' worth of bytes per try, not millions.
    assert!(line.received < 10_000_000, "{} bytes read", line.received);
    assert!(line.sent > 0);
}

/// A byte duplicated in a frame whose last byte is the sync byte `0xA5`: the board takes the first
/// 26 bytes as a frame (bad CRC, `NAK` 1) and begins a new frame with the leftover `0xA5`. The host's
/// silence before the retry is longer than the gap that drops that frame (`RESYNC_BYTES >
/// IDLE_BYTES`, `docs/host_link.md` §2), so the retry is applied and the trace is the model's. With
/// equal silences every retry landed in a frame begun by the previous one and the run failed.
#[test]
fn a_duplicated_byte_before_a_frame_ending_in_the_sync_byte_is_recovered() {
    let compiled = net();
    let probes = [0u32, 7];
    // Long enough that one of the frames ends in 0xA5 (its CRC's last byte: about one frame in
    // 256; 30 steps were enough until the load sequence gained the noise registers).
    let steps = 100;
    let model = model_records(&compiled, &probes, steps);
    let mut tap = Tap {
        link: EmulatedBoard::new(compiled.image.preset),
        sent: Vec::new(),
    };
    let mut session = Session::new(&mut tap, SessionConfig::new(CLOCKS_PER_BIT));
    // Every input from the host (this network's frames include one ending in 0xA5).
    let mut rec = BoardRecorder::start(&mut session, &compiled, &probes)
        .unwrap()
        .with_generators(false);
    let clean: Vec<Record> = (0..steps).map(|_| rec.step().unwrap()).collect();
    assert_same(&model, &clean, "clean");
    let frame = first_frame_ending_in_sync(&tap.sent)
        .expect("a clean run sends a frame ending in 0xA5 (else choose another network)");
    // The duplicate at each position of the frame: the leftover is always its last byte.
    for at in [frame, frame + 1, frame + COMMAND_LEN as u64 - 2] {
        let plan = FaultPlan::one(Direction::ToBoard, at, Fault::Duplicate);
        let mut session = Session::new(
            EmulatedBoard::with_faults(compiled.image.preset, plan),
            SessionConfig::new(CLOCKS_PER_BIT),
        );
        let what = format!("byte {at} duplicated (frame at {frame})");
        let mut rec = BoardRecorder::start(&mut session, &compiled, &probes)
            .unwrap_or_else(|e| panic!("{what}: {e}"))
            .with_generators(false);
        let board: Vec<Record> = (0..steps)
            .map(|_| rec.step().unwrap_or_else(|e| panic!("{what}: {e}")))
            .collect();
        assert_same(&model, &board, &what);
        assert_eq!(session.link().faults().to_board, 1, "{what}");
        // Both frames were answered with NAKs: the shifted one (CRC) and the stray one (gap).
        assert!(session.stats().naks >= 1, "{what}: {:?}", session.stats());
        assert_eq!(session.link().t(), steps, "{what}");
    }
}

/// The emulated board, reset just before the host sends its frame number `at` (from 0).
fn reset_before(at: u64) -> ResetBefore<EmulatedBoard, fn(&mut EmulatedBoard)> {
    ResetBefore {
        link: EmulatedBoard::new(SMALL),
        at,
        sent: 0,
        reset: EmulatedBoard::reset,
    }
}

/// A run as `flux board run` makes it: start, the timesteps, the final check.
fn full_run<L: Link>(
    session: &mut Session<L>,
    compiled: &Compiled,
    probes: &[u32],
    steps: u64,
) -> Result<Vec<Record>, SessionError> {
    let mut rec = BoardRecorder::start(session, compiled, probes)?;
    let records = (0..steps)
        .map(|_| rec.step())
        .collect::<Result<Vec<_>, _>>()?;
    rec.finish()?;
    Ok(records)
}

/// A board that resets anywhere in a run (during the load, between the load and the first STEP,
/// mid-run, after the last REPORT) stops the run with an error: a wrong trace is never returned.
/// Only a reset before the first WRITE loses nothing, and that run is the model's.
#[test]
fn a_board_reset_anywhere_is_reported_never_a_wrong_trace() {
    let compiled = net();
    let probes = [0u32, 7];
    let steps = 6;
    let model = model_records(&compiled, &probes, steps);
    let mut clean = Session::new(reset_before(u64::MAX), SessionConfig::new(CLOCKS_PER_BIT));
    assert_same(
        &model,
        &full_run(&mut clean, &compiled, &probes, steps).unwrap(),
        "clean",
    );
    let frames = clean.link().sent;
    let preset = compiled.image.preset;
    let writes = load_frames(&preset, nonzero_image_writes(&compiled.image), true).len() as u64;
    // Frame 0 is the PING, 1 the STATUS that finds the memories at zero, 2..=writes + 1 the load
    // (its non-zero words in WRITEs and BURSTs), then the load's STATUS, the run, the final STATUS. A reset before
    // frame 2 loses nothing: the memories are zero again and nothing was written.
    let load_status = writes + 2;
    let mut points: Vec<u64> = (0..=load_status).step_by(17).collect();
    points.extend([1, 2, 3, writes, load_status, load_status + 1]);
    points.extend(load_status + 1..frames);
    let mut reported = 0;
    for at in points {
        let mut session = Session::new(reset_before(at), SessionConfig::new(CLOCKS_PER_BIT));
        match full_run(&mut session, &compiled, &probes, steps) {
            Ok(records) => {
                assert!(at <= 2, "reset before frame {at} went unnoticed");
                assert_same(&model, &records, &format!("reset before frame {at}"));
            }
            Err(e) => {
                let msg = e.to_string();
                assert!(at >= 3, "reset before frame {at}: {msg}");
                assert!(!msg.contains('\n'), "one line: {msg}");
                assert!(
                    matches!(e, SessionError::Reset { .. } | SessionError::Report { .. }),
                    "reset before frame {at}: {msg}"
                );
                reported += 1;
            }
        }
    }
    println!("{reported} resets reported over {frames} frames");
    assert!(reported > 50);
}

/// `estimate` predicts every byte a run puts on the line, each way: connect and load, then the
/// timesteps with their events, `STEP`s or `RUN`s, probe reads and the final STATUS, recorded in
/// `RUN_CHUNK` calls as `flux board run` does: stepped (probes every timestep), streamed (none),
/// and streamed between reads every K, over cpg's quiet first 1,000 timesteps and its input from
/// t = 1000, across chunk boundaries.
#[test]
fn the_estimate_counts_the_bytes_of_a_run() {
    let compiled = net();
    let cpg = compile_file(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/cpg.toml"),
        None,
    )
    .unwrap();
    let est = flux_host::estimate::estimate(&compiled, &[0, 7, 11], 1, 25);
    let model = model_records(&compiled, &[], 25);
    assert_eq!(est.cycles, model.iter().map(|r| r.cycles).sum::<u64>());
    assert_eq!(
        est.spikes,
        model.iter().map(|r| r.spikes.len() as u64).sum::<u64>()
    );
    assert!(est.events > 0 && est.spikes > 0);

    let cases: [(&str, &Compiled, &[u32], u64, u64); 5] = [
        ("net stepped", &compiled, &[0, 7, 11], 1, 25),
        ("net streamed", &compiled, &[], 1, 25),
        ("net every 4", &compiled, &[0, 7, 11], 4, 25),
        ("cpg streamed", &cpg, &[], 1, 2100),
        ("cpg every 50", &cpg, &[0, 8], 50, 2100),
    ];
    for (what, compiled, probes, every, steps) in cases {
        let est = flux_host::estimate::estimate(compiled, probes, every, steps);
        let mut session = Session::new(
            EmulatedBoard::new(compiled.image.preset),
            SessionConfig::new(CLOCKS_PER_BIT),
        );
        let mut rec = BoardRecorder::start(&mut session, compiled, probes)
            .unwrap()
            .with_probe_every(every);
        let start = rec.session().link().line_position();
        assert_eq!(start, (est.load.to_board, est.load.to_host), "{what}: load");
        let mut done = 0;
        while done < steps {
            let n = (steps - done).min(flux_host::session::RUN_CHUNK);
            rec.run(n).unwrap();
            done += n;
        }
        rec.finish().unwrap();
        let end = session.link().line_position();
        let line = (end.0 - start.0, end.1 - start.1);
        assert_eq!(line, (est.run.to_board, est.run.to_host), "{what}: run");
        if probes.is_empty() {
            assert_eq!(est.run, est.run_streamed, "{what}");
        }
        println!("{what}: {steps} timesteps in {} bytes", est.run.bytes());
    }
}

/// What `flux board run` loads (`Session::load_fresh`, `docs/host_link.md` §4): on a fresh board,
/// whose `STATUS` says its memories hold their power-up zeros, only the non-zero words; on a
/// board written since power-up, every word. The run after the full load is the model's, and the
/// estimate predicts both loads to the byte.
#[test]
fn a_fresh_board_gets_the_nonzero_words_and_a_written_one_every_word() {
    let compiled = net();
    let probes = [0u32, 7];
    let steps = 10;
    let model = model_records(&compiled, &probes, steps);
    let est = flux_host::estimate::estimate(&compiled, &probes, 1, steps);
    let config = SessionConfig::new(CLOCKS_PER_BIT);
    let mut board = EmulatedBoard::new(compiled.image.preset);

    let mut first = Session::new(&mut board, config);
    first.connect().unwrap();
    let load = first.load_fresh(&compiled.image).unwrap();
    let nonzero = nonzero_image_writes(&compiled.image).count() as u64;
    assert_eq!((load.words, load.full), (nonzero, false));
    assert_eq!(est.fresh_writes, nonzero);
    let after_first = board.line_position();
    assert_eq!(
        (after_first.0, after_first.1),
        (est.load.to_board, est.load.to_host)
    );

    // The board was written since power-up: a new session cannot trust its memories.
    let mut second = Session::new(&mut board, config);
    let mut rec = BoardRecorder::start(&mut second, &compiled, &probes).unwrap();
    let all = image_writes(&compiled.image).count() as u64;
    assert!(nonzero < all);
    assert_eq!(
        rec.loaded().map(|l| (l.words, l.full)),
        Some((all, true)),
        "a written board gets every word"
    );
    let (to_board, to_host) = rec.session().link().line_position();
    assert_eq!(
        (to_board - after_first.0, to_host - after_first.1),
        (est.reload.to_board, est.reload.to_host),
        "reload"
    );
    let records: Vec<Record> = (0..steps).map(|_| rec.step().unwrap()).collect();
    rec.finish().unwrap();
    assert_same(&model, &records, "after a full reload");
}

/// `BoardRecorder::run` without probes: each timestep with events and the quiet ones after it are
/// one `RUN`, answered by `STREAM`s; the records are the model's, cycles included.
#[test]
fn streamed_runs_give_the_model_trace() {
    let cpg = compile_file(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/cpg.toml"),
        None,
    )
    .unwrap();
    // cpg: no events before t = 1000, then one every timestep. NET: events in most timesteps.
    for (what, compiled, steps) in [("cpg", &cpg, 1100u64), ("net", &net(), 60)] {
        let model = model_records(compiled, &[], steps);
        let mut session = Session::new(
            EmulatedBoard::new(compiled.image.preset),
            SessionConfig::new(CLOCKS_PER_BIT),
        );
        let mut rec = BoardRecorder::start(&mut session, compiled, &[]).unwrap();
        let before = rec.session().stats().frames;
        // In two calls, so that the second starts where the first stopped.
        let mut board = rec.run(steps / 2).unwrap();
        board.extend(rec.run(steps - steps / 2).unwrap());
        rec.finish().unwrap();
        assert_same(&model, &board, what);
        let frames = session.stats().frames - before - 1;
        // Per timestep with events: its EVENTs and one RUN; the first timestep of each call too.
        let (mut runs, mut n_events) = (0u64, 0u64);
        for (t, n) in events_per_timestep(compiled, steps).into_iter().enumerate() {
            n_events += n;
            runs += u64::from(n > 0 || t == 0 || t as u64 == steps / 2);
        }
        println!("{what}: {steps} timesteps in {frames} frames ({runs} RUNs)");
        // cpg's first 1000 timesteps take a handful of RUNs (each STREAM holds about 250 tokens).
        assert!(frames >= n_events + runs, "{what}: {frames}");
        assert!(frames <= n_events + runs + steps / 100, "{what}: {frames}");
    }
}

/// A damaged `RUN` or `STREAM` is recovered as a `STEP` is: the frame again with its `seq`, and
/// the board answers a retry with the stored `STREAM`, never by running again.
#[test]
fn damaged_streams_are_recovered_without_running_twice() {
    let compiled = net();
    let steps = 80;
    let model = model_records(&compiled, &[], steps);
    for seed in [5u64, 6, 7] {
        println!("fault plan seed {seed}");
        let plan = FaultPlan::seeded(seed, 1 << 20, 150);
        let mut session = Session::new(
            EmulatedBoard::with_faults(compiled.image.preset, plan),
            SessionConfig::new(CLOCKS_PER_BIT),
        );
        // Every input from the host: a RUN per timestep with events, so many short STREAMs.
        let mut rec = BoardRecorder::start(&mut session, &compiled, &[])
            .unwrap_or_else(|e| panic!("seed {seed}: {e}"))
            .with_generators(false);
        let board = rec
            .run(steps)
            .unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        assert_same(&model, &board, &format!("seed {seed}"));
        let stats = *session.stats();
        assert!(stats.retries > 0, "seed {seed}: {stats:?}");
        assert_eq!(
            session.link().t(),
            steps,
            "seed {seed}: a timestep ran twice"
        );
    }
}

#[test]
fn a_run_of_zero_or_too_many_timesteps_is_refused() {
    let compiled = net();
    let mut session = Session::new(
        EmulatedBoard::new(compiled.image.preset),
        SessionConfig::new(CLOCKS_PER_BIT),
    );
    BoardRecorder::start(&mut session, &compiled, &[]).unwrap();
    for steps in [0, flux_sim::link::stream::MAX_STEPS + 1] {
        let bytes = CommandFrame::run(9, steps).encode();
        session.link_mut().send(&bytes).unwrap();
        let mut reply = Vec::new();
        while let Some(b) = session.link_mut().recv_byte(8).unwrap() {
            reply.push(b);
        }
        let reply = flux_host::frame::Reply::decode(&reply).unwrap();
        assert_eq!(
            reply.body,
            flux_host::frame::ReplyBody::Nak(NakReason::BadArgument),
            "RUN {steps}"
        );
    }
    assert_eq!(session.link().t(), 0);
}

/// Probes every K timesteps: the board runs on its own between two reads (`RUN`s ending at the
/// due timesteps, then `READ`s); the records are those of the model's recorder with the same K.
#[test]
fn probes_every_k_timesteps_give_the_model_trace() {
    let cpg = compile_file(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/cpg.toml"),
        None,
    )
    .unwrap();
    let probes = [0u32, 8];
    for (what, compiled, steps, every) in [("cpg", &cpg, 1100u64, 50u64), ("net", &net(), 60, 7)] {
        let model = model_records_every(compiled, &probes, every, steps);
        assert_eq!(
            model.iter().filter(|r| !r.probes.is_empty()).count() as u64,
            steps / every
        );
        let mut session = Session::new(
            EmulatedBoard::new(compiled.image.preset),
            SessionConfig::new(CLOCKS_PER_BIT),
        );
        let mut rec = BoardRecorder::start(&mut session, compiled, &probes)
            .unwrap()
            .with_probe_every(every);
        let before = rec.session().stats().frames;
        let mut board = rec.run(steps / 3).unwrap();
        board.extend(rec.run(steps - steps / 3).unwrap());
        rec.finish().unwrap();
        assert_same(&model, &board, what);
        let frames = session.stats().frames - before;
        println!("{what}: {steps} timesteps, probes every {every}, in {frames} frames");
        // Stepping would send every event, a STEP and a READ per probe in every timestep.
        let n_events: u64 = events_per_timestep(compiled, steps).iter().sum();
        let stepped = n_events + steps * (1 + probes.len() as u64);
        assert!(
            frames < stepped,
            "{what}: {frames} frames, stepping {stepped}"
        );
    }
}

/// A board whose input generators an earlier run left walking (no reset since): a run that drives
/// every input from the host switches them off first, else their spikes would join its own and the
/// trace would be wrong with exit 0.
#[test]
fn a_host_driven_run_switches_generators_left_on_off() {
    let compiled = net();
    let steps = 30;
    let model = model_records(&compiled, &[], steps);
    let mut session = Session::new(
        EmulatedBoard::new(compiled.image.preset),
        SessionConfig::new(CLOCKS_PER_BIT),
    );
    // What an earlier run with the generators leaves on the board: the register and the entries.
    let plan = Plan::new(&compiled.inputs, &compiled.image.preset).expect("noise goes on the chip");
    session.connect().unwrap();
    session.write_all(plan.load(), Phase::Load).unwrap();
    let mut rec = BoardRecorder::start(&mut session, &compiled, &[])
        .unwrap()
        .with_generators(false);
    assert_eq!(rec.generators(), None);
    let board = rec.run(steps).unwrap();
    rec.finish().unwrap();
    assert_same(&model, &board, "generators left on");
}

/// The spike lists, delta coding and current injection of `testbenches/tests/fixtures/lists.toml`
/// go onto a board whose generators have the list memory and the schedule (`STATUS` bit 35) and
/// stay on the host of one without them (a `small` image on a board that says it has none: its
/// `up5k`-like `STATUS`), where only the Poisson source after them goes onto the table. Both give
/// the model's trace, streamed.
#[test]
fn spike_lists_go_onto_the_list_memory_where_the_board_has_it() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../testbenches/tests/fixtures/lists.toml");
    let compiled = compile_file(&path, None).unwrap();
    let steps = 300;
    let model = model_records(&compiled, &[], steps);
    assert!(model.iter().map(|r| r.spikes.len()).sum::<usize>() > 50);
    for (lists, generators) in [(true, Some((0, 8))), (false, Some((6, 2)))] {
        let preset = Preset {
            spike_lists: lists,
            ..compiled.image.preset
        };
        let mut session = Session::new(
            EmulatedBoard::new(preset),
            SessionConfig::new(CLOCKS_PER_BIT),
        );
        let mut rec = BoardRecorder::start(&mut session, &compiled, &[]).unwrap();
        assert_eq!(rec.generators(), generators, "list memory: {lists}");
        let board = rec.run(steps).unwrap();
        rec.finish().unwrap();
        assert_same(&model, &board, &format!("list memory: {lists}"));
    }
}

/// A line that alters the `k`-th `BURST` frame on its way to the board and mends its CRC, as a
/// damage the frame's CRC-16 cannot see would: the board applies another word than the host sent.
struct Forging {
    board: EmulatedBoard,
    bursts: u32,
    k: u32,
}

impl Link for Forging {
    fn send(&mut self, bytes: &[u8]) -> Result<(), LinkError> {
        let mut bytes = bytes.to_vec();
        if bytes.len() == COMMAND_LEN && bytes[1] == Command::Burst as u8 {
            if self.bursts == self.k {
                bytes[8] ^= 0x10;
                let crc = crc_bytes(&bytes[..COMMAND_LEN - 2]);
                bytes[COMMAND_LEN - 2..].copy_from_slice(&crc);
            }
            self.bursts += 1;
        }
        self.board.send(&bytes)
    }

    fn recv_byte(&mut self, timeout: u32) -> Result<Option<u8>, LinkError> {
        self.board.recv_byte(timeout)
    }
}

/// The load checksum (`docs/host_link.md` §2) confirms the image: a frame the board applied that
/// is not the one the host sent, with its write count right, stops the run with one line after the
/// load, and no trace. Without the forgery the same run is the model's.
#[test]
fn a_frame_forged_past_its_crc_fails_the_load_checksum() {
    let compiled = net();
    let model = model_records(&compiled, &[], 3);
    for k in [0, 3, u32::MAX] {
        let line = Forging {
            board: EmulatedBoard::new(compiled.image.preset),
            bursts: 0,
            k,
        };
        let mut session = Session::new(line, SessionConfig::new(CLOCKS_PER_BIT));
        let result = full_run(&mut session, &compiled, &[], 3);
        assert!(session.link().bursts > 3, "the load used BURSTs");
        match result {
            Ok(records) => {
                assert_eq!(k, u32::MAX, "BURST {k} forged went unnoticed");
                assert_same(&model, &records, "no forgery");
            }
            Err(e) => {
                let msg = e.to_string();
                assert!(
                    matches!(
                        e,
                        SessionError::Checksum {
                            phase: Phase::Load,
                            ..
                        }
                    ),
                    "BURST {k}: {msg}"
                );
                assert!(
                    !msg.contains('\n') && msg.contains("load checksum"),
                    "{msg}"
                );
            }
        }
    }
}

/// A board without `BURST` (`up5k`: preset field `burst` false) says so in `STATUS`: the host loads
/// it with one `WRITE` per word, and the write count alone confirms the load.
#[test]
fn a_board_without_burst_is_loaded_word_by_word() {
    let compiled = compile_file(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/cpg.toml"),
        Some(UP5K),
    )
    .unwrap();
    const { assert!(!UP5K.burst) };
    let mut session = Session::new(EmulatedBoard::new(UP5K), SessionConfig::new(CLOCKS_PER_BIT));
    let rec = BoardRecorder::start(&mut session, &compiled, &[]).unwrap();
    let load = rec.loaded().unwrap();
    assert!(!load.burst);
    assert_eq!(load.frames, load.words);
    assert_eq!(
        load.words,
        nonzero_image_writes(&compiled.image).count() as u64
    );
    // And refuses a `BURST` as a command it does not know.
    let frame = CommandFrame::burst(99, &UP5K, 3, 0, &[1, 2]);
    let mut board = EmulatedBoard::new(UP5K);
    board.send(&frame.encode()).unwrap();
    let reply: Vec<u8> = std::iter::from_fn(|| board.recv_byte(4).unwrap()).collect();
    assert_eq!(
        Reply::decode(&reply).unwrap().body,
        ReplyBody::Nak(NakReason::UnknownCommand)
    );
}
