"""tangermeme's deep_lift_shap throughput on PyTorch rebuilds of two seqdl CNNs, to compare with
`cargo bench -p seq-interpret --bench deepshap`: seed000 on 200 nt and the `Deeper` recipe
(`seq_models::cnn::presets::deeper`) on 1,000 nt; 8 sequences x 20 dinucleotide shuffles, 32 pairs per
pass, 2 threads, CPU. Prints (sequence, reference) pairs per second for each (best of 5 runs after a warm-up),
then one JSON line with both figures (what `cargo xtask bench` reads).

Pinned versions:  pip install torch==2.15.0 tangermeme==1.6.0 safetensors==0.8.0
Run:  python scripts/bench_tangermeme_deepshap.py
"""

import json
import os
import sys
import time

import tangermeme
import torch
from tangermeme.deep_lift_shap import deep_lift_shap
from tangermeme.utils import random_one_hot

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from seqdl_torch import SeqdlCnn  # noqa: E402

SEQUENCES, SHUFFLES, BATCH = 8, 20, 32

# The JSON seqdl writes for `presets::seed000(200)`.
SEED000 = {
    "input_length": 200, "outputs": 1, "head": "Sigmoid",
    "features": [{"layer": "conv", "filters": 24, "width": 19, "padding": "same", "activation": "relu"},
                 {"layer": "max_pool", "width": 25, "stride": None}],
    "dense": [{"units": 64, "activation": "relu", "dropout": 0.0}],
    "conv_init": "glorot_uniform", "dense_init": "glorot_uniform", "l1": 0.0,
}

# The JSON seqdl writes for `presets::deeper(1000)`: Conv 64x19 same ReLU -> MaxPool 4 -> Dropout 0.2 ->
# Conv 64x7 same ReLU -> global max -> Dropout 0.5 -> Dense 1 (sigmoid head); 33,729 parameters. The PyTorch
# default initialiser is what the rebuild starts from anyway.
DEEPER = {
    "input_length": 1000, "outputs": 1, "head": "Sigmoid",
    "features": [{"layer": "conv", "filters": 64, "width": 19, "padding": "same", "activation": "relu"},
                 {"layer": "max_pool", "width": 4, "stride": None},
                 {"layer": "dropout", "rate": 0.2},
                 {"layer": "conv", "filters": 64, "width": 7, "padding": "same", "activation": "relu"},
                 {"layer": "global_max_pool"},
                 {"layer": "dropout", "rate": 0.5}],
    "dense": [],
    "conv_init": "torch_default", "dense_init": "torch_default", "l1": 0.0,
}


def pairs_per_second(config):
    """(Best seconds, pairs/s) of deep_lift_shap on the rebuild of ``config``."""
    torch.manual_seed(0)
    model = SeqdlCnn(config).eval()
    X = random_one_hot((SEQUENCES, 4, int(config["input_length"])), random_state=0).float()
    run = lambda: deep_lift_shap(model, X, n_shuffles=SHUFFLES, batch_size=BATCH, device="cpu", random_state=0)
    run()
    best = min(_timed(run) for _ in range(5))
    return best, SEQUENCES * SHUFFLES / best


def main():
    threads = int(sys.argv[sys.argv.index("--threads") + 1]) if "--threads" in sys.argv else 2
    torch.set_num_threads(threads)
    pairs = SEQUENCES * SHUFFLES
    figures = {}
    for key, name, config in [("seed000", "seed000, 200 nt", SEED000), ("deeper", "deeper, 1000 nt", DEEPER)]:
        best, rate = pairs_per_second(config)
        figures[f"deepshap_{key}_pairs_per_s"] = round(rate, 1)
        print(f"tangermeme deep_lift_shap, {name}: {rate:.0f} pairs/s ({best * 1000:.1f} ms for {pairs} pairs)")
    figures["tangermeme"] = tangermeme.__version__
    figures["torch"] = torch.__version__
    print(json.dumps(figures))


def _timed(f):
    start = time.perf_counter()
    f()
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
