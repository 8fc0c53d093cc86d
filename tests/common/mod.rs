//! Helpers shared by integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The shared data folder (`../shared` next to the repository, or `$MRIO_SHARED`).
/// `None` (with a printed reason) when it is missing, except under `CI=true`, where a
/// missing folder fails the test.
pub fn shared_dir() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("MRIO_SHARED").map(PathBuf::from),
        Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared")),
    ];
    for c in candidates.into_iter().flatten() {
        if c.join("data").is_dir() {
            return Some(c);
        }
    }
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!("shared data folder missing (../shared or $MRIO_SHARED) and CI=true");
    }
    eprintln!("skipped: shared data folder not found (set MRIO_SHARED=/work/shared)");
    None
}

/// A table under tests/data/.
pub fn test_table(name: &str) -> mrio::IoTable {
    mrio::table::read_table(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(name))
        .expect("test table loads")
}
