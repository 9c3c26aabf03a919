//! `reprint split`: pages into articles, layout fragments stitched back together.
//!
//! JSON Lines files are split in two streamed passes (the run's n-gram
//! statistics, then the split; see [`split_streamed`]), so memory holds the statistics
//! and a batch, not the run. Plain files and stdin are read whole.

use crate::error::{Error, Outcome};
use crate::input::{InputError, InputFormat, InputOptions};
use crate::model::Article;
use crate::normalize::CleanOptions;
use crate::output::{check_output_dir, write_atomic, Owners};
use crate::render::split::Format;
use crate::segment::split_streamed;
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

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
    let (mut stats, t) = loaded.read_stats(t);
    let all = crate::split(&loaded.sources, &cfg.clean);
    let n = all.len() as u64;
    let t = stats.stage("split", t, format!("{n} articles"), vec![("articles", n)]);
    let mut out = Output::new(cfg);
    out.write(all, stdout, &mut outcome)?;
    out.finish(stdout)?;
    stats.stage("write", t, String::new(), Vec::new());
    cfg.stats.print(&stats);
    Ok(outcome)
}

/// JSON Lines inputs (which can be read again) in two streamed passes, written
/// as they are split, in input order.
fn run_streamed(cfg: &SplitConfig, stdout: &mut dyn Write) -> Result<Outcome, Error> {
    if let Some(dir) = &cfg.out_dir {
        check_output_dir(dir, &cfg.paths).map_err(Error::Usage)?;
    }
    let mut out = Output::new(cfg);
    let (mut skipped, mut failed) = (Outcome::default(), None);
    let (loaded, stats) = split_streamed(&cfg.paths, &cfg.input, &cfg.clean, |arts| {
        failed = out.write(arts, stdout, &mut skipped).err();
        failed.is_none()
    });
    if let Some(e) = failed {
        return Err(e);
    }
    out.finish(stdout)?;
    let mut outcome = loaded.outcome();
    outcome.skipped.extend(skipped.skipped);
    cfg.stats.print(&stats);
    Ok(outcome)
}

/// Where articles go, in order: stdout (one body written in pieces) or one file each under `-o DIR`.
struct Output<'c> {
    cfg: &'c SplitConfig,
    /// Articles written to stdout so far (text separates them by a blank line).
    written: usize,
    /// Under `-o DIR`: which source each output file belongs to.
    owners: Owners,
}

impl<'c> Output<'c> {
    fn new(cfg: &'c SplitConfig) -> Output<'c> {
        Output {
            cfg,
            written: 0,
            owners: Owners::default(),
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
            let mut body = self.cfg.format.render(&arts);
            if self.written > 0 && self.cfg.format == Format::Text {
                body.insert(0, '\n');
            }
            self.written += arts.len();
            stdout.write_all(body.as_bytes())?;
            return Ok(());
        };
        for a in &arts {
            let name = a.id.replace('#', "_");
            let ext = self.cfg.format.extension();
            let target = dir.join(format!("{name}.{ext}"));
            let body = self.cfg.format.render(std::slice::from_ref(a));
            // Pages with the same stem in two directories give the same article
            // ids, so the same file names: the second page must not overwrite the first.
            if let Err(first) = self.owners.claim(&target, &a.source) {
                let reason = format!(
                    "skipped article {}: its output {} is already the output of {first}",
                    a.id,
                    target.display()
                );
                let error = InputError::new(&a.source, None, reason);
                outcome.skipped.push(error.to_string());
                continue;
            }
            if let Err(e) = write_atomic(&target, body.as_bytes()) {
                let shown = target.display();
                outcome.skipped.push(format!("{shown}: cannot write: {e}"));
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
