//! `reprint scan` output: a report for people, one JSON document, or typed JSON Lines records.

use crate::commands::scan::ScanStats;
use crate::model::{Relation, ScanResult};
use rayon::prelude::*;
use serde_json::json;
use std::fmt::Write as _;

fn relation_word(r: Relation) -> &'static str {
    match r {
        Relation::Duplicate => "duplicate",
        Relation::Contains => "contains",
        Relation::ContainedIn => "contained_in",
        Relation::Overlap => "overlap",
    }
}

pub fn text(r: &ScanResult) -> String {
    let title = |id: &str| {
        r.documents
            .iter()
            .find(|d| d.id == id)
            .and_then(|d| d.title.clone())
            .unwrap_or_else(|| "(untitled)".into())
    };
    let mut out = String::new();
    for c in &r.clusters {
        out.push_str(&format!("cluster {} ({} copies)\n", c.id, c.members.len()));
        for m in &c.members {
            out.push_str(&format!("  {m}  {}\n", title(m)));
        }
    }
    if !r.clusters.is_empty() {
        out.push('\n');
    }
    for p in &r.pairs {
        out.push_str(&format!(
            "{} {} {}  similarity {:.2}, {} shared chars in {} passage(s)\n  a: {}\n  b: {}\n",
            p.a,
            relation_word(p.relation),
            p.b,
            p.similarity,
            p.shared_chars,
            p.spans.len(),
            title(&p.a),
            title(&p.b)
        ));
    }
    for n in &r.notes {
        out.push_str(&format!("note: {n}\n"));
    }
    out.push_str(&format!(
        "{} documents, {} pairs, {} clusters\n",
        r.documents.len(),
        r.pairs.len(),
        r.clusters.len()
    ));
    out
}

pub fn json(r: &ScanResult) -> String {
    let mut s = serde_json::to_string_pretty(r).expect("result serializes");
    s.push('\n');
    s
}

/// A record with its `type` first, serialized straight from the model.
#[derive(serde::Serialize)]
struct Tagged<'a, T> {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(flatten)]
    record: &'a T,
}

/// Typed JSON lines, rendered in parallel (a large scan has a million of them).
pub fn jsonl(r: &ScanResult) -> String {
    fn lines<T: serde::Serialize + Sync>(kind: &'static str, items: &[T]) -> Vec<String> {
        items
            .par_iter()
            .map(|record| {
                let mut s = serde_json::to_string(&Tagged { kind, record }).expect("serializes");
                s.push('\n');
                s
            })
            .collect()
    }
    let mut out = String::new();
    for part in [
        lines("document", &r.documents),
        lines("pair", &r.pairs),
        lines("cluster", &r.clusters),
    ] {
        part.iter().for_each(|l| out.push_str(l));
    }
    out.push_str(
        &json!({"type": "summary", "documents": r.documents.len(), "pairs": r.pairs.len(), "clusters": r.clusters.len(), "notes": r.notes})
            .to_string(),
    );
    out.push('\n');
    out
}

/// `--stats`: one line a stage (time, input MB/s at that stage's pace, what
/// it did), then the total.
pub fn stats(s: &ScanStats) -> String {
    let mb = s.bytes as f64 / 1e6;
    let pace = |secs: f64| mb / secs.max(1e-9);
    let mut out = String::new();
    let mut total = 0.0;
    for (name, secs, detail) in &s.stages {
        total += secs;
        let _ = writeln!(
            out,
            "stats: {name:<10} {secs:>8.3} s {:>9.1} MB/s  {detail}",
            pace(*secs)
        );
    }
    let _ = writeln!(
        out,
        "stats: {:<10} {total:>8.3} s {:>9.1} MB/s  {mb:.1} MB of text",
        "total",
        pace(total)
    );
    out
}
