//! Template twins: two copies by coverage that differ in names, places, dates and numbers, not in OCR noise.
//!
//! Telegrams, notices and warnings issued from one template share most of
//! their text, so coverage calls them copies. What gives them away is where
//! the keys differ inside the aligned passages: an OCR copy differs in
//! scattered single chars, a template twin in *slots*, places where a run
//! of two or more chars stands for another (土耳其/墨西哥) or a number
//! differs (6日/8日), the same replacement often recurring.

use crate::model::SharedSpan;
use crate::scan::keys::KeySpans;
use crate::scan::verify::Local;

/// Longest run of differing chars on either side that is still one slot
/// (阿拉伯联合酋长国 is 8, a list of regions in a weather warning 15):
/// longer differences are rewritten text, not a filled-in template.
const MAX_SLOT: usize = 16;

/// Longest pair of stretches told apart by edit distance (the stretch
/// between two passages of a notice dense with slots is about 30 chars);
/// a longer one is taken whole, and is then too long for a slot.
const MAX_DP: usize = 64;

/// Farthest an alignment is searched for its next matching stretch after a
/// mismatch, both sides together: the chars a passage bridges (20) on each.
const MAX_RESYNC: usize = 48;

/// Matching chars that resume an alignment after a mismatch (fewer at the
/// passage's end).
const ANCHOR: usize = 4;

/// A place where two keys differ, as key char ranges `[start, end)`; one
/// side may be empty (an insertion or deletion).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Edit {
    pub a: (usize, usize),
    pub b: (usize, usize),
}

impl Edit {
    fn len_a(&self) -> usize {
        self.a.1 - self.a.0
    }

    fn len_b(&self) -> usize {
        self.b.1 - self.b.0
    }
}

/// What a place where the keys differ says about the pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A number differs (a date, a count, a document number).
    Number,
    /// A run of two or more chars replaced by another (a name, a place).
    Word,
    /// A single-char substitution: what OCR does.
    Minor,
}

/// One side of a pair: its key, and where its chars are in the source when
/// that is known (it tells a decimal point from a range's dash).
#[derive(Clone, Copy)]
pub struct Side<'k> {
    pub key: &'k [u16],
    pub spans: Option<&'k KeySpans>,
}

impl Side<'_> {
    /// Whether key chars `k - 1` and `k` (when both exist) are one number
    /// in the source: at most one byte (`.`, `,`, `-`) between them.
    fn glued(&self, k: usize) -> bool {
        k == 0
            || k >= self.key.len()
            || self.spans.is_none_or(|s| {
                let (end, start) = (s.source_span(k - 1, k)[1], s.source_span(k, k + 1)[0]);
                start >= end && start - end <= 1
            })
    }

    /// Key range `r` grown over the digits glued to it on either side.
    fn number(&self, (mut start, mut end): (usize, usize)) -> (usize, usize) {
        let key = self.key;
        while start > 0 && is_digit(key[start - 1]) && self.glued(start) {
            start -= 1;
        }
        while end < key.len() && is_digit(key[end]) && self.glued(end) {
            end += 1;
        }
        (start, end)
    }
}

/// A differing place: edits of a number taken together (2月6日/9月8日 is one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    pub a: (usize, usize),
    pub b: (usize, usize),
    pub kind: Kind,
}

/// The substantive slots (numbers and words) of a pair that is a template
/// twin, in `a` order; `None` for a copy. `locals` are the pair's shared
/// passages, as [`crate::scan::verify`] gives them.
///
/// The rule: one replacement that recurs (土耳其/墨西哥 twice), or three
/// substantive slots with a number among them; and no more single-char
/// substitutions than substantive slots. Two adjacent OCR errors make a
/// two-char slot, and a noisy copy has a few of them, but they never recur
/// and OCR noise rarely hits a digit; it makes many more single-char
/// substitutions than two-char runs, so a noisy copy does not qualify
/// either way. Filled-in templates differ in dates and numbers, and their
/// names recur (in the headline and the lead).
pub fn twins(a: Side, b: Side, locals: &[Local]) -> Option<Vec<Slot>> {
    let (mut found, mut minor) = (Vec::new(), 0);
    each_slot(a, b, &edits(a.key, b.key, locals), |s| match s.kind {
        Kind::Minor => minor += 1,
        _ => found.push(s),
    });
    let (a, b) = (a.key, b.key);
    let text = |s: &Slot| (&a[s.a.0..s.a.1], &b[s.b.0..s.b.1]);
    let recurs = found
        .iter()
        .enumerate()
        .any(|(k, s)| found[..k].iter().any(|t| text(t) == text(s)));
    let numbers = found.iter().filter(|s| s.kind == Kind::Number).count();
    let evidence = recurs || (found.len() >= 3 && numbers >= 1);
    (evidence && found.len() >= minor).then_some(found)
}

