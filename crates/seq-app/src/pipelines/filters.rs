//! A CNN's first-layer filters as activation PFMs (MEME), their logos, and their closest known motifs
//! (JASPAR CORE 2016 vertebrates, embedded, by default): TOMTOM's best match with p-, E- and q-values
//! (`tomtom.tsv`) and the Pearson-over-offsets ranking (`matches.tsv`).

use std::path::{Path, PathBuf};

use burn::tensor::backend::Backend;
use seq_interpret::{activation_pfms, closest_motifs, write_filters_meme, FilterPfm, FirstLayer, MotifHit};
use seq_io::motif::MotifSet;
use seq_io::Dataset;
use seq_models::Cnn;
use serde_json::json;

use crate::backend::AppBackend;
use crate::data::DataSource;
use crate::error::{AppError, Result};
use crate::model_dir::ModelDir;
use crate::motifs::{resolve, Embedded};
use crate::output::{create_dir, write_json, write_text};

/// Filters per logo figure.
const PER_FIGURE: usize = 8;

pub use seq_interpret::DEFAULT_ACTIVATION_FRACTION;

/// Options of [`filters`].
#[derive(Debug, Clone, PartialEq)]
pub struct FiltersOptions {
    /// A window counts for a filter when its activation exceeds this fraction of the filter's maximum.
    pub fraction: f32,
    /// Known motifs to compare with (default: the embedded JASPAR CORE 2016 vertebrates).
    pub motifs: Option<PathBuf>,
    /// Matches listed per filter.
    pub top: usize,
    /// Fewest overlapping columns of an alignment with a known motif.
    pub min_overlap: usize,
    /// Output folder: filters.meme, matches.tsv, matches.json, filter_logos_*.png.
    pub out: PathBuf,
}

impl Default for FiltersOptions {
    fn default() -> Self {
        FiltersOptions {
            fraction: seq_interpret::DEFAULT_ACTIVATION_FRACTION,
            motifs: None,
            top: 3,
            min_overlap: 5,
            out: PathBuf::from("filters"),
        }
    }
}

/// The filters read back and their matches.
#[derive(Debug, Clone)]
pub struct Filters {
    /// One per first-layer filter (inactive ones without a PFM).
    pub filters: Vec<FilterPfm>,
    /// Best matches per filter.
    pub matches: Vec<(usize, Vec<MotifHit>)>,
    /// The motif database compared with (path or embedded label).
    pub database: PathBuf,
    /// Its number of motifs.
    pub database_len: usize,
    /// Filters written to filters.meme.
    pub written: usize,
    /// Each filter's best TOMTOM match in the database (p, E and q-values), `None` for inactive filters.
    pub tomtom: Vec<Option<seq_motifs::TomtomHit>>,
}

/// The first convolution of `model` as a [`FirstLayer`], with an error when it has none.
pub fn first_layer<B: Backend>(model: &Cnn<B>, name: &Path) -> Result<FirstLayer> {
    let (weights, dims) = model.conv_weights(0).ok_or_else(|| {
        AppError::option("--model", format!("{}: the model has no convolution layer", name.display()))
    })?;
    let bias = model.conv_bias(0).unwrap_or_else(|| vec![0.0; dims[0]]);
    Ok(FirstLayer::new(weights, dims, bias)?)
}

