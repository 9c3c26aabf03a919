//! `reprint merge -o DIR`: each document as a text file, a diff per copy, and `index.json`.

use crate::diff::{compare, DiffOptions, Text};
use crate::error::{Error, Outcome};
use crate::merge::{merged_text, Document, Render, Sink};
use crate::model::merge::{IndexEntry, WitnessDiff};
use crate::model::MergedDocument;
use crate::output::{file_stem, write_atomic, Stems};
use crate::render;
use crate::scan::UnitText;
use std::collections::HashMap;
use std::path::Path;

/// Documents as files under `-o DIR`: each text, a diff per copy, and `index.json`.
pub(super) struct Dir<'a> {
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
                let lines = crate::diff::paragraphs(&c);
                diffs.push((w.id.clone(), render::diff::unified::render(&c, &lines)));
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

impl<'a> Dir<'a> {
    pub(super) fn new(dir: &'a Path) -> Dir<'a> {
        Dir {
            dir,
            stems: Stems::default(),
            index: render::merge::index_start().to_string(),
            entries: 0,
            skipped: Vec::new(),
        }
    }

    /// Writes `index.json` once every document is out; files that could not be written go into `outcome`.
    pub(super) fn finish(mut self, outcome: &mut Outcome) -> Result<(), Error> {
        outcome.skipped.append(&mut self.skipped);
        self.index.push_str(render::merge::index_end(self.entries));
        let target = self.dir.join("index.json");
        write_atomic(&target, self.index.as_bytes()).map_err(|source| Error::Write {
            path: target,
            source,
        })
    }
}
