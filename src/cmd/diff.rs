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
    let (header_a, header_b) = (a.header().clone(), b.header().clone());
    match diff(a, b)? {
        DiffOutcome::Identical { timesteps } => {
            println!("identical ({timesteps} timesteps)");
            Ok(ExitCode::SUCCESS)
        }
        DiffOutcome::Agree {
            timesteps,
            shared,
            only_a,
            only_b,
            every,
        } => {
            let list = |v: &[u32]| {
                if v.is_empty() {
                    "none".to_string()
                } else {
                    format!("{v:?}")
                }
            };
            let when = if every.0 == every.1 {
                String::new()
            } else {
                format!(
                    " where both read them (A every {} timesteps, B every {})",
                    every.0, every.1
                )
            };
            println!(
                "identical spikes, cycles and shared probes {}{when} ({timesteps} timesteps); not compared: A's probes {}, B's probes {}",
                list(&shared),
                list(&only_a),
                list(&only_b)
            );
            Ok(ExitCode::SUCCESS)
        }
        DiffOutcome::Diverged(d) => {
            println!(
                "{}",
                d.describe(|n| header_a.neuron_name(n).or_else(|| header_b.neuron_name(n)))
            );
            Ok(ExitCode::from(1))
        }
    }
}
