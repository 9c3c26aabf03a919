//! One candidate pair verified: its shared passages aligned, its relation by coverage, a template told from a copy.

use super::cluster::{self, relation};
use super::keys::{KeySpans, Sampler, Stored};
use super::template;
use super::verify::{Aligner, Local};
use super::ScanOptions;
use crate::model::{Pair, Relation, SharedSpan, Slot};
use std::cell::OnceCell;

/// Whether a passage with n-gram hashes `grams` holds a sampled one that is
/// not a stock phrase: a passage of stock phrases alone (a dated source line,
/// an agency's sign-off) says nothing about the pair.
pub(super) fn not_stock(sampler: &Sampler, grams: &[u64], stock: impl Fn(u64) -> bool) -> bool {
    let mut sampled = grams.iter().filter(|&&h| sampler.keeps(h)).peekable();
    sampled.peek().is_none() || sampled.any(|&h| !stock(h))
}

/// Two units whose keys are identical, `len` chars each: a duplicate over the whole key.
pub(super) fn duplicate(ids: (&str, &str), len: usize, sa: &KeySpans, sb: &KeySpans) -> Pair {
    Pair {
        a: ids.0.to_string(),
        b: ids.1.to_string(),
        relation: Relation::Duplicate,
        slots: Vec::new(),
        similarity: 1.0,
        shared_chars: len,
        spans: vec![SharedSpan {
            a: sa.source_span(0, len),
            b: sb.source_span(0, len),
        }],
    }
}

/// A verified pair without its ids: what a large scan holds of each until
/// its result is built (at a million documents, most of its memory).
pub(super) struct Verified {
    pub relation: Relation,
    pub similarity: f64,
    pub shared_chars: usize,
    pub spans: Vec<SharedSpan>,
    pub slots: Vec<Slot>,
}

impl Verified {
    pub fn with_ids(self, a: String, b: String) -> Pair {
        Pair {
            a,
            b,
            relation: self.relation,
            similarity: self.similarity,
            shared_chars: self.shared_chars,
            spans: self.spans,
            slots: self.slots,
        }
    }
}

/// The first unit of a pair: its id, key length, key, and its spans once a pair needs them.
pub(super) struct Side<'a, 's> {
    pub id: &'a str,
    pub len: usize,
    pub key: &'a Stored<'s>,
    pub spans: &'a OnceCell<KeySpans>,
}

/// The pair's relation and shared passages, if it has one, and a note when
/// alignment was capped. `aligner` is built on `a`'s key; `by_stock`: the
/// index proposed the pair as copies through the stock phrases they share;
/// `not_stock` says whether a passage's n-gram hashes hold any that is not a stock phrase.
pub(super) fn verify(
    aligner: &Aligner,
    a: Side,
    (b_id, stored): (&str, &Stored),
    by_stock: bool,
    opts: &ScanOptions,
    not_stock: impl Fn(&[u64]) -> bool + Copy,
) -> (Option<Verified>, Option<String>) {
    let (la, kb) = (a.len, stored.chars());
    let (mut locals, mut capped) = aligner.align(kb, &opts.align, not_stock);
    // Proposed as copies by the stock phrases they share: stock text
    // counts when it makes one a copy of the other (a story reprinted
    // hundreds of times is all stock phrases), not when it is only a
    // part of each (a site's footer on each of its pages).
    let copy = |locals: &[Local]| {
        let shared = locals.iter().map(|l| l.len()).sum();
        relation(shared, la, kb.len(), &opts.relation).is_some_and(|r| r != Relation::Overlap)
    };
    if by_stock && !copy(&locals) {
        let (all, all_capped) = aligner.align(kb, &opts.align, |_| true);
        if copy(&all) {
            (locals, capped) = (all, all_capped);
        }
    }
    let note = capped.then(|| {
        format!(
            "{} / {b_id}: alignment seeds capped at {}",
            a.id, opts.align.max_seeds
        )
    });
    let shared: usize = locals.iter().map(|l| l.len()).sum();
    let pair = relation(shared, la, kb.len(), &opts.relation).map(|rel| {
        let (sa, sb) = (a.spans.get_or_init(|| a.key.spans()), stored.spans());
        // Copies by coverage may still be two stories told in one form.
        let side = |key, spans| template::Side { key, spans };
        let sides = (side(a.key.chars(), Some(sa)), side(kb, Some(&sb)));
        let twins = cluster::copies(rel).then(|| template::twins(sides.0, sides.1, &locals));
        let twins = twins.flatten();
        Verified {
            relation: if twins.is_some() {
                Relation::Template
            } else {
                rel
            },
            slots: twins.map_or_else(Vec::new, |t| template::described(&t, sides.0, sides.1)),
            similarity: (2.0 * shared as f64 / (la + kb.len()).max(1) as f64).min(1.0),
            shared_chars: shared,
            spans: locals
                .iter()
                .map(|l| SharedSpan {
                    a: sa.source_span(l.a.0, l.a.1),
                    b: sb.source_span(l.b.0, l.b.1),
                })
                .collect(),
        }
    });
    (pair, note)
}
