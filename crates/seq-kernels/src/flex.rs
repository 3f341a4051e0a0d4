//! [`SeqKernels`] for burn's flex CPU backend: reads the `f32` buffers of [`FlexTensor`]s in place (no copy
//! when contiguous) and runs the kernels of [`super::cpu`]. Other dtypes fall back to the generic path.

use burn::backend::flex::{FlexTensor, Layout};
use burn::backend::Flex;
use burn::tensor::{Bytes, DType, Int, Shape, Tensor, TensorMetadata, TensorPrimitive};

use super::cpu::lstm::LstmShape;
use super::cpu::{self, ConvPoolShape, Isa};
use super::{generic, ConvPoolGrads, ConvPoolOptions, GradsWanted, SeqKernels};

/// The shape of a fused call when the fast kernels apply (f32 tensors of consistent shapes).
fn fast_shape(x: &FlexTensor, weight: &FlexTensor, o: &ConvPoolOptions) -> Option<ConvPoolShape> {
    if x.dtype() != DType::F32 || weight.dtype() != DType::F32 {
        return None;
    }
    let (xs, ws) = (x.shape(), weight.shape());
    if xs.num_dims() != 3 || ws.num_dims() != 3 || xs[1] != ws[1] {
        return None;
    }
    let s = ConvPoolShape { batch: xs[0], channels: xs[1], length: xs[2], filters: ws[0], width: ws[2] };
    (s.batch > 0 && s.width > 0 && s.pooled_length(o) > 0 && o.pool_stride > 0).then_some(s)
}

fn f32_tensor<const D: usize>(values: Vec<f32>, shape: [usize; D]) -> FlexTensor {
    FlexTensor::new(Bytes::from_elems(values), Layout::contiguous(Shape::new(shape)), DType::F32)
}

fn contiguous(t: FlexTensor) -> FlexTensor {
    if t.is_contiguous() && t.layout().start_offset() == 0 {
        t
    } else {
        t.to_contiguous()
    }
}

/// The `f32` values of a contiguous tensor (present: callers checked the dtype).
fn values(t: &FlexTensor) -> &[f32] {
    t.as_slice::<f32>().expect("contiguous f32 tensor")
}

/// The fast forward pass, or the tensors back (`Err`) when it does not apply.
#[allow(clippy::result_large_err)]
fn forward(
    x: FlexTensor,
    weight: FlexTensor,
    bias: FlexTensor,
    o: ConvPoolOptions,
    with_argmax: bool,
) -> Result<(FlexTensor, Option<FlexTensor>), [FlexTensor; 3]> {
    let Some(s) = fast_shape(&x, &weight, &o)
        .filter(|_| bias.dtype() == DType::F32 && bias.shape().num_elements() == weight.shape()[0])
    else {
        return Err([x, weight, bias]);
    };
    let (x, weight, bias) = (contiguous(x), contiguous(weight), contiguous(bias));
    let p = s.pooled_length(&o);
    let mut out = vec![0.0f32; s.batch * s.filters * p];
    let mut argmax = with_argmax.then(|| vec![0i32; out.len()]);
    cpu::conv_pool_forward(
        Isa::detect(),
        s,
        o,
        values(&x),
        values(&weight),
        values(&bias),
        &mut out,
        argmax.as_deref_mut(),
    );
    let shape = [s.batch, s.filters, p];
    let argmax =
        argmax.map(|a| FlexTensor::new(Bytes::from_elems(a), Layout::contiguous(Shape::new(shape)), DType::I32));
    Ok((f32_tensor(out, shape), argmax))
}

fn wrap<const D: usize>(t: FlexTensor) -> Tensor<Flex, D> {
    Tensor::from_primitive(TensorPrimitive::Float(t))
}

/// The shape of an LSTM call when the fast kernel applies (`f32`, `projected (N, T, 4H)`, `recurrent (H, 4H)`).
fn lstm_shape(projected: &FlexTensor, recurrent: &FlexTensor) -> Option<LstmShape> {
    let (p, r) = (projected.shape(), recurrent.shape());
    let ok = projected.dtype() == DType::F32
        && recurrent.dtype() == DType::F32
        && p.num_dims() == 3
        && r.num_dims() == 2
        && r[1] == 4 * r[0]
        && p[2] == r[1];
    ok.then(|| LstmShape { batch: p[0], steps: p[1], hidden: r[0] })
}

