//! Several cores on one chip (`docs/model.md` §15): a network placed on the cores of a chip
//! runs exactly as on one core (spikes and every state word, every timestep), in the model and
//! in the Verilated chip top, whose cycle count the model predicts.
//!
//! `FLUX_SEED=<u64>` replays from another base seed; a failure names the seed, and
//! `random_chip_network(SMALL, DUO, seed, steps)` rebuilds the network.

use std::sync::{Mutex, OnceLock};

use flux_sim::chip::{CORE_SHIFT, Chip, ChipImage, ChipPreset, DUO};
use flux_sim::core::Core;
use flux_sim::image::Event;
use flux_sim::spec::SMALL;
use flux_testbenches::random::{RandomNet, random_chip_network};
use flux_testbenches::rtl::{Mem, Rtl};
use flux_testbenches::verilate::{self, RtlBuild, VerilateSpec};

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

/// The chip's Verilog (`flux_hdl::emit::emit_chip`), verilated once per process.
fn chip_build(chip: ChipPreset) -> RtlBuild {
    static BUILDS: OnceLock<Mutex<Vec<(&'static str, RtlBuild)>>> = OnceLock::new();
    let builds = BUILDS.get_or_init(|| Mutex::new(Vec::new()));
    let mut builds = builds.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, b)) = builds.iter().find(|(name, _)| *name == chip.name) {
        return b.clone();
    }
    let dir = verilate::cache_root().join("verilog").join(chip.name);
    let verilog = flux_hdl::emit::emit_chip_to_dir(&chip, &dir).expect("the chip emits");
    let spec = VerilateSpec::new(verilog, flux_hdl::emit::chip_module_name(&chip));
    let build = verilate::build(&spec).expect("the emitted chip verilates");
    eprintln!(
        "{} chip: {} ({})",
        chip.name,
        build.library.display(),
        if build.cached {
            "cached".to_string()
        } else {
            format!("built in {:.0} s", build.seconds)
        }
    );
    builds.push((chip.name, build.clone()));
    build
}

/// Loads `placed` into the Verilated chip (`ChipImage::load_sequence`).
fn load(rtl: &mut Rtl, placed: &ChipImage) {
    for block in placed.load_sequence() {
        let mem = Mem::from_code(block.mem).expect("a core memory");
        rtl.cfg_write(mem, block.addr, &block.words);
    }
}

/// What the chip's cosimulation compared.
#[derive(Default)]
struct Compared {
    timesteps: u64,
    events: u64,
    cycles: u64,
}

/// Runs `net`'s stimulus on the model chip and the Verilated one; every timestep compares the
/// `aer_out` events, the cycle count and every core's state words.
fn cosim(rtl: &mut Rtl, net: &RandomNet, placed: &ChipImage, seed: u64) -> Compared {
    load(rtl, placed);
    let mut chip = Chip::new(placed);
    let mut done = Compared::default();
    let n = placed.chip.core.neurons;
    for (t, events) in net.stimulus.iter().enumerate() {
        let want = chip.try_step(events).expect("the chip takes the stimulus");
        let encoded: Vec<Event> = placed
            .core_events(events)
            .expect("checked")
            .into_iter()
            .map(|(k, e)| {
                let addr = placed.aer_in_addr(k, &e);
                match e {
                    Event::Spike { .. } => Event::Spike { channel: addr },
                    Event::Current { value, .. } => Event::Current {
                        neuron: addr,
                        value,
                    },
                }
            })
            .collect();
        let got = rtl
            .step(&encoded)
            .unwrap_or_else(|e| panic!("seed {seed:#x}, timestep {t}: {e}"));
        let want_out: Vec<(u32, u32)> = want
            .events
            .iter()
            .flat_map(|&(g, k)| std::iter::repeat_n((g, t as u32), k as usize))
            .collect();
        let got_out: Vec<(u32, u32)> = got.spikes.iter().map(|s| (s.neuron, s.t)).collect();
        assert_eq!(
            got_out, want_out,
            "seed {seed:#x}, timestep {t}: aer_out events"
        );
        assert_eq!(
            got.cycles, want.cycles,
            "seed {seed:#x}, timestep {t}: cycles (cores {:?})",
            want.core_cycles
        );
        for (k, place) in placed.places.iter().enumerate() {
            let len = place.neurons.len();
            let words = rtl.dbg_read(Mem::State, (k as u32) << CORE_SHIFT, len);
            for (i, w) in words.into_iter().enumerate() {
                assert_eq!(
                    w,
                    chip.core(k).state_word(i as u32),
                    "seed {seed:#x}, timestep {t}: state of core {k} neuron {i} (chip neuron {})",
                    k as u32 * n + i as u32
                );
            }
        }
        done.timesteps += 1;
        done.events += want.events.len() as u64;
        done.cycles += want.cycles;
    }
    done
}

#[test]
fn random_networks_on_the_duo_chip_are_bit_exact() {
    let base = flux_sim::testing::seed(BASE_SEED + 0x100);
    let build = chip_build(DUO);
    let mut total = Compared::default();
    let networks = 12;
    for i in 0..networks {
        let seed = base + i;
        let (net, placed) = random_chip_network(SMALL, DUO, seed, 60);
        let mut rtl = Rtl::open(&build, None).expect("the chip loads");
        let done = cosim(&mut rtl, &net, &placed, seed);
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
