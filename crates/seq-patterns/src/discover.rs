//! The pattern-discovery pipeline of one call: seqlets split by sign into metaclusters; per metacluster
//! and round, similarity data → k-NN graph (first round: rows filtered by the coarse/fine rank
//! correlation) → density-adapted graph → Leiden → one pattern per community (aligned, polished, of the
//! metacluster's sign); the second round re-clusters the seqlets of the first round's patterns. Then similar
//! patterns are merged, patterns with too few seqlets or too little information are dropped, and the rest
//! are sorted by seqlet count.

use crate::aggregate::{merge_seqlets, polish, Builder};
use crate::density::{density_adapted_graph, DensityKernel};
use crate::error::{invalid, Result};
use crate::knn::{knn_graph, KnnConfig};
use crate::leiden::{leiden, LeidenConfig};
use crate::merge::{merge_patterns, MergeConfig};
use crate::pattern::Pattern;
use crate::similarity::{check_seqlets, seqlet_data};
use crate::tracks::Tracks;
use crate::Seqlet;
use rayon::prelude::*;
use std::collections::HashSet;

/// Options of [`discover_patterns`] (defaults are TF-MoDISco's unless said otherwise).
#[derive(Debug, Clone, PartialEq)]
pub struct PatternConfig {
    /// The k-NN graph.
    pub knn: KnnConfig,
    /// First-round filter on the Spearman correlation of coarse and fine similarities per seqlet (0.15).
    pub correlation_threshold: f64,
    /// Perplexity of the density adaptation (10).
    pub perplexity: f64,
    /// How the density adaptation weighs distances (tfmodisco-lite's by default).
    pub density_kernel: DensityKernel,
    /// Leiden (8 runs here; TF-MoDISco uses 50).
    pub leiden: LeidenConfig,
    /// Clustering rounds (2).
    pub rounds: usize,
    /// A sign with at most this many seqlets gets no patterns (100).
    pub min_metacluster_size: usize,
    /// At most this many seqlets per sign, the strongest first (20 000).
    pub max_seqlets_per_metacluster: usize,
    /// Flank added while polishing (10).
    pub flank: usize,
    /// Window of highest information content kept while polishing (30).
    pub trim_window: usize,
    /// Patterns with fewer seqlets are dropped; communities smaller than this are not built (20).
    pub min_seqlets: usize,
    /// Window for the information-content filter (6).
    pub min_ic_window: usize,
    /// Minimum summed information content (bits) in the best such window (0.6).
    pub min_ic_in_window: f64,
    /// Contribution trimming of the reported span: Σ|CWM| ≥ this × the maximum (0.3).
    pub trim_threshold: f32,
    /// The merge step.
    pub merge: MergeConfig,
}

impl Default for PatternConfig {
    fn default() -> Self {
        PatternConfig {
            knn: KnnConfig::default(),
            correlation_threshold: 0.15,
            perplexity: 10.0,
            density_kernel: DensityKernel::Lite,
            leiden: LeidenConfig::default(),
            rounds: 2,
            min_metacluster_size: 100,
            max_seqlets_per_metacluster: 20_000,
            flank: 10,
            trim_window: 30,
            min_seqlets: 20,
            min_ic_window: 6,
            min_ic_in_window: 0.6,
            trim_threshold: 0.3,
            merge: MergeConfig::default(),
        }
    }
}

/// Patterns of both signs.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct PatternSet {
    /// Patterns of positive seqlets, most seqlets first.
    pub positive: Vec<Pattern>,
    /// Patterns of negative seqlets, most seqlets first.
    pub negative: Vec<Pattern>,
    /// Seqlets per metacluster used (positive, negative).
    pub metacluster_sizes: (usize, usize),
}

impl PatternSet {
    /// All patterns, positive first.
    pub fn all(&self) -> impl Iterator<Item = &Pattern> {
        self.positive.iter().chain(&self.negative)
    }
}

fn check(cfg: &PatternConfig) -> Result<()> {
    if cfg.perplexity.is_nan() || cfg.perplexity <= 0.0 {
        return Err(invalid("perplexity", format!("{} must be positive", cfg.perplexity)));
    }
    if cfg.rounds == 0 {
        return Err(invalid("rounds", "need at least one round"));
    }
    if cfg.trim_window == 0 || cfg.min_ic_window == 0 {
        return Err(invalid("trim_window/min_ic_window", "must be positive"));
    }
    if cfg.knn.n_neighbors == 0 {
        return Err(invalid("n_neighbors", "must be positive"));
    }
    Ok(())
}

/// Background base frequencies of the seqlets' windows.
fn background(tracks: &Tracks<'_>, seqlets: &[Seqlet]) -> [f64; 4] {
    let mut bg = [0.0f64; 4];
    for s in seqlets {
        for p in s.start..s.end {
            for (c, b) in bg.iter_mut().enumerate() {
                *b += f64::from(tracks.onehot(s.example, c, p));
            }
        }
    }
    let t: f64 = bg.iter().sum();
    if t > 0.0 {
        bg.map(|v| (v / t).max(1e-6))
    } else {
        [0.25; 4]
    }
}

fn abs_contrib(tracks: &Tracks<'_>, s: &Seqlet) -> f32 {
    (s.start..s.end).map(|p| (0..4).map(|c| tracks.contrib(s.example, c, p).abs()).sum::<f32>()).sum()
}

