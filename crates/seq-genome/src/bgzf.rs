//! BGZF blocks read at random: the block table (from a `.gzi` index or built by walking the block headers),
//! one-block decoding through noodles-bgzf, and a small cache so that a block is decoded once for
//! neighbouring requests.

use std::fs::File;
use std::io::BufRead;
use std::path::Path;
use std::sync::Arc;

use crate::error::{GenomeError, Result};

/// Kind of compression of a genome file, from its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    /// Plain text.
    None,
    /// Blocked gzip (bgzip): random access through a `.gzi` block index.
    Bgzf,
    /// Ordinary gzip: sequential only.
    Gzip,
}

/// Reads `buf.len()` bytes at `offset` (fewer at the end of the file); returns the count read.
pub(crate) fn read_at(file: &File, buf: &mut [u8], offset: u64) -> std::io::Result<usize> {
    let mut done = 0;
    while done < buf.len() {
        #[cfg(unix)]
        let n = std::os::unix::fs::FileExt::read_at(file, &mut buf[done..], offset + done as u64);
        #[cfg(windows)]
        let n = std::os::windows::fs::FileExt::seek_read(file, &mut buf[done..], offset + done as u64);
        match n {
            Ok(0) => break,
            Ok(n) => done += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(done)
}

/// Detects plain, BGZF or gzip from the first bytes of `file`.
pub fn detect(path: &Path, file: &File) -> Result<Compression> {
    let mut head = [0u8; 18];
    let n = read_at(file, &mut head, 0).map_err(|e| GenomeError::io(path, e))?;
    if n < 2 || head[0] != 0x1f || head[1] != 0x8b {
        return Ok(Compression::None);
    }
    Ok(if n == 18 && bsize(&head).is_some() { Compression::Bgzf } else { Compression::Gzip })
}

/// The total block size (BSIZE + 1) from an 18-byte BGZF header whose extra field starts with `BC`.
fn bsize(head: &[u8; 18]) -> Option<u64> {
    let extra = head[3] & 4 != 0;
    let xlen = u16::from_le_bytes([head[10], head[11]]);
    let bc = head[12] == b'B' && head[13] == b'C' && u16::from_le_bytes([head[14], head[15]]) == 2;
    (head[2] == 8 && extra && xlen >= 6 && bc).then(|| u64::from(u16::from_le_bytes([head[16], head[17]])) + 1)
}

/// Where each block starts: `(compressed offset, uncompressed offset)`, the first block included.
#[derive(Debug, Clone)]
pub struct BlockTable {
    starts: Vec<(u64, u64)>,
    file_len: u64,
}

impl BlockTable {
    /// Reads a `.gzi` index (which omits the first block) and checks it against the file size.
    pub fn from_gzi(gzi: &Path, file_len: u64) -> Result<Self> {
        let index = noodles_bgzf::gzi::fs::read(gzi)
            .map_err(|e| GenomeError::Bgzf { path: gzi.into(), message: e.to_string() })?;
        let mut starts = vec![(0u64, 0u64)];
        starts.extend_from_slice(index.as_ref());
        for (i, w) in starts.windows(2).enumerate() {
            if w[1].0 <= w[0].0 || w[1].1 < w[0].1 {
                return Err(GenomeError::Bgzf {
                    path: gzi.into(),
                    message: format!("entry {} is not after entry {i} (offsets must increase)", i + 1),
                });
            }
        }
        if let Some(&(c, _)) = starts.last() {
            if c >= file_len && starts.len() > 1 {
                return Err(GenomeError::Bgzf {
                    path: gzi.into(),
                    message: format!(
                        "last block starts at byte {c}, past the end of the compressed file ({file_len} bytes)"
                    ),
                });
            }
        }
        Ok(BlockTable { starts, file_len })
    }

    /// Builds the table by walking the block headers of `file` (no decompression: the sizes are in the
    /// headers and trailers).
    pub fn build(path: &Path, file: &File, file_len: u64) -> Result<Self> {
        let mut starts = Vec::new();
        let (mut c, mut u) = (0u64, 0u64);
        let bad = |m: String| GenomeError::Bgzf { path: path.into(), message: m };
        while c < file_len {
            let mut head = [0u8; 18];
            let n = read_at(file, &mut head, c).map_err(|e| GenomeError::io(path, e))?;
            let size = if n == 18 { bsize(&head) } else { None }
                .ok_or_else(|| bad(format!("no BGZF block header at byte {c}")))?;
            let mut isize = [0u8; 4];
            if size < 26 || read_at(file, &mut isize, c + size - 4).map_err(|e| GenomeError::io(path, e))? != 4 {
                return Err(bad(format!("block at byte {c} is truncated")));
            }
            starts.push((c, u));
            c += size;
            u += u64::from(u32::from_le_bytes(isize));
        }
        if starts.is_empty() {
            starts.push((0, 0));
        }
        Ok(BlockTable { starts, file_len })
    }

    /// Index of the block holding uncompressed byte `pos`.
    pub fn block_of(&self, pos: u64) -> usize {
        self.starts.partition_point(|b| b.1 <= pos).saturating_sub(1)
    }

    /// Uncompressed offset of block `i`.
    pub fn start(&self, i: usize) -> u64 {
        self.starts[i].1
    }

    /// Number of blocks.
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    /// True when the table has no block (never: an empty file has one empty block).
    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// Decodes block `i` of `file` (through noodles-bgzf).
    pub fn decode(&self, path: &Path, file: &File, i: usize) -> Result<Vec<u8>> {
        let c0 = self.starts[i].0;
        let c1 = self.starts.get(i + 1).map_or(self.file_len, |b| b.0);
        let mut comp = vec![0u8; (c1 - c0) as usize];
        let n = read_at(file, &mut comp, c0).map_err(|e| GenomeError::io(path, e))?;
        comp.truncate(n);
        let mut reader = noodles_bgzf::io::Reader::new(&comp[..]);
        let data = reader
            .fill_buf()
            .map_err(|e| GenomeError::Bgzf { path: path.into(), message: format!("block at byte {c0}: {e}") })?;
        Ok(data.to_vec())
    }
}

/// A few decoded blocks, most recently used last.
#[derive(Debug, Default)]
pub struct BlockCache {
    blocks: Vec<(usize, Arc<Vec<u8>>)>,
    capacity: usize,
}

impl BlockCache {
    /// A cache holding up to `capacity` blocks (at least 1).
    pub fn new(capacity: usize) -> Self {
        BlockCache { blocks: Vec::with_capacity(capacity.max(1)), capacity: capacity.max(1) }
    }

    /// The cached block `i`, if any (marked as recently used).
    pub fn get(&mut self, i: usize) -> Option<Arc<Vec<u8>>> {
        let k = self.blocks.iter().position(|b| b.0 == i)?;
        let entry = self.blocks.remove(k);
        let data = Arc::clone(&entry.1);
        self.blocks.push(entry);
        Some(data)
    }

    /// Stores block `i`, evicting the least recently used one when full.
    pub fn put(&mut self, i: usize, data: Arc<Vec<u8>>) {
        if self.blocks.len() >= self.capacity {
            self.blocks.remove(0);
        }
        self.blocks.push((i, data));
    }
}
