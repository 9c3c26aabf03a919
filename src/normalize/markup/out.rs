//! The tape a markup pass writes: kept chars, breaks that stand for block tags, and removals run by run.

use crate::model::Removal;
use crate::model::RemovalKind;
use crate::normalize::tape::{Atom, Tape};

/// Longest removal text recorded whole; a longer one (a style block) is cut
/// and ends in `…`, its span still covering all of it.
const MAX_TEXT: usize = 200;

/// A removal being collected: consecutive removed atoms of one kind.
struct Run {
    kind: RemovalKind,
    start: u32,
    end: u32,
    text: String,
    chars: usize,
}

/// A removal's text as recorded: trimmed, and cut after [`MAX_TEXT`] chars.
pub fn abbreviate(chars: impl Iterator<Item = char>) -> String {
    let s: String = chars.collect();
    let s = s.trim();
    match s.char_indices().nth(MAX_TEXT) {
        Some((k, _)) => format!("{}…", &s[..k]),
        None => s.to_string(),
    }
}

pub struct Out<'r> {
    pub atoms: Tape,
    /// Newlines owed before the next kept char (1 a line break, 2 a paragraph).
    pending: u8,
    pending_span: [u32; 2],
    run: Option<Run>,
    removed: &'r mut Vec<Removal>,
    /// Removals recorded, for the rule's count.
    pub count: u64,
}

impl<'r> Out<'r> {
    pub fn new(capacity: usize, removed: &'r mut Vec<Removal>) -> Out<'r> {
        Out {
            atoms: Vec::with_capacity(capacity),
            pending: 0,
            pending_span: [0, 0],
            run: None,
            removed,
            count: 0,
        }
    }

    /// Keep `a`, after any break owed.
    pub fn keep(&mut self, a: Atom) {
        self.close();
        if self.pending > 0 {
            self.flush_break();
        }
        self.atoms.push(a);
    }

    /// Remove `a` as part of a removal of `kind`.
    pub fn drop(&mut self, a: Atom, kind: RemovalKind) {
        if let Some(run) = &mut self.run {
            if run.kind == kind {
                run.end = run.end.max(a.end);
                run.start = run.start.min(a.start);
                if run.chars < MAX_TEXT {
                    run.text.push(a.ch);
                } else if run.chars == MAX_TEXT {
                    run.text.push('…');
                }
                run.chars += 1;
                return;
            }
        }
        self.close();
        self.run = Some(Run {
            kind,
            start: a.start,
            end: a.end,
            text: a.ch.to_string(),
            chars: 1,
        });
    }

    /// A line (1) or paragraph (2) break before the next kept char, standing for `span`.
    pub fn brk(&mut self, level: u8, span: [u32; 2]) {
        if self.pending == 0 {
            self.pending_span = span;
        }
        self.pending = self.pending.max(level);
    }

    /// Whether a break is owed or the last kept char ends a line.
    pub fn at_line_start(&self) -> bool {
        self.pending > 0 || self.atoms.last().is_none_or(|a| a.ch == '\n')
    }

    /// Close the removal in progress (a kept char or a new kind ends it).
    pub fn close(&mut self) {
        if let Some(run) = self.run.take() {
            let text = run.text.trim().to_string();
            // Whitespace between two tags is no removal worth a record.
            if !text.is_empty() {
                self.removed.push(Removal {
                    kind: run.kind,
                    text,
                    span: [run.start, run.end],
                });
                self.count += 1;
            }
        }
    }

    /// Take back what was kept from `from` on (a paragraph found to be
    /// furniture), recording it as a removal of `kind`.
    pub fn retract(&mut self, from: usize, kind: RemovalKind) {
        self.close();
        let from = from
            + self.atoms[from.min(self.atoms.len())..]
                .iter()
                .take_while(|a| a.ch == '\n')
                .count();
        if from >= self.atoms.len() {
            return;
        }
        let taken = self.atoms.split_off(from);
        self.removed.push(Removal {
            kind,
            text: abbreviate(taken.iter().map(|a| a.ch)),
            span: crate::normalize::tape::span_of(&taken),
        });
        self.count += 1;
    }

    fn flush_break(&mut self) {
        // Spaces before a break are the end of a line, not text.
        while self
            .atoms
            .last()
            .is_some_and(|a| matches!(a.ch, ' ' | '\t' | '\u{a0}' | '\u{3000}'))
        {
            self.atoms.pop();
        }
        let have = self.atoms.iter().rev().take_while(|a| a.ch == '\n').count();
        if !self.atoms.is_empty() {
            let [start, end] = self.pending_span;
            for _ in have..usize::from(self.pending) {
                self.atoms.push(Atom {
                    ch: '\n',
                    start,
                    end,
                });
            }
        }
        self.pending = 0;
    }

    pub fn finish(mut self) -> (Tape, u64) {
        self.close();
        (self.atoms, self.count)
    }
}
