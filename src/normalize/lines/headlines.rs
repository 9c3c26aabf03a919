//! Headlines set among wrapped lines without blank lines: lines joined to neither neighbour.

use super::{continues, heading_like, is_clause_punct, open_end, Line, Wrap};
use crate::normalize::tape::is_han;

/// Lines of headlines set without blank lines, and those of them that go on a
/// headline wrapped at the column width (its full first line above).
pub(super) fn headline_lines(lines: &[Line], wrap: Option<&Wrap>) -> (Vec<bool>, Vec<bool>) {
    let mut headline = vec![false; lines.len()];
    let mut wrapped = vec![false; lines.len()];
    let Some(wrap) = wrap else {
        return (headline, wrapped);
    };
    // Line `i - 1` starts a paragraph and reads as a headline's (first) line.
    let head_above = |headline: &[bool], i: usize| {
        let starts = i == 1
            || lines[i - 1].gap > 0
            || !open_end(&line_chars(&lines[i - 2]))
            || headline[i - 2];
        starts && headline_text(&line_chars(&lines[i - 1]))
    };
    for i in 0..lines.len() {
        if headline_line(lines, wrap, i) {
            headline[i] = true;
            if wrap.full_at(lines, i - 1) && head_above(&headline, i) {
                headline[i - 1] = true;
                wrapped[i] = true;
            }
        } else if wrapped_tail(lines, wrap, i) && head_above(&headline, i) {
            headline[i - 1] = true;
            headline[i] = true;
            wrapped[i] = true;
        }
    }
    // A `——` subtitle under a headline that starts a paragraph is a line of its
    // own however wide it is set.
    for i in 1..lines.len() {
        let dash = lines[i].atoms.len() >= 2 && lines[i].atoms[..2].iter().all(|a| a.ch == '—');
        if lines[i].gap == 0
            && dash
            && !lines[i].atoms.iter().any(|a| is_clause_punct(a.ch))
            && head_above(&headline, i)
        {
            headline[i] = true;
            headline[i - 1] = true;
        }
    }
    (headline, wrapped)
}

pub(super) fn line_chars(line: &Line) -> Vec<char> {
    line.atoms.iter().map(|a| a.ch).collect()
}

/// Heading-like with no comma: what a headline line set among wrapped text may hold.
fn headline_text(chars: &[char]) -> bool {
    heading_like(chars) && !chars.iter().any(|&c| matches!(c, '，' | ','))
}

/// Chars of text on each side of a line that its words are looked for in.
const HEADLINE_SIDE: usize = 300;

/// A short line among wrapped lines, no clause in it, whose words come back in
/// the text below and not in the text above: a headline set without blank lines
/// (`…营长期租赁住房。` / `跨省异地就医直接结算扩面提速` / `国家医保局日前…`). A
/// full line, or one holding a comma, is left to the wrap rules.
fn headline_line(lines: &[Line], wrap: &Wrap, i: usize) -> bool {
    let line = &lines[i];
    if i == 0 || i + 1 >= lines.len() || line.gap > 0 || wrap.full_at(lines, i) {
        return false;
    }
    let chars = text_of(&lines[i..=i]);
    chars.len() >= 5
        && headline_text(&chars)
        // A heading cut inside a word goes on into the next line (`…服务质` / `效。依据…`).
        && !continues(&chars, &line_chars(&lines[i + 1]))
        && recurs(lines, i, i).is_some_and(|(down, up)| down >= 0.4 && down - up >= 0.2)
}

/// A short end of a headline wrapped at the column width (`…主播须如实说明` /
/// `商品信息`), too short for its own words to tell: both lines' words come back below.
fn wrapped_tail(lines: &[Line], wrap: &Wrap, i: usize) -> bool {
    if i == 0 || i + 1 >= lines.len() || lines[i].gap > 0 || wrap.full_at(lines, i) {
        return false;
    }
    let chars = text_of(&lines[i..=i]);
    wrap.full_at(lines, i - 1)
        && headline_text(&chars)
        && headline_text(&text_of(&lines[i - 1..=i]))
        && !continues(&chars, &line_chars(&lines[i + 1]))
        && recurs(lines, i - 1, i).is_some_and(|(down, up)| down >= 0.4 && down - up >= 0.2)
}

/// Non-space chars of some lines run together.
fn text_of(lines: &[Line]) -> Vec<char> {
    lines
        .iter()
        .flat_map(|l| l.atoms.iter().map(|a| a.ch))
        .filter(|&c| c != ' ')
        .collect()
}

/// Share of the Han bigrams of lines `from..=to` found in the text below them
/// and in the text above them; none when they hold fewer than four.
fn recurs(lines: &[Line], from: usize, to: usize) -> Option<(f64, f64)> {
    let chars = text_of(&lines[from..=to]);
    let bigrams: Vec<[char; 2]> = chars
        .windows(2)
        .filter(|w| is_han(w[0]) && is_han(w[1]))
        .map(|w| [w[0], w[1]])
        .collect();
    if bigrams.len() < 4 {
        return None;
    }
    let side = |range: &mut dyn Iterator<Item = &Line>| -> Vec<char> {
        let mut text = Vec::new();
        for l in range {
            text.extend(l.atoms.iter().map(|a| a.ch).filter(|&c| c != ' '));
            if text.len() >= HEADLINE_SIDE {
                break;
            }
        }
        text
    };
    let share = |text: &[char]| {
        let found = bigrams
            .iter()
            .filter(|b| text.windows(2).any(|w| w == &b[..]))
            .count();
        found as f64 / bigrams.len() as f64
    };
    let below = side(&mut lines[to + 1..].iter());
    let mut above = side(&mut lines[..from].iter().rev());
    above.reverse();
    Some((share(&below), share(&above)))
}
