//! Atomic output: a file is written to a temporary name in the same folder, flushed to disk (`fsync`) and
//! renamed over the target, so a reader sees either the old file or the whole new one, never a part.

use std::path::Path;

use crate::error::Result;

/// Writes `path` through `write(temporary path)`, then syncs and renames it into place (seq-io's one atomic
/// writer); on an error the temporary file is removed.
pub fn write_atomic<F>(path: &Path, write: F) -> Result<()>
where
    F: FnOnce(&Path) -> Result<()>,
{
    seq_io::atomic::write_via_path(path, write)
}

/// Writes `bytes` to `path` atomically.
pub fn write_bytes_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    Ok(seq_io::atomic::write_atomic(path, bytes)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::GenomeError;

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
