//! Read denoisers (seed 002): the seed's next-symbol LSTM and greedy decoder, the star-alignment vote
//! consensus and the learned stack model, on reads simulated by seq-sim with the seed's error semantics.

use std::time::Instant;

use burn::backend::{Autodiff, Flex};
use burn::module::Module;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use seq_io::Dataset;
use seq_models::denoiser::{
    greedy_decode, identity, learned_consensus, vote_consensus, ConsensusConfig, DenoiseError, NextSymbolConfig,
    StackColumnModel, SYMBOLS,
};
use seq_models::lstm::{KerasLstmConfig, LstmClassifierConfig};
use seq_models::Head;
use seq_sim::{random_template, simulate_reads, ErrorRates};
use seq_train::denoise::{
    train_next_symbol, train_stack_model, DenoiseTrainConfig, NextSymbolTrainConfig, StackExample, StackTrainConfig,
    Trained,
};

type B = Flex;
type AB = Autodiff<Flex>;

/// The seed's setting: a 220-nt template and 20 reads at pi = pd = 0.05, ps = 0.01.
const TEMPLATE_LEN: usize = 220;
const N_READS: usize = 20;

/// A template and `N_READS` bare reads of it (no markers), all from one seed.
fn simulated(seed: u64) -> (Vec<u8>, Vec<Vec<u8>>) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let template = random_template(TEMPLATE_LEN, &mut rng);
    let reads = simulate_reads(&template, N_READS, &ErrorRates::default(), false, &mut rng)
        .expect("valid rates and template")
        .into_iter()
        .map(|r| r.seq)
        .collect();
    (template, reads)
}

fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len() as f64
}

#[test]
fn seed_denoiser_has_5622_parameters() {
    let device = Default::default();
    // Keras prints lstm_1 4,992; dense 396, 156, 78; total 5,622.
    assert_eq!(KerasLstmConfig { d_input: 6, d_hidden: 32 }.init::<B>(&device, 0).num_params(), 4992);
    assert_eq!(NextSymbolConfig::default().init::<B>(&device, 0).unwrap().num_params(), 5622);
}

#[test]
fn identity_is_one_for_equal_strings_and_drops_by_one_base_per_error() {
    let (template, _) = simulated(7);
    let l = template.len() as f64;
    assert_eq!(identity(&template, &template), 1.0);
    let mut deleted = template.clone();
    deleted.remove(100);
    assert!((identity(&template, &deleted) - (l - 1.0) / l).abs() < 1e-12);
    let mut substituted = template.clone();
    substituted[50] = if template[50] == b'A' { b'C' } else { b'A' };
    assert!((identity(&template, &substituted) - (l - 1.0) / l).abs() < 1e-12);
    let mut inserted = template.clone();
    inserted.insert(30, b'G');
    assert_eq!(identity(&template, &inserted), 1.0, "an extra base costs no template match");
}

#[test]
fn vote_consensus_recovers_the_template_from_20_reads() {
    let config = ConsensusConfig::default();
    for seed in 1..=6 {
        let (template, reads) = simulated(seed);
        let raw = mean(&reads.iter().map(|r| identity(&template, r)).collect::<Vec<_>>());
        let consensus = vote_consensus(&reads, &config).unwrap();
        let id = identity(&template, &consensus);
        // A single read keeps ~ (1 − pd − 0.75 ps)/(1 − pi) ≈ 94% of the template; the vote must do better
        // than any read on average and reach the 95%.
        assert!(id >= 0.95, "seed {seed}: consensus identity {id:.4} (mean read identity {raw:.4})");
        assert!(id > raw, "seed {seed}: consensus {id:.4} not better than a read ({raw:.4})");
    }
}

/// The learned stack model trained on 40 simulated templates (seeds 1000..1040), with its configuration.
fn train_stack_on_40_templates(
    device: &burn::backend::flex::FlexDevice,
) -> (StackTrainConfig, Trained<StackColumnModel<B>>) {
    let examples: Vec<StackExample> = (1000..1040)
        .map(|seed| {
            let (template, reads) = simulated(seed);
            StackExample { reads, template }
        })
        .collect();
    let config = StackTrainConfig::default();
    let trained = train_stack_model::<AB>(&examples, &config, device).unwrap();
    (config, trained)
}

