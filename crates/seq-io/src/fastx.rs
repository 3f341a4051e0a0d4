//! FASTA/FASTQ reading (through needletail, plain or gzip/bzip2/xz/zstd compressed), files of one bare
//! sequence per line, and FASTA writing (gzip when the path ends in `.gz`).
//!
//! Every error names the file and the record or line: an empty file is [`IoError::EmptyFile`], a FASTA
//! file without a header or a needletail syntax error is [`IoError::Parse`] with the line, and a record
//! without sequence is [`IoError::Record`] with the record's identifier.

use crate::error::{IoError, Result};
use flate2::read::MultiGzDecoder;
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;

/// One sequence record: its identifier and its letters (as found in the file, case kept).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The identifier: the first whitespace-separated word of the header (the 1-based record index when
    /// the header is empty; the line number for plain sequence files).
    pub id: String,
    /// The sequence letters, line breaks removed.
    pub seq: Vec<u8>,
}

const GZ_MAGIC: [u8; 2] = [0x1f, 0x8b];
const BZ_MAGIC: [u8; 2] = *b"BZ";
const XZ_MAGIC: [u8; 2] = [0xfd, 0x37];
const ZSTD_MAGIC: [u8; 2] = [0x28, 0xb5];

/// File name endings (after a compression suffix is removed) that promise FASTA or FASTQ content.
const FASTX_EXTENSIONS: [&str; 8] = ["fa", "fasta", "fna", "fas", "mfa", "ffn", "fq", "fastq"];

/// An opened input: a file, or the bytes of a stream read once.
type Input = BufReader<Box<dyn Read + Send>>;

/// Opens `path` for reading. `-` is standard input; a path that is not a regular file (a pipe such as
/// `<(gzip -c x.fa)`, `/dev/stdin`, a FIFO) is read whole on first use and served from memory afterwards,
/// because the readers below look at an input more than once (compression magic, first byte, records).
fn open_file(path: &Path) -> Result<Input> {
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex, OnceLock};
    static STREAMS: OnceLock<Mutex<HashMap<std::path::PathBuf, Arc<Vec<u8>>>>> = OnceLock::new();
    let is_stdin = path.as_os_str() == "-";
    let is_stream = is_stdin || std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir());
    if !is_stream {
        let file = File::open(path).map_err(|e| IoError::io(path, e))?;
        return skip_bom(BufReader::new(Box::new(file)), path);
    }
    let streams = STREAMS.get_or_init(Default::default);
    let mut cache = streams.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let bytes = match cache.get(path) {
        Some(bytes) => Arc::clone(bytes),
        None => {
            let mut bytes = Vec::new();
            if is_stdin {
                std::io::stdin().lock().read_to_end(&mut bytes).map_err(|e| IoError::io(path, e))?;
            } else {
                File::open(path).and_then(|mut f| f.read_to_end(&mut bytes)).map_err(|e| IoError::io(path, e))?;
            }
            let bytes = Arc::new(bytes);
            cache.insert(path.to_path_buf(), Arc::clone(&bytes));
            bytes
        }
    };
    skip_bom(BufReader::new(Box::new(std::io::Cursor::new(SharedBytes(bytes)))), path)
}

/// The UTF-8 byte-order mark some editors put at the start of a text file.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Skips a UTF-8 byte-order mark at the start of `reader` (it is not part of the content).
fn skip_bom<R: BufRead>(mut reader: R, path: &Path) -> Result<R> {
    if reader.fill_buf().map_err(|e| IoError::io(path, e))?.starts_with(BOM) {
        tracing::debug!(path = %path.display(), "skipped a UTF-8 byte-order mark");
        reader.consume(BOM.len());
    }
    Ok(reader)
}

/// Shared stream bytes, readable through a `Cursor`.
struct SharedBytes(std::sync::Arc<Vec<u8>>);

