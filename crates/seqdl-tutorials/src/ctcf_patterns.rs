//! Beyond the tutorials: the motif a CTCF model learned, found the way the field finds it today — DeepSHAP
//! (dinucleotide-shuffled references, as tangermeme) over the test positives, TF-MoDISco-style patterns
//! (`seqdl motifs`' pipeline) and TOMTOM against JASPAR CORE 2016 vertebrates. The top positive pattern
//! should be CTCF (MA0139.1). Used by the ChIP-seq and the genome sections.

use std::path::Path;

use seq_app::motifs::Embedded;
use seq_app::pipelines::discover::{discover, MotifsOptions};
use seq_app::pipelines::motif_report::write_report;
use seq_interpret::deeplift::{deep_shap, DeepShapOptions, References};
use serde::Serialize;

use crate::backend::Cpu;
use crate::io::Dataset;
use crate::models::Cnn;
use crate::{Check, Context, Result, Threshold, TutorialReport};

/// JASPAR's CTCF matrix.
pub const CTCF: &str = "MA0139.1";

/// What pattern discovery found.
#[derive(Debug, Clone, Serialize)]
pub struct CtcfPatterns {
    /// Test positives explained.
    pub sequences: usize,
    /// Dinucleotide shuffles per sequence.
    pub references: usize,
    /// Seqlets called (both signs).
    pub seqlets: usize,
    /// Positive patterns.
    pub positive_patterns: usize,
    /// Seqlets of the top positive pattern.
    pub top_seqlets: usize,
    /// Its consensus (trimmed PFM).
    pub top_consensus: String,
    /// Its best JASPAR match and that match's q-value.
    pub top_match: Option<(String, f64)>,
    /// Rank (1 = best) of MA0139.1 among its matches, and MA0139.1's q-value.
    pub ctcf_rank: Option<(usize, f64)>,
    /// Largest |DeepSHAP convergence delta|.
    pub max_abs_delta: f32,
}

/// DeepSHAP of `model` over the positives of `test` (`references` shuffles each), patterns, TOMTOM; the
/// report goes to `out` (`report.html`, logos, …).
pub fn ctcf_patterns(ctx: &Context, model: &Cnn<Cpu>, test: &Dataset, out: &Path) -> Result<CtcfPatterns> {
    let positives = test.subset(&test.positives(0));
    let references = ctx.size(20, 10);
    let options = DeepShapOptions {
        references: References::Shuffles { count: references, seed: ctx.seed },
        ..DeepShapOptions::default()
    };
    let shap = deep_shap(model, &positives.x, positives.n(), positives.len, &options)?;
    let max_abs_delta = shap.deltas.iter().fold(0.0f32, |m, d| m.max(d.abs()));
    let mut opts = MotifsOptions {
        embedded: Embedded::Jaspar2016,
        title: "CTCF: patterns in the model's DeepSHAP contributions over the test positives".into(),
        top: 5,
        ..Default::default()
    };
    opts.seqlets.seed = ctx.seed;
    opts.patterns.leiden.seed = ctx.seed;
    let h = &shap.hypothetical;
    let d = discover(&positives.x, &h.values, h.n, h.len, &opts)?;
    write_report(&d, &positives.names, &opts, out)?;
    let top = d.top_positive();
    Ok(CtcfPatterns {
        sequences: positives.n(),
        references,
        seqlets: d.calls.seqlets.len(),
        positive_patterns: d.patterns.positive.len(),
        top_seqlets: top.map_or(0, |(p, _, _)| p.n_seqlets()),
        top_consensus: top.map_or(String::new(), |(_, f, _)| f.consensus()),
        top_match: top.and_then(|(_, _, m)| m.best()).map(|h| (h.target.clone(), h.q_value)),
        ctcf_rank: d.top_positive_rank(CTCF),
        max_abs_delta,
    })
}

/// The checks: MA0139.1 is the top positive pattern's best JASPAR match, with q < 0.01.
pub fn add_checks(report: &mut TutorialReport, ctx: &Context, found: &CtcfPatterns, out: &Path) {
    let original = "not in the tutorial (DeepSHAP + TF-MoDISco + TOMTOM, as tangermeme / tfmodisco-lite)";
    report.checks.push(Check::info(
        format!(
            "DeepSHAP ({} shuffles) patterns: seqlets in {} test positives; top pattern {} seqlets, consensus {}",
            found.references, found.sequences, found.top_seqlets, found.top_consensus
        ),
        found.seqlets as f64,
        original,
    ));
    let (rank, q) = found.ctcf_rank.map_or((f64::INFINITY, 1.0), |(r, q)| (r as f64, q));
    let best = found.top_match.as_ref().map_or("none".to_string(), |(m, q)| format!("{m}, q {q:.1e}"));
    report.checks.push(Check::new(
        format!("top positive pattern: rank of {CTCF} among its JASPAR 2016 matches (best: {best})"),
        rank,
        "",
        Threshold::AtMost(1.0),
    ));
    report.checks.push(Check::new(
        format!("TOMTOM q-value of {CTCF} for the top pattern"),
        q,
        "",
        Threshold::AtMost(0.01),
    ));
    report.checks.push(Check::new(
        "DeepSHAP convergence: max |Σ attributions − Δ logit|",
        f64::from(found.max_abs_delta),
        "rescale rule: exact up to float error",
        Threshold::AtMost(1e-3),
    ));
    let logo = out.join("logos/pos_pattern_0.png");
    if logo.is_file() {
        let name = |p: &Path| p.file_name().map_or(String::new(), |d| d.to_string_lossy().into_owned());
        let dir = format!("{}/{}", name(&ctx.dir), name(out));
        report.figure(
            ctx,
            format!("Top positive pattern of the DeepSHAP contributions (CWM, hypothetical CWM, PFM, best JASPAR match); full report in {dir}/report.html"),
            &logo,
        );
    }
}
