//! `seqdl variants`, `seqdl predict-genome` and `seqdl merge` as a user runs them: shards merged are the
//! unsharded run byte for byte (a bigWig: the same intervals and values), and bad input fails naming the
//! file, line or option, leaving no output.

mod common;

use common::*;
use std::path::{Path, PathBuf};

fn data(name: &str) -> String {
    format!("{}/../../data/hg19_chr20/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn genome() -> String {
    data("hg19_chr20.fa.gz")
}

fn giab() -> String {
    data("test_nist.b37_chr20_100kbp_at_10mb.vcf.gz")
}

fn model(dir: &Path) -> PathBuf {
    random_seed000(dir, 1000, 3)
}

fn read(p: &Path) -> Vec<u8> {
    std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// (c) Shards N = 1, 3, 7 merged are byte-identical to the unsharded run (TSV and annotated VCF).
#[test]
fn sharded_variant_scores_merge_to_the_unsharded_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let m = model(dir.path());
    let run = |out: &Path, shard: Option<String>| {
        let mut args = vec![
            "variants".to_string(),
            "--model".into(),
            s(&m).into(),
            "--vcf".into(),
            giab(),
            "--genome".into(),
            genome(),
            "--scores".into(),
            "logit_diff,log_odds,prob_diff".into(),
            "--average-strands".into(),
            "--format".into(),
            "both".into(),
            "--batch-size".into(),
            "50".into(),
            "--no-progress".into(),
            "--out".into(),
            s(out).into(),
        ];
        if let Some(sh) = shard {
            args.extend(["--shard".into(), sh]);
        }
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        ok(&refs);
    };
    let all = dir.path().join("all");
    run(&all, None);
    let tsv = read(&dir.path().join("all.tsv"));
    let vcf = read(&dir.path().join("all.vcf"));
    assert!(String::from_utf8_lossy(&tsv).lines().count() > 200);
    assert!(String::from_utf8_lossy(&vcf).contains("##INFO=<ID=log_odds_task_0,"));
    for n in [1u64, 3, 7] {
        let prefix = dir.path().join(format!("s{n}"));
        for i in 0..n {
            run(&prefix, Some(format!("{i}/{n}")));
        }
        for ext in ["tsv", "vcf"] {
            let inputs: Vec<String> = (0..n)
                .rev()
                .map(|i| {
                    let name = format!("s{n}.shard-{i}-of-{n}.{ext}");
                    s(&dir.path().join(name)).to_string()
                })
                .collect();
            let merged = dir.path().join(format!("merged{n}.{ext}"));
            let mut args = vec!["merge", "--inputs"];
            args.extend(inputs.iter().map(String::as_str));
            args.extend(["--out", s(&merged)]);
            ok(&args);
            let want = if ext == "tsv" { &tsv } else { &vcf };
            assert!(read(&merged) == *want, "N = {n}: merged {ext} differs from the unsharded run");
        }
    }
    // resume: a finished shard is not recomputed (its file is left as it is)
    let shard0 = dir.path().join("s3.shard-0-of-3.tsv");
    let before = std::fs::metadata(&shard0).unwrap().modified().unwrap();
    let out = seqdl_output(&[
        "variants",
        "--model",
        s(&m),
        "--vcf",
        &giab(),
        "--genome",
        &genome(),
        "--scores",
        "logit_diff,log_odds,prob_diff",
        "--average-strands",
        "--format",
        "both",
        "--shard",
        "0/3",
        "--resume",
        "--no-progress",
        "--out",
        s(&dir.path().join("s3")),
    ]);
    assert!(out.status.success() && String::from_utf8_lossy(&out.stderr).contains("already complete"));
    assert_eq!(std::fs::metadata(&shard0).unwrap().modified().unwrap(), before);
}

/// The chromosomes (name, length) and the intervals (chrom, start, end, value) of a bigWig, read by bigtools.
type BigWig = (Vec<(String, u32)>, Vec<(String, u32, u32, f32)>);

fn read_bigwig(path: &Path) -> BigWig {
    let mut bw = bigtools::BigWigRead::open_file(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let chroms: Vec<(String, u32)> = bw.chroms().iter().map(|c| (c.name.clone(), c.length)).collect();
    let mut rows = Vec::new();
    for (name, len) in &chroms {
        rows.extend(
            bw.get_interval(name, 0, *len)
                .unwrap()
                .map(|v| v.unwrap())
                .map(|v| (name.clone(), v.start, v.end, v.value)),
        );
    }
    (chroms, rows)
}

/// Shards merged give the unsharded bedGraph's bytes, and merged into `<name>.bw` the unsharded run's
/// `--bigwig`, which holds the bedGraph's intervals and values.
#[test]
fn sharded_genome_prediction_merges_to_the_unsharded_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let m = model(dir.path());
    let bed = data("test_nist.b37_chr20_100kbp_at_10mb.bed");
    let g = genome();
    let run = |out: &Path, shard: Option<&str>, extra: &[&str]| {
        let mut args = vec![
            "predict-genome",
            "--model",
            s(&m),
            "--genome",
            &g,
            "--regions",
            &bed,
            "--stride",
            "10",
            "--no-progress",
            "--out",
            s(out),
        ];
        if let Some(sh) = shard {
            args.extend(["--shard", sh]);
        }
        args.extend(extra);
        ok(&args);
    };
    let all = dir.path().join("all.bedgraph");
    let all_bw = dir.path().join("all.bw");
    run(&all, None, &["--bigwig", s(&all_bw)]);
    let out = dir.path().join("p.bedgraph");
    for sh in ["0/3", "1/3", "2/3"] {
        run(&out, Some(sh), &[]);
    }
    let merged = dir.path().join("merged.bedgraph");
    let parts: Vec<String> =
        (0..3).map(|i| s(&dir.path().join(format!("p.shard-{i}-of-3.bedgraph"))).to_string()).collect();
    ok(&["merge", "--inputs", &parts[0], &parts[1], &parts[2], "--out", s(&merged)]);
    let want = read(&all);
    // 11 regions, 8,999 bp, in 10-bp bins: ≈ 900 lines in 11 blocks (one per region), so every shard holds bins
    assert!(String::from_utf8_lossy(&want).lines().count() > 850);
    for part in &parts {
        let text = std::fs::read_to_string(part).unwrap();
        assert!(text.lines().any(|l| l.starts_with("chr20")), "{part}: no bins");
    }
    assert!(read(&merged) == want, "merged bedGraph differs from the unsharded run");
    let merged_bw = dir.path().join("merged.bw");
    let o = seqdl_output(&["merge", "--inputs", &parts[2], &parts[0], &parts[1], "--out", s(&merged_bw)]);
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success() && e.contains("(bigwig) from 3 shards"), "{e}");
    let bw = read_bigwig(&all_bw);
    let bedgraph: Vec<(String, u32, u32, f32)> = String::from_utf8_lossy(&want)
        .lines()
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (f[0].to_string(), f[1].parse().unwrap(), f[2].parse().unwrap(), f[3].parse().unwrap())
        })
        .collect();
    assert_eq!(bw.0, vec![("chr20".to_string(), 63_025_520)]);
    assert!(bw.1 == bedgraph, "the bigWig's intervals differ from the bedGraph's");
    assert!(read_bigwig(&merged_bw) == bw, "the merged bigWig differs from the unsharded run's");
    let e = fails(&[
        "predict-genome",
        "--model",
        s(&m),
        "--genome",
        &g,
        "--regions",
        &bed,
        "--shard",
        "0/3",
        "--bigwig",
        s(&dir.path().join("shard.bw")),
        "--out",
        s(&dir.path().join("shard.bedgraph")),
    ]);
    assert!(e.contains("--bigwig") && e.contains("merge"), "{e}");
    assert!(!dir.path().join("shard.bw").exists());
}

