//! `reprint clean` on the noise fixtures in `tests/fixtures/noise/`: one tiny page per row
//! of `NOISE.md`, with the text the rules should produce beside it as `*.expected`.

use super::{ok, parse_jsonl, Doc};
use crate::harness::{args, file_name, fixture, run};
use std::fs;
use std::path::PathBuf;

fn noise_dir() -> PathBuf {
    fixture("noise")
}

/// Every fixture with a test below (the `b` ones reproduce bugs).
const NOISE_FIXTURES: &[&str] = &[
    "01_hard_wraps",
    "02_broken_paragraphs",
    "02b_broken_paragraph_short_lead",
    "03_letter_spacing",
    "04_number_spaces",
    "05_meaningful_spaces",
    "05b_name_list_in_dateline",
    "06_punct_width",
    "07_continuation_markers",
    "07b_marker_across_hard_wrap",
    "07c_marker_inside_hard_wrapped_line",
    "09_datelines",
    "17_truncation",
    "17b_truncation_boundary",
    "19_web_boilerplate",
    "20_extraction_spaces",
    "24_variant_chars",
    "29_whitespace_furniture",
];

/// Cleans fixture `name`, asserts the text output equals `name.expected`, and
/// returns the JSON Lines record for further checks.
fn check_noise(name: &str) -> Doc {
    let input = noise_dir().join(format!("{name}.txt"));
    let expected = fs::read_to_string(noise_dir().join(format!("{name}.expected"))).unwrap();
    let out = ok(&run(&args!["clean", &input]));
    if out != expected {
        let diff = similar::TextDiff::from_lines(&expected, &out);
        panic!(
            "{name}: cleaned text differs from {name}.expected\n{}",
            diff.unified_diff().header("expected", "got")
        );
    }
    let json = ok(&run(&args!["clean", "-f", "jsonl", &input]));
    let mut docs = parse_jsonl(&json);
    assert_eq!(docs.len(), 1);
    let doc = docs.pop().unwrap();
    assert_eq!(format!("{}\n", doc.text), expected);
    doc
}

#[test]
fn noise_fixtures_all_have_expectations_and_tests() {
    let mut found: Vec<String> = fs::read_dir(noise_dir())
        .unwrap()
        .map(|e| file_name(&e.unwrap().path()))
        .collect();
    found.sort();
    let mut want: Vec<String> = NOISE_FIXTURES
        .iter()
        .flat_map(|n| [format!("{n}.expected"), format!("{n}.txt")])
        .collect();
    want.sort();
    assert_eq!(found, want);
}

#[test]
fn noise_01_hard_wraps_are_joined() {
    let doc = check_noise("01_hard_wraps");
    assert_eq!(doc.stats["hard_wraps_joined"], 10);
}

#[test]
fn noise_02_paragraph_breaks_inside_a_sentence_are_joined() {
    let doc = check_noise("02_broken_paragraphs");
    assert_eq!(doc.stats["broken_paragraphs_joined"], 3);
}

#[test]
fn noise_02b_short_lead_before_a_paragraph_break_is_joined() {
    check_noise("02b_broken_paragraph_short_lead");
}

#[test]
fn noise_03_letter_spacing_is_removed() {
    check_noise("03_letter_spacing");
}

#[test]
fn noise_04_spaces_around_numbers_are_removed() {
    check_noise("04_number_spaces");
}

#[test]
fn noise_05_meaningful_spaces_survive() {
    let doc = check_noise("05_meaningful_spaces");
    let bylines: Vec<&str> = doc.bylines.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(
        bylines,
        ["新华社记者 邹多为 张晓洁", "新华社记者 王全超 摄"]
    );
}

#[test]
fn noise_05b_name_list_in_a_dateline_keeps_its_space() {
    check_noise("05b_name_list_in_dateline");
}

#[test]
fn noise_06_punctuation_width_follows_context() {
    check_noise("06_punct_width");
}

#[test]
fn noise_07_continuation_markers_are_removed_and_recorded() {
    let doc = check_noise("07_continuation_markers");
    let got: Vec<(&str, &str, &str)> = doc
        .continuations
        .iter()
        .map(|c| (c.direction.as_str(), c.page.as_str(), c.text.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("from", "1", "（上接第一版）"),
            ("from", "1", "（上接第一版）"),
            ("from", "1", "(上接第一版)"),
            ("from", "1", "上接01版"),
            ("from", "1", "(上接1版)"),
            ("to", "2", "（下转第二版）"),
        ]
    );
    let src = fs::read(noise_dir().join("07_continuation_markers.txt")).unwrap();
    for c in &doc.continuations {
        let bytes = &src[c.span[0] as usize..c.span[1] as usize];
        assert_eq!(std::str::from_utf8(bytes).unwrap(), c.text);
    }
}

#[test]
fn noise_07b_marker_broken_by_a_hard_wrap_is_removed() {
    check_noise("07b_marker_across_hard_wrap");
}

#[test]
fn noise_07c_marker_inside_a_hard_wrapped_line_leaves_no_break() {
    check_noise("07c_marker_inside_hard_wrapped_line");
}

#[test]
fn noise_09_datelines_are_kept_and_recorded() {
    let doc = check_noise("09_datelines");
    let datelines: Vec<&str> = doc.datelines.iter().map(|d| d.text.as_str()).collect();
    assert_eq!(
        datelines,
        [
            "据新华社北京6月2日电（记者李恒）",
            "新华社北京6月9日电",
            "新华社北京6月9日电",
            "新华社伦敦6月9日电",
            "新华社北京6月9日电（记者 魏玉坤）",
            "新华社北京4月2日电",
        ]
    );
}

#[test]
fn noise_17_snippet_ellipsis_is_removed_and_flagged() {
    let doc = check_noise("17_truncation");
    assert!(doc.truncated);
    let kinds: Vec<(&str, &str)> = doc
        .removed
        .iter()
        .map(|r| (r.kind.as_str(), r.text.as_str()))
        .collect();
    assert_eq!(kinds, [("truncation", "..."), ("truncation", "...")]);
}

#[test]
fn noise_17b_truncated_paragraph_is_not_joined_to_the_next() {
    check_noise("17b_truncation_boundary");
}

#[test]
fn noise_19_web_boilerplate_is_removed_and_recorded() {
    let doc = check_noise("19_web_boilerplate");
    let kinds: Vec<&str> = doc.removed.iter().map(|r| r.kind.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "navigation",
            "navigation",
            "navigation",
            "navigation",
            "source_line",
            "reading_time",
            "source_line",
            "source_line",
        ]
    );
}

#[test]
fn noise_20_extraction_spaces_in_prose_are_removed() {
    check_noise("20_extraction_spaces");
}

#[test]
fn noise_24_variant_characters_are_corrected_and_flagged() {
    let doc = check_noise("24_variant_chars");
    assert_eq!(doc.variants.len(), 2);
    assert!(doc
        .variants
        .iter()
        .all(|v| v.found == "稅" && v.simplified == "税" && v.corrected));
}

#[test]
fn noise_29_whitespace_furniture_is_removed() {
    check_noise("29_whitespace_furniture");
}
