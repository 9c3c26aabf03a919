//! Paragraphs broken mid-sentence rejoined until no two neighbours would join, so cleaned text has none left.

use super::{continues, fragment, heading_like, open_end, starts_structure, Line, Wrap};

/// Chars of a paragraph the join rule reads: its first ones and its last.
const HEAD: usize = 41;

/// No neighbour (units are linked by index, in u32 to keep a page of short lines small).
const NONE: u32 = u32::MAX;

/// A run of lines joined so far, seen without spaces: the spaces rule removes
/// some of them afterwards, and cleaning cleaned text must join nothing more.
#[derive(Default)]
struct Unit {
    /// First and last line.
    first: u32,
    last: u32,
    /// Non-space chars: how many, the first `HEAD` of them, and the last.
    len: u32,
    head: Vec<char>,
    end: char,
    prev: u32,
    next: u32,
}

impl Unit {
    fn of(lines: &[Line], first: usize, last: usize) -> Unit {
        let mut chars = lines[first..=last]
            .iter()
            .flat_map(|l| l.atoms.iter().map(|a| a.ch))
            .filter(|&c| c != ' ');
        let head: Vec<char> = chars.by_ref().take(HEAD).collect();
        let rest = chars.count();
        let end = *lines[last].atoms.last().map(|a| &a.ch).unwrap_or(&' ');
        Unit {
            first: first as u32,
            last: last as u32,
            len: (head.len() + rest) as u32,
            head,
            end,
            prev: NONE,
            next: NONE,
        }
    }

    /// The whole text when short; else its head and last char, which is all
    /// any test reads of a long paragraph (and it is still over 40 chars).
    fn view(&self) -> Vec<char> {
        let mut v = self.head.clone();
        if self.len as usize > HEAD {
            v.push(self.end);
        }
        v
    }
}

/// What a join between two paragraphs is decided by.
pub(super) struct Rule<'a> {
    pub lines: &'a [Line<'a>],
    /// Lines that are headlines set without blank lines: never joined to either side.
    pub headlines: &'a [bool],
    pub wrap: Option<&'a Wrap>,
    /// Sorted source offsets no join crosses.
    pub breaks: &'a [u32],
    pub join_paragraphs: bool,
}

impl Rule<'_> {
    /// The line above `i` is a short heading-like line of its own (`【经济观察】`,
    /// `一线调查`) starting a paragraph: a kicker over the headline at `i`.
    fn under_kicker(&self, i: usize) -> bool {
        let chars = |k: usize| -> Vec<char> { self.lines[k].atoms.iter().map(|a| a.ch).collect() };
        i > 0
            && heading_like(&chars(i - 1))
            && !self.wrap.is_some_and(|w| w.full_at(self.lines, i - 1))
            && (i == 1 || self.lines[i - 1].gap > 0 || !open_end(&chars(i - 2)))
    }

    fn joins(&self, a: &Unit, b: &Unit) -> bool {
        let (prev, next) = (a.view(), b.view());
        let (first, last) = (a.first as usize, a.last as usize);
        let prev_end = self.lines[last].atoms.last().map_or(0, |x| x.end);
        let barrier = self
            .breaks
            .get(self.breaks.partition_point(|&b| b < prev_end))
            .is_some_and(|&b| b <= prev_end + 4);
        if barrier || self.headlines[a.last as usize] || self.headlines[b.first as usize] {
            // A headline is joined to neither side (its wrapped lines were joined before).
            return false;
        }
        // On a hard-wrapped page, a full line that stops mid-sentence before a
        // blank line is a column break, even when the paragraph is one line long
        // and so looks like a heading (`近期，中国宣布了加强对部分稀土`).
        // A lone heading-like line between blank lines is a headline, whatever its width.
        let lone_heading = first == last
            && (self.lines[first].gap > 0 || self.under_kicker(first))
            && heading_like(&prev)
            // …but a line that stops inside a number (`进出口10.25` / `万亿元`) is cut text.
            && !prev.last().is_some_and(|c| c.is_ascii_digit() || *c == '.');
        // A subtitle, or a headline set wider than any column, is a line of its own.
        let clause = prev.iter().any(|&c| matches!(c, '，' | '。' | '；' | ','));
        let cut_number = prev.last().is_some_and(|c| c.is_ascii_digit() || *c == '.');
        let set_apart = first == last
            && !cut_number
            && ((prev.starts_with(&['—', '—']) && !clause)
                || (self.wrap.is_some_and(|w| w.overwide(&self.lines[first]))
                    && heading_like(&prev)));
        let column_break = self.wrap.is_some_and(|w| w.full_at(self.lines, last))
            && !lone_heading
            && !set_apart
            && open_end(&prev)
            && !heading_like(&next)
            && !fragment(&next)
            && !starts_structure(next.iter().copied());
        column_break || (self.join_paragraphs && continues(&prev, &next))
    }
}

/// Joins runs of `paragraphs` (each a run of line indices) and returns the
/// paragraphs as (first line, last line), with the number of joins made.
///
/// A join can make a paragraph join its left neighbour after all (it is no
/// longer heading-like), so after each one the boundary on its left is looked
/// at again: every boundary left standing is one the rule rejects, and each is
/// looked at at most once more per join, so the work stays linear.
pub(super) fn rejoin(rule: &Rule, paragraphs: &[Vec<usize>]) -> (Vec<(usize, usize)>, u64) {
    let lines = rule.lines;
    let n = paragraphs.len() as u32;
    let mut units: Vec<Unit> = paragraphs
        .iter()
        .zip(0u32..)
        .map(|(p, i)| Unit {
            prev: i.checked_sub(1).unwrap_or(NONE),
            next: if i + 1 < n { i + 1 } else { NONE },
            ..Unit::of(lines, p[0], p[p.len() - 1])
        })
        .collect();
    let mut joined = 0;
    let mut a = 0;
    while let Some(b) = units.get(a).map(|u| u.next).filter(|&b| b != NONE) {
        let b = b as usize;
        if !rule.joins(&units[a], &units[b]) {
            a = b;
            continue;
        }
        let right = std::mem::take(&mut units[b]);
        let left = &mut units[a];
        let room = HEAD.saturating_sub(left.head.len());
        left.head.extend(right.head.into_iter().take(room));
        left.len += right.len;
        left.end = right.end;
        left.last = right.last;
        left.next = right.next;
        if right.next != NONE {
            units[right.next as usize].prev = a as u32;
        }
        joined += 1;
        // The grown paragraph may now join the one before it.
        if units[a].prev != NONE {
            a = units[a].prev as usize;
        }
    }
    let mut out = Vec::new();
    let mut at = if n > 0 { 0 } else { NONE };
    while at != NONE {
        let u = &units[at as usize];
        out.push((u.first as usize, u.last as usize));
        at = u.next;
    }
    (out, joined)
}
