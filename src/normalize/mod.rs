//! Cleaning: turn a decoded page into text that differs from another copy only where the words differ.
//!
//! Each rule is its own module, edits a [`tape::Tape`] (chars that remember
//! their source bytes), counts what it changed and can be switched off. The
//! order matters and is fixed here: furniture is removed while the page's own
//! lines still stand, punctuation is settled before line joins look for
//! sentence ends, and spaces are judged once paragraphs are whole.

mod boilerplate;
pub mod credits;
mod furniture;
pub mod lines;
pub mod markers;
pub mod markup;
pub mod matching;
mod punct;
mod spaces;
pub mod stream;
pub mod tape;
mod unicode;
pub mod variants;

use crate::model::RemovalKind;
use crate::model::{Cleaned, Source};
use std::collections::BTreeMap;

pub use markers::normalize_page;
pub use markup::MarkupMode;

/// A cleaning rule that can be switched off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    /// HTML, Markdown, CSS/JS and bare URLs left by the scrape.
    Markup,
    /// NFC, full-width letters/digits, odd spaces and invisible chars.
    Unicode,
    /// Traditional/variant characters in simplified text.
    Variants,
    /// Punctuation width by context.
    Punct,
    /// Letter-spacing and extraction spaces.
    Spaces,
    /// Hard wraps and broken paragraphs.
    Lines,
    /// Continuation (jump) markers.
    Markers,
    /// Web furniture, source lines, snippet ellipses.
    Boilerplate,
}

impl Rule {
    pub const ALL: [Rule; 8] = [
        Rule::Markup,
        Rule::Unicode,
        Rule::Variants,
        Rule::Punct,
        Rule::Spaces,
        Rule::Lines,
        Rule::Markers,
        Rule::Boilerplate,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Rule::Markup => "markup",
            Rule::Unicode => "unicode",
            Rule::Variants => "variants",
            Rule::Punct => "punct",
            Rule::Spaces => "spaces",
            Rule::Lines => "lines",
            Rule::Markers => "markers",
            Rule::Boilerplate => "boilerplate",
        }
    }

    pub fn from_name(name: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|r| r.name() == name)
    }
}

/// Which rules run. Every rule is on by default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CleanOptions {
    pub disabled: Vec<Rule>,
    /// Replace unambiguous variant characters (when off they are only flagged).
    pub correct_variants: bool,
    /// Rejoin paragraphs broken mid-sentence. `split` turns this off: on a page
    /// with interleaved articles it decides every join itself.
    pub join_paragraphs: bool,
    /// Which markup the text is read as (`--markup`).
    pub markup: MarkupMode,
}

impl Default for CleanOptions {
    fn default() -> Self {
        CleanOptions {
            disabled: Vec::new(),
            correct_variants: true,
            join_paragraphs: true,
            markup: MarkupMode::Auto,
        }
    }
}

impl CleanOptions {
    pub fn on(&self, rule: Rule) -> bool {
        !self.disabled.contains(&rule)
    }
}

/// Per-rule change counters.
#[derive(Debug, Default, Clone)]
pub struct Stats(pub BTreeMap<String, u64>);

impl Stats {
    pub fn add(&mut self, key: &str, n: u64) {
        // Looked up first: a key is added once a page, counted many times (a String each was 2 % of clean).
        match self.0.get_mut(key) {
            Some(v) => *v += n,
            None => {
                self.0.insert(key.to_string(), n);
            }
        }
    }
}

/// Clean one source. Pure: the same source always gives the same result.
pub fn clean(source: &Source, opts: &CleanOptions) -> Cleaned {
    if source.offsets.is_empty() {
        // A lean record: its text is its own source.
        return clean_text(
            &source.text,
            &crate::model::utf8_offsets(&source.text, 0),
            opts,
        );
    }
    clean_text(&source.text, &source.offsets, opts)
}

