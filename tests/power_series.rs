//! The power-series (Jacobi) solver against the LU solver, and its failure modes.

use faer::Mat;
use mrio::model::{power_series, Leontief, PowerOptions};
use std::path::Path;

fn table(name: &str) -> mrio::IoTable {
    mrio::table::read_table(&Path::new(env!("CARGO_MANIFEST_DIR")).join(name)).unwrap()
}

/// Converged power series equals the LU solution to 1e-10 (relative), for a batch.
#[test]
fn converged_power_series_equals_lu() {
    for name in [
        "tests/data/pymrio_test",
        "tests/data/mrio_small",
        "tables/mb2009_two_sector",
    ] {
        let t = table(name);
        let model = Leontief::from_table(&t, Default::default()).unwrap();
        let f = t.y.clone();
        let lu = model.solve_batch(f.as_ref()).unwrap();
        let ps = power_series(model.a(), f.as_ref(), PowerOptions::default()).unwrap();
        assert!(ps.residual <= 1e-12);
        assert!(ps.iterations > 1);
        for j in 0..f.ncols() {
            let scale = (0..t.len())
                .map(|i| lu.value[(i, j)].abs())
                .fold(0.0, f64::max);
            for i in 0..t.len() {
                let d = (ps.value[(i, j)] - lu.value[(i, j)]).abs();
                assert!(d <= 1e-10 * scale.max(1e-300), "{name} ({i},{j}): {d:e}");
            }
        }
    }
}

/// Miller & Blair (2009), section 2.4: the power series of the two-sector example
/// converges to x = L f = (1247.52, 1841.58) for f = (600, 1500).
#[test]
fn power_series_reproduces_miller_blair() {
    let t = table("tables/mb2009_two_sector");
    let model = Leontief::from_table(&t, Default::default()).unwrap();
    let f = Mat::from_fn(2, 1, |i, _| [600.0, 1500.0][i]);
    let r = power_series(model.a(), f.as_ref(), PowerOptions::default()).unwrap();
    assert!((r.value[(0, 0)] - 1247.524752).abs() < 5e-7);
    assert!((r.value[(1, 0)] - 1841.584158).abs() < 5e-7);
}

/// Too few iterations: an error naming the residual reached and the iterations made.
#[test]
fn non_convergence_is_reported() {
    let t = table("tests/data/pymrio_test");
    let model = Leontief::from_table(&t, Default::default()).unwrap();
    let f = t.y.clone();
    let e = power_series(
        model.a(),
        f.as_ref(),
        PowerOptions {
            tol: 1e-14,
            max_iter: 3,
        },
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.contains("did not converge") && e.contains("after 3 iterations"),
        "{e}"
    );
}

/// A non-productive A (column sums above 1) makes the series diverge: an error, not NaN.
#[test]
fn divergence_is_an_error() {
    let a = faer::mat![[0.7, 0.6], [0.6, 0.7]];
    let f = Mat::from_fn(2, 1, |_, _| 1.0);
    let e = power_series(a.as_ref(), f.as_ref(), PowerOptions::default())
        .unwrap_err()
        .to_string();
    assert!(e.contains("diverges"), "{e}");
}
