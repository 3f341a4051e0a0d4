//! The tutorials run on the CPU backend compiled in (flex by default).

/// The CPU backend.
pub type Cpu = seq_app::backend::Cpu;
/// Its autodiff wrapper.
pub type Train = seq_app::backend::Train;
