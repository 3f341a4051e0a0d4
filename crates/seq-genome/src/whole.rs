//! The explicit whole-genome load: every record read sequentially into memory (any compression, plain gzip
//! included). For small genomes only; the indexed readers never need it.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use crate::bgzf::Compression;
use crate::error::{GenomeError, Result};
use crate::faidx::ChromInfo;

/// Reads every record sequentially (any compression) into memory, upper-cased.
pub(crate) fn load_all(path: &Path, file: File, kind: Compression) -> Result<(Vec<ChromInfo>, Vec<Vec<u8>>)> {
    let reader: Box<dyn Read> = match kind {
        Compression::None => Box::new(file),
        _ => Box::new(flate2::read::MultiGzDecoder::new(file)),
    };
    let mut reader = noodles_fasta::io::Reader::new(BufReader::new(reader));
    let (mut chroms, mut seqs) = (Vec::new(), Vec::new());
    for (i, rec) in reader.records().enumerate() {
        let rec =
            rec.map_err(|e| GenomeError::Fasta { path: path.into(), message: format!("record {}: {e}", i + 1) })?;
        let seq: Vec<u8> = rec.sequence().as_ref().iter().map(u8::to_ascii_uppercase).collect();
        let name = String::from_utf8_lossy(rec.name()).into_owned();
        chroms.push(ChromInfo { name, len: seq.len() as u64, offset: 0, line_bases: 1, line_width: 2 });
        seqs.push(seq);
    }
    if chroms.is_empty() {
        return Err(GenomeError::EmptyFile { path: path.into() });
    }
    Ok((chroms, seqs))
}
