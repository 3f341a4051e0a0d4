//! Hold-out splits on the genome: by chromosome (valid/test chromosome lists) or by region
//! (`chr20:50000000-63025520`). A window goes to a split only when its whole span lies inside it; windows
//! that straddle a boundary are dropped and counted. [`check_disjoint`] proves that no window of one split
//! overlaps a window of another.

use crate::error::{GenomeError, Result};
use crate::reference::{Genome, Span};
use crate::windows::{DropReport, Window};

/// The three splits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub enum SplitName {
    /// Training.
    Train,
    /// Validation.
    Valid,
    /// Test.
    Test,
}

impl SplitName {
    /// All three, in file order.
    pub const ALL: [SplitName; 3] = [SplitName::Train, SplitName::Valid, SplitName::Test];

    /// `train`, `valid` or `test`.
    pub fn label(self) -> &'static str {
        match self {
            SplitName::Train => "train",
            SplitName::Valid => "valid",
            SplitName::Test => "test",
        }
    }

    /// Position in [`SplitName::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

fn number(spec: &str, option: &str, text: &str, what: &str) -> Result<u64> {
    text.replace([',', '_'], "").parse::<u64>().map_err(|_| GenomeError::Region {
        spec: spec.into(),
        option: option.into(),
        message: format!("{what} {text:?} is not a non-negative integer (expected chrom:start-end, 0-based half-open)"),
    })
}

/// Parses `chrom` (the whole chromosome) or `chrom:start-end` (0-based, half-open, like BED; commas
/// allowed) against `genome`; `option` names where the text came from in errors.
pub fn parse_region(genome: &Genome, spec: &str, option: &str) -> Result<Span> {
    let err = |m: String| GenomeError::Region { spec: spec.into(), option: option.into(), message: m };
    let spec_t = spec.trim();
    let (name, range) = match spec_t.rsplit_once(':') {
        Some((n, r)) => (n, Some(r)),
        None => (spec_t, None),
    };
    if name.is_empty() {
        return Err(err("no chromosome name (expected chrom or chrom:start-end)".into()));
    }
    let chrom = genome.resolve(name, &format!("region {spec:?} ({option})"))?;
    let len = genome.chroms()[chrom].len;
    let (start, end) = match range {
        None => (0, len),
        Some(r) => {
            let (s, e) =
                r.split_once('-').ok_or_else(|| err(format!("range {r:?} has no '-' (expected start-end)")))?;
            (number(spec, option, s, "start")?, number(spec, option, e, "end")?)
        }
    };
    if start >= end {
        return Err(err(format!("start {start} is not before end {end}")));
    }
    if end > len {
        return Err(err(format!("end {end} is outside {} (length {len})", genome.chroms()[chrom].name)));
    }
    Ok(Span { chrom, start, end })
}

/// Where the valid and test windows come from; everything else is training.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SplitPlan {
    /// Validation regions (whole chromosomes are regions too), sorted and merged.
    pub valid: Vec<Span>,
    /// Test regions, sorted and merged.
    pub test: Vec<Span>,
}

fn merge(mut v: Vec<Span>) -> Vec<Span> {
    v.sort_unstable();
    let mut out: Vec<Span> = Vec::with_capacity(v.len());
    for s in v {
        match out.last_mut() {
            Some(l) if l.chrom == s.chrom && s.start <= l.end => l.end = l.end.max(s.end),
            _ => out.push(s),
        }
    }
    out
}

/// The merged region containing `s` entirely, or whether `s` touches any region.
fn locate(regions: &[Span], s: Span) -> (bool, bool) {
    let i = regions.partition_point(|r| (r.chrom, r.end) <= (s.chrom, s.start));
    match regions.get(i) {
        Some(r) if r.chrom == s.chrom && r.start < s.end => (r.start <= s.start && s.end <= r.end, true),
        _ => (false, false),
    }
}

