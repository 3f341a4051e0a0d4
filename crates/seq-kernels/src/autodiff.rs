//! [`SeqKernels`] on `Autodiff<B>`: one graph node for the fused convolution → (ReLU) → max-pool whose
//! backward is the inner backend's [`SeqKernels::conv_pool_backward`], and one for the LSTM recurrence whose
//! backward is [`SeqKernels::lstm_last_hidden_backward`] (burn 0.21's `Backward` / `OpsKind` mechanism).

use burn::backend::autodiff::checkpoint::base::Checkpointer;
use burn::backend::autodiff::checkpoint::strategy::CheckpointStrategy;
use burn::backend::autodiff::grads::Gradients;
use burn::backend::autodiff::ops::{Backward, Ops, OpsKind};
use burn::backend::Autodiff;
use burn::tensor::ops::{FloatTensor, IntTensor};

use super::{ConvPoolOptions, GradsWanted, SeqKernels};

#[derive(Debug)]
struct ConvPoolBackward;

impl<B: SeqKernels> Backward<B, 3> for ConvPoolBackward {
    type State = (FloatTensor<B>, FloatTensor<B>, IntTensor<B>, ConvPoolOptions);

    fn backward(self, ops: Ops<Self::State, 3>, grads: &mut Gradients, _checkpointer: &mut Checkpointer) {
        let [node_x, node_weight, node_bias] = ops.parents;
        let grad = grads.consume::<B>(&ops.node);
        let (x, weight, argmax, options) = ops.state;
        let wanted = GradsWanted { x: node_x.is_some(), weight: node_weight.is_some(), bias: node_bias.is_some() };
        let out = B::conv_pool_backward(x, weight, argmax, grad, options, wanted);
        for (node, grad) in [(node_x, out.x), (node_weight, out.weight), (node_bias, out.bias)] {
            if let (Some(node), Some(grad)) = (node, grad) {
                grads.register::<B>(node.id, grad);
            }
        }
    }
}

#[derive(Debug)]
struct LstmBackward;

impl<B: SeqKernels> Backward<B, 2> for LstmBackward {
    type State = (FloatTensor<B>, FloatTensor<B>);

    fn backward(self, ops: Ops<Self::State, 2>, grads: &mut Gradients, _checkpointer: &mut Checkpointer) {
        let [node_projected, node_recurrent] = ops.parents;
        let grad = grads.consume::<B>(&ops.node);
        let (projected, recurrent) = ops.state;
        let (dp, dr) = B::lstm_last_hidden_backward(projected, recurrent, grad);
        for (node, grad) in [(node_projected, dp), (node_recurrent, dr)] {
            if let Some(node) = node {
                grads.register::<B>(node.id, grad);
            }
        }
    }
}

impl<B: SeqKernels, C: CheckpointStrategy> SeqKernels for Autodiff<B, C> {
    fn lstm_last_hidden(projected: FloatTensor<Self>, recurrent: FloatTensor<Self>) -> FloatTensor<Self> {
        match LstmBackward.prepare::<C>([projected.node.clone(), recurrent.node.clone()]).compute_bound().stateful() {
            OpsKind::Tracked(prep) => {
                let out = B::lstm_last_hidden(projected.primitive.clone(), recurrent.primitive.clone());
                prep.finish((projected.primitive, recurrent.primitive), out)
            }
            OpsKind::UnTracked(prep) => prep.finish(B::lstm_last_hidden(projected.primitive, recurrent.primitive)),
        }
    }

    fn conv_pool(
        x: FloatTensor<Self>,
        weight: FloatTensor<Self>,
        bias: FloatTensor<Self>,
        options: ConvPoolOptions,
    ) -> FloatTensor<Self> {
        match ConvPoolBackward
            .prepare::<C>([x.node.clone(), weight.node.clone(), bias.node.clone()])
            .compute_bound()
            .stateful()
        {
            OpsKind::Tracked(prep) => {
                let (out, argmax) =
                    B::conv_pool_with_argmax(x.primitive.clone(), weight.primitive.clone(), bias.primitive, options);
                prep.finish((x.primitive, weight.primitive, argmax, options), out)
            }
            OpsKind::UnTracked(prep) => {
                prep.finish(B::conv_pool(x.primitive, weight.primitive, bias.primitive, options))
            }
        }
    }
}
