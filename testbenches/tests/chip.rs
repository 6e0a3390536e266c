//! Several cores on one chip (`docs/model.md` §15): a network placed on the cores of a chip
//! runs exactly as on one core (spikes and every state word, every timestep), in the model and
//! in the Verilated chip top, whose cycle count the model predicts.
//!
//! `FLUX_SEED=<u64>` replays from another base seed; a failure names the seed, and
//! `random_chip_network(SMALL, DUO, seed, steps)` rebuilds the network.

mod common;

use flux_sim::chip::{Chip, ChipImage, DUO, ULX3S_QUAD};
use flux_sim::core::Core;
use flux_sim::image::Event;
use flux_sim::spec::SMALL;
use flux_testbenches::cosim::{ChipCompared, chip_cosim};
use flux_testbenches::random::{RandomNet, random_chip_network};
use flux_testbenches::rtl::Rtl;

const BASE_SEED: u64 = 0xC41F_0001;
const STEPS: u64 = 200;

/// Runs the reference core and the chip side by side; panics at the first difference.
fn same_on_one_core_and_the_chip(net: &RandomNet, placed: &ChipImage) -> (u64, u64) {
    let mut core = Core::new(&net.image);
    let mut chip = Chip::new(placed);
    let n = net.image.n_neurons;
    let (mut spikes, mut exchanged) = (0, 0);
    for (t, events) in net.stimulus.iter().enumerate() {
        let want = core.try_step(events).expect("valid stimulus");
        let got = chip.try_step(events).expect("the chip takes the stimulus");
        assert_eq!(
            got.spikes, want.spikes,
            "seed {:#x}, timestep {t}: spikes",
            net.seed
        );
        spikes += want.spikes.len() as u64;
        exchanged += got.events.len() as u64;
        for id in 0..n {
            assert_eq!(
                chip.state_word(id),
                Some(core.state_word(id)),
                "seed {:#x}, timestep {t}: state of neuron {id}",
                net.seed
            );
        }
    }
    (spikes, exchanged)
}

#[test]
fn random_networks_run_on_two_cores_as_on_one() {
    let base = flux_sim::testing::seed(BASE_SEED);
    let (mut spikes, mut split, mut routes) = (0, 0, 0);
    for i in 0..40 {
        let (net, placed) = random_chip_network(SMALL, DUO, base + i, STEPS);
        let (s, _) = same_on_one_core_and_the_chip(&net, &placed);
        spikes += s;
        split += u64::from(placed.places.iter().all(|p| !p.neurons.is_empty()));
        routes += u64::from(placed.remote_routes());
    }
    println!(
        "base seed {base:#x}: 40 networks, {spikes} spikes, {split} split over both cores, {routes} routes between cores"
    );
    assert!(
        spikes > 10_000 && split >= 20 && routes > 1_000,
        "the networks exercise the exchange"
    );
}

#[test]
fn random_networks_on_the_duo_chip_are_bit_exact() {
    let base = flux_sim::testing::seed(BASE_SEED + 0x100);
    let build = common::chip_build(DUO);
    let mut total = ChipCompared::default();
    let networks = 12;
    for i in 0..networks {
        let seed = base + i;
        let (net, placed) = random_chip_network(SMALL, DUO, seed, 60);
        let mut rtl = Rtl::open(&build, None).expect("the chip loads");
        // Half of them reset mid-run (`Chip::reset`, `docs/model.md` §15.3).
        let reset_at = (i % 2 == 1).then_some(30);
        let done = chip_cosim(&mut rtl, &net, &placed, seed, reset_at);
        total.timesteps += done.timesteps;
        total.events += done.events;
        total.cycles += done.cycles;
    }
    println!(
        "base seed {base:#x}: {networks} networks, {} timesteps, {} exchanged events, {} cycles",
        total.timesteps, total.events, total.cycles
    );
    assert!(total.events > 1_000, "the exchange carried events");
}

