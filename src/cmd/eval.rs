//! `flux eval`: runs a labelled data set through a network on the model (`docs/model.md` §13.4) and
//! prints the accuracy, the confusion matrix, timesteps and cycles per sample, and the time per
//! sample at each board's clock. The last line is `accuracy: X.XX % (N samples)`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use flux_sim::compile::{self, Compiled};
use flux_sim::eval::{self, Dataset};
use plotters::prelude::*;
use rayon::prelude::*;

#[derive(clap::Args)]
pub struct Args {
    /// The network (a Flux TOML file, or a NIR file imported with the options below).
    pub network: PathBuf,
    /// The labelled data set (JSON Lines: a header, then {"label", "values"} per sample).
    #[arg(long)]
    pub dataset: PathBuf,
    /// Run only the first N samples.
    #[arg(long)]
    pub limit: Option<usize>,
    /// Also draw the confusion matrix as an SVG.
    #[arg(long)]
    pub confusion: Option<PathBuf>,
    /// Threads that run samples side by side, each sample on its own model core; the results are
    /// those of one thread [default: the CPUs available].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=256))]
    pub threads: Option<u32>,
    /// How a `.nir` network is imported; `--preset` also picks the core of a TOML network.
    #[command(flatten)]
    pub import: super::import::ImportArgs,
}

pub fn run(args: Args) -> Result<ExitCode> {
    if let Some(path) = &args.confusion {
        super::output::check_file(path, &[&args.network, &args.dataset])?;
    }
    let net = load(&args)?;
    let data = eval::read(&args.dataset)?;
    let Dataset { header, samples } = data;
    let samples = match args.limit {
        Some(0) => bail!("--limit 0 runs no sample"),
        Some(n) => &samples[..n.min(samples.len())],
        None => &samples[..],
    };
    let plan = eval::plan(&net, &header, samples[0].values.len()).with_context(|| {
        format!(
            "{} does not fit {}",
            args.dataset.display(),
            args.network.display()
        )
    })?;
    let classes = header.classes as usize;
    println!(
        "{}: {} samples on preset {}, {} timesteps each ({} carry the sample, {} more for the network's depth)",
        header.name.as_deref().unwrap_or("data set"),
        samples.len(),
        net.image.preset.name,
        plan.total_steps(),
        plan.steps,
        plan.extra_steps
    );

    let bar = indicatif::ProgressBar::new(samples.len() as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{bar:40} {pos}/{len} samples, {per_sec}, eta {eta}",
        )
        .expect("the template is valid"),
    );
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.map_or(0, |n| n as usize))
        .build()
        .context("cannot start the threads")?;
    let start = Instant::now();
    // Every sample runs on a freshly loaded core (§13.4), so samples are independent; the outcomes
    // come back in sample order and are tallied below as one thread would.
    let outcomes: Vec<eval::Outcome> = pool.install(|| {
        samples
            .par_iter()
            .map(|s| {
                let o = eval::run_sample(&net, &plan, s, header.classes);
                bar.inc(1);
                o
            })
            .collect()
    });
    let mut confusion = vec![vec![0u64; classes]; classes];
    let mut correct = 0u64;
    let (mut cycles_min, mut cycles_max, mut cycles_sum) = (u64::MAX, 0u64, 0u64);
    for (s, o) in samples.iter().zip(&outcomes) {
        confusion[s.label as usize][o.predicted as usize] += 1;
        correct += u64::from(o.predicted == s.label);
        cycles_min = cycles_min.min(o.cycles);
        cycles_max = cycles_max.max(o.cycles);
        cycles_sum += o.cycles;
    }
    bar.finish_and_clear();
    let wall = start.elapsed().as_secs_f64();
    let n = samples.len() as u64;

    println!("confusion matrix (rows: label, columns: predicted):");
    print!("      ");
    for c in 0..classes {
        print!("{c:>5}");
    }
    println!();
    for (label, row) in confusion.iter().enumerate() {
        print!("{label:>5} ");
        for v in row {
            print!("{v:>5}");
        }
        println!();
    }
    let mean = cycles_sum as f64 / n as f64;
    println!(
        "per sample: {} timesteps, {:.0} cycles (min {cycles_min}, max {cycles_max})",
        plan.total_steps(),
        mean
    );
    // Each board at the clock `flux fpga build` gives this core's board top by default.
    for b in flux_fpga::board::BOARDS {
        let clock = super::board::clock_plan(
            &b,
            flux_hdl::board_top::HOST_BAUD,
            None,
            Some(net.image.preset.name),
        )?;
        let hz = clock.clock_hz as f64;
        println!(
            "  at the {} clock ({} MHz): {:.3} ms per sample (core alone), {:.0} samples/s",
            b.name,
            clock.mhz(),
            mean / hz * 1e3,
            hz / mean
        );
    }
    let threads = pool.current_num_threads();
    println!(
        "model: {:.0} samples/s on this machine ({threads} thread{})",
        n as f64 / wall,
        if threads == 1 { "" } else { "s" }
    );
    if let Some(path) = &args.confusion {
        draw_confusion(&confusion, path)
            .with_context(|| format!("cannot write {}", path.display()))?;
        println!("confusion matrix: {}", path.display());
    }
    println!(
        "accuracy: {:.2} % ({n} samples)",
        100.0 * correct as f64 / n as f64
    );
    Ok(ExitCode::SUCCESS)
}

