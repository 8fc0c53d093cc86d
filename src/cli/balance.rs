//! `mrio balance ras|gras --seed M.csv --row-totals u.csv --col-totals v.csv --out M1.csv
//!  [--tol 1e-12] [--max-iter 10000] [--force]`
//!
//! Balances a matrix (layout of Z.csv: first column row labels, header column labels)
//! to given row and column totals (`id,value` files naming every row / column). RAS
//! needs a non-negative seed; GRAS keeps the sign of every cell. Prints the iteration
//! count and the final gap; infeasible targets (different grand totals, a zero row with
//! a positive target, no convergence) are errors and nothing is written.

use super::{print, Ctx};
use mrio::build::balance::{balance, BalanceOptions, Method};
use mrio::report::{Cell, Column, Frame};
use mrio::table::csvio::{matrix_csv, LabeledMatrix};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum MethodArg {
    /// Biproportional scaling (non-negative seed).
    Ras,
    /// Generalized RAS (negative cells keep their sign).
    Gras,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Method.
    #[arg(value_enum)]
    method: MethodArg,
    /// Seed matrix (layout of Z.csv).
    #[arg(long)]
    seed: PathBuf,
    /// Row totals `id,value`.
    #[arg(long)]
    row_totals: PathBuf,
    /// Column totals `id,value`.
    #[arg(long)]
    col_totals: PathBuf,
    /// Output matrix file.
    #[arg(long)]
    out: PathBuf,
    /// Largest relative gap accepted.
    #[arg(long, default_value_t = 1e-12)]
    tol: f64,
    /// Iteration cap.
    #[arg(long, default_value_t = 10_000)]
    max_iter: usize,
    /// Replace an existing output file.
    #[arg(long)]
    force: bool,
    /// Also print the balanced matrix.
    #[arg(long)]
    show: bool,
    /// Unit of the matrix (for the printed matrix).
    #[arg(long, default_value = "units of the seed")]
    unit: String,
}

fn totals(path: &Path, labels: &[String]) -> mrio::Result<Vec<f64>> {
    let m = LabeledMatrix::read(path)?;
    if m.ncols() != 1 {
        return Err(mrio::Error::Csv {
            path: path.to_path_buf(),
            line: 1,
            message: format!("expected two columns `id,value`, found {}", m.ncols() + 1),
        });
    }
    let v = m.rows_aligned(labels, "labels of the seed matrix")?;
    Ok((0..labels.len()).map(|i| v[(i, 0)]).collect())
}

pub fn run(args: Args, ctx: &Ctx) -> mrio::Result<ExitCode> {
    let resolved = mrio::fsio::resolve_target(&args.out)?;
    mrio::fsio::check_not_input(
        &args.out,
        &resolved,
        &[&args.seed, &args.row_totals, &args.col_totals],
    )?;
    if resolved.is_dir() {
        return Err(mrio::Error::conflict(
            args.out.display(),
            "is a folder; balance writes one CSV file",
        ));
    }
    if args.out.exists() && !args.force {
        return Err(mrio::Error::conflict(
            args.out.display(),
            "exists; use --force to replace it",
        ));
    }
    let seed = LabeledMatrix::read(&args.seed)?;
    let z0 = seed.to_mat();
    let u = totals(&args.row_totals, &seed.row_labels)?;
    let v = totals(&args.col_totals, &seed.col_labels)?;
    let method = match args.method {
        MethodArg::Ras => Method::Ras,
        MethodArg::Gras => Method::Gras,
    };
    let opts = BalanceOptions {
        tol: args.tol,
        max_iter: args.max_iter,
    };
    let b = balance(
        method,
        z0.as_ref(),
        &u,
        &v,
        &seed.row_labels,
        &seed.col_labels,
        opts,
    )?;
    let bytes = matrix_csv(
        &seed.corner,
        &seed.row_labels,
        &seed.col_labels,
        b.x.as_ref(),
    );
    mrio::fsio::write_atomic(&args.out, &bytes)?;
    print(&format!(
        "{}: converged in {} iterations; largest relative gap of row and column totals {:.1e}\nwrote {}\n",
        method.name().to_uppercase(),
        b.iterations,
        b.gap,
        args.out.display()
    ));
    if args.show {
        let mut cols = vec![Column::label(&seed.corner)];
        cols.extend(seed.col_labels.iter().map(|c| Column::num(c, &args.unit)));
        cols.push(Column::num("row total", &args.unit));
        let mut frame = Frame::new(
            format!("Balanced matrix ({})", method.name().to_uppercase()),
            cols,
        );
        for (i, r) in seed.row_labels.iter().enumerate() {
            let mut row = vec![Cell::from(r.as_str())];
            row.extend((0..b.x.ncols()).map(|j| Cell::from(b.x[(i, j)])));
            row.push(Cell::from(
                (0..b.x.ncols()).map(|j| b.x[(i, j)]).sum::<f64>(),
            ));
            frame.push(row);
        }
        let mut total = vec![Cell::from("column total")];
        total.extend(
            (0..b.x.ncols())
                .map(|j| Cell::from((0..b.x.nrows()).map(|i| b.x[(i, j)]).sum::<f64>())),
        );
        total.push(Cell::from(b.x.sum()));
        frame.push(total);
        print(&mrio::report::render::to_text(&frame, 6));
    }
    let _ = ctx;
    Ok(ExitCode::SUCCESS)
}
