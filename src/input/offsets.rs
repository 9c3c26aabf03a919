//! Per-char byte offsets into the original input, computed while decoding.
//!
//! Every function here returns `(text, offsets)` where `offsets` has one entry per
//! char of `text` plus a final `base + bytes.len()`, all strictly increasing. `base`
//! is how many bytes (a BOM) precede `bytes` in the original input.
//!
//! Inputs can be gigabytes, so each encoding gets a fast exact path; the generic
//! byte-at-a-time decoder is kept for malformed input and unusual forced encodings,
//! where correctness matters more than speed.

use encoding_rs::{CoderResult, Encoding, BIG5, GB18030, GBK, UTF_8};

/// Decoded text, its offsets, and whether any malformed input was replaced by U+FFFD.
pub(crate) struct Decoding {
    pub text: String,
    pub offsets: Vec<u32>,
    pub had_errors: bool,
}

/// UTF-8 with maximal invalid subparts replaced by one U+FFFD each (the same rule
/// as `String::from_utf8_lossy` and encoding_rs), so the replacement char points
/// at the first byte of the bad sequence.
pub(crate) fn utf8_lossy(bytes: &[u8], base: usize) -> Decoding {
    let mut text = String::with_capacity(bytes.len());
    let mut offsets = Vec::new();
    let mut pos = base;
    let mut had_errors = false;
    for chunk in bytes.utf8_chunks() {
        let valid = chunk.valid();
        offsets.extend(valid.char_indices().map(|(i, _)| (pos + i) as u32));
        text.push_str(valid);
        pos += valid.len();
        if !chunk.invalid().is_empty() {
            offsets.push(pos as u32);
            text.push(char::REPLACEMENT_CHARACTER);
            pos += chunk.invalid().len();
            had_errors = true;
        }
    }
    offsets.push(pos as u32);
    Decoding {
        text,
        offsets,
        had_errors,
    }
}

/// UTF-16 decoded by hand rather than through encoding_rs because code units give
/// the offsets directly. Error handling matches encoding_rs: each unpaired surrogate
/// and a trailing odd byte become one U+FFFD.
pub(crate) fn utf16(bytes: &[u8], little_endian: bool, base: usize) -> Decoding {
    let units = bytes.chunks_exact(2).map(|pair| {
        if little_endian {
            u16::from_le_bytes([pair[0], pair[1]])
        } else {
            u16::from_be_bytes([pair[0], pair[1]])
        }
    });
    let mut text = String::with_capacity(bytes.len() / 2 * 3);
    let mut offsets = Vec::with_capacity(bytes.len() / 2 + 2);
    let mut pos = base;
    let mut had_errors = false;
    for result in char::decode_utf16(units) {
        offsets.push(pos as u32);
        match result {
            Ok(c) => {
                text.push(c);
                pos += 2 * c.len_utf16();
            }
            Err(_) => {
                text.push(char::REPLACEMENT_CHARACTER);
                had_errors = true;
                pos += 2;
            }
        }
    }
    if bytes.len() % 2 == 1 {
        offsets.push(pos as u32);
        text.push(char::REPLACEMENT_CHARACTER);
        had_errors = true;
        pos += 1;
    }
    offsets.push(pos as u32);
    Decoding {
        text,
        offsets,
        had_errors,
    }
}

/// Any encoding other than UTF-8/UTF-16 (those have exact decoders above).
pub(crate) fn legacy(encoding: &'static Encoding, bytes: &[u8], base: usize) -> Decoding {
    if encoding.is_single_byte() {
        let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
        // WHATWG single-byte decoders map every byte, bad ones included, to one char.
        if text.chars().count() == bytes.len() {
            let mut offsets: Vec<u32> = (base..=base + bytes.len()).map(|i| i as u32).collect();
            offsets.shrink_to_fit();
            return Decoding {
                text: text.into_owned(),
                offsets,
                had_errors,
            };
        }
    }
    if !encoding.is_ascii_compatible() {
        // Stateful encodings (ISO-2022-JP) cannot be split at newlines.
        return slow(encoding, bytes, base);
    }
    if let Some(decoding) = legacy_strict(encoding, bytes, base) {
        return decoding;
    }
    // Malformed input (only reachable through a forced encoding, since detection
    // rejects candidates with errors). A newline is never part of a multi-byte
    // sequence in an ASCII-compatible encoding and leaves the decoder without
    // pending state, so lines can be decoded independently and only the lines
    // that are actually broken pay for the slow path.
    let mut out = Decoding {
        text: String::with_capacity(bytes.len() * 3 / 2),
        offsets: Vec::new(),
        had_errors: false,
    };
    let mut start = 0;
    while start < bytes.len() {
        let end = bytes[start..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |i| start + i + 1);
        let line = &bytes[start..end];
        let part = legacy_strict(encoding, line, base + start)
            .unwrap_or_else(|| slow(encoding, line, base + start));
        out.text.push_str(&part.text);
        out.offsets
            .extend_from_slice(&part.offsets[..part.offsets.len() - 1]);
        out.had_errors |= part.had_errors;
        start = end;
    }
    out.offsets.push((base + bytes.len()) as u32);
    out
}

