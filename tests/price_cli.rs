//! `mrio price`: the Leontief price model on Miller & Blair's two-sector economy
//! (2009, Table 2.3: A = [.15 .25; .20 .05], x = (1000, 2000), value added (650, 1400)).

use std::process::Command;

fn prices(cost_push: &str, extra: &[&str]) -> Vec<f64> {
    let o = Command::new(env!("CARGO_BIN_EXE_mrio"))
        .args([
            "price",
            "tables/mb2009_two_sector",
            "--format",
            "csv",
            "--cost-push",
        ])
        .arg(cost_push)
        .args(extra)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut rd = csv::Reader::from_reader(&o.stdout[..]);
    assert_eq!(&rd.headers().unwrap()[3], "price [index, base = 1]");
    rd.records()
        .map(|r| r.unwrap()[3].parse().unwrap())
        .collect()
}

#[test]
fn base_year_prices_are_one() {
    for p in prices("tests/data/price/none.csv", &[]) {
        assert!((p - 1.0).abs() < 1e-14, "{p}");
    }
}

#[test]
fn cost_push_is_delta_v_times_leontief_inverse() {
    // +10% value added per unit in sector 1: Δv = (0.065, 0). The published Leontief
    // inverse of Table 2.3 is L = [1.254 0.330; 0.264 1.122] (exactly (1/0.7575) x
    // [0.95 0.25; 0.20 0.85]), so Δp' = Δv'L = (0.065 x 0.95/0.7575, 0.065 x 0.25/0.7575).
    let p = prices("tests/data/price/sector1_va10.csv", &[]);
    let want = [1.0 + 0.065 * 0.95 / 0.7575, 1.0 + 0.065 * 0.25 / 0.7575];
    for (a, b) in p.iter().zip(want) {
        assert!((a - b).abs() < 1e-12, "{a} vs {b}");
    }
    // Published rounding: 1.0815, 1.0215.
    assert!((p[0] - 1.0815).abs() < 1e-4 && (p[1] - 1.0215).abs() < 1e-4);
}

#[test]
fn a_fixed_price_sector_stays_at_one_and_absorbs_nothing_downstream() {
    let p = prices("tests/data/price/sector1_va10.csv", &["--fixed", "sector2"]);
    assert!((p[1] - 1.0).abs() < 1e-15);
    // Sector 1 alone: p1 = (a21 p2 + v1) / (1 - a11) = (0.20 + 0.715) / 0.85.
    assert!((p[0] - (0.20 + 0.715) / 0.85).abs() < 1e-12, "{}", p[0]);
}
