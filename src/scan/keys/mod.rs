//! Comparison keys (folded Han chars and digits, with source spans) and their n-gram hashes.
//!
//! A key keeps only what two copies of a story share whatever their layout:
//! Han chars (traditional and variant forms folded to simplified), digits of
//! any width, and letters of other non-Latin scripts. Whitespace, punctuation
//! in any width and ASCII letters vanish. Folding works char by char on the raw
//! text, so scanning whole files or records needs no cleaning pass. Chars are
//! built as `u16` (astral chars fold into the private-use area) and each
//! carries its source byte span packed into a `u32`; stored, the span packs
//! into about a byte, three bytes a char in all.

pub mod page;
pub mod reread;

use crate::model::Span;
use crate::spill::{Budget, Loc, SpillWriter, Spilled};
use rayon::prelude::*;
use std::borrow::Cow;
use std::sync::OnceLock;

/// Length of the n-grams that index and seed alignments. Six Chinese chars are
/// rare enough to mean something and short enough that a 5 % OCR error rate
/// leaves most of them intact (0.95^6 ≈ 0.74).
pub const N: usize = 6;

/// Bits of a packed span holding the char's source length; the rest hold its
/// start relative to the key's first char.
const LEN_BITS: u32 = 5;
/// Keys stop at a char this far (128 MiB) from their first one.
pub const MAX_REL_START: u64 = (1 << (32 - LEN_BITS)) - 1;

/// The comparison form of `c`, or `None` when it takes no part in comparison.
/// ASCII letters are left out: English summaries share sub-word letter runs
/// (`ation`, `the N`) that say nothing about reprinting, and Chinese copies
/// never differ only in them.
#[inline]
pub fn fold(c: char) -> Option<char> {
    fold_with(variant_table(), c)
}

/// [`fold`] with the variant table already in hand: loops fetch it once
/// rather than check its `OnceLock` per char.
#[inline(always)]
fn fold_with(table: &[u16; HAN_LEN], c: char) -> Option<char> {
    let u = c as u32;
    if u < 0x80 {
        return c.is_ascii_digit().then_some(c);
    }
    match u {
        0x3400..=0x9FFF => {
            let s = table[(u - HAN_FIRST) as usize];
            Some(char::from_u32(u32::from(s)).unwrap_or(c))
        }
        // Full-width digits; full-width Latin letters fold to ASCII and go.
        0xFF10..=0xFF19 => char::from_u32(u - 0xFEE0),
        0xFF21..=0xFF3A | 0xFF41..=0xFF5A => None,
        // Punctuation, symbols and spaces of CJK text, without Unicode look-ups.
        0x2000..=0x2BFF | 0x3000..=0x303F | 0xFE30..=0xFE4F | 0xFF00..=0xFF0F | 0xFF1A..=0xFF20 => {
            None
        }
        // Compatibility ideographs and Kangxi radicals (OCR output has both)
        // stand for ordinary Han chars.
        0xF900..=0xFAFF | 0x2F00..=0x2FDF | 0x2E80..=0x2EFF => {
            let mut out = None;
            unicode_normalization::char::decompose_compatible(c, |d| {
                out.get_or_insert(d);
            });
            out.filter(|d| d.is_alphanumeric()).and_then(fold_plain)
        }
        _ => fold_plain(c),
    }
}

fn fold_plain(c: char) -> Option<char> {
    if !c.is_alphanumeric() || c.is_ascii_alphabetic() {
        return None;
    }
    Some(match crate::normalize::variants::lookup(c) {
        Some(v) => v.simplified,
        None => c,
    })
}

/// First and count of the BMP Han block (U+3400..=U+9FFF) that
/// [`variant_table`] covers.
const HAN_FIRST: u32 = 0x3400;
const HAN_LEN: usize = 0x9FFF - 0x3400 + 1;

/// The folded form of every char of the BMP Han block, indexed from
/// [`HAN_FIRST`], so the hot loop never searches the variant table. A char
/// whose simplified form lies outside the BMP stays as it is.
fn variant_table() -> &'static [u16; HAN_LEN] {
    static TABLE: OnceLock<Box<[u16; HAN_LEN]>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = Box::new([0u16; HAN_LEN]);
        for (slot, u) in table.iter_mut().zip(HAN_FIRST..) {
            *slot = char::from_u32(u)
                .and_then(crate::normalize::variants::lookup)
                .map(|v| v.simplified as u32)
                .filter(|&s| s <= 0xFFFF)
                .unwrap_or(u) as u16;
        }
        table
    })
}

