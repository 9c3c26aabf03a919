//! A cleaned page as paragraphs, each classified (headline, subtitle, credit, body) and tied to its jump markers.

use crate::model::{Cleaned, Direction, RemovalKind, Span};
use crate::normalize::credits;
use crate::normalize::lines::{byline_line, fragment, heading_like, open_end};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A short line that does not end a sentence: headline, kicker or section heading.
    Heading,
    /// A `——` line under a headline.
    Subtitle,
    /// A standalone credit: `新华社记者 叶书宏`, `新华社发（宋博制图）`.
    Byline,
    /// A standalone dateline: `新华社北京6月9日电`, `（新华社北京4月2日电）`.
    Dateline,
    /// A standalone date: `2026年4月3日`, `（2025年3月2日）`.
    Date,
    Body,
}

#[derive(Debug, Clone)]
pub struct Para {
    pub chars: Vec<char>,
    pub map: Vec<Span>,
    pub kind: Kind,
    /// Preceded by `（上接第X版）`.
    pub continued_from: Option<String>,
    /// Followed by `（下转第X版）`.
    pub continues_to: Option<String>,
    /// Followed by a removed snippet ellipsis.
    pub truncated: bool,
    /// Followed by a removed `source· date` line: the title of a search-result item.
    pub item_title: bool,
    /// Source lines it was printed on.
    pub lines: usize,
    /// Line breaks in the source between the paragraph above and this one (1: the next line).
    pub gap: usize,
}

impl Para {
    pub fn text(&self) -> String {
        self.chars.iter().collect()
    }

    pub fn start(&self) -> u32 {
        self.map.first().map_or(0, |s| s[0])
    }

    pub fn end(&self) -> u32 {
        self.map.last().map_or(0, |s| s[1])
    }

    /// Ends mid-sentence (and nothing says where it goes on).
    pub fn open(&self) -> bool {
        self.kind == Kind::Body
            && open_end(&self.chars)
            && !self.truncated
            && self.continues_to.is_none()
            && !self.latin()
    }

    /// Mostly Latin letters (an English summary): its sentence ends are not judged here.
    fn latin(&self) -> bool {
        let latin = self
            .chars
            .iter()
            .filter(|c| c.is_ascii_alphabetic())
            .count();
        latin
            > self
                .chars
                .iter()
                .filter(|&&c| crate::normalize::tape::is_han(c))
                .count()
    }

    /// A lone sentence tail such as `举措。`: it cannot stand on its own.
    pub fn fragment(&self) -> bool {
        self.kind == Kind::Body && fragment(&self.chars)
    }

    /// A numbered section heading: `一、…`, `（三）…`, `1.…`.
    pub fn enumerated(&self) -> bool {
        let c = &self.chars;
        let numeral = |ch: &char| "一二三四五六七八九十".contains(*ch) || ch.is_ascii_digit();
        let n = c.iter().take_while(|ch| numeral(ch)).count();
        if n > 0 && n <= 3 && matches!(c.get(n), Some('、' | '.' | '．')) {
            return true;
        }
        if matches!(c.first(), Some('（' | '(')) {
            let n = c[1..].iter().take_while(|ch| numeral(ch)).count();
            return n > 0 && n <= 3 && matches!(c.get(n + 1), Some('）' | ')'));
        }
        // 第一章 / 第二部分 / 第三条, not 第一次…
        let n = c.iter().skip(1).take_while(|ch| numeral(ch)).count();
        c.first() == Some(&'第')
            && n > 0
            && matches!(
                c.get(n + 1),
                Some('章' | '节' | '部' | '条' | '、' | '，' | '是')
            )
    }
}

fn is_date(s: &str) -> bool {
    let inner = s
        .trim_start_matches(['（', '('])
        .trim_end_matches(['）', ')']);
    let Some((year, rest)) = inner.split_once('年') else {
        return false;
    };
    let Some((month, rest)) = rest.split_once('月') else {
        return false;
    };
    let day = rest.strip_suffix('日').unwrap_or("");
    [year, month, day]
        .iter()
        .all(|p| !p.is_empty() && p.len() <= 4 && p.chars().all(|c| c.is_ascii_digit()))
}

/// Official headlines run long (`中共中央办公厅 国务院办公厅 关于…的意见`): up to
/// 60 chars with no clause punctuation at all.
fn long_headline(chars: &[char]) -> bool {
    chars.len() <= 60
        && !chars
            .iter()
            .any(|&c| matches!(c, '，' | '。' | '；' | '！' | '？' | ','))
}

/// A headline that asks and answers (`今年夏天会不会更热？气象专家这样说`): one `？`
/// or `！` inside a short line, heading-like on both sides of it.
fn asks_and_answers(chars: &[char]) -> bool {
    let Some(k) = chars.iter().position(|&c| matches!(c, '？' | '！')) else {
        return false;
    };
    let (head, tail) = (&chars[..k], &chars[k + 1..]);
    chars.len() <= 40
        && head.len() >= 4
        && tail.len() >= 4
        && heading_like(head)
        && heading_like(tail)
        && !chars.iter().any(|&c| matches!(c, '，' | ','))
}

