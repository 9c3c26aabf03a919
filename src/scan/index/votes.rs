//! The vote tally: each small group's pairs voted, counted round by round into sorted runs, merged at the end.

use super::prefix::Large;
use super::sort::{gather, Split};
use crate::spill::{Budget, Loc, SpillWriter, Spilled};
use rayon::prelude::*;
use std::borrow::Cow;
use std::sync::atomic::{AtomicU32, Ordering};

/// Groups of up to this many documents vote for each of their pairs. Larger
/// ones are n-grams shared by chance as often as by copies, and would cast
/// a large share of all votes for pairs that share nothing else: they are
/// kept per document instead, and their pairs found by prefix filtering
/// (see [`Large`]).
pub(super) const SMALL_GROUP: usize = 8;

/// A large group's members: each entry, with the group's size.
pub(super) type Members = Vec<(u64, u8)>;

/// Memory a large group's member takes, from [`votes`] to [`Large`].
pub(super) const LARGE_BYTES: u64 = 40;

/// Stock-phrase groups of up to this many documents are kept per document
/// too: a story reprinted a few hundred times, each copy with its own OCR
/// noise, puts nearly every n-gram of its text in more than `--max-df`
/// documents, and the cap that keeps a site's footer from pairing all its
/// pages would make no pair of its copies at all. Larger groups are
/// boilerplate whatever they share.
pub(super) const COPY_GROUP: usize = 1024;

/// Pair votes `(a << 32) | b` of the groups of up to `small` documents in
/// `entries`, split by `byte(a)` for [`Tally::add`]; the entries of the
/// larger ones with their group's size; the hashes of the groups too common
/// (over `max_df`) to count, and the entries of those of them small enough
/// to be one story's copies (up to `copy_group`, see [`COPY_GROUP`]). Each
/// document's count in `stock` goes up by the too-common groups it is in.
pub(super) fn votes(
    entries: &[u64],
    doc_mask: u64,
    (small, max_df, copy_group): (usize, usize, usize),
    byte: impl Fn(u64) -> usize,
    stock: &[AtomicU32],
) -> (Split, Members, Vec<u64>, Members) {
    let groups = || entries.chunk_by(|x, y| x & !doc_mask == y & !doc_mask);
    // Counted first, so that each vote is written once, where its part
    // starts: votes are most of what the index stage writes.
    let mut starts = [0usize; 257];
    for group in groups().filter(|g| g.len() <= small.min(max_df)) {
        for (x, &a) in group.iter().enumerate() {
            starts[byte(a & doc_mask) + 1] += group.len() - 1 - x;
        }
    }
    for b in 0..256 {
        starts[b + 1] += starts[b];
    }
    let mut next = starts;
    let mut out = vec![0u64; starts[256]];
    let (mut large, mut common, mut copied) = (Vec::new(), Vec::new(), Vec::new());
    for group in groups() {
        let hash = group[0] & !doc_mask;
        if group.len() > max_df {
            common.push(hash >> doc_mask.count_ones());
            for &e in group {
                stock[(e & doc_mask) as usize].fetch_add(1, Ordering::Relaxed);
            }
            if group.len() <= copy_group {
                let size = group.len().min(255) as u8;
                copied.extend(group.iter().map(|&e| (e, size)));
            }
        } else if group.len() > small {
            // Saturating: past 255 (a `--max-df` that high) the order is
            // still one order, only no longer smallest first.
            let size = group.len().min(255) as u8;
            large.extend(group.iter().map(|&e| (e, size)));
        } else {
            for (x, &a) in group.iter().enumerate() {
                let a = a & doc_mask;
                let at = &mut next[byte(a)];
                for &b in &group[x + 1..] {
                    out[*at] = (a << 32) | (b & doc_mask);
                    *at += 1;
                }
            }
        }
    }
    ((out, starts), large, common, copied)
}

