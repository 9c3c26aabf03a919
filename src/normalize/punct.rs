//! Punctuation in the Chinese convention: full-width in CJK context, ASCII in Latin and numeric context.

use super::tape::{is_cjk, is_han, Atom, Tape};
use super::Stats;

/// Decide every convertible mark by its neighbours, in both directions, so two
/// copies that differ only in punctuation width end up identical.
///
/// A mark's context is the nearest char on each side that is neither
/// whitespace nor a mark this rule may change: a run of marks is decided by
/// the text around it, not by marks not yet settled, and a line join or a
/// removed space (later rules change only whitespace) leaves every context as
/// it was, so cleaning cleaned text changes no mark.
pub fn convention(mut tape: Tape, stats: &mut Stats) -> Tape {
    if tape.iter().any(|a| a.ch == '．') {
        full_stops(&mut tape, stats);
    }
    let ctx = Contexts::of(&tape);
    // Most pages have no parens or straight quotes; their passes walk the whole tape.
    let holds = |marks: &[char]| ctx.at.iter().any(|&i| marks.contains(&tape[i].ch));
    let (has_parens, has_quotes) = (
        holds(&['(', '（', ')', '）']),
        holds(&['"', '＂', '\'', '＇']),
    );
    if has_parens {
        parens(&mut tape, &ctx, stats);
    }
    if has_quotes {
        let lines: Vec<std::ops::Range<usize>> = super::tape::line_ranges(&tape).collect();
        for line in lines {
            let start = line.start;
            quotes(&mut tape[line.clone()], start, &ctx, '"', '“', '”', stats);
            quotes(&mut tape[line], start, &ctx, '\'', '‘', '’', stats);
        }
    }
    simple(&mut tape, &ctx, stats);
    tape
}

/// Marks whose form this rule decides, in every form it writes.
fn settled_here(c: char) -> bool {
    matches!(
        c,
        ',' | '，'
            | ':'
            | '：'
            | ';'
            | '；'
            | '?'
            | '？'
            | '!'
            | '！'
            | '('
            | '（'
            | ')'
            | '）'
            | '"'
            | '＂'
            | '“'
            | '”'
            | '\''
            | '＇'
            | '‘'
            | '’'
    )
}

fn is_space(c: char) -> bool {
    c == ' ' || c == '\n'
}

/// The context on each side of every mark in [`settled_here`], whole text.
struct Contexts {
    at: Vec<usize>,
    left: Vec<Option<char>>,
    right: Vec<Option<char>>,
}

impl Contexts {
    fn of(tape: &[Atom]) -> Contexts {
        let (mut at, mut left) = (Vec::new(), Vec::new());
        let mut last = None;
        for (i, a) in tape.iter().enumerate() {
            if settled_here(a.ch) {
                at.push(i);
                left.push(last);
            } else if !is_space(a.ch) {
                last = Some(a.ch);
            }
        }
        let mut right = vec![None; at.len()];
        let mut next = None;
        let mut k = at.len();
        for (i, a) in tape.iter().enumerate().rev() {
            if k > 0 && at[k - 1] == i {
                k -= 1;
                right[k] = next;
            } else if !is_space(a.ch) && !settled_here(a.ch) {
                next = Some(a.ch);
            }
        }
        Contexts { at, left, right }
    }

    /// (left, right) context of the mark at `i`.
    fn get(&self, i: usize) -> (Option<char>, Option<char>) {
        let k = self.at.binary_search(&i).expect("a mark of this rule");
        (self.left[k], self.right[k])
    }
}

fn set(tape: &mut [Atom], i: usize, ch: char, stats: &mut Stats) {
    if tape[i].ch != ch {
        tape[i].ch = ch;
        stats.add("punctuation", 1);
    }
}

/// `．` is a full stop after CJK text, a decimal point otherwise; decided
/// first, left to right, so the marks after it see what it became.
fn full_stops(tape: &mut [Atom], stats: &mut Stats) {
    let mut last = None;
    for i in 0..tape.len() {
        let c = tape[i].ch;
        if c == '．' {
            let ch = if last.is_some_and(is_cjk) { '。' } else { '.' };
            set(tape, i, ch, stats);
            last = Some(ch);
        } else if !is_space(c) && !settled_here(c) {
            last = Some(c);
        }
    }
}

