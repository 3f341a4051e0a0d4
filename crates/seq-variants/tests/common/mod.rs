//! Shared test helpers: paths into `data/`, the BGZF hg19 chr20 genome behind [`SequenceSource`] (through
//! noodles' indexed FASTA reader: `.fai` + `.gzi`), and a deterministic stand-in "model" score.
#![allow(dead_code)]

use noodles_fasta as fasta;
use seq_variants::{SequenceSource, SourceError};
use std::path::PathBuf;
use std::sync::Mutex;

/// A file of the project's `data/hg19_chr20/`.
pub fn data(name: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/hg19_chr20/")).join(name)
}

pub const GIAB: &str = "test_nist.b37_chr20_100kbp_at_10mb.vcf.gz";
pub const KG: &str = "vt_1kg_20_indels.vcf.gz";

type Reader = fasta::io::IndexedReader<fasta::io::BufReader<std::fs::File>>;

/// The BGZF genome read through its `.fai` and `.gzi` indexes.
pub struct BgzfGenome {
    reader: Mutex<Reader>,
    chroms: Vec<(String, u64)>,
}

impl BgzfGenome {
    pub fn open(path: &std::path::Path) -> Self {
        let reader =
            fasta::io::indexed_reader::Builder::default().build_from_path(path).expect("the test genome opens");
        let chroms = reader.index().as_ref().iter().map(|r| (r.name().to_string(), r.length())).collect();
        BgzfGenome { reader: Mutex::new(reader), chroms }
    }

    pub fn hg19_chr20() -> Self {
        Self::open(&data("hg19_chr20.fa.gz"))
    }
}

impl SequenceSource for BgzfGenome {
    fn chrom_names(&self) -> Vec<String> {
        self.chroms.iter().map(|c| c.0.clone()).collect()
    }

    fn chrom_len(&self, name: &str) -> Option<u64> {
        self.chroms.iter().find(|c| c.0 == name).map(|c| c.1)
    }

    fn fetch(&self, chrom: &str, start: u64, end: u64) -> Result<Vec<u8>, SourceError> {
        if start == end {
            return Ok(Vec::new());
        }
        let s = noodles_core::Position::try_from(start as usize + 1)?;
        let e = noodles_core::Position::try_from(end as usize)?;
        let region = noodles_core::Region::new(chrom, s..=e);
        let mut reader = self.reader.lock().map_err(|_| "genome reader lock poisoned")?;
        let record = reader.query(&region)?;
        let mut seq = record.sequence().as_ref().to_vec();
        seq.make_ascii_uppercase();
        Ok(seq)
    }
}

/// A deterministic stand-in for a model: [GC count of alt − ref, Hamming distance, alt's first base code].
pub fn fake_scores(reference: &[u8], alternative: &[u8]) -> Vec<f32> {
    let gc = |w: &[u8]| w.iter().filter(|&&b| b == b'G' || b == b'C').count() as f32;
    let ham = reference.iter().zip(alternative).filter(|(a, b)| a != b).count() as f32;
    vec![gc(alternative) - gc(reference), ham / 7.0, alternative[alternative.len() / 2] as f32 / 3.0]
}

pub fn score_names() -> Vec<String> {
    vec!["gc_delta".into(), "hamming_7".into(), "centre_code".into()]
}
