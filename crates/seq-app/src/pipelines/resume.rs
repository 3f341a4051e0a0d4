//! `seqdl train --resume` continues only the same run: the folder's architecture, training data, optimizer
//! and batch settings must be this run's, and a refusal says which setting differs and how.

use seq_io::Dataset;
use seq_models::CnnConfig;
use seq_train::{FitConfig, OptimizerConfig};
use serde_json::Value;

use super::train::data_hash;
use crate::error::{AppError, Result};
use crate::model_dir::ModelDir;

/// Refuses `--resume` when the folder's run differs from this one (architecture, data, optimizer, batch
/// size or seed), naming the first difference.
pub(crate) fn check_resume(
    dir: &ModelDir,
    config: &CnnConfig,
    train: &Dataset,
    optimizer: &OptimizerConfig,
    fit: &FitConfig,
) -> Result<()> {
    let last = dir.file(seq_train::fit::LAST_CHECKPOINT);
    if !last.exists() {
        return Err(AppError::option(
            "--resume",
            format!("{} holds no checkpoint to resume ({} is missing)", dir.path().display(), last.display()),
        ));
    }
    let folder = dir.path().display();
    let now = serde_json::to_value(config).unwrap_or(Value::Null);
    let (_, config_path) = dir.model_files();
    let record = dir.training_record()?;
    let saved = if config_path.exists() {
        let saved: CnnConfig = seq_models::persist::load_config(&dir.file(crate::model_dir::MODEL_FILE), "cnn")?;
        Some(serde_json::to_value(saved).unwrap_or(Value::Null))
    } else {
        record.as_ref().and_then(|r| r.model_config.clone())
    };
    if let Some((at, was, is)) = saved.as_ref().and_then(|saved| first_difference(saved, &now, "")) {
        let name = record.as_ref().map_or_else(String::new, |r| format!(" ({})", r.architecture));
        return Err(AppError::option(
            "--resume",
            format!("{folder} holds another architecture{name} than --model gives: {at}: {was} there, {is} now"),
        ));
    }
    let Some(record) = record else { return Ok(()) };
    let differs = |what: &str, a: String, b: String| {
        AppError::option("--resume", format!("{folder} was trained with {what} {a}; this run has {b}"))
    };
    let hash = data_hash(train);
    if record.data_hash.as_deref().is_some_and(|h| h != hash) {
        return Err(differs("other training data: content hash", record.data_hash.unwrap_or_default(), hash));
    }
    let (was, is) = (serde_json::to_value(&record.optimizer), serde_json::to_value(optimizer));
    if let (Ok(was), Ok(is)) = (was, is) {
        if let Some((at, a, b)) = first_difference(&was, &is, "") {
            return Err(differs(&format!("another optimizer: {at}"), a, b));
        }
    }
    if record.fit.batch_size != fit.batch_size || record.fit.seed != fit.seed {
        return Err(differs(
            "batch size / seed",
            format!("{}/{}", record.fit.batch_size, record.fit.seed),
            format!("{}/{}", fit.batch_size, fit.seed),
        ));
    }
    Ok(())
}

/// Fields compared first (a change of layers says more than the initialiser that comes with it).
const FIRST: [&str; 7] = ["kind", "features", "dense", "outputs", "head", "input_length", "lr"];

/// The first place where two JSON values differ: its path (`features[1].width`) and both values; in an
/// object the fields of [`FIRST`] come first, and the path names the other top-level fields that differ.
pub(crate) fn first_difference(a: &Value, b: &Value, at: &str) -> Option<(String, String, String)> {
    let (Value::Object(x), Value::Object(y)) = (a, b) else { return difference(a, b, at) };
    let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
    keys.sort_by_key(|k| (FIRST.iter().position(|f| f == k).unwrap_or(FIRST.len()), k.as_str()));
    keys.dedup();
    let field = |k: &String| x.get(k).unwrap_or(&Value::Null);
    let differing: Vec<&String> = keys.into_iter().filter(|k| field(k) != y.get(*k).unwrap_or(&Value::Null)).collect();
    let (first, others) = differing.split_first()?;
    let path = if at.is_empty() { (*first).clone() } else { format!("{at}.{first}") };
    let (place, was, is) = difference(field(first), y.get(*first).unwrap_or(&Value::Null), &path)?;
    let place = match others {
        [] => place,
        _ => format!("{place} (also {})", others.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(", ")),
    };
    Some((place, was, is))
}

fn difference(a: &Value, b: &Value, at: &str) -> Option<(String, String, String)> {
    let here = || if at.is_empty() { "the configuration".to_string() } else { at.to_string() };
    match (a, b) {
        (Value::Object(_), Value::Object(_)) => first_difference(a, b, at),
        (Value::Array(x), Value::Array(y)) if x.len() != y.len() => {
            Some((format!("{} (number of entries)", here()), x.len().to_string(), y.len().to_string()))
        }
        (Value::Array(x), Value::Array(y)) => {
            x.iter().zip(y).enumerate().find_map(|(i, (p, q))| difference(p, q, &format!("{at}[{i}]")))
        }
        _ if a == b => None,
        _ => Some((here(), a.to_string(), b.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_difference_names_its_path() {
        let a = serde_json::json!({"features": [{"width": 19}, {"width": 25}], "outputs": 1});
        let b = serde_json::json!({"features": [{"width": 19}, {"width": 10}], "outputs": 1});
        assert_eq!(first_difference(&a, &b, ""), Some(("features[1].width".into(), "25".into(), "10".into())));
        let c = serde_json::json!({"features": [{"width": 19}], "outputs": 2, "conv_init": "x"});
        let (at, was, is) = first_difference(&a, &c, "").unwrap();
        assert_eq!(
            (at.as_str(), was.as_str(), is.as_str()),
            ("features (number of entries) (also outputs, conv_init)", "2", "1")
        );
        assert_eq!(first_difference(&a, &a, ""), None);
    }
}
