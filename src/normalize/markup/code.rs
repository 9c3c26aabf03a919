//! CSS and JavaScript left in text once the tags around them are gone (a scraper's `innerText`).
//!
//! Line by line: a run of lines that read as code, at least one of them
//! unmistakably (a rule `p{…}`, `var x =`, `function(`), goes whole. A line
//! with a Han char outside a string literal is never code, so prose stays.

use crate::model::Removal;
use crate::model::RemovalKind;
use crate::normalize::tape::{is_han, span_of, Atom, Tape};
use crate::normalize::Stats;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Line {
    Prose,
    Blank,
    /// Code only beside unmistakable code (`}`, `color: red;`).
    Weak,
    Strong,
}

pub fn strip(tape: Tape, removed: &mut Vec<Removal>, stats: &mut Stats) -> Tape {
    if !tape.iter().any(|a| matches!(a.ch, '{' | ';')) {
        return tape;
    }
    let mut lines: Vec<(usize, usize, Line)> = Vec::new();
    let mut a = 0;
    for i in 0..=tape.len() {
        if i == tape.len() || tape[i].ch == '\n' {
            let text: String = tape[a..i].iter().map(|t| t.ch).collect();
            lines.push((a, i, classify(text.trim())));
            a = i + 1;
        }
    }
    let mut gone = vec![false; tape.len()];
    let mut found = 0;
    let mut k = 0;
    while k < lines.len() {
        if matches!(lines[k].2, Line::Prose | Line::Blank) {
            k += 1;
            continue;
        }
        // A run of code lines, blank lines inside it included.
        let mut e = k;
        let mut last = k;
        while e < lines.len() && lines[e].2 != Line::Prose {
            if lines[e].2 != Line::Blank {
                last = e;
            }
            e += 1;
        }
        if lines[k..=last].iter().any(|l| l.2 == Line::Strong) {
            let (from, to) = (lines[k].0, lines[last].1);
            removed.push(Removal {
                kind: RemovalKind::Markup,
                text: super::out::abbreviate(tape[from..to].iter().map(|t| t.ch)),
                span: span_of(&tape[from..to]),
            });
            found += 1;
            gone[from..(to + 1).min(tape.len())].fill(true);
        }
        k = last + 1;
    }
    if found == 0 {
        return tape;
    }
    stats.add("markup", found);
    tape.into_iter()
        .zip(gone)
        .filter(|(_, g)| !g)
        .map(|(a, _)| a)
        .collect::<Vec<Atom>>()
}

fn classify(t: &str) -> Line {
    if t.is_empty() {
        return Line::Blank;
    }
    if !code_chars(t) {
        return Line::Prose;
    }
    const STARTS: &[&str] = &[
        "var ",
        "let ",
        "const ",
        "function",
        "(function",
        "!function",
        "window.",
        "document.",
        "$(",
        "jquery(",
        "if(",
        "if (",
        "for(",
        "for (",
        "try{",
        "try {",
        "}catch",
        "} catch",
        "else{",
        "else {",
        "}else",
        "} else",
        "return ",
        "_hmt",
        "@media",
        "@import",
        "@font-face",
        "this.",
        "new ",
    ];
    let lower = t.to_ascii_lowercase();
    let rule = t.contains('{') && (t.contains('}') || t.ends_with('{')) && selector(t);
    let js = STARTS.iter().any(|s| lower.starts_with(s))
        || lower.contains("function(")
        || lower.contains("function (")
        || lower.contains("document.write")
        || lower.contains("=>")
        || (t.ends_with(';') && t.contains('(') && t.contains(')') && t.contains('.'));
    if rule || js {
        return Line::Strong;
    }
    let closing = t
        .chars()
        .all(|c| matches!(c, '}' | ')' | '(' | ';' | '{' | ' '));
    let declaration = t.ends_with(';')
        && t.split_once(':').is_some_and(|(k, v)| {
            !k.is_empty()
                && k.trim()
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-')
                && v.split_whitespace().count() <= 4
        });
    if closing || declaration || t == "<!--" || t == "-->" {
        Line::Weak
    } else {
        Line::Prose
    }
}

/// What precedes a CSS rule's `{`: selectors (`.article p`, `#main > div`, `a:hover`).
fn selector(t: &str) -> bool {
    let head = t.split('{').next().unwrap_or("");
    !head.trim().is_empty()
        && head
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || " .#,:>*[]=-_\"'()+~@%".contains(c))
}

/// Whether the chars outside `'…'` and `"…"` (a script's strings may hold
/// Chinese) are ASCII, nine in ten at least, and none of them Han.
fn code_chars(t: &str) -> bool {
    let (mut ascii, mut all) = (0, 0);
    let mut quote = None;
    for c in t.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => continue,
            None if c == '"' || c == '\'' => quote = Some(c),
            None if is_han(c) => return false,
            None => {}
        }
        if !c.is_whitespace() {
            all += 1;
            ascii += usize::from(c.is_ascii());
        }
    }
    ascii * 10 >= all * 9
}