/// A folded char as stored. Astral chars (CJK Extension B and beyond) share the
/// private-use area, so two rare chars may compare equal: a cost of one char in
/// an alignment, never a false pair on its own.
#[inline]
pub fn code(c: char) -> u16 {
    let u = c as u32;
    if u <= 0xFFFF {
        u as u16
    } else {
        (0xE000 + u % 0x1900) as u16
    }
}

/// The next key char of `rest` (which ends `text`) as stored, and its length
/// in bytes; `rest` moves past it and past everything before it that folds
/// away. Most of a Chinese text is 3-byte chars of the BMP Han block, which go
/// from their bytes straight to the variant table without becoming a `char`.
#[inline(always)]
fn next_key(text: &str, rest: &mut &[u8], table: &[u16; HAN_LEN]) -> Option<(u16, usize)> {
    loop {
        match **rest {
            [b0 @ 0xE0..=0xEF, b1, b2, ref tail @ ..] => {
                *rest = tail;
                let u = (u32::from(b0 & 0x0F) << 12)
                    | (u32::from(b1 & 0x3F) << 6)
                    | u32::from(b2 & 0x3F);
                if let Some(&f) = table.get(u.wrapping_sub(HAN_FIRST) as usize) {
                    return Some((f, 3));
                }
                if let Some(f) = char::from_u32(u).and_then(|c| fold_with(table, c)) {
                    return Some((code(f), 3));
                }
            }
            [b @ 0..=0x7F, ref tail @ ..] => {
                *rest = tail;
                if b.is_ascii_digit() {
                    return Some((u16::from(b), 1));
                }
            }
            [] => return None,
            _ => {
                let c = text[text.len() - rest.len()..].chars().next()?;
                *rest = &rest[c.len_utf8()..];
                if let Some(f) = fold_with(table, c) {
                    return Some((code(f), c.len_utf8()));
                }
            }
        }
    }
}

/// One document's comparison key.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Key {
    pub chars: Vec<u16>,
    /// Per char: start relative to `base` (high bits) and byte length (low bits).
    pub spans: Vec<u32>,
    /// Source byte offset of the first char.
    pub base: u32,
}

impl Key {
    /// Folds `chars` (each with its source byte span), stopping after
    /// `max_chars` key chars. Returns the key and whether it was cut short.
    /// `size_hint` (source chars) sizes the key up front.
    pub fn build(
        chars: impl IntoIterator<Item = (char, Span)>,
        max_chars: usize,
        size_hint: usize,
    ) -> (Key, bool) {
        let cap = size_hint.min(max_chars);
        let mut k = Key {
            chars: Vec::with_capacity(cap),
            spans: Vec::with_capacity(cap),
            base: 0,
        };
        let table = variant_table();
        for (c, [start, end]) in chars {
            let Some(f) = fold_with(table, c) else {
                continue;
            };
            if k.chars.is_empty() {
                k.base = start;
            } else if start < k.base {
                // A stitched article reads a later piece of its page first:
                // move the base back and every earlier char's offset with it.
                let delta = k.base - start;
                let furthest = k.spans.iter().map(|s| s >> LEN_BITS).max().unwrap_or(0);
                if u64::from(furthest) + u64::from(delta) > MAX_REL_START {
                    return (k, true);
                }
                k.spans.iter_mut().for_each(|s| *s += delta << LEN_BITS);
                k.base = start;
            }
            let rel = u64::from(start - k.base);
            if k.chars.len() >= max_chars || rel > MAX_REL_START {
                k.shrink();
                return (k, true);
            }
            let len = end.saturating_sub(start).min((1 << LEN_BITS) - 1);
            k.chars.push(code(f));
            k.spans.push(((rel as u32) << LEN_BITS) | len);
        }
        k.shrink();
        (k, false)
    }

    /// Gives back what the size hint over-reserved (punctuation and ASCII
    /// are no key chars): keys are kept for the whole scan.
    fn shrink(&mut self) {
        self.chars.shrink_to_fit();
        self.spans.shrink_to_fit();
    }

    /// Key of a decoded text whose char `i` starts at source byte `offsets[i]`
    /// (`offsets` has one entry more than `text` has chars, or none at all
    /// when the text is its own source).
    pub fn from_source(text: &str, offsets: &[u32], max_chars: usize) -> (Key, bool) {
        // Chinese text is three bytes a char in UTF-8.
        let hint = text.len() / 3 + 1;
        if offsets.is_empty() {
            if text.len() < u32::MAX as usize {
                return Key::from_text(text, max_chars);
            }
            let spans = text
                .char_indices()
                .map(|(i, c)| (c, [i as u32, (i + c.len_utf8()) as u32]));
            return Key::build(spans, max_chars, hint);
        }
        let spans = offsets.windows(2).map(|w| [w[0], w[1]]);
        Key::build(text.chars().zip(spans), max_chars, hint)
    }

