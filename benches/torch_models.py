"""PyTorch CPU counterparts of seqdl-bench's model figures (benches/models.rs), measured the same way.

The reference `../shared/bench/torch_reference.py` covers the seed-000 CNN; this script extends its recipes
(same data logic, batch sizes and procedures) to the other models the tutorials train. The model definitions
are those of `../shared/bench/torch_recipes.py` (Deeper, unchanged) and of the tutorials' Keras code:

  deeper    Deeper() from torch_recipes.py on torch_reference.py's 200-nt data (make_data, seed 1):
            train (batch 128, Adam 1e-3, BCE-with-logits, one epoch after a warm-up batch), infer (batch 1024),
            saliency (d logit / d input, batch 128, 20 repetitions)
  sdnn      DragoNN's SequenceDNN(num_filters=[15, 15, 15], conv_width=[10, 10, 10], pool_width=35) on random
            1,000-nt one-hot sequences with fair-coin labels: train, 1,280 sequences in batches of 128
  lstm      seed 002's next-symbol network, LSTM(32) -> Dense 12 ReLU -> Dense 12 ReLU -> Dense 6, on random
            one-hot windows (4096, 50, 6): train (batch 32, Adam 1e-3 eps 1e-7, cross-entropy), and greedy
            decoding (220 steps of one window: encode, forward, arg-max, append)

Figures are per second (sequences, windows or symbols); higher is better.
usage: python torch_models.py [--threads 2] [--json]
needs: pip install torch numpy (the versions of scripts/requirements-bench.txt)
"""
import argparse
import json
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

L = 200
SDNN_LEN = 1000
SDNN_N = 1280
LSTM_WINDOWS = 4096
DECODE_STEPS = 220


def make_data(n, seed):
    """torch_reference.py's data: uniform random sequences, TGACTCAG planted in the positives."""
    rng = np.random.default_rng(seed)
    seq = rng.integers(0, 4, size=(n, L), dtype=np.int64)
    y = rng.integers(0, 2, size=n)
    motif = np.array([3, 2, 0, 1, 3, 1, 0, 2])
    for i in np.nonzero(y)[0]:
        p = rng.integers(0, L - len(motif))
        seq[i, p:p + len(motif)] = motif
    x = np.zeros((n, 4, L), dtype=np.float32)
    x[np.arange(n)[:, None], seq, np.arange(L)[None, :]] = 1.0
    return torch.from_numpy(x), torch.from_numpy(y.astype(np.float32))


class Deeper(nn.Module):
    """torch_recipes.py's Deeper: conv(4->64,k19,pad9) ReLU MaxPool(4) Dropout(.2) -> conv(64->64,k7,pad3)
    ReLU -> global max pool -> Dropout(.5) -> Linear(64->1)."""

    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv1d(4, 64, 19, padding=9)
        self.c2 = nn.Conv1d(64, 64, 7, padding=3)
        self.d1 = nn.Dropout(0.2)
        self.d2 = nn.Dropout(0.5)
        self.fc = nn.Linear(64, 1)

    def forward(self, x):
        h = self.d1(F.max_pool1d(F.relu(self.c1(x)), 4))
        h = F.relu(self.c2(h)).amax(dim=2)
        return self.fc(self.d2(h)).squeeze(1)


