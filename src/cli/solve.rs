//! `mrio solve TABLE --demand FILE [--method lu|power] [--tol T] [--max-iter K]
//! [--format table|csv|json]`
//!
//! Gross output x = L f for a new final-demand vector f given as `id,value` (ids not
//! listed are zero). `lu` (default): one LU of I - A, one solve. `power`: the power
//! series x = f + A f + A² f + ... (no factorization; for one-off shocks on large
//! tables), reporting its iterations. The residual is always reported.

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
    /// Solver: `lu` (factor I - A) or `power` (power series, no factorization).
    #[arg(long, value_enum, default_value_t = Method::Lu)]
    method: Method,
    /// Power series: stop at this relative residual.
    #[arg(long, default_value_t = 1e-12)]
    tol: f64,
    /// Power series: give up after this many iterations.
    #[arg(long, default_value_t = 1000)]
    max_iter: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Method {
    Lu,
    Power,
}

pub fn run(args: Args, ctx: &Ctx) -> mrio::Result<ExitCode> {
    let table = load(&args.table)?;
    // One column per demand vector: several columns are one multi-column solve.
    let (names, f) = mrio::table::read_vectors(&args.demand, &table.index)?;
    // condition: the LU's estimate; the power series has no factorization, so its
    // accuracy is judged by the residual alone (condition 1).
    let (x, residual, iterations, condition) = match args.method {
        Method::Lu => {
            let model = Leontief::from_table(&table, ModelOptions::default())?;
            let x = model.solve_batch(f.as_ref())?;
            (x.value, x.residual, None, model.condition_estimate())
        }
        Method::Power => {
            let ids = table.index.ids();
            let a = mrio::model::technical_coefficients(
                table.z.as_ref(),
                &table.x,
                ids,
                ModelOptions::default().zero_output,
            )?;
            mrio::model::check_productive(a.as_ref(), ids)?;
            let opts = mrio::model::PowerOptions {
                tol: args.tol,
                max_iter: args.max_iter,
            };
            let r = mrio::model::power_series(a.as_ref(), f.as_ref(), opts)?;
            (r.value, r.residual, Some(r.iterations), 1.0)
        }
    };
    let mut frame = if names.len() == 1 {
        output_frame(&table, f.col_as_slice(0), x.col_as_slice(0), residual)
    } else {
        batch_frame(&table, &names, &x, residual)
    };
    if let Some(it) = iterations {
        frame.notes.push(format!(
            "power series: {it} iterations (tolerance {:.1e})",
            args.tol
        ));
    }
    let warnings = accuracy_warnings(residual, condition);
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

/// Output for several demand vectors: one column `x_NAME` per vector.
fn batch_frame(
    table: &mrio::IoTable,
    names: &[String],
    x: &faer::Mat<f64>,
    residual: f64,
) -> Frame {
    let unit = table.unit();
    let ix = &table.index;
    let mut columns = vec![
        Column::label("id"),
        Column::label("region"),
        Column::label("sector"),
    ];
    columns.extend(names.iter().map(|n| Column::num(&format!("x_{n}"), unit)));
    let mut frame = Frame::new(
        format!(
            "Gross output x = L f for {} demand vectors (one solve)",
            names.len()
        ),
        columns,
    );
    for i in 0..ix.len() {
        let mut row = vec![
            Cell::from(ix.ids()[i].as_str()),
            Cell::from(ix.regions()[i].as_str()),
            Cell::from(ix.sectors()[i].as_str()),
        ];
        row.extend((0..names.len()).map(|k| Cell::from(x[(i, k)])));
        frame.push(row);
    }
    let totals: Vec<String> = names
        .iter()
        .enumerate()
        .map(|(k, n)| {
            format!(
                "{n} {}",
                mrio::report::fmt_value(x.col_as_slice(k).iter().sum::<f64>())
            )
        })
        .collect();
    frame
        .notes
        .push(format!("total output ({unit}): {}", totals.join("; ")));
    frame.notes.push(format!(
        "largest relative residual ||(I-A)x - f|| / ||f|| over the vectors = {residual:.1e}"
    ));
    frame
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
