//! Witnesses of one story → one merged text: gaps filled, variants voted, every char traced to its source.
//!
//! The most complete witness (longest comparison key) is the base. Every
//! other witness is aligned to it with scan's local alignment, so moved and
//! permuted paragraphs pair up wherever they are, then diffed char by char
//! inside each shared passage. Differences become sites on the base; each
//! site is voted on (see [`vote`]). Paragraphs a witness has and the base
//! lacks, or a tail a truncated base is missing, are filled in where the
//! alignment says they belong. The base's own text (punctuation included)
//! is kept everywhere else: merging never invents text.

mod alone;
mod loaded;
mod records;
mod run;
mod stream;
pub mod vote;

use crate::model::{
    Decision, DecisionKind, MergedDocument, Provenance, Reading, Span, WitnessInfo,
};
use crate::scan::keys::{code, fold};
use crate::scan::verify::{align, AlignOptions};
pub use loaded::merge_loaded;
pub use records::{evidence_of, merge_records};
pub use run::{merge_group, merge_units, merged_text, records_by_id};
use similar::{Algorithm, DiffOp};
pub use stream::{merge_stream, Document, Render, Sink};
pub use vote::Evidence;
use vote::InContext;

/// One copy of the story, cleaned.
#[derive(Debug, Clone, Copy)]
pub struct Witness<'a> {
    pub id: &'a str,
    pub source: &'a str,
    pub title: Option<&'a str>,
    pub text: &'a str,
    /// Source byte range of every char of `text`.
    pub map: &'a [Span],
}

impl Witness<'_> {
    /// Source bytes of text char `i`; a map shorter than the text (a caller's
    /// mistake) gives an empty span at the end rather than a panic.
    fn span(&self, i: usize) -> Span {
        self.map
            .get(i)
            .copied()
            .unwrap_or_else(|| self.map.last().map_or([0, 0], |s| [s[1], s[1]]))
    }
}

#[derive(Debug, Clone)]
pub struct MergeOptions {
    pub align: AlignOptions,
    /// Differences closer than this many equal key chars are one site (`教改融合`/`产教融合`).
    pub join_gap: usize,
    /// Witnesses less aligned with the base than this fill no gaps (they are
    /// in the cluster through a third copy, and their other text is another story).
    pub min_cover: f64,
}

impl Default for MergeOptions {
    fn default() -> Self {
        MergeOptions {
            align: AlignOptions::default(),
            join_gap: 1,
            min_cover: 0.5,
        }
    }
}

/// A witness's text as chars, with its comparison key and where each key char stands.
struct Folded {
    chars: Vec<char>,
    key: Vec<u16>,
    at: Vec<usize>,
}

impl Folded {
    fn new(text: &str) -> Folded {
        let chars: Vec<char> = text.chars().collect();
        let (mut key, mut at) = (Vec::new(), Vec::new());
        for (i, &c) in chars.iter().enumerate() {
            if let Some(f) = fold(c) {
                key.push(code(f));
                at.push(i);
            }
        }
        Folded { chars, key, at }
    }

    /// Text chars of key chars `[k0, k1)` (what lies between them included).
    fn text_of(&self, k0: usize, k1: usize) -> std::ops::Range<usize> {
        if k0 >= k1 {
            return 0..0;
        }
        self.at[k0]..self.at[k1 - 1] + 1
    }
}

/// A place where witness `w` reads base key chars `b` as its key chars `wk`.
#[derive(Debug, Clone, Copy)]
struct Site {
    w: usize,
    b: (usize, usize),
    wk: (usize, usize),
}

/// What one witness shares with the base.
struct Aligned {
    sites: Vec<Site>,
    /// Per base key char: inside a passage this witness shares.
    covers_base: Vec<bool>,
    /// Per witness key char: the base key char it equals.
    to_base: Vec<Option<usize>>,
    /// Per witness key char: inside a shared passage.
    covered: Vec<bool>,
    coverage: f64,
    /// A long shared passage had to be diffed coarsely ([`crate::diff::bounded`]).
    coarse: bool,
}

