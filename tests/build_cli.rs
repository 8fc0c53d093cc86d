//! The build, balance and aggregate commands: exit codes, messages, nothing partial
//! written on failure.

use std::path::PathBuf;
use std::process::Command;

fn mrio() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_mrio"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

fn scratch(name: &str) -> PathBuf {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target/test-cli")
        .join(name);
    let _ = std::fs::remove_dir_all(&p);
    std::fs::create_dir_all(&p).unwrap();
    p
}

#[test]
fn build_with_a_bad_recipe_fails_naming_the_line_and_writes_nothing() {
    let dir = scratch("bad-recipe");
    let text = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/build_toy/recipe.toml"),
    )
    .unwrap()
    .replace(
        "indicators.csv",
        "../../../tests/data/build_toy/indicators.csv",
    )
    .replace(
        "\"distances.csv\"",
        "\"../../../tests/data/build_toy/distances.csv\"",
    )
    .replace("\"jobs.csv\"", "\"../../../tests/data/build_toy/jobs.csv\"");
    // The good version builds from the scratch folder (paths relative to the recipe).
    std::fs::write(dir.join("good.toml"), &text).unwrap();
    let out = mrio()
        .args(["build"])
        .arg(dir.join("good.toml"))
        .arg("--out")
        .arg(dir.join("good"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(dir.join("good/table.toml").exists());
    // An unknown key.
    let bad = text.replace("gamma = 1.0", "gamma = 1.0\ngama = 2.0");
    std::fs::write(dir.join("bad.toml"), &bad).unwrap();
    let out = mrio()
        .args(["build"])
        .arg(dir.join("bad.toml"))
        .arg("--out")
        .arg(dir.join("bad"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    let line = bad.lines().position(|l| l.starts_with("gama")).unwrap() + 1;
    assert!(
        err.contains(&format!("bad.toml: line {line}: unknown field `gama`")),
        "{err}"
    );
    assert!(!dir.join("bad").exists());
    // A region missing from the distance file.
    let bad = text.clone();
    std::fs::write(
        dir.join("ind.csv"),
        "region,sector,value\nCITYA,sector1,60\nCITYC,sector1,5\n",
    )
    .unwrap();
    let bad = bad.replace(
        "\"../../../tests/data/build_toy/indicators.csv\"",
        "\"ind.csv\"",
    );
    std::fs::write(dir.join("bad2.toml"), &bad).unwrap();
    let out = mrio()
        .args(["build"])
        .arg(dir.join("bad2.toml"))
        .arg("--out")
        .arg(dir.join("bad2"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no distance from `CITYA` to `CITYC`")
            || err.contains("no distance from `CITYC`"),
        "{err}"
    );
    assert!(!dir.join("bad2").exists());
}

#[test]
fn balance_writes_the_matrix_and_refuses_infeasible_targets() {
    let dir = scratch("balance");
    let out = mrio()
        .args([
            "balance",
            "gras",
            "--seed",
            "tests/data/balance/jo2003_seed.csv",
            "--row-totals",
            "tests/data/balance/jo2003_u.csv",
            "--col-totals",
            "tests/data/balance/jo2003_v.csv",
            "--out",
        ])
        .arg(dir.join("x.csv"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let m = mrio::table::csvio::LabeledMatrix::read(&dir.join("x.csv")).unwrap();
    assert_eq!(m.row_labels, ["goods", "services", "net_taxes"]);
    let row0: f64 = (0..4).map(|j| m.get(0, j)).sum();
    assert!((row0 - 15.0).abs() < 1e-9);
    let out = mrio()
        .args([
            "balance",
            "ras",
            "--seed",
            "tests/data/balance/zero_row_seed.csv",
            "--row-totals",
            "tests/data/balance/zero_row_u.csv",
            "--col-totals",
            "tests/data/balance/zero_row_v.csv",
            "--out",
        ])
        .arg(dir.join("y.csv"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("row `r1`"));
    assert!(!dir.join("y.csv").exists());
    // Unknown label in the totals file names the line.
    std::fs::write(
        dir.join("u.csv"),
        "id,value\ngoods,15\nservices,26\ntaxes,-1\n",
    )
    .unwrap();
    let out = mrio()
        .args([
            "balance",
            "gras",
            "--seed",
            "tests/data/balance/jo2003_seed.csv",
            "--row-totals",
        ])
        .arg(dir.join("u.csv"))
        .args(["--col-totals", "tests/data/balance/jo2003_v.csv", "--out"])
        .arg(dir.join("z.csv"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 4") && err.contains("taxes"), "{err}");
}

#[test]
fn aggregate_regions_of_the_cluster_keeps_totals() {
    let dir = scratch("aggregate");
    let out = mrio()
        .args([
            "aggregate",
            "tables/cluster",
            "--regions",
            "tables/cluster/regions_to_provinces.csv",
            "--out",
        ])
        .arg(dir.join("prov"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let a = mrio::table::read_table(&dir.join("prov")).unwrap();
    let t =
        mrio::table::read_table(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tables/cluster"))
            .unwrap();
    assert_eq!(a.index.region_list(), ["SHAANXI", "SHANXI", "GANSU", "ROC"]);
    let sum = |v: &[f64]| v.iter().sum::<f64>();
    assert!((sum(&a.x) - sum(&t.x)).abs() < 1e-9 * sum(&t.x));
    let r = mrio::table::check::check(&a);
    assert!(
        r.is_usable()
            && r.row_balance.max_relative_gap < 1e-12
            && r.column_balance.max_relative_gap < 1e-12
    );
}
