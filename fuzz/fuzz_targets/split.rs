//! Fuzz article splitting: any text splits into articles whose pieces and maps stay inside the page.
#![no_main]

use libfuzzer_sys::fuzz_target;
use reprint::segment::articles;
use reprint::model::Source;
use reprint::normalize::CleanOptions;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // Two pages, so the stitcher's cross-page evidence is exercised too.
    let mut mid = text.len() / 2;
    while !text.is_char_boundary(mid) {
        mid -= 1;
    }
    let (first, second) = text.split_at(mid);
    let pages = [
        Source::from_utf8_text("a", "a.txt", first),
        Source::from_utf8_text("b", "b.txt", second),
    ];
    let per_page = articles(&pages, &CleanOptions::default());
    assert_eq!(per_page.len(), 2);
    for (page, arts) in pages.iter().zip(&per_page) {
        let len = page.text.len() as u32;
        let mut ids = std::collections::HashSet::new();
        for a in arts {
            assert!(ids.insert(a.id.clone()), "duplicate id {}", a.id);
            assert!(a.id.starts_with(&format!("{}#", page.id)));
            for p in &a.pieces {
                assert!(p[0] <= p[1] && p[1] <= len, "piece {p:?} outside 0..{len}");
            }
            if let Some(map) = &a.map {
                assert_eq!(map.len(), a.text.chars().count());
                assert!(map.iter().all(|s| s[0] <= s[1] && s[1] <= len));
            }
        }
    }
});
