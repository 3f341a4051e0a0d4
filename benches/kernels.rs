//! seqdl's fused convolution → ReLU → max-pool kernels against burn's generic composition on the flex CPU
//! backend, for seed 000's CNN (Conv1d 4→24, width 19, same → ReLU → MaxPool 25 → Dense 64 → Dense 1, 200 nt).
//!
//! Layer groups (time per batch of 128): `conv_fwd`, `conv_fwd_bwd`, `relu_pool_fwd_bwd`, each with the
//! generic burn path and the fused kernel. Model groups (sequences per second): `train` (batch 128, Adam,
//! forward + loss + backward + step), `infer` (batch 1024), `saliency` (batch 128, seq-interpret's saliency),
//! each with fusion off (burn's layers) and on. Run: `cargo bench -p seqdl-benches --bench kernels`.

use burn::backend::{Autodiff, Flex};
use burn::module::Module;
use burn::optim::{AdamConfig, GradientsParams, Optimizer};
use burn::tensor::activation::{relu, softplus};
use burn::tensor::module::max_pool1d;
use burn::tensor::{Tensor, TensorData};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use seq_kernels::{self as kernels, generic, ConvPoolOptions};
use seq_models::cnn::presets;
use seq_models::{to_input, Cnn, SequenceModel};

type AD = Autodiff<Flex>;

const LEN: usize = 200;
const BATCH: usize = 128;
const FILTERS: usize = 24;
const WIDTH: usize = 19;
const POOL: usize = 25;
const OPTIONS: ConvPoolOptions =
    ConvPoolOptions { pad_left: 9, pad_right: 9, pool_width: POOL, pool_stride: POOL, relu: true };

fn random_onehot(n: usize, len: usize, seed: u64) -> Vec<f32> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut x = vec![0.0f32; n * 4 * len];
    for i in 0..n {
        for p in 0..len {
            x[(i * 4 + rng.random_range(0..4)) * len + p] = 1.0;
        }
    }
    x
}

fn uniform(n: usize, limit: f32, seed: u64) -> Vec<f32> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    (0..n).map(|_| rng.random_range(-limit..limit)).collect()
}

fn tensor<B: burn::tensor::backend::Backend, const D: usize>(v: &[f32], shape: [usize; D]) -> Tensor<B, D> {
    Tensor::from_data(TensorData::new(v.to_vec(), shape), &Default::default())
}

/// The first layer's tensors for one batch: input, kernel, bias.
fn layer_data() -> (Vec<f32>, Vec<f32>, Vec<f32>) {
    (random_onehot(BATCH, LEN, 1), uniform(FILTERS * 4 * WIDTH, 0.3, 2), uniform(FILTERS, 0.1, 3))
}

