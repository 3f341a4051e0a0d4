//! Tutorial 7: variant effects near CTCF sites. The CTCF model of tutorial 6 (same dataset, same recipe,
//! fitted again into this section's folder) scores, through `seqdl variants`' pipeline
//! ([`seq_app::pipelines::variants`]):
//!
//! - the GIAB NA12878 calls of chr20:10.0–10.1 Mb and the 1000 Genomes chr20 indels (chromosome `20`, read
//!   through the `add-chr` alias): every record must be scored or skipped with a reason, with no REF
//!   mismatch against the genome;
//! - designed substitutions at the 20 test peaks the model scores highest: every alternative base at each
//!   core position (information content ≥ 1 bit) of the peak's best MA0139.1 match, and at positions 50–80
//!   bp from that match. Breaking the core must move the logit at least 5× more, on average, than the
//!   distant substitutions.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

use seq_app::backend::Cpu;
use seq_app::pipelines::dataset::SplitName;
use seq_app::pipelines::variants::{variants, Score, VariantOptions, VariantRun};
use seq_models::Cnn;
use seq_motifs::fimo::{FimoMotif, FimoOptions};
use seq_train::predict_rc_averaged;
use serde::Serialize;

use crate::fitting::reload_check;
use crate::genome::{ctcf_dataset, fit_ctcf_model, SHIFT};
use crate::report::write_json;
use crate::{Check, Context, Error, Result, Threshold, TutorialReport};

/// Test peaks whose sites are mutated.
const TOP_PEAKS: usize = 20;
/// Core columns: information content at least this (bits).
const CORE_BITS: f64 = 1.0;
/// Distances (bp) from the nearest base of the match at which distant substitutions are placed.
const FAR: std::ops::RangeInclusive<usize> = 50..=80;
/// Distant positions per peak (every 3rd of each flank's range, both flanks).
const FAR_STEP: usize = 3;

/// The numbers written to `variants.json`.
#[derive(Debug, Serialize)]
struct Numbers {
    giab: RunNumbers,
    indels_1kg: RunNumbers,
    peaks_mutated: usize,
    core_substitutions: usize,
    distant_substitutions: usize,
    mean_abs_effect_core: f64,
    mean_abs_effect_distant: f64,
    ratio: f64,
    best_match_pvalues: Vec<f64>,
}

/// What one VCF run scored and skipped.
#[derive(Debug, Serialize)]
struct RunNumbers {
    records: u64,
    alleles: u64,
    scored: u64,
    skipped: HashMap<String, u64>,
    ref_mismatches: u64,
    mean_abs_logit_diff: f64,
}

