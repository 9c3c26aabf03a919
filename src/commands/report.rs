//! `reprint report`: scan the inputs, diff every cluster's copies against its longest and every template pair, write one HTML page.

use crate::commands::scan::{scan_units, unit_texts, ScanConfig, UnitText};
use crate::diff::{compare, Comparison, DiffOptions, Text};
use crate::error::{Error, Outcome};
use crate::model::{Pair, Relation, ScanResult, Span};
use crate::output::{check_output_file, write_atomic};
use crate::render;
use rayon::prelude::*;
use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Clone)]
pub struct ReportConfig {
    pub scan: ScanConfig,
    /// The HTML file to write.
    pub output: PathBuf,
    pub diff: DiffOptions,
}

/// Most members of one cluster diffed on the page: a story copied ten
/// thousand times would make a page no browser opens.
pub const MAX_DIFFS_PER_CLUSTER: usize = 50;

/// A cluster: its longest member first, then each other member's diff against it.
pub struct ClusterDiffs {
    pub id: usize,
    pub base: String,
    pub diffs: Vec<Comparison>,
    /// Members past [`MAX_DIFFS_PER_CLUSTER`], listed but not diffed.
    pub not_diffed: usize,
}

/// An `overlap` pair with the text of each shared passage (as in `a`).
pub struct Overlap {
    pub pair: Pair,
    pub passages: Vec<String>,
}

/// A `template` pair: its slots (in the pair), and the two texts diffed
/// side by side, for the first [`MAX_DIFFS_PER_CLUSTER`] pairs.
pub struct Twins {
    pub pair: Pair,
    pub diff: Option<Comparison>,
}

/// Everything the report page shows.
pub struct Report {
    pub scan: ScanResult,
    pub clusters: Vec<ClusterDiffs>,
    pub overlaps: Vec<Overlap>,
    pub templates: Vec<Twins>,
}

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
pub fn build(sources: &[crate::model::Source], cfg: &ReportConfig) -> Report {
    let texts = unit_texts(sources, &cfg.scan);
    let result = scan_units(&texts, &cfg.scan);
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
                        &cfg.diff,
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
                    &cfg.diff,
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

pub fn run(cfg: &ReportConfig, stdout: &mut dyn Write) -> Result<Outcome, Error> {
    check_output_file(&cfg.output, &cfg.scan.paths).map_err(Error::Usage)?;
    let (loaded, outcome) = super::load(&cfg.scan.paths, &cfg.scan.input, None)?;
    let report = build(&loaded.sources, cfg);
    let page = render::report::html(&report);
    write_atomic(&cfg.output, page.as_bytes()).map_err(|e| Error::Write {
        path: cfg.output.clone(),
        source: e,
    })?;
    for c in &report.clusters {
        for d in &c.diffs {
            if let Some(note) = &d.report.note {
                eprintln!("reprint: note: {} / {}: {note}", d.report.a, d.report.b);
            }
        }
    }
    writeln!(
        stdout,
        "wrote {}: {} documents, {} clusters, {} overlaps{}",
        cfg.output.display(),
        report.scan.documents.len(),
        report.clusters.len(),
        report.overlaps.len(),
        match report.templates.len() {
            0 => String::new(),
            n => format!(", {n} template pairs"),
        }
    )?;
    Ok(outcome)
}
