//! `flux plot`: draws a trace as SVG: the spike raster (time × neuron id) on top, and below it one
//! panel per probed neuron with `v` over time (left axis), the other state fields that change during
//! the run (right axis) and the neuron's own spikes as ticks in a strip above it. Legends sit in a
//! strip right of the data; the time axis is in ms when the timestep length is known (`--dt-us`, or
//! `[run] dt_us` of the network given with `--network`; the trace itself does not record it,
//! `docs/model.md` §11), else in timesteps.
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
use plotters::style::text_anchor::{HPos, Pos, VPos};

#[derive(clap::Args)]
pub struct Args {
    /// The trace to plot (JSON Lines, as written by `flux sim --trace`).
    #[arg(required_unless_present_any = ["stdp_window", "izhikevich"])]
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
    /// Instead of a trace: draw the 20 behaviours of Izhikevich (2004, figure 1) as the integer
    /// Izhikevich neuron runs them (`docs/model.md` §4.1), with the float reference of the same
    /// map and the stimulus.
    #[arg(long, conflicts_with_all = ["trace", "stdp_window", "network", "dt_us"])]
    pub izhikevich: bool,
    /// With --stdp-window: the profile whose rule to draw (default: the first with a
    /// [profile.learning]).
    #[arg(long, requires = "stdp_window")]
    pub profile: Option<String>,
    /// The timestep length in µs: the time axis is then in ms (the trace does not record it).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..), conflicts_with_all = ["stdp_window", "network"])]
    pub dt_us: Option<u32>,
    /// The network file the trace was made from (the one its header names): the time axis is in
    /// ms when its `[run] dt_us` is set.
    #[arg(long, value_name = "NET", conflicts_with = "stdp_window")]
    pub network: Option<PathBuf>,
}

const WIDTH: u32 = 1200;
const WINDOW_WIDTH: u32 = 900;
const WINDOW_HEIGHT: u32 = 500;
const RASTER_HEIGHT: u32 = 420;
const PANEL_HEIGHT: u32 = 200;
/// The strip on the right of the raster and of each panel that holds its legend, outside the data.
const LEGEND_WIDTH: u32 = 110;
/// Height in pixels of the strip of spike ticks above each probe panel's plotting area.
const TICK_STRIP: i32 = 12;
/// The fields drawn on the right axis when they change during the run, with their colours. The
/// counters `ref_cnt` and `quiet_cnt` are left out: they saw-tooth every few timesteps and hide the
/// slower fields; `profile` never changes.
const RIGHT_FIELDS: [(Field, RGBColor); 3] = [
    (state::U, RGBColor(230, 120, 0)),
    (state::THR_OFF, RGBColor(0, 150, 60)),
    (state::MOD_LEVEL, RGBColor(150, 0, 170)),
];

