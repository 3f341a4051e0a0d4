//! The fast incremental ISM (`seq_interpret::cnn_ism`, seq-kernels' `FastIsm`) against the generic batched ISM
//! (`seq_interpret::ism`) on random models of every preset shape (issue 7): equal up to 1e-5.

use burn::backend::Flex;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use seq_interpret::ism::fast_ism_engine;
use seq_interpret::{ism, Attribution, EffectScale, IsmOptions};
use seq_models::cnn::{presets, Activation, Cnn, CnnConfig, Padding};
use seq_models::{Head, SequenceModel};

/// `n` random one-hot sequences of length `len`; with `unknown`, position 3 of sequence 0 is an `N` (no base).
fn random_onehot(n: usize, len: usize, seed: u64, unknown: bool) -> Vec<f32> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut x = vec![0.0f32; n * 4 * len];
    for i in 0..n {
        for p in 0..len {
            x[(i * 4 + rng.random_range(0..4)) * len + p] = 1.0;
        }
    }
    if unknown {
        for b in 0..4 {
            x[b * len + 3] = 0.0;
        }
    }
    x
}

/// The model of `config` with seeded weights and random (non-zero) convolution biases, so that ReLUs and
/// max-pools cut in both directions.
fn random_model(config: &CnnConfig, seed: u64) -> Cnn<Flex> {
    let mut model = config.init::<Flex>(&Default::default(), seed).expect("valid configuration");
    let mut rng = ChaCha8Rng::seed_from_u64(seed + 1000);
    for index in 0..model.num_convs() {
        let (weights, dims) = model.conv_weights(index).expect("convolution exists");
        let bias: Vec<f32> = (0..dims[0]).map(|_| rng.random_range(-0.3f32..0.3)).collect();
        model = model.set_conv_weights(index, &weights, &bias).expect("same shapes");
    }
    model
}

/// Asserts `fast == generic` element-wise within 1e-5 (relative, or absolute near zero) and that the
/// attribution is not trivially zero.
fn assert_close(fast: &Attribution, generic: &Attribution, what: &str) {
    assert_eq!((fast.n, fast.len), (generic.n, generic.len), "{what}: shapes");
    let mut nonzero = 0;
    for (k, (a, b)) in fast.values.iter().zip(&generic.values).enumerate() {
        let tol = 1e-5 * a.abs().max(b.abs()).max(1.0);
        assert!((a - b).abs() <= tol, "{what}: value {k} fast {a} vs generic {b}");
        nonzero += usize::from(b.abs() > 1e-6);
    }
    assert!(nonzero > 0, "{what}: every effect is zero, the comparison proves nothing");
}

/// Runs both paths on `n` random sequences and compares them.
fn compare(config: &CnnConfig, n: usize, opts: &IsmOptions, seed: u64, what: &str) -> Attribution {
    let len = config.input_length;
    let device = Default::default();
    let model = random_model(config, seed);
    let x = random_onehot(n, len, seed + 7, true);
    let fast = seq_interpret::cnn_ism(&model, &x, n, len, opts, &device).expect("fast ISM runs");
    let logits = |t| model.forward_logits(t);
    let generic = ism::<Flex, _>(&logits, &x, n, len, opts, &device).expect("generic ISM runs");
    assert_close(&fast, &generic, what);
    fast
}

/// True when some substitution at `pos` has an effect.
fn mutated_at(a: &Attribution, pos: usize) -> bool {
    (0..a.n).flat_map(|i| (0..4).map(move |b| (i, b))).any(|(i, b)| a.get(i, b, pos) != 0.0)
}

/// Effects at the first and the last position are not all zero (the edges are really mutated).
fn assert_edges_mutated(a: &Attribution, what: &str) {
    assert!(mutated_at(a, 0) && mutated_at(a, a.len - 1), "{what}: no effect at the first or last position");
}

