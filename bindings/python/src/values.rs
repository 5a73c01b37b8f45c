//! Plain Python values (dicts, lists, str, int, float, bool, None) to and from careerkit's
//! serde types, without a JSON text in between: the engine's hot calls (parse a resume, match
//! it) exchange whole profiles, and printing then re-parsing them was most of the cost of
//! crossing the boundary (BENCHMARKS.md, "Python binding").

use careerkit::Error;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde_json::{Map, Number, Value};

/// How deep a value may nest before it is refused (careerkit's own values nest about 8 deep).
const MAX_DEPTH: usize = 64;

/// A Python value as JSON data. Dict keys must be strings.
///
/// # Errors
/// `TypeError` for a value with no JSON form (bytes, sets, objects), a non-string key, a
/// non-finite float or nesting deeper than [`MAX_DEPTH`].
pub fn from_py(value: &Bound<'_, PyAny>) -> PyResult<Value> {
    from_py_at(value, 0)
}

fn from_py_at(value: &Bound<'_, PyAny>, depth: usize) -> PyResult<Value> {
    if depth > MAX_DEPTH {
        return Err(PyTypeError::new_err("value nests too deeply"));
    }
    if value.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = value.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if let Ok(s) = value.cast::<PyString>() {
        return Ok(Value::String(s.to_cow()?.into_owned()));
    }
    if value.is_instance_of::<PyInt>() {
        return Ok(match value.extract::<i64>() {
            Ok(i) => Value::from(i),
            Err(_) => Value::from(value.extract::<u64>()?),
        });
    }
    if let Ok(f) = value.cast::<PyFloat>() {
        return Number::from_f64(f.value())
            .map(Value::Number)
            .ok_or_else(|| PyTypeError::new_err("NaN and infinities have no JSON form"));
    }
    if let Ok(dict) = value.cast::<PyDict>() {
        let mut map = Map::with_capacity(dict.len());
        for (k, v) in dict.iter() {
            let key = k
                .cast::<PyString>()
                .map_err(|_| PyTypeError::new_err("dict keys must be strings"))?;
            map.insert(key.to_cow()?.into_owned(), from_py_at(&v, depth + 1)?);
        }
        return Ok(Value::Object(map));
    }
    if let Ok(list) = value.cast::<PyList>() {
        return list.iter().map(|v| from_py_at(&v, depth + 1)).collect();
    }
    if let Ok(tuple) = value.cast::<PyTuple>() {
        return tuple.iter().map(|v| from_py_at(&v, depth + 1)).collect();
    }
    Err(PyTypeError::new_err(format!(
        "{} has no JSON form",
        value.get_type().name()?
    )))
}

/// JSON data as plain Python values.
///
/// # Errors
/// Only when Python cannot allocate.
pub fn to_py<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => i.into_pyobject(py)?.into_any(),
            (None, Some(u)) => u.into_pyobject(py)?.into_any(),
            _ => n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any(),
        },
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_py(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (k, v) in map {
                dict.set_item(k, to_py(py, v)?)?;
            }
            dict.into_any()
        }
    })
}

/// A serde value as JSON data (done without the GIL, inside the engine's work).
///
/// # Errors
/// When the value does not serialise (careerkit's types always do).
pub fn to_value<T: serde::Serialize>(value: &T) -> Result<Value, Error> {
    Ok(serde_json::to_value(value)?)
}

/// JSON data as a careerkit type (done without the GIL).
///
/// # Errors
/// [`Error::InvalidInput`] when the data does not have the type's shape.
pub fn from_value<T: serde::de::DeserializeOwned>(what: &str, value: Value) -> Result<T, Error> {
    serde_json::from_value(value).map_err(|e| Error::invalid(format!("bad {what}: {e}")))
}
