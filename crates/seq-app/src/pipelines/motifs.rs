//! Motif comparison with p-values (TOMTOM's method, `seqdl tomtom`) and motif scanning with p-values
//! (FIMO's method, `seqdl scan`), through seq-motifs. The database defaults to the embedded JASPAR CORE 2016
//! vertebrates; every motif is validated (no zero-sum or negative columns) before anything is computed.
//! `scan` reads FASTA/FASTQ records, an HDF5 split, or windows of a reference genome
//! ([`genome_scan`](super::genome_scan)); every input is checked before anything is written.

use std::path::{Path, PathBuf};

use seq_io::Pfm;
use seq_motifs::fimo::{Piece, Scanner};
use seq_motifs::{FimoHit, FimoOptions, TomtomOptions, TomtomResult};

use crate::data::DataSource;
use crate::error::{AppError, Result};
use crate::motifs::{resolve, Embedded};
use crate::output::write_text;
use crate::pipelines::genome_scan::{scan_regions, GenomeWindows};

/// Options of [`tomtom`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TomtomRequest {
    /// The query motifs (any motif file seq-io reads; e.g. `filters.meme` from `seqdl filters`).
    pub queries: PathBuf,
    /// Compare only these queries of the file (by name; empty: all).
    pub names: Vec<String>,
    /// The database (default: the embedded JASPAR CORE 2016 vertebrates, or `$SEQDL_MOTIFS`).
    pub database: Option<PathBuf>,
    /// Only hits with q at most this are written.
    pub max_q: f64,
    /// TOMTOM's options (column score, bins, strands, minimum overlap).
    pub options: TomtomOptions,
    /// Output TSV (MEME's `tomtom.tsv` columns).
    pub out: PathBuf,
}

/// Compares every query with the database; writes the TSV and returns the results (hits sorted by p).
pub fn tomtom(req: &TomtomRequest) -> Result<Vec<TomtomResult>> {
    if !(req.max_q > 0.0 && req.max_q <= 1.0) {
        return Err(AppError::option("--max-q", format!("must lie in (0, 1], got {}", req.max_q)));
    }
    let queries = select(seq_motifs::read_database(&req.queries)?, &req.names, "--query", &req.queries)?;
    let database = database(req.database.as_ref())?;
    let results = seq_motifs::tomtom(&queries, &database, &req.options)?;
    let mut tsv = Vec::new();
    seq_motifs::tomtom::write_tsv(&mut tsv, &results, req.max_q)?;
    write_text(&req.out, &String::from_utf8_lossy(&tsv))?;
    Ok(results)
}

/// The database to compare with: a file (validated) or the embedded JASPAR 2016.
pub fn database(file: Option<&PathBuf>) -> Result<Vec<Pfm>> {
    Ok(database_with_source(file)?.0)
}

/// [`database`] and the name of its source (the file, or the embedded database's label).
fn database_with_source(file: Option<&PathBuf>) -> Result<(Vec<Pfm>, PathBuf)> {
    let set = resolve(file.map(PathBuf::as_path), Embedded::Jaspar2016)?;
    let source = set.source().to_path_buf();
    let motifs = set.into_motifs();
    seq_motifs::validate_motifs(&motifs, &source)?;
    Ok((motifs, source))
}

/// The motifs named by `names` (all when empty), in file order; a name the file lacks is an error
/// naming `option`, the name and the file.
pub fn select(mut motifs: Vec<Pfm>, names: &[String], option: &str, source: &Path) -> Result<Vec<Pfm>> {
    if names.is_empty() {
        return Ok(motifs);
    }
    if let Some(missing) = names.iter().find(|n| !motifs.iter().any(|m| &m.name == *n)) {
        let shown: Vec<&str> = motifs.iter().take(5).map(|m| m.name.as_str()).collect();
        let more = if motifs.len() > shown.len() { ", …" } else { "" };
        return Err(AppError::option(
            option,
            format!(
                "motif {missing:?} is not in {} (it has {} motifs: {}{more})",
                source.display(),
                motifs.len(),
                shown.join(", ")
            ),
        ));
    }
    motifs.retain(|m| names.contains(&m.name));
    Ok(motifs)
}