/// Substantive slots as the output shows them: each side's key chars and
/// their source bytes.
pub fn described(slots: &[Slot], a: Side, b: Side) -> Vec<crate::model::Slot> {
    let chars = |k: &[u16], r: (usize, usize)| {
        k[r.0..r.1]
            .iter()
            .map(|&c| char::from_u32(u32::from(c)).unwrap_or('\u{FFFD}'))
            .collect()
    };
    slots
        .iter()
        .map(|s| crate::model::Slot {
            a: chars(a.key, s.a),
            b: chars(b.key, s.b),
            span: SharedSpan {
                a: a.spans.map_or([0, 0], |k| k.source_span(s.a.0, s.a.1)),
                b: b.spans.map_or([0, 0], |k| k.source_span(s.b.0, s.b.1)),
            },
        })
        .collect()
}

/// Where the keys differ inside the shared passages, in `a` order: every
/// passage walked char by char, and the stretch between two passages that
/// follow each other on both sides.
pub fn edits(a: &[u16], b: &[u16], locals: &[Local]) -> Vec<Edit> {
    let mut sorted = locals.to_vec();
    sorted.sort();
    // A copy has a few dozen edits: most pairs never grow this.
    let mut out = Vec::with_capacity(64);
    let mut prev: Option<Local> = None;
    for l in sorted {
        if let Some(p) = prev.filter(|p| l.a.0 >= p.a.1 && l.b.0 >= p.b.1) {
            region(a, b, (p.a.1, l.a.0), (p.b.1, l.b.0), &mut out);
        }
        walk(a, b, &l, &mut out);
        prev = Some(l);
    }
    out
}

/// The edits inside one passage: along its diagonal while the keys agree,
/// and after a mismatch on from the nearest point where they agree again.
fn walk(a: &[u16], b: &[u16], l: &Local, out: &mut Vec<Edit>) {
    let (mut i, mut j) = (l.a.0, l.b.0);
    let (ea, eb) = (l.a.1, l.b.1);
    while i < ea && j < eb {
        let same = common_prefix(&a[i..ea], &b[j..eb]);
        (i, j) = (i + same, j + same);
        if i == ea || j == eb {
            break;
        }
        // Most mismatches in a copy are one char misread: the next agrees.
        // (Were it an insertion, the next would agree only by chance, and
        // the walk would be put right at the next mismatch.)
        if i + 1 < ea && j + 1 < eb && a[i + 1] == b[j + 1] {
            out.push(Edit {
                a: (i, i + 1),
                b: (j, j + 1),
            });
            (i, j) = (i + 1, j + 1);
            continue;
        }
        // Too tangled to follow: the rest of the passage says nothing.
        let Some((di, dj)) = resync(a, b, (i, ea), (j, eb)) else {
            return;
        };
        region(a, b, (i, i + di), (j, j + dj), out);
        (i, j) = (i + di, j + dj);
    }
    region(a, b, (i, ea), (j, eb), out);
}

/// How far `x` and `y` agree from their starts, eight chars at a time (a
/// copy agrees for dozens of chars between two mismatches).
fn common_prefix(x: &[u16], y: &[u16]) -> usize {
    let n = x.len().min(y.len());
    let mut k = 0;
    while k + 8 <= n && x[k..k + 8] == y[k..k + 8] {
        k += 8;
    }
    k + x[k..n]
        .iter()
        .zip(&y[k..n])
        .take_while(|(p, q)| p == q)
        .count()
}

/// Whether `a` from `x` and `b` from `y` agree for [`ANCHOR`] chars.
fn anchored(a: &[u16], b: &[u16], x: usize, y: usize) -> bool {
    match (a.get(x..x + ANCHOR), b.get(y..y + ANCHOR)) {
        (Some(p), Some(q)) => p == q,
        _ => false,
    }
}

