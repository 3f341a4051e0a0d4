#!/usr/bin/env python3
"""Writes the memesuite-lite reference fixtures of the seq-motifs crate (TOMTOM and FIMO).

memesuite-lite is published on PyPI as `memelite`. Pinned environment:

    python3 -m venv /tmp/venv-memelite
    /tmp/venv-memelite/bin/pip install memelite==0.5.0 numpy==2.4.6 numba==0.68.1 llvmlite==0.50.0 \
        pandas==3.1.1 pyfaidx==0.9.2.2
    /tmp/venv-memelite/bin/python scripts/fixtures_memesuite.py

Every motif's columns are divided by their sums first, as seq_io's readers do.

Outputs (both JSON, read by crates/seq-motifs/tests/):
  crates/seq-motifs/tests/fixtures/tomtom_jaspar2016.json
      the first 100 motifs of data/jaspar/JASPAR_CORE_2016_vertebrates.meme as queries, plus 20 perturbed
      copies (seeded noise, renormalised), against the whole file (518 motifs), memelite defaults
      (Euclidean column scores, 100 score bins, 1000 median bins, 100 target bins, both strands):
      per query the best target and the 10 smallest p-values with their targets.
  crates/seq-motifs/tests/fixtures/fimo_ctcf_test.json
      six JASPAR 2016 motifs scanned by memelite.fimo (defaults: bin size 0.1, eps 1e-4, uniform
      background, both strands, p < 1e-4) over the first 200 records of data/keras_genomics_ctcf/test.fa:
      every hit (motif, sequence, start, end, strand, score, p-value).
"""
import json
import os
import tempfile

import numpy as np
from memelite import fimo, tomtom
from memelite.io import read_meme

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MEME = os.path.join(ROOT, "data/jaspar/JASPAR_CORE_2016_vertebrates.meme")
FASTA = os.path.join(ROOT, "data/keras_genomics_ctcf/test.fa")
OUT = os.path.join(ROOT, "crates/seq-motifs/tests/fixtures")
FIMO_MOTIFS = ["MA0139.1", "MA0047.2", "MA0065.2", "MA0079.3", "MA0114.3", "MA0144.2"]


def main():
    os.makedirs(OUT, exist_ok=True)
    # seq_io's readers divide each column by its sum (the file's rows sum to 1 ± 1e-6); the reference is
    # given the same matrices, since TOMTOM's merging of similar target columns rounds the values.
    motifs = {k: v / v.sum(axis=0, keepdims=True) for k, v in read_meme(MEME).items()}
    keys = list(motifs.keys())
    ids = [k.split()[0] for k in keys]
    targets = [motifs[k] for k in keys]

    queries, qnames, qmats = [], [], []
    for k in keys[:100]:
        queries.append(motifs[k])
        qnames.append(k.split()[0])
    rng = np.random.default_rng(7)
    for k in keys[100:120]:
        m = motifs[k] + rng.uniform(0.0, 0.15, size=motifs[k].shape)
        m = m / m.sum(axis=0, keepdims=True)
        queries.append(m)
        qnames.append(k.split()[0] + "_perturbed")
        qmats.append(m)

    p, scores, offsets, overlaps, strands = tomtom(queries, targets)
    out = []
    for i, name in enumerate(qnames):
        order = np.argsort(p[i], kind="stable")[:10]
        entry = {
            "query": name,
            "best_target": ids[order[0]],
            "best_p": float(p[i, order[0]]),
            "best_offset": int(offsets[i, order[0]]),
            "best_overlap": int(overlaps[i, order[0]]),
            "best_strand": "-" if strands[i, order[0]] == 1 else "+",
            "top10": [{"target": ids[j], "p": float(p[i, j])} for j in order],
        }
        if name.endswith("_perturbed"):
            # Rows A, C, G, T of the perturbed query, column by column.
            entry["matrix"] = qmats[len(out) - 100].T.tolist()
        out.append(entry)
    with open(os.path.join(OUT, "tomtom_jaspar2016.json"), "w") as fh:
        json.dump({"tool": "memelite 0.5.0 tomtom (defaults)", "database": "JASPAR_CORE_2016_vertebrates.meme",
                   "n_targets": len(targets), "queries": out}, fh, indent=0)

    # FIMO over the first 200 records.
    with open(FASTA) as fh:
        lines = fh.read().split("\n")
    records, cur = [], None
    for line in lines:
        if line.startswith(">"):
            if len(records) == 200:
                break
            cur = [line, []]
            records.append(cur)
        elif cur is not None and line:
            cur[1].append(line)
    with tempfile.TemporaryDirectory() as tmp:
        fa = os.path.join(tmp, "first200.fa")
        with open(fa, "w") as fh:
            for header, seq in records:
                fh.write(header + "\n" + "".join(seq) + "\n")
        chosen = {k: motifs[k] for k in keys if k.split()[0] in FIMO_MOTIFS}
        hits = fimo(chosen, fa)
    rows = []
    for df in hits:
        for r in df.itertuples(index=False):
            rows.append({"motif": r.motif_name.split()[0], "sequence": r.sequence_name, "start": int(r.start),
                         "end": int(r.end), "strand": r.strand, "score": float(r.score), "p": float(getattr(r, "_7"))})
    with open(os.path.join(OUT, "fimo_ctcf_test.json"), "w") as fh:
        json.dump({"tool": "memelite 0.5.0 fimo (defaults)", "motifs": FIMO_MOTIFS, "n_records": len(records),
                   "threshold": 1e-4, "hits": rows}, fh, indent=0)
    print(f"{len(out)} tomtom queries, {len(rows)} fimo hits")


if __name__ == "__main__":
    main()
