//! `mrio convert SRC DST [--from mrio|exiobase3|oecd-icio|pymrio] [--to csv|npy|pymrio] [--force]`
//!
//! Converts a table folder between its CSV form and its binary form (one float64 `.npy`
//! per matrix, readable by `numpy.load`, loading in about a second at N = 9800), reads
//! the global MRIO releases (EXIOBASE 3, OECD ICIO) and pymrio folders, and writes
//! pymrio folders (docs/global-mrios.md). Default target: the other form of an mrio
//! SRC, the CSV form for other sources. The destination folder is written whole (a
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
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Source: a table folder, an EXIOBASE 3 zip or folder, an ICIO CSV file, a pymrio folder.
    src: PathBuf,
    /// Destination folder (created if needed).
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
    let to = args.to.unwrap_or(match (args.from, Form::of(&args.src)) {
        (Format::Mrio, Form::Csv) => Target::Npy,
        (Format::Mrio, Form::Npy) => Target::Csv,
        _ => Target::Csv,
    });
    let out = super::out_dir(&args.dst, args.force, &[&args.src])?;
    let progress = ctx.progress();
    progress.stage(&format!("reading {}", args.src.display()));
    let (table, extras) = mrio::formats::read(&args.src, args.from)?;
    progress.stage(&format!("writing {}", args.dst.display()));
    let form = match to {
        Target::Csv => "CSV",
        Target::Npy => "binary (.npy)",
        Target::Pymrio => "pymrio",
    };
    match to {
        Target::Pymrio => mrio::formats::write_pymrio(&table, &extras, out.path())?,
        Target::Csv | Target::Npy => {
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
