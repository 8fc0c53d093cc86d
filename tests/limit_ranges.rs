//! `[[limit]]` checks over an ensemble: the 5th-95th percentile of a limit's additional
//! use and the share of draws in which its cap binds, in the limits frame (text, CSV,
//! JSON) and in the report. A hand-built ensemble folder (ten draws) gives a hand count;
//! a live toy ensemble is checked against its own `regions.csv`.

mod common;

use common::{mrio, root, test_table};
use mrio::analysis::scenario::{parse_scenarios, run, Impacts};
use mrio::ensemble::ranges::Ranges;
use mrio::model::ModelOptions;
use mrio::report::{Cell, Frame};
use std::path::{Path, PathBuf};

fn fresh(name: &str) -> PathBuf {
    let d = root().join("target/test-out/limit_ranges").join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
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

/// The toy two-city table, 10 (100M CNY) of final demand for Xi'an equipment, a limit
/// on Xi'an's jobs (`cap`) and one on Baoji's output.
fn limit_run(cap: f64) -> Impacts {
    let text = format!(
        r#"unit = "100M CNY"
indicators = ["output", "employment"]
[[scenario]]
name = "demand"
[[scenario.shock]]
region = "XA"
sector = "E"
amount = 10
[[limit]]
region = "XA"
indicator = "employment"
cap = {cap:e}
[[limit]]
region = "BJ"
indicator = "output"
cap = 100
"#
    );
    let t = test_table("toy_two_city");
    let set = parse_scenarios(Path::new("plan.toml"), &text, &t).unwrap();
    run(&t, set, ModelOptions::default()).unwrap()
}

/// Ten hand-made draws of Xi'an's additional jobs: the point times 0.80, 0.85, ..., 1.25.
const FACTORS: [f64; 10] = [0.80, 0.85, 0.90, 0.95, 1.00, 1.05, 1.10, 1.15, 1.20, 1.25];

/// An ensemble folder with the point of `imp` and `regions.csv` holding the ten draws of
/// Xi'an's jobs only (Baoji's output has a band in summary.csv but no draws).
#[allow(clippy::result_large_err)]
fn hand_ensemble(imp: &Impacts, jobs: f64) -> Ranges {
    let out_bj = imp.limit_checks(0)[1].increase;
    let summary = format!(
        "scenario,region,sector,indicator,point,mean,sd,p05,p50,p95\n\
         demand,XA,all,employment,{jobs},{jobs},0,{},{jobs},{}\n\
         demand,BJ,all,output,{out_bj},{out_bj},0,{},{out_bj},{}\n",
        0.5 * jobs,
        1.5 * jobs,
        0.9 * out_bj,
        1.1 * out_bj
    );
    let mut regions = String::from("draw,demand|employment|XA\n");
    for (d, f) in FACTORS.iter().enumerate() {
        regions.push_str(&format!("{d},{}\n", f * jobs));
    }
    let files = [
        ("summary.csv", summary),
        (
            "shares.csv",
            "scenario,indicator,group,point,mean,p05,p50,p95\n".into(),
        ),
        (
            "sensitivity.csv",
            "scenario,indicator,group,rank,input,spearman,variance_share\n".into(),
        ),
        ("ensemble.toml", "draws = 10\n".into()),
        ("regions.csv", regions),
    ];
    let dir = PathBuf::from("hand-ensemble");
    Ranges::from_source(&dir, &|name| {
        Ok(files
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, b)| b.clone().into_bytes())
            .unwrap())
    })
    .unwrap()
}

fn cell(f: &Frame, row: usize, col: &str) -> Cell {
    let j = f
        .col(col)
        .unwrap_or_else(|| panic!("no column {col} in {:?}", f.columns));
    f.rows[row][j].clone()
}

fn value(f: &Frame, row: usize, col: &str) -> f64 {
    match cell(f, row, col) {
        Cell::Num(v) => v,
        c => panic!("{col} of row {row}: {c:?}"),
    }
}

/// Xi'an's point increase of jobs of the toy run (independent of the cap).
fn jobs_point() -> f64 {
    limit_run(1e9).limit_checks(0)[0].increase
}

