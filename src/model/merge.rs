//! What `merge` decides beyond the merged documents: which text each story keeps, and the `index.json` of an output directory.

use super::MergedDocument;
use serde::{Deserialize, Serialize};

/// What each story's output document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    Merged,
    First,
    Longest,
}

impl Keep {
    pub fn name(self) -> &'static str {
        match self {
            Keep::Merged => "merged",
            Keep::First => "first",
            Keep::Longest => "longest",
        }
    }
}

/// One document of `index.json`: its files and everything known about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndexEntry {
    /// The `.txt` file with the document's text.
    pub file: String,
    /// Per witness, the unified diff of its cleaned text against the document's.
    pub diffs: Vec<WitnessDiff>,
    pub document: MergedDocument,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WitnessDiff {
    pub witness: String,
    pub file: String,
}

/// `index.json` as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Index {
    pub documents: Vec<IndexEntry>,
}
