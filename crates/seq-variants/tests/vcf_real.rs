//! The VCF reader on the real files of `data/hg19_chr20/` against the BGZF genome.

mod common;

use common::{data, BgzfGenome, GIAB, KG};
use seq_variants::*;
use std::io::{Read, Write};

fn read_all(path: &std::path::Path, genome: &dyn SequenceSource, opts: VcfOptions) -> (Vec<Variant>, SkipReport) {
    let mut reader = VcfReader::open(path, genome, opts).expect("the VCF opens");
    let variants: Vec<Variant> = (&mut reader).collect::<Result<_>>().expect("every record reads");
    (variants, reader.report().clone())
}

#[test]
fn giab_has_221_records_186_snvs_and_one_multiallelic_split() {
    let genome = BgzfGenome::hg19_chr20();
    let (variants, report) = read_all(&data(GIAB), &genome, VcfOptions::default());
    assert_eq!(report.records, 221);
    // one record is A → AA,AG: 222 ALT alleles, all scorable
    assert_eq!(report.alleles, 222);
    assert_eq!(report.variants, 222);
    assert_eq!(report.skipped(), 0);
    assert_eq!(variants.len(), 222);
    let snvs = variants.iter().filter(|v| v.kind == VariantKind::Snv).count();
    assert_eq!(snvs, 186);
    let split: Vec<&Variant> = variants.iter().filter(|v| v.n_alts == 2).collect();
    assert_eq!(split.len(), 2);
    assert_eq!((split[0].pos, split[0].alt.as_str(), split[0].alt_index), (10004223, "AA", 0));
    assert_eq!((split[1].pos, split[1].alt.as_str(), split[1].alt_index), (10004223, "AG", 1));
    assert_eq!(split[0].record_index, split[1].record_index);
    // the first data line follows the header
    let header_lines = VcfReader::open(&data(GIAB), &genome, VcfOptions::default()).expect("opens").header().lines;
    assert_eq!(variants[0].line, Some(header_lines + 1));
    assert_eq!((variants[0].pos, variants[0].ref_allele.as_str(), variants[0].alt.as_str()), (10000117, "C", "T"));
}

#[test]
fn kg_indels_need_the_chr_alias_and_then_all_194_read() {
    let genome = BgzfGenome::hg19_chr20();
    let err = VcfReader::open(&data(KG), &genome, VcfOptions::default())
        .expect("opens")
        .collect::<Result<Vec<_>>>()
        .expect_err("chromosome 20 is not in the genome without an alias");
    let msg = err.to_string();
    assert!(
        msg.contains("vt_1kg_20_indels.vcf.gz")
            && msg.contains("line ")
            && msg.contains("chr20")
            && msg.contains("add-chr"),
        "{msg}"
    );

    let opts = VcfOptions { alias: ChromAlias::AddChr, ..Default::default() };
    let (variants, report) = read_all(&data(KG), &genome, opts);
    assert_eq!((report.records, report.variants, report.skipped()), (194, 194, 0));
    assert!(variants.iter().all(|v| matches!(v.kind, VariantKind::Insertion | VariantKind::Deletion)));
    assert!(variants.iter().all(|v| v.chrom == "chr20" && v.vcf_chrom == "20"));
}

#[test]
fn plain_gzip_and_bgzf_read_the_same_variants() {
    let genome = BgzfGenome::hg19_chr20();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut text = String::new();
    flate2::read::MultiGzDecoder::new(std::fs::File::open(data(GIAB)).expect("open"))
        .read_to_string(&mut text)
        .expect("gunzip");
    let plain = dir.path().join("giab.vcf");
    std::fs::write(&plain, &text).expect("write plain");
    let gz = dir.path().join("giab.vcf.gz");
    let mut enc =
        flate2::write::GzEncoder::new(std::fs::File::create(&gz).expect("create"), flate2::Compression::default());
    enc.write_all(text.as_bytes()).expect("gzip");
    enc.finish().expect("gzip end");
    let (bgzf, _) = read_all(&data(GIAB), &genome, VcfOptions::default());
    let (p, _) = read_all(&plain, &genome, VcfOptions::default());
    let (g, _) = read_all(&gz, &genome, VcfOptions::default());
    assert_eq!(bgzf, p);
    assert_eq!(bgzf, g);
}

#[test]
fn tabix_region_query_equals_filtering_the_stream() {
    let genome = BgzfGenome::hg19_chr20();
    let region: Region = "chr20:10000000-10050000".parse().expect("region");
    let opts = VcfOptions { regions: vec![region.clone()], ..Default::default() };
    let mut reader = VcfReader::open(&data(GIAB), &genome, opts.clone()).expect("opens");
    assert!(reader.is_indexed(), "a BGZF VCF with .tbi is queried through the index");
    let indexed: Vec<Variant> = (&mut reader).collect::<Result<_>>().expect("query reads");
    // the same file without its index: streamed and filtered
    let dir = tempfile::tempdir().expect("temp dir");
    let copy = dir.path().join("giab.vcf.gz");
    std::fs::copy(data(GIAB), &copy).expect("copy");
    let mut streamed_reader = VcfReader::open(&copy, &genome, opts).expect("opens");
    assert!(!streamed_reader.is_indexed());
    let streamed: Vec<Variant> = (&mut streamed_reader).collect::<Result<_>>().expect("stream reads");
    let strip = |v: &[Variant]| {
        v.iter().map(|v| (v.pos, v.ref_allele.clone(), v.alt.clone(), v.record_index)).collect::<Vec<_>>()
    };
    assert_eq!(strip(&indexed), strip(&streamed));
    let (all, _) = read_all(&data(GIAB), &genome, VcfOptions::default());
    let expected = all.iter().filter(|v| (10_000_000..=10_050_000).contains(&v.pos)).count();
    assert_eq!(indexed.len(), expected);
    assert!(expected > 50 && expected < all.len(), "the region holds part of the file ({expected})");
    assert!(indexed.iter().all(|v| v.line.is_none()), "lines are unknown through the index");
    assert_eq!(reader.report().variants as usize, expected);
}

#[test]
fn region_on_kg_through_alias() {
    let genome = BgzfGenome::hg19_chr20();
    let opts = VcfOptions {
        alias: ChromAlias::AddChr,
        regions: vec!["chr20:1-2000000".parse().expect("region")],
        shard: None,
    };
    let (v, _) = read_all(&data(KG), &genome, opts);
    assert!(!v.is_empty() && v.iter().all(|v| v.pos <= 2_000_000), "{}", v.len());
    assert_eq!(v[0].pos, 421808);
}
