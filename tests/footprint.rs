//! Satellite accounts against pymrio 0.7.0's `calc_all`, cell by cell, and identities.
//!
//! Reference results were produced once by tests/data/make_pymrio_expected.py (pymrio
//! 0.7.0, Stadler 2021, "Pymrio – A Python Based Multi-Regional Input-Output Analysis
//! Toolbox", Journal of Open Research Software 9(1): 8) and are committed, so this test
//! needs no Python:
//! - tests/data/pymrio_test: pymrio's own test MRIO (`pymrio.load_test()`, 6 regions x 8
//!   sectors, emissions without F_Y);
//! - tests/data/mrio_small: benches/gen_mrio.py --regions 3 --sectors 4 --seed 7.

use faer::Mat;
use mrio::footprint::{all_accounts, Accounts};
use mrio::model::Leontief;
use mrio::table::csvio::LabeledMatrix;
use mrio::IoTable;
use std::path::{Path, PathBuf};

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

fn load(name: &str) -> (IoTable, Vec<Accounts>) {
    let t = mrio::table::read_table(&data(name)).unwrap();
    let model = Leontief::from_table(&t, Default::default()).unwrap();
    let acc = all_accounts(&t, &model).unwrap();
    (t, acc)
}

/// Largest |a - b| / max(|a|, |b|, 1e-12 max|b|) over the cells of an expected file.
fn max_rel_diff(got: &Mat<f64>, rows: &[String], cols: &[String], expected: &Path) -> f64 {
    let e = LabeledMatrix::read(expected).unwrap();
    let want = e.aligned(rows, cols, "labels").unwrap();
    assert_eq!((want.nrows(), want.ncols()), (got.nrows(), got.ncols()));
    let scale = (0..want.ncols())
        .flat_map(|j| (0..want.nrows()).map(move |i| (i, j)))
        .map(|(i, j)| want[(i, j)].abs())
        .fold(0.0, f64::max);
    let mut worst = 0.0f64;
    for j in 0..want.ncols() {
        for i in 0..want.nrows() {
            let (a, b) = (got[(i, j)], want[(i, j)]);
            let d = (a - b).abs() / a.abs().max(b.abs()).max(1e-12 * scale).max(1e-300);
            worst = worst.max(d);
        }
    }
    worst
}

fn check_against_pymrio(name: &str) {
    let (t, accounts) = load(name);
    assert_eq!(accounts.len(), 1);
    let a = &accounts[0];
    let dir = data(&format!("{name}_pymrio")).join(&a.name);
    let ids = t.index.ids();
    let full: [(&str, &Mat<f64>); 6] = [
        ("S", &a.s),
        ("M", &a.m),
        ("D_cba", &a.d_cba),
        ("D_pba", &a.d_pba),
        ("D_imp", &a.d_imp),
        ("D_exp", &a.d_exp),
    ];
    for (f, m) in full {
        let d = max_rel_diff(m, &a.indicators, ids, &dir.join(format!("{f}.csv")));
        assert!(
            d < 1e-10,
            "{name} {f}: max relative difference {d:e} vs pymrio"
        );
    }
    let reg: [(&str, &Mat<f64>); 4] = [
        ("D_cba_reg", &a.d_cba_reg),
        ("D_pba_reg", &a.d_pba_reg),
        ("D_imp_reg", &a.d_imp_reg),
        ("D_exp_reg", &a.d_exp_reg),
    ];
    for (f, m) in reg {
        let d = max_rel_diff(m, &a.indicators, &a.regions, &dir.join(format!("{f}.csv")));
        assert!(
            d < 1e-10,
            "{name} {f}: max relative difference {d:e} vs pymrio"
        );
    }
    assert!(a.residual < 1e-12, "residual {}", a.residual);
}

#[test]
fn accounts_equal_pymrio_on_its_test_system() {
    check_against_pymrio("pymrio_test");
}

#[test]
fn accounts_equal_pymrio_on_a_synthetic_mrio() {
    check_against_pymrio("mrio_small");
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol * a.abs().max(b.abs()).max(1.0)
}

fn row_sum(m: &Mat<f64>, i: usize) -> f64 {
    (0..m.ncols()).map(|j| m[(i, j)]).sum()
}

