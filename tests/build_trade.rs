//! Doubly-constrained gravity (METHODS 6.4) and the Chenery-Moses assembly (METHODS 4.2).

// Matrix cells are compared by index: range loops read best here.
#![allow(clippy::needless_range_loop)]

use faer::Mat;
use mrio::build::balance::BalanceOptions;
use mrio::build::trade::{chenery_moses, gravity, Decay, GravityParams};

fn regions(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("R{i}")).collect()
}

fn dist() -> Mat<f64> {
    let km = [
        [0.0, 50.0, 200.0, 400.0],
        [50.0, 0.0, 120.0, 300.0],
        [200.0, 120.0, 0.0, 90.0],
        [400.0, 300.0, 90.0, 0.0],
    ];
    Mat::from_fn(4, 4, |i, j| km[i][j])
}

fn params(gamma: f64) -> GravityParams {
    GravityParams {
        decay: Decay::Power,
        gamma,
        balance: BalanceOptions::default(),
    }
}

/// Margins reproduced, diagonal empty, and the gravity form t_rs = α_r β_s O_r D_s d_rs^-γ:
/// the cross ratio t_rs t_qu / (t_ru t_qs) equals that of d^-γ for any two origins and
/// two destinations (α, β and O, D cancel).
#[test]
fn gravity_margins_and_form() {
    let o = [10.0, 20.0, 5.0, 15.0];
    let d = [12.0, 8.0, 20.0, 10.0];
    let g = gravity(
        &o,
        &d,
        dist().as_ref(),
        &|r, s| r != s,
        params(1.3),
        &regions(4),
    )
    .unwrap();
    for r in 0..4 {
        assert_eq!(g.t[(r, r)], 0.0);
        let row: f64 = (0..4).map(|s| g.t[(r, s)]).sum();
        let col: f64 = (0..4).map(|q| g.t[(q, r)]).sum();
        assert!((row - o[r]).abs() < 1e-9 * o[r]);
        assert!((col - d[r]).abs() < 1e-9 * d[r]);
    }
    let f = |a: usize, b: usize| dist()[(a, b)].powf(-1.3);
    let (r, q, s, u) = (0, 1, 2, 3);
    let lhs = g.t[(r, s)] * g.t[(q, u)] / (g.t[(r, u)] * g.t[(q, s)]);
    let rhs = f(r, s) * f(q, u) / (f(r, u) * f(q, s));
    assert!((lhs / rhs - 1.0).abs() < 1e-9, "{lhs} vs {rhs}");
}

/// A larger distance-decay exponent moves shipments towards near partners.
#[test]
fn larger_gamma_ships_nearer() {
    let o = [10.0, 20.0, 5.0, 15.0];
    let d = [12.0, 8.0, 20.0, 10.0];
    let mean_km = |gamma: f64| {
        let g = gravity(
            &o,
            &d,
            dist().as_ref(),
            &|r, s| r != s,
            params(gamma),
            &regions(4),
        )
        .unwrap();
        let mut num = 0.0;
        for r in 0..4 {
            for s in 0..4 {
                num += g.t[(r, s)] * dist()[(r, s)];
            }
        }
        num / 50.0
    };
    assert!(mean_km(2.0) < mean_km(0.5));
}

/// Two regions, one good: x = (I - C Ã)^-1 (C y + e) solved by hand.
/// a^1 = 0.2, a^2 = 0.3; c^{11} = 0.8, c^{21} = 0.2, c^{12} = 0.1, c^{22} = 0.9;
/// y = (100, 50), no exports. Then x1 = 0.8(0.2 x1 + 100) + 0.1(0.3 x2 + 50),
/// x2 = 0.2(0.2 x1 + 100) + 0.9(0.3 x2 + 50): 0.84 x1 - 0.03 x2 = 85,
/// -0.04 x1 + 0.73 x2 = 65, so x1 = (85·0.73 + 0.03·65)/(0.84·0.73 - 0.03·0.04).
#[test]
fn chenery_moses_two_regions_by_hand() {
    let a = vec![
        Mat::from_fn(1, 1, |_, _| 0.2),
        Mat::from_fn(1, 1, |_, _| 0.3),
    ];
    // Shipments t^{rs} whose column shares are the c above (columns sum to 10 and 20).
    let t = vec![Mat::from_fn(2, 2, |r, s| [[8.0, 2.0], [2.0, 18.0]][r][s])];
    let y = vec![
        Mat::from_fn(1, 1, |_, _| 100.0),
        Mat::from_fn(1, 1, |_, _| 50.0),
    ];
    let ids = vec!["A_g".to_string(), "B_g".to_string()];
    let m = chenery_moses(&a, &t, &y, &[0.0, 0.0], &ids).unwrap();
    let det = 0.84 * 0.73 - 0.03 * 0.04;
    let x1 = (85.0 * 0.73 + 0.03 * 65.0) / det;
    let x2 = (0.84 * 65.0 + 0.04 * 85.0) / det;
    assert!((m.x[0] - x1).abs() < 1e-10 && (m.x[1] - x2).abs() < 1e-10);
    // Z = C Ã x̂: z_12 = c^{12} a^2 x2.
    assert!((m.z[(0, 1)] - 0.1 * 0.3 * x2).abs() < 1e-10);
    assert!(m.residual < 1e-14);
}
