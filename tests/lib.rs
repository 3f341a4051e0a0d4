//! seqdl's cross-crate and end-to-end tests (the test files beside this one): the architecture rules of the
//! workspace, seq-kernels' kernels inside seq-models' CNNs, and the denoiser across simulation, models and
//! training. Fixtures come from the dev-only `seq-testkit` crate. This library holds no code.
