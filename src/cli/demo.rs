//! `mrio demo [--format ...] [--unit U]`
//!
//! The project's main question on the table compiled into the binary (the
//! illustrative city-cluster MRIO of `tables/cluster`) with its default scenario
//! (`docs/scenarios/cluster-hightech.toml`): +10 bn CNY of final demand for the central
//! city's aerospace, equipment and electronics. Prints, in bn CNY and whole jobs unless
//! `--unit` says otherwise: the impact by city (output, value added, income, jobs; Type
//! II), Type I and Type II totals side by side, the share spilling out of the centre and
//! the top supply-chain paths (Type I), water withdrawal by city and the table's water
//! cap (`tables/cluster/limits.csv`) flagged when it binds. Needs no files.

use super::Ctx;
use mrio::analysis::paths::{structural_paths_from, PathOptions};
use mrio::analysis::scenario::parse_scenarios;
use mrio::model::ModelOptions;
use mrio::report::demo::{frames, DemoInputs, Groups};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    out: super::OutputArgs,
    #[command(flatten)]
    view: super::ViewArgs,
    /// Show ranges: without a value those of the shipped cluster ensemble
    /// (`tables/cluster/ensemble.toml`, 1,000 draws, compiled in); with a folder, those
    /// of an ensemble you ran (`mrio ensemble ... --out DIR`) on the same table.
    #[arg(long, value_name = "DIR", num_args = 0..=1)]
    ensemble: Option<Option<PathBuf>>,
}

pub fn run(mut args: Args, ctx: &Ctx) -> mrio::Result<ExitCode> {
    if args.out.unit.is_none() {
        args.out.unit = Some("bn CNY".into());
    }
    args.out.validate()?;
    let table = mrio::builtin::cluster()?;
    let set = parse_scenarios(
        Path::new("<built-in>/cluster-hightech.toml"),
        mrio::builtin::CLUSTER_SCENARIO,
        &table,
    )?;
    let mut an = mrio::analysis::analyse_scenarios(
        &table,
        set,
        ModelOptions::default(),
        PathOptions {
            top: 10,
            ..PathOptions::default()
        },
    )?;
    an.impacts.set.limits = mrio::analysis::scenario::plan::parse_limits_csv(
        mrio::builtin::CLUSTER_LIMITS,
        Path::new("<built-in>/cluster/limits.csv"),
        &table,
    )?;
    let imp = &an.impacts;
    let ranges = match &args.ensemble {
        None => None,
        Some(None) => Some(mrio::builtin::cluster_ensemble()?),
        Some(Some(dir)) => Some(mrio::ensemble::ranges::Ranges::read(dir)?),
    };
    if let Some(r) = &ranges {
        mrio::ensemble::ranges::check(r, imp)?;
    }
    // Paths that end in the other cluster cities (not the centre, not the rest).
    let g = Groups::of(&table, imp, 0);
    let q: Vec<f64> = table
        .index
        .regions()
        .iter()
        .map(|r| {
            let k = imp.regions.iter().position(|x| x == r).expect("listed");
            if g.is_other_city(k) {
                1.0
            } else {
                0.0
            }
        })
        .collect();
    let model = mrio::model::Leontief::from_table(&table, ModelOptions::default())?;
    let to_cities = structural_paths_from(
        &model,
        &an.demand[0],
        &q,
        PathOptions {
            top: 10,
            threshold: 1e-3,
            ..PathOptions::default()
        },
    )?;
    let frames = frames(&DemoInputs {
        table: &table,
        analysis: &an,
        to_cities: &to_cities,
        ranges: ranges.as_ref(),
    });
    args.out.emit_view(frames, Some(&args.view), ctx)?;
    Ok(ExitCode::SUCCESS)
}
