//! Two texts compared: the edits renderers highlight, side-by-side rows, and the serializable report (`diff --format json`).

use super::Span;
use serde::{Deserialize, Serialize};
use std::ops::Range;

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

/// A cleaned text and where each of its chars came from.
#[derive(Debug, Clone)]
pub struct Text {
    /// How the user named it (`path` or `path#N`).
    pub name: String,
    /// The file `map` points into.
    pub source: String,
    pub text: String,
    /// Source byte range of every char of `text`.
    pub map: Vec<Span>,
}

/// A variant in cleaned-char coordinates (what renderers highlight).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub kind: VariantKind,
    /// Cleaned char range in `a` (empty where `b` inserts).
    pub a: Range<usize>,
    pub b: Range<usize>,
}

/// Two texts compared: the edits for renderers, the rows for side-by-side
/// views, and the serializable report.
#[derive(Debug, Clone)]
pub struct Comparison {
    pub a: Text,
    pub b: Text,
    /// In order of their place in `a` (a move by where it was in `a`).
    pub edits: Vec<Edit>,
    pub rows: Vec<Row>,
    pub report: DiffReport,
}

impl Comparison {
    /// `b`'s text in `a`'s paragraphs (breaks `b` has next to text of its own kept).
    pub fn b_in_a_layout(&self) -> String {
        let bc: Vec<char> = self.b.text.chars().collect();
        let mut out = String::new();
        for row in &self.rows {
            for (k, r) in row.b.iter().enumerate() {
                if !out.is_empty() {
                    out.push_str(if k == 0 && !row.a_sep.is_empty() {
                        &row.a_sep
                    } else {
                        "\n\n"
                    });
                }
                out.extend(bc[r.clone()].iter().filter(|&&c| c != '\n'));
            }
        }
        out
    }
}

/// The paragraph (line) diff a unified diff shows: `a`'s cleaned text and
/// `b`'s in `a`'s paragraphs, each line ending in a newline, and the ops between their lines.
#[derive(Debug, Clone)]
pub struct ParagraphDiff {
    pub a: String,
    pub b: String,
    pub ops: Vec<similar::DiffOp>,
}

/// One row: a paragraph of `a` (cleaned chars) and the paragraphs of `b` aligned with it.
/// A newline left inside a `b` range is a layout break: renderers drop it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub a: Range<usize>,
    /// The newline run before this row in `a` (empty for the first row).
    pub a_sep: String,
    pub b: Vec<Range<usize>>,
}

impl Text {
    /// A source cleaned, as a side of a comparison named by its id.
    pub fn cleaned(source: &super::Source, opts: &crate::normalize::CleanOptions) -> Text {
        let c = crate::normalize::clean(source, opts);
        Text {
            name: source.id.clone(),
            source: source.path.clone(),
            text: c.text,
            map: c.map,
        }
    }
}
