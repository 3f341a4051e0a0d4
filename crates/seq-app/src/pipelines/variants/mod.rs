//! Variant effects from a VCF: for each ALT allele, the model's logits on the reference and the alternative
//! window (seq-variants' windows: the variant's first base at index `L/2`, the left flank kept), and — with
//! strand averaging — on their reverse complements; then per output the [`Score`]s of [`scores`]. The VCF
//! is streamed in batches ([`seq_variants::VariantBatches`]), so memory is flat in the number of variants.
//!
//! Outputs (each written atomically, then marked done, so `resume` skips a finished shard):
//! `<out>.tsv` and/or `<out>.vcf` (annotated VCF), and `<out>.skipped.json` (what was not scored, by
//! reason). With a shard `i/N` the names carry it: `<out>.shard-i-of-N.tsv` …; `seqdl merge` (or
//! [`seq_variants::merge()`]) joins the shard files into the bytes of the unsharded run.
//!
//! With [`VariantOptions::ism_top`], the strongest variants also get ISM maps of both windows around the
//! variant: chosen while streaming in bounded memory, computed after the pass ([`ism_maps`]), written as
//! `<out>.ism.h5`, `<out>.ism.tsv` and logos ([`ism_output`]).
//!
//! Every option is checked — and the model, genome and VCF header opened — before a window is scored; any
//! error afterwards (an unknown chromosome, a REF mismatch, an indel longer than the model's input) names
//! the file and the line and leaves no output behind.

pub mod ism_maps;
pub mod ism_output;
pub mod logits;
pub mod scores;
pub mod track;

use std::path::{Path, PathBuf};

use seq_variants::{
    AnnotatedVcfWriter, ChromAlias, Region, ScoreInfo, Shard, SkipReport, TsvWriter, VariantBatches, VcfOptions,
    VcfReader, WindowOptions,
};

pub use self::ism_maps::{IsmPlan, TopVariants};
pub use self::ism_output::IsmPaths;
pub use self::logits::{LogitSource, WindowLogits};
pub use self::scores::{columns, variant_scores, Score};
use crate::backend::AppBackend;
use crate::error::{AppError, Result};
use crate::genome_source::GenomeSource;
use crate::model::AppModel;
use crate::model_dir::ModelDir;
use crate::output::output_names;
use crate::progress::Context;

/// Options of [`variants`].
#[derive(Debug, Clone, PartialEq)]
pub struct VariantOptions {
    /// The VCF (plain, gzip or BGZF; a tabix index next to it is used for `regions`).
    pub vcf: PathBuf,
    /// The reference genome (FASTA with `.fai`, or BGZF with `.fai` + `.gzi`).
    pub genome: PathBuf,
    /// VCF chromosome names → genome names: `none`, `add-chr`, `strip-chr` or `map:PATH`.
    pub alias: String,
    /// Regions `chrom:start-end` (1-based, inclusive; genome names) or `chrom`; empty scores the whole VCF.
    pub regions: Vec<String>,
    /// This run's shard `i/N` (0-based); `None` scores every record.
    pub shard: Option<String>,
    /// Skip the run when its outputs are already complete (their `.done` markers match).
    pub resume: bool,
    /// Skip and count records whose REF differs from the genome instead of failing.
    pub skip_ref_mismatch: bool,
    /// Variants per batch.
    pub batch_size: usize,
    /// Scores written, per model output.
    pub scores: Vec<Score>,
    /// Average each window with its reverse complement.
    pub average_strands: bool,
    /// Write `<out>.tsv`.
    pub tsv: bool,
    /// Write `<out>.vcf` (the input records with the scores as INFO fields).
    pub annotated_vcf: bool,
    /// Output prefix.
    pub out: PathBuf,
    /// Use the model's incremental engine when it has one (the results equal burn's forward pass to float
    /// rounding; off: every window through burn).
    pub incremental: bool,
    /// ISM maps of this many variants, those with the largest |`logit_diff`| of `ism_target` (ties: input
    /// order); `None`: no maps. See [`ism_maps`].
    pub ism_top: Option<usize>,
    /// Bases each side of the variant's first base the maps cover (default [`ism_maps::DEFAULT_FLANK`],
    /// at most what the model's window holds).
    pub ism_flank: Option<usize>,
    /// The output ranked and explained by the maps (default: `seqdl explain`'s target).
    pub ism_target: Option<usize>,
}

impl Default for VariantOptions {
    fn default() -> Self {
        VariantOptions {
            vcf: PathBuf::new(),
            genome: PathBuf::new(),
            alias: "none".into(),
            regions: Vec::new(),
            shard: None,
            resume: false,
            skip_ref_mismatch: false,
            batch_size: 256,
            scores: vec![Score::LogitDiff],
            average_strands: false,
            tsv: true,
            annotated_vcf: false,
            out: PathBuf::from("variants"),
            incremental: true,
            ism_top: None,
            ism_flank: None,
            ism_target: None,
        }
    }
}

