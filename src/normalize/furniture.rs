//! Site furniture of Chinese news pages: print-edition source lines, broadcast leads, editor credits, share bars, sign-offs, copyright.
//!
//! Each find names its kind (`source_line`, `lead`, `original_title`,
//! `editor`, `share`, `sign_off`, `copyright`) and is either a whole line or
//! a part of one (a lead before the first sentence, `（责任编辑：王一）`
//! after the last). Datelines that carry a place and a date are not
//! furniture: `credits` records them and they stay.

use crate::model::RemovalKind;
use regex::Regex;
use std::sync::OnceLock;

struct Patterns {
    /// Every part [`parts`] takes, as one automaton: a line without any costs one scan.
    inline: Regex,
    print_source: Regex,
    meta_fields: Regex,
    original_title: Regex,
    editor_line: Regex,
    topic: Regex,
    copyright: Regex,
    page_date: Regex,
    page_label: Regex,
}

/// `央视网消息（新闻联播）：`, `央广网消息：`, `【环球网报道 记者 张三】`: a lead before the story.
const LEAD: &str = r"^(?:\p{Han}{1,10}(?:网|台|社|报|客户端|新闻|之声|频道|广播)消息\s*(?:[（(][^）)]{1,20}[）)])?\s*[:：]|【\p{Han}{2,10}(?:综合)?(?:报道|消息|讯)(?:\s*记者\s*[^】]{1,20})?】)\s*";

const EDITOR_ROLES: &str = r"(?:责任编辑|责编|编辑|校对|审核|审校|值班编辑|监制|主编|编审|终审|初审|复审|签发|实习编辑|美编|排版|统筹|制作|编导)";

fn patterns() -> &'static Patterns {
    static RE: OnceLock<Patterns> = OnceLock::new();
    RE.get_or_init(|| Patterns {
        inline: Regex::new(&format!(
            r"(?P<lead>{LEAD})|(?P<editor>[【\[（(]\s*{EDITOR_ROLES}\s*[:：]\s*[^】\]）)]{{1,40}}[】\]）)])|(?P<share>【(?:纠错|打印|关闭|关闭窗口)】)|(?P<sign_off>[（(【]\s*完\s*[）)】]\s*$)"
        ))
        .unwrap(),
        // `《经济日报》（2025年03月08日 第05版）`, `《 人民日报 》（ 2025年06月12日 第 01 版）`,
        // `来源：《人民日报》2025年6月12日第4版`, `人民日报 2025-06-12 第01版`
        print_source: Regex::new(
            r"^(?:(?:本文)?(?:来源|来自|转载|摘编|刊)(?:于|自)?\s*[:：]?\s*)?《?\s*\p{Han}{2,12}\s*》?\s*[（(]?\s*\d{4}\s*[年\-/.]\s*\d{1,2}\s*[月\-/.]\s*\d{1,2}\s*日?\s*(?:第?\s*[A-Z]?\s*\d{1,3}\s*版(?:\s*[:：]?\s*\p{Han}{0,8})?)?\s*[）)]?$",
        )
        .unwrap(),
        // `来源：新华社 作者：张三 发布时间：2025-06-11`, `发布时间：2025-06-11 10:30 来源：新华网`
        meta_fields: Regex::new(
            r"(?:来源|稿源|作者|记者|编辑|责任编辑|责编|发布时间|发布日期|发表时间|更新时间|时间|日期|浏览次数|浏览量|阅读量|阅读数|点击数|点击量|字号|字体|出处|供稿|分享到)\s*[:：]",
        )
        .unwrap(),
        original_title: Regex::new(r"^原标题\s*[:：]\s*\S.{0,100}$").unwrap(),
        // `责任编辑：王一`, `【责任编辑：王一】`, `（编辑：王一 校对：李二）`, `责编|张三`
        editor_line: Regex::new(&format!(
            r"^[【\[（(]?\s*{EDITOR_ROLES}\s*[:：|｜]\s*[^。！？]{{1,60}}?[】\]）)]?$"
        ))
        .unwrap(),
        topic: Regex::new(r"^(?:点击)?进入专题\s*[:：>》]*.{0,40}$").unwrap(),
        copyright: Regex::new(
            r"(?i)版权所有|copyright|©|all rights reserved|未经.{0,12}(?:许可|授权|同意).{0,12}(?:不得|禁止|严禁)|ICP备|ICP证|公网安备|违法和不良信息举报|视听节目许可证|新闻信息服务许可证|免责声明|本网站所刊载|凡本网注明|版权归.{1,12}所有",
        )
        .unwrap(),
        // A date (and time, weekday) alone: `2023年02月07日 星期二`, `2023-02-06 20:15:32`
        page_date: Regex::new(
            r"^\d{4}\s*[年\-/.]\s*\d{1,2}\s*[月\-/.]\s*\d{1,2}\s*日?\s*(?:\d{1,2}:\d{2}(?::\d{2})?)?\s*(?:星期[一二三四五六日天]|周[一二三四五六日])?$",
        )
        .unwrap(),
        // A print edition's page label: `第01版：要闻`, `A2版：国际`
        page_label: Regex::new(r"^第?\s*[A-Z]?\d{1,3}\s*版\s*[:：]?\s*\p{Han}{0,10}$").unwrap(),
    })
}

