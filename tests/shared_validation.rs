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
