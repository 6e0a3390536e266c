"""Brian2's CUBA benchmark (Vogels & Abbott 2005, as in Brian2's examples and its benchmarks) in C++
standalone mode, single thread, on the network shape Flux's `bench/run.sh` simulates beside it.

Prints one JSON line: neurons, synapses, steps, spikes, and `run_seconds`, the wall time Brian2's generated
binary spent in its main simulation loop (compilation and set-up excluded; Flux's figure excludes them too).
With `--repeat R` the built binary runs R times (same seed, so the same network and spikes) and
`run_seconds` is the fastest run (`run_seconds_all` lists them all). `cpu_seconds` is the CPU time the
binary's thread spent in the same loop, which a machine loaded by other processes disturbs far less than
the wall time. Both are read around the network run in main() (`CLOCK_MONOTONIC` and
`CLOCK_THREAD_CPUTIME_ID`, the clocks `flux bench` reads for its own loop). Brian2's own
`device._last_run_time` is *not* a wall time: Network::run measures it with `std::clock()`, the
process's CPU time; it is printed as `brian2_clock_seconds`. With `--workdir DIR` the generated
project is kept there, so a second call with the same arguments reuses the compiled objects.
"""

import argparse
import json
import os
import tempfile

from brian2 import (
    NeuronGroup, SpikeMonitor, Synapses, defaultclock, device, ms, mV, prefs, run, second, seed,
    set_device,
)


def read_seconds():
    """(wall, cpu) seconds of the last run's network loop."""
    with open(os.path.join(device.results_dir, "bench_seconds.txt")) as f:
        wall, cpu = f.read().split()
    return float(wall), float(cpu), float(device._last_run_time)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--neurons", type=int, default=4000)
    ap.add_argument("--p", type=float, default=0.02)
    ap.add_argument("--steps", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=1, help="runs of the built binary (fastest reported)")
    ap.add_argument("--workdir", help="keep the generated project here (default: a new temporary directory)")
    args = ap.parse_args()
    if args.repeat < 1:
        ap.error("--repeat must be at least 1")

    if args.workdir:
        os.makedirs(args.workdir, exist_ok=True)
        workdir = args.workdir
    else:
        workdir = tempfile.mkdtemp(prefix="brian2_cuba_")
    set_device("cpp_standalone", directory=workdir, build_on_run=False)
    prefs.devices.cpp_standalone.openmp_threads = 0  # single thread
    seed(args.seed)
    defaultclock.dt = 0.1 * ms

    taum, taue, taui = 20 * ms, 5 * ms, 10 * ms
    vt, vr, el = -50 * mV, -60 * mV, -49 * mV
    eqs = """
    dv/dt  = (ge+gi-(v-el))/taum : volt (unless refractory)
    dge/dt = -ge/taue : volt
    dgi/dt = -gi/taui : volt
    """
    n = args.neurons
    ne = n * 4 // 5
    group = NeuronGroup(n, eqs, threshold="v>vt", reset="v = vr", refractory=5 * ms, method="exact")
    group.v = "vr + rand() * (vt - vr)"
    group.ge = 0 * mV
    group.gi = 0 * mV
    we = (60 * 0.27 / 10) * mV
    wi = (-20 * 4.5 / 10) * mV
    ce = Synapses(group, group, on_pre="ge += we")
    ci = Synapses(group, group, on_pre="gi += wi")
    ce.connect("i<ne", p=args.p)
    ci.connect("i>=ne", p=args.p)
    spikes = SpikeMonitor(group, record=False)

    # Brackets the network run in main() with a wall clock and the thread's CPU clock (main.cpp includes
    # <time.h>).
    device.insert_code("main", "struct timespec _bench_wall0, _bench_cpu0; "
                               "clock_gettime(CLOCK_MONOTONIC, &_bench_wall0); "
                               "clock_gettime(CLOCK_THREAD_CPUTIME_ID, &_bench_cpu0);")
    run(args.steps * defaultclock.dt)
    device.insert_code("main", """
struct timespec _bench_wall1, _bench_cpu1;
clock_gettime(CLOCK_THREAD_CPUTIME_ID, &_bench_cpu1);
clock_gettime(CLOCK_MONOTONIC, &_bench_wall1);
{
    std::ofstream _bench_out(results_dir + "bench_seconds.txt");
    _bench_out.precision(9);
    _bench_out << (_bench_wall1.tv_sec - _bench_wall0.tv_sec) + 1e-9 * (_bench_wall1.tv_nsec - _bench_wall0.tv_nsec)
               << " "
               << (_bench_cpu1.tv_sec - _bench_cpu0.tv_sec) + 1e-9 * (_bench_cpu1.tv_nsec - _bench_cpu0.tv_nsec)
               << std::endl;
}
""")
    device.build(directory=workdir, compile=True, run=True, debug=False)
    runs = [read_seconds()]
    for _ in range(args.repeat - 1):
        device.run(directory=workdir, with_output=False)
        runs.append(read_seconds())
    run_seconds, cpu_seconds, clock_seconds = (list(column) for column in zip(*runs))
    duration = args.steps * float(defaultclock.dt / second)
    print(json.dumps({
        "simulator": "brian2-2.9.0-cpp_standalone-1thread",
        "neurons": n,
        "synapses": int(len(ce) + len(ci)),
        "steps": args.steps,
        "spikes": int(spikes.num_spikes),
        "mean_rate_hz": spikes.num_spikes / n / duration,
        "run_seconds": min(run_seconds),
        "run_seconds_all": run_seconds,
        "cpu_seconds": min(cpu_seconds),
        "cpu_seconds_all": cpu_seconds,
        "brian2_clock_seconds": min(clock_seconds),
    }))


if __name__ == "__main__":
    main()