/// The checked options.
#[derive(Debug, Clone)]
struct Plan {
    alias: ChromAlias,
    regions: Vec<Region>,
    shard: Shard,
    /// Whether a shard was given (its files then carry the shard in their names, even `0/1`).
    sharded: bool,
}

fn file_exists(option: &str, path: &Path) -> Result<()> {
    if path.is_file() {
        Ok(())
    } else {
        Err(AppError::option(option, format!("{}: no such file", path.display())))
    }
}

impl VariantOptions {
    fn validate(&self) -> Result<Plan> {
        if self.batch_size == 0 {
            return Err(AppError::option("--batch-size", "must be at least 1"));
        }
        if self.scores.is_empty() {
            return Err(AppError::option("--scores", "give at least one score (logit_diff, log_odds, prob_diff)"));
        }
        if !self.tsv && !self.annotated_vcf {
            return Err(AppError::option("--format", "choose at least one output (tsv, vcf)"));
        }
        if self.ism_top == Some(0) {
            return Err(AppError::option("--ism-top", "must be at least 1 (leave it out for no ISM maps)"));
        }
        if self.out.as_os_str().is_empty() || self.out.file_name().is_none() {
            return Err(AppError::option("--out", format!("{:?} is not a file prefix", self.out)));
        }
        file_exists("--vcf", &self.vcf)?;
        file_exists("--genome", &self.genome)?;
        let shard = match &self.shard {
            Some(s) => s.parse::<Shard>().map_err(|e| AppError::option("--shard", e.to_string()))?,
            None => Shard::WHOLE,
        };
        let alias = ChromAlias::parse(&self.alias).map_err(|e| AppError::option("--alias", e.to_string()))?;
        let regions = self
            .regions
            .iter()
            .map(|r| r.parse::<Region>().map_err(|e| AppError::option("--regions", e.to_string())))
            .collect::<Result<_>>()?;
        Ok(Plan { alias, regions, shard, sharded: self.shard.is_some() })
    }

    /// The files of shard `shard` (`None`: the unsharded run): `(tsv, vcf, skip report)`, `None` for an
    /// output not asked for.
    pub fn outputs(&self, shard: Option<Shard>) -> (Option<PathBuf>, Option<PathBuf>, PathBuf) {
        let with = |ext: &str| {
            let base = PathBuf::from(format!("{}.{ext}", self.out.display()));
            match shard {
                Some(s) => seq_variants::resume::shard_output_path(&base, s),
                None => base,
            }
        };
        (self.tsv.then(|| with("tsv")), self.annotated_vcf.then(|| with("vcf")), with("skipped.json"))
    }
}

/// What [`variants`] did.
#[derive(Debug, Clone)]
pub struct VariantRun {
    /// The shard run.
    pub shard: Shard,
    /// Files written (or found complete).
    pub files: Vec<PathBuf>,
    /// Counts: records, ALTs, scored variants, skips by reason.
    pub report: SkipReport,
    /// Whether the outputs were already complete (`resume`) and nothing was computed.
    pub resumed: bool,
    /// Score column names.
    pub columns: Vec<String>,
}

