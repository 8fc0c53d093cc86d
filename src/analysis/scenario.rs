//! Scenarios: named sets of shocks read from TOML, solved together (METHODS 1.2, 2.3,
//! 2.6, 5.6).
//!
//! * `kind = "final-demand"`: `Δx = L Δf`; direct = `Δf`, indirect = `L Δf − Δf`.
//! * `kind = "output"` (a new plant): the output of the shocked sectors `X` is exogenous
//!   (Miller & Blair 2009 §2.5 mixed model; Oosterhaven & Stelder 2002 net multipliers).
//!   The rest responds as in the partitioned model `Δx_E = (I − A_EE)⁻¹ A_EX Δx_X`, computed
//!   here through columns of `L`: `Δx = L_{·X} φ` with `L_XX φ = Δx_X`, which for one
//!   sector is `L_{·k} / l_kk · Δx_k` (METHODS 2.6). Direct = the plant's output.
//! * Type II (household closure): induced = closed total − open total, on industry rows.
//!
//! All scenarios of a file are one multi-column solve with the LU of `I − A` (and one
//! with the LU of the closed system): the batch holds every scenario's `Δf` plus a unit
//! column for every sector with an output shock.

use super::household::{self, ClosureSpec};
use crate::error::{Error, Result};
use crate::model::{Factored, Leontief, ModelOptions};
use crate::table::IoTable;
use faer::Mat;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// Kind of a shock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShockKind {
    /// A change of final demand for the sector's product.
    FinalDemand,
    /// A change of the sector's output (new plant), treated as exogenous.
    Output,
}

impl ShockKind {
    /// Name used in files and reports.
    pub fn name(self) -> &'static str {
        match self {
            ShockKind::FinalDemand => "final-demand",
            ShockKind::Output => "output",
        }
    }
}

/// A resolved shock: position in the table and amount in the table's unit.
#[derive(Debug, Clone)]
pub struct Shock {
    /// Position of (region, sector).
    pub position: usize,
    /// Kind.
    pub kind: ShockKind,
    /// Amount in the table's monetary unit.
    pub amount: f64,
    /// How the user wrote it (e.g. `10 bn CNY`, `+5% of final demand`).
    pub as_given: String,
}

/// A scenario: a name and its shocks.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// Name.
    pub name: String,
    /// Free text.
    pub description: Option<String>,
    /// Shocks.
    pub shocks: Vec<Shock>,
}

/// An indicator reported for every scenario.
#[derive(Debug, Clone)]
pub struct Indicator {
    /// Name (`output`, `value-added`, `income`, or a satellite row).
    pub name: String,
    /// Unit of the effects.
    pub unit: String,
    /// Effect per unit of output of each sector.
    pub per_output: Vec<f64>,
}

/// A scenario file after validation against a table.
#[derive(Debug, Clone)]
pub struct ScenarioSet {
    /// File it came from.
    pub path: PathBuf,
    /// Scenarios in file order.
    pub scenarios: Vec<Scenario>,
    /// Indicators to report, in order.
    pub indicators: Vec<Indicator>,
    /// Household closure, when asked for.
    pub closure: Option<ClosureSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSpec {
    unit: Option<Spanned<String>>,
    indicators: Option<Vec<Spanned<String>>>,
    closure: Option<Spanned<String>>,
    household: Option<HouseholdSpec>,
    #[serde(default)]
    scenario: Vec<Spanned<ScenarioSpec>>,
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
fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

struct Ctx<'a> {
    path: &'a Path,
    text: &'a str,
}

impl Ctx<'_> {
    fn err<T>(&self, span: std::ops::Range<usize>, msg: impl Into<String>) -> Result<T> {
        Err(Error::Config {
            path: self.path.to_path_buf(),
            message: format!("line {}: {}", line_of(self.text, span.start), msg.into()),
        })
    }
}

/// A monetary unit understood as `scale × currency` (e.g. `bn CNY` = 1e9 CNY).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Money<'a> {
    /// Multiplier of the base currency unit.
    pub scale: f64,
    /// Currency code (normalised: `CNY`, `USD`, ...).
    pub currency: &'a str,
}

/// Parse a monetary unit: an optional scale (`k`, `10k`, `M`, `100M`, `bn`, `tn`, or
/// words `thousand`, `million`, `billion`; `万`, `亿`) and a currency (`CNY`/`yuan`/`RMB`/`元`,
/// `USD`, `EUR`, or any upper-case code). `None` when not of that form.
pub fn parse_money(unit: &str) -> Option<Money<'static>> {
    let u = unit.trim();
    // Chinese forms.
    match u {
        "元" => return Some(money(1.0, "CNY")),
        "万元" => return Some(money(1e4, "CNY")),
        "亿元" => return Some(money(1e8, "CNY")),
        _ => {}
    }
    let parts: Vec<&str> = u.split_whitespace().collect();
    let (scale, cur) = match parts.as_slice() {
        [c] => (1.0, *c),
        [s, c] => (scale_of(s)?, *c),
        _ => return None,
    };
    let currency = match cur {
        "CNY" | "yuan" | "RMB" | "元" => "CNY",
        "USD" | "dollars" | "US$" => "USD",
        "EUR" | "euro" | "euros" => "EUR",
        "GBP" => "GBP",
        "JPY" | "yen" => "JPY",
        _ => return None,
    };
    Some(money(scale, currency))
}

