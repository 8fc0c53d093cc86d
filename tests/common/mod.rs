//! Helpers shared by integration tests.
#![allow(dead_code)]

use std::path::PathBuf;

/// The shared data folder (`../shared` next to the repository, or `$MRIO_SHARED`).
/// `None` (with a printed reason) when it is missing, except under `CI=true`, where a
/// missing folder is a test failure.
pub fn shared_dir() -> Option<PathBuf> {
    let candidates: Vec<PathBuf> = std::env::var_os("MRIO_SHARED")
        .map(PathBuf::from)
        .into_iter()
        .chain([std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared")])
        .collect();
    for c in &candidates {
        if c.join("data").is_dir() {
            return Some(c.clone());
        }
    }
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!("shared data not found (tried {candidates:?}) and CI=true");
    }
    eprintln!("skipping: shared data not found (tried {candidates:?}); set MRIO_SHARED");
    None
}

/// A table under tests/data/.
pub fn test_table(name: &str) -> mrio::IoTable {
    mrio::table::read_table(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data")
            .join(name),
    )
    .expect("test table loads")
}