/// Words that make up a share bar, a print/close bar or a font-size switch.
const SHARE_WORDS: &[&str] = &[
    "分享到",
    "分享至",
    "分享",
    "扫一扫在手机打开当前页",
    "扫一扫在手机上打开当前页",
    "扫一扫",
    "扫码",
    "扫描二维码",
    "微信扫一扫",
    "用微信扫码二维码",
    "分享至好友和朋友圈",
    "微信",
    "微博",
    "新浪微博",
    "腾讯微博",
    "QQ空间",
    "QQ好友",
    "QQ",
    "朋友圈",
    "豆瓣",
    "人人网",
    "打印",
    "关闭",
    "关闭窗口",
    "打印本页",
    "收藏",
    "纠错",
    "【纠错】",
    "【打印】",
    "【关闭】",
    "【关闭窗口】",
    "字号",
    "字体",
    "大",
    "中",
    "小",
    "默认",
    "点赞",
    "复制链接",
    "手机看",
    "推荐",
    "转发",
    "评论",
    "+1",
    "【字体",
    "大】",
    "【字号",
    "小】",
];

/// A whole line of furniture: its kind.
#[cfg(test)]
pub fn line(t: &str) -> Option<RemovalKind> {
    let t = t.trim();
    line_marked(t, Marks::of(t))
}

/// [`line`] of a trimmed line whose [`Marks`] are known.
pub fn line_marked(t: &str, marks: Marks) -> Option<RemovalKind> {
    // Every whole line of furniture is short: a paragraph of prose costs one length test.
    if t.is_empty() || marks.chars > MAX_CHARS {
        return None;
    }
    if let Some(kind) = line_compact(t, marks) {
        return Some(kind);
    }
    // As the spaces rule will leave it (`人 民 网 版 权 所 有`, `责任 编辑：王一`): a
    // line must not turn furniture when cleaned again.
    if marks.any(&[' ']) {
        let chars: Vec<char> = t.chars().collect();
        let compact: String = (0..chars.len())
            .filter(|&i| {
                let wide = |j: Option<&char>| j.is_some_and(|c| !c.is_ascii());
                chars[i] != ' '
                    || !(wide(i.checked_sub(1).and_then(|j| chars.get(j)))
                        || wide(chars.get(i + 1)))
            })
            .map(|i| chars[i])
            .collect();
        if compact.len() < t.len() {
            return line_compact(&compact, Marks::of(&compact));
        }
    }
    None
}

/// Chars of the longest furniture line (a copyright notice).
pub const MAX_CHARS: usize = 200;

fn line_compact(t: &str, marks: Marks) -> Option<RemovalKind> {
    let re = patterns();
    let chars = marks.chars;
    let ends_sentence = t.ends_with(['。', '！', '？']);
    let first = t.chars().next().unwrap_or(' ');
    // Each test is gated by what its lines must hold, so prose costs a few char tests.
    let print = chars <= 80 && marks.any(&['版']);
    if print && marks.any(&['《', '》', '年', '-', '/']) && re.print_source.is_match(t) {
        return Some(RemovalKind::SourceLine);
    }
    if t.starts_with("原标题") && re.original_title.is_match(t) {
        return Some(RemovalKind::OriginalTitle);
    }
    let role_start = matches!(
        first,
        '【' | '['
            | '（'
            | '('
            | '责'
            | '编'
            | '校'
            | '审'
            | '监'
            | '主'
            | '终'
            | '初'
            | '复'
            | '签'
            | '实'
            | '美'
            | '排'
            | '统'
            | '制'
            | '值'
    );
    if chars <= 80 && role_start && re.editor_line.is_match(t) {
        return Some(RemovalKind::Editor);
    }
    let field_start = first.is_ascii_digit()
        || matches!(
            first,
            '来' | '稿'
                | '作'
                | '记'
                | '编'
                | '责'
                | '发'
                | '更'
                | '时'
                | '日'
                | '浏'
                | '阅'
                | '点'
                | '字'
                | '出'
                | '供'
                | '分'
        );
    if chars <= 160 && !ends_sentence && field_start && marks.any(&[':', '：']) {
        let fields = re.meta_fields.find_iter(t).count();
        let at = re.meta_fields.find(t).map(|m| m.start());
        if fields >= 2 && (at == Some(0) || first.is_ascii_digit()) {
            return Some(RemovalKind::SourceLine);
        }
    }
    if chars <= 60 && share_bar(t) {
        return Some(RemovalKind::Share);
    }
    if chars <= 60 && marks.any(&['专']) && re.topic.is_match(t) {
        return Some(RemovalKind::Share);
    }
    if chars <= MAX_CHARS
        && !ends_sentence
        && marks.any(&[
            '版', '©', '未', '免', '凡', '违', '证', '备', 'C', 'c', 'R', 'r',
        ])
        && re.copyright.is_match(t)
    {
        return Some(RemovalKind::Copyright);
    }
    if chars <= 40 && first.is_ascii_digit() && re.page_date.is_match(t) {
        return Some(RemovalKind::SourceLine);
    }
    if chars <= 16 && print && re.page_label.is_match(t) {
        return Some(RemovalKind::Navigation);
    }
    let crumbs = (t.starts_with("首页")
        || t.starts_with("网站首页")
        || t.starts_with("当前位置")
        || t.ends_with("正文"))
        && marks.any(&['>', '»', '›', '＞', '/']);
    if !ends_sentence && ((marks.any(&['|', '｜']) && link_bar(t)) || (crumbs && breadcrumb(t))) {
        return Some(RemovalKind::Navigation);
    }
    None
}

