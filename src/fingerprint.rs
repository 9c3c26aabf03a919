//! Comparison keys and their character n-gram fingerprints (pure functions, no random seeds).

use crate::hash::hash_chars;
use crate::model::Span;

/// Length of the n-grams that index and seed alignments. Six Chinese chars are
/// rare enough to mean something and short enough that a 5 % OCR error rate
/// leaves most of them intact (0.95^6 ≈ 0.74).
pub const N: usize = 6;

/// The folded text two copies are compared on: Han chars, other non-Latin
/// letters and digits (whitespace and punctuation in any width vanish), with
/// each char's source byte range. ASCII letters are left out: English
/// summaries share sub-word letter runs (`ation`, `the N`) that say nothing
/// about reprinting, and Chinese copies never differ only in them.
#[derive(Debug, Clone, Default)]
pub struct Key {
    pub chars: Vec<char>,
    pub map: Vec<Span>,
}

pub fn key(text: &str, map: &[Span]) -> Key {
    let mut k = Key::default();
    for (c, span) in text.chars().zip(map) {
        if c.is_alphanumeric() && !c.is_ascii_alphabetic() {
            k.chars.push(c);
            k.map.push(*span);
        }
    }
    k
}

impl Key {
    /// Source byte range of key chars `[start, end)`: the smallest range holding
    /// all their bytes. A stitched article's chars are in reading order, not
    /// source order, so a passage across a junction can end before it starts in
    /// the file (fuzzing found `[441, 383]`); first/last char alone is not enough.
    pub fn source_span(&self, start: usize, end: usize) -> Span {
        self.map[start..end]
            .iter()
            .fold([u32::MAX, 0], |[lo, hi], s| [lo.min(s[0]), hi.max(s[1])])
    }
}

/// The hash of every n-gram, by position.
pub fn grams(key: &[char]) -> Vec<u64> {
    key.windows(N).map(hash_chars).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_folds_spacing_and_punctuation_away() {
        let a = "（一）有效扩大社会保障覆盖面。";
        let b = "(一) 有效扩大社会保障覆盖面.";
        let span = |s: &str| vec![[0u32, 1u32]; s.chars().count()];
        assert_eq!(key(a, &span(a)).chars, key(b, &span(b)).chars);
    }

    #[test]
    fn grams_are_positional_and_deterministic() {
        let k: Vec<char> = "一二三四五六七".chars().collect();
        let g = grams(&k);
        assert_eq!(g.len(), 2);
        assert_eq!(g, grams(&k));
        assert_ne!(g[0], g[1]);
    }
}
