//! The serializable data model every pipeline stage produces and every renderer reads.

pub mod diff;
pub mod merge;
pub mod report;

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Per-char byte offsets of UTF-8 text that is its own source, shifted by
/// `base`, then its end: the offsets a [`Source`] read as UTF-8 carries.
pub fn utf8_offsets(text: &str, base: usize) -> Vec<u32> {
    let mut offsets = Vec::with_capacity(text.chars().count() + 1);
    offsets.extend(text.char_indices().map(|(i, _)| (base + i) as u32));
    offsets.push((base + text.len()) as u32);
    offsets
}

/// A half-open byte range `[start, end)` in the original input bytes of a [`Source`].
pub type Span = [u32; 2];

/// One decoded input document: a file, stdin, or one JSON Lines record.
///
/// `offsets[i]` is the byte offset in the original input where char `i` of `text`
/// starts; `offsets[text.chars().count()]` is the input length. For files the
/// bytes are the file as stored (before decoding), so GB18030 and UTF-16 inputs
/// report offsets into their own encoding. For JSON Lines records they are byte
/// offsets into the record's `text` value as UTF-8, and may be left empty (a
/// scan reads records lean): empty offsets mean the text is its own source.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    /// Document id: the file stem (`001_0ed2445f5550d6ea`) or the record's `id`.
    pub id: String,
    /// The path as given on the command line (`-` for stdin); for records `path:line`.
    pub path: String,
    /// The encoding the bytes were decoded from (`UTF-8`, `GB18030`, `UTF-16LE`, ...).
    pub encoding: String,
    pub text: String,
    pub offsets: Vec<u32>,
    /// The other fields of a JSON Lines record, kept for output.
    pub record: Option<serde_json::Map<String, serde_json::Value>>,
    /// Where a JSON Lines record read from a regular file is in that file,
    /// so that it can be read again instead of being held.
    pub at: Option<RecordAt>,
    /// Set when the file was too large to read whole and this is one piece of it.
    pub piece: Option<Piece>,
}

/// Where a [`Source`] stands in a file read in pieces (see `input::pieces`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piece {
    /// 0 for the file's first piece.
    pub index: u32,
    /// The file's last piece.
    pub last: bool,
    /// What the cleaned text of the piece before and this one's are joined with.
    pub joiner: &'static str,
    /// The source span each char of `joiner` maps to (the break it stands for).
    pub joiner_span: Span,
}

/// A JSON Lines record's line in its file: `len` bytes from byte `offset`,
/// without the line ending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordAt {
    pub file: std::sync::Arc<std::path::PathBuf>,
    pub offset: u64,
    pub len: u32,
}

impl Source {
    /// A source whose text is its own UTF-8 bytes (tests, JSONL records, stdin as UTF-8).
    pub fn from_utf8_text(id: &str, path: &str, text: &str) -> Source {
        let offsets = crate::model::utf8_offsets(text, 0);
        Source {
            id: id.to_string(),
            path: path.to_string(),
            encoding: "UTF-8".to_string(),
            text: text.to_string(),
            offsets,
            record: None,
            at: None,
            piece: None,
        }
    }

    /// Record `line` (1-based) of the JSON Lines input named `display`
    /// (`stem`: its file stem), as every reader of records names it: the id
    /// given, or `stem:line`; the source `display:line`. `lean`: no offsets,
    /// the text is its own source (a scan needs no more).
    pub fn of_record(
        id: Option<String>,
        text: String,
        record: Option<serde_json::Map<String, serde_json::Value>>,
        (display, stem, line): (&str, &str, u64),
        lean: bool,
    ) -> Source {
        Source {
            id: id.unwrap_or_else(|| format!("{stem}:{line}")),
            path: format!("{display}:{line}"),
            encoding: "UTF-8".to_string(),
            offsets: if lean {
                Vec::new()
            } else {
                crate::model::utf8_offsets(&text, 0)
            },
            text,
            record,
            at: None,
            piece: None,
        }
    }
}

/// What kind of thing a cleaning rule took out (serialized by its snake_case name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RemovalKind {
    /// Tags, entities, Markdown marks, CSS/JS left as text.
    Markup,
    /// A bare URL.
    Url,
    /// Menus, link bars, breadcrumbs, page labels.
    Navigation,
    /// Where and when the page was published (`来源：…`, a print-edition line, a timestamp).
    SourceLine,
    /// `本文字数:1025,阅读时长大约2分钟`.
    ReadingTime,
    /// Citation marks in an English summary (`[1]`).
    Citation,
    /// A snippet's trailing ` ...`.
    Truncation,
    /// `原标题：…`.
    OriginalTitle,
    /// Editor and proofreader credits.
    Editor,
    /// Share bars and "open on your phone" lines.
    Share,
    /// Copyright and licence lines.
    Copyright,
    /// A broadcast lead (`央视网消息（新闻联播）：`).
    Lead,
    /// A sign-off such as `（完）`.
    SignOff,
}

