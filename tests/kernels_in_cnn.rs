//! seqdl's fused convolution → (ReLU) → max-pool kernels against burn's generic composition: values, argmax
//! and gradients (input, kernel, bias) on random shapes and inputs, the edges (padding same/valid, even and
//! odd widths, pool windows not dividing the length, overlapping windows, batch 1, kernels wider than the
//! input), both instruction sets of the CPU kernel, the generic fallback backward, and whole CNNs with
//! fusion on and off.

use burn::backend::{Autodiff, Flex};
use burn::tensor::{Int, Tensor, TensorData};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use seq_kernels::cpu::{self, ConvPoolShape, Isa};
use seq_kernels::{self as kernels, generic, ConvPoolOptions, GradsWanted, SeqKernels};
use seq_models::cnn::presets;
use seq_models::cnn::{Activation, FeatureLayer, Padding};
use seq_models::{to_input, Cnn, CnnConfig, Head, SequenceModel};
use seq_testkit::assert_close_to_scale as assert_close;

type B = Flex;
type AD = Autodiff<Flex>;

/// One test shape: `(N, C, L)` input, `F` filters of width `K`, then the options.
#[derive(Debug, Clone, Copy)]
struct Case {
    n: usize,
    c: usize,
    l: usize,
    f: usize,
    k: usize,
    o: ConvPoolOptions,
}

fn case(
    (n, c, l): (usize, usize, usize),
    f: usize,
    k: usize,
    pad: (usize, usize),
    pool: (usize, usize),
    relu: bool,
) -> Case {
    let o = ConvPoolOptions { pad_left: pad.0, pad_right: pad.1, pool_width: pool.0, pool_stride: pool.1, relu };
    Case { n, c, l, f, k, o }
}

fn cases() -> Vec<Case> {
    vec![
        case((5, 4, 200), 24, 19, (9, 9), (25, 25), true), // seed 000
        case((3, 4, 31), 7, 4, (1, 2), (4, 4), true),      // even width 'same' (asymmetric), 31 not divisible by 4
        case((2, 4, 50), 32, 12, (0, 0), (4, 4), false),   // primer: valid, linear, 39 positions into windows of 4
        case((1, 3, 23), 5, 5, (2, 2), (5, 2), true),      // batch 1, overlapping windows
        case((2, 2, 9), 3, 1, (0, 0), (3, 3), true),       // width 1
        case((4, 6, 17), 13, 7, (3, 3), (17, 17), true),   // global max-pool
        case((1, 4, 5), 2, 5, (0, 0), (1, 1), true),       // a single output position
        case((2, 4, 6), 9, 11, (5, 5), (2, 3), false),     // kernel wider than the input
        case((3, 64, 40), 64, 7, (3, 3), (4, 4), true),    // seed000_deep's second convolution
        case((17, 4, 60), 8, 9, (4, 4), (6, 6), true),     // batch not a multiple of the backward chunk
        // Standalone convolutions (windows of width 1: the dense backward).
        case((3, 15, 120), 15, 10, (0, 0), (1, 1), true), // SequenceDNN's second convolution
        case((11, 4, 70), 15, 10, (0, 0), (1, 1), true),  // SequenceDNN's first convolution (one-hot)
        case((2, 6, 37), 5, 4, (1, 2), (1, 1), false),    // linear, even width 'same'
        case((2, 3, 4), 4, 6, (3, 2), (1, 1), true),      // kernel wider than the input
    ]
}

/// Every case with a dense-input seed (`base + i`) and a one-hot-input seed (`1000 + base + i`).
fn seeded_cases(base: u64) -> Vec<(u64, Case)> {
    let cases = cases();
    let dense = cases.iter().enumerate().map(|(i, c)| (base + i as u64, *c));
    let one_hot = cases.iter().enumerate().map(|(i, c)| (1000 + base + i as u64, *c));
    dense.chain(one_hot).collect()
}

fn uniform(n: usize, limit: f32, rng: &mut ChaCha8Rng) -> Vec<f32> {
    (0..n).map(|_| rng.random_range(-limit..limit)).collect()
}

/// Random input, kernel, bias and output weights (for a scalar loss) of a case. Seeds ≥ 1000 give 4-channel
/// cases one-hot input instead (the gather path), with some all-zero (`N`) columns and, in the last sequence
/// of batches > 1, one dense column (so one batch mixes both paths).
fn data(cs: &Case, seed: u64) -> [Vec<f32>; 4] {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let p = cs.o.pooled_length(cs.o.conv_length(cs.l, cs.k));
    let x = if seed >= 1000 && cs.c == 4 {
        let mut x = vec![0.0f32; cs.n * 4 * cs.l];
        for n in 0..cs.n {
            for q in 0..cs.l {
                let base = rng.random_range(0..5usize);
                if base < 4 {
                    x[(n * 4 + base) * cs.l + q] = 1.0;
                }
            }
        }
        if cs.n > 1 {
            x[((cs.n - 1) * 4 + 1) * cs.l] = 0.5;
        }
        x
    } else {
        uniform(cs.n * cs.c * cs.l, 1.0, &mut rng)
    };
    [
        x,
        uniform(cs.f * cs.c * cs.k, 0.5, &mut rng),
        uniform(cs.f, 0.3, &mut rng),
        uniform(cs.n * cs.f * p, 1.0, &mut rng),
    ]
}

