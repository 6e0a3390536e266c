"""Train the Flux digits benchmark: a 64-H-10 spiking network on scikit-learn's load_digits.

Run through train.sh (pinned versions). Writes, beside this file:
  digits.nir          the trained network, exported with snnTorch's NIR export
  test.jsonl          the 360 test samples (header line + one line per sample)
  train.jsonl         the 1,437 training samples, same format
  float_results.json  accuracies, confusion matrix and reference spike counts

Everything that Flux must reproduce bit-exactly is in `encode` (the xorshift32 rate encoder);
see README.md for the rule in words.
"""

import json
import os
import sys
import time

import nir
import numpy as np
import snntorch as snn
import snntorch.functional as SF
import torch
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from snntorch.export_nir import export_to_nir

HERE = os.path.dirname(os.path.abspath(__file__))

SEED = 1  # encoder seed, shared with Flux
T = int(os.environ.get("DIGITS_T", 32))  # timesteps per sample
K = int(os.environ.get("DIGITS_K", 4))  # beta = 1 - 2^-K (Flux exponential leak shift)
H = int(os.environ.get("DIGITS_H", 128))  # hidden neurons
EPOCHS = int(os.environ.get("DIGITS_EPOCHS", 60))
BETA = 1.0 - 2.0**-K
THRESHOLD = 1.0
GOLDEN = 0x9E3779B9
MASK32 = 0xFFFFFFFF


# ---------------------------------------------------------------- encoder (Flux twin)


def xorshift32(x):
    """One xorshift32 step on a uint32 array (wrapping); returns the new state = the draw."""
    x = x ^ (x << np.uint32(13))
    x = x ^ (x >> np.uint32(17))
    x = x ^ (x << np.uint32(5))
    return x


def start_states(seed, channels):
    k = np.arange(channels, dtype=np.uint64)
    s = (np.uint64(seed) ^ ((np.uint64(GOLDEN) * (k + np.uint64(1))) & np.uint64(MASK32))) & np.uint64(
        MASK32
    )
    s = s.astype(np.uint32)
    s[s == 0] = np.uint32(GOLDEN)
    return s


def draws(seed, channels, steps):
    """draws[t, k] = the t-th draw (t = 0 is the first step after the start state) of channel k."""
    x = start_states(seed, channels)
    out = np.empty((steps, channels), dtype=np.uint32)
    for t in range(steps):
        x = xorshift32(x)
        out[t] = x
    return out


def encode(pixels, seed=SEED, steps=T):
    """pixels (N, 64) ints 0..16 -> spikes (N, steps, 64) bool.
    Channel k spikes at t iff (draw[t, k] >> 16) < pixel_k * 4096. The same draws serve every sample."""
    d = draws(seed, pixels.shape[1], steps) >> np.uint32(16)  # (T, 64), 0..65535
    p16 = pixels.astype(np.int64) * 4096  # (N, 64), 0..65536
    return d[None, :, :].astype(np.int64) < p16[:, None, :]


def self_check():
    one = xorshift32(np.array([1], dtype=np.uint32))[0]
    # 1 ^ (1 << 13) = 8193; 8193 >> 17 = 0; 8193 ^ (8193 << 5) = 8193 ^ 262176 = 270369
    assert one == 270369, one
    s0 = start_states(SEED, 64)
    d = draws(SEED, 64, 3)
    print(f"encoder self-check: xorshift32(1) = {one}")
    print(f"  channel 0 start state = {int(s0[0])} (0x{int(s0[0]):08x}) = 1 ^ 0x9E3779B9")
    print(f"  channel 0 first 3 draws = {[int(v) for v in d[:, 0]]}")
    print(f"  channel 1 start state = {int(s0[1])} (0x{int(s0[1]):08x}), first 3 draws = {[int(v) for v in d[:, 1]]}")
    return {
        "xorshift32_of_1": int(one),
        "channel0_start": int(s0[0]),
        "channel0_draws": [int(v) for v in d[:, 0]],
        "channel1_start": int(s0[1]),
        "channel1_draws": [int(v) for v in d[:, 1]],
    }


