//! `seqdl scan` over genome windows (ENCODE CTCF peaks on hg19 chr20 with JASPAR's CTCF motif), FASTA
//! scanning of the same sequences, `seqdl tomtom`, and the bad inputs of both.

mod common;

use common::{fails, ok, s};
use std::io::Read;
use std::path::{Path, PathBuf};

fn data(rel: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/")).join(rel)
}

fn genome() -> PathBuf {
    data("hg19_chr20/hg19_chr20.fa.gz")
}

fn jaspar() -> PathBuf {
    data("jaspar/JASPAR_CORE_2016_vertebrates.meme")
}

/// The `n` strongest chr20 CTCF peaks of the common width 360 (narrowPeak lines, file order kept).
fn strong_peaks(n: usize) -> Vec<String> {
    let mut text = String::new();
    flate2::read::GzDecoder::new(
        std::fs::File::open(data("hg19_chr20/wgEncodeAwgTfbsBroadGm12878CtcfUniPk.narrowPeak.gz")).unwrap(),
    )
    .read_to_string(&mut text)
    .unwrap();
    let mut peaks: Vec<(f64, &str)> = text
        .lines()
        .filter(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            c[0] == "chr20" && c[2].parse::<u64>().unwrap() - c[1].parse::<u64>().unwrap() == 360
        })
        .map(|l| (l.split('\t').nth(6).unwrap().parse::<f64>().unwrap(), l))
        .collect();
    peaks.sort_by(|a, b| b.0.total_cmp(&a.0));
    peaks.into_iter().take(n).map(|(_, l)| l.to_string()).collect()
}

fn region(line: &str) -> (u64, u64) {
    let c: Vec<&str> = line.split('\t').collect();
    (c[1].parse().unwrap(), c[2].parse().unwrap())
}

/// TSV rows of `seqdl scan` (header skipped), split into columns.
fn rows(path: &Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some(seq_motifs::fimo::TSV_HEADER));
    lines.map(|l| l.split('\t').map(str::to_string).collect()).collect()
}

fn revcomp(seq: &[u8]) -> Vec<u8> {
    seq.iter()
        .rev()
        .map(|b| match b {
            b'A' => b'T',
            b'C' => b'G',
            b'G' => b'C',
            b'T' => b'A',
            x => *x,
        })
        .collect()
}

/// MA0139.1 (CTCF) as probabilities, from the JASPAR file the binary embeds.
fn ctcf() -> Vec<[f64; 4]> {
    let text = std::fs::read_to_string(jaspar()).unwrap();
    let block = text.split("MOTIF MA0139.1 CTCF").nth(1).unwrap();
    block
        .lines()
        .skip(3)
        .take(19)
        .map(|l| {
            let v: Vec<f64> = l.split_whitespace().map(|x| x.parse().unwrap()).collect();
            [v[0], v[1], v[2], v[3]]
        })
        .collect()
}

/// FIMO's log-odds score of `window` against a uniform background (pseudocount 1e-4).
fn score(window: &[u8]) -> f64 {
    let pwm = ctcf();
    let total: f64 = window
        .iter()
        .zip(&pwm)
        .map(|(b, col)| {
            let k = b"ACGT".iter().position(|x| x == b).unwrap();
            let sum: f64 = col.iter().sum();
            (col[k] / sum + 1e-4).log2() - 0.25f64.log2()
        })
        .sum();
    total
}

