//! seq_train::metrics against scikit-learn/scipy (fixtures made by crates/seq-train/tests/scripts/make_metrics_fixtures.py
//! on fixed inputs with ties) plus properties a wrong implementation would break.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use seq_train::metrics::{
    self, tasks, ClassificationReport, MetricError, MultiTaskClassificationReport, RegressionReport,
};
use serde_json::Value;

const TOL: f64 = 1e-9;

fn fixtures() -> Value {
    let path = seq_testkit::project_root().join("crates/seq-train/tests/fixtures/metrics/metrics.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).expect("valid fixture JSON")
}

fn f32s(v: &Value) -> Vec<f32> {
    v.as_array().expect("array").iter().map(|x| x.as_f64().expect("number") as f32).collect()
}

fn f64s(v: &Value) -> Vec<f64> {
    v.as_array().expect("array").iter().map(|x| x.as_f64().expect("number")).collect()
}

fn usizes(v: &Value) -> Vec<usize> {
    v.as_array().expect("array").iter().map(|x| x.as_u64().expect("integer") as usize).collect()
}

fn close(what: &str, got: f64, want: f64) {
    assert!((got - want).abs() <= TOL, "{what}: got {got}, scikit-learn/scipy {want}");
}

fn close_all(what: &str, got: &[f64], want: &[f64]) {
    assert_eq!(got.len(), want.len(), "{what}: length");
    for (i, (&g, &w)) in got.iter().zip(want).enumerate() {
        close(&format!("{what}[{i}]"), g, w);
    }
}

#[test]
fn fixture_records_the_reference_versions() {
    let fx = fixtures();
    let sklearn = fx["versions"]["scikit-learn"].as_str().expect("scikit-learn version");
    let mut parts = sklearn.split('.').map(|p| p.parse::<u32>().expect("numeric version"));
    let (major, minor) = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
    assert!((major, minor) >= (1, 1), "fixtures need sklearn >= 1.1 PR-curve semantics, got {sklearn}");
    assert!(fx["versions"]["scipy"].is_string() && fx["versions"]["numpy"].is_string());
    assert!(fx["binary_cases"].as_array().expect("cases").len() >= 9);
}

#[test]
fn binary_metrics_match_sklearn_on_tied_inputs() {
    let fx = fixtures();
    let fdrs = f64s(&fx["fdrs"]);
    for case in fx["binary_cases"].as_array().expect("cases") {
        let name = case["name"].as_str().expect("name");
        let (y, p, e) = (f32s(&case["y_true"]), f32s(&case["y_prob"]), &case["expected"]);
        let at = |m: &str| format!("{name}: {m}");
        close(&at("accuracy"), metrics::accuracy(&y, &p, 0.5), e["accuracy_at_0_5"].as_f64().expect("acc"));
        close(
            &at("balanced accuracy"),
            metrics::balanced_accuracy(&y, &p),
            e["balanced_accuracy"].as_f64().expect("ba"),
        );
        close(&at("auROC"), metrics::roc_auc(&y, &p).expect("auROC"), e["roc_auc"].as_f64().expect("auroc"));
        let (precision, recall, thresholds) = metrics::precision_recall_curve(&y, &p);
        close_all(&at("precision"), &precision, &f64s(&e["precision"]));
        close_all(&at("recall"), &recall, &f64s(&e["recall"]));
        close_all(&at("thresholds"), &thresholds, &f64s(&e["thresholds"]));
        close(
            &at("auPRC"),
            metrics::pr_auc_trapezoid(&y, &p).expect("auPRC"),
            e["pr_auc_trapezoid"].as_f64().expect("auprc"),
        );
        close(&at("AP"), metrics::average_precision(&y, &p).expect("AP"), e["average_precision"].as_f64().expect("ap"));
        close(&at("log loss"), metrics::log_loss(&y, &p).expect("loss"), e["log_loss"].as_f64().expect("loss"));
        for (&fdr, want) in fdrs.iter().zip(f64s(&e["recall_at_fdr"])) {
            close(&at(&format!("recall at {fdr} FDR")), metrics::recall_at_fdr(&y, &p, fdr), want);
        }
        let report = ClassificationReport::compute(&y, &p).expect("report");
        close(&at("report auROC"), report.auroc, e["roc_auc"].as_f64().expect("auroc"));
        close(&at("report auPRC"), report.auprc, e["pr_auc_trapezoid"].as_f64().expect("auprc"));
        let recalls = f64s(&e["recall_at_fdr"]);
        let got = [report.recall_at_5_fdr, report.recall_at_10_fdr, report.recall_at_20_fdr];
        close_all(&at("report recall at 5|10|20% FDR"), &got, &recalls);
        close(&at("report AP"), report.average_precision, e["average_precision"].as_f64().expect("ap"));
        close(&at("report loss"), report.loss, e["log_loss"].as_f64().expect("loss"));
        close(&at("report balanced accuracy"), report.balanced_accuracy, e["balanced_accuracy"].as_f64().expect("ba"));
        assert_eq!(report.num_positives, e["num_positives"].as_u64().expect("P"), "{name}");
        assert_eq!(report.num_negatives, e["num_negatives"].as_u64().expect("N"), "{name}");
    }
}

#[test]
fn recall_at_fdr_reproduces_dragonns_binary_search_not_its_intent() {
    let fx = fixtures();
    let case = fx["binary_cases"]
        .as_array()
        .expect("cases")
        .iter()
        .find(|c| c["name"] == "hand_unsorted_precision")
        .expect("unsorted-precision case");
    let (y, p) = (f32s(&case["y_true"]), f32s(&case["y_prob"]));
    let (dragonn, intended) =
        (f64s(&case["expected"]["recall_at_fdr"]), f64s(&case["expected"]["intended_recall_at_fdr"]));
    assert_ne!(dragonn, intended, "the case must separate the two rules");
    let ours: Vec<f64> = [0.05, 0.1, 0.2].iter().map(|&f| metrics::recall_at_fdr(&y, &p, f)).collect();
    close_all("recall at FDR", &ours, &dragonn);
    // searchsorted on a sorted array is the first index with a[i] >= v
    let sorted = [-0.3, -0.1, 0.0, 0.0, 0.2];
    assert_eq!(metrics::searchsorted_left(&sorted, 0.0), sorted.partition_point(|&a| a < 0.0));
    assert_eq!(metrics::searchsorted_left(&[], 0.0), 0);
    // unsorted: mid = 2 is negative, so the loop moves right past the non-negative a[0]
    assert_eq!(metrics::searchsorted_left(&[0.5, -1.0, -1.0, 0.1, 0.2], 0.0), 3);
}

#[test]
fn regression_metrics_match_scipy() {
    let fx = fixtures();
    for case in fx["regression_cases"].as_array().expect("cases") {
        let name = case["name"].as_str().expect("name");
        let (t, p, e) = (f32s(&case["y_true"]), f32s(&case["y_pred"]), &case["expected"]);
        let report = RegressionReport::compute(&t, &p).expect("report");
        close(&format!("{name}: mse"), report.mse, e["mse"].as_f64().expect("mse"));
        close(&format!("{name}: pearson"), report.pearson, e["pearson"].as_f64().expect("r"));
        close(&format!("{name}: spearman"), report.spearman, e["spearman"].as_f64().expect("rho"));
        close(&format!("{name}: spearman fn"), metrics::spearman(&t, &p).expect("rho"), report.spearman);
    }
}

#[test]
fn confusion_matrix_matches_sklearn() {
    let fx = fixtures();
    for case in fx["confusion_cases"].as_array().expect("cases") {
        let n = case["n_classes"].as_u64().expect("n") as usize;
        let got = metrics::confusion_matrix(&usizes(&case["y_true"]), &usizes(&case["y_pred"]), n);
        let want: Vec<Vec<u64>> = case["expected"]
            .as_array()
            .expect("rows")
            .iter()
            .map(|r| usizes(r).into_iter().map(|v| v as u64).collect())
            .collect();
        assert_eq!(got, want, "{}", case["name"]);
    }
    assert_eq!(metrics::argmax_classes(&[0.1, 0.7, 0.2, 0.5, 0.5, 0.0], 3), vec![1, 0]);
    assert_eq!(metrics::threshold_classes(&[0.2, 0.5, 0.51], 0.5), vec![0, 0, 1]);
}

#[test]
fn multitask_helpers_match_sklearn_per_column() {
    let fx = fixtures();
    let case = &fx["multitask_cases"][0];
    let n_tasks = case["n_tasks"].as_u64().expect("T") as usize;
    let (y, p, e) = (f32s(&case["y_true"]), f32s(&case["y_prob"]), &case["expected"]);
    let auroc = tasks::try_per_task(&y, &p, n_tasks, metrics::roc_auc).expect("auROC per task");
    close_all("auROC per task", &auroc, &f64s(&e["roc_auc"]));
    let report = MultiTaskClassificationReport::compute(&y, &p, n_tasks).expect("report");
    let auprc: Vec<f64> = report.tasks.iter().map(|r| r.auprc).collect();
    close_all("auPRC per task", &auprc, &f64s(&e["pr_auc_trapezoid"]));
    let loss: Vec<f64> = report.tasks.iter().map(|r| r.loss).collect();
    close_all("loss per task", &loss, &f64s(&e["log_loss"]));
    let recall5: Vec<f64> = report.tasks.iter().map(|r| r.recall_at_5_fdr).collect();
    let want5: Vec<f64> = e["recall_at_fdr"].as_array().expect("rows").iter().map(|r| f64s(r)[0]).collect();
    close_all("recall at 5% FDR per task", &recall5, &want5);
    let text = report.to_string();
    assert!(text.starts_with("Task 0: Loss: ") && text.contains("\nTask 2: Loss: "), "{text}");
    close("mean over tasks", tasks::mean_finite(&auroc), auroc.iter().sum::<f64>() / 3.0);
}

/// Scores with ties: two decimals, the positives shifted up by `shift`.
fn random_case(seed: u64, n: usize, shift: f64) -> (Vec<f32>, Vec<f32>) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let y: Vec<f32> = (0..n).map(|_| if rng.random_bool(0.4) { 1.0 } else { 0.0 }).collect();
    let p = y
        .iter()
        .map(|&l| {
            let s: f64 = rng.random::<f64>() * (1.0 - shift) + shift * f64::from(l);
            ((s * 100.0).round() / 100.0) as f32
        })
        .collect();
    (y, p)
}

