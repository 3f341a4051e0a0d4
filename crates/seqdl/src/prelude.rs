//! The names most programs need: `use seqdl::prelude::*;`.

pub use crate::backend::*;
pub use crate::error::{Error, Result};
pub use seq_interpret::{Attribution, IsmOptions, LogitModel};
pub use seq_io::{Dataset, Pfm, Splits, UnknownPolicy};
pub use seq_models::{Cnn, CnnConfig, Head, SequenceModel};
pub use seq_train::{FitConfig, OptimizerConfig};

#[cfg(feature = "app")]
pub use seq_app::{AppModel, DataSource, Device, ModelDir};
