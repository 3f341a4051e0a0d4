//! Genome-wide prediction: windows of the model's length `L` slid with a stride `s` over the regions of a
//! BED file (or over whole chromosomes), and a bedGraph of one output (probability, or logit) at each
//! window's centre `s` bases.
//!
//! # Windows and bins
//! Regions are merged where they overlap or touch, then ordered by chromosome name and start (the order of
//! `sort -k1,1 -k2,2n`, which bedGraph tools expect). Each region `[a, b)` is cut into bins
//! `[a + k·s, min(a + (k+1)·s, b))`; bin `k`'s window starts at `a + k·s + s/2 − L/2`, so the bin is the
//! window's centre `s` bases (the window's centre index is `L/2`, as for variant windows). Bins tile the
//! regions without gaps or overlaps for any `1 ≤ s ≤ L`. A window that would leave its chromosome is not
//! predicted (counted as `edge`), nor one with more than `max_n_fraction` N bases (counted as `too_many_n`).
//!
//! # Shards
//! The bins of each region are cut into blocks of [`BLOCK`] consecutive bins, numbered over the whole run;
//! shard `i/N` predicts the blocks whose number is `i mod N`. Each window is computed on its own (the
//! incremental engine's forward pass), so [`merge_bedgraphs`] of the `N` shard files gives the bytes of the
//! unsharded run. Each output is written atomically with a `.done` JSON marker ([`BedGraphMarker`]), which
//! `resume` and the merge check.
//!
//! # bigWig
//! With [`GenomePredictOptions::bigwig`], an unsharded run also writes its bedGraph as a bigWig
//! ([`bigwig`]); [`merge_bedgraphs_to_bigwig`] merges shards into one. The chromosome lengths come from the
//! genome's index (a shard's marker keeps those of its regions' chromosomes, for the merge).

use std::collections::BTreeMap;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use seq_genome::{Genome, GenomeOptions, IntervalFormat, Span, UnknownChromosomes};
use seq_interpret::ism::EffectScale;
use seq_models::Head;
use seq_variants::Shard;

use crate::backend::AppBackend;
use crate::error::{AppError, Result};
use crate::model::AppModel;
use crate::model_dir::ModelDir;
use crate::pipelines::variants::LogitSource;
use crate::progress::Context;

pub mod bigwig;
mod merge;

pub use merge::{merge_bedgraphs, merge_bedgraphs_to_bigwig};

/// Consecutive bins per shard block.
pub const BLOCK: usize = 256;

/// Options of [`genome_predict`].
#[derive(Debug, Clone, PartialEq)]
pub struct GenomePredictOptions {
    /// The reference genome (FASTA with `.fai`, or BGZF with `.fai` + `.gzi`).
    pub genome: PathBuf,
    /// BED of the regions to cover; `None` covers every chromosome.
    pub regions: Option<PathBuf>,
    /// Bases between window starts (`1 ..= L`); `None` is `L`.
    pub stride: Option<usize>,
    /// The model output written.
    pub output: usize,
    /// Write logits instead of probabilities.
    pub logits: bool,
    /// Windows with a larger fraction of N are not predicted.
    pub max_n_fraction: f64,
    /// Windows per forward pass.
    pub batch_size: usize,
    /// This run's shard `i/N`; `None` covers everything.
    pub shard: Option<String>,
    /// Skip the run when its output is already complete.
    pub resume: bool,
    /// The bedGraph (a shard's file gets `.shard-i-of-N` before the extension).
    pub out: PathBuf,
    /// Also write the bedGraph as this bigWig (unsharded runs only: shards are merged into one).
    pub bigwig: Option<PathBuf>,
}

impl Default for GenomePredictOptions {
    fn default() -> Self {
        GenomePredictOptions {
            genome: PathBuf::new(),
            regions: None,
            stride: None,
            output: 0,
            logits: false,
            max_n_fraction: 0.5,
            batch_size: 256,
            shard: None,
            resume: false,
            out: PathBuf::from("predictions.bedgraph"),
            bigwig: None,
        }
    }
}

/// The `.done` marker of a bedGraph written by [`genome_predict`] or [`merge_bedgraphs`].
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct BedGraphMarker {
    /// Always `"bedgraph"`.
    pub format: String,
    /// The shard the file holds (`0/1` when whole or merged).
    pub shard: Shard,
    /// Lines written (windows predicted).
    pub rows: u64,
    /// Windows not predicted: they would leave the chromosome.
    pub edge: u64,
    /// Windows not predicted: too many N.
    pub too_many_n: u64,
    /// Window length.
    pub length: usize,
    /// Stride.
    pub stride: usize,
    /// Output written.
    pub output: usize,
    /// Logits (true) or probabilities.
    pub logits: bool,
    /// Lengths of the regions' chromosomes, from the genome's index (for a bigWig of the merged shards).
    #[serde(default)]
    pub chrom_sizes: BTreeMap<String, u64>,
}

