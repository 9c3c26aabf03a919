//! The comparison units of a run (whole files and records, or the articles `split` cuts out), built one way for every caller.

use super::index::IndexWriter;
use super::keys::page::{page_key, Again};
use super::keys::reread::{key_hash, UnitKeysWriter};
use super::keys::{Key, KeysWriter, Sampler};
use super::{ScanOptions, Unit};
use crate::input::{InputFormat, InputOptions};
use crate::model::{RecordAt, ScanDocument, Source, Span};
use crate::normalize::{clean, CleanOptions};
use crate::spill::Budget;
use rayon::prelude::*;

/// Longest comparison key fingerprinted per document (a 1 MB article is about 330k chars).
pub(super) const MAX_KEY_CHARS: usize = 1_000_000;

/// The units to compare, each with its key's index in `keys`.
pub(super) struct Units {
    pub(super) docs: Vec<ScanDocument>,
    pub(super) keys: KeysWriter,
    /// Per doc: its key's hash and length, and whether it is in `keys` or is
    /// read again from its record (a unit folded with its record's place,
    /// see [`fold_sources`]).
    pub(super) places: UnitKeysWriter,
    /// Each unit's sampled n-grams, pushed as it is folded.
    pub(super) index: IndexWriter,
    /// Per doc: whether its key was cut at [`MAX_KEY_CHARS`] and how long it was.
    pub(super) cut: Vec<bool>,
    pub(super) errors: Vec<crate::input::InputError>,
    /// Inputs read with undecodable bytes replaced.
    pub(super) warnings: Vec<crate::input::InputError>,
    /// Source bytes read, for `--stats`.
    pub(super) bytes: u64,
}

