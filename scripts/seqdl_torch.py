"""seqdl_torch: a pure-PyTorch rebuild of every seqdl ``CnnConfig`` architecture.

The configuration is the JSON that seqdl writes for a ``CnnConfig`` (``serde_json`` of the struct, also
stored under the ``seqdl_cnn_config`` metadata key of an exported ``.safetensors`` file); the weights are the
state dict ``seq_models::interop::export_safetensors`` writes. Names and layouts:

    convs.{i}.weight  [filters, channels_in, width]     convs.{i}.bias  [filters]
    hidden.{j}.weight [units, d_in]                      hidden.{j}.bias [units]
    output.weight     [outputs, d_in]                    output.bias     [outputs]

so ``SeqdlCnn(config).load_state_dict(state_dict, strict=True)`` works, and a state dict saved from this
module (``torch.save(model.state_dict(), "model.pt")`` or ``safetensors.torch.save_file``) is read back by
``seq_models::interop::import_state_dict``.

Layers, exactly as seqdl computes them:
* ``conv``: zero padding then a stride-1 valid ``Conv1d``. Keras ``same`` padding puts ``(w - 1) // 2`` zeros on
  the left and the rest on the right (the extra zero of an even width goes right); ``valid`` pads nothing.
  The activation (``relu``, ``sigmoid``, ``tanh``, ``exp``; ``linear`` = none) is its own module.
* ``max_pool``: ``MaxPool1d(width, stride or width)`` (windows past the end dropped).
* ``global_max_pool``: ``MaxPool1d`` over the whole remaining length (so DeepLIFT hooks see a max-pool).
* ``dropout``: ``Dropout(rate)`` (identity in ``eval()``).
* flatten is channel-major, ``x.flatten(1)`` on ``(N, C, L)``; then each dense block is
  ``Linear -> activation -> Dropout`` and the output ``Linear`` gives the pre-activation logits.

Every activation and pooling layer is a separate ``nn.Module`` instance registered on the model, so
attribution tools that hook modules (tangermeme's ``deep_lift_shap``, Captum) find each of them. ``Exp`` is
this module's own class; pass ``additional_nonlinear_ops={Exp: tangermeme._deep_lift_utils._nonlinear}`` to
tangermeme for models that use it.

Tested with torch 2.15.0 and safetensors 0.8.0 (``pip install torch==2.15.0 safetensors==0.8.0``).
"""

from __future__ import annotations

import json

import torch
from torch import nn


class Exp(nn.Module):
    """``exp(x)``, seqdl's exponential activation."""

    def forward(self, x):
        return torch.exp(x)


_ACTIVATIONS = {"relu": nn.ReLU, "sigmoid": nn.Sigmoid, "tanh": nn.Tanh, "exp": Exp, "linear": None}


def _activation(name):
    if name not in _ACTIVATIONS:
        raise ValueError(f"unknown activation {name!r}; seqdl has {sorted(_ACTIVATIONS)}")
    cls = _ACTIVATIONS[name]
    return None if cls is None else cls()


def same_padding(width):
    """``(left, right)`` zeros of Keras/seqdl 'same' padding for a kernel of ``width``."""
    total = max(width - 1, 0)
    return total // 2, total - total // 2


class SeqdlCnn(nn.Module):
    """The network a seqdl ``CnnConfig`` (a dict parsed from its JSON) describes."""

    def __init__(self, config):
        super().__init__()
        self.config = config
        self.convs = nn.ModuleList()
        self.hidden = nn.ModuleList()
        self.ops = nn.ModuleList()  # parameter-free layers, in the order the plan uses them
        self.plan = []
        channels, length = 4, int(config["input_length"])
        for layer in config.get("features", []):
            kind = layer["layer"]
            if kind == "conv":
                filters, width = int(layer["filters"]), int(layer["width"])
                padding = layer.get("padding", "valid")
                left, right = same_padding(width) if padding == "same" else (0, 0)
                self.convs.append(nn.Conv1d(channels, filters, width))
                self.plan.append(("conv", len(self.convs) - 1, (left, right)))
                self._op(_activation(layer.get("activation", "relu")))
                channels, length = filters, length + left + right - width + 1
            elif kind == "max_pool":
                width = int(layer["width"])
                stride = int(layer.get("stride") or width)
                self._op(nn.MaxPool1d(width, stride))
                length = (length - width) // stride + 1
            elif kind == "global_max_pool":
                self._op(nn.MaxPool1d(length, length))
                length = 1
            elif kind == "dropout":
                self._op(nn.Dropout(float(layer["rate"])))
            else:
                raise ValueError(f"unknown feature layer {kind!r}")
            if length < 1:
                raise ValueError("the configuration leaves no positions")
        self.plan.append(("flatten", None, None))
        units = channels * length
        for block in config.get("dense", []):
            self.hidden.append(nn.Linear(units, int(block["units"])))
            self.plan.append(("dense", len(self.hidden) - 1, None))
            self._op(_activation(block.get("activation", "relu")))
            rate = float(block.get("dropout", 0.0))
            if rate > 0:
                self._op(nn.Dropout(rate))
            units = int(block["units"])
        self.output = nn.Linear(units, int(config["outputs"]))

    def _op(self, module):
        if module is not None:
            self.ops.append(module)
            self.plan.append(("op", len(self.ops) - 1, None))

    def forward(self, x):
        """Pre-activation logits ``(N, outputs)`` of one-hot ``x`` ``(N, 4, L)`` (channels A, C, G, T)."""
        for kind, index, padding in self.plan:
            if kind == "conv":
                if padding != (0, 0):
                    x = nn.functional.pad(x, padding)
                x = self.convs[index](x)
            elif kind == "op":
                x = self.ops[index](x)
            elif kind == "flatten":
                x = x.flatten(1)
            else:
                x = self.hidden[index](x)
        return self.output(x)


def load(config_path, weights_path):
    """A ``SeqdlCnn`` in eval mode from a config JSON file and a ``.safetensors`` or ``.pt`` state dict."""
    with open(config_path) as f:
        config = json.load(f)
    model = SeqdlCnn(config)
    if str(weights_path).endswith(".safetensors"):
        from safetensors.torch import load_file

        state = load_file(weights_path)
    else:
        state = torch.load(weights_path, map_location="cpu", weights_only=True)
    model.load_state_dict(state, strict=True)
    return model.eval()
