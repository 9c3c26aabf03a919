//! Web and site furniture: navigation words, source/timestamp lines, reading-time meta, site furniture lines (see `furniture`), snippet ellipses.

use super::furniture::{self, Marks};
use super::tape::{is_han, lines, Tape};
use super::{remove_ranges, Stats};
use crate::model::{Removal, RemovalKind};
use regex::Regex;
use std::collections::VecDeque;
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

/// The patterns read through spaces between chars and count lengths in chars
/// other than spaces: the spaces rule removes some spaces later (`阅读时长大 约`,
/// `来 源`), and a line must not become furniture by that.
struct Patterns {
    source_line: Regex,
    meta_line: Regex,
    reading_time: Regex,
    truncation: Regex,
    citation: Regex,
}

/// `来源|责编` as `来\s*源|责\s*编`.
fn spaced(words: &str) -> String {
    let chars: Vec<String> = words.chars().map(String::from).collect();
    chars.join(r"\s*").replace(r"\s*|\s*", "|")
}

fn patterns() -> &'static Patterns {
    static RE: OnceLock<Patterns> = OnceLock::new();
    RE.get_or_init(|| {
        // Marks in either width: the punct rule settles them afterwards.
        let date = r"\d{4}\s*[-/.．年]\s*\d{1,2}\s*[-/.．月]\s*\d{1,2}\s*日?";
        let time = r"(?:\s+\d{1,2}\s*[:：]\s*\d{2}(?:\s*[:：]\s*\d{2})?)?";
        let meta = spaced("来源|稿源|责任编辑|责编|发布时间|发布日期|更新时间|浏览次数|阅读量");
        let (words, reading, about, minutes) = (
            spaced("本文字数"),
            spaced("阅读时长"),
            spaced("大约"),
            spaced("分钟"),
        );
        Patterns {
            // `第一财经· 2026-01-06 12:49`, `Yang Shi Xin Wen· 2025-12-27 18:59`
            source_line: Regex::new(&format!(r"^(?:\s*\S){{0,40}}?\s*[·•|]\s*{date}{time}$"))
                .unwrap(),
            // `来源：新华社`, and the date-stamped header `2025-06-09 08:30  来源：经济日报`.
            meta_line: Regex::new(&format!(
                r"^(?:{date}{time}\s*)?(?:{meta})\s*[:：](?:\s*\S){{0,40}}\s*$"
            ))
            .unwrap(),
            // `2026.01. 06 本文字数:1025,阅读时长大约2分钟`
            reading_time: Regex::new(&format!(
                r"(?:\d{{4}}\s*[.．\-/]\s*\d{{1,2}}\s*[.．\-/]\s*\d{{1,2}}\s*)?(?:{words}\s*[:：]\s*\d+\s*[,，]?\s*)?{reading}\s*(?:{about}|约)?\s*\d+\s*{minutes}"
            ))
            .unwrap(),
            truncation: Regex::new(r"\s+(?:\.{3,}|…{1,2}|。{3})\s*$").unwrap(),
            citation: Regex::new(r"(?:\s*\[\d{1,3}\])+").unwrap(),
        }
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
    // One buffer for the page, each line a slice of it: a String a line was 4 % of a clean.
    let page = super::tape::to_string(&tape);
    let mut texts: Vec<&str> = Vec::with_capacity(all.len());
    let mut at = 0;
    for line in &all {
        let len: usize = line.iter().map(|a| a.ch.len_utf8()).sum();
        texts.push(&page[at..at + len]);
        at += len + 1;
    }
    let nav_block = leading_navigation_block(texts.iter().copied());
    let mut ranges = Vec::new();
    let mut offset = 0;
    let mut decider = Decider::default();
    for (n, (line, text)) in all.iter().zip(&texts).enumerate() {
        let (taken, ellipsis) = decider.line(text, n < nav_block);
        *truncated |= ellipsis;
        for (kind, s, e) in taken {
            removed.push(Removal {
                kind,
                text: line[s..e]
                    .iter()
                    .map(|a| a.ch)
                    .collect::<String>()
                    .trim()
                    .to_string(),
                span: super::tape::span_of(&line[s..e]),
            });
            stats.add(kind.name(), 1);
            ranges.push((offset + s, offset + e));
        }
        offset += line.len() + 1;
    }
    removed.sort_by_key(|r| r.span);
    remove_ranges(tape, ranges)
}

/// Decides, line after line of one page, what the rule takes: a citation
/// mark is judged by the text kept before it, on its line or the ones
/// before, so the decider carries that text from line to line.
#[derive(Default)]
pub struct Decider {
    recent: Recent,
}

impl Decider {
    /// What the rule takes out of the next line: `(kind, start, end)` char
    /// ranges of `text` (a whole line as `0..chars`), and whether a snippet
    /// ellipsis ends it. `nav`: the line is in the page's leading navigation
    /// block. On lines of the page as they are, so `scan` can use it without a tape.
    pub fn line(&mut self, text: &str, nav: bool) -> (Vec<(RemovalKind, usize, usize)>, bool) {
        let re = patterns();
        let worth = worth_deciding(text.trim());
        if let Some(kind) = whole_if(text, nav, Some(worth)) {
            return (vec![(kind, 0, text.chars().count())], false);
        }
        if !worth {
            // Nothing goes: the line's end is the text kept last.
            let last: Vec<char> = text
                .chars()
                .rev()
                .filter(|&c| c != ' ')
                .take(RECENT)
                .collect();
            last.into_iter().rev().for_each(|c| self.recent.push(c));
            return (Vec::new(), false);
        }
        let chars: Vec<char> = text.chars().collect();
        // Byte offsets to chars, built only when something matched.
        let mut starts: Vec<usize> = Vec::new();
        let mut ci = |b: usize| {
            if starts.is_empty() {
                starts = text.char_indices().map(|(b, _)| b).collect();
            }
            starts.partition_point(|&x| x < b)
        };
        let mut taken: Vec<(RemovalKind, usize, usize)> = Vec::new();
        if text.contains('阅') {
            for m in re.reading_time.find_iter(text) {
                taken.push((RemovalKind::ReadingTime, ci(m.start()), ci(m.end())));
            }
        }
        // A long line is no furniture line: its marks would cost a pass for nothing.
        let marks = (text.len() <= 3 * furniture::MAX_CHARS).then(|| Marks::of(text));
        for (kind, s, e) in furniture::parts(text, marks) {
            taken.push((kind, ci(s), ci(e)));
        }
        taken.sort_by_key(|t| (t.1, t.2));
        // Disjoint: a part inside another goes with it.
        taken.dedup_by(|b, a| b.1 < a.2);
        if text.contains('[') {
            // Each mark judged by the text kept before it, on this line or the ones before.
            let mut seen = self.recent.clone();
            let (others, mut r, mut at) = (taken.len(), 0, 0);
            for m in re.citation.find_iter(text) {
                let (s, e) = (ci(m.start()), ci(m.end()));
                if taken[..others].iter().any(|t| s < t.2 && t.1 < e) {
                    continue;
                }
                for (i, &c) in chars.iter().enumerate().take(s).skip(at) {
                    while r < others && taken[r].2 <= i {
                        r += 1;
                    }
                    if r == others || i < taken[r].1 {
                        seen.push(c);
                    }
                }
                at = s;
                if seen.latin() {
                    taken.push((RemovalKind::Citation, s, e));
                    at = e;
                }
            }
            taken.sort_by_key(|t| t.1);
        }
        // What is left once those go: an ellipsis may end it now, or it may be
        // furniture, as the cleaned line will be when it is cleaned again.
        let cut = snippet_end(&chars, &taken);
        let end = cut.map_or(chars.len(), |c| c.0);
        let now_furniture = if !taken.is_empty() || cut.is_some() {
            short_rest(&chars, &taken, end).and_then(|rest| whole(&rest, false))
        } else {
            None
        };
        if let Some(kind) = now_furniture {
            return (vec![(kind, 0, chars.len())], false);
        }
        let last: Vec<char> = kept_rev(&chars, &taken, end)
            .map(|(_, c)| c)
            .filter(|&c| c != ' ')
            .take(RECENT)
            .collect();
        last.into_iter().rev().for_each(|c| self.recent.push(c));
        let mut truncated = false;
        if let Some((s, e)) = cut {
            taken.push((RemovalKind::Truncation, s, e));
            truncated = true;
        }
        (taken, truncated)
    }
}

/// The kind of furniture a whole line is (`nav`: it is in the navigation block at the top).
fn whole(text: &str, nav: bool) -> Option<RemovalKind> {
    whole_if(text, nav, None)
}

/// [`whole`] with [`worth_deciding`] of the trimmed line known, when it is.
fn whole_if(text: &str, nav: bool, worth: Option<bool>) -> Option<RemovalKind> {
    let re = patterns();
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return None;
    }
    if nav || is_navigation(trimmed) {
        return Some(RemovalKind::Navigation);
    }
    // No whole-line pattern allows more than 200 chars, spaces aside.
    let long = trimmed.len() > 4 * 3 * furniture::MAX_CHARS;
    if long || !worth.unwrap_or_else(|| worth_deciding(trimmed)) {
        return None;
    }
    let marks = Marks::of(trimmed);
    if let Some(kind) = furniture::line_marked(trimmed, marks) {
        return Some(kind);
    }
    let source = marks.any(&['·', '•', '|']) && re.source_line.is_match(trimmed);
    (source || (marks.any(&['：', ':']) && re.meta_line.is_match(trimmed)))
        .then_some(RemovalKind::SourceLine)
}

