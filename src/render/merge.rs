//! `reprint merge` output: readable text, the `index.json` of an output directory, and JSON Lines records.

use super::record::{key, members, write_json};
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
/// are the kept unit's input record, if it was one. Written straight from
/// the document, byte for byte what building it as a `Value` gives (that
/// copied the text and every field once more).
pub fn jsonl_record(
    doc: &MergedDocument,
    fields: Option<&Map<String, Value>>,
    keep: Keep,
) -> String {
    let witnesses: Vec<&str> = doc.witnesses.iter().map(|w| w.id.as_str()).collect();
    let meta = Meta {
        cluster: doc.cluster,
        keep: keep.name(),
        witnesses: &witnesses,
        removed: &witnesses[1.min(witnesses.len())..],
        decisions: doc.decisions.len(),
        notes: &doc.notes,
    };
    let mut out: Vec<u8> = Vec::with_capacity(doc.text.len() + 256);
    out.push(b'{');
    let none = Map::new();
    if fields.is_none() {
        key(&mut out, "id");
        write_json(&mut out, &doc.id);
        if let Some(t) = &doc.title {
            key(&mut out, "title");
            write_json(&mut out, t);
        }
    }
    members(&mut out, fields.unwrap_or(&none), &doc.text, &meta);
    out.extend_from_slice(b"}\n");
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// What [`jsonl_record`] puts under `reprint`, in its field order.
#[derive(serde::Serialize)]
struct Meta<'a> {
    cluster: Option<usize>,
    keep: &'a str,
    witnesses: &'a [&'a str],
    removed: &'a [&'a str],
    decisions: usize,
    notes: &'a [String],
}

/// [`jsonl_record`] built as a `Value`, as it was: the reference of its test.
#[cfg(test)]
fn jsonl_record_value(
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

    /// The direct writer makes the `Value` route's bytes for records with and
    /// without `text`/`reprint` of their own, and for units that were no record.
    #[test]
    fn jsonl_record_is_the_value_record() {
        let records = [
            r#"{"id":"a","url":"http://x/\"q\"","n":1.5,"z":[1,"二",null]}"#,
            r#"{"reprint":{"x":1},"id":7,"text":"旧"}"#,
            r#"{"title":"\u0001引\n","text":"","k\"ey":true,"reprint":false}"#,
            r#"{}"#,
        ];
        let mut doc = entry("d1", "正文\n\"第二段\"\t").document;
        for (cluster, title, witnesses) in [
            (Some(3), None, 0),
            (None, Some("标题\u{7}"), 1),
            (Some(0), Some(""), 3),
        ] {
            doc.cluster = cluster;
            doc.title = title.map(str::to_string);
            doc.witnesses = (0..witnesses)
                .map(|k| crate::model::WitnessInfo {
                    id: format!("w{k}"),
                    source: "s".into(),
                    base: k == 0,
                    coverage: 1.0,
                })
                .collect();
            for keep in [Keep::Merged, Keep::First, Keep::Longest] {
                assert_eq!(
                    jsonl_record(&doc, None, keep),
                    jsonl_record_value(&doc, None, keep)
                );
                for line in records {
                    let fields: Map<String, Value> = serde_json::from_str(line).unwrap();
                    assert_eq!(
                        jsonl_record(&doc, Some(&fields), keep),
                        jsonl_record_value(&doc, Some(&fields), keep),
                        "{line}"
                    );
                }
            }
        }
    }
}
