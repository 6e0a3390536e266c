"""Runs SynSense's own bit-accurate simulator (xylosim 0.1.3, `xylosim.v2.XyloLayer`) on seeded random
Xylo networks and designed edge cases, and writes the recordings that `sim/tests/xylo.rs` replays
through `flux_sim::xylo`. See README.md. Not run by the test suite.

Usage: python gen_vectors.py OUT.txt.gz
"""

import gzip
import sys

import numpy as np
from xylosim.v2 import XyloLayer, XyloSynapse

SEED = 20261205
RANDOM_NETWORKS = 2000
STEPS = 16


def lst(xs):
    return ",".join(str(int(x)) for x in xs) if len(xs) else "-"


class Net:
    """One network: parameters, synapses (pre -> [(post, syn, w)]) and input counts per step."""

    def __init__(self, n_in, hid, out, has_bias, shifts, syn_in, syn_rec, syn_out, inputs):
        self.n_in, self.hid, self.out = n_in, hid, out
        self.has_bias, self.shifts = has_bias, shifts
        self.syn_in, self.syn_rec, self.syn_out = syn_in, syn_rec, syn_out
        self.inputs = inputs

    def run(self):
        mk = lambda table: [[XyloSynapse(p, s, w) for (p, s, w) in row] for row in table]
        # xylosim keeps raw pointers to the synapse objects: they must outlive the layer.
        self.keep = (mk(self.syn_in), mk(self.syn_rec), mk(self.syn_out))
        col = lambda ns, k: [n[k] for n in ns]
        layer = XyloLayer(self.keep[0], self.keep[1], self.keep[2], [[] for _ in self.hid],
                          col(self.hid, 2), col(self.out, 2), self.has_bias,
                          col(self.hid, 3), col(self.out, 3), *self.shifts,
                          col(self.hid, 0), col(self.out, 0), col(self.hid, 1), col(self.out, 1), "flux")
        layer.evolve([list(x) for x in self.inputs])
        return layer

    def write(self, f, ident):
        layer = self.run()
        f.write(f"net {ident} {self.n_in} {len(self.hid)} {len(self.out)} {len(self.inputs)} "
                f"{int(self.has_bias)} {lst(self.shifts)}\n")
        for tag, ns in (("h", self.hid), ("o", self.out)):
            for (dm, ds, th, b) in ns:
                f.write(f"{tag} {dm} {lst(ds)} {th} {b}\n")
        for tag, table in (("si", self.syn_in), ("sr", self.syn_rec), ("so", self.syn_out)):
            for pre, row in enumerate(table):
                for (post, syn, w) in row:
                    f.write(f"{tag} {pre} {post} {syn} {w}\n")
        i2 = lambda rec, k, t: rec[k][t] if len(rec[k]) else 0  # one-synapse neurons record no i_syn2
        for t, x in enumerate(self.inputs):
            hs = layer.rec_recurrent_spikes[t]
            os_ = layer.rec_out_spikes[t]
            h = range(len(self.hid))
            o = range(len(self.out))
            f.write(" / ".join([
                "t " + lst(x), lst(hs), lst(os_),
                lst([layer.rec_v_mem[k][t] for k in h]),
                lst([layer.rec_i_syn[k][t] for k in h]),
                lst([i2(layer.rec_i_syn2, k, t) for k in h]),
                lst([layer.rec_v_mem_out[k][t] for k in o]),
                lst([layer.rec_i_syn_out[k][t] for k in o]),
                lst([i2(layer.rec_i_syn2_out, k, t) for k in o]),
            ]) + "\n")


def neuron(rng, big):
    """(dash_mem, dash_syns, threshold, bias) in Flux's ranges: dashes 0..15, threshold 1..32767."""
    dm = int(rng.choice([0, 1, 15, rng.integers(0, 16), rng.integers(1, 6)]))
    ds = [int(rng.choice([0, 1, 15, rng.integers(0, 16), rng.integers(1, 6)]))
          for _ in range(int(rng.integers(1, 3)))]
    th = int(rng.choice([1, 32767, rng.integers(1, 1 << int(rng.integers(1, 16)))]))
    b = int(rng.choice([0, 32767, -32768, rng.integers(-(1 << 15), 1 << 15) >> int(rng.integers(0, 16))]))
    return (dm, ds, th, b if big else b >> 6)


def synapses(rng, n_pre, targets, density):
    """Per presynaptic source, its synapses (post, syn, w), at most one per (post, syn)."""
    table = []
    for _ in range(n_pre):
        row = []
        for post, (_, ds, _, _) in enumerate(targets):
            for syn in range(len(ds)):
                if rng.random() < density:
                    w = int(rng.choice([-128, 127, rng.integers(-128, 128)]))
                    row.append((post, syn, w))
        rng.shuffle(row)  # the delivery order is the list order, not the target order
        table.append(row)
    return table


