//! `reprint scan` output: a report for people, one JSON document, or typed JSON Lines records.

use crate::model::{Relation, ScanResult, Slot};
use rayon::prelude::*;
use serde_json::json;
use std::io::{self, Write};

fn relation_word(r: Relation) -> &'static str {
    match r {
        Relation::Duplicate => "duplicate",
        Relation::Contains => "contains",
        Relation::ContainedIn => "contained_in",
        Relation::Overlap => "overlap",
        Relation::Template => "template",
    }
}

/// A report for people: clusters with their members' titles, then pairs.
pub fn text(r: &ScanResult, out: &mut dyn Write) -> io::Result<()> {
    let titles: std::collections::HashMap<&str, &str> = r
        .documents
        .iter()
        .filter_map(|d| Some((d.id.as_str(), d.title.as_deref()?)))
        .collect();
    let title = |id: &str| titles.get(id).copied().unwrap_or("(untitled)");
    for c in &r.clusters {
        writeln!(out, "cluster {} ({} copies)", c.id, c.members.len())?;
        for m in &c.members {
            writeln!(out, "  {m}  {}", title(m))?;
        }
    }
    if !r.clusters.is_empty() {
        writeln!(out)?;
    }
    for p in &r.pairs {
        writeln!(
            out,
            "{} {} {}  similarity {:.2}, {} shared chars in {} passage(s)\n  a: {}\n  b: {}",
            p.a,
            relation_word(p.relation),
            p.b,
            p.similarity,
            p.shared_chars,
            p.spans.len(),
            title(&p.a),
            title(&p.b)
        )?;
        if !p.slots.is_empty() {
            writeln!(out, "  slots: {}", slot_list(&p.slots))?;
        }
    }
    for n in &r.notes {
        writeln!(out, "note: {n}")?;
    }
    writeln!(
        out,
        "{} documents, {} pairs, {} clusters",
        r.documents.len(),
        r.pairs.len(),
        r.clusters.len()
    )
}

/// Template slots for people: each replacement once, in order of its first
/// place, with how often it recurs (`土耳其→墨西哥 ×4, 2月6日→9月8日`).
pub fn slot_list(slots: &[Slot]) -> String {
    let mut seen: Vec<(&str, &str, usize)> = Vec::new();
    for s in slots {
        match seen.iter_mut().find(|x| x.0 == s.a && x.1 == s.b) {
            Some(x) => x.2 += 1,
            None => seen.push((&s.a, &s.b, 1)),
        }
    }
    seen.iter()
        .map(|&(a, b, n)| match n {
            1 => format!("{a}→{b}"),
            _ => format!("{a}→{b} ×{n}"),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The whole result as one pretty-printed JSON document.
pub fn json(r: &ScanResult, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, r)?;
    writeln!(out)
}

/// A record with its `type` first, serialized straight from the model.
#[derive(serde::Serialize)]
struct Tagged<'a, T> {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(flatten)]
    record: &'a T,
}

/// Records rendered in parallel a slice at a time: a large scan has millions
/// of them, and the output is never held whole.
const RECORDS_AT_ONCE: usize = 16_384;

/// Typed JSON lines: documents, pairs, clusters, then a summary.
pub fn jsonl(r: &ScanResult, out: &mut dyn Write) -> io::Result<()> {
    fn lines<T: serde::Serialize + Sync>(
        kind: &'static str,
        items: &[T],
        out: &mut dyn Write,
    ) -> io::Result<()> {
        for part in items.chunks(RECORDS_AT_ONCE) {
            let text: Vec<Vec<u8>> = part
                .par_iter()
                .map(|record| {
                    let mut s = serde_json::to_vec(&Tagged { kind, record }).expect("serializes");
                    s.push(b'\n');
                    s
                })
                .collect();
            text.iter().try_for_each(|l| out.write_all(l))?;
        }
        Ok(())
    }
    lines("document", &r.documents, out)?;
    lines("pair", &r.pairs, out)?;
    lines("cluster", &r.clusters, out)?;
    let summary = json!({"type": "summary", "documents": r.documents.len(), "pairs": r.pairs.len(), "clusters": r.clusters.len(), "notes": r.notes});
    writeln!(out, "{summary}")
}
