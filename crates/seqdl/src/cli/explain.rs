//! `seqdl explain`: per-base attributions of a trained model (saliency, gradient × input, in-silico
//! mutagenesis, integrated gradients) written as an HDF5 file h5py reads, plus logo PNGs of the first or
//! highest-scoring sequences.

use super::common::{create_dir, file_stem, parse_window, progress, write_text, Ad, Cpu, DataArgs};
use burn::tensor::Tensor;
use clap::{Args, ValueEnum};
use seq_interpret::{Attribution, Baseline, IgOptions, IsmOptions};
use seq_io::h5::arrays::AttributionFile;
use seq_io::{Dataset, UnknownPolicy};
use seq_models::{Head, SequenceModel};
use seqdl::model_dir::ModelDir;
use seqdl::{Error, Result};
use std::ops::Range;
use std::path::PathBuf;

/// Sequences explained per call of a gradient method (one progress step).
const CHUNK: usize = 32;
/// Sequences per call of the incremental ISM (which reuses reference activations within a call).
const ISM_CHUNK: usize = 256;

/// The attribution method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Method {
    /// Gradient of the target logit with respect to the one-hot input.
    Saliency,
    /// Gradient × input (the gradient of the base present at each position).
    GradInput,
    /// In-silico mutagenesis: change of the target logit for every single-base substitution.
    Ism,
    /// Integrated gradients from --baseline over --steps points.
    Ig,
}

impl Method {
    fn name(self) -> &'static str {
        match self {
            Method::Saliency => "saliency",
            Method::GradInput => "grad-input",
            Method::Ism => "ism",
            Method::Ig => "ig",
        }
    }
}

/// The reference input of integrated gradients.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BaselineArg {
    /// All-zero input.
    Zeros,
    /// 0.25 in every channel.
    Uniform,
    /// --shuffles dinucleotide shuffles of each sequence (attributions averaged over them).
    Shuffle,
}

/// Which sequences get logos (and, with --max-sequences, are explained).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Rank {
    /// In file order.
    First,
    /// Highest predicted value of --target first.
    Top,
}

/// Arguments of `seqdl explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The model folder written by `seqdl train`.
    #[arg(long)]
    model: PathBuf,
    #[command(flatten)]
    data: DataArgs,
    /// Attribution method.
    #[arg(long, value_enum, default_value = "saliency")]
    method: Method,
    /// The output explained (default: class 1 of a two-class softmax, else output 0).
    #[arg(long)]
    target: Option<usize>,
    /// Explain only this many sequences, chosen by --rank.
    #[arg(long)]
    max_sequences: Option<usize>,
    /// Order of the sequences: file order, or highest prediction first.
    #[arg(long, value_enum, default_value = "top")]
    rank: Rank,
    /// Number of logo PNGs (the first sequences in --rank order).
    #[arg(long, default_value_t = 10)]
    logos: usize,
    /// Logo window START:END (0-based, half-open; default: the whole sequence up to 100 nt, else the 100 nt
    /// around the strongest attribution).
    #[arg(long, value_parser = parse_window)]
    window: Option<Range<usize>>,
    /// Integrated gradients: number of steps.
    #[arg(long, default_value_t = 50)]
    steps: usize,
    /// Integrated gradients: the reference input.
    #[arg(long, value_enum, default_value = "zeros")]
    baseline: BaselineArg,
    /// Integrated gradients with --baseline shuffle: references per sequence.
    #[arg(long, default_value_t = 10)]
    shuffles: usize,
    /// Seed of the shuffled references.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Inputs per forward/backward pass.
    #[arg(long, default_value_t = 128)]
    batch_size: usize,
    /// Hide the progress bar.
    #[arg(long)]
    no_progress: bool,
    /// Output folder: attributions.h5, explained.tsv and logos/.
    #[arg(long)]
    out: PathBuf,
}

