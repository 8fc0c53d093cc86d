//! `mrio._mrio.Table`: one table read once, with the factorizations it keeps.

use crate::arrays::{mat_from_py, mat_into_py, view1, view2};
use crate::frames::frame_to_py;
use crate::py_err;
use mrio::analysis::linkages::{ForwardBasis, LinkageOptions, Weighting};
use mrio::model::{Ghosh, Leontief, ModelOptions, ZeroOutput};
use mrio::IoTable;
use numpy::{PyArray1, PyArray2, PyReadonlyArray2};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// An input-output table with its factored Leontief and Ghosh models (formed on
/// first use, once).
#[pyclass(frozen, module = "mrio._mrio")]
pub struct Table {
    table: IoTable,
    opts: ModelOptions,
    source: String,
    leontief: OnceLock<Leontief>,
    ghosh: OnceLock<Ghosh>,
}

fn zero_output(s: &str) -> PyResult<ZeroOutput> {
    match s {
        "inert" => Ok(ZeroOutput::Inert),
        "reject" => Ok(ZeroOutput::Reject),
        other => Err(PyValueError::new_err(format!(
            "zero_output `{other}`: expected `inert` or `reject`"
        ))),
    }
}

impl Table {
    fn new(table: IoTable, zero: &str, source: String) -> PyResult<Self> {
        Ok(Table {
            table,
            opts: ModelOptions {
                zero_output: zero_output(zero)?,
            },
            source,
            leontief: OnceLock::new(),
            ghosh: OnceLock::new(),
        })
    }

    /// The factored Leontief model, factored (GIL released) on first use.
    fn leontief(&self, py: Python<'_>) -> PyResult<&Leontief> {
        if let Some(m) = self.leontief.get() {
            return Ok(m);
        }
        let m = py
            .detach(|| Leontief::from_table(&self.table, self.opts))
            .map_err(py_err)?;
        Ok(self.leontief.get_or_init(|| m))
    }

    /// The factored Ghosh model, factored (GIL released) on first use.
    fn ghosh(&self, py: Python<'_>) -> PyResult<&Ghosh> {
        if let Some(m) = self.ghosh.get() {
            return Ok(m);
        }
        let m = py
            .detach(|| Ghosh::from_table(&self.table, self.opts))
            .map_err(py_err)?;
        Ok(self.ghosh.get_or_init(|| m))
    }
}

/// Read a table: an mrio table folder (CSV or `.npy` form), as the CLI's commands do,
/// or with `format` one of the releases `mrio convert --from` reads (`exiobase3`,
/// `oecd-icio`, `pymrio`; `mrio` = a table folder).
#[pyfunction]
#[pyo3(signature = (path, zero_output = "inert", format = None))]
pub fn read_table(
    py: Python<'_>,
    path: PathBuf,
    zero_output: &str,
    format: Option<&str>,
) -> PyResult<Table> {
    use mrio::formats::Format;
    let from = match format {
        None => None,
        Some("mrio") => Some(Format::Mrio),
        Some("exiobase3") => Some(Format::Exiobase3),
        Some("oecd-icio") | Some("oecd_icio") => Some(Format::OecdIcio),
        Some("pymrio") => Some(Format::Pymrio),
        Some(other) => {
            return Err(PyValueError::new_err(format!(
                "format `{other}`: expected mrio, exiobase3, oecd-icio or pymrio"
            )))
        }
    };
    let t = py
        .detach(|| match from {
            None => mrio::table::read_table(&path),
            Some(f) => mrio::formats::read(&path, f).map(|(t, _extras)| t),
        })
        .map_err(py_err)?;
    Table::new(t, zero_output, path.display().to_string())
}

/// Build a table from a recipe (as `mrio build RECIPE --out DIR`, without writing).
#[pyfunction]
#[pyo3(signature = (recipe, set = Vec::new()))]
pub fn build(py: Python<'_>, recipe: PathBuf, set: Vec<String>) -> PyResult<Table> {
    let built = py
        .detach(|| {
            let r = mrio::build::Recipe::read_with(&recipe, &set)?;
            mrio::build::build(&r, &recipe)
        })
        .map_err(py_err)?;
    Table::new(built.table, "inert", recipe.display().to_string())
}

