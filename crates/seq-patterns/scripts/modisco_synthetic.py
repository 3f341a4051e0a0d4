#!/usr/bin/env python3
"""Times tfmodisco-lite on the synthetic input of `examples/discover_synthetic.rs` (10,000 sequences of
length 100, AGATAA and CACGTG planted once each), with seqlet options matching the Rust run (window 10,
flank 5, trim window 20, initial flank 5) and the same number of Leiden runs (8, seqdl's default; TF-MoDISco's
is 50).

Pinned versions (the ones measured): modisco-lite==3.0.0, numpy==2.4.6 (Python 3.11).

    python3 -m venv /tmp/venv-modisco && /tmp/venv-modisco/bin/pip install modisco-lite==3.0.0 numpy==2.4.6
    cargo run --release -p seq-patterns --example discover_synthetic -- --npy /tmp/synthetic
    /tmp/venv-modisco/bin/python crates/seq-patterns/scripts/modisco_synthetic.py /tmp/synthetic

Writes `DIR/synthetic.npz` (one-hot and hypothetical contributions as modisco-lite's CLI reads them,
`(N, 4, L)`), runs `modiscolite.tfmodisco.TFMoDISco` on `(N, L, 4)` arrays, and prints the wall time, the
number of seqlets and each pattern's seqlet count and consensus as JSON.
"""

import json
import sys
import time

import numpy as np


def consensus(ppm):
    return "".join("ACGT"[int(np.argmax(row))] if row.max() > 0.5 else "N" for row in ppm)


def main(directory):
    x = np.load(f"{directory}/x.npy")
    h = np.load(f"{directory}/h.npy")
    np.savez(f"{directory}/synthetic.npz", x=x, h=h)

    import modiscolite

    one_hot = np.ascontiguousarray(x.transpose(0, 2, 1))
    hyp = np.ascontiguousarray(h.transpose(0, 2, 1))
    start = time.perf_counter()
    pos, neg = modiscolite.tfmodisco.TFMoDISco(
        one_hot=one_hot,
        hypothetical_contribs=hyp,
        sliding_window_size=10,
        flank_size=5,
        trim_to_window_size=20,
        initial_flank_to_add=5,
        max_seqlets_per_metacluster=20000,
        n_leiden_runs=8,
        verbose=True,
    )
    seconds = time.perf_counter() - start
    out = {"seconds": seconds, "modisco_lite": getattr(modiscolite, "__version__", "unknown"), "patterns": []}
    for sign, patterns in (("pos", pos), ("neg", neg)):
        for i, p in enumerate(patterns or []):
            out["patterns"].append({"name": f"{sign}_pattern_{i}", "seqlets": len(p.seqlets), "consensus": consensus(p.sequence)})
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/synthetic")
