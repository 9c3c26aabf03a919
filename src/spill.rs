//! Append-only arrays that live in memory up to a shared budget, then in an unlinked temp file.
//!
//! A million-document scan has gigabytes of keys and index entries, but each
//! is read back only a piece at a time (one document's key, one index
//! bucket). Writers take from one [`Budget`]; the writer that would overrun it
//! moves what it holds to a temp file and appends there from then on. The
//! file is unlinked as soon as it is made, so nothing is left behind, not
//! even after a crash. Reads go through `pread`, which keeps the page cache,
//! not the process, holding the data. Below the budget nothing is copied: a
//! pushed vector is kept as it is and read back by borrowing.

use std::borrow::Cow;
use std::fs::File;
use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// Plain integers: any bit pattern is a value and there is no padding, so a
/// slice of them can be written and read back as bytes.
pub trait Plain: Copy + Default + Send + Sync + 'static {}
impl Plain for u8 {}
impl Plain for u16 {}
impl Plain for u32 {}
impl Plain for u64 {}

pub(crate) fn as_bytes<T: Plain>(items: &[T]) -> &[u8] {
    // SAFETY: `Plain` types have no padding and no invalid bit patterns.
    unsafe { std::slice::from_raw_parts(items.as_ptr().cast(), std::mem::size_of_val(items)) }
}

fn as_bytes_mut<T: Plain>(items: &mut [T]) -> &mut [u8] {
    // SAFETY: as above; every byte pattern written is a valid `T`.
    unsafe {
        std::slice::from_raw_parts_mut(items.as_mut_ptr().cast(), std::mem::size_of_val(items))
    }
}

/// Bytes the writers sharing it may hold in memory, all together.
#[derive(Debug, Clone)]
pub struct Budget {
    left: Arc<AtomicU64>,
}

impl Budget {
    pub fn new(bytes: u64) -> Budget {
        Budget {
            left: Arc::new(AtomicU64::new(bytes)),
        }
    }

    pub(crate) fn take(&self, bytes: u64) -> bool {
        self.left
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| {
                left.checked_sub(bytes)
            })
            .is_ok()
    }

    pub(crate) fn give(&self, bytes: u64) {
        self.left.fetch_add(bytes, Ordering::Relaxed);
    }
}

/// Where a pushed slice went: its first element and length, in elements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Loc {
    pub start: u64,
    pub len: u64,
    /// The in-memory piece holding it, if known: reads then need no search.
    piece: u32,
}

impl Loc {
    /// Elements `start..start + len` of a store, whatever pieces they were pushed in.
    pub fn range(start: u64, len: u64) -> Loc {
        Loc {
            start,
            len,
            piece: u32::MAX,
        }
    }

    /// `len` elements from `from` on within this slice.
    pub fn part(&self, from: u64, len: u64) -> Loc {
        debug_assert!(from + len <= self.len);
        Loc {
            start: self.start + from,
            len,
            piece: self.piece,
        }
    }
}

/// Appends arrays; [`SpillWriter::finish`] turns it into a [`Spilled`] to read from.
#[derive(Debug)]
pub struct SpillWriter<T: Plain> {
    chunks: Vec<Vec<T>>,
    /// Element index of each chunk's first element.
    starts: Vec<u64>,
    file: Option<Background<T>>,
    len: u64,
    budget: Budget,
    /// Bytes taken from the budget (returned when spilling or dropped).
    held: u64,
    /// Why spilling was impossible, if it was: the data then stays in memory.
    failed: Option<String>,
}

impl<T: Plain> SpillWriter<T> {
    pub fn new(budget: &Budget) -> SpillWriter<T> {
        SpillWriter {
            chunks: Vec::new(),
            starts: Vec::new(),
            file: None,
            len: 0,
            budget: budget.clone(),
            held: 0,
            failed: None,
        }
    }

    /// Says `bytes` are coming: if they cannot all fit the budget, they go
    /// straight to a temp file rather than filling memory first. (Memory
    /// filled with small pieces and then freed stays with the allocator,
    /// cut up by whatever was allocated between them.)
    pub fn expect(&mut self, bytes: u64) {
        let left = self.budget.left.load(Ordering::Relaxed);
        if self.file.is_none() && self.failed.is_none() && bytes > left {
            if let Err(e) = self.spill() {
                self.failed = Some(e.to_string());
            }
        }
    }

