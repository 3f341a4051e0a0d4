//! PyTorch interoperability of the [`Cnn`](crate::Cnn): its weights as a PyTorch state dict, through
//! burn's own `burn-store` crate.
//!
//! * [`export_safetensors`] writes a `.safetensors` state dict with PyTorch names and layouts, which
//!   `scripts/seqdl_torch.py` (a pure-PyTorch rebuild of every [`CnnConfig`](crate::CnnConfig)) loads with
//!   `load_state_dict(strict=True)`.
//! * [`import_state_dict`] reads a `.safetensors` file or a PyTorch `.pt`/`.pth` pickle (as
//!   `torch.save(model.state_dict(), path)` writes it) into a `Cnn` built from its configuration.
//!
//! ## Names and layouts
//!
//! | tensor | PyTorch name | PyTorch shape |
//! |---|---|---|
//! | kernel of convolution `i` | `convs.{i}.weight` | `[filters, channels_in, width]` |
//! | bias of convolution `i` | `convs.{i}.bias` | `[filters]` |
//! | weight of hidden dense block `j` | `hidden.{j}.weight` | `[units, d_in]` |
//! | bias of hidden dense block `j` | `hidden.{j}.bias` | `[units]` |
//! | output weight / bias | `output.weight`, `output.bias` | `[outputs, d_in]`, `[outputs]` |
//!
//! burn keeps a dense weight as `[d_in, d_out]`; `burn-store`'s PyTorch adapters transpose it on the way
//! out and back. Flattening is channel-major (`(N, C, L)` → `(N, C·L)`), as PyTorch's `x.flatten(1)`.

mod state_dict;

pub use state_dict::{
    export_safetensors, export_safetensors_bytes, import_safetensors_bytes, import_state_dict, state_dict_shapes,
    CONFIG_METADATA_KEY,
};
