//! Linkages: the published Germany 1995 forward linkages, identities (index means,
//! intra + inter = backward, variability against an explicit L) on the shipped toy
//! MRIO and on the shared WIOD 7-region table.

mod common;

use common::*;
use mrio::analysis::linkages::{linkages, KeyClass, LinkageOptions, Weighting};
use mrio::model::{Ghosh, Leontief, ModelOptions};
use mrio::IoTable;

fn toy() -> IoTable {
    mrio::table::read_table(&root().join("tests/data/mrio_toy")).unwrap()
}

/// Eurostat (2008) ch. 15 Germany 1995: forward linkages = row sums of the Ghosh
/// inverse with B = Z / (row totals), as iotables computes them (x_row_total.csv).
/// Five of six published values match within one unit of the 4th decimal (four at
/// half a unit; trade/transport's 1.5848 is 1.58486 truncated rather than rounded);
/// industry's published 1.6691 is a digit swap of the recomputed 1.6910
/// (expected.json), so we check the recomputation there and that the printed value is
/// indeed off.
#[test]
fn germany_1995_forward_linkages() {
    let t = case_table(
        "eurostat2008_germany1995_siot",
        "Z_domestic.csv",
        "final_demand.csv",
        "primary_inputs_and_employment.csv",
        "x_row_total.csv",
    );
    let e = expected("eurostat2008_germany1995_siot");
    let published = e["published"]["forward_linkages (row sums of G)"]
        .as_array()
        .unwrap()
        .clone();
    let model = Leontief::from_table(&t, ModelOptions::default()).unwrap();
    let lk = linkages(&model, &t, &LinkageOptions::default()).unwrap();
    for (i, p) in published.iter().enumerate() {
        let (v, half) = published_value(p);
        if i == 1 {
            assert!((lk.ghosh_total[i] - v).abs() > 0.01, "1.6691 is a misprint");
            assert!((lk.ghosh_total[i] - 1.6910).abs() <= half);
        } else {
            let tol = if i == 3 { 2.0 * half } else { half };
            assert!(
                (lk.ghosh_total[i] - v).abs() <= tol,
                "{i}: {} vs {v}",
                lk.ghosh_total[i]
            );
        }
    }
    // Same as the Ghosh model's own row sums.
    let g = Ghosh::from_table(&t, ModelOptions::default()).unwrap();
    let rs = g.row_sums().unwrap().value;
    for (r, g) in rs.iter().zip(&lk.ghosh_total) {
        assert!((r - g).abs() < 1e-12);
    }
    // Backward totals are the published output multipliers (with x = P1).
    let t1 = eurostat_germany();
    let m1 = Leontief::from_table(&t1, ModelOptions::default()).unwrap();
    let lk1 = linkages(&m1, &t1, &LinkageOptions::default()).unwrap();
    let pm = e["published"]["output_multipliers (col sums of L)"]
        .as_array()
        .unwrap();
    for (j, p) in pm.iter().enumerate() {
        let (v, half) = published_value(p);
        assert!((lk1.backward_total[j] - v).abs() <= half);
    }
}

fn published_value(p: &serde_json::Value) -> (f64, f64) {
    common::published(p)
}

/// Check every identity on a table; returns the linkages for more checks.
fn identities(t: &IoTable) -> mrio::analysis::linkages::Linkages {
    let model = Leontief::from_table(t, ModelOptions::default()).unwrap();
    let lk = linkages(&model, t, &LinkageOptions::default()).unwrap();
    let n = t.len();
    let inc: Vec<usize> = (0..n).filter(|&i| lk.included[i]).collect();
    let k = inc.len() as f64;
    // Equal-weight indices average 1 over the included sectors.
    for v in [&lk.backward, &lk.forward, &lk.forward_ghosh] {
        let mean: f64 = inc.iter().map(|&i| v[i]).sum::<f64>() / k;
        assert!((mean - 1.0).abs() < 1e-12, "mean {mean}");
    }
    // Intra + inter = backward (index and totals), MRIO only.
    if t.index.is_multi_region() {
        let (bi, be) = (
            lk.backward_intra.as_ref().unwrap(),
            lk.backward_inter.as_ref().unwrap(),
        );
        let (ti, te) = (
            lk.backward_total_intra.as_ref().unwrap(),
            lk.backward_total_inter.as_ref().unwrap(),
        );
        for &j in &inc {
            assert!((bi[j] + be[j] - lk.backward[j]).abs() < 1e-12);
            assert!((ti[j] + te[j] - lk.backward_total[j]).abs() < 1e-12);
            assert!(ti[j] >= 1.0 - 1e-12 && te[j] >= -1e-12);
        }
        let (fi, fe) = (
            lk.forward_ghosh_intra.as_ref().unwrap(),
            lk.forward_ghosh_inter.as_ref().unwrap(),
        );
        for &i in &inc {
            assert!((fi[i] + fe[i] - lk.forward_ghosh[i]).abs() < 1e-12);
        }
    }
    // Against an explicit L (formed here only to check the solves).
    let l = model.inverse().unwrap().value;
    for &j in &inc {
        let col: Vec<f64> = inc.iter().map(|&i| l[(i, j)]).collect();
        let row: Vec<f64> = inc.iter().map(|&c| l[(j, c)]).collect();
        let sum: f64 = col.iter().sum();
        assert!((sum - lk.backward_total[j]).abs() < 1e-10 * sum);
        assert!((row.iter().sum::<f64>() - lk.forward_total[j]).abs() < 1e-10 * sum);
        let cv = |v: &[f64]| {
            let mean = v.iter().sum::<f64>() / k;
            let var = v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (k - 1.0);
            var.sqrt() / mean
        };
        assert!((cv(&col) - lk.backward_variability.as_ref().unwrap()[j]).abs() < 1e-9);
        assert!((cv(&row) - lk.forward_variability.as_ref().unwrap()[j]).abs() < 1e-9);
        if t.index.is_multi_region() {
            let r = &t.index.regions()[j];
            let intra: f64 = inc
                .iter()
                .filter(|&&i| &t.index.regions()[i] == r)
                .map(|&i| l[(i, j)])
                .sum();
            assert!((intra - lk.backward_total_intra.as_ref().unwrap()[j]).abs() < 1e-10 * sum);
            // Ghosh row j over its own region's columns: g_jc = l_jc x_c / x_j.
            let gintra: f64 = inc
                .iter()
                .filter(|&&c| &t.index.regions()[c] == r)
                .map(|&c| l[(j, c)] * t.x[c] / t.x[j])
                .sum();
            let gavg: f64 = inc.iter().map(|&i| lk.ghosh_total[i]).sum::<f64>() / k;
            let want = gintra / gavg;
            let got = lk.forward_ghosh_intra.as_ref().unwrap()[j];
            assert!(
                (got - want).abs() < 1e-10 * want.max(1.0),
                "{got} vs {want}"
            );
        }
    }
    lk
}

