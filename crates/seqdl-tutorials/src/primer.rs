//! Tutorial 2, the genomics primer (seed 001): the 2000 primer sequences (label 1 ⇔ the 50-mer holds
//! `CGACCGAACTCC`), a 75/25 split, the primer CNN trained with Adam (batch 32, the last 25% of the training
//! part as validation, as Keras' `validation_split`), learning curves, the test confusion matrix beside the
//! tutorial's, the saliency bar plot of sequence 1999 and the fraction of positive test sequences whose
//! saliency peak lies inside the motif.

use super::report::write_json;
use super::{Check, Context, Threshold, TutorialReport};
use crate::backend::Train;
use crate::fitting::{fit_cnn, CnnFit};
use crate::{Error, Result};
use burn::tensor::Tensor;
use seq_interpret::primer_saliency;
use seq_io::load::{load_dataset, LabelSource, LengthPolicy};
use seq_io::{Annotation, Dataset, Strand, UnknownPolicy};
use seq_models::cnn::presets;
use seq_models::{Cnn, Head, SequenceModel};
use seq_sim::primer::PRIMER_MOTIF;
use seq_train::figures::{confusion_counts, draw_confusion, draw_learning_curves};
use seq_train::fit::{self, FitConfig, History};
use seq_train::OptimizerConfig;
use serde_json::json;

/// The tutorial's confusion matrix on its 500 test sequences (rows: true 0, 1; columns: predicted 0, 1).
pub const ORIGINAL_CONFUSION: [[u64; 2]; 2] = [[251, 8], [2, 239]];
/// The sequence whose saliency the tutorial plots (0-based index into the 2000 sequences).
pub const SALIENCY_SEQUENCE: usize = 1999;
/// The bars the tutorial colours for that sequence (`range(5, 17)`).
pub const TUTORIAL_MOTIF_BARS: (usize, usize) = (5, 17);
const CLASS_NAMES: [&str; 2] = ["0 (unbound)", "1 (bound)"];

/// Runs the tutorial.
pub fn run(ctx: &Context) -> Result<TutorialReport> {
    let mut report = TutorialReport::new("primer", "2. Genomics primer (seed 001)");
    let data = load(ctx)?;
    let split_seed = ctx.seed + 42;
    let splits = data.split(0.0, 0.25, split_seed)?;
    tracing::info!(train = splits.train.n(), test = splits.test.n(), split_seed, "split 75/25");

    let device = Default::default();
    let epochs = ctx.size(50, 15);
    let config = FitConfig {
        epochs,
        batch_size: 32,
        seed: ctx.seed + 7,
        validation_split: Some(0.25),
        progress: true,
        ..FitConfig::new(epochs)
    };
    tracing::info!(epochs, "training the primer CNN (Adam, batch 32)");
    let primer = presets::primer();
    let spec = CnnFit {
        name: "primer",
        config: &primer,
        init_seed: ctx.seed + 1,
        optimizer: OptimizerConfig::adam(),
        fit: config,
    };
    let fitted = fit_cnn(ctx, &spec, &splits.train, None)?;
    crate::fitting::reload_check(&mut report, &[fitted.reload_max_abs_diff]);
    let history = fitted.history.clone();

    let curves = ctx.out("learning_curves.png");
    draw_learning_curves(&loss_and_accuracy(&history), &curves, "Primer CNN: loss and accuracy per epoch")?;
    report.figure(ctx, "Training and validation loss (categorical cross-entropy) and accuracy per epoch", &curves);

    let eval = fit::evaluate(&fitted.model, &splits.test, 256, &device)?;
    let accuracy = eval.metrics.get("accuracy").copied().unwrap_or(f64::NAN);
    let targets: Vec<f32> = splits.test.y.iter().flat_map(|&y| [1.0 - y, y]).collect();
    let counts = confusion_counts(Head::Softmax, &eval.predictions, &targets, 2)?;
    let ours = ctx.out("confusion_seqdl.png");
    let title = format!("seqdl: test confusion matrix ({} sequences)", splits.test.n());
    draw_confusion(&ours, &counts, &CLASS_NAMES, &title)?;
    report.figure(ctx, "seqdl's confusion matrix on its test set (row-normalised, counts in the cells)", &ours);
    let original: Vec<Vec<u64>> = ORIGINAL_CONFUSION.iter().map(|r| r.to_vec()).collect();
    let theirs = ctx.out("confusion_original.png");
    draw_confusion(&theirs, &original, &CLASS_NAMES, "Original tutorial: test confusion matrix (500 sequences)")?;
    report.figure(ctx, "The original tutorial's confusion matrix (251/8/2/239), redrawn for comparison", &theirs);

    let (acc_floor, peak_floor) = if ctx.quick { (0.90, 0.75) } else { (0.96, 0.90) };
    report.checks.push(Check::new("test accuracy", accuracy, "0.98 (490/500)", Threshold::AtLeast(acc_floor)));
    if let Some(auroc) = eval.metrics.get("auroc") {
        report.checks.push(Check::info("test auROC", *auroc, ""));
    }
    for (t, p, what) in [
        (0, 0, "true 0 → predicted 0"),
        (0, 1, "true 0 → predicted 1"),
        (1, 0, "true 1 → predicted 0"),
        (1, 1, "true 1 → predicted 1"),
    ] {
        report.checks.push(Check::info(
            format!("confusion: {what}"),
            counts[t][p] as f64,
            ORIGINAL_CONFUSION[t][p].to_string(),
        ));
    }

    let salient = Saliency::compute(ctx, &fitted.gradient_model()?, &data, &splits.test)?;
    report.checks.push(Check::new(
        "positive test sequences whose saliency peak lies inside the motif",
        salient.peak_fraction(),
        "0.956 ± 0.028 (PyTorch reference, 10 seeds)",
        Threshold::AtLeast(peak_floor),
    ));
    report.checks.push(Check::info(
        format!("sequence {SALIENCY_SEQUENCE}: saliency peak inside the motif (1 = yes)"),
        f64::from(u8::from(salient.example_peak_inside())),
        "1 (bars 5–16 stand out)",
    ));
    let bars = ctx.out("saliency_seq1999.png");
    salient.draw_example(&bars)?;
    report.figure(
        ctx,
        format!("Saliency, max(Σ grad × input, 0), of sequence {SALIENCY_SEQUENCE}; the motif bars in orange"),
        &bars,
    );

    report.notes.extend(notes(ctx, epochs, &history, &salient));
    write_json(
        &ctx.out("primer.json"),
        &json!({
            "split_seed": split_seed,
            "train": splits.train.n(), "test": splits.test.n(),
            "epochs": epochs,
            "history": history.without_timings(),
            "test_metrics": eval.metrics,
            "test_loss": eval.loss,
            "confusion": counts,
            "confusion_original": ORIGINAL_CONFUSION,
            "saliency_peak_fraction": salient.peak_fraction(),
            "saliency_positives": salient.peaks.len(),
            "saliency_peaks_inside": salient.peaks.iter().filter(|p| p.inside).count(),
            "example": { "index": SALIENCY_SEQUENCE, "sequence": salient.example_sequence, "motif_start": salient.example_motif.start,
                         "saliency": salient.example_values },
        }),
    )?;
    Ok(report)
}

