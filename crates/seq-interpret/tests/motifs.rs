//! Known-answer tests of seq-interpret's motif side: first-layer filters to PFMs, Pearson comparison over
//! offsets and strands, ranking against a JASPAR file, MEME output, and ground-truth scoring.

use burn::backend::Flex;
use burn::tensor::{Tensor, TensorData};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use seq_interpret::figures::{
    attribution_heatmap, attribution_logo, filter_logos, ism_heatmap, pfm_logo, pfm_logo_heights, saliency_bars,
};
use seq_interpret::groundtruth::{position_importance, top_positions};
use seq_interpret::{
    activation_pfms, auroc, central_window, compare_pfms, motif_auroc, rank_motifs, top_k_in_motifs, top_k_in_window,
    write_filters_meme, Attribution, FirstLayer, IsmOptions, Reduce,
};
use seq_io::motif::{read_motifs, MotifSet};
use seq_io::{Annotation, Pfm, Strand};
use seq_models::cnn::presets;
use seq_testkit::data_path;

fn ctcf() -> Pfm {
    read_motifs(&data_path("jaspar/MA0139.1.jaspar")).unwrap().remove(0)
}

/// Draws a base index from a probability row.
fn sample_base(rng: &mut ChaCha8Rng, probs: &[f64; 4]) -> usize {
    let u: f64 = rng.random();
    let mut acc = 0.0;
    for (b, p) in probs.iter().enumerate() {
        acc += p;
        if u < acc {
            return b;
        }
    }
    3
}

/// `n` uniform random sequences of length `len`; every other one gets a sampled instance of `pfm` at a
/// random position (recorded as an annotation).
fn embedded_set(pfm: &Pfm, n: usize, len: usize, seed: u64) -> (Vec<f32>, Vec<Vec<Annotation>>) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut x = vec![0.0f32; n * 4 * len];
    let mut annotations = vec![Vec::new(); n];
    for i in 0..n {
        let mut bases: Vec<usize> = (0..len).map(|_| rng.random_range(0..4)).collect();
        if i % 2 == 0 {
            let start = rng.random_range(0..=len - pfm.len());
            for (k, row) in pfm.probs.iter().enumerate() {
                bases[start + k] = sample_base(&mut rng, row);
            }
            annotations[i].push(Annotation {
                name: pfm.name.clone(),
                start,
                end: start + pfm.len(),
                strand: Strand::Forward,
            });
        }
        for (p, &b) in bases.iter().enumerate() {
            x[(i * 4 + b) * len + p] = 1.0;
        }
    }
    (x, annotations)
}

/// A one-filter first layer holding a PFM's log-odds (bias 0).
fn pwm_layer(pfm: &Pfm) -> FirstLayer {
    let pwm = pfm.to_pwm([0.25; 4], 0.01);
    let w = pwm.len();
    let weights: Vec<f32> = (0..4).flat_map(|b| pwm.log_odds.iter().map(move |row| row[b] as f32)).collect();
    FirstLayer::new(weights, [1, 4, w], vec![0.0]).unwrap()
}

#[test]
fn a_filter_holding_a_known_pfm_is_recovered_by_the_activation_method() {
    let motif = ctcf();
    let (n, len) = (400, 100);
    let (x, _) = embedded_set(&motif, n, len, 7);
    let learned = activation_pfms(&pwm_layer(&motif), &x, n, len, 0.5).unwrap();
    let filter = &learned[0];
    let pfm = filter.pfm.as_ref().unwrap();
    let hit = compare_pfms(pfm, &motif, 10).unwrap();
    eprintln!("recovered CTCF: Pearson {:.4} from {} windows", hit.score, filter.windows);
    assert!(hit.score > 0.95, "Pearson {}", hit.score);
    assert_eq!((hit.offset, hit.strand, hit.overlap), (0, Strand::Forward, motif.len()));
    // Most of the 200 embedded instances exceed half the maximum; random windows hardly ever do.
    assert!((100..=260).contains(&filter.windows), "windows counted: {}", filter.windows);
}

