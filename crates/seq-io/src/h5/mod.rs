//! HDF5 dataset files in the tutorial layout, through one of two interchangeable backends.
//!
//! # File layout
//!
//! A file holds up to three splits, `train`, `valid` and `test`, as datasets of the root group:
//!
//! | dataset | shape | read | written |
//! |---|---|---|---|
//! | `x_{split}` (or `X_{split}`) | `(N, 4, L)` or `(N, L, 4)` | f32, f64, u8, i8, i32, i64, bool | f32 `(N, 4, L)`, chunked, gzip level 4 |
//! | `y_{split}` (or `Y_{split}`) | `(N,)` or `(N, T)` | any integer, float or bool | f32 `(N, T)` |
//! | `names_{split}` | `(N,)` | strings (optional; default `"{split}_{i}"`) | variable-length UTF-8 |
//! | `ann_{split}_index` | `(K,)` | i64: the sequence each annotation belongs to | i64 |
//! | `ann_{split}_start`, `ann_{split}_end` | `(K,)` | i64: 0-based half-open span | i64 |
//! | `ann_{split}_strand` | `(K,)` | i64: `+1` forward, `-1` reverse | i64 |
//! | `ann_{split}_motif` | `(K,)` | i64: index into `ann_{split}_motif_names` | i64 |
//! | `ann_{split}_motif_names` | `(M,)` | strings: the motif names | variable-length UTF-8 |
//!
//! The `ann_*` datasets exist only when a split carries ground-truth annotations (simulated data); they
//! are parallel integer arrays plus one string table, which every HDF5 reader (h5py, both backends here)
//! understands. Channel order is A, C, G, T.
//!
//! # Backends
//!
//! [`pure`] uses the pure-Rust `hdf5-pure` crate (no C library, the default). With the `hdf5-c` feature
//! the default becomes `metno` (`hdf5-metno` over the system libhdf5) and both stay reachable by name,
//! so a file written by one can be read by the other. Both implement [`Backend`], a small interface
//! that reads and writes whole n-d arrays; the tutorial layout itself is written once, in [`tutorial`].

use std::path::Path;

use crate::dataset::{Dataset, Splits};
use crate::error::Result;

mod annotations;
pub mod arrays;
#[cfg(feature = "hdf5-c")]
pub mod metno;
pub mod pure;
pub mod tutorial;

/// The three split names, in file order.
pub const SPLITS: [&str; 3] = ["train", "valid", "test"];

/// How the one-hot axis of `x` is laid out in a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// `(N, 4, L)`: channels before positions (Keras `channels_first`, PyTorch, this crate).
    ChannelsFirst,
    /// `(N, L, 4)`: positions before channels (Keras/TensorFlow default).
    ChannelsLast,
}

/// Options of the HDF5 readers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct H5ReadOptions {
    /// The layout of `x`; `None` detects the axis of size 4 and refuses a file where both axes 1 and 2
    /// have size 4.
    pub layout: Option<Layout>,
    /// Accept `x` values other than one-hot columns (one 1 and three 0), N columns (all 0, or all 0.25 as
    /// the uniform policy writes them): soft inputs such as probabilities. Off by default: such a file is
    /// [`IoError::SoftInput`](crate::IoError::SoftInput) naming the first column that is not one-hot.
    pub allow_soft: bool,
}

/// The element type of a stored array, as far as the readers care.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ElemKind {
    /// IEEE float of this many bits.
    Float(u8),
    /// Integer of this many bits.
    Int {
        /// True for a signed integer.
        signed: bool,
        /// Width in bits.
        bits: u8,
    },
    /// Boolean (h5py stores it as an 8-bit enum `FALSE`/`TRUE`).
    Bool,
    /// Fixed- or variable-length string.
    String,
    /// Anything else (compound, reference, ...), described for error messages.
    Other(String),
}

impl ElemKind {
    /// True for floats, integers and booleans.
    pub fn is_numeric(&self) -> bool {
        matches!(self, ElemKind::Float(_) | ElemKind::Int { .. } | ElemKind::Bool)
    }
}

/// Shape and element type of a stored array.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArrayInfo {
    /// Dimensions, slowest first (row-major).
    pub shape: Vec<usize>,
    /// Element type.
    pub kind: ElemKind,
}

