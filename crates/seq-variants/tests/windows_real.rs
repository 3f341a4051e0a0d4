//! Reference/alternative windows: hand-computed cases, the SNV and insertion/deletion properties on the real
//! variants, REF checking against the genome (0 mismatches on both files) and the error/skip options.

mod common;

use common::{data, BgzfGenome, GIAB, KG};
use seq_variants::windows::{build_windows, centre};
use seq_variants::*;
use std::path::Path;
use std::sync::Arc;

fn variant(chrom: &str, pos: u64, r: &str, a: &str) -> Variant {
    Variant {
        chrom: chrom.into(),
        vcf_chrom: chrom.into(),
        chrom_rank: 0,
        pos,
        id: ".".into(),
        ref_allele: r.into(),
        alt: a.into(),
        kind: VariantKind::of(r, a),
        record_index: 0,
        alt_index: 0,
        n_alts: 1,
        line: Some(7),
        raw: Arc::from(""),
    }
}

fn windows(g: &dyn SequenceSource, v: &Variant, l: usize) -> WindowPair {
    let mut report = SkipReport::default();
    build_windows(g, v, &WindowOptions::new(l), Path::new("t.vcf"), &mut report).expect("builds").expect("not skipped")
}

#[test]
fn hand_computed_windows() {
    //                 0         1
    //                 0123456789012345
    let g = InMemoryGenome::new(vec![("c".into(), b"ACGTACGTTTGGCCAA".to_vec())]).expect("genome");
    // L = 6: the variant's base sits at index 3, the window starts at p - 3.
    // SNV at POS 8 (0-based 7, 'T'): window [4, 10) = ACGTTT
    let w = windows(&g, &variant("c", 8, "T", "G"), 6);
    assert_eq!((w.reference.as_slice(), w.alternative.as_slice(), w.start), (&b"ACGTTT"[..], &b"ACGGTT"[..], 4));
    // insertion T → TCC at POS 8: left flank kept, right side pushed out
    let w = windows(&g, &variant("c", 8, "T", "TCC"), 6);
    assert_eq!(w.alternative, b"ACGTCC");
    // deletion TTT → T at POS 8: two more genome bases pulled in on the right ([10, 12) = GG)
    let w = windows(&g, &variant("c", 8, "TTT", "T"), 6);
    assert_eq!((w.reference.as_slice(), w.alternative.as_slice()), (&b"ACGTTT"[..], &b"ACGTGG"[..]));
    // MNV: exactly the REF span changes
    let w = windows(&g, &variant("c", 8, "TT", "AA"), 6);
    assert_eq!(w.alternative, b"ACGAAT");
    // chromosome ends are padded with N (counted)
    let mut report = SkipReport::default();
    let w = build_windows(&g, &variant("c", 2, "C", "A"), &WindowOptions::new(6), Path::new("t.vcf"), &mut report)
        .expect("ok")
        .expect("kept");
    assert_eq!((w.reference.as_slice(), w.alternative.as_slice(), w.start), (&b"NNACGT"[..], &b"NNAAGT"[..], -2));
    assert_eq!(report.edge_padded, 1);
    let w = windows(&g, &variant("c", 16, "A", "G"), 6);
    assert_eq!(w.reference, b"CCAANN");
}

#[test]
fn ref_mismatch_errors_or_is_counted() {
    let g = InMemoryGenome::new(vec![("c".into(), b"ACGTACGTTTGGCCAA".to_vec())]).expect("genome");
    let v = variant("c", 8, "G", "A");
    let mut report = SkipReport::default();
    let err = build_windows(&g, &v, &WindowOptions::new(6), Path::new("calls.vcf"), &mut report).expect_err("mismatch");
    let msg = err.to_string();
    assert!(msg.contains("calls.vcf") && msg.contains("line 7") && msg.contains("\"T\""), "{msg}");
    let opts = WindowOptions { skip_ref_mismatch: true, ..WindowOptions::new(6) };
    assert_eq!(build_windows(&g, &v, &opts, Path::new("calls.vcf"), &mut report).expect("skips"), None);
    assert_eq!(report.count(SkipReason::RefMismatch), 1);
}

#[test]
fn allele_longer_than_window_errors_or_is_counted() {
    let g = InMemoryGenome::new(vec![("c".into(), b"ACGTACGTTTGGCCAA".to_vec())]).expect("genome");
    let v = variant("c", 2, "C", "CAAAAAA"); // ALT of 7 > L = 6
    let mut report = SkipReport::default();
    let msg = build_windows(&g, &v, &WindowOptions::new(6), Path::new("calls.vcf"), &mut report)
        .expect_err("too long")
        .to_string();
    assert!(msg.contains("calls.vcf") && msg.contains("line 7") && msg.contains("longer than the window"), "{msg}");
    let opts = WindowOptions { skip_long_alleles: true, ..WindowOptions::new(6) };
    assert_eq!(build_windows(&g, &v, &opts, Path::new("calls.vcf"), &mut report).expect("skips"), None);
    assert_eq!(report.count(SkipReason::AlleleLongerThanWindow), 1);
}

