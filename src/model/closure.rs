//! Household closure (Type II): households become one more "sector" per region that
//! sells labour (income row) and buys consumption goods (consumption column)
//! (docs/methods.md 2.3; Miller & Blair 2009, ch. 6; Miyazawa 1976).
//!
//! ```text
//! Ā = | A    H_c |     H_r (R x N): household income per unit output, paid to the
//!     | H_r  0   |              households of the producing sector's region;
//!                      H_c (N x R): consumption of region r's households supplied by
//!                              each (region, sector), per unit of their income.
//! L̄ = (I − Ā)⁻¹
//! ```
//!
//! In a single-region table R = 1 and this is the textbook closure. Which primary-input
//! rows count as household income and which final-demand columns are household
//! consumption are explicit options ([`HouseholdSpec`]); when left empty they are
//! detected from common labels and the choice is reported.
//!
//! The closed system `I − Ā` is factored once ([`ClosedLeontief`]); Type II
//! multipliers are transposed solves on that factor. [`Miyazawa`] gives the same
//! closed inverse in partitioned form (for testing and for cheap induced effects).
//!
//! ```
//! use mrio::model::closure::{ClosedLeontief, HouseholdSpec};
//! let t = mrio::table::read_table(std::path::Path::new("tests/data/mrio_toy")).unwrap();
//! let closed = ClosedLeontief::from_table(&t, Default::default(), &HouseholdSpec::default()).unwrap();
//! // One household per region.
//! assert_eq!(closed.households().regions.len(), 2);
//! // Type II output multipliers exceed the Type I ones.
//! let open = mrio::model::Leontief::from_table(&t, Default::default()).unwrap();
//! let m1 = open.output_multipliers().unwrap().value;
//! let m2 = closed.total_output_multipliers().unwrap().value;
//! assert!(m1.iter().zip(&m2).all(|(a, b)| b >= a));
//! ```

use super::leontief::{check_productive, Leontief, ModelOptions, Solved};
use super::productivity::spectral_radius;
use crate::error::{Error, HouseholdRemedy, Result};
use crate::table::IoTable;
use faer::linalg::solvers::{DenseSolveCore, PartialPivLu};
use faer::{Mat, MatRef};

/// Which primary-input rows are household income and which final-demand columns are
/// household consumption.
#[derive(Debug, Clone, PartialEq)]
pub struct HouseholdSpec {
    /// Labels of `VA.csv` rows summed into household income (e.g. `D1`,
    /// `compensation_of_employees`). Empty: detect (see [`detect_income_rows`]).
    pub income: Vec<String>,
    /// Final-demand columns of household consumption: a full label of `Y.csv`
    /// (`P3_S14`) or, in an MRIO, the category after the region prefix (`c37` matches
    /// `CHN_c37`, `EUZ_c37`, ...). Empty: detect (see [`detect_consumption_columns`]).
    pub consumption: Vec<String>,
    /// Factor applied to the consumption coefficients. 1 (the default) uses the
    /// average propensity to consume of the table; a value below 1 stands for a
    /// marginal propensity lower than the average (docs/methods.md 2.3 (ii)).
    pub consumption_scale: f64,
}

impl Default for HouseholdSpec {
    fn default() -> Self {
        HouseholdSpec {
            income: Vec::new(),
            consumption: Vec::new(),
            consumption_scale: 1.0,
        }
    }
}

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

/// One warning per region with spending per unit of household income above 1, with
/// the figure (see [`Households::overspending_warnings`]).
pub fn overspending_warnings(regions: &[String], propensities: &[f64]) -> Vec<String> {
    regions
        .iter()
        .zip(propensities)
        .filter(|(_, p)| **p > 1.0)
        .map(|(r, p)| {
            format!(
                "warning: households of {r} would spend {p:.3} on the table's products per unit of labour income (more than they earn): check that the consumption columns hold household spending only (not government) and the propensity (consumption_scale)"
            )
        })
        .collect()
}