pub fn run(args: Args) -> Result<ExitCode> {
    if args.izhikevich {
        super::output::check_file(&args.output, &[])?;
        let svg = izhikevich().context("cannot draw the Izhikevich behaviours")?;
        super::output::write_file(&args.output, svg.as_bytes())?;
        println!(
            "{}: the 20 behaviours of Izhikevich (2004) on the integer Izhikevich neuron",
            args.output.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(network) = &args.stdp_window {
        super::output::check_file(&args.output, &[network])?;
        return stdp_window(network, args.profile.as_deref(), &args.output);
    }
    let path = args.trace.as_ref().context("no trace given")?;
    let inputs: Vec<&Path> = [Some(path), args.network.as_ref()]
        .into_iter()
        .flatten()
        .map(PathBuf::as_path)
        .collect();
    super::output::check_file(&args.output, &inputs)?;
    let trace = Trace::read(path)?;
    if trace.records.is_empty() {
        bail!("{}: the trace has no timesteps to plot", path.display());
    }
    let dt_us = match &args.network {
        Some(network) => network_dt_us(network, &trace, path)?,
        None => args.dt_us,
    };
    let axis = TimeAxis { dt_us };
    let panels = trace.header.probes.len().min(args.max_panels);
    let height = RASTER_HEIGHT + PANEL_HEIGHT * panels as u32;
    let svg = draw(&trace, axis, panels, height)
        .with_context(|| format!("cannot draw {}", args.output.display()))?;
    super::output::write_file(&args.output, svg.as_bytes())?;
    let unit = match dt_us {
        Some(dt) => format!("time in ms (dt_us = {dt})"),
        None if args.network.is_some() => format!(
            "time in timesteps ({} has no [run] dt_us)",
            trace.header.network
        ),
        None => "time in timesteps (for ms give --dt-us or --network)".to_string(),
    };
    println!(
        "{}: raster of {} timesteps × {} neurons, {} probe panels, {unit}",
        args.output.display(),
        trace.records.len(),
        trace.header.neurons,
        panels
    );
    Ok(ExitCode::SUCCESS)
}

/// The `[run] dt_us` of the network file `network`, which must be the one the trace names in its
/// header (`docs/model.md` §11: the header keeps only the file name, so the name is what is checked).
fn network_dt_us(network: &Path, trace: &Trace, trace_path: &Path) -> Result<Option<u32>> {
    let name = network
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    if name != trace.header.network {
        bail!(
            "{}: the trace was made from {}, not from {name}: give --network the file it names",
            trace_path.display(),
            trace.header.network
        );
    }
    Ok(super::load_network(network, None)?.run.dt_us)
}

/// The time axis: timesteps, or ms when the timestep length is known. Plot x coordinates are in
/// the axis unit, so that the axis labels fall on round values of it.
#[derive(Clone, Copy)]
struct TimeAxis {
    /// The timestep length in µs (`[run] dt_us`), when known.
    dt_us: Option<u32>,
}

impl TimeAxis {
    /// Timestep `t` on the axis.
    fn x(self, t: u64) -> f64 {
        match self.dt_us {
            Some(dt) => t as f64 * f64::from(dt) / 1000.0,
            None => t as f64,
        }
    }

    /// An axis label: the value without trailing zeros (`50`, `2.5`), rounded to a millionth of its unit.
    fn format(v: &f64) -> String {
        format!("{}", (v * 1e6).round() / 1e6)
    }

    fn label(self) -> &'static str {
        match self.dt_us {
            Some(_) => "time (ms)",
            None => "timestep",
        }
    }

    /// Time span of the trace: first..last timestep, widened to at least one timestep.
    fn range(self, trace: &Trace) -> std::ops::Range<f64> {
        let first = trace.records.first().map_or(0, |r| r.t);
        let last = trace.records.last().map_or(0, |r| r.t);
        self.x(first)..self.x(last.max(first + 1))
    }
}

/// The SVG text of the plot, drawn in memory so that a failed drawing never leaves half an SVG.
/// Each row (raster, probe panels) keeps a strip of [`LEGEND_WIDTH`] on its right for its legend,
/// so that no legend covers data and the time axes of all rows line up.
fn draw(trace: &Trace, axis: TimeAxis, panels: usize, height: u32) -> Result<String> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE)?;
        let (top, bottom) = root.split_vertically(RASTER_HEIGHT);
        raster(trace, axis, &top)?;
        if panels > 0 {
            for (area, probe) in bottom
                .split_evenly((panels, 1))
                .iter()
                .zip(&trace.header.probes)
            {
                probe_panel(trace, axis, probe, area)?;
            }
        }
        root.present()?;
    }
    Ok(svg)
}