#[test]
fn binding_share_is_the_hand_count_of_the_draws_above_the_cap() {
    let jobs = jobs_point();
    // Cap 1.02 x the point: the draws 1.05, 1.10, 1.15, 1.20 and 1.25 exceed it (5 of 10);
    // the point itself does not bind.
    let imp = limit_run(1.02 * jobs);
    let r = hand_ensemble(&imp, jobs);
    let f = mrio::report::planning::limits_frame(&imp, Some(&r)).unwrap();
    assert!(matches!(cell(&f, 0, "binding"), Cell::Text(ref s) if s == "no"));
    assert!((value(&f, 0, "binding share") - 50.0).abs() < 1e-12);
    // A cap between 0.80 and 0.85 x the point: 9 of 10 draws bind, and so does the point.
    let imp = limit_run(0.82 * jobs);
    let f = mrio::report::planning::limits_frame(&imp, Some(&hand_ensemble(&imp, jobs))).unwrap();
    assert!(matches!(cell(&f, 0, "binding"), Cell::Text(ref s) if s == "yes"));
    assert!((value(&f, 0, "binding share") - 90.0).abs() < 1e-12);
    assert_eq!(
        f.columns[f.col("binding share").unwrap()].unit.as_deref(),
        Some("%")
    );
}

#[test]
fn a_cap_no_draw_reaches_binds_in_no_draw() {
    let jobs = jobs_point();
    for cap in [1.25 * jobs, 2.0 * jobs, 1e9] {
        let imp = limit_run(cap);
        let f =
            mrio::report::planning::limits_frame(&imp, Some(&hand_ensemble(&imp, jobs))).unwrap();
        assert_eq!(value(&f, 0, "binding share"), 0.0, "cap {cap}");
    }
}

#[test]
fn ranges_bracket_the_point_and_missing_draws_are_named() {
    let jobs = jobs_point();
    let imp = limit_run(jobs);
    let f = mrio::report::planning::limits_frame(&imp, Some(&hand_ensemble(&imp, jobs))).unwrap();
    let (lo, hi) = (value(&f, 0, "increase p05"), value(&f, 0, "increase p95"));
    let inc = value(&f, 0, "increase");
    assert!(lo < inc && inc < hi, "{lo} {inc} {hi}");
    // Type 7 percentiles of 0.80..1.25 (step 0.05): 0.8225 and 1.2275 x the point.
    assert!((lo / jobs - 0.8225).abs() < 1e-12 && (hi / jobs - 1.2275).abs() < 1e-12);
    // Baoji's output: the ensemble has its band but no draws, so no binding share.
    assert!(matches!(cell(&f, 1, "binding share"), Cell::Missing));
    let note = f.notes.join("\n");
    assert!(
        note.contains("5th-95th percentile of 10 draws in hand-ensemble"),
        "{note}"
    );
    assert!(
        note.contains("no binding share for `demand` BJ output"),
        "{note}"
    );
    // Without an ensemble the frame has no range columns.
    let plain = mrio::report::planning::limits_frame(&imp, None).unwrap();
    assert!(plain.col("binding share").is_none());
}

const TOY: &str = "tests/data/toy_two_city";
const COL: &str = "equipment-demand|employment|XA [persons]";

/// The toy ensemble (cell noise, 60 draws) and the sorted draws of Xi'an's jobs.
fn toy_ensemble(dir: &Path) -> (PathBuf, Vec<f64>) {
    let out = dir.join("ens");
    ok(&[
        "--quiet",
        "ensemble",
        "docs/scenarios/toy-ensemble.toml",
        "--draws",
        "60",
        "--seed",
        "2",
        "--out",
        out.to_str().unwrap(),
    ]);
    let text = std::fs::read_to_string(out.join("regions.csv")).unwrap();
    let mut lines = text.lines();
    let head: Vec<&str> = lines.next().unwrap().split(',').collect();
    let j = head.iter().position(|h| *h == COL).expect(COL);
    let mut v: Vec<f64> = lines
        .map(|l| l.split(',').nth(j).unwrap().parse().unwrap())
        .collect();
    v.sort_by(f64::total_cmp);
    (out, v)
}

