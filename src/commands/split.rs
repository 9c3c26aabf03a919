//! `reprint split`: pages into articles, layout fragments stitched back together.
//!
//! JSON Lines files are split in two streamed passes (the run's n-gram
//! statistics, then the split; see [`Survey`]), so memory holds the statistics
//! and a batch, not the run. Plain files and stdin are read whole.

use crate::error::{Error, Outcome};
use crate::input::{self, InputError, InputFormat, InputOptions};
use crate::model::{Article, Source, Stats};
use crate::normalize::CleanOptions;
use crate::output::{check_output_dir, write_atomic};
use crate::progress;
use crate::render;
use crate::segment::{articles, Survey};
use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Jsonl,
}

#[derive(Debug, Clone)]
pub struct SplitConfig {
    pub paths: Vec<String>,
    pub input: InputOptions,
    pub clean: CleanOptions,
    pub format: Format,
    pub out_dir: Option<PathBuf>,
    pub with_map: bool,
    pub stats: super::StatsMode,
}

pub fn run(cfg: &SplitConfig, stdout: &mut dyn Write) -> Result<Outcome, Error> {
    if cfg.input.format == InputFormat::Jsonl && !cfg.paths.iter().any(|p| p == "-") {
        return run_streamed(cfg, stdout);
    }
    let t = Instant::now();
    let (loaded, mut outcome) = super::load(&cfg.paths, &cfg.input, cfg.out_dir.as_ref())?;
    let (mut stats, t) = super::read_stats(&loaded, t);
    let all: Vec<Article> = articles(&loaded.sources, &cfg.clean)
        .into_iter()
        .flatten()
        .collect();
    let n = all.len() as u64;
    let t = stats.stage("split", t, format!("{n} articles"), vec![("articles", n)]);
    let mut out = Output::new(cfg);
    out.write(all, stdout, &mut outcome)?;
    out.finish(stdout)?;
    stats.stage("write", t, String::new(), Vec::new());
    cfg.stats.print(&stats);
    Ok(outcome)
}

/// Two passes over JSON Lines inputs (which can be read again): statistics, then
/// the split a batch at a time, written as it goes in input order.
fn run_streamed(cfg: &SplitConfig, stdout: &mut dyn Write) -> Result<Outcome, Error> {
    if let Some(dir) = &cfg.out_dir {
        check_output_dir(dir, &cfg.paths).map_err(Error::Usage)?;
    }
    let t = Instant::now();
    let mut survey = Survey::default();
    let mut bytes = 0u64;
    let bar = progress::counter("counting n-grams, records");
    let loaded = input::load_each(&cfg.paths, &cfg.input, |batch| {
        bytes += batch.iter().map(|s| s.text.len() as u64).sum::<u64>();
        survey.add(&batch, &cfg.clean);
        bar.set_position(survey.len() as u64);
    });
    bar.finish_and_clear();
    let mut outcome = super::outcome_of(&loaded);
    let mut stats = Stats {
        bytes,
        ..Stats::default()
    };
    let n = survey.len() as u64;
    let grams = survey.counts.len() as u64;
    let mut t = stats.stage(
        "statistics",
        t,
        format!("{n} inputs, {grams} n-grams"),
        vec![("inputs", n), ("ngrams", grams)],
    );
    let linked = survey.linked();
    let is_linked = |i: usize| linked.get(i).copied().unwrap_or(false);
    // Sources a jump may tie to another are split and joined together first (a
    // run without jump markers has none); every other source is split alone.
    let mut ready: BTreeMap<usize, Vec<Article>> = BTreeMap::new();
    if linked.iter().any(|&l| l) {
        let (mut which, mut parts) = (Vec::new(), Vec::new());
        let mut at = 0;
        input::load_each(&cfg.paths, &cfg.input, |batch| {
            let n = batch.len();
            let mine: Vec<Source> = (at..)
                .zip(batch)
                .filter(|(i, _)| is_linked(*i))
                .map(|(i, s)| {
                    which.push(i);
                    s
                })
                .collect();
            parts.extend(survey.split_only(&mine, &cfg.clean));
            at += n;
        });
        ready = which.into_iter().zip(survey.split_linked(parts)).collect();
    }
    let (mut split_s, mut write_s, mut articles_n) = (0.0, 0.0, 0u64);
    let mut out = Output::new(cfg);
    let mut failed: Option<Error> = None;
    let bar = progress::bar(n, "splitting records", 1000);
    let mut at = 0;
    input::load_each(&cfg.paths, &cfg.input, |batch| {
        let n = batch.len();
        if failed.is_some() {
            return;
        }
        let alone: Vec<Source> = (at..)
            .zip(batch)
            .filter(|(i, _)| !is_linked(*i))
            .map(|(_, s)| s)
            .collect();
        let mut alone = survey.split_alone(&alone, &cfg.clean).into_iter();
        let mut arts = Vec::new();
        for i in at..at + n {
            match ready.remove(&i) {
                Some(a) => arts.extend(a),
                None if !is_linked(i) => arts.extend(alone.next().unwrap_or_default()),
                None => {}
            }
        }
        at += n;
        articles_n += arts.len() as u64;
        split_s += t.elapsed().as_secs_f64();
        t = Instant::now();
        if let Err(e) = out.write(arts, stdout, &mut outcome) {
            failed = Some(e);
        }
        write_s += t.elapsed().as_secs_f64();
        bar.set_position(at as u64);
        t = Instant::now();
    });
    bar.finish_and_clear();
    if let Some(e) = failed {
        return Err(e);
    }
    out.finish(stdout)?;
    let detail = format!("{articles_n} articles");
    stats.push("split", split_s, detail, vec![("articles", articles_n)]);
    stats.push("write", write_s, String::new(), Vec::new());
    cfg.stats.print(&stats);
    Ok(outcome)
}