/// Key chars in an anchor that cuts a long shared passage ([`crate::diff::bounded`]).
const KEY_ANCHOR: usize = 8;

fn align_to_base(w: usize, base: &Folded, wit: &Folded, opts: &MergeOptions) -> Aligned {
    let (locals, _) = align(&base.key, &wit.key, &opts.align, |_| true);
    let mut out = Aligned {
        sites: Vec::new(),
        covers_base: vec![false; base.key.len()],
        to_base: vec![None; wit.key.len()],
        covered: vec![false; wit.key.len()],
        coverage: 0.0,
        coarse: false,
    };
    for l in &locals {
        out.covers_base[l.a.0..l.a.1]
            .iter_mut()
            .for_each(|c| *c = true);
        out.covered[l.b.0..l.b.1].iter_mut().for_each(|c| *c = true);
        let (ops, coarse) = crate::diff::bounded::diff(
            Algorithm::Myers,
            &base.key[l.a.0..l.a.1],
            &wit.key[l.b.0..l.b.1],
            KEY_ANCHOR,
        );
        out.coarse |= coarse;
        let mut raw: Vec<Site> = Vec::new();
        for op in ops {
            let (o, o_len, n, n_len) = match op {
                DiffOp::Equal {
                    old_index,
                    new_index,
                    len,
                } => {
                    for t in 0..len {
                        out.to_base[l.b.0 + new_index + t] = Some(l.a.0 + old_index + t);
                    }
                    continue;
                }
                DiffOp::Delete {
                    old_index,
                    old_len,
                    new_index,
                } => (old_index, old_len, new_index, 0),
                DiffOp::Insert {
                    old_index,
                    new_index,
                    new_len,
                } => (old_index, 0, new_index, new_len),
                DiffOp::Replace {
                    old_index,
                    old_len,
                    new_index,
                    new_len,
                } => (old_index, old_len, new_index, new_len),
            };
            let site = Site {
                w,
                b: (l.a.0 + o, l.a.0 + o + o_len),
                wk: (l.b.0 + n, l.b.0 + n + n_len),
            };
            // Edits a char or two apart are one changed phrase.
            match raw.last_mut() {
                Some(prev) if site.b.0 <= prev.b.1 + opts.join_gap => {
                    prev.b.1 = site.b.1;
                    prev.wk.1 = site.wk.1;
                }
                _ => raw.push(site),
            }
        }
        out.sites.extend(raw);
    }
    let aligned = out.to_base.iter().filter(|x| x.is_some()).count();
    out.coverage = aligned as f64 / wit.key.len().max(1) as f64;
    out
}

/// A planned change to the base text: chars `[start, end)` become `new`.
struct Edit {
    start: usize,
    end: usize,
    /// `(char, witness, source span)`.
    new: Vec<(char, usize, Span)>,
    decision: Decision,
}

/// Merge the witnesses of one story. `ev` holds run-wide char counts.
pub fn merge(ws: &[Witness], ev: &Evidence, opts: &MergeOptions) -> MergedDocument {
    match ws {
        [w] => alone::merge_alone(w),
        _ => merge_aligned(ws, ev, opts),
    }
}

/// [`merge`] of any number of witnesses, one included (the lone case's reference).
fn merge_aligned(ws: &[Witness], ev: &Evidence, opts: &MergeOptions) -> MergedDocument {
    let folded: Vec<Folded> = ws.iter().map(|w| Folded::new(w.text)).collect();
    // The most complete copy is the base; the first such in witness order.
    let base = (0..ws.len())
        .max_by(|&x, &y| {
            folded[x]
                .key
                .len()
                .cmp(&folded[y].key.len())
                .then(y.cmp(&x))
        })
        .unwrap_or(0);
    let b = &folded[base];
    let mut notes = Vec::new();
    let aligned: Vec<Option<Aligned>> = (0..ws.len())
        .map(|w| (w != base).then(|| align_to_base(w, b, &folded[w], opts)))
        .collect();
    for (w, a) in aligned.iter().enumerate() {
        if a.as_ref().is_some_and(|a| a.coarse) {
            notes.push(format!(
                "{}: a long stretch had nothing in common with the base; differences there are coarser",
                ws[w].id
            ));
        }
    }
    let mut edits = variant_edits(ws, &folded, base, &aligned, ev);
    for (w, a) in aligned.iter().enumerate() {
        let Some(a) = a else { continue };
        if a.coverage < opts.min_cover {
            notes.push(format!(
                "{}: only {:.0}% aligned with {}; its other text is not merged",
                ws[w].id,
                a.coverage * 100.0,
                ws[base].id
            ));
            continue;
        }
        edits.extend(gap_edits(ws, &folded, base, w, a, opts, &mut notes));
    }
    build(ws, &folded, base, &aligned, edits, notes)
}

