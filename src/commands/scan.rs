//! `reprint scan`: which units are copies of each other, which contain others, which share passages.

use crate::align::{AlignOptions, Aligner, Local};
use crate::candidates::{CandidateOptions, IndexWriter};
use crate::cluster::{self, clusters_of, relation, RelationOptions, Sets};
use crate::error::{Error, Outcome};
use crate::fingerprint::{Key, KeyRef, KeysWriter, Sampler, Stored};
use crate::input::{InputFormat, InputOptions};
use crate::model::{Pair, RecordAt, Relation, ScanDocument, ScanResult, SharedSpan, Source, Span};
use crate::normalize::{clean, CleanOptions};
use crate::page_key::{page_key, Again};
use crate::render;
use crate::spill::Budget;
use crate::template;
use crate::unit_keys::{key_hash, UnitKeys, UnitKeysWriter};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use std::cell::OnceCell;
use std::io::Write;
use std::time::Instant;

/// Longest comparison key fingerprinted per document (a 1 MB article is about 330k chars).
const MAX_KEY_CHARS: usize = 1_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Articles cut out by `split`.
    Article,
    /// Each file (or JSON Lines record) whole.
    File,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Jsonl,
}

#[derive(Debug, Clone)]
pub struct ScanConfig {
    pub paths: Vec<String>,
    pub input: InputOptions,
    pub clean: CleanOptions,
    pub unit: Unit,
    pub format: Format,
    pub candidates: CandidateOptions,
    pub align: AlignOptions,
    pub relation: RelationOptions,
    /// Print each stage's time and size on stderr.
    pub stats: bool,
    /// Bytes of keys and index held in memory; the rest goes to a temp file.
    pub memory: u64,
}

/// Time and size of each stage, for `--stats`.
#[derive(Debug, Default, Clone)]
pub struct ScanStats {
    /// `(stage, seconds, detail)` in pipeline order.
    pub stages: Vec<(&'static str, f64, String)>,
    /// Input bytes (decoded text), so each stage's throughput can be shown.
    pub bytes: u64,
}

impl ScanStats {
    fn stage(&mut self, name: &'static str, since: Instant, detail: String) -> Instant {
        self.stages
            .push((name, since.elapsed().as_secs_f64(), detail));
        Instant::now()
    }
}

/// The units to compare, each with its key's index in `keys`.
struct Units {
    docs: Vec<ScanDocument>,
    keys: KeysWriter,
    /// Per doc: its key's hash and length, and whether it is in `keys` or is
    /// read again from its record (a unit folded with its record's place,
    /// see [`fold_sources`]).
    places: UnitKeysWriter,
    /// Each unit's sampled n-grams, pushed as it is folded.
    index: IndexWriter,
    /// Per doc: whether its key was cut at [`MAX_KEY_CHARS`] and how long it was.
    cut: Vec<bool>,
    errors: Vec<crate::input::InputError>,
    /// Inputs read with undecodable bytes replaced.
    warnings: Vec<crate::input::InputError>,
    /// Source bytes read, for `--stats`.
    bytes: u64,
}

impl Units {
    fn new(budget: &Budget) -> Units {
        Units {
            docs: Vec::new(),
            keys: KeysWriter::new(budget),
            places: UnitKeysWriter::default(),
            index: IndexWriter::new(budget),
            cut: Vec::new(),
            errors: Vec::new(),
            warnings: Vec::new(),
            bytes: 0,
        }
    }

