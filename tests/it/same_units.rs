//! `scan`, `merge` and `report` see the same units, pairs and clusters on the same input.

use crate::harness::{reprint, samples, tempdir};
use reprint::model::{ScanResult, Source};
use reprint::scan::units::unit_texts;
use reprint::scan::{scan_sources, scan_units, ScanOptions, Unit};
use std::collections::BTreeSet;

/// The samples, plus copies carrying what cleaning takes out (jump markers,
/// an editor credit, letter spacing, ASCII commas): cleaned and raw keys would disagree on these.
fn corpus() -> Vec<Source> {
    let files = samples();
    let mut out: Vec<Source> = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let stem = f.file_stem().unwrap().to_str().unwrap().to_string();
        let noisy = format!(
            "（上接第一版）{}\n（下转第4版）\n【责任编辑：王一】\n",
            text.replacen('，', ",", 20).replacen("发展", "发 展", 3)
        );
        out.push(Source::from_utf8_text(
            &stem,
            &format!("samples/{stem}.txt"),
            &text,
        ));
        let id = format!("{stem}_copy");
        out.push(Source::from_utf8_text(
            &id,
            &format!("copies/{id}.txt"),
            &noisy,
        ));
        // Scraped: markup, a traditional char, the page number of a print edition.
        let html: String = text
            .split("\n\n")
            .map(|p| format!("<p>{}</p>\n", p.replace('税', "稅")))
            .collect();
        let id = format!("{stem}_html");
        let page =
            format!("<html><body>{html}<p>本文字数:1025,阅读时长大约2分钟</p></body></html>");
        out.push(Source::from_utf8_text(
            &id,
            &format!("copies/{id}.html"),
            &page,
        ));
    }
    out
}

fn ids(r: &ScanResult) -> Vec<(String, usize)> {
    r.documents
        .iter()
        .map(|d| (d.id.clone(), d.chars))
        .collect()
}

/// Pairs as JSON, similarity to 12 places (JSON read back may differ in the last bit).
fn pairs(r: &ScanResult) -> Vec<String> {
    r.pairs
        .iter()
        .map(|p| {
            let mut p = p.clone();
            p.similarity = (p.similarity * 1e12).round() / 1e12;
            serde_json::to_string(&p).unwrap()
        })
        .collect()
}

#[test]
fn scan_merge_and_report_see_the_same_units_pairs_and_clusters() {
    let sources = corpus();
    for unit in [Unit::Article, Unit::File] {
        let opts = ScanOptions {
            unit,
            ..ScanOptions::default()
        };
        let scanned = scan_sources(&sources, &opts);
        let texts = unit_texts(&sources, &opts);
        // What `merge` and `report` compare.
        let theirs = scan_units(&sources, &texts, &opts);
        let report = reprint::report::build(&sources, &opts, &Default::default());
        for other in [&theirs, &report.scan] {
            assert_eq!(ids(&scanned), ids(other), "{unit:?}: units");
            assert_eq!(pairs(&scanned), pairs(other), "{unit:?}: pairs");
            assert_eq!(scanned.clusters, other.clusters, "{unit:?}: clusters");
        }
        let unit_ids: BTreeSet<&str> = texts.iter().map(|t| t.doc.id.as_str()).collect();
        let scan_ids: BTreeSet<&str> = scanned.documents.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(unit_ids, scan_ids, "{unit:?}: merge's units are scan's");
        assert!(!scanned.clusters.is_empty(), "{unit:?}: the copies cluster");
        // Every unit is in exactly one merged document, as its text or a witness.
        let merged = reprint::merge(&sources, &opts, reprint::Keep::Merged);
        let mut seen: Vec<&str> = merged
            .iter()
            .flat_map(|d| d.witnesses.iter().map(|w| w.id.as_str()))
            .collect();
        seen.sort_unstable();
        assert_eq!(
            seen,
            unit_ids.iter().copied().collect::<Vec<_>>(),
            "{unit:?}"
        );
        let in_clusters: usize = scanned.clusters.iter().map(|c| c.members.len()).sum();
        assert_eq!(
            merged.len(),
            unit_ids.len() - in_clusters + scanned.clusters.len()
        );
    }
}

/// The CLI streams whole files (and reads keys again from their records);
/// the library folds loaded sources: the same units and pairs either way.
#[test]
fn the_streaming_scan_finds_what_the_library_finds() {
    let dir = tempdir();
    let sources = corpus();
    for s in &sources {
        std::fs::write(dir.path().join(format!("{}.txt", s.id)), &s.text).unwrap();
    }
    let dir_str = dir.path().to_str().unwrap().to_string();
    let files: Vec<Source> =
        reprint::input::load(std::slice::from_ref(&dir_str), &Default::default()).sources;
    for (unit, flag) in [(Unit::Article, "article"), (Unit::File, "file")] {
        let out = reprint()
            .args(["scan", &dir_str, "--format", "json", "--unit", flag])
            .output()
            .unwrap();
        assert!(
            out.status.code().unwrap() <= 1,
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let cli: ScanResult = serde_json::from_slice(&out.stdout).unwrap();
        let opts = ScanOptions {
            unit,
            ..ScanOptions::default()
        };
        let lib = scan_sources(&files, &opts);
        assert_eq!(ids(&cli), ids(&lib), "{flag}: units");
        assert_eq!(pairs(&cli), pairs(&lib), "{flag}: pairs");
        assert_eq!(cli.clusters, lib.clusters, "{flag}: clusters");
    }
}

/// A distributed verify stage calls `verify_texts` per candidate pair: it
/// gives each pair exactly as the whole scan does.
#[test]
fn verifying_one_pair_gives_what_the_scan_gives() {
    let sources = corpus();
    let opts = ScanOptions {
        unit: Unit::File,
        ..ScanOptions::default()
    };
    let scanned = scan_sources(&sources, &opts);
    assert!(scanned.pairs.len() >= 10, "{}", scanned.pairs.len());
    let text = |id: &str| sources.iter().find(|s| s.id == id).unwrap().text.as_str();
    for p in &scanned.pairs {
        let alone = reprint::scan::verify_texts(
            (&p.a, text(&p.a)),
            (&p.b, text(&p.b)),
            &opts,
            |_| false,
            false,
        );
        assert_eq!(alone.as_ref(), Some(p), "{} / {}", p.a, p.b);
    }
}
