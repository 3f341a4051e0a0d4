//! Random access to a reference genome FASTA without loading it: plain FASTA with a `.fai`, or BGZF with
//! `.fai` + `.gzi`. A missing index is built in memory (never written next to the user's file). An ordinary
//! gzip cannot be read at random: it is refused with a message, unless the caller asks explicitly to load
//! the whole genome into memory (small genomes).
//!
//! A [`Genome`] is `Send + Sync`: plain files are read with positioned reads (no shared cursor) and BGZF
//! blocks are decoded into a small shared cache, so rayon threads can call [`Genome::fetch`] at once.
//! [`Genome::fetch_many`] sorts its requests and gives each thread a run of neighbouring windows with its own
//! cache, so that each BGZF block is decoded about once.

use std::collections::HashMap;
use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::aliases::Aliases;
use crate::bgzf::{self, BlockCache, BlockTable, Compression};
use crate::error::{GenomeError, Result};
use crate::faidx;
pub use crate::faidx::ChromInfo;

/// Options of [`Genome::open`].
#[derive(Debug, Clone)]
pub struct GenomeOptions {
    /// How chromosome names that the genome lacks are translated (default: exact names only).
    pub aliases: Aliases,
    /// Read the whole genome into memory sequentially (needed for a non-BGZF gzip; small genomes only).
    pub load_into_memory: bool,
    /// Decoded BGZF blocks (64 kB each) kept for [`Genome::fetch`] (default 16).
    pub cache_blocks: usize,
}

impl Default for GenomeOptions {
    fn default() -> Self {
        GenomeOptions { aliases: Aliases::None, load_into_memory: false, cache_blocks: 16 }
    }
}

/// A window of a genome sequence by chromosome index: 0-based, half-open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    /// Index of the chromosome in [`Genome::chroms`].
    pub chrom: usize,
    /// First base (0-based).
    pub start: u64,
    /// One past the last base.
    pub end: u64,
}

enum Source {
    Plain(File),
    Bgzf { file: File, table: BlockTable },
    Memory(Vec<Vec<u8>>),
}

/// An opened reference genome (see the [module docs](self)).
pub struct Genome {
    path: PathBuf,
    chroms: Vec<ChromInfo>,
    by_name: HashMap<String, usize>,
    aliases: Aliases,
    source: Source,
    cache: Mutex<BlockCache>,
}

impl std::fmt::Debug for Genome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Genome").field("path", &self.path).field("chroms", &self.chroms.len()).finish()
    }
}

fn with_ext(path: &Path, ext: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(".");
    s.push(ext);
    PathBuf::from(s)
}

impl Genome {
    /// Opens `path` (plain FASTA or BGZF; see the [module docs](self)), reading or building its indexes
    /// and checking an existing `.fai` against the FASTA.
    pub fn open(path: &Path, opts: &GenomeOptions) -> Result<Self> {
        let file = File::open(path).map_err(|e| GenomeError::io(path, e))?;
        let file_len = file.metadata().map_err(|e| GenomeError::io(path, e))?.len();
        let kind = bgzf::detect(path, &file)?;
        let fai = with_ext(path, "fai");
        let (chroms, source, check) = if opts.load_into_memory {
            let (chroms, seqs) = crate::whole::load_all(path, file, kind)?;
            (chroms, Source::Memory(seqs), false)
        } else {
            match kind {
                Compression::Gzip => return Err(GenomeError::NotBgzf { path: path.into() }),
                Compression::None => {
                    let (chroms, check) = if fai.exists() {
                        (faidx::read_fai(&fai)?, true)
                    } else {
                        let reader = BufReader::new(File::open(path).map_err(|e| GenomeError::io(path, e))?);
                        (faidx::build_fai(reader, path)?, false)
                    };
                    (chroms, Source::Plain(file), check)
                }
                Compression::Bgzf => {
                    let gzi = with_ext(path, "gzi");
                    let table = if gzi.exists() {
                        BlockTable::from_gzi(&gzi, file_len)?
                    } else {
                        BlockTable::build(path, &file, file_len)?
                    };
                    let (chroms, check) = if fai.exists() {
                        (faidx::read_fai(&fai)?, true)
                    } else {
                        let reader =
                            noodles_bgzf::io::Reader::new(File::open(path).map_err(|e| GenomeError::io(path, e))?);
                        (faidx::build_fai(reader, path)?, false)
                    };
                    (chroms, Source::Bgzf { file, table }, check)
                }
            }
        };
        let by_name = chroms.iter().enumerate().map(|(i, c)| (c.name.clone(), i)).collect();
        let genome = Genome {
            path: path.into(),
            chroms,
            by_name,
            aliases: opts.aliases.clone(),
            source,
            cache: Mutex::new(BlockCache::new(opts.cache_blocks)),
        };
        if check {
            faidx::validate(path, &fai, &genome.chroms, &|offset, len| genome.read_raw(offset, len, None))?;
        }
        Ok(genome)
    }

