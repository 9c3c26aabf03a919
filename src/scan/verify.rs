//! Verify a candidate pair: local alignments (shared passages) that survive OCR substitutions and permuted paragraphs.

use crate::scan::keys::{grams, mix, windows, N};
use std::cell::RefCell;

/// One shared passage, as key char ranges `[start, end)` in each document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Local {
    pub a: (usize, usize),
    pub b: (usize, usize),
}

impl Local {
    pub fn len(&self) -> usize {
        (self.a.1 - self.a.0).min(self.b.1 - self.b.0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[derive(Debug, Clone, Copy)]
pub struct AlignOptions {
    /// Shortest passage worth reporting, in key chars.
    pub min_span: usize,
    /// Longest run of differing chars (OCR errors, small edits) inside one passage.
    pub max_gap: usize,
    /// Work cap: seeds examined per pair.
    pub max_seeds: usize,
}

impl Default for AlignOptions {
    fn default() -> Self {
        AlignOptions {
            min_span: 14,
            max_gap: 20,
            max_seeds: 2_000_000,
        }
    }
}

/// Shared passages of two keys, longest first chosen, not overlapping on
/// either side; and whether the seed cap was hit. `keep` sees the n-gram
/// hashes of each candidate passage (on `a`'s side) and may reject it: scan
/// uses it to drop passages made only of stock phrases.
pub fn align(
    a: &[u16],
    b: &[u16],
    opts: &AlignOptions,
    keep: impl Fn(&[u64]) -> bool,
) -> (Vec<Local>, bool) {
    Aligner::new(a).align(b, opts, keep)
}

/// One side of many alignments, indexed once: a document with several
/// candidates pays for its n-gram table once, not once per pair.
pub struct Aligner<'a> {
    a: &'a [u16],
    ga: Vec<u64>,
    where_a: Positions,
    /// Seed buffers reused from pair to pair (an aligner serves one thread).
    scratch: RefCell<Scratch>,
}

#[derive(Default)]
struct Scratch {
    seeds: Vec<(u32, u32)>,
    counts: Vec<u32>,
    sorted: Vec<(usize, usize)>,
}

impl<'a> Aligner<'a> {
    pub fn new(a: &'a [u16]) -> Aligner<'a> {
        let mut ga = Vec::with_capacity(a.len());
        ga.extend(grams(a));
        let where_a = Positions::new(&ga);
        Aligner {
            a,
            ga,
            where_a,
            scratch: RefCell::default(),
        }
    }

    /// [`align`] of the indexed key against `b`.
    pub fn align(
        &self,
        b: &[u16],
        opts: &AlignOptions,
        keep: impl Fn(&[u64]) -> bool,
    ) -> (Vec<Local>, bool) {
        let mut scratch = self.scratch.borrow_mut();
        let Scratch {
            seeds,
            counts,
            sorted,
        } = &mut *scratch;
        let capped = self.seeds(b, opts.max_seeds, seeds);
        by_a(seeds, self.ga.len(), counts, sorted);
        (chain(sorted, (self.a, b, &self.ga), opts, keep), capped)
    }

    /// Every `(i, j)` where `a`'s n-gram at `i` is `b`'s at `j` (at most
    /// eight `i` for one `j`), in `b` order; true when `max` cut them short.
    fn seeds(&self, b: &[u16], max: usize, seeds: &mut Vec<(u32, u32)>) -> bool {
        seeds.clear();
        let mut capped = false;
        // Where `a` last matched `b` char for char on an n-gram found nowhere
        // else in `a`. Copies run along one diagonal for dozens of chars: the
        // next n-gram along it is checked by its one new char, and when it
        // matches and is unique too it is the only seed, found without
        // hashing or probing (the same seeds as the probe would give).
        let mut diagonal: Option<usize> = None;
        'outer: for (j, w) in windows(b).enumerate() {
            let next = diagonal.map(|i| i + 1).filter(|&i| {
                i < self.ga.len() && self.where_a.unique(i) && self.a[i + N - 1] == b[j + N - 1]
            });
            diagonal = None;
            if let Some(i) = next {
                if seeds.len() >= max {
                    capped = true;
                    break;
                }
                seeds.push((i as u32, j as u32));
                diagonal = next;
                continue;
            }
            // A gram repeated very often is boilerplate: its first few places do.
            for i in self.where_a.find(mix(w)).take(8) {
                if seeds.len() >= max {
                    capped = true;
                    break 'outer;
                }
                seeds.push((i, j as u32));
                let i = i as usize;
                diagonal = (self.where_a.unique(i) && self.a[i..i + N] == b[j..j + N]).then_some(i);
            }
        }
        capped
    }
}

/// Seeds, made in `b` order, in `(a, b)` order: a counting sort on `a`'s
/// position (stable, so `b` order holds within one), linear where a
/// comparison sort of the seeds cost more than the rest of the alignment.
fn by_a(seeds: &[(u32, u32)], len_a: usize, next: &mut Vec<u32>, out: &mut Vec<(usize, usize)>) {
    next.clear();
    next.resize(len_a + 1, 0);
    for &(i, _) in seeds {
        next[i as usize + 1] += 1;
    }
    for k in 1..next.len() {
        next[k] += next[k - 1];
    }
    out.clear();
    out.resize(seeds.len(), (0, 0));
    for &(i, j) in seeds {
        let at = &mut next[i as usize];
        out[*at as usize] = (i as usize, j as usize);
        *at += 1;
    }
}

/// Seeds (in `a` order) chained into passages of the keys `a` and `b`
/// (`ga` being `a`'s n-gram hashes), then the passages chosen.
fn chain(
    seeds: &[(usize, usize)],
    (a, b, ga): (&[u16], &[u16], &[u64]),
    opts: &AlignOptions,
    keep: impl Fn(&[u64]) -> bool,
) -> Vec<Local> {
    // Chain seeds into runs along (nearly) one diagonal; a small drift absorbs
    // an inserted or dropped char.
    let mut runs: Vec<Local> = Vec::new();
    let mut active: Vec<usize> = Vec::new();
    for &(i, j) in seeds {
        let d = j as isize - i as isize;
        let found = active.iter().copied().find(|&r| {
            let run = runs[r];
            let rd = run.b.1 as isize - run.a.1 as isize;
            (d - rd).abs() <= 2
                && i + N >= run.a.1
                && i <= run.a.1 + opts.max_gap
                && j + N > run.b.1.saturating_sub(N)
        });
        match found {
            Some(r) => {
                let run = &mut runs[r];
                run.a.1 = run.a.1.max(i + N);
                run.b.1 = run.b.1.max(j + N);
            }
            None => {
                runs.push(Local {
                    a: (i, i + N),
                    b: (j, j + N),
                });
                active.push(runs.len() - 1);
            }
        }
        // Runs left behind by more than a gap can no longer grow (nor match
        // above), so they are dropped now and then, not at every seed.
        if active.len() > 8 {
            active.retain(|&r| runs[r].a.1 + opts.max_gap + N >= i);
        }
    }
    runs.retain(|r| r.len() >= opts.min_span && keep(&ga[r.a.0..r.a.1 + 1 - N]));
    runs.sort_by(|x, y| y.len().cmp(&x.len()).then(x.cmp(y)));
    let mut chosen: Vec<Local> = Vec::new();
    for r in runs {
        // A passage that runs a few chars into a longer one (both end in `…4`)
        // is trimmed to its own part, not dropped.
        if let Some(t) = chosen.iter().try_fold(r, trim) {
            if t.len() >= opts.min_span {
                chosen.push(t);
            }
        }
    }
    chosen.sort();
    // Grown only into what no other passage holds, one after another:
    // grown before choosing, a passage could swallow its neighbour across
    // an inserted char, and the shorter one was then trimmed away.
    for k in 0..chosen.len() {
        let r = chosen[k];
        let others = || {
            chosen
                .iter()
                .enumerate()
                .filter(|&(o, _)| o != k)
                .map(|(_, c)| c)
        };
        let room = |side: fn(&Local) -> (usize, usize), len: usize| {
            let (from, to) = side(&r);
            let lo = others()
                .map(side)
                .filter(|s| s.1 <= from)
                .map(|s| s.1)
                .max();
            let hi = others().map(side).filter(|s| s.0 >= to).map(|s| s.0).min();
            (lo.unwrap_or(0), hi.unwrap_or(len))
        };
        let (room_a, room_b) = (room(|l| l.a, a.len()), room(|l| l.b, b.len()));
        extend(&mut chosen[k], (a, room_a), (b, room_b));
    }
    chosen
}

/// How far past its last mismatch an extension looks for matches again.
const EXTEND_DROP: i32 = N as i32;

/// A passage grown at both ends along its diagonal, char by char, as far as
/// matches keep outnumbering mismatches. Seeds are whole n-grams, so a
/// passage found by them stops up to `N` chars short of a substitution near
/// its end: in a short noisy copy those chars were what fell short of
/// `--cover`: copies of 40 chars with 10 % substitutions were found 61 % of
/// the time, now 83 % (`bench/noise_probe.py`).
/// Each key comes with the range its passage may grow within.
fn extend(
    r: &mut Local,
    (a, room_a): (&[u16], (usize, usize)),
    (b, room_b): (&[u16], (usize, usize)),
) {
    // +1 a match, -1 a mismatch; the farthest point of best score, once the
    // score has fallen `EXTEND_DROP` below it or the keys end.
    let reach = |matches: &mut dyn Iterator<Item = bool>| {
        let (mut score, mut best, mut at) = (0i32, 0i32, 0usize);
        for (k, m) in matches.enumerate() {
            score += if m { 1 } else { -1 };
            if score > best {
                (best, at) = (score, k + 1);
            } else if score < best - EXTEND_DROP {
                break;
            }
        }
        at
    };
    let room = (r.a.0 - room_a.0).min(r.b.0 - room_b.0);
    let back = reach(&mut (1..=room).map(|k| a[r.a.0 - k] == b[r.b.0 - k]));
    r.a.0 -= back;
    r.b.0 -= back;
    let room = (room_a.1 - r.a.1).min(room_b.1 - r.b.1);
    let on = reach(&mut (0..room).map(|k| a[r.a.1 + k] == b[r.b.1 + k]));
    r.a.1 += on;
    r.b.1 += on;
}

/// Where each n-gram of a key occurs: an open-addressing table, since a
/// candidate pair is looked up once and a general hash map's per-gram
/// allocations would cost more than the alignment.
struct Positions {
    /// `(hash, position)`; an empty slot has position `u32::MAX`.
    slots: Vec<(u64, u32)>,
    mask: usize,
    /// Per position: whether no other position has its n-gram.
    unique: Vec<bool>,
    /// One bit per hash value (its top bits), set for those present: most
    /// n-grams of `b` that are not in `a` (the six around each OCR error
    /// in a copy) are turned away here, in a kilobyte that stays in the
    /// nearest cache, rather than by walking the table to an empty slot.
    present: Vec<u64>,
    present_shift: u32,
}

impl Positions {
    fn new(grams: &[u64]) -> Positions {
        let size = (2 * grams.len()).next_power_of_two().max(16);
        let mut slots = vec![(0u64, u32::MAX); size];
        let mut unique = vec![true; grams.len()];
        let mask = size - 1;
        // Four bits per slot: eight or more per n-gram.
        let bits = 4 * size;
        let mut present = vec![0u64; bits / 64];
        let present_shift = u64::BITS - bits.trailing_zeros();
        for (j, &h) in grams.iter().enumerate() {
            let bit = (h >> present_shift) as usize;
            present[bit / 64] |= 1 << (bit % 64);
            let mut s = (h as usize) & mask;
            while slots[s].1 != u32::MAX {
                if slots[s].0 == h {
                    unique[slots[s].1 as usize] = false;
                    unique[j] = false;
                }
                s = (s + 1) & mask;
            }
            slots[s] = (h, j as u32);
        }
        Positions {
            slots,
            mask,
            unique,
            present,
            present_shift,
        }
    }

    fn unique(&self, i: usize) -> bool {
        self.unique[i]
    }

    /// Positions of `h`, in increasing order (they were inserted in order and
    /// a probe walks the chain in insertion order).
    fn find(&self, h: u64) -> impl Iterator<Item = u32> + '_ {
        let bit = (h >> self.present_shift) as usize;
        let mut absent = self.present[bit / 64] & (1 << (bit % 64)) == 0;
        let mut s = (h as usize) & self.mask;
        std::iter::from_fn(move || loop {
            let (hash, pos) = self.slots[s];
            if absent || pos == u32::MAX {
                absent = true;
                return None;
            }
            s = (s + 1) & self.mask;
            if hash == h {
                return Some(pos);
            }
        })
    }
}

/// `r` without the part that overlaps `c` on either side, cut along its own
/// diagonal; `None` when nothing sensible is left.
fn trim(mut r: Local, c: &Local) -> Option<Local> {
    for _ in 0..2 {
        for (mine, theirs) in [(r.a, c.a), (r.b, c.b)] {
            if mine.0 < theirs.1 && theirs.0 < mine.1 {
                let head = theirs.1.saturating_sub(mine.0);
                let tail = mine.1.saturating_sub(theirs.0);
                if mine.0 >= theirs.0 && head < r.len() {
                    r.a.0 += head;
                    r.b.0 += head;
                } else if mine.1 <= theirs.1 && tail < r.len() {
                    r.a.1 -= tail;
                    r.b.1 -= tail;
                } else {
                    return None;
                }
            }
        }
    }
    let clear = |x: (usize, usize), y: (usize, usize)| x.1 <= y.0 || y.1 <= x.0;
    (clear(r.a, c.a) && clear(r.b, c.b)).then_some(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<u16> {
        s.chars().map(crate::scan::keys::code).collect()
    }

    fn align(a: &[u16], b: &[u16], opts: &AlignOptions) -> (Vec<Local>, bool) {
        super::align(a, b, opts, |_| true)
    }

    const P1: &str =
        "中国出台稀土出口管制新规是对国际通行准则的主动对接核心法理依据在于稀土物项的军民两用属性";
    const P2: &str = "若仅从国际博弈视角解读中国稀土新规便遮蔽了中国产业自我革新的深层逻辑回顾过往中国稀土产业曾陷入粗放式发展的困局";

    /// The seeds as found by probing every n-gram of `b`, with no shortcut.
    fn probed(aligner: &Aligner, b: &[u16], max: usize) -> (Vec<(u32, u32)>, bool) {
        let mut seeds = Vec::new();
        for (j, h) in grams(b).enumerate() {
            for i in aligner.where_a.find(h).take(8) {
                if seeds.len() >= max {
                    return (seeds, true);
                }
                seeds.push((i, j as u32));
            }
        }
        (seeds, false)
    }

    proptest::proptest! {
        /// Copies along a diagonal, repeated n-grams (a small alphabet),
        /// substitutions and a seed cap: the shortcut finds what probing finds.
        #[test]
        fn diagonal_shortcut_finds_the_probed_seeds(
            a in proptest::collection::vec(0u16..4, 0..120),
            edits in proptest::collection::vec((0usize..200, 0u16..5), 0..6),
            cut in 0usize..100,
            max in 1usize..400,
        ) {
            let mut b: Vec<u16> = a[cut.min(a.len())..].to_vec();
            b.extend_from_slice(&a);
            for (at, c) in edits {
                if !b.is_empty() {
                    let at = at % b.len();
                    b[at] = c;
                }
            }
            let aligner = Aligner::new(&a);
            let mut seeds = Vec::new();
            let capped = aligner.seeds(&b, max, &mut seeds);
            proptest::prop_assert_eq!((seeds, capped), probed(&aligner, &b, max));
        }
    }

    #[test]
    fn passages_reach_past_substitutions_near_their_ends() {
        // Substitutions 2 chars from each end: no seed covers either end.
        let a = chars(P1);
        let mut b = a.clone();
        let n = b.len();
        b[2] = 1;
        b[n - 3] = 1;
        let (locals, _) = align(&a, &b, &AlignOptions::default());
        assert_eq!(
            locals,
            [Local {
                a: (0, n),
                b: (0, n)
            }]
        );
        // Unrelated text around a shared passage is not taken in.
        let shared = chars(P2);
        let a = [chars("甲乙丙丁戊己"), shared.clone(), chars("子丑寅卯辰巳")].concat();
        let b = [chars("天地玄黄宇宙"), shared.clone(), chars("日月盈昃辰宿")].concat();
        let (locals, _) = align(&a, &b, &AlignOptions::default());
        let len = shared.len();
        assert_eq!(
            locals,
            [Local {
                a: (6, 6 + len),
                b: (6, 6 + len)
            }]
        );
    }

    #[test]
    fn permuted_paragraphs_are_separate_passages() {
        let a = chars(&format!("{P1}{P2}"));
        let b = chars(&format!("{P2}{P1}"));
        let (locals, capped) = align(&a, &b, &AlignOptions::default());
        assert!(!capped);
        assert_eq!(locals.len(), 2, "{locals:?}");
    }

    #[test]
    fn ocr_substitutions_do_not_break_a_passage() {
        let clean = chars(P2);
        let mut noisy = clean.clone();
        for k in [7, 19, 33, 48] {
            noisy[k] = '口' as u16;
        }
        let (locals, _) = align(&clean, &noisy, &AlignOptions::default());
        assert_eq!(locals.len(), 1);
        assert!(locals[0].len() >= clean.len() - 2 * N, "{locals:?}");
    }

    #[test]
    fn a_passage_that_touches_its_neighbour_is_trimmed_not_dropped() {
        let c = Local {
            a: (0, 40),
            b: (0, 40),
        };
        let r = Local {
            a: (39, 80),
            b: (100, 141),
        };
        assert_eq!(
            trim(r, &c),
            Some(Local {
                a: (40, 80),
                b: (101, 141)
            })
        );
        assert!(trim(
            Local {
                a: (5, 30),
                b: (5, 30)
            },
            &c
        )
        .is_none());
    }

    #[test]
    fn unrelated_texts_share_nothing() {
        let (locals, _) = align(&chars(P1), &chars(P2), &AlignOptions::default());
        assert!(locals.is_empty());
    }

    #[test]
    fn rejected_passages_are_not_reported() {
        let a = chars(&format!("{P1}{P2}"));
        let b = chars(&format!("{P2}一二三四五六七八九{P1}"));
        let p1_grams: Vec<u64> = crate::scan::keys::grams(&chars(P1)).collect();
        let (locals, _) = super::align(&a, &b, &AlignOptions::default(), |g| {
            g.iter().any(|h| !p1_grams.contains(h))
        });
        assert_eq!(locals.len(), 1, "{locals:?}");
        assert_eq!(locals[0].a.0, P1.chars().count());
    }
}
