//! seq-models: the tutorial presets (parameter counts, shapes), Keras padding, hand-set filters, dropout
//! only in training, seeded initialisation, L1, the locally-connected model, batching and save/load.

use burn::backend::{Autodiff, Flex};
use burn::module::{AutodiffModule, Module};
use burn::tensor::Tensor;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use seq_io::onehot::{encode, encode_into_unchecked};
use seq_io::{Dataset, UnknownPolicy};
use seq_models::cnn::presets::{self, one_filter, primer, seed000, seed000_deep, seed000_regularized, sequence_dnn};
use seq_models::cnn::{Activation, CnnConfig, Init, Padding};
use seq_models::{
    check_input_length, dataset_batch, predict_logits, to_input, Cnn, Head, LocalConfig, LocallyConnected, Mlp,
    MlpConfig, ModelError, SequenceModel,
};

type B = Flex;
type AD = Autodiff<Flex>;

fn dev() -> burn::tensor::Device<B> {
    Default::default()
}

fn values<const D: usize, BB: burn::tensor::backend::Backend>(t: Tensor<BB, D>) -> Vec<f32> {
    t.into_data().convert::<f32>().to_vec::<f32>().unwrap()
}

fn random_seq(len: usize, rng: &mut ChaCha8Rng) -> Vec<u8> {
    (0..len).map(|_| b"ACGT"[rng.random_range(0..4)]).collect()
}

/// `n` random one-hot sequences of `len` as a flat `(n, 4, len)` buffer.
fn random_onehot(n: usize, len: usize, seed: u64) -> Vec<f32> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut x = vec![0.0; n * 4 * len];
    for chunk in x.chunks_exact_mut(4 * len) {
        encode_into_unchecked(&random_seq(len, &mut rng), chunk, UnknownPolicy::Strict);
    }
    x
}

fn random_dataset(n: usize, len: usize, tasks: usize, seed: u64) -> Dataset {
    let y = (0..n * tasks).map(|i| (i % 2) as f32).collect();
    Dataset::new(random_onehot(n, len, seed), y, len, tasks, (0..n).map(|i| format!("s{i}")).collect()).unwrap()
}

/// Parameter count of DragoNN's SequenceDNN by its formula.
fn sequence_dnn_formula(len: usize, filters: &[usize], widths: &[usize], pool: usize, tasks: usize) -> usize {
    let (mut channels, mut length, mut total) = (4, len, 0);
    for (&f, &w) in filters.iter().zip(widths) {
        total += f * channels * w + f;
        channels = f;
        length -= w - 1;
    }
    let pooled = (length - pool) / pool + 1;
    total + channels * pooled * tasks + tasks
}

