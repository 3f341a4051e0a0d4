//! The backend chosen by the crate features: [`Cpu`] is the CPU backend compiled in (flex by default,
//! ndarray when only `ndarray` is on), [`Train`] its autodiff wrapper. With `cuda`, [`Gpu`] is available too.

/// burn's flex CPU backend (feature `flex`, default).
#[cfg(feature = "flex")]
pub type Cpu = burn::backend::Flex;

/// burn's ndarray CPU backend (feature `ndarray` without `flex`).
#[cfg(all(feature = "ndarray", not(feature = "flex")))]
pub type Cpu = burn::backend::NdArray;

/// The CPU backend with automatic differentiation, used for training and gradients.
#[cfg(any(feature = "flex", feature = "ndarray"))]
pub type Train = burn::backend::Autodiff<Cpu>;

/// burn's CUDA backend (feature `cuda`).
#[cfg(feature = "cuda")]
pub type Gpu = burn::backend::Cuda;