/// A borrowed, typed, row-major array body to write.
#[derive(Debug, Clone, Copy)]
pub enum ArrayData<'a> {
    /// 32-bit floats.
    F32(&'a [f32]),
    /// 64-bit floats.
    F64(&'a [f64]),
    /// Signed bytes.
    I8(&'a [i8]),
    /// Unsigned bytes.
    U8(&'a [u8]),
    /// Booleans, stored as h5py does (an `i8` enum `FALSE = 0`, `TRUE = 1`).
    Bool(&'a [bool]),
    /// 32-bit signed integers.
    I32(&'a [i32]),
    /// 64-bit signed integers.
    I64(&'a [i64]),
}

impl ArrayData<'_> {
    /// Number of elements.
    pub fn len(&self) -> usize {
        match self {
            ArrayData::F32(v) => v.len(),
            ArrayData::F64(v) => v.len(),
            ArrayData::I8(v) => v.len(),
            ArrayData::U8(v) => v.len(),
            ArrayData::Bool(v) => v.len(),
            ArrayData::I32(v) => v.len(),
            ArrayData::I64(v) => v.len(),
        }
    }

    /// True when there is no element.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Reads whole arrays from the root group of an open HDF5 file.
pub trait ArrayReader {
    /// The file being read (for error messages).
    fn path(&self) -> &Path;
    /// Shape and element type of the root dataset `name`, or `None` when there is no such dataset.
    fn info(&self, name: &str) -> Result<Option<ArrayInfo>>;
    /// All values of a numeric dataset converted to f32, row-major.
    fn read_f32(&self, name: &str) -> Result<Vec<f32>>;
    /// All values of an integer (or boolean) dataset as i64, row-major.
    fn read_i64(&self, name: &str) -> Result<Vec<i64>>;
    /// All values of a string dataset.
    fn read_strings(&self, name: &str) -> Result<Vec<String>>;
}

/// Writes whole arrays into the root group of a new HDF5 file.
pub trait ArrayWriter {
    /// Writes `data` with `shape` as dataset `name`; `chunk` (one extent per dimension) stores it chunked
    /// and gzip-compressed (level 4), `None` contiguous.
    fn write_array(&mut self, name: &str, shape: &[usize], data: ArrayData<'_>, chunk: Option<&[usize]>) -> Result<()>;
    /// Writes a one-dimensional variable-length UTF-8 string dataset.
    fn write_strings(&mut self, name: &str, values: &[String]) -> Result<()>;
    /// Completes the file (flushes and closes it).
    fn finish(self) -> Result<()>;
}

/// An HDF5 implementation: opens files for [`ArrayReader`] and creates them for [`ArrayWriter`].
pub trait Backend {
    /// Short name, e.g. `"hdf5-pure"`.
    const NAME: &'static str;
    /// The reader of an open file.
    type Reader: ArrayReader;
    /// The writer of a new file.
    type Writer: ArrayWriter;
    /// Opens an existing file for reading.
    fn open(path: &Path) -> Result<Self::Reader>;
    /// Creates (or truncates) a file for writing.
    fn create(path: &Path) -> Result<Self::Writer>;
}

/// The backend the crate-level functions use: `hdf5-metno` with the `hdf5-c` feature, else `hdf5-pure`.
#[cfg(feature = "hdf5-c")]
pub type DefaultBackend = metno::Metno;
/// The backend the crate-level functions use: `hdf5-metno` with the `hdf5-c` feature, else `hdf5-pure`.
#[cfg(not(feature = "hdf5-c"))]
pub type DefaultBackend = pure::Pure;

/// Name of the default backend: `"hdf5-pure"` or, with the `hdf5-c` feature, `"hdf5-metno"`.
pub fn backend_name() -> &'static str {
    <DefaultBackend as Backend>::NAME
}

/// Reads the train, valid and test splits of a tutorial-layout file (see the [module docs](self)).
pub fn read_splits(path: &Path, opts: &H5ReadOptions) -> Result<Splits> {
    tutorial::read_splits::<DefaultBackend>(path, opts)
}

/// Reads one split (`"train"`, `"valid"`, `"test"` or any name with `x_{split}`/`y_{split}` datasets).
pub fn read_dataset(path: &Path, split: &str, opts: &H5ReadOptions) -> Result<Dataset> {
    tutorial::read_dataset::<DefaultBackend>(path, split, opts)
}

/// Writes the three splits (with names and annotations) to a new file in the tutorial layout, atomically
/// (a temporary file renamed into place: a failed write leaves the previous file, or none).
pub fn write_splits(path: &Path, splits: &Splits) -> Result<()> {
    crate::atomic::write_via_path(path, |tmp| tutorial::write_splits::<DefaultBackend>(tmp, splits))
}

/// Writes one dataset as split `split` of a new file, atomically.
pub fn write_dataset(path: &Path, split: &str, dataset: &Dataset) -> Result<()> {
    crate::atomic::write_via_path(path, |tmp| tutorial::write_dataset::<DefaultBackend>(tmp, split, dataset))
}

/// True when the file has the sequences of split `split` (`x_<split>` or `X_<split>`).
pub fn has_split(path: &Path, split: &str) -> Result<bool> {
    let reader = <DefaultBackend as Backend>::open(path)?;
    for name in [format!("x_{split}"), format!("X_{split}")] {
        if reader.info(&name)?.is_some() {
            return Ok(true);
        }
    }
    Ok(false)
}
