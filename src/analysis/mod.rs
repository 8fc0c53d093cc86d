//! Analyses on a factored model: one file per method family (multipliers, linkages,
//! extraction, spillover and feedback between regions, structural paths, scenarios).
//! Never prints; reads no tables (scenario files excepted: they are the input).

pub mod compare;
pub mod extraction;
pub mod household;
pub mod indicator;
pub mod linkages;
pub mod multipliers;
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
    /// Top paths per scenario, from its equivalent final demand (None when zero).
    pub paths: Vec<Option<paths::PathResult>>,
    /// Per scenario, the final demand that yields its open-model output change
    /// (`(I − A) Δx`; equal to `Δf` for final-demand shocks, `φ_k e_k` for new plants).
    pub demand: Vec<Vec<f64>>,
}

/// The final demand `(I − A) Δx` that yields the open-model output change of a scenario.
pub fn equivalent_demand(model: &Leontief, out: &scenario::OutputEffects) -> Vec<f64> {
    let n = model.n();
    let dx: Vec<f64> = (0..n).map(|i| out.direct[i] + out.indirect[i]).collect();
    let a = model.a();
    let mut f: Vec<f64> = (0..n)
        .map(|i| dx[i] - (0..n).map(|j| a[(i, j)] * dx[j]).sum::<f64>())
        .collect();
    // Entries that are rounding noise of the subtraction are zero demand.
    let scale = f.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    for v in &mut f {
        if v.abs() <= 1e-12 * scale * n as f64 {
            *v = 0.0;
        }
    }
    f
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
    impacts.check(table)?;
    let d = spillover::backward(&model, &table.index)?;
    let regions = spillover::region_matrix(&d, &table.final_demand(), &table.x)?;
    let q = vec![1.0; table.len()];
    let mut all_paths = Vec::new();
    let mut demand = Vec::new();
    for s in 0..impacts.set.scenarios.len() {
        let f = equivalent_demand(&model, &impacts.output[s]);
        all_paths.push(if f.iter().any(|&v| v != 0.0) {
            Some(paths::structural_paths_from(&model, &f, &q, path_opts)?)
        } else {
            None
        });
        demand.push(f);
    }
    Ok(ScenarioAnalysis {
        impacts,
        regions,
        paths: all_paths,
        demand,
    })
}