/// Runs the tutorial.
pub fn run(ctx: &Context) -> Result<TutorialReport> {
    let mut report = TutorialReport::new("variants", "7. Variant effects near CTCF sites");
    let data = ctcf_dataset(ctx)?;
    let fitted = fit_ctcf_model(ctx, &data)?;
    reload_check(&mut report, &[fitted.reload_max_abs_diff]);
    let genome = ctx.data_file("hg19_chr20/hg19_chr20.fa.gz")?;
    let device = Default::default();

    // the shipped VCFs
    let giab_vcf = "hg19_chr20/test_nist.b37_chr20_100kbp_at_10mb.vcf.gz";
    let giab = score_vcf(ctx, &fitted.dir, &genome, giab_vcf, "none", "giab")?;
    let indels = score_vcf(ctx, &fitted.dir, &genome, "hg19_chr20/vt_1kg_20_indels.vcf.gz", "add-chr", "indels_1kg")?;
    for (name, (run, numbers)) in [("GIAB NA12878 chr20:10.0–10.1 Mb", &giab), ("1000 Genomes chr20 indels", &indels)]
    {
        let accounted = numbers.scored + numbers.skipped.values().sum::<u64>();
        report.checks.push(Check::new(
            format!("{name}: ALT alleles scored or skipped with a reason ({} scored)", numbers.scored),
            (accounted == run.report.alleles && run.report.alleles > 0) as u8 as f64,
            "every record accounted for",
            Threshold::AtLeast(1.0),
        ));
        report.checks.push(Check::new(
            format!("{name}: REF mismatches against hg19"),
            numbers.ref_mismatches as f64,
            "0",
            Threshold::AtMost(0.0),
        ));
    }

    // designed substitutions at the strongest test peaks
    let test = data.splits.test.trim(SHIFT).map_err(|e| Error::Step(format!("test windows: {e}")))?;
    let records: Vec<_> = data.records.iter().filter(|r| r.split == SplitName::Test).collect();
    if records.len() != test.n() {
        return Err(Error::Step(format!("{} test records for {} test windows", records.len(), test.n())));
    }
    let probs = predict_rc_averaged(&fitted.model, &test, 256, &device)?;
    let mut positives: Vec<usize> = (0..test.n()).filter(|&i| test.y[i] == 1.0).collect();
    positives.sort_by(|&a, &b| probs[b].total_cmp(&probs[a]));
    let pfm = seq_io::motif::read_motifs(&ctx.data_file("jaspar/MA0139.1.jaspar")?)?
        .into_iter()
        .next()
        .ok_or_else(|| Error::Step("MA0139.1.jaspar holds no motif".into()))?;
    let opts = FimoOptions::default();
    let forward = FimoMotif::new(&pfm, &opts).map_err(|e| Error::Step(format!("MA0139.1: {e}")))?;
    let reverse = forward.reverse_complement(&opts);
    let ic = pfm.information_content();
    let w = forward.width();
    let (mut core, mut far, mut pvalues) = (Vec::new(), Vec::new(), Vec::new());
    for &i in positives.iter().take(TOP_PEAKS) {
        let seq = decode(test.seq(i), test.len);
        let (at, minus, score) = best_match(&seq, &forward, &reverse);
        pvalues.push(if minus { reverse.p_value(score) } else { forward.p_value(score) });
        let g0 = records[i].start + SHIFT as u64; // genomic start of the centre 200 bp
        for (j, bits) in ic.iter().enumerate() {
            if *bits >= CORE_BITS {
                let p = if minus { at + w - 1 - j } else { at + j };
                core.extend(substitutions(&seq, p, g0, &format!("core_{}_{p}", records[i].name)));
            }
        }
        for d in FAR.step_by(FAR_STEP) {
            for p in [at.checked_sub(d), Some(at + w - 1 + d)].into_iter().flatten().filter(|&p| p < seq.len()) {
                far.extend(substitutions(&seq, p, g0, &format!("far_{}_{p}", records[i].name)));
            }
        }
    }
    let vcf = ctx.out("designed.vcf");
    write_vcf(&vcf, core.iter().chain(&far))?;
    let (_, designed) = score_path(ctx, &fitted.dir, &genome, &vcf, "none", "designed")?;
    let effect = |ids: &[Sub]| {
        let v: Vec<f64> = ids.iter().filter_map(|s| designed.get(&s.id).map(|x| x.abs())).collect();
        (v.iter().sum::<f64>() / v.len().max(1) as f64, v.len())
    };
    let ((core_mean, n_core), (far_mean, n_far)) = (effect(&core), effect(&far));
    let ratio = core_mean / far_mean.max(f64::MIN_POSITIVE);
    report.checks.push(Check::new(
        format!(
            "mean |Δ logit| of {n_core} core substitutions ÷ that of {n_far} substitutions 50–80 bp away ({} peaks)",
            TOP_PEAKS
        ),
        ratio,
        "≥ 5× (issue acceptance)",
        Threshold::AtLeast(5.0),
    ));
    report.checks.push(Check::info("mean |Δ logit|, core substitutions", core_mean, ""));
    report.checks.push(Check::info("mean |Δ logit|, distant substitutions", far_mean, ""));
    report.notes.push(format!(
        "Model: tutorial 6's recipe fitted again into this section's folder ({} epochs). Core = MA0139.1 columns of \
         ≥ {CORE_BITS} bit at the best match (both strands) in each of the {TOP_PEAKS} test peaks the model scores \
         highest; every substitution goes through the same pipeline as `seqdl variants` (windows centred on the \
         variant, logit difference alt − ref).",
        fitted.history.len()
    ));
    let numbers = Numbers {
        giab: giab.1,
        indels_1kg: indels.1,
        peaks_mutated: TOP_PEAKS.min(positives.len()),
        core_substitutions: n_core,
        distant_substitutions: n_far,
        mean_abs_effect_core: core_mean,
        mean_abs_effect_distant: far_mean,
        ratio,
        best_match_pvalues: pvalues,
    };
    write_json(&ctx.out("variants.json"), &numbers)?;
    Ok(report)
}

/// One designed substitution.
struct Sub {
    id: String,
    pos: u64,
    reference: u8,
    alt: u8,
}

/// The three substitutions at window position `p` (genomic start `g0`).
fn substitutions(seq: &[u8], p: usize, g0: u64, id: &str) -> Vec<Sub> {
    let reference = seq[p];
    b"ACGT"
        .iter()
        .filter(|&&b| b != reference)
        .map(|&alt| Sub { id: format!("{id}_{}", alt as char), pos: g0 + p as u64 + 1, reference, alt })
        .collect()
}

