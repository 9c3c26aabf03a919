//! Side-by-side rows: each paragraph of `a` with the part of `b` that corresponds to it.
//!
//! Paragraph breaks are layout, so `b` is cut where `a`'s paragraphs end (as
//! mapped through the alignment), and a break of `b` inside text both sides
//! share is dropped. Breaks `b` has next to text of its own are kept.

use super::group::Raw;
pub use crate::model::diff::Row;
use std::ops::Range;

/// Lines of a text (cleaned char ranges of its non-empty lines) and the newline runs before each.
fn lines(chars: &[char]) -> Vec<(Range<usize>, String)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut sep = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c == '\n' {
            if i > start {
                out.push((start..i, std::mem::take(&mut sep)));
            }
            sep.push('\n');
            start = i + 1;
        }
    }
    if chars.len() > start {
        out.push((start..chars.len(), sep));
    }
    out
}

/// The compared index of `b` that compared index `p` of `a` lines up with.
fn to_b(raws: &[Raw], p: usize, len_b: usize, len_a: usize) -> usize {
    if p >= len_a {
        return len_b;
    }
    let k = raws.partition_point(|r| r.a.end <= p);
    match raws.get(k) {
        Some(r) if r.a.start <= p => r.b.start,
        _ => {
            // In an equal run: offset from the end of the edit before it.
            let (ea, eb) = k
                .checked_sub(1)
                .map_or((0, 0), |j| (raws[j].a.end, raws[j].b.end));
            eb + (p - ea)
        }
    }
}

pub fn rows(a: &str, b: &str, pos_a: &[usize], pos_b: &[usize], raws: &[Raw]) -> Vec<Row> {
    let ac: Vec<char> = a.chars().collect();
    let bc: Vec<char> = b.chars().collect();
    // The compared index of the first compared char at or after a cleaned index.
    let first_at = |pos: &[usize], i: usize| pos.partition_point(|&x| x < i);
    let b_clean = |q: usize| pos_b.get(q).copied().unwrap_or(bc.len());
    let mut para_a = lines(&ac);
    if para_a.is_empty() {
        // No paragraph in `a`: one empty row holds all of `b`.
        para_a.push((0..0, String::new()));
    }
    let mut cuts: Vec<usize> = para_a
        .iter()
        .enumerate()
        .map(|(n, (r, _))| {
            if n == 0 {
                0
            } else {
                b_clean(to_b(
                    raws,
                    first_at(pos_a, r.start),
                    pos_b.len(),
                    pos_a.len(),
                ))
            }
        })
        .collect();
    cuts.push(bc.len());
    // A break of `b` is layout when the chars on both sides of it are equal to adjacent chars of `a`.
    let in_edit = |q: usize| {
        let k = raws.partition_point(|r| r.b.end <= q);
        raws.get(k).is_some_and(|r| r.b.start <= q)
    };
    let layout_break = |after: usize| {
        let q = first_at(pos_b, after);
        q > 0 && q < pos_b.len() && !in_edit(q - 1) && !in_edit(q) && {
            let k = raws.partition_point(|r| r.b.end < q);
            raws.get(k).is_none_or(|r| r.b.start != q)
        }
    };
    let mut out = Vec::with_capacity(para_a.len());
    for (n, (ra, sep)) in para_a.into_iter().enumerate() {
        let (s, e) = (cuts[n], cuts[n + 1].max(cuts[n]));
        let mut paras: Vec<Range<usize>> = Vec::new();
        let mut start = s;
        for (i, &c) in bc.iter().enumerate().take(e).skip(s) {
            if c == '\n' && !layout_break(i) {
                paras.push(start..i);
                start = i + 1;
            }
        }
        paras.push(start..e);
        let paras = paras
            .into_iter()
            .map(|r| trim(&bc, r))
            .filter(|r| !r.is_empty())
            .collect();
        out.push(Row {
            a: ra,
            a_sep: sep,
            b: paras,
        });
    }
    out
}

fn trim(chars: &[char], mut r: Range<usize>) -> Range<usize> {
    while r.start < r.end && chars[r.start].is_whitespace() {
        r.start += 1;
    }
    while r.end > r.start && chars[r.end - 1].is_whitespace() {
        r.end -= 1;
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_keep_their_separators() {
        let c: Vec<char> = "甲\n\n乙\n丙".chars().collect();
        let l = lines(&c);
        assert_eq!(l.len(), 3);
        assert_eq!((l[1].0.clone(), l[1].1.as_str()), (3..4, "\n\n"));
        assert_eq!(l[2].1, "\n");
    }
}
