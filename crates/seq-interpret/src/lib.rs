//! # seq-interpret
//!
//! Attribution over any model (saliency, gradient × input, ISM, integrated gradients), first-layer filters
//! to motifs, comparison with known motifs, attribution scored against ground-truth annotations, and
//! logo / heat-map PNGs.
//!
//! **Never depends on** seq-train or seq-sim: a model arrives through a trait and ground truth as
//! [`seq_io::Annotation`]s, so a tool may depend on seq-interpret alone.
#![warn(missing_docs)]
