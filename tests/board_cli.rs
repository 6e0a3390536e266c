//! `flux board run` as a user runs it, without a board: a port that does not exist is one clear
//! error line and exit code 2, and no trace file is left behind.

use std::path::Path;
use std::process::Command;

#[test]
fn a_missing_port_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let trace = dir.path().join("out.jsonl");
    let network = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/cpg.toml");
    let out = Command::new(env!("CARGO_BIN_EXE_flux"))
        .args(["board", "run"])
        .arg(&network)
        .args([
            "--port",
            "/dev/flux-no-such-port",
            "--steps",
            "3",
            "--trace",
        ])
        .arg(&trace)
        .output()
        .expect("run flux");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.starts_with("error: no board on /dev/flux-no-such-port: is it plugged in"),
        "{stderr}"
    );
    assert!(
        stderr.contains("cannot open serial port /dev/flux-no-such-port"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(!trace.exists());
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "a temporary file was left"
    );
}

#[test]
fn an_unknown_board_is_refused() {
    let network = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/cpg.toml");
    let out = Command::new(env!("CARGO_BIN_EXE_flux"))
        .args(["board", "run"])
        .arg(&network)
        .args(["--port", "/dev/null", "--board", "nexys"])
        .output()
        .expect("run flux");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_eq!(
        stderr.trim(),
        "error: unknown board \"nexys\": use one of icebreaker, ulx3s"
    );
}

/// The whole command on a pseudo-terminal: `flux board run` opens the pty's slave side as its
/// serial port, and this test plays the board on the master side with the emulated board
/// (`flux_host::emulated`). The trace it writes must equal `flux sim`'s, byte for byte.
#[test]
fn a_run_over_a_pseudo_terminal_writes_the_model_trace() {
    use std::io::{Read, Write};
    use std::time::{Duration, Instant};

    use flux_host::Link;
    use flux_host::emulated::EmulatedBoard;
    use serialport::{SerialPort, TTYPort};

    let dir = tempfile::tempdir().unwrap();
    let network = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/cpg.toml");
    let compiled = flux_sim::compile::compile_file(&network, None).unwrap();
    let (mut master, slave) = TTYPort::pair().expect("a pseudo-terminal pair");
    let port = slave.name().expect("the slave has a path");
    // flux opens the port itself (exclusively); this side only keeps the master.
    drop(slave);
    master.set_timeout(Duration::from_millis(20)).unwrap();

    let board_trace = dir.path().join("board.jsonl");
    let mut child = Command::new(env!("CARGO_BIN_EXE_flux"))
        .args(["board", "run"])
        .arg(&network)
        .args([
            "--port",
            &port,
            "--steps",
            "50",
            "--probe",
            "left[0],right[7]",
            "--trace",
        ])
        .arg(&board_trace)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run flux");
    let mut board = EmulatedBoard::new(compiled.image.preset);
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut buf = [0u8; 4096];
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "flux board run did not finish");
        match master.read(&mut buf) {
            Ok(n) => board.send(&buf[..n]).unwrap(),
            Err(e) if e.kind() == std::io::ErrorKind::TimedOut => {}
            // The slave side is not open yet, or was closed by an exiting flux: the master reads
            // a hang-up (EIO, which serialport reports as a broken pipe).
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe || e.raw_os_error() == Some(5) => {
                std::thread::sleep(Duration::from_millis(5))
            }
            Err(e) => panic!("pty master: {e}"),
        }
        let mut reply = Vec::new();
        while let Some(b) = board.recv_byte(0).unwrap() {
            reply.push(b);
        }
        if !reply.is_empty() {
            master.write_all(&reply).unwrap();
        }
    };
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        status.success(),
        "{}{stdout}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("timesteps:    50"), "{stdout}");
    assert!(stdout.contains("0 retries"), "{stdout}");
    assert_eq!(board.t(), 50);

    let model_trace = dir.path().join("model.jsonl");
    let sim = Command::new(env!("CARGO_BIN_EXE_flux"))
        .args(["sim"])
        .arg(&network)
        .args(["--steps", "50", "--probe", "left[0],right[7]", "--trace"])
        .arg(&model_trace)
        .output()
        .unwrap();
    assert!(sim.status.success());
    let model = std::fs::read_to_string(&model_trace).unwrap();
    let board = std::fs::read_to_string(&board_trace).unwrap();
    // Header plus 50 records, and the same text.
    assert_eq!(board.lines().count(), 51);
    assert_eq!(board, model);
}
