//! Continuation (jump) markers: `（上接第一版）`, `上接01版`, `(下转第5版)`, `转第5版`, `接A2版`.

use super::tape::{span_of, Atom, LineText, Tape};
use super::{remove_ranges, Stats};
use crate::model::{Continuation, Direction};
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// A page number, its chars possibly spaced apart (`第 十 二 版`) by letter-spacing
/// that the spaces rule removes later: the marker is one either way.
fn page(space: &str) -> String {
    let c = "[0-9A-Za-z一二三四五六七八九十〇零]";
    format!("({c}(?:{space}*{c}){{0,3}})")
}

fn patterns() -> &'static [Regex; 3] {
    static RE: OnceLock<[Regex; 3]> = OnceLock::new();
    RE.get_or_init(|| {
        let (any, line) = (page(r"\s"), page(r"[ \t]"));
        [
            // Parenthesized, any verb: （上接第一版） (下转第5版) （转A2版） （续第3版）
            Regex::new(&format!(
                r"[（(]\s*(上\s*接|下\s*转|转\s*至|转|接|续|回)\s*(?:第\s*)?{any}\s*(?:版|页|面)\s*[）)]"
            ))
            .unwrap(),
            // Bare with an unmistakable verb, anywhere: 上接01版, 下转第二版
            Regex::new(&format!(
                r"(上\s*接|下\s*转|续\s*接)\s*(?:第\s*)?{any}\s*(?:版|页)"
            ))
            .unwrap(),
            // Bare short verbs, taken only where a marker stands (see `at_line_edges`).
            Regex::new(&format!(r"(转|接)[ \t]*(?:第[ \t]*)?{line}[ \t]*版")).unwrap(),
        ]
    })
}

/// Remove every marker, recording direction and page.
pub fn remove(mut tape: Tape, found: &mut Vec<Continuation>, stats: &mut Stats) -> Tape {
    // Taking a marker out can bring the text on its sides together into another
    // (`上（上接第一版）接2版`): look again while that may have happened, a few
    // times at most (each look is linear; nesting deeper than that is no page).
    for _ in 0..4 {
        let again;
        (tape, again) = remove_once(tape, found, stats);
        if !again {
            break;
        }
    }
    found.sort_by_key(|c| c.span);
    tape
}

/// Chars a marker is made of: a marker taken out between two of them may have made another.
fn marker_char(c: char) -> bool {
    "上下续转接至回第版页面（()）一二三四五六七八九十〇零".contains(c) || c.is_ascii_alphanumeric()
}