#[test]
fn parameter_counts_match_the_tutorials() {
    // Seed 002 prints: conv1d 69, dense 82, total 151.
    let config = one_filter(40);
    let rows = config.layers().unwrap();
    assert_eq!(rows[0].params, 69);
    assert_eq!(rows.last().unwrap().params, 82);
    let model: Cnn<B> = config.init(&dev(), 1).unwrap();
    assert_eq!(model.num_params(), 151);
    assert!(model.summary().contains("Total params: 151"), "{}", model.summary());

    // Seed 001 (L = 50): conv 32·(12·4)+32; pool 39 → 9 positions; dense 288·16+16; dense 16·2+2.
    let primer_count = (32 * 12 * 4 + 32) + (32 * 9 * 16 + 16) + (16 * 2 + 2);
    assert_eq!(primer_count, 6226);
    assert_eq!(primer().init::<B>(&dev(), 1).unwrap().num_params(), primer_count);

    // Seed 000 (L = 200): conv 24·19·4+24; pool 25 → 8 positions; dense 192·64+64; dense 64+1.
    let seed000_count = (24 * 19 * 4 + 24) + (24 * 8 * 64 + 64) + (64 + 1);
    assert_eq!(seed000_count, 14265);
    assert_eq!(seed000(200).init::<B>(&dev(), 1).unwrap().num_params(), seed000_count);
    assert_eq!(seed000_regularized(200).param_count().unwrap(), seed000_count);
    let deep = (64 * 4 * 19 + 64) + (64 * 64 * 7 + 64) + (64 * 64 + 64) + (64 + 1);
    assert_eq!(seed000_deep(200).init::<B>(&dev(), 1).unwrap().num_params(), deep);
    // the PyTorch reference's Deeper: no hidden dense layer
    let deeper_count = (64 * 4 * 19 + 64) + (64 * 64 * 7 + 64) + (64 + 1);
    assert_eq!(deeper_count, 33_729);
    assert_eq!(presets::deeper(200).init::<B>(&dev(), 1).unwrap().num_params(), deeper_count);

    for (len, f, w, pool) in [
        (1000, vec![1], vec![10], 35),
        (1000, vec![15, 15, 15], vec![10, 10, 10], 35),
        (500, vec![8, 4], vec![7, 5], 20),
    ] {
        let config = sequence_dnn(len, &f, &w, pool, 0.0, 0.0, 3).unwrap();
        let model: Cnn<B> = config.init(&dev(), 1).unwrap();
        assert_eq!(model.num_params(), sequence_dnn_formula(len, &f, &w, pool, 3), "{f:?} {w:?}");
    }
    assert_eq!(
        presets::dragonn_three_layers(1000).param_count().unwrap(),
        sequence_dnn_formula(1000, &[15; 3], &[10; 3], 35, 1)
    );
}

#[test]
fn presets_give_the_declared_output_shapes_and_heads() {
    let cases: Vec<(CnnConfig, usize, Head)> = vec![
        (seed000(101), 1, Head::Sigmoid),
        (seed000_deep(120), 1, Head::Sigmoid),
        (primer(), 2, Head::Softmax),
        (one_filter(40), 2, Head::Softmax),
        (presets::dragonn_three_layers_dropout(300), 1, Head::Sigmoid),
    ];
    for (config, outputs, head) in cases {
        let len = config.input_length;
        let model: Cnn<B> = config.init(&dev(), 3).unwrap();
        let x = to_input::<B>(&random_onehot(5, len, 9), 5, len, &dev()).unwrap();
        assert_eq!(model.forward_logits(x).dims(), [5, outputs]);
        assert_eq!((model.outputs(), model.head(), model.input_length()), (outputs, head, Some(len)));
    }
    // The primer's pool keeps 9 of the 39 conv outputs (remainder dropped, Keras 'valid' pooling).
    let model: Cnn<B> = primer().init(&dev(), 3).unwrap();
    let x = to_input::<B>(&random_onehot(2, 50, 1), 2, 50, &dev()).unwrap();
    assert_eq!(model.features(x).dims(), [2, 32, 9]);
}

#[test]
fn same_padding_matches_keras_for_odd_and_even_widths() {
    let len = 12;
    for width in [3usize, 4, 5, 6] {
        let config = CnnConfig::new(len, 1, Head::Linear).conv(1, width, Padding::Same, Activation::Linear);
        let mut kernel = vec![0.0f32; 4 * width]; // (1, 4, width): channel A gets 1, 2, ..., width
        for (k, w) in kernel[..width].iter_mut().enumerate() {
            *w = (k + 1) as f32;
        }
        let model = config.init::<B>(&dev(), 0).unwrap().set_conv_weights(0, &kernel, &[0.0]).unwrap();
        // A single A at position p (other channels carry the rest of the one-hot but have zero weights).
        let p = 6;
        let mut seq = vec![b'C'; len];
        seq[p] = b'A';
        let x = to_input::<B>(&encode(&seq, UnknownPolicy::Strict, "probe").unwrap(), 1, len, &dev()).unwrap();
        let out = values(model.conv_activations(x, 0).unwrap());
        assert_eq!(out.len(), len, "same padding keeps the length for width {width}");
        // Keras pads (w-1)/2 on the left: output i sees input i - left + k, so output p + left - k = w[k].
        let left = (width - 1) / 2;
        for (i, &v) in out.iter().enumerate() {
            let k = (p + left) as isize - i as isize;
            let expected = if (0..width as isize).contains(&k) { (k + 1) as f32 } else { 0.0 };
            assert_eq!(v, expected, "width {width}, output {i}");
        }
    }
}

