//! `reprint clean` output: plain text, one JSON document, or JSON Lines.

use super::pieced::{Pieced, Tail};
use crate::model::{
    CleanedDocument, Continuation, Found, Piece, Removal, Source, Span, VariantChar,
};
use serde::Serialize;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// The cleaned text as a person reads it; several inputs get a `==> source <==` header each.
pub fn text(docs: &[CleanedDocument]) -> String {
    let mut out = String::new();
    for (n, doc) in docs.iter().enumerate() {
        text_one(doc, n, docs.len() > 1, &mut out);
    }
    out
}

/// One record. A JSON Lines input record keeps all its fields, gets the cleaned
/// `text`, and carries what cleaning found under `reprint`.
pub fn record(doc: &CleanedDocument, source: &Source) -> Value {
    let Some(fields) = &source.record else {
        return serde_json::to_value(doc).expect("document serializes");
    };
    let mut out: Map<String, Value> = fields.clone();
    out.insert("text".into(), Value::String(doc.text.clone()));
    let mut meta = serde_json::to_value(doc).expect("document serializes");
    if let Value::Object(m) = &mut meta {
        m.shift_remove("text");
    }
    out.insert("reprint".into(), meta);
    Value::Object(out)
}

/// What [`record`] puts under `reprint`: the document but its text, in its field order.
#[derive(Serialize)]
struct Meta<'a> {
    id: &'a str,
    source: &'a str,
    encoding: &'a str,
    truncated: bool,
    removed: &'a [Removal],
    continuations: &'a [Continuation],
    datelines: &'a [Found],
    bylines: &'a [Found],
    variants: &'a [VariantChar],
    stats: &'a BTreeMap<String, u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    map: Option<&'a Vec<Span>>,
}

/// `record(doc, source).to_string()`, written straight from the document: building the
/// `Value` copied the text twice and every field once (7 % of a clean).
fn compact_record(doc: &CleanedDocument, source: &Source) -> String {
    let Some(fields) = &source.record else {
        return serde_json::to_string(doc).expect("document serializes");
    };
    let meta = Meta {
        id: &doc.id,
        source: &doc.source,
        encoding: &doc.encoding,
        truncated: doc.truncated,
        removed: &doc.removed,
        continuations: &doc.continuations,
        datelines: &doc.datelines,
        bylines: &doc.bylines,
        variants: &doc.variants,
        stats: &doc.stats,
        map: doc.map.as_ref(),
    };
    let mut out: Vec<u8> = Vec::with_capacity(2 * doc.text.len() + 256);
    out.push(b'{');
    super::record::members(&mut out, fields, &doc.text, &meta);
    out.push(b'}');
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

pub fn jsonl(docs: &[CleanedDocument], sources: &[&Source]) -> String {
    let mut out = String::new();
    for (doc, src) in docs.iter().zip(sources) {
        out.push_str(&record(doc, src).to_string());
        out.push('\n');
    }
    out
}

pub fn json(docs: &[CleanedDocument], sources: &[&Source]) -> String {
    let records: Vec<Value> = docs
        .iter()
        .zip(sources)
        .map(|(d, s)| record(d, s))
        .collect();
    let mut s = serde_json::to_string_pretty(&json!({ "documents": records })).expect("serializes");
    s.push('\n');
    s
}

/// The same bytes as [`text`], [`json`] or [`jsonl`] of the whole run, written a
/// batch at a time so a dump is never held whole: records are rendered in
/// parallel by the caller ([`Stream::render`]) and written in order.
pub struct Stream {
    format: StreamFormat,
    /// Documents written so far.
    written: usize,
    /// Text only: the first document, held until a second one says whether
    /// headers are wanted (a single input gets none).
    first: Option<CleanedDocument>,
    /// Whether the run has several inputs, for a first document too large to
    /// hold (read in pieces): its header cannot wait for the second. Asked
    /// only then (it may walk the inputs again).
    several: Option<Box<dyn Fn() -> bool>>,
    /// The document being written from its pieces.
    pieced: Option<Pieced>,
    /// Makes the temp file a pieced document's map is spooled to.
    spool: Option<fn() -> std::io::Result<std::fs::File>>,
}

/// A document, its rendering for a JSON body, and its piece: see [`Stream::rendered`].
pub type Rendered = (CleanedDocument, Option<String>, Option<Piece>);

/// Which of the three bodies a [`Stream`] writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamFormat {
    Text,
    Json,
    Jsonl,
}

impl Stream {
    pub fn new(format: StreamFormat) -> Stream {
        Stream {
            format,
            written: 0,
            first: None,
            several: None,
            pieced: None,
            spool: None,
        }
    }

