//! Markdown in scraped text (transcript and wiki-style pages), and bare URLs in any text.
//!
//! Line by line: heading marks, fences, rules, quote and bullet marks, table
//! pipes; then inline links `[text](url)` → text, images → their alt when it
//! is prose, emphasis and code marks, escapes. Nothing is inserted: every
//! kept char is a char of the page.

use crate::model::Removal;
use crate::model::RemovalKind;
use crate::normalize::tape::{span_of, Atom, Tape};
use crate::normalize::Stats;

/// Why an atom goes (0: it stays).
const KEEP: u8 = 0;
const MARKUP: u8 = 1;
const URL: u8 = 2;
const SOURCE: u8 = 3;
const NAV: u8 = 4;

fn kind_name(k: u8) -> RemovalKind {
    match k {
        URL => RemovalKind::Url,
        SOURCE => RemovalKind::SourceLine,
        NAV => RemovalKind::Navigation,
        _ => RemovalKind::Markup,
    }
}

/// Link texts that are a site's furniture, not the story's.
const SOURCE_LINKS: &[&str] = &[
    "原文链接",
    "阅读原文",
    "查看原文",
    "点击查看原文",
    "原文地址",
];
const NAV_LINKS: &[&str] = &[
    "返回顶部",
    "返回首页",
    "返回",
    "分享",
    "分享到",
    "打印",
    "点击查看",
    "点此查看",
    "点击进入专题",
    "纠错",
    "【纠错】",
    "关闭",
    "更多",
    "详情",
    "下载",
];

/// Strip Markdown syntax when the text holds it (or when `force`).
pub fn strip(mut tape: Tape, force: bool, removed: &mut Vec<Removal>, stats: &mut Stats) -> Tape {
    let lines = line_ranges(&tape);
    if !force && !lines.iter().any(|&(a, b)| strong_signal(&tape[a..b])) {
        return tape;
    }
    let mut kind = vec![KEEP; tape.len()];
    let mut fenced = false;
    let mut prev_text = false;
    for &(a, b) in &lines {
        let line: Vec<char> = tape[a..b].iter().map(|t| t.ch).collect();
        let trimmed: String = line.iter().collect::<String>().trim().to_string();
        let lead = line.iter().take_while(|c| matches!(c, ' ' | '\t')).count();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fenced = !fenced;
            kind[a..b].fill(MARKUP);
            prev_text = false;
            continue;
        }
        if fenced {
            prev_text = !trimmed.is_empty();
            continue;
        }
        if rule_line(&trimmed) || (prev_text && underline(&trimmed)) || reference(&trimmed) {
            kind[a..b].fill(MARKUP);
            prev_text = false;
            continue;
        }
        prev_text = !trimmed.is_empty();
        let mut from = a;
        // Quote marks (`> `, `> > `), then a heading's or bullet's mark.
        loop {
            let k = from + skip_spaces(&tape[from..b]);
            if k < b && tape[k].ch == '>' {
                let end = k + 1 + usize::from(tape.get(k + 1).is_some_and(|t| t.ch == ' '));
                kind[from..end.min(b)].fill(MARKUP);
                from = end.min(b);
            } else {
                break;
            }
        }
        let k = from + skip_spaces(&tape[from..b]);
        let hashes = tape[k..b].iter().take_while(|t| t.ch == '#').count();
        if lead <= 3
            && (1..=6).contains(&hashes)
            && tape
                .get(k + hashes)
                .is_some_and(|t| matches!(t.ch, ' ' | '\t'))
        {
            kind[from..k + hashes + 1].fill(MARKUP);
            from = k + hashes + 1;
            // A closing run of `#`.
            let mut e = b;
            while e > from && matches!(tape[e - 1].ch, ' ' | '\t') {
                e -= 1;
            }
            let close = tape[from..e]
                .iter()
                .rev()
                .take_while(|t| t.ch == '#')
                .count();
            if close > 0 && e - close > from && matches!(tape[e - close - 1].ch, ' ' | '\t') {
                kind[e - close - 1..b].fill(MARKUP);
            }
        } else if k + 1 < b
            && matches!(tape[k].ch, '-' | '*' | '+')
            && matches!(tape[k + 1].ch, ' ' | '\t')
        {
            kind[from..k + 2].fill(MARKUP);
            from = k + 2;
        }
        if table_row(&trimmed) {
            pipes(&mut tape, &mut kind, from, b);
        }
        inline(&tape, &mut kind, from, b);
    }
    let before = removed.len();
    let out = take(tape, &kind, removed);
    stats.add("markup", (removed.len() - before) as u64);
    out
}

