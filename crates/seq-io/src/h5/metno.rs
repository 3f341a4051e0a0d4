//! The libhdf5 backend (feature `hdf5-c`): `hdf5-metno` over the system HDF5 C library
//! (`apt-get install libhdf5-dev`). Reads whatever the installed libhdf5 reads, including files that use
//! features `hdf5-pure` lacks.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use h5::types::{FixedUnicode, FloatSize, IntSize, TypeDescriptor, VarLenAscii, VarLenUnicode};
use h5::H5Type;
use hdf5_metno as h5;

use super::{tutorial, ArrayData, ArrayInfo, ArrayReader, ArrayWriter, Backend, ElemKind, H5ReadOptions};
use crate::dataset::{Dataset, Splits};
use crate::error::{IoError, Result};

/// Fixed-length strings are read through a fixed buffer of this many bytes.
const FIXED_STRING_MAX: usize = 1024;

/// The `hdf5-metno` backend.
#[derive(Debug, Clone, Copy, Default)]
pub struct Metno;

impl Backend for Metno {
    const NAME: &'static str = "hdf5-metno";
    type Reader = MetnoReader;
    type Writer = MetnoWriter;

    fn open(path: &Path) -> Result<MetnoReader> {
        if let Err(source) = std::fs::metadata(path) {
            return Err(IoError::Io { path: path.to_path_buf(), source });
        }
        let file = h5::File::open(path).map_err(|e| map_error(path, "cannot open", e))?;
        Ok(MetnoReader { path: path.to_path_buf(), file })
    }

    fn create(path: &Path) -> Result<MetnoWriter> {
        let file = h5::File::create(path).map_err(|e| map_error(path, "cannot create", e))?;
        Ok(MetnoWriter { path: path.to_path_buf(), file })
    }
}

/// Converts an `hdf5-metno` error into the crate's error, saying what was being done (`context`).
pub fn map_error(path: &Path, context: &str, e: h5::Error) -> IoError {
    IoError::Hdf5 { path: path.to_path_buf(), message: format!("{context}: {e}") }
}

/// An open file.
pub struct MetnoReader {
    path: PathBuf,
    file: h5::File,
}

impl MetnoReader {
    fn dataset(&self, name: &str) -> Result<h5::Dataset> {
        self.file.dataset(name).map_err(|e| map_error(&self.path, &format!("dataset {name:?}"), e))
    }

    fn descriptor(&self, ds: &h5::Dataset, name: &str) -> Result<TypeDescriptor> {
        ds.dtype()
            .and_then(|t| t.to_descriptor())
            .map_err(|e| map_error(&self.path, &format!("datatype of {name:?}"), e))
    }

    fn read_as<T: H5Type>(&self, name: &str) -> Result<Vec<T>> {
        self.dataset(name)?.read_raw::<T>().map_err(|e| map_error(&self.path, &format!("reading {name:?}"), e))
    }
}

fn int_bits(size: IntSize) -> u8 {
    (size as u8) * 8
}

/// Maps a libhdf5 type descriptor onto [`ElemKind`].
fn elem_kind(desc: &TypeDescriptor) -> ElemKind {
    match desc {
        TypeDescriptor::Float(FloatSize::U4) => ElemKind::Float(32),
        TypeDescriptor::Float(FloatSize::U8) => ElemKind::Float(64),
        TypeDescriptor::Integer(size) => ElemKind::Int { signed: true, bits: int_bits(*size) },
        TypeDescriptor::Unsigned(size) => ElemKind::Int { signed: false, bits: int_bits(*size) },
        TypeDescriptor::Boolean => ElemKind::Bool,
        TypeDescriptor::FixedAscii(_)
        | TypeDescriptor::FixedUnicode(_)
        | TypeDescriptor::VarLenAscii
        | TypeDescriptor::VarLenUnicode => ElemKind::String,
        other => ElemKind::Other(format!("{other:?}")),
    }
}

impl ArrayReader for MetnoReader {
    fn path(&self) -> &Path {
        &self.path
    }

    fn info(&self, name: &str) -> Result<Option<ArrayInfo>> {
        if !self.file.link_exists(name) {
            return Ok(None);
        }
        let ds = self.dataset(name)?;
        let kind = elem_kind(&self.descriptor(&ds, name)?);
        Ok(Some(ArrayInfo { shape: ds.shape(), kind }))
    }

    fn read_f32(&self, name: &str) -> Result<Vec<f32>> {
        match self.info(name)?.map(|i| i.kind) {
            Some(ElemKind::Bool) => {
                Ok(self.read_as::<bool>(name)?.into_iter().map(|b| f32::from(u8::from(b))).collect())
            }
            _ => self.read_as::<f32>(name),
        }
    }

    fn read_i64(&self, name: &str) -> Result<Vec<i64>> {
        match self.info(name)?.map(|i| i.kind) {
            Some(ElemKind::Bool) => Ok(self.read_as::<bool>(name)?.into_iter().map(i64::from).collect()),
            _ => self.read_as::<i64>(name),
        }
    }

