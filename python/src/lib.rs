//! `reprint._reprint`: the native half of the `reprint` Python package.
//!
//! Each function converts its Python arguments, runs one library call with the
//! GIL released, and hands back what the CLI's renderer writes for that call
//! (a JSON string the Python half parses; `scan` its values as Python objects),
//! so Python sees the CLI's JSON shapes by construction. Batch functions for engines (Arrow in, Arrow out) are in `arrow.rs`.

mod arrow;
mod arrow_merge;
mod merge;
mod options;
mod pyvalue;
mod records;

use options::Compare;
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use reprint::model::CleanedDocument;
use reprint::{render, DiffOptions, Source, Text};
use std::panic::{catch_unwind, AssertUnwindSafe};

// Rust's allocations only (Python keeps its own): the same allocator the CLI's numbers are measured with.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Runs `f` without the GIL, on `pool` when given; a panic is a `RuntimeError`, never an abort.
pub(crate) fn engine<T: Send>(
    py: Python<'_>,
    pool: Option<&rayon::ThreadPool>,
    f: impl FnOnce() -> T + Send,
) -> PyResult<T> {
    let run = || {
        catch_unwind(AssertUnwindSafe(|| match pool {
            Some(p) => p.install(f),
            None => f(),
        }))
    };
    py.detach(run).map_err(internal_error)
}

/// A panic's payload as the `RuntimeError` Python sees.
pub(crate) fn internal_error(payload: Box<dyn std::any::Any + Send>) -> PyErr {
    PyRuntimeError::new_err(panic_message(payload))
}

/// A panic's payload as the message of its `RuntimeError`.
pub(crate) fn panic_message(payload: Box<dyn std::any::Any + Send>) -> String {
    let why = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string());
    format!("reprint: internal error: {why}")
}

/// A page as `reprint clean` reads a file (`source`) or stdin (`None`): id the file stem.
fn page(text: String, source: Option<&str>) -> Source {
    let (id, path) = match source {
        None => ("stdin".to_string(), "-".to_string()),
        Some(p) => (
            std::path::Path::new(p)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default(),
            p.to_string(),
        ),
    };
    Source::from_utf8_text(&id, &path, &text)
}

#[pyfunction]
#[pyo3(signature = (text, disable, markup, correct_variants, map, source))]
fn clean(
    py: Python<'_>,
    text: &Bound<'_, PyAny>,
    disable: Vec<String>,
    markup: &str,
    correct_variants: bool,
    map: bool,
    source: Option<&str>,
) -> PyResult<String> {
    let text = records::text_of(text, "text")?;
    let opts = options::clean(&disable, markup, correct_variants)?;
    let src = page(text, source);
    engine(py, None, || {
        let doc = CleanedDocument::new(&src, reprint::clean(&src, &opts), map);
        render::clean::record(&doc, &src).to_string()
    })
}

#[pyfunction]
#[pyo3(signature = (text, source, markup, map))]
fn split(
    py: Python<'_>,
    text: &Bound<'_, PyAny>,
    source: Option<&str>,
    markup: &str,
    map: bool,
) -> PyResult<String> {
    let text = records::text_of(text, "text")?;
    let opts = options::clean(&[], markup, true)?;
    let src = page(text, source);
    engine(py, None, || {
        let mut all = reprint::split(std::slice::from_ref(&src), &opts);
        if !map {
            all.iter_mut().for_each(|a| a.map = None);
        }
        render::split::jsonl(&all)
    })
}

