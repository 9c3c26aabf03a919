//! `clean` on the real sample pages, through the library.

use crate::harness::sample_text as sample;
use reprint::model::Source;
use reprint::normalize::{clean, CleanOptions};
use similar::{DiffTag, TextDiff};

fn cleaned(prefix: &str) -> String {
    let text = sample(prefix);
    clean(
        &Source::from_utf8_text(prefix, prefix, &text),
        &CleanOptions::default(),
    )
    .text
}

/// The 意见 from `二、` to its end; paragraph breaks are layout (each copy
/// breaks them differently), so they are dropped before comparing.
fn yijian(prefix: &str) -> String {
    let c = cleaned(prefix);
    let start = c.find("二、提高基本公共服务均衡性").expect("section start");
    let end_mark = "“一刀切”考核。";
    let end = start + c[start..].find(end_mark).expect("section end") + end_mark.len();
    c[start..end].replace('\n', "")
}

/// Width and form folding: what must never show up as a difference.
fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '，' => ',',
            '：' => ':',
            '；' => ';',
            '（' => '(',
            '）' => ')',
            '“' | '”' => '"',
            '‘' | '’' => '\'',
            c => c,
        })
        .collect()
}

#[test]
fn yijian_diff_shows_only_wording_variants() {
    let (a, b) = (yijian("001"), yijian("003"));
    let diff = TextDiff::from_chars(a.as_str(), b.as_str());
    let ac: Vec<char> = a.chars().collect();
    let bc: Vec<char> = b.chars().collect();
    let mut hunks = Vec::new();
    for op in diff.ops() {
        if op.tag() == DiffTag::Equal {
            continue;
        }
        let old: String = ac[op.old_range()].iter().collect();
        let new: String = bc[op.new_range()].iter().collect();
        assert_ne!(
            fold(&old),
            fold(&new),
            "layout-only hunk: {old:?} vs {new:?}"
        );
        hunks.push((op.old_range().start, old, new));
    }
    // Hunks a few chars apart are one reviewer-visible variant (挖掘扩容/挖潜扩容扩大).
    let mut variants = 0;
    let mut last_end: Option<usize> = None;
    for (start, old, _) in &hunks {
        if last_end.is_none_or(|e| start.saturating_sub(e) > 3) {
            variants += 1;
        }
        last_end = Some(start + old.chars().count());
    }
    assert!(
        (12..=20).contains(&variants),
        "{variants} variants: {hunks:?}"
    );
    for (x, y) in [
        ("质量", "质效"),
        ("财力", "财政"),
        ("教改融合", "产教融合"),
        ("居住平衡", "职住平衡"),
    ] {
        assert!(a.contains(x) && b.contains(y), "{x}/{y}");
    }
}

#[test]
fn letter_spacing_and_numbers_are_contiguous_in_003() {
    let c = cleaned("003");
    for s in [
        "大力发展群众家门口的生活服务",
        "用5年左右时间",
        "人乳头瘤病毒（HPV）疫苗",
        "不低于80%",
    ] {
        assert!(c.contains(s), "{s} missing");
    }
}

#[test]
fn no_continuation_marker_survives() {
    for p in ["000", "001", "002", "003", "004"] {
        let c = cleaned(p);
        for m in ["上接", "下转", "（接第", "(接第"] {
            assert!(!c.contains(m), "{p} keeps {m}");
        }
    }
}

#[test]
fn chinese_punctuation_and_broken_paragraphs_in_004() {
    let c = cleaned("004");
    assert!(c.contains("期间，习近平总书记"));
    assert!(c.contains("山东日照钢铁产业通过数字化转型"));
}

#[test]
fn broken_paragraphs_in_000_001() {
    assert!(cleaned("000").contains("我国向北开放的大门开得更大、更稳。"));
    let c = cleaned("001");
    assert!(c.contains("推动基本公共服务供给"));
    assert!(c.contains("向基层医疗卫生机构"));
}

#[test]
fn layout_fragments_are_not_glued_in_000() {
    let c = cleaned("000");
    assert!(!c.contains("务实培育"));
    assert!(!c.contains("深度举措"));
    assert!(c.contains("\n\n举措。\n\n"));
}

#[test]
fn web_furniture_goes_from_002() {
    let text = sample("002");
    let r = clean(
        &Source::from_utf8_text("002", "002", &text),
        &CleanOptions::default(),
    );
    for s in [
        "Workflow",
        "icon",
        "Search documents",
        "本文字数",
        "第一财经· 2026",
        " ...",
    ] {
        assert!(!r.text.contains(s), "{s} survives");
    }
    assert!(r.truncated);
    assert!(r
        .removed
        .iter()
        .any(|x| x.kind == "navigation" && x.text == "Workflow"));
    assert!(r.text.contains("“努力稳定新出生人口规模”"));
}

#[test]
fn variant_tax_char_is_flagged_and_fixed_in_000() {
    let text = sample("000");
    let r = clean(
        &Source::from_utf8_text("000", "000", &text),
        &CleanOptions::default(),
    );
    assert!(!r.text.contains('稅'));
    assert!(r.text.contains("增值税"));
    assert_eq!(r.variants.len(), 2);
    assert!(r
        .variants
        .iter()
        .all(|v| v.found == "稅" && v.simplified == "税" && v.corrected));
    for v in &r.variants {
        assert_eq!(&text[v.span[0] as usize..v.span[1] as usize], "稅");
    }
}

#[test]
fn credits_are_recorded() {
    let text = sample("003");
    let r = clean(
        &Source::from_utf8_text("003", "003", &text),
        &CleanOptions::default(),
    );
    assert!(r
        .datelines
        .iter()
        .any(|d| d.text == "新华社北京6月9日电（记者 魏玉坤）"));
    assert!(r.bylines.iter().any(|d| d.text == "□新华社记者 叶书宏"));
    let r1 = clean(
        &Source::from_utf8_text("001", "001", &sample("001")),
        &CleanOptions::default(),
    );
    assert!(r1
        .bylines
        .iter()
        .any(|d| d.text == "新华社记者 邹多为 张晓洁"));
}

#[test]
fn cleaning_is_idempotent_on_samples() {
    for p in ["000", "001", "002", "003", "004"] {
        let once = cleaned(p);
        let twice = clean(
            &Source::from_utf8_text(p, p, &once),
            &CleanOptions::default(),
        )
        .text;
        assert_eq!(once, twice, "{p}");
    }
}

#[test]
fn every_output_char_maps_into_its_source() {
    for p in ["000", "001", "002", "003", "004"] {
        let text = sample(p);
        let r = clean(
            &Source::from_utf8_text(p, p, &text),
            &CleanOptions::default(),
        );
        assert_eq!(r.map.len(), r.text.chars().count());
        for (c, span) in r.text.chars().zip(&r.map) {
            let (s, e) = (span[0] as usize, span[1] as usize);
            assert!(
                s < e && e <= text.len() && text.is_char_boundary(s) && text.is_char_boundary(e)
            );
            if c != '\n' && c != ' ' && !reprint::normalize::tape::is_cjk_punct(c) && c != '税' {
                assert!(text[s..e].contains(c), "{p}: {c} not at {s}..{e}");
            }
        }
    }
}
