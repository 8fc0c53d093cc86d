//! `mrio convert SRC DST [--to csv|npy] [--force]`
//!
//! Converts a table folder between its CSV form and its binary form (one float64 `.npy`
//! per matrix, readable by `numpy.load`, loading in about a second at N = 9800). Default
//! target: the other form of SRC. The destination folder is written whole (a temporary
//! sibling folder swapped in when complete) and may not be SRC or hold or lie inside it.

use super::{load, Ctx};
use mrio::table::Form;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Source table folder (either form).
    src: PathBuf,
    /// Destination folder (created if needed).
    dst: PathBuf,
    /// Target form (default: the other form of SRC).
    #[arg(long, value_enum)]
    to: Option<Form>,
    /// Replace a non-empty destination folder (the whole folder, never merged).
    #[arg(long)]
    force: bool,
}

pub fn run(args: Args, ctx: &Ctx) -> mrio::Result<ExitCode> {
    let to = args.to.unwrap_or(match Form::of(&args.src) {
        Form::Csv => Form::Npy,
        Form::Npy => Form::Csv,
    });
    let out = super::out_dir(&args.dst, args.force, &[&args.src])?;
    let progress = ctx.progress();
    progress.stage(&format!("reading {}", args.src.display()));
    let table = load(&args.src)?;
    progress.stage(&format!("writing {}", args.dst.display()));
    mrio::table::write_table_as(&table, out.path(), to)?;
    super::commit(out)?;
    drop(progress);
    let form = match to {
        Form::Csv => "CSV",
        Form::Npy => "binary (.npy)",
    };
    ctx.note(&format!(
        "wrote {} in {form} form (N = {}, {} satellite(s))",
        args.dst.display(),
        table.len(),
        table.satellites.len()
    ));
    Ok(ExitCode::SUCCESS)
}