#[test]
fn auroc_equals_pairwise_mann_whitney_with_half_ties() {
    for seed in 0..5 {
        let (y, p) = random_case(seed, 300, 0.3);
        let (mut wins, mut pairs) = (0.0, 0.0);
        for (i, _) in y.iter().enumerate().filter(|(_, &l)| l == 1.0) {
            for (j, _) in y.iter().enumerate().filter(|(_, &l)| l == 0.0) {
                pairs += 1.0;
                wins += if p[i] > p[j] {
                    1.0
                } else if p[i] == p[j] {
                    0.5
                } else {
                    0.0
                };
            }
        }
        close("auROC vs Mann-Whitney", metrics::roc_auc(&y, &p).expect("auROC"), wins / pairs);
    }
}

#[test]
fn ranking_properties() {
    let y = [0.0, 0.0, 1.0, 0.0, 1.0, 1.0];
    let perfect = [0.1, 0.2, 0.7, 0.3, 0.8, 0.9];
    let reversed: Vec<f32> = perfect.iter().map(|v| 1.0 - v).collect();
    assert_eq!(metrics::roc_auc(&y, &perfect).expect("auROC"), 1.0);
    assert_eq!(metrics::roc_auc(&y, &reversed).expect("auROC"), 0.0);
    assert_eq!(metrics::pr_auc_trapezoid(&y, &perfect).expect("auPRC"), 1.0);
    assert_eq!(metrics::average_precision(&y, &perfect).expect("AP"), 1.0);
    assert_eq!(metrics::recall_at_fdr(&y, &perfect, 0.05), 100.0);
    for seed in 10..15 {
        let (y, p) = random_case(seed, 400, 0.2);
        let auc = metrics::roc_auc(&y, &p).expect("auROC");
        let swapped: Vec<f32> = y.iter().map(|v| 1.0 - v).collect();
        close("swapped labels", metrics::roc_auc(&swapped, &p).expect("auROC"), 1.0 - auc);
        // a strictly increasing transform of the scores changes no ranking metric
        let squared: Vec<f32> = p.iter().map(|v| v * v + 0.5).collect();
        close("monotone transform", metrics::roc_auc(&y, &squared).expect("auROC"), auc);
        let (ap, ap2) = (metrics::average_precision(&y, &p), metrics::average_precision(&y, &squared));
        close("AP under monotone transform", ap.expect("AP"), ap2.expect("AP"));
        let (precision, recall, thresholds) = metrics::precision_recall_curve(&y, &p);
        assert_eq!(thresholds.len() + 1, precision.len());
        assert!(thresholds.windows(2).all(|t| t[0] < t[1]), "thresholds increase strictly");
        assert!(recall.windows(2).all(|r| r[0] >= r[1]), "recall never increases");
        assert_eq!((precision[precision.len() - 1], recall[recall.len() - 1]), (1.0, 0.0));
        assert_eq!(recall[0], 1.0, "the lowest threshold recalls every positive");
    }
}

