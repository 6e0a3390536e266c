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
    let stdout = pty_run_matches_sim(50, &["--probe", "left[0],right[7]"], &[]);
    assert!(stdout.contains("mode:         stepped"), "{stdout}");
    // A fresh `small` board: the non-zero words, runs of them in `BURST`s, confirmed by the
    // board's load checksum (`docs/host_link.md` §2).
    let image = stdout.lines().find(|l| l.starts_with("image:")).unwrap();
    let (words, frames): (u64, u64) = {
        let n: Vec<u64> = image
            .split_whitespace()
            .filter_map(|w| w.parse().ok())
            .collect();
        (n[0], n[1])
    };
    assert!(frames < words, "{image}");
    assert!(
        image.ends_with(
            "the non-zero ones (the board's memories held their power-up zeros), \
                         confirmed by the board's load checksum"
        ),
        "{image}"
    );
}

/// The same with `--no-probes`: the board runs from one input event to the next and streams its
/// spikes back; cpg's modulator (a Poisson channel from t = 1000) is drawn by the `small` board's
/// input generators, so no event is sent at all. With `--host-inputs` it is sent as an `EVENT` per
/// timestep instead. The trace is `flux sim`'s either way.
#[test]
fn a_streamed_run_over_a_pseudo_terminal_writes_the_model_trace() {
    let stdout = pty_run_matches_sim(1100, &["--no-probes"], &[]);
    assert!(stdout.contains("mode:         streamed"), "{stdout}");
    assert!(
        stdout.contains("inputs:       channels 0..1 drawn on the board's input generators"),
        "{stdout}"
    );
    let frames = |out: &str| -> u64 {
        let line = out.lines().find(|l| l.starts_with("link:")).unwrap();
        line.split_whitespace().nth(1).unwrap().parse().unwrap()
    };
    let host = pty_run_matches_sim(1100, &["--no-probes"], &["--host-inputs"]);
    assert!(
        host.contains("inputs:       every input event sent as an EVENT"),
        "{host}"
    );
    // 100 timesteps with the modulator: an EVENT and a RUN each from the host.
    assert!(frames(&host) >= frames(&stdout) + 190, "{host}{stdout}");
}

/// Every input of `testbenches/tests/fixtures/lists.toml` (spike lists, delta coding, Poisson and
/// a finite injection) is made on the emulated `small` board's generators: the run says so, and
/// its trace is `flux sim`'s.
#[test]
fn a_run_with_every_input_on_the_chip_says_so_and_writes_the_model_trace() {
    let network =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("testbenches/tests/fixtures/lists.toml");
    let stdout = pty_run_of_matches_sim(&network, 300, &["--no-probes"], &[]);
    assert!(
        stdout.contains(
            "inputs:       channels 0..8 drawn on the board's input generators and 40 current \
             injections from their schedule: no EVENTs"
        ),
        "{stdout}"
    );
}

/// `--probe-every K`: streamed between the probe reads; `flux sim --probe-every K` writes the same.
#[test]
fn probes_every_k_over_a_pseudo_terminal_write_the_model_trace() {
    let stdout = pty_run_matches_sim(
        1100,
        &["--probe", "left[0],right[7]", "--probe-every", "100"],
        &[],
    );
    assert!(stdout.contains("mode:         streamed"), "{stdout}");
}

/// Runs `flux board run examples/cpg.toml --steps <steps> <probe_args> <board_args>` against the
/// emulated board behind a pseudo-terminal, and `flux sim` with `probe_args`; the traces must be
/// equal. Returns the board run's output.
fn pty_run_matches_sim(steps: u64, probe_args: &[&str], board_args: &[&str]) -> String {
    let network = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/cpg.toml");
    pty_run_of_matches_sim(&network, steps, probe_args, board_args)
}