#[test]
fn seed000_same_padding_pool_not_dividing_the_length() {
    // 67 = 2·25 + 17: the last 17 conv outputs fall outside every pooling window.
    let a = compare(&presets::seed000(67), 3, &IsmOptions::default(), 1, "seed000 L67");
    assert!(mutated_at(&a, 0), "seed000 L67: no effect at the first position");
    let tail = (0..3).flat_map(|i| (0..4).map(move |b| (i, b))).all(|(i, b)| a.get(i, b, 66) == 0.0);
    assert!(tail, "the last position only reaches dropped conv outputs, its effect must be exactly 0");
    compare(&presets::seed000_regularized(50), 2, &IsmOptions::default(), 2, "seed000_regularized");
}

#[test]
fn seed000_deep_two_convs_and_global_max_pool() {
    let opts = IsmOptions { scale: EffectScale::Sigmoid, ..Default::default() };
    let a = compare(&presets::seed000_deep(42), 2, &opts, 3, "seed000_deep");
    assert_edges_mutated(&a, "seed000_deep");
}

#[test]
fn primer_valid_linear_conv_softmax_probability() {
    for target in 0..2 {
        let opts = IsmOptions { target, scale: EffectScale::Softmax, ..Default::default() };
        compare(&presets::primer(), 4, &opts, 4 + target as u64, "primer softmax");
    }
    compare(&presets::primer(), 2, &IsmOptions { target: 1, ..Default::default() }, 6, "primer logit");
}

#[test]
fn sequence_dnn_stacked_valid_convs_odd_and_even_widths() {
    let config = presets::sequence_dnn(61, &[5, 6, 4], &[9, 4, 5], 7, 0.2, 0.0, 2).expect("valid preset");
    let opts = IsmOptions { target: 1, scale: EffectScale::Sigmoid, ..Default::default() };
    compare(&config, 3, &opts, 8, "sequence_dnn");
    compare(&presets::dragonn_three_layers_dropout(100), 2, &IsmOptions::default(), 9, "dragonn 3 layers");
    compare(&presets::dragonn_fifteen_filters(80), 2, &IsmOptions::default(), 10, "dragonn 15 filters");
}

#[test]
fn same_padding_even_widths_strided_pools_and_every_activation() {
    let config = CnnConfig::new(37, 3, Head::Softmax)
        .conv(6, 4, Padding::Same, Activation::Tanh)
        .max_pool(3)
        .conv(5, 6, Padding::Same, Activation::Relu)
        .global_max_pool()
        .dense(7, Activation::Sigmoid, 0.0)
        .dense(5, Activation::Exp, 0.0);
    let a = compare(&config, 3, &IsmOptions { target: 2, ..Default::default() }, 11, "mixed activations");
    assert_edges_mutated(&a, "mixed activations");
    let mut strided = CnnConfig::new(40, 1, Head::Sigmoid).conv(4, 5, Padding::Same, Activation::Relu);
    strided.features.push(seq_models::cnn::FeatureLayer::MaxPool { width: 5, stride: Some(3) });
    let strided = strided.conv(3, 2, Padding::Valid, Activation::Relu).dense(4, Activation::Relu, 0.0);
    compare(&strided, 2, &IsmOptions::default(), 12, "overlapping pool windows");
    compare(&presets::one_filter(30), 2, &IsmOptions::default(), 13, "one filter, no pool");
}

#[test]
fn windowed_and_centred_ism() {
    let window = IsmOptions { window: Some(10..31), centre: true, ..Default::default() };
    let a = compare(&presets::seed000(50), 3, &window, 14, "seed000 window");
    assert!((0..3).all(|i| (0..4).all(|b| a.get(i, b, 9) == 0.0 && a.get(i, b, 31) == 0.0)));
    let edge = IsmOptions { window: Some(49..50), ..Default::default() };
    compare(&presets::seed000(50), 2, &edge, 15, "last position only");
}

