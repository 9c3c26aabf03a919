//! `reprint merge`: one clean document per story; copies merged, everything else cleaned as it is.

use crate::commands::scan::ScanConfig;
use crate::diff::{compare, DiffOptions, Text};
use crate::error::{Error, Outcome};
use crate::input::InputOptions;
use crate::merge::{merge_units, merged_text};
use crate::model::merge::{IndexEntry, Keep, WitnessDiff};
use crate::model::MergedDocument;
use crate::output::{file_stem, file_stems, write_atomic};
use crate::render;
use crate::scan::units::unit_texts;
use crate::scan::UnitText;
use rayon::prelude::*;
use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Jsonl,
}

#[derive(Debug, Clone)]
pub struct MergeConfig {
    pub input: InputOptions,
    pub scan: ScanConfig,
    pub out_dir: Option<PathBuf>,
    pub format: Format,
    pub keep: Keep,
}

fn write_dir(
    dir: &std::path::Path,
    docs: Vec<MergedDocument>,
    texts: &[UnitText],
    outcome: &mut Outcome,
) -> Result<(), Error> {
    let by_id: HashMap<&str, &UnitText> = texts.iter().map(|u| (u.doc.id.as_str(), u)).collect();
    let stems = file_stems(docs.iter().map(|d| d.id.as_str()));
    let entries: Vec<(IndexEntry, Vec<(String, String)>)> = docs
        .into_par_iter()
        .zip(stems)
        .map(|(doc, stem)| {
            let file = format!("{stem}.txt");
            let mut files = vec![(file.clone(), render::merge::text(&doc))];
            let merged = merged_text(&doc);
            let mut diffs = Vec::new();
            // A document without copies has nothing to diff against.
            let witnesses = if doc.witnesses.len() > 1 {
                &doc.witnesses[..]
            } else {
                &[]
            };
            for w in witnesses {
                let Some(u) = by_id.get(w.id.as_str()) else {
                    continue;
                };
                let a = Text {
                    name: w.id.clone(),
                    source: u.doc.source.clone(),
                    text: u.text.clone(),
                    map: u.map.clone(),
                };
                let c = compare(a, merged.clone(), &DiffOptions::default());
                let name = format!("{stem}.{}.diff", file_stem(&w.id));
                files.push((name.clone(), render::diff::unified::render(&c)));
                diffs.push(WitnessDiff {
                    witness: w.id.clone(),
                    file: name,
                });
            }
            let entry = IndexEntry {
                file,
                diffs,
                document: doc,
            };
            (entry, files)
        })
        .collect();
    let mut index = Vec::with_capacity(entries.len());
    for (entry, files) in entries {
        for (name, body) in files {
            let target = dir.join(&name);
            if let Err(e) = write_atomic(&target, body.as_bytes()) {
                outcome
                    .skipped
                    .push(format!("{}: cannot write: {e}", target.display()));
            }
        }
        index.push(entry);
    }
    let target = dir.join("index.json");
    write_atomic(&target, render::merge::index(&index).as_bytes()).map_err(|source| Error::Write {
        path: target,
        source,
    })
}

pub fn run(cfg: &MergeConfig, stdout: &mut dyn Write) -> Result<Outcome, Error> {
    let t = std::time::Instant::now();
    let (loaded, mut outcome) = super::load(&cfg.scan.paths, &cfg.input, cfg.out_dir.as_ref())?;
    let (mut stats, t) = super::read_stats(&loaded, t);
    let texts = unit_texts(&loaded.sources, &cfg.scan.scan);
    let t = stats.stage("clean", t, format!("{} units", texts.len()), Vec::new());
    let docs = merge_units(&loaded.sources, &texts, &cfg.scan.scan, cfg.keep);
    let n = docs.len() as u64;
    let t = stats.stage(
        "scan+merge",
        t,
        format!("{n} documents"),
        vec![("documents", n)],
    );
    match &cfg.out_dir {
        Some(dir) => write_dir(dir, docs, &texts, &mut outcome)?,
        None => {
            let body = match cfg.format {
                Format::Text => docs
                    .iter()
                    .map(render::merge::text)
                    .collect::<Vec<_>>()
                    .join("\n"),
                Format::Jsonl => {
                    let records = crate::merge::records_by_id(&loaded.sources, &texts);
                    render::merge::jsonl(&docs, &records, cfg.keep)
                }
            };
            stdout.write_all(body.as_bytes())?;
            stdout.flush()?;
        }
    }
    stats.stage("write", t, String::new(), Vec::new());
    cfg.scan.stats.print(&stats);
    Ok(outcome)
}
