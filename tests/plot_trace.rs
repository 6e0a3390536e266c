//! `flux plot TRACE`: the raster and probe panels of a trace, checked on the geometry of the SVG it
//! writes: the time axis in ms when the timestep length is known, legends outside the data, and one
//! visible mark per spike in the raster and in each probe panel.
//!
//! The SVG is read as plotters writes it: a series or a tick is a `<polyline>`, a raster mark a
//! `<rect>`, a label a `<text>` whose content sits on its own line.

mod common;
use common::{example, flux, path, stderr};

use std::path::Path;

use flux_sim::trace::Trace;

/// The colour of the spike marks of probed neurons, in the raster and the probe panels (plotters' RED).
const SPIKE_RED: &str = "#FF0000";

/// `flux sim NET --steps STEPS --trace DIR/NAME.jsonl --probe PROBE`, returning the trace's path.
fn simulate(dir: &Path, network: &str, steps: u32, probe: &str) -> std::path::PathBuf {
    let file = Path::new(network).file_stem().unwrap().to_string_lossy();
    let trace = dir.join(format!("{file}.jsonl"));
    let o = flux(&[
        "sim",
        network,
        "--steps",
        &steps.to_string(),
        "--trace",
        path(&trace),
        "--probe",
        probe,
    ]);
    assert!(o.status.success(), "flux sim: {}", stderr(&o));
    trace
}

/// `flux plot TRACE -o DIR/plot.svg EXTRA...`, returning the SVG text.
fn plot(dir: &Path, trace: &Path, extra: &[&str]) -> String {
    let svg = dir.join("plot.svg");
    let _ = std::fs::remove_file(&svg);
    let mut args = vec!["plot", path(trace), "-o", path(&svg)];
    args.extend_from_slice(extra);
    let o = flux(&args);
    assert!(o.status.success(), "flux plot {extra:?}: {}", stderr(&o));
    std::fs::read_to_string(&svg).unwrap()
}

/// The value of attribute `name` in one element's text.
fn attr<'a>(element: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = element.find(&key)? + key.len();
    let len = element[start..].find('"')?;
    Some(&element[start..start + len])
}

/// Every element `<tag ...>` (its opening tag) with the text that follows it up to the next `<`.
fn elements<'a>(svg: &'a str, tag: &str) -> Vec<(&'a str, &'a str)> {
    let open = format!("<{tag} ");
    svg.match_indices(&open)
        .map(|(i, _)| {
            let end = i + svg[i..].find('>').unwrap() + 1;
            let content = svg[end..].split('<').next().unwrap().trim();
            (&svg[i..end], content)
        })
        .collect()
}

/// A `<polyline>`: its stroke colour and its points in pixels.
struct Polyline {
    stroke: String,
    points: Vec<(f64, f64)>,
}

fn polylines(svg: &str) -> Vec<Polyline> {
    elements(svg, "polyline")
        .into_iter()
        .map(|(e, _)| Polyline {
            stroke: attr(e, "stroke").unwrap_or("").to_string(),
            points: attr(e, "points")
                .unwrap()
                .split_whitespace()
                .map(|p| {
                    let (x, y) = p.split_once(',').unwrap();
                    (x.parse().unwrap(), y.parse().unwrap())
                })
                .collect(),
        })
        .collect()
}

/// The data series: polylines of more than two points (axes, ticks and legend samples have two).
fn series(svg: &str) -> Vec<Polyline> {
    polylines(svg)
        .into_iter()
        .filter(|p| p.points.len() > 2)
        .collect()
}

/// The spike ticks of the probe panels: red vertical strokes of two points.
fn spike_ticks(svg: &str) -> Vec<Polyline> {
    polylines(svg)
        .into_iter()
        .filter(|p| p.stroke == SPIKE_RED && p.points.len() == 2 && p.points[0].0 == p.points[1].0)
        .collect()
}

/// How many timesteps neuron `n` spiked in.
fn spikes_of(trace: &Trace, n: u32) -> usize {
    trace
        .records
        .iter()
        .filter(|r| r.spikes.contains(&n))
        .count()
}

/// Whether some `<text>` reads exactly `s`.
fn has_text(svg: &str, s: &str) -> bool {
    elements(svg, "text").iter().any(|&(_, c)| c == s)
}

#[test]
fn time_axis_in_ms_with_dt_us_else_timesteps() {
    let dir = tempfile::tempdir().unwrap();
    let trace = simulate(dir.path(), &example("cpg.toml"), 400, "left[0]");

    let steps = plot(dir.path(), &trace, &[]);
    assert!(has_text(&steps, "timestep"), "no \"timestep\" axis label");
    assert!(!has_text(&steps, "time (ms)"));

    let ms = plot(dir.path(), &trace, &["--dt-us", "100"]);
    assert!(has_text(&ms, "time (ms)"), "no \"time (ms)\" axis label");
    assert!(!has_text(&ms, "timestep"));
    // 400 timesteps of 100 µs end at t = 399 -> 39.9 ms: the timestep labels (350 in the plot
    // without dt) give way to ms labels (35).
    assert!(has_text(&steps, "350"));
    assert!(
        !has_text(&ms, "350"),
        "a timestep label left on the ms axis"
    );
    assert!(has_text(&ms, "35"), "no 35 ms label");
}

