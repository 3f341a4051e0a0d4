//! Pattern discovery on 20 000 synthetic seqlets of width 20 (10 000 sequences of length 100, AGATAA and
//! CACGTG planted once each, 15 % of the planted bases mutated), timed per step; run it under `/usr/bin/time -v` for the peak memory.
//!
//! `cargo run --release -p seq-patterns --example discover_synthetic [-- --stages] [--full] [--npy DIR]` — with `--npy` the
//! one-hot and hypothetical tracks are written as `DIR/x.npy` and `DIR/h.npy` (float32, `(N, 4, L)`) for
//! `scripts/modisco_synthetic.py`; `--stages` times the k-NN graph, density adaptation and Leiden alone first;
//! `--full` also runs the whole pipeline from `call_seqlets`.

#[path = "../tests/common/mod.rs"]
mod common;

use common::{synthetic, PlantedMotif};
use seq_io::Strand;
use seq_patterns::density::density_adapted_graph;
use seq_patterns::{
    call_seqlets, discover_patterns, knn_graph, leiden, seqlet_data, PatternConfig, Seqlet, SeqletConfig, Tracks,
};
use std::io::Write;
use std::time::Instant;

fn write_npy(path: &std::path::Path, values: &[f32], shape: (usize, usize, usize)) -> std::io::Result<()> {
    let mut header =
        format!("{{'descr': '<f4', 'fortran_order': False, 'shape': ({}, {}, {}), }}", shape.0, shape.1, shape.2);
    while (10 + header.len() + 1) % 64 != 0 {
        header.push(' ');
    }
    header.push('\n');
    let mut f = std::io::BufWriter::new(std::fs::File::create(path)?);
    f.write_all(b"\x93NUMPY\x01\x00")?;
    f.write_all(&(header.len() as u16).to_le_bytes())?;
    f.write_all(header.as_bytes())?;
    for v in values {
        f.write_all(&v.to_le_bytes())?;
    }
    f.flush()
}

/// Fraction of planted bases replaced by another base (the hypothetical track keeps the motif there, as a
/// model's would): without it every instance is the exact consensus, the coarse and fine similarities of a
/// seqlet's neighbours are all alike, and TF-MoDISco's correlation filter rightly keeps almost no seqlet.
const MUTATION_RATE: f64 = 0.15;

/// Replaces each planted base with probability `rate` by one of the other three (one-hot only).
fn mutate_instances(data: &mut common::Synthetic, rate: f64, seed: u64) {
    use rand::{Rng, SeedableRng};
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let len = data.len;
    for inst in &data.instances {
        for p in inst.start..inst.end {
            if rng.random::<f64>() >= rate {
                continue;
            }
            let column = |c: usize| (inst.example * 4 + c) * len + p;
            let Some(old) = (0..4).find(|&c| data.x[column(c)] == 1.0) else { continue };
            let new = (old + rng.random_range(1..4)) % 4;
            data.x[column(old)] = 0.0;
            data.x[column(new)] = 1.0;
        }
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let motifs = [
        PlantedMotif { consensus: "AGATAA".into(), fraction: 1.0, sign: 1.0 },
        PlantedMotif { consensus: "CACGTG".into(), fraction: 1.0, sign: 1.0 },
    ];
    let mut data = synthetic(10_000, 100, &motifs, 1.0, 0.1, 20, 5);
    mutate_instances(&mut data, MUTATION_RATE, 6);
    if let Some(i) = args.iter().position(|a| a == "--npy") {
        let dir = std::path::PathBuf::from(args.get(i + 1).ok_or("--npy needs a directory")?);
        std::fs::create_dir_all(&dir)?;
        write_npy(&dir.join("x.npy"), &data.x, (data.n, 4, data.len))?;
        write_npy(&dir.join("h.npy"), &data.h, (data.n, 4, data.len))?;
        let mut t = std::fs::File::create(dir.join("instances.tsv"))?;
        for i in &data.instances {
            writeln!(t, "{}\t{}\t{}\t{}\t{}", i.example, i.start, i.end, i.strand.symbol(), motifs[i.motif].consensus)?;
        }
    }
    let tracks = Tracks::new(&data.x, &data.h, data.n, data.len)?;
    let seqlets: Vec<Seqlet> = data
        .instances
        .iter()
        .map(|i| Seqlet {
            example: i.example,
            start: i.start - 7,
            end: i.start + 13,
            strand: Strand::Forward,
            score: 6.0,
        })
        .collect();
    let cfg = PatternConfig { flank: 5, trim_window: 20, ..PatternConfig::default() };
    if args.iter().any(|a| a == "--stages") {
        let t = Instant::now();
        let data = seqlet_data(&tracks, &seqlets)?;
        let knn = knn_graph(&tracks, &seqlets, &data, &cfg.knn)?;
        println!(
            "stage knn_graph (k = {}): {:.2} s, {} edges",
            cfg.knn.n_neighbors,
            t.elapsed().as_secs_f64(),
            knn.n_edges()
        );
        let t = Instant::now();
        let graph = density_adapted_graph(&knn, cfg.perplexity, cfg.density_kernel);
        println!("stage density: {:.2} s, {} entries", t.elapsed().as_secs_f64(), graph.n_entries());
        drop(knn);
        let t = Instant::now();
        let p = leiden(&graph, &cfg.leiden);
        println!(
            "stage leiden ({} runs): {:.2} s, {} communities",
            cfg.leiden.runs,
            t.elapsed().as_secs_f64(),
            p.n_communities
        );
    }
    let t0 = Instant::now();
    let set = discover_patterns(&tracks, &seqlets, &cfg)?;
    let discover = t0.elapsed().as_secs_f64();
    println!("discover_patterns on {} seqlets of width 20: {discover:.2} s", seqlets.len());
    for p in set.all() {
        println!("  {} {} seqlets, consensus {}", p.name, p.n_seqlets(), p.pfm()?.consensus());
    }
    if !args.iter().any(|a| a == "--full") {
        return Ok(());
    }
    let t1 = Instant::now();
    let calls = call_seqlets(&tracks, &SeqletConfig { window: 10, flank: 5, ..SeqletConfig::default() })?;
    let called = t1.elapsed().as_secs_f64();
    let t2 = Instant::now();
    let set = discover_patterns(&tracks, &calls.seqlets, &cfg)?;
    println!(
        "full pipeline: call_seqlets {called:.2} s ({} seqlets), discover_patterns {:.2} s",
        calls.seqlets.len(),
        t2.elapsed().as_secs_f64()
    );
    for p in set.all() {
        println!("  {} {} seqlets, consensus {}", p.name, p.n_seqlets(), p.pfm()?.consensus());
    }
    Ok(())
}