#[test]
fn pearson_comparison_finds_the_offset_and_the_reverse_strand() {
    let motif = ctcf();
    let part = Pfm::from_probs("part", motif.probs[4..13].to_vec()).unwrap();
    let forward = compare_pfms(&part, &motif, 5).unwrap();
    assert!((forward.score - 1.0).abs() < 1e-9);
    assert_eq!((forward.offset, forward.strand, forward.overlap), (4, Strand::Forward, 9));
    let reverse = compare_pfms(&part.reverse_complement(), &motif, 5).unwrap();
    assert!((reverse.score - 1.0).abs() < 1e-9);
    assert_eq!((reverse.offset, reverse.strand), (4, Strand::Reverse));
    // A shifted target: a motif padded with two uniform columns in front moves the offset by two.
    let mut padded = vec![[0.25; 4]; 2];
    padded.extend(motif.probs.iter().copied());
    let shifted = compare_pfms(&part, &Pfm::from_probs("padded", padded).unwrap(), 5).unwrap();
    assert_eq!(shifted.offset, 6);
}

#[test]
fn ranking_against_jaspar_puts_the_source_motif_first() {
    let set = MotifSet::from_file(&data_path("jaspar/JASPAR_CORE_2016_vertebrates.meme")).unwrap();
    let motif = ctcf();
    let query = Pfm::from_probs("q", motif.probs[2..17].to_vec()).unwrap().reverse_complement();
    let ranked = rank_motifs(&query, &set, 8, 5);
    assert_eq!(ranked.len(), 5);
    assert_eq!(ranked[0].name, "MA0139.1");
    assert_eq!(ranked[0].hit.strand, Strand::Reverse);
    assert!(ranked.windows(2).all(|w| w[0].hit.score >= w[1].hit.score));
}

#[test]
fn filters_are_written_as_meme_and_read_back() {
    let motif = ctcf();
    let (x, _) = embedded_set(&motif, 60, 80, 3);
    let learned = activation_pfms(&pwm_layer(&motif), &x, 60, 80, 0.5).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("filters.meme");
    assert_eq!(write_filters_meme(&path, &learned).unwrap(), 1);
    let back = read_motifs(&path).unwrap();
    assert_eq!(back.len(), 1);
    assert_eq!(back[0].name, "filter0");
    assert_eq!(back[0].nsites, Some(learned[0].windows as f64));
    let original = learned[0].pfm.as_ref().unwrap();
    for (a, b) in back[0].probs.iter().zip(&original.probs) {
        assert!(a.iter().zip(b).all(|(p, q)| (p - q).abs() < 1e-6));
    }
}

#[test]
fn first_layer_activations_match_the_cnn_feature_maps() {
    let device = Default::default();
    let len = 60;
    let cnn = presets::seed000(len).init::<Flex>(&device, 5).unwrap();
    let (weights, dims) = cnn.conv_weights(0).unwrap();
    let layer = FirstLayer::new(weights, dims, cnn.conv_bias(0).unwrap()).unwrap();
    let (x, _) = embedded_set(&ctcf(), 2, len, 9);
    let ours = layer.activations(&x, 2, len).unwrap();
    let maps = cnn.conv_activations(Tensor::from_data(TensorData::new(x.clone(), [2, 4, len]), &device), 0).unwrap();
    let maps = maps.into_data().to_vec::<f32>().unwrap();
    let (filters, width) = (dims[0], dims[2]);
    let (positions, left) = (len - width + 1, (width - 1) / 2);
    for i in 0..2 {
        for f in 0..filters {
            for s in 0..positions {
                let mine = ours[(i * filters + f) * positions + s].max(0.0);
                let theirs = maps[(i * filters + f) * len + s + left];
                assert!((mine - theirs).abs() < 1e-4, "filter {f} window {s}: {mine} vs {theirs}");
            }
        }
    }
    let heights = layer.raw_weight_heights(3, true);
    assert_eq!(heights.len(), width);
    assert!(heights.iter().all(|c| c.iter().sum::<f32>().abs() < 1e-5));
    assert_eq!(layer.raw_weight_heights(3, false)[2][1], layer.weight(3, 1, 2));
}

