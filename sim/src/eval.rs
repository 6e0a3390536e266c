//! Labelled data sets run through a compiled network (`flux eval`, `docs/model.md` §13.4).
//!
//! A data set is a JSON Lines file: a header naming the network input that carries a sample, its
//! encoding, the timesteps per sample and the readout population, then one `{"label", "values"}`
//! record per sample. Every sample runs on a freshly loaded core (the image's power-up state), so
//! samples are independent and the result does not depend on their order.

use std::io::BufRead;
use std::path::Path;

use serde::Deserialize;

use crate::compile::{Compiled, PopulationRange};
use crate::core::Core;
use crate::image::Event;
use crate::inputs::{InputSet, P16_ONE, Source};

/// The format version this reader reads.
pub const DATASET_VERSION: u64 = 1;

/// The first line of a data set.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Header {
    /// Format version, 1; marks the file as a Flux data set.
    pub flux_dataset: u64,
    /// What the data are (free text).
    #[serde(default)]
    pub name: Option<String>,
    /// The network input (a `poisson` input with one channel per value) that carries a sample.
    pub input: String,
    /// `rate`: value `v` in `0..=max` gives channel `k` the probability `p16 = round_half_up(v *
    /// 65536 / max)` per timestep, generator `k` of `seed` (`docs/model.md` §9).
    pub encoding: String,
    pub max: u32,
    pub seed: u32,
    /// Timesteps that carry the sample (`0 .. steps`).
    pub steps: u64,
    /// The population whose spike counts are the answer: neuron `i` is class `i`.
    pub readout: String,
    pub classes: u32,
}

/// One labelled sample.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Sample {
    pub label: u32,
    pub values: Vec<u32>,
}

/// A whole data set.
#[derive(Clone, Debug, PartialEq)]
pub struct Dataset {
    pub header: Header,
    pub samples: Vec<Sample>,
}

/// Why a data set cannot be read or does not fit the network. One line, with file and line.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct DatasetError(pub String);

/// Reads a data set, checking every record against the header.
pub fn read(path: &Path) -> Result<Dataset, DatasetError> {
    let at = |line: usize, what: String| DatasetError(format!("{}:{line}: {what}", path.display()));
    let file = std::fs::File::open(path)
        .map_err(|e| DatasetError(format!("{}: cannot read the data set: {e}", path.display())))?;
    let mut header: Option<Header> = None;
    let mut samples = Vec::new();
    for (i, line) in std::io::BufReader::new(file).lines().enumerate() {
        let n = i + 1;
        let line = line.map_err(|e| at(n, format!("cannot read: {e}")))?;
        if line.trim().is_empty() {
            continue;
        }
        match &header {
            None => {
                let h: Header = serde_json::from_str(&line)
                    .map_err(|e| at(n, format!("not a data set header: {e}")))?;
                if h.flux_dataset != DATASET_VERSION {
                    return Err(at(
                        n,
                        format!(
                            "data set format {} is not supported (this Flux reads {DATASET_VERSION})",
                            h.flux_dataset
                        ),
                    ));
                }
                if h.encoding != "rate" {
                    return Err(at(
                        n,
                        format!("encoding {:?} is not supported: use \"rate\"", h.encoding),
                    ));
                }
                if h.max == 0 || h.steps == 0 || h.classes == 0 {
                    return Err(at(n, "max, steps and classes must be at least 1".into()));
                }
                header = Some(h);
            }
            Some(h) => {
                let s: Sample =
                    serde_json::from_str(&line).map_err(|e| at(n, format!("not a sample: {e}")))?;
                if s.label >= h.classes {
                    return Err(at(
                        n,
                        format!("label {} is not below classes = {}", s.label, h.classes),
                    ));
                }
                if let Some(v) = s.values.iter().find(|&&v| v > h.max) {
                    return Err(at(n, format!("value {v} is above max = {}", h.max)));
                }
                if samples
                    .first()
                    .is_some_and(|f: &Sample| f.values.len() != s.values.len())
                {
                    return Err(at(
                        n,
                        format!(
                            "{} values, the first sample has {}",
                            s.values.len(),
                            samples[0].values.len()
                        ),
                    ));
                }
                samples.push(s);
            }
        }
    }
    let header =
        header.ok_or_else(|| DatasetError(format!("{}: empty data set", path.display())))?;
    if samples.is_empty() {
        return Err(DatasetError(format!("{}: no samples", path.display())));
    }
    Ok(Dataset { header, samples })
}

/// How a data set drives a compiled network.
#[derive(Clone, Debug)]
pub struct Plan {
    /// Index of the carrying input among the network's inputs, and its first channel.
    input_index: usize,
    first_channel: u32,
    pub readout: PopulationRange,
    /// Timesteps that carry the sample.
    pub steps: u64,
    /// Timesteps run after them, so the readout sees every input timestep: the longest
    /// feed-forward path from an input to the readout ([`latency`]).
    pub extra_steps: u64,
    seed: u32,
    max: u32,
}

impl Plan {
    /// Timesteps per sample.
    pub fn total_steps(&self) -> u64 {
        self.steps + self.extra_steps
    }
}

