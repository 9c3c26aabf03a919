//! `reprint scan` on the sample pages: exactly the reprint relations a reader finds.

use crate::harness::{outcome, reprint, root, samples_dir, stat, tempdir};
use reprint::model::{Relation, ScanResult};

fn scan_samples(extra: &[&str]) -> ScanResult {
    let mut args = vec!["scan", "samples", "--format", "json"];
    args.extend(extra);
    let (code, out, _) = outcome(&args);
    assert_eq!(code, 1, "pairs found means exit code 1");
    serde_json::from_str(&out).expect("strict ScanResult")
}

fn stem(id: &str) -> &str {
    &id[..3]
}

#[test]
fn sample_relations_are_exactly_the_reprints() {
    let r = scan_samples(&[]);
    let title = |id: &str| {
        r.documents
            .iter()
            .find(|d| d.id == id)
            .and_then(|d| d.title.clone())
    };
    for p in &r.pairs {
        let files = [stem(&p.a), stem(&p.b)];
        assert!(
            files.iter().all(|f| *f == "001" || *f == "003"),
            "unexpected pair {} {:?} {}",
            p.a,
            p.relation,
            p.b
        );
    }
    let between = |a: &str, b: &str| {
        r.pairs
            .iter()
            .find(|p| p.a == a && p.b == b)
            .unwrap_or_else(|| panic!("no pair {a} / {b}"))
    };
    // The 意见: 001 has it whole, 003 from 二、 on.
    let yijian = between("001_0ed2445f5550d6ea#1", "003_630f37cb81b2932f#5");
    assert_eq!(yijian.relation, Relation::Contains);
    assert!(title("001_0ed2445f5550d6ea#1").unwrap().contains("意见"));
    // The 稀土 commentary: 001 truncated and its paragraphs permuted.
    let rare = between("001_0ed2445f5550d6ea#4", "003_630f37cb81b2932f#2");
    assert!(matches!(
        rare.relation,
        Relation::ContainedIn | Relation::Duplicate
    ));
    assert!(
        rare.spans.len() >= 2,
        "permuted paragraphs are separate passages"
    );
    // The 外贸 前5月 story: two write-ups sharing sentences.
    let trade = between("001_0ed2445f5550d6ea#3", "003_630f37cb81b2932f#6");
    assert_eq!(trade.relation, Relation::Overlap);
    // The explainer quoting the 意见 is an overlap, never a duplicate.
    let explainer = between("001_0ed2445f5550d6ea#1", "003_630f37cb81b2932f#7");
    assert_eq!(explainer.relation, Relation::Overlap);
    // Clusters: only the copies, not the quotations.
    assert_eq!(r.clusters.len(), 2);
    assert!(r.clusters.iter().all(|c| c.members.len() == 2));
}

#[test]
fn spans_point_at_the_shared_text_in_both_files() {
    let r = scan_samples(&[]);
    let a = std::fs::read(root().join("samples/001_0ed2445f5550d6ea.txt")).unwrap();
    let p = r
        .pairs
        .iter()
        .find(|p| p.relation == Relation::Contains)
        .unwrap();
    for s in &p.spans {
        let text = String::from_utf8_lossy(&a[s.a[0] as usize..s.a[1] as usize]);
        assert!(text.chars().count() >= 14, "{text}");
    }
    assert!((0.0..=1.0).contains(&p.similarity));
}

#[test]
fn output_is_the_same_for_any_thread_count_and_input_order() {
    let (_, one, _) = outcome(&["-j", "1", "scan", "samples", "--format", "jsonl"]);
    let (_, two, _) = outcome(&["-j", "2", "scan", "samples", "--format", "jsonl"]);
    assert_eq!(one, two);
    let files: Vec<String> = std::fs::read_dir(samples_dir())
        .unwrap()
        .map(|e| e.unwrap().path().to_string_lossy().to_string())
        .collect();
    let mut shuffled = files.clone();
    shuffled.sort();
    shuffled.reverse();
    let mut args = vec!["scan", "--format", "json"];
    args.extend(shuffled.iter().map(String::as_str));
    let (_, reversed, _) = outcome(&args);
    let mut args = vec!["scan", "--format", "json"];
    let mut sorted = files;
    sorted.sort();
    args.extend(sorted.iter().map(String::as_str));
    let (_, forward, _) = outcome(&args);
    assert_eq!(forward, reversed);
}

