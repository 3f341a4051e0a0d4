//! Tutorial 6: CTCF from peaks and the genome. GM12878 CTCF peaks (ENCODE narrowPeak, genome-wide; the
//! peaks on other chromosomes are skipped and counted) on hg19 chr20, summit ± 100 bp, GC-matched 1:1
//! genomic negatives at least 1 kb from any peak, a region split (test ≥ 50 Mb, valid 42–50 Mb) — what
//! `seqdl dataset` does — then the reference's deeper CNN (PyTorch `Deeper`, PyTorch initialisation) trained with reverse-complement and ±10-bp shift augmentation and
//! evaluated with reverse-complement averaging, its best first-layer filter against JASPAR MA0139.1, and a
//! 5-mer logistic regression on the same windows as the baseline; beyond the reference, DeepSHAP patterns of
//! the test positives named by TOMTOM (`motifs/report.html`).

use std::path::Path;

use seq_app::pipelines::dataset::{build, describe, DatasetOptions, GenomeDataset, Negatives};
use seq_models::cnn::presets::deeper;
use seq_plot::{draw_learning_curves, Series};
use seq_train::fit::{EarlyStopping, FitConfig, Monitor};
use seq_train::kmer::{KmerLogistic, KmerOptions};
use seq_train::metrics::{average_precision, roc_auc};
use seq_train::{predict_rc_averaged, Augment, OptimizerConfig};
use serde::Serialize;

use crate::chipseq::filters::{analyse, draw_best_vs_jaspar, push_tomtom_checks};
use crate::ctcf_patterns::{ctcf_patterns, CtcfPatterns};
use crate::fitting::{fit_cnn, reload_check, CnnFit, Fitted};
use crate::report::write_json;
use crate::{Check, Context, Error, Result, Threshold, TutorialReport};

/// Epoch cap of the full run (the reference's `max_epochs`; early stopping ends it earlier).
const EPOCHS: usize = 100;
/// Epoch cap under `--quick` (the data set is small, so `--quick` keeps every window and only caps the
/// epochs; early stopping usually ends both runs about here).
const QUICK_EPOCHS: usize = 30;
/// Jitter: windows are cut 2·10 bases wider and the CNN sees a random 200-bp crop of each (± 10 bp); the
/// test windows, the k-mer baseline and the filters use the centre 200 bp.
pub(crate) const SHIFT: usize = 10;
/// GC bins of the matching (the reference's 20 bins of width 0.05).
const GC_BINS: usize = 20;
/// The PyTorch reference (bench/science.md, genome-coordinate case).
const REF_DEEPER: &str = "0.926 ± 0.004 (PyTorch deeper CNN, 3 seeds; seed000 CNN 0.836)";
/// The reference 5-mer logistic regression.
const REF_KMER: &str = "0.680 (scikit-learn 5-mer LR, C = 0.01, standardised)";

/// The numbers written to `genome.json`.
#[derive(Debug, Serialize)]
struct Numbers {
    train: (usize, usize),
    valid: (usize, usize),
    test: (usize, usize),
    peaks_read: usize,
    peaks_on_other_chromosomes: usize,
    other_chromosomes: usize,
    dropped_too_many_n: usize,
    dropped_straddling: usize,
    gc_mean_positives: f64,
    gc_mean_negatives: f64,
    epochs_run: usize,
    restored_epoch: Option<usize>,
    train_seconds: f64,
    cnn_test_auroc_rc_averaged: f64,
    cnn_test_auprc_rc_averaged: f64,
    cnn_test_auroc_forward_only: f64,
    kmer_test_auroc: f64,
    kmer_test_auprc: f64,
    kmer_newton_iterations: usize,
    best_filter: Option<usize>,
    best_filter_pearson_ma0139: Option<f64>,
    patterns: CtcfPatterns,
}

/// The genome dataset of this section (`<tutorial>/dataset/`), rebuilt on every run.
pub(crate) fn ctcf_dataset(ctx: &Context) -> Result<GenomeDataset> {
    let peaks = ctx.data_file("hg19_chr20/wgEncodeAwgTfbsBroadGm12878CtcfUniPk.narrowPeak.gz")?;
    let genome = ctx.data_file("hg19_chr20/hg19_chr20.fa.gz")?;
    let out = ctx.out("dataset");
    if out.exists() {
        std::fs::remove_dir_all(&out).map_err(|e| Error::Write { path: out.clone(), source: e })?;
    }
    let opts = DatasetOptions {
        peaks,
        genome,
        width: 200,
        negatives: Negatives::GcMatched,
        ratio: 1.0,
        gc_bins: GC_BINS,
        exclusion_margin: 1000,
        margin: SHIFT as u64,
        test_regions: vec!["chr20:50000000-63025520".into()],
        valid_regions: vec!["chr20:42000000-50000000".into()],
        skip_unknown_chroms: true,
        seed: ctx.seed,
        out,
        ..DatasetOptions::default()
    };
    let (data, _files) = build(&opts, &ctx.app("dataset"))?;
    tracing::info!("genome dataset:\n{}", describe(&data.summary));
    Ok(data)
}

