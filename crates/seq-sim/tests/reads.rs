//! seq-sim reads: seed 002's `sim_error` semantics, the read–template alignment and bad input.
//!
//! Expected rates (derived in `seq_sim::reads`): because insertions repeat while `r < pi` and the
//! deletion/substitution decision reuses the final `r ∈ [pi, 1)`, per template letter the number of
//! insertions is geometric with mean `pi/(1−pi)`, a deletion happens with probability `pd/(1−pi)` and a
//! substitution draw with probability `ps/(1−pi)` (changing the letter 3 times in 4). Tolerances are 5
//! standard errors of the mean over the template letters; chi-square limits are upper 1e-4 quantiles.

use seq_sim::reads::{random_template, simulate_read, simulate_reads, ErrorRates, NoisyRead, END_MARKER, START_MARKER};
use seq_sim::{rng, SimError};

struct Tally {
    template_bases: usize,
    insertions: usize,
    deletions: usize,
    substitution_draws: usize,
    changed_by_substitution: usize,
}

fn tally(template: &[u8], reads: &[NoisyRead]) -> Tally {
    let mut t =
        Tally { template_bases: 0, insertions: 0, deletions: 0, substitution_draws: 0, changed_by_substitution: 0 };
    for r in reads {
        t.template_bases += template.len();
        t.insertions += r.insertions();
        t.deletions += r.deleted.len();
        for (j, &s) in r.substituted.iter().enumerate() {
            if s {
                t.substitution_draws += 1;
                let o = r.origin[j].expect("a substitution keeps its template origin");
                t.changed_by_substitution += usize::from(r.seq[j] != template[o]);
            }
        }
    }
    t
}

/// Checks observed per-template-letter rates against the seed's semantics within 5 standard errors.
fn assert_rates_match(rates: &ErrorRates, t: &Tally) {
    let n = t.template_bases as f64;
    let (ins, del, sub) = rates.expected_per_template_base();
    let pi = rates.insertion;
    // insertions per letter: geometric count, variance pi/(1−pi)²
    let ins_se = (pi / (1.0 - pi).powi(2) / n).sqrt();
    let observed_ins = t.insertions as f64 / n;
    assert!((observed_ins - ins).abs() < 5.0 * ins_se, "insertions {observed_ins} vs {ins}");
    for (label, count, p) in [("deletions", t.deletions, del), ("substitution draws", t.substitution_draws, sub)] {
        let f = count as f64 / n;
        assert!((f - p).abs() < 5.0 * (p * (1.0 - p) / n).sqrt(), "{label}: {f} vs {p}");
    }
    eprintln!(
        "rates {rates:?} over {n} letters: insertions {observed_ins:.5} (expected {ins:.5}), deletions {:.5} ({del:.5}), substitution draws {:.5} ({sub:.5})",
        t.deletions as f64 / n,
        t.substitution_draws as f64 / n
    );
    let changed = t.changed_by_substitution as f64 / t.substitution_draws as f64;
    assert!(
        (changed - 0.75).abs() < 5.0 * (0.1875 / t.substitution_draws as f64).sqrt(),
        "substitutions change the letter 3/4 of the time: {changed}"
    );
}

#[test]
fn observed_error_rates_over_1e5_template_bases_match_the_seed_semantics() {
    let rates = ErrorRates::default(); // the seed's pi = pd = 0.05, ps = 0.01
    let mut r = rng(1);
    let template = random_template(1000, &mut r);
    let reads = simulate_reads(&template, 100, &rates, false, &mut r).unwrap();
    assert_rates_match(&rates, &tally(&template, &reads));
    let heavy = ErrorRates { insertion: 0.2, deletion: 0.1, substitution: 0.15 };
    let reads = simulate_reads(&template, 100, &heavy, false, &mut r).unwrap();
    assert_rates_match(&heavy, &tally(&template, &reads));
}

#[test]
fn repeated_insertions_and_the_reused_draw_are_distinguishable_from_naive_rates() {
    // Over 1e6 letters the seed's rates (0.0526 insertions and 0.0526 deletions per letter) sit more than
    // 10 standard errors away from the naive pi = pd = 0.05 that a single-draw implementation would give.
    let rates = ErrorRates::default();
    let mut r = rng(2);
    let template = random_template(1000, &mut r);
    let reads = simulate_reads(&template, 1000, &rates, false, &mut r).unwrap();
    let t = tally(&template, &reads);
    assert_rates_match(&rates, &t);
    let n = t.template_bases as f64;
    assert!(t.insertions as f64 / n > 0.05 + 5.0 * (0.0554 / n).sqrt(), "{}", t.insertions as f64 / n);
    assert!(t.deletions as f64 / n > 0.05 + 5.0 * (0.05 * 0.95 / n).sqrt(), "{}", t.deletions as f64 / n);
}

