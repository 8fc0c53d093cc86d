//! `mrio check TABLE [--format table|json]`
//!
//! Reads a table folder and reports sizes, regions, sectors and unit; row and column
//! balance; negative cells by matrix; zero-output sectors; productivity. Exit 0 when
//! the table is usable (warnings printed), 1 when it is not.

use super::{load, print, Ctx};
use mrio::report::{render_check, Format};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Table folder.
    table: PathBuf,
    /// Output format (`table` = readable report, `json`).
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

pub fn run(args: Args, _ctx: &Ctx) -> mrio::Result<ExitCode> {
    let table = load(&args.table)?;
    let report = mrio::table::check::check(&table);
    match args.format {
        Format::Json => {
            print(&(serde_json::to_string_pretty(&report).expect("JSON of a report") + "\n"))
        }
        _ => print(&render_check(&report, &args.table.display().to_string())),
    }
    Ok(if report.is_usable() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