fn simple(tape: &mut [Atom], ctx: &Contexts, stats: &mut Stats) {
    for (k, &i) in ctx.at.iter().enumerate() {
        let (ascii, wide) = match tape[i].ch {
            ',' | '，' => (',', '，'),
            ':' | '：' => (':', '：'),
            ';' | '；' => (';', '；'),
            '?' | '？' => ('?', '？'),
            '!' | '！' => ('!', '！'),
            _ => continue,
        };
        let (l, r) = (ctx.left[k], ctx.right[k]);
        let numeric = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
        let cjk = (l.is_some_and(is_cjk) || r.is_some_and(is_cjk)) && !(numeric(l) && numeric(r));
        let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
        if cjk {
            set(tape, i, wide, stats);
        } else if latin(l) || latin(r) {
            set(tape, i, ascii, stats);
        }
    }
}

/// Parens are paired over the whole text, so joining the lines a pair sits on
/// does not change what the pair holds.
fn parens(tape: &mut [Atom], ctx: &Contexts, stats: &mut Stats) {
    // Han and Latin chars before each paren (parens are neither), so a pair's
    // content is judged in O(1) however long or nested it is.
    let (mut han, mut latin) = (0u32, 0u32);
    let mut stack: Vec<(usize, u32, u32)> = Vec::new();
    let mut pairs = Vec::new();
    for (i, a) in tape.iter().enumerate() {
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
        let outside_cjk = open.and_then(|o| ctx.get(o).0).is_some_and(is_cjk)
            || close.and_then(|c| ctx.get(c).1).is_some_and(is_cjk);
        let wide = inner_han > 0 || outside_cjk;
        if !wide && inner_latin == 0 {
            continue;
        }
        if let Some(o) = open {
            set(tape, o, if wide { '（' } else { '(' }, stats);
        }
        if let Some(c) = close {
            set(tape, c, if wide { '）' } else { ')' }, stats);
        }
    }
}

/// Nearest non-space char before `i` on its line.
fn left(line: &[Atom], i: usize) -> Option<char> {
    line[..i].iter().rev().map(|a| a.ch).find(|&c| c != ' ')
}

/// Nearest non-space char after `i` on its line.
fn right(line: &[Atom], i: usize) -> Option<char> {
    line[i + 1..].iter().map(|a| a.ch).find(|&c| c != ' ')
}

/// Straight quotes in CJK context become curly, opening or closing by position
/// on their line (a curly quote is final, so only whether one converts must
/// not depend on the line).
fn quotes(
    line: &mut [Atom],
    base: usize,
    ctx: &Contexts,
    straight: char,
    open: char,
    close: char,
    stats: &mut Stats,
) {
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
        // An apostrophe inside a Latin word (Xi'an) has Latin context on both sides.
        let (cl, cr) = ctx.get(base + i);
        if !(cl.is_some_and(is_cjk) || cr.is_some_and(is_cjk)) {
            continue;
        }
        let (l, r) = (left(line, i), right(line, i));
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
        let offsets = crate::model::utf8_offsets(s, 0);
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
    fn a_run_of_marks_takes_the_context_around_it() {
        assert_eq!(run(";,的"), "；，的");
        assert_eq!(run(");的"), "）；的");
        assert_eq!(run("0；,的"), "0；，的");
        assert_eq!(run("abc,”;"), "abc,”;");
        // Across a line break, so a join later leaves the mark as it is.
        assert_eq!(run("开放\n,2025年"), "开放\n，2025年");
        assert_eq!(run("(\n注)"), "（\n注）");
    }

    #[test]
    fn fullwidth_period_in_chinese_is_a_full_stop() {
        assert_eq!(run("发展．下一步"), "发展。下一步");
        assert_eq!(run("1．5"), "1.5");
    }
}
