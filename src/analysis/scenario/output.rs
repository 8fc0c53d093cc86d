//! Results of a scenario set: output effects per (region, sector) and their sums per
//! region, total and share outside the shocked regions.

use super::ScenarioSet;
use crate::error::{Error, Result};
use crate::table::IoTable;

/// Effects on output of one scenario, per (region, sector), in the table's unit.
#[derive(Debug, Clone)]
pub struct OutputEffects {
    /// Direct: the final-demand change, or the new plant's output.
    pub direct: Vec<f64>,
    /// Indirect: supply-chain rounds (open model) minus direct.
    pub indirect: Vec<f64>,
    /// Induced: household-spending rounds (closed minus open; zero without closure).
    pub induced: Vec<f64>,
}

impl OutputEffects {
    /// Direct + indirect + induced.
    pub fn total(&self) -> Vec<f64> {
        (0..self.direct.len())
            .map(|i| self.direct[i] + self.indirect[i] + self.induced[i])
            .collect()
    }
}

/// The four components of an effect.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Components {
    /// Direct.
    pub direct: f64,
    /// Indirect.
    pub indirect: f64,
    /// Induced.
    pub induced: f64,
    /// Total.
    pub total: f64,
}

impl Components {
    fn add(&mut self, o: Components) {
        self.direct += o.direct;
        self.indirect += o.indirect;
        self.induced += o.induced;
        self.total += o.total;
    }
    fn zero() -> Self {
        Components {
            direct: 0.0,
            indirect: 0.0,
            induced: 0.0,
            total: 0.0,
        }
    }
}

/// Results of a scenario set.
#[derive(Debug, Clone)]
pub struct Impacts {
    /// The scenarios as read.
    pub set: ScenarioSet,
    /// Output effects per scenario.
    pub output: Vec<OutputEffects>,
    /// The mixed-model solution per scenario when the file has `[[capacity]]` caps
    /// (unmet and shifted demand, binding caps); `None` without caps.
    pub constrained: Vec<Option<crate::model::mixed::Mixed>>,
    /// True when the household closure was used.
    pub closed: bool,
    /// The closure's choices, when used: (income rows, consumption columns, spending
    /// on the table's products per unit of household income, per region).
    pub closure_used: Option<(Vec<String>, Vec<String>, Vec<f64>)>,
    /// Largest relative residual of the solves.
    pub residual: f64,
    /// Regions in table order.
    pub regions: Vec<String>,
    /// Region number of every entry.
    pub region_of: Vec<usize>,
}

impl Impacts {
    /// Effects of scenario `s` on indicator `k`, per (region, sector).
    pub fn effects(&self, s: usize, k: usize) -> Vec<Components> {
        let w = &self.set.indicators[k].per_output;
        let o = &self.output[s];
        (0..w.len())
            .map(|i| {
                let d = w[i] * o.direct[i];
                let ind = w[i] * o.indirect[i];
                let inc = w[i] * o.induced[i];
                Components {
                    direct: d,
                    indirect: ind,
                    induced: inc,
                    total: d + ind + inc,
                }
            })
            .collect()
    }

    /// Effects of scenario `s` on indicator `k`, summed per region (table region order).
    pub fn by_region(&self, s: usize, k: usize) -> Vec<Components> {
        let mut out = vec![Components::zero(); self.regions.len()];
        for (i, c) in self.effects(s, k).into_iter().enumerate() {
            out[self.region_of[i]].add(c);
        }
        out
    }

    /// Total over all regions.
    pub fn total(&self, s: usize, k: usize) -> Components {
        let mut t = Components::zero();
        for c in self.by_region(s, k) {
            t.add(c);
        }
        t
    }

