//! Scraped pages as news sites serve them (a print edition's HTML, a
//! Markdown transcript with `<p>` inside, a JSON API record, a portal page with
//! a `<style>` block) clean to their story alone, every removal recorded and
//! every char mapped to the bytes it came from; site furniture goes line by line.

use crate::harness::{fixture, run_with_stdin, snapshot};
use serde_json::Value;

/// `reprint ARGS` fed `stdin`: its stdout and exit code, which must not be 2 (an error).
fn run_fed(args: &[&str], stdin: Option<&str>) -> (String, i32) {
    let out = run_with_stdin(args, stdin.map(str::as_bytes));
    let code = out.status.code().unwrap();
    assert!(
        code != 2,
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (String::from_utf8(out.stdout).unwrap(), code)
}

/// `clean --format json --map` of one input: the document object.
fn clean_json(args: &[&str]) -> Vec<Value> {
    let mut all = vec!["clean", "--format", "jsonl", "--map"];
    all.extend_from_slice(args);
    let (out, _) = run_fed(&all, None);
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// What no cleaned text may hold: tags, entities, Markdown syntax, URLs, CSS/JS.
fn assert_no_markup(text: &str) {
    for bad in [
        "<p",
        "</",
        "<!--",
        "/>",
        "&nbsp",
        "&amp;",
        "&lt;",
        "&#",
        "](",
        "**",
        "###",
        "http",
        "www.",
        "{",
        "}",
        "px;",
        "var ",
        "function",
        "责任编辑",
        "扫一扫",
        "版权所有",
        "Copyright",
        "原标题",
        "分享到",
        "央视网消息",
    ] {
        assert!(!text.contains(bad), "{bad:?} left in:\n{text}");
    }
}

/// Every char of `text` maps into `input` (the bytes as stored) at a range
/// that holds it: the char itself, an entity that decodes to it, or, for a
/// break or space that stands for a tag, the tag.
fn assert_valid_map(input: &[u8], text: &str, map: &[Value]) {
    assert_eq!(map.len(), text.chars().count());
    for (c, span) in text.chars().zip(map) {
        let (s, e) = (
            span[0].as_u64().unwrap() as usize,
            span[1].as_u64().unwrap() as usize,
        );
        assert!(s < e && e <= input.len(), "{c:?} at {s}..{e}");
        let src = std::str::from_utf8(&input[s..e]).expect("spans on char boundaries");
        let ok = src == c.to_string()
            || src.starts_with('&')
            || (c.is_whitespace() && (src.starts_with('<') || src.trim().is_empty()))
            // Folded by the cleaner: width, punctuation, variants.
            || (src.chars().count() == 1 && !c.is_whitespace());
        assert!(ok, "{c:?} maps to {src:?}");
    }
}

fn kinds(doc: &Value) -> Vec<(String, String)> {
    doc["removed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["kind"].as_str().unwrap().to_string(),
                r["text"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Whether a removal of `kind` covers the first place `needle` is in `input`.
fn covered(doc: &Value, input: &[u8], kind: &str, needle: &str) -> bool {
    let at = input
        .windows(needle.len())
        .position(|w| w == needle.as_bytes())
        .expect("needle in input") as u64;
    doc["removed"].as_array().unwrap().iter().any(|r| {
        r["kind"] == kind
            && r["span"][0].as_u64().unwrap() <= at
            && at < r["span"][1].as_u64().unwrap()
    })
}

fn has(removed: &[(String, String)], kind: &str, text: &str) -> bool {
    removed.iter().any(|(k, t)| k == kind && t.contains(text))
}

#[test]
fn print_edition_page_cleans_to_its_story() {
    let path = fixture("scraped/people_print.html");
    let doc = &clean_json(&[path.to_str().unwrap()])[0];
    let text = doc["text"].as_str().unwrap();
    snapshot("scraped_people_print.txt", text);
    assert_no_markup(text);
    assert!(text.starts_with("习近平就土耳其发生强烈地震向土耳其总统埃尔多安致慰问电\n\n"));
    for gone in [
        "往期回顾",
        "版面导航",
        "第01版",
        "人民日报社概况",
        "星期二",
        "《",
    ] {
        assert!(!text.contains(gone), "{gone} left");
    }
    let removed = kinds(doc);
    let input = std::fs::read(&path).unwrap();
    assert!(has(
        &removed,
        "source_line",
        "《 人民日报 》（ 2023年02月07日 第 01 版）"
    ));
    for markup in [
        "<!--enpproperty",
        "<script",
        "var _hmt",
        "<title>",
        "<ul class",
        "人民日报社概况",
    ] {
        assert!(covered(doc, &input, "markup", markup), "{markup}");
    }
    assert!(covered(doc, &input, "markup", "人 民 网 版 权"));
    assert_eq!(doc["datelines"][0]["text"], "新华社北京2月6日电");
    assert_valid_map(&input, text, doc["map"].as_array().unwrap());
}

#[test]
fn markdown_transcript_with_p_tags_cleans_to_its_story() {
    let path = fixture("scraped/cctv_transcript.md");
    let doc = &clean_json(&[path.to_str().unwrap()])[0];
    let text = doc["text"].as_str().unwrap();
    snapshot("scraped_cctv_transcript.txt", text);
    assert_no_markup(text);
    // The lead goes, the sentence after it stays.
    assert!(text.contains("\n\n2月6日，国家主席习近平"), "{text}");
    let removed = kinds(doc);
    assert!(has(&removed, "lead", "央视网消息（新闻联播）："));
    assert!(has(&removed, "source_line", "[原文链接]("));
    assert!(has(&removed, "editor", "（责任编辑：王一）"));
    assert!(has(&removed, "source_line", "发布时间：2023-02-06 19:32"));
    assert!(has(&removed, "markup", "###"));
    let input = std::fs::read(&path).unwrap();
    assert_valid_map(&input, text, doc["map"].as_array().unwrap());
}

#[test]
fn portal_page_with_a_style_block_cleans_to_its_story() {
    let path = fixture("scraped/portal_style.html");
    let doc = &clean_json(&[path.to_str().unwrap()])[0];
    let text = doc["text"].as_str().unwrap();
    snapshot("scraped_portal_style.txt", text);
    assert_no_markup(text);
    for gone in ["相关新闻", "当前位置", "QQ空间", "webmaster", "text-indent"] {
        assert!(!text.contains(gone), "{gone} left");
    }
    assert!(text.contains("共建“一带一路”国家"));
    let removed = kinds(doc);
    assert!(has(&removed, "markup", "<style"));
    assert!(has(&removed, "original_title", "原标题：海关总署"));
    assert!(has(&removed, "editor", "（责任编辑：王一）"));
    assert!(has(&removed, "share", "扫一扫在手机打开当前页"));
    assert!(has(&removed, "source_line", "来源：新华网 作者：邹多为"));
    let input = std::fs::read(&path).unwrap();
    assert_valid_map(&input, text, doc["map"].as_array().unwrap());
}

#[test]
fn json_api_records_with_p_tags_clean_and_map_into_their_text() {
    let path = fixture("scraped/api_records.jsonl");
    let docs = clean_json(&["--input", "jsonl", path.to_str().unwrap()]);
    assert_eq!(docs.len(), 2);
    let records: Vec<Value> = std::fs::read_to_string(&path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    for (doc, record) in docs.iter().zip(&records) {
        // Input fields kept; the text cleaned; the rest under "reprint".
        assert_eq!(doc["url"], record["url"]);
        let text = doc["text"].as_str().unwrap();
        assert_no_markup(text);
        let raw = record["text"].as_str().unwrap();
        let meta = &doc["reprint"];
        assert_valid_map(raw.as_bytes(), text, meta["map"].as_array().unwrap());
        assert!(
            text.split("\n\n").count() >= 4,
            "paragraphs from <p>: {text}"
        );
    }
    assert!(docs[0]["text"]
        .as_str()
        .unwrap()
        .contains("共建“一带一路”国家"));
    assert!(has(
        &kinds(&docs[0]["reprint"]),
        "editor",
        "【责任编辑：李二】"
    ));
    assert!(has(&kinds(&docs[1]["reprint"]), "sign_off", "（完）"));
}

#[test]
fn plain_text_with_angle_brackets_is_untouched() {
    for text in [
        "气温<30度时，a<b且c>d。",
        "《<天津>条例》明确。",
        "本店满100元<减20元>活动。",
        "AT&T与R&D部门。",
    ] {
        let (out, _) = run_fed(&["clean", "--disable", "punct,spaces"], Some(text));
        assert_eq!(out.trim_end(), text);
    }
}

#[test]
fn malformed_markup_never_eats_prose() {
    for (input, must_keep) in [
        // Unclosed tags and a stray `>`.
        (
            "<div><p>第一段落的文字。<p>第二段 > 文字。",
            vec!["第一段落的文字。", "第二段"],
        ),
        // A tag cut off by truncation.
        ("<p>国家主席致电。</p><p class=\"a", vec!["国家主席致电。"]),
        // A `<` that opens prose, not a tag, runs to the end.
        (
            "<p>价格</p><b很便宜的东西很多",
            vec!["价格", "很便宜的东西很多"],
        ),
        // An unclosed comment and an unclosed script before the story.
        (
            "<p>开头。</p><!-- 注释没有结束 正文第二段落继续。",
            vec!["开头。", "正文第二段落继续。"],
        ),
        (
            "<script>var a = 1;</script><p>甲。</p><style>p{x:y}<p>乙段落的文字。</p>",
            vec!["甲。", "乙段落的文字。"],
        ),
    ] {
        let (out, _) = run_fed(&["clean"], Some(input));
        for keep in must_keep {
            assert!(out.contains(keep), "{input:?} lost {keep:?}: {out:?}");
        }
        assert!(
            !out.contains("<p") && !out.contains("var a"),
            "{input:?}: {out:?}"
        );
    }
}

#[test]
fn markup_modes() {
    let md = "## 标题\n\n**加粗**的文字。";
    assert_eq!(
        run_fed(&["clean"], Some(md)).0.trim_end(),
        "标题\n\n加粗的文字。"
    );
    let (none, _) = run_fed(&["clean", "--markup", "none"], Some("<p>甲。</p>"));
    assert_eq!(none.trim_end(), "<p>甲。</p>");
    // `html` reads a lone unknown tag as markup; `auto` does not.
    let (html, _) = run_fed(&["clean", "--markup", "html"], Some("甲<foo>乙。"));
    assert_eq!(html.trim_end(), "甲乙。");
    let (auto, _) = run_fed(&["clean"], Some("甲<foo>乙。"));
    assert_eq!(auto.trim_end(), "甲<foo>乙。");
    // Markup escaped over (a JSON API's double-encoded body) goes too.
    let (escaped, _) = run_fed(&["clean"], Some("&lt;p&gt;正文。&lt;/p&gt;"));
    assert_eq!(escaped.trim_end(), "正文。");
    let (again, _) = run_fed(&["clean"], Some(&escaped));
    assert_eq!(again, escaped);
}

#[test]
fn each_furniture_line_is_removed_and_recorded() {
    for (line, kind) in [
        ("《经济日报》（2025年03月08日 第05版）", "source_line"),
        ("原标题：国家主席习近平致慰问电", "original_title"),
        (
            "来源：新华社 作者：张三 发布时间：2025-06-11 10:30",
            "source_line",
        ),
        ("【责任编辑：王一】", "editor"),
        ("（责任编辑：王一）", "editor"),
        ("【纠错】", "share"),
        ("扫一扫在手机打开当前页", "share"),
        ("分享到：", "share"),
        ("点击进入专题", "share"),
        ("版权所有 新华网 未经许可不得转载", "copyright"),
        (
            "Copyright © 2000-2025 XINHUANET.com All Rights Reserved.",
            "copyright",
        ),
    ] {
        let input = format!("国家主席习近平致电表示慰问。\n{line}\n会谈在友好的气氛中进行。");
        let (out, _) = run_fed(&["clean", "--format", "jsonl"], Some(&input));
        let doc: &Value = &serde_json::from_str(&out).unwrap();
        let text = doc["text"].as_str().unwrap();
        assert_eq!(
            text, "国家主席习近平致电表示慰问。\n\n会谈在友好的气氛中进行。",
            "{line}"
        );
        assert!(
            has(&kinds(doc), kind, line.trim_matches(['【', '】'])),
            "{line}: {:?}",
            kinds(doc)
        );
    }
}

#[test]
fn furniture_inside_a_line_goes_and_the_story_stays() {
    for (input, kept, kind, gone) in [
        (
            "央视网消息（新闻联播）：国家主席习近平致电。",
            "国家主席习近平致电。",
            "lead",
            "央视网消息（新闻联播）：",
        ),
        (
            "会谈在友好的气氛中进行。（完）",
            "会谈在友好的气氛中进行。",
            "sign_off",
            "（完）",
        ),
        (
            "会谈在友好的气氛中进行。（责任编辑：王一）",
            "会谈在友好的气氛中进行。",
            "editor",
            "（责任编辑：王一）",
        ),
        (
            "会谈在友好的气氛中进行。【纠错】",
            "会谈在友好的气氛中进行。",
            "share",
            "【纠错】",
        ),
        (
            "会谈在友好的气氛中进行。\n[原文链接](https://www.news.cn/a.htm)",
            "会谈在友好的气氛中进行。",
            "source_line",
            "[原文链接]",
        ),
    ] {
        let (out, _) = run_fed(&["clean", "--format", "jsonl"], Some(input));
        let doc: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(doc["text"].as_str().unwrap(), kept, "{input}");
        assert!(has(&kinds(&doc), kind, gone), "{input}: {:?}", kinds(&doc));
    }
    // A dateline carries a place and a date: it stays, recorded.
    let (out, _) = run_fed(
        &["clean", "--format", "jsonl"],
        Some("新华社北京6月11日电 国家主席习近平致电。"),
    );
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert!(doc["text"]
        .as_str()
        .unwrap()
        .starts_with("新华社北京6月11日电"));
    assert_eq!(doc["datelines"][0]["text"], "新华社北京6月11日电");
}
