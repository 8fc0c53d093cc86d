//! Analyses built on the models: spillover and feedback between regions, structural
//! paths, and scenarios. Never reads tables itself (scenario files excepted: they are
//! the analysis' input), never prints.

pub mod household;
pub mod paths;
pub mod scenario;
pub mod spillover;

use crate::error::Result;
use crate::model::{Leontief, ModelOptions};
use crate::table::IoTable;

/// Everything a scenario report shows: impacts, the table's region x region matrices
/// and, per scenario, the top paths from its largest shock.
#[derive(Debug, Clone)]
pub struct ScenarioAnalysis {
    /// Scenario results.
    pub impacts: scenario::Impacts,
    /// Region x region multipliers, scale-weighted flows, net spillovers.
    pub regions: spillover::RegionMatrix,
    /// Top paths per scenario (None when the scenario has no positive shock).
    pub paths: Vec<Option<paths::PathResult>>,
}

/// Solve a scenario set and compute what its report needs, on one factorization.
pub fn analyse_scenarios(
    table: &IoTable,
    set: scenario::ScenarioSet,
    opts: ModelOptions,
    path_opts: paths::PathOptions,
) -> Result<ScenarioAnalysis> {
    let model = Leontief::from_table(table, opts)?;
    let impacts = scenario::run_with(table, &model, set)?;
    let d = spillover::backward(&model, &table.index)?;
    let regions = spillover::region_matrix(&d, &table.final_demand(), &table.x)?;
    let q = vec![1.0; table.len()];
    let mut all_paths = Vec::new();
    for s in &impacts.set.scenarios {
        let largest = s
            .shocks
            .iter()
            .filter(|k| k.amount > 0.0)
            .max_by(|a, b| a.amount.total_cmp(&b.amount));
        all_paths.push(match largest {
            Some(k) => Some(paths::structural_paths(&model, k.position, &q, path_opts)?),
            None => None,
        });
    }
    Ok(ScenarioAnalysis {
        impacts,
        regions,
        paths: all_paths,
    })
}
