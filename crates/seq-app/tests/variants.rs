//! Variant scoring and genome-wide prediction on the shipped hg19 chr20 files with a small random CNN
//! (seed000 at L = 1000, initialised with a fixed seed): the scores need not mean anything for these
//! properties, which a wrong window, base index, strand or batching would break.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use seq_app::backend::Cpu;
use seq_app::pipelines::genome_predict::{genome_predict, merge_bedgraphs, GenomePredictOptions};
use seq_app::pipelines::variants::{variants, Score, VariantOptions};
use seq_app::{Context, GenomeSource, ModelDir};
use seq_genome::{Genome, GenomeOptions};
use seq_interpret::IsmOptions;
use seq_models::{Cnn, SequenceModel};
use seq_variants::{SequenceSource, SkipReason};

type B = Cpu;
const L: usize = 1000;

fn data(name: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/hg19_chr20/")).join(name)
}

fn genome_path() -> PathBuf {
    data("hg19_chr20.fa.gz")
}

fn giab() -> PathBuf {
    data("test_nist.b37_chr20_100kbp_at_10mb.vcf.gz")
}

fn model(dir: &Path) -> (ModelDir, Cnn<B>) {
    let device = Default::default();
    let cnn: Cnn<B> = seq_models::cnn::presets::seed000(L).init::<B>(&device, 11).expect("valid preset");
    let md = ModelDir::new(dir.join("model"));
    md.save::<B, Cnn<B>>(&cnn).expect("model saved");
    (md, cnn)
}

fn run(md: &ModelDir, opts: &VariantOptions) -> seq_app::pipelines::variants::VariantRun {
    variants::<B, Cnn<B>>(md, opts, &Context::default(), &Default::default()).expect("variants run")
}

/// A TSV row: (chrom, pos, ref, alt) and the score columns.
type Row = ((String, u64, String, String), Vec<f32>);

/// TSV rows: (chrom, pos, ref, alt) → score columns.
fn rows(path: &Path) -> Vec<Row> {
    let text = std::fs::read_to_string(path).expect("TSV");
    text.lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            let key = (f[0].to_string(), f[1].parse().expect("pos"), f[3].to_string(), f[4].to_string());
            (key, f[5..].iter().map(|v| v.parse().expect("score")).collect())
        })
        .collect()
}

fn opts(dir: &Path, vcf: PathBuf, name: &str) -> VariantOptions {
    VariantOptions { vcf, genome: genome_path(), out: dir.join(name), ..Default::default() }
}

#[test]
fn genome_source_serves_the_same_bases_as_the_genome() {
    let genome = Genome::open(&genome_path(), &GenomeOptions::default()).expect("genome");
    let source =
        GenomeSource::with_read_ahead(Genome::open(&genome_path(), &GenomeOptions::default()).expect("genome"), 5000);
    let len = source.chrom_len("chr20").expect("chr20");
    assert_eq!(len, 63_025_520);
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    let mut pos = 10_000_000u64;
    for _ in 0..300 {
        // mostly forward steps (a sorted VCF), sometimes a jump back or a long request
        pos = if rng.random_bool(0.1) { rng.random_range(0..len - 20_000) } else { pos + rng.random_range(0..3000) };
        let n = if rng.random_bool(0.05) { 12_000 } else { rng.random_range(0..2000) };
        let got = source.fetch("chr20", pos, pos + n).expect("inside");
        assert_eq!(got, genome.fetch("chr20", pos, pos + n).expect("inside"), "chr20:{pos}+{n}");
    }
    assert!(source.fetch("chr20", len - 1, len + 1).is_err());
    assert!(source.fetch("chr1", 0, 1).is_err());
}

