//! Numerical honesty: when a result's digits cannot be trusted, say so.
//!
//! For a backward-stable LU solve the relative error of x is bounded by about
//! `κ(I − A) · max(ε, r)`, with κ the condition number and r the relative residual
//! `‖(I−A)x − f‖ / ‖f‖` (Higham 2002, *Accuracy and Stability of Numerical
//! Algorithms*, 2nd ed., §7.1-7.2). mrio prints six decimals (and CSV files carry full
//! precision), so results whose bound exceeds `1e-6` get a warning, as does any
//! residual above [`RESIDUAL_LIMIT`].

/// Relative residual above which a solve is reported as inaccurate.
pub const RESIDUAL_LIMIT: f64 = 1e-8;

/// Relative error bound above which printed digits are reported as not meaningful.
pub const ERROR_LIMIT: f64 = 1e-6;

/// Warnings for a solve with relative residual `residual` on a system whose 1-norm
/// condition estimate is `condition` (e.g. [`crate::model::Leontief::condition_estimate`]).
/// Empty when the result can be trusted to the printed digits.
///
/// ```
/// use mrio::model::accuracy_warnings;
/// assert!(accuracy_warnings(1e-16, 10.0).is_empty());
/// assert_eq!(accuracy_warnings(1e-16, 1e13).len(), 1); // only ~3 digits left
/// assert_eq!(accuracy_warnings(1e-6, 10.0).len(), 2);
/// ```
pub fn accuracy_warnings(residual: f64, condition: f64) -> Vec<String> {
    let mut out = Vec::new();
    if residual.is_nan() || residual > RESIDUAL_LIMIT {
        out.push(format!(
            "warning: relative residual {residual:.1e} exceeds {RESIDUAL_LIMIT:.0e}: the \
             solve is inaccurate (I - A is close to singular)"
        ));
    }
    let bound = condition * residual.max(f64::EPSILON);
    if bound.is_nan() || bound > ERROR_LIMIT {
        let digits = (-bound.log10()).floor().max(0.0);
        let trust = if digits >= 1.0 {
            format!("only about {digits} significant digit(s) of the results can be trusted")
        } else {
            "no digit of the results can be trusted".to_string()
        };
        out.push(format!(
            "warning: the condition number of I - A is about {condition:.1e}: {trust} \
             (a sector buys almost all its inputs from a closed loop of sectors?)"
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trusted_results_get_no_warning() {
        assert!(accuracy_warnings(2.2e-16, 1.5).is_empty());
        assert!(accuracy_warnings(1e-9, 100.0).is_empty());
    }

    #[test]
    fn large_residual_is_reported() {
        let w = accuracy_warnings(1e-7, 2.0);
        assert_eq!(w.len(), 1);
        assert!(w[0].contains("residual 1.0e-7"), "{w:?}");
    }

    #[test]
    fn ill_conditioning_counts_the_digits_left() {
        // kappa * eps = 1e12 * 2.2e-16 = 2.2e-4: about 3 digits.
        let w = accuracy_warnings(0.0, 1e12);
        assert_eq!(w.len(), 1);
        assert!(w[0].contains("about 3 significant"), "{w:?}");
        let w = accuracy_warnings(0.0, 1e17);
        assert!(w[0].contains("no digit"), "{w:?}");
    }

    #[test]
    fn nan_is_never_silent() {
        assert_eq!(accuracy_warnings(f64::NAN, f64::NAN).len(), 2);
    }
}
