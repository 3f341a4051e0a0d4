//! Bad input is an error naming the file, dataset, record or option at fault, and leaves no output behind:
//! truncated and soft HDF5 files, model folders that do not fit their weights or the run resumed, corrupt
//! weights and checkpoints. (Runs, partial outputs, clamps and messages: `cli_bad_input_runs.rs`.)

mod common;

use common::*;
use std::path::{Path, PathBuf};

/// A small simulated dataset (80 sequences of 100 nt) in `dir/<name>`; returns its `dataset.h5`.
pub fn simulated(dir: &Path, name: &str, seed: u64) -> PathBuf {
    let out = dir.join(name);
    let seed = seed.to_string();
    ok(&[
        "simulate",
        "single-motif",
        "--motif",
        "TAL1_known4",
        "--n-pos",
        "40",
        "--n-neg",
        "40",
        "--length",
        "100",
        "--seed",
        &seed,
        "--out",
        s(&out),
    ]);
    out.join("dataset.h5")
}

/// A seed000 model trained for one epoch on `h5` into `dir/<name>`.
fn trained(dir: &Path, h5: &Path, name: &str) -> PathBuf {
    let out = dir.join(name);
    ok(&["train", "--h5", s(h5), "--epochs", "1", "--no-progress", "--out", s(&out)]);
    out
}

/// True when `dir` holds a temporary file of the atomic writer.
fn has_temp_files(dir: &Path) -> bool {
    std::fs::read_dir(dir).map(|r| r.flatten().any(|e| e.file_name().to_string_lossy().contains(".tmp-"))).unwrap()
}

#[test]
fn a_truncated_hdf5_file_is_an_error_naming_the_file_and_dataset() {
    let dir = tempfile::tempdir().unwrap();
    let h5 = simulated(dir.path(), "sim", 1);
    let bytes = std::fs::read(&h5).unwrap();
    let mut named_valid = false;
    for fraction in [0.3, 0.6, 0.7, 0.75] {
        let cut = dir.path().join(format!("cut{fraction}.h5"));
        std::fs::write(&cut, &bytes[..(bytes.len() as f64 * fraction) as usize]).unwrap();
        let out = dir.path().join(format!("m{fraction}"));
        let err = fails(&["train", "--h5", s(&cut), "--epochs", "1", "--no-progress", "--out", s(&out)]);
        assert!(err.contains(s(&cut)) && err.contains("HDF5"), "{err}");
        assert!(err.contains("reading \"") && (err.contains("_train") || err.contains("_valid")), "dataset: {err}");
        named_valid |= err.contains("_valid");
        assert!(!out.exists(), "no model folder after {err}");
    }
    assert!(named_valid, "an unreadable valid split is an error, not a silent drop");
}

#[test]
fn resume_with_another_architecture_says_what_differs() {
    let dir = tempfile::tempdir().unwrap();
    let h5 = simulated(dir.path(), "sim", 1);
    let model = trained(dir.path(), &h5, "m");
    let before = std::fs::read(model.join("model.json")).unwrap();
    let args = |out: &Path| {
        let v = ["train", "--h5", s(&h5), "--model", "deeper", "--epochs", "2", "--resume", "--no-progress"];
        let mut v: Vec<String> = v.iter().map(|a| a.to_string()).collect();
        v.extend(["--out".to_string(), s(out).to_string()]);
        v
    };
    let run = |out: &Path| fails(&args(out).iter().map(String::as_str).collect::<Vec<_>>());
    let err = run(&model);
    assert!(err.contains("--resume") && err.contains(s(&model)) && err.contains("features"), "{err}");
    assert_eq!(std::fs::read(model.join("model.json")).unwrap(), before, "the folder is left as it was");
    // killed before the model was saved: only the checkpoint and the training record say what it was
    std::fs::remove_file(model.join("model.json")).unwrap();
    std::fs::remove_file(model.join("model.mpk")).unwrap();
    let err = run(&model);
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.contains("another architecture (seed000)") && err.contains("features"), "{err}");
    assert!(!model.join("model.json").exists());
}

#[test]
fn an_edited_model_json_is_an_error_naming_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    let h5 = simulated(dir.path(), "sim", 1);
    let model = random_seed000(dir.path(), 100, 3);
    let original = json(&model.join("model.json"));
    type Edit = (&'static str, fn(&mut serde_json::Value));
    let edits: [Edit; 4] = [
        ("pool width", |v| v["config"]["features"][1]["width"] = 10.into()),
        ("outputs", |v| v["config"]["outputs"] = 3.into()),
        ("head", |v| v["config"]["head"] = "Linear".into()),
        ("one more dense layer", |v| {
            let layer = serde_json::json!({"units": 8, "activation": "relu", "dropout": 0.0});
            v["config"]["dense"].as_array_mut().unwrap().push(layer)
        }),
    ];
    for (what, edit) in edits {
        let mut v = original.clone();
        edit(&mut v);
        std::fs::write(model.join("model.json"), serde_json::to_string(&v).unwrap()).unwrap();
        let out = dir.path().join("pred.tsv");
        let err = fails(&["predict", "--model", s(&model), "--h5", s(&h5), "--out", s(&out)]);
        assert!(err.contains(s(&model)) && !err.contains("panicked"), "{what}: {err}");
        assert!(!out.exists(), "{what}: no predictions");
    }
}

