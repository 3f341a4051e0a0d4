//! Region and chromosome splits (parsing errors, straddlers, the disjointness check) and the dataset
//! written from the real chr20 peaks: HDF5 splits, the BED of windows and the JSON summary agree.

mod common;

use seq_genome::splits::{check_disjoint, parse_region, SplitName, SplitPlan};
use seq_genome::{
    assemble, gc_matched, peak_windows, read_intervals, write_dir, AssembleOptions, DropReport, GcMatchOptions,
    GenomeError, IntervalFormat, Span, UnknownChromosomes, Window, WindowOptions, WindowSource,
};

const TEST: &str = "chr20:50000000-63025520";
const VALID: &str = "chr20:42,000,000-50,000,000";

#[test]
fn malformed_or_outside_regions_are_clear_errors() {
    let g = common::genome();
    assert_eq!(parse_region(&g, TEST, "test").unwrap(), Span { chrom: 0, start: 50_000_000, end: 63_025_520 });
    assert_eq!(parse_region(&g, VALID, "valid").unwrap(), Span { chrom: 0, start: 42_000_000, end: 50_000_000 });
    assert_eq!(parse_region(&g, "chr20", "valid").unwrap(), Span { chrom: 0, start: 0, end: 63_025_520 });
    for (spec, what) in [
        ("chr20:50000000", "no '-'"),
        ("chr20:abc-100", "start \"abc\""),
        ("chr20:100-", "end \"\""),
        ("chr20:500-100", "not before end"),
        ("chr20:60000000-63025521", "outside chr20 (length 63025520)"),
        (":1-2", "no chromosome name"),
    ] {
        let msg = parse_region(&g, spec, "test-region").unwrap_err().to_string();
        assert!(msg.contains(spec) && msg.contains("test-region") && msg.contains(what), "{spec}: {msg}");
    }
    let msg = parse_region(&g, "chr21:1-100", "test").unwrap_err().to_string();
    assert!(msg.contains("chr21") && msg.contains("it has: chr20"), "{msg}");
    assert!(
        SplitPlan::from_regions(&g, &["chr20:40000000-51000000"], &[TEST]).is_err(),
        "valid and test may not overlap"
    );
}

fn win(start: u64, end: u64) -> Window {
    Window {
        chrom: 0,
        start,
        end,
        strand: None,
        name: format!("w{start}"),
        source: WindowSource::GcMatched,
        seq: Vec::new(),
    }
}

#[test]
fn windows_go_by_their_whole_span_and_straddlers_are_counted() {
    let g = common::genome();
    let plan = SplitPlan::from_regions(&g, &[VALID], &[TEST]).unwrap();
    let mut report = DropReport::default();
    let ws = vec![
        win(100, 300),
        win(41_999_900, 42_000_100),
        win(42_000_000, 42_000_200),
        win(49_999_800, 50_000_000),
        win(49_999_900, 50_000_100),
        win(50_000_000, 50_000_200),
        win(63_025_320, 63_025_520),
    ];
    let [train, valid, test] = plan.split(ws, &mut report);
    let starts = |v: &[Window]| v.iter().map(|w| w.start).collect::<Vec<_>>();
    assert_eq!(starts(&train), vec![100]);
    assert_eq!(starts(&valid), vec![42_000_000, 49_999_800]);
    assert_eq!(starts(&test), vec![50_000_000, 63_025_320]);
    assert_eq!(report.straddling_split.get("gc-matched"), Some(&2));
    let by_chrom = SplitPlan::from_chromosomes(&g, &[], &["chr20"]).unwrap();
    assert_eq!(by_chrom.assign(Span { chrom: 0, start: 5, end: 10 }), Some(SplitName::Test));
    assert!(SplitPlan::from_chromosomes(&g, &[TEST], &[]).is_err());
}

#[test]
fn disjointness_check_finds_overlaps_and_empty_splits() {
    let g = common::genome();
    let s = |a: u64, b: u64| Span { chrom: 0, start: a, end: b };
    let ok = [
        (SplitName::Train, s(0, 100)),
        (SplitName::Train, s(50, 400)),
        (SplitName::Valid, s(400, 500)),
        (SplitName::Test, s(500, 600)),
    ];
    check_disjoint(&g, &ok).unwrap();
    // a long train window reaching past a short one must still be caught
    let bad = [
        (SplitName::Train, s(0, 1000)),
        (SplitName::Train, s(10, 20)),
        (SplitName::Test, s(900, 950)),
        (SplitName::Valid, s(2000, 2100)),
    ];
    let msg = check_disjoint(&g, &bad).unwrap_err().to_string();
    assert!(msg.contains("train chr20:0-1000") && msg.contains("test chr20:900-950"), "{msg}");
    let err = check_disjoint(&g, &ok[..3]).unwrap_err();
    assert!(matches!(err, GenomeError::EmptySplit { ref split, .. } if split == "test"), "{err}");
}

