//! Punctuation in the Chinese convention: full-width in CJK context, ASCII in Latin and numeric context.

use super::tape::{is_cjk, is_han, Atom, Tape};
use super::Stats;

/// Decide every convertible mark by its neighbours, in both directions, so two
/// copies that differ only in punctuation width end up identical.
pub fn convention(mut tape: Tape, stats: &mut Stats) -> Tape {
    let mut start = 0;
    while start < tape.len() {
        let end = tape[start..]
            .iter()
            .position(|a| a.ch == '\n')
            .map_or(tape.len(), |p| start + p);
        let line = &mut tape[start..end];
        parens(line, stats);
        quotes(line, '"', '“', '”', stats);
        quotes(line, '\'', '‘', '’', stats);
        simple(line, stats);
        start = end + 1;
    }
    tape
}

/// Nearest non-space char before `i`.
fn left(line: &[Atom], i: usize) -> Option<char> {
    line[..i].iter().rev().map(|a| a.ch).find(|&c| c != ' ')
}

/// Nearest non-space char after `i`.
fn right(line: &[Atom], i: usize) -> Option<char> {
    line[i + 1..].iter().map(|a| a.ch).find(|&c| c != ' ')
}

fn set(line: &mut [Atom], i: usize, ch: char, stats: &mut Stats) {
    if line[i].ch != ch {
        line[i].ch = ch;
        stats.add("punctuation", 1);
    }
}

fn simple(line: &mut [Atom], stats: &mut Stats) {
    for i in 0..line.len() {
        let (ascii, wide) = match line[i].ch {
            ',' | '，' => (',', '，'),
            ':' | '：' => (':', '：'),
            ';' | '；' => (';', '；'),
            '?' | '？' => ('?', '？'),
            '!' | '！' => ('!', '！'),
            '．' => {
                let ch = if left(line, i).is_some_and(is_cjk) {
                    '。'
                } else {
                    '.'
                };
                set(line, i, ch, stats);
                continue;
            }
            _ => continue,
        };
        let (l, r) = (left(line, i), right(line, i));
        let numeric = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
        let cjk = (l.is_some_and(is_cjk) || r.is_some_and(is_cjk)) && !(numeric(l) && numeric(r));
        let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
        if cjk {
            set(line, i, wide, stats);
        } else if latin(l) || latin(r) {
            set(line, i, ascii, stats);
        }
    }
}

fn parens(line: &mut [Atom], stats: &mut Stats) {
    // Han and Latin chars before each paren (parens are neither), so a pair's
    // content is judged in O(1) however long or nested it is.
    let (mut han, mut latin) = (0u32, 0u32);
    let mut stack: Vec<(usize, u32, u32)> = Vec::new();
    let mut pairs = Vec::new();
    for (i, a) in line.iter().enumerate() {
        match a.ch {
            '(' | '（' => stack.push((i, han, latin)),
            ')' | '）' => {
                let open = stack.pop();
                let (h0, l0) = open.map_or((0, 0), |(_, h, l)| (h, l));
                pairs.push((open.map(|o| o.0), Some(i), han - h0, latin - l0));
            }
            _ => {}
        }
        han += u32::from(is_han(a.ch));
        latin += u32::from(a.ch.is_ascii_alphanumeric());
    }
    pairs.extend(
        stack
            .into_iter()
            .map(|(o, h, l)| (Some(o), None, han - h, latin - l)),
    );
    for (open, close, inner_han, inner_latin) in pairs {
        let content_cjk = inner_han > 0;
        let outside_cjk = open.and_then(|o| left(line, o)).is_some_and(is_cjk)
            || close.and_then(|c| right(line, c)).is_some_and(is_cjk);
        let content_latin = inner_latin > 0;
        let wide = content_cjk || outside_cjk;
        if !wide && !content_latin {
            continue;
        }
        if let Some(o) = open {
            set(line, o, if wide { '（' } else { '(' }, stats);
        }
        if let Some(c) = close {
            set(line, c, if wide { '）' } else { ')' }, stats);
        }
    }
}

