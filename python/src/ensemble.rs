//! `mrio._mrio.ensemble`: the run of `mrio ensemble SPEC --draws N --seed S`, handed
//! back as the files the CLI writes (name, text), byte for byte.

use crate::py_err;
use mrio::ensemble::{output, run, Prepared, Spec};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use std::path::PathBuf;

/// Build and solve `draws` draws of the spec (GIL released, `threads` threads; 0 = all
/// cores) and return `[(file name, text)]`: summary.csv, shares.csv, sensitivity.csv,
/// draws.csv and ensemble.toml, the same bytes as the CLI's folder.
#[pyfunction]
#[pyo3(signature = (spec, draws = 1000, seed = 1, threads = 0))]
pub fn ensemble(
    py: Python<'_>,
    spec: PathBuf,
    draws: u64,
    seed: u64,
    threads: usize,
) -> PyResult<Vec<(String, String)>> {
    if draws == 0 || draws > mrio::ensemble::MAX_COUNT {
        return Err(PyValueError::new_err(format!(
            "draws {draws}: expected 1 to {}",
            mrio::ensemble::MAX_COUNT
        )));
    }
    if seed > mrio::ensemble::MAX_COUNT {
        return Err(PyValueError::new_err(format!(
            "seed {seed}: expected at most {}",
            mrio::ensemble::MAX_COUNT
        )));
    }
    let name = spec
        .file_name()
        .map(|f| f.to_string_lossy().to_string())
        .unwrap_or_default();
    let result = py.detach(|| -> mrio::Result<_> {
        let spec = Spec::read(&spec)?;
        let text = spec.text.clone();
        let prepared = Prepared::new(spec)?;
        let r = run::run(&prepared, seed, draws, (0, draws), threads, &|| {});
        // The draws run their linear algebra sequentially; give the Table methods back
        // the parallelism set before (`set_threads`, default all cores as the CLI's).
        mrio::set_threads(crate::THREADS.load(std::sync::atomic::Ordering::Relaxed));
        Ok(output::files(&r?, &name, &text))
    });
    let files = result.map_err(py_err)?;
    Ok(files
        .into_iter()
        .map(|(n, b)| (n, String::from_utf8_lossy(&b).into_owned()))
        .collect())
}
