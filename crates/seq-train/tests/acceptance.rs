//! Acceptance of seq-train on the primer tutorial (seed 001): its CNN preset trained on the real
//! `data/primer` sequences with Adam and a Keras-style `validation_split`, plus reproducibility, early
//! stopping, checkpoints and input checks on the same model and data.

use burn::backend::{Autodiff, Flex};
use burn::module::AutodiffModule;
use seq_io::load::{load_dataset, LabelSource, LengthPolicy};
use seq_io::{Dataset, Splits, UnknownPolicy};
use seq_models::Cnn;
use seq_testkit::data_path;
use seq_train::fit::{self, EarlyStopping, FitConfig, Monitor};
use seq_train::{OptimizerConfig, TrainError};

type TB = Autodiff<Flex>;

/// The primer data: 2000 sequences of 50 nt, label 1 ⇔ the 12-mer CGACCGAACTCC is present.
fn primer_data() -> Dataset {
    let labels = LabelSource::LineFile(data_path("primer/labels.txt"));
    load_dataset(&data_path("primer/sequences.txt"), &labels, UnknownPolicy::Strict, LengthPolicy::Exact).unwrap()
}

/// The tutorial's `train_test_split(test_size=0.25)` with a fixed seed (no separate validation part:
/// `fit` holds out the last 25% of the training part, as Keras' `validation_split=0.25`).
fn primer_splits() -> Splits {
    primer_data().split(0.0, 0.25, 42).unwrap()
}

fn primer_model(seed: u64) -> Cnn<TB> {
    seq_models::cnn::presets::primer().init::<TB>(&Default::default(), seed).unwrap()
}

fn config(epochs: usize) -> FitConfig {
    FitConfig { batch_size: 32, seed: 7, progress: false, validation_split: Some(0.25), ..FitConfig::new(epochs) }
}

fn test_predictions(model: &Cnn<TB>, ds: &Dataset) -> Vec<f32> {
    fit::predict(&model.valid(), ds, 256, &Default::default()).unwrap()
}

#[test]
fn primer_cnn_reaches_97_percent_test_accuracy() {
    let splits = primer_splits();
    assert_eq!((splits.train.n(), splits.test.n()), (1500, 500));
    let device = Default::default();
    let (model, history) =
        fit::fit(primer_model(1), &OptimizerConfig::adam(), &splits.train, None, &config(50), &device).unwrap();
    let eval = fit::evaluate(&model.valid(), &splits.test, 256, &device).unwrap();
    eprintln!(
        "primer: test accuracy {:.4}, auROC {:.4}, {} epochs",
        eval.metrics["accuracy"],
        eval.metrics["auroc"],
        history.len()
    );
    // 500 test sequences: ≥ 0.97 means at most 15 errors
    assert!(eval.metrics["accuracy"] >= 0.97, "test accuracy {} ({:?})", eval.metrics["accuracy"], history.last());
    assert!(eval.metrics["auroc"] >= 0.99, "{:?}", eval.metrics);
    let first = &history.epochs[0];
    assert!(history.last().unwrap().valid_loss.unwrap() < 0.5 * first.valid_loss.unwrap());
}

#[test]
fn same_seed_gives_the_same_history_twice() {
    let splits = primer_splits();
    let device = Default::default();
    let run = || fit::fit(primer_model(2), &OptimizerConfig::adam(), &splits.train, None, &config(3), &device).unwrap();
    let ((m1, h1), (m2, h2)) = (run(), run());
    assert_eq!(h1.without_timings(), h2.without_timings());
    assert_eq!(test_predictions(&m1, &splits.test), test_predictions(&m2, &splits.test));
}

