//! Template twins (two telegrams, notices, warnings filled in from one form) are `template`
//! pairs with their slots, never merged; OCR-damaged and shortened copies stay copies.

use crate::harness::{fixture, outcome, tempdir};
use reprint::model::{Pair, Relation, ScanResult};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The fixtures copied into a fresh directory (so outputs can go next to it).
fn inputs() -> (tempfile::TempDir, PathBuf) {
    let dir = tempdir();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    for f in std::fs::read_dir(fixture("template")).unwrap() {
        let f = f.unwrap().path();
        std::fs::copy(&f, input.join(f.file_name().unwrap())).unwrap();
    }
    (dir, input)
}

fn scan(input: &Path, format: &str) -> String {
    let (code, out, err) = outcome(&[
        "scan",
        "--unit",
        "file",
        "--format",
        format,
        input.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "pairs found means exit code 1: {err}");
    out
}

fn pair<'a>(r: &'a ScanResult, a: &str, b: &str) -> &'a Pair {
    r.pairs
        .iter()
        .find(|p| p.a == a && p.b == b)
        .unwrap_or_else(|| panic!("no pair {a} / {b}"))
}

/// Each replacement with how often it occurs.
fn slot_counts(p: &Pair) -> Vec<(String, String, usize)> {
    let mut out: Vec<(String, String, usize)> = Vec::new();
    for s in &p.slots {
        match out.iter_mut().find(|x| x.0 == s.a && x.1 == s.b) {
            Some(x) => x.2 += 1,
            None => out.push((s.a.clone(), s.b.clone(), 1)),
        }
    }
    out
}

fn assert_slot(p: &Pair, a: &str, b: &str, times: usize) {
    let counts = slot_counts(p);
    assert!(
        counts.contains(&(a.to_string(), b.to_string(), times)),
        "{a}→{b} ×{times} not in {counts:?}"
    );
}

#[test]
fn template_twins_are_reported_with_their_slots() {
    let (_dir, input) = inputs();
    let json = scan(&input, "json");
    let r: ScanResult = serde_json::from_str(&json).expect("strict ScanResult");

    let quake = pair(&r, "quake_mexico", "quake_turkey");
    assert_eq!(quake.relation, Relation::Template);
    assert!(
        quake.similarity > 0.95,
        "as alike as copies: {}",
        quake.similarity
    );
    assert_slot(quake, "墨西哥", "土耳其", 7);
    assert_slot(quake, "洛佩斯", "埃尔多安", 2);
    assert_slot(quake, "9月8日", "2月6日", 2);
    // Slot spans are the source bytes of each side.
    let file = |id: &str| std::fs::read(input.join(format!("{id}.txt"))).unwrap();
    let (ma, tu) = (file("quake_mexico"), file("quake_turkey"));
    for s in quake
        .slots
        .iter()
        .filter(|s| s.a == "墨西哥" || s.a == "9月8日")
    {
        let at = |bytes: &[u8], [from, to]: [u32; 2]| {
            String::from_utf8(bytes[from as usize..to as usize].to_vec()).unwrap()
        };
        assert_eq!(at(&ma, s.span.a), s.a);
        assert_eq!(at(&tu, s.span.b), s.b);
    }

    // The same twin with OCR damage on one side is still a twin.
    let noisy = pair(&r, "quake_mexico", "quake_turkey_ocr");
    assert_eq!(noisy.relation, Relation::Template);
    assert_slot(noisy, "墨西哥", "土耳其", 7);

    let notice = pair(&r, "gongshi_li", "gongshi_zhang");
    assert_eq!(notice.relation, Relation::Template);
    assert_slot(notice, "教育", "交通运输", 2);
    assert_slot(notice, "李红梅", "张卫东", 1);

    let rain = pair(&r, "rain_0712", "rain_0805");
    assert_eq!(rain.relation, Relation::Template);
    assert_slot(rain, "7月12日18时", "8月5日06时", 1);
    assert_slot(rain, "140", "160", 1);

    // The text report names the relation and lists the slots.
    let text = scan(&input, "text");
    assert!(
        text.contains("quake_mexico template quake_turkey"),
        "{text}"
    );
    assert!(
        text.contains("slots: 墨西哥→土耳其 ×7, 洛佩斯→埃尔多安 ×2, 9月8日→2月6日 ×2"),
        "{text}"
    );
}

