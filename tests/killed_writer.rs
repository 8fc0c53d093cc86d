//! `kill -9` of `mrio calc` in the middle of writing its result folder (issue 13): the
//! folder is afterwards the earlier complete result (or absent), never a mix, and the
//! next run removes what the killed one left behind (`.NAME.mrio-new-PID`, `.tmp`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// A productive n x n table (one region) whose coefficients depend on `seed`.
fn write_table(dir: &Path, n: usize, seed: f64) {
    std::fs::create_dir_all(dir).unwrap();
    let ids: Vec<String> = (0..n).map(|i| format!("s{i}")).collect();
    let mut index = String::from("id,name\n");
    let mut z = format!("id,{}\n", ids.join(","));
    let mut y = String::from("id,households\n");
    let mut x = String::from("id,x\n");
    let mut va = format!("component,{}\n", ids.join(","));
    let mut wages = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        index.push_str(&format!("{id},Sector {i}\n"));
        let row: Vec<String> = (0..n)
            .map(|j| format!("{:.4}", 0.5 + ((i * 31 + j * 17) % 13) as f64 * seed / 13.0))
            .collect();
        z.push_str(&format!("{id},{}\n", row.join(",")));
        y.push_str(&format!("{id},{}\n", 100.0 * n as f64));
        x.push_str(&format!("{id},{}\n", 1000.0 * n as f64));
        wages.push(format!("{}", 50.0 * n as f64));
    }
    va.push_str(&format!("wages,{}\n", wages.join(",")));
    for (f, t) in [
        ("index.csv", index),
        ("Z.csv", z),
        ("Y.csv", y),
        ("x.csv", x),
        ("VA.csv", va),
        (
            "table.toml",
            "name = \"kill test\"\nunit = \"M EUR\"\n".to_string(),
        ),
    ] {
        std::fs::write(dir.join(f), t).unwrap();
    }
}

fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    if !dir.exists() {
        return out;
    }
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_path_buf();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

fn calc(table: &Path, out: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_mrio"));
    c.arg("calc")
        .arg(table)
        .arg("--out")
        .arg(out)
        .arg("--force");
    c.args(["--only", "x,A,L,B,G"]);
    c.stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    c
}

/// Names in `dir` left by a run (`.out.mrio-new-*`, `.out.mrio-old-*`, `*.tmp*`).
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".mrio-new-") || n.contains(".mrio-old-") || n.contains(".tmp"))
        .collect()
}

#[test]
fn killed_calc_leaves_the_old_result_and_the_next_run_cleans_up() {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("killed_writer");
    let _ = std::fs::remove_dir_all(&root);
    let (t_old, t_new, out) = (root.join("old"), root.join("new"), root.join("out"));
    write_table(&t_old, 600, 1.0);
    write_table(&t_new, 600, 2.0);
    assert!(calc(&t_new, &out).status().unwrap().success());
    let new = snapshot(&out);
    assert!(calc(&t_old, &out).status().unwrap().success());
    let old = snapshot(&out);
    assert!(old != new);
    assert!(old.len() >= 5, "{:?}", old.keys());
    let mut killed_mid_write = 0;
    for delay_ms in [0u64, 2, 10, 40, 120] {
        let mut child = calc(&t_new, &out).spawn().unwrap();
        let stage = format!(".out.mrio-new-{}", child.id());
        // Wait until the run has started writing, then a little more, then SIGKILL.
        let start = Instant::now();
        while !root.join(&stage).exists() && start.elapsed() < Duration::from_secs(60) {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(Duration::from_micros(200));
        }
        std::thread::sleep(Duration::from_millis(delay_ms));
        let finished = child.try_wait().unwrap().is_some();
        let _ = child.kill();
        let _ = child.wait();
        if !finished && root.join(&stage).exists() {
            killed_mid_write += 1;
        }
        let now = snapshot(&out);
        assert!(
            now == old || (finished && now == new),
            "after a kill {delay_ms} ms into writing, {} is neither the old nor the new \
             result: files {:?}",
            out.display(),
            now.keys().collect::<Vec<_>>()
        );
        // The next complete run removes the killed run's leftovers.
        assert!(calc(&t_old, &out).status().unwrap().success());
        assert_eq!(snapshot(&out), old);
        assert!(leftovers(&root).is_empty(), "{:?}", leftovers(&root));
        assert!(
            snapshot(&out)
                .keys()
                .all(|k| !k.to_string_lossy().contains(".tmp")),
            "temporary files inside the result"
        );
    }
    assert!(killed_mid_write >= 1, "no run was killed while writing");
}