impl SeqKernels for Flex {
    fn lstm_last_hidden(projected: FlexTensor, recurrent: FlexTensor) -> FlexTensor {
        let Some(s) = lstm_shape(&projected, &recurrent) else {
            return generic::lstm_last_hidden::<Flex>(wrap(projected), wrap(recurrent)).into_primitive().tensor();
        };
        let (projected, recurrent) = (contiguous(projected), contiguous(recurrent));
        let out = cpu::lstm::lstm_forward(s, values(&projected), values(&recurrent));
        f32_tensor(out, [s.batch, s.hidden])
    }

    fn lstm_last_hidden_backward(
        projected: FlexTensor,
        recurrent: FlexTensor,
        grad: FlexTensor,
    ) -> (FlexTensor, FlexTensor) {
        let fast = lstm_shape(&projected, &recurrent)
            .filter(|s| grad.dtype() == DType::F32 && grad.shape().as_slice() == [s.batch, s.hidden]);
        let Some(s) = fast else {
            let (dp, dr) = generic::lstm_last_hidden_backward::<Flex>(wrap(projected), wrap(recurrent), wrap(grad));
            return (dp.into_primitive().tensor(), dr.into_primitive().tensor());
        };
        let (projected, recurrent, grad) = (contiguous(projected), contiguous(recurrent), contiguous(grad));
        let (dp, dr) = cpu::lstm::lstm_backward(s, values(&projected), values(&recurrent), values(&grad));
        (f32_tensor(dp, [s.batch, s.steps, 4 * s.hidden]), f32_tensor(dr, [s.hidden, 4 * s.hidden]))
    }

    fn conv_pool(x: FlexTensor, weight: FlexTensor, bias: FlexTensor, options: ConvPoolOptions) -> FlexTensor {
        match forward(x, weight, bias, options, false) {
            Ok((out, _)) => out,
            Err([x, w, b]) => generic::conv_pool::<Flex>(wrap(x), wrap(w), wrap(b), options).into_primitive().tensor(),
        }
    }

    fn conv_pool_with_argmax(
        x: FlexTensor,
        weight: FlexTensor,
        bias: FlexTensor,
        options: ConvPoolOptions,
    ) -> (FlexTensor, FlexTensor) {
        match forward(x, weight, bias, options, true) {
            Ok((out, Some(argmax))) => (out, argmax),
            Ok((_, None)) => unreachable!("argmax requested"),
            Err([x, w, b]) => {
                let (out, argmax) = generic::conv_pool_with_argmax::<Flex>(wrap(x), wrap(w), wrap(b), options);
                (out.into_primitive().tensor(), argmax.into_primitive())
            }
        }
    }

    fn conv_pool_backward(
        x: FlexTensor,
        weight: FlexTensor,
        argmax: FlexTensor,
        grad: FlexTensor,
        options: ConvPoolOptions,
        wanted: GradsWanted,
    ) -> ConvPoolGrads<Flex> {
        let fast = fast_shape(&x, &weight, &options).filter(|s| {
            let want = [s.batch, s.filters, s.pooled_length(&options)];
            argmax.dtype() == DType::I32
                && grad.dtype() == DType::F32
                && argmax.shape().as_slice() == want
                && grad.shape().as_slice() == want
        });
        let Some(s) = fast else {
            let argmax = Tensor::<Flex, 3, Int>::from_primitive(argmax);
            let (dx, dw, db) =
                generic::conv_pool_backward::<Flex>(wrap(x), wrap(weight), argmax, wrap(grad), options, wanted);
            return ConvPoolGrads {
                x: dx.map(|t| t.into_primitive().tensor()),
                weight: dw.map(|t| t.into_primitive().tensor()),
                bias: db.map(|t| t.into_primitive().tensor()),
            };
        };
        let (x, weight, argmax, grad) = (contiguous(x), contiguous(weight), contiguous(argmax), contiguous(grad));
        let arg = argmax.as_slice::<i32>().expect("contiguous i32 tensor");
        let (dx, dw, db) = cpu::conv_pool_backward(s, options, values(&x), values(&weight), arg, values(&grad), wanted);
        ConvPoolGrads {
            x: dx.map(|v| f32_tensor(v, [s.batch, s.channels, s.length])),
            weight: dw.map(|v| f32_tensor(v, [s.filters, s.channels, s.width])),
            bias: db.map(|v| f32_tensor(v, [s.filters])),
        }
    }
}
