//! The LSTM recurrence (`seq_kernels::lstm_last_hidden`): flex's hand-written kernel and its backward through
//! time against burn's step-by-step composition and burn's autodiff of it.

use burn::backend::{Autodiff, Flex};
use burn::tensor::{Tensor, TensorData};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use seq_kernels::cpu::lstm::{lstm_backward, LstmShape};
use seq_kernels::{generic, lstm_last_hidden};
use seq_testkit::assert_close_to_scale as assert_close;

type AD = Autodiff<Flex>;

/// (batch, steps, hidden): the seed's denoiser (window 50, 32 units), a batch that is not a multiple of the
/// backward's chunk of 8, one step, one sequence.
const SHAPES: [(usize, usize, usize); 4] = [(12, 50, 32), (11, 7, 5), (3, 1, 4), (1, 9, 3)];

fn uniform(n: usize, limit: f32, rng: &mut ChaCha8Rng) -> Vec<f32> {
    (0..n).map(|_| rng.random_range(-limit..limit)).collect()
}

/// Projections, recurrent kernel and output weights of a shape (projections up to ±3: saturated gates too).
fn data((n, t, h): (usize, usize, usize), seed: u64) -> [Vec<f32>; 3] {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    [uniform(n * t * 4 * h, 3.0, &mut rng), uniform(h * 4 * h, 0.6, &mut rng), uniform(n * h, 1.0, &mut rng)]
}

fn tensor<B: burn::tensor::backend::Backend, const D: usize>(v: &[f32], shape: [usize; D]) -> Tensor<B, D> {
    Tensor::from_data(TensorData::new(v.to_vec(), shape), &Default::default())
}

fn values<B: burn::tensor::backend::Backend, const D: usize>(t: Tensor<B, D>) -> Vec<f32> {
    t.into_data().convert::<f32>().to_vec::<f32>().expect("f32 values")
}

#[test]
fn the_kernel_gives_the_composition_s_last_hidden_state() {
    for (i, &(n, t, h)) in SHAPES.iter().enumerate() {
        let [p, r, _] = data((n, t, h), i as u64);
        let fast = lstm_last_hidden(tensor::<Flex, 3>(&p, [n, t, 4 * h]), tensor::<Flex, 2>(&r, [h, 4 * h]));
        let plain = generic::lstm_last_hidden(tensor::<Flex, 3>(&p, [n, t, 4 * h]), tensor::<Flex, 2>(&r, [h, 4 * h]));
        assert_eq!(fast.dims(), [n, h]);
        assert_close(&values(fast), &values(plain), &format!("shape {i}: hidden"));
    }
}

/// Gradients of `Σ h·w` with respect to the projections and the recurrent kernel on `Autodiff<Flex>`,
/// through the kernel's graph node (`fast`) or burn's autodiff of the composition.
fn grads(shape: (usize, usize, usize), d: &[Vec<f32>; 3], fast: bool) -> [Vec<f32>; 2] {
    let (n, t, h) = shape;
    let p = tensor::<AD, 3>(&d[0], [n, t, 4 * h]).require_grad();
    let r = tensor::<AD, 2>(&d[1], [h, 4 * h]).require_grad();
    let hidden =
        if fast { lstm_last_hidden(p.clone(), r.clone()) } else { generic::lstm_last_hidden(p.clone(), r.clone()) };
    let g = (hidden * tensor::<AD, 2>(&d[2], [n, h])).sum().backward();
    [values(p.grad(&g).expect("projection gradient")), values(r.grad(&g).expect("kernel gradient"))]
}

#[test]
fn backward_through_time_matches_burn_autodiff_of_the_composition() {
    for (i, &shape) in SHAPES.iter().enumerate() {
        let d = data(shape, 100 + i as u64);
        let [fp, fr] = grads(shape, &d, true);
        let [pp, pr] = grads(shape, &d, false);
        // From zero states one step leaves the recurrent kernel unused (its gradient is zero, as burn's).
        if shape.1 > 1 {
            assert!(pr.iter().any(|v| v.abs() > 1e-3), "shape {i}: the kernel gradient is not trivially zero");
        }
        assert_close(&fp, &pp, &format!("shape {i}: d projected"));
        assert_close(&fr, &pr, &format!("shape {i}: d recurrent"));
    }
}

#[test]
fn the_generic_backward_matches_burn_autodiff() {
    let (n, t, h) = SHAPES[1];
    let d = data((n, t, h), 7);
    let (dp, dr) = generic::lstm_last_hidden_backward(
        tensor::<Flex, 3>(&d[0], [n, t, 4 * h]),
        tensor::<Flex, 2>(&d[1], [h, 4 * h]),
        tensor::<Flex, 2>(&d[2], [n, h]),
    );
    let [pp, pr] = grads((n, t, h), &d, false);
    assert_close(&values(dp), &pp, "generic d projected");
    assert_close(&values(dr), &pr, "generic d recurrent");
}

#[test]
fn the_backward_does_not_depend_on_the_number_of_threads() {
    let (n, t, h) = (37, 20, 8);
    let s = LstmShape { batch: n, steps: t, hidden: h };
    let d = data((n, t, h), 11);
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("thread pool");
        pool.install(|| lstm_backward(s, &d[0], &d[1], &d[2]))
    };
    let (one, two) = (run(1), run(2));
    assert_eq!(one.0, two.0, "d projected");
    assert_eq!(one.1, two.1, "d recurrent");
}
