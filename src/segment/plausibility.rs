//! How plausible a join of two text fragments is: character n-gram counts of the corpus being processed plus a shipped word list.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// Common words (2–4 Han chars) from jieba's dictionary (MIT); see `scripts/gen_lexicon.py`.
const LEXICON: &str = include_str!("lexicon.txt");

fn lexicon() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| LEXICON.lines().collect())
}

/// Whether `word` is in the shipped word list (2–4 Han chars).
pub fn is_word(word: &str) -> bool {
    lexicon().contains(word)
}

/// The score a junction gets when another text prints it whole: above any
/// n-gram count evidence.
const COPY_EVIDENCE: f64 = 8.0;

use crate::hash::{pack as key, FxBuild};

/// Counts of the 2–4 char n-grams of a corpus, within paragraphs. Only n-grams
/// of letters and digits are kept: junctions are judged on nothing else.
#[derive(Debug, Default)]
pub struct NgramCounts {
    counts: HashMap<u128, u32, FxBuild>,
    /// Every 6-gram printed in the run: a junction another copy prints whole
    /// (`抓住发展` + `新机遇。`) is as good as confirmed.
    long: HashSet<u128, FxBuild>,
    /// Chars seen; past [`LONG_GRAM_BUDGET`] no more 6-grams are stored.
    seen: usize,
}

/// Particles and suffixes that never open a sentence of news prose, nor a word
/// that does (`过去`, `地方`, `着力`, `于是` are why 过 地 着 于 are not here). (Counting
/// openings in the run instead fails: a run is too small to tell `国`, which
/// opens few sentences because it mostly ends words, from `的`.)
const NEVER_OPENS: &str = "的们者吗呢吧等并且也都化性";

/// How many chars of corpus feed the 6-gram set (bounded memory on big runs).
const LONG_GRAM_BUDGET: usize = 20_000_000;