/// Scores the variants of `opts.vcf` with the model of `model_dir` (see the [module docs](self)).
pub fn variants<B: AppBackend, M: AppModel<B>>(
    model_dir: &ModelDir,
    opts: &VariantOptions,
    ctx: &Context,
    device: &B::Device,
) -> Result<VariantRun> {
    let plan = opts.validate()?;
    let model: M = model_dir.load::<B, M>(device)?;
    let head = model.head();
    if let Some(s) = opts.scores.iter().find(|s| !s.fits(head)) {
        return Err(AppError::option(
            "--scores",
            format!("{s} needs a sigmoid or softmax head; the model's is {head:?}"),
        ));
    }
    let length = model.input_length().ok_or_else(|| {
        AppError::option(
            "--model",
            format!(
                "{}: the model takes any input length; variant windows need a fixed one",
                model_dir.path().display()
            ),
        )
    })?;
    let names = output_names(head, model.outputs());
    let cols = columns(&opts.scores, &names);
    let default_target = crate::pipelines::explain::default_target(head, model.outputs());
    let ism = IsmPlan::new(opts.ism_top, opts.ism_flank, opts.ism_target, length, model.outputs(), default_target)?;
    let ism_paths = ism.as_ref().map(|_| IsmPaths::new(&opts.out, plan.sharded.then_some(plan.shard)));
    let effect_column = ism.as_ref().map(|p| format!("{}_{}", Score::LogitDiff.name(), names[p.target]));
    let (tsv_path, vcf_path, report_path) = opts.outputs(plan.sharded.then_some(plan.shard));
    let mut files: Vec<PathBuf> =
        tsv_path.iter().chain(vcf_path.iter()).cloned().chain([report_path.clone()]).collect();
    if let Some(p) = &ism_paths {
        files.extend([p.h5.clone(), p.index.clone(), p.logos.clone()]);
    }
    if opts.resume {
        let done: Vec<_> = tsv_path
            .iter()
            .chain(vcf_path.iter())
            .map(|p| seq_variants::resume::complete_marker(p, plan.shard))
            .collect();
        let maps_done = |marker: &seq_variants::DoneMarker| match (&ism, &ism_paths, &effect_column) {
            (Some(p), Some(paths), Some(col)) => ism_output::complete(paths, p, col, marker.report.variants),
            _ => true,
        };
        if let Some(Some(marker)) = done
            .first()
            .filter(|_| done.iter().all(Option::is_some) && report_path.is_file())
            .filter(|m| m.as_ref().is_some_and(maps_done))
        {
            tracing::info!(shard = %plan.shard, "outputs already complete: nothing to do");
            return Ok(VariantRun {
                shard: plan.shard,
                files,
                report: marker.report.clone(),
                resumed: true,
                columns: cols,
            });
        }
    }
    let genome = GenomeSource::open(&opts.genome)?;
    let vcf_opts = VcfOptions { alias: plan.alias, regions: plan.regions, shard: Some(plan.shard) };
    let reader = VcfReader::open(&opts.vcf, &genome, vcf_opts)?;
    let mut tsv = match &tsv_path {
        Some(p) => Some(TsvWriter::create(p, &cols, plan.shard)?),
        None => None,
    };
    let mut vcf = match &vcf_path {
        Some(p) => {
            let infos: Vec<ScoreInfo> = cols
                .iter()
                .enumerate()
                .map(|(j, c)| ScoreInfo {
                    id: c.clone(),
                    description: format!("seqdl: {}", opts.scores[j / model.outputs()].description()),
                })
                .collect();
            Some(AnnotatedVcfWriter::create(p, reader.header(), &infos, plan.shard)?)
        }
        None => None,
    };
    let windows = WindowOptions { length, skip_ref_mismatch: opts.skip_ref_mismatch, skip_long_alleles: false };
    let mut batches = VariantBatches::new(reader, &genome, windows, opts.batch_size)?;
    let source = LogitSource::<B, M>::new(&model, opts.incremental, device, opts.batch_size);
    let mut top = ism.as_ref().map(|p| TopVariants::new(p.top));
    let progress = ctx.progress();
    progress.start(0, "variants");
    let o = model.outputs();
    for batch in &mut batches {
        let batch = batch?;
        let logits = source.batch(&batch, opts.average_strands)?;
        for (i, v) in batch.variants.iter().enumerate() {
            let row = |x: &[f32]| x[i * o..(i + 1) * o].to_vec();
            let (mut refs, mut alts) = (vec![row(&logits.ref_fwd)], vec![row(&logits.alt_fwd)]);
            if opts.average_strands {
                refs.push(row(&logits.ref_rc));
                alts.push(row(&logits.alt_rc));
            }
            let r: Vec<&[f32]> = refs.iter().map(Vec::as_slice).collect();
            let a: Vec<&[f32]> = alts.iter().map(Vec::as_slice).collect();
            let s = variant_scores(&opts.scores, head, &r, &a);
            if let (Some(top), Some(p)) = (top.as_mut(), &ism) {
                top.offer(v, variant_scores(&[Score::LogitDiff], head, &r, &a)[p.target]);
            }
            if let Some(w) = tsv.as_mut() {
                w.write(v, &s)?;
            }
            if let Some(w) = vcf.as_mut() {
                w.write(v, &s)?;
            }
        }
        progress.advance(batch.len() as u64);
    }
    progress.finish();
    let report = batches.report().clone();
    drop(batches);
    if let (Some(top), Some(p), Some(paths), Some(col)) = (top, &ism, &ism_paths, &effect_column) {
        let maps = ism_maps::compute::<B, M>(
            top.into_ranked(),
            p,
            &genome,
            &windows,
            &opts.vcf,
            &model,
            opts.incremental,
            opts.batch_size,
            ctx,
            device,
        )?;
        ism_output::write(&maps, p, paths, col)?;
    }
    if let Some(w) = tsv {
        w.finish(&report)?;
    }
    if let Some(w) = vcf {
        w.finish(&report)?;
    }
    report.write_json(&report_path)?;
    tracing::info!(shard = %plan.shard, scored = report.variants, skipped = report.skipped(), "variants scored");
    Ok(VariantRun { shard: plan.shard, files, report, resumed: false, columns: cols })
}
