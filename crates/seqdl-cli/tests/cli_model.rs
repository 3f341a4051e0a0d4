//! The model commands driven as a user would: simulate → train → evaluate → predict → explain → filters →
//! logo on a small, easy simulation (CTCF in 100-nt sequences).

mod common;

use common::*;
use std::path::{Path, PathBuf};

#[test]
fn simulate_train_evaluate_predict_explain_filters_logo() {
    let dir = tempfile::tempdir().unwrap();
    let sim = dir.path().join("sim");
    let model = dir.path().join("model");
    let h5 = sim.join("dataset.h5");
    ok(&[
        "simulate",
        "single-motif",
        "--motif",
        "CTCF_known1",
        "--n-pos",
        "400",
        "--n-neg",
        "400",
        "--length",
        "100",
        "--seed",
        "3",
        "--out",
        s(&sim),
    ]);

    // train: the model folder holds everything later commands need, and the run's record
    ok(&[
        "train",
        "--h5",
        s(&h5),
        "--model",
        "seed000",
        "--epochs",
        "15",
        "--seed",
        "1",
        "--no-progress",
        "--out",
        s(&model),
    ]);
    for f in ["model.json", "model.mpk", "best.ckpt", "last.ckpt", "history.json", "history.csv", "training.json"] {
        assert!(model.join(f).is_file(), "{f} missing");
    }
    assert!(is_png(&model.join("learning_curves.png")));
    let history = json(&model.join("history.json"));
    assert_eq!(history["epochs"].as_array().unwrap().len(), 15);
    assert_eq!(std::fs::read_to_string(model.join("history.csv")).unwrap().lines().count(), 16);
    let record = json(&model.join("training.json"));
    assert_eq!(record["epochs_run"], 15);
    assert_eq!(json(&model.join("model.json"))["config"]["input_length"], 100);

    // evaluate: an easy simulation is learned well above chance; the confusion matrix counts the test split
    let eval = dir.path().join("eval");
    let table = ok(&["evaluate", "--model", s(&model), "--h5", s(&h5), "--out", s(&eval)]);
    assert!(table.contains("auroc"), "{table}");
    let metrics = json(&eval.join("metrics.json"));
    let auroc = metrics["metrics"]["auroc"].as_f64().unwrap();
    assert!(auroc > 0.8, "test auROC {auroc}");
    let test = seq_io::h5::read_dataset(&h5, "test", &Default::default()).unwrap();
    let counts: u64 = metrics["confusion"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r.as_array().unwrap())
        .map(|c| c.as_u64().unwrap())
        .sum();
    assert_eq!(counts as usize, test.n());
    assert_eq!(metrics["tasks"][0]["num_positives"].as_u64().unwrap() as usize, test.positives(0).len());
    assert!(is_png(&eval.join("confusion.png")));

    // predict: one row per test sequence, in file order, probabilities
    let tsv = dir.path().join("pred.tsv");
    ok(&["predict", "--model", s(&model), "--h5", s(&h5), "--out", s(&tsv)]);
    let text = std::fs::read_to_string(&tsv).unwrap();
    let rows: Vec<Vec<&str>> = text.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows[0], ["name", "task_0"]);
    assert_eq!(rows.len(), test.n() + 1);
    let probs: Vec<f32> = rows[1..].iter().map(|r| r[1].parse().unwrap()).collect();
    assert!(probs.iter().all(|p| (0.0..=1.0).contains(p)));
    assert!(rows[1..].iter().zip(&test.names).all(|(r, n)| r[0] == n));

    // explain: (N, 4, L) attributions of the top-scoring sequences; they concentrate on the embedded CTCF sites
    let ex = dir.path().join("explain");
    ok(&[
        "explain",
        "--model",
        s(&model),
        "--h5",
        s(&h5),
        "--method",
        "grad-input",
        "--max-sequences",
        "20",
        "--logos",
        "3",
        "--no-progress",
        "--out",
        s(&ex),
    ]);
    let attr = seq_io::h5::arrays::AttributionFile::read(&ex.join("attributions.h5")).unwrap();
    assert_eq!((attr.n(), attr.len(), attr.values.len(), attr.method.as_str()), (20, 100, 20 * 4 * 100, "grad-input"));
    check_with_h5py(&ex.join("attributions.h5"), 20, 100);
    let top = probs.iter().copied().fold(f32::MIN, f32::max);
    assert!(attr.predictions.iter().all(|&p| p <= top + 1e-6) && attr.predictions.contains(&top));
    let (mut inside, mut n_in, mut outside, mut n_out) = (0.0f64, 0usize, 0.0f64, 0usize);
    for i in 0..attr.n() {
        for p in 0..attr.len() {
            let v: f64 = (0..4).map(|b| f64::from(attr.sequence(i)[b * attr.len() + p].abs())).sum();
            if attr.input.annotations[i].iter().any(|a| a.contains(p)) {
                (inside, n_in) = (inside + v, n_in + 1);
            } else {
                (outside, n_out) = (outside + v, n_out + 1);
            }
        }
    }
    assert!(
        n_in > 0 && inside / n_in as f64 > 1.5 * outside / n_out as f64,
        "inside {inside}/{n_in}, outside {outside}/{n_out}"
    );
    let logos: Vec<PathBuf> = std::fs::read_dir(ex.join("logos")).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(logos.len(), 3);
    assert!(logos.iter().all(|p| is_png(p)));

    // ISM: the reference base never changes the output, so its column is exactly 0
    let ism = dir.path().join("ism");
    ok(&[
        "explain",
        "--model",
        s(&model),
        "--h5",
        s(&h5),
        "--method",
        "ism",
        "--max-sequences",
        "4",
        "--rank",
        "first",
        "--logos",
        "0",
        "--out",
        s(&ism),
    ]);
    let ism = seq_io::h5::arrays::AttributionFile::read(&ism.join("attributions.h5")).unwrap();
    assert_eq!(ism.input.names, test.names[..4]);
    let at_reference = ism.values.iter().zip(&ism.input.x).filter(|(_, &x)| x == 1.0);
    assert!(at_reference.clone().count() == 4 * 100 && at_reference.clone().all(|(v, _)| *v == 0.0));
    assert!(ism.values.iter().any(|v| *v != 0.0));

    // DeepLIFT against DragoNN's 40 % GC background: hypothetical contributions beside the contributions,
    // whose column sums they give at the present base; each sequence's convergence delta is in explained.tsv
    let dl = dir.path().join("deeplift");
    let dl_args = |extra: &[&str]| {
        let mut a = vec!["explain", "--model", s(&model), "--h5", s(&h5), "--method", "deeplift"];
        a.extend_from_slice(extra);
        a.extend_from_slice(&["--max-sequences", "6", "--logos", "0", "--out", s(&dl)]);
        a.into_iter().map(String::from).collect::<Vec<_>>()
    };
    let args = dl_args(&["--reference-gc", "0.4"]);
    ok(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let contrib = seq_io::h5::arrays::AttributionFile::read(&dl.join("attributions.h5")).unwrap();
    let hyp = seq_io::h5::arrays::AttributionFile::read(&dl.join("hypothetical.h5")).unwrap();
    assert_eq!((contrib.method.as_str(), hyp.method.as_str()), ("deeplift", "deeplift-hypothetical"));
    for ((c, h), x) in contrib.values.iter().zip(&hyp.values).zip(&contrib.input.x) {
        assert!((c - h * x).abs() <= 1e-5 * (1.0 + h.abs()), "contribution {c}, hypothetical {h}, one-hot {x}");
    }
    assert!(contrib.values.iter().any(|v| *v != 0.0));
    let index = std::fs::read_to_string(dl.join("explained.tsv")).unwrap();
    let mut lines = index.lines();
    assert_eq!(lines.next(), Some("index\tname\tprediction\tlabels\tdelta"));
    let deltas: Vec<f32> = lines.map(|l| l.rsplit('\t').next().unwrap().parse().unwrap()).collect();
    assert!(deltas.len() == 6 && deltas.iter().all(|d| d.abs() <= 1e-3), "{deltas:?}");
    for (extra, option) in
        [(&["--baseline", "shuffle"][..], "--baseline"), (&["--reference-gc", "1.5"][..], "--reference-gc")]
    {
        let args = dl_args(extra);
        let e = fails(&args.iter().map(String::as_str).collect::<Vec<_>>());
        assert!(e.contains(option), "{e}");
    }

    // filters: PFMs as MEME, logos, and CTCF (JASPAR MA0139.1) among the best matches
    let filt = dir.path().join("filters");
    let table = ok(&["filters", "--model", s(&model), "--h5", s(&h5), "--out", s(&filt)]);
    let pfms = seq_io::motif::read_motifs(&filt.join("filters.meme")).unwrap();
    assert!(!pfms.is_empty() && pfms.len() <= 24 && pfms.iter().all(|p| p.len() == 19));
    let matches = json(&filt.join("matches.json"));
    let best: Vec<&str> =
        matches["filters"].as_array().unwrap().iter().filter_map(|f| f["matches"][0]["motif"].as_str()).collect();
    assert!(best.contains(&"MA0139.1"), "best matches {best:?}\n{table}");
    assert!(is_png(&filt.join("filter_logos_0.png")));

    // logo: from the attribution file and from a motif file
    let png = dir.path().join("logo.png");
    ok(&[
        "logo",
        "--attributions",
        s(&ex.join("attributions.h5")),
        "--index",
        "1",
        "--window",
        "10:60",
        "--out",
        s(&png),
    ]);
    assert!(is_png(&png));
    let jaspar = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/jaspar/JASPAR_CORE_2016_vertebrates.meme");
    let png2 = dir.path().join("ctcf.png");
    ok(&["logo", "--motif-file", s(&jaspar), "--motif", "CTCF", "--out", s(&png2)]);
    assert!(is_png(&png2));

    // errors name the file or folder at fault
    let fasta = sim.join("sequences.fa");
    let e = fails(&["evaluate", "--model", s(&model), "--fasta", s(&fasta)]);
    assert!(e.contains("sequences.fa") && e.contains("no labels"), "{e}");
    let e = fails(&["evaluate", "--model", s(&dir.path().join("no_model")), "--h5", s(&h5)]);
    assert!(e.contains("no_model") && e.contains("model.json"), "{e}");
    let e = fails(&["explain", "--model", s(&model), "--h5", s(&dir.path().join("absent.h5")), "--out", s(&ex)]);
    assert!(e.contains("absent.h5"), "{e}");
    let e = fails(&["logo", "--attributions", s(&ex.join("attributions.h5")), "--index", "99", "--out", s(&png)]);
    assert!(e.contains("attributions.h5") && e.contains("99"), "{e}");
    let e = fails(&["train", "--h5", s(&h5), "--model", "seed00", "--out", s(&dir.path().join("m2"))]);
    assert!(e.contains("seed00") && e.contains("seed000_regularized"), "{e}");
    let bad = dir.path().join("bad.toml");
    std::fs::write(
        &bad,
        "input_length = 100\noutputs = 1\nhead = \"Sigmoid\"\n[[features]]\nlayer = \"convolution\"\n",
    )
    .unwrap();
    let e = fails(&["train", "--h5", s(&h5), "--model", s(&bad), "--out", s(&dir.path().join("m3"))]);
    assert!(e.contains("bad.toml") && e.contains("line 5"), "{e}");
    let e = fails(&[
        "filters",
        "--model",
        s(&model),
        "--h5",
        s(&h5),
        "--motifs",
        s(&dir.path().join("none.meme")),
        "--out",
        s(&filt),
    ]);
    assert!(e.contains("none.meme"), "{e}");
}