/// Identities that hold for pymrio's definitions when all final demand belongs to a
/// region and the table is balanced (x = Z1 + Y1):
/// 1. Σ D_cba = Σ D_pba (the world's footprint equals its production-based total);
/// 2. per region, D_cba_reg − D_imp_reg = D_pba_reg − D_exp_reg (both are what the
///    region's own demand causes at home);
/// 3. Σ_r D_imp_reg = Σ_r D_exp_reg (what one region imports another exports);
/// 4. D_pba = F (x_tot = L Y 1 = x);
/// 5. M (Σ_c Y_c) = Σ D_cba (footprint = multipliers x final demand);
/// 6. 0 <= D_imp <= D_cba cell by cell (nonnegative S and Y).
#[test]
fn accounts_satisfy_identities() {
    for name in ["pymrio_test", "mrio_small"] {
        let (t, accounts) = load(name);
        let a = &accounts[0];
        let sat = &t.satellites[0];
        let f = t.final_demand();
        for i in 0..a.indicators.len() {
            let cba = row_sum(&a.d_cba, i);
            assert!(close(cba, row_sum(&a.d_pba, i), 1e-12), "{name}: 1");
            for r in 0..a.regions.len() {
                let home_c = a.d_cba_reg[(i, r)] - a.d_imp_reg[(i, r)];
                let home_p = a.d_pba_reg[(i, r)] - a.d_exp_reg[(i, r)];
                assert!(
                    close(home_c, home_p, 1e-11),
                    "{name}: 2 ({home_c} vs {home_p})"
                );
            }
            assert!(
                close(row_sum(&a.d_imp_reg, i), row_sum(&a.d_exp_reg, i), 1e-12),
                "{name}: 3"
            );
            for j in 0..t.len() {
                assert!(
                    close(a.d_pba[(i, j)], sat.values[(i, j)], 1e-10),
                    "{name}: 4"
                );
                assert!(
                    a.d_imp[(i, j)] >= 0.0 && a.d_imp[(i, j)] <= a.d_cba[(i, j)] * (1.0 + 1e-12)
                );
            }
            let my: f64 = (0..t.len()).map(|j| a.m[(i, j)] * f[j]).sum();
            assert!(close(my, cba, 1e-12), "{name}: 5");
        }
    }
}

/// Final demand that belongs to no region (e.g. exports to the rest of the world) is
/// left out of every account and reported.
#[test]
fn unattributed_final_demand_is_left_out_and_reported() {
    let (t, base) = load("mrio_small");
    let mut t2 = t.clone();
    let n = t.len();
    let k = t.y.ncols();
    t2.y = Mat::from_fn(
        n,
        k + 1,
        |i, j| if j < k { t.y[(i, j)] } else { 1.0 + i as f64 },
    );
    t2.y_labels.push("RoW|exports".into());
    t2.y_regions.push(None);
    let model = Leontief::from_table(&t2, Default::default()).unwrap();
    let acc = all_accounts(&t2, &model).unwrap();
    assert_eq!(acc[0].unattributed, vec!["RoW|exports".to_string()]);
    for i in 0..acc[0].indicators.len() {
        for j in 0..n {
            assert!(close(acc[0].d_cba[(i, j)], base[0].d_cba[(i, j)], 1e-12));
            assert!(close(acc[0].d_imp[(i, j)], base[0].d_imp[(i, j)], 1e-12));
        }
    }
}

#[test]
fn a_table_without_satellites_has_no_accounts_and_calc_refuses() {
    let t = mrio::table::read_table(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tables/mb2009_two_sector"),
    )
    .unwrap();
    let err = mrio::calc::compute(&t, Default::default(), &[mrio::calc::Output::DCba])
        .err()
        .expect("no satellite");
    assert!(err.to_string().contains("no satellite file"), "{err}");
    assert!(mrio::calc::Output::parse("D_foo").is_err());
    assert_eq!(
        mrio::calc::Output::parse("D_imp").unwrap(),
        mrio::calc::Output::DImp
    );
}

/// `calc` writes NAME/X.csv with `indicator` first and the ids as header.
#[test]
fn calc_writes_accounts_per_satellite() {
    let t = mrio::table::read_table(&data("mrio_small")).unwrap();
    let r = mrio::calc::compute(&t, Default::default(), &mrio::calc::Output::ACCOUNTS).unwrap();
    let names: Vec<&str> = r.files.iter().map(|f| f.0.as_str()).collect();
    assert_eq!(
        names,
        [
            "emissions/S.csv",
            "emissions/M.csv",
            "emissions/D_cba.csv",
            "emissions/D_cba_reg.csv",
            "emissions/D_pba.csv",
            "emissions/D_pba_reg.csv",
            "emissions/D_imp.csv",
            "emissions/D_imp_reg.csv",
            "emissions/D_exp.csv",
            "emissions/D_exp_reg.csv"
        ]
    );
    let head = String::from_utf8(r.files[2].1.clone()).unwrap();
    assert!(head.starts_with("indicator,R00_s000,R00_s001"), "{head}");
    assert_eq!(r.files[2].2, "kt CO2-eq");
    assert_eq!(r.files[0].2, "kt CO2-eq per M EUR of output");
}
