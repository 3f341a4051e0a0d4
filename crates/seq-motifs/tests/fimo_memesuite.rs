//! FIMO against memesuite-lite's fixture (scripts/fixtures_memesuite.py): six JASPAR 2016 motifs over
//! the first 200 records of the Keras-genomics CTCF test set, memesuite-lite's defaults.

use std::collections::BTreeMap;
use std::path::Path;

use seq_motifs::fimo::{write_bed, write_tsv, BED_HEADER, TSV_HEADER};
use seq_motifs::{read_database, scan, FimoOptions};
use serde::Deserialize;

const MEME: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/jaspar/JASPAR_CORE_2016_vertebrates.meme");
const FASTA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/keras_genomics_ctcf/test.fa");
const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/fimo_ctcf_test.json");

#[derive(Deserialize)]
struct Fixture {
    motifs: Vec<String>,
    n_records: usize,
    hits: Vec<Hit>,
}

#[derive(Deserialize)]
struct Hit {
    motif: String,
    sequence: String,
    start: usize,
    end: usize,
    strand: String,
    score: f64,
    p: f64,
}

type Key = (String, String, usize, usize, char);

#[test]
fn hits_and_p_values_agree_with_memesuite_lite() {
    let fx: Fixture = serde_json::from_str(&std::fs::read_to_string(FIXTURE).unwrap()).unwrap();
    let db = read_database(Path::new(MEME)).unwrap();
    let motifs: Vec<_> = fx.motifs.iter().map(|id| db.iter().find(|m| &m.name == id).unwrap().clone()).collect();
    let records = seq_io::fastx::read_records(Path::new(FASTA)).unwrap();
    let seqs: Vec<(String, Vec<u8>)> = records.into_iter().take(fx.n_records).map(|r| (r.id, r.seq)).collect();
    let hits = scan(&motifs, &seqs, &FimoOptions::default()).unwrap();

    let want: BTreeMap<Key, &Hit> = fx
        .hits
        .iter()
        .map(|h| ((h.motif.clone(), h.sequence.clone(), h.start, h.end, h.strand.chars().next().unwrap()), h))
        .collect();
    let got: BTreeMap<Key, _> =
        hits.iter().map(|h| ((h.motif.clone(), h.sequence.clone(), h.start, h.end, h.strand.symbol()), h)).collect();
    assert_eq!(got.len(), hits.len(), "no duplicate hits");
    assert_eq!(got.keys().collect::<Vec<_>>(), want.keys().collect::<Vec<_>>(), "the same hit set");
    for (k, w) in &want {
        let g = got[k];
        assert!((g.score - w.score).abs() < 1e-3, "{k:?}: score {} vs {}", g.score, w.score);
        assert!((g.p_value / w.p - 1.0).abs() <= 0.05, "{k:?}: p {:e} vs {:e}", g.p_value, w.p);
        assert!(g.p_value < 1e-4 && g.q_value >= g.p_value && g.q_value <= 1.0);
    }
    assert!(hits.len() > 100, "{} hits", hits.len());

    // Writers: one line per hit after the header, BED columns in order.
    let mut bed = Vec::new();
    write_bed(&mut bed, &hits).unwrap();
    let bed = String::from_utf8(bed).unwrap();
    let lines: Vec<&str> = bed.lines().collect();
    assert_eq!(lines[0], BED_HEADER);
    assert_eq!(lines.len(), hits.len() + 1);
    let first: Vec<&str> = lines[1].split('\t').collect();
    assert_eq!(first[0], hits[0].sequence);
    assert_eq!(first[1].parse::<usize>().unwrap(), hits[0].start);
    assert_eq!(first[3], hits[0].motif);
    assert_eq!(first[5], hits[0].strand.symbol().to_string());
    let mut tsv = Vec::new();
    write_tsv(&mut tsv, &hits).unwrap();
    let tsv = String::from_utf8(tsv).unwrap();
    assert_eq!(tsv.lines().next().unwrap(), TSV_HEADER);
    assert_eq!(tsv.lines().count(), hits.len() + 1);
}