/// Remove bare URLs (`https://…`, `www.…`) from every line.
pub fn strip_urls(tape: Tape, removed: &mut Vec<Removal>, stats: &mut Stats) -> Tape {
    if !tape.windows(3).any(|w| {
        (w[0].ch == ':' && w[1].ch == '/' && w[2].ch == '/')
            || (w[0].ch.eq_ignore_ascii_case(&'w') && w[1].ch.eq_ignore_ascii_case(&'w'))
    }) {
        return tape;
    }
    let mut kind = vec![KEEP; tape.len()];
    let mut found = 0;
    let mut i = 0;
    while i < tape.len() {
        let starts = matches!(tape[i].ch, 'h' | 'H' | 'w' | 'W') && url_start(&tape[i..]);
        if starts && (i == 0 || !tape[i - 1].ch.is_ascii_alphanumeric()) {
            let mut e = i;
            while e < tape.len() && url_char(tape[e].ch) {
                e += 1;
            }
            // Closing marks after a URL belong to the sentence.
            while e > i
                && matches!(
                    tape[e - 1].ch,
                    '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '"' | ')' | ']'
                )
            {
                let opens = tape[i..e].iter().filter(|t| t.ch == '(').count();
                let closes = tape[i..e].iter().filter(|t| t.ch == ')').count();
                if tape[e - 1].ch == ')' && opens >= closes {
                    break;
                }
                e -= 1;
            }
            if e - i > 8 {
                kind[i..e].fill(URL);
                found += 1;
                i = e;
                continue;
            }
        }
        i += 1;
    }
    if found == 0 {
        return tape;
    }
    stats.add("urls", found);
    take(tape, &kind, removed)
}

fn url_start(t: &[Atom]) -> bool {
    let head: String = t
        .iter()
        .take(8)
        .map(|a| a.ch.to_ascii_lowercase())
        .collect();
    head.starts_with("http://")
        || head.starts_with("https://")
        || (head.starts_with("www.") && head.len() > 5)
}

fn url_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~:/?#[]@!$&'()*+,;=%".contains(c)
}

/// `(start, end)` char ranges of the tape's lines, without their `\n`.
fn line_ranges(tape: &[Atom]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut a = 0;
    for (i, t) in tape.iter().enumerate() {
        if t.ch == '\n' {
            out.push((a, i));
            a = i + 1;
        }
    }
    out.push((a, tape.len()));
    out
}

fn skip_spaces(t: &[Atom]) -> usize {
    t.iter().take_while(|a| matches!(a.ch, ' ' | '\t')).count()
}

/// Syntax only Markdown writes: a heading mark, a fence, a link, bold, a table rule, a reference.
fn strong_signal(line: &[Atom]) -> bool {
    if !line
        .iter()
        .any(|a| matches!(a.ch, '#' | '`' | ']' | '*' | '_' | '|' | '['))
    {
        return false;
    }
    let s: String = line.iter().map(|a| a.ch).collect();
    let t = s.trim_start();
    let hashes = t.chars().take_while(|&c| c == '#').count();
    if (1..=6).contains(&hashes)
        && t[hashes..].starts_with([' ', '\t'])
        && t[hashes..].trim().chars().count() > 0
    {
        return true;
    }
    t.starts_with("```")
        || reference(t.trim())
        || (t.contains("](") && link_at(line).is_some())
        || bold_pair(&s)
        || (t.contains('|') && t.contains("--") && table_rule(t.trim()))
}

