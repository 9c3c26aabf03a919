//! Moves: a passage missing in one place of `b` and present in another, found among the variants.
//!
//! A moved paragraph rarely comes out as a clean deletion plus insertion:
//! it sits inside a rewrite or next to text only one copy has (001's 稀土
//! commentary moves a paragraph into a stretch 003 alone continues). So every
//! variant side long enough is a candidate, pairs are screened by how much of
//! the shorter side's bigrams the longer holds, and a pair is a move only
//! when a char diff confirms it; the matched part becomes the move and the
//! rest of each variant stays what it was. Wording variants inside a moved
//! passage are listed after the move.

use super::group::Raw;
use super::DiffOptions;
use similar::{Algorithm, DiffOp};
use std::collections::HashMap;
use std::ops::Range;

/// Longest side considered: bounds the pairing work.
const MAX_MOVE: usize = 20_000;
/// Most candidate sides considered on each text.
const MAX_CANDIDATES: usize = 200;
/// Chars the confirming diffs may take together (both sides): bounds the work
/// by the input, not the clock, so the moves found never depend on load.
const BUDGET: usize = 1_000_000;

type Grams = HashMap<(char, char), u32>;

fn bigrams(s: &[char]) -> Grams {
    let mut m = HashMap::new();
    for w in s.windows(2) {
        *m.entry((w[0], w[1])).or_insert(0) += 1;
    }
    m
}

/// Share of the smaller multiset held by the larger.
fn containment(x: &Grams, y: &Grams) -> f64 {
    let (nx, ny): (u32, u32) = (x.values().sum(), y.values().sum());
    let (small, large) = if nx <= ny { (x, y) } else { (y, x) };
    let total = nx.min(ny);
    if total == 0 {
        return 0.0;
    }
    let shared: u32 = small
        .iter()
        .map(|(k, n)| (*n).min(large.get(k).copied().unwrap_or(0)))
        .sum();
    shared as f64 / total as f64
}

/// A confirmed move: the matched parts of both sides, and the edits inside it.
struct Confirmed {
    a: Range<usize>,
    b: Range<usize>,
    inner: Vec<Raw>,
}

/// The parts of `x` and `y` a char diff matches, when it matches enough of both.
fn confirm(
    a: &[char],
    x: Range<usize>,
    b: &[char],
    y: Range<usize>,
    opts: &DiffOptions,
) -> Option<Confirmed> {
    let (ops, _) = super::bounded::diff(
        Algorithm::Myers,
        &a[x.clone()],
        &b[y.clone()],
        super::ANCHOR,
    );
    // Single equal chars at the ends are coincidence (的, 和), not the moved text.
    let solid = |op: &DiffOp| matches!(op, DiffOp::Equal { .. }) && op.old_range().len() >= 2;
    let first = ops.iter().position(solid)?;
    let last = ops.iter().rposition(solid)?;
    let inside = &ops[first..=last];
    let mx = x.start + inside[0].old_range().start..x.start + inside[last - first].old_range().end;
    let my = y.start + inside[0].new_range().start..y.start + inside[last - first].new_range().end;
    let same: usize = inside
        .iter()
        .filter(|op| matches!(op, DiffOp::Equal { .. }))
        .map(|op| op.old_range().len())
        .sum();
    let enough = same as f64 >= opts.move_similarity.max(0.7) * mx.len().max(my.len()) as f64;
    if !enough || mx.len().min(my.len()) < opts.min_move {
        return None;
    }
    let mut inner: Vec<Raw> = Vec::new();
    let mut open = false;
    for op in inside {
        if matches!(op, DiffOp::Equal { .. }) {
            open = false;
            continue;
        }
        let (oa, ob) = (op.old_range(), op.new_range());
        let (oa, ob) = (
            x.start + oa.start..x.start + oa.end,
            y.start + ob.start..y.start + ob.end,
        );
        match inner.last_mut() {
            Some(r) if open => {
                r.a.end = r.a.end.max(oa.end);
                r.b.end = r.b.end.max(ob.end);
            }
            _ => inner.push(Raw { a: oa, b: ob }),
        }
        open = true;
    }
    let inner = super::group::widen(super::group::merge(inner, opts.merge_gap), a, b);
    Some(Confirmed {
        a: mx,
        b: my,
        inner,
    })
}

