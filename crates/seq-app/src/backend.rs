//! The backends a pipeline runs on. Every pipeline is generic over [`AppBackend`] (any burn backend with
//! seqdl's kernels); a program picks one at run time with a [`Device`]: `cpu` (the CPU backend compiled in,
//! flex by default) or `cuda[:N]` (feature `cuda`).

use std::fmt;
use std::str::FromStr;

pub use seq_kernels::backend::*;
use seq_kernels::SeqKernels;

use crate::error::AppError;

/// A backend the pipelines run on: a burn backend with seqdl's kernels (its autodiff wrapper has them too).
pub trait AppBackend: SeqKernels {}
impl<B: SeqKernels> AppBackend for B {}

/// The autodiff wrapper of a backend (training and gradients).
pub type Ad<B> = burn::backend::Autodiff<B>;

/// Where a command runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Device {
    /// The CPU backend compiled in.
    #[default]
    Cpu,
    /// CUDA device `N` (feature `cuda`).
    Cuda(usize),
}

impl fmt::Display for Device {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Device::Cpu => write!(f, "cpu"),
            Device::Cuda(i) => write!(f, "cuda:{i}"),
        }
    }
}

impl FromStr for Device {
    type Err = AppError;

    fn from_str(s: &str) -> Result<Self, AppError> {
        let bad = |message: String| AppError::option("--device", message);
        match s {
            "cpu" => Ok(Device::Cpu),
            "cuda" | "gpu" => Ok(Device::Cuda(0)),
            _ => match s.strip_prefix("cuda:") {
                Some(i) => i
                    .parse()
                    .map(Device::Cuda)
                    .map_err(|_| bad(format!("{s:?}: the device index {i:?} is not a number"))),
                None => Err(bad(format!("{s:?} is not a device (cpu, cuda, cuda:N)"))),
            },
        }
    }
}

impl Device {
    /// Checks that the device can be used by this build on this machine (before any backend starts: burn's
    /// CUDA runtime would panic without a GPU).
    pub fn check(self) -> Result<(), AppError> {
        match self {
            Device::Cpu if cfg!(any(feature = "flex", feature = "ndarray")) => Ok(()),
            Device::Cpu => Err(AppError::Device {
                device: self.to_string(),
                message: "this seqdl was built without a CPU backend (features flex or ndarray)".into(),
            }),
            Device::Cuda(i) => {
                if !cfg!(feature = "cuda") {
                    return Err(AppError::Device {
                        device: self.to_string(),
                        message: "this seqdl was built without CUDA (rebuild with --features cuda)".into(),
                    });
                }
                seq_kernels::backend::cuda_available(i)
                    .map_err(|message| AppError::Device { device: self.to_string(), message })
            }
        }
    }
}

/// Sets the number of CPU threads the kernels and the CPU backend use (rayon's global pool); `None` keeps
/// one per core. Call once, before any work.
pub fn set_threads(threads: Option<usize>) -> Result<(), AppError> {
    let Some(n) = threads else { return Ok(()) };
    if n == 0 {
        return Err(AppError::option("--threads", "must be at least 1"));
    }
    seq_kernels::set_threads(n).map_err(|e| AppError::option("--threads", e))
}

/// The default device of backend `B` (the CPU, or CUDA device 0).
pub fn default_device<B: AppBackend>() -> B::Device {
    Default::default()
}
