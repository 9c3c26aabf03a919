//! HTML in scraped text: tags and comments out, blocks to breaks, entities decoded, image captions kept.

use super::elements::{drop_ranges, known, structured, BLOCK};
use super::out::Out;
use super::tokens::{tokenize, Ev, Range, Seg};
use crate::model::Removal;
use crate::model::RemovalKind;
use crate::normalize::tape::{is_han, to_string, Atom, Tape};
use crate::normalize::Stats;

/// Remove the HTML in `tape`. Unless `force`, a text with no known tag,
/// comment, doctype or `;`-terminated entity is left as it is. Also says
/// whether an entity decoded to a `<`: escaped markup (`&lt;p&gt;`) that
/// is markup once decoded.
pub fn strip(
    tape: Tape,
    force: bool,
    removed: &mut Vec<Removal>,
    stats: &mut Stats,
) -> (Tape, bool) {
    let s = to_string(&tape);
    if memchr::memchr2(b'<', b'&', s.as_bytes()).is_none() {
        return (tape, false);
    }
    let evs = tokenize(&s, 0, 0);
    let signals = evs
        .iter()
        .filter(|ev| match ev {
            Ev::Start { name, .. } | Ev::End { name, .. } => known(name),
            Ev::Other { span } => s[span.0..].starts_with("<!"),
            Ev::Text { segs, .. } => segs
                .iter()
                .any(|g| g.decoded.is_some() && s[..g.end].ends_with(';')),
        })
        .count();
    if signals == 0 && !force {
        return (tape, false);
    }
    let starts: Vec<usize> = s.char_indices().map(|(i, _)| i).collect();
    let dropped = drop_ranges(&s, &evs);
    let structured = structured(&s, &evs, &dropped);
    let mut w = Walk {
        s: &s,
        tape: &tape,
        starts: &starts,
        out: Out::new(tape.len(), removed),
        structured,
        pre: 0,
        link: 0,
        heading: 0,
        para: Para::default(),
        entities: 0,
        escaped: false,
    };
    let mut pos = 0;
    for (k, ev) in evs.iter().enumerate() {
        let span = ev.span();
        // Bytes no token covers (none, as a rule) are markup.
        w.remove(pos, span.0.max(pos));
        pos = pos.max(span.1);
        if dropped[k] {
            w.remove(span.0, span.1);
            continue;
        }
        match ev {
            Ev::Start { name, span, attrs } => w.start(name, *span, attrs),
            Ev::End { name, span } => w.end(name, *span),
            Ev::Text { segs, .. } => w.text(segs),
            Ev::Other { span } => w.remove(span.0, span.1),
        }
    }
    w.remove(pos, s.len());
    w.end_paragraph();
    let (entities, escaped) = (w.entities, w.escaped);
    let (atoms, count) = w.out.finish();
    stats.add("markup", count);
    stats.add("entities", entities);
    (atoms, escaped)
}

struct Walk<'a, 'r> {
    s: &'a str,
    tape: &'a [Atom],
    starts: &'a [usize],
    out: Out<'r>,
    structured: bool,
    /// Depth of `<pre>`: its newlines are lines even in structured HTML.
    pre: usize,
    /// Depth of `<a>` and of `<h1>`…`<h6>`.
    link: usize,
    heading: usize,
    /// The paragraph being written: where it starts in the output, its
    /// letters, how many of them are link text, how many links it has.
    para: Para,
    entities: u64,
    /// An entity decoded to `<`.
    escaped: bool,
}

#[derive(Default)]
struct Para {
    from: usize,
    letters: usize,
    linked: usize,
    links: usize,
}

impl Walk<'_, '_> {
    fn atoms(&self, from: usize, to: usize) -> std::ops::Range<usize> {
        self.starts.partition_point(|&b| b < from)..self.starts.partition_point(|&b| b < to)
    }

    fn remove(&mut self, from: usize, to: usize) {
        for i in self.atoms(from, to) {
            self.out.drop(self.tape[i], RemovalKind::Markup);
        }
    }

