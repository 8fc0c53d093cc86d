//! `mrio check TABLE [--format table|csv|json|markdown|xlsx] [--output FILE]`
//!
//! Reads a table folder and reports sizes, regions, sectors and unit; row and column
//! balance; negative cells by matrix; zero-output sectors; productivity. Exit 0 when
//! the table is usable (warnings printed), 1 when it is not. `--format json` gives the
//! structured report, `--format csv|markdown|xlsx` the findings as data: one row
//! `check,value,unit,detail` per finding.

use super::{load, print, Ctx};
use mrio::report::{check_frames, render_check, Format};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Table folder.
    table: PathBuf,
    #[command(flatten)]
    out: super::OutputArgs,
}

pub fn run(args: Args, ctx: &Ctx) -> mrio::Result<ExitCode> {
    args.out.validate()?;
    let table = load(&args.table)?;
    let report = mrio::table::check::check(&table);
    let source = args.table.display().to_string();
    match (args.out.format, &args.out.output) {
        (Format::Table, None) => print(&render_check(&report, &source)),
        // JSON: the full structured report (every field of the check).
        (Format::Json, out) => {
            let text = serde_json::to_string_pretty(&report).expect("JSON of a report") + "\n";
            match out {
                Some(p) => mrio::fsio::write_atomic(p, text.as_bytes())?,
                None => print(&text),
            }
        }
        (Format::Table, Some(p)) => {
            mrio::fsio::write_atomic(p, render_check(&report, &source).as_bytes())?
        }
        _ => args.out.emit(vec![check_frames(&report, &source)], ctx)?,
    }
    Ok(if report.is_usable() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
