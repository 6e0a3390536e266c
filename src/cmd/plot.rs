//! `flux plot`: draws a trace as SVG: the spike raster (time × neuron id) on top, and below it one
//! panel per probed neuron with `v` over time (left axis), the other state fields that change during
//! the run (right axis) and the neuron's own spikes as ticks along the top.
//!
//! With `--stdp-window NETWORK` it draws instead the STDP window of one of the network's learning
//! rules (`docs/model.md` §12.3): the weight change of one spike pair against the spike-time
//! difference, measured on the model ([`flux_sim::learn::measure_window`]).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use flux_sim::learn::{LearnRule, measure_window};
use flux_sim::spec::{Field, state};
use flux_sim::trace::{Probe, Trace};
use plotters::coord::Shift;
use plotters::prelude::*;

#[derive(clap::Args)]
pub struct Args {
    /// The trace to plot (JSON Lines, as written by `flux sim --trace`).
    #[arg(required_unless_present = "stdp_window")]
    pub trace: Option<PathBuf>,
    /// The SVG file to write.
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
    /// Plot at most this many probed neurons (the lowest ids), one panel each.
    #[arg(long, default_value_t = 8)]
    pub max_panels: usize,
    /// Instead of a trace: draw the STDP window of this network's learning rule (weight change of
    /// one spike pair against post minus pre spike time), measured on the model.
    #[arg(long, value_name = "NETWORK", conflicts_with = "trace")]
    pub stdp_window: Option<PathBuf>,
    /// With --stdp-window: the profile whose rule to draw (default: the first with a
    /// [profile.learning]).
    #[arg(long, requires = "stdp_window")]
    pub profile: Option<String>,
}

const WIDTH: u32 = 1200;
const WINDOW_WIDTH: u32 = 900;
const WINDOW_HEIGHT: u32 = 500;
const RASTER_HEIGHT: u32 = 420;
const PANEL_HEIGHT: u32 = 200;
/// The fields drawn on the right axis when they change during the run, with their colours. The
/// counters `ref_cnt` and `quiet_cnt` are left out: they saw-tooth every few timesteps and hide the
/// slower fields; `profile` never changes.
const RIGHT_FIELDS: [(Field, RGBColor); 3] = [
    (state::U, RGBColor(230, 120, 0)),
    (state::THR_OFF, RGBColor(0, 150, 60)),
    (state::MOD_LEVEL, RGBColor(150, 0, 170)),
];

pub fn run(args: Args) -> Result<ExitCode> {
    if let Some(network) = &args.stdp_window {
        super::output::check_file(&args.output, &[network])?;
        return stdp_window(network, args.profile.as_deref(), &args.output);
    }
    let path = args.trace.as_ref().context("no trace given")?;
    super::output::check_file(&args.output, &[path])?;
    let trace = Trace::read(path)?;
    if trace.records.is_empty() {
        bail!("{}: the trace has no timesteps to plot", path.display());
    }
    let panels = trace.header.probes.len().min(args.max_panels);
    let height = RASTER_HEIGHT + PANEL_HEIGHT * panels as u32;
    let svg = draw(&trace, panels, height)
        .with_context(|| format!("cannot draw {}", args.output.display()))?;
    super::output::write_file(&args.output, svg.as_bytes())?;
    println!(
        "{}: raster of {} timesteps × {} neurons, {} probe panels",
        args.output.display(),
        trace.records.len(),
        trace.header.neurons,
        panels
    );
    Ok(ExitCode::SUCCESS)
}

/// The SVG text of the plot, drawn in memory so that a failed drawing never leaves half an SVG.
fn draw(trace: &Trace, panels: usize, height: u32) -> Result<String> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE)?;
        let (top, bottom) = root.split_vertically(RASTER_HEIGHT);
        raster(trace, &top)?;
        if panels > 0 {
            for (area, probe) in bottom
                .split_evenly((panels, 1))
                .iter()
                .zip(&trace.header.probes)
            {
                probe_panel(trace, probe, area)?;
            }
        }
        root.present()?;
    }
    Ok(svg)
}

/// Time span of the trace as plot coordinates: first..last timestep, widened to at least 1.
fn time_range(trace: &Trace) -> std::ops::Range<i64> {
    let first = trace.records.first().map_or(0, |r| r.t as i64);
    let last = trace.records.last().map_or(0, |r| r.t as i64);
    first..last.max(first + 1)
}

