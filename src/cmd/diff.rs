//! `flux diff`: compares two traces and reports the first divergence.
//!
//! Exit status: 0 identical, 1 diverged, 2 a trace could not be read (like `cmp`).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use flux_sim::trace::{DiffOutcome, TraceReader, diff};

#[derive(clap::Args)]
pub struct Args {
    /// The first trace ("A").
    pub a: PathBuf,
    /// The second trace ("B").
    pub b: PathBuf,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let a = TraceReader::open(&args.a)?;
    let b = TraceReader::open(&args.b)?;
    match diff(a, b)? {
        DiffOutcome::Identical { timesteps } => {
            println!("identical ({timesteps} timesteps)");
            Ok(ExitCode::SUCCESS)
        }
        DiffOutcome::Diverged(d) => {
            println!("{d}");
            Ok(ExitCode::from(1))
        }
    }
}
