//! `merge` as a streaming dedup step: a streamed scan finds the clusters, every unit is cleaned once in batches, lone units go out as they come, copies are read again when their cluster's turn comes.
//!
//! Memory grows with the clusters, not the corpus. Pass 1 is
//! [`crate::scan::scan_paths`] (keys folded per record and read again by
//! offset). Pass 2 reads the input again in batches: every unit is cleaned
//! (its chars counted for the vote's [`Evidence`], which must be whole before
//! any copy is merged), a unit in no cluster is merged alone and rendered at
//! once into a temp file, and a cluster member keeps only where its record
//! is. Pass 3 walks the clusters in the input order of their first member,
//! reads their members again, merges a batch of them in parallel and hands
//! every document to the caller in the order [`super::merge_units`] gives.
//! Stdin is spooled to a temp file first, so that it too can be read again.

use super::run::merge_group;
use super::Evidence;
use crate::error::{Error, Outcome};
use crate::input::{spool, InputOptions};
use crate::model::merge::Keep;
use crate::model::{MergedDocument, RecordAt, Source, Stats};
use crate::scan::units::whole_unit_text;
use crate::scan::{scan_paths, ScanOptions, Unit, UnitText};
use rayon::prelude::*;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Seek, Write};
use std::time::Instant;

/// One output document with what a renderer may want beside it.
pub struct Document<'a> {
    pub doc: MergedDocument,
    /// The units merged, cleaned, in the cluster's member order (one for a lone unit).
    pub witnesses: &'a [UnitText],
    /// The other fields of the JSON Lines record of the unit `doc` is built on.
    pub record: Option<&'a Map<String, Value>>,
}

/// How documents become bytes: on worker threads, in any order.
pub trait Render: Sync {
    fn render(&self, doc: &Document) -> Vec<u8>;
}

/// What the caller does with the documents: its [`Render`] renders each
/// one, then `emit` takes the rendered bytes in output order.
pub trait Sink {
    fn renderer(&self) -> &dyn Render;
    fn emit(&mut self, item: &[u8]) -> std::io::Result<()>;
}

/// Clusters merged per parallel batch, at most: memory holds one batch's witnesses.
const CLUSTERS_PER_BATCH: usize = 512;
/// ... and at most this many witnesses.
const WITNESSES_PER_BATCH: usize = 4096;

/// A cluster member until its cluster is merged: its cleaned text is in
/// the members' temp file, its input record where it was read.
struct Member {
    pos: usize,
    id: String,
    source: String,
    title: Option<String>,
    /// Offset, text bytes and chars of its cleaned text and map in the temp file.
    cleaned: (u64, u64, u64),
    fields: Fields,
}

/// Where a member's record fields are, for the output record built on it.
enum Fields {
    /// A JSON Lines record in a regular file (or spooled stdin): read again
    /// for the one member a document is built on.
    Record(RecordAt),
    /// A record that cannot be read again (a pipe given by name): held.
    Held(Option<Box<Map<String, Value>>>),
    /// A whole text file: none.
    None,
}

/// A cluster being collected in pass 2.
struct Pending {
    id: usize,
    /// Per member, in the cluster's order.
    members: Vec<Option<Member>>,
    /// Bytes of lone documents in the temp file before this cluster's document.
    before: u64,
}

/// What pass 2 makes of one unit.
enum Item {
    Lone(Vec<u8>),
    Member(usize, usize, Box<(Member, UnitText)>),
}

