//! Hand-checkable TOMTOM properties on JASPAR 2016.

use std::path::Path;

use seq_io::Strand;
use seq_motifs::{read_database, tomtom, ColumnScore, Tomtom, TomtomOptions};

const MEME: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/jaspar/JASPAR_CORE_2016_vertebrates.meme");

#[test]
fn a_motif_is_its_own_best_match_with_a_tiny_p_value() {
    let db = read_database(Path::new(MEME)).unwrap();
    let ctcf = db.iter().find(|m| m.name == "MA0139.1").unwrap();
    for score in [ColumnScore::Euclidean, ColumnScore::Pearson] {
        let opts = TomtomOptions { score, ..TomtomOptions::default() };
        let r = &tomtom(std::slice::from_ref(ctcf), &db, &opts).unwrap()[0];
        let best = r.best().unwrap();
        assert_eq!(best.target, "MA0139.1", "{score:?}");
        assert!(best.p_value < 1e-15, "{score:?}: p {}", best.p_value);
        assert_eq!((best.offset, best.overlap, best.strand), (0, ctcf.len(), Strand::Forward));
        assert!(best.q_value < 1e-10);
    }
}

#[test]
fn the_reverse_complement_is_found_on_the_minus_strand() {
    let db = read_database(Path::new(MEME)).unwrap();
    let m = db.iter().find(|m| m.name == "MA0139.1").unwrap();
    let mut rc = m.reverse_complement();
    rc.name = "CTCF_rc".into();
    for n_target_bins in [Some(100), None] {
        let t = Tomtom::new(&db, TomtomOptions { n_target_bins, ..TomtomOptions::default() }).unwrap();
        let r = t.query(&rc).unwrap();
        let best = r.best().unwrap().clone();
        assert_eq!(best.target, "MA0139.1");
        assert_eq!((best.strand, best.offset, best.overlap), (Strand::Reverse, 0, m.len()));
        if n_target_bins.is_none() {
            // Without merging, the database's columns are closed under reverse complement, so the
            // reverse-complemented query has exactly the forward query's null and scores.
            let fwd = t.query(m).unwrap();
            let f = fwd.best().unwrap();
            assert_eq!(f.score, best.score);
            assert!((f.p_value / best.p_value - 1.0).abs() < 1e-9, "{} vs {}", f.p_value, best.p_value);
        }
    }
}

#[test]
fn a_trimmed_motif_aligns_at_its_offset() {
    let db = read_database(Path::new(MEME)).unwrap();
    let t = Tomtom::new(&db, TomtomOptions::default()).unwrap();
    let m = db.iter().find(|m| m.name == "MA0139.1").unwrap();
    let mut core = m.clone();
    core.name = "CTCF_core".into();
    core.probs = m.probs[4..15].to_vec();
    let best = t.query(&core).unwrap().hits.into_iter().find(|h| h.target == "MA0139.1").unwrap();
    assert_eq!((best.offset, best.overlap, best.strand), (4, 11, Strand::Forward));
    assert!(best.p_value < 1e-8, "{}", best.p_value);
}

#[test]
fn a_minimum_overlap_rules_out_short_alignments() {
    let db = read_database(Path::new(MEME)).unwrap();
    let opts = TomtomOptions { min_overlap: 5, ..TomtomOptions::default() };
    let t = Tomtom::new(&db, opts).unwrap();
    let r = t.query(&db[3]).unwrap();
    assert!(r.hits.iter().all(|h| h.overlap >= 5 || h.p_value == 1.0));
    assert_eq!(r.best().unwrap().target, db[3].name);
    assert!(Tomtom::new(&db, TomtomOptions { min_overlap: 0, ..TomtomOptions::default() }).is_err());
    assert!(Tomtom::new(&[], TomtomOptions::default()).is_err());
}

#[test]
fn an_overly_wide_query_is_refused() {
    let db = read_database(Path::new(MEME)).unwrap();
    let t = Tomtom::new(&db, TomtomOptions::default()).unwrap();
    let mut wide = db[0].clone();
    wide.probs = vec![[0.25; 4]; seq_motifs::tomtom::MAX_QUERY_WIDTH + 1];
    let e = t.query(&wide).unwrap_err().to_string();
    assert!(e.contains("at most 200"), "{e}");
}

#[test]
fn best_match_and_tsv_output() {
    let db = read_database(Path::new(MEME)).unwrap();
    let t = Tomtom::new(&db, TomtomOptions::default()).unwrap();
    let best = t.best_match(&db[7]).unwrap();
    assert_eq!(best.target, db[7].name);
    let results = t.query_all(&db[..3]).unwrap();
    let mut out = Vec::new();
    seq_motifs::tomtom::write_tsv(&mut out, &results, 0.05).unwrap();
    let text = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], seq_motifs::tomtom::TSV_HEADER);
    let n_significant: usize = results.iter().map(|r| r.significant(0.05).count()).sum();
    assert_eq!(lines.len(), 1 + n_significant);
    // each query's first line is its self-match at offset 0 on the + strand.
    let first: Vec<&str> = lines[1].split('\t').collect();
    assert_eq!((first[0], first[1], first[2], first[7]), (db[0].name.as_str(), db[0].name.as_str(), "0", "+"));
    assert_eq!(first[6].parse::<usize>().unwrap(), db[0].len());
}