#[test]
fn early_stopping_stops_on_a_plateau_and_restore_best_restores_the_best_weights() {
    let splits = primer_splits();
    let device = Default::default();
    // learning rate 0 → a flat validation loss → Keras' rule stops after patience + 1 = 4 epochs
    let flat = FitConfig { early_stopping: Some(EarlyStopping::new(Monitor::ValLoss, 3)), ..config(50) };
    let adam0 = OptimizerConfig::adam().with_lr(0.0);
    let (_, h) = fit::fit(primer_model(3), &adam0, &splits.train, None, &flat, &device).unwrap();
    assert_eq!((h.len(), h.stopped_epoch), (4, Some(4)));
    let losses = h.series("val_loss");
    assert!(losses.iter().all(|&l| l == losses[0]), "{losses:?}");

    // with a high learning rate the validation loss wanders; the returned model is the best epoch's
    let es = EarlyStopping::new(Monitor::ValLoss, 2).restore_best(true);
    let wander = FitConfig { early_stopping: Some(es), ..config(12) };
    let adam_hot = OptimizerConfig::adam().with_lr(0.02);
    let (model, h) = fit::fit(primer_model(3), &adam_hot, &splits.train, None, &wander, &device).unwrap();
    let losses = h.series("val_loss");
    let best = losses.iter().cloned().fold(f64::INFINITY, f64::min);
    let best_epoch = losses.iter().position(|&l| l == best).unwrap() + 1;
    assert_eq!(h.restored_epoch, Some(best_epoch));
    assert!(best_epoch < h.len(), "the best epoch is not the last one, so restoring changes the weights");
    eprintln!("restore_best: best epoch {best_epoch} of {} (val losses {losses:?})", h.len());
    let valid_part = splits.train.subset(&(1125..1500).collect::<Vec<_>>());
    let eval = fit::evaluate(&model.valid(), &valid_part, 256, &device).unwrap();
    assert!((eval.loss - best).abs() < 1e-5, "restored model's loss {} vs best {best} ({losses:?})", eval.loss);
}

#[test]
fn resume_continues_identically_and_saved_weights_predict_identically() {
    let splits = primer_splits();
    let device = Default::default();
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let straight = FitConfig { checkpoint_dir: Some(a.path().into()), ..config(4) };
    let (m4, h4) =
        fit::fit(primer_model(4), &OptimizerConfig::adam(), &splits.train, None, &straight, &device).unwrap();
    let half = FitConfig { checkpoint_dir: Some(b.path().into()), ..config(2) };
    fit::fit(primer_model(4), &OptimizerConfig::adam(), &splits.train, None, &half, &device).unwrap();
    let (resumed, h) = fit::resume(b.path(), primer_model(99), &splits.train, None, &config(4), &device).unwrap();
    assert_eq!(h.without_timings(), h4.without_timings());
    assert_eq!(test_predictions(&resumed, &splits.test), test_predictions(&m4, &splits.test));

    let path = a.path().join("primer");
    seq_models::persist::save::<TB, _>(&m4, &path).unwrap();
    let loaded: seq_models::Cnn<TB> = seq_models::persist::load(&path, &device).unwrap();
    assert_eq!(test_predictions(&loaded, &splits.test), test_predictions(&m4, &splits.test));
}

#[test]
fn bad_primer_inputs_are_refused_before_training() {
    let splits = primer_splits();
    let device = Default::default();
    let adam = OptimizerConfig::adam();
    let mut bad = splits.train.clone();
    bad.y[10] = 2.0; // class 2 of a two-class softmax
    let e = fit::fit(primer_model(6), &adam, &bad, None, &config(1), &device).map(|_| ()).unwrap_err();
    assert!(matches!(e, TrainError::InvalidLabel { ref record, .. } if *record == bad.names[10]), "{e}");
    // 40-nt sequences for a model built for 50
    let test = &splits.test;
    let short: Vec<f32> =
        (0..test.n()).flat_map(|i| (0..4).flat_map(move |c| test.seq(i)[c * 50..c * 50 + 40].to_vec())).collect();
    let short = Dataset::new(short, splits.test.y.clone(), 40, 1, splits.test.names.clone()).unwrap();
    let e = fit::fit(primer_model(6), &adam, &short, None, &config(1), &device).map(|_| ()).unwrap_err();
    assert!(e.to_string().contains("length 40") && e.to_string().contains("length 50"), "{e}");
    let e = fit::evaluate(&primer_model(6).valid(), &short, 32, &device).map(|_| ()).unwrap_err();
    assert!(matches!(e, TrainError::LengthMismatch { model: 50, data: 40, .. }), "{e}");
}
