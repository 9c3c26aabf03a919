//! Batch functions for engines (Spark `mapInArrow`, datatrove, Ray): Arrow arrays in and out,
//! so no Python object is built per n-gram or per span (SCALE-OUT.md: that is what costs).

use crate::engine;
use crate::options::Compare;
use arrow_array::builder::{Int64Builder, ListBuilder};
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
use reprint::model::{Relation, SharedSpan};
use reprint::{ScanOptions, Source, Unit};
use std::sync::Arc;

/// The strings of a utf8 / large_utf8 / utf8_view array, nulls as `None`.
fn strings(arr: &PyArray, what: &str) -> PyResult<Vec<Option<String>>> {
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

fn to_py(py: Python<'_>, array: ArrayRef) -> PyResult<Bound<'_, PyAny>> {
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
        let total = grams.iter().flatten().map(Vec::len).sum();
        let mut b = ListBuilder::new(Int64Builder::with_capacity(total));
        for g in grams {
            match g {
                // Spark has no unsigned 64-bit type: the same bits, read as signed.
                Some(g) => b.append_value(g.into_iter().map(|h| Some(h as i64))),
                None => b.append_null(),
            }
        }
        Arc::new(b.finish()) as ArrayRef
    })?;
    to_py(py, array)
}

/// One pair's relation as `reprint scan --unit file` reports it for a two-record corpus.
type Verdict = Option<(Relation, f64, Vec<SharedSpan>)>;

fn verdict(a: &str, b: &str, opts: &ScanOptions) -> Verdict {
    let lean = |id: &str, text: &str| Source {
        id: id.to_string(),
        path: id.to_string(),
        encoding: "UTF-8".to_string(),
        text: text.to_string(),
        offsets: Vec::new(),
        record: None,
        at: None,
    };
    let r = reprint::scan(&[lean("a", a), lean("b", b)], opts);
    let p = r.pairs.into_iter().next()?;
    if p.a == "a" {
        return Some((p.relation, p.similarity, p.spans));
    }
    // Oriented the other way: the same facts seen from `a`.
    let relation = match p.relation {
        Relation::Contains => Relation::ContainedIn,
        Relation::ContainedIn => Relation::Contains,
        r => r,
    };
    let spans = p
        .spans
        .into_iter()
        .map(|s| SharedSpan { a: s.b, b: s.a })
        .collect();
    Some((relation, p.similarity, spans))
}

fn relation_name(r: Relation) -> String {
    match serde_json::to_value(r) {
        Ok(serde_json::Value::String(s)) => s,
        _ => unreachable!("a relation serializes as its name"),
    }
}

fn verdict_array(rows: Vec<Option<Verdict>>) -> ArrayRef {
    let valid = NullBuffer::from(rows.iter().map(Option::is_some).collect::<Vec<_>>());
    let found: Vec<&Verdict> = rows.iter().map(|r| r.as_ref().unwrap_or(&None)).collect();
    let relation: StringArray = found
        .iter()
        .map(|v| v.as_ref().map(|v| relation_name(v.0)))
        .collect();
    let similarity: Float64Array = found.iter().map(|v| v.as_ref().map(|v| v.1)).collect();
    let mut offsets = vec![0i32];
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for v in &found {
        for s in v.as_ref().map_or(&[][..], |v| &v.2[..]) {
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
        Field::new("spans", spans.data_type().clone(), false),
    ]);
    let columns: Vec<ArrayRef> = vec![Arc::new(relation), Arc::new(similarity), Arc::new(spans)];
    Arc::new(StructArray::new(fields, columns, Some(valid)))
}

/// Row i of `a_texts` against row i of `b_texts`: relation, similarity, spans (null rows for null texts).
#[pyfunction]
#[pyo3(signature = (a_texts, b_texts, cover, min_overlap, min_span, max_df, markup))]
#[allow(clippy::too_many_arguments)]
fn verify<'py>(
    py: Python<'py>,
    a_texts: PyArray,
    b_texts: PyArray,
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
    if a.len() != b.len() {
        return Err(PyValueError::new_err(format!(
            "a_texts and b_texts must have the same length, not {} and {}",
            a.len(),
            b.len()
        )));
    }
    let array = engine(py, None, || {
        let rows: Vec<Option<Verdict>> = a
            .par_iter()
            .zip(&b)
            .map(|(a, b)| Some(verdict(a.as_deref()?, b.as_deref()?, &opts)))
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

/// Connected components of the graph of edges `src[i]`–`dst[i]`: every vertex once, in
/// ascending order, labelled by the smallest vertex of its component (whatever the edge order).
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
    let (vertex, label) = engine(py, None, || {
        let mut vertex: Vec<i64> = src.iter().chain(&dst).copied().collect();
        vertex.par_sort_unstable();
        vertex.dedup();
        let at = |v: i64| vertex.binary_search(&v).expect("an endpoint") as u32;
        let mut parent: Vec<u32> = (0..vertex.len() as u32).collect();
        fn root(parent: &mut [u32], mut i: u32) -> u32 {
            while parent[i as usize] != i {
                // Path halving keeps the trees shallow without recursion.
                parent[i as usize] = parent[parent[i as usize] as usize];
                i = parent[i as usize];
            }
            i
        }
        for (&s, &d) in src.iter().zip(&dst) {
            let (rs, rd) = (root(&mut parent, at(s)), root(&mut parent, at(d)));
            // The smaller index is the root: vertices are sorted, so it is the smallest id.
            let (lo, hi) = if rs < rd { (rs, rd) } else { (rd, rs) };
            parent[hi as usize] = lo;
        }
        let label: Vec<i64> = (0..vertex.len() as u32)
            .map(|i| vertex[root(&mut parent, i) as usize])
            .collect();
        (vertex, label)
    })?;
    let vertex = to_py(py, Arc::new(Int64Array::from(vertex)))?;
    let label = to_py(py, Arc::new(Int64Array::from(label)))?;
    Ok(pyo3::types::PyTuple::new(py, [vertex, label])?.into_any())
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(keys, m)?)?;
    m.add_function(wrap_pyfunction!(verify, m)?)?;
    m.add_function(wrap_pyfunction!(components, m)?)?;
    Ok(())
}