impl BedGraphMarker {
    /// `<file>.done`.
    pub fn path(file: &Path) -> PathBuf {
        PathBuf::from(format!("{}.done", file.display()))
    }

    /// Reads the marker of `file`.
    pub fn read(file: &Path) -> Result<Self> {
        let path = Self::path(file);
        let text = std::fs::read_to_string(&path).map_err(|e| seq_io::IoError::Io { path: path.clone(), source: e })?;
        serde_json::from_str(&text).map_err(|e| AppError::option("--inputs", format!("{}: {e}", path.display())))
    }

    fn write(&self, file: &Path) -> Result<()> {
        crate::output::write_json(&Self::path(file), self)
    }
}

/// One region, 0-based half-open, on chromosome index `chrom`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Region {
    chrom: usize,
    start: u64,
    end: u64,
}

/// The regions in output order: merged, by chromosome name then start.
fn regions(genome: &Genome, bed: Option<&Path>) -> Result<Vec<Region>> {
    let mut spans: Vec<Region> = match bed {
        Some(path) => seq_genome::read_intervals(path, IntervalFormat::Bed, genome, UnknownChromosomes::Error)?
            .intervals
            .iter()
            .map(|i| Region { chrom: i.chrom, start: i.start, end: i.end })
            .collect(),
        None => genome.chroms().iter().enumerate().map(|(i, c)| Region { chrom: i, start: 0, end: c.len }).collect(),
    };
    let names = genome.chroms();
    spans.retain(|r| r.start < r.end);
    spans.sort_by(|a, b| (names[a.chrom].name.as_str(), a.start).cmp(&(names[b.chrom].name.as_str(), b.start)));
    let mut merged: Vec<Region> = Vec::with_capacity(spans.len());
    for r in spans {
        match merged.last_mut() {
            Some(last) if last.chrom == r.chrom && r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    Ok(merged)
}

/// What [`genome_predict`] did.
#[derive(Debug, Clone)]
pub struct GenomePrediction {
    /// The bedGraph written.
    pub file: PathBuf,
    /// Its marker (counts).
    pub marker: BedGraphMarker,
    /// Whether it was already complete (`resume`).
    pub resumed: bool,
    /// The bigWig written, when asked for.
    pub bigwig: Option<PathBuf>,
}

/// The bedGraph path of one shard of `out` (`None`: the unsharded run's `out`).
pub fn shard_path(out: &Path, shard: Option<Shard>) -> PathBuf {
    match shard {
        Some(s) => seq_variants::resume::shard_output_path(out, s),
        None => out.to_path_buf(),
    }
}

/// Predicts output `opts.output` of the model of `model_dir` along the genome (see the [module docs](self)).
pub fn genome_predict<B: AppBackend, M: AppModel<B>>(
    model_dir: &ModelDir,
    opts: &GenomePredictOptions,
    ctx: &Context,
    device: &B::Device,
) -> Result<GenomePrediction> {
    if opts.batch_size == 0 {
        return Err(AppError::option("--batch-size", "must be at least 1"));
    }
    if !(0.0..=1.0).contains(&opts.max_n_fraction) {
        return Err(AppError::option("--max-n-fraction", format!("{} is not in [0, 1]", opts.max_n_fraction)));
    }
    if let Some(bed) = opts.regions.as_ref().filter(|p| !p.is_file()) {
        return Err(AppError::option("--regions", format!("{}: no such file", bed.display())));
    }
    if let Some(bw) = &opts.bigwig {
        if opts.shard.is_some() {
            return Err(AppError::option(
                "--bigwig",
                "a shard writes only its bedGraph: merge the shards into a bigWig (`seqdl merge --out <name>.bw`)",
            ));
        }
        if !bigwig::is_bigwig_path(bw) {
            return Err(AppError::option("--bigwig", format!("{}: name the bigWig <name>.bw", bw.display())));
        }
    }
    if bigwig::is_bigwig_path(&opts.out) {
        return Err(AppError::option(
            "--out",
            format!("{} is the bedGraph: give a .bedgraph name (and the bigWig with --bigwig)", opts.out.display()),
        ));
    }
    let shard = match &opts.shard {
        Some(s) => s.parse::<Shard>().map_err(|e| AppError::option("--shard", e.to_string()))?,
        None => Shard::WHOLE,
    };
    let model: M = model_dir.load::<B, M>(device)?;
    let length = model
        .input_length()
        .ok_or_else(|| AppError::option("--model", "the model takes any input length; windows need a fixed one"))?;
    let stride = opts.stride.unwrap_or(length);
    if stride == 0 || stride > length {
        return Err(AppError::option(
            "--stride",
            format!("{stride} must be in 1..={length} (the model's input length)"),
        ));
    }
    if opts.output >= model.outputs() {
        return Err(AppError::option(
            "--output",
            format!("{}: the model has {} output(s)", opts.output, model.outputs()),
        ));
    }
    let file = shard_path(&opts.out, opts.shard.is_some().then_some(shard));
    if opts.resume {
        if let Ok(m) = BedGraphMarker::read(&file) {
            if m.shard == shard && file.is_file() && count_lines(&file)? == m.rows {
                let bigwig = write_bigwig_of(opts, &file)?;
                return Ok(GenomePrediction { file, marker: m, resumed: true, bigwig });
            }
        }
    }
    let genome = Genome::open(&opts.genome, &GenomeOptions::default())?;
    let regions = regions(&genome, opts.regions.as_deref())?;
    let scale = match (opts.logits, model.head()) {
        (true, _) | (false, Head::Linear) => EffectScale::Logit,
        (false, Head::Sigmoid) => EffectScale::Sigmoid,
        (false, Head::Softmax) => EffectScale::Softmax,
    };
    let source = LogitSource::<B, M>::new(&model, true, device, opts.batch_size);
    let mut marker = BedGraphMarker {
        format: "bedgraph".into(),
        shard,
        rows: 0,
        edge: 0,
        too_many_n: 0,
        length,
        stride,
        output: opts.output,
        logits: opts.logits,
        chrom_sizes: regions.iter().map(|r| &genome.chroms()[r.chrom]).map(|c| (c.name.clone(), c.len)).collect(),
    };
    let mut out = seq_io::atomic::AtomicFile::create(&file)?;
    let io = |e: std::io::Error| AppError::from(seq_io::IoError::Io { path: file.clone(), source: e });
    let (s, l) = (stride as u64, length as u64);
    let progress = ctx.progress();
    progress.start(0, "windows");
    let mut block_no = 0u64;
    for r in &regions {
        let chrom = &genome.chroms()[r.chrom];
        let bins = (r.end - r.start).div_ceil(s);
        for first in (0..bins).step_by(BLOCK) {
            let owned = shard.owns(block_no);
            block_no += 1;
            if !owned {
                continue;
            }
            let last = (first + BLOCK as u64).min(bins);
            // window start of bin k, as a signed position
            let ws = |k: u64| (r.start + k * s + s / 2) as i64 - (l / 2) as i64;
            let valid: Vec<u64> = (first..last).filter(|&k| ws(k) >= 0 && ws(k) as u64 + l <= chrom.len).collect();
            marker.edge += (last - first) - valid.len() as u64;
            let (Some(&k0), Some(&k1)) = (valid.first(), valid.last()) else { continue };
            let (lo, hi) = (ws(k0) as u64, ws(k1) as u64 + l);
            let seq = genome.fetch_span(Span { chrom: r.chrom, start: lo, end: hi })?;
            let max_n = (opts.max_n_fraction * length as f64).floor() as usize;
            let mut kept = Vec::with_capacity(valid.len());
            let mut windows: Vec<&[u8]> = Vec::with_capacity(valid.len());
            for &k in &valid {
                let at = (ws(k) as u64 - lo) as usize;
                let w = &seq[at..at + length];
                if w.iter().filter(|&&b| !matches!(b, b'A' | b'C' | b'G' | b'T')).count() > max_n {
                    marker.too_many_n += 1;
                } else {
                    kept.push(k);
                    windows.push(w);
                }
            }
            let values = source.logits(&windows, length)?;
            let o = model.outputs();
            for (j, &k) in kept.iter().enumerate() {
                let v = scale.score(&values[j * o..(j + 1) * o], opts.output);
                let b0 = r.start + k * s;
                let b1 = (b0 + s).min(r.end);
                writeln!(out, "{}\t{b0}\t{b1}\t{}", chrom.name, seq_variants::order::format_score(v)).map_err(io)?;
            }
            marker.rows += kept.len() as u64;
            progress.advance(valid.len() as u64);
        }
    }
    progress.finish();
    out.commit()?;
    marker.write(&file)?;
    let bigwig = write_bigwig_of(opts, &file)?;
    Ok(GenomePrediction { file, marker, resumed: false, bigwig })
}

/// Writes the bedGraph `file` as `opts.bigwig` (when given), with the lengths of the genome's index.
fn write_bigwig_of(opts: &GenomePredictOptions, file: &Path) -> Result<Option<PathBuf>> {
    let Some(bw) = &opts.bigwig else { return Ok(None) };
    let genome = Genome::open(&opts.genome, &GenomeOptions::default())?;
    let sizes: BTreeMap<String, u64> = genome.chroms().iter().map(|c| (c.name.clone(), c.len)).collect();
    bigwig::bedgraph_to_bigwig(file, &sizes, bw)?;
    Ok(Some(bw.clone()))
}

fn count_lines(path: &Path) -> Result<u64> {
    let f = std::fs::File::open(path).map_err(|e| seq_io::IoError::Io { path: path.into(), source: e })?;
    Ok(std::io::BufReader::new(f).lines().count() as u64)
}
