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

mod detect;
mod households;
mod miyazawa;

pub use detect::{detect_consumption_columns, detect_income_rows, overspending_warnings};
pub use households::Households;
pub use miyazawa::Miyazawa;

use super::leontief::{check_productive, Leontief, ModelOptions, Solved};
use super::productivity::spectral_radius;
use crate::error::{Error, HouseholdRemedy, Result};
use crate::table::IoTable;
use faer::{Mat, MatRef};

/// Which primary-input rows are household income and which final-demand columns are
/// household consumption.
#[derive(Debug, Clone, PartialEq)]
pub struct HouseholdSpec {
    /// Labels of `VA.csv` rows summed into household income (e.g. `D1`,
    /// `compensation_of_employees`). Empty: the table's labour-income rows.
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
