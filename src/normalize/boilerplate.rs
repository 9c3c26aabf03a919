//! Web-scrape furniture: navigation words, source/timestamp lines, reading-time meta, snippet ellipses.

use super::furniture;
use super::tape::{is_han, lines, LineText, Tape};
use super::{remove_ranges, Stats};
use crate::model::Removal;
use regex::Regex;
use std::sync::OnceLock;

/// Lines that are only site navigation when they stand alone.
const NAVIGATION: &[&str] = &[
    "workflow",
    "icon",
    "search documents",
    "search",
    "menu",
    "home",
    "login",
    "sign in",
    "share",
    "首页",
    "返回顶部",
    "返回首页",
    "返回",
    "分享到",
    "分享",
    "登录",
    "注册",
    "打印",
    "打印本页",
    "关闭窗口",
    "【打印】",
    "【关闭】",
    "【关闭窗口】",
    "扫一扫",
    "微信扫一扫",
    "字号",
    "大 中 小",
    "上一篇",
    "下一篇",
    "收藏",
    "点赞",
    "评论",
    "举报",
    "往期回顾",
    "版面导航",
    "上一版",
    "下一版",
    "上一期",
    "下一期",
    "本版新闻",
    "返回目录",
    "前一天",
    "后一天",
    "网站地图",
    "联系我们",
    "关于我们",
    "设为首页",
    "加入收藏",
    "相关新闻",
    "相关阅读",
    "延伸阅读",
    "热点推荐",
    "猜你喜欢",
    "正文",
];

struct Patterns {
    source_line: Regex,
    meta_line: Regex,
    reading_time: Regex,
    truncation: Regex,
    citation: Regex,
}

fn patterns() -> &'static Patterns {
    static RE: OnceLock<Patterns> = OnceLock::new();
    RE.get_or_init(|| Patterns {
        // `第一财经· 2026-01-06 12:49`, `Yang Shi Xin Wen· 2025-12-27 18:59`
        source_line: Regex::new(
            r"^.{0,40}?[·•|]\s*\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$",
        )
        .unwrap(),
        // `来源：新华社`, and the date-stamped header `2025-06-09 08:30  来源：经济日报`.
        meta_line: Regex::new(
            r"^(?:\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*)?(?:来源|稿源|责任编辑|责编|发布时间|发布日期|更新时间|浏览次数|阅读量)\s*[:：].{0,40}$",
        )
        .unwrap(),
        // `2026.01. 06 本文字数:1025,阅读时长大约2分钟`
        reading_time: Regex::new(
            r"(?:\d{4}\s?[.\-/]\s?\d{1,2}\s?[.\-/]\s?\d{1,2}\s*)?(?:本文字数\s*[:：]\s*\d+\s*[,，]?\s*)?阅读时长(?:大约|约)?\s*\d+\s*分钟",
        )
        .unwrap(),
        truncation: Regex::new(r"\s+(?:\.{3,}|…{1,2}|。{3})$").unwrap(),
        citation: Regex::new(r"(?:\s*\[\d{1,3}\])+").unwrap(),
    })
}

/// Remove the furniture, recording each piece; sets `truncated` when a snippet ellipsis ends the text.
pub fn remove(
    tape: Tape,
    removed: &mut Vec<Removal>,
    truncated: &mut bool,
    stats: &mut Stats,
) -> Tape {
    let all = lines(&tape);
    let texts: Vec<LineText> = all.iter().map(|l| LineText::new(l)).collect();
    let nav_block = leading_navigation_block(texts.iter().map(|t| t.text.as_str()));
    let mut ranges = Vec::new();
    let mut offset = 0;
    for (n, (line, lt)) in all.iter().zip(&texts).enumerate() {
        let (taken, ellipsis) = decide(&lt.text, n < nav_block);
        *truncated |= ellipsis;
        for (kind, s, e) in taken {
            let (s, e) = (lt.char_at(s), lt.char_at(e));
            removed.push(Removal {
                kind: kind.to_string(),
                text: line[s..e]
                    .iter()
                    .map(|a| a.ch)
                    .collect::<String>()
                    .trim()
                    .to_string(),
                span: super::tape::span_of(&line[s..e]),
            });
            stats.add(kind, 1);
            ranges.push((offset + s, offset + e));
        }
        offset += line.len() + 1;
    }
    removed.sort_by_key(|r| r.span);
    remove_ranges(tape, ranges)
}

