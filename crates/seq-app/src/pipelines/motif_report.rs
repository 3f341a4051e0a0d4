//! The files of `seqdl motifs`, each written atomically: `report.md` and a self-contained `report.html`
//! (figures inline), `patterns.meme` (trimmed PFMs, for TOMTOM or FIMO), `patterns.json` (CWM,
//! hypothetical CWM, PFM, trim and matches of each pattern), `tomtom.tsv` (MEME's columns, q ≤ 0.5),
//! `seqlets.bed` (every seqlet) and `instances.bed` (each pattern's trimmed seqlets), `logos/<pattern>.png`
//! (CWM, hypothetical CWM, PFM and best match) and `seqlet_positions.png` (where each pattern's seqlets sit).
//!
//! Records named `chrom:start-end` (as bedtools and `seqdl dataset` windows are) give BED files in genome
//! coordinates; other names are used as the chromosome with positions within the sequence.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use seq_io::Pfm;
use seq_patterns::{offsets_from_names, seqlets_to_bed, BedRecord, GenomeOffset, Pattern};
use seq_plot::{draw_logo_panels, draw_tracks, information_logo_heights, LogoOptions, LogoPanel, Track, TrackOptions};
use serde_json::json;

use super::discover::{Discovery, MotifsOptions};
use crate::error::Result;
use crate::html::{data_uri, escape};
use crate::output::{create_dir, file_stem, write_json, write_text};

/// TOMTOM hits with q at most this go to `tomtom.tsv` (TOMTOM's default threshold).
const TSV_MAX_Q: f64 = 0.5;
/// Patterns drawn in `seqlet_positions.png`.
const POSITION_PANELS: usize = 8;

/// Genome offsets of records named `chrom:start-end` when every name has that form, else the names.
pub fn offsets(names: &[String]) -> Vec<GenomeOffset> {
    let parsed: Option<Vec<GenomeOffset>> = names
        .iter()
        .map(|n| {
            let (chrom, span) = n.rsplit_once(':')?;
            let (start, end) = span.split_once('-')?;
            let (start, end) = (start.replace(',', "").parse::<u64>().ok()?, end.replace(',', "").parse::<u64>().ok()?);
            (!chrom.is_empty() && end > start).then(|| GenomeOffset { chrom: chrom.to_string(), start })
        })
        .collect();
    parsed.unwrap_or_else(|| offsets_from_names(names))
}