#[test]
fn genome_windows_scan_as_fasta_records_in_genome_coordinates() {
    let dir = tempfile::tempdir().unwrap();
    let peaks = strong_peaks(8);
    assert_eq!(peaks.len(), 8);
    let bed = dir.path().join("ctcf.narrowPeak");
    std::fs::write(&bed, peaks.join("\n") + "\n").unwrap();
    // The same windows as FASTA records, cut from the genome.
    let source = seq_app::GenomeSource::open(&genome()).unwrap();
    let mut fasta = String::new();
    let mut order: Vec<(u64, u64)> = peaks.iter().map(|l| region(l)).collect();
    order.sort();
    for &(a, b) in &order {
        let seq = source.genome().fetch("chr20", a, b).unwrap();
        fasta.push_str(&format!(">chr20:{a}-{b}\n{}\n", String::from_utf8(seq).unwrap()));
    }
    let fa = dir.path().join("peaks.fa");
    std::fs::write(&fa, fasta).unwrap();

    let g_tsv = dir.path().join("genome.tsv");
    let g_bed = dir.path().join("genome.bed");
    let f_tsv = dir.path().join("fasta.tsv");
    let base = ["scan", "--motif", "MA0139.1", "--threshold", "1e-4"];
    for out in [&g_tsv, &g_bed] {
        ok(&[&base[..], &["--genome", s(&genome()), "--regions", s(&bed), "--out", s(out)]].concat());
    }
    ok(&[&base[..], &["--fasta", s(&fa), "--out", s(&f_tsv)]].concat());

    let genome_rows = rows(&g_tsv);
    assert!(genome_rows.len() >= 4, "CTCF peaks hold CTCF sites: {genome_rows:?}");
    // FASTA hits shifted by their record's start are the genome hits (scores, p and q included).
    let mut shifted: Vec<Vec<String>> = rows(&f_tsv)
        .into_iter()
        .map(|mut r| {
            let (chrom, span) = r[1].split_once(':').unwrap();
            let a: u64 = span.split_once('-').unwrap().0.parse().unwrap();
            r[1] = chrom.to_string();
            r[2] = (r[2].parse::<u64>().unwrap() + a).to_string();
            r[3] = (r[3].parse::<u64>().unwrap() + a).to_string();
            r
        })
        .collect();
    let mut sorted = genome_rows.clone();
    sorted.sort();
    shifted.sort();
    assert_eq!(sorted, shifted);
    // Hits are written by position, inside the regions, below the threshold.
    let starts: Vec<u64> = genome_rows.iter().map(|r| r[2].parse().unwrap()).collect();
    assert!(starts.windows(2).all(|w| w[0] <= w[1]), "{starts:?}");
    for r in &genome_rows {
        let (start, end): (u64, u64) = (r[2].parse().unwrap(), r[3].parse().unwrap());
        assert_eq!((r[0].as_str(), r[1].as_str(), end - start), ("MA0139.1", "chr20", 19));
        assert!(order.iter().any(|&(a, b)| a <= start && end <= b), "{r:?} outside the regions");
        let p: f64 = r[6].parse().unwrap();
        assert!(p > 0.0 && p <= 1e-4, "{r:?}");
        // The reported score is the motif's on the genome's letters read on the hit's strand.
        let site = source.genome().fetch("chr20", start, end).unwrap();
        let oriented = if r[4] == "+" { site.clone() } else { revcomp(&site) };
        let reported: f64 = r[5].parse().unwrap();
        assert!((score(&oriented) - reported).abs() < 1e-4, "{r:?}: {}", score(&oriented));
    }
    // The best hit, on its strand, is close to the consensus, and better than the other strand.
    let best =
        genome_rows.iter().max_by(|a, b| a[5].parse::<f64>().unwrap().total_cmp(&b[5].parse().unwrap())).unwrap();
    let (start, end) = (best[2].parse().unwrap(), best[3].parse().unwrap());
    let site = source.genome().fetch("chr20", start, end).unwrap();
    let (on, off) = if best[4] == "+" { (site.clone(), revcomp(&site)) } else { (revcomp(&site), site.clone()) };
    assert!(score(&on) > 15.0 && score(&on) > score(&off) + 10.0, "{best:?}");
    // BED: chrom, start, end, motif, score, strand, p, q in genome coordinates, the TSV's hits.
    let bed_text = std::fs::read_to_string(&g_bed).unwrap();
    let bed_rows: Vec<Vec<&str>> = bed_text.lines().skip(1).map(|l| l.split('\t').collect()).collect();
    assert_eq!(bed_rows.len(), genome_rows.len());
    for (b, t) in bed_rows.iter().zip(&genome_rows) {
        assert_eq!(
            (b[0], b[1], b[2], b[3], b[5]),
            (t[1].as_str(), t[2].as_str(), t[3].as_str(), "MA0139.1", t[4].as_str())
        );
    }
}

