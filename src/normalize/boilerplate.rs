//! Web-scrape furniture: navigation words, source/timestamp lines, reading-time meta, snippet ellipses.

use super::tape::{is_han, lines, Atom, LineText, Tape};
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
    let re = patterns();
    let all = lines(&tape);
    let nav_block = leading_navigation_block(&all);
    let mut ranges = Vec::new();
    let mut offset = 0;
    let mut record = |kind: &str, line: &[Atom], s: usize, e: usize, base: usize| {
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
        ranges.push((base + s, base + e));
    };
    for (n, line) in all.iter().enumerate() {
        let lt = LineText::new(line);
        let trimmed = lt.text.trim();
        let whole = |kind| (kind, 0, line.len());
        let whole_line = if trimmed.is_empty() {
            None
        } else if n < nav_block || is_navigation(trimmed) {
            Some(whole("navigation"))
        } else if (trimmed.contains(['·', '•', '|']) && re.source_line.is_match(trimmed))
            || (trimmed.contains(['：', ':']) && re.meta_line.is_match(trimmed))
        {
            Some(whole("source_line"))
        } else {
            None
        };
        if let Some((kind, s, e)) = whole_line {
            record(kind, line, s, e, offset);
        } else {
            let mut taken = Vec::new();
            let reading = lt.text.contains("阅读时长");
            for m in re.reading_time.find_iter(&lt.text).filter(|_| reading) {
                taken.push(("reading_time", lt.char_at(m.start()), lt.char_at(m.end())));
            }
            if lt.text.contains('[') && latin_majority(line) {
                for m in re.citation.find_iter(&lt.text) {
                    taken.push(("citation", lt.char_at(m.start()), lt.char_at(m.end())));
                }
            }
            let ellipsis = lt.text.ends_with(['.', '…', '。']);
            if let Some(m) = re.truncation.find(&lt.text).filter(|_| ellipsis) {
                taken.push(("truncation", lt.char_at(m.start()), lt.char_at(m.end())));
                *truncated = true;
            }
            for (kind, s, e) in taken {
                record(kind, line, s, e, offset);
            }
        }
        offset += line.len() + 1;
    }
    removed.sort_by_key(|r| r.span);
    remove_ranges(tape, ranges)
}

fn is_navigation(line: &str) -> bool {
    // A char lowercases to one byte at least, so a line over 4x the longest word's bytes is none.
    let longest = NAVIGATION.iter().map(|w| w.len()).max().unwrap_or(0);
    if line.len() > 4 * longest {
        return false;
    }
    let lower = line.to_lowercase();
    NAVIGATION.contains(&lower.as_str())
}

/// Number of lines at the top that are navigation: everything up to the last
/// navigation word among the first few short lines (this takes the search box
/// query that sits between `Workflow` and `icon`).
fn leading_navigation_block(lines: &[&[Atom]]) -> usize {
    let mut end = 0;
    for (n, line) in lines.iter().enumerate().take(8) {
        let text: String = line.iter().map(|a| a.ch).collect();
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

fn latin_majority(line: &[Atom]) -> bool {
    let latin = line.iter().filter(|a| a.ch.is_ascii_alphabetic()).count();
    let han = line.iter().filter(|a| is_han(a.ch)).count();
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
