//! `mrio price TABLE --cost-push FILE [--fixed ID,...] [--format ...]`
//!
//! The Leontief price model (docs/methods.md 1.4; Miller & Blair 2009, sec. 2.6):
//! `p' = p'A + v_c'`, so `p' = v_c' L`, with prices 1 in the base year. The cost-push
//! file (CSV with a header) lists `id,percent` or `region,sector,percent`, optionally
//! with a `row` column naming one VA.csv row (e.g. wages): the primary-input cost per
//! unit output of that sector rises by `percent` % of that row (of all VA rows when no
//! row is named). `--fixed` keeps the listed sectors' prices at 1 (regulated prices).
//! Prints the price index of every (region, sector) after the cost change.

use super::{load, Ctx};
use mrio::model::price::prices_with_exogenous;
use mrio::model::{Leontief, ModelOptions};
use mrio::report::{key_cells, key_columns, Column, Frame};
use mrio::Error;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Table folder.
    table: PathBuf,
    /// Cost changes: CSV `id,percent` or `region,sector,percent` [, `row`].
    #[arg(long)]
    cost_push: PathBuf,
    /// Sectors (ids) whose price stays at its base value 1.
    #[arg(long, value_delimiter = ',')]
    fixed: Vec<String>,
    #[command(flatten)]
    out: super::OutputArgs,
    #[command(flatten)]
    view: super::ViewArgs,
}

/// Change in primary-input cost per unit output, from the cost-push file.
fn cost_changes(path: &Path, table: &mrio::IoTable) -> mrio::Result<Vec<f64>> {
    let config = |message: String| Error::Config {
        path: path.to_path_buf(),
        message,
    };
    let bad = |line: usize, m: String| config(format!("line {line}: {m}"));
    let mut rd = csv::Reader::from_path(path).map_err(|e| config(e.to_string()))?;
    let h = rd.headers().map_err(|e| config(e.to_string()))?.clone();
    let col = |n: &str| h.iter().position(|c| c.trim() == n);
    let pc = col("percent").ok_or_else(|| bad(1, "expected a `percent` column".into()))?;
    let ix = &table.index;
    let mut dv = vec![0.0; ix.len()];
    for (k, rec) in rd.records().enumerate() {
        let line = k + 2;
        let rec = rec.map_err(|e| bad(line, e.to_string()))?;
        let get = |c: Option<usize>| c.and_then(|c| rec.get(c)).map(str::trim);
        let pos = match (get(col("id")), get(col("region")), get(col("sector"))) {
            (Some(id), _, _) => ix.position(id),
            (None, Some(r), Some(s)) => ix.position_of(r, s),
            _ => return Err(bad(line, "expected `id` or `region` and `sector`".into())),
        }
        .ok_or_else(|| bad(line, "unknown sector (not in index.csv)".into()))?;
        let pct: f64 = get(Some(pc))
            .unwrap_or("")
            .parse()
            .ok()
            .filter(|v: &f64| v.is_finite())
            .ok_or_else(|| bad(line, "`percent` is not a number".into()))?;
        let rows: Vec<usize> = match get(col("row")).filter(|r| !r.is_empty()) {
            Some(r) => vec![table.va_labels.iter().position(|l| l == r).ok_or_else(|| {
                bad(
                    line,
                    format!(
                        "unknown VA row `{r}` (rows: {})",
                        table.va_labels.join(", ")
                    ),
                )
            })?],
            None => (0..table.va_labels.len()).collect(),
        };
        let x = table.x[pos];
        if x == 0.0 {
            return Err(bad(line, "the sector has zero output".into()));
        }
        dv[pos] += pct / 100.0 * rows.iter().map(|&r| table.va[(r, pos)]).sum::<f64>() / x;
    }
    Ok(dv)
}

pub fn run(args: Args, ctx: &Ctx) -> mrio::Result<ExitCode> {
    args.out.validate()?;
    let table = load(&args.table)?;
    let ix = &table.index;
    let model = Leontief::from_table(&table, ModelOptions::default())?;
    // Base-year cost per unit output: v_c = 1 - column sums of A, so that p = 1.
    let a = model.a();
    let n = ix.len();
    let base: Vec<f64> = (0..n)
        .map(|j| 1.0 - (0..n).map(|i| a[(i, j)]).sum::<f64>())
        .collect();
    let dv = cost_changes(&args.cost_push, &table)?;
    let v: Vec<f64> = base.iter().zip(&dv).map(|(b, d)| b + d).collect();
    let mut fixed = Vec::new();
    for id in &args.fixed {
        let k = ix.position(id).ok_or_else(|| {
            Error::unknown(
                format!("{}/index.csv", args.table.display()),
                "id",
                id,
                "expected an id of the table's index.csv",
            )
            .flag("--fixed")
        })?;
        fixed.push((k, 1.0));
    }
    let p = prices_with_exogenous(&model, &v, &fixed)?;
    let mut cols = key_columns();
    cols.push(Column::num("price", "index, base = 1"));
    cols.push(Column::num("change", "%"));
    let mut f = Frame::new(
        "Leontief price model p' = v_c'L: price index by region and sector after the cost change",
        cols,
    )
    .keyed("prices");
    for i in 0..n {
        let mut row = key_cells(ix, i);
        row.push(p.value[i].into());
        row.push((100.0 * (p.value[i] - 1.0)).into());
        f.push(row);
    }
    if !fixed.is_empty() {
        f.notes
            .push(format!("prices held at 1: {}", args.fixed.join(", ")));
    }
    f.notes.push(format!(
        "relative residual of the solve: {:.1e}",
        p.residual
    ));
    args.out.emit_view(vec![f], Some(&args.view), ctx)?;
    Ok(ExitCode::SUCCESS)
}
