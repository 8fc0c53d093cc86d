//! The mixed exogenous/endogenous model (Miller & Blair 2009 §13.2): hand-solved cases on
//! the M&B two-sector table, the Leontief limit, and supply = demand when shifting.

use mrio::model::mixed::{self, Cap, Overflow};
use mrio::model::Leontief;
use mrio::table::read_table;
use std::path::Path;

fn mb() -> Leontief {
    let t = read_table(Path::new("tables/mb2009_two_sector")).unwrap();
    Leontief::from_table(&t, Default::default()).unwrap()
}

#[test]
fn sector_one_cannot_grow_shock_to_sector_two() {
    // A = [[0.15, 0.25], [0.20, 0.05]] (M&B Table 2.3).
    let m = mb();
    let (a12, a22) = (m.a()[(0, 1)], m.a()[(1, 1)]);
    assert!((a12 - 0.25).abs() < 1e-12 && (a22 - 0.05).abs() < 1e-12);
    let caps = [Cap {
        position: 0,
        max_increase: 0.0,
    }];
    let r = mixed::solve(&m, &[0.0, 100.0], &caps, &Overflow::Unmet).unwrap();
    let x2 = 100.0 / (1.0 - a22);
    assert!((r.x[1] - x2).abs() < 1e-9, "{:?}", r.x);
    assert!(r.x[0].abs() < 1e-12);
    assert!((r.unmet[0] - a12 * x2).abs() < 1e-9, "{:?}", r.unmet);
    assert_eq!(r.unmet[1], 0.0);
    assert_eq!(r.binding, vec![0]);
}

#[test]
fn partial_cap_matches_the_partitioned_model() {
    // Sector 1 may grow by 50; 100 more final demand for sector 1.
    // Exogenous x1 = 50: x2 = a21·50/(1 − a22); delivered f1 = (1 − a11)·50 − a12·x2.
    let m = mb();
    let caps = [Cap {
        position: 0,
        max_increase: 50.0,
    }];
    let r = mixed::solve(&m, &[100.0, 0.0], &caps, &Overflow::Unmet).unwrap();
    let x2 = 0.2 * 50.0 / 0.95;
    assert!((r.x[0] - 50.0).abs() < 1e-12);
    assert!((r.x[1] - x2).abs() < 1e-9);
    let delivered = 0.85 * 50.0 - 0.25 * x2;
    assert!((r.unmet[0] - (100.0 - delivered)).abs() < 1e-9);
}

#[test]
fn no_binding_cap_is_the_leontief_solution() {
    let m = mb();
    let f = [30.0, 70.0];
    let x = m.solve(&f).unwrap().value;
    let caps = [
        Cap {
            position: 0,
            max_increase: x[0] + 1.0,
        },
        Cap {
            position: 1,
            max_increase: 1e6,
        },
    ];
    for ov in [Overflow::Unmet, Overflow::Shift(vec![vec![], vec![]])] {
        let r = mixed::solve(&m, &f, &caps, &ov).unwrap();
        assert!(r.binding.is_empty());
        for (got, want) in r.x.iter().zip(&x) {
            assert!((got - want).abs() < 1e-12 * want.abs().max(1.0));
        }
        assert!(r.unmet.iter().all(|&u| u == 0.0));
    }
}

#[test]
fn a_cap_that_would_force_output_up_is_released() {
    // Demand for sector 1 falls: a cap on increases cannot bind.
    let m = mb();
    let caps = [Cap {
        position: 0,
        max_increase: 0.0,
    }];
    let r = mixed::solve(&m, &[-10.0, 0.0], &caps, &Overflow::Unmet).unwrap();
    let x = m.solve(&[-10.0, 0.0]).unwrap().value;
    assert!(r.binding.is_empty());
    assert!((r.x[0] - x[0]).abs() < 1e-12);
}

fn toy() -> (mrio::table::IoTable, Leontief) {
    let t = read_table(Path::new("tables/toy_two_region")).unwrap();
    let m = Leontief::from_table(&t, Default::default()).unwrap();
    (t, m)
}

#[test]
fn shifting_keeps_supply_equal_to_demand_product_by_product() {
    // XIAN_equip cannot grow; its unmet demand goes to BAOJI_equip.
    let (t, m) = toy();
    let n = t.len();
    let f = [10.0, 5.0, 2.0, 1.0];
    let caps = [Cap {
        position: 0,
        max_increase: 0.0,
    }];
    let shift = Overflow::Shift(vec![vec![(2, 1.0)]]);
    let r = mixed::solve(&m, &f, &caps, &shift).unwrap();
    assert!(r.x[0].abs() < 1e-12, "{:?} {}", r.x, r.rounds);
    assert!(
        r.rounds > 1,
        "the shifted plant buys from the capped one: several rounds"
    );
    assert!(r.unmet.iter().all(|&u| u.abs() < 1e-9));
    assert!((r.shifted[0] - r.received[2]).abs() < 1e-9);
    // Supply of each product (summed over regions) = intermediate + final demand.
    let a = m.a();
    let ax: Vec<f64> = (0..n)
        .map(|i| (0..n).map(|j| a[(i, j)] * r.x[j]).sum())
        .collect();
    let product = |i: usize| t.index.sectors()[i].clone();
    for p in ["equipment", "services"] {
        let (mut supply, mut demand) = (0.0, 0.0);
        for i in 0..n {
            if product(i) == p {
                supply += r.x[i];
                demand += ax[i] + f[i];
            }
        }
        assert!(
            (supply - demand).abs() < 1e-9 * demand.abs(),
            "{p}: supply {supply} demand {demand}"
        );
    }
    // Unmet mode on the same case loses exactly what shifting moves on the first round,
    // and produces less in total.
    let u = mixed::solve(&m, &f, &caps, &Overflow::Unmet).unwrap();
    assert!(u.unmet[0] > 0.0 && u.unmet[0] < r.shifted[0]);
    assert!(u.x.iter().sum::<f64>() < r.x.iter().sum::<f64>());
}

#[test]
fn bad_caps_are_errors() {
    let m = mb();
    let neg = [Cap {
        position: 0,
        max_increase: -1.0,
    }];
    assert!(mixed::solve(&m, &[1.0, 1.0], &neg, &Overflow::Unmet).is_err());
    let out = [Cap {
        position: 5,
        max_increase: 0.0,
    }];
    assert!(mixed::solve(&m, &[1.0, 1.0], &out, &Overflow::Unmet).is_err());
    let ok = [Cap {
        position: 0,
        max_increase: 0.0,
    }];
    let bad_shares = Overflow::Shift(vec![vec![(1, 0.5)]]);
    assert!(mixed::solve(&m, &[1.0, 1.0], &ok, &bad_shares).is_err());
    assert!(mixed::solve(&m, &[1.0], &ok, &Overflow::Unmet).is_err());
}
