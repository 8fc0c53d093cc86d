//! Ensembles: the impacts of a scenario file over many tables, each built from a draw of
//! the uncertain inputs (recipe parameters, indicator rows by their status) or
//! perturbed cell by cell (a fixed table), with percentiles, group shares and a ranking
//! of the inputs that matter (docs/uncertainty.md).
//!
//! * [`spec`] reads the ensemble spec; [`sample`] holds the distributions and the random
//!   stream of every draw (seed, draw index);
//! * [`draw`] prepares the inputs once and makes the table of one draw; the engine
//!   ([`crate::analysis::scenario::run_with`]) solves it with one factorization and one
//!   batch solve;
//! * [`run`] runs draws in parallel and keeps them in draw order; [`stats`] summarizes;
//! * [`output`] writes the files, the shards' partial folders and merges them;
//! * [`slurm`] writes an sbatch script; [`ranges`] reads a finished ensemble to show
//!   ranges beside a scenario's results.
//!
//! Draw `d` gets the same numbers whatever thread or shard runs it, and every sum runs in
//! draw order, so the files are byte-identical for any thread count or shard layout.

pub mod draw;
pub mod limits;
pub mod output;
pub mod ranges;
pub mod run;
pub mod sample;
pub mod slurm;
pub mod spec;
pub mod stats;

pub use draw::Prepared;
pub use run::{Layout, Run};
pub use spec::Spec;

use crate::error::{Error, Result};

/// Parse `K/N` (1 <= K <= N).
pub fn parse_shard(s: &str) -> Result<(u64, u64)> {
    let bad = || Error::bad_value("shard", s, "K/N with 1 <= K <= N, e.g. 2/4");
    let (k, n) = s.split_once('/').ok_or_else(bad)?;
    let (k, n): (u64, u64) = (
        k.trim().parse().map_err(|_| bad())?,
        n.trim().parse().map_err(|_| bad())?,
    );
    if k == 0 || k > n {
        return Err(bad());
    }
    Ok((k, n))
}

/// Largest number of draws or seed accepted (they are recorded as TOML integers).
pub const MAX_COUNT: u64 = i64::MAX as u64;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_parse_and_cover_the_draws() {
        assert_eq!(parse_shard("2/4").unwrap(), (2, 4));
        assert!(parse_shard("0/4").is_err());
        assert!(parse_shard("5/4").is_err());
        assert!(parse_shard("x").is_err());
        for n in 1..6 {
            let mut next = 0;
            for k in 1..=n {
                let (lo, c) = run::shard_range(13, k, n);
                assert_eq!(lo, next);
                next = lo + c;
            }
            assert_eq!(next, 13);
        }
    }
}
