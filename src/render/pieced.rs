//! `reprint clean` output of a file read in pieces: the bytes its whole-file document would have, written a piece at a time.
//!
//! The text is written as the pieces come; what follows it in a JSON record
//! (removals, markers, stats) is gathered, and the source map, which may be
//! larger than memory, is spooled to a temp file and copied after them.

use super::clean::StreamFormat;
use crate::model::{CleanedDocument, Piece, Span};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{Seek, Write};

/// Stands for the text in a rendered skeleton: escaped as `\u0000`, which no
/// cleaned text holds (a NUL makes the input binary).
const TEXT: &str = "\u{0}";
const TEXT_JSON: &str = "\"\\u0000\"";

/// One document being written from its pieces.
pub struct Pieced {
    format: StreamFormat,
    /// Some cleaned text has been written (joiners go only between texts).
    any_text: bool,
    /// The strongest joiner since the last text written, and its chars' span.
    joiner: (&'static str, Span),
    /// The document but its text and map: the first piece's fields, every
    /// piece's lists and stats gathered.
    gathered: CleanedDocument,
    /// The map's elements rendered so far, and how many.
    map: Option<(std::fs::File, usize)>,
    /// Pretty JSON: the indent of the map's key; empty for compact JSON.
    indent: String,
}

/// `doc`'s id, source, encoding and flag, with no text, lists or map.
fn head_of(doc: &CleanedDocument) -> CleanedDocument {
    CleanedDocument {
        id: doc.id.clone(),
        source: doc.source.clone(),
        encoding: doc.encoding.clone(),
        text: String::new(),
        truncated: doc.truncated,
        removed: Vec::new(),
        continuations: Vec::new(),
        datelines: Vec::new(),
        bylines: Vec::new(),
        variants: Vec::new(),
        stats: BTreeMap::new(),
        map: None,
    }
}

/// What is left to write once the last piece is in: the spooled map to copy
/// (rewound), then the closing text.
pub struct Tail {
    pub map: Option<std::fs::File>,
    pub close: String,
}

impl Pieced {
    /// Starts the document with its first piece; writes the record's opening
    /// (`render` renders a document as the format's body holds it). `spool`:
    /// an empty temp file for the map, when the document has one.
    pub fn start(
        format: StreamFormat,
        doc: &CleanedDocument,
        spool: Option<std::fs::File>,
        render: impl Fn(&CleanedDocument) -> String,
        out: &mut String,
    ) -> std::io::Result<Pieced> {
        let mut indent = String::new();
        if format != StreamFormat::Text {
            let skeleton = render(&CleanedDocument {
                text: TEXT.to_string(),
                map: doc.map.as_ref().map(|_| Vec::new()),
                ..head_of(doc)
            });
            let at = skeleton
                .find(TEXT_JSON)
                .expect("the skeleton holds its text");
            out.push_str(&skeleton[..at + 1]);
            // Pretty JSON: the map's elements are indented one level past its key.
            if let Some(line) = skeleton
                .lines()
                .find(|l| l.trim_start().starts_with("\"map\": ["))
            {
                indent = line[..line.len() - line.trim_start().len()].to_string();
            }
        }
        let map = spool.map(|file| (file, 0));
        Ok(Pieced {
            format,
            any_text: false,
            joiner: ("", [0, 0]),
            gathered: head_of(doc),
            map,
            indent,
        })
    }

    /// Adds the next piece (the first one too); at the last, what is left to write.
    pub fn push(
        &mut self,
        doc: CleanedDocument,
        piece: Piece,
        render: impl Fn(&CleanedDocument) -> String,
        out: &mut String,
    ) -> std::io::Result<Option<Tail>> {
        if piece.joiner.len() > self.joiner.0.len() {
            self.joiner = (piece.joiner, piece.joiner_span);
        }
        let mut joined: &[Span] = &[];
        let spans = [self.joiner.1; 2];
        if !doc.text.is_empty() {
            let joiner = if self.any_text { self.joiner.0 } else { "" };
            joined = &spans[..joiner.chars().count()];
            match self.format {
                StreamFormat::Text => {
                    out.push_str(joiner);
                    out.push_str(&doc.text);
                }
                _ => {
                    let escaped = serde_json::to_string(&format!("{joiner}{}", doc.text))
                        .expect("a string serializes");
                    out.push_str(&escaped[1..escaped.len() - 1]);
                }
            }
            (self.any_text, self.joiner) = (true, ("", [0, 0]));
        }
        let g = &mut self.gathered;
        g.removed.extend(doc.removed);
        g.continuations.extend(doc.continuations);
        g.datelines.extend(doc.datelines);
        g.bylines.extend(doc.bylines);
        g.variants.extend(doc.variants);
        for (k, n) in doc.stats {
            *g.stats.entry(k).or_default() += n;
        }
        g.truncated = doc.truncated;
        if let (Some((file, count)), Some(map)) = (&mut self.map, &doc.map) {
            let mut buf = String::with_capacity(map.len() * 16);
            let w = &self.indent;
            for [a, b] in joined.iter().chain(map) {
                if *count > 0 {
                    buf.push(',');
                }
                *count += 1;
                // serde_json's pretty layout of `[a, b]` one level in, or its compact one.
                let _ = match w.is_empty() {
                    true => write!(buf, "[{a},{b}]"),
                    false => write!(buf, "\n{w}  [\n{w}    {a},\n{w}    {b}\n{w}  ]"),
                };
            }
            file.write_all(buf.as_bytes())?;
        }
        if !piece.last {
            return Ok(None);
        }
        self.finish(render, out).map(Some)
    }

