//! Markup left in scraped text: HTML tags, entities and embedded CSS/JS, Markdown syntax, bare URLs.
//!
//! Runs first, on the text as decoded, so every char that survives keeps the
//! span of the bytes it came from (an entity's char spans the whole entity, a
//! break that stands for a block tag spans the tag). What goes is recorded as
//! `markup` (tags, comments, style and script blocks, Markdown syntax) or
//! `url`. In `auto` mode a text is only treated as HTML or Markdown when it
//! really holds their syntax, so a plain page with a `<` in it is untouched.

mod code;
mod elements;
mod html;
mod markdown;
mod out;
mod tokens;

use super::tape::Tape;
use super::Stats;
use crate::model::Removal;

/// Which markup a text is read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum MarkupMode {
    /// HTML and Markdown where the text holds their syntax.
    #[default]
    Auto,
    /// HTML: every ASCII-named tag and every entity, found or not.
    Html,
    /// Markdown, and HTML where it holds tags (as Markdown allows).
    Markdown,
    /// Leave the text as it is.
    None,
}

impl MarkupMode {
    pub fn name(self) -> &'static str {
        match self {
            MarkupMode::Auto => "auto",
            MarkupMode::Html => "html",
            MarkupMode::Markdown => "markdown",
            MarkupMode::None => "none",
        }
    }
}

/// Strip the markup `mode` finds, recording every removal.
pub fn strip(tape: Tape, mode: MarkupMode, removed: &mut Vec<Removal>, stats: &mut Stats) -> Tape {
    if mode == MarkupMode::None {
        return tape;
    }
    let mut tape = tape;
    if mode != MarkupMode::Markdown || tape.iter().any(|a| a.ch == '<') {
        // Markup escaped once or twice over (`&amp;lt;p&amp;gt;`) is markup too:
        // stripped until no entity decodes to a `<`, so cleaning twice = once.
        for _ in 0..3 {
            let escaped;
            (tape, escaped) = html::strip(tape, mode == MarkupMode::Html, removed, stats);
            if !escaped {
                break;
            }
        }
    }
    if mode != MarkupMode::Html {
        tape = markdown::strip(tape, mode == MarkupMode::Markdown, removed, stats);
    }
    tape = code::strip(tape, removed, stats);
    let tape = markdown::strip_urls(tape, removed, stats);
    removed.sort_by_key(|r| r.span);
    tape
}

/// An image's `alt` worth keeping as a caption: prose (a name or a label is
/// not), not a file name, a URL or a stock label.
fn caption(v: &str) -> bool {
    let v = v.trim();
    let han = v.chars().filter(|&c| super::tape::is_han(c)).count();
    let lower = v.to_ascii_lowercase();
    han >= 5
        && !lower.contains("://")
        && ![".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp"]
            .iter()
            .any(|e| lower.ends_with(e))
        && !["图片", "图像", "二维码", "点击查看大图", "广告", "logo"].contains(&lower.as_str())
}

#[cfg(test)]
mod tests;
