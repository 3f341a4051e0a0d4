//! `merge`: the outputs of the `N` shards of a run → one file in canonical order ([`crate::order`]),
//! byte-identical to the output of the unsharded run. A streaming k-way merge (memory: one line per
//! shard). It checks that every shard `0/N … N-1/N` is present exactly once and complete (its `.done`
//! marker), that formats, columns and headers agree, and that each input is in canonical order; the merged
//! file is written atomically with its own marker (shard `0/1`, rows and counts summed).

use crate::atomic::AtomicFile;
use crate::error::{Result, VariantError};
use crate::order::row_key;
use crate::report::SkipReport;
use crate::resume::{count_rows, DoneMarker};
use crate::shard::Shard;
use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap, HashMap};
use std::io::BufRead;
use std::path::{Path, PathBuf};

type OwnedKey = (usize, u64, String, String, String);

struct Input {
    path: PathBuf,
    lines: std::io::Lines<Box<dyn BufRead + Send>>,
    line_no: u64,
    last: Option<OwnedKey>,
}

fn output_err(path: &Path, at: impl Into<String>, message: impl Into<String>) -> VariantError {
    VariantError::Output { path: path.into(), at: at.into(), message: message.into() }
}

impl Input {
    /// The next data line's key (the line itself is its last element).
    fn next(&mut self, ranks: &HashMap<String, usize>) -> Result<Option<OwnedKey>> {
        let Some(line) = self.lines.next() else {
            return Ok(None);
        };
        let line = line.map_err(|e| VariantError::io(&self.path, e))?;
        self.line_no += 1;
        let (rank, pos, r, a, _) = row_key(&line, ranks, &self.path, self.line_no)?;
        let key = (rank, pos, r.to_string(), a.to_string(), line.clone());
        if self.last.as_ref().is_some_and(|last| &key < last) {
            return Err(output_err(
                &self.path,
                format!("line {}", self.line_no),
                "rows are not in canonical order (not written by this crate's writers?)",
            ));
        }
        self.last = Some(key.clone());
        Ok(Some(key))
    }
}

/// Merges the shard outputs `inputs` (any order) into `output`; returns the merged file's marker.
pub fn merge(inputs: &[PathBuf], output: &Path) -> Result<DoneMarker> {
    let first = inputs.first().ok_or_else(|| VariantError::InvalidArgument("merge: no input files".into()))?;
    let markers: Vec<DoneMarker> = inputs
        .iter()
        .map(|p| {
            DoneMarker::read(p)
                .map_err(|e| output_err(p, "file", format!("not a complete shard output (its .done marker: {e})")))
        })
        .collect::<Result<_>>()?;
    let m0 = &markers[0];
    let count = m0.shard.count;
    let mut seen: BTreeMap<u64, &Path> = BTreeMap::new();
    let mut chroms: BTreeMap<String, usize> = BTreeMap::new();
    let mut report = SkipReport::default();
    let mut rows = 0;
    for (p, m) in inputs.iter().zip(&markers) {
        if m.format != m0.format || m.columns != m0.columns || m.shard.count != count {
            return Err(output_err(
                p,
                "file",
                format!("does not match {}: format/columns/shard count differ", first.display()),
            ));
        }
        if let Some(other) = seen.insert(m.shard.index, p) {
            return Err(output_err(p, "file", format!("shard {} is also given as {}", m.shard, other.display())));
        }
        for (name, &rank) in &m.chroms {
            if *chroms.entry(name.clone()).or_insert(rank) != rank {
                return Err(output_err(
                    p,
                    "file",
                    format!("chromosome {name:?} has another rank than in the other shards"),
                ));
            }
        }
        report.add(&m.report);
        rows += m.rows;
    }
    let missing: Vec<String> = (0..count).filter(|i| !seen.contains_key(i)).map(|i| format!("{i}/{count}")).collect();
    if !missing.is_empty() {
        return Err(VariantError::InvalidArgument(format!("merge: shard(s) {} missing", missing.join(", "))));
    }
    let ranks: HashMap<String, usize> = chroms.iter().map(|(k, v)| (k.clone(), *v)).collect();

    // Headers: identical in every input.
    let mut sources = Vec::with_capacity(inputs.len());
    let mut header: Option<String> = None;
    for (p, m) in inputs.iter().zip(&markers) {
        let mut reader = seq_io::fastx::open_text(p)?;
        let mut text = String::new();
        let mut line_no = 0u64;
        loop {
            let buf = reader.fill_buf().map_err(|e| VariantError::io(p, e))?;
            let is_header = match m.format {
                crate::resume::OutputFormat::Tsv => line_no == 0 && !buf.is_empty(),
                crate::resume::OutputFormat::Vcf => buf.first() == Some(&b'#'),
            };
            if !is_header {
                break;
            }
            reader.read_line(&mut text).map_err(|e| VariantError::io(p, e))?;
            line_no += 1;
        }
        match &header {
            None => header = Some(text),
            Some(h) if *h != text => {
                return Err(output_err(p, "header", format!("differs from the header of {}", first.display())))
            }
            Some(_) => {}
        }
        sources.push(Input { path: p.clone(), lines: reader.lines(), line_no, last: None });
    }

    let mut out = AtomicFile::create(output)?;
    out.write_all(header.unwrap_or_default().as_bytes())?;
    let mut heap = BinaryHeap::new();
    for (i, s) in sources.iter_mut().enumerate() {
        if let Some(k) = s.next(&ranks)? {
            heap.push(Reverse((k, i)));
        }
    }
    let mut written = 0u64;
    while let Some(Reverse((key, i))) = heap.pop() {
        out.write_all(key.4.as_bytes())?;
        out.write_all(b"\n")?;
        written += 1;
        if let Some(k) = sources[i].next(&ranks)? {
            heap.push(Reverse((k, i)));
        }
    }
    if written != rows {
        return Err(VariantError::InvalidArgument(format!(
            "merge: the inputs hold {written} rows but their markers say {rows}"
        )));
    }
    out.commit()?;
    let marker =
        DoneMarker { format: m0.format, shard: Shard::WHOLE, rows, columns: m0.columns.clone(), chroms, report };
    marker.write(output)?;
    debug_assert_eq!(count_rows(output, marker.format).ok(), Some(rows));
    Ok(marker)
}