/// What the rule takes out of one line: `(kind, start, end)` byte ranges of
/// `text` (a whole line as `0..len`), and whether a snippet ellipsis ends it.
/// `navigation`: the line is in the page's leading navigation block. On
/// lines of the page as they are, so `scan` can use it without a tape.
pub fn decide(text: &str, navigation: bool) -> (Vec<(&'static str, usize, usize)>, bool) {
    let re = patterns();
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return (Vec::new(), false);
    }
    let whole = |kind| (vec![(kind, 0, text.len())], false);
    if navigation || is_navigation(trimmed) {
        return whole("navigation");
    }
    if !worth_deciding(trimmed) {
        return (Vec::new(), false);
    }
    let marks = furniture::Marks::of(trimmed);
    if let Some(kind) = furniture::line_marked(trimmed, marks) {
        return whole(kind);
    }
    if (marks.any(&['·', '•', '|']) && re.source_line.is_match(trimmed))
        || (marks.any(&['：', ':']) && re.meta_line.is_match(trimmed))
    {
        return whole("source_line");
    }
    let mut taken = Vec::new();
    if marks.any(&['阅']) && text.contains("阅读时长") {
        for m in re.reading_time.find_iter(text) {
            taken.push(("reading_time", m.start(), m.end()));
        }
    }
    if marks.any(&['[']) && latin_majority(text) {
        for m in re.citation.find_iter(text) {
            taken.push(("citation", m.start(), m.end()));
        }
    }
    taken.extend(furniture::parts(text, marks));
    let mut truncated = false;
    if text.ends_with(['.', '…', '。']) {
        if let Some(m) = re.truncation.find(text) {
            taken.push(("truncation", m.start(), m.end()));
            truncated = true;
        }
    }
    (taken, truncated)
}

/// Whether a line that is no navigation word may hold anything [`decide`]
/// takes: a short line that opens with a digit (a date), or a line holding
/// one of these literals, which every line the tests below take holds (a
/// test added there needs its literal here).
fn worth_deciding(line: &str) -> bool {
    static SIGNS: OnceLock<aho_corasick::AhoCorasick> = OnceLock::new();
    let signs = SIGNS.get_or_init(|| {
        let mut words: Vec<String> = [
            // Print-edition source lines, page labels, 原标题, topics.
            "版",
            "原标题",
            "专题",
            // Editor credits (whole lines and in brackets).
            "编辑",
            "责编",
            "校对",
            "审核",
            "审校",
            "监制",
            "主编",
            "编审",
            "终审",
            "初审",
            "复审",
            "签发",
            "美编",
            "排版",
            "统筹",
            "制作",
            "编导",
            // Copyright, spaced or not.
            "©",
            "opyright",
            "OPYRIGHT",
            "ights",
            "IGHTS",
            "未经",
            "ICP",
            "icp",
            "公网安备",
            "违法和不良",
            "许可证",
            "免责声明",
            "本网站",
            "凡本网",
            "版 权",
            "授 权",
            "许 可",
            "转 载",
            // Share bars, breadcrumbs and link bars.
            "分享",
            "扫一扫",
            "扫码",
            "扫描",
            "微信",
            "微博",
            "QQ",
            "朋友圈",
            "豆瓣",
            "人人网",
            "打印",
            "关闭",
            "收藏",
            "纠错",
            "字号",
            "字体",
            "点赞",
            "复制链接",
            "手机看",
            "推荐",
            "转发",
            "评论",
            "默认",
            "+1",
            "首页",
            "正文",
            "当前位置",
            "|",
            "｜",
            // Source lines, reading time, citations, leads, brackets, sign-offs, snippet ends.
            "·",
            "•",
            "浏览",
            "阅读",
            "[",
            "消息",
            "【",
            "完）",
            "完)",
            "完】",
            "完 ）",
            "完 )",
            "...",
            "…",
            "。。。",
        ]
        .iter()
        .map(|w| w.to_string())
        .collect();
        // Meta fields: a key and its colon.
        for key in [
            "来源",
            "稿源",
            "作者",
            "记者",
            "发布时间",
            "发布日期",
            "发表时间",
            "更新时间",
            "时间",
            "日期",
            "点击数",
            "点击量",
            "出处",
            "供稿",
        ] {
            for colon in ["：", ":", " ：", " :"] {
                words.push(format!("{key}{colon}"));
            }
        }
        // A DFA: one table step a byte, however many literals.
        aho_corasick::AhoCorasick::builder()
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(words)
            .expect("valid literals")
    });
    (line.len() <= 160 && line.starts_with(|c: char| c.is_ascii_digit())) || signs.is_match(line)
}

