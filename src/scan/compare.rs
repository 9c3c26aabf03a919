//! The comparison proper: identical keys settled, candidates from the index, each pair verified, relations clustered.

use super::cluster::{self, clusters_of};
use super::index::{Candidates, IndexWriter};
use super::junction::junction_pairs;
use super::keys::reread::UnitKeys;
use super::keys::{KeySpans, Sampler, Stored};
use super::pair::{self, Side, Verified};
use super::units::{Units, MAX_KEY_CHARS};
use super::verify::Aligner;
use super::work::pieces;
use super::ScanOptions;
use crate::model::{Pair, Relation, ScanDocument, ScanResult, Stats};
use crate::spill::Budget;
use rayon::prelude::*;
use std::cell::OnceCell;
use std::time::Instant;

/// Each unit (by position in `order`) paired with the first (in id order)
/// whose key is identical, if any. Keys are read only when their hashes match.
fn identical_keys(order: &[usize], keys: &UnitKeys, min_len: usize) -> Vec<Option<usize>> {
    // Units by hash (then id order): only runs of one hash are compared. A
    // map of hash to units cost an allocation per unit.
    let mut by_hash: Vec<(u64, usize)> = order
        .iter()
        .enumerate()
        .filter(|&(_, &d)| keys.key_len(d) >= min_len)
        .map(|(k, &d)| (keys.hash(d), k))
        .collect();
    by_hash.par_sort_unstable();
    let mut copy_of = vec![None; order.len()];
    for run in by_hash.chunk_by(|x, y| x.0 == y.0).filter(|r| r.len() > 1) {
        let mut firsts: Vec<usize> = Vec::new();
        for &(_, k) in run {
            let chars = keys.chars(order[k]);
            match firsts.iter().find(|&&f| keys.chars(order[f]) == chars) {
                Some(&f) => copy_of[k] = Some(f),
                None => firsts.push(k),
            }
        }
    }
    copy_of
}

/// Unit `d`'s key: held by its piece, or read into `slot` for this use.
fn key_of<'k, 's>(
    held: &'k [(u32, Stored<'s>)],
    slot: &'k mut Option<Stored<'s>>,
    d: u32,
    read: impl FnOnce(u32) -> Stored<'s>,
) -> &'k Stored<'s> {
    match held.binary_search_by_key(&d, |h| h.0) {
        Ok(k) => &held[k].1,
        Err(_) => slot.insert(read(d)),
    }
}

