//! `Table.calc` and `Table.spillover`: the CLI's `calc` and `spillover` computations
//! on the table's kept factorizations, returned as arrays and frames.

use crate::arrays::{mat_into_py, view2};
use crate::frames::frame_to_py;
use crate::py_err;
use crate::table::Table;
use mrio::calc::{account_unit, unit_of, Output};
use mrio::model::accuracy_warnings;
use numpy::PyArray1;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// One named result of `calc`: (name, array, row labels, column labels, unit).
pub type Named<'py> = (
    String,
    Bound<'py, PyAny>,
    Option<Vec<String>>,
    Option<Vec<String>>,
    String,
);

/// What `mrio calc --only ONLY` writes, in memory, in the order the CLI writes it.
/// Row / column labels of `None` mean the table's (region, sector) index.
pub fn calc<'py>(
    slf: &Bound<'py, Table>,
    only: &[String],
) -> PyResult<(Vec<Named<'py>>, Vec<String>, Vec<String>)> {
    let py = slf.py();
    let me = slf.get();
    let table = me.inner();
    let outputs = only
        .iter()
        .map(|s| Output::parse(s))
        .collect::<mrio::Result<Vec<_>>>()
        .map_err(py_err)?;
    let wants_accounts = outputs.iter().any(|o| o.is_account());
    if wants_accounts && table.satellites.is_empty() {
        return Err(py_err(mrio::Error::Invalid(
            "satellite accounts (S, M, D_cba, D_pba, D_imp, D_exp) were asked for but the \
             table has no satellite file (a CSV whose first header cell is `indicator`)"
                .into(),
        )));
    }
    let model = me.model(py)?;
    let ghosh = if outputs.iter().any(|o| matches!(o, Output::G | Output::B)) {
        Some(me.ghosh_model(py)?)
    } else {
        None
    };
    let owner = slf.clone().into_any();
    let mut out: Vec<Named<'py>> = Vec::new();
    let mut warnings = Vec::new();
    let mut notes = Vec::new();
    for &o in &outputs {
        let arr: Bound<'py, PyAny> = match o {
            // SAFETY (views): the frozen Table owns x and the models and never changes them.
            Output::X => PyArray1::from_slice(py, &table.x).into_any(),
            Output::A => unsafe { view2(model.a(), owner.clone()) }.into_any(),
            Output::B => unsafe { view2(ghosh.expect("built").b(), owner.clone()) }.into_any(),
            Output::L | Output::G => {
                let (inv, cond) = if o == Output::L {
                    let r = py.detach(|| model.inverse()).map_err(py_err)?;
                    (r, model.condition_estimate())
                } else {
                    let g = ghosh.expect("built");
                    (
                        py.detach(|| g.inverse()).map_err(py_err)?,
                        g.condition_estimate(),
                    )
                };
                for w in accuracy_warnings(inv.residual, cond) {
                    warnings.push(format!("{}.csv: {w}", o.name()));
                }
                mat_into_py(py, inv.value)?.into_any()
            }
            _ => continue,
        };
        out.push((o.name().to_string(), arr, None, None, unit_of(o, table)));
    }
    if wants_accounts {
        let accounts = py
            .detach(|| mrio::footprint::all_accounts(table, model))
            .map_err(py_err)?;
        for acc in accounts {
            if !acc.unattributed.is_empty() {
                notes.push(format!(
                    "{}: final-demand columns with no region left out of the accounts: {}",
                    acc.name,
                    acc.unattributed.join(", ")
                ));
            }
            for &o in outputs.iter().filter(|o| o.is_account()) {
                let unit = account_unit(o, table, &acc.name);
                let (full, reg) = o.of_accounts(&acc).expect("filtered to accounts");
                let rows = Some(acc.indicators.clone());
                out.push((
                    format!("{}/{}", acc.name, o.name()),
                    mat_into_py(py, full.clone())?.into_any(),
                    rows.clone(),
                    None,
                    unit.clone(),
                ));
                if let Some(reg) = reg {
                    out.push((
                        format!("{}/{}_reg", acc.name, o.name()),
                        mat_into_py(py, reg.clone())?.into_any(),
                        rows,
                        Some(acc.regions.clone()),
                        unit,
                    ));
                }
            }
        }
    }
    Ok((out, notes, warnings))
}

/// `mrio spillover [--direction D] [--indicator I] --format csv` as a frame.
pub fn spillover<'py>(
    me: &Table,
    py: Python<'py>,
    direction: &str,
    indicator: &str,
) -> PyResult<Bound<'py, PyDict>> {
    use mrio::analysis::spillover;
    use mrio::report::spillover::{decomposition_units, long_frame};
    let table = me.inner();
    let ix = &table.index;
    if !ix.is_multi_region() {
        return Err(py_err(mrio::Error::Invalid(format!(
            "{}: the table has one region; spillovers need a multi-regional table \
             (index.csv with a `region` column)",
            me.source_name()
        ))));
    }
    let ind = mrio::analysis::scenario::find_indicator(table, indicator).map_err(py_err)?;
    let d = match direction {
        "backward" => {
            let model = me.model(py)?;
            py.detach(|| spillover::backward_weighted(model, ix, &ind.per_output))
        }
        "forward" if ind.name != "output" => {
            return Err(py_err(mrio::Error::Invalid(
                "--indicator is defined for the backward view only".into(),
            )))
        }
        "forward" => py.detach(|| spillover::forward(table, me.zero_output())),
        other => {
            return Err(PyValueError::new_err(format!(
                "direction `{other}`: expected backward or forward"
            )))
        }
    }
    .map_err(py_err)?;
    let units = decomposition_units(
        &d,
        table.unit(),
        (ind.name != "output").then_some((ind.name.as_str(), ind.unit.as_str())),
    );
    let f = frame_to_py(py, &long_frame(&d, ix, &units))?;
    f.set_item("description", &units.1)?;
    Ok(f)
}
