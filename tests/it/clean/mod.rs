//! `reprint clean`: through the binary (`cli`), on the noise fixtures (`noise`), on the sample
//! pages through the library (`samples`), and in time linear in its input (`linear_time`).

mod cli;
mod linear_time;
mod noise;
mod pieces;
mod samples;

use crate::harness::{stderr, stdout};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::process::Output;

/// Asserts exit code 0 and an empty stderr, returning stdout.
fn ok(o: &Output) -> String {
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(o));
    assert_eq!(stderr(o), "", "stderr must be empty on success");
    stdout(o)
}

// ---------------------------------------------------------------------------
// The documented JSON schema, strictly.

type Span = [u32; 2];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Removed {
    kind: String,
    text: String,
    span: Span,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Continuation {
    direction: String,
    page: String,
    text: String,
    span: Span,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Found {
    text: String,
    span: Span,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Variant {
    found: String,
    simplified: String,
    corrected: bool,
    span: Span,
}

/// One document of `--format json`/`jsonl` for a text input.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Doc {
    id: String,
    source: String,
    encoding: String,
    text: String,
    truncated: bool,
    removed: Vec<Removed>,
    continuations: Vec<Continuation>,
    datelines: Vec<Found>,
    bylines: Vec<Found>,
    variants: Vec<Variant>,
    stats: BTreeMap<String, u64>,
    /// Only with `--map`.
    map: Option<Vec<Span>>,
}

/// What a JSON Lines input record carries under `reprint`: a [`Doc`] without `text`.
/// (Some fields are only deserialized, to check the schema.)
#[allow(dead_code)]
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Meta {
    id: String,
    source: String,
    encoding: String,
    truncated: bool,
    removed: Vec<Removed>,
    continuations: Vec<Continuation>,
    datelines: Vec<Found>,
    bylines: Vec<Found>,
    variants: Vec<Variant>,
    stats: BTreeMap<String, u64>,
    map: Option<Vec<Span>>,
}

fn parse_jsonl(out: &str) -> Vec<Doc> {
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

fn within(span: Span, len: usize) -> bool {
    span[0] <= span[1] && span[1] as usize <= len
}
