#!/usr/bin/env bash
# Rebuilds xylo_vectors.txt.gz from xylosim itself: makes a venv with xylosim 0.1.3 from PyPI (built
# from its sdist: needs python3 with venv and a C++ compiler) and runs gen_vectors.py. Only for when
# the vectors should change; the test suite reads the committed file and needs no Python.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
venv=${XYLO_VENV:-/tmp/xylovenv}
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import xylosim.v2" 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q numpy==2.4.6 pybind11==3.1.0 setuptools wheel
    "$venv/bin/pip" install -q --no-build-isolation xylosim==0.1.3
fi
"$venv/bin/python" "$here/gen_vectors.py" "$here/xylo_vectors.txt.gz.tmp"
mv "$here/xylo_vectors.txt.gz.tmp" "$here/xylo_vectors.txt.gz"
echo "wrote $here/xylo_vectors.txt.gz"
