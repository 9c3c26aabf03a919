//! Fuzz cleaning on decoded bytes: the map must give every output char a valid source range, whatever the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use reprint::input::decode;
use reprint::model::Source;
use reprint::normalize::{clean, CleanOptions, Rule};

fuzz_target!(|data: &[u8]| {
    let Some((&flags, bytes)) = data.split_first() else {
        return;
    };
    let Ok(d) = decode(bytes, None) else {
        return;
    };
    let source = Source {
        id: "f".into(),
        path: "f".into(),
        encoding: d.encoding.into(),
        text: d.text,
        offsets: d.offsets,
        record: None,
        at: None,
    };
    // The low bits switch rules off, so every combination is reachable.
    let opts = CleanOptions {
        disabled: Rule::ALL
            .into_iter()
            .enumerate()
            .filter(|(i, _)| flags & (1 << i) != 0)
            .map(|(_, r)| r)
            .collect(),
        correct_variants: true,
        join_paragraphs: flags & 0x80 == 0,
    };
    let c = clean(&source, &opts);
    let len = bytes.len() as u32;
    assert_eq!(c.map.len(), c.text.chars().count());
    for s in &c.map {
        assert!(
            s[0] <= s[1] && s[1] <= len,
            "map span {s:?} outside 0..{len}"
        );
    }
    let spans = c
        .removed
        .iter()
        .map(|r| r.span)
        .chain(c.continuations.iter().map(|r| r.span))
        .chain(c.datelines.iter().map(|r| r.span))
        .chain(c.bylines.iter().map(|r| r.span))
        .chain(c.variants.iter().map(|r| r.span));
    for s in spans {
        assert!(s[0] <= s[1] && s[1] <= len, "span {s:?} outside 0..{len}");
    }
    // Pure: the same input cleans the same way twice.
    let again = clean(&source, &opts);
    assert_eq!(again.text, c.text);
    assert_eq!(again.map, c.map);
});
