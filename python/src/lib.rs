//! Python bindings of mrio (module `mrio._mrio`; the package `mrio` wraps it with
//! pandas in `python/mrio/__init__.py`).
//!
//! The Rust side hands out numpy arrays, label lists and result frames; the Python
//! layer builds the DataFrames. Arrays of a table are views of the Rust memory (no
//! copy; read-only); computed results are moved into numpy without a copy. Every
//! factorization and solve runs with the GIL released. Errors are `mrio.MrioError`
//! with the message the CLI prints after `error: `.

use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;

mod arrays;
mod calc;
mod ensemble;
mod frames;
mod table;

create_exception!(
    _mrio,
    MrioError,
    PyException,
    "An error of mrio (the CLI's message)."
);

/// A library error as a Python exception with the CLI's message.
pub(crate) fn py_err(e: mrio::Error) -> PyErr {
    MrioError::new_err(e.to_string())
}

/// Set the number of threads of the linear algebra (0 = all cores, as the CLI's
/// default `--threads 0`).
#[pyfunction]
fn set_threads(threads: usize) {
    THREADS.store(threads, std::sync::atomic::Ordering::Relaxed);
    mrio::set_threads(threads);
}

/// The last `set_threads` value (restored after calls that change the parallelism).
pub(crate) static THREADS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

#[pymodule]
fn _mrio(m: &Bound<'_, PyModule>) -> PyResult<()> {
    // The CLI's default (`--threads 0`), so results equal the CLI's bit for bit.
    mrio::set_threads(0);
    m.add("MrioError", m.py().get_type::<MrioError>())?;
    m.add_function(wrap_pyfunction!(set_threads, m)?)?;
    m.add_function(wrap_pyfunction!(table::read_table, m)?)?;
    m.add_function(wrap_pyfunction!(table::build, m)?)?;
    m.add_function(wrap_pyfunction!(table::scenario, m)?)?;
    m.add_function(wrap_pyfunction!(ensemble::ensemble, m)?)?;
    m.add_class::<table::Table>()?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