impl RemovalKind {
    /// The name JSON output uses (and `--stats` counts under).
    pub fn name(self) -> &'static str {
        match self {
            RemovalKind::Markup => "markup",
            RemovalKind::Url => "url",
            RemovalKind::Navigation => "navigation",
            RemovalKind::SourceLine => "source_line",
            RemovalKind::ReadingTime => "reading_time",
            RemovalKind::Citation => "citation",
            RemovalKind::Truncation => "truncation",
            RemovalKind::OriginalTitle => "original_title",
            RemovalKind::Editor => "editor",
            RemovalKind::Share => "share",
            RemovalKind::Copyright => "copyright",
            RemovalKind::Lead => "lead",
            RemovalKind::SignOff => "sign_off",
        }
    }
}

/// Tests and callers may name a kind as JSON does.
impl PartialEq<&str> for RemovalKind {
    fn eq(&self, other: &&str) -> bool {
        self.name() == *other
    }
}

/// What a cleaning rule took out of the text (and where it was).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Removal {
    pub kind: RemovalKind,
    pub text: String,
    pub span: Span,
}

/// Which way a jump marker points (serialized as `from` / `to`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// This text continues from another page (上接).
    From,
    /// It goes on elsewhere (下转, 转, 转至).
    To,
}

impl Direction {
    pub fn name(self) -> &'static str {
        match self {
            Direction::From => "from",
            Direction::To => "to",
        }
    }
}

/// A jump marker such as `（上接第一版）` or `(下转第5版)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Continuation {
    pub direction: Direction,
    /// The page as printed: `1`, `01`, `第一版` → `1`, `A2`.
    pub page: String,
    pub text: String,
    pub span: Span,
}

/// A recognized dateline (`新华社北京6月9日电`) or byline (`新华社记者 叶书宏`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Found {
    pub text: String,
    pub span: Span,
}

/// A traditional or variant character found in simplified text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VariantChar {
    pub found: String,
    pub simplified: String,
    /// Whether the cleaner replaced it (only where the mapping is unambiguous).
    pub corrected: bool,
    pub span: Span,
}

/// The result of cleaning one [`Source`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cleaned {
    pub text: String,
    /// One source byte range per char of `text`.
    pub map: Vec<Span>,
    pub removed: Vec<Removal>,
    pub continuations: Vec<Continuation>,
    pub datelines: Vec<Found>,
    pub bylines: Vec<Found>,
    pub variants: Vec<VariantChar>,
    /// The text ended in a snippet ellipsis (` ...`) that was removed.
    pub truncated: bool,
    /// How many times each rule changed something.
    pub stats: BTreeMap<String, u64>,
}

/// A cleaned input as `reprint clean` reports it (`--format json`/`jsonl`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CleanedDocument {
    pub id: String,
    /// The path as given (`-` for stdin, `path:line` for a JSON Lines record).
    pub source: String,
    pub encoding: String,
    pub text: String,
    pub truncated: bool,
    pub removed: Vec<Removal>,
    pub continuations: Vec<Continuation>,
    pub datelines: Vec<Found>,
    pub bylines: Vec<Found>,
    pub variants: Vec<VariantChar>,
    pub stats: BTreeMap<String, u64>,
    /// Source byte range of every char of `text` (only with `--map`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub map: Option<Vec<Span>>,
}

impl CleanedDocument {
    pub fn new(source: &Source, cleaned: Cleaned, with_map: bool) -> CleanedDocument {
        CleanedDocument {
            id: source.id.clone(),
            source: source.path.clone(),
            encoding: source.encoding.clone(),
            text: cleaned.text,
            truncated: cleaned.truncated,
            removed: cleaned.removed,
            continuations: cleaned.continuations,
            datelines: cleaned.datelines,
            bylines: cleaned.bylines,
            variants: cleaned.variants,
            stats: cleaned.stats,
            map: with_map.then_some(cleaned.map),
        }
    }
}

/// One article cut out of a page by `reprint split`, its layout pieces stitched back together.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Article {
    /// `<file stem>#<n>`, n from 1 in reading order of the article's first piece.
    pub id: String,
    /// The page's path as given.
    pub source: String,
    /// The headline, when the article has one on this page.
    pub title: Option<String>,
    /// A `——` subtitle or kicker lines around the headline.
    pub subtitle: Option<String>,
    /// The cleaned body: paragraphs separated by a blank line.
    pub text: String,
    /// Source byte ranges of the pieces, in reading order.
    pub pieces: Vec<Span>,
    /// Begins with a continuation marker: the start is on another page.
    pub continued: bool,
    /// The page it continues from (`1` for `（上接第一版）`), when known.
    pub continued_from: Option<String>,
    /// Ends mid-sentence with no continuation found.
    pub incomplete: bool,
    /// Ends with a jump marker to a page not in the run (`4` for `（下转第4版）`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub continues_to: Option<String>,
    /// The file of each piece (beside `pieces`), for an article stitched across
    /// files; the `map` spans of a piece's chars are offsets in its file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sources: Option<Vec<String>>,
    /// A snippet that ends in ` ...`.
    pub truncated: bool,
    pub byline: Option<String>,
    pub dateline: Option<String>,
    /// Source byte range of every char of `text` (only with `--map`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub map: Option<Vec<Span>>,
    /// Where its first and last pieces are printed, for stitching across pages.
    #[serde(skip)]
    pub layout: Option<Box<crate::model::ArticleLayout>>,
}

