//! The probed residual of a batch of solves (Freivalds' check, 1977): instead of forming
//! `R = F − M X` column by column, which costs `2 n² k` flops, as much as the solves
//! themselves, it forms `R w = F w − M (X w)` for two vectors `w` of random signs, each
//! entry divided by its column's `‖f_j‖∞` (1 when `f_j = 0`), at `O(n² + n k)` per
//! probe.
//!
//! `‖R w‖∞` is at most the sum of the columns' relative residuals and, for every row,
//! at least the largest term of that row with probability 1/2 per probe (a sum of terms
//! of random signs is at least as large as its largest term in half the sign choices),
//! so a column solved badly shows in the estimate; rounding-level residuals of many
//! columns add up (`‖R w‖∞` grows like `√k` times a typical one), which errs on the
//! cautious side. Used for `n ≥ 4,096` with more than 64 right-hand sides: at
//! n = 19,680 with 659 right-hand sides the exact check took about 5 s of a 78 s run.

use super::solver::Factored;
use faer::{Accum, Mat, MatRef};

/// Smallest n for which the probed residual replaces the exact one.
pub const PROBE_MIN_N: usize = 4096;
/// Right-hand sides above which it does.
pub const PROBE_MIN_COLS: usize = 64;

/// True when `k` right-hand sides of an `n` x `n` system get the probed residual.
pub fn probe_pays(n: usize, k: usize) -> bool {
    n >= PROBE_MIN_N && k > PROBE_MIN_COLS
}

/// The sign of entry `j` of probe `p`: a fixed hash (SplitMix64), so results repeat.
fn sign(p: u64, j: u64) -> f64 {
    let mut z = (p << 32 ^ j).wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    if z & 1 == 0 {
        1.0
    } else {
        -1.0
    }
}

impl Factored {
    /// Estimate of the largest relative column residual `‖M x_j − f_j‖∞ / ‖f_j‖∞` of
    /// `M X = F` (or `M' X = F`) from two sign probes (module docs).
    pub fn residual_probed(&self, transpose: bool, x: MatRef<'_, f64>, f: MatRef<'_, f64>) -> f64 {
        let (n, k) = (x.nrows(), x.ncols());
        let par = super::solver::par_for(n);
        let scale: Vec<f64> = (0..k)
            .map(|j| {
                let m = (0..n).map(|i| f[(i, j)].abs()).fold(0.0, f64::max);
                if m > 0.0 {
                    1.0 / m
                } else {
                    1.0
                }
            })
            .collect();
        let mut worst = 0.0f64;
        for p in 0..2u64 {
            let w = Mat::<f64>::from_fn(k, 1, |j, _| sign(p, j as u64) * scale[j]);
            let mut xw = Mat::<f64>::zeros(n, 1);
            faer::linalg::matmul::matmul(xw.as_mut(), Accum::Replace, x, w.as_ref(), 1.0, par);
            let mut r = Mat::<f64>::zeros(n, 1);
            faer::linalg::matmul::matmul(r.as_mut(), Accum::Replace, f, w.as_ref(), 1.0, par);
            self.residual_block(transpose, xw.as_ref(), r.as_mut());
            let rn = (0..n).map(|i| r[(i, 0)].abs()).fold(0.0, f64::max);
            worst = worst.max(rn);
        }
        worst
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A productive 200 x 200 system with 80 right-hand sides, solved exactly.
    fn system() -> (Factored, Mat<f64>, Mat<f64>) {
        let n = 200;
        let a = Mat::<f64>::from_fn(n, n, |i, j| {
            0.4 / n as f64 * (1.0 + ((i * 7 + j * 13) % 11) as f64 / 10.0)
        });
        let ids: Vec<String> = (0..n).map(|i| format!("s{i}")).collect();
        let lu = Factored::identity_minus(a.as_ref(), &ids).unwrap();
        let f = Mat::<f64>::from_fn(n, 80, |i, j| 1.0 + ((i + 3 * j) % 17) as f64);
        let mut x = f.clone();
        lu.solve_in_place(x.as_mut()).unwrap();
        (lu, f, x)
    }

    #[test]
    fn an_exact_solve_probes_at_rounding_level() {
        let (lu, f, x) = system();
        let exact = lu.residual_exact_for_tests(x.as_ref(), f.as_ref());
        let probed = lu.residual_probed(false, x.as_ref(), f.as_ref());
        assert!(exact < 1e-14, "{exact}");
        // At most the sum of the 80 columns' residuals.
        assert!(probed < 80.0 * 1e-14, "{probed}");
    }

    #[test]
    fn one_bad_column_shows_whole() {
        let (lu, f, mut x) = system();
        // Column 37 off by a relative 1e-6 in one entry: its residual is about 1e-6
        // relative to ‖f_37‖∞, and every other column is at rounding level.
        x[(5, 37)] *= 1.0 + 1e-6;
        let exact = lu.residual_exact_for_tests(x.as_ref(), f.as_ref());
        let probed = lu.residual_probed(false, x.as_ref(), f.as_ref());
        assert!(exact > 1e-8, "{exact}");
        assert!(
            (probed / exact - 1.0).abs() < 1e-3,
            "probed {probed} vs exact {exact}"
        );
    }

    #[test]
    fn transposed_systems_are_probed_too() {
        let (lu, f, _) = system();
        let mut x = f.clone();
        lu.solve_transpose_in_place(x.as_mut()).unwrap();
        assert!(lu.residual_probed(true, x.as_ref(), f.as_ref()) < 1e-12);
        // A wrong solve (the untransposed one) is caught.
        let mut y = f.clone();
        lu.solve_in_place(y.as_mut()).unwrap();
        assert!(lu.residual_probed(true, y.as_ref(), f.as_ref()) > 1e-6);
    }

    #[test]
    fn the_probe_is_used_only_where_it_pays() {
        assert!(!probe_pays(4095, 1000));
        assert!(!probe_pays(20_000, 64));
        assert!(probe_pays(9800, 395));
    }
}