/// Scenario impacts as the CLI's `--format csv` frame. `path` is a scenario file;
/// `json` a scenario written as JSON (from a dict), checked like a file. Money is in
/// `unit`, else as the CLI prints it: the file's `unit`, else the shocks' shared unit,
/// else the table's.
#[pyfunction]
#[pyo3(signature = (table, path = None, json = None, by = "sector", unit = None))]
pub fn scenario<'py>(
    py: Python<'py>,
    table: &Table,
    path: Option<PathBuf>,
    json: Option<String>,
    by: &str,
    unit: Option<String>,
) -> PyResult<Bound<'py, PyDict>> {
    use mrio::report::scenario::{long_frame, Level};
    let level = match by {
        "sector" => Level::Sector,
        "region" => Level::Region,
        other => {
            return Err(PyValueError::new_err(format!(
                "by `{other}`: expected `sector` or `region`"
            )))
        }
    };
    let t = &table.table;
    let set = match (path, json) {
        (Some(p), None) => mrio::analysis::scenario::read_scenarios(&p, t),
        (None, Some(j)) => {
            let text = json_to_toml(&j)?;
            mrio::analysis::scenario::parse_scenarios(Path::new("<dict>"), &text, t)
        }
        _ => return Err(PyValueError::new_err("give a scenario path or a dict")),
    }
    .map_err(py_err)?;
    let model = table.leontief(py)?;
    let imp = py
        .detach(|| mrio::analysis::scenario::run_with(t, model, set))
        .map_err(py_err)?;
    // As the CLI's CSV: the long frame with the method notes.
    let mut f = long_frame(&imp, t, level);
    f.notes = mrio::report::scenario::method_notes(&imp);
    if let Some(u) = &unit {
        if mrio::analysis::scenario::parse_money(u).is_none() {
            return Err(py_err(mrio::Error::Invalid(format!(
                "unit `{u}`: expected a scale and currency such as `bn CNY`, `100M CNY`, \
                 `10k CNY`, `M USD`"
            ))));
        }
    }
    // The CLI's default: the file's `unit` (or its shocks' shared unit).
    let view = mrio::report::View {
        unit: unit.or_else(|| imp.set.unit.clone()),
        ..Default::default()
    };
    let mut frames = [f];
    view.apply(&mut frames).map_err(py_err)?;
    frame_to_py(py, &frames[0])
}

/// JSON (a scenario dict) as TOML text for the scenario reader.
fn json_to_toml(j: &str) -> PyResult<String> {
    let v: serde_json::Value =
        serde_json::from_str(j).map_err(|e| PyValueError::new_err(e.to_string()))?;
    let t = toml::Value::try_from(v).map_err(|e| {
        PyValueError::new_err(format!("the scenario dict cannot be written as TOML: {e}"))
    })?;
    toml::to_string(&t).map_err(|e| PyValueError::new_err(e.to_string()))
}

