//! ISM maps of the top variants (`VariantOptions::ism_top`) on the shipped hg19 chr20 GIAB calls with a small
//! random CNN: the chosen variants are the K largest |logit_diff| of the TSV, and every map equals `seqdl
//! explain --method ism` on the same window sequence.

use std::path::{Path, PathBuf};

use seq_app::backend::{Ad, Cpu};
use seq_app::pipelines::explain::{explain, ExplainOptions, Method, Rank};
use seq_app::pipelines::variants::{variants, VariantOptions};
use seq_app::{Context, DataSource, ModelDir};
use seq_genome::{Genome, GenomeOptions};
use seq_io::h5::arrays::AttributionFile;
use seq_models::Cnn;

type B = Cpu;
const L: usize = 1000;
const K: usize = 6;

fn data(name: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/hg19_chr20/")).join(name)
}

fn model(dir: &Path) -> ModelDir {
    let cnn: Cnn<B> = seq_models::cnn::presets::seed000(L).init::<B>(&Default::default(), 11).expect("valid preset");
    let md = ModelDir::new(dir.join("model"));
    md.save::<B, Cnn<B>>(&cnn).expect("model saved");
    md
}

/// `(chrom, pos, ref, alt)` and the fields of each data line of a TSV with a header.
fn table(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut lines = text.lines();
    let header = lines.next().expect("header").split('\t').map(str::to_string).collect();
    (header, lines.map(|l| l.split('\t').map(str::to_string).collect()).collect())
}

fn col(header: &[String], name: &str) -> usize {
    header.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name} in {header:?}"))
}

#[test]
fn top_variants_are_the_largest_effects_and_maps_equal_explain_ism() {
    let dir = tempfile::tempdir().expect("tempdir");
    let md = model(dir.path());
    let out = dir.path().join("top");
    let opts = VariantOptions {
        vcf: data("test_nist.b37_chr20_100kbp_at_10mb.vcf.gz"),
        genome: data("hg19_chr20.fa.gz"),
        out: out.clone(),
        ism_top: Some(K),
        ..Default::default()
    };
    let run = variants::<B, Cnn<B>>(&md, &opts, &Context::default(), &Default::default()).expect("variants run");
    assert!(run.report.variants as usize > 10 * K);
    // the K largest |logit_diff| of the TSV, in that order (ties: none expected on these scores)
    let (th, tsv) = table(&dir.path().join("top.tsv"));
    let effect = col(&th, "logit_diff_task_0");
    let mut ranked: Vec<&Vec<String>> = tsv.iter().collect();
    ranked.sort_by(|a, b| {
        let v = |r: &Vec<String>| r[effect].parse::<f32>().expect("score").abs();
        v(b).total_cmp(&v(a))
    });
    let (ih, index) = table(&dir.path().join("top.ism.tsv"));
    assert_eq!(index.len(), 2 * K);
    let key = |r: &Vec<String>, h: &[String]| ["chrom", "pos", "ref", "alt"].map(|c| r[col(h, c)].clone()).join(":");
    for r in 0..K {
        let (ref_row, alt_row) = (&index[2 * r], &index[2 * r + 1]);
        assert_eq!((ref_row[col(&ih, "allele")].as_str(), alt_row[col(&ih, "allele")].as_str()), ("ref", "alt"));
        assert_eq!(key(ref_row, &ih), key(ranked[r], &th), "rank {r}");
        assert_eq!(ref_row[col(&ih, "logit_diff_task_0")], ranked[r][effect]);
        assert_eq!(ref_row[col(&ih, "offset")], (L / 2 - 20).to_string());
        let logo = dir.path().join("top.ism-logos").join(&ref_row[col(&ih, "logo")]);
        assert!(std::fs::read(&logo).expect("logo").starts_with(b"\x89PNG\r\n\x1a\n"), "{}", logo.display());
    }
    let maps = AttributionFile::read(&dir.path().join("top.ism.h5")).expect("ISM file");
    assert_eq!((maps.method.as_str(), maps.target, maps.n(), maps.len()), ("ism", 0, 2 * K, 41));
    // the same windows through explain (the alternative spliced by seq-variants' rule)
    let genome = Genome::open(&data("hg19_chr20.fa.gz"), &GenomeOptions::default()).expect("genome");
    let (mut fasta, mut rows) = (String::new(), Vec::new());

    for (i, r) in index.iter().enumerate() {
        let (pos, rf, alt) =
            (r[col(&ih, "pos")].parse::<u64>().expect("pos"), &r[col(&ih, "ref")], &r[col(&ih, "alt")]);
        let start = pos - 1 - (L / 2) as u64;
        let seq = genome.fetch("chr20", start, start + (L + rf.len()) as u64).expect("window");
        let w = match r[col(&ih, "allele")].as_str() {
            "alt" => seq_variants::windows::splice(&seq, L / 2, rf.len(), alt.as_bytes(), L),
            _ => seq[..L].to_vec(),
        };
        assert_eq!(r[col(&ih, "genome_start")], (start + (L / 2 - 20) as u64 + 1).to_string());
        fasta.push_str(&format!(">w{i}\n{}\n", String::from_utf8(w).expect("ASCII")));
        rows.push(i);
    }
    let fa = dir.path().join("windows.fa");
    std::fs::write(&fa, fasta).expect("FASTA written");
    let source = DataSource { fasta: Some(fa), ..Default::default() };
    let ex_opts = ExplainOptions {
        method: Method::Ism,
        rank: Rank::First,
        logos: 0,
        out: dir.path().join("explain"),
        ..Default::default()
    };
    let ex =
        explain::<B, Cnn<Ad<B>>>(&md, &source, &ex_opts, &Context::default(), &Default::default()).expect("explain");
    let mut nonzero = 0;
    for (j, &i) in rows.iter().enumerate() {
        for b in 0..4 {
            for p in 0..41 {
                let want = ex.file.values[(j * 4 + b) * L + L / 2 - 20 + p];
                let got = maps.values[(i * 4 + b) * 41 + p];
                assert!((got - want).abs() <= 1e-5, "row {i}, base {b}, column {p}: map {got}, explain {want}");
                nonzero += usize::from(got != 0.0);
            }
        }
        assert!((maps.predictions[i] - ex.file.predictions[j]).abs() <= 1e-6, "prediction of row {i}");
        assert_eq!(
            &maps.input.x[i * 4 * 41..(i + 1) * 4 * 41],
            &{
                let x = &ex.file.input.x[j * 4 * L..(j + 1) * 4 * L];
                (0..4).flat_map(|b| x[b * L + L / 2 - 20..b * L + L / 2 + 21].to_vec()).collect::<Vec<f32>>()
            }[..]
        );
    }
    assert!(nonzero > rows.len() * 41, "the maps must react to substitutions ({nonzero} nonzero)");
}
