//! `mrio extract TABLE (--sector ID... | --region R | --all [sectors|regions])
//!     [--mode total|backward|forward] [--alpha A] [--keep-final-demand]
//!     [--format table|csv|json|markdown|xlsx] [--output FILE] [--unit U]`
//!
//! Hypothetical extraction. `--sector` (repeatable) extracts the listed ids together;
//! `--region` cuts a region's links with the other regions (`--mode backward`: its
//! purchases from them, `forward`: its sales to them, `total`: both); `--all` extracts
//! every sector (or every region) on its own and ranks them by output lost. For a
//! single target the output of every (region, sector) before and after is listed.
//! `--alpha` below 1 removes only that share of the coefficients (partial extraction).
//! Sector `forward` extraction uses the Ghosh model (the sector sells nothing).

use super::{load, Ctx};
use mrio::analysis::extraction::{ExtractOptions, Extraction, Extractor, Mode, Target};
use mrio::analysis::multipliers::money_unit;
use mrio::model::{Leontief, ModelOptions};
use mrio::report::{key_cells, key_columns, Cell, Column, Frame, Role};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Table folder.
    table: PathBuf,
    /// Id(s) of index.csv to extract together (repeat or comma-separate).
    #[arg(long, value_delimiter = ',', conflicts_with_all = ["region", "all"])]
    sector: Vec<String>,
    /// A region whose links with the other regions are cut.
    #[arg(long, conflicts_with = "all")]
    region: Option<String>,
    /// Extract every sector (default) or every region on its own and rank them.
    #[arg(long, value_enum, num_args = 0..=1, default_missing_value = "sectors")]
    all: Option<AllArg>,
    /// What is removed: purchases and sales (total), purchases (backward), sales (forward).
    #[arg(long, value_enum, default_value_t = ModeArg::Total)]
    mode: ModeArg,
    /// Share of the selected coefficients removed (partial extraction when < 1).
    #[arg(long, default_value_t = 1.0)]
    alpha: f64,
    /// Total sector extraction keeps the sector's final demand (Cella 1984).
    #[arg(long)]
    keep_final_demand: bool,
    #[command(flatten)]
    out: super::OutputArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AllArg {
    Sectors,
    Regions,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ModeArg {
    Total,
    Backward,
    Forward,
}

pub fn run(args: Args, ctx: &Ctx) -> mrio::Result<ExitCode> {
    let table = load(&args.table)?;
    let opts = ExtractOptions {
        mode: match args.mode {
            ModeArg::Total => Mode::Total,
            ModeArg::Backward => Mode::Backward,
            ModeArg::Forward => Mode::Forward,
        },
        alpha: args.alpha,
        keep_final_demand: args.keep_final_demand,
    };
    let ix = &table.index;
    let single = if !args.sector.is_empty() {
        let mut pos = Vec::new();
        for id in &args.sector {
            let p = ix.position(id).ok_or_else(|| {
                let some: Vec<&str> = ix.ids().iter().take(5).map(|s| s.as_str()).collect();
                mrio::Error::unknown(
                    format!("{}/index.csv", args.table.display()),
                    "id",
                    id,
                    format!("ids look like {}", some.join(", ")),
                )
                .flag("--sector")
            })?;
            pos.push(p);
        }
        Some(Target::Sectors(pos))
    } else if let Some(r) = &args.region {
        if !ix.region_list().contains(r) {
            return Err(mrio::Error::unknown(
                format!("{}/index.csv", args.table.display()),
                "region",
                r,
                format!("expected one of {}", ix.region_list().join(", ")),
            )
            .flag("--region"));
        }
        Some(Target::Region(r.clone()))
    } else if args.all.is_some() {
        None
    } else {
        return Err(mrio::Error::Invalid(
            "say what to extract: --sector ID, --region R or --all [sectors|regions]".into(),
        ));
    };
    if matches!(args.all, Some(AllArg::Regions)) && !ix.is_multi_region() {
        return Err(mrio::Error::conflict(
            "--all regions",
            "needs a multi-region table (index.csv with a region column)",
        ));
    }
    let model = Leontief::from_table(&table, ModelOptions::default())?;
    let mut ex = Extractor::new(&model, &table)?;
    let unit = money_unit(&table);
    let describe = format!(
        "mode {:?}, alpha {}{}",
        args.mode,
        args.alpha,
        if args.keep_final_demand {
            ", final demand kept"
        } else {
            ""
        }
    )
    .to_lowercase();
    let frame = match single {
        Some(target) => {
            let e = ex.extract(&target, &opts)?;
            detail_frame(&table, &e, &unit, &target_name(&table, &target), &describe)
        }
        None => {
            let regions = args.all == Some(AllArg::Regions);
            let list = if regions {
                ex.all_regions(&opts)?
            } else {
                ex.all_sectors(&opts)?
            };
            ranking_frame(&table, list, &unit, regions, &describe)
        }
    };
    args.out.emit(vec![frame], ctx)?;
    Ok(ExitCode::SUCCESS)
}

fn target_name(table: &mrio::IoTable, t: &Target) -> String {
    match t {
        Target::Sectors(p) => p
            .iter()
            .map(|&i| table.index.ids()[i].as_str())
            .collect::<Vec<_>>()
            .join(" + "),
        Target::Region(r) => format!("region {r}"),
    }
}

fn detail_frame(
    table: &mrio::IoTable,
    e: &Extraction,
    unit: &str,
    name: &str,
    describe: &str,
) -> Frame {
    let ix = &table.index;
    let mut f = Frame::new(
        format!("Hypothetical extraction of {name} ({describe}): output before and after"),
        vec![
            Column::role("id", Role::Id),
            Column::role("region", Role::Region),
            Column::role("sector", Role::Sector),
            Column::amount("x", unit),
            Column::amount("x_extracted", unit),
            Column::amount("change", unit),
        ],
    );
    for i in 0..ix.len() {
        f.push(vec![
            Cell::from(&ix.ids()[i]),
            Cell::from(&ix.regions()[i]),
            Cell::from(&ix.sectors()[i]),
            Cell::from(e.x_before[i]),
            Cell::from(e.x_after[i]),
            Cell::from(e.x_after[i] - e.x_before[i]),
        ]);
    }
    f.push_total();
    f.notes.push(format!(
        "output lost (the total row's change): {:.4}% of total output; {:.1}% of the loss \
         in the target, {:.1}% elsewhere",
        100.0 * e.loss_share,
        100.0 * e.loss_in_target / e.loss,
        100.0 * e.loss_elsewhere / e.loss
    ));
    f.notes.push(format!(
        "largest relative residual of the solves: {:.1e}",
        e.residual
    ));
    f
}

fn ranking_frame(
    table: &mrio::IoTable,
    mut list: Vec<Extraction>,
    unit: &str,
    regions: bool,
    describe: &str,
) -> Frame {
    let ix = &table.index;
    list.sort_by(|a, b| b.loss.total_cmp(&a.loss));
    let mut cols = if regions {
        vec![Column::role("region", Role::Region)]
    } else {
        key_columns()
    };
    cols.extend([
        Column::role("rank", Role::Rank),
        Column::num("loss", unit),
        Column::num("loss_share", "share of total output"),
        Column::num("loss_in_target", unit),
        Column::num("loss_elsewhere", unit),
    ]);
    let what = if regions { "region" } else { "sector" };
    let mut f = Frame::new(
        format!("Hypothetical extraction of each {what} ({describe}), ranked by output lost"),
        cols,
    );
    let mut residual = 0.0f64;
    for (k, e) in list.iter().enumerate() {
        residual = residual.max(e.residual);
        let mut row = match &e.target {
            Target::Region(r) => vec![Cell::from(r.as_str())],
            Target::Sectors(p) => {
                let i = p[0];
                key_cells(ix, i)
            }
        };
        row.extend([
            Cell::Text((k + 1).to_string()),
            Cell::from(e.loss),
            Cell::from(e.loss_share),
            Cell::from(e.loss_in_target),
            Cell::from(e.loss_elsewhere),
        ]);
        f.push(row);
    }
    f.notes.push(format!(
        "largest relative residual of the solves: {residual:.1e}"
    ));
    f
}
