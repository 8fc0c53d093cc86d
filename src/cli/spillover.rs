//! `mrio spillover TABLE [--direction backward|forward] [--regions] [--split R1,R2,...
//!                 [--out DIR [--force]]] [--format table|csv|json|markdown|xlsx]`
//!
//! For every origin (region, sector): the intraregional effect, the feedback effect and
//! the spillover to each other region, per unit of final demand (backward, Leontief) or
//! of primary input (forward, Ghosh); they add up to the multiplier (docs/methods.md 5.1, 5.4).
//! `--format csv` prints long rows `origin_region,origin_sector,destination_region,
//! component,value` (component `intra`, `feedback`, `spillover`).
//! `--regions`: the four region x region matrices (in CSV one long table with a
//! `matrix` column): the region x region multipliers, scale-weighted flows S^sr = 1'L^sr f^r,
//! net spillovers and dependence ratios. `--split`: Round's M1 M2 M3 and Stone's N1 N2
//! N3 for the listed regions versus the rest (column sums; `--out` writes the matrices).

use super::{load, Ctx};
use mrio::analysis::spillover::{self, Direction};
use mrio::model::{Leontief, ModelOptions, ZeroOutput};
use mrio::report::spillover::{
    decomposition_units, long_frame, origin_frame, region_frames, region_long_frame, split_frame,
};
use mrio::report::Format;
use mrio::Error;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Dir {
    /// Leontief: where output appears per unit of the origin's final demand.
    Backward,
    /// Ghosh: where downstream output appears per unit of the origin's primary input.
    Forward,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Table folder (multi-regional).
    table: PathBuf,
    /// Backward (Leontief) or forward (Ghosh) view.
    #[arg(long, value_enum, default_value_t = Dir::Backward)]
    direction: Dir,
    /// Show the region x region matrices instead of the per-origin split.
    #[arg(long)]
    regions: bool,
    /// Round/Stone two-group split: comma-separated regions of group 1 (the rest is group 2).
    #[arg(long, value_delimiter = ',')]
    split: Vec<String>,
    /// With --split: write M1, M2, M3, N1, N2, N3 as labelled CSV into this folder.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Replace a non-empty --out folder (the whole folder, never merged).
    #[arg(long)]
    force: bool,
    /// Indicator of the backward view: `output` (default), `value-added`, `income` or a
    /// satellite row such as `employment`.
    #[arg(long, default_value = "output")]
    indicator: String,
    #[command(flatten)]
    fmt: super::OutputArgs,
    #[command(flatten)]
    view: super::ViewArgs,
}

pub fn run(args: Args, ctx: &Ctx) -> mrio::Result<ExitCode> {
    args.fmt.validate()?;
    let table = load(&args.table)?;
    let ix = &table.index;
    if !ix.is_multi_region() {
        return Err(Error::conflict(
            args.table.display(),
            "the table has one region; spillovers need a multi-regional table \
             (index.csv with a `region` column)",
        ));
    }
    let unit = table.unit().to_string();
    if args.out.is_some() && args.split.is_empty() {
        return Err(Error::conflict(
            "--out writes the matrices of --split",
            "give --split too",
        ));
    }
    if !args.split.is_empty() {
        for r in &args.split {
            if !ix.region_list().contains(r) {
                return Err(Error::unknown(
                    args.table.display(),
                    "region",
                    r,
                    format!("expected one of {}", ix.region_list().join(", ")),
                )
                .flag("--split"));
            }
        }
        let mut out = match &args.out {
            Some(dir) => Some(super::out_dir(dir, args.force, &[&args.table])?),
            None => None,
        };
        let model = Leontief::from_table(&table, ModelOptions::default())?;
        let g1: Vec<bool> = ix
            .regions()
            .iter()
            .map(|r| args.split.contains(r))
            .collect();
        let tg = spillover::round_stone(model.a(), &g1, ix.ids())?;
        args.fmt
            .emit_view(vec![split_frame(&tg, ix, &unit)], Some(&args.view), ctx)?;
        if let Some(mut out) = out.take() {
            for (name, m) in [
                ("M1", &tg.m1),
                ("M2", &tg.m2),
                ("M3", &tg.m3),
                ("N1", &tg.n1),
                ("N2", &tg.n2),
                ("N3", &tg.n3),
            ] {
                let p = out.write(
                    &format!("{name}.csv"),
                    &mrio::table::csvio::matrix_csv("id", ix.ids(), ix.ids(), m.as_ref()),
                )?;
                ctx.note(&format!("wrote {}", p.display()));
            }
            super::commit(out)?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let ind = mrio::analysis::scenario::find_indicator(&table, &args.indicator)?;
    let d = match args.direction {
        Dir::Backward => {
            let model = Leontief::from_table(&table, ModelOptions::default())?;
            spillover::backward_weighted(&model, ix, &ind.per_output)?
        }
        Dir::Forward if ind.name != "output" => {
            return Err(Error::conflict(
                "--indicator",
                "is defined for the backward view only",
            ))
        }
        Dir::Forward => spillover::forward(&table, ZeroOutput::Inert)?,
    };
    let units = decomposition_units(
        &d,
        &unit,
        (ind.name != "output").then_some((ind.name.as_str(), ind.unit.as_str())),
    );
    if args.regions {
        if ind.name != "output" {
            return Err(Error::conflict(
                "--regions",
                "is computed for output; drop --indicator",
            ));
        }
        if d.direction == Direction::Forward {
            return Err(Error::conflict(
                "--regions",
                "is defined for the backward view (scale-weighted by final demand)",
            ));
        }
        let rm = spillover::region_matrix(&d, &table.final_demand(), &table.x)?;
        let frames = match args.fmt.format {
            Format::Csv => vec![region_long_frame(&rm, &unit)],
            _ => region_frames(&rm, &unit),
        };
        args.fmt.emit_view(frames, Some(&args.view), ctx)?;
        return Ok(ExitCode::SUCCESS);
    }
    let frames = match args.fmt.format {
        Format::Csv => vec![long_frame(&d, ix, &units)],
        _ => vec![origin_frame(&d, ix, &units)],
    };
    args.fmt.emit_view(frames, Some(&args.view), ctx)?;
    Ok(ExitCode::SUCCESS)
}
