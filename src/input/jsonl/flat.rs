//! A JSON Lines record read flat and fast: `id` and `text` found without building the other fields, escapes decoded in one pass.

/// `id` (`None` when absent or null) and `text` of a record, through serde_json.
pub(super) fn lean_fields(json: &str) -> Option<(Option<String>, String)> {
    #[derive(serde::Deserialize)]
    struct Lean<'a> {
        #[serde(borrow, default)]
        id: Option<LeanId<'a>>,
        #[serde(borrow)]
        text: std::borrow::Cow<'a, str>,
    }
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum LeanId<'a> {
        Str(#[serde(borrow)] std::borrow::Cow<'a, str>),
        Num(serde_json::Number),
    }
    let lean: Lean = serde_json::from_str(json).ok()?;
    let id = match lean.id {
        Some(LeanId::Str(id)) => Some(id.into_owned()),
        Some(LeanId::Num(n)) => Some(n.to_string()),
        None => None,
    };
    Some((id, lean.text.into_owned()))
}

/// [`lean_fields`]' fast path: `id` (`None` when absent or null) and `text`
/// of a flat record, read in one pass that unescapes straight into the
/// strings it returns (serde_json gathered every string with an escape in a
/// scratch buffer and copied it out, and buffered an untagged `id`). Only
/// what it reads exactly as serde_json would is taken: keys without
/// escapes; `id` a string, an integer of up to 18 digits or null; other
/// values strings, such numbers (with a fraction, no exponent), booleans or
/// null. Anything else (nested values, duplicate keys, a lone surrogate, a
/// raw control char anywhere) gives `None`, and serde_json decides.
pub(super) fn flat_record(json: &str) -> Option<(Option<String>, String)> {
    let bytes = json.as_bytes();
    // Raw control chars are only legal as whitespace between tokens, which
    // records seldom have: one check of the whole line (vectorized, as it
    // has no early exit) lets string scans look for `"` and `\` alone.
    if bytes.iter().fold(false, |any, &b| any | (b < 0x20)) {
        return None;
    }
    let mut p = Flat { json, pos: 0 };
    p.eat(b'{')?;
    let mut id: Option<Option<String>> = None;
    let mut text: Option<String> = None;
    let mut skipped = String::new();
    loop {
        p.eat(b'"')?;
        let key = p.key()?;
        p.eat(b':')?;
        match key {
            b"text" if text.is_none() => {
                p.eat(b'"')?;
                let mut s = String::with_capacity(bytes.len() - p.pos);
                p.string(&mut s)?;
                text = Some(s);
            }
            b"id" if id.is_none() => {
                id = Some(match p.peek()? {
                    b'"' => {
                        p.pos += 1;
                        let mut s = String::new();
                        p.string(&mut s)?;
                        Some(s)
                    }
                    b'n' => p.word("null").map(|_| None)?,
                    _ => Some(p.number(false)?.to_string()),
                });
            }
            b"text" | b"id" => return None,
            _ => match p.peek()? {
                b'"' => {
                    p.pos += 1;
                    skipped.clear();
                    p.string(&mut skipped)?;
                }
                b'n' => p.word("null")?,
                b't' => p.word("true")?,
                b'f' => p.word("false")?,
                _ => {
                    p.number(true)?;
                }
            },
        }
        match p.peek()? {
            b',' => p.pos += 1,
            b'}' => {
                p.pos += 1;
                break;
            }
            _ => return None,
        }
    }
    if p.peek().is_some() {
        return None;
    }
    let mut text = text?;
    // The capacity was the rest of the line: give back what other fields took.
    if text.capacity() - text.len() > text.len() / 8 + 64 {
        text.shrink_to_fit();
    }
    Some((id.flatten(), text))
}

/// A position in a record for [`flat_record`].
struct Flat<'a> {
    json: &'a str,
    pos: usize,
}

