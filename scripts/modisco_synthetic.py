"""tfmodisco-lite on the synthetic tracks of `cargo run -p seq-patterns --example discover_synthetic -- --full
--npy DIR` (10,000 sequences of 100 nt, AGATAA and CACGTG planted once each): the same seqlet caller settings as
the example's full pipeline (window 10, flank 5, width 20) and the same number of Leiden runs (8), timed as a
whole. Prints the wall time, the seqlet count and each pattern's seqlets.

Pinned versions:  pip install modisco-lite==3.0.0
Run:  python scripts/modisco_synthetic.py DIR      (under /usr/bin/time -v for the peak memory)
"""

import sys
import time

import numpy as np
from modiscolite.tfmodisco import TFMoDISco


def main():
    folder = sys.argv[1]
    x = np.load(f"{folder}/x.npy").transpose(0, 2, 1).astype(np.float32)  # (N, L, 4), as modisco expects
    h = np.load(f"{folder}/h.npy").transpose(0, 2, 1).astype(np.float32)
    start = time.perf_counter()
    pos, neg = TFMoDISco(
        one_hot=x,
        hypothetical_contribs=h,
        sliding_window_size=10,
        flank_size=5,
        trim_to_window_size=20,
        initial_flank_to_add=5,
        n_leiden_runs=8,
        max_seqlets_per_metacluster=20000,
    )
    seconds = time.perf_counter() - start
    patterns = (pos or []) + (neg or [])
    seqlets = sum(len(p.seqlets) for p in patterns)
    print(f"tfmodisco-lite: {seconds:.1f} s, {len(patterns)} patterns, {seqlets} seqlets in patterns")
    for i, p in enumerate(patterns):
        consensus = "".join("ACGT"[j] for j in p.sequence.argmax(axis=1))
        print(f"  pattern {i}: {len(p.seqlets)} seqlets, consensus {consensus}")


if __name__ == "__main__":
    main()