/// (a) For SNVs the logit difference is the ISM value of the same substitution in the same window; and the
/// incremental path equals burn's forward pass for every variant (SNVs and indels).
#[test]
fn snv_scores_equal_ism_and_the_engine_equals_burn() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (md, cnn) = model(dir.path());
    let fast = run(&md, &opts(dir.path(), giab(), "fast"));
    let slow = run(&md, &VariantOptions { incremental: false, batch_size: 37, ..opts(dir.path(), giab(), "slow") });
    let (a, b) = (rows(&dir.path().join("fast.tsv")), rows(&dir.path().join("slow.tsv")));
    assert_eq!(a.len() as u64, fast.report.variants);
    assert_eq!(slow.report.variants, fast.report.variants);
    assert_eq!(a.len(), b.len());
    for ((ka, va), (kb, vb)) in a.iter().zip(&b) {
        assert_eq!(ka, kb);
        assert!((va[0] - vb[0]).abs() <= 1e-4, "{ka:?}: engine {} burn {}", va[0], vb[0]);
    }
    let genome = Genome::open(&genome_path(), &GenomeOptions::default()).expect("genome");
    let snvs: Vec<_> = a.iter().filter(|(k, _)| k.2.len() == 1 && k.3.len() == 1).collect();
    assert!(snvs.len() > 150, "{} SNVs", snvs.len());
    let mut x = Vec::new();
    for ((chrom, pos, r, _), _) in &snvs {
        let start = pos - 1 - (L / 2) as u64;
        let w = genome.fetch(chrom, start, start + L as u64).expect("window");
        assert_eq!(w[L / 2], r.as_bytes()[0], "the variant sits at index L/2");
        x.extend(seq_io::onehot::encode(&w, seq_io::UnknownPolicy::Zeros, "window").expect("one-hot"));
    }
    let ism_opts = IsmOptions { window: Some(L / 2..L / 2 + 1), ..Default::default() };
    let ism = seq_interpret::cnn_ism::<B>(&cnn, &x, snvs.len(), L, &ism_opts, &Default::default()).expect("ISM");
    let mut nonzero = 0;
    for (i, ((_, _, _, alt), v)) in snvs.iter().enumerate() {
        let base = b"ACGT".iter().position(|&c| c == alt.as_bytes()[0]).expect("ACGT");
        let want = ism.get(i, base, L / 2);
        assert!((v[0] - want).abs() <= 1e-5, "SNV {i}: score {} ISM {want}", v[0]);
        nonzero += usize::from(want != 0.0);
    }
    assert!(nonzero > snvs.len() / 2, "the model must react to substitutions ({nonzero} nonzero)");
}

fn segment_fasta(path: &Path, name: &str, seq: &[u8]) {
    let mut text = format!(">{name}\n");
    for line in seq.chunks(60) {
        text.push_str(std::str::from_utf8(line).expect("ASCII"));
        text.push('\n');
    }
    std::fs::write(path, text).expect("FASTA written");
}

fn one_record_vcf(path: &Path, chrom: &str, pos: u64, r: &str, a: &str) {
    let text = format!(
        "##fileformat=VCFv4.2\n##contig=<ID={chrom}>\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n{chrom}\t{pos}\t.\t{r}\t{a}\t.\tPASS\t.\n"
    );
    std::fs::write(path, text).expect("VCF written");
}

