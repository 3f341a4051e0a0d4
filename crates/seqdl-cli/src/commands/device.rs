//! Running a generic pipeline on the device chosen at run time: `on_device!(device, |B, dev| body)` runs
//! `body` with the type `B` set to the backend and `dev` to its device. A device this build lacks, or a
//! CUDA device this machine lacks, is a clear error before any backend starts.

/// See the module docs.
macro_rules! on_device {
    ($device:expr, |$b:ident, $dev:ident| $body:expr) => {{
        let device: seq_app::Device = $device;
        device.check()?;
        match device {
            seq_app::Device::Cpu => {
                #[cfg(any(feature = "flex", feature = "ndarray"))]
                {
                    #[allow(dead_code)]
                    type $b = seq_app::backend::Cpu;
                    let $dev = seq_app::backend::default_device::<$b>();
                    $body
                }
                #[cfg(not(any(feature = "flex", feature = "ndarray")))]
                {
                    unreachable!("Device::check refuses cpu without a CPU backend")
                }
            }
            seq_app::Device::Cuda(_index) => {
                #[cfg(feature = "cuda")]
                {
                    #[allow(dead_code)]
                    type $b = seq_app::backend::Gpu;
                    let $dev = burn::backend::cuda::CudaDevice { index: _index };
                    $body
                }
                #[cfg(not(feature = "cuda"))]
                {
                    unreachable!("Device::check refuses cuda without the cuda feature")
                }
            }
        }
    }};
}