/// The comparison proper: index, verify, cluster.
pub(super) fn compare(
    units: Units,
    opts: &ScanOptions,
    lean: bool,
    budget: &Budget,
    stats: &mut Stats,
) -> ScanResult {
    let t = Instant::now();
    let Units {
        docs,
        keys,
        places,
        index,
        cut,
        ..
    } = units;
    let keys = places.finish(keys.finish(), MAX_KEY_CHARS, lean);
    // Input order must not matter: compare in id order.
    let mut order: Vec<usize> = (0..docs.len()).collect();
    order.par_sort_by(|&x, &y| {
        let (a, b) = (&docs[x], &docs[y]);
        a.id.cmp(&b.id).then(a.source.cmp(&b.source))
    });
    let mut notes: Vec<String> = keys
        .failed_to_spill()
        .iter()
        .map(|e| format!("keys kept in memory: no temp file ({e})"))
        .collect();
    // Bounded work per document: a giant unit is compared on its first part only, visibly.
    for &d in &order {
        if cut[d] {
            notes.push(format!(
                "{}: compared on its first {} key chars only",
                docs[d].id, docs[d].chars
            ));
        }
    }
    // Identical keys are settled without the index: a thousand copies of one
    // story would push every n-gram past the stock-phrase cap. Each copy pairs
    // with the first (in id order); only that one is indexed.
    let copy_of = identical_keys(&order, &keys, opts.align.min_span);
    let lens: Vec<usize> = order.iter().map(|&d| keys.key_len(d)).collect();
    let found = candidates(index, (&order, &copy_of), &keys, opts, budget);
    notes.extend(
        found
            .failed
            .iter()
            .map(|e| format!("index kept in memory: no temp file ({e})")),
    );
    if !found.common.is_empty() {
        notes.push(format!(
            "{} sampled n-grams shared by more than {} documents were ignored as stock phrases",
            found.common.len(),
            opts.candidates.max_df
        ));
    }
    let t = stats.stage(
        "index",
        t,
        format!(
            "{} candidate pairs ({} by the order of stock phrases alone), {} identical copies, \
             {} MB of index and {} MB of votes{} ({})",
            found.pairs.len(),
            found.ordered.len(),
            copy_of.iter().flatten().count(),
            found.bytes.0 >> 20,
            found.bytes.1 >> 20,
            if found.spilled {
                " (in a temp file)"
            } else {
                ""
            },
            found
                .steps
                .iter()
                .map(|(step, secs)| format!("{step} {secs:.2} s"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        vec![
            ("candidate_pairs", found.pairs.len() as u64),
            ("identical_copies", copy_of.iter().flatten().count() as u64),
            ("stock_grams", found.common.len() as u64),
            ("junction_pairs", found.ordered.len() as u64),
            ("index_bytes", found.bytes.0),
            ("vote_bytes", found.bytes.1),
            ("index_spilled", found.spilled as u64),
        ],
    );
    let run = Run {
        docs: &docs,
        keys: &keys,
        order: &order,
        lens: &lens,
    };
    let (verified, verify_notes) = verify_candidates(&found, &run, opts);
    let aligned = found.pairs.len();
    drop(found);
    let t = stats.stage(
        "verify",
        t,
        format!("{aligned} candidate pairs aligned"),
        vec![("aligned", aligned as u64)],
    );
    notes.extend(verify_notes);
    let identical = identical_pairs(&copy_of, &run);
    let mut numbered: Vec<((u32, u32), Pair)> =
        Vec::with_capacity(verified.len() + identical.len());
    let id = |k: u32| docs[order[k as usize]].id.clone();
    numbered.extend((verified.into_iter()).map(|(ij, v)| (ij, v.with_ids(id(ij.0), id(ij.1)))));
    numbered.extend(identical);
    notes.extend(keys.failures().into_iter().map(|(d, why)| {
        format!(
            "{}: could not be read again ({why}); compared as empty",
            docs[d].source
        )
    }));
    drop(keys);
    numbered.par_sort_unstable_by_key(|(ij, _)| *ij);
    let clusters = clusters_of(
        order.len(),
        numbered
            .iter()
            .filter(|(_, p)| cluster::copies(p.relation))
            .map(|((i, j), _)| (*i as usize, *j as usize)),
        |k| docs[order[k]].id.clone(),
    );
    let pairs: Vec<Pair> = numbered.into_iter().map(|(_, p)| p).collect();
    let documents = permuted(docs, &order);
    stats.stage(
        "cluster",
        t,
        format!("{} pairs, {} clusters", pairs.len(), clusters.len()),
        vec![
            ("pairs", pairs.len() as u64),
            ("clusters", clusters.len() as u64),
        ],
    );
    ScanResult {
        documents,
        pairs,
        clusters,
        notes,
    }
}

/// `items` in `order` (`order[k]` is the index of the item that goes to `k`),
/// moved in place: a million documents are not held twice.
fn permuted<T>(mut items: Vec<T>, order: &[usize]) -> Vec<T> {
    let mut placed = vec![false; items.len()];
    for start in 0..items.len() {
        // Walk the cycle through `start`: each swap puts one item in its place,
        // and the item that was at `start` travels on to where the cycle closes.
        let mut k = start;
        while !placed[k] {
            placed[k] = true;
            let from = order[k];
            if from == start {
                break;
            }
            items.swap(k, from);
            k = from;
        }
    }
    items
}

/// Candidate pairs from the index, as id ranks `(a, b)` with `a < b`, sorted.
/// `order[k]` is the stored unit of rank `k`; units with an identical key
/// before them (`copy_of`) are not indexed.
fn candidates(
    index: IndexWriter,
    (order, copy_of): (&[usize], &[Option<usize>]),
    keys: &UnitKeys,
    opts: &ScanOptions,
    budget: &Budget,
) -> Candidates {
    // The index numbers units as stored; pairs are then put in id order.
    let mut indexed = vec![false; order.len()];
    for (k, &d) in order.iter().enumerate() {
        indexed[d] = copy_of[k].is_none();
    }
    let mut rank = vec![0u32; order.len()];
    for (k, &d) in order.iter().enumerate() {
        rank[d] = k as u32;
    }
    let mut found = index.finish(&indexed, &opts.candidates, budget);
    let t = Instant::now();
    let by_order = junction_pairs(
        &found,
        &indexed,
        |d| keys.chars(d),
        &opts.candidates,
        budget,
    );
    found.steps[3].1 = t.elapsed().as_secs_f64();
    if !by_order.is_empty() {
        found.ordered = (by_order.iter().copied())
            .filter(|p| found.pairs.binary_search(p).is_err())
            .collect();
        // Pairs the first index proposed too are verified as copies by stock text as well.
        found.pairs.extend_from_slice(&found.ordered);
        found.copies.extend(by_order);
        for list in [&mut found.pairs, &mut found.copies] {
            list.par_sort_unstable();
            list.dedup();
        }
    }
    let lists = found.pairs.iter_mut().chain(found.copies.iter_mut());
    for p in lists.chain(found.ordered.iter_mut()) {
        let (a, b) = (rank[p.0 as usize], rank[p.1 as usize]);
        *p = (a.min(b), a.max(b));
    }
    found.pairs.par_sort_unstable();
    found.copies.par_sort_unstable();
    found.ordered.par_sort_unstable();
    drop(rank);
    found
}

/// What a run's verification reads: units by storage number, keys, the id
/// order (`order[rank]` = storage number) and each rank's key length.
struct Run<'a> {
    docs: &'a [ScanDocument],
    keys: &'a UnitKeys,
    order: &'a [usize],
    lens: &'a [usize],
}

/// A verified pair by its ranks `(a, b)`.
type Ranked = ((u32, u32), Verified);

/// Every candidate pair that verified to a pair, in pair order, and the notes
/// verifying made (in the same order); in pieces that read each key once where they can.
fn verify_candidates(
    found: &Candidates,
    run: &Run,
    opts: &ScanOptions,
) -> (Vec<Ranked>, Vec<String>) {
    let Run {
        docs,
        keys,
        order,
        lens,
    } = *run;
    // A bar on a terminal only: stderr is for people, and indicatif draws nothing elsewhere.
    let pieces = pieces(&found.pairs, lens);
    let bar = crate::progress::bar(found.pairs.len() as u64, "verifying candidate pairs", 1000);
    let sampler = Sampler::new(opts.candidates.sample_rate);
    let not_stock = |grams: &[u64]| pair::not_stock(&sampler, grams, |h| found.common.contains(h));
    // `first` holds the first document's spans once a pair of its group needs them.
    let verify = |aligner: &Aligner,
                  first: (&Stored, &OnceCell<KeySpans>),
                  i: usize,
                  second: (usize, &Stored)| {
        let (j, stored) = second;
        let a = Side {
            id: &docs[order[i]].id,
            len: lens[i],
            key: first.0,
            spans: first.1,
        };
        let ij = (i as u32, j as u32);
        let by_stock = found.copies.binary_search(&ij).is_ok();
        let (mut pair, note) = pair::verify(
            aligner,
            a,
            (&docs[order[j]].id, stored),
            by_stock,
            opts,
            not_stock,
        );
        // Sentences in the same order that verify as less than a copy share
        // stock text and the junction or two between it: nothing to report.
        if pair
            .as_ref()
            .is_some_and(|p| p.relation == Relation::Overlap)
            && found.ordered.binary_search(&ij).is_ok()
        {
            pair = None;
        }
        (pair.map(|p| (ij, p)), note)
    };
    type Done = (Vec<Ranked>, Vec<(u32, String)>);
    let done: Vec<Done> = pieces
        .par_iter()
        .map(|piece| {
            let pairs = || piece.pairs.iter().map(|&p| (p, found.pairs[p as usize]));
            // A held piece reads each of its keys once, up front.
            let mut held: Vec<(u32, Stored)> = Vec::new();
            if piece.held {
                let mut members: Vec<u32> = pairs().flat_map(|(_, (i, j))| [i, j]).collect();
                members.sort_unstable();
                members.dedup();
                held = members
                    .into_iter()
                    .map(|d| (d, keys.stored(order[d as usize])))
                    .collect();
            }
            let read = |d: u32| keys.stored(order[d as usize]);
            let (mut out, mut notes) = (Vec::new(), Vec::new());
            let all: Vec<(u32, (u32, u32))> = pairs().collect();
            for group in all.chunk_by(|x, y| x.1 .0 == y.1 .0) {
                let i = group[0].1 .0;
                // Read once: its chars now, its spans when a pair needs them.
                let mut slot = None;
                let first = key_of(&held, &mut slot, i, read);
                let aligner = Aligner::new(first.chars());
                let spans = OnceCell::new();
                for &(p, (_, j)) in group {
                    let mut slot = None;
                    let second = key_of(&held, &mut slot, j, read);
                    let (v, note) =
                        verify(&aligner, (first, &spans), i as usize, (j as usize, second));
                    // Most candidates verify to nothing: only what they found is kept.
                    out.extend(v);
                    notes.extend(note.map(|n| (p, n)));
                }
            }
            bar.inc(piece.pairs.len() as u64);
            (out, notes)
        })
        .collect();
    bar.finish_and_clear();
    // Back in pair order (candidates are sorted by ranks).
    let total = done.iter().map(|d| d.0.len()).sum();
    let (mut verified, mut notes) = (Vec::with_capacity(total), Vec::new());
    for (pairs, n) in done {
        verified.extend(pairs);
        notes.extend(n);
    }
    verified.par_sort_unstable_by_key(|v| v.0);
    notes.sort_unstable_by_key(|n| n.0);
    (verified, notes.into_iter().map(|n| n.1).collect())
}

/// Each unit with an identical key before it, paired with that one as a
/// duplicate: `((first rank, rank), pair)`.
fn identical_pairs(copy_of: &[Option<usize>], run: &Run) -> Vec<((u32, u32), Pair)> {
    let Run {
        docs,
        keys,
        order,
        lens,
    } = *run;
    // Pairs as document numbers in id order: sorting and clustering on
    // numbers gives the id order without comparing or looking up a string.
    copy_of
        .iter()
        .enumerate()
        .filter_map(|(k, f)| f.map(|f| (f, k)))
        .map(|(f, k)| {
            let (ka, kb) = (keys.get(order[f]), keys.get(order[k]));
            let ids = (docs[order[f]].id.as_str(), docs[order[k]].id.as_str());
            (
                (f as u32, k as u32),
                pair::duplicate(ids, lens[f], &ka, &kb),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::permuted;

    #[test]
    fn permuted_moves_each_item_to_its_place() {
        // Every permutation of 5, and a shuffled thousand (one long cycle and many short).
        let mut orders: Vec<Vec<usize>> = vec![vec![]];
        for n in 0..5 {
            orders = orders
                .into_iter()
                .flat_map(|p: Vec<usize>| {
                    (0..=n).map(move |at| {
                        let mut q = p.clone();
                        q.insert(at, n);
                        q
                    })
                })
                .collect();
        }
        let mut big: Vec<usize> = (0..1000).collect();
        let mut seed = 7u64;
        for i in (1..big.len()).rev() {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            big.swap(i, (seed >> 33) as usize % (i + 1));
        }
        orders.push(big);
        for order in orders {
            let items: Vec<String> = (0..order.len()).map(|i| format!("d{i}")).collect();
            let want: Vec<String> = order.iter().map(|&i| items[i].clone()).collect();
            assert_eq!(permuted(items, &order), want, "{order:?}");
        }
    }
}
