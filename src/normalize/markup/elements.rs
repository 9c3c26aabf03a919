//! What HTML elements mean for the text: blocks, content that is not text, furniture containers.

use super::tokens::{Ev, Range};
use crate::normalize::tape::is_han;

/// Elements whose content is not text of the page.
pub const DROP: &[&[u8]] = &[
    b"script",
    b"style",
    b"noscript",
    b"template",
    b"title",
    b"iframe",
    b"svg",
    b"math",
    b"object",
    b"canvas",
    b"select",
    b"button",
    b"textarea",
    b"nav",
    b"video",
    b"audio",
    b"map",
    b"noembed",
    b"noframes",
    b"xmp",
    b"datalist",
];

/// Elements that begin and end a paragraph.
pub const BLOCK: &[&[u8]] = &[
    b"p",
    b"div",
    b"h1",
    b"h2",
    b"h3",
    b"h4",
    b"h5",
    b"h6",
    b"li",
    b"ul",
    b"ol",
    b"dl",
    b"dt",
    b"dd",
    b"tr",
    b"table",
    b"tbody",
    b"thead",
    b"tfoot",
    b"caption",
    b"section",
    b"article",
    b"aside",
    b"header",
    b"footer",
    b"main",
    b"blockquote",
    b"pre",
    b"figure",
    b"figcaption",
    b"address",
    b"center",
    b"form",
    b"fieldset",
    b"legend",
    b"details",
    b"summary",
    b"hr",
    b"body",
    b"html",
    b"head",
    b"menu",
    b"dialog",
    b"frameset",
    b"frame",
];

/// Other element names that say a text is HTML.
const INLINE: &[&[u8]] = &[
    b"a",
    b"span",
    b"strong",
    b"b",
    b"i",
    b"em",
    b"u",
    b"s",
    b"strike",
    b"del",
    b"ins",
    b"sub",
    b"sup",
    b"small",
    b"big",
    b"font",
    b"code",
    b"kbd",
    b"samp",
    b"var",
    b"tt",
    b"q",
    b"cite",
    b"abbr",
    b"acronym",
    b"mark",
    b"time",
    b"data",
    b"label",
    b"img",
    b"br",
    b"wbr",
    b"meta",
    b"link",
    b"base",
    b"input",
    b"option",
    b"optgroup",
    b"source",
    b"track",
    b"picture",
    b"embed",
    b"param",
    b"area",
    b"col",
    b"colgroup",
    b"td",
    b"th",
    b"nobr",
    b"marquee",
    b"o:p",
];

pub fn known(name: &[u8]) -> bool {
    DROP.contains(&name) || BLOCK.contains(&name) || INLINE.contains(&name)
}

/// Elements that never hold content, so never wait for an end tag.
const VOID: &[&[u8]] = &[
    b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"link", b"meta", b"param",
    b"source", b"track", b"wbr",
];

/// `class`/`id` words that name a page's furniture: menus, share bars, footers, side columns.
const FURNITURE_CLASSES: &[&str] = &[
    "nav",
    "navbar",
    "menu",
    "breadcrumb",
    "crumb",
    "crumbs",
    "share",
    "bdsharebuttonbox",
    "toolbar",
    "footer",
    "foot",
    "copyright",
    "sidebar",
    "side",
    "related",
    "recommend",
    "comment",
    "comments",
    "ad",
    "ads",
    "advert",
    "login",
    "search",
    "qrcode",
    "ewm",
];

/// Whether a start tag's `class` or `id` names furniture (`class="footer"`, `id="share-box"`).
fn furniture_class(attrs: &[(Vec<u8>, Range, String)]) -> bool {
    attrs
        .iter()
        .filter(|(k, _, _)| k.as_slice() == b"class" || k.as_slice() == b"id")
        .flat_map(|(_, _, v)| v.split(|c: char| c.is_whitespace() || c == '-' || c == '_'))
        .any(|w| FURNITURE_CLASSES.contains(&w.to_ascii_lowercase().as_str()))
}

/// Which events lie inside an element whose content is not the page's text:
/// a script or style, or a block whose class names furniture. Elements are
/// matched to their end tags as a browser would (an end tag closes what is
/// open inside it); an element the page never closes hides nothing, and a
/// furniture block holding most of the page's Han text is not furniture.
pub fn drop_ranges(s: &str, evs: &[Ev]) -> Vec<bool> {
    let mut open: Vec<(usize, &[u8], bool)> = Vec::new();
    let mut ranges = Vec::new();
    for (k, ev) in evs.iter().enumerate() {
        match ev {
            Ev::Start { name, attrs, .. } if !VOID.contains(&name.as_slice()) => {
                let drop = DROP.contains(&name.as_slice()) || furniture_class(attrs);
                open.push((k, name, drop));
            }
            Ev::End { name, .. } => {
                if let Some(at) = open.iter().rposition(|(_, n, _)| *n == name.as_slice()) {
                    if open[at].2 {
                        ranges.push((open[at].0, k, !DROP.contains(&open[at].1)));
                    }
                    open.truncate(at);
                }
            }
            _ => {}
        }
    }
    let han = |a: usize, b: usize| {
        evs[a..=b]
            .iter()
            .filter_map(|e| match e {
                Ev::Text { span, .. } => {
                    Some(s[span.0..span.1].chars().filter(|&c| is_han(c)).count())
                }
                _ => None,
            })
            .sum::<usize>()
    };
    let mut dropped = vec![false; evs.len()];
    if evs.is_empty() {
        return dropped;
    }
    let total = han(0, evs.len() - 1).max(1);
    ranges.sort_unstable();
    let mut upto = 0;
    for (a, b, heuristic) in ranges {
        if b < upto || (heuristic && 2 * han(a, b) > total) {
            continue;
        }
        for d in dropped.iter_mut().take(b + 1).skip(a.max(upto)) {
            *d = true;
        }
        upto = upto.max(b + 1);
    }
    dropped
}

/// Whether tags carry the text's structure, so a newline inside a text node
/// is only a space (HTML source wrapped at some width): there are at least as
/// many block tags as newlines inside text. Text that kept its lines and
/// holds a few tags (Markdown with `<p>`, a scrape's remnants) keeps them.
pub fn structured(s: &str, evs: &[Ev], dropped: &[bool]) -> bool {
    let (mut blocks, mut newlines) = (0usize, 0usize);
    for (ev, _) in evs.iter().zip(dropped).filter(|(_, &d)| !d) {
        match ev {
            Ev::Start { name, .. } | Ev::End { name, .. } => {
                if name.as_slice() == b"br" || BLOCK.contains(&name.as_slice()) {
                    blocks += 1;
                }
            }
            Ev::Text { span, .. } => {
                let t = &s[span.0..span.1];
                if !t.trim().is_empty() {
                    newlines += t.trim().matches('\n').count();
                }
            }
            Ev::Other { .. } => {}
        }
    }
    blocks > 0 && blocks >= newlines
}
