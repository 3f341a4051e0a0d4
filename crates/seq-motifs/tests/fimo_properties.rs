//! Hand-checkable FIMO properties.

use seq_io::{Pfm, Strand};
use seq_motifs::{scan, FimoMotif, FimoOptions, MotifError};

fn motif(probs: Vec<[f64; 4]>) -> Pfm {
    Pfm::from_probs("m", probs).unwrap()
}

#[test]
fn the_maximum_score_has_the_probability_of_its_letters() {
    // Column maxima 0.7 (A), 0.6 (C), 0.9 (T), 0.5 (G): each a clear maximum.
    let m = motif(vec![[0.7, 0.1, 0.1, 0.1], [0.2, 0.6, 0.1, 0.1], [0.0, 0.05, 0.05, 0.9], [0.1, 0.2, 0.5, 0.2]]);
    let uniform = FimoOptions::default();
    let f = FimoMotif::new(&m, &uniform).unwrap();
    let best = f.score(b"ACTG");
    assert!((best - f.max_score()).abs() < 1e-12);
    assert!((f.p_value(best) - 0.25f64.powi(4)).abs() < 1e-15, "{}", f.p_value(best));
    // Under a skewed background the maximum's p-value is the product of its letters' background.
    let bg = [0.4, 0.1, 0.2, 0.3];
    let skew = FimoOptions { background: bg, ..FimoOptions::default() };
    let g = FimoMotif::new(&m, &skew).unwrap();
    let best = g.score(b"ACTG");
    let want = bg[0] * bg[1] * bg[3] * bg[2];
    assert!((g.p_value(best) / want - 1.0).abs() < 1e-12, "{} vs {want}", g.p_value(best));
    // The lowest score has p-value 1, and p-values fall as scores rise.
    assert!((f.p_value(f.score(b"TTAA")) - 1.0).abs() < 1e-12);
    assert!(f.p_value(f.score(b"ACTA")) >= f.p_value(f.score(b"ACTG")));
}

#[test]
fn log_odds_and_p_values_by_hand() {
    // A one-column motif: log2((p + 1e-4) / 0.25); p-values 1/4 steps.
    let m = motif(vec![[0.5, 0.25, 0.25, 0.0]]);
    let f = FimoMotif::new(&m, &FimoOptions::default()).unwrap();
    assert!((f.log_odds[0][0] - (0.5001f64 / 0.25).log2()).abs() < 1e-12);
    assert!((f.p_value(f.score(b"A")) - 0.25).abs() < 1e-15);
    assert!((f.p_value(f.score(b"C")) - 0.75).abs() < 1e-15);
    assert!((f.p_value(f.score(b"G")) - 0.75).abs() < 1e-15);
    // T scores log2(1e-4 / 0.25) = -11.29 (bin -113), but a score's bin is truncated towards zero as
    // memesuite-lite does (-112.9 → -112), so it reads P(S ≥ -112) = 0.75 too.
    assert!((f.p_value(f.score(b"T")) - 0.75).abs() < 1e-15);
    assert_eq!(f.score(b"N"), 0.0);
}

#[test]
fn a_site_and_its_reverse_complement_are_found_on_both_strands() {
    let site = b"GATTACAGC";
    let probs = site
        .iter()
        .map(|&b| {
            let mut r = [0.02; 4];
            r[seq_io::pfm::base_index(b).unwrap()] = 0.94;
            r
        })
        .collect();
    let m = Pfm::from_probs("site", probs).unwrap();
    let rc: Vec<u8> = site
        .iter()
        .rev()
        .map(|b| match b {
            b'A' => b'T',
            b'C' => b'G',
            b'G' => b'C',
            _ => b'A',
        })
        .collect();
    let mut seq = b"CCCCCCCCCCCC".to_vec();
    seq.extend_from_slice(site);
    seq.extend_from_slice(b"CCCCCC");
    seq.extend_from_slice(&rc);
    seq.extend_from_slice(b"CCCC");
    let seqs = [("s1", seq.clone())];
    let hits = scan(&[m], &seqs, &FimoOptions::default()).unwrap();
    assert_eq!(hits.len(), 2, "{hits:?}");
    assert_eq!((hits[0].start, hits[0].end, hits[0].strand), (12, 21, Strand::Forward));
    assert_eq!((hits[1].start, hits[1].end, hits[1].strand), (27, 36, Strand::Reverse));
    assert!((hits[0].score - hits[1].score).abs() < 1e-12);
    assert!((hits[0].p_value - 0.25f64.powi(9)).abs() < 1e-18);
    // q: 2·(|seq| − 8) windows tested, both hits at rank ≤ 2 → q = p·m/2.
    let m_tests = 2.0 * (seq.len() - 8) as f64;
    assert!((hits[0].q_value - hits[0].p_value * m_tests / 2.0).abs() < 1e-15);
}

#[test]
fn bad_backgrounds_and_motifs_are_errors() {
    let m = motif(vec![[0.25; 4]]);
    let bg = FimoOptions { background: [0.3, 0.3, 0.3, 0.3], ..FimoOptions::default() };
    let e = FimoMotif::new(&m, &bg).unwrap_err();
    assert!(matches!(e, MotifError::InvalidBackground { .. }), "{e}");
    assert!(e.to_string().contains("sum to 1.2"), "{e}");
    let zero = FimoOptions { background: [0.5, 0.5, 0.0, 0.0], ..FimoOptions::default() };
    assert!(FimoMotif::new(&m, &zero).is_err());
    let bad = Pfm { name: "broken".into(), description: String::new(), probs: vec![[0.0; 4]], nsites: None };
    let e = scan(&[bad], &[("s", b"ACGT".to_vec())], &FimoOptions::default()).unwrap_err().to_string();
    assert!(e.contains("\"broken\"") && e.contains("position 1"), "{e}");
}

#[test]
fn zero_probabilities_need_a_pseudocount_and_huge_tables_are_refused() {
    let m = motif(vec![[1.0, 0.0, 0.0, 0.0]]);
    let none = FimoOptions { pseudocount: 0.0, ..FimoOptions::default() };
    // (matched rather than unwrapped: a motif's Debug output holds its whole score table)
    let Err(e) = FimoMotif::new(&m, &none) else { panic!("a zero probability without pseudocount is refused") };
    let e = e.to_string();
    assert!(e.contains("pseudocount") && e.contains("position 1"), "{e}");
    let fine = FimoOptions { bin_size: 1e-4, ..FimoOptions::default() };
    let wide = motif(vec![[0.97, 0.01, 0.01, 0.01]; 400]);
    let Err(e) = FimoMotif::new(&wide, &fine) else { panic!("a 400-column motif at bin 1e-4 is refused") };
    let e = e.to_string();
    assert!(e.contains("bin_size"), "{e}");
}
