//! Per-base attributions of a saved model (saliency, gradient × input, in-silico mutagenesis, integrated
//! gradients) as an HDF5 file h5py reads (`attributions.h5`), an index (`explained.tsv`) and logo PNGs of the
//! first or highest-scoring sequences. Every option is checked before anything is computed or written.

use std::ops::Range;
use std::path::{Path, PathBuf};

use burn::module::AutodiffModule;
use burn::tensor::Tensor;
use seq_interpret::{Attribution, Baseline, IgOptions, IsmOptions};
use seq_io::h5::arrays::AttributionFile;
use seq_io::{Dataset, UnknownPolicy};
use seq_models::{Head, SequenceModel};

use crate::backend::{Ad, AppBackend};
use crate::data::DataSource;
use crate::error::{AppError, Result};
use crate::model::AppModel;
use crate::model_dir::ModelDir;
use crate::output::{create_dir, file_stem, write_text};
use crate::progress::Context;

/// Sequences explained per call of a gradient method (one progress step).
const CHUNK: usize = 32;
/// Sequences per call of the incremental ISM (which reuses reference activations within a call).
const ISM_CHUNK: usize = 256;

/// The attribution method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Method {
    /// Gradient of the target logit with respect to the one-hot input.
    #[default]
    Saliency,
    /// Gradient × input.
    GradInput,
    /// In-silico mutagenesis (incremental for seqdl's CNNs).
    Ism,
    /// Integrated gradients.
    Ig,
    /// DeepLIFT (rescale rule, DeepExplainer's max-pool rule, as tangermeme) averaged over `references`
    /// dinucleotide shuffles of each input: DeepSHAP. `attributions.h5` holds the contributions projected on
    /// the present bases (hypothetical ⊙ x, tangermeme's default); the hypothetical ones go to `hypothetical.h5`.
    DeepShap,
    /// DeepLIFT (the same rules) against one reference: `baseline` zeros or uniform, or the GC
    /// background `reference_gc` (DragoNN's 0.4). Hypothetical contributions go to `hypothetical.h5`.
    DeepLift,
}

impl Method {
    /// The method's name in files and messages.
    pub fn name(self) -> &'static str {
        match self {
            Method::Saliency => "saliency",
            Method::GradInput => "grad-input",
            Method::Ism => "ism",
            Method::Ig => "ig",
            Method::DeepShap => "deepshap",
            Method::DeepLift => "deeplift",
        }
    }
}

/// The reference input of integrated gradients.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BaselineChoice {
    /// All-zero input.
    #[default]
    Zeros,
    /// 0.25 in every channel.
    Uniform,
    /// Dinucleotide shuffles of each sequence (attributions averaged over them).
    Shuffle,
}

/// Which sequences get logos (and, with `max_sequences`, are explained).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Rank {
    /// In file order.
    First,
    /// Highest predicted value of the target first.
    #[default]
    Top,
}

/// Options of [`explain`].
#[derive(Debug, Clone, PartialEq)]
pub struct ExplainOptions {
    /// Attribution method.
    pub method: Method,
    /// The output explained (default: class 1 of a two-class softmax, else output 0).
    pub target: Option<usize>,
    /// Explain only this many sequences, chosen by `rank`.
    pub max_sequences: Option<usize>,
    /// Order of the sequences.
    pub rank: Rank,
    /// Number of logo PNGs.
    pub logos: usize,
    /// Logo window (default: whole sequence up to 100 nt, else the 100 nt around the strongest attribution).
    pub window: Option<Range<usize>>,
    /// Integrated gradients: number of steps.
    pub steps: usize,
    /// Integrated gradients: the reference input.
    pub baseline: BaselineChoice,
    /// Integrated gradients with shuffled references: references per sequence.
    pub shuffles: usize,
    /// DeepSHAP: dinucleotide-shuffled references per sequence (tangermeme: 20).
    pub references: usize,
    /// DeepLIFT: the GC fraction of a background reference (replaces `baseline`).
    pub reference_gc: Option<f32>,
    /// Seed of the shuffled references.
    pub seed: u64,
    /// Inputs per forward/backward pass.
    pub batch_size: usize,
    /// Output folder: attributions.h5, explained.tsv and logos/.
    pub out: PathBuf,
}

impl Default for ExplainOptions {
    fn default() -> Self {
        ExplainOptions {
            method: Method::Saliency,
            target: None,
            max_sequences: None,
            rank: Rank::Top,
            logos: 10,
            window: None,
            steps: 50,
            baseline: BaselineChoice::Zeros,
            shuffles: 10,
            references: 20,
            reference_gc: None,
            seed: 0,
            batch_size: 128,
            out: PathBuf::from("explain"),
        }
    }
}