/// Whether the line holds a `**x**` or `__x__` pair.
fn bold_pair(s: &str) -> bool {
    ["**", "__"].iter().any(|d| {
        s.find(d).is_some_and(|k| {
            let rest = &s[k + 2..];
            !rest.starts_with([' ', '*', '_'])
                && rest
                    .find(d)
                    .is_some_and(|e| e > 0 && !rest[..e].ends_with(' '))
        })
    })
}

/// A line of three or more `-`, `*` or `_` (spaces between allowed).
fn rule_line(t: &str) -> bool {
    let marks: String = t.chars().filter(|c| !matches!(c, ' ' | '\t')).collect();
    marks.chars().count() >= 3
        && ['-', '*', '_']
            .iter()
            .any(|&m| marks.chars().all(|c| c == m))
}

/// A setext heading's underline (`===`, `---`).
fn underline(t: &str) -> bool {
    t.chars().count() >= 2 && (t.chars().all(|c| c == '=') || t.chars().all(|c| c == '-'))
}

/// `[1]: https://…` reference definitions.
fn reference(t: &str) -> bool {
    t.starts_with('[')
        && t.find("]:").is_some_and(|k| {
            k > 1 && {
                let url = t[k + 2..].trim_start();
                url.starts_with("http") || url.starts_with('/') || url.starts_with("www.")
            }
        })
}

fn table_rule(t: &str) -> bool {
    t.contains('-')
        && t.contains('|')
        && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

fn table_row(t: &str) -> bool {
    t.starts_with('|') && t.ends_with('|') && t.len() > 1
}

/// Table pipes: the outer ones go, the inner ones become spaces; a rule row goes whole.
fn pipes(tape: &mut [Atom], kind: &mut [u8], a: usize, b: usize) {
    let row: String = tape[a..b].iter().map(|t| t.ch).collect();
    if table_rule(row.trim()) {
        kind[a..b].fill(MARKUP);
        return;
    }
    let bars: Vec<usize> = (a..b).filter(|&i| tape[i].ch == '|').collect();
    for (n, &i) in bars.iter().enumerate() {
        if n == 0 || n + 1 == bars.len() {
            kind[i] = MARKUP;
        } else {
            tape[i].ch = ' ';
        }
    }
}

/// `[text](url)` at the start of `t`: the index of `]` and of the closing `)`.
fn link_at(t: &[Atom]) -> Option<(usize, usize)> {
    let open = t.iter().position(|a| a.ch == '[')?;
    let mut depth = 0;
    let mut close = None;
    for (k, a) in t.iter().enumerate().skip(open) {
        match a.ch {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    close = Some(k);
                    break;
                }
            }
            _ => {}
        }
    }
    let close = close?;
    if t.get(close + 1)?.ch != '(' {
        return None;
    }
    let mut depth = 0;
    for (k, a) in t.iter().enumerate().skip(close + 1) {
        match a.ch {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return Some((close, k));
                }
            }
            ' ' if depth == 1 && !t[close + 2..k].iter().any(|a| a.ch == '"') && k == close + 2 => {
                return None
            }
            _ => {}
        }
    }
    None
}

