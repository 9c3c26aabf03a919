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
    use unicode_normalization::{char::canonical_combining_class as ccc, IsNormalized};
    // Most pages are only chars of ranges that are NFC alone and starters; the
    // library's quick check (two table lookups a char) was 5 % of a clean.
    if tape.iter().all(|a| nfc_starter(a.ch))
        || unicode_normalization::is_nfc_quick(tape.iter().map(|a| a.ch)) == IsNormalized::Yes
    {
        return tape;
    }
    // Compose one starter-led cluster at a time so each output char inherits
    // the union of the spans it was composed from.
    let mut out = Vec::with_capacity(tape.len());
    let mut i = 0;
    while i < tape.len() {
        let mut j = i + 1;
        // Below U+0300 every char is a starter (class 0).
        while j < tape.len() && tape[j].ch >= '\u{300}' && ccc(tape[j].ch) != 0 {
            j += 1;
        }
        let cluster = &tape[i..j];
        // A lone char that passes the quick check is its own NFC: no allocation for it.
        let lone = |c: char| {
            c < '\u{300}'
                || unicode_normalization::is_nfc_quick(std::iter::once(c)) == IsNormalized::Yes
        };
        if j == i + 1 && lone(cluster[0].ch) {
            out.push(cluster[0]);
            i = j;
            continue;
        }
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

/// Whether `c` is in a range whose every char passes the NFC quick check and has
/// combining class 0 (checked char by char in the tests): ASCII to Latin Extended-B,
/// General Punctuation's dashes and quotes, CJK symbols and kana (not the combining
/// tone marks U+302A–F nor sound marks U+3099/U+309A), CJK ideographs, full-width forms.
fn nfc_starter(c: char) -> bool {
    matches!(c, '\0'..='\u{2ff}'
        | '\u{2010}'..='\u{2027}'
        | '\u{3000}'..='\u{3029}'
        | '\u{3030}'..='\u{3098}'
        | '\u{309b}'..='\u{30ff}'
        | '\u{3400}'..='\u{4dbf}'
        | '\u{4e00}'..='\u{9fff}'
        | '\u{ff01}'..='\u{ffef}')
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::tape::from_text;

    /// The cluster composition without the lone-char shortcut: every cluster through `nfc()`.
    fn nfc_every_cluster(tape: &[Atom]) -> Vec<(char, u32, u32)> {
        let ccc = unicode_normalization::char::canonical_combining_class;
        let (mut out, mut i) = (Vec::new(), 0);
        while i < tape.len() {
            let mut j = i + 1;
            while j < tape.len() && ccc(tape[j].ch) != 0 {
                j += 1;
            }
            let cluster = &tape[i..j];
            let composed: Vec<char> = cluster.iter().map(|a| a.ch).nfc().collect();
            if composed.iter().ne(cluster.iter().map(|a| &a.ch)) {
                let span = super::super::tape::span_of(cluster);
                out.extend(composed.into_iter().map(|c| (c, span[0], span[1])));
            } else {
                out.extend(cluster.iter().map(|a| (a.ch, a.start, a.end)));
            }
            i = j;
        }
        out
    }

    /// Chars where NFC acts: combining marks, precomposed letters, singletons, Hangul jamo, CJK compatibility.
    fn char_mix() -> impl proptest::strategy::Strategy<Value = char> {
        use proptest::prelude::*;
        prop_oneof![
            proptest::char::range('a', 'z'),
            proptest::char::range('\u{c0}', '\u{2ff}'),
            proptest::char::range('\u{300}', '\u{36f}'),
            proptest::char::range('\u{340}', '\u{390}'),
            proptest::char::range('\u{1100}', '\u{11ff}'),
            proptest::char::range('\u{ac00}', '\u{ac40}'),
            proptest::char::range('\u{2120}', '\u{2130}'),
            proptest::char::range('\u{f900}', '\u{f910}'),
            proptest::char::range('\u{4e00}', '\u{4e10}'),
            any::<char>(),
        ]
    }

    #[test]
    fn nfc_starters_are_quick_check_starters() {
        let ccc = unicode_normalization::char::canonical_combining_class;
        for c in (0..=0x10ffff)
            .filter_map(char::from_u32)
            .filter(|&c| nfc_starter(c))
        {
            let quick = unicode_normalization::is_nfc_quick(std::iter::once(c));
            assert_eq!(quick, unicode_normalization::IsNormalized::Yes, "{c:?}");
            assert_eq!(ccc(c), 0, "{c:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn nfc_is_every_cluster_composed(chars in proptest::collection::vec(char_mix(), 0..40)) {
            let text: String = chars.into_iter().collect();
            let tape = from_text(&text, &crate::model::utf8_offsets(&text, 0));
            let want = nfc_every_cluster(&tape);
            let got: Vec<(char, u32, u32)> = nfc(tape, &mut Stats::default())
                .iter()
                .map(|a| (a.ch, a.start, a.end))
                .collect();
            proptest::prop_assert_eq!(got, want);
        }
    }
}
