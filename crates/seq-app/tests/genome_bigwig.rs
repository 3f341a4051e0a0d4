//! bigWig output of genome-wide prediction, read back with bigtools' reader: a bigWig holds exactly its
//! bedGraph's intervals and values (f32), with the genome's chromosome lengths, and the bigWig merged from
//! three shards equals the unsharded run's. A small random CNN (seed000, fixed seed) on the shipped hg19 chr20
//! and on a two-chromosome random genome; the scores need not mean anything for these properties.

use std::path::{Path, PathBuf};

use bigtools::BigWigRead;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use seq_app::backend::Cpu;
use seq_app::pipelines::genome_predict::{genome_predict, GenomePredictOptions, GenomePrediction};
use seq_app::pipelines::merge::merge;
use seq_app::{Context, ModelDir};
use seq_models::Cnn;

type B = Cpu;

/// (chromosome, start, end, value).
type Row = (String, u32, u32, f32);

fn data(name: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/hg19_chr20/")).join(name)
}

fn model(dir: &Path, length: usize) -> ModelDir {
    let cnn: Cnn<B> =
        seq_models::cnn::presets::seed000(length).init::<B>(&Default::default(), 11).expect("valid preset");
    let md = ModelDir::new(dir.join("model"));
    md.save::<B, Cnn<B>>(&cnn).expect("model saved");
    md
}

fn predict(md: &ModelDir, opts: &GenomePredictOptions) -> GenomePrediction {
    genome_predict::<B, Cnn<B>>(md, opts, &Context::default(), &Default::default()).expect("genome prediction")
}

/// The chromosomes (name, length) and every interval of a bigWig, in file order.
fn read_bigwig(path: &Path) -> (Vec<(String, u32)>, Vec<Row>) {
    let mut bw = BigWigRead::open_file(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let chroms: Vec<(String, u32)> = bw.chroms().iter().map(|c| (c.name.clone(), c.length)).collect();
    let mut rows = Vec::new();
    for (name, len) in &chroms {
        for v in bw.get_interval(name, 0, *len).expect("chromosome") {
            let v = v.expect("interval");
            rows.push((name.clone(), v.start, v.end, v.value));
        }
    }
    (chroms, rows)
}

/// The lines of a bedGraph, values as f32.
fn read_bedgraph(path: &Path) -> Vec<Row> {
    let text = std::fs::read_to_string(path).expect("bedGraph");
    text.lines()
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), 4, "{l}");
            (f[0].to_string(), f[1].parse().expect("start"), f[2].parse().expect("end"), f[3].parse().expect("value"))
        })
        .collect()
}

/// A bigWig of a prediction over the GIAB regions of chr20 (a stride of 150 leaves shorter bins at region
/// ends) holds the bedGraph's intervals and values exactly, and chr20's length from the genome's index.
#[test]
fn a_bigwig_holds_exactly_the_bedgraph_of_its_run() {
    let dir = tempfile::tempdir().expect("tempdir");
    let md = model(dir.path(), 1000);
    let opts = GenomePredictOptions {
        genome: data("hg19_chr20.fa.gz"),
        regions: Some(data("test_nist.b37_chr20_100kbp_at_10mb.bed")),
        stride: Some(150),
        out: dir.path().join("all.bedgraph"),
        bigwig: Some(dir.path().join("all.bw")),
        ..Default::default()
    };
    let p = predict(&md, &opts);
    assert_eq!(p.bigwig.as_deref(), Some(dir.path().join("all.bw").as_path()));
    let bedgraph = read_bedgraph(&p.file);
    assert!(bedgraph.len() > 50 && bedgraph.iter().any(|r| r.2 - r.1 < 150), "{} bins", bedgraph.len());
    let (chroms, bigwig) = read_bigwig(&dir.path().join("all.bw"));
    let genome = seq_genome::Genome::open(&opts.genome, &Default::default()).expect("genome");
    let chr20 = genome.chroms().iter().find(|c| c.name == "chr20").expect("chr20").len;
    assert_eq!(chroms, vec![("chr20".to_string(), chr20 as u32)]);
    assert_eq!(bigwig, bedgraph);
    // resume: the bedGraph is complete, the bigWig is written again from it
    std::fs::remove_file(dir.path().join("all.bw")).expect("remove");
    let again = predict(&md, &GenomePredictOptions { resume: true, ..opts.clone() });
    assert!(again.resumed);
    assert_eq!(read_bigwig(&dir.path().join("all.bw")).1, bedgraph);
}

