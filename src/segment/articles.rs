//! A run of pages into articles: each cleaned for splitting, split against the run's n-gram counts, jumps joined.

use super::{corpus_counts, split, Page};
use crate::model::{Article, Cleaned, Source};
use crate::normalize::{clean, CleanOptions};
use rayon::prelude::*;

/// Clean every source for splitting (paragraph joins are left to the stitcher).
pub fn clean_for_split(sources: &[Source], opts: &CleanOptions) -> Vec<Cleaned> {
    let opts = CleanOptions {
        join_paragraphs: false,
        ..opts.clone()
    };
    sources.par_iter().map(|s| clean(s, &opts)).collect()
}

/// Articles of every source, in input order.
pub fn articles(sources: &[Source], opts: &CleanOptions) -> Vec<Vec<Article>> {
    let cleaned = clean_for_split(sources, opts);
    let pages: Vec<Page> = sources
        .iter()
        .zip(&cleaned)
        .map(|(s, c)| Page::new(s, c))
        .collect();
    let counts = corpus_counts(&pages);
    let per_page = pages.par_iter().map(|p| split(p, &counts)).collect();
    super::jumps::join(per_page, &counts)
}