    /// [`Key::build`] over a text that is its own source, decoding and folding
    /// in one pass over the bytes (see [`next_key`]). Spans only grow here, so
    /// none of `build`'s rebasing applies, and offsets fit `u32` (the caller
    /// checks).
    pub(crate) fn from_text(text: &str, max_chars: usize) -> (Key, bool) {
        // Key chars collect in stack buffers and reach the vectors a chunk
        // at a time: two `Vec::push`es a char cost more than folding it.
        const CHUNK: usize = 256;
        let table = variant_table();
        let bytes = text.as_bytes();
        let mut rest = bytes;
        let Some((_, first_len)) = next_key(text, &mut rest, table) else {
            return (Key::default(), false);
        };
        let base = bytes.len() - rest.len() - first_len;
        if max_chars == 0 {
            let k = Key {
                base: base as u32,
                ..Key::default()
            };
            return (k, true);
        }
        rest = &bytes[base..];
        // Offsets from the base are counted back from the end of the text.
        let from_base = rest.len();
        let cap = (bytes.len() / 3 + 1).min(max_chars);
        let mut chars: Vec<u16> = Vec::with_capacity(cap);
        let mut spans: Vec<u32> = Vec::with_capacity(cap);
        let mut chunk_chars = [0u16; CHUNK];
        let mut chunk_spans = [0u32; CHUNK];
        let mut cut = false;
        loop {
            let room = (max_chars - chars.len()).min(CHUNK);
            let mut n = 0;
            let mut done = false;
            while n < room {
                let Some((c, len)) = next_key(text, &mut rest, table) else {
                    done = true;
                    break;
                };
                let rel = from_base - rest.len() - len;
                if rel > MAX_REL_START as usize {
                    cut = true;
                    done = true;
                    break;
                }
                chunk_chars[n] = c;
                chunk_spans[n] = ((rel as u32) << LEN_BITS) | len as u32;
                n += 1;
            }
            chars.extend_from_slice(&chunk_chars[..n]);
            spans.extend_from_slice(&chunk_spans[..n]);
            if done {
                break;
            }
            if chars.len() == max_chars {
                cut = next_key(text, &mut rest, table).is_some();
                break;
            }
        }
        let mut k = Key {
            chars,
            spans,
            base: base as u32,
        };
        k.shrink();
        (k, cut)
    }

    /// Appends `next`, a key of later source bytes (its `base` is where its
    /// first char is in the same source). False, and nothing appended, when
    /// its spans would not fit this key's packing (128 MiB from the base).
    pub fn append(&mut self, next: Key) -> bool {
        if self.chars.is_empty() {
            *self = next;
            return true;
        }
        let shift = next.base - self.base;
        let last = next.spans.last().map_or(0, |s| s >> LEN_BITS);
        if u64::from(shift) + u64::from(last) > MAX_REL_START {
            return false;
        }
        self.chars.extend_from_slice(&next.chars);
        self.spans
            .extend(next.spans.iter().map(|s| s + (shift << LEN_BITS)));
        true
    }

    pub fn len(&self) -> usize {
        self.chars.len()
    }

    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }
}

/// A key's source spans, as a [`Keys`] store gives them back.
#[derive(Debug, Clone)]
pub struct KeyRef {
    /// Per char: start relative to `base` (high bits) and byte length (low bits).
    pub spans: Vec<u32>,
    pub base: u32,
}

impl KeyRef {
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
/// byte, and its full packed span follows all the codes. A third of the
/// memory, and of the temp file, that four bytes a char took.
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

/// A key read whole: chars and spans, packed as stored or as folded.
pub struct Stored<'a>(StoredKey<'a>);

enum StoredKey<'a> {
    Packed {
        all: Cow<'a, [u16]>,
        chars: usize,
        base: u32,
    },
    Whole(Key),
}

