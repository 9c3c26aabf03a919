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

use crate::hash::FxHashSet;
use crate::spill::{Budget, Loc, SpillWriter, Spilled};
use rayon::prelude::*;
use std::borrow::Cow;

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
}

impl Default for CandidateOptions {
    fn default() -> Self {
        CandidateOptions {
            max_df: 64,
            min_shared_grams: 3,
            sample_rate: 3,
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
    /// Seconds spent on each step: buckets sorted into votes, votes
    /// counted, counts merged. (N-grams are hashed and bucketed as the
    /// documents are folded, by [`IndexWriter::push`].)
    pub steps: [(&'static str, f64); 3],
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

/// Entries an index block aims at (8 MB): blocks are folded in parallel and,
/// past the memory budget, each is one write to the temp file.
const BLOCK_ENTRIES: usize = 1 << 20;

/// Buckets voted on together before their votes are counted: bounds the
/// votes held at once (a million documents cast about a hundred million).
const BUCKETS_PER_ROUND: usize = 32;

/// Documents an index block numbers on its own: entries carry a block-local
/// number until the whole index is read back, since how many documents there
/// are (and so how many bits a number takes) is known only when the input ends.
const BLOCK_DOCS: usize = 1 << LOCAL_BITS;
const LOCAL_BITS: u32 = 16;
const LOCAL_MASK: u64 = (1 << LOCAL_BITS) - 1;

/// Low bits of an n-gram hash that the index never keeps: an entry keeps
/// the 40 bits above (fewer only past 16M documents, whose numbers need
/// more), and in 40 bits chance collisions between the hundreds of millions
/// of n-grams of a huge corpus are a few thousand stray votes.
const DROPPED_BITS: u32 = 24;

/// An entry's stored document: the gap from the one before it in its
/// bucket part, a byte, or this byte and then the block-local number whole.
const GAP_ESCAPE: u8 = u8::MAX;

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

/// The stored blocks: here until the first block is full, then on a thread
/// of their own. Bucketing and encoding a block is serial work, and folding
/// the next documents need not wait for it: it was 1.7 s of the 2.9 s that
/// storing took within a 1M scan's read+fold. (On two cores the wall time
/// moved less than runs vary; the folding threads are the ones it frees.)
enum Store {
    Idle(Box<Written>),
    Running {
        queue: std::sync::mpsc::SyncSender<(Vec<u64>, usize)>,
        worker: std::thread::JoinHandle<Written>,
    },
    Taken,
}

/// The index as stored so far.
struct Written {
    hashes: SpillWriter<u32>,
    gaps: SpillWriter<u8>,
    blocks: Vec<Block>,
}

/// A written block: where its hashes and gaps are, where each bucket's start
/// in them, and its first document.
struct Block {
    hashes: Loc,
    gaps: Loc,
    starts: [u32; BUCKETS + 1],
    gap_starts: [u32; BUCKETS + 1],
    first: usize,
}

impl Block {
    /// Bucket `b`'s hashes and gaps.
    fn part(&self, b: usize) -> (Loc, Loc) {
        let (s, g) = (&self.starts, &self.gap_starts);
        (
            self.hashes
                .part(u64::from(s[b]), u64::from(s[b + 1] - s[b])),
            self.gaps.part(u64::from(g[b]), u64::from(g[b + 1] - g[b])),
        )
    }
}

impl IndexWriter {
    pub fn new(budget: &Budget) -> IndexWriter {
        IndexWriter {
            store: Store::Idle(Box::new(Written {
                hashes: SpillWriter::new(budget),
                gaps: SpillWriter::new(budget),
                blocks: Vec::new(),
            })),
            pending: Vec::new(),
            first: 0,
            held: 0,
            sampled: Vec::new(),
        }
    }

    /// Says about `entries` are coming (see [`SpillWriter::expect`]).
    pub fn expect(&mut self, entries: u64) {
        if let Store::Idle(w) = &mut self.store {
            w.hashes.expect(entries * 4);
            w.gaps.expect(entries);
        }
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
        if let Store::Idle(_) = self.store {
            let Store::Idle(mut written) = std::mem::replace(&mut self.store, Store::Taken) else {
                unreachable!()
            };
            // Two blocks in flight: enough to overlap, 16 MB to hold.
            let (queue, blocks) = std::sync::mpsc::sync_channel::<(Vec<u64>, usize)>(2);
            let worker = std::thread::spawn(move || {
                for (entries, first) in blocks {
                    written.write(entries, first);
                }
                *written
            });
            self.store = Store::Running { queue, worker };
        }
        if let Store::Running { queue, .. } = &self.store {
            // Fails only if the thread died, which `written` then reports.
            let _ = queue.send(block);
        }
    }

    /// Everything pushed, stored.
    fn written(&mut self) -> Written {
        if self.held > 0 {
            self.flush();
        }
        match std::mem::replace(&mut self.store, Store::Taken) {
            Store::Idle(written) => *written,
            Store::Running { queue, worker } => {
                drop(queue);
                worker
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            }
            Store::Taken => unreachable!("stored once"),
        }
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
        let (mut large, mut divert, mut held) = (Vec::new(), true, 0);
        let mut copied = Vec::new();
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
                    let votes = votes(entries, doc_mask, (small, opts.max_df), |a| tally.byte(a));
                    lock(&pool).push(scratch);
                    votes
                })
                .collect();
            let mut votes = Vec::with_capacity(per_bucket.len());
            let mut members = 0;
            // Members kept in the pieces they came in: gathered into one
            // vector, its growing copied 2.8 M members again and again on
            // one thread (0.7 s of a 1M scan).
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
            steps: [
                ("vote", voting),
                ("count", counting),
                ("merge", t.elapsed().as_secs_f64()),
            ],
        }
    }
}

impl Written {
    /// Writes a block whose first document is `first`, bucketed by its
    /// entries' top byte so that every bucket can later be gathered and
    /// sorted on its own, in parallel and in cache.
    fn write(&mut self, entries: Vec<u64>, first: usize) {
        let (entries, starts) = split_by_byte(entries, 56);
        let hashes: Vec<u32> = entries
            .iter()
            .map(|&e| (e >> DROPPED_BITS) as u32)
            .collect();
        let mut gaps = Vec::with_capacity(entries.len() + entries.len() / 8);
        let mut gap_starts = [0u32; BUCKETS + 1];
        for b in 0..BUCKETS {
            let mut last = 0;
            for &e in &entries[starts[b]..starts[b + 1]] {
                let local = e & LOCAL_MASK;
                match u8::try_from(local - last) {
                    Ok(gap) if gap != GAP_ESCAPE => gaps.push(gap),
                    _ => {
                        gaps.push(GAP_ESCAPE);
                        gaps.extend_from_slice(&(local as u16).to_le_bytes());
                    }
                }
                last = local;
            }
            gap_starts[b + 1] = gaps.len() as u32;
        }
        self.blocks.push(Block {
            hashes: self.hashes.push(hashes),
            gaps: self.gaps.push(gaps),
            starts: starts.map(|s| s as u32),
            gap_starts,
            first,
        });
    }
}

/// Buffers a thread uses again from bucket to bucket: at a million
/// documents a bucket's take 6 MB each, and taking them afresh cost the
/// index stage 0.4 s of zeroing alone.
#[derive(Default)]
struct Scratch {
    hashes: Vec<u32>,
    gaps: Vec<u8>,
    spread: Vec<u64>,
    entries: Vec<u64>,
}

/// Bucket `bucket` of every block, sorted, without repeats: the bucket's
/// top byte and the hash above the low `shift` bits, the global document
/// number below. Entries of documents not `indexed` are left out.
///
/// A large bucket is sorted in two counting passes, each into few enough
/// places to stay in cache, before the pieces left (a few hundred entries)
/// are sorted: decoded into 16 parts by the top 4 bits of their stored
/// hash, and each part into 256 pieces by the next 8. Decoding straight
/// into 256 parts of a 6 MB bucket (a million documents) spread its
/// writes over too many pages: 6.7 ns an entry, against 2.2 for the
/// 650 KB buckets of 100k documents; in two passes, 2.3 at a million.
/// With the buffers used again, reading, decoding and sorting a 1M scan's
/// buckets went from 3.7-4.0 to 3.4-3.6 s on one thread.
fn bucket_entries<'s>(
    written: &[Block],
    bucket: usize,
    (hashes, gaps): (&Spilled<u32>, &Spilled<u8>),
    shift: u32,
    indexed: &[bool],
    small_bucket: usize,
    scratch: &'s mut Scratch,
) -> &'s [u64] {
    let top = (bucket as u64) << 56;
    let Scratch {
        hashes: h,
        gaps: g,
        spread,
        entries,
    } = scratch;
    let locs: Vec<(Loc, Loc)> = written.iter().map(|w| w.part(bucket)).collect();
    grow(h, locs.iter().map(|l| l.0.len as usize).sum());
    grow(g, locs.iter().map(|l| l.1.len as usize).sum());
    let mut parts = Vec::with_capacity(written.len());
    let (mut hs, mut gs) = (0, 0);
    for (w, (hl, gl)) in written.iter().zip(&locs) {
        let (he, ge) = (hs + hl.len as usize, gs + gl.len as usize);
        hashes.read_into(*hl, &mut h[hs..he]);
        gaps.read_into(*gl, &mut g[gs..ge]);
        parts.push((hs..he, gs..ge, w.first));
        (hs, gs) = (he, ge);
    }
    let decode_all = |put: &mut dyn FnMut(u64, u32)| {
        for (hr, gr, first) in &parts {
            decode(
                &h[hr.clone()],
                &g[gr.clone()],
                *first,
                top,
                shift,
                indexed,
                put,
            );
        }
    };
    if hs < small_bucket {
        entries.clear();
        decode_all(&mut |e, _| entries.push(e));
        entries.sort_unstable();
        entries.dedup();
        return entries;
    }
    // The top 4 bits of a stored hash are bits 52-55 of its entry.
    let nibble = |x: u32| (x >> 28) as usize;
    let starts = byte_starts(h[..hs].iter().map(|&x| nibble(x)));
    let mut next = starts;
    grow(spread, hs);
    decode_all(&mut |e, x| {
        spread[next[nibble(x)]] = e;
        next[nibble(x)] += 1;
    });
    let kept = (0..16).map(|n| next[n] - starts[n]).sum();
    grow(entries, kept);
    let mut end = 0;
    for n in 0..16 {
        let part = &spread[starts[n]..next[n]];
        let byte = |e: u64| ((e >> 44) & 0xFF) as usize;
        let pieces = byte_starts(part.iter().map(|&e| byte(e)));
        let mut at = pieces.map(|p| end + p);
        for &e in part {
            entries[at[byte(e)]] = e;
            at[byte(e)] += 1;
        }
        for b in 0..256 {
            entries[end + pieces[b]..end + pieces[b + 1]].sort_unstable();
        }
        end += part.len();
    }
    entries.truncate(end);
    entries.dedup();
    entries
}

