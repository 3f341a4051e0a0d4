//! `seqdl-bench`: seqdl's side of `../shared/bench/torch_reference.py`, the same four figures with the same
//! model (seed000 CNN on 200 nt), data logic, sizes and procedure, in sequences per second:
//!
//! - `train`: forward + BCE-with-logits + backward + Adam (lr 1e-3) step, batch 128, one epoch of `--n`
//!   sequences after a warm-up batch;
//! - `infer`: logits of batches of 1024 (read back to the host), after a warm-up batch;
//! - `saliency`: d logit / d input of batches of 128 (read back), 20 repetitions after a warm-up;
//! - `ism`: every non-identity substitution of `--ism-seqs` sequences (3·L variants each), reported as
//!   reference sequences per second, once through the generic batched ISM (batches of 1024 variants, as
//!   naive as the reference) and once through seqdl's fast incremental ISM (`seq_interpret::cnn_ism`);
//! - `deepshap`: (sequence, reference) pairs per second of `seq_interpret::deep_shap`, 8 random sequences × 20
//!   dinucleotide shuffles, 32 pairs per pass, on seed000/200 nt and `presets::deeper`/1,000 nt — the
//!   counterpart of `scripts/bench_tangermeme_deepshap.py` (best of 5 after a warm-up, as that script);
//! - `deeper`, `sdnn`, `lstm`: the model figures of `models.rs` (the counterparts of `benches/torch_models.py`).
//!
//! usage: `seqdl-bench [--threads 2] [--n 12800] [--ism-seqs 64]
//! [--only train,infer,saliency,ism,deepshap,deeper,sdnn,lstm] [--json]`

mod models;

use std::time::Instant;

use burn::module::{AutodiffModule, Module};
use burn::tensor::{Tensor, TensorData};
use seq_interpret::{ism, saliency, IsmOptions};
use seq_models::cnn::{presets, Cnn};
use seq_models::SequenceModel;
use seqdl::backend::{Cpu, Train};
use seqdl_benches::{make_data, LEN};

const INFER_BATCH: usize = 1024;
const SALIENCY_BATCH: usize = 128;
const SALIENCY_REPS: usize = 20;
const ISM_BATCH: usize = 1024;
/// Figures `--only` accepts.
const FIGURES: [&str; 8] = ["train", "infer", "saliency", "ism", "deepshap", "deeper", "sdnn", "lstm"];

struct Args {
    threads: usize,
    n: usize,
    ism_seqs: usize,
    json: bool,
    /// Figures to measure (`train`, `infer`, `saliency`, `ism`, `deepshap`); all by default.
    only: Vec<String>,
}