# ---------------------------------------------------------------- network


def leaky(n, output=False, init_hidden=False):
    # Per-neuron beta/threshold tensors: with scalar ones snnTorch 1.0.0's NIR export builds 0-d LIF
    # parameters that nir 1.0.8's type inference rejects (and that nir.write cannot gzip).
    return snn.Leaky(
        beta=torch.full((n,), BETA),
        threshold=torch.full((n,), THRESHOLD),
        reset_mechanism="subtract",
        reset_delay=False,  # reset in the same step: mem = beta*mem + in - spk*thr
        learn_beta=False,
        learn_threshold=False,
        init_hidden=init_hidden,
        output=output,
    )


class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = torch.nn.Linear(64, H, bias=False)
        self.lif1 = leaky(H)
        self.fc2 = torch.nn.Linear(H, 10, bias=False)
        self.lif2 = leaky(10)

    def forward(self, spikes, lag=0):
        """spikes (B, T, 64) -> output spikes (T, B, 10). lag=1 delivers hidden spikes to the
        output layer one step later (Flux: a neuron spike at t lands at t+1)."""
        mem1 = self.lif1.reset_mem()
        mem2 = self.lif2.reset_mem()
        prev = torch.zeros(spikes.shape[0], H)
        out = []
        for t in range(spikes.shape[1]):
            spk1, mem1 = self.lif1(self.fc1(spikes[:, t]), mem1)
            hidden = prev if lag else spk1
            prev = spk1
            spk2, mem2 = self.lif2(self.fc2(hidden), mem2)
            out.append(spk2)
        return torch.stack(out)


def numpy_run(w1, w2, thr1, thr2, spikes, lag=0, integer=False):
    """Reference simulation in numpy. Float: v = beta*v + in; spike iff v > thr; v -= thr.
    integer=True is the Flux FLUX rule with v_rest = 0: v = sat16(v - rtz_shift(v, K) + in);
    spike iff v >= thr; v -= thr (thr an integer). Returns counts (N, 10)."""
    n = spikes.shape[0]
    dtype = np.int64 if integer else np.float64
    v1 = np.zeros((n, w1.shape[0]), dtype)
    v2 = np.zeros((n, w2.shape[0]), dtype)
    prev = np.zeros((n, w1.shape[0]), dtype)
    counts = np.zeros((n, w2.shape[0]), np.int64)

    def step(v, a, thr):
        if integer:
            v = np.clip(v - np.sign(v) * (np.abs(v) >> K) + a, -32768, 32767)
            s = v >= thr
        else:
            v = BETA * v + a
            s = v > thr
        return v - s * thr, s

    for t in range(spikes.shape[1]):
        v1, s1 = step(v1, spikes[:, t].astype(dtype) @ w1.T, thr1)
        hidden = prev if lag else s1.astype(dtype)
        prev = s1.astype(dtype)
        v2, s2 = step(v2, hidden @ w2.T, thr2)
        counts += s2
    return counts


def predict(counts):
    return np.argmax(counts, axis=1)  # numpy argmax: first maximum, i.e. ties to the lowest class


def quantise(w):
    scale = 127.0 / np.max(np.abs(w))
    return np.round(w * scale), scale


# ---------------------------------------------------------------- data files


def write_jsonl(path, x, y, name):
    header = {
        "flux_dataset": 1,
        "name": name,
        "input": "input",
        "encoding": "rate",
        "max": 16,
        "seed": SEED,
        "steps": T,
        "readout": "3",
        "classes": 10,
    }
    with open(path, "w") as f:
        f.write(json.dumps(header) + "\n")
        for xi, yi in zip(x, y):
            f.write(json.dumps({"label": int(yi), "values": [int(v) for v in xi]}, separators=(",", ":")) + "\n")