    /// A cleaned document with what [`Stream::write`] needs of it: its
    /// rendering (made here, so on the caller's worker threads) and its piece.
    pub fn rendered(format: StreamFormat, doc: CleanedDocument, source: &Source) -> Rendered {
        let rendered = match source.piece {
            None => Stream::render(format, &doc, source),
            Some(_) => None,
        };
        (doc, rendered, source.piece)
    }

    /// Writes a batch of documents (and pieces) in order to `w`, `out` its buffer.
    pub fn write(
        &mut self,
        docs: Vec<Rendered>,
        out: &mut String,
        w: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        out.clear();
        for (doc, rendered, piece) in docs {
            let Some(piece) = piece else {
                self.push(doc, rendered, out);
                continue;
            };
            if let Some(tail) = self.push_piece(doc, piece, out)? {
                w.write_all(out.as_bytes())?;
                out.clear();
                if let Some(mut map) = tail.map {
                    std::io::copy(&mut map, w)?;
                }
                out.push_str(&tail.close);
            }
        }
        w.write_all(out.as_bytes())
    }

    /// Ready for documents read in pieces ([`Stream::push_piece`]): whether the
    /// run has several inputs (a first document too large to hold cannot wait
    /// for the second to know its header), and how to make the temp file a
    /// pieced document's map waits in.
    pub fn pieces(
        self,
        several: impl Fn() -> bool + 'static,
        spool: fn() -> std::io::Result<std::fs::File>,
    ) -> Stream {
        Stream {
            several: Some(Box::new(several)),
            spool: Some(spool),
            ..self
        }
    }

    /// Appends the next piece of a document read in pieces (see
    /// [`crate::model::Piece`]); at its last piece, what is left to write
    /// after `out`: its spooled map, then the closing text.
    pub fn push_piece(
        &mut self,
        doc: CleanedDocument,
        piece: Piece,
        out: &mut String,
    ) -> std::io::Result<Option<Tail>> {
        let format = self.format;
        let stub = Source::from_utf8_text("", "", "");
        let render = |d: &CleanedDocument| Stream::render(format, d, &stub).unwrap_or_default();
        if piece.index == 0 {
            match format {
                StreamFormat::Text => {
                    if let Some(first) = self.first.take() {
                        text_one(&first, 0, true, out);
                    }
                    if self.written > 0 || self.several.as_ref().is_some_and(|f| f()) {
                        if self.written > 0 {
                            out.push('\n');
                        }
                        out.push_str(&format!("==> {} <==\n", doc.source));
                    }
                }
                StreamFormat::Json => out.push_str(if self.written == 0 {
                    "{\n  \"documents\": [\n"
                } else {
                    ",\n"
                }),
                StreamFormat::Jsonl => {}
            }
            self.written += 1;
            let spool = match (&doc.map, self.spool) {
                (None, _) => None,
                (Some(_), Some(make)) => Some(make()?),
                (Some(_), None) => return Err(std::io::Error::other("no temp file for the map")),
            };
            self.pieced = Some(Pieced::start(format, &doc, spool, render, out)?);
        }
        let pieced = self
            .pieced
            .as_mut()
            .expect("a document's pieces start at 0");
        let Some(mut tail) = pieced.push(doc, piece, render, out)? else {
            return Ok(None);
        };
        self.pieced = None;
        // The record's closing brace takes the separator, not a newline.
        if format == StreamFormat::Json && tail.close.ends_with('\n') {
            tail.close.pop();
        }
        Ok(Some(tail))
    }

    /// The rendering of one record as a JSON or JSON Lines body holds it; `None` for
    /// text, which needs the run's order (see [`Stream::push`]). Safe to call in parallel.
    pub fn render(format: StreamFormat, doc: &CleanedDocument, source: &Source) -> Option<String> {
        match format {
            StreamFormat::Text => None,
            StreamFormat::Jsonl => {
                let mut s = compact_record(doc, source);
                s.push('\n');
                Some(s)
            }
            // Pretty-printed alone, then indented to its depth in `{"documents": [...]}`:
            // JSON strings hold no raw newline, so every line is indented the same.
            StreamFormat::Json => {
                let pretty =
                    serde_json::to_string_pretty(&record(doc, source)).expect("serializes");
                let mut s = String::with_capacity(pretty.len() + pretty.len() / 8);
                for line in pretty.lines() {
                    s.push_str("    ");
                    s.push_str(line);
                    s.push('\n');
                }
                Some(s)
            }
        }
    }