/// The patterns of one metacluster.
fn metacluster(
    tracks: &Tracks<'_>,
    mut seqs: Vec<Seqlet>,
    sign: f32,
    bg: &[f64; 4],
    cfg: &PatternConfig,
) -> Result<Vec<Builder>> {
    let mut builders: Vec<Builder> = Vec::new();
    for round in 0..cfg.rounds {
        if seqs.len() < 2 {
            break;
        }
        let strength: Vec<f32> = seqs.par_iter().map(|s| abs_contrib(tracks, s)).collect();
        let mut order: Vec<usize> = (0..seqs.len()).collect();
        order.sort_by(|&a, &b| strength[b].total_cmp(&strength[a]).then(a.cmp(&b)));
        seqs = order.into_iter().map(|i| seqs[i]).collect();
        let data = seqlet_data(tracks, &seqs)?;
        let mut knn = knn_graph(tracks, &seqs, &data, &cfg.knn)?;
        let data = if round == 0 {
            let (filtered, kept) = knn.filter_by_correlation(cfg.correlation_threshold);
            knn = filtered;
            seqs = kept.iter().map(|&i| seqs[i]).collect();
            seqlet_data(tracks, &seqs)?
        } else {
            data
        };
        if seqs.len() < 2 {
            break;
        }
        let graph = density_adapted_graph(&knn, cfg.perplexity, cfg.density_kernel);
        drop(knn);
        let partition = leiden(&graph, &cfg.leiden);
        drop(graph);
        let mut clusters: Vec<Vec<usize>> = vec![Vec::new(); partition.n_communities];
        for (i, &c) in partition.membership.iter().enumerate() {
            clusters[c].push(i);
        }
        let pad = (data.width as f32 * (1.0 - cfg.knn.min_overlap)).ceil() as usize;
        builders = clusters
            .par_iter()
            .filter(|c| c.len() >= cfg.min_seqlets.max(1))
            .filter_map(|c| {
                let b = merge_seqlets(tracks, &seqs, &data, c, pad)?;
                let b = polish(tracks, &b, cfg.flank, cfg.trim_window, bg)?;
                (b.total_contrib() * f64::from(sign) > 0.0).then_some(b)
            })
            .collect();
        if round + 1 < cfg.rounds {
            // The next round's seqlets: the patterns' members, unique, at one common width.
            let width = builders.iter().map(|b| b.len).min().unwrap_or(0);
            let mut seen = HashSet::new();
            seqs = builders
                .iter()
                .flat_map(|b| {
                    let delta = ((b.len - width) / 2) as isize;
                    b.members.iter().filter_map(move |m| crate::aggregate::shifted(tracks, m, delta, width))
                })
                .filter(|m| seen.insert((m.example, m.start, m.strand)))
                .map(|m| crate::Seqlet { score: sign * m.score.abs().max(f32::MIN_POSITIVE), ..m })
                .collect();
        }
    }
    let merged = merge_patterns(tracks, builders, &cfg.merge, cfg.knn.min_overlap, cfg.flank, cfg.trim_window, bg);
    let mut kept: Vec<Builder> = merged
        .into_iter()
        .filter(|b| b.members.len() >= cfg.min_seqlets)
        .filter(|b| {
            let ic = b.information_content(bg);
            let w = cfg.min_ic_window.min(ic.len());
            ic.windows(w).map(|x| x.iter().sum::<f64>()).fold(f64::MIN, f64::max) >= cfg.min_ic_in_window
        })
        .collect();
    kept.sort_by_key(|b| std::cmp::Reverse(b.members.len()));
    Ok(kept)
}

/// Discovers patterns in `seqlets` over `tracks` (see the module documentation).
pub fn discover_patterns(tracks: &Tracks<'_>, seqlets: &[Seqlet], cfg: &PatternConfig) -> Result<PatternSet> {
    check(cfg)?;
    check_seqlets(tracks, seqlets)?;
    let mut out = PatternSet { positive: Vec::new(), negative: Vec::new(), metacluster_sizes: (0, 0) };
    for sign in [1.0f32, -1.0] {
        let mut seqs: Vec<Seqlet> = seqlets.iter().copied().filter(|s| s.sign() == sign).collect();
        seqs.sort_by(|a, b| b.score.abs().total_cmp(&a.score.abs()));
        seqs.truncate(cfg.max_seqlets_per_metacluster);
        if sign > 0.0 {
            out.metacluster_sizes.0 = seqs.len();
        } else {
            out.metacluster_sizes.1 = seqs.len();
        }
        if seqs.len() <= cfg.min_metacluster_size {
            continue;
        }
        let bg = background(tracks, &seqs);
        let builders = metacluster(tracks, seqs, sign, &bg, cfg)?;
        let prefix = if sign > 0.0 { "pos_pattern" } else { "neg_pattern" };
        let patterns = builders
            .iter()
            .enumerate()
            .map(|(i, b)| Pattern::from_builder(format!("{prefix}_{i}"), sign, b, cfg.trim_threshold))
            .collect();
        if sign > 0.0 {
            out.positive = patterns;
        } else {
            out.negative = patterns;
        }
    }
    Ok(out)
}
