//! `mrio build RECIPE.toml --out DIR [--set KEY=VALUE]... [--force]`
//!
//! Runs the table-building pipeline of a recipe (parent table, concordance, regional
//! indicators, distances, LQ method and δ, self-supply method, gravity decay and γ)
//! and writes an ordinary table folder. Its `table.toml` records every parameter
//! (defaults filled in) and the SHA-256 of every input file under `[build]`, so the
//! table can be rebuilt and audited; the same recipe and inputs give the same bytes.
//! Relative paths in the recipe are relative to the recipe's folder. `--set` overrides
//! recipe values for sensitivity runs (e.g. `--set regionalize.delta=0.1`).

use super::Ctx;
use mrio::build::{build, Recipe};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Recipe file (TOML).
    recipe: PathBuf,
    /// Output table folder.
    #[arg(long)]
    out: PathBuf,
    /// Replace a non-empty output folder (the whole folder, never merged).
    #[arg(long)]
    force: bool,
    /// Override a recipe value (repeatable), e.g. `--set regionalize.delta=0.2`;
    /// the built table records the values used.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    set: Vec<String>,
}

pub fn run(args: Args, ctx: &Ctx) -> mrio::Result<ExitCode> {
    let recipe = Recipe::read_with(&args.recipe, &args.set).map_err(set_option)?;
    let inputs = recipe_inputs(&recipe, &args.recipe);
    let input_refs: Vec<&Path> = inputs.iter().map(PathBuf::as_path).collect();
    let out = super::out_dir(&args.out, args.force, &input_refs)?;
    let built = build(&recipe, &args.recipe)?;
    mrio::table::write_table(&built.table, out.path())?;
    super::commit(out)?;
    let t = &built.table;
    ctx.note(&format!(
        "built {}: {} regions x {} sectors = {} rows; wrote {}",
        recipe.name,
        t.index.region_list().len(),
        t.index.sector_list().len(),
        t.len(),
        args.out.display()
    ));
    ctx.note(&format!(
        "regionalization {} (delta {}), self-supply {}, gravity {} gamma {}: max gravity iterations {}",
        recipe.regionalize.method.name(),
        recipe.regionalize.delta,
        recipe.trade.self_supply.name(),
        recipe.trade.decay.name(),
        recipe.trade.gamma,
        built.gravity_iterations
    ));
    ctx.note(&format!(
        "spectral radius of CA <= {:.6}; largest relative gap between solved output and the indicators' output {:.1e}",
        built.spectral_radius, built.output_gap
    ));
    Ok(ExitCode::SUCCESS)
}

/// Every file and folder the recipe reads (the recipe itself, the parent table and the
/// indicator, concordance, distance and satellite files), for the output-path check.
/// Paths that do not resolve are left out (the build reports them).
fn recipe_inputs(recipe: &Recipe, recipe_path: &Path) -> Vec<PathBuf> {
    let base = match recipe_path.parent() {
        Some(b) if !b.as_os_str().is_empty() => b.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let p = &recipe.parent;
    let mut raw: Vec<&str> = vec![&p.path, &recipe.regions.indicators, &recipe.trade.distances];
    raw.extend(
        [
            &p.z_imports,
            &p.y_imports,
            &p.concordance,
            &recipe.regions.parent_sizes,
        ]
        .into_iter()
        .flatten()
        .map(String::as_str),
    );
    raw.extend(recipe.satellites.iter().map(|s| s.file.as_str()));
    let mut out = vec![recipe_path.to_path_buf()];
    out.extend(
        raw.into_iter()
            .filter_map(|r| mrio::build::recipe::resolve(&base, r).ok()),
    );
    out
}

/// A recipe override error in this command's option (`--set`).
fn set_option(e: mrio::Error) -> mrio::Error {
    match e {
        mrio::Error::Override {
            path,
            setting,
            message,
        } => mrio::Error::Config {
            path,
            message: match setting {
                Some(s) => format!("after --set `{s}`: {message}"),
                None => format!("after --set: {message}"),
            },
        },
        e => e,
    }
}
