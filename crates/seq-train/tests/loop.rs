//! The training loop of seq-train on a tiny test-only model (Conv1d → global max → Linear) and a planted
//! motif: input checks, learning, reproducibility, early stopping, class weights, checkpoints and resume.

use burn::backend::{Autodiff, Flex};
use burn::module::{AutodiffModule, Module, Param};
use burn::nn::conv::{Conv1d, Conv1dConfig};
use burn::nn::{Linear, LinearConfig};
use burn::tensor::activation::relu;
use burn::tensor::backend::Backend;
use burn::tensor::{Tensor, TensorData};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use seq_io::Dataset;
use seq_models::{Head, SequenceModel};
use seq_train::fit::{self, ClassWeighting, EarlyStopping, FitConfig, Monitor};
use seq_train::{ClassWeights, OptimizerConfig, TrainError};

type TB = Autodiff<Flex>;

/// Conv1d(4 → 6, width 5) → ReLU → max over positions → Linear(6 → outputs).
#[derive(Module, Debug)]
struct Tiny<B: Backend> {
    conv: Conv1d<B>,
    out: Linear<B>,
    #[module(skip)]
    head: Head,
    #[module(skip)]
    outputs: usize,
    #[module(skip)]
    length: Option<usize>,
}

impl<B: Backend> Tiny<B> {
    /// Weights drawn from a ChaCha8 stream seeded with `seed` (uniform ±1/√fan-in), not from burn's
    /// global backend RNG, so that every test starts from known weights whatever other tests do.
    fn new(device: &B::Device, head: Head, outputs: usize, length: Option<usize>, seed: u64) -> Self {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut uniform = |n: usize, fan_in: usize| -> Vec<f32> {
            let a = 1.0 / (fan_in as f32).sqrt();
            (0..n).map(|_| rng.random_range(-a..a)).collect()
        };
        let mut conv = Conv1dConfig::new(4, 6, 5).init(device);
        let mut out = LinearConfig::new(6, outputs).init(device);
        conv.weight = Param::from_tensor(Tensor::from_data(TensorData::new(uniform(6 * 4 * 5, 20), [6, 4, 5]), device));
        conv.bias = Some(Param::from_tensor(Tensor::from_data(TensorData::new(uniform(6, 20), [6]), device)));
        out.weight =
            Param::from_tensor(Tensor::from_data(TensorData::new(uniform(6 * outputs, 6), [6, outputs]), device));
        out.bias = Some(Param::from_tensor(Tensor::from_data(TensorData::new(uniform(outputs, 6), [outputs]), device)));
        Tiny { conv, out, head, outputs, length }
    }
}

impl<B: Backend> SequenceModel<B> for Tiny<B> {
    fn forward_logits(&self, x: Tensor<B, 3>) -> Tensor<B, 2> {
        let h = relu(self.conv.forward(x)).max_dim(2);
        let [n, c, _] = h.dims();
        self.out.forward(h.reshape([n, c]))
    }
    fn head(&self) -> Head {
        self.head
    }
    fn outputs(&self) -> usize {
        self.outputs
    }
    fn input_length(&self) -> Option<usize> {
        self.length
    }
}

fn tiny(head: Head, outputs: usize) -> Tiny<TB> {
    Tiny::new(&Default::default(), head, outputs, None, 5)
}

/// `n` random sequences of length `len`; every other one (label 1) carries `GATTACA` at a random place.
fn planted(n: usize, len: usize, seed: u64) -> Dataset {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let (mut x, mut y, mut names) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..n {
        let mut s: Vec<u8> = (0..len).map(|_| b"ACGT"[rng.random_range(0..4)]).collect();
        let positive = i % 2 == 0;
        if positive {
            let at = rng.random_range(0..=len - 7);
            s[at..at + 7].copy_from_slice(b"GATTACA");
        }
        x.extend(seq_io::onehot::encode(&s, seq_io::UnknownPolicy::Strict, "planted").unwrap());
        y.push(if positive { 1.0 } else { 0.0 });
        names.push(format!("seq{i}"));
    }
    Dataset::new(x, y, len, 1, names).unwrap()
}

