//! Making tables where data are scarce (docs/methods.md 1.6, 4, 6, 7): domestic technology
//! from competitive-import tables, location-quotient regionalization, interregional
//! trade (self-supply, CHARM, gravity), the Chenery–Moses assembly, balancing (RAS,
//! GRAS) and aggregation. [`build`] runs the whole pipeline from a [`Recipe`].
//!
//! Pipeline (each step's formula is in its module):
//! 1. read the parent; competitive imports → domestic flows (import proportionality);
//! 2. aggregate its sectors with the concordance; split sectors with a more detailed
//!    table's technology ([`sector_split`]); split final-demand columns with a
//!    more detailed table's product shares (e.g. consumption into households and
//!    government, [`final_demand`]);
//! 3. regional sizes `E^r` from the indicator file; the rest region = parent − listed;
//!    regional output `x^r_i = E^r_i · x^n_i / E^n_i` (E = output or value added);
//! 4. every region uses the parent's domestic technology `A^n` (Chenery–Moses regional
//!    technology), foreign-import and value-added coefficients;
//! 5. final demand: each non-export parent column is shared out by regional size,
//!    foreign exports by regional output of the good;
//! 6. self-supply of the listed regions by LQ (`a^n_ij · min(1, Q_ij)` for intermediate
//!    users, `min(1, Q_ii)` for final users) or CHARM; the rest region's self-supply
//!    comes out of the gravity step (internal distance `rest_internal_km`);
//!    non-tradable sectors supply themselves up to local use (supply–demand pool);
//! 7. doubly-constrained gravity for the remaining shipments of every good;
//! 8. trade coefficients `C`, `x = (I − CÃ)⁻¹ (C y + e)`, `Z = CÃ x̂`.
//!
//! The result reproduces the regional outputs of step 3 (up to rounding) and
//! balances by rows and columns.

pub mod aggregate;
pub mod assemble;
pub mod balance;
pub mod cache;
pub mod domestic;
pub mod final_demand;
pub mod inputs;
pub mod parent;
pub mod recipe;
pub mod regionalize;
pub mod regions;
pub mod sector_split;
pub mod supply;
pub mod trade;

pub use inputs::{read_distances, read_regional_values, RegionalValues};
pub use recipe::Recipe;

use crate::error::{Error, Result};
use crate::table::{IoTable, Meta};
use inputs::Inputs;
use std::path::Path;

/// A built table and what the build measured.
#[derive(Debug, Clone)]
pub struct Built {
    /// The multiregional table (metadata includes `[build]`).
    pub table: IoTable,
    /// Largest relative difference between the solved output and the regional output
    /// implied by the indicators.
    pub output_gap: f64,
    /// Spectral radius estimate of `CÃ` (upper bound).
    pub spectral_radius: f64,
    /// Largest number of gravity (RAS) sweeps over goods.
    pub gravity_iterations: usize,
}

/// The recipe's `unit` is the built table's unit and must be the parent's (when the
/// parent's table.toml states one): a different unit would relabel the parent's
/// numbers without converting them.
fn check_parent_unit(recipe: &Recipe, recipe_path: &Path, parent: &IoTable) -> Result<()> {
    let norm = |u: &str| u.split_whitespace().collect::<Vec<_>>().join(" ");
    let Some(pu) = parent.meta.unit.as_deref() else {
        return Ok(());
    };
    if norm(pu) == norm(&recipe.unit) {
        return Ok(());
    }
    let line = std::fs::read_to_string(recipe_path)
        .ok()
        .and_then(|t| {
            t.lines()
                .position(|l| l.trim_start().starts_with("unit"))
                .map(|p| format!(":{}", p + 1))
        })
        .unwrap_or_default();
    Err(Error::conflict(
        format!("{}{line}: unit", recipe_path.display()),
        format!(
            "the recipe's unit `{}` differs from the parent table's unit `{pu}` ({}): \
             the built table takes the parent's numbers as they are, so the recipe must \
             state the parent's unit",
            recipe.unit,
            Path::new(&recipe.parent.path).join("table.toml").display()
        ),
    ))
}

/// Run the pipeline of `recipe` (read from `recipe_path`; relative paths are relative
/// to its folder): one call per step of the module doc.
pub fn build(recipe: &Recipe, recipe_path: &Path) -> Result<Built> {
    build_with(recipe, recipe_path, true)
}

