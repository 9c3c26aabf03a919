//! `reprint merge` on the samples: one document per story, every article accounted for,
//! every merged char traced to its source, and the JSON Lines dedup step.

use crate::harness::{outcome, snapshot, tempdir};
use reprint::model::merge::Index;
use std::collections::BTreeSet;
use std::path::Path;

fn merge_samples() -> (tempfile::TempDir, Index) {
    let dir = tempdir();
    let out = dir.path().join("merged");
    let (code, _, err) = outcome(&["merge", "samples", "-o", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let index = std::fs::read_to_string(out.join("index.json")).unwrap();
    let index: Index = serde_json::from_str(&index).expect("index.json has the documented schema");
    (dir, index)
}

fn doc_containing<'a>(index: &'a Index, s: &str) -> &'a reprint::model::merge::IndexEntry {
    let found: Vec<_> = index
        .documents
        .iter()
        .filter(|e| e.document.text.contains(s))
        .collect();
    assert_eq!(found.len(), 1, "{s}: {} documents", found.len());
    found[0]
}

#[test]
fn yijian_is_one_complete_document() {
    let (_dir, index) = merge_samples();
    let e = doc_containing(&index, "一、增强社会保障公平性");
    let d = &e.document;
    assert!(d.cluster.is_some());
    assert!(d.text.trim_end().ends_with("“一刀切”考核。"), "{}", d.text);
    assert_eq!(d.witnesses.len(), 2);
    assert!(d.witnesses.iter().any(|w| w.id.starts_with("003_")));
    // The real wording variants are decisions, recorded with both readings.
    let pairs: Vec<(String, String)> = d
        .decisions
        .iter()
        .map(|x| (x.readings[0].text.clone(), x.readings[1].text.clone()))
        .collect();
    assert!(pairs.contains(&("量".into(), "效".into())), "{pairs:?}");
    assert!(pairs.contains(&("教改".into(), "产教".into())), "{pairs:?}");
    assert!((12..=24).contains(&d.decisions.len()), "{pairs:?}");
    // No layout noise becomes a decision.
    assert!(d.decisions.iter().all(|x| x
        .readings
        .iter()
        .all(|r| !r.text.contains(char::is_whitespace))));
}

#[test]
fn rare_earth_commentary_is_whole_and_keeps_001s_headline() {
    let (_dir, index) = merge_samples();
    let e = doc_containing(&index, "剑指走私与逃税乱象");
    let d = &e.document;
    assert!(d.text.contains("在中美经贸摩擦深化"), "{}", d.text);
    assert!(!d.text.contains("档案"), "{}", d.text);
    assert_eq!(
        d.title.as_deref(),
        Some("行全球惯例，尽大国之责——中国规范稀土出口合理合法")
    );
    assert_eq!(d.witnesses.len(), 2);
}

#[test]
fn every_article_is_accounted_for_once() {
    let (_dir, index) = merge_samples();
    let (_, split, _) = outcome(&["split", "samples", "--format", "jsonl"]);
    let articles: BTreeSet<String> = split
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let mut seen = BTreeSet::new();
    for e in &index.documents {
        for w in &e.document.witnesses {
            assert!(seen.insert(w.id.clone()), "{} twice", w.id);
        }
    }
    assert_eq!(seen, articles);
    // Stories with copies and the rest.
    let clusters = index
        .documents
        .iter()
        .filter(|e| e.document.cluster.is_some())
        .count();
    assert_eq!(clusters, 2);
    assert_eq!(index.documents.len(), articles.len() - 2);
}