impl ExplainOptions {
    fn validate(&self, len: usize, outputs: usize) -> Result<usize> {
        let counts = [
            ("--steps", self.steps),
            ("--shuffles", self.shuffles),
            ("--references", self.references),
            ("--batch-size", self.batch_size),
        ];
        if let Some((name, _)) = counts.iter().find(|(_, v)| *v == 0) {
            return Err(AppError::option(*name, "must be at least 1"));
        }
        if let Some(gc) = self.reference_gc.filter(|gc| !(0.0..=1.0).contains(gc)) {
            return Err(AppError::option("--reference-gc", format!("{gc} is not a fraction in [0, 1]")));
        }
        if self.reference_gc.is_some() && self.method != Method::DeepLift {
            return Err(AppError::option("--reference-gc", "applies to --method deeplift only"));
        }
        if self.method == Method::DeepLift && self.baseline == BaselineChoice::Shuffle {
            return Err(AppError::option(
                "--baseline",
                "shuffle: --method deeplift takes one reference (zeros, uniform or --reference-gc); \
                 --method deepshap averages over --references shuffles",
            ));
        }
        if self.max_sequences == Some(0) {
            return Err(AppError::option("--max-sequences", "must be at least 1"));
        }
        if let Some(w) = self.window.as_ref().filter(|w| w.end > len) {
            return Err(AppError::option("--window", format!("{w:?} runs past the sequence length {len}")));
        }
        Ok(outputs)
    }
}

/// What [`explain`] wrote.
#[derive(Debug, Clone)]
pub struct Explained {
    /// The attribution file.
    pub file: AttributionFile,
    /// Its path.
    pub h5: PathBuf,
    /// Logos drawn.
    pub logos: usize,
}

/// The default target: class 1 of a two-class softmax, else output 0.
pub fn default_target(head: Head, outputs: usize) -> usize {
    usize::from(head == Head::Softmax && outputs == 2)
}

/// Explains the model of `model_dir` on `data` (default split `test`) and writes the outputs.
/// `MA` is the same model type on the autodiff backend (for the gradient methods).
pub fn explain<B, MA>(
    model_dir: &ModelDir,
    data: &DataSource,
    opts: &ExplainOptions,
    ctx: &Context,
    device: &B::Device,
) -> Result<Explained>
where
    B: AppBackend,
    MA: AppModel<Ad<B>> + AutodiffModule<Ad<B>>,
    MA::InnerModule: AppModel<B>,
{
    let model: MA::InnerModule = model_dir.load::<B, MA::InnerModule>(device)?;
    let ds = data.load("test")?;
    let target = opts.target.unwrap_or(default_target(model.head(), model.outputs()));
    opts.validate(ds.len, model.outputs())?;
    if target >= model.outputs() {
        return Err(AppError::option("--target", format!("{target}: the model has {} output(s)", model.outputs())));
    }
    let grad_model = match opts.method {
        Method::Ism | Method::DeepShap | Method::DeepLift => None,
        _ => Some(model_dir.load_for_gradients::<Ad<B>, MA>(device)?),
    };
    let all_predictions = seq_train::predict(&model, &ds, opts.batch_size, device)?;
    let score: Vec<f32> = all_predictions.chunks(model.outputs()).map(|r| r[target]).collect();
    let mut order: Vec<usize> = (0..ds.n()).collect();
    if opts.rank == Rank::Top {
        order.sort_by(|&a, &b| score[b].total_cmp(&score[a]));
    }
    // with max_sequences the file keeps the rank order; otherwise every sequence, in file order
    match opts.max_sequences {
        Some(k) => order.truncate(k),
        None => order.sort_unstable(),
    }
    let selected = ds.subset(&order);
    let predictions: Vec<f32> = order.iter().map(|&i| score[i]).collect();
    let (values, hypothetical, deltas) = if matches!(opts.method, Method::DeepShap | Method::DeepLift) {
        let (a, h, d) = deep_shap(opts, &model, &selected, target, ctx)?;
        (a, Some(h), Some(d))
    } else {
        (attributions::<B, MA>(opts, &model, grad_model.as_ref(), &selected, target, ctx, device)?, None, None)
    };
    let hypothetical = match hypothetical {
        Some(h) => Some(AttributionFile::new(
            format!("{}-hypothetical", opts.method.name()),
            target,
            h,
            predictions.clone(),
            selected.clone(),
        )?),
        None => None,
    };
    let file = AttributionFile::new(opts.method.name(), target, values, predictions, selected)?;
    create_dir(&opts.out)?;
    if let Some(h) = &hypothetical {
        h.write(&opts.out.join("hypothetical.h5"))?;
    }
    let h5 = opts.out.join("attributions.h5");
    file.write(&h5)?;
    write_index(&opts.out, &file, deltas.as_deref())?;
    let logos = draw_logos(opts, &file)?;
    Ok(Explained { file, h5, logos })
}

