//! Atomic output through seq-io's one helper ([`seq_io::atomic`]): a file is written under a temporary
//! name in the same folder (created if missing), flushed, synced and renamed over the final name (then the
//! folder is synced), so a reader — or `resume` after a crash — sees either the complete file or none. A
//! writer dropped before [`AtomicFile::commit`] removes its temporary file. This module only adapts the
//! errors to [`VariantError`] and keeps the final path for the callers' reports.

use crate::error::{Result, VariantError};
use std::io::Write;
use std::path::{Path, PathBuf};

/// A file being written atomically.
pub struct AtomicFile {
    path: PathBuf,
    inner: seq_io::atomic::AtomicFile,
}

impl AtomicFile {
    /// Starts writing `path` (through its temporary name).
    pub fn create(path: &Path) -> Result<Self> {
        Ok(AtomicFile { path: path.into(), inner: seq_io::atomic::AtomicFile::create(path)? })
    }

    /// The final path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The temporary path being written.
    pub fn temp(&self) -> &Path {
        self.inner.temp()
    }

    /// Writes bytes.
    pub fn write_all(&mut self, bytes: &[u8]) -> Result<()> {
        self.inner.write_all(bytes).map_err(|e| VariantError::io(&self.path, e))
    }

    /// Flushes the buffer (so that the temporary file can be read back before committing).
    pub fn flush(&mut self) -> Result<()> {
        self.inner.flush().map_err(|e| VariantError::io(&self.path, e))
    }

    /// Replaces the temporary file's content by `bytes` (used to rewrite a body in sorted order).
    pub fn rewrite(&mut self, bytes: &[u8]) -> Result<()> {
        Ok(self.inner.rewrite(bytes)?)
    }

    /// Flushes, syncs and renames the file to its final name.
    pub fn commit(self) -> Result<PathBuf> {
        self.inner.commit()?;
        Ok(self.path)
    }
}

/// Writes a whole file atomically.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    Ok(seq_io::atomic::write_atomic(path, bytes)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uncommitted_file_leaves_nothing_and_a_missing_folder_is_made() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("a.tsv");
        {
            let mut f = AtomicFile::create(&path).expect("create");
            f.write_all(b"partial").expect("write");
            f.flush().expect("flush");
            assert!(f.temp().exists() && !path.exists());
        }
        assert_eq!(std::fs::read_dir(dir.path()).expect("list").count(), 0);
        write_atomic(&path, b"done\n").expect("atomic write");
        assert_eq!(std::fs::read(&path).expect("read"), b"done\n");
        assert_eq!(std::fs::read_dir(dir.path()).expect("list").count(), 1);
        let mut f = AtomicFile::create(&dir.path().join("new/b.tsv")).expect("folder made");
        f.write_all(b"unsorted").expect("write");
        f.rewrite(b"sorted\n").expect("rewrite");
        assert_eq!(std::fs::read(f.commit().expect("commit")).expect("read"), b"sorted\n");
    }
}
