//! `mrio convert SRC DST [--from mrio|exiobase3|oecd-icio|pymrio] [--to csv|npy|pymrio|xlsx] [--force]`
//!
//! Converts a table folder between its CSV form and its binary form (one float64 `.npy`
//! per matrix, readable by `numpy.load`, loading in about a second at N = 9800), reads
//! the global MRIO releases (EXIOBASE 3, OECD ICIO) and pymrio folders, and writes
//! pymrio folders (docs/global-mrios.md) and the table as one Excel workbook (a DST
//! ending in `.xlsx`; docs/excel.md). Default target: a workbook for a DST `*.xlsx`,
//! else the other form of an mrio SRC, the CSV form for other sources. The destination folder is written whole (a
//! temporary sibling folder swapped in when complete) and may not be SRC or hold or lie
//! inside it.

use super::Ctx;
use mrio::formats::Format;
use mrio::table::Form;
use std::path::PathBuf;
use std::process::ExitCode;

/// What `--to` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Target {
    /// mrio table folder, CSV form.
    Csv,
    /// mrio table folder, binary (.npy) form.
    Npy,
    /// A folder pymrio.load_all reads.
    Pymrio,
    /// One Excel workbook (DST `*.xlsx`): sheets index, Z, Y, VA, x, satellites, meta.
    Xlsx,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Source: a table folder, an EXIOBASE 3 zip or folder, an ICIO CSV file, a pymrio folder.
    src: PathBuf,
    /// Destination folder (created if needed), or a workbook `BOOK.xlsx`.
    dst: PathBuf,
    /// Source format.
    #[arg(long, value_enum, default_value_t = Format::Mrio)]
    from: Format,
    /// Target (default: the other form of an mrio SRC; CSV for other sources).
    #[arg(long, value_enum)]
    to: Option<Target>,
    /// Replace a non-empty destination folder (the whole folder, never merged).
    #[arg(long)]
    force: bool,
}

pub fn run(args: Args, ctx: &Ctx) -> mrio::Result<ExitCode> {
    let book = mrio::table::book::is_book(&args.dst);
    let to = args.to.unwrap_or(match (args.from, Form::of(&args.src)) {
        _ if book => Target::Xlsx,
        (Format::Mrio, Form::Csv) if !mrio::table::book::is_book(&args.src) => Target::Npy,
        (Format::Mrio, Form::Npy) => Target::Csv,
        _ => Target::Csv,
    });
    if (to == Target::Xlsx) != book {
        return Err(mrio::Error::conflict(
            args.dst.display(),
            "--to xlsx writes a workbook named `*.xlsx`, other targets a folder",
        ));
    }
    if to == Target::Xlsx {
        return write_book(&args, ctx);
    }
    let out = super::out_dir(&args.dst, args.force, &[&args.src])?;
    let progress = ctx.progress();
    progress.stage(&format!("reading {}", args.src.display()));
    let (table, extras) = mrio::formats::read(&args.src, args.from)?;
    progress.stage(&format!("writing {}", args.dst.display()));
    let form = match to {
        Target::Csv => "CSV",
        Target::Npy => "binary (.npy)",
        Target::Pymrio => "pymrio",
        Target::Xlsx => "Excel workbook",
    };
    match to {
        Target::Pymrio => mrio::formats::write_pymrio(&table, &extras, out.path())?,
        Target::Xlsx | Target::Csv | Target::Npy => {
            let f = if to == Target::Csv {
                Form::Csv
            } else {
                Form::Npy
            };
            mrio::table::write_table_as(&table, out.path(), f)?;
            mrio::formats::write_extras(&extras, &table, out.path())?;
        }
    }
    super::commit(out)?;
    drop(progress);
    ctx.note(&format!(
        "wrote {} in {form} form (N = {}, {} satellite(s))",
        args.dst.display(),
        table.len(),
        table.satellites.len()
    ));
    Ok(ExitCode::SUCCESS)
}

/// `mrio convert SRC BOOK.xlsx`: the table as one workbook, written atomically.
fn write_book(args: &Args, ctx: &Ctx) -> mrio::Result<ExitCode> {
    if mrio::fsio::file_present(&args.dst)? && !args.force {
        return Err(mrio::Error::conflict(
            args.dst.display(),
            "the workbook exists; use --force to replace it",
        ));
    }
    let canon = |p: &std::path::Path| std::fs::canonicalize(p).ok();
    if canon(&args.dst).is_some() && canon(&args.src) == canon(&args.dst) {
        return Err(mrio::Error::conflict(
            args.dst.display(),
            "the destination is the source: write the workbook under another name",
        ));
    }
    let (table, _extras) = mrio::formats::read(&args.src, args.from)?;
    mrio::table::book::write_book(&table, &args.dst)?;
    ctx.note(&format!(
        "wrote {} (one workbook: index, Z, Y, VA, x, {} satellite sheet(s){}; N = {})",
        args.dst.display(),
        table.satellites.len(),
        if table.meta != Default::default() {
            ", meta"
        } else {
            ""
        },
        table.len()
    ));
    Ok(ExitCode::SUCCESS)
}
