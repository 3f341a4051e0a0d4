//! Seqlet calling on synthetic tracks with planted motifs: coverage of the planted instances, few seqlets
//! outside them, both signs, a null from null tracks, the empty case, and the BED output.

mod common;

use common::{synthetic, Instance, PlantedMotif, Synthetic};
use seq_io::Strand;
use seq_patterns::{
    call_seqlets, offsets_from_names, seqlets_to_bed, GenomeOffset, NullModel, PatternError, Seqlet, SeqletConfig,
    Tracks,
};

fn motif(consensus: &str, fraction: f64, sign: f32) -> PlantedMotif {
    PlantedMotif { consensus: consensus.into(), fraction, sign }
}

fn config() -> SeqletConfig {
    SeqletConfig { window: 10, flank: 5, ..SeqletConfig::default() }
}

fn covers(s: &Seqlet, i: &Instance) -> bool {
    s.example == i.example && s.start <= i.start && i.end <= s.end
}

fn overlaps(s: &Seqlet, i: &Instance) -> bool {
    s.example == i.example && s.start < i.end && i.start < s.end
}

/// (fraction of instances covered by a seqlet, fraction of seqlets overlapping no instance).
fn coverage(data: &Synthetic, seqlets: &[Seqlet]) -> (f64, f64) {
    let covered = data.instances.iter().filter(|i| seqlets.iter().any(|s| covers(s, i))).count();
    let outside = seqlets.iter().filter(|s| !data.instances.iter().any(|i| overlaps(s, i))).count();
    (covered as f64 / data.instances.len() as f64, outside as f64 / seqlets.len() as f64)
}

#[test]
fn planted_motifs_are_covered_and_seqlets_stay_on_them() {
    let data = synthetic(300, 200, &[motif("AGATAA", 0.6, 1.0), motif("CACGTG", 0.5, 1.0)], 1.0, 0.1, 20, 7);
    let tracks = Tracks::new(&data.x, &data.h, data.n, data.len).unwrap();
    let calls = call_seqlets(&tracks, &config()).unwrap();
    let (covered, outside) = coverage(&data, &calls.seqlets);
    assert!(covered >= 0.8, "{covered} of the planted instances covered");
    assert!(outside <= 0.1, "{outside} of {} seqlets outside the instances", calls.seqlets.len());
    assert!(calls.seqlets.iter().all(|s| s.len() == 20 && s.strand == Strand::Forward && s.score > 0.0));
    assert!(calls.positive_threshold > 0.0 && calls.threshold > 0.0);
    // Non-overlapping within an example (suppression of ± window/2 + flank around each peak).
    for w in calls.seqlets.windows(2) {
        if w[0].example == w[1].example {
            assert!(w[1].start >= w[0].start + 10, "{:?}", w);
        }
    }
}

#[test]
fn negative_contributions_give_negative_seqlets() {
    let data = synthetic(300, 200, &[motif("AGATAA", 0.6, 1.0), motif("CACGTG", 0.6, -1.0)], 1.0, 0.1, 20, 11);
    let tracks = Tracks::new(&data.x, &data.h, data.n, data.len).unwrap();
    let calls = call_seqlets(&tracks, &config()).unwrap();
    assert!(calls.negative_threshold < 0.0);
    let (covered, outside) = coverage(&data, &calls.seqlets);
    assert!(covered >= 0.8 && outside <= 0.1, "{covered} {outside}");
    // Each seqlet's sign is that of the motif it covers.
    let mut checked = 0;
    for s in &calls.seqlets {
        if let Some(i) = data.instances.iter().find(|i| covers(s, i)) {
            let expected = if i.motif == 0 { 1.0 } else { -1.0 };
            assert_eq!(s.sign(), expected, "{s:?} covers {i:?}");
            checked += 1;
        }
    }
    let negatives = calls.seqlets.iter().filter(|s| s.score < 0.0).count();
    let planted_negative = data.instances.iter().filter(|i| i.motif == 1).count();
    assert!(
        negatives as f64 >= 0.8 * planted_negative as f64,
        "{negatives} negative seqlets for {planted_negative} instances"
    );
    assert!(checked as f64 >= 0.9 * calls.seqlets.len() as f64);
}