/// Votes per pair, counted round by round: each round's votes become one
/// sorted run of `(pair, count)`, held within the memory budget or in a temp
/// file, and the runs are merged at the end. One running total instead
/// would take twice its size at every round, and at a million documents it
/// counts tens of millions of pairs that share a phrase or two.
pub(super) struct Tally {
    /// Bits of a document number.
    doc_bits: u32,
    pub(super) pairs: SpillWriter<u64>,
    /// Votes of each pair in the run, stopping at 255: a pair needs a few.
    pub(super) counts: SpillWriter<u8>,
    runs: Vec<(Loc, Loc)>,
}

/// Elements of a run read back at a time while merging.
const RUN_CHUNK: u64 = 1 << 16;

impl Tally {
    pub(super) fn new(budget: &Budget, doc_bits: u32) -> Tally {
        Tally {
            doc_bits,
            pairs: SpillWriter::new(budget),
            counts: SpillWriter::new(budget),
            runs: Vec::new(),
        }
    }

    /// The part of [`Tally::add`] that counts the votes whose first
    /// document is `a`: its top byte.
    pub(super) fn byte(&self, a: u64) -> usize {
        ((a >> self.doc_bits.saturating_sub(8)) & 0xFF) as usize
    }

    /// Counts one round's votes, given split in pieces (one per bucket):
    /// each byte's part is gathered from every piece, sorted and counted on
    /// its own, in parallel and in cache.
    pub(super) fn add(&mut self, pieces: Vec<Split>) {
        let parts: Vec<(Vec<u64>, Vec<u8>)> = (0..256)
            .into_par_iter()
            .map(|byte| {
                let mut part = gather(&pieces, byte);
                part.sort_unstable();
                // Most pairs in a round have one vote or a few.
                let guess = part.len() / 2;
                let (mut pairs, mut counts) =
                    (Vec::with_capacity(guess), Vec::with_capacity(guess));
                for run in part.chunk_by(|a, b| a == b) {
                    pairs.push(run[0]);
                    counts.push(run.len().min(255) as u8);
                }
                (pairs, counts)
            })
            .collect();
        drop(pieces);
        let (pairs, counts): (Vec<Vec<u64>>, Vec<Vec<u8>>) = parts.into_iter().unzip();
        let run = (
            self.pairs.push(pairs.concat()),
            self.counts.push(counts.concat()),
        );
        self.runs.push(run);
    }

