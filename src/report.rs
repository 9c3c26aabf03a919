//! A whole run's report: its scan, each cluster's copies diffed against the longest, overlaps with their passages, template pairs side by side.

use crate::diff::{compare, DiffOptions, Text};
use crate::model::report::{ClusterDiffs, Overlap, Report, Twins, MAX_DIFFS_PER_CLUSTER};
use crate::model::{Pair, Relation, Source, Span};
use crate::scan::units::unit_texts;
use crate::scan::{scan_units, ScanOptions, UnitText};
use rayon::prelude::*;
use std::collections::HashMap;

fn text_of(u: &UnitText) -> Text {
    Text {
        name: u.doc.id.clone(),
        source: u.doc.source.clone(),
        text: u.text.clone(),
        map: u.map.clone(),
    }
}

/// The cleaned text of a unit inside a source byte range.
fn passage(u: &UnitText, span: Span) -> String {
    u.text
        .chars()
        .zip(&u.map)
        .filter(|(_, m)| m[0] >= span[0] && m[1] <= span[1])
        .map(|(c, _)| c)
        .collect()
}

/// Build the report for loaded sources.
pub fn build(sources: &[Source], opts: &ScanOptions, diff: &DiffOptions) -> Report {
    let texts = unit_texts(sources, opts);
    let result = scan_units(sources, &texts, opts);
    let mut by_id: HashMap<&str, &UnitText> = HashMap::new();
    for u in &texts {
        by_id.entry(u.doc.id.as_str()).or_insert(u);
    }
    let chars = |id: &str| {
        result
            .documents
            .iter()
            .find(|d| d.id == id)
            .map_or(0, |d| d.chars)
    };
    let clusters = result
        .clusters
        .iter()
        .map(|cl| {
            // The longest member is the base; the first of equals keeps it deterministic.
            let base = cl.members.iter().fold(&cl.members[0], |best, m| {
                if chars(m) > chars(best) {
                    m
                } else {
                    best
                }
            });
            let others: Vec<&String> = cl.members.iter().filter(|m| *m != base).collect();
            let diffs = others
                .par_iter()
                .take(MAX_DIFFS_PER_CLUSTER)
                .map(|m| {
                    compare(
                        text_of(by_id[base.as_str()]),
                        text_of(by_id[m.as_str()]),
                        diff,
                    )
                })
                .collect();
            ClusterDiffs {
                id: cl.id,
                base: base.clone(),
                diffs,
                not_diffed: others.len().saturating_sub(MAX_DIFFS_PER_CLUSTER),
            }
        })
        .collect();
    let overlaps = result
        .pairs
        .iter()
        .filter(|p| p.relation == Relation::Overlap)
        .map(|p| Overlap {
            pair: p.clone(),
            passages: p
                .spans
                .iter()
                .map(|s| passage(by_id[p.a.as_str()], s.a))
                .collect(),
        })
        .collect();
    let templates: Vec<&Pair> = result
        .pairs
        .iter()
        .filter(|p| p.relation == Relation::Template)
        .collect();
    let templates = templates
        .par_iter()
        .enumerate()
        .map(|(k, p)| Twins {
            pair: (*p).clone(),
            diff: (k < MAX_DIFFS_PER_CLUSTER).then(|| {
                compare(
                    text_of(by_id[p.a.as_str()]),
                    text_of(by_id[p.b.as_str()]),
                    diff,
                )
            }),
        })
        .collect();
    Report {
        scan: result,
        clusters,
        overlaps,
        templates,
    }
}
