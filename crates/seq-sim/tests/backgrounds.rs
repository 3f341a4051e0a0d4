//! seq-sim backgrounds: GC fractions, the dinucleotide shuffle and k-th order Markov models.
//!
//! Statistical checks use fixed seeds. Tolerances: a binomial proportion is accepted within 5 standard
//! errors (`5·sqrt(p(1−p)/n)`, two-sided false-alarm rate ≈ 6e-7 for a correct implementation); a
//! chi-square statistic is accepted below its upper 1e-4 quantile (Wilson–Hilferty approximation, z = 3.72).

use rand::Rng;
use seq_sim::background::{gc_background, iid_background};
use seq_sim::markov::MarkovModel;
use seq_sim::shuffle::{dinucleotide_counts, dinucleotide_shuffle, shuffle_acgt_runs};
use seq_sim::{rng, SimError};
use seq_testkit::data_path;
use seq_testkit::stats::{chi2_limit, five_se};
use std::collections::HashMap;

fn base_counts(seq: &[u8]) -> [usize; 4] {
    let mut c = [0; 4];
    for &b in seq {
        c[b"ACGT".iter().position(|&x| x == b).expect("ACGT letter")] += 1;
    }
    c
}

fn chi2(observed: &[usize], expected_probs: &[f64]) -> f64 {
    let n: usize = observed.iter().sum();
    observed.iter().zip(expected_probs).map(|(&o, &p)| (o as f64 - n as f64 * p).powi(2) / (n as f64 * p)).sum()
}

#[test]
fn gc_background_has_the_requested_gc_and_symmetric_strands() {
    let n = 100_000;
    for (seed, gc) in [(1, 0.2), (2, 0.4), (3, 0.5), (4, 0.73)] {
        let s = gc_background(n, gc, &mut rng(seed)).unwrap();
        let c = base_counts(&s);
        let observed_gc = (c[1] + c[2]) as f64 / n as f64;
        // binomial(1e5, gc): 5 standard errors ≤ 0.0079
        assert!((observed_gc - gc).abs() < five_se(gc, n), "gc {gc}: observed {observed_gc}");
        // all four letters against A = T = (1−GC)/2, C = G = GC/2 (3 degrees of freedom)
        let probs = [(1.0 - gc) / 2.0, gc / 2.0, gc / 2.0, (1.0 - gc) / 2.0];
        assert!(chi2(&c, &probs) < chi2_limit(3), "gc {gc}: counts {c:?}");
    }
}

#[test]
fn backgrounds_refuse_gc_outside_unit_interval() {
    assert!(matches!(gc_background(10, 1.5, &mut rng(0)), Err(SimError::GcFraction(v)) if v == 1.5));
    assert!(matches!(gc_background(10, -0.01, &mut rng(0)), Err(SimError::GcFraction(_))));
    assert!(matches!(iid_background(10, &[0.4, 0.4, 0.4, 0.4], &mut rng(0)), Err(SimError::Distribution(_))));
}

#[test]
fn same_seed_gives_same_bytes_and_other_seed_differs() {
    let a = gc_background(5000, 0.4, &mut rng(42)).unwrap();
    assert_eq!(a, gc_background(5000, 0.4, &mut rng(42)).unwrap());
    assert_ne!(a, gc_background(5000, 0.4, &mut rng(43)).unwrap());
    assert_eq!(dinucleotide_shuffle(&a, &mut rng(7)), dinucleotide_shuffle(&a, &mut rng(7)));
    let m = MarkovModel::fit(&[&a], 3).unwrap();
    assert_eq!(m.sample(2000, &mut rng(9)), m.sample(2000, &mut rng(9)));
}

