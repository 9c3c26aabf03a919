//! HTML tokens with the bytes of every decoded char: html5gum's tokens, and a recorder of the strings it emits.
//!
//! html5gum is WHATWG-conformant (tag soup and truncated markup come out as
//! a browser reads them), has no unsafe code and one small dependency, and
//! gives spans; the recorder notes where each emitted string ends, so an
//! entity's char knows it came from the whole entity.

use crate::normalize::tape::is_han;
use html5gum::{DefaultEmitter, Emitter, ForwardingEmitter, Token, Tokenizer};
use std::cell::RefCell;
use std::rc::Rc;

pub type Range = (usize, usize);

/// Strings the tokenizer emitted: where each ended, and its bytes.
type Pieces = Rc<RefCell<Vec<(usize, Vec<u8>)>>>;

/// A run of a text node: raw bytes `[start, end)`, decoded to `decoded`
/// (`None`: to themselves).
#[derive(Debug)]
pub struct Seg {
    pub start: usize,
    pub end: usize,
    pub decoded: Option<String>,
}

#[derive(Debug)]
pub enum Ev {
    Start {
        name: Vec<u8>,
        span: Range,
        /// Attribute name, the span of `name="value"`, the decoded value.
        attrs: Vec<(Vec<u8>, Range, String)>,
    },
    End {
        name: Vec<u8>,
        span: Range,
    },
    Text {
        span: Range,
        segs: Vec<Seg>,
    },
    /// Comments, doctypes, processing instructions, a tag cut off by the end.
    Other {
        span: Range,
    },
}

impl Ev {
    pub fn span(&self) -> Range {
        match self {
            Ev::Start { span, .. }
            | Ev::End { span, .. }
            | Ev::Text { span, .. }
            | Ev::Other { span } => *span,
        }
    }
}

/// Passes html5gum's calls through and notes where each emitted string ends.
struct Recorder {
    inner: DefaultEmitter<usize>,
    pos: usize,
    pieces: Pieces,
}

impl ForwardingEmitter for Recorder {
    type Token = Token<usize>;

    fn inner(&mut self) -> &mut impl Emitter<Token = Self::Token> {
        &mut self.inner
    }

    fn move_position(&mut self, offset: isize) {
        self.pos = self.pos.saturating_add_signed(offset);
        Emitter::move_position(&mut self.inner, offset);
    }

    fn emit_string(&mut self, s: &[u8]) {
        self.pieces.borrow_mut().push((self.pos, s.to_vec()));
        Emitter::emit_string(&mut self.inner, s);
    }
}

/// Elements tokenized as raw text: unclosed, their content is read as HTML.
const RAW: &[&[u8]] = &[
    b"script",
    b"style",
    b"noscript",
    b"iframe",
    b"xmp",
    b"noembed",
    b"noframes",
    b"textarea",
    b"title",
];

