//! JSON values as the Python objects `json.loads` would make of their text, built directly.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};
use serde_json::Value;
use std::collections::HashMap;

/// `v` as Python objects, the cyclic garbage collector paused meanwhile: a result holds a
/// million containers, none of them garbage, and each 700 new ones would start a collection.
pub fn build<'py>(py: Python<'py>, v: &Value) -> PyResult<Bound<'py, PyAny>> {
    let gc = py.import("gc")?;
    let was_on: bool = gc.call_method0("isenabled")?.extract()?;
    gc.call_method0("disable")?;
    let built = Builder::default().value(py, v);
    if was_on {
        gc.call_method0("enable")?;
    }
    built
}

/// Builds Python objects from JSON values, each distinct object key made once.
#[derive(Default)]
struct Builder {
    keys: HashMap<String, Py<PyString>>,
}

impl Builder {
    /// One object per distinct key (as `json.loads` memoizes them).
    fn key<'py>(&mut self, py: Python<'py>, s: &str) -> Bound<'py, PyString> {
        if let Some(k) = self.keys.get(s) {
            return k.bind(py).clone();
        }
        let k = PyString::new(py, s);
        self.keys.insert(s.to_string(), k.clone().unbind());
        k
    }

    fn value<'py>(&mut self, py: Python<'py>, v: &Value) -> PyResult<Bound<'py, PyAny>> {
        Ok(match v {
            Value::Null => py.None().into_bound(py),
            Value::Bool(b) => b.into_pyobject(py)?.to_owned().into_any(),
            Value::Number(n) => {
                if let Some(i) = n.as_i64() {
                    i.into_pyobject(py)?.into_any()
                } else if let Some(u) = n.as_u64() {
                    u.into_pyobject(py)?.into_any()
                } else {
                    n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any()
                }
            }
            Value::String(s) => PyString::new(py, s).into_any(),
            Value::Array(items) => {
                let items = items
                    .iter()
                    .map(|x| self.value(py, x))
                    .collect::<PyResult<Vec<_>>>()?;
                PyList::new(py, items)?.into_any()
            }
            Value::Object(map) => {
                let dict = PyDict::new(py);
                for (k, x) in map {
                    dict.set_item(self.key(py, k), self.value(py, x)?)?;
                }
                dict.into_any()
            }
        })
    }
}