#[test]
fn files_and_diffs_are_written_and_chars_trace_to_their_source() {
    let (dir, index) = merge_samples();
    let out = dir.path().join("merged");
    for e in &index.documents {
        let body = std::fs::read_to_string(out.join(&e.file)).unwrap();
        assert!(body.contains(&e.document.text));
        if e.document.witnesses.len() > 1 {
            assert_eq!(e.diffs.len(), e.document.witnesses.len());
        }
        for diff in &e.diffs {
            let patch = std::fs::read_to_string(out.join(&diff.file)).unwrap();
            assert!(patch.is_empty() || patch.starts_with("--- a/"), "{patch}");
        }
        // Provenance tiles the text, and each run's Han chars are in its source bytes.
        let chars: Vec<char> = e.document.text.chars().collect();
        let mut next = 0;
        for p in &e.document.provenance {
            assert_eq!(p.start, next);
            next = p.end;
            let w = e
                .document
                .witnesses
                .iter()
                .find(|w| w.id == p.witness)
                .unwrap();
            let bytes = std::fs::read(&w.source).unwrap();
            let src = String::from_utf8_lossy(&bytes[p.source[0] as usize..p.source[1] as usize])
                .to_string();
            for c in chars[p.start..p.end]
                .iter()
                .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
            {
                assert!(src.contains(*c), "{c} not in {}:{:?}", w.source, p.source);
            }
        }
        assert_eq!(next, chars.len());
    }
}

