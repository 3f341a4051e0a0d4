//! Known-answer tests of seq-interpret's attribution: saliency, gradient × input, ISM, integrated gradients
//! and variant-effect scoring (issue 5, "Correctness tests with known answers").

use burn::backend::{Autodiff, Flex};
use burn::tensor::module::conv1d;
use burn::tensor::ops::ConvOptions;
use burn::tensor::{Tensor, TensorData};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use seq_interpret::{
    grad_times_input, integrated_gradients, ism, primer_saliency, saliency, score_variants, Baseline, EffectScale,
    IgOptions, IgRule, InterpretError, IsmOptions,
};
use seq_io::onehot::{decode, encode};
use seq_io::{Pfm, UnknownPolicy};
use seq_models::cnn::presets;
use seq_models::SequenceModel;

type Ad = Autodiff<Flex>;

/// `n` random one-hot sequences of length `len` (seeded).
fn random_onehot(n: usize, len: usize, seed: u64) -> Vec<f32> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut x = vec![0.0f32; n * 4 * len];
    for i in 0..n {
        for p in 0..len {
            x[(i * 4 + rng.random_range(0..4)) * len + p] = 1.0;
        }
    }
    x
}

/// Seeded weights `(4, len)` in [-1, 1).
fn random_weights(len: usize, seed: u64) -> Vec<f32> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    (0..4 * len).map(|_| rng.random_range(-1.0f32..1.0)).collect()
}

/// The linear model `f(x) = Σ w ⊙ x + 0.3` as a closure over a `(1, 4, L)` weight tensor.
fn linear_model<B: burn::tensor::backend::Backend>(
    w: &[f32],
    len: usize,
    device: &B::Device,
) -> impl Fn(Tensor<B, 3>) -> Tensor<B, 2> {
    let weights: Tensor<B, 3> = Tensor::from_data(TensorData::new(w.to_vec(), [1, 4, len]), device);
    move |x: Tensor<B, 3>| {
        let n = x.dims()[0];
        (x * weights.clone()).sum_dim(2).sum_dim(1).reshape([n, 1]) + 0.3
    }
}

#[test]
fn saliency_of_a_linear_model_equals_its_weights() {
    let (n, len) = (5, 30);
    let device = Default::default();
    let w = random_weights(len, 1);
    let x = random_onehot(n, len, 2);
    let sal = saliency::<Ad, _>(&linear_model::<Ad>(&w, len, &device), &x, n, len, 0, 2, &device).unwrap();
    for i in 0..n {
        for (a, b) in sal.sequence(i).iter().zip(&w) {
            assert!((a - b).abs() < 1e-6, "gradient {a} differs from weight {b}");
        }
    }
}

#[test]
fn grad_times_input_picks_the_present_bases_weight() {
    let (n, len) = (4, 25);
    let device = Default::default();
    let w = random_weights(len, 3);
    let x = random_onehot(n, len, 4);
    let model = linear_model::<Ad>(&w, len, &device);
    let gxi = grad_times_input::<Ad, _>(&model, &x, n, len, 0, 3, &device).unwrap();
    let clipped = primer_saliency::<Ad, _>(&model, &x, n, len, 0, 3, &device).unwrap();
    for i in 0..n {
        let seq = decode(&x[i * 4 * len..(i + 1) * 4 * len], len);
        let sums = gxi.position_sums(i);
        for p in 0..len {
            let b = "ACGT".find(seq.as_bytes()[p] as char).unwrap();
            assert!((sums[p] - w[b * len + p]).abs() < 1e-6);
            for other in (0..4).filter(|&o| o != b) {
                assert_eq!(gxi.get(i, other, p), 0.0, "absent base {other} at {p} must get 0");
            }
            assert!((clipped[i][p] - w[b * len + p].max(0.0)).abs() < 1e-6);
        }
    }
}

