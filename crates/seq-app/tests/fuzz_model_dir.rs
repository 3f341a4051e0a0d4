//! Fuzzing of the model folder (`ModelDir`: `model.json` + `model.mpk`) with a tiny CNN saved by the test:
//! a mutated `model.json`, and a truncated or bit-flipped `model.mpk` (with the JSON left as saved, or
//! re-signed with the damaged file's size and CRC-32 so that the record decoder itself is reached),
//! either load a model that predicts like the saved one or fail with an error — never a panic.
//! Cases per property: `SEQDL_FUZZ_CASES` (see `seq_testkit::fuzz`).

use std::path::Path;
use std::sync::OnceLock;

use burn::tensor::{Tensor, TensorData};
use proptest::prelude::*;
use seq_app::backend::Cpu;
use seq_app::ModelDir;
use seq_models::cnn::{Activation, CnnConfig, Padding};
use seq_models::{Cnn, Head, SequenceModel};
use seq_testkit::fuzz::{bit_flipped, config, mutated, truncated};

type B = Cpu;
const L: usize = 12;

/// The saved tiny model's files and its logits on a fixed input.
struct Saved {
    json: Vec<u8>,
    mpk: Vec<u8>,
    logits: Vec<f32>,
}

fn input() -> Tensor<B, 3> {
    let x = seq_testkit::random_onehot(2, L, 3);
    Tensor::from_data(TensorData::new(x, [2, 4, L]), &Default::default())
}

fn logits(model: &Cnn<B>) -> Vec<f32> {
    model.forward_logits(input()).into_data().to_vec::<f32>().expect("f32 logits")
}

fn saved() -> &'static Saved {
    static SAVED: OnceLock<Saved> = OnceLock::new();
    SAVED.get_or_init(|| {
        let device = Default::default();
        let cnn: Cnn<B> = CnnConfig::new(L, 2, Head::Sigmoid)
            .conv(3, 3, Padding::Valid, Activation::Relu)
            .max_pool(2)
            .dense(4, Activation::Relu, 0.0)
            .init::<B>(&device, 5)
            .expect("tiny CNN");
        let dir = tempfile::tempdir().expect("temp dir");
        let md = ModelDir::new(dir.path().join("m"));
        md.save::<B, Cnn<B>>(&cnn).expect("save the tiny model");
        let (weights, json) = md.model_files();
        Saved {
            json: std::fs::read(json).expect("model.json"),
            mpk: std::fs::read(weights).expect("model.mpk"),
            logits: logits(&cnn),
        }
    })
}

/// Writes a model folder and loads it; a loaded model with the saved configuration (`same_config`) gives
/// logits of the saved shape, exactly the saved ones when the weights are the saved bytes; an error must
/// name a file of the folder.
fn load_and_check(dir: &Path, json: &[u8], mpk: &[u8], same_config: bool) -> Result<(), TestCaseError> {
    let md = write_folder(dir, json, mpk);
    match md.load::<B, Cnn<B>>(&Default::default()) {
        Ok(model) => {
            // another architecture may expect another input length: only the saved one is run
            if same_config {
                let out = model.forward_logits(input()).into_data().to_vec::<f32>().expect("f32 logits");
                prop_assert_eq!(out.len(), saved().logits.len());
                if mpk == saved().mpk.as_slice() {
                    prop_assert_eq!(out, saved().logits.clone());
                }
            }
        }
        Err(e) => {
            let msg = e.to_string();
            prop_assert!(msg.contains("model.json") || msg.contains("model.mpk"), "error names no file: {msg}");
        }
    }
    if let Err(e) = md.config::<B, Cnn<B>>() {
        prop_assert!(e.to_string().contains("model.json"), "error names no file: {e}");
    }
    Ok(())
}

/// A model folder holding `json` as `model.json` and `mpk` as `model.mpk`.
fn write_folder(dir: &Path, json: &[u8], mpk: &[u8]) -> ModelDir {
    let md = ModelDir::new(dir.join("m"));
    std::fs::create_dir_all(md.path()).expect("model folder");
    let (weights, config) = md.model_files();
    std::fs::write(config, json).expect("write model.json");
    std::fs::write(weights, mpk).expect("write model.mpk");
    md
}

/// `model.json` with `weights` replaced by the size and CRC-32 of `mpk`.
fn resigned(mpk: &[u8]) -> Vec<u8> {
    let mut v: serde_json::Value = serde_json::from_slice(&saved().json).expect("saved JSON");
    v["weights"] = serde_json::json!({ "bytes": mpk.len(), "crc32": crc32fast::hash(mpk) });
    serde_json::to_vec_pretty(&v).expect("JSON")
}

