//! Variant stream → batches of `(variant, reference window, alternative window)` for a model, with a
//! configurable batch size. Memory holds one batch (plus the VCF reader's line buffer), whatever the
//! number of variants; window skips (REF mismatch, long alleles) are added to the reader's
//! [`SkipReport`].

use crate::error::{Result, VariantError};
use crate::report::SkipReport;
use crate::source::SequenceSource;
use crate::variant::Variant;
use crate::vcf::VcfReader;
use crate::windows::{build_windows, WindowOptions};
use seq_io::UnknownPolicy;

/// Up to `batch_size` variants and their windows, concatenated (`len() * length` bytes each).
#[derive(Debug, Clone, PartialEq)]
pub struct Batch {
    /// The variants, in stream order.
    pub variants: Vec<Variant>,
    /// Reference windows, one after the other.
    pub reference: Vec<u8>,
    /// Alternative windows, one after the other.
    pub alternative: Vec<u8>,
    /// Window length `L`.
    pub length: usize,
}

impl Batch {
    /// Number of variants.
    pub fn len(&self) -> usize {
        self.variants.len()
    }

    /// Whether the batch is empty.
    pub fn is_empty(&self) -> bool {
        self.variants.is_empty()
    }

    /// Reference window of variant `i`.
    pub fn ref_window(&self, i: usize) -> &[u8] {
        &self.reference[i * self.length..(i + 1) * self.length]
    }

    /// Alternative window of variant `i`.
    pub fn alt_window(&self, i: usize) -> &[u8] {
        &self.alternative[i * self.length..(i + 1) * self.length]
    }

    /// Reference windows one-hot encoded, `(len(), 4, L)` channels-first, N → zero column.
    pub fn ref_onehot(&self) -> Vec<f32> {
        onehot(&self.reference, self.len(), self.length)
    }

    /// Alternative windows one-hot encoded, `(len(), 4, L)` channels-first, N → zero column.
    pub fn alt_onehot(&self) -> Vec<f32> {
        onehot(&self.alternative, self.len(), self.length)
    }
}

fn onehot(windows: &[u8], n: usize, l: usize) -> Vec<f32> {
    let mut out = vec![0f32; n * 4 * l];
    for (w, o) in windows.chunks_exact(l).zip(out.chunks_exact_mut(4 * l)) {
        seq_io::onehot::encode_into_unchecked(w, o, UnknownPolicy::Zeros);
    }
    out
}

/// Iterator of [`Batch`]es over a [`VcfReader`] and a genome.
pub struct VariantBatches<'g> {
    reader: VcfReader,
    genome: &'g dyn SequenceSource,
    opts: WindowOptions,
    batch_size: usize,
    failed: bool,
}

impl<'g> VariantBatches<'g> {
    /// Batches of at most `batch_size` (≥ 1) variants with windows built by `opts`.
    pub fn new(
        reader: VcfReader,
        genome: &'g dyn SequenceSource,
        opts: WindowOptions,
        batch_size: usize,
    ) -> Result<Self> {
        if batch_size == 0 {
            return Err(VariantError::InvalidArgument("batch size must be at least 1".into()));
        }
        if opts.length == 0 {
            return Err(VariantError::InvalidArgument("window length must be at least 1".into()));
        }
        Ok(VariantBatches { reader, genome, opts, batch_size, failed: false })
    }

    /// The counts so far (complete once the iterator has ended).
    pub fn report(&self) -> &SkipReport {
        self.reader.report()
    }

    /// The underlying reader (its header, for the annotated-VCF writer).
    pub fn reader(&self) -> &VcfReader {
        &self.reader
    }

    fn next_batch(&mut self) -> Result<Option<Batch>> {
        let l = self.opts.length;
        let mut batch = Batch {
            variants: Vec::with_capacity(self.batch_size),
            reference: Vec::with_capacity(self.batch_size * l),
            alternative: Vec::with_capacity(self.batch_size * l),
            length: l,
        };
        while batch.len() < self.batch_size {
            let Some(v) = self.reader.next() else { break };
            let v = v?;
            let path = self.reader.path().to_path_buf();
            let built = build_windows(self.genome, &v, &self.opts, &path, self.reader.report_mut())?;
            if let Some(w) = built {
                batch.reference.extend_from_slice(&w.reference);
                batch.alternative.extend_from_slice(&w.alternative);
                batch.variants.push(v);
            } else {
                // skipped at the window stage: no longer an emitted variant
                self.reader.report_mut().variants -= 1;
            }
        }
        Ok(if batch.is_empty() { None } else { Some(batch) })
    }
}

impl Iterator for VariantBatches<'_> {
    type Item = Result<Batch>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        match self.next_batch() {
            Ok(b) => b.map(Ok),
            Err(e) => {
                self.failed = true;
                Some(Err(e))
            }
        }
    }
}
