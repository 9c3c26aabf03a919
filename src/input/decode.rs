//! Encoding detection: BOM, UTF-8, then the Chinese legacy encodings.

use super::offsets::{self, Decoding};
use chardetng::EncodingDetector;
use encoding_rs::{Encoding, BIG5, GB18030, GBK, REPLACEMENT, UTF_16BE, UTF_16LE, UTF_8};
use std::borrow::Cow;

/// Text decoded from one input's bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// Byte offset in the original bytes (BOM included) where each char of `text`
    /// starts, then one final entry equal to the input length.
    pub offsets: Vec<u32>,
    /// `UTF-8`, `UTF-16LE`, `UTF-16BE`, `GB18030`, `GBK`, `Big5`, other encoding_rs
    /// names for forced encodings; with ` (lossy)` appended when malformed bytes
    /// were replaced by U+FFFD.
    pub encoding: &'static str,
}

/// chardetng only needs enough text to score the candidates; the full input is
/// still validated by decoding it.
const DETECT_PREFIX: usize = 1 << 20;

/// Turns an `--encoding` value into an encoding: any WHATWG label (`gbk`,
/// `gb2312`, `gb18030`, `big5`, `utf-8`, `utf-16le`, `utf-16be`, `shift_jis`, ...)
/// plus common spellings WHATWG lacks (`utf16le`, `cp936`, `cp950`, `big5-hkscs`).
pub fn parse_encoding_label(label: &str) -> Option<&'static Encoding> {
    let label = label.trim().to_ascii_lowercase();
    let encoding = match label.as_str() {
        "utf16le" | "utf-16-le" | "ucs-2le" => UTF_16LE,
        "utf16be" | "utf-16-be" | "ucs-2be" => UTF_16BE,
        "cp936" | "ms936" | "windows-936" => GBK,
        "gb-18030" | "gb18030-2005" | "gb18030-2022" => GB18030,
        "cp950" | "ms950" | "windows-950" | "big5hkscs" => BIG5,
        _ => Encoding::for_label(label.as_bytes())?,
    };
    // The WHATWG "replacement" encoding turns the whole input into one U+FFFD.
    (encoding != REPLACEMENT).then_some(encoding)
}

/// Decodes one input. A `forced` encoding skips detection (a BOM of that same
/// encoding is still stripped); otherwise: BOM, BOM-less UTF-16 if unmistakable,
/// UTF-8, then GB18030 or Big5 as chardetng suggests, then UTF-8 with a few bad
/// bytes replaced. Line endings are left alone.
pub fn decode(bytes: &[u8], forced: Option<&'static Encoding>) -> Result<Decoded, String> {
    decode_cow(Cow::Borrowed(bytes), forced)
}

/// Like [`decode`], but reuses the buffer when the input is UTF-8 (the common case),
/// so a large file is not held twice.
pub(crate) fn decode_owned(
    bytes: Vec<u8>,
    forced: Option<&'static Encoding>,
) -> Result<Decoded, String> {
    decode_cow(Cow::Owned(bytes), forced)
}

fn decode_cow(bytes: Cow<[u8]>, forced: Option<&'static Encoding>) -> Result<Decoded, String> {
    if bytes.len() >= u32::MAX as usize {
        return Err(format!(
            "file too large: {} bytes do not fit 32-bit offsets",
            bytes.len()
        ));
    }
    if let Some(encoding) = forced {
        let bom = match Encoding::for_bom(&bytes) {
            Some((found, len)) if found == encoding => len,
            _ => 0,
        };
        return Ok(decode_as(bytes, bom, encoding));
    }
    if let Some((encoding, bom)) = Encoding::for_bom(&bytes) {
        return Ok(decode_as(bytes, bom, encoding));
    }
    let has_nul = bytes.contains(&0);
    // Checked before UTF-8 because ASCII-only UTF-16 is also valid UTF-8.
    if has_nul {
        // A text file has no NULs, whatever else it is: a tar of text files is
        // valid UTF-8 and still not a page.
        return sniff_utf16(&bytes).ok_or_else(|| "binary file (NUL bytes)".to_string());
    }
    let bytes = match try_utf8(bytes, 0) {
        Ok(text) => return Ok(utf8(text, 0)),
        Err(bytes) => bytes,
    };
    detect_chinese(&bytes)
}

fn decode_as(bytes: Cow<[u8]>, bom: usize, encoding: &'static Encoding) -> Decoded {
    if encoding == UTF_8 {
        return match try_utf8(bytes, bom) {
            Ok(text) => utf8(text, bom),
            Err(body) => from_decoding(offsets::utf8_lossy(&body, bom), encoding),
        };
    }
    let body = &bytes[bom..];
    let decoding = if encoding == UTF_16LE || encoding == UTF_16BE {
        offsets::utf16(body, encoding == UTF_16LE, bom)
    } else {
        offsets::legacy(encoding, body, bom)
    };
    from_decoding(decoding, encoding)
}