/// The chars of `line[..end]` outside the `taken` ranges (sorted, disjoint), last first.
fn kept_rev<'a>(
    line: &'a [char],
    taken: &'a [(RemovalKind, usize, usize)],
    end: usize,
) -> impl Iterator<Item = (usize, char)> + 'a {
    let mut k = taken.len();
    (0..end).rev().filter_map(move |i| {
        while k > 0 && taken[k - 1].1 > i {
            k -= 1;
        }
        (k == 0 || i >= taken[k - 1].2).then(|| (i, line[i]))
    })
}

/// Where a snippet ellipsis ends the line once `taken` is out, as a range of the line.
fn snippet_end(line: &[char], taken: &[(RemovalKind, usize, usize)]) -> Option<(usize, usize)> {
    // Only the end can match: spaces, the dots, the spaces before them, one char more.
    let (mut tail, mut phase) = (Vec::new(), 0);
    for (i, c) in kept_rev(line, taken, line.len()) {
        let (space, dot) = (c.is_whitespace(), matches!(c, '.' | '…' | '。'));
        phase = match (phase, space, dot) {
            (0, true, _) => 0,
            (0 | 1, false, true) => 1,
            (1 | 2, true, _) => 2,
            _ => 3,
        };
        tail.push((i, c));
        if phase == 3 {
            break;
        }
    }
    tail.reverse();
    let text: String = tail.iter().map(|t| t.1).collect();
    let m = patterns().truncation.find(&text)?;
    let first = text[..m.start()].chars().count();
    Some((tail[first].0, tail[tail.len() - 1].0 + 1))
}

