//! `mrio compare`: zero error against itself, hand-computed errors against a hand-made
//! perturbation, clear errors on bad inputs.

mod common;
use common::mrio;

use serde_json::Value;
use std::process::Output;

fn json_rows(o: &Output) -> Vec<Value> {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    v["rows"].as_array().unwrap().clone()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

fn close(got: &Value, want: f64) {
    let g = got
        .as_f64()
        .unwrap_or_else(|| panic!("{got} is not a number"));
    assert!((g - want).abs() < 1e-12, "got {g}, want {want}");
}

const MEASURES: [&str; 7] = [
    "mape",
    "wmape",
    "mpe",
    "u_mult",
    "stpe",
    "u_coef",
    "share_mad",
];

/// A multiregional table against itself: every error measure is exactly zero, and the
/// two aggregate purchase shares are equal.
#[test]
fn table_against_itself_has_zero_error() {
    let o = mrio(&[
        "compare",
        "tables/cluster",
        "tables/cluster",
        "--format",
        "json",
    ]);
    let rows = json_rows(&o);
    assert_eq!(rows.len(), 16, "one row per region of the cluster table");
    for r in &rows {
        for m in MEASURES {
            assert_eq!(r[m].as_f64(), Some(0.0), "{m} of {}", r["region"]);
        }
        assert_eq!(r["share_est"], r["share_bench"]);
        let s = r["share_est"].as_f64().unwrap();
        assert!(s > 0.0 && s < 100.0, "share {s}");
    }
}

/// The hand-made pair (tests/data/compare). Benchmark, one region R, x = (100, 300):
/// A = [[0.1, 0.2], [0, 0.5]], so L = [[10/9, 4/9], [0, 2]] and m = (10/9, 22/9).
/// Estimate: A = [[0.2, 0.2], [0, 0.4]], L = [[5/4, 5/12], [0, 5/3]], m = (5/4, 25/12).
/// Relative errors: (5/4 - 10/9)/(10/9) = 1/8 = 11/88; (25/12 - 22/9)/(22/9) = -13/88.
///   MAPE  = 100 (11 + 13)/88 / 2 = 1200/88 = 13.63636...%
///   WMAPE = 100 (0.25·11 + 0.75·13)/88 = 1250/88 = 14.20454...% (weights 100/400, 300/400)
///   MPE   = 100 (11 - 13)/88 / 2 = -100/88 %
///   U     = 100 sqrt[((5/36)² + (13/36)²) / ((10/9)² + (22/9)²)] = 100 sqrt(194/9344)
/// Coefficients: Σ|Δa| = 0.1 + 0 + 0 + 0.1 = 0.2, Σa = 0.8: STPE = 25%;
///   U = 100 sqrt[(0.01 + 0.01) / (0.01 + 0.04 + 0.25)] = 100 sqrt(1/15).
/// Purchase shares (imports row counted): benchmark 10/(10+10) = 0.5 and
///   210/(210+30) = 0.875; estimate 20/(20+20) = 0.5 and 180/(180+60) = 0.75:
///   MAD = 100 (0 + 0.125)/2 = 6.25 pp; aggregate 220/260 and 200/280.
#[test]
fn perturbation_errors_equal_the_hand_computation() {
    let o = mrio(&[
        "compare",
        "tests/data/compare/est",
        "tests/data/compare/bench",
        "--import-rows",
        "imports",
        "--format",
        "json",
    ]);
    let rows = json_rows(&o);
    assert_eq!(rows.len(), 1);
    let r = &rows[0];
    assert_eq!(r["region"], "R");
    assert_eq!(r["sectors"], "2");
    close(&r["mape"], 1200.0 / 88.0);
    close(&r["wmape"], 1250.0 / 88.0);
    close(&r["mpe"], -100.0 / 88.0);
    close(&r["u_mult"], 100.0 * (194.0f64 / 9344.0).sqrt());
    close(&r["stpe"], 25.0);
    close(&r["u_coef"], 100.0 * (1.0f64 / 15.0).sqrt());
    close(&r["share_mad"], 6.25);
    close(&r["share_bench"], 100.0 * 220.0 / 260.0);
    close(&r["share_est"], 100.0 * 200.0 / 280.0);
}

/// Swapping the roles changes the denominators: STPE is relative to the benchmark.
#[test]
fn benchmark_is_the_last_table() {
    let o = mrio(&[
        "compare",
        "tests/data/compare/bench",
        "tests/data/compare/est",
        "--format",
        "json",
    ]);
    let r = &json_rows(&o)[0];
    // Σ|Δa| = 0.2 over Σa of the estimate = 0.8: also 25%; the multiplier errors differ.
    close(&r["stpe"], 25.0);
    // (10/9 - 5/4)/(5/4) = -1/9; (22/9 - 25/12)/(25/12) = 13/75.
    close(&r["mape"], 100.0 * (1.0 / 9.0 + 13.0 / 75.0) / 2.0);
    // Without --import-rows a single-region table has no purchase shares.
    assert!(r["share_mad"].is_null() && r["share_est"].is_null());
}

/// Several estimates in one call: one row each, in order; --by-sector lists sectors.
#[test]
fn several_estimates_and_by_sector() {
    let o = mrio(&[
        "compare",
        "tests/data/compare/est",
        "tests/data/compare/bench",
        "tests/data/compare/bench",
        "--import-rows",
        "imports",
        "--format",
        "json",
    ]);
    let rows = json_rows(&o);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["estimated"], "tests/data/compare/est");
    assert_eq!(rows[1]["mape"].as_f64(), Some(0.0));
    let o = mrio(&[
        "compare",
        "tests/data/compare/est",
        "tests/data/compare/bench",
        "--by-sector",
        "--format",
        "csv",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = String::from_utf8(o.stdout.clone()).unwrap();
    let mut rd = csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = rd.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[1][2], "s2");
    let err: f64 = rows[1][5].parse().unwrap();
    assert!((err - 100.0 * -13.0 / 88.0).abs() < 1e-9, "{err}");
    assert!(
        text.lines().next().unwrap().contains("mult_error [%]"),
        "units in the CSV header"
    );
}

/// A zero-output sector is left out of the multiplier measures and named in a note.
#[test]
fn zero_output_sector_is_left_out_and_named() {
    let o = mrio(&[
        "compare",
        "tables/validation/scotland2010",
        "tables/validation/scotland2010",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(
        text.contains("left out of multipliers and shares (zero output): 12"),
        "{text}"
    );
}

#[test]
fn mismatched_sector_label_is_named() {
    let o = mrio(&[
        "compare",
        "tests/data/compare/est_badsector",
        "tests/data/compare/bench",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(
        e.contains("tests/data/compare/est_badsector")
            && e.contains("sector `s3` of region `R` is not a sector of region `R`")
            && e.contains("its sectors: s1, s2"),
        "{e}"
    );
    assert!(o.stdout.is_empty(), "no partial output");
}

#[test]
fn unknown_region_is_named() {
    let o = mrio(&[
        "compare",
        "tests/data/compare/est",
        "tests/data/compare/bench",
        "--regions",
        "R=SCO",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(
        e.contains("tests/data/compare/bench")
            && e.contains("unknown region `SCO`; expected one of R"),
        "{e}"
    );
    // No label in common and no --regions.
    let o = mrio(&["compare", "tables/cluster", "tests/data/compare/bench"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("no region label is in both tables"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn unknown_import_row_is_named() {
    let o = mrio(&[
        "compare",
        "tests/data/compare/est",
        "tests/data/compare/bench",
        "--import-rows",
        "imprts",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(
        e.contains("--import-rows: ")
            && e.contains("unknown primary-input row `imprts`")
            && e.contains("imports, value_added"),
        "{e}"
    );
}

#[test]
fn missing_table_and_missing_benchmark() {
    let o = mrio(&[
        "compare",
        "tests/data/compare/nope",
        "tests/data/compare/bench",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("tests/data/compare/nope"),
        "{}",
        stderr(&o)
    );
    // One table only: a usage error (exit 2), nothing on stdout.
    let o = mrio(&["compare", "tests/data/compare/bench"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    let o = mrio(&[
        "compare",
        "tests/data/compare/est",
        "tests/data/compare/bench",
        "--regions",
        "=R",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("expected a region label or ESTIMATED=BENCHMARK"));
}
