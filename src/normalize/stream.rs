//! Cleaning a run a batch at a time, as `reprint clean` does: memory holds one batch, not the run.

use super::{clean, CleanOptions};
use crate::input::{self, Found, InputOptions, Loaded};
use crate::model::{CleanedDocument, Source, Stats};
use crate::progress;
use rayon::prelude::*;
use std::time::Instant;

/// Time spent in each stage of a streamed clean, summed over its batches.
#[derive(Debug, Default, Clone)]
pub struct Laps {
    pub read: f64,
    pub clean: f64,
    /// The sink's time, and whatever the caller adds for its own closing write.
    pub write: f64,
    pub inputs: u64,
    pub bytes: u64,
}

impl Laps {
    /// The laps as `read`, `clean` and `write` stages.
    pub fn stats(&self) -> Stats {
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

/// Cleans every input of `paths` in input order, a batch at a time
/// ([`input::load_each`]): `each` makes what is handed on of one cleaned
/// document and its source (run in parallel, so rendering can be too), and
/// `sink` gets each batch's results in order; once it returns `false` the rest
/// is only read, so the loaded errors stay whole. `with_map` keeps the per-char
/// source map in the documents.
pub fn clean_each<T: Send>(
    paths: &[String],
    input: &InputOptions,
    opts: &CleanOptions,
    with_map: bool,
    each: impl Fn(CleanedDocument, &Source) -> T + Sync,
    mut sink: impl FnMut(Vec<T>) -> bool,
) -> (Loaded, Laps) {
    let mut laps = Laps::default();
    let bar = progress::counter("cleaning records");
    let mut open = true;
    let mut t = Instant::now();
    let loaded = input::load_each(paths, input, |batch| {
        laps.read += t.elapsed().as_secs_f64();
        // A file read in pieces is one input.
        let firsts = batch
            .iter()
            .filter(|s| s.piece.is_none_or(|p| p.index == 0));
        laps.inputs += firsts.count() as u64;
        laps.bytes += batch.iter().map(|s| s.text.len() as u64).sum::<u64>();
        if !open {
            t = Instant::now();
            return;
        }
        let c = Instant::now();
        let done: Vec<T> = batch
            .par_iter()
            .map(|s| each(CleanedDocument::new(s, clean(s, opts), with_map), s))
            .collect();
        drop(batch);
        laps.clean += c.elapsed().as_secs_f64();
        let w = Instant::now();
        open = sink(done);
        laps.write += w.elapsed().as_secs_f64();
        bar.set_position(laps.inputs);
        t = Instant::now();
    });
    bar.finish_and_clear();
    (loaded, laps)
}

/// Cleans `found` a batch at a time ([`input::batches`]), handing `sink` each
/// batch as loaded with its documents (in the order of its sources); returns
/// the decoded bytes read. Memory holds one batch.
pub fn clean_batches(
    found: &[Found],
    input: &InputOptions,
    opts: &CleanOptions,
    with_map: bool,
    mut sink: impl FnMut(Loaded, Vec<CleanedDocument>),
) -> u64 {
    let mut bytes = 0;
    for batch in input::batches(found) {
        let loaded = input::load_found(batch, input);
        bytes += loaded
            .sources
            .iter()
            .map(|s| s.text.len() as u64)
            .sum::<u64>();
        let docs = loaded
            .sources
            .par_iter()
            .map(|s| CleanedDocument::new(s, clean(s, opts), with_map))
            .collect();
        sink(loaded, docs);
    }
    bytes
}