fn is_navigation(line: &str) -> bool {
    // The longest entry is 16 chars.
    if line.len() > 48 {
        return false;
    }
    static WORDS: std::sync::OnceLock<std::collections::HashSet<&str>> = std::sync::OnceLock::new();
    let words = WORDS.get_or_init(|| NAVIGATION.iter().copied().collect());
    if line.bytes().any(|b| b.is_ascii_uppercase()) {
        words.contains(line.to_lowercase().as_str())
    } else {
        words.contains(line)
    }
}

/// Number of lines at the top that are navigation: everything up to the last
/// navigation word among the first few short lines (this takes the search box
/// query that sits between `Workflow` and `icon`).
pub fn leading_navigation_block<'a>(lines: impl Iterator<Item = &'a str>) -> usize {
    let mut end = 0;
    for (n, text) in lines.enumerate().take(8) {
        let text = text.trim();
        if text.chars().count() > 20 || text.contains(['。', '，', ',']) {
            break;
        }
        if is_navigation(text) {
            end = n + 1;
        }
    }
    end
}

fn latin_majority(line: &str) -> bool {
    let latin = line.chars().filter(|c| c.is_ascii_alphabetic()).count();
    let han = line.chars().filter(|&c| is_han(c)).count();
    latin > han
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::tape::{from_text, to_string};

    fn run(s: &str) -> (String, Vec<Removal>, bool) {
        let offsets = crate::normalize::tape::utf8_offsets(s);
        let (mut removed, mut truncated) = (Vec::new(), false);
        let out = remove(
            from_text(s, &offsets),
            &mut removed,
            &mut truncated,
            &mut Stats::default(),
        );
        (to_string(&out), removed, truncated)
    }

    #[test]
    fn top_navigation_and_search_query_go() {
        let (out, removed, _) =
            run("Workflow\n普惠托育服务\nicon\nSearch documents\n国家卫健委:优化生育支持政策");
        assert_eq!(out.trim(), "国家卫健委:优化生育支持政策");
        assert_eq!(removed.len(), 4);
        assert!(removed.iter().all(|r| r.kind == "navigation"));
    }

    #[test]
    fn source_lines_and_reading_time_go() {
        let (out, removed, _) = run(
            "标题\n第一财经· 2026-01-06 12:49\n2026.01. 06 本文字数:1025,阅读时长大约2分钟 针对儿科服务",
        );
        assert_eq!(out, "标题\n\n 针对儿科服务");
        assert_eq!(removed[0].kind, "source_line");
        assert_eq!(removed[1].kind, "reading_time");
        assert_eq!(
            removed[1].text,
            "2026.01. 06 本文字数:1025,阅读时长大约2分钟"
        );
    }

    #[test]
    fn dated_source_header_goes() {
        let (out, removed, _) = run("2025-06-09 08:30  来源：经济日报\n正文第一段。");
        assert_eq!(out, "\n正文第一段。");
        assert_eq!(removed[0].kind, "source_line");
    }

    #[test]
    fn snippet_ellipsis_marks_truncation_but_chinese_ellipsis_stays() {
        let (out, _, truncated) = run("具体包括在基层医疗卫生机构儿科服 ...");
        assert_eq!(out, "具体包括在基层医疗卫生机构儿科服");
        assert!(truncated);
        let (out, _, truncated) = run("为扩大内需丰富高品质供给……");
        assert_eq!(out, "为扩大内需丰富高品质供给……");
        assert!(!truncated);
    }

    #[test]
    fn citations_only_in_english() {
        let (out, _, _) = run("Beijing has 41,000 childcare spots [1][2]");
        assert_eq!(out, "Beijing has 41,000 childcare spots");
        assert_eq!(run("见文献[1]的论述").0, "见文献[1]的论述");
    }
}
