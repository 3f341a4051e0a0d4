//! Every bad input errors naming the file and the line; skippable alleles are counted by reason.

use seq_variants::*;
use std::path::{Path, PathBuf};

const HEADER: &str =
    "##fileformat=VCFv4.2\n##contig=<ID=c1,length=40>\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n";
// 40 bp: positions 1..=40
const SEQ: &[u8] = b"ACGTACGTACGTACGTACGTACGTACGTACGTACGTACGT";

fn genome() -> InMemoryGenome {
    InMemoryGenome::new(vec![("c1".into(), SEQ.to_vec()), ("c2".into(), b"ACGT".to_vec())]).expect("genome")
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).expect("write test VCF");
    p
}

fn run(path: &Path) -> Result<(Vec<Variant>, SkipReport)> {
    let g = genome();
    let mut r = VcfReader::open(path, &g, VcfOptions::default())?;
    let v: Vec<Variant> = (&mut r).collect::<Result<_>>()?;
    Ok((v, r.report().clone()))
}

fn error_of(dir: &Path, name: &str, text: &str) -> String {
    let p = write(dir, name, text);
    let e = run(&p).expect_err(name).to_string();
    assert!(e.contains(name), "the error names the file: {e}");
    e
}

#[test]
fn malformed_records_name_file_and_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let e = error_of(dir.path(), "badpos.vcf", &format!("{HEADER}c1\t2\t.\tC\tA\t.\t.\t.\nc1\tx5\t.\tA\tG\t.\t.\t.\n"));
    assert!(e.contains("line 5") && e.contains("POS"), "{e}");
    let e = error_of(dir.path(), "short.vcf", &format!("{HEADER}c1\t2\t.\tC\n"));
    assert!(e.contains("line 4") && e.contains("malformed"), "{e}");
    let e = error_of(dir.path(), "noref.vcf", &format!("{HEADER}c1\t2\t.\t\tA\t.\t.\t.\n"));
    assert!(e.contains("line 4"), "{e}");
}

#[test]
fn unknown_chromosome_lists_the_genome() {
    let dir = tempfile::tempdir().expect("temp dir");
    let e = error_of(dir.path(), "chrom.vcf", &format!("{HEADER}c1\t2\t.\tC\tA\t.\t.\t.\nchr9\t3\t.\tG\tA\t.\t.\t.\n"));
    assert!(e.contains("line 5") && e.contains("\"chr9\"") && e.contains("c1, c2"), "{e}");
}

#[test]
fn position_beyond_the_chromosome() {
    let dir = tempfile::tempdir().expect("temp dir");
    let e = error_of(dir.path(), "beyond.vcf", &format!("{HEADER}c1\t41\t.\tA\tG\t.\t.\t.\n"));
    assert!(e.contains("line 4") && e.contains("length 40"), "{e}");
    // REF running past the end
    let e = error_of(dir.path(), "beyond2.vcf", &format!("{HEADER}c1\t39\t.\tGTA\tG\t.\t.\t.\n"));
    assert!(e.contains("line 4") && e.contains("beyond the end"), "{e}");
}

#[test]
fn ref_with_n_is_an_error_and_lower_case_is_upper_cased() {
    let dir = tempfile::tempdir().expect("temp dir");
    let e = error_of(dir.path(), "refn.vcf", &format!("{HEADER}c1\t2\t.\tCN\tC\t.\t.\t.\n"));
    assert!(e.contains("line 4") && e.contains("'N'"), "{e}");
    let p = write(dir.path(), "lower.vcf", &format!("{HEADER}c1\t2\t.\tc\ta\t.\t.\t.\nc1\t3\t.\tG\tT\t.\t.\t.\n"));
    let (v, report) = run(&p).expect("lower case is accepted");
    assert_eq!((v[0].ref_allele.as_str(), v[0].alt.as_str()), ("C", "A"));
    assert_eq!(report.ref_uppercased, 1);
}

#[test]
fn empty_vcfs_are_errors() {
    let dir = tempfile::tempdir().expect("temp dir");
    let e = error_of(dir.path(), "zero.vcf", "");
    assert!(e.contains("no records"), "{e}");
    let e = error_of(dir.path(), "header_only.vcf", HEADER);
    assert!(e.contains("no records"), "{e}");
    let e = error_of(dir.path(), "no_chrom_line.vcf", "##fileformat=VCFv4.2\nc1\t2\t.\tC\tA\t.\t.\t.\n");
    assert!(e.contains("line 2") && e.contains("#CHROM"), "{e}");
}

