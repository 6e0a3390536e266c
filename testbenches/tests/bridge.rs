//! The Verilator bridge on a trivial fixture core (`fixtures/echo_core.v`, behaviour described in
//! its header): build and cache, the missing-tool errors, and the FFI round trip.

use std::path::PathBuf;

use flux_sim::image::Event;
use flux_testbenches::rtl::{Mem, Rtl, RtlError, RtlSpike, StepFault};
use flux_testbenches::verilate::{self, BuildError, Toolchain, VerilateSpec};

fn fixture() -> VerilateSpec {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/echo_core.v");
    VerilateSpec::new(path, "echo_core")
}

fn open_fixture() -> Rtl {
    let build = verilate::build(&fixture()).expect("fixture builds");
    Rtl::open(&build, None).expect("fixture loads")
}

#[test]
fn second_build_is_a_cache_hit() {
    let first = verilate::build(&fixture()).unwrap();
    assert!(first.library.is_file());
    let second = verilate::build(&fixture()).unwrap();
    assert!(
        second.cached,
        "the second build of identical inputs must not run verilator"
    );
    assert_eq!(first.hash, second.hash);
    assert_eq!(first.library, second.library);
    assert!(first.dir.starts_with(verilate::cache_root()));
}

#[test]
fn hash_covers_source_top_and_trace() {
    let spec = fixture();
    let versions = "verilator x\ng++ y\n";
    let base = verilate::content_hash(&spec, versions).unwrap();
    assert_eq!(
        base,
        verilate::content_hash(&spec, versions).unwrap(),
        "the hash is deterministic"
    );
    assert_ne!(
        base,
        verilate::content_hash(&spec.clone().with_trace(true), versions).unwrap()
    );
    assert_ne!(
        base,
        verilate::content_hash(&spec, "verilator z\ng++ y\n").unwrap()
    );
    let mut other_top = spec.clone();
    other_top.top = "other".into();
    assert_ne!(base, verilate::content_hash(&other_top, versions).unwrap());

    let dir = tempfile::tempdir().unwrap();
    let edited = dir.path().join("echo_core.v");
    let mut text = std::fs::read_to_string(&spec.sources[0]).unwrap();
    text.push_str("// one more comment\n");
    std::fs::write(&edited, text).unwrap();
    let mut edited_spec = spec.clone();
    edited_spec.sources = vec![edited];
    assert_ne!(
        base,
        verilate::content_hash(&edited_spec, versions).unwrap()
    );
}

#[test]
fn missing_verilator_is_one_clear_error() {
    let empty = tempfile::tempdir().unwrap();
    let err = Toolchain::from_path(empty.path().as_os_str()).unwrap_err();
    assert!(matches!(err, BuildError::VerilatorMissing));
    assert_eq!(
        err.to_string(),
        "verilator not found: install it with `apt-get install verilator` (Debian/Ubuntu)"
    );
}

#[test]
fn missing_compiler_is_one_clear_error() {
    // A PATH that has verilator (linked from the real one) but no g++.
    let real = which("verilator").expect("verilator is installed for this test suite");
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(real, dir.path().join("verilator")).unwrap();
    let err = Toolchain::from_path(dir.path().as_os_str()).unwrap_err();
    assert!(matches!(err, BuildError::CompilerMissing), "{err}");
    assert!(err.to_string().starts_with("C++ compiler `g++` not found"));
}

fn which(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

#[test]
fn verilog_errors_name_the_log() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.v");
    std::fs::write(
        &bad,
        "module bad(input wire clock);\n  this is not verilog\nendmodule\n",
    )
    .unwrap();
    let root = dir.path().join("cache");
    let err = verilate::build_with(
        &VerilateSpec::new(&bad, "bad"),
        &Toolchain::from_env().unwrap(),
        &root,
    )
    .unwrap_err();
    let BuildError::Failed { log, .. } = &err else {
        panic!("expected a failed build, got {err}")
    };
    assert!(log.is_file());
    // Nothing half-built is left in the cache: only the log of the failure.
    let entries: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        entries,
        vec![log.file_name().unwrap().to_owned()],
        "{entries:?}"
    );
}

