//! The one error type of seq-sim. Every variant says which argument is wrong and why, so a caller (or the
//! CLI) can print it as is.

use seq_io::IoError;

/// Errors raised by the simulators: impossible or out-of-range parameters, and seq-io errors (unknown motif
/// name, unreadable motif file, dataset assembly) wrapped as they are.
#[derive(Debug, thiserror::Error)]
pub enum SimError {
    /// A GC fraction (or another probability) outside `[0, 1]` or not finite.
    #[error("GC fraction {0} is outside [0, 1]")]
    GcFraction(f64),
    /// A base distribution that is not four non-negative numbers summing to 1.
    #[error("base distribution {0:?} must be four non-negative numbers summing to 1")]
    Distribution([f64; 4]),
    /// A motif (or fixed string, or motif pair with its spacer) that does not fit where it must be placed.
    #[error("motif {motif:?} of length {motif_len} does not fit in {space}")]
    MotifTooLong {
        /// Name of the motif (or description of the unit).
        motif: String,
        /// Length of the motif (or unit).
        motif_len: usize,
        /// Description of the available space, e.g. `a sequence of length 8`.
        space: String,
    },
    /// More instances are requested than can ever be placed without overlap.
    #[error("{count} instances of total length {total_len} cannot be placed without overlap in {space}")]
    TooManyInstances {
        /// Largest number of instances that may be requested.
        count: usize,
        /// Their total length.
        total_len: usize,
        /// Description of the available space.
        space: String,
    },
    /// Placement failed at run time: no free window left, or the attempt cap was reached.
    #[error(
        "sequence {sequence}: could not place motif {motif:?} without overlap after {attempts} attempts ({reason})"
    )]
    NoRoom {
        /// Index of the sequence being generated.
        sequence: usize,
        /// Name of the motif.
        motif: String,
        /// Attempts made.
        attempts: usize,
        /// Why placement stopped.
        reason: String,
    },
    /// Read-error rates that are negative, not finite, or sum above 1 (or an insertion rate of 1).
    #[error("error rates insertion={insertion}, deletion={deletion}, substitution={substitution}: {reason}")]
    Rates {
        /// Insertion rate pi.
        insertion: f64,
        /// Deletion rate pd.
        deletion: f64,
        /// Substitution rate ps.
        substitution: f64,
        /// What is wrong.
        reason: String,
    },
    /// A sequence given as input contains a letter the operation cannot use.
    #[error("{what}: position {position}: character {ch:?} is not A, C, G or T")]
    InvalidBase {
        /// Which input (e.g. `template`).
        what: String,
        /// 0-based position.
        position: usize,
        /// The offending character.
        ch: char,
    },
    /// A motif name asked for is not in the motifs given (seq-io's error is used when motifs come from a file).
    #[error("no motif named {name:?} among the {available} motifs given")]
    UnknownMotif {
        /// The name asked for.
        name: String,
        /// How many motifs were available.
        available: usize,
    },
    /// Any other argument out of range (counts with min > max, Markov order too high, empty input, …).
    #[error("invalid argument: {0}")]
    InvalidArgument(String),
    /// An error from seq-io (motif files, writers, dataset assembly).
    #[error(transparent)]
    Io(#[from] IoError),
}

/// Result alias of seq-sim.
pub type Result<T, E = SimError> = std::result::Result<T, E>;
