//! Continuation (jump) markers: `（上接第一版）`, `上接01版`, `(下转第5版)`, `转第5版`, `接A2版`.

use super::tape::{span_of, Atom, LineText, Tape};
use super::{remove_ranges, Stats};
use crate::model::Continuation;
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::OnceLock;

const PAGE: &str = r"[0-9A-Za-z一二三四五六七八九十〇零]{1,4}";

fn patterns() -> &'static [Regex; 3] {
    static RE: OnceLock<[Regex; 3]> = OnceLock::new();
    RE.get_or_init(|| {
        [
            // Parenthesized, any verb: （上接第一版） (下转第5版) （转A2版） （续第3版）
            Regex::new(&format!(
                r"[（(]\s*(上接|下转|转至|转|接|续|回)\s*(?:第\s*)?({PAGE})\s*(?:版|页|面)\s*[）)]"
            ))
            .unwrap(),
            // Bare with an unmistakable verb, anywhere: 上接01版, 下转第二版
            Regex::new(&format!(
                r"(上接|下转|续接)\s*(?:第\s*)?({PAGE})\s*(?:版|页)"
            ))
            .unwrap(),
            // Bare short verbs only where a marker stands: the start or end of a line.
            Regex::new(&format!(
                r"(?m)(?:^[ \t]*(转|接)[ \t]*(?:第[ \t]*)?({PAGE})[ \t]*版|(转|接)[ \t]*(?:第[ \t]*)?({PAGE})[ \t]*版[ \t]*$)"
            ))
            .unwrap(),
        ]
    })
}

/// Remove every marker, recording direction and page.
pub fn remove(tape: Tape, found: &mut Vec<Continuation>, stats: &mut Stats) -> Tape {
    if !tape
        .iter()
        .any(|a| matches!(a.ch, '接' | '转' | '续' | '回'))
    {
        return tape;
    }
    // The whole text at once: a hard wrap may fall inside a marker (`（上接\n第一版）`).
    let lt = LineText::new(&tape);
    // Start -> end of each marker taken; they never overlap, so the one
    // starting last before `e` is the only one that can overlap `s..e`.
    let mut taken: BTreeMap<usize, usize> = BTreeMap::new();
    for re in patterns() {
        for caps in re.captures_iter(&lt.text) {
            let m = caps.get(0).unwrap();
            let (s, e) = (lt.char_at(m.start()), lt.char_at(m.end()));
            if taken.range(..e).next_back().is_some_and(|(_, &te)| te > s) {
                continue;
            }
            let groups: Vec<&str> = caps.iter().skip(1).flatten().map(|g| g.as_str()).collect();
            let (verb, page) = (groups[0], groups[1]);
            taken.insert(s, e);
            found.push(Continuation {
                direction: direction(verb).to_string(),
                page: normalize_page(page),
                text: m.as_str().chars().filter(|c| !c.is_whitespace()).collect(),
                span: span_of(&tape[s..e]),
            });
            stats.add("continuations", 1);
        }
    }
    let ranges = taken
        .into_iter()
        .map(|(s, e)| widen_over_spaces(&tape, s, e))
        .collect();
    found.sort_by_key(|c| c.span);
    remove_ranges(tape, ranges)
}

/// Take the spaces after a marker, and before it too when it ends a line.
fn widen_over_spaces(tape: &[Atom], mut s: usize, mut e: usize) -> (usize, usize) {
    while e < tape.len() && tape[e].ch == ' ' {
        e += 1;
    }
    let at_line_end = e == tape.len() || tape[e].ch == '\n';
    while s > 0 && tape[s - 1].ch == ' ' && at_line_end {
        s -= 1;
    }
    (s, e)
}

fn direction(verb: &str) -> &'static str {
    match verb {
        "下转" | "转" | "转至" => "to",
        _ => "from",
    }
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
        let offsets = crate::normalize::tape::utf8_offsets(s);
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
                (found[0].direction.as_str(), found[0].page.as_str()),
                (dir, page)
            );
        }
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
