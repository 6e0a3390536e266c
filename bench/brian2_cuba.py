"""Brian2's CUBA benchmark (Vogels & Abbott 2005, as in Brian2's examples and its benchmarks) in C++
standalone mode, single thread, on the network shape Flux's `bench/run.sh` simulates beside it.

Prints one JSON line: neurons, synapses, steps, spikes, and `run_seconds`, the time Brian2's generated
binary spent in its main simulation loop (compilation and set-up excluded; Flux's figure excludes them too).
"""

import argparse
import json
import tempfile

from brian2 import (
    NeuronGroup, SpikeMonitor, Synapses, defaultclock, device, ms, mV, prefs, run, second, seed,
    set_device,
)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--neurons", type=int, default=4000)
    ap.add_argument("--p", type=float, default=0.02)
    ap.add_argument("--steps", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()

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

    run(args.steps * defaultclock.dt)
    device.build(directory=workdir, compile=True, run=True, debug=False)
    duration = args.steps * float(defaultclock.dt / second)
    print(json.dumps({
        "simulator": "brian2-2.9.0-cpp_standalone-1thread",
        "neurons": n,
        "synapses": int(len(ce) + len(ci)),
        "steps": args.steps,
        "spikes": int(spikes.num_spikes),
        "mean_rate_hz": spikes.num_spikes / n / duration,
        "run_seconds": float(device._last_run_time),
    }))


if __name__ == "__main__":
    main()
