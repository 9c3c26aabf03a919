//! Fuzz `scan` end to end on three small pages: no panic, spans inside their sources, relations consistent.
#![no_main]

use libfuzzer_sys::fuzz_target;
use reprint::scan::{scan_sources, ScanOptions, Unit};
use reprint::model::Source;

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    // Three pages cut at 0xFF-free separators (`|`), so one input yields
    // near-copies the fuzzer can mutate independently.
    let mut parts = text.splitn(3, '|');
    let pages: Vec<Source> = ["a", "b", "c"]
        .iter()
        .map(|id| Source::from_utf8_text(id, &format!("{id}.txt"), parts.next().unwrap_or("")))
        .collect();
    let cfg = ScanOptions {
        clean: Default::default(),
        unit: if flags & 1 == 0 {
            Unit::File
        } else {
            Unit::Article
        },
        candidates: reprint::scan::index::CandidateOptions {
            max_df: 2,
            ..Default::default()
        },
        align: reprint::scan::verify::AlignOptions {
            min_span: reprint::scan::keys::N + (flags as usize >> 4),
            ..Default::default()
        },
        relation: reprint::scan::cluster::RelationOptions {
            cover: 0.8,
            min_overlap: 10,
        },
        // Half the runs put keys and index in temp files.
        memory: if flags & 2 == 0 { u64::MAX } else { 0 },
    };
    let r = scan_sources(&pages, &cfg);
    let len_of = |id: &str| {
        let page = id.split('#').next().unwrap();
        pages.iter().find(|p| p.id == page).unwrap().text.len() as u32
    };
    for p in &r.pairs {
        assert!(p.a < p.b, "pair order {} {}", p.a, p.b);
        assert!((0.0..=1.0).contains(&p.similarity));
        for s in &p.spans {
            assert!(s.a[0] < s.a[1] && s.a[1] <= len_of(&p.a), "{s:?}");
            assert!(s.b[0] < s.b[1] && s.b[1] <= len_of(&p.b), "{s:?}");
        }
    }
    for c in &r.clusters {
        assert!(c.members.len() >= 2);
    }
});
