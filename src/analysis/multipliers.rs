//! Multipliers for every (region, sector): output, value added, income and satellite
//! accounts, as simple (`w'L`), Type I ratio, total (Type II) and Type II ratio
//! (docs/methods.md 2.1-2.4; Miller & Blair 2009, ch. 6).
//!
//! All weight vectors are solved at once with the transposed LU of `I − A`
//! ([`Leontief::solve_transpose_batch`]) and, with households closed, of `I − Ā`
//! ([`ClosedLeontief::solve_transpose_batch`]). `L` is never formed.
//!
//! ```
//! use mrio::analysis::multipliers::{multipliers, standard_weights, WeightOptions};
//! let t = mrio::table::read_table(std::path::Path::new("tables/mb2009_two_sector")).unwrap();
//! let open = mrio::model::Leontief::from_table(&t, Default::default()).unwrap();
//! let w = standard_weights(&t, &WeightOptions::default()).unwrap();
//! let m = multipliers(&open, None, &w).unwrap();
//! // Output multipliers 1'L of Miller & Blair's Table 2.3 economy.
//! assert!((m.measures[0].simple[0] - 1.518152).abs() < 5e-7);
//! ```

use crate::error::{Error, Result};
use crate::model::{per_unit_output, ClosedLeontief, Leontief};
use crate::table::IoTable;
use faer::Mat;

/// A weight vector: a quantity per unit output of each (region, sector).
#[derive(Debug, Clone, PartialEq)]
pub struct Weight {
    /// Machine name (the CSV column), e.g. `output`, `value_added`, `employment`.
    pub name: String,
    /// What it is, for people (e.g. "value added = compensation + operating_surplus").
    pub description: String,
    /// Unit of the quantity (e.g. `M EUR`, `jobs`).
    pub unit: String,
    /// Coefficients `w_j` (quantity per unit of output), N entries.
    pub coefficients: Vec<f64>,
    /// True for the output measure (all ones), whose Type I ratio is the simple
    /// multiplier itself and is not reported separately.
    pub is_output: bool,
}

/// Which rows of the table make the standard weight vectors.
#[derive(Debug, Clone, Default)]
pub struct WeightOptions {
    /// `VA.csv` rows that are value added. Empty: every row that `table.toml` does not
    /// declare an import (imports are a primary input but not value added).
    pub value_added: Vec<String>,
    /// `VA.csv` rows that are household income (a measure `income`). Empty: the table's
    /// labour-income rows ([`IoTable::labour_income_rows`]); no income measure when there
    /// are none and `require_income` is false.
    pub income: Vec<String>,
    /// Fail when no income rows can be found.
    pub require_income: bool,
    /// Include one measure per satellite indicator (default true via the CLI).
    pub no_satellites: bool,
}

/// The table's money unit (`table.toml` `unit`), or `currency unit` when not stated.
pub fn money_unit(table: &IoTable) -> String {
    table
        .meta
        .unit
        .clone()
        .unwrap_or_else(|| "currency unit".to_string())
}

fn find_rows(table: &IoTable, labels: &[String], what: &str) -> Result<Vec<usize>> {
    labels
        .iter()
        .map(|l| {
            table.va_labels.iter().position(|v| v == l).ok_or_else(|| {
                Error::unknown(
                    "VA.csv",
                    &format!("{what} row"),
                    l,
                    format!("expected a row of VA.csv ({})", table.va_labels.join(", ")),
                )
            })
        })
        .collect()
}

fn row_sum_coefficients(table: &IoTable, rows: &[usize]) -> Vec<f64> {
    let sums: Vec<f64> = (0..table.len())
        .map(|j| rows.iter().map(|&p| table.va[(p, j)]).sum())
        .collect();
    per_unit_output(&sums, &table.x)
}

