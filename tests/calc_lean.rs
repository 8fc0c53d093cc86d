//! The lean model of `mrio calc` (Z moved into the model, A formed only inside the
//! factorization buffer, residuals from Z and x) gives the results of the standard
//! model, which keeps A.

use mrio::calc::{compute, compute_owned, Output};
use std::path::Path;

fn parse(bytes: &[u8]) -> Vec<f64> {
    String::from_utf8_lossy(bytes)
        .lines()
        .skip(1)
        .flat_map(|l| {
            l.split(',')
                .skip(1)
                .map(|c| c.parse::<f64>().unwrap())
                .collect::<Vec<_>>()
        })
        .collect()
}

fn same_results(table_dir: &str) {
    let t =
        mrio::table::read_table(&Path::new(env!("CARGO_MANIFEST_DIR")).join(table_dir)).unwrap();
    let only = [
        Output::X,
        Output::S,
        Output::M,
        Output::DCba,
        Output::DPba,
        Output::DImp,
        Output::DExp,
    ];
    let full = compute(&t, Default::default(), &only).unwrap();
    let lean = compute_owned(t.clone(), Default::default(), &only, &|_| {}).unwrap();
    assert_eq!(full.files.len(), lean.files.len());
    for ((na, a, ua), (nb, b, ub)) in full.files.iter().zip(&lean.files) {
        assert_eq!((na, ua), (nb, ub));
        let (a, b) = (parse(a), parse(b));
        let scale = a.iter().fold(0.0f64, |m, v| m.max(v.abs()));
        for (x, y) in a.iter().zip(&b) {
            assert!((x - y).abs() <= 1e-13 * scale, "{na}: {x} vs {y}");
        }
    }
    // The residuals are computed from Z and x, and are as small as those from A.
    assert!(lean.max_residual < 1e-12, "{}", lean.max_residual);
    assert!(lean.max_residual > 0.0 || full.max_residual == 0.0);
}

#[test]
fn lean_calc_equals_standard_calc_on_pymrio_test_system() {
    same_results("tests/data/pymrio_test");
}

#[test]
fn lean_calc_equals_standard_calc_on_generated_mrio() {
    same_results("tests/data/mrio_small");
}

#[test]
fn lean_calc_refuses_a_non_productive_table_like_the_standard_one() {
    let mut t = mrio::table::read_table(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/pymrio_test"),
    )
    .unwrap();
    // Every sector buys fifty times its inputs at the same output: rho(A) > 1.
    for j in 0..t.len() {
        for i in 0..t.len() {
            t.z[(i, j)] *= 50.0;
        }
    }
    let only = [Output::S];
    let a = compute(&t, Default::default(), &only)
        .err()
        .expect("must fail")
        .to_string();
    let b = compute_owned(t, Default::default(), &only, &|_| {})
        .err()
        .expect("must fail")
        .to_string();
    assert_eq!(a, b);
    assert!(a.contains("not productive"), "{a}");
}
