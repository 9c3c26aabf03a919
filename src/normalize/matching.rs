//! The text `scan` folds a whole file or record from: the page without what cleaning takes out.
//!
//! A comparison key drops punctuation, spaces and Latin letters, so of the
//! cleaning rules only those that take text out change it: markup (digits
//! and Han text in tags, comments, styles and scripts), furniture and
//! boilerplate lines, jump markers. Those run here, on the raw text; a text
//! they find nothing in is folded as it is.

use super::tape::{self, Tape};
use super::{boilerplate, markers, markup, unicode, CleanOptions, Rule, Stats};
use regex::Regex;
use std::sync::OnceLock;

/// Jump markers' sign: the rule's own gate (`接`, `转` anywhere) fires on most pages.
fn marker_sign() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"[接转续回]\s*(?:第\s*)?[0-9A-Za-z一二三四五六七八九十〇零]{1,4}\s*[版页面]")
            .expect("valid pattern")
    })
}

/// Whether `text` may hold markup [`markup::strip`] finds: what each of its
/// passes needs to find anything (a tag's `<`, an entity's `&`, Markdown's
/// marks, a CSS rule's `{` or a script's words, a URL). One pass over the
/// bytes: Chinese text is nearly all bytes no sign starts with.
pub fn may_hold_markup(text: &str) -> bool {
    const STARTS: &[u8] = b"<&]*_`:wW{vfd|#->=+";
    static TABLE: OnceLock<[bool; 256]> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut t = [false; 256];
        STARTS.iter().for_each(|&b| t[usize::from(b)] = true);
        t
    });
    let b = text.as_bytes();
    let line_start = |i: usize| i == 0 || b[i - 1] == b'\n';
    let at = |i: usize, s: &[u8]| b[i..].starts_with(s);
    (0..b.len())
        .filter(|&i| table[usize::from(b[i])])
        .any(|i| match b[i] {
            b'<' | b'&' | b'{' | b'|' => true,
            b']' => at(i, b"]("),
            b'*' => at(i, b"**") || (line_start(i) && at(i, b"* ")),
            b'_' => at(i, b"__"),
            b'`' => at(i, b"```"),
            b':' => at(i, b"://"),
            b'w' => at(i, b"www."),
            b'W' => at(i, b"WWW."),
            b'v' => at(i, b"var "),
            b'f' => at(i, b"function"),
            b'd' => at(i, b"document."),
            b'#' | b'>' => line_start(i),
            b'-' => at(i, b"--") || (line_start(i) && at(i, b"- ")),
            b'=' => at(i, b"=="),
            b'+' => line_start(i) && at(i, b"+ "),
            _ => false,
        })
}

/// What scan folds a page from, when it holds no markup: the byte ranges
/// of `text` that boilerplate and jump markers take out (in order, maybe
/// overlapping), decided line by line on the text as it is, as `clean`
/// decides them.
pub fn removals(text: &str, opts: &CleanOptions) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    if opts.on(Rule::Boilerplate) {
        let nav = boilerplate::leading_navigation_block(lines(text).map(|(_, l)| l));
        let mut decider = boilerplate::Decider::default();
        for (n, (at, line)) in lines(text).enumerate() {
            let taken = decider.line(line, n < nav).0;
            if taken.is_empty() {
                continue;
            }
            // Char ranges to bytes.
            let starts: Vec<usize> = line
                .char_indices()
                .map(|(b, _)| b)
                .chain([line.len()])
                .collect();
            for (_, s, e) in taken {
                out.push((at + starts[s], at + starts[e]));
            }
        }
    }
    if opts.on(Rule::Markers) && marker_sign().is_match(text) {
        out.extend(markers::spans(text));
    }
    out.sort_unstable();
    out
}

/// The lines of `text` and where each starts, ended by LF, CRLF or a bare
/// CR as `clean` reads them.
fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let b = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        if at > b.len() {
            return None;
        }
        let start = at;
        let end = memchr::memchr2(b'\n', b'\r', &b[start..]).map_or(b.len(), |k| start + k);
        at = end + 1 + usize::from(b.get(end) == Some(&b'\r') && b.get(end + 1) == Some(&b'\n'));
        Some((start, &text[start..end]))
    })
}

/// `text` (char `i` from source bytes `offsets[i]..offsets[i+1]`, or its own
/// UTF-8 when `offsets` is empty) with markup, furniture and jump markers
/// taken out; `None` when it holds no markup (then [`removals`] says what to
/// take, without a tape).
pub fn strip(text: &str, offsets: &[u32], opts: &CleanOptions) -> Option<Tape> {
    if !opts.on(Rule::Markup) {
        return None;
    }
    let own;
    let offsets = if offsets.is_empty() {
        own = crate::model::utf8_offsets(text, 0);
        &own
    } else {
        offsets
    };
    let mut stats = Stats::default();
    let (mut removed, mut found, mut truncated) = (Vec::new(), Vec::new(), false);
    let mut t = unicode::line_endings(tape::from_text(text, offsets), &mut stats);
    t = markup::strip(t, opts.markup, &mut removed, &mut stats);
    let entities = stats.0.get("entities").copied().unwrap_or(0);
    if removed.is_empty() && entities == 0 {
        return None;
    }
    if opts.on(Rule::Boilerplate) {
        t = boilerplate::remove(t, &mut removed, &mut truncated, &mut stats);
    }
    if opts.on(Rule::Markers) && marker_sign().is_match(text) {
        t = markers::remove(t, &mut found, &mut stats);
    }
    Some(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_needs_no_pass_and_furniture_goes() {
        let opts = CleanOptions::default();
        assert!(strip("国家主席习近平致电。", &[], &opts).is_none());
        let t = strip("<p>国家主席习近平致电。</p>\n责任编辑：王一", &[], &opts).unwrap();
        assert_eq!(tape::to_string(&t).trim(), "国家主席习近平致电。");
        assert_eq!(t[0].start, 3, "spans point into the raw text");
    }
}