/// `人民日报社概况 | 关于人民网 | 报社招聘 | …`: five or more short items between bars.
fn link_bar(t: &str) -> bool {
    let items: Vec<&str> = t.split(['|', '｜']).map(str::trim).collect();
    items.len() >= 5
        && items
            .iter()
            .all(|i| i.chars().count() <= 10 && !i.contains(['，', '。']))
}

/// `当前位置：首页 > 国际 > 正文`, `首页 » 新闻`.
fn breadcrumb(t: &str) -> bool {
    let body = t
        .strip_prefix("当前位置")
        .map(|r| r.trim_start_matches([':', '：', ' ']))
        .unwrap_or(t);
    let items: Vec<&str> = body
        .split(['>', '»', '›', '＞', '/'])
        .map(str::trim)
        .collect();
    (2..=8).contains(&items.len())
        && items.iter().all(|i| i.chars().count() <= 12)
        && (items[0] == "首页" || items[0] == "网站首页" || items.last() == Some(&"正文"))
}

/// The chars the furniture tests look for that a line holds, and its length
/// in chars, from one pass over it: every test on a line of prose is then a
/// bit test, not a search.
#[derive(Debug, Clone, Copy, Default)]
pub struct Marks {
    bits: u64,
    pub chars: usize,
}

/// The bit [`Marks`] keeps for `c`, for the chars the tests look for.
fn bit(c: char) -> Option<u32> {
    Some(match c {
        '版' => 0,
        '《' => 1,
        '》' => 2,
        '年' => 3,
        '-' => 4,
        '/' => 5,
        ':' => 6,
        '：' => 7,
        '|' => 8,
        '｜' => 9,
        '>' => 10,
        '»' => 11,
        '›' => 12,
        '＞' => 13,
        '【' => 14,
        '[' => 15,
        '（' => 16,
        '(' => 17,
        '©' => 18,
        '未' => 19,
        '免' => 20,
        '凡' => 21,
        '违' => 22,
        '证' => 23,
        '备' => 24,
        'C' => 25,
        'c' => 26,
        'R' => 27,
        'r' => 28,
        '消' => 29,
        '专' => 30,
        '阅' => 31,
        '·' => 32,
        '•' => 33,
        '完' => 34,
        '，' => 35,
        '。' => 36,
        ',' => 37,
        ' ' => 38,
        '息' => 39,
        _ => return None,
    })
}

impl Marks {
    pub fn of(t: &str) -> Marks {
        let mut m = Marks::default();
        for c in t.chars() {
            m.chars += 1;
            if let Some(k) = bit(c) {
                m.bits |= 1 << k;
            }
        }
        m
    }

    /// Whether the line holds any of `chars` (each one [`bit`] tracks).
    pub fn any(self, chars: &[char]) -> bool {
        chars.iter().any(|&c| {
            let k = bit(c);
            debug_assert!(k.is_some(), "{c} is not tracked");
            k.is_some_and(|k| self.bits & (1 << k) != 0)
        })
    }
}

/// Whether every word of `t` is a share-bar word.
fn share_bar(t: &str) -> bool {
    // Every share word starts with one of these.
    if !t.starts_with(|c: char| "分扫微用新腾Q朋豆人打关收纠【字大中小默点复手推转评+".contains(c))
    {
        return false;
    }
    let words: Vec<&str> = t
        .split(|c: char| c.is_whitespace() || "|｜/、,，:：·•".contains(c))
        .filter(|w| !w.is_empty())
        .collect();
    !words.is_empty()
        && words.iter().all(|w| SHARE_WORDS.contains(w))
        // One word that is also prose (`推荐`, `评论`) is no bar.
        && (words.len() >= 2 || w_is_bar(words[0]))
}

