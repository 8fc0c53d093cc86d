//! Checks of a loaded table: balance, signs, zero output and productivity
//! (docs/methods.md 1.1, 1.5, 1.6). Produces a [`CheckReport`]; rendering is in `report`.

use super::IoTable;
use crate::model::productivity::{column_sums, spectral_radius, RadiusEstimate};
use crate::model::{technical_coefficients, ZeroOutput};
use serde::Serialize;

/// Relative balance gap above which a warning is given.
pub const BALANCE_TOLERANCE: f64 = 1e-6;

/// A sector and a number (gap, sum, value).
#[derive(Debug, Clone, Serialize)]
pub struct Worst {
    /// Sector id.
    pub id: String,
    /// The value.
    pub value: f64,
}

/// Balance of one identity.
#[derive(Debug, Clone, Serialize)]
pub struct Balance {
    /// Max relative gap `|total − x| / x` (absolute gap where x = 0).
    pub max_relative_gap: f64,
    /// The sectors with the largest gaps (up to 5).
    pub worst: Vec<Worst>,
}

/// Negative cells of one matrix.
#[derive(Debug, Clone, Serialize)]
pub struct Negatives {
    /// Matrix name (`Z`, `Y`, `VA`, a satellite).
    pub matrix: String,
    /// Number of negative cells.
    pub count: usize,
    /// The most negative cell: (row label, column label, value).
    pub most_negative: (String, String, f64),
}

/// The outcome of checking a table.
#[derive(Debug, Clone, Serialize)]
pub struct CheckReport {
    /// Table name.
    pub name: Option<String>,
    /// Monetary unit.
    pub unit: String,
    /// N.
    pub size: usize,
    /// Regions.
    pub regions: Vec<String>,
    /// Number of sectors per region (distinct sector labels).
    pub sectors: usize,
    /// Final-demand columns.
    pub final_demand_columns: usize,
    /// Primary-input rows.
    pub primary_input_rows: usize,
    /// Satellite names.
    pub satellites: Vec<String>,
    /// Whether x came from x.csv.
    pub x_from_file: bool,
    /// Row balance `x = Z1 + Y1`.
    pub row_balance: Balance,
    /// Column balance `x' = 1'Z + 1'V`.
    pub column_balance: Balance,
    /// Negative cells by matrix.
    pub negatives: Vec<Negatives>,
    /// Sectors with zero output.
    pub zero_output: Vec<String>,
    /// Sectors with negative output.
    pub negative_output: Vec<Worst>,
    /// Largest column sum of A.
    pub max_column_sum: f64,
    /// Sectors whose column sum of A is >= 1.
    pub column_sums_ge_one: Vec<Worst>,
    /// Spectral radius bounds of |A| (estimated only when needed).
    pub spectral_radius: Option<(f64, f64)>,
    /// Final-demand columns that belong to no region (multi-region tables).
    pub unassigned_final_demand: Vec<String>,
    /// Problems that make the table unusable.
    pub errors: Vec<String>,
    /// Problems worth knowing.
    pub warnings: Vec<String>,
}

impl CheckReport {
    /// True when the table can be used by the model.
    pub fn is_usable(&self) -> bool {
        self.errors.is_empty()
    }
}

fn balance(ids: &[String], x: &[f64], totals: &[f64]) -> Balance {
    let mut gaps: Vec<(usize, f64)> = x
        .iter()
        .zip(totals)
        .enumerate()
        .map(|(i, (&x, &t))| {
            let g = (t - x).abs();
            (i, if x.abs() > 0.0 { g / x.abs() } else { g })
        })
        .collect();
    gaps.sort_by(|a, b| b.1.total_cmp(&a.1));
    Balance {
        max_relative_gap: gaps.first().map(|g| g.1).unwrap_or(0.0),
        worst: gaps
            .iter()
            .take(5)
            .filter(|g| g.1 > 0.0)
            .map(|&(i, g)| Worst {
                id: ids[i].clone(),
                value: g,
            })
            .collect(),
    }
}

fn negatives(
    name: &str,
    rows: &[String],
    cols: &[String],
    m: faer::MatRef<'_, f64>,
) -> Option<Negatives> {
    let mut count = 0;
    let mut worst = (0, 0, 0.0);
    for j in 0..m.ncols() {
        for i in 0..m.nrows() {
            let v = m[(i, j)];
            if v < 0.0 {
                count += 1;
                if v < worst.2 {
                    worst = (i, j, v);
                }
            }
        }
    }
    (count > 0).then(|| Negatives {
        matrix: name.to_string(),
        count,
        most_negative: (rows[worst.0].clone(), cols[worst.1].clone(), worst.2),
    })
}