fn quiet(epochs: usize) -> FitConfig {
    FitConfig { batch_size: 16, progress: false, seed: 11, ..FitConfig::new(epochs) }
}

fn adam(lr: f64) -> OptimizerConfig {
    OptimizerConfig::adam().with_lr(lr)
}

fn preds(model: &Tiny<TB>, ds: &Dataset) -> Vec<f32> {
    fit::predict(&model.valid(), ds, 64, &Default::default()).unwrap()
}

#[test]
fn bad_input_is_refused_before_training_with_a_clear_message() {
    let device = Default::default();
    let data = planted(20, 30, 1);
    let run = |train: &Dataset, valid: Option<&Dataset>, config: &FitConfig| {
        fit::fit(tiny(Head::Sigmoid, 1), &adam(0.01), train, valid, config, &device).map(|_| ()).unwrap_err()
    };
    let mut bad_label = data.clone();
    bad_label.y[3] = 2.0;
    let e = run(&bad_label, None, &quiet(1));
    assert!(matches!(e, TrainError::InvalidLabel { ref record, .. } if record == "seq3"), "{e}");
    assert!(e.to_string().contains("train split") && e.to_string().contains("seq3"), "{e}");

    let mut nan_input = data.clone();
    nan_input.x[4 * 30 * 5 + 7] = f32::NAN;
    let e = run(&nan_input, None, &quiet(1));
    assert!(
        matches!(e, TrainError::NonFinite { ref record, ref what, .. } if record == "seq5" && what == "input"),
        "{e}"
    );

    let empty = data.subset(&[]);
    assert!(matches!(run(&data, Some(&empty), &quiet(1)), TrainError::EmptySplit { ref split } if split == "valid"));
    let e = run(&data, None, &FitConfig { batch_size: 0, ..quiet(1) });
    assert!(e.to_string().contains("batch size"), "{e}");
    let e = run(&data, Some(&data), &FitConfig { validation_split: Some(0.2), ..quiet(1) });
    assert!(matches!(e, TrainError::InvalidConfig(_)), "{e}");
    let e = run(&data, None, &FitConfig { early_stopping: Some(EarlyStopping::new(Monitor::ValAuroc, 2)), ..quiet(1) });
    assert!(e.to_string().contains("no validation set"), "{e}");

    let fixed_length = Tiny::<TB>::new(&device, Head::Sigmoid, 1, Some(40), 5);
    let e = fit::fit(fixed_length, &adam(0.01), &data, None, &quiet(1), &device).map(|_| ()).unwrap_err();
    assert!(matches!(e, TrainError::LengthMismatch { model: 40, data: 30, .. }), "{e}");
    // two label columns for one sigmoid output
    let two =
        Dataset::new(data.x.clone(), data.y.iter().flat_map(|&v| [v, v]).collect(), 30, 2, data.names.clone()).unwrap();
    let e = run(&two, None, &quiet(1));
    assert!(matches!(e, TrainError::TaskMismatch { tasks: 2, outputs: 1, .. }), "{e}");
    // softmax heads take class indices below the number of outputs
    let mut three = data.clone();
    three.y[0] = 2.0;
    let e = fit::fit(tiny(Head::Softmax, 2), &adam(0.01), &three, None, &quiet(1), &device).map(|_| ()).unwrap_err();
    assert!(e.to_string().contains("class index"), "{e}");
    assert!(run(&data, None, &FitConfig { epochs: 0, ..quiet(1) }).to_string().contains("epochs"));
}

#[test]
fn a_tiny_cnn_learns_a_planted_motif_and_history_is_consistent_with_evaluate() {
    let device = Default::default();
    let train = planted(400, 30, 2);
    let valid = planted(200, 30, 3);
    let (model, history) =
        fit::fit(tiny(Head::Sigmoid, 1), &adam(0.02), &train, Some(&valid), &quiet(15), &device).unwrap();
    assert_eq!(history.len(), 15);
    let last = history.last().unwrap();
    // 200 validation sequences: chance is 0.5 (± 0.035 s.d.); a model that learned the motif is far above
    assert!(last.metrics["val_accuracy"] >= 0.9, "{last:?}");
    assert!(last.metrics["val_auroc"] >= 0.95, "{last:?}");
    assert!(history.epochs[0].train_loss > last.train_loss, "training loss should fall");
    // the recorded validation loss and metrics are those of the returned model on the validation set
    let eval = fit::evaluate(&model.valid(), &valid, 64, &device).unwrap();
    assert!((eval.loss - last.valid_loss.unwrap()).abs() < 1e-5, "{} vs {:?}", eval.loss, last.valid_loss);
    assert!((eval.metrics["accuracy"] - last.metrics["val_accuracy"]).abs() < 1e-12);
    assert!(last.lr == 0.02 && last.epoch == 15);
}

