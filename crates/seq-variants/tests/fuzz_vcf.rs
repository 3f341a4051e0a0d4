//! Fuzzing of the VCF reader: generated records read back as the same variants, and mutated records,
//! damaged copies of the shipped (BGZF) VCFs and of their tabix index either read into well-formed
//! variants or fail with an error naming the file — never a panic. Cases per property:
//! `SEQDL_FUZZ_CASES` (see `seq_testkit::fuzz`).

use std::io::Read;
use std::path::Path;

use proptest::prelude::*;
use seq_testkit::fuzz::{bit_flipped, config, mutated, noise, truncated};
use seq_variants::{Region, SequenceSource, SourceError, Variant, VcfOptions, VcfReader};

/// A genome that knows only names and lengths (the reader does not fetch bases).
struct Lengths;

const CHR20: u64 = 63_025_520;

impl SequenceSource for Lengths {
    fn chrom_names(&self) -> Vec<String> {
        vec!["chr20".into(), "c1".into()]
    }
    fn chrom_len(&self, name: &str) -> Option<u64> {
        match name {
            "chr20" => Some(CHR20),
            "c1" => Some(40),
            _ => None,
        }
    }
    fn fetch(&self, _chrom: &str, start: u64, end: u64) -> Result<Vec<u8>, SourceError> {
        Ok(vec![b'A'; end.saturating_sub(start).min(1 << 16) as usize])
    }
}

const HEADER: &str = "##fileformat=VCFv4.2\n##contig=<ID=chr20,length=63025520>\n##contig=<ID=c1,length=40>\n\
#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tINTEGRATION\n";

fn shipped(name: &str) -> std::path::PathBuf {
    seq_testkit::data_path(&format!("hg19_chr20/{name}"))
}

/// The shipped GIAB header followed by its first data lines (plain text), as the mutation seed.
fn seed() -> Vec<u8> {
    let mut text = String::new();
    let file = std::fs::File::open(shipped("test_nist.b37_chr20_100kbp_at_10mb.vcf.gz")).expect("shipped VCF");
    flate2::read::MultiGzDecoder::new(file).read_to_string(&mut text).expect("gunzip");
    let data: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).take(4).collect();
    format!("{HEADER}{}\nc1\t3\trs1\tGTA\tG,GTAA,<DEL>,*\t.\t.\t.\tGT\t0/1\n", data.join("\n")).into_bytes()
}

fn read_all(path: &Path, opts: VcfOptions) -> seq_variants::Result<Vec<Variant>> {
    let mut r = VcfReader::open(path, &Lengths, opts)?;
    (&mut r).collect()
}

/// A successful read gives variants on the genome with A/C/G/T alleles; an error names the file.
fn check(path: &Path, result: seq_variants::Result<Vec<Variant>>) -> Result<(), TestCaseError> {
    match result {
        Ok(vs) => {
            for v in &vs {
                let len = Lengths.chrom_len(&v.chrom);
                prop_assert!(len.is_some(), "variant on {:?}", v.chrom);
                prop_assert!(v.pos >= 1 && v.pos + v.ref_allele.len() as u64 - 1 <= len.unwrap_or(0), "{v:?}");
                let acgt = |s: &str| !s.is_empty() && s.bytes().all(|b| b"ACGT".contains(&b));
                prop_assert!(acgt(&v.ref_allele) && acgt(&v.alt) && v.alt != v.ref_allele, "{v:?}");
            }
        }
        Err(e) => {
            let msg = e.to_string();
            let file = path.file_name().and_then(|f| f.to_str()).unwrap_or_default();
            prop_assert!(msg.contains(file), "error does not name the file: {msg}");
        }
    }
    Ok(())
}

fn allele() -> impl Strategy<Value = String> {
    "[ACGT]{1,6}"
}

