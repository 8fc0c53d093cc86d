//! Ranges of a finished ensemble beside a scenario's results: `mrio scenario
//! --ensemble DIR` (text, CSV, report), `mrio demo --ensemble [DIR]`, and the refusal
//! of an ensemble run on another table or scenario file.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fresh(name: &str) -> PathBuf {
    let d = root().join("target/test-out/ensemble_ranges").join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn mrio(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mrio"))
        .current_dir(root())
        .args(args)
        .output()
        .unwrap()
}

fn ok(args: &[&str]) -> String {
    let o = mrio(args);
    assert!(
        o.status.success(),
        "mrio {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

const TOY: &str = "tests/data/toy_two_city";
const SPEC: &str = "docs/scenarios/toy-ensemble.toml";
const SCEN: &str = "docs/scenarios/toy-demand.toml";

/// The toy ensemble (cell noise), 60 draws, into `dir/ens`.
fn toy_ensemble(dir: &Path) -> PathBuf {
    let out = dir.join("ens");
    ok(&[
        "--quiet",
        "ensemble",
        SPEC,
        "--draws",
        "60",
        "--seed",
        "2",
        "--out",
        out.to_str().unwrap(),
    ]);
    out
}

fn csv_rows(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .from_reader(text.as_bytes());
    let head = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|x| x.unwrap().iter().map(String::from).collect())
        .collect();
    (head, rows)
}

#[test]
fn scenario_csv_carries_the_ensemble_percentiles_of_every_region() {
    let d = fresh("csv");
    let ens = toy_ensemble(&d);
    let out = ok(&[
        "scenario",
        TOY,
        SCEN,
        "--by",
        "region",
        "--format",
        "csv",
        "--ensemble",
        ens.to_str().unwrap(),
        // summary.csv is in the table's unit; the file's shocks are in bn CNY.
        "--unit",
        "100M CNY",
    ]);
    let (head, rows) = csv_rows(&out);
    let col = |p: &str| {
        head.iter()
            .position(|h| h.starts_with(p))
            .unwrap_or_else(|| panic!("{p} in {head:?}"))
    };
    let (region, ind, p05, p95) = (
        col("region"),
        col("indicator"),
        col("total p05"),
        col("total p95"),
    );
    let summary = std::fs::read_to_string(ens.join("summary.csv")).unwrap();
    let (_, srows) = csv_rows(&summary);
    let mut checked = 0;
    for r in &rows {
        let s = srows
            .iter()
            .find(|s| s[1] == r[region] && s[2] == "all" && s[3] == r[ind])
            .unwrap_or_else(|| panic!("no summary row for {r:?}"));
        // The same numbers as summary.csv, to the last digit.
        assert_eq!(r[p05].parse::<f64>().unwrap(), s[7].parse::<f64>().unwrap());
        assert_eq!(r[p95].parse::<f64>().unwrap(), s[9].parse::<f64>().unwrap());
        assert!(s[7].parse::<f64>().unwrap() <= s[9].parse::<f64>().unwrap());
        checked += 1;
    }
    assert!(checked >= 4, "{checked} rows checked");
}

#[test]
fn scenario_text_and_report_show_ranges_and_the_tornado() {
    let d = fresh("report");
    let ens = toy_ensemble(&d);
    let rep = d.join("rep");
    let text = ok(&[
        "scenario",
        TOY,
        SCEN,
        "--ensemble",
        ens.to_str().unwrap(),
        "--report",
        rep.to_str().unwrap(),
    ]);
    assert!(text.contains("total p05"), "{text}");
    assert!(
        text.contains("5th-95th percentile of the ensemble"),
        "{text}"
    );
    let md = std::fs::read_to_string(rep.join("report.md")).unwrap();
    assert!(md.contains("### Ranges and what drives them"), "{md}");
    assert!(md.contains("tornado_equipment-demand.svg"), "{md}");
    assert!(md.contains("within the sampling noise of 60 draws"), "{md}");
    let tornado = std::fs::read_to_string(rep.join("tornado_equipment-demand.svg")).unwrap();
    assert!(tornado.contains("rank correlation with the result"));
    let bars = std::fs::read_to_string(rep.join("impact_equipment-demand_output.svg")).unwrap();
    assert!(
        bars.contains("5th-95th percentile:"),
        "whiskers on the bars"
    );
}

#[test]
fn an_ensemble_of_another_scenario_file_is_refused() {
    let d = fresh("other");
    let ens = toy_ensemble(&d);
    let other = d.join("other.toml");
    std::fs::write(
        &other,
        std::fs::read_to_string(root().join(SCEN))
            .unwrap()
            .replace("amount = 1\n", "amount = 2\n"),
    )
    .unwrap();
    let o = mrio(&[
        "scenario",
        TOY,
        other.to_str().unwrap(),
        "--ensemble",
        ens.to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("run on another table or scenario file"),
        "{err}"
    );
    // The demo refuses it too (another table).
    let o = mrio(&["demo", "--ensemble", ens.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("has no scenario"));
}

#[test]
fn demo_shows_the_shipped_cluster_ranges_around_its_point() {
    let out = ok(&["demo", "--ensemble", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let find = |key: &str| {
        let f = v[key].clone();
        assert!(f.is_object(), "frame {key} in {out}");
        f
    };
    let ranges = find("ranges_by_city");
    let by_city = find("impact_by_city");
    let rows = |f: &serde_json::Value| f["rows"].as_array().unwrap().clone();
    let mut inside = 0;
    for r in rows(&ranges) {
        let region = r["region"].as_str().unwrap().to_string();
        let point = rows(&by_city)
            .into_iter()
            .find(|p| p["region"] == region.as_str())
            .unwrap();
        let (p, lo, hi) = (
            point["output"].as_f64().unwrap(),
            r["output p05"].as_f64().unwrap(),
            r["output p95"].as_f64().unwrap(),
        );
        assert!(lo <= hi && lo > 0.0, "{region}: {lo}..{hi}");
        if lo <= p && p <= hi {
            inside += 1;
        }
    }
    // The table without the ensemble is a typical draw: inside the 90% band nearly everywhere.
    assert!(
        inside >= 14,
        "point inside the band for {inside} of 17 rows"
    );
    let drivers = find("drivers");
    assert!(!rows(&drivers).is_empty());
}

#[test]
fn the_shipped_cluster_ensemble_is_of_the_current_spec() {
    let shipped =
        std::fs::read_to_string(root().join("tables/cluster/ensemble-1000/ensemble.toml")).unwrap();
    let t: toml::Table = toml::from_str(&shipped).unwrap();
    let spec = std::fs::read_to_string(root().join("tables/cluster/ensemble.toml")).unwrap();
    assert_eq!(
        t["spec"].as_str().unwrap().trim(),
        spec.trim(),
        "tables/cluster/ensemble.toml changed: rerun `mrio ensemble tables/cluster/ensemble.toml \
         --draws 1000 --seed 1` and copy summary, shares, sensitivity, regions and ensemble.toml into \
         tables/cluster/ensemble-1000/"
    );
    assert_eq!(t["draws"].as_integer(), Some(1000));
    // The demo's cap (tables/cluster/limits.csv) has its per-draw use in the shipped
    // regions.csv, so `mrio demo --ensemble` can say how often it binds.
    let regions =
        std::fs::read_to_string(root().join("tables/cluster/ensemble-1000/regions.csv")).unwrap();
    let head = regions.lines().next().unwrap();
    let limits = std::fs::read_to_string(root().join("tables/cluster/limits.csv")).unwrap();
    for row in limits.lines().skip(1) {
        let f: Vec<&str> = row.split(',').collect();
        let col = format!("|{}|{} [", f[1], f[0]);
        assert!(
            head.contains(&col),
            "regions.csv lacks {col}: regenerate it"
        );
    }
    assert_eq!(regions.lines().count(), 1001, "a header and 1000 draws");
}
