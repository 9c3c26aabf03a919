//! A text file too large to hold, read and decoded as consecutive pieces cut where cleaning does not look across.
//!
//! A page is cleaned whole; a 1 GB one-line dump cannot be (its text, offsets
//! and cleaning tape are about 20 times the file). Such a file is read a block
//! at a time, decoded with the encoding detected on its first block, and cut
//! into pieces of about [`InputOptions::pieces`] bytes of text: after a
//! sentence that ends a paragraph, else after a sentence end inside a line,
//! else at a paragraph break. Each piece is a [`Source`] of the whole file's
//! id and path with offsets into the whole file, so cleaning it gives the
//! map, removals and spans the whole file would; [`Piece::joiner`] says what
//! the cleaned texts are joined with.

use super::decode::{self, Decoded};
use super::offsets;
use super::{Found, InputError, InputOptions};
use crate::model::{Piece, Source};
use encoding_rs::{Encoding, BIG5, GB18030, GBK, UTF_16BE, UTF_16LE, UTF_8};
use std::io::Read;

/// Reads `file` (of `found`, id `stem`) as pieces, handing `sink` up to
/// `per_batch` at a time. Returns the error that ended it early, if any, and
/// a warning if bytes had to be replaced.
pub(crate) fn read(
    mut file: impl Read,
    found: &Found,
    stem: &str,
    opts: &InputOptions,
    (piece, per_batch): (usize, usize),
    sink: &mut dyn FnMut(Vec<Source>),
) -> (Vec<InputError>, Vec<InputError>) {
    let fail = |reason: String| InputError::new(&found.display, None, reason);
    let mut block = vec![0u8; piece];
    let mut raw = Vec::new();
    let first = match fill(&mut file, &mut block, &mut raw) {
        Ok(eof) => eof,
        Err(e) => return (vec![fail(e.to_string())], Vec::new()),
    };
    let utf16 = |e: &'static Encoding| e == UTF_16LE || e == UTF_16BE;
    let bom16 = raw.starts_with(&[0xFF, 0xFE]) || raw.starts_with(&[0xFE, 0xFF]);
    if opts.encoding.is_some_and(utf16) || bom16 || raw.contains(&0) {
        let reason = "UTF-16 (or binary) input too large to read whole: convert it to UTF-8, or raise --max-file-size";
        return (vec![fail(reason.to_string())], Vec::new());
    }
    // The first block is decoded as a whole file is, which detects its encoding:
    // cut where UTF-8 stays valid, else after an ASCII byte every legacy encoding ends a char with.
    let utf8 = safe_cut(&raw, UTF_8);
    let cut = match (first, std::str::from_utf8(&raw[..utf8]).is_ok()) {
        (true, _) => raw.len(),
        (false, true) => utf8,
        (false, false) => ascii_cut(&raw),
    };
    let head = match decode::decode(&raw[..cut], opts.encoding) {
        Ok(d) => d,
        Err(e) => return (vec![fail(e)], Vec::new()),
    };
    let name = head.encoding;
    let detected = Encoding::for_label(name.trim_end_matches(" (lossy)").as_bytes());
    let encoding = opts.encoding.or(detected).unwrap_or(UTF_8);
    let mut lossy = name.ends_with("(lossy)");
    let Decoded {
        mut text,
        mut offsets,
        ..
    } = head;
    raw.drain(..cut);
    let mut at = cut;
    let mut eof = first;
    let mut index = 0u32;
    let mut joiner = "";
    let mut joiner_span = [0, 0];
    let mut batch = Vec::new();
    let mut errors = Vec::new();
    loop {
        while !eof && text.len() < piece {
            // A read error ends the file here: what was read is its last piece, so the document closes.
            eof = fill(&mut file, &mut block, &mut raw).unwrap_or_else(|e| {
                errors.push(fail(format!("read stopped after {at} bytes: {e}")));
                true
            });
            let cut = if eof {
                raw.len()
            } else {
                safe_cut(&raw, encoding)
            };
            let d = decode_at(&raw[..cut], at, encoding);
            lossy |= d.had_errors;
            offsets.pop();
            text.push_str(&d.text);
            offsets.extend(d.offsets);
            raw.drain(..cut);
            at += cut;
        }
        let (end, next_joiner, at_break) = if eof {
            (text.len(), "", None)
        } else {
            seam(&text)
        };
        let chars = text[..end].chars().count();
        // The break's source span, as cleaning maps a paragraph break: its first line ending.
        let next_span = at_break.map(|p| {
            let c = text[..p].chars().count();
            let k = if text[p..].starts_with("\r\n") { 2 } else { 1 };
            [offsets[c], offsets[c + k]]
        });
        let rest_text = text.split_off(end);
        let rest_offsets = offsets.split_off(chars);
        offsets.push(rest_offsets[0]);
        let source = Source {
            id: stem.to_string(),
            path: found.display.clone(),
            encoding: name.to_string(),
            text: std::mem::replace(&mut text, rest_text),
            offsets: std::mem::replace(&mut offsets, rest_offsets),
            record: None,
            at: None,
            piece: Some(Piece {
                index,
                last: eof,
                joiner,
                joiner_span,
            }),
        };
        batch.push(source);
        if eof || batch.len() >= per_batch {
            sink(std::mem::take(&mut batch));
        }
        if eof {
            break;
        }
        (index, joiner, joiner_span) = (index + 1, next_joiner, next_span.unwrap_or_default());
    }
    let warnings = (lossy && !name.ends_with("(lossy)")).then(|| {
        fail(format!(
            "decoded as {name}: invalid bytes replaced by U+FFFD"
        ))
    });
    (errors, warnings.into_iter().collect())
}

