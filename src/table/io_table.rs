//! What an input-output table is: labels, flows, final demand, primary inputs, output,
//! satellite accounts and metadata.

use super::primary::{PrimaryClass, PrimaryInputs};
use super::Index;
use crate::error::{Error, Result};
use faer::Mat;
use serde::{Deserialize, Serialize};

/// Metadata of a table, read from and written to `table.toml`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    /// Name of the table.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Reference year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i64>,
    /// Monetary unit of Z, Y, VA and x (e.g. `M USD`, `10k CNY`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Where the data come from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Unit of each satellite account (file stem -> unit), e.g. `employment = "persons"`.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub satellite_units: std::collections::BTreeMap<String, String>,
    /// Free-form notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// Which `VA.csv` rows are imports, labour income, taxes and other value added
    /// (`[primary_inputs]`; see [`crate::table::primary`] for the defaults).
    #[serde(default, skip_serializing_if = "PrimaryInputs::is_empty")]
    pub primary_inputs: PrimaryInputs,
    /// How the table was built (recipe parameters and inputs), written by `mrio build`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub build: Option<toml::Table>,
}

/// Where the gross output vector came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputSource {
    /// Read from `x.csv`.
    File,
    /// Derived as row totals x = Z 1 + Y 1.
    RowTotals,
}

/// A satellite account: rows = indicators, columns = table ids.
#[derive(Debug, Clone)]
pub struct Satellite {
    /// Name (the file stem, e.g. `employment`).
    pub name: String,
    /// Indicator labels (rows).
    pub indicators: Vec<String>,
    /// Values, indicators x N.
    pub values: Mat<f64>,
}

/// An input-output table, single- or multi-regional.
///
/// Notation follows docs/methods.md section 0: `z` (N x N, row sells, column buys), `y`
/// (N x K final demand), `va` (P x N primary inputs), `x` (N gross output).
#[derive(Debug, Clone)]
pub struct IoTable {
    /// Labels of rows/columns.
    pub index: Index,
    /// Intermediate flows Z.
    pub z: Mat<f64>,
    /// Final demand Y.
    pub y: Mat<f64>,
    /// Labels of the final-demand columns.
    pub y_labels: Vec<String>,
    /// Region of each final-demand column (None for exports to the rest of the world etc.).
    pub y_regions: Vec<Option<String>>,
    /// Primary inputs V.
    pub va: Mat<f64>,
    /// Labels of the primary-input rows.
    pub va_labels: Vec<String>,
    /// Gross output x.
    pub x: Vec<f64>,
    /// Whether x was given or derived.
    pub x_source: OutputSource,
    /// Satellite accounts.
    pub satellites: Vec<Satellite>,
    /// Metadata.
    pub meta: Meta,
}

