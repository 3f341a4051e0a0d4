//! The dependency rules of docs/architecture.md, checked against each crate's Cargo.toml.

use seqdl_tests::project_root;

/// Names of the (normal, non-dev) dependencies of a workspace crate.
fn dependencies_of(crate_dir: &str) -> Vec<String> {
    let path = project_root().join(crate_dir).join("Cargo.toml");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let manifest: toml::Table = text.parse().unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    manifest.get("dependencies").and_then(|d| d.as_table()).map(|t| t.keys().cloned().collect()).unwrap_or_default()
}

fn assert_never_depends(crate_dir: &str, forbidden: &[&str]) {
    let deps = dependencies_of(crate_dir);
    for f in forbidden {
        assert!(!deps.iter().any(|d| d == f), "{crate_dir} must never depend on {f} (docs/architecture.md); it has {deps:?}");
    }
}

#[test]
fn seq_io_is_a_foundation_without_burn_or_plotting() {
    assert_never_depends("crates/seq-io", &["burn", "plotters", "image", "seq-sim", "seq-models", "seq-train", "seq-interpret", "seq-plot"]);
}

#[test]
fn seq_sim_uses_only_seq_io() {
    assert_never_depends("crates/seq-sim", &["burn", "plotters", "seq-models", "seq-train", "seq-interpret", "seq-plot"]);
}

#[test]
fn seq_plot_depends_on_no_seqdl_crate_and_no_system_fonts() {
    assert_never_depends("crates/seq-plot", &["burn", "seq-io", "seq-sim", "seq-models", "seq-train", "seq-interpret", "font-kit"]);
    let text = std::fs::read_to_string(project_root().join("Cargo.toml")).expect("workspace Cargo.toml");
    let manifest: toml::Table = text.parse().expect("workspace Cargo.toml parses");
    let plotters = &manifest["workspace"]["dependencies"]["plotters"];
    assert_eq!(plotters.get("default-features").and_then(|v| v.as_bool()), Some(false), "plotters' default features pull in font-kit (system fontconfig)");
    let features: Vec<&str> = plotters["features"].as_array().expect("features").iter().filter_map(|v| v.as_str()).collect();
    assert!(!features.contains(&"ttf"), "the ttf feature needs system fonts");
}

#[test]
fn models_never_depend_on_training_or_interpretation() {
    assert_never_depends("crates/seq-models", &["seq-train", "seq-interpret"]);
}

#[test]
fn training_never_depends_on_interpretation_or_simulation() {
    assert_never_depends("crates/seq-train", &["seq-interpret", "seq-sim"]);
}

#[test]
fn interpretation_stands_alone_without_training_or_simulation() {
    assert_never_depends("crates/seq-interpret", &["seq-train", "seq-sim", "seq-models"]);
}

#[test]
fn patterns_depend_on_seq_io_only() {
    assert_never_depends("crates/seq-patterns", &["burn", "plotters", "image", "seq-sim", "seq-models", "seq-train", "seq-interpret", "seq-plot", "seqdl"]);
}

#[test]
fn burn_is_pinned_to_0_21_0() {
    let text = std::fs::read_to_string(project_root().join("Cargo.toml")).expect("workspace Cargo.toml");
    let manifest: toml::Table = text.parse().expect("workspace Cargo.toml parses");
    let burn = &manifest["workspace"]["dependencies"]["burn"];
    assert_eq!(burn["version"].as_str(), Some("=0.21.0"));
    assert!(burn.get("default-features").is_none(), "keep burn's default features (SIMD, threads)");
    let hdf5 = &manifest["workspace"]["dependencies"]["hdf5-pure"];
    assert!(hdf5["version"].as_str().is_some_and(|v| v.starts_with('=')), "hdf5-pure must be pinned to an exact version");
}
