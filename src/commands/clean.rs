//! `reprint clean`: decode, clean and write every input.

use crate::error::{Error, Outcome};
use crate::input::{self, InputError, InputFormat, InputOptions};
use crate::model::{CleanedDocument, Source, Stats};
use crate::normalize::{clean, CleanOptions};
use crate::output::{check_output_dir, relative_name, with_extension, write_atomic};
use crate::progress;
use crate::render;
use crate::render::clean::{Stream, StreamFormat};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Jsonl,
}

#[derive(Debug, Clone)]
pub struct CleanConfig {
    pub paths: Vec<String>,
    pub input: InputOptions,
    pub clean: CleanOptions,
    pub format: Format,
    pub out_dir: Option<PathBuf>,
    /// Include the per-char source map in JSON output.
    pub with_map: bool,
    pub stats: super::StatsMode,
}

pub fn run(cfg: &CleanConfig, stdout: &mut dyn Write) -> Result<Outcome, Error> {
    if let Some(dir) = &cfg.out_dir {
        return run_to_dir(cfg, dir);
    }
    let format = match cfg.format {
        Format::Text => StreamFormat::Text,
        Format::Json => StreamFormat::Json,
        Format::Jsonl => StreamFormat::Jsonl,
    };
    let mut stream = Stream::new(format);
    let mut laps = Laps::default();
    let bar = progress::counter("cleaning records");
    // A failed write (a closed pipe) ends the output; the rest is only read.
    let mut failed: Option<std::io::Error> = None;
    let mut out = String::new();
    let mut t = Instant::now();
    let loaded = input::load_each(&cfg.paths, &cfg.input, |batch| {
        laps.read += t.elapsed().as_secs_f64();
        laps.inputs += batch.len() as u64;
        laps.bytes += batch.iter().map(|s| s.text.len() as u64).sum::<u64>();
        if failed.is_some() {
            t = Instant::now();
            return;
        }
        let c = Instant::now();
        let docs: Vec<(CleanedDocument, Option<String>)> = batch
            .par_iter()
            .map(|s| {
                let doc = CleanedDocument::new(s, clean(s, &cfg.clean), cfg.with_map);
                let rendered = Stream::render(format, &doc, s);
                (doc, rendered)
            })
            .collect();
        drop(batch);
        laps.clean += c.elapsed().as_secs_f64();
        let w = Instant::now();
        out.clear();
        for (doc, rendered) in docs {
            stream.push(doc, rendered, &mut out);
        }
        if let Err(e) = stdout.write_all(out.as_bytes()) {
            failed = Some(e);
        }
        laps.write += w.elapsed().as_secs_f64();
        bar.set_position(laps.inputs);
        t = Instant::now();
    });
    bar.finish_and_clear();
    if let Some(e) = failed {
        return Err(e.into());
    }
    let w = Instant::now();
    out.clear();
    stream.finish(&mut out);
    stdout.write_all(out.as_bytes())?;
    stdout.flush()?;
    laps.write += w.elapsed().as_secs_f64();
    cfg.stats.print(&laps.stats());
    Ok(super::outcome_of(&loaded))
}

/// Time spent in each stage of the streamed pipeline, summed over its batches.
#[derive(Default)]
struct Laps {
    read: f64,
    clean: f64,
    write: f64,
    inputs: u64,
    bytes: u64,
}

impl Laps {
    fn stats(&self) -> Stats {
        let n = self.inputs;
        let mut stats = Stats {
            bytes: self.bytes,
            ..Stats::default()
        };
        stats.push(
            "read",
            self.read,
            format!("{n} inputs"),
            vec![("inputs", n)],
        );
        stats.push("clean", self.clean, String::new(), Vec::new());
        stats.push("write", self.write, String::new(), Vec::new());
        stats
    }
}

