//! The tutorial file layout (`x_*`/`y_*` per split, plus names and annotations), written once over any
//! [`Backend`]. See the [module docs](super) for the exact datasets.

use std::path::Path;

use super::annotations::{read_annotations, write_annotations};
use super::{ArrayData, ArrayReader, ArrayWriter, Backend, ElemKind, H5ReadOptions, Layout, SPLITS};
use crate::dataset::{Dataset, Splits};
use crate::error::{IoError, Result};

/// Rows per chunk of `x` are chosen so that one chunk holds about this many values (1 MiB of f32).
const CHUNK_VALUES: usize = 1 << 18;
/// The gzip level of written `x` datasets (the level of the Koo lab files).
pub const GZIP_LEVEL: u8 = 4;

/// Reads the three splits of `path` with backend `B`.
pub fn read_splits<B: Backend>(path: &Path, opts: &H5ReadOptions) -> Result<Splits> {
    let reader = B::open(path)?;
    let [train, valid, test] = SPLITS.map(|s| read_split(&reader, s, opts));
    Ok(Splits { train: train?, valid: valid?, test: test? })
}

/// Reads split `split` of `path` with backend `B`.
pub fn read_dataset<B: Backend>(path: &Path, split: &str, opts: &H5ReadOptions) -> Result<Dataset> {
    check_split_name(split)?;
    read_split(&B::open(path)?, split, opts)
}

/// Writes the three splits to a new file `path` with backend `B`.
pub fn write_splits<B: Backend>(path: &Path, splits: &Splits) -> Result<()> {
    let mut writer = B::create(path)?;
    for (split, dataset) in SPLITS.iter().zip([&splits.train, &splits.valid, &splits.test]) {
        write_split(&mut writer, split, dataset)?;
    }
    writer.finish()
}

/// Writes `dataset` as split `split` of a new file `path` with backend `B`.
pub fn write_dataset<B: Backend>(path: &Path, split: &str, dataset: &Dataset) -> Result<()> {
    check_split_name(split)?;
    let mut writer = B::create(path)?;
    write_split(&mut writer, split, dataset)?;
    writer.finish()
}

/// Split names become dataset names: keep them to letters, digits and `_`.
fn check_split_name(split: &str) -> Result<()> {
    if split.is_empty() || !split.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(IoError::InvalidArgument(format!("split name {split:?} must be non-empty letters, digits or '_'")));
    }
    Ok(())
}

/// Reads one split from an open file: x, y, names and annotations.
pub fn read_split<R: ArrayReader>(reader: &R, split: &str, opts: &H5ReadOptions) -> Result<Dataset> {
    let x_name = find_split_array(reader, 'x', split)?;
    let y_name = find_split_array(reader, 'y', split)?;
    let (x, n, len) = read_x(reader, &x_name, opts)?;
    let (y, tasks) = read_y(reader, &y_name, n)?;
    let names = read_names(reader, split, n)?;
    check_labels_finite(reader.path(), &y_name, &y, tasks, &names)?;
    let annotations = read_annotations(reader, split, n, len)?;
    tracing::debug!(path = %reader.path().display(), split, n, len, tasks, "read HDF5 split");
    let dataset = Dataset::new(x, y, len, tasks, names)?;
    dataset.with_annotations(annotations)
}

/// The name of `x_{split}` (or `y_...`), accepting the capitalised spelling; an error naming the split and
/// the file when neither exists.
fn find_split_array<R: ArrayReader>(reader: &R, letter: char, split: &str) -> Result<String> {
    let lower = format!("{letter}_{split}");
    let upper = format!("{}_{split}", letter.to_ascii_uppercase());
    for name in [&lower, &upper] {
        if reader.info(name)?.is_some() {
            return Ok(name.clone());
        }
    }
    Err(IoError::Hdf5 {
        path: reader.path().to_path_buf(),
        message: format!("split {split:?} is missing: the file has no dataset {lower:?} (nor {upper:?})"),
    })
}

fn shape_error(path: &Path, dataset: &str, message: String) -> IoError {
    IoError::Shape { path: path.to_path_buf(), dataset: dataset.to_string(), message }
}

/// Which axis of a rank-3 `x` holds the 4 channels.
pub fn detect_layout(path: &Path, dataset: &str, shape: &[usize], wanted: Option<Layout>) -> Result<Layout> {
    if shape.len() != 3 {
        return Err(shape_error(
            path,
            dataset,
            format!("x must have 3 dimensions (N, 4, L) or (N, L, 4), found shape {shape:?}"),
        ));
    }
    let (first, last) = (shape[1] == 4, shape[2] == 4);
    match wanted {
        Some(Layout::ChannelsFirst) if first => Ok(Layout::ChannelsFirst),
        Some(Layout::ChannelsLast) if last => Ok(Layout::ChannelsLast),
        Some(layout) => Err(shape_error(path, dataset, format!("layout {layout:?} was requested but shape {shape:?} has no channel axis of size 4 there"))),
        None if first && last => Err(shape_error(
            path,
            dataset,
            format!("shape {shape:?} is ambiguous: both axes 1 and 2 have size 4; pass H5ReadOptions {{ layout: Some(Layout::ChannelsFirst or ChannelsLast) }}"),
        )),
        None if first => Ok(Layout::ChannelsFirst),
        None if last => Ok(Layout::ChannelsLast),
        None => Err(shape_error(path, dataset, format!("shape {shape:?} has no axis of size 4 (one-hot A,C,G,T) at position 1 or 2"))),
    }
}