/// Merges the whole files or JSON Lines records at `paths` (`-` is stdin)
/// like [`super::merge_units`] over the same units, handing every document to
/// `sink` in the same order, byte for byte; every unit is in one document, as
/// its text or as a witness. `opts.unit` must be [`Unit::File`] (articles are
/// cut out with statistics of the whole run: use `merge_units`). `input` is
/// read in full (not lean): output records keep their other fields.
/// Returns what was skipped and each stage's time.
pub fn merge_stream(
    paths: &[String],
    input: &InputOptions,
    opts: &ScanOptions,
    keep: Keep,
    sink: &mut dyn Sink,
) -> Result<(Outcome, Stats), Error> {
    if opts.unit != Unit::File {
        return Err(Error::Usage(
            "a streamed merge takes whole files or records (--unit file)".into(),
        ));
    }
    let mut input = input.clone();
    // Held until the end: dropping it removes the spooled copy.
    let _spooled = match (&input.stdin, paths.iter().any(|p| p == "-")) {
        (None, true) => {
            let s = spool::stdin(std::io::stdin().lock())?;
            input.stdin = Some(s.path.clone());
            Some(s)
        }
        _ => None,
    };
    let lean = InputOptions {
        lean: true,
        ..input.clone()
    };
    let (result, mut outcome, mut stats) = scan_paths(paths, &lean, opts);
    outcome.findings = false;
    let t = Instant::now();
    let (by_source, renamed, mut pending) = clusters_by_source(result);
    let mut spill = BufWriter::with_capacity(1 << 20, crate::spill::temp_file()?);
    let mut written = 0u64;
    // Cluster members' cleaned texts, until their cluster is merged.
    let mut kept = BufWriter::with_capacity(1 << 20, crate::spill::temp_file()?);
    let mut kept_len = 0u64;
    let mut order: Vec<usize> = Vec::new();
    let mut ev = Evidence::default();
    let mut units = 0usize;
    let mut failed: Option<std::io::Error> = None;
    let bar = crate::progress::counter("merge: cleaning records");
    let lone_ev = Evidence::default();
    let sink_ref: &dyn Render = sink.renderer();
    crate::input::load_each(paths, &input, |batch| {
        let base = units;
        units += batch.len();
        let items: Vec<(Item, Vec<char>)> = batch
            .into_par_iter()
            .enumerate()
            .map(|(j, s)| {
                let id = renamed
                    .get(&s.path)
                    .cloned()
                    .unwrap_or_else(|| s.id.clone());
                let mut unit = whole_unit_text(&s, &opts.clean);
                unit.doc.id = id;
                // Counted after the batch: a table per unit would cost more than the counting.
                let part = Evidence::counted_chars(&unit.text);
                let item = match by_source.get(&s.path) {
                    Some(&(c, m)) => {
                        Item::Member(c, m, Box::new((member(base + j, s, &unit), unit)))
                    }
                    None => {
                        let doc = merge_group(&[(base + j, &unit)], None, &lone_ev, keep);
                        let d = Document {
                            doc,
                            witnesses: std::slice::from_ref(&unit),
                            record: s.record.as_ref(),
                        };
                        Item::Lone(sink_ref.render(&d))
                    }
                };
                (item, part)
            })
            .collect();
        bar.inc(items.len() as u64);
        for (item, part) in items {
            ev.add_chars(&part);
            match item {
                Item::Lone(bytes) => {
                    let r = spill
                        .write_all(&(bytes.len() as u64).to_le_bytes())
                        .and_then(|()| spill.write_all(&bytes));
                    if let Err(e) = r {
                        failed.get_or_insert(e);
                    }
                    written += 8 + bytes.len() as u64;
                }
                Item::Member(c, m, held) => {
                    let (mut member, unit) = *held;
                    let p = &mut pending[c];
                    if p.members.iter().all(Option::is_none) {
                        p.before = written;
                        order.push(c);
                    }
                    let map: Vec<u32> = unit.map.iter().flatten().copied().collect();
                    let r = kept
                        .write_all(unit.text.as_bytes())
                        .and_then(|()| kept.write_all(crate::spill::as_bytes(&map)));
                    if let Err(e) = r {
                        failed.get_or_insert(e);
                    }
                    member.cleaned = (kept_len, unit.text.len() as u64, unit.map.len() as u64);
                    kept_len += unit.text.len() as u64 + 4 * map.len() as u64;
                    p.members[m] = Some(member);
                }
            }
        }
    });
    bar.finish_and_clear();
    if let Some(e) = failed {
        return Err(Error::Io(e));
    }
    let t = stats.stage(
        "clean",
        t,
        format!("{units} units, {} clusters", order.len()),
        vec![("units", units as u64), ("clusters", order.len() as u64)],
    );
    let members = kept.into_inner().map_err(|e| Error::Io(e.into_error()))?;
    let mut spilled = spill.into_inner().map_err(|e| Error::Io(e.into_error()))?;
    spilled.rewind()?;
    let mut lone = Lone {
        reader: BufReader::with_capacity(1 << 20, spilled),
        read: 0,
    };
    let bar = crate::progress::bar(order.len() as u64, "merge: merging clusters", 100);
    let mut docs = 0u64;
    let mut k = 0;
    while k < order.len() {
        let mut end = k;
        let mut witnesses = 0;
        while end < order.len() && end - k < CLUSTERS_PER_BATCH && witnesses < WITNESSES_PER_BATCH {
            witnesses += pending[order[end]].members.len();
            end += 1;
        }
        let batch: Vec<Pending> = order[k..end]
            .iter()
            .map(|&c| std::mem::replace(&mut pending[c], Pending::empty()))
            .collect();
        let sink_ref: &dyn Render = sink.renderer();
        let merged: Vec<(u64, Option<Vec<u8>>, Vec<String>)> = batch
            .into_par_iter()
            .map(|p| {
                let before = p.before;
                let read = match cleaned(&p.members, &members) {
                    Ok(read) => read,
                    Err(e) => return (before, None, vec![format!("cluster {}: {e}", p.id)]),
                };
                let refs: Vec<(usize, &UnitText)> = read.iter().map(|(i, u)| (*i, u)).collect();
                let doc = merge_group(&refs, Some(p.id), &ev, keep);
                let mut errors = Vec::new();
                let on = p.members.iter().flatten().find(|m| m.id == doc.id);
                let record = on.and_then(|m| match &m.fields {
                    Fields::Record(at) => fields_again(at)
                        .map_err(|why| errors.push(format!("{}: {why}", m.source)))
                        .ok(),
                    Fields::Held(r) => r.as_deref().cloned(),
                    Fields::None => None,
                });
                let texts: Vec<UnitText> = read.into_iter().map(|(_, u)| u).collect();
                let d = Document {
                    doc,
                    witnesses: &texts,
                    record: record.as_ref(),
                };
                (before, Some(sink_ref.render(&d)), errors)
            })
            .collect();
        for (before, bytes, errors) in merged {
            outcome.skipped.extend(errors);
            docs += lone.copy_until(before, sink)?;
            if let Some(bytes) = bytes {
                sink.emit(&bytes)?;
                docs += 1;
            }
        }
        bar.inc((end - k) as u64);
        k = end;
    }
    docs += lone.copy_until(written, sink)?;
    bar.finish_and_clear();
    stats.stage(
        "merge",
        t,
        format!("{docs} documents"),
        vec![("documents", docs)],
    );
    Ok((outcome, stats))
}