#[test]
fn a_failed_build_is_one_line_with_the_step_the_first_error_and_the_log() {
    // The message used to end with the last 12 lines of the log, whose first line is the whole
    // Verilator command (2 KB); the command belongs in the log only (issue 11).
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.v");
    std::fs::write(
        &bad,
        "module bad(input wire clock);\n  this is not verilog\nendmodule\n",
    )
    .unwrap();
    let root = dir.path().join("cache");
    let err = verilate::build_with(
        &VerilateSpec::new(&bad, "bad"),
        &Toolchain::from_env().unwrap(),
        &root,
    )
    .unwrap_err();
    let BuildError::Failed { log, .. } = &err else {
        panic!("expected a failed build, got {err}")
    };
    let msg = err.to_string();
    assert_eq!(msg.lines().count(), 1, "{msg}");
    assert!(
        msg.starts_with("verilator failed to build top module `bad` while verilating: %Error: "),
        "{msg}"
    );
    assert!(msg.contains("bad.v:2"), "{msg}");
    assert!(
        msg.ends_with(&format!("(command and full output: {})", log.display())),
        "{msg}"
    );
    assert!(
        !msg.contains("--Mdir"),
        "the command is in the message: {msg}"
    );
    // The log keeps the command.
    assert!(std::fs::read_to_string(log).unwrap().contains("--Mdir"));
}

#[test]
fn cfg_words_read_back_through_the_debug_port() {
    let mut rtl = open_fixture();
    // Full-width words: bit 127 and bit 64 set, so both halves of the 128-bit port are exercised.
    let words: Vec<u128> = (0..16u128)
        .map(|i| (1 << 127) | (i << 64) | (0xdead_0000 + i))
        .collect();
    rtl.cfg_write(Mem::State, 0, &words);
    rtl.cfg_write(Mem::Synapse, 3, &[u128::MAX]);
    assert_eq!(rtl.dbg_read(Mem::State, 0, 16), words);
    assert_eq!(rtl.dbg_read_unpipelined(Mem::State, 0, 16), words);
    assert_eq!(rtl.dbg_read(Mem::Synapse, 2, 3), vec![0, u128::MAX, 0]);
    assert_eq!(rtl.state_word(5), words[5]);
    // One edge per cfg word (16 + 1), n + 1 edges per pipelined read of n words (17 + 4 + 2) and
    // two edges per unpipelined word (32).
    assert_eq!(rtl.edges(), 17 + 17 + 32 + 4 + 2);
}

#[test]
fn a_timestep_is_one_call_with_spikes_and_cycles() {
    let mut rtl = open_fixture();
    let key = 0x00ff;
    rtl.cfg_write(Mem::Register, 0, &[key]);
    let events = [
        Event::Spike { channel: 1 },
        Event::Current {
            neuron: 0x1234,
            value: -5,
        },
        Event::Spike { channel: 7 },
    ];
    let step = rtl.step(&events).unwrap();
    assert_eq!(step.t, 0);
    assert_eq!(step.t_after, 1);
    // The fixture echoes each event's address XOR the key, stamped with the timestep.
    let expect: Vec<RtlSpike> = [1u32, 0x1234, 7]
        .iter()
        .map(|a| RtlSpike {
            neuron: a ^ key as u32,
            t: 0,
        })
        .collect();
    assert_eq!(step.spikes, expect);
    // Fixture rule: 1 tick edge + 3 pops + 1 edge finding the FIFO empty.
    assert_eq!(step.cycles, 1 + 3 + 1);
    assert_eq!(
        step.push_cycles, 3,
        "ready is high throughout, one edge per event"
    );

    let empty = rtl.step(&[]).unwrap();
    assert_eq!((empty.t, empty.t_after, empty.cycles), (1, 2, 2));
    assert!(empty.spikes.is_empty());
    assert_eq!(rtl.t(), 2);
}

