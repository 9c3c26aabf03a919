//! JSON Lines input: one [`Source`] per non-blank line.
//!
//! Lines are read as a stream and parsed in parallel batches, so a large dump is
//! never held as one string and parsing keeps up with the disk. A bad line is
//! reported with its number and skipped; the rest of the file still loads.
//!
//! `Source::record` holds the object's fields in their original order minus
//! `text`, which already lives in `Source::text` (keeping it would double the
//! memory of a large dump). `id` stays there with its original JSON type so output
//! can reproduce it exactly.

use super::InputError;
use crate::model::{RecordAt, Source};
use rayon::prelude::*;
use serde_json::Value;
use std::io::Read;
use std::path::PathBuf;
use std::sync::Arc;
mod flat;

use flat::{flat_record, lean_fields};

/// Bytes read at a time. Lines are cut and parsed per block, in parallel, so
/// reading never goes a line at a time and a block bounds what is held. Small
/// enough that a block's records are still in cache when `scan` folds them
/// (larger blocks cost memory for no speed: BENCHMARKS.md).
const BLOCK_BYTES: usize = 1 << 20;

/// Reads records from `reader`. `display` is the input's name (`path:line` becomes
/// each record's path), `stem` the prefix of generated ids (`stem:line`). A line
/// longer than `limit` bytes is skipped with an error; a dump as a whole has no
/// limit, since records are handed to `sink` block by block and never held together.
/// With `lean`, records keep only `id` and `text` (see [`parse_lean`]). When
/// `reader` is the regular file `file`, each record says where its line is
/// ([`Source::at`]).
pub(crate) fn read_each(
    reader: impl Read,
    display: &str,
    stem: &str,
    limit: u64,
    lean: bool,
    file: Option<Arc<PathBuf>>,
    sink: &mut dyn FnMut(Vec<Source>),
) -> Vec<InputError> {
    read_blocks(
        reader,
        BLOCK_BYTES,
        (display, stem, lean),
        limit,
        file,
        sink,
    )
}

fn read_blocks(
    mut reader: impl Read,
    block_bytes: usize,
    (display, stem, lean): (&str, &str, bool),
    limit: u64,
    file: Option<Arc<PathBuf>>,
    sink: &mut dyn FnMut(Vec<Source>),
) -> Vec<InputError> {
    let mut errors = Vec::new();
    let mut block = vec![0u8; block_bytes];
    // Input offset of the block's first byte.
    let mut block_at = 0u64;
    let offset_in = |block: &[u8], part: &[u8]| part.as_ptr() as u64 - block.as_ptr() as u64;
    // The unfinished last line of the previous block, and its input offset.
    let mut carry: Vec<u8> = Vec::new();
    let mut carry_at = 0u64;
    // Inside a line already reported as too large: drop bytes up to its end.
    let mut skipping = false;
    let mut line_no = 0u64;
    loop {
        let n = match read_full(&mut reader, &mut block) {
            Ok(n) => n,
            Err(e) => {
                errors.push(InputError::new(
                    display,
                    Some(line_no + 1),
                    format!("cannot read: {e}"),
                ));
                break;
            }
        };
        let at = block_at;
        block_at += n as u64;
        let mut data = &block[..n];
        if skipping {
            match memchr::memchr(b'\n', data) {
                Some(i) => {
                    data = &data[i + 1..];
                    skipping = false;
                }
                None if n == 0 => break,
                None => continue,
            }
        }
        let cut = if n == 0 {
            data.len()
        } else {
            match memchr::memrchr(b'\n', data) {
                Some(i) => i + 1,
                None => {
                    if carry.is_empty() {
                        carry_at = at + offset_in(block.as_slice(), data);
                    }
                    carry.extend_from_slice(data);
                    if carry.len() as u64 > limit {
                        line_no += 1;
                        errors.push(too_large(display, line_no, limit));
                        carry.clear();
                        skipping = true;
                    }
                    continue;
                }
            }
        };
        // The line the previous block left unfinished ends at this block's
        // first newline: only that line is joined, never the whole block.
        let mut first_line: Vec<u8> = Vec::new();
        let mut rest = &data[..cut];
        if !carry.is_empty() {
            let end = memchr::memchr(b'\n', rest).map_or(rest.len(), |i| i + 1);
            carry.extend_from_slice(&rest[..end]);
            first_line = std::mem::take(&mut carry);
            rest = &rest[end..];
        }
        let mut lines: Vec<Line> = Vec::new();
        let raws = (!first_line.is_empty())
            .then_some((first_line.as_slice(), carry_at))
            .into_iter()
            .chain(lines_of(rest).map(|raw| (raw, at + offset_in(block.as_slice(), raw))));
        for (raw, mut offset) in raws {
            line_no += 1;
            let (line, skipped) = trimmed(raw, line_no);
            offset += skipped;
            if line.len() as u64 > limit {
                errors.push(too_large(display, line_no, limit));
            } else if !line.trim_ascii().is_empty() {
                let at = file.as_ref().zip(u32::try_from(line.len()).ok());
                let at = at.map(|(file, len)| RecordAt {
                    file: file.clone(),
                    offset,
                    len,
                });
                lines.push((line_no, line, at));
            }
        }
        parse_lines(&mut lines, (display, stem, lean), sink, &mut errors);
        if n == 0 {
            break;
        }
        if cut < data.len() {
            carry_at = at + offset_in(block.as_slice(), &data[cut..]);
        }
        carry.extend_from_slice(&data[cut..]);
    }
    errors
}