/// The nearest `(di, dj)` (fewest chars skipped, then most balanced) from
/// which `a[i..ea]` and `b[j..eb]` agree for [`ANCHOR`] chars, or to their ends.
fn resync(
    a: &[u16],
    b: &[u16],
    (i, ea): (usize, usize),
    (j, eb): (usize, usize),
) -> Option<(usize, usize)> {
    let agree = |x: usize, y: usize| {
        let (ra, rb) = (ea - x, eb - y);
        if ra >= ANCHOR && rb >= ANCHOR {
            anchored(a, b, x, y)
        } else {
            a[x..ea] == b[y..eb]
        }
    };
    for d in 1..=MAX_RESYNC {
        for skew in (d % 2..=d).step_by(2) {
            let (long, short) = ((d + skew) / 2, (d - skew) / 2);
            for (di, dj) in [(long, short), (short, long)] {
                if i + di <= ea && j + dj <= eb && agree(i + di, j + dj) {
                    return Some((di, dj));
                }
                if skew == 0 {
                    break;
                }
            }
        }
    }
    None
}

/// The edits of `a[ra]` against `b[rb]`, two stretches that differ: their
/// common ends trimmed, the rest split by edit distance.
fn region(a: &[u16], b: &[u16], ra: (usize, usize), rb: (usize, usize), out: &mut Vec<Edit>) {
    let (mut x, mut y) = (&a[ra.0..ra.1], &b[rb.0..rb.1]);
    let head = x.iter().zip(y).take_while(|(p, q)| p == q).count();
    (x, y) = (&x[head..], &y[head..]);
    let tail = x
        .iter()
        .rev()
        .zip(y.iter().rev())
        .take_while(|(p, q)| p == q)
        .count();
    (x, y) = (&x[..x.len() - tail], &y[..y.len() - tail]);
    let (sa, sb) = (ra.0 + head, rb.0 + head);
    if x.is_empty() && y.is_empty() {
        return;
    }
    if x.len() <= 1 || y.len() <= 1 || x.len() > MAX_DP || y.len() > MAX_DP {
        out.push(Edit {
            a: (sa, sa + x.len()),
            b: (sb, sb + y.len()),
        });
        return;
    }
    split(x, y, (sa, sb), out);
}

/// Edits of two short stretches by edit distance without substitutions (a
/// longest common subsequence, as `diff` finds): the runs between matching
/// chars, so clustered OCR errors with a clean char between them stay
/// single-char edits, and 全面战略/战略合作 is two insertions, not a slot.
/// Stretches too long for one slot on both sides are split only when they
/// have a third of the shorter in common, as a filled-in template does:
/// two unrelated sentences of 17-40 chars have 5 % in common (median;
/// 20 % at the 99th percentile, pairs of the samples), all of it chance.
fn split(x: &[u16], y: &[u16], (sa, sb): (usize, usize), out: &mut Vec<Edit>) {
    let (n, m) = (x.len(), y.len());
    let w = m + 1;
    // Most stretches are a few chars: their table needs no allocation.
    let (mut small, mut large) = ([0u8; 100], Vec::new());
    let cost: &mut [u8] = if (n + 1) * w <= small.len() {
        &mut small
    } else {
        large.resize((n + 1) * w, 0);
        &mut large
    };
    for i in 0..=n {
        for j in 0..=m {
            cost[i * w + j] = match (i, j) {
                (0, _) => j as u8,
                (_, 0) => i as u8,
                _ => {
                    let indel = (cost[(i - 1) * w + j] + 1).min(cost[i * w + j - 1] + 1);
                    if x[i - 1] == y[j - 1] {
                        indel.min(cost[(i - 1) * w + j - 1])
                    } else {
                        indel
                    }
                }
            };
        }
    }
    let common = (n + m - cost[n * w + m] as usize) / 2;
    if n.min(m) > MAX_SLOT && 3 * common < n.min(m) {
        out.push(Edit {
            a: (sa, sa + n),
            b: (sb, sb + m),
        });
        return;
    }
    // Back from the end; a run of non-matches is closed at each match.
    let (mut i, mut j) = (n, m);
    let mut run: Option<(usize, usize)> = None;
    let mut found = Vec::new();
    let close = |run: &mut Option<(usize, usize)>, i: usize, j: usize, found: &mut Vec<Edit>| {
        if let Some((ei, ej)) = run.take() {
            found.push(Edit {
                a: (sa + i, sa + ei),
                b: (sb + j, sb + ej),
            });
        }
    };
    while i > 0 || j > 0 {
        let here = cost[i * w + j];
        if i > 0 && j > 0 && x[i - 1] == y[j - 1] && here == cost[(i - 1) * w + j - 1] {
            close(&mut run, i, j, &mut found);
            (i, j) = (i - 1, j - 1);
            continue;
        }
        run.get_or_insert((i, j));
        if i > 0 && here == cost[(i - 1) * w + j] + 1 {
            i -= 1;
        } else {
            j -= 1;
        }
    }
    close(&mut run, 0, 0, &mut found);
    out.extend(found.into_iter().rev());
}