/// The standard measures of a table: `output` (ones), `value_added`, `income` (when
/// income rows are named or detected) and one per satellite indicator (named
/// `satellite` when it has one indicator, else `satellite:indicator`).
pub fn standard_weights(table: &IoTable, opts: &WeightOptions) -> Result<Vec<Weight>> {
    let unit = money_unit(table);
    let n = table.len();
    let mut out = vec![Weight {
        name: "output".into(),
        description: "gross output".into(),
        unit: unit.clone(),
        coefficients: vec![1.0; n],
        is_output: true,
    }];
    let va_rows: Vec<usize> = if opts.value_added.is_empty() {
        table.value_added_rows()
    } else {
        find_rows(table, &opts.value_added, "value-added")?
    };
    if !va_rows.is_empty() {
        let names: Vec<&str> = va_rows
            .iter()
            .map(|&p| table.va_labels[p].as_str())
            .collect();
        out.push(Weight {
            name: "value_added".into(),
            description: format!("value added = {}", names.join(" + ")),
            unit: unit.clone(),
            coefficients: row_sum_coefficients(table, &va_rows),
            is_output: false,
        });
    }
    let income_labels = if opts.income.is_empty() {
        table.labour_income_labels()
    } else {
        opts.income.clone()
    };
    if income_labels.is_empty() && opts.require_income {
        return Err(Error::Household {
            message: format!(
                "no primary-input row is labour income (declare it in table.toml: \
                 [primary_inputs] labour_income = [...]); VA.csv rows are: {}",
                table.va_labels.join(", ")
            ),
            remedy: crate::error::HouseholdRemedy::NameIncome,
        });
    }
    if !income_labels.is_empty() {
        let rows = find_rows(table, &income_labels, "income")?;
        out.push(Weight {
            name: "income".into(),
            description: format!("household income = {}", income_labels.join(" + ")),
            unit: unit.clone(),
            coefficients: row_sum_coefficients(table, &rows),
            is_output: false,
        });
    }
    if !opts.no_satellites {
        for s in &table.satellites {
            let sunit = table.satellite_unit(&s.name);
            for (k, ind) in s.indicators.iter().enumerate() {
                let name = if s.indicators.len() == 1 {
                    s.name.clone()
                } else {
                    format!("{}:{ind}", s.name)
                };
                let vals: Vec<f64> = (0..n).map(|j| s.values[(k, j)]).collect();
                out.push(Weight {
                    name,
                    description: format!("{} ({ind}) from {}.csv", s.name, s.name),
                    unit: sunit.clone(),
                    coefficients: per_unit_output(&vals, &table.x),
                    is_output: false,
                });
            }
        }
    }
    Ok(out)
}

/// Multipliers of one measure, N entries each.
#[derive(Debug, Clone)]
pub struct Measure {
    /// The weight vector.
    pub weight: Weight,
    /// Simple multiplier `(w'L)_j`: direct + indirect effect per unit final demand.
    pub simple: Vec<f64>,
    /// Type I ratio `(w'L)_j / w_j` (NaN where `w_j = 0`).
    pub type1: Vec<f64>,
    /// Total multiplier `(w'L̄)_j` over industry rows (with household closure).
    pub total: Option<Vec<f64>>,
    /// Type II ratio `(w'L̄)_j / w_j` (with household closure; NaN where `w_j = 0`).
    pub type2: Option<Vec<f64>>,
}

/// Multipliers of all measures.
#[derive(Debug, Clone)]
pub struct Multipliers {
    /// One entry per weight, in the order given.
    pub measures: Vec<Measure>,
    /// Largest relative residual of the solves.
    pub residual: f64,
}

fn ratio(num: &[f64], den: &[f64]) -> Vec<f64> {
    num.iter()
        .zip(den)
        .map(|(a, b)| if *b != 0.0 { a / b } else { f64::NAN })
        .collect()
}

/// Compute every measure's multipliers: one batch of transposed solves on the open LU
/// and, when `closed` is given, one on the closed LU.
pub fn multipliers(
    open: &Leontief,
    closed: Option<&ClosedLeontief>,
    weights: &[Weight],
) -> Result<Multipliers> {
    let n = open.n();
    for w in weights {
        if w.coefficients.len() != n {
            return Err(Error::shape(
                format!("weight `{}`", w.name),
                format!("{} entries", w.coefficients.len()),
                n,
            ));
        }
    }
    if weights.is_empty() {
        return Ok(Multipliers {
            measures: Vec::new(),
            residual: 0.0,
        });
    }
    let w = Mat::from_fn(weights.len(), n, |k, j| weights[k].coefficients[j]);
    let s = open.solve_transpose_batch(w.as_ref())?;
    let mut residual = s.residual;
    let t = match closed {
        Some(c) => {
            if c.n() != n {
                return Err(Error::shape(
                    "closed model",
                    format!("{} sectors", c.n()),
                    format!("{n} (as many as the open model)"),
                ));
            }
            let r = c.solve_transpose_batch(w.as_ref())?;
            residual = residual.max(r.residual);
            Some(r.value)
        }
        None => None,
    };
    let measures = weights
        .iter()
        .enumerate()
        .map(|(k, wt)| {
            let simple: Vec<f64> = (0..n).map(|j| s.value[(k, j)]).collect();
            let total: Option<Vec<f64>> = t.as_ref().map(|t| (0..n).map(|j| t[(k, j)]).collect());
            Measure {
                type1: ratio(&simple, &wt.coefficients),
                type2: total.as_ref().map(|t| ratio(t, &wt.coefficients)),
                simple,
                total,
                weight: wt.clone(),
            }
        })
        .collect();
    Ok(Multipliers { measures, residual })
}

