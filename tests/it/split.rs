//! `reprint split` on the sample pages: article boundaries and stitched layout fragments.
//!
//! What the pages hold (read by hand):
//! - 000 (人民日报-style front page with jumps), 10 articles: the main commentary
//!   `以开放创新应对全球贸易变局`, cut by the layout into three pieces; four jump
//!   continuations (`（上接第一版）`): 农业规划, 黄河流域跨境电商博览会, 中欧班列 (two
//!   pieces), OPIE 场景商城 (two pieces); a headless OPC 创业 continuation; the
//!   黄埔/第一次国共合作 feature under its kicker `伟大征程`; three Xinhua briefs.
//! - 001, 8 articles: the 民生 意见; a photo story (重庆文旅); the 外贸 story (cut off at
//!   `贸易总`); the 稀土 commentary (cut off at `逃税乱`); a headless 档案 fragment;
//!   two Xinhua briefs (工信部, 冷链); the 新高考 jump continuation.
//! - 002 (a web search-result list), 10 items, one per `title / source· date / summary`;
//!   the five Chinese snippets end in ` ...` and are flagged truncated.
//! - 003 (hard-wrapped columns, headlines displaced after their stories), 7 articles: the
//!   民生 commentary's opening section (its decorative sub-head printed after it); the 稀土
//!   commentary; the 中美经贸磋商 brief; the 韦东奕 brief (headline `北大：对韦东奕健康很关心`
//!   printed below it); the 意见 sections 二–五; the 外贸 jump continuation; the 民生
//!   explainer under its headline block (the decorative sub-heads that end the page are its
//!   last paragraphs).
//! - 004, 9 articles: the 产业 commentary; 三部门 意见; 外交部; the 移动电源 infographic;
//!   太空算力; 工信部 算力; 教育部; 宜居安居 (sections scrambled); the Liaoning jump.

use crate::harness::{reprint, sample, sample_text, samples_dir, tempdir};
use reprint::model::{Article, Source};
use reprint::normalize::CleanOptions;
use reprint::segment::articles;

fn split_sample(prefix: &str) -> Vec<Article> {
    let text = sample_text(prefix);
    let source = Source::from_utf8_text(prefix, prefix, &text);
    articles(&[source], &CleanOptions::default()).remove(0)
}

fn find<'a>(arts: &'a [Article], needle: &str) -> &'a Article {
    arts.iter()
        .find(|a| a.text.contains(needle))
        .unwrap_or_else(|| panic!("no article contains {needle}"))
}

#[test]
fn main_article_of_000_is_stitched_whole() {
    let arts = split_sample("000");
    let main = find(&arts, "构建人类命运共同体的务实举措。");
    assert_eq!(main.title.as_deref(), Some("以开放创新应对全球贸易变局"));
    assert!(main.text.contains("我国向北开放的大门开得更大、更稳。"));
    assert!(
        main.text.ends_with("注入更强的信心力量。"),
        "{}",
        &main.text[main.text.len() - 60..]
    );
    assert_eq!(main.pieces.len(), 3);
    // Nothing of the 中欧班列 or OPC pieces.
    for foreign in [
        "青岛开行中欧班列",
        "班列+保税",
        "OPC",
        "OPIE",
        "以进口货物保税仓储为例",
    ] {
        assert!(!main.text.contains(foreign), "main article holds {foreign}");
    }
}

#[test]
fn jump_fragments_of_000_find_their_articles() {
    let arts = split_sample("000");
    let rail = find(&arts, "推动运输与贸易形成更深度融合。");
    assert_eq!(rail.title.as_deref(), Some("前五月青岛开行中欧班列392列"));
    assert!(rail.continued);
    let opie = find(&arts, "为数字经济高质量发展注入新动能。");
    assert_eq!(
        opie.title.as_deref(),
        Some("青岛单人AI创业家平台场景商城正式上线")
    );
    assert!(!opie.text.contains("贸易强国"));
}

#[test]
fn article_counts_per_sample() {
    assert_eq!(split_sample("000").len(), 10);
    assert_eq!(split_sample("001").len(), 8);
    assert_eq!(split_sample("003").len(), 7);
    assert_eq!(split_sample("004").len(), 9);
}