/// What is left of `line[..end]` without the `taken` ranges, when it is short
/// enough to be furniture (no pattern allows 200 chars).
fn short_rest(line: &[char], taken: &[(RemovalKind, usize, usize)], end: usize) -> Option<String> {
    let long = kept_rev(line, taken, end)
        .filter(|&(_, c)| c != ' ')
        .nth(200)
        .is_some();
    let mut rest: Vec<char> =
        (!long).then(|| kept_rev(line, taken, end).map(|(_, c)| c).collect())?;
    rest.reverse();
    Some(rest.into_iter().collect())
}

/// Whether a line that is no navigation word may hold anything the rule
/// takes: a short one (a share bar), a short line that opens with a digit
/// (a date), a letter-spaced line, or a line holding one of these literals,
/// which every other line the tests take holds (a test added needs its
/// literal here).
fn worth_deciding(line: &str) -> bool {
    static SIGNS: OnceLock<aho_corasick::AhoCorasick> = OnceLock::new();
    let signs = SIGNS.get_or_init(|| {
        // Words common in prose are here only with what furniture puts after them.
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
            "编导",
            "制作：",
            "制作:",
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
            // Share bars (a short one is always looked at), breadcrumbs and link bars.
            "分享",
            "扫一扫",
            "扫码",
            "扫描",
            "二维码",
            "微信",
            "微博",
            "QQ",
            "朋友圈",
            "纠错",
            "字号",
            "字体",
            "首页",
            "正文",
            "当前位置",
            "|",
            "｜",
            // Source lines, reading time, citations, leads, brackets, sign-offs, snippet ends.
            "·",
            "•",
            "浏览次数",
            "浏览量",
            "阅读时长",
            "阅读量",
            "阅 读",
            "[",
            "消息：",
            "消息:",
            "消息（",
            "消息(",
            "消息 ",
            "【",
            "完）",
            "完)",
            "完】",
            "完 ）",
            "完 )",
            " ...",
            " …",
            " 。。。",
            "\u{3000}…",
            "\u{3000}...",
            "\u{a0}…",
            "\u{a0}...",
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
        // A key spaced out of the literals (`来 源：`, `阅 读 量:`) still ends in its last char and a colon.
        for last in ["源", "编", "辑", "间", "期", "数", "量"] {
            for colon in ["：", ":", " ：", " :"] {
                words.push(format!("{last}{colon}"));
            }
        }
        // A DFA: one table step a byte, however many literals.
        aho_corasick::AhoCorasick::builder()
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(words)
            .expect("valid literals")
    });
    // Letter-spaced, a line may hide its literals (`来 源：`); a colon may end a spaced key.
    let spaced = memchr::memchr_iter(b' ', line.as_bytes()).count() * 5 >= line.len();
    line.len() <= 36
        || (line.len() <= 160 && line.starts_with(|c: char| c.is_ascii_digit()))
        || spaced
        || signs.is_match(line)
}