/// Inline syntax of one line `[a, b)`: links, images, emphasis, code marks, escapes.
fn inline(tape: &[Atom], kind: &mut [u8], a: usize, b: usize) {
    let mut i = a;
    while i < b {
        let c = tape[i].ch;
        if c == '\\' && i + 1 < b && tape[i + 1].ch.is_ascii_punctuation() {
            kind[i] = MARKUP;
            i += 2;
            continue;
        }
        let image = c == '!' && i + 1 < b && tape[i + 1].ch == '[';
        if c == '[' || image {
            let open = if image { i + 1 } else { i };
            if let Some((close, end)) = link_at(&tape[open..b]).filter(|_| tape[open].ch == '[') {
                let (close, end) = (open + close, open + end);
                let text: String = tape[open + 1..close].iter().map(|t| t.ch).collect();
                let label = text.trim();
                let whole = if SOURCE_LINKS.contains(&label) {
                    Some(SOURCE)
                } else if NAV_LINKS.contains(&label) {
                    Some(NAV)
                } else if image && !super::caption(label) {
                    Some(MARKUP)
                } else {
                    None
                };
                match whole {
                    Some(k) => kind[i..=end].fill(k),
                    None => {
                        kind[i..=open].fill(MARKUP);
                        kind[close..=end].fill(MARKUP);
                    }
                }
                i = end + 1;
                continue;
            }
        }
        i += 1;
    }
    for delim in ["***", "**", "__", "~~", "*", "_", "`"] {
        pairs(tape, kind, a, b, delim);
    }
}

/// Remove matched emphasis (or code) delimiters `delim` within `[a, b)`.
fn pairs(tape: &[Atom], kind: &mut [u8], a: usize, b: usize, delim: &str) {
    let d: Vec<char> = delim.chars().collect();
    let n = d.len();
    let is_at = |i: usize, kind: &[u8]| {
        i + n <= b
            && (0..n).all(|k| tape[i + k].ch == d[k] && kind[i + k] == KEEP)
            && (i == a || tape[i - 1].ch != d[0] || kind[i - 1] != KEEP)
            && (i + n == b || tape[i + n].ch != d[0])
    };
    let word = |c: char| c.is_ascii_alphanumeric();
    let mut i = a;
    while i < b {
        if !is_at(i, kind) || i + n >= b || tape[i + n].ch.is_whitespace() {
            i += 1;
            continue;
        }
        if d[0] == '_' && i > a && word(tape[i - 1].ch) {
            i += 1;
            continue;
        }
        if d[0] == '*'
            && n == 1
            && i > a
            && tape[i - 1].ch.is_ascii_digit()
            && tape[i + 1].ch.is_ascii_digit()
        {
            i += 1;
            continue;
        }
        let close = (i + n + 1..b).find(|&j| {
            is_at(j, kind)
                && !tape[j - 1].ch.is_whitespace()
                && !(d[0] == '_' && j + n < b && word(tape[j + n].ch))
        });
        match close {
            Some(j) => {
                kind[i..i + n].fill(MARKUP);
                kind[j..j + n].fill(MARKUP);
                i = j + n;
            }
            None => i += 1,
        }
    }
}

/// The tape without the atoms `kind` marks, each run of one kind on one line
/// recorded; a line taken whole takes its newline with it.
fn take(tape: Tape, kind: &[u8], removed: &mut Vec<Removal>) -> Tape {
    let mut gone = vec![false; tape.len()];
    let mut start = 0;
    for i in 0..=tape.len() {
        if i == tape.len() || tape[i].ch == '\n' {
            if i > start && kind[start..i].iter().all(|&k| k != KEEP) && i < tape.len() {
                gone[i] = true;
            }
            start = i + 1;
        }
    }
    let mut out = Vec::with_capacity(tape.len());
    let mut i = 0;
    while i < tape.len() {
        if gone[i] {
            i += 1;
            continue;
        }
        if kind[i] == KEEP {
            out.push(tape[i]);
            i += 1;
            continue;
        }
        let k = kind[i];
        let mut e = i;
        while e < tape.len() && kind[e] == k && tape[e].ch != '\n' {
            e += 1;
        }
        let text: String = tape[i..e].iter().map(|a| a.ch).collect();
        let text = text.trim();
        if !text.is_empty() {
            removed.push(Removal {
                kind: kind_name(k),
                text: text.to_string(),
                span: span_of(&tape[i..e]),
            });
        }
        i = e.max(i + 1);
    }
    out
}
