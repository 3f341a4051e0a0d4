//! `seqdl scan`: sequences scanned for motifs with FIMO's p-values and q-values (BED or TSV): FASTA/FASTQ
//! records, an HDF5 split, or windows of a reference genome (hits in genome coordinates).

use super::common::DataArgs;
use crate::error::Result;
use clap::{ArgGroup, Args};
use seq_app::pipelines::dataset::ChromAliases;
use seq_app::pipelines::genome_scan::GenomeWindows;
use seq_app::pipelines::motifs::{scan, ScanInput, ScanRequest};
use seq_app::AppError;
use seq_motifs::FimoOptions;
use std::path::PathBuf;

/// Arguments of `seqdl scan`.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("input").args(["h5", "fasta", "genome"]).required(true)))]
#[command(mut_arg("h5", |a| a.required_unless_present_any(["fasta", "genome"])))]
pub struct ScanArgs {
    /// Motif file (default: JASPAR CORE 2016 vertebrates, embedded; or $SEQDL_MOTIFS).
    #[arg(long)]
    motifs: Option<PathBuf>,
    /// Scan only this motif (repeatable; default: every motif of the file).
    #[arg(long = "motif")]
    names: Vec<String>,
    #[command(flatten)]
    data: DataArgs,
    #[command(flatten)]
    genome: GenomeArgs,
    /// Report hits with p below this.
    #[arg(long, default_value_t = 1e-4)]
    threshold: f64,
    /// Background A,C,G,T probabilities, comma-separated (must sum to 1; default uniform).
    #[arg(long, value_delimiter = ',')]
    background: Option<Vec<f64>>,
    /// Scan only the given strand of the sequences.
    #[arg(long)]
    forward_only: bool,
    /// Output: BED when it ends in .bed, else TSV.
    #[arg(long)]
    out: PathBuf,
}

/// Genome windows: `--genome` with `--regions` or `--chrom`.
#[derive(Debug, Args)]
pub struct GenomeArgs {
    /// Reference genome (FASTA with .fai, or BGZF with .fai + .gzi): scan its --regions or --chrom windows;
    /// hits are in genome coordinates. Exclusive with --fasta and --h5.
    #[arg(long, conflicts_with_all = ["fasta", "h5"])]
    genome: Option<PathBuf>,
    /// BED3+ or narrowPeak (optionally gzipped) of the regions to scan. A record beyond its chromosome's
    /// end, or on a chromosome the genome lacks, is an error naming the file and line; overlapping regions
    /// are merged; hits are written by chromosome name and start.
    #[arg(long, requires = "genome", conflicts_with = "chrom")]
    regions: Option<PathBuf>,
    /// Scan this whole chromosome (repeatable).
    #[arg(long, requires = "genome")]
    chrom: Vec<String>,
    /// Translate chromosome names by adding/stripping `chr` (20 ↔ chr20), as `seqdl dataset`.
    #[arg(long, requires = "genome", conflicts_with = "chrom_aliases")]
    chr_prefix: bool,
    /// Two-column file of chromosome aliases (alias, genome name), as `seqdl dataset`.
    #[arg(long, requires = "genome")]
    chrom_aliases: Option<PathBuf>,
    /// Skip (and count) --regions records on chromosomes the genome lacks instead of failing.
    #[arg(long, requires = "regions")]
    skip_unknown_chroms: bool,
}

impl GenomeArgs {
    fn windows(self) -> Option<GenomeWindows> {
        Some(GenomeWindows {
            genome: self.genome?,
            regions: self.regions,
            chroms: self.chrom,
            aliases: match (self.chr_prefix, self.chrom_aliases) {
                (_, Some(p)) => ChromAliases::File(p),
                (true, None) => ChromAliases::ChrPrefix,
                (false, None) => ChromAliases::None,
            },
            skip_unknown_chroms: self.skip_unknown_chroms,
        })
    }
}

/// Runs `seqdl scan`.
pub fn run(args: ScanArgs) -> Result<()> {
    let mut options = FimoOptions { threshold: args.threshold, both_strands: !args.forward_only, ..Default::default() };
    if let Some(b) = &args.background {
        options.background = <[f64; 4]>::try_from(b.as_slice()).map_err(|_| {
            AppError::option("--background", format!("give 4 probabilities A,C,G,T, got {}: {b:?}", b.len()))
        })?;
    }
    let input = match args.genome.windows() {
        Some(windows) => ScanInput::Genome(windows),
        None => ScanInput::Data(args.data.source()),
    };
    let req = ScanRequest { motifs: args.motifs, names: args.names, input, options, out: args.out };
    let outcome = scan(&req)?;
    if !outcome.skipped.is_empty() {
        let total: usize = outcome.skipped.iter().map(|(_, n)| n).sum();
        let per: Vec<String> = outcome.skipped.iter().map(|(c, n)| format!("{c} {n}")).collect();
        eprintln!("skipped {total} region(s) on chromosomes the genome lacks ({})", per.join(", "));
    }
    eprintln!(
        "{}: {} hits with p < {} ({} sequences, {} bases, {} windows tested)",
        req.out.display(),
        outcome.hits.len(),
        args.threshold,
        outcome.sequences,
        outcome.bases,
        outcome.windows
    );
    Ok(())
}