#[test]
fn soft_hdf5_inputs_are_refused_by_index_unless_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let h5 = simulated(dir.path(), "sim", 1);
    let model = random_seed000(dir.path(), 100, 3);
    let mut splits = seq_io::h5::read_splits(&h5, &Default::default()).unwrap();
    let len = splits.test.len;
    for (k, value) in [0.5f32, 2.0, -1.0].into_iter().enumerate() {
        let soft = dir.path().join(format!("soft{k}.h5"));
        let mut s2 = splits.clone();
        s2.test.x[4 * len + 2 * len + 7] = value; // sequence 1, channel G, position 7
        seq_io::h5::write_splits(&soft, &s2).unwrap();
        let out = dir.path().join("pred.tsv");
        let err = fails(&["predict", "--model", s(&model), "--h5", s(&soft), "--out", s(&out)]);
        assert!(err.contains(s(&soft)) && err.contains("\"x_test\""), "{err}");
        assert!(err.contains("sequence 1, position 7") && err.contains("--allow-soft-inputs"), "{err}");
        assert!(!out.exists());
    }
    splits.train.x[3] = 0.25;
    let soft = dir.path().join("soft_train.h5");
    seq_io::h5::write_splits(&soft, &splits).unwrap();
    let out = dir.path().join("m");
    let err = fails(&["train", "--h5", s(&soft), "--epochs", "1", "--no-progress", "--out", s(&out)]);
    assert!(err.contains("\"x_train\"") && err.contains("sequence 0, position 3"), "{err}");
    assert!(!out.exists());
    let explained = dir.path().join("ex");
    let err = fails(&["explain", "--model", s(&model), "--h5", s(&soft), "--split", "train", "--out", s(&explained)]);
    assert!(err.contains("sequence 0, position 3") && !explained.exists(), "{err}");
    // asked for knowingly, the same file is read
    let pred = dir.path().join("soft.tsv");
    ok(&[
        "predict",
        "--model",
        s(&model),
        "--h5",
        s(&soft),
        "--split",
        "train",
        "--allow-soft-inputs",
        "--out",
        s(&pred),
    ]);
    assert!(pred.exists());
}

#[test]
fn train_refuses_an_existing_folder_and_a_resume_of_another_run() {
    let dir = tempfile::tempdir().unwrap();
    let h5 = simulated(dir.path(), "sim", 1);
    let model = trained(dir.path(), &h5, "m");
    let before = std::fs::read(model.join("model.mpk")).unwrap();
    let train = |extra: &[&str]| {
        let mut args = vec!["train", "--h5", s(&h5), "--epochs", "2", "--no-progress", "--out", s(&model)];
        args.extend_from_slice(extra);
        fails(&args)
    };
    let err = train(&[]);
    assert!(err.contains("--out") && err.contains(s(&model)) && err.contains("--resume"), "{err}");
    let err = train(&["--resume", "--lr", "0.01"]);
    assert!(err.contains("--resume") && err.contains("lr") && err.contains("0.01"), "{err}");
    let err = train(&["--resume", "--optimizer", "sgd"]);
    assert!(err.contains("another optimizer") && err.contains("sgd"), "{err}");
    let other = simulated(dir.path(), "sim2", 2);
    let err = fails(&["train", "--h5", s(&other), "--epochs", "2", "--resume", "--no-progress", "--out", s(&model)]);
    assert!(err.contains("other training data") && err.contains("hash"), "{err}");
    assert_eq!(std::fs::read(model.join("model.mpk")).unwrap(), before, "no refused run touched the model");
    assert!(!has_temp_files(&model));
}

#[test]
fn corrupt_weights_and_checkpoints_are_named_without_burn_internals() {
    let dir = tempfile::tempdir().unwrap();
    let h5 = simulated(dir.path(), "sim", 1);
    let model = trained(dir.path(), &h5, "m");
    let weights = model.join("model.mpk");
    let good = std::fs::read(&weights).unwrap();
    let out = dir.path().join("pred.tsv");
    for bad in [good[..good.len() / 3].to_vec(), good.iter().map(|b| b ^ 0x5a).collect::<Vec<u8>>()] {
        std::fs::write(&weights, &bad).unwrap();
        let err = fails(&["predict", "--model", s(&model), "--h5", s(&h5), "--out", s(&out)]);
        assert!(err.contains(&format!("corrupt or truncated weights file {}", s(&weights))), "{err}");
        assert!(!out.exists());
    }
    std::fs::write(&weights, &good).unwrap();
    // a checkpoint whose model section is garbage of the right length
    let ckpt = model.join("last.ckpt");
    let mut bytes = std::fs::read(&ckpt).unwrap();
    let meta_len = u64::from_le_bytes(bytes[8..16].try_into().unwrap()) as usize;
    let model_start = 16 + meta_len + 8;
    bytes[model_start..model_start + 64].fill(0xc1);
    std::fs::write(&ckpt, &bytes).unwrap();
    let err = fails(&["train", "--h5", s(&h5), "--epochs", "2", "--resume", "--no-progress", "--out", s(&model)]);
    assert!(err.contains(&format!("corrupt or truncated weights file {}", s(&ckpt))), "{err}");
    for internal in ["Unknown(", "msgpack", "Load Record", "DeserializeError", "panicked"] {
        assert!(!err.contains(internal), "{internal}: {err}");
    }
    assert_eq!(std::fs::read(&weights).unwrap(), good);
}