/// Runs `seqdl explain`.
pub fn run(args: ExplainArgs) -> Result<()> {
    let dir = ModelDir::new(&args.model);
    let device = Default::default();
    let model = dir.load::<Cpu>(&device)?;
    let ds = args.data.load("test")?;
    let target = args.target.unwrap_or(usize::from(
        model.head() == Head::Softmax && model.outputs() == 2,
    ));
    if target >= model.outputs() {
        return Err(Error::Usage(format!(
            "--target {target}: the model has {} output(s)",
            model.outputs()
        )));
    }
    let all_predictions = seq_train::predict(&model, &ds, args.batch_size, &device)?;
    let score: Vec<f32> = all_predictions
        .chunks(model.outputs())
        .map(|r| r[target])
        .collect();
    let mut order: Vec<usize> = (0..ds.n()).collect();
    if args.rank == Rank::Top {
        order.sort_by(|&a, &b| score[b].total_cmp(&score[a]));
    }
    // with --max-sequences the file keeps --rank order; otherwise every sequence, in file order
    match args.max_sequences {
        Some(k) => order.truncate(k.max(1)),
        None => order.sort_unstable(),
    }
    let selected = ds.subset(&order);
    let predictions: Vec<f32> = order.iter().map(|&i| score[i]).collect();
    let values = attributions(&args, &dir, &model, &selected, target)?;
    create_dir(&args.out)?;
    let h5 = args.out.join("attributions.h5");
    let file = AttributionFile::new(args.method.name(), target, values, predictions, selected)?;
    file.write(&h5)?;
    write_index(&args, &file)?;
    let logos = draw_logos(&args, &file)?;
    eprintln!(
        "{}: {} of output {target} for {} sequences × {} nt; {logos} logo(s) in {}",
        h5.display(),
        args.method.name(),
        file.n(),
        file.len(),
        args.out.join("logos").display()
    );
    Ok(())
}

/// The attributions `(N, 4, L)` of every sequence of `ds`, computed in chunks with a progress bar.
fn attributions(
    args: &ExplainArgs,
    dir: &ModelDir,
    model: &seq_models::Cnn<Cpu>,
    ds: &Dataset,
    target: usize,
) -> Result<Vec<f32>> {
    let device = Default::default();
    let grad_model = match args.method {
        Method::Ism => None,
        _ => Some(dir.load_for_gradients::<Ad>(&device)?),
    };
    let grad_logits = |x: Tensor<Ad, 3>| -> Tensor<Ad, 2> {
        match &grad_model {
            Some(m) => m.forward_logits(x),
            None => unreachable!("gradient methods load the gradient model"),
        }
    };
    let (n, len) = (ds.n(), ds.len);
    let bar = progress(n as u64, args.method.name(), !args.no_progress);
    let mut rng = seq_sim::rng(args.seed);
    let mut values = Vec::with_capacity(n * 4 * len);
    let chunk = if args.method == Method::Ism {
        ISM_CHUNK
    } else {
        CHUNK
    };
    for start in (0..n).step_by(chunk) {
        let rows = chunk.min(n - start);
        let x = &ds.x[start * 4 * len..(start + rows) * 4 * len];
        let batch = args.batch_size.max(1);
        let attr: Attribution = match args.method {
            Method::Saliency => seq_interpret::saliency::<Ad, _>(
                &grad_logits,
                x,
                rows,
                len,
                target,
                batch,
                &device,
            )?,
            Method::GradInput => seq_interpret::grad_times_input::<Ad, _>(
                &grad_logits,
                x,
                rows,
                len,
                target,
                batch,
                &device,
            )?,
            Method::Ism => {
                let opts = IsmOptions {
                    target,
                    batch_size: batch,
                    ..Default::default()
                };
                seqdl::explain::ism::<Cpu>(model, x, rows, len, &opts, &device)?
            }
            Method::Ig => {
                let baseline = match args.baseline {
                    BaselineArg::Zeros => Baseline::Zeros,
                    BaselineArg::Uniform => Baseline::Uniform,
                    BaselineArg::Shuffle => Baseline::References(shuffled_references(
                        x,
                        rows,
                        len,
                        args.shuffles.max(1),
                        &mut rng,
                    )?),
                };
                let opts = IgOptions {
                    target,
                    steps: args.steps.max(1),
                    batch_size: batch,
                    baseline,
                    ..Default::default()
                };
                seq_interpret::integrated_gradients::<Ad, _>(
                    &grad_logits,
                    x,
                    rows,
                    len,
                    &opts,
                    &device,
                )?
                .attribution
            }
        };
        values.extend(attr.values);
        bar.inc(rows as u64);
    }
    bar.finish_and_clear();
    Ok(values)
}

