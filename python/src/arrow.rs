//! Batch functions for engines (Spark `mapInArrow`, datatrove, Ray): Arrow arrays in and out,
//! so no Python object is built per n-gram or per span (SCALE-OUT.md: that is what costs).

use crate::engine;
use crate::options::Compare;
use arrow_array::builder::{BinaryBuilder, Int64Builder, ListBuilder};
use arrow_array::cast::AsArray;
use arrow_array::types::Int64Type;
use arrow_array::{
    Array, ArrayRef, FixedSizeListArray, Float64Array, Int64Array, ListArray, StringArray,
    StructArray,
};
use arrow_buffer::{NullBuffer, OffsetBuffer};
use arrow_schema::{DataType, Field, Fields};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3_arrow::PyArray;
use rayon::prelude::*;
use reprint::model::{Pair, Relation};
use reprint::scan::cluster::cluster_numbers;
use reprint::scan::verify_texts;
use reprint::{ScanOptions, Unit};
use std::sync::Arc;

/// The strings of a utf8 / large_utf8 / utf8_view array, nulls as `None`.
pub(crate) fn strings(arr: &PyArray, what: &str) -> PyResult<Vec<Option<String>>> {
    let a = arr.array();
    let out = match a.data_type() {
        DataType::Utf8 => a
            .as_string::<i32>()
            .iter()
            .map(|s| s.map(str::to_string))
            .collect(),
        DataType::LargeUtf8 => a
            .as_string::<i64>()
            .iter()
            .map(|s| s.map(str::to_string))
            .collect(),
        DataType::Utf8View => a
            .as_string_view()
            .iter()
            .map(|s| s.map(str::to_string))
            .collect(),
        t => {
            return Err(PyTypeError::new_err(format!(
                "{what} must be an Arrow string array, not {t}"
            )))
        }
    };
    Ok(out)
}

pub(crate) fn to_py(py: Python<'_>, array: ArrayRef) -> PyResult<Bound<'_, PyAny>> {
    // pyarrow reads the exported array through the Arrow PyCapsule interface (pyarrow >= 14).
    let exported = PyArray::from_array_ref(array).into_pyobject(py)?;
    py.import("pyarrow")?.getattr("array")?.call1((exported,))
}

/// Each text's sampled n-gram hashes (`scan::units::grams_of`), u64 bits as int64.
#[pyfunction]
#[pyo3(signature = (texts, markup))]
fn keys<'py>(py: Python<'py>, texts: PyArray, markup: &str) -> PyResult<Bound<'py, PyAny>> {
    let texts = strings(&texts, "texts")?;
    let opts = ScanOptions {
        clean: crate::options::clean(&[], markup, true)?,
        ..ScanOptions::default()
    };
    let array = engine(py, None, || {
        let grams: Vec<Option<Vec<u64>>> = texts
            .par_iter()
            .map(|t| {
                t.as_deref()
                    .map(|t| reprint::scan::units::grams_of(t, &opts))
            })
            .collect();
        hash_lists(grams)
    })?;
    to_py(py, array)
}

/// Each text's comparison key (its UTF-16 units, little-endian bytes: equal
/// keys are what `scan` settles as identical copies), key length in chars
/// and sampled n-gram hashes, as `struct<key, chars, grams>`; a null text, a null row.
#[pyfunction]
#[pyo3(signature = (texts, markup))]
fn fold<'py>(py: Python<'py>, texts: PyArray, markup: &str) -> PyResult<Bound<'py, PyAny>> {
    let texts = strings(&texts, "texts")?;
    let opts = ScanOptions {
        clean: crate::options::clean(&[], markup, true)?,
        ..ScanOptions::default()
    };
    let array = engine(py, None, || {
        let folded: Vec<Option<(Vec<u16>, Vec<u64>)>> = texts
            .par_iter()
            .map(|t| {
                t.as_deref()
                    .map(|t| reprint::scan::units::fold_text(t, &opts))
            })
            .collect();
        let valid = NullBuffer::from(folded.iter().map(Option::is_some).collect::<Vec<_>>());
        let total = folded.iter().flatten().map(|f| f.1.len()).sum();
        let mut grams = ListBuilder::new(Int64Builder::with_capacity(total));
        let mut keys = BinaryBuilder::new();
        let mut chars = Int64Builder::with_capacity(folded.len());
        for f in &folded {
            let (k, g) = f
                .as_ref()
                .map_or((&[][..], &[][..]), |f| (&f.0[..], &f.1[..]));
            let bytes: Vec<u8> = k.iter().flat_map(|c| c.to_le_bytes()).collect();
            keys.append_value(bytes);
            chars.append_value(k.len() as i64);
            // Spark has no unsigned 64-bit type: the same bits, read as signed.
            grams.append_value(g.iter().map(|&h| Some(h as i64)));
        }
        let grams = grams.finish();
        let fields = Fields::from(vec![
            Field::new("key", DataType::Binary, false),
            Field::new("chars", DataType::Int64, false),
            Field::new("grams", grams.data_type().clone(), false),
        ]);
        let columns: Vec<ArrayRef> = vec![
            Arc::new(keys.finish()),
            Arc::new(chars.finish()),
            Arc::new(grams),
        ];
        Arc::new(StructArray::new(fields, columns, Some(valid))) as ArrayRef
    })?;
    to_py(py, array)
}

