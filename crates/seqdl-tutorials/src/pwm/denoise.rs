//! The denoiser half of tutorial 3: 20 reads of a random 220-nt template with the seed's error rates
//! (insertions 0.05, deletions 0.05, substitutions 0.01), recovered by the seed's greedy next-symbol LSTM, by
//! seqdl's star-alignment vote consensus and by seqdl's learned stack model; identity to the template for
//! each, and the consensus methods over further held-out templates.

use super::super::{Check, Context, Threshold, TutorialReport};
use crate::backend::Train;
use crate::{Error, Result};
use seq_models::denoiser::{greedy_decode, identity, learned_consensus, vote_consensus, ConsensusConfig, DenoiseError};
use seq_plot::{draw_bar_plot, BarOptions};
use seq_sim::{random_template, simulate_reads, ErrorRates};
use seq_train::denoise::{
    train_next_symbol, train_stack_model, DenoiseTrainConfig, NextSymbolTrainConfig, StackExample, StackTrainConfig,
};
use serde_json::json;

/// The seed's template length.
pub const TEMPLATE_LEN: usize = 220;
/// The seed's number of reads per template.
pub const N_READS: usize = 20;
/// Epochs of the seed's next-symbol network in a full run: the seed's 100 (≈ 0.6 s per epoch on two cores with
/// the LSTM kernel of seq-kernels).
pub const GREEDY_EPOCHS: usize = 100;
/// Epochs the seed trains its next-symbol network.
pub const SEED_GREEDY_EPOCHS: usize = 100;
/// The seed's template, as its notebook printed it.
pub const ORIGINAL_TEMPLATE: &str = "GTTTCCCTCTGGACTGTCGTTGACCGGTAACCGATGATTGCCTGAAGCGTGGGCCAATGATCCGACCAGAGCGACGCCTATAAAGTGAGCAGAAGTTGGTCCGCTTTTTCTGTCGGACCGAGGGTTATTCTTTGGCAGCTTAATCTCTGACATGTCCAATACGACTGTAAATATTGATACATAATACATCCGCGTACTAGGGCAGGCTTACGTACCGTAC";
/// What the seed's greedy decoder printed for it.
pub const ORIGINAL_GREEDY: &str = "<TTTTTCCGTGTAC>";