/// A line as it is parsed: without its line ending, so serde_json's line 1 is
/// this line, nor (the input's first line) a byte-order mark; and the bytes
/// dropped in front.
fn trimmed(raw: &[u8], line_no: u64) -> (&[u8], u64) {
    let line = raw.strip_suffix(b"\n").unwrap_or(raw);
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    match line.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) if line_no == 1 => (rest, 3),
        _ => (line, 0),
    }
}

/// Line `line_no` of the input `display` (`raw`, its line ending optional),
/// read as [`read_each`] reads it: `None` for a blank line, else the record or
/// what is wrong with it.
pub(crate) fn parse_line(
    raw: &[u8],
    line_no: u64,
    (display, stem, lean): (&str, &str, bool),
    limit: u64,
) -> Option<Result<Source, InputError>> {
    let (line, _) = trimmed(raw, line_no);
    if line.len() as u64 > limit {
        return Some(Err(too_large(display, line_no, limit)));
    }
    if line.trim_ascii().is_empty() {
        return None;
    }
    Some(parse(line, line_no, (display, stem, lean)))
}

/// `data` cut after each newline, like `split_inclusive`, but found with
/// memchr: splitting a byte at a time cost as much as parsing the records.
fn lines_of(data: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut rest = data;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let end = memchr::memchr(b'\n', rest).map_or(rest.len(), |i| i + 1);
        let (line, tail) = rest.split_at(end);
        rest = tail;
        Some(line)
    })
}

fn too_large(display: &str, line: u64, limit: u64) -> InputError {
    InputError::new(
        display,
        Some(line),
        format!("record too large: more than the limit of {limit} bytes"),
    )
}

/// Fills `buf` unless the input ends first; returns the bytes read.
fn read_full(reader: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// [`read_each`], collected.
#[cfg(test)]
fn read(
    reader: impl Read,
    display: &str,
    stem: &str,
    limit: u64,
) -> (Vec<Source>, Vec<InputError>) {
    let mut sources = Vec::new();
    let errors = read_each(reader, display, stem, limit, false, None, &mut |batch| {
        sources.extend(batch)
    });
    (sources, errors)
}

/// A line to parse: its number, its bytes, and where it is in its file.
type Line<'a> = (u64, &'a [u8], Option<RecordAt>);

fn parse_lines(
    lines: &mut [Line],
    (display, stem, lean): (&str, &str, bool),
    sink: &mut dyn FnMut(Vec<Source>),
    errors: &mut Vec<InputError>,
) {
    if lines.is_empty() {
        return;
    }
    let parsed: Vec<Result<Source, InputError>> = lines
        .par_iter_mut()
        .map(|(line, bytes, at)| {
            let source = parse(bytes, *line, (display, stem, lean));
            source.map(|s| Source { at: at.take(), ..s })
        })
        .collect();
    let mut sources = Vec::with_capacity(parsed.len());
    for result in parsed {
        match result {
            Ok(source) => sources.push(source),
            Err(error) => errors.push(error),
        }
    }
    sink(sources);
}

