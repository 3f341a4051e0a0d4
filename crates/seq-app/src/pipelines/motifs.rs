//! Motif comparison with p-values (TOMTOM's method, `seqdl tomtom`) and motif scanning with p-values
//! (FIMO's method, `seqdl scan`), through seq-motifs. The database defaults to the embedded JASPAR CORE 2016
//! vertebrates; every motif is validated (no zero-sum or negative columns) before anything is computed.

use std::path::PathBuf;

use seq_io::Pfm;
use seq_motifs::{FimoHit, FimoOptions, TomtomOptions, TomtomResult};

use crate::data::DataSource;
use crate::error::{AppError, Result};
use crate::motifs::{resolve, Embedded};
use crate::output::write_text;

/// Options of [`tomtom`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TomtomRequest {
    /// The query motifs (any motif file seq-io reads; e.g. `filters.meme` from `seqdl filters`).
    pub queries: PathBuf,
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
    let queries = seq_motifs::read_database(&req.queries)?;
    let database = database(req.database.as_ref())?;
    let results = seq_motifs::tomtom(&queries, &database, &req.options)?;
    let mut tsv = Vec::new();
    seq_motifs::tomtom::write_tsv(&mut tsv, &results, req.max_q)?;
    write_text(&req.out, &String::from_utf8_lossy(&tsv))?;
    Ok(results)
}

/// The database to compare with: a file (validated) or the embedded JASPAR 2016.
pub fn database(file: Option<&PathBuf>) -> Result<Vec<Pfm>> {
    let set = resolve(file.map(PathBuf::as_path), Embedded::Jaspar2016)?;
    let source = set.source().to_path_buf();
    let motifs = set.into_motifs();
    seq_motifs::validate_motifs(&motifs, &source)?;
    Ok(motifs)
}

/// Options of [`scan`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ScanRequest {
    /// The motifs to scan for (default: the embedded JASPAR 2016).
    pub motifs: Option<PathBuf>,
    /// Scan only these motifs of the file (by name; empty: all).
    pub names: Vec<String>,
    /// The sequences (FASTA/FASTQ or an HDF5 split).
    pub data: DataSource,
    /// FIMO's options (background, pseudocount, p-value threshold, strands).
    pub options: FimoOptions,
    /// Output: BED (`.bed`) or TSV (anything else).
    pub out: PathBuf,
}

/// Scans every sequence for every motif; writes BED or TSV and returns the hits.
pub fn scan(req: &ScanRequest) -> Result<Vec<FimoHit>> {
    req.options.check()?;
    let mut motifs = database(req.motifs.as_ref())?;
    if !req.names.is_empty() {
        let known: Vec<String> = motifs.iter().map(|m| m.name.clone()).collect();
        if let Some(missing) = req.names.iter().find(|n| !known.contains(n)) {
            return Err(AppError::option("--motif", format!("{missing:?} is not in the motif file")));
        }
        motifs.retain(|m| req.names.contains(&m.name));
    }
    let ds = req.data.load("test")?;
    let sequences: Vec<(String, Vec<u8>)> =
        (0..ds.n()).map(|i| (ds.names[i].clone(), seq_io::onehot::decode(ds.seq(i), ds.len).into_bytes())).collect();
    let hits = seq_motifs::scan(&motifs, &sequences, &req.options)?;
    let mut bytes = Vec::new();
    if req.out.extension().is_some_and(|e| e == "bed") {
        seq_motifs::fimo::write_bed(&mut bytes, &hits)?;
    } else {
        seq_motifs::fimo::write_tsv(&mut bytes, &hits)?;
    }
    write_text(&req.out, &String::from_utf8_lossy(&bytes))?;
    Ok(hits)
}
