//! `mrio scenario TABLE FILE --compare A,B` on tables/toy_two_region: each scenario's
//! totals equal its own run, difference = B − A, change = 100 (B − A) / |A|, and the
//! output totals are the output multipliers of the shocked sectors (1'L: 1.628 for
//! Xi'an equipment, 1.324 for Xi'an services, as `mrio multipliers` prints).

use std::collections::HashMap;
use std::process::Command;

const FILE: &str = "docs/scenarios/two-region-compare.toml";

fn csv(args: &[&str]) -> Vec<HashMap<String, String>> {
    let o = Command::new(env!("CARGO_BIN_EXE_mrio"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut rd = csv::Reader::from_reader(&o.stdout[..]);
    let h = rd.headers().unwrap().clone();
    rd.records()
        .map(|r| {
            h.iter()
                .zip(r.unwrap().iter())
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect()
        })
        .collect()
}

fn f(r: &HashMap<String, String>, k: &str) -> f64 {
    r[k].parse().unwrap()
}

#[test]
fn compare_equals_the_two_runs_and_their_difference() {
    let rows = csv(&[
        "scenario",
        "tables/toy_two_region",
        FILE,
        "--compare",
        "equipment,services",
        "--format",
        "csv",
    ]);
    assert_eq!(rows.len(), 2 * 4); // 2 regions x 4 indicators
    let own = csv(&[
        "scenario",
        "tables/toy_two_region",
        FILE,
        "--by",
        "region",
        "--format",
        "csv",
    ]);
    for r in &rows {
        for s in ["equipment", "services"] {
            let o = own
                .iter()
                .find(|o| {
                    o["scenario"] == s
                        && o["region"] == r["region"]
                        && o["indicator"] == r["indicator"]
                })
                .unwrap();
            assert_eq!(f(r, s), f(o, "total"), "{s} {r:?}");
        }
        let d = f(r, "services") - f(r, "equipment");
        assert_eq!(f(r, "difference"), d);
        assert!((f(r, "change [%]") - 100.0 * d / f(r, "equipment").abs()).abs() < 1e-12);
    }
    let total = |ind: &str, s: &str| -> f64 {
        rows.iter()
            .filter(|r| r["indicator"] == ind)
            .map(|r| f(r, s))
            .sum()
    };
    assert!((total("output", "equipment") - 1.628).abs() < 5e-4);
    assert!((total("output", "services") - 1.324).abs() < 5e-4);
    // All value added stays in the two cities (no imports row): 1 per unit of demand.
    assert!((total("value-added", "equipment") - 1.0).abs() < 1e-12);
}

#[test]
fn compare_by_group_recomputes_the_change() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/tmp/scenario_compare");
    std::fs::create_dir_all(&dir).unwrap();
    let g = dir.join("groups.csv");
    std::fs::write(&g, "region,group\nXIAN,Shaanxi\nBAOJI,Shaanxi\n").unwrap();
    let rows = csv(&[
        "scenario",
        "tables/toy_two_region",
        FILE,
        "--compare",
        "equipment,services",
        "--format",
        "csv",
        "--group",
        g.to_str().unwrap(),
    ]);
    let out = rows.iter().find(|r| r["indicator"] == "output").unwrap();
    assert_eq!(out["region"], "Shaanxi");
    let (a, b) = (f(out, "equipment"), f(out, "services"));
    assert!((a - 1.628).abs() < 5e-4 && (b - 1.324).abs() < 5e-4);
    // The change of the merged row is recomputed, not summed or left empty: -18.66 %.
    assert!((f(out, "change [%]") - 100.0 * (b - a) / a).abs() < 1e-12);
    assert!((f(out, "change [%]") + 18.66).abs() < 0.01);
    // Both scenarios put all their value added (1 per unit) in Shaanxi: the merged rows
    // differ by exactly 0, not by the residue of summing two cities' differences.
    let va = rows
        .iter()
        .find(|r| r["indicator"] == "value-added")
        .unwrap();
    assert_eq!(
        (f(va, "difference"), f(va, "change [%]")),
        (0.0, 0.0),
        "{va:?}"
    );
}

#[test]
fn equal_totals_differ_by_zero_in_the_text() {
    let o = Command::new(env!("CARGO_BIN_EXE_mrio"))
        .args(["scenario", "tables/toy_two_region", FILE])
        .args(["--compare", "equipment,services"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{text}");
    // The value-added totals are both 1 (x 100 million CNY): printed before as
    // `-1.388e-17  -1.388e-15`, the rounding residue of 0.07216 - 0.07216.
    let va = text.split("total value-added").nth(1).unwrap();
    let total = va.lines().find(|l| l.starts_with("total")).unwrap();
    let cells: Vec<&str> = total.split_whitespace().collect();
    assert_eq!(cells, ["total", "1.000", "1.000", "0", "0"], "{text}");
    let e_notation = text
        .split_whitespace()
        .filter(|w| w.contains('e') && w.parse::<f64>().is_ok())
        .collect::<Vec<_>>();
    assert!(e_notation.is_empty(), "{e_notation:?} in {text}");
}

#[test]
fn compare_refuses_unknown_and_single_names() {
    for (arg, want) in [
        ("equipment,plants", "unknown scenario `plants`"),
        ("equipment", "two scenario names"),
    ] {
        let o = Command::new(env!("CARGO_BIN_EXE_mrio"))
            .args(["scenario", "tables/toy_two_region", FILE, "--compare", arg])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{err}");
        assert!(err.contains(want), "{err}");
    }
}