impl NgramCounts {
    /// Distinct 2–4-grams counted, and 6-grams kept: what the statistics hold.
    pub fn len(&self) -> usize {
        self.counts.len() + self.long.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn add_paragraph(&mut self, chars: &[char]) {
        self.seen += chars.len();
        if self.seen <= LONG_GRAM_BUDGET {
            for w in chars.windows(6) {
                if w.iter().all(|c| c.is_alphanumeric()) {
                    self.long.insert(key(w));
                }
            }
        }
        for n in 2..=4 {
            for w in chars.windows(n) {
                if w.iter().all(|c| c.is_alphanumeric()) {
                    *self.counts.entry(key(w)).or_default() += 1;
                }
            }
        }
    }

    fn count(&self, gram: &[char]) -> u32 {
        self.counts.get(&key(gram)).copied().unwrap_or(0)
    }

    /// Evidence that `head` continues `tail`: the best n-gram that spans the
    /// junction, weighted by its length and how often the corpus uses it.
    /// 0 means no n-gram across the junction occurs anywhere.
    pub fn junction(&self, tail: &[char], head: &[char]) -> f64 {
        // Quote marks around the cut do not part words: `活在` + `“当下”`.
        let quote = |c: &char| matches!(c, '“' | '”' | '‘' | '’' | '"' | '\'');
        let tail = &tail[..tail.len() - tail.iter().rev().take_while(|c| quote(c)).count()];
        let head = &head[head.iter().take_while(|c| quote(c)).count()..];
        let left: Vec<char> = tail.iter().rev().take(4).rev().copied().collect();
        let right: Vec<char> = head.iter().take(4).filter(|c| !quote(c)).copied().collect();
        let joined: Vec<char> = left.iter().chain(&right).copied().collect();
        let cut = left.len();
        let mut best: f64 = 0.0;
        // Another copy prints the joined text: 6-grams with at least two chars on each side.
        for s in cut.saturating_sub(4)..=cut.saturating_sub(2) {
            let w = joined
                .get(s..s + 6)
                .filter(|w| w.iter().all(|c| c.is_alphanumeric()));
            if w.is_some_and(|w| self.long.contains(&key(w))) {
                best = best.max(COPY_EVIDENCE);
            }
        }
        for n in 2..=4usize {
            for s in cut.saturating_sub(n - 1)..cut {
                let s = s.max(cut.saturating_sub(3));
                if s + n > joined.len() || s + n <= cut {
                    continue;
                }
                // Punctuation n-grams (`，中`) are everywhere: only words carry evidence.
                if !joined[s..s + n].iter().all(|c| c.is_alphanumeric()) {
                    continue;
                }
                let gram = &joined[s..s + n];
                let weight = (n - 1) as f64;
                let mut score = weight * (1.0 + self.count(gram) as f64).ln();
                if gram.iter().all(|&c| crate::normalize::tape::is_han(c))
                    && lexicon().contains(gram.iter().collect::<String>().as_str())
                {
                    score += weight * 0.7;
                }
                best = best.max(score);
            }
        }
        best
    }
}

/// The text cannot open a sentence: its first char is a mark that closes or
/// parts clauses (`，`, `、`, `）`), or a particle (`的叶挺…`).
pub fn opens_mid_sentence(head: &[char]) -> bool {
    head.first().is_some_and(|&c| {
        matches!(
            c,
            '，' | '、' | '；' | '：' | '。' | '）' | ')' | '》' | '！' | '？' | ','
        ) || NEVER_OPENS.contains(c)
    })
}

/// Han bigram counts of a text, for topic similarity.
pub type Profile = HashMap<(char, char), f64, FxBuild>;

/// The profile of several texts together (bigrams across their joins aside).
pub fn merge(into: &mut Profile, other: &Profile) {
    for (k, v) in other {
        *into.entry(*k).or_insert(0.0) += v;
    }
}

pub fn profile(chars: &[char]) -> Profile {
    let mut p = Profile::default();
    add_to(&mut p, chars);
    p
}

/// Count the Han bigrams of `chars` into `p`.
pub fn add_to(p: &mut Profile, chars: &[char]) {
    for w in chars.windows(2) {
        if crate::normalize::tape::is_han(w[0]) && crate::normalize::tape::is_han(w[1]) {
            *p.entry((w[0], w[1])).or_insert(0.0) += 1.0;
        }
    }
}

pub fn cosine(a: &Profile, b: &Profile) -> f64 {
    let dot: f64 = a.iter().filter_map(|(k, v)| b.get(k).map(|w| v * w)).sum();
    let na: f64 = a.values().map(|v| v * v).sum::<f64>().sqrt();
    let nb: f64 = b.values().map(|v| v * v).sum::<f64>().sqrt();
    if na == 0.0 || nb == 0.0 {
        0.0
    } else {
        dot / (na * nb)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn corpus_phrases_make_junctions_plausible() {
        let mut c = NgramCounts::default();
        c.add_paragraph(&chars("一系列务实举措对标高标准，推动深度融合发展"));
        let good = c.junction(&chars("命运共同体的务实"), &chars("举措。"));
        let bad = c.junction(&chars("形成更深度"), &chars("举措。"));
        assert!(good > bad, "{good} vs {bad}");
        assert!(c.junction(&chars("形成更深度"), &chars("融合。")) > 1.0);
    }

    #[test]
    fn particles_and_clause_marks_open_mid_sentence() {
        assert!(opens_mid_sentence(&chars("的叶挺独立团")));
        assert!(opens_mid_sentence(&chars("，并且")));
        assert!(!opens_mid_sentence(&chars("他说")));
        assert!(!opens_mid_sentence(&chars("“周末晚上")));
        assert!(!opens_mid_sentence(&[]));
    }

    #[test]
    fn lexicon_words_count_without_corpus() {
        let c = NgramCounts::default();
        assert!(c.junction(&chars("务"), &chars("实")) > 0.0);
        assert_eq!(c.junction(&chars("逃税乱"), &chars("“当下”")), 0.0);
        let mut seen = NgramCounts::default();
        seen.add_paragraph(&chars("要活在当下，也要着眼未来"));
        assert!(seen.junction(&chars("融入和活在"), &chars("“当下”，国家")) > 1.0);
    }
}
