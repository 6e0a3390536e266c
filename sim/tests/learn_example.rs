//! `examples/learn.toml` on the model: a neuron learns to respond to a repeated input pattern hidden
//! in Poisson noise. The response is measured before and after learning, with learning switched off
//! for both measurements, on the pattern alone and on the noise alone.

use std::ops::Range;
use std::path::Path;

use flux_sim::compile::{Compiled, compile_file};
use flux_sim::core::Core;
use flux_sim::image::{CoreImage, Event};
use flux_sim::synapse::effective_weight;

/// Timesteps of training.
const TRAIN_STEPS: u64 = 4000;
/// Timesteps of each measurement: 25 presentations of the pattern (period 40).
const PROBE_STEPS: u64 = 1000;
const PERIOD: u64 = 40;

fn example() -> Compiled {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/learn.toml");
    compile_file(&path, None).unwrap_or_else(|e| panic!("{e}"))
}

fn channels(c: &Compiled, name: &str) -> Range<u32> {
    c.channels
        .iter()
        .find(|r| r.name == name)
        .unwrap_or_else(|| panic!("no input {name}"))
        .channels()
}

/// What a measurement saw: presentations answered (a detector spike within the period after the
/// pattern starts), and all detector spikes.
#[derive(Debug)]
struct Response {
    answered: u64,
    spikes: u64,
}

/// Runs `image` with learning off for [`PROBE_STEPS`] on the example's events, keeping only the
/// channels in `keep`.
fn respond(c: &Compiled, image: &CoreImage, keep: &Range<u32>) -> Response {
    let mut image = image.clone();
    image.learn_en = false;
    let mut core = Core::new(&image);
    let mut inputs = c.inputs.clone();
    let mut events = Vec::new();
    let mut answered = vec![false; (PROBE_STEPS / PERIOD) as usize];
    let mut spikes = 0;
    for t in 0..PROBE_STEPS {
        events.clear();
        inputs.events_at(t, &mut events);
        events.retain(|e| matches!(e, Event::Spike { channel } if keep.contains(channel)));
        let r = core.step(&events);
        if !r.spikes.is_empty() {
            spikes += 1;
            answered[(t / PERIOD) as usize] = true;
        }
    }
    Response {
        answered: answered.iter().filter(|&&a| a).count() as u64,
        spikes,
    }
}

/// Mean effective weight of the synapses at `addrs` of `words`.
fn mean_weight(c: &Compiled, words: &[u64], addrs: Range<usize>) -> f64 {
    let n = addrs.len() as f64;
    addrs
        .map(|a| effective_weight(&c.image.preset, words[a]) as f64)
        .sum::<f64>()
        / n
}

#[test]
fn detector_learns_the_hidden_pattern() {
    let c = example();
    let pattern = channels(&c, "pattern");
    let noise = channels(&c, "noise");
    // One synapse per channel, laid out by source: pattern channels first.
    let pattern_syn = 0..pattern.len();
    let noise_syn = pattern.len()..pattern.len() + noise.len();

    let before_pattern = respond(&c, &c.image, &pattern);
    let before_noise = respond(&c, &c.image, &noise);

    let mut core = Core::new(&c.image);
    let mut inputs = c.inputs.clone();
    let mut events = Vec::new();
    let mut train_spikes = 0;
    for t in 0..TRAIN_STEPS {
        events.clear();
        inputs.events_at(t, &mut events);
        train_spikes += core.step(&events).spikes.len();
    }
    let mut trained = c.image.clone();
    trained.synapses = core.synapse_words().to_vec();
    let after_pattern = respond(&c, &trained, &pattern);
    let after_noise = respond(&c, &trained, &noise);

    let w = |words: &[u64]| {
        (
            mean_weight(&c, words, pattern_syn.clone()),
            mean_weight(&c, words, noise_syn.clone()),
        )
    };
    let (wp0, wn0) = w(&c.image.synapses);
    let (wp1, wn1) = w(&trained.synapses);
    let presentations = PROBE_STEPS / PERIOD;
    println!("training: {train_spikes} detector spikes in {TRAIN_STEPS} timesteps");
    println!("mean effective weight: pattern {wp0:.1} -> {wp1:.1}, noise {wn0:.1} -> {wn1:.1}");
    println!(
        "pattern alone: {}/{presentations} presentations answered before, {}/{presentations} after",
        before_pattern.answered, after_pattern.answered
    );
    println!(
        "noise alone ({PROBE_STEPS} timesteps): {} spikes before, {} after",
        before_noise.spikes, after_noise.spikes
    );
    // Before: the pattern alone is below threshold (8 x 14 = 112 over 5 timesteps against a leak of
    // 4 per timestep and threshold 100), so hardly any presentation is answered.
    assert!(before_pattern.answered <= 2, "{before_pattern:?}");
    // After: nearly every presentation is answered, by a neuron that has learned the pattern...
    assert!(after_pattern.answered >= 23, "{after_pattern:?}");
    assert!(wp1 > 2.0 * wp0, "pattern weights {wp0} -> {wp1}");
    // ... and not the noise: its weights fell and it alone drives the detector little.
    assert!(wn1 < wn0, "noise weights {wn0} -> {wn1}");
    assert!(wp1 > 2.0 * wn1, "pattern {wp1} against noise {wn1}");
    assert!(after_noise.spikes <= 10, "{after_noise:?}");
    // The image learning left behind is one the hardware takes.
    assert_eq!(flux_sim::core::validate(&trained), Ok(()));
}
