//! Atomic output: a file is written to a temporary name in the same folder, flushed to disk (`fsync`) and
//! renamed over the target, so a reader sees either the old file or the whole new one, never a part.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::error::{GenomeError, Result};

static COUNTER: AtomicU64 = AtomicU64::new(0);

fn temp_name(path: &Path) -> Result<PathBuf> {
    let name =
        path.file_name().ok_or_else(|| GenomeError::InvalidArgument(format!("{} has no file name", path.display())))?;
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let tmp = format!(".{}.tmp-{}-{n}", name.to_string_lossy(), std::process::id());
    Ok(path.with_file_name(tmp))
}

/// Calls `write` with a temporary path beside `path`, then syncs that file and renames it to `path` (and
/// syncs the folder on Unix). The temporary file is removed when `write` fails.
pub fn write_atomic<F>(path: &Path, write: F) -> Result<()>
where
    F: FnOnce(&Path) -> Result<()>,
{
    let tmp = temp_name(path)?;
    let result = write(&tmp).and_then(|()| {
        File::open(&tmp).and_then(|f| f.sync_all()).map_err(|e| GenomeError::io(&tmp, e))?;
        std::fs::rename(&tmp, path).map_err(|e| GenomeError::io(path, e))
    });
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
        return result;
    }
    #[cfg(unix)]
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        File::open(dir).and_then(|d| d.sync_all()).map_err(|e| GenomeError::io(dir, e))?;
    }
    Ok(())
}

/// Writes `bytes` to `path` atomically.
pub fn write_bytes_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic(path, |tmp| {
        let mut f = File::create(tmp).map_err(|e| GenomeError::io(tmp, e))?;
        f.write_all(bytes).map_err(|e| GenomeError::io(tmp, e))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_whole_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().expect("temp dir");
        let p = dir.path().join("out.txt");
        write_bytes_atomic(&p, b"old").unwrap();
        write_bytes_atomic(&p, b"new contents").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"new contents");
        let failed = write_atomic(&p, |tmp| {
            std::fs::write(tmp, b"partial").unwrap();
            Err(GenomeError::InvalidArgument("stop".into()))
        });
        assert!(failed.is_err());
        assert_eq!(std::fs::read(&p).unwrap(), b"new contents");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }
}
