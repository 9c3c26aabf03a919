//! Large groups kept per document, and the pairs they make found by prefix filtering instead of votes.

use super::votes::Members;
use rayon::prelude::*;

/// Stock-phrase groups two documents must share to be proposed as copies:
/// a few sentences' worth (about 100 chars), more than a footer or a
/// dateline has, and half the sampled n-grams of each, which pages that
/// share only their site's furniture never do (so they are not even
/// paired up to be checked: see [`Large::pairs_with`]). Verification then
/// lets stock text count only where it makes one document a copy of the
/// other.
pub(super) const COPY_MIN: usize = 32;

/// The large groups each document is in (see [`super::votes::SMALL_GROUP`]), as
/// `(size, hash)` sorted per document. A pair's votes are its small groups'
/// votes plus the large groups both are in; it needs `min` in all.
///
/// Pairs with a small vote are in the tally, and add their shared large
/// groups there. Pairs with none need `min` shared large groups, and are
/// found by prefix filtering (as in All-Pairs, Bayardo et al. 2007): with
/// each list in one global order, two lists sharing `min` groups share one
/// among the first `len - min + 1` of each. The order is smallest group
/// first, so that prefixes pair up few documents; a document in fewer than
/// `min` large groups, as most chance members are, pairs with nothing this
/// way. The result is the same as every group voting.
pub(super) struct Large {
    /// `groups[starts[d]..starts[d + 1]]` are document `d`'s, each as its
    /// size (top byte) and hash.
    starts: Vec<usize>,
    groups: Vec<u64>,
    /// How many each document is in, up to 255.
    counts: Vec<u8>,
}

impl Large {
    /// From the members of the large groups, in pieces.
    pub(super) fn new(pieces: Vec<Members>, doc_bits: u32, docs: usize) -> Large {
        let doc_mask = (1u64 << doc_bits) - 1;
        let mut starts = vec![0usize; docs + 1];
        for &(e, _) in pieces.iter().flatten() {
            starts[(e & doc_mask) as usize + 1] += 1;
        }
        for d in 0..docs {
            starts[d + 1] += starts[d];
        }
        let mut next = starts.clone();
        let mut groups = vec![0u64; starts[docs]];
        for (e, size) in pieces.into_iter().flatten() {
            let d = (e & doc_mask) as usize;
            // The hash is at most 40 bits (see `DROPPED_BITS`).
            groups[next[d]] = (u64::from(size) << 56) | (e >> doc_bits);
            next[d] += 1;
        }
        for d in 0..docs {
            groups[starts[d]..starts[d + 1]].sort_unstable();
        }
        let counts = (0..docs)
            .map(|d| (starts[d + 1] - starts[d]).min(255) as u8)
            .collect();
        Large {
            starts,
            groups,
            counts,
        }
    }

    fn of(&self, d: usize) -> &[u64] {
        &self.groups[self.starts[d]..self.starts[d + 1]]
    }

    /// Whether documents `a` and `b` are both in at least `need` large
    /// groups. Most pairs of the tally are in too few to matter: a byte per
    /// document tells without reading their lists.
    pub(super) fn shares(&self, a: usize, b: usize, need: usize) -> bool {
        need == 0
            || (usize::from(self.counts[a]) >= need
                && usize::from(self.counts[b]) >= need
                && self.shared(a, b) >= need)
    }

    /// How many large groups documents `a` and `b` are both in.
    fn shared(&self, a: usize, b: usize) -> usize {
        shared_from(self.of(a), self.of(b), None)
    }

    /// Pairs `(a, b)`, `a < b`, sorted, that are both in at least `min`
    /// (and at least one) large groups.
    pub(super) fn pairs(&self, min: usize) -> Vec<(u32, u32)> {
        self.pairs_with(|_| min)
    }