/// The events `inputs` draw in timesteps `0..steps`, one list per timestep.
fn stimulus_of(mut inputs: flux_sim::inputs::InputSet, steps: u64) -> Vec<Vec<Event>> {
    (0..steps)
        .map(|t| {
            let mut events = Vec::new();
            inputs.events_at(t, &mut events);
            events
        })
        .collect()
}

/// The examples that a chip runs (no noise, no learning), each cut over both cores of `duo`
/// (`flux place --cores 2`), on the model of one core, the chip model and the Verilated chip.
#[test]
fn the_examples_run_on_both_cores_of_the_duo_chip_as_on_one_core() {
    use flux_sim::compile::{self, CoreChoice};
    let build = common::chip_build(DUO);
    let root = common::workspace().join("examples");
    for name in ["tutorial.toml", "cpg.toml", "izhikevich.toml", "xylo.toml"] {
        let compiled = compile::compile_file_for(&root.join(name), Some(CoreChoice::Fit))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let cuts: Vec<u32> = compiled.neurons.iter().map(|p| p.first).collect();
        let placed = ChipImage::place(&compiled.image, DUO, &cuts, Some(2))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            placed.places.iter().all(|p| !p.neurons.is_empty()),
            "{name}: both cores hold neurons"
        );
        let steps = compiled.run.steps.unwrap_or(200).min(300);
        let stimulus = stimulus_of(compiled.inputs.clone(), steps);
        let net = RandomNet {
            seed: 0,
            image: compiled.image.clone(),
            stimulus,
        };
        let (spikes, _) = same_on_one_core_and_the_chip(&net, &placed);
        let mut rtl = Rtl::open(&build, None).expect("the chip loads");
        let done = chip_cosim(&mut rtl, &net, &placed, 0, None);
        println!(
            "{name}: {} neurons on 2 cores ({} routes between them), {steps} timesteps, {spikes} spikes, {} exchanged events, {} cycles",
            compiled.image.n_neurons,
            placed.remote_routes(),
            done.events,
            done.cycles
        );
        assert!(spikes > 0, "{name}: the example spikes");
    }
}

/// All-to-all at full rate (`docs/model.md` §15.3): 90 neurons on both cores of `duo`, each with
/// a synapse onto every neuron, every one of them spiking every timestep. Each core's spike buffer
/// then takes 90 events per timestep (45 of its own, 45 through axons) and the exchange carries
/// 90 events: none is lost (the states and spikes match the model and one core) and the chip
/// never stalls (the cycle count is the model's).
#[test]
fn all_to_all_traffic_at_full_rate_loses_nothing() {
    use flux_sim::image::CoreImage;
    use flux_sim::spec::{profile as pf, state};
    let p = flux_sim::spec::LARGE;
    let n = 90u32;
    let mut image = CoreImage::empty(p);
    image.n_neurons = n;
    // A CUBA neuron with a large bias and threshold 0 fires every timestep.
    let mut w = pf::KIND.set(0, pf::KIND_CUBA);
    w = pf::BIAS_MANT.set(w, 4000);
    w = pf::BIAS_EXP.set(w, 6);
    w = pf::DV.set(w, 4095);
    image.profiles[0] = w;
    for i in 0..n {
        image.state[i as usize] = state::PROFILE.set(0, 0);
        for j in 0..n {
            let a = (i * n + j) as usize;
            let mut s = p.syn_target().set(0, i64::from(j));
            s = p.syn_weight().set(s, i64::from((i + j) % 7) - 3);
            s = p.syn_delay().set(s, i64::from((i + 2 * j) % 8));
            image.synapses[a] = s as u64;
        }
        image.fanout[i as usize] =
            p.fanout_count()
                .set(p.fanout_start().set(0, i64::from(i * n)), i64::from(n)) as u64;
    }
    let placed = ChipImage::with_ranges(&image, DUO, &[0..45, 45..90]).expect("it fits");
    assert_eq!(
        placed.remote_routes(),
        90,
        "every neuron reaches the other core"
    );
    let net = RandomNet {
        seed: 0,
        image,
        stimulus: vec![Vec::new(); 50],
    };
    let (spikes, exchanged) = same_on_one_core_and_the_chip(&net, &placed);
    assert_eq!(
        spikes,
        50 * u64::from(n),
        "every neuron spikes every timestep"
    );
    assert_eq!(exchanged, 50 * u64::from(n));
    let build = common::chip_build(DUO);
    let mut rtl = Rtl::open(&build, None).expect("the chip loads");
    let done = chip_cosim(&mut rtl, &net, &placed, 0, None);
    println!(
        "all-to-all: {} events exchanged in {} timesteps, {} cycles",
        done.events, done.timesteps, done.cycles
    );
    assert_eq!(done.events, 50 * u64::from(n));
}

