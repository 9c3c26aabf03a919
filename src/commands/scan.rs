//! `reprint scan`: which units are copies of each other, which contain others, which share passages.

use crate::align::{align, AlignOptions};
use crate::candidates::{candidates, CandidateOptions};
use crate::cluster::{clusters, relation, RelationOptions};
use crate::error::{Error, Outcome};
use crate::fingerprint::{grams, key, Key};
use crate::input::{InputFormat, InputOptions};
use crate::model::{Pair, Relation, ScanDocument, ScanResult, SharedSpan, Source, Span};
use crate::normalize::{clean, CleanOptions};
use crate::render;
use indicatif::{ParallelProgressIterator, ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use std::io::Write;

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
}

/// A unit ready to compare.
struct Compared {
    doc: ScanDocument,
    key: Key,
}

/// A unit's cleaned text before it is folded to a key (what `report` diffs).
#[derive(Debug, Clone)]
pub struct UnitText {
    pub doc: ScanDocument,
    pub text: String,
    /// Source byte range of every char of `text`.
    pub map: Vec<Span>,
}

/// The units `scan` compares, cleaned, in input order (ids as in its result).
pub fn unit_texts(sources: &[Source], cfg: &ScanConfig) -> Vec<UnitText> {
    let per_file = cfg.unit == Unit::File || matches!(cfg.input.format, InputFormat::Jsonl);
    if per_file {
        return sources
            .par_iter()
            .map(|s| {
                let c = clean(s, &cfg.clean);
                let title = c
                    .text
                    .lines()
                    .next()
                    .filter(|l| l.chars().count() <= 40)
                    .map(str::to_string);
                UnitText {
                    doc: ScanDocument {
                        id: s.id.clone(),
                        source: s.path.clone(),
                        title,
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

fn units(sources: &[Source], cfg: &ScanConfig) -> Vec<Compared> {
    unit_texts(sources, cfg)
        .into_par_iter()
        .map(|u| {
            let key = key(&u.text, &u.map);
            Compared {
                doc: ScanDocument {
                    chars: key.chars.len(),
                    ..u.doc
                },
                key,
            }
        })
        .collect()
}

/// Scan loaded sources. Deterministic: same result for any thread count and input order.
pub fn scan(sources: &[Source], cfg: &ScanConfig) -> ScanResult {
    let mut units = units(sources, cfg);
    // Input order must not matter: compare in id order.
    units.sort_by(|x, y| {
        x.doc
            .id
            .cmp(&y.doc.id)
            .then(x.doc.source.cmp(&y.doc.source))
    });
    let mut notes = Vec::new();
    // Bounded work per document: a giant unit is compared on its first part only, visibly.
    for u in &units {
        if u.key.chars.len() > MAX_KEY_CHARS {
            notes.push(format!(
                "{}: compared on its first {MAX_KEY_CHARS} of {} chars",
                u.doc.id,
                u.key.chars.len()
            ));
        }
    }
    // Identical keys are settled without the index: a thousand copies of one
    // story would push every n-gram past the stock-phrase cap. Each copy pairs
    // with the first (in id order); only that one is indexed.
    let mut first_of: crate::hash::FxHashMap<&[char], usize> = Default::default();
    let mut copy_of: Vec<Option<usize>> = vec![None; units.len()];
    for (k, u) in units.iter().enumerate() {
        if u.key.chars.len() >= cfg.align.min_span {
            match first_of.get(u.key.chars.as_slice()) {
                Some(&f) => copy_of[k] = Some(f),
                None => {
                    first_of.insert(&u.key.chars, k);
                }
            }
        }
    }
    let fingerprints: Vec<Vec<u64>> = units
        .par_iter()
        .zip(&copy_of)
        .map(|(u, copy)| match copy {
            Some(_) => Vec::new(),
            None => grams(&u.key.chars[..u.key.chars.len().min(MAX_KEY_CHARS)]),
        })
        .collect();
    let (pairs, common) = candidates(&fingerprints, &cfg.candidates);
    if common > 0 {
        notes.push(format!(
            "{common} n-grams shared by more than {} documents were ignored as stock phrases",
            cfg.candidates.max_df
        ));
    }
    // A bar on a terminal only: stderr is for people, and indicatif draws nothing elsewhere.
    let bar = ProgressBar::new(pairs.len() as u64).with_style(
        ProgressStyle::with_template("verifying {pos}/{len} candidate pairs {wide_bar} {eta}")
            .expect("valid template"),
    );
    if pairs.len() < 1000 {
        bar.set_draw_target(ProgressDrawTarget::hidden());
    }
    let verified: Vec<(Option<Pair>, Option<String>)> = pairs
        .par_iter()
        .progress_with(bar.clone())
        .map(|&(i, j)| {
            let (ua, ub) = (&units[i], &units[j]);
            let (locals, capped) = align(&fingerprints[i], &fingerprints[j], &cfg.align);
            let note = capped.then(|| {
                format!(
                    "{} / {}: alignment seeds capped at {}",
                    ua.doc.id, ub.doc.id, cfg.align.max_seeds
                )
            });
            let shared: usize = locals.iter().map(|l| l.len()).sum();
            let pair = relation(
                shared,
                ua.key.chars.len(),
                ub.key.chars.len(),
                &cfg.relation,
            )
            .map(|rel| Pair {
                a: ua.doc.id.clone(),
                b: ub.doc.id.clone(),
                relation: rel,
                similarity: (2.0 * shared as f64
                    / (ua.key.chars.len() + ub.key.chars.len()).max(1) as f64)
                    .min(1.0),
                shared_chars: shared,
                spans: locals
                    .iter()
                    .map(|l| SharedSpan {
                        a: ua.key.source_span(l.a.0, l.a.1),
                        b: ub.key.source_span(l.b.0, l.b.1),
                    })
                    .collect(),
            });
            (pair, note)
        })
        .collect();
    bar.finish_and_clear();
    let mut found: Vec<Pair> = copy_of
        .iter()
        .enumerate()
        .filter_map(|(k, f)| f.map(|f| (f, k)))
        .map(|(f, k)| {
            let (a, b) = (&units[f], &units[k]);
            let len = a.key.chars.len();
            Pair {
                a: a.doc.id.clone(),
                b: b.doc.id.clone(),
                relation: Relation::Duplicate,
                similarity: 1.0,
                shared_chars: len,
                spans: vec![SharedSpan {
                    a: a.key.source_span(0, len),
                    b: b.key.source_span(0, len),
                }],
            }
        })
        .collect();
    for (pair, note) in verified {
        found.extend(pair);
        notes.extend(note);
    }
    found.sort_by(|x, y| (&x.a, &x.b).cmp(&(&y.a, &y.b)));
    let ids: Vec<String> = units.iter().map(|u| u.doc.id.clone()).collect();
    let clusters = clusters(&ids, &found);
    ScanResult {
        documents: units.into_iter().map(|u| u.doc).collect(),
        pairs: found,
        clusters,
        notes,
    }
}

pub fn run(cfg: &ScanConfig, stdout: &mut dyn Write) -> Result<Outcome, Error> {
    let (loaded, mut outcome) = super::load(&cfg.paths, &cfg.input, None)?;
    let result = scan(&loaded.sources, cfg);
    outcome.findings = !result.pairs.is_empty();
    let body = match cfg.format {
        Format::Text => render::scan::text(&result),
        Format::Json => render::scan::json(&result),
        Format::Jsonl => render::scan::jsonl(&result),
    };
    stdout.write_all(body.as_bytes())?;
    stdout.flush()?;
    Ok(outcome)
}
