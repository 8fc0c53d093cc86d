//! The catalogue of bad inputs (tests/bad_inputs/*/case.toml): each case is a small
//! table folder (plus, for some, a demand file or an output folder) and the outcome the
//! real `mrio` binary must give on it.
//!
//! For a case with a non-zero `exit`, the runner asserts: that exit code (never 101, the
//! code of a panic), no `panicked` on stderr, stderr names the place (`where`: file and
//! line/column, or the label) and holds every `stderr` fragment, and nothing was
//! written or changed (every file in the case folder byte-identical afterwards, no new
//! file). For a case with `exit = 0` (inputs that must be ACCEPTED, such as a BOM or a
//! permuted table), inputs are unchanged too, and with `same_as_base` the stdout and
//! every output file equal those of the same command on `_base/`.
//!
//! Each case runs on a copy under `target/bad_inputs/`, so even a bug cannot touch the
//! catalogue. See tests/bad_inputs/README.md for the format.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    about: String,
    args: Vec<String>,
    #[serde(default = "one")]
    exit: i32,
    #[serde(rename = "where")]
    place: Option<String>,
    #[serde(default)]
    stderr: Vec<String>,
    #[serde(default)]
    stdout: Vec<String>,
    #[serde(default)]
    same_as_base: bool,
    /// Paths (relative to the case folder) made into FIFOs (named pipes) before the run:
    /// git cannot store them.
    #[serde(default)]
    fifo: Vec<String>,
    /// Fragments neither stdout nor stderr may contain (`NaN`, a 300-digit number).
    #[serde(default)]
    not: Vec<String>,
}

fn one() -> i32 {
    1
}

fn catalogue() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad_inputs")
}