/// The bytes after `bom` as a `String`, validated once and not copied when owned
/// (inputs can be hundreds of megabytes); `Err` gives those bytes back.
fn try_utf8(bytes: Cow<[u8]>, bom: usize) -> Result<String, Cow<[u8]>> {
    match bytes {
        Cow::Borrowed(bytes) => std::str::from_utf8(&bytes[bom..])
            .map(str::to_owned)
            .map_err(|_| Cow::Borrowed(&bytes[bom..])),
        Cow::Owned(mut bytes) => {
            bytes.drain(..bom);
            String::from_utf8(bytes).map_err(|e| Cow::Owned(e.into_bytes()))
        }
    }
}

fn utf8(text: String, bom: usize) -> Decoded {
    let offsets = crate::model::utf8_offsets(&text, bom);
    finish(text, offsets, UTF_8, false)
}

/// Without a BOM, UTF-16 is only assumed when it is unmistakable: many zero bytes
/// on one side of each code unit (ASCII or Latin text), no decoding errors, and no
/// control characters a text file would not have. Otherwise the NULs mean binary.
fn sniff_utf16(bytes: &[u8]) -> Option<Decoded> {
    if bytes.len() < 4 || bytes.len() % 2 == 1 {
        return None;
    }
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in bytes.chunks_exact(2) {
        even += usize::from(pair[0] == 0);
        odd += usize::from(pair[1] == 0);
    }
    let units = bytes.len() / 2;
    if even.max(odd) * 10 <= units * 3 {
        return None;
    }
    let decoding = offsets::utf16(bytes, odd > even, 0);
    let plain = !decoding.had_errors
        && decoding
            .text
            .chars()
            .all(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r' | '\x0c'));
    let encoding = if odd > even { UTF_16LE } else { UTF_16BE };
    plain.then(|| from_decoding(decoding, encoding))
}

/// Big5 text is usually well-formed GB18030 and vice versa, so chardetng's guess
/// decides which is tried first; a candidate that does not decode cleanly is out.
fn detect_chinese(bytes: &[u8]) -> Result<Decoded, String> {
    let mut detector = EncodingDetector::new();
    let sample = &bytes[..bytes.len().min(DETECT_PREFIX)];
    detector.feed(sample, sample.len() == bytes.len());
    let candidates = if detector.guess(None, false) == BIG5 {
        [BIG5, GB18030]
    } else {
        [GB18030, BIG5]
    };
    for encoding in candidates {
        if let Some(decoding) = offsets::legacy_strict(encoding, bytes, 0) {
            return Ok(from_decoding(decoding, encoding));
        }
    }
    if mostly_utf8(bytes) {
        return Ok(from_decoding(offsets::utf8_lossy(bytes, 0), UTF_8));
    }
    Err("undecodable: not UTF-8, GB18030 or Big5".to_string())
}

/// Scraped UTF-8 with a few corrupt bytes is better kept (with U+FFFD) than
/// refused: fewer than 1% of the chars may be invalid sequences.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut chars, mut bad) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        chars += chunk.valid().chars().count();
        bad += usize::from(!chunk.invalid().is_empty());
    }
    bad * 100 < chars + bad
}

fn from_decoding(decoding: Decoding, encoding: &'static Encoding) -> Decoded {
    finish(
        decoding.text,
        decoding.offsets,
        encoding,
        decoding.had_errors,
    )
}

fn finish(text: String, offsets: Vec<u32>, encoding: &'static Encoding, lossy: bool) -> Decoded {
    debug_assert_eq!(offsets.len(), text.chars().count() + 1);
    debug_assert!(offsets.windows(2).all(|w| w[0] < w[1]));
    Decoded {
        text,
        offsets,
        encoding: encoding_name(encoding, lossy),
    }
}