fn bed_text(records: &[BedRecord]) -> Result<String> {
    let mut bytes = Vec::new();
    seq_patterns::bed::write_bed_to(&mut bytes, records).map_err(|e| seq_io::IoError::io(Path::new("<bed>"), e))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Draws a PNG through a temporary file renamed into place.
fn draw_png(path: &Path, draw: impl FnOnce(&Path) -> std::result::Result<(), seq_plot::PlotError>) -> Result<()> {
    seq_io::atomic::write_via_path(path, |tmp| draw(tmp).map_err(crate::AppError::from))
}

/// The logo figure of one pattern: trimmed CWM, hypothetical CWM, PFM in bits and the best match.
fn pattern_logo(path: &Path, pattern: &Pattern, pfm: &Pfm, best: Option<(String, Vec<[f32; 4]>)>) -> Result<()> {
    let mut panels = vec![
        LogoPanel { title: "contribution weight matrix (CWM)".into(), heights: pattern.trimmed_cwm().to_vec() },
        LogoPanel { title: "hypothetical CWM".into(), heights: pattern.trimmed_hypothetical_cwm().to_vec() },
        LogoPanel {
            title: format!("PFM of {} seqlets (bits)", pattern.n_seqlets()),
            heights: information_logo_heights(&pfm.probs),
        },
    ];
    if let Some((title, heights)) = best {
        panels.push(LogoPanel { title, heights });
    }
    let opts = LogoOptions {
        title: format!("{} ({} seqlets)", pattern.name, pattern.n_seqlets()),
        width_px: 1000,
        height_px: 300,
        ..Default::default()
    };
    draw_png(path, |tmp| draw_logo_panels(tmp, &panels, &opts))
}

/// Seqlet centres per position of each pattern, smoothed over 11 positions.
fn position_tracks(d: &Discovery) -> Vec<Track> {
    let len = d.shape.1;
    d.patterns
        .all()
        .take(POSITION_PANELS)
        .map(|p| {
            let mut counts = vec![0.0f32; len];
            for s in p.trimmed_seqlets() {
                counts[((s.start + s.end) / 2).min(len - 1)] += 1.0;
            }
            let values =
                (0..len).map(|i| counts[i.saturating_sub(5)..(i + 6).min(len)].iter().sum::<f32>()).collect::<Vec<_>>();
            Track {
                title: format!("{}: {} seqlets", p.name, p.n_seqlets()),
                y_label: "seqlets (11-nt window)".into(),
                values,
                highlight: Vec::new(),
            }
        })
        .collect()
}

/// One pattern's best database match in its aligned orientation, cut to the pattern's columns (columns
/// where the match has none are left empty), and its name.
fn aligned_best(d: &Discovery, index: usize) -> Option<(String, Vec<[f32; 4]>)> {
    let hit = d.matches.get(index)?.best()?;
    let target = d.database_motifs.get(hit.target_index)?;
    let oriented = if hit.strand == seq_io::Strand::Reverse { target.reverse_complement() } else { target.clone() };
    let bits = information_logo_heights(&oriented.probs);
    let columns = (0..d.pfms.get(index)?.len() as i64)
        .map(|i| usize::try_from(hit.offset + i).ok().and_then(|c| bits.get(c).copied()).unwrap_or([0.0; 4]))
        .collect();
    let strand = if hit.strand == seq_io::Strand::Reverse { ", reverse complement" } else { "" };
    Some((format!("best match {} (bits{strand}, aligned to the pattern)", target.name), columns))
}

/// Writes every output of `seqdl motifs` into `out` (see the module documentation); returns the paths.
pub fn write_report(d: &Discovery, names: &[String], opts: &MotifsOptions, out: &Path) -> Result<Vec<PathBuf>> {
    create_dir(out)?;
    let offsets = offsets(names);
    let mut written = Vec::new();
    let mut put = |name: &str, text: &str| -> Result<()> {
        let path = out.join(name);
        write_text(&path, text)?;
        written.push(path);
        Ok(())
    };
    put("seqlets.bed", &bed_text(&seqlets_to_bed(&d.calls.seqlets, &offsets, "seqlet_")?)?)?;
    let mut instances = Vec::new();
    for p in d.patterns.all() {
        let mut recs = seqlets_to_bed(&p.trimmed_seqlets(), &offsets, "")?;
        for r in &mut recs {
            r.name = p.name.clone();
        }
        instances.extend(recs);
    }
    put("instances.bed", &bed_text(&instances)?)?;
    put("patterns.meme", &seq_io::motif::format_meme(&d.pfms))?;
    let mut tsv = Vec::new();
    seq_motifs::tomtom::write_tsv(&mut tsv, &d.matches, TSV_MAX_Q)?;
    put("tomtom.tsv", &String::from_utf8_lossy(&tsv))?;
    let logos = out.join("logos");
    create_dir(&logos)?;
    let mut figures = Vec::new();
    for (i, (pattern, pfm, _)) in d.entries().enumerate() {
        let path = logos.join(format!("{}.png", file_stem(&pattern.name)));
        pattern_logo(&path, pattern, pfm, aligned_best(d, i))?;
        figures.push(path);
    }
    let positions = out.join("seqlet_positions.png");
    let tracks = position_tracks(d);
    if !tracks.is_empty() {
        let opts = TrackOptions {
            title: "Where each pattern's seqlets sit (centres of the trimmed seqlets)".into(),
            x_label: "position in the sequence".into(),
            ..Default::default()
        };
        draw_png(&positions, |tmp| draw_tracks(tmp, &tracks, &opts))?;
    }
    let summary = summary_json(d, opts);
    let json_path = out.join("patterns.json");
    write_json(&json_path, &summary)?;
    let drawn = (!tracks.is_empty()).then_some(&positions);
    put("report.md", &markdown(d, opts, out, &figures, drawn))?;
    put("report.html", &html(d, opts, &figures, drawn)?)?;
    written.push(json_path);
    written.extend(figures);
    written.extend(drawn.cloned());
    Ok(written)
}

fn summary_json(d: &Discovery, opts: &MotifsOptions) -> serde_json::Value {
    let patterns: Vec<serde_json::Value> = d
        .entries()
        .map(|(p, pfm, m)| {
            let hits: Vec<serde_json::Value> = m
                .hits
                .iter()
                .take(opts.top)
                .map(|h| {
                    json!({"target": h.target, "description": d.target_description(h.target_index),
                           "p_value": h.p_value, "e_value": h.e_value, "q_value": h.q_value,
                           "offset": h.offset, "overlap": h.overlap, "strand": h.strand.symbol().to_string()})
                })
                .collect();
            json!({"name": p.name, "sign": p.sign, "seqlets": p.n_seqlets(), "length": p.len(),
                   "trim": [p.trim.0, p.trim.1], "consensus": pfm.consensus(), "cwm": p.cwm,
                   "hypothetical_cwm": p.hypothetical_cwm, "ppm": p.ppm, "matches": hits})
        })
        .collect();
    json!({
        "sequences": d.shape.0, "length": d.shape.1, "seqlets": d.calls.seqlets.len(),
        "thresholds": {"positive": d.calls.positive_threshold, "negative": d.calls.negative_threshold},
        "metacluster_sizes": [d.patterns.metacluster_sizes.0, d.patterns.metacluster_sizes.1],
        "database": d.database.display().to_string(), "database_motifs": d.database_motifs.len(),
        "patterns": patterns,
    })
}

/// One Markdown table row per database match of a pattern.
fn match_cells(d: &Discovery, index: usize, top: usize) -> Vec<[String; 5]> {
    d.matches[index]
        .hits
        .iter()
        .take(top)
        .map(|h| {
            [
                h.target.clone(),
                d.target_description(h.target_index),
                format!("{:.2e}", h.p_value),
                format!("{:.2e}", h.q_value),
                h.strand.symbol().to_string(),
            ]
        })
        .collect()
}

fn intro(d: &Discovery) -> String {
    format!(
        "{} sequences of {} nt; {} seqlets (windowed-sum thresholds {:.4} / {:.4}); {} positive and {} negative \
         patterns; matches by TOMTOM against {} ({} motifs).",
        d.shape.0,
        d.shape.1,
        d.calls.seqlets.len(),
        d.calls.positive_threshold,
        d.calls.negative_threshold,
        d.patterns.positive.len(),
        d.patterns.negative.len(),
        d.database.display(),
        d.database_motifs.len()
    )
}

fn relative(path: &Path, out: &Path) -> String {
    path.strip_prefix(out).unwrap_or(path).display().to_string()
}

fn markdown(
    d: &Discovery,
    opts: &MotifsOptions,
    out: &Path,
    figures: &[PathBuf],
    positions: Option<&PathBuf>,
) -> String {
    let mut s = format!("# {}\n\n{}\n\n", opts.title, intro(d));
    if d.pfms.is_empty() {
        s += "No pattern had enough seqlets (see `seqlets.bed`).\n";
    }
    for (i, ((p, pfm, _), fig)) in d.entries().zip(figures).enumerate() {
        let _ = writeln!(
            s,
            "## {}\n\n{} seqlets, trimmed to {}–{} of {} (consensus `{}`).\n\n![{}]({})\n",
            p.name,
            p.n_seqlets(),
            p.trim.0,
            p.trim.1,
            p.len(),
            pfm.consensus(),
            p.name,
            relative(fig, out)
        );
        s += "| match | name | p | q | strand |\n|---|---|---|---|---|\n";
        for c in match_cells(d, i, opts.top) {
            let _ = writeln!(s, "| {} | {} | {} | {} | {} |", c[0], c[1], c[2], c[3], c[4]);
        }
        s.push('\n');
    }
    if let Some(p) = positions {
        let _ = writeln!(s, "## Seqlet positions\n\n![seqlet positions]({})", relative(p, out));
    }
    s
}

fn img(path: &Path, alt: &str) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| seq_io::IoError::io(path, e))?;
    Ok(format!("<img src=\"{}\" alt=\"{}\">", data_uri(&bytes), escape(alt)))
}

