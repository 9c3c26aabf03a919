//! `reprint merge`: one clean document per story; copies merged, everything else cleaned as it is.

use crate::commands::scan::{scan_units, unit_texts, ScanConfig, UnitText};
use crate::diff::{compare, DiffOptions, Text};
use crate::error::{Error, Outcome};
use crate::input::InputOptions;
use crate::merge::{merge, Evidence, MergeOptions, Witness};
use crate::model::{MergedDocument, Source, Span};
use crate::output::write_atomic;
use crate::render;
use crate::render::merge::{IndexEntry, WitnessDiff};
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap};
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Jsonl,
}

/// What each story's output document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    Merged,
    First,
    Longest,
}

impl Keep {
    pub fn name(self) -> &'static str {
        match self {
            Keep::Merged => "merged",
            Keep::First => "first",
            Keep::Longest => "longest",
        }
    }
}

#[derive(Debug, Clone)]
pub struct MergeConfig {
    pub input: InputOptions,
    pub scan: ScanConfig,
    pub out_dir: Option<PathBuf>,
    pub format: Format,
    pub keep: Keep,
}

/// Every output document, in the input order of its first unit. Every unit
/// is in exactly one document: as its text, or as a witness of it.
pub fn merge_units(texts: &[UnitText], cfg: &ScanConfig, keep: Keep) -> Vec<MergedDocument> {
    let result = scan_units(texts, cfg);
    let at: HashMap<&str, usize> = texts
        .iter()
        .enumerate()
        .map(|(i, u)| (u.doc.id.as_str(), i))
        .collect();
    let ev = Evidence::new(texts.iter().map(|u| u.text.as_str()));
    let witness = |i: usize| Witness {
        id: &texts[i].doc.id,
        source: &texts[i].doc.source,
        title: texts[i].doc.title.as_deref(),
        text: &texts[i].text,
        map: &texts[i].map,
    };
    let mut groups: Vec<(Option<usize>, Vec<usize>)> = result
        .clusters
        .iter()
        .map(|c| {
            (
                Some(c.id),
                c.members.iter().map(|m| at[m.as_str()]).collect(),
            )
        })
        .collect();
    let clustered: BTreeSet<usize> = groups.iter().flat_map(|g| g.1.clone()).collect();
    groups.extend(
        (0..texts.len())
            .filter(|i| !clustered.contains(i))
            .map(|i| (None, vec![i])),
    );
    groups.sort_by_key(|g| g.1.iter().min().copied());
    let opts = MergeOptions::default();
    groups
        .par_iter()
        .map(|(cluster, members)| {
            let ws: Vec<Witness> = members.iter().map(|&i| witness(i)).collect();
            let mut doc = merge(&ws, &ev, &opts);
            doc.cluster = *cluster;
            let kept = match keep {
                Keep::Merged => None,
                // Members are in id order; "first" is the first read.
                Keep::First => members.iter().min().copied(),
                Keep::Longest => members.iter().copied().find(|&i| texts[i].doc.id == doc.id),
            };
            if let Some(k) = kept {
                let own = merge(&[witness(k)], &ev, &opts);
                let others = doc.witnesses.into_iter().filter(|w| w.id != own.id);
                doc = MergedDocument {
                    witnesses: own.witnesses.into_iter().chain(others).collect(),
                    notes: Vec::new(),
                    cluster: *cluster,
                    ..own
                };
            }
            doc
        })
        .collect()
}

/// A file name for an id (`001_x#3` → `001_x_3`): ids may hold anything.
fn file_stem(id: &str) -> String {
    let s: String = id
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let s = s.trim_start_matches('.').to_string();
    if s.is_empty() {
        "doc".to_string()
    } else {
        s
    }
}

/// Unique file stems, in document order (`a_1`, then `a_1-2` for a clash).
fn file_stems<'a>(ids: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut used: HashMap<String, usize> = HashMap::new();
    ids.map(|id| {
        let stem = file_stem(id);
        let n = used.entry(stem.clone()).or_default();
        *n += 1;
        if *n == 1 {
            stem
        } else {
            format!("{stem}-{n}")
        }
    })
    .collect()
}

/// The merged text as a diff side: each char's span is its provenance run's.
fn merged_text(doc: &MergedDocument) -> Text {
    let mut map: Vec<Span> = Vec::new();
    for p in &doc.provenance {
        map.extend(std::iter::repeat_n(p.source, p.end - p.start));
    }
    Text {
        name: format!("merged/{}", doc.id),
        source: doc.id.clone(),
        text: doc.text.clone(),
        map,
    }
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
    let (loaded, mut outcome) = super::load(&cfg.scan.paths, &cfg.input, cfg.out_dir.as_ref())?;
    let texts = unit_texts(&loaded.sources, &cfg.scan);
    let docs = merge_units(&texts, &cfg.scan, cfg.keep);
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
                    let records = records_by_id(&loaded.sources, &texts);
                    render::merge::jsonl(&docs, &records, cfg.keep)
                }
            };
            stdout.write_all(body.as_bytes())?;
            stdout.flush()?;
        }
    }
    Ok(outcome)
}

/// The input record (other fields of a JSON Lines line) each unit came from.
fn records_by_id<'a>(
    sources: &'a [Source],
    texts: &[UnitText],
) -> HashMap<String, &'a serde_json::Map<String, serde_json::Value>> {
    let by_path: HashMap<&str, &Source> = sources.iter().map(|s| (s.path.as_str(), s)).collect();
    texts
        .iter()
        .filter_map(|u| {
            let s = by_path.get(u.doc.source.as_str())?;
            Some((u.doc.id.clone(), s.record.as_ref()?))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_stems_are_safe_and_unique() {
        let stems = file_stems(["001_x#3", "001_x_3", "../etc", "", "新华社/1"].into_iter());
        assert_eq!(stems, ["001_x_3", "001_x_3-2", "_etc", "doc", "新华社_1"]);
    }
}
