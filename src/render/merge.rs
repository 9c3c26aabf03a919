//! `reprint merge` output: readable text, the `index.json` of an output directory, and JSON Lines records.

use crate::model::merge::{IndexEntry, Keep};
use crate::model::MergedDocument;
use serde_json::{json, Map, Value};
use std::collections::HashMap;

/// The headline, then the text (whole files and records carry their
/// headline as their first line already: it is printed once).
pub fn text(doc: &MergedDocument) -> String {
    match &doc.title {
        Some(t) if !doc.text.starts_with(t.as_str()) => format!("{t}\n\n{}\n", doc.text),
        _ => format!("{}\n", doc.text),
    }
}

pub fn index(entries: &[IndexEntry]) -> String {
    let mut s = serde_json::to_string_pretty(&json!({ "documents": entries })).expect("serializes");
    s.push('\n');
    s
}

/// One record per output document: the kept record's own fields, `text`
/// replaced, and what `reprint` did under `reprint`.
pub fn jsonl(
    docs: &[MergedDocument],
    records: &HashMap<String, &Map<String, Value>>,
    keep: Keep,
) -> String {
    let mut out = String::new();
    for doc in docs {
        let mut record: Map<String, Value> = match records.get(&doc.id) {
            Some(fields) => (*fields).clone(),
            None => {
                let mut m = Map::new();
                m.insert("id".into(), json!(doc.id));
                if let Some(t) = &doc.title {
                    m.insert("title".into(), json!(t));
                }
                m
            }
        };
        record.insert("text".into(), json!(doc.text));
        let witnesses: Vec<&str> = doc.witnesses.iter().map(|w| w.id.as_str()).collect();
        record.insert(
            "reprint".into(),
            json!({
                "cluster": doc.cluster,
                "keep": keep.name(),
                "witnesses": witnesses,
                "removed": &witnesses[1.min(witnesses.len())..],
                "decisions": doc.decisions.len(),
                "notes": doc.notes,
            }),
        );
        out.push_str(&Value::Object(record).to_string());
        out.push('\n');
    }
    out
}