#[test]
fn uninformative_scores_give_auroc_near_one_half() {
    // 500 + 500 records, scores independent of labels: the null sd of auROC is
    // sqrt((n1 + n0 + 1) / (12 n1 n0)) = 0.0129; allow 4.5 sd.
    let mut rng = ChaCha8Rng::seed_from_u64(42);
    let y: Vec<f32> = (0..1000).map(|i| if i % 2 == 0 { 1.0 } else { 0.0 }).collect();
    let p: Vec<f32> = (0..1000).map(|_| (rng.random::<f32>() * 100.0).round() / 100.0).collect();
    let auc = metrics::roc_auc(&y, &p).expect("auROC");
    let sd = (1001.0f64 / (12.0 * 500.0 * 500.0)).sqrt();
    assert!((auc - 0.5).abs() < 4.5 * sd, "auROC {auc} of random scores");
}

#[test]
fn threshold_metrics_use_dragonns_strict_rules() {
    let y = [1.0, 1.0, 0.0, 0.0];
    assert_eq!(metrics::balanced_accuracy(&y, &[0.5; 4]), 0.0, "0.5 is wrong for both classes");
    assert_eq!(metrics::balanced_accuracy(&y, &[0.9, 0.5, 0.5, 0.1]), 50.0);
    let one_negative_wrong = metrics::balanced_accuracy(&[1.0, 0.0, 0.0, 0.0], &[0.9, 0.1, 0.2, 0.6]);
    close("balanced accuracy", one_negative_wrong, (100.0 + 200.0 / 3.0) / 2.0);
    assert_eq!(metrics::accuracy(&y, &[0.9, 0.5, 0.5, 0.1], 0.5), 0.75);
    let p = [0.9, 0.45, 0.3, 0.1];
    assert_eq!(metrics::accuracy(&y, &p, 0.5), 0.75);
    assert_eq!(metrics::accuracy(&y, &p, 0.4), 1.0);
    assert_eq!(metrics::accuracy(&y, &p, 0.95), 0.5);
    let clipped = metrics::log_loss(&[1.0], &[0.0]).expect("loss");
    close("log loss clip", clipped, -(1e-15f64).ln());
    assert!(metrics::log_loss(&[1.0, 0.0], &[1.0, 0.0]).expect("loss") < 1e-14);
}

