//! Outputs of the pipelines: every file goes through seq-io's atomic writer (temporary file, fsync,
//! rename), so a failure leaves the previous file or none, never half of one.

use std::path::Path;

use crate::error::{AppError, Result};

/// Creates `dir` (and its parents) and removes temporary files that killed runs left in it.
pub fn create_dir(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| seq_io::IoError::io(dir, e))?;
    let stale = seq_io::atomic::clean_stale(dir);
    if stale > 0 {
        tracing::info!(dir = %dir.display(), stale, "removed temporary files of earlier, interrupted runs");
    }
    Ok(())
}

/// Writes `text` to `path` atomically, creating its folder.
pub fn write_text(path: &Path, text: &str) -> Result<()> {
    Ok(seq_io::atomic::write_atomic(path, text.as_bytes())?)
}

/// Writes `value` as pretty JSON, atomically.
pub fn write_json<T: serde::Serialize>(path: &Path, value: &T) -> Result<()> {
    let json = serde_json::to_string_pretty(value)
        .map_err(|source| AppError::Serialize { path: path.to_path_buf(), source })?;
    write_text(path, &json)
}

/// A file-name-safe version of a record name (at most 60 characters).
pub fn file_stem(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.' { c } else { '_' })
        .take(60)
        .collect()
}

/// The column names of a model's outputs: `task_<t>` (sigmoid or linear heads) or `class_<k>` (softmax).
pub fn output_names(head: seq_models::Head, outputs: usize) -> Vec<String> {
    let prefix = if head == seq_models::Head::Softmax { "class" } else { "task" };
    (0..outputs).map(|k| format!("{prefix}_{k}")).collect()
}

/// Parses a half-open window `START:END` (0-based).
pub fn parse_window(text: &str) -> std::result::Result<std::ops::Range<usize>, String> {
    let (a, b) = text.split_once(':').ok_or_else(|| format!("window {text:?} is not START:END"))?;
    let start: usize = a.trim().parse().map_err(|_| format!("window start {a:?} is not a position"))?;
    let end: usize = b.trim().parse().map_err(|_| format!("window end {b:?} is not a position"))?;
    if end <= start {
        return Err(format!("window {text:?} is empty (END must exceed START)"));
    }
    Ok(start..end)
}