/// The deeper CNN of this section fitted on `data` (RC + shift augmented) into `<tutorial>/models/deeper/`.
pub(crate) fn fit_ctcf_model(ctx: &Context, data: &GenomeDataset) -> Result<Fitted> {
    let architecture = deeper(200);
    let fit = FitConfig {
        batch_size: 128,
        seed: ctx.seed + 61,
        early_stopping: Some(EarlyStopping::new(Monitor::ValLoss, 5).restore_best(true)),
        augment: Augment::reverse_complement().with_shift(SHIFT),
        ..FitConfig::new(if ctx.quick { QUICK_EPOCHS } else { EPOCHS })
    };
    let spec = CnnFit {
        name: "deeper",
        config: &architecture,
        init_seed: ctx.seed + 60,
        optimizer: OptimizerConfig::adam().with_lr(1e-3),
        fit,
    };
    fit_cnn(ctx, &spec, &data.splits.train, Some(&data.splits.valid))
}

/// Runs the tutorial.
pub fn run(ctx: &Context) -> Result<TutorialReport> {
    let mut report = TutorialReport::new("genome", "6. CTCF from peaks and the genome");
    let data = ctcf_dataset(ctx)?;
    let summary = &data.summary;
    let splits = &data.splits;
    let train = &splits.train;

    let gc_gap = (summary.gc_histogram.negative_mean - summary.gc_histogram.positive_mean).abs();
    report.checks.push(Check::new(
        "GC-matched negatives: |mean GC negatives − positives|",
        gc_gap,
        "GC-matched per bin (reference: 20 bins)",
        Threshold::AtMost(0.005),
    ));
    let gc_png = ctx.out("gc_histogram.png");
    draw_gc(&gc_png, summary)?;
    report.figure(
        ctx,
        "GC content of the positive windows and of the GC-matched negatives (fraction per 0.05 bin).",
        &gc_png,
    );

    // the deeper CNN, reverse-complement and shift augmented
    let fitted = fit_ctcf_model(ctx, &data)?;
    let device = Default::default();
    let test = &splits.test.trim(SHIFT).map_err(|e| Error::Step(format!("test windows: {e}")))?;
    let averaged = predict_rc_averaged(&fitted.model, test, 256, &device)?;
    let forward = seq_train::predict(&fitted.model, test, 256, &device)?;
    let (auroc, auprc) = (roc_auc(&test.y, &averaged)?, average_precision(&test.y, &averaged)?);
    let auroc_forward = roc_auc(&test.y, &forward)?;

    // the k-mer baseline on the same windows (scikit-learn's C = 0.01 on the mean-loss scale)
    let kmer_opts =
        KmerOptions { k: 5, canonical: false, l2: 1.0 / (0.01 * train.n() as f64), ..KmerOptions::default() };
    let centred = train.trim(SHIFT).map_err(|e| Error::Step(format!("train windows: {e}")))?;
    let kmer = KmerLogistic::fit(&centred, &kmer_opts)?;
    let kmer_scores: Vec<f32> = kmer.decision(test).into_iter().map(|z| z as f32).collect();
    let (kmer_auroc, kmer_auprc) = (roc_auc(&test.y, &kmer_scores)?, average_precision(&test.y, &kmer_scores)?);

    let (floor, gap_floor) = if ctx.quick { (0.85, 0.10) } else { (0.90, 0.15) };
    report.checks.push(Check::new(
        "deeper CNN (RC + shift augmented) test auROC, RC-averaged",
        auroc,
        REF_DEEPER,
        Threshold::AtLeast(floor),
    ));
    report.checks.push(Check::info("deeper CNN test auPRC, RC-averaged", auprc, "0.938 (PyTorch deeper CNN)"));
    report.checks.push(Check::info("deeper CNN test auROC, forward strand only", auroc_forward, ""));
    report.checks.push(Check::info(
        "5-mer logistic regression test auROC (1,024 k-mers, strands not collapsed)",
        kmer_auroc,
        REF_KMER,
    ));
    report.checks.push(Check::new(
        "deeper CNN − 5-mer LR test auROC",
        auroc - kmer_auroc,
        "0.246 (0.926 − 0.680)",
        Threshold::AtLeast(gap_floor),
    ));
    reload_check(&mut report, &[fitted.reload_max_abs_diff]);

    // the best first-layer filter against JASPAR MA0139.1
    let jaspar = ctx.data_file("jaspar/MA0139.1.jaspar")?;
    let collection = ctx.data_file("jaspar/pfm_vertebrates.txt").ok();
    let analysis = analyse(&fitted.model, test, &jaspar, collection.as_deref())?;
    let best = analysis.matches.first().map(|(f, m)| (*f, m.score));
    report.checks.push(Check::info(
        "best first-layer filter vs MA0139.1: Pearson r",
        best.map_or(f64::NAN, |b| b.1),
        "",
    ));
    push_tomtom_checks(&mut report, &analysis, "deeper CNN", ctx.quick);
    let filter_png = ctx.out("best_filter_vs_ma0139.png");
    if draw_best_vs_jaspar(&filter_png, &analysis)? {
        report.figure(ctx, "The first-layer filter closest to CTCF (activation PFM over the test windows) aligned with JASPAR MA0139.1.", &filter_png);
    }
    let motifs_dir = ctx.out("motifs");
    let patterns = ctcf_patterns(ctx, &fitted.model, test, &motifs_dir)?;
    crate::ctcf_patterns::add_checks(&mut report, ctx, &patterns, &motifs_dir);
    let curves_png = ctx.out("learning_curves.png");
    draw_history(&curves_png, &fitted.history)?;
    report.figure(ctx, "Training and validation loss of the deeper CNN (reverse-complement augmented).", &curves_png);

    let d = &summary.drops;
    report.notes.push(format!(
        "Dataset (seqdl dataset): {} peaks read, {} on {} other chromosomes skipped; train {}+{}, valid {}+{}, test {}+{} (positives+negatives){}.",
        d.peaks_read,
        d.unknown_chromosome.values().sum::<usize>(),
        d.unknown_chromosome.len(),
        summary.train.positives,
        summary.train.negatives,
        summary.valid.positives,
        summary.valid.negatives,
        summary.test.positives,
        summary.test.negatives,
        if ctx.quick { format!("; --quick stops after {QUICK_EPOCHS} epochs at most, floors 0.85 / 0.10") } else { String::new() }
    ));
    report.notes.push("Negatives are GC-matched within each split, as in the reference; the windows are cut 220 bp wide and the CNN sees a random 200-bp crop of each (± 10 bp jitter) on a random strand every epoch and is scored on the mean of both strands' logits.".into());
    let numbers = Numbers {
        train: (summary.train.positives, summary.train.negatives),
        valid: (summary.valid.positives, summary.valid.negatives),
        test: (summary.test.positives, summary.test.negatives),
        peaks_read: d.peaks_read,
        peaks_on_other_chromosomes: d.unknown_chromosome.values().sum(),
        other_chromosomes: d.unknown_chromosome.len(),
        dropped_too_many_n: d.too_many_n,
        dropped_straddling: d.straddling_split.values().sum(),
        gc_mean_positives: summary.gc_histogram.positive_mean,
        gc_mean_negatives: summary.gc_histogram.negative_mean,
        epochs_run: fitted.history.len(),
        restored_epoch: fitted.history.restored_epoch,
        train_seconds: fitted.seconds,
        cnn_test_auroc_rc_averaged: auroc,
        cnn_test_auprc_rc_averaged: auprc,
        cnn_test_auroc_forward_only: auroc_forward,
        kmer_test_auroc: kmer_auroc,
        kmer_test_auprc: kmer_auprc,
        kmer_newton_iterations: kmer.iterations,
        best_filter: best.map(|b| b.0),
        best_filter_pearson_ma0139: best.map(|b| b.1),
        patterns,
    };
    write_json(&ctx.out("genome.json"), &numbers)?;
    Ok(report)
}