fn relation_name(r: Relation) -> String {
    match serde_json::to_value(r) {
        Ok(serde_json::Value::String(s)) => s,
        _ => unreachable!("a relation serializes as its name"),
    }
}

/// A pair as `reprint scan --format jsonl` writes it: its `type` first, then the model's fields.
fn pair_line(p: &Pair) -> String {
    let body = serde_json::to_string(p).expect("a pair serializes");
    format!("{{\"type\":\"pair\",{}", &body[1..])
}

fn verdict_array(rows: Vec<Option<Option<Pair>>>) -> ArrayRef {
    let valid = NullBuffer::from(rows.iter().map(Option::is_some).collect::<Vec<_>>());
    let found: Vec<Option<&Pair>> = rows
        .iter()
        .map(|r| r.as_ref().and_then(|p| p.as_ref()))
        .collect();
    let relation: StringArray = found
        .iter()
        .map(|p| p.map(|p| relation_name(p.relation)))
        .collect();
    let similarity: Float64Array = found.iter().map(|p| p.map(|p| p.similarity)).collect();
    let shared: Int64Array = found
        .iter()
        .map(|p| p.map(|p| p.shared_chars as i64))
        .collect();
    let line: StringArray = found.iter().map(|p| p.map(pair_line)).collect();
    let mut offsets = vec![0i32];
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for p in &found {
        for s in p.map_or(&[][..], |p| &p.spans[..]) {
            a.extend(s.a.iter().map(|&x| x as i64));
            b.extend(s.b.iter().map(|&x| x as i64));
        }
        offsets.push((a.len() / 2) as i32);
    }
    let item = Arc::new(Field::new("item", DataType::Int64, false));
    let range = |v: Vec<i64>| -> ArrayRef {
        let values = Arc::new(Int64Array::from(v));
        Arc::new(FixedSizeListArray::new(item.clone(), 2, values, None))
    };
    let range_type = DataType::FixedSizeList(item.clone(), 2);
    let span_fields = Fields::from(vec![
        Field::new("a", range_type.clone(), false),
        Field::new("b", range_type, false),
    ]);
    let spans = StructArray::new(span_fields.clone(), vec![range(a), range(b)], None);
    let span_item = Arc::new(Field::new("item", DataType::Struct(span_fields), false));
    let spans = ListArray::new(
        span_item,
        OffsetBuffer::new(offsets.into()),
        Arc::new(spans),
        None,
    );
    let fields = Fields::from(vec![
        Field::new("relation", DataType::Utf8, true),
        Field::new("similarity", DataType::Float64, true),
        Field::new("shared_chars", DataType::Int64, true),
        Field::new("spans", spans.data_type().clone(), false),
        Field::new("line", DataType::Utf8, true),
    ]);
    let columns: Vec<ArrayRef> = vec![
        Arc::new(relation),
        Arc::new(similarity),
        Arc::new(shared),
        Arc::new(spans),
        Arc::new(line),
    ];
    Arc::new(StructArray::new(fields, columns, Some(valid)))
}

fn bools(arr: &PyArray, what: &str) -> PyResult<Vec<bool>> {
    let a = arr.array();
    let Some(b) = a.as_boolean_opt() else {
        return Err(PyTypeError::new_err(format!(
            "{what} must be a bool array, not {}",
            a.data_type()
        )));
    };
    Ok(b.iter().map(|v| v.unwrap_or(false)).collect())
}

