//! `cargo xtask bench [--repeats 3] [--n 12800] [--ism-seqs 64] [--threads 2] [--reference PATH]
//! [--python PATH] [--no-torch]`: seqdl against the PyTorch reference on the same machine, in the same
//! invocation.
//!
//! Builds `seqdl-bench` (benches/) with `--release`, then runs it and — when `PYTHON -c 'import torch'` works
//! (`--python`, default `python3`) — `../shared/bench/torch_reference.py`, and when it can also import
//! tangermeme, `scripts/bench_tangermeme_deepshap.py` (DeepSHAP pairs per second) — and
//! `benches/torch_models.py` (the deeper CNN, the 3-layer SequenceDNN and the next-symbol LSTM), alternating them
//! `--repeats` times with the same sizes and thread count. Prints, per figure, seqdl's and the reference's
//! throughput and the ratio seqdl/reference (min / median / max over the repeats; the ratio is taken within
//! each repeat) and writes every run to `target/bench/bench.json`. A reference that cannot run is reported as
//! skipped, and seqdl's numbers are still printed.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The figures compared: (label, seqdl key, reference key); DeepSHAP's reference is tangermeme's, the others
/// PyTorch's (the model figures from `benches/torch_models.py`).
const FIGURES: [(&str, &str, &str); 13] = [
    ("train (batch 128, Adam)", "train_seq_per_s", "train_seq_per_s"),
    ("infer (batch 1024)", "infer_seq_per_s", "infer_seq_per_s"),
    ("saliency (batch 128)", "saliency_seq_per_s", "saliency_seq_per_s"),
    ("ISM fast (seqdl::explain)", "ism_seq_per_s", "ism_seq_per_s"),
    ("ISM naive (batched 1024)", "ism_naive_seq_per_s", "ism_seq_per_s"),
    ("DeepSHAP seed000 (pairs/s)", "deepshap_seed000_pairs_per_s", "deepshap_seed000_pairs_per_s"),
    ("DeepSHAP deeper 1kb (pairs/s)", "deepshap_deeper_pairs_per_s", "deepshap_deeper_pairs_per_s"),
    ("deeper CNN train", "deeper_train_seq_per_s", "deeper_train_seq_per_s"),
    ("deeper CNN infer", "deeper_infer_seq_per_s", "deeper_infer_seq_per_s"),
    ("deeper CNN saliency", "deeper_saliency_seq_per_s", "deeper_saliency_seq_per_s"),
    ("3-layer SequenceDNN 1kb train", "sdnn3_1kb_train_seq_per_s", "sdnn3_1kb_train_seq_per_s"),
    ("LSTM train (windows/s)", "lstm_train_windows_per_s", "lstm_train_windows_per_s"),
    ("LSTM greedy decode (symbols/s)", "lstm_decode_symbols_per_s", "lstm_decode_symbols_per_s"),
];

/// Keys of the figures whose reference is `benches/torch_models.py`.
const MODEL_PREFIXES: [&str; 3] = ["deeper_", "sdnn3_", "lstm_"];

/// One repeat: seqdl's JSON line, and the references' (PyTorch, tangermeme, PyTorch models) when they ran.
struct Run {
    seqdl: String,
    torch: Option<String>,
    tangermeme: Option<String>,
    models: Option<String>,
}

impl Run {
    /// The reference line holding `key` (tangermeme's for the DeepSHAP figures).
    fn reference(&self, key: &str) -> Option<&str> {
        if key.starts_with("deepshap_") {
            self.tangermeme.as_deref()
        } else if MODEL_PREFIXES.iter().any(|p| key.starts_with(p)) {
            self.models.as_deref()
        } else {
            self.torch.as_deref()
        }
    }
}

struct Options {
    repeats: usize,
    n: usize,
    ism_seqs: usize,
    threads: usize,
    reference: PathBuf,
    python: String,
    torch: bool,
}

fn parse(root: &Path, args: &[String]) -> Result<Options, String> {
    let default_reference = root.parent().unwrap_or(root).join("shared/bench/torch_reference.py");
    let mut o = Options {
        repeats: 3,
        n: 12_800,
        ism_seqs: 64,
        threads: 2,
        reference: default_reference,
        python: "python3".into(),
        torch: true,
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{arg} needs a value"));
        let mut number = |name: &str| -> Result<usize, String> {
            let v = value()?;
            v.parse::<usize>().ok().filter(|&n| n > 0).ok_or_else(|| format!("{name}: {v:?} is not a positive integer"))
        };
        match arg.as_str() {
            "--repeats" => o.repeats = number("--repeats")?,
            "--n" => o.n = number("--n")?,
            "--ism-seqs" => o.ism_seqs = number("--ism-seqs")?,
            "--threads" => o.threads = number("--threads")?,
            "--reference" => o.reference = PathBuf::from(value()?),
            "--python" => o.python = value()?.clone(),
            "--no-torch" => o.torch = false,
            other => return Err(format!("bench: unknown argument {other:?}")),
        }
    }
    Ok(o)
}