/// The fraction of each class per GC bin, as two curves.
fn draw_gc(path: &Path, summary: &seq_app::pipelines::dataset::Summary) -> Result<()> {
    let h = &summary.gc_histogram;
    let fractions = |counts: &[usize]| {
        let total = counts.iter().sum::<usize>().max(1) as f64;
        counts.iter().map(|&c| c as f64 / total).collect::<Vec<f64>>()
    };
    let series = [
        Series::new(format!("CTCF peaks (mean GC {:.3})", h.positive_mean), fractions(&h.positives)),
        Series::new(format!("GC-matched negatives (mean GC {:.3})", h.negative_mean), fractions(&h.negatives)),
    ];
    let width = h.edges.get(1).copied().unwrap_or(0.0) - h.edges.first().copied().unwrap_or(0.0);
    draw_learning_curves(
        path,
        &series,
        &format!("GC bin (bin k covers [{width:.2}·(k−1), {width:.2}·k))"),
        "fraction of windows",
        "GC content of positives and negatives",
    )?;
    Ok(())
}

/// Train and validation loss per epoch.
fn draw_history(path: &Path, history: &seq_train::History) -> Result<()> {
    let train: Vec<f64> = history.epochs.iter().map(|e| e.train_loss).collect();
    let valid: Vec<f64> = history.epochs.iter().filter_map(|e| e.valid_loss).collect();
    draw_learning_curves(
        path,
        &[Series::new("train loss", train), Series::new("validation loss", valid)],
        "epoch",
        "binary cross-entropy",
        "Deeper CNN on chr20 CTCF windows",
    )?;
    Ok(())
}
