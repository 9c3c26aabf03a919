//! Markup stripping, pass by pass, with the spans of what stays and what goes.

use super::*;
use crate::normalize::tape::{from_text, to_string, utf8_offsets};

fn run(s: &str, mode: MarkupMode) -> (String, Vec<Removal>, Tape) {
    let mut removed = Vec::new();
    let t = strip(
        from_text(s, &utf8_offsets(s)),
        mode,
        &mut removed,
        &mut Stats::default(),
    );
    (to_string(&t), removed, t)
}

fn auto(s: &str) -> String {
    run(s, MarkupMode::Auto).0
}

#[test]
fn paragraphs_and_inline_tags() {
    assert_eq!(
        auto("<p>新华社<strong>北京</strong>6月11日电</p><p>第二段。</p>"),
        "新华社北京6月11日电\n\n第二段。"
    );
}
