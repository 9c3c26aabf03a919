//! A whole file's or record's comparison key: folded from its text without markup, furniture and jump markers.
//!
//! Of the cleaning rules only those that take text out change a key (it
//! keeps Han chars and digits alone), so a page is folded as it is, minus
//! what boilerplate and jump markers take out, decided line by line on the
//! raw text as `clean` decides them. Only a page that may hold markup goes
//! through a tape (see [`matching::strip`]).

use crate::normalize::{matching, tape, CleanOptions, MarkupMode, Rule};
use crate::scan::keys::Key;

/// A page's key, its title, and how to fold the same key again from the same text.
#[derive(Debug)]
pub struct PageKey {
    pub key: Key,
    /// The key stopped at its `max_chars`.
    pub cut: bool,
    /// The first short line of what is left (scraped records rarely label theirs).
    pub title: Option<String>,
    pub again: Again,
}

/// How a page's key is folded again from its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Again {
    /// Without these byte ranges (none: the text as it is).
    Without(Vec<(u32, u32)>),
    /// Not cheaply: markup was decoded, so the key must be kept.
    Kept,
}

pub fn page_key(text: &str, offsets: &[u32], max_chars: usize, clean: &CleanOptions) -> PageKey {
    if clean.on(Rule::Markup) && clean.markup != MarkupMode::None && matching::may_hold_markup(text)
    {
        if let Some(t) = matching::strip(text, offsets, clean) {
            let chars = t.iter().map(|a| (a.ch, a.span()));
            let (key, cut) = Key::build(chars, max_chars, t.len());
            let lines = t.split(|a| a.ch == '\n').map(tape::to_string);
            return PageKey {
                key,
                cut,
                title: title(lines),
                again: Again::Kept,
            };
        }
    }
    let gone: Vec<(u32, u32)> = matching::removals(text, clean)
        .into_iter()
        .map(|(s, e)| (s as u32, e as u32))
        .collect();
    let (key, cut) = fold_without(text, offsets, &gone, max_chars);
    PageKey {
        key,
        cut,
        title: title(kept_lines(text, &gone)),
        again: Again::Without(gone),
    }
}

/// The key of `text` without the byte ranges `gone` (sorted by start).
pub fn fold_without(
    text: &str,
    offsets: &[u32],
    gone: &[(u32, u32)],
    max_chars: usize,
) -> (Key, bool) {
    if gone.is_empty() {
        return Key::from_source(text, offsets, max_chars);
    }
    if offsets.is_empty() && text.len() < u32::MAX as usize {
        return fold_kept(text, gone, max_chars);
    }
    let mut next = 0;
    let kept = text.char_indices().enumerate().filter(move |&(_, (b, _))| {
        let b = b as u32;
        // Ranges wholly before `b` are done with; the first left is the only one that may hold it.
        while next < gone.len() && gone[next].1 <= b {
            next += 1;
        }
        !(next < gone.len() && gone[next].0 <= b)
    });
    let spans = kept.map(|(i, (b, c))| {
        let span = if offsets.is_empty() {
            [b as u32, (b + c.len_utf8()) as u32]
        } else {
            [offsets[i], offsets[i + 1]]
        };
        (c, span)
    });
    Key::build(spans, max_chars, text.len() / 3 + 1)
}

/// [`fold_without`] of a text that is its own source: each kept stretch
/// folded on the fast path and the keys joined, the same key as folding the
/// kept chars one by one.
fn fold_kept(text: &str, gone: &[(u32, u32)], max_chars: usize) -> (Key, bool) {
    let mut key = Key::default();
    let mut from = 0usize;
    let mut stretches = Vec::with_capacity(gone.len() + 1);
    for &(s, e) in gone {
        let (s, e) = (s as usize, e as usize);
        if s > from {
            stretches.push((from, s));
        }
        from = from.max(e);
    }
    stretches.push((from, text.len()));
    for (k, &(a, b)) in stretches.iter().enumerate() {
        if a >= b {
            continue;
        }
        let room = max_chars - key.len();
        let (mut next, cut) = Key::from_text(&text[a..b], room);
        next.base += a as u32;
        let full = key.len() + next.len() == max_chars;
        if !key.append(next) {
            return (key, true);
        }
        if cut {
            return (key, true);
        }
        if full {
            // Cut short only when a key char is still to come.
            let more = stretches[k + 1..]
                .iter()
                .any(|&(a, b)| a < b && Key::from_text(&text[a..b], 0).1);
            return (key, more);
        }
    }
    (key, false)
}

/// The lines of `text` without the byte ranges `gone`.
fn kept_lines<'a>(text: &'a str, gone: &'a [(u32, u32)]) -> impl Iterator<Item = String> + 'a {
    let mut at = 0u32;
    text.split('\n').map(move |line| {
        let start = at;
        at += line.len() as u32 + 1;
        line.char_indices()
            .filter(|&(k, _)| {
                let b = start + k as u32;
                !gone.iter().any(|&(s, e)| s <= b && b < e)
            })
            .map(|(_, c)| c)
            .collect()
    })
}

/// The first line with two Han chars or more, when it is short enough for a title.
pub fn title<S: AsRef<str>>(lines: impl Iterator<Item = S>) -> Option<String> {
    lines
        .map(|l| l.as_ref().trim().to_string())
        .find(|l| l.chars().filter(|&c| tape::is_han(c)).count() >= 2)
        .filter(|l| l.chars().count() <= 40)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn furniture_lines_fold_away_and_the_key_folds_again_alike() {
        let text = "来源：新华网 作者：张三 发布时间：2025-06-11\n国家主席习近平致电。\n【责任编辑：王一】";
        let p = page_key(text, &[], usize::MAX, &CleanOptions::default());
        let chars: String = p
            .key
            .chars
            .iter()
            .map(|&c| char::from_u32(c.into()).unwrap())
            .collect();
        assert_eq!(chars, "国家主席习近平致电");
        assert_eq!(p.title.as_deref(), Some("国家主席习近平致电。"));
        let Again::Without(gone) = &p.again else {
            panic!("{:?}", p.again)
        };
        assert_eq!(fold_without(text, &[], gone, usize::MAX).0, p.key);
        // The fast path (text its own source) and the char-by-char one agree, cut or not.
        let offsets = crate::model::utf8_offsets(text, 0);
        for max in [0, 1, 5, 9, usize::MAX] {
            assert_eq!(
                fold_without(text, &[], gone, max),
                fold_without(text, &offsets, gone, max),
                "{max}"
            );
        }
        let html = page_key(
            "<p>国家主席致电。</p>",
            &[],
            usize::MAX,
            &CleanOptions::default(),
        );
        assert_eq!(html.again, Again::Kept);
    }
}