fn raster(trace: &Trace, area: &DrawingArea<SVGBackend, Shift>) -> Result<()> {
    let neurons = i64::from(trace.header.neurons.max(1));
    let spikes: usize = trace.records.iter().map(|r| r.spikes.len()).sum();
    let title = format!(
        "{} ({}): {spikes} spikes",
        trace.header.network, trace.header.preset
    );
    let mut chart = ChartBuilder::on(area)
        .caption(title, ("sans-serif", 20))
        .margin(10)
        .x_label_area_size(35)
        .y_label_area_size(60)
        .right_y_label_area_size(60)
        .build_cartesian_2d(time_range(trace), -1i64..neurons)?;
    chart
        .configure_mesh()
        .disable_mesh()
        .x_desc("timestep")
        .y_desc("neuron")
        .draw()?;
    // One dot per spike; marked neurons (probed) in red so the panels below can be found in the raster.
    let probed: Vec<u32> = trace.header.probe_ids();
    let dots = trace
        .records
        .iter()
        .flat_map(|r| r.spikes.iter().map(move |&n| (r.t as i64, i64::from(n))));
    let size = if trace.records.len() > 600 || neurons > 300 {
        1
    } else {
        2
    };
    (chart.draw_series(dots.map(|(t, n)| {
        let colour = if probed.binary_search(&(n as u32)).is_ok() {
            RED
        } else {
            BLACK
        };
        Circle::new((t, n), size, colour.filled())
    })))?;
    Ok(())
}

fn probe_panel(trace: &Trace, probe: &Probe, area: &DrawingArea<SVGBackend, Shift>) -> Result<()> {
    let index = trace
        .header
        .probes
        .iter()
        .position(|p| p.neuron == probe.neuron)
        .expect("probe from the header");
    let value = |r: &flux_sim::trace::Record, f: Field| (r.t as i64, r.probes[index].get(f));
    let series = |f| trace.records.iter().map(move |r| value(r, f));

    let (v_lo, v_hi) = bounds(series(state::V).map(|(_, v)| v));
    // Constant fields would be flat lines that say nothing (`u` stays 0 for FLUX neurons).
    let others: Vec<(Field, RGBColor)> = RIGHT_FIELDS
        .iter()
        .copied()
        .filter(|&(f, _)| {
            let (lo, hi) = bounds(series(f).map(|(_, v)| v));
            lo != hi
        })
        .collect();
    let (o_lo, o_hi) = bounds(others.iter().flat_map(|&(f, _)| series(f).map(|(_, v)| v)));

    let name = probe
        .name
        .as_deref()
        .map(|n| format!(" {n}"))
        .unwrap_or_default();
    let spikes = trace
        .records
        .iter()
        .filter(|r| r.spikes.binary_search(&probe.neuron).is_ok())
        .count();
    let mut chart = ChartBuilder::on(area)
        .caption(
            format!("neuron {}{name}: {spikes} spikes", probe.neuron),
            ("sans-serif", 16),
        )
        .margin(10)
        .x_label_area_size(30)
        .y_label_area_size(60)
        .right_y_label_area_size(60)
        .build_cartesian_2d(time_range(trace), pad(v_lo, v_hi))?
        .set_secondary_coord(time_range(trace), pad(o_lo, o_hi));
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(TRANSPARENT)
        .y_desc("v")
        .y_labels(5)
        .draw()?;
    if !others.is_empty() {
        let names: Vec<&str> = others.iter().map(|(f, _)| f.name).collect();
        chart
            .configure_secondary_axes()
            .y_desc(names.join(", "))
            .y_labels(5)
            .draw()?;
    }
    chart
        .draw_series(LineSeries::new(series(state::V), &BLUE))?
        .label("v")
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 15, y)], BLUE));
    for &(f, colour) in &others {
        chart
            .draw_secondary_series(LineSeries::new(series(f), colour))?
            .label(f.name)
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 15, y)], colour));
    }
    // The neuron's spikes: short red ticks along the top of the v axis.
    let top = pad(v_lo, v_hi).end;
    let tick = (top - v_lo).max(1) / 12;
    chart.draw_series(
        trace
            .records
            .iter()
            .filter(|r| r.spikes.binary_search(&probe.neuron).is_ok())
            .map(|r| PathElement::new(vec![(r.t as i64, top), (r.t as i64, top - tick)], RED)),
    )?;
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(WHITE.mix(0.7))
        .border_style(BLACK)
        .draw()?;
    Ok(())
}