#[test]
fn a_filter_set_to_a_kmer_scores_that_kmer_highest() {
    let len = 40;
    let kmer = b"TGACGTCATCGAATTCC";
    let mut kernel = vec![0.0f32; 4 * 17]; // (1, 4, 17)
    for (k, &b) in kmer.iter().enumerate() {
        let channel = b"ACGT".iter().position(|&c| c == b).unwrap();
        kernel[channel * 17 + k] = 1.0;
    }
    let model = one_filter(len).init::<B>(&dev(), 0).unwrap().set_conv_weights(0, &kernel, &[-10.0]).unwrap();
    let mut rng = ChaCha8Rng::seed_from_u64(17);
    for start in [0usize, 5, 11, 23] {
        let mut seq = random_seq(len, &mut rng);
        seq[start..start + 17].copy_from_slice(kmer);
        let x = to_input::<B>(&encode(&seq, UnknownPolicy::Strict, "planted").unwrap(), 1, len, &dev()).unwrap();
        let act = values(model.conv_activations(x, 0).unwrap());
        let (best, &top) = act.iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1)).unwrap();
        // The window centred at start + 8 (left padding 8) covers the k-mer: 17 matches − 10 bias.
        assert_eq!((best, top), (start + 8, 7.0), "k-mer at {start}");
        assert!(act.iter().enumerate().all(|(i, &v)| i == best || v < top));
    }
}

#[test]
fn dropout_acts_only_in_training() {
    let len = 200;
    let x = random_onehot(4, len, 5);
    let inner: Cnn<B> = seed000_regularized(len).init(&dev(), 11).unwrap();
    let xi = to_input::<B>(&x, 4, len, &dev()).unwrap();
    assert_eq!(values(inner.forward_logits(xi.clone())), values(inner.forward_logits(xi)));

    let trained: Cnn<AD> = seed000_regularized(len).init(&dev(), 11).unwrap();
    let xa = to_input::<AD>(&x, 4, len, &dev()).unwrap();
    let (a, b) = (values(trained.forward_logits(xa.clone())), values(trained.forward_logits(xa)));
    assert_ne!(a, b, "dropout must perturb training forwards");
    // The autodiff model's inference view equals the plain model built from the same seed.
    let valid = trained.valid();
    let xv = to_input::<B>(&x, 4, len, &dev()).unwrap();
    let xi = to_input::<B>(&x, 4, len, &dev()).unwrap();
    assert_eq!(values(valid.forward_logits(xv)), values(inner.forward_logits(xi)));
}