impl AsRef<[u8]> for SharedBytes {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

/// The first two bytes of an open file (fewer when the file is shorter), without consuming them.
fn peek_magic(reader: &mut Input, path: &Path) -> Result<[u8; 2]> {
    let buf = reader.fill_buf().map_err(|e| IoError::io(path, e))?;
    let mut magic = [0u8; 2];
    let n = buf.len().min(2);
    magic[..n].copy_from_slice(&buf[..n]);
    Ok(magic)
}

fn is_compressed_by_needletail_only(magic: [u8; 2]) -> bool {
    magic == BZ_MAGIC || magic == XZ_MAGIC || magic == ZSTD_MAGIC
}

/// Opens a text file for line-by-line reading, transparently decompressing gzip content (detected by its
/// magic bytes, whatever the file name).
pub fn open_text(path: &Path) -> Result<Box<dyn BufRead + Send>> {
    let mut reader = open_file(path)?;
    if peek_magic(&mut reader, path)? == GZ_MAGIC {
        Ok(Box::new(skip_bom(BufReader::new(MultiGzDecoder::new(reader)), path)?))
    } else {
        Ok(Box::new(reader))
    }
}

/// Skips leading white space of an uncompressed reader; returns how many line breaks were skipped.
fn skip_leading_whitespace(reader: &mut Input, path: &Path) -> Result<usize> {
    let mut newlines = 0;
    loop {
        let buf = reader.fill_buf().map_err(|e| IoError::io(path, e))?;
        if buf.is_empty() {
            return Ok(newlines);
        }
        let skip = buf.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(buf.len());
        newlines += buf[..skip].iter().filter(|&&b| b == b'\n').count();
        let done = skip < buf.len();
        reader.consume(skip);
        if done {
            return Ok(newlines);
        }
    }
}

/// Converts a needletail error into an [`IoError`] naming `path` and the line (shifted by the `offset`
/// blank lines skipped before the first record).
fn map_parse_error(path: &Path, err: needletail::errors::ParseError, offset: usize) -> IoError {
    use needletail::errors::ParseErrorKind as Kind;
    let line = err.position.line as usize + offset;
    let in_record = err.position.id.as_ref().map(|id| format!(" in record {id:?}")).unwrap_or_default();
    match err.kind {
        Kind::EmptyFile => IoError::EmptyFile { path: path.to_path_buf() },
        Kind::Io => IoError::io(path, std::io::Error::other(err.msg)),
        Kind::UnknownFormat => IoError::Parse {
            path: path.to_path_buf(),
            line: offset + 1,
            message: format!("no FASTA/FASTQ header: {}", err.msg),
        },
        Kind::UnexpectedEnd if err.format == Some(needletail::parser::Format::Fasta) => match last_fasta_header(path) {
            Some((record, header_line)) => IoError::Record {
                path: path.to_path_buf(),
                record,
                message: format!("the record starting at line {header_line} has no sequence (end of file)"),
            },
            None => IoError::Parse { path: path.to_path_buf(), line, message: "unexpected end of input".into() },
        },
        Kind::UnexpectedEnd => IoError::Parse {
            path: path.to_path_buf(),
            line,
            message: format!("unexpected end of input: truncated record{in_record}"),
        },
        _ => IoError::Parse { path: path.to_path_buf(), line, message: format!("{}{in_record}", err.msg) },
    }
}

/// The identifier and 1-based line of the last FASTA header of a file (needletail reports a trailing header
/// without sequence only as an unexpected end, without the record's name). Used on the error path only.
fn last_fasta_header(path: &Path) -> Option<(String, usize)> {
    let reader = open_text(path).ok()?;
    let mut last = None;
    for (i, line) in reader.split(b'\n').enumerate() {
        let line = line.ok()?;
        if let Some(header) = line.strip_prefix(b">") {
            last = Some((record_id(header, 0), i + 1));
        }
    }
    last
}

/// The identifier of a record: the first word of its header, or its 1-based index when there is none.
fn record_id(header: &[u8], index: usize) -> String {
    let text = String::from_utf8_lossy(header);
    text.split_whitespace().next().map(str::to_string).unwrap_or_else(|| index.to_string())
}

/// Reads every record of a FASTA or FASTQ file, plain or compressed (gzip, bzip2, xz, zstd; detected from
/// the content). Leading blank lines are allowed.
///
/// Errors: [`IoError::EmptyFile`] for a file without records, [`IoError::Parse`] (with line) for a file
/// without header or a syntax error, [`IoError::Record`] for a record with no sequence.
pub fn read_records(path: &Path) -> Result<Vec<Record>> {
    let mut reader = open_file(path)?;
    let magic = peek_magic(&mut reader, path)?;
    let offset = if magic == GZ_MAGIC || is_compressed_by_needletail_only(magic) {
        0
    } else {
        skip_leading_whitespace(&mut reader, path)?
    };
    let mut parser = needletail::parse_fastx_reader(reader).map_err(|e| map_parse_error(path, e, offset))?;
    let mut records = Vec::new();
    while let Some(item) = parser.next() {
        let rec = item.map_err(|e| map_parse_error(path, e, offset))?;
        let id = record_id(rec.id(), records.len() + 1);
        let seq = rec.seq().into_owned();
        if seq.is_empty() {
            return Err(IoError::Record {
                path: path.to_path_buf(),
                record: id,
                message: format!(
                    "the record starting at line {} has no sequence",
                    rec.start_line_number() as usize + offset
                ),
            });
        }
        records.push(Record { id, seq });
    }
    if records.is_empty() {
        return Err(IoError::EmptyFile { path: path.to_path_buf() });
    }
    tracing::debug!(path = %path.display(), records = records.len(), "read FASTA/FASTQ");
    Ok(records)
}

/// Reads a file holding one bare sequence per line (as the primer tutorial's `sequences.txt`), plain or
/// gzip-compressed. Record identifiers are the 1-based line numbers (`"1"`, `"2"`, …). Trailing blank
/// lines are ignored; a blank line before a later sequence is an error (it would shift a parallel label
/// file), and so is a line that looks like a FASTA/FASTQ header.
pub fn read_plain_lines(path: &Path) -> Result<Vec<Record>> {
    let reader = open_text(path)?;
    let mut records = Vec::new();
    let mut first_blank: Option<usize> = None;
    for (i, line) in reader.split(b'\n').enumerate() {
        let line_no = i + 1;
        let line = line.map_err(|e| IoError::io(path, e))?;
        let seq = line.trim_ascii();
        if seq.is_empty() {
            first_blank.get_or_insert(line_no);
            continue;
        }
        if let Some(blank) = first_blank {
            return Err(IoError::Record {
                path: path.to_path_buf(),
                record: format!("line {blank}"),
                message: "empty line: a plain sequence file holds one sequence per line".to_string(),
            });
        }
        if matches!(seq[0], b'>' | b'@') {
            return Err(IoError::Parse {
                path: path.to_path_buf(),
                line: line_no,
                message: "a FASTA/FASTQ header inside a plain one-sequence-per-line file".to_string(),
            });
        }
        records.push(Record { id: line_no.to_string(), seq: seq.to_vec() });
    }
    if records.is_empty() {
        return Err(IoError::EmptyFile { path: path.to_path_buf() });
    }
    tracing::debug!(path = %path.display(), records = records.len(), "read plain sequence lines");
    Ok(records)
}

/// The first non-white-space byte of a file's (gzip-decompressed) content and its 1-based line, `None`
/// when there is none.
fn first_content_byte(path: &Path) -> Result<Option<(u8, usize)>> {
    let mut reader = open_text(path)?;
    let mut line = 1;
    let mut buf = [0u8; 8192];
    loop {
        let n = reader.read(&mut buf).map_err(|e| IoError::io(path, e))?;
        if n == 0 {
            return Ok(None);
        }
        for &b in &buf[..n] {
            if !b.is_ascii_whitespace() {
                return Ok(Some((b, line)));
            }
            line += usize::from(b == b'\n');
        }
    }
}

/// True when the file name (after a `.gz`/`.bz2`/`.xz`/`.zst` suffix) says FASTA or FASTQ.
fn has_fastx_extension(path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    let base = ["gz", "bz2", "xz", "zst"].iter().find_map(|c| name.strip_suffix(&format!(".{c}"))).unwrap_or(&name);
    base.rsplit_once('.').is_some_and(|(_, ext)| FASTX_EXTENSIONS.contains(&ext))
}

/// Reads sequences from a FASTA/FASTQ file or from a plain one-sequence-per-line file, deciding from the
/// content: a first non-blank byte `>` or `@` means FASTX, anything else plain lines. A file named like
/// FASTA/FASTQ (`.fa`, `.fasta`, `.fq`, …) whose content has no header is refused rather than read as
/// plain lines.
pub fn read_sequences(path: &Path) -> Result<Vec<Record>> {
    let mut reader = open_file(path)?;
    if is_compressed_by_needletail_only(peek_magic(&mut reader, path)?) {
        return read_records(path);
    }
    drop(reader);
    match first_content_byte(path)? {
        None => Err(IoError::EmptyFile { path: path.to_path_buf() }),
        Some((b'>' | b'@', _)) => read_records(path),
        Some((b, line)) if has_fastx_extension(path) => Err(IoError::Parse {
            path: path.to_path_buf(),
            line,
            message: format!("no FASTA/FASTQ header: expected '>' or '@' but found {:?}", b as char),
        }),
        Some(_) => read_plain_lines(path),
    }
}

/// Writes records as FASTA (one sequence line per record); gzip-compressed when `path` ends in `.gz`.
/// `names` and `seqs` must have the same length and names must not contain line breaks.
pub fn write_fasta(path: &Path, names: &[String], seqs: &[Vec<u8>]) -> Result<()> {
    if names.len() != seqs.len() {
        return Err(IoError::InvalidArgument(format!("{} names for {} sequences", names.len(), seqs.len())));
    }
    if let Some(bad) = names.iter().find(|n| n.contains(['\n', '\r'])) {
        return Err(IoError::InvalidArgument(format!("record name {bad:?} contains a line break")));
    }
    let mut file = crate::atomic::AtomicFile::create(path)?;
    let gz = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("gz"));
    if gz {
        let mut enc = flate2::write::GzEncoder::new(file, flate2::Compression::default());
        write_fasta_body(&mut enc, names, seqs).map_err(|e| IoError::io(path, e))?;
        file = enc.finish().map_err(|e| IoError::io(path, e))?;
    } else {
        write_fasta_body(&mut file, names, seqs).map_err(|e| IoError::io(path, e))?;
    }
    file.commit()
}

