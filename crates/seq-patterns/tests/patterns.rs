//! Pattern discovery on synthetic tracks with two planted motifs: two patterns whose PFM consensus is the
//! planted motif (or its reverse complement), with seqlet counts within 10 % of the planted instances;
//! input validation.

mod common;

use common::{synthetic, PlantedMotif};
use seq_io::Strand;
use seq_patterns::{call_seqlets, discover_patterns, PatternConfig, PatternError, Seqlet, SeqletConfig, Tracks};

fn revcomp(s: &str) -> String {
    s.bytes()
        .rev()
        .map(|b| match b {
            b'A' => 'T',
            b'C' => 'G',
            b'G' => 'C',
            b'T' => 'A',
            _ => 'N',
        })
        .collect()
}

/// True when `consensus` holds `motif` or its reverse complement.
fn holds(consensus: &str, motif: &str) -> bool {
    consensus.contains(motif) || consensus.contains(&revcomp(motif))
}

#[test]
fn two_planted_motifs_become_two_patterns() {
    let motifs = [
        PlantedMotif { consensus: "AGATAA".into(), fraction: 0.5, sign: 1.0 },
        PlantedMotif { consensus: "CACGTG".into(), fraction: 0.3, sign: 1.0 },
    ];
    let data = synthetic(800, 160, &motifs, 1.0, 0.1, 20, 21);
    let tracks = Tracks::new(&data.x, &data.h, data.n, data.len).unwrap();
    let calls = call_seqlets(&tracks, &SeqletConfig { window: 10, flank: 5, ..SeqletConfig::default() }).unwrap();
    let cfg = PatternConfig { flank: 5, trim_window: 20, ..PatternConfig::default() };
    let set = discover_patterns(&tracks, &calls.seqlets, &cfg).unwrap();
    assert!(set.negative.is_empty());
    let summary: Vec<(String, usize)> =
        set.positive.iter().map(|p| (p.pfm().unwrap().consensus(), p.n_seqlets())).collect();
    assert_eq!(set.positive.len(), 2, "{summary:?}");
    // Sorted by seqlet count: GATA (planted in 50 %) before CACGTG (30 %).
    for (pattern, (motif, index)) in set.positive.iter().zip([("AGATAA", 0usize), ("CACGTG", 1)]) {
        let pfm = pattern.pfm().unwrap();
        let consensus = pfm.consensus();
        assert!(holds(&consensus, motif), "{} consensus {consensus} lacks {motif} ({summary:?})", pattern.name);
        assert!(pfm.len() <= 10, "trimmed PFM {consensus} is too long");
        let planted = data.instances.iter().filter(|i| i.motif == index).count() as f64;
        let n = pattern.n_seqlets() as f64;
        assert!((n - planted).abs() <= 0.1 * planted, "{}: {n} seqlets for {planted} planted {motif}", pattern.name);
        assert_eq!(pfm.nsites, Some(n));
        // The seqlets' trimmed spans are the planted instances of that motif.
        let on_motif = pattern
            .trimmed_seqlets()
            .iter()
            .filter(|s| {
                data.instances
                    .iter()
                    .any(|i| i.motif == index && i.example == s.example && s.start < i.end && i.start < s.end)
            })
            .count();
        assert!(on_motif as f64 >= 0.95 * n, "{on_motif} of {n} seqlets on {motif}");
        // Strand: forward GATA instances read forward iff the pattern reads AGATAA forward.
        let forward_pattern = consensus.contains(motif);
        if index == 0 {
            let agree = pattern
                .trimmed_seqlets()
                .iter()
                .filter(|s| {
                    data.instances.iter().any(|i| {
                        i.motif == 0
                            && i.example == s.example
                            && s.start < i.end
                            && i.start < s.end
                            && (i.strand == s.strand) == forward_pattern
                    })
                })
                .count();
            assert!(agree as f64 >= 0.95 * n, "{agree} of {n} seqlets on the right strand");
        }
        // CWM and hypothetical CWM are positive where the motif is.
        let cwm_total: f32 = pattern.trimmed_cwm().iter().flatten().sum();
        assert!(cwm_total > 3.0, "{cwm_total}");
        assert_eq!(pattern.cwm.len(), pattern.hypothetical_cwm.len());
        assert!(pattern.seqlets.iter().all(|s| s.len() == pattern.len()));
    }
}

#[test]
fn bad_seqlets_are_refused_with_their_index() {
    let data = synthetic(4, 50, &[], 1.0, 0.1, 5, 1);
    let tracks = Tracks::new(&data.x, &data.h, data.n, data.len).unwrap();
    let s = |example, start, end| Seqlet { example, start, end, strand: Strand::Forward, score: 1.0 };
    let cfg = PatternConfig::default();
    let err = discover_patterns(&tracks, &[s(0, 0, 20), s(1, 40, 60)], &cfg).unwrap_err();
    assert!(matches!(err, PatternError::BadSeqlet { index: 1, .. }), "{err}");
    let err = discover_patterns(&tracks, &[s(0, 0, 20), s(1, 0, 21)], &cfg).unwrap_err();
    assert!(err.to_string().contains("width 21 differs"), "{err}");
    let err = discover_patterns(&tracks, &[s(9, 0, 20)], &cfg).unwrap_err();
    assert!(matches!(err, PatternError::BadSeqlet { index: 0, example: 9, .. }), "{err}");
    let bad = PatternConfig { perplexity: 0.0, ..PatternConfig::default() };
    assert!(matches!(
        discover_patterns(&tracks, &[s(0, 0, 20)], &bad),
        Err(PatternError::InvalidOption { option: "perplexity", .. })
    ));
    // Too few seqlets for a metacluster: no patterns, no error.
    let set = discover_patterns(&tracks, &[s(0, 0, 20), s(1, 5, 25)], &cfg).unwrap();
    assert!(set.positive.is_empty() && set.negative.is_empty());
    assert_eq!(set.metacluster_sizes, (2, 0));
}