/// Reads `x` as channels-first f32; returns the values, N and L.
fn read_x<R: ArrayReader>(reader: &R, name: &str, opts: &H5ReadOptions) -> Result<(Vec<f32>, usize, usize)> {
    let path = reader.path();
    let info = reader.info(name)?.ok_or_else(|| shape_error(path, name, "dataset vanished".into()))?;
    if !info.kind.is_numeric() {
        return Err(shape_error(
            path,
            name,
            format!("x must hold numbers (f32, f64, u8, i8 or bool), found {:?}", info.kind),
        ));
    }
    let layout = detect_layout(path, name, &info.shape, opts.layout)?;
    let values = reader.read_f32(name)?;
    let n = info.shape[0];
    let (x, len) = match layout {
        Layout::ChannelsFirst => (values, info.shape[2]),
        Layout::ChannelsLast => (channels_last_to_first(&values, n, info.shape[1]), info.shape[1]),
    };
    if x.len() != n * 4 * len {
        return Err(shape_error(path, name, format!("holds {} values, shape says {}", x.len(), n * 4 * len)));
    }
    if let Some(i) = x.iter().position(|v| !v.is_finite()) {
        return Err(shape_error(path, name, format!("record {} holds a non-finite value", i / (4 * len).max(1))));
    }
    if !opts.allow_soft {
        check_one_hot(path, name, &x, len)?;
    }
    Ok((x, n, len))
}

/// Refuses the first column of `x` (`(N, 4, L)`) that is neither one-hot nor an N column (all 0, or all
/// 0.25 as the uniform policy encodes N).
fn check_one_hot(path: &Path, name: &str, x: &[f32], len: usize) -> Result<()> {
    let column_ok = |c: [f32; 4]| {
        let ones = c.iter().filter(|&&v| v == 1.0).count();
        let zeros = c.iter().filter(|&&v| v == 0.0).count();
        (ones == 1 && zeros == 3) || zeros == 4 || c.iter().all(|&v| v == 0.25)
    };
    let bad = x.chunks_exact(4 * len.max(1)).enumerate().find_map(|(sequence, s)| {
        let (a, rest) = s.split_at(len);
        let (c, rest) = rest.split_at(len);
        let (g, t) = rest.split_at(len);
        let columns = a.iter().zip(c).zip(g).zip(t).map(|(((&a, &c), &g), &t)| [a, c, g, t]);
        columns
            .enumerate()
            .find(|(_, column)| !column_ok(*column))
            .map(|(position, values)| (sequence, position, values))
    });
    match bad {
        Some((sequence, position, values)) => {
            Err(IoError::SoftInput { path: path.to_path_buf(), dataset: name.to_string(), sequence, position, values })
        }
        None => Ok(()),
    }
}

/// Transposes `(N, L, 4)` row-major values to `(N, 4, L)`.
pub fn channels_last_to_first(values: &[f32], n: usize, len: usize) -> Vec<f32> {
    let mut out = vec![0.0; values.len()];
    for i in 0..n {
        let src = &values[i * len * 4..(i + 1) * len * 4];
        let dst = &mut out[i * 4 * len..(i + 1) * 4 * len];
        for (p, column) in src.chunks_exact(4).enumerate() {
            for (c, &v) in column.iter().enumerate() {
                dst[c * len + p] = v;
            }
        }
    }
    out
}

/// Reads `y` of shape `(N,)` or `(N, T)` as f32; returns the values and T.
fn read_y<R: ArrayReader>(reader: &R, name: &str, n: usize) -> Result<(Vec<f32>, usize)> {
    let path = reader.path();
    let info = reader.info(name)?.ok_or_else(|| shape_error(path, name, "dataset vanished".into()))?;
    if !info.kind.is_numeric() {
        return Err(shape_error(path, name, format!("labels must be numbers, found {:?}", info.kind)));
    }
    let tasks = match info.shape.as_slice() {
        [_] => 1,
        [_, t] => *t,
        other => {
            return Err(shape_error(path, name, format!("labels must have shape (N,) or (N, T), found {other:?}")))
        }
    };
    if info.shape[0] != n {
        return Err(shape_error(path, name, format!("{} labels for {n} sequences in x", info.shape[0])));
    }
    Ok((reader.read_f32(name)?, tasks))
}

