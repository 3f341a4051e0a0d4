//! Logo PNGs: a named motif of a motif file (information content), or one sequence of an attribution file
//! written by [`explain`](super::explain) (raw attribution heights).

use std::ops::Range;
use std::path::{Path, PathBuf};

use seq_interpret::Attribution;
use seq_io::h5::arrays::AttributionFile;

use super::explain::auto_window;
use crate::error::{AppError, Result};
use crate::motifs::{resolve, Embedded};

/// What a logo shows.
#[derive(Debug, Clone, PartialEq)]
pub enum LogoSource {
    /// Motif `name` of `file` (default: the embedded ENCODE compendium, then JASPAR 2016).
    Motif {
        /// Motif file, or `None` for the embedded databases.
        file: Option<PathBuf>,
        /// Motif name.
        name: String,
        /// Draw the reverse complement.
        reverse_complement: bool,
    },
    /// Sequence `index` of an attribution file.
    Attribution {
        /// The attribution file.
        file: PathBuf,
        /// Index of the sequence.
        index: usize,
        /// Positions drawn (default: whole sequence up to 100 nt, else the 100 nt around the peak).
        window: Option<Range<usize>>,
    },
}

/// What was drawn: the PNG and a one-line description.
#[derive(Debug, Clone)]
pub struct Logo {
    /// The PNG written.
    pub path: PathBuf,
    /// A description (motif, consensus, or record and window).
    pub description: String,
}

/// Draws `source` into `out` (PNG), titled `title` or a default.
pub fn logo(source: &LogoSource, title: Option<&str>, out: &Path) -> Result<Logo> {
    match source {
        LogoSource::Motif { file, name, reverse_complement } => {
            motif_logo(file.as_deref(), name, *reverse_complement, title, out)
        }
        LogoSource::Attribution { file, index, window } => attribution_logo(file, *index, window.clone(), title, out),
    }
}

fn motif_logo(file: Option<&Path>, name: &str, rc: bool, title: Option<&str>, out: &Path) -> Result<Logo> {
    let set = match file {
        Some(f) => resolve(Some(f), Embedded::Encode)?,
        None => {
            let encode = resolve(None, Embedded::Encode)?;
            let from_env = std::env::var_os(crate::motifs::MOTIFS_ENV).is_some();
            match (encode.contains(name) || from_env, Embedded::Jaspar2016.load()?) {
                (false, jaspar) if jaspar.contains(name) => jaspar,
                _ => encode,
            }
        }
    };
    let mut pfm = set.get(name)?.clone();
    if rc {
        pfm = pfm.reverse_complement();
    }
    let title = title.map(str::to_string).unwrap_or_else(|| {
        let strand = if rc { " (reverse complement)" } else { "" };
        if pfm.description.is_empty() {
            format!("{name}{strand}")
        } else {
            format!("{name} {}{strand}", pfm.description)
        }
    });
    seq_interpret::figures::pfm_logo(out, &pfm, &title)?;
    Ok(Logo {
        path: out.to_path_buf(),
        description: format!("{name} ({} columns, consensus {})", pfm.len(), pfm.consensus()),
    })
}

fn attribution_logo(
    h5: &Path,
    index: usize,
    window: Option<Range<usize>>,
    title: Option<&str>,
    out: &Path,
) -> Result<Logo> {
    let file = AttributionFile::read(h5)?;
    if index >= file.n() {
        return Err(AppError::option(
            "--index",
            format!("{}: {index}, but the file holds {} sequences", h5.display(), file.n()),
        ));
    }
    let attr = Attribution::new(file.values.clone(), file.n(), file.len())?;
    let window = match window {
        Some(w) if w.end <= file.len() => w,
        Some(w) => {
            return Err(AppError::option(
                "--window",
                format!("{}: {w:?} runs past the sequence length {}", h5.display(), file.len()),
            ))
        }
        None => auto_window(&attr, index, 100),
    };
    let name = &file.input.names[index];
    let title =
        title.map(str::to_string).unwrap_or_else(|| format!("{} of {name} (output {})", file.method, file.target));
    let annotations = file.input.annotations.get(index).map(Vec::as_slice).unwrap_or(&[]);
    seq_interpret::figures::attribution_logo(out, &attr, index, window.clone(), annotations, &title)?;
    Ok(Logo { path: out.to_path_buf(), description: format!("{name}, positions {}..{}", window.start, window.end) })
}
