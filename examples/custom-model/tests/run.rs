//! The custom model goes through seqdl's pipelines and learns the planted motif, the same way from the
//! same seed. (One test: burn's initialisers share the backend's generator, so two trainings in parallel
//! threads would interleave their draws.)

#[test]
fn a_custom_burn_model_trains_reloads_evaluates_and_is_explained_by_seqdl() {
    let dir = tempfile::tempdir().unwrap();
    let o = seqdl_example_custom_model::run(dir.path()).unwrap();
    assert!(o.auroc > 0.95, "test auROC {}", o.auroc);
    assert_eq!(o.reload_max_abs_diff, 0.0, "the model folder round-trips exactly");
    assert!(o.ism_peak_in_motif > 0.8, "ISM peak in motif for {:.2} of positives", o.ism_peak_in_motif);
    let json = std::fs::read_to_string(dir.path().join("model/model.json")).unwrap();
    assert!(json.contains("\"kind\": \"example-scanner\"") && json.contains("\"format_version\": 2"), "{json}");

    let again = tempfile::tempdir().unwrap();
    let o2 = seqdl_example_custom_model::run(again.path()).unwrap();
    assert_eq!(o.auroc, o2.auroc, "same seed, same model");
    assert!(o.ism == o2.ism, "same seed, same ISM map");
}