#[test]
fn shuffle_keeps_dinucleotide_counts_and_ends_of_real_sequences() {
    let records = seq_io::fastx::read_sequences(&data_path("dragonn/example_pos_sequences.fa")).unwrap();
    let mut r = rng(5);
    let mut changed = 0;
    for rec in records.iter().take(200) {
        let s = dinucleotide_shuffle(&rec.seq, &mut r);
        assert_eq!(s.len(), rec.seq.len());
        assert_eq!((s[0], s[s.len() - 1]), (rec.seq[0], rec.seq[rec.seq.len() - 1]), "{}", rec.id);
        assert_eq!(dinucleotide_counts(&s), dinucleotide_counts(&rec.seq), "{}", rec.id);
        changed += usize::from(s != rec.seq);
    }
    // 500-nt sequences have astronomically many Eulerian paths: every shuffle must differ
    assert_eq!(changed, 200);
}

#[test]
fn shuffle_treats_n_as_a_letter_or_keeps_it_in_place() {
    let seq = b"ACGTTGCANNNNACGGTACCATNGGCATTAGC";
    let mut r = rng(8);
    for _ in 0..100 {
        let s = dinucleotide_shuffle(seq, &mut r);
        assert_eq!(dinucleotide_counts(&s), dinucleotide_counts(seq));
        let t = shuffle_acgt_runs(seq, &mut r);
        let n_positions =
            |x: &[u8]| x.iter().enumerate().filter(|(_, &b)| b == b'N').map(|(i, _)| i).collect::<Vec<_>>();
        assert_eq!(n_positions(&t), n_positions(seq));
        assert_eq!(
            dinucleotide_counts(&t),
            dinucleotide_counts(seq),
            "runs keep their own dinucleotides and the N joints"
        );
    }
}

/// Dinucleotide counts of an A/C/G/T string given as base codes (4 × 4 table).
fn pair_counts(codes: &[usize]) -> [u8; 16] {
    let mut c = [0u8; 16];
    codes.windows(2).for_each(|w| c[w[0] * 4 + w[1]] += 1);
    c
}

/// All sequences over ACGT of `seq`'s length with its first and last letter and dinucleotide counts.
fn all_with_same_counts(seq: &[u8]) -> Vec<Vec<u8>> {
    let len = seq.len();
    let code = |b: u8| b"ACGT".iter().position(|&x| x == b).unwrap();
    let seq_codes: Vec<usize> = seq.iter().map(|&b| code(b)).collect();
    let target = pair_counts(&seq_codes);
    let (first, last) = (seq_codes[0], seq_codes[len - 1]);
    // enumerate only the middle letters; the ends are fixed
    let middle = len - 2;
    let mut out = Vec::new();
    let mut codes = vec![0usize; len];
    codes[0] = first;
    codes[len - 1] = last;
    for m in 0..4usize.pow(middle as u32) {
        for i in 0..middle {
            codes[1 + i] = (m >> (2 * i)) & 3;
        }
        if pair_counts(&codes) == target {
            out.push(codes.iter().map(|&c| b"ACGT"[c]).collect());
        }
    }
    out
}

#[test]
fn shuffle_is_uniform_over_all_sequences_with_the_same_counts() {
    // Altschul–Erickson with a uniform arborescence samples uniformly among all strings sharing the
    // counts and ends; enumerate them by brute force and compare with 30000 shuffles.
    let seq = b"AACGACGTTAGA";
    let universe = all_with_same_counts(seq);
    assert!(universe.len() >= 10, "need a non-trivial class, got {}", universe.len());
    let draws = 30_000;
    let mut r = rng(12);
    let mut counts: HashMap<Vec<u8>, usize> = universe.iter().map(|s| (s.clone(), 0)).collect();
    for _ in 0..draws {
        let s = dinucleotide_shuffle(seq, &mut r);
        *counts.get_mut(&s).expect("a shuffle outside the count class") += 1;
    }
    let observed: Vec<usize> = universe.iter().map(|s| counts[s]).collect();
    let m = universe.len();
    let stat = chi2(&observed, &vec![1.0 / m as f64; m]);
    eprintln!("{m} sequences share the counts; chi-square {stat:.1} (limit {:.1})", chi2_limit(m - 1));
    assert!(stat < chi2_limit(m - 1), "chi2 {stat:.1} over {m} classes (limit {:.1}): {observed:?}", chi2_limit(m - 1));
}