#[test]
fn a_full_input_fifo_trips_the_watchdog() {
    let mut rtl = open_fixture();
    rtl.max_cycles = 100;
    // The fixture's FIFO holds 8 events; the ninth is never accepted.
    let events = vec![Event::Spike { channel: 3 }; 9];
    let err = rtl.step(&events).unwrap_err();
    assert!(
        matches!(
            err,
            RtlError::Step {
                t: 0,
                fault: StepFault::PushTimeout {
                    max_cycles: 100,
                    ..
                }
            }
        ),
        "{err}"
    );
}

#[test]
fn instances_are_independent() {
    let mut a = open_fixture();
    let mut b = open_fixture();
    a.cfg_write(Mem::Profile, 0, &[42]);
    b.cfg_write(Mem::Profile, 0, &[7]);
    a.step(&[]).unwrap();
    assert_eq!(a.dbg_read(Mem::Profile, 0, 1), vec![42]);
    assert_eq!(b.dbg_read(Mem::Profile, 0, 1), vec![7]);
    assert_eq!((a.t(), b.t()), (1, 0));
}

#[test]
fn traced_build_writes_a_vcd() {
    let build = verilate::build(&fixture().with_trace(true)).unwrap();
    assert!(build.trace);
    let dir = tempfile::tempdir().unwrap();
    let vcd = dir.path().join("echo.vcd");
    {
        let mut rtl = Rtl::open(&build, Some(&vcd)).unwrap();
        rtl.step(&[Event::Spike { channel: 2 }]).unwrap();
    }
    let text = std::fs::read_to_string(&vcd).unwrap();
    assert!(text.contains("aer_out_valid"), "the VCD declares the ports");
    assert!(text.contains("#1"), "the VCD has time steps");

    // An untraced build refuses a VCD instead of silently writing nothing.
    let plain = verilate::build(&fixture()).unwrap();
    assert!(matches!(
        Rtl::open(&plain, Some(&vcd)),
        Err(RtlError::NoTrace { .. })
    ));
}

/// `push`, `start` and `reset` (the shim's `flux_rtl_push`, `flux_rtl_start`, `flux_rtl_reset`) on
/// the fixture: a reset drops queued events and cuts a timestep short, takes 1 + 3 cycles (the
/// fixture's stand-in for the ring clear), lets no `aer_out` event through and sets `t` to 0.
#[test]
fn reset_cuts_a_timestep_and_drops_queued_events() {
    let mut rtl = open_fixture();
    let spike = |addr| Event::Spike { channel: addr };
    // Two timesteps to move `t` off 0.
    for _ in 0..2 {
        rtl.step(&[]).unwrap();
    }
    assert_eq!(rtl.t(), 2);
    // Queued, then dropped by the reset (held two edges).
    rtl.push(&[spike(1), spike(2)]).unwrap();
    let reset = rtl.reset(2).unwrap();
    assert_eq!(reset.cycles, 1 + 3);
    assert_eq!(reset.spikes, 0);
    assert_eq!(rtl.t(), 0);
    let step = rtl.step(&[]).unwrap();
    assert!(step.spikes.is_empty(), "queued events survived the reset");
    assert_eq!((step.t, step.cycles), (0, 2));
    // Cut into a timestep of four events after its second pop: busy is still high, and nothing
    // more comes out.
    rtl.push(&[spike(3), spike(4), spike(5), spike(6)]).unwrap();
    assert!(rtl.start(3), "busy after the tick edge and two pops");
    let reset = rtl.reset(1).unwrap();
    assert_eq!((reset.cycles, reset.spikes), (4, 0));
    assert_eq!(rtl.t(), 0);
    let step = rtl.step(&[spike(7)]).unwrap();
    assert_eq!(step.spikes.len(), 1, "{step:?}");
    assert_eq!(step.spikes[0].neuron, 7);
}
