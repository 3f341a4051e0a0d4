"""tangermeme's deep_lift_shap throughput on the PyTorch rebuild of seqdl's seed000 CNN (200 nt), to compare
with `cargo bench -p seq-interpret --bench deepshap`: 8 sequences x 20 dinucleotide shuffles, 32 pairs per
pass, 2 threads, CPU. Prints (sequence, reference) pairs per second (best of 5 runs after a warm-up).

Pinned versions:  pip install torch==2.15.0 tangermeme==1.6.0 safetensors==0.8.0
Run:  python scripts/bench_tangermeme_deepshap.py
"""

import os
import sys
import time

import torch
from tangermeme.deep_lift_shap import deep_lift_shap
from tangermeme.utils import random_one_hot

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from seqdl_torch import SeqdlCnn  # noqa: E402

SEED000 = {
    "input_length": 200, "outputs": 1, "head": "Sigmoid",
    "features": [{"layer": "conv", "filters": 24, "width": 19, "padding": "same", "activation": "relu"},
                 {"layer": "max_pool", "width": 25, "stride": None}],
    "dense": [{"units": 64, "activation": "relu", "dropout": 0.0}],
}


def main():
    torch.set_num_threads(2)
    torch.manual_seed(0)
    model = SeqdlCnn(SEED000).eval()
    X = random_one_hot((8, 4, 200), random_state=0).float()
    run = lambda: deep_lift_shap(model, X, n_shuffles=20, batch_size=32, device="cpu", random_state=0)
    run()
    best = min(_timed(run) for _ in range(5))
    print(f"tangermeme deep_lift_shap: {8 * 20 / best:.0f} pairs/s ({best * 1000:.1f} ms for 160 pairs)")


def _timed(f):
    start = time.perf_counter()
    f()
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
