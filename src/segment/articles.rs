//! A run of pages into articles: each cleaned for splitting, split against the run's n-gram counts, jumps joined.
//!
//! [`articles`] holds the run; [`Survey`] and [`Survey::split_alone`] do the
//! same in two streamed passes (statistics, then the split) for runs larger
//! than memory, with the same result.

use super::plausibility::NgramCounts;
use super::{corpus_counts, pages, split, Page};
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

/// Pass 1 of a streamed split: the run's n-gram counts, and which sources'
/// articles may join another source's across a jump (the only thing that
/// ties one page's articles to another's).
#[derive(Debug, Default)]
pub struct Survey {
    pub counts: NgramCounts,
    /// Per source seen, in order: it prints a jump marker (`marked`), or a page label
    /// a marker elsewhere could name (`labelled`).
    reach: Vec<(bool, bool)>,
}

impl Survey {
    /// Adds the next sources of the run, in order (counts depend on it).
    pub fn add(&mut self, sources: &[Source], opts: &CleanOptions) {
        let cleaned = clean_for_split(sources, opts);
        let pages: Vec<Page> = sources
            .par_iter()
            .zip(&cleaned)
            .map(|(s, c)| Page::new(s, c))
            .collect();
        for page in &pages {
            for p in &page.paras {
                self.counts.add_paragraph(&p.chars);
            }
        }
        self.reach
            .extend(sources.iter().zip(&cleaned).map(|(s, c)| {
                let labelled = pages::of_file(&s.path).1.is_some() || !pages::headers(c).is_empty();
                (!c.continuations.is_empty(), labelled)
            }));
    }

    /// Sources seen so far.
    pub fn len(&self) -> usize {
        self.reach.len()
    }

    pub fn is_empty(&self) -> bool {
        self.reach.is_empty()
    }

    /// Per source: whether its articles may join another source's. A join across
    /// sources needs a jump marker on one side and a marker or page label on the
    /// other (`jumps::marker_score`), so with no marker in the run none may; the
    /// rest are split and joined alone ([`Survey::split_alone`]) with the result
    /// of joining the whole run, since a join only ever links articles of one such group.
    pub fn linked(&self) -> Vec<bool> {
        let any_marker = self.reach.iter().any(|r| r.0);
        self.reach
            .iter()
            .map(|&(marked, labelled)| any_marker && (marked || labelled))
            .collect()
    }

    /// The articles of `sources`, each split and its jumps joined within itself.
    pub fn split_alone(&self, sources: &[Source], opts: &CleanOptions) -> Vec<Vec<Article>> {
        let cleaned = clean_for_split(sources, opts);
        sources
            .par_iter()
            .zip(&cleaned)
            .map(|(s, c)| {
                let page = Page::new(s, c);
                let joined = super::jumps::join(vec![split(&page, &self.counts)], &self.counts);
                joined.into_iter().flatten().collect()
            })
            .collect()
    }

    /// The articles of the linked sources (all of them, in order), split, then
    /// joined together as [`articles`] joins the whole run.
    pub fn split_linked(&self, linked: Vec<Vec<Article>>) -> Vec<Vec<Article>> {
        let n = linked.len();
        let mut joined = super::jumps::join(linked, &self.counts);
        // `join` stops at the last source that kept an article.
        joined.resize_with(n, Vec::new);
        joined
    }

    /// Linked sources split but not yet joined (for [`Survey::split_linked`]).
    pub fn split_only(&self, sources: &[Source], opts: &CleanOptions) -> Vec<Vec<Article>> {
        let cleaned = clean_for_split(sources, opts);
        sources
            .par_iter()
            .zip(&cleaned)
            .map(|(s, c)| split(&Page::new(s, c), &self.counts))
            .collect()
    }
}