/// `v` made `len` long, its elements left as they were: whatever is read
/// from it is written first.
fn grow<T: Copy + Default>(v: &mut Vec<T>, len: usize) {
    if v.len() < len {
        v.resize(len, T::default());
    } else {
        v.truncate(len);
    }
}

/// One bucket part of a block whose first document is `first`, as stored
/// (see [`IndexWriter`]), given to `put` as entries (see [`bucket_entries`])
/// with their stored hash. Entries of documents not `indexed` are left out.
fn decode(
    hashes: &[u32],
    gaps: &[u8],
    first: usize,
    top: u64,
    shift: u32,
    indexed: &[bool],
    put: &mut dyn FnMut(u64, u32),
) {
    let (mut at, mut local) = (0, 0usize);
    for &h in hashes {
        match gaps[at] {
            GAP_ESCAPE => {
                local = usize::from(u16::from_le_bytes([gaps[at + 1], gaps[at + 2]]));
                at += 3;
            }
            gap => {
                local += usize::from(gap);
                at += 1;
            }
        }
        let doc = first + local;
        if indexed[doc] {
            let hash = top | (u64::from(h) << DROPPED_BITS);
            put(((hash >> shift) << shift) | doc as u64, h);
        }
    }
}

/// Votes per pair, counted round by round: each round's votes become one
/// sorted run of `(pair, count)`, held within the memory budget or in a temp
/// file, and the runs are merged at the end. Holding one running total
/// instead cost twice its size at every round, and at a million documents it
/// counts tens of millions of pairs that share a phrase or two.
struct Tally {
    /// Bits of a document number.
    doc_bits: u32,
    pairs: SpillWriter<u64>,
    /// Votes of each pair in the run, stopping at 255: a pair needs a few.
    counts: SpillWriter<u8>,
    runs: Vec<(Loc, Loc)>,
}

