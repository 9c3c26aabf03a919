//! Markup stripping, pass by pass, with the spans of what stays and what goes.

use super::*;
use crate::model::utf8_offsets;
use crate::normalize::tape::{from_text, to_string};

fn run(s: &str, mode: MarkupMode) -> (String, Vec<Removal>, Tape) {
    let mut removed = Vec::new();
    let t = strip(
        from_text(s, &utf8_offsets(s, 0)),
        mode,
        &mut removed,
        &mut Stats::default(),
    );
    (to_string(&t), removed, t)
}

fn auto(s: &str) -> String {
    run(s, MarkupMode::Auto).0
}

#[test]
fn paragraphs_and_inline_tags() {
    assert_eq!(
        auto("<p>新华社<strong>北京</strong>6月11日电</p><p>第二段。</p>"),
        "新华社北京6月11日电\n\n第二段。"
    );
}

fn han(s: &str) -> String {
    s.chars()
        .filter(|&c| crate::normalize::tape::is_han(c))
        .collect()
}

/// One piece of a generated page: its text and the Han chars a reader sees in it.
fn piece() -> impl proptest::strategy::Strategy<Value = (String, String)> {
    use proptest::prelude::*;
    let words = prop::sample::select(vec![
        "国家",
        "主席",
        "发展",
        "经济",
        "新华社",
        "北京",
        "合作",
        "会议",
        "强调",
        "的",
        "。",
        "，",
    ]);
    prop_oneof![
        6 => words.prop_map(|w| (w.to_string(), w.to_string())),
        2 => prop::sample::select(vec!["<p>", "</p>", "<div>", "</div>", "<br>", "<br/>", "<span class=\"x\">",
            "</span>", "<strong>", "</strong>", "<h2>", "</h2>", "<li>", "<td>", "<img src=\"a.jpg\">", "<p style=\"a:b\">"])
            .prop_map(|t| (t.to_string(), String::new())),
        // No `&lt;`: decoded, it may open a tag, and escaped markup is markup.
        1 => prop::sample::select(vec!["&amp;", "&nbsp;", "&#12288;", "&#x3000;", "&gt;", "&quot;"])
            .prop_map(|t| (t.to_string(), String::new())),
        1 => prop::sample::select(vec!["<!-- 注释 -->", "<script>var a = \"中文\";</script>", "<style>p{a:b}</style>"])
            .prop_map(|t| (t.to_string(), String::new())),
        1 => prop::sample::select(vec![" < ", " > ", "<3", "\n", "\n\n", " ", "a < b", "x>y"])
            .prop_map(|t| (t.to_string(), String::new())),
    ]
}

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config { cases: 512, failure_persistence: None, ..Default::default() })]

    /// Whatever the mix of tags, entities, comments and stray brackets: no
    /// panic, every visible Han char kept in order, spans valid, and a second
    /// pass changes nothing.
    #[test]
    fn html_keeps_every_visible_char_and_maps_it(pieces in proptest::collection::vec(piece(), 0..60)) {
        let page: String = pieces.iter().map(|p| p.0.as_str()).collect();
        let visible: String = pieces.iter().map(|p| p.1.as_str()).collect();
        let (text, _, tape) = run(&page, MarkupMode::Auto);
        proptest::prop_assert_eq!(han(&text), han(&visible), "page {:?}", page);
        for a in &tape {
            let (s, e) = (a.start as usize, a.end as usize);
            proptest::prop_assert!(s < e && e <= page.len() && page.is_char_boundary(s) && page.is_char_boundary(e));
        }
        let (again, _, _) = run(&text, MarkupMode::Auto);
        proptest::prop_assert_eq!(again, text);
    }
}

#[test]
fn markdown_syntax_goes_and_its_text_stays() {
    let md = "# 标题 #\n\n> 引用的话\n\n- 第一条\n* 第二条\n\n**加粗**与*强调*、`代码`和~~删除~~\\*号\n\n\
              | 地区 | 数量 |\n|---|---|\n| 北京 | 12 |\n\n```\n代码块\n```\n\n---\n\n[新华网](https://www.news.cn) 报道。\n\n[1]: https://www.news.cn/a.htm";
    let (_, removed, _) = run(md, MarkupMode::Auto);
    assert!(removed.iter().all(|r| r.kind == "markup"));
    let cleaned = crate::normalize::clean_text(md, &utf8_offsets(md, 0), &Default::default());
    assert_eq!(
        cleaned.text,
        "标题\n\n引用的话\n\n第一条\n\n第二条\n\n加粗与强调、代码和删除*号\n\n地区 数量\n\n北京12\n\n代码块\n\n新华网 报道。"
    );
}

#[test]
fn markdown_is_only_read_where_it_is() {
    // A `#` topic, a lone star and snake_case are not Markdown.
    for plain in ["#两会#热议", "3*4=12，星号*在此", "file_name_here 与 a_b_c"] {
        assert_eq!(auto(plain), plain);
    }
}

#[test]
fn css_and_js_left_as_text_go_as_blocks() {
    let page = "正文第一段。\n.article p{text-indent:2em;line-height:1.8;}\n#share a{margin:0 5px}\n\
                var _hmt = _hmt || [];\n(function() {\n  var hm = document.createElement(\"script\");\n})();\n正文第二段。\n\
                Group 1 - The core viewpoint is that Beijing has established 41,000 spots.";
    let (text, removed, _) = run(page, MarkupMode::Auto);
    assert_eq!(
        text,
        "正文第一段。\n正文第二段。\nGroup 1 - The core viewpoint is that Beijing has established 41,000 spots."
    );
    assert_eq!(removed.len(), 1);
}

#[test]
fn bare_urls_go_and_closing_marks_stay() {
    let (text, removed, _) = run(
        "详见 https://www.gov.cn/zhengce/2025-06/11/content_123.htm。又见（www.news.cn/a.htm）",
        MarkupMode::Auto,
    );
    assert_eq!(text, "详见 。又见（）");
    assert_eq!(removed.iter().filter(|r| r.kind == "url").count(), 2);
}

#[test]
fn a_caption_stays_and_a_logo_goes() {
    let (text, _, _) = run(
        "<p>正文。</p><a href=\"/\"><img alt=\"新华网首页标志图片\"></a><img src=\"p.jpg\" alt=\"习近平在会上发表重要讲话\"><p>下文。</p>",
        MarkupMode::Auto,
    );
    assert_eq!(text, "正文。\n\n习近平在会上发表重要讲话\n\n下文。");
}
