//! Sharded runs merged are byte-identical to the unsharded run (TSV and annotated VCF, N = 1, 3, 7, by
//! record and by region); resume sees complete shards; merge refuses incomplete sets.

mod common;

use common::{data, fake_scores, score_names, BgzfGenome, GIAB, KG};
use seq_variants::*;
use std::path::{Path, PathBuf};

/// One run of the pipeline (the application's job, with a stand-in score): TSV and annotated VCF.
fn run(
    vcf: &str,
    alias: ChromAlias,
    genome: &BgzfGenome,
    shard: Shard,
    by_region: bool,
    tsv: &Path,
    out_vcf: &Path,
) -> SkipReport {
    let (regions, shard_opt) = if by_region { (shard.regions(genome), None) } else { (vec![], Some(shard)) };
    let reader = VcfReader::open(&data(vcf), genome, VcfOptions { alias, regions, shard: shard_opt }).expect("opens");
    let header = reader.header().clone();
    let infos: Vec<ScoreInfo> =
        score_names().into_iter().map(|id| ScoreInfo { description: format!("test score {id}"), id }).collect();
    let mut t = TsvWriter::create(tsv, &score_names(), shard).expect("tsv");
    let mut v = AnnotatedVcfWriter::create(out_vcf, &header, &infos, shard).expect("vcf");
    let mut batches = VariantBatches::new(reader, genome, WindowOptions::new(500), 7).expect("batches");
    for b in &mut batches {
        let b = b.expect("batch");
        for (i, var) in b.variants.iter().enumerate() {
            let s = fake_scores(b.ref_window(i), b.alt_window(i));
            t.write(var, &s).expect("row");
            v.write(var, &s).expect("record");
        }
    }
    let report = batches.report().clone();
    t.finish(&report).expect("tsv done");
    v.finish(&report).expect("vcf done");
    report
}

fn check_sharding(vcf: &str, alias: ChromAlias, by_region: bool) {
    let genome = BgzfGenome::hg19_chr20();
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    let whole_report =
        run(vcf, alias.clone(), &genome, Shard::WHOLE, by_region, &d.join("whole.tsv"), &d.join("whole.vcf"));
    let whole_tsv = std::fs::read(d.join("whole.tsv")).expect("read");
    let whole_vcf = std::fs::read(d.join("whole.vcf")).expect("read");
    let rows = whole_tsv.iter().filter(|&&b| b == b'\n').count() - 1;
    assert_eq!(rows as u64, whole_report.variants);
    for n in [1u64, 3, 7] {
        let mut tsvs: Vec<PathBuf> = Vec::new();
        let mut vcfs: Vec<PathBuf> = Vec::new();
        let mut sum = SkipReport::default();
        for i in (0..n).rev() {
            let s = Shard::new(i, n).expect("shard");
            let (t, v) =
                (resume::shard_output_path(&d.join("out.tsv"), s), resume::shard_output_path(&d.join("out.vcf"), s));
            sum.add(&run(vcf, alias.clone(), &genome, s, by_region, &t, &v));
            tsvs.push(t);
            vcfs.push(v);
        }
        assert_eq!(completed_shards(&d.join("out.tsv"), n).expect("resume"), (0..n).collect::<Vec<_>>());
        assert_eq!(sum, whole_report, "{vcf} N={n}: shard counts add up to the unsharded counts");
        let mt = merge(&tsvs, &d.join("merged.tsv")).expect("merge tsv");
        let mv = merge(&vcfs, &d.join("merged.vcf")).expect("merge vcf");
        assert_eq!(
            std::fs::read(d.join("merged.tsv")).expect("read"),
            whole_tsv,
            "{vcf} N={n} by_region={by_region}: TSV"
        );
        assert_eq!(
            std::fs::read(d.join("merged.vcf")).expect("read"),
            whole_vcf,
            "{vcf} N={n} by_region={by_region}: VCF"
        );
        assert_eq!(mt.report, whole_report);
        assert_eq!(mv.rows, DoneMarker::read(&d.join("whole.vcf")).expect("marker").rows);
        assert_eq!(
            std::fs::read(resume::marker_path(&d.join("merged.tsv"))).expect("marker"),
            std::fs::read(resume::marker_path(&d.join("whole.tsv"))).expect("marker")
        );
    }
}

#[test]
fn giab_shards_merge_to_the_unsharded_bytes() {
    check_sharding(GIAB, ChromAlias::None, false);
}

#[test]
fn kg_shards_merge_to_the_unsharded_bytes() {
    check_sharding(KG, ChromAlias::AddChr, false);
}

#[test]
fn region_shards_merge_to_the_unsharded_bytes() {
    check_sharding(KG, ChromAlias::AddChr, true);
}