fn is_navigation(line: &str) -> bool {
    // The longest entry is 16 chars.
    if line.len() > 48 {
        return false;
    }
    static WORDS: OnceLock<std::collections::HashSet<&str>> = OnceLock::new();
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

/// The last chars of the text kept so far, spaces left out: a citation mark
/// goes when they are mostly Latin (an English summary), whatever the lines
/// (a line join later must not change the verdict).
#[derive(Clone, Default)]
struct Recent(VecDeque<char>);

const RECENT: usize = 20;

impl Recent {
    fn push(&mut self, c: char) {
        if c != ' ' {
            if self.0.len() == RECENT {
                self.0.pop_front();
            }
            self.0.push_back(c);
        }
    }

    fn latin(&self) -> bool {
        let latin = self.0.iter().filter(|c| c.is_ascii_alphabetic()).count();
        latin > self.0.iter().filter(|&&c| is_han(c)).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::tape::{from_text, to_string};

    fn run(s: &str) -> (String, Vec<Removal>, bool) {
        let offsets = crate::model::utf8_offsets(s, 0);
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
    fn a_line_is_furniture_once_what_it_holds_inside_goes() {
        for (input, kind) in [
            ("首页 ...", "navigation"),
            ("Home [1]", "navigation"),
            (
                "第一财经· 2026-01-06 12:49本文字数:1025,阅读时长大约2分钟 ",
                "source_line",
            ),
        ] {
            let (out, removed, truncated) = run(input);
            assert_eq!(out, "", "{input}");
            assert_eq!(removed.len(), 1, "{input}");
            assert_eq!(removed[0].kind, kind, "{input}");
            assert!(!truncated);
        }
        let (out, _, truncated) = run("具体包括在基层医疗卫生机构儿科服 ...  ");
        assert_eq!(out, "具体包括在基层医疗卫生机构儿科服");
        assert!(truncated);
    }

    #[test]
    fn spaces_do_not_hide_furniture() {
        assert_eq!(run("来 源：新华社").1[0].kind, "source_line");
        assert_eq!(run("本文字数:1025,阅读时长大 约2分钟").0, "");
        // 40 chars after `来源：` not counting spaces.
        let long = format!("来源：{}", "的 ".repeat(40));
        assert_eq!(run(&long).0, "");
        assert_eq!(run(&format!("来源：{}", "的".repeat(41))).1.len(), 0);
    }

    #[test]
    fn a_citation_is_judged_by_the_text_before_it_over_lines() {
        assert_eq!(
            run("Beijing has 41,000 childcare spots\n[1][2]").0,
            "Beijing has 41,000 childcare spots\n"
        );
        assert_eq!(run("见文献\n[1]的论述").0, "见文献\n[1]的论述");
    }

    #[test]
    fn citations_only_in_english() {
        let (out, _, _) = run("Beijing has 41,000 childcare spots [1][2]");
        assert_eq!(out, "Beijing has 41,000 childcare spots");
        assert_eq!(run("见文献[1]的论述").0, "见文献[1]的论述");
    }
}
