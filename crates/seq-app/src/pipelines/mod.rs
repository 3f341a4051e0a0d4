//! The pipelines the command line and the tutorials share, one file each. Every pipeline checks its
//! options and inputs before it computes, and writes its outputs atomically.

pub mod bedgraph;
pub mod dataset;
pub mod denoise;
pub mod discover;
pub mod encode;
pub mod evaluate;
pub mod explain;
pub mod filters;
pub mod genome_predict;
pub mod genome_scan;
pub mod interop;
pub mod logo;
pub mod merge;
pub mod motif_report;
pub mod motifs;
pub mod predict;
mod resume;
pub mod simulate;
pub mod train;
pub mod variants;