/// Every file under `dir` (relative path -> bytes; a symbolic link or FIFO is recorded
/// as what it is, never followed or opened).
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            let t = std::fs::symlink_metadata(&p).unwrap().file_type();
            if t.is_symlink() {
                let to = std::fs::read_link(&p).unwrap();
                let rel = p.strip_prefix(root).unwrap().to_path_buf();
                out.insert(rel, format!("symlink -> {}", to.display()).into_bytes());
            } else if !t.is_dir() && !t.is_file() {
                let rel = p.strip_prefix(root).unwrap().to_path_buf();
                out.insert(rel, b"special file".to_vec());
            } else if p.is_dir() {
                out.insert(p.strip_prefix(root).unwrap().join(""), Vec::new());
                walk(root, &p, out);
            } else {
                let rel = p.strip_prefix(root).unwrap().to_path_buf();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap();
        if name == "case.toml" {
            continue;
        }
        if std::fs::symlink_metadata(&p)
            .unwrap()
            .file_type()
            .is_symlink()
        {
            #[cfg(unix)]
            std::os::unix::fs::symlink(std::fs::read_link(&p).unwrap(), to.join(name)).unwrap();
        } else if p.is_dir() {
            copy_dir(&p, &to.join(name));
        } else {
            std::fs::copy(&p, to.join(name)).unwrap();
        }
    }
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Run mrio in `dir`; a run that has not finished after 60 s (a hang, such as a read
/// of a FIFO) is killed and reported with exit `None` and `HUNG` on stderr.
fn run(dir: &Path, args: &[String]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mrio"))
        .args(args)
        .current_dir(dir)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("running mrio");
    let start = std::time::Instant::now();
    let mut hung = false;
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > std::time::Duration::from_secs(60) {
            let _ = child.kill();
            hung = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let out = child.wait_with_output().expect("running mrio");
    let mut stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    if hung {
        stderr.push_str("\nHUNG: killed after 60 s\n");
    }
    Run {
        code: if hung { None } else { out.status.code() },
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr,
    }
}

/// Make the FIFOs a case asks for (replacing any file of that name).
fn make_fifos(work: &Path, fifos: &[String]) {
    for f in fifos {
        let p = work.join(f);
        let _ = std::fs::remove_file(&p);
        let ok = Command::new("mkfifo").arg(&p).status().expect("mkfifo");
        assert!(ok.success(), "mkfifo {}", p.display());
    }
}

/// Copy `src` (a case or `_base`) to a fresh work folder.
fn stage(src: &Path, name: &str) -> PathBuf {
    let work = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("bad_inputs")
        .join(name);
    let _ = std::fs::remove_dir_all(&work);
    copy_dir(src, &work);
    work
}

/// Check one case; returns a description of every failed expectation.
fn check_case(dir: &Path) -> Vec<String> {
    let name = dir.file_name().unwrap().to_string_lossy().into_owned();
    let text = std::fs::read_to_string(dir.join("case.toml")).unwrap();
    let case: Case = match toml::from_str(&text) {
        Ok(c) => c,
        Err(e) => return vec![format!("case.toml: {e}")],
    };
    let work = stage(dir, &name);
    make_fifos(&work, &case.fifo);
    let before = snapshot(&work);
    let r = run(&work, &case.args);
    let after = snapshot(&work);
    let mut fails = Vec::new();
    let shown = format!(
        "(about: {}; args: {:?}; exit {:?})\n--- stderr ---\n{}--- stdout ---\n{}",
        case.about, case.args, r.code, r.stderr, r.stdout
    );
    if r.code == Some(101) || r.stderr.contains("panicked") {
        fails.push("mrio panicked".to_string());
    }
    if r.code != Some(case.exit) {
        fails.push(format!("expected exit {}, got {:?}", case.exit, r.code));
    }
    if case.exit != 0 {
        match &case.place {
            None => fails.push("an error case must give `where` (file:line or label)".into()),
            Some(p) => {
                let both = format!("{}{}", r.stderr, r.stdout);
                if !both.contains(p.as_str()) {
                    fails.push(format!("message does not name the place `{p}`"));
                }
            }
        }
        if before != after {
            let changed: Vec<_> = before
                .keys()
                .chain(after.keys())
                .filter(|k| before.get(*k) != after.get(*k))
                .collect();
            fails.push(format!("files written or changed on error: {changed:?}"));
        }
    } else {
        for (k, v) in &before {
            if after.get(k) != Some(v) {
                fails.push(format!("input {} was modified", k.display()));
            }
        }
    }
    for f in &case.stderr {
        if !r.stderr.contains(f.as_str()) {
            fails.push(format!("stderr lacks `{f}`"));
        }
    }
    for f in &case.stdout {
        if !r.stdout.contains(f.as_str()) {
            fails.push(format!("stdout lacks `{f}`"));
        }
    }
    for f in &case.not {
        if r.stdout.contains(f.as_str()) || r.stderr.contains(f.as_str()) {
            fails.push(format!("output holds `{f}`, which it must not"));
        }
    }
    if case.same_as_base {
        let base = stage(&catalogue().join("_base"), &format!("{name}.base"));
        let rb = run(&base, &case.args);
        if rb.code != Some(0) {
            fails.push(format!("_base failed: {}", rb.stderr));
        }
        if rb.stdout != r.stdout {
            fails.push(format!(
                "stdout differs from _base:\n{}\nvs _base:\n{}",
                r.stdout, rb.stdout
            ));
        }
        let (out, out_base) = (work.join("out"), base.join("out"));
        if out_base.exists() {
            let (a, b) = (snapshot(&out), snapshot(&out_base));
            if a.is_empty() || a != b {
                fails.push("output files differ from those of _base".into());
            }
        }
    }
    fails
        .into_iter()
        .map(|f| format!("{name}: {f}\n{shown}"))
        .collect()
}

fn cases() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(catalogue())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("case.toml").is_file())
        .collect();
    dirs.sort();
    dirs
}

#[test]
fn catalogue_of_bad_inputs() {
    let dirs = cases();
    assert!(
        dirs.len() >= 40,
        "the catalogue needs at least 130 cases, has {}",
        dirs.len()
    );
    let fails: Vec<String> = dirs.iter().flat_map(|d| check_case(d)).collect();
    assert!(
        fails.is_empty(),
        "{} failed expectation(s):\n\n{}",
        fails.len(),
        fails.join("\n\n")
    );
}

/// The runner itself must be able to fail: a case expecting the wrong fragment fails.
#[test]
fn runner_detects_a_wrong_expectation() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bad_inputs_self_test");
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&catalogue().join("cell_text"), &dir);
    std::fs::write(
        dir.join("case.toml"),
        "about = \"self test\"\nargs = [\"check\", \"table\"]\nwhere = \"table/Z.csv:9:\"\nstderr = [\"no such text\"]\n",
    )
    .unwrap();
    let fails = check_case(&dir);
    assert_eq!(fails.len(), 2, "{fails:#?}");
}