impl Units {
    pub(super) fn new(budget: &Budget) -> Units {
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

    /// Whole files or records: streamed, folded straight from the decoded text
    /// (no cleaning pass: the key drops everything cleaning would change), and
    /// each source dropped as soon as its key is built.
    pub(super) fn streamed(
        paths: &[String],
        input: &InputOptions,
        opts: &ScanOptions,
        budget: &Budget,
    ) -> Units {
        let mut units = Units::new(budget);
        // A record that can be read again keeps no key (see `crate::scan::keys::reread`).
        // Other keys are about as large as their text (three bytes a char), so
        // input too large for the budget spills them from the start.
        let bytes: u64 = paths
            .iter()
            .filter_map(|p| std::fs::metadata(p).ok())
            .filter(|m| m.is_file())
            .map(|m| m.len())
            .sum();
        if input.format != InputFormat::Jsonl {
            units.keys.expect(bytes / 3);
        }
        units
            .index
            .expect(bytes / 3 / opts.candidates.sample_rate.max(1));
        let sampler = Sampler::new(opts.candidates.sample_rate);
        // Each batch is folded while the one before is stored: storing is
        // serial, and folding need not wait for it.
        let mut pending: Option<Vec<Folded>> = None;
        let loaded = crate::input::load_each(paths, input, |batch| {
            units.bytes += text_bytes(&batch);
            let before = pending.take();
            let (folded, ()) = rayon::join(
                || fold_sources(&batch, &sampler, true, &opts.clean),
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

    /// Whole sources already loaded, folded in parallel.
    pub(super) fn of_sources(sources: &[Source], opts: &ScanOptions, budget: &Budget) -> Units {
        let mut units = Units::new(budget);
        units.push_sources(sources, opts);
        units.finish_ids();
        units
    }

    /// One more batch of whole sources, folded in parallel (their keys kept).
    pub(super) fn push_sources(&mut self, sources: &[Source], opts: &ScanOptions) {
        self.bytes += text_bytes(sources);
        let sampler = Sampler::new(opts.candidates.sample_rate);
        self.push_batch(fold_sources(sources, &sampler, false, &opts.clean));
    }

    /// Once every unit is in: ids shared by two inputs named by their sources.
    pub(super) fn finish_ids(&mut self) {
        unique_ids(self.docs.iter_mut());
    }

    /// Units already cleaned (articles), folded in parallel.
    pub(super) fn of_texts(texts: &[UnitText], opts: &ScanOptions, budget: &Budget) -> Units {
        let sampler = &Sampler::new(opts.candidates.sample_rate);
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

    /// What was read and folded, for `--stats`: in words and as figures.
    pub(super) fn describe(&self) -> (String, Vec<(&'static str, u64)>) {
        let key_chars: usize = self.docs.iter().map(|d| d.chars).sum();
        let figures = vec![
            ("documents", self.docs.len() as u64),
            ("bytes", self.bytes),
            ("key_chars", key_chars as u64),
            ("key_bytes", self.keys.bytes()),
            ("keys_spilled", self.keys.spilled() as u64),
            ("read_again", self.places.again() as u64),
        ];
        let words = format!(
            "{} documents, {} bytes, {key_chars} key chars, {} MB of keys{}{}",
            self.docs.len(),
            self.bytes,
            self.keys.bytes() >> 20,
            if self.keys.spilled() {
                " (in a temp file)"
            } else {
                ""
            },
            match self.places.again() {
                0 => String::new(),
                n => format!(", {n} to be read again from their records"),
            }
        );
        (words, figures)
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
    // Ids borrowed, not cloned: cloning a million into a map is serial work.
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

/// One whole text's sampled n-gram hashes, the same bits `scan --unit file`
/// indexes it by: what a distributed caller's keys stage computes per document.
pub fn grams_of(text: &str, opts: &ScanOptions) -> Vec<u64> {
    fold_text(text, opts).1
}

/// One whole text's comparison key (its chars, cut as `scan` cuts it) and
/// sampled n-gram hashes: a distributed caller tells identical keys apart by
/// the first, as `scan` settles identical units, and indexes the second.
pub fn fold_text(text: &str, opts: &ScanOptions) -> (Vec<u16>, Vec<u64>) {
    let page = page_key(text, &[], MAX_KEY_CHARS, &opts.clean);
    let mut grams = Vec::with_capacity(page.key.len() / 2);
    Sampler::new(opts.candidates.sample_rate).extend(&page.key.chars, |h| h, &mut grams);
    (page.key.chars, grams)
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

/// One whole file or record cleaned as a `--unit file` unit (id as read,
/// before [`unit_texts`] makes ids unique): what a caller that streams its
/// units (`merge`) builds one at a time.
pub fn whole_unit_text(s: &Source, clean_opts: &CleanOptions) -> UnitText {
    let c = clean(s, clean_opts);
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
}

/// The units `scan` compares, cleaned, in input order (ids as in its result):
/// articles cut out by `split`, or whole files and records.
pub fn unit_texts(sources: &[Source], opts: &ScanOptions) -> Vec<UnitText> {
    let mut texts = cleaned_units(sources, opts);
    unique_ids(texts.iter_mut().map(|u| &mut u.doc));
    texts
}

fn cleaned_units(sources: &[Source], opts: &ScanOptions) -> Vec<UnitText> {
    if opts.unit == Unit::File {
        return sources
            .par_iter()
            .map(|s| whole_unit_text(s, &opts.clean))
            .collect();
    }
    crate::segment::articles(sources, &opts.clean)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grams_of_a_text_are_what_the_index_gets() {
        let text = "（上接第一版）今年全国两会期间，习近平总书记强调，用5年左右时间实现儿科服务全覆盖。\n【责任编辑：王一】";
        let opts = ScanOptions::default();
        let source = Source::from_utf8_text("a", "a.txt", text);
        let folded = fold_sources(&[source], &Sampler::new(3), false, &opts.clean);
        assert!(!folded[0].grams.is_empty());
        assert_eq!(grams_of(text, &opts), folded[0].grams);
        // The key a distributed caller compares is the one `scan` compares.
        let (key, grams) = fold_text(text, &opts);
        assert_eq!(
            (key, grams),
            (folded[0].key.chars.clone(), folded[0].grams.clone())
        );
        assert_eq!(folded[0].doc.chars, folded[0].key.chars.len());
    }
}
