//! Regionalization of a parent (national or provincial) table with location quotients
//! (docs/methods.md 6.1): SLQ, CILQ, FLQ and AFLQ.
//!
//! With `E` a size measure by sector (output, value added or employment), superscript
//! `r` the region and `n` the parent:
//!
//! * `SLQ_i = (E^r_i / E^r) / (E^n_i / E^n)`;
//! * `CILQ_ij = SLQ_i / SLQ_j` (seller i, buyer j), diagonal `SLQ_i`;
//! * `FLQ_ij = CILQ_ij · λ*`, `FLQ_ii = SLQ_i · λ*`, `λ* = [log₂(1 + E^r/E^n)]^δ`
//!   (Flegg, Webber & Elliott 1995; Flegg & Webber 1997, δ ≈ 0.3);
//! * `AFLQ_ij = FLQ_ij · log₂(1 + SLQ_j)` when `SLQ_j > 1`, else `FLQ_ij`
//!   (Flegg & Webber 2000).
//!
//! Regional (intraregional) coefficients `a^r_ij = a^n_ij · min(1, Q_ij)`: never scaled
//! upwards, so they never exceed the parent's; the shortfall is bought from other
//! regions or abroad.
//!
//! Conventions for empty sectors: a sector with `E^n_i = 0` has `SLQ_i = 0`; a buying
//! sector with `SLQ_j = 0` has no output in the region, and its column uses `SLQ_i`
//! (the column is multiplied by zero output anyway).

use crate::error::{Error, Result};
use faer::{Mat, MatRef};

/// Location-quotient method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LqMethod {
    /// Simple location quotient.
    Slq,
    /// Cross-industry location quotient.
    Cilq,
    /// Flegg's location quotient (δ).
    Flq,
    /// Augmented FLQ (specialization of the buying sector).
    Aflq,
}

impl LqMethod {
    /// Name used in recipes.
    pub fn name(self) -> &'static str {
        match self {
            LqMethod::Slq => "slq",
            LqMethod::Cilq => "cilq",
            LqMethod::Flq => "flq",
            LqMethod::Aflq => "aflq",
        }
    }
}

fn check_sizes(er: &[f64], en: &[f64]) -> Result<()> {
    if er.len() != en.len() {
        return Err(Error::shape(
            "regional sizes",
            format!("{} sectors", er.len()),
            format!("{} (as many as the parent sizes)", en.len()),
        ));
    }
    for (k, (&r, &n)) in er.iter().zip(en).enumerate() {
        if !(r.is_finite() && n.is_finite()) || r < 0.0 || n < 0.0 {
            return Err(Error::bad_value(
                format!("size of sector {}", k + 1),
                format!("{r} (region) / {n} (parent)"),
                "finite values >= 0",
            ));
        }
    }
    let (tr, tn) = (er.iter().sum::<f64>(), en.iter().sum::<f64>());
    if tr <= 0.0 || tn <= 0.0 {
        return Err(Error::Model(
            "the regional and parent size totals must be positive".into(),
        ));
    }
    Ok(())
}

/// Simple location quotients `SLQ_i = (E^r_i/E^r) / (E^n_i/E^n)`.
///
/// ```
/// let q = mrio::build::regionalize::slq(&[50.0, 20.0, 30.0], &[1000.0, 800.0, 1200.0]).unwrap();
/// assert!((q[0] - 1.5).abs() < 1e-12); // (50/100) / (1000/3000)
/// ```
pub fn slq(er: &[f64], en: &[f64]) -> Result<Vec<f64>> {
    check_sizes(er, en)?;
    let (tr, tn) = (er.iter().sum::<f64>(), en.iter().sum::<f64>());
    Ok(er
        .iter()
        .zip(en)
        .map(|(&r, &n)| if n > 0.0 { (r / tr) / (n / tn) } else { 0.0 })
        .collect())
}

/// Flegg's regional-size factor `λ* = [log₂(1 + E^r/E^n)]^δ`, `0 ≤ δ < 1`.
pub fn lambda_star(er_total: f64, en_total: f64, delta: f64) -> Result<f64> {
    if !(0.0..1.0).contains(&delta) {
        return Err(Error::bad_value(
            "FLQ delta",
            delta,
            "0 <= delta < 1 (Flegg & Webber 1997 suggest 0.3)",
        ));
    }
    if !(er_total > 0.0 && en_total > 0.0) {
        return Err(Error::Model(
            "regional and parent sizes must be positive".into(),
        ));
    }
    Ok((1.0 + er_total / en_total).log2().powf(delta))
}

/// The quotient matrix `Q` (seller i × buyer j) of `method`. `delta` is used by FLQ
/// and AFLQ only.
pub fn quotients(method: LqMethod, er: &[f64], en: &[f64], delta: f64) -> Result<Mat<f64>> {
    let s = slq(er, en)?;
    let n = s.len();
    let cilq = |i: usize, j: usize| {
        if i == j || s[j] == 0.0 {
            s[i]
        } else {
            s[i] / s[j]
        }
    };
    Ok(match method {
        LqMethod::Slq => Mat::from_fn(n, n, |i, _| s[i]),
        LqMethod::Cilq => Mat::from_fn(n, n, cilq),
        LqMethod::Flq | LqMethod::Aflq => {
            let lam = lambda_star(er.iter().sum(), en.iter().sum(), delta)?;
            Mat::from_fn(n, n, |i, j| {
                let f = cilq(i, j) * lam;
                if method == LqMethod::Aflq && s[j] > 1.0 {
                    f * (1.0 + s[j]).log2()
                } else {
                    f
                }
            })
        }
    })
}

/// Regional coefficients `a^r_ij = a^n_ij · min(1, Q_ij)` (never scaled upwards).
pub fn regional_coefficients(a_parent: MatRef<'_, f64>, q: MatRef<'_, f64>) -> Mat<f64> {
    Mat::from_fn(a_parent.nrows(), a_parent.ncols(), |i, j| {
        a_parent[(i, j)] * q[(i, j)].min(1.0)
    })
}

/// Regional purchase coefficient of final users for each good: `min(1, Q_ii)` (the
/// diagonal quotient: `SLQ_i`, or `SLQ_i · λ*` for FLQ/AFLQ; AFLQ's own-sector term
/// is not applied to final users).
pub fn final_demand_rpc(method: LqMethod, er: &[f64], en: &[f64], delta: f64) -> Result<Vec<f64>> {
    let m = match method {
        LqMethod::Aflq => LqMethod::Flq,
        other => other,
    };
    let q = quotients(m, er, en, delta)?;
    Ok((0..er.len()).map(|i| q[(i, i)].min(1.0)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lambda_star_matches_methods_example() {
        // docs/methods.md 6.1 / check_formulas.py: E^r = (50,20,30), E^n = (1000,800,1200), δ = 0.3.
        let lam = lambda_star(100.0, 3000.0, 0.3).unwrap();
        let want = (1.0f64 + 100.0 / 3000.0).log2().powf(0.3);
        assert_eq!(lam, want);
        assert!(lam < 1.0);
        assert!(lambda_star(1.0, 2.0, 1.0).is_err());
    }
}
