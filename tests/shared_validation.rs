//! The Scotland validation inputs in tables/validation are exactly what
//! tables/validation/derive.py writes from ../shared (the script also checks that the
//! Scottish table reproduces the published Type I output multipliers and that every
//! table balances). Reads ../shared: skipped with a message when it is absent, a
//! failure when CI=true.

mod common;

use std::path::Path;
use std::process::Command;

fn files(dir: &Path, base: &Path, out: &mut Vec<String>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files(&p, base, out);
        } else if p.extension().is_some_and(|e| e == "csv" || e == "toml") {
            out.push(p.strip_prefix(base).unwrap().display().to_string());
        }
    }
}

#[test]
fn shared_validation_inputs_rederive_byte_for_byte() {
    let Some(shared) = common::shared_dir() else {
        return;
    };
    let out = std::env::temp_dir().join(format!("mrio-validation-{}", std::process::id()));
    let o = Command::new("python3")
        .arg("tables/validation/derive.py")
        .arg("--shared")
        .arg(&shared)
        .arg("--out")
        .arg(&out)
        .current_dir(common::root())
        .output()
        .expect("python3 runs");
    assert!(
        o.status.success(),
        "derive.py failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("published multipliers reproduced"), "{text}");
    let mut derived = Vec::new();
    files(&out, &out, &mut derived);
    assert!(derived.len() >= 14, "{derived:?}");
    let shipped = common::root().join("tables/validation");
    for f in &derived {
        let a = std::fs::read(out.join(f)).unwrap();
        let b =
            std::fs::read(shipped.join(f)).unwrap_or_else(|e| panic!("tables/validation/{f}: {e}"));
        assert!(
            a == b,
            "tables/validation/{f} differs from what derive.py writes"
        );
    }
    std::fs::remove_dir_all(&out).unwrap();
}

fn mrio(args: &[&str], dir: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_mrio"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

/// The documented re-run for a held-back year (tables/validation/README.md), on 2012 as
/// a stand-in: derive, build with that year's indicators, compare. FLQ must still beat
/// SLQ on the multipliers, and SLQ must still overstate them.
#[test]
fn shared_validation_reruns_on_another_year() {
    let Some(shared) = common::shared_dir() else {
        return;
    };
    let root = common::root();
    let out = std::env::temp_dir().join(format!("mrio-validation-2012-{}", std::process::id()));
    let o = Command::new("python3")
        .arg("tables/validation/derive.py")
        .args(["--year", "2012", "--scotland-csv"])
        .arg(shared.join("data/scotland_io_1998_2012/scotland_ixi_domestic_basic_1998_2012.csv"))
        .arg("--shared")
        .arg(&shared)
        .arg("--out")
        .arg(&out)
        .current_dir(&root)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for f in ["recipe.toml", "distances.csv"] {
        std::fs::copy(root.join("tables/validation").join(f), out.join(f)).unwrap();
    }
    let recipe = out.join("recipe.toml");
    let recipe = recipe.to_str().unwrap();
    for (name, set) in [
        ("slq", "regionalize.method=slq"),
        ("flq", "regionalize.delta=0.15"),
    ] {
        let dir = out.join(name);
        let o = mrio(
            &[
                "--quiet",
                "build",
                recipe,
                "--out",
                dir.to_str().unwrap(),
                "--set",
                "regions.indicators=indicators2012.csv",
                "--set",
                set,
            ],
            &root,
        );
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let o = mrio(
        &[
            "compare",
            out.join("slq").to_str().unwrap(),
            out.join("flq").to_str().unwrap(),
            out.join("scotland2012").to_str().unwrap(),
            "--regions",
            "SCO",
            "--import-rows",
            "imports_ruk,imports_row",
            "--format",
            "json",
        ],
        &root,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let rows = v["rows"].as_array().unwrap();
    let (slq, flq) = (&rows[0], &rows[1]);
    let f = |r: &serde_json::Value, k: &str| r[k].as_f64().unwrap();
    assert!(f(slq, "mpe") > 0.0, "SLQ overstates: {slq}");
    assert!(
        f(flq, "mape") < f(slq, "mape"),
        "FLQ beats SLQ: {flq} vs {slq}"
    );
    std::fs::remove_dir_all(&out).unwrap();
}