#[test]
fn report_prints_dragonns_line() {
    let report = ClassificationReport::compute(&[1.0, 1.0, 0.0, 0.0], &[0.9, 0.5, 0.5, 0.1]).expect("report");
    assert_eq!(
        report.to_string(),
        "Loss: 0.3993\tBalanced Accuracy: 50.00%\t auROC: 0.875\t auPRC: 0.917\n\t\
         Recall at 5%|10%|20% FDR: 50.0%|50.0%|50.0%\t Num Positives: 2\t Num Negatives: 2"
    );
    let r = RegressionReport::compute(&[1.0, 2.0, 3.0], &[2.0, 4.0, 6.0]).expect("report");
    assert_eq!(r.to_string(), "MSE: 4.6667\tPearson r: 1.000\tSpearman rho: 1.000");
}

#[test]
fn correlation_properties() {
    assert_eq!(metrics::average_ranks(&[3.0, 1.0, 3.0, 2.0]), vec![3.5, 1.0, 3.5, 2.0]);
    let x = [0.3, 1.2, -0.7, 2.5, 2.5, 0.0];
    let affine: Vec<f32> = x.iter().map(|v| 3.0 * v - 1.0).collect();
    close("pearson of affine map", metrics::pearson(&x, &affine).expect("r"), 1.0);
    let monotone: Vec<f32> = x.iter().map(|v: &f32| v.exp()).collect();
    close("spearman of monotone map", metrics::spearman(&x, &monotone).expect("rho"), 1.0);
    assert!(metrics::pearson(&[0.1, 0.1, 0.1], &[1.0, 2.0, 3.0]).expect("r").is_nan(), "constant input");
    assert_eq!(metrics::mse(&[1.0, 2.0], &[1.0, 4.0]).expect("mse"), 2.0);
}