/// Clean text whose char `i` came from source bytes `offsets[i]..offsets[i+1]`.
pub fn clean_text(text: &str, offsets: &[u32], opts: &CleanOptions) -> Cleaned {
    let mut stats = Stats::default();
    let mut result = Cleaned {
        text: String::new(),
        map: Vec::new(),
        removed: Vec::new(),
        continuations: Vec::new(),
        datelines: Vec::new(),
        bylines: Vec::new(),
        variants: Vec::new(),
        truncated: false,
        stats: BTreeMap::new(),
    };
    let mut t = tape::from_text(text, offsets);
    t = unicode::line_endings(t, &mut stats);
    if opts.on(Rule::Markup) {
        t = markup::strip(t, opts.markup, &mut result.removed, &mut stats);
    }
    if opts.on(Rule::Unicode) {
        t = unicode::fold(t, &mut stats);
    }
    if opts.on(Rule::Variants) {
        t = unicode::variants(t, opts.correct_variants, &mut result.variants, &mut stats);
    }
    t = markers_and_furniture(t, opts, &mut result, &mut stats);
    if opts.on(Rule::Punct) {
        t = punct::convention(t, &mut stats);
    }
    if opts.on(Rule::Lines) {
        let breaks: Vec<u32> = result
            .removed
            .iter()
            .filter(|r| r.kind == RemovalKind::Truncation)
            .map(|r| r.span[0])
            .collect();
        let markers: Vec<(u32, usize)> = result
            .continuations
            .iter()
            .map(|c| (c.span[0], c.text.chars().map(tape::width).sum()))
            .collect();
        t = lines::restructure(t, opts.join_paragraphs, &breaks, &markers, &mut stats);
    }
    if opts.on(Rule::Spaces) {
        t = spaces::tidy(t, &mut stats);
    }
    credits::find(&t, &mut result.datelines, &mut result.bylines);
    stats.add("datelines", result.datelines.len() as u64);
    stats.add("bylines", result.bylines.len() as u64);
    result.text = tape::to_string(&t);
    result.map = t.iter().map(|a| a.span()).collect();
    result.stats = stats.0;
    result
}

/// Markers, then furniture, each again while the other left it more: a line is
/// furniture once its marker goes (`Workflow（上接第一版）`), a marker stands at
/// its line's edge once reading-time meta goes. A round runs only when the last
/// took something, so most pages pay one pass of each; four rounds at most.
fn markers_and_furniture(
    mut t: tape::Tape,
    opts: &CleanOptions,
    result: &mut Cleaned,
    stats: &mut Stats,
) -> tape::Tape {
    let markers = opts.on(Rule::Markers);
    if markers {
        t = markers::remove(t, &mut result.continuations, stats);
    }
    if !opts.on(Rule::Boilerplate) {
        return t;
    }
    let inside = |removed: &[crate::model::Removal]| {
        let whole = |r: &&crate::model::Removal| {
            matches!(r.kind, RemovalKind::Navigation | RemovalKind::SourceLine)
        };
        removed.iter().filter(|r| !whole(r)).count()
    };
    for _ in 0..4 {
        let before = inside(&result.removed);
        t = boilerplate::remove(t, &mut result.removed, &mut result.truncated, stats);
        if !markers || inside(&result.removed) == before {
            break;
        }
        let found = result.continuations.len();
        t = markers::remove(t, &mut result.continuations, stats);
        if result.continuations.len() == found {
            break;
        }
    }
    t
}

/// Drop the atoms in the given char ranges (which may overlap or come unsorted).
fn remove_ranges(mut tape: tape::Tape, mut ranges: Vec<(usize, usize)>) -> tape::Tape {
    if ranges.is_empty() {
        return tape;
    }
    ranges.sort_unstable();
    // In place: a second tape of a long page is hundreds of MB of fresh pages.
    let (mut r, mut i) = (0, 0);
    tape.retain(|_| {
        while r < ranges.len() && ranges[r].1 <= i {
            r += 1;
        }
        let keep = !(r < ranges.len() && ranges[r].0 <= i);
        i += 1;
        keep
    });
    tape
}