/// The digits network (`examples/digits/`, trained in snnTorch and imported from NIR) placed on
/// the four cores of `ulx3s-quad`: the first `limit` test samples on the chip model and on one core,
/// every spike and every state word each timestep. Returns (samples right, spikes, chip cycles,
/// one-core cycles).
fn digits_on_the_quad_chip(limit: usize, mut rtl: Option<&mut Rtl>) -> (usize, u64, u64, u64) {
    use flux_sim::compile::{self, CoreChoice};
    use flux_sim::eval;
    let root = common::workspace().join("examples/digits");
    let compiled = compile::compile_file_for(&root.join("digits.toml"), Some(CoreChoice::Fit))
        .expect("digits compiles");
    let cuts: Vec<u32> = compiled.neurons.iter().map(|p| p.first).collect();
    let placed = ChipImage::place(&compiled.image, ULX3S_QUAD, &cuts, None).expect("it fits");
    let data = eval::read(&root.join("test.jsonl")).unwrap();
    let plan = eval::plan(&compiled, &data.header, data.samples[0].values.len()).unwrap();
    let (mut right, mut spikes, mut chip_cycles, mut core_cycles) = (0, 0, 0, 0);
    for (i, sample) in data.samples.iter().take(limit).enumerate() {
        let inputs = eval::sample_inputs(&compiled, &plan, sample);
        let stimulus = stimulus_of(inputs, plan.total_steps());
        let net = RandomNet {
            seed: i as u64,
            image: compiled.image.clone(),
            stimulus,
        };
        let (s, _) = same_on_one_core_and_the_chip(&net, &placed);
        if let Some(rtl) = rtl.as_deref_mut() {
            let done = chip_cosim(rtl, &net, &placed, i as u64, Some(0));
            chip_cycles += done.cycles;
        } else {
            let mut chip = Chip::new(&placed);
            chip_cycles += net
                .stimulus
                .iter()
                .map(|e| chip.try_step(e).unwrap().cycles)
                .sum::<u64>();
        }
        let model = eval::run_sample(&compiled, &plan, sample, data.header.classes);
        core_cycles += model.cycles;
        right += usize::from(model.predicted == sample.label);
        spikes += s;
    }
    (right, spikes, chip_cycles, core_cycles)
}

#[test]
fn the_digits_network_runs_on_the_four_core_chip_as_on_one_core() {
    let (right, spikes, chip, one) = digits_on_the_quad_chip(50, None);
    println!(
        "digits on ulx3s-quad (model): {right}/50 right, {spikes} spikes, {chip} cycles on the chip, {one} on one core"
    );
    assert!(spikes > 0 && right >= 45, "{right}/50, {spikes} spikes");
}

/// The same under Verilator: the `ulx3s-quad` chip (four cores) against its model, its `aer_out`,
/// cycles and every core's state words each timestep (about 13 s with the Verilator build).
#[test]
fn the_digits_network_on_the_verilated_four_core_chip_is_bit_exact() {
    let build = common::chip_build(ULX3S_QUAD);
    let mut rtl = Rtl::open(&build, None).expect("the chip loads");
    let (right, spikes, chip, one) = digits_on_the_quad_chip(20, Some(&mut rtl));
    eprintln!(
        "digits on the Verilated ulx3s-quad: {right}/20 right, {spikes} spikes, {chip} cycles, {one} on one core"
    );
    assert!(spikes > 0 && right >= 18, "{right}/20");
}