#[test]
fn auroc_has_known_values() {
    assert_eq!(auroc(&[0.1, 0.2, 0.9, 0.8], &[false, false, true, true]), Some(1.0));
    assert_eq!(auroc(&[0.9, 0.8, 0.1, 0.2], &[false, false, true, true]), Some(0.0));
    assert_eq!(auroc(&[0.5; 4], &[false, true, false, true]), Some(0.5));
    // One positive (0.6) above 2 of 3 negatives: 2/3.
    assert!((auroc(&[0.7, 0.6, 0.5, 0.1], &[false, true, false, false]).unwrap() - 2.0 / 3.0).abs() < 1e-12);
    assert_eq!(auroc(&[0.1, 0.2], &[true, true]), None);
}

#[test]
fn ground_truth_scores_reward_attribution_on_the_motif() {
    let (n, len) = (3, 50);
    let mut values = vec![0.01f32; n * 4 * len];
    let annotations = vec![
        vec![Annotation { name: "m".into(), start: 10, end: 16, strand: Strand::Forward }],
        vec![Annotation { name: "m".into(), start: 30, end: 36, strand: Strand::Reverse }],
        vec![],
    ];
    // Sequence 0: strong (negative) attribution on its motif; sequence 1: strong attribution off-motif at the centre.
    for p in 10..16 {
        values[2 * len + p] = -1.0; // sequence 0, base G
    }
    for p in 22..28 {
        values[(4 + 1) * len + p] = 1.0;
    }
    let attr = Attribution::new(values, n, len).unwrap();
    assert_eq!(position_importance(&attr, 0, Reduce::Max)[12], 1.0);
    assert!((position_importance(&attr, 0, Reduce::Sum)[12] - 1.03).abs() < 1e-6);
    let aucs = motif_auroc(&attr, &annotations, Reduce::Max).unwrap();
    assert_eq!(aucs, vec![Some(1.0), Some(0.5 * 6.0 * 38.0 / (6.0 * 44.0)), None]);
    assert_eq!(top_positions(&attr, 0, 3, Reduce::Max), vec![10, 11, 12]);
    assert_eq!(top_k_in_motifs(&attr, &annotations, &[0, 1], 6, Reduce::Max).unwrap(), vec![1.0, 0.0]);
    let centre = central_window(len, 10);
    assert_eq!(centre, 20..30);
    assert_eq!(top_k_in_window(&attr, &[0, 1], &centre, 6, Reduce::Max).unwrap(), vec![0.0, 1.0]);
    assert!(top_k_in_motifs(&attr, &annotations, &[0], 0, Reduce::Max).is_err());
}

#[test]
fn a_certain_pfm_draws_one_two_bit_letter_per_column() {
    let certain = Pfm::from_probs(
        "certain",
        vec![[1.0, 0.0, 0.0, 0.0], [0.0, 0.0, 1.0, 0.0], [0.0, 0.0, 0.0, 1.0], [0.0, 1.0, 0.0, 0.0]],
    )
    .unwrap();
    for (column, (heights, row)) in pfm_logo_heights(&certain).iter().zip(&certain.probs).enumerate() {
        let letters = seq_plot::logo::stack_column(heights);
        assert_eq!(letters.len(), 1, "column {column}: {letters:?}");
        let base = row.iter().position(|&p| p == 1.0).unwrap();
        assert_eq!(letters[0].channel, base);
        assert!((letters[0].top - letters[0].bottom - 2.0).abs() < 1e-6 && letters[0].bottom == 0.0);
    }
}

/// Where figures go: `$SEQDL_FIGURE_DIR` when set (to look at them), else a temporary directory.
fn figure_dir() -> (Option<tempfile::TempDir>, std::path::PathBuf) {
    match std::env::var_os("SEQDL_FIGURE_DIR") {
        Some(dir) => {
            std::fs::create_dir_all(&dir).unwrap();
            (None, dir.into())
        }
        None => {
            let tmp = tempfile::tempdir().unwrap();
            let path = tmp.path().to_path_buf();
            (Some(tmp), path)
        }
    }
}