impl Stored<'_> {
    /// A key just folded, not read from a store.
    pub fn whole(key: Key) -> Stored<'static> {
        Stored(StoredKey::Whole(key))
    }

    pub fn chars(&self) -> &[u16] {
        match &self.0 {
            StoredKey::Packed { all, chars, .. } => &all[..*chars],
            StoredKey::Whole(key) => &key.chars,
        }
    }

    /// The source spans of the chars.
    pub fn spans(&self) -> KeyRef {
        match &self.0 {
            StoredKey::Packed { all, chars, base } => KeyRef {
                spans: unpack_spans(&all[*chars..], *chars),
                base: *base,
            },
            StoredKey::Whole(key) => KeyRef {
                spans: key.spans.clone(),
                base: key.base,
            },
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
        Stored(StoredKey::Packed {
            all: self.store.get(l.at),
            chars: l.chars as usize,
            base: l.base,
        })
    }

    /// Length of document `doc`'s key, without reading it.
    pub fn key_len(&self, doc: usize) -> usize {
        self.locs[doc].chars as usize
    }

    /// Source spans of document `doc`'s key chars.
    pub fn get(&self, doc: usize) -> KeyRef {
        self.stored(doc).spans()
    }
}

/// The hash of every n-gram of `key`, by position. Six 16-bit chars pack
/// exactly into 96 bits, so the only collisions are the mixer's.
pub fn grams(key: &[u16]) -> impl Iterator<Item = u64> + '_ {
    windows(key).map(mix)
}

/// Every n-gram of `key` as its chars packed into one integer (what
/// [`grams`] hashes), by position.
pub fn windows(key: &[u16]) -> impl Iterator<Item = u128> + '_ {
    const MASK: u128 = (1 << (16 * N)) - 1;
    let mut window: u128 = 0;
    key.iter().enumerate().filter_map(move |(i, &c)| {
        window = ((window << 16) | u128::from(c)) & MASK;
        (i + 1 >= N).then_some(window)
    })
}