/// `None` if `bytes` are not well-formed in `encoding`; detection uses this to
/// reject a wrong candidate with a single decoding pass.
pub(crate) fn legacy_strict(
    encoding: &'static Encoding,
    bytes: &[u8],
    base: usize,
) -> Option<Decoding> {
    let text = encoding.decode_without_bom_handling_and_without_replacement(bytes)?;
    let offsets = match walk_double_byte(encoding, bytes, &text, base) {
        Some(offsets) => offsets,
        None => slow(encoding, bytes, base).offsets,
    };
    Some(Decoding {
        text: text.into_owned(),
        offsets,
        had_errors: false,
    })
}

/// Offsets of an error-free GB18030/GBK/Big5 decoding from the byte structure
/// alone: one pass, no per-char decoder calls. `None` for other encodings, or if
/// the structure and the decoded chars disagree (the caller then uses [`slow`]).
fn walk_double_byte(
    encoding: &'static Encoding,
    bytes: &[u8],
    text: &str,
    base: usize,
) -> Option<Vec<u32>> {
    let gb = encoding == GB18030 || encoding == GBK;
    if !gb && encoding != BIG5 {
        return None;
    }
    let mut offsets = Vec::with_capacity(text.chars().count() + 1);
    let mut chars = text.chars();
    let mut pos = 0;
    while chars.next().is_some() {
        let lead = *bytes.get(pos)?;
        offsets.push((base + pos) as u32);
        // 0x80 (GB18030: the euro sign) and 0xFF are single bytes; in error-free
        // input every other non-ASCII byte starts a multi-byte sequence.
        if lead < 0x81 || lead == 0xFF {
            pos += 1;
        } else if gb {
            let four = matches!(bytes.get(pos + 1), Some(0x30..=0x39));
            pos += if four { 4 } else { 2 };
        } else {
            // Four Big5 (HKSCS) codes decode to a letter plus a combining mark. The
            // mark gets the sequence's second byte so offsets stay strictly increasing.
            if lead == 0x88 && matches!(bytes.get(pos + 1), Some(0x62 | 0x64 | 0xA3 | 0xA5)) {
                chars.next()?;
                offsets.push((base + pos + 1) as u32);
            }
            pos += 2;
        }
    }
    if pos != bytes.len() {
        return None;
    }
    offsets.push((base + pos) as u32);
    Some(offsets)
}

/// Exact for any encoding and any input: feeds the decoder one byte at a time, so a
/// char's sequence ends at the byte whose feeding made the decoder emit it.
pub(crate) fn slow(encoding: &'static Encoding, bytes: &[u8], base: usize) -> Decoding {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut text = String::with_capacity(bytes.len() * 3 / 2);
    let mut offsets = Vec::with_capacity(bytes.len() + 1);
    let mut had_errors = false;
    let mut pending = 0;
    for j in 0..=bytes.len() {
        let last = j == bytes.len();
        let src = if last { &[][..] } else { &bytes[j..j + 1] };
        let need = decoder.max_utf8_buffer_length(src.len()).unwrap_or(64);
        text.reserve(need);
        let before = text.len();
        let (result, read, errors) = decoder.decode_to_string(src, &mut text, last);
        debug_assert!(result == CoderResult::InputEmpty && read == src.len());
        had_errors |= errors;
        if text.len() > before {
            let end = if last { bytes.len() } else { j + 1 };
            place(encoding, &text[before..], pending, end, base, &mut offsets);
            pending = end;
        }
    }
    offsets.push((base + bytes.len()) as u32);
    Decoding {
        text,
        offsets,
        had_errors,
    }
}

/// Assigns starts to chars emitted together for bytes `[start, end)`. Usually that
/// is one char; after an error the decoder re-reads the bytes it had buffered and
/// emits U+FFFD plus what followed, so starts are inferred from the back using each
/// char's encoded length, clamped so they stay inside the range and increasing.
fn place(
    encoding: &'static Encoding,
    emitted: &str,
    start: usize,
    end: usize,
    base: usize,
    offsets: &mut Vec<u32>,
) {
    let chars: Vec<char> = emitted.chars().collect();
    let mut starts = vec![start; chars.len()];
    let mut next = end;
    for i in (1..chars.len()).rev() {
        let guess = next.saturating_sub(encoded_len(encoding, chars[i]));
        starts[i] = guess.min(next - 1).max(start + i);
        next = starts[i];
    }
    debug_assert!(starts.windows(2).all(|w| w[0] < w[1]));
    offsets.extend(starts.into_iter().map(|s| (base + s) as u32));
}

