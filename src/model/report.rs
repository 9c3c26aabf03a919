//! What the report page shows: a scan, each cluster's copies diffed against its longest, overlaps and template pairs.

use super::diff::Comparison;
use super::{Pair, ScanResult};

/// Most members of one cluster diffed on the page: a story copied ten
/// thousand times would make a page no browser opens.
pub const MAX_DIFFS_PER_CLUSTER: usize = 50;

/// A cluster: its longest member first, then each other member's diff against it.
pub struct ClusterDiffs {
    pub id: usize,
    pub base: String,
    pub diffs: Vec<Comparison>,
    /// Members past [`MAX_DIFFS_PER_CLUSTER`], listed but not diffed.
    pub not_diffed: usize,
}

/// An `overlap` pair with the text of each shared passage (as in `a`).
pub struct Overlap {
    pub pair: Pair,
    pub passages: Vec<String>,
}

/// A `template` pair: its slots (in the pair), and the two texts diffed
/// side by side, for the first [`MAX_DIFFS_PER_CLUSTER`] pairs.
pub struct Twins {
    pub pair: Pair,
    pub diff: Option<Comparison>,
}

/// Everything the report page shows.
pub struct Report {
    pub scan: ScanResult,
    pub clusters: Vec<ClusterDiffs>,
    pub overlaps: Vec<Overlap>,
    pub templates: Vec<Twins>,
}