/// Runs the denoiser comparison, adds its checks, figure and notes, and returns its numbers.
pub(super) fn run(ctx: &Context, report: &mut TutorialReport) -> Result<serde_json::Value> {
    let device = Default::default();
    let (template, reads) = simulated(ctx.seed + 20)?;
    let raw: Vec<f64> = reads.iter().map(|r| identity(&template, r)).collect();

    let greedy_epochs = ctx.size(GREEDY_EPOCHS, 3);
    let next_symbol = NextSymbolTrainConfig {
        train: DenoiseTrainConfig { epochs: greedy_epochs, seed: ctx.seed + 21, ..DenoiseTrainConfig::default() },
        ..NextSymbolTrainConfig::default()
    };
    let bar = ctx.progress(1, "seed denoiser: next-symbol LSTM");
    let trained = train_next_symbol::<Train>(&reads, &next_symbol, &device).map_err(denoise_error)?;
    bar.finish_and_clear();
    let decoded = greedy_decode(&trained.model, TEMPLATE_LEN, &device);
    let greedy_bases: Vec<u8> = decoded.iter().copied().filter(|b| b"ACGT".contains(b)).collect();
    let greedy = identity(&template, &greedy_bases);

    let consensus = ConsensusConfig::default();
    let vote = identity(&template, &vote_consensus(&reads, &consensus).map_err(denoise_error)?);

    let n_train = ctx.size(40, 10);
    let mut stack_config = StackTrainConfig::default();
    stack_config.train.seed = ctx.seed + 22;
    stack_config.train.epochs = ctx.size(stack_config.train.epochs, 10);
    let bar = ctx.progress(n_train as u64, "simulating stack-model training data");
    let examples = (0..n_train as u64)
        .map(|k| {
            bar.inc(1);
            simulated(ctx.seed + 1000 + k).map(|(template, reads)| StackExample { reads, template })
        })
        .collect::<Result<Vec<_>>>()?;
    bar.finish_and_clear();
    let stack = train_stack_model::<Train>(&examples, &stack_config, &device).map_err(denoise_error)?;
    let learned_of = |reads: &[Vec<u8>], template: &[u8]| -> Result<f64> {
        let recovered =
            learned_consensus(&stack.model, reads, &stack_config.consensus, &device).map_err(denoise_error)?;
        Ok(identity(template, &recovered))
    };
    let learned = learned_of(&reads, &template)?;

    // The consensus methods on held-out templates (the first one is the template above).
    let n_eval = ctx.size(20, 5);
    let (mut read_ids, mut vote_ids, mut learned_ids) = (vec![mean(&raw)], vec![vote], vec![learned]);
    let bar = ctx.progress(n_eval as u64 - 1, "consensus on held-out templates");
    for k in 1..n_eval as u64 {
        let (t, r) = simulated(ctx.seed + 2000 + k)?;
        read_ids.push(mean(&r.iter().map(|x| identity(&t, x)).collect::<Vec<_>>()));
        vote_ids.push(identity(&t, &vote_consensus(&r, &consensus).map_err(denoise_error)?));
        learned_ids.push(learned_of(&r, &t)?);
        bar.inc(1);
    }
    bar.finish_and_clear();

    let random = identity(&template, &random_template(TEMPLATE_LEN, &mut seq_sim::rng(ctx.seed + 23)));
    let figure = ctx.out("denoiser_identity.png");
    let bars = [random, greedy, mean(&raw), vote, learned];
    let opts = BarOptions {
        title: format!("{N_READS} reads of a {TEMPLATE_LEN}-nt template: identity per method (orange: seqdl)"),
        x_label: "1 random · 2 seed greedy LSTM · 3 mean single read · 4 vote · 5 learned consensus".into(),
        y_label: "identity to the template".into(),
        start_position: 1,
        width_px: 1500,
        height_px: 760,
        ..Default::default()
    };
    draw_bar_plot(&figure, &bars.map(|v| v as f32), &[(3, 5)], &opts)?;
    report.figure(
        ctx,
        format!(
            "Identity to the template of each method on the tutorial's setting (pi = pd = 0.05, ps = 0.01); over {n_eval} \
             templates the vote averages \
             {:.4} and the learned consensus {:.4}",
            mean(&vote_ids),
            mean(&learned_ids)
        ),
        &figure,
    );

    let original_greedy = identity(ORIGINAL_TEMPLATE.as_bytes(), ORIGINAL_GREEDY.trim_matches(['<', '>']).as_bytes());
    let (vote_floor, learned_floor) = if ctx.quick { (0.97, 0.95) } else { (0.99, 0.99) };
    report.checks.push(Check::info(
        "seed greedy LSTM decoder: identity to the template",
        greedy,
        format!("{original_greedy:.3} (decoded {ORIGINAL_GREEDY})"),
    ));
    report.checks.push(Check::info("baseline: a random 220-nt sequence", random, ""));
    report.checks.push(Check::info("mean single-read identity", mean(&raw), ""));
    report.checks.push(Check::new(
        "vote consensus: identity to the template",
        vote,
        "— (seqdl's method)",
        Threshold::AtLeast(vote_floor),
    ));
    report.checks.push(Check::new(
        "learned stack consensus: identity to the template",
        learned,
        "— (seqdl's method)",
        Threshold::AtLeast(learned_floor),
    ));
    report.checks.push(Check::info(
        format!("vote consensus: mean identity over {n_eval} templates"),
        mean(&vote_ids),
        "",
    ));
    report.checks.push(Check::info(
        format!("learned consensus: mean identity over {n_eval} templates"),
        mean(&learned_ids),
        "",
    ));
    report.notes.push(format!(
        "Greedy decoding as in the seed: start at '<', append the most probable next symbol given the last 50, stop at \
         '>' or {TEMPLATE_LEN} symbols; it produced {} bases ({}…). The original's {:.3} is its printed output aligned \
         to its printed template with the same identity (matching template bases / {TEMPLATE_LEN}). Extra letters cost \
         nothing in that identity, so unrelated sequences score well above 0 (a random 220-nt sequence: {random:.3}): \
         read the greedy number against that baseline.",
        greedy_bases.len(),
        String::from_utf8_lossy(&decoded[..decoded.len().min(24)]),
        original_greedy
    ));
    report.notes.push(format!(
        "The learned stack model was trained on {n_train} other simulated templates ({} epochs); the vote consensus needs \
         no training (3 rounds of star alignment and a majority vote per column).",
        stack_config.train.epochs
    ));
    report.notes.push(format!(
        "The next-symbol LSTM trains {greedy_epochs} epochs (the seed: {SEED_GREEDY_EPOCHS}); its training loss went \
         from {:.3} to {:.3} (uniform guessing over 6 symbols is {:.3}).",
        trained.losses.first().copied().unwrap_or(f64::NAN),
        trained.losses.last().copied().unwrap_or(f64::NAN),
        (6.0f64).ln()
    ));
    if ctx.quick {
        report.notes.push("Quick run: consensus thresholds lowered to vote ≥ 0.97 and learned ≥ 0.95.".to_string());
    }
    Ok(json!({
        "template": String::from_utf8_lossy(&template), "reads": reads.len(),
        "greedy": { "epochs": greedy_epochs, "losses": trained.losses, "decoded": String::from_utf8_lossy(&decoded), "identity": greedy },
        "original_greedy_identity": original_greedy,
        "read_identities": raw, "random_identity": random, "vote_identity": vote, "learned_identity": learned,
        "stack_training": { "templates": n_train, "losses": stack.losses },
        "held_out": { "mean_read": read_ids, "vote": vote_ids, "learned": learned_ids },
    }))
}

/// A template and its reads (bare A/C/G/T, no markers) from one seed.
fn simulated(seed: u64) -> Result<(Vec<u8>, Vec<Vec<u8>>)> {
    let mut rng = seq_sim::rng(seed);
    let template = random_template(TEMPLATE_LEN, &mut rng);
    let reads = simulate_reads(&template, N_READS, &ErrorRates::default(), false, &mut rng)?;
    Ok((template, reads.into_iter().map(|r| r.seq).collect()))
}

fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len().max(1) as f64
}

/// The denoiser's error, kept as the source of the tutorial's error (through seq-models' error).
fn denoise_error(e: DenoiseError) -> Error {
    Error::Model(seq_models::ModelError::Denoise(e))
}