fn money(scale: f64, currency: &'static str) -> Money<'static> {
    Money { scale, currency }
}

fn scale_of(s: &str) -> Option<f64> {
    Some(match s {
        "k" | "thousand" | "thousands" => 1e3,
        "10k" | "万" => 1e4,
        "M" | "mn" | "million" | "millions" => 1e6,
        "10M" => 1e7,
        "100M" | "亿" => 1e8,
        "bn" | "B" | "billion" | "billions" => 1e9,
        "tn" | "trillion" => 1e12,
        _ => return None,
    })
}

/// Factor converting an amount in `unit` into the table's unit, or why not.
pub fn conversion(unit: &str, table_unit: Option<&str>) -> std::result::Result<f64, String> {
    if unit == "table" {
        return Ok(1.0);
    }
    let Some(tu) = table_unit else {
        return Err(format!(
            "unit `{unit}` cannot be checked: the table declares no unit (set `unit` in its \
             table.toml, or write `unit = \"table\"` to mean the table's unit)"
        ));
    };
    if unit == tu {
        return Ok(1.0);
    }
    let Some(u) = parse_money(unit) else {
        return Err(format!(
            "unknown unit `{unit}`: expected the table's unit `{tu}`, `table`, or a scale and \
             currency such as `bn CNY`, `M USD`, `10k CNY`, `万元`"
        ));
    };
    let Some(t) = parse_money(tu) else {
        return Err(format!(
            "unit `{unit}` differs from the table's unit `{tu}`, which is not a scale and \
             currency mrio can convert: write amounts in `{tu}` (or `table`)"
        ));
    };
    if u.currency != t.currency {
        return Err(format!(
            "unit `{unit}` is in {} but the table is in {} (`{tu}`): convert the amount first",
            u.currency, t.currency
        ));
    }
    Ok(u.scale / t.scale)
}

/// The indicators a table offers: `output`, `value-added` (VA rows except imports),
/// `income` (the named VA rows summed, or the detected labour-income row) and every
/// satellite row.
pub fn available_indicators(table: &IoTable, income: &[String]) -> Vec<Indicator> {
    let n = table.len();
    let x = &table.x;
    let unit = table.unit().to_string();
    let per = |v: &dyn Fn(usize) -> f64| -> Vec<f64> {
        (0..n)
            .map(|j| if x[j] > 0.0 { v(j) / x[j] } else { 0.0 })
            .collect()
    };
    let mut out = vec![Indicator {
        name: "output".into(),
        unit: unit.clone(),
        per_output: vec![1.0; n],
    }];
    out.push(Indicator {
        name: "value-added".into(),
        unit: unit.clone(),
        per_output: per(&|j| {
            (0..table.va.nrows())
                .filter(|&p| !household::is_import_row(&table.va_labels[p]))
                .map(|p| table.va[(p, j)])
                .sum()
        }),
    });
    let rows: Vec<usize> = if income.is_empty() {
        household::income_row(table, None).into_iter().collect()
    } else {
        income
            .iter()
            .filter_map(|r| household::income_row(table, Some(r)).ok())
            .collect()
    };
    if !rows.is_empty() {
        out.push(Indicator {
            name: "income".into(),
            unit: unit.clone(),
            per_output: per(&|j| rows.iter().map(|&p| table.va[(p, j)]).sum()),
        });
    }
    for s in &table.satellites {
        for (k, ind) in s.indicators.iter().enumerate() {
            let name = if s.indicators.len() == 1 {
                s.name.clone()
            } else {
                format!("{}:{ind}", s.name)
            };
            out.push(Indicator {
                name,
                unit: table.satellite_unit(&s.name),
                per_output: per(&|j| s.values[(k, j)]),
            });
        }
    }
    out
}

/// The indicator `name` of [`available_indicators`] (a satellite row may be named by
/// its own label), or an error listing what the table offers.
pub fn find_indicator(table: &IoTable, name: &str) -> Result<Indicator> {
    let all = available_indicators(table, &[]);
    all.iter()
        .find(|i| i.name == name)
        .or_else(|| {
            all.iter()
                .find(|i| i.name.rsplit_once(':').map(|(_, r)| r) == Some(name))
        })
        .cloned()
        .ok_or_else(|| {
            Error::Invalid(format!(
                "unknown indicator `{name}`: this table offers {}",
                all.iter()
                    .map(|i| format!("`{}`", i.name))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        })
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
    let table_unit = table.meta.unit.as_deref();
    let ix = &table.index;
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
    let closure = match (closure, &spec.household) {
        (None, Some(_)) => None,
        (None, None) => None,
        (Some(mut c), h) => {
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
                        if let Err(e) = household::income_row(table, Some(&row)) {
                            return cx.err(inc.span(), e.to_string());
                        }
                    }
                }
            }
            Some(c)
        }
    };
    let income: Vec<String> = spec
        .household
        .as_ref()
        .and_then(|h| h.income.as_ref().map(|s| s.get_ref().list()))
        .unwrap_or_default();
    let available = available_indicators(table, &income);
    let indicators = match &spec.indicators {
        None => available.clone(),
        Some(list) => {
            let mut v = Vec::new();
            for name in list {
                let found = available
                    .iter()
                    .find(|i| &i.name == name.get_ref())
                    .or_else(|| {
                        // A satellite row may be named by its own label.
                        available.iter().find(|i| {
                            i.name.rsplit_once(':').map(|(_, r)| r) == Some(name.get_ref())
                        })
                    });
                match found {
                    Some(i) => v.push(i.clone()),
                    None => {
                        return cx.err(
                            name.span(),
                            format!(
                                "unknown indicator `{}`: this table offers {}",
                                name.get_ref(),
                                available
                                    .iter()
                                    .map(|i| format!("`{}`", i.name))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                        )
                    }
                }
            }
            v
        }
    };
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
            let k = sh.get_ref();
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
            let kind = match &k.kind {
                None => ShockKind::FinalDemand,
                Some(kd) => match kd.get_ref().as_str() {
                    "final-demand" => ShockKind::FinalDemand,
                    "output" => ShockKind::Output,
                    other => {
                        return cx.err(
                            kd.span(),
                            format!("unknown kind `{other}`: expected `final-demand` or `output`"),
                        )
                    }
                },
            };
            let (amount, as_given) = match (&k.amount, &k.percent) {
                (Some(a), None) => {
                    let unit = match (&k.unit, &spec.unit) {
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
                    (
                        a.get_ref() * factor,
                        format!("{} {}", a.get_ref(), unit.get_ref()),
                    )
                }
                (None, Some(p)) => {
                    if let Some(u) = &k.unit {
                        return cx.err(u.span(), "a percentage change takes no unit");
                    }
                    (
                        p.get_ref() / 100.0,
                        format!(
                            "{:+}% of {}",
                            p.get_ref(),
                            match kind {
                                ShockKind::FinalDemand => "final demand",
                                ShockKind::Output => "output",
                            }
                        ),
                    )
                }
                (Some(a), Some(_)) => {
                    return cx.err(a.span(), "give either `amount` or `percent`, not both")
                }
                (None, None) => {
                    return cx.err(sh.span(), "shock needs `amount` (with `unit`) or `percent`")
                }
            };
            let base = |pos: usize| match kind {
                ShockKind::FinalDemand => f[pos],
                ShockKind::Output => table.x[pos],
            };
            // Amounts: a percentage applies to each sector's own base; an amount over
            // several sectors is split in proportion to their current final demand
            // (or output, for output shocks), equally when those are all zero.
            let amounts: Vec<f64> = if k.percent.is_some() {
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
            };
            for (&pos, &amount) in positions.iter().zip(&amounts) {
                let sector = &ix.sectors()[pos];
                let as_given = if positions.len() > 1 && k.percent.is_none() {
                    format!(
                        "{as_given} split by current {}",
                        match kind {
                            ShockKind::FinalDemand => "final demand",
                            ShockKind::Output => "output",
                        }
                    )
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
                    prev.amount += amount;
                    prev.as_given = format!("{} and {}", prev.as_given, as_given);
                } else {
                    shocks.push(Shock {
                        position: pos,
                        kind,
                        amount,
                        as_given,
                    });
                }
            }
        }
        scenarios.push(Scenario {
            name,
            description: s.description.clone(),
            shocks,
        });
    }
    Ok(ScenarioSet {
        path: path.to_path_buf(),
        scenarios,
        indicators,
        closure,
    })
}

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
            if k.kind == ShockKind::Output && !exo.contains(&k.position) {
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
    let ids = table.index.ids();
    let mut output = Vec::with_capacity(ns);
    for (c, s) in set.scenarios.iter().enumerate() {
        let open_x = respond(&open.value, c, ns, &exo, s, n, ids)?;
        let mut direct = vec![0.0; n];
        for k in &s.shocks {
            direct[k.position] += k.amount;
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
        .filter(|k| k.kind == ShockKind::Output)
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
        outside / total
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
}
