//! The engine behind `scan`, `merge` and `report`: units in, pairs and clusters out.
//!
//! [`units`] builds the comparison units (whole files and records, or the
//! articles `split` cuts out) the same way for every caller; [`keys`] folds
//! each to its comparison key and samples its n-grams; [`index`] proposes
//! candidate pairs from the shared n-grams; [`verify`] aligns each pair;
//! [`cluster`] turns the relations into clusters of copies, and
//! [`template`] tells a copy from one form filled in twice.

pub mod cluster;
mod compare;
mod feed;
pub mod index;
pub mod junction;
pub mod keys;
mod pair;
pub mod template;
pub mod units;
pub mod verify;
mod work;

use crate::error::Outcome;
use crate::input::{InputFormat, InputOptions};
use crate::model::{ScanResult, Source, Stats};
use crate::normalize::CleanOptions;
use crate::spill::Budget;
pub use feed::Scanner;
use std::time::Instant;
pub use units::UnitText;

/// What to compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Unit {
    /// Articles cut out by `split`.
    #[default]
    Article,
    /// Each file (or JSON Lines record) whole.
    File,
}

/// How to scan: what a unit is, how it is cleaned, and the thresholds of
/// each stage. Holds no paths or formats: the same options serve the CLI,
/// the Python binding and a distributed caller.
#[derive(Debug, Clone)]
pub struct ScanOptions {
    pub unit: Unit,
    pub clean: CleanOptions,
    pub candidates: index::CandidateOptions,
    pub align: verify::AlignOptions,
    pub relation: cluster::RelationOptions,
    /// Bytes of keys and index held in memory; the rest goes to a temp file.
    pub memory: u64,
}

/// The CLI's defaults (`--memory 512M`).
impl Default for ScanOptions {
    fn default() -> Self {
        ScanOptions {
            unit: Unit::default(),
            clean: CleanOptions::default(),
            candidates: index::CandidateOptions::default(),
            align: verify::AlignOptions::default(),
            relation: cluster::RelationOptions::default(),
            memory: 512 << 20,
        }
    }
}

/// The thresholds a caller sets (the CLI's `--cover`, `--min-overlap`,
/// `--min-span`, `--max-df`), checked and clamped the same way for every front
/// end. Errors name the setting.
#[derive(Debug, Clone, Copy)]
pub struct Thresholds {
    pub cover: f64,
    pub min_overlap: usize,
    pub min_span: usize,
    pub max_df: usize,
}

impl ScanOptions {
    /// `self` with `t` applied: `cover` must be in (0, 1]; a df cap under 2
    /// would pair nothing and a span under one n-gram is no passage, so both are raised.
    pub fn with(self, t: Thresholds) -> Result<ScanOptions, String> {
        if !(t.cover > 0.0 && t.cover <= 1.0) {
            return Err(format!("cover must be in (0, 1], not {}", t.cover));
        }
        Ok(ScanOptions {
            candidates: index::CandidateOptions {
                max_df: t.max_df.max(2),
                ..self.candidates
            },
            align: verify::AlignOptions {
                min_span: t.min_span.max(keys::N),
                ..self.align
            },
            relation: cluster::RelationOptions {
                cover: t.cover,
                min_overlap: t.min_overlap,
            },
            ..self
        })
    }
}

/// Scan sources already loaded. Deterministic: the same result for any
/// thread count and input order.
pub fn scan_sources(sources: &[Source], opts: &ScanOptions) -> ScanResult {
    let budget = Budget::new(opts.memory);
    let units = match opts.unit {
        Unit::File => units::Units::of_sources(sources, opts, &budget),
        Unit::Article => units::Units::of_texts(&units::unit_texts(sources, opts), opts, &budget),
    };
    compare::compare(units, opts, false, &budget, &mut Stats::default())
}

