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
use mrio::analysis::multipliers::money_unit;
use mrio::model::{Leontief, ModelOptions};
use mrio::report::{Cell, Column, Frame, Role};
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
    let u = money_unit(&table);
    let per = format!("{u} per {u}");
    let index = "index, weighted mean 1";
    let cv = "coefficient of variation";
    let mut cols = vec![
        Column::role("id", Role::Id),
        Column::role("region", Role::Region),
        Column::role("sector", Role::Sector),
        Column::num("backward_direct", &per),
        Column::num("forward_direct", &per),
        Column::num("output_multiplier", &per),
        Column::num("backward", index),
    ];
    let multi = lk.backward_intra.is_some();
    if multi {
        cols.push(Column::num("backward_intra", index));
        cols.push(Column::num("backward_inter", index));
    }
    cols.push(Column::num("forward", index));
    cols.push(Column::num("ghosh_total", &per));
    cols.push(Column::num("forward_ghosh", index));
    if multi {
        cols.push(Column::num("forward_ghosh_intra", index));
        cols.push(Column::num("forward_ghosh_inter", index));
    }
    if lk.backward_variability.is_some() {
        cols.push(Column::num("backward_cv", cv));
        cols.push(Column::num("forward_cv", cv));
    }
    cols.push(Column::label("class"));
    let mut frame = Frame::new(
        "Linkages: Rasmussen power (backward) and sensitivity (forward) of dispersion, \
         Ghosh forward linkage, key sectors",
        cols,
    );
    let ix = &table.index;
    for j in 0..ix.len() {
        let mut row = vec![
            Cell::from(ix.ids()[j].as_str()),
            Cell::from(ix.regions()[j].as_str()),
            Cell::from(ix.sectors()[j].as_str()),
            Cell::from(lk.backward_direct[j]),
            Cell::from(lk.forward_direct[j]),
            Cell::from(lk.backward_total[j]),
            Cell::from(lk.backward[j]),
        ];
        if let (Some(a), Some(b)) = (&lk.backward_intra, &lk.backward_inter) {
            row.push(Cell::from(a[j]));
            row.push(Cell::from(b[j]));
        }
        row.push(Cell::from(lk.forward[j]));
        row.push(Cell::from(lk.ghosh_total[j]));
        row.push(Cell::from(lk.forward_ghosh[j]));
        if let (Some(a), Some(b)) = (&lk.forward_ghosh_intra, &lk.forward_ghosh_inter) {
            row.push(Cell::from(a[j]));
            row.push(Cell::from(b[j]));
        }
        if let (Some(a), Some(b)) = (&lk.backward_variability, &lk.forward_variability) {
            row.push(Cell::from(a[j]));
            row.push(Cell::from(b[j]));
        }
        row.push(match lk.class[j] {
            Some(c) => Cell::from(c.as_str()),
            None => Cell::Missing,
        });
        frame.push(row);
    }
    let excluded = lk.included.iter().filter(|b| !**b).count();
    frame.notes.push(format!(
        "class: backward > 1 and {} forward > 1 = key; average weights: {}{}",
        match args.forward {
            ForwardArg::Ghosh => "Ghosh",
            ForwardArg::Leontief => "Leontief",
        },
        match args.weights {
            WeightArg::Equal => "equal",
            WeightArg::Output => "output shares",
            WeightArg::FinalDemand => "final-demand shares",
        },
        if excluded > 0 {
            format!("; {excluded} zero-output sector(s) left out of the averages")
        } else {
            String::new()
        }
    ));
    frame.notes.push(format!(
        "largest relative residual of the solves: {:.1e}",
        lk.residual
    ));
    args.out.emit_view(vec![frame], Some(&args.view), ctx)?;
    Ok(ExitCode::SUCCESS)
}
