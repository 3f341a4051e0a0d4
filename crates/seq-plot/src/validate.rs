//! Input checks shared by all figures: every error names the input and the offending location.

use crate::PlotError;

/// Fails with [`PlotError::Empty`] if `len` is 0.
pub fn non_empty(what: &str, len: usize) -> Result<(), PlotError> {
    if len == 0 {
        return Err(PlotError::Empty { what: what.to_string() });
    }
    Ok(())
}

/// Fails with [`PlotError::NonFinite`] on the first NaN/infinite value, located by `location(i)`.
pub fn all_finite(
    what: &str,
    values: impl IntoIterator<Item = f64>,
    location: impl Fn(usize) -> String,
) -> Result<(), PlotError> {
    for (i, value) in values.into_iter().enumerate() {
        if !value.is_finite() {
            return Err(PlotError::NonFinite { what: what.to_string(), location: location(i), value });
        }
    }
    Ok(())
}

/// Fails with [`PlotError::LengthMismatch`] if `found != expected`.
pub fn same_len(what: &str, expected: usize, found: usize) -> Result<(), PlotError> {
    if expected != found {
        return Err(PlotError::LengthMismatch { what: what.to_string(), expected, found });
    }
    Ok(())
}

/// Fails with [`PlotError::InvalidSpan`] unless `start < end <= len`.
pub fn span(what: &str, (start, end): (usize, usize), len: usize) -> Result<(), PlotError> {
    if start >= end || end > len {
        return Err(PlotError::InvalidSpan { what: what.to_string(), start, end, len });
    }
    Ok(())
}

/// Fails with [`PlotError::InvalidInput`] unless `range` is finite and increasing.
pub fn range(what: &str, (low, high): (f64, f64)) -> Result<(), PlotError> {
    if !(low.is_finite() && high.is_finite() && low < high) {
        return Err(PlotError::InvalidInput {
            what: what.to_string(),
            reason: format!("axis range {low}..{high} must be finite and increasing"),
        });
    }
    Ok(())
}

/// Checks a matrix given as rows: non-empty, rectangular, finite. Returns the number of columns.
pub fn matrix(what: &str, rows: &[Vec<f32>]) -> Result<usize, PlotError> {
    non_empty(what, rows.len())?;
    let n_cols = rows[0].len();
    non_empty(&format!("{what} row 0"), n_cols)?;
    for (r, row) in rows.iter().enumerate() {
        same_len(&format!("{what} row {r}"), n_cols, row.len())?;
        all_finite(what, row.iter().map(|&v| f64::from(v)), |c| format!("row {r}, column {c}"))?;
    }
    Ok(n_cols)
}
