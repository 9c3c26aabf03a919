//! `reprint scan`: which units are copies of each other, which contain others, which share passages.

use crate::align::{AlignOptions, Aligner};
use crate::candidates::{CandidateOptions, IndexWriter};
use crate::cluster::{clusters_of, relation, RelationOptions};
use crate::error::{Error, Outcome};
use crate::fingerprint::{Key, KeyRef, Keys, KeysWriter, Sampler, Stored};
use crate::input::{InputFormat, InputOptions};
use crate::model::{Pair, Relation, ScanDocument, ScanResult, SharedSpan, Source, Span};
use crate::normalize::{clean, CleanOptions};
use crate::render;
use crate::spill::Budget;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use std::cell::OnceCell;
use std::hash::{Hash, Hasher};
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
    /// Each unit's sampled n-grams, pushed as it is folded.
    index: IndexWriter,
    /// Per doc: a hash of its key chars, to find identical keys without reading them.
    hashes: Vec<u64>,
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
            index: IndexWriter::new(budget),
            hashes: Vec::new(),
            cut: Vec::new(),
            errors: Vec::new(),
            warnings: Vec::new(),
            bytes: 0,
        }
    }

    fn push_batch(&mut self, batch: Vec<Folded>) {
        let mut keys = Vec::with_capacity(batch.len());
        for f in batch {
            self.docs.push(f.doc);
            self.cut.push(f.cut);
            self.hashes.push(f.hash);
            self.index.push(&f.grams);
            keys.push(f.key);
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
}

impl Folded {
    fn new(doc: ScanDocument, (key, cut): (Key, bool), sampler: &Sampler) -> Folded {
        let mut h = crate::hash::FxHasher::default();
        key.chars.hash(&mut h);
        let mut grams = Vec::with_capacity(key.len() / 2);
        sampler.extend(&key.chars, |h| h, &mut grams);
        Folded {
            grams,
            doc: ScanDocument {
                chars: key.len(),
                ..doc
            },
            hash: h.finish(),
            key,
            cut,
        }
    }
}

/// The first short line, as a title: scraped records rarely label theirs.
fn first_line_title(text: &str) -> Option<String> {
    text.lines()
        .map(str::trim)
        .find(|l| {
            l.chars()
                .filter(|c| crate::normalize::tape::is_han(*c))
                .count()
                >= 2
        })
        .filter(|l| l.chars().count() <= 40)
        .map(str::to_string)
}

/// Whole files or records: streamed, folded straight from the decoded text
/// (no cleaning pass: the key drops everything cleaning would change), and
/// each source dropped as soon as its key is built.
fn whole_units(cfg: &ScanConfig, budget: &Budget) -> Units {
    let mut units = Units::new(budget);
    // Chinese text is about three bytes a key char; a key is three bytes a
    // char. Input too large for the budget spills its keys from the start.
    let bytes: u64 = cfg
        .paths
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum();
    units.keys.expect(bytes / 3);
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
            || fold_sources(&batch, &sampler),
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
fn fold_sources(batch: &[Source], sampler: &Sampler) -> Vec<Folded> {
    batch
        .par_iter()
        .map(|s| {
            let doc = ScanDocument {
                title: first_line_title(&s.text),
                chars: 0,
                id: s.id.clone(),
                source: s.path.clone(),
            };
            let key = Key::from_source(&s.text, &s.offsets, MAX_KEY_CHARS);
            Folded::new(doc, key, sampler)
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
fn identical_keys(
    order: &[usize],
    hashes: &[u64],
    keys: &Keys,
    min_len: usize,
) -> Vec<Option<usize>> {
    // Units by hash (then id order): only runs of one hash are compared. A
    // map of hash to units cost an allocation per unit.
    let mut by_hash: Vec<(u64, usize)> = order
        .iter()
        .enumerate()
        .filter(|&(_, &d)| keys.key_len(d) >= min_len)
        .map(|(k, &d)| (hashes[d], k))
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
            "{} documents, {} bytes, {key_chars} key chars, {} MB of keys{}",
            units.docs.len(),
            units.bytes,
            units.keys.bytes() >> 20,
            if units.keys.spilled() {
                " (in a temp file)"
            } else {
                ""
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
        index,
        hashes,
        cut,
        ..
    } = units;
    let keys = keys.finish();
    // Input order must not matter: compare in id order.
    let mut order: Vec<usize> = (0..docs.len()).collect();
    order.par_sort_by(|&x, &y| {
        let (a, b) = (&docs[x], &docs[y]);
        a.id.cmp(&b.id).then(a.source.cmp(&b.source))
    });
    let mut notes: Vec<String> = keys
        .failed
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
    let copy_of = identical_keys(&order, &hashes, &keys, cfg.align.min_span);
    drop(hashes);
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
    for p in found.pairs.iter_mut() {
        let (a, b) = (rank[p.0 as usize], rank[p.1 as usize]);
        *p = (a.min(b), a.max(b));
    }
    found.pairs.par_sort_unstable();
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
            "{} candidate pairs, {} identical copies{} ({})",
            found.pairs.len(),
            copy_of.iter().flatten().count(),
            if found.spilled {
                ", index in a temp file"
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
    // Pairs come sorted by their first document: each group shares one aligner.
    let groups: Vec<&[(u32, u32)]> = found.pairs.chunk_by(|x, y| x.0 == y.0).collect();
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
    let verify = |aligner: &Aligner, first: (&Stored, &OnceCell<KeyRef>), i: usize, j: usize| {
        let stored = keys.stored(order[j]);
        let (la, kb) = (lens[i], stored.chars());
        let (da, db) = (&docs[order[i]], &docs[order[j]]);
        let (locals, capped) = aligner.align(kb, &cfg.align, not_stock);
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
            let pair = Pair {
                a: da.id.clone(),
                b: db.id.clone(),
                relation: rel,
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
    let verified: Vec<Verified> = groups
        .par_iter()
        .flat_map_iter(|group| {
            let i = group[0].0 as usize;
            // Read once: its chars now, its spans when a pair needs them.
            let first = keys.stored(order[i]);
            let aligner = Aligner::new(first.chars());
            let spans = OnceCell::new();
            let out: Vec<_> = group
                .iter()
                .map(|&(_, j)| verify(&aligner, (&first, &spans), i, j as usize))
                .collect();
            bar.inc(group.len() as u64);
            out
        })
        .collect();
    bar.finish_and_clear();
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
    numbered.par_sort_unstable_by_key(|(ij, _)| *ij);
    let clusters = clusters_of(
        order.len(),
        numbered
            .iter()
            .filter(|(_, p)| p.relation != Relation::Overlap)
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
        inner: std::io::BufWriter::with_capacity(1 << 20, stdout),
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
