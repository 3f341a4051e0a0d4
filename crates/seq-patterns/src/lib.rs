//! # seq-patterns
//!
//! From attribution tracks to motifs, in the spirit of TF-MoDISco (tfmodisco-lite): one-hot sequences `x`
//! and hypothetical contributions `h`, both `(N, 4, L)` channels-first (A, C, G, T), give
//!
//! 1. [`seqlets`]: windows of high summed contribution `h × x`, thresholded against a null (a Laplace
//!    fitted to the windowed sums, or windowed sums of null tracks) at a target FDR, both signs;
//! 2. [`knn`]: a sparse k-nearest-neighbour graph of seqlets — candidates from a cheap strand-symmetric
//!    k-mer similarity, then the continuous Jaccard over offsets and strands ([`similarity`]) on those
//!    candidates only (memory linear in seqlets × window and seqlets × k, never seqlets²);
//! 3. [`density`] + [`leiden`](mod@leiden): perplexity-calibrated affinities and Leiden communities;
//! 4. [`aggregate`] / [`pattern`]: per sign, each community's seqlets aligned into a pattern (CWM, hypothetical CWM, PFM,
//!    trimmed by information content and contribution), similar patterns merged, sorted by seqlet count.
//!
//! **Never depends on** burn, on any plotting crate, or on any seqdl crate other than seq-io (for
//! [`seq_io::Pfm`] and [`seq_io::Strand`]): a tool that has attributions as plain arrays can find motifs
//! with this crate alone.
#![warn(missing_docs)]

pub mod aggregate;
pub mod bed;
pub mod density;
pub mod discover;
pub mod error;
pub mod graph;
pub mod knn;
pub mod leiden;
pub mod merge;
pub mod null;
pub mod pattern;
pub mod seqlets;
pub mod similarity;
pub mod tracks;

pub use bed::{offsets_from_names, seqlets_to_bed, write_bed, BedRecord, GenomeOffset};
pub use discover::{discover_patterns, PatternConfig, PatternSet};
pub use error::{PatternError, Result};
pub use graph::{modularity, Graph};
pub use knn::{knn_graph, KnnConfig, KnnGraph};
pub use leiden::{leiden, LeidenConfig, Partition};
pub use merge::MergeConfig;
pub use pattern::Pattern;
pub use seqlets::{call_seqlets, NullModel, Seqlet, SeqletCalls, SeqletConfig};
pub use similarity::{seqlet_data, SeqletData};
pub use tracks::Tracks;
