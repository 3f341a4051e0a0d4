//! Interval readers and peak windows: the real narrowPeak on chr20, and every bad-input case on small
//! temp-file fixtures, each error naming the file and the line.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};

use seq_genome::{
    peak_windows, read_intervals, DropReport, Genome, GenomeError, GenomeOptions, IntervalFormat, UnknownChromosomes,
    WindowOptions,
};

#[test]
fn narrowpeak_has_1242_chr20_peaks_and_summit_windows_have_no_n() {
    let g = common::genome();
    let set = read_intervals(&common::peaks_path(), IntervalFormat::Auto, &g, UnknownChromosomes::Skip).unwrap();
    assert_eq!(set.intervals.len(), 1242);
    assert_eq!(set.skipped.values().sum::<usize>(), 44_982 - 1242);
    // 23 chromosomes in the file (chr1–22 and chrX; no chrY), 22 of them absent from the genome
    assert_eq!(set.skipped.len(), 22);
    assert!(set.intervals.iter().all(|p| p.summit.is_some_and(|s| p.start <= s && s < p.end)));
    let mut report = DropReport::default();
    let opts = WindowOptions { width: 200, margin: 0, max_n_fraction: 0.0 };
    let w = peak_windows(&g, &set, &opts, &mut report).unwrap();
    assert_eq!((report.off_chromosome, report.too_many_n), (0, 0));
    assert_eq!(report.peaks_read, 44_982);
    assert_eq!(report.unknown_chromosome.values().sum::<usize>(), 44_982 - 1242);
    assert_eq!(w.len(), 1242);
    let direct = common::chr20_direct();
    for (win, p) in w.iter().zip(&set.intervals) {
        assert_eq!(win.start + 100, p.summit.unwrap());
        assert_eq!(win.end - win.start, 200);
        assert!(!win.seq.contains(&b'N'), "{}", win.name);
        assert_eq!(win.seq, &direct[win.start as usize..win.end as usize]);
    }
    // a margin for jitter widens every window by 2k around the same summit
    let wide = peak_windows(&g, &set, &WindowOptions { margin: 50, ..opts }, &mut DropReport::default()).unwrap();
    assert!(wide.iter().zip(&w).all(|(a, b)| a.start + 50 == b.start && a.end == b.end + 50));
}

#[test]
fn default_refuses_chromosomes_missing_from_the_genome_naming_file_line_and_names() {
    let g = common::genome();
    let err = read_intervals(&common::peaks_path(), IntervalFormat::Auto, &g, UnknownChromosomes::Error).unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err, GenomeError::UnknownChromosome { .. }), "{msg}");
    assert!(msg.contains("narrowPeak.gz:1:") && msg.contains("chr20"), "{msg}");
}