#[test]
fn bad_input_gives_errors_naming_the_record() {
    let err = metrics::roc_auc(&[1.0, 0.0], &[0.5]).unwrap_err();
    assert!(matches!(err, MetricError::LengthMismatch { left: 2, right: 1, .. }), "{err}");
    assert!(matches!(metrics::roc_auc(&[], &[]).unwrap_err(), MetricError::TooFew { got: 0, .. }));
    let err = metrics::roc_auc(&[1.0, 0.0, 1.0], &[0.5, f32::NAN, 0.2]).unwrap_err();
    assert!(matches!(err, MetricError::NonFinite { what: "y_prob", record: 1, value } if value.is_nan()), "{err}");
    assert!(err.to_string().contains("record 1"), "{err}");
    let err = metrics::log_loss(&[1.0, 0.0, 2.0], &[0.5, 0.5, 0.5]).unwrap_err();
    assert_eq!(err, MetricError::InvalidLabel { record: 2, value: 2.0 });
    let err = metrics::roc_auc(&[1.0, 1.0], &[0.3, 0.4]).unwrap_err();
    assert!(matches!(err, MetricError::SingleClass { present: "positives", .. }), "{err}");
    assert!(matches!(metrics::pr_auc_trapezoid(&[0.0, 0.0], &[0.3, 0.4]), Err(MetricError::SingleClass { .. })));
    let err = metrics::log_loss(&[1.0, 0.0], &[0.5, 1.5]).unwrap_err();
    assert_eq!(err, MetricError::NotAProbability { record: 1, value: 1.5 });
    assert!(matches!(metrics::pearson(&[1.0], &[2.0]), Err(MetricError::TooFew { min: 2, .. })));
    assert!(matches!(
        MultiTaskClassificationReport::compute(&[1.0, 0.0, 1.0], &[0.5; 3], 2),
        Err(MetricError::BadShape { len: 3, n_tasks: 2, .. })
    ));
    // second column holds only negatives: the error names task 1
    let err = MultiTaskClassificationReport::compute(&[1.0, 0.0, 0.0, 0.0], &[0.9, 0.2, 0.1, 0.3], 2).unwrap_err();
    assert!(matches!(err, MetricError::InTask { task: 1, .. }), "{err}");
    assert!(err.to_string().starts_with("task 1: "), "{err}");
    // the bare-f64 metrics signal bad input with NaN instead of a wrong number
    assert!(metrics::accuracy(&[1.0, 0.0], &[0.9], 0.5).is_nan());
    assert!(metrics::balanced_accuracy(&[1.0, 1.0], &[0.9, 0.8]).is_nan(), "no negative");
    assert!(metrics::recall_at_fdr(&[1.0, 3.0], &[0.9, 0.8], 0.1).is_nan());
    assert!(metrics::recall_at_fdr(&[1.0, 0.0], &[0.9, 0.8], 1.5).is_nan());
    assert_eq!(metrics::precision_recall_curve(&[1.0], &[]), (vec![], vec![], vec![]));
}
