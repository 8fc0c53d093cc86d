//! Solving shocks on an already factored model: every scenario's final-demand change and
//! a unit column per output-shocked sector are one multi-column solve with the LU of
//! `I − A` (and one with the LU of the closed system when households are closed).

use super::output::{Impacts, OutputEffects};
use super::{Scenario, ScenarioSet, ShockKind};
use crate::analysis::household;
use crate::error::Result;
use crate::model::{Factored, Leontief, ModelOptions};
use crate::table::IoTable;
use faer::Mat;

/// Solve every scenario of `set`: one multi-column solve with the LU of `I − A` and,
/// when closed, one with the LU of the closed system.
pub fn run(table: &IoTable, set: ScenarioSet, opts: ModelOptions) -> Result<Impacts> {
    let model = Leontief::from_table(table, opts)?;
    run_with(table, &model, set)
}

/// [`run`] with an already factored model.
pub fn run_with(table: &IoTable, model: &Leontief, set: ScenarioSet) -> Result<Impacts> {
    let n = table.len();
    let ns = set.scenarios.len();
    // Unit columns for every sector with an output shock.
    let mut exo: Vec<usize> = Vec::new();
    for s in &set.scenarios {
        for k in &s.shocks {
            if k.kind.is_plant() && !exo.contains(&k.position) {
                exo.push(k.position);
            }
        }
    }
    let build_rhs = |rows: usize| {
        let mut f = Mat::<f64>::zeros(rows, ns + exo.len());
        for (c, s) in set.scenarios.iter().enumerate() {
            for k in &s.shocks {
                if k.kind == ShockKind::FinalDemand {
                    f[(k.position, c)] += k.amount;
                }
            }
        }
        for (e, &p) in exo.iter().enumerate() {
            f[(p, ns + e)] = 1.0;
        }
        f
    };
    let open = model.solve_batch(build_rhs(n).as_ref())?;
    let mut residual = open.residual;
    let closure = match &set.closure {
        Some(spec) => Some(household::close(table, model, spec)?),
        None => None,
    };
    let closed = match &closure {
        Some(c) => {
            let r = c.model().solve_batch(build_rhs(c.model().n()).as_ref())?;
            residual = residual.max(r.residual);
            Some(r.value)
        }
        None => None,
    };
    if let Some(c) = set.capacity.iter().find(|c| exo.contains(&c.position)) {
        return Err(crate::error::Error::Config {
            path: set.path.clone(),
            message: format!(
                "[[capacity]] `{}` is also the site of a new plant (`kind = \"output\"` or \
                 `\"enclave\"`): a plant's output is given, so cap the plant's amount instead",
                table.index.ids()[c.position]
            ),
        });
    }
    if !set.capacity.is_empty() && set.closure.is_some() {
        return Err(crate::error::Error::Config {
            path: set.path.clone(),
            message: "[[capacity]] caps are solved in the open model (Type I) only: remove \
                      `closure` or the caps"
                .into(),
        });
    }
    let ids = table.index.ids();
    let mut output = Vec::with_capacity(ns);
    let mut constrained = Vec::with_capacity(ns);
    for (c, s) in set.scenarios.iter().enumerate() {
        let mut open_x = respond(&open.value, c, ns, &exo, s, n, ids)?;
        if set.capacity.is_empty() {
            constrained.push(None);
        } else {
            let m = super::plan::constrain(table, model, &set.capacity, &open_x)?;
            open_x.clone_from(&m.x);
            constrained.push(Some(m));
        }
        let mut direct = vec![0.0; n];
        for k in &s.shocks {
            direct[k.position] += k.amount;
        }
        if let Some(Some(m)) = constrained.last() {
            // A capped sector delivers at most its capped output of its own new demand.
            for &p in &m.binding {
                if direct[p] > open_x[p] {
                    direct[p] = open_x[p].max(0.0);
                }
            }
        }
        let indirect: Vec<f64> = (0..n).map(|i| open_x[i] - direct[i]).collect();
        let induced = match &closed {
            Some(cl) => {
                let cx = respond(cl, c, ns, &exo, s, n, ids)?;
                (0..n).map(|i| cx[i] - open_x[i]).collect()
            }
            None => vec![0.0; n],
        };
        output.push(OutputEffects {
            direct,
            indirect,
            induced,
        });
    }
    let regions = table.index.region_list().to_vec();
    let region_of = table
        .index
        .regions()
        .iter()
        .map(|r| regions.iter().position(|q| q == r).expect("listed"))
        .collect();
    Ok(Impacts {
        closure_used: closure.map(|c| {
            let h = c.households();
            (
                h.income_rows.clone(),
                h.consumption_columns.clone(),
                h.propensities(),
            )
        }),
        closed: set.closure.is_some(),
        set,
        output,
        constrained,
        residual,
        regions,
        region_of,
    })
}

/// Output response (first `n` rows) of scenario column `c` of the solved batch `xs`,
/// with the output-shocked sectors held at their exogenous change.
fn respond(
    xs: &Mat<f64>,
    c: usize,
    ns: usize,
    exo: &[usize],
    s: &Scenario,
    n: usize,
    ids: &[String],
) -> Result<Vec<f64>> {
    let mut x: Vec<f64> = (0..n).map(|i| xs[(i, c)]).collect();
    let own: Vec<(usize, f64)> = s
        .shocks
        .iter()
        .filter(|k| k.kind.is_plant())
        .map(|k| {
            (
                exo.iter().position(|&p| p == k.position).expect("listed"),
                k.amount,
            )
        })
        .collect();
    if own.is_empty() {
        return Ok(x);
    }
    // L_XX φ = δ_X − (L Δf)_X, then x += L_{·X} φ.
    let m = own.len();
    let lxx = Mat::from_fn(m, m, |a, b| xs[(exo[own[a].0], ns + own[b].0)]);
    let rhs = Mat::from_fn(m, 1, |a, _| own[a].1 - x[exo[own[a].0]]);
    let names: Vec<String> = own.iter().map(|(e, _)| ids[exo[*e]].clone()).collect();
    let phi = Factored::new(lxx, &names)?.solve(rhs.as_ref())?.value;
    for (b, (e, _)) in own.iter().enumerate() {
        for (i, xi) in x.iter_mut().enumerate() {
            *xi += xs[(i, ns + e)] * phi[(b, 0)];
        }
    }
    // The exogenous outputs are exactly their shocks (remove rounding).
    for (e, d) in &own {
        x[exo[*e]] = *d;
    }
    Ok(x)
}
