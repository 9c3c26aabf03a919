//! Keyword arguments into the library's option structs, checked as the CLI checks its flags
//! (`src/config.rs`, in the binary crate, so not callable from here): same ranges, same clamps.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use reprint::normalize::{MarkupMode, Rule};
use reprint::scan::{cluster::RelationOptions, index::CandidateOptions, verify::AlignOptions};
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

/// The comparison knobs every scanning call shares (as `reprint scan`'s flags).
#[derive(Debug, Clone)]
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
        if !(self.cover > 0.0 && self.cover <= 1.0) {
            return Err(PyValueError::new_err(format!(
                "cover must be in (0, 1], not {}",
                self.cover
            )));
        }
        let count = |name: &str, v: i64| -> PyResult<usize> {
            usize::try_from(v)
                .map_err(|_| PyValueError::new_err(format!("{name} must be >= 0, not {v}")))
        };
        let min_overlap = count("min_overlap", self.min_overlap)?;
        let min_span = count("min_span", self.min_span)?;
        let max_df = count("max_df", self.max_df)?;
        Ok(ScanOptions {
            unit,
            clean: CleanOptions {
                markup: markup(&self.markup)?,
                ..CleanOptions::default()
            },
            // The CLI's clamps: a df cap under 2 would pair nothing, a span under N is no n-gram.
            candidates: CandidateOptions {
                max_df: max_df.max(2),
                ..CandidateOptions::default()
            },
            align: AlignOptions {
                min_span: min_span.max(reprint::scan::keys::N),
                ..AlignOptions::default()
            },
            relation: RelationOptions {
                cover: self.cover,
                min_overlap,
            },
            ..ScanOptions::default()
        })
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
