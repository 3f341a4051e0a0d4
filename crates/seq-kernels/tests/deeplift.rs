//! The DeepLIFT engine on networks small enough to compute by hand, and the tiled convolution's instruction
//! sets against each other.

use seq_kernels::cpu::{conv_rows, Isa, PackedWeights, TILE_F, TILE_P};
use seq_kernels::deeplift::DeepLift;
use seq_kernels::ism::{Conv, Dense, Pool, Stage};
use seq_kernels::Activation;

/// A convolution over `(len, 4)` whose kernel `(width, 4, filters)` is `wt`.
fn conv(filters: usize, width: usize, pad_left: usize, len: usize, activation: Activation, wt: Vec<f32>) -> Conv {
    let len_out = len + 2 * pad_left + 1 - width;
    Conv { channels: 4, filters, width, pad_left, len_in: len, len_out, activation, wt, bias: vec![0.1; filters] }
}

fn output(d_in: usize, w: Vec<f32>) -> Dense {
    Dense { d_in, d_out: 1, w, bias: vec![0.3], activation: Activation::Linear }
}

#[test]
fn a_linear_network_has_its_weights_as_multipliers_whatever_the_reference() {
    // One linear filter of width 2 over 3 positions (valid: 2 outputs), weights w[k][c] = k + 2c/10, then a
    // dense layer (2 → 1) with weights 1 and −2. The logit is linear, so m[c][q] = Σ_j v_j · w[q − j][c].
    let (len, width) = (3, 2);
    let wt: Vec<f32> = (0..width * 4).map(|i| (i / 4) as f32 + 0.2 * (i % 4) as f32).collect();
    let net = DeepLift::new(
        vec![Stage::Conv(conv(1, width, 0, len, Activation::Linear, wt.clone()))],
        vec![output(2, vec![1.0, -2.0])],
        len,
        1,
    )
    .expect("layers chain");
    let v = [1.0f32, -2.0];
    let mut want = vec![0.0f32; 4 * len];
    for c in 0..4 {
        for q in 0..len {
            for (j, vj) in v.iter().enumerate() {
                if (j..j + width).contains(&q) {
                    want[c * len + q] += vj * wt[(q - j) * 4 + c];
                }
            }
        }
    }
    let x = [1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0];
    let references = [vec![0.0f32; 12], vec![0.25; 12], x.to_vec()].concat();
    let out = net.multipliers(&x, 1, &references, &[0, 0, 0], 0).expect("runs");
    for pair in out.multipliers.chunks_exact(12) {
        for (m, w) in pair.iter().zip(&want) {
            assert!((m - w).abs() < 1e-6, "{pair:?} vs {want:?}");
        }
    }
    assert_eq!(out.reference_logits.len(), 3);
}

#[test]
fn the_max_pool_rule_routes_the_window_change_to_both_arg_maxes() {
    // Channel A passes through (width-1 linear filter), one window of 3, dense weight 1:
    // x = [1, 4, 2] (max 4 at 1), ref = [3, 0, 0.5] (max 3 at 0). M = 4: x's arg-max gets 4 − 3 = 1, the
    // reference's gets 4 − 4 = 0; Δin = [−2, 4, 1.5] → m_A = [0, 1/4, 0].
    let mut c = conv(1, 1, 0, 3, Activation::Linear, vec![1.0, 0.0, 0.0, 0.0]);
    c.bias = vec![0.0];
    let pool = Pool { channels: 1, width: 3, stride: 3, len_in: 3, len_out: 1 };
    let net = DeepLift::new(vec![Stage::Conv(c), Stage::Pool(pool)], vec![output(1, vec![1.0])], 3, 1).expect("chain");
    let x = [1.0, 4.0, 2.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0];
    let r = [3.0, 0.0, 0.5, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0];
    let out = net.multipliers(&x, 1, &r, &[0], 0).expect("runs");
    assert_eq!(&out.multipliers[..3], &[0.0, 0.25, 0.0]);
    assert!((out.input_logits[0] - 4.3).abs() < 1e-6 && (out.reference_logits[0] - 3.3).abs() < 1e-6);
    // Σ m · Δx = Δlogit.
    let total: f32 = (0..3).map(|l| out.multipliers[l] * (x[l] - r[l])).sum();
    assert!((total - 1.0).abs() < 1e-6);
}

