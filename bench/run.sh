#!/usr/bin/env bash
# Brian2's CUBA benchmark (C++ standalone, one thread) beside the Flux model on the same network shape,
# at two sizes: 4,000 neurons with p = 0.02 and 40,000 neurons with p = 0.002, 10,000 timesteps each.
#
#   bench/run.sh            # both sizes
#   bench/run.sh 4k         # one size (4k or 40k)
#   REPEAT=7 bench/run.sh   # rounds per size (default 5); the fastest run of each simulator counts
#
# Creates bench/.venv (brian2 2.9.0, numpy 1.26.4) if needed, builds `flux` in release, and prints
# the wall and CPU times of both simulation loops, their ratios (Brian2 / Flux) and the throughputs.
# Compilation and set-up are excluded on both sides. Raw results: bench/out/results.json.
#
# The runs are interleaved: each round runs Brian2's built binary once, then Flux on one thread,
# then on two, so that both simulators see the same state of the machine (on a shared machine its
# speed drifts by 10 % within minutes, and a block of Brian2 runs followed by a block of Flux runs
# carried that drift into the ratio). Brian2's build run (generation, compilation, first run) comes
# before the rounds and is not counted.
set -euo pipefail

cd "$(dirname "$0")/.."
REPEAT="${REPEAT:-5}"
SIZES=("$@")
[ ${#SIZES[@]} -eq 0 ] && SIZES=(4k 40k)
OUT=bench/out
mkdir -p "$OUT"

if [ ! -x bench/.venv/bin/python ]; then
    echo "creating bench/.venv" >&2
    python3 -m venv bench/.venv
fi
bench/.venv/bin/pip install --quiet --disable-pip-version-check brian2==2.9.0 numpy==1.26.4

echo "building flux (release)" >&2
cargo build --release --quiet -p flux
FLUX="${CARGO_TARGET_DIR:-target}/release/flux"

for size in "${SIZES[@]}"; do
    case "$size" in
        4k) neurons=4000; p=0.02 ;;
        40k) neurons=40000; p=0.002 ;;
        *) echo "unknown size $size (use 4k or 40k)" >&2; exit 2 ;;
    esac
    project="$OUT/brian2-n$neurons-p$p"
    echo "size $size: Brian2 build (the first build of a size compiles its C++ for about a minute)" >&2
    # The project directory is kept, so later builds reuse its compiled objects.
    bench/.venv/bin/python bench/brian2_cuba.py --neurons "$neurons" --p "$p" --steps 10000 \
        --workdir "$project" | tail -n 1 > "$OUT/brian2_$size.json"
    rm -f "$OUT/brian2_${size}_runs.txt" "$OUT/flux_${size}_runs.jsonl" "$OUT/flux2_${size}_runs.jsonl"
    for round in $(seq "$REPEAT"); do
        echo "size $size: round $round of $REPEAT (Brian2, Flux, Flux on 2 threads)" >&2
        # The built binary as brian2_cuba.py runs it (same seed: the same network and spikes); it
        # writes the loop's wall and CPU seconds to results/bench_seconds.txt.
        (cd "$project" && ./main > /dev/null)
        cat "$project/results/bench_seconds.txt" >> "$OUT/brian2_${size}_runs.txt"
        "$FLUX" bench "bench/cuba_$size.toml" --steps 10000 --repeat 1 --json \
            >> "$OUT/flux_${size}_runs.jsonl"
        "$FLUX" bench "bench/cuba_$size.toml" --steps 10000 --repeat 1 --threads 2 --json \
            >> "$OUT/flux2_${size}_runs.jsonl"
    done
done

bench/.venv/bin/python - "$OUT" "${SIZES[@]}" <<'EOF'
import json
import os
import statistics
import sys

out, sizes = sys.argv[1], sys.argv[2:]


def flux_runs(path):
    """The fastest of a file of `flux bench --json` lines, with every run's times listed."""
    with open(path) as f:
        runs = [json.loads(line) for line in f if line.strip()]
    for r in runs[1:]:
        assert (r["spikes"], r["synaptic_events"]) == (runs[0]["spikes"], runs[0]["synaptic_events"])
    best = dict(min(runs, key=lambda r: r["run_seconds"]))
    best["run_seconds_all"] = [r["run_seconds"] for r in runs]
    best["cpu_seconds_all"] = [r["cpu_seconds"] for r in runs]
    best["cpu_seconds"] = min(best["cpu_seconds_all"])
    return best