fn classify(chars: &[char]) -> Kind {
    let text: String = chars.iter().collect();
    if credits::is_dateline(&text) {
        Kind::Dateline
    } else if byline_line(&text) {
        Kind::Byline
    } else if is_date(&text) {
        Kind::Date
    } else if credits::leading_dateline(&text).is_some() {
        // A brief's first line, however short its column sets it (`据新华社北京6月9日电（记者周`), is its text.
        Kind::Body
    } else if text.starts_with('—') && chars.len() <= 80 {
        Kind::Subtitle
    } else if (heading_like(&chars[..chars.len().min(40)])
        && (chars.len() <= 40 || long_headline(chars)))
        || asks_and_answers(chars)
    {
        Kind::Heading
    } else {
        Kind::Body
    }
}

/// Cut cleaned text (paragraphs separated by blank lines) into classified paragraphs.
/// Source byte offsets of the line breaks of a page.
pub fn newlines(source: &crate::model::Source) -> Vec<u32> {
    source
        .text
        .char_indices()
        .enumerate()
        .filter(|(_, (_, c))| *c == '\n')
        .map(|(i, (b, _))| source.offsets.get(i).copied().unwrap_or(b as u32))
        .collect()
}

pub fn paragraphs(cleaned: &Cleaned, newlines: &[u32]) -> Vec<Para> {
    let chars: Vec<char> = cleaned.text.chars().collect();
    let mut paras = Vec::new();
    let mut start = 0;
    while start < chars.len() {
        let mut end = start;
        while end < chars.len() && !(chars[end] == '\n' && chars.get(end + 1) == Some(&'\n')) {
            end += 1;
        }
        // Text cleaned without the lines rule may keep single newlines inside a paragraph.
        let (body, map): (Vec<char>, Vec<Span>) = (start..end)
            .filter(|&i| chars[i] != '\n')
            .map(|i| (chars[i], cleaned.map[i]))
            .unzip();
        if !body.is_empty() {
            let (lo, hi) = (map[0][0], map[map.len() - 1][0]);
            let lines =
                1 + newlines.partition_point(|&n| n < hi) - newlines.partition_point(|&n| n < lo);
            let gap = paras.last().map_or(0, |q: &Para| {
                newlines.partition_point(|&n| n < lo) - newlines.partition_point(|&n| n < q.end())
            });
            paras.push(Para {
                kind: classify(&body),
                chars: body,
                map,
                continued_from: None,
                continues_to: None,
                truncated: false,
                item_title: false,
                lines,
                gap,
            });
        }
        start = end;
        while start < chars.len() && chars[start] == '\n' {
            start += 1;
        }
    }
    attach_markers(cleaned, &mut paras);
    paras
}

/// Slack between a marker and the paragraph it belongs to: the blank lines and spaces around it.
const MARKER_SLACK: u32 = 16;

fn attach_markers(cleaned: &Cleaned, paras: &mut [Para]) {
    for c in &cleaned.continuations {
        if c.direction == Direction::From {
            if let Some(p) = paras.iter_mut().find(|p| p.start() >= c.span[1]) {
                if p.start() - c.span[1] <= MARKER_SLACK {
                    p.continued_from = Some(c.page.clone());
                    if p.kind == Kind::Heading {
                        p.kind = Kind::Body;
                    }
                }
            }
        } else if let Some(p) = paras.iter_mut().rev().find(|p| p.end() <= c.span[0]) {
            if c.span[0] - p.end() <= MARKER_SLACK {
                p.continues_to = Some(c.page.clone());
                // Text runs on into a jump marker, however short the last line.
                if p.kind == Kind::Heading {
                    p.kind = Kind::Body;
                }
            }
        }
    }
    for r in cleaned
        .removed
        .iter()
        .filter(|r| r.kind == RemovalKind::Truncation)
    {
        if let Some(p) = paras.iter_mut().rev().find(|p| p.end() <= r.span[0]) {
            if r.span[0] - p.end() <= 4 {
                p.truncated = true;
            }
        }
    }
    // In a list of search results the line above `source· date` is the item's
    // title, however long or punctuated (`“去年人均预期寿命达到79岁，…”，国家卫健委最新公布`).
    for r in cleaned
        .removed
        .iter()
        .filter(|r| r.kind == RemovalKind::SourceLine)
    {
        if let Some(p) = paras.iter_mut().rev().find(|p| p.end() <= r.span[0]) {
            if r.span[0] - p.end() <= MARKER_SLACK && p.chars.len() <= 80 {
                p.kind = Kind::Heading;
                p.item_title = true;
            }
        }
    }
}