/// One pass; true when a marker came out between two chars that a marker is made of.
fn remove_once(tape: Tape, found: &mut Vec<Continuation>, stats: &mut Stats) -> (Tape, bool) {
    // Every pattern holds a verb and, after it, `版`, `页` or `面`.
    let verb = tape
        .iter()
        .position(|a| matches!(a.ch, '接' | '转' | '续' | '回'));
    if !verb.is_some_and(|v| tape[v..].iter().any(|a| matches!(a.ch, '版' | '页' | '面'))) {
        return (tape, false);
    }
    // The whole text at once: a hard wrap may fall inside a marker (`（上接\n第一版）`).
    let lt = LineText::new(&tape);
    // Start -> end of each marker taken; they never overlap, so the one
    // starting last before `e` is the only one that can overlap `s..e`.
    let mut taken: BTreeMap<usize, usize> = BTreeMap::new();
    let overlaps = |taken: &BTreeMap<usize, usize>, s: usize, e: usize| {
        taken.range(..e).next_back().is_some_and(|(_, &te)| te > s)
    };
    let mut take =
        |taken: &mut BTreeMap<usize, usize>, caps: &regex::Captures, s: usize, e: usize| {
            let m = caps.get(0).unwrap();
            taken.insert(s, e);
            found.push(Continuation {
                direction: direction(&unspaced(&caps[1])),
                page: normalize_page(&unspaced(&caps[2])),
                text: m.as_str().chars().filter(|c| !c.is_whitespace()).collect(),
                span: span_of(&tape[s..e]),
            });
            stats.add("continuations", 1);
        };
    let [paren, bare_long, bare_short] = patterns();
    for re in [paren, bare_long] {
        for caps in re.captures_iter(&lt.text) {
            let m = caps.get(0).unwrap();
            let (s, e) = (lt.char_at(m.start()), lt.char_at(m.end()));
            if !overlaps(&taken, s, e) {
                take(&mut taken, &caps, s, e);
            }
        }
    }
    let mut short = Vec::new();
    for caps in bare_short.captures_iter(&lt.text) {
        let m = caps.get(0).unwrap();
        let (s, e) = (lt.char_at(m.start()), lt.char_at(m.end()));
        if !overlaps(&taken, s, e) {
            short.push((s, e, caps));
        }
    }
    for (s, e, caps) in at_line_edges(&tape, &taken, &short) {
        take(&mut taken, caps, s, e);
    }
    let ranges: Vec<(usize, usize)> = taken
        .into_iter()
        .map(|(s, e)| widen_over_spaces(&tape, s, e))
        .collect();
    let solid = |a: &&Atom| !matches!(a.ch, ' ' | '\t');
    let joins = ranges.iter().any(|&(s, e)| {
        let before = tape[..s].iter().rev().find(solid);
        let after = tape[e..].iter().find(solid);
        before.is_some_and(|a| marker_char(a.ch)) && after.is_some_and(|a| marker_char(a.ch))
    });
    (remove_ranges(tape, ranges), joins)
}

/// The bare short-verb markers (`转第5版`) that stand at the start or the end of
/// a line, past spaces and other markers there: one that only a marker kept
/// from the edge is at it once that marker goes.
fn at_line_edges<'c, C>(
    tape: &[Atom],
    taken: &BTreeMap<usize, usize>,
    short: &'c [(usize, usize, C)],
) -> Vec<(usize, usize, &'c C)> {
    let space = |i: usize| matches!(tape[i].ch, ' ' | '\t');
    let mut edge = vec![false; short.len()];
    for std::ops::Range { start, end } in super::tape::line_ranges(tape) {
        let mut at = start;
        while at < end {
            while at < end && space(at) {
                at += 1;
            }
            if let Some(&e) = taken.get(&at) {
                at = e;
            } else if let Ok(k) = short.binary_search_by_key(&at, |m| m.0) {
                edge[k] = true;
                at = short[k].1;
            } else {
                break;
            }
        }
        let mut at = end;
        while at > start {
            while at > start && space(at - 1) {
                at -= 1;
            }
            if let Some((&s, _)) = taken.range(..at).next_back().filter(|(_, &e)| e == at) {
                at = s;
            } else if let Ok(k) = short.binary_search_by_key(&at, |m| m.1) {
                edge[k] = true;
                at = short[k].0;
            } else {
                break;
            }
        }
    }
    short
        .iter()
        .zip(edge)
        .filter(|(_, on)| *on)
        .map(|((s, e, c), _)| (*s, *e, c))
        .collect()
}

/// Take the spaces after a marker that starts its line, and before one that
/// ends it; in the middle of a line the spaces rule judges them (a space
/// before a snippet's ` ...` must stay for it to be found).
fn widen_over_spaces(tape: &[Atom], mut s: usize, mut e: usize) -> (usize, usize) {
    let space = |i: usize| tape[i].ch == ' ';
    let mut from = s;
    while from > 0 && space(from - 1) {
        from -= 1;
    }
    let mut to = e;
    while to < tape.len() && space(to) {
        to += 1;
    }
    let starts_line = from == 0 || tape[from - 1].ch == '\n';
    let ends_line = to == tape.len() || tape[to].ch == '\n';
    if starts_line || ends_line {
        e = to;
    }
    if ends_line {
        s = from;
    }
    (s, e)
}

