//! The convolution micro-kernel: a register tile of [`TILE_F`] filters × [`TILE_P`] positions accumulated over
//! channels and kernel taps, written once as portable Rust and compiled twice: plainly (auto-vectorised with
//! the target's baseline SIMD) and, on x86-64 CPUs that have them, with AVX2 + FMA or AVX-512 enabled (the same
//! arithmetic in the same order, in wider registers: the results are bit-identical).

/// Filters per register tile.
pub const TILE_F: usize = 6;
/// Positions per register tile.
pub const TILE_P: usize = 16;

/// Instruction set the convolution kernel runs with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Isa {
    /// Portable Rust, vectorised by the compiler for the build target's baseline.
    Portable,
    /// x86-64 AVX2 with fused multiply-add (chosen at run time when the CPU has both).
    Avx2Fma,
    /// x86-64 AVX-512F with AVX2 and FMA: the tiled convolution in 512-bit registers; the other kernels
    /// run their AVX2 build.
    Avx512,
}

impl Isa {
    /// The fastest instruction set this CPU supports.
    pub fn detect() -> Self {
        #[cfg(target_arch = "x86_64")]
        {
            if std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma") {
                if std::arch::is_x86_feature_detected!("avx512f") {
                    return Isa::Avx512;
                }
                return Isa::Avx2Fma;
            }
        }
        Isa::Portable
    }

    /// Whether this CPU can run `self`.
    pub fn available(self) -> bool {
        match self {
            Isa::Portable => true,
            Isa::Avx2Fma => matches!(Isa::detect(), Isa::Avx2Fma | Isa::Avx512),
            Isa::Avx512 => Isa::detect() == Isa::Avx512,
        }
    }
}

/// A kernel `(F, C, K)` repacked for the micro-kernel: blocks of [`TILE_F`] filters laid out `[c][k][filter]`,
/// the last block zero-filled, and the biases zero-padded to whole blocks.
#[derive(Debug, Clone)]
pub struct PackedWeights {
    data: Vec<f32>,
    bias: Vec<f32>,
    /// Real filters.
    pub filters: usize,
    /// Input channels.
    pub channels: usize,
    /// Kernel width.
    pub width: usize,
}

impl PackedWeights {
    /// Packs `weight (F, C, K)` row-major and `bias (F)`.
    pub fn new(weight: &[f32], bias: &[f32], filters: usize, channels: usize, width: usize) -> Self {
        assert_eq!(weight.len(), filters * channels * width, "kernel size");
        assert_eq!(bias.len(), filters, "bias size");
        let blocks = filters.div_ceil(TILE_F);
        let block_len = channels * width * TILE_F;
        let mut data = vec![0.0f32; blocks * block_len];
        for f in 0..filters {
            let (b, i) = (f / TILE_F, f % TILE_F);
            for c in 0..channels {
                for k in 0..width {
                    data[b * block_len + (c * width + k) * TILE_F + i] = weight[(f * channels + c) * width + k];
                }
            }
        }
        let mut padded_bias = bias.to_vec();
        padded_bias.resize(blocks * TILE_F, 0.0);
        Self { data, bias: padded_bias, filters, channels, width }
    }

    /// Number of filter blocks.
    pub fn blocks(&self) -> usize {
        self.filters.div_ceil(TILE_F)
    }

    fn block(&self, b: usize) -> &[f32] {
        let len = self.channels * self.width * TILE_F;
        &self.data[b * len..(b + 1) * len]
    }
}

/// Convolution of one zero-padded sequence.
///
/// `xpad` holds `channels` rows of `row_len` values, each at least `tiles·TILE_P + width - 1` long;
/// `out` receives `blocks·TILE_F` rows of `tiles·TILE_P` values (padding filters and positions included).
pub fn conv_rows(isa: Isa, w: &PackedWeights, xpad: &[f32], row_len: usize, tiles: usize, out: &mut [f32]) {
    match isa {
        #[cfg(target_arch = "x86_64")]
        Isa::Avx512 if Isa::Avx512.available() => {
            // SAFETY: the CPU supports AVX-512F, AVX2 and FMA (checked just above).
            unsafe { conv_rows_avx512(w, xpad, row_len, tiles, out) }
        }
        #[cfg(target_arch = "x86_64")]
        Isa::Avx2Fma | Isa::Avx512 if Isa::Avx2Fma.available() => {
            // SAFETY: the CPU supports AVX2 and FMA (checked just above).
            unsafe { conv_rows_avx2(w, xpad, row_len, tiles, out) }
        }
        _ => conv_rows_body::<false>(w, xpad, row_len, tiles, out),
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx2,fma")]
unsafe fn conv_rows_avx512(w: &PackedWeights, xpad: &[f32], row_len: usize, tiles: usize, out: &mut [f32]) {
    conv_rows_body::<true>(w, xpad, row_len, tiles, out)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
unsafe fn conv_rows_avx2(w: &PackedWeights, xpad: &[f32], row_len: usize, tiles: usize, out: &mut [f32]) {
    conv_rows_body::<true>(w, xpad, row_len, tiles, out)
}

#[inline(always)]
fn conv_rows_body<const FMA: bool>(w: &PackedWeights, xpad: &[f32], row_len: usize, tiles: usize, out: &mut [f32]) {
    let ld = tiles * TILE_P;
    assert!(row_len >= ld + w.width - 1 && xpad.len() >= w.channels * row_len, "padded input too short");
    assert!(out.len() >= w.blocks() * TILE_F * ld, "output too short");
    for b in 0..w.blocks() {
        let block = w.block(b);
        let bias = &w.bias[b * TILE_F..(b + 1) * TILE_F];
        for t in 0..tiles {
            let p0 = t * TILE_P;
            let acc = tile::<FMA>(xpad, row_len, w.channels, w.width, block, p0);
            for (i, row) in acc.iter().enumerate() {
                let dst = &mut out[(b * TILE_F + i) * ld + p0..(b * TILE_F + i) * ld + p0 + TILE_P];
                for (d, a) in dst.iter_mut().zip(row) {
                    *d = a + bias[i];
                }
            }
        }
    }
}

#[inline(always)]
fn madd<const FMA: bool>(a: f32, b: f32, c: f32) -> f32 {
    if FMA {
        a.mul_add(b, c)
    } else {
        a * b + c
    }
}

#[inline(always)]
fn tile<const FMA: bool>(
    xpad: &[f32],
    row_len: usize,
    channels: usize,
    width: usize,
    block: &[f32],
    p0: usize,
) -> [[f32; TILE_P]; TILE_F] {
    let mut acc = [[0.0f32; TILE_P]; TILE_F];
    for c in 0..channels {
        let row = &xpad[c * row_len + p0..c * row_len + p0 + width - 1 + TILE_P];
        let taps = &block[c * width * TILE_F..(c + 1) * width * TILE_F];
        for k in 0..width {
            let xs: &[f32; TILE_P] = row[k..k + TILE_P].try_into().expect("TILE_P positions");
            let ws: &[f32; TILE_F] = taps[k * TILE_F..(k + 1) * TILE_F].try_into().expect("TILE_F filters");
            for i in 0..TILE_F {
                for j in 0..TILE_P {
                    acc[i][j] = madd::<FMA>(ws[i], xs[j], acc[i][j]);
                }
            }
        }
    }
    acc
}