    /// Pairs `(a, b)`, `a < b`, sorted, that share at least `need(a)` and
    /// `need(b)` (and at least one) groups. Prefix filtering holds with a
    /// threshold per document: two lists sharing `t >= need(d)` groups
    /// share one among the first `len - t + 1 <= len - need(d) + 1` of
    /// each, and a document in fewer than `need(d)` groups pairs with
    /// nothing.
    ///
    /// The pairs are checked group by group, where they meet: a group's few
    /// members are read from memory once and then in cache for all their
    /// pairs, where pairs collected and sorted to drop repeats would read two
    /// lists from memory a pair. A pair that meets in several prefix groups
    /// is counted only in the first group the two lists share, which is
    /// within both prefixes whenever it matters; elsewhere the lists' merge
    /// stops at that first shared group, which for copies is at their start,
    /// so that the many copies of one story never read each other's lists
    /// whole.
    pub(super) fn pairs_with(&self, need: impl Fn(usize) -> usize + Sync) -> Vec<(u32, u32)> {
        let need = |d: usize| need(d).max(1);
        let docs = self.starts.len() - 1;
        let sketches: Vec<Sketch> = (0..docs)
            .into_par_iter()
            .map(|d| Sketch::of(self.of(d)))
            .collect();
        let mut prefixes: Vec<(u64, u32)> = (0..docs)
            .flat_map(|d| {
                let list = self.of(d);
                let keep = (list.len() + 1).saturating_sub(need(d));
                list[..keep].iter().map(move |&g| (g, d as u32))
            })
            .collect();
        prefixes.par_sort_unstable();
        let mut found: Vec<(u32, u32)> = prefixes
            .par_chunk_by(|x, y| x.0 == y.0)
            .flat_map_iter(|group| {
                let meet = group[0].0;
                let mut out = Vec::new();
                for (k, &(_, a)) in group.iter().enumerate() {
                    let (a, x) = (a as usize, self.of(a as usize));
                    for &(_, b) in &group[k + 1..] {
                        let b = b as usize;
                        let need = need(a).max(need(b));
                        // Most pairs that meet share a sentence or two of stock
                        // text: the sketches rule them out without a merge.
                        if sketches[a].bound(&sketches[b]) >= need
                            && shared_from(x, self.of(b), Some(meet)) >= need
                        {
                            out.push((a as u32, b as u32));
                        }
                    }
                }
                out
            })
            .collect();
        found.par_sort_unstable();
        found
    }
}

/// Buckets of a [`Sketch`], by the low bits of a group's hash.
const SKETCH_BUCKETS: usize = 256;

/// Counts per bucket a [`Sketch`] holds exactly; the rest is its excess.
const SKETCH_DEPTH: usize = 4;

/// A document's large groups counted by bucket, for an upper bound on how
/// many two documents share that takes 16 ANDs, not a merge of two lists.
/// In a corpus recombined from stock sentences every document is in a
/// hundred stock groups and meets thousands of others in its prefix, each
/// sharing a sentence or two: the bound says no to nearly all of them.
struct Sketch {
    /// Bit `k` of plane `t` is set when bucket `k` holds more than `t` groups.
    planes: [[u64; SKETCH_BUCKETS / 64]; SKETCH_DEPTH],
    /// Groups past `SKETCH_DEPTH` in their bucket, summed.
    excess: u32,
}

impl Sketch {
    fn of(groups: &[u64]) -> Sketch {
        let mut counts = [0u32; SKETCH_BUCKETS];
        for &g in groups {
            // Low bits of the n-gram hash (the size is in the top byte).
            counts[g as usize % SKETCH_BUCKETS] += 1;
        }
        let mut sketch = Sketch {
            planes: [[0; SKETCH_BUCKETS / 64]; SKETCH_DEPTH],
            excess: 0,
        };
        for (k, &c) in counts.iter().enumerate() {
            for (t, plane) in sketch.planes.iter_mut().enumerate() {
                if c as usize > t {
                    plane[k / 64] |= 1 << (k % 64);
                }
            }
            sketch.excess += c.saturating_sub(SKETCH_DEPTH as u32);
        }
        sketch
    }

