//! Atomic output: every file seqdl writes goes through [`write_atomic`] (or [`AtomicFile`] for a writer):
//! the bytes go to a hidden temporary file in the same folder, are flushed and synced, and the file is
//! renamed over the target. A reader sees the old file or the new one, never half of one; a failure or a
//! kill leaves at most a `.<name>.tmp-*` file, which [`clean_stale`] removes on the next run.
//!
//! The mechanism is seq-atomic's, the workspace's one atomic writer (seq-plot's figures use it too); this
//! module gives it seq-io's error type, so readers and writers of this crate report one kind of error.

use std::io::Write;
use std::path::Path;

pub use seq_atomic::{clean_stale, temp_path};

use crate::error::{IoError, Result};

impl From<seq_atomic::AtomicError> for IoError {
    fn from(e: seq_atomic::AtomicError) -> Self {
        match e {
            seq_atomic::AtomicError::Io { path, source } => IoError::Io { path, source },
        }
    }
}

/// Writes `bytes` to `path` atomically (the folder is created if needed).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    Ok(seq_atomic::write_atomic(path, bytes)?)
}

/// A file being written atomically: write through it (it is a buffered [`Write`]), then [`commit`]
/// (sync + rename). Dropped without a commit, the temporary file is removed and the target is untouched.
///
/// [`commit`]: AtomicFile::commit
pub struct AtomicFile(seq_atomic::AtomicFile);

impl AtomicFile {
    /// Starts writing `target` (creating its folder if needed).
    pub fn create(target: &Path) -> Result<Self> {
        Ok(AtomicFile(seq_atomic::AtomicFile::create(target)?))
    }

    /// The temporary file's path (for writers that need a path, e.g. HDF5: write there, then commit).
    pub fn temp(&self) -> &Path {
        self.0.temp()
    }

    /// Replaces everything written so far by `bytes`.
    pub fn rewrite(&mut self, bytes: &[u8]) -> Result<()> {
        Ok(self.0.rewrite(bytes)?)
    }

    /// Flushes, syncs and renames the file into place.
    pub fn commit(self) -> Result<()> {
        Ok(self.0.commit()?)
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

/// The caller's error or the writer's, inside [`write_via_path`].
enum Via<E> {
    Write(E),
    Atomic(seq_atomic::AtomicError),
}

impl<E> From<seq_atomic::AtomicError> for Via<E> {
    fn from(e: seq_atomic::AtomicError) -> Self {
        Via::Atomic(e)
    }
}

/// Writes a file through `write(temp_path)` (a writer that needs a path), then renames it into place; on an
/// error the temporary file is removed and the error returned.
pub fn write_via_path<E>(
    target: &Path,
    write: impl FnOnce(&Path) -> std::result::Result<(), E>,
) -> std::result::Result<(), E>
where
    E: From<IoError>,
{
    seq_atomic::write_via_path(target, |tmp| write(tmp).map_err(Via::Write)).map_err(|e| match e {
        Via::Write(e) => e,
        Via::Atomic(e) => E::from(IoError::from(e)),
    })
}
