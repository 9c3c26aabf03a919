//! `reprint clean`: decode, clean and write every input.

use crate::error::{Error, Outcome};
use crate::input::{self, InputError, InputFormat, InputOptions};
use crate::model::{CleanedDocument, Source, Stats};
use crate::normalize::stream::{clean_batches, clean_each};
use crate::normalize::CleanOptions;
use crate::output::{check_output_dir, relative_name, with_extension, write_atomic, Owners};
use crate::render;
use crate::render::clean::{Stream, StreamFormat};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Text files over this size are read, cleaned and written in pieces of about this size
/// (cleaning holds about 20 bytes a byte, times the pieces cleaned at once: a thread's, at most 4).
const PIECE_BYTES: u64 = 4 << 20;

#[derive(Debug, Clone)]
pub struct CleanConfig {
    pub paths: Vec<String>,
    pub input: InputOptions,
    pub clean: CleanOptions,
    pub format: StreamFormat,
    pub out_dir: Option<PathBuf>,
    /// Include the per-char source map in JSON output.
    pub with_map: bool,
    pub stats: super::StatsMode,
}

pub fn run(cfg: &CleanConfig, stdout: &mut dyn Write) -> Result<Outcome, Error> {
    if let Some(dir) = &cfg.out_dir {
        return run_to_dir(cfg, dir);
    }
    let paths = cfg.paths.clone();
    let several = move || input::expand_paths(&paths).0.len() > 1;
    let mut stream = Stream::new(cfg.format).pieces(several, crate::spill::temp_file);
    // A failed write (a closed pipe) ends the output; the rest is only read.
    let mut failed: Option<std::io::Error> = None;
    let mut out = String::new();
    let render = |doc: CleanedDocument, s: &Source| Stream::rendered(cfg.format, doc, s);
    let input = InputOptions {
        pieces: Some(PIECE_BYTES),
        ..cfg.input.clone()
    };
    let (loaded, mut laps) = clean_each(
        &cfg.paths,
        &input,
        &cfg.clean,
        cfg.with_map,
        render,
        |docs| {
            failed = stream.write(docs, &mut out, stdout).err();
            failed.is_none()
        },
    );
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
    Ok(loaded.outcome())
}

/// `-o DIR`: inputs are read, cleaned and written a batch at a time.
fn run_to_dir(cfg: &CleanConfig, dir: &Path) -> Result<Outcome, Error> {
    check_output_dir(dir, &cfg.paths).map_err(Error::Usage)?;
    let (found, errors) = input::expand_paths(&cfg.paths);
    let mut outcome = Outcome {
        skipped: errors.iter().map(ToString::to_string).collect(),
        ..Outcome::default()
    };
    let mut owners = Owners::default();
    let t = Instant::now();
    let with_map = cfg.with_map;
    let bytes = clean_batches(&found, &cfg.input, &cfg.clean, with_map, |loaded, docs| {
        let skipped = loaded.errors.iter().map(ToString::to_string);
        outcome.skipped.extend(skipped);
        let warnings = loaded.warnings.iter().map(ToString::to_string);
        outcome.warnings.extend(warnings);
        write_files(cfg, dir, &docs, &loaded.sources, &mut owners, &mut outcome);
    });
    let mut stats = Stats {
        bytes,
        ..Stats::default()
    };
    // Batches read, clean and write in turn: one stage.
    stats.stage("clean", t, String::new(), Vec::new());
    cfg.stats.print(&stats);
    Ok(outcome)
}

/// One output file per input file, under the same relative name; records of one
/// JSON Lines file go back into one file.
fn write_files(
    cfg: &CleanConfig,
    dir: &Path,
    docs: &[CleanedDocument],
    sources: &[Source],
    owners: &mut Owners,
    outcome: &mut Outcome,
) {
    let jsonl_input = matches!(cfg.input.format, InputFormat::Jsonl);
    let mut files: BTreeMap<PathBuf, String> = BTreeMap::new();
    let mut order: Vec<PathBuf> = Vec::new();
    for (doc, src) in docs.iter().zip(sources) {
        let file_path = match jsonl_input {
            true => src.path.rsplit_once(':').map_or(&*src.path, |(p, _)| p),
            false => src.path.as_str(),
        };
        let rel = relative_name(file_path, &cfg.paths);
        let (rel, body) = match (jsonl_input, cfg.format) {
            (true, _) | (false, StreamFormat::Jsonl) => (
                with_extension(&rel, "jsonl", jsonl_input),
                format!("{}\n", render::clean::record(doc, src)),
            ),
            (false, StreamFormat::Json) => (
                with_extension(&rel, "json", false),
                render::clean::json(std::slice::from_ref(doc), &[src]),
            ),
            (false, StreamFormat::Text) => (rel, render::clean::text(std::slice::from_ref(doc))),
        };
        let target = dir.join(&rel);
        match owners.claim(&target, file_path) {
            Err(first) => {
                let shown = target.display();
                let reason =
                    format!("skipped: its output {shown} is already the output of {first}");
                let error = InputError::new(file_path, None, reason);
                outcome.skipped.push(error.to_string());
                continue;
            }
            Ok(false) => {}
            Ok(true) => order.push(target.clone()),
        }
        files.entry(target).or_default().push_str(&body);
    }
    for target in order {
        if let Err(e) = write_atomic(&target, files[&target].as_bytes()) {
            let shown = target.display();
            outcome.skipped.push(format!("{shown}: cannot write: {e}"));
        }
    }
}