/// The attributions `(N, 4, L)` of every sequence of `ds`, in chunks, with progress.
fn attributions<B, MA>(
    opts: &ExplainOptions,
    model: &MA::InnerModule,
    grad_model: Option<&MA>,
    ds: &Dataset,
    target: usize,
    ctx: &Context,
    device: &B::Device,
) -> Result<Vec<f32>>
where
    B: AppBackend,
    MA: AppModel<Ad<B>> + AutodiffModule<Ad<B>>,
    MA::InnerModule: AppModel<B>,
{
    let grad_logits = |x: Tensor<Ad<B>, 3>| -> Tensor<Ad<B>, 2> {
        match grad_model {
            Some(m) => m.forward_logits(x),
            None => unreachable!("gradient methods load the gradient model"),
        }
    };
    let (n, len) = (ds.n(), ds.len);
    let progress = ctx.progress();
    progress.start(n as u64, opts.method.name());
    let engine = if opts.method == Method::Ism { model.ism_engine() } else { None };
    let mut rng = seq_io::shuffle::rng(opts.seed);
    let mut values = Vec::with_capacity(n * 4 * len);
    let chunk = if opts.method == Method::Ism { ISM_CHUNK } else { CHUNK };
    for start in (0..n).step_by(chunk) {
        let rows = chunk.min(n - start);
        let x = &ds.x[start * 4 * len..(start + rows) * 4 * len];
        let batch = opts.batch_size;
        let attr: Attribution = match opts.method {
            Method::Saliency => seq_interpret::saliency::<Ad<B>, _>(&grad_logits, x, rows, len, target, batch, device)?,
            Method::GradInput => {
                seq_interpret::grad_times_input::<Ad<B>, _>(&grad_logits, x, rows, len, target, batch, device)?
            }
            Method::DeepShap | Method::DeepLift => unreachable!("DeepLIFT/DeepSHAP are computed by deep_shap"),
            Method::Ism => {
                let ism = IsmOptions { target, batch_size: batch, ..Default::default() };
                match &engine {
                    Some(fast) => seq_interpret::ism::cnn_ism_with(fast, x, rows, len, &ism, &mut |_| {})?,
                    None => {
                        let logits = |t| model.forward_logits(t);
                        seq_interpret::ism::<B, _>(&logits, x, rows, len, &ism, device)?
                    }
                }
            }
            Method::Ig => {
                let baseline = match opts.baseline {
                    BaselineChoice::Zeros => Baseline::Zeros,
                    BaselineChoice::Uniform => Baseline::Uniform,
                    BaselineChoice::Shuffle => {
                        Baseline::References(shuffled_references(x, rows, len, opts.shuffles, &mut rng)?)
                    }
                };
                let ig = IgOptions { target, steps: opts.steps, batch_size: batch, baseline, ..Default::default() };
                seq_interpret::integrated_gradients::<Ad<B>, _>(&grad_logits, x, rows, len, &ig, device)?.attribution
            }
        };
        values.extend(attr.values);
        progress.advance(rows as u64);
    }
    progress.finish();
    Ok(values)
}

/// DeepSHAP (or DeepLIFT against one reference) of every sequence of `ds`: (attributions, hypothetical
/// contributions, `(N, 4, L)` each; convergence delta per sequence), in chunks with progress; a delta above
/// the tolerance is also logged by seq-interpret.
fn deep_shap<M: AppModel<B>, B: AppBackend>(
    opts: &ExplainOptions,
    model: &M,
    ds: &Dataset,
    target: usize,
    ctx: &Context,
) -> Result<(Vec<f32>, Vec<f32>, Vec<f32>)> {
    let (n, len) = (ds.n(), ds.len);
    let progress = ctx.progress();
    progress.start(n as u64, opts.method.name());
    let (mut values, mut hypothetical) = (Vec::with_capacity(n * 4 * len), Vec::with_capacity(n * 4 * len));
    let mut deltas = Vec::with_capacity(n);
    for start in (0..n).step_by(CHUNK) {
        let rows = CHUNK.min(n - start);
        let x = &ds.x[start * 4 * len..(start + rows) * 4 * len];
        let options = seq_interpret::DeepShapOptions {
            target,
            references: match (opts.method, opts.reference_gc, opts.baseline) {
                (Method::DeepLift, Some(gc), _) => seq_interpret::References::Gc { gc },
                (Method::DeepLift, None, BaselineChoice::Uniform) => seq_interpret::References::Gc { gc: 0.5 },
                (Method::DeepLift, None, _) => seq_interpret::References::Zeros,
                _ => seq_interpret::References::Shuffles { count: opts.references, seed: opts.seed + start as u64 },
            },
            batch_size: opts.batch_size,
            ..Default::default()
        };
        let result = model
            .deep_shap(x, rows, len, &options)
            .ok_or_else(|| AppError::Interpret(seq_interpret::deeplift::unsupported_layer(&model.describe())))??;
        // the contributions written are tangermeme's default output (and modisco's): hypothetical ⊙ x, zero at
        // the absent bases; their column sums are those of m ⊙ (x − r), so the deltas hold for them too
        values.extend(result.projected.values);
        hypothetical.extend(result.hypothetical.values);
        deltas.extend(result.deltas);
        progress.advance(rows as u64);
    }
    progress.finish();
    Ok((values, hypothetical, deltas))
}

