//! Pathological inputs finish in bounded time (limits generous enough for a debug build on 2 busy cores).

use crate::harness::{reprint, tempdir};
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Runs reprint, asserting it finished within `limit` with exit code `code`.
fn timed(args: &[&str], limit: Duration, code: i32) -> String {
    let start = Instant::now();
    let o = reprint().args(args).output().unwrap();
    let took = start.elapsed();
    assert_eq!(
        o.status.code(),
        Some(code),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(took < limit, "{args:?} took {took:?} (limit {limit:?})");
    String::from_utf8(o.stdout).unwrap()
}

/// Deterministic pseudo-random Chinese prose: sentences of 15-40 of 3000 Han
/// chars, a paragraph break every ~`para` chars, until `bytes` UTF-8 bytes.
fn prose(seed: u64, bytes: usize, para: usize) -> String {
    let mut state = seed;
    let mut next = |n: u64| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) % n
    };
    let mut s = String::new();
    let mut since_break = 0;
    while s.len() < bytes {
        let len = 15 + next(26);
        for _ in 0..len {
            s.push(char::from_u32(0x4E00 + next(3000) as u32).unwrap());
        }
        s.push('。');
        since_break += len as usize + 1;
        if since_break >= para {
            s.push_str("\n\n");
            since_break = 0;
        }
    }
    s
}

/// `text` with `n` chars replaced at evenly spread places (an OCR or editing pass).
fn edited(text: &str, n: usize, seed: u32) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    let step = chars.len() / (n + 1);
    for k in 1..=n {
        let i = k * step + seed as usize;
        if chars[i] != '\n' && chars[i] != '。' {
            chars[i] = char::from_u32(0x4E00 + 3000 + seed + k as u32).unwrap();
        }
    }
    chars.into_iter().collect()
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p: PathBuf = dir.join(name);
    fs::write(&p, text).unwrap();
    p.to_string_lossy().into_owned()
}

#[test]
fn ten_thousand_identical_copies_scan_as_one_cluster() {
    let text = "国家发展改革委近日研究确定了新一批国家骨干冷链物流基地建设名单，新增一批基地，总数达到一百零五个，覆盖全国三十一个省区市。";
    let tmp = tempdir();
    let lines: Vec<String> = (0..10_000)
        .map(|i| serde_json::json!({"id": i, "text": text}).to_string())
        .collect();
    let path = write(tmp.path(), "copies.jsonl", &(lines.join("\n") + "\n"));
    let out = timed(
        &["scan", &path, "--input", "jsonl", "-f", "json"],
        Duration::from_secs(120),
        1,
    );
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["documents"].as_array().unwrap().len(), 10_000);
    assert_eq!(v["pairs"].as_array().unwrap().len(), 9_999);
    assert_eq!(v["clusters"].as_array().unwrap().len(), 1);
    assert_eq!(
        v["clusters"][0]["members"].as_array().unwrap().len(),
        10_000
    );
}

/// One 1 MB article and two copies with 40 small edits each, plus an unrelated
/// 1 MB article: through clean, split and scan.
#[test]
fn one_megabyte_article_repeated_with_small_edits() {
    let tmp = tempdir();
    let article = prose(1, 1_000_000, 600);
    let paths = [
        write(tmp.path(), "a.txt", &article),
        write(tmp.path(), "b.txt", &edited(&article, 40, 1)),
        write(tmp.path(), "c.txt", &edited(&article, 40, 2)),
        write(tmp.path(), "other.txt", &prose(2, 1_000_000, 600)),
    ];
    let p: Vec<&str> = paths.iter().map(String::as_str).collect();
    let limit = Duration::from_secs(120);

    let cleaned = timed(&["clean", p[0]], limit, 0);
    assert!(cleaned.len() > 900_000);
    let split = timed(&["split", "-f", "jsonl", p[0], p[1]], limit, 0);
    assert!(split.lines().count() >= 2);

    let out = timed(
        &[
            "scan", "--unit", "file", "-f", "json", p[0], p[1], p[2], p[3],
        ],
        limit,
        1,
    );
    let v: Value = serde_json::from_str(&out).unwrap();
    let pairs: Vec<(String, String, String)> = v["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x["a"].as_str().unwrap().to_string(),
                x["b"].as_str().unwrap().to_string(),
                x["relation"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let dup = |a: &str, b: &str| (a.to_string(), b.to_string(), "duplicate".to_string());
    assert_eq!(pairs, [dup("a", "b"), dup("a", "c"), dup("b", "c")]);
}

/// A dump of thousands of short paragraphs in one file: `split` stitches it in
/// windows, so its time grows with the page, not with its square.
#[test]
fn page_of_thousands_of_paragraphs_splits_in_bounded_time() {
    let tmp = tempdir();
    let page = write(tmp.path(), "dump.txt", &prose(3, 600_000, 60));
    assert!(fs::read_to_string(&page).unwrap().matches("\n\n").count() > 2500);
    let out = timed(
        &["split", "-f", "jsonl", &page],
        Duration::from_secs(120),
        0,
    );
    assert!(out.lines().count() >= 1);
}
