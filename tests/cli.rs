//! The `flux sim`, `flux diff` and `flux plot` commands, run as a user runs them: the built binary,
//! its exit status, what it prints and the files it leaves.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

mod common;
use common::{example, flux, flux_within, path, stderr, stdout};

/// Runs `flux sim examples/cpg.toml --steps 200` with the given probes, tracing into `dir`.
fn cpg_trace(dir: &Path, probes: &str) -> PathBuf {
    let trace = dir.join("cpg.jsonl");
    let o = flux(&[
        "sim",
        &example("cpg.toml"),
        "--steps",
        "200",
        "--probe",
        probes,
        "--trace",
        path(&trace),
    ]);
    assert!(o.status.success(), "flux sim failed: {}", stderr(&o));
    trace
}

/// The trace's lines as JSON values.
fn lines(trace: &Path) -> Vec<Value> {
    fs::read_to_string(trace)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn write_lines(trace: &Path, lines: &[Value]) {
    let text: Vec<String> = lines.iter().map(|v| v.to_string()).collect();
    fs::write(trace, text.join("\n") + "\n").unwrap();
}

#[test]
fn sim_writes_a_trace_that_is_identical_to_itself() {
    let dir = tempfile::tempdir().unwrap();
    let trace = cpg_trace(dir.path(), "left[0],right[0]");

    // A header and one record per timestep, and no temporary file left beside it.
    let l = lines(&trace);
    assert_eq!(l.len(), 1 + 200);
    assert_eq!(l[0]["network"], "cpg.toml");
    assert_eq!(l[200]["t"], 199);
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, vec!["cpg.jsonl"]);

    let o = flux(&["diff", path(&trace), path(&trace)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "identical (200 timesteps)\n");
}

#[test]
fn sim_prints_a_summary() {
    let o = flux(&["sim", &example("cpg.toml"), "--steps", "200"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("timesteps:    200\n"), "{out}");
    // cpg.toml has 16 neurons (two half-centres of 8), on preset small.
    assert!(
        out.contains("network:      16 neurons, core small\n"),
        "{out}"
    );
    for key in [
        "spikes:",
        "mean rate:",
        "cycles:",
        "wall time:",
        "neuron updates/s",
    ] {
        assert!(out.contains(key), "{key} missing from {out}");
    }
}

#[test]
fn probe_specs_select_neurons_by_id_range_and_population() {
    let dir = tempfile::tempdir().unwrap();
    // left is neurons 0..8, right 8..16 (file order); right[1..3] is 9 and 10; "3..=4" is 3 and 4;
    // duplicates (4 via "4") collapse.
    let trace = cpg_trace(dir.path(), "right[1..3],3..=4,4,left[7]");
    let header = &lines(&trace)[0];
    let ids: Vec<u64> = header["probes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["neuron"].as_u64().unwrap())
        .collect();
    assert_eq!(ids, vec![3, 4, 7, 9, 10]);
    assert_eq!(header["probes"][2]["name"], "left[7]");
    assert_eq!(header["probes"][3]["name"], "right[1]");
}

#[test]
fn bad_probe_specs_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let trace = dir.path().join("t.jsonl");
    for (spec, needle) in [
        (
            "middle",
            "no population \"middle\" (the network has \"left\", \"right\")",
        ),
        ("left[8]", "population left has 8 neurons"),
        ("16", "the network has 16 neurons"),
        ("left[x]", "expected an index"),
    ] {
        let o = flux(&[
            "sim",
            &example("cpg.toml"),
            "--steps",
            "5",
            "--probe",
            spec,
            "--trace",
            path(&trace),
        ]);
        assert_eq!(o.status.code(), Some(2), "{spec}");
        assert!(
            stderr(&o).contains(needle),
            "{spec}: {needle:?} not in {}",
            stderr(&o)
        );
        assert!(!trace.exists(), "{spec}: a trace was written");
    }
}

#[test]
fn diff_reports_a_changed_probe_field() {
    let dir = tempfile::tempdir().unwrap();
    let a = cpg_trace(dir.path(), "left[0],right[0]");
    let b = dir.path().join("perturbed.jsonl");
    let mut l = lines(&a);
    // Record of t=50 is line 51 (after the header); add 1 to v of the first probe, neuron 0.
    let v = l[51]["probes"]["0"]["v"].as_i64().unwrap();
    l[51]["probes"]["0"]["v"] = Value::from(v + 1);
    write_lines(&b, &l);

    let o = flux(&["diff", path(&a), path(&b)]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        format!(
            "first divergence at t=50: neuron 0 (left[0]) field v: A={v} B={}\n",
            v + 1
        )
    );
}

#[test]
fn diff_reports_a_missing_spike_and_a_short_trace() {
    let dir = tempfile::tempdir().unwrap();
    let a = cpg_trace(dir.path(), "left[0]");
    let l = lines(&a);
    // The first record with a spike; drop its first spike from B.
    let i = (1..l.len())
        .find(|&i| !l[i]["spikes"].as_array().unwrap().is_empty())
        .unwrap();
    let t = l[i]["t"].as_u64().unwrap();
    let neuron = l[i]["spikes"][0].as_u64().unwrap();
    let mut m = l.clone();
    m[i]["spikes"].as_array_mut().unwrap().remove(0);
    let b = dir.path().join("b.jsonl");
    write_lines(&b, &m);
    let o = flux(&["diff", path(&a), path(&b)]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stdout(&o),
        // Named by its population from the trace header (cpg.toml: left is neurons 0..8).
        format!("first divergence at t={t}: neuron {neuron} (left[{neuron}]) spiked in A only\n")
    );

    // B cut after 120 timesteps (the header and 120 records).
    write_lines(&b, &l[..121]);
    let o = flux(&["diff", path(&a), path(&b)]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stdout(&o),
        "the first 120 timesteps agree, then B ends; the other trace has 200 timesteps\n"
    );
}

#[test]
fn diff_of_a_malformed_trace_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let a = cpg_trace(dir.path(), "left[0]");
    let b = dir.path().join("broken.jsonl");
    let mut text: Vec<String> = fs::read_to_string(&a)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    text[3] = "{\"t\":2,".into();
    fs::write(&b, text.join("\n")).unwrap();
    let o = flux(&["diff", path(&a), path(&b)]);
    assert_eq!(o.status.code(), Some(2));
    // Line 4 of the file (the header is line 1).
    assert!(
        stderr(&o).contains(&format!("{}:4: invalid record", b.display())),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_malformed_network_file_is_refused_with_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let net = dir.path().join("broken.toml");
    fs::write(&net, "[[population]]\nname = \"a\"\nsize = \"many\"\n").unwrap();
    let trace = dir.path().join("t.jsonl");
    let o = flux(&["sim", path(&net), "--steps", "5", "--trace", path(&trace)]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains(&net.display().to_string()), "{err}");
    assert!(!trace.exists());

    let o = flux(&["sim", path(&dir.path().join("absent.toml")), "--steps", "5"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("absent.toml"), "{}", stderr(&o));
}

#[test]
fn a_trace_into_a_missing_directory_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let trace = dir.path().join("no/such/dir/t.jsonl");
    let o = flux(&[
        "sim",
        &example("cpg.toml"),
        "--steps",
        "5",
        "--trace",
        path(&trace),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(&format!("cannot write {}", trace.display())),
        "{}",
        stderr(&o)
    );
}

#[test]
fn plot_writes_an_svg() {
    let dir = tempfile::tempdir().unwrap();
    let trace = cpg_trace(dir.path(), "left[0],right[0]");
    let svg = dir.path().join("raster.svg");
    let o = flux(&["plot", path(&trace), "-o", path(&svg)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = fs::read_to_string(&svg).unwrap();
    assert!(text.starts_with("<svg"), "{}", &text[..100.min(text.len())]);
    // The raster's title and one panel per probe, named as in the header.
    assert!(text.contains("cpg.toml (small)"));
    assert!(text.contains("neuron 0 left[0]"));
    assert!(text.contains("neuron 8 right[0]"));
}

#[test]
fn plot_of_a_missing_trace_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("raster.svg");
    let o = flux(&[
        "plot",
        path(&dir.path().join("none.jsonl")),
        "-o",
        path(&svg),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("none.jsonl"));
    assert!(!svg.exists());
}

#[test]
fn sim_writes_the_golden_trace() {
    // sim/tests/examples.rs snapshots the library's trace of 250 timesteps of cpg.toml probing
    // left[0] and right[0]; the command must write the same text, byte for byte.
    let snap = Path::new(env!("CARGO_MANIFEST_DIR")).join("sim/tests/snapshots/examples__cpg.snap");
    let snap = fs::read_to_string(snap).unwrap();
    // An insta snapshot is a `---`-delimited metadata block, then the text.
    let golden = snap.splitn(3, "---\n").nth(2).expect("snapshot body");
    let dir = tempfile::tempdir().unwrap();
    let trace = dir.path().join("cpg.jsonl");
    let o = flux(&[
        "sim",
        &example("cpg.toml"),
        "--steps",
        "250",
        "--probe",
        "left[0],right[0]",
        "--trace",
        path(&trace),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        fs::read_to_string(&trace).unwrap().trim_end(),
        golden.trim_end()
    );
}

#[test]
fn fpga_build_refuses_a_boot_image_on_the_icebreaker() {
    // The iCE40 flow keeps the synapses in SPRAM, which a bitstream cannot initialise: refused
    // before anything is emitted or synthesised, with what to do instead.
    let out = std::env::temp_dir().join(format!("flux_cli_ice40_net_{}", std::process::id()));
    let o = flux(&[
        "fpga",
        "build",
        "--board",
        "icebreaker",
        "--net",
        &example("cpg.toml"),
        "--out",
        path(&out),
    ]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(
        err.contains("--net does not work on the icebreaker") && err.contains("flux board run"),
        "{err}"
    );
    assert!(!out.join("board_top.v").exists(), "emitted anyway");
}

/// A run long enough that a check coming after it would time the test out.
const FOREVER: &str = "1000000000000";
/// The time a refusal before any work must take at most, even on a loaded machine.
const PROMPTLY: std::time::Duration = std::time::Duration::from_secs(60);

#[test]
fn outputs_refuse_what_is_not_a_regular_file_before_any_work() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let victim = d.join("victim.txt");
    fs::write(&victim, "keep me").unwrap();
    let link = d.join("link.jsonl");
    std::os::unix::fs::symlink(&victim, &link).unwrap();
    let fifo = d.join("fifo");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let sub = d.join("sub");
    fs::create_dir(&sub).unwrap();
    for (target, needle) in [
        (&link, "is a symbolic link"),
        (&fifo, "is not a regular file"),
        (&sub, "is a directory"),
    ] {
        let o = flux_within(
            &[
                "sim",
                &example("cpg.toml"),
                "--steps",
                FOREVER,
                "--trace",
                path(target),
            ],
            d,
            PROMPTLY,
        );
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        let err = stderr(&o);
        assert!(
            err.contains(&format!("cannot write {}: ", target.display())) && err.contains(needle),
            "{needle:?} not in {err}"
        );
        assert_eq!(err.lines().count(), 1, "{err}");
    }
    // Nothing was replaced: the link still points at the untouched file, the FIFO is a FIFO.
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(fs::read_to_string(&victim).unwrap(), "keep me");
    use std::os::unix::fs::FileTypeExt;
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
    assert!(sub.is_dir() && fs::read_dir(&sub).unwrap().next().is_none());
    // A character device (as `mknod n c 1 3` makes) is refused the same way.
    let o = flux(&[
        "sim",
        &example("cpg.toml"),
        "--steps",
        "3",
        "--trace",
        "/dev/null",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("is not a regular file"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn an_output_that_is_also_an_input_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let net = dir.path().join("net.toml");
    let text = fs::read_to_string(example("cpg.toml")).unwrap();
    fs::write(&net, &text).unwrap();
    let o = flux(&["sim", path(&net), "--steps", "3", "--trace", path(&net)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(&format!(
            "cannot write {}: it is also an input",
            net.display()
        )),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        fs::read_to_string(&net).unwrap(),
        text,
        "the network was overwritten"
    );

    // The same file under another name (a hard link) is the same file.
    let trace = cpg_trace(dir.path(), "left[0]");
    let alias = dir.path().join("alias.jsonl");
    fs::hard_link(&trace, &alias).unwrap();
    let before = fs::read_to_string(&trace).unwrap();
    for out in [&trace, &alias] {
        let o = flux(&["plot", path(&trace), "-o", path(out)]);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(stderr(&o).contains("it is also an input"), "{}", stderr(&o));
    }
    assert_eq!(
        fs::read_to_string(&trace).unwrap(),
        before,
        "the trace was overwritten"
    );
}

#[test]
fn cosim_refuses_a_vcd_it_cannot_write_before_verilating() {
    // A directory or a path where no file can be created (/proc takes none, even from root) used
    // to be verilated, run, and end with exit 0 and no waveform.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let unwritable = Path::new("/proc/flux-test.vcd");
    for (vcd, needle) in [
        (d, "is a directory".to_string()),
        (unwritable, "cannot create a file in /proc".to_string()),
    ] {
        let o = flux_within(
            &[
                "cosim",
                &example("cpg.toml"),
                "--steps",
                FOREVER,
                "--vcd",
                path(vcd),
            ],
            d,
            PROMPTLY,
        );
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        let err = stderr(&o);
        assert!(
            err.starts_with(&format!("error: cannot write {}: ", vcd.display()))
                && err.contains(&needle)
                && err.lines().count() == 1,
            "{needle:?} not in {err}"
        );
    }
}

#[test]
fn an_error_names_each_cause_once() {
    // A typed error that shows its cause and also returns it as its source used to print the
    // cause twice: `...: No such file or directory (os error 2): No such file or directory (os error 2)`.
    let dir = tempfile::tempdir().unwrap();
    let absent = dir.path().join("absent.toml");
    let o = flux(&["sim", path(&absent), "--steps", "5"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert_eq!(err.matches("(os error 2)").count(), 1, "{err}");
    assert_eq!(
        err,
        format!(
            "error: cannot compile the network: {}: cannot read the network file: No such file or directory (os error 2)\n",
            absent.display()
        )
    );
    let o = flux(&[
        "plot",
        path(&dir.path().join("none.jsonl")),
        "-o",
        path(&dir.path().join("r.svg")),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o).matches("(os error 2)").count(),
        1,
        "{}",
        stderr(&o)
    );
}

/// Runs `flux` with no external tool on `PATH` (an empty directory).
fn flux_without_tools(args: &[&str]) -> std::process::Output {
    let empty = tempfile::tempdir().unwrap();
    std::process::Command::new(env!("CARGO_BIN_EXE_flux"))
        .args(args)
        .env("PATH", empty.path())
        .output()
        .expect("run flux")
}

#[test]
fn fpga_build_checks_its_arguments_before_the_tools() {
    // An unknown preset used to be reported after the tools were found (or installed: 0.5 GB for
    // the ulx3s), and a missing --rtl file after yosys had started. With no tool on PATH, the
    // argument is what is wrong first.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    for board in ["icebreaker", "ulx3s"] {
        let o = flux_without_tools(&[
            "fpga",
            "build",
            "--board",
            board,
            "--preset",
            "nope",
            "--out",
            path(&out),
        ]);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(
            stderr(&o).starts_with("error: unknown preset \"nope\""),
            "{board}: {}",
            stderr(&o)
        );
    }
    let missing = dir.path().join("missing.v");
    let o = flux_without_tools(&[
        "fpga",
        "build",
        "--board",
        "icebreaker",
        "--rtl",
        path(&missing),
        "--out",
        path(&out),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).starts_with(&format!("error: cannot read {}: ", missing.display())),
        "{}",
        stderr(&o)
    );
    assert!(!out.exists(), "something was written");
}

/// The names and contents of the files in `dir`, sorted.
fn files_in(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_file())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn a_failed_emission_leaves_the_output_directory_as_it_was() {
    // A second emission into the same directory that fails part way used to leave the memory files
    // of the second network beside the Verilog of the first (issue 11).
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("rtl");
    let emit = |net: &str| {
        flux(&[
            "emit",
            "--preset",
            "small",
            "--network",
            &example(net),
            "--out",
            path(&out),
        ])
    };
    let o = emit("cpg.toml");
    assert!(o.status.success(), "{}", stderr(&o));
    let first = files_in(&out);
    assert!(first.len() > 1, "{first:?}");
    // One of the files the second emission must replace cannot be: a directory is in its place.
    let (blocked, _) = first
        .iter()
        .find(|(n, _)| n.ends_with(".v"))
        .expect("a Verilog file")
        .clone();
    fs::remove_file(out.join(&blocked)).unwrap();
    fs::create_dir(out.join(&blocked)).unwrap();
    let o = emit("learn.toml");
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("is a directory"), "{}", stderr(&o));
    // Every other file is still the first network's, and nothing stray is left anywhere.
    let expect: Vec<_> = first.into_iter().filter(|(n, _)| *n != blocked).collect();
    assert!(files_in(&out) == expect, "the directory was changed");
    let names = |d: &Path| -> Vec<String> {
        fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect()
    };
    assert_eq!(names(dir.path()), vec!["rtl"]);
    assert_eq!(names(&out).len(), expect.len() + 1);
}

#[test]
fn an_interrupted_sim_leaves_no_temporary_trace() {
    // SIGINT or SIGTERM during a long traced run used to leave the hidden `.flux-trace-XXXXXX`
    // (hundreds of MB) behind (issue 11).
    for signal in [libc::SIGINT, libc::SIGTERM] {
        let dir = tempfile::tempdir().unwrap();
        let temporaries = || -> Vec<String> {
            fs::read_dir(dir.path())
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with(".flux-trace-"))
                .collect()
        };
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_flux"))
            .args([
                "sim",
                &example("cpg.toml"),
                "--steps",
                FOREVER,
                "--trace",
                "t.jsonl",
            ])
            .current_dir(dir.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let start = std::time::Instant::now();
        while temporaries().is_empty() {
            assert!(start.elapsed() < PROMPTLY, "no temporary trace appeared");
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        // SAFETY: kill(2) on the id of our own child, which has not been waited for yet.
        assert_eq!(unsafe { libc::kill(child.id() as libc::pid_t, signal) }, 0);
        let o = child.wait_with_output().unwrap();
        assert!(!o.status.success(), "signal {signal}: exit 0");
        assert_eq!(temporaries(), Vec::<String>::new(), "signal {signal}");
        assert!(
            !dir.path().join("t.jsonl").exists(),
            "signal {signal}: a trace was written"
        );
    }
}

#[test]
fn an_empty_network_file_is_refused() {
    // `flux sim /dev/null` ran a 0-neuron network and exited 0 (issue 11).
    let o = flux(&["sim", "/dev/null", "--steps", "3"]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert_eq!(
        stderr(&o),
        "error: cannot compile the network: /dev/null: the network has no [[population]]: \
         nothing to simulate (is the file empty or cut short?)\n"
    );
}

#[test]
fn diff_compares_the_probes_both_traces_share() {
    let dir = tempfile::tempdir().unwrap();
    let a = cpg_trace(dir.path(), "left[0],right[0]");
    let b = dir.path().join("b.jsonl");
    let o = flux(&[
        "sim",
        &example("cpg.toml"),
        "--steps",
        "200",
        "--trace",
        path(&b),
        "--probe",
        "left[0]",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    // Different probe sets: spikes, cycles and left[0] are compared, right[0] is not.
    let o = flux(&["diff", path(&a), path(&b)]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(
        stdout(&o),
        "identical spikes, cycles and shared probes [0] (200 timesteps); not compared: A's probes [8], B's probes none\n"
    );
    // A changed v of the shared probe is still found.
    let mut l = lines(&b);
    let v = l[51]["probes"]["0"]["v"].as_i64().unwrap();
    l[51]["probes"]["0"]["v"] = Value::from(v + 1);
    write_lines(&b, &l);
    let o = flux(&["diff", path(&a), path(&b)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("neuron 0 (left[0]) field v"),
        "{}",
        stdout(&o)
    );
}

/// `flux image examples/cpg.toml --preset small --out OUT`, then `extra`.
fn cpg_image(out: &Path, extra: &[&str]) -> std::process::Output {
    let network = example("cpg.toml");
    let mut args = vec!["image", &network, "--preset", "small", "--out", path(out)];
    args.extend_from_slice(extra);
    flux(&args)
}

#[test]
fn image_writes_the_memories_and_a_write_list_that_rebuilds_the_image() {
    use flux_sim::image::{CoreImage, WRITE_LIST_DIGITS};
    use flux_sim::spec::{SMALL, mem, reg};
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("img");
    let o = cpg_image(&out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let want = flux_sim::compile::compile_file(Path::new(&example("cpg.toml")), Some(SMALL))
        .unwrap()
        .image;

    // Replaying the write list into an empty image, by the memory codes of the host interface,
    // gives the compiled image back: every word, every register.
    let list = fs::read_to_string(out.join("writes.hex")).unwrap();
    let mut lines: Vec<&str> = list.lines().collect();
    assert_eq!(
        lines.pop(),
        Some("f".repeat(WRITE_LIST_DIGITS).as_str()),
        "end marker"
    );
    let mut got = CoreImage::empty(SMALL);
    let mut n_neurons_last = false;
    for line in &lines {
        assert_eq!(line.len(), WRITE_LIST_DIGITS, "{line}");
        let m = u32::from_str_radix(&line[..1], 16).unwrap();
        let a = u32::from_str_radix(&line[1..9], 16).unwrap();
        let d = u128::from_str_radix(&line[9..], 16).unwrap();
        let i = a as usize;
        n_neurons_last = (m, a) == (mem::REGISTERS, reg::N_NEURONS);
        match (m, a) {
            (mem::PROFILES, _) => got.profiles[i] = d,
            (mem::STATE, _) => got.state[i] = d,
            (mem::FANOUT, _) => got.fanout[i] = d as u64,
            (mem::SYNAPSES, _) => got.synapses[i] = d as u64,
            (mem::LEARN_RULES, _) => got.learn_rules[i] = d as u64,
            (mem::LEARN_TABLE, _) => got.learn_table[i] = d as u16,
            (mem::REGISTERS, reg::N_NEURONS) => got.n_neurons = d as u32,
            (mem::REGISTERS, reg::LEARN_EN) => got.learn_en = d != 0,
            (mem::REGISTERS, reg::SWEEP_LEN) => got.sweep_len = d as u32,
            (mem::REGISTERS, reg::SWEEP_STEP) => got.sweep_step = d as u32,
            (mem::REGISTERS, reg::NOISE) => got.noise = d as u32,
            (mem::REGISTERS, reg::NOISE_BITS) => got.noise_bits = d as u32,
            other => panic!("write to {other:?}"),
        }
    }
    assert!(got == want, "the write list does not rebuild the image");
    // `n_neurons` last: writing it clears the learning tail (docs/model.md §12.1).
    assert!(n_neurons_last);

    // The state memory's `$readmemh` file: N lines of ceil(100 / 4) digits, the state words.
    let state = fs::read_to_string(out.join("flux_core_small_state.hex")).unwrap();
    let words: Vec<u128> = state
        .lines()
        .map(|l| u128::from_str_radix(l, 16).unwrap())
        .collect();
    assert_eq!(words.len(), SMALL.neurons as usize);
    assert_eq!(state.lines().next().unwrap().len(), 25);
    assert_eq!(&words[..want.state.len()], &want.state[..]);
}

#[test]
fn image_writes_the_events_and_the_spikes_of_the_model_run() {
    use flux_sim::image::{EVENT_LIST_DIGITS, SPIKE_LIST_DIGITS};
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("img");
    // 1100 timesteps: cpg's input "modulator" (channel 0, p16 = 65536, so every draw is true)
    // spikes in every timestep from `start = 1000` on: 100 events.
    let o = cpg_image(&out, &["--steps", "1100"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let events = fs::read_to_string(out.join("events.hex")).unwrap();
    let mut want: Vec<String> = (1000..1100u32)
        .map(|t| format!("{t:08x}0{:04x}{:04x}", 0, 0))
        .collect();
    // The end line: 1100 timesteps, then every other digit `f`.
    want.push(format!("{:08x}{}", 1100, "f".repeat(EVENT_LIST_DIGITS - 8)));
    assert_eq!(events.lines().collect::<Vec<_>>(), want);

    // The spikes are the model's, timestep by timestep, ascending neuron.
    let compiled = flux_sim::compile::compile_file(
        Path::new(&example("cpg.toml")),
        Some(flux_sim::spec::SMALL),
    )
    .unwrap();
    let mut core = flux_sim::core::Core::new(&compiled.image);
    let mut inputs = compiled.inputs;
    let mut want = Vec::new();
    let mut buf = Vec::new();
    for t in 0..1100u64 {
        inputs.events_at(t, &mut buf);
        for &n in core.step(&buf).spikes {
            want.push(format!("{t:08x}{n:04x}"));
        }
    }
    want.push(format!("{:08x}ffff", 1100));
    let spikes = fs::read_to_string(out.join("expected.hex")).unwrap();
    let got: Vec<&str> = spikes.lines().collect();
    assert!(got.iter().all(|l| l.len() == SPIKE_LIST_DIGITS), "{spikes}");
    assert_eq!(got, want);
    // cpg.toml: "left fires at t = 0": its 8 neurons (0..8, the first population) open the list.
    let first: Vec<String> = (0..8).map(|n| format!("{:08x}{n:04x}", 0)).collect();
    assert_eq!(&got[..8], &first[..]);
    assert!(
        stdout(&o).contains(&format!(
            "1100 timesteps: 100 input events, {} spikes expected",
            want.len() - 1
        )),
        "{}",
        stdout(&o)
    );
}

#[test]
fn image_steps_default_to_the_file_and_are_refused_past_the_counter() {
    let dir = tempfile::tempdir().unwrap();
    // cpg.toml has `[run] steps = 2000`: the end line counts them.
    let out = dir.path().join("img");
    let o = cpg_image(&out, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let events = fs::read_to_string(out.join("events.hex")).unwrap();
    assert!(
        events.ends_with(&format!("{:08x}fffffffff\n", 2000)),
        "{events}"
    );

    // 2^32 timesteps do not fit the core's 32-bit counter; nothing is written.
    let refused = dir.path().join("refused");
    let o = cpg_image(&refused, &["--steps", "4294967296"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("--steps 4294967296: at most 4294967295"),
        "{}",
        stderr(&o)
    );
    assert!(!refused.exists());
}

#[test]
fn sim_on_three_threads_writes_the_trace_of_one_thread() {
    // docs/model.md §14: the trace (spikes, cycles, probed states) does not depend on the threads.
    // `cuba.toml` has 2,000 neurons: on 3 threads they are cut at 704 and 1,408, and the probes
    // sit in all three ranges.
    let dir = tempfile::tempdir().unwrap();
    let mut traces = Vec::new();
    for threads in ["1", "3"] {
        let trace = dir.path().join(format!("cuba-{threads}.jsonl"));
        let o = flux(&[
            "sim",
            &example("cuba.toml"),
            "--steps",
            "2000",
            "--probe",
            "0..8,1000..1008,1992..2000",
            "--threads",
            threads,
            "--trace",
            path(&trace),
        ]);
        assert!(o.status.success(), "flux sim failed: {}", stderr(&o));
        let suffix = if threads == "1" {
            "thread)"
        } else {
            "threads)"
        };
        assert!(
            stdout(&o).contains(&format!("{threads} {suffix}")),
            "{}",
            stdout(&o)
        );
        traces.push(trace);
    }
    let (one, three) = (lines(&traces[0]), lines(&traces[1]));
    assert_eq!(one.len(), 2001);
    let spikes: usize = one[1..]
        .iter()
        .map(|r| r["spikes"].as_array().unwrap().len())
        .sum();
    assert!(spikes > 1000, "only {spikes} spikes");
    assert_eq!(one, three);
}
