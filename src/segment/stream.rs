//! A streamed split of JSON Lines inputs: two passes, so memory holds the run's statistics and a batch.

use super::Survey;
use crate::input::{self, InputOptions, Loaded};
use crate::model::{Article, Source, Stats};
use crate::normalize::CleanOptions;
use crate::progress;
use std::collections::BTreeMap;
use std::time::Instant;

/// Splits the inputs of `paths` (which must be readable twice: files, not stdin)
/// as [`crate::split`] would split them whole: pass 1 gathers the run's n-gram
/// statistics ([`Survey`]), pass 2 splits a batch at a time and hands each
/// batch's articles, in input order, to `sink` (returning `false` stops the
/// hand-over; the rest is only read). Returns what pass 1 loaded (errors,
/// warnings; no sources) and the stages' timings, `sink`'s time as `write`.
pub fn split_streamed(
    paths: &[String],
    input: &InputOptions,
    opts: &CleanOptions,
    mut sink: impl FnMut(Vec<Article>) -> bool,
) -> (Loaded, Stats) {
    let t = Instant::now();
    let mut survey = Survey::default();
    let mut bytes = 0u64;
    let bar = progress::counter("counting n-grams, records");
    let loaded = input::load_each(paths, input, |batch| {
        bytes += batch.iter().map(|s| s.text.len() as u64).sum::<u64>();
        survey.add(&batch, opts);
        bar.set_position(survey.len() as u64);
    });
    bar.finish_and_clear();
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
        input::load_each(paths, input, |batch| {
            let n = batch.len();
            let mine: Vec<Source> = (at..)
                .zip(batch)
                .filter(|(i, _)| is_linked(*i))
                .map(|(i, s)| {
                    which.push(i);
                    s
                })
                .collect();
            parts.extend(survey.split_only(&mine, opts));
            at += n;
        });
        ready = which.into_iter().zip(survey.split_linked(parts)).collect();
    }
    let (mut split_s, mut write_s, mut articles_n) = (0.0, 0.0, 0u64);
    let mut open = true;
    let bar = progress::bar(n, "splitting records", 1000);
    let mut at = 0;
    input::load_each(paths, input, |batch| {
        let n = batch.len();
        if !open {
            return;
        }
        let alone: Vec<Source> = (at..)
            .zip(batch)
            .filter(|(i, _)| !is_linked(*i))
            .map(|(_, s)| s)
            .collect();
        let mut alone = survey.split_alone(&alone, opts).into_iter();
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
        open = sink(arts);
        write_s += t.elapsed().as_secs_f64();
        bar.set_position(at as u64);
        t = Instant::now();
    });
    bar.finish_and_clear();
    let detail = format!("{articles_n} articles");
    stats.push("split", split_s, detail, vec![("articles", articles_n)]);
    stats.push("write", write_s, String::new(), Vec::new());
    (loaded, stats)
}