fn write_fasta_body(out: &mut impl Write, names: &[String], seqs: &[Vec<u8>]) -> std::io::Result<()> {
    for (name, seq) in names.iter().zip(seqs) {
        out.write_all(b">")?;
        out.write_all(name.as_bytes())?;
        out.write_all(b"\n")?;
        out.write_all(seq)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> std::path::PathBuf {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    #[test]
    fn a_byte_order_mark_is_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let fa = write(&dir, "bom.fa", "\u{feff}>a\nACGT\n");
        assert_eq!(read_sequences(&fa).unwrap(), vec![Record { id: "a".into(), seq: b"ACGT".to_vec() }]);
        let plain = write(&dir, "bom.txt", "\u{feff}ACGT\nGGCC\n");
        assert_eq!(read_sequences(&plain).unwrap()[0].seq, b"ACGT".to_vec());
    }

    #[test]
    fn multi_line_fasta_with_descriptions_and_leading_blank_lines() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(&dir, "a.fa", "\n\n>r1 some description\nACG\ntac\n>r2\r\nNNNN\r\n");
        let recs = read_records(&p).unwrap();
        assert_eq!(
            recs,
            vec![
                Record { id: "r1".into(), seq: b"ACGtac".to_vec() },
                Record { id: "r2".into(), seq: b"NNNN".to_vec() }
            ]
        );
    }

    #[test]
    fn truncated_fastq_names_line_and_record() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(&dir, "a.fq", "@q1\nACGT\n+\nIIII\n@q2\nACGT\n");
        let err = read_records(&p).unwrap_err();
        assert!(matches!(err, IoError::Parse { .. }), "{err:?}");
        assert!(err.to_string().contains("a.fq"), "{err}");
    }

    #[test]
    fn extension_detection_strips_compression_suffix() {
        assert!(has_fastx_extension(Path::new("x/sample.fa.gz")));
        assert!(has_fastx_extension(Path::new("READS.FASTQ")));
        assert!(!has_fastx_extension(Path::new("sequences.txt")));
        assert!(!has_fastx_extension(Path::new("fa")));
    }

    #[test]
    fn plain_lines_refuse_inner_blank_line_but_accept_trailing_ones() {
        let dir = tempfile::tempdir().unwrap();
        let ok = write(&dir, "ok.txt", "ACGT\r\nGGCC\n\n\n");
        let recs = read_plain_lines(&ok).unwrap();
        assert_eq!(recs.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), ["1", "2"]);
        assert_eq!(recs[0].seq, b"ACGT");
        let bad = write(&dir, "bad.txt", "ACGT\n\nGGCC\n");
        let err = read_plain_lines(&bad).unwrap_err();
        assert!(matches!(&err, IoError::Record { record, .. } if record == "line 2"), "{err:?}");
    }
}