def random_net(rng):
    big = rng.random() < 0.5
    n_in, n_hid, n_out = int(rng.integers(1, 7)), int(rng.integers(1, 11)), int(rng.integers(1, 4))
    hid = [neuron(rng, big) for _ in range(n_hid)]
    out = [neuron(rng, big) for _ in range(n_out)]
    shifts = [int(rng.choice([0, 8, 15, rng.integers(0, 16), rng.integers(0, 8)])) for _ in range(3)]
    dens = float(rng.choice([0.2, 0.5, 0.9]))
    syn_in = synapses(rng, n_in, hid, dens)
    syn_rec = synapses(rng, n_hid, hid, dens)
    syn_out = synapses(rng, n_hid, out, dens)
    rate = float(rng.choice([0.1, 0.4, 0.8]))
    inputs = [[int(rng.choice([0, rng.integers(1, 4), rng.integers(0, 40)])) if rng.random() < rate else 0
               for _ in range(n_in)] for _ in range(STEPS)]
    return Net(n_in, hid, out, bool(rng.random() < 0.7), shifts, syn_in, syn_rec, syn_out, inputs)


def edge_cases():
    """Designed cases: each isolates one rule of docs/model.md section 4.2."""
    nets = []
    one = lambda dm, ds, th, b: (dm, ds, th, b)
    # Saturation in the middle of a delivery chain: +127<<8 five times then -128<<8 twice into one current.
    nets.append(Net(2, [one(15, [15], 32767, 0)], [one(15, [15], 32767, 0)], False, [8, 0, 0],
                    [[(0, 0, 127)], [(0, 0, -128)]], [[]], [[]], [[5, 2], [0, 0], [0, 3]]))
    # Input counts above the cap of 15, and a 31-spike burst capped (threshold 1, large drive).
    nets.append(Net(1, [one(15, [15], 1, 0), one(0, [0], 1, 0)], [one(0, [0], 1, 0)], False, [7, 0, 3],
                    [[(0, 0, 127), (1, 0, 127)]], [[], []], [[(0, 0, 100)], [(0, 0, -3)]],
                    [[40], [15], [16], [0], [0]]))
    # Decays: dash 0 clears a current at once; the minimum step of 1 toward zero; -32768 with dash 0.
    nets.append(Net(1, [one(0, [0, 1], 32767, 0), one(0, [15, 15], 32767, -32768)], [one(0, [0], 32767, 0)],
                    True, [8, 0, 0], [[(0, 0, -128), (0, 1, 1), (1, 0, -128), (1, 1, 3)]], [[], []], [[], []],
                    [[15], [15], [0], [0], [0], [0]]))
    # Weight shifts above 8 wrap in 16 bits (xylosim's int16 argument).
    nets.append(Net(1, [one(1, [1, 2], 30000, 0)], [one(1, [1], 100, 0)], False, [9, 15, 12],
                    [[(0, 0, 127), (0, 1, -1)]], [[(0, 0, 3)]], [[(0, 0, -2)]], [[1], [3], [0], [2]]))
    # Bias at both ends, and the readout firing at most once per step.
    nets.append(Net(1, [one(3, [2], 5, 32767)], [one(2, [2], 1, -32768)], True, [0, 4, 6],
                    [[]], [[(0, 0, 127)]], [[(0, 0, 127)]], [[0]] * 6))
    # Thresholds of 0 and below (outside Flux's range; the reference follows xylosim's loop and wrap).
    nets.append(Net(1, [one(15, [15], 0, 0), one(15, [15], -20000, 0)], [one(15, [15], -1, 0)], True, [8, 8, 8],
                    [[(0, 0, 1), (1, 0, 50)]], [[(0, 0, 1)], []], [[(0, 0, 1)], []], [[1], [0], [3]]))
    return nets


def main(path):
    rng = np.random.default_rng(SEED)
    with gzip.GzipFile(path, "wb", mtime=0) as raw:
        f = _Text(raw)
        f.write(f"# xylosim 0.1.3 xylosim.v2.XyloLayer, seed {SEED}, generated by gen_vectors.py\n")
        nets = edge_cases() + [random_net(rng) for _ in range(RANDOM_NETWORKS)]
        for ident, net in enumerate(nets):
            net.write(f, ident)


class _Text:
    def __init__(self, raw):
        self.raw = raw

    def write(self, s):
        self.raw.write(s.encode())


if __name__ == "__main__":
    main(sys.argv[1])