rows = []
for size in sizes:
    with open(os.path.join(out, f"brian2_{size}.json")) as f:
        b = json.load(f)
    # The build run's times are replaced by the rounds' (interleaved with Flux's).
    with open(os.path.join(out, f"brian2_{size}_runs.txt")) as f:
        walls, cpus = zip(*([float(x) for x in line.split()] for line in f if line.strip()))
    b.update(run_seconds=min(walls), run_seconds_all=list(walls),
             cpu_seconds=min(cpus), cpu_seconds_all=list(cpus))
    x = flux_runs(os.path.join(out, f"flux_{size}_runs.jsonl"))
    x2 = flux_runs(os.path.join(out, f"flux2_{size}_runs.jsonl"))
    # Brian2 / Flux in each round, whose runs were back to back.
    paired = sorted(bw / fw for bw, fw in zip(b["run_seconds_all"], x["run_seconds_all"]))
    rows.append((size, b, x, x2, paired))
with open(os.path.join(out, "results.json"), "w") as f:
    json.dump({size: {"brian2": b, "flux": x, "flux_2_threads": x2, "round_ratios": paired}
               for size, b, x, x2, paired in rows}, f, indent=1)


def events(r):
    # Synaptic events: every spike streams its fan-out. Flux counts them; Brian2's are spikes times
    # the mean fan-out (synapses / neurons), which is what its synaptic code objects process.
    if "synaptic_events" in r:
        return r["synaptic_events"]
    return r["spikes"] * r["synapses"] / r["neurons"]


def per_s(count, seconds):
    return f"{count / seconds:.3e}" if seconds else "-"


print()
print("CUBA, 10,000 timesteps of 0.1 ms, one thread; fastest of the repeats; simulation loop only")
print(f"{'size':>5} {'neurons':>7} {'synapses':>9} {'rate B2':>8} {'rate Flux':>9} | "
      f"{'wall B2':>8} {'wall Flux':>9} {'ratio':>6} | {'CPU B2':>8} {'CPU Flux':>8} {'ratio':>6}")
for size, b, x, _, _ in rows:
    print(f"{size:>5} {x['neurons']:>7} {x['synapses']:>9} {b['mean_rate_hz']:>6.2f}Hz {x['mean_rate_hz']:>7.2f}Hz | "
          f"{b['run_seconds']:>7.3f}s {x['run_seconds']:>8.3f}s {b['run_seconds'] / x['run_seconds']:>5.2f}x | "
          f"{b['cpu_seconds']:>7.3f}s {x['cpu_seconds']:>7.3f}s {b['cpu_seconds'] / x['cpu_seconds']:>5.2f}x")
print()
print("the ratio within each round (Brian2's run and Flux's right after it): lowest, median, highest")
for size, _, _, _, paired in rows:
    print(f"{size:>5} {paired[0]:>5.2f}x {statistics.median(paired):>5.2f}x {paired[-1]:>5.2f}x "
          f"({len(paired)} rounds)")
print()
print("throughput per second of wall time (per second of CPU time)")
print(f"{'size':>5} {'simulator':>9} {'neuron updates/s':>25} {'synaptic events/s':>25} {'synaptic events':>15}")
for size, b, x, _, _ in rows:
    for name, r in (("Brian2", b), ("Flux", x)):
        updates = r["neurons"] * r["steps"]
        ev = events(r)
        print(f"{size:>5} {name:>9} {per_s(updates, r['run_seconds']):>11} ({per_s(updates, r['cpu_seconds'])}) "
              f"{per_s(ev, r['run_seconds']):>11} ({per_s(ev, r['cpu_seconds'])}) {ev:>15.0f}")
print()
print("the model on 2 threads (docs/model.md section 14; identical results), wall time")
print(f"{'size':>5} {'1 thread':>9} {'2 threads':>9} {'speed-up':>8} {'vs Brian2':>9}")
for size, b, x, x2, _ in rows:
    assert x2["spikes"] == x["spikes"] and x2["synaptic_events"] == x["synaptic_events"]
    print(f"{size:>5} {x['run_seconds']:>8.3f}s {x2['run_seconds']:>8.3f}s "
          f"{x['run_seconds'] / x2['run_seconds']:>7.2f}x {b['run_seconds'] / x2['run_seconds']:>8.2f}x")
print()
print("ratio = Brian2 time / Flux time (above 1: Flux is faster). Load average while this ran:",
      open("/proc/loadavg").read().split()[0] if os.path.exists("/proc/loadavg") else "unknown")
EOF
