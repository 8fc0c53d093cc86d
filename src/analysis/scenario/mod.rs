//! Scenarios: named sets of shocks read from TOML, solved together (docs/methods.md 1.2, 2.3,
//! 2.6, 5.6).
//!
//! * `kind = "final-demand"`: `Δx = L Δf`; direct = `Δf`, indirect = `L Δf − Δf`.
//! * `kind = "output"` (a new plant): the output of the shocked sectors `X` is exogenous
//!   (Miller & Blair 2009 §2.5 mixed model; Oosterhaven & Stelder 2002 net multipliers).
//!   The rest responds as in the partitioned model `Δx_E = (I − A_EE)⁻¹ A_EX Δx_X`, computed
//!   here through columns of `L`: `Δx = L_{·X} φ` with `L_XX φ = Δx_X`, which for one
//!   sector is `L_{·k} / l_kk · Δx_k` (docs/methods.md 2.6). Direct = the plant's output.
//! * Type II (household closure): induced = closed total − open total, on industry rows.
//!
//! All scenarios of a file are one multi-column solve with the LU of `I − A` (and one
//! with the LU of the closed system): the batch holds every scenario's `Δf` plus a unit
//! column for every sector with an output shock.
//!
//! The module is split by job: [`file`] reads and validates scenario TOML, [`money`]
//! converts monetary units, [`engine`] solves shocks on an already factored model, and
//! [`output`] holds the results and their sums by region.

pub mod engine;
pub mod file;
pub mod money;
pub mod output;
pub mod plan;

pub use engine::{run, run_with};
pub use file::{parse_scenarios, read_scenarios};
pub use money::{conversion, parse_money, Money};
pub use output::{Components, Impacts, OutputEffects};
pub use plan::{binds, Capacity, EnclavePlant, EnclaveSplit, Limit, LimitCheck};

use crate::analysis::household::{self, ClosureSpec};
use crate::error::{Error, Result};
use crate::table::IoTable;
use std::path::PathBuf;

/// Kind of a shock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShockKind {
    /// A change of final demand for the sector's product.
    FinalDemand,
    /// A change of the sector's output (new plant), treated as exogenous.
    Output,
    /// A new plant in a host region built by a firm of another (home) region: an output
    /// shock in the host whose value added is shared with the home region.
    Enclave,
}

impl ShockKind {
    /// Name used in files and reports.
    pub fn name(self) -> &'static str {
        match self {
            ShockKind::FinalDemand => "final-demand",
            ShockKind::Output => "output",
            ShockKind::Enclave => "enclave",
        }
    }

    /// True for shocks whose output is exogenous (a plant).
    pub fn is_plant(self) -> bool {
        matches!(self, ShockKind::Output | ShockKind::Enclave)
    }
}

/// Who gains from an enclave plant: the home region and its share of the plant's
/// value added.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Home {
    /// Region number (table region order) of the firm's home city.
    pub region: usize,
    /// Share of the plant's value added accruing to the home region (0..=1).
    pub share: f64,
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
    /// Enclave shocks: the home region and its share of the plant's value added.
    pub home: Option<Home>,
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
    /// Money unit of the printed results (`unit` at the top of the file, else the shocks'
    /// unit when they share one); `None`: the table's unit. `--unit` overrides it.
    pub unit: Option<String>,
    /// Scenarios in file order.
    pub scenarios: Vec<Scenario>,
    /// Indicators to report, in order.
    pub indicators: Vec<Indicator>,
    /// Household closure, when asked for.
    pub closure: Option<ClosureSpec>,
    /// Limits on additional use of an indicator per region (`[[limit]]`).
    pub limits: Vec<Limit>,
    /// Sectors whose output cannot grow beyond a cap (`[[capacity]]`).
    pub capacity: Vec<Capacity>,
    /// The file asked for the table's default limits (`default_limits = true`): the
    /// caller, which knows the table's folder, adds them with [`plan::add_default_limits`].
    pub default_limits: bool,
}

/// The indicators a table offers: `output`, `value-added` (VA rows except imports),
/// `income` (the named VA rows summed, else the table's labour-income rows summed) and
/// every satellite row.
pub fn available_indicators(table: &IoTable, income: &[String]) -> Vec<Indicator> {
    let n = table.len();
    let x = &table.x;
    let unit = table.unit().to_string();
    let per = |v: &dyn Fn(usize) -> f64| -> Vec<f64> {
        (0..n)
            .map(|j| if x[j] > 0.0 { v(j) / x[j] } else { 0.0 })
            .collect()
    };
    let va_rows = table.value_added_rows();
    let mut out = vec![Indicator {
        name: "output".into(),
        unit: unit.clone(),
        per_output: vec![1.0; n],
    }];
    out.push(Indicator {
        name: "value-added".into(),
        unit: unit.clone(),
        per_output: per(&|j| va_rows.iter().map(|&p| table.va[(p, j)]).sum()),
    });
    let rows: Vec<usize> = if income.is_empty() {
        table.labour_income_rows()
    } else {
        income
            .iter()
            .filter_map(|r| household::income_row(table, r).ok())
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
    resolve_indicator(table, &all, name)
        .cloned()
        .map_err(Error::Invalid)
}

/// The indicator `name` among `all` (from [`available_indicators`]): by its name, by a
/// satellite row's own label (`water:withdrawal` as `withdrawal`), or a one-row satellite
/// by its row label (`water` as `withdrawal`). The error lists what the table offers.
pub fn resolve_indicator<'a>(
    table: &IoTable,
    all: &'a [Indicator],
    name: &str,
) -> std::result::Result<&'a Indicator, String> {
    let single = || {
        table
            .satellites
            .iter()
            .find(|s| s.indicators.len() == 1 && s.indicators[0] == name)
            .and_then(|s| all.iter().find(|i| i.name == s.name))
    };
    all.iter()
        .find(|i| crate::analysis::indicator::same(&i.name, name))
        .or_else(|| {
            all.iter()
                .find(|i| i.name.rsplit_once(':').map(|(_, r)| r) == Some(name))
        })
        .or_else(single)
        .ok_or_else(|| {
            let names: Vec<&str> = all.iter().map(|i| i.name.as_str()).collect();
            crate::analysis::indicator::unknown("indicator", name, &names)
        })
}
