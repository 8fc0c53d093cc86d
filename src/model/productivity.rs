//! Productivity (Hawkins-Simon) checks: column sums and a spectral-radius estimate
//! (docs/methods.md 1.5).

use faer::MatRef;

/// Column sums of A.
pub fn column_sums(a: MatRef<'_, f64>) -> Vec<f64> {
    (0..a.ncols())
        .map(|j| (0..a.nrows()).map(|i| a[(i, j)]).sum())
        .collect()
}

/// Bounds on the Perron root of |A| (an upper bound on the spectral radius of A, and
/// equal to it when A >= 0), from power iteration with Collatz-Wielandt bounds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RadiusEstimate {
    /// Lower bound.
    pub lower: f64,
    /// Upper bound.
    pub upper: f64,
    /// Iterations used.
    pub iterations: usize,
}

impl RadiusEstimate {
    /// Midpoint of the bounds.
    pub fn estimate(&self) -> f64 {
        0.5 * (self.lower + self.upper)
    }
}

/// Estimate the spectral radius of |A| by shifted power iteration on `|A| + I`
/// (the shift makes the iteration converge for periodic matrices too).
/// Collatz-Wielandt: for v > 0, min_i (|A|v)_i / v_i <= rho <= max_i (|A|v)_i / v_i.
pub fn spectral_radius(a: MatRef<'_, f64>, tol: f64, max_iter: usize) -> RadiusEstimate {
    let n = a.nrows();
    // |A| once, column-major and contiguous, so the product below is a plain
    // axpy over slices (vectorised) instead of n^2 strided, bounds-checked reads.
    let abs: Vec<f64> = (0..n)
        .flat_map(|j| (0..n).map(move |i| a[(i, j)].abs()))
        .collect();
    let mut v = vec![1.0; n];
    let mut w = vec![0.0; n];
    let mut est = RadiusEstimate {
        lower: 0.0,
        upper: f64::INFINITY,
        iterations: 0,
    };
    for it in 1..=max_iter {
        w.iter_mut().for_each(|x| *x = 0.0);
        for (col, &vj) in abs.chunks_exact(n.max(1)).zip(&v) {
            if vj == 0.0 {
                continue;
            }
            for (wi, &c) in w.iter_mut().zip(col) {
                *wi += c * vj;
            }
        }
        let (mut lo, mut hi) = (f64::INFINITY, 0.0f64);
        for i in 0..n {
            let r = w[i] / v[i];
            lo = lo.min(r);
            hi = hi.max(r);
        }
        est = RadiusEstimate {
            lower: est.lower.max(lo),
            upper: est.upper.min(hi),
            iterations: it,
        };
        if est.upper - est.lower <= tol * est.upper.max(1e-300) {
            break;
        }
        // Shifted step v <- (|A| + I) v, normalised; keep v strictly positive.
        let mut norm = 0.0f64;
        for i in 0..n {
            v[i] += w[i];
            norm = norm.max(v[i]);
        }
        for x in v.iter_mut() {
            *x = (*x / norm).max(1e-300);
        }
    }
    est
}
