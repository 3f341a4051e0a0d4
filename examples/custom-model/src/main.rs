//! Trains, reloads, evaluates and explains the example scanner in a temporary folder and prints the numbers.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::temp_dir().join(format!("seqdl-custom-model-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let o = seqdl_example_custom_model::run(&dir)?;
    println!(
        "test auROC {:.3}; reloaded model max |Δ logit| {:.1e}; ISM peak inside GATAAG in {:.0}% of positives",
        o.auroc,
        o.reload_max_abs_diff,
        100.0 * o.ism_peak_in_motif
    );
    println!("model folder: {}", dir.join("model").display());
    Ok(())
}