    fn push_batch(&mut self, batch: Vec<Folded>) {
        let mut keys = Vec::with_capacity(batch.len());
        for f in batch {
            self.cut.push(f.cut);
            self.index.push(&f.grams);
            let keep = self
                .places
                .push(f.at.as_ref(), f.doc.chars, f.hash, &f.gone);
            self.docs.push(f.doc);
            keys.push(if keep { f.key } else { Key::default() });
        }
        self.keys.push_batch(keys);
    }
}

/// A unit folded to its key (on a worker thread).
struct Folded {
    doc: ScanDocument,
    key: Key,
    /// Whether the key was cut at [`MAX_KEY_CHARS`].
    cut: bool,
    hash: u64,
    /// The key's sampled n-gram hashes, for the index.
    grams: Vec<u64>,
    /// Where the unit's record is, if it can be read again, and the byte
    /// ranges of its text that folding it again leaves out.
    at: Option<RecordAt>,
    gone: Vec<(u32, u32)>,
}

impl Folded {
    fn new(doc: ScanDocument, (key, cut): (Key, bool), sampler: &Sampler) -> Folded {
        let mut grams = Vec::with_capacity(key.len() / 2);
        sampler.extend(&key.chars, |h| h, &mut grams);
        Folded {
            grams,
            doc: ScanDocument {
                chars: key.len(),
                ..doc
            },
            hash: key_hash(&key.chars),
            at: None,
            gone: Vec::new(),
            key,
            cut,
        }
    }
}

/// Whole files or records: streamed, folded straight from the decoded text
/// (no cleaning pass: the key drops everything cleaning would change), and
/// each source dropped as soon as its key is built.
fn whole_units(cfg: &ScanConfig, budget: &Budget) -> Units {
    let mut units = Units::new(budget);
    // A record that can be read again keeps no key (see `crate::unit_keys`):
    // at 100k records that was 181 MB less to touch, and faster even when
    // the machine had the memory at hand (1.30 against 1.31-1.33 s; 1.6-1.8
    // against 2.2 s when it had not). Other keys are about as large as
    // their text (three bytes a char, Chinese is three bytes a char), and
    // input too large for the budget spills them from the start.
    let bytes: u64 = cfg
        .paths
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum();
    if cfg.input.format != InputFormat::Jsonl {
        units.keys.expect(bytes / 3);
    }
    units
        .index
        .expect(bytes / 3 / cfg.candidates.sample_rate.max(1));
    let sampler = Sampler::new(cfg.candidates.sample_rate);
    // Each batch is folded while the one before is stored: storing is
    // serial (0.12 s of a 100k scan's 0.45 s of read+fold), and folding
    // need not wait for it.
    let mut pending: Option<Vec<Folded>> = None;
    let loaded = crate::input::load_each(&cfg.paths, &cfg.input, |batch| {
        units.bytes += text_bytes(&batch);
        let before = pending.take();
        let (folded, ()) = rayon::join(
            || fold_sources(&batch, &sampler, true, &cfg.clean),
            || units.push_batch(before.unwrap_or_default()),
        );
        pending = Some(folded);
    });
    units.push_batch(pending.unwrap_or_default());
    units.errors = loaded.errors;
    units.warnings = loaded.warnings;
    unique_ids(units.docs.iter_mut());
    units
}

fn text_bytes(batch: &[Source]) -> u64 {
    batch.iter().map(|s| s.text.len() as u64).sum()
}

/// Whole sources as units, folded in parallel.
/// With `again`, keys of records that can be read again are not kept.
fn fold_sources(
    batch: &[Source],
    sampler: &Sampler,
    again: bool,
    clean: &CleanOptions,
) -> Vec<Folded> {
    batch
        .par_iter()
        .map(|s| {
            let page = page_key(&s.text, &s.offsets, MAX_KEY_CHARS, clean);
            let doc = ScanDocument {
                title: page.title,
                chars: 0,
                id: s.id.clone(),
                source: s.path.clone(),
            };
            let folded = Folded::new(doc, (page.key, page.cut), sampler);
            match (&s.at, page.again) {
                // Read again when needed: the key goes now, not a batch later.
                (Some(at), Again::Without(gone)) if again => Folded {
                    key: Key::default(),
                    at: Some(at.clone()),
                    gone,
                    ..folded
                },
                _ => folded,
            }
        })
        .collect()
}

/// Units from different inputs may share an id (`a/x.txt` and `b/x.txt` are
/// both `x`): every unit of such an id is named by its source instead
/// (`a/x.txt`, `a/x.txt#2` for an article), so pairs and clusters stay
/// unambiguous whatever the input order.
fn unique_ids<'a>(docs: impl Iterator<Item = &'a mut ScanDocument>) {
    let mut docs: Vec<&mut ScanDocument> = docs.collect();
    // Ids borrowed, not cloned: a million of them cloned into a counting map
    // cost half a second, alone on one core.
    let mut first: crate::hash::FxHashMap<&str, usize> =
        crate::hash::FxHashMap::with_capacity_and_hasher(docs.len(), Default::default());
    let mut shared = vec![false; docs.len()];
    for (k, d) in docs.iter().enumerate() {
        match first.entry(d.id.as_str()) {
            std::collections::hash_map::Entry::Occupied(f) => {
                shared[*f.get()] = true;
                shared[k] = true;
            }
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(k);
            }
        }
    }
    drop(first);
    for (d, _) in docs.iter_mut().zip(shared).filter(|(_, s)| *s) {
        d.id = match d.id.rsplit_once('#') {
            Some((_, n)) => format!("{}#{n}", d.source),
            None => d.source.clone(),
        };
    }
}

