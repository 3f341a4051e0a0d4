//! TOMTOM against memesuite-lite's fixture (scripts/fixtures_memesuite.py): 100 JASPAR 2016 motifs and
//! 20 perturbed copies against the whole JASPAR 2016 vertebrate file, memesuite-lite's defaults.

use std::path::Path;

use seq_io::{Pfm, Strand};
use seq_motifs::{read_database, Tomtom, TomtomOptions};
use serde::Deserialize;

const MEME: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/jaspar/JASPAR_CORE_2016_vertebrates.meme");
const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/tomtom_jaspar2016.json");

#[derive(Deserialize)]
struct Fixture {
    n_targets: usize,
    queries: Vec<Query>,
}

#[derive(Deserialize)]
struct Query {
    query: String,
    best_target: String,
    best_p: f64,
    best_offset: i64,
    best_overlap: usize,
    best_strand: String,
    top10: Vec<Top>,
    matrix: Option<Vec<[f64; 4]>>,
}

#[derive(Deserialize)]
struct Top {
    target: String,
    p: f64,
}

fn load() -> (Vec<Pfm>, Fixture) {
    let db = read_database(Path::new(MEME)).expect("JASPAR 2016 reads");
    let text = std::fs::read_to_string(FIXTURE).expect("fixture present");
    (db, serde_json::from_str(&text).expect("fixture parses"))
}

fn queries(db: &[Pfm], fx: &Fixture) -> Vec<Pfm> {
    fx.queries
        .iter()
        .map(|q| match &q.matrix {
            Some(m) => Pfm { name: q.query.clone(), description: String::new(), probs: m.clone(), nsites: None },
            None => db.iter().find(|m| m.name == q.query).expect("query in the database").clone(),
        })
        .collect()
}

#[test]
fn p_values_and_best_matches_agree_with_memesuite_lite() {
    let (db, fx) = load();
    assert_eq!(db.len(), fx.n_targets);
    let qs = queries(&db, &fx);
    assert!(qs.len() >= 100);
    let tomtom = Tomtom::new(&db, TomtomOptions::default()).unwrap();
    let results = tomtom.query_all(&qs).unwrap();
    let mut compared = 0;
    let mut worst: f64 = 0.0;
    let mut failures = Vec::new();
    for (q, r) in fx.queries.iter().zip(&results) {
        assert_eq!(r.query, q.query);
        let best = r.best().unwrap();
        if best.target != q.best_target {
            failures.push(format!(
                "best match of {}: {} (p {:e}), memesuite-lite {}",
                q.query, best.target, best.p_value, q.best_target
            ));
        }
        assert_eq!(r.hits.len(), db.len());
        // p-values of the reference's 10 best targets, whatever our order among near ties.
        for t in &q.top10 {
            let ours = r.hits.iter().find(|h| h.target == t.target).unwrap().p_value;
            if t.p < 0.01 && t.p > 0.0 {
                let d = (ours.log10() - t.p.log10()).abs();
                worst = worst.max(d);
                if d > 0.1 {
                    failures.push(format!("{} vs {}: p {ours:e}, memesuite-lite {:e}", q.query, t.target, t.p));
                }
                compared += 1;
            }
        }
        if q.best_p > 0.0 && q.best_p < 0.01 && (best.p_value.log10() - q.best_p.log10()).abs() > 0.1 {
            failures.push(format!("best p of {}: {:e} vs {:e}", q.query, best.p_value, q.best_p));
        }
        // The best alignment itself: same offset, overlap and strand.
        let strand = if q.best_strand == "-" { Strand::Reverse } else { Strand::Forward };
        if (best.offset, best.overlap, best.strand) != (q.best_offset, q.best_overlap, strand) {
            failures.push(format!(
                "alignment of {}: {:?} vs {:?}",
                q.query,
                (best.offset, best.overlap, best.strand),
                (q.best_offset, q.best_overlap, strand)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {compared} p-values off by > 0.1 in log10:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(compared > 500, "{compared} p-values compared");
    eprintln!("{compared} p-values compared, worst |Δlog10 p| = {worst:.4}");
}

#[test]
fn e_and_q_values_follow_from_p() {
    let (db, _) = load();
    let tomtom = Tomtom::new(&db, TomtomOptions::default()).unwrap();
    let r = tomtom.query(&db[10]).unwrap();
    let n = db.len() as f64;
    for w in r.hits.windows(2) {
        assert!(w[0].p_value <= w[1].p_value);
        assert!(w[0].q_value <= w[1].q_value + 1e-15);
    }
    for (rank, h) in r.hits.iter().enumerate() {
        assert!((h.e_value - h.p_value * n).abs() <= 1e-12 * h.e_value.max(1.0));
        assert!(h.q_value >= h.p_value && h.q_value <= 1.0);
        assert!(h.q_value <= h.p_value * n / (rank + 1) as f64 * (1.0 + 1e-12));
    }
}