#[test]
fn outputs_have_the_documented_shape() {
    let genome = BgzfGenome::hg19_chr20();
    let dir = tempfile::tempdir().expect("temp dir");
    let (t, v) = (dir.path().join("a.tsv"), dir.path().join("a.vcf"));
    let report = run(GIAB, ChromAlias::None, &genome, Shard::WHOLE, false, &t, &v);
    let tsv = std::fs::read_to_string(&t).expect("read");
    let mut lines = tsv.lines();
    assert_eq!(lines.next(), Some("chrom\tpos\tid\tref\talt\tgc_delta\thamming_7\tcentre_code"));
    let first: Vec<&str> = lines.next().expect("a row").split('\t').collect();
    assert_eq!(&first[..5], &["chr20", "10000117", ".", "C", "T"]);
    // C → T at the centre: one G/C lost, one base changed, 'T' = 84 → 28
    assert_eq!(&first[5..], &["-1", &format!("{}", 1.0f32 / 7.0), "28"]);
    let vcf = std::fs::read_to_string(&v).expect("read");
    assert!(vcf.contains(
        "##INFO=<ID=gc_delta,Number=A,Type=Float,Description=\"test score gc_delta\">\n##INFO=<ID=hamming_7,"
    ));
    assert!(
        vcf.contains("##INFO=<ID=centre_code,Number=A,Type=Float,Description=\"test score centre_code\">\n#CHROM\t")
    );
    let multi = vcf.lines().find(|l| l.starts_with("chr20\t10004223\t")).expect("the multi-allelic record");
    assert!(multi.contains(";gc_delta=") && multi.split('\t').nth(4) == Some("AA,AG"), "{multi}");
    let info = multi.split('\t').nth(7).expect("INFO");
    let gc = info.split(';').find_map(|kv| kv.strip_prefix("gc_delta=")).expect("field");
    assert_eq!(gc.split(',').count(), 2, "one value per ALT: {gc}");
    let records = vcf.lines().filter(|l| !l.starts_with('#')).count();
    assert_eq!(records, 221);
    assert_eq!(report.variants, 222);
    // resume: a missing marker means incomplete, and merge names the missing shard
    let s = Shard::new(1, 2).expect("shard");
    let p = resume::shard_output_path(&t, s);
    std::fs::copy(&t, &p).expect("copy");
    assert!(resume::complete_marker(&p, s).is_none(), "no marker: not complete");
    let e = merge(std::slice::from_ref(&t), &dir.path().join("m.tsv"));
    assert!(e.is_ok(), "a whole run merges alone");
    let s0 = Shard::new(0, 2).expect("shard");
    let p0 = resume::shard_output_path(&t, s0);
    let mut m = DoneMarker::read(&t).expect("marker");
    std::fs::copy(&t, &p0).expect("copy");
    m.shard = s0;
    m.write(&p0).expect("marker");
    assert!(resume::complete_marker(&p0, s0).is_some());
    assert_eq!(completed_shards(&t, 2).expect("resume"), vec![0]);
    let e = merge(&[p0], &dir.path().join("m2.tsv")).expect_err("shard 1/2 is missing").to_string();
    assert!(e.contains("1/2") && e.contains("missing"), "{e}");
    // a truncated output no longer matches its marker
    std::fs::write(&t, tsv.lines().take(10).collect::<Vec<_>>().join("\n")).expect("truncate");
    assert!(resume::complete_marker(&t, Shard::WHOLE).is_none());
}

/// An unsorted VCF (chromosomes out of the genome's order, positions going back, ties in any order): the
/// writers still produce canonical order, so shards merge to the unsharded bytes.
#[test]
fn unsorted_vcf_is_written_in_canonical_order() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    let g = InMemoryGenome::new(vec![
        ("c1".into(), b"ACGTACGTACGTACGTACGT".to_vec()),
        ("c2".into(), b"TTTTGGGGCCCCAAAA".to_vec()),
    ])
    .expect("genome");
    let vcf = d.join("unsorted.vcf");
    let body = ["c2\t5\t.\tG\tA", "c1\t9\tb\tA\tT", "c1\t9\ta\tA\tC,G", "c1\t3\t.\tG\tGA", "c2\t2\t.\tT\tC"];
    let text: String = body.iter().map(|l| format!("{l}\t.\t.\t.\n")).collect();
    std::fs::write(&vcf, format!("##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n{text}"))
        .expect("write");
    let run_one = |shard: Shard, out: &Path| {
        let reader = VcfReader::open(&vcf, &g, VcfOptions { shard: Some(shard), ..Default::default() }).expect("opens");
        let mut t = TsvWriter::create(out, &["s".to_string()], shard).expect("tsv");
        let mut batches = VariantBatches::new(reader, &g, WindowOptions::new(6), 2).expect("batches");
        for b in &mut batches {
            let b = b.expect("batch");
            for (i, v) in b.variants.iter().enumerate() {
                t.write(v, &fake_scores(b.ref_window(i), b.alt_window(i))[..1]).expect("row");
            }
        }
        t.finish(batches.report()).expect("done");
    };
    run_one(Shard::WHOLE, &d.join("whole.tsv"));
    let whole = std::fs::read_to_string(d.join("whole.tsv")).expect("read");
    let keys: Vec<String> =
        whole.lines().skip(1).map(|l| l.split('\t').take(5).collect::<Vec<_>>().join(" ")).collect();
    assert_eq!(keys, vec!["c1 3 . G GA", "c1 9 a A C", "c1 9 a A G", "c1 9 b A T", "c2 2 . T C", "c2 5 . G A"]);
    let shards: Vec<PathBuf> = (0..3)
        .map(|i| {
            let s = Shard::new(i, 3).expect("shard");
            let p = resume::shard_output_path(&d.join("out.tsv"), s);
            run_one(s, &p);
            p
        })
        .collect();
    merge(&shards, &d.join("merged.tsv")).expect("merge");
    assert_eq!(std::fs::read_to_string(d.join("merged.tsv")).expect("read"), whole);
}