/// Straight quotes in CJK context become curly, opening or closing by position.
fn quotes(line: &mut [Atom], straight: char, open: char, close: char, stats: &mut Stats) {
    let full = match straight {
        '"' => '＂',
        _ => '＇',
    };
    let mut inside = false;
    for i in 0..line.len() {
        let c = line[i].ch;
        if c == open {
            inside = true;
            continue;
        }
        if c == close {
            inside = false;
            continue;
        }
        if c != straight && c != full {
            continue;
        }
        let (l, r) = (left(line, i), right(line, i));
        let adjacent = |j: Option<usize>| j.and_then(|j| line.get(j)).map(|a| a.ch);
        let (al, ar) = (
            i.checked_sub(1).and_then(|j| adjacent(Some(j))),
            adjacent(Some(i + 1)),
        );
        // An apostrophe inside a Latin word (Xi'an) is not a quote.
        if straight == '\''
            && al.is_some_and(|c| c.is_ascii_alphabetic())
            && ar.is_some_and(|c| c.is_ascii_alphabetic())
        {
            continue;
        }
        if !(l.is_some_and(is_cjk) || r.is_some_and(is_cjk)) {
            continue;
        }
        let closes_here = match r {
            None => true,
            Some(r) => matches!(
                r,
                '，' | '。'
                    | '、'
                    | '；'
                    | '：'
                    | '？'
                    | '！'
                    | '）'
                    | '》'
                    | ','
                    | '.'
                    | ';'
                    | ')'
            ),
        };
        let opens_here = match l {
            None => true,
            Some(l) => matches!(
                l,
                '（' | '《' | '：' | '，' | '、' | '(' | ':' | ',' | '。' | '；'
            ),
        };
        let is_open = if opens_here && !closes_here {
            true
        } else if closes_here && !opens_here {
            false
        } else {
            !inside
        };
        inside = is_open;
        set(line, i, if is_open { open } else { close }, stats);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::tape::{from_text, to_string};

    fn run(s: &str) -> String {
        let offsets = crate::normalize::tape::utf8_offsets(s);
        to_string(&convention(from_text(s, &offsets), &mut Stats::default()))
    }

    #[test]
    fn chinese_context_gets_full_width() {
        assert_eq!(
            run("今年全国两会期间,习近平总书记"),
            "今年全国两会期间，习近平总书记"
        );
        assert_eq!(run("外交部谈北京: 为完善"), "外交部谈北京： 为完善");
        assert_eq!(run("(一) 有效扩大"), "（一） 有效扩大");
        assert_eq!(run("人乳头瘤病毒(HPV)疫苗"), "人乳头瘤病毒（HPV）疫苗");
        assert_eq!(run("国家卫健委:优化"), "国家卫健委：优化");
        assert_eq!(run("增长4.2%,同比"), "增长4.2%，同比");
        assert_eq!(run("真的吗?是的!"), "真的吗？是的！");
    }

    #[test]
    fn latin_and_numeric_context_stays_ascii() {
        for s in [
            "GB 47372—2026",
            "3.5%",
            "12:49",
            "41,000",
            "https://example.com/a?b=1",
            "Xi'an is (very) big, yes",
        ] {
            assert_eq!(run(s), s);
        }
        assert_eq!(run("Hello，world"), "Hello,world");
    }

    #[test]
    fn straight_quotes_become_curly() {
        assert_eq!(
            run("多种措施,\"努力稳定新出生人口规模\"。超过\"十四五\"规划"),
            "多种措施，“努力稳定新出生人口规模”。超过“十四五”规划"
        );
        assert_eq!(run("高质量完成'十四五'规划"), "高质量完成‘十四五’规划");
    }

    #[test]
    fn fullwidth_period_in_chinese_is_a_full_stop() {
        assert_eq!(run("发展．下一步"), "发展。下一步");
        assert_eq!(run("1．5"), "1.5");
    }
}