/// docs/scenarios/toy-demand.toml with a limit on Xi'an's jobs.
fn toy_with_limit(dir: &Path, cap: f64) -> PathBuf {
    let p = dir.join("limit.toml");
    let base = std::fs::read_to_string(root().join("docs/scenarios/toy-demand.toml")).unwrap();
    let text =
        format!("{base}\n[[limit]]\nregion = \"XA\"\nindicator = \"employment\"\ncap = {cap:e}\n");
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn scenario_csv_json_and_report_carry_the_binding_share_of_a_live_ensemble() {
    let d = fresh("live");
    let (ens, jobs) = toy_ensemble(&d);
    assert_eq!(jobs.len(), 60);
    // A cap between the 40th and 41st smallest draw: 20 of 60 draws bind.
    let cap = 0.5 * (jobs[39] + jobs[40]);
    let scen = toy_with_limit(&d, cap);
    let (scen, ens) = (scen.to_str().unwrap(), ens.to_str().unwrap());
    let csv = ok(&[
        "scenario",
        TOY,
        scen,
        "--by",
        "limits",
        "--format",
        "csv",
        "--ensemble",
        ens,
    ]);
    let mut rd = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .from_reader(csv.as_bytes());
    let head: Vec<String> = rd.headers().unwrap().iter().map(String::from).collect();
    let rows: Vec<Vec<String>> = rd
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    let at = |name: &str| {
        head.iter()
            .position(|h| h.starts_with(name))
            .unwrap_or_else(|| panic!("{name} in {head:?}"))
    };
    assert_eq!(head[at("binding share")], "binding share [%]", "{head:?}");
    let share: f64 = rows[0][at("binding share")].parse().unwrap();
    assert!((share - 100.0 * 20.0 / 60.0).abs() < 1e-9, "{csv}");
    let (lo, hi): (f64, f64) = (
        rows[0][at("increase p05")].parse().unwrap(),
        rows[0][at("increase p95")].parse().unwrap(),
    );
    assert!(jobs[0] <= lo && lo < hi && hi <= jobs[59], "{lo} {hi}");
    // JSON: the same frame under its key.
    let json = ok(&["scenario", TOY, scen, "--format", "json", "--ensemble", ens]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let row = &v["limits"]["rows"][0];
    assert!(
        (row["binding share"].as_f64().unwrap() - share).abs() < 1e-9,
        "{row}"
    );
    // Text and report: the column, and the note saying what the share is.
    let rep = d.join("rep");
    let text = ok(&[
        "scenario",
        TOY,
        scen,
        "--ensemble",
        ens,
        "--report",
        rep.to_str().unwrap(),
    ]);
    assert!(text.contains("binding share"), "{text}");
    let md = std::fs::read_to_string(rep.join("report.md")).unwrap();
    assert!(md.contains("binding share"), "{md}");
    assert!(
        md.contains("share of the draws in which the increase exceeds the cap"),
        "{md}"
    );
}

/// An ensemble tracks what its scenario file caps: a `[[limit]]` on an indicator the file
/// does not list (employment here) still gets its per-draw region totals in regions.csv
/// and its range in summary.csv, so the limits frame can show the binding share.
#[test]
fn an_ensemble_tracks_the_indicators_its_limits_cap() {
    let d = fresh("tracked");
    let scen = d.join("capped.toml");
    let base = std::fs::read_to_string(root().join("docs/scenarios/toy-demand.toml")).unwrap();
    let text = base.replace(
        "indicators = [\"output\", \"employment\"]",
        "indicators = [\"output\"]",
    );
    assert_ne!(text, base, "toy-demand.toml lists output and employment");
    std::fs::write(
        &scen,
        format!("{text}\n[[limit]]\nregion = \"XA\"\nindicator = \"employment\"\ncap = 1e9\n"),
    )
    .unwrap();
    let spec = d.join("spec.toml");
    let table = root().join(TOY);
    std::fs::write(
        &spec,
        format!(
            "table = {:?}\nscenarios = \"capped.toml\"\n[cells]\nrelative_sd = 0.2\n[groups]\nrest = []\n",
            table.to_str().unwrap()
        ),
    )
    .unwrap();
    let out = d.join("ens");
    ok(&[
        "--quiet",
        "ensemble",
        spec.to_str().unwrap(),
        "--draws",
        "4",
        "--seed",
        "3",
        "--out",
        out.to_str().unwrap(),
    ]);
    let regions = std::fs::read_to_string(out.join("regions.csv")).unwrap();
    let head = regions.lines().next().unwrap();
    assert!(head.split(',').any(|h| h == COL), "{head}");
    assert_eq!(regions.lines().count(), 5, "a header and 4 draws");
    let summary = std::fs::read_to_string(out.join("summary.csv")).unwrap();
    assert!(summary.contains(",employment,"), "{summary}");
    // The file's own indicator is kept first.
    assert!(
        head.split(',').nth(1).unwrap().contains("|output|"),
        "{head}"
    );
}
