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
                "table.toml"
            ]
        ),
    ))
}

/// The default scenario of `mrio demo` (`docs/scenarios/cluster-hightech.toml`).
pub const CLUSTER_SCENARIO: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/docs/scenarios/cluster-hightech.toml"
));