/// Files in `dir` other than the model folder and the inputs written by the test.
fn outputs(dir: &Path, inputs: &[&str]) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "model" && !inputs.contains(&n.as_str()))
        .collect()
}

/// (e) A chromosome the genome lacks, a shard `3/2`, an empty VCF: non-zero exit naming the file and line or
/// the option, and no output file left behind.
#[test]
fn bad_input_fails_by_name_and_leaves_no_output() {
    let dir = tempfile::tempdir().unwrap();
    let m = model(dir.path());
    let header = "##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n";
    let bad_chrom = dir.path().join("chr21.vcf");
    std::fs::write(
        &bad_chrom,
        format!("{header}chr20\t10000117\t.\tC\tT\t.\tPASS\t.\nchr21\t100\t.\tA\tG\t.\tPASS\t.\n"),
    )
    .unwrap();
    let empty = dir.path().join("empty.vcf");
    std::fs::write(&empty, header).unwrap();
    let out = dir.path().join("scores");
    let g = genome();
    let variants = |vcf: &Path, extra: &[&str]| {
        let mut args =
            vec!["variants", "--model", s(&m), "--vcf", s(vcf), "--genome", &g, "--format", "both", "--out", s(&out)];
        args.extend(extra);
        fails(&args)
    };
    let e = variants(&bad_chrom, &[]);
    assert!(e.contains("chr21.vcf") && e.contains("line 4") && e.contains("chr21") && e.contains("chr20"), "{e}");
    let e = variants(&empty, &[]);
    assert!(e.contains("empty.vcf") && e.contains("no records"), "{e}");
    let e = variants(&bad_chrom, &["--shard", "3/2"]);
    assert!(e.contains("--shard") && e.contains("3/2"), "{e}");
    let e = variants(&bad_chrom, &["--scores", "odds"]);
    assert!(e.contains("--scores") && e.contains("odds"), "{e}");
    let e = fails(&["merge", "--inputs", s(&empty), "--out", s(&dir.path().join("m.tsv"))]);
    assert!(e.contains("empty.vcf"), "{e}");
    let e = fails(&[
        "predict-genome",
        "--model",
        s(&m),
        "--genome",
        &genome(),
        "--stride",
        "2000",
        "--out",
        s(&dir.path().join("g.bedgraph")),
    ]);
    assert!(e.contains("--stride") && e.contains("2000"), "{e}");
    assert_eq!(outputs(dir.path(), &["chr21.vcf", "empty.vcf"]), Vec::<String>::new());
}

