//! Saving a run's state: the checkpoints written after every epoch, and `last.ckpt` of a run stopped within
//! an epoch (a stop request, e.g. Ctrl-C), with the error that tells how to resume it.

use super::checkpoint::{self, CheckpointMeta, BEST_CHECKPOINT, LAST_CHECKPOINT};
use super::plan::TrainingPlan;
use super::r#loop::RunState;
use crate::error::{Result, TrainError};
use burn::module::AutodiffModule;
use burn::tensor::backend::AutodiffBackend;
use seq_models::SequenceModel;

/// Writes `last.ckpt` of a run stopped after `batches` batches of `epoch` and returns the error saying so.
pub(super) fn interrupt<B, M>(
    model: &M,
    plan: &TrainingPlan,
    state: &mut RunState<B, M>,
    epoch: usize,
    batches: usize,
) -> TrainError
where
    B: AutodiffBackend,
    M: SequenceModel<B> + AutodiffModule<B>,
{
    state.batches_done = batches;
    let saved = match &plan.config.checkpoint_dir {
        Some(_) => write_last(model, plan, state, epoch - 1),
        None => Ok(()),
    };
    match saved {
        Ok(()) => interrupted(plan, epoch, batches),
        Err(e) => e,
    }
}

pub(super) fn interrupted(plan: &TrainingPlan, epoch: usize, batch: usize) -> TrainError {
    let checkpoint = plan.config.checkpoint_dir.as_ref().map_or_else(Default::default, |d| d.join(LAST_CHECKPOINT));
    tracing::info!(epoch, batch, checkpoint = %checkpoint.display(), "training interrupted");
    TrainError::Interrupted { checkpoint, epoch, batch }
}

pub(super) fn write_checkpoints<B, M>(
    model: &M,
    plan: &TrainingPlan,
    state: &RunState<B, M>,
    epoch: usize,
    improved: bool,
) -> Result<()>
where
    B: AutodiffBackend,
    M: SequenceModel<B> + AutodiffModule<B>,
{
    let Some(dir) = &plan.config.checkpoint_dir else { return Ok(()) };
    let (meta, weights, optim) = checkpoint_parts(model, plan, state, epoch)?;
    checkpoint::write_checkpoint(&dir.join(LAST_CHECKPOINT), &meta, &weights, &optim)?;
    if improved {
        checkpoint::write_checkpoint(&dir.join(BEST_CHECKPOINT), &meta, &weights, &optim)?;
    }
    state.history.write(dir)
}

/// Writes `last.ckpt` only (`epoch` completed epochs, plus `state.batches_done` batches of the next).
fn write_last<B, M>(model: &M, plan: &TrainingPlan, state: &RunState<B, M>, epoch: usize) -> Result<()>
where
    B: AutodiffBackend,
    M: SequenceModel<B> + AutodiffModule<B>,
{
    write_checkpoints(model, plan, state, epoch, false)
}

type CheckpointParts = (CheckpointMeta, Vec<u8>, Vec<u8>);

fn checkpoint_parts<B, M>(
    model: &M,
    plan: &TrainingPlan,
    state: &RunState<B, M>,
    epoch: usize,
) -> Result<CheckpointParts>
where
    B: AutodiffBackend,
    M: SequenceModel<B> + AutodiffModule<B>,
{
    let meta = CheckpointMeta {
        version: 1,
        epoch,
        iterations: state.iterations,
        optimizer: plan.optimizer.clone(),
        fit: plan.config.clone(),
        history: state.history.clone(),
        stopper: state.stopper.clone(),
        best_value: state.best_value,
        batches_done: state.batches_done,
    };
    let weights = checkpoint::model_to_bytes::<B, M>(model)?;
    let dir = plan.config.checkpoint_dir.clone().unwrap_or_default();
    let optim = state.optimizer.state_bytes().map_err(|e| TrainError::checkpoint(dir.join(LAST_CHECKPOINT), e))?;
    Ok((meta, weights, optim))
}