/// Row i: pair (`a_ids[i]`, `a_texts[i]`) – (`b_ids[i]`, `b_texts[i]`) verified
/// as `scan --unit file` verifies a candidate (`reprint::scan::verify_texts`):
/// n-gram hashes whose top bits (`hash >> stock_shift`) are in `stock` are
/// the corpus's stock phrases, `by_stock[i]` says the pair was proposed
/// through them alone. Null rows for null texts.
#[pyfunction]
#[pyo3(signature = (a_ids, a_texts, b_ids, b_texts, by_stock, stock, stock_shift, cover, min_overlap, min_span, max_df, markup))]
#[allow(clippy::too_many_arguments)]
fn verify<'py>(
    py: Python<'py>,
    a_ids: PyArray,
    a_texts: PyArray,
    b_ids: PyArray,
    b_texts: PyArray,
    by_stock: PyArray,
    stock: PyArray,
    stock_shift: u32,
    cover: f64,
    min_overlap: i64,
    min_span: i64,
    max_df: i64,
    markup: String,
) -> PyResult<Bound<'py, PyAny>> {
    let unit = "file".to_string();
    let opts = Compare {
        unit,
        cover,
        min_overlap,
        min_span,
        max_df,
        markup,
    }
    .options()?;
    debug_assert_eq!(opts.unit, Unit::File);
    let a = strings(&a_texts, "a_texts")?;
    let b = strings(&b_texts, "b_texts")?;
    let ia = strings(&a_ids, "a_ids")?;
    let ib = strings(&b_ids, "b_ids")?;
    let by_stock = bools(&by_stock, "by_stock")?;
    let lens = [ia.len(), b.len(), ib.len(), by_stock.len()];
    if lens.iter().any(|&n| n != a.len()) {
        return Err(PyValueError::new_err(format!(
            "a_ids, a_texts, b_ids, b_texts and by_stock must have one length, not {:?}",
            [ia.len(), a.len(), ib.len(), b.len(), by_stock.len()]
        )));
    }
    let stock = stock_set(&stock, stock_shift)?;
    let array = engine(py, None, || {
        let is_stock = |h: u64| stock.contains(&(h >> stock_shift));
        let rows: Vec<Option<Option<Pair>>> = (0..a.len())
            .into_par_iter()
            .map(|i| {
                let (ta, tb) = (a[i].as_deref()?, b[i].as_deref()?);
                let ids = (
                    ia[i].as_deref().unwrap_or("a"),
                    ib[i].as_deref().unwrap_or("b"),
                );
                Some(verify_texts(
                    (ids.0, ta),
                    (ids.1, tb),
                    &opts,
                    is_stock,
                    by_stock[i],
                ))
            })
            .collect();
        verdict_array(rows)
    })?;
    to_py(py, array)
}

fn int64s(arr: &PyArray, what: &str) -> PyResult<Vec<i64>> {
    let a = arr.array();
    let Some(ints) = a.as_primitive_opt::<Int64Type>() else {
        return Err(PyTypeError::new_err(format!(
            "{what} must be an int64 array, not {}",
            a.data_type()
        )));
    };
    if ints.null_count() > 0 {
        return Err(PyValueError::new_err(format!("{what} has nulls")));
    }
    Ok(ints.values().to_vec())
}

/// The values of an int64 array, nulls as `None`.
pub(crate) fn int64s_nullable(arr: &PyArray, what: &str) -> PyResult<Vec<Option<i64>>> {
    let a = arr.array();
    let Some(ints) = a.as_primitive_opt::<Int64Type>() else {
        return Err(PyTypeError::new_err(format!(
            "{what} must be an int64 array, not {}",
            a.data_type()
        )));
    };
    Ok(ints.iter().collect())
}