fn bench_layers(c: &mut Criterion) {
    let (x, w, b) = layer_data();
    let conv_opts = || burn::tensor::ops::ConvOptions::new([1], [9], [1], 1);
    let mut group = c.benchmark_group("seed000_layer_batch128");
    group.sample_size(30);
    group.bench_function("conv_fwd/generic", |bench| {
        let (xt, wt, bt) = (
            tensor::<Flex, 3>(&x, [BATCH, 4, LEN]),
            tensor::<Flex, 3>(&w, [FILTERS, 4, WIDTH]),
            tensor::<Flex, 1>(&b, [FILTERS]),
        );
        bench.iter(|| burn::tensor::module::conv1d(xt.clone(), wt.clone(), Some(bt.clone()), conv_opts()).into_data())
    });
    group.bench_function("conv_relu_pool_fwd/generic", |bench| {
        let (xt, wt, bt) = (
            tensor::<Flex, 3>(&x, [BATCH, 4, LEN]),
            tensor::<Flex, 3>(&w, [FILTERS, 4, WIDTH]),
            tensor::<Flex, 1>(&b, [FILTERS]),
        );
        bench.iter(|| generic::conv_pool(xt.clone(), wt.clone(), bt.clone(), OPTIONS).into_data())
    });
    group.bench_function("conv_relu_pool_fwd/fused", |bench| {
        let (xt, wt, bt) = (
            tensor::<Flex, 3>(&x, [BATCH, 4, LEN]),
            tensor::<Flex, 3>(&w, [FILTERS, 4, WIDTH]),
            tensor::<Flex, 1>(&b, [FILTERS]),
        );
        bench.iter(|| kernels::conv_pool(xt.clone(), wt.clone(), bt.clone(), OPTIONS).into_data())
    });
    // Forward + backward with a gradient for the input, kernel and bias.
    let fwd_bwd = |f: &dyn Fn(Tensor<AD, 3>, Tensor<AD, 3>, Tensor<AD, 1>) -> Tensor<AD, 3>| {
        let xt = tensor::<AD, 3>(&x, [BATCH, 4, LEN]).require_grad();
        let wt = tensor::<AD, 3>(&w, [FILTERS, 4, WIDTH]).require_grad();
        let bt = tensor::<AD, 1>(&b, [FILTERS]).require_grad();
        let grads = f(xt.clone(), wt.clone(), bt.clone()).sum().backward();
        (xt.grad(&grads).map(|g| g.into_data()), wt.grad(&grads).map(|g| g.into_data()))
    };
    group.bench_function("conv_fwd_bwd/generic", |bench| {
        bench.iter(|| fwd_bwd(&|x, w, b| burn::tensor::module::conv1d(x, w, Some(b), conv_opts())))
    });
    group.bench_function("conv_relu_pool_fwd_bwd/generic", |bench| {
        bench.iter(|| fwd_bwd(&|x, w, b| generic::conv_pool(x, w, b, OPTIONS)))
    });
    group.bench_function("conv_relu_pool_fwd_bwd/fused", |bench| {
        bench.iter(|| fwd_bwd(&|x, w, b| kernels::conv_pool(x, w, b, OPTIONS)))
    });
    group.bench_function("relu_pool_fwd_bwd/generic", |bench| {
        let conv = uniform(BATCH * FILTERS * LEN, 1.0, 4);
        bench.iter(|| {
            let t = tensor::<AD, 3>(&conv, [BATCH, FILTERS, LEN]).require_grad();
            let grads = max_pool1d(relu(t.clone()), POOL, POOL, 0, 1, false).sum().backward();
            t.grad(&grads).map(|g| g.into_data())
        })
    });
    group.finish();
}

fn model<B: burn::tensor::backend::Backend>(fused: bool) -> Cnn<B> {
    presets::seed000(LEN).init::<B>(&Default::default(), 0).expect("seed000 preset is valid").with_fused_kernels(fused)
}

fn bench_models(c: &mut Criterion) {
    let x = random_onehot(1024, LEN, 5);
    let y: Vec<f32> = uniform(BATCH, 1.0, 6).iter().map(|v| if *v > 0.0 { 1.0 } else { 0.0 }).collect();
    let mut group = c.benchmark_group("seed000_model");
    group.sample_size(20);
    for fused in [false, true] {
        let name = if fused { "fused" } else { "generic" };
        group.throughput(Throughput::Elements(BATCH as u64));
        group.bench_function(BenchmarkId::new("train_batch128", name), |bench| {
            let mut slot = Some(model::<AD>(fused));
            let mut optim = AdamConfig::new().init::<AD, Cnn<AD>>();
            let xt = to_input::<AD>(&x[..BATCH * 4 * LEN], BATCH, LEN, &Default::default()).expect("input");
            let yt = tensor::<AD, 1>(&y, [BATCH]);
            bench.iter(|| {
                let m = slot.take().expect("model");
                let z = m.forward_logits(xt.clone()).reshape([BATCH]);
                // Binary cross-entropy on logits: softplus(z) - y·z.
                let loss = (softplus(z.clone(), 1.0) - z * yt.clone()).mean();
                let grads = GradientsParams::from_grads(loss.backward(), &m);
                slot = Some(optim.step(1e-3, m, grads));
            })
        });
        group.throughput(Throughput::Elements(1024));
        group.bench_function(BenchmarkId::new("infer_batch1024", name), |bench| {
            let m = model::<Flex>(fused);
            let xt = to_input::<Flex>(&x, 1024, LEN, &Default::default()).expect("input");
            bench.iter(|| m.forward_logits(xt.clone()).into_data())
        });
        group.throughput(Throughput::Elements(BATCH as u64));
        group.bench_function(BenchmarkId::new("saliency_batch128", name), |bench| {
            let m = model::<AD>(fused);
            let logits = |t| m.forward_logits(t);
            let xs = &x[..BATCH * 4 * LEN];
            bench.iter(|| {
                seq_interpret::saliency::<AD, _>(&logits, xs, BATCH, LEN, 0, BATCH, &Default::default())
                    .expect("saliency")
            })
        });
    }
    group.finish();
    // Keep the model type's Module impl in use (parameter count printed once for the record).
    eprintln!("seed000 parameters: {}", model::<Flex>(true).num_params());
}

criterion_group!(benches, bench_layers, bench_models);
criterion_main!(benches);
