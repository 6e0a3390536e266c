//! Shared by the command-line tests: the built `flux` binary, run as a user runs it, and the paths
//! it is given.

#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

/// Runs the built `flux` with `args`.
pub fn flux(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_flux"))
        .args(args)
        .output()
        .expect("run flux")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The path of `examples/<name>`.
pub fn example(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name)
        .display()
        .to_string()
}

/// A temporary path as a command-line argument.
pub fn path(p: &Path) -> &str {
    p.to_str().expect("UTF-8 temp path")
}

/// Runs the built `flux` with `args` in `dir`, and panics (killing it) if it has not finished
/// within `limit`: for checks that must come before a long run starts.
pub fn flux_within(args: &[&str], dir: &Path, limit: std::time::Duration) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_flux"))
        .args(args)
        .current_dir(dir)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run flux");
    let start = std::time::Instant::now();
    while child.try_wait().expect("wait for flux").is_none() {
        if start.elapsed() > limit {
            child.kill().expect("kill flux");
            let o = child.wait_with_output().expect("wait for flux");
            panic!(
                "flux {args:?} still ran after {limit:?} (killed); stderr: {}",
                stderr(&o)
            );
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().expect("wait for flux")
}