#[test]
fn seeded_initialisation_is_reproducible_and_keras_distributed() {
    let w = |seed| seed000_deep(200).init::<B>(&dev(), seed).unwrap().conv_weights(1).unwrap().0;
    assert_eq!(w(7), w(7));
    assert_ne!(w(7), w(8));
    // Glorot uniform on the second conv: fan_in = 64·7, fan_out = 64·7, limit √(6/896); biases zero.
    let model: Cnn<B> = seed000_deep(200).init(&dev(), 7).unwrap();
    let (weights, dims) = model.conv_weights(1).unwrap();
    assert_eq!(dims, [64, 64, 7]);
    let limit = (6.0f64 / 896.0).sqrt();
    assert!(weights.iter().all(|&v| (v as f64).abs() <= limit));
    // E[w²] = limit²/3; the mean of n squares has relative s.e. 0.894/√n (≈0.53% here): allow 5 s.e.
    let mean_sq = weights.iter().map(|&v| (v as f64).powi(2)).sum::<f64>() / weights.len() as f64;
    let tol = 5.0 * 0.894 / (weights.len() as f64).sqrt();
    assert!((mean_sq / (limit * limit / 3.0) - 1.0).abs() < tol, "glorot variance {mean_sq}");
    assert!(model.conv_bias(1).unwrap().iter().all(|&b| b == 0.0));

    // He normal (DragoNN): std √(2/fan_in) with fan_in = 64·10 on the second conv; relative s.e. √(2/n).
    let dnn: Cnn<B> = sequence_dnn(100, &[64, 64], &[10, 10], 10, 0.0, 0.0, 1).unwrap().init(&dev(), 2).unwrap();
    let (weights, _) = dnn.conv_weights(1).unwrap();
    let mean_sq = weights.iter().map(|&v| (v as f64).powi(2)).sum::<f64>() / weights.len() as f64;
    let tol = 5.0 * (2.0 / weights.len() as f64).sqrt();
    assert!((mean_sq / (2.0 / 640.0) - 1.0).abs() < tol, "he-normal variance {mean_sq}");

    // PyTorch's default (Deeper): weights and biases U(±1/√fan_in), fan_in = 64·7 on the second conv
    let torch: Cnn<B> = presets::deeper(200).init(&dev(), 7).unwrap();
    let (weights, _) = torch.conv_weights(1).unwrap();
    let bound = 1.0 / (448.0f64).sqrt();
    assert!(weights.iter().all(|&v| (v as f64).abs() <= bound));
    let mean_sq = weights.iter().map(|&v| (v as f64).powi(2)).sum::<f64>() / weights.len() as f64;
    let tol = 5.0 * 0.894 / (weights.len() as f64).sqrt();
    assert!((mean_sq / (bound * bound / 3.0) - 1.0).abs() < tol, "torch-default variance {mean_sq}");
    let bias = torch.conv_bias(1).unwrap();
    assert!(bias.iter().all(|&b| (b as f64).abs() <= bound) && bias.iter().filter(|&&b| b != 0.0).count() == 64);
    // the first conv's bound is 1/√(4·19)
    let first = torch.conv_bias(0).unwrap();
    let b0 = 1.0 / (76.0f64).sqrt();
    assert!(first.iter().all(|&b| (b as f64).abs() <= b0) && first.iter().any(|&b| (b as f64).abs() > bound));
}

#[test]
fn l1_covers_conv_weights_and_biases() {
    let config = sequence_dnn(60, &[3], &[5], 8, 0.0, 0.01, 1).unwrap();
    let model: Cnn<B> = config.init(&dev(), 4).unwrap();
    let (weights, _) = model.conv_weights(0).unwrap();
    let model = model.set_conv_weights(0, &weights, &[0.5, -1.5, 2.0]).unwrap();
    let expected = 0.01 * (weights.iter().map(|v| v.abs()).sum::<f32>() + 4.0);
    let got = values(model.regularization().unwrap())[0];
    assert!((got - expected).abs() < 1e-5 * expected.max(1.0), "{got} vs {expected}");
    assert!(seed000(200).init::<B>(&dev(), 0).unwrap().regularization().is_none());
}

