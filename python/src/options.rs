//! Keyword arguments into the library's option structs; the thresholds are checked and clamped by
//! the library (`ScanOptions::with`), as for the CLI's flags.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use reprint::normalize::{MarkupMode, Rule};
use reprint::scan::Thresholds;
use reprint::{CleanOptions, Keep, ScanOptions, Unit};

pub fn markup(name: &str) -> PyResult<MarkupMode> {
    match name {
        "auto" => Ok(MarkupMode::Auto),
        "html" => Ok(MarkupMode::Html),
        "markdown" => Ok(MarkupMode::Markdown),
        "none" => Ok(MarkupMode::None),
        _ => Err(PyValueError::new_err(format!(
            "markup must be one of 'auto', 'html', 'markdown', 'none', not {name:?}"
        ))),
    }
}

pub fn clean(
    disable: &[String],
    markup_name: &str,
    correct_variants: bool,
) -> PyResult<CleanOptions> {
    let disabled = disable
        .iter()
        .map(|r| {
            Rule::from_name(r).ok_or_else(|| {
                let names: Vec<&str> = Rule::ALL.iter().map(|r| r.name()).collect();
                PyValueError::new_err(format!(
                    "disable: unknown rule {r:?} (rules: {})",
                    names.join(", ")
                ))
            })
        })
        .collect::<PyResult<Vec<_>>>()?;
    Ok(CleanOptions {
        disabled,
        correct_variants,
        markup: markup(markup_name)?,
        ..CleanOptions::default()
    })
}

pub fn keep(name: &str) -> PyResult<Keep> {
    match name {
        "merged" => Ok(Keep::Merged),
        "first" => Ok(Keep::First),
        "longest" => Ok(Keep::Longest),
        _ => Err(PyValueError::new_err(format!(
            "keep must be one of 'merged', 'first', 'longest', not {name:?}"
        ))),
    }
}

/// The comparison knobs every scanning call shares (as `reprint scan`'s flags),
/// handed over by the Python half as one dict of its keyword arguments.
#[derive(Debug, Clone, FromPyObject)]
#[pyo3(from_item_all)]
pub struct Compare {
    pub unit: String,
    pub cover: f64,
    pub min_overlap: i64,
    pub min_span: i64,
    pub max_df: i64,
    pub markup: String,
}

impl Compare {
    pub fn options(&self) -> PyResult<ScanOptions> {
        let unit = match self.unit.as_str() {
            "file" => Unit::File,
            "article" => Unit::Article,
            u => {
                return Err(PyValueError::new_err(format!(
                    "unit must be 'file' or 'article', not {u:?}"
                )))
            }
        };
        let count = |name: &str, v: i64| -> PyResult<usize> {
            usize::try_from(v)
                .map_err(|_| PyValueError::new_err(format!("{name} must be >= 0, not {v}")))
        };
        let min_overlap = count("min_overlap", self.min_overlap)?;
        let min_span = count("min_span", self.min_span)?;
        let max_df = count("max_df", self.max_df)?;
        let opts = ScanOptions {
            unit,
            clean: CleanOptions {
                markup: markup(&self.markup)?,
                ..CleanOptions::default()
            },
            ..ScanOptions::default()
        };
        // The library checks and clamps as the CLI does.
        opts.with(Thresholds {
            cover: self.cover,
            min_overlap,
            min_span,
            max_df,
        })
        .map_err(PyValueError::new_err)
    }
}

/// A pool of `threads` workers for one call, or the global one (all cores) for `None`.
pub fn pool(threads: Option<i64>) -> PyResult<Option<rayon::ThreadPool>> {
    let Some(n) = threads else { return Ok(None) };
    if n < 1 {
        return Err(PyValueError::new_err(format!(
            "threads must be >= 1 or None, not {n}"
        )));
    }
    rayon::ThreadPoolBuilder::new()
        .num_threads(n as usize)
        .build()
        .map(Some)
        .map_err(|e| PyValueError::new_err(format!("threads: cannot start {n} threads: {e}")))
}
