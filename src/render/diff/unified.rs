//! `reprint diff --format unified`: a line diff of the cleaned texts, one paragraph a line.
//!
//! The `a` side is the cleaned text of `a` exactly as `reprint clean` (or
//! `split`, for an article) prints it, so the patch applies to it. The `b`
//! side is `b`'s text laid out in `a`'s paragraphs: paragraph breaks are
//! layout, and a paragraph `b` merely wraps differently must not show as changed.

use crate::model::diff::Comparison;
use similar::{Algorithm, TextDiff};
use std::time::{Duration, Instant};

/// The line diff has its own deadline: paragraphs are few, so it is rarely reached.
const DEADLINE: Duration = Duration::from_secs(2);

/// `b`'s text in `a`'s paragraphs (breaks `b` has next to text of its own kept).
pub fn b_in_a_layout(c: &Comparison) -> String {
    let bc: Vec<char> = c.b.text.chars().collect();
    let mut out = String::new();
    for row in &c.rows {
        for (k, r) in row.b.iter().enumerate() {
            if !out.is_empty() {
                out.push_str(if k == 0 && !row.a_sep.is_empty() {
                    &row.a_sep
                } else {
                    "\n\n"
                });
            }
            out.extend(bc[r.clone()].iter().filter(|&&c| c != '\n'));
        }
    }
    out
}

fn with_newline(s: &str) -> String {
    if s.is_empty() || s.ends_with('\n') {
        s.to_string()
    } else {
        format!("{s}\n")
    }
}

pub fn render(c: &Comparison) -> String {
    let a = with_newline(&c.a.text);
    let b = with_newline(&b_in_a_layout(c));
    let diff = TextDiff::configure()
        .algorithm(Algorithm::Patience)
        .deadline(Instant::now() + DEADLINE)
        .diff_lines(&a, &b);
    let a_name = format!("a/{}", c.a.name);
    let b_name = format!("b/{}", c.b.name);
    diff.unified_diff()
        .context_radius(1)
        .header(&a_name, &b_name)
        .to_string()
}