/// Vote on every site where some witness differs from the base.
fn variant_edits(
    ws: &[Witness],
    folded: &[Folded],
    base: usize,
    aligned: &[Option<Aligned>],
    ev: &Evidence,
) -> Vec<Edit> {
    let b = &folded[base];
    let mut sites: Vec<Site> = aligned
        .iter()
        .flatten()
        .flat_map(|a| a.sites.clone())
        .collect();
    sites.sort_by_key(|s| (s.b, s.w));
    let mut edits = Vec::new();
    let mut taken_until = 0; // base key chars before this already have a decision
    let mut k = 0;
    while k < sites.len() {
        let range = sites[k].b;
        let mut e = k + 1;
        while e < sites.len() && sites[e].b == range {
            e += 1;
        }
        let group = &sites[k..e];
        k = e;
        if range.0 < taken_until {
            continue; // overlaps a site already decided
        }
        taken_until = range.1.max(range.0 + 1);
        // Readings: the base's, then each distinct witness reading.
        let span = |f: &Folded, k0: usize, k1: usize| -> String {
            f.chars[f.text_of(k0, k1)].iter().collect()
        };
        let mut readings: Vec<(String, Vec<usize>, Option<Site>)> =
            vec![(span(b, range.0, range.1), vec![base], None)];
        for (w, a) in aligned.iter().enumerate() {
            let Some(a) = a else { continue };
            let agrees = (range.0..range.1.max(range.0 + 1).min(b.key.len()))
                .all(|i| a.covers_base[i])
                && !group.iter().any(|s| s.w == w);
            if agrees {
                readings[0].1.push(w);
            }
        }
        for s in group {
            let text = span(&folded[s.w], s.wk.0, s.wk.1);
            match readings.iter_mut().skip(1).find(|r| r.0 == text) {
                Some(r) => r.1.push(s.w),
                None => readings.push((text, vec![s.w], Some(*s))),
            }
        }
        let (left, right) = context(b, range);
        let ctx: Vec<InContext> = readings
            .iter()
            .map(|r| InContext {
                text: &r.0,
                left: &left,
                right: &right,
                votes: r.1.len(),
            })
            .collect();
        let (chosen, reason) = vote::choose(&ctx, ev);
        let (start, end) = base_text_range(b, range);
        let new = match readings[chosen].2 {
            None => b.chars[start..end]
                .iter()
                .enumerate()
                .map(|(i, &c)| (c, base, ws[base].span(start + i)))
                .collect(),
            Some(s) => {
                let f = &folded[s.w];
                let r = f.text_of(s.wk.0, s.wk.1);
                f.chars[r.clone()]
                    .iter()
                    .zip(r)
                    .map(|(&c, i)| (c, s.w, ws[s.w].span(i)))
                    .collect()
            }
        };
        let decision = Decision {
            kind: DecisionKind::Variant,
            at: start,
            chosen: readings[chosen].0.clone(),
            readings: readings
                .iter()
                .map(|r| Reading {
                    text: r.0.clone(),
                    witnesses: r.1.iter().map(|&w| ws[w].id.to_string()).collect(),
                })
                .collect(),
            reason,
        };
        edits.push(Edit {
            start,
            end,
            new,
            decision,
        });
    }
    edits
}

