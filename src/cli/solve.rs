//! `mrio solve TABLE --demand FILE [--method lu|power] [--tol T] [--max-iter K]
//! [--format table|csv|json|markdown|xlsx] [--output FILE] [--unit U] [--digits D]`
//!
//! Gross output x = L f for a new final-demand vector f given as `id,value` (ids not
//! listed are zero). `lu` (default): one LU of I - A, one solve. `power`: the power
//! series x = f + A f + A² f + ... (no factorization; for one-off shocks on large
//! tables), reporting its iterations. The residual is always reported.

use super::{load, Ctx};
use mrio::model::{accuracy_warnings, Leontief, ModelOptions};
use mrio::report::{key_cells, key_columns, Column, Frame};
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
    #[command(flatten)]
    out: super::OutputArgs,
    #[command(flatten)]
    view: super::ViewArgs,
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
            let r =
                mrio::model::power_series(a.as_ref(), f.as_ref(), opts).map_err(|e| match e {
                    mrio::Error::NoConvergence {
                        method,
                        residual,
                        iterations,
                        tolerance,
                        ..
                    } => mrio::Error::NoConvergence {
                        method,
                        residual,
                        iterations,
                        tolerance,
                        remedy: "raise --max-iter, loosen --tol, or use --method lu (the spectral \
                             radius of A is close to 1)"
                            .into(),
                    },
                    e => e,
                })?;
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
    frame
        .notes
        .extend(accuracy_warnings(residual, condition).iter().cloned());
    args.out.emit_view(vec![frame], Some(&args.view), ctx)?;
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
    let mut columns = key_columns();
    columns.extend(
        names
            .iter()
            .map(|n| Column::amount(&format!("x_{n}"), unit)),
    );
    let mut frame = Frame::new(
        format!(
            "Gross output x = L f for {} demand vectors (one solve)",
            names.len()
        ),
        columns,
    );
    for i in 0..ix.len() {
        let mut row = key_cells(ix, i);
        row.extend((0..names.len()).map(|k| x[(i, k)].into()));
        frame.push(row);
    }
    frame.push_total();
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
        [
            key_columns(),
            vec![Column::amount("demand", unit), Column::amount("x", unit)],
        ]
        .concat(),
    );
    for i in 0..ix.len() {
        let mut row = key_cells(ix, i);
        row.extend([f[i].into(), x[i].into()]);
        frame.push(row);
    }
    frame.push_total();
    frame.notes.push(format!(
        "relative residual ||(I-A)x - f|| / ||f|| = {residual:.1e}"
    ));
    frame
}
