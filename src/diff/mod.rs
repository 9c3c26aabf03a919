//! Layout-blind character diff of two cleaned texts, grouped into the variants a reviewer reads.
//!
//! Chinese has no spaces, so the unit is the character. Whitespace (paragraph
//! breaks included: they are layout) is left out of the comparison and
//! punctuation is compared by form, not width. Sentences that are identical in
//! both texts anchor the alignment first (patience diff), so a moved or
//! missing paragraph comes out as one block instead of being smeared over
//! coincidental matches of common characters; the stretches between anchors
//! are diffed by character (Myers, bounded by size: [`bounded`]). Edits a char or two
//! apart are one variant, variants grow to the words they cut, and a block
//! deleted in one place and inserted in another is a move.

pub mod bounded;
mod group;
mod layout;
mod moves;
pub mod refs;

pub use crate::model::diff::{
    Comparison, DiffReport, Edit, ParagraphDiff, Text, Variant, VariantKind,
};
pub use layout::Row;

use crate::model::Span;
use group::Raw;
use similar::{Algorithm, DiffOp};
use std::ops::Range;

/// Chars in an anchor that cuts a long stretch ([`bounded`]): long enough to be found once in each text.
const ANCHOR: usize = 8;

#[derive(Debug, Clone)]
pub struct DiffOptions {
    /// Edits at most this many equal chars apart are one variant.
    pub merge_gap: usize,
    /// The shortest block (in compared chars) that can be a move.
    pub min_move: usize,
    /// Least share of the shorter block's bigrams the longer must hold to be checked as a move.
    pub move_similarity: f64,
}

impl Default for DiffOptions {
    fn default() -> Self {
        DiffOptions {
            merge_gap: 2,
            min_move: 10,
            move_similarity: 0.6,
        }
    }
}

/// The compared form of a text: no whitespace, punctuation folded by width.
struct Seq {
    chars: Vec<char>,
    /// Cleaned char index of each compared char.
    pos: Vec<usize>,
    /// Cleaned chars of the text.
    len: usize,
}

fn fold(c: char) -> char {
    match c {
        '，' => ',',
        '：' => ':',
        '；' => ';',
        '（' => '(',
        '）' => ')',
        '！' => '!',
        '？' => '?',
        '“' | '”' | '„' | '«' | '»' => '"',
        '‘' | '’' => '\'',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        c => c,
    }
}

fn seq(text: &str) -> Seq {
    let mut s = Seq {
        chars: Vec::new(),
        pos: Vec::new(),
        len: 0,
    };
    for (i, c) in text.chars().enumerate() {
        s.len = i + 1;
        if !c.is_whitespace() {
            s.chars.push(fold(c));
            s.pos.push(i);
        }
    }
    s
}

/// Sentences of a compared sequence (cut after sentence-final punctuation).
fn sentences(chars: &[char]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in chars.iter().enumerate() {
        if matches!(c, '。' | '!' | '?' | ';') {
            out.push(start..i + 1);
            start = i + 1;
        }
    }
    if start < chars.len() {
        out.push(start..chars.len());
    }
    out
}

/// The non-equal stretches between `a` and `b`, and whether a long stretch
/// with nothing in common had to be taken as one replacement.
fn raw_edits(a: &[char], b: &[char]) -> (Vec<Raw>, bool) {
    let (sa, sb) = (sentences(a), sentences(b));
    let ka: Vec<&[char]> = sa.iter().map(|r| &a[r.clone()]).collect();
    let kb: Vec<&[char]> = sb.iter().map(|r| &b[r.clone()]).collect();
    // Sentence range to char range; an empty one sits where its sentence would start.
    let span = |rs: &[Range<usize>], r: Range<usize>, total: usize| {
        let at = rs.get(r.start).map_or(total, |x| x.start);
        match r.len() {
            0 => at..at,
            n => at..rs[r.start + n - 1].end,
        }
    };
    // Consecutive unequal sentence ops are one stretch: a sentence deleted
    // and one inserted in its place are diffed by character.
    let mut stretches: Vec<(Range<usize>, Range<usize>)> = Vec::new();
    let mut open = false;
    let (sentence_ops, mut coarse) = bounded::diff(Algorithm::Patience, &ka, &kb, 1);
    for op in sentence_ops {
        if matches!(op, DiffOp::Equal { .. }) {
            open = false;
            continue;
        }
        let ra = span(&sa, op.old_range(), a.len());
        let rb = span(&sb, op.new_range(), b.len());
        match stretches.last_mut() {
            Some((la, lb)) if open => {
                *la = la.start.min(ra.start)..la.end.max(ra.end);
                *lb = lb.start.min(rb.start)..lb.end.max(rb.end);
            }
            _ => stretches.push((ra, rb)),
        }
        open = true;
    }
    let mut raws = Vec::new();
    for (ra, rb) in stretches {
        if ra.is_empty() || rb.is_empty() {
            raws.push(Raw { a: ra, b: rb });
            continue;
        }
        let (ops, c) = bounded::diff(Algorithm::Myers, &a[ra.clone()], &b[rb.clone()], ANCHOR);
        coarse |= c;
        let mut cur: Option<Raw> = None;
        for op in ops {
            let (oa, ob) = (op.old_range(), op.new_range());
            let (oa, ob) = (
                oa.start + ra.start..oa.end + ra.start,
                ob.start + rb.start..ob.end + rb.start,
            );
            if matches!(op, DiffOp::Equal { .. }) {
                raws.extend(cur.take());
                continue;
            }
            cur = Some(match cur {
                Some(c) => Raw {
                    a: c.a.start.min(oa.start)..oa.end.max(c.a.end),
                    b: c.b.start.min(ob.start)..ob.end.max(c.b.end),
                },
                None => Raw { a: oa, b: ob },
            });
        }
        raws.extend(cur);
    }
    raws.sort_by_key(|r| (r.a.start, r.b.start));
    (raws, coarse)
}

