//! # seq-genome
//!
//! From peaks and a reference genome to a dataset: random access to an indexed reference FASTA (plain or
//! BGZF), BED/narrowPeak readers, fixed-width windows around summits with a counted drop report, negatives
//! (GC-matched genomic windows, dinucleotide-shuffled positives, flanks), chromosome or region hold-out
//! splits with an overlap check, and the assembly of a [`seq_io::Dataset`] split written in the tutorial HDF5
//! layout with a BED of every window and a JSON summary. Positions are 0-based, half-open (BED).
//!
//! **Never depends on** burn, on any plotting crate, or on any seqdl crate other than seq-io (in particular
//! not on seq-sim: the dinucleotide shuffle is seq-io's).
//!
//! Every function that reads user data returns [`GenomeError`], which names the file and the line.
#![warn(missing_docs)]

pub mod aliases;
pub mod atomic;
pub mod bedgraph;
pub mod bgzf;
pub mod dataset;
pub mod error;
pub mod faidx;
pub mod gc;
pub mod intervals;
pub mod negatives;
pub mod pipeline;
pub mod reference;
pub mod splits;
mod whole;
pub mod windows;

pub use aliases::Aliases;
pub use bedgraph::{write_bedgraph, BedGraphEntry};
pub use dataset::{assemble, write_dir, AssembleOptions, GenomeDataset, OutputFiles, Summary, WindowRecord};
pub use error::{GenomeError, Result};
pub use intervals::{read_intervals, Interval, IntervalFormat, IntervalSet, UnknownChromosomes};
pub use negatives::{flanks, gc_matched, shuffled, GcHistogram, GcMatchOptions, NegativeSet};
pub use pipeline::{build_dataset, DatasetSpec, NegativeKind};
pub use reference::{ChromInfo, Genome, GenomeOptions, Span};
pub use splits::{check_disjoint, parse_region, SplitName, SplitPlan};
pub use windows::{peak_windows, DropReport, Window, WindowOptions, WindowSource};
