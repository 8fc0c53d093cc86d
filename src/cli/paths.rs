//! `mrio paths TABLE --from REGION:SECTOR [--to REGION] [--top K] [--threshold T]
//!             [--max-depth D] [--format table|csv|json|markdown|xlsx]`
//!
//! Structural path analysis (docs/methods.md 8): the K largest supply-chain paths from a unit of
//! final demand for the origin's product to output in the destination region (all
//! regions by default), each with its value and share, and the share of the total
//! effect the listed paths cover. The search prunes subtrees worth less than T times the
//! total effect.

use super::{load, Ctx};
use mrio::analysis::paths::{structural_paths, PathOptions};
use mrio::model::{Leontief, ModelOptions};
use mrio::report::spillover::paths_frame;
use mrio::Error;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Table folder.
    table: PathBuf,
    /// Origin as REGION:SECTOR (or an id of index.csv).
    #[arg(long)]
    from: String,
    /// Destination region (default: output in every region).
    #[arg(long)]
    to: Option<String>,
    /// Number of paths to list.
    #[arg(long, default_value_t = 10)]
    top: usize,
    /// Threshold as a share of the total effect (paths and subtrees below it are dropped).
    #[arg(long, default_value_t = 1e-3)]
    threshold: f64,
    /// What the paths end in: `output` (default), `value-added`, `income` or a satellite
    /// row such as `employment`.
    #[arg(long, default_value = "output")]
    indicator: String,
    /// Longest path considered (number of steps).
    #[arg(long, default_value_t = 8)]
    max_depth: usize,
    #[command(flatten)]
    out: super::OutputArgs,
}

pub fn run(args: Args, ctx: &Ctx) -> mrio::Result<ExitCode> {
    let table = load(&args.table)?;
    let ix = &table.index;
    let origin = match args.from.split_once(':') {
        Some((r, s)) => ix.position_of(r, s).ok_or_else(|| {
            Error::unknown(
                format!("region `{r}`"),
                "sector",
                s,
                format!("regions of the table: {}", ix.region_list().join(", ")),
            )
            .flag(format!("--from {}", args.from))
        })?,
        None => ix.position(&args.from).ok_or_else(|| {
            Error::unknown(
                "index.csv",
                "id",
                &args.from,
                "expected REGION:SECTOR or an id of index.csv",
            )
            .flag("--from")
        })?,
    };
    let ind = mrio::analysis::scenario::find_indicator(&table, &args.indicator)?;
    let (q, what) = match &args.to {
        Some(r) => {
            if !ix.region_list().contains(r) {
                return Err(Error::unknown(
                    "the table",
                    "region",
                    r,
                    format!("expected one of {}", ix.region_list().join(", ")),
                )
                .flag("--to"));
            }
            (
                ix.regions()
                    .iter()
                    .zip(&ind.per_output)
                    .map(|(x, w)| if x == r { *w } else { 0.0 })
                    .collect::<Vec<f64>>(),
                format!("{} in {r}", ind.name),
            )
        }
        None => (
            ind.per_output.clone(),
            format!("{} in all regions", ind.name),
        ),
    };
    let model = Leontief::from_table(&table, ModelOptions::default())?;
    let p = structural_paths(
        &model,
        origin,
        &q,
        PathOptions {
            top: args.top,
            threshold: args.threshold,
            max_depth: args.max_depth,
            ..PathOptions::default()
        },
    )?;
    let unit = table.unit();
    let f = paths_frame(&p, ix, &what, &format!("{} per {unit}", ind.unit));
    args.out.emit(vec![f], ctx)?;
    Ok(ExitCode::SUCCESS)
}