fn is_digit(c: u16) -> bool {
    (u16::from(b'0')..=u16::from(b'9')).contains(&c)
}

/// Whether either side of an edit has a digit.
fn digits(a: &[u16], b: &[u16], e: &Edit) -> bool {
    a[e.a.0..e.a.1]
        .iter()
        .chain(&b[e.b.0..e.b.1])
        .any(|&c| is_digit(c))
}

/// Edits (in `a` order) as slots: edits of one number, or substitutions a
/// char apart, are one; insertions and deletions are none; a slot longer
/// than `MAX_SLOT` chars is rewritten text, not a slot. A number slot covers
/// the whole number on each side and the unit after it (2月6日/9月8日).
pub fn slots(sa: Side, sb: Side, edits: &[Edit]) -> Vec<Slot> {
    let mut out = Vec::with_capacity(edits.len());
    each_slot(sa, sb, edits, |s| out.push(s));
    out
}

/// [`slots`], each handed to `f` as it is found.
fn each_slot(sa: Side, sb: Side, edits: &[Edit], mut f: impl FnMut(Slot)) {
    let (a, b) = (sa.key, sb.key);
    // An edit of a number takes all of it: digits in common are chance (08/20).
    let whole = |e: &Edit| match digits(a, b, e) {
        true => (
            Edit {
                a: sa.number(e.a),
                b: sb.number(e.b),
            },
            true,
        ),
        false => (*e, false),
    };
    let mut next = edits.first().map(whole);
    let mut k = 0;
    while let Some(first) = next {
        let (mut ra, mut rb) = (first.0.a, first.0.b);
        let (mut number, mut word, mut last) = (false, false, first);
        loop {
            let e = &edits[k];
            number |= last.1;
            word |= e.len_a() >= 2 && e.len_b() >= 2;
            k += 1;
            next = edits.get(k).map(whole);
            match next {
                Some(q) if joined(a, last, q) => {
                    (ra.0, rb.0) = (ra.0.min(q.0.a.0), rb.0.min(q.0.b.0));
                    (ra.1, rb.1) = (ra.1.max(q.0.a.1), rb.1.max(q.0.b.1));
                    last = q;
                }
                _ => break,
            }
        }
        let (la, lb) = (ra.1 - ra.0, rb.1 - rb.0);
        if la == 0 || lb == 0 || la > MAX_SLOT || lb > MAX_SLOT {
            continue;
        }
        let kind = match (number, word) {
            (true, _) => Kind::Number,
            (false, true) => Kind::Word,
            _ => Kind::Minor,
        };
        let unit = number && ra.1 < a.len() && rb.1 < b.len() && a[ra.1] == b[rb.1];
        if unit && is_unit(a[ra.1]) {
            (ra.1, rb.1) = (ra.1 + 1, rb.1 + 1);
        }
        f(Slot { a: ra, b: rb, kind });
    }
}

/// Whether edit `q` (the next in `a` order) is one slot with `p`, each
/// given with whether it has a digit: parts of one number (overlapping
/// once each covers its number, or with only digits between), or
/// substitutions of a kind a char apart (2月6日 against 9月8日; 遇难者家属
/// against 遇滩者冢属 is one place of OCR damage, not two).
fn joined(a: &[u16], (p, pn): (Edit, bool), (q, qn): (Edit, bool)) -> bool {
    let both = |e: Edit| e.len_a() > 0 && e.len_b() > 0;
    if q.a.0 <= p.a.1 && (p.b.0..=p.b.1).contains(&q.b.0) {
        return true;
    }
    match (q.a.0.checked_sub(p.a.1), q.b.0.checked_sub(p.b.1)) {
        (Some(x), Some(y)) if x == y => {
            a[p.a.1..q.a.0].iter().all(|&c| is_digit(c))
                || (x <= 1 && both(p) && both(q) && pn == qn)
        }
        _ => false,
    }
}

/// Units a number slot takes in when both sides have one after it, so that
/// it reads 6日/8日, not 6/8.
const UNITS: &str = "年月日时分秒号期届万亿千百元人名位例户家个岁次级度米吨倍条项件起";

fn is_unit(c: u16) -> bool {
    char::from_u32(u32::from(c)).is_some_and(|c| UNITS.contains(c))
}

#[cfg(test)]
mod tests;