/// The 2000 primer sequences with their labels (strict A/C/G/T, all 50 nt).
fn load(ctx: &Context) -> Result<Dataset> {
    let labels = LabelSource::LineFile(ctx.data_file("primer/labels.txt")?);
    Ok(load_dataset(&ctx.data_file("primer/sequences.txt")?, &labels, UnknownPolicy::Strict, LengthPolicy::Exact)?)
}

/// The history with only the loss and the accuracy (the tutorial's two plots).
fn loss_and_accuracy(history: &History) -> History {
    let mut h = history.clone();
    for e in &mut h.epochs {
        e.metrics.retain(|k, _| k == "accuracy" || k == "val_accuracy");
    }
    h
}

/// Where each positive test sequence's saliency peaks, and the tutorial's example sequence.
struct Saliency {
    peaks: Vec<Peak>,
    example_sequence: String,
    example_motif: Annotation,
    example_values: Vec<f32>,
}

/// One positive sequence: whether its largest clipped saliency lies inside its motif.
struct Peak {
    inside: bool,
}

impl Saliency {
    fn compute(ctx: &Context, model: &Cnn<Train>, data: &Dataset, test: &Dataset) -> Result<Self> {
        let device = Default::default();
        let len = data.len;
        // The seed differentiates the softmax probability of class 1; p1 = σ(z1 − z0) and
        // ∂p1/∂x = p1(1 − p1) ∂(z1 − z0)/∂x, so the log-odds gradient gives the same bars up to a positive
        // factor per sequence (the same peak) without vanishing for confident predictions.
        let log_odds = |x: Tensor<Train, 3>| {
            let z = model.forward_logits(x);
            let n = z.dims()[0];
            z.clone().slice([0..n, 1..2]) - z.slice([0..n, 0..1])
        };
        let positives = test.positives(0);
        let bar = ctx.progress(positives.len() as u64, "saliency of the positive test sequences");
        let mut peaks = Vec::with_capacity(positives.len());
        for chunk in positives.chunks(64) {
            let x: Vec<f32> = chunk.iter().flat_map(|&i| test.seq(i).to_vec()).collect();
            let sal = primer_saliency::<Train, _>(&log_odds, &x, chunk.len(), len, 0, 64, &device)?;
            for (&i, values) in chunk.iter().zip(&sal) {
                let motif = motif_span(test, i)?;
                peaks.push(Peak { inside: motif.contains(seq_train::fit::argmax(values)) });
            }
            bar.inc(chunk.len() as u64);
        }
        bar.finish_and_clear();
        if data.n() <= SALIENCY_SEQUENCE {
            return Err(Error::Step(format!(
                "the primer data hold {} sequences; the tutorial plots sequence {SALIENCY_SEQUENCE}",
                data.n()
            )));
        }
        let example = data.seq(SALIENCY_SEQUENCE).to_vec();
        let values = primer_saliency::<Train, _>(&log_odds, &example, 1, len, 0, 1, &device)?.remove(0);
        Ok(Saliency {
            peaks,
            example_sequence: seq_io::onehot::decode(&example, len),
            example_motif: motif_span(data, SALIENCY_SEQUENCE)?,
            example_values: values,
        })
    }

