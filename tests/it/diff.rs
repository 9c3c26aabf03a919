//! `reprint diff` on the 意见 of samples 001 and 003, its four formats, and its limits.

use crate::harness::{dump_dom, element_texts, reprint, root, run_in, snapshot, stdout, tempdir};
use reprint::diff::{DiffReport, VariantKind};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const A001: &str = "samples/001_0ed2445f5550d6ea.txt";
const A003: &str = "samples/003_630f37cb81b2932f.txt";

/// The readings a person finds between the two copies of the 意见 (二 to the end).
const EXPECTED: [(&str, &str); 8] = [
    ("质量", "质效"),
    ("财力", "财政"),
    ("挖掘扩容", "挖潜扩容扩大"),
    ("教改融合", "产教融合"),
    ("居住平衡", "职住平衡"),
    ("中老年用户", "老年用户"),
    ("主战场", "主场景"),
    ("扩优提质", "扩大优质"),
];

/// Width and form folding, whitespace dropped: what must never be a difference.
fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '，' => ',',
            '：' => ':',
            '；' => ';',
            '（' => '(',
            '）' => ')',
            '“' | '”' | '"' => '"',
            '‘' | '’' => '\'',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap(),
            c => c,
        })
        .collect()
}

/// Every variant is a real one, and every expected reading is one of them
/// (a variant may carry less context than the phrase a person quotes).
fn check_variants(r: &DiffReport) {
    for v in &r.variants {
        assert_ne!(fold(&v.a), fold(&v.b), "layout-only variant {v:?}");
        assert!(v.a_start <= v.a_end && v.b_start <= v.b_end);
    }
    for (x, y) in EXPECTED {
        assert!(
            r.variants.iter().any(|v| !v.a.is_empty()
                && !v.b.is_empty()
                && x.contains(&v.a)
                && y.contains(&v.b)),
            "{x}/{y} not among {:#?}",
            r.variants
        );
    }
    // The first five readings come out whole, as a person quotes them.
    for (x, y) in &EXPECTED[..5] {
        assert!(
            r.variants.iter().any(|v| v.a == *x && v.b == *y),
            "{x}/{y} not whole"
        );
    }
    assert!(
        (14..=18).contains(&r.variants.len()),
        "{} variants: {:#?}",
        r.variants.len(),
        r.variants
    );
}