#[test]
fn a_null_from_null_tracks_also_finds_the_motifs() {
    let data = synthetic(300, 200, &[motif("AGATAA", 0.6, 1.0)], 1.0, 0.1, 20, 3);
    let null = synthetic(300, 200, &[], 1.0, 0.1, 20, 4);
    let null_tracks = Tracks::new(&null.x, &null.h, null.n, null.len).unwrap();
    let cfg = SeqletConfig {
        null: NullModel::Tracks { position_sums: null_tracks.all_position_sums(), len: 200 },
        ..config()
    };
    let tracks = Tracks::new(&data.x, &data.h, data.n, data.len).unwrap();
    let calls = call_seqlets(&tracks, &cfg).unwrap();
    let (covered, outside) = coverage(&data, &calls.seqlets);
    assert!(covered >= 0.8 && outside <= 0.1, "{covered} {outside}");
    let bad = SeqletConfig { null: NullModel::Tracks { position_sums: vec![0.0; 5], len: 3 }, ..config() };
    assert!(matches!(call_seqlets(&tracks, &bad), Err(PatternError::InvalidOption { option: "null", .. })));
}

#[test]
fn flat_tracks_have_no_seqlets() {
    let data = synthetic(20, 100, &[], 1.0, 0.0, 10, 1);
    let zeros = vec![0.0; data.h.len()];
    let tracks = Tracks::new(&data.x, &zeros, data.n, data.len).unwrap();
    let err = call_seqlets(&tracks, &config()).unwrap_err();
    assert!(err.to_string().starts_with("no seqlets above threshold 0"), "{err}");
    let too_wide = SeqletConfig { window: 90, flank: 10, ..config() };
    assert!(matches!(call_seqlets(&tracks, &too_wide), Err(PatternError::InvalidOption { option: "window", .. })));
}

#[test]
fn at_most_max_seqlets_per_sign_strongest_first() {
    let data = synthetic(200, 200, &[motif("AGATAA", 0.8, 1.0)], 1.0, 0.1, 20, 5);
    let tracks = Tracks::new(&data.x, &data.h, data.n, data.len).unwrap();
    let all = call_seqlets(&tracks, &config()).unwrap().seqlets;
    let capped = call_seqlets(&tracks, &SeqletConfig { max_seqlets_per_sign: 10, ..config() }).unwrap().seqlets;
    assert_eq!(capped.len(), 10);
    let mut scores: Vec<f32> = all.iter().filter(|s| s.score > 0.0).map(|s| s.score).collect();
    scores.sort_by(|a, b| b.total_cmp(a));
    let weakest_kept = capped.iter().map(|s| s.score).fold(f32::MAX, f32::min);
    assert_eq!(weakest_kept, scores[9]);
    let err = call_seqlets(&tracks, &SeqletConfig { min_seqlets: 100_000, ..config() }).unwrap_err();
    assert!(matches!(err, PatternError::TooFewSeqlets { minimum: 100_000, .. }), "{err}");
}

#[test]
fn bed_records_map_examples_to_the_genome() {
    let seqlets = [
        Seqlet { example: 1, start: 5, end: 25, strand: Strand::Forward, score: 2.5 },
        Seqlet { example: 0, start: 0, end: 20, strand: Strand::Reverse, score: -1.0 },
    ];
    let offsets =
        vec![GenomeOffset { chrom: "chr20".into(), start: 1000 }, GenomeOffset { chrom: "chr20".into(), start: 5000 }];
    let bed = seqlets_to_bed(&seqlets, &offsets, "seqlet_").unwrap();
    assert_eq!((bed[0].chrom.as_str(), bed[0].start, bed[0].end), ("chr20", 5005, 5025));
    assert_eq!((bed[1].start, bed[1].end, bed[1].strand), (1000, 1020, Strand::Reverse));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("seqlets.bed");
    seq_patterns::write_bed(&path, &bed).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text, "chr20\t5005\t5025\tseqlet_0\t2.5\t+\nchr20\t1000\t1020\tseqlet_1\t-1\t-\n");
    let by_name = offsets_from_names(&["a".to_string()]);
    let err = seqlets_to_bed(&seqlets, &by_name, "s").unwrap_err();
    assert!(err.to_string().contains("no genome offset for example 1"), "{err}");
}
