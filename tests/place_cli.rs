//! `flux place` (`docs/model.md` §15), run as a user runs it: the placement it prints, the run on
//! one core and on the chip it compares, and its refusals.

mod common;
use common::{example, flux, stderr, stdout};

#[test]
fn place_cuts_a_network_over_both_cores_and_checks_it_runs_as_on_one() {
    let o = flux(&[
        "place",
        &example("izhikevich.toml"),
        "--chip",
        "duo",
        "--cores",
        "2",
        "--steps",
        "300",
    ]);
    assert!(o.status.success(), "flux place failed: {}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("core 0: neurons 0..") && out.contains("core 1: neurons "),
        "{out}"
    );
    assert!(out.contains("populations: rs"), "{out}");
    assert!(
        out.contains("300 timesteps: identical on one core and on the chip"),
        "{out}"
    );
}

#[test]
fn place_refuses_what_a_chip_cannot_run_with_one_line() {
    for (net, chip, why) in [
        ("noise.toml", "duo", "noise"),
        ("cuba.toml", "ulx3s-quad", "does not fit its cores"),
        ("cpg.toml", "no-such-chip", "unknown chip"),
    ] {
        let o = flux(&["place", &example(net), "--chip", chip]);
        assert_eq!(o.status.code(), Some(2), "{net} on {chip}");
        let err = stderr(&o);
        assert!(err.contains(why), "{net} on {chip}: {err}");
        assert!(
            !err.contains("panicked") && err.trim().lines().count() == 1,
            "{err}"
        );
    }
}
