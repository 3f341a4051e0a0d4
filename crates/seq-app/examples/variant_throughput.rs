//! SNV scoring throughput: a seed000-size CNN at L = 1000 (random weights, seed 1) scores `N` synthetic
//! SNVs (default 100 000; seeded) on the shipped hg19 chr20 from 10 Mb on, one every ~450 bp (closer when
//! `N` needs it: 1 000 000 SNVs are one every ~50 bp).
//!
//! ```text
//! /usr/bin/time -v cargo run -p seq-app --example variant_throughput -- [N] [--average-strands] [--burn]
//! ```
//! Prints variants per second of the scoring run (the VCF writing and model saving excluded).

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use seq_app::backend::Cpu;
use seq_app::pipelines::variants::{variants, VariantOptions};
use seq_app::{Context, ModelDir};
use seq_genome::{Genome, GenomeOptions};
use seq_models::Cnn;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let n: usize = args.iter().find_map(|a| a.parse().ok()).unwrap_or(100_000);
    let strands = args.iter().any(|a| a == "--average-strands");
    let burn = args.iter().any(|a| a == "--burn");
    let genome_path = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/hg19_chr20/hg19_chr20.fa.gz"));
    let dir = tempfile::tempdir()?;
    let genome = Genome::open(&genome_path, &GenomeOptions::default())?;
    let mut rng = ChaCha8Rng::seed_from_u64(42);
    let vcf = dir.path().join("snvs.vcf");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&vcf)?);
    writeln!(out, "##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO")?;
    let (mut pos, mut written) = (10_000_000u64, 0usize);
    let max_step = (100_000_000 / n.max(1) as u64).clamp(2, 900);
    while written < n && pos < 62_000_000 {
        pos += rng.random_range(1..max_step);
        let r = genome.fetch("chr20", pos, pos + 1)?[0];
        if !b"ACGT".contains(&r) {
            continue;
        }
        let alt = loop {
            let b = b"ACGT"[rng.random_range(0..4)];
            if b != r {
                break b;
            }
        };
        writeln!(out, "chr20\t{}\t.\t{}\t{}\t.\tPASS\t.", pos + 1, r as char, alt as char)?;
        written += 1;
    }
    drop(out);
    drop(genome);
    type B = Cpu;
    let device = Default::default();
    let cnn: Cnn<B> = seq_models::cnn::presets::seed000(1000).init::<B>(&device, 1)?;
    let md = ModelDir::new(dir.path().join("model"));
    md.save::<B, Cnn<B>>(&cnn)?;
    let opts = VariantOptions {
        vcf,
        genome: genome_path,
        out: dir.path().join("scores"),
        average_strands: strands,
        incremental: !burn,
        batch_size: 512,
        ..Default::default()
    };
    let t = Instant::now();
    let r = variants::<B, Cnn<B>>(&md, &opts, &Context::default(), &device)?;
    let secs = t.elapsed().as_secs_f64();
    println!(
        "{} SNVs written, {} scored in {secs:.2} s: {:.0} variants/s (strand averaging {strands}, {})",
        written,
        r.report.variants,
        r.report.variants as f64 / secs,
        if burn { "burn forward" } else { "incremental engine" }
    );
    Ok(())
}