impl Pending {
    fn empty() -> Pending {
        Pending {
            id: 0,
            members: Vec::new(),
            before: 0,
        }
    }
}

/// Per clustered unit (by its source, `path:line` for a record): its
/// cluster and place among the members; the units whose id the scan made
/// unique (by source); and an empty [`Pending`] per cluster.
#[allow(clippy::type_complexity)]
fn clusters_by_source(
    result: crate::model::ScanResult,
) -> (
    HashMap<String, (usize, usize)>,
    HashMap<String, String>,
    Vec<Pending>,
) {
    let member: HashMap<&str, (usize, usize)> = result
        .clusters
        .iter()
        .enumerate()
        .flat_map(|(c, cl)| {
            cl.members
                .iter()
                .enumerate()
                .map(move |(m, id)| (id.as_str(), (c, m)))
        })
        .collect();
    let mut by_source = HashMap::with_capacity(member.len());
    let mut renamed = HashMap::new();
    for d in &result.documents {
        if let Some(&cm) = member.get(d.id.as_str()) {
            by_source.insert(d.source.clone(), cm);
        }
        // Ids shared by several units are named by their source instead.
        if d.id.starts_with(d.source.as_str()) {
            renamed.insert(d.source.clone(), d.id.clone());
        }
    }
    let pending = result
        .clusters
        .iter()
        .map(|c| Pending {
            id: c.id,
            members: (0..c.members.len()).map(|_| None).collect(),
            before: 0,
        })
        .collect();
    (by_source, renamed, pending)
}

/// What pass 3 needs of member `s`, at input position `pos` (its cleaned text goes to the temp file).
fn member(pos: usize, s: Source, unit: &UnitText) -> Member {
    Member {
        pos,
        id: unit.doc.id.clone(),
        title: unit.doc.title.clone(),
        cleaned: (0, 0, 0),
        fields: match (s.at, s.record) {
            (Some(at), _) => Fields::Record(at),
            (None, Some(r)) => Fields::Held(Some(Box::new(r))),
            (None, None) => Fields::None,
        },
        source: s.path,
    }
}

/// A cluster's members as they were cleaned, in member order, each with its input position.
fn cleaned(members: &[Option<Member>], file: &File) -> std::io::Result<Vec<(usize, UnitText)>> {
    let mut out = Vec::with_capacity(members.len());
    for m in members.iter().flatten() {
        let (offset, text_len, chars) = m.cleaned;
        let mut bytes = vec![0u8; (text_len + 8 * chars) as usize];
        crate::spill::read_at(file, &mut bytes, offset)?;
        let map = bytes[text_len as usize..]
            .chunks_exact(8)
            .map(|c| {
                let n = |k: usize| u32::from_ne_bytes(c[k..k + 4].try_into().expect("4 bytes"));
                [n(0), n(4)]
            })
            .collect();
        bytes.truncate(text_len as usize);
        let text = String::from_utf8(bytes)
            .map_err(|_| std::io::Error::other("a cleaned text read back is not UTF-8"))?;
        let doc = crate::model::ScanDocument {
            id: m.id.clone(),
            source: m.source.clone(),
            title: m.title.clone(),
            chars: 0,
        };
        out.push((m.pos, UnitText { doc, text, map }));
    }
    Ok(out)
}

/// The other fields of the record at `at`, read again and parsed as the first time.
fn fields_again(at: &RecordAt) -> Result<Map<String, Value>, String> {
    let file = File::open(at.file.as_path()).map_err(|e| format!("cannot read again: {e}"))?;
    let s = crate::input::reread_record(&file, at.offset, at.len, false)?;
    Ok(s.record.unwrap_or_default())
}

/// The lone documents of pass 2, read back in order from their temp file.
struct Lone {
    reader: BufReader<File>,
    read: u64,
}

impl Lone {
    /// Hands `sink` every lone document that precedes byte `until`; how many.
    fn copy_until(&mut self, until: u64, sink: &mut dyn Sink) -> Result<u64, Error> {
        let mut n = 0;
        let mut item = Vec::new();
        while self.read < until {
            let mut len = [0u8; 8];
            self.reader.read_exact(&mut len)?;
            let len = u64::from_le_bytes(len);
            item.resize(len as usize, 0);
            self.reader.read_exact(&mut item)?;
            self.read += 8 + len;
            sink.emit(&item)?;
            n += 1;
        }
        Ok(n)
    }
}
