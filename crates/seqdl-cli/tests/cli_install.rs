//! The `seqdl` binary outside the checkout: copied into an empty folder and run there with no `data/` beside
//! it (what `cargo install` gives a user), the embedded motif databases serve `logo` and `simulate`;
//! and a device this build or machine lacks is refused with a clear message before any work.

use std::path::Path;
use std::process::{Command, Output};

/// Copies the built binary into `dir/bin` and runs it from `dir/work` (both outside the checkout).
fn installed(dir: &Path, args: &[&str]) -> Output {
    let bin = dir.join("bin");
    let work = dir.join("work");
    std::fs::create_dir_all(&bin).unwrap();
    std::fs::create_dir_all(&work).unwrap();
    let exe = bin.join("seqdl");
    if !exe.exists() {
        std::fs::copy(env!("CARGO_BIN_EXE_seqdl"), &exe).unwrap();
    }
    // A test running in parallel may fork while the copy's write handle is open; the child then holds it
    // until it execs, and exec of the copy fails with ETXTBSY ("Text file busy"). Retry for a moment.
    for _ in 0..100 {
        match Command::new(&exe)
            .args(args)
            .current_dir(&work)
            .env_remove("SEQDL_MOTIFS")
            .env_remove("SEQDL_DATA")
            .output()
        {
            Err(e) if e.kind() == std::io::ErrorKind::ExecutableFileBusy => {
                std::thread::sleep(std::time::Duration::from_millis(20))
            }
            other => return other.unwrap(),
        }
    }
    panic!("{} stayed busy for 2 s", exe.display())
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn an_installed_binary_works_from_an_empty_folder() {
    let dir = tempfile::tempdir().unwrap();
    let o = installed(dir.path(), &["logo", "--motif", "CTCF_known1", "--out", "ctcf.png"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(std::fs::metadata(dir.path().join("work/ctcf.png")).unwrap().len() > 1000);
    // a JASPAR name is found in the embedded JASPAR 2016 database
    let o = installed(dir.path(), &["logo", "--motif", "MA0139.1", "--reverse-complement", "--out", "ma0139.png"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = installed(
        dir.path(),
        &[
            "simulate",
            "density-localization",
            "--motif",
            "TAL1_known4",
            "--n-pos",
            "10",
            "--n-neg",
            "10",
            "--out",
            "sim",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(dir.path().join("work/sim/dataset.h5").exists());
    // an unknown motif lists close names from the embedded compendium
    let o = installed(dir.path(), &["logo", "--motif", "TAL1_known44", "--out", "x.png"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("TAL1_known4"), "{}", stderr(&o));
    assert!(!dir.path().join("work/x.png").exists());
}

#[test]
fn a_missing_device_is_refused_clearly_before_any_work() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("work/model");
    let o = installed(dir.path(), &["--device", "cuda", "train", "--h5", "nowhere.h5", "--out", out.to_str().unwrap()]);
    assert!(!o.status.success());
    let e = stderr(&o);
    assert!(e.contains("device cuda:0") && (e.contains("built without CUDA") || e.contains("/dev/nvidia0")), "{e}");
    assert!(!e.contains("panicked"), "{e}");
    assert!(!out.exists(), "nothing written");
    let o = installed(dir.path(), &["--device", "tpu", "train", "--h5", "x.h5", "--out", "m"]);
    assert!(!o.status.success() && stderr(&o).contains("is not a device"), "{}", stderr(&o));
}