#[test]
fn a_relu_unit_off_for_both_halves_passes_nothing_back() {
    // A ReLU filter whose pre-activation is negative for input and reference alike carries no multiplier.
    let c = conv(1, 1, 0, 2, Activation::Relu, vec![-1.0, -1.0, -1.0, -1.0]);
    let net = DeepLift::new(vec![Stage::Conv(c)], vec![output(2, vec![1.0, 1.0])], 2, 1).expect("chain");
    let x = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0];
    let r = [0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0];
    let out = net.multipliers(&x, 1, &r, &[0], 0).expect("runs");
    assert!(out.multipliers.iter().all(|&m| m == 0.0), "{:?}", out.multipliers);
}

#[test]
fn shapes_that_do_not_chain_and_bad_calls_are_errors() {
    let c = conv(2, 3, 1, 10, Activation::Relu, vec![0.1; 24]);
    let err = DeepLift::new(vec![Stage::Conv(c.clone())], vec![output(19, vec![0.0; 19])], 10, 1).expect_err("d_in");
    assert!(err.to_string().contains("dense layer 0"), "{err}");
    let err = DeepLift::new(vec![Stage::Conv(c.clone())], vec![output(20, vec![0.0; 20])], 12, 1).expect_err("len");
    assert!(err.to_string().contains("stage 0"), "{err}");
    let net = DeepLift::new(vec![Stage::Conv(c)], vec![output(20, vec![0.0; 20])], 10, 1).expect("chains");
    let x = vec![0.0f32; 40];
    assert!(net.multipliers(&x, 1, &x, &[0], 1).expect_err("target").to_string().contains("output 1"));
    assert!(net.multipliers(&x, 1, &x, &[1], 0).expect_err("owner").to_string().contains("input 1"));
    assert!(net.multipliers(&x, 1, &x[..36], &[0], 0).is_err());
}

#[test]
fn the_tiled_convolution_is_bit_identical_on_every_instruction_set() {
    let (filters, channels, width, tiles) = (13, 7, 5, 3);
    let weight: Vec<f32> = (0..filters * channels * width).map(|i| ((i * 37 % 101) as f32 - 50.0) / 17.0).collect();
    let bias: Vec<f32> = (0..filters).map(|f| f as f32 / 7.0).collect();
    let packed = PackedWeights::new(&weight, &bias, filters, channels, width);
    let row_len = tiles * TILE_P + width - 1;
    let xpad: Vec<f32> = (0..channels * row_len).map(|i| ((i * 53 % 97) as f32 - 48.0) / 13.0).collect();
    let run = |isa| {
        let mut out = vec![0.0f32; packed.blocks() * TILE_F * tiles * TILE_P];
        conv_rows(isa, &packed, &xpad, row_len, tiles, &mut out);
        out
    };
    let portable = run(Isa::Portable);
    // The FMA builds round once per multiply-add, the portable build twice: compare those to each other and
    // the portable build to a plain sum.
    let plain = |f: usize, p: usize| {
        let mut acc = 0.0f32;
        for c in 0..channels {
            for k in 0..width {
                acc += weight[(f * channels + c) * width + k] * xpad[c * row_len + p + k];
            }
        }
        acc + bias[f]
    };
    for f in 0..filters {
        for p in 0..tiles * TILE_P {
            assert!((portable[f * tiles * TILE_P + p] - plain(f, p)).abs() < 1e-4);
        }
    }
    if Isa::Avx512.available() {
        assert!(Isa::Avx2Fma.available());
        assert_eq!(run(Isa::Avx512), run(Isa::Avx2Fma), "AVX-512 and AVX2 builds differ");
    }
}
