//! `reprint diff`: compare two files or articles and print their variants.

use crate::diff::{compare, refs, DiffOptions};
use crate::error::{Error, Outcome};
use crate::input::InputOptions;
use crate::normalize::CleanOptions;
use crate::render::diff::{html, json, text, unified};
use std::io::Write;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Unified,
    Json,
    Html,
}

#[derive(Debug, Clone)]
pub struct DiffConfig {
    /// The two operands as given: paths, `-`, or `FILE#N` article refs.
    pub a: String,
    pub b: String,
    pub input: InputOptions,
    pub clean: CleanOptions,
    pub format: Format,
    /// Color the text format (decided by the caller: terminal, `NO_COLOR`, `--color`).
    pub color: bool,
    /// Equal chars shown around a variant in the text format.
    pub context: usize,
    pub diff: DiffOptions,
}

/// Findings are differences: exit code 1 when the texts differ, as with diff(1).
pub fn run(cfg: &DiffConfig, stdout: &mut dyn Write) -> Result<Outcome, Error> {
    let [a, b] = refs::resolve([&cfg.a, &cfg.b], &cfg.input, &cfg.clean).map_err(Error::Usage)?;
    let c = compare(a, b, &cfg.diff);
    if let Some(note) = &c.report.note {
        eprintln!("reprint: note: {note}");
    }
    let body = match cfg.format {
        Format::Text => text::render(
            &c,
            text::Style {
                color: cfg.color,
                context: cfg.context,
            },
        ),
        Format::Unified => unified::render(&c, &crate::diff::paragraphs(&c)),
        Format::Json => json::render(&c),
        Format::Html => html::render(&c),
    };
    stdout.write_all(body.as_bytes())?;
    stdout.flush()?;
    Ok(Outcome {
        findings: !c.report.variants.is_empty(),
        ..Outcome::default()
    })
}
