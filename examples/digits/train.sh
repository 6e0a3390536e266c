#!/usr/bin/env bash
# Train the digits benchmark and export it to NIR (see README.md). Pinned versions in
# requirements.txt; the venv lives in target/digits-venv (created on first use).
# Knobs (defaults in train.py): DIGITS_T, DIGITS_K, DIGITS_H, DIGITS_EPOCHS, DIGITS_LAG, DIGITS_THREADS.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="$root/target/digits-venv"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements.txt"
cd "$here"
# nirtorch collects edges in a set: fix the hash seed so digits.nir is reproducible.
PYTHONHASHSEED=0 "$venv/bin/python" train.py