    fn start(&mut self, name: &[u8], span: Range, attrs: &[(Vec<u8>, Range, String)]) {
        if !tag_like(self.s, name, span, attrs) {
            return self.keep_raw(span);
        }
        let tag = [
            self.tape[self.atoms(span.0, span.1).start].start,
            self.end_of(span),
        ];
        match name {
            // A heading wrapped with `<br>` is one heading.
            b"br" if self.heading > 0 && self.out.atoms.last().is_some_and(|a| is_han(a.ch)) => {}
            b"br" if self.heading > 0 => self.space(span),
            b"br" => self.out.brk(1, tag),
            b"pre" => self.pre += 1,
            b"a" => {
                self.link += 1;
                self.para.links += 1;
            }
            b"h1" | b"h2" | b"h3" | b"h4" | b"h5" | b"h6" => self.heading += 1,
            b"td" | b"th" => self.space(span),
            b"img" => return self.image(span, attrs, tag),
            _ => {}
        }
        if BLOCK.contains(&name) {
            self.block(tag);
        }
        self.remove(span.0, span.1);
    }

    /// A block tag: the paragraph before it ends.
    fn block(&mut self, tag: [u32; 2]) {
        self.end_paragraph();
        self.out.brk(2, tag);
    }

    /// A paragraph made of links only (a menu item, a bar of links) is navigation.
    fn end_paragraph(&mut self) {
        let p = std::mem::take(&mut self.para);
        let nav = p.letters > 0
            && p.linked * 10 >= p.letters * 9
            && (p.letters <= 30 || p.links >= 3)
            && !self.out.atoms[p.from.min(self.out.atoms.len())..]
                .iter()
                .any(|a| matches!(a.ch, '。' | '！' | '？'));
        if nav {
            self.out.retract(p.from, RemovalKind::Navigation);
        }
        self.para.from = self.out.atoms.len();
    }

    fn end(&mut self, name: &[u8], span: Range) {
        if !tag_like(self.s, name, span, &[]) {
            return self.keep_raw(span);
        }
        match name {
            b"pre" => self.pre = self.pre.saturating_sub(1),
            b"a" => self.link = self.link.saturating_sub(1),
            b"h1" | b"h2" | b"h3" | b"h4" | b"h5" | b"h6" => {
                self.heading = self.heading.saturating_sub(1)
            }
            _ => {}
        }
        let tag = [
            self.tape[self.atoms(span.0, span.1).start].start,
            self.end_of(span),
        ];
        if name == b"br" {
            self.out.brk(1, tag);
        } else if BLOCK.contains(&name) {
            self.block(tag);
        }
        self.remove(span.0, span.1);
    }

    fn end_of(&self, span: Range) -> u32 {
        let r = self.atoms(span.0, span.1);
        self.tape[r.end - 1].end
    }

    fn space(&mut self, span: Range) {
        if !self.out.at_line_start() && self.out.atoms.last().is_some_and(|a| a.ch != ' ') {
            let first = self.tape[self.atoms(span.0, span.1).start];
            self.out.keep(first.with(' '));
        }
    }

    /// A `<` that opens no tag (`<天津>`) is text.
    fn keep_raw(&mut self, span: Range) {
        for i in self.atoms(span.0, span.1) {
            self.out.keep(self.tape[i]);
        }
    }

    /// `<img>` goes; its `alt` (or `title`) stays as a caption of its own when it is prose.
    fn image(&mut self, span: Range, attrs: &[(Vec<u8>, Range, String)], tag: [u32; 2]) {
        // An image inside a link is a logo or a button, not a photo.
        let alt = ["alt", "title"]
            .iter()
            .filter(|_| self.link == 0)
            .find_map(|want| {
                attrs
                    .iter()
                    .find(|(k, _, v)| k.as_slice() == want.as_bytes() && super::caption(v))
            });
        let Some((_, attr, value)) = alt else {
            return self.remove(span.0, span.1);
        };
        let (vs, ve) = value_range(self.s, *attr);
        self.remove(span.0, vs);
        self.out.brk(2, tag);
        let r = self.atoms(vs, ve);
        if &self.s[vs..ve] == value.as_str() {
            for i in r {
                self.out.keep(self.tape[i]);
            }
        } else if !r.is_empty() {
            let (first, last) = (self.tape[r.start], self.tape[r.end - 1]);
            for ch in value.chars() {
                self.out.keep(Atom {
                    ch,
                    start: first.start,
                    end: last.end,
                });
            }
        }
        self.out.brk(2, tag);
        self.remove(ve, span.1);
    }

