//! Trains seqdl's primer CNN on the genomics primer for five epochs and prints the history:
//! `cargo run -p seq-train --example fit`.

use burn::backend::{Autodiff, Flex};
use seq_io::load::{load_dataset, LabelSource, LengthPolicy};
use seq_models::cnn::presets;
use seq_train::{fit, FitConfig, OptimizerConfig};

fn main() -> Result<(), seq_train::TrainError> {
    let data = load_dataset(
        std::path::Path::new("data/primer/sequences.txt"),
        &LabelSource::LineFile("data/primer/labels.txt".into()),
        seq_io::UnknownPolicy::Zeros,
        LengthPolicy::Exact,
    )?;
    let device = Default::default();
    let model = presets::primer().init::<Autodiff<Flex>>(&device, 1)?;
    let config = FitConfig { validation_split: Some(0.25), ..FitConfig::new(5) };
    let (_, history) = fit(model, &OptimizerConfig::adam(), &data.shuffled(0), None, &config, &device)?;
    for e in &history.epochs {
        println!("epoch {}: loss {:.4}, val_loss {:.4}", e.epoch, e.train_loss, e.valid_loss.unwrap_or(f64::NAN));
    }
    Ok(())
}
