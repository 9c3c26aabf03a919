//! Character-level folding: line endings, NFC, full-width letters and digits, odd spaces, variants.

use super::tape::{is_han, Atom, Tape};
use super::{variants, Stats};
use crate::model::VariantChar;
use unicode_normalization::UnicodeNormalization;

/// CRLF and bare CR become LF; the LF keeps the span of the whole line ending.
pub fn line_endings(mut tape: Tape, stats: &mut Stats) -> Tape {
    if !tape.iter().any(|a| a.ch == '\r') {
        return tape;
    }
    // In place (the tape only shrinks), as `fold`.
    let (mut i, mut w) = (0, 0);
    while i < tape.len() {
        let a = tape[i];
        tape[w] = if a.ch == '\r' {
            let end = if tape.get(i + 1).is_some_and(|n| n.ch == '\n') {
                i += 1;
                tape[i].end
            } else {
                a.end
            };
            stats.add("line_endings", 1);
            Atom {
                ch: '\n',
                start: a.start,
                end,
            }
        } else {
            a
        };
        i += 1;
        w += 1;
    }
    tape.truncate(w);
    tape
}

/// NFC plus the width and whitespace folds of the Chinese convention.
///
/// Not NFKC: that would turn `，` into `,`. Only ASCII letters and digits and
/// symbols that have no Chinese-text role are folded to half-width here; the
/// punctuation rule decides `，` vs `,` by context.
pub fn fold(tape: Tape, stats: &mut Stats) -> Tape {
    let mut tape = nfc(tape, stats);
    // In place: a second tape of a long page is hundreds of MB of fresh pages.
    tape.retain_mut(|a| {
        let c = a.ch;
        let folded = match c as u32 {
            // Full-width digits and Latin letters.
            0xFF10..=0xFF19 | 0xFF21..=0xFF3A | 0xFF41..=0xFF5A => {
                stats.add("fullwidth", 1);
                char::from_u32(c as u32 - 0xFEE0)
            }
            _ => match c {
                '％' | '＋' | '＝' | '＜' | '＞' | '＠' | '＃' | '＄' | '＆' | '＊' | '＿'
                | '｜' | '／' | '＼' | '＾' | '｀' => {
                    stats.add("fullwidth", 1);
                    char::from_u32(c as u32 - 0xFEE0)
                }
                '\u{3000}'
                | '\u{00A0}'
                | '\u{2002}'..='\u{200A}'
                | '\u{202F}'
                | '\u{205F}'
                | '\t' => {
                    stats.add("whitespace", 1);
                    Some(' ')
                }
                // Invisible chars that only break matching.
                '\u{200B}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' => {
                    stats.add("whitespace", 1);
                    None
                }
                c if c.is_control() && c != '\n' => {
                    stats.add("whitespace", 1);
                    None
                }
                _ => Some(c),
            },
        };
        if let Some(ch) = folded {
            a.ch = ch;
        }
        folded.is_some()
    });
    tape
}

fn nfc(tape: Tape, stats: &mut Stats) -> Tape {
    let text: String = tape.iter().map(|a| a.ch).collect();
    if unicode_normalization::is_nfc_quick(text.chars()) == unicode_normalization::IsNormalized::Yes
    {
        return tape;
    }
    // Compose one starter-led cluster at a time so each output char inherits
    // the union of the spans it was composed from.
    let mut out = Vec::with_capacity(tape.len());
    let mut i = 0;
    while i < tape.len() {
        let mut j = i + 1;
        while j < tape.len()
            && unicode_normalization::char::canonical_combining_class(tape[j].ch) != 0
        {
            j += 1;
        }
        let cluster = &tape[i..j];
        let composed: Vec<char> = cluster.iter().map(|a| a.ch).nfc().collect();
        let changed = composed.len() != cluster.len()
            || composed.iter().zip(cluster).any(|(c, a)| *c != a.ch);
        if changed {
            stats.add("nfc", 1);
            let span = super::tape::span_of(cluster);
            out.extend(composed.into_iter().map(|ch| Atom {
                ch,
                start: span[0],
                end: span[1],
            }));
        } else {
            out.extend_from_slice(cluster);
        }
        i = j;
    }
    out
}

/// Flag traditional/variant characters in simplified text; fix the unambiguous ones.
pub fn variants(
    tape: Tape,
    correct: bool,
    found: &mut Vec<VariantChar>,
    stats: &mut Stats,
) -> Tape {
    if !tape.iter().any(|a| variants::lookup(a.ch).is_some()) {
        return tape;
    }
    let text: String = tape.iter().map(|a| a.ch).collect();
    if variants::is_traditional_text(&text) {
        return tape;
    }
    tape.into_iter()
        .map(|a| {
            let Some(v) = is_han(a.ch).then(|| variants::lookup(a.ch)).flatten() else {
                return a;
            };
            let fix = correct && v.unambiguous;
            stats.add("variants_flagged", 1);
            found.push(VariantChar {
                found: a.ch.to_string(),
                simplified: v.simplified.to_string(),
                corrected: fix,
                span: a.span(),
            });
            if fix {
                stats.add("variants_corrected", 1);
                a.with(v.simplified)
            } else {
                a
            }
        })
        .collect()
}