/// Refuses NaN or infinite labels, naming the record and task.
fn check_labels_finite(path: &Path, name: &str, y: &[f32], tasks: usize, names: &[String]) -> Result<()> {
    match y.iter().position(|v| !v.is_finite()) {
        None => Ok(()),
        Some(i) => {
            let (record, task) = (i / tasks.max(1), i % tasks.max(1));
            Err(shape_error(
                path,
                name,
                format!(
                    "label of record {record} ({:?}), task {task}, is {} (not a finite number)",
                    names[record], y[i]
                ),
            ))
        }
    }
}

/// Record names from `names_{split}`, or `"{split}_{i}"` when the file has none.
fn read_names<R: ArrayReader>(reader: &R, split: &str, n: usize) -> Result<Vec<String>> {
    let name = format!("names_{split}");
    match reader.info(&name)? {
        None => Ok((0..n).map(|i| format!("{split}_{i}")).collect()),
        Some(info) if info.kind != ElemKind::String => {
            Err(shape_error(reader.path(), &name, format!("record names must be strings, found {:?}", info.kind)))
        }
        Some(_) => {
            let names = reader.read_strings(&name)?;
            if names.len() != n {
                return Err(shape_error(reader.path(), &name, format!("{} names for {n} sequences", names.len())));
            }
            Ok(names)
        }
    }
}

/// Writes one split: x (chunked, gzip), y, names and annotations when there are any.
pub fn write_split<W: ArrayWriter>(writer: &mut W, split: &str, dataset: &Dataset) -> Result<()> {
    let (n, len, tasks) = (dataset.n(), dataset.len, dataset.tasks);
    let chunk = x_chunk(n, len);
    writer.write_array(
        &format!("x_{split}"),
        &[n, 4, len],
        ArrayData::F32(&dataset.x),
        chunk.as_ref().map(|c| c.as_slice()),
    )?;
    writer.write_array(&format!("y_{split}"), &[n, tasks], ArrayData::F32(&dataset.y), None)?;
    writer.write_strings(&format!("names_{split}"), &dataset.names)?;
    write_annotations(writer, split, dataset)
}

/// Chunk extents of a written `x`: whole sequences, about [`CHUNK_VALUES`] values; `None` when empty.
fn x_chunk(n: usize, len: usize) -> Option<[usize; 3]> {
    if n == 0 || len == 0 {
        return None;
    }
    let rows = (CHUNK_VALUES / (4 * len)).clamp(1, n);
    Some([rows, 4, len])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transpose_moves_each_channel_to_its_row() {
        // one sequence, L = 2: positions (A, T) in channels-last order
        let last = [1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0];
        assert_eq!(channels_last_to_first(&last, 1, 2), vec![1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0]);
        let last = [0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0]; // C then G
        assert_eq!(channels_last_to_first(&last, 1, 2), vec![0.0, 0.0, 1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);
    }

    #[test]
    fn layout_detection_and_ambiguity() {
        let p = Path::new("f.h5");
        assert_eq!(detect_layout(p, "x", &[2, 4, 9], None).unwrap(), Layout::ChannelsFirst);
        assert_eq!(detect_layout(p, "x", &[2, 9, 4], None).unwrap(), Layout::ChannelsLast);
        assert!(detect_layout(p, "x", &[2, 4, 4], None).is_err());
        assert_eq!(detect_layout(p, "x", &[2, 4, 4], Some(Layout::ChannelsLast)).unwrap(), Layout::ChannelsLast);
        assert!(detect_layout(p, "x", &[2, 9, 4], Some(Layout::ChannelsFirst)).is_err());
        assert!(detect_layout(p, "x", &[2, 5, 9], None).is_err());
        assert!(detect_layout(p, "x", &[2, 4], None).is_err());
    }

    #[test]
    fn only_one_hot_and_n_columns_pass_the_one_hot_check() {
        let p = Path::new("f.h5");
        // two sequences of L = 2, channels first: A then N (zeros); uniform N then T
        let mut x = vec![1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.25, 0.0, 0.25, 0.0, 0.25, 0.0, 0.25, 1.0];
        check_one_hot(p, "x_train", &x, 2).unwrap();
        x[15] = 0.9;
        let err = check_one_hot(p, "x_train", &x, 2).unwrap_err();
        assert!(matches!(&err, IoError::SoftInput { sequence: 1, position: 1, .. }), "{err:?}");
        assert!(err.to_string().contains("\"x_train\"") && err.to_string().contains("f.h5"), "{err}");
        x[15] = 1.0;
        x[2] = 1.0; // a second 1 in the A row: C and A at once
        assert!(matches!(check_one_hot(p, "x", &x, 2), Err(IoError::SoftInput { sequence: 0, position: 0, .. })));
    }

    #[test]
    fn chunks_hold_whole_sequences() {
        assert_eq!(x_chunk(10, 400), Some([10, 4, 400]));
        assert_eq!(x_chunk(5000, 400), Some([163, 4, 400]));
        assert_eq!(x_chunk(3, 1 << 20), Some([1, 4, 1 << 20]));
        assert_eq!(x_chunk(0, 400), None);
    }
}
