//! The working representation every cleaning rule edits: chars that remember their source bytes.

pub use crate::chars::{is_cjk, is_cjk_punct, is_closing, is_final_punct, is_han, width};
use crate::model::Span;
use std::cell::Cell;

/// One char of text being cleaned, with the source byte range it stands for.
///
/// Rules never lose provenance: a replaced char keeps the span of what it
/// replaced, a char composed from several keeps their union.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Atom {
    pub ch: char,
    pub start: u32,
    pub end: u32,
}

impl Atom {
    pub fn span(&self) -> Span {
        [self.start, self.end]
    }

    pub fn with(self, ch: char) -> Atom {
        Atom { ch, ..self }
    }
}

pub type Tape = Vec<Atom>;

/// Build a tape from decoded text and its per-char source offsets.
pub fn from_text(text: &str, offsets: &[u32]) -> Tape {
    text.chars()
        .enumerate()
        .map(|(i, ch)| Atom {
            ch,
            start: offsets[i],
            end: offsets[i + 1],
        })
        .collect()
}

pub fn to_string(tape: &[Atom]) -> String {
    let mut s = String::with_capacity(tape.iter().map(|a| a.ch.len_utf8()).sum());
    s.extend(tape.iter().map(|a| a.ch));
    s
}

/// Union of the spans of a non-empty run of atoms.
pub fn span_of(atoms: &[Atom]) -> Span {
    let start = atoms.iter().map(|a| a.start).min().unwrap_or(0);
    let end = atoms.iter().map(|a| a.end).max().unwrap_or(start);
    [start, end]
}

/// Split a tape into lines (without their `\n`); `lines(t).len()` = newlines + 1.
pub fn lines(tape: &[Atom]) -> Vec<&[Atom]> {
    tape.split(|a| a.ch == '\n').collect()
}

/// Where each line of a tape is (without its `\n`), as `lines` cuts them.
pub fn line_ranges(tape: &[Atom]) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let mut start = 0;
    tape.split(|a| a.ch == '\n').map(move |line| {
        let range = start..start + line.len();
        start = range.end + 1;
        range
    })
}

/// A line's text, so regex matches can be mapped back onto atoms.
pub struct LineText {
    pub text: String,
    /// The last (byte, char) pair mapped: matches come in order, so counting
    /// on from it keeps a pass over all matches linear in the line.
    cursor: Cell<(usize, usize)>,
}

impl LineText {
    pub fn new(atoms: &[Atom]) -> LineText {
        // Sized up front: collecting chars reserves a byte per char, and Han takes three.
        let mut text = String::with_capacity(atoms.iter().map(|a| a.ch.len_utf8()).sum());
        text.extend(atoms.iter().map(|a| a.ch));
        LineText {
            text,
            cursor: Cell::new((0, 0)),
        }
    }

    /// Char index of a byte offset that lies on a char boundary.
    pub fn char_at(&self, byte: usize) -> usize {
        let (at, chars) = self.cursor.get();
        let n = if byte >= at {
            chars + self.text[at..byte].chars().count()
        } else if byte <= at - byte {
            self.text[..byte].chars().count()
        } else {
            chars - self.text[byte..at].chars().count()
        };
        self.cursor.set((byte, n));
        n
    }
}

/// Whether any atom holds one of `chars` (a cheap gate before running regexes).
pub fn has_any(atoms: &[Atom], chars: &[char]) -> bool {
    atoms.iter().any(|a| chars.contains(&a.ch))
}

/// Whether a line ends a sentence: its last non-closing char is sentence-final.
pub fn ends_sentence(mut chars: impl DoubleEndedIterator<Item = char>) -> bool {
    chars
        .rfind(|&c| !is_closing(c) && c != ' ')
        .is_some_and(is_final_punct)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_text_maps_bytes_to_chars() {
        let t = from_text("a中b", &[0, 1, 4, 5]);
        let lt = LineText::new(&t);
        assert_eq!(lt.char_at(1), 1);
        assert_eq!(lt.char_at(4), 2);
        assert_eq!(lt.char_at(5), 3);
        // Backwards, near the cursor and near the start.
        assert_eq!(lt.char_at(4), 2);
        assert_eq!(lt.char_at(1), 1);
        assert_eq!(lt.char_at(0), 0);
        assert_eq!(lt.char_at(5), 3);
    }

    #[test]
    fn sentence_end_sees_through_quotes() {
        let t = from_text("说。”", &[0, 3, 6, 9]);
        assert!(ends_sentence(t.iter().map(|a| a.ch)));
    }
}