/// The best-scoring MA0139.1 window of `seq` on either strand: (start, on the minus strand, score).
fn best_match(seq: &[u8], forward: &FimoMotif, reverse: &FimoMotif) -> (usize, bool, f64) {
    let w = forward.width();
    let mut best = (0, false, f64::NEG_INFINITY);
    for at in 0..=seq.len().saturating_sub(w) {
        for (minus, m) in [(false, forward), (true, reverse)] {
            let s = m.score(&seq[at..at + w]);
            if s > best.2 {
                best = (at, minus, s);
            }
        }
    }
    best
}

/// ACGT letters of a `(4, len)` one-hot (N for an all-zero column).
fn decode(x: &[f32], len: usize) -> Vec<u8> {
    (0..len).map(|p| (0..4).find(|&c| x[c * len + p] == 1.0).map_or(b'N', |c| b"ACGT"[c])).collect()
}

fn write_vcf<'a>(path: &Path, subs: impl Iterator<Item = &'a Sub>) -> Result<()> {
    let mut subs: Vec<&Sub> = subs.collect();
    subs.sort_by_key(|s| (s.pos, s.alt));
    let mut text = String::from(
        "##fileformat=VCFv4.2\n##contig=<ID=chr20,length=63025520>\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n",
    );
    for s in subs {
        let _ = writeln!(text, "chr20\t{}\t{}\t{}\t{}\t.\tPASS\t.", s.pos, s.id, s.reference as char, s.alt as char);
    }
    seq_io::atomic::write_atomic(path, text.as_bytes())?;
    Ok(())
}

/// Scores a shipped VCF and summarises the run.
fn score_vcf(
    ctx: &Context,
    model: &seq_app::ModelDir,
    genome: &Path,
    rel: &str,
    alias: &str,
    stem: &str,
) -> Result<(VariantRun, RunNumbers)> {
    let vcf = ctx.data_file(rel)?;
    let (run, scores) = score_path(ctx, model, genome, &vcf, alias, stem)?;
    let skipped: HashMap<String, u64> = run.report.skipped.iter().map(|(k, v)| (k.name().to_string(), *v)).collect();
    let ref_mismatches = skipped.get("ref_mismatch").copied().unwrap_or(0);
    let mean = scores.values().map(|v| v.abs()).sum::<f64>() / scores.len().max(1) as f64;
    let numbers = RunNumbers {
        records: run.report.records,
        alleles: run.report.alleles,
        scored: run.report.variants,
        skipped,
        ref_mismatches,
        mean_abs_logit_diff: mean,
    };
    Ok((run, numbers))
}

/// Runs the variants pipeline on `vcf` into `<tutorial>/<stem>.tsv` (REF mismatches skipped and counted,
/// both strands averaged); returns the run and `id → logit_diff` (ids `chrom:pos:ref:alt` where the VCF
/// has none).
fn score_path(
    ctx: &Context,
    model: &seq_app::ModelDir,
    genome: &Path,
    vcf: &Path,
    alias: &str,
    stem: &str,
) -> Result<(VariantRun, HashMap<String, f64>)> {
    let out = ctx.out(stem);
    let opts = VariantOptions {
        vcf: vcf.to_path_buf(),
        genome: genome.to_path_buf(),
        alias: alias.into(),
        scores: vec![Score::LogitDiff],
        average_strands: true,
        skip_ref_mismatch: true,
        tsv: true,
        annotated_vcf: false,
        out: out.clone(),
        ..VariantOptions::default()
    };
    let run = variants::<Cpu, Cnn<Cpu>>(model, &opts, &ctx.app(stem), &Default::default())?;
    let tsv = opts.outputs(None).0.ok_or_else(|| Error::Step("no TSV asked for".into()))?;
    let text = std::fs::read_to_string(&tsv).map_err(|e| Error::Write { path: tsv.clone(), source: e })?;
    let mut scores = HashMap::new();
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 6 {
            return Err(Error::Step(format!("{}: short line {line:?}", tsv.display())));
        }
        let id = if f[2] == "." { format!("{}:{}:{}:{}", f[0], f[1], f[3], f[4]) } else { f[2].to_string() };
        let v: f64 = f[5].parse().map_err(|_| Error::Step(format!("{}: bad score in {line:?}", tsv.display())))?;
        scores.insert(id, v);
    }
    Ok((run, scores))
}
