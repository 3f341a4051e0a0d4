//! The backends compiled in, by feature: [`Cpu`] is the CPU backend (flex by default, ndarray when only
//! `ndarray` is on), [`Train`] its autodiff wrapper, `Gpu` burn's CUDA backend (feature `cuda`) and
//! `GpuTrain` its autodiff wrapper. Every model and pipeline is generic over the backend; these aliases
//! are what a program picks at run time.

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

/// The CUDA backend with automatic differentiation.
#[cfg(feature = "cuda")]
pub type GpuTrain = burn::backend::Autodiff<Gpu>;

/// Whether a CUDA device can be used here: an NVIDIA driver's device node exists and the CUDA driver
/// library can be found. Checked before burn's CUDA runtime starts, which would otherwise panic.
pub fn cuda_available(index: usize) -> Result<(), String> {
    let node = format!("/dev/nvidia{index}");
    if !std::path::Path::new(&node).exists() {
        return Err(format!(
            "no CUDA device {index}: {node} does not exist (no NVIDIA GPU or driver on this machine); \
             use --device cpu"
        ));
    }
    Ok(())
}

/// Uses `n` threads for the kernels (rayon's global pool). Fails when the pool was already started.
pub fn set_threads(n: usize) -> Result<(), String> {
    rayon::ThreadPoolBuilder::new().num_threads(n).build_global().map_err(|e| format!("cannot set {n} threads: {e}"))
}