/// Checks that `header` fits `net` and plans the runs.
pub fn plan(net: &Compiled, header: &Header, values: usize) -> Result<Plan, DatasetError> {
    let input_index = net
        .channels
        .iter()
        .position(|c| c.name == header.input)
        .ok_or_else(|| {
            DatasetError(format!(
                "the network has no input {:?} (it has {})",
                header.input,
                net.channels
                    .iter()
                    .map(|c| format!("{:?}", c.name))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        })?;
    let ch = &net.channels[input_index];
    if ch.kind != "poisson" || ch.count as usize != values {
        return Err(DatasetError(format!(
            "input {:?} must be a poisson input of {values} channels (one per value), it is a {} input of {}",
            ch.name, ch.kind, ch.count
        )));
    }
    let readout = net
        .neurons
        .iter()
        .find(|p| p.name == header.readout)
        .cloned()
        .ok_or_else(|| {
            DatasetError(format!(
                "the network has no population {:?}",
                header.readout
            ))
        })?;
    if readout.size < header.classes {
        return Err(DatasetError(format!(
            "readout {:?} has {} neurons for {} classes",
            readout.name, readout.size, header.classes
        )));
    }
    let extra_steps = latency(net, &readout);
    Ok(Plan {
        input_index,
        first_channel: ch.first,
        readout,
        steps: header.steps,
        extra_steps,
        seed: header.seed,
        max: header.max,
    })
}

/// Timesteps from an input spike to its earliest effect on `readout` along the longest path of
/// populations in file order: a channel spike stamped `t` through delay `d` lands at `t + d`, a
/// neuron spike at `t + 1 + d` (`docs/model.md` §2). Edges back to an earlier (or the same)
/// population are recurrent and left out.
pub fn latency(net: &Compiled, readout: &PopulationRange) -> u64 {
    let image = &net.image;
    let p = image.preset;
    let pop_of = |n: u32| net.neurons.iter().position(|q| q.ids().contains(&n));
    let mut arrive: Vec<Option<u64>> = vec![None; net.neurons.len()];
    // The (population, delay) of every synapse of a source.
    let edges = |source: usize| -> Vec<(usize, u64)> {
        let r = p.fanout_range(image.fanout[source].into());
        (r.start as usize..(r.end as usize).min(image.synapses.len()))
            .filter_map(|a| {
                let s = image.synapses[a] as u128;
                pop_of(p.syn_target().get(s) as u32).map(|q| (q, p.syn_delay().get(s) as u64))
            })
            .collect()
    };
    for c in &net.channels {
        for ch in c.channels() {
            for (q, d) in edges((p.neurons + ch) as usize) {
                arrive[q] = Some(arrive[q].map_or(d, |a| a.max(d)));
            }
        }
    }
    for (i, pop) in net.neurons.iter().enumerate() {
        let Some(a) = arrive[i] else { continue };
        for n in pop.ids() {
            for (q, d) in edges(n as usize) {
                if q > i {
                    let v = a + 1 + d;
                    arrive[q] = Some(arrive[q].map_or(v, |x| x.max(v)));
                }
            }
        }
    }
    let r = net.neurons.iter().position(|q| q == readout).unwrap_or(0);
    arrive[r].unwrap_or(0)
}

/// The answer for one sample.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// Spikes of each readout neuron over the whole run (index = class).
    pub counts: Vec<u32>,
    /// The class with the most spikes; ties go to the lowest class.
    pub predicted: u32,
    /// Clock cycles of all the sample's timesteps (`docs/model.md` §7).
    pub cycles: u64,
    /// Every spike of the run, `(t, neuron)`, for comparison with the hardware.
    pub spikes: Vec<(u64, u32)>,
}

/// The inputs of one sample: the carrying input's channels rate-coded, every other input as the
/// network file has it.
pub fn sample_inputs(net: &Compiled, plan: &Plan, sample: &Sample) -> InputSet {
    let p16 = sample
        .values
        .iter()
        .map(|&v| rate_p16(v, plan.max))
        .collect();
    net.inputs.with_source(
        plan.input_index,
        Source::Rates {
            first_channel: plan.first_channel,
            p16,
            seed: plan.seed,
            start: 0,
            stop: Some(plan.steps),
        },
    )
}

/// `round_half_up(v * 65536 / max)` (`docs/model.md` §9).
pub fn rate_p16(v: u32, max: u32) -> u32 {
    ((2 * v as u64 * P16_ONE as u64 + max as u64) / (2 * max as u64)) as u32
}

/// The predicted class: the most spikes, ties to the lowest class.
pub fn predict(counts: &[u32]) -> u32 {
    let mut best = 0;
    for (i, &c) in counts.iter().enumerate() {
        if c > counts[best] {
            best = i;
        }
    }
    best as u32
}

/// Runs one sample on a freshly loaded model core.
pub fn run_sample(net: &Compiled, plan: &Plan, sample: &Sample, classes: u32) -> Outcome {
    let mut core = Core::new(&net.image);
    let mut inputs = sample_inputs(net, plan, sample);
    let mut events: Vec<Event> = Vec::new();
    let mut counts = vec![0u32; classes as usize];
    let mut cycles = 0;
    let mut spikes = Vec::new();
    let first = plan.readout.first;
    for t in 0..plan.total_steps() {
        inputs.events_at(t, &mut events);
        let r = core.step(&events);
        cycles += r.cycles;
        for &n in r.spikes {
            spikes.push((t, n));
            if n >= first && n < first + classes {
                counts[(n - first) as usize] += 1;
            }
        }
    }
    let predicted = predict(&counts);
    Outcome {
        counts,
        predicted,
        cycles,
        spikes,
    }
}
