//! Shared helpers of the seq-genome tests: paths of the real data and a whole-file decompression.
#![allow(dead_code)]

use std::io::Read;
use std::path::PathBuf;
use std::sync::OnceLock;

use seq_genome::{Genome, GenomeOptions};

/// `data/hg19_chr20/<name>` of the project.
pub fn data(name: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/hg19_chr20")).join(name)
}

/// The BGZF chr20 genome.
pub fn genome_path() -> PathBuf {
    data("hg19_chr20.fa.gz")
}

/// The GM12878 CTCF narrowPeak file.
pub fn peaks_path() -> PathBuf {
    data("wgEncodeAwgTfbsBroadGm12878CtcfUniPk.narrowPeak.gz")
}

/// Opens the real genome with default options.
pub fn genome() -> Genome {
    Genome::open(&genome_path(), &GenomeOptions::default()).expect("the project's chr20 genome opens")
}

/// chr20 decompressed by flate2 from the whole file, newlines removed, upper-cased (computed once).
pub fn chr20_direct() -> &'static [u8] {
    static SEQ: OnceLock<Vec<u8>> = OnceLock::new();
    SEQ.get_or_init(|| {
        let file = std::fs::File::open(genome_path()).expect("genome file");
        let mut text = Vec::new();
        flate2::read::MultiGzDecoder::new(file).read_to_end(&mut text).expect("gzip stream");
        let body = text.iter().position(|&b| b == b'\n').expect("header line") + 1;
        assert!(text.starts_with(b">chr20"));
        text[body..].iter().filter(|&&b| b != b'\n' && b != b'\r').map(u8::to_ascii_uppercase).collect()
    })
}