#[test]
fn damaged_and_shortened_copies_stay_copies() {
    let (_dir, input) = inputs();
    let json = scan(&input, "json");
    let r: ScanResult = serde_json::from_str(&json).expect("strict ScanResult");
    // Scattered misread chars, a dropped line, a doubled char, one pair of
    // adjacent errors and one wrong digit.
    let ocr = pair(&r, "quake_turkey", "quake_turkey_ocr");
    assert_eq!(ocr.relation, Relation::Duplicate);
    assert!(ocr.slots.is_empty());
    // A reprint with another reporter's byline, a misread figure, 稅 and 人住.
    assert_eq!(
        pair(&r, "tourism_a", "tourism_b").relation,
        Relation::Duplicate
    );
    // A reprint with a paragraph added and one left out.
    assert_eq!(
        pair(&r, "quake_mexico", "quake_mexico_reprint").relation,
        Relation::ContainedIn
    );
    // Copies carry no `slots` field: their JSON is as it was.
    let raw: serde_json::Value = serde_json::from_str(&json).unwrap();
    for p in raw["pairs"].as_array().unwrap() {
        let template = p["relation"] == "template";
        assert_eq!(p.get("slots").is_some(), template, "{p}");
    }
    // Clusters are the copies only.
    let clusters: BTreeSet<Vec<String>> = r.clusters.iter().map(|c| c.members.clone()).collect();
    let expected: BTreeSet<Vec<String>> = [
        ["quake_mexico", "quake_mexico_reprint"],
        ["quake_turkey", "quake_turkey_ocr"],
        ["tourism_a", "tourism_b"],
    ]
    .iter()
    .map(|c| c.iter().map(|s| s.to_string()).collect())
    .collect();
    assert_eq!(clusters, expected);
}

#[test]
fn merge_keeps_template_twins_apart() {
    let (dir, input) = inputs();
    let out = dir.path().join("merged");
    let (code, _, err) = outcome(&[
        "merge",
        "--unit",
        "file",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let index: reprint::model::merge::Index =
        serde_json::from_str(&std::fs::read_to_string(out.join("index.json")).unwrap()).unwrap();
    let witnesses: BTreeSet<Vec<String>> = index
        .documents
        .iter()
        .map(|e| {
            let mut w: Vec<String> = e.document.witnesses.iter().map(|w| w.id.clone()).collect();
            w.sort();
            w
        })
        .collect();
    let expected: BTreeSet<Vec<String>> = [
        &["gongshi_li"][..],
        &["gongshi_zhang"],
        &["quake_mexico", "quake_mexico_reprint"],
        &["quake_turkey", "quake_turkey_ocr"],
        &["rain_0712"],
        &["rain_0805"],
        &["tourism_a", "tourism_b"],
    ]
    .iter()
    .map(|c| c.iter().map(|s| s.to_string()).collect())
    .collect();
    assert_eq!(witnesses, expected);
    // The merged telegram to Turkey names no other country.
    let turkey = index
        .documents
        .iter()
        .find(|e| e.document.id == "quake_turkey")
        .unwrap();
    assert!(!turkey.document.text.contains("墨西哥"));
    assert!(turkey.document.text.contains("遇难者家属"));
}

#[test]
fn report_lists_template_twins_in_their_own_section() {
    let (dir, input) = inputs();
    let page = dir.path().join("report.html");
    let (code, out, err) = outcome(&[
        "report",
        "--unit",
        "file",
        input.to_str().unwrap(),
        "-o",
        page.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("template pairs"), "{out}");
    let html = std::fs::read_to_string(&page).unwrap();
    let section = &html[html.find("id=\"templates\"").expect("template section")..];
    let section = &section[..section.find("</section>").unwrap()];
    assert!(section.contains("<code>quake_mexico</code>"));
    assert!(section.contains("墨西哥→土耳其 ×7"), "{section}");
    assert!(section.contains("<mark class=\"slot\">教育</mark>"));
    // Each twin pair is diffed side by side too.
    assert!(section.contains("<del class=\"v\""), "{section}");
    // The copies are not in it.
    assert!(!section.contains("<code>tourism_a</code>"));
}