/// A genome with chr1 (100 bp, first 10 N) and chr2 (50 bp) in a temp dir.
fn toy_genome(dir: &Path) -> Genome {
    let fa = dir.join("toy.fa");
    let chr1: String = "N".repeat(10) + &"ACGT".repeat(22) + "AC";
    let chr2 = "GGCC".repeat(12) + "GG";
    let mut text = String::from(">chr1 toy\n");
    for line in chr1.as_bytes().chunks(30) {
        text += std::str::from_utf8(line).unwrap();
        text += "\n";
    }
    text += ">chr2\n";
    text += &chr2;
    text += "\n";
    std::fs::write(&fa, text).unwrap();
    Genome::open(&fa, &GenomeOptions::default()).unwrap()
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn error_of(path: &Path, g: &Genome, format: IntervalFormat) -> String {
    read_intervals(path, format, g, UnknownChromosomes::Error).unwrap_err().to_string()
}

#[test]
fn bad_inputs_name_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let g = toy_genome(dir.path());
    let cases = [
        ("nonnum.bed", "chr1\t5\t20\nchr1\tfive\t20\n", ":2:", "not a non-negative integer"),
        ("negative.bed", "# header\nchr1\t-5\t20\n", ":2:", "negative"),
        ("order.bed", "chr1\t10\t20\nchr2\t30\t20\n", ":2:", "after end"),
        ("columns.bed", "chr1\t10\n", ":1:", "columns"),
        ("beyond.bed", "chr2\t10\t60\n", ":1:", "beyond the length 50"),
        ("strand.bed", "chr1\t10\t20\tp\t0\tx\n", ":1:", "strand"),
        ("missing.bed", "chr1\t1\t5\nchrX\t1\t5\n", ":2:", "chr1, chr2"),
    ];
    for (name, text, line, what) in cases {
        let p = write(dir.path(), name, text);
        let msg = error_of(&p, &g, IntervalFormat::Bed);
        assert!(msg.contains(&format!("{name}{line}")) && msg.contains(what), "{name}: {msg}");
    }
    let np = |summit: &str| {
        format!("chr1\t10\t40\tp1\t0\t.\t5.0\t-1\t-1\t5\nchr1\t50\t80\tp2\t0\t.\t5.0\t-1\t-1\t{summit}\n")
    };
    let p = write(dir.path(), "outside.narrowPeak", &np("30"));
    let msg = error_of(&p, &g, IntervalFormat::Auto);
    assert!(msg.contains("outside.narrowPeak:2:") && msg.contains("summit offset 30 is outside its peak"), "{msg}");
    let p = write(dir.path(), "negsummit.narrowPeak", &np("-7"));
    assert!(error_of(&p, &g, IntervalFormat::Auto).contains("negsummit.narrowPeak:2:"));
    let p = write(dir.path(), "short.narrowPeak", "chr1\t10\t40\tp1\t0\t.\n");
    assert!(error_of(&p, &g, IntervalFormat::Auto).contains("short.narrowPeak:1: 6 columns"));
    for (name, text) in [("empty.bed", ""), ("comments.bed", "# nothing\ntrack name=x\n\n")] {
        let p = write(dir.path(), name, text);
        let err = read_intervals(&p, IntervalFormat::Bed, &g, UnknownChromosomes::Error).unwrap_err();
        assert!(matches!(err, GenomeError::EmptyFile { .. }) && err.to_string().contains(name), "{err}");
    }
}

#[test]
fn gzipped_bed6_keeps_names_strands_and_centres_and_counts_drops() {
    let dir = tempfile::tempdir().unwrap();
    let g = toy_genome(dir.path());
    let p = dir.path().join("peaks.bed.gz");
    let mut gz = flate2::write::GzEncoder::new(std::fs::File::create(&p).unwrap(), flate2::Compression::default());
    // centre 25 → window 20..30 (clean); centre 5 → 0..10 (all N); centre 2 → off the chromosome;
    // chr2 centre 45 → 40..50 (end of chromosome, kept)
    gz.write_all(b"chr1\t20\t30\tpA\t7\t-\nchr1\t0\t10\tpB\t1\t+\nchr1\t0\t4\tpC\t.\t.\nchr2\t40\t50\n").unwrap();
    gz.finish().unwrap();
    let set = read_intervals(&p, IntervalFormat::Auto, &g, UnknownChromosomes::Error).unwrap();
    assert_eq!(set.intervals.len(), 4);
    assert_eq!(set.intervals[0].strand, Some(seq_io::Strand::Reverse));
    assert_eq!(set.intervals[0].score, Some(7.0));
    assert_eq!(set.intervals[3].name, "peaks_4");
    let mut report = DropReport::default();
    let w = peak_windows(&g, &set, &WindowOptions { width: 10, margin: 0, max_n_fraction: 0.1 }, &mut report).unwrap();
    assert_eq!((report.off_chromosome, report.too_many_n, report.total()), (1, 1, 2));
    assert_eq!(w.len(), 2);
    assert_eq!((w[0].start, w[0].end, w[0].strand), (20, 30, Some(seq_io::Strand::Reverse)));
    // chr1 = 10 N then ACGT…: bases 20..30 are offsets 10..20 of the ACGT repeat
    assert_eq!(w[0].seq, b"GTACGTACGT");
    assert_eq!((w[1].start, w[1].end, w[1].seq.as_slice()), (40, 50, b"GGCCGGCCGG".as_slice()));
}