#[test]
fn fast_logits_equal_the_burn_forward_pass() {
    let config = presets::seed000_deep(33);
    let model = random_model(&config, 16);
    let x = random_onehot(4, 33, 17, false);
    let fast = fast_ism_engine(&model).expect("supported").logits(&x, 4, 33).expect("runs");
    let device = Default::default();
    let t = burn::tensor::Tensor::<Flex, 3>::from_data(burn::tensor::TensorData::new(x, [4, 4, 33]), &device);
    let burn_logits = model.forward_logits(t).into_data().to_vec::<f32>().expect("f32");
    for (a, b) in fast.iter().zip(&burn_logits) {
        assert!((a - b).abs() <= 1e-5 * b.abs().max(1.0), "fast {a} vs burn {b}");
    }
}

#[test]
fn bad_input_is_an_error_not_a_panic() {
    let model = random_model(&presets::seed000(30), 18);
    let device = Default::default();
    let x = random_onehot(2, 30, 19, false);
    assert!(seq_interpret::cnn_ism(&model, &x, 2, 31, &IsmOptions::default(), &device).is_err(), "wrong length");
    assert!(seq_interpret::cnn_ism(&model, &x[..100], 2, 30, &IsmOptions::default(), &device).is_err(), "short buffer");
    let outside = IsmOptions { window: Some(20..40), ..Default::default() };
    assert!(seq_interpret::cnn_ism(&model, &x, 2, 30, &outside, &device).is_err(), "window outside");
    let target = IsmOptions { target: 1, ..Default::default() };
    assert!(seq_interpret::cnn_ism(&model, &x, 2, 30, &target, &device).is_err(), "no output 1");
}

#[test]
fn one_substitution_per_sequence_equals_the_full_ism_entry() {
    // The variant scorer's path (`FastIsm::snv_logits`: one reference pass and one patch per sequence, the
    // first convolution read from base indices) against every-substitution ISM, and the reference logits
    // against a non-one-hot input (the general convolution) and burn's forward pass.
    for (config, seed) in
        [(presets::seed000(120), 20), (presets::seed000_deep(90), 21), (presets::dragonn_three_layers(150), 22)]
    {
        let len = config.input_length;
        let model = random_model(&config, seed);
        let engine = fast_ism_engine(&model).expect("supported");
        let n = 9;
        let mut x = random_onehot(n, len, seed + 1, true);
        let pos = len / 2;
        for b in 0..4 {
            x[(4 + b) * len + pos] = 0.0; // sequence 1 has an N at the variant position
        }
        let mut rng = ChaCha8Rng::seed_from_u64(seed + 2);
        let alt: Vec<usize> = (0..n).map(|_| rng.random_range(0..4)).collect();
        let (reference, alternative) = engine.snv_logits(&x, n, len, pos, &alt).expect("runs");
        let full = engine.substitution_logits(&x, n, len, pos..pos + 1).expect("runs");
        assert_eq!(reference, full.reference);
        let o = engine.outputs();
        let mut changed = 0;
        for i in 0..n {
            assert_eq!(&alternative[i * o..(i + 1) * o], full.variant(i, alt[i], pos), "sequence {i}");
            changed += usize::from(alternative[i * o..(i + 1) * o] != reference[i * o..(i + 1) * o]);
        }
        assert!(changed > 0, "no substitution changed a logit");
        let t = burn::tensor::Tensor::<Flex, 3>::from_data(
            burn::tensor::TensorData::new(x.clone(), [n, 4, len]),
            &Default::default(),
        );
        let burn_logits = model.forward_logits(t).into_data().to_vec::<f32>().expect("f32");
        for (a, b) in reference.iter().zip(&burn_logits) {
            assert!((a - b).abs() <= 1e-5 * b.abs().max(1.0), "fast {a} vs burn {b}");
        }
        // 0.999 instead of 1.0 is not one-hot: the general convolution, within rounding of the one-hot one.
        let soft: Vec<f32> = x.iter().map(|&v| if v == 1.0 { 0.999 } else { v }).collect();
        let soft_logits = engine.logits(&soft, n, len).expect("runs");
        let t = burn::tensor::Tensor::<Flex, 3>::from_data(
            burn::tensor::TensorData::new(soft, [n, 4, len]),
            &Default::default(),
        );
        let burn_soft = model.forward_logits(t).into_data().to_vec::<f32>().expect("f32");
        for (a, b) in soft_logits.iter().zip(&burn_soft) {
            assert!((a - b).abs() <= 1e-5 * b.abs().max(1.0), "soft input: fast {a} vs burn {b}");
        }
        assert!(engine.snv_logits(&x, n, len, pos, &alt[1..]).is_err(), "one base short");
        assert!(engine.snv_logits(&x, n, len, len, &alt).is_err(), "position outside");
        let mut bad = alt.clone();
        bad[0] = 4;
        assert!(engine.snv_logits(&x, n, len, pos, &bad).is_err(), "base index 4");
    }
}

