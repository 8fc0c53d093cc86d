//! The Ghosh supply-driven model `x' = x'B + v' ⇒ x' = v'G`, `B = x̂⁻¹Z`, `G = (I − B)⁻¹`
//! (docs/methods.md 1.3; Ghosh 1958). Read it as a price / forward-exposure model
//! (Dietzenbacher 1997), not as "supply creates output" (Oosterhaven 1988).

use super::coefficients::{allocation_coefficients, ZeroOutput};
use super::leontief::{vec_as_col, Solved};
use super::solver::Factored;
use crate::error::Result;
use crate::table::IoTable;
use faer::{Mat, MatRef};

/// A factored Ghosh model.
///
/// ```
/// let t = mrio::table::read_table(std::path::Path::new("tables/mb2009_two_sector")).unwrap();
/// let g = mrio::model::Ghosh::from_table(&t, Default::default()).unwrap();
/// // x' = v' G reproduces gross output from value added.
/// let x = g.supply(&t.value_added()).unwrap();
/// assert!((x.value[1] - 2000.0).abs() < 1e-9);
/// ```
#[derive(Debug)]
pub struct Ghosh {
    /// The factorization of `I − B`; it owns `B`.
    lu: Factored,
}

impl Ghosh {
    /// Build from a table: `B = x̂⁻¹ Z`, then factor `I − B`.
    pub fn from_table(table: &IoTable, opts: super::ModelOptions) -> Result<Self> {
        Self::from_flows(
            table.z.as_ref(),
            &table.x,
            table.index.ids(),
            opts.zero_output,
        )
    }

    /// Build from flows and output.
    pub fn from_flows(
        z: MatRef<'_, f64>,
        x: &[f64],
        ids: &[String],
        zero: ZeroOutput,
    ) -> Result<Self> {
        let b = allocation_coefficients(z, x, ids, zero)?;
        // G = x̂⁻¹ L x̂ shares the eigenvalues of L: the same productivity test applies to B.
        super::leontief::check_productive(b.transpose(), ids)?;
        let lu = Factored::identity_minus_owned(b, ids)?;
        Ok(Ghosh { lu })
    }

    /// Allocation coefficients B.
    pub fn b(&self) -> MatRef<'_, f64> {
        self.lu.a().expect("a Ghosh model factors I - B")
    }

    /// Output from primary inputs: `x' = v' G`, one transposed solve.
    pub fn supply(&self, v: &[f64]) -> Result<Solved<Vec<f64>>> {
        let r = self
            .lu
            .solve_transpose(vec_as_col(v, self.lu.n())?.as_ref())?;
        Ok(Solved {
            value: r.value.col_as_slice(0).to_vec(),
            residual: r.residual,
        })
    }

    /// Forward linkages: row sums `G 1`, one solve.
    pub fn row_sums(&self) -> Result<Solved<Vec<f64>>> {
        let n = self.lu.n();
        let r = self.lu.solve(Mat::from_fn(n, 1, |_, _| 1.0).as_ref())?;
        Ok(Solved {
            value: r.value.col_as_slice(0).to_vec(),
            residual: r.residual,
        })
    }

    /// Estimate of the 1-norm condition number of `I − B`.
    pub fn condition_estimate(&self) -> f64 {
        self.lu.condition_estimate()
    }

    /// The Ghosh inverse G, formed explicitly.
    pub fn inverse(&self) -> Result<Solved<Mat<f64>>> {
        self.lu.inverse()
    }
}