/// Scan sources already loaded (the library entry point; the command streams
/// its inputs instead). Same units and result as the command.
pub fn scan_sources(sources: &[Source], cfg: &ScanConfig) -> ScanResult {
    let per_file = cfg.unit == Unit::File || matches!(cfg.input.format, InputFormat::Jsonl);
    let budget = Budget::new(cfg.memory);
    let units = if per_file {
        let mut units = Units::new(&budget);
        units.bytes = text_bytes(sources);
        units.push_batch(fold_sources(
            sources,
            &Sampler::new(cfg.candidates.sample_rate),
            false,
            &cfg.clean,
        ));
        unique_ids(units.docs.iter_mut());
        units
    } else {
        text_units(&unit_texts(sources, cfg), cfg, &budget)
    };
    compare(units, cfg, &budget, &mut ScanStats::default())
}

/// A unit's cleaned text before it is folded to a key (what `merge` and
/// `report` work on).
#[derive(Debug, Clone)]
pub struct UnitText {
    pub doc: ScanDocument,
    pub text: String,
    /// Source byte range of every char of `text`.
    pub map: Vec<Span>,
}

/// The units `scan` compares, cleaned, in input order (ids as in its result):
/// articles cut out by `split`, or whole files and records.
pub fn unit_texts(sources: &[Source], cfg: &ScanConfig) -> Vec<UnitText> {
    let mut texts = cleaned_units(sources, cfg);
    unique_ids(texts.iter_mut().map(|u| &mut u.doc));
    texts
}

fn cleaned_units(sources: &[Source], cfg: &ScanConfig) -> Vec<UnitText> {
    let per_file = cfg.unit == Unit::File || matches!(cfg.input.format, InputFormat::Jsonl);
    if per_file {
        return sources
            .par_iter()
            .map(|s| {
                let c = clean(s, &cfg.clean);
                UnitText {
                    doc: ScanDocument {
                        id: s.id.clone(),
                        source: s.path.clone(),
                        title: c
                            .text
                            .lines()
                            .next()
                            .filter(|l| l.chars().count() <= 40)
                            .map(str::to_string),
                        chars: 0,
                    },
                    text: c.text,
                    map: c.map,
                }
            })
            .collect();
    }
    crate::commands::split::articles(sources, &cfg.clean)
        .into_iter()
        .flatten()
        .map(|a| UnitText {
            doc: ScanDocument {
                id: a.id,
                source: a.source,
                title: a.title,
                chars: 0,
            },
            map: a.map.unwrap_or_default(),
            text: a.text,
        })
        .collect()
}

fn text_units(texts: &[UnitText], cfg: &ScanConfig, budget: &Budget) -> Units {
    let sampler = &Sampler::new(cfg.candidates.sample_rate);
    let batch = texts
        .par_iter()
        .map(|u| {
            let chars = u.text.chars().zip(u.map.iter().copied());
            let key = Key::build(chars, MAX_KEY_CHARS, u.map.len());
            Folded::new(u.doc.clone(), key, sampler)
        })
        .collect();
    let mut units = Units::new(budget);
    units.bytes = texts.iter().map(|u| u.text.len() as u64).sum();
    units.push_batch(batch);
    units
}