/// Tokens of `s` (whose byte 0 is byte `base` of the whole text), with any
/// raw-text element or comment that the end cut off read again as HTML.
pub fn tokenize(s: &str, base: usize, depth: usize) -> Vec<Ev> {
    let pieces = Rc::new(RefCell::new(Vec::new()));
    let mut inner = DefaultEmitter::<usize>::new_with_span();
    inner.naively_switch_states(true);
    let rec = Recorder {
        inner,
        pos: 0,
        pieces: pieces.clone(),
    };
    let mut evs = Vec::new();
    let mut taken = 0;
    let mut covered = 0;
    let mut unclosed_comment = false;
    for token in Tokenizer::new_with_emitter(s, rec) {
        let Ok(token) = token;
        let at = |sp: html5gum::Span<usize>| (base + sp.start, base + sp.end);
        let ev = match token {
            Token::StartTag(t) => Ev::Start {
                name: t.name.to_vec(),
                span: at(t.span),
                attrs: t
                    .attributes
                    .iter()
                    .map(|(k, v)| {
                        let value = String::from_utf8_lossy(&v.value).into_owned();
                        (k.to_vec(), at(v.span), value)
                    })
                    .collect(),
            },
            Token::EndTag(t) => Ev::End {
                name: t.name.to_vec(),
                span: at(t.span),
            },
            Token::String(t) => {
                let pieces = pieces.borrow();
                let mine = &pieces[taken..];
                let n = mine.iter().take_while(|p| p.0 <= t.span.end).count();
                taken += n;
                Ev::Text {
                    span: at(t.span),
                    segs: segments(s, base, t.span.start, t.span.end, &mine[..n], &t.value),
                }
            }
            Token::Comment(t) => Ev::Other { span: at(t.span) },
            Token::Doctype(t) => Ev::Other { span: at(t.span) },
            Token::Error(e) => {
                unclosed_comment |= matches!(e.value, html5gum::Error::EofInComment);
                continue;
            }
        };
        covered = covered.max(ev.span().1 - base);
        evs.push(ev);
    }
    if depth < 8 {
        if let Some((keep, from)) = reread_unclosed(s, base, &evs, unclosed_comment) {
            evs.truncate(keep);
            if from > covered_start(&evs, base) {
                // What opened the unread rest (`<!--`) is markup.
                let open = evs.last().map_or(base, |e| e.span().1);
                evs.push(Ev::Other {
                    span: (open, base + from),
                });
            }
            evs.extend(tokenize(&s[from..], base + from, depth + 1));
            return evs;
        }
    }
    if covered < s.len() {
        // The end cut a tag off: a tag it was (`<p class=`), unless prose follows the `<`.
        let tail = &s[covered..];
        let span = (base + covered, base + s.len());
        evs.push(if tail.chars().any(is_han) {
            Ev::Text {
                span,
                segs: vec![Seg {
                    start: span.0,
                    end: span.1,
                    decoded: None,
                }],
            }
        } else {
            Ev::Other { span }
        });
    }
    evs
}

/// Local end of the last event.
fn covered_start(evs: &[Ev], base: usize) -> usize {
    evs.last().map_or(0, |e| e.span().1 - base)
}

/// Where to read again: how many events to keep and the byte (in `s`) to
/// tokenize from. A raw-text element with no end tag, or a comment the end
/// cut off that holds Han text, would hide the rest of the page.
fn reread_unclosed(s: &str, base: usize, evs: &[Ev], comment: bool) -> Option<(usize, usize)> {
    let last = evs.len().checked_sub(1)?;
    let local = |b: usize| b - base;
    match &evs[last] {
        Ev::Text { .. } if last > 0 => match &evs[last - 1] {
            Ev::Start { name, span, .. } if RAW.contains(&name.as_slice()) => {
                Some((last, local(span.1)))
            }
            _ => None,
        },
        Ev::Other { span } if comment && s[local(span.0)..].starts_with("<!--") => {
            let from = local(span.0) + 4;
            s[from..].chars().any(is_han).then_some((last, from))
        }
        _ => None,
    }
}

/// The runs of one text node `[start, end)` (local offsets) from the strings
/// the tokenizer emitted for it, each ending at its recorded position.
fn segments(
    s: &str,
    base: usize,
    start: usize,
    end: usize,
    pieces: &[(usize, Vec<u8>)],
    value: &[u8],
) -> Vec<Seg> {
    let raw = &s.as_bytes()[start..end];
    let joined: usize = pieces.iter().map(|p| p.1.len()).sum();
    if raw == value || joined != value.len() || pieces.last().is_none_or(|p| p.0 != end) {
        let decoded = (raw != value).then(|| String::from_utf8_lossy(value).into_owned());
        return vec![Seg {
            start: base + start,
            end: base + end,
            decoded,
        }];
    }
    let mut segs: Vec<Seg> = Vec::new();
    let mut at = start;
    for (piece_end, bytes) in pieces {
        let piece_end = (*piece_end).max(at);
        let raw = &s.as_bytes()[at..piece_end];
        if raw == bytes.as_slice() {
            match segs.last_mut() {
                Some(g) if g.decoded.is_none() && g.end == base + at => g.end = base + piece_end,
                _ => segs.push(Seg {
                    start: base + at,
                    end: base + piece_end,
                    decoded: None,
                }),
            }
        } else {
            // An entity (or a char the tokenizer replaced): it spans its raw bytes.
            segs.push(Seg {
                start: base + at,
                end: base + piece_end,
                decoded: Some(String::from_utf8_lossy(bytes).into_owned()),
            });
        }
        at = piece_end;
    }
    segs
}
