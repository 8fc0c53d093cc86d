//! RAS and GRAS (METHODS 7.1, 7.2) against closed-form and independently derived results.

// Matrix cells are compared by index: range loops read best here.
#![allow(clippy::needless_range_loop)]

use faer::{mat, Mat};
use mrio::build::balance::{gras, ras, BalanceOptions};

fn ids(p: &str, n: usize) -> Vec<String> {
    (0..n).map(|i| format!("{p}{i}")).collect()
}

fn margins(x: &Mat<f64>) -> (Vec<f64>, Vec<f64>) {
    let rows = (0..x.nrows())
        .map(|i| (0..x.ncols()).map(|j| x[(i, j)]).sum())
        .collect();
    let cols = (0..x.ncols())
        .map(|j| (0..x.nrows()).map(|i| x[(i, j)]).sum())
        .collect();
    (rows, cols)
}

fn assert_targets(x: &Mat<f64>, u: &[f64], v: &[f64], tol: f64) {
    let (r, c) = margins(x);
    for (a, b) in r.iter().zip(u) {
        assert!((a - b).abs() <= tol * b.abs().max(1.0), "row {a} vs {b}");
    }
    for (a, b) in c.iter().zip(v) {
        assert!((a - b).abs() <= tol * b.abs().max(1.0), "column {a} vs {b}");
    }
}

/// RAS keeps the cross-product ratio x11 x22 / (x12 x21) of a 2 x 2 seed (Bacharach 1970:
/// X = r̂ Z ŝ), so a 2 x 2 problem has a closed form. Seed [[1,2],[3,4]], u = (4,6),
/// v = (5,5): X = [[a, 4-a], [5-a, 1+a]] with a(1+a) / ((4-a)(5-a)) = 4/6, i.e.
/// a² + 21a - 40 = 0, a = (-21 + sqrt(601)) / 2.
#[test]
fn ras_matches_the_closed_form_2x2_solution() {
    let z0 = mat![[1.0, 2.0], [3.0, 4.0]];
    let b = ras(
        z0.as_ref(),
        &[4.0, 6.0],
        &[5.0, 5.0],
        &ids("r", 2),
        &ids("c", 2),
        BalanceOptions::default(),
    )
    .unwrap();
    let a = (-21.0 + 601f64.sqrt()) / 2.0;
    let want = [[a, 4.0 - a], [5.0 - a, 1.0 + a]];
    for i in 0..2 {
        for j in 0..2 {
            assert!(
                (b.x[(i, j)] - want[i][j]).abs() < 1e-12,
                "{i},{j}: {} vs {}",
                b.x[(i, j)],
                want[i][j]
            );
        }
    }
    assert!(b.gap <= 1e-12 && b.iterations > 1);
}

/// RAS on a 4 x 4 positive seed with new margins: targets reproduced to 1e-9 and the
/// solution has the form r̂ Z⁰ ŝ with the returned factors.
#[test]
fn ras_reproduces_targets_and_has_biproportional_form() {
    let z0 = Mat::from_fn(4, 4, |i, j| 1.0 + ((3 * i + 5 * j) % 7) as f64);
    let u = [20.0, 35.0, 18.0, 27.0];
    let v = [30.0, 25.0, 22.0, 23.0];
    let b = ras(
        z0.as_ref(),
        &u,
        &v,
        &ids("r", 4),
        &ids("c", 4),
        BalanceOptions::default(),
    )
    .unwrap();
    assert_targets(&b.x, &u, &v, 1e-9);
    for i in 0..4 {
        for j in 0..4 {
            assert!((b.x[(i, j)] - b.r[i] * z0[(i, j)] * b.s[j]).abs() < 1e-12);
        }
    }
}

