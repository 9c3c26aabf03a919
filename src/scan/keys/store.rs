//! Key storage: every unit's key packed, in memory or past the budget in a temp file, and read back whole.

use super::fold::{Key, LEN_BITS};
use crate::model::Span;
use crate::spill::{Budget, Loc, SpillWriter, Spilled};
use rayon::prelude::*;
use std::borrow::Cow;

/// A key's source spans alone, unpacked (see [`Key::spans`]): what maps a
/// passage of key chars back to source bytes.
#[derive(Debug, Clone)]
pub struct KeySpans {
    /// Per char: start relative to `base` (high bits) and byte length (low bits).
    pub spans: Vec<u32>,
    pub base: u32,
}

impl KeySpans {
    /// Source byte range of key chars `[start, end)`: the smallest range
    /// holding all their bytes. A stitched article's chars are in reading
    /// order, not source order, so a passage across a junction can end before
    /// it starts in the file; its first and last char alone are not enough.
    pub fn source_span(&self, start: usize, end: usize) -> Span {
        let at = |p: u32| self.base + (p >> LEN_BITS);
        self.spans[start..end]
            .iter()
            .fold([u32::MAX, 0], |[lo, hi], &p| {
                [lo.min(at(p)), hi.max(at(p) + (p & ((1 << LEN_BITS) - 1)))]
            })
    }
}

/// Bits of a packed span byte holding the gap since the previous char's end.
const GAP_BITS: u32 = 5;

/// Spans stored a byte a char: the char's length (high 3 bits) and its gap
/// from the previous char's end (low 5 bits), which is what UTF-8 text with
/// punctuation and line breaks between key chars looks like. A char that
/// fits neither (a long gap, an earlier piece of a stitched page) is a zero
/// byte, and its full packed span follows all the codes: about a byte a
/// char instead of four, in memory and in the temp file.
fn pack_spans(spans: &[u32]) -> Vec<u8> {
    let mut codes = Vec::with_capacity(spans.len());
    let mut escaped = Vec::new();
    let mut end = 0u32;
    for &p in spans {
        let (start, len) = (p >> LEN_BITS, p & ((1 << LEN_BITS) - 1));
        match start.checked_sub(end) {
            Some(gap) if gap < 1 << GAP_BITS && (1..8).contains(&len) => {
                codes.push(((len << GAP_BITS) | gap) as u8)
            }
            _ => {
                codes.push(0);
                escaped.extend_from_slice(&p.to_le_bytes());
            }
        }
        end = start + len;
    }
    codes.extend(escaped);
    codes
}

/// The spans of [`pack_spans`] for a key of `n` chars, from the packed bytes
/// as stored: two to a `u16`, low byte first. A plain loop: every reported
/// pair unpacks both its keys' spans.
fn unpack_spans(units: &[u16], n: usize) -> Vec<u32> {
    // Low byte first is memory order on little-endian machines.
    #[cfg(target_endian = "little")]
    let bytes = crate::spill::as_bytes(units);
    #[cfg(not(target_endian = "little"))]
    let bytes: Vec<u8> = units.iter().flat_map(|u| u.to_le_bytes()).collect();
    let (codes, escaped) = bytes.split_at(n);
    let mut escaped = escaped.chunks_exact(4);
    let mut out = Vec::with_capacity(n);
    let mut end = 0u32;
    for &c in codes {
        let p = if c == 0 {
            let b = escaped.next().expect("an escaped span for each zero code");
            u32::from_le_bytes([b[0], b[1], b[2], b[3]])
        } else {
            let len = u32::from(c >> GAP_BITS);
            ((end + u32::from(c & ((1 << GAP_BITS) - 1))) << LEN_BITS) | len
        };
        end = (p >> LEN_BITS) + (p & ((1 << LEN_BITS) - 1));
        out.push(p);
    }
    out
}

/// Packed span bytes two to a `u16`, low byte first (a last odd byte pads with 0).
fn pack_units(bytes: &[u8]) -> impl Iterator<Item = u16> + '_ {
    bytes
        .chunks(2)
        .map(|b| u16::from_le_bytes([b[0], b.get(1).copied().unwrap_or(0)]))
}

/// Where one key is in a [`Keys`] store: its chars, then its packed spans
/// two bytes to a `u16`, in one piece, so verifying a pair reads each key
/// once.
#[derive(Debug, Clone, Copy)]
struct KeyLoc {
    at: Loc,
    chars: u32,
    base: u32,
}

impl KeyLoc {
    fn chars(&self) -> Loc {
        self.at.part(0, u64::from(self.chars))
    }
}

/// One key read whole, for verifying its pairs: its chars at hand, its
/// spans unpacked only when a pair is reported.
pub struct Stored<'a> {
    /// The chars, then (read from a store) their spans packed as stored.
    all: Cow<'a, [u16]>,
    chars: usize,
    base: u32,
    /// The spans unpacked already: a key folded again, never packed.
    spans: Option<Vec<u32>>,
}

impl Stored<'_> {
    /// A key just folded, not read from a store.
    pub fn whole(key: Key) -> Stored<'static> {
        Stored {
            chars: key.chars.len(),
            all: Cow::Owned(key.chars),
            base: key.base,
            spans: Some(key.spans),
        }
    }

    pub fn chars(&self) -> &[u16] {
        &self.all[..self.chars]
    }

    /// The source spans of the chars.
    pub fn spans(&self) -> KeySpans {
        KeySpans {
            spans: match &self.spans {
                Some(spans) => spans.clone(),
                None => unpack_spans(&self.all[self.chars..], self.chars),
            },
            base: self.base,
        }
    }
}

/// Fills a [`Keys`] store, batch by batch.
#[derive(Debug)]
pub struct KeysWriter {
    store: SpillWriter<u16>,
    locs: Vec<KeyLoc>,
}

