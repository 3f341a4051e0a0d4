//! The first convolution over one-hot input as a gather: each output sums `width` rows of a table
//! `[tap][base][filter]` instead of `4·width` products. The output is laid out `[position][filter]`, so the
//! max-pool that follows runs vectorised across filters.

use super::tile::Isa;

/// Filters per vector chunk.
const LANES: usize = 8;
/// Positions per register tile.
const TILE: usize = 4;
/// Code of an all-zero column (padding, or an `N` encoded as zeros).
pub const ZERO: u8 = 4;

/// For each padded position of one sequence `(4, L)`, its base (0..4) or [`ZERO`]; `false` (and `bases`
/// unspecified) when a column is neither one-hot (a single exact 1.0) nor all zeros.
pub fn encode_bases(x: &[f32], length: usize, pad_left: usize, bases: &mut [u8]) -> bool {
    bases.fill(ZERO);
    let (a, rest) = x.split_at(length);
    let (c, rest) = rest.split_at(length);
    let (g, t) = rest.split_at(length);
    let dst = &mut bases[pad_left..pad_left + length];
    let mut valid = true;
    for (p, d) in dst.iter_mut().enumerate() {
        let col = [a[p], c[p], g[p], t[p]];
        let (mut ones, mut zeros) = (0u32, 0u32);
        for (i, v) in col.iter().enumerate() {
            ones |= ((*v == 1.0) as u32) << i;
            zeros |= ((*v == 0.0) as u32) << i;
        }
        valid &= (ones | zeros) == 15 && ones.count_ones() <= 1;
        *d = if ones == 0 { ZERO } else { ones.trailing_zeros() as u8 };
    }
    valid
}

/// The gather table of a kernel `(F, 4, K)` and its biases over pairs of taps: row
/// `(k2·25 + b1·5 + b2)` holds, for every filter, the weight of base `b1` at tap `2·k2` plus that of base `b2`
/// at tap `2·k2 + 1` (base [`ZERO`] and taps past the kernel weigh 0). `fp` is the filters rounded up to whole
/// vector chunks (padding filters are zero).
#[derive(Debug, Clone)]
pub struct GatherTable {
    table: Vec<f32>,
    bias: Vec<f32>,
    /// Real filters.
    pub filters: usize,
    /// Filters rounded up to a multiple of the vector chunk.
    pub padded_filters: usize,
    /// Kernel width.
    pub width: usize,
}

impl GatherTable {
    /// Builds the table of `weight (F, 4, K)` and `bias (F)`.
    pub fn new(weight: &[f32], bias: &[f32], filters: usize, width: usize) -> Self {
        let fp = filters.div_ceil(LANES) * LANES;
        let pairs = width.div_ceil(2);
        let tap = |f: usize, b: usize, k: usize| {
            if b < 4 && k < width {
                weight[(f * 4 + b) * width + k]
            } else {
                0.0
            }
        };
        let mut table = vec![0.0f32; pairs * 25 * fp];
        for k2 in 0..pairs {
            for b1 in 0..5 {
                for b2 in 0..5 {
                    for f in 0..filters {
                        table[(k2 * 25 + b1 * 5 + b2) * fp + f] = tap(f, b1, 2 * k2) + tap(f, b2, 2 * k2 + 1);
                    }
                }
            }
        }
        let mut padded_bias = bias.to_vec();
        padded_bias.resize(fp, 0.0);
        Self { table, bias: padded_bias, filters, padded_filters: fp, width }
    }

    /// Number of tap pairs.
    fn pairs(&self) -> usize {
        self.width.div_ceil(2)
    }
}

/// Length of the `bases` a sequence needs: `conv_length + width` (the last pair may read one past the kernel).
pub fn bases_len(conv_length: usize, width: usize) -> usize {
    conv_length + width + 1
}