/// Compare the units [`units::unit_texts`] made of `sources` (what `merge` and
/// `report` work on): the same units, keys, pairs and clusters as
/// [`scan_sources`] finds, without splitting the pages a second time.
pub fn scan_units(sources: &[Source], texts: &[UnitText], opts: &ScanOptions) -> ScanResult {
    let budget = Budget::new(opts.memory);
    let units = match opts.unit {
        Unit::File => {
            let mut units = units::Units::of_sources(sources, opts, &budget);
            // Titles as the caller shows them: from the cleaned text.
            for (d, t) in units.docs.iter_mut().zip(texts) {
                d.title.clone_from(&t.doc.title);
            }
            units
        }
        Unit::Article => units::Units::of_texts(texts, opts, &budget),
    };
    compare::compare(units, opts, false, &budget, &mut Stats::default())
}

/// Two whole texts verified as `scan --unit file` verifies a candidate pair:
/// their relation, similarity and shared passages (byte offsets into each
/// text), or `None` when they share too little; ids as given (`a` first).
/// `stock(h)`: sampled n-gram hash `h` is a stock phrase of the caller's
/// corpus (`|_| false` for none); `by_stock`: the pair was proposed through
/// stock phrases alone. What a distributed verify stage calls per pair.
pub fn verify_texts(
    a: (&str, &str),
    b: (&str, &str),
    opts: &ScanOptions,
    stock: impl Fn(u64) -> bool,
    by_stock: bool,
) -> Option<crate::model::Pair> {
    let key = |text: &str| keys::page::page_key(text, &[], units::MAX_KEY_CHARS, &opts.clean).key;
    let (ka, kb) = (keys::Stored::whole(key(a.1)), keys::Stored::whole(key(b.1)));
    let len = ka.chars().len();
    // Identical keys are settled without alignment, as `scan` settles them.
    if len >= opts.align.min_span && ka.chars() == kb.chars() {
        return Some(pair::duplicate((a.0, b.0), len, &ka.spans(), &kb.spans()));
    }
    let sampler = keys::Sampler::new(opts.candidates.sample_rate);
    let not_stock = |grams: &[u64]| pair::not_stock(&sampler, grams, &stock);
    let spans = std::cell::OnceCell::new();
    let first = pair::Side {
        id: a.0,
        len,
        key: &ka,
        spans: &spans,
    };
    let aligner = verify::Aligner::new(ka.chars());
    let (verified, _) = pair::verify(&aligner, first, (b.0, &kb), by_stock, opts, not_stock);
    verified.map(|v| v.with_ids(a.0.to_string(), b.0.to_string()))
}

/// Scan the inputs at `paths`, streamed where the unit allows: the result,
/// what was skipped or read with replaced bytes (as an [`Outcome`]), and each
/// stage's time.
pub fn scan_paths(
    paths: &[String],
    input: &InputOptions,
    opts: &ScanOptions,
) -> (ScanResult, Outcome, Stats) {
    let mut stats = Stats::default();
    let t = Instant::now();
    let budget = Budget::new(opts.memory);
    let mut units = if opts.unit == Unit::File || input.format == InputFormat::Jsonl {
        units::Units::streamed(paths, input, opts, &budget)
    } else {
        // Articles need the whole run at once: `split` scores junctions
        // against every page.
        let loaded = crate::input::load(paths, input);
        let texts = units::unit_texts(&loaded.sources, opts);
        units::Units {
            errors: loaded.errors,
            warnings: loaded.warnings,
            ..units::Units::of_texts(&texts, opts, &budget)
        }
    };
    let outcome = Outcome {
        skipped: units.errors.drain(..).map(|e| e.to_string()).collect(),
        warnings: units.warnings.drain(..).map(|e| e.to_string()).collect(),
        findings: false,
    };
    stats.bytes = units.bytes;
    let (detail, figures) = units.describe();
    stats.stage("read+fold", t, detail, figures);
    let result = compare::compare(units, opts, input.lean, &budget, &mut stats);
    let outcome = Outcome {
        findings: !result.pairs.is_empty(),
        ..outcome
    };
    (result, outcome, stats)
}
