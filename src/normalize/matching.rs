//! The text `scan` folds a whole file or record from: the page without what cleaning takes out.
//!
//! A comparison key drops punctuation, spaces and Latin letters, so of the
//! cleaning rules only those that take text out change it: markup (digits
//! and Han text in tags, comments, styles and scripts), furniture and
//! boilerplate lines, jump markers. Those run here, on the raw text; a text
//! that holds none of their signs is folded as it is, without a tape.

use super::tape::{self, Tape};
use super::{boilerplate, markers, markup, unicode, CleanOptions, Rule, Stats};
use regex::Regex;
use std::sync::OnceLock;

/// Signs that one of the removing rules may find something. Over-eager by
/// design: a false sign costs a pass, a missed one would leave furniture in a key.
fn signs() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(concat!(
            r"<[A-Za-z!/?]|&#?[A-Za-z0-9]{2,8};|\]\(|\*\*|__|```|\||\{|://|www\.|(?m:^[ \t]*[#>\-*+] )|",
            r"[接转续回]\s*第?\s*[0-9A-Za-z一二三四五六七八九十〇零]{1,4}\s*[版页面]|",
            r"编辑|责编|校对|审核|监制|签发|来源|稿源|出处|发布|更新时间|浏览|阅读|点击|字号|字体|",
            r"原标题|消息|【|扫一扫|扫码|二维码|分享|专题|完[）)】]|纠错|打印|关闭|收藏|点赞|评论|举报|",
            r"版权|opyright|©|ICP|备案|许可证|免责|本网|首页|返回|登录|注册|上一篇|下一篇|",
            r"(?i:workflow|icon|search|menu|home|login|sign in|share)|[·•]|\[\d|",
            r"\s(?:\.{3,}|…{1,2}|。{3})\s*$|《[^》]{1,20}》\s*[（(]?\s*\d{4}"
        ))
        .expect("valid sign pattern")
    })
}

/// `text` (char `i` from source bytes `offsets[i]..offsets[i+1]`, or its own
/// UTF-8 when `offsets` is empty) with markup, furniture and jump markers
/// taken out; `None` when there was nothing to take.
pub fn strip(text: &str, offsets: &[u32], opts: &CleanOptions) -> Option<Tape> {
    if !signs().is_match(text) {
        return None;
    }
    let own;
    let offsets = if offsets.is_empty() {
        own = tape::utf8_offsets(text);
        &own
    } else {
        offsets
    };
    let mut stats = Stats::default();
    let (mut removed, mut found, mut truncated) = (Vec::new(), Vec::new(), false);
    let mut t = unicode::line_endings(tape::from_text(text, offsets), &mut stats);
    if opts.on(Rule::Markup) {
        t = markup::strip(t, opts.markup, &mut removed, &mut stats);
    }
    if opts.on(Rule::Boilerplate) {
        t = boilerplate::remove(t, &mut removed, &mut truncated, &mut stats);
    }
    if opts.on(Rule::Markers) {
        t = markers::remove(t, &mut found, &mut stats);
    }
    let entities = stats.0.get("entities").copied().unwrap_or(0);
    (!removed.is_empty() || !found.is_empty() || entities > 0).then_some(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_needs_no_pass_and_furniture_goes() {
        let opts = CleanOptions::default();
        assert!(strip("国家主席习近平致电。", &[], &opts).is_none());
        let t = strip("<p>国家主席习近平致电。</p>\n责任编辑：王一", &[], &opts).unwrap();
        assert_eq!(tape::to_string(&t).trim(), "国家主席习近平致电。");
        assert_eq!(t[0].start, 3, "spans point into the raw text");
    }
}