/// As [`pty_run_matches_sim`], for `network`.
fn pty_run_of_matches_sim(
    network: &Path,
    steps: u64,
    probe_args: &[&str],
    board_args: &[&str],
) -> String {
    use std::io::{Read, Write};
    use std::time::{Duration, Instant};

    use flux_host::Link;
    use flux_host::emulated::EmulatedBoard;
    use serialport::{SerialPort, TTYPort};

    let steps_arg = steps.to_string();
    let dir = tempfile::tempdir().unwrap();
    let compiled = flux_sim::compile::compile_file(network, None).unwrap();
    let (mut master, slave) = TTYPort::pair().expect("a pseudo-terminal pair");
    let port = slave.name().expect("the slave has a path");
    // flux opens the port itself (exclusively); this side only keeps the master.
    drop(slave);
    master.set_timeout(Duration::from_millis(20)).unwrap();

    let board_trace = dir.path().join("board.jsonl");
    let mut child = Command::new(env!("CARGO_BIN_EXE_flux"))
        .args(["board", "run"])
        .arg(network)
        .args(["--port", &port, "--steps", &steps_arg])
        .args(probe_args)
        .args(board_args)
        .arg("--trace")
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
    assert!(
        stdout.contains(&format!("timesteps:    {steps}\n")),
        "{stdout}"
    );
    assert!(stdout.contains("0 retries"), "{stdout}");
    assert_eq!(board.t(), steps);

    let model_trace = dir.path().join("model.jsonl");
    let sim = Command::new(env!("CARGO_BIN_EXE_flux"))
        .args(["sim"])
        .arg(network)
        .args(["--steps", &steps_arg])
        .args(probe_args)
        .arg("--trace")
        .arg(&model_trace)
        .output()
        .unwrap();
    assert!(sim.status.success());
    let model = std::fs::read_to_string(&model_trace).unwrap();
    let board = std::fs::read_to_string(&board_trace).unwrap();
    // The header plus a record per timestep, and the same text.
    assert_eq!(board.lines().count() as u64, steps + 1);
    assert_eq!(board, model);
    stdout.into_owned()
}

/// A `flux fpga build` report in `dir` for `board`'s board top of `core`, its UART at `baud`.
fn write_report(dir: &Path, board: &str, core: &str, baud: u32) {
    use flux_fpga::report::{BuildReport, StageSeconds, UartRate};
    let report = BuildReport {
        board: board.into(),
        chip: "iCE40UP5K-SG48".into(),
        family: flux_fpga::board::Family::Ice40,
        core: core.into(),
        resources: vec![],
        clocks: vec![],
        timing_met: true,
        seconds: StageSeconds::default(),
        bitstream: None,
        uart: Some(UartRate {
            baud,
            clocks_per_bit: 12_000_000 / baud,
            pll: None,
            clock_hz: None,
        }),
    };
    std::fs::write(
        dir.join("fpga-report.json"),
        serde_json::to_string(&report).unwrap(),
    )
    .unwrap();
}

fn board_run(args: &[&str]) -> (Option<i32>, String) {
    board_run_of("cpg.toml", args)
}

/// `flux board run examples/<example> --port <none> --steps 3 <args>`: its exit code and stderr.
fn board_run_of(example: &str, args: &[&str]) -> (Option<i32>, String) {
    let network = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(example);
    let out = Command::new(env!("CARGO_BIN_EXE_flux"))
        .args(["board", "run"])
        .arg(&network)
        .args(["--port", "/dev/flux-no-such-port", "--steps", "3"])
        .args(args)
        .output()
        .expect("run flux");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The baud rate comes from the bitstream's build report: a `--baud` that differs is refused
/// before the port is opened (the board would never answer), and without `--baud` the report's
/// rate is used; a report of another board or core is refused too.
#[test]
fn the_baud_rate_is_the_build_reports() {
    let dir = tempfile::tempdir().unwrap();
    let build = dir.path().to_str().unwrap();
    write_report(dir.path(), "icebreaker", "flux_board_small", 921_600);

    let (code, err) = board_run(&["--build", build, "--baud", "115200"]);
    assert_eq!(code, Some(2), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("--baud 115200: the bitstream was built for 921600 baud"),
        "{err}"
    );

    // The report's rate (or the same --baud) gets as far as the port.
    for args in [
        vec!["--build", build],
        vec!["--build", build, "--baud", "921600"],
    ] {
        let (code, err) = board_run(&args);
        assert_eq!(code, Some(2), "{err}");
        assert!(
            err.starts_with("error: no board on /dev/flux-no-such-port"),
            "{err}"
        );
    }

    write_report(dir.path(), "icebreaker", "flux_board_up5k", 921_600);
    let (_, err) = board_run(&["--build", build]);
    assert!(
        err.contains("the bitstream is flux_board_up5k for the icebreaker, not flux_board_small"),
        "{err}"
    );
    // A ULX3S bitstream at 3 Mbaud runs its board top from the PLL at 7 clocks per bit: the
    // report's, not the 25 MHz oscillator's (which cannot make the rate, and would be refused).
    let pll = tempfile::tempdir().unwrap();
    let mut report: flux_fpga::report::BuildReport = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("fpga-report.json")).unwrap(),
    )
    .unwrap();
    report.board = "ulx3s".into();
    report.core = "flux_board_small".into();
    report.uart = Some(flux_fpga::report::UartRate {
        baud: 3_000_000,
        clocks_per_bit: 7,
        pll: Some(flux_fpga::clock::Pll::Ecp5(flux_fpga::clock::EcpPll {
            clki_div: 6,
            clkfb_div: 5,
            clkop_div: 24,
        })),
        clock_hz: Some(20_833_333),
    });
    std::fs::write(
        pll.path().join("fpga-report.json"),
        serde_json::to_string(&report).unwrap(),
    )
    .unwrap();
    let (code, err) = board_run(&["--board", "ulx3s", "--build", pll.path().to_str().unwrap()]);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.starts_with("error: no board on /dev/flux-no-such-port"),
        "{err}"
    );

    // A --build directory without a report is an error, not a silent default.
    let empty = tempfile::tempdir().unwrap();
    let (code, err) = board_run(&["--build", empty.path().to_str().unwrap()]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("fpga-report.json"), "{err}");
}

