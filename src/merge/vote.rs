//! Choosing between readings: majority first, then the reading that is not suspicious.
//!
//! With two witnesses there is no majority, and most differences are real
//! wording changes (`质量`/`质效`) where the base is kept. A reading loses the
//! tie only when something marks it as a copying or recognition error: a
//! traditional/variant char in simplified text, a doubled char (`卡卡`), a char
//! found nowhere else in the run, or a look-alike char (`人住` for `入住`)
//! where only the other reading forms a known word.

use crate::hash::FxHashMap;
use crate::normalize::tape::is_han;
use crate::normalize::variants;
use crate::segment::plausibility::is_word;

/// Chars that OCR engines mistake for one another, in pairs.
const LOOK_ALIKES: &[(char, char)] = &[
    ('人', '入'),
    ('入', '八'),
    ('己', '已'),
    ('已', '巳'),
    ('未', '末'),
    ('土', '士'),
    ('日', '曰'),
    ('戊', '戌'),
    ('戌', '戍'),
    ('大', '太'),
    ('太', '犬'),
    ('王', '玉'),
    ('天', '夭'),
    ('木', '本'),
    ('千', '干'),
    ('干', '于'),
    ('田', '由'),
    ('由', '甲'),
    ('甲', '申'),
    ('刀', '力'),
    ('候', '侯'),
    ('拔', '拨'),
    ('准', '淮'),
    ('汩', '汨'),
    ('坏', '环'),
    ('未', '朱'),
    ('今', '令'),
    ('析', '折'),
    ('洒', '酒'),
    ('另', '别'),
];

fn look_alike(x: char, y: char) -> bool {
    LOOK_ALIKES
        .iter()
        .any(|&(a, b)| (a, b) == (x, y) || (b, a) == (x, y))
}

/// How often each char occurs across every text of the run.
///
/// Han chars of the BMP are counted in a dense table (a hash lookup per char
/// was a tenth of a streamed merge's time); the rest in a map.
#[derive(Debug, Default, Clone)]
pub struct Evidence {
    /// Counts of chars `DENSE_FROM..DENSE_TO`, by code point; empty until the first count.
    dense: Vec<u32>,
    rest: FxHashMap<char, u32>,
}

/// The code points counted densely: every BMP Han range of [`is_han`].
const DENSE_FROM: u32 = 0x3000;
const DENSE_TO: u32 = 0xFB00;

impl Evidence {
    pub fn new<'a>(texts: impl IntoIterator<Item = &'a str>) -> Evidence {
        let mut ev = Evidence::default();
        for t in texts {
            ev.add(t);
        }
        ev
    }

    /// Counts the chars of one more text (a run read in batches).
    pub fn add(&mut self, text: &str) {
        for c in text.chars().filter(|&c| is_han(c)) {
            *self.slot(c) += 1;
        }
    }

    /// The chars of `text` that [`Evidence::add`] counts, for counting later
    /// ([`Evidence::add_chars`]) where the text itself is not kept.
    pub fn counted_chars(text: &str) -> Vec<char> {
        text.chars().filter(|&c| is_han(c)).collect()
    }

    /// Counts chars as [`Evidence::counted_chars`] gave them.
    pub fn add_chars(&mut self, chars: &[char]) {
        for &c in chars {
            *self.slot(c) += 1;
        }
    }

    fn slot(&mut self, c: char) -> &mut u32 {
        let u = c as u32;
        if (DENSE_FROM..DENSE_TO).contains(&u) {
            if self.dense.is_empty() {
                self.dense = vec![0; (DENSE_TO - DENSE_FROM) as usize];
            }
            &mut self.dense[(u - DENSE_FROM) as usize]
        } else {
            self.rest.entry(c).or_default()
        }
    }

    /// Adds another part of the run's counts to these (sums: order does not matter).
    pub fn absorb(&mut self, other: Evidence) {
        if self.dense.is_empty() {
            self.dense = other.dense;
        } else {
            for (a, b) in self.dense.iter_mut().zip(&other.dense) {
                *a += b;
            }
        }
        for (c, n) in other.rest {
            *self.rest.entry(c).or_default() += n;
        }
    }

    /// Every counted char with its count, in char order (for a run counted in
    /// parts elsewhere: Spark). A count of 0 is not listed.
    pub fn counts(&self) -> Vec<(char, u32)> {
        let dense = self.dense.iter().enumerate().filter(|(_, &n)| n > 0);
        let dense = dense.filter_map(|(i, &n)| Some((char::from_u32(DENSE_FROM + i as u32)?, n)));
        let rest = self.rest.iter().filter(|(_, &n)| n > 0);
        let mut all: Vec<(char, u32)> = dense.chain(rest.map(|(&c, &n)| (c, n))).collect();
        all.sort_unstable();
        all
    }

    /// Counts summed elsewhere, as [`Evidence::counts`] gives them (a char twice: summed).
    pub fn from_counts(counts: impl IntoIterator<Item = (char, u32)>) -> Evidence {
        let mut ev = Evidence::default();
        for (c, n) in counts {
            let e = ev.slot(c);
            *e = e.saturating_add(n);
        }
        ev
    }

    fn count(&self, c: char) -> u32 {
        let u = c as u32;
        if (DENSE_FROM..DENSE_TO).contains(&u) {
            self.dense
                .get((u - DENSE_FROM) as usize)
                .copied()
                .unwrap_or(0)
        } else {
            self.rest.get(&c).copied().unwrap_or(0)
        }
    }
}