def main():
    torch.manual_seed(0)
    np.random.seed(0)
    torch.set_num_threads(int(os.environ.get("DIGITS_THREADS", 2)))
    print(f"torch {torch.__version__}, snntorch {snn.__version__}, nir {nir.__version__}, numpy {np.__version__}")
    enc_check = self_check()

    digits = load_digits()
    x = digits.data.astype(np.int64)  # (1797, 64), 0..16, row-major 8x8
    y = digits.target.astype(np.int64)
    x_tr, x_te, y_tr, y_te = train_test_split(x, y, test_size=0.2, random_state=0, stratify=y)
    print(f"split: {len(x_tr)} train, {len(x_te)} test; T={T} K={K} (beta={BETA}) H={H}")

    s_tr = torch.tensor(encode(x_tr), dtype=torch.float32)
    s_te = torch.tensor(encode(x_te), dtype=torch.float32)
    print(f"mean input spikes per sample: {s_tr.sum(dim=(1, 2)).mean():.1f}")

    lag = int(os.environ.get("DIGITS_LAG", 1))
    net = Net()
    opt = torch.optim.Adam(net.parameters(), lr=2e-3)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, EPOCHS)
    loss_fn = SF.ce_count_loss()
    yt_tr = torch.tensor(y_tr)
    g = torch.Generator().manual_seed(0)
    t0 = time.time()
    for epoch in range(EPOCHS):
        net.train()
        perm = torch.randperm(len(s_tr), generator=g)
        total = 0.0
        for i in range(0, len(perm), 64):
            idx = perm[i : i + 64]
            out = net(s_tr[idx], lag=lag)
            loss = loss_fn(out, yt_tr[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
        sched.step()
        if epoch % 10 == 9 or epoch == EPOCHS - 1:
            with torch.no_grad():
                acc = (predict(net(s_te, lag=lag).sum(0).numpy()) == y_te).mean()
            print(f"epoch {epoch + 1:3d} loss {total / len(perm):.4f} test acc {acc * 100:.2f}% ({time.time() - t0:.0f} s)")
    train_seconds = time.time() - t0

    # ---- evaluation, all by output spike counts, ties to the lowest class
    w1 = net.fc1.weight.detach().numpy().astype(np.float64)
    w2 = net.fc2.weight.detach().numpy().astype(np.float64)
    spk_te = encode(x_te)
    res = {}
    for name, lg in [("snntorch_timing", 0), ("flux_timing", 1)]:
        counts = numpy_run(w1, w2, THRESHOLD, THRESHOLD, spk_te, lag=lg)
        with torch.no_grad():
            counts_torch = net(torch.tensor(spk_te, dtype=torch.float32), lag=lg).sum(0).numpy()
        agree = (counts == counts_torch).mean()
        q1, s1 = quantise(w1)
        q2, s2 = quantise(w2)
        counts_q = numpy_run(q1, q2, THRESHOLD * s1, THRESHOLD * s2, spk_te, lag=lg)
        # Flux integer rule: v >= thr_int with thr_int = floor(s) + 1, which is v > s for integer v.
        t1, t2 = int(np.floor(s1)) + 1, int(np.floor(s2)) + 1
        counts_i = numpy_run(q1.astype(np.int64), q2.astype(np.int64), t1, t2, spk_te, lag=lg, integer=True)
        res[name] = {
            "lag": lg,
            "float_accuracy": float((predict(counts) == y_te).mean()),
            "numpy_torch_count_agreement": float(agree),
            "quant8_float_accuracy": float((predict(counts_q) == y_te).mean()),
            "quant8_scales": [s1, s2],
            "flux_integer_accuracy": float((predict(counts_i) == y_te).mean()),
            "flux_integer_thresholds": [t1, t2],
            "counts": counts,
            "counts_quant8": counts_q,
            "counts_flux_integer": counts_i,
        }
        print(
            f"{name} (lag {lg}): float {res[name]['float_accuracy'] * 100:.2f}% "
            f"(numpy/torch counts agree {agree * 100:.2f}%), 8-bit float {res[name]['quant8_float_accuracy'] * 100:.2f}% "
            f"(scales {s1:.3f}, {s2:.3f}), Flux integer {res[name]['flux_integer_accuracy'] * 100:.2f}% (thr {t1}, {t2})"
        )
    main_res = res["flux_timing" if lag else "snntorch_timing"]
    counts = main_res["counts"]
    pred = predict(counts)
    confusion = np.zeros((10, 10), np.int64)
    for a, b in zip(y_te, pred):
        confusion[a, b] += 1

    # ---- export to NIR (Sequential with the trained weights; nirtorch names the nodes "0".."3")
    seq = torch.nn.Sequential(
        torch.nn.Linear(64, H, bias=False),
        leaky(H, init_hidden=True),
        torch.nn.Linear(H, 10, bias=False),
        leaky(10, init_hidden=True, output=True),
    )
    with torch.no_grad():
        seq[0].weight.copy_(net.fc1.weight)
        seq[2].weight.copy_(net.fc2.weight)
    graph = export_to_nir(seq, torch.zeros(1, 64), ignore_dims=[0])
    nir_path = os.path.join(HERE, "digits.nir")
    nir.write(nir_path, graph)
    back = nir.read(nir_path)
    print(f"exported {nir_path}; nodes read back:")
    for k in sorted(back.nodes):
        n = back.nodes[k]
        info = {}
        for a in ("shape", "weight", "tau", "r", "v_leak", "v_threshold", "v_reset"):
            if hasattr(n, a) and a != "shape":
                v = np.asarray(getattr(n, a))
                info[a] = f"{v.dtype}{list(v.shape)} first={v.reshape(-1)[0]!r}"
        print(f"  {k}: {type(n).__name__} {info}")
    print(f"  edges: {back.edges}")
    assert np.array_equal(back.nodes["0"].weight, net.fc1.weight.detach().numpy())
    assert np.array_equal(back.nodes["2"].weight, net.fc2.weight.detach().numpy())

    # ---- data files
    write_jsonl(
        os.path.join(HERE, "test.jsonl"),
        x_te,
        y_te,
        "sklearn load_digits test split (test_size=0.2, random_state=0, stratified)",
    )
    write_jsonl(
        os.path.join(HERE, "train.jsonl"),
        x_tr,
        y_tr,
        "sklearn load_digits train split (test_size=0.2, random_state=0, stratified)",
    )
    results = {
        "T": T,
        "k": K,
        "beta": BETA,
        "H": H,
        "threshold": THRESHOLD,
        "epochs": EPOCHS,
        "train_seconds": round(train_seconds, 1),
        "readout": "most output spikes over T steps, ties to the lowest class",
        "timing": "flux_timing" if lag else "snntorch_timing",
        "encoder_check": enc_check,
        "test_accuracy": main_res["float_accuracy"],
        "quant8_test_accuracy": main_res["quant8_float_accuracy"],
        "flux_integer_test_accuracy": main_res["flux_integer_accuracy"],
        "variants": {
            k: {kk: vv for kk, vv in v.items() if not kk.startswith("counts")} for k, v in res.items()
        },
        "confusion": confusion.tolist(),
        "first10_test": [
            {
                "label": int(y_te[i]),
                "counts": {
                    f"{k}/{c}": [int(n) for n in v[c][i]]
                    for k, v in res.items()
                    for c in ("counts", "counts_quant8", "counts_flux_integer")
                },
            }
            for i in range(10)
        ],
    }
    with open(os.path.join(HERE, "float_results.json"), "w") as f:
        json.dump(results, f, indent=1)
        f.write("\n")
    print(f"train time {train_seconds:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