    fn peak_fraction(&self) -> f64 {
        self.peaks.iter().filter(|p| p.inside).count() as f64 / self.peaks.len().max(1) as f64
    }

    fn example_peak_inside(&self) -> bool {
        self.example_motif.contains(seq_train::fit::argmax(&self.example_values))
    }

    fn draw_example(&self, path: &std::path::Path) -> Result<()> {
        let opts = seq_plot::BarOptions {
            title: format!("Saliency map of sequence {SALIENCY_SEQUENCE} (motif {PRIMER_MOTIF} in orange)"),
            x_label: format!("position in {}", self.example_sequence),
            y_label: "saliency (clipped grad × input)".into(),
            bar_label: "saliency".into(),
            highlight_label: "motif".into(),
            width_px: 1400,
            height_px: 560,
            ..Default::default()
        };
        let span = [(self.example_motif.start, self.example_motif.end)];
        seq_plot::draw_bar_plot(path, &self.example_values, &span, &opts)?;
        Ok(())
    }
}

/// The span of the primer motif in sequence `i` (a positive holds it exactly once).
fn motif_span(ds: &Dataset, i: usize) -> Result<Annotation> {
    let seq = seq_io::onehot::decode(ds.seq(i), ds.len);
    let start = seq.find(PRIMER_MOTIF).ok_or_else(|| {
        Error::Step(format!("primer record {:?} is labelled positive but does not contain {PRIMER_MOTIF}", ds.names[i]))
    })?;
    Ok(Annotation { name: PRIMER_MOTIF.into(), start, end: start + PRIMER_MOTIF.len(), strand: Strand::Forward })
}

fn notes(ctx: &Context, epochs: usize, history: &History, salient: &Saliency) -> Vec<String> {
    let mut notes = vec![
        format!(
            "Split: seqdl's seeded ChaCha8 permutation (seed {} = run seed + 42) instead of scikit-learn's NumPy \
             MT19937 with random_state 42, so the 500 test sequences differ from the tutorial's; seqdl's matrix has \
             its own class totals.",
            ctx.seed + 42
        ),
        "Loss: categorical cross-entropy on the two softmax outputs, which equals Keras' binary_crossentropy on a \
         two-column softmax; validation is the last 25% of the training part, cut before shuffling (Keras)."
            .to_string(),
        "Saliency: gradient of the class-1 log-odds z1 − z0 rather than of the softmax probability p1; the two \
         differ by the positive factor p1(1 − p1), so the clipped bars have the same shape and the same peak."
            .to_string(),
    ];
    let (s, e) = TUTORIAL_MOTIF_BARS;
    if (salient.example_motif.start, salient.example_motif.end) != (s, e) {
        notes.push(format!(
            "Sequence {SALIENCY_SEQUENCE} holds the motif at {}–{}, not at the tutorial's bars {s}–{}.",
            salient.example_motif.start,
            salient.example_motif.end - 1,
            e - 1
        ));
    }
    if ctx.quick {
        notes.push(format!(
            "Quick run: {epochs} epochs instead of 50; thresholds lowered to accuracy ≥ 0.90 and peak fraction ≥ 0.75 \
             (chance is 0.5 and 12/50)."
        ));
    }
    if let Some(last) = history.last() {
        notes.push(format!(
            "Last epoch: training loss {:.4}, validation loss {:.4}, validation accuracy {:.4}.",
            last.train_loss,
            last.valid_loss.unwrap_or(f64::NAN),
            last.get("val_accuracy").unwrap_or(f64::NAN)
        ));
    }
    notes
}
