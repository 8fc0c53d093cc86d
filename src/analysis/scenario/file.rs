//! Reading scenario TOML: every shock resolved to a table position and an amount in the
//! table's unit; errors name the file and line.

use super::money::conversion;
use super::plan;
use super::{
    available_indicators, resolve_indicator, Home, Indicator, Scenario, ScenarioSet, Shock,
    ShockKind,
};
use crate::analysis::household::{self, ClosureSpec};
use crate::error::{Error, Result};
use crate::table::IoTable;
use serde::Deserialize;
use std::path::Path;
use toml::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSpec {
    unit: Option<Spanned<String>>,
    indicators: Option<Vec<Spanned<String>>>,
    closure: Option<Spanned<String>>,
    household: Option<HouseholdSpec>,
    #[serde(default)]
    scenario: Vec<Spanned<ScenarioSpec>>,
    #[serde(default)]
    limit: Vec<Spanned<plan::LimitSpec>>,
    limits: Option<Spanned<String>>,
    default_limits: Option<bool>,
    #[serde(default)]
    capacity: Vec<Spanned<plan::CapacitySpec>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct HouseholdSpec {
    income: Option<Spanned<Sectors>>,
    consumption: Option<Spanned<Sectors>>,
    consumption_scale: Option<Spanned<f64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ScenarioSpec {
    name: Spanned<String>,
    description: Option<String>,
    #[serde(default)]
    shock: Vec<Spanned<ShockSpec>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ShockSpec {
    region: Spanned<String>,
    sector: Spanned<Sectors>,
    kind: Option<Spanned<String>>,
    amount: Option<Spanned<f64>>,
    unit: Option<Spanned<String>>,
    percent: Option<Spanned<f64>>,
    home: Option<Spanned<String>>,
    home_share: Option<Spanned<f64>>,
    column: Option<Spanned<String>>,
}

/// One label, or several (sectors sharing an amount, income rows, consumption columns).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Sectors {
    One(String),
    Many(Vec<String>),
}

impl Sectors {
    fn list(&self) -> Vec<String> {
        match self {
            Sectors::One(x) => vec![x.clone()],
            Sectors::Many(v) => v.clone(),
        }
    }
}

/// 1-based line of a byte offset.
pub(super) fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

pub(super) struct Ctx<'a> {
    pub(super) path: &'a Path,
    pub(super) text: &'a str,
}

impl Ctx<'_> {
    pub(super) fn err<T>(&self, span: std::ops::Range<usize>, msg: impl Into<String>) -> Result<T> {
        Err(Error::Config {
            path: self.path.to_path_buf(),
            message: format!("line {}: {}", line_of(self.text, span.start), msg.into()),
        })
    }
}

/// Read and validate a scenario file against a table. Errors name the file and line.
pub fn read_scenarios(path: &Path, table: &IoTable) -> Result<ScenarioSet> {
    let bytes = crate::fsio::read_bytes(path)?;
    let text = String::from_utf8(bytes).map_err(|_| Error::Config {
        path: path.to_path_buf(),
        message: "not valid UTF-8".into(),
    })?;
    parse_scenarios(path, &text, table)
}

