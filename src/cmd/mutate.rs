//! `flux mutate`: mutation testing of an emitted core (`flux_testbenches::mutate`). Prints the
//! survivors by block and one score line; exits 1 when the score is below `--fail-under`.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use flux_sim::spec;
use flux_testbenches::mutate::{self, Checks, Outcome, Verdict};
use flux_testbenches::verilate;

#[derive(clap::Args)]
pub struct Args {
    /// Core preset whose emitted Verilog is mutated.
    #[arg(long, value_name = "P", default_value = "small")]
    pub preset: String,
    /// Number of mutants (yosys `mutate -list`).
    #[arg(long, value_name = "N", default_value_t = 200)]
    pub mutants: usize,
    /// Seed of the mutant selection (yosys `mutate -seed`); the check networks' seeds are the test
    /// suite's.
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub seed: u64,
    /// Worker threads [default: the available cores].
    #[arg(long, value_name = "J")]
    pub jobs: Option<usize>,
    /// Random networks of each kind (plain, and with learning) every mutant runs.
    #[arg(long, value_name = "K", default_value_t = Checks::new(spec::SMALL).plain)]
    pub networks: u64,
    /// Timesteps of each check network.
    #[arg(long, value_name = "T", default_value_t = Checks::new(spec::SMALL).steps)]
    pub steps: u64,
    /// Exit 1 when fewer than this percentage of the non-equivalent mutants are killed.
    #[arg(long, value_name = "PCT", default_value_t = 95.0)]
    pub fail_under: f64,
    /// Run only these mutants of the sample (numbers as the report gives them, e.g. survivors
    /// after a change to the checks).
    #[arg(long, value_name = "K,K,...", value_delimiter = ',')]
    pub only: Vec<u32>,
    /// Also write the report (every mutant and its verdict) to this file.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let preset = spec::preset(&args.preset).with_context(|| {
        format!(
            "unknown preset {:?}: use {}",
            args.preset,
            spec::preset_names()
        )
    })?;
    if args.mutants == 0 || args.mutants >= 1 << mutate::MUTSEL_BITS {
        bail!("--mutants must be 1 to {}", (1 << mutate::MUTSEL_BITS) - 1);
    }
    if !(0.0..=100.0).contains(&args.fail_under) {
        bail!("--fail-under must be a percentage, 0 to 100");
    }
    if args.steps == 0 {
        bail!("--steps must be at least 1");
    }
    if let Some(&k) = args
        .only
        .iter()
        .find(|&&k| k == 0 || k as usize > args.mutants)
    {
        bail!(
            "--only {k}: the sample's mutants are numbered 1 to {}",
            args.mutants
        );
    }
    if let Some(report) = &args.report {
        super::output::check_file(report, &[])?;
    }
    flux_fpga::tools::yosys()?;
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);

    let root = verilate::cache_root();
    let verilog = super::cosim::emit(&preset, &root.join("verilog"))?;
    let dir = verilate::target_dir().join("flux-mutate").join(format!(
        "{}-seed{}-n{}",
        preset.name, args.seed, args.mutants
    ));
    eprintln!(
        "flux mutate: {} mutants of {} (seed {}), {} worker threads",
        args.mutants,
        verilog.display(),
        args.seed,
        jobs
    );
    let top = flux_hdl::emit::module_name(&preset);
    let design = mutate::make_design(&verilog, &top, args.mutants, args.seed, &dir)?;
    eprintln!("verilating the design with every mutant behind `mutsel` ...");
    let build = mutate::build(&design)?;
    let checks = Checks {
        plain: args.networks,
        plastic: args.networks,
        steps: args.steps,
        ..Checks::new(preset)
    };
    eprintln!(
        "each mutant runs a memory round trip, {} random and {} plastic networks x {} timesteps (seeds {:#x}.., {:#x}..), compared every timestep, then the timestep counter written below every power of two, then resets between and within timesteps",
        checks.plain,
        checks.plastic,
        checks.steps,
        Checks::PLAIN_SEED,
        Checks::PLASTIC_SEED,
    );
    let total = if args.only.is_empty() {
        args.mutants
    } else {
        args.only.len()
    };
    let bar = indicatif::ProgressBar::new(total as u64);
    let terminal = std::io::stderr().is_terminal();
    if terminal {
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:40} {pos}/{len} mutants, {msg}, eta {eta}",
            )
            .expect("the template is valid"),
        );
    } else {
        bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    }
    let survived = std::sync::atomic::AtomicUsize::new(0);
    let progress = |o: &Outcome| {
        if o.verdict == Verdict::Survived {
            survived.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        bar.set_message(format!(
            "{} survived",
            survived.load(std::sync::atomic::Ordering::Relaxed)
        ));
        bar.inc(1);
        if !terminal {
            // In a log, one line per survivor and a count every tenth of the run.
            let done = bar.position();
            if o.verdict == Verdict::Survived {
                eprintln!("survived: #{} {}", o.mutation.index, o.mutation.source);
            }
            if done.is_multiple_of((total as u64).div_ceil(10)) {
                eprintln!("{done}/{total} mutants run");
            }
        }
    };
    let report = mutate::run(
        &design, &build, &checks, args.seed, jobs, &args.only, &progress,
    )?;
    bar.finish_and_clear();

    let text = report.text();
    print!("{text}");
    if let Some(path) = &args.report {
        let mut full = String::new();
        for o in &report.outcomes {
            let verdict = match &o.verdict {
                Verdict::Killed(why) => format!("killed: {why}"),
                Verdict::Survived => "survived".to_string(),
                Verdict::Equivalent => "equivalent".to_string(),
            };
            full.push_str(&format!(
                "#{} {} [{}] {:.1} s: {verdict}\n  mutate {}\n",
                o.mutation.index,
                o.mutation.source,
                o.mutation.block,
                o.time.as_secs_f64(),
                o.mutation.args
            ));
        }
        full.push_str(&text);
        super::output::write_file(path, full.as_bytes())?;
    }
    if report.score() < args.fail_under {
        eprintln!(
            "score {:.1} % is below --fail-under {}",
            report.score(),
            args.fail_under
        );
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
