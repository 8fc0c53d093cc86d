//! The optional LAPACK path (`--features lapack`: OpenBLAS dgetrf/dgetrs) gives the
//! results of the default faer path, and refuses the same tables with the same message.
#![cfg(feature = "lapack")]
// The closures return the crate's own `Result`, whatever the size of its error.
#![allow(clippy::result_large_err)]

use faer::Mat;
use mrio::calc::{compute, compute_owned, Output};
use mrio::model::{with_lu_backend, Factored, LuBackend};
use std::path::Path;

mod common;
use common::csv_values;

const TOL: f64 = 1e-10;

fn assert_close(what: &str, a: &[f64], b: &[f64]) {
    assert_eq!(a.len(), b.len(), "{what}: lengths");
    let scale = a.iter().fold(1.0f64, |m, v| m.max(v.abs()));
    for (i, (x, y)) in a.iter().zip(b).enumerate() {
        let same_gap = x.is_nan() && y.is_nan();
        assert!(
            same_gap || (x - y).abs() <= TOL * scale,
            "{what}[{i}]: {x} vs {y}"
        );
    }
}

fn table(dir: &str) -> mrio::table::IoTable {
    mrio::table::read_table(&Path::new(env!("CARGO_MANIFEST_DIR")).join(dir)).unwrap()
}

/// Every output of `mrio calc` (both the standard and the lean model) agrees.
fn same_calc(dir: &str) {
    let t = table(dir);
    let outputs: Vec<Output> = if t.satellites.is_empty() {
        vec![Output::X, Output::A, Output::L, Output::B, Output::G]
    } else {
        Output::ALL.to_vec()
    };
    let faer = with_lu_backend(LuBackend::Faer, || {
        compute(&t, Default::default(), &outputs)
    });
    let lapack = with_lu_backend(LuBackend::Lapack, || {
        compute(&t, Default::default(), &outputs)
    });
    let (faer, lapack) = (faer.unwrap(), lapack.unwrap());
    assert_eq!(faer.files.len(), lapack.files.len());
    for ((na, a, _), (nb, b, _)) in faer.files.iter().zip(&lapack.files) {
        assert_eq!(na, nb);
        assert_close(&format!("{dir}/{na}"), &csv_values(a), &csv_values(b));
    }
    assert!(lapack.max_residual < 1e-12, "{}", lapack.max_residual);
    let accounts: Vec<Output> = outputs.into_iter().filter(|o| o.is_account()).collect();
    if !accounts.is_empty() {
        let lean = with_lu_backend(LuBackend::Lapack, || {
            compute_owned(t.clone(), Default::default(), &accounts, &|_| {})
        })
        .unwrap();
        let full = with_lu_backend(LuBackend::Faer, || {
            compute(&t, Default::default(), &accounts)
        })
        .unwrap();
        for ((na, a, _), (_, b, _)) in full.files.iter().zip(&lean.files) {
            assert_close(
                &format!("{dir}/{na} (lean)"),
                &csv_values(a),
                &csv_values(b),
            );
        }
    }
}

#[test]
fn lapack_calc_equals_faer_on_miller_blair_two_sector() {
    same_calc("tables/mb2009_two_sector");
}

#[test]
fn lapack_calc_equals_faer_on_cluster() {
    same_calc("tables/cluster");
}

/// A random productive A (n = 300, column sums below 0.9), deterministic.
fn random_a(n: usize, seed: u64) -> Mat<f64> {
    let mut s = seed;
    let mut next = move || {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        (s >> 11) as f64 / (1u64 << 53) as f64
    };
    Mat::from_fn(n, n, |_, _| next() * 1.8 / n as f64)
}

fn to_vec(m: &Mat<f64>) -> Vec<f64> {
    (0..m.ncols())
        .flat_map(|j| (0..m.nrows()).map(move |i| (i, j)))
        .map(|(i, j)| m[(i, j)])
        .collect()
}

