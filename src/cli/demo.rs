//! `mrio demo`
//!
//! Runs on the table compiled into the binary (Miller & Blair 2009, Table 2.3): prints
//! A, the output multipliers and the output needed for the textbook's new final
//! demand f = (600, 1500). Needs no files.

use super::{print, Ctx};
use mrio::model::{Leontief, ModelOptions};
use mrio::report::{Cell, Column, Format, Frame};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

pub fn run(args: Args, _ctx: &Ctx) -> mrio::Result<ExitCode> {
    let table = mrio::builtin::mb2009_two_sector()?;
    let model = Leontief::from_table(&table, ModelOptions::default())?;
    let unit = table.unit().to_string();
    let ids = table.index.ids();
    let mult = model.output_multipliers()?;
    let mut coef = Frame::new(
        format!(
            "{} — technical coefficients A and output multipliers 1'L",
            table.meta.name.as_deref().unwrap_or("built-in table")
        ),
        std::iter::once(Column::label("id"))
            .chain(
                ids.iter()
                    .map(|j| Column::num(j, &format!("{unit}/{unit}"))),
            )
            .collect(),
    );
    for (i, id) in ids.iter().enumerate() {
        let mut row = vec![Cell::from(id.as_str())];
        row.extend((0..ids.len()).map(|j| Cell::from(model.a()[(i, j)])));
        coef.push(row);
    }
    let mut row = vec![Cell::from("output multiplier")];
    row.extend(mult.value.iter().map(|&m| Cell::from(m)));
    coef.push(row);
    let f = vec![600.0, 1500.0];
    let x = model.solve(&f)?;
    let out = super::solve::output_frame(&table, &f, &x.value, x.residual);
    if args.format == Format::Json {
        print(
            &(serde_json::to_string_pretty(&serde_json::json!({
                "coefficients": coef.to_json(),
                "impact": out.to_json(),
            }))
            .expect("JSON")
                + "\n"),
        );
    } else {
        print(&coef.render(args.format));
        print("\n");
        print(&out.render(args.format));
    }
    Ok(ExitCode::SUCCESS)
}
