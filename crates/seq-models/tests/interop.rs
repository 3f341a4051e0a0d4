//! PyTorch state-dict export and import of the CNN (`seq_models::interop`).

use burn::backend::Flex;
use burn::tensor::{Tensor, TensorData};
use seq_models::cnn::presets::{self, PRESET_NAMES};
use seq_models::interop::{
    export_safetensors, export_safetensors_bytes, import_safetensors_bytes, import_state_dict, state_dict_shapes,
};
use seq_models::{Cnn, CnnConfig, ModelError, SequenceModel};

fn preset(name: &str) -> CnnConfig {
    let len = if name == "primer" { presets::PRIMER_LENGTH } else { 120 };
    presets::by_name(name, len).expect("known preset")
}

fn logits(model: &Cnn<Flex>, len: usize) -> Vec<f32> {
    // Four fixed pseudo one-hot sequences.
    let n = 4;
    let mut x = vec![0.0f32; n * 4 * len];
    for i in 0..n {
        for p in 0..len {
            x[(i * 4 + (p * 7 + i * 3 + p / 5) % 4) * len + p] = 1.0;
        }
    }
    let t = Tensor::<Flex, 3>::from_data(TensorData::new(x, [n, 4, len]), &Default::default());
    model.forward_logits(t).into_data().to_vec::<f32>().expect("f32 logits")
}

#[test]
fn export_then_import_gives_bit_identical_logits_on_every_preset() {
    for name in PRESET_NAMES {
        let config = preset(name);
        let model = config.init::<Flex>(&Default::default(), 3).expect("model builds");
        let bytes = export_safetensors_bytes(&model).expect("export");
        let back: Cnn<Flex> = import_safetensors_bytes(&config, bytes, &Default::default()).expect("import");
        let (a, b) = (logits(&model, config.input_length), logits(&back, config.input_length));
        assert_eq!(a, b, "{name}: logits after export → import");
        // A differently seeded model really differs, so the equality above is not vacuous.
        let other = config.init::<Flex>(&Default::default(), 4).expect("model builds");
        assert_ne!(a, logits(&other, config.input_length), "{name}");
    }
}

#[test]
fn exported_names_and_shapes_are_pytorch_ones() {
    let config = presets::seed000_deep(100);
    let model = config.init::<Flex>(&Default::default(), 1).expect("model builds");
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("deep.safetensors");
    export_safetensors(&model, &path).expect("export");
    let bytes = std::fs::read(&path).expect("written");
    // The safetensors header: 8-byte little-endian length, then JSON naming every tensor with its shape.
    let header_len = u64::from_le_bytes(bytes[..8].try_into().expect("8 bytes")) as usize;
    let header: serde_json::Value = serde_json::from_slice(&bytes[8..8 + header_len]).expect("JSON header");
    let expected = state_dict_shapes(&config).expect("valid config");
    assert_eq!(expected.len(), 8);
    assert_eq!(expected[2], ("convs.1.weight".to_string(), vec![64, 64, 7]));
    assert_eq!(expected[4], ("hidden.0.weight".to_string(), vec![64, 64]));
    assert_eq!(expected[6], ("output.weight".to_string(), vec![1, 64]));
    for (name, shape) in &expected {
        let entry = &header[name];
        assert_eq!(entry["dtype"], "F32", "{name}");
        let got: Vec<usize> =
            entry["shape"].as_array().expect("shape").iter().map(|v| v.as_u64().expect("dim") as usize).collect();
        assert_eq!(&got, shape, "{name}");
    }
    let tensors = header.as_object().expect("object").keys().filter(|k| *k != "__metadata__").count();
    assert_eq!(tensors, expected.len(), "no extra tensors");
    // The configuration travels in the metadata.
    let stored: CnnConfig =
        serde_json::from_str(header["__metadata__"]["seqdl_cnn_config"].as_str().expect("config")).expect("parses");
    assert_eq!(stored, config);
    // PyTorch's dense layout is [out, in]: output.weight holds the transpose of burn's [in, out] weight.
    let burn_w = model.output_layer().weight.val().into_data().to_vec::<f32>().expect("f32");
    let back: Cnn<Flex> = import_state_dict(&config, &path, &Default::default()).expect("import");
    assert_eq!(back.output_layer().weight.val().into_data().to_vec::<f32>().expect("f32"), burn_w);
}

#[test]
fn import_is_strict_about_the_architecture() {
    let model = presets::seed000(100).init::<Flex>(&Default::default(), 1).expect("model builds");
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("seed000.safetensors");
    export_safetensors(&model, &path).expect("export");
    // One more hidden block of the same width: its tensors are missing from the file.
    let wider = presets::seed000(100).dense(64, seq_models::cnn::Activation::Relu, 0.0);
    let err = import_state_dict::<Flex>(&wider, &path, &Default::default()).expect_err("extra layer refused");
    let text = err.to_string();
    assert!(matches!(err, ModelError::StateDict { .. }), "{text}");
    assert!(text.contains("seed000.safetensors") && text.contains("hidden.1"), "{text}");
    // A model without the hidden layer: the output layer's shape differs and hidden.0 is left over.
    let smaller = CnnConfig { dense: vec![], ..presets::seed000(100) };
    let text =
        import_state_dict::<Flex>(&smaller, &path, &Default::default()).expect_err("other shapes refused").to_string();
    assert!(text.contains("output.weight") || text.contains("hidden.0"), "{text}");
    // Missing file and unknown extension.
    let err =
        import_state_dict::<Flex>(&presets::seed000(100), &dir.path().join("none.safetensors"), &Default::default())
            .expect_err("no file");
    assert!(matches!(err, ModelError::Io { .. }), "{err}");
    let odd = dir.path().join("weights.h5");
    std::fs::write(&odd, b"x").expect("write");
    let text =
        import_state_dict::<Flex>(&presets::seed000(100), &odd, &Default::default()).expect_err("format").to_string();
    assert!(text.contains("weights.h5") && text.contains(".safetensors"), "{text}");
}