/// Split variants into moves and what is left of them. Returns every piece
/// once with whether it is a move, in order of its place in `a`.
pub fn find(raws: &[Raw], a: &[char], b: &[char], opts: &DiffOptions) -> Vec<(Raw, bool)> {
    let fits = |n: usize| n >= opts.min_move && n <= MAX_MOVE;
    let xs: Vec<usize> = (0..raws.len())
        .filter(|&k| fits(raws[k].a.len()))
        .take(MAX_CANDIDATES)
        .collect();
    let ys: Vec<usize> = (0..raws.len())
        .filter(|&k| fits(raws[k].b.len()))
        .take(MAX_CANDIDATES)
        .collect();
    let gx: Vec<Grams> = xs.iter().map(|&k| bigrams(&a[raws[k].a.clone()])).collect();
    let gy: Vec<Grams> = ys.iter().map(|&k| bigrams(&b[raws[k].b.clone()])).collect();
    let mut scored: Vec<(f64, usize, usize)> = Vec::new();
    for (i, x) in gx.iter().enumerate() {
        for (j, y) in gy.iter().enumerate() {
            if xs[i] == ys[j] {
                continue;
            }
            let s = containment(x, y);
            if s >= opts.move_similarity {
                scored.push((s, i, j));
            }
        }
    }
    // Best pairs first; ties by position, so the result does not depend on hashing.
    scored.sort_by(|p, q| q.0.total_cmp(&p.0).then((p.1, p.2).cmp(&(q.1, q.2))));
    let mut budget = BUDGET;
    let mut taken_a: Vec<Option<Range<usize>>> = vec![None; raws.len()];
    let mut taken_b: Vec<Option<Range<usize>>> = vec![None; raws.len()];
    let mut moves: Vec<Confirmed> = Vec::new();
    for (_, i, j) in scored {
        let (kx, ky) = (xs[i], ys[j]);
        let work = raws[kx].a.len() + raws[ky].b.len();
        if taken_a[kx].is_some() || taken_b[ky].is_some() || work > budget {
            continue;
        }
        budget -= work;
        if let Some(m) = confirm(a, raws[kx].a.clone(), b, raws[ky].b.clone(), opts) {
            taken_a[kx] = Some(m.a.clone());
            taken_b[ky] = Some(m.b.clone());
            moves.push(m);
        }
    }
    // A move is listed with the wording variants inside it.
    let mut out: Vec<(Raw, bool)> = Vec::new();
    for m in moves {
        out.push((Raw { a: m.a, b: m.b }, true));
        out.extend(m.inner.into_iter().map(|r| (r, false)));
    }
    for (k, r) in raws.iter().enumerate() {
        let a_parts = minus(&r.a, taken_a[k].as_ref());
        let b_parts = minus(&r.b, taken_b[k].as_ref());
        // What is left: the first pieces of each side together, any second piece alone.
        let first = Raw {
            a: a_parts
                .first()
                .cloned()
                .unwrap_or(gap_at(&r.a, taken_a[k].as_ref())),
            b: b_parts
                .first()
                .cloned()
                .unwrap_or(gap_at(&r.b, taken_b[k].as_ref())),
        };
        if !first.a.is_empty() || !first.b.is_empty() {
            out.push((first.clone(), false));
        }
        if let Some(second) = a_parts.get(1) {
            out.push((
                Raw {
                    a: second.clone(),
                    b: first.b.end..first.b.end,
                },
                false,
            ));
        }
        if let Some(second) = b_parts.get(1) {
            out.push((
                Raw {
                    a: first.a.end..first.a.end,
                    b: second.clone(),
                },
                false,
            ));
        }
    }
    out.sort_by_key(|(r, moved)| (r.a.start, r.a.end, !moved, r.b.start));
    out
}

/// `r` without `cut`: up to two non-empty pieces.
fn minus(r: &Range<usize>, cut: Option<&Range<usize>>) -> Vec<Range<usize>> {
    let Some(c) = cut else {
        return if r.is_empty() {
            vec![]
        } else {
            vec![r.clone()]
        };
    };
    [r.start..c.start, c.end..r.end]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect()
}

/// Where an emptied side sits: at its cut, or where it was.
fn gap_at(r: &Range<usize>, cut: Option<&Range<usize>>) -> Range<usize> {
    let at = cut.map_or(r.start, |c| c.start);
    at..at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_paragraph_inside_a_longer_insertion_is_a_move() {
        let p: Vec<char> = "稀土是重要的战略资源中国依法加强出口管制".chars().collect();
        let a: Vec<char> = p
            .iter()
            .chain("其他".chars().collect::<Vec<_>>().iter())
            .copied()
            .collect();
        let tail: Vec<char> = "后来又有新的内容在这里".chars().collect();
        let b: Vec<char> = "其他"
            .chars()
            .chain(p.iter().copied())
            .chain(tail.iter().copied())
            .collect();
        let raws = vec![
            Raw {
                a: 0..p.len(),
                b: 0..0,
            },
            Raw {
                a: a.len()..a.len(),
                b: 2..b.len(),
            },
        ];
        let found = find(&raws, &a, &b, &DiffOptions::default());
        let moved: Vec<_> = found.iter().filter(|(_, m)| *m).collect();
        assert_eq!(moved.len(), 1, "{found:?}");
        assert_eq!(
            moved[0].0,
            Raw {
                a: 0..p.len(),
                b: 2..2 + p.len()
            }
        );
        // What is left of the insertion is the new tail.
        assert!(found
            .iter()
            .any(|(r, m)| !m && r.b == (2 + p.len()..b.len())));
    }
}