fn encoded_len(encoding: &'static Encoding, c: char) -> usize {
    if c.is_ascii() || c == char::REPLACEMENT_CHARACTER {
        return 1;
    }
    if encoding == UTF_8 {
        return c.len_utf8();
    }
    let mut buf = [0; 4];
    encoding.encode(c.encode_utf8(&mut buf)).0.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_shape(d: &Decoding, len: usize, base: usize) {
        assert_eq!(d.offsets.len(), d.text.chars().count() + 1);
        assert!(d.offsets.windows(2).all(|w| w[0] < w[1]), "{:?}", d.offsets);
        assert_eq!(*d.offsets.last().unwrap() as usize, base + len);
        if let Some(first) = d.offsets.first() {
            assert!(*first as usize >= base);
        }
    }

    #[test]
    fn fast_paths_agree_with_the_slow_decoder() {
        let sample = "新华社北京6月9日电 €（记者 叶书宏）𠀀\r\n第二行 abc";
        for enc in [GB18030, GBK, BIG5] {
            let (bytes, _, _) = enc.encode(sample);
            let fast = legacy(enc, &bytes, 3);
            let slow = slow(enc, &bytes, 3);
            assert_eq!(fast.text, slow.text, "{}", enc.name());
            assert_eq!(fast.offsets, slow.offsets, "{}", enc.name());
            assert_shape(&fast, bytes.len(), 3);
        }
    }

    #[test]
    fn big5_letter_with_combining_mark_keeps_offsets_increasing() {
        let bytes = [b'a', 0x88, 0x62, 0xA4, 0xA4, b'b'];
        let d = legacy(BIG5, &bytes, 0);
        assert_eq!(d.text, "aÊ\u{304}中b");
        assert_eq!(d.offsets, [0, 1, 2, 3, 5, 6]);
        assert!(!d.had_errors);
    }

    #[test]
    fn malformed_gb18030_advances_past_bad_bytes() {
        // lone lead before ASCII; bad 4-byte sequence; 0xFF; truncated lead at the end
        let bytes = [
            0x81, b'!', 0xD6, 0xD0, 0x81, 0x30, b'B', 0xFF, b'\n', b'C', 0xD6,
        ];
        let d = legacy(GB18030, &bytes, 0);
        let (reference, _) = GB18030.decode_without_bom_handling(&bytes);
        assert_eq!(d.text, reference);
        assert!(d.had_errors);
        assert_shape(&d, bytes.len(), 0);
        let pairs: Vec<(char, u32)> = d.text.chars().zip(d.offsets.iter().copied()).collect();
        assert_eq!(pairs[0], ('\u{FFFD}', 0));
        assert_eq!(pairs[1], ('!', 1));
        assert_eq!(pairs[2], ('中', 2));
        assert_eq!(pairs[3], ('\u{FFFD}', 4));
        assert!(pairs.contains(&('B', 6)));
        assert!(pairs.contains(&('C', 9)));
        assert_eq!(*pairs.last().unwrap(), ('\u{FFFD}', 10));
    }

    #[test]
    fn utf16_matches_encoding_rs_including_errors() {
        let mut units: Vec<u16> = "中a😀".encode_utf16().collect();
        units.insert(1, 0xD800); // unpaired high surrogate
        units.push(0xDC00); // lone low surrogate
        for le in [true, false] {
            let mut bytes: Vec<u8> = units
                .iter()
                .flat_map(|u| if le { u.to_le_bytes() } else { u.to_be_bytes() })
                .collect();
            bytes.push(0x41); // odd trailing byte
            let d = utf16(&bytes, le, 2);
            let enc = if le {
                encoding_rs::UTF_16LE
            } else {
                encoding_rs::UTF_16BE
            };
            assert_eq!(d.text, enc.decode_without_bom_handling(&bytes).0);
            assert_eq!(d.offsets, [2, 4, 6, 8, 12, 14, 15]);
            assert!(d.had_errors);
        }
    }

    #[test]
    fn utf8_lossy_points_replacements_at_bad_bytes() {
        let bytes = b"a\xE4\xB8b\xFF\xE4\xB8\xAD";
        let d = utf8_lossy(bytes, 0);
        assert_eq!(d.text, String::from_utf8_lossy(bytes));
        assert_eq!(d.offsets, [0, 1, 3, 4, 5, 8]);
    }

    #[test]
    fn single_byte_encodings_map_byte_to_char() {
        let d = legacy(encoding_rs::WINDOWS_1252, b"caf\xE9", 0);
        assert_eq!(d.text, "café");
        assert_eq!(d.offsets, [0, 1, 2, 3, 4]);
    }

    #[test]
    fn stateful_encoding_uses_slow_path() {
        let (bytes, _, _) = encoding_rs::ISO_2022_JP.encode("abc日本語d");
        let d = legacy(encoding_rs::ISO_2022_JP, &bytes, 0);
        assert_eq!(d.text, "abc日本語d");
        assert_shape(&d, bytes.len(), 0);
    }
}
