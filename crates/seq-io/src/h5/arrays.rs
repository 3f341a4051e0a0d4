//! Attribution files: per-base scores `(N, 4, L)` stored beside the sequences they explain, in a layout every
//! HDF5 reader understands (h5py: `f["attributions"][()]` is an `(N, 4, L)` float32 array).
//!
//! | dataset | shape | content |
//! |---|---|---|
//! | `attributions` | `(N, 4, L)` f32 | score of base channel A, C, G, T at each position (chunked, gzip) |
//! | `predictions` | `(N,)` f32 | the model's prediction of the explained output for each sequence |
//! | `method` | `(1,)` string | e.g. `saliency`, `grad-input`, `ism`, `ig` |
//! | `target` | `(1,)` i64 | the output (task or class) explained |
//! | `x_input`, `y_input`, `names_input`, `ann_input_*` | | the explained sequences as split `input` of the tutorial layout (see the [module docs](super)) |
//!
//! Channel order is A, C, G, T; positions are 0-based.

use std::path::Path;

use super::tutorial::{read_split, write_split};
use super::{ArrayData, ArrayReader, ArrayWriter, Backend, DefaultBackend, ElemKind, H5ReadOptions, Layout};
use crate::dataset::Dataset;
use crate::error::{IoError, Result};

/// The split name under which the explained sequences are stored.
pub const INPUT_SPLIT: &str = "input";

/// Per-base attribution scores of a set of sequences, with the sequences themselves.
#[derive(Debug, Clone, PartialEq)]
pub struct AttributionFile {
    /// How the scores were computed (`saliency`, `grad-input`, `ism`, `ig`, …).
    pub method: String,
    /// The model output explained.
    pub target: usize,
    /// Scores `(N, 4, L)` row-major, index `(i * 4 + base) * L + position`.
    pub values: Vec<f32>,
    /// The model's prediction of output `target` for each sequence (`N` values).
    pub predictions: Vec<f32>,
    /// The explained sequences (one-hot, labels, names and ground-truth annotations when known).
    pub input: Dataset,
}

impl AttributionFile {
    /// Checks that the scores and predictions fit the `N` sequences of length `L` of `input`.
    pub fn new(
        method: impl Into<String>,
        target: usize,
        values: Vec<f32>,
        predictions: Vec<f32>,
        input: Dataset,
    ) -> Result<Self> {
        let file = AttributionFile { method: method.into(), target, values, predictions, input };
        file.check(Path::new("<memory>"))?;
        Ok(file)
    }

    /// Number of sequences.
    pub fn n(&self) -> usize {
        self.input.n()
    }

    /// Sequence length.
    pub fn len(&self) -> usize {
        self.input.len
    }

    /// True when the file explains no sequence.
    pub fn is_empty(&self) -> bool {
        self.input.is_empty()
    }

    /// The `(4, L)` scores of sequence `i`.
    pub fn sequence(&self, i: usize) -> &[f32] {
        let width = 4 * self.input.len;
        &self.values[i * width..(i + 1) * width]
    }

    /// Writes the file with the default HDF5 backend, atomically (replacing `path` only when complete).
    pub fn write(&self, path: &Path) -> Result<()> {
        self.check(path)?;
        crate::atomic::write_via_path(path, |tmp| self.write_with::<DefaultBackend>(tmp))
    }

    /// Reads a file written by [`AttributionFile::write`] (or by another tool in the same layout).
    pub fn read(path: &Path) -> Result<Self> {
        Self::read_with::<DefaultBackend>(path)
    }

    /// [`AttributionFile::write`] with backend `B`.
    pub fn write_with<B: Backend>(&self, path: &Path) -> Result<()> {
        self.check(path)?;
        let (n, len) = (self.n(), self.len());
        let mut writer = B::create(path)?;
        let chunk = (n > 0 && len > 0).then(|| [((1usize << 18) / (4 * len)).clamp(1, n), 4, len]);
        writer.write_array(
            "attributions",
            &[n, 4, len],
            ArrayData::F32(&self.values),
            chunk.as_ref().map(|c| c.as_slice()),
        )?;
        writer.write_array("predictions", &[n], ArrayData::F32(&self.predictions), None)?;
        writer.write_strings("method", std::slice::from_ref(&self.method))?;
        writer.write_array("target", &[1], ArrayData::I64(&[self.target as i64]), None)?;
        write_split(&mut writer, INPUT_SPLIT, &self.input)?;
        writer.finish()?;
        tracing::info!(path = %path.display(), n, len, method = %self.method, "wrote attributions");
        Ok(())
    }

