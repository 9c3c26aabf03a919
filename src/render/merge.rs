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
        out.push_str(&jsonl_record(doc, records.get(&doc.id).copied(), keep));
    }
    out
}

/// One output document's JSON Lines record (with its line ending): `fields`
/// are the kept unit's input record, if it was one.
pub fn jsonl_record(
    doc: &MergedDocument,
    fields: Option<&Map<String, Value>>,
    keep: Keep,
) -> String {
    let mut record: Map<String, Value> = match fields {
        Some(fields) => fields.clone(),
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
    let mut out = Value::Object(record).to_string();
    out.push('\n');
    out
}

/// `index.json` written an entry at a time, byte for byte what [`index`]
/// gives for all of them: the opening, each entry, then the closing.
pub fn index_start() -> &'static str {
    "{\n  \"documents\": ["
}

/// One entry of [`index_start`]'s list, `first` of them or not.
pub fn index_entry(entry: &IndexEntry, first: bool) -> String {
    let body = serde_json::to_string_pretty(entry).expect("serializes");
    let mut out = String::with_capacity(body.len() + body.len() / 16);
    out.push_str(if first { "\n" } else { ",\n" });
    for (k, line) in body.lines().enumerate() {
        if k > 0 {
            out.push('\n');
        }
        out.push_str("    ");
        out.push_str(line);
    }
    out
}

/// The end of [`index_start`]'s list, after `entries` of them.
pub fn index_end(entries: usize) -> &'static str {
    if entries == 0 {
        "]\n}\n"
    } else {
        "\n  ]\n}\n"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::merge::WitnessDiff;

    fn entry(id: &str, text: &str) -> IndexEntry {
        IndexEntry {
            file: format!("{id}.txt"),
            diffs: vec![WitnessDiff {
                witness: id.into(),
                file: format!("{id}.diff"),
            }],
            document: MergedDocument {
                id: id.into(),
                cluster: Some(3),
                title: None,
                text: text.into(),
                witnesses: Vec::new(),
                decisions: Vec::new(),
                provenance: Vec::new(),
                notes: vec!["a\nb".into()],
            },
        }
    }

    #[test]
    fn index_written_entry_by_entry_is_the_whole_index() {
        for n in 0..3 {
            let entries: Vec<IndexEntry> = (0..n)
                .map(|k| entry(&k.to_string(), "正文\n第二段"))
                .collect();
            let mut streamed = index_start().to_string();
            for (k, e) in entries.iter().enumerate() {
                streamed.push_str(&index_entry(e, k == 0));
            }
            streamed.push_str(index_end(entries.len()));
            assert_eq!(streamed, index(&entries), "{n} entries");
        }
    }
}