fn w_is_bar(w: &str) -> bool {
    !matches!(
        w,
        "大" | "中"
            | "小"
            | "默认"
            | "推荐"
            | "评论"
            | "转发"
            | "微信"
            | "微博"
            | "QQ"
            | "关闭"
            | "收藏"
    )
}

/// Furniture inside a line that is otherwise text: `(kind, start, end)` byte ranges.
/// `marks` of a short line gate the search (each part opens with a bracket, or is a lead `…消息：`).
pub fn parts(t: &str, marks: Option<Marks>) -> Vec<(RemovalKind, usize, usize)> {
    let re = patterns();
    let mut out = Vec::new();
    if marks.is_some_and(|m| !m.any(&['【', '[', '（', '(', '息'])) || !re.inline.is_match(t) {
        return out;
    }
    for caps in re.inline.captures_iter(t) {
        for (name, kind) in [
            ("lead", RemovalKind::Lead),
            ("editor", RemovalKind::Editor),
            ("share", RemovalKind::Share),
            ("sign_off", RemovalKind::SignOff),
        ] {
            if let Some(m) = caps.name(name) {
                out.push((kind, m.start(), m.end()));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_lines() {
        for (t, kind) in [
            ("《经济日报》（2025年03月08日 第05版）", "source_line"),
            ("《 人民日报 》（ 2025年06月12日 第 01 版）", "source_line"),
            ("来源：《人民日报》2025年6月12日第4版", "source_line"),
            ("人民日报 2025-06-12 第01版", "source_line"),
            ("原标题：国家主席习近平致慰问电", "original_title"),
            (
                "来源：新华社 作者：张三 发布时间：2025-06-11 10:30",
                "source_line",
            ),
            ("发布时间：2025-06-11 来源：新华网", "source_line"),
            ("【责任编辑：王一】", "editor"),
            ("（责任编辑：王一）", "editor"),
            ("责任编辑：王一 校对：李二", "editor"),
            ("扫一扫在手机打开当前页", "share"),
            ("分享到：", "share"),
            ("分享到： 微信 微博 QQ空间", "share"),
            ("【纠错】", "share"),
            ("点击进入专题", "share"),
            ("点击进入专题：2025全国两会", "share"),
            (
                "Copyright © 2000-2025 XINHUANET.com All Rights Reserved.",
                "copyright",
            ),
            ("版权所有 新华网 未经许可不得转载", "copyright"),
            ("京ICP备12345678号", "copyright"),
            (
                "人 民 网 版 权 所 有 ，未 经 书 面 授 权 禁 止 使 用",
                "copyright",
            ),
            ("2023年02月07日 星期二", "source_line"),
            ("2023-02-06 20:15:32", "source_line"),
            ("第01版：要闻", "navigation"),
            (
                "人民日报社概况 | 关于人民网 | 报社招聘 | 广告服务 | 联系我们",
                "navigation",
            ),
            ("当前位置：首页 > 国际 > 正文", "navigation"),
            ("首页 > 国际", "navigation"),
        ] {
            assert_eq!(line(t).map(RemovalKind::name), Some(kind), "{t}");
        }
    }

    #[test]
    fn prose_and_datelines_are_not_furniture() {
        for t in [
            "新华社北京6月11日电",
            "国家主席习近平11日就土耳其发生强烈地震向土耳其总统致慰问电。",
            "记者 张三",
            "编辑部的同志们认真学习了会议精神，并表示要把会议精神落到实处。",
            "大",
            "推荐",
            "他说，版权所有者的权益应当得到保护。",
            "时间就是生命，效率就是金钱。",
        ] {
            assert_eq!(line(t), None, "{t}");
        }
    }

    #[test]
    fn parts_of_lines() {
        let t = "央视网消息（新闻联播）：国家主席习近平致电。";
        assert_eq!(
            parts(t, Some(Marks::of(t))),
            [(RemovalKind::Lead, 0, "央视网消息（新闻联播）：".len())]
        );
        let t = "会议强调要落实。（责任编辑：王一）";
        let p = parts(t, Some(Marks::of(t)));
        assert_eq!(&t[p[0].1..p[0].2], "（责任编辑：王一）");
        let t = "双方将加强合作。（完）";
        let p = parts(t, Some(Marks::of(t)));
        assert_eq!((p[0].0.name(), &t[p[0].1..p[0].2]), ("sign_off", "（完）"));
        let t = "正文【纠错】";
        assert_eq!(parts(t, Some(Marks::of(t)))[0].0, "share");
        let t = "完成任务。完善制度。";
        assert!(parts(t, Some(Marks::of(t))).is_empty());
    }
}
