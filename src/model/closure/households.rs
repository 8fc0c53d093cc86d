//! The household blocks `H_r`, `H_c` of the closed model resolved against a table,
//! and commuting (income paid by region of residence).

use super::detect::{category, detect_consumption_columns, overspending_warnings};
use super::HouseholdSpec;
use crate::error::{Error, HouseholdRemedy, Result};
use crate::table::IoTable;
use faer::{Mat, MatRef};

/// The household row(s) and column(s) of the closed model, resolved against a table.
#[derive(Debug, Clone)]
pub struct Households {
    /// One household per region, in the order of the table's regions.
    pub regions: Vec<String>,
    /// The `VA.csv` rows summed into household income.
    pub income_rows: Vec<String>,
    /// The `Y.csv` columns taken as household consumption.
    pub consumption_columns: Vec<String>,
    /// `H_r` (R x N): income paid to region r's households per unit output of each
    /// (region, sector); nonzero only for sectors located in r.
    pub h_r: Mat<f64>,
    /// `H_c` (N x R): consumption of region r's households supplied by each
    /// (region, sector), per unit of region r's household income (times the scale).
    pub h_c: Mat<f64>,
    /// Household income per region (table unit).
    pub income: Vec<f64>,
    /// Household consumption per region as in the table, all origins (table unit).
    pub consumption: Vec<f64>,
    /// The consumption scale used.
    pub consumption_scale: f64,
}

impl Households {
    /// Resolve `spec` against `table`: income rows, consumption columns, one household
    /// per region, and the coefficient blocks `H_r`, `H_c`.
    ///
    /// Errors name the missing label (with the labels available) and regions whose
    /// household income is not positive.
    pub fn from_table(table: &IoTable, spec: &HouseholdSpec) -> Result<Self> {
        if !(spec.consumption_scale.is_finite() && spec.consumption_scale >= 0.0) {
            return Err(Error::bad_value(
                "household consumption scale",
                spec.consumption_scale,
                "a finite number >= 0",
            ));
        }
        let income_rows = if spec.income.is_empty() {
            let found = table.labour_income_labels();
            if found.is_empty() {
                return Err(Error::Household {
                    message: format!(
                        "no primary-input row is labour income (declare it in table.toml: \
                         [primary_inputs] labour_income = [...]); VA.csv rows are: {}",
                        table.va_labels.join(", ")
                    ),
                    remedy: HouseholdRemedy::NameIncome,
                });
            }
            found
        } else {
            for l in &spec.income {
                if !table.va_labels.contains(l) {
                    return Err(Error::unknown(
                        "VA.csv",
                        "household income row",
                        l,
                        format!("expected a row of VA.csv ({})", table.va_labels.join(", ")),
                    ));
                }
            }
            spec.income.clone()
        };
        let consumption_columns = if spec.consumption.is_empty() {
            let found = detect_consumption_columns(table);
            if found.is_empty() {
                return Err(Error::Household {
                    message: format!(
                        "no final-demand column looks like household consumption; Y.csv \
                         columns are: {}",
                        table.y_labels.join(", ")
                    ),
                    remedy: HouseholdRemedy::NameConsumption,
                });
            }
            found
        } else {
            let mut cols = Vec::new();
            for want in &spec.consumption {
                let hits: Vec<String> = (0..table.y_labels.len())
                    .filter(|&k| table.y_labels[k] == *want || category(table, k) == want)
                    .map(|k| table.y_labels[k].clone())
                    .collect();
                if hits.is_empty() {
                    return Err(Error::unknown(
                        "Y.csv",
                        "household consumption column",
                        want,
                        format!(
                            "expected a column or a category of Y.csv (columns: {})",
                            table.y_labels.join(", ")
                        ),
                    ));
                }
                for h in hits {
                    if !cols.contains(&h) {
                        cols.push(h);
                    }
                }
            }
            cols
        };
        let ix = &table.index;
        let n = ix.len();
        let regions: Vec<String> = ix.region_list().to_vec();
        let nr = regions.len();
        let region_of: Vec<usize> = ix
            .regions()
            .iter()
            .map(|r| regions.iter().position(|q| q == r).expect("region listed"))
            .collect();
        let rows: Vec<usize> = income_rows
            .iter()
            .map(|l| {
                table
                    .va_labels
                    .iter()
                    .position(|v| v == l)
                    .expect("checked")
            })
            .collect();
        let wages: Vec<f64> = (0..n)
            .map(|j| rows.iter().map(|&p| table.va[(p, j)]).sum())
            .collect();
        let mut income = vec![0.0; nr];
        for j in 0..n {
            income[region_of[j]] += wages[j];
        }
        let h_r = Mat::from_fn(nr, n, |r, j| {
            if region_of[j] == r && table.x[j] > 0.0 {
                wages[j] / table.x[j]
            } else {
                0.0
            }
        });
        let mut cons = Mat::<f64>::zeros(n, nr);
        for label in &consumption_columns {
            let k = table
                .y_labels
                .iter()
                .position(|l| l == label)
                .expect("resolved");
            let r = match &table.y_regions[k] {
                Some(r) => regions.iter().position(|q| q == r).expect("region listed"),
                None if nr == 1 => 0,
                None => {
                    return Err(Error::Model(format!(
                        "household consumption column `{label}` belongs to no region; in a \
                         multi-region table name columns `REGION_category` or give \
                         Y_index.csv"
                    )))
                }
            };
            for i in 0..n {
                cons[(i, r)] += table.y[(i, k)];
            }
        }
        let consumption: Vec<f64> = (0..nr)
            .map(|r| (0..n).map(|i| cons[(i, r)]).sum())
            .collect();
        for r in 0..nr {
            if income[r].is_nan() || income[r] <= 0.0 {
                return Err(Error::Model(format!(
                    "household income of region `{}` (sum of {} over its sectors) is {}: \
                     expected a positive number to close the model",
                    regions[r],
                    income_rows.join(" + "),
                    income[r]
                )));
            }
        }
        let s = spec.consumption_scale;
        let h_c = Mat::from_fn(n, nr, |i, r| s * cons[(i, r)] / income[r]);
        Ok(Households {
            regions,
            income_rows,
            consumption_columns,
            h_r,
            h_c,
            income,
            consumption,
            consumption_scale: s,
        })
    }

