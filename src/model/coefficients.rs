//! Technical (input) and allocation (output) coefficients.

use crate::error::{Error, Result};
use faer::{Mat, MatRef};

/// What to do with a sector whose gross output is zero (docs/methods.md 1.6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ZeroOutput {
    /// Option (b): zero coefficients, the sector is an inert pass-through
    /// (its column of L is the unit vector). The default.
    #[default]
    Inert,
    /// Refuse the table with an error naming the sector.
    Reject,
}

/// Technical coefficients `A = Z x̂⁻¹`, `a_ij = z_ij / x_j` (docs/methods.md 1.2; Miller & Blair 2009, eq. 2.4).
///
/// `ids` name the sectors in errors. Negative output is an error; zero output follows
/// `zero`.
///
/// ```
/// use faer::mat;
/// let z = mat![[150.0, 500.0], [200.0, 100.0]];
/// let ids = vec!["s1".to_string(), "s2".to_string()];
/// let a = mrio::model::technical_coefficients(z.as_ref(), &[1000.0, 2000.0], &ids,
///     mrio::model::ZeroOutput::Inert).unwrap();
/// assert_eq!(a[(0, 1)], 0.25);
/// ```
pub fn technical_coefficients(
    z: MatRef<'_, f64>,
    x: &[f64],
    ids: &[String],
    zero: ZeroOutput,
) -> Result<Mat<f64>> {
    check_output(x, ids, zero)?;
    let n = x.len();
    let a = Mat::from_fn(n, n, |i, j| if x[j] > 0.0 { z[(i, j)] / x[j] } else { 0.0 });
    for j in 0..n {
        let id = || ids.get(j).map(|s| s.as_str()).unwrap_or("?");
        if x[j] == 0.0 {
            if let Some(i) = (0..n).find(|&i| z[(i, j)] != 0.0) {
                return Err(Error::Model(format!(
                    "gross output of `{}` is 0 but it buys inputs (Z[{}, {}] = {}): a \
                     sector with inputs must have output; check x (x.csv) and column `{}` \
                     of Z.csv",
                    id(),
                    ids.get(i).map(|s| s.as_str()).unwrap_or("?"),
                    id(),
                    z[(i, j)],
                    id()
                )));
            }
        }
        if let Some(i) = (0..n).find(|&i| !a[(i, j)].is_finite()) {
            return Err(Error::Model(format!(
                "coefficient a[{}, {}] = Z / x = {} / {:e} is not finite: gross output of \
                 `{}` (x.csv) is too small for its inputs",
                ids.get(i).map(|s| s.as_str()).unwrap_or("?"),
                id(),
                z[(i, j)],
                x[j],
                id()
            )));
        }
    }
    Ok(a)
}

/// Allocation (output) coefficients `B = x̂⁻¹ Z`, `b_ij = z_ij / x_i` (docs/methods.md 1.3).
/// Rows of zero-output sectors are zero.
pub fn allocation_coefficients(
    z: MatRef<'_, f64>,
    x: &[f64],
    ids: &[String],
    zero: ZeroOutput,
) -> Result<Mat<f64>> {
    check_output(x, ids, zero)?;
    let n = x.len();
    Ok(Mat::from_fn(n, n, |i, j| {
        if x[i] > 0.0 {
            z[(i, j)] / x[i]
        } else {
            0.0
        }
    }))
}

/// Per-unit-output coefficients of row vectors (`w ⊘ x`), zero where x is zero.
pub fn per_unit_output(values: &[f64], x: &[f64]) -> Vec<f64> {
    values
        .iter()
        .zip(x)
        .map(|(v, x)| if *x > 0.0 { v / x } else { 0.0 })
        .collect()
}

pub(crate) fn check_output(x: &[f64], ids: &[String], zero: ZeroOutput) -> Result<()> {
    for (j, &v) in x.iter().enumerate() {
        let id = ids.get(j).map(|s| s.as_str()).unwrap_or("?");
        if !v.is_finite() {
            return Err(Error::Model(format!(
                "gross output of `{id}` is {v}: expected a finite number"
            )));
        }
        if v < 0.0 {
            return Err(Error::Model(format!(
                "gross output of `{id}` is negative ({v}): expected x >= 0"
            )));
        }
        if v == 0.0 && zero == ZeroOutput::Reject {
            return Err(Error::ZeroOutput { id: id.to_string() });
        }
    }
    Ok(())
}
