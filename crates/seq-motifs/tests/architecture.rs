//! seq-motifs depends on seq-io and small utility crates only: never on burn, plotting or another
//! seqdl crate (the rule stated in lib.rs).

#[test]
fn depends_only_on_seq_io_and_utilities() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml");
    let manifest: toml::Table = std::fs::read_to_string(path).unwrap().parse().unwrap();
    let mut deps: Vec<&str> = manifest["dependencies"].as_table().unwrap().keys().map(String::as_str).collect();
    deps.sort_unstable();
    assert_eq!(deps, ["rayon", "seq-io", "serde", "thiserror"]);
}
