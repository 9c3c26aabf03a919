//! The index's block store: entries bucketed, packed five bytes an entry and written by a thread of their own.

use super::sort::split_by_byte;
use crate::spill::{Budget, Loc, SpillWriter};

/// Entries an index block aims at (8 MB): blocks are folded in parallel and,
/// past the memory budget, each is one write to the temp file.
pub(super) const BLOCK_ENTRIES: usize = 1 << 20;

/// Documents an index block numbers on its own: entries carry a block-local
/// number until the whole index is read back, since how many documents there
/// are (and so how many bits a number takes) is known only when the input ends.
pub(super) const BLOCK_DOCS: usize = 1 << LOCAL_BITS;
const LOCAL_BITS: u32 = 16;
pub(super) const LOCAL_MASK: u64 = (1 << LOCAL_BITS) - 1;

/// Low bits of an n-gram hash that the index never keeps: an entry keeps
/// the 40 bits above (fewer only past 16M documents, whose numbers need
/// more), and in 40 bits chance collisions between the hundreds of millions
/// of n-grams of a huge corpus are a few thousand stray votes.
pub(super) const DROPPED_BITS: u32 = 24;

/// An entry's stored document: the gap from the one before it in its
/// bucket part, a byte, or this byte and then the block-local number whole.
pub(super) const GAP_ESCAPE: u8 = u8::MAX;

/// Buckets of the index: entries by their top byte (hash bits).
pub(super) const BUCKETS: usize = 256;

/// The stored blocks: here until the first block is full, then on a thread
/// of their own. Bucketing and encoding a block is serial work, most of what
/// storing takes, and folding the next documents need not wait for it.
pub(super) enum Store {
    Idle(Box<Written>),
    Running {
        queue: std::sync::mpsc::SyncSender<(Vec<u64>, usize)>,
        worker: std::thread::JoinHandle<Written>,
    },
    Taken,
}

impl Store {
    pub(super) fn new(budget: &Budget) -> Store {
        Store::Idle(Box::new(Written {
            hashes: SpillWriter::new(budget),
            gaps: SpillWriter::new(budget),
            blocks: Vec::new(),
        }))
    }

    /// Says about `entries` are coming (see [`SpillWriter::expect`]).
    pub(super) fn expect(&mut self, entries: u64) {
        if let Store::Idle(w) = self {
            w.hashes.expect(entries * 4);
            w.gaps.expect(entries);
        }
    }

    /// Stores a block of entries whose first document is `first`, on the
    /// store's thread, started by the first block.
    pub(super) fn send(&mut self, block: (Vec<u64>, usize)) {
        if let Store::Idle(_) = self {
            let Store::Idle(mut written) = std::mem::replace(self, Store::Taken) else {
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
            *self = Store::Running { queue, worker };
        }
        if let Store::Running { queue, .. } = self {
            // Fails only if the thread died, which `finish` then reports.
            let _ = queue.send(block);
        }
    }

    /// Everything sent, stored.
    pub(super) fn finish(&mut self) -> Written {
        match std::mem::replace(self, Store::Taken) {
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
}

/// The index as stored so far.
pub(super) struct Written {
    pub(super) hashes: SpillWriter<u32>,
    pub(super) gaps: SpillWriter<u8>,
    pub(super) blocks: Vec<Block>,
}

/// A written block: where its hashes and gaps are, where each bucket's start
/// in them, and its first document.
pub(super) struct Block {
    hashes: Loc,
    gaps: Loc,
    starts: [u32; BUCKETS + 1],
    gap_starts: [u32; BUCKETS + 1],
    pub(super) first: usize,
}

impl Block {
    /// Bucket `b`'s hashes and gaps.
    pub(super) fn part(&self, b: usize) -> (Loc, Loc) {
        let (s, g) = (&self.starts, &self.gap_starts);
        (
            self.hashes
                .part(u64::from(s[b]), u64::from(s[b + 1] - s[b])),
            self.gaps.part(u64::from(g[b]), u64::from(g[b + 1] - g[b])),
        )
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
