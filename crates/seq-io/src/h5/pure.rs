//! The pure-Rust backend: `hdf5-pure` (no libhdf5, no C compiler). Reads superblock v0–v3 files,
//! chunked or contiguous, gzip/shuffle/LZF/scale-offset/Fletcher32; a file using a feature it does not
//! know (another filter, external storage, virtual datasets, a newer format version) gives
//! [`IoError::Hdf5Unsupported`], which names the `hdf5-c` feature.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use hdf5_pure::{DType, EnumTypeBuilder, File, FileBuilder, FormatError};

use super::{tutorial, ArrayData, ArrayInfo, ArrayReader, ArrayWriter, Backend, ElemKind, H5ReadOptions};
use crate::dataset::{Dataset, Splits};
use crate::error::{IoError, Result};

/// The `hdf5-pure` backend.
#[derive(Debug, Clone, Copy, Default)]
pub struct Pure;

impl Backend for Pure {
    const NAME: &'static str = "hdf5-pure";
    type Reader = PureReader;
    type Writer = PureWriter;

    fn open(path: &Path) -> Result<PureReader> {
        PureReader::open(path)
    }

    fn create(path: &Path) -> Result<PureWriter> {
        Ok(PureWriter { path: path.to_path_buf(), builder: FileBuilder::new() })
    }
}

/// True for the format errors that mean "this reader lacks a feature", not "the file is broken".
fn is_unsupported(e: &FormatError) -> bool {
    use FormatError as F;
    matches!(
        e,
        F::UnsupportedVersion(_)
            | F::UnsupportedMessage(_)
            | F::UnsupportedFilter(_)
            | F::UnsupportedVirtualLayout
            | F::UnsupportedExternalStorage
            | F::UnsupportedFilteredHeapObject
            | F::UnsupportedSohmReference
            | F::UnsupportedFillValueVersion(_)
            | F::UnsupportedFileSpaceInfoVersion(_)
            | F::UnsupportedZfp(_)
            | F::InvalidDatatypeClass(_)
            | F::InvalidDatatypeVersion { .. }
            | F::InvalidLayoutVersion(_)
            | F::InvalidLayoutClass(_)
            | F::InvalidChunkIndexType(_)
            | F::InvalidObjectHeaderVersion(_)
            | F::InvalidDataspaceVersion(_)
            | F::InvalidFilterPipelineVersion(_)
            | F::InvalidLinkVersion(_)
            | F::InvalidLinkInfoVersion(_)
            | F::InvalidAttributeVersion(_)
            | F::InvalidAttributeInfoVersion(_)
            | F::InvalidFractalHeapVersion(_)
            | F::InvalidGlobalHeapVersion(_)
            | F::InvalidSharedMessageVersion(_)
    )
}

/// Converts an `hdf5-pure` error into the crate's error, saying what was being done (`context`).
pub fn map_error(path: &Path, context: &str, e: hdf5_pure::Error) -> IoError {
    match e {
        hdf5_pure::Error::Io(source) => IoError::Io { path: path.to_path_buf(), source },
        hdf5_pure::Error::Format(f) if is_unsupported(&f) => IoError::Hdf5Unsupported {
            path: path.to_path_buf(),
            message: format!("{context}: {}", hdf5_pure::Error::Format(f)),
        },
        other => IoError::Hdf5 { path: path.to_path_buf(), message: format!("{context}: {other}") },
    }
}

/// An open file (read whole into memory) and the names of its root datasets.
pub struct PureReader {
    path: PathBuf,
    file: File,
    datasets: HashSet<String>,
    /// Size of the file in bytes when it was opened (the bound of [`Self::dataset_for_read`]).
    file_len: u64,
}

impl PureReader {
    /// Opens `path`.
    pub fn open(path: &Path) -> Result<Self> {
        let file_len = match std::fs::metadata(path) {
            Ok(meta) => meta.len(),
            Err(source) => return Err(IoError::Io { path: path.to_path_buf(), source }),
        };
        let file = File::open(path).map_err(|e| map_error(path, "cannot open", e))?;
        let datasets = file.root().datasets().map_err(|e| map_error(path, "cannot list the root group", e))?;
        Ok(PureReader { path: path.to_path_buf(), file, datasets: datasets.into_iter().collect(), file_len })
    }