    /// Pay income earned in one region to households resident in others (commuting,
    /// docs/methods.md 2.3 (iv)). `shares[(r, s)]` is the share of household income earned in
    /// region s that goes to residents of region r (R x R, regions in the order of
    /// [`Households::regions`]); every column must be non-negative and sum to 1.
    ///
    /// `H_r` becomes `C H_r` and household income `C income`. The consumption
    /// coefficients `H_c` stay as they are: a propensity to consume belongs to the
    /// residents (their spending per unit of their income, measured in the table before
    /// commuting), so income paid to another region's residents is spent with that
    /// region's propensity and pattern (docs/multipliers.md, Commuting). The closed model
    /// then no longer reproduces the table's household consumption; it moves it with the
    /// income.
    pub fn with_commuting(mut self, shares: MatRef<'_, f64>) -> Result<Self> {
        let nr = self.len();
        if shares.nrows() != nr || shares.ncols() != nr {
            return Err(Error::shape(
                "commuting shares",
                format!("{} x {}", shares.nrows(), shares.ncols()),
                format!("{nr} x {nr} (residence x workplace region)"),
            ));
        }
        for s in 0..nr {
            let mut sum = 0.0;
            for r in 0..nr {
                let v = shares[(r, s)];
                if !v.is_finite() || v < 0.0 {
                    return Err(Error::bad_value(
                        format!(
                            "commuting share of income earned in `{}` paid to residents of `{}`",
                            self.regions[s], self.regions[r]
                        ),
                        v,
                        "a number in [0, 1]",
                    ));
                }
                sum += v;
            }
            if (sum - 1.0).abs() > 1e-9 {
                return Err(Error::bad_value(
                    format!("commuting shares of income earned in `{}`", self.regions[s]),
                    format!("sum {sum}"),
                    "a sum of 1 (every unit of income is paid to some region's households)",
                ));
            }
        }
        let n = self.h_r.ncols();
        let earned: Vec<(usize, f64)> = (0..n)
            .map(|j| {
                let s = (0..nr).find(|&s| self.h_r[(s, j)] != 0.0).unwrap_or(0);
                (s, self.h_r[(s, j)])
            })
            .collect();
        self.h_r = Mat::from_fn(nr, n, |r, j| shares[(r, earned[j].0)] * earned[j].1);
        let old = self.income.clone();
        let new: Vec<f64> = (0..nr)
            .map(|r| (0..nr).map(|s| shares[(r, s)] * old[s]).sum())
            .collect();
        for (region, inc) in self.regions.iter().zip(&new) {
            if inc.is_nan() || *inc <= 0.0 {
                return Err(Error::Model(format!(
                    "after commuting, household income of region `{region}` is {inc}: \
                     expected a positive number to close the model"
                )));
            }
        }
        self.income = new;
        Ok(self)
    }

    /// Number of households R (one per region).
    pub fn len(&self) -> usize {
        self.regions.len()
    }

    /// Always false: a table has at least one region.
    pub fn is_empty(&self) -> bool {
        self.regions.is_empty()
    }

    /// Household income per unit output of each (region, sector): `h = 1' H_r` (N).
    pub fn income_coefficients(&self) -> Vec<f64> {
        (0..self.h_r.ncols())
            .map(|j| (0..self.h_r.nrows()).map(|r| self.h_r[(r, j)]).sum())
            .collect()
    }

    /// Consumption of the table's products per unit of household income, per region
    /// (column sums of `H_c`; the average propensity times the scale).
    pub fn propensities(&self) -> Vec<f64> {
        (0..self.h_c.ncols())
            .map(|r| (0..self.h_c.nrows()).map(|i| self.h_c[(i, r)]).sum())
            .collect()
    }

    /// Warnings for regions whose households would spend more on the table's products
    /// than their labour income (spending per unit of income above 1): the closure then
    /// treats consumption paid from other income (transfers, property income) or from
    /// government as if wages paid for it, and overstates induced effects.
    pub fn overspending_warnings(&self) -> Vec<String> {
        overspending_warnings(&self.regions, &self.propensities())
    }

    /// Ids of the household rows of the closed model: `households` in a single-region
    /// table, `households|REGION` in an MRIO.
    pub fn ids(&self) -> Vec<String> {
        if self.regions.len() == 1 {
            vec!["households".to_string()]
        } else {
            self.regions
                .iter()
                .map(|r| format!("households|{r}"))
                .collect()
        }
    }

    /// The closed coefficient matrix `Ā = [[A, H_c], [H_r, 0]]` ((N+R) x (N+R)).
    pub fn closed_coefficients(&self, a: MatRef<'_, f64>) -> Result<Mat<f64>> {
        let n = self.h_r.ncols();
        if a.nrows() != n || a.ncols() != n {
            return Err(Error::shape(
                "A",
                format!("{} x {}", a.nrows(), a.ncols()),
                format!("{n} x {n} (the size of the household blocks)"),
            ));
        }
        let m = n + self.len();
        Ok(Mat::from_fn(m, m, |i, j| match (i < n, j < n) {
            (true, true) => a[(i, j)],
            (true, false) => self.h_c[(i, j - n)],
            (false, true) => self.h_r[(i - n, j)],
            (false, false) => 0.0,
        }))
    }
}