    fn text(&mut self, segs: &[Seg]) {
        for g in segs {
            let r = self.atoms(g.start, g.end);
            if r.is_empty() {
                continue;
            }
            match &g.decoded {
                None => {
                    for i in r {
                        self.text_atom(self.tape[i], i);
                    }
                }
                Some(decoded) => {
                    self.entities += 1;
                    self.escaped |= decoded.contains('<');
                    let (first, last) = (self.tape[r.start], self.tape[r.end - 1]);
                    for ch in decoded.chars() {
                        let a = Atom {
                            ch,
                            start: first.start,
                            end: last.end,
                        };
                        self.text_atom(a, usize::MAX);
                    }
                }
            }
        }
    }

    /// A char of a text node; `i` is its tape index (`usize::MAX` when decoded).
    fn text_atom(&mut self, a: Atom, i: usize) {
        if a.ch.is_alphanumeric() {
            self.para.letters += 1;
            self.para.linked += usize::from(self.link > 0);
        }
        if !self.structured || self.pre > 0 {
            return self.out.keep(a);
        }
        let space = matches!(a.ch, ' ' | '\t' | '\n' | '\u{a0}' | '\u{3000}');
        if space && self.out.at_line_start() {
            return;
        }
        if a.ch == '\n' {
            // A blank line in the source is a paragraph; one newline, a space.
            let next_blank = i != usize::MAX
                && self.tape[i + 1..]
                    .iter()
                    .take_while(|b| matches!(b.ch, ' ' | '\t' | '\n'))
                    .any(|b| b.ch == '\n');
            let prev = self.out.atoms.last().map(|b| b.ch);
            if next_blank {
                return self.out.brk(2, a.span());
            }
            if prev.is_some_and(|p| matches!(p, ' ' | '\t')) {
                return;
            }
            return self.out.keep(a.with(' '));
        }
        if space && self.out.atoms.last().is_some_and(|b| b.ch == ' ') && a.ch != '\u{3000}' {
            return;
        }
        self.out.keep(a)
    }
}

/// Whether a tag token is a tag and not text that a `<` began: an ASCII name,
/// ASCII attribute names, and no Han char outside attribute values.
fn tag_like(s: &str, name: &[u8], span: Range, attrs: &[(Vec<u8>, Range, String)]) -> bool {
    let name_ok = name.first().is_some_and(u8::is_ascii_alphabetic)
        && name
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b':' | b'_'));
    if !name_ok || attrs.iter().any(|(k, _, _)| !k.is_ascii()) {
        return false;
    }
    let mut outside = s[span.0..span.1].chars().filter(|&c| is_han(c)).count();
    for (_, a, _) in attrs {
        let (vs, ve) = value_range(s, *a);
        outside = outside.saturating_sub(s[vs..ve].chars().filter(|&c| is_han(c)).count());
    }
    outside == 0
}

/// The bytes of an attribute's value inside its `name="value"` span.
fn value_range(s: &str, (start, end): Range) -> Range {
    let raw = &s[start..end];
    let Some(eq) = raw.find('=') else {
        return (end, end);
    };
    let after = &raw[eq + 1..];
    let lead = after.len() - after.trim_start().len();
    let v = start + eq + 1 + lead;
    match s[v..end].chars().next() {
        Some(q @ ('"' | '\'')) => {
            let close = s[v + 1..end].find(q).map_or(end, |k| v + 1 + k);
            (v + 1, close)
        }
        _ => {
            let stop = s[v..end]
                .find(|c: char| c.is_whitespace() || c == '>')
                .map_or(end, |k| v + k);
            (v, stop)
        }
    }
}
