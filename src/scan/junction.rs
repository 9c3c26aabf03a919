//! Candidate copies by the order of their stock phrases: the junctions between stock runs, indexed like n-grams.
//!
//! In a corpus recombined from a pool of stock sentences every sentence is in
//! thousands of documents, past the caps that keep stock phrases from voting,
//! and two copies of one article meet only through the few n-grams that span
//! two of its sentences, which OCR noise thins out. What the copies still
//! share is the order of their sentences: [`keys::junctions`] makes a key of
//! each pair of stock grams on either side of a junction, and a second index
//! over those keys proposes the pairs that share enough of them, as copies
//! (stock text counts in their verification only where it makes one a copy
//! of the other).

use super::index::{CandidateOptions, Candidates, Common, IndexWriter};
use super::keys::{self, Sampler};
use crate::spill::Budget;
use rayon::prelude::*;
use std::borrow::Cow;

/// Documents whose junction keys are made at once, in parallel, before they
/// go to the index in storage order.
const CHUNK: usize = 4096;

/// Junction keys a pair must share: more than one junction makes (nine),
/// since two documents that share one pair of adjacent sentences (a sentence
/// and the formula line after it) are not copies.
const JUNCTION_MIN: usize = 10;

/// The junction keys of a document whose key is `key`, given the first
/// index's stock phrases: what both the scan and a distributed caller index.
pub fn junction_keys(
    key: &[u16],
    opts: &CandidateOptions,
    stock: impl Fn(u64) -> bool,
) -> Vec<u64> {
    let mut out = Vec::new();
    keys::junctions(key, &Sampler::new(opts.sample_rate), stock, &mut out);
    out
}

/// Pairs `(i, j)` of storage numbers, `i < j`, sorted, that share enough
/// junction keys. `found` is the first index's verdict; `key(d)` reads
/// document `d`'s key, asked only of indexed documents with two stock grams
/// or more (fewer make no junction).
pub(super) fn junction_pairs<'k>(
    found: &Candidates,
    indexed: &[bool],
    key: impl Fn(usize) -> Cow<'k, [u16]> + Sync,
    opts: &CandidateOptions,
    budget: &Budget,
) -> Vec<(u32, u32)> {
    let common: &Common = &found.common;
    if common.is_empty() {
        return Vec::new();
    }
    let mut index = IndexWriter::new(budget);
    let docs = indexed.len();
    for start in (0..docs).step_by(CHUNK) {
        let made: Vec<Vec<u64>> = (start..(start + CHUNK).min(docs))
            .into_par_iter()
            .map(|d| {
                if !indexed[d] || found.stock_grams[d] < 2 {
                    return Vec::new();
                }
                junction_keys(&key(d), opts, |h| common.contains(h))
            })
            .collect();
        for k in &made {
            index.push(k);
        }
    }
    let opts = CandidateOptions {
        min_shared_grams: JUNCTION_MIN,
        large_per_document: false,
        stock_copies: false,
        ..*opts
    };
    index.finish(indexed, &opts, budget).pairs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::index::IndexWriter;

    /// A "sentence" of 30 chars of its own.
    fn sentence(k: u32) -> Vec<u16> {
        (0..30u32)
            .map(|i| 0x4E00 + ((k * 1000 + i) * 7919 % 20_000) as u16)
            .collect()
    }

    fn doc(order: &[u32]) -> Vec<u16> {
        order.iter().flat_map(|&k| sentence(k % 12)).collect()
    }

    /// `doc` with a char of its own between sentences (OCR noise at the
    /// junctions): no n-gram across a junction is shared with another copy.
    fn noisy(order: &[u32], noise: u16) -> Vec<u16> {
        let mut out = Vec::new();
        for (i, &k) in order.iter().enumerate() {
            out.extend(sentence(k % 12));
            out.push(0x9000 + noise * 16 + i as u16);
        }
        out
    }

    #[test]
    fn stock_sentences_in_one_order_pair_and_reordered_do_not() {
        // Fillers of five of twelve sentences, a step of five apart, so that
        // every sentence is in more documents than the stock-phrase rule for
        // copies looks at (`COPY_GROUP`); two copies of one order (steps of
        // one), and a lookalike of the same sentences with no neighbour kept.
        let mut keys: Vec<Vec<u16>> = (0..3000u32)
            .map(|k| doc(&[k, k + 5, k + 10, k + 15, k + 20]))
            .collect();
        keys.push(noisy(&[0, 1, 2, 3, 4], 1));
        keys.push(noisy(&[0, 1, 2, 3, 4], 2));
        keys.push(noisy(&[0, 2, 4, 1, 3], 3));
        let (a, b, c) = (3000, 3001, 3002);
        let opts = CandidateOptions::default();
        let budget = Budget::new(u64::MAX);
        let sampler = Sampler::new(opts.sample_rate);
        let mut index = IndexWriter::new(&budget);
        for k in &keys {
            let mut grams = Vec::new();
            sampler.extend(k, |h| h, &mut grams);
            index.push(&grams);
        }
        let indexed = vec![true; keys.len()];
        let found = index.finish(&indexed, &opts, &budget);
        assert!(!found.common.is_empty());
        // All they share is stock, in groups past `COPY_GROUP`: the first index cannot pair them.
        assert!(!found.pairs.contains(&(a, b)));
        let pairs = junction_pairs(
            &found,
            &indexed,
            |d| Cow::Borrowed(&keys[d]),
            &opts,
            &budget,
        );
        assert!(pairs.contains(&(a, b)));
        assert!(!pairs.contains(&(a, c)) && !pairs.contains(&(b, c)));
        // Keys follow from the text and the stock phrases alone.
        let stock = |h: u64| found.common.contains(h);
        let (ka, kb) = (
            junction_keys(&keys[a as usize], &opts, stock),
            junction_keys(&keys[b as usize], &opts, stock),
        );
        assert!(ka.iter().filter(|k| kb.contains(k)).count() >= JUNCTION_MIN);
    }

    #[test]
    fn fewer_than_two_stock_grams_make_no_junction() {
        // What lets the scan skip documents with fewer than two stock grams.
        let opts = CandidateOptions::default();
        let sampler = Sampler::new(opts.sample_rate);
        let one = crate::scan::keys::grams(&sentence(3))
            .find(|&h| sampler.keeps(h))
            .expect("a sampled gram");
        let key = doc(&[3, 3, 3]);
        assert!(junction_keys(&key, &opts, |h| h == one).is_empty());
        assert!(junction_keys(&key, &opts, |_| false).is_empty());
        // Two distinct stock grams: the same sentence three times has junctions.
        let stock = |h: u64| crate::scan::keys::grams(&sentence(3)).any(|g| g == h);
        assert!(!junction_keys(&key, &opts, stock).is_empty());
    }
}