/// Base text chars a site replaces; an insertion goes right after the key char before it.
fn base_text_range(b: &Folded, (k0, k1): (usize, usize)) -> (usize, usize) {
    if k0 < k1 {
        let r = b.text_of(k0, k1);
        (r.start, r.end)
    } else if k0 == 0 {
        let at = b.at.first().copied().unwrap_or(0);
        (at, at)
    } else {
        let at = b.at[k0 - 1] + 1;
        (at, at)
    }
}

/// Up to three key chars either side of a site, for judging readings in place.
fn context(b: &Folded, (k0, k1): (usize, usize)) -> (String, String) {
    let from = |r: std::ops::Range<usize>| -> String { r.map(|k| b.chars[b.at[k]]).collect() };
    (
        from(k0.saturating_sub(3)..k0),
        from(k1..(k1 + 3).min(b.key.len())),
    )
}

/// Text witness `w` has and the base lacks, where the alignment places it:
/// whole paragraphs between two aligned neighbours, or a tail (head) past the
/// end (start) of a truncated base.
fn gap_edits(
    ws: &[Witness],
    folded: &[Folded],
    base: usize,
    w: usize,
    a: &Aligned,
    opts: &MergeOptions,
    notes: &mut Vec<String>,
) -> Vec<Edit> {
    let (b, f) = (&folded[base], &folded[w]);
    let mut edits = Vec::new();
    let mut k = 0;
    while k < f.key.len() {
        if a.covered[k] {
            k += 1;
            continue;
        }
        let r0 = k;
        while k < f.key.len() && !a.covered[k] {
            k += 1;
        }
        let r1 = k;
        if r1 - r0 < opts.align.min_span {
            continue;
        }
        let prev = (0..r0).rev().find_map(|j| a.to_base[j].map(|bp| (j, bp)));
        let next = (r1..f.key.len()).find_map(|j| a.to_base[j].map(|bn| (j, bn)));
        let (text, at) = match (prev, next) {
            // A tail the base was cut before.
            (Some((j, bp)), None) if bp + 1 == b.key.len() => {
                (f.at[j] + 1..f.chars.len(), b.at[bp] + 1..b.chars.len())
            }
            // A head the base starts after.
            (None, Some((j, 0))) => (0..f.at[j], 0..b.at[0]),
            // Whole paragraphs between neighbours the base has side by side.
            (Some((_, bp)), Some((_, bn))) if bn == bp + 1 => match whole_paragraphs(f, r0, r1) {
                Some(paras) => {
                    let at = b.at[bp] + 1 + trailing_punct(b, b.at[bp] + 1);
                    (paras, at..at)
                }
                None => {
                    notes.push(partial_note(ws, w, f, r0, r1));
                    continue;
                }
            },
            _ => {
                notes.push(partial_note(ws, w, f, r0, r1));
                continue;
            }
        };
        let mut new: Vec<(char, usize, Span)> = Vec::new();
        let is_insert = at.is_empty() && prev.is_some() && next.is_some();
        let sep = |new: &mut Vec<(char, usize, Span)>| {
            let pos = ws[base].map.get(at.start).copied().unwrap_or([0, 0]);
            new.extend([('\n', base, pos), ('\n', base, pos)]);
        };
        if is_insert {
            sep(&mut new);
        }
        new.extend(
            f.chars[text.clone()]
                .iter()
                .zip(text.clone())
                .map(|(&c, i)| (c, w, ws[w].span(i))),
        );
        if is_insert && b.chars.get(at.start).is_some_and(|&c| c != '\n') {
            sep(&mut new);
        }
        let filled: String = f.chars[text].iter().collect();
        edits.push(Edit {
            start: at.start,
            end: at.end,
            new,
            decision: Decision {
                kind: DecisionKind::Gap,
                at: at.start,
                chosen: filled.clone(),
                readings: vec![
                    Reading {
                        text: filled,
                        witnesses: vec![ws[w].id.to_string()],
                    },
                    Reading {
                        text: String::new(),
                        witnesses: vec![ws[base].id.to_string()],
                    },
                ],
                reason: "only some witnesses have it".to_string(),
            },
        });
    }
    edits
}

