//! `flux plot --stdp-window`: the STDP window of a network's learning rule, measured on the model and
//! drawn as SVG (`docs/model.md` §12.3).

mod common;
use common::{example, flux};

#[test]
fn stdp_window_of_the_learning_example() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("window.svg");
    let o = flux(&[
        "plot",
        "--stdp-window",
        &example("learn.toml"),
        "-o",
        svg.to_str().unwrap(),
    ]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // examples/learn.toml: ltp[0] = ltp_amp = 40 at dt 0, ltd[0] = ltd_amp = 50 at dt -1.
    assert!(
        out.contains("largest LTP +40 at dt 0, largest LTD -50 at dt -1"),
        "{out}"
    );
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(text.starts_with("<svg"));
    // The title (its quotes may be escaped in the SVG).
    assert!(text.contains("STDP window: profile"));
    assert!(text.contains("of learn.toml (small, L = 16)"));
}

#[test]
fn stdp_window_refuses_a_profile_without_learning() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("window.svg");
    let o = flux(&[
        "plot",
        "--stdp-window",
        &example("cpg.toml"),
        "-o",
        svg.to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("no profile has a [profile.learning] to draw"),
        "{err}"
    );
    assert!(!svg.exists(), "nothing is written");
}
