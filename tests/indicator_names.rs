//! One indicator vocabulary (src/analysis/indicator.rs): `value-added` and `value_added`
//! name the same indicator in `multipliers`, `paths` and `scenario`, and an unknown name
//! lists the names the table offers.

mod common;
use common::mrio;

use std::process::Output;

fn ok(o: &Output) -> String {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout.clone()).unwrap()
}

const TABLE: &str = "tests/data/toy_two_city";

#[test]
fn multipliers_only_accepts_both_spellings_with_the_same_result() {
    let a = ok(&mrio(&[
        "multipliers",
        TABLE,
        "--only",
        "value-added",
        "--format",
        "csv",
    ]));
    let b = ok(&mrio(&[
        "multipliers",
        TABLE,
        "--only",
        "value_added",
        "--format",
        "csv",
    ]));
    assert_eq!(a, b);
    // The measure is there: value added per unit final demand below 1 (the table has
    // an imports row), e.g. `XA_E,XA,E,0.60...`.
    let first: f64 = a
        .lines()
        .nth(1)
        .unwrap()
        .split(',')
        .nth(3)
        .unwrap()
        .parse()
        .unwrap();
    assert!(a.starts_with("id,region,sector,value_added ["), "{a}");
    assert!(first > 0.0 && first < 1.0, "{a}");
}

#[test]
fn paths_accept_both_spellings_with_the_same_result() {
    let run = |ind: &str| {
        ok(&mrio(&[
            "paths",
            TABLE,
            "--from",
            "XA:E",
            "--indicator",
            ind,
            "-q",
        ]))
    };
    let a = run("value-added");
    assert_eq!(a, run("value_added"));
    assert_ne!(a, run("output"), "the indicator is used");
}

#[test]
fn scenario_files_accept_both_spellings_with_the_same_result() {
    let dir = std::env::temp_dir().join(format!("mrio_indicator_names_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let text =
        std::fs::read_to_string(common::root().join("tests/data/scenarios/toy.toml")).unwrap();
    let mut outs = Vec::new();
    for spelling in ["value-added", "value_added"] {
        let f = dir.join(format!("{spelling}.toml"));
        std::fs::write(
            &f,
            text.replace("\"value-added\"", &format!("\"{spelling}\"")),
        )
        .unwrap();
        outs.push(ok(&mrio(&["scenario", TABLE, f.to_str().unwrap(), "-q"])));
    }
    assert_eq!(outs[0], outs[1]);
    assert!(outs[0].contains("value-added"), "{}", outs[0]);
}

#[test]
fn an_unknown_name_lists_the_valid_ones() {
    let o = mrio(&["multipliers", TABLE, "--only", "valueadded"]);
    assert!(!o.status.success());
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(
        e.contains("`valueadded`") && e.contains("`value_added`") && e.contains("`income`"),
        "{e}"
    );
    let o = mrio(&[
        "paths",
        TABLE,
        "--from",
        "XA:E",
        "--indicator",
        "valueadded",
    ]);
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(
        !o.status.success() && e.contains("`value-added`") && e.contains("`employment`"),
        "{e}"
    );
}