#[pyfunction]
#[pyo3(signature = (records, compare, threads, name))]
fn scan<'py>(
    py: Python<'py>,
    records: &Bound<'py, PyAny>,
    compare: Compare,
    threads: Option<i64>,
    name: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let opts = compare.options()?;
    let pool = options::pool(threads)?.map(std::sync::Arc::new);
    let naming = records::Naming::new(name);
    // Each batch is parsed and folded on a worker while the next is read under the GIL.
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<records::Read>>(1);
    let worker = {
        let (opts, pool, naming) = (opts.clone(), pool.clone(), naming.clone());
        std::thread::spawn(move || {
            catch_unwind(AssertUnwindSafe(|| {
                let mut scanner = reprint::scan::Scanner::new(&opts);
                for batch in rx {
                    let fold = || -> Result<(), reprint::input::InputError> {
                        scanner.push(records::parse(batch, &naming, false)?);
                        Ok(())
                    };
                    match &pool {
                        Some(p) => p.install(fold)?,
                        None => fold()?,
                    }
                }
                Ok(scanner)
            }))
        })
    };
    let read = records::batches(records, &naming, false, SCAN_BATCH, |batch| {
        // A send fails only when the worker stopped: its error is reported below.
        py.detach(|| tx.send(batch)).map_err(|_| merge::stopped())
    });
    drop(tx);
    let folded = py.detach(|| worker.join());
    let scanner = match folded {
        // The worker's error comes from an earlier record than the reader's.
        Ok(Ok(Err(e))) => return Err(records::bad_line(e)),
        Ok(Err(payload)) | Err(payload) => return Err(internal_error(payload)),
        Ok(Ok(Ok(scanner))) => {
            read?;
            scanner
        }
    };
    let result = engine(py, pool.as_deref(), move || {
        // The model `render::scan::json` writes, as values: made into Python objects without JSON text.
        serde_json::to_value(scanner.finish()).expect("the result serializes")
    })?;
    pyvalue::build(py, &result)
}

/// Records a scan's worker folds at a time: enough for both cores, few enough to overlap reading.
const SCAN_BATCH: usize = 2048;

#[pyfunction]
#[pyo3(signature = (a, b, a_name, b_name, markup, deadline))]
#[allow(clippy::too_many_arguments)]
fn diff(
    py: Python<'_>,
    a: &Bound<'_, PyAny>,
    b: &Bound<'_, PyAny>,
    a_name: &str,
    b_name: &str,
    markup: &str,
    deadline: f64,
) -> PyResult<String> {
    let a = records::text_of(a, "a")?;
    let b = records::text_of(b, "b")?;
    if !(deadline.is_finite() && deadline > 0.0 && deadline <= 3600.0) {
        return Err(pyo3::exceptions::PyValueError::new_err(format!(
            "deadline must be in (0, 3600] seconds, not {deadline}"
        )));
    }
    let copts = options::clean(&[], markup, true)?;
    // Still checked as `--deadline` is; diffs are bounded by size, so it no longer changes them.
    let dopts = DiffOptions::default();
    engine(py, None, || {
        // Operands named as the CLI names a file operand: the argument as given, for both.
        let ta = Text::cleaned(&Source::from_utf8_text(a_name, a_name, &a), &copts);
        let tb = Text::cleaned(&Source::from_utf8_text(b_name, b_name, &b), &copts);
        render::diff::json::render(&reprint::diff(ta, tb, &dopts))
    })
}

/// Panics inside the engine wrapper, so tests can check that a panic reaches
/// Python as a `RuntimeError` (the process goes on) rather than an abort.
#[cfg(feature = "test-hooks")]
#[pyfunction]
fn _panic_for_tests(py: Python<'_>, on_worker: bool) -> PyResult<()> {
    if on_worker {
        // As a panic in a rayon task of a scan: it surfaces on the calling thread.
        let pool = options::pool(Some(2))?;
        return engine(py, pool.as_ref(), || {
            rayon::join(|| (), || panic!("a test panic on a worker"));
        });
    }
    engine(py, None, || panic!("a test panic"))
}

#[pymodule]
fn _reprint(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(clean, m)?)?;
    m.add_function(wrap_pyfunction!(split, m)?)?;
    m.add_function(wrap_pyfunction!(scan, m)?)?;
    m.add_function(wrap_pyfunction!(merge::merge, m)?)?;
    m.add_class::<merge::MergeStream>()?;
    m.add_function(wrap_pyfunction!(diff, m)?)?;
    #[cfg(feature = "test-hooks")]
    {
        m.add_function(wrap_pyfunction!(_panic_for_tests, m)?)?;
        m.add_function(wrap_pyfunction!(merge::_merge_panic_for_tests, m)?)?;
    }
    arrow::register(m)?;
    arrow_merge::register(m)?;
    Ok(())
}
