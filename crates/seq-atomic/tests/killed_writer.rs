//! A writer killed in the middle of a file (SIGKILL: no destructor, no cleanup) leaves the previous file
//! intact and a temporary file that the next write in that folder removes.
//!
//! The test re-runs its own binary as the writer: `killed_writer_child` does nothing unless
//! `SEQ_ATOMIC_CHILD` names a target, and then writes it forever after saying so.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

const CHILD_VAR: &str = "SEQ_ATOMIC_CHILD";

#[test]
fn killed_writer_child() {
    let Some(target) = std::env::var_os(CHILD_VAR) else { return };
    let mut file = seq_atomic::AtomicFile::create(std::path::Path::new(&target)).expect("create");
    let chunk = vec![b'n'; 1 << 16];
    file.write_all(&chunk).expect("write");
    file.flush().expect("flush");
    println!("writing");
    std::io::stdout().flush().expect("stdout");
    loop {
        file.write_all(&chunk).expect("write");
        file.flush().expect("flush");
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
}

#[test]
fn a_writer_killed_mid_write_leaves_the_previous_file_and_its_leftover_is_cleaned() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("scores.tsv");
    seq_atomic::write_atomic(&target, b"previous\n").unwrap();
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "killed_writer_child", "--nocapture", "--test-threads", "1"])
        .env(CHILD_VAR, &target)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let started = lines.find(|l| l.as_ref().is_ok_and(|l| l.contains("writing")));
    assert!(started.is_some(), "the writer never started");
    let leftover = || {
        std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
            .count()
    };
    assert_eq!(leftover(), 1, "the writer has its temporary file open");
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
    assert_eq!(std::fs::read(&target).unwrap(), b"previous\n", "the killed write did not touch the file");
    assert_eq!(leftover(), 1, "a kill leaves the temporary file");
    seq_atomic::write_atomic(&target, b"next\n").unwrap();
    assert_eq!(std::fs::read(&target).unwrap(), b"next\n");
    assert_eq!(leftover(), 0, "the next write in the folder removed the dead writer's temporary file");
}
