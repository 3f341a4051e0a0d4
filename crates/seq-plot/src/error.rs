//! The one error type of seq-plot.

use std::path::PathBuf;

/// Everything that can go wrong while drawing or writing a figure.
#[derive(Debug, thiserror::Error)]
pub enum PlotError {
    /// The PNG (or its parent directory) could not be written.
    #[error("cannot write figure {path}: {reason}")]
    Write {
        /// The figure file that was being written.
        path: PathBuf,
        /// What the encoder or the file system reported.
        reason: String,
    },
    /// An input that must hold at least one value is empty.
    #[error("cannot draw {what}: it is empty")]
    Empty {
        /// The input that is empty (e.g. "logo heights").
        what: String,
    },
    /// An input holds NaN or an infinite value.
    #[error("cannot draw {what}: value {value} at {location} is not finite")]
    NonFinite {
        /// The input holding the value.
        what: String,
        /// Where the value is, e.g. "row 2, column 17".
        location: String,
        /// The offending value.
        value: f64,
    },
    /// Two inputs that must agree in length do not.
    #[error("cannot draw {what}: expected {expected} entries, found {found}")]
    LengthMismatch {
        /// The input with the wrong length.
        what: String,
        /// The length it must have.
        expected: usize,
        /// The length it has.
        found: usize,
    },
    /// A highlighted span lies outside the drawn positions or is empty.
    #[error("cannot draw {what}: span {start}..{end} is not a non-empty range inside 0..{len}")]
    InvalidSpan {
        /// The figure whose span is wrong.
        what: String,
        /// First position of the span (0-based).
        start: usize,
        /// One past the last position of the span.
        end: usize,
        /// Number of positions drawn.
        len: usize,
    },
    /// The requested image size is zero or unreasonably large.
    #[error("invalid figure size {width}x{height} px (each side must be 64..=16384)")]
    InvalidSize {
        /// Requested width in pixels.
        width: u32,
        /// Requested height in pixels.
        height: u32,
    },
    /// Any other invalid argument (e.g. an inverted axis range).
    #[error("cannot draw {what}: {reason}")]
    InvalidInput {
        /// The input or option that is wrong.
        what: String,
        /// Why it is wrong.
        reason: String,
    },
    /// The embedded font could not be registered with plotters.
    #[error("the embedded font {0} could not be loaded")]
    Font(String),
    /// plotters reported a drawing failure.
    #[error("drawing failed: {0}")]
    Draw(String),
}

impl<E: std::error::Error + Send + Sync> From<plotters::drawing::DrawingAreaErrorKind<E>> for PlotError {
    fn from(err: plotters::drawing::DrawingAreaErrorKind<E>) -> Self {
        PlotError::Draw(err.to_string())
    }
}