#[test]
fn same_seed_gives_identical_history_and_weights() {
    let device = Default::default();
    let data = planted(120, 30, 4);
    let model = tiny(Head::Sigmoid, 1);
    let config = FitConfig { validation_split: Some(0.25), ..quiet(3) };
    let (m1, h1) = fit::fit(model.clone(), &adam(0.01), &data, None, &config, &device).unwrap();
    let (m2, h2) = fit::fit(model.clone(), &adam(0.01), &data, None, &config, &device).unwrap();
    assert_eq!(h1.without_timings(), h2.without_timings());
    assert_eq!(preds(&m1, &data), preds(&m2, &data));
    let (_, h3) = fit::fit(model, &adam(0.01), &data, None, &FitConfig { seed: 12, ..config }, &device).unwrap();
    assert_ne!(h1.without_timings(), h3.without_timings(), "another seed shuffles differently");
    assert_ne!(fit::epoch_order(100, 1, 1, true), fit::epoch_order(100, 1, 2, true));
    assert_eq!(fit::epoch_order(5, 1, 1, false), vec![0, 1, 2, 3, 4]);
}

#[test]
fn validation_split_holds_out_the_last_fraction_before_shuffling() {
    let device = Default::default();
    let data = planted(100, 30, 5);
    let config = FitConfig { validation_split: Some(0.25), ..quiet(2) };
    let (model, history) = fit::fit(tiny(Head::Sigmoid, 1), &adam(0.01), &data, None, &config, &device).unwrap();
    let tail = data.subset(&(75..100).collect::<Vec<_>>());
    let eval = fit::evaluate(&model.valid(), &tail, 64, &device).unwrap();
    assert!((eval.loss - history.last().unwrap().valid_loss.unwrap()).abs() < 1e-5);
}

#[test]
fn early_stopping_stops_on_a_plateau_after_patience_plus_one_epochs() {
    let device = Default::default();
    let data = planted(64, 30, 6);
    let es = EarlyStopping::new(Monitor::ValLoss, 2);
    let config = FitConfig { validation_split: Some(0.25), early_stopping: Some(es), ..quiet(20) };
    // learning rate 0: every epoch has the same validation loss
    let (_, h) = fit::fit(tiny(Head::Sigmoid, 1), &adam(0.0), &data, None, &config, &device).unwrap();
    assert_eq!(h.len(), 3);
    assert_eq!(h.stopped_epoch, Some(3));
    // DragoNN's rule counts equal losses as improvements, so the same plateau never stops
    let dragonn = FitConfig { early_stopping: Some(EarlyStopping::dragonn(Monitor::ValLoss, 2)), epochs: 6, ..config };
    let (_, h) = fit::fit(tiny(Head::Sigmoid, 1), &adam(0.0), &data, None, &dragonn, &device).unwrap();
    assert_eq!((h.len(), h.stopped_epoch), (6, None));
}

#[test]
fn restore_best_puts_back_the_best_epochs_weights() {
    let device = Default::default();
    let data = planted(96, 30, 7);
    let model = tiny(Head::Sigmoid, 1);
    // a min_delta no change can beat makes epoch 1 the best; patience 2 stops after epoch 3
    let es = EarlyStopping::new(Monitor::ValLoss, 2).min_delta(1e9).restore_best(true);
    let config = FitConfig { validation_split: Some(0.25), early_stopping: Some(es.clone()), ..quiet(10) };
    let (restored, h) = fit::fit(model.clone(), &adam(0.05), &data, None, &config, &device).unwrap();
    assert_eq!((h.len(), h.restored_epoch), (3, Some(1)));
    let one_epoch = FitConfig { epochs: 1, ..config.clone() };
    let (after_one, _) = fit::fit(model.clone(), &adam(0.05), &data, None, &one_epoch, &device).unwrap();
    assert_eq!(preds(&restored, &data), preds(&after_one, &data));
    let no_restore = FitConfig { early_stopping: Some(es.restore_best(false)), ..config };
    let (last, _) = fit::fit(model, &adam(0.05), &data, None, &no_restore, &device).unwrap();
    assert_ne!(preds(&last, &data), preds(&after_one, &data), "without restoring, the last weights are kept");
}

