//! `seqdl train` from FASTA with a TOML configuration, early stopping and seeds; `--help` of every model command.

mod common;

use common::*;

#[test]
fn train_from_fasta_with_a_toml_config_and_early_stopping() {
    let dir = tempfile::tempdir().unwrap();
    let sim = dir.path().join("sim");
    ok(&[
        "simulate",
        "single-motif",
        "--motif",
        "CTCF_known1",
        "--n-pos",
        "150",
        "--n-neg",
        "150",
        "--length",
        "60",
        "--seed",
        "9",
        "--out",
        s(&sim),
    ]);
    let config = dir.path().join("cnn.toml");
    std::fs::write(
        &config,
        "input_length = 60\noutputs = 1\nhead = \"Sigmoid\"\n[[features]]\nlayer = \"conv\"\nfilters = 8\nwidth = 15\n\
         [[features]]\nlayer = \"global_max_pool\"\n",
    )
    .unwrap();
    let model = dir.path().join("model");
    let labels = sim.join("labels.tsv");
    // the simulation's labels.tsv is keyed by record name (a `.target`-style table)
    ok(&[
        "train",
        "--fasta",
        s(&sim.join("sequences.fa")),
        "--targets",
        s(&labels),
        "--model",
        s(&config),
        "--epochs",
        "40",
        "--patience",
        "2",
        "--lr",
        "0.01",
        "--no-progress",
        "--out",
        s(&model),
    ]);
    let history = json(&model.join("history.json"));
    let epochs = history["epochs"].as_array().unwrap();
    // 10% of the shuffled FASTA validates; early stopping ends the run and keeps the best epoch's weights
    assert!(epochs.iter().all(|e| e["valid_loss"].is_number()));
    let record = json(&model.join("training.json"));
    assert_eq!(record["fit"]["validation_split"], 0.1);
    assert!(epochs.len() < 40, "early stopping never fired");
    assert_eq!(history["stopped_epoch"].as_u64().unwrap() as usize, epochs.len());
    // the kept weights are those of the epoch with the lowest validation loss
    let losses: Vec<f64> = epochs.iter().map(|e| e["valid_loss"].as_f64().unwrap()).collect();
    let best = losses.iter().enumerate().min_by(|a, b| a.1.total_cmp(b.1)).unwrap().0 + 1;
    assert_eq!(history["restored_epoch"].as_u64().unwrap() as usize, best);
    assert_eq!(json(&model.join("model.json"))["config"]["features"][0]["filters"], 8);
    // the model folder alone is enough to predict the FASTA
    let out = ok(&["predict", "--model", s(&model), "--fasta", s(&sim.join("sequences.fa"))]);
    assert_eq!(out.lines().count(), 301);

    // the same seed gives the same model: identical predictions from two independent runs
    let run = |name: &str, seed: &str| {
        let m = dir.path().join(name);
        ok(&[
            "train",
            "--fasta",
            s(&sim.join("sequences.fa")),
            "--targets",
            s(&labels),
            "--model",
            "seed000",
            "--epochs",
            "2",
            "--seed",
            seed,
            "--no-progress",
            "--out",
            s(&m),
        ]);
        ok(&["predict", "--model", s(&m), "--fasta", s(&sim.join("sequences.fa")), "--logits"])
    };
    let (a, b, c) = (run("a", "5"), run("b", "5"), run("c", "6"));
    assert_eq!(a, b);
    assert_ne!(a, c, "another seed gives another model");
}

#[test]
fn every_model_command_has_help_with_examples() {
    for command in ["train", "evaluate", "predict", "explain", "filters", "logo", "denoise"] {
        let help = ok(&[command, "--help"]);
        assert!(help.contains("Examples:") && help.contains(&format!("seqdl {command}")), "{command}:\n{help}");
    }
    assert!(ok(&["explain", "--help"]).contains("h5py"));
}