/// `--ism-top K`: the ISM file, its index and one PNG logo per variant; `--ism-top 0`, a flank past the
/// model's window or a flank without `--ism-top` fail naming the option and leave no output.
#[test]
fn ism_maps_of_the_top_variants_and_their_option_errors() {
    let dir = tempfile::tempdir().unwrap();
    let m = model(dir.path());
    let g = genome();
    let vcf = giab();
    let out = dir.path().join("top");
    let variants = |extra: &[&str]| {
        let mut args = vec!["variants", "--model", s(&m), "--vcf", &vcf, "--genome", &g, "--no-progress"];
        args.extend(["--out", s(&out)]);
        args.extend(extra);
        args.into_iter().map(String::from).collect::<Vec<String>>()
    };
    fn refs(a: &[String]) -> Vec<&str> {
        a.iter().map(String::as_str).collect()
    }
    for (extra, option) in [
        (&["--ism-top", "0"][..], "--ism-top"),
        (&["--ism-top", "2", "--ism-flank", "500"][..], "--ism-flank"),
        (&["--ism-flank", "5"][..], "--ism-flank"),
        (&["--ism-top", "2", "--ism-target", "1"][..], "--ism-target"),
    ] {
        let e = fails(&refs(&variants(extra)));
        assert!(e.contains(option), "{extra:?}: {e}");
        assert_eq!(outputs(dir.path(), &[]), Vec::<String>::new(), "{extra:?} left output");
    }
    ok(&refs(&variants(&["--ism-top", "3", "--ism-flank", "10", "--shard", "1/2"])));
    let index = std::fs::read_to_string(dir.path().join("top.shard-1-of-2.ism.tsv")).unwrap();
    assert_eq!(index.lines().count(), 1 + 2 * 3);
    assert!(dir.path().join("top.shard-1-of-2.ism.h5").is_file());
    let logos = dir.path().join("top.shard-1-of-2.ism-logos");
    let mut pngs: Vec<PathBuf> = std::fs::read_dir(&logos).unwrap().flatten().map(|e| e.path()).collect();
    pngs.sort();
    assert_eq!(pngs.len(), 3, "{pngs:?}");
    for p in &pngs {
        assert!(is_png(p), "{}", p.display());
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        assert!(index.contains(&name), "{name} not in the index");
    }
    assert!(pngs[0].file_name().unwrap().to_string_lossy().starts_with("00_chr20_"));
}
