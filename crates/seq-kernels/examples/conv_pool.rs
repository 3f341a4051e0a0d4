//! The fused convolution → ReLU → max-pool on burn's flex backend against burn's own composition:
//! `cargo run -p seq-kernels --example conv_pool`.

use burn::backend::Flex;
use burn::tensor::{Distribution, Tensor};
use seq_kernels::{conv_pool, generic, ConvPoolOptions};

fn main() {
    let device = Default::default();
    let x = Tensor::<Flex, 3>::random([8, 4, 200], Distribution::Uniform(0.0, 1.0), &device);
    let w = Tensor::<Flex, 3>::random([24, 4, 19], Distribution::Normal(0.0, 0.1), &device);
    let b = Tensor::<Flex, 1>::zeros([24], &device);
    let o = ConvPoolOptions { pad_left: 9, pad_right: 9, pool_width: 25, pool_stride: 25, relu: true };
    let fused = conv_pool(x.clone(), w.clone(), b.clone(), o);
    let (plain, _) = generic::conv_pool_with_argmax(x, w, b, o);
    let diff = (fused.clone() - plain).abs().max().into_scalar();
    println!("output {:?}; max |fused − generic| = {diff:e}", fused.dims());
}
