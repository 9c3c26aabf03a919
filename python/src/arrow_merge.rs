//! Batch functions for a merge on an engine (Spark `groupBy(cluster).applyInArrow`): the run's vote
//! evidence counted a partition at a time, and groups of records merged as `reprint merge` merges them.

use crate::arrow::{int64s_nullable, strings, to_py};
use crate::engine;
use arrow_array::{ArrayRef, Int32Array, Int64Array, StringArray, StructArray};
use arrow_schema::{DataType, Field, Fields};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3_arrow::PyArray;
use rayon::prelude::*;
use reprint::merge::{evidence_of, merge_records, Evidence};
use reprint::{render, Source};
use serde_json::{Map, Value};
use std::sync::Arc;

/// One document's records: a cluster's members (with their input positions), or a lone record.
type Group = (Option<usize>, Vec<(usize, Source)>);

/// A text as a record to clean (id, source and line do not change what is cleaned).
fn record(
    id: Option<String>,
    text: String,
    fields: Option<Map<String, Value>>,
    pos: usize,
) -> Source {
    Source::of_record(
        id,
        text,
        fields,
        ("records", "records", pos as u64 + 1),
        false,
    )
}

/// The vote's evidence of `texts` (each cleaned as `reprint merge` cleans a
/// record): `struct<char: int32, count: int64>`, chars ascending; null texts
/// count for nothing. Sum the counts of every part for the run's.
#[pyfunction]
#[pyo3(signature = (texts, markup))]
fn evidence<'py>(py: Python<'py>, texts: PyArray, markup: &str) -> PyResult<Bound<'py, PyAny>> {
    let texts = strings(&texts, "texts")?;
    let clean = crate::options::clean(&[], markup, true)?;
    let counts = engine(py, None, || {
        let sources: Vec<Source> = texts
            .into_iter()
            .enumerate()
            .filter_map(|(i, t)| Some(record(None, t?, None, i)))
            .collect();
        evidence_of(&sources, &clean).counts()
    })?;
    let chars: Int32Array = counts.iter().map(|&(c, _)| c as i32).collect();
    let n: Int64Array = counts.iter().map(|&(_, n)| i64::from(n)).collect();
    let fields = Fields::from(vec![
        Field::new("char", DataType::Int32, false),
        Field::new("count", DataType::Int64, false),
    ]);
    let columns: Vec<ArrayRef> = vec![Arc::new(chars), Arc::new(n)];
    to_py(py, Arc::new(StructArray::new(fields, columns, None)))
}

/// A record's other fields from its JSON object (`text` left out, as `--input jsonl` reads a line).
fn fields_of(json: &str, row: usize) -> PyResult<Map<String, Value>> {
    match serde_json::from_str::<Value>(json) {
        Ok(Value::Object(mut m)) => {
            m.shift_remove("text");
            Ok(m)
        }
        Ok(_) => Err(PyValueError::new_err(format!(
            "fields[{row}] is not a JSON object"
        ))),
        Err(e) => Err(PyValueError::new_err(format!(
            "fields[{row}] is not JSON: {e}"
        ))),
    }
}

