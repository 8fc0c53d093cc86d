//! The one LU factorization of a square system, kept and reused for every solve.

use crate::error::{Error, Result};
use faer::linalg::solvers::{DenseSolveCore, PartialPivLu, Solve};
use faer::{Accum, Mat, MatRef, Par};

/// An LU factorization (partial pivoting) of `M = I − A` (or `I − B`), with `M` kept
/// for residuals.
#[derive(Debug)]
pub struct Factored {
    m: Mat<f64>,
    lu: PartialPivLu<f64>,
}

/// Parallelism for an n x n system: sequential for small systems (two threads are
/// slower than one for n <= 1000 on the reference machine, DESIGN.md), else global.
pub fn par_for(n: usize) -> Par {
    if n <= 1000 {
        Par::Seq
    } else {
        faer::get_global_parallelism()
    }
}

/// Refuse a solution that overflowed: printing `inf` or `-` would hide the failure.
fn check_finite(x: MatRef<'_, f64>) -> Result<()> {
    for j in 0..x.ncols() {
        for i in 0..x.nrows() {
            if !x[(i, j)].is_finite() {
                return Err(Error::Model(format!(
                    "the solution overflowed (entry {} is {}): the system is numerically \
                     singular for this right-hand side, or the values are too large for \
                     64-bit floating point",
                    i + 1,
                    x[(i, j)]
                )));
            }
        }
    }
    Ok(())
}

impl Factored {
    /// Factor `I − A`. Fails with [`Error::Singular`] naming the sector whose pivot vanishes.
    pub fn identity_minus(a: MatRef<'_, f64>, ids: &[String]) -> Result<Self> {
        let n = a.nrows();
        let m = Mat::from_fn(
            n,
            n,
            |i, j| if i == j { 1.0 - a[(i, j)] } else { -a[(i, j)] },
        );
        Self::new(m, ids)
    }

    /// Factor a square matrix `m`.
    pub fn new(m: Mat<f64>, ids: &[String]) -> Result<Self> {
        let n = m.nrows();
        let lu = PartialPivLu::new(m.as_ref());
        let u = lu.U();
        let umax = (0..n).map(|i| u[(i, i)].abs()).fold(0.0, f64::max);
        let tol = (n as f64) * f64::EPSILON * umax.max(1.0);
        for i in 0..n {
            let d = u[(i, i)];
            if !d.is_finite() || d.abs() <= tol {
                let id = ids.get(i).map(|s| s.as_str()).unwrap_or("?");
                return Err(Error::Singular(format!(
                    "pivot {} (column `{id}`) is {d:e}: the columns of I - A are linearly \
                     dependent (a closed loop of sectors buying only from each other, or \
                     a column of A summing to 1)",
                    i + 1
                )));
            }
        }
        Ok(Factored { m, lu })
    }

    /// Size n.
    pub fn n(&self) -> usize {
        self.m.nrows()
    }

    /// The factored matrix `M`.
    pub fn matrix(&self) -> MatRef<'_, f64> {
        self.m.as_ref()
    }

    /// Solve `M X = F` for every column of `f`.
    pub fn solve(&self, f: MatRef<'_, f64>) -> Result<super::Solved<Mat<f64>>> {
        self.check_rhs(f)?;
        let mut x = f.to_owned();
        self.lu.solve_in_place(x.as_mut());
        check_finite(x.as_ref())?;
        let residual = self.residual(self.m.as_ref(), x.as_ref(), f);
        Ok(super::Solved { value: x, residual })
    }

    /// Solve `M' X = F` for every column of `f`.
    pub fn solve_transpose(&self, f: MatRef<'_, f64>) -> Result<super::Solved<Mat<f64>>> {
        self.check_rhs(f)?;
        let mut x = f.to_owned();
        self.lu.solve_transpose_in_place(x.as_mut());
        check_finite(x.as_ref())?;
        let residual = self.residual(self.m.transpose(), x.as_ref(), f);
        Ok(super::Solved { value: x, residual })
    }

    /// `M⁻¹`, formed explicitly.
    pub fn inverse(&self) -> Result<super::Solved<Mat<f64>>> {
        let n = self.n();
        let inv = self.lu.inverse();
        check_finite(inv.as_ref())?;
        let eye = Mat::<f64>::identity(n, n);
        let residual = self.residual(self.m.as_ref(), inv.as_ref(), eye.as_ref());
        Ok(super::Solved {
            value: inv,
            residual,
        })
    }

    fn check_rhs(&self, f: MatRef<'_, f64>) -> Result<()> {
        if f.nrows() != self.n() {
            return Err(Error::Invalid(format!(
                "right-hand side has {} rows, expected {}",
                f.nrows(),
                self.n()
            )));
        }
        for j in 0..f.ncols() {
            for i in 0..f.nrows() {
                if !f[(i, j)].is_finite() {
                    return Err(Error::Invalid(format!(
                        "right-hand side entry ({}, {}) is {}: expected a finite number",
                        i + 1,
                        j + 1,
                        f[(i, j)]
                    )));
                }
            }
        }
        Ok(())
    }

    /// Max over columns of `‖M x − f‖∞ / ‖f‖∞` (absolute when f = 0).
    fn residual(&self, m: MatRef<'_, f64>, x: MatRef<'_, f64>, f: MatRef<'_, f64>) -> f64 {
        let n = self.n();
        let mut r = f.to_owned();
        faer::linalg::matmul::matmul(r.as_mut(), Accum::Add, m, x, -1.0, par_for(n));
        let mut worst = 0.0f64;
        for j in 0..f.ncols() {
            let rn = (0..n).map(|i| r[(i, j)].abs()).fold(0.0, f64::max);
            let fnorm = (0..n).map(|i| f[(i, j)].abs()).fold(0.0, f64::max);
            let rel = if fnorm > 0.0 { rn / fnorm } else { rn };
            worst = worst.max(rel);
        }
        worst
    }

    /// Hager-Higham estimate of the 1-norm condition number `‖M‖₁ ‖M⁻¹‖₁`.
    pub fn condition_estimate(&self) -> f64 {
        let n = self.n();
        let m = self.m.as_ref();
        let norm_m = (0..n)
            .map(|j| (0..n).map(|i| m[(i, j)].abs()).sum::<f64>())
            .fold(0.0, f64::max);
        let mut x = Mat::<f64>::from_fn(n, 1, |_, _| 1.0 / n as f64);
        let mut est = 0.0;
        for _ in 0..5 {
            let mut y = x.clone();
            self.lu.solve_in_place(y.as_mut());
            let ynorm: f64 = (0..n).map(|i| y[(i, 0)].abs()).sum();
            est = f64::max(est, ynorm);
            let mut z = Mat::<f64>::from_fn(n, 1, |i, _| if y[(i, 0)] >= 0.0 { 1.0 } else { -1.0 });
            self.lu.solve_transpose_in_place(z.as_mut());
            let (jmax, zmax) = (0..n)
                .map(|i| (i, z[(i, 0)].abs()))
                .fold((0, -1.0), |a, b| if b.1 > a.1 { b } else { a });
            let ztx: f64 = (0..n).map(|i| z[(i, 0)] * x[(i, 0)]).sum();
            if zmax <= ztx {
                break;
            }
            x = Mat::from_fn(n, 1, |i, _| if i == jmax { 1.0 } else { 0.0 });
        }
        norm_m * est
    }
}
