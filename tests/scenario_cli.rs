//! `mrio scenario` end to end: the report folder, CSV format, and nothing written on
//! errors; a scenario on the shared WIOD table.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

fn mrio() -> Command {
    Command::new(env!("CARGO_BIN_EXE_mrio"))
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fresh(name: &str) -> PathBuf {
    let d = root().join("target/test-out").join(name);
    let _ = std::fs::remove_dir_all(&d);
    d
}

#[test]
fn report_folder_holds_markdown_and_charts() {
    let out = fresh("report");
    let st = mrio()
        .current_dir(root())
        .args([
            "scenario",
            "tests/data/toy_two_city",
            "docs/scenarios/toy-type2.toml",
            "--report",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    for svg in [
        "impact_equipment-demand_output.svg",
        "paths_equipment-demand.svg",
        "multipliers_heatmap.svg",
    ] {
        assert!(md.contains(&format!("]({svg})")), "report links {svg}");
        let text = std::fs::read_to_string(out.join(svg)).unwrap();
        assert!(text.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(text.trim_end().ends_with("</svg>"));
        assert_eq!(text.matches("<svg").count(), 1);
        assert!(text.contains("unit: "), "{svg} states its unit");
    }
    assert!(md.contains("| shocked | XA |"));
    assert!(md.contains("induced [100M CNY]"));
    // A second run into the same folder needs --force.
    let st = mrio()
        .current_dir(root())
        .args([
            "scenario",
            "tests/data/toy_two_city",
            "docs/scenarios/toy-type2.toml",
            "--report",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert!(!st.status.success());
    assert!(String::from_utf8_lossy(&st.stderr).contains("--force"));
}

#[test]
fn bad_scenario_file_fails_and_writes_nothing() {
    let out = fresh("bad");
    let st = mrio()
        .current_dir(root())
        .args([
            "scenario",
            "tests/data/toy_two_city",
            "docs/scenarios/bad.toml",
            "--report",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(st.status.code(), Some(1));
    assert!(st.stdout.is_empty());
    let err = String::from_utf8_lossy(&st.stderr);
    assert!(
        err.contains("bad.toml: line 5: unknown sector `equipment`"),
        "{err}"
    );
    assert!(!out.exists(), "no report folder on error");
}

#[test]
fn csv_has_the_documented_header() {
    let st = mrio()
        .current_dir(root())
        .args([
            "scenario",
            "tests/data/toy_two_city",
            "docs/scenarios/toy-plant.toml",
            "--format",
            "csv",
        ])
        .output()
        .unwrap();
    assert!(st.status.success());
    let text = String::from_utf8(st.stdout).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("scenario,id,region,sector,indicator,unit,direct,indirect,induced,total")
    );
    // 2 scenarios x 4 sectors x 1 indicator.
    assert_eq!(lines.count(), 8);
    let st = mrio()
        .current_dir(root())
        .args(["spillover", "tests/data/toy_two_city", "--format", "csv"])
        .output()
        .unwrap();
    let text = String::from_utf8(st.stdout).unwrap();
    assert!(text.starts_with(
        "origin_region,origin_sector,destination_region,component,value [100M CNY/100M CNY]\n"
    ));
}

#[test]
fn shared_wiod_scenario_identities() {
    let Some(shared) = common::shared_dir() else {
        return;
    };
    let table = shared.join("data/wiod2013_7regions/2011");
    let t = mrio::table::read_table(&table).unwrap();
    let text = "[[scenario]]\nname = \"chn-electronics\"\n[[scenario.shock]]\nregion = \"CHN\"\n\
                sector = [\"c14\", \"c15\"]\npercent = 10\n\
                [[scenario]]\nname = \"plant\"\n[[scenario.shock]]\nregion = \"CHN\"\n\
                sector = \"c14\"\nkind = \"output\"\namount = 1000\nunit = \"table\"\n";
    let set = mrio::analysis::scenario::parse_scenarios(Path::new("w.toml"), text, &t).unwrap();
    let imp = mrio::analysis::scenario::run(&t, set, Default::default()).unwrap();
    let m = mrio::model::Leontief::from_table(&t, Default::default()).unwrap();
    let mut f = vec![0.0; t.len()];
    for k in &imp.set.scenarios[0].shocks {
        f[k.position] = k.amount;
    }
    let x = m.solve(&f).unwrap().value;
    let e = imp.effects(0, 0);
    for i in 0..t.len() {
        assert!((e[i].total - x[i]).abs() < 1e-9 * x[i].abs().max(1.0));
    }
    for s in 0..2 {
        let by = imp.by_region(s, 0);
        let shares: f64 = by.iter().map(|c| c.total / imp.total(s, 0).total).sum();
        assert!((shares - 1.0).abs() < 1e-12);
    }
    let plant = imp.effects(1, 0);
    let k = t.index.position("CHN_c14").unwrap();
    assert!((plant[k].total - 1000.0).abs() < 1e-9);
}

#[test]
fn demo_prints_impact_by_city_spill_share_and_paths_quickly() {
    let t0 = std::time::Instant::now();
    let st = mrio().arg("demo").output().unwrap();
    let secs = t0.elapsed().as_secs_f64();
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    let out = String::from_utf8(st.stdout).unwrap();
    assert!(out.contains("Impact by city"));
    // A briefing: bn CNY, whole jobs, the rest of the country spelled out, Type I / II.
    assert!(
        out.contains("unit: bn CNY") || out.contains("[bn CNY]"),
        "{out}"
    );
    assert!(out.contains("Rest of China"), "{out}");
    assert!(out.contains("Type I") && out.contains("Type II"));
    let jobs_line = out
        .lines()
        .find(|l| l.starts_with("employment "))
        .expect("a totals line for employment");
    assert!(!jobs_line.contains('.'), "whole jobs: {jobs_line}");
    assert!(out.contains("XIANYANG"));
    assert!(out.contains("spills out of the centre"));
    assert!(
        out.contains("Structural paths from final demand for 3 sectors to output in all regions")
    );
    assert!(out.contains("to output in the other cluster cities"));
    // A few seconds even unoptimized on a busy machine.
    assert!(secs < 20.0, "demo took {secs:.1} s");
    let st = mrio().args(["demo", "--format", "json"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&st.stdout).unwrap();
    assert!(v["impact_by_city"]["rows"].as_array().unwrap().len() >= 13);
}

/// CSV `total` column of the `output` rows, summed, and the unit column's values.
fn csv_totals(text: &str) -> (f64, Vec<String>) {
    let mut lines = text.lines();
    let head: Vec<&str> = lines.next().unwrap().split(',').collect();
    let (ui, ti) = (
        head.iter().position(|h| *h == "unit").unwrap(),
        head.iter().position(|h| h.starts_with("total")).unwrap(),
    );
    let mut sum = 0.0;
    let mut units = Vec::new();
    for l in lines {
        let c: Vec<&str> = l.split(',').collect();
        if c[4] == "output" {
            sum += c[ti].parse::<f64>().unwrap();
            units.push(c[ui].to_string());
        }
    }
    (sum, units)
}

#[test]
fn file_unit_sets_the_printed_unit_and_unit_overrides_it() {
    let dir = fresh("file_unit");
    std::fs::create_dir_all(&dir).unwrap();
    let body = "[[scenario]]\nname = \"a\"\n[[scenario.shock]]\nregion = \"XA\"\n\
                sector = \"E\"\namount = 1\n";
    let run = |toml: &str, extra: &[&str]| {
        let f = dir.join("s.toml");
        std::fs::write(&f, toml).unwrap();
        let mut c = mrio();
        c.current_dir(root())
            .args(["scenario", "tests/data/toy_two_city"])
            .arg(&f)
            .args(extra);
        c.output().unwrap()
    };
    let csv = ["--format", "csv", "--by", "region"];
    // Shocks in bn CNY, no file unit: results in bn CNY (the shocks' shared unit).
    let st = run(&format!("{body}unit = \"bn CNY\"\n"), &csv);
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    let (bn, units) = csv_totals(&String::from_utf8(st.stdout).unwrap());
    assert!(units.iter().all(|u| u == "bn CNY"), "{units:?}");
    // The same file with --unit: the table's 100M CNY, ten times the numbers.
    let mut with_unit = csv.to_vec();
    with_unit.extend(["--unit", "100M CNY"]);
    let st = run(&format!("{body}unit = \"bn CNY\"\n"), &with_unit);
    let (m100, units) = csv_totals(&String::from_utf8(st.stdout).unwrap());
    assert!(units.iter().all(|u| u == "100M CNY"), "{units:?}");
    assert!(
        (m100 - 10.0 * bn).abs() < 1e-9 * m100.abs(),
        "{m100} vs {bn}"
    );
    // A file unit: the printed unit, in text too (shock given in 100M CNY).
    let st = run(
        &format!("unit = \"k CNY\"\n{body}unit = \"100M CNY\"\n"),
        &[],
    );
    let text = String::from_utf8(st.stdout).unwrap();
    assert!(text.contains("k CNY"), "{text}");
    assert!(!text.contains("100M CNY]"), "{text}");
    // An impossible conversion names the file and line.
    let st = run(&format!("unit = \"M USD\"\n{body}unit = \"bn CNY\"\n"), &[]);
    assert!(!st.status.success());
    let err = String::from_utf8_lossy(&st.stderr);
    assert!(err.contains("s.toml") && err.contains("line 1"), "{err}");
    assert!(err.contains("USD"), "{err}");
}