#[test]
fn figures_are_written_as_png() {
    let motif = ctcf();
    let (n, len) = (2, 100);
    let (x, annotations) = embedded_set(&motif, n, len, 13);
    let layer = pwm_layer(&motif);
    let device = Default::default();
    let weights: Tensor<Flex, 3> =
        Tensor::from_data(TensorData::new(layer.weights.clone(), [1, 4, layer.width]), &device);
    let scanner = move |t: Tensor<Flex, 3>| {
        let rows = t.dims()[0];
        burn::tensor::module::conv1d(t, weights.clone(), None, burn::tensor::ops::ConvOptions::new([1], [0], [1], 1))
            .max_dim(2)
            .reshape([rows, 1])
    };
    let effects = seq_interpret::ism::<Flex, _>(&scanner, &x, n, len, &IsmOptions::default(), &device).unwrap();
    let mean_effect: Vec<f32> = (0..len).map(|p| -(0..4).map(|b| effects.get(0, b, p)).sum::<f32>() / 3.0).collect();
    let (many, _) = embedded_set(&motif, 200, len, 14);
    let learned = activation_pfms(&layer, &many, 200, len, 0.5).unwrap();
    let (_keep, dir) = figure_dir();
    let files = ["pfm.png", "filters.png", "ism_logo.png", "ism_heatmap.png", "attr_heatmap.png", "bars.png"];
    pfm_logo(&dir.join(files[0]), &motif, "MA0139.1 CTCF").unwrap();
    filter_logos(&dir.join(files[1]), &learned, "first-layer filters").unwrap();
    let centred = seq_interpret::ism::<Flex, _>(
        &scanner,
        &x,
        n,
        len,
        &IsmOptions { centre: true, ..Default::default() },
        &device,
    )
    .unwrap();
    attribution_logo(&dir.join(files[2]), &centred, 0, 0..len, &annotations[0], "centred ISM, sequence 0").unwrap();
    ism_heatmap(&dir.join(files[3]), &effects, 0, 0..len, &annotations[0], "ISM, sequence 0").unwrap();
    attribution_heatmap(&dir.join(files[4]), &centred, 0, 0..len, &annotations[0], "centred ISM", "Δ logit − mean")
        .unwrap();
    saliency_bars(&dir.join(files[5]), &mean_effect, &annotations[0], "mean loss of score per position").unwrap();
    for f in files {
        let bytes = std::fs::read(dir.join(f)).unwrap();
        assert!(bytes.len() > 2000 && bytes.starts_with(b"\x89PNG"), "{f} is not a PNG");
    }
    assert!(attribution_logo(&dir.join("bad.png"), &effects, 0, 50..200, &[], "").is_err());
}

#[test]
fn ism_of_a_motif_scanner_scores_high_against_the_embedded_motifs() {
    let motif = ctcf();
    let (n, len) = (20, 120);
    let (x, annotations) = embedded_set(&motif, n, len, 21);
    let layer = pwm_layer(&motif);
    let device = Default::default();
    let weights: Tensor<Flex, 3> =
        Tensor::from_data(TensorData::new(layer.weights.clone(), [1, 4, layer.width]), &device);
    let scanner = move |t: Tensor<Flex, 3>| {
        let rows = t.dims()[0];
        burn::tensor::module::conv1d(t, weights.clone(), None, burn::tensor::ops::ConvOptions::new([1], [0], [1], 1))
            .max_dim(2)
            .reshape([rows, 1])
    };
    let effects = seq_interpret::ism::<Flex, _>(&scanner, &x, n, len, &IsmOptions::default(), &device).unwrap();
    let aucs = motif_auroc(&effects, &annotations, Reduce::Max).unwrap();
    let positives: Vec<usize> = (0..n).step_by(2).collect();
    assert!(positives.iter().all(|&i| aucs[i].is_some()) && (1..n).step_by(2).all(|i| aucs[i].is_none()));
    let mean = seq_interpret::groundtruth::mean_defined(&aucs).unwrap();
    assert!(mean > 0.95, "mean motif auROC {mean}");
    let inside = top_k_in_motifs(&effects, &annotations, &positives, 5, Reduce::Max).unwrap();
    let mean_inside = inside.iter().sum::<f64>() / inside.len() as f64;
    assert!(mean_inside > 0.9, "top-5 inside motif: {inside:?}");
    eprintln!("scanner ISM: mean auROC {mean:.3}, top-5 in motif {mean_inside:.3}");
}
