//! `mrio multipliers TABLE [--household] [--income ROW]... [--consumption COL]...
//!     [--consumption-scale F] [--commuting FILE] [--value-added ROW]... [--no-satellites]
//!     [--only NAME]...
//!     [--format table|csv|json|markdown|xlsx] [--output FILE] [--unit U]`
//!
//! Multipliers for every (region, sector): `output`, `value_added`, `income` (when a
//! household-income row is named or found) and one per satellite indicator. For each
//! measure: the simple multiplier `w'L` (column named after the measure), the Type I
//! ratio `(w'L)_j / w_j` (`_type1`), and with `--household` the total multiplier
//! `w'L̄` (`_total`) and the Type II ratio (`_type2`). The output multiplier's Type I
//! ratio equals the simple multiplier and is not repeated. Ratios are empty where the
//! direct coefficient is zero. All by transposed solves on one LU per model.
//!
//! Household closure: `--income` names the VA.csv rows of household income (default:
//! compensation / D1 / wages), `--consumption` the Y.csv columns or categories of
//! household consumption (default: household / P3_S14 / c37 / FU101+FU102); in an
//! MRIO one household per region, optionally with commuting (`--commuting`). `--income` also picks the rows of the `income`
//! measure (Type I without `--household`); `--consumption` and `--consumption-scale`
//! imply `--household`.

use super::{load, Ctx};
use mrio::analysis::multipliers::{compute, Request};
use mrio::model::{Leontief, ModelOptions};
use mrio::report::multipliers::multipliers_frame;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Table folder.
    table: PathBuf,
    /// Close the model for households (Type II: `_total` and `_type2` columns).
    #[arg(long)]
    household: bool,
    /// VA.csv row(s) of household income (repeat or comma-separate).
    #[arg(long, value_delimiter = ',')]
    income: Vec<String>,
    /// Y.csv column(s) or category(ies) of household consumption.
    #[arg(long, value_delimiter = ',')]
    consumption: Vec<String>,
    /// Factor on the household consumption coefficients (default 1 = the average
    /// propensity to consume of the table).
    #[arg(long)]
    consumption_scale: Option<f64>,
    /// Commuting shares (CSV: first column = region of residence, header = region of
    /// work; each column sums to 1): income earned in a region paid to other regions'
    /// households. Implies --household.
    #[arg(long)]
    commuting: Option<PathBuf>,
    /// VA.csv row(s) that make up value added (default: all rows not about imports).
    #[arg(long, value_delimiter = ',')]
    value_added: Vec<String>,
    /// Leave out the satellite accounts.
    #[arg(long)]
    no_satellites: bool,
    /// Show only these measures (e.g. `output,income,employment`).
    #[arg(long, value_delimiter = ',')]
    only: Vec<String>,
    #[command(flatten)]
    out: super::OutputArgs,
    #[command(flatten)]
    view: super::ViewArgs,
}

pub fn run(args: Args, ctx: &Ctx) -> mrio::Result<ExitCode> {
    let table = load(&args.table)?;
    let open = Leontief::from_table(&table, ModelOptions::default())?;
    let req = Request {
        household: args.household,
        income: args.income,
        consumption: args.consumption,
        consumption_scale: args.consumption_scale,
        commuting: args.commuting,
        value_added: args.value_added,
        no_satellites: args.no_satellites,
        only: args.only,
    };
    let (m, closed) = compute(&table, &open, &req).map_err(household_options)?;
    let frame = multipliers_frame(&table, &m, closed.as_ref(), req.commuting.as_deref());
    args.out.emit_view(vec![frame], Some(&args.view), ctx)?;
    Ok(ExitCode::SUCCESS)
}

/// The household-closure advice in this command's options (the library says it in words).
fn household_options(e: mrio::Error) -> mrio::Error {
    use mrio::error::HouseholdRemedy as R;
    match e {
        mrio::Error::Household { message, remedy } => mrio::Error::Model(format!(
            "{message}; {}",
            match remedy {
                R::NameIncome => "name the rows with --income ROW",
                R::NameConsumption => "name the columns with --consumption COL",
                R::SpendLess =>
                    "count more of household income (--income with more primary-input \
                     rows), take only locally produced consumption, or scale consumption down \
                     (--consumption-scale < 1, a marginal propensity to consume)",
            }
        )),
        e => e,
    }
}
