//! The one error type of seq-variants. Every variant that concerns user data names the file and the place
//! in it: the 1-based line for a VCF read from the start, or the record (`chrom:pos`) for a record found
//! through a tabix region query, where the line number is not known.

use std::path::PathBuf;

/// The error type a [`crate::SequenceSource`] returns: any error of the genome reader, boxed.
pub type SourceError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Errors raised while reading a VCF, building windows, sharding or writing/merging outputs.
#[derive(Debug, thiserror::Error)]
pub enum VariantError {
    /// The operating system refused to open, read or write a file.
    #[error("{path}: {source}")]
    Io {
        /// The file concerned.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// An error of the shared IO layer (FASTA reading, one-hot encoding).
    #[error(transparent)]
    SeqIo(#[from] seq_io::IoError),
    /// The VCF header is missing or cannot be parsed.
    #[error("{path}: VCF header: {message}")]
    Header {
        /// The VCF file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// The VCF holds no data line at all.
    #[error("{path}: the VCF has no records (header only or empty file)")]
    EmptyVcf {
        /// The VCF file.
        path: PathBuf,
    },
    /// A record that cannot be parsed or used.
    #[error("{path}: {at}: {message}")]
    Record {
        /// The file concerned.
        path: PathBuf,
        /// `line N`, or `record chrom:pos` for records found by a region query.
        at: String,
        /// What is wrong.
        message: String,
    },
    /// A record's chromosome (after the alias) is not a sequence of the genome.
    #[error("{path}: {at}: chromosome {chrom} is not in the genome, whose sequences are: {genome}")]
    UnknownChrom {
        /// The VCF file.
        path: PathBuf,
        /// `line N` or `record chrom:pos`.
        at: String,
        /// The name after the alias, with the VCF's name when it differs: `"chr9" (VCF name "9")`.
        chrom: String,
        /// The genome's sequence names (the first 20, comma-separated) and a suggested alias, if any.
        genome: String,
    },
    /// A record's REF reaches past the end of its chromosome.
    #[error("{path}: {at}: position {pos} (REF length {ref_len}) is beyond the end of {chrom} (length {len})")]
    BeyondChrom {
        /// The VCF file.
        path: PathBuf,
        /// `line N` or `record chrom:pos`.
        at: String,
        /// Chromosome (genome name).
        chrom: String,
        /// 1-based VCF position.
        pos: u64,
        /// Length of the REF allele.
        ref_len: usize,
        /// Chromosome length.
        len: u64,
    },
    /// A REF allele with letters other than A, C, G, T (N included).
    #[error("{path}: {at}: REF {allele:?} contains {ch:?}: only A, C, G, T are accepted (N cannot be checked against the genome nor scored)")]
    InvalidRef {
        /// The VCF file.
        path: PathBuf,
        /// `line N` or `record chrom:pos`.
        at: String,
        /// The REF allele.
        allele: String,
        /// The first refused letter.
        ch: char,
    },
    /// The REF allele differs from the genome (and `skip_ref_mismatch` is off).
    #[error("{path}: {at}: REF {vcf_ref:?} at {locus} but the genome has {genome_ref:?} (set skip_ref_mismatch to skip and count such records)")]
    RefMismatch {
        /// The VCF file.
        path: PathBuf,
        /// `line N` or `record chrom:pos`.
        at: String,
        /// `chrom:pos` (genome name, 1-based).
        locus: String,
        /// The REF of the record.
        vcf_ref: String,
        /// The genome's bases at the same place.
        genome_ref: String,
    },
    /// An allele longer than the model's window.
    #[error("{path}: {at}: REF length {ref_len} / ALT length {alt_len} is longer than the window ({window} bp)")]
    AlleleTooLong {
        /// The VCF file.
        path: PathBuf,
        /// `line N` or `record chrom:pos`.
        at: String,
        /// Length of REF.
        ref_len: usize,
        /// Length of ALT.
        alt_len: usize,
        /// Window length L.
        window: usize,
    },
    /// The genome reader failed.
    #[error("genome: fetching {chrom}:{start}-{end}: {source}")]
    Genome {
        /// Chromosome.
        chrom: String,
        /// 0-based start.
        start: u64,
        /// 0-based end (exclusive).
        end: u64,
        /// The reader's error.
        #[source]
        source: SourceError,
    },
    /// A tabix index that cannot be read or used.
    #[error("{path}: tabix index: {message}")]
    Index {
        /// The index (or VCF) file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A region string that cannot be parsed or does not fit the genome.
    #[error("region {text:?}: {message}")]
    Region {
        /// The text given.
        text: String,
        /// What is wrong.
        message: String,
    },
    /// A shard specification that cannot be parsed.
    #[error("shard {text:?}: {message}")]
    Shard {
        /// The text given.
        text: String,
        /// What is wrong.
        message: String,
    },
    /// A chromosome alias option or mapping file that cannot be used.
    #[error("chromosome alias {source_name}: {message}")]
    Alias {
        /// The option text or `path:line` of the mapping file.
        source_name: String,
        /// What is wrong.
        message: String,
    },
    /// An output file (shard output, `.done` marker) that cannot be merged or resumed.
    #[error("{path}: {at}: {message}")]
    Output {
        /// The output file.
        path: PathBuf,
        /// `line N`, or `file` for whole-file problems.
        at: String,
        /// What is wrong.
        message: String,
    },
    /// An argument given by the caller is out of range.
    #[error("invalid argument: {0}")]
    InvalidArgument(String),
}

impl VariantError {
    /// Wraps an `std::io::Error` with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        VariantError::Io { path: path.into(), source }
    }
}

/// Result alias of seq-variants.
pub type Result<T, E = VariantError> = std::result::Result<T, E>;