fn all_batches(vcf: &str, alias: ChromAlias, genome: &dyn SequenceSource, l: usize) -> (Vec<Batch>, SkipReport) {
    let reader = VcfReader::open(&data(vcf), genome, VcfOptions { alias, ..Default::default() }).expect("opens");
    let mut batches = VariantBatches::new(reader, genome, WindowOptions::new(l), 16).expect("batches");
    let all: Vec<Batch> = (&mut batches).collect::<Result<_>>().expect("0 REF mismatches: strict mode succeeds");
    (all, batches.report().clone())
}

#[test]
fn real_files_have_no_ref_mismatch_and_every_allele_is_accounted() {
    let genome = BgzfGenome::hg19_chr20();
    for (vcf, alias, records, alleles) in [(GIAB, ChromAlias::None, 221, 222), (KG, ChromAlias::AddChr, 194, 194)] {
        let (batches, report) = all_batches(vcf, alias, &genome, 1000);
        assert_eq!((report.records, report.alleles), (records, alleles), "{vcf}");
        assert_eq!(report.count(SkipReason::RefMismatch), 0, "{vcf}");
        let n: usize = batches.iter().map(Batch::len).sum();
        assert_eq!(n as u64, report.variants);
        assert_eq!(report.alleles, report.variants + report.skipped(), "{vcf}: every allele scored or skipped");
        assert!(batches.iter().all(|b| b.len() <= 16 && b.reference.len() == b.len() * 1000));
        for b in &batches {
            for (i, v) in b.variants.iter().enumerate() {
                let (r, a) = (b.ref_window(i), b.alt_window(i));
                let c = centre(1000);
                assert_eq!(&r[c..c + v.ref_allele.len()], v.ref_allele.as_bytes(), "{vcf}: REF at the centre");
                assert_eq!(&a[..c], &r[..c], "{vcf}: left flank kept");
                let shown = v.alt.len().min(1000 - c);
                assert_eq!(&a[c..c + shown], &v.alt.as_bytes()[..shown]);
                if v.kind == VariantKind::Snv {
                    let diff: Vec<usize> = (0..1000).filter(|&j| r[j] != a[j]).collect();
                    assert_eq!(diff, vec![c], "{vcf}: an SNV changes exactly the centre");
                }
            }
        }
        let onehot = batches[0].alt_onehot();
        assert_eq!(onehot.len(), batches[0].len() * 4000);
    }
}

/// Applies an insertion to a stretch of chr20, then deletes the inserted bases again on that haplotype:
/// the deletion's alternative window is the original reference window.
#[test]
fn insertion_then_deletion_gives_back_the_reference_window() {
    let genome = BgzfGenome::hg19_chr20();
    let l = 1000;
    let reader = VcfReader::open(&data(KG), &genome, VcfOptions { alias: ChromAlias::AddChr, ..Default::default() })
        .expect("opens");
    let insertions: Vec<Variant> =
        reader.map(|v| v.expect("reads")).filter(|v| v.kind == VariantKind::Insertion).collect();
    assert!(insertions.len() > 50, "{} insertions", insertions.len());
    // GIAB's A → AA,AG is an insertion too; the 1000 Genomes file alone has plenty.
    for ins in &insertions {
        let p = ins.start0();
        let (lo, hi) = (p - 3000, p + 3000);
        let local = genome.fetch("chr20", lo, hi).expect("fetch");
        let g = InMemoryGenome::new(vec![("w".into(), local.clone())]).expect("genome");
        let mut v = ins.clone();
        v.chrom = "w".into();
        v.pos = p - lo + 1;
        let w_ins = windows(&g, &v, l);
        // the haplotype carrying the insertion
        let off = (p - lo) as usize;
        let mut hap = local[..off].to_vec();
        hap.extend_from_slice(v.alt.as_bytes());
        hap.extend_from_slice(&local[off + v.ref_allele.len()..]);
        let h = InMemoryGenome::new(vec![("w".into(), hap)]).expect("haplotype");
        let mut del = v.clone();
        del.ref_allele = v.alt.clone();
        del.alt = v.ref_allele.clone();
        del.kind = VariantKind::of(&del.ref_allele, &del.alt);
        let w_del = windows(&h, &del, l);
        assert_eq!(w_del.reference, w_ins.alternative, "{}: the haplotype's reference is the insertion's alt", ins.pos);
        assert_eq!(w_del.alternative, w_ins.reference, "{}: deleting the insertion restores the reference", ins.pos);
    }
}
