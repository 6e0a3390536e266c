//! Golden traces replayed against the RTL: the RTL's spikes, cycle counts and probed state words
//! must reproduce a stored trace (`sim/src/trace.rs` format) record for record.

use flux_sim::compile::Compiled;
use flux_sim::trace::{self, Divergence, ProbeState, Record, Trace};

use crate::rtl::{Rtl, RtlError};
use crate::verilate::RtlBuild;

/// Why a replay failed.
#[derive(Debug, thiserror::Error)]
pub enum ReplayError {
    #[error(transparent)]
    Rtl(#[from] RtlError),
    #[error("the trace is for preset `{trace}`, the network was compiled for `{network}`")]
    Preset {
        trace: String,
        network: &'static str,
    },
    #[error("the RTL diverges from the golden trace (A = golden, B = RTL): {0}")]
    Diverged(Box<Divergence>),
}

/// The record of one RTL timestep, in the trace's terms: spikes ascending, the cycle count, and the
/// state words of `probes` read through the debug port.
pub fn rtl_record(
    rtl: &mut Rtl,
    events: &[flux_sim::image::Event],
    probes: &[u32],
) -> Result<Record, RtlError> {
    let step = rtl.step(events)?;
    let mut spikes: Vec<u32> = step.spikes.iter().map(|s| s.neuron).collect();
    spikes.sort_unstable();
    let probes = probes
        .iter()
        .map(|&neuron| ProbeState {
            neuron,
            word: rtl.state_word(neuron),
        })
        .collect();
    Ok(Record {
        t: step.t.into(),
        spikes,
        cycles: step.cycles,
        probes,
    })
}

/// Runs `compiled` on a fresh RTL instance for as many timesteps as `golden` has records and
/// compares every record. Returns the number of records compared.
pub fn replay(build: &RtlBuild, compiled: &Compiled, golden: &Trace) -> Result<u64, ReplayError> {
    if golden.header.preset != compiled.image.preset.name {
        return Err(ReplayError::Preset {
            trace: golden.header.preset.clone(),
            network: compiled.image.preset.name,
        });
    }
    let mut rtl = Rtl::open(build, None)?;
    rtl.load_image(&compiled.image);
    let mut inputs = compiled.inputs.clone();
    inputs.reset();
    let probes = golden.header.probe_ids();
    let mut events = Vec::new();
    for (t, expected) in golden.records.iter().enumerate() {
        inputs.events_at(t as u64, &mut events);
        let got = rtl_record(&mut rtl, &events, &probes)?;
        if let Some(d) = trace::first_difference(expected, &got) {
            return Err(ReplayError::Diverged(Box::new(d)));
        }
    }
    Ok(golden.records.len() as u64)
}