#[test]
fn skippable_alleles_are_counted_by_reason() {
    let dir = tempfile::tempdir().expect("temp dir");
    let body = [
        "c1\t2\t.\tC\t<DEL>\t.\t.\t.",
        "c1\t3\t.\tG\tA,*\t.\t.\t.",
        "c1\t4\t.\tT\tG]c2:2]\t.\t.\t.",
        "c1\t5\t.\tA\t.A\t.\t.\t.",
        "c1\t6\t.\tC\tCGT\t.\t.\tSVTYPE=INS",
        "c1\t7\t.\tG\tN,T\t.\t.\t.",
        "c1\t8\t.\tT\tT\t.\t.\t.",
        "c1\t9\t.\tA\t.\t.\t.\t.",
        "c2\t2\trs1\tC\tCA,<INS>\t.\t.\t.",
    ];
    let p = write(dir.path(), "skips.vcf", &format!("{HEADER}{}\n", body.join("\n")));
    let (v, r) = run(&p).expect("reads");
    let kept: Vec<(String, u64, String)> = v.iter().map(|v| (v.chrom.clone(), v.pos, v.alt.clone())).collect();
    assert_eq!(kept, vec![("c1".into(), 3, "A".into()), ("c1".into(), 7, "T".into()), ("c2".into(), 2, "CA".into())]);
    assert_eq!(r.records, 9);
    assert_eq!(r.alleles, 12);
    assert_eq!(r.variants, 3);
    for (reason, n) in [
        (SkipReason::SymbolicAllele, 2),
        (SkipReason::StarAllele, 1),
        (SkipReason::Breakend, 2),
        (SkipReason::StructuralVariant, 1),
        (SkipReason::AltNotAcgt, 1),
        (SkipReason::AltEqualsRef, 1),
        (SkipReason::MissingAlt, 1),
    ] {
        assert_eq!(r.count(reason), n, "{reason:?}");
    }
    assert_eq!(r.alleles, r.variants + r.skipped());
    assert_eq!(v[2].id, "rs1");
    let json = r.to_json();
    assert!(json.contains("\"breakend\": 2") && json.contains("\"star_allele\": 1"), "{json}");
}

#[test]
fn bad_regions_and_shards_are_refused() {
    let g = genome();
    let dir = tempfile::tempdir().expect("temp dir");
    let p = write(dir.path(), "ok.vcf", &format!("{HEADER}c1\t2\t.\tC\tA\t.\t.\t.\n"));
    let opts = VcfOptions { regions: vec!["chrX:1-5".parse().expect("syntax ok")], ..Default::default() };
    let e = VcfReader::open(&p, &g, opts).err().expect("unknown region chromosome").to_string();
    assert!(e.contains("chrX") && e.contains("c1, c2"), "{e}");
    let opts = VcfOptions {
        regions: vec!["c1:1-5".parse().expect("ok"), "c1:5-9".parse().expect("ok")],
        ..Default::default()
    };
    assert!(VcfReader::open(&p, &g, opts).is_err(), "overlapping regions");
    for bad in ["3/2", "0/0", "x/2"] {
        assert!(bad.parse::<Shard>().is_err());
    }
}

fn run_batches(path: &Path, opts: WindowOptions) -> Result<SkipReport> {
    let g = genome();
    let reader = VcfReader::open(path, &g, VcfOptions::default())?;
    let mut batches = VariantBatches::new(reader, &g, opts, 2)?;
    for b in &mut batches {
        b?;
    }
    Ok(batches.report().clone())
}

#[test]
fn ref_mismatch_and_long_alleles_through_the_pipeline() {
    let dir = tempfile::tempdir().expect("temp dir");
    // c1 = ACGT repeated: POS 3 is G, the record says T
    let p = write(dir.path(), "mismatch.vcf", &format!("{HEADER}c1\t2\t.\tC\tA\t.\t.\t.\nc1\t3\t.\tT\tA\t.\t.\t.\n"));
    let e = run_batches(&p, WindowOptions::new(10)).expect_err("REF differs").to_string();
    assert!(e.contains("mismatch.vcf") && e.contains("line 5") && e.contains("c1:3") && e.contains("\"G\""), "{e}");
    let r = run_batches(&p, WindowOptions { skip_ref_mismatch: true, ..WindowOptions::new(10) }).expect("skipped");
    assert_eq!((r.variants, r.count(SkipReason::RefMismatch), r.alleles), (1, 1, 2));
    let p = write(dir.path(), "long.vcf", &format!("{HEADER}c1\t2\t.\tCGTACGTACGTA\tC\t.\t.\t.\n"));
    let e = run_batches(&p, WindowOptions::new(10)).expect_err("REF of 12 > 10").to_string();
    assert!(e.contains("long.vcf") && e.contains("line 4") && e.contains("10 bp"), "{e}");
    let r = run_batches(&p, WindowOptions { skip_long_alleles: true, ..WindowOptions::new(10) }).expect("skipped");
    assert_eq!((r.variants, r.count(SkipReason::AlleleLongerThanWindow)), (0, 1));
}

#[test]
fn alias_mapping_file_is_read_and_checked() {
    let dir = tempfile::tempdir().expect("temp dir");
    let map = write(dir.path(), "map.txt", "# vcf genome\nNC_1 c1\n");
    let alias = ChromAlias::parse(&format!("map:{}", map.display())).expect("mapping");
    let p = write(dir.path(), "nc.vcf", &format!("{HEADER}NC_1\t2\t.\tC\tA\t.\t.\t.\n"));
    let g = genome();
    let v: Vec<Variant> = VcfReader::open(&p, &g, VcfOptions { alias, ..Default::default() })
        .expect("opens")
        .collect::<Result<_>>()
        .expect("mapped");
    assert_eq!((v[0].chrom.as_str(), v[0].vcf_chrom.as_str()), ("c1", "NC_1"));
    let bad = write(dir.path(), "bad_map.txt", "NC_1 c1\nNC_2\n");
    let e = ChromAlias::parse(&format!("map:{}", bad.display())).expect_err("one column").to_string();
    assert!(e.contains("bad_map.txt:2"), "{e}");
}