/// The paragraphs of `c` diffed line by line, as `reprint diff --format
/// unified` shows them: patience over lines, bounded by size ([`bounded`]).
pub fn paragraphs(c: &Comparison) -> ParagraphDiff {
    let with_newline = |s: String| match s.is_empty() || s.ends_with('\n') {
        true => s,
        false => s + "\n",
    };
    let (a, b) = (
        with_newline(c.a.text.clone()),
        with_newline(c.b_in_a_layout()),
    );
    let (la, lb): (Vec<&str>, Vec<&str>) = (
        a.split_inclusive('\n').collect(),
        b.split_inclusive('\n').collect(),
    );
    let (ops, _) = bounded::diff(Algorithm::Patience, &la, &lb, 1);
    ParagraphDiff { a, b, ops }
}

/// Compare two cleaned texts.
pub fn compare(a: Text, b: Text, opts: &DiffOptions) -> Comparison {
    let (sa, sb) = (seq(&a.text), seq(&b.text));
    let (raws, truncated) = raw_edits(&sa.chars, &sb.chars);
    // Similarity counts what the diff found equal, before variants absorb equal chars.
    let unequal_a: usize = raws.iter().map(|r| r.a.len()).sum();
    let merged = group::merge(raws, opts.merge_gap);
    // Widened variants that now touch are one.
    let widened = group::merge(group::widen(merged, &sa.chars, &sb.chars), opts.merge_gap);
    let rows = layout::rows(&a.text, &b.text, &sa.pos, &sb.pos, &widened);
    let equal = sa.chars.len() - unequal_a;
    let total = sa.chars.len() + sb.chars.len();
    let similarity = if total == 0 {
        1.0
    } else {
        2.0 * equal as f64 / total as f64
    };
    let blocks = moves::find(&widened, &sa.chars, &sb.chars, opts);
    let edits: Vec<Edit> = blocks
        .iter()
        .map(|(raw, moved)| Edit {
            kind: kind(raw, *moved, &sa.chars, &sb.chars),
            a: cleaned_range(&sa, &raw.a),
            b: cleaned_range(&sb, &raw.b),
        })
        .collect();
    let note = truncated.then(|| {
        format!(
            "a stretch of over {} chars had no passage in common: it is one replacement, coarser than a minimal diff",
            bounded::MAX_RUN
        )
    });
    let (ac, bc): (Vec<char>, Vec<char>) = (a.text.chars().collect(), b.text.chars().collect());
    let variants = edits
        .iter()
        .map(|e| Variant {
            kind: e.kind,
            a: ac[e.a.clone()].iter().collect(),
            b: bc[e.b.clone()].iter().collect(),
            a_start: source_span(&a.map, &e.a)[0],
            a_end: source_span(&a.map, &e.a)[1],
            b_start: source_span(&b.map, &e.b)[0],
            b_end: source_span(&b.map, &e.b)[1],
        })
        .collect();
    let report = DiffReport {
        a: a.name.clone(),
        b: b.name.clone(),
        a_source: a.source.clone(),
        b_source: b.source.clone(),
        similarity: (similarity * 10_000.0).round() / 10_000.0,
        truncated,
        note,
        variants,
    };
    Comparison {
        a,
        b,
        edits,
        rows,
        report,
    }
}

