//! Cosimulation speed: clock cycles per second of the `small` core under Verilator, and the model's
//! speed on the same networks. `cargo bench -p flux-testbenches --bench cosim_speed`.
//!
//! Plain `main` (no criterion): a few measured runs per network say what matters, and a Verilator
//! run is deterministic in cycles, so only the time varies; the fastest run and the median are
//! printed. Times are the CPU time of this thread (`CLOCK_THREAD_CPUTIME_ID`), which a machine
//! shared with other jobs disturbs less than wall time (but still: on 2 busy cores one run can be
//! half as fast as the next, so compare builds interleaved). `FLUX_COSIM_LIB=<libflux_rtl.so>`
//! measures another build of the shim (e.g. with other compiler flags) instead of the cached one.

use std::path::{Path, PathBuf};

use flux_sim::compile;
use flux_sim::core::Core;
use flux_sim::image::{CoreImage, Event};
use flux_sim::spec::SMALL;
use flux_testbenches::random::random_network;
use flux_testbenches::rtl::Rtl;
use flux_testbenches::verilate::{self, VerilateSpec};

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_owned();
    let verilog =
        flux_hdl::emit::emit_to_dir(&SMALL, &verilate::cache_root().join("verilog/small")).unwrap();
    let build = verilate::build(&VerilateSpec::new(
        verilog,
        flux_hdl::emit::module_name(&SMALL),
    ))
    .unwrap();

    let cpg = compile::compile_file(&root.join("examples/cpg.toml"), Some(SMALL)).unwrap();
    let mut inputs = cpg.inputs.clone();
    let mut events = Vec::new();
    let cpg_events: Vec<Vec<Event>> = (0..2000)
        .map(|t| {
            inputs.events_at(t, &mut events);
            events.clone()
        })
        .collect();
    measure("cpg.toml (16 neurons)", &build, &cpg.image, &cpg_events);

    let dense = random_network(SMALL, 3, 2000);
    let mut full = dense.image.clone();
    full.n_neurons = SMALL.neurons;
    measure(
        "random seed 3, all 256 neurons",
        &build,
        &full,
        &dense.stimulus,
    );
}

/// CPU time of the calling thread, in seconds.
fn thread_cpu_seconds() -> f64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid out-pointer; CLOCK_THREAD_CPUTIME_ID exists on Linux.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9
}

/// Measured runs per network and side. The machine is shared, so one run can land on a busy
/// moment; the fastest of several is the one least disturbed, and the median says how typical it is.
const RUNS: usize = 5;

/// Fastest and median of `RUNS` timings (seconds) of `run`, which returns its CPU time.
fn best_and_median(mut run: impl FnMut() -> f64) -> (f64, f64) {
    let mut times: Vec<f64> = (0..RUNS).map(|_| run()).collect();
    times.sort_by(f64::total_cmp);
    (times[0], times[RUNS / 2])
}

fn measure(name: &str, build: &verilate::RtlBuild, image: &CoreImage, stimulus: &[Vec<Event>]) {
    let library = std::env::var_os("FLUX_COSIM_LIB");
    let (mut cycles, mut push, mut spikes) = (0u64, 0u64, 0u64);
    let (rtl_best, rtl_median) = best_and_median(|| {
        let mut rtl = match &library {
            Some(lib) => Rtl::open_library(Path::new(lib), None).unwrap(),
            None => Rtl::open(build, None).unwrap(),
        };
        rtl.load_image(image);
        (cycles, push, spikes) = (0, 0, 0);
        let start = thread_cpu_seconds();
        for events in stimulus {
            let s = rtl.step(events).unwrap();
            cycles += s.cycles;
            push += s.push_cycles;
            spikes += s.spikes.len() as u64;
        }
        thread_cpu_seconds() - start
    });

    let mut model_cycles = 0u64;
    let (model_best, _) = best_and_median(|| {
        let mut core = Core::new(image);
        model_cycles = 0;
        let start = thread_cpu_seconds();
        for events in stimulus {
            model_cycles += core.step(events).cycles;
        }
        thread_cpu_seconds() - start
    });
    assert_eq!(
        model_cycles, cycles,
        "{name}: the model predicts the RTL's cycles"
    );

    let steps = stimulus.len() as f64;
    let rtl_rate = |s: f64| (cycles + push) as f64 / s / 1e6;
    println!(
        "{name}: {} timesteps (CPU time of one thread, fastest of {RUNS} runs), {spikes} spikes, \
         {cycles} cycles (+{push} input-push cycles)\n  \
         RTL   {:8.3} s  {:6.2} M cycles/s  {:9.0} timesteps/s  (median of the runs {:.2} M cycles/s)\n  \
         model {:8.3} s  {:6.0} M cycles/s  {:9.0} timesteps/s  ({:.0}x the RTL)",
        stimulus.len(),
        rtl_best,
        rtl_rate(rtl_best),
        steps / rtl_best,
        rtl_rate(rtl_median),
        model_best,
        cycles as f64 / model_best / 1e6,
        steps / model_best,
        rtl_best / model_best
    );
}