    /// Appends `items` (kept as they are while the budget lasts).
    pub fn push(&mut self, items: Vec<T>) -> Loc {
        let mut loc = Loc {
            start: self.len,
            len: items.len() as u64,
            piece: u32::MAX,
        };
        if items.is_empty() {
            return loc;
        }
        self.len += loc.len;
        let bytes = std::mem::size_of_val(items.as_slice()) as u64;
        if self.file.is_none() && self.failed.is_none() {
            if self.budget.take(bytes) {
                self.held += bytes;
            } else if let Err(e) = self.spill() {
                // No temp file (read-only or full disk): slower to lose a run
                // than to use more memory, so keep going in memory.
                self.failed = Some(e.to_string());
            }
        }
        if let Some(file) = &mut self.file {
            file.send(items);
            return loc;
        }
        loc.piece = u32::try_from(self.chunks.len()).unwrap_or(u32::MAX);
        self.starts.push(loc.start);
        self.chunks.push(items);
        loc
    }

    /// Moves everything held so far to a new temp file.
    fn spill(&mut self) -> std::io::Result<()> {
        let mut file = temp_file()?;
        for chunk in &self.chunks {
            write_in_pieces(&mut file, as_bytes(chunk))?;
        }
        self.file = Some(Background::new(file));
        self.chunks = Vec::new();
        self.starts = Vec::new();
        self.budget.give(std::mem::take(&mut self.held));
        Ok(())
    }

    /// Done writing. Also says why data stayed in memory past the budget, if it did.
    pub fn finish(self) -> (Spilled<T>, Option<String>) {
        let mut me = self;
        let failed = me.failed.take();
        let spilled = Spilled {
            chunks: std::mem::take(&mut me.chunks),
            starts: std::mem::take(&mut me.starts),
            file: me.file.take().map(Background::finish),
            budget: me.budget.clone(),
            held: std::mem::take(&mut me.held),
        };
        (spilled, failed)
    }

    /// Bytes written so far, wherever they are.
    pub fn bytes(&self) -> u64 {
        self.len * std::mem::size_of::<T>() as u64
    }

    /// Whether the data went to a temp file.
    pub fn spilled(&self) -> bool {
        self.file.is_some()
    }
}

impl<T: Plain> Drop for SpillWriter<T> {
    fn drop(&mut self) {
        self.budget.give(self.held);
    }
}

/// Writes to a temp file on a thread of its own, so that folding the next
/// batch does not wait for the kernel to take this one (writes to a large
/// file stall once the system holds enough unwritten pages).
#[derive(Debug)]
struct Background<T: Plain> {
    queue: Option<std::sync::mpsc::SyncSender<Vec<T>>>,
    writer: std::thread::JoinHandle<std::io::Result<File>>,
    /// Small pushes (one key each) gathered into one write: a hand-over per
    /// key cost more in thread switches than the write itself.
    pending: Vec<T>,
}

/// Largest single write to a file: the page cache takes a write in pages as
/// large as the write, and on a virtual machine a large page comes from memory
/// the host no longer backs, so every first touch faults on the host; small
/// pages come from memory recently freed (figures in BENCHMARKS.md).
pub(crate) const WRITE_PIECE: usize = 64 << 10;

/// `bytes` written in pieces of at most [`WRITE_PIECE`].
pub(crate) fn write_in_pieces(out: &mut impl Write, bytes: &[u8]) -> std::io::Result<()> {
    bytes
        .chunks(WRITE_PIECE)
        .try_for_each(|piece| out.write_all(piece))
}

/// Bytes gathered before a hand-over to the writer.
const WRITE_BYTES: usize = 4 << 20;

