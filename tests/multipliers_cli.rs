//! The `multipliers`, `linkages` and `extract` commands: output forms, units, errors.

mod common;
use common::mrio;

use std::process::Output;

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

/// `--format csv` is one row per (region, sector): `id,region,sector,` then measures;
/// the output multiplier is the column `output`.
#[test]
fn multipliers_csv_has_output_column() {
    let o = mrio(&[
        "multipliers",
        "tests/data/mrio_toy",
        "--household",
        "--format",
        "csv",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = stdout(&o);
    let mut rd = csv::Reader::from_reader(text.as_bytes());
    let full: Vec<String> = rd.headers().unwrap().iter().map(String::from).collect();
    // Headers carry units: `output [M EUR per M EUR]` (docs/units.md).
    assert_eq!(full[3], "output [M EUR per M EUR]");
    let h: Vec<String> = full
        .iter()
        .map(|c| c.split(" [").next().unwrap().to_string())
        .collect();
    assert_eq!(&h[..4], &["id", "region", "sector", "output"]);
    for want in [
        "output_total",
        "value_added",
        "value_added_type1",
        "income_type2",
        "employment_total",
    ] {
        assert!(h.iter().any(|c| c == want), "missing {want} in {h:?}");
    }
    let rows: Vec<csv::StringRecord> = rd.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 4);
    // Same number as the library.
    let t = mrio::table::read_table(&common::root().join("tests/data/mrio_toy")).unwrap();
    let m = mrio::model::Leontief::from_table(&t, Default::default()).unwrap();
    let om = m.output_multipliers().unwrap().value;
    for (j, r) in rows.iter().enumerate() {
        assert!((r[3].parse::<f64>().unwrap() - om[j]).abs() < 1e-12);
    }
    // Units are inside the file, in the headers.
    assert!(
        full.iter().any(|c| c == "employment [jobs per M EUR]"),
        "{full:?}"
    );
}

#[test]
fn json_carries_units() {
    let o = mrio(&["linkages", "tests/data/mrio_toy", "--format", "json"]);
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["units"]["output_multiplier"], "M EUR per M EUR");
    assert_eq!(v["rows"].as_array().unwrap().len(), 4);
    let o = mrio(&[
        "extract",
        "tests/data/mrio_toy",
        "--all",
        "regions",
        "--format",
        "json",
    ]);
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["units"]["loss"], "M EUR");
    assert_eq!(v["rows"][0]["rank"], "1");
}

#[test]
fn errors_are_clear_and_nonzero() {
    let cases: &[(&[&str], &str)] = &[
        (
            &["multipliers", "tests/data/mrio_toy", "--income", "wages"],
            "VA.csv: unknown income row `wages`",
        ),
        (
            &[
                "multipliers",
                "tests/data/mrio_toy",
                "--consumption-scale",
                "3",
            ],
            "not productive: the spectral radius",
        ),
        (
            &[
                "multipliers",
                "tests/data/mrio_toy",
                "--consumption-scale",
                "3",
            ],
            "(--consumption-scale < 1, a marginal propensity to consume)",
        ),
        (
            &["extract", "tests/data/mrio_toy", "--sector", "X"],
            "--sector: tests/data/mrio_toy/index.csv: unknown id `X`",
        ),
        (&["extract", "tests/data/mrio_toy"], "say what to extract"),
        (
            &["extract", "tables/mb2009_two_sector", "--all", "regions"],
            "multi-region",
        ),
        (
            &["extract", "tests/data/mrio_toy", "--region", "east"],
            "--region: tests/data/mrio_toy/index.csv: unknown region `east`; expected one of north, south",
        ),
        (
            &["extract", "tests/data/mrio_toy", "--all", "--alpha", "0"],
            "alpha: `0`: expected a number in (0, 1]",
        ),
    ];
    for (args, want) in cases {
        let o = mrio(args);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(!o.status.success(), "{args:?} succeeded");
        assert!(err.contains(want), "{args:?}: {err}");
        assert!(o.stdout.is_empty(), "{args:?} printed a partial result");
    }
}

/// The 245-row WIOD table and the 149-sector China table run through every command
/// (Type II on China: rural + urban household consumption FU101/FU102, compensation).
#[test]
fn shared_large_tables_run() {
    let Some(shared) = common::shared_dir() else {
        return;
    };
    for (table, extra) in [
        ("data/wiod2013_7regions/2011", vec![]),
        ("data/china_nbs_149_2017", vec!["--household"]),
    ] {
        let path = shared.join(table);
        let p = path.to_str().unwrap();
        let mut args = vec!["multipliers", p, "--format", "csv"];
        args.extend(extra.iter());
        let o = mrio(&args);
        assert!(
            o.status.success(),
            "{table}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let o = mrio(&["linkages", p, "--format", "csv"]);
        assert!(
            o.status.success(),
            "{table}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let o = mrio(&["extract", p, "--all", "--format", "csv"]);
        assert!(
            o.status.success(),
            "{table}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
}