/// Labels that name household income in common tables: compensation of employees
/// (`D1`, ESA), wages, labour income, 劳动者报酬.
pub fn detect_income_rows(labels: &[String]) -> Vec<String> {
    labels
        .iter()
        .filter(|l| {
            let s = l.to_lowercase();
            s == "d1"
                || s.contains("compensation")
                || s.contains("wage")
                || s.contains("labour")
                || s.contains("labor")
                || s.contains("劳动者报酬")
        })
        .cloned()
        .collect()
}

/// Final-demand categories that name household consumption in common tables: labels
/// containing `household` (but not "serving households", i.e. NPISH), `P3_S14` (ESA),
/// `c37` (WIOD), `FU101`/`FU102` (NBS China rural/urban households), 居民.
pub fn detect_consumption_columns(table: &IoTable) -> Vec<String> {
    table
        .y_labels
        .iter()
        .enumerate()
        .filter(|(k, l)| {
            let c = category(table, *k).to_lowercase();
            let full = l.to_lowercase();
            let hh = |s: &str| {
                (s.contains("household") && !s.contains("serving") && !s.contains("npish"))
                    || s == "p3_s14"
                    || s == "c37"
                    || s == "fu101"
                    || s == "fu102"
                    || s.contains("居民")
            };
            hh(&c) || hh(&full)
        })
        .map(|(_, l)| l.clone())
        .collect()
}

/// The category of final-demand column k: its label without the region prefix
/// (`CHN_c37` -> `c37`), or the whole label.
fn category(table: &IoTable, k: usize) -> &str {
    let l = table.y_labels[k].as_str();
    if let Some(r) = &table.y_regions[k] {
        if table.index.is_multi_region() {
            if let Some(rest) = l.strip_prefix(r.as_str()) {
                if let Some(c) = rest.strip_prefix(['|', '_']) {
                    return c;
                }
            }
        }
    }
    l
}