fn partial_note(ws: &[Witness], w: usize, f: &Folded, r0: usize, r1: usize) -> String {
    let preview: String = f.chars[f.text_of(r0, r1)].iter().take(12).collect();
    format!(
        "{}: {} chars not in the base and not placeable as whole paragraphs (`{preview}…`); left out",
        ws[w].id,
        r1 - r0
    )
}

/// The text of the paragraphs wholly made of witness key chars `[r0, r1)`, or
/// `None` if the run starts or ends inside a paragraph.
fn whole_paragraphs(f: &Folded, r0: usize, r1: usize) -> Option<std::ops::Range<usize>> {
    let (s, e) = (f.at[r0], f.at[r1 - 1] + 1);
    let starts_para = f.chars[..s]
        .iter()
        .rev()
        .take_while(|&&c| fold(c).is_none())
        .any(|&c| c == '\n')
        || f.chars[..s].iter().all(|&c| fold(c).is_none());
    let end = e + f.chars[e..]
        .iter()
        .take_while(|&&c| c != '\n' && fold(c).is_none())
        .count();
    let ends_para = end == f.chars.len() || f.chars[end] == '\n';
    (starts_para && ends_para).then_some(s..end)
}

/// Punctuation right after `at` that belongs to the sentence before it.
fn trailing_punct(b: &Folded, at: usize) -> usize {
    b.chars[at.min(b.chars.len())..]
        .iter()
        .take_while(|&&c| c != '\n' && fold(c).is_none())
        .count()
}

/// Apply the edits to the base text and trace every char.
fn build(
    ws: &[Witness],
    folded: &[Folded],
    base: usize,
    aligned: &[Option<Aligned>],
    mut edits: Vec<Edit>,
    notes: Vec<String>,
) -> MergedDocument {
    let b = &folded[base];
    edits.sort_by_key(|e| (e.start, e.end));
    let mut out: Vec<(char, usize, Span)> = Vec::with_capacity(b.chars.len());
    let mut decisions = Vec::new();
    let mut pos = 0;
    for mut e in edits {
        if e.start < pos {
            continue; // overlaps an edit already applied
        }
        out.extend((pos..e.start).map(|i| (b.chars[i], base, ws[base].span(i))));
        e.decision.at = out.len();
        out.extend(e.new);
        decisions.push(e.decision);
        pos = e.end;
    }
    out.extend((pos..b.chars.len()).map(|i| (b.chars[i], base, ws[base].span(i))));
    let text: String = out.iter().map(|x| x.0).collect();
    let mut witnesses = vec![WitnessInfo {
        id: ws[base].id.to_string(),
        source: ws[base].source.to_string(),
        base: true,
        coverage: 1.0,
    }];
    for (w, a) in aligned.iter().enumerate() {
        if let Some(a) = a {
            witnesses.push(WitnessInfo {
                id: ws[w].id.to_string(),
                source: ws[w].source.to_string(),
                base: false,
                coverage: (a.coverage * 1000.0).round() / 1000.0,
            });
        }
    }
    // The base's headline, or the first witness that has one.
    let title = ws[base]
        .title
        .or_else(|| ws.iter().find_map(|w| w.title))
        .map(str::to_string);
    MergedDocument {
        id: ws[base].id.to_string(),
        cluster: None,
        title,
        text,
        witnesses,
        decisions,
        provenance: provenance(ws, &out),
        notes,
    }
}

/// Runs of merged chars from one witness whose source moves forward.
fn provenance(ws: &[Witness], out: &[(char, usize, Span)]) -> Vec<Provenance> {
    let mut runs: Vec<Provenance> = Vec::new();
    for (i, &(_, w, span)) in out.iter().enumerate() {
        match runs.last_mut() {
            Some(r) if r.witness == ws[w].id && span[0] >= r.source[1] => {
                r.end = i + 1;
                r.source[1] = span[1];
            }
            _ => runs.push(Provenance {
                start: i,
                end: i + 1,
                witness: ws[w].id.to_string(),
                source: span,
            }),
        }
    }
    runs
}

#[cfg(test)]
mod tests;
