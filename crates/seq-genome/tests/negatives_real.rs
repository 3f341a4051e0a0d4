//! Negatives on the real chr20 CTCF peaks: GC-matched windows (matched mean GC, no overlap with a peak ±
//! margin, no N, seeded), the error when the genome cannot give enough, shuffled and flank negatives.

mod common;

use seq_genome::gc::composition;
use seq_genome::{
    flanks, gc_matched, peak_windows, read_intervals, shuffled, DropReport, GcMatchOptions, GenomeError,
    IntervalFormat, Span, UnknownChromosomes, Window, WindowOptions,
};
use seq_io::shuffle::dinucleotide_counts;

const MARGIN: u64 = 500;

fn positives(g: &seq_genome::Genome) -> (Vec<Window>, Vec<Span>) {
    let set = read_intervals(&common::peaks_path(), IntervalFormat::Auto, g, UnknownChromosomes::Skip).unwrap();
    let w = peak_windows(
        g,
        &set,
        &WindowOptions { width: 200, margin: 0, max_n_fraction: 0.0 },
        &mut DropReport::default(),
    )
    .unwrap();
    let peaks = set
        .intervals
        .iter()
        .map(|p| Span { chrom: p.chrom, start: p.start.saturating_sub(MARGIN), end: p.end + MARGIN })
        .collect();
    (w, peaks)
}

fn mean_gc(w: &[Window]) -> f64 {
    w.iter().map(|x| composition(&x.seq).gc).sum::<f64>() / w.len() as f64
}

#[test]
fn gc_matched_negatives_match_mean_gc_avoid_peaks_and_n() {
    let g = common::genome();
    let (pos, peaks) = positives(&g);
    let opts = GcMatchOptions { ratio: 2.0, exclusion_margin: MARGIN, ..GcMatchOptions::default() };
    let neg = gc_matched(&g, &pos, &opts, &peaks, 42).unwrap();
    // every bin filled to round(2 × positives)
    assert_eq!(neg.windows.len(), 2 * pos.len());
    let (mp, mn) = (mean_gc(&pos), mean_gc(&neg.windows));
    assert!((mp - mn).abs() < 0.005, "positives {mp:.4}, negatives {mn:.4}");
    // CTCF peaks are GC-rich compared with chr20 as a whole (~0.44): matching did something
    assert!(mp > 0.47, "{mp}");
    assert_eq!(neg.histogram.negatives.iter().sum::<usize>(), neg.windows.len());
    for (p, n) in neg.histogram.positives.iter().zip(&neg.histogram.negatives) {
        assert_eq!(*n, 2 * p);
    }
    let direct = common::chr20_direct();
    let mut sorted: Vec<&Window> = neg.windows.iter().collect();
    sorted.sort_by_key(|w| w.start);
    for w in &neg.windows {
        assert_eq!(w.end - w.start, 200);
        assert!(!w.seq.contains(&b'N'), "{}", w.name);
        assert_eq!(w.seq, &direct[w.start as usize..w.end as usize]);
        for p in &pos {
            assert!(
                w.end + MARGIN <= p.start || p.end + MARGIN <= w.start,
                "{} is within {MARGIN} of {}",
                w.name,
                p.name
            );
        }
        assert!(peaks.iter().all(|p| w.end <= p.start || p.end <= w.start), "{} overlaps a peak ± margin", w.name);
    }
    // non-overlapping (stride = length) and seeded
    assert!(sorted.windows(2).all(|p| p[0].end <= p[1].start));
    let again = gc_matched(&g, &pos, &opts, &peaks, 42).unwrap();
    assert_eq!(again.windows, neg.windows);
    let other = gc_matched(&g, &pos, &opts, &peaks, 43).unwrap();
    assert_ne!(other.windows, neg.windows);
}

#[test]
fn matching_on_cpg_too_keeps_the_cpg_distribution() {
    let g = common::genome();
    let (pos, peaks) = positives(&g);
    let opts =
        GcMatchOptions { ratio: 1.0, bins: 20, cpg_bins: 5, exclusion_margin: MARGIN, ..GcMatchOptions::default() };
    let neg = gc_matched(&g, &pos, &opts, &peaks, 7).unwrap();
    let cpg = |w: &[Window]| w.iter().map(|x| composition(&x.seq).cpg).sum::<f64>() / w.len() as f64;
    let plain = gc_matched(&g, &pos, &GcMatchOptions { cpg_bins: 0, ..opts.clone() }, &peaks, 7).unwrap();
    let (cp, cn, c0) = (cpg(&pos), cpg(&neg.windows), cpg(&plain.windows));
    assert!((cp - cn).abs() <= (cp - c0).abs() + 1e-9, "CpG: positives {cp:.4}, CpG-matched {cn:.4}, GC-only {c0:.4}");
    assert!((cp - cn).abs() < 0.004, "CpG: positives {cp:.4}, CpG-matched {cn:.4}");
}

#[test]
fn asking_for_more_than_the_genome_has_says_how_many_were_found() {
    let g = common::genome();
    let (pos, peaks) = positives(&g);
    let err =
        gc_matched(&g, &pos, &GcMatchOptions { ratio: 500.0, ..GcMatchOptions::default() }, &peaks, 1).unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err, GenomeError::NotEnough { .. }), "{msg}");
    assert!(msg.contains("found") && msg.contains(&format!("of the {} windows needed", 500 * pos.len())), "{msg}");
}

#[test]
fn shuffled_negatives_keep_dinucleotides_and_flanks_avoid_peaks() {
    let g = common::genome();
    let (pos, _) = positives(&g);
    let sh = shuffled(&pos, 2, 50, 9);
    assert_eq!(sh.windows.len(), 2 * pos.len());
    for (k, w) in sh.windows.iter().enumerate() {
        let p = &pos[k / 2];
        assert_eq!((w.chrom, w.start, w.end), (p.chrom, p.start, p.end));
        assert_eq!(dinucleotide_counts(&w.seq), dinucleotide_counts(&p.seq));
        assert_eq!(w.source.label(), "shuffled");
    }
    assert!(sh.windows.iter().zip(&pos).filter(|(a, b)| a.seq != b.seq).count() > pos.len() * 9 / 10);
    let mut report = DropReport::default();
    let fl = flanks(&g, &pos, 5000, 0.0, 50, &mut report).unwrap();
    assert_eq!(fl.windows.len() + report.flank_dropped, 2 * pos.len());
    assert!(report.flank_dropped > 0, "some flanks of clustered CTCF sites must hit another peak");
    for w in &fl.windows {
        assert!(!w.seq.contains(&b'N'));
        assert!(pos.iter().all(|p| w.end <= p.start || p.end <= w.start), "{}", w.name);
    }
}
