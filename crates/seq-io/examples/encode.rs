//! Reads a FASTA/FASTQ or one-sequence-per-line file and one-hot encodes it: `cargo run -p seq-io --example
//! encode -- data/primer/sequences.txt`.

fn main() -> Result<(), seq_io::IoError> {
    let path = std::env::args().nth(1).unwrap_or_else(|| "data/primer/sequences.txt".into());
    let records = seq_io::fastx::read_sequences(std::path::Path::new(&path))?;
    let first = records.first().ok_or(seq_io::IoError::EmptyFile { path: path.clone().into() })?;
    let x = seq_io::onehot::encode(&first.seq, seq_io::UnknownPolicy::Zeros, &first.id)?;
    let len = first.seq.len();
    println!("{path}: {} records; the first, {:?}, is {len} nt", records.len(), first.id);
    for (b, name) in ["A", "C", "G", "T"].iter().enumerate() {
        let row: String =
            x[b * len..(b + 1) * len].iter().take(40).map(|&v| if v == 1.0 { '1' } else { '.' }).collect();
        println!("  {name} {row}");
    }
    Ok(())
}