/// Seed 003's backward lets a clipped neuron still pass gradient: with `straight_through` the input gradient at a
/// neuron whose score is negative is `βᵢ · wᵢ`, with the textbook ReLU gradient it is 0.
#[test]
fn locally_connected_straight_through_gradient_reaches_clipped_neurons() {
    let len = 6;
    let weights = vec![[-0.5f32, -0.25, -0.75, -1.0]; len]; // every score negative: relu clips all of them
    let beta = vec![0.3f32; len];
    let x = encode(b"ACGTAC", UnknownPolicy::Strict, "s").unwrap();
    for straight in [true, false] {
        let config = LocalConfig { straight_through: straight, ..LocalConfig::new(len) };
        let model: LocallyConnected<AD> =
            config.init(&dev(), 1).unwrap().with_parameters(&weights, &beta, 1.0).unwrap();
        let input = to_input::<AD>(&x, 1, len, &dev()).unwrap().require_grad();
        let out = model.forward_logits(input.clone());
        assert_eq!(values(out.clone())[0], 1.0, "forward is the ReLU either way");
        let grads = out.sum().backward();
        let g = values(input.grad(&grads).unwrap()); // (1, 4, L)
        for b in 0..4 {
            for i in 0..len {
                let expected = if straight { 0.3 * weights[i][b] } else { 0.0 };
                let v = g[b * len + i];
                assert!((v - expected).abs() < 1e-6, "straight {straight} base {b} pos {i}: {v} vs {expected}");
            }
        }
    }
}

#[test]
fn locally_connected_matches_its_formula_and_base_effects() {
    let len = 30;
    let model: LocallyConnected<B> = LocalConfig::new(len).init(&dev(), 5).unwrap();
    assert_eq!(model.num_params(), LocalConfig::new(len).param_count());
    assert_eq!(model.num_params(), 5 * len + 1);
    let (w, beta) = (model.neuron_weights(), model.coefficients());
    assert!(w.iter().flatten().chain(&beta).all(|v| v.abs() <= 0.1));
    assert_eq!(model.constant(), 1.0);
    for ((effect, wi), bi) in model.base_effects().iter().zip(&w).zip(&beta) {
        assert_eq!(*effect, wi.map(|v| v * bi));
    }
    // ŷ = β₀ + Σ βᵢ relu(w_i[base_i]) on a known sequence.
    let mut rng = ChaCha8Rng::seed_from_u64(3);
    let seq = random_seq(len, &mut rng);
    let x = to_input::<B>(&encode(&seq, UnknownPolicy::Strict, "s").unwrap(), 1, len, &dev()).unwrap();
    let expected: f32 = 1.0
        + seq
            .iter()
            .enumerate()
            .map(|(i, &b)| beta[i] * w[i][b"ACGT".iter().position(|&c| c == b).unwrap()].max(0.0))
            .sum::<f32>();
    let got = values(model.forward_logits(x))[0];
    assert!((got - expected).abs() < 1e-5, "{got} vs {expected}");

    // Hand-set parameters: base effects are the products, dead neurons are the all-negative ones.
    let mut weights = vec![[0.5f32, -1.0, 2.0, 0.25]; len];
    weights[4] = [-0.1, -0.2, -0.3, 0.0];
    let coefs: Vec<f32> = (0..len).map(|i| i as f32 - 10.0).collect();
    let model = model.with_parameters(&weights, &coefs, 0.0).unwrap();
    assert_eq!(model.base_effects()[12], [1.0, -2.0, 4.0, 0.5]);
    assert_eq!(model.dead_neurons(), vec![4]);
}

#[test]
fn batches_follow_the_dataset_and_predictions_do_not_depend_on_batch_size() {
    let ds = random_dataset(7, 40, 2, 21);
    let (x, y) = dataset_batch::<B>(&ds, &[5, 0], &dev()).unwrap();
    assert_eq!(x.dims(), [2, 4, 40]);
    assert_eq!(values(x), [ds.seq(5), ds.seq(0)].concat());
    assert_eq!(values(y), [ds.label(5), ds.label(0)].concat());
    assert!(matches!(dataset_batch::<B>(&ds, &[7], &dev()), Err(ModelError::InvalidInput(_))));

    let model: Cnn<B> = one_filter(40).init(&dev(), 2).unwrap();
    let all = values(model.forward_logits(to_input::<B>(&ds.x, 7, 40, &dev()).unwrap()));
    for batch in [1, 3, 100] {
        let got = predict_logits(&model, &ds, batch, &dev()).unwrap();
        assert_eq!(got.len(), 14);
        assert!(got.iter().zip(&all).all(|(a, b)| (a - b).abs() < 1e-5), "batch {batch}");
    }
}

