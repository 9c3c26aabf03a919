//! The serializable result of `reprint diff` (its `--format json` schema).

use serde::{Deserialize, Serialize};

/// What kind of difference a variant is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VariantKind {
    /// Different wording in the same place.
    Replace,
    /// Text only in `a`.
    Delete,
    /// Text only in `b`.
    Insert,
    /// Only punctuation differs (`，` for `、`); width and form never count.
    Punctuation,
    /// A passage that sits elsewhere in `b`, (nearly) unchanged.
    Move,
}

/// One reviewer-visible difference. Offsets are source byte offsets `[start, end)`
/// into the input as stored; an empty side has `start == end` where the text would go.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Variant {
    pub kind: VariantKind,
    /// The text in `a` (cleaned), empty for an insertion.
    pub a: String,
    /// The text in `b` (cleaned), empty for a deletion.
    pub b: String,
    pub a_start: u32,
    pub a_end: u32,
    pub b_start: u32,
    pub b_end: u32,
}

/// Everything `reprint diff` found between two texts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DiffReport {
    /// The first input as given (`path` or `path#N`).
    pub a: String,
    /// The second input as given.
    pub b: String,
    /// The file `a`'s offsets point into.
    pub a_source: String,
    pub b_source: String,
    /// Equal chars over the mean length, compared without whitespace, in [0, 1].
    pub similarity: f64,
    /// The diff hit its deadline: the result is coarser than a minimal diff.
    pub truncated: bool,
    /// Why the result is coarse, when it is.
    pub note: Option<String>,
    pub variants: Vec<Variant>,
}
