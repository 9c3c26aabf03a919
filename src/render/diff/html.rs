//! `reprint diff --format html`: one self-contained page (inline CSS, no scripts, no network), side by side.
//!
//! Each row is a paragraph of `a` next to the text of `b` aligned with it.
//! Variants are `<del>`/`<ins>` elements numbered as in the variant table
//! below; a move is marked on both sides and linked to its other half.

use crate::model::diff::{Comparison, VariantKind};
use std::fmt::Write;

const CSS: &str = "
body{font-family:'Noto Sans CJK SC','Source Han Sans SC','WenQuanYi Micro Hei','PingFang SC','Microsoft YaHei',sans-serif;margin:1.5em;color:#1f2328;background:#fff;line-height:1.75}
h1{font-size:1.3em}h2{font-size:1.15em;margin-top:2em}h3{font-size:1.02em}
.meta{color:#57606a}.note{background:#fff8c5;padding:.4em .7em;border-left:4px solid #d4a72c}
table.sbs{table-layout:fixed;width:100%;border-collapse:collapse}
table.sbs th{background:#f6f8fa;text-align:left;padding:.4em .6em;border:1px solid #d0d7de;word-break:break-all}
table.sbs td{vertical-align:top;padding:.35em .6em;border:1px solid #d0d7de;word-break:break-all}
table.sbs .n{width:2.5em;color:#8c959f;text-align:right;font-size:.85em}
table.sbs tr.same td{color:#424a53}
td p{margin:0 0 .5em 0}
del.v{background:#ffcecb;text-decoration:line-through;text-decoration-color:rgba(207,34,46,.45)}
ins.v{background:#aceebb;text-decoration:none}
del.move,ins.move{background:#ddf4ff;text-decoration:none;outline:1px dashed #0969da}
.k-punctuation{background:#fff1b3 !important}
.gap{color:#cf222e;font-weight:bold}
sup.tag{font-size:.7em;color:#0969da;margin:0 .15em}
table.list{border-collapse:collapse;margin-top:.6em}
table.list td,table.list th{border:1px solid #d0d7de;padding:.25em .5em;vertical-align:top;text-align:left}
";

/// Escape text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A whole page around `body`.
pub fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"zh\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        escape(title)
    )
}

fn kind_word(k: VariantKind) -> &'static str {
    match k {
        VariantKind::Replace => "replace",
        VariantKind::Delete => "delete",
        VariantKind::Insert => "insert",
        VariantKind::Punctuation => "punctuation",
        VariantKind::Move => "move",
    }
}

/// Which variant covers each char, and which variants are an empty point before each char.
struct Marks {
    at: Vec<Option<usize>>,
    gaps: Vec<Vec<usize>>,
}

fn marks(len: usize, ranges: impl Iterator<Item = (usize, std::ops::Range<usize>)>) -> Marks {
    let mut m = Marks {
        at: vec![None; len],
        gaps: vec![Vec::new(); len + 1],
    };
    for (n, r) in ranges {
        if r.is_empty() {
            m.gaps[r.start.min(len)].push(n);
        }
        for i in r {
            m.at[i] = Some(n);
        }
    }
    m
}

/// One cell's text with its variants marked. `side` is `a` or `b`; `p` prefixes ids.
fn cell(
    c: &Comparison,
    chars: &[char],
    m: &Marks,
    r: std::ops::Range<usize>,
    side: char,
    p: &str,
) -> String {
    let (tag, other) = if side == 'a' {
        ("del", 'b')
    } else {
        ("ins", 'a')
    };
    let mut out = String::new();
    let mut open: Option<usize> = None;
    let close = |out: &mut String, open: &mut Option<usize>| {
        if open.take().is_some() {
            let _ = write!(out, "</{tag}>");
        }
    };
    for i in r.clone() {
        for &n in &m.gaps[i] {
            close(&mut out, &mut open);
            let _ = write!(
                out,
                "<span class=\"gap\" title=\"variant {}\">‸</span>",
                n + 1
            );
        }
        if m.at[i] != open {
            close(&mut out, &mut open);
            if let Some(n) = m.at[i] {
                let e = &c.edits[n];
                let k = kind_word(e.kind);
                let cls = if e.kind == VariantKind::Move {
                    "move"
                } else {
                    "v"
                };
                let start = if side == 'a' { e.a.start } else { e.b.start };
                // Only the first piece of a variant split over paragraphs carries its id.
                let id = if i == start {
                    format!(" id=\"{p}{side}{}\"", n + 1)
                } else {
                    String::new()
                };
                let _ = write!(
                    out,
                    "<{tag} class=\"{cls} k-{k}\"{id} title=\"variant {} ({k})\">",
                    n + 1
                );
                if e.kind == VariantKind::Move && i == start {
                    let _ = write!(
                        out,
                        "<sup class=\"tag\"><a href=\"#{p}{other}{}\">moved {} ↔</a></sup>",
                        n + 1,
                        n + 1
                    );
                }
                open = Some(n);
            }
        }
        // A newline left inside a row is a layout break (see `diff::Row`).
        if chars[i] != '\n' {
            out.push_str(&escape(&chars[i].to_string()));
        }
    }
    close(&mut out, &mut open);
    for &n in &m.gaps[r.end] {
        let _ = write!(
            out,
            "<span class=\"gap\" title=\"variant {}\">‸</span>",
            n + 1
        );
    }
    out
}

/// The side-by-side table and the variant list, to embed in a page; `p` keeps ids unique on a page.
pub fn section(c: &Comparison, p: &str) -> String {
    let ac: Vec<char> = c.a.text.chars().collect();
    let bc: Vec<char> = c.b.text.chars().collect();
    let ma = marks(
        ac.len(),
        c.edits.iter().enumerate().map(|(n, e)| (n, e.a.clone())),
    );
    let mb = marks(
        bc.len(),
        c.edits.iter().enumerate().map(|(n, e)| (n, e.b.clone())),
    );
    let r = &c.report;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<p class=\"meta\">similarity {:.4} · {} variant(s)</p>",
        r.similarity,
        r.variants.len()
    );
    if let Some(note) = &r.note {
        let _ = writeln!(out, "<p class=\"note\">{}</p>", escape(note));
    }
    let _ = writeln!(
        out,
        "<table class=\"sbs\"><thead><tr><th class=\"n\"></th><th>a: {}</th><th>b: {}</th></tr></thead><tbody>",
        escape(&r.a),
        escape(&r.b)
    );
    for (k, row) in c.rows.iter().enumerate() {
        let changed = row.a.clone().any(|i| ma.at[i].is_some())
            || row.b.iter().any(|b| b.clone().any(|i| mb.at[i].is_some()));
        let left = cell(c, &ac, &ma, row.a.clone(), 'a', p);
        let right: String = row
            .b
            .iter()
            .map(|b| format!("<p>{}</p>", cell(c, &bc, &mb, b.clone(), 'b', p)))
            .collect();
        let _ = writeln!(
            out,
            "<tr{}><td class=\"n\">{}</td><td><p>{left}</p></td><td>{right}</td></tr>",
            if changed {
                " class=\"changed\""
            } else {
                " class=\"same\""
            },
            k + 1
        );
    }
    out.push_str("</tbody></table>\n");
    if !r.variants.is_empty() {
        out.push_str("<table class=\"list\"><thead><tr><th>#</th><th>kind</th><th>a</th><th>b</th><th>a bytes</th><th>b bytes</th></tr></thead><tbody>\n");
        for (n, v) in r.variants.iter().enumerate() {
            let short = |s: &str| {
                let chars: Vec<char> = s.chars().collect();
                if chars.len() > 80 {
                    format!(
                        "{}…({} chars)",
                        chars[..60].iter().collect::<String>(),
                        chars.len()
                    )
                } else {
                    s.to_string()
                }
            };
            let _ = writeln!(
                out,
                "<tr><td><a href=\"#{p}{8}{0}\">{0}</a></td><td>{1}</td><td><del class=\"v\">{2}</del></td><td><ins class=\"v\">{3}</ins></td><td>{4}–{5}</td><td>{6}–{7}</td></tr>",
                n + 1,
                kind_word(v.kind),
                escape(&short(&v.a)),
                escape(&short(&v.b)),
                v.a_start,
                v.a_end,
                v.b_start,
                v.b_end,
                if v.a.is_empty() { 'b' } else { 'a' }
            );
        }
        out.push_str("</tbody></table>\n");
    }
    out
}

pub fn render(c: &Comparison) -> String {
    let title = format!("{} ↔ {}", c.report.a, c.report.b);
    let body = format!("<h1>{}</h1>\n{}", escape(&title), section(c, "v"));
    page(&title, &body)
}
