//! # seq-plot
//!
//! Figure primitives shared by seqdl's figures: an embedded font (no system fontconfig), the nucleotide
//! colours and letter glyph paths, and PNG writing.
//!
//! **Never depends on** burn or on any other seqdl crate: it draws plain numbers.
#![warn(missing_docs)]
