//! The shipped examples on the model: golden traces (insta snapshots of the trace text, reviewed
//! with `cargo insta review`), and the behaviour each example is there to show (the CPG rhythm).

use std::path::{Path, PathBuf};

use flux_sim::compile::{Compiled, compile_file, compile_str};
use flux_sim::inputs::Source;
use flux_sim::trace::{Record, Recorder, TraceReader, header_for, to_string};

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../examples")
        .join(name)
}

fn compiled(name: &str) -> Compiled {
    compile_file(&example(name), None).unwrap_or_else(|e| panic!("{e}"))
}

/// Runs `steps` timesteps of an example and returns the trace text, as `flux sim --trace` writes it.
fn trace_text(name: &str, steps: u64, probes: &[u32]) -> String {
    let net = compiled(name);
    let header = header_for(&net, name, probes);
    let mut recorder = Recorder::new(&net, probes);
    let records: Vec<Record> = (0..steps).map(|_| recorder.step()).collect();
    let text = to_string(&header, &records);
    // The reader takes back exactly what was recorded (real data, not only hand-made records).
    let back = TraceReader::new(text.as_bytes(), name).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back.header(), &header);
    assert_eq!(
        back.collect::<Result<Vec<_>, _>>()
            .unwrap_or_else(|e| panic!("{e}")),
        records
    );
    text
}

/// The neuron id of `population[index]`.
fn neuron(net: &Compiled, population: &str, index: u32) -> u32 {
    let p = net
        .neurons
        .iter()
        .find(|p| p.name == population)
        .expect("population in the example");
    assert!(index < p.size);
    p.first + index
}

#[test]
fn cpg_golden_trace() {
    // 250 timesteps cover three unmodulated periods (82 each, examples/cpg.toml) of both halves;
    // the probes are the first neuron of each half-centre.
    let net = compiled("cpg.toml");
    let probes = [neuron(&net, "left", 0), neuron(&net, "right", 0)];
    insta::assert_snapshot!("cpg", trace_text("cpg.toml", 250, &probes));
}

#[test]
fn cuba_golden_trace() {
    // 300 timesteps (30 ms at dt = 0.1 ms) keep the snapshot small and the test fast in the test
    // profile; the probes are the first excitatory and the first inhibitory neuron, whose `u` and
    // `v` show the Poisson drive being integrated.
    let net = compiled("cuba.toml");
    let probes = [neuron(&net, "exc", 0), neuron(&net, "inh", 0)];
    insta::assert_snapshot!("cuba", trace_text("cuba.toml", 300, &probes));
}

/// Groups the spikes of the neurons `ids` into bursts and returns the burst onsets: a spike of the
/// population starts a new burst when the population was silent for the `gap` timesteps before it.
fn burst_onsets(records: &[Record], ids: std::ops::Range<u32>, gap: u64) -> Vec<u64> {
    let mut onsets = Vec::new();
    let mut last: Option<u64> = None;
    for r in records {
        if r.spikes.iter().any(|n| ids.contains(n)) {
            if last.is_none_or(|l| r.t - l > gap) {
                onsets.push(r.t);
            }
            last = Some(r.t);
        }
    }
    onsets
}

/// The intervals between consecutive onsets that both lie in `window`.
fn periods(onsets: &[u64], window: std::ops::Range<u64>) -> Vec<u64> {
    onsets
        .windows(2)
        .filter(|w| window.contains(&w[0]) && window.contains(&w[1]))
        .map(|w| w[1] - w[0])
        .collect()
}

/// Asserts the periods are regular: at least `min_count` of them, all within 10% of their median.
/// Returns the median.
fn regular_period(periods: &[u64], what: &str, min_count: usize) -> u64 {
    assert!(
        periods.len() >= min_count,
        "{what}: only {} periods {periods:?}",
        periods.len()
    );
    let mut sorted = periods.to_vec();
    sorted.sort_unstable();
    let median = sorted[sorted.len() / 2];
    // 10% of the median: a rhythm with a drifting period (or bursts that come and go) fails, an
    // integer model whose period jitters by a timestep or two does not.
    let tolerance = median / 10;
    for &p in periods {
        assert!(
            p.abs_diff(median) <= tolerance,
            "{what}: period {p} is not within {tolerance} of {median}: {periods:?}"
        );
    }
    median
}

/// Asserts that between two consecutive onsets of `a` inside `window` there is exactly one onset of `b`.
fn alternates(a: &[u64], b: &[u64], window: std::ops::Range<u64>, what: &str) {
    for w in a
        .windows(2)
        .filter(|w| window.contains(&w[0]) && window.contains(&w[1]))
    {
        let between = b.iter().filter(|&&t| t > w[0] && t < w[1]).count();
        assert_eq!(
            between, 1,
            "{what}: {between} onsets of the other half between {} and {}",
            w[0], w[1]
        );
    }
}