    fn dataset(&self, name: &str) -> Result<hdf5_pure::Dataset> {
        self.file.dataset(name).map_err(|e| map_error(&self.path, &format!("dataset {name:?}"), e))
    }

    /// The dataset `name`, opened for a whole read once its claimed size is one this file can hold.
    ///
    /// `hdf5-pure` sizes its output buffer from the dataspace before reading a byte, so a damaged
    /// dataspace (one flipped bit) claiming petabytes would abort the process on the allocation. Deflate
    /// cannot compress better than 1032:1, so a dataset larger than 1032 × the file (plus 1 MiB for tiny
    /// files) cannot be stored in it; it is refused with its shape.
    fn dataset_for_read(&self, name: &str) -> Result<hdf5_pure::Dataset> {
        let ds = self.dataset(name)?;
        let context = || format!("dataset {name:?}");
        let shape = ds.shape().map_err(|e| map_error(&self.path, &context(), e))?;
        let elem = ds.element_size().map_err(|e| map_error(&self.path, &context(), e))?;
        let claimed = shape.iter().try_fold(elem, |acc, &d| acc.checked_mul(d));
        let file_len = self.file_len;
        let limit = file_len.saturating_mul(MAX_DEFLATE_RATIO).saturating_add(1 << 20);
        match claimed {
            Some(bytes) if bytes <= limit => Ok(ds),
            _ => Err(IoError::Hdf5 {
                path: self.path.clone(),
                message: format!(
                    "{}: shape {shape:?} of {elem}-byte elements is {} — more than a {file_len}-byte file can \
                     hold even compressed; the file is damaged",
                    context(),
                    claimed.map_or_else(|| "beyond 2^64 bytes".to_string(), |b| format!("{b} bytes")),
                ),
            }),
        }
    }
}

/// Deflate's best possible compression ratio (RFC 1951: 258-byte matches in 2-bit codes, about 1032:1).
const MAX_DEFLATE_RATIO: u64 = 1032;

/// Maps the curated dtype of `hdf5-pure` onto [`ElemKind`].
fn elem_kind(dtype: &DType) -> ElemKind {
    let int = |signed, bits| ElemKind::Int { signed, bits };
    match dtype {
        DType::F32 => ElemKind::Float(32),
        DType::F64 => ElemKind::Float(64),
        DType::I8 => int(true, 8),
        DType::I16 => int(true, 16),
        DType::I32 => int(true, 32),
        DType::I64 => int(true, 64),
        DType::U8 => int(false, 8),
        DType::U16 => int(false, 16),
        DType::U32 => int(false, 32),
        DType::U64 => int(false, 64),
        DType::String | DType::VariableLengthString => ElemKind::String,
        DType::Enum(names) if is_bool_enum(names) => ElemKind::Bool,
        other => ElemKind::Other(other.to_string()),
    }
}

/// h5py's boolean: an enum with exactly the members `FALSE` and `TRUE`.
fn is_bool_enum(names: &[String]) -> bool {
    let mut sorted: Vec<&str> = names.iter().map(String::as_str).collect();
    sorted.sort_unstable();
    sorted == ["FALSE", "TRUE"]
}

impl ArrayReader for PureReader {
    fn path(&self) -> &Path {
        &self.path
    }

    fn info(&self, name: &str) -> Result<Option<ArrayInfo>> {
        if !self.datasets.contains(name) {
            return Ok(None);
        }
        let ds = self.dataset(name)?;
        let context = || format!("dataset {name:?}");
        let shape = ds.shape().map_err(|e| map_error(&self.path, &context(), e))?;
        let dtype = ds.dtype().map_err(|e| map_error(&self.path, &context(), e))?;
        let shape = shape.into_iter().map(|d| d as usize).collect();
        Ok(Some(ArrayInfo { shape, kind: elem_kind(&dtype) }))
    }