/// (b) Inserting bases and then deleting them again (on the genome that carries the insertion) gives back
/// the reference: the deletion's score is minus the insertion's, with both strands averaged.
#[test]
fn an_insertion_then_its_deletion_gives_back_the_reference() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (md, _) = model(dir.path());
    let genome = Genome::open(&genome_path(), &GenomeOptions::default()).expect("genome");
    let seg = genome.fetch("chr20", 10_000_000, 10_004_000).expect("segment");
    let p0 = 2000usize; // 0-based position of the anchor base
    let inserted = "GATTACAGATTACACCGGTT";
    let anchor = seg[p0] as char;
    let mut with_ins = seg[..=p0].to_vec();
    with_ins.extend_from_slice(inserted.as_bytes());
    with_ins.extend_from_slice(&seg[p0 + 1..]);
    let (ga, gb) = (dir.path().join("a.fa"), dir.path().join("b.fa"));
    segment_fasta(&ga, "seg", &seg);
    segment_fasta(&gb, "seg", &with_ins);
    let (va, vb) = (dir.path().join("ins.vcf"), dir.path().join("del.vcf"));
    let alt = format!("{anchor}{inserted}");
    one_record_vcf(&va, "seg", p0 as u64 + 1, &anchor.to_string(), &alt);
    one_record_vcf(&vb, "seg", p0 as u64 + 1, &alt, &anchor.to_string());
    let scores = vec![Score::LogitDiff, Score::LogOdds, Score::ProbDiff];
    let common = VariantOptions { scores, average_strands: true, ..Default::default() };
    run(&md, &VariantOptions { vcf: va, genome: ga, out: dir.path().join("ins"), ..common.clone() });
    run(&md, &VariantOptions { vcf: vb, genome: gb, out: dir.path().join("del"), ..common });
    let (ins, del) = (rows(&dir.path().join("ins.tsv")), rows(&dir.path().join("del.tsv")));
    assert_eq!((ins.len(), del.len()), (1, 1));
    assert!(ins[0].1[0].abs() > 1e-4, "the insertion changes the logit: {:?}", ins[0].1);
    for (i, d) in ins[0].1.iter().zip(&del[0].1) {
        assert!((i + d).abs() <= 1e-6, "insertion {i} vs deletion {d}");
    }
}

/// (d) Real call sets: no REF mismatch (even when mismatches would only be counted), every record scored or
/// counted, the skip report consistent with the TSV.
#[test]
fn giab_and_1000_genomes_are_scored_completely() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (md, _) = model(dir.path());
    let cases = [(giab(), "none", 221u64), (data("vt_1kg_20_indels.vcf.gz"), "add-chr", 194)];
    for (vcf, alias, records) in cases {
        let o = VariantOptions { alias: alias.into(), skip_ref_mismatch: true, ..opts(dir.path(), vcf.clone(), alias) };
        let r = run(&md, &o).report;
        assert_eq!(r.records, records, "{}", vcf.display());
        assert_eq!(r.count(SkipReason::RefMismatch), 0, "{}", vcf.display());
        assert_eq!(r.variants + r.skipped(), r.alleles, "{}: every ALT scored or counted", vcf.display());
        assert!(r.alleles >= records);
        let tsv = rows(&dir.path().join(format!("{alias}.tsv")));
        assert_eq!(tsv.len() as u64, r.variants);
        let json: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(dir.path().join(format!("{alias}.skipped.json"))).expect("report"),
        )
        .expect("JSON");
        assert_eq!(json["variants"].as_u64(), Some(r.variants));
        assert!(tsv.iter().all(|(k, v)| k.0 == "chr20" && v[0].is_finite()));
    }
}

/// Wrong options fail before any work, naming the option; a model shorter than an indel names the record.
#[test]
fn options_are_checked_and_long_indels_name_the_record() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (md, _) = model(dir.path());
    let err = |o: VariantOptions| {
        variants::<B, Cnn<B>>(&md, &o, &Context::default(), &Default::default()).expect_err("must fail").to_string()
    };
    let base = opts(dir.path(), giab(), "x");
    assert!(err(VariantOptions { shard: Some("3/2".into()), ..base.clone() }).contains("--shard"));
    assert!(err(VariantOptions { batch_size: 0, ..base.clone() }).contains("--batch-size"));
    assert!(err(VariantOptions { tsv: false, ..base.clone() }).contains("--format"));
    assert!(err(VariantOptions { alias: "chr".into(), ..base.clone() }).contains("--alias"));
    assert!(err(VariantOptions { vcf: dir.path().join("none.vcf"), ..base.clone() }).contains("--vcf"));
    // a 20-nt model cannot hold the 1000 Genomes indels (up to 40+ bp)
    let short: Cnn<B> = seq_models::cnn::presets::seed000(30).init::<B>(&Default::default(), 1).expect("valid");
    let sd = ModelDir::new(dir.path().join("short"));
    sd.save::<B, Cnn<B>>(&short).expect("saved");
    assert_eq!(short.input_length(), Some(30));
    let o = VariantOptions { alias: "add-chr".into(), ..opts(dir.path(), data("vt_1kg_20_indels.vcf.gz"), "short") };
    let e = variants::<B, Cnn<B>>(&sd, &o, &Context::default(), &Default::default()).expect_err("too long").to_string();
    assert!(
        e.contains("vt_1kg_20_indels.vcf.gz") && e.contains("line ") && e.contains("longer than the window"),
        "{e}"
    );
    assert!(!dir.path().join("short.tsv").exists() && !dir.path().join("x.tsv").exists());
}

