//! `reprint diff --format json`: the [`DiffReport`](crate::diff::DiffReport), pretty-printed.

use crate::model::diff::Comparison;

pub fn render(c: &Comparison) -> String {
    let mut s = serde_json::to_string_pretty(&c.report).expect("report serializes");
    s.push('\n');
    s
}
