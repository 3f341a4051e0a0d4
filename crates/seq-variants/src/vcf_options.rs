//! What to read from a VCF ([`VcfOptions`]): shared by the reader ([`crate::vcf`]) and its input side, so
//! neither imports the other for it.

use crate::alias::ChromAlias;
use crate::region::Region;
use crate::shard::Shard;

/// What to read from a VCF.
#[derive(Debug, Clone, Default)]
pub struct VcfOptions {
    /// VCF chromosome name → genome name.
    pub alias: ChromAlias,
    /// Regions (genome names, disjoint); empty reads the whole file.
    pub regions: Vec<Region>,
    /// Keep only this shard's records (round robin on the record index); `None` keeps all.
    pub shard: Option<Shard>,
}
