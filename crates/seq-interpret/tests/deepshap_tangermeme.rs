//! seqdl's DeepSHAP against tangermeme 1.6.0 `deep_lift_shap` on the same weights and references, and the
//! PyTorch rebuild's logits against seqdl's. Fixtures: `cargo run -p seq-interpret --example
//! deepshap_fixtures` (weights, sequences, references), then `scripts/fixtures_deepshap.py` (tangermeme).

use std::path::PathBuf;

use burn::backend::Flex;
use burn::tensor::{Tensor, TensorData};
use seq_interpret::deeplift::{deep_shap, DeepLiftNet, DeepShapOptions, References};
use seq_io::onehot::encode;
use seq_io::UnknownPolicy;
use seq_models::interop::import_state_dict;
use seq_models::{Cnn, CnnConfig, SequenceModel};
use serde::Deserialize;

const PRESETS: [&str; 3] = ["seed000", "seed000_deep", "dragonn_three_layers"];

#[derive(Deserialize)]
struct Inputs {
    config: CnnConfig,
    target: usize,
    sequences: Vec<String>,
    references: Vec<Vec<String>>,
}

#[derive(Deserialize)]
struct Tangermeme {
    logits: Vec<f32>,
    hypothetical: Vec<f32>,
    projected: Vec<f32>,
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures")).join(name)
}

fn read<T: for<'de> Deserialize<'de>>(name: &str) -> T {
    let text = std::fs::read_to_string(fixture(name)).expect("fixture present");
    serde_json::from_str(&text).expect("fixture parses")
}

fn one_hot(sequences: &[String]) -> Vec<f32> {
    sequences.iter().flat_map(|s| encode(s.as_bytes(), UnknownPolicy::Strict, "fixture").expect("ACGT")).collect()
}

/// max |a − b| / max |b|.
fn relative(a: &[f32], b: &[f32]) -> f32 {
    assert_eq!(a.len(), b.len());
    let scale = b.iter().fold(0.0f32, |m, v| m.max(v.abs()));
    assert!(scale > 0.0, "reference values are all zero");
    a.iter().zip(b).map(|(a, b)| (a - b).abs()).fold(0.0f32, f32::max) / scale
}

fn load(name: &str) -> (Inputs, Cnn<Flex>) {
    let inputs: Inputs = read(&format!("deepshap_{name}.json"));
    let model = import_state_dict::<Flex>(
        &inputs.config,
        &fixture(&format!("deepshap_{name}.safetensors")),
        &Default::default(),
    )
    .expect("weights load");
    (inputs, model)
}

#[test]
fn deepshap_equals_tangermeme_on_three_presets() {
    for name in PRESETS {
        let (inputs, model) = load(name);
        let expected: Tangermeme = read(&format!("deepshap_{name}_tangermeme.json"));
        let (n, len) = (inputs.sequences.len(), inputs.config.input_length);
        let count = inputs.references[0].len();
        let refs: Vec<String> = inputs.references.concat();
        let options = DeepShapOptions {
            target: inputs.target,
            references: References::PerSequence { values: one_hot(&refs), count },
            batch_size: 16,
            ..Default::default()
        };
        let out = deep_shap(&model, &one_hot(&inputs.sequences), n, len, &options).expect("DeepSHAP runs");
        let hyp = relative(&out.hypothetical.values, &expected.hypothetical);
        let proj = relative(&out.projected.values, &expected.projected);
        println!("{name}: relative difference hypothetical {hyp:.2e}, projected {proj:.2e}");
        assert!(hyp <= 1e-4, "{name}: hypothetical contributions differ by {hyp:e} (relative)");
        assert!(proj <= 1e-4, "{name}: attributions differ by {proj:e} (relative)");
        for i in 0..n {
            assert!(out.deltas[i].abs() <= 1e-4 * (out.logits[i] - out.reference_logits[i]).abs().max(1e-3), "{name}");
        }
    }
}

#[test]
fn the_pytorch_rebuild_computes_seqdls_logits() {
    for name in PRESETS {
        let (inputs, model) = load(name);
        let expected: Tangermeme = read(&format!("deepshap_{name}_tangermeme.json"));
        let (n, len) = (inputs.sequences.len(), inputs.config.input_length);
        let x =
            Tensor::<Flex, 3>::from_data(TensorData::new(one_hot(&inputs.sequences), [n, 4, len]), &Default::default());
        let ours = model.forward_logits(x.clone()).into_data().to_vec::<f32>().expect("f32");
        let pass = DeepLiftNet::new(&model)
            .expect("covered")
            .logits(x)
            .expect("pass")
            .into_data()
            .to_vec::<f32>()
            .expect("f32");
        assert_eq!(ours.len(), expected.logits.len());
        for ((a, p), t) in ours.iter().zip(&pass).zip(&expected.logits) {
            assert!((a - t).abs() <= 1e-5 * t.abs().max(1.0), "{name}: seqdl {a} vs PyTorch {t}");
            assert!((p - t).abs() <= 1e-5 * t.abs().max(1.0), "{name}: DeepLIFT pass {p} vs PyTorch {t}");
        }
    }
}

#[test]
fn a_pytorch_pickle_loads_to_the_same_weights() {
    let name = "dragonn_three_layers";
    let (inputs, from_safetensors) = load(name);
    let from_pt =
        import_state_dict::<Flex>(&inputs.config, &fixture(&format!("deepshap_{name}.pt")), &Default::default())
            .expect(".pt loads");
    let (n, len) = (inputs.sequences.len(), inputs.config.input_length);
    let x = Tensor::<Flex, 3>::from_data(TensorData::new(one_hot(&inputs.sequences), [n, 4, len]), &Default::default());
    let a = from_safetensors.forward_logits(x.clone()).into_data().to_vec::<f32>().expect("f32");
    let b = from_pt.forward_logits(x).into_data().to_vec::<f32>().expect("f32");
    assert_eq!(a, b);
    for i in 0..from_pt.num_convs() {
        assert_eq!(from_pt.conv_weights(i), from_safetensors.conv_weights(i));
    }
}
