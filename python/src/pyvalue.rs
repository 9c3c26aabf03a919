//! JSON values as the Python objects `json.loads` would make of their text, built directly.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};
use serde_json::Value;
use std::collections::HashMap;

/// Builds Python objects from JSON values, each distinct object key made once (as `json.loads` memoizes them).
#[derive(Default)]
pub struct Builder {
    keys: HashMap<String, Py<PyString>>,
}

impl Builder {
    pub fn value<'py>(&mut self, py: Python<'py>, v: &Value) -> PyResult<Bound<'py, PyAny>> {
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
                let list = PyList::empty(py);
                for x in items {
                    list.append(self.value(py, x)?)?;
                }
                list.into_any()
            }
            Value::Object(map) => {
                let dict = PyDict::new(py);
                for (k, x) in map {
                    let key = match self.keys.get(k) {
                        Some(key) => key.bind(py).clone(),
                        None => {
                            let key = PyString::new(py, k);
                            self.keys.insert(k.clone(), key.clone().unbind());
                            key
                        }
                    };
                    dict.set_item(key, self.value(py, x)?)?;
                }
                dict.into_any()
            }
        })
    }
}
