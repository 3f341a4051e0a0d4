#!/usr/bin/env python3
"""h5py side of the HDF5 interoperability checks of seq_io::h5 (optional: the Rust tests skip it when
python3 or h5py is missing).

    python3 tests/scripts/h5_check.py check FILE   # a file from write_splits reads in h5py as documented
    python3 tests/scripts/h5_check.py make DIR     # writes h5py files for the Rust reader, prints the HDF5 version

`make` writes DIR/h5py_default.h5 (default format, bool x in (N, L, 4), int64 y) and DIR/h5py_latest.h5
(libver='latest', f32 x in (N, L, 4)); both hold ACGTN / TTGCA in every split.
"""
import sys

import h5py
import numpy as np


def check_split(f, split):
    x, y = f[f"x_{split}"], f[f"y_{split}"]
    n, four, length = x.shape
    assert four == 4, x.shape
    assert x.dtype == np.float32 and y.dtype == np.float32, (x.dtype, y.dtype)
    assert x.chunks is not None and x.compression == "gzip", (x.chunks, x.compression)
    xs = x[:]
    col = xs.sum(axis=1)
    assert np.isin(xs, [0.0, 1.0]).all() and np.isin(col, [0.0, 1.0]).all(), "x is not one-hot"
    assert y.shape[0] == n
    names = [s.decode() if isinstance(s, bytes) else s for s in f[f"names_{split}"][:]]
    assert len(names) == n
    k = 0
    if f"ann_{split}_index" in f:
        idx = f[f"ann_{split}_index"][:]
        start, end = f[f"ann_{split}_start"][:], f[f"ann_{split}_end"][:]
        strand, motif = f[f"ann_{split}_strand"][:], f[f"ann_{split}_motif"][:]
        motif_names = f[f"ann_{split}_motif_names"][:]
        k = len(idx)
        assert (idx < n).all() and (start < end).all() and (end <= length).all()
        assert np.isin(strand, [-1, 1]).all() and (motif < len(motif_names)).all()
    print(f"{split}: x {x.shape} chunks {x.chunks} gzip {x.compression_opts}, y {y.shape}, "
          f"first name {names[0] if names else None!r}, {k} annotations")


def check(path):
    with h5py.File(path, "r") as f:
        for split in ("train", "valid", "test"):
            check_split(f, split)
    print("OK: h5py", h5py.version.version, "HDF5", h5py.version.hdf5_version)


def make(folder):
    eye = np.eye(4, dtype=np.float32)
    x = np.stack([np.array([eye[i] if i < 4 else np.zeros(4, np.float32) for i in row]) for row in ([0, 1, 2, 3, 9], [3, 3, 2, 1, 0])])
    y = np.array([1, 0], dtype=np.int64)
    with h5py.File(f"{folder}/h5py_default.h5", "w") as f:
        for split in ("train", "valid", "test"):
            f.create_dataset(f"x_{split}", data=x.astype(bool), compression="gzip", chunks=(1, 5, 4))
            f.create_dataset(f"y_{split}", data=y)
    with h5py.File(f"{folder}/h5py_latest.h5", "w", libver="latest") as f:
        for split in ("train", "valid", "test"):
            f.create_dataset(f"X_{split}", data=x, compression="gzip", chunks=(1, 5, 4))
            f.create_dataset(f"Y_{split}", data=y.reshape(2, 1))
    print(h5py.version.hdf5_version)


if __name__ == "__main__":
    {"check": check, "make": make}[sys.argv[1]](sys.argv[2])
