//! Property tests on random productive tables: the identities of METHODS 1.2-1.4 hold.

mod common;

use faer::Mat;
use mrio::model::{price, Ghosh, Leontief, ModelOptions};
use mrio::table::Index;
use mrio::IoTable;
use proptest::prelude::*;

/// A random productive table: flows scaled so every column sum of A is at most 0.9.
fn random_table() -> impl Strategy<Value = IoTable> {
    (2usize..12).prop_flat_map(|n| {
        (
            proptest::collection::vec(0.0f64..100.0, n * n),
            proptest::collection::vec(1.0f64..100.0, n),
            proptest::collection::vec(0.05f64..0.9, n),
        )
            .prop_map(move |(z, f, share)| {
                // Column j of Z sums to share_j * x_j, with x built to balance.
                let zraw = Mat::from_fn(n, n, |i, j| z[i * n + j]);
                // Choose x freely, scale Z columns to hit the input shares.
                let x: Vec<f64> = (0..n).map(|i| 100.0 + 10.0 * f[i]).collect();
                let zs = Mat::from_fn(n, n, |i, j| {
                    let col: f64 = (0..n).map(|k| zraw[(k, j)]).sum::<f64>().max(1e-9);
                    zraw[(i, j)] / col * share[j] * x[j]
                });
                let y = Mat::from_fn(n, 1, |i, _| x[i] - (0..n).map(|j| zs[(i, j)]).sum::<f64>());
                let va = Mat::from_fn(1, n, |_, j| x[j] * (1.0 - share[j]));
                let ids: Vec<String> = (0..n).map(|i| format!("s{i}")).collect();
                IoTable::new(
                    Index::new(ids, None, None).unwrap(),
                    zs,
                    y,
                    vec!["f".into()],
                    va,
                    vec!["v".into()],
                    Some(x),
                )
                .unwrap()
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// (I - A) L = I; solve(f) = L f; 1'L = output multipliers; G = x^-1 L x.
    #[test]
    fn leontief_and_ghosh_identities(t in random_table(), seed in 0u64..1000) {
        let n = t.len();
        let m = Leontief::from_table(&t, ModelOptions::default()).unwrap();
        let l = m.inverse().unwrap();
        let a = m.a();
        for i in 0..n {
            for j in 0..n {
                let mut s = l.value[(i, j)];
                for k in 0..n {
                    s -= a[(i, k)] * l.value[(k, j)];
                }
                let want = if i == j { 1.0 } else { 0.0 };
                prop_assert!((s - want).abs() < 1e-10, "(I-A)L at ({i},{j}) = {s}");
            }
        }
        let f: Vec<f64> = (0..n).map(|i| ((seed as usize * 31 + i * 17) % 97) as f64 - 20.0).collect();
        let x = m.solve(&f).unwrap();
        prop_assert!(x.residual < 1e-12);
        for i in 0..n {
            let lf: f64 = (0..n).map(|j| l.value[(i, j)] * f[j]).sum();
            prop_assert!((x.value[i] - lf).abs() < 1e-9 * (1.0 + lf.abs()));
        }
        let mult = m.output_multipliers().unwrap();
        for j in 0..n {
            let cs: f64 = (0..n).map(|i| l.value[(i, j)]).sum();
            prop_assert!((mult.value[j] - cs).abs() < 1e-10);
        }
        // Batch solve equals column-by-column solves.
        let fb = Mat::from_fn(n, 3, |i, k| f[i] * (k as f64 + 1.0));
        let xb = m.solve_batch(fb.as_ref()).unwrap();
        for k in 0..3 {
            for i in 0..n {
                prop_assert!((xb.value[(i, k)] - x.value[i] * (k as f64 + 1.0)).abs() < 1e-9 * (1.0 + x.value[i].abs()));
            }
        }
        let g = Ghosh::from_table(&t, ModelOptions::default()).unwrap().inverse().unwrap();
        for i in 0..n {
            for j in 0..n {
                let want = l.value[(i, j)] * t.x[j] / t.x[i];
                prop_assert!((g.value[(i, j)] - want).abs() < 1e-10 * (1.0 + want.abs()), "G({i},{j})");
            }
        }
    }

    /// Price model: base-year costs give p = 1 (p' = v_c' L); a cost push equals
    /// Delta v_c' L; fixing an exogenous price at 1 changes nothing.
    #[test]
    fn price_model(t in random_table()) {
        let n = t.len();
        let m = Leontief::from_table(&t, ModelOptions::default()).unwrap();
        let v_c = mrio::model::per_unit_output(&t.value_added(), &t.x);
        let p = price::prices(&m, &v_c).unwrap();
        for i in 0..n {
            prop_assert!((p.value[i] - 1.0).abs() < 1e-10);
        }
        let p2 = price::prices_with_exogenous(&m, &v_c, &[(0, 1.0)]).unwrap();
        for i in 0..n {
            prop_assert!((p2.value[i] - 1.0).abs() < 1e-10);
        }
        // Raising the exogenous price of sector 0 raises (weakly) every other price.
        let p3 = price::prices_with_exogenous(&m, &v_c, &[(0, 1.5)]).unwrap();
        for i in 1..n {
            prop_assert!(p3.value[i] >= 1.0 - 1e-12);
        }
        // Cost push of one unit in sector 0 equals row 0 of L.
        let l = m.inverse().unwrap();
        let mut dv = vec![0.0; n];
        dv[0] = 1.0;
        let dp = price::cost_push(&m, &dv).unwrap();
        for j in 0..n {
            prop_assert!((dp.value[j] - l.value[(0, j)]).abs() < 1e-10);
        }
    }

    /// Writing a table and reading it back gives the same numbers, bit for bit.
    #[test]
    fn write_read_round_trip(t in random_table()) {
        let dir = std::env::temp_dir().join(format!("mrio-rt-{}-{}", std::process::id(), t.len()));
        let _ = std::fs::remove_dir_all(&dir);
        mrio::table::write_table(&t, &dir).unwrap();
        let back = mrio::table::read_table(&dir).unwrap();
        prop_assert_eq!(back.index.ids(), t.index.ids());
        prop_assert_eq!(&back.x, &t.x);
        prop_assert!(common::max_abs_diff(back.z.as_ref(), t.z.as_ref()) == 0.0);
        prop_assert!(common::max_abs_diff(back.y.as_ref(), t.y.as_ref()) == 0.0);
        prop_assert!(common::max_abs_diff(back.va.as_ref(), t.va.as_ref()) == 0.0);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

/// A zero-output sector is inert by default: its column of L is the unit vector.
#[test]
fn zero_output_sector_is_inert() {
    let ids: Vec<String> = vec!["a".into(), "b".into()];
    let z = faer::mat![[10.0, 0.0], [5.0, 0.0]];
    let t = IoTable::new(
        Index::new(ids, None, None).unwrap(),
        z,
        faer::mat![[90.0], [-5.0]],
        vec!["f".into()],
        faer::mat![[85.0, 0.0]],
        vec!["v".into()],
        Some(vec![100.0, 0.0]),
    )
    .unwrap();
    let m = Leontief::from_table(&t, ModelOptions::default()).unwrap();
    let l = m.inverse().unwrap();
    assert_eq!(l.value[(0, 1)], 0.0);
    assert_eq!(l.value[(1, 1)], 1.0);
    let rejected = Leontief::from_table(
        &t,
        ModelOptions {
            zero_output: mrio::model::ZeroOutput::Reject,
        },
    );
    let err = rejected.unwrap_err();
    assert!(
        matches!(&err, mrio::Error::ZeroOutput { id } if id == "b"),
        "{err:?}"
    );
    let msg = err.to_string();
    assert!(msg.contains("`b`") && !msg.contains("--"), "{msg}");
}

/// Non-productive (column sums > 1, A >= 0) and singular systems are refused with a reason.
#[test]
fn non_productive_and_singular_are_refused() {
    let ids: Vec<String> = vec!["a".into(), "b".into()];
    let a = faer::mat![[0.6, 0.5], [0.6, 0.7]];
    let e = Leontief::new(a, ids.clone()).unwrap_err();
    assert!(matches!(e, mrio::Error::NonProductive { .. }), "{e}");
    assert!(e.to_string().contains("spectral radius"));
    // rho = 1 exactly: I - A singular.
    let a = faer::mat![[0.5, 0.5], [0.5, 0.5]];
    let e = Leontief::new(a, ids.clone()).unwrap_err();
    assert!(
        matches!(
            e,
            mrio::Error::NonProductive { .. } | mrio::Error::Singular(_)
        ),
        "{e}"
    );
    // Negative cells with |A| bounds above 1 but I - A singular.
    let a = faer::mat![[1.0, -0.5], [0.0, 0.2]];
    let e = Leontief::new(a, ids).unwrap_err();
    assert!(matches!(e, mrio::Error::Singular(_)), "{e}");
}
