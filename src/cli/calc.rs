//! `mrio calc TABLE --out DIR [--only x,A,L,B,G,S,M,D_cba,D_pba,D_imp,D_exp] [--force]`
//!
//! Writes the requested results as labelled CSV: matrices in the layout of `Z.csv`
//! (first column `id`, header = ids), vectors in the layout of `x.csv`, satellite
//! accounts as `DIR/NAME/S.csv` ... per satellite `NAME.csv` (first column `indicator`),
//! plus `units.csv` naming the unit of every file. Default: x and A. Everything is computed
//! before anything is written; each file is written atomically.

use super::{load, Ctx};
use mrio::calc::{compute_mapped, compute_owned, is_lean, write, Output};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Table folder.
    table: PathBuf,
    /// Output folder (created if needed).
    #[arg(long)]
    out: PathBuf,
    /// Comma-separated results to write: x, A, L, B, G, and per satellite S, M, D_cba,
    /// D_pba, D_imp, D_exp.
    #[arg(long, value_delimiter = ',', default_value = "x,A")]
    only: Vec<String>,
    /// Replace a non-empty output folder (the whole folder, never merged).
    #[arg(long)]
    force: bool,
    /// Zero-output sectors: `inert` (zero coefficients) or `reject`.
    #[arg(long, value_enum, default_value_t = ZeroArg::Inert)]
    zero_output: ZeroArg,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ZeroArg {
    Inert,
    Reject,
}

impl From<ZeroArg> for mrio::model::ZeroOutput {
    fn from(z: ZeroArg) -> Self {
        match z {
            ZeroArg::Inert => Self::Inert,
            ZeroArg::Reject => Self::Reject,
        }
    }
}

pub fn run(args: Args, ctx: &Ctx) -> mrio::Result<ExitCode> {
    let outputs = args
        .only
        .iter()
        .map(|s| Output::parse(s))
        .collect::<mrio::Result<Vec<_>>>()?;
    let mut out = super::out_dir(&args.out, args.force, &[&args.table])?;
    let progress = ctx.progress();
    progress.stage(&format!("reading {}", args.table.display()));
    let opts = mrio::model::ModelOptions {
        zero_output: args.zero_output.into(),
    };
    let stage = |s: &str| progress.stage(s);
    let result = if is_lean(&outputs) {
        // L and the accounts need no A: a binary table's Z stays memory-mapped.
        match mrio::table::read_table_mapped(&args.table)? {
            (table, Some(z)) => compute_mapped(&table, z, opts, &outputs, &stage),
            (table, None) => compute_owned(table, opts, &outputs, &stage),
        }
    } else {
        compute_owned(load(&args.table)?, opts, &outputs, &stage)
    }
    .map_err(|e| match e {
        mrio::Error::ZeroOutput { id } => mrio::Error::Model(format!(
            "gross output of `{id}` is zero and zero-output sectors are rejected (use \
             --zero-output inert to treat it as a pass-through)"
        )),
        e => e,
    })?;
    progress.stage("writing");
    let written = write(&result, &mut out)?;
    super::commit(out)?;
    drop(progress);
    for n in &result.notes {
        ctx.note(n);
    }
    for p in &written {
        ctx.note(&format!("wrote {}", p.display()));
    }
    if result.max_residual > 0.0 {
        ctx.note(&format!(
            "max relative residual of the solves: {:.2e}",
            result.max_residual
        ));
    }
    for w in &result.warnings {
        ctx.warn(w);
    }
    Ok(ExitCode::SUCCESS)
}