#[test]
fn whole_chromosome_and_chr_prefix_aliases() {
    let dir = tempfile::tempdir().unwrap();
    // `20` finds chr20 with --chr-prefix; hits keep the genome's name.
    let bed = dir.path().join("r.bed");
    let (a, b) = region(&strong_peaks(1)[0]);
    std::fs::write(&bed, format!("20\t{a}\t{b}\n")).unwrap();
    let out = dir.path().join("alias.tsv");
    ok(&[
        "scan",
        "--motif",
        "MA0139.1",
        "--genome",
        s(&genome()),
        "--regions",
        s(&bed),
        "--chr-prefix",
        "--out",
        s(&out),
    ]);
    let hits = rows(&out);
    assert!(!hits.is_empty() && hits.iter().all(|r| r[1] == "chr20"));
    let err = fails(&["scan", "--motif", "MA0139.1", "--genome", s(&genome()), "--regions", s(&bed), "--out", s(&out)]);
    assert!(err.contains("r.bed:1") && err.contains("\"20\""), "{err}");
    // A whole chromosome, strict threshold: the strongest CTCF sites of chr20, spread along it.
    let out = dir.path().join("chr20.bed");
    ok(&[
        "scan",
        "--motif",
        "MA0139.1",
        "--genome",
        s(&genome()),
        "--chrom",
        "chr20",
        "--threshold",
        "1e-8",
        "--out",
        s(&out),
    ]);
    let text = std::fs::read_to_string(&out).unwrap();
    let starts: Vec<u64> = text.lines().skip(1).map(|l| l.split('\t').nth(1).unwrap().parse().unwrap()).collect();
    assert!(starts.len() > 20, "{} hits", starts.len());
    assert!(starts.windows(2).all(|w| w[0] <= w[1]));
    assert!(*starts.last().unwrap() > 50_000_000, "hits reach the end of chr20");
}

#[test]
fn scan_bad_inputs_name_the_option_or_the_file_and_line_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("hits.bed");
    let g = genome();
    let bed = |name: &str, text: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    };
    let good = bed("good.bed", "chr20\t1000000\t1000400\n");
    let scan = |extra: &[&str]| fails(&[&["scan", "--motif", "MA0139.1", "--out", s(&out)][..], extra].concat());

    let err = scan(&["--genome", s(&g), "--regions", s(&good), "--background", "0.3,0.3,0.3,0.3"]);
    assert!(err.contains("background") && err.contains("sum to 1.2"), "{err}");
    let err = scan(&["--genome", s(&g), "--regions", s(&good), "--background", "0.5,0.5"]);
    assert!(err.contains("--background") && err.contains("4 probabilities"), "{err}");
    let beyond = bed("beyond.bed", "chr20\t1000000\t1000400\nchr20\t63025000\t63026000\n");
    let err = scan(&["--genome", s(&g), "--regions", s(&beyond)]);
    assert!(err.contains("beyond.bed:2") && err.contains("63025520"), "{err}");
    let unknown = bed("unknown.bed", "chr99\t100\t500\n");
    let err = scan(&["--genome", s(&g), "--regions", s(&unknown)]);
    assert!(err.contains("unknown.bed:1") && err.contains("chr99"), "{err}");
    let err = scan(&["--genome", s(&g), "--chrom", "chr7"]);
    assert!(err.contains("--chrom") && err.contains("chr7"), "{err}");
    let fa = bed("x.fa", ">a\nACGTACGTACGTACGTACGTACGT\n");
    let err = scan(&["--fasta", s(&fa), "--genome", s(&g), "--regions", s(&good)]);
    assert!(err.contains("--fasta") && err.contains("--genome"), "{err}");
    let err = scan(&["--genome", s(&g)]);
    assert!(err.contains("--regions") && err.contains("--chrom"), "{err}");
    let err = scan(&["--genome", s(&g), "--regions", s(&good), "--chrom", "chr20"]);
    assert!(err.contains("--regions") && err.contains("--chrom"), "{err}");
    let err = fails(&["scan", "--out", s(&out)]);
    assert!(err.contains("--h5") && err.contains("--fasta") && err.contains("--genome"), "{err}");
    let err = scan(&["--genome", s(&dir.path().join("missing.fa")), "--regions", s(&good)]);
    assert!(err.contains("--genome") && err.contains("missing.fa"), "{err}");
    let err = fails(&["scan", "--motif", "NOPE", "--genome", s(&g), "--regions", s(&good), "--out", s(&out)]);
    assert!(err.contains("--motif") && err.contains("NOPE") && err.contains("JASPAR"), "{err}");
    assert!(!out.exists());
}

