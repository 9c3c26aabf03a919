//! Inputs the fuzzers (`fuzz/`) found failing, kept so the bugs stay fixed.
//!
//! Fixtures are in `tests/fixtures/fuzz/`: the raw fuzzer input (`*.bin`, replayable
//! with `cargo fuzz run <target> FILE`) and, where it makes files, the files.

use crate::harness::{fixture, reprint};
use reprint::model::{ScanResult, Source};
use reprint::scan::{scan_sources, ScanOptions, Unit};
use std::path::PathBuf;

/// Every span of every pair is a non-empty range inside its unit's page.
fn assert_spans_valid(r: &ScanResult, page_len: impl Fn(&str) -> u32) {
    assert!(!r.pairs.is_empty());
    for p in &r.pairs {
        for s in &p.spans {
            let (la, lb) = (page_len(&p.a), page_len(&p.b));
            assert!(s.a[0] < s.a[1] && s.a[1] <= la, "{} {s:?}", p.a);
            assert!(s.b[0] < s.b[1] && s.b[1] <= lb, "{} {s:?}", p.b);
        }
    }
}

/// `scan` fuzzer, crash-509be6e9: a passage of a stitched article that crosses a
/// junction between pieces printed in the other order was reported as the source
/// range `[441, 383]` (end before start). Through the binary on the same pages.
#[test]
fn scan_span_across_a_stitch_junction_is_a_valid_range() {
    let dir = fixture("fuzz/scan_inverted_span");
    let files: Vec<PathBuf> = ["a.txt", "b.txt", "c.txt"]
        .iter()
        .map(|f| dir.join(f))
        .collect();
    let o = reprint()
        .args(["scan", "-f", "json", "--max-df", "2", "--min-span", "6"])
        .args(["--min-overlap", "10"])
        .args(&files)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let r: ScanResult = serde_json::from_slice(&o.stdout).unwrap();
    // Which of c's articles holds the stitched passage depends on how c is split.
    assert!(r
        .pairs
        .iter()
        .any(|p| p.a == "a#1" && p.b.starts_with("c#")));
    assert_spans_valid(&r, |id| {
        let stem = id.split('#').next().unwrap();
        std::fs::metadata(dir.join(format!("{stem}.txt")))
            .unwrap()
            .len() as u32
    });
}

/// The same crash (crash-509be6e9) replayed as the fuzz target runs it (pages cut at `|`, articles as units).
#[test]
fn the_scan_fuzzers_inverted_span_input_replays_clean() {
    let data = std::fs::read(fixture("fuzz/scan-crash-509be6e9.bin")).unwrap();
    let text = String::from_utf8_lossy(&data[1..]);
    let mut parts = text.splitn(3, '|');
    let pages: Vec<Source> = ["a", "b", "c"]
        .iter()
        .map(|id| Source::from_utf8_text(id, id, parts.next().unwrap_or("")))
        .collect();
    let cfg = ScanOptions {
        clean: Default::default(),
        unit: Unit::Article,
        candidates: reprint::scan::index::CandidateOptions {
            max_df: 2,
            ..Default::default()
        },
        align: reprint::scan::verify::AlignOptions {
            min_span: reprint::scan::keys::N,
            ..Default::default()
        },
        relation: reprint::scan::cluster::RelationOptions {
            cover: 0.8,
            min_overlap: 10,
        },
        memory: u64::MAX,
    };
    let r = scan_sources(&pages, &cfg);
    assert_spans_valid(&r, |id| {
        let stem = id.split('#').next().unwrap();
        pages.iter().find(|p| p.id == stem).unwrap().text.len() as u32
    });
}
