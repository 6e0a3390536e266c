//! Speed of the timestep engine on a synthetic random E/I network shaped like Brian2's CUBA
//! benchmark (`bench/brian2_cuba.py`): 80 % excitatory, 20 % inhibitory, 2 % connectivity (about 80
//! synapses per neuron), firing about 5 spikes per second at 0.1 ms per timestep.
//!
//! `cargo bench -p flux-sim --bench engine` first prints the figures of one plain timed run
//! (neuron updates/s, synaptic events/s, the time of 4,000 neurons x 10,000 timesteps and of
//! 40,000 neurons x 1,000 timesteps), then runs the criterion benchmarks.

use std::hint::black_box;
use std::time::Instant;

use criterion::Criterion;
use flux_sim::core::Core;
use flux_sim::image::CoreImage;
use flux_sim::spec::{self, Preset, profile as pf, state};
use flux_sim::testing::SplitMix64;

const SEED: u64 = 0xF1_0E_B0_01;

/// The network kind of the benchmark.
#[derive(Clone, Copy)]
enum Kind {
    Cuba,
    Flux,
}

/// Synapses per neuron (2 % of 4,000, as in Brian2's CUBA benchmark).
const FANOUT: u32 = 80;

/// A random E/I network of `n` neurons, [`FANOUT`] random targets each. CUBA: no voltage leak, a
/// bias of 3 per timestep against a threshold of 100 * 64 = 6400 (a spike every ~2,100 timesteps,
/// ~5 Hz at 0.1 ms), inputs of +1 (E) and -4 (I), scaled by 64. FLUX has no bias: its neurons start
/// spread below the threshold and stay quiet, so it measures the update loop alone.
fn network(n: u32, kind: Kind) -> CoreImage {
    let per_neuron = FANOUT;
    let neurons = n.next_power_of_two();
    let synapses = (n * per_neuron).next_power_of_two();
    let preset = Preset {
        name: "bench",
        neurons,
        synapses,
        ..spec::LARGE
    };
    let mut rng = SplitMix64(SEED);
    let mut image = CoreImage::empty(preset);
    image.n_neurons = n;
    image.profiles[0] = match kind {
        Kind::Cuba => [
            (pf::KIND, pf::KIND_CUBA),
            (pf::REF_PERIOD, 50),
            (pf::DU, 4095),
            (pf::DV, 0),
            (pf::VTH, 100),
            (pf::BIAS_MANT, 3),
        ]
        .iter()
        .fold(0, |w, &(f, v)| f.set(w, v)),
        Kind::Flux => [
            (pf::KIND, pf::KIND_FLUX),
            (pf::REF_PERIOD, 50),
            (pf::THR, 2000),
            (pf::LEAK, 0),
        ]
        .iter()
        .fold(0, |w, &(f, v)| f.set(w, v)),
    };
    let ne = n * 4 / 5;
    let (target, weight, delay, ty) = (
        preset.syn_target(),
        preset.syn_weight(),
        preset.syn_delay(),
        preset.syn_type(),
    );
    let mut next = 0u64;
    for s in 0..n {
        image.state[s as usize] = match kind {
            Kind::Cuba => state::V.set(0, rng.below(6400) as i64),
            Kind::Flux => state::V.set(0, rng.below(2000) as i64),
        };
        let w: i64 = match (kind, s < ne) {
            (Kind::Cuba, true) => 1,
            (Kind::Cuba, false) => -4,
            (Kind::Flux, true) => 16,
            (Kind::Flux, false) => -64,
        };
        let start = next;
        for _ in 0..per_neuron {
            let word = target.set(0, rng.below(n.into()) as i64);
            let word = weight.set(word, w);
            let word = delay.set(word, rng.below(preset.delay_slots.into()) as i64);
            image.synapses[next as usize] = ty.set(word, spec::syn_type::DIRECT) as u64;
            next += 1;
        }
        let f = preset.fanout_start().set(0, start as i64);
        image.fanout[s as usize] = preset.fanout_count().set(f, i64::from(per_neuron)) as u64;
    }
    flux_sim::core::validate(&image).expect("the benchmark network is valid");
    image
}

/// CPU time of this thread, in seconds (`/proc/thread-self/schedstat`), so that the figures do not
/// count the time other processes held the core on a shared machine. Wall time where it is missing.
fn cpu_seconds() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = text.split_whitespace().next()?.parse().ok()?;
    Some(ns * 1e-9)
}

/// Runs `steps` timesteps and prints what it cost.
fn timed_run(label: &str, n: u32, steps: u64, kind: Kind) {
    let mut core = Core::new(&network(n, kind));
    let (mut spikes, mut synapses) = (0u64, 0u64);
    let (start, cpu_start) = (Instant::now(), cpu_seconds());
    for _ in 0..steps {
        let r = core.step(&[]);
        spikes += r.spikes.len() as u64;
        synapses += r.work.synapses;
    }
    let wall = start.elapsed().as_secs_f64();
    let secs = cpu_start.zip(cpu_seconds()).map_or(wall, |(a, b)| b - a);
    let updates = u64::from(n) * steps;
    println!(
        "{label}: {n} neurons x {steps} steps in {:.1} ms CPU ({:.1} ms wall): {:.0} M neuron updates/s, \
         {synapses} synaptic events ({:.0} M/s overall), {spikes} spikes ({:.1} Hz at 0.1 ms/step)",
        secs * 1e3,
        wall * 1e3,
        updates as f64 / secs / 1e6,
        synapses as f64 / secs / 1e6,
        spikes as f64 / f64::from(n) / (steps as f64 * 1e-4),
    );
}

/// Synaptic events alone: every neuron's fan-out routed once per timestep (no neuron updates).
fn routing_only(n: u32) {
    let mut image = network(n, Kind::Cuba);
    image.n_neurons = 0;
    // Channel spikes fan out from sources N + c; reuse the neurons' fan-outs as channel fan-outs.
    let neurons = image.preset.neurons as usize;
    let channels = image.preset.channels as usize;
    for c in 0..channels {
        image.fanout[neurons + c] = image.fanout[c];
    }
    let mut core = Core::new(&image);
    let events: Vec<_> = (0..channels as u32)
        .map(|channel| flux_sim::image::Event::Spike { channel })
        .collect();
    let steps = 200;
    let (start, cpu_start) = (Instant::now(), cpu_seconds());
    let mut synapses = 0;
    for _ in 0..steps {
        synapses += core.step(&events).work.synapses;
    }
    let wall = start.elapsed().as_secs_f64();
    let secs = cpu_start.zip(cpu_seconds()).map_or(wall, |(a, b)| b - a);
    println!(
        "routing only: {synapses} synaptic events in {:.1} ms CPU ({:.1} ms wall): {:.0} M synaptic events/s",
        secs * 1e3,
        wall * 1e3,
        synapses as f64 / secs / 1e6
    );
}

fn benches(c: &mut Criterion) {
    for (name, kind) in [("cuba", Kind::Cuba), ("flux", Kind::Flux)] {
        let mut core = Core::new(&network(4000, kind));
        c.bench_function(&format!("{name}_4000_neurons_100_steps"), |b| {
            b.iter(|| {
                for _ in 0..100 {
                    black_box(core.step(&[]).spikes.len());
                }
            })
        });
    }
}

fn main() {
    timed_run("CUBA", 4000, 10_000, Kind::Cuba);
    timed_run("FLUX", 4000, 10_000, Kind::Flux);
    timed_run("CUBA", 40_000, 1_000, Kind::Cuba);
    routing_only(4000);
    let mut c = Criterion::default().configure_from_args();
    benches(&mut c);
    c.final_summary();
}