fn html(d: &Discovery, opts: &MotifsOptions, figures: &[PathBuf], positions: Option<&PathBuf>) -> Result<String> {
    let mut s = format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{t}</title><style>\
         body{{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em}}\
         table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:3px 8px}}img{{max-width:100%}}\
         </style></head><body>\n<h1>{t}</h1>\n<p>{}</p>\n",
        escape(&intro(d)),
        t = escape(&opts.title)
    );
    for (i, ((p, pfm, _), fig)) in d.entries().zip(figures).enumerate() {
        let _ = writeln!(
            s,
            "<h2>{}</h2>\n<p>{} seqlets, trimmed to {}–{} of {} (consensus <code>{}</code>).</p>\n{}",
            escape(&p.name),
            p.n_seqlets(),
            p.trim.0,
            p.trim.1,
            p.len(),
            escape(&pfm.consensus()),
            img(fig, &p.name)?
        );
        s += "<table><tr><th>match</th><th>name</th><th>p</th><th>q</th><th>strand</th></tr>\n";
        for c in match_cells(d, i, opts.top) {
            s += "<tr>";
            for cell in c {
                let _ = write!(s, "<td>{}</td>", escape(&cell));
            }
            s += "</tr>\n";
        }
        s += "</table>\n";
    }
    if let Some(p) = positions {
        let _ = writeln!(s, "<h2>Seqlet positions</h2>\n{}", img(p, "seqlet positions")?);
    }
    s += "</body></html>\n";
    Ok(s)
}