class SequenceDnn3(nn.Module):
    """DragoNN's SequenceDNN with three valid 15x10 ReLU convolutions, max-pool 35, dense to one logit."""

    def __init__(self, length):
        super().__init__()
        self.convs = nn.ModuleList([nn.Conv1d(4, 15, 10), nn.Conv1d(15, 15, 10), nn.Conv1d(15, 15, 10)])
        self.fc = nn.Linear(15 * ((length - 27) // 35), 1)

    def forward(self, x):
        for conv in self.convs:
            x = F.relu(conv(x))
        return self.fc(F.max_pool1d(x, 35).flatten(1)).squeeze(1)


class NextSymbol(nn.Module):
    """Seed 002's network: LSTM(6 -> 32) over the window, last hidden state, two Dense 12 ReLU, Dense 6."""

    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(6, 32, batch_first=True)
        self.d1 = nn.Linear(32, 12)
        self.d2 = nn.Linear(12, 12)
        self.out = nn.Linear(12, 6)

    def forward(self, x):
        _, (h, _) = self.lstm(x)
        return self.out(F.relu(self.d2(F.relu(self.d1(h[-1])))))


def bench_train(model, x, y, bs, lossf, opt):
    def step(b):
        opt.zero_grad(set_to_none=True)
        loss = lossf(model(x[b * bs:(b + 1) * bs]), y[b * bs:(b + 1) * bs])
        loss.backward()
        opt.step()
        return loss.item()

    step(0)
    nb = len(x) // bs
    t = time.perf_counter()
    for b in range(nb):
        step(b)
    return nb * bs / (time.perf_counter() - t)


def bench_infer(model, x, bs):
    with torch.inference_mode():
        model(x[:bs]).numpy()
        nb = len(x) // bs
        t = time.perf_counter()
        for b in range(nb):
            model(x[b * bs:(b + 1) * bs]).numpy()
        return nb * bs / (time.perf_counter() - t)


def bench_saliency(model, x, bs, reps=20):
    def sal(b):
        xb = x[b * bs:(b + 1) * bs].clone().requires_grad_(True)
        model(xb).sum().backward()
        return xb.grad.numpy()

    sal(0)
    t = time.perf_counter()
    for r in range(reps):
        sal(r)
    return reps * bs / (time.perf_counter() - t)


def bench_deeper(n):
    x, y = make_data(n, 1)
    model = Deeper()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    res = {"deeper_train_seq_per_s": bench_train(model, x, y, 128, nn.BCEWithLogitsLoss(), opt)}
    model.eval()
    res["deeper_infer_seq_per_s"] = bench_infer(model, x, 1024)
    for p in model.parameters():
        p.requires_grad_(False)
    res["deeper_saliency_seq_per_s"] = bench_saliency(model, x, 128)
    return res


def bench_sdnn():
    rng = np.random.default_rng(3)
    seq = rng.integers(0, 4, size=(SDNN_N, SDNN_LEN))
    x = np.zeros((SDNN_N, 4, SDNN_LEN), dtype=np.float32)
    x[np.arange(SDNN_N)[:, None], seq, np.arange(SDNN_LEN)[None, :]] = 1.0
    y = torch.from_numpy(rng.integers(0, 2, size=SDNN_N).astype(np.float32))
    model = SequenceDnn3(SDNN_LEN)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    return {"sdnn3_1kb_train_seq_per_s": bench_train(model, torch.from_numpy(x), y, 128, nn.BCEWithLogitsLoss(), opt)}


def encode_window(symbols, window):
    """The last `window` symbols one-hot, left-padded with the start symbol 0 (seqdl's encode_window)."""
    w = ([0] * window + symbols)[-window:]
    x = np.zeros((window, 6), dtype=np.float32)
    x[np.arange(window), w] = 1.0
    return torch.from_numpy(x)[None]


def bench_lstm():
    rng = np.random.default_rng(5)
    x = np.zeros((LSTM_WINDOWS, 50, 6), dtype=np.float32)
    x[np.arange(LSTM_WINDOWS)[:, None], np.arange(50)[None, :], rng.integers(0, 6, size=(LSTM_WINDOWS, 50))] = 1.0
    y = torch.from_numpy(rng.integers(0, 6, size=LSTM_WINDOWS))
    model = NextSymbol()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
    res = {"lstm_train_windows_per_s": bench_train(model, torch.from_numpy(x), y, 32, nn.CrossEntropyLoss(), opt)}
    model.eval()

    def decode():
        symbols = [0]
        with torch.inference_mode():
            for _ in range(DECODE_STEPS):
                symbols.append(int(model(encode_window(symbols, 50)).argmax(1)[0]))
        return symbols

    decode()
    t = time.perf_counter()
    decode()
    res["lstm_decode_symbols_per_s"] = DECODE_STEPS / (time.perf_counter() - t)
    return res


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--n", type=int, default=12_800)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(42)
    res = {}
    res.update(bench_deeper(a.n))
    res.update(bench_sdnn())
    res.update(bench_lstm())
    res["torch"] = torch.__version__
    res["threads"] = a.threads
    if a.json:
        print(json.dumps(res))
    else:
        for k, v in res.items():
            print(f"{k}: {v:.1f}" if isinstance(v, float) else f"{k}: {v}")


if __name__ == "__main__":
    main()