/// [`build`] for one draw of an ensemble: the same table without the spectral-radius
/// estimate (`spectral_radius` is NaN and the metadata leaves it out). The power
/// iteration took about a third of a cluster draw; the draw's solve still refuses a
/// non-productive table (`model::leontief::check_productive`).
pub fn build_draw(recipe: &Recipe, recipe_path: &Path) -> Result<Built> {
    build_with(recipe, recipe_path, false)
}

fn build_with(recipe: &Recipe, recipe_path: &Path, radius: bool) -> Result<Built> {
    let mut inputs = Inputs::new(recipe_path);
    // 1-2. Parent, domestic and aggregated.
    let parent = parent::read_parent(&recipe.parent, &mut inputs)?;
    check_parent_unit(recipe, recipe_path, &parent.table)?;
    let conc = match &recipe.parent.concordance {
        Some(raw) => Some(aggregate::Concordance::read(
            &inputs.file("concordance", raw)?,
        )?),
        None => None,
    };
    let parent = parent::aggregate_parent(parent, conc.as_ref())?;
    // 2a. Sectors split with a more detailed table's technology.
    let mut parent = sector_split::split_sectors(
        parent,
        &recipe.sector_split,
        &recipe.parent.import_rows,
        &mut inputs,
    )?;
    // 2b. Final-demand columns split with a more detailed table's shares.
    parent.table =
        final_demand::split_columns(parent.table, &recipe.final_demand.split, &mut inputs)?;
    // 4. What every region inherits, and the parent's sizes.
    let coef = parent::coefficients(&parent.table, &recipe.parent.import_rows)?;
    let en = parent::parent_sizes(&recipe.regions, &coef, &mut inputs)?;
    // 3. Regions.
    let ind_path = inputs.file("indicators", &recipe.regions.indicators)?;
    let ind = read_regional_values(&ind_path, &coef.sectors)?;
    let reg = regions::regional_sizes(
        &ind,
        recipe.regions.rest.as_deref(),
        &en,
        &coef.x,
        &coef.sectors,
        &ind_path.display().to_string(),
    )?;
    // 5. Final demand.
    let is_export: Vec<bool> = parent
        .table
        .y_labels
        .iter()
        .map(|l| recipe.parent.export_columns.contains(l))
        .collect();
    let fd = regions::locate_final_demand(&parent.table.y, &is_export, &coef.x, &reg);
    // 6. Self-supply.
    let m = supply::margins(&coef, &reg, &fd);
    let non_tradable = supply::non_tradable_positions(&recipe.trade.non_tradable, &coef.sectors)?;
    let selfs = supply::self_supply(
        &recipe.regionalize,
        recipe.trade.self_supply,
        &non_tradable,
        &parent,
        &coef,
        &reg,
        &fd,
        &m,
    )?;
    // 7. Gravity.
    let dpath = inputs.file("distances", &recipe.trade.distances)?;
    let mut dist = read_distances(&dpath, &reg.regions)?;
    if reg.has_rest {
        let nr = reg.len();
        dist[(nr - 1, nr - 1)] = recipe.trade.rest_internal_km.unwrap_or(f64::NAN);
    }
    let ships = supply::ship(&recipe.trade, &dist, &reg, &m, &selfs, &coef.sectors)?;
    // 8. Chenery–Moses, the table, satellites and metadata.
    let a = assemble::assemble(&coef, &reg, &fd, &ships.t, radius)?;
    let mut table = assemble::to_table(recipe, &parent.table, &coef, &reg, &fd, &a)?;
    let sat_units = assemble::satellites(
        &recipe.satellites,
        &mut table,
        &reg,
        &coef.sectors,
        &mut inputs,
    )?;
    let b = assemble::metadata(recipe, recipe_path, inputs.record, &a, ships.iterations)?;
    table.meta = Meta {
        name: Some(recipe.name.clone()),
        year: recipe.year,
        unit: Some(recipe.unit.clone()),
        source: recipe.source.clone(),
        satellite_units: sat_units,
        notes: recipe.notes.clone(),
        primary_inputs: parent::primary_inputs(&parent.table, &recipe.parent.import_rows),
        build: Some(b),
    };
    Ok(Built {
        table,
        output_gap: a.output_gap,
        spectral_radius: a.rho.upper,
        gravity_iterations: ships.iterations,
    })
}