/// Compare units already cleaned (see [`unit_texts`]).
pub fn scan_units(texts: &[UnitText], cfg: &ScanConfig) -> ScanResult {
    let budget = Budget::new(cfg.memory);
    compare(
        text_units(texts, cfg, &budget),
        cfg,
        &budget,
        &mut ScanStats::default(),
    )
}

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

/// Candidate pairs (by index) verified together.
struct Piece {
    pairs: Vec<u32>,
    /// Whether each key of the piece is read once and held for all its
    /// pairs (rather than read for each pair it is in).
    held: bool,
}

/// Key chars a piece may hold at once (a few MB per thread).
const HELD_CHARS: usize = 1 << 21;

/// The candidate pairs (sorted) cut into pieces of work: the pairs of one
/// component of the candidate graph, when its keys together are small
/// enough to hold, so that each key is read (or folded again, see
/// [`crate::unit_keys`]) once instead of once per pair; otherwise the pairs
/// of one first document, whose keys are read as each pair needs them.
fn pieces(pairs: &[(u32, u32)], lens: &[usize]) -> Vec<Piece> {
    let mut sets = Sets::new(lens.len());
    for &(i, j) in pairs {
        sets.join(i as usize, j as usize);
    }
    let mut size = vec![0usize; lens.len()];
    let mut by_root: Vec<(u32, u32)> = Vec::with_capacity(pairs.len());
    for (p, &(i, _)) in pairs.iter().enumerate() {
        by_root.push((sets.root(i as usize) as u32, p as u32));
    }
    for (d, &len) in lens.iter().enumerate() {
        size[sets.root(d)] += len;
    }
    // Pairs stay in their order within a component: groups by first
    // document stay together.
    by_root.sort_unstable();
    let mut out = Vec::new();
    for comp in by_root.chunk_by(|x, y| x.0 == y.0) {
        if size[comp[0].0 as usize] <= HELD_CHARS {
            out.push(Piece {
                pairs: comp.iter().map(|c| c.1).collect(),
                held: true,
            });
            continue;
        }
        for group in comp.chunk_by(|x, y| pairs[x.1 as usize].0 == pairs[y.1 as usize].0) {
            out.push(Piece {
                pairs: group.iter().map(|c| c.1).collect(),
                held: false,
            });
        }
    }
    out
}

/// Deterministic: same result for any thread count and input order.
/// Scan the configured paths: the result, what was skipped or read with
/// replaced bytes (as an [`Outcome`]), and each stage's time.
pub fn scan_paths(cfg: &ScanConfig) -> (ScanResult, Outcome, ScanStats) {
    let mut stats = ScanStats::default();
    let t = Instant::now();
    let per_file = cfg.unit == Unit::File || matches!(cfg.input.format, InputFormat::Jsonl);
    let budget = Budget::new(cfg.memory);
    let mut units = if per_file {
        whole_units(cfg, &budget)
    } else {
        // Articles need the whole run at once: `split` scores junctions
        // against every page.
        let loaded = crate::input::load(&cfg.paths, &cfg.input);
        Units {
            errors: loaded.errors,
            warnings: loaded.warnings,
            ..text_units(&unit_texts(&loaded.sources, cfg), cfg, &budget)
        }
    };
    let outcome = Outcome {
        skipped: units.errors.drain(..).map(|e| e.to_string()).collect(),
        warnings: units.warnings.drain(..).map(|e| e.to_string()).collect(),
        findings: false,
    };
    let key_chars: usize = units.docs.iter().map(|d| d.chars).sum();
    stats.bytes = units.bytes;
    stats.stage(
        "read+fold",
        t,
        format!(
            "{} documents, {} bytes, {key_chars} key chars, {} MB of keys{}{}",
            units.docs.len(),
            units.bytes,
            units.keys.bytes() >> 20,
            if units.keys.spilled() {
                " (in a temp file)"
            } else {
                ""
            },
            match units.places.again() {
                0 => String::new(),
                n => format!(", {n} to be read again from their records"),
            }
        ),
    );
    let result = compare(units, cfg, &budget, &mut stats);
    let outcome = Outcome {
        findings: !result.pairs.is_empty(),
        ..outcome
    };
    (result, outcome, stats)
}

