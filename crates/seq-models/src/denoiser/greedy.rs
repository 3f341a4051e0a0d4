//! Seed 002's training windows and greedy generation loop.

use burn::tensor::{Tensor, TensorData};

use super::model::NextSymbolModel;
use super::{normalize_reads, symbol_index, DenoiseError, END, N_SYMBOLS, START, SYMBOLS};

/// Symbol indices of a read wrapped in the seed's markers: `<` + read + `>`.
fn marked_indices(read: &[u8]) -> Vec<usize> {
    let mut symbols = Vec::with_capacity(read.len() + 2);
    symbols.push(START);
    // Reads are normalised (A, C, G, T only), so every byte has an index.
    symbols.extend(read.iter().filter_map(|&b| symbol_index(b)));
    symbols.push(END);
    symbols
}

/// One-hot `(window, 6)` encoding (row-major) of the last `window` symbols of `history`, left-padded with
/// the symbol of index 0 (`<`) exactly like Keras' `pad_sequences` followed by `to_categorical`.
pub fn encode_window(history: &[usize], window: usize) -> Vec<f32> {
    let mut out = vec![0.0f32; window * N_SYMBOLS];
    let kept = &history[history.len().saturating_sub(window)..];
    let pad = window - kept.len();
    for row in 0..pad {
        out[row * N_SYMBOLS + START] = 1.0;
    }
    for (k, &s) in kept.iter().enumerate() {
        out[(pad + k) * N_SYMBOLS + s] = 1.0;
    }
    out
}

/// Training pairs of the seed: for each read wrapped as `<read>`, every position `j ≥ window` gives the
/// window of the `window` previous symbols and the symbol at `j` as target. With `left_padded` the
/// positions `1 ≤ j < window` are added too, their windows left-padded with `<` (what the greedy loop
/// sees at its start; the seed never trained on them).
///
/// Returns the one-hot windows `(n, window, 6)` row-major and the target indices.
pub fn training_windows<R: AsRef<[u8]>>(
    reads: &[R],
    window: usize,
    left_padded: bool,
) -> Result<(Vec<f32>, Vec<usize>), DenoiseError> {
    if window == 0 {
        return Err(DenoiseError::Config("window must be at least 1".into()));
    }
    let reads = normalize_reads(reads)?;
    let (mut x, mut y) = (Vec::new(), Vec::new());
    for read in &reads {
        let symbols = marked_indices(read);
        let first = if left_padded { 1 } else { window };
        for j in first..symbols.len() {
            x.extend(encode_window(&symbols[j.saturating_sub(window)..j], window));
            y.push(symbols[j]);
        }
    }
    if y.is_empty() {
        return Err(DenoiseError::Data(format!("no read is longer than the window of {window} symbols")));
    }
    Ok((x, y))
}

/// The seed's generation loop: start from `<`, repeatedly append the most probable next symbol given the
/// last `window` symbols, stop after `>` or when the output holds `max_len` symbols (markers included).
///
/// Returns the generated string with its markers, e.g. `<ACG…T>`.
pub fn greedy_decode<B: seq_kernels::SeqKernels>(
    model: &NextSymbolModel<B>,
    max_len: usize,
    device: &B::Device,
) -> Vec<u8> {
    let mut symbols = vec![START];
    while symbols.len() < max_len && symbols.last() != Some(&END) {
        let window = encode_window(&symbols, model.window);
        let x = Tensor::<B, 3>::from_data(TensorData::new(window, [1, model.window, N_SYMBOLS]), device);
        let next = model.forward(x).argmax(1).into_data().iter::<i64>().next().unwrap_or(END as i64);
        symbols.push(next.clamp(0, N_SYMBOLS as i64 - 1) as usize);
    }
    symbols.iter().map(|&s| SYMBOLS[s]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_are_left_padded_with_start() {
        let w = encode_window(&[2, 3], 4);
        let rows: Vec<usize> = w.chunks(N_SYMBOLS).map(|r| r.iter().position(|&v| v == 1.0).unwrap()).collect();
        assert_eq!(rows, vec![START, START, 2, 3]);
        let long = encode_window(&[2, 3, 4, 5, 1], 3);
        let rows: Vec<usize> = long.chunks(N_SYMBOLS).map(|r| r.iter().position(|&v| v == 1.0).unwrap()).collect();
        assert_eq!(rows, vec![4, 5, 1]);
    }

    #[test]
    fn training_windows_follow_the_seed() {
        // "<ACGT>" has 6 symbols: with window 3, targets are positions 3, 4, 5 → G, T, >.
        let (x, y) = training_windows(&[b"ACGT"], 3, false).unwrap();
        assert_eq!(y, vec![4, 5, END]);
        assert_eq!(x.len(), 3 * 3 * N_SYMBOLS);
        let (_, y) = training_windows(&[b"ACGT"], 3, true).unwrap();
        assert_eq!(y, vec![2, 3, 4, 5, END]);
        assert!(matches!(training_windows(&[b"AC"], 10, false), Err(DenoiseError::Data(_))));
    }
}
