//! A bucket read back from every block, decoded and radix sorted; the counting-sort pieces the votes are split with.

use super::store::{Block, DROPPED_BITS, GAP_ESCAPE};
use crate::spill::{Loc, Spilled};

/// Entries under this many are sorted directly: they fit in cache.
pub(super) const SMALL_BUCKET: usize = 1 << 16;

/// Buffers a thread uses again from bucket to bucket: a large corpus's
/// buckets take megabytes each, and buffers taken afresh are zeroed afresh.
#[derive(Default)]
pub(super) struct Scratch {
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
/// hash, and each part into 256 pieces by the next 8. Decoded straight into
/// 256 parts, a large bucket's writes spread over too many pages.
pub(super) fn bucket_entries<'s>(
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
/// (see [`super::IndexWriter`]), given to `put` as entries (see [`bucket_entries`])
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
pub(super) type Split = (Vec<u64>, [usize; 257]);

/// `values` split on the byte at `shift` (see [`Split`]).
pub(super) fn split_by_byte(values: Vec<u64>, shift: u32) -> Split {
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
pub(super) fn gather(pieces: &[Split], byte: usize) -> Vec<u64> {
    let size = pieces.iter().map(|(_, s)| s[byte + 1] - s[byte]).sum();
    let mut part = Vec::with_capacity(size);
    for (values, starts) in pieces {
        part.extend_from_slice(&values[starts[byte]..starts[byte + 1]]);
    }
    part
}

#[cfg(test)]
mod tests {
    use super::super::store::{Written, BUCKETS};
    use super::super::tests::{keys, text};
    use super::super::IndexWriter;
    use super::*;
    use crate::scan::keys::Sampler;
    use crate::spill::Budget;

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
}
