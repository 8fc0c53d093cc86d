//! Location quotients (METHODS 6.1): identities between SLQ, CILQ, FLQ and AFLQ, and
//! the rule that regional coefficients never exceed the parent's.

// Matrix cells are compared by index: range loops read best here.
#![allow(clippy::needless_range_loop)]

use faer::Mat;
use mrio::build::regionalize::{lambda_star, quotients, regional_coefficients, slq, LqMethod};

const ER: [f64; 4] = [50.0, 20.0, 30.0, 0.0];
const EN: [f64; 4] = [1000.0, 800.0, 1200.0, 400.0];

/// The METHODS 6.1 / check_formulas.py example: SLQ = (E^r_i/E^r)/(E^n_i/E^n).
#[test]
fn slq_by_hand() {
    let s = slq(&ER, &EN).unwrap();
    let (tr, tn) = (100.0, 3400.0);
    for i in 0..4 {
        assert!((s[i] - (ER[i] / tr) / (EN[i] / tn)).abs() < 1e-15);
    }
    assert_eq!(s[3], 0.0);
}

/// FLQ with δ = 0 has λ* = 1 and is exactly CILQ (Flegg et al. 1995: δ = 0 reduces FLQ to
/// CILQ), so capped regional coefficients coincide.
#[test]
fn flq_with_delta_zero_equals_cilq() {
    let f = quotients(LqMethod::Flq, &ER, &EN, 0.0).unwrap();
    let c = quotients(LqMethod::Cilq, &ER, &EN, 0.0).unwrap();
    assert_eq!(lambda_star(100.0, 3400.0, 0.0).unwrap(), 1.0);
    let a = Mat::from_fn(4, 4, |i, j| 0.05 + 0.01 * (i + 2 * j) as f64);
    let af = regional_coefficients(a.as_ref(), f.as_ref());
    let ac = regional_coefficients(a.as_ref(), c.as_ref());
    for i in 0..4 {
        for j in 0..4 {
            assert_eq!(f[(i, j)], c[(i, j)]);
            assert_eq!(af[(i, j)], ac[(i, j)]);
        }
    }
}

/// FLQ = CILQ · λ* off the diagonal and SLQ · λ* on it, λ* = [log₂(1 + E^r/E^n)]^δ;
/// AFLQ multiplies by log₂(1 + SLQ_j) where SLQ_j > 1 only.
#[test]
fn flq_and_aflq_structure() {
    let d = 0.3;
    let lam = (1.0f64 + 100.0 / 3400.0).log2().powf(d);
    let s = slq(&ER, &EN).unwrap();
    let f = quotients(LqMethod::Flq, &ER, &EN, d).unwrap();
    let af = quotients(LqMethod::Aflq, &ER, &EN, d).unwrap();
    for i in 0..3 {
        for j in 0..3 {
            let want = if i == j {
                s[i] * lam
            } else {
                s[i] / s[j] * lam
            };
            assert!((f[(i, j)] - want).abs() < 1e-14);
            let aw = if s[j] > 1.0 {
                want * (1.0 + s[j]).log2()
            } else {
                want
            };
            assert!((af[(i, j)] - aw).abs() < 1e-14);
        }
    }
    // Larger δ shrinks λ* and the quotients.
    let f2 = quotients(LqMethod::Flq, &ER, &EN, 0.5).unwrap();
    assert!(f2[(0, 1)] < f[(0, 1)]);
}

/// a^r = a^n · min(1, Q) never exceeds a^n for any method or δ.
#[test]
fn regional_coefficients_never_exceed_the_parent() {
    let a = Mat::from_fn(4, 4, |i, j| 0.02 + 0.03 * ((i * 3 + j) % 4) as f64);
    for m in [LqMethod::Slq, LqMethod::Cilq, LqMethod::Flq, LqMethod::Aflq] {
        for d in [0.0, 0.1, 0.3, 0.9] {
            let q = quotients(m, &ER, &EN, d).unwrap();
            let ar = regional_coefficients(a.as_ref(), q.as_ref());
            for i in 0..4 {
                for j in 0..4 {
                    assert!(ar[(i, j)] <= a[(i, j)] && ar[(i, j)] >= 0.0, "{m:?} {d}");
                }
            }
        }
    }
}

#[test]
fn bad_delta_is_an_error() {
    let e = quotients(LqMethod::Flq, &ER, &EN, 1.0)
        .unwrap_err()
        .to_string();
    assert!(e.contains("0 <= delta < 1"), "{e}");
}
