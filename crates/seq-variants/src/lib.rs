//! # seq-variants
//!
//! The library side of variant-effect scoring: a VCF (plain, gzip or BGZF; whole, or regions through a
//! tabix index) streamed as one [`Variant`] per ALT allele, checked against a reference genome
//! ([`SequenceSource`]), turned into batches of reference/alternative windows of the model's length
//! ([`VariantBatches`], [`windows`]), split into shards ([`Shard`]), and the scores written as TSV or an
//! annotated VCF ([`TsvWriter`], [`AnnotatedVcfWriter`]) — atomically, with a `.done` marker for
//! [`resume`] — and merged back ([`merge()`]) into the same bytes as an unsharded run. Everything not scored
//! is counted by reason in a [`SkipReport`]. Scoring itself (model logits, log-odds, strand averaging) is
//! the application's.
//!
//! **Never depends on** burn, on any plotting crate, or on another seqdl crate than seq-io; in particular
//! not on the genome reader: the application implements [`SequenceSource`] for it.
//!
//! A typical run:
//! ```no_run
//! # fn main() -> seq_variants::Result<()> {
//! use seq_variants::*;
//! let genome = InMemoryGenome::from_fasta("genome.fa".as_ref())?;
//! let shard: Shard = "0/4".parse()?;
//! let opts = VcfOptions { alias: ChromAlias::parse("add-chr")?, regions: vec![], shard: Some(shard) };
//! let reader = VcfReader::open("calls.vcf.gz".as_ref(), &genome, opts)?;
//! let out = resume::shard_output_path("scores.tsv".as_ref(), shard);
//! let mut tsv = TsvWriter::create(&out, &["log_odds".to_string()], shard)?;
//! let mut batches = VariantBatches::new(reader, &genome, WindowOptions::new(1000), 64)?;
//! for batch in &mut batches {
//!     let batch = batch?;
//!     for v in &batch.variants {
//!         tsv.write(v, &[0.0])?; // the application's score
//!     }
//! }
//! tsv.finish(batches.report())?;
//! # Ok(()) }
//! ```
//!
//! Errors are [`VariantError`]; each names the file and the line (or record) concerned.
#![warn(missing_docs)]

pub mod alias;
pub mod annotate;
pub mod atomic;
pub mod batch;
pub mod error;
pub mod merge;
pub mod order;
pub mod region;
pub mod report;
pub mod resume;
pub mod shard;
pub mod source;
pub mod tsv;
pub mod variant;
pub mod vcf;
mod vcf_input;
mod vcf_options;
pub mod windows;

pub use alias::ChromAlias;
pub use annotate::{AnnotatedVcfWriter, ScoreInfo};
pub use batch::{Batch, VariantBatches};
pub use error::{Result, SourceError, VariantError};
pub use merge::merge;
pub use region::Region;
pub use report::{SkipReason, SkipReport};
pub use resume::{completed_shards, DoneMarker, OutputFormat};
pub use shard::Shard;
pub use source::{InMemoryGenome, SequenceSource};
pub use tsv::TsvWriter;
pub use variant::{Variant, VariantKind};
pub use vcf::{VcfHeader, VcfOptions, VcfReader};
pub use windows::{WindowOptions, WindowPair};
