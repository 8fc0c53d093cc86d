//! The Leontief demand-driven model `x = A x + f ⇒ x = L f`, `L = (I − A)⁻¹`
//! (docs/methods.md 1.2; Leontief 1936; Miller & Blair 2009, ch. 2).
//!
//! `I − A` is factored once (LU with partial pivoting, faer); every demand vector or
//! batch is a pair of triangular solves. `L` is formed only by [`Leontief::inverse`].

use super::coefficients::{technical_coefficients, ZeroOutput};
use super::productivity::spectral_radius;
use super::solver::Factored;
use crate::error::{Error, Result};
use crate::table::IoTable;
use faer::{Mat, MatRef};

/// Options for building the model from a table.
#[derive(Debug, Clone, Copy, Default)]
pub struct ModelOptions {
    /// Treatment of zero-output sectors.
    pub zero_output: ZeroOutput,
}

/// Result of a solve with its relative residual `‖(I−A)x − f‖∞ / ‖f‖∞`.
#[derive(Debug, Clone)]
pub struct Solved<T> {
    /// The solution.
    pub value: T,
    /// Relative residual (max over columns for a batch).
    pub residual: f64,
}

/// A factored Leontief model.
///
/// ```
/// let t = mrio::table::read_table(std::path::Path::new("tables/mb2009_two_sector")).unwrap();
/// let m = mrio::model::Leontief::from_table(&t, Default::default()).unwrap();
/// let x = m.solve(&[600.0, 1500.0]).unwrap();
/// assert!((x.value[0] - 1247.524752).abs() < 1e-6);
/// assert!(x.residual < 1e-14);
/// ```
#[derive(Debug)]
pub struct Leontief {
    /// The factorization of `I − A`; it owns `A` (one copy of A, one LU buffer).
    lu: Factored,
    ids: Vec<String>,
}

impl Leontief {
    /// Build from a table: `A = Z x̂⁻¹` then factor `I − A`.
    pub fn from_table(table: &IoTable, opts: ModelOptions) -> Result<Self> {
        let a = technical_coefficients(
            table.z.as_ref(),
            &table.x,
            table.index.ids(),
            opts.zero_output,
        )?;
        Self::new(a, table.index.ids().to_vec())
    }

    /// Build from a coefficient matrix; `ids` name sectors in errors.
    /// Checks finiteness and productivity, then factors `I − A`.
    pub fn new(a: Mat<f64>, ids: Vec<String>) -> Result<Self> {
        let n = a.nrows();
        if a.ncols() != n || ids.len() != n {
            return Err(Error::shape(
                "A",
                format!("{} x {} with {} ids", a.nrows(), a.ncols(), ids.len()),
                "a square matrix with one id per row",
            ));
        }
        check_productive(a.as_ref(), &ids)?;
        let lu = Factored::identity_minus_owned(a, &ids)?;
        Ok(Leontief { lu, ids })
    }

    /// Build from a table's `Z` (moved in) and `x` without keeping `A`: the lean model
    /// of `mrio calc` at global-MRIO size (Z plus one n x n buffer, 2 n² numbers; see
    /// [`Factored::identity_minus_scaled`]). [`Leontief::a`] is not available on it, so
    /// it is built only inside the crate, by callers that never ask for A.
    pub(crate) fn from_z_lean(
        z: super::zstore::ZStore,
        x: &[f64],
        ids: &[String],
        zero: super::ZeroOutput,
    ) -> Result<Self> {
        super::coefficients::check_output(x, ids, zero)?;
        let lu = Factored::identity_minus_scaled(z, x, ids)?;
        Ok(Leontief {
            lu,
            ids: ids.to_vec(),
        })
    }

    /// Number of sectors N.
    pub fn n(&self) -> usize {
        self.lu.n()
    }

    /// Sector ids.
    pub fn ids(&self) -> &[String] {
        &self.ids
    }

    /// Technical coefficients A.
    pub fn a(&self) -> MatRef<'_, f64> {
        self.lu
            .a()
            .expect("a Leontief model keeps A (the lean calc model is never asked for it)")
    }

    /// The factorization of `I − A`.
    pub fn factored(&self) -> &Factored {
        &self.lu
    }

    /// Output for one demand vector: `x = L f`.
    pub fn solve(&self, f: &[f64]) -> Result<Solved<Vec<f64>>> {
        let m = self.solve_batch(vec_as_col(f, self.n())?.as_ref())?;
        Ok(Solved {
            value: m.value.col_as_slice(0).to_vec(),
            residual: m.residual,
        })
    }

    /// Output for a batch of demand vectors (columns of `f`): `X = L F`, one pass.
    pub fn solve_batch(&self, f: MatRef<'_, f64>) -> Result<Solved<Mat<f64>>> {
        self.lu.solve(f)
    }

    /// Row vector `w' L` (e.g. multipliers), by one solve with the transposed factor.
    pub fn solve_transpose(&self, w: &[f64]) -> Result<Solved<Vec<f64>>> {
        let m = self.lu.solve_transpose(vec_as_col(w, self.n())?.as_ref())?;
        Ok(Solved {
            value: m.value.col_as_slice(0).to_vec(),
            residual: m.residual,
        })
    }

    /// `W L` for k row vectors (rows of `w`, k x N), by transposed solves.
    pub fn solve_transpose_batch(&self, w: MatRef<'_, f64>) -> Result<Solved<Mat<f64>>> {
        let r = self.lu.solve_transpose(w.transpose())?;
        Ok(Solved {
            value: r.value.transpose().to_owned(),
            residual: r.residual,
        })
    }

    /// Simple output multipliers `m_o' = 1' L` (docs/methods.md 2.1), one transposed solve.
    pub fn output_multipliers(&self) -> Result<Solved<Vec<f64>>> {
        self.solve_transpose(&vec![1.0; self.n()])
    }

    /// The Leontief inverse `L = (I − A)⁻¹`, formed explicitly (only when asked).
    pub fn inverse(&self) -> Result<Solved<Mat<f64>>> {
        self.lu.inverse()
    }

    /// Estimate of the 1-norm condition number of `I − A`.
    pub fn condition_estimate(&self) -> f64 {
        self.lu.condition_estimate()
    }
}