impl KeysWriter {
    /// Keys are held in memory while `budget` lasts, then go to a temp file.
    pub fn new(budget: &Budget) -> KeysWriter {
        KeysWriter {
            store: SpillWriter::new(budget),
            locs: Vec::new(),
        }
    }

    /// Stores a batch of keys, packed in parallel first.
    pub fn push_batch(&mut self, keys: Vec<Key>) {
        let keys: Vec<(Vec<u16>, u32, u32)> = keys
            .into_par_iter()
            .map(|k| {
                let spans = pack_spans(&k.spans);
                let n = k.chars.len();
                let mut all = k.chars;
                all.reserve_exact(spans.len().div_ceil(2));
                all.extend(pack_units(&spans));
                (all, n as u32, k.base)
            })
            .collect();
        for (all, chars, base) in keys {
            let at = self.store.push(all);
            self.locs.push(KeyLoc { at, chars, base });
        }
    }

    /// Says about `chars` key chars are coming (see [`SpillWriter::expect`]).
    pub fn expect(&mut self, chars: u64) {
        self.store.expect(chars * 3);
    }

    /// Whether keys went to a temp file.
    pub fn spilled(&self) -> bool {
        self.store.spilled()
    }

    /// Bytes of keys stored, for `--stats`.
    pub fn bytes(&self) -> u64 {
        self.store.bytes()
    }

    pub fn finish(self) -> Keys {
        let (store, failed) = self.store.finish();
        Keys {
            store,
            locs: self.locs,
            failed,
        }
    }
}

/// Every document's key, in memory or in a temp file (see [`crate::spill`]).
#[derive(Debug)]
pub struct Keys {
    store: Spilled<u16>,
    locs: Vec<KeyLoc>,
    /// Why keys stayed in memory past the budget, if they did.
    pub failed: Option<String>,
}

impl Keys {
    /// Keys of `keys`, all in memory.
    pub fn in_memory(keys: Vec<Key>) -> Keys {
        let mut w = KeysWriter::new(&Budget::new(u64::MAX));
        w.push_batch(keys);
        w.finish()
    }

    /// Key chars of document `doc`.
    pub fn chars(&self, doc: usize) -> Cow<'_, [u16]> {
        self.store.get(self.locs[doc].chars())
    }

    /// Document `doc`'s key whole, in one read.
    pub fn stored(&self, doc: usize) -> Stored<'_> {
        let l = self.locs[doc];
        Stored {
            all: self.store.get(l.at),
            chars: l.chars as usize,
            base: l.base,
            spans: None,
        }
    }

    /// Length of document `doc`'s key, without reading it.
    pub fn key_len(&self, doc: usize) -> usize {
        self.locs[doc].chars as usize
    }

    /// Source spans of document `doc`'s key chars.
    pub fn get(&self, doc: usize) -> KeySpans {
        self.stored(doc).spans()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str) -> Key {
        let offsets = crate::model::utf8_offsets(s, 0);
        Key::from_source(s, &offsets, usize::MAX).0
    }

    #[test]
    fn spans_point_at_source_bytes() {
        let text = "甲, 乙丙";
        let keys = Keys::in_memory(vec![key("x"), key(text)]);
        let k = keys.get(1);
        assert_eq!(keys.chars(1).len(), 3);
        let [s, e] = k.source_span(1, 3);
        assert_eq!(&text[s as usize..e as usize], "乙丙");
        assert_eq!(k.source_span(0, 1), [0, 3]);
        assert!(keys.chars(0).is_empty());
    }

    #[test]
    fn pieces_out_of_source_order_keep_true_spans() {
        // Reading order: the second piece of the page (bytes 30..) comes first.
        let chars = [
            ('乙', [30u32, 33u32]),
            ('丙', [33, 36]),
            ('甲', [0, 3]),
            ('丁', [3, 6]),
        ];
        let (k, cut) = Key::build(chars, usize::MAX, 4);
        assert!(!cut);
        let keys = Keys::in_memory(vec![k]);
        let k = keys.get(0);
        assert_eq!(k.source_span(0, 2), [30, 36]);
        assert_eq!(k.source_span(2, 3), [0, 3]);
        assert_eq!(k.source_span(1, 4), [0, 36]);
    }

    #[test]
    fn packed_spans_round_trip() {
        let spans: Vec<u32> = [
            (0, 3),
            (3, 3),
            (9, 1),
            (10, 4),
            (500, 3),
            (2, 3),
            (5, 31),
            (36, 0),
        ]
        .iter()
        .map(|&(s, l)| (s << LEN_BITS) | l)
        .collect();
        let packed = pack_spans(&spans);
        assert_eq!(packed.len(), spans.len() + 4 * 4, "four spans escape");
        let units: Vec<u16> = pack_units(&packed).collect();
        assert_eq!(unpack_spans(&units, spans.len()), spans);
        let odd: Vec<u16> = pack_units(&pack_spans(&spans[..3])).collect();
        assert_eq!(unpack_spans(&odd, 3), &spans[..3]);
        assert!(unpack_spans(&[], 0).is_empty());
    }

    #[test]
    fn keys_read_back_from_a_temp_file() {
        let texts = ["第一篇文章", "第二篇：文章，很长。", ""];
        let all: Vec<Key> = texts.iter().map(|t| key(t)).collect();
        let mut w = KeysWriter::new(&Budget::new(0));
        w.push_batch(all.clone());
        assert!(w.spilled());
        let keys = w.finish();
        let memory = Keys::in_memory(all);
        for d in 0..texts.len() {
            assert_eq!(keys.chars(d), memory.chars(d));
            assert_eq!(keys.get(d).spans, memory.get(d).spans);
        }
    }
}