    fn read_strings(&self, name: &str) -> Result<Vec<String>> {
        let ds = self.dataset(name)?;
        match self.descriptor(&ds, name)? {
            TypeDescriptor::VarLenUnicode => {
                Ok(self.read_as::<VarLenUnicode>(name)?.iter().map(|s| s.as_str().to_string()).collect())
            }
            TypeDescriptor::VarLenAscii => {
                Ok(self.read_as::<VarLenAscii>(name)?.iter().map(|s| s.as_str().to_string()).collect())
            }
            TypeDescriptor::FixedAscii(n) | TypeDescriptor::FixedUnicode(n) if n <= FIXED_STRING_MAX => Ok(self
                .read_as::<FixedUnicode<FIXED_STRING_MAX>>(name)?
                .iter()
                .map(|s| s.as_str().to_string())
                .collect()),
            other => Err(IoError::Shape {
                path: self.path.clone(),
                dataset: name.to_string(),
                message: format!(
                    "expected strings (at most {FIXED_STRING_MAX} bytes if fixed-length), found {other:?}"
                ),
            }),
        }
    }
}

/// A file being written through libhdf5.
pub struct MetnoWriter {
    path: PathBuf,
    file: h5::File,
}

impl MetnoWriter {
    /// The underlying `hdf5_metno::File`, for datasets the [`ArrayWriter`] interface does not cover
    /// (other filters, attributes); they are written to the same file.
    pub fn file(&self) -> &h5::File {
        &self.file
    }

    fn write_typed<T: H5Type>(&self, name: &str, shape: &[usize], data: &[T], chunk: Option<&[usize]>) -> Result<()> {
        let mut builder = self.file.new_dataset::<T>();
        if let Some(chunk) = chunk {
            builder = builder.chunk(chunk.to_vec()).deflate(tutorial::GZIP_LEVEL);
        }
        let context = format!("writing {name:?}");
        let ds = builder.shape(shape.to_vec()).create(name).map_err(|e| map_error(&self.path, &context, e))?;
        if !data.is_empty() {
            ds.write_raw(data).map_err(|e| map_error(&self.path, &context, e))?;
        }
        Ok(())
    }
}

impl ArrayWriter for MetnoWriter {
    fn write_array(&mut self, name: &str, shape: &[usize], data: ArrayData<'_>, chunk: Option<&[usize]>) -> Result<()> {
        let expected: usize = shape.iter().product();
        if data.len() != expected {
            return Err(IoError::InvalidArgument(format!("{name}: {} values for shape {shape:?}", data.len())));
        }
        match data {
            ArrayData::F32(v) => self.write_typed(name, shape, v, chunk),
            ArrayData::F64(v) => self.write_typed(name, shape, v, chunk),
            ArrayData::I8(v) => self.write_typed(name, shape, v, chunk),
            ArrayData::U8(v) => self.write_typed(name, shape, v, chunk),
            ArrayData::Bool(v) => self.write_typed(name, shape, v, chunk),
            ArrayData::I32(v) => self.write_typed(name, shape, v, chunk),
            ArrayData::I64(v) => self.write_typed(name, shape, v, chunk),
        }
    }

    fn write_strings(&mut self, name: &str, values: &[String]) -> Result<()> {
        let encoded = values
            .iter()
            .map(|s| {
                VarLenUnicode::from_str(s)
                    .map_err(|e| IoError::InvalidArgument(format!("{name}: string {s:?} cannot be stored: {e}")))
            })
            .collect::<Result<Vec<_>>>()?;
        self.write_typed(name, &[values.len()], &encoded, None)
    }

    fn finish(self) -> Result<()> {
        let path = self.path;
        self.file.close().map_err(|e| map_error(&path, "closing", e))?;
        tracing::debug!(path = %path.display(), "wrote HDF5 file (hdf5-metno)");
        Ok(())
    }
}

/// [`super::read_splits`] through libhdf5, whatever the default backend.
pub fn read_splits(path: &Path, opts: &H5ReadOptions) -> Result<Splits> {
    tutorial::read_splits::<Metno>(path, opts)
}

/// [`super::read_dataset`] through libhdf5.
pub fn read_dataset(path: &Path, split: &str, opts: &H5ReadOptions) -> Result<Dataset> {
    tutorial::read_dataset::<Metno>(path, split, opts)
}

/// [`super::write_splits`] through libhdf5.
pub fn write_splits(path: &Path, splits: &Splits) -> Result<()> {
    tutorial::write_splits::<Metno>(path, splits)
}

/// [`super::write_dataset`] through libhdf5.
pub fn write_dataset(path: &Path, split: &str, dataset: &Dataset) -> Result<()> {
    tutorial::write_dataset::<Metno>(path, split, dataset)
}
