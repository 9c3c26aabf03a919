//! Candidate pairs from a sorted index of sampled n-grams, with document-frequency caps.
//!
//! Each document contributes, as it is folded, the n-grams whose hash falls
//! in the sample (one in `rate`), stored five bytes an entry (see
//! [`IndexWriter`]) and read back as its number and hash in one `u64`.
//! Sorting a bucket's entries groups documents by n-gram; a group larger than
//! `max_df` is a stock phrase and casts no vote (it is remembered, so
//! alignment can discount passages made only of such phrases, and kept per
//! document up to `COPY_GROUP`, so that the copies of a much reprinted story
//! still meet). Every other group votes for each pair of its documents, and
//! pairs with enough votes are verified; groups of more than a few
//! documents, mostly chance, are counted per document instead of expanded
//! into votes, with the same result (see `Large`). Sorting flat arrays in
//! parallel needs no hash map per n-gram, and the work is spread over every
//! core. Entries and vote counts past the memory budget live in temp files
//! (see [`crate::spill`]) and are read back a bucket, or a chunk of a run, at
//! a time.

mod prefix;
mod sort;
mod store;
mod votes;

use crate::hash::FxHashSet;
use crate::spill::Budget;
use prefix::{Large, COPY_MIN};
use rayon::prelude::*;
use sort::{bucket_entries, Scratch, Split, SMALL_BUCKET};
use std::sync::atomic::AtomicU32;
use store::{Store, Written, BLOCK_DOCS, BLOCK_ENTRIES, BUCKETS, DROPPED_BITS, LOCAL_MASK};
use votes::{votes, Members, Tally, COPY_GROUP, LARGE_BYTES, SMALL_GROUP};

/// Index settings.
#[derive(Debug, Clone, Copy)]
pub struct CandidateOptions {
    /// N-grams in more documents than this are stock phrases and say nothing about a pair.
    pub max_df: usize,
    /// Pairs need at least this many distinct shared sampled n-grams to be
    /// verified (at most 255: votes are counted that far per round).
    pub min_shared_grams: usize,
    /// One n-gram in `sample_rate` (by hash value) is indexed.
    pub sample_rate: u64,
    /// Whether documents that share many stock phrases are proposed as
    /// copies (see `COPY_MIN`); the junction index (see
    /// [`crate::scan::junction`]) has no use for it.
    pub stock_copies: bool,
    /// Whether groups of more than a few documents are kept per document and
    /// paired by prefix filtering (see `Large`) rather than voting: the same
    /// pairs, fewer votes where such groups are few; the junction index has
    /// many, with its documents in many of them, and votes them all.
    pub large_per_document: bool,
}

impl Default for CandidateOptions {
    fn default() -> Self {
        CandidateOptions {
            max_df: 64,
            min_shared_grams: 3,
            sample_rate: 3,
            stock_copies: true,
            large_per_document: true,
        }
    }
}

