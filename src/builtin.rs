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