    /// The genome file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The sequences, in file order.
    pub fn chroms(&self) -> &[ChromInfo] {
        &self.chroms
    }

    /// Total length of all sequences.
    pub fn total_len(&self) -> u64 {
        self.chroms.iter().map(|c| c.len).sum()
    }

    /// The index of chromosome `name`, exact or through the alias policy.
    pub fn chrom_id(&self, name: &str) -> Option<usize> {
        self.by_name
            .get(name)
            .copied()
            .or_else(|| self.aliases.candidates(name).iter().find_map(|n| self.by_name.get(n.as_str()).copied()))
    }

    /// Like [`Genome::chrom_id`], with an error that lists the genome's names; `context` says where the name
    /// came from (e.g. `peaks.bed:12`).
    pub fn resolve(&self, name: &str, context: &str) -> Result<usize> {
        self.chrom_id(name).ok_or_else(|| self.unknown_chromosome(name, context))
    }

    /// The error for a chromosome name the genome lacks: it lists the genome's names.
    pub fn unknown_chromosome(&self, name: &str, context: &str) -> GenomeError {
        GenomeError::UnknownChromosome {
            context: context.to_string(),
            name: name.to_string(),
            genome: self.path.clone(),
            names: self.name_list(),
        }
    }

    fn name_list(&self) -> String {
        const SHOWN: usize = 40;
        let mut s: Vec<&str> = self.chroms.iter().take(SHOWN).map(|c| c.name.as_str()).collect();
        let more = self.chroms.len().saturating_sub(SHOWN);
        let extra = if more > 0 { format!(" … and {more} more") } else { String::new() };
        s.dedup();
        format!("{}{extra}", s.join(", "))
    }

    /// The bases `start..end` (0-based, half-open) of chromosome `chrom`, upper-cased.
    pub fn fetch(&self, chrom: &str, start: u64, end: u64) -> Result<Vec<u8>> {
        let id = self.resolve(chrom, "fetch")?;
        self.fetch_span(Span { chrom: id, start, end })
    }

    /// The bases of `span`, upper-cased (the shared block cache is used).
    pub fn fetch_span(&self, span: Span) -> Result<Vec<u8>> {
        self.fetch_with(span, None)
    }

    /// The bases of every span, in the order given, upper-cased. Requests are sorted and cut into runs of
    /// neighbours read in parallel, each with its own cache, so each BGZF block is decoded about once.
    pub fn fetch_many(&self, spans: &[Span]) -> Result<Vec<Vec<u8>>> {
        let mut order: Vec<usize> = (0..spans.len()).collect();
        order.sort_unstable_by_key(|&i| spans[i]);
        let chunk = (spans.len() / (4 * rayon::current_num_threads())).max(32);
        let parts: Vec<Vec<(usize, Vec<u8>)>> = order
            .par_chunks(chunk)
            .map(|idx| {
                let mut cache = BlockCache::new(4);
                idx.iter().map(|&i| Ok((i, self.fetch_with(spans[i], Some(&mut cache))?))).collect::<Result<Vec<_>>>()
            })
            .collect::<Result<_>>()?;
        let mut out = vec![Vec::new(); spans.len()];
        for (i, seq) in parts.into_iter().flatten() {
            out[i] = seq;
        }
        Ok(out)
    }