fn unspaced(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn direction(verb: &str) -> Direction {
    match verb {
        "下转" | "转" | "转至" => Direction::To,
        _ => Direction::From,
    }
}

/// Byte ranges of the markers in `text` (overlapping ones may both be there):
/// what [`remove`] takes, for a caller without a tape.
pub fn spans(text: &str) -> Vec<(usize, usize)> {
    patterns()
        .iter()
        .flat_map(|re| re.find_iter(text).map(|m| (m.start(), m.end())))
        .collect()
}

/// `第一版` → `1`, `01` → `1`, `A02` → `A2`, `十二` → `12`.
pub fn normalize_page(page: &str) -> String {
    let digits = |c: char| "〇一二三四五六七八九".find(c).map(|i| i / 3);
    if page
        .chars()
        .all(|c| digits(c).is_some() || c == '十' || c == '零')
    {
        let mut total = 0;
        let mut current = 0;
        for c in page.chars() {
            if c == '十' {
                total += if current == 0 { 10 } else { current * 10 };
                current = 0;
            } else {
                current = digits(c).unwrap_or(0);
            }
        }
        return (total + current).to_string();
    }
    let letters: String = page
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    let rest = &page[letters.len()..];
    let trimmed = rest.trim_start_matches('0');
    let number = if trimmed.is_empty() && !rest.is_empty() {
        "0"
    } else {
        trimmed
    };
    format!("{}{}", letters.to_ascii_uppercase(), number)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::tape::{from_text, to_string};

    fn run(s: &str) -> (String, Vec<Continuation>) {
        let offsets = crate::model::utf8_offsets(s, 0);
        let mut found = Vec::new();
        let out = remove(from_text(s, &offsets), &mut found, &mut Stats::default());
        (to_string(&out), found)
    }

    #[test]
    fn every_spelling_is_removed() {
        for (input, dir, page, rest) in [
            ("（上接第一版）聚焦高原夏菜", "from", "1", "聚焦高原夏菜"),
            ("(上接第一版)他做得挺顺利", "from", "1", "他做得挺顺利"),
            ("上接01版", "from", "1", ""),
            ("(上接1版)要拓展生态产品", "from", "1", "要拓展生态产品"),
            ("发展新动能。（下转第二版）", "to", "2", "发展新动能。"),
            ("发展新动能。 转第5版", "to", "5", "发展新动能。"),
            ("接A2版", "from", "A2", ""),
            ("（转第十二版）", "to", "12", ""),
        ] {
            let (out, found) = run(input);
            assert_eq!(out, rest, "{input}");
            assert_eq!(found.len(), 1, "{input}");
            assert_eq!(
                (found[0].direction.name(), found[0].page.as_str()),
                (dir, page)
            );
        }
    }

    #[test]
    fn markers_side_by_side_and_spaced_apart_go() {
        for (input, rest, n) in [
            ("（上接第一版）转第5版聚焦", "聚焦", 2),
            ("聚焦。转第4版 转第5版", "聚焦。", 2),
            ("下 转第5版的", "的", 1),
            ("（上 接 第 十 二 版）的", "的", 1),
            // Taking one out brought its sides together into another.
            ("上（上接第一版）接A2版的", "的", 2),
        ] {
            let (out, found) = run(input);
            assert_eq!((out.as_str(), found.len()), (rest, n), "{input}");
        }
        assert_eq!(run("（上 接 第 十 二 版）").1[0].page, "12");
        // Still only at a line's edge.
        assert_eq!(run("他说转第5版不对").0, "他说转第5版不对");
    }

    #[test]
    fn ordinary_text_is_kept() {
        for s in [
            "直接转化为生产力",
            "转版面设计",
            "接力赛第3棒",
            "连接两个版本",
        ] {
            assert_eq!(run(s).0, s);
        }
    }

    #[test]
    fn span_points_at_source_bytes() {
        let (_, found) = run("前文（上接第一版）后文");
        assert_eq!(found[0].span, [6, 6 + "（上接第一版）".len() as u32]);
    }
}
