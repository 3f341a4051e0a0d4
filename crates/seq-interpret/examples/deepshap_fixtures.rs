//! Writes the inputs of the DeepSHAP cross-check against tangermeme into `tests/fixtures/`: for each of
//! three presets, seeded weights (`deepshap_<preset>.safetensors`, PyTorch names and layouts) and a JSON file
//! with the configuration, a few random sequences and their dinucleotide-shuffle references.
//! `scripts/fixtures_deepshap.py` then runs tangermeme on them and writes `deepshap_<preset>_tangermeme.json`.
//!
//! ```text
//! cargo run -p seq-interpret --example deepshap_fixtures
//! /work/venv-deeplift/bin/python scripts/fixtures_deepshap.py
//! ```

use std::path::Path;

use burn::backend::Flex;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use seq_interpret::deeplift::dinucleotide_shuffles;
use seq_io::onehot::{decode, encode};
use seq_io::UnknownPolicy;
use seq_models::cnn::{presets, CnnConfig};
use seq_models::interop::export_safetensors;

/// Sequences per preset and references per sequence.
const SEQUENCES: usize = 3;
const REFERENCES: usize = 20;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    std::fs::create_dir_all(&dir)?;
    let cases: [(&str, CnnConfig, u64); 3] = [
        ("seed000", presets::seed000(200), 11),
        ("seed000_deep", presets::seed000_deep(200), 12),
        ("dragonn_three_layers", presets::dragonn_three_layers(500), 13),
    ];
    for (name, config, seed) in cases {
        let device = Default::default();
        let mut model = config.init::<Flex>(&device, seed)?;
        // Non-zero convolution biases, so that activations cross zero at different places in inputs and
        // references (seeded initialisation leaves biases at 0).
        let mut rng = ChaCha8Rng::seed_from_u64(seed + 100);
        for i in 0..model.num_convs() {
            let (weights, dims) = model.conv_weights(i).ok_or("convolution index")?;
            let bias: Vec<f32> = (0..dims[0]).map(|_| rng.random_range(-0.1..0.1)).collect();
            model = model.set_conv_weights(i, &weights, &bias)?;
        }
        export_safetensors(&model, &dir.join(format!("deepshap_{name}.safetensors")))?;
        let len = config.input_length;
        let mut sequences = Vec::new();
        let mut references = Vec::new();
        for _ in 0..SEQUENCES {
            let sequence: String = (0..len).map(|_| b"ACGT"[rng.random_range(0..4)] as char).collect();
            let x = encode(sequence.as_bytes(), UnknownPolicy::Strict, name)?;
            let shuffles = dinucleotide_shuffles(&x, len, REFERENCES, seed);
            references.push(shuffles.chunks(4 * len).map(|r| decode(r, len)).collect::<Vec<_>>());
            sequences.push(sequence);
        }
        let fixture = serde_json::json!({
            "preset": name,
            "config": config,
            "weights_seed": seed,
            "target": 0,
            "sequences": sequences,
            "references": references,
        });
        std::fs::write(dir.join(format!("deepshap_{name}.json")), serde_json::to_string(&fixture)?)?;
        println!("wrote deepshap_{name}.{{safetensors,json}}");
    }
    Ok(())
}