/// A legend drawn in its own strip: one line sample and name per entry, from the top.
fn legend(
    area: &DrawingArea<SVGBackend, Shift>,
    top: i32,
    entries: &[(&str, ShapeStyle)],
) -> Result<()> {
    for (i, &(name, style)) in entries.iter().enumerate() {
        let y = top + 8 + 18 * i as i32;
        area.draw(&PathElement::new(vec![(8, y), (26, y)], style))?;
        area.draw(&Text::new(
            name.to_string(),
            (32, y),
            TextStyle::from(("sans-serif", 13).into_font()).pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;
    }
    Ok(())
}

/// Splits a row into the chart on the left and its legend strip on the right.
fn chart_and_legend<'a>(
    area: &DrawingArea<SVGBackend<'a>, Shift>,
) -> (
    DrawingArea<SVGBackend<'a>, Shift>,
    DrawingArea<SVGBackend<'a>, Shift>,
) {
    area.split_horizontally(WIDTH - LEGEND_WIDTH)
}

fn raster(trace: &Trace, axis: TimeAxis, area: &DrawingArea<SVGBackend, Shift>) -> Result<()> {
    let (chart_area, legend_area) = chart_and_legend(area);
    let neurons = i64::from(trace.header.neurons.max(1));
    let spikes: usize = trace.records.iter().map(|r| r.spikes.len()).sum();
    let title = format!(
        "{} ({}): {spikes} spikes",
        trace.header.network, trace.header.preset
    );
    let mut chart = ChartBuilder::on(&chart_area)
        .caption(title, ("sans-serif", 20))
        .margin(10)
        .x_label_area_size(35)
        .y_label_area_size(60)
        .right_y_label_area_size(60)
        .build_cartesian_2d(axis.range(trace), -1i64..neurons)?;
    chart
        .configure_mesh()
        .disable_mesh()
        .x_desc(axis.label())
        .x_label_formatter(&TimeAxis::format)
        .y_desc("neuron")
        .draw()?;
    // One mark per spike, a short vertical bar at least one pixel wide however many timesteps
    // share the width (a bar one timestep wide when they are few, up to 3 px), and most of a
    // neuron's row tall. Probed neurons in red, so that the panels below can be found.
    let (px_x, px_y) = chart.plotting_area().dim_in_pixel();
    let steps = trace.records.len().max(1) as f64;
    let w = (f64::from(px_x) / steps).floor().clamp(1.0, 3.0) as i32;
    let row = f64::from(px_y) / (neurons + 1) as f64;
    let h = (row * 0.7).round().clamp(1.0, 10.0) as i32;
    let probed: Vec<u32> = trace.header.probe_ids();
    let marks = trace
        .records
        .iter()
        .flat_map(|r| r.spikes.iter().map(move |&n| (r.t, n)));
    chart.draw_series(marks.map(|(t, n)| {
        let colour = if probed.binary_search(&n).is_ok() {
            RED
        } else {
            BLACK
        };
        EmptyElement::at((axis.x(t), i64::from(n)))
            + Rectangle::new([(-w / 2, -h / 2), (w - w / 2, h - h / 2)], colour.filled())
    }))?;
    let (_, plot_y) = chart.plotting_area().get_pixel_range();
    let top = plot_y.start - area.get_base_pixel().1;
    legend(
        &legend_area,
        top,
        &[
            ("probed", RED.stroke_width(3)),
            ("not probed", BLACK.stroke_width(3)),
        ],
    )?;
    Ok(())
}

fn probe_panel(
    trace: &Trace,
    axis: TimeAxis,
    probe: &Probe,
    area: &DrawingArea<SVGBackend, Shift>,
) -> Result<()> {
    let (chart_area, legend_area) = chart_and_legend(area);
    let index = trace
        .header
        .probes
        .iter()
        .position(|p| p.neuron == probe.neuron)
        .expect("probe from the header");
    let value = |r: &flux_sim::trace::Record, f: Field| (axis.x(r.t), r.probes[index].get(f));
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
    let spike_times: Vec<u64> = trace
        .records
        .iter()
        .filter(|r| r.spikes.binary_search(&probe.neuron).is_ok())
        .map(|r| r.t)
        .collect();
    // Between the caption and the plotting area a strip of spike ticks, so that no series
    // crosses them.
    let caption = format!(
        "neuron {}{name}: {} spikes (red ticks)",
        probe.neuron,
        spike_times.len()
    );
    let below_caption = chart_area.titled(&caption, ("sans-serif", 16))?;
    let (_, plot_area) = below_caption.split_vertically(TICK_STRIP + 2);
    let mut chart = ChartBuilder::on(&plot_area)
        .margin(10)
        .margin_top(0)
        .x_label_area_size(30)
        .y_label_area_size(60)
        .right_y_label_area_size(60)
        .build_cartesian_2d(axis.range(trace), pad(v_lo, v_hi))?
        .set_secondary_coord(axis.range(trace), pad(o_lo, o_hi));
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(TRANSPARENT)
        .x_desc(axis.label())
        .x_label_formatter(&TimeAxis::format)
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
    chart.draw_series(LineSeries::new(series(state::V), &BLUE))?;
    for &(f, colour) in &others {
        chart.draw_secondary_series(LineSeries::new(series(f), colour))?;
    }
    // The neuron's spikes: one red tick per spike in the strip just above the plotting area, at
    // the spike's time on the shared axis.
    let base = area.get_base_pixel();
    let (_, plot_y) = chart.plotting_area().get_pixel_range();
    let top = plot_y.start - base.1;
    for &t in &spike_times {
        let (x, _) = chart.backend_coord(&(axis.x(t), v_lo));
        let x = x - base.0;
        area.draw(&PathElement::new(
            vec![(x, top - TICK_STRIP), (x, top - 2)],
            RED,
        ))?;
    }
    let mut entries = vec![("v", BLUE.stroke_width(2))];
    entries.extend(others.iter().map(|&(f, c)| (f.name, c.stroke_width(2))));
    legend(&legend_area, top, &entries)?;
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

/// The 20 panels of Izhikevich (2004), figure 1, in a 4 × 5 grid: `v` of the integer run (black,
/// spikes drawn at the 30 mV peak), the float reference of the same map (red, under it) and the
/// stimulus (blue, scaled into the strip below -90 mV).
fn izhikevich() -> Result<String> {
    use flux_sim::izh::behaviours::BEHAVIOURS;
    const COLUMNS: usize = 4;
    const PANEL_W: u32 = 300;
    const PANEL_H: u32 = 190;
    let rows = BEHAVIOURS.len().div_ceil(COLUMNS);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(
            &mut svg,
            (PANEL_W * COLUMNS as u32, PANEL_H * rows as u32 + 40),
        )
        .into_drawing_area();
        root.fill(&WHITE)?;
        let (title, grid) = root.split_vertically(40);
        title.draw(&Text::new(
            "Izhikevich (2004), figure 1, on the integer Izhikevich neuron (black); float \
             reference of the same map (red, under it); stimulus (blue)",
            (10, 12),
            ("sans-serif", 15).into_font(),
        ))?;
        for (area, b) in grid.split_evenly((rows, COLUMNS)).iter().zip(BEHAVIOURS) {
            let int = b.run_integer();
            let float = b.run_float();
            let mut chart = ChartBuilder::on(area)
                .caption(b.name, ("sans-serif", 13))
                .margin(6)
                .x_label_area_size(18)
                .y_label_area_size(30)
                .build_cartesian_2d(0.0..b.t_end, -105.0..35.0)?;
            chart
                .configure_mesh()
                .disable_mesh()
                .x_labels(4)
                .y_labels(3)
                .label_style(("sans-serif", 10))
                .draw()?;
            let series = |r: &flux_sim::izh::behaviours::Run| {
                r.t.iter()
                    .copied()
                    .zip(r.v.iter().copied())
                    .collect::<Vec<_>>()
            };
            chart.draw_series(LineSeries::new(
                series(&float),
                ShapeStyle::from(RGBColor(220, 60, 60)).stroke_width(1),
            ))?;
            chart.draw_series(LineSeries::new(series(&int), BLACK.stroke_width(1)))?;
            // The stimulus, scaled to its own range, in the strip from -105 to -92 mV.
            let stim: Vec<f64> = int.t.iter().map(|&t| (b.stimulus)(t)).collect();
            let (lo, hi) = stim
                .iter()
                .fold((f64::MAX, f64::MIN), |(lo, hi), &x| (lo.min(x), hi.max(x)));
            let span = if hi > lo { hi - lo } else { 1.0 };
            chart.draw_series(LineSeries::new(
                int.t
                    .iter()
                    .zip(&stim)
                    .map(|(&t, &x)| (t, -105.0 + 13.0 * (x - lo) / span)),
                BLUE.stroke_width(1),
            ))?;
        }
        root.present()?;
    }
    Ok(svg)
}
