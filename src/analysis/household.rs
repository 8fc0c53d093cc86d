//! Household closure (Type II) for scenarios, one household per region (METHODS 2.3):
//!
//! ```text
//! Ā = | A    H_c |   H_r (R x N): labour income per unit output paid by (s,i) to the
//!     | H_r   0  |                households of region s (no commuting data: workplace = residence)
//!                    H_c (N x R): purchases from (s,i) per unit of region r's labour income
//! ```
//!
//! `H_c[:, r] = κ_r c_r / 1'c_r`, with `c_r` the household consumption columns of region
//! r and `κ_r` the propensity to consume out of labour income: by default
//! `min(1, 1'c_r / v_r)` (household consumption over the region's value added, an
//! average propensity: it overstates induced effects when the marginal one is lower),
//! or the value given by the user. The closed system is checked for productivity.
//!
//! This is the small interface the scenario engine needs; the project's general closure
//! (issue 3, `model::closure`) may replace it.

use crate::error::{Error, Result};
use crate::model::Leontief;
use crate::table::IoTable;
use faer::Mat;

/// Choices of the closure, each explicit (METHODS 2.3 asks for them to be options).
#[derive(Debug, Clone, Default)]
pub struct ClosureSpec {
    /// Label of the VA row holding labour income; `None` detects a row whose label
    /// mentions compensation, labour/labor or wages.
    pub income_row: Option<String>,
    /// Final-demand category of household consumption (the part of the Y column label
    /// after the region prefix, or the whole label); `None` takes columns whose label
    /// mentions households.
    pub consumption: Option<String>,
    /// Propensity to consume out of labour income, applied to every region; `None`
    /// uses `min(1, consumption / value added)` per region.
    pub propensity: Option<f64>,
}

/// The closed model and what went into it.
#[derive(Debug)]
pub struct Closure {
    /// The factored closed model over N + R rows (households last, in region order).
    pub model: Leontief,
    /// Label of the income row used.
    pub income_row: String,
    /// Labels of the consumption columns used.
    pub consumption_columns: Vec<String>,
    /// Propensity used per region.
    pub propensity: Vec<f64>,
}

/// Find the VA row of labour income.
pub fn income_row(table: &IoTable, name: Option<&str>) -> Result<usize> {
    let labels = &table.va_labels;
    match name {
        Some(n) => labels.iter().position(|l| l == n).ok_or_else(|| {
            Error::Invalid(format!(
                "income row `{n}` is not a row of VA.csv (rows: {})",
                labels.join(", ")
            ))
        }),
        None => labels
            .iter()
            .position(|l| {
                let l = l.to_lowercase();
                ["compensation", "labour", "labor", "wage", "劳动者报酬"]
                    .iter()
                    .any(|k| l.contains(k))
            })
            .ok_or_else(|| {
                Error::Invalid(format!(
                    "no VA row looks like labour income (rows: {}): name it with \
                     `income = \"...\"` under [household]",
                    labels.join(", ")
                ))
            }),
    }
}

/// True when VA row `label` is an import row (excluded from value added).
pub fn is_import_row(label: &str) -> bool {
    let l = label.to_lowercase();
    l.contains("import") || l.contains("进口")
}

fn category(label: &str) -> &str {
    match label.find(['|', '_']) {
        Some(c) => &label[c + 1..],
        None => label,
    }
}

/// Build and factor the closed model.
pub fn close(table: &IoTable, a: &Leontief, spec: &ClosureSpec) -> Result<Closure> {
    let n = table.len();
    let ix = &table.index;
    let regions = ix.region_list().to_vec();
    let nr = regions.len();
    let inc = income_row(table, spec.income_row.as_deref())?;
    let cols: Vec<usize> = (0..table.y_labels.len())
        .filter(|&k| {
            let l = &table.y_labels[k];
            match &spec.consumption {
                Some(c) => l == c || category(l) == c,
                None => l.to_lowercase().contains("household"),
            }
        })
        .collect();
    if cols.is_empty() {
        return Err(Error::Invalid(format!(
            "no final-demand column is household consumption ({}); name the category with \
             `consumption = \"...\"` under [household] (columns: {})",
            match &spec.consumption {
                Some(c) => format!("none is `{c}` or ends in `{c}`"),
                None => "none mentions households".into(),
            },
            table.y_labels.join(", ")
        )));
    }
    let mut c = Mat::<f64>::zeros(n, nr);
    for &k in &cols {
        let r = table.y_regions[k]
            .as_ref()
            .and_then(|r| regions.iter().position(|q| q == r))
            .ok_or_else(|| {
                Error::Invalid(format!(
                    "household consumption column `{}` belongs to no region of the table \
                     (prefix the label with the region, or give Y_index.csv)",
                    table.y_labels[k]
                ))
            })?;
        for i in 0..n {
            c[(i, r)] += table.y[(i, k)];
        }
    }
    let region_of: Vec<usize> = ix
        .regions()
        .iter()
        .map(|r| regions.iter().position(|q| q == r).expect("listed"))
        .collect();
    let mut va_r = vec![0.0; nr];
    for j in 0..n {
        for p in 0..table.va.nrows() {
            if !is_import_row(&table.va_labels[p]) {
                va_r[region_of[j]] += table.va[(p, j)];
            }
        }
    }
    let mut propensity = vec![0.0; nr];
    for r in 0..nr {
        let total: f64 = (0..n).map(|i| c[(i, r)]).sum();
        propensity[r] = match spec.propensity {
            Some(p) => p,
            None if va_r[r] > 0.0 => (total / va_r[r]).min(1.0),
            None => 0.0,
        };
        if !(0.0..=1.0).contains(&propensity[r]) {
            return Err(Error::Invalid(format!(
                "propensity to consume {} must be between 0 and 1",
                propensity[r]
            )));
        }
        for i in 0..n {
            c[(i, r)] = if total != 0.0 {
                propensity[r] * c[(i, r)] / total
            } else {
                0.0
            };
        }
    }
    let m = n + nr;
    let aa = a.a();
    let abar = Mat::from_fn(m, m, |i, j| match (i < n, j < n) {
        (true, true) => aa[(i, j)],
        (true, false) => c[(i, j - n)],
        (false, true) => {
            if region_of[j] == i - n && table.x[j] > 0.0 {
                table.va[(inc, j)] / table.x[j]
            } else {
                0.0
            }
        }
        (false, false) => 0.0,
    });
    let mut ids = ix.ids().to_vec();
    ids.extend(regions.iter().map(|r| format!("households|{r}")));
    let model = Leontief::new(abar, ids).map_err(|e| {
        Error::Model(format!(
            "the closed (Type II) system cannot be used: {e}; lower the propensity to consume \
             (`propensity` under [household])"
        ))
    })?;
    Ok(Closure {
        model,
        income_row: table.va_labels[inc].clone(),
        consumption_columns: cols.iter().map(|&k| table.y_labels[k].clone()).collect(),
        propensity,
    })
}