/// Runs the comparison.
pub fn run(root: &Path, args: &[String]) -> Result<(), String> {
    let o = parse(root, args)?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(&cargo)
        .current_dir(root)
        .args(["build", "--release", "-p", "seqdl-benches", "--bin", "seqdl-bench"])
        .status()
        .map_err(|e| format!("cannot run {cargo}: {e}"))?;
    if !status.success() {
        return Err("building seqdl-bench failed".into());
    }
    let target = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root.join("target"));
    let binary = target.join("release/seqdl-bench");
    let torch = o.torch && imports(&o.python, "torch") && o.reference.is_file();
    if !torch {
        println!(
            "PyTorch reference skipped ({})",
            if o.torch { "python cannot import torch, or the reference script is missing" } else { "--no-torch" }
        );
    }
    let tangermeme_script = root.join("scripts/bench_tangermeme_deepshap.py");
    let tangermeme = torch && imports(&o.python, "tangermeme") && tangermeme_script.is_file();
    if torch && !tangermeme {
        println!("tangermeme reference skipped (python cannot import tangermeme)");
    }
    let models_script = root.join("benches/torch_models.py");
    let sizes = [
        "--json".to_string(),
        "--threads".into(),
        o.threads.to_string(),
        "--n".into(),
        o.n.to_string(),
        "--ism-seqs".into(),
        o.ism_seqs.to_string(),
    ];
    let mut runs: Vec<Run> = Vec::new();
    for r in 0..o.repeats {
        eprintln!("bench: repeat {}/{}: seqdl", r + 1, o.repeats);
        let mut cmd = Command::new(&binary);
        cmd.args(&sizes).env("RAYON_NUM_THREADS", o.threads.to_string());
        let seqdl = json_line(cmd)?;
        let python = |script: &Path, args: &[String]| {
            let mut cmd = Command::new(&o.python);
            cmd.arg(script).args(args).env("OMP_NUM_THREADS", o.threads.to_string());
            json_line(cmd)
        };
        let torch_line = if torch {
            eprintln!("bench: repeat {}/{}: PyTorch", r + 1, o.repeats);
            // The shared reference knows the first four figures only.
            Some(python(&o.reference, &sizes)?)
        } else {
            None
        };
        let tangermeme_line = if tangermeme {
            eprintln!("bench: repeat {}/{}: tangermeme", r + 1, o.repeats);
            Some(python(&tangermeme_script, &["--threads".into(), o.threads.to_string()])?)
        } else {
            None
        };
        let models_line = if torch && models_script.is_file() {
            eprintln!("bench: repeat {}/{}: PyTorch models", r + 1, o.repeats);
            Some(python(&models_script, &sizes[..5])?)
        } else {
            None
        };
        runs.push(Run { seqdl, torch: torch_line, tangermeme: tangermeme_line, models: models_line });
    }
    let report = summarise(&runs)?;
    let out_dir = target.join("bench");
    std::fs::create_dir_all(&out_dir).map_err(|e| format!("{}: {e}", out_dir.display()))?;
    let path = out_dir.join("bench.json");
    let runs_json: Vec<String> = runs
        .iter()
        .map(|r| {
            let or_null = |v: &Option<String>| v.clone().unwrap_or_else(|| "null".into());
            format!(
                "{{\"seqdl\": {}, \"torch\": {}, \"tangermeme\": {}, \"models\": {}}}",
                r.seqdl,
                or_null(&r.torch),
                or_null(&r.tangermeme),
                or_null(&r.models)
            )
        })
        .collect();
    let json = format!(
        "{{\"repeats\": {}, \"n\": {}, \"ism_seqs\": {}, \"threads\": {}, \"torch\": {torch}, \"figures\": {{{}}}, \"runs\": [{}]}}\n",
        o.repeats,
        o.n,
        o.ism_seqs,
        o.threads,
        report.join(", "),
        runs_json.join(", ")
    );
    std::fs::write(&path, json).map_err(|e| format!("{}: {e}", path.display()))?;
    println!("wrote {}", path.display());
    Ok(())
}