/// Connected components of the graph of edges `src[i]`–`dst[i]`, by the
/// library's union-find (`reprint::scan::cluster::cluster_numbers`): every
/// vertex once, ascending; the smallest vertex of its component as its
/// label; and its cluster id as `scan` numbers clusters when vertices are
/// documents in id order (from 1, by first member), whatever the edge order.
#[pyfunction]
fn components<'py>(py: Python<'py>, src: PyArray, dst: PyArray) -> PyResult<Bound<'py, PyAny>> {
    let src = int64s(&src, "src")?;
    let dst = int64s(&dst, "dst")?;
    if src.len() != dst.len() {
        return Err(PyValueError::new_err(format!(
            "src and dst must have the same length, not {} and {}",
            src.len(),
            dst.len()
        )));
    }
    let (vertex, label, cluster) = engine(py, None, || {
        let mut vertex: Vec<i64> = src.iter().chain(&dst).copied().collect();
        vertex.par_sort_unstable();
        vertex.dedup();
        let at = |v: i64| vertex.binary_search(&v).expect("an endpoint");
        let links = src.iter().zip(&dst).map(|(&s, &d)| (at(s), at(d)));
        let numbers = cluster_numbers(vertex.len(), links);
        // A component's first vertex is its label; a vertex with only a
        // loop to itself is alone (cluster 0), its own label.
        let mut first: Vec<i64> = Vec::new();
        for (k, &n) in numbers.iter().enumerate() {
            if n as usize > first.len() {
                first.push(vertex[k]);
            }
        }
        let label: Vec<i64> = (numbers.iter().zip(&vertex))
            .map(|(&n, &v)| if n == 0 { v } else { first[n as usize - 1] })
            .collect();
        let cluster: Vec<i64> = numbers.iter().map(|&n| i64::from(n)).collect();
        (vertex, label, cluster)
    })?;
    let vertex = to_py(py, Arc::new(Int64Array::from(vertex)))?;
    let label = to_py(py, Arc::new(Int64Array::from(label)))?;
    let cluster = to_py(py, Arc::new(Int64Array::from(cluster)))?;
    Ok(pyo3::types::PyTuple::new(py, [vertex, label, cluster])?.into_any())
}

/// Each key's junction keys (`reprint::scan::junction::junction_keys`): `keys`
/// as `fold` returns them (UTF-16 units, little-endian), `stock` the first
/// index's stock grams as `hash >> stock_shift`; int64 bits, a null key a null row.
#[pyfunction]
#[pyo3(signature = (keys, stock, stock_shift))]
fn junctions<'py>(
    py: Python<'py>,
    keys: PyArray,
    stock: PyArray,
    stock_shift: u32,
) -> PyResult<Bound<'py, PyAny>> {
    let a = keys.array();
    let keys: Vec<Option<Vec<u16>>> = match a.data_type() {
        DataType::Binary => a.as_binary::<i32>().iter().map(|k| k.map(units)).collect(),
        DataType::LargeBinary => a.as_binary::<i64>().iter().map(|k| k.map(units)).collect(),
        t => {
            return Err(PyTypeError::new_err(format!(
                "keys must be an Arrow binary array, not {t}"
            )))
        }
    };
    let stock = stock_set(&stock, stock_shift)?;
    let array = engine(py, None, || {
        let opts = reprint::scan::index::CandidateOptions::default();
        let is_stock = |h: u64| stock.contains(&(h >> stock_shift));
        let made: Vec<Option<Vec<u64>>> = keys
            .par_iter()
            .map(|k| {
                let k = k.as_deref()?;
                Some(reprint::scan::junction::junction_keys(k, &opts, is_stock))
            })
            .collect();
        hash_lists(made)
    })?;
    to_py(py, array)
}

/// The caller's stock grams (`hash >> stock_shift`, int64 bits) as a set.
fn stock_set(stock: &PyArray, stock_shift: u32) -> PyResult<reprint::hash::FxHashSet<u64>> {
    if stock_shift >= 64 {
        return Err(PyValueError::new_err(format!(
            "stock_shift must be < 64, not {stock_shift}"
        )));
    }
    Ok(int64s(stock, "stock")?
        .into_iter()
        .map(|h| h as u64)
        .collect())
}

/// Rows of 64-bit hashes as `list<int64>`, `None` a null row.
fn hash_lists(rows: Vec<Option<Vec<u64>>>) -> ArrayRef {
    let total = rows.iter().flatten().map(Vec::len).sum();
    let mut b = ListBuilder::new(Int64Builder::with_capacity(total));
    for row in rows {
        match row {
            // Spark has no unsigned 64-bit type: the same bits, read as signed.
            Some(r) => b.append_value(r.into_iter().map(|h| Some(h as i64))),
            None => b.append_null(),
        }
    }
    Arc::new(b.finish())
}

/// A key's UTF-16 units from its little-endian bytes.
fn units(bytes: &[u8]) -> Vec<u16> {
    bytes
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect()
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(keys, m)?)?;
    m.add_function(wrap_pyfunction!(fold, m)?)?;
    m.add_function(wrap_pyfunction!(verify, m)?)?;
    m.add_function(wrap_pyfunction!(components, m)?)?;
    m.add_function(wrap_pyfunction!(junctions, m)?)?;
    Ok(())
}