fn kind(raw: &Raw, moved: bool, a: &[char], b: &[char]) -> VariantKind {
    let punct = |s: &[char]| s.iter().all(|c| !c.is_alphanumeric());
    if moved {
        VariantKind::Move
    } else if raw.a.is_empty() {
        VariantKind::Insert
    } else if raw.b.is_empty() {
        VariantKind::Delete
    } else if punct(&a[raw.a.clone()]) && punct(&b[raw.b.clone()]) {
        VariantKind::Punctuation
    } else {
        VariantKind::Replace
    }
}

/// Compared-char range to cleaned-char range; an empty range sits right after
/// the compared char before it (before any whitespace that follows it).
fn cleaned_range(s: &Seq, r: &Range<usize>) -> Range<usize> {
    if r.is_empty() {
        let at = match r.start {
            0 => s.pos.first().copied().unwrap_or(0).min(s.len),
            p => s.pos[p - 1] + 1,
        };
        return at..at;
    }
    s.pos[r.start]..s.pos[r.end - 1] + 1
}

/// Source bytes of a cleaned range; an empty range is the point where it would go.
fn source_span(map: &[Span], r: &Range<usize>) -> Span {
    if map.is_empty() {
        return [0, 0];
    }
    if r.is_empty() {
        let at = match map.get(r.start) {
            Some(s) if r.start == 0 => s[0],
            _ => map[r.start.min(map.len()) - 1][1],
        };
        return [at, at];
    }
    [map[r.start][0], map[r.end - 1][1]]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(name: &str, s: &str) -> Text {
        Text {
            name: name.into(),
            source: name.into(),
            text: s.into(),
            map: crate::model::utf8_offsets(s, 0)
                .windows(2)
                .map(|w| [w[0], w[1]])
                .collect(),
        }
    }

    fn variants(a: &str, b: &str) -> Vec<(VariantKind, String, String)> {
        compare(text("a", a), text("b", b), &DiffOptions::default())
            .report
            .variants
            .into_iter()
            .map(|v| (v.kind, v.a, v.b))
            .collect()
    }

    #[test]
    fn layout_width_and_paragraph_breaks_are_not_variants() {
        assert!(variants(
            "推动教育资源，扩优提质。\n\n实施行动。",
            "推动教育\n资源,扩优提质。实施行动。"
        )
        .is_empty());
    }

    #[test]
    fn nearby_edits_are_one_variant_grown_to_words() {
        let v = variants(
            "通过挖掘扩容现有优质学校。",
            "通过挖潜扩容扩大现有优质学校。",
        );
        assert_eq!(v.len(), 1, "{v:?}");
        assert_eq!(
            (v[0].1.as_str(), v[0].2.as_str()),
            ("挖掘扩容", "挖潜扩容扩大")
        );
        let v = variants(
            "全方位提高基本公共服务质量。",
            "全方位提高基本公共服务质效。",
        );
        assert_eq!((v[0].1.as_str(), v[0].2.as_str()), ("质量", "质效"));
    }

    #[test]
    fn offsets_are_source_bytes() {
        let r = compare(
            text("a", "甲乙丙"),
            text("b", "甲丁丙"),
            &DiffOptions::default(),
        );
        let v = &r.report.variants[0];
        assert_eq!((v.a_start, v.a_end, v.b_start, v.b_end), (3, 6, 3, 6));
    }

    #[test]
    fn a_moved_paragraph_is_one_move() {
        let p = "稀土是重要的战略资源，中国依法加强出口管制合理合法。";
        let x = "这是第一段与众不同的文字内容。这是第二段文字也不一样。";
        let r = variants(&format!("{p}\n\n{x}"), &format!("{x}\n\n{p}"));
        assert_eq!(r.len(), 1, "{r:?}");
        assert_eq!(r[0].0, VariantKind::Move);
    }

    #[test]
    fn an_empty_side_keeps_the_other_sides_paragraphs() {
        let c = compare(
            text("a", ""),
            text("b", "甲乙。\n\n丙丁。"),
            &DiffOptions::default(),
        );
        assert_eq!(c.rows.len(), 1);
        assert_eq!(c.rows[0].b, vec![0..3, 5..8]);
        assert_eq!(c.report.variants[0].kind, VariantKind::Insert);
        assert_eq!(c.report.similarity, 0.0);
    }

    #[test]
    fn punctuation_swaps_are_their_own_kind() {
        let v = variants("规划布局，设施建设", "规划布局、设施建设");
        assert_eq!(v[0].0, VariantKind::Punctuation);
    }
}