/// Genome-wide prediction: bins tile the regions, values are the model's probability of the window around
/// each bin, and shards merge into the unsharded bytes.
#[test]
fn genome_predict_tiles_regions_and_shards_merge() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (md, cnn) = model(dir.path());
    let bed = data("test_nist.b37_chr20_100kbp_at_10mb.bed");
    let base = GenomePredictOptions {
        genome: genome_path(),
        regions: Some(bed.clone()),
        stride: Some(200),
        out: dir.path().join("all.bedgraph"),
        ..Default::default()
    };
    let whole = genome_predict::<B, Cnn<B>>(&md, &base, &Context::default(), &Default::default()).expect("run");
    let text = std::fs::read_to_string(&whole.file).expect("bedGraph");
    let lines: Vec<Vec<&str>> = text.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(lines.len() as u64, whole.marker.rows);
    // total bin length = total region length (the regions of this BED are disjoint and far from the ends)
    let bed_len: u64 = std::fs::read_to_string(&bed)
        .expect("BED")
        .lines()
        .map(|l| {
            let f: Vec<u64> = l.split('\t').skip(1).take(2).map(|v| v.parse().expect("coordinate")).collect();
            f[1] - f[0]
        })
        .sum();
    let covered: u64 =
        lines.iter().map(|f| f[2].parse::<u64>().expect("end") - f[1].parse::<u64>().expect("start")).sum();
    assert_eq!((covered, whole.marker.edge, whole.marker.too_many_n), (bed_len, 0, 0));
    // a few values against the model on the window whose centre 200 bases are the bin
    let genome = Genome::open(&genome_path(), &GenomeOptions::default()).expect("genome");
    for f in lines.iter().step_by(97).take(5) {
        let start: u64 = f[1].parse().expect("start");
        let ws = start + 100 - (L / 2) as u64;
        let w = genome.fetch("chr20", ws, ws + L as u64).expect("window");
        let x = seq_io::onehot::encode(&w, seq_io::UnknownPolicy::Zeros, "w").expect("one-hot");
        let t =
            burn::tensor::Tensor::<B, 3>::from_data(burn::tensor::TensorData::new(x, [1, 4, L]), &Default::default());
        let logit = cnn.forward_logits(t).into_data().to_vec::<f32>().expect("f32")[0];
        let p = 1.0 / (1.0 + (-logit).exp());
        let got: f32 = f[3].parse().expect("value");
        assert!((got - p).abs() < 1e-5, "{f:?}: model gives {p}");
    }
    let mut parts = Vec::new();
    for i in 0..3 {
        let o = GenomePredictOptions { shard: Some(format!("{i}/3")), ..base.clone() };
        parts.push(genome_predict::<B, Cnn<B>>(&md, &o, &Context::default(), &Default::default()).expect("shard").file);
    }
    parts.reverse();
    let merged = dir.path().join("merged.bedgraph");
    merge_bedgraphs(&parts, &merged).expect("merge");
    assert_eq!(std::fs::read(&merged).expect("merged"), text.into_bytes());
    assert!(merge_bedgraphs(&parts[..2], &dir.path().join("m2.bedgraph")).is_err(), "a missing shard is refused");
    let mut counts: HashMap<u64, u64> = HashMap::new();
    for p in &parts {
        let m = seq_app::pipelines::genome_predict::BedGraphMarker::read(p).expect("marker");
        *counts.entry(m.shard.index).or_default() += m.rows;
    }
    assert_eq!(counts.values().sum::<u64>(), whole.marker.rows);
}