#[test]
fn cpg_alternates_and_modulation_changes_the_period() {
    let net = compiled("cpg.toml");
    let steps = net.run.steps.expect("cpg.toml has [run] steps");
    // The modulation switches on when the "modulator" Poisson input starts (examples/cpg.toml).
    let switch = net
        .inputs
        .sources()
        .iter()
        .find_map(|s| match s {
            Source::Poisson { start, .. } => Some(*start),
            _ => None,
        })
        .expect("cpg.toml has a Poisson modulator");
    let pop = |name: &str| {
        net.neurons
            .iter()
            .find(|p| p.name == name)
            .expect("population")
            .ids()
    };
    let (left, right) = (pop("left"), pop("right"));

    let mut recorder = Recorder::new(&net, &[]);
    let records: Vec<Record> = (0..steps).map(|_| recorder.step()).collect();

    // Burst gap. Within a burst a neuron fires again once its v climbs from v_reset = 0 back to the
    // effective threshold at `leak` = 10 per timestep after `ref_period` = 2; the threshold is below
    // v_rest = 140 while the side is active, so volleys of a burst are at most 140 / 10 + 2 = 16
    // timesteps apart. Between bursts a side is silent for at least the other side's burst; 20 lies
    // above the first and (as the half periods of 41 and 21 show) below the second.
    let gap = 20;
    let (left_on, right_on) = (
        burst_onsets(&records, left, gap),
        burst_onsets(&records, right, gap),
    );

    // Windows: the unmodulated rhythm from 100 (one period in) to the switch, and the modulated one
    // from 300 timesteps after the switch (the transition takes about 160, examples/README.md) to
    // the end.
    let before = 100..switch;
    let after = switch + 300..steps;
    // At least 5 periods in each window: a rhythm, not a coincidence of two intervals.
    let p_before = regular_period(&periods(&left_on, before.clone()), "left, unmodulated", 5);
    let p_before_r = regular_period(&periods(&right_on, before.clone()), "right, unmodulated", 5);
    let p_after = regular_period(&periods(&left_on, after.clone()), "left, modulated", 5);
    let p_after_r = regular_period(&periods(&right_on, after.clone()), "right, modulated", 5);
    println!(
        "periods: unmodulated left {p_before} right {p_before_r}, modulated left {p_after} right {p_after_r}"
    );

    // Both halves run the same rhythm (one period, within the regularity tolerance) and take turns.
    assert!(
        p_before.abs_diff(p_before_r) <= p_before / 10,
        "{p_before} vs {p_before_r}"
    );
    assert!(
        p_after.abs_diff(p_after_r) <= p_after / 10,
        "{p_after} vs {p_after_r}"
    );
    alternates(&left_on, &right_on, before.clone(), "unmodulated, left");
    alternates(&right_on, &left_on, before, "unmodulated, right");
    alternates(&left_on, &right_on, after.clone(), "modulated, left");
    alternates(&right_on, &left_on, after, "modulated, right");

    // Modulation lowers the effective threshold (positive mod_level, docs/model.md §3 step 4), so the
    // pacemakers escape inhibition sooner and the period must shrink. "A clear margin": at least
    // 25%, well beyond the 10% regularity tolerance of either period, so jitter cannot pass for it.
    assert!(
        p_after * 4 <= p_before * 3,
        "modulated period {p_after} is not at least 25% shorter than the unmodulated {p_before}"
    );
}

/// Spikes per neuron over the file's `[run] steps`.
fn spike_counts(net: &Compiled) -> Vec<u64> {
    let steps = net.run.steps.expect("the example has [run] steps");
    let mut counts = vec![0u64; net.image.n_neurons as usize];
    let mut recorder = Recorder::new(net, &[]);
    for _ in 0..steps {
        for &n in &recorder.step().spikes {
            counts[n as usize] += 1;
        }
    }
    counts
}

#[test]
fn tutorial_example_compiles_and_spikes() {
    // docs/tutorial.md's first network. The stimulus is 50 Hz at dt_us = 1000: p16 =
    // round_half_up(50 * 1000 * 65536 / 10^6) = round_half_up(3276.8) = 3277 (docs/model.md §9).
    let net = compiled("tutorial.toml");
    assert_eq!(net.image.preset.name, "small");
    let p16 = net
        .inputs
        .sources()
        .iter()
        .find_map(|s| match s {
            Source::Poisson { p16, .. } => Some(*p16),
            _ => None,
        })
        .expect("tutorial.toml has a Poisson stimulus");
    assert_eq!(p16, 3277);

    // Every neuron fires: an excitatory neuron's mean drive (about 10 channels x 0.05 x 25 per
    // timestep) holds its v near 8 x 12.5 = 100 = thr under the shift-3 leak, and the
    // interneurons need only about 17 Hz of excitatory activity (the file's comment).
    let counts = spike_counts(&net);
    for p in &net.neurons {
        for n in p.ids() {
            assert!(
                counts[n as usize] > 0,
                "{}[{}] never spiked",
                p.name,
                n - p.first
            );
        }
    }

    // The inhibition is what the interneurons are for: without it (weight 0) the excitatory
    // population fires more.
    let exc = |net: &Compiled, counts: &[u64]| -> u64 {
        let p = net.neurons.iter().find(|p| p.name == "exc").expect("exc");
        p.ids().map(|n| counts[n as usize]).sum()
    };
    let text = std::fs::read_to_string(example("tutorial.toml")).unwrap();
    assert_eq!(text.matches("\nweight = -40\n").count(), 1);
    let open = compile_str(
        &text.replace("\nweight = -40\n", "\nweight = 0\n"),
        "tutorial-no-inhibition.toml",
        None,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let (with, without) = (exc(&net, &counts), exc(&open, &spike_counts(&open)));
    assert!(
        with < without,
        "inhibition does not lower the excitatory spike count: {with} with, {without} without"
    );
}
