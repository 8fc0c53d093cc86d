//! Running draws (in parallel, one factorization and one batch solve each) and collecting
//! them in draw order: a [`Run`] holds the point result and every draw's inputs and
//! values, whatever thread or shard computed them.

use super::draw::Prepared;
use crate::analysis::scenario::Impacts;
use crate::error::{Error, Result};
use rayon::prelude::*;

/// Where each value of a draw sits: per scenario and indicator, the total, the region
/// totals, every (region, sector) and the three group shares.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Layout {
    /// Scenario names.
    pub scenarios: Vec<String>,
    /// Indicator names and units.
    pub indicators: Vec<(String, String)>,
    /// Regions in table order.
    pub regions: Vec<String>,
    /// (region, sector) of every entry.
    pub entries: Vec<(String, String)>,
    /// Per scenario: the region numbers of the groups centre, other cities, rest.
    pub groups: Vec<[Vec<usize>; 3]>,
}

/// Names of the groups in `shares.csv`.
pub const GROUPS: [&str; 3] = ["centre", "other_cities", "rest"];

impl Layout {
    /// Values per (scenario, indicator) block.
    pub fn block(&self) -> usize {
        1 + self.regions.len() + self.entries.len() + 3
    }

    /// Values per draw.
    pub fn len(&self) -> usize {
        self.scenarios.len() * self.indicators.len() * self.block()
    }

    /// True when there are no values.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Offset of the block of scenario `s`, indicator `k`.
    pub fn offset(&self, s: usize, k: usize) -> usize {
        (s * self.indicators.len() + k) * self.block()
    }

    /// The layout of `imp` with groups: `centre` (None: each scenario's shocked
    /// regions), `rest` (None: `default_rest`), other cities = the remaining regions.
    pub fn of(
        imp: &Impacts,
        table: &crate::table::IoTable,
        centre: Option<&[String]>,
        rest: &[String],
    ) -> Result<Layout> {
        let regions = imp.regions.clone();
        let find = |names: &[String], what: &str| -> Result<Vec<usize>> {
            names
                .iter()
                .map(|n| {
                    regions.iter().position(|r| r == n).ok_or_else(|| {
                        Error::unknown(
                            what,
                            "region",
                            n,
                            format!("expected a region of the table ({})", regions.join(", ")),
                        )
                    })
                })
                .collect()
        };
        let rest_ix = find(rest, "[groups] rest")?;
        let mut groups = Vec::new();
        for s in 0..imp.set.scenarios.len() {
            let c = match centre {
                Some(c) => find(c, "[groups] centre")?,
                None => imp.shocked_regions(s),
            };
            if let Some(r) = c.iter().find(|r| rest_ix.contains(r)) {
                return Err(Error::conflict(
                    "[groups]",
                    format!(
                        "region `{}` is both in the centre and in the rest group",
                        regions[*r]
                    ),
                ));
            }
            let other: Vec<usize> = (0..regions.len())
                .filter(|r| !c.contains(r) && !rest_ix.contains(r))
                .collect();
            let rest_s: Vec<usize> = rest_ix.clone();
            groups.push([c, other, rest_s]);
        }
        let ix = &table.index;
        Ok(Layout {
            scenarios: imp.set.scenarios.iter().map(|s| s.name.clone()).collect(),
            indicators: imp
                .set
                .indicators
                .iter()
                .map(|i| (i.name.clone(), i.unit.clone()))
                .collect(),
            regions,
            entries: (0..table.len())
                .map(|i| (ix.regions()[i].clone(), ix.sectors()[i].clone()))
                .collect(),
            groups,
        })
    }

    /// The values of `imp` in this layout.
    pub fn values(&self, imp: &Impacts) -> Vec<f64> {
        let mut v = Vec::with_capacity(self.len());
        for s in 0..self.scenarios.len() {
            for k in 0..self.indicators.len() {
                let by = imp.by_region(s, k);
                let total: f64 = by.iter().map(|c| c.total).sum();
                v.push(total);
                v.extend(by.iter().map(|c| c.total));
                v.extend(imp.effects(s, k).iter().map(|c| c.total));
                for g in &self.groups[s] {
                    let sum: f64 = g.iter().map(|&r| by[r].total).sum();
                    // `+ 0.0`: an empty group's sum is -0, written as 0.
                    v.push(if total != 0.0 { sum / total + 0.0 } else { 0.0 });
                }
            }
        }
        v
    }
}

/// One draw: its index, input values and output values.
pub type Draw = (u64, Vec<f64>, Vec<f64>);

/// The point result and the draws, in draw order.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    /// Where each value sits.
    pub layout: Layout,
    /// Names of the sensitivity inputs.
    pub inputs: Vec<String>,
    /// Seed.
    pub seed: u64,
    /// Draws of the whole ensemble (all shards).
    pub total: u64,
    /// Values with every input at its central value.
    pub point: Vec<f64>,
    /// Draw index, input values, output values.
    pub draws: Vec<Draw>,
}

/// Draws `first..first+count` of shard `k` of `n` (1-based), contiguous blocks.
pub fn shard_range(total: u64, k: u64, n: u64) -> (u64, u64) {
    let lo = (k - 1) * total / n;
    let hi = k * total / n;
    (lo, hi - lo)
}

/// The groups' rest default: the recipe's `rest` region (none for a fixed table).
fn default_rest(p: &Prepared) -> Vec<String> {
    match &p.spec.rest {
        Some(r) => r.clone(),
        None => p
            .recipe()
            .and_then(|r| r.regions.rest.clone())
            .into_iter()
            .collect(),
    }
}

/// The point result and its layout.
pub fn point(p: &Prepared, seed: u64) -> Result<(Layout, Vec<f64>)> {
    let t = p.table(seed, None)?;
    let imp = p.impacts(&t.table)?;
    let layout = Layout::of(&imp, &t.table, p.spec.centre.as_deref(), &default_rest(p))?;
    let v = layout.values(&imp);
    Ok((layout, v))
}

/// Run draws `first..first+count` of `total` on `threads` threads (0 = all cores), each
/// draw's linear algebra sequential; `tick` is called after every draw.
pub fn run(
    p: &Prepared,
    seed: u64,
    total: u64,
    (first, count): (u64, u64),
    threads: usize,
    tick: &(dyn Fn() + Sync),
) -> Result<Run> {
    faer::set_global_parallelism(faer::Par::Seq);
    let (layout, point) = point(p, seed)?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| Error::Invalid(format!("cannot start {threads} threads: {e}")))?;
    let draws: Vec<Result<Draw>> = pool.install(|| {
        (first..first + count)
            .into_par_iter()
            .map(|d| {
                let t = p.table(seed, Some(d))?;
                let imp = p
                    .impacts(&t.table)
                    .map_err(|e| Error::Invalid(format!("draw {d}: {e}")))?;
                if imp.regions != layout.regions || t.table.len() != layout.entries.len() {
                    return Err(Error::conflict(
                        format!("draw {d}"),
                        "the table's regions or sectors differ from the point table's",
                    ));
                }
                let v = layout.values(&imp);
                tick();
                Ok((d, t.inputs, v))
            })
            .collect()
    });
    let draws = draws.into_iter().collect::<Result<Vec<_>>>()?;
    Ok(Run {
        layout,
        inputs: p.inputs.clone(),
        seed,
        total,
        point,
        draws,
    })
}