/// The index's verdict.
#[derive(Debug, Default)]
pub struct Candidates {
    /// `(i, j)` with `i < j`, sorted.
    pub pairs: Vec<(u32, u32)>,
    /// Sampled n-grams found in more than `max_df` documents.
    pub common: Common,
    /// Whether the index went to a temp file.
    pub spilled: bool,
    /// Bytes of index entries and of vote counts stored, for `--stats`.
    pub bytes: (u64, u64),
    /// The pairs proposed as copies by the stock phrases they share (see
    /// `COPY_MIN`), sorted: also in `pairs`.
    pub copies: Vec<(u32, u32)>,
    /// Why the index stayed in memory past the budget, if it did.
    pub failed: Option<String>,
    /// Per document (by storage number): how many stock-phrase n-grams it has.
    pub stock_grams: Vec<u32>,
    /// The pairs only the order of their stock phrases proposed (see
    /// [`crate::scan::junction`]), sorted: also in `pairs` and `copies`,
    /// and reported only as copies.
    pub ordered: Vec<(u32, u32)>,
    /// Seconds spent on each step: buckets sorted into votes, votes
    /// counted, counts merged, and the junction index (see
    /// [`crate::scan::junction`]). (N-grams are hashed and bucketed as the
    /// documents are folded, by [`IndexWriter::push`].)
    pub steps: [(&'static str, f64); 4],
}

/// The stock-phrase n-grams, as index hashes (the hash without its document bits).
#[derive(Debug, Default)]
pub struct Common {
    hashes: FxHashSet<u64>,
    doc_bits: u32,
}

impl Common {
    pub fn len(&self) -> usize {
        self.hashes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.hashes.is_empty()
    }

    /// Whether a full n-gram hash is one of the stock phrases.
    pub fn contains(&self, hash: u64) -> bool {
        self.hashes.contains(&(hash >> self.doc_bits))
    }
}

/// Buckets voted on together before their votes are counted: bounds the
/// votes held at once (a million documents cast about a hundred million).
const BUCKETS_PER_ROUND: usize = 32;

/// Builds the index as documents are folded, in storage order: each
/// document's sampled n-gram hashes (see [`crate::scan::keys::Sampler`])
/// are pushed once, while its key is at hand, so no key is read back to be
/// hashed.
///
/// Stored, an entry is five bytes, not eight: its bucket (the top byte) is
/// where it is, the next 32 bits of its hash are a `u32`, and its document is
/// a byte, the gap from the previous entry's document (entries stay in
/// document order within a bucket). Writing the index is most of what a
/// million-document scan writes, and on a virtual machine every fresh page
/// of it costs a fault on the host.
pub struct IndexWriter {
    /// Where full blocks go to be bucketed and stored.
    store: Store,
    pending: Vec<u64>,
    /// The pending block's first document, and how many it holds.
    first: usize,
    held: usize,
    /// Per document: how many sampled n-grams it has.
    sampled: Vec<u32>,
}

impl IndexWriter {
    pub fn new(budget: &Budget) -> IndexWriter {
        IndexWriter {
            store: Store::new(budget),
            pending: Vec::new(),
            first: 0,
            held: 0,
            sampled: Vec::new(),
        }
    }

    /// Says about `entries` are coming (see [`crate::spill::SpillWriter::expect`]).
    pub fn expect(&mut self, entries: u64) {
        self.store.expect(entries);
    }

    /// Adds the next document (in storage order) with its sampled n-gram
    /// hashes.
    pub fn push(&mut self, grams: &[u64]) {
        if self.held == BLOCK_DOCS {
            self.flush();
        }
        let local = self.held as u64;
        self.pending
            .extend(grams.iter().map(|&h| (h & !LOCAL_MASK) | local));
        self.held += 1;
        self.sampled.push(grams.len().min(u32::MAX as usize) as u32);
        if self.pending.len() >= BLOCK_ENTRIES {
            self.flush();
        }
    }

    /// Hands the pending block to the store's thread, started by the first.
    fn flush(&mut self) {
        let block = (std::mem::take(&mut self.pending), self.first);
        self.first += self.held;
        self.held = 0;
        self.store.send(block);
    }

    /// Everything pushed, stored.
    fn written(&mut self) -> Written {
        if self.held > 0 {
            self.flush();
        }
        self.store.finish()
    }

    /// Candidate pairs among the documents whose `indexed` flag (by number,
    /// in storage order) is set, as `(i, j)` with `i < j`, sorted.
    pub fn finish(
        mut self,
        indexed: &[bool],
        opts: &CandidateOptions,
        budget: &Budget,
    ) -> Candidates {
        let Written {
            hashes,
            gaps,
            blocks: written,
        } = self.written();
        let docs = self.first;
        assert_eq!(docs, indexed.len(), "a flag for every document pushed");
        // Enough low bits for a document number; the hash keeps the rest
        // (never the bits the index dropped).
        let doc_bits = usize::BITS - docs.max(2).leading_zeros();
        let shift = doc_bits.max(DROPPED_BITS);
        let doc_mask = (1u64 << shift) - 1;
        let index_bytes = hashes.bytes() + gaps.bytes();
        let (hashes, failed) = hashes.finish();
        let (gaps, failed_gaps) = gaps.finish();
        let failed = failed.or(failed_gaps);
        let (mut voting, mut counting) = (0.0, 0.0);
        let spilled = hashes.on_disk();
        let mut common = Common {
            hashes: FxHashSet::default(),
            doc_bits: shift,
        };
        let mut tally = Tally::new(budget, doc_bits);
        let (mut large, mut divert, mut held) = (Vec::new(), opts.large_per_document, 0);
        let mut copied = Vec::new();
        let stock: Vec<AtomicU32> = (0..docs).map(|_| AtomicU32::new(0)).collect();
        // Scratch buffers, taken by a bucket and given back when it is done.
        let pool = std::sync::Mutex::new(Vec::<Scratch>::new());
        let lock = |pool| std::sync::Mutex::lock(pool).unwrap_or_else(|e| e.into_inner());
        for round in (0..BUCKETS).step_by(BUCKETS_PER_ROUND) {
            let t = std::time::Instant::now();
            // Each bucket gathers its entries from every block, sorts them and
            // votes, on its own: the whole index is never joined into one vector.
            let per_bucket: Vec<(Split, Members, Vec<u64>, Members)> = (round
                ..round + BUCKETS_PER_ROUND)
                .into_par_iter()
                .map(|bucket| {
                    let mut scratch = lock(&pool).pop().unwrap_or_default();
                    let entries = bucket_entries(
                        &written,
                        bucket,
                        (&hashes, &gaps),
                        shift,
                        indexed,
                        SMALL_BUCKET,
                        &mut scratch,
                    );
                    let small = if divert { SMALL_GROUP } else { opts.max_df };
                    let copy_group = if opts.stock_copies { COPY_GROUP } else { 0 };
                    let caps = (small, opts.max_df, copy_group);
                    let votes = votes(entries, doc_mask, caps, |a| tally.byte(a), &stock);
                    lock(&pool).push(scratch);
                    votes
                })
                .collect();
            let mut votes = Vec::with_capacity(per_bucket.len());
            let mut members = 0;
            // Members stay in the pieces they came in: one vector, growing,
            // would copy them again and again on one thread.
            for (v, l, c, h) in per_bucket {
                votes.push(v);
                members += l.len();
                large.push(l);
                common.hashes.extend(c);
                copied.push(h);
            }
            // Held in memory, so within the budget: past it, large groups vote
            // like small ones (either way a pair gets the same count).
            let bytes = members as u64 * LARGE_BYTES;
            if divert && budget.take(bytes) {
                held += bytes;
            } else {
                divert = false;
            }
            voting += t.elapsed().as_secs_f64();
            let t = std::time::Instant::now();
            tally.add(votes);
            counting += t.elapsed().as_secs_f64();
        }
        drop((hashes, gaps));
        let t = std::time::Instant::now();
        let min = opts.min_shared_grams.min(255);
        let large = Large::new(large, shift, docs);
        // Each must have half its sampled n-grams in common with the other.
        let sampled = std::mem::take(&mut self.sampled);
        let need = |d: usize| COPY_MIN.max((sampled[d] as usize).div_ceil(2));
        let copies = Large::new(copied, shift, docs).pairs_with(need);
        let bytes = (index_bytes, tally.pairs.bytes() + tally.counts.bytes());
        let (pairs, failed_too) = tally.pairs(min, &large);
        let pairs = union(union(pairs, large.pairs(min)), copies.clone());
        drop(large);
        budget.give(held);
        Candidates {
            pairs,
            common,
            spilled,
            bytes,
            copies,
            failed: failed.or(failed_too),
            stock_grams: stock.into_iter().map(AtomicU32::into_inner).collect(),
            ordered: Vec::new(),
            steps: [
                ("vote", voting),
                ("count", counting),
                ("merge", t.elapsed().as_secs_f64()),
                ("junctions", 0.0),
            ],
        }
    }
}

/// Two sorted lists of pairs as one, without repeats.
fn union(x: Vec<(u32, u32)>, y: Vec<(u32, u32)>) -> Vec<(u32, u32)> {
    if y.is_empty() {
        return x;
    }
    let mut all = x;
    all.extend(y);
    all.sort_unstable();
    all.dedup();
    all
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::keys::{Key, Sampler};

    pub(super) fn keys(texts: &[String]) -> Vec<Vec<u16>> {
        texts
            .iter()
            .map(|t| {
                let offsets = crate::model::utf8_offsets(t, 0);
                Key::from_source(t, &offsets, usize::MAX).0.chars
            })
            .collect()
    }

    /// The index of `keys`, pushed in order, as the scan builds it.
    fn index(
        keys: &[Vec<u16>],
        indexed: &[bool],
        opts: &CandidateOptions,
        budget: u64,
    ) -> Candidates {
        let budget = Budget::new(budget);
        let sampler = Sampler::new(opts.sample_rate);
        let mut index = IndexWriter::new(&budget);
        for k in keys {
            let mut grams = Vec::new();
            sampler.extend(k, |h| h, &mut grams);
            index.push(&grams);
        }
        index.finish(indexed, opts, &budget)
    }

    fn candidates(keys: &[Vec<u16>], indexed: &[bool], opts: &CandidateOptions) -> Candidates {
        let found = index(keys, indexed, opts, u64::MAX);
        // The same verdict with the index in a temp file.
        let spilled = index(keys, indexed, opts, 0);
        assert!(spilled.spilled && !found.spilled);
        assert_eq!(found.pairs, spilled.pairs);
        assert_eq!(found.common.hashes, spilled.common.hashes);
        found
    }

    pub(super) fn text(from: u32, len: u32) -> String {
        (from..from + len)
            .map(|i| char::from_u32(0x4E00 + (i * 7919) % 20_000).unwrap())
            .collect()
    }

    #[test]
    fn shared_passages_make_pairs_and_common_ones_do_not() {
        let docs = [
            text(0, 200),
            format!("{}{}", text(1000, 100), text(100, 100)),
            text(5000, 200),
        ];
        let k = keys(&docs);
        let all = [true; 3];
        let found = candidates(&k, &all, &CandidateOptions::default());
        assert_eq!(found.pairs, vec![(0, 1)]);
        assert!(found.common.is_empty());
        let opts = CandidateOptions {
            max_df: 1,
            ..CandidateOptions::default()
        };
        let found = candidates(&k, &all, &opts);
        assert!(found.pairs.is_empty());
        assert!(!found.common.is_empty());
        let shared: Vec<u64> = crate::scan::keys::grams(&k[0]).skip(100).collect();
        assert!(shared.iter().any(|&h| found.common.contains(h)));
    }

    #[test]
    fn large_groups_pair_like_votes() {
        // Twelve copies of one story (its n-grams in groups over
        // SMALL_GROUP), some with a changed stretch; ten documents that
        // quote a short piece of it in text of their own; six that share a
        // second story with two of the copies. Held in memory the large
        // groups take the prefix-filtering path; in the temp-file run the
        // budget is spent and every group votes. Both find the same pairs.
        let story = text(0, 300);
        let other = text(9000, 200);
        let mut docs: Vec<String> = (0..12)
            .map(|k| {
                let mut chars: Vec<char> = story.chars().collect();
                if k % 3 == 1 {
                    for c in &mut chars[40 * k % 260..40 * k % 260 + 12] {
                        *c = '口';
                    }
                }
                chars.into_iter().collect()
            })
            .collect();
        docs.extend((0..10u32).map(|k| {
            let piece: String = story.chars().skip(20 * k as usize).take(30).collect();
            format!(
                "{}{piece}{}",
                text(2000 + 300 * k, 80),
                text(6000 + 300 * k, 80)
            )
        }));
        docs.extend((0..6u32).map(|k| format!("{}{}", text(12000 + 300 * k, 60), other)));
        docs[3].push_str(&other);
        docs[7].push_str(&other);
        let k = keys(&docs);
        let found = candidates(&k, &vec![true; docs.len()], &CandidateOptions::default());
        for a in 0..12u32 {
            for b in a + 1..12 {
                assert!(found.pairs.contains(&(a, b)), "{a} {b}");
            }
        }
        assert!(found.pairs.contains(&(3, 22)) && found.pairs.contains(&(7, 27)));
    }

    #[test]
    fn documents_past_a_block_keep_their_numbers() {
        // More documents than a block numbers on its own: copies on both
        // sides of the block boundary, and across blocks.
        let mut k: Vec<Vec<u16>> = (0..BLOCK_DOCS as u32 + 5000)
            .map(|d| {
                (0..4)
                    .map(|i| 0x4E00 + ((d * 4 + i) % 20_000) as u16)
                    .collect()
            })
            .collect();
        let story = keys(&[text(0, 200), text(3000, 200)]);
        k[5] = story[0].clone();
        k[BLOCK_DOCS + 4000] = story[0].clone();
        k[BLOCK_DOCS - 1] = story[1].clone();
        k[BLOCK_DOCS] = story[1].clone();
        let all = vec![true; k.len()];
        let found = candidates(&k, &all, &CandidateOptions::default());
        let (a, b) = (BLOCK_DOCS as u32, BLOCK_DOCS as u32 + 4000);
        assert_eq!(found.pairs, vec![(5, b), (a - 1, a)]);
    }

    #[test]
    fn unindexed_documents_take_no_part() {
        let docs = [text(0, 200), text(0, 200)];
        let found = candidates(&keys(&docs), &[true, false], &CandidateOptions::default());
        assert!(found.pairs.is_empty());
    }
}
