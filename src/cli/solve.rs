//! `mrio solve TABLE --demand FILE [--format table|csv|json]`
//!
//! Gross output x = L f for a new final-demand vector f given as `id,value` (ids not
//! listed are zero). One LU of I - A, one solve; the residual is reported.

use super::{load, print, Ctx};
use mrio::model::{accuracy_warnings, Leontief, ModelOptions};
use mrio::report::{Cell, Column, Format, Frame};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Table folder.
    table: PathBuf,
    /// Final demand as CSV `id,value`, in the table's unit.
    #[arg(long)]
    demand: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

pub fn run(args: Args, ctx: &Ctx) -> mrio::Result<ExitCode> {
    let table = load(&args.table)?;
    let f = mrio::table::read_vector(&args.demand, &table.index)?;
    let model = Leontief::from_table(&table, ModelOptions::default())?;
    let x = model.solve(&f)?;
    let mut frame = output_frame(&table, &f, &x.value, x.residual);
    let warnings = accuracy_warnings(x.residual, model.condition_estimate());
    frame.notes.extend(warnings.iter().cloned());
    print(&frame.render(args.format));
    if args.format == Format::Csv {
        ctx.note(&frame.units_line());
        // CSV has no place for notes: warnings go to stderr.
        for w in &warnings {
            ctx.warn(w);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A labelled frame of demand and output.
pub fn output_frame(table: &mrio::IoTable, f: &[f64], x: &[f64], residual: f64) -> Frame {
    let unit = table.unit();
    let ix = &table.index;
    let mut frame = Frame::new(
        "Gross output x = L f",
        vec![
            Column::label("id"),
            Column::label("region"),
            Column::label("sector"),
            Column::num("demand", unit),
            Column::num("x", unit),
        ],
    );
    for i in 0..ix.len() {
        frame.push(vec![
            Cell::from(ix.ids()[i].as_str()),
            Cell::from(ix.regions()[i].as_str()),
            Cell::from(ix.sectors()[i].as_str()),
            Cell::from(f[i]),
            Cell::from(x[i]),
        ]);
    }
    frame.notes.push(format!(
        "total demand = {} {unit}; total output = {} {unit}",
        mrio::report::fmt_value(f.iter().sum::<f64>()),
        mrio::report::fmt_value(x.iter().sum::<f64>())
    ));
    frame.notes.push(format!(
        "relative residual ||(I-A)x - f|| / ||f|| = {residual:.1e}"
    ));
    frame
}