#[test]
fn learned_stack_model_is_at_least_as_good_as_the_vote() {
    let device = Default::default();
    let (config, trained) = train_stack_on_40_templates(&device);
    let first = trained.losses[0];
    let last = *trained.losses.last().unwrap();
    assert!(last < first, "stack model loss did not decrease: {first} → {last}");

    let (mut vote, mut learned) = (Vec::new(), Vec::new());
    for seed in 1..=6 {
        let (template, reads) = simulated(seed);
        vote.push(identity(&template, &vote_consensus(&reads, &config.consensus).unwrap()));
        let recovered = learned_consensus(&trained.model, &reads, &config.consensus, &device).unwrap();
        learned.push(identity(&template, &recovered));
    }
    eprintln!("vote identities {vote:?}\nlearned identities {learned:?}");
    assert!(learned.iter().all(|&id| id >= 0.95), "learned identities {learned:?}");
    assert!(mean(&learned) >= mean(&vote), "learned {:.4} < vote {:.4}", mean(&learned), mean(&vote));
}

#[test]
fn greedy_decode_starts_at_the_marker_and_stops_at_the_end_or_max_len() {
    let device = Default::default();
    let (_, reads) = simulated(3);
    let config = NextSymbolTrainConfig {
        train: DenoiseTrainConfig { epochs: 3, ..DenoiseTrainConfig::default() },
        ..NextSymbolTrainConfig::default()
    };
    let trained = train_next_symbol::<AB>(&reads, &config, &device).unwrap();
    assert!(trained.losses[2] < trained.losses[0], "loss did not decrease: {:?}", trained.losses);
    assert!(trained.losses[2] < (6.0f64).ln(), "no better than uniform: {:?}", trained.losses);
    for max_len in [5, TEMPLATE_LEN] {
        let out = greedy_decode(&trained.model, max_len, &device);
        assert_eq!(out[0], b'<');
        assert!(out.len() <= max_len && !out.is_empty());
        assert!(out.last() == Some(&b'>') || out.len() == max_len, "{}", String::from_utf8_lossy(&out));
        assert!(out[1..].iter().all(|s| SYMBOLS[1..].contains(s)), "a '<' after the start");
        assert!(!out[..out.len() - 1].contains(&b'>'), "decoding went on after '>'");
    }
}

/// `n` one-hot sequences of length `len`, half GC-rich (p(G or C) = 0.7, label 1), half AT-rich (0.3).
fn gc_dataset(n: usize, len: usize, seed: u64) -> Dataset {
    use rand::Rng;
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let (mut x, mut y) = (vec![0.0f32; n * 4 * len], Vec::with_capacity(n));
    for i in 0..n {
        let gc_rich = i % 2 == 0;
        let p_gc = if gc_rich { 0.7 } else { 0.3 };
        for pos in 0..len {
            let strong = rng.random::<f64>() < p_gc;
            let channel = if strong { 1 + rng.random_range(0..2) } else { 3 * rng.random_range(0..2) };
            x[i * 4 * len + channel * len + pos] = 1.0;
        }
        y.push(if gc_rich { 1.0 } else { 0.0 });
    }
    Dataset::new(x, y, len, 1, (0..n).map(|i| format!("s{i}")).collect()).expect("consistent dataset")
}

#[test]
fn lstm_classifier_learns_gc_content_through_the_common_fit_loop() {
    use burn::module::AutodiffModule;
    let device = Default::default();
    let (train, test) = (gc_dataset(400, 20, 11), gc_dataset(200, 20, 12));
    let cfg = LstmClassifierConfig { hidden: 16, dropout: 0.0, outputs: 1, head: Head::Sigmoid, ..Default::default() };
    let model = cfg.init::<AB>(&device, 1).unwrap();
    let fit_cfg = seq_train::FitConfig { progress: false, ..seq_train::FitConfig::new(15) };
    let (model, history) =
        seq_train::fit(model, &seq_train::OptimizerConfig::adam(), &train, None, &fit_cfg, &device).unwrap();
    let losses: Vec<f64> = history.epochs.iter().map(|e| e.train_loss).collect();
    assert!(losses.last().unwrap() < &losses[0], "loss did not decrease: {losses:?}");
    let p = seq_train::predict(&model.valid(), &test, 64, &device).unwrap();
    let correct = p.iter().zip(&test.y).filter(|(p, y)| (**p > 0.5) == (**y > 0.5)).count();
    // Bayes accuracy is P(Bin(20, 0.7) > 10) ≈ 0.95; chance is 0.5. With 200 test sequences the binomial
    // standard error is ≈ 0.016, so 0.85 leaves > 5 SE below the Bayes rate and ~20 SE above chance.
    eprintln!("LSTM classifier GC test accuracy {correct}/200, losses {losses:?}");
    assert!(correct as f64 / 200.0 >= 0.85, "test accuracy {}/200", correct);
}