/// Appends up to one block of `file` to `raw`; whether the file has ended.
fn fill(file: &mut impl Read, block: &mut [u8], raw: &mut Vec<u8>) -> std::io::Result<bool> {
    let mut got = 0;
    while got < block.len() {
        match file.read(&mut block[got..])? {
            0 => break,
            n => got += n,
        }
    }
    raw.extend_from_slice(&block[..got]);
    Ok(got < block.len())
}

/// After the last ASCII byte below `0`: no multi-byte sequence of UTF-8,
/// GB18030, GBK or Big5 holds one, so the bytes before it decode alone.
fn ascii_cut(raw: &[u8]) -> usize {
    raw.iter()
        .rposition(|&b| b != 0 && b < b'0')
        .map_or(raw.len(), |p| p + 1)
}

/// The longest prefix of `raw` that ends on a char boundary of `encoding`.
fn safe_cut(raw: &[u8], encoding: &'static Encoding) -> usize {
    if encoding == UTF_8 {
        // Back off an incomplete sequence at the end (at most 3 bytes).
        for back in 1..=raw.len().min(4) {
            let b = raw[raw.len() - back];
            if b & 0xC0 != 0x80 {
                let need = match b {
                    0xF0.. => 4,
                    0xE0.. => 3,
                    0xC0.. => 2,
                    _ => 1,
                };
                return if need > back {
                    raw.len() - back
                } else {
                    raw.len()
                };
            }
        }
        raw.len()
    } else if encoding == UTF_16LE || encoding == UTF_16BE {
        let even = raw.len() & !1;
        let unit = |i: usize| match encoding == UTF_16LE {
            true => u16::from_le_bytes([raw[i], raw[i + 1]]),
            false => u16::from_be_bytes([raw[i], raw[i + 1]]),
        };
        // A high surrogate waits for its pair.
        match even >= 2 && (0xD800..0xDC00).contains(&unit(even - 2)) {
            true => even - 2,
            false => even,
        }
    } else if encoding == GB18030 || encoding == GBK || encoding == BIG5 {
        double_byte_cut(raw, encoding == GB18030)
    } else {
        ascii_cut(raw)
    }
}

/// The last char boundary of GB18030 (`four`: its four-byte form), GBK or Big5
/// text, walking from the start (always a boundary): a byte under 0x80 is a
/// char, a lead byte starts two bytes, or four where a digit byte follows it.
fn double_byte_cut(raw: &[u8], four: bool) -> usize {
    let (mut i, mut last) = (0, 0);
    while i < raw.len() {
        last = i;
        i += match raw[i] {
            0x00..=0x80 | 0xFF => 1,
            _ if four && raw.get(i + 1).is_some_and(|b| b.is_ascii_digit()) => 4,
            _ => 2,
        };
    }
    if i == raw.len() {
        raw.len()
    } else {
        last
    }
}

/// `bytes` (starting `base` bytes into the file) decoded as `encoding`.
fn decode_at(bytes: &[u8], base: usize, encoding: &'static Encoding) -> offsets::Decoding {
    if encoding == UTF_8 {
        return match std::str::from_utf8(bytes) {
            Ok(text) => offsets::Decoding {
                offsets: crate::model::utf8_offsets(text, base),
                text: text.to_string(),
                had_errors: false,
            },
            Err(_) => offsets::utf8_lossy(bytes, base),
        };
    }
    if encoding == UTF_16LE || encoding == UTF_16BE {
        return offsets::utf16(bytes, encoding == UTF_16LE, base);
    }
    offsets::legacy(encoding, bytes, base)
}

/// Where to end a piece of `text` (a byte index in its second half), what
/// the cleaned texts are joined with there, and where the paragraph break the
/// joiner stands for starts: after a sentence that ends a
/// paragraph ("\n\n"), else after a sentence end inside a line (""), else at a
/// paragraph break, else anywhere.
fn seam(text: &str) -> (usize, &'static str, Option<usize>) {
    let mut half = text.len() / 2;
    while !text.is_char_boundary(half) {
        half += 1;
    }
    let tail = &text[half..];
    // Not a closing bracket: a jump marker (（上接第一版）) ends with one and is removed, break and all.
    let ends = |c: char| matches!(c, '。' | '！' | '？' | '!' | '?' | '”' | '」' | '』');
    let mut inline = None;
    let mut para = None;
    let mut prev: Option<(usize, char)> = None;
    for (i, c) in tail.char_indices().rev() {
        if let Some((j, next)) = prev {
            if c == '\n' && matches!(next, '\n' | '\r') {
                let kept = tail[..i].trim_end_matches('\r');
                let start = tail[i..]
                    .find(|ch: char| ch != '\n' && ch != '\r')
                    .map_or(tail.len(), |k| i + k);
                if kept.chars().next_back().is_some_and(ends) {
                    return (half + start, "\n\n", Some(half + kept.len()));
                }
                para.get_or_insert((half + start, half + kept.len()));
            } else if inline.is_none()
                && matches!(c, '。' | '！' | '？')
                && !ends(next)
                && !next.is_whitespace()
            {
                inline = Some(half + j);
            }
        }
        prev = Some((i, c));
    }
    match (inline, para) {
        (Some(i), _) => (i, "", None),
        (None, Some((p, at))) => (p, "\n\n", Some(at)),
        (None, None) => (text.len(), "", None),
    }
}