    /// Pairs with at least `min` votes in all, as `(i, j)`, sorted; and why
    /// the runs stayed in memory past the budget, if they did. The runs are
    /// cut into ranges of first documents, merged in parallel.
    pub(super) fn pairs(self, min: usize, large: &Large) -> (Vec<(u32, u32)>, Option<String>) {
        let (pairs, failed) = self.pairs.finish();
        let (counts, failed_too) = self.counts.finish();
        let parts = (rayon::current_num_threads() * 4) as u64;
        // Where a run's pairs reach `bound` (binary search, a read a step).
        let lower_bound = |run: Loc, bound: u64| {
            let (mut lo, mut hi) = (0, run.len);
            while lo < hi {
                let mid = (lo + hi) / 2;
                if pairs.get(run.part(mid, 1))[0] < bound {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            lo
        };
        let cuts: Vec<Vec<u64>> = self
            .runs
            .iter()
            .map(|&(run, _)| {
                let mut cut: Vec<u64> = (1..parts)
                    .map(|k| lower_bound(run, ((k << self.doc_bits) / parts) << 32))
                    .collect();
                cut.insert(0, 0);
                cut.push(run.len);
                cut
            })
            .collect();
        let merged: Vec<Vec<(u32, u32)>> = (0..parts as usize)
            .into_par_iter()
            .map(|k| {
                let ranges: Vec<(Loc, Loc)> = self
                    .runs
                    .iter()
                    .zip(&cuts)
                    .map(|(&(p, c), cut)| {
                        let (from, to) = (cut[k], cut[k + 1]);
                        (p.part(from, to - from), c.part(from, to - from))
                    })
                    .collect();
                merge_runs(&pairs, &counts, &ranges, min, large)
            })
            .collect();
        (merged.concat(), failed.or(failed_too))
    }
}

/// The pairs of sorted `(pair, count)` runs whose counts, with the large
/// groups the pair is in, add up to `min` or more.
fn merge_runs(
    pairs: &Spilled<u64>,
    counts: &Spilled<u8>,
    runs: &[(Loc, Loc)],
    min: usize,
    large: &Large,
) -> Vec<(u32, u32)> {
    struct Cursor<'a> {
        run: (Loc, Loc),
        /// Elements of the run already loaded.
        read: u64,
        pairs: Cow<'a, [u64]>,
        counts: Cow<'a, [u8]>,
        at: usize,
    }
    let mut cursors: Vec<Cursor> = runs
        .iter()
        .map(|&run| Cursor {
            run,
            read: 0,
            pairs: Cow::Borrowed(&[]),
            counts: Cow::Borrowed(&[]),
            at: 0,
        })
        .collect();
    let mut out = Vec::new();
    loop {
        // A cursor at the end of what it loaded reads its run's next chunk.
        for c in cursors.iter_mut() {
            if c.at == c.pairs.len() && c.read < c.run.0.len {
                let len = RUN_CHUNK.min(c.run.0.len - c.read);
                c.pairs = pairs.get(c.run.0.part(c.read, len));
                c.counts = counts.get(c.run.1.part(c.read, len));
                c.read += len;
                c.at = 0;
            }
        }
        let Some(pair) = cursors
            .iter()
            .filter(|c| c.at < c.pairs.len())
            .map(|c| c.pairs[c.at])
            .min()
        else {
            break;
        };
        let mut votes = 0usize;
        for c in cursors.iter_mut() {
            if c.at < c.pairs.len() && c.pairs[c.at] == pair {
                votes += c.counts[c.at] as usize;
                c.at += 1;
            }
        }
        let (a, b) = ((pair >> 32) as u32, pair as u32);
        if votes >= min || large.shares(a as usize, b as usize, min - votes) {
            out.push((a, b));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tally_counts_votes_across_pieces_and_rounds() {
        let mut x = 0x2545_F491_4F6C_DD1Du64;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        // 12-bit document numbers: pairs repeat, within and across rounds.
        let rounds: Vec<Vec<Vec<u64>>> = (0..3)
            .map(|_| {
                (0..4)
                    .map(|_| {
                        (0..20_000)
                            .map(|_| {
                                let (a, b) = (next() % 0xFFF, next() & 0x3F);
                                (a << 32) | (a + 1 + b).min(0xFFF)
                            })
                            .collect()
                    })
                    .collect()
            })
            .collect();
        let mut want: std::collections::BTreeMap<u64, usize> = Default::default();
        for v in rounds.iter().flatten().flatten() {
            *want.entry(*v).or_default() += 1;
        }
        // Each vote as a group of two documents sharing an n-gram of its
        // own, for `votes` to split the way `Tally::add` counts them.
        let doc_mask = 0xFFF;
        let as_entries = |votes: &[u64]| {
            let mut entries: Vec<u64> = (1u64..)
                .zip(votes)
                .flat_map(|(hash, &v)| [hash << 12 | v >> 32, hash << 12 | v & doc_mask])
                .collect();
            entries.sort_unstable();
            entries
        };
        let stock: Vec<AtomicU32> = (0..1 << 12).map(|_| AtomicU32::new(0)).collect();
        for budget in [0, u64::MAX] {
            let mut tally = Tally::new(&Budget::new(budget), 12);
            for round in &rounds {
                let pieces = round.iter().map(|v| {
                    let (split, ..) = votes(
                        &as_entries(v),
                        doc_mask,
                        (2, 64, COPY_GROUP),
                        |a| tally.byte(a),
                        &stock,
                    );
                    split
                });
                tally.add(pieces.collect());
            }
            let (pairs, failed) = tally.pairs(3, &Large::new(Vec::new(), 12, 1 << 12));
            assert!(failed.is_none());
            let want: Vec<(u32, u32)> = want
                .iter()
                .filter(|(_, &n)| n >= 3)
                .map(|(&v, _)| ((v >> 32) as u32, v as u32))
                .collect();
            assert!(want.len() > 1000);
            assert_eq!(pairs, want);
        }
    }
}