    fn finish(
        &mut self,
        render: impl Fn(&CleanedDocument) -> String,
        out: &mut String,
    ) -> std::io::Result<Tail> {
        if self.format == StreamFormat::Text {
            if self.any_text {
                out.push('\n');
            }
            return Ok(Tail {
                map: None,
                close: String::new(),
            });
        }
        let empty = head_of(&self.gathered);
        let skeleton = render(&CleanedDocument {
            text: TEXT.to_string(),
            map: self.map.as_ref().map(|_| Vec::new()),
            ..std::mem::replace(&mut self.gathered, empty)
        });
        let at = skeleton
            .find(TEXT_JSON)
            .expect("the skeleton holds its text");
        let rest = &skeleton[at + TEXT_JSON.len() - 1..];
        let Some((mut file, count)) = self.map.take() else {
            return Ok(Tail {
                map: None,
                close: rest.to_string(),
            });
        };
        // The empty map is the record's last field: the spooled elements go in its brackets.
        let empty = rest.rfind("[]").expect("the skeleton holds an empty map");
        out.push_str(&rest[..empty + 1]);
        file.flush()?;
        file.rewind()?;
        let close = match (count, self.indent.is_empty()) {
            (0, _) | (_, true) => rest[empty + 1..].to_string(),
            _ => format!("\n{}{}", self.indent, &rest[empty + 1..]),
        };
        Ok(Tail {
            map: Some(file),
            close,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::input::{load_each, InputOptions};
    use crate::model::{CleanedDocument, Source};
    use crate::normalize::{clean, CleanOptions};
    use crate::render::clean::{Stream, StreamFormat};

    /// What `reprint clean` writes for `paths` read with `input`.
    fn cleaned(paths: &[String], input: &InputOptions, format: StreamFormat) -> String {
        let several = paths.len() > 1;
        let mut stream = Stream::new(format).pieces(move || several, crate::spill::temp_file);
        let mut out = String::new();
        load_each(paths, input, |batch: Vec<Source>| {
            for s in batch {
                let doc = CleanedDocument::new(&s, clean(&s, &CleanOptions::default()), true);
                match s.piece {
                    None => {
                        let rendered = Stream::render(format, &doc, &s);
                        stream.push(doc, rendered, &mut out);
                    }
                    Some(piece) => {
                        if let Some(mut tail) = stream.push_piece(doc, piece, &mut out).unwrap() {
                            if let Some(mut map) = tail.map.take() {
                                let mut spooled = String::new();
                                std::io::Read::read_to_string(&mut map, &mut spooled).unwrap();
                                out.push_str(&spooled);
                            }
                            out.push_str(&tail.close);
                        }
                    }
                }
            }
        });
        stream.finish(&mut out);
        out
    }

    /// Pieces of 4 KiB (dozens a file) give the bytes of the whole file in every
    /// format, map included, for one-line and paragraph layouts, in UTF-8,
    /// GB18030 and Big5 (no ASCII at all), alone and between other inputs.
    #[test]
    fn pieces_write_the_whole_files_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let mut one = String::new();
        let mut paras = String::new();
        for n in 0..600 {
            let s = format!("第{n}条消息称，贸易发展稳中有进{}。", n % 7);
            one.push_str(&s);
            paras.push_str(&s);
            paras.push_str(match n % 9 {
                0 => "\r\n\r\n",
                1 => "\n\n（上接第一版）\n\n",
                2 => "”\n\n",
                3 => "",
                _ => "\n\n",
            });
        }
        let path = |name: &str| dir.path().join(name).to_string_lossy().into_owned();
        std::fs::write(path("one.txt"), &one).unwrap();
        std::fs::write(path("paras.txt"), &paras).unwrap();
        std::fs::write(path("small.txt"), "短文。").unwrap();
        // Legacy encodings: pieces cut between chars found by walking the bytes.
        std::fs::write(path("gb.txt"), encoding_rs::GB18030.encode(&paras).0).unwrap();
        let han: String = one.chars().filter(|c| !c.is_ascii()).collect();
        std::fs::write(path("big5.txt"), encoding_rs::BIG5.encode(&han).0).unwrap();
        let pieced = InputOptions {
            pieces: Some(4 << 10),
            ..InputOptions::default()
        };
        for paths in [
            vec![path("one.txt")],
            vec![path("paras.txt")],
            vec![path("small.txt"), path("paras.txt"), path("one.txt")],
            vec![path("gb.txt"), path("big5.txt")],
        ] {
            for format in [StreamFormat::Text, StreamFormat::Json, StreamFormat::Jsonl] {
                let whole = cleaned(&paths, &InputOptions::default(), format);
                assert_eq!(
                    cleaned(&paths, &pieced, format),
                    whole,
                    "{paths:?} as {format:?}"
                );
            }
        }
    }
}
