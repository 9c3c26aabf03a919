//! `reprint report` on the sample pages: every cluster with its diffs, overlaps with their passages.

use crate::harness::{dump_dom, element_texts, run, tempdir};
use std::path::Path;

#[test]
fn report_on_samples_shows_clusters_diffs_and_overlaps() {
    let dir = tempdir();
    let out = dir.path().join("report.html");
    let o = run(&["report", "samples", "-o", out.to_str().unwrap()]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(String::from_utf8_lossy(&o.stdout).contains("2 clusters"));
    let page = std::fs::read_to_string(&out).unwrap();
    for banned in ["<script", "<link", "src=", "http://", "https://"] {
        assert!(!page.contains(banned), "page holds {banned}");
    }
    // No temp file is left next to it.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    let Some(dom) = dump_dom(&out) else {
        return;
    };
    // Both clusters, each diffed against its longest member.
    assert!(dom.contains("Cluster 1 (2 copies)") && dom.contains("Cluster 2 (2 copies)"));
    assert!(dom.contains("001_0ed2445f5550d6ea#1 → 003_630f37cb81b2932f#5"));
    assert!(dom.contains("003_630f37cb81b2932f#2"));
    let dels = element_texts(&dom, "del", "v");
    let inss = element_texts(&dom, "ins", "v");
    assert!(dels.iter().any(|d| d == "质量") && inss.iter().any(|d| d == "质效"));
    assert!(dels.iter().any(|d| d == "财力") && inss.iter().any(|d| d == "财政"));
    // Overlaps with their shared passages: the explainer quoting the 意见.
    let overlaps = &dom[dom.find("id=\"overlaps\"").expect("overlap section")..];
    assert!(overlaps.contains("003_630f37cb81b2932f#7"));
    let shared = element_texts(overlaps, "mark", "shared");
    assert!(
        shared
            .iter()
            .any(|s| s.contains("推动符合条件的农业转移人口享有同迁入地户籍人口同等权利")),
        "{shared:?}"
    );
}

#[test]
fn report_refuses_to_write_into_an_input_directory() {
    let dir = tempdir();
    std::fs::write(dir.path().join("a.txt"), "甲乙丙").unwrap();
    let inside = dir.path().join("report.html");
    let o = run(&[
        "report",
        dir.path().to_str().unwrap(),
        "-o",
        inside.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("refusing"));
    assert!(!Path::new(&inside).exists());
}

#[test]
fn a_cluster_of_many_copies_diffs_a_bounded_number() {
    let dir = tempdir();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let story = "国务院办公厅印发关于进一步保障和改善民生着力解决群众急难愁盼的意见，要求各地区各部门结合实际认真贯彻落实。意见提出，推动基本公共服务供给与人口变化相协调，优化服务设施建设运行管理。";
    for k in 0..53 {
        // Copies differ in one char, so none is identical to another.
        let text = story.replacen(
            "各地区",
            &format!("各地区{}", char::from_u32(0x4E00 + k).unwrap()),
            1,
        );
        std::fs::write(input.join(format!("copy{k:02}.txt")), text).unwrap();
    }
    let out = dir.path().join("r.html");
    let o = run(&[
        "report",
        input.to_str().unwrap(),
        "--unit",
        "file",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let page = std::fs::read_to_string(&out).unwrap();
    assert!(page.contains("Cluster 1 (53 copies)"));
    assert_eq!(page.matches("<table class=\"sbs\">").count(), 50);
    assert!(page.contains("2 more member(s) not diffed"));
}