fn tensor<BK: burn::tensor::backend::Backend, const D: usize>(v: &[f32], shape: [usize; D]) -> Tensor<BK, D> {
    Tensor::from_data(TensorData::new(v.to_vec(), shape), &Default::default())
}

fn values<BK: burn::tensor::backend::Backend, const D: usize>(t: Tensor<BK, D>) -> Vec<f32> {
    t.into_data().convert::<f32>().to_vec::<f32>().unwrap()
}

#[test]
fn fused_forward_and_argmax_match_the_generic_composition() {
    for (i, cs) in seeded_cases(0) {
        let [x, w, b, _] = data(&cs, i);
        let (xt, wt, bt) = (
            tensor::<B, 3>(&x, [cs.n, cs.c, cs.l]),
            tensor::<B, 3>(&w, [cs.f, cs.c, cs.k]),
            tensor::<B, 1>(&b, [cs.f]),
        );
        let reference = values(generic::conv_pool(xt.clone(), wt.clone(), bt.clone(), cs.o));
        let fast = values(kernels::conv_pool(xt.clone(), wt.clone(), bt.clone(), cs.o));
        assert_close(&fast, &reference, &format!("forward {cs:?}"));
        let (_, ref_arg) = generic::conv_pool_with_argmax(xt.clone(), wt.clone(), bt.clone(), cs.o);
        let (out, arg) = <B as SeqKernels>::conv_pool_with_argmax(
            xt.into_primitive().tensor(),
            wt.into_primitive().tensor(),
            bt.into_primitive().tensor(),
            cs.o,
        );
        let out = values(Tensor::<B, 3>::from_primitive(burn::tensor::TensorPrimitive::Float(out)));
        assert_close(&out, &reference, &format!("forward with argmax {cs:?}"));
        let arg = Tensor::<B, 3, Int>::from_primitive(arg).into_data().convert::<i64>().to_vec::<i64>().unwrap();
        let ref_arg = ref_arg.into_data().convert::<i64>().to_vec::<i64>().unwrap();
        assert_eq!(arg, ref_arg, "argmax {cs:?}");
        if cs.o.relu {
            assert!(out.iter().all(|v| *v >= 0.0), "ReLU output is non-negative");
        }
    }
}

#[test]
fn both_instruction_sets_give_the_generic_values() {
    for (i, cs) in seeded_cases(100) {
        let [x, w, b, _] = data(&cs, i);
        let shape = ConvPoolShape { batch: cs.n, channels: cs.c, length: cs.l, filters: cs.f, width: cs.k };
        let p = shape.pooled_length(&cs.o);
        let reference = values(generic::conv_pool::<B>(
            tensor(&x, [cs.n, cs.c, cs.l]),
            tensor(&w, [cs.f, cs.c, cs.k]),
            tensor(&b, [cs.f]),
            cs.o,
        ));
        for isa in [Isa::Portable, Isa::Avx2Fma].into_iter().filter(|isa| isa.available()) {
            let mut out = vec![f32::NAN; cs.n * cs.f * p];
            cpu::conv_pool_forward(isa, shape, cs.o, &x, &w, &b, &mut out, None);
            assert_close(&out, &reference, &format!("{isa:?} {cs:?}"));
        }
    }
}

/// Gradients of `sum(out ⊙ r)` with respect to (x, weight, bias) through `f` on the autodiff backend.
fn grads(cs: &Case, d: &[Vec<f32>; 4], fused: bool) -> [Vec<f32>; 4] {
    let x = tensor::<AD, 3>(&d[0], [cs.n, cs.c, cs.l]).require_grad();
    let w = tensor::<AD, 3>(&d[1], [cs.f, cs.c, cs.k]).require_grad();
    let b = tensor::<AD, 1>(&d[2], [cs.f]).require_grad();
    let p = cs.o.pooled_length(cs.o.conv_length(cs.l, cs.k));
    let out = if fused {
        kernels::conv_pool(x.clone(), w.clone(), b.clone(), cs.o)
    } else {
        generic::conv_pool(x.clone(), w.clone(), b.clone(), cs.o)
    };
    let loss = (out.clone() * tensor::<AD, 3>(&d[3], [cs.n, cs.f, p])).sum();
    let g = loss.backward();
    [values(out.inner()), values(x.grad(&g).unwrap()), values(w.grad(&g).unwrap()), values(b.grad(&g).unwrap())]
}