#[test]
fn lapack_solves_equal_faer_on_random_productive_n300() {
    let n = 300;
    let a = random_a(n, 0x9e37_79b9_7f4a_7c15);
    let ids: Vec<String> = (0..n).map(|i| format!("s{i}")).collect();
    let f = Mat::from_fn(n, 7, |i, j| ((i * 7 + j) % 11) as f64 + 0.5);
    let run = |b: LuBackend| {
        with_lu_backend(b, || {
            let lu = Factored::identity_minus(a.as_ref(), &ids).unwrap();
            let x = lu.solve(f.as_ref()).unwrap();
            let y = lu.solve_transpose(f.as_ref()).unwrap();
            let inv = lu.inverse().unwrap();
            // A view that is not column-major goes through a copy.
            let mut t = f.transpose().to_owned();
            lu.solve_in_place(t.as_mut().transpose_mut()).unwrap();
            assert!(x.residual < 1e-13 && y.residual < 1e-13, "{b:?}");
            (x.value, y.value, inv.value, t.transpose().to_owned())
        })
    };
    let (fa, la) = (run(LuBackend::Faer), run(LuBackend::Lapack));
    assert_close("x", &to_vec(&fa.0), &to_vec(&la.0));
    assert_close("x'", &to_vec(&fa.1), &to_vec(&la.1));
    assert_close("L", &to_vec(&fa.2), &to_vec(&la.2));
    assert_close("x (strided)", &to_vec(&fa.3), &to_vec(&la.3));
    assert_close("x (strided) = x", &to_vec(&la.0), &to_vec(&la.3));
}

fn singular_message(b: LuBackend, a: &Mat<f64>) -> String {
    let ids: Vec<String> = (0..a.nrows()).map(|i| format!("s{i}")).collect();
    with_lu_backend(b, || Factored::identity_minus(a.as_ref(), &ids))
        .expect_err("I - A is singular")
        .to_string()
}

#[test]
fn lapack_refuses_singular_i_minus_a_with_the_faer_message() {
    // Two sectors buying only from each other: the columns of I - A sum to zero.
    let loop2 = Mat::from_fn(2, 2, |i, j| if i != j { 1.0 } else { 0.0 });
    let (fm, lm) = (
        singular_message(LuBackend::Faer, &loop2),
        singular_message(LuBackend::Lapack, &loop2),
    );
    assert_eq!(fm, lm);
    assert!(lm.contains("pivot 2 (column `s1`)"), "{lm}");
    assert!(lm.contains("linearly dependent"), "{lm}");
    // The same loop inside a productive n = 300 table.
    let mut a = random_a(300, 7);
    for k in [5, 6] {
        for i in 0..300 {
            a[(i, k)] = 0.0;
        }
    }
    a[(5, 6)] = 1.0;
    a[(6, 5)] = 1.0;
    let (fm, lm) = (
        singular_message(LuBackend::Faer, &a),
        singular_message(LuBackend::Lapack, &a),
    );
    assert_eq!(fm, lm);
}

#[test]
fn mrio_lu_env_chooses_the_backend_for_the_cli() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("lapack_env");
    let run = |lu: &str| {
        let out = dir.join(lu);
        let st = std::process::Command::new(env!("CARGO_BIN_EXE_mrio"))
            .env("MRIO_LU", lu)
            .args(["calc", "-q", "--force", "--only", "x,L", "--out"])
            .arg(&out)
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tables/cluster"))
            .output()
            .unwrap();
        assert!(
            st.status.success(),
            "{}",
            String::from_utf8_lossy(&st.stderr)
        );
        csv_values(&std::fs::read(out.join("L.csv")).unwrap())
    };
    assert_close("L.csv", &run("faer"), &run("lapack"));
    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_mrio"))
        .env("MRIO_LU", "mkl")
        .args(["calc", "-q", "--only", "L", "--out"])
        .arg(dir.join("bad"))
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tables/cluster"))
        .output()
        .unwrap();
    assert!(!bad.status.success());
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        err.contains("MRIO_LU: `mkl`: expected `faer` or `lapack`"),
        "{err}"
    );
}