/// `n` windows of length `len` on a random base track (indices 0..=4, about 2% `N`): sorted starts with
/// overlaps of every size, repeats and gaps, as the variant scorer's stitched tracks have.
fn random_track(len: usize, n: usize, seed: u64) -> (Vec<u8>, Vec<usize>) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut starts = vec![0usize];
    for _ in 1..n {
        let step = match rng.random_range(0..4) {
            0 => 0,
            1 => rng.random_range(1..4),
            2 => rng.random_range(1..len),
            _ => len + rng.random_range(0..len),
        };
        starts.push(starts[starts.len() - 1] + step);
    }
    let track_len = starts[n - 1] + len + rng.random_range(0..5);
    let track = (0..track_len).map(|_| if rng.random_bool(0.02) { 4 } else { rng.random_range(0..4u8) }).collect();
    (track, starts)
}

#[test]
fn tiled_substitutions_are_bit_identical_to_one_window_at_a_time() {
    // `snv_logits_tiled` shares the first convolution between overlapping windows of one track; each
    // window's logits must be exactly those of the window on its own ('same' and 'valid' first convolutions,
    // N bases at edges and at the variant).
    let valid_first = presets::sequence_dnn(70, &[6, 5], &[7, 3], 5, 0.0, 0.0, 1).expect("valid preset");
    for (config, seed, what) in [
        (presets::seed000(120), 30, "seed000"),
        (presets::seed000_deep(90), 31, "seed000_deep"),
        (presets::dragonn_three_layers(150), 32, "dragonn 3 layers"),
        (valid_first, 33, "sequence_dnn"),
    ] {
        let len = config.input_length;
        let model = random_model(&config, seed);
        let engine = fast_ism_engine(&model).expect("supported");
        let n = 40;
        let (mut track, starts) = random_track(len, n, seed + 1);
        for pos in [len / 2, 0, len - 1] {
            track[starts[3] + pos] = 4; // window 3 has an N at the variant
            let mut rng = ChaCha8Rng::seed_from_u64(seed + 2 + pos as u64);
            let alt: Vec<usize> = (0..n).map(|_| rng.random_range(0..4)).collect();
            let tiled = engine.snv_logits_tiled(&track, &starts, len, pos, &alt).expect("runs");
            let mut x = vec![0.0f32; n * 4 * len];
            for (dst, &s) in x.chunks_exact_mut(4 * len).zip(&starts) {
                for (p, &b) in track[s..s + len].iter().enumerate() {
                    if b < 4 {
                        dst[usize::from(b) * len + p] = 1.0;
                    }
                }
            }
            let single = engine.snv_logits(&x, n, len, pos, &alt).expect("runs");
            assert_eq!(tiled, single, "{what} at {pos}");
        }
        assert!(engine.snv_logits_tiled(&track, &[track.len() - len + 1], len, 0, &[0]).is_err(), "past the end");
        assert!(engine.snv_logits_tiled(&[5; 400], &[0], len, 0, &[0]).is_err(), "not a base index");
        assert!(engine.snv_logits_tiled(&track, &starts[..2], len, 0, &[0]).is_err(), "one base short");
    }
}
