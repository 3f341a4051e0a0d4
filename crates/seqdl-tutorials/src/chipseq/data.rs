//! The two ChIP-seq datasets of the tutorial: IRF1 (an HDF5 file in the original's layout) and CTCF peaks
//! (FASTA + target files pooled, split 70/15/15 with the seed, written to HDF5 by seqdl and read back, as
//! the tutorial reads `CTCF_200.h5`).

use super::super::Context;
use crate::{Error, Result};
use seq_io::h5::{read_splits, write_splits, H5ReadOptions};
use seq_io::load::{load_dataset, LabelSource, LengthPolicy};
use seq_io::{Dataset, Splits, UnknownPolicy};

/// The IRF1 file (Koo & Ploenzke; `X_*` `(N, 4, 400)`, `Y_*` `(N, 1)`).
pub const IRF1_H5: &str = "koo_chipseq_h5/IRF1_400_h3k27ac.h5";
/// The keras_genomics CTCF files (101 nt; target column 0 = bound).
const CTCF_PARTS: [(&str, &str); 2] = [
    ("keras_genomics_ctcf/test.fa", "keras_genomics_ctcf/test.target"),
    ("keras_genomics_ctcf/valid.fa", "keras_genomics_ctcf/valid.target"),
];

/// Reads the IRF1 splits.
pub fn irf1(ctx: &Context) -> Result<Splits> {
    let path = ctx.data_file(IRF1_H5)?;
    Ok(read_splits(&path, &H5ReadOptions::default())?)
}

/// Keeps label column `task` of `ds` (a single-task dataset).
fn single_task(ds: &Dataset, task: usize) -> Result<Dataset> {
    let y = (0..ds.n()).map(|i| ds.label(i)[task]).collect();
    Ok(Dataset::new(ds.x.clone(), y, ds.len, 1, ds.names.clone())?)
}

/// Pools the CTCF FASTA files (bound = target column 0), splits them 70/15/15 with `seed`, writes the
/// splits to `ctcf_101.h5` in the tutorial's output folder and reads them back. Returns the splits read
/// from the file and whether they equal the ones written.
pub fn ctcf(ctx: &Context, seed: u64) -> Result<(Splits, bool)> {
    let mut pooled: Option<Dataset> = None;
    for (fasta, target) in CTCF_PARTS {
        let (fasta, target) = (ctx.data_file(fasta)?, ctx.data_file(target)?);
        let part =
            load_dataset(&fasta, &LabelSource::TargetTsv(target.clone()), UnknownPolicy::Zeros, LengthPolicy::Exact)?;
        if part.tasks != 2 {
            return Err(Error::Step(format!(
                "{}: expected 2 target columns (bound, shuffled), found {}",
                target.display(),
                part.tasks
            )));
        }
        let part = single_task(&part, 0)?;
        pooled = Some(match pooled {
            Some(p) => p.concat(&part)?,
            None => part,
        });
    }
    let pooled = pooled.ok_or_else(|| Error::Step("no CTCF file".into()))?;
    let splits = pooled.split(0.15, 0.15, seed)?;
    let path = ctx.out("ctcf_101.h5");
    write_splits(&path, &splits)?;
    let back = read_splits(&path, &H5ReadOptions::default())?;
    let same = back.train == splits.train && back.valid == splits.valid && back.test == splits.test;
    tracing::info!(path = %path.display(), train = back.train.n(), valid = back.valid.n(), test = back.test.n(), same, "CTCF H5 written and read back");
    Ok((back, same))
}

/// The first `n` sequences of a seeded shuffle of `ds` (all of them when `n ≥ N`).
pub fn subsample(ds: &Dataset, n: usize, seed: u64) -> Dataset {
    if n >= ds.n() {
        return ds.clone();
    }
    let perm = Dataset::permutation(ds.n(), seed);
    ds.subset(&perm[..n])
}

/// Fraction of positive labels.
pub fn positive_fraction(ds: &Dataset) -> f64 {
    ds.y.iter().filter(|&&v| v > 0.5).count() as f64 / ds.n().max(1) as f64
}

/// The central `width` positions of every sequence (all of `ds` when it is not longer).
pub fn crop_center(ds: &Dataset, width: usize) -> Result<Dataset> {
    if width == 0 || width >= ds.len {
        return Ok(ds.clone());
    }
    let start = (ds.len - width) / 2;
    let mut x = Vec::with_capacity(ds.n() * 4 * width);
    for i in 0..ds.n() {
        let seq = ds.seq(i);
        for b in 0..4 {
            x.extend_from_slice(&seq[b * ds.len + start..b * ds.len + start + width]);
        }
    }
    Ok(Dataset::new(x, ds.y.clone(), width, ds.tasks, ds.names.clone())?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crop_center_keeps_the_middle_of_every_channel() {
        let seq = seq_io::onehot::encode(b"AACGTTGA", UnknownPolicy::Strict, "s").unwrap();
        let ds = Dataset::new(seq, vec![1.0], 8, 1, vec!["s".into()]).unwrap();
        let c = crop_center(&ds, 4).unwrap();
        assert_eq!((c.len, c.y.clone()), (4, vec![1.0]));
        assert_eq!(seq_io::onehot::decode(c.seq(0), 4), "CGTT");
        assert_eq!(crop_center(&ds, 8).unwrap(), ds);
    }
}
