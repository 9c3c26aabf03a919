//! Folding: a text's chars, each with its source span, to a comparison key (see [`Key`]).

use crate::model::Span;
use std::sync::OnceLock;

/// Bits of a packed span holding the char's source length; the rest hold its
/// start relative to the key's first char.
pub(super) const LEN_BITS: u32 = 5;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str) -> Key {
        let offsets = crate::model::utf8_offsets(s, 0);
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
    fn keys_stop_at_the_cap() {
        let offsets = crate::model::utf8_offsets("一二三四", 0);
        let (k, cut) = Key::from_source("一二三四", &offsets, 3);
        assert!(cut);
        assert_eq!(k.len(), 3);
    }
}