/// GRAS on the Junius & Oosterhaven (2003, ESR 15(1)) toy table used in METHODS 7.2
/// (rows goods, services, net taxes; columns goods, services, consumption, net exports).
/// Reference values derived independently: a plain-Python implementation of the
/// Junius-Oosterhaven / Lenzen et al. (2007) row and column steps run for 100,000
/// sweeps (no shared code with mrio).
#[test]
fn gras_junius_oosterhaven_example() {
    let z0 = mat![
        [7.0, 3.0, 5.0, -3.0],
        [2.0, 9.0, 8.0, 1.0],
        [-2.0, 0.0, 2.0, 1.0]
    ];
    let u = [15.0, 26.0, -1.0];
    let v = [9.0, 16.0, 17.0, -2.0];
    let b = gras(
        z0.as_ref(),
        &u,
        &v,
        &ids("r", 3),
        &ids("c", 4),
        BalanceOptions::default(),
    )
    .unwrap();
    let want = [
        [
            8.976440309989146,
            3.7431602450133603,
            5.721728439895226,
            -3.4413289948977317,
        ],
        [
            2.799335403599824,
            12.25683975498664,
            9.992313662805556,
            0.9515111786079796,
        ],
        [
            -2.7757757135889705,
            0.0,
            1.2859578972992187,
            0.4898178162897524,
        ],
    ];
    for i in 0..3 {
        for j in 0..4 {
            assert!(
                (b.x[(i, j)] - want[i][j]).abs() < 1e-9,
                "{i},{j}: {} vs {}",
                b.x[(i, j)],
                want[i][j]
            );
            // Signs kept.
            assert!(b.x[(i, j)] * z0[(i, j)] > 0.0 || (z0[(i, j)] == 0.0 && b.x[(i, j)] == 0.0));
            // Form r p s - n / (r s).
            let z = z0[(i, j)];
            let f = if z > 0.0 {
                b.r[i] * z * b.s[j]
            } else if z < 0.0 {
                z / (b.r[i] * b.s[j])
            } else {
                0.0
            };
            assert!((b.x[(i, j)] - f).abs() < 1e-12);
        }
    }
    assert_targets(&b.x, &u, &v, 1e-9);
}

/// GRAS converges on a larger table with negative cells (a 6 x 7 matrix with a negative
/// column, like inventories or net exports) and reproduces targets to 1e-9.
#[test]
fn gras_converges_with_negative_cells() {
    let z0 = Mat::from_fn(6, 7, |i, j| {
        let base = 1.0 + ((2 * i + 3 * j) % 5) as f64;
        if j == 6 && i % 2 == 0 {
            -base
        } else {
            base
        }
    });
    let (mut u, mut v) = margins(&z0);
    for (k, x) in u.iter_mut().enumerate() {
        *x *= 1.0 + 0.05 * k as f64;
    }
    let su: f64 = u.iter().sum();
    let sv: f64 = v.iter().sum();
    // Scale the positive columns so the grand totals agree.
    let shift = su - sv;
    let pos: f64 = v[..6].iter().sum();
    for x in v[..6].iter_mut() {
        *x += shift * *x / pos;
    }
    let b = gras(
        z0.as_ref(),
        &u,
        &v,
        &ids("r", 6),
        &ids("c", 7),
        BalanceOptions::default(),
    )
    .unwrap();
    assert_targets(&b.x, &u, &v, 1e-9);
    for i in 0..6 {
        for j in 0..7 {
            assert!(b.x[(i, j)] * z0[(i, j)] >= 0.0, "sign flipped at {i},{j}");
        }
    }
    assert!(b.gap <= 1e-12);
}

#[test]
fn infeasible_targets_are_clear_errors() {
    let z0 = mat![[0.0, 0.0], [1.0, 1.0]];
    let e = ras(
        z0.as_ref(),
        &[1.0, 1.0],
        &[1.0, 1.0],
        &ids("r", 2),
        &ids("c", 2),
        BalanceOptions::default(),
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("infeasible") && e.contains("`r0`"), "{e}");
    let z0 = mat![[1.0, 1.0], [1.0, 1.0]];
    let e = ras(
        z0.as_ref(),
        &[1.0, 1.0],
        &[1.0, 2.0],
        &ids("r", 2),
        &ids("c", 2),
        BalanceOptions::default(),
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("must be equal"), "{e}");
    // Zero pattern makes the targets infeasible (row r0 only reaches column c0, which
    // can take at most 1 while r0 needs 2): no convergence, named.
    let z0 = mat![[1.0, 0.0], [1.0, 1.0]];
    let opts = BalanceOptions {
        tol: 1e-12,
        max_iter: 500,
    };
    let e = ras(
        z0.as_ref(),
        &[2.0, 1.0],
        &[1.0, 2.0],
        &ids("r", 2),
        &ids("c", 2),
        opts,
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("did not converge after 500"), "{e}");
    // GRAS: a negative target on a row with no negative cell.
    let z0 = mat![[1.0, 2.0], [3.0, -1.0]];
    let e = gras(
        z0.as_ref(),
        &[-1.0, 3.0],
        &[2.0, 0.0],
        &ids("r", 2),
        &ids("c", 2),
        BalanceOptions::default(),
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.contains("row `r0`") && e.contains("no negative cell"),
        "{e}"
    );
    // RAS refuses negative seeds and points to GRAS.
    let e = ras(
        z0.as_ref(),
        &[3.0, 2.0],
        &[4.0, 1.0],
        &ids("r", 2),
        &ids("c", 2),
        BalanceOptions::default(),
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("GRAS"), "{e}");
}