impl Args {
    fn wants(&self, figure: &str) -> bool {
        self.only.is_empty() || self.only.iter().any(|f| f == figure)
    }
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args { threads: 2, n: 12_800, ism_seqs: 64, json: false, only: Vec::new() };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = |name: &str| -> Result<usize, String> {
            let v = it.next().ok_or_else(|| format!("{name} needs a value"))?;
            v.parse().map_err(|_| format!("{name}: {v:?} is not a positive integer"))
        };
        match arg.as_str() {
            "--threads" => args.threads = value("--threads")?,
            "--n" => args.n = value("--n")?,
            "--ism-seqs" => args.ism_seqs = value("--ism-seqs")?,
            "--json" => args.json = true,
            "--only" => {
                let list = it.next().ok_or("--only needs a list of figures")?;
                args.only = list.split(',').map(str::to_string).collect();
                if let Some(bad) = args.only.iter().find(|f| !FIGURES.contains(&f.as_str())) {
                    return Err(format!("--only: unknown figure {bad:?} ({})", FIGURES.join(", ")));
                }
            }
            "-h" | "--help" => {
                println!(
                    "seqdl-bench [--threads 2] [--n 12800] [--ism-seqs 64] [--only {}] [--json]",
                    FIGURES.join(",")
                );
                std::process::exit(0);
            }
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    let batches_needed = INFER_BATCH.max(SALIENCY_BATCH * SALIENCY_REPS);
    if args.threads == 0 || args.n < batches_needed || args.ism_seqs == 0 || args.ism_seqs > args.n {
        return Err(format!("need --threads ≥ 1, --n ≥ {batches_needed} and 1 ≤ --ism-seqs ≤ --n"));
    }
    Ok(args)
}

/// Rows `start..start + rows` of a `(n, 4, LEN)` buffer.
fn rows(x: &[f32], start: usize, count: usize) -> &[f32] {
    &x[start * 4 * LEN..(start + count) * 4 * LEN]
}

fn bench_infer(model: &Cnn<Cpu>, x: &[f32], n: usize) -> f64 {
    let device = Default::default();
    let xt = Tensor::<Cpu, 3>::from_data(TensorData::new(x.to_vec(), [n, 4, LEN]), &device);
    let run = |b: usize| {
        let xb = xt.clone().slice([b * INFER_BATCH..(b + 1) * INFER_BATCH, 0..4, 0..LEN]);
        std::hint::black_box(model.forward_logits(xb).into_data());
    };
    run(0);
    let batches = n / INFER_BATCH;
    let t = Instant::now();
    for b in 0..batches {
        run(b);
    }
    (batches * INFER_BATCH) as f64 / t.elapsed().as_secs_f64()
}

fn bench_saliency(model: &Cnn<Train>, x: &[f32]) -> Result<f64, String> {
    let device = Default::default();
    let logits = |t| model.forward_logits(t);
    let run = |r: usize| -> Result<(), String> {
        let xb = rows(x, r * SALIENCY_BATCH, SALIENCY_BATCH);
        let grad = saliency::<Train, _>(&logits, xb, SALIENCY_BATCH, LEN, 0, SALIENCY_BATCH, &device);
        std::hint::black_box(grad.map_err(|e| e.to_string())?);
        Ok(())
    };
    run(0)?;
    let t = Instant::now();
    for r in 0..SALIENCY_REPS {
        run(r)?;
    }
    Ok((SALIENCY_REPS * SALIENCY_BATCH) as f64 / t.elapsed().as_secs_f64())
}

/// Naive and fast ISM throughput, and the largest difference between their attributions.
fn bench_ism(model: &Cnn<Cpu>, x: &[f32], seqs: usize) -> Result<(f64, f64, f64), String> {
    let device = Default::default();
    let xs = rows(x, 0, seqs);
    let logits = |t| model.forward_logits(t);
    let naive_opts = IsmOptions { batch_size: ISM_BATCH, ..Default::default() };
    let t = Instant::now();
    let naive = ism::<Cpu, _>(&logits, xs, seqs, LEN, &naive_opts, &device).map_err(|e| e.to_string())?;
    let naive_rate = seqs as f64 / t.elapsed().as_secs_f64();
    let t = Instant::now();
    let fast =
        seq_interpret::cnn_ism(model, xs, seqs, LEN, &IsmOptions::default(), &device).map_err(|e| e.to_string())?;
    let fast_rate = seqs as f64 / t.elapsed().as_secs_f64();
    let diff = naive.values.iter().zip(&fast.values).map(|(a, b)| (a - b).abs()).fold(0.0f32, f32::max);
    Ok((naive_rate, fast_rate, f64::from(diff)))
}

/// DeepSHAP pairs per second of `config` (best of 5 after a warm-up): 8 random one-hot sequences × 20
/// dinucleotide shuffles, 32 pairs per pass.
fn bench_deepshap(config: seq_models::CnnConfig) -> Result<f64, String> {
    use rand::{Rng, SeedableRng};
    const SEQUENCES: usize = 8;
    const SHUFFLES: usize = 20;
    let len = config.input_length;
    let model = config.init::<Cpu>(&Default::default(), 1).map_err(|e| e.to_string())?;
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
    let mut x = vec![0.0f32; SEQUENCES * 4 * len];
    for i in 0..SEQUENCES {
        for p in 0..len {
            x[(i * 4 + rng.random_range(0..4)) * len + p] = 1.0;
        }
    }
    let options = seq_interpret::DeepShapOptions {
        references: seq_interpret::References::Shuffles { count: SHUFFLES, seed: 0 },
        batch_size: 32,
        ..Default::default()
    };
    let run = || seq_interpret::deep_shap(&model, &x, SEQUENCES, len, &options).map_err(|e| e.to_string());
    run()?;
    let mut best = f64::INFINITY;
    for _ in 0..5 {
        let t = Instant::now();
        run()?;
        best = best.min(t.elapsed().as_secs_f64());
    }
    Ok((SEQUENCES * SHUFFLES) as f64 / best)
}

fn run(args: &Args) -> Result<serde_json::Value, String> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads)
        .build_global()
        .map_err(|e| format!("cannot set {} threads: {e}", args.threads))?;
    let say = |what: &str| {
        if !args.json {
            eprintln!("seqdl-bench: {what}");
        }
    };
    let (x, y, _) = make_data(args.n, 1);
    let device = Default::default();
    let model = presets::seed000(LEN).init::<Train>(&device, 42).map_err(|e| e.to_string())?;
    let mut out = serde_json::Map::new();
    let model = if args.wants("train") {
        say("training");
        let (model, train) = models::train_cnn(model, &x, &y, LEN);
        out.insert("train_seq_per_s".into(), train.into());
        model
    } else {
        model
    };
    let inference = model.valid();
    if args.wants("infer") {
        say("inference");
        out.insert("infer_seq_per_s".into(), bench_infer(&inference, &x, args.n).into());
    }
    if args.wants("saliency") {
        say("saliency");
        out.insert("saliency_seq_per_s".into(), bench_saliency(&model.clone().no_grad(), &x)?.into());
    }
    if args.wants("ism") {
        say("ISM");
        let (naive, fast, diff) = bench_ism(&inference, &x, args.ism_seqs)?;
        out.insert("ism_seq_per_s".into(), fast.into());
        out.insert("ism_naive_seq_per_s".into(), naive.into());
        out.insert("ism_fast_vs_naive_max_abs_diff".into(), diff.into());
    }
    if args.wants("deepshap") {
        say("DeepSHAP");
        out.insert("deepshap_seed000_pairs_per_s".into(), bench_deepshap(presets::seed000(LEN))?.into());
        out.insert("deepshap_deeper_pairs_per_s".into(), bench_deepshap(presets::deeper(1000))?.into());
    }
    if args.wants("deeper") {
        say("deeper CNN");
        let (train, infer, saliency) = models::deeper(&x, &y)?;
        out.insert("deeper_train_seq_per_s".into(), train.into());
        out.insert("deeper_infer_seq_per_s".into(), infer.into());
        out.insert("deeper_saliency_seq_per_s".into(), saliency.into());
    }
    if args.wants("sdnn") {
        say("3-layer SequenceDNN, 1,000 nt");
        out.insert("sdnn3_1kb_train_seq_per_s".into(), models::sequence_dnn()?.into());
    }
    if args.wants("lstm") {
        say("next-symbol LSTM");
        let (train, decode) = models::lstm()?;
        out.insert("lstm_train_windows_per_s".into(), train.into());
        out.insert("lstm_decode_symbols_per_s".into(), decode.into());
    }
    out.insert("backend".into(), std::any::type_name::<Cpu>().into());
    out.insert("threads".into(), args.threads.into());
    out.insert("n".into(), args.n.into());
    out.insert("ism_seqs".into(), args.ism_seqs.into());
    Ok(serde_json::Value::Object(out))
}

fn main() -> std::process::ExitCode {
    let result = parse_args().and_then(|args| run(&args).map(|r| (args.json, r)));
    match result {
        Ok((true, r)) => println!("{r}"),
        Ok((false, r)) => {
            if let Some(map) = r.as_object() {
                for (k, v) in map {
                    println!("{k}: {v}");
                }
            }
        }
        Err(e) => {
            eprintln!("seqdl-bench: {e}");
            return std::process::ExitCode::FAILURE;
        }
    }
    std::process::ExitCode::SUCCESS
}
