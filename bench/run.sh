#!/usr/bin/env bash
# Brian2's CUBA benchmark (C++ standalone, one thread) beside the Flux model on the same network shape,
# at two sizes: 4,000 neurons with p = 0.02 and 40,000 neurons with p = 0.002, 10,000 timesteps each.
#
#   bench/run.sh            # both sizes
#   bench/run.sh 4k         # one size (4k or 40k)
#   REPEAT=7 bench/run.sh   # runs per simulator and size (default 5); the fastest counts
#
# Creates bench/.venv (brian2 2.9.0, numpy 1.26.4) if needed, builds `flux` in release, and prints
# the wall and CPU times of both simulation loops, their ratios (Brian2 / Flux) and the throughputs.
# Compilation and set-up are excluded on both sides. Raw results: bench/out/results.json.
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
    echo "size $size: Brian2 (the first build of a size compiles its C++ for about a minute)" >&2
    # The project directory is kept, so later runs reuse its compiled objects.
    bench/.venv/bin/python bench/brian2_cuba.py --neurons "$neurons" --p "$p" --steps 10000 \
        --repeat "$REPEAT" --workdir "$OUT/brian2-n$neurons-p$p" | tail -n 1 > "$OUT/brian2_$size.json"
    echo "size $size: Flux" >&2
    "$FLUX" bench "bench/cuba_$size.toml" --steps 10000 --repeat "$REPEAT" --json > "$OUT/flux_$size.json"
    echo "size $size: Flux on 2 threads" >&2
    "$FLUX" bench "bench/cuba_$size.toml" --steps 10000 --repeat "$REPEAT" --threads 2 --json \
        > "$OUT/flux2_$size.json"
done

bench/.venv/bin/python - "$OUT" "${SIZES[@]}" <<'EOF'
import json
import os
import sys

out, sizes = sys.argv[1], sys.argv[2:]
rows = []
for size in sizes:
    with open(os.path.join(out, f"brian2_{size}.json")) as f:
        b = json.load(f)
    with open(os.path.join(out, f"flux_{size}.json")) as f:
        x = json.load(f)
    with open(os.path.join(out, f"flux2_{size}.json")) as f:
        x2 = json.load(f)
    rows.append((size, b, x, x2))
with open(os.path.join(out, "results.json"), "w") as f:
    json.dump({size: {"brian2": b, "flux": x, "flux_2_threads": x2} for size, b, x, x2 in rows},
              f, indent=1)


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
for size, b, x, _ in rows:
    print(f"{size:>5} {x['neurons']:>7} {x['synapses']:>9} {b['mean_rate_hz']:>6.2f}Hz {x['mean_rate_hz']:>7.2f}Hz | "
          f"{b['run_seconds']:>7.3f}s {x['run_seconds']:>8.3f}s {b['run_seconds'] / x['run_seconds']:>5.2f}x | "
          f"{b['cpu_seconds']:>7.3f}s {x['cpu_seconds']:>7.3f}s {b['cpu_seconds'] / x['cpu_seconds']:>5.2f}x")
print()
print("throughput per second of wall time (per second of CPU time)")
print(f"{'size':>5} {'simulator':>9} {'neuron updates/s':>25} {'synaptic events/s':>25} {'synaptic events':>15}")
for size, b, x, _ in rows:
    for name, r in (("Brian2", b), ("Flux", x)):
        updates = r["neurons"] * r["steps"]
        ev = events(r)
        print(f"{size:>5} {name:>9} {per_s(updates, r['run_seconds']):>11} ({per_s(updates, r['cpu_seconds'])}) "
              f"{per_s(ev, r['run_seconds']):>11} ({per_s(ev, r['cpu_seconds'])}) {ev:>15.0f}")
print()
print("the model on 2 threads (docs/model.md section 14; identical results), wall time")
print(f"{'size':>5} {'1 thread':>9} {'2 threads':>9} {'speed-up':>8} {'vs Brian2':>9}")
for size, b, x, x2 in rows:
    assert x2["spikes"] == x["spikes"] and x2["synaptic_events"] == x["synaptic_events"]
    print(f"{size:>5} {x['run_seconds']:>8.3f}s {x2['run_seconds']:>8.3f}s "
          f"{x['run_seconds'] / x2['run_seconds']:>7.2f}x {b['run_seconds'] / x2['run_seconds']:>8.2f}x")
print()
print("ratio = Brian2 time / Flux time (above 1: Flux is faster). Load average while this ran:",
      open("/proc/loadavg").read().split()[0] if os.path.exists("/proc/loadavg") else "unknown")
EOF