/// `flux fpga build --baud` refuses a rate the board clock cannot make within 2 %, and one above
/// 3 Mbaud, before any tool is looked for.
#[test]
fn fpga_build_refuses_a_baud_rate_the_clock_cannot_make() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("build");
    for (board, preset, baud, want) in [
        // 12 MHz / 2.5 Mbaud: 5 clocks per bit, 2.4 Mbaud; the `small` board top has no measured
        // clock above the oscillator (`board::CLOSED_CLOCKS`), so no PLL plan either.
        ("icebreaker", "small", "2500000", "40 per mille"),
        ("icebreaker", "up5k", "4000000", "above 3000000"),
    ] {
        let o = Command::new(env!("CARGO_BIN_EXE_flux"))
            .args(["fpga", "build", "--board", board, "--preset", preset])
            .args(["--baud", baud, "--out"])
            .arg(&out)
            .output()
            .expect("run flux");
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(want), "{err}");
        assert!(!out.exists());
    }
}

/// `flux fpga build --clock-mhz`: a ceiling no clock under it meets is refused with the ceiling
/// named, as is a ceiling that is no clock, before any tool is looked for; a ceiling the PLL meets
/// gets past the plan (to the missing tools here).
#[test]
fn fpga_build_clocks_up_to_clock_mhz() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("build");
    let no_tools = tempfile::tempdir().unwrap();
    let run = |extra: &[&str]| {
        let o = Command::new(env!("CARGO_BIN_EXE_flux"))
            .args(["fpga", "build", "--board", "icebreaker", "--out"])
            .arg(&out)
            .args(extra)
            .env("PATH", no_tools.path())
            .output()
            .expect("run flux");
        (
            o.status.code(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    };
    for (extra, want) in [
        // 2.5 Mbaud: 12 MHz makes 2.4 Mbaud (4 % off) and the PLL's slowest output is 16 MHz.
        (
            ["--baud", "2500000", "--clock-mhz", "15"],
            "error: --baud 2500000: no clock of the icebreaker at or below 15 MHz makes it",
        ),
        (
            ["--baud", "115200", "--clock-mhz", "0"],
            "error: --clock-mhz 0: give a clock above 0 and up to 250 MHz",
        ),
        (
            ["--baud", "115200", "--clock-mhz", "NaN"],
            "error: --clock-mhz NaN: give a clock above 0 and up to 250 MHz",
        ),
    ] {
        let (code, err) = run(&extra);
        assert_eq!(code, Some(2), "{extra:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.starts_with(want), "{extra:?}: {err}");
        assert!(!out.exists());
    }
    // 19.875 MHz from the PLL makes 2.5 Mbaud (8 clocks per bit): past the plan, the tools are
    // looked for.
    let (code, err) = run(&["--baud", "2500000", "--clock-mhz", "20"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("yosys"), "{err}");
}

/// `flux fpga build --board B --preset P --baud 3000000` (or `--chip C`) without `--clock-mhz`: the
/// board top is clocked at the ceiling its (B, P or C) entry of `board::CLOSED_CLOCKS` names, and the build must
/// meet timing there (exit 0, a bitstream); this is what guards each entry. Returns the report and
/// the pin wrapper's Verilog.
fn build_at_the_default_clock(
    board: &str,
    core: &[&str],
    clock_hz: u64,
    clocks_per_bit: u32,
) -> (flux_fpga::report::BuildReport, String) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("build");
    let o = Command::new(env!("CARGO_BIN_EXE_flux"))
        .args(["fpga", "build", "--board", board])
        .args(core)
        .args(["--baud", "3000000", "--out"])
        .arg(&out)
        .output()
        .expect("run flux");
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    println!("{text}");
    let report: flux_fpga::report::BuildReport =
        serde_json::from_str(&std::fs::read_to_string(out.join("fpga-report.json")).unwrap())
            .unwrap();
    assert!(report.timing_met, "{text}");
    assert_eq!(report.clocks.len(), 1, "{text}");
    let mhz = clock_hz as f64 / 1e6;
    assert!(
        (report.clocks[0].constraint_mhz - mhz).abs() < 1e-3,
        "{text}"
    );
    assert!(report.clocks[0].fmax_mhz >= mhz, "{text}");
    let uart = report.uart.expect("a UART rate");
    assert_eq!(
        (uart.clocks_per_bit, uart.clock_hz),
        (clocks_per_bit, Some(clock_hz))
    );
    assert!(
        report.bitstream.as_ref().is_some_and(|b| b.is_file()),
        "{text}"
    );
    let top = std::fs::read_to_string(out.join("board_top.v")).unwrap();
    (report, top)
}

/// The `up5k` board top at 3 Mbaud on the iCEBreaker, clocked by default at 21 MHz by its PLL
/// (1.75 times the oscillator): the build must meet timing at 21 MHz, and its report must carry
/// the PLL and the clock that `flux board run` reads.
#[test]
#[ignore = "slow: the up5k board top through yosys and nextpnr-ice40 (about 75 s)"]
fn icebreaker_build_clocked_by_its_pll() {
    let (report, top) =
        build_at_the_default_clock("icebreaker", &["--preset", "up5k"], 21_000_000, 7);
    let uart = report.uart.expect("a UART rate");
    assert_eq!(
        uart.pll,
        Some(flux_fpga::clock::Pll::Ice40(flux_fpga::clock::Ice40Pll {
            divr: 0,
            divf: 55,
            divq: 5,
            filter_range: 1,
        }))
    );
    assert!(top.contains("SB_PLL40_PAD #("), "{top}");
}

/// The `ulx3s` board top at 3 Mbaud on the ULX3S, clocked by default at 35.714 MHz by the ECP5's
/// PLL (25 MHz x 10 / 7; 12 clocks per bit, 0.8 % off): timing met there.
#[test]
#[ignore = "slow: the ulx3s board top through the YoWASP ECP5 tools (about 4 minutes)"]
fn ulx3s_build_at_its_default_clock() {
    let (_, top) = build_at_the_default_clock("ulx3s", &["--preset", "ulx3s"], 35_714_285, 12);
    assert!(top.contains("EHXPLLL"), "{top}");
}

/// The `small` board top on the ULX3S at its default clock, as the `ulx3s` one.
#[test]
#[ignore = "slow: the small board top through the YoWASP ECP5 tools (about 4 minutes)"]
fn ulx3s_build_of_small_at_its_default_clock() {
    build_at_the_default_clock("ulx3s", &["--preset", "small"], 35_714_285, 12);
}

/// The two-core chip `duo` on the ULX3S at its default clock, as the `ulx3s` core.
#[test]
#[ignore = "slow: two cores through the YoWASP ECP5 tools (about 6 minutes)"]
fn ulx3s_build_of_the_duo_chip_at_its_default_clock() {
    build_at_the_default_clock("ulx3s", &["--chip", "duo"], 35_714_285, 12);
}

#[test]
fn a_xylo_network_that_bursts_is_refused_on_the_board() {
    // docs/model.md §4.2: the board link carries one id per spiking neuron; examples/xylo.toml's
    // hidden neurons fire up to 31 spikes per timestep (cap = 31). Refused before the port opens.
    let (code, stderr) = board_run_of("xylo.toml", &["--board", "ulx3s"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert_eq!(
        stderr.trim(),
        "error: profile \"hidden\" is a Xylo profile with cap 31: the board link reports one spike \
         per neuron and timestep, so it runs only Xylo profiles with cap 0 or 1 (run the network \
         with flux cosim or flux sim)"
    );
}