    /// [`AttributionFile::read`] with backend `B`.
    pub fn read_with<B: Backend>(path: &Path) -> Result<Self> {
        let reader = B::open(path)?;
        let input =
            read_split(&reader, INPUT_SPLIT, &H5ReadOptions { layout: Some(Layout::ChannelsFirst), allow_soft: true })?;
        let values = read_numeric(&reader, "attributions", &[input.n(), 4, input.len])?;
        let predictions = read_numeric(&reader, "predictions", &[input.n()])?;
        let method = match reader.info("method")? {
            Some(info) if info.kind == ElemKind::String => {
                reader.read_strings("method")?.into_iter().next().unwrap_or_default()
            }
            _ => String::new(),
        };
        let target = match reader.info("target")? {
            Some(info) if info.kind.is_numeric() => reader.read_i64("target")?.first().copied().unwrap_or(0),
            _ => 0,
        };
        let target = usize::try_from(target)
            .map_err(|_| shape_error(path, "target", format!("negative output index {target}")))?;
        let file = AttributionFile { method, target, values, predictions, input };
        file.check(path)?;
        Ok(file)
    }

    fn check(&self, path: &Path) -> Result<()> {
        let (n, len) = (self.n(), self.len());
        if self.values.len() != n * 4 * len {
            return Err(shape_error(
                path,
                "attributions",
                format!("{} values for {n} sequences × 4 × {len}", self.values.len()),
            ));
        }
        if self.predictions.len() != n {
            return Err(shape_error(
                path,
                "predictions",
                format!("{} values for {n} sequences", self.predictions.len()),
            ));
        }
        Ok(())
    }
}

/// Reads numeric dataset `name`, refusing any shape but `expected`.
fn read_numeric<R: ArrayReader>(reader: &R, name: &str, expected: &[usize]) -> Result<Vec<f32>> {
    let path = reader.path();
    let info = reader
        .info(name)?
        .ok_or_else(|| shape_error(path, name, "the dataset is missing (not an attribution file?)".into()))?;
    if !info.kind.is_numeric() {
        return Err(shape_error(path, name, format!("values must be numbers, found {:?}", info.kind)));
    }
    if info.shape != expected {
        return Err(shape_error(
            path,
            name,
            format!("shape {:?} does not fit the stored sequences, expected {expected:?}", info.shape),
        ));
    }
    reader.read_f32(name)
}

fn shape_error(path: &Path, dataset: &str, message: String) -> IoError {
    IoError::Shape { path: path.to_path_buf(), dataset: dataset.to_string(), message }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::{Annotation, Strand};

    fn example() -> AttributionFile {
        let x = crate::onehot::encode(b"ACGTAC", crate::UnknownPolicy::Strict, "a").unwrap();
        let mut both = x.clone();
        both.extend(crate::onehot::encode(b"GGGTTT", crate::UnknownPolicy::Strict, "b").unwrap());
        let ann = vec![vec![Annotation { name: "m".into(), start: 1, end: 3, strand: Strand::Reverse }], vec![]];
        let input = Dataset::new(both, vec![1.0, 0.0], 6, 1, vec!["a".into(), "b".into()])
            .unwrap()
            .with_annotations(ann)
            .unwrap();
        let values: Vec<f32> = (0..48).map(|v| v as f32 * 0.5 - 3.0).collect();
        AttributionFile::new("saliency", 0, values, vec![0.9, 0.1], input).unwrap()
    }

    #[test]
    fn round_trips_scores_sequences_and_annotations() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("attr.h5");
        let file = example();
        file.write(&path).unwrap();
        let back = AttributionFile::read(&path).unwrap();
        assert_eq!(back, file);
        assert_eq!(back.sequence(1)[0], file.values[24]);
    }

    #[test]
    fn refuses_scores_that_do_not_fit_and_names_the_file() {
        let f = example();
        assert!(AttributionFile::new("ism", 0, vec![0.0; 47], vec![0.0; 2], f.input.clone()).is_err());
        assert!(AttributionFile::new("ism", 0, vec![0.0; 48], vec![0.0; 3], f.input.clone()).is_err());
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plain.h5");
        crate::h5::write_dataset(&path, "input", &f.input).unwrap();
        let err = AttributionFile::read(&path).unwrap_err().to_string();
        assert!(err.contains("plain.h5") && err.contains("attributions"), "{err}");
    }
}
