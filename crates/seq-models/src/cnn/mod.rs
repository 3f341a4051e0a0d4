//! The configurable 1-D CNN ([`CnnConfig`] → [`Cnn`]) and the tutorials' presets.

mod access;
pub mod config;
mod dropout;
mod forward;
pub(crate) mod layers;
pub mod module;
pub mod presets;
pub mod shapes;

pub use config::{Activation, CnnConfig, DenseBlock, FeatureLayer, Init, Padding};
pub use module::Cnn;
pub use shapes::{LayerInfo, LayerShape};
