//! Planning constraints of a scenario file: `[[limit]]` (the most additional use of an
//! indicator a region allows, e.g. water) and `[[capacity]]` (sectors that cannot grow
//! beyond a cap; solved with the mixed model of [`crate::model::mixed`]).
//!
//! A limit does not change the solution: it is checked after it (increase, cap, headroom
//! or excess). A capacity cap does: the capped sector's output becomes exogenous when its
//! unconstrained increase exceeds the cap, and the demand it cannot meet is either
//! reported (`unmet = "report"`) or shifted to the same product's other supplying regions
//! (`unmet = "shift"`) in proportion to their trade shares.

use super::file::Ctx;
use super::money::conversion;
use super::{available_indicators, resolve_indicator, Impacts, Indicator};
use crate::error::{Error, Result};
use crate::table::IoTable;
use serde::Deserialize;
use std::path::Path;
use toml::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct LimitSpec {
    region: Spanned<String>,
    indicator: Spanned<String>,
    cap: Spanned<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CapacitySpec {
    region: Spanned<String>,
    sector: Spanned<String>,
    max_increase: Spanned<f64>,
    unit: Option<Spanned<String>>,
    unmet: Option<Spanned<String>>,
}

/// A limit on the additional use of an indicator in one region.
#[derive(Debug, Clone)]
pub struct Limit {
    /// Region number (table region order).
    pub region: usize,
    /// The indicator limited (per unit of output of every sector).
    pub indicator: Indicator,
    /// Most additional use allowed, in the indicator's unit (>= 0).
    pub cap: f64,
    /// Where the limit comes from (`scenario file line 12`, `limits.csv row 2`).
    pub source: String,
}

/// A sector whose output may grow by at most `max_increase`.
#[derive(Debug, Clone)]
pub struct Capacity {
    /// Position of the (region, sector).
    pub position: usize,
    /// Largest output increase, in the table's unit (>= 0; 0 = no growth).
    pub max_increase: f64,
    /// How the user wrote it.
    pub as_given: String,
    /// True when the demand it cannot meet moves to other regions (`unmet = "shift"`).
    pub shift: bool,
}

/// A limit checked against one scenario's result.
#[derive(Debug, Clone, PartialEq)]
pub struct LimitCheck {
    /// Region number.
    pub region: usize,
    /// Indicator name.
    pub indicator: String,
    /// Unit of increase, cap and headroom.
    pub unit: String,
    /// Additional use in the region (direct + indirect + induced).
    pub increase: f64,
    /// Most additional use allowed.
    pub cap: f64,
    /// `cap − increase`: headroom when >= 0, excess when < 0.
    pub headroom: f64,
    /// True when the increase exceeds the cap.
    pub binding: bool,
}

fn region_number(table: &IoTable, name: &str) -> std::result::Result<usize, String> {
    let regions = table.index.region_list();
    regions.iter().position(|r| r == name).ok_or_else(|| {
        format!(
            "unknown region `{name}`: expected one of {}",
            regions.join(", ")
        )
    })
}

fn check_cap(cap: f64, what: &str) -> std::result::Result<(), String> {
    if cap.is_finite() && cap >= 0.0 {
        Ok(())
    } else {
        Err(format!("{what} {cap} must be a number >= 0"))
    }
}

/// The `[[limit]]` entries of a scenario file.
pub(super) fn parse_limits(
    cx: &Ctx,
    specs: &[Spanned<LimitSpec>],
    table: &IoTable,
) -> Result<Vec<Limit>> {
    let all = available_indicators(table, &[]);
    let mut v = Vec::new();
    for sp in specs {
        let l = sp.get_ref();
        let region = region_number(table, l.region.get_ref())
            .or_else(|m| cx.err(l.region.span(), format!("[[limit]] {m}")))?;
        let indicator = resolve_indicator(table, &all, l.indicator.get_ref())
            .or_else(|m| cx.err(l.indicator.span(), format!("[[limit]] {m}")))?;
        check_cap(*l.cap.get_ref(), "[[limit]] cap").or_else(|m| cx.err(l.cap.span(), m))?;
        v.push(Limit {
            region,
            indicator: indicator.clone(),
            cap: *l.cap.get_ref(),
            source: format!(
                "{} line {}",
                cx.path.display(),
                super::file::line_of(cx.text, sp.span().start)
            ),
        });
    }
    Ok(v)
}

/// Limits from a CSV file with columns `region,indicator,cap` (more columns, e.g.
/// `status,source`, are kept only as documentation). Errors name the file and row.
pub fn read_limits_csv(path: &Path, table: &IoTable) -> Result<Vec<Limit>> {
    let bytes = crate::fsio::read_bytes(path)?;
    parse_limits_csv(&bytes, path, table)
}

/// Limits from the bytes of a `region,indicator,cap` CSV (see [`read_limits_csv`]);
/// `path` names it in errors and sources.
pub fn parse_limits_csv(bytes: &[u8], path: &Path, table: &IoTable) -> Result<Vec<Limit>> {
    let bad = |row: usize, m: String| Error::Config {
        path: path.to_path_buf(),
        message: format!("row {row}: {m}"),
    };
    let mut rd = csv::Reader::from_reader(bytes);
    let head = rd.headers().map_err(|e| bad(1, e.to_string()))?.clone();
    let col = |name: &str| {
        head.iter().position(|h| h == name).ok_or_else(|| {
            bad(
                1,
                format!("no `{name}` column: expected `region,indicator,cap`"),
            )
        })
    };
    let (cr, ci, cc) = (col("region")?, col("indicator")?, col("cap")?);
    let all = available_indicators(table, &[]);
    let mut v = Vec::new();
    for (i, rec) in rd.records().enumerate() {
        let row = i + 2;
        let rec = rec.map_err(|e| bad(row, e.to_string()))?;
        let field = |c: usize| rec.get(c).unwrap_or("").trim();
        let region = region_number(table, field(cr)).map_err(|m| bad(row, m))?;
        let indicator = resolve_indicator(table, &all, field(ci)).map_err(|m| bad(row, m))?;
        let cap: f64 = field(cc)
            .parse()
            .map_err(|_| bad(row, format!("cap `{}` is not a number", field(cc))))?;
        check_cap(cap, "cap").map_err(|m| bad(row, m))?;
        v.push(Limit {
            region,
            indicator: indicator.clone(),
            cap,
            source: format!("{} row {row}", path.display()),
        });
    }
    Ok(v)
}

/// Add the table's default limits (`limits.csv` in the table folder) when the file asked
/// for them with `default_limits = true`; an error when the table has none.
pub fn add_default_limits(
    set: &mut super::ScenarioSet,
    table: &IoTable,
    table_dir: &Path,
) -> Result<()> {
    if !set.default_limits {
        return Ok(());
    }
    let csv = table_dir.join("limits.csv");
    if !csv.exists() {
        return Err(Error::Config {
            path: set.path.clone(),
            message: format!(
                "default_limits = true but the table has no {}: give [[limit]] entries or \
                 `limits = \"FILE.csv\"`",
                csv.display()
            ),
        });
    }
    set.limits.extend(read_limits_csv(&csv, table)?);
    Ok(())
}

/// Add to the reported indicators every indicator a limit caps that the file does not
/// list (in limit order), so the use checked against each cap is reported beside the
/// file's indicators (the ensemble records it for every draw).
pub fn track_limited(set: &mut super::ScenarioSet) {
    for l in &set.limits {
        if !set.indicators.iter().any(|i| i.name == l.indicator.name) {
            set.indicators.push(l.indicator.clone());
        }
    }
}

/// The `[[capacity]]` entries of a scenario file (amounts in the entry's `unit`, else
/// the file's).
pub(super) fn parse_capacity(
    cx: &Ctx,
    specs: &[Spanned<CapacitySpec>],
    table: &IoTable,
    file_unit: Option<&Spanned<String>>,
) -> Result<Vec<Capacity>> {
    let mut v: Vec<Capacity> = Vec::new();
    for sp in specs {
        let c = sp.get_ref();
        let (region, sector) = (c.region.get_ref(), c.sector.get_ref());
        region_number(table, region)
            .or_else(|m| cx.err(c.region.span(), format!("[[capacity]] {m}")))?;
        let Some(position) = table.index.position_of(region, sector) else {
            return cx.err(
                c.sector.span(),
                format!(
                    "[[capacity]] unknown sector `{sector}` in region `{region}`: expected \
                     one of {}",
                    table.index.sector_list().join(", ")
                ),
            );
        };
        if v.iter().any(|o| o.position == position) {
            return cx.err(sp.span(), format!("`{region}`/`{sector}` capped twice"));
        }
        let m = *c.max_increase.get_ref();
        check_cap(m, "[[capacity]] max_increase").or_else(|e| cx.err(c.max_increase.span(), e))?;
        let Some(unit) = c.unit.as_ref().or(file_unit) else {
            return cx.err(
                c.max_increase.span(),
                "max_increase without a unit: add `unit` to the entry or at the top of the file",
            );
        };
        let factor = conversion(unit.get_ref(), table.meta.unit.as_deref())
            .or_else(|e| cx.err(unit.span(), e))?;
        let shift = match c.unmet.as_ref().map(|u| (u.get_ref().as_str(), u.span())) {
            None | Some(("report", _)) => false,
            Some(("shift", _)) => true,
            Some((other, span)) => {
                return cx.err(
                    span,
                    format!("unknown unmet `{other}`: expected `report` or `shift`"),
                )
            }
        };
        v.push(Capacity {
            position,
            max_increase: m * factor,
            as_given: format!("{m} {}", unit.get_ref()),
            shift,
        });
    }
    Ok(v)
}

/// True when an additional use `increase` exceeds the cap (beyond rounding: a relative
/// 1e-9 of the cap, absolute below a cap of 1).
pub fn binds(increase: f64, cap: f64) -> bool {
    cap - increase < -1e-9 * cap.max(1.0)
}

impl Impacts {
    /// Every limit of the file checked against scenario `s` (file order).
    pub fn limit_checks(&self, s: usize) -> Vec<LimitCheck> {
        let total = self.output[s].total();
        self.set
            .limits
            .iter()
            .map(|l| {
                let increase: f64 = (0..total.len())
                    .filter(|&i| self.region_of[i] == l.region)
                    .map(|i| l.indicator.per_output[i] * total[i])
                    .sum();
                let headroom = l.cap - increase;
                LimitCheck {
                    region: l.region,
                    indicator: l.indicator.name.clone(),
                    unit: l.indicator.unit.clone(),
                    increase,
                    cap: l.cap,
                    headroom,
                    binding: binds(increase, l.cap),
                }
            })
            .collect()
    }
}

/// Output of one scenario under the file's capacity caps: the unconstrained response
/// `x` (open model) is turned into the final demand it serves, `Δf = (I − A) x` (for a
/// plant: the demand its output meets outside the plant), and solved with the mixed
/// model. A cap binds only when the unconstrained increase exceeds it; the binding set
/// is re-solved until no new cap binds ([`crate::model::mixed`]).
pub(super) fn constrain(
    table: &IoTable,
    model: &crate::model::Leontief,
    caps: &[Capacity],
    x: &[f64],
) -> Result<crate::model::mixed::Mixed> {
    use crate::model::mixed::{self, Cap, Overflow};
    let a = model.a();
    let n = x.len();
    let df: Vec<f64> = (0..n)
        .map(|i| x[i] - (0..n).map(|j| a[(i, j)] * x[j]).sum::<f64>())
        .collect();
    let list: Vec<Cap> = caps
        .iter()
        .map(|c| Cap {
            position: c.position,
            max_increase: c.max_increase,
        })
        .collect();
    let overflow = if caps.iter().any(|c| c.shift) {
        Overflow::Shift(
            caps.iter()
                .map(|c| {
                    if c.shift {
                        shift_shares(table, caps, c.position)
                    } else {
                        Vec::new()
                    }
                })
                .collect(),
        )
    } else {
        Overflow::Unmet
    };
    mixed::solve(model, &df, &list, &overflow)
}

/// Other suppliers of the product of `p` and their shares: each other region's sales of
/// the same product to the capped region's buyers (intermediate and final), as a share of
/// all such sales; by output when the capped region buys none from elsewhere. Capped
/// positions receive nothing.
pub fn shift_shares(table: &IoTable, caps: &[Capacity], p: usize) -> Vec<(usize, f64)> {
    let ix = &table.index;
    let (region, sector) = (&ix.regions()[p], &ix.sectors()[p]);
    let others: Vec<usize> = ix
        .region_list()
        .iter()
        .filter(|r| *r != region)
        .filter_map(|r| ix.position_of(r, sector))
        .filter(|q| caps.iter().all(|c| c.position != *q))
        .collect();
    let into_region = |q: usize| -> f64 {
        let z: f64 = (0..table.len())
            .filter(|&j| &ix.regions()[j] == region)
            .map(|j| table.z[(q, j)])
            .sum();
        let y: f64 = (0..table.y.ncols())
            .filter(|&c| table.y_regions[c].as_deref() == Some(region.as_str()))
            .map(|c| table.y[(q, c)])
            .sum();
        (z + y).max(0.0)
    };
    let mut w: Vec<f64> = others.iter().map(|&q| into_region(q)).collect();
    if w.iter().sum::<f64>() <= 0.0 {
        w = others.iter().map(|&q| table.x[q].max(0.0)).collect();
    }
    let total: f64 = w.iter().sum();
    if total <= 0.0 {
        return Vec::new();
    }
    others
        .into_iter()
        .zip(w)
        .map(|(q, v)| (q, v / total))
        .collect()
}

/// One enclave plant of a scenario: its value added and the part that accrues to the
/// firm's home region.
#[derive(Debug, Clone, PartialEq)]
pub struct EnclavePlant {
    /// Position of the plant (host region, sector).
    pub position: usize,
    /// Home region number.
    pub home: usize,
    /// Share of the plant's value added accruing to the home region.
    pub share: f64,
    /// The plant's own value added (its output times the sector's VA coefficient).
    pub value_added: f64,
    /// The part of it accruing to the home region (`home_share × value_added`).
    pub to_home: f64,
}

/// Value added of a scenario per region by place of production and by who gains.
#[derive(Debug, Clone, PartialEq)]
pub struct EnclaveSplit {
    /// Value added produced in each region (direct + indirect), table region order.
    pub produced: Vec<f64>,
    /// The same after moving each plant's home share from host to home.
    pub gained: Vec<f64>,
    /// The scenario's enclave plants.
    pub plants: Vec<EnclavePlant>,
}

impl Impacts {
    /// The value-added split of scenario `s` with indicator `va` (value added per unit
    /// of output); `None` when the scenario has no enclave plant.
    pub fn enclave_split(&self, s: usize, va: &Indicator) -> Option<EnclaveSplit> {
        let shocks = &self.set.scenarios[s].shocks;
        let plants: Vec<EnclavePlant> = shocks
            .iter()
            .filter_map(|k| {
                let h = k.home?;
                let value_added = va.per_output[k.position] * k.amount;
                Some(EnclavePlant {
                    position: k.position,
                    home: h.region,
                    share: h.share,
                    value_added,
                    to_home: h.share * value_added,
                })
            })
            .collect();
        if plants.is_empty() {
            return None;
        }
        let mut produced = vec![0.0; self.regions.len()];
        for (i, t) in self.output[s].total().iter().enumerate() {
            produced[self.region_of[i]] += va.per_output[i] * t;
        }
        let mut gained = produced.clone();
        for p in &plants {
            gained[self.region_of[p.position]] -= p.to_home;
            gained[p.home] += p.to_home;
        }
        Some(EnclaveSplit {
            produced,
            gained,
            plants,
        })
    }
}