#[test]
fn output_inside_an_input_directory_is_refused() {
    let dir = tempdir();
    std::fs::copy("samples/001_0ed2445f5550d6ea.txt", dir.path().join("a.txt")).unwrap();
    let inside = dir.path().join("out");
    let (code, _, err) = outcome(&[
        "merge",
        dir.path().to_str().unwrap(),
        "-o",
        inside.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("input"), "{err}");
    assert!(!Path::new(&inside).exists());
}

fn jsonl_corpus(dir: &Path) -> String {
    let mut lines = Vec::new();
    for (i, name) in [
        "001_0ed2445f5550d6ea",
        "003_630f37cb81b2932f",
        "004_bcb46cb50cc0bcb5",
    ]
    .iter()
    .enumerate()
    {
        let text = std::fs::read_to_string(format!("samples/{name}.txt")).unwrap();
        lines.push(serde_json::json!({"id": i, "url": format!("u{i}"), "text": text}).to_string());
    }
    // A noisy copy of 001: its full stops in another form, wrapped hard.
    let text = std::fs::read_to_string("samples/001_0ed2445f5550d6ea.txt").unwrap();
    let noisy: String = text
        .replace('。', "．")
        .chars()
        .collect::<Vec<_>>()
        .chunks(30)
        .map(|c| c.iter().collect::<String>() + "\n")
        .collect();
    lines.push(serde_json::json!({"id": "copy", "url": "u-copy", "text": noisy}).to_string());
    let path = dir.join("in.jsonl");
    std::fs::write(&path, lines.join("\n")).unwrap();
    path.to_string_lossy().to_string()
}

#[test]
fn jsonl_dedup_step_accounts_for_every_record() {
    let dir = tempdir();
    let path = jsonl_corpus(dir.path());
    for keep in ["merged", "first", "longest"] {
        let (code, out, err) = outcome(&[
            "merge", &path, "--input", "jsonl", "--format", "jsonl", "--keep", keep,
        ]);
        assert_eq!(code, 0, "{err}");
        let records: Vec<serde_json::Value> = out
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(records.len(), 3, "{keep}: {out}");
        let mut seen = BTreeSet::new();
        for r in &records {
            assert!(r["url"].is_string(), "input fields are kept");
            assert_eq!(r["reprint"]["keep"], keep);
            for w in r["reprint"]["witnesses"].as_array().unwrap() {
                assert!(seen.insert(w.to_string()));
            }
        }
        assert_eq!(seen.len(), 4);
        let first = &records[0];
        assert_eq!(first["reprint"]["witnesses"].as_array().unwrap().len(), 2);
        assert_eq!(first["reprint"]["removed"].as_array().unwrap().len(), 1);
        let text = first["text"].as_str().unwrap();
        // Every mode keeps record 0 here (first read; as long as its copy, and first in id order).
        assert!(!text.contains('．'), "{keep}");
        assert_eq!(first["id"], 0);
    }
}

/// The merged 稀土 commentary as written, and its decisions as in index.json.
#[test]
fn snapshots_of_the_merged_rare_earth_commentary() {
    let (dir, index) = merge_samples();
    let e = doc_containing(&index, "剑指走私与逃税乱象");
    let txt = std::fs::read_to_string(dir.path().join("merged").join(&e.file)).unwrap();
    snapshot("merge_xitu.txt", &txt);
    let decisions = serde_json::to_string_pretty(&e.document.decisions).unwrap() + "\n";
    snapshot("merge_xitu.decisions.json", &decisions);
}

/// Deterministic filler text that shares no passage with any other: each
/// record its own run of Han chars from a simple generator.
fn filler(seed: u64, chars: usize) -> String {
    let mut x = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    let mut s = String::new();
    for k in 0..chars {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        s.push(char::from_u32(0x4e00 + (x % 0x4000) as u32).unwrap());
        if k % 40 == 39 {
            s.push_str("。\n");
        }
    }
    s
}

/// Copies of three sample stories at both ends of a dump with unrelated
/// records between, some ids missing and one id shared by two records.
fn spread_corpus(dir: &Path) -> String {
    let story = |name: &str| std::fs::read_to_string(format!("samples/{name}.txt")).unwrap();
    let yijian = story("001_0ed2445f5550d6ea");
    let other = story("003_630f37cb81b2932f");
    let mut lines = vec![
        serde_json::json!({"id": "a", "src": 1, "text": yijian}).to_string(),
        serde_json::json!({"id": "b", "text": other}).to_string(),
    ];
    for k in 0..300 {
        let text = filler(k, 200 + (k as usize * 7) % 300);
        lines.push(match k % 3 {
            0 => serde_json::json!({"text": text}).to_string(),
            1 => serde_json::json!({"id": format!("f{k}"), "n": k, "text": text}).to_string(),
            _ => serde_json::json!({"id": "same", "text": text}).to_string(),
        });
    }
    lines.push(serde_json::json!({"id": "b-copy", "text": other.replace('。', "．")}).to_string());
    lines.push(serde_json::json!({"id": "a-copy", "text": yijian.replace('，', ",")}).to_string());
    lines.push(serde_json::json!({"text": yijian}).to_string());
    let path = dir.join("spread.jsonl");
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    path.to_string_lossy().to_string()
}

/// Documents rendered as JSON Lines, collected in order (what the CLI writes).
struct Collect(Vec<u8>, reprint::model::merge::Keep);

impl reprint::merge::Render for Collect {
    fn render(&self, d: &reprint::merge::Document) -> Vec<u8> {
        reprint::render::merge::jsonl_record(&d.doc, d.record, self.1).into_bytes()
    }
}

impl reprint::merge::Sink for Collect {
    fn renderer(&self) -> &dyn reprint::merge::Render {
        self
    }
    fn emit(&mut self, item: &[u8]) -> std::io::Result<()> {
        self.0.extend_from_slice(item);
        Ok(())
    }
}

#[test]
fn streamed_merge_is_the_in_memory_merge_with_copies_far_apart() {
    use reprint::input::{InputFormat, InputOptions};
    use reprint::model::merge::Keep;
    use reprint::scan::{ScanOptions, Unit};
    let dir = tempdir();
    let path = spread_corpus(dir.path());
    let input = InputOptions {
        format: InputFormat::Jsonl,
        ..InputOptions::default()
    };
    let opts = ScanOptions {
        unit: Unit::File,
        ..ScanOptions::default()
    };
    let paths = [path.clone(), path.clone() + "x"];
    std::fs::copy(&path, &paths[1]).unwrap();
    for keep in [Keep::Merged, Keep::First, Keep::Longest] {
        let loaded = reprint::input::load(&paths, &input);
        let texts = reprint::scan::units::unit_texts(&loaded.sources, &opts);
        let docs = reprint::merge::merge_units(&loaded.sources, &texts, &opts, keep);
        let records = reprint::merge::records_by_id(&loaded.sources, &texts);
        let expected = reprint::render::merge::jsonl(&docs, &records, keep);
        let mut sink = Collect(Vec::new(), keep);
        let (outcome, _) =
            reprint::merge::merge_stream(&paths, &input, &opts, keep, &mut sink).unwrap();
        assert!(outcome.skipped.is_empty(), "{:?}", outcome.skipped);
        let got = String::from_utf8(sink.0).unwrap();
        assert_eq!(got, expected, "{keep:?}");
        // Copies were found, across the two files too.
        assert!(docs.iter().any(|d| d.witnesses.len() >= 4), "{keep:?}");
    }
}

/// The ids of every output record's witnesses, each once, and the records.
fn witnesses_once(out: &str) -> (BTreeSet<String>, usize) {
    let mut seen = BTreeSet::new();
    let mut n = 0;
    for line in out.lines() {
        let r: serde_json::Value = serde_json::from_str(line).unwrap();
        n += 1;
        for w in r["reprint"]["witnesses"].as_array().unwrap() {
            let w = w.as_str().unwrap().to_string();
            assert!(seen.insert(w.clone()), "{w} twice");
        }
    }
    (seen, n)
}

#[test]
fn dedup_from_stdin_is_the_dedup_of_the_file_and_accounts_for_every_record() {
    let dir = tempdir();
    let path = spread_corpus(dir.path());
    let args = ["merge", "--input", "jsonl", "--format", "jsonl"];
    let from_file = crate::harness::run(&[&args[..], &[path.as_str()]].concat());
    assert_eq!(crate::harness::code(&from_file), 0);
    let bytes = std::fs::read(&path).unwrap();
    let from_stdin = crate::harness::run_with_stdin(&args, Some(&bytes));
    assert_eq!(
        crate::harness::code(&from_stdin),
        0,
        "{}",
        crate::harness::stderr(&from_stdin)
    );
    let (file_out, stdin_out) = (
        crate::harness::stdout(&from_file),
        crate::harness::stdout(&from_stdin),
    );
    // Records without an id are named by their input (`spread:3` or
    // `stdin:3`), those of a shared id by their place (`PATH:5` or `-:5`).
    let named = file_out
        .replace("\"spread:", "\"stdin:")
        .replace(&format!("\"{path}:"), "\"-:");
    assert_eq!(stdin_out, named);
    assert!(stdin_out.contains("\"stdin:3\""), "{stdin_out}");
    let (seen, docs) = witnesses_once(&stdin_out);
    assert_eq!(seen.len(), 305, "every record once");
    // Three stories of copies (a ×3, b ×2), the rest alone.
    assert_eq!(docs, 305 - 3);
    // Shared ids are named by their input place instead, as in a scan.
    assert!(seen.contains("-:5"), "{seen:?}");
}

#[test]
fn streamed_text_and_directory_output_match_the_jsonl_documents() {
    let dir = tempdir();
    let path = spread_corpus(dir.path());
    let out = dir.path().join("merged");
    let (code, _, err) = outcome(&[
        "merge",
        &path,
        "--input",
        "jsonl",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let index: Index =
        serde_json::from_str(&std::fs::read_to_string(out.join("index.json")).unwrap()).unwrap();
    let (_, text, _) = outcome(&["merge", &path, "--input", "jsonl", "--format", "text"]);
    let (_, jsonl, _) = outcome(&["merge", &path, "--input", "jsonl", "--format", "jsonl"]);
    let texts: Vec<String> = jsonl
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["text"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(index.documents.len(), texts.len());
    for (e, t) in index.documents.iter().zip(&texts) {
        assert_eq!(&e.document.text, t);
        assert!(std::fs::read_to_string(out.join(&e.file))
            .unwrap()
            .contains(t.as_str()));
        if e.document.witnesses.len() > 1 {
            assert_eq!(e.diffs.len(), e.document.witnesses.len());
        }
    }
    // Text output: every document, a blank line between two.
    assert_eq!(text.matches(texts[1].as_str()).count(), 1);
    assert!(text.starts_with(texts[0].split('\n').next().unwrap()));
}
