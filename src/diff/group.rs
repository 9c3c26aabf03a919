//! Raw char edits into readable variants: nearby edits merged and grown to whole words.

use crate::segment::plausibility::is_word;
use std::ops::Range;

/// A non-equal stretch in compared-char coordinates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Raw {
    pub a: Range<usize>,
    pub b: Range<usize>,
}

impl Raw {
    fn size(&self) -> usize {
        self.a.len().max(self.b.len())
    }
}

/// Merge edits separated by at most `gap` equal chars (挖[掘→潜]扩容[+扩大] is one
/// change), and edits whose equal run is short next to both of them: a few
/// common chars inside a rewritten stretch are coincidence, not agreement.
pub fn merge(raws: Vec<Raw>, gap: usize) -> Vec<Raw> {
    let mut out: Vec<Raw> = Vec::with_capacity(raws.len());
    for r in raws {
        if let Some(last) = out.last_mut() {
            let between = r.a.start.saturating_sub(last.a.end);
            if between <= gap || between * 4 < last.size().min(r.size()) {
                last.a.end = last.a.end.max(r.a.end);
                last.b.end = last.b.end.max(r.b.end);
                continue;
            }
        }
        out.push(r);
    }
    out
}

/// How far (0–3 chars) a word of the word list reaches from outside an edit
/// across its start (`back`) or end (forward) in text `t`, where the edit
/// covers `r` and at most `room` equal chars lie beyond that side.
fn reach(t: &[char], r: &Range<usize>, room: usize, back: bool) -> usize {
    let mut best = 0;
    for len in 2..=4usize {
        for k in 1..len.min(room + 1) {
            // The word covers k chars outside the edit and len - k inside it (or, for an
            // empty side, across the insertion point).
            let (s, e) = if back {
                (r.start - k, r.start - k + len)
            } else if r.end + k >= len {
                (r.end + k - len, r.end + k)
            } else {
                continue;
            };
            if e > t.len() || (r.is_empty() && (s >= r.start || e <= r.start)) {
                continue;
            }
            if !r.is_empty() && (e <= r.start || s >= r.end) {
                continue;
            }
            let w: String = t[s..e].iter().collect();
            if is_word(&w) {
                best = best.max(k);
            }
        }
    }
    best
}

/// A two-char replacement that is not a word on one side, followed by a
/// word, is the head of a four-char compound (`教改`/`产教` + `融合`): the
/// variant reads as the compound.
fn compound_head(a: &[char], b: &[char], r: &Raw) -> bool {
    let text = |t: &[char], x: Range<usize>| t[x].iter().collect::<String>();
    let han = |t: &[char], x: Range<usize>| t[x].iter().all(|&c| crate::normalize::tape::is_han(c));
    r.a.len() == 2
        && r.b.len() == 2
        && r.a.end + 2 <= a.len()
        && han(a, r.a.clone())
        && han(b, r.b.clone())
        && !(is_word(&text(a, r.a.clone())) && is_word(&text(b, r.b.clone())))
        && is_word(&text(a, r.a.end..r.a.end + 2))
}

/// Grow small variants to the words they cut (`量`→`效` reads as `质量`→`质效`).
/// A pure insertion or deletion grows forward only, so `中` deleted before
/// `老年` reads `中老年`→`老年`, not `发展中老年`→`发展老年`; a two-char
/// variant that heads a compound takes the compound's tail along.
pub fn widen(raws: Vec<Raw>, a: &[char], b: &[char]) -> Vec<Raw> {
    let mut out: Vec<Raw> = Vec::with_capacity(raws.len());
    for k in 0..raws.len() {
        let r = &raws[k];
        if r.size() > 8 {
            out.push(r.clone());
            continue;
        }
        let prev_end = out.last().map_or(0, |p: &Raw| p.a.end);
        let next_start = raws.get(k + 1).map_or(a.len(), |n| n.a.start);
        let room_back = r.a.start - prev_end;
        let room_fwd = next_start - r.a.end;
        let pure = r.a.is_empty() || r.b.is_empty();
        let back = if pure {
            0
        } else {
            reach(a, &r.a, room_back, true).max(reach(b, &r.b, room_back, true))
        };
        let fwd = reach(a, &r.a, room_fwd, false).max(reach(b, &r.b, room_fwd, false));
        let mut w = Raw {
            a: r.a.start - back..r.a.end + fwd,
            b: r.b.start - back..r.b.end + fwd,
        };
        if room_fwd >= fwd + 2 && compound_head(a, b, &w) {
            w.a.end += 2;
            w.b.end += 2;
        }
        out.push(w);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(a: Range<usize>, b: Range<usize>) -> Raw {
        Raw { a, b }
    }

    #[test]
    fn close_edits_merge_and_far_ones_do_not() {
        let m = merge(
            vec![raw(2..3, 2..3), raw(5..5, 5..7), raw(20..21, 22..23)],
            2,
        );
        assert_eq!(m, vec![raw(2..5, 2..7), raw(20..21, 22..23)]);
    }

    #[test]
    fn a_replacement_grows_to_the_word_it_cuts() {
        let a: Vec<char> = "服务质量。".chars().collect();
        let b: Vec<char> = "服务质效。".chars().collect();
        assert_eq!(widen(vec![raw(3..4, 3..4)], &a, &b), vec![raw(2..4, 2..4)]);
    }

    #[test]
    fn a_compound_head_takes_its_tail() {
        let a: Vec<char> = "深化教改融合改革".chars().collect();
        let b: Vec<char> = "深化产教融合改革".chars().collect();
        assert_eq!(widen(vec![raw(2..4, 2..4)], &a, &b), vec![raw(2..6, 2..6)]);
    }
}
