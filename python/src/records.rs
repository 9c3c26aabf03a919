//! Python records (`{"id", "text", ...}` dicts, `(id, text)` pairs, or JSON lines as `str` or
//! `bytes`) into the library's `Source`s, built as `reprint --input jsonl` builds them from a line
//! (a JSON line by its own reader), so ids, sources and errors match the CLI's.

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use rayon::prelude::*;
use reprint::Source;
use serde_json::{Map, Number, Value};

/// How records are named: `name` stands for the JSON Lines file the CLI would
/// have read (`source` is `name:line`, a missing id `stem:line`).
#[derive(Clone)]
pub struct Naming {
    pub name: String,
    pub stem: String,
}

impl Naming {
    pub fn new(name: &str) -> Naming {
        let stem = std::path::Path::new(name)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        Naming {
            name: name.to_string(),
            stem,
        }
    }
}

/// Every record of `records`, read once as the iterable yields it. `full`
/// keeps the other fields (merge writes them back); a scan needs only id and text.
pub fn sources(records: &Bound<'_, PyAny>, naming: &Naming, full: bool) -> PyResult<Vec<Source>> {
    let mut out = Vec::new();
    batches(records, naming, full, usize::MAX, |batch| {
        out = parse(batch, naming, full).map_err(bad_line)?;
        Ok(())
    })?;
    Ok(out)
}

/// A record as read from Python: converted already, or a JSON line (its
/// 1-based number, its bytes without the line ending) for [`parse`] to read.
// A batch holds one kind or the other, moved once: boxing each `Source` would cost an allocation a record.
#[allow(clippy::large_enum_variant)]
pub enum Read {
    Record(Source),
    Line(u64, Vec<u8>),
}

/// The records of `records` handed to `each` `size` at a time, in order, as
/// the iterable yields them (the last batch may be short; none if there are none).
pub fn batches(
    records: &Bound<'_, PyAny>,
    naming: &Naming,
    full: bool,
    size: usize,
    mut each: impl FnMut(Vec<Read>) -> PyResult<()>,
) -> PyResult<()> {
    let mut batch = Vec::new();
    for (n, item) in iterate(records)?.enumerate() {
        let item = item?;
        match line_of(&item, n, naming)? {
            Some(bytes) => batch.push(Read::Line(n as u64 + 1, bytes)),
            None => batch.push(Read::Record(source(&item, n, naming, full)?)),
        }
        if batch.len() == size {
            each(std::mem::take(&mut batch))?;
        }
    }
    if !batch.is_empty() {
        each(batch)?;
    }
    Ok(())
}

/// A batch's records with its JSON lines parsed (in parallel) by the CLI's
/// reader, blank lines left out; the first bad line, if any, as the CLI names it.
pub fn parse(
    batch: Vec<Read>,
    naming: &Naming,
    full: bool,
) -> Result<Vec<Source>, reprint::input::InputError> {
    let at = (naming.name.as_str(), naming.stem.as_str());
    let parsed: Vec<_> = batch
        .into_par_iter()
        .filter_map(|r| match r {
            Read::Record(s) => Some(Ok(s)),
            // In memory already: no record is refused for its size.
            Read::Line(n, bytes) => {
                reprint::input::parse_jsonl_line(&bytes, n, at, u64::MAX, !full)
            }
        })
        .collect();
    parsed.into_iter().collect()
}

/// A bad JSON line as the `ValueError` Python sees (`name:line: reason`, as the CLI says it).
pub fn bad_line(e: reprint::input::InputError) -> PyErr {
    PyValueError::new_err(e.to_string())
}

/// The bytes of a JSON line (`str` or `bytes`), its line ending dropped; `None` for any other item.
pub fn line_of(item: &Bound<'_, PyAny>, n: usize, naming: &Naming) -> PyResult<Option<Vec<u8>>> {
    let bytes = if let Ok(s) = item.cast::<PyString>() {
        s.to_str()?.as_bytes()
    } else if let Ok(b) = item.cast::<PyBytes>() {
        b.as_bytes()
    } else {
        return Ok(None);
    };
    let line = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    // Another newline would make this two lines of the file it stands for: line numbers would not match.
    if line.contains(&b'\n') {
        return Err(PyValueError::new_err(format!(
            "{}:{}: a line holds a newline before its end (one JSON record a line)",
            naming.name,
            n + 1
        )));
    }
    Ok(Some(line.to_vec()))
}