#[test]
fn time_axis_in_ms_from_the_network_given_with_network() {
    let dir = tempfile::tempdir().unwrap();
    // examples/cuba.toml sets [run] dt_us = 100; 300 timesteps end at t = 299 -> 29.9 ms.
    let trace = simulate(dir.path(), &example("cuba.toml"), 300, "exc[0]");
    let svg = plot(dir.path(), &trace, &["--network", &example("cuba.toml")]);
    assert!(has_text(&svg, "time (ms)"), "no \"time (ms)\" axis label");
    assert!(!has_text(&svg, "timestep"));
    assert!(has_text(&svg, "25") && !has_text(&svg, "250"));

    // A network of another name than the trace's is refused, and nothing is written.
    let out = dir.path().join("other.svg");
    let o = flux(&[
        "plot",
        path(&trace),
        "-o",
        path(&out),
        "--network",
        &example("cpg.toml"),
    ]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(
        err.contains("cuba.toml") && err.contains("cpg.toml"),
        "the message names both networks: {err}"
    );
    assert!(!out.exists(), "nothing is written");
}

#[test]
fn legend_lies_outside_the_plotting_area() {
    let dir = tempfile::tempdir().unwrap();
    let trace = simulate(dir.path(), &example("cpg.toml"), 400, "left[0]");
    let svg = plot(dir.path(), &trace, &[]);
    // The series end at the last timestep, the right edge of the plotting area: every legend entry
    // (an unrotated label naming a drawn field) must start right of it.
    let right_edge = series(&svg)
        .iter()
        .flat_map(|p| p.points.iter().map(|q| q.0))
        .fold(f64::MIN, f64::max);
    let legend: Vec<f64> = elements(&svg, "text")
        .into_iter()
        .filter(|&(e, c)| attr(e, "transform").is_none() && (c == "v" || c == "thr_off"))
        .map(|(e, _)| attr(e, "x").unwrap().parse().unwrap())
        .collect();
    assert_eq!(legend.len(), 2, "one legend entry each for v and thr_off");
    for x in legend {
        assert!(
            x > right_edge,
            "a legend label at x = {x} lies over the data (right edge {right_edge})"
        );
    }
}

#[test]
fn probe_panels_tick_each_spike_above_the_data() {
    let dir = tempfile::tempdir().unwrap();
    // left[0] is neuron 0, right[0] neuron 8: two panels, the two half-centres spiking in turn.
    let trace_path = simulate(dir.path(), &example("cpg.toml"), 400, "left[0],right[0]");
    let trace = Trace::read(&trace_path).unwrap();
    let svg = plot(dir.path(), &trace_path, &[]);

    // Ticks of one panel share their top; the panels are stacked top to bottom by neuron id.
    let ticks = spike_ticks(&svg);
    let mut rows: Vec<(f64, Vec<&Polyline>)> = Vec::new();
    for t in &ticks {
        let top = t.points[0].1.min(t.points[1].1);
        match rows.iter_mut().find(|(y, _)| *y == top) {
            Some((_, row)) => row.push(t),
            None => rows.push((top, vec![t])),
        }
    }
    rows.sort_by(|a, b| a.0.total_cmp(&b.0));
    let counts: Vec<usize> = rows.iter().map(|(_, r)| r.len()).collect();
    let expected = vec![spikes_of(&trace, 0), spikes_of(&trace, 8)];
    assert!(expected.iter().all(|&n| n > 0), "both neurons spike");
    assert_eq!(
        counts, expected,
        "ticks per panel against spikes per neuron"
    );

    // Every series of a panel (between its tick row and the next) lies below the panel's ticks.
    let all = series(&svg);
    for (i, (top, row)) in rows.iter().enumerate() {
        let next = rows.get(i + 1).map_or(f64::MAX, |r| r.0);
        let tick_bottom = row
            .iter()
            .flat_map(|t| t.points.iter().map(|q| q.1))
            .fold(f64::MIN, f64::max);
        let panel: Vec<&Polyline> = all
            .iter()
            .filter(|p| p.points.iter().all(|q| q.1 > *top && q.1 < next))
            .collect();
        assert!(!panel.is_empty(), "panel {i} has no series");
        let data_top = panel
            .iter()
            .flat_map(|p| p.points.iter().map(|q| q.1))
            .fold(f64::MAX, f64::min);
        assert!(
            tick_bottom < data_top,
            "panel {i}: the spike ticks reach down to y = {tick_bottom}, the data up to y = {data_top}"
        );
    }
}

#[test]
fn raster_marks_stay_visible_over_thousands_of_timesteps() {
    let dir = tempfile::tempdir().unwrap();
    let trace_path = simulate(dir.path(), &example("cpg.toml"), 5000, "left[0]");
    let trace = Trace::read(&trace_path).unwrap();
    let svg = plot(dir.path(), &trace_path, &[]);

    // One filled mark per spike: red for the probed neuron 0, black for the others.
    let marks: Vec<(&str, f64, f64)> = elements(&svg, "rect")
        .into_iter()
        .filter_map(|(e, _)| {
            let fill = attr(e, "fill")?;
            (fill == SPIKE_RED || fill == "#000000").then(|| {
                let w = attr(e, "width").unwrap().parse().unwrap();
                let h = attr(e, "height").unwrap().parse().unwrap();
                (fill, w, h)
            })
        })
        .collect();
    let total: usize = trace.records.iter().map(|r| r.spikes.len()).sum();
    assert_eq!(
        marks.len(),
        total,
        "raster marks against spikes in the trace"
    );
    let red = marks.iter().filter(|m| m.0 == SPIKE_RED).count();
    assert_eq!(red, spikes_of(&trace, 0), "red marks of the probed neuron");
    // 5000 timesteps share about 1000 px: a mark is still at least 1 px wide and a few px tall.
    for &(_, w, h) in &marks {
        assert!(w >= 1.0 && h >= 3.0, "a raster mark of {w} x {h} px");
    }
}
