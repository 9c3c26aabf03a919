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

use super::offsets::utf8_offsets;
use super::InputError;
use crate::model::Source;
use rayon::prelude::*;
use serde_json::Value;
use std::io::{BufRead, Read};

/// Lines parsed together; large enough to amortize rayon, small enough to bound
/// the raw bytes held besides the parsed records.
const BATCH_LINES: usize = 4096;
const BATCH_BYTES: usize = 16 << 20;

/// Reads records from `reader`. `display` is the input's name (`path:line` becomes
/// each record's path), `stem` the prefix of generated ids (`stem:line`). A line
/// longer than `limit` bytes is skipped with an error; a dump as a whole has no
/// limit, since records are handed to `sink` batch by batch and never held together.
pub(crate) fn read_each(
    mut reader: impl BufRead,
    display: &str,
    stem: &str,
    limit: u64,
    keep_fields: bool,
    sink: &mut dyn FnMut(Vec<Source>),
) -> Vec<InputError> {
    let mut errors = Vec::new();
    let mut batch: Vec<(u64, Vec<u8>)> = Vec::new();
    let mut batch_bytes = 0;
    let mut line_no = 0u64;
    loop {
        let mut line = Vec::new();
        // One byte past the limit tells an oversized line without holding all of it.
        match (&mut reader)
            .take(limit.saturating_add(1))
            .read_until(b'\n', &mut line)
        {
            Ok(0) => break,
            Ok(_) => line_no += 1,
            Err(e) => {
                errors.push(InputError::new(
                    display,
                    Some(line_no + 1),
                    format!("cannot read: {e}"),
                ));
                break;
            }
        }
        if line.len() as u64 > limit && line.last() != Some(&b'\n') {
            errors.push(InputError::new(
                display,
                Some(line_no),
                format!("record too large: more than the limit of {limit} bytes"),
            ));
            // Skip the rest of the line without keeping it.
            while let Ok(buf) = reader.fill_buf() {
                if buf.is_empty() {
                    break;
                }
                match memchr_newline(buf) {
                    Some(i) => {
                        reader.consume(i + 1);
                        break;
                    }
                    None => {
                        let n = buf.len();
                        reader.consume(n);
                    }
                }
            }
            continue;
        }
        // Parsed without its line ending, so serde_json's line 1 is this line.
        while line.last().is_some_and(|&b| b == b'\n' || b == b'\r') {
            line.pop();
        }
        if line_no == 1 && line.starts_with(b"\xEF\xBB\xBF") {
            line.drain(..3);
        }
        if line.trim_ascii().is_empty() {
            continue;
        }
        batch_bytes += line.len();
        batch.push((line_no, line));
        if batch.len() >= BATCH_LINES || batch_bytes >= BATCH_BYTES {
            parse_batch(&mut batch, (display, stem, keep_fields), sink, &mut errors);
            batch_bytes = 0;
        }
    }
    parse_batch(&mut batch, (display, stem, keep_fields), sink, &mut errors);
    errors
}

/// [`read_each`], collected.
#[cfg(test)]
fn read(
    reader: impl BufRead,
    display: &str,
    stem: &str,
    limit: u64,
) -> (Vec<Source>, Vec<InputError>) {
    let mut sources = Vec::new();
    let errors = read_each(reader, display, stem, limit, true, &mut |batch| {
        sources.extend(batch)
    });
    (sources, errors)
}

fn memchr_newline(buf: &[u8]) -> Option<usize> {
    buf.iter().position(|&b| b == b'\n')
}

fn parse_batch(
    batch: &mut Vec<(u64, Vec<u8>)>,
    (display, stem, keep_fields): (&str, &str, bool),
    sink: &mut dyn FnMut(Vec<Source>),
    errors: &mut Vec<InputError>,
) {
    if batch.is_empty() {
        return;
    }
    let parsed: Vec<Result<Source, InputError>> = batch
        .par_iter()
        .map(|(line, bytes)| {
            (!keep_fields)
                .then(|| parse_lean(bytes, *line, display, stem))
                .flatten()
                .map_or_else(|| parse_record(bytes, *line, display, stem), Ok)
        })
        .collect();
    batch.clear();
    let mut sources = Vec::with_capacity(parsed.len());
    for result in parsed {
        match result {
            Ok(source) => sources.push(source),
            Err(error) => errors.push(error),
        }
    }
    sink(sources);
}

/// Only `id` and `text`, borrowed where the JSON has no escapes; `None` when
/// the line is anything but a well-formed record, so [`parse_record`] can say
/// exactly what is wrong.
fn parse_lean(bytes: &[u8], line: u64, display: &str, stem: &str) -> Option<Source> {
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
    let lean: Lean = serde_json::from_slice(bytes).ok()?;
    let id = match lean.id {
        Some(LeanId::Str(id)) => id.into_owned(),
        Some(LeanId::Num(n)) => n.to_string(),
        None => format!("{stem}:{line}"),
    };
    let text = lean.text.into_owned();
    if text.len() >= u32::MAX as usize {
        return None;
    }
    Some(Source {
        id,
        path: format!("{display}:{line}"),
        encoding: "UTF-8".to_string(),
        offsets: utf8_offsets(&text, 0),
        text,
        record: None,
    })
}

fn parse_record(bytes: &[u8], line: u64, display: &str, stem: &str) -> Result<Source, InputError> {
    let fail = |reason: String| InputError::new(display, Some(line), reason);
    let json = std::str::from_utf8(bytes)
        .map_err(|e| fail(format!("invalid UTF-8 at column {}", e.valid_up_to() + 1)))?;
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
        Some(Value::String(id)) => id.clone(),
        Some(Value::Number(id)) => id.to_string(),
        None | Some(Value::Null) => format!("{stem}:{line}"),
        Some(_) => return Err(fail("\"id\" is not a string or number".to_string())),
    };
    if text.len() >= u32::MAX as usize {
        return Err(fail("\"text\" too large for 32-bit offsets".to_string()));
    }
    Ok(Source {
        id,
        path: format!("{display}:{line}"),
        encoding: "UTF-8".to_string(),
        offsets: utf8_offsets(&text, 0),
        text,
        record: Some(record),
    })
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
            false,
            &mut |b| lean.extend(b),
        );
        let (full, full_errors) = run(input);
        assert_eq!(errors, full_errors);
        assert_eq!(lean.len(), 3);
        for (l, f) in lean.iter().zip(&full) {
            assert_eq!((&l.id, &l.text, &l.offsets), (&f.id, &f.text, &f.offsets));
            assert!(l.record.is_none());
        }
        assert_eq!(lean[0].text, "中文");
        assert_eq!(lean[1].id, "4.5");
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
