//! The tutorials' CNN presets: their layers and parameter counts, and one forward pass:
//! `cargo run -p seq-models --example presets`.

use burn::backend::Flex;
use seq_models::cnn::presets::{by_name, PRESET_NAMES};
use seq_models::{Cnn, SequenceModel};

fn main() -> Result<(), seq_models::ModelError> {
    for name in PRESET_NAMES.iter().filter(|n| **n != "primer") {
        let config = by_name(name, 200)?;
        println!("{name:<32} {:>8} parameters", config.param_count()?);
    }
    let device = Default::default();
    let model: Cnn<Flex> = by_name("seed000", 200)?.init(&device, 0)?;
    let x = seq_models::to_input::<Flex>(&vec![0.25f32; 2 * 4 * 200], 2, 200, &device)?;
    println!("{}\nlogits of two uniform inputs: {:?}", model.summary(), model.forward_logits(x).into_data());
    Ok(())
}
