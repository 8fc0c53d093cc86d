//! Result frames ([`mrio::report::Frame`]) to Python: the CLI's columns, their units,
//! title and notes. The Python layer turns the dict into a DataFrame.

use mrio::report::{Cell, Frame};
use numpy::PyArray1;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

/// `{"title", "columns": [names], "headings": [CSV headers], "units": {name: unit},
/// "data": {name: column}, "notes": [..]}`; numeric columns are float64 arrays (NaN
/// where the CLI prints an empty cell), label columns lists of str (None where empty).
/// The headings are the CLI's CSV header (`name [unit]` for numbers with one unit).
pub fn frame_to_py<'py>(py: Python<'py>, f: &Frame) -> PyResult<Bound<'py, PyDict>> {
    let out = PyDict::new(py);
    out.set_item("title", &f.title)?;
    let names: Vec<&str> = f.columns.iter().map(|c| c.name.as_str()).collect();
    out.set_item("columns", PyList::new(py, &names)?)?;
    let headings: Vec<String> = f.columns.iter().map(|c| c.heading()).collect();
    out.set_item("headings", PyList::new(py, &headings)?)?;
    let units = PyDict::new(py);
    let data = PyDict::new(py);
    for (j, col) in f.columns.iter().enumerate() {
        if col.is_numeric() {
            if let Some(u) = &col.unit {
                units.set_item(&col.name, u)?;
            }
            let v: Vec<f64> = f
                .rows
                .iter()
                .map(|r| match &r[j] {
                    Cell::Num(x) => *x,
                    _ => f64::NAN,
                })
                .collect();
            data.set_item(&col.name, PyArray1::from_vec(py, v))?;
        } else {
            let v: Vec<Option<&str>> = f
                .rows
                .iter()
                .map(|r| match &r[j] {
                    Cell::Text(s) => Some(s.as_str()),
                    _ => None,
                })
                .collect();
            data.set_item(&col.name, PyList::new(py, v)?)?;
        }
    }
    out.set_item("units", units)?;
    out.set_item("data", data)?;
    out.set_item("notes", PyList::new(py, &f.notes)?)?;
    Ok(out)
}