/// Elements of a run read back at a time while merging.
const RUN_CHUNK: u64 = 1 << 16;

impl Tally {
    fn new(budget: &Budget, doc_bits: u32) -> Tally {
        Tally {
            doc_bits,
            pairs: SpillWriter::new(budget),
            counts: SpillWriter::new(budget),
            runs: Vec::new(),
        }
    }

    /// The part of [`Tally::add`] that counts the votes whose first
    /// document is `a`: its top byte.
    fn byte(&self, a: u64) -> usize {
        ((a >> self.doc_bits.saturating_sub(8)) & 0xFF) as usize
    }

    /// Counts one round's votes, given split in pieces (one per bucket):
    /// each byte's part is gathered from every piece, sorted and counted on
    /// its own, in parallel and in cache.
    fn add(&mut self, pieces: Vec<Split>) {
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
    fn pairs(self, min: usize, large: &Large) -> (Vec<(u32, u32)>, Option<String>) {
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

/// Buckets of the index: entries by their top byte (hash bits).
const BUCKETS: usize = 256;

/// Entries under this many are sorted directly: they fit in cache.
const SMALL_BUCKET: usize = 1 << 16;

/// Where each byte's part starts once values are ordered by their byte
/// (`bytes`, one a value): the first half of a counting sort.
fn byte_starts(bytes: impl Iterator<Item = usize>) -> [usize; 257] {
    let mut starts = [0usize; 257];
    for b in bytes {
        starts[b + 1] += 1;
    }
    for b in 0..256 {
        starts[b + 1] += starts[b];
    }
    starts
}

/// Values reordered by their byte at some shift (a counting sort), with
/// where each byte's part starts.
type Split = (Vec<u64>, [usize; 257]);

/// `values` split on the byte at `shift` (see [`Split`]).
fn split_by_byte(values: Vec<u64>, shift: u32) -> Split {
    let byte = |e: u64| ((e >> shift) & 0xFF) as usize;
    let starts = byte_starts(values.iter().map(|&e| byte(e)));
    let mut next = starts;
    let mut out = vec![0u64; values.len()];
    for e in values {
        out[next[byte(e)]] = e;
        next[byte(e)] += 1;
    }
    (out, starts)
}

/// Part `byte` of every piece, in one vector.
fn gather(pieces: &[Split], byte: usize) -> Vec<u64> {
    let size = pieces.iter().map(|(_, s)| s[byte + 1] - s[byte]).sum();
    let mut part = Vec::with_capacity(size);
    for (values, starts) in pieces {
        part.extend_from_slice(&values[starts[byte]..starts[byte + 1]]);
    }
    part
}

/// Groups of up to this many documents vote for each of their pairs. Larger
/// ones are n-grams shared by chance as often as by copies (at a million
/// documents, groups of 9 to 64 cast a third of all votes, nearly all for
/// pairs that share nothing else): they are kept per document instead, and
/// their pairs found by prefix filtering (see [`Large`]).
const SMALL_GROUP: usize = 8;

/// A large group's members: each entry, with the group's size.
type Members = Vec<(u64, u8)>;

/// Memory a large group's member takes, from [`votes`] to [`Large`].
const LARGE_BYTES: u64 = 40;

/// Pair votes `(a << 32) | b` of the groups of up to `small` documents in
/// `entries`, split by `byte(a)` for [`Tally::add`]; the entries of the
/// larger ones with their group's size; the hashes of the groups too common
/// (over `max_df`) to count, and the entries of those of them small enough
/// to be one story's copies (see [`COPY_GROUP`]).
fn votes(
    entries: &[u64],
    doc_mask: u64,
    (small, max_df): (usize, usize),
    byte: impl Fn(u64) -> usize,
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
            if group.len() <= COPY_GROUP {
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

/// Stock-phrase groups of up to this many documents are kept per document
/// too: a story reprinted a few hundred times, each copy with its own OCR
/// noise, puts nearly every n-gram of its text in more than `--max-df`
/// documents, and the cap that keeps a site's footer from pairing all its
/// pages made no pair of its copies at all (150 copies, 2 % noise: none of
/// 11,175 pairs found). Larger groups are boilerplate whatever they share.
const COPY_GROUP: usize = 1024;

/// Stock-phrase groups two documents must share to be proposed as copies:
/// a few sentences' worth (about 100 chars), more than a footer or a
/// dateline has, and half the sampled n-grams of each, which pages that
/// share only their site's furniture never do (so they are not even
/// paired up to be checked: see [`Large::pairs_with`]). Verification then
/// lets stock text count only where it makes one document a copy of the
/// other.
const COPY_MIN: usize = 32;

/// The large groups each document is in (see [`SMALL_GROUP`]), as
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
struct Large {
    /// `groups[starts[d]..starts[d + 1]]` are document `d`'s, each as its
    /// size (top byte) and hash.
    starts: Vec<usize>,
    groups: Vec<u64>,
    /// How many each document is in, up to 255.
    counts: Vec<u8>,
}

impl Large {
    /// From the members of the large groups, in pieces.
    fn new(pieces: Vec<Members>, doc_bits: u32, docs: usize) -> Large {
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
    fn shares(&self, a: usize, b: usize, need: usize) -> bool {
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
    fn pairs(&self, min: usize) -> Vec<(u32, u32)> {
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
    /// pairs. (Collecting the pairs, sorting them to drop repeats and
    /// checking them in that order read two lists from memory a pair: at a
    /// million documents, 5.7 M pairs took half a second, now 0.2.) A pair
    /// that meets in several prefix groups is counted only in the first
    /// group the two lists share, which is within both prefixes whenever it
    /// matters; elsewhere the lists' merge stops at that first shared group,
    /// which for copies is at their start. (600 copies of one story meet in
    /// about 150 groups each: 0.65 s, against 5.5 s collected and sorted
    /// and 13 s with every pair's lists read whole.)
    fn pairs_with(&self, need: impl Fn(usize) -> usize + Sync) -> Vec<(u32, u32)> {
        let need = |d: usize| need(d).max(1);
        let docs = self.starts.len() - 1;
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
                        if shared_from(x, self.of(b), Some(meet)) >= need {
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

    fn keys(texts: &[String]) -> Vec<Vec<u16>> {
        texts
            .iter()
            .map(|t| {
                let offsets = crate::normalize::tape::utf8_offsets(t);
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

    fn text(from: u32, len: u32) -> String {
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
        for budget in [0, u64::MAX] {
            let mut tally = Tally::new(&Budget::new(budget), 12);
            for round in &rounds {
                let pieces = round.iter().map(|v| {
                    let (split, ..) = votes(&as_entries(v), doc_mask, (2, 64), |a| tally.byte(a));
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

    #[test]
    fn large_buckets_sort_like_small_ones() {
        // Buckets decoded into parts by their second byte come out as those
        // decoded whole and sorted: with repeated n-grams, and with
        // documents left out.
        let texts: Vec<String> = (0..600).map(|i| text(i * 37 % 500, 900)).collect();
        let budget = Budget::new(u64::MAX);
        let sampler = Sampler::new(1);
        let mut index = IndexWriter::new(&budget);
        for k in keys(&texts) {
            let mut grams = Vec::new();
            sampler.extend(&k, |h| h, &mut grams);
            index.push(&grams);
        }
        let Written {
            hashes,
            gaps,
            blocks,
        } = index.written();
        let (hashes, gaps) = (hashes.finish().0, gaps.finish().0);
        let indexed: Vec<bool> = (0..texts.len()).map(|d| d % 7 != 3).collect();
        // One scratch for every bucket, in the large way, as a thread uses
        // it: what an earlier bucket left in it must not show.
        let mut used = Scratch::default();
        for bucket in 0..BUCKETS {
            let stored = (&hashes, &gaps);
            let mut fresh = Scratch::default();
            let whole = bucket_entries(
                &blocks,
                bucket,
                stored,
                DROPPED_BITS,
                &indexed,
                usize::MAX,
                &mut fresh,
            );
            assert!(whole.windows(2).all(|w| w[0] < w[1]));
            let large = bucket_entries(
                &blocks,
                bucket,
                stored,
                DROPPED_BITS,
                &indexed,
                0,
                &mut used,
            );
            assert_eq!(large, whole);
        }
    }

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