/// Copy a slice into a one-column matrix, checking its length.
pub(crate) fn vec_as_col(v: &[f64], n: usize) -> Result<Mat<f64>> {
    if v.len() != n {
        return Err(Error::shape(
            "vector",
            format!("{} entries", v.len()),
            format!("{n} (one per sector)"),
        ));
    }
    if let Some(i) = v.iter().position(|x| !x.is_finite()) {
        return Err(Error::bad_value(
            format!("entry {} of the vector", i + 1),
            v[i],
            "a finite number",
        ));
    }
    Ok(Mat::from_fn(n, 1, |i, _| v[i]))
}

/// Refuse a non-productive coefficient matrix (docs/methods.md 1.5): cheap column-sum test
/// first, the spectral radius of |A| when a column sum reaches 1 or A has negative cells.
pub fn check_productive(a: MatRef<'_, f64>, ids: &[String]) -> Result<()> {
    let n = a.nrows();
    let scan = scan_columns(a);
    if let Some((i, j)) = scan
        .iter()
        .enumerate()
        .find_map(|(j, c)| c.bad.map(|i| (i, j)))
    {
        let v = a[(i, j)];
        return Err(Error::Model(format!(
            "coefficient a[{}, {}] is {v}: expected a finite number",
            ids[i], ids[j]
        )));
    }
    let sums: Vec<f64> = scan.iter().map(|c| c.sum).collect();
    let negative = scan.iter().any(|c| c.negative);
    if !negative && sums.iter().all(|&s| s < 1.0) {
        return Ok(());
    }
    let est = spectral_radius(a, 1e-9, 2000);
    if est.upper < 1.0 {
        return Ok(());
    }
    if !negative && est.lower >= 1.0 - 1e-12 {
        return Err(non_productive(est.estimate(), &sums, ids));
    }
    if !negative {
        // The bounds did not meet (A reducible: e.g. a closed loop of sectors next to
        // others). Decide exactly: for A >= 0, rho(A) < 1 if and only if (I - A) x = 1
        // has a solution x >= 0 (I - A is then a nonsingular M-matrix; Berman &
        // Plemmons 1994, Nonnegative Matrices in the Mathematical Sciences, ch. 6,
        // Thm 2.3), and then x = 1 + A x >= 1. A singular I - A means rho(A) >= 1 too.
        let productive = match Factored::identity_minus(a, ids) {
            Ok(lu) => match lu.solve(Mat::from_fn(n, 1, |_, _| 1.0).as_ref()) {
                Ok(x) => (0..n).all(|i| x.value[(i, 0)] > 0.0),
                Err(_) => false,
            },
            Err(_) => false,
        };
        if !productive {
            return Err(non_productive(est.upper.max(1.0), &sums, ids));
        }
    }
    // Negative cells: |A| bounds rho(A) from above only; the LU and its residual decide.
    Ok(())
}

/// What one pass over a column of A finds: its first non-finite row, its sum and
/// whether it has a negative cell.
struct ColumnScan {
    bad: Option<usize>,
    sum: f64,
    negative: bool,
}

/// One pass over A, columns in parallel for large n (at n = 19,680 A is 3.1 GB: three
/// sequential passes cost seconds). The sums add in row order, as `productivity::column_sums` does.
fn scan_columns(a: MatRef<'_, f64>) -> Vec<ColumnScan> {
    use rayon::prelude::*;
    let scan = |j: usize| {
        let col = a.col(j);
        let mut c = ColumnScan {
            bad: None,
            sum: 0.0,
            negative: false,
        };
        for i in 0..a.nrows() {
            let v = col[i];
            if !v.is_finite() && c.bad.is_none() {
                c.bad = Some(i);
            }
            c.negative |= v < 0.0;
            c.sum += v;
        }
        c
    };
    if a.nrows() > 1000 {
        (0..a.ncols()).into_par_iter().map(scan).collect()
    } else {
        (0..a.ncols()).map(scan).collect()
    }
}

fn non_productive(rho: f64, sums: &[f64], ids: &[String]) -> Error {
    let n = sums.len();
    let mut idx: Vec<usize> = (0..n).filter(|&j| sums[j] >= 1.0).collect();
    idx.sort_by(|&p, &q| sums[q].total_cmp(&sums[p]));
    let worst: Vec<String> = idx
        .iter()
        .take(5)
        .map(|&j| format!("`{}` ({:.4})", ids[j], sums[j]))
        .collect();
    let detail = if worst.is_empty() {
        String::new()
    } else {
        format!(
            "; column sums of A >= 1 (inputs exceed output) in {}",
            worst.join(", ")
        )
    };
    Error::NonProductive { rho, detail }
}
