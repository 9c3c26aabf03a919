//! Fuzz `merge` on three arbitrary witnesses: no panic, provenance tiles the text and stays in its sources.
#![no_main]

use libfuzzer_sys::fuzz_target;
use reprint::merge::{merge, Evidence, MergeOptions, Witness};
use reprint::model::Span;

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    let mut parts = s.splitn(3, '|');
    let texts: Vec<String> = (0..3).map(|_| parts.next().unwrap_or("").to_string()).collect();
    let maps: Vec<Vec<Span>> = texts
        .iter()
        .map(|t| {
            t.char_indices()
                .map(|(i, c)| [i as u32, (i + c.len_utf8()) as u32])
                .collect()
        })
        .collect();
    let ids = ["a", "b", "c"];
    let ws: Vec<Witness> = (0..3)
        .map(|k| Witness {
            id: ids[k],
            source: ids[k],
            title: None,
            text: &texts[k],
            map: &maps[k],
        })
        .collect();
    let ev = Evidence::new(texts.iter().map(String::as_str));
    let opts = MergeOptions {
        align: reprint::scan::verify::AlignOptions {
            min_span: 6,
            ..Default::default()
        },
        ..MergeOptions::default()
    };
    let m = merge(&ws, &ev, &opts);
    let chars = m.text.chars().count();
    let mut next = 0;
    for p in &m.provenance {
        assert_eq!(p.start, next, "provenance does not tile");
        assert!(p.start < p.end);
        next = p.end;
        let k = ids.iter().position(|&i| i == p.witness).expect("a witness");
        assert!(p.source[0] <= p.source[1] && p.source[1] as usize <= texts[k].len());
    }
    assert_eq!(next, chars);
    for d in &m.decisions {
        assert!(d.at <= chars);
    }
});
