//! Typed errors (issue 13, item 5): problems are reported with the structured variants
//! of `mrio::Error` (`Unknown`, `BadValue`, `Conflict`, `Shape`, `Label`, `Config`,
//! `Model`, ...), so a caller can match on what went wrong. The catch-all
//! `Error::Invalid(String)` is left only where an error of another step is wrapped with
//! context or no file is at hand; this test keeps the number of its uses from growing.

use std::path::{Path, PathBuf};

/// Uses of `Error::Invalid(` in `src/` (outside `src/error.rs`, which defines it). This
/// number may only go down: convert a site to a structured variant and lower it; never
/// raise it to make room for a new one.
const MAX_INVALID: usize = 8;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn catch_all_invalid_errors_do_not_grow() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut sites = Vec::new();
    for f in &files {
        if f == &src.join("error.rs") {
            continue;
        }
        let text = std::fs::read_to_string(f).unwrap();
        for (k, line) in text.lines().enumerate() {
            for _ in line.matches("Error::Invalid(") {
                sites.push(format!("{}:{}", f.display(), k + 1));
            }
        }
    }
    assert!(
        sites.len() <= MAX_INVALID,
        "{} uses of Error::Invalid( in src/ (at most {MAX_INVALID}); use a structured \
         variant (Unknown, BadValue, Conflict, Shape, Label, Config, Model) instead:\n{}",
        sites.len(),
        sites.join("\n")
    );
}