fn encoding_name(encoding: &'static Encoding, lossy: bool) -> &'static str {
    match (encoding.name(), lossy) {
        ("UTF-8", false) => "UTF-8",
        ("UTF-8", true) => "UTF-8 (lossy)",
        ("UTF-16LE", false) => "UTF-16LE",
        ("UTF-16LE", true) => "UTF-16LE (lossy)",
        ("UTF-16BE", false) => "UTF-16BE",
        ("UTF-16BE", true) => "UTF-16BE (lossy)",
        ("gb18030", false) => "GB18030",
        ("gb18030", true) => "GB18030 (lossy)",
        ("GBK", false) => "GBK",
        ("GBK", true) => "GBK (lossy)",
        ("Big5", false) => "Big5",
        ("Big5", true) => "Big5 (lossy)",
        (name, _) => name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SIMPLIFIED: &str = "新华社北京6月9日电 国家主席习近平9日在人民大会堂会见来华进行国事访问的外国元首，双方就进一步深化两国关系交换了意见。\n";
    const TRADITIONAL: &str = "臺灣的經濟發展在過去幾十年間取得了舉世矚目的成就，許多傳統產業逐漸轉型為高科技產業，國際競爭力也隨之大幅提升。\n";

    /// Checks the offsets invariant and that each char's offset starts the bytes
    /// that encode it in `encoding`.
    fn check_offsets(d: &Decoded, bytes: &[u8], encoding: &'static Encoding) {
        assert_eq!(d.offsets.len(), d.text.chars().count() + 1);
        assert!(d.offsets.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(*d.offsets.last().unwrap() as usize, bytes.len());
        for (i, c) in d.text.chars().enumerate() {
            let span = &bytes[d.offsets[i] as usize..d.offsets[i + 1] as usize];
            let mut buf = [0; 4];
            let expected: Vec<u8> = if encoding == UTF_16LE {
                c.encode_utf16(&mut [0; 2])
                    .iter()
                    .flat_map(|u| u.to_le_bytes())
                    .collect()
            } else if encoding == UTF_16BE {
                c.encode_utf16(&mut [0; 2])
                    .iter()
                    .flat_map(|u| u.to_be_bytes())
                    .collect()
            } else {
                encoding.encode(c.encode_utf8(&mut buf)).0.into_owned()
            };
            assert_eq!(span, expected, "char {i} {c:?}");
        }
    }

    fn with_bom(bom: &[u8], body: &[u8]) -> Vec<u8> {
        [bom, body].concat()
    }

    fn utf16_bytes(text: &str, le: bool) -> Vec<u8> {
        text.encode_utf16()
            .flat_map(|u| if le { u.to_le_bytes() } else { u.to_be_bytes() })
            .collect()
    }

    #[test]
    fn utf8_without_bom() {
        let d = decode(SIMPLIFIED.as_bytes(), None).unwrap();
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(d.text, SIMPLIFIED);
        check_offsets(&d, SIMPLIFIED.as_bytes(), UTF_8);
        assert_eq!(&d.offsets[..3], [0, 3, 6]);
    }

    #[test]
    fn utf8_bom_is_stripped_but_counted_in_offsets() {
        let bytes = with_bom(b"\xEF\xBB\xBF", "中a\r\n".as_bytes());
        let d = decode(&bytes, None).unwrap();
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(d.text, "中a\r\n");
        assert_eq!(d.offsets, [3, 6, 7, 8, 9]);
        let owned = decode_owned(bytes.clone(), None).unwrap();
        assert_eq!(owned, d);
    }

    #[test]
    fn empty_input_is_empty_utf8() {
        let d = decode(b"", None).unwrap();
        assert_eq!((d.text.as_str(), d.offsets.as_slice()), ("", &[0][..]));
    }

    #[test]
    fn utf16le_with_bom() {
        let text = "中文😀 text\r\n";
        let bytes = with_bom(b"\xFF\xFE", &utf16_bytes(text, true));
        let d = decode(&bytes, None).unwrap();
        assert_eq!(d.encoding, "UTF-16LE");
        assert_eq!(d.text, text);
        assert_eq!(&d.offsets[..5], [2, 4, 6, 10, 12]);
        let body = &bytes[2..];
        let shifted: Vec<u32> = d.offsets.iter().map(|o| o - 2).collect();
        let d2 = Decoded {
            offsets: shifted,
            ..d.clone()
        };
        check_offsets(&d2, body, UTF_16LE);
    }

    #[test]
    fn utf16be_with_bom() {
        let text = "國際😀a";
        let bytes = with_bom(b"\xFE\xFF", &utf16_bytes(text, false));
        let d = decode(&bytes, None).unwrap();
        assert_eq!(d.encoding, "UTF-16BE");
        assert_eq!(d.text, text);
        assert_eq!(d.offsets, [2, 4, 6, 10, 12]);
    }

    #[test]
    fn bomless_ascii_utf16_is_sniffed() {
        let bytes = utf16_bytes("Hello, world\n中文", true);
        let d = decode(&bytes, None).unwrap();
        assert_eq!(d.encoding, "UTF-16LE");
        assert_eq!(d.text, "Hello, world\n中文");
        let d = decode(&utf16_bytes("Hello, world", false), None).unwrap();
        assert_eq!(d.encoding, "UTF-16BE");
    }

    #[test]
    fn gb18030_is_detected_with_offsets() {
        let (bytes, _, unmappable) = GB18030.encode(SIMPLIFIED);
        assert!(!unmappable);
        let d = decode(&bytes, None).unwrap();
        assert_eq!(d.encoding, "GB18030");
        assert_eq!(d.text, SIMPLIFIED);
        check_offsets(&d, &bytes, GB18030);
        // "新华社北京6" : five double-byte chars, then one ASCII digit
        assert_eq!(&d.offsets[..7], [0, 2, 4, 6, 8, 10, 11]);
    }

    #[test]
    fn gb18030_four_byte_chars() {
        let text = format!("{SIMPLIFIED}𠀀€ end");
        let (bytes, _, _) = GB18030.encode(&text);
        let d = decode(&bytes, None).unwrap();
        assert_eq!(d.encoding, "GB18030");
        assert_eq!(d.text, text);
        check_offsets(&d, &bytes, GB18030);
    }

    #[test]
    fn big5_is_detected() {
        let (bytes, _, unmappable) = BIG5.encode(TRADITIONAL);
        assert!(!unmappable);
        let d = decode(&bytes, None).unwrap();
        assert_eq!(d.encoding, "Big5");
        assert_eq!(d.text, TRADITIONAL);
        check_offsets(&d, &bytes, BIG5);
    }

    #[test]
    fn nul_bytes_mean_binary() {
        let bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0\xff\xfe";
        assert_eq!(decode(bytes, None).unwrap_err(), "binary file (NUL bytes)");
    }

    #[test]
    fn forced_encoding_skips_detection() {
        let (bytes, _, _) = GB18030.encode(SIMPLIFIED);
        let d = decode(&bytes, Some(BIG5)).unwrap();
        assert!(d.encoding.starts_with("Big5"));
        assert_ne!(d.text, SIMPLIFIED);
        assert_eq!(*d.offsets.last().unwrap() as usize, bytes.len());

        let d = decode(&bytes, Some(GBK)).unwrap();
        assert_eq!((d.encoding, d.text.as_str()), ("GBK", SIMPLIFIED));

        // A BOM of the forced encoding is still a BOM.
        let d = decode(b"\xEF\xBB\xBFab", Some(UTF_8)).unwrap();
        assert_eq!(
            (d.text.as_str(), d.offsets.as_slice()),
            ("ab", &[3, 4, 5][..])
        );
        // A BOM of another encoding is just bytes.
        let d = decode(b"\xEF\xBB\xBFab", Some(encoding_rs::WINDOWS_1252)).unwrap();
        assert_eq!(d.text, "ï»¿ab");
    }

    #[test]
    fn forced_encoding_with_bad_bytes_is_lossy() {
        let mut bytes = GB18030.encode("中文").0.into_owned();
        bytes.extend_from_slice(b"\xFFok");
        let d = decode(&bytes, Some(GB18030)).unwrap();
        assert_eq!(d.encoding, "GB18030 (lossy)");
        assert_eq!(d.text, "中文\u{FFFD}ok");
        assert_eq!(d.offsets, [0, 2, 4, 5, 6, 7]);
    }

    #[test]
    fn mostly_utf8_with_a_bad_byte_is_kept() {
        let mut bytes = SIMPLIFIED.repeat(3).into_bytes();
        bytes.insert(9, 0xFF);
        let d = decode(&bytes, None).unwrap();
        assert_eq!(d.encoding, "UTF-8 (lossy)");
        assert_eq!(d.text.matches('\u{FFFD}').count(), 1);
        assert_eq!(d.offsets.len(), d.text.chars().count() + 1);
        assert_eq!(*d.offsets.last().unwrap() as usize, bytes.len());
        let bad = d.text.chars().position(|c| c == '\u{FFFD}').unwrap();
        assert_eq!(d.offsets[bad], 9);
    }

    #[test]
    fn garbage_is_undecodable() {
        let bytes: Vec<u8> = (0..400u32)
            .map(|i| [0xFF, 0x80, 0xC1][i as usize % 3])
            .collect();
        assert_eq!(
            decode(&bytes, None).unwrap_err(),
            "undecodable: not UTF-8, GB18030 or Big5"
        );
    }

    #[test]
    fn labels() {
        for (label, enc) in [
            ("gbk", GBK),
            ("GB2312", GBK),
            ("cp936", GBK),
            ("gb18030", GB18030),
            ("big5", BIG5),
            ("Big5-HKSCS", BIG5),
            ("utf-8", UTF_8),
            ("utf8", UTF_8),
            ("utf-16le", UTF_16LE),
            ("UTF16BE", UTF_16BE),
            (" utf-16be ", UTF_16BE),
        ] {
            assert_eq!(parse_encoding_label(label), Some(enc), "{label}");
        }
        assert_eq!(parse_encoding_label("iso-2022-kr"), None);
        assert_eq!(parse_encoding_label("klingon"), None);
    }
}