#[test]
fn class_weights_scale_each_examples_loss_by_its_class_weight() {
    let device = Default::default();
    let data = planted(40, 30, 8);
    let model = tiny(Head::Sigmoid, 1);
    let p = preds(&model, &data);
    let w = [0.5f64, 3.0];
    let expected: f64 = p
        .iter()
        .zip(&data.y)
        .map(|(&p, &y)| if y > 0.5 { -w[1] * (p as f64).ln() } else { -w[0] * (1.0 - p as f64).ln() })
        .sum::<f64>()
        / 40.0;
    let config = FitConfig { class_weights: ClassWeighting::Fixed(ClassWeights(vec![0.5, 3.0])), ..quiet(1) };
    // learning rate 0 keeps the model fixed, so the epoch's loss is the weighted loss of the initial model
    let (_, h) = fit::fit(model, &OptimizerConfig::sgd(0.0), &data, None, &config, &device).unwrap();
    assert!((h.epochs[0].train_loss - expected).abs() < 1e-4, "{} vs {expected}", h.epochs[0].train_loss);
    assert_eq!(ClassWeights::balanced(&[1, 1, 1, 0], 2).0, vec![4.0, 4.0 / 3.0]);
}

#[test]
fn sgd_with_nesterov_momentum_and_keras_decay_learns_and_reports_the_decayed_rate() {
    let device = Default::default();
    let data = planted(200, 30, 9);
    let opt = OptimizerConfig::sgd_momentum(0.1, 0.9, true).with_decay(1e-2);
    let (_, h) = fit::fit(tiny(Head::Softmax, 2), &opt, &data, None, &quiet(8), &device).unwrap();
    let steps = 8 * 200usize.div_ceil(16);
    assert_eq!(h.last().unwrap().lr, opt.lr_at(steps as u64 - 1));
    assert!((h.last().unwrap().lr - 0.1 / (1.0 + 1e-2 * (steps - 1) as f64)).abs() < 1e-15);
    assert!(h.last().unwrap().train_loss < 0.5 * h.epochs[0].train_loss, "{:?}", h.series("loss"));
}

#[test]
fn checkpoints_resume_identically_and_saved_models_predict_identically() {
    let device = Default::default();
    let data = planted(96, 30, 10);
    let model = tiny(Head::Sigmoid, 1);
    let dir_a = tempfile::tempdir().unwrap();
    let dir_b = tempfile::tempdir().unwrap();
    let base = FitConfig { validation_split: Some(0.25), ..quiet(4) };
    let straight = FitConfig { checkpoint_dir: Some(dir_a.path().into()), ..base.clone() };
    let (m4, h4) = fit::fit(model.clone(), &adam(0.02), &data, None, &straight, &device).unwrap();
    let half = FitConfig { epochs: 2, checkpoint_dir: Some(dir_b.path().into()), ..base.clone() };
    let (_, h2) = fit::fit(model.clone(), &adam(0.02), &data, None, &half, &device).unwrap();
    assert_eq!(h2.len(), 2);
    let (m_resumed, h_resumed) = fit::resume(dir_b.path(), model.clone(), &data, None, &base, &device).unwrap();
    assert_eq!(h_resumed.without_timings(), h4.without_timings());
    assert_eq!(preds(&m_resumed, &data), preds(&m4, &data));

    // history files are written next to the checkpoints
    let json = fit::History::read_json(&dir_a.path().join("history.json")).unwrap();
    assert_eq!(json, h4);
    let csv = std::fs::read_to_string(dir_a.path().join("history.csv")).unwrap();
    assert_eq!(csv.lines().count(), 5);
    assert!(csv.starts_with("epoch,loss,val_loss,"));
    assert!(dir_a.path().join("best.ckpt").exists() && dir_a.path().join("last.ckpt").exists());

    // save → load into a differently initialised model → identical predictions
    let path = dir_a.path().join("model.mpk");
    let bytes = fit::checkpoint::model_to_bytes::<TB, _>(&m4).unwrap();
    let fresh = Tiny::new(&device, Head::Sigmoid, 1, None, 6);
    assert_ne!(preds(&fresh, &data), preds(&m4, &data));
    let loaded = fit::checkpoint::model_from_bytes::<TB, _>(fresh, bytes, &device, &path).unwrap();
    assert_eq!(preds(&loaded, &data), preds(&m4, &data));

    // a resume with other settings, or from a corrupt checkpoint, is refused with the file named
    let e = fit::resume(dir_b.path(), model.clone(), &data, None, &FitConfig { seed: 99, ..base.clone() }, &device);
    assert!(matches!(e, Err(TrainError::InvalidConfig(_))));
    std::fs::write(dir_b.path().join("last.ckpt"), b"garbage").unwrap();
    let e = fit::resume(dir_b.path(), model, &data, None, &base, &device).map(|_| ()).unwrap_err();
    assert!(e.to_string().contains("last.ckpt"), "{e}");
}

