//! `mrio linkages TABLE [--weights equal|output|final-demand] [--forward ghosh|leontief]
//!     [--no-variability] [--format table|csv|json|markdown|xlsx] [--output FILE] [--unit U]`
//!
//! Per (region, sector): direct backward/forward linkages, the output multiplier,
//! Rasmussen's power of dispersion (`backward`) and sensitivity of dispersion
//! (`forward`), the Ghosh-based forward index (`forward_ghosh`), the row sums of the
//! Ghosh inverse (`ghosh_total`), variability indices and the key-sector class; in an
//! MRIO also the intra- and interregional parts of the backward index
//! (`backward_intra + backward_inter = backward`) and of the Ghosh forward index
//! (`forward_ghosh_intra + forward_ghosh_inter = forward_ghosh`). Zero-output sectors are left out of
//! the averages and shown empty.

use super::{load, Ctx};
use mrio::analysis::linkages::{linkages, ForwardBasis, LinkageOptions, Weighting};
use mrio::model::{Leontief, ModelOptions};
use mrio::report::linkages::linkages_frame;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Table folder.
    table: PathBuf,
    /// Weights of the average that normalises the indices.
    #[arg(long, value_enum, default_value_t = WeightArg::Equal)]
    weights: WeightArg,
    /// Forward index that decides the key-sector class.
    #[arg(long, value_enum, default_value_t = ForwardArg::Ghosh)]
    forward: ForwardArg,
    /// Skip the variability indices (they need every element of L).
    #[arg(long)]
    no_variability: bool,
    #[command(flatten)]
    out: super::OutputArgs,
    #[command(flatten)]
    view: super::ViewArgs,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum WeightArg {
    Equal,
    Output,
    FinalDemand,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ForwardArg {
    Ghosh,
    Leontief,
}

pub fn run(args: Args, ctx: &Ctx) -> mrio::Result<ExitCode> {
    let table = load(&args.table)?;
    let model = Leontief::from_table(&table, ModelOptions::default())?;
    let opts = LinkageOptions {
        weighting: match args.weights {
            WeightArg::Equal => Weighting::Equal,
            WeightArg::Output => Weighting::Output,
            WeightArg::FinalDemand => Weighting::FinalDemand,
        },
        forward_basis: match args.forward {
            ForwardArg::Ghosh => ForwardBasis::Ghosh,
            ForwardArg::Leontief => ForwardBasis::Leontief,
        },
        skip_variability: args.no_variability,
    };
    let lk = linkages(&model, &table, &opts)?;
    let frame = linkages_frame(&table, &lk, &opts);
    args.out.emit_view(vec![frame], Some(&args.view), ctx)?;
    Ok(ExitCode::SUCCESS)
}