#[test]
fn real_dataset_with_region_splits_is_disjoint_and_written_consistently() {
    let g = common::genome();
    let set = read_intervals(&common::peaks_path(), IntervalFormat::Auto, &g, UnknownChromosomes::Skip).unwrap();
    let mut drops = DropReport::default();
    let pos =
        peak_windows(&g, &set, &WindowOptions { width: 200, margin: 0, max_n_fraction: 0.0 }, &mut drops).unwrap();
    let margin = 200;
    let blacklist: Vec<Span> = set
        .intervals
        .iter()
        .map(|p| Span { chrom: p.chrom, start: p.start.saturating_sub(margin), end: p.end + margin })
        .collect();
    let neg =
        gc_matched(&g, &pos, &GcMatchOptions { exclusion_margin: margin, ..GcMatchOptions::default() }, &blacklist, 5)
            .unwrap();
    let plan = SplitPlan::from_regions(&g, &[VALID], &[TEST]).unwrap();
    let data = assemble(
        &g,
        pos.clone(),
        neg.clone(),
        &plan,
        drops,
        &AssembleOptions { seed: 11, ..AssembleOptions::default() },
    )
    .unwrap();
    let spans: Vec<(SplitName, Span)> =
        data.records.iter().map(|r| (r.split, Span { chrom: 0, start: r.start, end: r.end })).collect();
    check_disjoint(&g, &spans).unwrap();
    for r in &data.records {
        match r.split {
            SplitName::Test => assert!(r.start >= 50_000_000),
            SplitName::Valid => assert!(r.start >= 42_000_000 && r.end <= 50_000_000),
            SplitName::Train => assert!(r.end <= 42_000_000),
        }
    }
    let s = &data.summary;
    let straddled: usize = s.drops.straddling_split.values().sum();
    assert_eq!(
        s.train.positives
            + s.valid.positives
            + s.test.positives
            + s.drops.straddling_split.get("peak").copied().unwrap_or(0),
        pos.len()
    );
    assert_eq!(
        s.train.negatives + s.valid.negatives + s.test.negatives + straddled
            - s.drops.straddling_split.get("peak").copied().unwrap_or(0),
        neg.windows.len()
    );
    assert!(s.test.positives > 100 && s.valid.positives > 50 && s.train.positives > 500, "{s:?}");
    let dir = tempfile::tempdir().unwrap();
    let out = write_dir(&dir.path().join("ds"), &data).unwrap();
    let back = seq_io::h5::read_splits(&out.h5, &seq_io::h5::H5ReadOptions::default()).unwrap();
    assert_eq!(back, data.splits);
    let bed = std::fs::read_to_string(&out.bed).unwrap();
    let lines: Vec<Vec<&str>> = bed.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(lines.len(), back.train.n() + back.valid.n() + back.test.n());
    let direct = common::chr20_direct();
    for (split, part, offset) in [
        ("train", &back.train, 0),
        ("valid", &back.valid, back.train.n()),
        ("test", &back.test, back.train.n() + back.valid.n()),
    ] {
        for i in 0..part.n() {
            let l = &lines[offset + i];
            assert_eq!((l[0], l[3], l[6]), ("chr20", part.names[i].as_str(), split));
            assert_eq!(l[4], if part.label(i)[0] > 0.5 { "1" } else { "0" });
            let (a, b): (usize, usize) = (l[1].parse().unwrap(), l[2].parse().unwrap());
            assert_eq!(seq_io::onehot::decode(part.seq(i), part.len).as_bytes(), &direct[a..b], "row {i} of {split}");
            assert_eq!(l[7] == "gc-matched", l[4] == "0");
        }
    }
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&out.summary).unwrap()).unwrap();
    assert_eq!(json["test"]["positives"], s.test.positives);
    assert_eq!(json["drops"]["peaks_read"], 44_982);
    assert_eq!(json["gc_histogram"]["positives"].as_array().unwrap().len(), 50);
    assert_eq!(std::fs::read_dir(out.h5.parent().unwrap()).unwrap().count(), 3, "no temporary file left");
}

#[test]
fn build_dataset_runs_the_whole_path_with_shuffled_negatives() {
    use seq_genome::{build_dataset, DatasetSpec, GenomeOptions, NegativeKind};
    let dir = tempfile::tempdir().unwrap();
    let spec = DatasetSpec {
        genome: common::genome_path(),
        genome_options: GenomeOptions::default(),
        peaks: common::peaks_path(),
        format: IntervalFormat::Auto,
        unknown_chromosomes: UnknownChromosomes::Skip,
        windows: WindowOptions { width: 200, margin: 10, max_n_fraction: 0.0 },
        negatives: NegativeKind::Shuffled { copies: 1 },
        blacklist: None,
        valid: vec![VALID.into()],
        test: vec![TEST.into()],
        seed: 3,
        assemble: AssembleOptions::default(),
        out: dir.path().join("out"),
    };
    let (data, files) = build_dataset(&spec).unwrap();
    assert_eq!(data.splits.train.len, 220);
    // shuffled negatives share their positive's coordinates, so every split is exactly balanced
    for c in [data.summary.train, data.summary.valid, data.summary.test] {
        assert_eq!(c.positives, c.negatives);
    }
    assert_eq!(
        data.summary.train.positives + data.summary.valid.positives + data.summary.test.positives,
        1242 - data.summary.drops.straddling_split.get("peak").copied().unwrap_or(0)
    );
    assert!(files.h5.exists() && files.bed.exists() && files.summary.exists());
    let bad = DatasetSpec { test: vec!["chr20:60000000-70000000".into()], ..spec };
    assert!(build_dataset(&bad).unwrap_err().to_string().contains("outside chr20"));
}