impl IoTable {
    /// Build a table from its parts. `x` of `None` derives x = Z 1 + Y 1.
    /// Shapes are checked; values are not (see [`crate::table::check`]).
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        index: Index,
        z: Mat<f64>,
        y: Mat<f64>,
        y_labels: Vec<String>,
        va: Mat<f64>,
        va_labels: Vec<String>,
        x: Option<Vec<f64>>,
    ) -> Result<Self> {
        let n = index.len();
        if z.nrows() != n || z.ncols() != n {
            let found = format!("{} x {}", z.nrows(), z.ncols());
            return Err(Error::shape("Z", found, format!("{n} x {n}")));
        }
        check_shapes(n, &y, &y_labels, &va, &va_labels)?;
        let (x, x_source) = match x {
            Some(x) => (x, OutputSource::File),
            None => (row_totals(&z, &y), OutputSource::RowTotals),
        };
        Self::assemble(index, z, y, y_labels, va, va_labels, x, x_source)
    }

    /// A table whose Z is kept elsewhere (memory-mapped by `mrio calc`, see
    /// [`crate::calc::compute_mapped`]): `z` is empty (0 x 0); x is given with where it
    /// came from. The shapes of Y, VA and x are checked as in [`IoTable::new`].
    pub fn without_z(
        index: Index,
        y: Mat<f64>,
        y_labels: Vec<String>,
        va: Mat<f64>,
        va_labels: Vec<String>,
        x: Vec<f64>,
        x_source: OutputSource,
    ) -> Result<Self> {
        check_shapes(index.len(), &y, &y_labels, &va, &va_labels)?;
        let z = Mat::new();
        Self::assemble(index, z, y, y_labels, va, va_labels, x, x_source)
    }

    #[allow(clippy::too_many_arguments)]
    fn assemble(
        index: Index,
        z: Mat<f64>,
        y: Mat<f64>,
        y_labels: Vec<String>,
        va: Mat<f64>,
        va_labels: Vec<String>,
        x: Vec<f64>,
        x_source: OutputSource,
    ) -> Result<Self> {
        let n = index.len();
        if x.len() != n {
            return Err(Error::shape(
                "x",
                format!("{} entries", x.len()),
                format!("{n} (one per id)"),
            ));
        }
        let y_regions = infer_y_regions(&index, &y_labels);
        Ok(IoTable {
            index,
            z,
            y,
            y_labels,
            y_regions,
            va,
            va_labels,
            x,
            x_source,
            satellites: Vec::new(),
            meta: Meta::default(),
        })
    }

    /// Number of (region, sector) entries N.
    pub fn len(&self) -> usize {
        self.index.len()
    }

    /// Always false (a table has at least one sector).
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// The monetary unit, or a phrase saying it was not declared.
    pub fn unit(&self) -> &str {
        self.meta
            .unit
            .as_deref()
            .unwrap_or("currency units (unit not stated in table.toml)")
    }

    /// Total final demand per row, f = Y 1.
    pub fn final_demand(&self) -> Vec<f64> {
        (0..self.len())
            .map(|i| (0..self.y.ncols()).map(|k| self.y[(i, k)]).sum())
            .collect()
    }

    /// Total primary inputs per column, v = 1' V.
    pub fn value_added(&self) -> Vec<f64> {
        (0..self.len())
            .map(|j| (0..self.va.nrows()).map(|p| self.va[(p, j)]).sum())
            .collect()
    }

    /// The class of each `VA.csv` row (`table.toml` `[primary_inputs]`, else the
    /// defaults of [`crate::table::primary`]).
    pub fn primary_classes(&self) -> Vec<PrimaryClass> {
        self.meta.primary_inputs.classes(&self.va_labels)
    }

    /// Positions of the value-added rows: every primary input that is not an import.
    pub fn value_added_rows(&self) -> Vec<usize> {
        let c = self.primary_classes();
        (0..c.len())
            .filter(|&p| c[p] != PrimaryClass::Import)
            .collect()
    }

    /// Positions of the labour-income rows (summed into household income).
    pub fn labour_income_rows(&self) -> Vec<usize> {
        let c = self.primary_classes();
        (0..c.len())
            .filter(|&p| c[p] == PrimaryClass::LabourIncome)
            .collect()
    }

    /// Labels of the labour-income rows.
    pub fn labour_income_labels(&self) -> Vec<String> {
        self.labour_income_rows()
            .into_iter()
            .map(|p| self.va_labels[p].clone())
            .collect()
    }

    /// Check `[primary_inputs]` against the rows of `VA.csv`; errors name `path`
    /// (the table's `table.toml`) and the label.
    pub fn check_primary_inputs(&self, path: &std::path::Path) -> Result<()> {
        self.meta
            .primary_inputs
            .check(&self.va_labels)
            .map_err(|message| Error::Config {
                path: path.to_path_buf(),
                message,
            })
    }

    /// Satellite account by name.
    pub fn satellite(&self, name: &str) -> Option<&Satellite> {
        self.satellites.iter().find(|s| s.name == name)
    }

    /// Unit of a satellite account (from `table.toml`), or a phrase saying it is not stated.
    pub fn satellite_unit(&self, name: &str) -> String {
        self.meta
            .satellite_units
            .get(name)
            .cloned()
            .unwrap_or_else(|| format!("{name} units (not stated in table.toml)"))
    }

    /// Set the region of final-demand columns explicitly (from `Y_index.csv`).
    pub fn set_y_regions(&mut self, regions: Vec<Option<String>>) -> Result<()> {
        if regions.len() != self.y_labels.len() {
            return Err(Error::shape(
                "final-demand column regions",
                format!("{} entries", regions.len()),
                format!("{} (one per final-demand column)", self.y_labels.len()),
            ));
        }
        self.y_regions = regions;
        Ok(())
    }
}

/// Y is n x (its labels), VA is (its labels) x n.
fn check_shapes(
    n: usize,
    y: &Mat<f64>,
    y_labels: &[String],
    va: &Mat<f64>,
    va_labels: &[String],
) -> Result<()> {
    let shape_err = |what: &str, r: usize, c: usize, er: usize, ec: usize| {
        Error::shape(what, format!("{r} x {c}"), format!("{er} x {ec}"))
    };
    if y.nrows() != n || y.ncols() != y_labels.len() {
        return Err(shape_err("Y", y.nrows(), y.ncols(), n, y_labels.len()));
    }
    if va.ncols() != n || va.nrows() != va_labels.len() {
        return Err(shape_err("VA", va.nrows(), va.ncols(), va_labels.len(), n));
    }
    Ok(())
}

/// Row totals Z 1 + Y 1.
pub fn row_totals(z: &Mat<f64>, y: &Mat<f64>) -> Vec<f64> {
    let z_sums: Vec<f64> = (0..z.nrows())
        .map(|i| (0..z.ncols()).map(|j| z[(i, j)]).sum())
        .collect();
    totals_from_z_sums(&z_sums, y)
}

/// x = (row sums of Z) + Y 1, from Z's row sums computed elsewhere (a memory-mapped Z
/// sums its rows block by block); the same additions as [`row_totals`].
pub fn totals_from_z_sums(z_sums: &[f64], y: &Mat<f64>) -> Vec<f64> {
    z_sums
        .iter()
        .enumerate()
        .map(|(i, zi)| zi + (0..y.ncols()).map(|k| y[(i, k)]).sum::<f64>())
        .collect()
}

/// Region of each final-demand column from its label: the part before the first `|`
/// or `_` when it names a region of the index (docs/design.md, table folder format).
pub fn infer_y_regions(index: &Index, labels: &[String]) -> Vec<Option<String>> {
    let regions = index.region_list();
    labels
        .iter()
        .map(|l| {
            if !index.is_multi_region() {
                return Some(regions[0].clone());
            }
            let cut = l.find(['|', '_']).unwrap_or(l.len());
            let head = &l[..cut];
            regions.iter().find(|r| r.as_str() == head).cloned()
        })
        .collect()
}