/// One record: lean first where asked, fully where that fails (or to say
/// what is wrong).
fn parse(
    bytes: &[u8],
    line: u64,
    (display, stem, lean): (&str, &str, bool),
) -> Result<Source, InputError> {
    lean.then(|| parse_lean(bytes, line, display, stem))
        .flatten()
        .map_or_else(|| parse_record(bytes, line, display, stem), Ok)
}

/// The record whose line is `len` bytes from `offset` of `file`, read again
/// as [`read_each`] read it the first time, `lean` or not: its text and
/// offsets (id and path aside, which are not recorded).
pub(crate) fn reread(
    file: &std::fs::File,
    offset: u64,
    len: u32,
    lean: bool,
) -> Result<Source, String> {
    let mut bytes = vec![0u8; len as usize];
    crate::spill::read_at(file, &mut bytes, offset)
        .map_err(|e| format!("cannot read again: {e}"))?;
    parse(&bytes, 0, ("", "", lean)).map_err(|e| e.to_string())
}

/// Only `id` and `text`, borrowed where the JSON has no escapes, and no
/// offsets: the text is its own source (see [`Source::offsets`]). `None` when
/// the line is anything but a well-formed record, so [`parse_record`] can say
/// exactly what is wrong.
fn parse_lean(bytes: &[u8], line: u64, display: &str, stem: &str) -> Option<Source> {
    // One fast validation of the line, so the parsers need not check each string again.
    let json = simdutf8::basic::from_utf8(bytes).ok()?;
    let (id, text) = flat_record(json).or_else(|| lean_fields(json))?;
    if text.len() >= u32::MAX as usize {
        return None;
    }
    Some(Source::of_record(
        id,
        text,
        None,
        (display, stem, line),
        true,
    ))
}

fn parse_record(bytes: &[u8], line: u64, display: &str, stem: &str) -> Result<Source, InputError> {
    let fail = |reason: String| InputError::new(display, Some(line), reason);
    // The fast check first; the standard one only to say where a bad line goes wrong.
    let json = match simdutf8::basic::from_utf8(bytes) {
        Ok(json) => json,
        Err(_) => std::str::from_utf8(bytes)
            .map_err(|e| fail(format!("invalid UTF-8 at column {}", e.valid_up_to() + 1)))?,
    };
    let value: Value = serde_json::from_str(json).map_err(|e| fail(json_reason(&e)))?;
    let Value::Object(mut record) = value else {
        return Err(fail("not a JSON object".to_string()));
    };
    let text = match record.shift_remove("text") {
        Some(Value::String(text)) => text,
        Some(_) => return Err(fail("\"text\" is not a string".to_string())),
        None => return Err(fail("missing \"text\" field".to_string())),
    };
    let id = match record.get("id") {
        Some(Value::String(id)) => Some(id.clone()),
        Some(Value::Number(id)) => Some(id.to_string()),
        None | Some(Value::Null) => None,
        Some(_) => return Err(fail("\"id\" is not a string or number".to_string())),
    };
    if text.len() >= u32::MAX as usize {
        return Err(fail("\"text\" too large for 32-bit offsets".to_string()));
    }
    let at = (display, stem, line);
    Ok(Source::of_record(id, text, Some(record), at, false))
}