proptest! {
    #![proptest_config(config(1000))]

    #[test]
    fn generated_records_read_back_as_the_same_variants(
        recs in proptest::collection::vec((1u64..30, allele(), proptest::collection::vec(allele(), 1..4), any::<bool>()), 1..8)
    ) {
        let mut text = HEADER.to_string();
        let mut expected = Vec::new();
        for (pos, r, alts, lower) in &recs {
            let shown_ref = if *lower { r.to_ascii_lowercase() } else { r.clone() };
            text.push_str(&format!("c1\t{pos}\t.\t{shown_ref}\t{}\t50\tPASS\tDP=3\tGT\t0/1\n", alts.join(",")));
            for a in alts.iter().filter(|a| *a != r) {
                expected.push(("c1".to_string(), *pos, r.clone(), a.clone()));
            }
        }
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("gen.vcf");
        std::fs::write(&path, &text).expect("write VCF");
        let found: Vec<_> = read_all(&path, VcfOptions::default()).expect("read VCF").into_iter()
            .map(|v| (v.chrom, v.pos, v.ref_allele, v.alt)).collect();
        prop_assert_eq!(found, expected);
    }

    #[test]
    fn mutated_vcf_reads_or_fails_naming_the_file(bytes in mutated(seed(), 6), region in any::<bool>()) {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("in.vcf");
        std::fs::write(&path, &bytes).expect("write the fuzz input");
        let regions = if region { vec![Region { chrom: "chr20".into(), start: 10_000_000, end: 10_000_300 }] } else { vec![] };
        check(&path, read_all(&path, VcfOptions { regions, ..VcfOptions::default() }))?;
    }

    #[test]
    fn any_position_reads_or_fails_naming_the_file(pos in prop_oneof![any::<u64>(), u64::MAX - 8..=u64::MAX], r in allele()) {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("pos.vcf");
        std::fs::write(&path, format!("{HEADER}chr20\t{pos}\t.\t{r}\tA\t.\t.\t.\n")).expect("write VCF");
        check(&path, read_all(&path, VcfOptions::default()))?;
    }

    #[test]
    fn arbitrary_data_lines_never_panic_the_vcf_reader(bytes in noise(200)) {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("in.vcf");
        std::fs::write(&path, [HEADER.as_bytes(), &bytes].concat()).expect("write the fuzz input");
        check(&path, read_all(&path, VcfOptions::default()))?;
        std::fs::write(&path, &bytes).expect("write the fuzz input");
        check(&path, read_all(&path, VcfOptions::default()))?;
    }

    #[test]
    fn damaged_shipped_vcfs_read_or_fail_naming_the_file(damaged in damaged_shipped_vcf()) {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("in.vcf.gz");
        std::fs::write(&path, &damaged).expect("write the fuzz input");
        check(&path, read_all(&path, VcfOptions::default()))?;
    }

    #[test]
    fn damaged_tabix_index_reads_or_fails(tbi in prop_oneof![
        truncated(std::fs::read(shipped(GIAB_TBI)).expect("shipped index")),
        bit_flipped(std::fs::read(shipped(GIAB_TBI)).expect("shipped index"), 3),
    ]) {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("in.vcf.gz");
        std::os::unix::fs::symlink(shipped(GIAB), &path).expect("link the shipped VCF");
        std::fs::write(dir.path().join("in.vcf.gz.tbi"), &tbi).expect("write the fuzz input");
        let regions = vec![Region { chrom: "chr20".into(), start: 10_000_000, end: 10_050_000 }];
        match read_all(&path, VcfOptions { regions, ..VcfOptions::default() }) {
            Ok(vs) => prop_assert!(vs.iter().all(|v| v.chrom == "chr20" && (10_000_000..=10_050_000).contains(&v.pos))),
            Err(e) => prop_assert!(e.to_string().contains("in.vcf.gz"), "error does not name the file: {e}"),
        }
    }
}

const GIAB: &str = "test_nist.b37_chr20_100kbp_at_10mb.vcf.gz";
const GIAB_TBI: &str = "test_nist.b37_chr20_100kbp_at_10mb.vcf.gz.tbi";

/// A truncated or bit-flipped copy of one of the shipped BGZF VCFs.
fn damaged_shipped_vcf() -> impl Strategy<Value = Vec<u8>> {
    proptest::sample::select(vec![GIAB, "vt_1kg_20_indels.vcf.gz"]).prop_flat_map(|name| {
        let bytes = std::fs::read(shipped(name)).expect("shipped VCF");
        prop_oneof![truncated(bytes.clone()), bit_flipped(bytes, 3)]
    })
}
