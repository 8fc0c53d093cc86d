//! Tables compiled into the binary, so `mrio demo` works with no files.

use crate::error::Result;
use crate::table::{read_folder, Folder, IoTable};
use std::path::PathBuf;

macro_rules! embed {
    ($dir:literal, [$($f:literal),*]) => {
        vec![$(($f, include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/tables/", $dir, "/", $f)) as &'static [u8])),*]
    };
}

/// Miller & Blair (2009), Table 2.3: the two-sector textbook economy.
pub fn mb2009_two_sector() -> Result<IoTable> {
    read_folder(&Folder::Memory(
        PathBuf::from("<built-in>/mb2009_two_sector"),
        embed!(
            "mb2009_two_sector",
            [
                "index.csv",
                "Z.csv",
                "Y.csv",
                "VA.csv",
                "x.csv",
                "table.toml"
            ]
        ),
    ))
}

/// The illustrative city-cluster MRIO (`tables/cluster`, built by `mrio build`): a
/// central city, eleven secondary cities and the rest of the country.
pub fn cluster() -> Result<IoTable> {
    read_folder(&Folder::Memory(
        PathBuf::from("<built-in>/cluster"),
        embed!(
            "cluster",
            [
                "index.csv",
                "Z.csv",
                "Y.csv",
                "VA.csv",
                "x.csv",
                "employment.csv",
                "water.csv",
                "table.toml"
            ]
        ),
    ))
}

/// The cluster's default limits (`tables/cluster/limits.csv`: Xianyang's spare water
/// supply capacity), checked by `mrio demo`.
pub const CLUSTER_LIMITS: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tables/cluster/limits.csv"
));

/// The default scenario of `mrio demo` (`docs/scenarios/cluster-hightech.toml`).
pub const CLUSTER_SCENARIO: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/docs/scenarios/cluster-hightech.toml"
));

/// The results of the shipped cluster ensemble (`tables/cluster/ensemble.toml`, 1,000
/// draws, seed 1; `tables/cluster/ensemble-1000/`), compiled in so `mrio demo
/// --ensemble` shows ranges with no files. Rebuilding it needs the national parent
/// table; `tests/shared_cluster_ensemble.rs` checks it is not stale.
pub fn cluster_ensemble() -> Result<crate::ensemble::ranges::Ranges> {
    let files = embed!(
        "cluster/ensemble-1000",
        [
            "summary.csv",
            "shares.csv",
            "sensitivity.csv",
            "regions.csv",
            "ensemble.toml"
        ]
    );
    let dir = PathBuf::from("<built-in>/cluster/ensemble-1000");
    crate::ensemble::ranges::Ranges::from_source(&dir, &|name| {
        files
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, b)| b.to_vec())
            .ok_or_else(|| crate::error::Error::label(dir.join(name), "not compiled in"))
    })
}