#[test]
fn length_mismatch_and_bad_configs_are_errors_before_any_forward() {
    let model: Cnn<B> = seed000(200).init(&dev(), 0).unwrap();
    let ds = random_dataset(3, 100, 1, 1);
    let err = predict_logits(&model, &ds, 8, &dev()).unwrap_err();
    assert!(matches!(err, ModelError::LengthMismatch { expected: 200, found: 100 }), "{err}");
    assert!(err.to_string().contains("200") && err.to_string().contains("100"));
    assert!(check_input_length(&model, 200).is_ok());
    assert!(matches!(
        predict_logits(&model, &random_dataset(2, 200, 1, 1), 0, &dev()),
        Err(ModelError::InvalidInput(_))
    ));
    assert!(matches!(to_input::<B>(&[0.0; 10], 1, 3, &dev()), Err(ModelError::InvalidInput(_))));

    // seed000 on 20 nt: the 25-wide pool has nothing to pool.
    let err = seed000(20).init::<B>(&dev(), 0).unwrap_err();
    assert!(matches!(err, ModelError::InvalidConfig(_)) && err.to_string().contains("pool width 25"), "{err}");
    assert!(sequence_dnn(100, &[15, 15], &[10], 35, 0.0, 0.0, 1).is_err());
    assert!(presets::by_name("primer", 60).is_err() && presets::by_name("nope", 60).is_err());
    let bad_dropout = CnnConfig::new(50, 1, Head::Sigmoid).conv(4, 5, Padding::Valid, Activation::Relu).dropout(1.5);
    assert!(bad_dropout.init::<B>(&dev(), 0).is_err());
}

#[test]
fn save_then_load_gives_identical_logits() {
    let dir = tempfile::tempdir().unwrap();
    let x = random_onehot(6, 200, 8);
    let model: Cnn<B> = seed000_regularized(200).with_l1(0.001).init(&dev(), 12).unwrap();
    seq_models::persist::save(&model, &dir.path().join("cnn")).unwrap();
    let loaded: Cnn<B> = seq_models::persist::load(&dir.path().join("cnn"), &dev()).unwrap();
    assert_eq!(loaded.config(), model.config());
    let logits = |m: &Cnn<B>| values(m.forward_logits(to_input::<B>(&x, 6, 200, &dev()).unwrap()));
    assert_eq!(logits(&loaded), logits(&model));
    // A model of another seed differs, so the equality above is not vacuous.
    assert_ne!(logits(&seed000_regularized(200).init(&dev(), 13).unwrap()), logits(&model));

    let local: LocallyConnected<B> = LocalConfig::new(30).init(&dev(), 4).unwrap();
    seq_models::persist::save(&local, &dir.path().join("local.mpk")).unwrap();
    let back: LocallyConnected<B> = seq_models::persist::load(&dir.path().join("local"), &dev()).unwrap();
    assert_eq!(back.base_effects(), local.base_effects());
    assert_eq!(back.constant(), local.constant());

    let mlp: Mlp<B> = MlpConfig::new(20, 3, Head::Softmax).hidden(8, Activation::Tanh, 0.1).init(&dev(), 1).unwrap();
    assert_eq!(mlp.num_params(), mlp.config().param_count());
    assert_eq!(mlp.num_params(), (80 * 8 + 8) + (8 * 3 + 3));
    seq_models::persist::save(&mlp, &dir.path().join("mlp")).unwrap();
    let back: Mlp<B> = seq_models::persist::load(&dir.path().join("mlp"), &dev()).unwrap();
    let xm = random_onehot(2, 20, 2);
    let run = |m: &Mlp<B>| values(m.forward_logits(to_input::<B>(&xm, 2, 20, &dev()).unwrap()));
    assert_eq!(run(&back), run(&mlp));

    // Errors name the file: a missing model, and a file holding another kind of model.
    let err = seq_models::persist::load::<B, Cnn<B>>(&dir.path().join("absent"), &dev()).unwrap_err();
    assert!(matches!(err, ModelError::Io { .. }) && err.to_string().contains("absent.json"), "{err}");
    let err = seq_models::persist::load::<B, Cnn<B>>(&dir.path().join("local"), &dev()).unwrap_err();
    assert!(matches!(err, ModelError::WrongKind { .. }) && err.to_string().contains("local.json"), "{err}");
    // A file of the layout before format versions is refused by name.
    std::fs::write(dir.path().join("old.json"), "{ \"kind\": \"cnn\", \"config\": { \"outputs\": 1 } }").unwrap();
    let err = seq_models::persist::load::<B, Cnn<B>>(&dir.path().join("old"), &dev()).unwrap_err();
    assert!(matches!(err, ModelError::OldLayout { .. }) && err.to_string().contains("old.json"), "{err}");
}

