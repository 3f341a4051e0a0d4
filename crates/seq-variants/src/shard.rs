//! Splitting a run into `N` shards that can run on different machines and be merged afterwards.
//!
//! A shard is written `i/N` with a **0-based** index: `0/3`, `1/3`, `2/3` are the three shards of a run
//! (`3/3`, `3/2`, `0/0`, `-1/2`, `a/b` are errors). Two assignments:
//! - **by record** ([`Shard::owns`]): record `k` (its [`crate::Variant::record_index`]) belongs to shard
//!   `k mod N`. Round robin rather than contiguous blocks because it needs no count of the records in
//!   advance (the VCF is streamed once), keeps every shard within one record of the others, and spreads
//!   dense regions (and the genome fetches they cost) evenly. All ALTs of a record stay in one shard.
//! - **by region** ([`Shard::regions`]): the genome (chromosomes concatenated in the genome's order) is cut
//!   into `N` contiguous pieces of equal length in base pairs; a shard reads only its pieces (through the
//!   tabix index when there is one). Balanced in genome length, not in variant count.

use crate::error::{Result, VariantError};
use crate::region::Region;
use crate::source::SequenceSource;
use std::fmt;
use std::str::FromStr;

/// Shard `index` of `count` (0-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Shard {
    /// 0-based shard index, `< count`.
    pub index: u64,
    /// Number of shards, `>= 1`.
    pub count: u64,
}

impl Shard {
    /// The whole run as one shard (`0/1`).
    pub const WHOLE: Shard = Shard { index: 0, count: 1 };

    /// Builds a shard, checking `index < count`.
    pub fn new(index: u64, count: u64) -> Result<Self> {
        let text = format!("{index}/{count}");
        if count == 0 {
            return Err(VariantError::Shard { text, message: "the number of shards must be at least 1".into() });
        }
        if index >= count {
            return Err(VariantError::Shard {
                text,
                message: format!(
                    "the shard index is 0-based and must be below {count} (0/{count} … {}/{count})",
                    count - 1
                ),
            });
        }
        Ok(Shard { index, count })
    }

    /// Whether record `k` belongs to this shard (round robin).
    pub fn owns(&self, record_index: u64) -> bool {
        record_index % self.count == self.index
    }

    /// This shard's part of the genome when sharding by region: contiguous pieces of equal length of
    /// the chromosomes concatenated in the genome's order.
    pub fn regions(&self, genome: &dyn SequenceSource) -> Vec<Region> {
        let chroms: Vec<(String, u64)> = genome
            .chrom_names()
            .into_iter()
            .map(|n| {
                let len = genome.chrom_len(&n).unwrap_or(0);
                (n, len)
            })
            .collect();
        let total: u64 = chroms.iter().map(|c| c.1).sum();
        let cut = |j: u64| ((total as u128 * j as u128) / self.count as u128) as u64;
        let (lo, hi) = (cut(self.index), cut(self.index + 1));
        let mut out = Vec::new();
        let mut offset = 0u64;
        for (name, len) in chroms {
            let (a, b) = (offset, offset + len); // this chromosome covers [a, b) of the concatenation
            offset = b;
            let (s, e) = (lo.max(a), hi.min(b));
            if s < e {
                out.push(Region { chrom: name, start: s - a + 1, end: e - a });
            }
        }
        out
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl FromStr for Shard {
    type Err = VariantError;

    fn from_str(text: &str) -> Result<Self> {
        let err = |message: &str| VariantError::Shard { text: text.to_string(), message: message.to_string() };
        let (i, n) = text
            .trim()
            .split_once('/')
            .ok_or_else(|| err("expected i/N, e.g. 0/4 (0-based index / number of shards)"))?;
        let i: u64 = i.trim().parse().map_err(|_| err("the index (before /) is not a non-negative integer"))?;
        let n: u64 = n.trim().parse().map_err(|_| err("the number of shards (after /) is not a positive integer"))?;
        Shard::new(i, n).map_err(|e| match e {
            VariantError::Shard { message, .. } => VariantError::Shard { text: text.to_string(), message },
            other => other,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::InMemoryGenome;

    #[test]
    fn parse_accepts_0_based_and_refuses_the_rest() {
        assert_eq!("2/3".parse::<Shard>().expect("valid"), Shard { index: 2, count: 3 });
        assert_eq!("0/1".parse::<Shard>().expect("valid"), Shard::WHOLE);
        for bad in ["3/2", "0/0", "3/3", "-1/2", "a/2", "1/b", "1", "1/2/3", ""] {
            let e = bad.parse::<Shard>().expect_err(bad);
            assert!(e.to_string().contains(&format!("{bad:?}")), "{e}");
        }
    }

    #[test]
    fn round_robin_partitions_records() {
        let shards: Vec<Shard> = (0..7).map(|i| Shard::new(i, 7).expect("valid")).collect();
        for k in 0..100u64 {
            assert_eq!(shards.iter().filter(|s| s.owns(k)).count(), 1);
            assert!(shards[(k % 7) as usize].owns(k));
        }
    }

    #[test]
    fn region_shards_tile_the_genome() {
        let g = InMemoryGenome::new(vec![("a".into(), vec![b'A'; 10]), ("b".into(), vec![b'C'; 5])]).expect("genome");
        let parts: Vec<Vec<Region>> = (0..4).map(|i| Shard::new(i, 4).expect("valid").regions(&g)).collect();
        // 15 bp in 4 pieces: cuts at 3, 7, 11 → a:1-3 | a:4-7 | a:8-10, b:1-1 | b:2-5
        let show: Vec<String> =
            parts.iter().map(|p| p.iter().map(|r| r.to_string()).collect::<Vec<_>>().join(",")).collect();
        assert_eq!(show, vec!["a:1-3", "a:4-7", "a:8-10,b:1-1", "b:2-5"]);
    }
}