/// What `mrio multipliers` (and the Python bindings) ask for: the household closure,
/// the rows and columns it uses, and which measures to report.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// Close the model for households (Type II). Implied by `consumption`,
    /// `consumption_scale` and `commuting`.
    pub household: bool,
    /// `VA.csv` rows of household income (empty: detected).
    pub income: Vec<String>,
    /// `Y.csv` columns or categories of household consumption (empty: detected).
    pub consumption: Vec<String>,
    /// Factor on the household consumption coefficients (None = 1).
    pub consumption_scale: Option<f64>,
    /// Commuting shares (CSV, region of residence x region of work).
    pub commuting: Option<std::path::PathBuf>,
    /// `VA.csv` rows that make up value added (empty: every row not about imports).
    pub value_added: Vec<String>,
    /// Leave out the satellite accounts.
    pub no_satellites: bool,
    /// Report only these measures (empty: all).
    pub only: Vec<String>,
}

impl Request {
    /// True when the households are closed (asked for, or implied by an option).
    pub fn closes_households(&self) -> bool {
        self.household
            || !self.consumption.is_empty()
            || self.consumption_scale.is_some()
            || self.commuting.is_some()
    }
}

/// Multipliers as asked for by `req` on the factored open model of `table`, with the
/// closed model when households are closed (returned for its notes).
pub fn compute(
    table: &IoTable,
    open: &Leontief,
    req: &Request,
) -> Result<(Multipliers, Option<ClosedLeontief>)> {
    let household = req.closes_households();
    let weights = standard_weights(
        table,
        &WeightOptions {
            value_added: req.value_added.clone(),
            income: req.income.clone(),
            require_income: household,
            no_satellites: req.no_satellites,
        },
    )?;
    use crate::analysis::indicator;
    for want in &req.only {
        if !weights.iter().any(|w| indicator::same(&w.name, want)) {
            let names: Vec<&str> = weights.iter().map(|w| w.name.as_str()).collect();
            return Err(Error::unknown(
                "multipliers",
                "measure",
                want,
                indicator::offered(&names),
            ));
        }
    }
    let weights: Vec<Weight> = if req.only.is_empty() {
        weights
    } else {
        weights
            .into_iter()
            .filter(|w| req.only.iter().any(|o| indicator::same(&w.name, o)))
            .collect()
    };
    let closed = if household {
        Some(closed_model(table, open, req)?)
    } else {
        None
    };
    let m = multipliers(open, closed.as_ref(), &weights)?;
    Ok((m, closed))
}

fn closed_model(table: &IoTable, open: &Leontief, req: &Request) -> Result<ClosedLeontief> {
    use crate::model::{HouseholdSpec, Households};
    let spec = HouseholdSpec {
        income: req.income.clone(),
        consumption: req.consumption.clone(),
        consumption_scale: req.consumption_scale.unwrap_or(1.0),
    };
    let mut h = Households::from_table(table, &spec)?;
    if let Some(path) = &req.commuting {
        let regions = table.index.region_list().to_vec();
        let c = crate::table::csvio::LabeledMatrix::read(path)?.aligned(
            &regions,
            &regions,
            "regions of index.csv",
        )?;
        h = h.with_commuting(c.as_ref()).map_err(|e| Error::Config {
            path: path.clone(),
            message: e.to_string(),
        })?;
    }
    ClosedLeontief::new(open.a(), table.index.ids(), h)
}