#[test]
fn corrupt_truncated_or_mismatched_model_files_are_refused_before_use() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("m");
    let model: Cnn<B> = seed000(100).init(&dev(), 3).unwrap();
    seq_models::persist::save(&model, &base).unwrap();
    let weights = std::fs::read(base.with_extension("mpk")).unwrap();
    let json = std::fs::read_to_string(base.with_extension("json")).unwrap();
    // one flipped bit
    let mut flipped = weights.clone();
    flipped[weights.len() / 2] ^= 0x10;
    std::fs::write(base.with_extension("mpk"), &flipped).unwrap();
    let err = seq_models::persist::load::<B, Cnn<B>>(&base, &dev()).unwrap_err();
    assert!(matches!(err, ModelError::CorruptWeights { .. }), "{err}");
    assert!(
        err.to_string().contains("corrupt or truncated weights file") && err.to_string().contains("m.mpk"),
        "{err}"
    );
    // truncated
    std::fs::write(base.with_extension("mpk"), &weights[..weights.len() / 3]).unwrap();
    let err = seq_models::persist::load::<B, Cnn<B>>(&base, &dev()).unwrap_err();
    assert!(matches!(err, ModelError::CorruptWeights { .. }), "{err}");
    // the weights intact, the configuration edited (more filters than the weights have)
    std::fs::write(base.with_extension("mpk"), &weights).unwrap();
    assert!(seq_models::persist::load::<B, Cnn<B>>(&base, &dev()).is_ok());
    let edited = json.replacen("\"filters\": 24", "\"filters\": 30", 1);
    assert_ne!(edited, json, "the preset's first convolution has 24 filters");
    std::fs::write(base.with_extension("json"), edited).unwrap();
    let err = seq_models::persist::load::<B, Cnn<B>>(&base, &dev()).unwrap_err();
    assert!(matches!(err, ModelError::ShapeMismatch { .. } | ModelError::CorruptWeights { .. }), "{err}");
    assert!(err.to_string().contains("m.mpk"), "{err}");
    // a newer format version
    std::fs::write(base.with_extension("json"), json.replacen("\"format_version\": 2", "\"format_version\": 9", 1))
        .unwrap();
    let err = seq_models::persist::load::<B, Cnn<B>>(&base, &dev()).unwrap_err();
    assert!(matches!(err, ModelError::UnsupportedVersion { found: 9, .. }), "{err}");
}

#[test]
fn configs_round_trip_through_json() {
    let config = sequence_dnn(500, &[15, 15], &[10, 8], 35, 0.2, 0.01, 2).unwrap();
    let text = serde_json::to_string(&config).unwrap();
    let back: CnnConfig = serde_json::from_str(&text).unwrap();
    assert_eq!(back, config);
    assert_eq!(back.conv_init, Init::HeNormal);
}