#[test]
fn origins_align_every_read_letter_to_the_template() {
    let mut r = rng(3);
    let template = random_template(300, &mut r);
    for _ in 0..200 {
        let read = simulate_read(&template, 0.1, 0.1, 0.1, &mut r).unwrap();
        assert_eq!(read.seq.len(), read.origin.len());
        assert_eq!(read.seq.len(), read.substituted.len());
        let kept: Vec<usize> = read.origin.iter().flatten().copied().collect();
        assert!(kept.windows(2).all(|w| w[0] < w[1]), "origins increase strictly");
        assert!(read.deleted.windows(2).all(|w| w[0] < w[1]));
        // kept and deleted letters partition the template
        let mut all: Vec<usize> = kept.iter().chain(&read.deleted).copied().collect();
        all.sort();
        assert_eq!(all, (0..template.len()).collect::<Vec<_>>());
        for (j, o) in read.origin.iter().enumerate() {
            match o {
                Some(i) if !read.substituted[j] => assert_eq!(read.seq[j], template[*i]),
                Some(_) => {}
                None => assert!(!read.substituted[j]),
            }
        }
        assert_eq!(read.seq.len(), read.insertions() + template.len() - read.deleted.len());
    }
}

#[test]
fn markers_wrap_each_read_for_the_denoiser() {
    let mut r = rng(4);
    let template = random_template(220, &mut r);
    let reads = simulate_reads(&template, 20, &ErrorRates::default(), true, &mut r).unwrap();
    assert_eq!(reads.len(), 20);
    for read in &reads {
        let last = read.seq.len() - 1;
        assert_eq!((read.seq[0], read.seq[last]), (START_MARKER, END_MARKER));
        assert_eq!((read.origin[0], read.origin[last]), (None, None));
        assert!(read.seq[1..last].iter().all(|b| b"ACGT".contains(b)));
    }
    let plain = simulate_reads(&template, 5, &ErrorRates::default(), false, &mut r).unwrap();
    assert!(plain.iter().all(|x| x.seq.iter().all(|b| b"ACGT".contains(b))));
}

#[test]
fn random_templates_are_uniform_and_seeded() {
    let t = random_template(100_000, &mut rng(5));
    let mut c = [0usize; 4];
    t.iter().for_each(|b| c[b"ACGT".iter().position(|x| x == b).unwrap()] += 1);
    let stat: f64 = c.iter().map(|&o| (o as f64 - 25_000.0).powi(2) / 25_000.0).sum();
    assert!(stat < 21.1, "chi-square(3) upper 1e-4 quantile is 21.1: {c:?}");
    assert_eq!(t, random_template(100_000, &mut rng(5)));
    let a = simulate_reads(&t[..500], 10, &ErrorRates::default(), true, &mut rng(6)).unwrap();
    assert_eq!(a, simulate_reads(&t[..500], 10, &ErrorRates::default(), true, &mut rng(6)).unwrap());
    assert_ne!(a, simulate_reads(&t[..500], 10, &ErrorRates::default(), true, &mut rng(7)).unwrap());
}

#[test]
fn bad_rates_and_templates_are_refused() {
    let mut r = rng(8);
    let err = simulate_read(b"ACGT", 0.5, 0.4, 0.2, &mut r).unwrap_err();
    assert!(matches!(err, SimError::Rates { .. }) && err.to_string().contains("sum above 1"), "{err}");
    assert!(matches!(simulate_read(b"ACGT", 1.0, 0.0, 0.0, &mut r), Err(SimError::Rates { .. })));
    assert!(matches!(simulate_read(b"ACGT", f64::NAN, 0.0, 0.0, &mut r), Err(SimError::Rates { .. })));
    let bad = ErrorRates { insertion: 0.1, deletion: -0.1, substitution: 0.0 };
    assert!(matches!(simulate_reads(b"ACGT", 3, &bad, true, &mut r), Err(SimError::Rates { .. })));
    let err = simulate_reads(b"ACG<T", 3, &ErrorRates::default(), true, &mut r).unwrap_err();
    assert!(matches!(err, SimError::InvalidBase { position: 3, ch: '<', .. }), "{err}");
}
