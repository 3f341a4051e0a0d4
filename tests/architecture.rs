//! The dependency rules of docs/architecture.md, checked against each crate's Cargo.toml, and the rule that
//! no crate has an import cycle between its modules.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use seq_testkit::project_root;

/// Every workspace crate, the seqdl crates it may depend on (normal dependencies), and the outside crates it
/// must never depend on. Any seqdl edge not listed fails the test; so does a crate missing from the table.
const TABLE: &[(&str, &[&str], &[&str])] = &[
    ("crates/seq-atomic", &[], &["burn", "plotters", "image", "clap", "indicatif", "tracing"]),
    ("crates/seq-io", &["seq-atomic"], &["burn", "plotters", "image", "clap", "indicatif"]),
    ("crates/seq-testkit", &[], &["burn"]),
    ("crates/seq-plot", &["seq-atomic"], &["burn", "font-kit", "clap", "indicatif"]),
    ("crates/seq-sim", &["seq-io"], &["burn", "plotters", "clap", "indicatif"]),
    ("crates/seq-kernels", &[], &["plotters", "clap", "indicatif"]),
    ("crates/seq-genome", &["seq-io"], &["burn", "plotters", "image", "clap", "indicatif"]),
    ("crates/seq-variants", &["seq-io"], &["burn", "plotters", "image", "clap", "indicatif"]),
    ("crates/seq-motifs", &["seq-io"], &["burn", "plotters", "image", "clap", "indicatif"]),
    ("crates/seq-patterns", &["seq-io"], &["burn", "plotters", "image", "clap", "indicatif"]),
    ("crates/seq-models", &["seq-io", "seq-kernels"], &["plotters", "clap", "indicatif"]),
    ("crates/seq-train", &["seq-io", "seq-models", "seq-plot"], &["clap", "indicatif", "tracing-subscriber", "toml"]),
    (
        "crates/seq-interpret",
        &["seq-io", "seq-plot", "seq-models", "seq-kernels"],
        &["clap", "indicatif", "tracing-subscriber", "toml"],
    ),
    (
        "crates/seq-app",
        &[
            "seq-io",
            "seq-sim",
            "seq-plot",
            "seq-kernels",
            "seq-models",
            "seq-train",
            "seq-interpret",
            "seq-genome",
            "seq-variants",
            "seq-motifs",
            "seq-patterns",
        ],
        &["clap", "tracing-subscriber", "toml"],
    ),
    (
        "crates/seqdl",
        &[
            "seq-io",
            "seq-sim",
            "seq-plot",
            "seq-kernels",
            "seq-models",
            "seq-train",
            "seq-interpret",
            "seq-genome",
            "seq-variants",
            "seq-motifs",
            "seq-patterns",
            "seq-app",
        ],
        &["clap", "indicatif", "tracing-subscriber", "toml"],
    ),
    (
        "crates/seqdl-tutorials",
        &[
            "seq-io",
            "seq-sim",
            "seq-plot",
            "seq-kernels",
            "seq-models",
            "seq-train",
            "seq-interpret",
            "seq-genome",
            "seq-variants",
            "seq-motifs",
            "seq-patterns",
            "seq-app",
        ],
        &["clap", "tracing-subscriber", "toml"],
    ),
    (
        "crates/seqdl-cli",
        &[
            "seq-app",
            "seqdl-tutorials",
            "seq-io",
            "seq-sim",
            "seq-models",
            "seq-train",
            "seq-genome",
            "seq-variants",
            "seq-motifs",
        ],
        &[],
    ),
    ("tests", &[], &[]),
    ("benches", &["seq-io", "seq-kernels", "seq-models", "seq-interpret", "seq-train", "seqdl"], &[]),
    ("xtask", &[], &["burn"]),
    ("examples/custom-model", &["seq-app", "seq-io", "seq-models", "seq-train"], &[]),
];

