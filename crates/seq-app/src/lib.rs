//! # seq-app
//!
//! seqdl's application layer: what the `seqdl` command line and the tutorials' reproductions both call, so
//! that a passing reproduction proves the path a user takes.
//!
//! | module | what |
//! |---|---|
//! | [`model_dir`] | the model folder: one persistence format (configuration with a version + weights), checkpoints, history, record |
//! | [`model`] | [`AppModel`]: what a model needs to go through the pipelines (a downstream crate implements it for its own burn module) |
//! | [`data`] | [`DataSource`]: an HDF5 split, or FASTA/FASTQ with labels, targets or negatives |
//! | [`pipelines`] | encode, simulate, train, evaluate, predict, explain, filters, logos, denoise, variant effects, genome-wide prediction, merge |
//! | [`genome_source`] | the indexed reference genome as seq-variants' sequence source (read-ahead cache) |
//! | [`backend`] | the backends compiled in and the run-time [`Device`] choice (`cpu`, `cuda[:N]`) |
//! | [`progress`] | [`Progress`], the small trait long steps report through (a bar in the CLI, silent in tests) |
//! | [`motifs`] | the motif compendium embedded in the binary, and how a motif file is found |
//! | [`output`] | atomic text/JSON outputs |
//!
//! **Never depends on** clap, indicatif, tracing-subscriber or toml (those belong to the command line), nor
//! on the tutorials. Every pipeline is generic over the backend and validates its options before it
//! computes, so a failure writes nothing.
#![warn(missing_docs)]

pub mod backend;
pub mod data;
pub mod error;
pub mod genome_source;
pub mod html;
pub mod model;
pub mod model_dir;
pub mod motifs;
pub mod output;
pub mod pipelines;
pub mod progress;

pub use backend::{AppBackend, Device};
pub use data::DataSource;
pub use error::{AppError, Result};
pub use genome_source::GenomeSource;
pub use model::AppModel;
pub use model_dir::{ModelDir, TrainingRecord};
pub use progress::{Context, NoProgress, Progress, StopFlag};