/// Parse scenario TOML text (see [`read_scenarios`]); `path` names it in errors.
pub fn parse_scenarios(path: &Path, text: &str, table: &IoTable) -> Result<ScenarioSet> {
    let cx = Ctx { path, text };
    let spec: FileSpec =
        toml::from_str(text).map_err(|e| crate::table::toml_error(path, text, e))?;
    let closure = parse_closure(&cx, &spec, table)?;
    let indicators = parse_indicators(&cx, &spec, table)?;
    if spec.scenario.is_empty() {
        return Err(Error::Config {
            path: path.to_path_buf(),
            message: "no scenario: add at least one [[scenario]] table with [[scenario.shock]] \
                      entries"
                .into(),
        });
    }
    let f = table.final_demand();
    let mut scenarios: Vec<Scenario> = Vec::new();
    for sc in &spec.scenario {
        let s = sc.get_ref();
        let name = s.name.get_ref().trim().to_string();
        if name.is_empty() || name.contains(',') {
            return cx.err(
                s.name.span(),
                "scenario name must be non-empty and hold no comma",
            );
        }
        if scenarios.iter().any(|o| o.name == name) {
            return cx.err(s.name.span(), format!("scenario `{name}` is defined twice"));
        }
        if s.shock.is_empty() {
            return cx.err(
                sc.span(),
                format!("scenario `{name}` has no shock: add [[scenario.shock]] entries"),
            );
        }
        let mut shocks: Vec<Shock> = Vec::new();
        for sh in &s.shock {
            let sx = ShockCtx {
                cx: &cx,
                table,
                final_demand: &f,
                file_unit: spec.unit.as_ref(),
                scenario: &name,
            };
            sx.add(sh, &mut shocks)?;
        }
        scenarios.push(Scenario {
            name,
            description: s.description.clone(),
            shocks,
        });
    }
    let file_unit = spec.unit.as_ref();
    let mut limits = plan::parse_limits(&cx, &spec.limit, table)?;
    if let Some(f) = &spec.limits {
        let csv = path.parent().unwrap_or(Path::new(".")).join(f.get_ref());
        match plan::read_limits_csv(&csv, table) {
            Ok(v) => limits.extend(v),
            Err(e) => return cx.err(f.span(), format!("limits: {e}")),
        }
    }
    let capacity = plan::parse_capacity(&cx, &spec.capacity, table, file_unit)?;
    let unit = results_unit(&cx, &spec, table)?;
    Ok(ScenarioSet {
        path: path.to_path_buf(),
        unit,
        scenarios,
        indicators,
        closure,
        limits,
        capacity,
        default_limits: spec.default_limits.unwrap_or(false),
    })
}

/// Money unit of the printed results: the file's `unit`, else the shocks' unit when every
/// shock with an amount gives the same one; `None` for the table's own unit. A `unit` the
/// table's unit cannot be converted to is an error at its line.
fn results_unit(cx: &Ctx, spec: &FileSpec, table: &IoTable) -> Result<Option<String>> {
    let table_unit = table.meta.unit.as_deref();
    let chosen = match &spec.unit {
        Some(u) => Some(u),
        None => {
            let mut units = spec
                .scenario
                .iter()
                .flat_map(|s| &s.get_ref().shock)
                .filter_map(|k| k.get_ref().unit.as_ref());
            let first = units.next();
            match first {
                Some(f) if units.all(|u| u.get_ref() == f.get_ref()) => Some(f),
                _ => None,
            }
        }
    };
    let Some(u) = chosen else { return Ok(None) };
    let name = u.get_ref().as_str();
    if let Err(m) = conversion(name, table_unit) {
        return cx.err(u.span(), m);
    }
    Ok((name != "table" && Some(name) != table_unit).then(|| name.to_string()))
}

/// The household closure the file asks for (`closure` and `[household]`).
fn parse_closure(cx: &Ctx, spec: &FileSpec, table: &IoTable) -> Result<Option<ClosureSpec>> {
    let closure = match &spec.closure {
        None => None,
        Some(c) => match c.get_ref().as_str() {
            "none" => None,
            "type-ii" | "type-2" | "households" => Some(ClosureSpec::default()),
            other => {
                return cx.err(
                    c.span(),
                    format!("unknown closure `{other}`: expected `none` or `type-ii`"),
                )
            }
        },
    };
    let (Some(mut c), h) = (closure, &spec.household) else {
        return Ok(None);
    };
    if let Some(h) = h {
        c.income_rows = h
            .income
            .as_ref()
            .map(|s| s.get_ref().list())
            .unwrap_or_default();
        c.consumption = h
            .consumption
            .as_ref()
            .map(|s| s.get_ref().list())
            .unwrap_or_default();
        if let Some(p) = &h.consumption_scale {
            if !(p.get_ref().is_finite() && *p.get_ref() >= 0.0) {
                return cx.err(
                    p.span(),
                    format!("consumption_scale {} must be a number >= 0", p.get_ref()),
                );
            }
            c.consumption_scale = Some(*p.get_ref());
        }
        if let Some(inc) = &h.income {
            for row in inc.get_ref().list() {
                if let Err(e) = household::income_row(table, &row) {
                    return cx.err(inc.span(), e.to_string());
                }
            }
        }
    }
    Ok(Some(c))
}