fn ctcf_query(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(jaspar()).unwrap();
    let header: String = text.split("MOTIF").next().unwrap().to_string();
    let block = text.split("MOTIF MA0139.1 CTCF").nth(1).unwrap().split("MOTIF").next().unwrap();
    let p = dir.join("query.meme");
    std::fs::write(&p, format!("{header}MOTIF MA0139.1 CTCF{block}")).unwrap();
    p
}

#[test]
fn tomtom_finds_ctcf_for_ctcf() {
    let dir = tempfile::tempdir().unwrap();
    let q = ctcf_query(dir.path());
    let out = dir.path().join("tomtom.tsv");
    let stdout = ok(&["tomtom", "--queries", s(&q), "--out", s(&out)]);
    assert!(
        stdout.lines().any(|l| l.starts_with("MA0139.1") && l.split_whitespace().nth(1) == Some("MA0139.1")),
        "{stdout}"
    );
    let text = std::fs::read_to_string(&out).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().trim_start_matches('#').split('\t').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap_or_else(|| panic!("{name} in {header:?}"));
    let first: Vec<&str> = lines.next().unwrap().split('\t').collect();
    assert_eq!((first[col("query_id")], first[col("target_id")]), ("MA0139.1", "MA0139.1"));
    assert!(first[col("q_value")].parse::<f64>().unwrap() < 0.01, "{first:?}");
    // --query picks one motif of a larger file: the same best match.
    let out2 = dir.path().join("one.tsv");
    let stdout = ok(&["tomtom", "--queries", s(&jaspar()), "--query", "MA0139.1", "--out", s(&out2)]);
    assert_eq!(stdout.lines().count(), 2, "{stdout}");
    assert!(stdout.lines().nth(1).unwrap().split_whitespace().nth(1) == Some("MA0139.1"), "{stdout}");
}

#[test]
fn tomtom_bad_inputs_name_the_file_or_motif_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("tomtom.tsv");
    let zero = dir.path().join("zero.meme");
    std::fs::write(
        &zero,
        "MEME version 4\n\nALPHABET= ACGT\n\nMOTIF broken\n\nletter-probability matrix: alength= 4 w= 3\n\
         0.25 0.25 0.25 0.25\n0 0 0 0\n0.7 0.1 0.1 0.1\n",
    )
    .unwrap();
    let err = fails(&["tomtom", "--queries", s(&zero), "--out", s(&out)]);
    assert!(err.contains("zero.meme") && err.contains("broken"), "{err}");
    let err = fails(&["tomtom", "--queries", s(&ctcf_query(dir.path())), "--database", s(&zero), "--out", s(&out)]);
    assert!(err.contains("zero.meme") && err.contains("broken"), "{err}");
    let err = fails(&["tomtom", "--queries", s(&jaspar()), "--query", "MA9999.9", "--out", s(&out)]);
    assert!(err.contains("--query") && err.contains("MA9999.9") && err.contains("JASPAR_CORE_2016"), "{err}");
    let missing = dir.path().join("missing.meme");
    let err = fails(&["tomtom", "--queries", s(&missing), "--out", s(&out)]);
    assert!(err.contains("missing.meme"), "{err}");
    assert!(!out.exists());
}