/// Whether `python` can import `module`.
fn imports(python: &str, module: &str) -> bool {
    Command::new(python).args(["-c", &format!("import {module}")]).output().map(|o| o.status.success()).unwrap_or(false)
}

/// Runs `cmd` and returns the last line of its standard output that looks like a JSON object.
fn json_line(mut cmd: Command) -> Result<String, String> {
    let what = format!("{cmd:?}");
    let out = cmd.output().map_err(|e| format!("cannot run {what}: {e}"))?;
    if !out.status.success() {
        return Err(format!("{what} failed: {}", String::from_utf8_lossy(&out.stderr).trim()));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with('{') && l.ends_with('}'))
        .map(str::to_string)
        .ok_or_else(|| format!("{what} printed no JSON line"))
}

/// The number after `"key":` in a flat JSON object.
fn json_number(line: &str, key: &str) -> Option<f64> {
    let at = line.find(&format!("\"{key}\""))? + key.len() + 2;
    let rest = line[at..].trim_start().strip_prefix(':')?.trim_start();
    let end = rest.find(|c: char| !(c.is_ascii_digit() || "+-.eE".contains(c))).unwrap_or(rest.len());
    rest[..end].parse().ok()
}

/// `(min, median, max)`; the median of an even count is the mean of the middle two.
fn stats(values: &mut [f64]) -> (f64, f64, f64) {
    values.sort_by(f64::total_cmp);
    let k = values.len();
    let median = if k % 2 == 1 { values[k / 2] } else { (values[k / 2 - 1] + values[k / 2]) / 2.0 };
    (values[0], median, values[k - 1])
}

fn stats_json((min, median, max): (f64, f64, f64)) -> String {
    format!("{{\"min\": {min:.4}, \"median\": {median:.4}, \"max\": {max:.4}}}")
}

/// Prints the table and returns the JSON members `"figure": {...}`.
fn summarise(runs: &[Run]) -> Result<Vec<String>, String> {
    println!(
        "\n{:<30} {:>30} {:>30} {:>26}",
        "figure (seq/s)", "seqdl median [min, max]", "reference median [min, max]", "seqdl/reference"
    );
    let fmt = |(min, med, max): (f64, f64, f64)| format!("{med:>10.1} [{min:.1}, {max:.1}]");
    let mut members = Vec::new();
    for (label, ours, theirs) in FIGURES {
        let number = |line: &str, key: &str| json_number(line, key).ok_or_else(|| format!("no {key} in {line}"));
        let mut s: Vec<f64> = runs.iter().map(|r| number(&r.seqdl, ours)).collect::<Result<_, _>>()?;
        let mut member =
            format!("\"{ours}\": {{\"label\": \"{label}\", \"seqdl\": {}", stats_json(stats(&mut s.clone())));
        let references: Option<Vec<&str>> = runs.iter().map(|r| r.reference(theirs)).collect();
        if let Some(references) = references.filter(|r| !r.is_empty()) {
            let t: Vec<f64> = references.iter().map(|r| number(r, theirs)).collect::<Result<_, _>>()?;
            let mut ratio: Vec<f64> = runs.iter().enumerate().map(|(i, _)| s[i] / t[i]).collect();
            let (ts, rs) = (stats(&mut t.clone()), stats(&mut ratio));
            println!(
                "{label:<30} {:>30} {:>30} {:>8.2}× [{:.2}, {:.2}]",
                fmt(stats(&mut s)),
                fmt(ts),
                rs.1,
                rs.0,
                rs.2
            );
            member.push_str(&format!(", \"torch\": {}, \"ratio\": {}", stats_json(ts), stats_json(rs)));
        } else {
            println!("{label:<30} {:>30} {:>30} {:>26}", fmt(stats(&mut s)), "skipped", "—");
        }
        members.push(member + "}");
    }
    Ok(members)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_numbers_from_a_json_line() {
        let line = r#"{"train_seq_per_s": 17901.6, "ism_seq_per_s": 1.5e3, "torch": "2.15.0"}"#;
        assert_eq!(json_number(line, "train_seq_per_s"), Some(17901.6));
        assert_eq!(json_number(line, "ism_seq_per_s"), Some(1500.0));
        assert_eq!(json_number(line, "torch"), None);
        assert_eq!(json_number(line, "infer_seq_per_s"), None);
    }

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(stats(&mut [3.0, 1.0, 2.0]), (1.0, 2.0, 3.0));
        assert_eq!(stats(&mut [4.0, 1.0, 2.0, 3.0]), (1.0, 2.5, 4.0));
    }
}
