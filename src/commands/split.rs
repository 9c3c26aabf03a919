//! `reprint split`: pages into articles, layout fragments stitched back together.

use crate::error::{Error, Outcome};
use crate::input::{InputError, InputOptions};
use crate::model::Article;
use crate::normalize::CleanOptions;
use crate::output::write_atomic;
use crate::render;
use crate::segment::articles;
use std::io::Write;
use std::path::PathBuf;

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
    let t = std::time::Instant::now();
    let (loaded, mut outcome) = super::load(&cfg.paths, &cfg.input, cfg.out_dir.as_ref())?;
    let (mut stats, t) = super::read_stats(&loaded, t);
    let mut all: Vec<Article> = articles(&loaded.sources, &cfg.clean)
        .into_iter()
        .flatten()
        .collect();
    let n = all.len() as u64;
    let t = stats.stage("split", t, format!("{n} articles"), vec![("articles", n)]);
    if !cfg.with_map {
        all.iter_mut().for_each(|a| a.map = None);
    }
    match &cfg.out_dir {
        None => {
            let body = match cfg.format {
                Format::Text => render::split::text(&all),
                Format::Jsonl => render::split::jsonl(&all),
            };
            stdout.write_all(body.as_bytes())?;
            stdout.flush()?;
        }
        Some(dir) => {
            // Pages with the same stem in two directories give the same article
            // ids, so the same file names: the second page must not overwrite the first.
            let mut owner: std::collections::HashMap<PathBuf, &str> = Default::default();
            for a in &all {
                let name = a.id.replace('#', "_");
                let (file, body) = match cfg.format {
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
                match owner.get(&target) {
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
                        owner.insert(target.clone(), &a.source);
                    }
                }
                if let Err(e) = write_atomic(&target, body.as_bytes()) {
                    outcome
                        .skipped
                        .push(format!("{}: cannot write: {e}", target.display()));
                }
            }
        }
    }
    stats.stage("write", t, String::new(), Vec::new());
    cfg.stats.print(&stats);
    Ok(outcome)
}