/// The hash of one n-gram given as by [`windows`].
#[inline]
pub fn mix(w: u128) -> u64 {
    // splitmix64's finalizer over both halves: the low bits decide sampling,
    // so they must depend on every char.
    let mut z = (w as u64) ^ ((w >> 64) as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Which n-gram hashes go into the index: one in `rate`, by value, not
/// position, so two copies sample the same n-grams of the text they share,
/// whatever surrounds it. Decided on the low 16 bits with a precomputed cut
/// (a division per n-gram cost more than hashing it); the top bits, which
/// bucket the index, stay uniform.
#[derive(Debug, Clone, Copy)]
pub struct Sampler {
    cut: u64,
}

impl Sampler {
    pub fn new(rate: u64) -> Sampler {
        Sampler {
            cut: 0x1_0000 / rate.max(1),
        }
    }

    #[inline]
    pub fn keeps(&self, hash: u64) -> bool {
        hash & 0xFFFF < self.cut
    }

    /// `tag(hash)` for each kept n-gram hash of `key`, appended to `out`.
    /// Every hash is written and the length advanced only past kept ones:
    /// whether one in three is kept cannot be predicted, and the mispredicted
    /// branch of `grams(key).filter(..)` cost more than the hashing.
    pub fn extend(&self, key: &[u16], tag: impl Fn(u64) -> u64, out: &mut Vec<u64>) {
        const CHUNK: usize = 256;
        let mut buf = [0u64; CHUNK];
        let mut windows = windows(key);
        loop {
            let mut kept = 0;
            let mut seen = 0;
            for w in windows.by_ref().take(CHUNK) {
                let h = mix(w);
                buf[kept] = tag(h);
                kept += usize::from(self.keeps(h));
                seen += 1;
            }
            out.extend_from_slice(&buf[..kept]);
            if seen < CHUNK {
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str) -> Key {
        let offsets = crate::normalize::tape::utf8_offsets(s);
        Key::from_source(s, &offsets, usize::MAX).0
    }

    #[test]
    fn key_folds_spacing_width_and_punctuation_away() {
        let a = key("（一）有效扩大社会保障覆盖面。２０２５年");
        let b = key("(一) 有 效扩大社会保障覆盖面.\r\n2025年 Workflow");
        assert_eq!(a.chars, b.chars);
        assert_eq!(a.len(), 17);
    }

    #[test]
    fn variants_and_compatibility_forms_fold() {
        assert_eq!(key("稅收國際").chars, key("税收国际").chars);
        // U+2F00 KANGXI RADICAL ONE, U+F900 a compatibility ideograph.
        assert_eq!(fold('\u{2F00}'), Some('一'));
        assert_eq!(fold('\u{F900}'), fold('\u{8C48}'));
        assert_eq!(fold('Ａ'), None);
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

    /// The reference: [`Key::build`] over the text's chars and spans.
    fn built(text: &str, max_chars: usize) -> (Key, bool) {
        let spans = text
            .char_indices()
            .map(|(i, c)| (c, [i as u32, (i + c.len_utf8()) as u32]));
        Key::build(spans, max_chars, text.len() / 3 + 1)
    }

    #[test]
    fn one_pass_folding_matches_build() {
        let texts = [
            "",
            "abc ,.!",
            "（一）有效扩大社会保障覆盖面。２０２５年",
            "稅收國際\r\n𠀀𪚥\u{2F00}\u{F900}\u{2E9F}ｱ é ß Ω ١٢٣ 😀 12ab",
            "ab１2\u{3400}\u{9FFF}\u{A000}\u{33FF}Ａｚ\u{FF10}\u{FF19}\u{FF1A}",
            "\u{7FF}\u{800}\u{FFFF}\u{10000}\u{10FFFF}",
        ];
        for text in texts {
            for max in [0, 1, 2, 3, 5, 300, usize::MAX] {
                assert_eq!(
                    Key::from_source(text, &[], max),
                    built(text, max),
                    "{text:?} {max}"
                );
            }
        }
        // Longer than the chunk the chars are gathered in, cut at and around it.
        let long: String = (0..1000u32)
            .map(|i| char::from_u32(0x4E00 + i * 7).unwrap())
            .collect();
        for max in [255, 256, 257, 512, 999, 1000, 1001] {
            assert_eq!(Key::from_source(&long, &[], max), built(&long, max));
        }
    }

    #[test]
    fn one_pass_folding_stops_at_the_span_limit() {
        // 乙 lies exactly MAX_REL_START past 甲 and is kept; 丙 lies further
        // and cuts the key.
        let mut text = String::from("  甲");
        text.push_str(&" ".repeat(MAX_REL_START as usize - 3));
        text.push_str("乙丙");
        let (k, cut) = Key::from_source(&text, &[], usize::MAX);
        assert_eq!((k.len(), cut), (2, true));
        assert_eq!(k.base, 2);
        assert_eq!(
            Key::from_source(&text, &[], usize::MAX),
            built(&text, usize::MAX)
        );
    }

    proptest::proptest! {
        #[test]
        fn one_pass_folding_matches_build_on_any_text(
            chars in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::char::range('\u{3400}', '\u{9FFF}'),
                    proptest::char::range('\u{F900}', '\u{FAFF}'),
                    proptest::char::range('\u{FF00}', '\u{FF5F}'),
                    proptest::char::range('0', 'z'),
                    proptest::char::any(),
                ],
                0..64,
            ),
            max in 0usize..70,
        ) {
            let text: String = chars.into_iter().collect();
            proptest::prop_assert_eq!(Key::from_source(&text, &[], max), built(&text, max));
            proptest::prop_assert_eq!(
                Key::from_source(&text, &[], usize::MAX),
                built(&text, usize::MAX)
            );
        }
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

    #[test]
    fn keys_stop_at_the_cap() {
        let offsets = crate::normalize::tape::utf8_offsets("一二三四");
        let (k, cut) = Key::from_source("一二三四", &offsets, 3);
        assert!(cut);
        assert_eq!(k.len(), 3);
    }

    #[test]
    fn grams_are_positional_and_deterministic() {
        let k = key("一二三四五六七").chars;
        let g: Vec<u64> = grams(&k).collect();
        assert_eq!(g.len(), 2);
        assert_eq!(g, grams(&k).collect::<Vec<_>>());
        assert_ne!(g[0], g[1]);
        assert_eq!(grams(&k[..5]).count(), 0);
    }

    #[test]
    fn sampling_keeps_about_the_rate() {
        let text: String = (0..20_000u32)
            .map(|i| char::from_u32(0x4E00 + (i * 7919) % 20_000).unwrap())
            .collect();
        let k = key(&text).chars;
        let sampler = Sampler::new(4);
        let kept = grams(&k).filter(|&h| sampler.keeps(h)).count();
        assert!((4_000..6_000).contains(&kept), "{kept}");
    }

    #[test]
    fn sampler_extends_with_the_kept_grams_in_order() {
        // Lengths around the chunk size, and keys too short for a gram.
        for len in [0, 5, 6, 200, 261, 262, 263, 600] {
            let text: String = (0..len as u32)
                .map(|i| char::from_u32(0x4E00 + (i * 7919) % 20_000).unwrap())
                .collect();
            let k = key(&text).chars;
            let sampler = Sampler::new(3);
            let want: Vec<u64> = grams(&k)
                .filter(|&h| sampler.keeps(h))
                .map(|h| h ^ 1)
                .collect();
            let mut out = vec![7];
            sampler.extend(&k, |h| h ^ 1, &mut out);
            assert_eq!(out[0], 7);
            assert_eq!(out[1..], want[..], "{len}");
        }
    }
}
