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
use mrio::analysis::multipliers::{money_unit, multipliers, standard_weights, WeightOptions};
use mrio::model::{ClosedLeontief, HouseholdSpec, Households, Leontief, ModelOptions};
use mrio::report::{key_cells, key_columns, Cell, Column, Frame};
use mrio::table::csvio::LabeledMatrix;
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
    let household = args.household
        || !args.consumption.is_empty()
        || args.consumption_scale.is_some()
        || args.commuting.is_some();
    let opts = ModelOptions::default();
    let open = Leontief::from_table(&table, opts)?;
    let weights = standard_weights(
        &table,
        &WeightOptions {
            value_added: args.value_added.clone(),
            income: args.income.clone(),
            require_income: household,
            no_satellites: args.no_satellites,
        },
    )?;
    let weights = if args.only.is_empty() {
        weights
    } else {
        for want in &args.only {
            if !weights.iter().any(|w| &w.name == want) {
                let names: Vec<&str> = weights.iter().map(|w| w.name.as_str()).collect();
                return Err(mrio::Error::Invalid(format!(
                    "--only `{want}` is not a measure of this table (measures: {})",
                    names.join(", ")
                )));
            }
        }
        weights
            .into_iter()
            .filter(|w| args.only.contains(&w.name))
            .collect()
    };
    let closed = if household {
        let spec = HouseholdSpec {
            income: args.income.clone(),
            consumption: args.consumption.clone(),
            consumption_scale: args.consumption_scale.unwrap_or(1.0),
        };
        let mut h = Households::from_table(&table, &spec)?;
        if let Some(path) = &args.commuting {
            let regions = table.index.region_list().to_vec();
            let c =
                LabeledMatrix::read(path)?.aligned(&regions, &regions, "regions of index.csv")?;
            h = h
                .with_commuting(c.as_ref())
                .map_err(|e| mrio::Error::Config {
                    path: path.clone(),
                    message: e.to_string(),
                })?;
        }
        Some(ClosedLeontief::new(open.a(), table.index.ids(), h)?)
    } else {
        None
    };
    let m = multipliers(&open, closed.as_ref(), &weights)?;

    let money = money_unit(&table);
    let mut cols = key_columns();
    for ms in &m.measures {
        let w = &ms.weight;
        let per = format!("{} per {money}", w.unit);
        let ratio = format!("{} per {} direct", w.unit, w.unit);
        cols.push(Column::num(&w.name, &per));
        if !w.is_output {
            cols.push(Column::num(&format!("{}_type1", w.name), &ratio));
        }
        if ms.total.is_some() {
            cols.push(Column::num(&format!("{}_total", w.name), &per));
            if !w.is_output {
                cols.push(Column::num(&format!("{}_type2", w.name), &ratio));
            }
        }
    }
    let title = if closed.is_some() {
        "Multipliers per unit of final demand: simple w'L, Type I = simple / direct; \
         total w'L̄ and Type II = total / direct with households closed"
    } else {
        "Multipliers per unit of final demand: simple w'L and Type I = simple / direct"
    };
    let mut frame = Frame::new(title, cols);
    let ix = &table.index;
    for j in 0..ix.len() {
        let mut row = key_cells(ix, j);
        for ms in &m.measures {
            row.push(Cell::from(ms.simple[j]));
            if !ms.weight.is_output {
                row.push(Cell::from(ms.type1[j]));
            }
            if let (Some(t), Some(t2)) = (&ms.total, &ms.type2) {
                row.push(Cell::from(t[j]));
                if !ms.weight.is_output {
                    row.push(Cell::from(t2[j]));
                }
            }
        }
        frame.push(row);
    }
    for ms in &m.measures {
        if !ms.weight.is_output {
            frame
                .notes
                .push(format!("{}: {}", ms.weight.name, ms.weight.description));
        }
    }
    if let Some(c) = &closed {
        let h = c.households();
        let props: Vec<String> = h
            .regions
            .iter()
            .zip(h.propensities())
            .map(|(r, p)| format!("{r} {p:.4}"))
            .collect();
        frame.notes.push(format!(
            "households: income = {}; consumption = {}; consumption per unit of income: {}",
            h.income_rows.join(" + "),
            h.consumption_columns.join(", "),
            props.join(", ")
        ));
        if let Some(p) = &args.commuting {
            frame.notes.push(format!(
                "household income paid by region of residence with the commuting shares of {}",
                p.display()
            ));
        }
    }
    frame.notes.push(format!(
        "largest relative residual of the solves: {:.1e}",
        m.residual
    ));
    args.out.emit_view(vec![frame], Some(&args.view), ctx)?;
    Ok(ExitCode::SUCCESS)
}
