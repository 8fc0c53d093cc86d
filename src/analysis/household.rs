//! Household closure (Type II) for scenarios: a thin adapter over
//! [`crate::model::closure`] (one household per region, docs/methods.md 2.3), plus the label
//! helpers the scenario indicators use.
//!
//! `H_r` pays each sector's labour income to the households of its region; `H_c` spends
//! it on that region's household consumption basket (all origins), per unit of income,
//! times `consumption_scale` (1 = the table's average propensity; below 1 for a lower
//! marginal propensity). The closed system is checked for productivity.

use crate::error::{Error, Result};
use crate::model::closure::{ClosedLeontief, HouseholdSpec, Households};
use crate::model::Leontief;
use crate::table::IoTable;

/// Choices of the closure, each explicit (docs/methods.md 2.3 asks for them to be options).
#[derive(Debug, Clone, Default)]
pub struct ClosureSpec {
    /// Labels of the VA rows summed into household income; empty: the table's
    /// labour-income rows (`table.toml` `[primary_inputs]`, docs/table-format.md).
    pub income_rows: Vec<String>,
    /// Final-demand categories (or full column labels) of household consumption; empty
    /// detects household columns.
    pub consumption: Vec<String>,
    /// Factor on the consumption coefficients (default 1).
    pub consumption_scale: Option<f64>,
}

/// The closed model and what went into it.
#[derive(Debug)]
pub struct Closure {
    /// The factored closed model (industries first, then households in region order).
    pub closed: ClosedLeontief,
}

impl Closure {
    /// The factored closed model over N + R rows.
    pub fn model(&self) -> &Leontief {
        self.closed.model()
    }
    /// The households' rows and columns.
    pub fn households(&self) -> &Households {
        self.closed.households()
    }
}

/// The household spec of `model::closure` for these choices.
pub fn household_spec(spec: &ClosureSpec) -> HouseholdSpec {
    HouseholdSpec {
        income: spec.income_rows.clone(),
        consumption: spec.consumption.clone(),
        consumption_scale: spec.consumption_scale.unwrap_or(1.0),
    }
}

/// The position of the VA row named `name`, or an error listing the rows.
pub fn income_row(table: &IoTable, name: &str) -> Result<usize> {
    let labels = &table.va_labels;
    labels.iter().position(|l| l == name).ok_or_else(|| {
        Error::unknown(
            "VA.csv",
            "income row",
            name,
            format!("expected a row of VA.csv ({})", labels.join(", ")),
        )
    })
}

/// Build and factor the closed model on the open model's coefficients.
pub fn close(table: &IoTable, open: &Leontief, spec: &ClosureSpec) -> Result<Closure> {
    let h = Households::from_table(table, &household_spec(spec))?;
    let closed = ClosedLeontief::new(open.a(), open.ids(), h)?;
    Ok(Closure { closed })
}