/// A genome of two random chromosomes, `chr2` then `chr10` in the FASTA (so the bedGraph's name order is
/// the reverse of the genome's), of `len` bases each.
fn two_chromosomes(path: &Path, len: usize) {
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    let mut text = String::new();
    for name in ["chr2", "chr10"] {
        text.push_str(&format!(">{name}\n"));
        let seq: Vec<u8> = (0..len).map(|_| b"ACGT"[rng.random_range(0..4)]).collect();
        for line in seq.chunks(60) {
            text.push_str(std::str::from_utf8(line).expect("ASCII"));
            text.push('\n');
        }
    }
    std::fs::write(path, text).expect("FASTA written");
}

/// Whole chromosomes in 10-bp bins (4 blocks of bins, so each of 3 shards holds some): the shards merged
/// into a bigWig give the unsharded run's bigWig (and bedGraph); a missing shard or a shard's `--bigwig`
/// is refused and leaves no bigWig.
#[test]
fn shards_merged_into_a_bigwig_equal_the_unsharded_bigwig() {
    let dir = tempfile::tempdir().expect("tempdir");
    let md = model(dir.path(), 200);
    let fasta = dir.path().join("two.fa");
    two_chromosomes(&fasta, 3000);
    let base = GenomePredictOptions {
        genome: fasta,
        stride: Some(10),
        out: dir.path().join("all.bedgraph"),
        ..Default::default()
    };
    let whole = predict(&md, &GenomePredictOptions { bigwig: Some(dir.path().join("all.bw")), ..base.clone() });
    let bedgraph = read_bedgraph(&whole.file);
    let (chroms, want) = read_bigwig(&dir.path().join("all.bw"));
    assert_eq!(chroms, vec![("chr10".to_string(), 3000), ("chr2".to_string(), 3000)]);
    assert_eq!(want, bedgraph);
    assert!(want.iter().any(|r| r.0 == "chr2") && want.iter().any(|r| r.0 == "chr10"));
    let e = genome_predict::<B, Cnn<B>>(
        &md,
        &GenomePredictOptions { shard: Some("0/3".into()), bigwig: Some(dir.path().join("s.bw")), ..base.clone() },
        &Context::default(),
        &Default::default(),
    )
    .expect_err("a shard's bigWig is refused")
    .to_string();
    assert!(e.contains("--bigwig") && e.contains("merge"), "{e}");
    let out = dir.path().join("p.bedgraph");
    let mut parts = Vec::new();
    for i in 0..3 {
        let o = GenomePredictOptions { shard: Some(format!("{i}/3")), out: out.clone(), ..base.clone() };
        let p = predict(&md, &o);
        assert!(!read_bedgraph(&p.file).is_empty(), "shard {i}/3 holds no bins");
        parts.push(p.file);
    }
    parts.reverse();
    let merged = dir.path().join("merged.bw");
    let m = merge(&parts, &merged).expect("merge into a bigWig");
    assert_eq!((m.format.as_str(), m.rows, m.shards), ("bigwig", want.len() as u64, 3));
    assert_eq!(read_bigwig(&merged), (chroms, want));
    let missing = dir.path().join("missing.bw");
    let e = merge(&parts[..2], &missing).expect_err("a missing shard is refused").to_string();
    assert!(e.contains("missing"), "{e}");
    assert!(!missing.exists());
}