impl SplitPlan {
    /// A plan from region texts (see [`parse_region`]); a bare chromosome name holds out the whole
    /// chromosome. Valid and test regions must not overlap.
    pub fn from_regions(genome: &Genome, valid: &[&str], test: &[&str]) -> Result<Self> {
        let v = valid.iter().map(|s| parse_region(genome, s, "valid")).collect::<Result<Vec<_>>>()?;
        let t = test.iter().map(|s| parse_region(genome, s, "test")).collect::<Result<Vec<_>>>()?;
        let plan = SplitPlan { valid: merge(v), test: merge(t) };
        for r in &plan.valid {
            if locate(&plan.test, *r).1 {
                let c = &genome.chroms()[r.chrom].name;
                return Err(GenomeError::InvalidArgument(format!(
                    "the validation region {c}:{}-{} overlaps a test region",
                    r.start, r.end
                )));
            }
        }
        Ok(plan)
    }

    /// A plan holding out whole chromosomes.
    pub fn from_chromosomes(genome: &Genome, valid: &[&str], test: &[&str]) -> Result<Self> {
        if let Some(c) = valid.iter().find(|c| c.contains(':')) {
            return Err(GenomeError::InvalidArgument(format!("{c:?} is a region, not a chromosome name")));
        }
        Self::from_regions(genome, valid, test)
    }

    /// The split of a window, or `None` when it straddles a boundary of a valid or test region.
    pub fn assign(&self, s: Span) -> Option<SplitName> {
        let (in_test, touch_test) = locate(&self.test, s);
        let (in_valid, touch_valid) = locate(&self.valid, s);
        match (in_test, in_valid, touch_test || touch_valid) {
            (true, _, _) => Some(SplitName::Test),
            (_, true, _) => Some(SplitName::Valid),
            (false, false, true) => None,
            _ => Some(SplitName::Train),
        }
    }

    /// Splits windows three ways (train, valid, test); straddling windows are dropped and counted in
    /// `report` under their source label.
    pub fn split(&self, windows: Vec<Window>, report: &mut DropReport) -> [Vec<Window>; 3] {
        let mut out: [Vec<Window>; 3] = Default::default();
        for w in windows {
            match self.assign(w.span()) {
                Some(s) => out[s.index()].push(w),
                None => *report.straddling_split.entry(w.source.label().to_string()).or_default() += 1,
            }
        }
        out
    }
}

/// Checks that every split has a window and that no window of one split overlaps a window of another.
pub fn check_disjoint(genome: &Genome, windows: &[(SplitName, Span)]) -> Result<()> {
    for s in SplitName::ALL {
        if !windows.iter().any(|w| w.0 == s) {
            return Err(GenomeError::EmptySplit {
                split: s.label().into(),
                hint: " (check the valid/test regions against the windows' chromosomes)".into(),
            });
        }
    }
    let mut order: Vec<usize> = (0..windows.len()).collect();
    order.sort_unstable_by_key(|&i| windows[i].1);
    let show = |i: usize| {
        let (s, w) = windows[i];
        format!("{} {}:{}-{}", s.label(), genome.chroms().get(w.chrom).map_or("?", |c| c.name.as_str()), w.start, w.end)
    };
    // per split, the window with the furthest end seen so far on the current chromosome
    let mut furthest: [Option<usize>; 3] = [None; 3];
    let mut chrom = usize::MAX;
    for &i in &order {
        let (s, w) = windows[i];
        if w.chrom != chrom {
            furthest = [None; 3];
            chrom = w.chrom;
        }
        for other in SplitName::ALL.into_iter().filter(|&o| o != s) {
            if let Some(j) = furthest[other.index()] {
                if windows[j].1.end > w.start {
                    return Err(GenomeError::SplitOverlap { first: show(j), second: show(i) });
                }
            }
        }
        let slot = &mut furthest[s.index()];
        if slot.is_none_or(|j| windows[j].1.end < w.end) {
            *slot = Some(i);
        }
    }
    Ok(())
}