/// An iterator over `records`, refusing a str or a single dict (they iterate, but never as records).
fn iterate<'py>(records: &Bound<'py, PyAny>) -> PyResult<Bound<'py, pyo3::types::PyIterator>> {
    if records.is_instance_of::<PyString>()
        || records.is_instance_of::<PyBytes>()
        || records.is_instance_of::<PyDict>()
    {
        return Err(PyTypeError::new_err(
            "records must be an iterable of {\"id\", \"text\", ...} dicts, (id, text) pairs or JSON lines",
        ));
    }
    records
        .try_iter()
        .map_err(|_| PyTypeError::new_err("records must be an iterable"))
}

fn source(item: &Bound<'_, PyAny>, n: usize, naming: &Naming, full: bool) -> PyResult<Source> {
    let (id, text, fields) = parts(item, n, full)?;
    // Named as the CLI names a record; lean (no offsets) as its scan reads them.
    let at = (naming.name.as_str(), naming.stem.as_str(), (n + 1) as u64);
    Ok(Source::of_record(id, text, fields, at, !full))
}

/// A record for a JSON Lines file: an object (`text` last) or a line as given.
pub enum Line {
    Object(Map<String, Value>),
    Raw(u64, Vec<u8>),
}

/// The records of `records` for a JSON Lines file, `size` at a time, checked
/// as for [`batches`] (a JSON line is checked where it is written): what
/// `reprint --input jsonl` would read.
pub fn objects(
    records: &Bound<'_, PyAny>,
    naming: &Naming,
    size: usize,
    mut each: impl FnMut(Vec<Line>) -> PyResult<()>,
) -> PyResult<()> {
    let mut batch = Vec::new();
    for (n, item) in iterate(records)?.enumerate() {
        let item = item?;
        if let Some(bytes) = line_of(&item, n, naming)? {
            batch.push(Line::Raw(n as u64 + 1, bytes));
        } else {
            let (_, text, fields) = parts(&item, n, true)?;
            let mut object = fields.unwrap_or_default();
            object.insert("text".into(), Value::String(text));
            batch.push(Line::Object(object));
        }
        if batch.len() == size {
            each(std::mem::take(&mut batch))?;
        }
    }
    if !batch.is_empty() {
        each(batch)?;
    }
    Ok(())
}

/// A record's id, text and (`full`) its fields but `text`.
type Parts = (Option<String>, String, Option<Map<String, Value>>);

fn parts(item: &Bound<'_, PyAny>, n: usize, full: bool) -> PyResult<Parts> {
    if let Ok(d) = item.cast::<PyDict>() {
        let text = match d.get_item("text")? {
            Some(t) => text_of(&t, &format!("records[{n}]['text']"))?,
            None => return Err(PyValueError::new_err(format!("records[{n}] has no 'text'"))),
        };
        let id = match d.get_item("id")? {
            Some(v) => id_of(&v, n)?,
            None => None,
        };
        let fields = if full { Some(fields_of(d, n)?) } else { None };
        Ok((id, text, fields))
    } else if item.is_instance_of::<PyTuple>() || item.is_instance_of::<PyList>() {
        if item.len()? != 2 {
            return Err(PyValueError::new_err(format!(
                "records[{n}] must be an (id, text) pair, not {} items",
                item.len()?
            )));
        }
        let id = id_of(&item.get_item(0)?, n)?;
        let text = text_of(&item.get_item(1)?, &format!("records[{n}][1] (text)"))?;
        let fields = full.then(|| {
            let mut m = Map::new();
            if let Some(id) = &id {
                m.insert("id".into(), Value::String(id.clone()));
            }
            m
        });
        Ok((id, text, fields))
    } else {
        Err(PyTypeError::new_err(format!(
            "records[{n}] must be a dict, an (id, text) pair or a JSON line (str or bytes), not {}",
            type_name(item)
        )))
    }
}