impl<T: Plain> Background<T> {
    fn new(mut file: File) -> Background<T> {
        // A few batches in flight: enough to overlap, little to hold.
        let (queue, batches) = std::sync::mpsc::sync_channel::<Vec<T>>(4);
        let writer = std::thread::spawn(move || {
            for items in batches {
                write_in_pieces(&mut file, as_bytes(&items))?;
            }
            Ok(file)
        });
        Background {
            queue: Some(queue),
            writer,
            pending: Vec::new(),
        }
    }

    fn send(&mut self, items: Vec<T>) {
        let limit = WRITE_BYTES / std::mem::size_of::<T>();
        if self.pending.is_empty() && items.len() >= limit {
            return self.hand_over(items);
        }
        self.pending.extend_from_slice(&items);
        if self.pending.len() >= limit {
            let full = std::mem::replace(&mut self.pending, Vec::with_capacity(limit));
            self.hand_over(full);
        }
    }

    fn hand_over(&self, items: Vec<T>) {
        // Fails only when the writer stopped on an error, which `finish` reports.
        let _ = self.queue.as_ref().expect("open").send(items);
    }

    fn finish(mut self) -> File {
        let rest = std::mem::take(&mut self.pending);
        if !rest.is_empty() {
            self.hand_over(rest);
        }
        drop(self.queue.take());
        match self.writer.join() {
            Ok(Ok(file)) => file,
            Ok(Err(e)) => panic!("writing the scan's temp file failed: {e}"),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    }
}

/// Arrays written by a [`SpillWriter`], read back by [`Loc`] from any thread.
#[derive(Debug)]
pub struct Spilled<T: Plain> {
    chunks: Vec<Vec<T>>,
    starts: Vec<u64>,
    file: Option<File>,
    budget: Budget,
    held: u64,
}

impl<T: Plain> Spilled<T> {
    /// The elements at `loc`: borrowed when held in memory in one piece.
    pub fn get(&self, loc: Loc) -> Cow<'_, [T]> {
        if loc.len == 0 {
            return Cow::Borrowed(&[]);
        }
        if self.file.is_some() {
            let mut out = vec![T::default(); loc.len as usize];
            self.read_into(loc, &mut out);
            return Cow::Owned(out);
        }
        let hinted = (loc.piece as usize) < self.chunks.len()
            && self.starts[loc.piece as usize] <= loc.start;
        let first = if hinted {
            loc.piece as usize
        } else {
            self.starts.partition_point(|&s| s <= loc.start) - 1
        };
        let offset = (loc.start - self.starts[first]) as usize;
        let chunk = &self.chunks[first];
        if offset + loc.len as usize <= chunk.len() {
            return Cow::Borrowed(&chunk[offset..offset + loc.len as usize]);
        }
        // Pushed pieces are whole; a range across them is copied together.
        let mut out = vec![T::default(); loc.len as usize];
        let mut filled = 0;
        let (mut c, mut offset) = (first, offset);
        while filled < out.len() {
            let take = (self.chunks[c].len() - offset).min(out.len() - filled);
            out[filled..filled + take].copy_from_slice(&self.chunks[c][offset..offset + take]);
            filled += take;
            c += 1;
            offset = 0;
        }
        Cow::Owned(out)
    }

    /// Overwrites `out`, exactly `loc.len` long, with the elements at `loc`
    /// (a buffer used again need not be cleared first).
    pub fn read_into(&self, loc: Loc, out: &mut [T]) {
        assert_eq!(out.len() as u64, loc.len, "a place for every element");
        let Some(file) = &self.file else {
            return out.copy_from_slice(&self.get(loc));
        };
        let size = std::mem::size_of::<T>() as u64;
        read_at(file, as_bytes_mut(out), loc.start * size)
            .unwrap_or_else(|e| panic!("reading back the scan's temp file failed: {e}"));
    }

    /// Whether the data is in a temp file.
    pub fn on_disk(&self) -> bool {
        self.file.is_some()
    }
}

impl<T: Plain> Drop for Spilled<T> {
    fn drop(&mut self) {
        self.budget.give(self.held);
        // Closing the last handle of an unlinked file frees its pages, a
        // fraction of a second per gigabyte: done beside the next stage.
        if let Some(file) = self.file.take() {
            std::thread::spawn(move || drop(file));
        }
    }
}