fn clean_all(cfg: &CleanConfig, sources: &[Source]) -> Vec<CleanedDocument> {
    sources
        .par_iter()
        .map(|s| CleanedDocument::new(s, clean(s, &cfg.clean), cfg.with_map))
        .collect()
}

/// `-o DIR`: inputs are read, cleaned and written a batch at a time.
fn run_to_dir(cfg: &CleanConfig, dir: &Path) -> Result<Outcome, Error> {
    check_output_dir(dir, &cfg.paths).map_err(Error::Usage)?;
    let (found, errors) = input::expand_paths(&cfg.paths);
    let mut outcome = Outcome {
        skipped: errors.iter().map(ToString::to_string).collect(),
        ..Outcome::default()
    };
    let mut owner = BTreeMap::new();
    let mut stats = crate::model::Stats::default();
    let t = std::time::Instant::now();
    for batch in input::batches(&found) {
        let loaded = input::load_found(batch, &cfg.input);
        stats.bytes += loaded
            .sources
            .iter()
            .map(|s| s.text.len() as u64)
            .sum::<u64>();
        outcome
            .skipped
            .extend(loaded.errors.iter().map(ToString::to_string));
        outcome
            .warnings
            .extend(loaded.warnings.iter().map(ToString::to_string));
        let docs = clean_all(cfg, &loaded.sources);
        let sources: Vec<&Source> = loaded.sources.iter().collect();
        write_files(cfg, dir, &docs, &sources, &mut owner, &mut outcome)?;
    }
    // Batches read, clean and write in turn: one stage.
    stats.stage("clean", t, String::new(), Vec::new());
    cfg.stats.print(&stats);
    Ok(outcome)
}

/// One output file per input file, under the same relative name.
fn write_files(
    cfg: &CleanConfig,
    dir: &Path,
    docs: &[CleanedDocument],
    sources: &[&Source],
    owner: &mut BTreeMap<PathBuf, String>,
    outcome: &mut Outcome,
) -> Result<(), Error> {
    let jsonl_input = matches!(cfg.input.format, InputFormat::Jsonl);
    // Records of one JSON Lines file go back into one file.
    let mut files: BTreeMap<PathBuf, String> = BTreeMap::new();
    // `owner` says which input each output file belongs to (across batches):
    // `a/x.txt` and `b/x.txt` given as files (or under two directory arguments)
    // both map to `x.txt`, and appending the second to the first would corrupt both.
    let mut order: Vec<PathBuf> = Vec::new();
    for (doc, src) in docs.iter().zip(sources) {
        let file_path = if jsonl_input {
            src.path
                .rsplit_once(':')
                .map_or(src.path.as_str(), |(p, _)| p)
        } else {
            src.path.as_str()
        };
        let rel = relative_name(file_path, &cfg.paths);
        let (rel, body) = match (jsonl_input, cfg.format) {
            (true, _) | (false, Format::Jsonl) => (
                with_extension(&rel, "jsonl", jsonl_input),
                format!("{}\n", render::clean::record(doc, src)),
            ),
            (false, Format::Json) => (
                with_extension(&rel, "json", false),
                render::clean::json(std::slice::from_ref(doc), &[*src]),
            ),
            (false, Format::Text) => (rel, render::clean::text(std::slice::from_ref(doc))),
        };
        let target = dir.join(&rel);
        match owner.get(&target) {
            Some(first) if first != file_path => {
                let reason = format!(
                    "skipped: its output {} is already the output of {first}",
                    target.display()
                );
                outcome
                    .skipped
                    .push(InputError::new(file_path, None, reason).to_string());
                continue;
            }
            Some(_) => {}
            None => {
                owner.insert(target.clone(), file_path.to_string());
                order.push(target.clone());
            }
        }
        files.entry(target).or_default().push_str(&body);
    }
    for target in order {
        if let Err(e) = write_atomic(&target, files[&target].as_bytes()) {
            outcome
                .skipped
                .push(format!("{}: cannot write: {e}", target.display()));
        }
    }
    Ok(())
}