    fn read_f32(&self, name: &str) -> Result<Vec<f32>> {
        self.dataset_for_read(name)?.read_f32().map_err(|e| map_error(&self.path, &format!("reading {name:?}"), e))
    }

    fn read_i64(&self, name: &str) -> Result<Vec<i64>> {
        self.dataset_for_read(name)?.read_i64().map_err(|e| map_error(&self.path, &format!("reading {name:?}"), e))
    }

    fn read_strings(&self, name: &str) -> Result<Vec<String>> {
        self.dataset_for_read(name)?.read_string().map_err(|e| map_error(&self.path, &format!("reading {name:?}"), e))
    }
}

/// A file being built in memory; [`ArrayWriter::finish`] writes it to disk.
pub struct PureWriter {
    path: PathBuf,
    builder: FileBuilder,
}

fn bool_enum_type(path: &Path) -> Result<hdf5_pure::Datatype> {
    EnumTypeBuilder::with_base(hdf5_pure::make_i8_type())
        .value("FALSE", 0)
        .value("TRUE", 1)
        .build()
        .map_err(|e| map_error(path, "boolean type", hdf5_pure::Error::Format(e)))
}

impl ArrayWriter for PureWriter {
    fn write_array(&mut self, name: &str, shape: &[usize], data: ArrayData<'_>, chunk: Option<&[usize]>) -> Result<()> {
        let expected: usize = shape.iter().product();
        if data.len() != expected {
            return Err(IoError::InvalidArgument(format!("{name}: {} values for shape {shape:?}", data.len())));
        }
        let ds = self.builder.create_dataset(name);
        match data {
            ArrayData::F32(v) => ds.with_f32_data(v),
            ArrayData::F64(v) => ds.with_f64_data(v),
            ArrayData::I8(v) => ds.with_i8_data(v),
            ArrayData::U8(v) => ds.with_u8_data(v),
            ArrayData::I32(v) => ds.with_i32_data(v),
            ArrayData::I64(v) => ds.with_i64_data(v),
            ArrayData::Bool(v) => {
                let bytes: Vec<u8> = v.iter().map(|&b| u8::from(b)).collect();
                ds.with_enum_u8_data(bool_enum_type(&self.path)?, &bytes)
            }
        };
        ds.with_shape(&shape.iter().map(|&d| d as u64).collect::<Vec<_>>());
        if let Some(chunk) = chunk {
            ds.with_chunks(&chunk.iter().map(|&d| d as u64).collect::<Vec<_>>())
                .with_deflate(u32::from(tutorial::GZIP_LEVEL));
        }
        Ok(())
    }

    fn write_strings(&mut self, name: &str, values: &[String]) -> Result<()> {
        let refs: Vec<&str> = values.iter().map(String::as_str).collect();
        self.builder.create_dataset(name).with_vlen_strings(&refs);
        Ok(())
    }

    fn finish(self) -> Result<()> {
        let path = self.path;
        self.builder.write(&path).map_err(|e| map_error(&path, "cannot write", e))?;
        tracing::debug!(path = %path.display(), "wrote HDF5 file (hdf5-pure)");
        Ok(())
    }
}

/// [`super::read_splits`] through `hdf5-pure`, whatever the default backend.
pub fn read_splits(path: &Path, opts: &H5ReadOptions) -> Result<Splits> {
    tutorial::read_splits::<Pure>(path, opts)
}

/// [`super::read_dataset`] through `hdf5-pure`.
pub fn read_dataset(path: &Path, split: &str, opts: &H5ReadOptions) -> Result<Dataset> {
    tutorial::read_dataset::<Pure>(path, split, opts)
}

/// [`super::write_splits`] through `hdf5-pure`.
pub fn write_splits(path: &Path, splits: &Splits) -> Result<()> {
    tutorial::write_splits::<Pure>(path, splits)
}

/// [`super::write_dataset`] through `hdf5-pure`.
pub fn write_dataset(path: &Path, split: &str, dataset: &Dataset) -> Result<()> {
    tutorial::write_dataset::<Pure>(path, split, dataset)
}
