//! `mrio aggregate TABLE --out DIR [--sectors FROM_TO.csv] [--regions FROM_TO.csv]
//!  [--split FROM_TO_WEIGHT.csv] [--force]`
//!
//! Aggregates sectors and/or regions by concordance files (`from,to[,name]`: every label
//! mapped to one target; flows, final demand, primary inputs, output and satellites are
//! summed, so balance is kept), or splits sectors of a single-region table with weights
//! (`from,to,weight`: output shares; each part keeps the whole's input structure and
//! sales pattern). Steps run in the order split, sectors, regions. Writes a table folder.

use super::{load, Ctx};
use mrio::build::aggregate::{
    aggregate_regions, aggregate_sectors, disaggregate_sectors, Concordance, Split,
};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Table folder.
    table: PathBuf,
    /// Output table folder.
    #[arg(long)]
    out: PathBuf,
    /// Sector concordance `from,to[,name]`.
    #[arg(long)]
    sectors: Option<PathBuf>,
    /// Region concordance `from,to[,name]`.
    #[arg(long)]
    regions: Option<PathBuf>,
    /// Sector split `from,to,weight` (single-region tables).
    #[arg(long)]
    split: Option<PathBuf>,
    /// Replace a non-empty output folder (the whole folder, never merged).
    #[arg(long)]
    force: bool,
}

pub fn run(args: Args, ctx: &Ctx) -> mrio::Result<ExitCode> {
    if args.sectors.is_none() && args.regions.is_none() && args.split.is_none() {
        return Err(mrio::Error::Invalid(
            "nothing to do: give --sectors, --regions and/or --split".into(),
        ));
    }
    let mut inputs: Vec<&std::path::Path> = vec![&args.table];
    inputs.extend(
        [&args.sectors, &args.regions, &args.split]
            .into_iter()
            .flatten()
            .map(|p| p.as_path()),
    );
    let out = super::out_dir(&args.out, args.force, &inputs)?;
    let mut t = load(&args.table)?;
    let mut steps = Vec::new();
    if let Some(p) = &args.split {
        t = disaggregate_sectors(&t, &Split::read(p)?)?;
        steps.push(format!("sectors split by {}", p.display()));
    }
    if let Some(p) = &args.sectors {
        t = aggregate_sectors(&t, &Concordance::read(p)?)?;
        steps.push(format!("sectors aggregated by {}", p.display()));
    }
    if let Some(p) = &args.regions {
        t = aggregate_regions(&t, &Concordance::read(p)?)?;
        steps.push(format!("regions aggregated by {}", p.display()));
    }
    let line = format!("mrio aggregate: {}", steps.join("; "));
    t.meta.notes = Some(match t.meta.notes.take() {
        Some(n) => format!("{n}\n{line}"),
        None => line,
    });
    mrio::table::write_table(&t, out.path())?;
    super::commit(out)?;
    ctx.note(&format!(
        "wrote {}: {} region(s) x {} sector(s) ({})",
        args.out.display(),
        t.index.region_list().len(),
        t.index.sector_list().len(),
        steps.join("; ")
    ));
    Ok(ExitCode::SUCCESS)
}