#[test]
fn fused_gradients_match_burn_autodiff_of_the_composition() {
    for (i, cs) in seeded_cases(200) {
        let d = data(&cs, i);
        let fast = grads(&cs, &d, true);
        let reference = grads(&cs, &d, false);
        for (j, name) in ["output", "d input", "d kernel", "d bias"].iter().enumerate() {
            assert_close(&fast[j], &reference[j], &format!("{name} {cs:?}"));
        }
        assert!(reference[1].iter().any(|v| *v != 0.0), "the case has a non-zero input gradient");
    }
}

#[test]
fn the_generic_fallback_backward_matches_burn_autodiff() {
    // What ndarray, cuda and any other backend run inside the custom autodiff node.
    for (i, cs) in seeded_cases(300) {
        let d = data(&cs, i);
        let reference = grads(&cs, &d, false);
        let (xt, wt, bt) = (
            tensor::<B, 3>(&d[0], [cs.n, cs.c, cs.l]),
            tensor::<B, 3>(&d[1], [cs.f, cs.c, cs.k]),
            tensor::<B, 1>(&d[2], [cs.f]),
        );
        let p = cs.o.pooled_length(cs.o.conv_length(cs.l, cs.k));
        let (_, arg) = generic::conv_pool_with_argmax(xt.clone(), wt.clone(), bt, cs.o);
        let all = GradsWanted { x: true, weight: true, bias: true };
        let (dx, dw, db) = generic::conv_pool_backward(xt, wt, arg, tensor(&d[3], [cs.n, cs.f, p]), cs.o, all);
        assert_close(&values(dx.unwrap()), &reference[1], &format!("generic d input {cs:?}"));
        assert_close(&values(dw.unwrap()), &reference[2], &format!("generic d kernel {cs:?}"));
        assert_close(&values(db.unwrap()), &reference[3], &format!("generic d bias {cs:?}"));
    }
}

#[test]
fn cpu_backward_is_deterministic_and_computes_only_what_is_wanted() {
    let cs = case((21, 4, 80), 10, 9, (4, 4), (8, 8), true);
    let d = data(&cs, 7);
    let shape = ConvPoolShape { batch: cs.n, channels: cs.c, length: cs.l, filters: cs.f, width: cs.k };
    let p = shape.pooled_length(&cs.o);
    let (mut out, mut arg) = (vec![0.0; cs.n * cs.f * p], vec![0i32; cs.n * cs.f * p]);
    cpu::conv_pool_forward(Isa::detect(), shape, cs.o, &d[0], &d[1], &d[2], &mut out, Some(&mut arg));
    let all = GradsWanted { x: true, weight: true, bias: true };
    let first = cpu::conv_pool_backward(shape, cs.o, &d[0], &d[1], &arg, &d[3], all);
    let second = cpu::conv_pool_backward(shape, cs.o, &d[0], &d[1], &arg, &d[3], all);
    assert_eq!(first, second, "same inputs, same bits");
    let only_x = GradsWanted { x: true, weight: false, bias: false };
    let (dx, dw, db) = cpu::conv_pool_backward(shape, cs.o, &d[0], &d[1], &arg, &d[3], only_x);
    assert_eq!(dx, first.0);
    assert!(dw.is_none() && db.is_none());
}

#[test]
fn ties_on_one_hot_input_go_to_the_same_position_as_burn() {
    // Poly-A input and dyadic weights: every convolution output inside the sequence is exactly equal.
    let cs = case((2, 4, 40), 3, 5, (2, 2), (8, 8), true);
    let mut x = vec![0.0f32; cs.n * cs.c * cs.l];
    for n in 0..cs.n {
        x[n * cs.c * cs.l..n * cs.c * cs.l + cs.l].fill(1.0);
    }
    let w: Vec<f32> = (0..cs.f * cs.c * cs.k).map(|i| ((i % 7) as f32 - 2.0) * 0.125).collect();
    let b = vec![0.25, -0.5, 0.125];
    let p = cs.o.pooled_length(cs.o.conv_length(cs.l, cs.k));
    let r: Vec<f32> = (0..cs.n * cs.f * p).map(|i| 1.0 + (i % 3) as f32).collect();
    let d = [x, w, b, r];
    let fast = grads(&cs, &d, true);
    let reference = grads(&cs, &d, false);
    for j in 0..4 {
        assert_eq!(fast[j], reference[j], "exact equality under ties ({j})");
    }
}