/// Reads the first-layer filters of `model` on `ds` and compares them with `known`.
pub fn read_filters<B: Backend>(
    model: &Cnn<B>,
    name: &Path,
    ds: &Dataset,
    known: &MotifSet,
    opts: &FiltersOptions,
) -> Result<Filters> {
    if !(opts.fraction > 0.0 && opts.fraction <= 1.0) {
        return Err(AppError::option("--fraction", format!("must lie in (0, 1], got {}", opts.fraction)));
    }
    let layer = first_layer(model, name)?;
    let width = layer.width;
    if opts.min_overlap == 0 || opts.min_overlap > width {
        return Err(AppError::option(
            "--min-overlap",
            format!("must lie in 1..={width} (the filters' width), got {}", opts.min_overlap),
        ));
    }
    if opts.top == 0 {
        return Err(AppError::option("--top", "must be at least 1"));
    }
    let filters = activation_pfms(&layer, &ds.x, ds.n(), ds.len, opts.fraction)?;
    let matches = closest_motifs(&filters, known, opts.min_overlap, opts.top);
    let database: Vec<seq_io::Pfm> = known.iter().cloned().collect();
    seq_motifs::validate_motifs(&database, known.source())?;
    let tomtom = seq_motifs::Tomtom::new(&database, seq_motifs::TomtomOptions::default())?;
    let tomtom = filters
        .iter()
        .map(|f| f.pfm.as_ref().map(|p| tomtom.best_match(p)).transpose())
        .collect::<std::result::Result<Vec<_>, _>>()?;
    Ok(Filters {
        filters,
        matches,
        database: known.source().to_path_buf(),
        database_len: known.len(),
        written: 0,
        tomtom,
    })
}

/// `seqdl filters`: the first-layer filters of the CNN in `model_dir`, on `data` (default split `test`).
pub fn filters<B: AppBackend>(
    model_dir: &ModelDir,
    data: &DataSource,
    opts: &FiltersOptions,
    device: &B::Device,
) -> Result<Filters> {
    let model: Cnn<B> = model_dir.load::<B, Cnn<B>>(device)?;
    let ds = data.load("test")?;
    let known = resolve(opts.motifs.as_deref(), Embedded::Jaspar2016)?;
    let mut found = read_filters(&model, model_dir.path(), &ds, &known, opts)?;
    write_outputs(&opts.out, &mut found)?;
    Ok(found)
}

/// Writes filters.meme, the logo figures, matches.tsv and matches.json into `out`.
pub fn write_outputs(out: &Path, found: &mut Filters) -> Result<()> {
    create_dir(out)?;
    found.written = write_filters_meme(&out.join("filters.meme"), &found.filters)?;
    draw_logos(out, &found.filters)?;
    write_matches(out, found)
}

/// Stacked logos, `PER_FIGURE` filters per PNG (`filter_logos_0.png`, …). Returns the number of figures.
pub fn draw_logos(out: &Path, filters: &[FilterPfm]) -> Result<usize> {
    let with_pfm: Vec<FilterPfm> = filters.iter().filter(|f| f.pfm.is_some()).cloned().collect();
    for (k, chunk) in with_pfm.chunks(PER_FIGURE).enumerate() {
        let first = chunk.first().map_or(0, |f| f.filter);
        let last = chunk.last().map_or(0, |f| f.filter);
        let title = format!("first-layer filters {first}–{last} (activation PFMs)");
        seq_interpret::figures::filter_logos(&out.join(format!("filter_logos_{k}.png")), chunk, &title)?;
    }
    Ok(with_pfm.len().div_ceil(PER_FIGURE))
}

fn write_matches(out: &Path, found: &Filters) -> Result<()> {
    let mut tomtom =
        String::from("filter\tconsensus\tbest_match\tp_value\te_value\tq_value\toffset\tstrand\toverlap\n");
    for (f, hit) in found.filters.iter().zip(&found.tomtom) {
        if let (Some(pfm), Some(h)) = (&f.pfm, hit) {
            tomtom.push_str(&format!(
                "{}\t{}\t{}\t{:.3e}\t{:.3e}\t{:.3e}\t{}\t{}\t{}\n",
                f.filter,
                pfm.consensus(),
                h.target,
                h.p_value,
                h.e_value,
                h.q_value,
                h.offset,
                h.strand.symbol(),
                h.overlap
            ));
        }
    }
    write_text(&out.join("tomtom.tsv"), &tomtom)?;
    let mut tsv =
        String::from("filter\twindows\tconsensus\trank\tmotif\tdescription\tscore\toffset\tstrand\toverlap\n");
    let mut rows = Vec::new();
    for (f, (_, hits)) in found.filters.iter().zip(&found.matches) {
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
    write_json(&out.join("matches.json"), &json!({"motif_file": found.database, "filters": rows}))
}
