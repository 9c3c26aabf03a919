//! Candidate pairs from an inverted n-gram index, with document-frequency and work caps.

use crate::hash::FxHashMap;

/// Index settings.
#[derive(Debug, Clone, Copy)]
pub struct CandidateOptions {
    /// N-grams in more documents than this are stock phrases and say nothing about a pair.
    pub max_df: usize,
    /// Pairs need at least this many distinct shared n-grams to be verified.
    pub min_shared_grams: usize,
}

impl Default for CandidateOptions {
    fn default() -> Self {
        CandidateOptions {
            max_df: 64,
            min_shared_grams: 8,
        }
    }
}

/// Pairs `(i, j)` with `i < j`, sorted, plus how many n-grams were dropped as too common.
pub fn candidates(grams: &[Vec<u64>], opts: &CandidateOptions) -> (Vec<(usize, usize)>, usize) {
    let mut postings: FxHashMap<u64, Vec<u32>> = FxHashMap::default();
    for (doc, g) in grams.iter().enumerate() {
        let mut seen: Vec<u64> = g.clone();
        seen.sort_unstable();
        seen.dedup();
        for h in seen {
            postings.entry(h).or_default().push(doc as u32);
        }
    }
    let mut shared: FxHashMap<(u32, u32), u32> = FxHashMap::default();
    let mut common = 0;
    for docs in postings.values() {
        if docs.len() > opts.max_df {
            common += 1;
            continue;
        }
        for (x, &a) in docs.iter().enumerate() {
            for &b in &docs[x + 1..] {
                *shared.entry((a, b)).or_default() += 1;
            }
        }
    }
    let mut pairs: Vec<(usize, usize)> = shared
        .into_iter()
        .filter(|&(_, n)| n as usize >= opts.min_shared_grams)
        .map(|((a, b), _)| (a as usize, b as usize))
        .collect();
    pairs.sort_unstable();
    (pairs, common)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_grams_make_pairs_and_common_ones_do_not() {
        let doc = |r: std::ops::Range<u64>| r.collect::<Vec<u64>>();
        let grams = vec![doc(0..20), doc(10..30), doc(100..120)];
        let (pairs, _) = candidates(&grams, &CandidateOptions::default());
        assert_eq!(pairs, vec![(0, 1)]);
        let opts = CandidateOptions {
            max_df: 1,
            min_shared_grams: 1,
        };
        assert!(candidates(&grams, &opts).0.is_empty());
    }
}
