//! `reprint diff --format unified`: a line diff of the cleaned texts, one paragraph a line.
//!
//! The `a` side is the cleaned text of `a` exactly as `reprint clean` (or
//! `split`, for an article) prints it, so the patch applies to it. The `b`
//! side is `b`'s text laid out in `a`'s paragraphs: paragraph breaks are
//! layout, and a paragraph `b` merely wraps differently must not show as changed.

use crate::model::diff::{Comparison, ParagraphDiff};
use similar::udiff::UnifiedHunkHeader;
use similar::{group_diff_ops, DiffOp};
use std::fmt::Write;

/// The unified diff of `p` (from [`crate::diff::paragraphs`]), headed with both names.
pub fn render(c: &Comparison, p: &ParagraphDiff) -> String {
    let a: Vec<&str> = p.a.split_inclusive('\n').collect();
    let b: Vec<&str> = p.b.split_inclusive('\n').collect();
    hunks(
        &p.ops,
        &a,
        &b,
        &format!("a/{}", c.a.name),
        &format!("b/{}", c.b.name),
    )
}

/// The unified diff of `ops` as `similar`'s `TextDiff` writes it (one line of context).
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
    use similar::{Algorithm, TextDiff};

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
