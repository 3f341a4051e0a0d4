//! Motif databases with bad columns are refused, naming the motif and, from a file, the line.

use std::io::Write;

use seq_io::Pfm;
use seq_motifs::{read_database, Tomtom, TomtomOptions};

#[test]
fn a_file_with_a_zero_column_names_the_motif_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.meme");
    let mut f = std::fs::File::create(&path).unwrap();
    write!(
        f,
        "MEME version 4\n\nALPHABET= ACGT\n\nMOTIF good\nletter-probability matrix: alength= 4 w= 1\n0.25 0.25 0.25 0.25\n\n\
         MOTIF zeroed\nletter-probability matrix: alength= 4 w= 2\n0.25 0.25 0.25 0.25\n0 0 0 0\n"
    )
    .unwrap();
    drop(f);
    let e = read_database(&path).unwrap_err().to_string();
    assert!(e.contains("bad.meme") && e.contains("zeroed"), "{e}");
    assert!(e.contains(":12:") || e.contains(":9:"), "the line is named: {e}");
}

#[test]
fn an_in_memory_database_with_a_negative_column_is_refused() {
    let good = Pfm::from_probs("good", vec![[0.25; 4]]).unwrap();
    let bad =
        Pfm { name: "negative".into(), description: String::new(), probs: vec![[0.5, 0.6, -0.1, 0.0]], nsites: None };
    let e = Tomtom::new(&[good.clone(), bad.clone()], TomtomOptions::default()).unwrap_err().to_string();
    assert!(e.contains("\"negative\"") && e.contains("position 1") && e.contains("negative"), "{e}");
    // The same motif as a query.
    let t = Tomtom::new(&[good.clone(), good], TomtomOptions::default()).unwrap();
    assert!(t.query(&bad).is_err());
}