/// `k` dinucleotide shuffles of each of the `n` sequences, laid out `(N, k, 4, L)`.
fn shuffled_references(
    x: &[f32],
    n: usize,
    len: usize,
    k: usize,
    rng: &mut seq_sim::SimRng,
) -> Result<Vec<f32>> {
    let mut out = Vec::with_capacity(n * k * 4 * len);
    for i in 0..n {
        let seq = seq_io::onehot::decode(&x[i * 4 * len..(i + 1) * 4 * len], len).into_bytes();
        for j in 0..k {
            let shuffled = seq_sim::dinucleotide_shuffle(&seq, rng);
            out.extend(seq_io::onehot::encode(
                &shuffled,
                UnknownPolicy::Zeros,
                &format!("shuffle {j} of sequence {i}"),
            )?);
        }
    }
    Ok(out)
}

/// `explained.tsv`: index in attributions.h5, record name, prediction and labels.
fn write_index(args: &ExplainArgs, file: &AttributionFile) -> Result<()> {
    let mut text = String::from("index\tname\tprediction\tlabels\n");
    for i in 0..file.n() {
        let labels: Vec<String> = file.input.label(i).iter().map(|v| v.to_string()).collect();
        text.push_str(&format!(
            "{i}\t{}\t{}\t{}\n",
            file.input.names[i],
            file.predictions[i],
            labels.join(",")
        ));
    }
    write_text(&args.out.join("explained.tsv"), &text)
}

/// Logos of the first `--logos` sequences of the file (already in --rank order when ranked).
fn draw_logos(args: &ExplainArgs, file: &AttributionFile) -> Result<usize> {
    let count = args.logos.min(file.n());
    if count == 0 {
        return Ok(0);
    }
    let logo_dir = args.out.join("logos");
    create_dir(&logo_dir)?;
    let attr = Attribution::new(file.values.clone(), file.n(), file.len())?;
    let mut order: Vec<usize> = (0..file.n()).collect();
    if args.rank == Rank::Top {
        order.sort_by(|&a, &b| file.predictions[b].total_cmp(&file.predictions[a]));
    }
    for (rank, &i) in order.iter().take(count).enumerate() {
        let window = match &args.window {
            Some(w) if w.end <= file.len() => w.clone(),
            Some(w) => {
                return Err(Error::Usage(format!(
                    "--window {w:?} runs past the sequence length {}",
                    file.len()
                )))
            }
            None => auto_window(&attr, i, 100),
        };
        let name = &file.input.names[i];
        let path = logo_dir.join(format!("{rank:02}_{}.png", file_stem(name)));
        let title = format!(
            "{} of {name} (output {}, prediction {:.3})",
            args.method.name(),
            file.target,
            file.predictions[i]
        );
        let annotations = file
            .input
            .annotations
            .get(i)
            .map(Vec::as_slice)
            .unwrap_or(&[]);
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
    let strength: Vec<f32> = (0..attr.len)
        .map(|p| (0..4).map(|b| attr.get(i, b, p).abs()).sum())
        .collect();
    let peak = seq_train::fit::argmax(&strength);
    let start = peak.saturating_sub(width / 2).min(attr.len - width);
    start..start + width
}