#[test]
fn wrapped_columns_and_displaced_headlines_of_003() {
    let arts = split_sample("003");
    let rare = find(
        &arts,
        "近期，中国宣布了加强对部分稀土相关物项的出口管制新规",
    );
    assert!(!rare.text.contains("伦敦"));
    let brief = find(&arts, "韦东奕有比较严重的牙周问题");
    assert_eq!(brief.title.as_deref(), Some("对韦东奕健康很关心"));
    assert!(!brief.text.contains("中美经贸"));
    let yijian = find(&arts, "一刀切”考核。");
    assert!(yijian.text.starts_with("二、提高基本公共服务均衡性"));
    assert!(yijian.text.ends_with("“一刀切”考核。"));
    assert!(!yijian.text.contains("韦东奕"));
    let trade = find(&arts, "外贸第一大经营主体——民营企业进出口10.25万亿元");
    assert_eq!(
        trade.title.as_deref(),
        Some("前5月我国货物贸易进出口增长2.5%")
    );
    assert_eq!(trade.continued_from.as_deref(), Some("1"));
    assert!(arts.iter().all(|a| !a.text.is_empty()));
}

#[test]
fn open_ends_without_continuation_stay_incomplete_in_001() {
    let arts = split_sample("001");
    let trade = find(&arts, "对东盟、欧盟贸易总");
    assert!(trade.incomplete);
    assert!(trade.text.ends_with("贸易总"));
    let rare = find(&arts, "剑指走私与逃税乱");
    assert!(rare.incomplete);
    assert!(
        !rare.text.contains("档案"),
        "稀土 commentary must not take the 档案 fragment"
    );
    let gaokao = find(&arts, "他做得挺顺利");
    assert!(gaokao.continued);
    assert_eq!(gaokao.continued_from.as_deref(), Some("1"));
}

#[test]
fn search_results_of_002_are_items_flagged_truncated() {
    let arts = split_sample("002");
    assert_eq!(arts.len(), 10, "{} items", arts.len());
    let life = find(&arts, "Core Insights");
    assert!(life
        .title
        .as_deref()
        .is_some_and(|t| t.starts_with("“去年人均预期寿命")));
    assert!(!life.text.contains("Xi'an"), "two result items in one");
    assert!(arts.iter().all(|a| !a.incomplete));
    assert!(arts.iter().filter(|a| a.truncated).count() >= 5);
    assert!(arts.iter().all(|a| a.title.is_some()));
}

#[test]
fn ids_sources_and_pieces_are_consistent() {
    let text = sample_text("000");
    for (n, a) in split_sample("000").iter().enumerate() {
        assert_eq!(a.id, format!("000#{}", n + 1));
        for p in &a.pieces {
            assert!(p[0] < p[1] && p[1] as usize <= text.len());
        }
        let map = a.map.as_ref().unwrap();
        assert_eq!(map.len(), a.text.chars().count());
    }
}

