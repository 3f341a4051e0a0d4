//! Reverse-complement augmentation in the fit loop and reverse-complement averaging at test time, on a
//! small CNN (Conv 8×7 → max-pool → Dense) and a planted, strand-specific motif; shift (jitter)
//! augmentation's length rules and its centre-cropped validation.

use burn::backend::{Autodiff, Flex};
use burn::module::AutodiffModule;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use seq_io::onehot::{encode, reverse_complement};
use seq_io::{Dataset, UnknownPolicy};
use seq_models::cnn::{Activation, CnnConfig, Padding};
use seq_models::{Cnn, Head};
use seq_train::fit::{self, reverse_complemented, Augment, FitConfig};
use seq_train::OptimizerConfig;

type TB = Autodiff<Flex>;
const LEN: usize = 40;

fn model(seed: u64) -> Cnn<TB> {
    CnnConfig::new(LEN, 1, Head::Sigmoid)
        .conv(8, 7, Padding::Same, Activation::Relu)
        .max_pool(4)
        .dense(16, Activation::Relu, 0.0) // no dropout: burn's dropout stream is process-wide and tests run in parallel
        .init::<TB>(&Default::default(), seed)
        .expect("valid configuration")
}

/// `n` sequences; odd ones carry GATTACA on the forward strand. With `palindromic`, every sequence equals
/// its own reverse complement (the second half is the reverse complement of the first).
fn data(n: usize, seed: u64, palindromic: bool) -> Dataset {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let (mut x, mut y, mut names) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..n {
        let mut s: Vec<u8> = (0..LEN).map(|_| b"ACGT"[rng.random_range(0..4)]).collect();
        if i % 2 == 1 {
            let at = rng.random_range(0..LEN / 2 - 7);
            s[at..at + 7].copy_from_slice(b"GATTACA");
        }
        if palindromic {
            let rc = reverse_complement(&s[..LEN / 2]);
            s[LEN / 2..].copy_from_slice(&rc);
        }
        x.extend(encode(&s, UnknownPolicy::Strict, "s").expect("ACGT only"));
        y.push((i % 2) as f32);
        names.push(format!("s{i}"));
    }
    Dataset::new(x, y, LEN, 1, names).expect("consistent dataset")
}

fn config(augment: bool) -> FitConfig {
    FitConfig {
        batch_size: 16,
        seed: 5,
        progress: false,
        validation_split: Some(0.25),
        augment: if augment { Augment::reverse_complement() } else { Augment::default() },
        ..FitConfig::new(3)
    }
}

fn run(ds: &Dataset, augment: bool) -> (Cnn<TB>, fit::History) {
    let adam = OptimizerConfig::adam().with_lr(0.01);
    fit::fit(model(3), &adam, ds, None, &config(augment), &Default::default()).expect("training runs")
}

#[test]
fn rc_averaged_prediction_is_strand_symmetric() {
    let ds = data(64, 1, false);
    let (m, _) = run(&ds, true);
    let inner = m.valid();
    let device = Default::default();
    let forward = fit::predict(&inner, &ds, 32, &device).unwrap();
    let rc = reverse_complemented(&ds);
    assert_ne!(forward, fit::predict(&inner, &rc, 32, &device).unwrap(), "the plain model is not symmetric");
    let a = fit::predict_rc_averaged(&inner, &ds, 32, &device).unwrap();
    let b = fit::predict_rc_averaged(&inner, &rc, 32, &device).unwrap();
    assert_eq!(a.len(), 64);
    for (p, q) in a.iter().zip(&b) {
        assert!((p - q).abs() <= 1e-6, "{p} vs {q}");
    }
    // the mean of the two logits, through the sigmoid
    let lf = fit::predict_logits(&inner, &ds, 32, &device).unwrap();
    let lr = fit::predict_logits(&inner, &rc, 32, &device).unwrap();
    let expected = 1.0 / (1.0 + (-(0.5 * (lf[7] + lr[7]))).exp());
    assert!((a[7] - expected).abs() < 1e-6);
}

#[test]
fn augmentation_flips_only_by_reverse_complement() {
    // on self-complementary sequences a flip changes nothing: the history is that of a run without it
    let pal = data(64, 2, true);
    assert_eq!(reverse_complemented(&pal).x, pal.x);
    let (m_off, h_off) = run(&pal, false);
    let (m_on, h_on) = run(&pal, true);
    assert_eq!(h_on.without_timings(), h_off.without_timings());
    let device = Default::default();
    assert_eq!(
        fit::predict(&m_on.valid(), &pal, 64, &device).unwrap(),
        fit::predict(&m_off.valid(), &pal, 64, &device).unwrap()
    );
    // on ordinary sequences it does change the run
    let ds = data(64, 2, false);
    assert_ne!(run(&ds, true).1.without_timings(), run(&ds, false).1.without_timings());
}