    fn fetch_with(&self, span: Span, cache: Option<&mut BlockCache>) -> Result<Vec<u8>> {
        let Some(c) = self.chroms.get(span.chrom) else {
            return Err(GenomeError::InvalidArgument(format!(
                "chromosome index {} but the genome has {} sequences",
                span.chrom,
                self.chroms.len()
            )));
        };
        if span.start > span.end || span.end > c.len {
            return Err(GenomeError::OutOfRange {
                chrom: c.name.clone(),
                start: span.start,
                end: span.end,
                len: c.len,
                genome: self.path.clone(),
            });
        }
        if span.start == span.end {
            return Ok(Vec::new());
        }
        if let Source::Memory(seqs) = &self.source {
            return Ok(seqs[span.chrom][span.start as usize..span.end as usize].to_vec());
        }
        let p0 = c.file_offset(span.start);
        let p1 = c.file_offset(span.end - 1) + 1;
        let raw = self.read_raw(p0, (p1 - p0) as usize, cache)?;
        let want = (span.end - span.start) as usize;
        let mut out = Vec::with_capacity(want);
        out.extend(raw.iter().filter(|&&b| b != b'\n' && b != b'\r').map(u8::to_ascii_uppercase));
        if out.len() != want {
            return Err(GenomeError::IndexMismatch {
                fasta: self.path.clone(),
                index: with_ext(&self.path, "fai"),
                message: format!("{}:{}-{} gave {} bases, expected {want}", c.name, span.start, span.end, out.len()),
            });
        }
        Ok(out)
    }

    /// Uncompressed FASTA bytes `offset..offset + len` (fewer at the end of the file).
    fn read_raw(&self, offset: u64, len: usize, mut cache: Option<&mut BlockCache>) -> Result<Vec<u8>> {
        match &self.source {
            Source::Plain(file) => {
                let mut buf = vec![0u8; len];
                let n = bgzf::read_at(file, &mut buf, offset).map_err(|e| GenomeError::io(&self.path, e))?;
                buf.truncate(n);
                Ok(buf)
            }
            Source::Bgzf { file, table } => {
                let mut out = Vec::with_capacity(len);
                let end = offset + len as u64;
                let mut i = table.block_of(offset);
                while i < table.len() && (out.len() as u64) < len as u64 {
                    let data = self.block(file, table, i, cache.as_deref_mut())?;
                    let b0 = table.start(i);
                    let from = (offset.max(b0) - b0) as usize;
                    let to = ((end - b0) as usize).min(data.len());
                    if from < to {
                        out.extend_from_slice(&data[from..to]);
                    }
                    i += 1;
                }
                Ok(out)
            }
            Source::Memory(_) => {
                Err(GenomeError::InvalidArgument("a genome loaded into memory has no file offsets".into()))
            }
        }
    }

    fn block(&self, file: &File, table: &BlockTable, i: usize, cache: Option<&mut BlockCache>) -> Result<Arc<Vec<u8>>> {
        match cache {
            Some(c) => {
                if let Some(d) = c.get(i) {
                    return Ok(d);
                }
                let d = Arc::new(table.decode(&self.path, file, i)?);
                c.put(i, Arc::clone(&d));
                Ok(d)
            }
            None => {
                if let Some(d) = self
                    .cache
                    .lock()
                    .map_err(|_| GenomeError::InvalidArgument("block cache poisoned by a panic".into()))?
                    .get(i)
                {
                    return Ok(d);
                }
                let d = Arc::new(table.decode(&self.path, file, i)?);
                if let Ok(mut c) = self.cache.lock() {
                    c.put(i, Arc::clone(&d));
                }
                Ok(d)
            }
        }
    }
}
