//! A corpus we do not have: a story reprinted far more often than
//! `--max-df` is still found, copy by copy, while a footer shared by as many
//! pages still pairs none of them.

use crate::harness::{reprint, samples_dir, stat, tempdir};
use std::fmt::Write as _;

/// The Chinese text of a sample page, without line breaks.
fn sample_chars(name: &str) -> Vec<char> {
    let path = samples_dir().join(name);
    std::fs::read_to_string(path)
        .unwrap()
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_ascii())
        .collect()
}

/// Pairs reported by a JSON Lines scan of `records` (`id`, `text`) as
/// copies (any relation but `overlap`), and how many candidate pairs were
/// verified to find them.
fn scan(records: &[(String, String)]) -> (Vec<(String, String)>, usize) {
    let dir = tempdir();
    let path = dir.path().join("in.jsonl");
    let mut lines = String::new();
    for (id, text) in records {
        let record = serde_json::json!({ "id": id, "text": text });
        writeln!(lines, "{record}").unwrap();
    }
    std::fs::write(&path, lines).unwrap();
    let out = reprint()
        .args(["scan", path.to_str().unwrap(), "--input", "jsonl"])
        .args(["--format", "jsonl", "--stats-format", "json"])
        .output()
        .unwrap();
    assert!(matches!(out.status.code(), Some(0 | 1)), "{out:?}");
    let candidates = stat(&out.stderr, "index", "candidate_pairs") as usize;
    let pairs = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|v| v["type"] == "pair" && v["relation"] != "overlap")
        .map(|v| {
            (
                v["a"].as_str().unwrap().into(),
                v["b"].as_str().unwrap().into(),
            )
        })
        .collect();
    (pairs, candidates)
}

#[test]
fn a_story_reprinted_150_times_with_ocr_noise_pairs_every_copy() {
    let text = sample_chars("000_54cc58d3ab6fc1ba.txt");
    let story = &text[600..1200];
    // Each copy has its own 2 % of chars misread (a fixed LCG, so the test
    // is the same every run): every n-gram of the story is then in far more
    // than 64 documents, the stock-phrase cap.
    let mut x = 12345u64;
    let copies: Vec<(String, String)> = (0..150)
        .map(|k| {
            let copy = story
                .iter()
                .map(|&c| {
                    x = x
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    if (x >> 33) % 50 == 0 {
                        '口'
                    } else {
                        c
                    }
                })
                .collect();
            (format!("copy{k:03}"), copy)
        })
        .collect();
    let (found, _) = scan(&copies);
    assert_eq!(found.len(), 150 * 149 / 2);
}

#[test]
fn a_footer_on_every_page_pairs_none_of_them() {
    let text = [
        sample_chars("000_54cc58d3ab6fc1ba.txt"),
        sample_chars("001_0ed2445f5550d6ea.txt"),
        sample_chars("004_bcb46cb50cc0bcb5.txt"),
    ]
    .concat();
    // 240 chars of another page as the footer: longer than most footers,
    // and no repeats, so every one of its n-grams counts.
    let footer: String = sample_chars("002_ab5c94181ea635ae.txt")[..240]
        .iter()
        .collect();
    // 72 different articles of 300 chars (the pages' own text, one window
    // after another), each with the same long footer.
    let pages = |footer: &str| -> Vec<(String, String)> {
        (0..72)
            .map(|k| {
                let body: String = text[k * 300..(k + 1) * 300].iter().collect();
                (format!("page{k:03}"), format!("{body}\n{footer}"))
            })
            .collect()
    };
    // The pages repeat a few of their own phrases: whatever copies the
    // bodies make without the footer, the footer adds none, nor even a pair
    // to verify (the footer is less than half of each page's n-grams). (A
    // page pair that shares body text may count the footer in an
    // `overlap`: a stock passage next to a shared one is not told apart.)
    assert_eq!(scan(&pages(&footer)), scan(&pages("")));
}
