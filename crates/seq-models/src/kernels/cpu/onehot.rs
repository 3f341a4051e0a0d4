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
    for p in 0..length {
        let col = [x[p], x[length + p], x[2 * length + p], x[3 * length + p]];
        let ones = col.iter().filter(|v| **v == 1.0).count();
        let zeros = col.iter().filter(|v| **v == 0.0).count();
        match (ones, zeros) {
            (1, 3) => bases[pad_left + p] = col.iter().position(|v| *v == 1.0).unwrap_or(0) as u8,
            (0, 4) => {}
            _ => return false,
        }
    }
    true
}

/// The gather table of a kernel `(F, 4, K)` and its biases: `table[(k·5 + base)·fp + f]` with `fp` the
/// filters rounded up to whole vector chunks (row [`ZERO`] and padding filters are zero).
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
        let mut table = vec![0.0f32; width * 5 * fp];
        for f in 0..filters {
            for b in 0..4 {
                for k in 0..width {
                    table[(k * 5 + b) * fp + f] = weight[(f * 4 + b) * width + k];
                }
            }
        }
        let mut padded_bias = bias.to_vec();
        padded_bias.resize(fp, 0.0);
        Self {
            table,
            bias: padded_bias,
            filters,
            padded_filters: fp,
            width,
        }
    }
}

/// Convolution outputs `out[p·fp + f]` for `conv_length` positions of a sequence given by its padded `bases`.
pub fn conv_gather(isa: Isa, t: &GatherTable, bases: &[u8], conv_length: usize, out: &mut [f32]) {
    assert!(bases.len() >= conv_length + t.width - 1 && out.len() >= conv_length * t.padded_filters);
    match isa {
        #[cfg(target_arch = "x86_64")]
        Isa::Avx2Fma if Isa::Avx2Fma.available() => {
            // SAFETY: the CPU supports AVX2 and FMA (checked just above).
            unsafe { conv_gather_avx2(t, bases, conv_length, out) }
        }
        _ => conv_gather_body(t, bases, conv_length, out),
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
unsafe fn conv_gather_avx2(t: &GatherTable, bases: &[u8], conv_length: usize, out: &mut [f32]) {
    conv_gather_body(t, bases, conv_length, out)
}

#[inline(always)]
fn conv_gather_body(t: &GatherTable, bases: &[u8], conv_length: usize, out: &mut [f32]) {
    let fp = t.padded_filters;
    let mut p0 = 0;
    while p0 < conv_length {
        let rows = TILE.min(conv_length - p0);
        for c0 in (0..fp).step_by(LANES) {
            let bias: &[f32; LANES] = t.bias[c0..c0 + LANES].try_into().expect("LANES filters");
            let mut acc = [*bias; TILE];
            for k in 0..t.width {
                for (r, a) in acc.iter_mut().enumerate().take(rows) {
                    let b = bases[p0 + r + k] as usize;
                    let row: &[f32; LANES] = t.table[(k * 5 + b) * fp + c0..(k * 5 + b) * fp + c0 + LANES]
                        .try_into()
                        .expect("LANES filters");
                    for i in 0..LANES {
                        a[i] += row[i];
                    }
                }
            }
            for (r, a) in acc.iter().enumerate().take(rows) {
                out[(p0 + r) * fp + c0..(p0 + r) * fp + c0 + LANES].copy_from_slice(a);
            }
        }
        p0 += rows;
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
            let first: &[f32; LANES] = conv[start * fp + c0..start * fp + c0 + LANES]
                .try_into()
                .expect("LANES");
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
