//! Files that are complete or absent: every file seqdl writes goes through [`write_atomic`] (or
//! [`AtomicFile`] for a writer, [`write_via_path`] for a writer that needs a path): the bytes go to a hidden
//! temporary file in the same folder, are flushed and synced, and the file is renamed over the target (and
//! the folder synced). A reader sees the old file or the new one, never half of one; a failure or a kill
//! leaves at most a `.<name>.tmp-<pid>-<n>` file, which [`clean_stale`] removes on the next run (every
//! atomic write first cleans its folder of the temporary files of processes that are gone).
//!
//! This is the one atomic writer of the workspace: seq-io re-exports it with its own error type and
//! seq-plot writes its PNGs through it, so the figures and the data files share one mechanism.
//!
//! It must never depend on another seqdl crate or on anything beyond `std` and `thiserror`: it sits under
//! both the IO layer and the plotting leaf.

#![warn(missing_docs)]

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// An operating-system error while writing a file atomically, with the file it concerns.
#[derive(Debug, thiserror::Error)]
pub enum AtomicError {
    /// The operating system refused to create, write, sync or rename a file.
    #[error("{path}: {source}")]
    Io {
        /// The file concerned (the target, or the folder when the folder failed).
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
}

/// Result alias of seq-atomic.
pub type Result<T, E = AtomicError> = std::result::Result<T, E>;

/// Marker in the names of temporary files.
const TMP_MARK: &str = ".tmp-";

fn io_err(path: &Path, source: std::io::Error) -> AtomicError {
    AtomicError::Io { path: path.to_path_buf(), source }
}

/// A temporary path beside `path`, unique to this process and call.
pub fn temp_path(path: &Path) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let dir = parent_dir(path);
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "file".into());
    dir.join(format!(".{name}{TMP_MARK}{}-{}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed)))
}

fn parent_dir(path: &Path) -> &Path {
    path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."))
}

/// Writes `bytes` to `path` atomically (the folder is created if needed).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut file = AtomicFile::create(path)?;
    file.write_all(bytes).map_err(|e| io_err(path, e))?;
    file.commit()
}

/// A file being written atomically: write through it (it is a buffered [`Write`]), then [`commit`]
/// (sync + rename). Dropped without a commit, the temporary file is removed and the target is untouched.
///
/// [`commit`]: AtomicFile::commit
pub struct AtomicFile {
    target: PathBuf,
    tmp: PathBuf,
    out: Option<BufWriter<File>>,
}

impl AtomicFile {
    /// Starts writing `target` (creating its folder if needed).
    pub fn create(target: &Path) -> Result<Self> {
        let dir = parent_dir(target);
        std::fs::create_dir_all(dir).map_err(|e| io_err(dir, e))?;
        clean_stale(dir);
        let tmp = temp_path(target);
        let file = File::create(&tmp).map_err(|e| io_err(target, e))?;
        Ok(AtomicFile { target: target.to_path_buf(), tmp, out: Some(BufWriter::new(file)) })
    }

    /// The temporary file's path (for writers that need a path, e.g. HDF5: write there, then commit).
    pub fn temp(&self) -> &Path {
        &self.tmp
    }

    /// Replaces everything written so far by `bytes` (a writer that streams, then rewrites its body in
    /// sorted order before committing).
    pub fn rewrite(&mut self, bytes: &[u8]) -> Result<()> {
        if let Some(out) = self.out.as_mut() {
            out.flush().map_err(|e| io_err(&self.target, e))?;
        }
        let file = File::create(&self.tmp).map_err(|e| io_err(&self.target, e))?;
        let mut out = BufWriter::new(file);
        out.write_all(bytes).map_err(|e| io_err(&self.target, e))?;
        self.out = Some(out);
        Ok(())
    }

    /// Flushes, syncs and renames the file into place.
    pub fn commit(mut self) -> Result<()> {
        let target = self.target.clone();
        if let Some(out) = self.out.take() {
            let file = out.into_inner().map_err(|e| io_err(&target, e.into_error()))?;
            file.sync_all().map_err(|e| io_err(&target, e))?;
        }
        std::fs::rename(&self.tmp, &target).map_err(|e| io_err(&target, e))?;
        sync_dir(&target)
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match &mut self.out {
            Some(out) => out.write(buf),
            None => Err(std::io::Error::other("file already committed")),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match &mut self.out {
            Some(out) => out.flush(),
            None => Ok(()),
        }
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.out.is_some() || self.tmp.exists() {
            self.out = None;
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

/// Writes a file through `write(temp_path)` (a writer that needs a path), then renames it into place; on an
/// error the temporary file is removed and the error returned.
pub fn write_via_path<E>(
    target: &Path,
    write: impl FnOnce(&Path) -> std::result::Result<(), E>,
) -> std::result::Result<(), E>
where
    E: From<AtomicError>,
{
    let dir = parent_dir(target);
    std::fs::create_dir_all(dir).map_err(|e| io_err(dir, e))?;
    clean_stale(dir);
    let tmp = temp_path(target);
    if let Err(e) = write(&tmp) {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    let synced = File::open(&tmp).and_then(|f| f.sync_all());
    let renamed = synced.and_then(|_| std::fs::rename(&tmp, target));
    renamed.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        E::from(io_err(target, e))
    })?;
    Ok(sync_dir(target)?)
}

/// Syncs the folder of `path`, so the rename itself survives a crash (a no-op where folders cannot be opened).
fn sync_dir(path: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        let dir = parent_dir(path);
        File::open(dir).and_then(|d| d.sync_all()).map_err(|e| io_err(dir, e))?;
    }
    Ok(())
}

/// Removes temporary files left in `dir` by killed runs (`.<name>.tmp-<pid>-<n>` whose process is gone);
/// returns how many were removed.
pub fn clean_stale(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pos) = name.find(TMP_MARK) else { continue };
        if !name.starts_with('.') {
            continue;
        }
        let pid = name[pos + TMP_MARK.len()..].split('-').next().and_then(|p| p.parse::<u32>().ok());
        let alive = pid.is_some_and(|p| p == std::process::id() || Path::new(&format!("/proc/{p}")).exists());
        if !alive && std::fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dropped_writer_leaves_the_previous_file_intact() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.tsv");
        write_atomic(&path, b"old\n").unwrap();
        {
            let mut f = AtomicFile::create(&path).unwrap();
            f.write_all(b"half of the new").unwrap();
            // dropped without commit: an error or a panic in the middle of writing
        }
        assert_eq!(std::fs::read(&path).unwrap(), b"old\n");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary file left");
        let mut f = AtomicFile::create(&path).unwrap();
        f.write_all(b"new\n").unwrap();
        f.commit().unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new\n");
    }

    #[test]
    fn stale_temporary_files_of_dead_processes_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(".model.mpk.tmp-999999999-0"), b"x").unwrap();
        std::fs::write(dir.path().join(format!(".live.tmp-{}-0", std::process::id())), b"x").unwrap();
        std::fs::write(dir.path().join("keep.txt"), b"x").unwrap();
        assert_eq!(clean_stale(dir.path()), 1);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }
}