#[test]
fn integrated_gradients_on_a_linear_model_is_exact() {
    let (n, len) = (3, 40);
    let device = Default::default();
    let w = random_weights(len, 5);
    let x = random_onehot(n, len, 6);
    let model = linear_model::<Ad>(&w, len, &device);
    for baseline in [Baseline::Zeros, Baseline::Uniform, Baseline::References(random_onehot(n * 3, len, 7))] {
        let opts = IgOptions { steps: 7, baseline: baseline.clone(), ..Default::default() };
        let ig = integrated_gradients::<Ad, _>(&model, &x, n, len, &opts, &device).unwrap();
        assert!(ig.gaps.iter().all(|g| *g < 1e-4), "{baseline:?}: gaps {:?}", ig.gaps);
        if baseline == Baseline::Zeros {
            for (i, a) in ig.attribution.values.iter().enumerate() {
                assert!((a - w[i % (4 * len)] * x[i]).abs() < 1e-5, "IG from zeros must be w ⊙ x");
            }
            assert!(ig.gaps.iter().all(|g| *g < 1e-5));
        }
    }
}

#[test]
fn integrated_gradients_on_seed000_cnn_is_complete_within_one_percent() {
    let (n, len) = (4, 200);
    let device = Default::default();
    let cnn = presets::seed000(len).init::<Ad>(&device, 11).unwrap();
    let x = random_onehot(n, len, 12);
    let model = |t| cnn.forward_logits(t);
    // The midpoint rule from zeros never evaluates the all-zero input, where the ReLU network's gradient is
    // exactly 0; the trapezoid rule does, and (the network being positively homogeneous along the path)
    // loses exactly its endpoint weight 1/(2m) = 1% with 50 steps.
    for rule in [IgRule::Midpoint, IgRule::Trapezoid] {
        let opts = IgOptions { steps: 50, baseline: Baseline::Zeros, rule, ..Default::default() };
        let ig = integrated_gradients::<Ad, _>(&model, &x, n, len, &opts, &device).unwrap();
        let rel = ig.max_relative_gap();
        assert!(ig.deltas.iter().all(|d| d.abs() > 1e-3), "degenerate deltas {:?}", ig.deltas);
        if rule == IgRule::Midpoint {
            assert!(
                rel < 0.01,
                "{rule:?}: relative completeness gap {rel} (gaps {:?}, deltas {:?})",
                ig.gaps,
                ig.deltas
            );
        } else {
            assert!((rel - 0.01).abs() < 2e-3, "trapezoid from zeros should lose 1/(2m): {rel}");
        }
        eprintln!("seed000 IG {rule:?}: max relative gap {rel:.2e}");
    }
}

/// A PWM's log-odds as a conv kernel `(1, 4, W)` followed by global max-pool: logit = best PWM score.
fn pwm_scanner<B: burn::tensor::backend::Backend>(
    pfm: &Pfm,
    device: &B::Device,
) -> impl Fn(Tensor<B, 3>) -> Tensor<B, 2> {
    let pwm = pfm.to_pwm([0.25; 4], 0.01);
    let w = pwm.len();
    let kernel: Vec<f32> = (0..4).flat_map(|b| pwm.log_odds.iter().map(move |row| row[b] as f32)).collect();
    let weight: Tensor<B, 3> = Tensor::from_data(TensorData::new(kernel, [1, 4, w]), device);
    move |x: Tensor<B, 3>| {
        let n = x.dims()[0];
        conv1d(x, weight.clone(), None, ConvOptions::new([1], [0], [1], 1)).max_dim(2).reshape([n, 1])
    }
}

fn test_pfm() -> Pfm {
    Pfm::from_probs(
        "test",
        vec![
            [0.7, 0.1, 0.1, 0.1],
            [0.05, 0.85, 0.05, 0.05],
            [0.1, 0.1, 0.7, 0.1],
            [0.25, 0.25, 0.25, 0.25],
            [0.1, 0.1, 0.1, 0.7],
            [0.4, 0.4, 0.1, 0.1],
        ],
    )
    .unwrap()
}

#[test]
fn ism_of_a_pwm_scanner_equals_the_change_in_best_pwm_score() {
    let (n, len) = (3, 40);
    let device = Default::default();
    let pfm = test_pfm();
    let pwm = pfm.to_pwm([0.25; 4], 0.01);
    let x = random_onehot(n, len, 21);
    let opts = IsmOptions { batch_size: 50, ..Default::default() };
    let effects = ism::<Flex, _>(&pwm_scanner::<Flex>(&pfm, &device), &x, n, len, &opts, &device).unwrap();
    for i in 0..n {
        let seq = decode(&x[i * 4 * len..(i + 1) * 4 * len], len).into_bytes();
        let reference = pwm.best_score(&seq).unwrap().1;
        for p in 0..len {
            for (b, &letter) in b"ACGT".iter().enumerate() {
                let mut mutant = seq.clone();
                mutant[p] = letter;
                let expected = (pwm.best_score(&mutant).unwrap().1 - reference) as f32;
                let got = effects.get(i, b, p);
                assert!((got - expected).abs() < 1e-4, "seq {i} pos {p} base {b}: ISM {got}, PWM {expected}");
                if seq[p] == letter {
                    assert_eq!(got, 0.0, "identity substitution must be 0");
                }
            }
        }
    }
}

