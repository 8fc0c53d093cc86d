//! The Miyazawa partitioned form of the closed inverse, from the open model's LU.

use super::Households;
use crate::error::{Error, Result};
use crate::model::leontief::Leontief;
use faer::linalg::solvers::{DenseSolveCore, PartialPivLu};
use faer::{Mat, MatRef};

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