/// The indicators the file asks for (all the table offers when it names none).
fn parse_indicators(cx: &Ctx, spec: &FileSpec, table: &IoTable) -> Result<Vec<Indicator>> {
    let income: Vec<String> = spec
        .household
        .as_ref()
        .and_then(|h| h.income.as_ref().map(|s| s.get_ref().list()))
        .unwrap_or_default();
    let available = available_indicators(table, &income);
    let Some(list) = &spec.indicators else {
        return Ok(available);
    };
    let mut v = Vec::new();
    for name in list {
        match resolve_indicator(table, &available, name.get_ref()) {
            Ok(i) => v.push(i.clone()),
            Err(m) => return cx.err(name.span(), m),
        }
    }
    Ok(v)
}

/// What resolving one `[[scenario.shock]]` needs.
struct ShockCtx<'a> {
    cx: &'a Ctx<'a>,
    table: &'a IoTable,
    final_demand: &'a [f64],
    file_unit: Option<&'a Spanned<String>>,
    scenario: &'a str,
}

fn base_name(kind: ShockKind) -> &'static str {
    match kind {
        ShockKind::FinalDemand => "final demand",
        ShockKind::Output | ShockKind::Enclave => "output",
    }
}

impl ShockCtx<'_> {
    /// Resolve one shock entry and add it to `shocks` (same sector twice: summed).
    fn add(&self, sh: &Spanned<ShockSpec>, shocks: &mut Vec<Shock>) -> Result<()> {
        let cx = self.cx;
        let k = sh.get_ref();
        let region = k.region.get_ref();
        let positions = self.positions(k)?;
        let kind = match &k.kind {
            None => ShockKind::FinalDemand,
            Some(kd) => match kd.get_ref().as_str() {
                "final-demand" => ShockKind::FinalDemand,
                "output" => ShockKind::Output,
                "enclave" => ShockKind::Enclave,
                other => {
                    return cx.err(
                        kd.span(),
                        format!(
                            "unknown kind `{other}`: expected `final-demand`, `output` or \
                             `enclave`"
                        ),
                    )
                }
            },
        };
        let home = self.home(sh, kind, positions.len())?;
        let column = self.column(k, kind)?;
        let (amount, as_given) = self.amount(sh, kind, column)?;
        let amounts = self.split(k, kind, column, &positions, amount);
        let name = self.scenario;
        for (&pos, &amount) in positions.iter().zip(&amounts) {
            let sector = &self.table.index.sectors()[pos];
            let as_given = if positions.len() > 1 && k.percent.is_none() {
                format!("{as_given} split by current {}", self.base(kind, column))
            } else {
                as_given.clone()
            };
            if !amount.is_finite() {
                return cx.err(sh.span(), "amount is not a finite number");
            }
            if let Some(prev) = shocks.iter_mut().find(|o| o.position == pos) {
                if prev.kind != kind {
                    return cx.err(
                        k.sector.span(),
                        format!(
                            "`{region}`/`{sector}` is shocked both as final demand and as \
                             output in scenario `{name}`: an exogenous output already \
                             includes its final demand; keep one"
                        ),
                    );
                }
                if prev.home != home {
                    return cx.err(
                        k.sector.span(),
                        format!(
                            "`{region}`/`{sector}` has two enclave shocks with different \
                             homes or shares in scenario `{name}`: keep one"
                        ),
                    );
                }
                prev.amount += amount;
                prev.as_given = format!("{} and {}", prev.as_given, as_given);
            } else {
                shocks.push(Shock {
                    position: pos,
                    kind,
                    amount,
                    as_given,
                    home,
                });
            }
        }
        Ok(())
    }

    /// The home region and share of an enclave shock (`None` for other kinds).
    fn home(&self, sh: &Spanned<ShockSpec>, kind: ShockKind, n: usize) -> Result<Option<Home>> {
        let cx = self.cx;
        let k = sh.get_ref();
        if kind != ShockKind::Enclave {
            if let Some(h) = &k.home {
                return cx.err(h.span(), "`home` is only for `kind = \"enclave\"`");
            }
            if let Some(h) = &k.home_share {
                return cx.err(h.span(), "`home_share` is only for `kind = \"enclave\"`");
            }
            return Ok(None);
        }
        let regions = self.table.index.region_list();
        let Some(h) = &k.home else {
            return cx.err(
                sh.span(),
                "an enclave needs `home` (the firm's home region)",
            );
        };
        let Some(r) = regions.iter().position(|q| q == h.get_ref()) else {
            return cx.err(
                h.span(),
                format!(
                    "unknown home region `{}`: expected one of {}",
                    h.get_ref(),
                    regions.join(", ")
                ),
            );
        };
        if regions[r] == *k.region.get_ref() {
            return cx.err(
                h.span(),
                "an enclave's home must differ from its host `region`",
            );
        }
        if n != 1 {
            return cx.err(k.sector.span(), "an enclave is one plant: name one sector");
        }
        let Some(s) = &k.home_share else {
            return cx.err(
                sh.span(),
                "an enclave needs `home_share` (share of the plant's value added accruing \
                 to the home region, 0 to 1)",
            );
        };
        let share = *s.get_ref();
        if !(0.0..=1.0).contains(&share) {
            return cx.err(
                s.span(),
                format!("home_share {share} must be between 0 and 1"),
            );
        }
        Ok(Some(Home { region: r, share }))
    }

    /// Table positions of the shock's (region, sectors).
    fn positions(&self, k: &ShockSpec) -> Result<Vec<usize>> {
        let cx = self.cx;
        let ix = &self.table.index;
        let region = k.region.get_ref();
        if !ix.region_list().iter().any(|r| r == region) {
            return cx.err(
                k.region.span(),
                format!(
                    "unknown region `{region}`: expected one of {}",
                    ix.region_list().join(", ")
                ),
            );
        }
        let names: Vec<&String> = match k.sector.get_ref() {
            Sectors::One(x) => vec![x],
            Sectors::Many(v) => v.iter().collect(),
        };
        if names.is_empty() {
            return cx.err(k.sector.span(), "empty list of sectors");
        }
        let mut positions = Vec::new();
        for sector in &names {
            let Some(pos) = ix.position_of(region, sector) else {
                let list = ix.sector_list();
                let shown: Vec<&str> = list.iter().take(40).map(|s| s.as_str()).collect();
                return cx.err(
                    k.sector.span(),
                    format!(
                        "unknown sector `{sector}` in region `{region}`: expected one of {}{}",
                        shown.join(", "),
                        if list.len() > 40 { ", ..." } else { "" }
                    ),
                );
            };
            if positions.contains(&pos) {
                return cx.err(k.sector.span(), format!("sector `{sector}` listed twice"));
            }
            positions.push(pos);
        }
        Ok(positions)
    }

    /// The final-demand column a shock names with `column` (`exports`, or `households`
    /// for the shocked region's own `REGION|households`, or a full label).
    fn column(&self, k: &ShockSpec, kind: ShockKind) -> Result<Option<usize>> {
        let cx = self.cx;
        let Some(c) = &k.column else {
            return Ok(None);
        };
        if kind != ShockKind::FinalDemand {
            return cx.err(
                c.span(),
                "`column` is only for final-demand shocks (a plant's output has no \
                 final-demand column)",
            );
        }
        let labels = &self.table.y_labels;
        let want = c.get_ref();
        let own = format!("{}|{want}", k.region.get_ref());
        if let Some(i) = labels.iter().position(|l| *l == own) {
            return Ok(Some(i));
        }
        if let Some(i) = labels.iter().position(|l| l == want) {
            return Ok(Some(i));
        }
        let mut short: Vec<&str> = Vec::new();
        for l in labels {
            let tail = l.rsplit_once('|').map_or(l.as_str(), |(_, t)| t);
            if !short.contains(&tail) {
                short.push(tail);
            }
        }
        cx.err(
            c.span(),
            format!(
                "unknown final-demand column `{want}`: expected one of {}",
                short.join(", ")
            ),
        )
    }

    /// What a percentage or a split refers to: the kind's base or the named column.
    fn base(&self, kind: ShockKind, column: Option<usize>) -> String {
        match column {
            Some(c) => format!("final demand `{}`", self.table.y_labels[c]),
            None => base_name(kind).to_string(),
        }
    }

    /// The amount in the table's unit (or the fraction, for `percent`) and how it was
    /// written.
    fn amount(
        &self,
        sh: &Spanned<ShockSpec>,
        kind: ShockKind,
        column: Option<usize>,
    ) -> Result<(f64, String)> {
        let cx = self.cx;
        let k = sh.get_ref();
        let table_unit = self.table.meta.unit.as_deref();
        match (&k.amount, &k.percent) {
            (Some(a), None) => {
                let unit = match (&k.unit, self.file_unit) {
                    (Some(u), _) | (None, Some(u)) => u,
                    (None, None) => {
                        return cx.err(
                            a.span(),
                            format!(
                                "amount without a unit: add `unit = \"{}\"` to the shock \
                                 or at the top of the file",
                                table_unit.unwrap_or("table")
                            ),
                        )
                    }
                };
                let factor = match conversion(unit.get_ref(), table_unit) {
                    Ok(f) => f,
                    Err(m) => return cx.err(unit.span(), m),
                };
                let to = match column {
                    Some(c) => format!(" of `{}`", self.table.y_labels[c]),
                    None => String::new(),
                };
                Ok((
                    a.get_ref() * factor,
                    format!(
                        "{} {}{to}",
                        crate::table::csvio::fmt_num(*a.get_ref()),
                        unit.get_ref()
                    ),
                ))
            }
            (None, Some(p)) => {
                if let Some(u) = &k.unit {
                    return cx.err(u.span(), "a percentage change takes no unit");
                }
                Ok((
                    p.get_ref() / 100.0,
                    format!("{:+}% of {}", p.get_ref(), self.base(kind, column)),
                ))
            }
            (Some(a), Some(_)) => cx.err(a.span(), "give either `amount` or `percent`, not both"),
            (None, None) => cx.err(sh.span(), "shock needs `amount` (with `unit`) or `percent`"),
        }
    }

    /// Amounts per position: a percentage applies to each sector's own base; an amount
    /// over several sectors is split in proportion to their current final demand (the
    /// named `column` of it, or output for output shocks), equally when those are all zero.
    fn split(
        &self,
        k: &ShockSpec,
        kind: ShockKind,
        column: Option<usize>,
        positions: &[usize],
        amount: f64,
    ) -> Vec<f64> {
        let base = |pos: usize| match (kind, column) {
            (ShockKind::FinalDemand, Some(c)) => self.table.y[(pos, c)],
            (ShockKind::FinalDemand, None) => self.final_demand[pos],
            (ShockKind::Output | ShockKind::Enclave, _) => self.table.x[pos],
        };
        if k.percent.is_some() {
            positions.iter().map(|&p| base(p) * amount).collect()
        } else if positions.len() == 1 {
            vec![amount]
        } else {
            let total: f64 = positions.iter().map(|&p| base(p).max(0.0)).sum();
            positions
                .iter()
                .map(|&p| {
                    if total > 0.0 {
                        amount * base(p).max(0.0) / total
                    } else {
                        amount / positions.len() as f64
                    }
                })
                .collect()
        }
    }
}
