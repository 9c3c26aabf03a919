//! `reprint clean` output: plain text, one JSON document, or JSON Lines.

use crate::model::{CleanedDocument, Source};
use serde_json::{json, Map, Value};

/// The cleaned text as a person reads it; several inputs get a `==> source <==` header each.
pub fn text(docs: &[CleanedDocument]) -> String {
    let mut out = String::new();
    for (n, doc) in docs.iter().enumerate() {
        if docs.len() > 1 {
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
