//! Writes a file atomically twice and shows that a dropped (failed) writer leaves the previous file alone.
//!
//! ```text
//! cargo run -p seq-atomic --example write
//! ```

use std::io::Write;

fn main() -> Result<(), seq_atomic::AtomicError> {
    let dir = std::env::temp_dir().join(format!("seq-atomic-example-{}", std::process::id()));
    let path = dir.join("out.txt");
    seq_atomic::write_atomic(&path, b"first\n")?;
    {
        let mut half = seq_atomic::AtomicFile::create(&path)?;
        let _ = half.write_all(b"half of the second");
        // dropped without commit: the write failed part-way
    }
    println!("after a failed write: {:?}", std::fs::read_to_string(&path).unwrap_or_default());
    let mut file = seq_atomic::AtomicFile::create(&path)?;
    let _ = file.write_all(b"second\n");
    file.commit()?;
    println!("after a committed write: {:?}", std::fs::read_to_string(&path).unwrap_or_default());
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
