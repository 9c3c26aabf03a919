//! `reprint diff --format text`: each changed paragraph of `a` once, variants inline, long equal stretches elided.
//!
//! Without color the markers are `[-old-]{+new+}` (wdiff's); with color the
//! old text is red and the new green, markers dropped. Moves get their own hunk.

use crate::model::diff::{Comparison, Edit, VariantKind};

/// Longest variant text printed whole; longer ones keep their ends.
const MAX_SHOWN: usize = 120;

#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    /// Equal chars kept on each side of a variant.
    pub context: usize,
}

fn del(s: &str, st: Style) -> String {
    if st.color {
        format!("\x1b[31m{s}\x1b[0m")
    } else {
        format!("[-{s}-]")
    }
}

fn ins(s: &str, st: Style) -> String {
    if st.color {
        format!("\x1b[32m{s}\x1b[0m")
    } else {
        format!("{{+{s}+}}")
    }
}

/// A variant's text on one line: paragraph breaks as ¶, long texts shortened in the middle.
fn shown(chars: &[char]) -> String {
    let flat: Vec<char> = chars
        .iter()
        .map(|&c| if c == '\n' { '¶' } else { c })
        .collect::<String>()
        .replace("¶¶", "¶")
        .chars()
        .collect();
    if flat.len() <= MAX_SHOWN {
        return flat.into_iter().collect();
    }
    let head: String = flat[..50].iter().collect();
    let tail: String = flat[flat.len() - 50..].iter().collect();
    format!("{head}…({} chars)…{tail}", flat.len())
}

/// Equal text between variants, elided to `context` chars next to them.
fn equal(chars: &[char], lead: bool, trail: bool, ctx: usize) -> String {
    let n = chars.len();
    let keep_head = if lead { 0 } else { ctx };
    let keep_tail = if trail { 0 } else { ctx };
    if n <= keep_head + keep_tail + 1 {
        return chars.iter().collect();
    }
    let head: String = chars[..keep_head].iter().collect();
    let tail: String = chars[n - keep_tail..].iter().collect();
    format!("{head}…{tail}")
}

/// The paragraph number (from 1) of every cleaned char index, and of the end.
fn paragraphs(chars: &[char]) -> Vec<usize> {
    let mut out = Vec::with_capacity(chars.len() + 1);
    let mut n = 1;
    let mut prev = '\n';
    let mut seen_text = false;
    for &c in chars {
        if c != '\n' && prev == '\n' && seen_text {
            n += 1;
        }
        seen_text |= c != '\n';
        prev = c;
        out.push(n);
    }
    out.push(n);
    out
}

pub fn render(c: &Comparison, st: Style) -> String {
    let ac: Vec<char> = c.a.text.chars().collect();
    let bc: Vec<char> = c.b.text.chars().collect();
    let (pa, pb) = (paragraphs(&ac), paragraphs(&bc));
    let r = &c.report;
    let mut out = format!("--- a/{}\n+++ b/{}\n", r.a, r.b);
    out.push_str(&format!(
        "similarity {:.4}, {} variant(s)\n",
        r.similarity,
        r.variants.len()
    ));
    if let Some(note) = &r.note {
        out.push_str(&format!("note: {note}\n"));
    }
    let inline: Vec<&Edit> = c
        .edits
        .iter()
        .filter(|e| e.kind != VariantKind::Move)
        .collect();
    let mut k = 0;
    let mut shown_to = 0;
    while k < inline.len() {
        // One hunk: the edits that start in the same paragraph of `a`.
        let para = pa[inline[k].a.start];
        let row_start = ac[..inline[k].a.start]
            .iter()
            .rposition(|&ch| ch == '\n')
            .map_or(0, |i| i + 1)
            .max(shown_to);
        let mut line = String::new();
        let mut at = row_start;
        let mut first = true;
        while k < inline.len() && pa[inline[k].a.start] == para {
            let e = inline[k];
            line.push_str(&equal(&ac[at..e.a.start.max(at)], first, false, st.context));
            if !e.a.is_empty() {
                line.push_str(&del(&shown(&ac[e.a.clone()]), st));
            }
            if !e.b.is_empty() {
                line.push_str(&ins(&shown(&bc[e.b.clone()]), st));
            }
            at = e.a.end.max(at);
            first = false;
            k += 1;
        }
        let row_end = ac[at..]
            .iter()
            .position(|&ch| ch == '\n')
            .map_or(ac.len(), |i| at + i);
        line.push_str(&equal(&ac[at..row_end.max(at)], false, true, st.context));
        shown_to = row_end.max(at);
        let b_para = pb[inline[k - 1].b.start];
        out.push_str(&format!(
            "@@ a paragraph {para}, b paragraph {b_para} @@\n{line}\n"
        ));
    }
    for e in c.edits.iter().filter(|e| e.kind == VariantKind::Move) {
        out.push_str(&format!(
            "@@ moved: a paragraph {} -> b paragraph {} @@\n{}\n{}\n",
            pa[e.a.start],
            pb[e.b.start],
            del(&shown(&ac[e.a.clone()]), st),
            ins(&shown(&bc[e.b.clone()]), st)
        ));
    }
    out
}