    /// Regions holding at least one shock of scenario `s` (region numbers).
    pub fn shocked_regions(&self, s: usize) -> Vec<usize> {
        let mut v: Vec<usize> = self.set.scenarios[s]
            .shocks
            .iter()
            .map(|k| self.region_of[k.position])
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    /// Share of the total effect (indicator `k`) that lands outside the shocked regions.
    pub fn share_outside(&self, s: usize, k: usize) -> f64 {
        let by = self.by_region(s, k);
        let shocked = self.shocked_regions(s);
        let total: f64 = by.iter().map(|c| c.total).sum();
        let outside: f64 = by
            .iter()
            .enumerate()
            .filter(|(r, _)| !shocked.contains(r))
            .map(|(_, c)| c.total)
            .sum();
        if total == 0.0 {
            // No effect at all (a shock on a sector without output or inputs): none of
            // it lands outside.
            return 0.0;
        }
        // `+ 0.0`: an empty sum is -0.0, which would print as "-0.00%".
        outside / total + 0.0
    }

    /// Regions other than the shocked ones, ranked by total effect on indicator `k`
    /// (largest first): (region number, components).
    pub fn ranked_outside(&self, s: usize, k: usize) -> Vec<(usize, Components)> {
        let shocked = self.shocked_regions(s);
        let mut v: Vec<(usize, Components)> = self
            .by_region(s, k)
            .into_iter()
            .enumerate()
            .filter(|(r, _)| !shocked.contains(r))
            .collect();
        v.sort_by(|a, b| b.1.total.total_cmp(&a.1.total));
        v
    }

    /// Refuse results no report may show: an effect that is not a finite number
    /// (amounts so large that a product or sum overflows) names the scenario, the
    /// indicator and the region and sector; a scenario that leaves a sector with
    /// negative output (a negative shock larger than what the sector produces) names
    /// the sector, its output and the change.
    pub fn check(&self, table: &IoTable) -> Result<()> {
        let ids = table.index.ids();
        for (s, sc) in self.set.scenarios.iter().enumerate() {
            for (k, ind) in self.set.indicators.iter().enumerate() {
                let place = |what: &str| {
                    format!(
                        "{}: scenario `{}`, {} effect {what}",
                        self.set.path.display(),
                        sc.name,
                        ind.name
                    )
                };
                let bad = |c: &Components| {
                    ![c.direct, c.indirect, c.induced, c.total]
                        .iter()
                        .all(|v| v.is_finite())
                };
                if let Some(i) = self.effects(s, k).iter().position(bad) {
                    return Err(Error::non_finite(
                        place(&format!("on `{}`", ids[i])),
                        overflow_detail(sc),
                    ));
                }
                if let Some(r) = self.by_region(s, k).iter().position(bad) {
                    return Err(Error::non_finite(
                        place(&format!("summed over region `{}`", self.regions[r])),
                        overflow_detail(sc),
                    ));
                }
                if bad(&self.total(s, k)) {
                    return Err(Error::non_finite(
                        place("summed over all regions"),
                        overflow_detail(sc),
                    ));
                }
            }
            let change = self.output[s].total();
            for (i, d) in change.iter().enumerate() {
                let x = table.x[i];
                if x + d < -1e-9 * x.abs().max(d.abs()) {
                    return Err(Error::conflict(
                        format!("{}: scenario `{}`", self.set.path.display(), sc.name),
                        format!(
                            "the output of `{}` (region `{}`, sector `{}`) would become \
                             negative: the table's output {} {unit} changes by {} {unit}; \
                             a negative shock may not exceed what the sector produces",
                            ids[i],
                            table.index.regions()[i],
                            table.index.sectors()[i],
                            crate::report::number::fmt_msg(x),
                            crate::report::number::fmt_msg(*d),
                            unit = table.unit()
                        ),
                    ));
                }
            }
        }
        Ok(())
    }
}

fn overflow_detail(sc: &super::Scenario) -> String {
    let largest = sc
        .shocks
        .iter()
        .map(|k| k.as_given.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "is not a finite number: the shocks ({largest}) are too large for 64-bit floating \
         point"
    )
}