/// A reading in its place: the text and the chars either side of it.
#[derive(Debug, Clone, Copy)]
pub struct InContext<'a> {
    pub text: &'a str,
    pub left: &'a str,
    pub right: &'a str,
    /// How many witnesses have this reading here.
    pub votes: usize,
}

impl InContext<'_> {
    /// The reading with its neighbours, as chars.
    fn joined(&self) -> Vec<char> {
        let sides = self.left.chars().chain(self.text.chars());
        sides.chain(self.right.chars()).collect()
    }
}

/// Why `r` looks like an error next to `other`, if it does.
pub fn suspicion(r: &InContext, other: &InContext, ev: &Evidence) -> Option<String> {
    let variant = |t: &str| t.chars().filter(|&c| variants::lookup(c).is_some()).count();
    if variant(r.text) > variant(other.text) {
        return Some("traditional or variant character".to_string());
    }
    let doubles = |x: &InContext| {
        let s = x.joined();
        s.windows(2)
            .filter(|w| w[0] == w[1] && is_han(w[0]))
            .count()
    };
    if doubles(r) > doubles(other) {
        return Some("doubled character".to_string());
    }
    // A char this reading alone uses, nowhere else in the run.
    let other_chars: Vec<char> = other.text.chars().collect();
    if let Some(c) = r
        .text
        .chars()
        .find(|&c| is_han(c) && !other_chars.contains(&c) && ev.count(c) as usize <= r.votes)
    {
        if other
            .text
            .chars()
            .all(|c| ev.count(c) as usize > other.votes)
        {
            return Some(format!("`{c}` found nowhere else in the run"));
        }
    }
    look_alike_error(r, other)
}

/// `入住` read as `人住`: one look-alike char apart, and only the other reading
/// makes a word with its neighbours.
fn look_alike_error(r: &InContext, other: &InContext) -> Option<String> {
    let (a, b): (Vec<char>, Vec<char>) = (r.text.chars().collect(), other.text.chars().collect());
    if a.len() != b.len() {
        return None;
    }
    let mut diffs = a.iter().zip(&b).enumerate().filter(|(_, (x, y))| x != y);
    let (at, (&x, &y)) = diffs.next()?;
    if diffs.next().is_some() || !look_alike(x, y) {
        return None;
    }
    let words = |x: &InContext| {
        let s = x.joined();
        let pos = x.left.chars().count() + at;
        let mut n = 0;
        for len in 2..=4 {
            for start in (pos + 1).saturating_sub(len)..=pos {
                if start + len <= s.len()
                    && is_word(&s[start..start + len].iter().collect::<String>())
                {
                    n += 1;
                }
            }
        }
        n
    };
    (words(r) < words(other)).then(|| format!("look-alike `{x}` for `{y}`"))
}

/// Index of the chosen reading among `readings` (the base's first) and why.
pub fn choose(readings: &[InContext], ev: &Evidence) -> (usize, String) {
    let top = readings.iter().map(|r| r.votes).max().unwrap_or(0);
    let leaders: Vec<usize> = (0..readings.len())
        .filter(|&i| readings[i].votes == top)
        .collect();
    if leaders.len() == 1 {
        return (leaders[0], "majority".to_string());
    }
    // Among tied readings, one that is suspicious next to another loses.
    let clean: Vec<(usize, Option<String>)> = leaders
        .iter()
        .map(|&i| {
            let why = leaders
                .iter()
                .filter(|&&j| j != i)
                .find_map(|&j| suspicion(&readings[i], &readings[j], ev));
            (i, why)
        })
        .collect();
    let unsuspicious: Vec<usize> = clean
        .iter()
        .filter(|c| c.1.is_none())
        .map(|c| c.0)
        .collect();
    if unsuspicious.len() == 1 {
        let why = clean
            .iter()
            .filter_map(|c| c.1.clone())
            .collect::<Vec<_>>()
            .join("; ");
        return (
            unsuspicious[0],
            format!("tie: the other reading has a {why}"),
        );
    }
    (leaders[0], "tie: kept base".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r<'a>(text: &'a str, left: &'a str, right: &'a str) -> InContext<'a> {
        InContext {
            text,
            left,
            right,
            votes: 1,
        }
    }

    #[test]
    fn real_wording_differences_keep_the_base() {
        let ev = Evidence::new(["提高服务质量", "提高服务质效"]);
        let (i, why) = choose(&[r("量", "服务质", "和"), r("效", "服务质", "和")], &ev);
        assert_eq!((i, why.as_str()), (0, "tie: kept base"));
    }

    #[test]
    fn copying_errors_lose_a_tie() {
        let ev = Evidence::new(["依法纳稅", "依法纳税", "卡卡住", "卡住", "入住率", "人住率"]);
        let (i, why) = choose(&[r("稅", "纳", "和"), r("税", "纳", "和")], &ev);
        assert_eq!(i, 1, "{why}");
        assert!(why.contains("variant"), "{why}");
        let (i, why) = choose(&[r("卡卡", "被", "住"), r("卡", "被", "住")], &ev);
        assert_eq!(i, 1, "{why}");
        let (i, why) = choose(
            &[r("人", "趣社团", "住快三"), r("入", "趣社团", "住快三")],
            &ev,
        );
        assert_eq!(i, 1, "{why}");
        assert!(why.contains("look-alike"), "{why}");
    }

    #[test]
    fn a_majority_wins_without_judging() {
        let ev = Evidence::default();
        let mut three = r("效", "", "");
        three.votes = 2;
        assert_eq!(choose(&[r("量", "", ""), three], &ev).0, 1);
    }
}
