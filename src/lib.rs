//! # mrio: regional and multi-regional input-output economics
//!
//! Read a table folder, build the factored Leontief model once, and solve for any
//! final demand (docs/methods.md notation: `z`, `y`, `va`, `x`, `a`, `l`, `b`, `g`).
//!
//! ```
//! use std::path::Path;
//! // Miller & Blair (2009), Table 2.3: a two-sector economy.
//! let table = mrio::table::read_table(Path::new("tables/mb2009_two_sector"))?;
//! let model = mrio::model::Leontief::from_table(&table, Default::default())?;
//! // New final demand f = (600, 1500) gives x = L f = (1247.52, 1841.58) (M&B p. 23).
//! let x = model.solve(&[600.0, 1500.0])?;
//! assert!((x.value[0] - 1247.524752).abs() < 5e-7);
//! assert!((x.value[1] - 1841.584158).abs() < 5e-7);
//! // Output multipliers 1'L by one transposed solve (no inverse formed).
//! let m = model.output_multipliers()?;
//! assert!((m.value[0] - 1.518152).abs() < 5e-7);
//! # Ok::<(), mrio::Error>(())
//! ```

// Errors carry the file, line, column, labels and offending text so messages are
// complete; they are built only on failure, so their size costs nothing on the hot path.
#![allow(clippy::result_large_err)]

pub mod analysis;
pub mod build;
pub mod builtin;
pub mod calc;
pub mod convert;
pub mod error;
pub mod footprint;
pub mod formats;
pub mod fsio;
pub mod model;
pub mod report;
pub mod table;

pub use error::{Error, Result};
pub use table::IoTable;

/// Set the number of threads used by the linear algebra (0 = all cores).
pub fn set_threads(threads: usize) {
    let par = if threads == 1 {
        faer::Par::Seq
    } else {
        faer::Par::rayon(threads)
    };
    faer::set_global_parallelism(par);
}

/// The README's Rust example runs as a doc test.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