#[test]
fn toy_mrio_identities() {
    let t = toy();
    let lk = identities(&t);
    // Ghosh row sums equal the row sums of the Ghosh inverse G.
    let g = Ghosh::from_table(&t, ModelOptions::default())
        .unwrap()
        .inverse()
        .unwrap()
        .value;
    for i in 0..t.len() {
        let rs: f64 = (0..t.len()).map(|j| g[(i, j)]).sum();
        assert!((rs - lk.ghosh_total[i]).abs() < 1e-12);
    }
    // Key-sector classes follow the indices.
    for i in 0..t.len() {
        let want = match (lk.backward[i] > 1.0, lk.forward_ghosh[i] > 1.0) {
            (true, true) => KeyClass::Key,
            (true, false) => KeyClass::Backward,
            (false, true) => KeyClass::Forward,
            (false, false) => KeyClass::Weak,
        };
        assert_eq!(lk.class[i], Some(want));
    }
    // Output-weighted indices have an output-weighted mean of 1.
    let model = Leontief::from_table(&t, ModelOptions::default()).unwrap();
    let w = linkages(
        &model,
        &t,
        &LinkageOptions {
            weighting: Weighting::Output,
            ..Default::default()
        },
    )
    .unwrap();
    let xs: f64 = t.x.iter().sum();
    let mean: f64 = (0..t.len()).map(|i| t.x[i] / xs * w.backward[i]).sum();
    assert!((mean - 1.0).abs() < 1e-12);
}

#[test]
fn single_region_identities() {
    identities(&eurostat_germany());
    identities(&ons_uk2010());
}

/// WIOD 2013 release aggregated to 7 regions x 35 industries, 2011 (245 rows, two
/// zero-output sectors): intra + inter = backward, zero-output sectors left out.
#[test]
fn shared_wiod2011_intra_inter_add_up() {
    let Some(shared) = shared_dir() else { return };
    let t = mrio::table::read_table(&shared.join("data/wiod2013_7regions/2011")).unwrap();
    assert_eq!(t.len(), 245);
    let lk = identities(&t);
    let zero: Vec<usize> = (0..t.len()).filter(|&i| t.x[i] == 0.0).collect();
    assert!(!zero.is_empty());
    for &i in &zero {
        assert!(lk.backward[i].is_nan() && lk.class[i].is_none());
    }
}

/// Final-demand weights refuse a sector whose net final demand is negative (a stock
/// draw-down larger than its other uses): a weighted average with a negative weight
/// would turn the sector's pull around. Positive weights give indices averaging 1
/// under those weights.
#[test]
fn final_demand_weights_must_not_be_negative() {
    let mut t = toy();
    let model = Leontief::from_table(&t, ModelOptions::default()).unwrap();
    let opts = LinkageOptions {
        weighting: Weighting::FinalDemand,
        ..LinkageOptions::default()
    };
    let lk = linkages(&model, &t, &opts).unwrap();
    let f = t.final_demand();
    let inc: Vec<usize> = (0..t.len()).filter(|&i| lk.included[i]).collect();
    let total: f64 = inc.iter().map(|&i| f[i]).sum();
    let mean: f64 = inc.iter().map(|&i| f[i] / total * lk.backward[i]).sum();
    assert!((mean - 1.0).abs() < 1e-12, "weighted mean {mean}");
    // Sector 0's final demand made negative.
    let k = t.y.ncols() - 1;
    t.y[(0, k)] -= f[0] + 5.0;
    let msg = linkages(&model, &t, &opts).unwrap_err().to_string();
    let id = &t.index.ids()[0];
    assert!(
        msg.contains(&format!("final demand of `{id}` is -5")),
        "{msg}"
    );
    assert!(msg.contains("must not be negative"), "{msg}");
}