/// The pages an article's ends are printed on (labels as the markers spell them: `4`, `A11`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArticleLayout {
    /// The run's edition the page belongs to (file name without its page label).
    pub edition: String,
    pub first_page: Option<String>,
    pub last_page: Option<String>,
}

/// A unit compared by `reprint scan`: an article, a whole file or a JSONL record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScanDocument {
    pub id: String,
    pub source: String,
    pub title: Option<String>,
    /// Chars of the comparison key (cleaned text without spaces and punctuation).
    pub chars: usize,
}

/// One shared passage: source byte ranges in each document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SharedSpan {
    pub a: Span,
    pub b: Span,
}

/// How two documents relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// Each covers most of the other.
    Duplicate,
    /// `a` holds most of `b`.
    Contains,
    /// `b` holds most of `a`.
    ContainedIn,
    /// They share passages.
    Overlap,
    /// Issued from one template (two telegrams, notices, warnings): copies
    /// by coverage that differ in names, places, dates or numbers.
    Template,
}

/// A place where template twins differ: what each key has there (folded
/// chars), and the source byte ranges.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Slot {
    pub a: String,
    pub b: String,
    pub span: SharedSpan,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pair {
    pub a: String,
    pub b: String,
    pub relation: Relation,
    /// Shared chars over the mean length of the two keys, in [0, 1].
    pub similarity: f64,
    pub shared_chars: usize,
    pub spans: Vec<SharedSpan>,
    /// Where `template` twins differ, in `a` order (empty for other relations).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub slots: Vec<Slot>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cluster {
    pub id: usize,
    pub members: Vec<String>,
}

/// Everything `reprint scan` found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScanResult {
    pub documents: Vec<ScanDocument>,
    pub pairs: Vec<Pair>,
    pub clusters: Vec<Cluster>,
    /// Where a work cap was hit (a document's fingerprints or a pair's seeds were cut short).
    pub notes: Vec<String>,
}

/// One output document of `merge`: a story's merged text, or an article without copies, cleaned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MergedDocument {
    /// The id of the witness the text is built on (the most complete one).
    pub id: String,
    /// The scan cluster the witnesses form; `null` for a document without copies.
    pub cluster: Option<usize>,
    pub title: Option<String>,
    pub text: String,
    /// The base first, then the other copies in id order.
    pub witnesses: Vec<WitnessInfo>,
    /// Every place the witnesses differ and what the merged text took.
    pub decisions: Vec<Decision>,
    /// Where each stretch of `text` comes from.
    pub provenance: Vec<Provenance>,
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WitnessInfo {
    pub id: String,
    pub source: String,
    /// The text is built on this witness.
    pub base: bool,
    /// Share of this witness's comparison key aligned with the base.
    pub coverage: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DecisionKind {
    /// The witnesses read differently here.
    Variant,
    /// Text only some witnesses have (a truncated or shortened copy) was filled in.
    Gap,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    pub kind: DecisionKind,
    /// Char offset in the merged text where the chosen reading stands.
    pub at: usize,
    pub chosen: String,
    /// Every reading, with the witnesses that have it (an empty text: the witness lacks it).
    pub readings: Vec<Reading>,
    /// Why: `majority`, `tie: kept base`, or what made the other reading suspicious.
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reading {
    pub text: String,
    pub witnesses: Vec<String>,
}

/// Merged chars `[start, end)` (char offsets) come from `witness`'s source bytes `source`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provenance {
    pub start: usize,
    pub end: usize,
    pub witness: String,
    pub source: Span,
}

/// One stage of a run, for `--stats`: its time, what it did in words, and
/// the same as named figures (for `--stats-format json`).
#[derive(Debug, Clone, PartialEq)]
pub struct Stage {
    pub name: &'static str,
    pub seconds: f64,
    pub detail: String,
    pub figures: Vec<(&'static str, u64)>,
}

/// Time and size of each stage, for `--stats`.
#[derive(Debug, Default, Clone)]
pub struct Stats {
    /// In pipeline order.
    pub stages: Vec<Stage>,
    /// Input bytes (decoded text), so each stage's throughput can be shown.
    pub bytes: u64,
}

impl Stats {
    /// Records a stage that began at `since`; returns when the next begins.
    pub fn stage(
        &mut self,
        name: &'static str,
        since: std::time::Instant,
        detail: String,
        figures: Vec<(&'static str, u64)>,
    ) -> std::time::Instant {
        self.push(name, since.elapsed().as_secs_f64(), detail, figures);
        std::time::Instant::now()
    }

    /// Records a stage that took `seconds` in all (summed over a stream's batches).
    pub fn push(
        &mut self,
        name: &'static str,
        seconds: f64,
        detail: String,
        figures: Vec<(&'static str, u64)>,
    ) {
        self.stages.push(Stage {
            name,
            seconds,
            detail,
            figures,
        });
    }
}
