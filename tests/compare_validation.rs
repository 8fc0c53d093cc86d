//! Believability of the Scotland 2010 validation (tables/validation, docs/validation.md):
//! the orderings an economist expects from the literature hold in the shipped tables.

mod common;

use serde_json::Value;
use std::process::Command;

fn mrio(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_mrio"))
        .args(args)
        .current_dir(common::root())
        .output()
        .unwrap()
}

#[test]
fn flq_beats_slq_and_slq_overstates_scotland() {
    let base = std::env::temp_dir().join(format!("mrio-cmpval-{}", std::process::id()));
    let runs = [
        ("slq", "regionalize.method=slq"),
        ("flq015", "regionalize.delta=0.15"),
        ("flq04", "regionalize.delta=0.4"),
    ];
    for (name, set) in runs {
        let out = base.join(name);
        let o = mrio(&[
            "--quiet",
            "build",
            "tables/validation/recipe.toml",
            "--out",
            out.to_str().unwrap(),
            "--set",
            set,
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let dirs: Vec<String> = runs
        .iter()
        .map(|(n, _)| base.join(n).display().to_string())
        .collect();
    let mut args = vec!["compare"];
    args.extend(dirs.iter().map(String::as_str));
    args.extend([
        "tables/validation/scotland2010",
        "--import-rows",
        "imports_ruk,imports_row",
        "--format",
        "json",
    ]);
    let o = mrio(&args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let r = v["rows"].as_array().unwrap();
    let f = |k: usize, m: &str| r[k][m].as_f64().unwrap();
    // SLQ: too much local supply, multipliers too high.
    assert!(f(0, "mpe") > 0.0 && f(0, "share_est") > f(0, "share_bench"));
    // A large delta: too little local supply, multipliers too low.
    assert!(f(2, "mpe") < 0.0 && f(2, "share_est") < f(2, "share_bench"));
    // FLQ at the recommended delta beats both on the multipliers, weighted or not.
    for m in ["mape", "wmape"] {
        assert!(f(1, m) < f(0, m) && f(1, m) < f(2, m), "{m}: {r:?}");
    }
    // The survey's own share is the same in every row (one benchmark).
    assert_eq!(r[0]["share_bench"], r[2]["share_bench"]);
    std::fs::remove_dir_all(&base).unwrap();
}
