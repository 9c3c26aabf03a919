//! Fuzz `diff` on two arbitrary texts: no panic, variants in bounds, every renderer runs.
#![no_main]

use libfuzzer_sys::fuzz_target;
use reprint::diff::{compare, DiffOptions, Text};
use std::time::Duration;

fn text(name: &str, s: &str) -> Text {
    let map = s
        .char_indices()
        .map(|(i, c)| [i as u32, (i + c.len_utf8()) as u32])
        .collect();
    Text {
        name: name.to_string(),
        source: name.to_string(),
        text: s.to_string(),
        map,
    }
}

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    // Two texts cut at the first `|`, so the fuzzer mutates near-copies.
    let (a, b) = s.split_once('|').unwrap_or((&s, ""));
    let opts = DiffOptions {
        deadline: Duration::from_millis(200),
        ..DiffOptions::default()
    };
    let c = compare(text("a", a), text("b", b), &opts);
    assert!((0.0..=1.0).contains(&c.report.similarity));
    for v in &c.report.variants {
        assert!(v.a_start <= v.a_end && v.a_end as usize <= a.len(), "{v:?}");
        assert!(v.b_start <= v.b_end && v.b_end as usize <= b.len(), "{v:?}");
    }
    let _ = reprint::render::diff::unified::render(&c);
    let _ = reprint::render::diff::json::render(&c);
    let _ = reprint::render::diff::html::render(&c);
});