pub fn text_of(v: &Bound<'_, PyAny>, what: &str) -> PyResult<String> {
    let s = v
        .cast::<PyString>()
        .map_err(|_| PyTypeError::new_err(format!("{what} must be a str, not {}", type_name(v))))?;
    let text = s.to_str()?.to_string();
    if text.len() >= u32::MAX as usize {
        return Err(PyValueError::new_err(format!(
            "{what} is too large for 32-bit offsets"
        )));
    }
    Ok(text)
}

/// A string id as it is, a number as JSON prints it (as the CLI reads `"id": 42`).
fn id_of(v: &Bound<'_, PyAny>, n: usize) -> PyResult<Option<String>> {
    if v.is_none() {
        return Ok(None);
    }
    if let Ok(s) = v.cast::<PyString>() {
        return Ok(Some(s.to_str()?.to_string()));
    }
    if !v.is_instance_of::<PyBool>()
        && (v.is_instance_of::<PyInt>() || v.is_instance_of::<PyFloat>())
    {
        if let Value::Number(num) = json_of(v, &format!("records[{n}]['id']"))? {
            return Ok(Some(num.to_string()));
        }
    }
    Err(PyTypeError::new_err(format!(
        "records[{n}]['id'] must be a str or a number, not {}",
        type_name(v)
    )))
}

/// The record's fields but `text`, in their order, as JSON values.
fn fields_of(d: &Bound<'_, PyDict>, n: usize) -> PyResult<Map<String, Value>> {
    let mut m = Map::new();
    for (k, v) in d.iter() {
        let key = k
            .cast::<PyString>()
            .map_err(|_| PyTypeError::new_err(format!("records[{n}] has a non-str key")))?
            .to_str()?
            .to_string();
        if key == "text" {
            continue;
        }
        let value = json_of(&v, &format!("records[{n}][{key:?}]"))?;
        m.insert(key, value);
    }
    Ok(m)
}

/// A Python value as the JSON value `json.dumps` would write (bool before int: a bool is an int).
pub fn json_of(v: &Bound<'_, PyAny>, what: &str) -> PyResult<Value> {
    if v.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = v.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if v.is_instance_of::<PyInt>() {
        if let Ok(i) = v.extract::<i64>() {
            return Ok(Value::from(i));
        }
        if let Ok(u) = v.extract::<u64>() {
            return Ok(Value::from(u));
        }
        // Wider than 64 bits: serde_json reads such a literal as a float too.
        let f: f64 = v.extract()?;
        return Ok(Number::from_f64(f).map_or(Value::Null, Value::Number));
    }
    if let Ok(f) = v.cast::<PyFloat>() {
        return Ok(Number::from_f64(f.value()).map_or(Value::Null, Value::Number));
    }
    if let Ok(s) = v.cast::<PyString>() {
        return Ok(Value::String(s.to_str()?.to_string()));
    }
    if let Ok(d) = v.cast::<PyDict>() {
        let mut m = Map::new();
        for (k, x) in d.iter() {
            let key: String = k
                .extract()
                .map_err(|_| PyTypeError::new_err(format!("{what} has a non-str key")))?;
            let value = json_of(&x, what)?;
            m.insert(key, value);
        }
        return Ok(Value::Object(m));
    }
    if v.is_instance_of::<PyList>() || v.is_instance_of::<PyTuple>() {
        let items = v
            .try_iter()?
            .map(|x| json_of(&x?, what))
            .collect::<PyResult<Vec<_>>>()?;
        return Ok(Value::Array(items));
    }
    Err(PyTypeError::new_err(format!(
        "{what} is not JSON-serializable ({})",
        type_name(v)
    )))
}

pub fn type_name(v: &Bound<'_, PyAny>) -> String {
    v.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "object".to_string())
}