    /// At least the number of groups the two documents share: per bucket
    /// the smaller count, which the planes give up to `SKETCH_DEPTH` and
    /// the smaller excess bounds past it.
    fn bound(&self, other: &Sketch) -> usize {
        let within: u32 = self
            .planes
            .iter()
            .zip(&other.planes)
            .flat_map(|(x, y)| x.iter().zip(y).map(|(a, b)| (a & b).count_ones()))
            .sum();
        (within + self.excess.min(other.excess)) as usize
    }
}

/// How many groups sorted lists `x` and `y` share; 0 if the first of them
/// is not `first`, when given.
fn shared_from(x: &[u64], y: &[u64], first: Option<u64>) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < x.len() && j < y.len() {
        match x[i].cmp(&y[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                if n == 0 && first.is_some_and(|f| f != x[i]) {
                    return 0;
                }
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::FxHashSet;

    proptest::proptest! {
        /// Prefix filtering, each pair counted at the first group its two
        /// documents share: the pairs of every pair of documents that
        /// share enough groups, counted directly. Few groups and many
        /// members, so that pairs meet in several prefix groups.
        #[test]
        fn large_pairs_are_those_counted_directly(
            groups in proptest::collection::vec(
                (0u64..1 << 20, proptest::collection::btree_set(0u64..24, 2..12)),
                1..14,
            ),
            needs in proptest::collection::vec(1usize..5, 24),
        ) {
            let doc_bits = 5;
            let mut members: Vec<(u64, u8)> = Vec::new();
            let mut of: Vec<FxHashSet<u64>> = vec![FxHashSet::default(); 24];
            for (hash, docs) in &groups {
                // Sizes collide on purpose: the order ties on size, then hash.
                let size = (docs.len() % 3) as u8;
                for &d in docs {
                    if of[d as usize].insert((u64::from(size) << 56) | hash) {
                        members.push(((hash << doc_bits) | d, size));
                    }
                }
            }
            let large = Large::new(vec![members], doc_bits, 24);
            let need = |d: usize| needs[d];
            let mut want = Vec::new();
            for a in 0..24 {
                for b in a + 1..24 {
                    let shared = of[a].intersection(&of[b]).count();
                    if shared >= 1 && shared >= need(a).max(need(b)) {
                        want.push((a as u32, b as u32));
                    }
                }
            }
            proptest::prop_assert_eq!(large.pairs_with(need), want);
        }

        /// The sketch bound is never below the groups two lists share, and
        /// is exact when no bucket holds more than one group: few buckets'
        /// worth of hashes, so that buckets fill past the planes.
        #[test]
        fn sketch_bounds_what_two_lists_share(
            x in proptest::collection::btree_set(0u64..2048, 0..300),
            y in proptest::collection::btree_set(0u64..2048, 0..300),
        ) {
            let (x, y): (Vec<u64>, Vec<u64>) = (x.into_iter().collect(), y.into_iter().collect());
            let shared = shared_from(&x, &y, None);
            let bound = Sketch::of(&x).bound(&Sketch::of(&y));
            proptest::prop_assert!(bound >= shared, "{} < {}", bound, shared);
            let spread = |v: &[u64]| v.iter().map(|h| h * SKETCH_BUCKETS as u64 / 2048).collect::<FxHashSet<_>>().len() == v.len();
            if x.len() < SKETCH_BUCKETS && spread(&x) && spread(&y) {
                let (x, y): (Vec<u64>, Vec<u64>) = (x.iter().map(|h| h * SKETCH_BUCKETS as u64 / 2048).collect(), y.iter().map(|h| h * SKETCH_BUCKETS as u64 / 2048).collect());
                proptest::prop_assert_eq!(Sketch::of(&x).bound(&Sketch::of(&y)), shared_from(&x, &y, None));
            }
        }
    }
}
