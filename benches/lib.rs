//! criterion benchmarks of seqdl live beside this file, one per kernel family (see Cargo.toml).