#[test]
fn untracked_autodiff_call_gives_the_inner_values() {
    let cs = cases()[0];
    let d = data(&cs, 9);
    let on_ad = kernels::conv_pool(
        tensor::<AD, 3>(&d[0], [cs.n, cs.c, cs.l]),
        tensor(&d[1], [cs.f, cs.c, cs.k]),
        tensor(&d[2], [cs.f]),
        cs.o,
    );
    let on_inner = kernels::conv_pool(
        tensor::<B, 3>(&d[0], [cs.n, cs.c, cs.l]),
        tensor(&d[1], [cs.f, cs.c, cs.k]),
        tensor(&d[2], [cs.f]),
        cs.o,
    );
    assert_eq!(values(on_ad.inner()), values(on_inner));
}

fn onehot(n: usize, len: usize, seed: u64) -> Vec<f32> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut x = vec![0.0f32; n * 4 * len];
    for i in 0..n {
        for p in 0..len {
            x[(i * 4 + rng.random_range(0..4)) * len + p] = 1.0;
        }
    }
    x
}

/// Logits and the gradients of their sum with respect to the input and every parameter.
fn model_grads(config: &CnnConfig, fused: bool, n: usize, seed: u64) -> Vec<Vec<f32>> {
    let len = config.input_length;
    let model: Cnn<AD> = config.init(&Default::default(), seed).unwrap().with_fused_kernels(fused);
    let x = to_input::<AD>(&onehot(n, len, seed + 1), n, len, &Default::default()).unwrap().require_grad();
    let logits = model.forward_logits(x.clone());
    let g = logits.clone().sum().backward();
    let mut out = vec![values(logits.inner()), values(x.grad(&g).unwrap())];
    // Every parameter's gradient, in module order.
    struct Collect<'a>(&'a burn::backend::autodiff::grads::Gradients, Vec<Vec<f32>>);
    impl burn::module::ModuleVisitor<AD> for Collect<'_> {
        fn visit_float<const D: usize>(&mut self, param: &burn::module::Param<Tensor<AD, D>>) {
            if let Some(g) = param.val().grad(self.0) {
                self.1.push(values(g));
            }
        }
    }
    let mut collect = Collect(&g, Vec::new());
    burn::module::Module::visit(&model, &mut collect);
    out.extend(collect.1);
    out
}

#[test]
fn whole_cnns_are_the_same_function_with_fusion_on_and_off() {
    // seed000_deep without its dropout (dropout draws different masks in the two runs).
    let deep = CnnConfig::new(200, 1, Head::Sigmoid)
        .conv(64, 19, Padding::Same, Activation::Relu)
        .max_pool(4)
        .conv(64, 7, Padding::Same, Activation::Relu)
        .global_max_pool()
        .dense(64, Activation::Relu, 0.0);
    let mut overlapping = CnnConfig::new(41, 3, Head::Softmax).conv(8, 4, Padding::Same, Activation::Relu);
    overlapping.features.push(FeatureLayer::MaxPool { width: 5, stride: Some(2) });
    let overlapping = overlapping.conv(5, 3, Padding::Valid, Activation::Linear).max_pool(3);
    // SequenceDNN puts a dropout (rate 0 here) between the last convolution and the pool: it fuses through it.
    // A linear 'same' convolution followed by a dense layer runs alone (windows of width 1).
    let standalone = CnnConfig::new(30, 2, Head::Softmax).conv(6, 5, Padding::Same, Activation::Linear);
    let configs =
        [presets::seed000(200), deep, presets::primer(), overlapping, presets::dragonn_three_layers(120), standalone];
    for (i, config) in configs.iter().enumerate() {
        let on = model_grads(config, true, 6, i as u64);
        let off = model_grads(config, false, 6, i as u64);
        assert_eq!(on.len(), off.len());
        assert!(on.len() > 4, "gradients of the parameters were collected");
        for (j, (a, b)) in on.iter().zip(&off).enumerate() {
            assert_close(a, b, &format!("model {i} tensor {j}"));
        }
    }
}

/// Without autodiff dropout is the identity, so `conv → dropout 0.2 → pool` fuses at inference and must give the
/// logits of the unfused model.
#[test]
fn inference_fuses_through_dropout() {
    let model: Cnn<B> = presets::dragonn_three_layers_dropout(150).init(&Default::default(), 5).unwrap();
    let x = to_input::<B>(&onehot(3, 150, 9), 3, 150, &Default::default()).unwrap();
    let fused = model.forward_logits(x.clone()).into_data().to_vec::<f32>().unwrap();
    let plain = model.with_fused_kernels(false).forward_logits(x).into_data().to_vec::<f32>().unwrap();
    assert_close(&fused, &plain, "dragonn three layers + dropout, inference");
}

#[test]
fn conv_activations_are_unfused() {
    let model: Cnn<B> = presets::seed000(60).init(&Default::default(), 3).unwrap();
    let x = to_input::<B>(&onehot(2, 60, 4), 2, 60, &Default::default()).unwrap();
    assert_eq!(model.conv_activations(x, 0).unwrap().dims(), [2, 24, 60]);
}