/// serde_json's message without its "at line 1 column N" (always line 1 here,
/// which would contradict the file line number in front of it).
fn json_reason(e: &serde_json::Error) -> String {
    let message = e.to_string();
    let message = message
        .rfind(" at line ")
        .map_or(message.as_str(), |i| &message[..i]);
    format!("invalid JSON: {message} (column {})", e.column())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn run(input: &str) -> (Vec<Source>, Vec<InputError>) {
        read(
            Cursor::new(input.as_bytes().to_vec()),
            "in.jsonl",
            "in",
            1 << 20,
        )
    }

    #[test]
    fn ids_string_number_and_missing() {
        let input = concat!(
            "{\"id\": \"a1\", \"text\": \"中文\", \"url\": \"http://x\"}\n",
            "{\"id\": 42, \"text\": \"b\"}\n",
            "\n",
            "{\"text\": \"c\", \"id\": null}\r\n",
            "{\"title\": \"t\", \"text\": \"d\"}",
        );
        let (sources, errors) = run(input);
        assert!(errors.is_empty(), "{errors:?}");
        let ids: Vec<&str> = sources.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["a1", "42", "in:4", "in:5"]);
        let paths: Vec<&str> = sources.iter().map(|s| s.path.as_str()).collect();
        assert_eq!(
            paths,
            ["in.jsonl:1", "in.jsonl:2", "in.jsonl:4", "in.jsonl:5"]
        );
        assert_eq!(sources[0].text, "中文");
        assert_eq!(sources[0].offsets, [0, 3, 6]);
        assert_eq!(sources[0].encoding, "UTF-8");
        let record = sources[0].record.as_ref().unwrap();
        let keys: Vec<&str> = record.keys().map(String::as_str).collect();
        assert_eq!(keys, ["id", "url"]);
        assert_eq!(sources[1].record.as_ref().unwrap()["id"], 42);
    }

    #[test]
    fn malformed_lines_are_reported_and_skipped() {
        let input = concat!(
            "\u{feff}{\"text\": \"ok\"}\n",
            "{\"text\": \"broken\"\n",
            "[1, 2]\n",
            "{\"id\": \"x\"}\n",
            "{\"id\": true, \"text\": \"t\"}\n",
            "{\"text\": 5}\n",
            "{\"text\": \"last\"}\n",
        );
        let (sources, errors) = run(input);
        let texts: Vec<&str> = sources.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts, ["ok", "last"]);
        let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            [
                "in.jsonl:2: invalid JSON: EOF while parsing an object (column 17)",
                "in.jsonl:3: not a JSON object",
                "in.jsonl:4: missing \"text\" field",
                "in.jsonl:5: \"id\" is not a string or number",
                "in.jsonl:6: \"text\" is not a string",
            ]
        );
    }

    #[test]
    fn a_line_alone_parses_as_the_reader_parses_it() {
        let input = "\u{feff}{\"text\": \"ok\"}\n \r\n{\"id\": 7, \"text\": \"b\"}\r\n[1]\n{\"text\": \"long\"}\n";
        let (sources, errors) = read(Cursor::new(input.as_bytes().to_vec()), "in.jsonl", "in", 17);
        let (mut got, mut failed) = (Vec::new(), Vec::new());
        for (i, raw) in input.split_inclusive('\n').enumerate() {
            let at = ("in.jsonl", "in", false);
            match parse_line(raw.as_bytes(), i as u64 + 1, at, 17) {
                Some(Ok(s)) => got.push(s),
                Some(Err(e)) => failed.push(e),
                None => assert_eq!(raw.trim(), "", "line {}", i + 1),
            }
        }
        let key = |s: &Source| {
            (
                s.id.clone(),
                s.path.clone(),
                s.text.clone(),
                s.offsets.clone(),
            )
        };
        assert_eq!(
            got.iter().map(key).collect::<Vec<_>>(),
            sources.iter().map(key).collect::<Vec<_>>()
        );
        assert_eq!(got.len(), 2);
        assert_eq!(failed, errors);
        assert_eq!(failed.len(), 2, "{failed:?}");
    }

    #[test]
    fn lean_records_match_full_ones_but_drop_fields() {
        let input = concat!(
            "{\"id\": \"a1\", \"text\": \"中\\u6587\", \"url\": \"http://x\"}\n",
            "{\"id\": 4.5, \"text\": \"b\"}\n",
            "{\"text\": \"c\", \"id\": null}\n",
            "{\"id\": true, \"text\": \"t\"}\n",
        );
        let mut lean = Vec::new();
        let errors = read_each(
            Cursor::new(input),
            "in.jsonl",
            "in",
            1 << 20,
            true,
            None,
            &mut |b| lean.extend(b),
        );
        let (full, full_errors) = run(input);
        assert_eq!(errors, full_errors);
        assert_eq!(lean.len(), 3);
        for (l, f) in lean.iter().zip(&full) {
            assert_eq!((&l.id, &l.text), (&f.id, &f.text));
            assert!(l.record.is_none() && l.offsets.is_empty());
        }
        assert_eq!(lean[0].text, "中文");
        assert_eq!(lean[1].id, "4.5");
    }

    /// Records the fast path reads, with what serde_json reads from them.
    const FLAT: &[&str] = &[
        r#"{"id": "a1", "text": "中文"}"#,
        r#"{"text":"x\n\r\t\"\\\/\b\f y","id":42}"#,
        r#"  { "text" : "\u4e2D\u00e9\u0000\uD83D\uDE00\udbff\udfff" , "id" : null }  "#,
        r#"{"id": -7, "text": ""}"#,
        r#"{"id": 0, "text": "a"}"#,
        r#"{"text": "a"}"#,
        r#"{"url": "h\"t", "n": -1.25, "ok": true, "no": false, "x": null, "text": "t", "id": "中"}"#,
        r#"{"id": "\u0041\n", "text": "😀\\u", "z": 0.5}"#,
    ];

    /// Records the fast path leaves to serde_json, right or wrong.
    const NOT_FLAT: &[&str] = &[
        r#"{"text": "\uD800"}"#,
        r#"{"text": "\uD800\u0041"}"#,
        r#"{"text": "\uD800x"}"#,
        r#"{"text": "\uDC00"}"#,
        r#"{"text": "\u12G4"}"#,
        r#"{"text": "\u12"}"#,
        r#"{"text": "\x"}"#,
        "{\"text\": \"a\tb\"}",
        "{\"text\":\t\"ab\"}",
        r#"{"text": "a", "meta": {"k": 1}}"#,
        r#"{"text": "a", "tags": []}"#,
        r#"{"text": "a", "text": "b"}"#,
        r#"{"id": 1, "id": 2, "text": "b"}"#,
        r#"{"id": 4.5, "text": "b"}"#,
        r#"{"id": 1e3, "text": "b"}"#,
        r#"{"id": -0, "text": "b"}"#,
        r#"{"id": 01, "text": "b"}"#,
        r#"{"id": 1234567890123456789, "text": "b"}"#,
        r#"{"id": true, "text": "b"}"#,
        r#"{"n": 1e999, "text": "b"}"#,
        r#"{"n": 1., "text": "b"}"#,
        r#"{"te\u0078t": "b"}"#,
        r#"{"text": "b"} x"#,
        r#"{"text": "b",}"#,
        r#"{"text": "b""#,
        r#"{"text": 5}"#,
        r#"{"id": "x"}"#,
        r#"{}"#,
        r#"[1]"#,
        r#"{"text": "b", "n": tru}"#,
    ];

    #[test]
    fn flat_records_read_as_serde_json_reads_them() {
        for json in FLAT {
            let fast = flat_record(json);
            assert!(fast.is_some(), "{json}");
            assert_eq!(fast, lean_fields(json), "{json}");
        }
        let (_, text) = flat_record(FLAT[2]).unwrap();
        assert_eq!(text, "中é\0😀\u{10FFFF}");
        for json in NOT_FLAT {
            assert_eq!(flat_record(json), None, "{json}");
        }
    }

    #[test]
    fn records_the_fast_path_refuses_still_load() {
        // serde_json reads these (a tab as whitespace, an object elsewhere, a
        // float id); the rest are errors whichever parser sees them.
        for json in NOT_FLAT {
            let lean = parse_lean(json.as_bytes(), 1, "f", "f").map(|s| (s.id, s.text));
            let serde = lean_fields(json).map(|(id, text)| (id.unwrap_or("f:1".into()), text));
            assert_eq!(lean, serde, "{json}");
        }
        let read = |json: &str| parse_lean(json.as_bytes(), 1, "f", "f").map(|s| s.text);
        assert_eq!(read("{\"text\":\t\"ab\"}").as_deref(), Some("ab"));
        assert_eq!(
            read(r#"{"text": "a", "meta": {"k": 1}}"#).as_deref(),
            Some("a")
        );
    }

    proptest::proptest! {
        #[test]
        fn any_serialized_record_reads_as_serde_json_reads_it(
            text in proptest::prelude::any::<String>(),
            // Longer ids are left to serde_json (see `NOT_FLAT`).
            id in proptest::option::of(-999_999_999_999_999_999i64..=999_999_999_999_999_999),
            extra in proptest::prelude::any::<String>(),
        ) {
            let mut record = serde_json::Map::new();
            if let Some(id) = id {
                record.insert("id".into(), id.into());
            }
            record.insert("extra".into(), extra.into());
            record.insert("text".into(), text.clone().into());
            let json = serde_json::to_string(&record).unwrap();
            let fast = flat_record(&json);
            // Raw control chars never survive serialization, so every such
            // record takes the fast path.
            proptest::prop_assert!(fast.is_some(), "{}", json);
            proptest::prop_assert_eq!(&fast, &lean_fields(&json));
            proptest::prop_assert_eq!(fast.unwrap().1, text);
        }

        #[test]
        fn pieced_records_never_read_otherwise_than_serde_json(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "{", "}", "\"", "\\", "\\u", "\\uD83D", "\\uDE00", "\\ud800", "D8", "00",
                    "\\n", "\\x", "text", "id", ":", ",", " ", "\t", "1", "-", "0", ".", "e",
                    "null", "true", "[", "a", "中", "\u{1}",
                ]),
                0..24,
            ),
        ) {
            let json = format!("{{\"text\":\"{}", pieces.concat());
            if let Some(fast) = flat_record(&json) {
                proptest::prop_assert_eq!(Some(fast), lean_fields(&json), "{}", json);
            }
        }
    }

    #[test]
    fn lines_across_block_boundaries_are_whole() {
        let input = concat!(
            "\u{FEFF}{\"text\": \"第一条\"}\r\n",
            "\n",
            "{\"text\": \"第二条比较长的记录\"}\n",
            "{\"text\": \"太长太长太长太长太长太长太长太长太长太长太长太长\"}\n",
            "{\"text\": \"末\"}",
        );
        let file = Arc::new(PathBuf::from("in.jsonl"));
        for block in [1, 2, 7, 16, 64, 1 << 10] {
            let mut sources = Vec::new();
            let errors = read_blocks(
                Cursor::new(input),
                block,
                ("in.jsonl", "in", false),
                60,
                Some(file.clone()),
                &mut |b| sources.extend(b),
            );
            // Each record knows its line: the bytes there read as the record.
            for s in &sources {
                let at = s.at.as_ref().expect("records of a file know their line");
                let line = &input.as_bytes()[at.offset as usize..][..at.len as usize];
                let again = parse(line, 0, ("", "", false)).unwrap();
                assert_eq!(again.text, s.text, "block {block}");
                assert!(!line.ends_with(b"\r") && line.starts_with(b"{"));
            }
            let texts: Vec<&str> = sources.iter().map(|s| s.text.as_str()).collect();
            assert_eq!(
                texts,
                ["第一条", "第二条比较长的记录", "末"],
                "block {block}"
            );
            let paths: Vec<&str> = sources.iter().map(|s| s.path.as_str()).collect();
            assert_eq!(paths, ["in.jsonl:1", "in.jsonl:3", "in.jsonl:5"]);
            let errors: Vec<String> = errors.iter().map(ToString::to_string).collect();
            assert_eq!(
                errors,
                ["in.jsonl:4: record too large: more than the limit of 60 bytes"],
                "block {block}"
            );
        }
    }

    #[test]
    fn invalid_utf8_line() {
        let bytes = b"{\"text\": \"a\xFF\"}\n{\"text\": \"b\"}\n".to_vec();
        let (sources, errors) = read(Cursor::new(bytes), "f", "f", 1 << 20);
        assert_eq!(sources.len(), 1);
        assert_eq!(errors[0].to_string(), "f:1: invalid UTF-8 at column 12");
    }

    #[test]
    fn oversized_records_are_skipped_and_the_rest_read() {
        let long = format!("{{\"text\": \"{}\"}}\n", "长".repeat(40));
        let input = format!("{{\"text\": \"a\"}}\n{long}{{\"text\": \"b\"}}\n");
        let (sources, errors) = read(Cursor::new(input.into_bytes()), "-", "stdin", 40);
        let texts: Vec<&str> = sources.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts, ["a", "b"]);
        assert_eq!(
            errors[0].to_string(),
            "-:2: record too large: more than the limit of 40 bytes"
        );
    }
}