/// Records merged into output documents as `reprint merge --input jsonl
/// --format jsonl` merges them: rows of one non-null `clusters` value are
/// that cluster's members, in its member order (ids ascending) and next to
/// one another; a row with a null cluster is a record in no cluster, merged
/// alone. `positions` is each record's input position (`keep = first`
/// keeps the least); `fields` its JSON object (the output record's fields);
/// `ev_chars`/`ev_counts` the run's evidence. Returns `struct<id, cluster,
/// line>`, a row per document in the order of its first row, `line` the
/// record as the CLI writes it.
#[pyfunction]
#[pyo3(name = "merge_records", signature = (ids, texts, fields, positions, clusters, ev_chars, ev_counts, keep, markup))]
#[allow(clippy::too_many_arguments)]
fn merge_rows<'py>(
    py: Python<'py>,
    ids: PyArray,
    texts: PyArray,
    fields: PyArray,
    positions: PyArray,
    clusters: PyArray,
    ev_chars: PyArray,
    ev_counts: PyArray,
    keep: &str,
    markup: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let keep = crate::options::keep(keep)?;
    let clean = crate::options::clean(&[], markup, true)?;
    let ids = strings(&ids, "ids")?;
    let texts = strings(&texts, "texts")?;
    let fields = strings(&fields, "fields")?;
    let positions = int64s_nullable(&positions, "positions")?;
    let clusters = int64s_nullable(&clusters, "clusters")?;
    let n = ids.len();
    for (what, len) in [
        ("texts", texts.len()),
        ("fields", fields.len()),
        ("positions", positions.len()),
        ("clusters", clusters.len()),
    ] {
        if len != n {
            return Err(PyValueError::new_err(format!(
                "{what} has {len} rows, ids {n}: one row per record"
            )));
        }
    }
    let chars = int64s_nullable(&ev_chars, "ev_chars")?;
    let counts = int64s_nullable(&ev_counts, "ev_counts")?;
    if chars.len() != counts.len() {
        return Err(PyValueError::new_err(
            "ev_chars and ev_counts must have the same length",
        ));
    }
    let mut ev = Vec::with_capacity(chars.len());
    for (c, k) in chars.iter().zip(&counts) {
        let c = c
            .and_then(|c| u32::try_from(c).ok())
            .and_then(char::from_u32);
        match (c, k) {
            (Some(c), Some(k)) => ev.push((c, u32::try_from(*k).unwrap_or(u32::MAX))),
            _ => {
                return Err(PyValueError::new_err(
                    "ev_chars must be chars, ev_counts counts",
                ))
            }
        }
    }
    let ev = Evidence::from_counts(ev);
    let mut rows = Vec::with_capacity(n);
    for (i, ((id, text), f)) in ids.into_iter().zip(texts).zip(fields).enumerate() {
        let id = id.ok_or_else(|| PyValueError::new_err(format!("ids[{i}] is null")))?;
        let text = text
            .ok_or_else(|| PyValueError::new_err(format!("texts[{i}] (record {id:?}) is null")))?;
        let pos = match positions[i] {
            Some(p) if p >= 0 => p as usize,
            _ => {
                return Err(PyTypeError::new_err(format!(
                    "positions[{i}] must be a position (an int >= 0)"
                )))
            }
        };
        let f = f.map(|j| fields_of(&j, i)).transpose()?;
        rows.push((pos, record(Some(id), text, f, pos)));
    }
    // Groups: a run of rows with one cluster, or a row without one.
    let mut groups: Vec<Group> = Vec::new();
    for (row, c) in rows.into_iter().zip(&clusters) {
        let c = c.map(|c| c as usize);
        match groups.last_mut() {
            Some((Some(last), members)) if c == Some(*last) => members.push(row),
            _ => groups.push((c, vec![row])),
        }
    }
    let out = engine(py, None, || {
        groups
            .par_iter()
            .map(|(cluster, members)| {
                let (doc, on) = merge_records(members, *cluster, &ev, keep, &clean);
                let record = on.and_then(|k| members[k].1.record.as_ref());
                let line = render::merge::jsonl_record(&doc, record, keep);
                (doc.id, doc.cluster.map(|c| c as i64), line)
            })
            .collect::<Vec<_>>()
    })?;
    let id: StringArray = out.iter().map(|(id, _, _)| Some(id.as_str())).collect();
    let cluster: Int64Array = out.iter().map(|(_, c, _)| *c).collect();
    // Without its newline: an engine writes a line per row.
    let line: StringArray = out
        .iter()
        .map(|(_, _, l)| Some(l.trim_end_matches('\n')))
        .collect();
    let schema = Fields::from(vec![
        Field::new("id", DataType::Utf8, false),
        Field::new("cluster", DataType::Int64, true),
        Field::new("line", DataType::Utf8, false),
    ]);
    let columns: Vec<ArrayRef> = vec![Arc::new(id), Arc::new(cluster), Arc::new(line)];
    to_py(py, Arc::new(StructArray::new(schema, columns, None)))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(evidence, m)?)?;
    m.add_function(wrap_pyfunction!(merge_rows, m)?)?;
    Ok(())
}