fn load(args: &Args) -> Result<Compiled> {
    let core = super::core_choice(args.import.preset.as_deref())?;
    if super::import::is_nir(&args.network) {
        let imported = flux_nir::import_file(&args.network, &args.import.options())?;
        return compile::compile_str_for(&imported.text, &args.network.display().to_string(), core)
            .context("cannot compile the imported network");
    }
    super::load_network(&args.network, core)
}

/// The confusion matrix as a grid of shaded cells with their counts.
fn draw_confusion(m: &[Vec<u64>], path: &Path) -> Result<()> {
    let k = m.len();
    let cell = 48u32;
    let margin = 60u32;
    let size = (margin + cell * k as u32 + 20, margin + cell * k as u32 + 20);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        root.fill(&WHITE)?;
        let max = m.iter().flatten().copied().max().unwrap_or(1).max(1) as f64;
        let style = ("sans-serif", 14).into_font();
        root.draw(&Text::new("predicted", (margin as i32, 8), style.clone()))?;
        root.draw(&Text::new("label", (4, margin as i32 - 16), style.clone()))?;
        for (r, row) in m.iter().enumerate() {
            let y = (margin + cell * r as u32) as i32;
            root.draw(&Text::new(
                format!("{r}"),
                (margin as i32 - 20, y + 16),
                style.clone(),
            ))?;
            for (c, &v) in row.iter().enumerate() {
                let x = (margin + cell * c as u32) as i32;
                if r == 0 {
                    root.draw(&Text::new(
                        format!("{c}"),
                        (x + 18, margin as i32 - 24),
                        style.clone(),
                    ))?;
                }
                let shade = 255 - (200.0 * v as f64 / max) as u8;
                let fill = if r == c {
                    RGBColor(shade, shade, 255)
                } else {
                    RGBColor(255, shade, shade)
                };
                root.draw(&Rectangle::new(
                    [(x, y), (x + cell as i32, y + cell as i32)],
                    fill.filled(),
                ))?;
                root.draw(&Rectangle::new(
                    [(x, y), (x + cell as i32, y + cell as i32)],
                    BLACK,
                ))?;
                if v > 0 {
                    root.draw(&Text::new(format!("{v}"), (x + 10, y + 16), style.clone()))?;
                }
            }
        }
        root.present()?;
    }
    super::output::write_file(path, svg.as_bytes())
}
