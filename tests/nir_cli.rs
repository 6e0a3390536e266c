//! `flux import` and `flux eval` from the command line (issue 10): the import writes what the
//! library imports, a `.nir` file runs wherever a network does, a bad file is one line and writes
//! nothing, and `flux eval` ends with the accuracy line.

mod common;

use common::{example, flux, path, stderr, stdout};

#[test]
fn import_writes_the_network_and_a_bad_file_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("digits.toml");
    let o = flux(&[
        "import",
        &example("digits/digits.nir"),
        "-o",
        path(&out),
        "--reset",
        "subtract",
        "--preset",
        "up5k",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    // Byte for byte the committed example (which nir/tests/import.rs keeps fresh).
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        std::fs::read_to_string(example("digits/digits.toml")).unwrap()
    );

    let bad = dir.path().join("bad.toml");
    let nir = format!("{}/nir/fixtures/nan_weight.nir", env!("CARGO_MANIFEST_DIR"));
    let o = flux(&["import", &nir, "-o", path(&bad)]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("node \"linear\": parameter weight holds NaN"),
        "{err}"
    );
    assert!(!bad.exists());
}

#[test]
fn a_nir_file_simulates_directly() {
    let nir = format!(
        "{}/nir/fixtures/scalar_lif_plain.nir",
        env!("CARGO_MANIFEST_DIR")
    );
    let o = flux(&["sim", &nir, "--steps", "5"]);
    assert!(o.status.success(), "{}", stderr(&o));
}

/// `flux eval` of the first `limit` test digits, with `extra` arguments; its standard output.
fn eval_digits(limit: &str, extra: &[&str]) -> String {
    let (net, data) = (example("digits/digits.toml"), example("digits/test.jsonl"));
    let mut args = vec!["eval", &net, "--dataset", &data, "--limit", limit];
    args.extend_from_slice(extra);
    let o = flux(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    stdout(&o)
}

#[test]
fn eval_ends_with_the_accuracy() {
    let out = eval_digits("20", &[]);
    let last = out.lines().last().unwrap();
    assert!(last.starts_with("accuracy: "), "{out}");
    assert!(last.ends_with(" % (20 samples)"), "{last}");
    assert!(out.contains("confusion matrix"), "{out}");
}

#[test]
fn eval_on_three_threads_gives_the_results_of_one() {
    // Samples run side by side, each on its own core; the confusion matrix, the cycles and the
    // accuracy are those of one thread. Only the measured speed line differs.
    let run = |threads: &str| {
        let out = eval_digits("40", &["--threads", threads]);
        assert!(out.contains(&format!("({threads} thread")), "{out}");
        out.lines()
            .filter(|l| !l.starts_with("model: "))
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    let one = run("1");
    assert!(one.iter().any(|l| l.starts_with("per sample: ")), "{one:?}");
    assert_eq!(one, run("3"));
}

#[test]
fn import_onto_the_xylo_kind_writes_a_xylo_network() {
    // `--kind xylo` (docs/model.md §13.1): the digits network's LIF layers as Xylo neurons with
    // current synapses; the file compiles and runs (`flux sim`), and with NIR's own reset it is
    // refused in one line.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("digits_xylo.toml");
    let nir = example("digits/digits.nir");
    let o = flux(&[
        "import",
        &nir,
        "-o",
        path(&out),
        "--kind",
        "xylo",
        "--reset",
        "subtract",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(
        text.contains("kind = \"xylo\"") && text.contains("type = \"current\""),
        "{text}"
    );
    let o = flux(&["sim", path(&out), "--steps", "20"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let refused = dir.path().join("refused.toml");
    let o = flux(&["import", &nir, "-o", path(&refused), "--kind", "xylo"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("--kind xylo needs --reset subtract"),
        "{}",
        stderr(&o)
    );
    assert!(!refused.exists());
}