impl Households {
    /// Resolve `spec` against `table`: income rows, consumption columns, one household
    /// per region, and the coefficient blocks `H_r`, `H_c`.
    ///
    /// Errors name the missing label (with the labels available) and regions whose
    /// household income is not positive.
    pub fn from_table(table: &IoTable, spec: &HouseholdSpec) -> Result<Self> {
        if !(spec.consumption_scale.is_finite() && spec.consumption_scale >= 0.0) {
            return Err(Error::Invalid(format!(
                "consumption scale {} must be a finite number >= 0",
                spec.consumption_scale
            )));
        }
        let income_rows = if spec.income.is_empty() {
            let found = detect_income_rows(&table.va_labels);
            if found.is_empty() {
                return Err(Error::Household {
                    message: format!(
                        "no primary-input row looks like household income (compensation of \
                         employees, D1, wages); VA.csv rows are: {}",
                        table.va_labels.join(", ")
                    ),
                    remedy: HouseholdRemedy::NameIncome,
                });
            }
            found
        } else {
            for l in &spec.income {
                if !table.va_labels.contains(l) {
                    return Err(Error::Invalid(format!(
                        "household income row `{l}` is not a row of VA.csv (rows: {})",
                        table.va_labels.join(", ")
                    )));
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
                    return Err(Error::Invalid(format!(
                        "household consumption column `{want}` is neither a column nor a \
                         category of Y.csv (columns: {})",
                        table.y_labels.join(", ")
                    )));
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
                    return Err(Error::Invalid(format!(
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
                    return Err(Error::Invalid(format!(
                        "commuting share of income earned in `{}` paid to residents of `{}` is \
                         {v}: expected a number in [0, 1]",
                        self.regions[s], self.regions[r]
                    )));
                }
                sum += v;
            }
            if (sum - 1.0).abs() > 1e-9 {
                return Err(Error::Invalid(format!(
                    "commuting shares of income earned in `{}` sum to {sum}: expected 1 (every \
                     unit of income is paid to some region's households)",
                    self.regions[s]
                )));
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

/// The factored closed (Type II) Leontief model `L̄ = (I − Ā)⁻¹`, industries first
/// (N rows), then one household per region (R rows).
#[derive(Debug)]
pub struct ClosedLeontief {
    households: Households,
    model: Leontief,
    n: usize,
}

impl ClosedLeontief {
    /// Close a table's model: `A = Z x̂⁻¹`, households from `spec`, then factor `I − Ā`.
    pub fn from_table(table: &IoTable, opts: ModelOptions, spec: &HouseholdSpec) -> Result<Self> {
        let a = super::technical_coefficients(
            table.z.as_ref(),
            &table.x,
            table.index.ids(),
            opts.zero_output,
        )?;
        let h = Households::from_table(table, spec)?;
        Self::new(a.as_ref(), table.index.ids(), h)
    }

    /// Close an open coefficient matrix with the given household blocks.
    ///
    /// The closed system is checked for productivity (docs/methods.md 1.5 (c)); when it fails
    /// the error says how much households spend per unit of income and what to change.
    pub fn new(a: MatRef<'_, f64>, ids: &[String], households: Households) -> Result<Self> {
        let n = a.nrows();
        let closed = households.closed_coefficients(a)?;
        let mut all_ids = ids.to_vec();
        all_ids.extend(households.ids());
        let explain = |rho: f64, households: &Households| {
            let props: Vec<String> = households
                .regions
                .iter()
                .zip(households.propensities())
                .map(|(r, p)| format!("{r}: {p:.4}"))
                .collect();
            Error::Household {
                message: format!(
                    "the household-closed (Type II) system is not productive: the spectral \
                     radius of the closed coefficient matrix is about {} (must be < 1). \
                     Households spend per unit of household income ({}) on the table's \
                     products: {}",
                    crate::report::number::fmt_msg(rho),
                    households.income_rows.join(" + "),
                    props.join(", ")
                ),
                remedy: HouseholdRemedy::SpendLess,
            }
        };
        match check_productive(closed.as_ref(), &all_ids) {
            Ok(()) => {}
            Err(Error::NonProductive { rho, .. }) => return Err(explain(rho, &households)),
            Err(e) => return Err(e),
        }
        let model = match Leontief::new(closed, all_ids) {
            Ok(m) => m,
            Err(Error::Singular(_)) => {
                let est = spectral_radius(households.closed_coefficients(a)?.as_ref(), 1e-9, 2000);
                return Err(explain(est.estimate(), &households));
            }
            Err(e) => return Err(e),
        };
        Ok(ClosedLeontief {
            households,
            model,
            n,
        })
    }

    /// Number of industries N (without households).
    pub fn n(&self) -> usize {
        self.n
    }

    /// The household blocks.
    pub fn households(&self) -> &Households {
        &self.households
    }

    /// The closed model as a Leontief model of size N + R (for `L̄` itself, residuals,
    /// condition estimates).
    pub fn model(&self) -> &Leontief {
        &self.model
    }

    /// Industry output and household income for an industry final demand `f` (N):
    /// `[x; income] = L̄ [f; 0]` (N + R entries).
    pub fn solve(&self, f: &[f64]) -> Result<Solved<Vec<f64>>> {
        let mut full = f.to_vec();
        if f.len() != self.n {
            return Err(Error::shape(
                "demand",
                format!("{} entries", f.len()),
                format!("{} (one per sector)", self.n),
            ));
        }
        full.resize(self.n + self.households.len(), 0.0);
        self.model.solve(&full)
    }

    /// Type II effects of k weight rows (k x N, per unit output of industries;
    /// households weigh zero): `[W, 0] L̄` restricted to the N industry columns.
    pub fn solve_transpose_batch(&self, w: MatRef<'_, f64>) -> Result<Solved<Mat<f64>>> {
        if w.ncols() != self.n {
            return Err(Error::shape(
                "weights",
                format!("{} columns", w.ncols()),
                format!("{} (one per sector)", self.n),
            ));
        }
        let m = self.n + self.households.len();
        let padded = Mat::from_fn(
            w.nrows(),
            m,
            |k, j| if j < self.n { w[(k, j)] } else { 0.0 },
        );
        let r = self.model.solve_transpose_batch(padded.as_ref())?;
        Ok(Solved {
            value: r.value.subcols(0, self.n).to_owned(),
            residual: r.residual,
        })
    }

    /// Total (Type II) output multipliers: column sums of `L̄` over the N industry rows
    /// (docs/methods.md 2.1).
    pub fn total_output_multipliers(&self) -> Result<Solved<Vec<f64>>> {
        let ones = Mat::from_fn(1, self.n, |_, _| 1.0);
        let r = self.solve_transpose_batch(ones.as_ref())?;
        Ok(Solved {
            value: (0..self.n).map(|j| r.value[(0, j)]).collect(),
            residual: r.residual,
        })
    }
}

/// The Miyazawa partitioned form of the closed inverse (Miyazawa 1976; docs/methods.md 2.3),
/// for R households:
///
/// ```text
/// K    = (I_R − H_r L H_c)⁻¹          interrelational income multiplier (R x R)
/// L̄_11 = L + (L H_c) K (H_r L)        L̄_12 = (L H_c) K
/// L̄_21 = K (H_r L)                    L̄_22 = K
/// ```
///
/// Built from the open model's one LU: R solves for `L H_c`, R transposed solves for
/// `H_r L`. With R = 1 this is `k = 1/(1 − h_r' L h_c)`.
#[derive(Debug, Clone)]
pub struct Miyazawa {
    /// `K = (I − H_r L H_c)⁻¹` (R x R).
    pub k: Mat<f64>,
    /// `L H_c` (N x R).
    pub l_hc: Mat<f64>,
    /// `H_r L` (R x N).
    pub hr_l: Mat<f64>,
}

impl Miyazawa {
    /// Compute the partitioned form from the open model and the household blocks.
    pub fn new(open: &Leontief, households: &Households) -> Result<Self> {
        let l_hc = open.solve_batch(households.h_c.as_ref())?.value;
        let hr_l = open.solve_transpose_batch(households.h_r.as_ref())?.value;
        let nr = households.len();
        let n = open.n();
        let m = Mat::from_fn(nr, nr, |r, s| {
            let d = if r == s { 1.0 } else { 0.0 };
            d - (0..n)
                .map(|i| hr_l[(r, i)] * households.h_c[(i, s)])
                .sum::<f64>()
        });
        let lu = PartialPivLu::new(m.as_ref());
        let k = lu.inverse();
        if (0..nr).any(|r| (0..nr).any(|s| !k[(r, s)].is_finite())) {
            return Err(Error::Singular(
                "I − H_r L H_c is singular: households spend all of their income on the \
                 table's products"
                    .into(),
            ));
        }
        Ok(Miyazawa { k, l_hc, hr_l })
    }

    /// The full closed inverse `L̄` ((N+R) x (N+R)) from the open inverse `l` (which the
    /// caller formed; this is for testing and inspection).
    pub fn closed_inverse(&self, l: MatRef<'_, f64>) -> Mat<f64> {
        let n = l.nrows();
        let nr = self.k.nrows();
        let lhk = &self.l_hc * &self.k; // N x R
        let khl = &self.k * &self.hr_l; // R x N
        let induced = &lhk * &self.hr_l; // N x N
        Mat::from_fn(n + nr, n + nr, |i, j| match (i < n, j < n) {
            (true, true) => l[(i, j)] + induced[(i, j)],
            (true, false) => lhk[(i, j - n)],
            (false, true) => khl[(i - n, j)],
            (false, false) => self.k[(i - n, j - n)],
        })
    }

    /// Type II effects of weight rows `w` (k x N) given their open effects `w L`
    /// (k x N): `w L̄_11 = w L + (w L H_c) K (H_r L)`. No closed factorization needed.
    pub fn total_effects(&self, w: MatRef<'_, f64>, open_effects: MatRef<'_, f64>) -> Mat<f64> {
        let wlh = w * &self.l_hc; // k x R
        let add = &wlh * &self.k * &self.hr_l; // k x N
        Mat::from_fn(w.nrows(), w.ncols(), |i, j| {
            open_effects[(i, j)] + add[(i, j)]
        })
    }
}