/// Where [`scan`] reads its sequences.
#[derive(Debug, Clone, PartialEq)]
pub enum ScanInput {
    /// FASTA/FASTQ records or one HDF5 split (`test` unless another is named); hits on the records.
    Data(DataSource),
    /// Windows of a reference genome; hits in genome coordinates.
    Genome(GenomeWindows),
}

impl Default for ScanInput {
    fn default() -> Self {
        ScanInput::Data(DataSource::default())
    }
}

/// Options of [`scan`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ScanRequest {
    /// The motifs to scan for (default: the embedded JASPAR 2016).
    pub motifs: Option<PathBuf>,
    /// Scan only these motifs of the file (by name; empty: all).
    pub names: Vec<String>,
    /// The sequences.
    pub input: ScanInput,
    /// FIMO's options (background, pseudocount, p-value threshold, strands).
    pub options: FimoOptions,
    /// Output: BED (`.bed`) or TSV (anything else).
    pub out: PathBuf,
}

/// What [`scan`] found and covered.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ScanOutcome {
    /// The hits as written: by motif, strand, sequence and start for records; by chromosome name, start
    /// and end for genome windows.
    pub hits: Vec<FimoHit>,
    /// Sequences (records, or merged genome regions) scanned.
    pub sequences: usize,
    /// Bases scanned.
    pub bases: u64,
    /// Windows tested (every motif and strand).
    pub windows: u64,
    /// BED records skipped per chromosome the genome lacks (genome windows with `skip_unknown_chroms`).
    pub skipped: Vec<(String, usize)>,
}

/// Scans every sequence for every motif; writes BED or TSV and returns the hits.
pub fn scan(req: &ScanRequest) -> Result<ScanOutcome> {
    req.options.check()?;
    let (motifs, source) = database_with_source(req.motifs.as_ref())?;
    let motifs = select(motifs, &req.names, "--motif", &source)?;
    let mut scanner = Scanner::new(&motifs, &req.options)?;
    let (sequences, skipped, genome_order) = match &req.input {
        ScanInput::Data(data) => {
            let ds = data.load("test")?;
            let letters: Vec<Vec<u8>> =
                (0..ds.n()).map(|i| seq_io::onehot::decode(ds.seq(i), ds.len).into_bytes()).collect();
            let pieces: Vec<Piece<'_>> =
                letters.iter().zip(&ds.names).map(|(seq, name)| Piece::whole(name, seq)).collect();
            scanner.add(&pieces);
            (ds.n(), Vec::new(), false)
        }
        ScanInput::Genome(windows) => {
            let opened = windows.open()?;
            let covered = scan_regions(&opened.genome, &opened.regions, &mut scanner)?;
            (covered.regions, opened.skipped, true)
        }
    };
    let (bases, windows) = (scanner.bases(), scanner.windows());
    let mut hits = scanner.finish();
    if genome_order {
        // Regions are scanned by chromosome name and start: order the hits likewise (stable, so the
        // motifs and strands of one window keep the file's order).
        hits.sort_by(|a, b| (a.sequence.as_str(), a.start, a.end).cmp(&(b.sequence.as_str(), b.start, b.end)));
    }
    let mut bytes = Vec::new();
    if req.out.extension().is_some_and(|e| e == "bed") {
        seq_motifs::fimo::write_bed(&mut bytes, &hits)?;
    } else {
        seq_motifs::fimo::write_tsv(&mut bytes, &hits)?;
    }
    write_text(&req.out, &String::from_utf8_lossy(&bytes))?;
    Ok(ScanOutcome { hits, sequences, bases, windows, skipped })
}
