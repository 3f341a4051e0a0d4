//! Atomic output: a file is written under a temporary name in the same folder, flushed, `fsync`ed and
//! renamed over the final name (then the folder is synced), so a reader — or `resume` after a crash —
//! sees either the complete file or none. A writer dropped before [`AtomicFile::commit`] removes its
//! temporary file.

use crate::error::{Result, VariantError};
use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// A file being written atomically.
pub struct AtomicFile {
    path: PathBuf,
    tmp: PathBuf,
    out: Option<BufWriter<File>>,
}

/// The temporary name of `path`: `.<name>.tmp-<pid>` in the same folder.
pub fn temp_path(path: &Path) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "out".into());
    path.with_file_name(format!(".{name}.tmp-{}", std::process::id()))
}

impl AtomicFile {
    /// Starts writing `path` (through its temporary name).
    pub fn create(path: &Path) -> Result<Self> {
        let tmp = temp_path(path);
        let file = OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .open(&tmp)
            .map_err(|e| VariantError::io(&tmp, e))?;
        Ok(AtomicFile { path: path.into(), tmp, out: Some(BufWriter::with_capacity(1 << 16, file)) })
    }

    /// The final path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The temporary path being written.
    pub fn temp(&self) -> &Path {
        &self.tmp
    }

    /// Writes bytes.
    pub fn write_all(&mut self, bytes: &[u8]) -> Result<()> {
        let out = self.out.as_mut().expect("AtomicFile used after commit");
        out.write_all(bytes).map_err(|e| VariantError::io(&self.tmp, e))
    }

    /// Flushes the buffer (so that the temporary file can be read back before committing).
    pub fn flush(&mut self) -> Result<()> {
        let out = self.out.as_mut().expect("AtomicFile used after commit");
        out.flush().map_err(|e| VariantError::io(&self.tmp, e))
    }

    /// Replaces the temporary file's content by `bytes` (used to rewrite a body in sorted order).
    pub fn rewrite(&mut self, bytes: &[u8]) -> Result<()> {
        self.flush()?;
        let file = OpenOptions::new()
            .write(true)
            .truncate(true)
            .open(&self.tmp)
            .map_err(|e| VariantError::io(&self.tmp, e))?;
        let mut w = BufWriter::with_capacity(1 << 16, file);
        w.write_all(bytes).map_err(|e| VariantError::io(&self.tmp, e))?;
        self.out = Some(w);
        Ok(())
    }

    /// Flushes, syncs and renames the file to its final name.
    pub fn commit(mut self) -> Result<PathBuf> {
        let out = self.out.take().expect("AtomicFile committed twice");
        let file = out.into_inner().map_err(|e| VariantError::io(&self.tmp, e.into_error()))?;
        file.sync_all().map_err(|e| VariantError::io(&self.tmp, e))?;
        drop(file);
        std::fs::rename(&self.tmp, &self.path).map_err(|e| VariantError::io(&self.path, e))?;
        let dir = self.path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
        if let Ok(d) = File::open(dir) {
            // Makes the rename durable; some file systems refuse to sync a folder, which is not fatal.
            let _ = d.sync_all();
        }
        Ok(self.path.clone())
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.out.take().is_some() {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

/// Writes a whole file atomically.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut f = AtomicFile::create(path)?;
    f.write_all(bytes)?;
    f.commit().map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uncommitted_file_leaves_nothing() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("a.tsv");
        {
            let mut f = AtomicFile::create(&path).expect("create");
            f.write_all(b"partial").expect("write");
            assert!(f.temp().exists() && !path.exists());
        }
        assert_eq!(std::fs::read_dir(dir.path()).expect("list").count(), 0);
        write_atomic(&path, b"done\n").expect("atomic write");
        assert_eq!(std::fs::read(&path).expect("read"), b"done\n");
        assert_eq!(std::fs::read_dir(dir.path()).expect("list").count(), 1);
    }
}