fn json_diff(dir: &Path, a: &str, b: &str) -> DiffReport {
    let o = run_in(dir, &["diff", a, b, "--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "differences mean exit code 1");
    serde_json::from_str(&stdout(&o)).expect("strict DiffReport")
}

#[test]
fn yijian_by_article_ref_is_one_deletion_and_the_wording_variants() {
    let mut r = json_diff(root(), &format!("{A001}#1"), &format!("{A003}#5"));
    // 003 prints the 意见 from 二、 on: 001's preamble and section 一 are one deletion.
    let first = r.variants.remove(0);
    assert_eq!(first.kind, VariantKind::Delete);
    assert!(first.a.starts_with("为进一步保障和改善民生"));
    assert!(first.a.contains("一、增强社会保障公平性"));
    assert!(first.a.ends_with("就地就近就业增收。"));
    assert!(r.variants.iter().all(|v| v.a.chars().count() < 20));
    check_variants(&r);
}

/// The common part (二 to `“一刀切”考核。`) cut out of each raw page, found
/// through `clean --map`, so the cut files keep their own noise (003's hard
/// wraps and letter spacing, 001's ASCII punctuation).
fn cut(dir: &Path, sample: &str, name: &str) -> PathBuf {
    let o = run_in(root(), &["clean", sample, "--format", "json", "--map"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let doc = &v["documents"][0];
    let text: Vec<char> = doc["text"].as_str().unwrap().chars().collect();
    let map: Vec<[u64; 2]> = serde_json::from_value(doc["map"].clone()).unwrap();
    let s: String = text.iter().collect();
    let find = |pat: &str| s[..s.find(pat).unwrap()].chars().count();
    let start = find("二、提高基本公共服务均衡性");
    let end = find("“一刀切”考核。") + "“一刀切”考核。".chars().count();
    let raw = std::fs::read(root().join(sample)).unwrap();
    let bytes = &raw[map[start][0] as usize..map[end - 1][1] as usize];
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn cut_pair() -> tempfile::TempDir {
    let dir = tempdir();
    cut(dir.path(), A001, "yijian_001.txt");
    cut(dir.path(), A003, "yijian_003.txt");
    dir
}

#[test]
fn yijian_cut_files_show_only_the_wording_variants_at_source_offsets() {
    let dir = cut_pair();
    let r = json_diff(dir.path(), "yijian_001.txt", "yijian_003.txt");
    assert!(r
        .variants
        .iter()
        .all(|v| v.kind != VariantKind::Delete || v.a.chars().count() < 20));
    check_variants(&r);
    // Offsets are byte offsets into the files as stored: the raw bytes there read as the variant.
    let raw_a = std::fs::read(dir.path().join("yijian_001.txt")).unwrap();
    let raw_b = std::fs::read(dir.path().join("yijian_003.txt")).unwrap();
    for v in &r.variants {
        let at = |raw: &[u8], s: u32, e: u32| {
            String::from_utf8(raw[s as usize..e as usize].to_vec()).unwrap()
        };
        assert_eq!(fold(&at(&raw_a, v.a_start, v.a_end)), fold(&v.a), "{v:?}");
        assert_eq!(fold(&at(&raw_b, v.b_start, v.b_end)), fold(&v.b), "{v:?}");
    }
    // The same variants as by article ref.
    let by_ref = json_diff(root(), &format!("{A001}#1"), &format!("{A003}#5"));
    let texts = |r: &DiffReport| -> Vec<(String, String)> {
        r.variants
            .iter()
            .filter(|v| v.a.chars().count() < 20)
            .map(|v| (v.a.clone(), v.b.clone()))
            .collect()
    };
    assert_eq!(texts(&r), texts(&by_ref));
}

#[test]
fn identical_texts_exit_zero_and_errors_exit_two() {
    let dir = cut_pair();
    let o = run_in(
        dir.path(),
        &["diff", "yijian_001.txt", "yijian_001.txt", "-f", "json"],
    );
    assert_eq!(o.status.code(), Some(0));
    let r: DiffReport = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(r.variants.is_empty() && r.similarity == 1.0);
    let o = run_in(dir.path(), &["diff", "yijian_001.txt", "missing.txt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("missing.txt"));
    let o = run_in(root(), &["diff", &format!("{A001}#99"), A003]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("8 articles"));
}

#[test]
fn unified_diff_applies_to_the_cleaned_a() {
    let dir = cut_pair();
    let o = run_in(
        dir.path(),
        &["diff", "yijian_001.txt", "yijian_003.txt", "-f", "unified"],
    );
    assert_eq!(o.status.code(), Some(1));
    let patch = stdout(&o);
    assert!(patch.starts_with("--- a/yijian_001.txt\n+++ b/yijian_003.txt\n"));
    // Paragraph breaks are layout: 003 joins `五、保障措施` to its paragraph, 001 does not.
    assert!(!patch
        .lines()
        .any(|l| l.starts_with(['-', '+']) && l.contains("五、保障措施")));
    // git applies a traditional patch to the `b` name: put the cleaned `a` there.
    let cleaned_a = stdout(&run_in(dir.path(), &["clean", "yijian_001.txt"]));
    let work = tempdir();
    std::fs::write(work.path().join("yijian_003.txt"), &cleaned_a).unwrap();
    std::fs::write(work.path().join("p.diff"), &patch).unwrap();
    let git = |args: &[&str]| {
        Command::new("git")
            .args(args)
            .current_dir(work.path())
            .output()
            .expect("git runs")
    };
    let check = git(&["apply", "--check", "p.diff"]);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    assert!(git(&["apply", "p.diff"]).status.success());
    // Applied, it reads as 003 (in 001's paragraphs).
    let patched = std::fs::read_to_string(work.path().join("yijian_003.txt")).unwrap();
    let cleaned_b = stdout(&run_in(dir.path(), &["clean", "yijian_003.txt"]));
    let flat = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    assert_eq!(flat(&patched), flat(&cleaned_b));
    assert_eq!(
        patched.matches("\n\n").count(),
        cleaned_a.matches("\n\n").count()
    );
}

#[test]
fn text_format_marks_variants_plain_or_colored() {
    let dir = cut_pair();
    let args = ["diff", "yijian_001.txt", "yijian_003.txt"];
    let plain = stdout(&run_in(dir.path(), &args));
    assert!(plain.contains("[-质量-]{+质效+}"), "{plain}");
    assert!(!plain.contains('\x1b'));
    let colored = stdout(&run_in(
        dir.path(),
        &[&args[..], &["--color", "always"]].concat(),
    ));
    assert!(colored.contains("\x1b[31m质量\x1b[0m\x1b[32m质效\x1b[0m"));
    let o = reprint()
        .args([&args[..], &["--color", "auto"]].concat())
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!stdout(&o).contains('\x1b'));
}

#[test]
fn snapshots_of_every_format() {
    let dir = cut_pair();
    for (format, file) in [
        ("text", "diff_yijian.txt"),
        ("unified", "diff_yijian.diff"),
        ("json", "diff_yijian.json"),
        ("html", "diff_yijian.html"),
    ] {
        let o = run_in(
            dir.path(),
            &[
                "diff",
                "yijian_001.txt",
                "yijian_003.txt",
                "-f",
                format,
                "--color",
                "never",
            ],
        );
        assert_eq!(o.status.code(), Some(1));
        snapshot(file, &stdout(&o));
    }
}

/// Two unrelated 1 MB pages: bounded work, and the result says it is coarse;
/// the same bytes on every run, whatever the machine's load.
#[test]
fn pathological_pair_is_one_coarse_replacement_with_a_note() {
    let dir = tempdir();
    for (name, seed) in [("x.txt", 1u64), ("y.txt", 2)] {
        let mut state = seed;
        let mut text = String::new();
        while text.len() < 1_000_000 {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let c = char::from_u32(0x4E00 + ((state >> 33) % 3000) as u32).unwrap();
            text.push(c);
            if (state >> 20) % 40 == 0 {
                text.push_str("。\n\n");
            }
        }
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let started = Instant::now();
    let o = run_in(
        dir.path(),
        &["diff", "x.txt", "y.txt", "-f", "json", "--deadline", "0.5"],
    );
    let took = started.elapsed();
    assert_eq!(o.status.code(), Some(1));
    let r: DiffReport = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(
        r.truncated
            && r.note
                .as_deref()
                .is_some_and(|n| n.contains("one replacement"))
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("note: a stretch of over"));
    assert!(took.as_secs() < 60, "took {took:?}");
    let again = run_in(dir.path(), &["diff", "x.txt", "y.txt", "-f", "unified"]);
    let twice = run_in(dir.path(), &["diff", "x.txt", "y.txt", "-f", "unified"]);
    assert_eq!(again.stdout, twice.stdout);
}

#[test]
fn html_page_shows_the_variants_highlighted_in_a_browser() {
    let dir = cut_pair();
    let o = run_in(
        dir.path(),
        &["diff", "yijian_001.txt", "yijian_003.txt", "-f", "html"],
    );
    let page = stdout(&o);
    // Self-contained: nothing to fetch, nothing to run.
    for banned in ["<script", "<link", "src=", "http://", "https://", "@import"] {
        assert!(!page.contains(banned), "page holds {banned}");
    }
    let file = dir.path().join("diff.html");
    std::fs::write(&file, &page).unwrap();
    let Some(dom) = dump_dom(&file) else {
        return;
    };
    // The side-by-side table, not the variant list below it.
    let table =
        &dom[dom.find("<table class=\"sbs\"").unwrap()..dom.find("<table class=\"list\"").unwrap()];
    let dels = element_texts(table, "del", "v");
    let inss = element_texts(table, "ins", "v");
    for (x, y) in EXPECTED {
        assert!(
            dels.iter().any(|d| !d.is_empty() && x.contains(d.as_str())),
            "{x} not highlighted: {dels:?}"
        );
        assert!(
            inss.iter().any(|d| !d.is_empty() && y.contains(d.as_str())),
            "{y} not highlighted: {inss:?}"
        );
    }
    assert_eq!(
        dels.len() + inss.len(),
        16 + 16 - 2 - 1,
        "one mark per non-empty side"
    );
    assert!(dom.contains("similarity 0.99"));
}

#[test]
fn html_escapes_the_texts() {
    let dir = tempdir();
    std::fs::write(dir.path().join("x.txt"), "甲<script>alert(1)</script>乙&丙").unwrap();
    std::fs::write(dir.path().join("y.txt"), "甲<b>bold</b>乙&丁").unwrap();
    // Read as plain text (`--markup none`), so the tags are text the page must escape.
    let o = run_in(
        dir.path(),
        &["diff", "x.txt", "y.txt", "-f", "html", "--markup", "none"],
    );
    let page = stdout(&o);
    assert!(!page.contains("<script") && !page.contains("<b>"));
    assert!(page.contains("&lt;") && page.contains("&gt;") && page.contains("&amp;"));
    let file = dir.path().join("d.html");
    std::fs::write(&file, &page).unwrap();
    if let Some(dom) = dump_dom(&file) {
        assert!(!dom.contains("<script") && !dom.contains("<b>"));
        assert!(dom.contains("alert(1)"));
    }
}

/// 001's 稀土 commentary drops a stretch and "heals" the join (`全球经济产业链建筑`):
/// the passage after the splice sits later in 003, and shows as one move with
/// its wording variants, not as a deletion plus an insertion.
#[test]
fn rare_earth_commentary_shows_the_spliced_passage_as_a_move() {
    let r = json_diff(root(), &format!("{A001}#4"), &format!("{A003}#2"));
    let moves: Vec<_> = r
        .variants
        .iter()
        .filter(|v| v.kind == VariantKind::Move)
        .collect();
    assert_eq!(moves.len(), 1, "{:#?}", r.variants);
    let m = moves[0];
    assert!(
        m.a.contains("稀土供应基石。规范方能致远") && m.b.contains("稀土供应基石。规范方能致远")
    );
    assert!(m.a.chars().count() > 300);
    // Moved forward in 003, so its source offsets there come after those of the next variant.
    assert!(r
        .variants
        .iter()
        .any(|v| v.kind == VariantKind::Replace && v.b_start < m.b_start && v.a_start > m.a_start));
    for (x, y) in [("建筑", "筑牢"), ("工作组", "工作层")] {
        assert!(r.variants.iter().any(|v| v.a == x && v.b == y), "{x}/{y}");
    }
}
