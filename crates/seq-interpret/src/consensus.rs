//! A filter's consensus string (the arg-max base of each kernel column, as seed 002 prints it) and its
//! agreement with a motif's consensus, best over relative shifts and both strands.

use crate::error::{InterpretError, Result};
use crate::filters::FirstLayer;

/// The arg-max base (A, C, G, T; the first on ties) of every kernel column of `filter` (seed 002's reading
/// of a filter that fires on the positive class).
pub fn weight_consensus(layer: &FirstLayer, filter: usize) -> Result<String> {
    extreme_consensus(layer, filter, 1.0)
}

/// The arg-min base of every kernel column of `filter`: the reading of an anti-detector, a filter that fires
/// on the negative class, whose motif evidence lies in its most negative weights.
pub fn weight_anticonsensus(layer: &FirstLayer, filter: usize) -> Result<String> {
    extreme_consensus(layer, filter, -1.0)
}

fn extreme_consensus(layer: &FirstLayer, filter: usize, sign: f32) -> Result<String> {
    if filter >= layer.filters {
        return Err(InterpretError::InvalidInput(format!(
            "filter {filter} requested but the layer has {}",
            layer.filters
        )));
    }
    Ok((0..layer.width)
        .map(|k| {
            let col: [f32; 4] = std::array::from_fn(|b| sign * layer.weight(filter, b, k));
            let best = (1..4).fold(0, |best, b| if col[b] > col[best] { b } else { best });
            b"ACGT"[best] as char
        })
        .collect())
}

/// Mean over the `n` sequences of `filter`'s largest activation after ReLU (full windows only): compare it
/// between the classes to tell a detector (larger on positives) from an anti-detector.
pub fn mean_max_activation(layer: &FirstLayer, filter: usize, x: &[f32], n: usize, len: usize) -> Result<f32> {
    if filter >= layer.filters {
        return Err(InterpretError::InvalidInput(format!(
            "filter {filter} requested but the layer has {}",
            layer.filters
        )));
    }
    let acts = layer.activations(x, n, len)?;
    let per = acts.len() / (n * layer.filters);
    let total: f32 = (0..n)
        .map(|i| {
            let row = &acts[(i * layer.filters + filter) * per..(i * layer.filters + filter + 1) * per];
            row.iter().copied().fold(0.0f32, f32::max)
        })
        .sum();
    Ok(total / n as f32)
}

/// How a consensus string lines up with a motif's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Agreement {
    /// Columns whose letters are equal.
    pub matches: usize,
    /// Column `j` of the (possibly reverse-complemented) query faces column `j + offset` of the motif.
    pub offset: isize,
    /// True when the query's reverse complement is the one that agrees.
    pub reverse: bool,
}

/// The best agreement of `query` (e.g. a filter consensus) with `motif` (e.g. a PFM consensus, IUPAC
/// codes count only where they equal the query letter) over every shift with at least one overlapping
/// column and both strands of `query`. Ties prefer the forward strand, then the smallest |offset|.
pub fn consensus_agreement(query: &str, motif: &str) -> Agreement {
    let forward: Vec<u8> = query.bytes().map(|b| b.to_ascii_uppercase()).collect();
    let reverse = seq_io::onehot::reverse_complement(&forward);
    let motif: Vec<u8> = motif.bytes().map(|b| b.to_ascii_uppercase()).collect();
    let (q, m) = (forward.len() as isize, motif.len() as isize);
    let mut best = Agreement { matches: 0, offset: 0, reverse: false };
    for (strand, letters) in [(false, &forward), (true, &reverse)] {
        let mut offsets: Vec<isize> = (1 - q..m).collect();
        offsets.sort_by_key(|o| o.abs());
        for offset in offsets {
            let matches = (0..q)
                .filter(|&j| {
                    let c = j + offset;
                    (0..m).contains(&c) && motif[c as usize] == letters[j as usize]
                })
                .count();
            if matches > best.matches {
                best = Agreement { matches, offset, reverse: strand };
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consensus_takes_the_argmax_of_each_column() {
        // 1 filter, width 3: columns favour G, A, T
        let w = vec![0.1, 0.9, 0.0, /* C */ 0.0, 0.0, 0.0, /* G */ 0.8, 0.2, 0.1, /* T */ 0.0, 0.1, 0.5];
        let layer = FirstLayer::new(w, [1, 4, 3], vec![0.0]).unwrap();
        assert_eq!(weight_consensus(&layer, 0).unwrap(), "GAT");
        assert_eq!(weight_anticonsensus(&layer, 0).unwrap(), "CCA");
        assert!(weight_consensus(&layer, 1).is_err());
        // one-hot "GAT" scores 0.8 + 0.9 + 0.5, "CCA" scores 0 + 0 + 0
        let gat = [0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0];
        let cca = [0.0, 0.0, 1.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0];
        assert!((mean_max_activation(&layer, 0, &gat, 1, 3).unwrap() - 2.2).abs() < 1e-6);
        assert!((mean_max_activation(&layer, 0, &cca, 1, 3).unwrap()).abs() < 1e-6);
        let both: Vec<f32> = gat.iter().chain(&cca).copied().collect();
        assert!((mean_max_activation(&layer, 0, &both, 2, 3).unwrap() - 1.1).abs() < 1e-6);
    }

    #[test]
    fn agreement_finds_shift_and_strand() {
        assert_eq!(consensus_agreement("GGAAGG", "GGAAGG"), Agreement { matches: 6, offset: 0, reverse: false });
        assert_eq!(consensus_agreement("AAGG", "TTGGAAGGTT"), Agreement { matches: 4, offset: 4, reverse: false });
        // CCTT is the reverse complement of AAGG
        assert_eq!(consensus_agreement("CCTT", "TTGGAAGGTT"), Agreement { matches: 4, offset: 4, reverse: true });
        assert_eq!(consensus_agreement("TTTT", "GGGG").matches, 0);
        assert_eq!(consensus_agreement("AGGGA", "GGG"), Agreement { matches: 3, offset: -1, reverse: false });
    }
}