#[cfg(unix)]
pub(crate) fn read_at(file: &File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

#[cfg(windows)]
pub(crate) fn read_at(file: &File, mut buf: &mut [u8], mut offset: u64) -> std::io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !buf.is_empty() {
        match file.seek_read(buf, offset)? {
            0 => return Err(std::io::ErrorKind::UnexpectedEof.into()),
            n => {
                buf = &mut buf[n..];
                offset += n as u64;
            }
        }
    }
    Ok(())
}

/// A new file in the temp directory (`TMPDIR`), unlinked at once where the
/// system allows it, so it goes away with the process whatever happens.
pub(crate) fn temp_file() -> std::io::Result<File> {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let dir = std::env::temp_dir();
    loop {
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let path = dir.join(format!("reprint-{}-{n}.spill", std::process::id()));
        match std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(file) => {
                // Windows cannot unlink an open file; the file is then left
                // in the temp directory, which the system cleans.
                let _ = std::fs::remove_file(&path);
                return Ok(file);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => {
                return Err(std::io::Error::new(
                    e.kind(),
                    format!("{}: {e}", dir.display()),
                ))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write_all(budget: u64, pieces: &[Vec<u32>]) -> (Spilled<u32>, Vec<Loc>) {
        let budget = Budget::new(budget);
        let mut w = SpillWriter::new(&budget);
        let locs = pieces.iter().map(|p| w.push(p.clone())).collect();
        let (s, failed) = w.finish();
        assert!(failed.is_none());
        (s, locs)
    }

    #[test]
    fn pieces_read_back_in_memory_and_on_disk() {
        let pieces: Vec<Vec<u32>> = (0..50u32).map(|i| (0..i * 7).collect()).collect();
        for budget in [u64::MAX, 1000, 0] {
            let (s, locs) = write_all(budget, &pieces);
            assert_eq!(s.on_disk(), budget != u64::MAX);
            for (p, &l) in pieces.iter().zip(&locs) {
                assert_eq!(&*s.get(l), p.as_slice());
            }
            // A range across pieces reads as one.
            let across = Loc {
                start: locs[10].start + 3,
                len: locs[10].len + 5,
                piece: u32::MAX,
            };
            let want: Vec<u32> = pieces.concat()
                [across.start as usize..(across.start + across.len) as usize]
                .to_vec();
            assert_eq!(&*s.get(across), want.as_slice());
        }
    }

    #[test]
    fn large_writes_go_out_in_small_pieces() {
        struct Sizes(Vec<usize>, Vec<u8>);
        impl Write for Sizes {
            fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                self.0.push(buf.len());
                self.1.extend_from_slice(buf);
                Ok(buf.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let bytes: Vec<u8> = (0..WRITE_PIECE * 5 / 2).map(|i| i as u8).collect();
        let mut out = Sizes(Vec::new(), Vec::new());
        write_in_pieces(&mut out, &bytes).unwrap();
        assert_eq!(out.0, [WRITE_PIECE, WRITE_PIECE, WRITE_PIECE / 2]);
        assert_eq!(out.1, bytes);
    }

    #[test]
    fn a_writer_told_of_more_than_the_budget_spills_at_once() {
        let budget = Budget::new(1000);
        let mut w = SpillWriter::<u32>::new(&budget);
        w.expect(500);
        assert!(!w.spilled());
        w.expect(5000);
        assert!(w.spilled());
        let loc = w.push(vec![7; 3]);
        assert_eq!(&*w.finish().0.get(loc), &[7, 7, 7]);
    }

    #[test]
    fn writers_share_the_budget_and_give_it_back() {
        let budget = Budget::new(100);
        let mut a = SpillWriter::<u64>::new(&budget);
        let mut b = SpillWriter::<u64>::new(&budget);
        a.push(vec![1; 10]);
        b.push(vec![2; 10]);
        assert!(!a.spilled());
        assert!(b.spilled(), "80 + 80 bytes overrun 100");
        drop(a);
        let mut c = SpillWriter::<u64>::new(&budget);
        c.push(vec![3; 12]);
        assert!(!c.spilled(), "a's 80 bytes came back");
    }
}