#[test]
fn denoiser_training_is_reproducible_from_its_seed() {
    let device = Default::default();
    let examples: Vec<StackExample> = (0..4)
        .map(|seed| {
            let (template, reads) = simulated(seed);
            StackExample { reads, template }
        })
        .collect();
    let mut config = StackTrainConfig::default();
    config.train.epochs = 3;
    let a = train_stack_model::<AB>(&examples, &config, &device).unwrap();
    let b = train_stack_model::<AB>(&examples, &config, &device).unwrap();
    assert_eq!(a.losses, b.losses);
    config.train.seed = 1;
    let c = train_stack_model::<AB>(&examples, &config, &device).unwrap();
    assert_ne!(a.losses, c.losses);
}

#[test]
fn bad_reads_and_settings_are_clear_errors() {
    let device = Default::default();
    let reads = vec![b"ACGT".to_vec(), b"ACNGT".to_vec()];
    let err = vote_consensus(&reads, &ConsensusConfig::default()).unwrap_err();
    assert_eq!(err, DenoiseError::InvalidSymbol { read: 1, position: 2, symbol: 'N' });
    assert!(err.to_string().contains("read 1") && err.to_string().contains("position 2"));
    assert_eq!(vote_consensus::<Vec<u8>>(&[], &ConsensusConfig::default()).unwrap_err(), DenoiseError::NoReads);
    let zero_batch = NextSymbolTrainConfig {
        train: DenoiseTrainConfig { batch_size: 0, ..DenoiseTrainConfig::default() },
        ..NextSymbolTrainConfig::default()
    };
    assert!(matches!(train_next_symbol::<AB>(&[b"ACGT".to_vec()], &zero_batch, &device), Err(DenoiseError::Config(_))));
    assert!(matches!(train_stack_model::<AB>(&[], &StackTrainConfig::default(), &device), Err(DenoiseError::Data(_))));
}

/// The seed's method against seqdl's on the same reads (slow: 100 epochs as the seed; run with
/// `cargo test -p seqdl-tests --test denoiser -- --ignored --nocapture`).
#[test]
#[ignore]
fn report_seed_greedy_versus_consensus() {
    let device = Default::default();
    let (template, reads) = simulated(2026);
    for left_padded in [false, true] {
        let config = NextSymbolTrainConfig { left_padded, ..NextSymbolTrainConfig::default() };
        let start = Instant::now();
        let trained = train_next_symbol::<AB>(&reads, &config, &device).unwrap();
        let elapsed = start.elapsed();
        let decoded = greedy_decode(&trained.model, TEMPLATE_LEN, &device);
        let bases: Vec<u8> = decoded.iter().copied().filter(|b| b"ACGT".contains(b)).collect();
        eprintln!(
            "seed greedy (left_padded={left_padded}, {} epochs, {elapsed:.1?}, final loss {:.4}): identity {:.4}, {}",
            config.train.epochs,
            trained.losses.last().unwrap(),
            identity(&template, &bases),
            String::from_utf8_lossy(&decoded)
        );
    }
    let consensus = vote_consensus(&reads, &ConsensusConfig::default()).unwrap();
    eprintln!("vote consensus identity {:.4}", identity(&template, &consensus));
}

/// Vote against learned consensus over 50 held-out templates at 20 and at 8 reads (slow; `--ignored`).
#[test]
#[ignore]
fn report_vote_versus_learned_over_many_templates() {
    let device = Default::default();
    let (config, trained) = train_stack_on_40_templates(&device);
    for n_reads in [20, 8] {
        let (mut vote, mut learned) = (Vec::new(), Vec::new());
        for seed in 5000..5050 {
            let (template, reads) = simulated(seed);
            let reads = &reads[..n_reads];
            vote.push(identity(&template, &vote_consensus(reads, &config.consensus).unwrap()));
            learned.push(identity(
                &template,
                &learned_consensus(&trained.model, reads, &config.consensus, &device).unwrap(),
            ));
        }
        let exact = |v: &[f64]| v.iter().filter(|&&x| x == 1.0).count();
        let min = |v: &[f64]| v.iter().cloned().fold(1.0, f64::min);
        eprintln!(
            "{n_reads} reads, 50 templates: vote mean {:.5} min {:.4} exact {}/50; learned mean {:.5} min {:.4} exact {}/50",
            mean(&vote), min(&vote), exact(&vote), mean(&learned), min(&learned), exact(&learned)
        );
    }
}