/// Width and height from a PNG's IHDR chunk.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    (be(&bytes[16..20]), be(&bytes[20..24]))
}

#[test]
fn learning_curves_and_confusion_matrix_are_drawn_from_a_real_run() {
    let device = Default::default();
    let train = planted(200, 30, 12);
    let valid = planted(100, 30, 13);
    let (model, history) =
        fit::fit(tiny(Head::Sigmoid, 1), &adam(0.02), &train, Some(&valid), &quiet(4), &device).unwrap();
    let panels = seq_train::figures::curve_panels(&history);
    let titles: Vec<&str> = panels.iter().map(|p| p.title.as_str()).collect();
    assert_eq!(titles, ["loss", "accuracy", "auprc", "auroc"]);
    assert!(panels.iter().all(|p| p.series.len() == 2 && p.series.iter().all(|s| s.values.len() == 4)));
    assert_eq!(panels[0].series[1].values, history.series("val_loss"));

    let dir = tempfile::tempdir().unwrap();
    let curves = dir.path().join("curves.png");
    seq_train::figures::draw_learning_curves(&history, &curves, "planted motif").unwrap();
    let (w, h) = png_size(&std::fs::read(&curves).unwrap());
    assert!(w >= 4 * 300 && h >= 300, "four panels side by side, got {w}x{h}");

    let eval = fit::evaluate(&model.valid(), &valid, 64, &device).unwrap();
    let counts = seq_train::figures::confusion_counts(Head::Sigmoid, &eval.predictions, &valid.y, 1).unwrap();
    assert_eq!(counts.iter().flatten().sum::<u64>(), 100);
    let correct = (counts[0][0] + counts[1][1]) as f64 / 100.0;
    assert!((correct - eval.metrics["accuracy"]).abs() < 1e-12, "the diagonal holds the correct predictions");
    let cm = dir.path().join("confusion.png");
    seq_train::figures::draw_confusion(&cm, &counts, &["no motif", "motif"], "validation").unwrap();
    assert!(png_size(&std::fs::read(&cm).unwrap()).0 > 0);
    let e = seq_train::figures::draw_confusion(&cm, &counts, &["one name"], "bad").unwrap_err();
    assert!(e.to_string().contains("confusion.png"), "{e}");
}

#[test]
fn a_diverging_run_stops_with_an_error_naming_the_epoch_and_batch() {
    let data = planted(64, 30, 14);
    let absurd = OptimizerConfig::sgd(1e38);
    let e =
        fit::fit(tiny(Head::Sigmoid, 1), &absurd, &data, None, &quiet(3), &Default::default()).map(|_| ()).unwrap_err();
    assert!(matches!(e, TrainError::Diverged { epoch: 1, batch, .. } if batch > 0), "{e}");
    assert!(e.to_string().contains("not finite"), "{e}");
}