/// The comparison proper: index, verify, cluster.
fn compare(units: Units, cfg: &ScanConfig, budget: &Budget, stats: &mut ScanStats) -> ScanResult {
    let t = Instant::now();
    let Units {
        docs,
        keys,
        places,
        index,
        cut,
        ..
    } = units;
    let keys = places.finish(keys.finish(), MAX_KEY_CHARS, cfg.input.lean);
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
    let copy_of = identical_keys(&order, &keys, cfg.align.min_span);
    // The index numbers units as stored; pairs are then put in id order.
    let mut indexed = vec![false; order.len()];
    for (k, &d) in order.iter().enumerate() {
        indexed[d] = copy_of[k].is_none();
    }
    let lens: Vec<usize> = order.iter().map(|&d| keys.key_len(d)).collect();
    let mut rank = vec![0u32; order.len()];
    for (k, &d) in order.iter().enumerate() {
        rank[d] = k as u32;
    }
    let mut found = index.finish(&indexed, &cfg.candidates, budget);
    drop(indexed);
    for p in found.pairs.iter_mut().chain(found.copies.iter_mut()) {
        let (a, b) = (rank[p.0 as usize], rank[p.1 as usize]);
        *p = (a.min(b), a.max(b));
    }
    found.pairs.par_sort_unstable();
    found.copies.par_sort_unstable();
    drop(rank);
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
            cfg.candidates.max_df
        ));
    }
    let t = stats.stage(
        "index",
        t,
        format!(
            "{} candidate pairs, {} identical copies, {} MB of index and {} MB of votes{} ({})",
            found.pairs.len(),
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
    );
    // A bar on a terminal only: stderr is for people, and indicatif draws nothing elsewhere.
    let pieces = pieces(&found.pairs, &lens);
    let bar = ProgressBar::new(found.pairs.len() as u64).with_style(
        ProgressStyle::with_template("verifying {pos}/{len} candidate pairs {wide_bar} {eta}")
            .expect("valid template"),
    );
    if found.pairs.len() < 1000 {
        bar.set_draw_target(ProgressDrawTarget::hidden());
    }
    let sampler = Sampler::new(cfg.candidates.sample_rate);
    // A passage whose sampled n-grams are all stock phrases (a dated source
    // line, an agency's sign-off) says nothing about the pair.
    let not_stock = |grams: &[u64]| {
        let mut sampled = grams.iter().filter(|&&h| sampler.keeps(h)).peekable();
        sampled.peek().is_none() || sampled.any(|&h| !found.common.contains(h))
    };
    // `first` holds the first document's spans once a pair of its group needs them.
    let verify = |aligner: &Aligner,
                  first: (&Stored, &OnceCell<KeyRef>),
                  i: usize,
                  second: (usize, &Stored)| {
        let (j, stored) = second;
        let (la, kb) = (lens[i], stored.chars());
        let (da, db) = (&docs[order[i]], &docs[order[j]]);
        let (mut locals, mut capped) = aligner.align(kb, &cfg.align, not_stock);
        // Proposed as copies by the stock phrases they share: stock text
        // counts when it makes one a copy of the other (a story reprinted
        // hundreds of times is all stock phrases), not when it is only a
        // part of each (a site's footer on each of its pages).
        let copy = |locals: &[Local]| {
            let shared = locals.iter().map(|l| l.len()).sum();
            relation(shared, la, kb.len(), &cfg.relation).is_some_and(|r| r != Relation::Overlap)
        };
        if found.copies.binary_search(&(i as u32, j as u32)).is_ok() && !copy(&locals) {
            let (all, all_capped) = aligner.align(kb, &cfg.align, |_| true);
            if copy(&all) {
                (locals, capped) = (all, all_capped);
            }
        }
        let note = capped.then(|| {
            format!(
                "{} / {}: alignment seeds capped at {}",
                da.id, db.id, cfg.align.max_seeds
            )
        });
        let shared: usize = locals.iter().map(|l| l.len()).sum();
        let pair = relation(shared, la, kb.len(), &cfg.relation).map(|rel| {
            let ij = (i as u32, j as u32);
            let (sa, sb) = (first.1.get_or_init(|| first.0.spans()), stored.spans());
            // Copies by coverage may still be two stories told in one form.
            let side = |key, spans| template::Side { key, spans };
            let sides = (side(first.0.chars(), Some(sa)), side(kb, Some(&sb)));
            let twins = cluster::copies(rel).then(|| template::twins(sides.0, sides.1, &locals));
            let twins = twins.flatten();
            let pair = Pair {
                a: da.id.clone(),
                b: db.id.clone(),
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
            };
            (ij, pair)
        });
        (pair, note)
    };
    type Verified = (Option<((u32, u32), Pair)>, Option<String>);
    let done: Vec<Vec<(u32, Verified)>> = pieces
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
            let mut out = Vec::with_capacity(piece.pairs.len());
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
                    let v = verify(&aligner, (first, &spans), i as usize, (j as usize, second));
                    out.push((p, v));
                }
            }
            bar.inc(piece.pairs.len() as u64);
            out
        })
        .collect();
    bar.finish_and_clear();
    // Back in pair order.
    let mut verified: Vec<Verified> = Vec::new();
    verified.resize_with(found.pairs.len(), || (None, None));
    for (p, v) in done.into_iter().flatten() {
        verified[p as usize] = v;
    }
    let t = stats.stage(
        "verify",
        t,
        format!("{} candidate pairs aligned", found.pairs.len()),
    );
    // Pairs as document numbers in id order: sorting and clustering on
    // numbers gives the id order without comparing or looking up a string.
    let mut numbered: Vec<((u32, u32), Pair)> = copy_of
        .iter()
        .enumerate()
        .filter_map(|(k, f)| f.map(|f| (f, k)))
        .map(|(f, k)| {
            let (ka, kb) = (keys.get(order[f]), keys.get(order[k]));
            let len = lens[f];
            let pair = Pair {
                a: docs[order[f]].id.clone(),
                b: docs[order[k]].id.clone(),
                relation: Relation::Duplicate,
                slots: Vec::new(),
                similarity: 1.0,
                shared_chars: len,
                spans: vec![SharedSpan {
                    a: ka.source_span(0, len),
                    b: kb.source_span(0, len),
                }],
            };
            ((f as u32, k as u32), pair)
        })
        .collect();
    for (pair, note) in verified {
        numbered.extend(pair);
        notes.extend(note);
    }
    notes.extend(keys.failures().into_iter().map(|(d, why)| {
        format!(
            "{}: could not be read again ({why}); compared as empty",
            docs[d].source
        )
    }));
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
    drop(keys);
    let mut docs = docs;
    let mut slots: Vec<Option<ScanDocument>> = docs.drain(..).map(Some).collect();
    let documents: Vec<ScanDocument> = order
        .iter()
        .map(|&d| slots[d].take().expect("each document once"))
        .collect();
    stats.stage(
        "cluster",
        t,
        format!("{} pairs, {} clusters", pairs.len(), clusters.len()),
    );
    ScanResult {
        documents,
        pairs,
        clusters,
        notes,
    }
}

pub fn run(cfg: &ScanConfig, stdout: &mut dyn Write) -> Result<Outcome, Error> {
    let (result, outcome, mut stats) = scan_paths(cfg);
    let t = Instant::now();
    let mut out = Counted {
        // Small writes: see `WRITE_PIECE`.
        inner: std::io::BufWriter::with_capacity(crate::spill::WRITE_PIECE, stdout),
        bytes: 0,
    };
    match cfg.format {
        Format::Text => render::scan::text(&result, &mut out)?,
        Format::Json => render::scan::json(&result, &mut out)?,
        Format::Jsonl => render::scan::jsonl(&result, &mut out)?,
    }
    out.flush()?;
    stats.stage("render", t, format!("{} bytes written", out.bytes));
    if cfg.stats {
        eprint!("{}", render::scan::stats(&stats));
    }
    Ok(outcome)
}

/// Counts what passes through, for `--stats`.
struct Counted<W: Write> {
    inner: W,
    bytes: u64,
}

impl<W: Write> Write for Counted<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}