impl<'a> Flat<'a> {
    /// The next byte after whitespace (JSON's four; the caller has ruled out
    /// the other control chars).
    fn peek(&mut self) -> Option<u8> {
        let bytes = self.json.as_bytes();
        while bytes
            .get(self.pos)
            .is_some_and(|&b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
        {
            self.pos += 1;
        }
        bytes.get(self.pos).copied()
    }

    fn eat(&mut self, byte: u8) -> Option<()> {
        (self.peek()? == byte).then(|| self.pos += 1)
    }

    fn word(&mut self, word: &str) -> Option<()> {
        let end = self.pos + word.len();
        (self.json.as_bytes().get(self.pos..end)? == word.as_bytes()).then(|| self.pos = end)
    }

    /// A key after its opening quote, when it has no escapes.
    fn key(&mut self) -> Option<&'a [u8]> {
        let bytes = self.json.as_bytes();
        let end = self.pos + memchr::memchr2(b'"', b'\\', &bytes[self.pos..])?;
        if bytes[end] != b'"' {
            return None;
        }
        let key = &bytes[self.pos..end];
        self.pos = end + 1;
        Some(key)
    }

    /// A string's contents after its opening quote, unescaped onto `out`.
    fn string(&mut self, out: &mut String) -> Option<()> {
        let bytes = self.json.as_bytes();
        loop {
            let end = self.pos + memchr::memchr2(b'"', b'\\', &bytes[self.pos..])?;
            out.push_str(&self.json[self.pos..end]);
            self.pos = end + 1;
            if bytes[end] == b'"' {
                return Some(());
            }
            let c = match *bytes.get(self.pos)? {
                b'"' => '"',
                b'\\' => '\\',
                b'/' => '/',
                b'b' => '\u{8}',
                b'f' => '\u{c}',
                b'n' => '\n',
                b'r' => '\r',
                b't' => '\t',
                b'u' => {
                    self.pos += 1;
                    let unit = self.hex4()?;
                    let code = if (0xD800..0xDC00).contains(&unit) {
                        // A high surrogate: only a low one may follow.
                        if bytes.get(self.pos..self.pos + 2)? != b"\\u" {
                            return None;
                        }
                        self.pos += 2;
                        let low = self.hex4()?;
                        if !(0xDC00..0xE000).contains(&low) {
                            return None;
                        }
                        0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        unit
                    };
                    // A lone low surrogate is no char.
                    out.push(char::from_u32(code)?);
                    continue;
                }
                _ => return None,
            };
            self.pos += 1;
            out.push(c);
        }
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.json.as_bytes().get(self.pos..self.pos + 4)?;
        let mut value = 0;
        for &d in digits {
            value = value * 16 + char::from(d).to_digit(16)?;
        }
        self.pos += 4;
        Some(value)
    }

    /// A number serde_json reads without loss or range errors: up to 18
    /// integer digits without a leading zero, and with `fraction`, up to 18
    /// fraction digits. Its text is what serde_json would print back.
    fn number(&mut self, fraction: bool) -> Option<&'a str> {
        let bytes = self.json.as_bytes();
        let start = self.pos;
        let digits = |from: usize| {
            bytes[from..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count()
        };
        let sign = usize::from(bytes.get(start) == Some(&b'-'));
        let int = digits(start + sign);
        let lead = bytes.get(start + sign).copied();
        // `-0` prints back as `0`, and leading zeros are errors.
        if !(1..=18).contains(&int) || (lead == Some(b'0') && (int > 1 || sign == 1)) {
            return None;
        }
        let mut end = start + sign + int;
        if bytes.get(end) == Some(&b'.') {
            let frac = digits(end + 1);
            if !fraction || !(1..=18).contains(&frac) {
                return None;
            }
            end += 1 + frac;
        }
        if matches!(bytes.get(end), Some(b'e' | b'E' | b'.')) {
            return None;
        }
        self.pos = end;
        Some(&self.json[start..end])
    }
}
