//! Saliency of a model seq-interpret does not know — a closure scoring GATA — on one sequence:
//! `cargo run -p seq-interpret --example saliency`.

use burn::backend::{Autodiff, Flex};
use burn::tensor::Tensor;

type B = Autodiff<Flex>;

fn main() -> Result<(), seq_interpret::InterpretError> {
    let seq = b"ACGTGATAACGTACGT";
    let x = seq_io::onehot::encode(seq, seq_io::UnknownPolicy::Zeros, "example")?;
    let len = seq.len();
    // a "model": the sum over positions of the G, A, T, A channels at offsets 0..4 (a GATA detector)
    let model = |x: Tensor<B, 3>| -> Tensor<B, 2> {
        let [n, _, l] = x.dims();
        let g = x.clone().slice([0..n, 2..3, 0..l - 3]);
        let a = x.clone().slice([0..n, 0..1, 1..l - 2]);
        let t = x.clone().slice([0..n, 3..4, 2..l - 1]);
        let a2 = x.slice([0..n, 0..1, 3..l]);
        (g * a * t * a2).sum_dim(2).reshape([n, 1])
    };
    let attr = seq_interpret::saliency::<B, _>(&model, &x, 1, len, 0, 1, &Default::default())?;
    for (p, &base) in seq.iter().enumerate().take(len) {
        let here = (0..4).map(|b| attr.get(0, b, p)).fold(f32::MIN, f32::max);
        println!("{} {here:+.1}", base as char);
    }
    Ok(())
}