#[pymethods]
impl Table {
    /// Where the table came from (folder or recipe).
    #[getter]
    fn source(&self) -> &str {
        &self.source
    }
    /// The monetary unit (`table.toml` `unit`), or a phrase saying it is not stated.
    #[getter]
    fn unit(&self) -> &str {
        self.table.unit()
    }
    /// The table's name (`table.toml` `name`).
    #[getter]
    fn name(&self) -> Option<&str> {
        self.table.meta.name.as_deref()
    }
    /// Distinct regions in order.
    #[getter]
    fn regions(&self) -> Vec<String> {
        self.table.index.region_list().to_vec()
    }
    /// Distinct sectors in order.
    #[getter]
    fn sectors(&self) -> Vec<String> {
        self.table.index.sector_list().to_vec()
    }
    /// Ids of index.csv in matrix order.
    #[getter]
    fn ids(&self) -> Vec<String> {
        self.table.index.ids().to_vec()
    }
    /// Region of every row, in matrix order.
    #[getter]
    fn row_regions(&self) -> Vec<String> {
        self.table.index.regions().to_vec()
    }
    /// Sector of every row, in matrix order.
    #[getter]
    fn row_sectors(&self) -> Vec<String> {
        self.table.index.sectors().to_vec()
    }
    /// Labels of the final-demand columns.
    #[getter]
    fn y_labels(&self) -> Vec<String> {
        self.table.y_labels.clone()
    }
    /// Labels of the primary-input rows.
    #[getter]
    fn va_labels(&self) -> Vec<String> {
        self.table.va_labels.clone()
    }
    /// Names of the satellite accounts.
    #[getter]
    fn satellite_names(&self) -> Vec<String> {
        self.table
            .satellites
            .iter()
            .map(|s| s.name.clone())
            .collect()
    }
    /// (indicators, values view, unit) of satellite `name`.
    fn satellite<'py>(
        slf: &Bound<'py, Self>,
        name: &str,
    ) -> PyResult<(Vec<String>, Bound<'py, PyArray2<f64>>, String)> {
        let me = slf.get();
        let s = me.table.satellite(name).ok_or_else(|| {
            PyValueError::new_err(format!(
                "no satellite `{name}`: the table has {:?}",
                me.satellite_names()
            ))
        })?;
        // SAFETY: the frozen Table owns the satellite and never changes it.
        let v = unsafe { view2(s.values.as_ref(), slf.clone().into_any()) };
        Ok((s.indicators.clone(), v, me.table.satellite_unit(name)))
    }
    /// Intermediate flows Z (view, no copy).
    fn z<'py>(slf: &Bound<'py, Self>) -> Bound<'py, PyArray2<f64>> {
        // SAFETY: the frozen Table owns Z and never changes it.
        unsafe { view2(slf.get().table.z.as_ref(), slf.clone().into_any()) }
    }
    /// Final demand Y (view, no copy).
    fn y<'py>(slf: &Bound<'py, Self>) -> Bound<'py, PyArray2<f64>> {
        // SAFETY: as for `z`.
        unsafe { view2(slf.get().table.y.as_ref(), slf.clone().into_any()) }
    }
    /// Primary inputs VA (view, no copy).
    fn va<'py>(slf: &Bound<'py, Self>) -> Bound<'py, PyArray2<f64>> {
        // SAFETY: as for `z`.
        unsafe { view2(slf.get().table.va.as_ref(), slf.clone().into_any()) }
    }
    /// Gross output x (view, no copy).
    fn x<'py>(slf: &Bound<'py, Self>) -> Bound<'py, PyArray1<f64>> {
        // SAFETY: as for `z`.
        unsafe { view1(&slf.get().table.x, slf.clone().into_any()) }
    }
    /// Technical coefficients A, the matrix the kept factorization was formed from
    /// (view, no copy).
    fn a<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyArray2<f64>>> {
        let a = slf.get().leontief(slf.py())?.a();
        // SAFETY: the model lives in the frozen Table's OnceLock and is never changed.
        Ok(unsafe { view2(a, slf.clone().into_any()) })
    }
    /// Allocation coefficients B (view, no copy).
    fn b<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyArray2<f64>>> {
        let b = slf.get().ghosh(slf.py())?.b();
        // SAFETY: as for `a`.
        Ok(unsafe { view2(b, slf.clone().into_any()) })
    }
    /// The Leontief inverse L (formed from the kept LU) and its relative residual.
    fn l<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyArray2<f64>>, f64)> {
        let m = self.leontief(py)?;
        let l = py.detach(|| m.inverse()).map_err(py_err)?;
        Ok((mat_into_py(py, l.value)?, l.residual))
    }
    /// The Ghosh inverse G and its relative residual.
    fn g<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyArray2<f64>>, f64)> {
        let m = self.ghosh(py)?;
        let g = py.detach(|| m.inverse()).map_err(py_err)?;
        Ok((mat_into_py(py, g.value)?, g.residual))
    }
    /// x = L f for every column of `f` (N x K), on the kept LU: (x, residual).
    fn solve<'py>(
        &self,
        py: Python<'py>,
        f: PyReadonlyArray2<'py, f64>,
    ) -> PyResult<(Bound<'py, PyArray2<f64>>, f64)> {
        let f = mat_from_py(&f);
        let m = self.leontief(py)?;
        let x = py.detach(|| m.solve_batch(f.as_ref())).map_err(py_err)?;
        Ok((mat_into_py(py, x.value)?, x.residual))
    }
    /// The results of `mrio calc --only ...` in memory: a list of (file stem, array,
    /// row labels or None for the index, column labels or None, unit), the notes and
    /// the accuracy warnings.
    #[pyo3(signature = (only = vec!["x".to_string(), "A".to_string()]))]
    fn calc<'py>(
        slf: &Bound<'py, Self>,
        only: Vec<String>,
    ) -> PyResult<(Vec<crate::calc::Named<'py>>, Vec<String>, Vec<String>)> {
        crate::calc::calc(slf, &only)
    }
    /// `mrio multipliers` as a frame.
    #[pyo3(signature = (household = false, income = Vec::new(), consumption = Vec::new(),
        consumption_scale = None, commuting = None, value_added = Vec::new(),
        satellites = true, only = Vec::new()))]
    #[allow(clippy::too_many_arguments)]
    fn multipliers<'py>(
        &self,
        py: Python<'py>,
        household: bool,
        income: Vec<String>,
        consumption: Vec<String>,
        consumption_scale: Option<f64>,
        commuting: Option<PathBuf>,
        value_added: Vec<String>,
        satellites: bool,
        only: Vec<String>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let req = mrio::analysis::multipliers::Request {
            household,
            income,
            consumption,
            consumption_scale,
            commuting,
            value_added,
            no_satellites: !satellites,
            only,
        };
        let open = self.leontief(py)?;
        let (m, closed) = py
            .detach(|| mrio::analysis::multipliers::compute(&self.table, open, &req))
            .map_err(py_err)?;
        let f = mrio::report::multipliers::multipliers_frame(
            &self.table,
            &m,
            closed.as_ref(),
            req.commuting.as_deref(),
        );
        frame_to_py(py, &f)
    }
    /// `mrio linkages` as a frame.
    #[pyo3(signature = (weights = "equal", forward = "ghosh", variability = true))]
    fn linkages<'py>(
        &self,
        py: Python<'py>,
        weights: &str,
        forward: &str,
        variability: bool,
    ) -> PyResult<Bound<'py, PyDict>> {
        let opts = LinkageOptions {
            weighting: match weights {
                "equal" => Weighting::Equal,
                "output" => Weighting::Output,
                "final-demand" | "final_demand" => Weighting::FinalDemand,
                o => {
                    return Err(PyValueError::new_err(format!(
                        "weights `{o}`: expected equal, output or final-demand"
                    )))
                }
            },
            forward_basis: match forward {
                "ghosh" => ForwardBasis::Ghosh,
                "leontief" => ForwardBasis::Leontief,
                o => {
                    return Err(PyValueError::new_err(format!(
                        "forward `{o}`: expected ghosh or leontief"
                    )))
                }
            },
            skip_variability: !variability,
        };
        let model = self.leontief(py)?;
        let lk = py
            .detach(|| mrio::analysis::linkages::linkages(model, &self.table, &opts))
            .map_err(py_err)?;
        frame_to_py(
            py,
            &mrio::report::linkages::linkages_frame(&self.table, &lk, &opts),
        )
    }
    /// `mrio spillover --format csv` (the long per-origin decomposition) as a frame.
    #[pyo3(signature = (direction = "backward", indicator = "output"))]
    fn spillover<'py>(
        &self,
        py: Python<'py>,
        direction: &str,
        indicator: &str,
    ) -> PyResult<Bound<'py, PyDict>> {
        crate::calc::spillover(self, py, direction, indicator)
    }
    /// The unit `mrio calc` gives result `name` (x, A, L, B, G) in `units.csv`.
    fn unit_of(&self, name: &str) -> PyResult<String> {
        let o = mrio::calc::Output::parse(name).map_err(py_err)?;
        if o.is_account() {
            return Err(PyValueError::new_err(format!(
                "{name}: a satellite account has one unit per satellite"
            )));
        }
        Ok(mrio::calc::unit_of(o, &self.table))
    }
    fn __repr__(&self) -> String {
        let ix = &self.table.index;
        format!(
            "<mrio.Table {}: {} region(s) x {} sector(s), N = {}, unit {}>",
            self.source,
            ix.region_list().len(),
            ix.sector_list().len(),
            ix.len(),
            self.table.unit()
        )
    }
}

impl Table {
    pub(crate) fn inner(&self) -> &IoTable {
        &self.table
    }
    pub(crate) fn model(&self, py: Python<'_>) -> PyResult<&Leontief> {
        self.leontief(py)
    }
    pub(crate) fn ghosh_model(&self, py: Python<'_>) -> PyResult<&Ghosh> {
        self.ghosh(py)
    }
    pub(crate) fn source_name(&self) -> &str {
        &self.source
    }
    pub(crate) fn zero_output(&self) -> ZeroOutput {
        self.opts.zero_output
    }
}