/// Convolution outputs `out[p·fp + f]` for `conv_length` positions of a sequence given by its padded `bases`
/// (at least [`bases_len`] long); `offsets` is scratch of the same length.
pub fn conv_gather(isa: Isa, t: &GatherTable, bases: &[u8], offsets: &mut [u32], conv_length: usize, out: &mut [f32]) {
    let n = conv_length + 2 * t.pairs() - 1;
    assert!(bases.len() > n && offsets.len() >= n && out.len() >= conv_length * t.padded_filters);
    for (q, o) in offsets[..n].iter_mut().enumerate() {
        *o = ((bases[q] as usize * 5 + bases[q + 1] as usize) * t.padded_filters) as u32;
    }
    match isa {
        #[cfg(target_arch = "x86_64")]
        Isa::Avx2Fma | Isa::Avx512 if Isa::Avx2Fma.available() => {
            // SAFETY: the CPU supports AVX2 and FMA (checked just above).
            unsafe { conv_gather_avx2(t, &offsets[..n], conv_length, out) }
        }
        _ => conv_gather_body(t, &offsets[..n], conv_length, out),
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
unsafe fn conv_gather_avx2(t: &GatherTable, offsets: &[u32], conv_length: usize, out: &mut [f32]) {
    conv_gather_body(t, offsets, conv_length, out)
}

#[inline(always)]
fn conv_gather_body(t: &GatherTable, offsets: &[u32], conv_length: usize, out: &mut [f32]) {
    let fp = t.padded_filters;
    let pair_len = 25 * fp;
    let full = conv_length / TILE * TILE;
    for c0 in (0..fp).step_by(LANES) {
        let bias: [f32; LANES] = t.bias[c0..c0 + LANES].try_into().expect("LANES filters");
        let chunk =
            |at: usize| -> [f32; LANES] { t.table[at + c0..at + c0 + LANES].try_into().expect("LANES filters") };
        for p0 in (0..full).step_by(TILE) {
            let mut acc = [bias; TILE];
            for k2 in 0..t.pairs() {
                let base = k2 * pair_len;
                let offs: [u32; TILE] = offsets[p0 + 2 * k2..p0 + 2 * k2 + TILE].try_into().expect("TILE offsets");
                for (a, off) in acc.iter_mut().zip(offs) {
                    let row = chunk(base + off as usize);
                    for i in 0..LANES {
                        a[i] += row[i];
                    }
                }
            }
            for (r, a) in acc.iter().enumerate() {
                out[(p0 + r) * fp + c0..(p0 + r) * fp + c0 + LANES].copy_from_slice(a);
            }
        }
        for p in full..conv_length {
            let mut a = bias;
            for k2 in 0..t.pairs() {
                let row = chunk(k2 * pair_len + offsets[p + 2 * k2] as usize);
                for i in 0..LANES {
                    a[i] += row[i];
                }
            }
            out[p * fp + c0..p * fp + c0 + LANES].copy_from_slice(&a);
        }
    }
}

/// Max-pools (with ReLU when asked) the `[position][filter]` outputs into `out (F, P)` and `argmax`.
#[allow(clippy::too_many_arguments)]
pub fn pool_transposed(
    conv: &[f32],
    fp: usize,
    filters: usize,
    p: usize,
    o: &super::ConvPoolOptions,
    out: &mut [f32],
    mut arg: Option<&mut [i32]>,
) {
    for j in 0..p {
        let start = j * o.pool_stride;
        for c0 in (0..fp).step_by(LANES) {
            let first: &[f32; LANES] = conv[start * fp + c0..start * fp + c0 + LANES].try_into().expect("LANES");
            let (mut best, mut at) = (*first, [start as i32; LANES]);
            for q in start + 1..start + o.pool_width {
                let v: &[f32; LANES] = conv[q * fp + c0..q * fp + c0 + LANES].try_into().expect("LANES");
                for i in 0..LANES {
                    let gt = v[i] > best[i];
                    best[i] = if gt { v[i] } else { best[i] };
                    at[i] = if gt { q as i32 } else { at[i] };
                }
            }
            for i in 0..LANES.min(filters.saturating_sub(c0)) {
                let dead = o.relu && best[i] <= 0.0;
                out[(c0 + i) * p + j] = if dead { 0.0 } else { best[i] };
                if let Some(arg) = arg.as_deref_mut() {
                    arg[(c0 + i) * p + j] = if dead { -1 } else { at[i] };
                }
            }
        }
    }
}