    /// Appends the next document (in run order) to `out`; `rendered` is what
    /// [`Stream::render`] made of it.
    pub fn push(&mut self, doc: CleanedDocument, rendered: Option<String>, out: &mut String) {
        match self.format {
            StreamFormat::Text => {
                if let Some(first) = self.first.take() {
                    text_one(&first, 0, true, out);
                }
                if self.written == 0 {
                    self.first = Some(doc);
                } else {
                    text_one(&doc, self.written, true, out);
                }
            }
            StreamFormat::Json => {
                out.push_str(if self.written == 0 {
                    "{\n  \"documents\": [\n"
                } else {
                    ",\n"
                });
                let body = rendered.expect("rendered for JSON");
                // The record's closing brace takes the separator, not a newline.
                out.push_str(body.strip_suffix('\n').unwrap_or(&body));
            }
            StreamFormat::Jsonl => out.push_str(&rendered.expect("rendered for JSON Lines")),
        }
        self.written += 1;
    }

    /// What ends the body once every document is pushed.
    pub fn finish(&mut self, out: &mut String) {
        match self.format {
            StreamFormat::Text => {
                if let Some(first) = self.first.take() {
                    text_one(&first, 0, false, out);
                }
            }
            StreamFormat::Json if self.written == 0 => out.push_str("{\n  \"documents\": []\n}\n"),
            StreamFormat::Json => out.push_str("\n  ]\n}\n"),
            StreamFormat::Jsonl => {}
        }
    }
}

/// Document `n` of the run as [`text`] writes it; `headers` when the run has several.
fn text_one(doc: &CleanedDocument, n: usize, headers: bool, out: &mut String) {
    if headers {
        if n > 0 {
            out.push('\n');
        }
        out.push_str(&format!("==> {} <==\n", doc.source));
    }
    out.push_str(&doc.text);
    if !doc.text.is_empty() {
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Source;
    use crate::normalize::{clean, CleanOptions};

    /// Issue 19: the streamed body is byte for byte the body of the whole run,
    /// for no, one and several documents, whatever the batches.
    #[test]
    fn stream_writes_the_whole_body() {
        let texts = [
            "新华社北京6月9日电 国家主席。\n\n第二段。",
            "",
            "（记者 魏玉坤）“引号”",
        ];
        let sources: Vec<Source> = texts
            .iter()
            .enumerate()
            .map(|(n, t)| Source::from_utf8_text(&format!("d{n}"), &format!("d{n}.txt"), t))
            .collect();
        let docs: Vec<CleanedDocument> = sources
            .iter()
            .map(|s| CleanedDocument::new(s, clean(s, &CleanOptions::default()), false))
            .collect();
        for n in 0..=docs.len() {
            let (docs, sources) = (&docs[..n], &sources[..n]);
            let refs: Vec<&Source> = sources.iter().collect();
            for (format, want) in [
                (StreamFormat::Text, text(docs)),
                (StreamFormat::Json, json(docs, &refs)),
                (StreamFormat::Jsonl, jsonl(docs, &refs)),
            ] {
                let mut stream = Stream::new(format);
                let mut out = String::new();
                for (d, s) in docs.iter().zip(sources) {
                    stream.push(d.clone(), Stream::render(format, d, s), &mut out);
                }
                stream.finish(&mut out);
                assert_eq!(out, want, "{format:?} of {n} documents");
            }
        }
    }

    /// The compact writer makes `record`'s bytes whether the record has `text` or
    /// `reprint` already, where they stand, and with or without a map.
    #[test]
    fn compact_record_is_the_value_record() {
        let records = [
            r#"{"id":"a","text":"新华社北京6月9日电 国家主席。\n\n（记者 魏玉坤）","n":1.5}"#,
            r#"{"reprint":{"x":1},"text":"第一段","z":[1,"二",null]}"#,
            r#"{"title":"\"引\"","body":"x","text":"","reprint":true}"#,
            r#"{"text":"上接第一版 正文"}"#,
        ];
        for (n, line) in records.iter().enumerate() {
            let fields: Map<String, Value> = serde_json::from_str(line).unwrap();
            let text = fields["text"].as_str().unwrap().to_string();
            let mut source = Source::from_utf8_text(&format!("r{n}"), "in.jsonl:1", &text);
            let mut without = fields.clone();
            without.shift_remove("text");
            for fields in [fields, without] {
                source.record = Some(fields);
                for map in [false, true] {
                    let doc = CleanedDocument::new(
                        &source,
                        clean(&source, &CleanOptions::default()),
                        map,
                    );
                    assert_eq!(
                        compact_record(&doc, &source),
                        record(&doc, &source).to_string()
                    );
                }
            }
            source.record = None;
            let doc = CleanedDocument::new(&source, clean(&source, &CleanOptions::default()), true);
            assert_eq!(
                compact_record(&doc, &source),
                record(&doc, &source).to_string()
            );
        }
    }
}
