//! `flux mutate` refuses bad input with one clear line and exit status 2, before any yosys or
//! Verilator work (the mutation run itself is tested in `testbenches/tests/mutation.rs`).

mod common;
use common::{flux, stderr};

#[test]
fn bad_arguments_are_refused_before_any_work() {
    for (args, says) in [
        (
            &["mutate", "--preset", "nope"][..],
            "unknown preset \"nope\"",
        ),
        (
            &["mutate", "--mutants", "0"][..],
            "--mutants must be 1 to 65535",
        ),
        (
            &["mutate", "--mutants", "70000"][..],
            "--mutants must be 1 to 65535",
        ),
        (
            &["mutate", "--fail-under", "101"][..],
            "--fail-under must be a percentage",
        ),
        (
            &["mutate", "--steps", "0"][..],
            "--steps must be at least 1",
        ),
        (
            &["mutate", "--mutants", "5", "--only", "6"][..],
            "--only 6: the sample's mutants are numbered 1 to 5",
        ),
    ] {
        let o = flux(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(err.contains(says), "{args:?}: {err}");
        assert_eq!(err.trim().lines().count(), 1, "{args:?}: one line: {err}");
    }
}
