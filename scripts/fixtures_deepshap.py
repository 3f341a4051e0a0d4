"""DeepSHAP fixtures from tangermeme for seq-interpret's cross-check (tests/deepshap_tangermeme.rs).

Pinned versions:  pip install torch==2.15.0 tangermeme==1.6.0 safetensors==0.8.0
(in a venv: python3 -m venv /work/venv-deeplift && /work/venv-deeplift/bin/pip install ...)

For each crates/seq-interpret/tests/fixtures/deepshap_<preset>.json written by
`cargo run -p seq-interpret --example deepshap_fixtures` (configuration, sequences, references) and its
weights deepshap_<preset>.safetensors, this script rebuilds the network with scripts/seqdl_torch.py, loads
the weights strictly, and runs tangermeme's deep_lift_shap with the shipped references passed as a tensor
(`references=`, shape (N, R, 4, L)), once with hypothetical=True and once with the default projection. It
writes deepshap_<preset>_tangermeme.json with the logits of the rebuild, both attributions (flattened
(N, 4, L), channels A, C, G, T) and the versions used. For the DragoNN preset it also saves the state dict as
a PyTorch pickle (deepshap_<preset>.pt) for seqdl's `.pt` import test.

Run from the repository root:  /work/venv-deeplift/bin/python scripts/fixtures_deepshap.py
"""

import json
import os
import sys

import numpy
import torch
import tangermeme
from tangermeme.deep_lift_shap import deep_lift_shap

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from seqdl_torch import SeqdlCnn, Exp  # noqa: E402

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "crates", "seq-interpret", "tests", "fixtures")
PRESETS = ["seed000", "seed000_deep", "dragonn_three_layers"]
PT_PRESET = "dragonn_three_layers"


def one_hot(sequence):
    x = numpy.zeros((4, len(sequence)), dtype=numpy.float32)
    for i, c in enumerate(sequence):
        x["ACGT".index(c), i] = 1.0
    return x


def main():
    from safetensors.torch import load_file
    from tangermeme._deep_lift_utils import _nonlinear

    torch.manual_seed(0)
    torch.set_num_threads(2)
    for name in PRESETS:
        with open(os.path.join(FIXTURES, f"deepshap_{name}.json")) as f:
            fixture = json.load(f)
        model = SeqdlCnn(fixture["config"])
        model.load_state_dict(load_file(os.path.join(FIXTURES, f"deepshap_{name}.safetensors")), strict=True)
        model.eval()
        X = torch.tensor(numpy.stack([one_hot(s) for s in fixture["sequences"]]))
        R = torch.tensor(numpy.stack([numpy.stack([one_hot(r) for r in refs]) for refs in fixture["references"]]))
        with torch.no_grad():
            logits = model(X)
        common = dict(target=fixture["target"], references=R, batch_size=16, device="cpu",
                      additional_nonlinear_ops={Exp: _nonlinear}, warning_threshold=1e-3)
        hypothetical = deep_lift_shap(model, X, hypothetical=True, **common)
        projected = deep_lift_shap(model, X, **common)
        out = {
            "preset": name,
            "versions": {"torch": torch.__version__, "tangermeme": tangermeme.__version__ if hasattr(tangermeme, "__version__") else "1.6.0"},
            "logits": logits.reshape(-1).tolist(),
            "hypothetical": hypothetical.reshape(-1).tolist(),
            "projected": projected.reshape(-1).tolist(),
        }
        with open(os.path.join(FIXTURES, f"deepshap_{name}_tangermeme.json"), "w") as f:
            json.dump(out, f)
        if name == PT_PRESET:
            torch.save(model.state_dict(), os.path.join(FIXTURES, f"deepshap_{name}.pt"))
        print(name, "max |projected|", float(projected.abs().max()), "logits", logits.reshape(-1).tolist())


if __name__ == "__main__":
    main()
