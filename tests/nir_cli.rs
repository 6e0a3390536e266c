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

#[test]
fn eval_ends_with_the_accuracy() {
    let o = flux(&[
        "eval",
        &example("digits/digits.toml"),
        "--dataset",
        &example("digits/test.jsonl"),
        "--limit",
        "20",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
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
        let o = flux(&[
            "eval",
            &example("digits/digits.toml"),
            "--dataset",
            &example("digits/test.jsonl"),
            "--limit",
            "40",
            "--threads",
            threads,
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        let out = stdout(&o);
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