fn manifest(path: &Path) -> toml::Table {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.parse().unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Names of the normal (non-dev) dependencies of a workspace crate.
fn dependencies_of(crate_dir: &str) -> Vec<String> {
    let m = manifest(&project_root().join(crate_dir).join("Cargo.toml"));
    m.get("dependencies").and_then(|d| d.as_table()).map(|t| t.keys().cloned().collect()).unwrap_or_default()
}

fn workspace_members() -> Vec<String> {
    let m = manifest(&project_root().join("Cargo.toml"));
    m["workspace"]["members"]
        .as_array()
        .expect("members")
        .iter()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect()
}

#[test]
fn every_crate_depends_only_on_what_the_table_allows() {
    let members = workspace_members();
    let crates: BTreeMap<String, &str> = members
        .iter()
        .map(|dir| {
            let m = manifest(&project_root().join(dir).join("Cargo.toml"));
            (m["package"]["name"].as_str().expect("package name").to_string(), dir.as_str())
        })
        .collect();
    for dir in &members {
        let (_, allowed, forbidden) = TABLE
            .iter()
            .find(|(d, _, _)| d == dir)
            .unwrap_or_else(|| panic!("{dir} is not in the dependency table of tests/architecture.rs"));
        for dep in dependencies_of(dir) {
            if crates.contains_key(&dep) {
                assert!(allowed.contains(&dep.as_str()), "{dir} depends on {dep}, an edge the table does not allow");
            }
            assert!(!forbidden.contains(&dep.as_str()), "{dir} must never depend on {dep} (docs/architecture.md)");
        }
    }
}

#[test]
fn plotting_needs_no_system_fonts_and_burn_is_pinned() {
    let m = manifest(&project_root().join("Cargo.toml"));
    let deps = &m["workspace"]["dependencies"];
    let plotters = &deps["plotters"];
    assert_eq!(
        plotters.get("default-features").and_then(|v| v.as_bool()),
        Some(false),
        "plotters' default features pull in font-kit"
    );
    let features: Vec<&str> =
        plotters["features"].as_array().expect("features").iter().filter_map(|v| v.as_str()).collect();
    assert!(!features.contains(&"ttf"), "the ttf feature needs system fonts");
    assert_eq!(deps["burn"]["version"].as_str(), Some("=0.21.0"));
    assert!(deps["burn"].get("default-features").is_none(), "keep burn's default features (SIMD, threads)");
    assert!(deps["hdf5-pure"]["version"].as_str().is_some_and(|v| v.starts_with('=')), "hdf5-pure must be pinned");
}

#[test]
fn unsafe_code_lives_only_in_seq_kernels() {
    for dir in workspace_members().iter().filter(|d| d.as_str() != "crates/seq-kernels") {
        for file in rust_files(&project_root().join(dir)).into_iter().filter(|f| !f.ends_with("tests/architecture.rs"))
        {
            let text = std::fs::read_to_string(&file).expect("source file");
            for (i, line) in text.lines().enumerate() {
                let code = line.split("//").next().unwrap_or("");
                assert!(
                    !(code.contains("unsafe ") || code.contains("unsafe{")),
                    "{}:{}: `unsafe` outside seq-kernels",
                    file.display(),
                    i + 1
                );
            }
        }
    }
}

/// Library and binary code (a file's text before its first `#[cfg(test)]`) creates no file itself: every
/// output goes through seq-atomic's writer (seq-io re-exports it). Allowed: seq-atomic itself, the libhdf5
/// writer (it creates the temporary path the atomic writer hands it), the dev-only fixtures crate, and the
/// developer commands of xtask (not a crate under `crates/`).
#[test]
fn files_are_written_only_through_the_atomic_writer() {
    let allowed = ["crates/seq-atomic/src/", "crates/seq-io/src/h5/metno.rs", "crates/seq-testkit/src/"];
    let forbidden = ["File::create(", "fs::write(", "OpenOptions::new("];
    for dir in workspace_members().iter().filter(|d| d.starts_with("crates/")) {
        for file in rust_files(&project_root().join(dir).join("src")) {
            let rel = file.strip_prefix(project_root()).unwrap_or(&file).to_string_lossy().replace('\\', "/");
            if allowed.iter().any(|a| rel.starts_with(a)) {
                continue;
            }
            let text = std::fs::read_to_string(&file).expect("source file");
            let code = text.split("#[cfg(test)]").next().unwrap_or("");
            for (i, line) in code.lines().enumerate() {
                let line = line.split("//").next().unwrap_or("");
                // `AtomicFile::create(` is the writer itself: only a bare `File::create(` counts.
                let bare = |f: &str| {
                    line.match_indices(f)
                        .any(|(at, _)| !line[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_'))
                };
                if let Some(f) = forbidden.iter().find(|f| bare(f)) {
                    panic!("{rel}:{}: `{f}` outside the atomic writer (use seq_io::atomic)", i + 1);
                }
            }
        }
    }
}

fn rust_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() && p.file_name().is_some_and(|n| n != "target") {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    out
}

/// The top-level module of a source file under `src/` (`src/a.rs` and `src/a/b.rs` → `a`), `None` for the
/// crate root.
fn top_module(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).ok()?;
    let first = rel.components().next()?.as_os_str().to_string_lossy().into_owned();
    let name = first.trim_end_matches(".rs").to_string();
    (name != "lib" && name != "main").then_some(name)
}

/// Crates with a known import cycle between top-level modules, to be untangled (new cycles fail the test, and
/// so does a listed crate that no longer has one).
const KNOWN_CYCLES: &[&str] = &[];

#[test]
fn no_crate_has_an_import_cycle_between_its_top_level_modules() {
    let mut found: Vec<String> = Vec::new();
    for dir in workspace_members() {
        let src = project_root().join(&dir).join("src");
        let files = rust_files(&src);
        let modules: BTreeSet<String> = files.iter().filter_map(|f| top_module(&src, f)).collect();
        let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for file in &files {
            let Some(from) = top_module(&src, file) else { continue };
            let text = std::fs::read_to_string(file).expect("source file");
            // code only: before the unit tests, without comments (doc links are not imports)
            let code: String = text
                .split("#[cfg(test)]")
                .next()
                .unwrap_or("")
                .lines()
                .map(|l| l.split("//").next().unwrap_or(""))
                .collect::<Vec<_>>()
                .join("\n");
            for piece in code.split("crate::").skip(1) {
                let to: String = piece.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                if to != from && modules.contains(&to) {
                    edges.entry(from.clone()).or_default().insert(to);
                }
            }
        }
        // depth-first search for a back edge
        fn visit(
            n: &str,
            edges: &BTreeMap<String, BTreeSet<String>>,
            state: &mut BTreeMap<String, u8>,
            path: &mut Vec<String>,
        ) -> Option<Vec<String>> {
            match state.get(n) {
                Some(1) => {
                    let start = path.iter().position(|p| p == n).unwrap_or(0);
                    let mut cycle = path[start..].to_vec();
                    cycle.push(n.to_string());
                    return Some(cycle);
                }
                Some(2) => return None,
                _ => {}
            }
            state.insert(n.to_string(), 1);
            path.push(n.to_string());
            for m in edges.get(n).into_iter().flatten() {
                if let Some(c) = visit(m, edges, state, path) {
                    return Some(c);
                }
            }
            path.pop();
            state.insert(n.to_string(), 2);
            None
        }
        let mut state = BTreeMap::new();
        for m in &modules {
            if let Some(cycle) = visit(m, &edges, &mut state, &mut Vec::new()) {
                eprintln!("{dir}: import cycle between modules {}", cycle.join(" → "));
                found.push(dir.clone());
                break;
            }
        }
    }
    assert_eq!(found, KNOWN_CYCLES, "crates with an import cycle between top-level modules");
}