#[test]
fn ism_window_centring_and_probability_scale() {
    let (n, len) = (2, 30);
    let device = Default::default();
    let pfm = test_pfm();
    let model = pwm_scanner::<Flex>(&pfm, &device);
    let x = random_onehot(n, len, 31);
    let full = ism::<Flex, _>(&model, &x, n, len, &IsmOptions::default(), &device).unwrap();
    let window = ism::<Flex, _>(
        &model,
        &x,
        n,
        len,
        &IsmOptions { window: Some(10..20), batch_size: 7, ..Default::default() },
        &device,
    )
    .unwrap();
    let centred =
        ism::<Flex, _>(&model, &x, n, len, &IsmOptions { centre: true, ..Default::default() }, &device).unwrap();
    let prob =
        ism::<Flex, _>(&model, &x, n, len, &IsmOptions { scale: EffectScale::Sigmoid, ..Default::default() }, &device)
            .unwrap();
    let sigmoid = |v: f32| 1.0 / (1.0 + (-v).exp());
    for i in 0..n {
        let reference =
            model(Tensor::from_data(TensorData::new(x[i * 4 * len..(i + 1) * 4 * len].to_vec(), [1, 4, len]), &device))
                .into_data()
                .to_vec::<f32>()
                .unwrap()[0];
        for p in 0..len {
            let mean: f32 = (0..4).map(|b| full.get(i, b, p)).sum::<f32>() / 4.0;
            for b in 0..4 {
                let inside = (10..20).contains(&p);
                assert_eq!(window.get(i, b, p), if inside { full.get(i, b, p) } else { 0.0 });
                assert!((centred.get(i, b, p) - (full.get(i, b, p) - mean)).abs() < 1e-5);
                let expected = sigmoid(reference + full.get(i, b, p)) - sigmoid(reference);
                assert!((prob.get(i, b, p) - expected).abs() < 1e-5);
            }
            assert!((0..4).map(|b| centred.get(i, b, p)).sum::<f32>().abs() < 1e-4);
        }
    }
}

#[test]
fn variant_file_is_scored_and_a_wrong_ref_names_the_line() {
    let len = 20;
    let device = Default::default();
    let seq = b"ACGTACGTACGTACGTACGT";
    let x = encode(seq, UnknownPolicy::Strict, "s1").unwrap();
    let names = vec!["s1".to_string()];
    let model = pwm_scanner::<Flex>(&test_pfm(), &device);
    let full = ism::<Flex, _>(&model, &x, 1, len, &IsmOptions::default(), &device).unwrap();
    let (_dir, good) = seq_testkit::temp_file("v.tsv", b"record\tposition\tref\talt\ns1\t0\tA\tG\ns1\t5\tC\tT\n");
    let variants = seq_interpret::read_variants(&good, &names, &x, len).unwrap();
    let scored = score_variants::<Flex, _>(&model, &x, 1, len, &variants, &IsmOptions::default(), &device).unwrap();
    assert_eq!(scored.len(), 2);
    assert!((scored[0].effect - full.get(0, 2, 0)).abs() < 1e-6);
    assert!((scored[1].effect - full.get(0, 3, 5)).abs() < 1e-6);
    let (_dir2, bad) = seq_testkit::temp_file("bad.tsv", b"record\tposition\tref\talt\ns1\t0\tA\tG\ns1\t2\tT\tA\n");
    let err = seq_interpret::read_variants(&bad, &names, &x, len).unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err, InterpretError::Parse { line: 3, .. }), "{msg}");
    assert!(msg.contains("bad.tsv") && msg.contains("has G at position 2"), "{msg}");
}