/// `k` dinucleotide shuffles of each of the `n` one-hot sequences `(n, 4, len)`, laid out `(N, k, 4, L)`:
/// the references of integrated gradients and DeepSHAP (as tangermeme's `dinucleotide_shuffle`).
pub fn shuffled_references(
    x: &[f32],
    n: usize,
    len: usize,
    k: usize,
    rng: &mut seq_io::shuffle::ShuffleRng,
) -> Result<Vec<f32>> {
    let mut out = Vec::with_capacity(n * k * 4 * len);
    for i in 0..n {
        let seq = seq_io::onehot::decode(&x[i * 4 * len..(i + 1) * 4 * len], len).into_bytes();
        for j in 0..k {
            let shuffled = seq_io::shuffle::dinucleotide_shuffle(&seq, rng);
            out.extend(seq_io::onehot::encode(
                &shuffled,
                UnknownPolicy::Zeros,
                &format!("shuffle {j} of sequence {i}"),
            )?);
        }
    }
    Ok(out)
}

/// `explained.tsv`: index in attributions.h5, record name, prediction and labels; for DeepLIFT/DeepSHAP
/// also each sequence's convergence delta (Σ attributions − (f(x) − mean f(reference))).
fn write_index(out: &Path, file: &AttributionFile, deltas: Option<&[f32]>) -> Result<()> {
    let mut text = String::from("index\tname\tprediction\tlabels");
    text.push_str(if deltas.is_some() { "\tdelta\n" } else { "\n" });
    for i in 0..file.n() {
        let labels: Vec<String> = file.input.label(i).iter().map(|v| v.to_string()).collect();
        text.push_str(&format!("{i}\t{}\t{}\t{}", file.input.names[i], file.predictions[i], labels.join(",")));
        match deltas.and_then(|d| d.get(i)) {
            Some(d) => text.push_str(&format!("\t{d:e}\n")),
            None => text.push('\n'),
        }
    }
    write_text(&out.join("explained.tsv"), &text)
}

/// Logos of the first `logos` sequences of the file (already in rank order when ranked).
fn draw_logos(opts: &ExplainOptions, file: &AttributionFile) -> Result<usize> {
    let count = opts.logos.min(file.n());
    if count == 0 {
        return Ok(0);
    }
    let logo_dir = opts.out.join("logos");
    create_dir(&logo_dir)?;
    let attr = Attribution::new(file.values.clone(), file.n(), file.len())?;
    let mut order: Vec<usize> = (0..file.n()).collect();
    if opts.rank == Rank::Top {
        order.sort_by(|&a, &b| file.predictions[b].total_cmp(&file.predictions[a]));
    }
    for (rank, &i) in order.iter().take(count).enumerate() {
        let window = opts.window.clone().unwrap_or_else(|| auto_window(&attr, i, 100));
        let name = &file.input.names[i];
        let path = logo_dir.join(format!("{rank:02}_{}.png", file_stem(name)));
        let title =
            format!("{} of {name} (output {}, prediction {:.3})", opts.method.name(), file.target, file.predictions[i]);
        let annotations = file.input.annotations.get(i).map(Vec::as_slice).unwrap_or(&[]);
        seq_interpret::figures::attribution_logo(&path, &attr, i, window, annotations, &title)?;
    }
    Ok(count)
}

/// The whole sequence when it is at most `width` long, else the `width` positions centred on the largest
/// total |attribution|.
pub fn auto_window(attr: &Attribution, i: usize, width: usize) -> Range<usize> {
    if attr.len <= width {
        return 0..attr.len;
    }
    let strength: Vec<f32> = (0..attr.len).map(|p| (0..4).map(|b| attr.get(i, b, p).abs()).sum()).collect();
    let peak = seq_train::metrics::argmax(&strength);
    let start = peak.saturating_sub(width / 2).min(attr.len - width);
    start..start + width
}