#[test]
fn augmented_runs_are_reproducible_and_resume_identically() {
    let ds = data(64, 4, false);
    let (m1, h1) = run(&ds, true);
    let (m2, h2) = run(&ds, true);
    assert_eq!(h1.without_timings(), h2.without_timings());
    let device = Default::default();
    assert_eq!(
        fit::predict(&m1.valid(), &ds, 64, &device).unwrap(),
        fit::predict(&m2.valid(), &ds, 64, &device).unwrap()
    );

    let adam = OptimizerConfig::adam().with_lr(0.01);
    let dir = tempfile::tempdir().unwrap();
    let half = FitConfig { epochs: 1, checkpoint_dir: Some(dir.path().into()), ..config(true) };
    fit::fit(model(3), &adam, &ds, None, &half, &device).unwrap();
    let (m3, h3) = fit::resume(dir.path(), model(3), &ds, None, &config(true), &device).unwrap();
    assert_eq!(h3.without_timings(), h1.without_timings());
    assert_eq!(
        fit::predict(&m3.valid(), &ds, 64, &device).unwrap(),
        fit::predict(&m1.valid(), &ds, 64, &device).unwrap()
    );
    // resuming with augmentation switched off is refused
    let e = fit::resume(dir.path(), model(3), &ds, None, &config(false), &device).map(|_| ()).unwrap_err();
    assert!(e.to_string().contains("augmentation"), "{e}");
}

#[test]
fn configurations_written_before_augmentation_read_as_off() {
    let mut json = serde_json::to_value(config(true)).unwrap();
    json.as_object_mut().unwrap().remove("augment");
    let old: FitConfig = serde_json::from_value(json).unwrap();
    assert_eq!(old, config(false));
}

/// `data` with `k` random bases added on each side of every sequence.
fn padded(ds: &Dataset, k: usize, seed: u64) -> Dataset {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let len = ds.len + 2 * k;
    let mut x = Vec::new();
    for i in 0..ds.n() {
        let mut s: Vec<u8> = (0..len).map(|_| b"ACGT"[rng.random_range(0..4)]).collect();
        let inner = ds.seq(i);
        for p in 0..ds.len {
            let base = (0..4).find(|&c| inner[c * ds.len + p] == 1.0).expect("one-hot");
            s[k + p] = b"ACGT"[base];
        }
        x.extend(encode(&s, UnknownPolicy::Strict, "s").expect("ACGT only"));
    }
    Dataset::new(x, ds.y.clone(), len, 1, ds.names.clone()).expect("consistent dataset")
}

#[test]
fn shifts_need_windows_with_a_margin_and_validate_on_the_centre_crop() {
    let device = Default::default();
    let adam = OptimizerConfig::adam().with_lr(0.01);
    let shifted = |k| FitConfig { validation_split: None, augment: Augment::default().with_shift(k), ..config(false) };
    let (train, valid) = (data(48, 6, false), data(16, 7, false));
    // windows of the model's length cannot be shifted
    let e = fit::fit(model(3), &adam, &train, Some(&valid), &shifted(3), &device).map(|_| ()).unwrap_err();
    assert!(e.to_string().contains("--margin 3"), "{e}");
    // windows 2·3 longer train; validation windows of that length are scored on their centre crop
    let (train3, valid3) = (padded(&train, 3, 8), padded(&valid, 3, 9));
    assert_eq!(valid3.trim(3).unwrap().x, valid.x, "the centre crop is the original window");
    let (m, h) = fit::fit(model(3), &adam, &train3, Some(&valid3), &shifted(3), &device).expect("training runs");
    let last = h.epochs.last().expect("three epochs");
    let eval = fit::evaluate(&m.valid(), &valid, 16, &device).unwrap();
    assert!((last.valid_loss.unwrap() - eval.loss).abs() < 1e-6, "{:?} vs {}", last.valid_loss, eval.loss);
    // the same seed gives the same run; the shifts change it compared with the centre crop alone
    let (_, again) = fit::fit(model(3), &adam, &train3, Some(&valid3), &shifted(3), &device).unwrap();
    assert_eq!(again.without_timings(), h.without_timings());
    let plain = FitConfig { validation_split: None, ..config(false) };
    let (_, centre) = fit::fit(model(3), &adam, &train, Some(&valid), &plain, &device).unwrap();
    assert_ne!(centre.without_timings(), h.without_timings());
}
