//! `reprint diff --format unified`: a line diff of the cleaned texts, one paragraph a line.
//!
//! The `a` side is the cleaned text of `a` exactly as `reprint clean` (or
//! `split`, for an article) prints it, so the patch applies to it. The `b`
//! side is `b`'s text laid out in `a`'s paragraphs: paragraph breaks are
//! layout, and a paragraph `b` merely wraps differently must not show as changed.

use crate::diff::bounded;
use crate::model::diff::Comparison;
use similar::udiff::UnifiedHunkHeader;
use similar::{group_diff_ops, Algorithm, DiffOp, TextDiff};
use std::fmt::Write;

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
    let a_name = format!("a/{}", c.a.name);
    let b_name = format!("b/{}", c.b.name);
    let (la, lb): (Vec<&str>, Vec<&str>) = (
        a.split_inclusive('\n').collect(),
        b.split_inclusive('\n').collect(),
    );
    if la.len() + lb.len() > bounded::MAX_RUN {
        let (ops, _) = bounded::diff(Algorithm::Patience, &la, &lb, 1);
        return hunks(&ops, &la, &lb, &a_name, &b_name);
    }
    // No deadline: the paragraphs are few enough for the diff to be cheap, and
    // a clock would make the output depend on the machine's load.
    let diff = TextDiff::configure()
        .algorithm(Algorithm::Patience)
        .diff_lines(&a, &b);
    diff.unified_diff()
        .context_radius(1)
        .header(&a_name, &b_name)
        .to_string()
}

/// The unified diff of `ops` as `similar` writes it (one line of context):
/// for paragraph counts past [`bounded::MAX_RUN`], diffed by [`bounded::diff`].
fn hunks(ops: &[DiffOp], a: &[&str], b: &[&str], a_name: &str, b_name: &str) -> String {
    let groups = group_diff_ops(ops.to_vec(), 1);
    let mut out = String::new();
    if groups.is_empty() {
        return out;
    }
    let _ = writeln!(out, "--- {a_name}\n+++ {b_name}");
    for group in groups {
        let _ = writeln!(out, "{}", UnifiedHunkHeader::new(&group));
        for op in group {
            let (o, n) = (op.old_range(), op.new_range());
            if matches!(op, DiffOp::Equal { .. }) {
                a[o].iter().for_each(|l| out.extend([" ", l]));
                continue;
            }
            a[o].iter().for_each(|l| out.extend(["-", l]));
            b[n].iter().for_each(|l| out.extend(["+", l]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hunks written for long inputs are `similar`'s own format.
    #[test]
    fn hunks_are_similars_unified_diff() {
        let a = "一\n二\n三\n四\n五\n六\n七\n八\n";
        let b = "一\n贰\n三\n四\n五\n六\n八\n九\n";
        let (la, lb): (Vec<&str>, Vec<&str>) = (
            a.split_inclusive('\n').collect(),
            b.split_inclusive('\n').collect(),
        );
        let ops = similar::capture_diff_slices(Algorithm::Patience, &la, &lb);
        let theirs = TextDiff::configure()
            .algorithm(Algorithm::Patience)
            .diff_lines(a, b)
            .unified_diff()
            .context_radius(1)
            .header("a/x", "b/y")
            .to_string();
        assert_eq!(hunks(&ops, &la, &lb, "a/x", "b/y"), theirs);
        assert_eq!(hunks(&[], &la, &la, "a/x", "b/y"), "");
    }
}
