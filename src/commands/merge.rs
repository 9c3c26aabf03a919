//! `reprint merge`: one clean document per story; copies merged, everything else cleaned as it is.

use crate::commands::scan::ScanConfig;
use crate::diff::{compare, DiffOptions, Text};
use crate::error::{Error, Outcome};
use crate::input::InputOptions;
use crate::merge::{merge_stream, merge_units, merged_text, Document, Render, Sink};
use crate::model::merge::{IndexEntry, Keep, WitnessDiff};
use crate::model::MergedDocument;
use crate::output::{check_output_dir, file_stem, write_atomic, Stems};
use crate::render;
use crate::scan::units::unit_texts;
use crate::scan::{Unit, UnitText};
use rayon::prelude::*;
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

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

/// Documents as text or JSON Lines on stdout.
struct Stdout<'a> {
    out: std::io::BufWriter<&'a mut dyn Write>,
    lines: Lines,
    first: bool,
}

struct Lines {
    format: Format,
    keep: Keep,
}

impl Render for Lines {
    fn render(&self, d: &Document) -> Vec<u8> {
        match self.format {
            Format::Text => render::merge::text(&d.doc).into_bytes(),
            Format::Jsonl => render::merge::jsonl_record(&d.doc, d.record, self.keep).into_bytes(),
        }
    }
}

impl Sink for Stdout<'_> {
    fn renderer(&self) -> &dyn Render {
        &self.lines
    }

    fn emit(&mut self, item: &[u8]) -> std::io::Result<()> {
        let format = self.lines.format;
        // Text documents are set apart by a blank line.
        if format == Format::Text && !std::mem::take(&mut self.first) {
            self.out.write_all(b"\n")?;
        }
        self.out.write_all(item)
    }
}

/// Documents as files under `-o DIR`: each text, a diff per copy, and `index.json`.
struct Dir<'a> {
    dir: &'a Path,
    stems: Stems,
    index: String,
    entries: usize,
    skipped: Vec<String>,
}

/// Each document with its diffs, for [`Dir`].
struct Files;

impl Sink for Dir<'_> {
    fn renderer(&self) -> &dyn Render {
        &Files
    }

    fn emit(&mut self, item: &[u8]) -> std::io::Result<()> {
        let (mut doc, diffs, bits): (MergedDocument, Vec<(String, String)>, Vec<u64>) =
            serde_json::from_slice(item).map_err(std::io::Error::other)?;
        for (w, b) in doc.witnesses.iter_mut().zip(bits) {
            w.coverage = f64::from_bits(b);
        }
        let stem = self.stems.next(&doc.id);
        let file = format!("{stem}.txt");
        let mut files = vec![(file.clone(), render::merge::text(&doc))];
        let mut witness_diffs = Vec::with_capacity(diffs.len());
        for (witness, body) in diffs {
            let name = format!("{stem}.{}.diff", file_stem(&witness));
            files.push((name.clone(), body));
            witness_diffs.push(WitnessDiff {
                witness,
                file: name,
            });
        }
        for (name, body) in files {
            let target = self.dir.join(&name);
            if let Err(e) = write_atomic(&target, body.as_bytes()) {
                self.skipped
                    .push(format!("{}: cannot write: {e}", target.display()));
            }
        }
        let entry = IndexEntry {
            file,
            diffs: witness_diffs,
            document: doc,
        };
        let first = self.entries == 0;
        self.index
            .push_str(&render::merge::index_entry(&entry, first));
        self.entries += 1;
        Ok(())
    }
}

impl Render for Files {
    /// The document and each witness's diff against it; named when emitted,
    /// as names depend on the documents before.
    fn render(&self, d: &Document) -> Vec<u8> {
        let by_id: HashMap<&str, &UnitText> =
            d.witnesses.iter().map(|u| (u.doc.id.as_str(), u)).collect();
        let merged = merged_text(&d.doc);
        let mut diffs: Vec<(String, String)> = Vec::new();
        // A document without copies has nothing to diff against.
        if d.doc.witnesses.len() > 1 {
            for w in &d.doc.witnesses {
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
                diffs.push((w.id.clone(), render::diff::unified::render(&c)));
            }
        }
        // Floats exactly: serde_json's parser may miss the last bit.
        let bits: Vec<u64> = d
            .doc
            .witnesses
            .iter()
            .map(|w| w.coverage.to_bits())
            .collect();
        serde_json::to_vec(&(&d.doc, diffs, bits)).expect("serializes")
    }
}

/// Articles cut out of text pages need the whole run at once (`split` scores
/// junctions against every page): loaded, merged, then handed to `sink`.
fn merge_loaded(
    cfg: &MergeConfig,
    sink: &mut dyn Sink,
) -> Result<(Outcome, crate::model::Stats), Error> {
    let t = std::time::Instant::now();
    let (loaded, outcome) = super::load(&cfg.scan.paths, &cfg.input, None)?;
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
    let records = crate::merge::records_by_id(&loaded.sources, &texts);
    let by_id: HashMap<&str, &UnitText> = texts.iter().map(|u| (u.doc.id.as_str(), u)).collect();
    let shared: &dyn Render = sink.renderer();
    let rendered: Vec<Vec<u8>> = docs
        .into_par_iter()
        .map(|doc| {
            let witnesses: Vec<UnitText> = doc
                .witnesses
                .iter()
                .filter_map(|w| by_id.get(w.id.as_str()).map(|u| (*u).clone()))
                .collect();
            let record = records.get(&doc.id).copied();
            shared.render(&Document {
                doc,
                witnesses: &witnesses,
                record,
            })
        })
        .collect();
    for item in rendered {
        sink.emit(&item)?;
    }
    stats.stage("write", t, String::new(), Vec::new());
    Ok((outcome, stats))
}

pub fn run(cfg: &MergeConfig, stdout: &mut dyn Write) -> Result<Outcome, Error> {
    if let Some(dir) = &cfg.out_dir {
        check_output_dir(dir, &cfg.scan.paths).map_err(Error::Usage)?;
    }
    // Whole files and records stream: memory grows with the clusters, not the input.
    let streamed = cfg.scan.scan.unit == Unit::File;
    let go = |sink: &mut dyn Sink| {
        if streamed {
            merge_stream(&cfg.scan.paths, &cfg.input, &cfg.scan.scan, cfg.keep, sink)
        } else {
            merge_loaded(cfg, sink)
        }
    };
    let (mut outcome, stats) = match &cfg.out_dir {
        Some(dir) => {
            let mut sink = Dir {
                dir,
                stems: Stems::default(),
                index: render::merge::index_start().to_string(),
                entries: 0,
                skipped: Vec::new(),
            };
            let (mut outcome, stats) = go(&mut sink)?;
            outcome.skipped.append(&mut sink.skipped);
            sink.index.push_str(render::merge::index_end(sink.entries));
            let target = dir.join("index.json");
            write_atomic(&target, sink.index.as_bytes()).map_err(|source| Error::Write {
                path: target,
                source,
            })?;
            (outcome, stats)
        }
        None => {
            let mut sink = Stdout {
                out: std::io::BufWriter::with_capacity(1 << 16, stdout),
                lines: Lines {
                    format: cfg.format,
                    keep: cfg.keep,
                },
                first: true,
            };
            let r = go(&mut sink)?;
            sink.out.flush()?;
            r
        }
    };
    outcome.findings = false;
    cfg.scan.stats.print(&stats);
    Ok(outcome)
}