/// A sequence from a first-order chain with the given transition rows.
fn sample_chain(trans: &[[f64; 4]; 4], len: usize, seed: u64) -> Vec<u8> {
    let mut r = rng(seed);
    let mut cur = 0usize;
    let mut out = Vec::with_capacity(len);
    for _ in 0..len {
        let u: f64 = r.random();
        let mut cdf = 0.0;
        cur = (0..4)
            .find(|&k| {
                cdf += trans[cur][k];
                cdf >= u
            })
            .unwrap_or(3);
        out.push(b"ACGT"[cur]);
    }
    out
}

#[test]
fn markov_model_recovers_and_reproduces_first_order_transitions() {
    let trans = [[0.6, 0.2, 0.1, 0.1], [0.1, 0.1, 0.7, 0.1], [0.25, 0.25, 0.25, 0.25], [0.05, 0.05, 0.1, 0.8]];
    let data = sample_chain(&trans, 200_000, 3);
    let fitted = MarkovModel::fit(&[&data], 1).unwrap();
    // each context occurs ≥ 25000 times in 2e5 letters (stationary mass ≥ 0.13), so 5 SE ≤ 0.016
    for (c, row) in trans.iter().enumerate() {
        let got = fitted.transition(&[b"ACGT"[c]]).unwrap();
        for k in 0..4 {
            assert!((got[k] - row[k]).abs() < five_se(row[k], 25_000), "context {c} base {k}: {got:?} vs {row:?}");
        }
    }
    // sampling the fitted model and refitting reproduces its transitions (same bound)
    let resampled = fitted.sample(200_000, &mut rng(4));
    let refit = MarkovModel::fit(&[&resampled], 1).unwrap();
    for c in b"ACGT" {
        let (a, b) = (fitted.transition(&[*c]).unwrap(), refit.transition(&[*c]).unwrap());
        for k in 0..4 {
            assert!((a[k] - b[k]).abs() < 2.0 * five_se(a[k], 25_000), "context {}: {a:?} vs {b:?}", *c as char);
        }
    }
}

#[test]
fn third_order_model_of_real_sequences_keeps_their_trinucleotide_profile() {
    let records = seq_io::fastx::read_sequences(&data_path("dragonn/example_neg_sequences.fa")).unwrap();
    let seqs: Vec<&[u8]> = records.iter().take(400).map(|r| r.seq.as_slice()).collect();
    let model = MarkovModel::fit(&seqs, 3).unwrap();
    let sampled = model.sample(400_000, &mut rng(21));
    let profile = |s: &[&[u8]]| {
        let mut c = HashMap::<Vec<u8>, usize>::new();
        let mut total = 0usize;
        for seq in s {
            for w in seq.windows(3).filter(|w| w.iter().all(|b| b"ACGT".contains(b))) {
                *c.entry(w.to_vec()).or_default() += 1;
                total += 1;
            }
        }
        (c, total)
    };
    let (real, n_real) = profile(&seqs);
    let (sim, n_sim) = profile(&[&sampled]);
    for (kmer, &count) in &real {
        let p = count as f64 / n_real as f64;
        let q = *sim.get(kmer).unwrap_or(&0) as f64 / n_sim as f64;
        // both are estimates: allow 5 combined standard errors, with a floor for rare k-mers
        let tol = 5.0 * (p * (1.0 - p) * (1.0 / n_real as f64 + 1.0 / n_sim as f64)).sqrt() + 1e-4;
        assert!((p - q).abs() < tol, "{}: real {p:.5} sampled {q:.5}", String::from_utf8_lossy(kmer));
    }
}