/// Where articles go, in order: stdout (one body written in pieces) or one file each under `-o DIR`.
struct Output<'c> {
    cfg: &'c SplitConfig,
    /// Articles written to stdout so far (text separates them by a blank line).
    written: usize,
    /// Under `-o DIR`: which source each output file belongs to.
    owner: HashMap<PathBuf, String>,
}

impl<'c> Output<'c> {
    fn new(cfg: &'c SplitConfig) -> Output<'c> {
        Output {
            cfg,
            written: 0,
            owner: HashMap::new(),
        }
    }

    fn write(
        &mut self,
        mut arts: Vec<Article>,
        stdout: &mut dyn Write,
        outcome: &mut Outcome,
    ) -> Result<(), Error> {
        if !self.cfg.with_map {
            arts.iter_mut().for_each(|a| a.map = None);
        }
        let Some(dir) = &self.cfg.out_dir else {
            if arts.is_empty() {
                return Ok(());
            }
            let mut body = match self.cfg.format {
                Format::Text => render::split::text(&arts),
                Format::Jsonl => render::split::jsonl(&arts),
            };
            if self.written > 0 && self.cfg.format == Format::Text {
                body.insert(0, '\n');
            }
            self.written += arts.len();
            stdout.write_all(body.as_bytes())?;
            return Ok(());
        };
        for a in &arts {
            let name = a.id.replace('#', "_");
            let (file, body) = match self.cfg.format {
                Format::Text => (
                    format!("{name}.txt"),
                    render::split::text(std::slice::from_ref(a)),
                ),
                Format::Jsonl => (
                    format!("{name}.json"),
                    render::split::jsonl(std::slice::from_ref(a)),
                ),
            };
            let target = dir.join(file);
            // Pages with the same stem in two directories give the same article
            // ids, so the same file names: the second page must not overwrite the first.
            match self.owner.get(&target) {
                Some(first) if *first != a.source => {
                    let reason = format!(
                        "skipped article {}: its output {} is already the output of {first}",
                        a.id,
                        target.display()
                    );
                    outcome
                        .skipped
                        .push(InputError::new(&a.source, None, reason).to_string());
                    continue;
                }
                _ => {
                    self.owner.insert(target.clone(), a.source.clone());
                }
            }
            if let Err(e) = write_atomic(&target, body.as_bytes()) {
                outcome
                    .skipped
                    .push(format!("{}: cannot write: {e}", target.display()));
            }
        }
        Ok(())
    }

    fn finish(&mut self, stdout: &mut dyn Write) -> Result<(), Error> {
        if self.cfg.out_dir.is_none() {
            stdout.flush()?;
        }
        Ok(())
    }
}