#[test]
fn jsonl_records_are_typed() {
    let (_, out, _) = outcome(&["scan", "samples", "--format", "jsonl"]);
    let kinds: Vec<String> = out
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["type"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert!(kinds.iter().any(|k| k == "document"));
    assert!(kinds.iter().any(|k| k == "pair"));
    assert!(kinds.iter().any(|k| k == "cluster"));
    assert_eq!(kinds.last().map(String::as_str), Some("summary"));
}

#[test]
fn whole_files_as_units() {
    let (code, out, _) = outcome(&["scan", "samples", "--unit", "file", "--format", "json"]);
    assert_eq!(code, 1);
    let r: ScanResult = serde_json::from_str(&out).unwrap();
    assert_eq!(r.documents.len(), 5);
    assert!(r.documents.iter().all(|d| !d.id.contains('#')));
    assert!(r
        .pairs
        .iter()
        .all(|p| [stem(&p.a), stem(&p.b)] == ["001", "003"]));
}

#[test]
fn unrelated_pages_give_no_pairs_and_exit_zero() {
    let (code, out, _) = outcome(&[
        "scan",
        "samples/000_54cc58d3ab6fc1ba.txt",
        "samples/004_bcb46cb50cc0bcb5.txt",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    let r: ScanResult = serde_json::from_str(&out).unwrap();
    assert!(r.pairs.is_empty());
}

/// A copy with its punctuation stripped, `．` for `。`, 35-char hard wraps,
/// full-width-space indentation, CRLF endings, saved as GBK, is still the same text.
#[test]
fn noisy_copies_are_still_duplicates() {
    let (_, out, _) = outcome(&[
        "split",
        "samples/001_0ed2445f5550d6ea.txt",
        "--format",
        "jsonl",
    ]);
    let first: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    let text = first["text"].as_str().unwrap().to_string();
    let dir = tempdir();
    std::fs::write(dir.path().join("a.txt"), &text).unwrap();
    let mut noisy = String::new();
    for para in text.split("\n\n") {
        let stripped: Vec<char> = para
            .replace('。', "．")
            .chars()
            .filter(|c| !matches!(c, '，' | '、' | '；' | '：' | '“' | '”'))
            .collect();
        for (n, line) in stripped.chunks(35).enumerate() {
            if n == 0 {
                noisy.push_str("\u{3000}\u{3000}");
            }
            noisy.extend(line.iter());
            noisy.push_str("\r\n");
        }
        noisy.push_str("\r\n");
    }
    let (gbk, _, _) = encoding_rs::GBK.encode(&noisy);
    std::fs::write(dir.path().join("b.txt"), &gbk).unwrap();
    let path = dir.path().to_string_lossy().to_string();
    let (code, out, _) = outcome(&["scan", &path, "--unit", "file", "--format", "json"]);
    assert_eq!(code, 1);
    let r: ScanResult = serde_json::from_str(&out).unwrap();
    assert_eq!(r.pairs.len(), 1, "{:?}", r.pairs);
    assert_eq!(r.pairs[0].relation, Relation::Duplicate);
}

/// Many identical copies would push every n-gram past the stock-phrase cap;
/// they must still come out as one cluster.
#[test]
fn many_identical_copies_form_one_cluster() {
    let text = "国家发展改革委近日研究确定了新一批国家骨干冷链物流基地建设名单，新增一批基地，总数达到一百零五个，覆盖全国三十一个省区市。";
    let dir = tempdir();
    let path = dir.path().join("copies.jsonl");
    let lines: Vec<String> = (0..200)
        .map(|i| serde_json::json!({"id": i, "text": text}).to_string())
        .collect();
    std::fs::write(&path, lines.join("\n")).unwrap();
    let path = path.to_string_lossy().to_string();
    let (code, out, _) = outcome(&[
        "scan", &path, "--input", "jsonl", "--format", "json", "--max-df", "16",
    ]);
    assert_eq!(code, 1);
    let r: ScanResult = serde_json::from_str(&out).unwrap();
    assert_eq!(r.clusters.len(), 1);
    assert_eq!(r.clusters[0].members.len(), 200);
    assert!(r.pairs.iter().all(|p| p.relation == Relation::Duplicate));
}

/// `a/x.txt` and `b/x.txt` share the id `x`: both are named by their path, so
/// the pair and its cluster stay two documents.
#[test]
fn same_file_name_in_two_directories_stays_two_documents() {
    let dir = tempdir();
    for sub in ["a", "b"] {
        std::fs::create_dir(dir.path().join(sub)).unwrap();
        std::fs::copy(
            "samples/001_0ed2445f5550d6ea.txt",
            dir.path().join(sub).join("x.txt"),
        )
        .unwrap();
    }
    let path = dir.path().to_string_lossy().to_string();
    let (code, out, _) = outcome(&["scan", &path, "--unit", "file", "--format", "json"]);
    assert_eq!(code, 1);
    let r: ScanResult = serde_json::from_str(&out).unwrap();
    let ids: Vec<&str> = r.documents.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids.len(), 2);
    assert_ne!(ids[0], ids[1]);
    assert!(ids.iter().all(|id| id.ends_with("x.txt")), "{ids:?}");
    assert_eq!(r.clusters.len(), 1);
    assert_eq!(r.clusters[0].members.len(), 2);
}

/// `--stats` reports every stage on stderr and leaves stdout as it was.
#[test]
fn stats_go_to_stderr_and_leave_the_output_alone() {
    let args = ["scan", "samples", "--format", "jsonl", "--unit", "file"];
    let plain = reprint().args(args).output().unwrap();
    let with = reprint().args(args).arg("--stats").output().unwrap();
    assert_eq!(plain.stdout, with.stdout);
    let err = String::from_utf8(with.stderr).unwrap();
    for stage in ["read+fold", "index", "verify", "cluster", "render", "total"] {
        let line = err
            .lines()
            .find(|l| l.starts_with(&format!("stats: {stage} ")))
            .unwrap_or_else(|| panic!("no {stage} line in {err}"));
        assert!(line.contains(" s ") && line.contains("MB/s"), "{line}");
    }
    // The index, the longest stage at scale, is broken down by step.
    let index = err
        .lines()
        .find(|l| l.starts_with("stats: index "))
        .unwrap();
    for step in ["vote ", "count ", "merge "] {
        assert!(index.contains(step), "no {step}in {index}");
    }
    assert!(String::from_utf8(plain.stderr).unwrap().is_empty());
    // The same figures for programs, as one JSON object.
    let json = reprint()
        .args(args)
        .args(["--stats-format", "json"])
        .output()
        .unwrap();
    assert_eq!(plain.stdout, json.stdout);
    assert_eq!(stat(&json.stderr, "read+fold", "documents"), 5);
    assert_eq!(stat(&json.stderr, "cluster", "pairs"), 1);
    assert!(stat(&json.stderr, "render", "bytes_written") > 0);
}