/// `model.json` with one value replaced (numbers kept small: a mutated layer size must not need gigabytes).
fn json_value_mutation() -> impl Strategy<Value = Vec<u8>> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        (-3i64..40).prop_map(serde_json::Value::from),
        (-1.0f64..2.0).prop_map(serde_json::Value::from),
        "[A-Za-z_]{0,10}".prop_map(serde_json::Value::from),
        Just(serde_json::json!([])),
        Just(serde_json::json!({})),
    ];
    (any::<u32>(), leaf).prop_map(|(pick, leaf)| {
        let mut v: serde_json::Value = serde_json::from_slice(&saved().json).expect("saved JSON");
        let mut paths = Vec::new();
        collect_paths(&v, String::new(), &mut paths);
        let target = &paths[pick as usize % paths.len()];
        if let Some(slot) = v.pointer_mut(target) {
            *slot = leaf;
        }
        serde_json::to_vec_pretty(&v).expect("JSON")
    })
}

fn collect_paths(v: &serde_json::Value, at: String, out: &mut Vec<String>) {
    out.push(at.clone());
    match v {
        serde_json::Value::Object(m) => m.iter().for_each(|(k, c)| collect_paths(c, format!("{at}/{k}"), out)),
        serde_json::Value::Array(a) => {
            a.iter().enumerate().for_each(|(i, c)| collect_paths(c, format!("{at}/{i}"), out))
        }
        _ => {}
    }
}

#[test]
fn the_saved_folder_loads_the_same_model() {
    let dir = tempfile::tempdir().expect("temp dir");
    let md = write_folder(dir.path(), &saved().json, &saved().mpk);
    let model = md.load::<B, Cnn<B>>(&Default::default()).expect("the saved model loads");
    assert_eq!(logits(&model), saved().logits);
}

proptest! {
    #![proptest_config(config(600))]

    #[test]
    fn mutated_model_json_loads_or_fails(json in mutated(saved().json.clone(), 2)) {
        let dir = tempfile::tempdir().expect("temp dir");
        let same = serde_json::from_slice::<serde_json::Value>(&json).ok()
            == serde_json::from_slice::<serde_json::Value>(&saved().json).ok();
        load_and_check(dir.path(), &json, &saved().mpk, same)?;
    }

    #[test]
    fn model_json_with_a_value_replaced_loads_or_fails(json in json_value_mutation()) {
        let dir = tempfile::tempdir().expect("temp dir");
        load_and_check(dir.path(), &json, &saved().mpk, false)?;
    }

    #[test]
    fn damaged_weights_are_refused_by_their_checksum(
        mpk in prop_oneof![truncated(saved().mpk.clone()), bit_flipped(saved().mpk.clone(), 3)]
    ) {
        let dir = tempfile::tempdir().expect("temp dir");
        let md = write_folder(dir.path(), &saved().json, &mpk);
        let err = md.load::<B, Cnn<B>>(&Default::default()).expect_err("damaged weights must be refused");
        prop_assert!(err.to_string().contains("model.mpk"), "{err}");
    }

    #[test]
    fn damaged_weights_with_a_matching_checksum_load_or_fail(
        mpk in prop_oneof![truncated(saved().mpk.clone()), bit_flipped(saved().mpk.clone(), 3), mutated(saved().mpk.clone(), 3)]
    ) {
        let dir = tempfile::tempdir().expect("temp dir");
        load_and_check(dir.path(), &resigned(&mpk), &mpk, true)?;
    }
}

/// Found by a long fuzz run (`cargo xtask fuzz`, 20,000 cases): a record edited so that every shape
/// stays the same but a tensor carries fewer bytes than its shape needs. burn loaded it and the forward
/// pass indexed past the end; the load must refuse it, naming the weights file.
#[test]
fn weights_whose_data_does_not_fill_their_shape_are_refused() {
    let mpk =
        std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/short_tensor_data.mpk")).expect("fixture");
    let dir = tempfile::tempdir().expect("temp dir");
    let md = write_folder(dir.path(), &resigned(&mpk), &mpk);
    let err = md.load::<B, Cnn<B>>(&Default::default()).expect_err("short tensor data must be refused");
    let msg = err.to_string();
    assert!(msg.contains("model.mpk") && msg.contains("bytes of data for shape"), "{msg}");
}