/// Smallest and largest value, (0, 0) for none.
fn bounds(values: impl Iterator<Item = i64>) -> (i64, i64) {
    values
        .fold(None, |acc, v| match acc {
            None => Some((v, v)),
            Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
        })
        .unwrap_or((0, 0))
}

/// A y range around `lo..=hi` with a margin of a tenth of the span (at least 1) on each side.
fn pad(lo: i64, hi: i64) -> std::ops::Range<i64> {
    let margin = ((hi - lo) / 10).max(1);
    lo - margin..hi + margin
}

/// `flux plot --stdp-window`: measures the window of one profile's rule on the model and draws it.
fn stdp_window(network: &Path, profile: Option<&str>, output: &Path) -> Result<ExitCode> {
    let c = super::load_network(network, None)?;
    let image = &c.image;
    let p = image.preset;
    let l = p.stdp_window as usize;
    let has_rule = |i: usize| {
        image.learn_rules.get(i).is_some_and(|&w| w != 0)
            || image.learn_table[i * l..(i + 1) * l]
                .iter()
                .any(|&w| w != 0)
    };
    let index = match profile {
        Some(name) => {
            let i = c
                .profiles
                .iter()
                .position(|n| n == name)
                .with_context(|| format!("{}: no profile named {name:?}", network.display()))?;
            if !has_rule(i) {
                bail!(
                    "{}: profile {name:?} has no [profile.learning]",
                    network.display()
                );
            }
            i
        }
        None => (0..c.profiles.len())
            .find(|&i| has_rule(i))
            .with_context(|| {
                format!(
                    "{}: no profile has a [profile.learning] to draw",
                    network.display()
                )
            })?,
    };
    let rule = LearnRule::from_word(image.learn_rules[index]);
    let table = &image.learn_table[index * l..(index + 1) * l];
    let reach = l as i64 + 3;
    let points = measure_window(p, rule, table, -reach..=reach);

    let name = &c.profiles[index];
    let title = format!(
        "STDP window: profile \"{name}\" of {} ({}, L = {l})",
        network
            .file_name()
            .map_or(network.display().to_string(), |f| f
                .to_string_lossy()
                .into()),
        p.name
    );
    let mut svg = String::new();
    {
        let root =
            SVGBackend::with_string(&mut svg, (WINDOW_WIDTH, WINDOW_HEIGHT)).into_drawing_area();
        root.fill(&WHITE)?;
        let (lo, hi) = bounds(points.iter().map(|q| q.change).chain([0]));
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 20))
            .margin(15)
            .x_label_area_size(40)
            .y_label_area_size(60)
            .build_cartesian_2d(-reach - 1..reach + 1, pad(lo, hi))?;
        chart
            .configure_mesh()
            .x_desc("dt = post spike timestep - pre spike routing timestep")
            .y_desc("weight change of one pair")
            .draw()?;
        chart.draw_series(LineSeries::new(
            [(-reach - 1, 0), (reach + 1, 0)],
            BLACK.mix(0.4),
        ))?;
        chart.draw_series(points.iter().map(|q| {
            let (x, y) = (q.dt, q.change);
            let colour = if y >= 0 {
                RGBColor(0, 110, 200)
            } else {
                RGBColor(210, 40, 40)
            };
            PathElement::new([(x, 0), (x, y)], colour.stroke_width(3))
        }))?;
        chart.draw_series(points.iter().map(|q| {
            let colour = if q.change >= 0 {
                RGBColor(0, 110, 200)
            } else {
                RGBColor(210, 40, 40)
            };
            Circle::new((q.dt, q.change), 4, colour.filled())
        }))?;
        root.present()?;
    }
    super::output::write_file(output, svg.as_bytes())?;
    let ltp = points.iter().max_by_key(|q| q.change).expect("points");
    let ltd = points.iter().min_by_key(|q| q.change).expect("points");
    println!(
        "{}: STDP window of profile \"{name}\", dt {}..={}: largest LTP {:+} at dt {}, largest LTD {:+} at dt {}",
        output.display(),
        -reach,
        reach,
        ltp.change,
        ltp.dt,
        ltd.change,
        ltd.dt
    );
    Ok(ExitCode::SUCCESS)
}