#[test]
fn bad_shapes_and_targets_are_errors_not_panics() {
    let device = Default::default();
    let w = random_weights(10, 1);
    let model = linear_model::<Ad>(&w, 10, &device);
    let x = random_onehot(2, 10, 1);
    assert!(matches!(saliency::<Ad, _>(&model, &x[..70], 2, 10, 0, 4, &device), Err(InterpretError::InvalidInput(_))));
    assert!(matches!(saliency::<Ad, _>(&model, &x, 2, 10, 1, 4, &device), Err(InterpretError::InvalidInput(_))));
    let opts = IsmOptions { window: Some(5..11), ..Default::default() };
    assert!(matches!(ism::<Ad, _>(&model, &x, 2, 10, &opts, &device), Err(InterpretError::InvalidInput(_))));
}

#[test]
fn ism_on_seed000_is_batch_size_invariant_and_matches_direct_mutants() {
    let (n, len) = (2, 200);
    let device = Default::default();
    let cnn = presets::seed000(len).init::<Flex>(&device, 3).unwrap();
    let model = |t| cnn.forward_logits(t);
    let x = random_onehot(n, len, 4);
    let small =
        ism::<Flex, _>(&model, &x, n, len, &IsmOptions { batch_size: 7, ..Default::default() }, &device).unwrap();
    let large =
        ism::<Flex, _>(&model, &x, n, len, &IsmOptions { batch_size: 1000, ..Default::default() }, &device).unwrap();
    for (a, b) in small.values.iter().zip(&large.values) {
        assert!((a - b).abs() < 1e-5);
    }
    assert!(small.values.iter().any(|v| v.abs() > 1e-4), "a random CNN still responds to substitutions");
    let logit = |v: Vec<f32>| {
        model(Tensor::from_data(TensorData::new(v, [1, 4, len]), &device)).into_data().to_vec::<f32>().unwrap()[0]
    };
    let seq1 = x[4 * len..8 * len].to_vec();
    let reference = logit(seq1.clone());
    for (pos, base) in [(0usize, 0usize), (57, 2), (199, 3), (120, 1)] {
        let mut mutant = seq1.clone();
        (0..4).for_each(|b| mutant[b * len + pos] = if b == base { 1.0 } else { 0.0 });
        let expected = logit(mutant) - reference;
        assert!((small.get(1, base, pos) - expected).abs() < 1e-5, "pos {pos} base {base}");
    }
}

/// The dinucleotide-shuffle baseline: seq-sim shuffles each sequence k times (keeping its exact dinucleotide
/// counts) and integrated gradients averages over those references; attributions stay complete.
#[test]
fn integrated_gradients_with_dinucleotide_shuffled_references() {
    let (n, len, k) = (3, 200, 4);
    let device = Default::default();
    let cnn = presets::seed000(len).init::<Ad>(&device, 21).unwrap();
    let model = |t| cnn.forward_logits(t);
    let x = random_onehot(n, len, 22);
    let mut rng = seq_io::shuffle::rng(23);
    let mut references = Vec::with_capacity(n * k * 4 * len);
    for i in 0..n {
        let seq = decode(&x[i * 4 * len..(i + 1) * 4 * len], len);
        for _ in 0..k {
            let shuffled = seq_io::shuffle::dinucleotide_shuffle(seq.as_bytes(), &mut rng);
            assert_eq!(
                seq_io::shuffle::dinucleotide_counts(&shuffled),
                seq_io::shuffle::dinucleotide_counts(seq.as_bytes())
            );
            references.extend(encode(&shuffled, UnknownPolicy::Strict, "shuffle").unwrap());
        }
    }
    let opts = IgOptions { steps: 100, baseline: Baseline::References(references), ..Default::default() };
    let ig = integrated_gradients::<Ad, _>(&model, &x, n, len, &opts, &device).unwrap();
    assert_eq!(ig.gaps.len(), n);
    // the per-sequence sum of attributions recovers f(x) − mean_k f(reference_k) up to 5% of the attribution
    // mass (ReLU kinks on straight paths between two one-hot sequences make the Riemann sum inexact; Δf itself
    // can be near 0 for an untrained model, so it is no scale)
    for (i, (gap, delta)) in ig.gaps.iter().zip(&ig.deltas).enumerate() {
        let mass: f32 = ig.attribution.sequence(i).iter().map(|v| v.abs()).sum();
        assert!(mass > 0.0 && gap.abs() <= 0.05 * mass, "sequence {i}: gap {gap} for Δf {delta}, Σ|attr| {mass}");
    }
}