/// Check a table. Never fails: problems are listed in the report.
pub fn check(table: &IoTable) -> CheckReport {
    let ids = table.index.ids();
    let n = table.len();
    let mut errors = Vec::new();
    let mut warnings = Vec::new();

    let rows = super::row_totals(&table.z, &table.y);
    let va = table.value_added();
    let cols: Vec<f64> = (0..n)
        .map(|j| (0..n).map(|i| table.z[(i, j)]).sum::<f64>() + va[j])
        .collect();
    let row_balance = balance(ids, &table.x, &rows);
    let column_balance = balance(ids, &table.x, &cols);
    if table.x_source == super::OutputSource::File
        && row_balance.max_relative_gap > BALANCE_TOLERANCE
    {
        warnings.push(format!(
            "rows do not balance: max relative gap {:.3e} between x and Z1 + Y1 (worst `{}`)",
            row_balance.max_relative_gap, row_balance.worst[0].id
        ));
    }
    if column_balance.max_relative_gap > BALANCE_TOLERANCE {
        warnings.push(format!(
            "columns do not balance: max relative gap {:.3e} between x and 1'Z + 1'VA (worst `{}`)",
            column_balance.max_relative_gap, column_balance.worst[0].id
        ));
    }

    let mut negs = Vec::new();
    negs.extend(negatives("Z", ids, ids, table.z.as_ref()));
    negs.extend(negatives("Y", ids, &table.y_labels, table.y.as_ref()));
    negs.extend(negatives("VA", &table.va_labels, ids, table.va.as_ref()));
    for s in &table.satellites {
        negs.extend(negatives(&s.name, &s.indicators, ids, s.values.as_ref()));
    }
    if let Some(zn) = negs.iter().find(|n| n.matrix == "Z") {
        warnings.push(format!(
            "Z has {} negative cell(s) (most negative: {} at row `{}`, column `{}`); intermediate flows are normally >= 0",
            zn.count, zn.most_negative.2, zn.most_negative.0, zn.most_negative.1
        ));
    }

    let zero_output: Vec<String> = (0..n)
        .filter(|&i| table.x[i] == 0.0)
        .map(|i| ids[i].clone())
        .collect();
    if !zero_output.is_empty() {
        warnings.push(format!(
            "{} sector(s) with zero output ({}): treated as inert (zero coefficients)",
            zero_output.len(),
            zero_output
                .iter()
                .take(8)
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let negative_output: Vec<Worst> = (0..n)
        .filter(|&i| table.x[i] < 0.0)
        .map(|i| Worst {
            id: ids[i].clone(),
            value: table.x[i],
        })
        .collect();
    for w in &negative_output {
        errors.push(format!(
            "sector `{}` has negative gross output {}: expected x >= 0",
            w.id, w.value
        ));
    }

    let mut max_column_sum = 0.0;
    let mut column_sums_ge_one = Vec::new();
    let mut radius: Option<RadiusEstimate> = None;
    if negative_output.is_empty() {
        let coef = technical_coefficients(table.z.as_ref(), &table.x, ids, ZeroOutput::Inert);
        if let Err(e) = &coef {
            errors.push(e.to_string());
        }
        if let Ok(a) = coef {
            let sums = column_sums(a.as_ref());
            max_column_sum = sums.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
            let mut ge: Vec<Worst> = (0..n)
                .filter(|&j| sums[j] >= 1.0)
                .map(|j| Worst {
                    id: ids[j].clone(),
                    value: sums[j],
                })
                .collect();
            ge.sort_by(|a, b| b.value.total_cmp(&a.value));
            column_sums_ge_one = ge;
            let has_neg = (0..n).any(|j| (0..n).any(|i| a[(i, j)] < 0.0));
            if !column_sums_ge_one.is_empty() || has_neg {
                let est = spectral_radius(a.as_ref(), 1e-9, 2000);
                radius = Some(est);
                if let Err(e) = crate::model::check_productive(a.as_ref(), ids) {
                    errors.push(e.to_string());
                } else if has_neg && est.upper >= 1.0 {
                    warnings.push(format!(
                        "spectral radius of |A| is about {}: productivity is not guaranteed (A has negative cells); check solve residuals",
                        crate::report::number::fmt_msg(est.estimate())
                    ));
                }
            }
            if !column_sums_ge_one.is_empty() {
                warnings.push(format!(
                    "{} column sum(s) of A are >= 1 (inputs >= output), largest `{}` = {}",
                    column_sums_ge_one.len(),
                    column_sums_ge_one[0].id,
                    crate::report::number::fmt_msg(column_sums_ge_one[0].value)
                ));
            }
        }
    }

    let unassigned_final_demand: Vec<String> = if table.index.is_multi_region() {
        table
            .y_labels
            .iter()
            .zip(&table.y_regions)
            .filter(|(_, r)| r.is_none())
            .map(|(l, _)| l.clone())
            .collect()
    } else {
        Vec::new()
    };

    CheckReport {
        name: table.meta.name.clone(),
        unit: table.unit().to_string(),
        size: n,
        regions: table.index.region_list().to_vec(),
        sectors: table.index.sector_list().len(),
        final_demand_columns: table.y.ncols(),
        primary_input_rows: table.va.nrows(),
        satellites: table.satellites.iter().map(|s| s.name.clone()).collect(),
        x_from_file: table.x_source == super::OutputSource::File,
        row_balance,
        column_balance,
        negatives: negs,
        zero_output,
        negative_output,
        max_column_sum,
        column_sums_ge_one,
        spectral_radius: radius.map(|r| (r.lower, r.upper)),
        unassigned_final_demand,
        errors,
        warnings,
    }
}
