//! The power-series (Jacobi) solver: `x_{k+1} = f + A x_k`, `x_0 = f`, so that
//! `x_k = (I + A + … + A^k) f → L f` when the spectral radius of A is below 1
//! (Miller & Blair 2009, section 2.4 "the power series approximation").
//!
//! No factorization: each iteration is one product with A (2 n² flops per vector), so
//! for one-off shocks on large tables it beats an LU (2/3 n³) by far when A's spectral
//! radius is small. Convergence is geometric with ratio ρ(A): about 28 iterations for
//! ρ ≈ 0.45 but hundreds when column sums approach 0.9 (docs/design.md). Every result
//! reports its iterations and the true residual `‖(I − A) x − f‖∞ / ‖f‖∞`; failing to
//! reach the tolerance is an error saying how far it got.

use super::solver::par_for;
use crate::error::{Error, Result};
use faer::{Accum, Mat, MatRef};

/// Options of the power series.
#[derive(Debug, Clone, Copy)]
pub struct PowerOptions {
    /// Stop when the relative residual `‖(I − A) x − f‖∞ / ‖f‖∞` is at most this.
    pub tol: f64,
    /// Give up after this many iterations.
    pub max_iter: usize,
}

impl Default for PowerOptions {
    fn default() -> Self {
        PowerOptions {
            tol: 1e-12,
            max_iter: 1000,
        }
    }
}

/// Result of a power-series solve.
#[derive(Debug, Clone)]
pub struct PowerSolved {
    /// The solution `x ≈ L F` (one column per demand vector).
    pub value: Mat<f64>,
    /// Iterations made (products with A).
    pub iterations: usize,
    /// Relative residual of the returned solution (max over columns).
    pub residual: f64,
}

/// Solve `(I − A) X = F` by the power series. Fails with [`Error::Model`] naming the
/// iterations and the residual reached when `opts.tol` is not met within
/// `opts.max_iter`, or when the iteration diverges (A not productive).
pub fn power_series(
    a: MatRef<'_, f64>,
    f: MatRef<'_, f64>,
    opts: PowerOptions,
) -> Result<PowerSolved> {
    let n = a.nrows();
    if a.ncols() != n || f.nrows() != n {
        return Err(Error::shape(
            "A and F",
            format!("{} x {} and {} rows", a.nrows(), a.ncols(), f.nrows()),
            "a square A and one row of F per sector",
        ));
    }
    if opts.tol.is_nan() || opts.tol <= 0.0 || opts.max_iter == 0 {
        return Err(Error::bad_value(
            "power series: tolerance and max iterations",
            format!("{} and {}", opts.tol, opts.max_iter),
            "a tolerance > 0 and max iterations >= 1",
        ));
    }
    let k = f.ncols();
    for j in 0..k {
        for i in 0..n {
            if !f[(i, j)].is_finite() {
                return Err(Error::bad_value(
                    format!("right-hand side entry ({}, {})", i + 1, j + 1),
                    f[(i, j)],
                    "a finite number",
                ));
            }
        }
    }
    let par = par_for(n);
    let fnorm: Vec<f64> = (0..k)
        .map(|j| (0..n).map(|i| f[(i, j)].abs()).fold(0.0, f64::max))
        .collect();
    let mut x = f.to_owned();
    // ax = A x; the residual of x is f − (x − A x) = (f + A x) − x = x_next − x.
    let mut next = Mat::<f64>::zeros(n, k);
    let mut residual = f64::INFINITY;
    let mut first = f64::NAN;
    for it in 1..=opts.max_iter {
        next.copy_from(f);
        faer::linalg::matmul::matmul(next.as_mut(), Accum::Add, a, x.as_ref(), 1.0, par);
        residual = (0..k)
            .map(|j| {
                let r = (0..n)
                    .map(|i| (next[(i, j)] - x[(i, j)]).abs())
                    .fold(0.0, f64::max);
                if fnorm[j] > 0.0 {
                    r / fnorm[j]
                } else {
                    r
                }
            })
            .fold(0.0, f64::max);
        if it == 1 {
            first = residual;
        }
        if !residual.is_finite() || (it > 50 && residual > first * 1e3) {
            return Err(Error::Model(format!(
                "power series diverges (relative residual {residual:.2e} after {it} \
                 iterations): the spectral radius of A is >= 1; use the LU solver and check \
                 the table's diagnostics"
            )));
        }
        // x (iteration it-1) has residual `residual`; x_next is better still, but its
        // residual is only known after the next product: report x and stop.
        if residual <= opts.tol {
            return Ok(PowerSolved {
                value: x,
                iterations: it,
                residual,
            });
        }
        std::mem::swap(&mut x, &mut next);
    }
    Err(Error::NoConvergence {
        method: "power series".into(),
        residual,
        iterations: opts.max_iter,
        tolerance: opts.tol,
        remedy: "raise the iteration limit, loosen the tolerance, or use the LU solver (the \
                 spectral radius of A is close to 1)"
            .into(),
    })
}
