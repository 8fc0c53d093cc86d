//! Every table folder in the shared data (`../shared/data`) passes `mrio check`
//! (warnings allowed) and `mrio calc`. Reads ../shared: skipped with a message when it
//! is absent, a failure when CI=true.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

fn table_folders(dir: &Path, out: &mut Vec<PathBuf>) {
    if dir.join("Z.csv").is_file() {
        out.push(dir.to_path_buf());
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    entries.sort();
    for e in entries {
        table_folders(&e, out);
    }
}

#[test]
fn shared_every_table_passes_check_and_calc() {
    let Some(shared) = common::shared_dir() else {
        return;
    };
    let mut folders = Vec::new();
    table_folders(&shared.join("data"), &mut folders);
    assert!(folders.len() >= 50, "found only {} tables", folders.len());
    let out_root = std::env::temp_dir().join(format!("mrio-shared-{}", std::process::id()));
    let mut multi_region = 0;
    for (k, f) in folders.iter().enumerate() {
        let check = Command::new(env!("CARGO_BIN_EXE_mrio"))
            .args(["check", "--format", "json"])
            .arg(f)
            .output()
            .unwrap();
        assert!(
            check.status.success(),
            "check {}: {}{}",
            f.display(),
            String::from_utf8_lossy(&check.stdout),
            String::from_utf8_lossy(&check.stderr)
        );
        let report: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
        if report["regions"].as_array().unwrap().len() > 1 {
            multi_region += 1;
        }
        let out = out_root.join(k.to_string());
        let calc = Command::new(env!("CARGO_BIN_EXE_mrio"))
            .args(["--quiet", "calc"])
            .arg(f)
            .arg("--out")
            .arg(&out)
            .args(["--only", "x,A,L"])
            .output()
            .unwrap();
        assert!(
            calc.status.success(),
            "calc {}: {}",
            f.display(),
            String::from_utf8_lossy(&calc.stderr)
        );
        for file in ["x.csv", "A.csv", "L.csv", "units.csv"] {
            assert!(out.join(file).is_file(), "{} has no {file}", f.display());
        }
        std::fs::remove_dir_all(&out).unwrap();
    }
    assert!(multi_region >= 2, "the WIOD tables are multi-regional");
    let _ = std::fs::remove_dir_all(&out_root);
}

/// The WIOD table loads as 7 regions x 35 sectors with region-tagged final demand.
#[test]
fn shared_wiod_is_seven_regions_by_35_sectors() {
    let Some(shared) = common::shared_dir() else {
        return;
    };
    let t = mrio::table::read_table(&shared.join("data/wiod2013_7regions/2011")).unwrap();
    assert_eq!(t.len(), 245);
    assert_eq!(t.index.region_list().len(), 7);
    assert_eq!(t.index.sector_list().len(), 35);
    assert!(t.y_regions.iter().all(|r| r.is_some()));
    assert_eq!(t.y_regions[0].as_deref(), Some("EUZ"));
}

/// Run one test of this binary again with the shared folder pointed somewhere absent.
fn rerun_without_shared(test: &str, ci: Option<&str>) -> std::process::Output {
    let mut c = Command::new(std::env::current_exe().unwrap());
    c.args([test, "--exact", "--test-threads=1"])
        .env("MRIO_SHARED", "/nonexistent/mrio-shared-absent")
        .env_remove("CI");
    if let Some(v) = ci {
        c.env("CI", v);
    }
    c.output().unwrap()
}

/// Without the shared data every shared test passes with a visible `SKIPPED` line
/// (outside CI), and fails when CI=true.
#[test]
fn missing_shared_data_is_reported_skipped_and_fails_in_ci() {
    let test = "shared_wiod_is_seven_regions_by_35_sectors";
    let o = rerun_without_shared(test, None);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains(&format!("SKIPPED {test}: shared data folder")),
        "{err}"
    );
    let o = rerun_without_shared(test, Some("true"));
    assert!(!o.status.success(), "must fail when CI=true");
    let out = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(out.contains("is missing and CI=true"), "{out}");
}