#[test]
fn gb18030_copy_splits_the_same() {
    let path = sample("000");
    let text = std::fs::read_to_string(&path).unwrap();
    let dir = tempdir();
    let gb = dir.path().join("000_54cc58d3ab6fc1ba.txt");
    let (bytes, _, _) = encoding_rs::GB18030.encode(&text);
    std::fs::write(&gb, &bytes).unwrap();
    let run = |p: &std::path::Path| {
        let out = reprint()
            .args(["split", "--format", "jsonl"])
            .arg(p)
            .output()
            .unwrap();
        assert!(out.status.success());
        let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        lines
            .iter()
            .map(|v| (v["title"].clone(), v["text"].clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(run(&path), run(&gb));
}

#[test]
fn jsonl_records_deserialize_strictly() {
    let out = reprint()
        .args(["split", "--format", "jsonl"])
        .arg(samples_dir())
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let mut n = 0;
    for line in text.lines() {
        let a: Article = serde_json::from_str(line).expect("strict Article");
        assert!(a.map.is_none());
        assert!(a.id.contains('#'));
        n += 1;
    }
    assert!(n >= 40);
}

#[test]
fn interleaved_section_of_004_returns_to_its_story() {
    let arts = split_sample("004");
    let poverty = find(&arts, "建立常态化防止返贫致贫就业帮扶机制");
    assert!(poverty
        .text
        .contains("难人员条件的防止返贫致贫对象纳入就业援助范围"));
    assert!(poverty.text.contains("此外，意见提出，强化重点地区倾斜"));
    let data = find(&arts, "世界数据组织");
    assert!(
        !data.text.contains("返贫"),
        "外交部 story holds 三部门 text"
    );
    assert!(data.text.contains("完善数据治理提供了有益平台"));
}

/// Hard-wrap a page at `width` chars per line, as a narrow newspaper column would.
fn rewrap(text: &str, width: usize) -> String {
    let mut out: Vec<String> = Vec::new();
    for para in text.split('\n') {
        let chars: Vec<char> = para.chars().collect();
        if chars.is_empty() {
            out.push(String::new());
        }
        out.extend(chars.chunks(width).map(|c| c.iter().collect::<String>()));
    }
    out.join("\n")
}

#[test]
fn rewrapped_000_splits_like_the_original() {
    let text = sample_text("000");
    let shape = |arts: &[Article]| -> Vec<(Option<String>, usize, bool)> {
        arts.iter()
            .map(|a| (a.title.clone(), a.pieces.len(), a.continued))
            .collect()
    };
    let original = shape(&split_sample("000"));
    for width in [18, 26, 35] {
        let wrapped = rewrap(&text, width);
        let source = Source::from_utf8_text("000", "000", &wrapped);
        let arts = articles(&[source], &CleanOptions::default()).remove(0);
        assert_eq!(shape(&arts), original, "wrapped at {width}");
        find(&arts, "构建人类命运共同体的务实举措。");
        find(&arts, "推动运输与贸易形成更深度融合。");
        find(&arts, "为数字经济高质量发展注入新动能。");
    }
}

/// Two open ends that both stop at `发展`, two sentence tails that both start with
/// `新`: the page alone cannot tell which goes where. A second copy of one story
/// in the run prints the junction whole and settles it.
#[test]
fn another_copy_settles_an_ambiguous_stitch() {
    let page = "甲市召开经济工作会议\n\n会议指出，今年全市上下要坚定信心，保持定力，把握机遇，迎难而上，以更加务实的作风努力开创高质量发展\n\n乙县部署全年重点工作\n\n会议要求，全县干部群众要振奋精神，真抓实干，勇于担当，善于作为，以只争朝夕的劲头紧紧抓住发展\n\n新机遇。\n\n新局面。";
    let copy = "乙县部署全年重点工作\n\n会议要求，全县干部群众要振奋精神，真抓实干，勇于担当，善于作为，以只争朝夕的劲头紧紧抓住发展新机遇。";
    let a = Source::from_utf8_text("a", "a", page);
    let b = Source::from_utf8_text("b", "b", copy);
    // Alone, the page leaves 甲's open end open rather than guess.
    let alone = articles(std::slice::from_ref(&a), &CleanOptions::default()).remove(0);
    assert!(find(&alone, "今年全市上下").incomplete);
    let with_copy = articles(&[a.clone(), b], &CleanOptions::default()).remove(0);
    let jia = find(&with_copy, "今年全市上下");
    assert!(jia.text.ends_with("开创高质量发展新局面。"), "{}", jia.text);
    let yi = find(&with_copy, "全县干部群众");
    assert!(yi.text.ends_with("紧紧抓住发展新机遇。"), "{}", yi.text);
}

/// Issue 19: a JSON Lines run is split in two streamed passes (statistics, then
/// the split); it must split exactly as the whole run held in memory does, jumps
/// from one record's page to another's included.
#[test]
fn streamed_jsonl_split_is_the_whole_run_split() {
    let tmp = tempdir();
    let mut pages: Vec<std::path::PathBuf> =
        std::fs::read_dir(crate::harness::fixture("layout/pages"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
    pages.sort();
    // Plain pages between the layout ones: sources split alone and sources a
    // jump ties together interleave in the output.
    pages.extend(crate::harness::samples());
    pages.sort_by_key(|p| {
        crate::harness::file_name(p)
            .chars()
            .rev()
            .collect::<String>()
    });
    let mut dump = String::new();
    for p in &pages {
        let text = std::fs::read_to_string(p).unwrap();
        let id = crate::harness::file_name(p);
        dump.push_str(&serde_json::json!({"id": id, "text": text}).to_string());
        dump.push('\n');
    }
    let path = tmp.path().join("run.jsonl");
    std::fs::write(&path, &dump).unwrap();
    let path_s = path.to_string_lossy().into_owned();
    let (sources, errors) = reprint::input::read_jsonl(dump.as_bytes(), &path_s, "run", u64::MAX);
    assert!(errors.is_empty());
    let mut whole: Vec<Article> = articles(&sources, &CleanOptions::default())
        .into_iter()
        .flatten()
        .collect();
    whole.iter_mut().for_each(|a| a.map = None);
    assert!(
        whole.iter().any(|a| a.sources.is_some()),
        "the run must hold a jump across records"
    );
    for format in ["jsonl", "text"] {
        let out = reprint()
            .args(["split", "--input", "jsonl", "--format", format, &path_s])
            .output()
            .unwrap();
        assert!(out.status.success());
        let want = if format == "jsonl" {
            reprint::render::split::jsonl(&whole)
        } else {
            reprint::render::split::text(&whole)
        };
        assert_eq!(String::from_utf8(out.stdout).unwrap(), want, "{format}");
    }
}
